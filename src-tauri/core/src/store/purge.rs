//! Erasing a dossier: a participant with everything that hangs from it.
//!
//! The rows go (with `secure_delete` on, their bytes are overwritten), and
//! so do their open conflicts, their place in the outbox and their values in
//! this device's log (the bundles it keeps to put into a sync folder). What
//! stays is a content-free tombstone per record id in `purged`: a change
//! that names one of those ids, or points to one, is not merged again — from
//! a bundle, an old export or an older backup. The audit keeps its rows:
//! they name record ids and actions, never content.

use std::collections::HashSet;

use rusqlite::{params, Connection};
use serde_json::Value;
use uuid::Uuid;

use super::records::Tx;
use super::{Result, Store, StoreError};

/// The tables of a dossier, in the order their rows are removed (what
/// points to a record goes before it), with the condition that selects
/// the dossier's rows (`?1` is the participant's id).
const DOSSIER: [(&str, &str); 12] = [
    (
        "goal_score",
        "goal_id IN (SELECT id FROM goal WHERE enrolment_id IN (SELECT id FROM enrolment WHERE participant_id = ?1))",
    ),
    ("attendance", "enrolment_id IN (SELECT id FROM enrolment WHERE participant_id = ?1)"),
    ("consent", "enrolment_id IN (SELECT id FROM enrolment WHERE participant_id = ?1)"),
    ("contact", "enrolment_id IN (SELECT id FROM enrolment WHERE participant_id = ?1)"),
    ("goal", "enrolment_id IN (SELECT id FROM enrolment WHERE participant_id = ?1)"),
    ("measurement", "enrolment_id IN (SELECT id FROM enrolment WHERE participant_id = ?1)"),
    ("observation", "enrolment_id IN (SELECT id FROM enrolment WHERE participant_id = ?1)"),
    ("tip", "enrolment_id IN (SELECT id FROM enrolment WHERE participant_id = ?1)"),
    ("end_report", "enrolment_id IN (SELECT id FROM enrolment WHERE participant_id = ?1)"),
    ("enrolment", "participant_id = ?1"),
    ("guardian", "participant_id = ?1"),
    ("participant", "id = ?1"),
];

/// What an erasure removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Record rows removed.
    pub records: usize,
    /// Bundles of this device's log rewritten without them.
    pub bundles: usize,
}

/// The record ids of a participant's dossier, tombstones included: (table, id).
fn dossier_ids(conn: &Connection, participant: &str) -> Result<Vec<(&'static str, String)>> {
    let mut out = Vec::new();
    for (table, filter) in DOSSIER {
        let mut stmt = conn.prepare_cached(&format!("SELECT id FROM {table} WHERE {filter}"))?;
        let ids = stmt.query_map([participant], |r| r.get::<_, String>(0))?;
        for id in ids {
            out.push((table, id?));
        }
    }
    Ok(out)
}

/// Removes the rows, conflicts and outbox entries of `ids`, notes their
/// tombstones under `erasure`, and rewrites the log's bundles without them.
fn erase(conn: &Connection, ids: &[(&'static str, String)], erasure: &str) -> Result<Purged> {
    let mut purged = Purged::default();
    for (table, id) in ids {
        purged.records += conn.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?.execute([id])?;
        conn.prepare_cached("DELETE FROM conflict WHERE record_id = ?1")?.execute([id])?;
        conn.prepare_cached(
            "INSERT INTO purged (record_id, record_table, erasure_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (record_id) DO NOTHING",
        )?
        .execute([id.as_str(), table, erasure])?;
    }
    let gone: HashSet<&str> = ids.iter().map(|(_, id)| id.as_str()).collect();
    forget_in_outbox(conn, &gone)?;
    purged.bundles = scrub_log(conn, &gone)?;
    Ok(purged)
}

/// Rewrites every bundle of this device's log that carries a change of one
/// of `gone`, without those changes; a rewritten bundle is put into the sync
/// folder again (over its earlier copy) at the next sync.
fn scrub_log(conn: &Connection, gone: &HashSet<&str>) -> Result<usize> {
    if gone.is_empty() {
        return Ok(0);
    }
    let logs: Vec<(i64, Vec<u8>)> = {
        let mut stmt = conn.prepare("SELECT seq, payload FROM log ORDER BY seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut rewritten = 0;
    for (seq, packed) in logs {
        let plain = crate::sync::unpack(&packed).map_err(|e| StoreError::Corrupt(format!("log {seq}: {e}")))?;
        let text = String::from_utf8_lossy(&plain);
        if !gone.iter().any(|id| text.contains(id)) {
            continue;
        }
        let mut payload: Value = serde_json::from_slice(&plain)?;
        let Some(changes) = payload.get_mut("changes").and_then(Value::as_array_mut) else { continue };
        changes.retain(|c| c.get("id").and_then(Value::as_str).is_none_or(|id| !gone.contains(id)));
        let packed = crate::sync::pack(&serde_json::to_vec(&payload)?)
            .map_err(|e| StoreError::Corrupt(format!("log {seq}: {e}")))?;
        conn.prepare_cached("UPDATE log SET payload = ?2, published = 0 WHERE seq = ?1")?
            .execute(params![seq, packed])?;
        rewritten += 1;
    }
    Ok(rewritten)
}

impl Tx<'_> {
    /// Erases a participant's dossier under the erasure record `erasure`
    /// (already written): see the module's documentation.
    pub fn purge_dossier(&mut self, participant: Uuid, erasure: Uuid) -> Result<Purged> {
        let mut ids = dossier_ids(self.conn(), &participant.to_string())?;
        // The participant's id is a tombstone even where the dossier never
        // was (a laptop that joins later): what points to it is not taken in.
        if !ids.iter().any(|(table, _)| *table == "participant") {
            ids.push(("participant", participant.to_string()));
        }
        let purged = erase(self.conn(), &ids, &erasure.to_string())?;
        self.any_purged = Some(true);
        self.audit(
            "erase",
            Some("participant"),
            Some(&participant.to_string()),
            Some(&format!("{} records", purged.records)),
        )?;
        Ok(purged)
    }

    /// Whether a change of record `id` with these field values must not be
    /// taken in: the record was erased, or it points to an erased one. A
    /// record that points to an erased one is noted as erased too.
    pub(super) fn erased(&mut self, table: &str, id: &str, values: &[(&str, &Value)]) -> Result<bool> {
        let any = match self.any_purged {
            Some(any) => any,
            None => self.conn().prepare_cached("SELECT 1 FROM purged LIMIT 1")?.exists([])?,
        };
        self.any_purged = Some(any);
        if !any {
            return Ok(false);
        }
        let mut stmt = self.conn().prepare_cached("SELECT erasure_id FROM purged WHERE record_id = ?1")?;
        if stmt.exists([id])? {
            return Ok(true);
        }
        for (field, value) in values {
            let Some(target) = value.as_str().filter(|_| field.ends_with("_id")) else { continue };
            let erasure: Option<String> =
                rusqlite::OptionalExtension::optional(stmt.query_row([target], |r| r.get(0)))?;
            if let Some(erasure) = erasure {
                drop(stmt);
                self.conn()
                    .prepare_cached(
                        "INSERT INTO purged (record_id, record_table, erasure_id) VALUES (?1, ?2, ?3)
                         ON CONFLICT (record_id) DO NOTHING",
                    )?
                    .execute([id, table, erasure.as_str()])?;
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl Store {
    /// Every tombstone of an erased record: (id, table, erasure).
    pub fn purged(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT record_id, record_table, erasure_id FROM purged ORDER BY record_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Carries this store's erasures into another database of the same data
/// folder (an older backup): the same rows, conflicts and log values go, the
/// same tombstones are noted; `tombstones` is [`Store::purged`]. Returns how
/// many rows went (0 when the backup already had them erased).
pub fn erase_in(conn: &mut Connection, tombstones: &[(String, String, String)]) -> Result<usize> {
    // A backup made before a migration may lack the newer tables.
    let has = |name: &str| -> Result<bool> {
        Ok(conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?.exists([name])?)
    };
    let (has_purged, has_sync) = (has("purged")?, has("outbox")?);
    // A backup that holds every tombstone already has every erasure.
    if has_purged {
        let held: i64 = conn.query_row("SELECT count(*) FROM purged", [], |r| r.get(0))?;
        if usize::try_from(held).is_ok_and(|n| n >= tombstones.len()) {
            return Ok(0);
        }
    }
    // What points to a record goes before it.
    let position = |table: &str| DOSSIER.iter().position(|(t, _)| *t == table).unwrap_or(usize::MAX);
    let mut ordered: Vec<&(String, String, String)> = tombstones.iter().collect();
    ordered.sort_by_key(|(_, table, _)| position(table));
    let tx = conn.transaction()?;
    let mut removed = 0;
    let mut gone = HashSet::new();
    for (id, table, erasure) in ordered {
        let exists: bool = tx.prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?.exists([id])?;
        if exists {
            removed += tx.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?.execute([id])?;
            if has_sync {
                tx.prepare_cached("DELETE FROM conflict WHERE record_id = ?1")?.execute([id])?;
            }
            gone.insert(id.as_str());
        }
        if has_purged {
            tx.prepare_cached(
                "INSERT INTO purged (record_id, record_table, erasure_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (record_id) DO NOTHING",
            )?
            .execute([id, table, erasure])?;
        }
    }
    if has_sync {
        forget_in_outbox(&tx, &gone)?;
        scrub_log(&tx, &gone)?;
    }
    tx.commit()?;
    Ok(removed)
}

/// Takes the erased records out of the outbox of before migration 0012, in
/// one pass over it (its key begins with the table, not the id).
fn forget_in_outbox(conn: &Connection, gone: &HashSet<&str>) -> Result<()> {
    if gone.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(gone)?;
    conn.prepare_cached("DELETE FROM outbox WHERE record_id IN (SELECT value FROM json_each(?1))")?.execute([ids])?;
    Ok(())
}

/// Every text a database file holds, as the app reads it: each value of
/// each table, and the changes in this device's log inflated (for tests that
/// prove erased text is gone from a store or a backup).
#[cfg(test)]
pub(crate) fn readable_texts(path: &std::path::Path, key: &crate::keys::DataKey) -> String {
    let conn = super::cipher::open(path, key, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("names");
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            for i in 0..n {
                match row.get_ref(i).expect("value") {
                    rusqlite::types::ValueRef::Text(t) => out.push_str(&String::from_utf8_lossy(t)),
                    rusqlite::types::ValueRef::Blob(b) if table == "log" => {
                        out.push_str(&String::from_utf8_lossy(&crate::sync::unpack(b).expect("inflate")));
                    }
                    _ => {}
                }
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use crate::model::{Guardian, Participant};
    use uuid::Uuid;

    /// In a plain (unencrypted) store, so the bytes can be read: with
    /// `secure_delete` an erased name is in neither the file nor its WAL.
    #[test]
    fn erased_text_is_overwritten_in_the_file_and_its_write_ahead_log() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plain.sqlite");
        let planted = "Zeldzaamnaam Okapi";
        let bytes_hold = |p: &std::path::Path| {
            let mut found = false;
            for file in [p.to_path_buf(), p.with_extension("sqlite-wal")] {
                if let Ok(bytes) = std::fs::read(&file) {
                    found |= bytes.windows(planted.len()).any(|w| w == planted.as_bytes());
                }
            }
            found
        };
        let clock = || Box::new(crate::clock::TestClock::school_year_start());
        let child = Participant {
            id: Uuid::from_u128(0xc41d),
            given_name: "Zeldzaamnaam".into(),
            family_name: "Okapi".into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(2019, 5, 1).expect("date"),
            school_id: None,
            class_name: None,
        };
        {
            let mut store =
                Store::init(rusqlite::Connection::open(&path).expect("open"), clock(), false).expect("store");
            store.write(|tx| tx.put(&child)).expect("child");
            let parent = Guardian {
                id: Uuid::from_u128(0x9a),
                participant_id: child.id,
                name: planted.into(),
                relation: "moeder".into(),
                phone: None,
                email: None,
                authority: true,
            };
            store.write(|tx| tx.put(&parent)).expect("guardian");
        }
        let mut full_name = child.given_name.clone();
        full_name.push(' ');
        full_name.push_str(&child.family_name);
        assert!(bytes_hold(&path), "the test can see the planted name before the erasure");

        let mut store = Store::init(rusqlite::Connection::open(&path).expect("open"), clock(), false).expect("store");
        assert_eq!(store.pending().expect("pending"), 2, "both wait for a bundle");
        let purged = store.write(|tx| tx.purge_dossier(child.id, Uuid::from_u128(0xe))).expect("purge");
        assert_eq!(purged.records, 2);
        assert_eq!(store.pending().expect("pending"), 0, "nothing of it is left to send");
        store.checkpoint().expect("checkpoint");
        assert!(!bytes_hold(&path), "the name is overwritten while the store is open");
        drop(store);
        assert!(!bytes_hold(&path), "and after it closed");
        assert!(!std::fs::read(&path).expect("read").windows(full_name.len()).any(|w| w == full_name.as_bytes()));
    }
}
