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
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// A goal's weight and its latest score (none when never scored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalFact {
    pub enrolment_id: Uuid,
    pub weight: u32,
    pub latest: Option<i8>,
}

/// One measurement's score.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementFact {
    pub enrolment_id: Uuid,
    pub instrument: String,
    pub phase: crate::model::Phase,
    pub date: NaiveDate,
    pub score: f64,
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
    /// Per enrolment and track: the day of the first held session with a
    /// mark of the track's person (a late joiner's start).
    pub first_marks: HashMap<(Uuid, TrackKind), NaiveDate>,
    pub contacts: Vec<ContactFact>,
    pub finals: Vec<FinalFact>,
    pub goals: Vec<GoalFact>,
    pub measurements: Vec<MeasurementFact>,
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

/// A text column, borrowed from the row (thousands of rows are read: no copies).
pub(super) fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    row.get_ref(i)?.as_str().map_err(|e| StoreError::Corrupt(format!("column {i}: {e}")))
}

pub(super) fn id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(format!("id {text}: {e}")))
}

pub(super) fn day(text: &str) -> Result<NaiveDate> {
    text.parse().map_err(|e| StoreError::Corrupt(format!("date {text}: {e}")))
}

/// A stored enum value (kept as its serde name).
pub(super) fn named<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    use serde::de::IntoDeserializer;
    let value: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = text.into_deserializer();
    T::deserialize(value).map_err(|e| StoreError::Corrupt(format!("value {text}: {e}")))
}

impl Store {
    /// The runs under way from `from` to `until` (inclusive), with their
    /// trainers, enrolments, sessions, counted marks, contacts and final
    /// reports: one statement per table.
    ///
    /// With `main_only`, only the children's own marks at the sessions of
    /// the children's and the individual tracks are read (the overview shows
    /// no more; the figures read every track).
    pub fn year_file(&self, from: NaiveDate, until: NaiveDate, main_only: bool) -> Result<YearFile> {
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
            trainers.entry(id(text(r, 0)?)?).or_default().push(r.get(1)?);
        }

        let schools = self.rows::<School>("1", "", &[])?.into_iter().map(|s| (s.id, s)).collect();
        // The enrolments with their child's name, mapped column by column
        // (thousands of them: no detour through JSON).
        let mut enrolments = Vec::new();
        let mut names = HashMap::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT e.id, e.run_id, e.participant_id, e.referral_by, e.referral_date, e.indication_number,
                    e.indication_issuer, e.indication_from, e.indication_until, e.status, e.status_reason, e.outcome,
                    p.given_name || ' ' || p.family_name
             FROM enrolment e JOIN participant p ON p.id = e.participant_id
             WHERE e.deleted = 0 AND p.deleted = 0 AND e.{IN_RUNS} ORDER BY e.rowid"
        ))?;
        let mut rows = stmt.query(args)?;
        let optional = |r: &rusqlite::Row<'_>, i: usize| -> Result<Option<String>> { Ok(r.get(i)?) };
        let optional_day = |r: &rusqlite::Row<'_>, i: usize| -> Result<Option<NaiveDate>> {
            r.get_ref(i)?.as_str_or_null().map_err(|e| StoreError::Corrupt(e.to_string()))?.map(day).transpose()
        };
        while let Some(r) = rows.next()? {
            let e = Enrolment {
                id: id(text(r, 0)?)?,
                run_id: id(text(r, 1)?)?,
                participant_id: id(text(r, 2)?)?,
                referral_by: named(text(r, 3)?)?,
                referral_date: day(text(r, 4)?)?,
                indication_number: optional(r, 5)?,
                indication_issuer: optional(r, 6)?,
                indication_from: optional_day(r, 7)?,
                indication_until: optional_day(r, 8)?,
                status: named(text(r, 9)?)?,
                status_reason: optional(r, 10)?,
                outcome: optional(r, 11)?,
            };
            names.insert(e.participant_id, r.get(12)?);
            enrolments.push(e);
        }

        let mut sessions = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT run_id, track, date, status FROM session WHERE deleted = 0 AND {IN_RUNS}"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            sessions.push(SessionFact {
                run_id: id(text(r, 0)?)?,
                track: named(text(r, 1)?)?,
                date: day(text(r, 2)?)?,
                status: named(text(r, 3)?)?,
            });
        }

        // Counted here rather than by SQL's GROUP BY: sorting the year's
        // marks (about 75,000) into a temporary tree costs four times the join.
        let mut counted: HashMap<(Uuid, TrackKind, Person, AttendanceStatus), u32> = HashMap::new();
        // ISO days compare as text: only the earliest of each is parsed.
        let mut first: HashMap<(Uuid, TrackKind), [u8; 10]> = HashMap::new();
        let main = if main_only { "AND s.track IN ('child', 'individual') AND a.person = 'child'" } else { "" };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.enrolment_id, s.track, a.person, a.status, s.date FROM attendance a
             JOIN session s ON s.id = a.session_id
             WHERE a.deleted = 0 AND s.deleted = 0 AND s.status = 'held' AND s.{IN_RUNS} {main}"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            let key: (Uuid, TrackKind, Person, AttendanceStatus) =
                (id(text(r, 0)?)?, named(text(r, 1)?)?, named(text(r, 2)?)?, named(text(r, 3)?)?);
            if crate::rules::person_of_track(key.1) == key.2 {
                let date: [u8; 10] = text(r, 4)?
                    .as_bytes()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt(format!("date {}", text(r, 4).unwrap_or_default())))?;
                first.entry((key.0, key.1)).and_modify(|d| *d = (*d).min(date)).or_insert(date);
            }
            *counted.entry(key).or_default() += 1;
        }
        let first_marks = first
            .into_iter()
            .map(|(key, date)| Ok((key, day(std::str::from_utf8(&date).unwrap_or_default())?)))
            .collect::<Result<_>>()?;
        let marks = counted
            .into_iter()
            .map(|((enrolment_id, track, person, status), count)| MarkCount {
                enrolment_id,
                track,
                person,
                status,
                count,
            })
            .collect();

        let mut contacts = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT run_id, enrolment_id, kind, date FROM contact WHERE deleted = 0 AND {IN_RUNS}"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            contacts.push(ContactFact {
                run_id: id(text(r, 0)?)?,
                enrolment_id: r
                    .get_ref(1)?
                    .as_str_or_null()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?
                    .map(id)
                    .transpose()?,
                kind: named(text(r, 2)?)?,
                date: day(text(r, 3)?)?,
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
                id: id(text(r, 0)?)?,
                enrolment_id: id(text(r, 1)?)?,
                audience: r.get(2)?,
                version: r.get(3)?,
                finalised_on: day(text(r, 4)?)?,
                sent_on: r
                    .get_ref(5)?
                    .as_str_or_null()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?
                    .map(day)
                    .transpose()?,
                sent_how: r
                    .get_ref(6)?
                    .as_str_or_null()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?
                    .map(named)
                    .transpose()?,
                sent_to: r.get(7)?,
            });
        }

        let mut goals = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT g.enrolment_id, g.weight,
                    (SELECT s.level FROM goal_score s WHERE s.goal_id = g.id AND s.deleted = 0
                     ORDER BY s.date DESC, s.rowid DESC LIMIT 1)
             FROM goal g JOIN enrolment e ON e.id = g.enrolment_id
             WHERE g.deleted = 0 AND e.deleted = 0 AND e.{IN_RUNS}"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            goals.push(GoalFact { enrolment_id: id(text(r, 0)?)?, weight: r.get(1)?, latest: r.get(2)? });
        }

        let mut measurements = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT m.enrolment_id, m.instrument, m.phase, m.date, m.score
             FROM measurement m JOIN enrolment e ON e.id = m.enrolment_id
             WHERE m.deleted = 0 AND e.deleted = 0 AND e.{IN_RUNS}"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            measurements.push(MeasurementFact {
                enrolment_id: id(text(r, 0)?)?,
                instrument: r.get(1)?,
                phase: named(text(r, 2)?)?,
                date: day(text(r, 3)?)?,
                score: r.get(4)?,
            });
        }

        Ok(YearFile {
            runs,
            trainers,
            schools,
            enrolments,
            names,
            sessions,
            marks,
            first_marks,
            contacts,
            finals,
            goals,
            measurements,
        })
    }

    /// The ZAT meetings from `from` to `until` (inclusive), by date.
    pub fn zat_meetings(&self, from: NaiveDate, until: NaiveDate) -> Result<Vec<crate::model::ZatMeeting>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM zat_meeting WHERE deleted = 0 AND date >= ?1 AND date <= ?2 ORDER BY date, id",
        )?;
        let ids: Vec<String> =
            stmt.query_map([from.to_string(), until.to_string()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for text in ids {
            if let Some(m) = self.get::<crate::model::ZatMeeting>(id(&text)?)? {
                out.push(m);
            }
        }
        Ok(out)
    }

    /// The first days of every run, for the school years there are.
    pub fn run_starts(&self) -> Result<Vec<NaiveDate>> {
        let mut stmt = self.conn.prepare_cached("SELECT DISTINCT start_date FROM run WHERE deleted = 0")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(day(text(r, 0)?)?);
        }
        Ok(out)
    }
}

/// A year file looked up by run and by enrolment (built once per overview
/// or figures, shared by both).
pub struct YearIndex<'a> {
    /// Per run: the first and the last session day.
    span: HashMap<Uuid, (NaiveDate, NaiveDate)>,
    /// The days of the held sessions per run and track, in order.
    held: HashMap<(Uuid, TrackKind), Vec<NaiveDate>>,
    first_marks: &'a HashMap<(Uuid, TrackKind), NaiveDate>,
    enrolments: HashMap<Uuid, Vec<&'a Enrolment>>,
    marks: HashMap<Uuid, Vec<&'a MarkCount>>,
    contacts: HashMap<Uuid, Vec<&'a ContactFact>>,
    finals: HashMap<Uuid, Vec<&'a FinalFact>>,
    goals: HashMap<Uuid, Vec<&'a GoalFact>>,
    measurements: HashMap<Uuid, Vec<&'a MeasurementFact>>,
}

fn grouped<'a, T>(items: &'a [T], key: impl Fn(&T) -> Uuid) -> HashMap<Uuid, Vec<&'a T>> {
    let mut map: HashMap<Uuid, Vec<&'a T>> = HashMap::new();
    for item in items {
        map.entry(key(item)).or_default().push(item);
    }
    map
}

fn of<'m, 'a, T>(map: &'m HashMap<Uuid, Vec<&'a T>>, id: Uuid) -> &'m [&'a T] {
    map.get(&id).map(Vec::as_slice).unwrap_or_default()
}

impl YearFile {
    pub fn index(&self) -> YearIndex<'_> {
        let mut span: HashMap<Uuid, (NaiveDate, NaiveDate)> = HashMap::new();
        let mut held: HashMap<(Uuid, TrackKind), Vec<NaiveDate>> = HashMap::new();
        for s in &self.sessions {
            let e = span.entry(s.run_id).or_insert((s.date, s.date));
            e.0 = e.0.min(s.date);
            e.1 = e.1.max(s.date);
            if s.status == SessionStatus::Held {
                held.entry((s.run_id, s.track)).or_default().push(s.date);
            }
        }
        for days in held.values_mut() {
            days.sort_unstable();
        }
        YearIndex {
            span,
            held,
            first_marks: &self.first_marks,
            enrolments: grouped(&self.enrolments, |e| e.run_id),
            marks: grouped(&self.marks, |m| m.enrolment_id),
            contacts: grouped(&self.contacts, |c| c.run_id),
            finals: grouped(&self.finals, |f| f.enrolment_id),
            goals: grouped(&self.goals, |g| g.enrolment_id),
            measurements: grouped(&self.measurements, |m| m.enrolment_id),
        }
    }
}

impl<'a> YearIndex<'a> {
    /// A run's first and last session day.
    pub fn span(&self, run: Uuid) -> (Option<NaiveDate>, Option<NaiveDate>) {
        self.span.get(&run).map_or((None, None), |&(a, b)| (Some(a), Some(b)))
    }

    /// How many sessions of a run's track were held.
    pub fn held(&self, run: Uuid, track: TrackKind) -> u32 {
        self.held.get(&(run, track)).map_or(0, |days| days.len() as u32)
    }

    /// For one enrolment: the held sessions of a track before its first
    /// recorded one (a late joiner's), and those from then on — as
    /// `rules::attendance_figures` counts them (no record at all: no start).
    pub fn held_for(&self, run: Uuid, enrolment: Uuid, track: TrackKind) -> (u32, u32) {
        let days = self.held.get(&(run, track)).map(Vec::as_slice).unwrap_or_default();
        let before = match self.first_marks.get(&(enrolment, track)) {
            Some(first) => days.partition_point(|d| d < first),
            None => 0,
        };
        (before as u32, (days.len() - before) as u32)
    }

    pub fn enrolments(&self, run: Uuid) -> &[&'a Enrolment] {
        of(&self.enrolments, run)
    }

    pub fn marks(&self, enrolment: Uuid) -> &[&'a MarkCount] {
        of(&self.marks, enrolment)
    }

    /// A run's contacts (about one child or the whole group).
    pub fn contacts(&self, run: Uuid) -> &[&'a ContactFact] {
        of(&self.contacts, run)
    }

    /// The kinds and days of the contacts that count for one enrolment of a run.
    pub fn contacts_of(&self, run: Uuid, enrolment: Uuid) -> Vec<(ContactKind, NaiveDate)> {
        self.contacts(run)
            .iter()
            .filter(|c| c.enrolment_id.is_none_or(|id| id == enrolment))
            .map(|c| (c.kind.clone(), c.date))
            .collect()
    }

    pub fn finals(&self, enrolment: Uuid) -> &[&'a FinalFact] {
        of(&self.finals, enrolment)
    }

    pub fn goals(&self, enrolment: Uuid) -> &[&'a GoalFact] {
        of(&self.goals, enrolment)
    }

    pub fn measurements(&self, enrolment: Uuid) -> &[&'a MeasurementFact] {
        of(&self.measurements, enrolment)
    }
}
