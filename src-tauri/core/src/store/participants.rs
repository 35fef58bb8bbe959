//! Queries on people: participants, their guardians, trainers and schools.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::overview::{day, id, named, text};
use super::{Result, Store};
use crate::model::{EnrolmentStatus, Guardian, Participant, School, Trainer};

/// One line of the participants list: the child, their school and the
/// group of their latest trajectory with its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ParticipantRow {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: NaiveDate,
    pub school: Option<String>,
    pub run_id: Option<Uuid>,
    pub run: Option<String>,
    pub enrolment_id: Option<Uuid>,
    pub status: Option<EnrolmentStatus>,
}

impl Store {
    /// The participants list: with `all`, every participant with their
    /// latest trajectory (by its group's start); else only those whose
    /// trajectory is under way (referred, intake, active). By family and
    /// given name. Mapped column by column: thousands of rows.
    pub fn participant_rows(&self, all: bool) -> Result<Vec<ParticipantRow>> {
        let sql = if all {
            "SELECT p.id, p.given_name, p.family_name, p.birth_date, s.name, r.id, r.name, e.id, e.status, r.start_date
             FROM participant p
             LEFT JOIN school s ON s.id = p.school_id AND s.deleted = 0
             LEFT JOIN enrolment e ON e.participant_id = p.id AND e.deleted = 0
             LEFT JOIN run r ON r.id = e.run_id AND r.deleted = 0
             WHERE p.deleted = 0"
        } else {
            "SELECT p.id, p.given_name, p.family_name, p.birth_date, s.name, r.id, r.name, e.id, e.status, r.start_date
             FROM enrolment e
             JOIN participant p ON p.id = e.participant_id AND p.deleted = 0
             JOIN run r ON r.id = e.run_id AND r.deleted = 0
             LEFT JOIN school s ON s.id = p.school_id AND s.deleted = 0
             WHERE e.deleted = 0 AND e.status IN ('referred', 'intake', 'active')"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query([])?;
        let mut out: Vec<ParticipantRow> = Vec::new();
        let mut at: std::collections::HashMap<Uuid, (usize, Option<String>)> = std::collections::HashMap::new();
        let optional_id = |r: &rusqlite::Row<'_>, i: usize| -> Result<Option<Uuid>> {
            r.get_ref(i)?.as_str_or_null().map_err(|e| super::StoreError::Corrupt(e.to_string()))?.map(id).transpose()
        };
        while let Some(r) = rows.next()? {
            let pid = id(text(r, 0)?)?;
            let start: Option<String> = r.get(9)?;
            let run_id = optional_id(r, 5)?;
            let status = match r.get_ref(8)?.as_str_or_null().map_err(|e| super::StoreError::Corrupt(e.to_string()))? {
                Some(s) if run_id.is_some() => Some(named::<EnrolmentStatus>(s)?),
                _ => None,
            };
            let row = ParticipantRow {
                id: pid,
                given_name: r.get(1)?,
                family_name: r.get(2)?,
                birth_date: day(text(r, 3)?)?,
                school: r.get(4)?,
                run_id,
                run: if run_id.is_some() { r.get(6)? } else { None },
                enrolment_id: if run_id.is_some() { optional_id(r, 7)? } else { None },
                status,
            };
            // One line per child: the trajectory in the group that started last.
            match at.get_mut(&pid) {
                Some((i, latest)) => {
                    if start > *latest {
                        out[*i] = row;
                        *latest = start;
                    }
                }
                None => {
                    at.insert(pid, (out.len(), start));
                    out.push(row);
                }
            }
        }
        out.sort_by_cached_key(|p| (p.family_name.to_lowercase(), p.given_name.to_lowercase(), p.id));
        Ok(out)
    }

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
