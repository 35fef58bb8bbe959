//! People, enrolments and what is recorded about them: consent, contacts,
//! goals and scores, measurements, observations; the enrolment overview.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Ineen;
use crate::curriculum::{ContactKind, Programme};
use crate::error::{Error, Field, Invalid, Kind, Result};
use crate::model::{
    Attendance, Consent, Contact, Enrolment, EnrolmentStatus, Entity, Goal, GoalScore, Measurement, Observation,
    Participant, Person, ReferralSource, Session, SessionStatus,
};
use crate::rules::{self, CheckItem, Flag, TrackAttendance};
use crate::store::participants::{ListQuery, ParticipantPage};
use crate::store::records::Written;
use crate::store::EnrolmentFile;
use crate::validate::Validate;

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
    /// The child's parents and carers: who may give consent.
    pub guardians: Vec<crate::model::Guardian>,
    /// Whose consent sharing with the school needs today, and whose is
    /// missing (the rule is the core's; the window only shows its answer).
    pub school_consent: rules::ConsentCheck,
    /// Whether recorded consent allows sharing with the school today.
    pub shares_with_school: bool,
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
    /// a fresh id. It is checked first ([`Validate`]): texts are trimmed,
    /// required ones filled in, numbers and dates in range.
    pub fn upsert<E: Entity + Validate>(&mut self, mut record: E) -> Result<E> {
        record.validate()?;
        if record.id().is_nil() {
            let id = self.new_id();
            record.set_id(id);
        }
        self.save(&record)?;
        Ok(record)
    }

    /// Saves a contact from the window or the CLI: checked like any record,
    /// and a kind of a programme's own only in a group of that programme.
    pub fn save_contact(&mut self, record: Contact) -> Result<Contact> {
        if record.kind.is_own() {
            let run = self.run(record.run_id)?;
            let programme = self.programme(&run.programme_id)?;
            if !programme.knows_contact(&record.kind) {
                return Err(Invalid::ContactKindUnknown {
                    kind: record.kind.id().to_string(),
                    programme: programme.name,
                }
                .into());
            }
        }
        self.upsert(record)
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
        Ok(self
            .store
            .participants_matching(query, limit)?
            .into_iter()
            .map(|p| ParticipantHit { id: p.id, name: p.full_name(), birth_date: p.birth_date })
            .collect())
    }

    /// A page of the participants list: those with a trajectory under way,
    /// or with `all` every participant; each with school, group and status,
    /// filtered and sorted as asked.
    pub fn participant_page(&self, query: &ListQuery) -> Result<ParticipantPage> {
        Ok(self.store.participant_page(query)?)
    }

    /// Enrols a participant in a run (status: referred).
    pub fn enrol(&mut self, new: NewEnrolment) -> Result<Enrolment> {
        let run = self.run(new.run_id)?;
        let participant = self.participant(new.participant_id)?;
        if self.store.enrolment_in_run(run.id, participant.id)?.is_some() {
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
        let mut number = number.to_string();
        crate::validate::line(Field::IndicationNumber, &mut number)?;
        let mut issuer = Some(issuer.to_string());
        crate::validate::optional_line(Field::Indication, &mut issuer)?;
        crate::validate::period(Field::Indication, from, until)?;
        e.indication_number = Some(number);
        e.indication_issuer = issuer;
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
        let mut reason = reason.map(str::to_string);
        crate::validate::optional_text(Field::Reason, &mut reason)?;
        if status == EnrolmentStatus::Stopped && reason.is_none() {
            return Err(Invalid::StopReason.into());
        }
        e.status = status;
        e.status_reason = reason;
        self.save(&e)?;
        Ok(e)
    }

    /// All enrolments, by participant name.
    pub fn enrolments(&self) -> Result<Vec<EnrolmentSummary>> {
        let mut out = Vec::new();
        for e in self.store.enrolments()? {
            let run = self.run(e.run_id)?;
            let p = self.participant(e.participant_id)?;
            out.push(summary(&e, &run, &p, &self.programme(&run.programme_id)?.name));
        }
        sort_by_name(&mut out);
        Ok(out)
    }

    /// An enrolment with everything that hangs from it, read once.
    pub(super) fn enrolment_file(&self, id: Uuid) -> Result<EnrolmentFile> {
        self.store.enrolment_file(id)?.ok_or_else(|| Error::NotFound(Kind::Enrolment, id.to_string()))
    }

    /// The enrolment page: attendance per track, checklist, flags, goals and a timeline.
    pub fn enrolment_overview(&mut self, enrolment_id: Uuid) -> Result<EnrolmentOverview> {
        let today = self.today();
        let file = self.enrolment_file(enrolment_id)?;
        let programme = self.programme(&file.run.programme_id)?;
        self.audit_read(file.participant.id, "enrolment", enrolment_id, "enrolment page")?;
        Ok(overview(file, &programme, today))
    }

    /// A participant with their guardians and enrolments: the participant's
    /// page (its opening is logged in the audit).
    pub fn participant_details(
        &mut self,
        participant_id: Uuid,
    ) -> Result<(Participant, Vec<crate::model::Guardian>, Vec<EnrolmentSummary>)> {
        let p = self.participant(participant_id)?;
        let found = (p, self.guardians(participant_id)?, self.enrolments_of(participant_id)?);
        self.audit_read(participant_id, "participant", participant_id, "participant page")?;
        Ok(found)
    }

    /// What needs attention on one enrolment.
    pub fn enrolment_flags(&mut self, enrolment_id: Uuid) -> Result<Vec<Flag>> {
        let today = self.today();
        let file = self.enrolment_file(enrolment_id)?;
        let programme = self.programme(&file.run.programme_id)?;
        Ok(assess(&file, &programme, today).flags)
    }

    /// Records a goal score (−2 … +2).
    pub fn score_goal(&mut self, goal_id: Uuid, date: NaiveDate, level: i8, note: Option<&str>) -> Result<GoalScore> {
        crate::validate::range(Field::GasLevel, i64::from(level), -2, 2)?;
        let mut note = note.map(str::to_string);
        crate::validate::optional_text(Field::Note, &mut note)?;
        let goal: Goal = by_id(self, Kind::Goal, goal_id)?;
        self.store.write(|tx| -> Result<GoalScore> {
            let score = GoalScore { id: tx.new_id(), goal_id: goal.id, date, level, note: note.clone() };
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
        Ok(self.store.trainers()?)
    }

    /// Schools, by name.
    pub fn schools(&self) -> Result<Vec<crate::model::School>> {
        Ok(self.store.schools()?)
    }

    /// A participant's guardians.
    pub fn guardians(&self, participant_id: Uuid) -> Result<Vec<crate::model::Guardian>> {
        Ok(self.store.guardians_of(participant_id)?)
    }

    /// The enrolments of a participant, newest run first.
    pub fn enrolments_of(&self, participant_id: Uuid) -> Result<Vec<EnrolmentSummary>> {
        let mut list: Vec<EnrolmentSummary> = self.enrolments()?;
        let ids: Vec<Uuid> = self.store.enrolments_of_participant(participant_id)?.into_iter().map(|e| e.id).collect();
        list.retain(|e| ids.contains(&e.id));
        Ok(list)
    }

    /// Enrolments in intake or active with at least one flag.
    pub fn flagged_enrolments(&mut self) -> Result<Vec<FlaggedEnrolment>> {
        let today = self.today();
        let mut out = Vec::new();
        // Each file already holds the run and the participant the summary names.
        for e in self.store.enrolments()?.into_iter().filter(rules::under_way) {
            let file = self.enrolment_file(e.id)?;
            let programme = self.programme(&file.run.programme_id)?;
            let flags = assess(&file, &programme, today).flags;
            if !flags.is_empty() {
                let enrolment = summary(&file.enrolment, &file.run, &file.participant, &programme.name);
                out.push(FlaggedEnrolment { enrolment, flags });
            }
        }
        out.sort_by(|a, b| {
            (&a.enrolment.participant, &a.enrolment.run).cmp(&(&b.enrolment.participant, &b.enrolment.run))
        });
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

/// A line in the list of enrolments.
fn summary(e: &Enrolment, run: &crate::model::Run, p: &Participant, programme: &str) -> EnrolmentSummary {
    EnrolmentSummary {
        id: e.id,
        run_id: e.run_id,
        participant_id: e.participant_id,
        participant: p.full_name(),
        programme: programme.to_string(),
        run: run.name.clone(),
        status: e.status,
        indication: e.indication_number.is_some(),
    }
}

/// By participant, then run.
fn sort_by_name(list: &mut [EnrolmentSummary]) {
    list.sort_by(|a, b| (&a.participant, &a.run).cmp(&(&b.participant, &b.run)));
}

/// What the rules say about an enrolment file: attendance per track, the
/// required-contacts checklist and the flags. The page, the flags and the
/// end report all start from this.
pub(super) struct Assessment {
    pub attendance: Vec<TrackAttendance>,
    pub checklist: Vec<CheckItem>,
    pub flags: Vec<Flag>,
    /// Whose consent the school needs today.
    pub school_consent: rules::ConsentCheck,
}

pub(super) fn assess(file: &EnrolmentFile, programme: &Programme, today: NaiveDate) -> Assessment {
    let (attendance, main_held) = rules::track_attendance(programme, &file.sessions, &file.attendance);
    let first = file.sessions.iter().map(|s| s.date).min();
    let last = file.sessions.iter().map(|s| s.date).max();
    let contacts: Vec<(ContactKind, NaiveDate)> = file.contacts.iter().map(|c| (c.kind.clone(), c.date)).collect();
    let checklist = rules::checklist(programme, &contacts, first, last, today);
    let school_consent = school_consent(file, today);
    let flags = rules::enrolment_flags(programme, &file.enrolment, &main_held, &school_consent, &checklist, today);
    Assessment { attendance, checklist, flags, school_consent }
}

/// Whose consent sharing this enrolment's records with the school needs on `on`.
pub(super) fn school_consent(file: &EnrolmentFile, on: NaiveDate) -> rules::ConsentCheck {
    rules::consent_check(&file.participant, &file.guardians, &file.consents, crate::model::Audience::School, on)
}

/// The GAS T-score over the latest score of each goal.
pub(super) fn t_score(goals: &[(Goal, Vec<GoalScore>)]) -> Option<f64> {
    let latest: Vec<(i8, u32)> =
        goals.iter().filter_map(|(goal, scores)| scores.last().map(|s| (s.level, goal.weight))).collect();
    rules::gas_t_score(&latest)
}

/// The enrolment page, composed from the file.
fn overview(file: EnrolmentFile, programme: &Programme, today: NaiveDate) -> EnrolmentOverview {
    let Assessment { attendance, checklist, flags, school_consent } = assess(&file, programme, today);
    let t_score = t_score(&file.goals);
    let shares_with_school = school_consent.given();
    let EnrolmentFile {
        enrolment,
        participant,
        guardians,
        run,
        sessions,
        attendance: marks,
        contacts,
        observations,
        ..
    } = file;
    let goals: Vec<GoalProgress> = file.goals.into_iter().map(|(goal, scores)| GoalProgress { goal, scores }).collect();

    let mut timeline: Vec<TimelineItem> = sessions
        .iter()
        .filter_map(|s| {
            let mark = rules::mark_at(&marks, s);
            (s.status != SessionStatus::Planned || mark.is_some())
                .then(|| TimelineItem::Session { session: s.clone(), attendance: mark.cloned() })
        })
        .collect();
    timeline.extend(
        contacts.into_iter().filter(|c| c.enrolment_id.is_some()).map(|contact| TimelineItem::Contact { contact }),
    );
    timeline.extend(observations.into_iter().map(|observation| TimelineItem::Observation { observation }));
    for g in &goals {
        timeline.extend(
            g.scores.iter().map(|score| TimelineItem::GoalScore { goal: g.goal.title.clone(), score: score.clone() }),
        );
    }
    timeline.sort_by_key(|item| std::cmp::Reverse(item.date()));

    EnrolmentOverview {
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
        consents: file.consents,
        guardians,
        school_consent,
        shares_with_school,
        tips: file.tips,
        measurements: file.measurements,
        timeline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::i18n::Lang;
    use crate::ineen::fixture::{demo, enrolment};
    use crate::model::Audience;
    use crate::report::ReportAudience;
    use crate::store::participants::ListSort;
    use crate::store::trace::per_table;

    fn once_each(what: &str, statements: &[String]) {
        let mut counts = per_table(statements);
        // Opening a child's file writes one audit row (NEN 7513): not a read of the file.
        counts.remove("audit");
        assert!(counts.len() >= 10, "{what} reads the whole file: {counts:?}");
        for (table, n) in &counts {
            assert_eq!(*n, 1, "{what} reads {table} {n} times: {statements:#?}");
        }
    }

    #[test]
    fn the_page_the_flags_and_the_report_read_each_table_once() {
        let mut ineen = demo();
        let daan = enrolment(&ineen, "Daan de Vries");

        ineen.store.start_tracing();
        let page = ineen.enrolment_overview(daan).expect("page");
        once_each("the enrolment page", &ineen.store.stop_tracing());
        assert!(!page.timeline.is_empty() && !page.goals.is_empty());

        ineen.store.start_tracing();
        let flags = ineen.enrolment_flags(daan).expect("flags");
        once_each("the flags", &ineen.store.stop_tracing());
        assert_eq!(flags, page.flags, "the page and the flags come from one rule");

        ineen.store.start_tracing();
        let report = ineen.end_report(daan, ReportAudience::School).expect("report");
        once_each("the end report", &ineen.store.stop_tracing());
        assert_eq!(report.child, "Daan de Vries");
    }

    fn page(ineen: &Ineen, all: bool, query: &str, sort: ListSort, offset: u32, limit: u32) -> ParticipantPage {
        ineen.participant_page(&ListQuery { all, query: query.into(), sort, offset, limit }).expect("page")
    }

    /// Issue 15, item 2: the participants list shows the children under way
    /// (each once, with school, group and status), or everyone; a page at a
    /// time, filtered and sorted by SQL.
    #[test]
    fn the_participants_list_shows_who_is_under_way_or_everyone() {
        let ineen = demo();
        let now = page(&ineen, false, "", ListSort::Name, 0, 500);
        let all = page(&ineen, true, "", ListSort::Name, 0, 500);
        assert_eq!((now.total as usize, all.total as usize), (now.rows.len(), all.rows.len()));
        let sara = now.rows.iter().find(|p| p.given_name == "Sara").expect("Sara is under way");
        assert_eq!(sara.status, Some(EnrolmentStatus::Active));
        assert!(sara.run.as_deref().is_some_and(|r| r.starts_with("STOP 4-7")), "{sara:?}");
        assert_eq!(sara.school.as_deref(), Some("Basisschool De Regenboog"));
        assert!(now.rows.iter().all(|p| matches!(
            p.status,
            Some(EnrolmentStatus::Referred | EnrolmentStatus::Intake | EnrolmentStatus::Active)
        )));
        assert!(all.total > now.total, "the summer course's children have completed");
        assert!(all.rows.iter().any(|p| p.status == Some(EnrolmentStatus::Completed)));
        let mut ids: Vec<_> = all.rows.iter().map(|p| p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all.rows.len(), "each child once");
        let names: Vec<_> = all.rows.iter().map(|p| p.family_name.to_lowercase()).collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]), "by family name");

        // Page by page, the same list.
        let mut walked = Vec::new();
        for offset in (0..all.total).step_by(3) {
            let p = page(&ineen, true, "", ListSort::Name, offset, 3);
            assert_eq!((p.total, p.offset), (all.total, offset));
            walked.extend(p.rows);
        }
        assert_eq!(walked, all.rows);

        // Filtered by name, group or school, case ignored; `%` and `_` are letters.
        let regenboog = page(&ineen, true, "regenBOOG", ListSort::Name, 0, 500);
        assert!(regenboog.total > 0 && regenboog.total < all.total);
        assert!(regenboog.rows.iter().all(|p| p.school.as_deref() == Some("Basisschool De Regenboog")));
        let group = page(&ineen, true, "stop 4-7", ListSort::Name, 0, 500);
        assert!(group.total > 0 && group.rows.iter().all(|p| p.run.as_deref().is_some_and(|r| r.contains("STOP 4-7"))));
        assert_eq!(page(&ineen, true, "sara", ListSort::Name, 0, 500).rows[0].given_name, "Sara");
        assert_eq!(page(&ineen, true, "%", ListSort::Name, 0, 500).total, 0);
        assert_eq!(page(&ineen, true, "_", ListSort::Name, 0, 500).total, 0);

        // Sorted by a column, then by name; a missing value last.
        for sort in [ListSort::Group, ListSort::School] {
            let rows = page(&ineen, true, "", sort, 0, 500).rows;
            let key = |p: &crate::store::participants::ParticipantRow| {
                let v = if sort == ListSort::Group { p.run.clone() } else { p.school.clone() };
                (v.is_none(), v.map(|v| v.to_lowercase()), p.family_name.to_lowercase())
            };
            assert!(rows.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "{sort:?}");
            assert_eq!(rows.len(), all.rows.len());
        }
        let by_status = page(&ineen, true, "", ListSort::Status, 0, 500).rows;
        let rank = |s: Option<EnrolmentStatus>| s.map_or(5, |s| s as usize);
        assert!(by_status.windows(2).all(|w| rank(w[0].status) <= rank(w[1].status)));
    }

    /// Each page is read through the index of its sort, without a sort step
    /// of its own; those under way through the short partial indexes of
    /// migration 0011 (without them, the name index is walked over every
    /// child of ten years to find the few under way).
    #[test]
    fn each_participants_page_walks_an_index() {
        let ineen = demo();
        for (all, sort, index) in [
            (false, ListSort::Name, "participant_line_name_under_way"),
            (false, ListSort::Group, "participant_line_group_under_way"),
            (false, ListSort::School, "participant_line_school_under_way"),
            (false, ListSort::Status, "participant_line_status"),
            (true, ListSort::Name, "participant_line_name"),
            (true, ListSort::Group, "participant_line_group"),
            (true, ListSort::School, "participant_line_school"),
            (true, ListSort::Status, "participant_line_status"),
        ] {
            let q = ListQuery { all, query: String::new(), sort, offset: 0, limit: 100 };
            let plan = ineen.store.participant_page_plan(&q).expect("plan");
            assert!(
                plan.contains(&format!("INDEX {index} ")) || plan.ends_with(&format!("INDEX {index}")),
                "{q:?}: {plan}"
            );
            assert!(!plan.contains("TEMP B-TREE"), "{q:?} sorts apart: {plan}");
        }
    }

    /// The list's lines are a table kept by triggers: after every kind of
    /// write (a new child, an enrolment, a status, a group or school renamed,
    /// a trajectory removed, an erasure, an import) they are what their
    /// definition gives.
    #[test]
    fn the_participants_lines_follow_every_write() {
        let mut ineen = demo();
        let current = |ineen: &Ineen, after: &str| {
            assert!(ineen.store.participant_lines_current().expect("compare"), "after {after}");
        };
        current(&ineen, "the demo");
        let export = ineen.export_json().expect("export");

        let school = ineen.schools().expect("schools")[0].clone();
        let child = ineen
            .upsert(Participant {
                id: Uuid::nil(),
                given_name: "Noor".into(),
                family_name: "Achterberg".into(),
                birth_date: NaiveDate::from_ymd_opt(2019, 3, 4).expect("date"),
                school_id: Some(school.id),
                class_name: None,
            })
            .expect("child");
        current(&ineen, "a new child");
        let run = ineen.runs().expect("runs")[0].clone();
        let enrolled = ineen
            .enrol(NewEnrolment {
                run_id: run.id,
                participant_id: child.id,
                referral_by: crate::model::ReferralSource::School,
                referral_date: NaiveDate::from_ymd_opt(2026, 8, 20).expect("date"),
            })
            .expect("enrol");
        current(&ineen, "an enrolment");
        let noor = page(&ineen, false, "noor achter", ListSort::Name, 0, 10).rows;
        assert_eq!(noor.len(), 1);
        assert_eq!((noor[0].run_id, noor[0].status), (Some(run.id), Some(EnrolmentStatus::Referred)));

        ineen.save(&Enrolment { status: EnrolmentStatus::Stopped, ..enrolled.clone() }).expect("status");
        current(&ineen, "a status");
        assert_eq!(page(&ineen, false, "noor achter", ListSort::Name, 0, 10).total, 0, "no longer under way");
        let renamed = crate::model::Run { name: "Hernoemde groep".into(), ..ineen.run(run.id).expect("run") };
        ineen.save(&renamed).expect("run");
        current(&ineen, "a group renamed");
        ineen.upsert(crate::model::School { name: "De Nieuwe Regenboog".into(), ..school }).expect("school");
        current(&ineen, "a school renamed");
        let noor = &page(&ineen, true, "noor achter", ListSort::Name, 0, 10).rows[0];
        assert_eq!(
            (noor.run.as_deref(), noor.school.as_deref()),
            (Some("Hernoemde groep"), Some("De Nieuwe Regenboog"))
        );
        ineen.delete::<Enrolment>(enrolled.id).expect("delete");
        current(&ineen, "a trajectory removed");
        assert_eq!(page(&ineen, true, "noor achter", ListSort::Name, 0, 10).rows[0].run, None);
        ineen
            .erase(crate::ineen::privacy::EraseRequest {
                participant_id: child.id,
                kind: crate::model::ErasureKind::Request,
                reason: "Verzoek".into(),
                requested_on: NaiveDate::from_ymd_opt(2026, 8, 24),
                confirm: "Noor Achterberg".into(),
            })
            .expect("erase");
        current(&ineen, "an erasure");
        assert_eq!(page(&ineen, true, "noor achter", ListSort::Name, 0, 10).total, 0);

        let mut other =
            Ineen::open_in_memory_with(Box::new(crate::clock::TestClock::school_year_start())).expect("store");
        other.import_json(&export).expect("import");
        current(&other, "an import");
        assert_eq!(
            page(&other, true, "", ListSort::Name, 0, 500).total,
            page(&ineen, true, "", ListSort::Name, 0, 500).total
        );
    }

    /// Issue 15, item 8: attendance recorded before the indication began
    /// (as an import or another laptop brings it, past the window's gate)
    /// is a flag on the enrolment, naming how many sessions and from when.
    #[test]
    fn attendance_before_the_indication_is_flagged() {
        let mut ineen = demo();
        let daan = enrolment(&ineen, "Daan de Vries");
        let page = ineen.enrolment_overview(daan).expect("page");
        assert!(!page.flags.iter().any(|f| matches!(f, Flag::AttendanceWithoutIndication { .. })), "{:?}", page.flags);
        let e = ineen.enrolment(daan).expect("daan");
        let held: Vec<_> = ineen
            .sessions(e.run_id)
            .expect("sessions")
            .into_iter()
            .filter(|s| s.track == crate::curriculum::TrackKind::Child && s.status == crate::model::SessionStatus::Held)
            .map(|s| s.date)
            .collect();
        let mut later = e.clone();
        later.indication_from = Some(held[2]);
        ineen.save(&later).expect("as an import would");
        let flags = ineen.enrolment_flags(daan).expect("flags");
        let first = *held.iter().min().expect("first");
        assert!(flags.contains(&Flag::AttendanceWithoutIndication { sessions: 2, first }), "{flags:?}");
        assert!(flags
            .iter()
            .any(|f| f.describe(crate::Lang::Nl).starts_with("aanwezigheid vastgelegd zonder geldige indicatie: 2")));
    }

    #[test]
    fn a_save_is_checked_and_trimmed_by_the_core() {
        let mut ineen = demo();
        let daan = enrolment(&ineen, "Daan de Vries");
        let blank = Observation {
            id: Uuid::nil(),
            enrolment_id: daan,
            date: ineen.today(),
            text: "  \n ".into(),
            audience: Audience::Trainers,
        };
        let before = ineen.enrolment_overview(daan).expect("page").timeline.len();
        let err = ineen.upsert(blank.clone()).expect_err("empty text refused");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert_eq!(err.message(Lang::Nl), "Vul de observatie in.");
        assert_eq!(ineen.enrolment_overview(daan).expect("page").timeline.len(), before, "nothing written");

        let saved = ineen.upsert(Observation { text: "  Daan hielp Sem.  ".into(), ..blank }).expect("saved");
        assert!(!saved.id.is_nil(), "a new record gets an id");
        assert_eq!(saved.text, "Daan hielp Sem.");
    }

    #[test]
    fn participants_are_found_by_the_start_of_a_name_or_the_full_name() {
        let ineen = demo();
        let names = |q: &str| -> Vec<String> {
            ineen.search_participants(q, 20).expect("search").into_iter().map(|h| h.name).collect()
        };
        assert_eq!(names("daan"), ["Daan de Vries"]);
        assert_eq!(names("de vr"), ["Daan de Vries"], "the family name's start, case ignored");
        assert_eq!(names("aan de V"), ["Daan de Vries"], "inside the full name");
        assert!(names("   ").is_empty());
        assert!(names("%").is_empty(), "wildcards are not wildcards");
        assert_eq!(ineen.search_participants("a", 2).expect("search").len(), 2, "at most the limit");
    }

    #[test]
    fn a_child_is_enrolled_once_per_group_and_stopping_needs_a_reason() {
        let mut ineen = demo();
        let daan = ineen.enrolment(enrolment(&ineen, "Daan de Vries")).expect("enrolment");
        let again = NewEnrolment {
            run_id: daan.run_id,
            participant_id: daan.participant_id,
            referral_by: ReferralSource::School,
            referral_date: ineen.today(),
        };
        assert_eq!(ineen.enrol(again).expect_err("twice").code(), ErrorCode::AlreadyEnrolled);
        let err = ineen.set_enrolment_status(daan.id, EnrolmentStatus::Stopped, Some("  ")).expect_err("no reason");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        let stopped =
            ineen.set_enrolment_status(daan.id, EnrolmentStatus::Stopped, Some(" verhuisd ")).expect("stopped");
        assert_eq!(stopped.status_reason.as_deref(), Some("verhuisd"));
        assert!(
            !ineen.flagged_enrolments().expect("flagged").iter().any(|f| f.enrolment.id == daan.id),
            "a stopped trajectory raises no flags on the day's overview"
        );
    }

    #[test]
    fn the_school_consent_rule_reaches_the_page() {
        let mut ineen = demo();
        let sara = enrolment(&ineen, "Sara El Amrani");
        let daan = enrolment(&ineen, "Daan de Vries");
        assert!(!ineen.enrolment_overview(sara).expect("page").shares_with_school);
        assert!(ineen.enrolment_overview(daan).expect("page").shares_with_school);
    }
}
