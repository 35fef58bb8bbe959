//! The coordinator's aggregate: everything the overview (and, later, the
//! yearly figures) of one school year is composed from, each table read
//! once for the runs under way in that year. Attendance comes counted per
//! enrolment, track, person and status (the overview shows shares, not
//! sessions); contacts and final reports come without their texts.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Result, Store, StoreError};
use crate::curriculum::{ContactKind, TrackKind};
use crate::model::{AttendanceStatus, Delivery, Enrolment, Person, Run, School, SessionStatus};

/// A session without its plan texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFact {
    pub run_id: Uuid,
    pub track: TrackKind,
    pub date: NaiveDate,
    pub status: SessionStatus,
}

/// How many held sessions of a track an enrolment has a mark of one status for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkCount {
    pub enrolment_id: Uuid,
    pub track: TrackKind,
    pub person: Person,
    pub status: AttendanceStatus,
    pub count: u32,
}

/// A contact's kind and day: about one enrolment, or the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactFact {
    pub run_id: Uuid,
    pub enrolment_id: Option<Uuid>,
    pub kind: ContactKind,
    pub date: NaiveDate,
}

/// A final report version without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalFact {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub audience: String,
    pub version: u32,
    pub finalised_on: NaiveDate,
    pub sent_on: Option<NaiveDate>,
    pub sent_how: Option<Delivery>,
    pub sent_to: Option<String>,
}

/// The runs under way in a period with what hangs from them.
#[derive(Debug, Clone, Default)]
pub struct YearFile {
    /// By start date, then name.
    pub runs: Vec<Run>,
    /// Trainer names per run, in the order they were added.
    pub trainers: HashMap<Uuid, Vec<String>>,
    pub schools: HashMap<Uuid, School>,
    /// The live enrolments of those runs, in the order they were made.
    pub enrolments: Vec<Enrolment>,
    /// Participant id → full name.
    pub names: HashMap<Uuid, String>,
    pub sessions: Vec<SessionFact>,
    /// Marks at held sessions only.
    pub marks: Vec<MarkCount>,
    pub contacts: Vec<ContactFact>,
    pub finals: Vec<FinalFact>,
}

/// The runs under way in the period (?1 … ?2): started in it, or started
/// before it with a session in it. A filter on the `run` table.
macro_rules! of_period {
    () => {
        "start_date <= ?2 AND (start_date >= ?1 OR EXISTS (SELECT 1 FROM session s2 \
         WHERE s2.run_id = run.id AND s2.deleted = 0 AND s2.date >= ?1))"
    };
}
const OF_PERIOD: &str = of_period!();

/// The same, as a filter on a table with a `run_id` column.
const IN_RUNS: &str = concat!("run_id IN (SELECT id FROM run WHERE deleted = 0 AND ", of_period!(), ")");

fn id(text: String) -> Result<Uuid> {
    Uuid::parse_str(&text).map_err(|e| StoreError::Corrupt(format!("id {text}: {e}")))
}

fn day(text: String) -> Result<NaiveDate> {
    text.parse().map_err(|e| StoreError::Corrupt(format!("date {text}: {e}")))
}

/// A stored enum value (kept as its serde name).
fn named<T: serde::de::DeserializeOwned>(text: String) -> Result<T> {
    Ok(serde_json::from_value(serde_json::Value::String(text))?)
}

impl Store {
    /// The runs under way from `from` to `until` (inclusive), with their
    /// trainers, enrolments, sessions, counted marks, contacts and final
    /// reports: one statement per table.
    pub fn year_file(&self, from: NaiveDate, until: NaiveDate) -> Result<YearFile> {
        let (a, b) = (from.to_string(), until.to_string());
        let args: [&dyn rusqlite::ToSql; 2] = [&a, &b];
        let mut runs: Vec<Run> = self.rows(OF_PERIOD, "start_date, name", &args)?;
        runs.sort_by(|x, y| (x.start_date, &x.name).cmp(&(y.start_date, &y.name)));

        let mut trainers: HashMap<Uuid, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT rt.run_id, t.name FROM run_trainer rt JOIN trainer t ON t.id = rt.trainer_id
             WHERE rt.deleted = 0 AND t.deleted = 0 AND rt.{IN_RUNS} ORDER BY rt.rowid"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            trainers.entry(id(r.get(0)?)?).or_default().push(r.get(1)?);
        }

        let schools = self.rows::<School>("1", "", &[])?.into_iter().map(|s| (s.id, s)).collect();
        let enrolments: Vec<Enrolment> = self.rows(
            &format!(
                "{IN_RUNS} AND EXISTS (SELECT 1 FROM participant p WHERE p.id = enrolment.participant_id AND p.deleted = 0)"
            ),
            "",
            &args,
        )?;

        let mut names = HashMap::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT p.id, p.given_name || ' ' || p.family_name FROM participant p
             WHERE p.deleted = 0 AND p.id IN (SELECT participant_id FROM enrolment WHERE deleted = 0 AND {IN_RUNS})"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            names.insert(id(r.get(0)?)?, r.get(1)?);
        }

        let mut sessions = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT run_id, track, date, status FROM session WHERE deleted = 0 AND {IN_RUNS}"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            sessions.push(SessionFact {
                run_id: id(r.get(0)?)?,
                track: named(r.get(1)?)?,
                date: day(r.get(2)?)?,
                status: named(r.get(3)?)?,
            });
        }

        let mut marks = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.enrolment_id, s.track, a.person, a.status, count(*) FROM attendance a
             JOIN session s ON s.id = a.session_id
             WHERE a.deleted = 0 AND s.deleted = 0 AND s.status = 'held' AND s.{IN_RUNS}
             GROUP BY a.enrolment_id, s.track, a.person, a.status"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            marks.push(MarkCount {
                enrolment_id: id(r.get(0)?)?,
                track: named(r.get(1)?)?,
                person: named(r.get(2)?)?,
                status: named(r.get(3)?)?,
                count: r.get(4)?,
            });
        }

        let mut contacts = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT run_id, enrolment_id, kind, date FROM contact WHERE deleted = 0 AND {IN_RUNS}"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            contacts.push(ContactFact {
                run_id: id(r.get(0)?)?,
                enrolment_id: r.get::<_, Option<String>>(1)?.map(id).transpose()?,
                kind: named(r.get(2)?)?,
                date: day(r.get(3)?)?,
            });
        }

        let mut finals = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.id, f.enrolment_id, f.audience, f.version, f.finalised_on, f.sent_on, f.sent_how, f.sent_to
             FROM end_report f JOIN enrolment e ON e.id = f.enrolment_id
             WHERE f.deleted = 0 AND e.deleted = 0 AND e.{IN_RUNS}"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            finals.push(FinalFact {
                id: id(r.get(0)?)?,
                enrolment_id: id(r.get(1)?)?,
                audience: r.get(2)?,
                version: r.get(3)?,
                finalised_on: day(r.get(4)?)?,
                sent_on: r.get::<_, Option<String>>(5)?.map(day).transpose()?,
                sent_how: r.get::<_, Option<String>>(6)?.map(named).transpose()?,
                sent_to: r.get(7)?,
            });
        }

        Ok(YearFile { runs, trainers, schools, enrolments, names, sessions, marks, contacts, finals })
    }

    /// The first days of every run, for the school years there are.
    pub fn run_starts(&self) -> Result<Vec<NaiveDate>> {
        let mut stmt = self.conn.prepare_cached("SELECT DISTINCT start_date FROM run WHERE deleted = 0")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(day(r.get(0)?)?);
        }
        Ok(out)
    }
}
