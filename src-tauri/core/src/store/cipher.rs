//! The store is a SQLCipher database: every page encrypted (AES-256) with
//! the data folder's key, the write-ahead log and backups alike. A store of
//! an older Ineen is still plain SQLite; [`encrypt_plain`] turns it into an
//! encrypted one whole or not at all.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError};
use crate::keys::DataKey;

/// What every plain SQLite file starts with (an encrypted one starts with
/// random salt).
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` is a plain, unencrypted SQLite database.
pub fn is_plain(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == PLAIN_HEADER
}

/// Opens the database at `path` with `key` and reads its schema. A key
/// that does not fit fails there, as "not a database"; so does a store of
/// the first encrypting Ineen (4 KiB pages), which is then tried with its
/// own page size and kept as it is.
pub fn open(path: &Path, key: &DataKey, flags: OpenFlags) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    apply(&conn, key, PAGE_SIZE)?;
    match first_read(&conn) {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            let earlier = Connection::open_with_flags(path, flags)?;
            apply(&earlier, key, EARLIER_PAGE_SIZE)?;
            if first_read(&earlier).is_ok() {
                return Ok(earlier);
            }
            Err(e)
        }
        Err(e) => Err(e),
        Ok(_) => Ok(conn),
    }
}

/// Reads the schema: what decrypts the first page.
fn first_read(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
}

/// The page authentication every Ineen store uses: HMAC-SHA256 instead of
/// SQLCipher 4's default SHA512 (SHA-256 runs in hardware on today's
/// laptops: an encrypted write a third cheaper). Fixed per file: every
/// connection (and any tool that opens a store) must set it after the key.
pub const HMAC: &str = "HMAC_SHA256";

/// The page size of every Ineen store: 2 KiB instead of SQLite's 4 KiB.
/// Each page a commit changes is encrypted and authenticated whole (AES-CBC
/// cannot be spread over cores: 5.4 µs and 2.6 µs per 4 KiB page here), and
/// a trainer's write changes pages all over the store: marking nine
/// children touches a leaf of each child's index range. Half the page is
/// half that work per page: recording attendance on the ten-year
/// organisation 690 to 610 µs median, for a file 6% larger and reads within
/// a few percent (the `large` benches). Fixed per file, like [`HMAC`].
pub const PAGE_SIZE: i64 = 2048;

/// The page size of the encrypted stores the first encrypting Ineen made
/// (before [`PAGE_SIZE`]); still opened, see [`open`].
const EARLIER_PAGE_SIZE: i64 = 4096;

/// Gives an open connection its key and Ineen's cipher settings.
fn apply(conn: &Connection, key: &DataKey, page_size: i64) -> rusqlite::Result<()> {
    provider();
    // A key that does not fit is our error to tell, not SQLCipher's to log.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    conn.pragma_update(None, "key", key.sqlcipher().as_str())?;
    conn.pragma_update(None, "cipher_hmac_algorithm", HMAC)?;
    conn.pragma_update(None, "cipher_page_size", page_size)
}

/// Makes Ineen's crypto provider SQLCipher's (once per process), before a
/// key makes a connection encrypted: the same AES-256-CBC and HMAC as
/// SQLCipher's OpenSSL provider, byte for byte, without setting everything
/// up anew for every page. Should it fail, the OpenSSL provider stays and
/// does the same work, only slower.
fn provider() {
    let _ = ineen_cipher::install();
}

/// The names beside `store` used while it is encrypted: the new encrypted
/// file, and the plain one kept under another name until it is wiped.
fn beside(store: &Path) -> (PathBuf, PathBuf) {
    let name = store.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    (store.with_file_name(format!("{name}-versleutelen")), store.with_file_name(format!("{name}-onversleuteld")))
}

/// Finishes or undoes an encryption that was interrupted: a half-made
/// encrypted file is removed (the plain store is still whole and is
/// encrypted again); a plain copy left after the switch is wiped. Never are
/// two stores left beside each other.
pub fn finish_interrupted(store: &Path) -> Result<()> {
    let (next, old) = beside(store);
    let failed = |e: std::io::Error, p: &Path| StoreError::Corrupt(format!("{}: {e}", p.display()));
    if old.exists() {
        if is_plain(store) {
            // Interrupted before the switch: `old` is a second name of the
            // plain store itself, not a copy: only the name goes.
            std::fs::remove_file(&old).map_err(|e| failed(e, &old))?;
        } else {
            crate::files::wipe(&old).map_err(|e| failed(e, &old))?;
        }
    }
    if next.exists() {
        std::fs::remove_file(&next).map_err(|e| failed(e, &next))?;
    }
    Ok(())
}

/// The integrity check of an open database, as an error when it fails.
fn integrity(conn: &Connection, what: &str) -> Result<()> {
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(StoreError::Unreadable)?;
    if check == "ok" {
        Ok(())
    } else {
        Err(StoreError::Damaged(format!("{what}: {check}")))
    }
}

/// Encrypts the plain store at `store` with `key`, in place and whole or
/// not at all: the plain store is checked, its write-ahead log emptied and
/// overwritten; an encrypted copy is made beside it and checked; the copy
/// replaces the store in one rename; the plain file is overwritten with
/// zeros and removed. Killed at any moment, the next start finds either
/// the plain store (and encrypts it again) or the encrypted one.
pub fn encrypt_plain(store: &Path, key: &DataKey) -> Result<()> {
    finish_interrupted(store)?;
    let (next, old) = beside(store);
    let failed = |e: std::io::Error, p: &Path| StoreError::Corrupt(format!("{}: {e}", p.display()));
    {
        let plain = Connection::open(store).map_err(StoreError::Unreadable)?;
        plain.busy_timeout(std::time::Duration::from_secs(5))?;
        integrity(&plain, "plain store")?;
        let wal = store.with_file_name(format!(
            "{}-wal",
            store.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
        ));
        if wal.exists() {
            // Every frame into the store, then the log's own bytes overwritten
            // (the frames are already copied) and the log emptied.
            plain.query_row("PRAGMA wal_checkpoint(FULL)", [], |_| Ok(()))?;
            if let Ok(meta) = std::fs::metadata(&wal) {
                use std::io::Write;
                let mut f = std::fs::OpenOptions::new().write(true).open(&wal).map_err(|e| failed(e, &wal))?;
                f.write_all(&vec![0u8; meta.len() as usize])
                    .and_then(|()| f.sync_all())
                    .map_err(|e| failed(e, &wal))?;
            }
            plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        export(&plain, &next, key, PAGE_SIZE)?;
    }
    {
        let encrypted = open(&next, key, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(StoreError::Unreadable)?;
        integrity(&encrypted, "encrypted copy")?;
    }
    crate::files::make_private(&next).map_err(|e| failed(e, &next))?;
    // A second name for the plain store, then the switch in one rename.
    std::fs::hard_link(store, &old).map_err(|e| failed(e, &old))?;
    std::fs::rename(&next, store).map_err(|e| failed(e, store))?;
    if let Some(dir) = store.parent() {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    crate::files::wipe(&old).map_err(|e| failed(e, &old))?;
    Ok(())
}

/// Writes the whole database of `from` (plain or keyed) into the new file
/// `dest`, encrypted with `key` and Ineen's settings, with `page_size`
/// (SQLCipher's `sqlcipher_export`); its schema version too.
pub fn export(from: &Connection, dest: &Path, key: &DataKey, page_size: i64) -> rusqlite::Result<()> {
    let version: i64 = from.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let _ = crate::files::private_options().write(true).create_new(true).open(dest);
    provider();
    from.execute("ATTACH DATABASE ?1 AS exported KEY ?2", (dest.to_string_lossy(), key.sqlcipher().as_str()))?;
    let result = from
        .pragma_update(Some("exported"), "cipher_hmac_algorithm", HMAC)
        .and_then(|()| from.pragma_update(Some("exported"), "cipher_page_size", page_size))
        .and_then(|()| from.query_row("SELECT sqlcipher_export('exported')", [], |_| Ok(())))
        .and_then(|()| from.pragma_update(Some("exported"), "user_version", version));
    from.execute("DETACH DATABASE exported", [])?;
    result
}

/// The page size of a keyed connection: [`PAGE_SIZE`], or the earlier
/// one for a store or backup of the first encrypting Ineen.
pub fn page_size(conn: &Connection) -> rusqlite::Result<i64> {
    // SQLCipher answers in text.
    let size: String = conn.pragma_query_value(None, "cipher_page_size", |r| r.get(0))?;
    size.parse()
        .map_err(|_| rusqlite::Error::InvalidColumnType(0, "cipher_page_size".into(), rusqlite::types::Type::Text))
}

/// Opens the new, empty file at `path` for a page-by-page copy of `source`
/// (SQLite's backup API): keyed, with `source`'s page size — a copy's
/// pages must be the same size as the original's.
pub fn open_for_copy(path: &Path, key: &DataKey, source: &Connection) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    apply(&conn, key, page_size(source)?)?;
    Ok(conn)
}

/// Whether `key` opens the store at `path` (a store not made yet fits any key).
pub fn fits(path: &Path, key: &DataKey) -> bool {
    if !path.exists() || std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        return true;
    }
    open(path, key, OpenFlags::SQLITE_OPEN_READ_ONLY).and_then(|c| first_read(&c)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{backup, Store};

    fn page_size(conn: &Connection) -> i64 {
        super::page_size(conn).expect("page size")
    }

    #[test]
    fn a_new_store_has_small_pages_and_a_plain_sqlite_cannot_read_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ineen.sqlite");
        let key = DataKey::generate().expect("key");
        let store = Store::open(&path, &key).expect("open");
        assert_eq!(page_size(&store.conn), PAGE_SIZE);
        drop(store);
        assert!(!is_plain(&path));
        let plain = Connection::open(&path).expect("plain open");
        assert!(first_read(&plain).is_err(), "a plain SQLite reads nothing");
        let other = DataKey::generate().expect("key");
        assert!(!fits(&path, &other));
        assert!(fits(&path, &key));
    }

    #[test]
    fn a_store_of_the_first_encrypting_build_opens_backs_up_and_restores_with_its_own_pages() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ineen.sqlite");
        let key = DataKey::generate().expect("key");
        // Made as that build made it: 4 KiB pages.
        let conn = Connection::open(&path).expect("create");
        apply(&conn, &key, EARLIER_PAGE_SIZE).expect("keyed");
        let clock = || Box::new(crate::clock::TestClock::school_year_start());
        drop(Store::init(conn, clock(), false).expect("migrated"));

        assert!(fits(&path, &key));
        let store = Store::open_with(&path, &key, clock()).expect("opens");
        assert_eq!(page_size(&store.conn), EARLIER_PAGE_SIZE, "kept as it is");
        store.conn.execute("INSERT INTO setting (key, value) VALUES ('planted', 'Fenna')", []).expect("written");
        let copy = dir.path().join("copy.sqlite");
        store.backup_to(&copy).expect("backed up");
        drop(store);
        backup::check_file(&copy, Some(&key)).expect("the backup checks");
        backup::restore_file(&path, &copy, &key).expect("restored");
        let planted = |path: &Path| -> String {
            let store = Store::open_with(path, &key, clock()).expect("opens after the restore");
            store.conn.query_row("SELECT value FROM setting WHERE key = 'planted'", [], |r| r.get(0)).expect("read")
        };
        assert_eq!(planted(&path), "Fenna");

        // Its backup put back into a store of today (2 KiB pages): rewritten first.
        let today = dir.path().join("today.sqlite");
        drop(Store::open_with(&today, &key, clock()).expect("a new store"));
        backup::restore_file(&today, &copy, &key).expect("restored into a new store");
        assert_eq!(planted(&today), "Fenna");
        let today = Store::open_with(&today, &key, clock()).expect("opens");
        assert_eq!(page_size(&today.conn), PAGE_SIZE);
        assert!(!copy.with_extension("omgezet").exists(), "the rewritten copy is gone");
    }
}
