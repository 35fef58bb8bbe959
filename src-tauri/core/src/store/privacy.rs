//! Queries for the privacy of a dossier over its life: when each dossier
//! last changed (its retention), and the audit log with its hash chain.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use ts_rs::TS;
use uuid::Uuid;

use super::records::Tx;
use super::{Result, Store, StoreError};

/// The latest version stamp of a row of `table`: its base stamp or a later
/// one of a single field (`fv` holds "hlc device seq"; stamps sort as text).
fn stamp(table: &str) -> String {
    format!("max({table}.hlc, coalesce((SELECT max(substr(value, 1, 16)) FROM json_each({table}.fv)), ''))")
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub seq: i64,
    /// When, RFC 3339 in UTC.
    pub at: String,
    /// Who: the trainer chosen on this laptop, or the command line.
    pub actor: String,
    /// From which device (this laptop's id).
    pub device: String,
    /// What: create, update, delete, read, export, erase, …
    pub action: String,
    pub record_table: Option<String>,
    pub record_id: Option<String>,
    /// The dossier (participant) a read or export concerns.
    pub dossier: Option<String>,
    /// Which fields changed, or what was exported: never content.
    pub detail: Option<String>,
}

/// What to list from the audit log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditFilter {
    /// Only this dossier (reads of it, and writes of its records).
    pub dossier: Option<Uuid>,
    /// Only this actor (exactly as logged).
    pub actor: Option<String>,
    /// From this day (inclusive, UTC date of `at`).
    pub from: Option<chrono::NaiveDate>,
    /// Until this day (inclusive).
    pub until: Option<chrono::NaiveDate>,
    /// At most this many rows, newest first (none: all).
    pub limit: Option<u32>,
}

/// The hash of an audit row: SHA-256 over the previous row's hash and this
/// row's fields, each ended by a unit separator (so no two rows hash alike
/// by shifting text between fields).
fn row_hash(prev: &str, e: &AuditEntry) -> String {
    let mut h = sha2::Sha256::new();
    let seq = e.seq.to_string();
    for part in [
        prev,
        &seq,
        &e.at,
        &e.actor,
        &e.device,
        &e.action,
        e.record_table.as_deref().unwrap_or(""),
        e.record_id.as_deref().unwrap_or(""),
        e.dossier.as_deref().unwrap_or(""),
        e.detail.as_deref().unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    data_encoding::HEXLOWER.encode(&h.finalize())
}

const AUDIT_COLUMNS: &str = "seq, at, actor, device, action, record_table, record_id, dossier, detail";

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        device: r.get(3)?,
        action: r.get(4)?,
        record_table: r.get(5)?,
        record_id: r.get(6)?,
        dossier: r.get(7)?,
        detail: r.get(8)?,
    })
}

/// Gives the audit rows that have no hash yet (those written before the
/// chain existed) their place in the chain. Only the rows after the last
/// hashed one: a hash removed in the middle stays missing, and is found.
pub(super) fn chain_unhashed(conn: &Connection) -> Result<usize> {
    let last: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (after, mut prev) = last.unwrap_or((0, String::new()));
    let rows: Vec<AuditEntry> = {
        let mut stmt = conn.prepare(&format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE seq > ?1 ORDER BY seq"))?;
        let rows = stmt.query_map([after], entry)?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if rows.is_empty() {
        return Ok(0);
    }
    // One transaction: a store of years chains its rows in one commit.
    let tx = conn.unchecked_transaction()?;
    {
        let mut update = tx.prepare("UPDATE audit SET hash = ?2 WHERE seq = ?1")?;
        for e in &rows {
            let hash = row_hash(&prev, e);
            update.execute(params![e.seq, hash])?;
            prev = hash;
        }
    }
    tx.commit()?;
    Ok(rows.len())
}

/// Where the audit chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditBreak {
    /// The first row whose hash does not match (the edited row, or the one
    /// after a removed row).
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub action: String,
}

impl Tx<'_> {
    /// Appends an audit row, chained to the one before it.
    pub(super) fn append_audit(&mut self, mut e: AuditEntry) -> Result<()> {
        let (last, prev_hash) = match self.audit_head.take() {
            Some(head) => head,
            None => {
                let prev: Option<(i64, Option<String>)> = self
                    .conn()
                    .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
                    .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                prev.map(|(seq, hash)| (seq, hash.unwrap_or_default())).unwrap_or((0, String::new()))
            }
        };
        e.seq = last + 1;
        let hash = row_hash(&prev_hash, &e);
        self.conn()
            .prepare_cached(
                "INSERT INTO audit (seq, at, actor, device, action, record_table, record_id, dossier, detail, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                e.seq,
                e.at,
                e.actor,
                e.device,
                e.action,
                e.record_table,
                e.record_id,
                e.dossier,
                e.detail,
                hash
            ])?;
        self.audit_head = Some((e.seq, hash));
        Ok(())
    }
}

impl Store {
    /// Per participant (live or a tombstone), the stamp of the latest change
    /// to anything in their dossier: (participant, hlc).
    pub fn dossier_stamps(&self) -> Result<Vec<(Uuid, String)>> {
        self.stamps_of(None)
    }

    /// The stamp of the latest change to anything in one participant's dossier.
    pub fn dossier_stamp(&self, participant: Uuid) -> Result<Option<String>> {
        Ok(self.stamps_of(Some(participant))?.into_iter().next().map(|(_, s)| s))
    }

    fn stamps_of(&self, participant: Option<Uuid>) -> Result<Vec<(Uuid, String)>> {
        // Each branch filtered by itself (one dossier), or none (all of them).
        let only = |column: &str| participant.map(|_| format!(" WHERE {column} = ?1")).unwrap_or_default();
        let mut parts = vec![
            format!("SELECT id AS p, {} AS s FROM participant{}", stamp("participant"), only("id")),
            format!("SELECT participant_id, {} FROM guardian{}", stamp("guardian"), only("participant_id")),
            format!("SELECT participant_id, {} FROM enrolment{}", stamp("enrolment"), only("participant_id")),
        ];
        // For one dossier its enrolments are found first, then what hangs
        // from them by index (CROSS JOIN keeps that order); for all of them
        // the planner's own order (a scan of each table) is quicker.
        let join = if participant.is_some() { "CROSS JOIN" } else { "JOIN" };
        for table in ["consent", "attendance", "contact", "goal", "measurement", "observation", "tip", "end_report"] {
            parts.push(format!(
                "SELECT e.participant_id, {} FROM enrolment e {join} {table} ON {table}.enrolment_id = e.id{}",
                stamp(table),
                only("e.participant_id")
            ));
        }
        parts.push(format!(
            "SELECT e.participant_id, {} FROM enrolment e {join} goal g ON g.enrolment_id = e.id \
             {join} goal_score ON goal_score.goal_id = g.id{}",
            stamp("goal_score"),
            only("e.participant_id")
        ));
        let sql = format!("SELECT p, max(s) FROM ({}) GROUP BY p", parts.join(" UNION ALL "));
        let mut stmt = self.conn.prepare(&sql)?;
        let args: Vec<String> = participant.map(|p| p.to_string()).into_iter().collect();
        let rows =
            stmt.query_map(rusqlite::params_from_iter(args), |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (p, s) = row?;
            let p = Uuid::parse_str(&p).map_err(|_| StoreError::Corrupt(format!("bad participant id {p}")))?;
            out.push((p, s));
        }
        Ok(out)
    }

    /// The audit log, newest first, filtered.
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut conditions = vec!["1 = 1".to_string()];
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(dossier) = filter.dossier {
            // Reads of the dossier, and writes of any of its records (also
            // of records since erased: their ids are kept as tombstones).
            args.push(dossier.to_string().into());
            let n = args.len();
            conditions.push(format!(
                "(dossier = ?{n} OR record_id = ?{n} OR record_id IN (
                    SELECT id FROM guardian WHERE participant_id = ?{n}
                    UNION ALL SELECT id FROM enrolment WHERE participant_id = ?{n}
                    UNION ALL SELECT c.id FROM consent c JOIN enrolment e ON e.id = c.enrolment_id WHERE e.participant_id = ?{n}
                    UNION ALL SELECT c.id FROM contact c JOIN enrolment e ON e.id = c.enrolment_id WHERE e.participant_id = ?{n}
                    UNION ALL SELECT c.id FROM observation c JOIN enrolment e ON e.id = c.enrolment_id WHERE e.participant_id = ?{n}
                    UNION ALL SELECT c.id FROM goal c JOIN enrolment e ON e.id = c.enrolment_id WHERE e.participant_id = ?{n}
                    UNION ALL SELECT c.id FROM measurement c JOIN enrolment e ON e.id = c.enrolment_id WHERE e.participant_id = ?{n}
                    UNION ALL SELECT c.id FROM tip c JOIN enrolment e ON e.id = c.enrolment_id WHERE e.participant_id = ?{n}
                    UNION ALL SELECT c.id FROM end_report c JOIN enrolment e ON e.id = c.enrolment_id WHERE e.participant_id = ?{n}
                    UNION ALL SELECT c.id FROM attendance c JOIN enrolment e ON e.id = c.enrolment_id WHERE e.participant_id = ?{n}
                    UNION ALL SELECT s.id FROM goal_score s JOIN goal g ON g.id = s.goal_id
                        JOIN enrolment e ON e.id = g.enrolment_id WHERE e.participant_id = ?{n}
                    UNION ALL SELECT record_id FROM purged WHERE erasure_id IN (SELECT id FROM erasure WHERE participant_id = ?{n})))"
            ));
        }
        if let Some(actor) = filter.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            args.push(actor.to_string().into());
            conditions.push(format!("actor = ?{}", args.len()));
        }
        if let Some(from) = filter.from {
            args.push(from.to_string().into());
            conditions.push(format!("substr(at, 1, 10) >= ?{}", args.len()));
        }
        if let Some(until) = filter.until {
            args.push(until.to_string().into());
            conditions.push(format!("substr(at, 1, 10) <= ?{}", args.len()));
        }
        let limit = filter.limit.map(|n| format!("LIMIT {n}")).unwrap_or_default();
        let sql =
            format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE {} ORDER BY seq DESC {limit}", conditions.join(" AND "));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Checks the audit chain from the first row: the first row whose hash
    /// is missing or does not match, if any, and how many rows were checked.
    pub fn verify_audit(&self) -> Result<(usize, Option<AuditBreak>)> {
        let mut stmt = self.conn.prepare(&format!("SELECT {AUDIT_COLUMNS}, hash FROM audit ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        let mut prev = String::new();
        let mut checked = 0;
        while let Some(row) = rows.next()? {
            let e = entry(row)?;
            let hash: Option<String> = row.get(9)?;
            let expected = row_hash(&prev, &e);
            if hash.as_deref() != Some(expected.as_str()) {
                return Ok((checked, Some(AuditBreak { seq: e.seq, at: e.at, action: e.action })));
            }
            checked += 1;
            prev = expected;
        }
        Ok((checked, None))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use crate::model::Organisation;
    use uuid::Uuid;

    #[test]
    fn an_edited_or_removed_audit_row_breaks_the_chain_at_that_row() {
        let mut store = Store::open_in_memory().expect("store");
        for i in 0..5u128 {
            let org = Organisation { id: Uuid::from_u128(i + 1), name: format!("Org {i}"), retention_years: None };
            store.write(|tx| tx.put(&org)).expect("write");
        }
        let (checked, broken) = store.verify_audit().expect("verify");
        assert_eq!((checked, broken), (5, None));

        store.conn.execute("UPDATE audit SET actor = 'iemand anders' WHERE seq = 3", []).expect("edit");
        let (checked, broken) = store.verify_audit().expect("verify");
        assert_eq!(checked, 2);
        assert_eq!(broken.expect("broken").seq, 3, "the edited row is named");

        store.conn.execute("UPDATE audit SET actor = 'ineen' WHERE seq = 3", []).expect("undo");
        assert_eq!(store.verify_audit().expect("verify").1, None, "restored, it holds again");
        store.conn.execute("DELETE FROM audit WHERE seq = 2", []).expect("remove");
        assert_eq!(store.verify_audit().expect("verify").1.expect("broken").seq, 3, "the row after a removed one");
    }

    #[test]
    fn rows_from_before_the_chain_are_chained_once_at_open() {
        let store = Store::open_in_memory().expect("store");
        store
            .conn
            .execute(
                "INSERT INTO audit (seq, at, actor, device, action) VALUES (1, '2026-01-01T00:00:00.000Z', 'a', 'd', 'create')",
                [],
            )
            .expect("old row");
        assert!(store.verify_audit().expect("verify").1.is_some(), "an unchained row is a break");
        assert_eq!(super::chain_unhashed(&store.conn).expect("chain"), 1);
        assert_eq!(super::chain_unhashed(&store.conn).expect("chain"), 0, "only once");
        assert_eq!(store.verify_audit().expect("verify"), (1, None));
    }
}
