//! Backups with SQLite's online backup API: a consistent copy while the
//! store is in use, checked with `integrity_check` before it counts, and a
//! restore that copies a checked backup back into the store in place.

use std::path::Path;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::{cipher, schema_version, Result, Store, StoreError};
use crate::keys::DataKey;

/// Opens a database file with its key (a plain one without: only an
/// in-memory store's backups in tests are plain).
fn connect(path: &Path, key: Option<&DataKey>, flags: OpenFlags) -> rusqlite::Result<Connection> {
    match key {
        Some(key) => cipher::open(path, key, flags),
        None => Connection::open_with_flags(path, flags),
    }
}

/// Copies the whole database of `from` into `to` (SQLite's online backup).
fn copy(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    Backup::new(from, to)?.run_to_completion(256, std::time::Duration::ZERO, None)
}

/// The folder of backups inside the data folder.
pub const BACKUP_DIR: &str = "reservekopieen";

/// Before migrating the store at `path` from an older schema, a checked copy
/// goes into the data folder's backups (`ineen-voor-schema-<new>-<time>.sqlite`).
pub(super) fn before_migration(path: &Path, key: &DataKey, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let Ok(conn) = cipher::open(path, key, OpenFlags::SQLITE_OPEN_READ_ONLY) else { return Ok(()) };
    let Ok(found) = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) else { return Ok(()) };
    let found = usize::try_from(found).unwrap_or(usize::MAX);
    if found == 0 || found >= schema_version() {
        return Ok(());
    }
    drop(conn);
    let dir = path.parent().unwrap_or(Path::new(".")).join(BACKUP_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::Corrupt(format!("{}: {e}", dir.display())))?;
    let stamp = now.with_timezone(&chrono::Local).format("%Y-%m-%d_%H%M%S");
    backup_file(path, &dir.join(format!("ineen-voor-schema-{}-{stamp}.sqlite", schema_version())), key)
}

/// Copies the store at `from` (an open connection) into `dest` whole or not
/// at all: into a temporary file beside it, checked, then renamed.
/// The copy has the store's key.
fn copy_checked(from: &Connection, dest: &Path, key: Option<&DataKey>) -> Result<()> {
    let temp = dest.with_extension("part");
    let _ = std::fs::remove_file(&temp);
    let _ = crate::files::private_options().write(true).create_new(true).open(&temp);
    let to = match key {
        Some(key) => cipher::open_for_copy(&temp, key, from),
        None => Connection::open(&temp),
    };
    let result = to
        .and_then(|mut to| copy(from, &mut to))
        .map_err(StoreError::from)
        .and_then(|()| single_file(&temp, key))
        .and_then(|()| check_file(&temp, key).map(|_| ()))
        .and_then(|()| crate::files::make_private(&temp).map_err(|e| StoreError::Corrupt(e.to_string())))
        .and_then(|()| std::fs::rename(&temp, dest).map_err(|e| StoreError::Corrupt(e.to_string())));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A backup is one file: no write-ahead log (reading a WAL-mode copy,
/// even only to check it, would leave `-wal` and `-shm` files beside it).
fn single_file(path: &Path, key: Option<&DataKey>) -> Result<()> {
    let conn = connect(path, key, OpenFlags::default())?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

impl Store {
    /// A checked copy of the store in `dest` (a new file).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        copy_checked(&self.conn, dest, self.key.as_ref())
    }
}

/// A checked copy of the store file at `store` (not opened as a `Store`:
/// before a migration or a restore).
pub fn backup_file(store: &Path, dest: &Path, key: &DataKey) -> Result<()> {
    let conn = cipher::open(store, key, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(StoreError::Unreadable)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    copy_checked(&conn, dest, Some(key))
}

/// Checks a backup: an Ineen store of this or an older schema whose
/// `integrity_check` is ok, opened with `key`. Returns its schema version.
pub fn check_file(path: &Path, key: Option<&DataKey>) -> Result<usize> {
    let conn = connect(path, key, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(StoreError::Unreadable)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(StoreError::Unreadable)?;
    let found = usize::try_from(version).unwrap_or(usize::MAX);
    if found > schema_version() {
        return Err(StoreError::TooNew { found, known: schema_version() });
    }
    let has_records: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'setting'", [], |r| r.get(0))
        .map_err(StoreError::Unreadable)?;
    if found == 0 || has_records == 0 {
        return Err(StoreError::Corrupt("not an Ineen store".into()));
    }
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(StoreError::Unreadable)?;
    if check != "ok" {
        return Err(StoreError::Damaged(format!("integrity check: {check}")));
    }
    Ok(found)
}

/// Copies a checked backup into the store at `store`, in place (other
/// connections see the restored data; nothing is half-restored).
pub fn restore_file(store: &Path, backup: &Path, key: &DataKey) -> Result<()> {
    check_file(backup, Some(key))?;
    if !store.exists() {
        let _ = crate::files::private_options().write(true).create_new(true).open(store);
    }
    let mut conn = cipher::open(store, key, OpenFlags::default()).map_err(StoreError::Unreadable)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let from = cipher::open(backup, key, OpenFlags::default()).map_err(StoreError::Unreadable)?;
    let pages = cipher::page_size(&conn)?;
    if cipher::page_size(&from)? == pages {
        copy(&from, &mut conn)?;
        return Ok(());
    }
    // A backup of the first encrypting Ineen (4 KiB pages) does not fit a
    // store of today's page by page: it is rewritten beside itself first.
    let converted = backup.with_extension("omgezet");
    let _ = std::fs::remove_file(&converted);
    let result = cipher::export(&from, &converted, key, pages)
        .map_err(StoreError::from)
        .and_then(|()| check_file(&converted, Some(key)).map(|_| ()))
        .and_then(|()| {
            let from = cipher::open(&converted, key, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            Ok(copy(&from, &mut conn)?)
        });
    let _ = std::fs::remove_file(&converted);
    result
}

/// Carries the erasures `tombstones` ([`Store::purged`]) into the backup at
/// `path`: what they erased goes from it too, and the file is rebuilt
/// (`VACUUM`) so no page of it stays. Returns how many rows went.
pub fn erase_in_file(path: &Path, key: &DataKey, tombstones: &[(String, String, String)]) -> Result<usize> {
    if tombstones.is_empty() {
        return Ok(0);
    }
    let mut conn = cipher::open(path, key, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(StoreError::Unreadable)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    let removed = super::purge::erase_in(&mut conn, tombstones)?;
    if removed > 0 {
        conn.execute_batch("VACUUM")?;
    }
    Ok(removed)
}

/// The tombstones of erased records in a database file (none in one made
/// before erasures existed): what a restore of an older backup must not
/// bring back.
pub fn tombstones_in(path: &Path, key: &DataKey) -> Result<Vec<(String, String, String)>> {
    let conn = cipher::open(path, key, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(StoreError::Unreadable)?;
    let has: bool = conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'purged'")?.exists([])?;
    if !has {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT record_id, record_table, erasure_id FROM purged ORDER BY record_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// After a restore: the audit rows the store at `kept` had beyond the
/// restored one's go into the store at `store` — the log of who did what
/// is not rewound by putting data back. Only when the restored audit is the
/// start of the kept one (the same chain); returns how many rows came.
pub fn carry_audit(kept: &Path, store: &Path, key: &DataKey) -> Result<usize> {
    let from = cipher::open(kept, key, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(StoreError::Unreadable)?;
    let to = cipher::open(store, key, OpenFlags::default()).map_err(StoreError::Unreadable)?;
    let has_hash = |c: &Connection| -> Result<bool> {
        Ok(c.prepare("SELECT 1 FROM pragma_table_info('audit') WHERE name = 'hash'")?.exists([])?)
    };
    if !has_hash(&from)? || !has_hash(&to)? {
        return Ok(0);
    }
    let last: Option<(i64, Option<String>)> = rusqlite::OptionalExtension::optional(to.query_row(
        "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    ))?;
    let (after, hash) = last.unwrap_or((0, None));
    if after > 0 {
        let same: Option<Option<String>> = rusqlite::OptionalExtension::optional(from.query_row(
            "SELECT hash FROM audit WHERE seq = ?1",
            [after],
            |r| r.get(0),
        ))?;
        if same != Some(hash) {
            return Ok(0);
        }
    }
    let mut read = from.prepare(
        "SELECT seq, at, actor, device, action, record_table, record_id, dossier, detail, hash FROM audit
         WHERE seq > ?1 ORDER BY seq",
    )?;
    let mut rows = read.query([after])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let values: Vec<rusqlite::types::Value> = (0..10).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
        to.execute(
            "INSERT INTO audit (seq, at, actor, device, action, record_table, record_id, dossier, detail, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params_from_iter(values),
        )?;
        n += 1;
    }
    Ok(n)
}
