//! One Ineen at a time on a data folder.
//!
//! The window holds the data folder's lock for as long as it is open; a
//! command that writes holds it while it runs. The lock is the operating
//! system's own lock on `ineen.lock` (released by the OS when a process
//! dies, so it never goes stale); who holds it is written beside it in
//! `ineen.lock.json`, so that whoever waits can say which process it is.
//! Commands that only read take no lock: SQLite lets them read beside a
//! writer.
//!
//! A second window on the same folder does not open: it leaves a focus
//! request (`ineen.focus`) that the open window answers by coming to the
//! front.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::Lang;

/// The file the lock is taken on (kept; removing it would let two processes
/// lock two different files).
pub const LOCK_FILE: &str = "ineen.lock";
/// Who holds the lock.
pub const HOLDER_FILE: &str = "ineen.lock.json";
/// A second window's request to the open one to come to the front.
pub const FOCUS_FILE: &str = "ineen.focus";

/// The process holding a data folder's lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    /// What it is doing: "window", or the command ("ineen import").
    pub what: String,
    /// Since when, local time ("14:03").
    pub since: String,
}

impl Holder {
    /// Whether it is a window (which holds the lock until it closes).
    pub fn is_window(&self) -> bool {
        self.what == WINDOW
    }

    /// The holder in a few words, for a message.
    pub fn describe(&self, lang: Lang) -> String {
        match (self.is_window(), lang) {
            (true, Lang::Nl) => format!("het venster van Ineen (proces {}, open sinds {})", self.pid, self.since),
            (true, Lang::En) => format!("Ineen's window (process {}, open since {})", self.pid, self.since),
            (false, Lang::Nl) => format!("de opdracht '{}' (proces {}, sinds {})", self.what, self.pid, self.since),
            (false, Lang::En) => format!("the command '{}' (process {}, since {})", self.what, self.pid, self.since),
        }
    }
}

/// What the window calls itself in the holder file.
pub const WINDOW: &str = "window";

/// A held lock on a data folder; released when dropped (or when the
/// process ends, however it ends).
#[derive(Debug)]
pub struct DataLock {
    _file: File,
    holder_file: PathBuf,
}

impl Drop for DataLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.holder_file);
    }
}

/// Who holds the lock of `dir` now, as far as it says.
pub fn holder(dir: &Path) -> Option<Holder> {
    let text = std::fs::read(dir.join(HOLDER_FILE)).ok()?;
    serde_json::from_slice(&text).ok()
}

impl DataLock {
    /// Takes the lock of `dir` if it is free; otherwise says who holds it
    /// (`None` when that is not known yet: it is just being taken).
    pub fn try_acquire(dir: &Path, what: &str) -> Result<std::result::Result<DataLock, Option<Holder>>> {
        std::fs::create_dir_all(dir).map_err(|source| Error::DataDir { path: dir.to_path_buf(), source })?;
        let path = dir.join(LOCK_FILE);
        let file = crate::files::private_options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::DataDir { path: path.clone(), source })?;
        let _ = crate::files::make_private(&path);
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(Err(holder(dir))),
            Err(TryLockError::Error(source)) => return Err(Error::DataDir { path, source }),
        }
        let me = Holder {
            pid: std::process::id(),
            what: what.to_string(),
            since: chrono::Local::now().format("%H:%M").to_string(),
        };
        let holder_file = dir.join(HOLDER_FILE);
        let text = serde_json::to_vec(&me).unwrap_or_default();
        // Only for messages: a full disk must not stop the lock being taken.
        let _ = crate::files::private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&holder_file)
            .and_then(|mut f| std::io::Write::write_all(&mut f, &text));
        Ok(Ok(DataLock { _file: file, holder_file }))
    }

    /// Takes the lock of `dir`, waiting up to `wait` for a command that
    /// holds it (`on_wait` hears once who it is). A window holding it is not
    /// waited for: it holds it until it closes.
    pub fn acquire(dir: &Path, what: &str, wait: Duration, mut on_wait: impl FnMut(&Holder)) -> Result<DataLock> {
        let start = Instant::now();
        let mut told = false;
        loop {
            let held = match DataLock::try_acquire(dir, what)? {
                Ok(lock) => return Ok(lock),
                Err(held) => held,
            };
            if let Some(h) = &held {
                if h.is_window() || start.elapsed() >= wait {
                    return Err(Error::Busy { holder: h.clone() });
                }
                if !told {
                    on_wait(h);
                    told = true;
                }
            } else if start.elapsed() >= wait {
                let unknown = Holder { pid: 0, what: "ineen".into(), since: "?".into() };
                return Err(Error::Busy { holder: unknown });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Asks the window that holds `dir` to come to the front.
pub fn request_focus(dir: &Path) -> Result<()> {
    let path = dir.join(FOCUS_FILE);
    std::fs::write(&path, std::process::id().to_string()).map_err(|source| Error::File { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_the_next_one_knows_who() {
        let dir = tempfile::tempdir().expect("tempdir");
        let window = DataLock::try_acquire(dir.path(), WINDOW).expect("io").expect("free");
        let held = DataLock::try_acquire(dir.path(), "ineen demo").expect("io").expect_err("held");
        let who = held.expect("says who");
        assert!(who.is_window());
        assert_eq!(who.pid, std::process::id());
        // A window is not waited for.
        let err = DataLock::acquire(dir.path(), "ineen demo", Duration::from_secs(5), |_| {}).expect_err("busy");
        assert!(err.message(Lang::Nl).contains("venster"), "{}", err.message(Lang::Nl));
        drop(window);
        assert!(holder_file_gone(dir.path()));
        let lock = DataLock::acquire(dir.path(), "ineen demo", Duration::ZERO, |_| {}).expect("free again");
        assert_eq!(holder(dir.path()).map(|h| h.what), Some("ineen demo".to_string()));
        drop(lock);
    }

    #[test]
    fn a_command_waits_for_another_command() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = DataLock::try_acquire(dir.path(), "ineen import").expect("io").expect("free");
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let mut heard = Vec::new();
            let lock = DataLock::acquire(&path, "ineen demo", Duration::from_secs(20), |h| heard.push(h.what.clone()));
            (lock.is_ok(), heard)
        });
        std::thread::sleep(Duration::from_millis(400));
        drop(first);
        let (got, heard) = waiter.join().expect("thread");
        assert!(got);
        assert_eq!(heard, ["ineen import"]);
    }

    fn holder_file_gone(dir: &Path) -> bool {
        !dir.join(HOLDER_FILE).exists()
    }
}
