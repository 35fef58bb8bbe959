//! The store's side of team sync: the version vector (`peer`), closing this
//! device's pending changes into the next bundle of its log (`outbox`), open
//! conflicts, and bundles set aside.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::records::{raw_row, Conflict, RowVersions, Tx, Version, Vv, DELETED, META};
use super::{Result, Store, StoreError};

/// The changed fields of one record in a bundle: the values and the stamps
/// of their versions (the device and seq are the bundle's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordChange {
    #[serde(rename = "t")]
    pub table: String,
    pub id: Uuid,
    /// The stamp most of the fields have.
    #[serde(rename = "h")]
    pub hlc: String,
    #[serde(rename = "f")]
    pub fields: BTreeMap<String, Value>,
    /// Fields whose stamp differs from `hlc`.
    #[serde(rename = "fh", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hlcs: BTreeMap<String, String>,
}

/// This device's pending changes, closed as bundle `seq` of its log.
#[derive(Debug, Clone, PartialEq)]
pub struct Closed {
    pub seq: u64,
    pub changes: Vec<RecordChange>,
}

fn read_vv(conn: &rusqlite::Connection) -> Result<Vv> {
    let mut stmt = conn.prepare_cached("SELECT device, seq FROM peer")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut vv = Vv::new();
    for row in rows {
        let (device, seq) = row?;
        let device = Uuid::parse_str(&device).map_err(|_| StoreError::Corrupt(format!("bad device {device}")))?;
        vv.insert(device, seq as u64);
    }
    Ok(vv)
}

fn read_conflicts(conn: &rusqlite::Connection, filter: &str, arg: &str) -> Result<Vec<Conflict>> {
    let sql = format!(
        "SELECT id, record_table, record_id, field, value, hlc, device, seq FROM conflict WHERE {filter} ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([arg], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, table, record, field, value, hlc, device, seq) = row?;
        let device = Uuid::parse_str(&device).map_err(|_| StoreError::Corrupt(format!("bad device {device}")))?;
        let record = Uuid::parse_str(&record).map_err(|_| StoreError::Corrupt(format!("bad record {record}")))?;
        let version = Version { hlc, device, seq: seq as u64 }.encode();
        out.push(Conflict { id, table, record, field, value: serde_json::from_str(&value)?, version });
    }
    Ok(out)
}

impl Store {
    /// How far this store has taken in each device's log.
    pub fn vv(&self) -> Result<Vv> {
        read_vv(&self.conn)
    }

    /// Every open conflict, by id.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        read_conflicts(&self.conn, "?1 = ?1", "")
    }

    /// The open conflicts of one record.
    pub fn conflicts_of_record(&self, id: Uuid) -> Result<Vec<Conflict>> {
        read_conflicts(&self.conn, "record_id = ?1", &id.to_string())
    }

    /// One open conflict by its id.
    pub fn conflict(&self, id: &str) -> Result<Option<Conflict>> {
        Ok(read_conflicts(&self.conn, "id = ?1", id)?.into_iter().next())
    }

    /// How many records were changed here since this device's last bundle.
    pub fn pending(&self) -> Result<u64> {
        let sql = format!("SELECT count(*) FROM ({PENDING}) WHERE record_id NOT IN (SELECT record_id FROM purged)");
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row([outbox_mark(&self.conn)?], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Bundles set aside: (file, reason, when).
    pub fn set_aside(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self.conn.prepare_cached("SELECT file, reason, at FROM set_aside ORDER BY at, file")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether a bundle file was set aside before.
    pub fn is_set_aside(&self, file: &str) -> Result<bool> {
        Ok(self.conn.prepare_cached("SELECT 1 FROM set_aside WHERE file = ?1")?.exists([file])?)
    }

    /// A device-local text setting used by sync (folder, keys, roster).
    pub fn sync_setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }
}

impl Tx<'_> {
    /// How far this store has taken in each device's log.
    pub fn vv(&self) -> Result<Vv> {
        read_vv(self.conn())
    }

    /// Notes that `device`'s log is in this store up to `seq`.
    pub fn advance(&mut self, device: Uuid, seq: u64) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO peer (device, seq) VALUES (?1, ?2)
                 ON CONFLICT (device) DO UPDATE SET seq = max(seq, excluded.seq)",
            )?
            .execute(params![device.to_string(), seq as i64])?;
        Ok(())
    }

    /// Sets (or removes) a device-local sync setting.
    pub fn set_sync_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        self.set_setting(key, value)
    }

    /// Records that a bundle file was set aside, and why.
    pub fn set_aside(&mut self, file: &str, reason: &str) -> Result<()> {
        let at = self.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.conn()
            .prepare_cached(
                "INSERT INTO set_aside (file, reason, at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (file) DO UPDATE SET reason = excluded.reason",
            )?
            .execute([file, reason, &at])?;
        Ok(())
    }

    /// Forgets the bundles set aside (to try them again).
    pub fn clear_set_aside(&mut self) -> Result<()> {
        self.conn().execute("DELETE FROM set_aside", [])?;
        Ok(())
    }

    /// Closes this device's pending changes as the next bundle of its log:
    /// every version made here since the last one (seq 0) becomes
    /// (this device, seq), the outbox empties and the version vector moves.
    /// `None` when nothing is pending.
    pub fn close_pending(&mut self) -> Result<Option<Closed>> {
        let me = self.device();
        let pending: Vec<(String, String)> = {
            let mut stmt = self.conn().prepare_cached(PENDING)?;
            let rows = stmt.query_map([outbox_mark(self.conn())?], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if pending.is_empty() {
            return Ok(None);
        }
        let seq = self.vv()?.get(&me).copied().unwrap_or(0) + 1;
        let mut changes = Vec::with_capacity(pending.len());
        for (table, id) in &pending {
            let Some(row) = raw_row(self.conn(), table, id)? else { continue };
            let mut versions = RowVersions::of_row(&row)?;
            let names: Vec<String> =
                row.keys().filter(|k| !META.contains(&k.as_str()) && *k != "id").cloned().collect();
            let mut fields = BTreeMap::new();
            let mut stamps = BTreeMap::new();
            for name in names.iter().chain(std::iter::once(&DELETED.to_string())) {
                let Some(v) = versions.get(name).cloned() else { continue };
                if v.seq != 0 {
                    continue;
                }
                let value = if name == DELETED {
                    Value::Bool(row.get(DELETED) == Some(&Value::from(1)))
                } else {
                    row.get(name).cloned().unwrap_or(Value::Null)
                };
                fields.insert(name.clone(), value);
                stamps.insert(name.clone(), v.hlc.clone());
                versions.set(name, Version { hlc: v.hlc, device: me, seq });
            }
            if fields.is_empty() {
                continue;
            }
            let (base, fv) = versions.normalized(names.iter().chain(std::iter::once(&DELETED.to_string())));
            self.conn()
                .prepare_cached(&format!("UPDATE {table} SET hlc = ?2, device = ?3, seq = ?4, fv = ?5 WHERE id = ?1"))?
                .execute(params![id, base.hlc, base.device.to_string(), base.seq as i64, fv])?;
            let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
            for h in stamps.values() {
                *counts.entry(h).or_default() += 1;
            }
            let hlc = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
                .map(|(h, _)| (*h).clone())
                .unwrap_or_default();
            let hlcs = stamps.iter().filter(|(_, h)| **h != hlc).map(|(k, h)| (k.clone(), h.clone())).collect();
            let id = Uuid::parse_str(id).map_err(|_| StoreError::Corrupt(format!("bad record id {id}")))?;
            changes.push(RecordChange { table: table.clone(), id, hlc, fields, hlcs });
        }
        self.conn().execute("DELETE FROM outbox", [])?;
        self.conn().execute(
            "INSERT INTO setting (key, value) SELECT 'outbox_mark', CAST(coalesce(max(seq), 0) AS TEXT) FROM audit WHERE true
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [],
        )?;
        self.advance(me, seq)?;
        changes.sort_by_key(|c| (order_of(&c.table), c.id));
        Ok(Some(Closed { seq, changes }))
    }
}

/// The records written here since the last bundle, each once: those the
/// audit rows after the mark (`?1`) name as created, updated or deleted
/// (migration 0012), and those waiting in the outbox of before that.
const PENDING: &str = "SELECT record_table, record_id FROM audit
     WHERE seq > ?1 AND action IN ('create', 'update', 'delete') AND record_id IS NOT NULL
     UNION SELECT record_table, record_id FROM outbox";

/// The last audit row when the last bundle was closed.
fn outbox_mark(conn: &Connection) -> Result<i64> {
    let mark: Option<String> =
        conn.query_row("SELECT value FROM setting WHERE key = 'outbox_mark'", [], |r| r.get(0)).optional()?;
    mark.map_or(Ok(0), |m| m.parse().map_err(|_| StoreError::Corrupt(format!("bad outbox mark {m}"))))
}

/// Tables in the order their records may refer to each other (a record's
/// references come before it), for applying a bundle front to back.
pub const TABLE_ORDER: [&str; 22] = [
    "organisation",
    "trainer",
    "school",
    "participant",
    "guardian",
    "run",
    "run_trainer",
    "run_holiday",
    "enrolment",
    "consent",
    "session",
    "attendance",
    "contact",
    "goal",
    "goal_score",
    "measurement",
    "observation",
    "tip",
    "end_report",
    "zat_meeting",
    "programme_file",
    // Last: an erasure erases what came before it in the same bundle.
    "erasure",
];

/// The position of a table in [`TABLE_ORDER`] (unknown tables last).
pub fn order_of(table: &str) -> usize {
    TABLE_ORDER.iter().position(|t| *t == table).unwrap_or(usize::MAX)
}

impl Store {
    /// Bundles of this device's log not yet put into a sync folder: (seq, payload).
    pub fn unpublished(&self) -> Result<Vec<(u64, Vec<u8>)>> {
        let mut stmt = self.conn.prepare_cached("SELECT seq, payload FROM log WHERE published = 0 ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last bundle of this device's log that is in the sync folder.
    pub fn last_published(&self) -> Result<u64> {
        let n: Option<i64> = self.conn.query_row("SELECT max(seq) FROM log WHERE published = 1", [], |r| r.get(0))?;
        Ok(n.unwrap_or(0) as u64)
    }
}

impl Tx<'_> {
    /// Keeps a closed bundle of this device's log (deflated payload).
    pub fn append_log(&mut self, seq: u64, payload: &[u8]) -> Result<()> {
        self.conn()
            .prepare_cached("INSERT INTO log (seq, payload) VALUES (?1, ?2)")?
            .execute(params![seq as i64, payload])?;
        Ok(())
    }

    /// Every bundle of this device's log is to be put into the sync folder
    /// again (a new folder was chosen).
    pub fn republish(&mut self) -> Result<()> {
        self.conn().execute("UPDATE log SET published = 0", [])?;
        Ok(())
    }
}

impl Store {
    /// Notes that a bundle of this device's log is in the sync folder.
    pub fn mark_published(&mut self, seq: u64) -> Result<()> {
        self.write(|tx| -> Result<()> {
            tx.conn().execute("UPDATE log SET published = 1 WHERE seq = ?1", [seq as i64])?;
            Ok(())
        })
    }
}
