//! The records a trainer keeps: plain data, no I/O.
//!
//! Every record has a UUIDv7 `id`. The store adds to each the sync columns
//! (hybrid-logical-clock stamp, writing device, tombstone) and logs every
//! changed field; see `store::records`. Free texts carry an [`Audience`],
//! trainers-only by default.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use crate::curriculum::{ContactKind, SchoolType, TrackKind};

/// Who may read a free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Confidential: the trainers only (the default).
    #[default]
    Trainers,
    /// May go into what the school sees, with recorded consent.
    School,
    /// May go into what the parents see.
    Parents,
    /// Pseudonymised figures for research (programme evaluation): only a
    /// consent has this audience; no text is ever marked for it.
    Research,
}

/// A kind of record, with its table.
pub trait Entity: Serialize + serde::de::DeserializeOwned + Clone + PartialEq + std::fmt::Debug {
    /// The table, also the record kind in the change log and audit.
    const TABLE: &'static str;
    fn id(&self) -> Uuid;
    fn set_id(&mut self, id: Uuid);
    /// The records this one points to: (field, table, id).
    fn refs(&self) -> Vec<(&'static str, &'static str, Uuid)> {
        Vec::new()
    }
}

macro_rules! entity {
    ($ty:ty, $table:literal $(, $field:ident -> $target:literal)* $(, ?$ofield:ident -> $otarget:literal)*) => {
        impl Entity for $ty {
            const TABLE: &'static str = $table;
            fn id(&self) -> Uuid {
                self.id
            }
            fn set_id(&mut self, id: Uuid) {
                self.id = id;
            }
            fn refs(&self) -> Vec<(&'static str, &'static str, Uuid)> {
                #[allow(unused_mut)]
                let mut refs = vec![$((stringify!($field), $target, self.$field)),*];
                $(if let Some(id) = self.$ofield { refs.push((stringify!($ofield), $otarget, id)); })*
                refs
            }
        }
    };
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    /// How many years a dossier is kept after its last change (none: the
    /// legal 20 years of the Jeugdwet).
    #[serde(default)]
    pub retention_years: Option<u32>,
}
entity!(Organisation, "organisation");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum TrainerRole {
    Trainer,
    Coordinator,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Trainer {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub role: TrainerRole,
}
entity!(Trainer, "trainer", organisation_id -> "organisation");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct School {
    pub id: Uuid,
    pub name: String,
    pub town: String,
    pub school_type: SchoolType,
    /// The school's contact: intern begeleider, zorgcoördinator or mentor.
    pub contact_name: Option<String>,
    pub contact_role: Option<String>,
}
entity!(School, "school");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: NaiveDate,
    pub school_id: Option<Uuid>,
    /// Class or group, e.g. "groep 2b".
    pub class_name: Option<String>,
}
entity!(Participant, "participant", ?school_id -> "school");

impl Participant {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// Age in whole years on `on`.
    pub fn age_on(&self, on: NaiveDate) -> u32 {
        on.years_since(self.birth_date).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Guardian {
    pub id: Uuid,
    pub participant_id: Uuid,
    pub name: String,
    /// "moeder", "vader", "voogd", ...
    pub relation: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Has parental authority (gezag): consents for the child.
    #[serde(default = "yes", with = "flag")]
    #[schemars(with = "bool")]
    #[ts(type = "boolean")]
    pub authority: bool,
}
entity!(Guardian, "guardian", participant_id -> "participant");

fn yes() -> bool {
    true
}

/// A yes/no field: `true`/`false` in files, 1/0 in the store.
mod flag {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Flag {
            Bool(bool),
            Number(i64),
        }
        match Flag::deserialize(d)? {
            Flag::Bool(b) => Ok(b),
            Flag::Number(0) => Ok(false),
            Flag::Number(1) => Ok(true),
            Flag::Number(n) => Err(serde::de::Error::custom(format!("{n} is not 0 or 1"))),
        }
    }
}

/// The Dutch school-holiday regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    Noord,
    Midden,
    Zuid,
}

/// A programme run: one group (or one individual trajectory).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Run {
    pub id: Uuid,
    pub programme_id: String,
    /// E.g. "STOP 4-7 najaar 2026, De Aventurijn".
    pub name: String,
    pub start_date: NaiveDate,
    /// ISO weekday of the sessions: 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// School-holiday region whose holidays the schedule skips.
    pub region: Option<Region>,
    pub location: String,
    pub school_id: Option<Uuid>,
    /// A programme variant id, e.g. "rots-en-water".
    pub variant: Option<String>,
}
entity!(Run, "run", ?school_id -> "school");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct RunTrainer {
    pub id: Uuid,
    pub run_id: Uuid,
    pub trainer_id: Uuid,
}
entity!(RunTrainer, "run_trainer", run_id -> "run", trainer_id -> "trainer");

/// A date the trainer marked as free for one run (besides school holidays).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct RunHoliday {
    pub id: Uuid,
    pub run_id: Uuid,
    pub date: NaiveDate,
    pub reason: String,
}
entity!(RunHoliday, "run_holiday", run_id -> "run");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReferralSource {
    School,
    Parents,
    Zat,
    Mentor,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    Referred,
    Intake,
    Active,
    Completed,
    Stopped,
}

impl EnrolmentStatus {
    /// The status as users read it.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            EnrolmentStatus::Referred => lang.pick("aangemeld", "referred"),
            EnrolmentStatus::Intake => lang.pick("intake", "intake"),
            EnrolmentStatus::Active => lang.pick("actief", "active"),
            EnrolmentStatus::Completed => lang.pick("afgerond", "completed"),
            EnrolmentStatus::Stopped => lang.pick("gestopt", "stopped"),
        }
    }
}

/// A participant in a run: referral, indication, status and outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    pub id: Uuid,
    pub run_id: Uuid,
    pub participant_id: Uuid,
    pub referral_by: ReferralSource,
    pub referral_date: NaiveDate,
    pub indication_number: Option<String>,
    /// E.g. "Bureau Jeugdzorg Utrecht".
    pub indication_issuer: Option<String>,
    pub indication_from: Option<NaiveDate>,
    pub indication_until: Option<NaiveDate>,
    pub status: EnrolmentStatus,
    pub status_reason: Option<String>,
    pub outcome: Option<String>,
}
entity!(Enrolment, "enrolment", run_id -> "run", participant_id -> "participant");

impl Enrolment {
    /// Whether an indication covers `on`.
    pub fn indication_valid_on(&self, on: NaiveDate) -> bool {
        self.indication_number.as_deref().is_some_and(|n| !n.trim().is_empty())
            && self.indication_from.is_none_or(|from| from <= on)
            && self.indication_until.is_none_or(|until| on <= until)
    }
}

/// Who gave a consent: the child or young person, or a parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Giver {
    Child,
    #[default]
    Guardian,
}

/// Consent of one person to share with an audience. Who must consent
/// follows from the child's age on the day of sharing (`rules::consent_check`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    /// The child, or a parent.
    #[serde(default)]
    pub giver: Giver,
    /// Which parent (a guardian of the child), when a parent gave it. A
    /// parent's consent without one names a parent who is not on file.
    #[serde(default)]
    pub guardian_id: Option<Uuid>,
    /// Who gave it, as written down, e.g. "moeder (Fatima El Amrani)".
    pub given_by: String,
    pub audience: Audience,
    /// What may be shared, e.g. "eindverslag".
    pub scope: String,
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}
entity!(Consent, "consent", enrolment_id -> "enrolment", ?guardian_id -> "guardian");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Planned,
    Held,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub id: Uuid,
    pub run_id: Uuid,
    pub track: TrackKind,
    pub number: u32,
    pub date: NaiveDate,
    /// "HH:MM".
    pub start_time: Option<String>,
    pub title: String,
    pub theme: String,
    pub status: SessionStatus,
    pub cancel_reason: Option<String>,
}
entity!(Session, "session", run_id -> "run");

/// Whose attendance: the child or youth, a parent, or the teacher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Person {
    Child,
    Parent,
    Teacher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Present,
    Late,
    AbsentExcused,
    AbsentUnexcused,
    /// Reported sick (counted apart, for rules such as "6 sick days in 4 weeks").
    Sick,
}

impl AttendanceStatus {
    pub fn attended(self) -> bool {
        matches!(self, AttendanceStatus::Present | AttendanceStatus::Late)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    pub id: Uuid,
    pub session_id: Uuid,
    pub enrolment_id: Uuid,
    pub person: Person,
    pub status: AttendanceStatus,
    pub note: Option<String>,
}
entity!(Attendance, "attendance", session_id -> "session", enrolment_id -> "enrolment");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: Uuid,
    /// The enrolment it concerns (none for a meeting about the whole run).
    pub enrolment_id: Option<Uuid>,
    pub run_id: Uuid,
    pub kind: ContactKind,
    pub date: NaiveDate,
    /// Who took part, e.g. "moeder, trainer Anouk".
    pub people: String,
    pub summary: String,
    pub audience: Audience,
}
entity!(Contact, "contact", run_id -> "run", ?enrolment_id -> "enrolment");

/// A goal scored with Goal Attainment Scaling: five level descriptions
/// from −2 (much less than expected) to +2 (much more than expected).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub title: String,
    pub level_minus2: String,
    pub level_minus1: String,
    pub level_0: String,
    pub level_plus1: String,
    pub level_plus2: String,
    pub weight: u32,
    pub set_on: NaiveDate,
    /// Who may read the goal and its levels (trainers only by default).
    #[serde(default)]
    pub audience: Audience,
}
entity!(Goal, "goal", enrolment_id -> "enrolment");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct GoalScore {
    pub id: Uuid,
    pub goal_id: Uuid,
    pub date: NaiveDate,
    /// −2 … +2.
    pub level: i8,
    pub note: Option<String>,
}
entity!(GoalScore, "goal_score", goal_id -> "goal");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Pre,
    Post,
}

/// A pre or post score on an instrument (e.g. SDQ, OBVL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub instrument: String,
    pub phase: Phase,
    pub date: NaiveDate,
    pub score: f64,
    /// Who may read the instrument and its scores (trainers only by default).
    #[serde(default)]
    pub audience: Audience,
}
entity!(Measurement, "measurement", enrolment_id -> "enrolment");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub date: NaiveDate,
    pub text: String,
    pub audience: Audience,
}
entity!(Observation, "observation", enrolment_id -> "enrolment");

/// A tip for the teacher selected for an enrolment: from the programme's
/// library (`source`) or written by the trainer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Tip {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub source: Option<String>,
    pub text: String,
    pub audience: Audience,
}
entity!(Tip, "tip", enrolment_id -> "enrolment");

/// A meeting of a school's care and advice team (zorgadviesteam, ZAT) a
/// trainer took part in: time-4-you joins about eight a year. It belongs to
/// the school, not to a child: what was said about a child goes into that
/// child's dossier as a contact; here only who met, how many pupils were
/// discussed and a note for the trainers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct ZatMeeting {
    pub id: Uuid,
    pub school_id: Uuid,
    pub date: NaiveDate,
    /// Who took part, e.g. "intern begeleider, schoolmaatschappelijk werk, trainer Anouk".
    pub people: String,
    /// How many pupils were discussed.
    pub discussed: u32,
    /// A note without children's names.
    pub notes: String,
    pub audience: Audience,
}
entity!(ZatMeeting, "zat_meeting", school_id -> "school");

/// A programme made in the programme editor, shared with the team: its
/// curriculum file as written. Every laptop that receives it checks it as
/// a file and keeps it in its own `curricula/`. The record's id follows
/// from the programme's id, so two laptops saving the same programme edit
/// one record (and a concurrent change is a conflict, not a second file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeFile {
    pub id: Uuid,
    pub programme_id: String,
    /// The curriculum file's text (TOML, schema 2).
    pub text: String,
}
entity!(ProgrammeFile, "programme_file");

impl ProgrammeFile {
    /// The record id of a programme's file: the same on every laptop.
    pub fn id_for(programme_id: &str) -> Uuid {
        use sha2::Digest;
        let hash = sha2::Sha256::digest(format!("ineen programme file {programme_id}").as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&hash[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }
}

/// A final, frozen end report: what was sent, and its fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct EndReportVersion {
    pub id: Uuid,
    pub enrolment_id: Uuid,
    /// "school" or "parents".
    pub audience: String,
    pub version: u32,
    /// The report data as JSON, exactly as it was finalised.
    pub content: String,
    /// The first 12 hex digits of the SHA-256 of `content`, printed in the footer.
    pub content_hash: String,
    pub finalised_on: NaiveDate,
    pub finalised_by: String,
    /// The day the report was sent, once it was (a coordinator marks it).
    #[serde(default)]
    pub sent_on: Option<NaiveDate>,
    #[serde(default)]
    pub sent_how: Option<Delivery>,
    /// To whom, e.g. "juf Meijer (groep 2b), intern begeleider".
    #[serde(default)]
    pub sent_to: Option<String>,
}
entity!(EndReportVersion, "end_report", enrolment_id -> "enrolment");

/// How a final report reached its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Handed over in the end-report meeting.
    InPerson,
    /// By (secure) e-mail.
    Email,
    Post,
    /// Through the school's or the organisation's portal.
    Portal,
}

/// Why a dossier was erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErasureKind {
    /// On request of the parents or the young person (AVG art. 17).
    Request,
    /// The retention period ended.
    Retention,
}

/// A dossier that was erased: a participant with everything that hung from
/// it. The record travels to every laptop of the team and to exports, and
/// each erases the same dossier; what was erased leaves only its ids
/// behind, so no older copy brings it back. Holds no personal data: the
/// participant's id is all that is left of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Erasure {
    pub id: Uuid,
    /// The erased participant (no longer in the store).
    pub participant_id: Uuid,
    pub kind: ErasureKind,
    /// Why, as recorded by who erased it (no names of the child, please).
    pub reason: String,
    /// When the request came in (for an erasure on request).
    pub requested_on: Option<NaiveDate>,
    pub erased_on: NaiveDate,
    pub erased_by: String,
}
entity!(Erasure, "erasure");
