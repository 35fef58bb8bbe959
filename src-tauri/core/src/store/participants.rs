//! Queries on people: participants, their guardians, trainers and schools.

use uuid::Uuid;

use super::{Result, Store};
use crate::model::{Guardian, Participant, School, Trainer};

impl Store {
    /// Participants whose given or family name starts with `query` (case
    /// ignored), or whose full name contains it, by family and given name;
    /// at most `limit`. An empty query finds nobody.
    pub fn participants_matching(&self, query: &str, limit: u32) -> Result<Vec<Participant>> {
        let q = query.trim().replace(['%', '_'], "");
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let prefix = format!("{q}%");
        let anywhere = format!("%{q}%");
        self.rows_of(
            "SELECT * FROM participant
             WHERE deleted = 0
               AND (given_name LIKE ?1 OR family_name LIKE ?1 OR (given_name || ' ' || family_name) LIKE ?2)
             ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE
             LIMIT ?3",
            &[&prefix, &anywhere, &limit],
        )
    }

    /// A participant's guardians, by name.
    /// Every participant, by family and given name.
    pub fn participants(&self) -> Result<Vec<Participant>> {
        self.rows("1", "family_name COLLATE NOCASE, given_name COLLATE NOCASE", &[])
    }

    /// The organisations (one, as a rule).
    pub fn organisations(&self) -> Result<Vec<crate::model::Organisation>> {
        self.rows("1", "", &[])
    }

    pub fn guardians_of(&self, participant: Uuid) -> Result<Vec<Guardian>> {
        self.rows("participant_id = ?1", "name", &[&participant.to_string()])
    }

    /// Trainers and coordinators, by name.
    pub fn trainers(&self) -> Result<Vec<Trainer>> {
        self.rows("1", "name COLLATE NOCASE", &[])
    }

    /// Schools, by name.
    pub fn schools(&self) -> Result<Vec<School>> {
        self.rows("1", "name COLLATE NOCASE", &[])
    }
}
