//! People, enrolments and what is recorded about them: consent, contacts,
//! goals and scores, measurements, observations; the enrolment overview.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Ineen;
use crate::error::{Error, Kind, Result};
use crate::model::{
    Attendance, Audience, Consent, Contact, Enrolment, EnrolmentStatus, Entity, Goal, GoalScore, Measurement,
    Observation, Participant, Person, ReferralSource, Session, SessionStatus, TrackKind,
};
use crate::rules::{self, AttendanceFigures, CheckItem, Flag};
use crate::store::records::Written;

/// A line in the list of enrolments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EnrolmentSummary {
    pub id: Uuid,
    pub run_id: Uuid,
    pub participant_id: Uuid,
    pub participant: String,
    pub programme: String,
    pub run: String,
    pub status: EnrolmentStatus,
    pub indication: bool,
}

/// Attendance of one track of an enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrackAttendance {
    pub track: TrackKind,
    pub figures: AttendanceFigures,
}

/// A goal with its scores over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GoalProgress {
    pub goal: Goal,
    pub scores: Vec<GoalScore>,
}

/// One event on an enrolment's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineItem {
    Session { session: Session, attendance: Option<Attendance> },
    Contact { contact: Contact },
    Observation { observation: Observation },
    GoalScore { goal: String, score: GoalScore },
}

impl TimelineItem {
    fn date(&self) -> NaiveDate {
        match self {
            TimelineItem::Session { session, .. } => session.date,
            TimelineItem::Contact { contact } => contact.date,
            TimelineItem::Observation { observation } => observation.date,
            TimelineItem::GoalScore { score, .. } => score.date,
        }
    }
}

/// Everything about one enrolment, as the trainer's enrolment page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EnrolmentOverview {
    pub enrolment: Enrolment,
    pub participant: Participant,
    pub run_name: String,
    pub programme_id: String,
    pub programme_name: String,
    pub attendance: Vec<TrackAttendance>,
    pub checklist: Vec<CheckItem>,
    pub flags: Vec<Flag>,
    pub goals: Vec<GoalProgress>,
    /// The GAS T-score over the latest score of each goal.
    pub t_score: Option<f64>,
    pub consents: Vec<Consent>,
    /// Tips for the teacher selected for this enrolment.
    pub tips: Vec<crate::model::Tip>,
    pub measurements: Vec<Measurement>,
    pub timeline: Vec<TimelineItem>,
}

/// What a trainer fills in to enrol someone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NewEnrolment {
    pub run_id: Uuid,
    pub participant_id: Uuid,
    pub referral_by: ReferralSource,
    pub referral_date: NaiveDate,
}

/// A participant found by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ParticipantHit {
    pub id: Uuid,
    pub name: String,
    pub birth_date: NaiveDate,
}

fn by_id<E: Entity>(ineen: &Ineen, kind: Kind, id: Uuid) -> Result<E> {
    ineen.store.get::<E>(id)?.ok_or_else(|| Error::NotFound(kind, id.to_string()))
}

impl Ineen {
    /// Saves any record as it is (creates or updates), audited and logged.
    pub fn save<E: Entity>(&mut self, record: &E) -> Result<Written> {
        Ok(self.store.write(|tx| tx.put(record))?)
    }

    /// Saves many records of a kind in one transaction (imports, generators).
    pub fn save_all<E: Entity>(&mut self, records: &[E]) -> Result<usize> {
        Ok(self.store.write(|tx| -> crate::store::Result<usize> {
            let mut written = 0;
            for r in records {
                written += usize::from(tx.put(r)? != Written::Unchanged);
            }
            Ok(written)
        })?)
    }

    /// Saves a record from the UI: a nil id means a new record, which gets
    /// a fresh id. Free texts are trimmed; required texts may not be empty.
    pub fn upsert<E: Entity>(&mut self, mut record: E) -> Result<E> {
        if record.id().is_nil() {
            let id = self.new_id();
            record.set_id(id);
        }
        self.save(&record)?;
        Ok(record)
    }

    /// Deletes a record (a tombstone that travels with sync).
    pub fn delete<E: Entity>(&mut self, id: Uuid) -> Result<bool> {
        Ok(self.store.write(|tx| tx.delete::<E>(id))?)
    }

    /// A new record id (UUIDv7 from the injected clock).
    pub fn new_id(&mut self) -> Uuid {
        self.store.new_id()
    }

    pub fn participant(&self, id: Uuid) -> Result<Participant> {
        by_id(self, Kind::Participant, id)
    }

    pub fn enrolment(&self, id: Uuid) -> Result<Enrolment> {
        by_id(self, Kind::Enrolment, id)
    }

    /// Participants whose given or family name starts with `query` (case
    /// ignored), or whose full name contains it; at most `limit`.
    pub fn search_participants(&self, query: &str, limit: u32) -> Result<Vec<ParticipantHit>> {
        let q = query.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let prefix = format!("{}%", q.replace(['%', '_'], ""));
        let found = self.store.select::<Participant>(
            "given_name LIKE ?1 OR family_name LIKE ?1 OR (given_name || ' ' || family_name) LIKE ?2
             ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE LIMIT ?3",
            &[&prefix, &format!("%{}", prefix), &limit],
        )?;
        Ok(found
            .into_iter()
            .map(|p| ParticipantHit { id: p.id, name: p.full_name(), birth_date: p.birth_date })
            .collect())
    }

    /// Enrols a participant in a run (status: referred).
    pub fn enrol(&mut self, new: NewEnrolment) -> Result<Enrolment> {
        let run = self.run(new.run_id)?;
        let participant = self.participant(new.participant_id)?;
        let already = self.store.select::<Enrolment>(
            "run_id = ?1 AND participant_id = ?2",
            &[&run.id.to_string(), &participant.id.to_string()],
        )?;
        if !already.is_empty() {
            return Err(Error::AlreadyEnrolled { name: participant.full_name(), run: run.name });
        }
        self.store.write(|tx| -> Result<Enrolment> {
            let e = Enrolment {
                id: tx.new_id(),
                run_id: run.id,
                participant_id: participant.id,
                referral_by: new.referral_by,
                referral_date: new.referral_date,
                indication_number: None,
                indication_issuer: None,
                indication_from: None,
                indication_until: None,
                status: EnrolmentStatus::Referred,
                status_reason: None,
                outcome: None,
            };
            tx.put(&e)?;
            Ok(e)
        })
    }

    /// Records (or corrects) the indication of an enrolment.
    pub fn record_indication(
        &mut self,
        enrolment_id: Uuid,
        number: &str,
        issuer: &str,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> Result<Enrolment> {
        let mut e = self.enrolment(enrolment_id)?;
        if number.trim().is_empty() {
            return Err(Error::Invalid {
                field: "indication_number",
                nl: "Vul het nummer van de indicatie in.".into(),
                en: "Fill in the indication number.".into(),
            });
        }
        if until.is_some_and(|u| u < from) {
            return Err(Error::Invalid {
                field: "indication_until",
                nl: "De indicatie loopt af vóór ze ingaat: controleer de data.".into(),
                en: "The indication ends before it starts: check the dates.".into(),
            });
        }
        e.indication_number = Some(number.trim().to_string());
        e.indication_issuer = Some(issuer.trim().to_string()).filter(|s| !s.is_empty());
        e.indication_from = Some(from);
        e.indication_until = until;
        self.save(&e)?;
        Ok(e)
    }

    pub fn set_enrolment_status(
        &mut self,
        enrolment_id: Uuid,
        status: EnrolmentStatus,
        reason: Option<&str>,
    ) -> Result<Enrolment> {
        let mut e = self.enrolment(enrolment_id)?;
        if status == EnrolmentStatus::Stopped && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(Error::Invalid {
                field: "status_reason",
                nl: "Geef een reden waarom het traject stopt.".into(),
                en: "Give a reason why the trajectory stops.".into(),
            });
        }
        e.status = status;
        e.status_reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
        self.save(&e)?;
        Ok(e)
    }

    /// All enrolments, by participant name.
    pub fn enrolments(&self) -> Result<Vec<EnrolmentSummary>> {
        let mut out = Vec::new();
        for e in self.store.select::<Enrolment>("1", &[])? {
            let run = self.run(e.run_id)?;
            let p = self.participant(e.participant_id)?;
            out.push(EnrolmentSummary {
                id: e.id,
                run_id: e.run_id,
                participant_id: e.participant_id,
                participant: p.full_name(),
                programme: self.programme(&run.programme_id)?.name,
                run: run.name,
                status: e.status,
                indication: e.indication_number.is_some(),
            });
        }
        out.sort_by(|a, b| (&a.participant, &a.run).cmp(&(&b.participant, &b.run)));
        Ok(out)
    }

    /// The enrolment page: attendance per track, checklist, flags, goals and a timeline.
    pub fn enrolment_overview(&mut self, enrolment_id: Uuid) -> Result<EnrolmentOverview> {
        let today = self.today();
        let enrolment = self.enrolment(enrolment_id)?;
        let participant = self.participant(enrolment.participant_id)?;
        let run = self.run(enrolment.run_id)?;
        let programme = self.programme(&run.programme_id)?;
        let sessions = self.sessions(run.id)?;
        let id = enrolment.id.to_string();
        let marks = self.store.select::<Attendance>("enrolment_id = ?1", &[&id])?;
        let contacts = self.store.select::<Contact>(
            "enrolment_id = ?1 OR (enrolment_id IS NULL AND run_id = ?2)",
            &[&id, &run.id.to_string()],
        )?;
        let observations = self.store.select::<Observation>("enrolment_id = ?1", &[&id])?;
        let consents = self.store.select::<Consent>("enrolment_id = ?1", &[&id])?;
        let tips = self.store.select::<crate::model::Tip>("enrolment_id = ?1", &[&id])?;
        let measurements = self.store.select::<Measurement>("enrolment_id = ?1 ORDER BY date", &[&id])?;

        let mark_of = |s: &Session| {
            let person = match s.track {
                TrackKind::Parent => Person::Parent,
                TrackKind::Teacher => Person::Teacher,
                _ => Person::Child,
            };
            marks.iter().find(|a| a.session_id == s.id && a.person == person)
        };
        let mut attendance = Vec::new();
        let mut main_held = Vec::new();
        for track in &programme.tracks {
            let held: Vec<Option<&Attendance>> = sessions
                .iter()
                .filter(|s| s.track == track.kind && s.status == SessionStatus::Held)
                .map(mark_of)
                .collect();
            if matches!(track.kind, TrackKind::Child | TrackKind::Individual) && main_held.is_empty() {
                main_held = held.clone();
            }
            attendance.push(TrackAttendance { track: track.kind, figures: rules::attendance_figures(&held) });
        }

        let first = sessions.iter().map(|s| s.date).min();
        let last = sessions.iter().map(|s| s.date).max();
        let contact_refs: Vec<&Contact> = contacts.iter().collect();
        let checklist = rules::checklist(&programme, &contact_refs, first, last, today);

        let mut flags = rules::attendance_flags(&programme, &main_held);
        let taking_part = matches!(enrolment.status, EnrolmentStatus::Intake | EnrolmentStatus::Active);
        if programme.indication_required && taking_part && !enrolment.indication_valid_on(today) {
            flags.push(Flag::IndicationMissing);
        }
        if programme.school_report
            && taking_part
            && !consents.iter().any(|c| c.audience == Audience::School && c.withdrawn_on.is_none())
        {
            flags.push(Flag::ConsentMissing);
        }
        for item in &checklist {
            if item.state == rules::CheckState::Missing {
                flags.push(Flag::ContactOverdue { contact: item.kind });
            }
        }

        let mut goals = Vec::new();
        let mut latest = Vec::new();
        for goal in self.store.select::<Goal>("enrolment_id = ?1 ORDER BY set_on", &[&id])? {
            let scores = self.store.select::<GoalScore>("goal_id = ?1 ORDER BY date", &[&goal.id.to_string()])?;
            if let Some(last) = scores.last() {
                latest.push((last.level, goal.weight));
            }
            goals.push(GoalProgress { goal, scores });
        }
        let t_score = rules::gas_t_score(&latest);

        let mut timeline: Vec<TimelineItem> = sessions
            .iter()
            .filter(|s| s.status != SessionStatus::Planned || mark_of(s).is_some())
            .map(|s| TimelineItem::Session { session: s.clone(), attendance: mark_of(s).cloned() })
            .collect();
        timeline.extend(
            contacts.into_iter().filter(|c| c.enrolment_id.is_some()).map(|contact| TimelineItem::Contact { contact }),
        );
        timeline.extend(observations.into_iter().map(|observation| TimelineItem::Observation { observation }));
        for g in &goals {
            timeline.extend(
                g.scores
                    .iter()
                    .map(|score| TimelineItem::GoalScore { goal: g.goal.title.clone(), score: score.clone() }),
            );
        }
        timeline.sort_by_key(|item| std::cmp::Reverse(item.date()));

        Ok(EnrolmentOverview {
            enrolment,
            participant,
            run_name: run.name,
            programme_id: programme.id.clone(),
            programme_name: programme.name.clone(),
            attendance,
            checklist,
            flags,
            goals,
            t_score,
            consents,
            tips,
            measurements,
            timeline,
        })
    }

    /// Records a goal score (−2 … +2).
    pub fn score_goal(&mut self, goal_id: Uuid, date: NaiveDate, level: i8, note: Option<&str>) -> Result<GoalScore> {
        if !(-2..=2).contains(&level) {
            return Err(Error::Invalid {
                field: "level",
                nl: "Een GAS-score ligt tussen −2 en +2.".into(),
                en: "A GAS score lies between −2 and +2.".into(),
            });
        }
        let goal: Goal = by_id(self, Kind::Goal, goal_id)?;
        self.store.write(|tx| -> Result<GoalScore> {
            let score = GoalScore {
                id: tx.new_id(),
                goal_id: goal.id,
                date,
                level,
                note: note.map(str::to_string).filter(|n| !n.trim().is_empty()),
            };
            tx.put(&score)?;
            Ok(score)
        })
    }
}

/// An enrolment that needs attention, for the day's overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FlaggedEnrolment {
    pub enrolment: EnrolmentSummary,
    pub flags: Vec<Flag>,
}

impl Ineen {
    /// Trainers and coordinators, by name.
    pub fn trainers(&self) -> Result<Vec<crate::model::Trainer>> {
        Ok(self.store.select("1 ORDER BY name COLLATE NOCASE", &[])?)
    }

    /// Schools, by name.
    pub fn schools(&self) -> Result<Vec<crate::model::School>> {
        Ok(self.store.select("1 ORDER BY name COLLATE NOCASE", &[])?)
    }

    /// A participant's guardians.
    pub fn guardians(&self, participant_id: Uuid) -> Result<Vec<crate::model::Guardian>> {
        Ok(self.store.select("participant_id = ?1 ORDER BY name", &[&participant_id.to_string()])?)
    }

    /// The enrolments of a participant, newest run first.
    pub fn enrolments_of(&self, participant_id: Uuid) -> Result<Vec<EnrolmentSummary>> {
        let mut list: Vec<EnrolmentSummary> = self.enrolments()?;
        let ids: Vec<Uuid> = self
            .store
            .select::<Enrolment>("participant_id = ?1", &[&participant_id.to_string()])?
            .into_iter()
            .map(|e| e.id)
            .collect();
        list.retain(|e| ids.contains(&e.id));
        Ok(list)
    }

    /// Enrolments in intake or active with at least one flag.
    pub fn flagged_enrolments(&mut self) -> Result<Vec<FlaggedEnrolment>> {
        let mut out = Vec::new();
        for summary in self.enrolments()? {
            if !matches!(summary.status, EnrolmentStatus::Intake | EnrolmentStatus::Active) {
                continue;
            }
            let flags = self.enrolment_overview(summary.id)?.flags;
            if !flags.is_empty() {
                out.push(FlaggedEnrolment { enrolment: summary, flags });
            }
        }
        Ok(out)
    }

    /// Removes an attendance mark (to undo one), leaving a tombstone.
    pub fn clear_attendance(&mut self, session_id: Uuid, enrolment_id: Uuid, person: Person) -> Result<bool> {
        let marks = self.store.attendance_of_session(session_id)?;
        match marks.iter().find(|a| a.enrolment_id == enrolment_id && a.person == person) {
            Some(a) => self.delete::<Attendance>(a.id),
            None => Ok(false),
        }
    }
}
