//! Rolling backups of the store in the data folder (`reservekopieen/`) and,
//! on request, elsewhere; restore from a checked backup.
//!
//! A backup is `ineen-<date>_<time>.sqlite`, made with SQLite's online
//! backup API while the store is in use and checked before it counts. Kept:
//! the newest of each of the last 7 days and of each of the last 4 weeks.
//! Before a migration the store is copied to `ineen-voor-schema-<n>-….sqlite`
//! (never rotated away).

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Ineen, DB_FILE};
use crate::error::{Error, Result};
use crate::keys::{DataKey, KEY_FILE};

pub use crate::store::backup::BACKUP_DIR;
const DAYS_KEPT: u32 = 7;
const WEEKS_KEPT: u32 = 4;
/// The most of each a user may keep.
const MAX_DAYS: u32 = 60;
const MAX_WEEKS: u32 = 52;

/// How backups are kept: this many of the last days and weeks, and
/// optionally a copy of each in a second folder (a USB stick, a network
/// drive) in case the laptop itself is lost or its disk dies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupSettings {
    pub days: u32,
    pub weeks: u32,
    pub folder: Option<String>,
}

/// A backup just made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupMade {
    pub path: String,
    /// Its checked copy in the second folder.
    pub copy: Option<String>,
    /// Why there is no copy in the chosen second folder (not plugged in, full).
    pub copy_failed: Option<String>,
}

/// One backup, as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    pub path: String,
    /// When it was made, local time ("2026-11-29 14:03").
    pub made: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

fn made_at(name: &str) -> Option<NaiveDateTime> {
    let stem = name.strip_prefix("ineen-")?.strip_suffix(".sqlite")?;
    NaiveDateTime::parse_from_str(stem, "%Y-%m-%d_%H%M%S").ok()
}

/// The rolling backups in `dir`, newest first.
fn rolling(dir: &Path) -> Vec<(NaiveDateTime, PathBuf)> {
    let mut out: Vec<(NaiveDateTime, PathBuf)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().filter_map(|e| made_at(&e.file_name().to_string_lossy()).map(|t| (t, e.path()))).collect()
        })
        .unwrap_or_default();
    out.sort_by_key(|b| std::cmp::Reverse(b.0));
    out
}

impl Ineen {
    fn backup_dir(&self) -> Result<PathBuf> {
        let dir = self
            .data_dir
            .as_ref()
            .map(|d| d.join(BACKUP_DIR))
            .ok_or(Error::Invalid(crate::error::Invalid::NoDataFolder))?;
        std::fs::create_dir_all(&dir).map_err(|source| Error::File { path: dir.clone(), source })?;
        crate::files::make_private_dir(&dir).map_err(|source| Error::File { path: dir.clone(), source })?;
        Ok(dir)
    }

    /// Every folder backups go to: the data folder's own, and the second
    /// folder if one is chosen (which may not be plugged in).
    pub(super) fn backup_folders(&self) -> Result<Vec<PathBuf>> {
        if self.data_dir.is_none() {
            return Ok(Vec::new());
        }
        let mut dirs = vec![self.backup_dir()?];
        if let Some(second) = self.backup_settings()?.folder {
            dirs.push(PathBuf::from(second));
        }
        Ok(dirs)
    }

    /// How backups are kept (defaults until chosen).
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        let (days, weeks, folder) = self.store.backup_plan()?;
        Ok(BackupSettings { days: days.unwrap_or(DAYS_KEPT), weeks: weeks.unwrap_or(WEEKS_KEPT), folder })
    }

    /// Chooses how backups are kept; the second folder must exist and lie
    /// outside the data folder.
    pub fn set_backup_settings(&mut self, settings: &BackupSettings) -> Result<BackupSettings> {
        use crate::error::{Field, Invalid};
        if !(1..=MAX_DAYS).contains(&settings.days) {
            return Err(Invalid::OutOfRange { field: Field::BackupDays, min: 1, max: i64::from(MAX_DAYS) }.into());
        }
        if settings.weeks > MAX_WEEKS {
            return Err(Invalid::OutOfRange { field: Field::BackupWeeks, min: 0, max: i64::from(MAX_WEEKS) }.into());
        }
        let folder = settings.folder.as_deref().map(str::trim).filter(|f| !f.is_empty());
        if let Some(folder) = folder {
            let chosen = std::fs::canonicalize(folder).map_err(|_| Invalid::BackupFolder)?;
            let data = self.data_dir.as_ref().and_then(|d| std::fs::canonicalize(d).ok());
            if !chosen.is_dir() || data.is_some_and(|d| chosen.starts_with(d)) {
                return Err(Invalid::BackupFolder.into());
            }
        }
        self.store.set_backup_plan(settings.days, settings.weeks, folder)?;
        self.backup_settings()
    }

    /// Makes a checked backup now, in the data folder's `reservekopieen/`
    /// (old ones rotated out) and a checked copy in the second folder if
    /// one is chosen; or only in `to`. Returns where they went.
    pub fn backup(&mut self, to: Option<&Path>) -> Result<BackupMade> {
        let now = self.store.now().with_timezone(&chrono::Local).naive_local();
        let dir = match to {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| Error::File { path: dir.to_path_buf(), source })?;
                dir.to_path_buf()
            }
            None => self.backup_dir()?,
        };
        let name = format!("ineen-{}.sqlite", now.format("%Y-%m-%d_%H%M%S"));
        let path = dir.join(&name);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(Error::OutputRefused { path, why: crate::files::Refused::Exists });
        }
        self.store.backup_to(&path)?;
        if to.is_some() {
            self.key_beside(&dir)?;
        }
        let mut made = BackupMade { path: path.display().to_string(), copy: None, copy_failed: None };
        if let (None, Some(key)) = (to, self.store.key()) {
            let settings = self.backup_settings()?;
            self.rotate(&dir, &settings)?;
            if let Some(second) = settings.folder.as_deref().map(Path::new) {
                let lang = self.store.language()?;
                let copied = copy_to(&path, second, &name, key)
                    .and_then(|copy| self.key_beside(second).map(|()| copy))
                    .and_then(|copy| self.rotate(second, &settings).map(|()| copy));
                match copied {
                    Ok(copy) => made.copy = Some(copy.display().to_string()),
                    Err(e) => made.copy_failed = Some(e.message(lang)),
                }
            }
        }
        let detail = match &made.copy {
            Some(copy) => format!("{} + {copy}", made.path),
            None => made.path.clone(),
        };
        self.store.write(|tx| tx.audit("backup", None, None, Some(&detail)))?;
        Ok(made)
    }

    /// A copy of the sealed key (`ineen.key`) beside backups outside the
    /// data folder: with the recovery passphrase they can be opened on
    /// another laptop (copy both into an empty data folder).
    fn key_beside(&self, dir: &Path) -> Result<()> {
        let Some(data_dir) = self.data_dir.as_ref() else { return Ok(()) };
        let sealed = std::fs::read(data_dir.join(KEY_FILE))
            .map_err(|source| Error::File { path: data_dir.join(KEY_FILE), source })?;
        let beside = dir.join(KEY_FILE);
        if std::fs::read(&beside).is_ok_and(|there| there == sealed) {
            return Ok(());
        }
        crate::files::write(&beside, &sealed, crate::files::Existing::Replace, &self.protected_files())
    }

    /// Keeps the newest backup of each of the last days and weeks.
    fn rotate(&self, dir: &Path, settings: &BackupSettings) -> Result<()> {
        // What an interrupted backup (or an older Ineen's check) left behind.
        for e in std::fs::read_dir(dir).map_err(|source| Error::File { path: dir.to_path_buf(), source })?.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if [".part", ".part-wal", ".part-shm", ".sqlite-wal", ".sqlite-shm"].iter().any(|end| name.ends_with(end)) {
                let _ = std::fs::remove_file(e.path());
            }
            // A backup an earlier Ineen made in the clear (the second folder
            // was not plugged in when the store was encrypted): encrypted now.
            if let Some(key) = self.store.key() {
                if name.ends_with(".sqlite") && crate::store::cipher::is_plain(&e.path()) {
                    crate::store::cipher::encrypt_plain(&e.path(), key)?;
                }
            }
        }
        // What was erased since a backup here was made goes from it too.
        self.erase_in_backup_folder(dir)?;
        let (days_kept, weeks_kept) = (settings.days as usize, settings.weeks as usize);
        let all = rolling(dir);
        let mut days = Vec::new();
        let mut weeks = Vec::new();
        for (at, path) in &all {
            let day = at.date();
            let week = (day.iso_week().year(), day.iso_week().week());
            let keep_day = !days.contains(&day) && days.len() < days_kept;
            let keep_week = !weeks.contains(&week) && weeks.len() < weeks_kept;
            if keep_day {
                days.push(day);
            }
            if keep_week {
                weeks.push(week);
            }
            if !keep_day && !keep_week {
                std::fs::remove_file(path).map_err(|source| Error::File { path: path.clone(), source })?;
            }
        }
        Ok(())
    }

    /// The backups in the data folder, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        let dir = self.backup_dir()?;
        list(&dir)
    }

    /// Makes the day's backup if there is none of today yet (called while
    /// the window is open). Returns it when one was made.
    pub fn backup_if_due(&mut self) -> Result<Option<BackupMade>> {
        let now = self.store.now().with_timezone(&chrono::Local).naive_local();
        let newest = rolling(&self.backup_dir()?).first().map(|(t, _)| *t);
        if newest.is_some_and(|t| t.date() >= now.date()) {
            return Ok(None);
        }
        self.backup(None).map(Some)
    }
}

/// A checked copy of the backup `from` in `dir`, made as every backup is
/// (whole or not at all, one file, its owner's only).
fn copy_to(from: &Path, dir: &Path, name: &str, key: &DataKey) -> Result<PathBuf> {
    if !dir.is_dir() {
        return Err(Error::File { path: dir.to_path_buf(), source: std::io::ErrorKind::NotFound.into() });
    }
    let dest = dir.join(name);
    crate::store::backup::backup_file(from, &dest, key)?;
    Ok(dest)
}

/// The backups in `dir`, newest first (by when they were written).
fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let mut out: Vec<(std::time::SystemTime, BackupInfo)> = std::fs::read_dir(dir)
        .map_err(|source| Error::File { path: dir.to_path_buf(), source })?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".sqlite"))
        .filter_map(|e| {
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
            let made = chrono::DateTime::<chrono::Local>::from(modified).format("%Y-%m-%d %H:%M").to_string();
            Some((modified, BackupInfo { path: e.path().display().to_string(), made, bytes: meta.len() }))
        })
        .collect();
    out.sort_by_key(|b| std::cmp::Reverse(b.0));
    Ok(out.into_iter().map(|(_, b)| b).collect())
}

/// The backups of the data folder `data_dir` that pass their check, newest
/// first: what a damaged store can be restored from (the store need not
/// open for this).
pub fn good_backups(data_dir: &Path, key: &DataKey) -> Vec<BackupInfo> {
    list(&data_dir.join(BACKUP_DIR))
        .unwrap_or_default()
        .into_iter()
        .filter(|b| crate::store::backup::check_file(Path::new(&b.path), Some(key)).is_ok())
        .collect()
}

/// The newest backup of `data_dir` that passes its check.
pub fn newest_good_backup(data_dir: &Path, key: &DataKey) -> Option<PathBuf> {
    list(&data_dir.join(BACKUP_DIR))
        .unwrap_or_default()
        .into_iter()
        .map(|b| PathBuf::from(b.path))
        .find(|p| crate::store::backup::check_file(p, Some(key)).is_ok())
}

/// Restores a backup into the data folder's store: the file is checked
/// first (a newer schema or a damaged file is refused and nothing changes),
/// and the current store is kept as a backup beside the others. Run it with
/// no window open on the data folder. Returns where the current store went.
pub fn restore(data_dir: &Path, backup: &Path, key: &DataKey) -> Result<PathBuf> {
    crate::store::backup::check_file(backup, Some(key))?;
    let store = data_dir.join(DB_FILE);
    let dir = data_dir.join(BACKUP_DIR);
    std::fs::create_dir_all(&dir).map_err(|source| Error::File { path: dir.clone(), source })?;
    let stamp = chrono::Local::now().format("%Y-%m-%d_%H%M%S");
    let kept = dir.join(format!("ineen-voor-terugzetten-{stamp}.sqlite"));
    if store.exists() {
        if crate::store::backup::check_file(&store, Some(key)).is_ok() {
            crate::store::backup::backup_file(&store, &kept, key)?;
        } else {
            // A damaged store is moved aside whole (with its journal), not
            // copied: a copy would fail its check. It is not listed as a
            // backup, but nothing of it is thrown away.
            let aside = dir.join(format!("ineen-beschadigd-{stamp}.db"));
            for end in ["-wal", "-shm", "-journal", ""] {
                let from = data_dir.join(format!("{DB_FILE}{end}"));
                if from.exists() {
                    let to = PathBuf::from(format!("{}{end}", aside.display()));
                    std::fs::rename(&from, &to).map_err(|source| Error::File { path: from.clone(), source })?;
                }
            }
            crate::store::backup::restore_file(&store, backup, key)?;
            return Ok(aside);
        }
    }
    crate::store::backup::restore_file(&store, backup, key)?;
    // A dossier erased after the backup was made stays erased.
    if kept.exists() {
        // A dossier erased after the backup was made stays erased, and the
        // audit keeps every row it had.
        let erased = crate::store::backup::tombstones_in(&kept, key)?;
        crate::store::backup::erase_in_file(&store, key, &erased)?;
        crate::store::backup::carry_audit(&kept, &store, key)?;
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TestClock;
    use crate::keys::Unlock;

    #[test]
    fn backups_roll_over_days_and_weeks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let clock = TestClock::school_year_start();
        let mut ineen = Ineen::open_with(dir.path(), &Unlock::for_tests(), Box::new(clock.clone())).expect("open");
        let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
        for day in 0..40 {
            clock.set_date(start + chrono::Duration::days(day));
            assert!(ineen.backup_if_due().expect("due").is_some(), "day {day}: none of today yet, so one is made");
            assert!(ineen.backup_if_due().expect("not due").is_none(), "not twice a day");
        }
        let kept = rolling(&dir.path().join(BACKUP_DIR));
        let (days, weeks) = (DAYS_KEPT as usize, WEEKS_KEPT as usize);
        assert!(kept.len() >= days && kept.len() <= days + weeks, "{}", kept.len());
        assert_eq!(kept[0].0.date(), start + chrono::Duration::days(39), "the newest is kept");
        for (_, path) in &kept {
            crate::store::backup::check_file(path, ineen.store().key()).expect("every kept backup is sound");
        }
        assert_eq!(ineen.backups().expect("list").len(), kept.len());
    }

    #[test]
    fn a_second_folder_gets_a_checked_copy_and_keeps_as_many() {
        use crate::ErrorCode;
        let dir = tempfile::tempdir().expect("tempdir");
        let usb = tempfile::tempdir().expect("usb");
        let clock = TestClock::school_year_start();
        let mut ineen =
            Ineen::open_with(&dir.path().join("data"), &Unlock::for_tests(), Box::new(clock.clone())).expect("open");
        assert_eq!(ineen.backup_settings().expect("get"), BackupSettings { days: 7, weeks: 4, folder: None });
        let refused = |ineen: &mut Ineen, s: BackupSettings| ineen.set_backup_settings(&s).expect_err("refused");
        let err = refused(&mut ineen, BackupSettings { days: 0, weeks: 4, folder: None });
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        let inside = dir.path().join("data").join(BACKUP_DIR).display().to_string();
        let err = refused(&mut ineen, BackupSettings { days: 7, weeks: 4, folder: Some(inside) });
        assert!(err.message(crate::Lang::Nl).contains("buiten de gegevensmap"), "{}", err.message(crate::Lang::Nl));
        let missing = usb.path().join("niet-aangesloten").display().to_string();
        refused(&mut ineen, BackupSettings { days: 7, weeks: 4, folder: Some(missing) });

        // A backup an earlier Ineen left there in the clear.
        let plain = usb.path().join("ineen-2026-08-31_120000.sqlite");
        let mut old = Ineen::open_in_memory().expect("memory");
        old.demo().expect("demo");
        old.store().backup_to(&plain).expect("a plain backup");
        let readable = |p: &Path| std::fs::read(p).is_ok_and(|b| b.windows(8).any(|w| w == b"de Vries"));
        assert!(readable(&plain));
        let second = usb.path().display().to_string();
        let chosen = BackupSettings { days: 2, weeks: 0, folder: Some(second.clone()) };
        assert_eq!(ineen.set_backup_settings(&chosen).expect("set"), chosen);
        let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
        for day in 0..5 {
            clock.set_date(start + chrono::Duration::days(day));
            let made = ineen.backup_if_due().expect("backup").expect("due");
            assert!(made.copy.is_some() && made.copy_failed.is_none(), "{made:?}");
            if day == 0 {
                assert!(plain.exists() && !readable(&plain), "the old plain backup is kept, encrypted");
            }
        }
        for folder in [dir.path().join("data").join(BACKUP_DIR), usb.path().to_path_buf()] {
            let kept = rolling(&folder);
            assert_eq!(kept.len(), 2, "{}: two days kept", folder.display());
            for (_, path) in &kept {
                crate::store::backup::check_file(path, ineen.store().key()).expect("sound");
            }
        }
        // The stick is not plugged in: the backup is made, and says why there is no copy.
        drop(usb);
        clock.set_date(start + chrono::Duration::days(6));
        let made = ineen.backup_if_due().expect("backup").expect("due");
        assert!(made.copy.is_none() && made.copy_failed.is_some(), "{made:?}");
        assert!(Path::new(&made.path).exists());
    }

    /// Overwrites pages in the middle of a closed store with junk, as a
    /// failing disk or a half-copied file would.
    pub(crate) fn damage(store: &Path) {
        let mut bytes = std::fs::read(store).expect("read");
        let page = 4096;
        assert!(bytes.len() > 12 * page, "a store with some pages");
        for b in &mut bytes[4 * page..12 * page] {
            *b = 0x5a;
        }
        std::fs::write(store, bytes).expect("write");
    }

    #[test]
    fn a_damaged_store_is_named_and_the_newest_good_backup_put_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut ineen = Ineen::open(dir.path(), &Unlock::for_tests()).expect("open");
        ineen.demo().expect("demo");
        let good = PathBuf::from(ineen.backup(None).expect("backup").path);
        let enrolments = ineen.enrolments().expect("list").len();
        let key = ineen.store().key().expect("key").clone();
        drop(ineen);
        damage(&dir.path().join(DB_FILE));

        let err = Ineen::open(dir.path(), &Unlock::for_tests()).err().expect("damaged");
        assert_eq!(err.code(), crate::ErrorCode::DatabaseDamaged);
        let msg = err.message(crate::Lang::Nl);
        assert!(msg.contains("beschadigd") && msg.contains(&good.display().to_string()), "{msg}");
        assert_eq!(newest_good_backup(dir.path(), &key), Some(good.clone()));
        assert_eq!(good_backups(dir.path(), &key).len(), 1);

        let aside = restore(dir.path(), &good, &key).expect("restore");
        assert!(aside.exists() && !aside.to_string_lossy().ends_with(".sqlite"), "kept aside, not listed");
        let ineen = Ineen::open(dir.path(), &Unlock::for_tests()).expect("opens again");
        assert_eq!(ineen.enrolments().expect("list").len(), enrolments);
        assert_eq!(good_backups(dir.path(), &key).len(), 1, "the damaged file is not offered as a backup");
    }
}
