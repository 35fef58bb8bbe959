//! The `programme` table: the validated curricula, refreshed at every start.

use rusqlite::{params, OptionalExtension};

use super::{Result, Store};
use crate::curriculum::{Origin, Programme};

impl Store {
    /// Makes the stored programmes match `programmes` in one transaction:
    /// new ones are added, changed ones updated, and ones whose file has gone
    /// are kept but marked inactive. Returns how many rows changed.
    pub fn sync_programmes(&mut self, programmes: &[Programme]) -> Result<usize> {
        // Most starts change nothing: then nothing is written, so a command
        // that only reads never waits for (or blocks) another process.
        if !self.programmes_differ(programmes)? {
            return Ok(0);
        }
        self.write(|tx| -> Result<usize> {
            let conn = tx.conn();
            let mut changed = 0;
            let mut upsert = conn.prepare_cached(
                "INSERT INTO programme (id, name, origin, definition, active) VALUES (?1, ?2, ?3, ?4, 1)
                 ON CONFLICT (id) DO UPDATE SET
                     name = excluded.name, origin = excluded.origin,
                     definition = excluded.definition, active = 1
                 WHERE programme.definition IS NOT excluded.definition OR programme.active = 0",
            )?;
            for p in programmes {
                let origin = match p.origin {
                    Origin::Builtin => "builtin",
                    Origin::User => "user",
                };
                changed += upsert.execute(params![p.id, p.name, origin, serde_json::to_string(p)?])?;
            }
            let ids = serde_json::to_string(&programmes.iter().map(|p| &p.id).collect::<Vec<_>>())?;
            changed += conn.execute(
                "UPDATE programme SET active = 0
                 WHERE active = 1 AND id NOT IN (SELECT value FROM json_each(?1))",
                [ids],
            )?;
            Ok(changed)
        })
    }

    /// Whether the stored programmes differ from `programmes` (a definition,
    /// a programme added, or an active one whose file has gone).
    fn programmes_differ(&self, programmes: &[Programme]) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached("SELECT id, definition, active FROM programme")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
        let mut stored = std::collections::HashMap::new();
        for row in rows {
            let (id, definition, active) = row?;
            stored.insert(id, (definition, active == 1));
        }
        for p in programmes {
            match stored.remove(&p.id) {
                Some((definition, true)) if definition == serde_json::to_string(p)? => {}
                _ => return Ok(true),
            }
        }
        Ok(stored.values().any(|(_, active)| *active))
    }

    /// One programme by id, active or not.
    pub fn programme(&self, id: &str) -> Result<Option<Programme>> {
        let json: Option<String> =
            self.conn.query_row("SELECT definition FROM programme WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// The active programmes, by name.
    pub fn programmes(&self) -> Result<Vec<Programme>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT definition FROM programme WHERE active = 1 ORDER BY lower(name), id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            out.push(serde_json::from_str(&json?)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum;

    #[test]
    fn programmes_round_trip_and_resync_changes_nothing() {
        let mut store = Store::open_in_memory().expect("store");
        let builtin = curriculum::load(None).expect("load").programmes;
        assert_eq!(store.sync_programmes(&builtin).expect("sync"), 4);
        assert_eq!(store.programmes().expect("read"), builtin);
        assert_eq!(store.sync_programmes(&builtin).expect("resync"), 0, "unchanged files write nothing");
    }

    #[test]
    fn a_removed_programme_is_hidden_and_comes_back() {
        let mut store = Store::open_in_memory().expect("store");
        let mut all = curriculum::load(None).expect("load").programmes;
        store.sync_programmes(&all).expect("sync");
        let gone = all.pop().expect("one");
        assert_eq!(store.sync_programmes(&all).expect("sync"), 1);
        assert!(!store.programmes().expect("read").contains(&gone));
        all.push(gone.clone());
        assert_eq!(store.sync_programmes(&all).expect("sync"), 1);
        assert!(store.programmes().expect("read").contains(&gone));
    }

    #[test]
    fn an_edited_programme_is_updated() {
        let mut store = Store::open_in_memory().expect("store");
        let mut all = curriculum::load(None).expect("load").programmes;
        store.sync_programmes(&all).expect("sync");
        all[0].tracks[0].sessions += 1;
        assert_eq!(store.sync_programmes(&all).expect("sync"), 1);
        assert_eq!(store.programmes().expect("read")[0].tracks[0].sessions, all[0].tracks[0].sessions);
    }
}
