//! Runs (groups), their schedule, sessions and attendance.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Ineen;
use crate::error::{Error, Field, Invalid, Kind, Result};
use crate::model::{
    Attendance, AttendanceStatus, Enrolment, EnrolmentStatus, Participant, Person, Region, Run, RunHoliday, RunTrainer,
    Session, SessionStatus,
};
use crate::rules::{self, FreePeriod, PlannedSession, RunWarning};
use crate::store::records::Tx;

/// What a trainer fills in to start a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NewRun {
    pub programme_id: String,
    pub name: String,
    pub start_date: NaiveDate,
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    pub region: Option<Region>,
    pub location: String,
    pub school_id: Option<Uuid>,
    pub variant: Option<String>,
    pub trainer_ids: Vec<Uuid>,
    /// Extra free days of this run, besides the school holidays.
    pub free_days: Vec<FreePeriod>,
    /// The sessions to save; `None` takes the proposed schedule as it is.
    pub sessions: Option<Vec<PlannedSession>>,
}

/// One session of a day, with its run and programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DaySession {
    pub session: Session,
    pub run_name: String,
    pub programme_name: String,
}

/// A run's attendance grid: its sessions of one track, and per enrolment the
/// status at each session (`None`: not recorded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AttendanceGrid {
    pub sessions: Vec<Session>,
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GridRow {
    pub enrolment_id: Uuid,
    pub name: String,
    pub cells: Vec<Option<AttendanceStatus>>,
}

/// One attendance mark as the trainer enters it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Mark {
    pub enrolment_id: Uuid,
    pub person: Person,
    pub status: AttendanceStatus,
    pub note: Option<String>,
}

impl Ineen {
    /// The proposed schedule of a new run, holidays skipped.
    pub fn preview_schedule(
        &self,
        programme_id: &str,
        start: NaiveDate,
        weekday: u8,
        region: Option<Region>,
        free_days: &[FreePeriod],
    ) -> Result<Vec<PlannedSession>> {
        let programme = self.programme(programme_id)?;
        let day = rules::weekday(weekday).ok_or(Error::Invalid(Invalid::Weekday))?;
        let mut free = rules::holidays(region);
        free.extend(free_days.iter().cloned());
        Ok(rules::plan_sessions(&programme, start, day, &free))
    }

    /// Creates a run with its trainers, free days and sessions, in one transaction.
    pub fn create_run(&mut self, new: NewRun) -> Result<Run> {
        if new.name.trim().is_empty() {
            return Err(Invalid::GroupName.into());
        }
        if new.location.trim().is_empty() {
            return Err(Invalid::Required(Field::Location).into());
        }
        let sessions = match new.sessions.clone() {
            Some(s) => s,
            None => {
                self.preview_schedule(&new.programme_id, new.start_date, new.weekday, new.region, &new.free_days)?
            }
        };
        if let Some(early) = sessions.iter().find(|s| s.date < new.start_date) {
            return Err(Invalid::SessionBeforeStart { number: early.number }.into());
        }
        self.store.write(|tx| -> Result<Run> {
            let run = Run {
                id: tx.new_id(),
                programme_id: new.programme_id.clone(),
                name: new.name.trim().to_string(),
                start_date: new.start_date,
                weekday: new.weekday,
                region: new.region,
                location: new.location.trim().to_string(),
                school_id: new.school_id,
                variant: new.variant.clone(),
            };
            tx.put(&run)?;
            for trainer_id in &new.trainer_ids {
                let link = RunTrainer { id: tx.new_id(), run_id: run.id, trainer_id: *trainer_id };
                tx.put(&link)?;
            }
            for free in &new.free_days {
                let mut day = free.from;
                while day <= free.until {
                    let h = RunHoliday { id: tx.new_id(), run_id: run.id, date: day, reason: free.name.clone() };
                    tx.put(&h)?;
                    day += chrono::Duration::days(1);
                }
            }
            put_sessions(tx, run.id, &sessions)?;
            Ok(run)
        })
    }

    pub fn run(&self, id: Uuid) -> Result<Run> {
        self.store.get::<Run>(id)?.ok_or_else(|| Error::NotFound(Kind::Run, id.to_string()))
    }

    /// All runs, newest first.
    pub fn runs(&self) -> Result<Vec<Run>> {
        let mut runs = self.store.runs()?;
        runs.sort_by(|a, b| b.start_date.cmp(&a.start_date).then(a.name.cmp(&b.name)));
        Ok(runs)
    }

    /// A run's sessions by date.
    pub fn sessions(&self, run_id: Uuid) -> Result<Vec<Session>> {
        Ok(self.store.sessions_of_run(run_id)?)
    }

    /// The sessions of a day across all runs.
    pub fn sessions_on(&self, date: NaiveDate) -> Result<Vec<DaySession>> {
        let mut out = Vec::new();
        for session in self.store.sessions_on(date)? {
            let run = self.run(session.run_id)?;
            let programme_name = self.programme(&run.programme_id)?.name;
            out.push(DaySession { session, run_name: run.name, programme_name });
        }
        out.sort_by(|a, b| (&a.session.start_time, &a.run_name).cmp(&(&b.session.start_time, &b.run_name)));
        Ok(out)
    }

    /// A run's enrolments with their participants, by name.
    pub fn run_enrolments(&self, run_id: Uuid) -> Result<Vec<(Enrolment, Participant)>> {
        let mut out = Vec::new();
        for e in self.store.enrolments_of_run(run_id)? {
            let p = self.participant(e.participant_id)?;
            out.push((e, p));
        }
        out.sort_by(|a, b| (&a.1.family_name, &a.1.given_name).cmp(&(&b.1.family_name, &b.1.given_name)));
        Ok(out)
    }

    /// The attendance grid of a run's child (or individual) track.
    pub fn attendance_grid(&self, run_id: Uuid) -> Result<AttendanceGrid> {
        let sessions: Vec<Session> = self
            .sessions(run_id)?
            .into_iter()
            .filter(|s| matches!(s.track, crate::model::TrackKind::Child | crate::model::TrackKind::Individual))
            .collect();
        let marks = self.store.attendance_of_run(run_id)?;
        let rows = self
            .run_enrolments(run_id)?
            .into_iter()
            .map(|(e, p)| GridRow {
                enrolment_id: e.id,
                name: p.full_name(),
                cells: sessions
                    .iter()
                    .map(|s| {
                        marks
                            .iter()
                            .find(|a| {
                                a.session_id == s.id
                                    && a.enrolment_id == e.id
                                    && a.person == rules::person_of_track(s.track)
                            })
                            .map(|a| a.status)
                    })
                    .collect(),
            })
            .collect();
        Ok(AttendanceGrid { sessions, rows })
    }

    /// Enrolments of a run that may not take part yet for want of an indication.
    /// (enrolment id, participant name) for each enrolment in the group.
    fn missing_indications(
        &self,
        run: &Run,
        on: NaiveDate,
        enrolments: Option<&[Enrolment]>,
    ) -> Result<Vec<(Uuid, String)>> {
        // Marking attendance (`enrolments` given) checks everyone still taking
        // part, referred ones too; holding the whole session checks those in
        // intake or active, so a waiting list does not stop the group.
        let whole_group = enrolments.is_none();
        let programme = self.programme_ref(&run.programme_id)?;
        if !programme.indication_required {
            return Ok(Vec::new());
        }
        let read;
        let enrolments = match enrolments {
            Some(e) => e,
            None => {
                read = self.store.enrolments_of_run(run.id)?;
                &read
            }
        };
        let active = enrolments.iter().filter(|e| !whole_group || rules::under_way(e));
        rules::missing_indications(&programme, active, on)
            .into_iter()
            .map(|e| Ok((e.id, self.participant(e.participant_id)?.full_name())))
            .collect()
    }

    fn indication_error(&self, run: &Run, names: Vec<String>) -> Result<Error> {
        Ok(Error::IndicationMissing { programme: self.programme(&run.programme_id)?.name, names })
    }

    fn session(&self, id: Uuid) -> Result<Session> {
        self.store.get::<Session>(id)?.ok_or_else(|| Error::NotFound(Kind::Session, id.to_string()))
    }

    /// Marks a session held. Refused while an enrolment in the group that
    /// needs an indication has none valid on the session's date.
    pub fn hold_session(&mut self, session_id: Uuid) -> Result<Session> {
        let mut session = self.session(session_id)?;
        let today = self.today();
        if session.date > today {
            return Err(Invalid::SessionNotYet { date: session.date }.into());
        }
        let run = self.run(session.run_id)?;
        let missing = self.missing_indications(&run, session.date, None)?;
        if !missing.is_empty() {
            return Err(self.indication_error(&run, missing.into_iter().map(|(_, name)| name).collect())?);
        }
        session.status = SessionStatus::Held;
        session.cancel_reason = None;
        self.store.write(|tx| tx.put(&session))?;
        Ok(session)
    }

    pub fn cancel_session(&mut self, session_id: Uuid, reason: &str) -> Result<Session> {
        let mut session = self.session(session_id)?;
        if reason.trim().is_empty() {
            return Err(Invalid::CancelReason.into());
        }
        session.status = SessionStatus::Cancelled;
        session.cancel_reason = Some(reason.trim().to_string());
        self.store.write(|tx| tx.put(&session))?;
        Ok(session)
    }

    /// Records attendance at a session: one mark per enrolment and person,
    /// all in one transaction. Marking someone present (or late) is refused
    /// when their indication is missing.
    pub fn record_attendance(&mut self, session_id: Uuid, marks: &[Mark]) -> Result<Vec<Attendance>> {
        let existing = {
            let _together = self.store.reading_together()?;
            let session = self.session(session_id)?;
            let run = self.run(session.run_id)?;
            let enrolled = self.store.enrolments_of_run(run.id)?;
            if marks.iter().any(|m| !enrolled.iter().any(|e| e.id == m.enrolment_id)) {
                return Err(Invalid::NotInGroup.into());
            }
            if marks.iter().any(|m| m.status.attended()) {
                let refused: Vec<String> = self
                    .missing_indications(&run, session.date, Some(&enrolled))?
                    .into_iter()
                    .filter(|(id, _)| marks.iter().any(|m| m.enrolment_id == *id && m.status.attended()))
                    .map(|(_, name)| name)
                    .collect();
                if !refused.is_empty() {
                    return Err(self.indication_error(&run, refused)?);
                }
            }
            self.store.attendance_of_session(session_id)?
        };
        self.store.write(|tx: &mut Tx<'_>| -> Result<Vec<Attendance>> {
            let mut out = Vec::with_capacity(marks.len());
            for mark in marks {
                let old = existing.iter().find(|a| a.enrolment_id == mark.enrolment_id && a.person == mark.person);
                let id = old.map_or_else(|| tx.new_id(), |a| a.id);
                let record = Attendance {
                    id,
                    session_id,
                    enrolment_id: mark.enrolment_id,
                    person: mark.person,
                    status: mark.status,
                    note: mark.note.clone().filter(|n| !n.trim().is_empty()),
                };
                if old.is_some() {
                    tx.put(&record)?
                } else {
                    tx.insert(&record)?
                };
                out.push(record);
            }
            Ok(out)
        })
    }

    /// Group-size, trainer-ratio and age warnings of a run.
    pub fn run_warnings(&self, run_id: Uuid) -> Result<Vec<RunWarning>> {
        let run = self.run(run_id)?;
        let programme = self.programme(&run.programme_id)?;
        let trainers = self.store.trainer_count_of_run(run_id)?;
        let pairs = self.run_enrolments(run_id)?;
        let participants: Vec<&Participant> =
            pairs.iter().filter(|(e, _)| rules::in_group(e)).map(|(_, p)| p).collect();
        Ok(rules::run_warnings(&programme, run.start_date, trainers, &participants))
    }
}

/// Saves planned sessions of a run.
pub(super) fn put_sessions(tx: &mut Tx<'_>, run_id: Uuid, planned: &[PlannedSession]) -> Result<Vec<Session>> {
    let mut out = Vec::with_capacity(planned.len());
    for p in planned {
        let session = Session {
            id: tx.new_id(),
            run_id,
            track: p.track,
            number: p.number,
            date: p.date,
            start_time: p.start_time.clone(),
            title: p.title.clone(),
            theme: p.theme.clone(),
            status: SessionStatus::Planned,
            cancel_reason: None,
        };
        tx.insert(&session)?;
        out.push(session);
    }
    Ok(out)
}

/// Everything the attendance screen of one session needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionSheet {
    pub session: Session,
    pub run_name: String,
    pub programme_id: String,
    pub programme_name: String,
    /// Whose attendance this session records.
    pub person: Person,
    pub rows: Vec<SheetRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SheetRow {
    pub enrolment_id: Uuid,
    pub name: String,
    pub enrolment_status: EnrolmentStatus,
    /// False when the programme needs an indication that is missing on the session's date.
    pub indication_ok: bool,
    pub mark: Option<Attendance>,
}

impl Ineen {
    pub fn session_sheet(&self, session_id: Uuid) -> Result<SessionSheet> {
        let session = self.session(session_id)?;
        let run = self.run(session.run_id)?;
        let programme = self.programme(&run.programme_id)?;
        let person = rules::person_of_track(session.track);
        let marks = self.store.attendance_of_session(session_id)?;
        let rows = self
            .run_enrolments(run.id)?
            .into_iter()
            .filter(|(e, _)| rules::on_attendance_sheet(e))
            .map(|(e, p)| SheetRow {
                enrolment_id: e.id,
                name: p.full_name(),
                enrolment_status: e.status,
                indication_ok: !programme.indication_required || e.indication_valid_on(session.date),
                mark: marks.iter().find(|a| a.enrolment_id == e.id && a.person == person).cloned(),
            })
            .collect();
        Ok(SessionSheet {
            session,
            run_name: run.name,
            programme_id: programme.id.clone(),
            programme_name: programme.name,
            person,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::i18n::Lang;
    use crate::ineen::fixture::{demo, enrolment};
    use crate::model::TrackKind;

    fn new_run(ineen: &mut Ineen, name: &str) -> NewRun {
        NewRun {
            programme_id: "alles-kidzzz".into(),
            name: name.into(),
            start_date: ineen.today(),
            weekday: 1,
            region: Some(Region::Midden),
            location: " De Regenboog ".into(),
            school_id: None,
            variant: None,
            trainer_ids: ineen.trainers().expect("trainers").iter().map(|t| t.id).take(2).collect(),
            free_days: Vec::new(),
            sessions: None,
        }
    }

    #[test]
    fn a_new_run_gets_its_schedule_and_trainers_in_one_go() {
        let mut ineen = demo();
        let before = ineen.runs().expect("runs").len();
        let new = new_run(&mut ineen, "  Alles Kidzzz test  ");
        let trainers = new.trainer_ids.clone();
        let run = ineen.create_run(new).expect("created");
        assert_eq!((run.name.as_str(), run.location.as_str()), ("Alles Kidzzz test", "De Regenboog"));
        assert_eq!(ineen.runs().expect("runs").len(), before + 1);
        let sessions = ineen.sessions(run.id).expect("sessions");
        assert_eq!(sessions.len(), 8);
        assert!(sessions.windows(2).all(|w| w[0].date <= w[1].date), "by date");
        let linked: Vec<Uuid> = ineen.store.trainers_of_run(run.id).expect("trainers").iter().map(|t| t.id).collect();
        assert_eq!(linked, trainers, "in the order they were chosen");
    }

    #[test]
    fn a_run_without_name_or_weekday_is_refused_and_nothing_is_written() {
        let mut ineen = demo();
        let before = ineen.runs().expect("runs").len();
        let blank = new_run(&mut ineen, "   ");
        assert_eq!(ineen.create_run(blank).expect_err("no name").message(Lang::En), "Give the group a name.");
        let mut bad_day = new_run(&mut ineen, "Groep");
        bad_day.weekday = 9;
        assert_eq!(ineen.create_run(bad_day).expect_err("no such day").code(), ErrorCode::InvalidInput);
        assert_eq!(ineen.runs().expect("runs").len(), before);
    }

    #[test]
    fn attendance_is_recorded_undone_and_refused_for_another_group() {
        let mut ineen = demo();
        let daan = ineen.enrolment(enrolment(&ineen, "Daan de Vries")).expect("daan");
        let milan = enrolment(&ineen, "Milan Hoekstra");
        let session = ineen
            .sessions(daan.run_id)
            .expect("sessions")
            .into_iter()
            .find(|s| s.track == TrackKind::Child && s.status == SessionStatus::Planned)
            .expect("a planned session");
        let mark = |enrolment_id| Mark {
            enrolment_id,
            person: Person::Child,
            status: AttendanceStatus::AbsentExcused,
            note: Some("  ".into()),
        };
        let err = ineen.record_attendance(session.id, &[mark(milan)]).expect_err("not in this group");
        assert_eq!(err.code(), ErrorCode::InvalidInput);

        let saved = ineen.record_attendance(session.id, &[mark(daan.id)]).expect("recorded");
        assert_eq!(saved[0].note, None, "an empty note is no note");
        let row = |ineen: &Ineen| {
            ineen.session_sheet(session.id).expect("sheet").rows.into_iter().find(|r| r.enrolment_id == daan.id)
        };
        assert_eq!(row(&ineen).and_then(|r| r.mark).map(|m| m.status), Some(AttendanceStatus::AbsentExcused));
        // The same mark again updates it instead of adding one.
        ineen
            .record_attendance(session.id, &[Mark { status: AttendanceStatus::Present, ..mark(daan.id) }])
            .expect("again");
        assert_eq!(ineen.store.attendance_of_session(session.id).expect("marks").len(), saved.len());

        assert!(ineen.clear_attendance(session.id, daan.id, Person::Child).expect("undo"));
        assert_eq!(row(&ineen).and_then(|r| r.mark), None);
        assert!(!ineen.clear_attendance(session.id, daan.id, Person::Child).expect("nothing left to undo"));
    }

    #[test]
    fn the_parents_sheet_records_the_parents() {
        let ineen = demo();
        let daan = ineen.enrolment(enrolment(&ineen, "Daan de Vries")).expect("daan");
        let parents = ineen
            .sessions(daan.run_id)
            .expect("sessions")
            .into_iter()
            .find(|s| s.track == TrackKind::Parent)
            .expect("a parents' session");
        assert_eq!(ineen.session_sheet(parents.id).expect("sheet").person, Person::Parent);
    }
}
