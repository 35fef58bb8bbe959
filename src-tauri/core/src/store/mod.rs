//! The local SQLite store: the only module that speaks SQL.
//!
//! One file in the data folder, opened in WAL mode with `synchronous=FULL`
//! and foreign keys on. The schema is built by embedded, add-only migrations
//! tracked in `user_version`; each one runs in its own transaction. A
//! database written by a newer Ineen is refused, never downgraded.
//!
//! One submodule per aggregate, each with typed queries named for what
//! they return (`enrolments_of_run`, `enrolment_file`, …); no SQL text
//! leaves this module. Every write goes through [`Store::write`].

pub mod backup;
pub mod cipher;
mod decode;
mod enrolments;
pub mod overview;
pub mod participants;
pub mod privacy;
mod programmes;
pub mod purge;
pub mod records;
mod reports;
mod runs;
mod settings;
pub mod sync;

pub use enrolments::EnrolmentFile;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::clock::{Clock, Hlc, SystemClock};
use records::WriteCtx;
use rusqlite_migration::{Migrations, M};

use crate::error::ErrorCode;
use crate::i18n::Lang;
use crate::keys::DataKey;

/// The schema, in order. Never edit a shipped entry: append a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_records.sql"),
    include_str!("migrations/0003_end_reports.sql"),
    include_str!("migrations/0004_sync.sql"),
    include_str!("migrations/0005_privacy.sql"),
    include_str!("migrations/0006_coordinator.sql"),
    include_str!("migrations/0007_zat.sql"),
    include_str!("migrations/0008_programme_file.sql"),
    include_str!("migrations/0009_participant_list.sql"),
    include_str!("migrations/0010_participant_lines.sql"),
    include_str!("migrations/0011_participant_lines_under_way.sql"),
    include_str!("migrations/0012_audit_is_the_outbox.sql"),
];

/// The schema version this build writes.
pub fn schema_version() -> usize {
    MIGRATIONS.len()
}

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database schema version {found} is newer than this app's {known}")]
    TooNew { found: usize, known: usize },
    #[error("database is unreadable: {0}")]
    Unreadable(#[source] rusqlite::Error),
    #[error("migration failed: {}", migration_detail(.0))]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored data is malformed: {0}")]
    Malformed(#[from] serde_json::Error),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("not a valid clock stamp: {0}")]
    BadStamp(String),
    /// `quick_check` found damage when the store was opened.
    #[error("quick check: {0}")]
    Damaged(String),
    /// A record of an erased dossier (or one pointing to it) was to be written.
    #[error("{0} {1} belongs to an erased dossier")]
    Erased(String, String),
}

/// The SQLite failure behind an error, if it is one.
fn sqlite_failure(e: &StoreError) -> Option<&rusqlite::ffi::Error> {
    match e {
        StoreError::Unreadable(rusqlite::Error::SqliteFailure(f, _))
        | StoreError::Sql(rusqlite::Error::SqliteFailure(f, _)) => Some(f),
        StoreError::Migration(rusqlite_migration::Error::RusqliteError {
            err: rusqlite::Error::SqliteFailure(f, _),
            ..
        }) => Some(f),
        _ => None,
    }
}

fn sqlite_code(e: &StoreError) -> Option<rusqlite::ErrorCode> {
    sqlite_failure(e).map(|f| f.code)
}

/// A value that broke one of the tables' own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Broken {
    /// Outside the range the table allows.
    Range,
    /// Empty where a value is needed.
    Missing,
    /// Refers to a record that does not exist.
    Reference,
    /// The same record twice.
    Twice,
}

impl Broken {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Broken::Range => lang.pick("waarde buiten wat Ineen toestaat", "a value outside what Ineen allows"),
            Broken::Missing => lang.pick("waarde ontbreekt", "a value is missing"),
            Broken::Reference => {
                lang.pick("verwijst naar iets dat niet (meer) bestaat", "refers to something that does not exist")
            }
            Broken::Twice => lang.pick("staat er twee keer in", "appears twice"),
        }
    }
}

impl StoreError {
    /// The table rule a write broke, with the field when SQLite names one
    /// — told in our words, never SQLite's.
    pub fn broken(&self) -> Option<(Option<String>, Broken)> {
        let StoreError::Sql(rusqlite::Error::SqliteFailure(f, message)) = self else { return None };
        if f.code != rusqlite::ErrorCode::ConstraintViolation {
            return None;
        }
        let message = message.as_deref().unwrap_or("");
        let after = message.split_once(": ").map(|(_, rest)| rest).unwrap_or("");
        // "run.weekday" or "weekday BETWEEN 1 AND 7" or "json_valid(fv)": the first name in it.
        let name = after
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .find(|w| !w.is_empty() && w != &"json_valid")
            .map(|w| w.rsplit('.').next().unwrap_or(w).to_string());
        let kind = match f.extended_code {
            rusqlite::ffi::SQLITE_CONSTRAINT_NOTNULL => Broken::Missing,
            rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Broken::Reference,
            rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Broken::Twice,
            _ => Broken::Range,
        };
        Some((name.filter(|_| kind != Broken::Reference), kind))
    }

    /// What is damaged, when the file itself is (not a database, or
    /// malformed pages): a backup can help, retrying cannot.
    pub fn damage(&self) -> Option<String> {
        match (self, sqlite_code(self)) {
            (StoreError::Damaged(detail), _) => Some(detail.clone()),
            (e, Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)) => Some(match e {
                StoreError::Unreadable(inner) | StoreError::Sql(inner) => inner.to_string(),
                other => other.to_string(),
            }),
            _ => None,
        }
    }

    /// The disk (or the data folder's quota) is full: nothing is wrong with the data.
    /// (A write the system refused — a full disk, a quota, a file-size
    /// limit — is told the same way: SQLite calls some of these "full" and
    /// the others a write error.)
    pub fn disk_full(&self) -> bool {
        sqlite_failure(self).is_some_and(|f| {
            f.code == rusqlite::ErrorCode::DiskFull
                || [rusqlite::ffi::SQLITE_IOERR_WRITE, rusqlite::ffi::SQLITE_IOERR_SHMSIZE].contains(&f.extended_code)
        })
    }

    pub fn code(&self) -> ErrorCode {
        if self.disk_full() {
            return ErrorCode::DiskFull;
        }
        if self.damage().is_some() {
            return ErrorCode::DatabaseDamaged;
        }
        match self {
            StoreError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            StoreError::Unreadable(_) => ErrorCode::DatabaseUnreadable,
            StoreError::Erased(..) => ErrorCode::Erased,
            _ => ErrorCode::StoreFailed,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        if self.disk_full() {
            return lang
                .pick(
                    "De schijf is vol (of weigert te schrijven): Ineen kon niet opslaan. Er is niets half opgeslagen \
                     en je gegevens zijn in orde. Maak ruimte vrij (verwijder of verplaats bestanden) en probeer het opnieuw.",
                    "The disk is full (or refuses writes): Ineen could not save. Nothing was half-saved and your data \
                     is fine. Free some space (delete or move files) and try again.",
                )
                .to_string();
        }
        if let Some(detail) = self.damage() {
            return match lang {
                Lang::Nl => format!(
                    "Het gegevensbestand is beschadigd ({detail}). Ineen heeft er niets aan veranderd. \
                     Zet een reservekopie terug (Instellingen › Reservekopieën, of 'ineen restore')."
                ),
                Lang::En => format!(
                    "The data file is damaged ({detail}). Ineen has not changed it. \
                     Put back a backup (Settings › Backups, or 'ineen restore')."
                ),
            };
        }
        if let Some((field, broken)) = self.broken() {
            let field = field.map(|f| format!("{f}: ")).unwrap_or_default();
            return match lang {
                Lang::Nl => format!(
                    "Dit kan niet worden opgeslagen ({field}{}). Er is niets veranderd; verbeter het en probeer het opnieuw.",
                    broken.text(lang)
                ),
                Lang::En => format!(
                    "This cannot be saved ({field}{}). Nothing was changed; correct it and try again.",
                    broken.text(lang)
                ),
            };
        }
        match (self, lang) {
            (StoreError::TooNew { found, known }, Lang::Nl) => format!(
                "Deze gegevens zijn geschreven door een nieuwere versie van Ineen (schema {found}, deze versie kent {known}). \
                 Installeer de nieuwste versie van Ineen; je gegevens blijven onaangeroerd."
            ),
            (StoreError::TooNew { found, known }, Lang::En) => format!(
                "This data was written by a newer version of Ineen (schema {found}, this version knows {known}). \
                 Install the latest Ineen; your data has not been touched."
            ),
            (StoreError::Unreadable(e), Lang::Nl) => format!(
                "Het gegevensbestand kan niet worden gelezen ({e}). Er is niets veranderd. \
                 Zet een reservekopie terug of neem contact op met je coördinator."
            ),
            (StoreError::Unreadable(e), Lang::En) => format!(
                "The data file cannot be read ({e}). Nothing was changed. \
                 Restore a backup or contact your coordinator."
            ),
            (StoreError::Migration(e), Lang::Nl) => format!(
                "De gegevens konden niet worden bijgewerkt voor deze versie van Ineen ({}). \
                 Er is niets veranderd. Neem contact op met je coördinator.",
                migration_detail(e)
            ),
            (StoreError::Migration(e), Lang::En) => format!(
                "The data could not be updated for this version of Ineen ({}). \
                 Nothing was changed. Please contact your coordinator.",
                migration_detail(e)
            ),
            (StoreError::Erased(..), Lang::Nl) => "Dit hoort bij een dossier dat gewist is (op verzoek of na de \
                 bewaartermijn): het kan niet meer worden opgeslagen. Er is niets veranderd; ga terug naar de lijst."
                .into(),
            (StoreError::Erased(..), Lang::En) => "This belongs to a dossier that was erased (on request or after \
                 its retention period): it can no longer be saved. Nothing was changed; go back to the list."
                .into(),
            (e, Lang::Nl) => format!("Opslaan of lezen is mislukt ({e}). Er is niets half opgeslagen; probeer het opnieuw."),
            (e, Lang::En) => format!("Saving or reading failed ({e}). Nothing was half-saved; please try again."),
        }
    }
}

/// The cause of a failed migration, without the SQL text of the migration.
fn migration_detail(e: &rusqlite_migration::Error) -> String {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => err.to_string(),
        other => other.to_string(),
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Brings the schema up to date. Two processes opening a new database at
/// once (the window and a command, say) both see the old version; the one
/// that loses the race fails inside its rolled-back transaction, finds the
/// version moved, and tries again.
fn migrate(conn: &mut Connection) -> Result<()> {
    let migrations = migrations();
    let mut attempts = 0;
    loop {
        let before = migrations.current_version(conn)?;
        match migrations.to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(e) => {
                attempts += 1;
                if attempts >= 3 || migrations.current_version(conn)? == before {
                    return Err(e.into());
                }
            }
        }
    }
}

/// SQLite's `quick_check`, before anything reads or migrates the store:
/// damage found here is named, never written over. (Damage of the file's
/// header fails earlier, on the first read.)
fn quick_check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA quick_check(3)")?;
    let found: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if found.len() == 1 && found[0] == "ok" {
        return Ok(());
    }
    Err(StoreError::Damaged(found.join("; ")))
}

/// The id of this device, kept in settings; made once, on first open.
fn device_id(conn: &Connection, clock: &mut dyn Clock) -> Result<Uuid> {
    let stored: Option<String> =
        conn.query_row("SELECT value FROM setting WHERE key = 'device_id'", [], |r| r.get(0)).optional()?;
    if let Some(id) = stored.as_deref().and_then(|s| Uuid::parse_str(s).ok()) {
        return Ok(id);
    }
    let now = clock.now();
    let id = clock.new_id(now);
    // Another process may have made one at the same moment: keep the first.
    conn.execute("INSERT OR IGNORE INTO setting (key, value) VALUES ('device_id', ?1)", [id.to_string()])?;
    let kept: String = conn.query_row("SELECT value FROM setting WHERE key = 'device_id'", [], |r| r.get(0))?;
    Uuid::parse_str(&kept).map_err(|_| StoreError::Corrupt(format!("bad device id {kept}")))
}

/// Runs `f` again while SQLite answers "busy" without waiting (as it does
/// when switching a brand-new file to WAL while another connection does so).
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let mut wait = std::time::Duration::from_millis(5);
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && wait < std::time::Duration::from_secs(2) =>
            {
                std::thread::sleep(wait);
                wait *= 2;
            }
            other => return other,
        }
    }
}

/// An open store. Not `Sync`: the app keeps it behind a mutex.
pub struct Store {
    conn: Connection,
    ctx: WriteCtx,
    /// The key of the store's file (none for an in-memory store): backups
    /// are encrypted with it too.
    key: Option<crate::keys::DataKey>,
}

impl Store {
    /// Opens (creating if needed) the encrypted store at `path` with `key`
    /// and brings its schema up to date.
    pub fn open(path: &Path, key: &DataKey) -> Result<Store> {
        Store::open_with(path, key, Box::new(SystemClock::new()))
    }

    /// Opens the store with the given clock (tests pass a `TestClock`),
    /// after SQLite's `quick_check`: damage is found before anything is
    /// written (it reads every page: about a second for ten years of a whole
    /// organisation, milliseconds for a trainer's own).
    pub fn open_with(path: &Path, key: &DataKey, clock: Box<dyn Clock>) -> Result<Store> {
        Store::open_file(path, key, clock, true)
    }

    /// Opens the store without the `quick_check`, for a command that only
    /// reads (damage met while reading is still named as damage).
    pub fn open_to_read(path: &Path, key: &DataKey, clock: Box<dyn Clock>) -> Result<Store> {
        Store::open_file(path, key, clock, false)
    }

    fn open_file(path: &Path, key: &DataKey, mut clock: Box<dyn Clock>, check: bool) -> Result<Store> {
        if path.is_file() {
            backup::before_migration(path, key, clock.now())?;
        }
        // Its owner's alone (0600 on Unix); SQLite gives the WAL and the
        // shared-memory file the store's own permissions.
        let private = crate::files::private_options().write(true).create(true).truncate(false).open(path);
        if private.is_ok() {
            let _ = crate::files::make_private(path);
        }
        let conn = cipher::open(path, key, rusqlite::OpenFlags::default()).map_err(StoreError::Unreadable)?;
        let mut store = Store::init(conn, clock, check)?;
        store.key = Some(key.clone());
        Ok(store)
    }

    /// A fresh in-memory store, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::open_in_memory_with(Box::new(crate::clock::TestClock::school_year_start()))
    }

    pub fn open_in_memory_with(clock: Box<dyn Clock>) -> Result<Store> {
        Store::init(Connection::open_in_memory()?, clock, false)
    }

    /// The key of the store's file (none in memory).
    pub fn key(&self) -> Option<&DataKey> {
        self.key.as_ref()
    }

    /// Until the guard is dropped, the store's reads are one read
    /// transaction: they see one state of the store and take the store's
    /// locks once, not once each (several reads before a write: a tenth of
    /// recording attendance went to taking and releasing them). Drop it
    /// before writing.
    pub fn reading_together(&self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self.conn.unchecked_transaction()?)
    }

    /// This device's id, made on first use.
    pub fn device(&self) -> Uuid {
        self.ctx.device
    }

    /// Who the writes are attributed to in the audit log.
    pub fn set_actor(&mut self, actor: &str) {
        self.ctx.actor = actor.to_string();
    }

    /// Who the writes are attributed to.
    pub fn actor(&self) -> &str {
        &self.ctx.actor
    }

    /// Moves everything in the write-ahead log into the store and empties
    /// the log file (after an erasure: no old page stays in it).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn init(mut conn: Connection, mut clock: Box<dyn Clock>, check: bool) -> Result<Store> {
        // Wait for another Ineen (window or command) instead of failing at once.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // A file that is not a database fails here, on the first read.
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(StoreError::Unreadable)?;
        let found = usize::try_from(found).unwrap_or(usize::MAX);
        if found > schema_version() {
            return Err(StoreError::TooNew { found, known: schema_version() });
        }
        // Write transactions take the write lock when they begin, so that two
        // writers wait for each other instead of failing on upgrade.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        retry_busy(|| conn.pragma_update(None, "journal_mode", "WAL"))?;
        if check {
            quick_check(&conn)?;
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // What is deleted is overwritten, not left readable in free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
        // Sorting and temporary tables stay in memory: no temporary file
        // of records outside the data folder.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // 64 MB of page cache: a school year of an organisation (its marks,
        // sessions and contacts, read by the overview) stays warm.
        conn.pragma_update(None, "cache_size", -64_000)?;
        // Room for every typed query's statement (the enrolment file alone
        // runs fourteen): re-preparing them would cost more than reading.
        conn.set_prepared_statement_cache_capacity(128);
        migrate(&mut conn)?;
        privacy::chain_unhashed(&conn)?;
        let device = device_id(&conn, clock.as_mut())?;
        let last: Option<String> =
            conn.query_row("SELECT value FROM setting WHERE key = 'clock'", [], |r| r.get(0)).optional()?;
        let hlc = last.as_deref().and_then(Hlc::decode).unwrap_or_default();
        let ctx = WriteCtx { clock, device, hlc, bound: hlc, actor: "ineen".into(), write_sql: Default::default() };
        Ok(Store { conn, ctx, key: None })
    }

    /// A pragma's number (for tests that look at the settings of the store).
    pub fn pragma_number(&self, name: &str) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, name, |r| r.get(0))?)
    }

    /// The schema version of the open database.
    pub fn user_version(&self) -> Result<usize> {
        let v: i64 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(usize::try_from(v).unwrap_or(usize::MAX))
    }
}

impl Drop for Store {
    /// Leaves no write-ahead log of children's records behind: its contents
    /// go into the store and the file is truncated (SQLite removes it when
    /// the last connection closes).
    fn drop(&mut self) {
        // Not waiting for another process's write: whoever closes last cleans up.
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        // The stored clock back from ahead to the last stamp given out (see
        // `Store::write`); should it fail, it stays ahead, which is safe.
        if self.ctx.hlc != self.ctx.bound {
            let _ = records::save_clock(&self.conn, self.ctx.hlc);
        }
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
}

/// Counting the statements a piece of work runs, through SQLite's trace
/// hook: the tests that prove an aggregate reads each table once.
#[cfg(test)]
pub(crate) mod trace {
    use std::cell::RefCell;

    use rusqlite::trace::{TraceEvent, TraceEventCodes};

    thread_local! {
        static STATEMENTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    fn record(event: TraceEvent<'_>) {
        if let TraceEvent::Stmt(_, sql) = event {
            STATEMENTS.with(|s| s.borrow_mut().push(sql.to_string()));
        }
    }

    impl super::Store {
        /// Starts recording every statement this store runs (on this thread).
        pub(crate) fn start_tracing(&self) {
            STATEMENTS.with(|s| s.borrow_mut().clear());
            self.conn.trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));
        }

        /// Stops recording and returns the statements run since the start.
        pub(crate) fn stop_tracing(&self) -> Vec<String> {
            self.conn.trace_v2(TraceEventCodes::empty(), None);
            STATEMENTS.with(|s| s.take())
        }
    }

    /// How many statements read from each table (by the table after the
    /// first FROM, or written to by INSERT/UPDATE).
    pub(crate) fn per_table(statements: &[String]) -> std::collections::BTreeMap<String, usize> {
        let mut out = std::collections::BTreeMap::new();
        for sql in statements {
            let words: Vec<&str> = sql.split_whitespace().collect();
            let table = words
                .windows(2)
                .find(|w| matches!(w[0], "FROM" | "INTO" | "UPDATE"))
                .map(|w| w[1].trim_matches(|c: char| !c.is_alphanumeric() && c != '_').to_string());
            if let Some(table) = table {
                *out.entry(table).or_insert(0) += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One data key for every store of these tests.
    fn key() -> &'static DataKey {
        static KEY: std::sync::OnceLock<DataKey> = std::sync::OnceLock::new();
        KEY.get_or_init(|| DataKey::generate().expect("key"))
    }

    #[test]
    fn migrations_are_valid() {
        migrations().validate().expect("migrations validate");
    }

    #[test]
    fn a_fresh_file_gets_the_latest_schema_and_durable_settings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("ineen.sqlite"), key()).expect("open");
        assert_eq!(store.user_version().expect("version"), schema_version());
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).expect("mode");
        assert_eq!(mode, "wal");
        let sync: i64 = store.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).expect("sync");
        assert_eq!(sync, 2, "synchronous=FULL");
        let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).expect("fk");
        assert_eq!(fk, 1);
    }

    #[test]
    fn stamps_go_on_rising_after_a_tidy_close_and_after_a_crash() {
        use crate::model::Organisation;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ineen.sqlite");
        // Every start sees the same wall time: only the stored clock keeps
        // the stamps rising.
        let start = || Box::new(crate::clock::TestClock::school_year_start()) as Box<dyn crate::clock::Clock>;
        let latest = |store: &Store| {
            let stamps = store.export_all::<Organisation>().expect("export").into_iter().map(|(_, m)| m.hlc);
            stamps.max().and_then(|h| Hlc::decode(&h)).expect("a stamp")
        };
        let write = |store: &mut Store, name: &str| {
            store
                // Not the test clock's ids: they start over with every start.
                .write(|tx| tx.insert(&Organisation { id: Uuid::now_v7(), name: name.into(), retention_years: None }))
                .expect("write");
        };
        let mut store = Store::open_with(&path, key(), start()).expect("open");
        write(&mut store, "A");
        write(&mut store, "B");
        let before = latest(&store);
        drop(store);

        // A tidy close leaves the clock on the last stamp: no jump ahead.
        let mut store = Store::open_with(&path, key(), start()).expect("open");
        let stored: String =
            store.conn.query_row("SELECT value FROM setting WHERE key = 'clock'", [], |r| r.get(0)).expect("clock");
        assert_eq!(Hlc::decode(&stored), Some(before));
        write(&mut store, "C");
        let after_close = latest(&store);
        assert!(after_close > before);
        assert!(after_close.wall_ms < before.wall_ms + 1_000, "{after_close:?} jumped ahead of {before:?}");

        // A crash (never closed): the stored clock is ahead of every stamp
        // given out, by at most a minute.
        std::mem::forget(store);
        let mut store = Store::open_with(&path, key(), start()).expect("open");
        write(&mut store, "D");
        let after_crash = latest(&store);
        assert!(after_crash > after_close);
        assert!(after_crash.wall_ms <= after_close.wall_ms + 60_000);
    }

    #[test]
    fn a_newer_database_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ineen.sqlite");
        drop(Store::open(&path, key()).expect("open"));
        let conn = cipher::open(&path, key(), rusqlite::OpenFlags::default()).expect("raw open");
        conn.pragma_update(None, "user_version", 99).expect("bump");
        drop(conn);
        let err = Store::open(&path, key()).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::DatabaseTooNew);
        assert!(err.message(Lang::Nl).contains("nieuwere versie"));
        let conn = cipher::open(&path, key(), rusqlite::OpenFlags::default()).expect("raw open");
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("v");
        assert_eq!(v, 99, "a refused database is not touched");
    }

    #[test]
    fn several_processes_may_create_the_same_database_at_once() {
        for _ in 0..5 {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("ineen.sqlite");
            let openers: Vec<_> = (0..4)
                .map(|_| {
                    let path = path.clone();
                    std::thread::spawn(move || Store::open(&path, key()).map(|s| s.user_version().ok()))
                })
                .collect();
            for opener in openers {
                let version = opener.join().expect("thread").expect("every opener succeeds");
                assert_eq!(version, Some(schema_version()));
            }
        }
    }

    /// Issue 11, sixth reproduction: a full disk says so, and does not
    /// invite a restore over good data; nothing is half-written.
    #[test]
    fn a_full_disk_says_so_and_loses_nothing() {
        use crate::model::Organisation;
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("ineen.sqlite"), key()).expect("open");
        let pages: i64 = store.conn.pragma_query_value(None, "page_count", |r| r.get(0)).expect("pages");
        store.conn.pragma_update(None, "max_page_count", pages + 2).expect("limit");
        let before = store.count("organisation").expect("count");
        let err = store
            .write(|tx| -> Result<()> {
                for i in 0..2_000 {
                    let id = tx.new_id();
                    tx.put(&Organisation {
                        id,
                        name: format!("Organisatie {i} {}", "x".repeat(200)),
                        retention_years: None,
                    })?;
                }
                Ok(())
            })
            .expect_err("full");
        assert_eq!(err.code(), ErrorCode::DiskFull);
        let msg = err.message(Lang::Nl);
        assert!(msg.contains("De schijf is vol") && !msg.contains("reservekopie"), "{msg}");
        assert_eq!(store.count("organisation").expect("count"), before, "all or nothing");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_clearly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ineen.sqlite");
        std::fs::write(&path, b"this is not a database, just some text that is long enough to be a header").expect("w");
        let err = Store::open(&path, key()).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::DatabaseDamaged, "a backup can help");
        assert!(err.message(Lang::En).contains("is damaged"), "{}", err.message(Lang::En));
        let text = std::fs::read(&path).expect("read");
        assert!(text.starts_with(b"this is not a database"), "left as it was");
    }

    #[test]
    fn damaged_pages_are_found_at_open_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ineen.sqlite");
        let mut store = Store::open(&path, key()).expect("open");
        store
            .write(|tx| -> Result<()> {
                for i in 0..400 {
                    let id = tx.new_id();
                    tx.put(&crate::model::Organisation {
                        id,
                        name: format!("Organisatie {i} {}", "x".repeat(200)),
                        retention_years: None,
                    })?;
                }
                Ok(())
            })
            .expect("write");
        drop(store);
        let mut bytes = std::fs::read(&path).expect("read");
        let len = bytes.len();
        for b in &mut bytes[len / 2..len / 2 + 8192] {
            *b = 0xa5;
        }
        std::fs::write(&path, &bytes).expect("damage");
        let err = Store::open(&path, key()).err().expect("damaged");
        assert_eq!(err.code(), ErrorCode::DatabaseDamaged);
        assert_eq!(std::fs::read(&path).expect("read"), bytes, "the damaged file is left exactly as it was");
    }
}
