//! Sync-ready reads and writes of every record table.
//!
//! A write goes through [`Tx`]: it stamps each changed field with a new
//! [`Version`] (hybrid-logical-clock stamp, this device, seq 0: not yet in a
//! bundle), notes the record in the `outbox` and writes an `audit` row, all
//! in the caller's transaction. Deletes are tombstones (`deleted` is a field
//! like the others). Changes from elsewhere — a bundle of another device, an
//! export file — are merged field by field ([`Tx::merge`]): a value that
//! did not see the local one is a conflict, kept, never dropped. Rows are
//! mapped to and from the [`Entity`] types through their serde form: a
//! struct field is a column of the same name.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::Digest;
use uuid::Uuid;

use super::{Result, Store, StoreError};
use crate::clock::{Clock, Hlc};
use crate::model::Entity;

/// The sync columns every record row carries.
pub(crate) const META: [&str; 5] = ["hlc", "device", "deleted", "seq", "fv"];

/// The field that marks a tombstone.
pub const DELETED: &str = "deleted";

/// One version of a field: the change that wrote it. Versions sort by
/// stamp, then device: of two concurrent values the greater one wins, on
/// every device alike.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version {
    /// Hybrid-logical-clock stamp of the change: 16 hex digits.
    pub hlc: String,
    /// The device that made it.
    pub device: Uuid,
    /// The bundle of that device's log that carries it; 0 while it is only
    /// here (written since this device's last bundle).
    pub seq: u64,
}

impl Version {
    /// "hlc device seq", as kept in `fv` and in files.
    pub fn encode(&self) -> String {
        format!("{} {} {}", self.hlc, self.device, self.seq)
    }

    pub fn decode(text: &str) -> Option<Version> {
        let mut parts = text.split(' ');
        let hlc = parts.next()?;
        Hlc::decode(hlc)?;
        let device = Uuid::parse_str(parts.next()?).ok()?;
        let seq = parts.next()?.parse().ok()?;
        parts.next().is_none().then(|| Version { hlc: hlc.to_string(), device, seq })
    }

    /// Whether a device whose log positions are `vv` had this version when
    /// it made a change (a version not yet in a bundle was seen by nobody else).
    pub fn seen_by(&self, vv: &Vv) -> bool {
        self.seq > 0 && vv.get(&self.device).is_some_and(|&n| n >= self.seq)
    }
}

/// A version vector: per device, how far its log has been taken in.
pub type Vv = BTreeMap<Uuid, u64>;

/// A record's sync state, as exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Hybrid-logical-clock stamp of the record's base version: 16 hex digits.
    pub hlc: String,
    /// The device of the base version.
    pub device: Uuid,
    /// The bundle of that device that carried the base version (0: none yet).
    #[serde(default)]
    pub seq: u64,
    /// A tombstone: the record was deleted.
    pub deleted: bool,
    /// Fields whose version differs from the base: "hlc device seq".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl Meta {
    fn base(&self) -> Version {
        Version { hlc: self.hlc.clone(), device: self.device, seq: self.seq }
    }

    /// The version of every field of a record with these `fields`.
    pub fn versions(&self, fields: impl Iterator<Item = String>) -> Result<BTreeMap<String, Version>> {
        let mut out = BTreeMap::new();
        for name in fields.chain(std::iter::once(DELETED.to_string())) {
            let v = match self.fields.get(&name) {
                Some(text) => Version::decode(text).ok_or_else(|| StoreError::BadStamp(text.clone()))?,
                None => self.base(),
            };
            out.insert(name, v);
        }
        Ok(out)
    }
}

/// A value that lost to a concurrent change of the same field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// Made from the field and the losing version: the same on every device.
    pub id: String,
    pub table: String,
    pub record: Uuid,
    pub field: String,
    /// The losing value.
    pub value: Value,
    /// Its version, "hlc device seq".
    pub version: String,
}

impl Conflict {
    fn new(table: &str, record: &str, field: &str, value: Value, version: &Version) -> Result<Conflict> {
        let hash = sha2::Sha256::digest(format!("{table}/{record}/{field}/{}", version.encode()).as_bytes());
        let id = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
        let record = Uuid::parse_str(record).map_err(|_| StoreError::Corrupt(format!("bad record id {record}")))?;
        Ok(Conflict { id, table: table.into(), record, field: field.into(), value, version: version.encode() })
    }
}

/// Whether a merged row is still a valid record of its kind (the reason if not).
pub type RowCheck<'a> = dyn Fn(&Map<String, Value>) -> std::result::Result<(), String> + 'a;

/// One value of a field from elsewhere, with its version.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub field: String,
    pub value: Value,
    pub version: Version,
}

/// What merging changes from elsewhere did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    /// Fields that took a new value.
    pub fields: usize,
    /// Conflicts that opened.
    pub conflicts: usize,
    /// Records that were new here.
    pub created: usize,
}

/// What writing a record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    Updated,
    Unchanged,
}

/// Who writes, from where, and when: the state behind every stamp.
pub(crate) struct WriteCtx {
    pub clock: Box<dyn Clock>,
    pub device: Uuid,
    pub hlc: Hlc,
    /// What the store's `clock` setting holds: no stamp given out is past
    /// it (see `Store::write`).
    pub bound: Hlc,
    pub actor: String,
    /// The statement that writes a record of a table, built once per table:
    /// a plain insert for a new record (`true`), an upsert for one that is
    /// there.
    pub write_sql: std::collections::HashMap<(&'static str, bool), String>,
}

impl WriteCtx {
    fn stamp(&mut self, now: DateTime<Utc>) -> Hlc {
        self.hlc = self.hlc.tick(now.timestamp_millis().max(0) as u64);
        self.hlc
    }
}

/// How far ahead of the last stamp the stored clock is set (see
/// `Store::write`).
const CLOCK_LEAD_MS: u64 = 60_000;

/// Stores `clock` as the store's clock.
pub(super) fn save_clock(conn: &Connection, clock: Hlc) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO setting (key, value) VALUES ('clock', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([clock.encode()])?;
    Ok(())
}

/// One write transaction.
pub struct Tx<'a> {
    tx: Transaction<'a>,
    ctx: &'a mut WriteCtx,
    now: DateTime<Utc>,
    /// `now` and the device as written in every row of this transaction.
    at: String,
    device: String,
    clock_before: Hlc,
    /// The last audit row written in this transaction: (seq, hash). The
    /// transaction holds the write lock, so no other row comes between.
    pub(super) audit_head: Option<(i64, String)>,
    /// Whether the store holds any tombstone of an erased record, once
    /// asked in this transaction (as a rule it holds none: no lookups then).
    pub(super) any_purged: Option<bool>,
    /// Whether any conflict is open, likewise (mostly none: a local change
    /// then looks for none of its own).
    any_conflict: Option<bool>,
}

impl Store {
    /// A write transaction with this store's clock, device and actor.
    fn begin(&mut self) -> Result<Tx<'_>> {
        let now = self.ctx.clock.now();
        let tx = self.conn.transaction()?;
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let device = self.ctx.device.to_string();
        let clock_before = self.ctx.hlc;
        Ok(Tx {
            tx,
            ctx: &mut self.ctx,
            now,
            at,
            device,
            clock_before,
            audit_head: None,
            any_purged: None,
            any_conflict: None,
        })
    }

    /// Runs `f` in one transaction: everything it writes is committed
    /// together, or, when it returns an error, nothing is.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut w = self.begin()?;
        let out = f(&mut w)?;
        // The clock survives a restart, even a crash: the setting holds a
        // stamp no stamp given out is past. Not every write moves it (a page
        // of the setting table more in every commit, measured): only one
        // that goes past it, and then a minute ahead. A tidy close puts it
        // back on the last stamp (`Drop`), so a restart does not jump ahead;
        // after a crash the clock starts at most a minute ahead.
        let raised = (w.ctx.hlc > w.ctx.bound).then(|| Hlc { wall_ms: w.ctx.hlc.wall_ms + CLOCK_LEAD_MS, counter: 0 });
        if let Some(bound) = raised {
            save_clock(&w.tx, bound)?;
        }
        w.tx.commit().map_err(StoreError::from)?;
        if let Some(bound) = raised {
            w.ctx.bound = bound;
        }
        Ok(out)
    }

    /// Runs `f` in a write transaction and rolls it back whatever happens:
    /// what a write would do, without doing it (an import's review).
    pub fn rehearse<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut w = self.begin()?;
        let out = f(&mut w);
        w.ctx.hlc = w.clock_before;
        w.tx.rollback().map_err(StoreError::from)?;
        out
    }

    /// A live (not deleted) record by id.
    pub fn get<E: Entity>(&self, id: Uuid) -> Result<Option<E>> {
        get(&self.conn, id)
    }

    /// The row of a record as JSON (tombstones too), with its sync columns.
    pub fn row(&self, table: &str, id: Uuid) -> Result<Option<Map<String, Value>>> {
        raw_row(&self.conn, table, &id.to_string())
    }

    /// A record by id, live or a tombstone.
    pub fn get_any<E: Entity>(&self, id: Uuid) -> Result<Option<E>> {
        let Some(mut row) = raw_row(&self.conn, E::TABLE, &id.to_string())? else { return Ok(None) };
        for m in META {
            row.remove(m);
        }
        Ok(Some(serde_json::from_value(Value::Object(row))?))
    }

    /// Live records of a kind matching `filter` (an SQL condition on its
    /// columns), sorted by `order` (an SQL ordering, or "" for insertion
    /// order). Only the store's typed queries call this.
    pub(super) fn rows<E: Entity>(&self, filter: &str, order: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<E>> {
        select(&self.conn, filter, order, args)
    }

    /// Live records of a kind read by a whole `SELECT <table>.* …` statement
    /// (for joins); the sync columns are dropped.
    pub(super) fn rows_of<E: Entity>(&self, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<E>> {
        read_records(&self.conn, sql, args)
    }

    /// Every record of a kind, tombstones too, with its sync state, by id.
    pub fn export_all<E: Entity>(&self) -> Result<Vec<(E, Meta)>> {
        let sql = format!("SELECT * FROM {} ORDER BY id", E::TABLE);
        let mut stmt = self.conn.prepare(&sql)?;
        let names = column_names(&stmt);
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let (fields, meta) = split_meta(row_to_map(row, &names)?)?;
            out.push((serde_json::from_value(Value::Object(fields))?, meta));
        }
        Ok(out)
    }

    /// A new record id from the injected clock, outside any transaction.
    pub fn new_id(&mut self) -> Uuid {
        let now = self.ctx.clock.now();
        self.ctx.clock.new_id(now)
    }

    /// Today's date by the injected clock, in the computer's time zone (a
    /// session at 00:30 in Utrecht is on the Dutch date, not the UTC one).
    pub fn today(&mut self) -> chrono::NaiveDate {
        self.ctx.clock.now().with_timezone(&chrono::Local).date_naive()
    }

    /// The current time by the injected clock.
    pub fn now(&mut self) -> DateTime<Utc> {
        self.ctx.clock.now()
    }

    /// Whether a row (live or tombstone) with this id is in `table`.
    pub fn exists(&self, table: &str, id: Uuid) -> Result<bool> {
        let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.exists([id.to_string()])?)
    }

    /// Number of rows, tombstones included.
    pub fn count(&self, table: &str) -> Result<u64> {
        let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(n as u64)
    }
}

impl Tx<'_> {
    /// The time of this transaction, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// A new record id.
    pub fn new_id(&mut self) -> Uuid {
        self.ctx.clock.new_id(self.now)
    }

    /// The transaction's connection, for the store's own table-specific writes.
    pub(super) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// This device.
    pub fn device(&self) -> Uuid {
        self.ctx.device
    }

    pub fn get<E: Entity>(&self, id: Uuid) -> Result<Option<E>> {
        get(&self.tx, id)
    }

    /// Live records of a kind matching `filter`, inside this transaction
    /// (for checks that decide a write). Only the store's typed queries call this.
    pub(super) fn rows<E: Entity>(&self, filter: &str, order: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<E>> {
        select(&self.tx, filter, order, args)
    }

    /// A record's whole row (versions included), live or a tombstone.
    pub fn row(&self, table: &str, id: Uuid) -> Result<Option<Map<String, Value>>> {
        raw_row(&self.tx, table, &id.to_string())
    }

    /// A record by id, live or a tombstone.
    pub fn get_any<E: Entity>(&self, id: Uuid) -> Result<Option<E>> {
        let Some(mut row) = raw_row(&self.tx, E::TABLE, &id.to_string())? else { return Ok(None) };
        for m in META {
            row.remove(m);
        }
        Ok(Some(serde_json::from_value(Value::Object(row))?))
    }

    /// Creates or updates a record; only changed fields get a new version.
    pub fn put<E: Entity>(&mut self, record: &E) -> Result<Written> {
        let old = raw_row(&self.tx, E::TABLE, &record.id().to_string())?;
        self.write_record(record, old, &[])
    }

    /// Creates a record whose id was just made by [`Tx::new_id`], without
    /// looking for an old row first (a fresh UUIDv7 cannot exist yet).
    pub fn insert<E: Entity>(&mut self, record: &E) -> Result<Written> {
        self.write_record(record, None, &[])
    }

    /// Writes `record` and gives `fields` a new version even where the value
    /// is unchanged: choosing a value in a conflict review is a change that
    /// travels and closes the conflict everywhere.
    pub fn put_choosing<E: Entity>(&mut self, record: &E, fields: &[&str]) -> Result<Written> {
        let old = raw_row(&self.tx, E::TABLE, &record.id().to_string())?;
        self.write_record(record, old, fields)
    }

    fn write_record<E: Entity>(
        &mut self,
        record: &E,
        old: Option<Map<String, Value>>,
        forced: &[&str],
    ) -> Result<Written> {
        let fields = to_fields(record)?;
        let id = record.id().to_string();
        if old.is_none() {
            let values: Vec<(&str, &Value)> = fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
            if self.erased(E::TABLE, &id, &values)? {
                return Err(StoreError::Erased(E::TABLE.into(), id));
            }
        }
        let was_deleted = old.as_ref().is_some_and(|o| o.get(DELETED) == Some(&Value::from(1)));
        let mut changed: Vec<String> = match &old {
            Some(old) => fields
                .keys()
                .filter(|k| old.get(*k) != fields.get(*k) || was_deleted || forced.contains(&k.as_str()))
                .cloned()
                .collect(),
            None => fields.keys().filter(|k| *k != "id").cloned().collect(),
        };
        if old.is_some() && changed.is_empty() {
            return Ok(Written::Unchanged);
        }
        let version = self.local_version();
        let mut versions = match &old {
            Some(old) => RowVersions::of_row(old)?,
            None => RowVersions::new(version.clone()),
        };
        if was_deleted {
            changed.push(DELETED.into());
        }
        for field in &changed {
            versions.set(field, version.clone());
        }
        // A new record is a plain insert: an upsert's possible update makes
        // SQLite keep a statement journal of every page it touches (a
        // tenth of recording a session's attendance, measured).
        let fresh = old.is_none();
        let sql =
            self.ctx.write_sql.entry((E::TABLE, fresh)).or_insert_with(|| upsert_sql(E::TABLE, &fields, fresh)).clone();
        let (base, fv) = versions.normalized(fields.keys().chain(std::iter::once(&DELETED.to_string())));
        upsert(&self.tx, &sql, &fields, &base, fv.as_deref(), false)?;
        self.closed_by_local_change(E::TABLE, &id, &changed)?;
        // This audit row is also what notes the record for the next bundle
        // (migration 0012).
        let (action, written) = if old.is_some() { ("update", Written::Updated) } else { ("create", Written::Created) };
        let detail = changed.iter().filter(|f| *f != "id").map(String::as_str).collect::<Vec<_>>().join(",");
        self.audit(action, Some(E::TABLE), Some(&id), Some(&detail))?;
        Ok(written)
    }

    /// A new version made here: seq 0 until the next bundle carries it.
    fn local_version(&mut self) -> Version {
        Version { hlc: self.ctx.stamp(self.now).encode(), device: self.ctx.device, seq: 0 }
    }

    /// Marks a record deleted (a tombstone that travels with sync).
    pub fn delete<E: Entity>(&mut self, id: Uuid) -> Result<bool> {
        let id = id.to_string();
        match raw_row(&self.tx, E::TABLE, &id)? {
            Some(row) if row.get(DELETED) != Some(&Value::from(1)) => {
                let version = self.local_version();
                let mut versions = RowVersions::of_row(&row)?;
                versions.set(DELETED, version);
                let names: Vec<String> = row.keys().filter(|k| !META.contains(&k.as_str())).cloned().collect();
                let (base, fv) = versions.normalized(names.iter().chain(std::iter::once(&DELETED.to_string())));
                self.tx
                    .prepare_cached(&format!(
                        "UPDATE {} SET deleted = 1, hlc = ?2, device = ?3, seq = ?4, fv = ?5 WHERE id = ?1",
                        E::TABLE
                    ))?
                    .execute(params![id, base.hlc, base.device.to_string(), base.seq as i64, fv])?;
                self.closed_by_local_change(E::TABLE, &id, &[DELETED.to_string()])?;
                // Also notes it for the next bundle (migration 0012).
                self.audit("delete", Some(E::TABLE), Some(&id), None)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// A change made here saw every value this device has of those fields:
    /// their open conflicts are settled by it. Nothing to look at when no
    /// conflict is open at all (asked once per transaction); else one look at
    /// the record's open conflicts, then a delete for each field settled.
    fn closed_by_local_change(&mut self, table: &str, id: &str, fields: &[String]) -> Result<()> {
        let any = match self.any_conflict {
            Some(any) => any,
            None => self.tx.prepare_cached("SELECT 1 FROM conflict LIMIT 1")?.exists([])?,
        };
        self.any_conflict = Some(any);
        if !any {
            return Ok(());
        }
        let open: Vec<String> = self
            .tx
            .prepare_cached("SELECT DISTINCT field FROM conflict WHERE record_id = ?1 AND record_table = ?2")?
            .query_map([id, table], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for field in open.iter().filter(|f| fields.contains(f)) {
            self.tx
                .prepare_cached("DELETE FROM conflict WHERE record_id = ?1 AND field = ?2 AND record_table = ?3")?
                .execute([id, field.as_str(), table])?;
            self.audit("conflict-closed", Some(table), Some(id), Some(field))?;
        }
        Ok(())
    }

    /// Merges values of one record from elsewhere. For each field, the
    /// values kept are those of the local side that the other side had not
    /// seen (by `theirs`, its version vector) and those of the other side
    /// that this device had not seen (by `ours`); the greatest version wins
    /// the row, the others stay as open conflicts. `incoming` may hold a
    /// field twice (a value and the conflicts it had elsewhere). `check`
    /// sees the merged row before it is written. Returns what changed.
    pub fn merge(
        &mut self,
        table: &'static str,
        id: Uuid,
        incoming: &[Incoming],
        theirs: &Vv,
        ours: &Vv,
        check: &RowCheck<'_>,
    ) -> Result<Merged> {
        let id_text = id.to_string();
        let old = raw_row(&self.tx, table, &id_text)?;
        let mut merged = Merged::default();
        // Nothing of an erased dossier comes back.
        if old.is_none() {
            let values: Vec<(&str, &Value)> = incoming.iter().map(|i| (i.field.as_str(), &i.value)).collect();
            if self.erased(table, &id_text, &values)? {
                return Ok(merged);
            }
        }
        let mut row: Map<String, Value> = old.clone().unwrap_or_default();
        let mut versions = match &old {
            Some(old) => RowVersions::of_row(old)?,
            None => RowVersions::empty(),
        };
        let mut by_field: BTreeMap<&str, Vec<&Incoming>> = BTreeMap::new();
        for inc in incoming {
            by_field.entry(inc.field.as_str()).or_default().push(inc);
        }
        let mut touched = false;
        for (field, theirs_values) in by_field {
            if META.contains(&field) && field != DELETED || field == "id" {
                return Err(StoreError::Corrupt(format!("{table}.{field} cannot be changed")));
            }
            // The local frontier: the row's value and the open conflicts.
            let mut local: Vec<(Version, Value)> = Vec::new();
            let row_version = versions.get(field).cloned();
            if let Some(v) = &row_version {
                let value = if field == DELETED {
                    Value::Bool(row.get(DELETED) == Some(&Value::from(1)))
                } else {
                    row.get(field).cloned().unwrap_or(Value::Null)
                };
                local.push((v.clone(), value));
            }
            let open_before = self.conflicts_of(table, &id_text, field)?;
            let was_open: BTreeSet<Version> = open_before.iter().map(|(v, _)| v.clone()).collect();
            local.extend(open_before);
            let local_versions: BTreeSet<&Version> = local.iter().map(|(v, _)| v).collect();
            let their_versions: BTreeSet<&Version> = theirs_values.iter().map(|i| &i.version).collect();
            let mut kept: BTreeMap<Version, Value> = BTreeMap::new();
            for (v, value) in &local {
                if their_versions.contains(v) || !v.seen_by(theirs) {
                    kept.insert(v.clone(), value.clone());
                }
            }
            for inc in &theirs_values {
                if local_versions.contains(&inc.version) || !inc.version.seen_by(ours) {
                    kept.entry(inc.version.clone()).or_insert_with(|| inc.value.clone());
                }
            }
            let Some((winner, value)) = kept.pop_last() else { continue };
            let before: BTreeSet<&Version> = local_versions;
            let after: BTreeSet<&Version> = kept.keys().chain(std::iter::once(&winner)).collect();
            if before == after {
                continue;
            }
            touched = true;
            if row_version.as_ref() != Some(&winner) {
                merged.fields += 1;
            }
            if field == DELETED {
                row.insert(DELETED.into(), Value::from(i64::from(value.as_bool().unwrap_or(false))));
            } else {
                row.insert(field.into(), value);
            }
            versions.set(field, winner);
            // The conflicts of this field become exactly the kept losers.
            self.tx
                .prepare_cached("DELETE FROM conflict WHERE record_id = ?1 AND field = ?2 AND record_table = ?3")?
                .execute([&id_text, field, table])?;
            for (v, value) in &kept {
                if !was_open.contains(v) {
                    merged.conflicts += 1;
                }
                let c = Conflict::new(table, &id_text, field, value.clone(), v)?;
                self.any_conflict = Some(true);
                self.tx
                    .prepare_cached(
                        "INSERT INTO conflict (id, record_table, record_id, field, value, hlc, device, seq)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![
                        c.id,
                        table,
                        id_text,
                        field,
                        value.to_string(),
                        v.hlc,
                        v.device.to_string(),
                        v.seq as i64
                    ])?;
            }
        }
        if !touched {
            return Ok(merged);
        }
        let mut fields = row.clone();
        for m in META {
            fields.remove(m);
        }
        fields.insert("id".into(), Value::String(id_text.clone()));
        if old.is_none() {
            merged.created = 1;
        }
        check(&fields).map_err(|e| StoreError::Corrupt(format!("{table} {id}: {e}")))?;
        let names: Vec<String> = fields.keys().cloned().collect();
        let (base, fv) = versions.normalized(names.iter().chain(std::iter::once(&DELETED.to_string())));
        let deleted = row.get(DELETED) == Some(&Value::from(1));
        let sql = upsert_sql(table, &fields, old.is_none());
        upsert(&self.tx, &sql, &fields, &base, fv.as_deref(), deleted)?;
        for inc in incoming {
            if let Ok(hlc) = Hlc::decode(&inc.version.hlc).ok_or(()) {
                self.ctx.hlc = self.ctx.hlc.max(hlc);
            }
        }
        // An erasure made elsewhere erases the same dossier here.
        if table == crate::model::Erasure::TABLE && old.is_none() && !deleted {
            let participant = fields
                .get("participant_id")
                .and_then(Value::as_str)
                .and_then(|p| Uuid::parse_str(p).ok())
                .ok_or_else(|| StoreError::Corrupt(format!("erasure {id} names no participant")))?;
            self.purge_dossier(participant, id)?;
        }
        Ok(merged)
    }

    pub(super) fn conflicts_of(&self, table: &str, id: &str, field: &str) -> Result<Vec<(Version, Value)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT hlc, device, seq, value FROM conflict WHERE record_id = ?1 AND field = ?2 AND record_table = ?3",
        )?;
        let rows = stmt.query_map([id, field, table], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (hlc, device, seq, value) = row?;
            let device = Uuid::parse_str(&device).map_err(|_| StoreError::Corrupt(format!("bad device {device}")))?;
            out.push((Version { hlc, device, seq: seq as u64 }, serde_json::from_str(&value)?));
        }
        Ok(out)
    }

    /// Writes an audit row: who, what, when, which record.
    pub fn audit(&mut self, action: &str, table: Option<&str>, id: Option<&str>, detail: Option<&str>) -> Result<()> {
        self.audit_of(action, table, id, None, detail)
    }

    /// An audit row that names the dossier (participant) it concerns: a
    /// read of a child's file, an export made from it.
    pub fn audit_of(
        &mut self,
        action: &str,
        table: Option<&str>,
        id: Option<&str>,
        dossier: Option<Uuid>,
        detail: Option<&str>,
    ) -> Result<()> {
        let entry = super::privacy::AuditEntry {
            seq: 0,
            at: self.at.clone(),
            actor: self.ctx.actor.clone(),
            device: self.device.clone(),
            action: action.into(),
            record_table: table.map(str::to_string),
            record_id: id.map(str::to_string),
            dossier: dossier.map(|d| d.to_string()),
            detail: detail.map(str::to_string),
        };
        self.append_audit(entry)
    }
}

/// The versions of a row's fields: a base version and the fields that differ.
#[derive(Debug, Clone)]
pub(super) struct RowVersions {
    base: Option<Version>,
    fields: BTreeMap<String, Version>,
}

impl RowVersions {
    fn new(base: Version) -> RowVersions {
        RowVersions { base: Some(base), fields: BTreeMap::new() }
    }

    fn empty() -> RowVersions {
        RowVersions { base: None, fields: BTreeMap::new() }
    }

    pub(super) fn of_row(row: &Map<String, Value>) -> Result<RowVersions> {
        let text = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let device = text("device");
        let device = Uuid::parse_str(&device).map_err(|_| StoreError::Corrupt(format!("bad device id {device}")))?;
        let seq = row.get("seq").and_then(Value::as_i64).unwrap_or(0) as u64;
        let base = Version { hlc: text("hlc"), device, seq };
        let mut fields = BTreeMap::new();
        if let Some(fv) = row.get("fv").and_then(Value::as_str) {
            let map: BTreeMap<String, String> = serde_json::from_str(fv)?;
            for (k, v) in map {
                fields.insert(k, Version::decode(&v).ok_or(StoreError::BadStamp(v))?);
            }
        }
        Ok(RowVersions { base: Some(base), fields })
    }

    pub(super) fn get(&self, field: &str) -> Option<&Version> {
        self.fields.get(field).or(self.base.as_ref())
    }

    pub(super) fn set(&mut self, field: &str, version: Version) {
        self.fields.insert(field.to_string(), version);
    }

    /// The base version (the one most fields have; the greatest on a tie)
    /// and the others as `fv` JSON: the same fields give the same row on
    /// every device.
    pub(super) fn normalized<'a>(&self, names: impl Iterator<Item = &'a String>) -> (Version, Option<String>) {
        let all: BTreeMap<&str, &Version> =
            names.filter(|n| n.as_str() != "id").filter_map(|n| self.get(n).map(|v| (n.as_str(), v))).collect();
        let mut counts: BTreeMap<&Version, usize> = BTreeMap::new();
        for v in all.values() {
            *counts.entry(v).or_default() += 1;
        }
        let base = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
            .map(|(v, _)| (*v).clone())
            .or_else(|| self.base.clone())
            .unwrap_or(Version { hlc: Hlc::default().encode(), device: Uuid::nil(), seq: 0 });
        let rest: BTreeMap<&str, String> =
            all.into_iter().filter(|(_, v)| **v != base).map(|(k, v)| (k, v.encode())).collect();
        let fv = (!rest.is_empty()).then(|| serde_json::to_string(&rest).unwrap_or_default());
        (base, fv)
    }
}

fn get<E: Entity>(conn: &Connection, id: Uuid) -> Result<Option<E>> {
    Ok(select::<E>(conn, "id = ?1", "", &[&id.to_string()])?.into_iter().next())
}

/// Live records of `E` matching `filter`, sorted by `order` ("" keeps the
/// insertion order); tombstones are always left out.
fn select<E: Entity>(conn: &Connection, filter: &str, order: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<E>> {
    // Without an order, SQLite returns an index lookup in rowid order
    // (insertion order) without sorting; with one, rowid breaks ties.
    let order = if order.is_empty() { String::new() } else { format!("ORDER BY {order}, rowid") };
    let sql = format!("SELECT * FROM {} WHERE deleted = 0 AND ({filter}) {order}", E::TABLE);
    read_records(conn, &sql, args)
}

fn read_records<E: Entity>(conn: &Connection, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<E>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names = column_names(&stmt);
    let mut rows = stmt.query(args)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(serde::Deserialize::deserialize(super::decode::RowFields { row, names: &names, skip: &META })?);
    }
    Ok(out)
}

pub(super) fn column_names(stmt: &rusqlite::Statement<'_>) -> Vec<String> {
    stmt.column_names().into_iter().map(str::to_string).collect()
}

pub(super) fn row_to_map(row: &Row<'_>, names: &[String]) -> Result<Map<String, Value>> {
    let mut map = Map::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let value = match row.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::from(n),
            ValueRef::Real(f) => Value::from(f),
            ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(_) => return Err(StoreError::Corrupt(format!("unexpected blob in {name}"))),
        };
        map.insert(name.clone(), value);
    }
    Ok(map)
}

fn split_meta(mut map: Map<String, Value>) -> Result<(Map<String, Value>, Meta)> {
    let text = |v: Option<Value>| v.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let hlc = text(map.remove("hlc"));
    let device = text(map.remove("device"));
    let deleted = map.remove("deleted").and_then(|v| v.as_i64()) == Some(1);
    let seq = map.remove("seq").and_then(|v| v.as_i64()).unwrap_or(0) as u64;
    let fields = match map.remove("fv") {
        Some(Value::String(fv)) => serde_json::from_str(&fv)?,
        _ => BTreeMap::new(),
    };
    let device = Uuid::parse_str(&device).map_err(|_| StoreError::Corrupt(format!("bad device id {device}")))?;
    Ok((map, Meta { hlc, device, seq, deleted, fields }))
}

pub(super) fn raw_row(conn: &Connection, table: &str, id: &str) -> Result<Option<Map<String, Value>>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let names = column_names(&stmt);
    let row = stmt.query_row([id], |row| Ok(row_to_map(row, &names))).optional()?;
    row.transpose()
}

fn to_fields<E: Entity>(record: &E) -> Result<Map<String, Value>> {
    match serde_json::to_value(record)? {
        Value::Object(map) => Ok(map),
        _ => Err(StoreError::Corrupt(format!("{} is not a record", E::TABLE))),
    }
}

fn to_sql(value: &Value) -> Sql {
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// The upsert statement of a table, for a record's fields in serde order
/// (the same for every record of a type); only the insert when `fresh`.
fn upsert_sql(table: &str, fields: &Map<String, Value>, fresh: bool) -> String {
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    let columns = names.join(", ");
    let marks = (0..names.len()).map(|i| format!("?{}", i + 6)).collect::<Vec<_>>().join(", ");
    let insert =
        format!("INSERT INTO {table} (hlc, device, deleted, seq, fv, {columns}) VALUES (?1, ?2, ?3, ?4, ?5, {marks})");
    if fresh {
        return insert;
    }
    let updates =
        names.iter().filter(|n| **n != "id").map(|n| format!("{n} = excluded.{n}")).collect::<Vec<_>>().join(", ");
    format!(
        "{insert}
         ON CONFLICT (id) DO UPDATE SET hlc = excluded.hlc, device = excluded.device,
         deleted = excluded.deleted, seq = excluded.seq, fv = excluded.fv, {updates}"
    )
}

fn upsert(
    conn: &Connection,
    sql: &str,
    fields: &Map<String, Value>,
    base: &Version,
    fv: Option<&str>,
    deleted: bool,
) -> Result<()> {
    let mut values = vec![
        Sql::Text(base.hlc.clone()),
        Sql::Text(base.device.to_string()),
        Sql::Integer(i64::from(deleted)),
        Sql::Integer(base.seq as i64),
        fv.map_or(Sql::Null, |f| Sql::Text(f.to_string())),
    ];
    values.extend(fields.values().map(to_sql));
    conn.prepare_cached(sql)?.execute(params_from_iter(values))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Organisation, Trainer, TrainerRole};

    fn org(id: Uuid, name: &str) -> Organisation {
        Organisation { id, name: name.into(), retention_years: None }
    }

    fn versions(store: &Store) -> Vec<(String, i64, Option<String>)> {
        let mut stmt = store.conn.prepare("SELECT hlc, seq, fv FROM organisation").expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("query").map(|r| r.expect("row")).collect()
    }

    fn outbox(store: &Store) -> u64 {
        store.pending().expect("pending")
    }

    #[test]
    fn writes_are_versioned_per_field_noted_for_the_next_bundle_and_audited() {
        let mut store = Store::open_in_memory().expect("store");
        let id = store.write(|tx| -> Result<Uuid> { Ok(tx.new_id()) }).expect("id");
        assert_eq!(id.get_version_num(), 7);

        let w = store.write(|tx| tx.put(&org(id, "Trajectum"))).expect("put");
        assert_eq!(w, Written::Created);
        assert_eq!(store.get::<Organisation>(id).expect("get"), Some(org(id, "Trajectum")));
        let first = versions(&store);
        assert_eq!(first[0].1, 0, "not in a bundle yet");
        assert_eq!(first[0].2, None, "every field has the base version");
        assert_eq!(outbox(&store), 1);

        assert_eq!(store.write(|tx| tx.put(&org(id, "Trajectum"))).expect("put"), Written::Unchanged);
        assert_eq!(store.write(|tx| tx.put(&org(id, "Trajectum Utrecht"))).expect("put"), Written::Updated);
        let (_, meta) = store.export_all::<Organisation>().expect("export").remove(0);
        let v = meta.versions(["name".to_string()].into_iter()).expect("versions");
        assert!(v["name"].hlc > v[DELETED].hlc, "the changed field has the later stamp");
        assert_eq!(outbox(&store), 1, "one record, noted once");

        let audit: Vec<(String, String)> = store
            .conn
            .prepare("SELECT action, detail FROM audit ORDER BY seq")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        assert_eq!(audit, [("create".into(), "name,retention_years".into()), ("update".into(), "name".into())]);
    }

    #[test]
    fn the_audit_names_what_the_next_bundle_takes_each_record_once() {
        let mut store = Store::open_in_memory().expect("store");
        let first = store.write(|tx| -> Result<Uuid> { Ok(tx.new_id()) }).expect("id");
        store.write(|tx| tx.put(&org(first, "Eerste"))).expect("put");
        store.write(|tx| tx.put(&org(first, "Eerste stichting"))).expect("put");
        assert_eq!(outbox(&store), 1, "written twice, one record");
        for i in 0..40 {
            store
                .write(|tx| {
                    let id = tx.new_id();
                    tx.put(&org(id, &format!("Stichting {i}")))
                })
                .expect("put");
        }
        store.write(|tx| tx.put(&org(first, "Eerste stichting Utrecht"))).expect("put");
        // Other audit rows (a read, an export) name nothing to send.
        store.write(|tx| tx.audit("export", Some("organisation"), Some(&first.to_string()), None)).expect("audit");
        assert_eq!(outbox(&store), 41);
        let closed = store.write(|tx| tx.close_pending()).expect("close").expect("pending");
        assert_eq!(closed.changes.len(), 41, "each record once");
        assert_eq!(closed.changes.iter().filter(|c| c.id == first).count(), 1);
        let name = &closed.changes.iter().find(|c| c.id == first).expect("first").fields["name"];
        assert_eq!(name, &Value::from("Eerste stichting Utrecht"), "its latest value");
        assert_eq!(outbox(&store), 0, "the mark moved past them");
        assert!(store.write(|tx| tx.close_pending()).expect("close").is_none(), "nothing left to close");

        // After the bundle: only what is written from then on.
        store.write(|tx| tx.delete::<Organisation>(first)).expect("delete");
        assert_eq!(outbox(&store), 1);
        let closed = store.write(|tx| tx.close_pending()).expect("close").expect("pending");
        assert_eq!(closed.changes.len(), 1);
        assert_eq!(closed.changes[0].fields.get(DELETED), Some(&Value::Bool(true)));
    }

    /// A store of before migration 0012 had records waiting in `outbox`:
    /// they go with the next bundle, with those written since.
    #[test]
    fn what_waited_in_the_old_outbox_goes_with_the_next_bundle() {
        let mut store = Store::open_in_memory().expect("store");
        let (old, new) = store.write(|tx| -> Result<(Uuid, Uuid)> { Ok((tx.new_id(), tx.new_id())) }).expect("ids");
        store.write(|tx| tx.put(&org(old, "Van voor versie 12"))).expect("put");
        // As the old version left it: noted in the outbox, the mark past its audit row.
        store
            .conn
            .execute_batch(&format!(
                "INSERT INTO outbox (record_table, record_id) VALUES ('organisation', '{old}');
                 UPDATE setting SET value = (SELECT max(seq) FROM audit) WHERE key = 'outbox_mark';"
            ))
            .expect("old outbox");
        store.write(|tx| tx.put(&org(new, "Nieuw"))).expect("put");
        assert_eq!(outbox(&store), 2);
        let closed = store.write(|tx| tx.close_pending()).expect("close").expect("pending");
        let ids: Vec<Uuid> = closed.changes.iter().map(|c| c.id).collect();
        assert_eq!(ids, [old, new]);
        assert_eq!(store.count("outbox").expect("count"), 0, "the old outbox is emptied");
        assert_eq!(outbox(&store), 0);
    }

    #[test]
    fn a_failed_transaction_writes_nothing() {
        let mut store = Store::open_in_memory().expect("store");
        let result: Result<()> = store.write(|tx| {
            let id = tx.new_id();
            tx.put(&org(id, "Half"))?;
            // A trainer of an organisation that does not exist: the foreign key fails.
            let t = Trainer {
                id: tx.new_id(),
                organisation_id: Uuid::nil(),
                name: "X".into(),
                email: None,
                role: TrainerRole::Trainer,
            };
            tx.put(&t)?;
            Ok(())
        });
        assert!(result.is_err());
        for table in ["organisation", "trainer", "outbox", "audit"] {
            assert_eq!(store.count(table).expect("count"), 0, "{table}");
        }
    }

    fn incoming(field: &str, value: &str, hlc: u64, device: Uuid, seq: u64) -> Incoming {
        Incoming {
            field: field.into(),
            value: Value::from(value),
            version: Version { hlc: Hlc { wall_ms: hlc, counter: 0 }.encode(), device, seq },
        }
    }

    fn ok(_: &Map<String, Value>) -> std::result::Result<(), String> {
        Ok(())
    }

    #[test]
    fn concurrent_values_of_one_field_keep_a_conflict_and_a_later_change_settles_it() {
        let mut store = Store::open_in_memory().expect("store");
        let (a, b) = (Uuid::from_u128(0xa), Uuid::from_u128(0xb));
        let id = Uuid::from_u128(1);
        let none = Vv::new();
        // A's record arrives (bundle a/1).
        let create = [incoming("name", "Trajectum", 1_000, a, 1)];
        let m = store.write(|tx| tx.merge("organisation", id, &create, &none, &none, &ok)).expect("merge");
        assert_eq!(m, Merged { fields: 1, conflicts: 0, created: 1 });
        let mut ours = Vv::from([(a, 1)]);
        // B renamed it having seen a/1; A renamed it too (a/2), without seeing b/1.
        let from_b = [incoming("name", "Trajectum Utrecht", 2_000, b, 1)];
        let theirs_b = Vv::from([(a, 1), (b, 1)]);
        store.write(|tx| tx.merge("organisation", id, &from_b, &theirs_b, &ours, &ok)).expect("merge");
        ours.insert(b, 1);
        let from_a = [incoming("name", "Trajectum Zuid", 3_000, a, 2)];
        let theirs_a = Vv::from([(a, 2)]);
        let m = store.write(|tx| tx.merge("organisation", id, &from_a, &theirs_a, &ours, &ok)).expect("merge");
        assert_eq!(m.conflicts, 1, "b/1 did not see a/2, nor a/2 b/1");
        assert_eq!(store.get::<Organisation>(id).expect("get").map(|o| o.name), Some("Trajectum Zuid".into()));
        assert_eq!(store.count("conflict").expect("count"), 1);
        // Merging the same again changes nothing.
        let again = store.write(|tx| tx.merge("organisation", id, &from_b, &theirs_b, &ours, &ok)).expect("merge");
        assert_eq!(again, Merged::default());
        // A change made here saw both: it settles the conflict.
        store.write(|tx| tx.put(&org(id, "Trajectum Midden"))).expect("put");
        assert_eq!(store.count("conflict").expect("count"), 0);
    }

    #[test]
    fn tombstones_stay_and_the_clock_moves_past_what_was_merged() {
        let mut store = Store::open_in_memory().expect("store");
        let id = store.write(|tx| -> Result<Uuid> { Ok(tx.new_id()) }).expect("id");
        store.write(|tx| tx.put(&org(id, "A"))).expect("put");
        assert!(store.write(|tx| tx.delete::<Organisation>(id)).expect("delete"));
        assert_eq!(store.get::<Organisation>(id).expect("get"), None);
        assert_eq!(store.count("organisation").expect("count"), 1, "the row stays as a tombstone");
        let (_, meta) = store.export_all::<Organisation>().expect("export").remove(0);
        assert!(meta.deleted);

        // A rename from elsewhere that had seen the record but not its
        // deletion changes the name, not the tombstone.
        let far = u64::MAX >> 20;
        let rename = [incoming("name", "B", far, Uuid::max(), 1)];
        store.write(|tx| tx.merge("organisation", id, &rename, &Vv::new(), &Vv::new(), &ok)).expect("merge");
        assert_eq!(store.get::<Organisation>(id).expect("get"), None, "still deleted");
        store.write(|tx| tx.put(&org(id, "Local"))).expect("put");
        let (_, meta) = store.export_all::<Organisation>().expect("export").remove(0);
        assert!(meta.hlc > Hlc { wall_ms: far, counter: 0 }.encode(), "the local clock moved past the merged stamp");
    }

    #[test]
    fn versions_round_trip_as_text() {
        let v = Version { hlc: Hlc { wall_ms: 5, counter: 1 }.encode(), device: Uuid::from_u128(7), seq: 3 };
        assert_eq!(Version::decode(&v.encode()), Some(v.clone()));
        assert_eq!(Version::decode("zz 1 2"), None);
        assert!(!v.seen_by(&Vv::new()));
        assert!(v.seen_by(&Vv::from([(Uuid::from_u128(7), 3)])));
        let pending = Version { seq: 0, ..v };
        assert!(!pending.seen_by(&Vv::from([(Uuid::from_u128(7), 99)])), "a change not in a bundle was seen by none");
    }
}
