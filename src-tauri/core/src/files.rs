//! Writing output files that cannot hurt: every file Ineen writes (reports,
//! exports, bundles, invitations) is made next to its target under a random
//! name that must not exist yet (no symlink is followed), synced, moved into
//! place and its folder synced. A failure leaves no temporary file behind;
//! an existing file is only replaced when asked; the store's own files are
//! never a target.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Whether an existing file at the target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse: the user did not ask to replace it.
    Keep,
    /// Replace it (the user asked, or the file is Ineen's own, e.g. a bundle).
    Replace,
}

/// Options for a new file only its owner may read (0600 on Unix): every
/// file Ineen writes is about children.
pub fn private_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Makes a file Ineen wrote readable by its owner only (0600 on Unix; on
/// other systems the user's profile folders already keep others out).
pub fn make_private(path: &Path) -> std::io::Result<()> {
    set_mode(path, 0o600)
}

/// Makes a folder of Ineen's (the data folder, its backups) open to its
/// owner only (0700 on Unix).
pub fn make_private_dir(path: &Path) -> std::io::Result<()> {
    set_mode(path, 0o700)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

fn file_error(path: &Path, source: std::io::Error) -> Error {
    Error::File { path: path.to_path_buf(), source }
}

/// The path with its folder resolved (symlinks and `..`), to compare targets.
pub fn resolved(path: &Path) -> Option<PathBuf> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// Writes `bytes` to `path`. `protected` are files that must never be
/// written over (the store and its journal).
pub fn write(path: &Path, bytes: &[u8], existing: Existing, protected: &[PathBuf]) -> Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.is_empty() {
        return Err(Error::OutputRefused { path: path.to_path_buf(), why: Refused::NotAFile });
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // The target itself, and where a symlink at it leads.
    let targets: Vec<PathBuf> = resolved(path).into_iter().chain(std::fs::canonicalize(path).ok()).collect();
    let protected: Vec<PathBuf> = protected.iter().filter_map(|p| resolved(p)).collect();
    if targets.iter().any(|t| protected.contains(t)) {
        return Err(Error::OutputRefused { path: path.to_path_buf(), why: Refused::Store });
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(Error::OutputRefused { path: path.to_path_buf(), why: Refused::NotAFile });
        }
        Ok(meta) if !meta.is_file() && !meta.file_type().is_symlink() => {
            return Err(Error::OutputRefused { path: path.to_path_buf(), why: Refused::NotAFile });
        }
        Ok(_) if existing == Existing::Keep => {
            return Err(Error::OutputRefused { path: path.to_path_buf(), why: Refused::Exists });
        }
        _ => {}
    }
    let random: [u8; 6] =
        crate::sync::random_bytes().map_err(|e| file_error(path, std::io::Error::other(e.to_string())))?;
    let suffix: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let temp = dir.join(format!(".{name}.{suffix}.tmp"));
    let result = (|| -> std::io::Result<()> {
        // create_new: O_CREAT|O_EXCL, which fails on anything already there,
        // a symlink planted at the name included.
        let mut file = private_options().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        match existing {
            // A hard link refuses an existing target atomically; where links
            // are not possible (a FAT USB stick), check, then rename.
            Existing::Keep => match std::fs::hard_link(&temp, path) {
                Ok(()) => std::fs::remove_file(&temp),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                Err(_) if path.exists() => Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists)),
                Err(_) => std::fs::rename(&temp, path),
            },
            Existing::Replace => std::fs::rename(&temp, path),
        }
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(Error::OutputRefused { path: path.to_path_buf(), why: Refused::Exists });
        }
        return Err(file_error(path, e));
    }
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A free name for a new file in `dir`: `name.ext`, else `name (2).ext`, ….
pub fn free_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if std::fs::symlink_metadata(&first).is_err() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}).{ext}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or(first)
}

/// Why an output file was not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// It would overwrite the store (or its journal).
    Store,
    /// A file is there and replacing it was not asked for.
    Exists,
    /// The target is a folder or something else than a file.
    NotAFile,
    /// The target is in Ineen's data folder (outside its report folder).
    DataFolder,
    /// What was to be placed or opened is not a file Ineen wrote.
    NotAnExport,
}

/// Overwrites a file with zeros (synced), then removes it.
pub fn wipe(path: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let len = std::fs::metadata(path)?.len();
    {
        let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
        let zeros = vec![0u8; 64 * 1024];
        let mut left = len;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            f.write_all(&zeros[..n])?;
            left -= n as u64;
        }
        f.sync_all()?;
    }
    std::fs::remove_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_file_is_written_whole_and_an_existing_one_only_replaced_when_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("verslag.pdf");
        write(&path, b"one", Existing::Keep, &[]).expect("new");
        let err = write(&path, b"two", Existing::Keep, &[]).expect_err("exists");
        assert!(matches!(err, Error::OutputRefused { why: Refused::Exists, .. }));
        assert_eq!(std::fs::read(&path).expect("read"), b"one");
        write(&path, b"two", Existing::Replace, &[]).expect("replace");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn the_store_a_folder_and_a_symlinked_target_are_safe() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = dir.path().join("ineen.sqlite");
        std::fs::write(&store, b"store").expect("store");
        let protected = [store.clone()];
        let err = write(&store, b"pdf", Existing::Replace, &protected).expect_err("store");
        assert!(matches!(err, Error::OutputRefused { why: Refused::Store, .. }));
        // Through a link to the store, too.
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(&store, &link).expect("symlink");
        assert!(write(&link, b"pdf", Existing::Replace, &protected).is_err());
        assert_eq!(std::fs::read(&store).expect("read"), b"store");
        // A folder as the target: refused, nothing left behind.
        let folder = dir.path().join("map");
        std::fs::create_dir(&folder).expect("mkdir");
        assert!(write(&folder, b"pdf", Existing::Replace, &[]).is_err());
        // Replacing a symlink replaces the link, never the file it points to.
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"keep").expect("victim");
        let planted = dir.path().join("export.json");
        std::os::unix::fs::symlink(&victim, &planted).expect("symlink");
        write(&planted, b"export", Existing::Replace, &[]).expect("write");
        assert_eq!(std::fs::read(&victim).expect("read"), b"keep");
        assert_eq!(std::fs::read(&planted).expect("read"), b"export");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn free_names_count_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(free_name(dir.path(), "Daan", "pdf"), dir.path().join("Daan.pdf"));
        std::fs::write(dir.path().join("Daan.pdf"), b"x").expect("w");
        assert_eq!(free_name(dir.path(), "Daan", "pdf"), dir.path().join("Daan (2).pdf"));
    }
}
