//! Sync-ready reads and writes of every record table.
//!
//! A write goes through [`Tx`]: it stamps the row with the next hybrid
//! logical clock stamp and this device, appends each changed field to the
//! `change` log and writes an `audit` row, all in the caller's transaction.
//! Deletes are tombstones. Rows are mapped to and from the [`Entity`] types
//! through their serde form: a struct field is a column of the same name.

use chrono::{DateTime, Utc};
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{Result, Store, StoreError};
use crate::clock::{Clock, Hlc};
use crate::model::Entity;

/// The sync columns every record row carries.
pub(crate) const META: [&str; 3] = ["hlc", "device", "deleted"];

/// A record's sync state, as exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Hybrid-logical-clock stamp of the last change: 16 hex digits.
    pub hlc: String,
    /// The device that made the last change.
    pub device: Uuid,
    /// A tombstone: the record was deleted.
    pub deleted: bool,
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
    pub actor: String,
    /// The upsert statement per table, built once.
    pub upsert_sql: std::collections::HashMap<&'static str, String>,
}

impl WriteCtx {
    fn stamp(&mut self, now: DateTime<Utc>) -> Hlc {
        self.hlc = self.hlc.tick(now.timestamp_millis().max(0) as u64);
        self.hlc
    }
}

/// One write transaction.
pub struct Tx<'a> {
    tx: Transaction<'a>,
    ctx: &'a mut WriteCtx,
    now: DateTime<Utc>,
    /// `now` and the device as written in every row of this transaction.
    at: String,
    device: String,
}

impl Store {
    /// Runs `f` in one transaction: everything it writes is committed
    /// together, or, when it returns an error, nothing is.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let now = self.ctx.clock.now();
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let device = self.ctx.device.to_string();
        let mut w = Tx { tx, ctx: &mut self.ctx, now, at, device };
        let out = f(&mut w)?;
        w.tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// A live (not deleted) record by id.
    pub fn get<E: Entity>(&self, id: Uuid) -> Result<Option<E>> {
        get(&self.conn, id)
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

    pub fn get<E: Entity>(&self, id: Uuid) -> Result<Option<E>> {
        get(&self.tx, id)
    }

    /// Creates or updates a record; only changed fields are logged.
    pub fn put<E: Entity>(&mut self, record: &E) -> Result<Written> {
        let old = raw_row(&self.tx, E::TABLE, &record.id().to_string())?;
        self.write_record(record, old)
    }

    /// Creates a record whose id was just made by [`Tx::new_id`], without
    /// looking for an old row first (a fresh UUIDv7 cannot exist yet).
    pub fn insert<E: Entity>(&mut self, record: &E) -> Result<Written> {
        self.write_record(record, None)
    }

    fn write_record<E: Entity>(&mut self, record: &E, old: Option<Map<String, Value>>) -> Result<Written> {
        let fields = to_fields(record)?;
        let id = record.id().to_string();
        // A new record logs its set fields (the id is the record's own key;
        // an absent field reads as null); an update logs what changed.
        let changed: Vec<&String> = match &old {
            Some(old) => fields
                .keys()
                .filter(|k| old.get(*k) != fields.get(*k) || old.get("deleted") == Some(&Value::from(1)))
                .collect(),
            None => fields.iter().filter(|(k, v)| *k != "id" && !v.is_null()).map(|(k, _)| k).collect(),
        };
        if old.is_some() && changed.is_empty() {
            return Ok(Written::Unchanged);
        }
        let hlc = self.ctx.stamp(self.now).encode();
        let sql = self.ctx.upsert_sql.entry(E::TABLE).or_insert_with(|| upsert_sql(E::TABLE, &fields)).clone();
        upsert(&self.tx, &sql, &fields, &hlc, &self.device, false)?;
        for field in &changed {
            log_change(&self.tx, E::TABLE, &id, field, &fields[field.as_str()], &hlc, &self.device)?;
        }
        let (action, written) = if old.is_some() { ("update", Written::Updated) } else { ("create", Written::Created) };
        let detail = changed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");
        self.audit(action, Some(E::TABLE), Some(&id), Some(&detail))?;
        Ok(written)
    }

    /// Marks a record deleted (a tombstone that travels with sync).
    pub fn delete<E: Entity>(&mut self, id: Uuid) -> Result<bool> {
        let id = id.to_string();
        match raw_row(&self.tx, E::TABLE, &id)? {
            Some(row) if row.get("deleted") != Some(&Value::from(1)) => {
                let hlc = self.ctx.stamp(self.now).encode();
                let device = self.device.clone();
                self.tx.execute(
                    &format!("UPDATE {} SET deleted = 1, hlc = ?2, device = ?3 WHERE id = ?1", E::TABLE),
                    params![id, hlc, device],
                )?;
                log_change(&self.tx, E::TABLE, &id, "deleted", &Value::Bool(true), &hlc, &device)?;
                self.audit("delete", Some(E::TABLE), Some(&id), None)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Applies a record from elsewhere (an import, later a sync bundle) with
    /// its own stamp: it wins when its stamp is newer than the stored one.
    pub fn apply<E: Entity>(&mut self, record: &E, meta: &Meta) -> Result<bool> {
        let incoming = Hlc::decode(&meta.hlc).ok_or_else(|| StoreError::BadStamp(meta.hlc.clone()))?;
        let id = record.id().to_string();
        let device = meta.device.to_string();
        if let Some(old) = raw_row(&self.tx, E::TABLE, &id)? {
            let stored = (
                old.get("hlc").and_then(Value::as_str).unwrap_or(""),
                old.get("device").and_then(Value::as_str).unwrap_or(""),
            );
            if (meta.hlc.as_str(), device.as_str()) <= stored {
                return Ok(false);
            }
        }
        let fields = to_fields(record)?;
        let sql = self.ctx.upsert_sql.entry(E::TABLE).or_insert_with(|| upsert_sql(E::TABLE, &fields)).clone();
        upsert(&self.tx, &sql, &fields, &meta.hlc, &device, meta.deleted)?;
        for (field, value) in &fields {
            log_change(&self.tx, E::TABLE, &id, field, value, &meta.hlc, &device)?;
        }
        if meta.deleted {
            log_change(&self.tx, E::TABLE, &id, "deleted", &Value::Bool(true), &meta.hlc, &device)?;
        }
        self.ctx.hlc = self.ctx.hlc.max(incoming);
        Ok(true)
    }

    /// Writes an audit row: who, what, when, which record.
    pub fn audit(&mut self, action: &str, table: Option<&str>, id: Option<&str>, detail: Option<&str>) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO audit (at, actor, device, action, record_table, record_id, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![self.at, self.ctx.actor, self.device, action, table, id, detail])?;
        Ok(())
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
        let mut map = row_to_map(row, &names)?;
        for m in META {
            map.remove(m);
        }
        out.push(serde_json::from_value(Value::Object(map))?);
    }
    Ok(out)
}

fn column_names(stmt: &rusqlite::Statement<'_>) -> Vec<String> {
    stmt.column_names().into_iter().map(str::to_string).collect()
}

fn row_to_map(row: &Row<'_>, names: &[String]) -> Result<Map<String, Value>> {
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
    let device = Uuid::parse_str(&device).map_err(|_| StoreError::Corrupt(format!("bad device id {device}")))?;
    Ok((map, Meta { hlc, device, deleted }))
}

fn raw_row(conn: &Connection, table: &str, id: &str) -> Result<Option<Map<String, Value>>> {
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
/// (the same for every record of a type).
fn upsert_sql(table: &str, fields: &Map<String, Value>) -> String {
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    let columns = names.join(", ");
    let marks = (0..names.len()).map(|i| format!("?{}", i + 4)).collect::<Vec<_>>().join(", ");
    let updates =
        names.iter().filter(|n| **n != "id").map(|n| format!("{n} = excluded.{n}")).collect::<Vec<_>>().join(", ");
    format!(
        "INSERT INTO {table} (hlc, device, deleted, {columns}) VALUES (?1, ?2, ?3, {marks})
         ON CONFLICT (id) DO UPDATE SET hlc = excluded.hlc, device = excluded.device,
         deleted = excluded.deleted, {updates}"
    )
}

fn upsert(
    conn: &Connection,
    sql: &str,
    fields: &Map<String, Value>,
    hlc: &str,
    device: &str,
    deleted: bool,
) -> Result<()> {
    let mut values = vec![Sql::Text(hlc.into()), Sql::Text(device.into()), Sql::Integer(i64::from(deleted))];
    values.extend(fields.values().map(to_sql));
    conn.prepare_cached(sql)?.execute(params_from_iter(values))?;
    Ok(())
}

fn log_change(
    conn: &Connection,
    table: &str,
    id: &str,
    field: &str,
    value: &Value,
    hlc: &str,
    device: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO change (record_table, record_id, field, value, hlc, device) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![table, id, field, value.to_string(), hlc, device])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Organisation, Trainer, TrainerRole};

    fn org(id: Uuid, name: &str) -> Organisation {
        Organisation { id, name: name.into() }
    }

    fn changes(store: &Store) -> Vec<(String, String)> {
        let mut stmt = store.conn.prepare("SELECT field, value FROM change ORDER BY seq").expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("query").map(|r| r.expect("row")).collect()
    }

    #[test]
    fn writes_are_stamped_logged_per_field_and_audited() {
        let mut store = Store::open_in_memory().expect("store");
        let id = store.write(|tx| -> Result<Uuid> { Ok(tx.new_id()) }).expect("id");
        assert_eq!(id.get_version_num(), 7);

        let w = store.write(|tx| tx.put(&org(id, "Trajectum"))).expect("put");
        assert_eq!(w, Written::Created);
        assert_eq!(store.get::<Organisation>(id).expect("get"), Some(org(id, "Trajectum")));
        assert_eq!(changes(&store), [("name".to_string(), "\"Trajectum\"".to_string())]);

        assert_eq!(store.write(|tx| tx.put(&org(id, "Trajectum"))).expect("put"), Written::Unchanged);
        assert_eq!(store.write(|tx| tx.put(&org(id, "Trajectum Utrecht"))).expect("put"), Written::Updated);
        let log = changes(&store);
        assert_eq!(log.len(), 2, "only the changed field is logged again");
        assert_eq!(log[1], ("name".into(), "\"Trajectum Utrecht\"".into()));

        let audit: Vec<(String, String)> = store
            .conn
            .prepare("SELECT action, detail FROM audit ORDER BY seq")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        assert_eq!(audit, [("create".into(), "name".into()), ("update".into(), "name".into())]);

        let stamps: Vec<String> = store
            .conn
            .prepare("SELECT hlc FROM change ORDER BY seq")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        assert!(stamps[0] < stamps[1], "later changes have later stamps");
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
        for table in ["organisation", "trainer", "change", "audit"] {
            assert_eq!(store.count(table).expect("count"), 0, "{table}");
        }
    }

    #[test]
    fn deletes_are_tombstones_and_the_newest_stamp_wins_on_apply() {
        let mut store = Store::open_in_memory().expect("store");
        let id = store.write(|tx| -> Result<Uuid> { Ok(tx.new_id()) }).expect("id");
        store.write(|tx| tx.put(&org(id, "A"))).expect("put");
        assert!(store.write(|tx| tx.delete::<Organisation>(id)).expect("delete"));
        assert_eq!(store.get::<Organisation>(id).expect("get"), None);
        assert_eq!(store.count("organisation").expect("count"), 1, "the row stays as a tombstone");
        let (_, meta) = store.export_all::<Organisation>().expect("export").remove(0);
        assert!(meta.deleted);

        let older = Meta { hlc: Hlc { wall_ms: 1, counter: 0 }.encode(), device: Uuid::max(), deleted: false };
        assert!(!store.write(|tx| tx.apply(&org(id, "Old"), &older)).expect("apply"), "an older change loses");
        let newer =
            Meta { hlc: Hlc { wall_ms: u64::MAX >> 16, counter: 0 }.encode(), device: Uuid::max(), deleted: false };
        assert!(store.write(|tx| tx.apply(&org(id, "New"), &newer)).expect("apply"));
        assert_eq!(store.get::<Organisation>(id).expect("get").map(|o| o.name), Some("New".into()));
        // The local clock moved past the applied stamp.
        store.write(|tx| tx.put(&org(id, "Local"))).expect("put");
        let (_, meta) = store.export_all::<Organisation>().expect("export").remove(0);
        assert!(meta.hlc > newer.hlc);
    }
}
