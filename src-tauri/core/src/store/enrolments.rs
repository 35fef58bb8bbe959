//! Queries on enrolments, and the enrolment file: an enrolment with
//! everything that hangs from it, read once.

use uuid::Uuid;

use super::{Result, Store};
use crate::model::{
    Attendance, Consent, Contact, Enrolment, Goal, GoalScore, Guardian, Measurement, Observation, Participant, Run,
    School, Session, Tip, Trainer,
};

/// One enrolment with everything recorded about it: the aggregate that the
/// enrolment page, its flags and checklist, and the end report are composed
/// from. Each table is read once.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrolmentFile {
    pub enrolment: Enrolment,
    pub participant: Participant,
    /// The participant's parents and carers (who consent for a child).
    pub guardians: Vec<Guardian>,
    /// The participant's school, if known.
    pub school: Option<School>,
    pub run: Run,
    /// The run's trainers, in the order they were added.
    pub trainers: Vec<Trainer>,
    /// Every session of the run, by date, track and number.
    pub sessions: Vec<Session>,
    /// This enrolment's attendance marks (child, parent and teacher).
    pub attendance: Vec<Attendance>,
    /// Contacts about this enrolment and about the whole run, by date.
    pub contacts: Vec<Contact>,
    /// Observations, by date.
    pub observations: Vec<Observation>,
    pub consents: Vec<Consent>,
    pub tips: Vec<Tip>,
    /// Measurements, by date.
    pub measurements: Vec<Measurement>,
    /// Goals by the day they were set, each with its scores by date.
    pub goals: Vec<(Goal, Vec<GoalScore>)>,
}

/// An enrolment shows only while its participant and its group do: a
/// deleted child or group (here, or from another laptop) hides what hangs
/// from it instead of breaking the lists.
/// A live enrolment's child and group are live too. Looked up by key per
/// enrolment (an `IN (SELECT …)` would read every participant each time).
const LIVE: &str = "EXISTS (SELECT 1 FROM participant p WHERE p.id = enrolment.participant_id AND p.deleted = 0) \
                    AND EXISTS (SELECT 1 FROM run r WHERE r.id = enrolment.run_id AND r.deleted = 0)";

impl Store {
    /// Every enrolment, in the order they were made.
    pub fn enrolments(&self) -> Result<Vec<Enrolment>> {
        self.rows(LIVE, "", &[])
    }

    /// The enrolments of a run, in the order they were made.
    pub fn enrolments_of_run(&self, run: Uuid) -> Result<Vec<Enrolment>> {
        self.rows(&format!("run_id = ?1 AND {LIVE}"), "", &[&run.to_string()])
    }

    /// The enrolments of a participant, in the order they were made.
    pub fn enrolments_of_participant(&self, participant: Uuid) -> Result<Vec<Enrolment>> {
        self.rows(&format!("participant_id = ?1 AND {LIVE}"), "", &[&participant.to_string()])
    }

    /// A participant's enrolment in a run, if there is one.
    pub fn enrolment_in_run(&self, run: Uuid, participant: Uuid) -> Result<Option<Enrolment>> {
        let found = self.rows(
            &format!("run_id = ?1 AND participant_id = ?2 AND {LIVE}"),
            "",
            &[&run.to_string(), &participant.to_string()],
        )?;
        Ok(found.into_iter().next())
    }

    /// An enrolment with everything that hangs from it; `None` when the
    /// enrolment, its participant or its run does not exist (any more).
    pub fn enrolment_file(&self, id: Uuid) -> Result<Option<EnrolmentFile>> {
        let Some(enrolment) = self.get::<Enrolment>(id)? else { return Ok(None) };
        let Some(participant) = self.get::<Participant>(enrolment.participant_id)? else { return Ok(None) };
        let Some(run) = self.get::<Run>(enrolment.run_id)? else { return Ok(None) };
        let school = match participant.school_id {
            Some(school) => self.get::<School>(school)?,
            None => None,
        };
        let key = id.to_string();
        let run_key = run.id.to_string();
        let mut scores: Vec<GoalScore> =
            self.rows("goal_id IN (SELECT id FROM goal WHERE deleted = 0 AND enrolment_id = ?1)", "date", &[&key])?;
        let goals = self
            .rows::<Goal>("enrolment_id = ?1", "set_on", &[&key])?
            .into_iter()
            .map(|goal| {
                let (own, rest) = scores.drain(..).partition(|s| s.goal_id == goal.id);
                scores = rest;
                (goal, own)
            })
            .collect();
        Ok(Some(EnrolmentFile {
            guardians: self.guardians_of(participant.id)?,
            trainers: self.trainers_of_run(run.id)?,
            sessions: self.sessions_of_run(run.id)?,
            attendance: self.rows("enrolment_id = ?1", "", &[&key])?,
            contacts: self.rows(
                "enrolment_id = ?1 OR (enrolment_id IS NULL AND run_id = ?2)",
                "date",
                &[&key, &run_key],
            )?,
            observations: self.rows("enrolment_id = ?1", "date", &[&key])?,
            consents: self.rows("enrolment_id = ?1", "", &[&key])?,
            tips: self.rows("enrolment_id = ?1", "", &[&key])?,
            measurements: self.rows("enrolment_id = ?1", "date", &[&key])?,
            goals,
            enrolment,
            participant,
            school,
            run,
        }))
    }
}
