//! Programmes as data.
//!
//! A programme (STOP 4-7, Alles Kidzzz, …) is described by a curriculum file
//! in TOML: the built-in ones in `assets/curricula/` are compiled into the
//! binary, and users may add their own in `<data folder>/curricula/`. This
//! module parses and validates those files into [`Programme`]s. A broken file
//! gives a [`CurriculumError`] that names the file, the line and the field.
//!
//! No programme's name appears in a code branch: every rule comes from here.

use std::fmt;
use std::path::Path;

use include_dir::{include_dir, Dir};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use ts_rs::TS;

use crate::i18n::Lang;

/// The newest curriculum schema version this build understands. Version 1
/// files are read alongside: version 2 adds attendance rules over a rolling
/// window (`[[attendance.rules]]`), minutes per session in the plan and the
/// sick status those rules count.
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest curriculum schema version this build still reads.
pub const OLDEST_SCHEMA_VERSION: u32 = 1;

static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../assets/curricula");

/// Who takes part in a track of sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrackKind {
    /// Group sessions for the children.
    Child,
    /// Sessions for the parents.
    Parent,
    /// Meetings with the teachers.
    Teacher,
    /// One-to-one sessions with a child or youth.
    Individual,
}

impl TrackKind {
    /// The track's name as users read it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TrackKind::Child => lang.pick("kind", "child"),
            TrackKind::Parent => lang.pick("ouder", "parent"),
            TrackKind::Teacher => lang.pick("leerkracht", "teacher"),
            TrackKind::Individual => lang.pick("individueel", "individual"),
        }
    }
}

/// Dutch school types: primary, secondary, vocational, special secondary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SchoolType {
    Po,
    Vo,
    Mbo,
    Vso,
}

/// Where a programme's definition comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Shipped with Ineen (`assets/curricula/`).
    Builtin,
    /// Added by the user in the data folder.
    User,
}

/// A text in Dutch, optionally in English too (Dutch is shown when English is missing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LocalizedText {
    pub nl: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub en: Option<String>,
}

impl LocalizedText {
    pub fn get(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(en)) => en,
            _ => &self.nl,
        }
    }
}

/// The ages a programme is meant for, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AgeRange {
    pub min: u8,
    pub max: u8,
}

/// A track of planned sessions for one kind of participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Track {
    pub kind: TrackKind,
    /// The planned number of sessions (the minimum when the length varies).
    pub sessions: u32,
    /// For tracks of varying length: the most sessions a trajectory may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sessions_max: Option<u32>,
    /// The usual length of a session in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub minutes: Option<u32>,
    /// Numbered session plans (may cover only some sessions).
    #[serde(default)]
    pub plan: Vec<SessionPlan>,
}

/// What one numbered session of a track is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SessionPlan {
    pub number: u32,
    pub title: String,
    pub theme: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub minutes: Option<u32>,
}

/// The kinds of contact a trainer logs: the ten every programme knows, and
/// kinds a programme defines itself (`[[contact_kinds]]`, e.g. a
/// "GGZ-verwijzing"). Written as a string: a built-in kind in snake_case
/// (`home_visit`), an own kind by its id in lower case with hyphens
/// (`ggz-verwijzing`), so the two can never be mistaken for each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(type = "string")]
pub enum ContactKind {
    /// A visit at home, e.g. the intake home visit.
    HomeVisit,
    /// A visit to the child's class to observe.
    ClassVisit,
    /// Parents watch their child's training.
    ParentObservation,
    /// A teacher watches the child's training.
    TeacherObservation,
    ParentMeeting,
    TeacherMeeting,
    /// The end report is discussed with the teacher.
    EndReportMeeting,
    /// The school's care advice team (zorgadviesteam).
    ZatMeeting,
    PhoneCall,
    /// A teacher sends a student straight to the worker during a lesson.
    IncidentReferral,
    /// A kind of the programme's own, by its id (see [`OwnContactKind`]).
    Own(String),
}

/// The longest id of a programme's own contact kind.
pub const MAX_KIND_ID: usize = 40;

impl ContactKind {
    /// The kinds every programme knows, in the order forms offer them.
    pub const BUILTIN: [ContactKind; 10] = [
        ContactKind::HomeVisit,
        ContactKind::ClassVisit,
        ContactKind::ParentObservation,
        ContactKind::TeacherObservation,
        ContactKind::ParentMeeting,
        ContactKind::TeacherMeeting,
        ContactKind::EndReportMeeting,
        ContactKind::ZatMeeting,
        ContactKind::PhoneCall,
        ContactKind::IncidentReferral,
    ];

    /// The kind as written in files, records and exports.
    pub fn id(&self) -> &str {
        match self {
            ContactKind::HomeVisit => "home_visit",
            ContactKind::ClassVisit => "class_visit",
            ContactKind::ParentObservation => "parent_observation",
            ContactKind::TeacherObservation => "teacher_observation",
            ContactKind::ParentMeeting => "parent_meeting",
            ContactKind::TeacherMeeting => "teacher_meeting",
            ContactKind::EndReportMeeting => "end_report_meeting",
            ContactKind::ZatMeeting => "zat_meeting",
            ContactKind::PhoneCall => "phone_call",
            ContactKind::IncidentReferral => "incident_referral",
            ContactKind::Own(id) => id,
        }
    }

    /// Reads a kind as written: a built-in id, or an own kind's id (lower-case
    /// letters, digits and single hyphens, at most [`MAX_KIND_ID`] long).
    pub fn parse(text: &str) -> Option<ContactKind> {
        if let Some(kind) = Self::BUILTIN.iter().find(|k| k.id() == text) {
            return Some(kind.clone());
        }
        is_own_kind_id(text).then(|| ContactKind::Own(text.to_string()))
    }

    /// Whether the programme defines this kind itself.
    pub fn is_own(&self) -> bool {
        matches!(self, ContactKind::Own(_))
    }

    /// The kind of contact as users (and reports) name it. An own kind is
    /// named by its programme ([`Programme::contact_label`]); without the
    /// programme at hand its id is shown with a capital ("Ggz-verwijzing").
    pub fn label(&self, lang: Lang) -> std::borrow::Cow<'static, str> {
        let name = match self {
            ContactKind::HomeVisit => lang.pick("Huisbezoek", "Home visit"),
            ContactKind::ClassVisit => lang.pick("Klassenbezoek", "Class visit"),
            ContactKind::ParentObservation => lang.pick("Meekijkbezoek ouders", "Observation visit by parents"),
            ContactKind::TeacherObservation => lang.pick("Meekijkbezoek leerkracht", "Observation visit by teacher"),
            ContactKind::ParentMeeting => lang.pick("Oudergesprek", "Parent meeting"),
            ContactKind::TeacherMeeting => lang.pick("Gesprek met leerkracht", "Teacher meeting"),
            ContactKind::EndReportMeeting => lang.pick("Eindgesprek", "End-report meeting"),
            ContactKind::ZatMeeting => lang.pick("ZAT-overleg", "ZAT meeting"),
            ContactKind::PhoneCall => lang.pick("Telefoongesprek", "Phone call"),
            ContactKind::IncidentReferral => lang.pick("Incidentverwijzing", "Incident referral"),
            ContactKind::Own(id) => return std::borrow::Cow::Owned(crate::i18n::capital(id)),
        };
        std::borrow::Cow::Borrowed(name)
    }
}

/// A kind of contact as a programme with these own kinds names it.
pub fn contact_name(own: &[OwnContactKind], kind: &ContactKind, lang: Lang) -> String {
    match kind {
        ContactKind::Own(id) => match own.iter().find(|k| &k.id == id) {
            Some(own) => own.name.get(lang).to_string(),
            None => kind.label(lang).into_owned(),
        },
        builtin => builtin.label(lang).into_owned(),
    }
}

/// Whether `id` can name a programme's own contact kind.
pub fn is_own_kind_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_KIND_ID
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

impl Serialize for ContactKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for ContactKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        ContactKind::parse(&text).ok_or_else(|| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"a contact kind such as `home_visit`, or a programme's own kind such as `ggz-verwijzing`",
            )
        })
    }
}

impl JsonSchema for ContactKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ContactKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let builtin: Vec<&str> = ContactKind::BUILTIN.iter().map(|k| k.id()).collect();
        schemars::json_schema!({
            "description": "A built-in kind of contact, or a programme's own kind by its id",
            "anyOf": [
                { "type": "string", "enum": builtin },
                { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": MAX_KIND_ID }
            ]
        })
    }
}

/// A kind of contact a programme defines itself, e.g. a "GGZ-verwijzing".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OwnContactKind {
    /// Lower-case letters, digits and hyphens: `ggz-verwijzing`.
    pub id: String,
    pub name: LocalizedText,
}

/// When a required contact is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Moment {
    /// Before the first session.
    BeforeStart,
    /// Any time during the run.
    During,
    /// After the last session.
    AtEnd,
}

/// A contact the programme requires for every enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RequiredContact {
    pub kind: ContactKind,
    pub moment: Moment,
    /// At least this many.
    #[serde(default = "one")]
    pub min: u32,
}

fn one() -> u32 {
    1
}

/// Group size and staffing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct GroupRules {
    pub size_min: u32,
    pub size_max: u32,
    /// Trainers needed per group.
    pub trainers: u32,
}

/// How sessions follow each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Rhythm {
    /// One session a week on the run's weekday.
    #[default]
    Weekly,
    /// On consecutive working days (a summer course).
    ConsecutiveDays,
}

/// Duration rules.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRules {
    #[serde(default)]
    pub rhythm: Rhythm,
    /// Shortest and longest trajectory in weeks, for tracks of varying length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub weeks_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub weeks_max: Option<u32>,
    /// Usual start and end of a session day, "HH:MM".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub day_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub day_end: Option<String>,
    /// Parents' sessions fall on the day their child trains.
    #[serde(default)]
    pub parents_same_day: bool,
}

/// One attendance rule: when the attendance of a participant's main track
/// (the child's or the individual sessions) raises a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AttendanceRule {
    /// This many held sessions missed in a row, up to the latest one.
    AbsencesInARow { at_least: u32 },
    /// Attended less than this percentage of the held sessions.
    BelowPercent { percent: u32 },
    /// Absent (excused or not; with `unexcused_only`, not excused) for at
    /// least this many hours of session time in any period of `weeks` weeks
    /// ("16 lesuren in 4 weken"). Needs the sessions' minutes.
    AbsentHours {
        at_least: u32,
        weeks: u32,
        #[serde(default)]
        unexcused_only: bool,
    },
    /// Sick on at least this many session days in any period of `weeks` weeks.
    SickDays { at_least: u32, weeks: u32 },
}

/// A rule as written: no field the rule does not know (a misspelt
/// `unexcused_only` must not be ignored). The same shape as [`AttendanceRule`],
/// which ts-rs describes to the UI.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum StrictRule {
    AbsencesInARow {
        at_least: u32,
    },
    BelowPercent {
        percent: u32,
    },
    AbsentHours {
        at_least: u32,
        weeks: u32,
        #[serde(default)]
        unexcused_only: bool,
    },
    SickDays {
        at_least: u32,
        weeks: u32,
    },
}

impl<'de> Deserialize<'de> for AttendanceRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        StrictRule::deserialize(d).map(Into::into)
    }
}

impl From<StrictRule> for AttendanceRule {
    fn from(r: StrictRule) -> Self {
        match r {
            StrictRule::AbsencesInARow { at_least } => AttendanceRule::AbsencesInARow { at_least },
            StrictRule::BelowPercent { percent } => AttendanceRule::BelowPercent { percent },
            StrictRule::AbsentHours { at_least, weeks, unexcused_only } => {
                AttendanceRule::AbsentHours { at_least, weeks, unexcused_only }
            }
            StrictRule::SickDays { at_least, weeks } => AttendanceRule::SickDays { at_least, weeks },
        }
    }
}

impl AttendanceRule {
    /// Whether the rule counts over a rolling window and needs session dates.
    pub fn weeks(self) -> Option<u32> {
        match self {
            AttendanceRule::AbsentHours { weeks, .. } | AttendanceRule::SickDays { weeks, .. } => Some(weeks),
            _ => None,
        }
    }
}

/// When attendance raises a flag: a list of rules, each flagging on its
/// own. Version 1 files say `consecutive_absences` and `min_percent`; they
/// become the first two rules. Without an `[attendance]` table a programme
/// flags two absences in a row and attendance below 80 %.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AttendanceRules {
    pub rules: Vec<AttendanceRule>,
}

impl<'de> Deserialize<'de> for AttendanceRules {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        AttendanceRulesRepr::deserialize(d).map(Into::into)
    }
}

/// The `[attendance]` table as written (and as stored by older versions).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttendanceRulesRepr {
    #[serde(default)]
    consecutive_absences: Option<u32>,
    #[serde(default)]
    min_percent: Option<u32>,
    #[serde(default)]
    rules: Vec<AttendanceRule>,
}

impl From<AttendanceRulesRepr> for AttendanceRules {
    fn from(r: AttendanceRulesRepr) -> Self {
        let mut rules = Vec::new();
        if let Some(at_least) = r.consecutive_absences {
            rules.push(AttendanceRule::AbsencesInARow { at_least });
        }
        if let Some(percent) = r.min_percent {
            rules.push(AttendanceRule::BelowPercent { percent });
        }
        rules.extend(r.rules);
        AttendanceRules { rules }
    }
}

impl Default for AttendanceRules {
    fn default() -> Self {
        AttendanceRules {
            rules: vec![AttendanceRule::AbsencesInARow { at_least: 2 }, AttendanceRule::BelowPercent { percent: 80 }],
        }
    }
}

/// A method or tool the programme works with (the anger thermometer, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub id: String,
    pub name: String,
    pub description: LocalizedText,
}

/// A variant of a programme (time-4-you: Rots en Water, assertiveness, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub group: Option<bool>,
}

/// A validated programme, as shown to users and kept in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Programme {
    /// Stable identifier, e.g. `stop-4-7`.
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub full_name: Option<String>,
    /// An example provider, as the brochure names it (e.g. "Trajectum, Utrecht").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub provider: Option<String>,
    pub target_group: LocalizedText,
    pub ages: AgeRange,
    pub school_types: Vec<SchoolType>,
    pub indication_required: bool,
    pub tracks: Vec<Track>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub group: Option<GroupRules>,
    #[serde(default)]
    pub schedule: ScheduleRules,
    #[serde(default)]
    pub required_contacts: Vec<RequiredContact>,
    /// Kinds of contact of the programme's own (schema 2).
    #[serde(default)]
    pub contact_kinds: Vec<OwnContactKind>,
    #[serde(default)]
    pub tools: Vec<Tool>,
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// Whether the school gets an end report by default.
    pub school_report: bool,
    #[serde(default)]
    pub attendance: AttendanceRules,
    pub origin: Origin,
}

impl Programme {
    /// The track of the given kind, if the programme has one.
    pub fn track(&self, kind: TrackKind) -> Option<&Track> {
        self.tracks.iter().find(|t| t.kind == kind)
    }

    /// The track whose attendance the rules look at: the children's group
    /// sessions, else the individual ones.
    pub fn main_track(&self) -> Option<&Track> {
        self.tracks.iter().find(|t| matches!(t.kind, TrackKind::Child | TrackKind::Individual))
    }

    /// A kind of contact as this programme names it (its own kinds by their name).
    pub fn contact_label(&self, kind: &ContactKind, lang: Lang) -> String {
        contact_name(&self.contact_kinds, kind, lang)
    }

    /// Whether a contact of this kind belongs to the programme: every
    /// built-in kind does, an own kind only when the programme defines it.
    pub fn knows_contact(&self, kind: &ContactKind) -> bool {
        match kind {
            ContactKind::Own(id) => self.contact_kinds.iter().any(|k| &k.id == id),
            _ => true,
        }
    }

    /// How long a numbered session of a track lasts: its plan's minutes,
    /// else the track's usual minutes.
    pub fn session_minutes(&self, kind: TrackKind, number: u32) -> Option<u32> {
        let track = self.track(kind)?;
        track.plan.iter().find(|p| p.number == number).and_then(|p| p.minutes).or(track.minutes)
    }
}

// ---------------------------------------------------------------------------
// Parsing

/// The file as written, with source positions kept for error messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCurriculum {
    schema: Spanned<u32>,
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    full_name: Option<String>,
    #[serde(default)]
    provider: Option<String>,
    target_group: Spanned<LocalizedText>,
    ages: Spanned<RawAges>,
    school_types: Spanned<Vec<SchoolType>>,
    indication_required: bool,
    tracks: Spanned<Vec<RawTrack>>,
    #[serde(default)]
    group: Option<Spanned<GroupRules>>,
    #[serde(default)]
    schedule: ScheduleRules,
    #[serde(default)]
    required_contacts: Vec<Spanned<RequiredContact>>,
    #[serde(default)]
    contact_kinds: Vec<Spanned<OwnContactKind>>,
    #[serde(default)]
    tools: Vec<Tool>,
    #[serde(default)]
    variants: Vec<Variant>,
    #[serde(default)]
    reporting: RawReporting,
    #[serde(default)]
    attendance: Option<Spanned<AttendanceRules>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReporting {
    #[serde(default = "yes")]
    school_report: bool,
}

impl Default for RawReporting {
    fn default() -> Self {
        RawReporting { school_report: true }
    }
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAges {
    min: Spanned<u8>,
    max: Spanned<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrack {
    kind: Spanned<TrackKind>,
    sessions: Spanned<u32>,
    #[serde(default)]
    sessions_max: Option<Spanned<u32>>,
    #[serde(default)]
    minutes: Option<u32>,
    #[serde(default)]
    plan: Vec<Spanned<SessionPlan>>,
}

/// What is wrong with a curriculum file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CurriculumError {
    /// The file name, e.g. `stop-4-7.toml`.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The field at fault, e.g. `tracks[1].sessions`.
    pub field: String,
    pub problem: Problem,
}

/// The kinds of fault a curriculum file can have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The TOML does not parse or does not fit the schema (the parser's words).
    Syntax(String),
    UnsupportedSchema {
        found: u32,
    },
    Empty,
    BadId,
    AgeRangeInverted {
        min: u8,
        max: u8,
    },
    AgeOutOfRange(u8),
    NoTracks,
    DuplicateTrack(TrackKind),
    ZeroSessions,
    TooManySessions(u32),
    SessionsMaxBelowSessions {
        sessions: u32,
        max: u32,
    },
    DuplicateId(String),
    Unreadable(String),
    PlanNumberOutOfRange {
        number: u32,
        max: u32,
    },
    DuplicatePlanNumber(u32),
    GroupSizeInverted {
        min: u32,
        max: u32,
    },
    /// A part of the file needs a newer schema version than the file says.
    NeedsSchema {
        version: u32,
    },
    /// A rule's number is outside what makes sense (0 hours, 120 %, 60 weeks).
    RuleOutOfRange {
        value: u32,
        min: u32,
        max: u32,
    },
    /// A rule over hours needs the minutes of the main track's sessions.
    MinutesMissing,
    /// A required contact of a kind the programme does not define.
    UnknownContactKind(String),
    /// An own contact kind's id is used twice, or is not written as an id.
    DuplicateContactKind(String),
    /// A programme shared by the team could not be written into the folder
    /// (it is in use all the same).
    Unwritable(String),
}

impl CurriculumError {
    /// The message a user reads: file, line, field, what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let place = match (lang, self.line) {
            (Lang::Nl, Some(line)) => format!("{}, regel {line}, veld '{}'", self.file, self.field),
            (Lang::Nl, None) => format!("{}, veld '{}'", self.file, self.field),
            (Lang::En, Some(line)) => format!("{}, line {line}, field '{}'", self.file, self.field),
            (Lang::En, None) => format!("{}, field '{}'", self.file, self.field),
        };
        let what = self.problem.describe(lang);
        match lang {
            Lang::Nl => {
                format!("Het programmabestand {place} klopt niet: {what}. Verbeter het bestand en start Ineen opnieuw.")
            }
            Lang::En => format!("The programme file {place} is not valid: {what}. Correct the file and restart Ineen."),
        }
    }
}

impl CurriculumError {
    /// The message for a programme made in the window: what is wrong, as a
    /// sentence; no file to correct. The window shows it beside the field
    /// (`field`, sent along with the error).
    pub fn draft_message(&self, lang: Lang) -> String {
        crate::i18n::capital(&self.problem.describe(lang)) + "."
    }
}

impl fmt::Display for CurriculumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl Problem {
    fn describe(&self, lang: Lang) -> String {
        use Problem::*;
        match (self, lang) {
            (Syntax(msg), _) => msg.trim().to_string(),
            (UnsupportedSchema { found }, Lang::Nl) => format!(
                "schemaversie {found} wordt niet ondersteund (deze versie van Ineen kent versie {OLDEST_SCHEMA_VERSION} tot en met {SCHEMA_VERSION})"
            ),
            (UnsupportedSchema { found }, Lang::En) => format!(
                "schema version {found} is not supported (this version of Ineen knows versions {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION})"
            ),
            (Empty, l) => l.pick("de waarde is leeg", "the value is empty").into(),
            (BadId, l) => l
                .pick(
                    "gebruik alleen kleine letters, cijfers en streepjes",
                    "use only lower-case letters, digits and hyphens",
                )
                .into(),
            (AgeRangeInverted { min, max }, Lang::Nl) => {
                format!("de minimumleeftijd {min} is hoger dan de maximumleeftijd {max}")
            }
            (AgeRangeInverted { min, max }, Lang::En) => {
                format!("the minimum age {min} is above the maximum age {max}")
            }
            (AgeOutOfRange(age), Lang::Nl) => format!("leeftijd {age} ligt niet tussen 2 en 30"),
            (AgeOutOfRange(age), Lang::En) => format!("age {age} is not between 2 and 30"),
            (NoTracks, l) => l.pick("er is geen enkel traject ([[tracks]])", "there is no track ([[tracks]])").into(),
            (DuplicateTrack(kind), Lang::Nl) => format!("het traject '{}' staat er twee keer in", kind.label(lang)),
            (DuplicateTrack(kind), Lang::En) => format!("the track '{}' appears twice", kind.label(lang)),
            (ZeroSessions, l) => l
                .pick("het aantal bijeenkomsten moet minstens 1 zijn", "the number of sessions must be at least 1")
                .into(),
            (TooManySessions(n), Lang::Nl) => {
                format!("{n} bijeenkomsten is meer dan een programma kan hebben ({MAX_SESSIONS})")
            }
            (TooManySessions(n), Lang::En) => {
                format!("{n} sessions is more than a programme can have ({MAX_SESSIONS})")
            }
            (SessionsMaxBelowSessions { sessions, max }, Lang::Nl) => {
                format!("het maximum {max} is lager dan het geplande aantal {sessions}")
            }
            (SessionsMaxBelowSessions { sessions, max }, Lang::En) => {
                format!("the maximum {max} is below the planned number {sessions}")
            }
            (DuplicateId(other), Lang::Nl) => format!("deze id wordt al gebruikt door {other}"),
            (DuplicateId(other), Lang::En) => format!("this id is already used by {other}"),
            (PlanNumberOutOfRange { number, max }, Lang::Nl) => {
                format!("bijeenkomst {number} bestaat niet; dit traject heeft er hoogstens {max}")
            }
            (PlanNumberOutOfRange { number, max }, Lang::En) => {
                format!("session {number} does not exist; this track has at most {max}")
            }
            (DuplicatePlanNumber(n), Lang::Nl) => format!("bijeenkomst {n} staat er twee keer in"),
            (DuplicatePlanNumber(n), Lang::En) => format!("session {n} appears twice"),
            (GroupSizeInverted { min, max }, Lang::Nl) => {
                format!("de kleinste groep ({min}) is groter dan de grootste ({max})")
            }
            (GroupSizeInverted { min, max }, Lang::En) => {
                format!("the smallest group ({min}) is larger than the largest ({max})")
            }
            (NeedsSchema { version }, Lang::Nl) => {
                format!("dit onderdeel bestaat pas in schemaversie {version}; zet bovenaan 'schema = {version}'")
            }
            (NeedsSchema { version }, Lang::En) => {
                format!("this part exists from schema version {version}; write 'schema = {version}' at the top")
            }
            (RuleOutOfRange { value, min, max }, Lang::Nl) => {
                format!("{value} ligt niet tussen {min} en {max}")
            }
            (RuleOutOfRange { value, min, max }, Lang::En) => format!("{value} is not between {min} and {max}"),
            (MinutesMissing, l) => l
                .pick(
                    "een regel over uren heeft de duur van de bijeenkomsten nodig: geef het traject 'minutes'",
                    "a rule over hours needs the length of the sessions: give the track 'minutes'",
                )
                .into(),
            (UnknownContactKind(id), Lang::Nl) => format!(
                "het soort contact '{id}' bestaat niet; noem het onder [[contact_kinds]] of kies een bestaand soort"
            ),
            (UnknownContactKind(id), Lang::En) => format!(
                "the contact kind '{id}' does not exist; define it under [[contact_kinds]] or choose an existing kind"
            ),
            (DuplicateContactKind(id), Lang::Nl) => format!("het soort contact '{id}' staat er twee keer in"),
            (DuplicateContactKind(id), Lang::En) => format!("the contact kind '{id}' appears twice"),
            (Unwritable(why), Lang::Nl) => {
                format!("het programma van het team kon niet als bestand worden bewaard ({why}); het is wel in gebruik")
            }
            (Unwritable(why), Lang::En) => {
                format!("the team's programme could not be kept as a file ({why}); it is in use all the same")
            }
            (Unreadable(why), Lang::Nl) => format!("het bestand kan niet worden gelezen ({why})"),
            (Unreadable(why), Lang::En) => format!("the file cannot be read ({why})"),
        }
    }
}

/// Turns a byte offset into a 1-based line number.
fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The key written on a line (`sessions = 3` → `sessions`), or its table header.
fn key_on_line(src: &str, line: usize) -> String {
    let text = src.lines().nth(line.saturating_sub(1)).unwrap_or("").trim();
    if text.starts_with('[') {
        return text.trim_matches(|c| c == '[' || c == ']').trim().to_string();
    }
    text.split('=').next().unwrap_or("").trim().to_string()
}

/// Parses and validates one curriculum file.
pub fn parse(file: &str, src: &str, origin: Origin) -> Result<Programme, CurriculumError> {
    let raw: RawCurriculum = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| line_of(src, s.start));
        let field = line.map(|l| key_on_line(src, l)).unwrap_or_default();
        CurriculumError { file: file.to_string(), line, field, problem: Problem::Syntax(e.message().to_string()) }
    })?;
    let fail = |span: std::ops::Range<usize>, field: &str, problem: Problem| CurriculumError {
        file: file.to_string(),
        line: Some(line_of(src, span.start)),
        field: field.to_string(),
        problem,
    };

    let schema = *raw.schema.get_ref();
    if !(OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&schema) {
        return Err(fail(raw.schema.span(), "schema", Problem::UnsupportedSchema { found: schema }));
    }
    let id = raw.id.get_ref().trim();
    if id.is_empty() {
        return Err(fail(raw.id.span(), "id", Problem::Empty));
    }
    if !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(fail(raw.id.span(), "id", Problem::BadId));
    }
    if raw.name.get_ref().trim().is_empty() {
        return Err(fail(raw.name.span(), "name", Problem::Empty));
    }
    if raw.target_group.get_ref().nl.trim().is_empty() {
        return Err(fail(raw.target_group.span(), "target_group.nl", Problem::Empty));
    }
    let (min, max) = (raw.ages.get_ref().min.clone(), raw.ages.get_ref().max.clone());
    for (age, field) in [(&min, "ages.min"), (&max, "ages.max")] {
        if !(2..=30).contains(age.get_ref()) {
            return Err(fail(age.span(), field, Problem::AgeOutOfRange(*age.get_ref())));
        }
    }
    if min.get_ref() > max.get_ref() {
        return Err(fail(
            min.span(),
            "ages.min",
            Problem::AgeRangeInverted { min: *min.get_ref(), max: *max.get_ref() },
        ));
    }
    if raw.school_types.get_ref().is_empty() {
        return Err(fail(raw.school_types.span(), "school_types", Problem::Empty));
    }
    if raw.tracks.get_ref().is_empty() {
        return Err(fail(raw.tracks.span(), "tracks", Problem::NoTracks));
    }
    let mut tracks: Vec<Track> = Vec::new();
    for (i, t) in raw.tracks.get_ref().iter().enumerate() {
        let kind = *t.kind.get_ref();
        if tracks.iter().any(|seen| seen.kind == kind) {
            return Err(fail(t.kind.span(), &format!("tracks[{i}].kind"), Problem::DuplicateTrack(kind)));
        }
        let sessions = *t.sessions.get_ref();
        if sessions == 0 {
            return Err(fail(t.sessions.span(), &format!("tracks[{i}].sessions"), Problem::ZeroSessions));
        }
        if sessions > MAX_SESSIONS {
            return Err(fail(t.sessions.span(), &format!("tracks[{i}].sessions"), Problem::TooManySessions(sessions)));
        }
        if let Some(max) = &t.sessions_max {
            if *max.get_ref() > MAX_SESSIONS {
                return Err(fail(
                    max.span(),
                    &format!("tracks[{i}].sessions_max"),
                    Problem::TooManySessions(*max.get_ref()),
                ));
            }
            if *max.get_ref() < sessions {
                return Err(fail(
                    max.span(),
                    &format!("tracks[{i}].sessions_max"),
                    Problem::SessionsMaxBelowSessions { sessions, max: *max.get_ref() },
                ));
            }
        }
        let most = t.sessions_max.as_ref().map_or(sessions, |m| *m.get_ref());
        let mut plan: Vec<SessionPlan> = Vec::new();
        for (j, p) in t.plan.iter().enumerate() {
            let number = p.get_ref().number;
            let field = format!("tracks[{i}].plan[{j}].number");
            if number == 0 || number > most {
                return Err(fail(p.span(), &field, Problem::PlanNumberOutOfRange { number, max: most }));
            }
            if plan.iter().any(|q| q.number == number) {
                return Err(fail(p.span(), &field, Problem::DuplicatePlanNumber(number)));
            }
            plan.push(p.get_ref().clone());
        }
        plan.sort_by_key(|p| p.number);
        tracks.push(Track {
            kind,
            sessions,
            sessions_max: t.sessions_max.as_ref().map(|m| *m.get_ref()),
            minutes: t.minutes,
            plan,
        });
    }

    if let Some(group) = &raw.group {
        let g = group.get_ref();
        if g.size_min > g.size_max {
            return Err(fail(
                group.span(),
                "group.size_min",
                Problem::GroupSizeInverted { min: g.size_min, max: g.size_max },
            ));
        }
    }

    let mut contact_kinds: Vec<OwnContactKind> = Vec::new();
    for (i, k) in raw.contact_kinds.iter().enumerate() {
        if schema < 2 {
            return Err(fail(k.span(), "contact_kinds", Problem::NeedsSchema { version: 2 }));
        }
        let own = k.get_ref();
        let id = own.id.trim();
        if id.is_empty() {
            return Err(fail(k.span(), &format!("contact_kinds[{i}].id"), Problem::Empty));
        }
        if !is_own_kind_id(id) {
            return Err(fail(k.span(), &format!("contact_kinds[{i}].id"), Problem::BadId));
        }
        if contact_kinds.iter().any(|seen| seen.id == id) {
            return Err(fail(k.span(), &format!("contact_kinds[{i}].id"), Problem::DuplicateContactKind(id.into())));
        }
        if own.name.nl.trim().is_empty() {
            return Err(fail(k.span(), &format!("contact_kinds[{i}].name.nl"), Problem::Empty));
        }
        contact_kinds.push(OwnContactKind {
            id: id.to_string(),
            name: LocalizedText {
                nl: own.name.nl.trim().to_string(),
                en: own.name.en.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(String::from),
            },
        });
    }
    let mut required_contacts = Vec::new();
    for (i, c) in raw.required_contacts.iter().enumerate() {
        let kind = &c.get_ref().kind;
        if let ContactKind::Own(id) = kind {
            if !contact_kinds.iter().any(|k| &k.id == id) {
                return Err(fail(
                    c.span(),
                    &format!("required_contacts[{i}].kind"),
                    Problem::UnknownContactKind(id.clone()),
                ));
            }
        }
        required_contacts.push(c.get_ref().clone());
    }

    let attendance = match raw.attendance {
        None => AttendanceRules::default(),
        Some(spanned) => {
            let span = spanned.span();
            let rules = spanned.into_inner();
            check_attendance_rules(&rules, &tracks, schema).map_err(|(field, problem)| fail(span, &field, problem))?;
            rules
        }
    };

    Ok(Programme {
        id: id.to_string(),
        name: raw.name.into_inner().trim().to_string(),
        full_name: raw.full_name,
        provider: raw.provider,
        target_group: raw.target_group.into_inner(),
        ages: AgeRange { min: *min.get_ref(), max: *max.get_ref() },
        school_types: raw.school_types.into_inner(),
        indication_required: raw.indication_required,
        tracks,
        group: raw.group.map(|g| *g.get_ref()),
        schedule: raw.schedule,
        required_contacts,
        contact_kinds,
        tools: raw.tools,
        variants: raw.variants,
        school_report: raw.reporting.school_report,
        attendance,
        origin,
    })
}

/// The longest rolling window a rule may have, in weeks.
pub const MAX_RULE_WEEKS: u32 = 52;

/// Checks the attendance rules: numbers in range, rules over hours only
/// where the main track's sessions have minutes, rolling windows only from
/// schema 2. The field at fault and why.
fn check_attendance_rules(rules: &AttendanceRules, tracks: &[Track], schema: u32) -> Result<(), (String, Problem)> {
    let range = |field: String, value: u32, min: u32, max: u32| {
        if (min..=max).contains(&value) {
            Ok(())
        } else {
            Err((field, Problem::RuleOutOfRange { value, min, max }))
        }
    };
    let main = tracks.iter().find(|t| matches!(t.kind, TrackKind::Child | TrackKind::Individual));
    for (i, rule) in rules.rules.iter().enumerate() {
        let field = |name: &str| format!("attendance.rules[{i}].{name}");
        if rule.weeks().is_some() && schema < 2 {
            return Err((field("kind"), Problem::NeedsSchema { version: 2 }));
        }
        match *rule {
            AttendanceRule::AbsencesInARow { at_least } => range(field("at_least"), at_least, 1, MAX_SESSIONS)?,
            AttendanceRule::BelowPercent { percent } => range(field("percent"), percent, 1, 100)?,
            AttendanceRule::AbsentHours { at_least, weeks, .. } => {
                range(field("at_least"), at_least, 1, 1_000)?;
                range(field("weeks"), weeks, 1, MAX_RULE_WEEKS)?;
                let timed = main.is_some_and(|t| t.minutes.is_some() || t.plan.iter().all(|p| p.minutes.is_some()));
                if !timed || main.is_some_and(|t| t.minutes.is_none() && t.plan.len() < t.sessions as usize) {
                    return Err((field("kind"), Problem::MinutesMissing));
                }
            }
            AttendanceRule::SickDays { at_least, weeks } => {
                range(field("at_least"), at_least, 1, 366)?;
                range(field("weeks"), weeks, 1, MAX_RULE_WEEKS)?;
            }
        }
    }
    Ok(())
}

/// A programme as a curriculum file of the newest schema: what the
/// programme editor saves. `parse` reads it back to the same programme.
pub fn to_toml(p: &Programme) -> Result<String, toml::ser::Error> {
    #[derive(Serialize)]
    struct Reporting {
        school_report: bool,
    }
    #[derive(Serialize)]
    struct File<'a> {
        schema: u32,
        id: &'a str,
        name: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        full_name: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        provider: Option<&'a str>,
        school_types: &'a [SchoolType],
        indication_required: bool,
        ages: AgeRange,
        target_group: &'a LocalizedText,
        #[serde(skip_serializing_if = "Option::is_none")]
        group: Option<GroupRules>,
        schedule: &'a ScheduleRules,
        reporting: Reporting,
        attendance: &'a AttendanceRules,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        contact_kinds: &'a [OwnContactKind],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        required_contacts: &'a [RequiredContact],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        tools: &'a [Tool],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        variants: &'a [Variant],
        tracks: &'a [Track],
    }
    toml::to_string_pretty(&File {
        schema: SCHEMA_VERSION,
        id: &p.id,
        name: &p.name,
        full_name: p.full_name.as_deref(),
        provider: p.provider.as_deref(),
        school_types: &p.school_types,
        indication_required: p.indication_required,
        ages: p.ages,
        target_group: &p.target_group,
        group: p.group,
        schedule: &p.schedule,
        reporting: Reporting { school_report: p.school_report },
        attendance: &p.attendance,
        contact_kinds: &p.contact_kinds,
        required_contacts: &p.required_contacts,
        tools: &p.tools,
        variants: &p.variants,
        tracks: &p.tracks,
    })
}

/// Checks a programme made in the programme editor exactly as a file is
/// checked: written as the file it would be saved as, and read back. The
/// programme as read back (texts trimmed, plans in order), or the field at
/// fault.
pub fn check_draft(draft: &Programme) -> Result<(Programme, String), CurriculumError> {
    // A form leaves optional texts empty rather than out: trimmed, and empty is none.
    let optional = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(String::from);
    let mut draft = draft.clone();
    draft.full_name = optional(&draft.full_name);
    draft.provider = optional(&draft.provider);
    draft.target_group.en = optional(&draft.target_group.en);
    for kind in &mut draft.contact_kinds {
        kind.name.en = optional(&kind.name.en);
    }
    let file = format!("{}.toml", draft.id);
    let text = to_toml(&draft).map_err(|e| CurriculumError {
        file: file.clone(),
        line: None,
        field: String::new(),
        problem: Problem::Syntax(e.to_string()),
    })?;
    let programme = parse(&file, &text, Origin::User)?;
    Ok((programme, text))
}

/// The outcome of loading all curricula: the valid programmes, sorted by
/// name, and the files that were refused (user files only: a broken built-in
/// file is a bug and fails the build's tests).
#[derive(Debug, Default)]
pub struct Loaded {
    pub programmes: Vec<Programme>,
    pub problems: Vec<CurriculumError>,
}

/// Loads the built-in curricula.
pub fn builtin() -> Result<Vec<Programme>, CurriculumError> {
    let mut files: Vec<_> = BUILTIN.files().filter(|f| is_toml(f.path())).collect();
    files.sort_by_key(|f| f.path());
    files
        .into_iter()
        .map(|f| {
            let name = f.path().display().to_string();
            let src = f.contents_utf8().ok_or_else(|| CurriculumError {
                file: name.clone(),
                line: None,
                field: String::new(),
                problem: Problem::Unreadable("not UTF-8".into()),
            })?;
            parse(&name, src, Origin::Builtin)
        })
        .collect()
}

/// The most sessions a track may have (a school year of weekly sessions,
/// four times over): more is a typing error, not a programme.
pub const MAX_SESSIONS: u32 = 200;
/// The largest curriculum file Ineen reads.
const MAX_FILE: u64 = 1 << 20;

fn is_toml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}

/// Loads the built-in curricula plus the user's own from `user_dir` (which
/// may be missing). A broken or clashing user file is reported, not fatal.
pub fn load(user_dir: Option<&Path>) -> Result<Loaded, CurriculumError> {
    let mut loaded = Loaded { programmes: builtin()?, problems: Vec::new() };
    check_unique(&loaded.programmes, |p| format!("{}.toml", p.id))?;

    let mut paths: Vec<_> = match user_dir.map(std::fs::read_dir) {
        Some(Ok(entries)) => entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| is_toml(p)).collect(),
        _ => Vec::new(),
    };
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Only regular files of sane size (a FIFO named x.toml would hang every start).
        let readable = match std::fs::metadata(&path) {
            Ok(m) if !m.is_file() => Err("not a regular file".to_string()),
            Ok(m) if m.len() > MAX_FILE => Err(format!("larger than {} KB", MAX_FILE / 1024)),
            Ok(_) => Ok(()),
            Err(e) => Err(e.to_string()),
        };
        if let Err(why) = readable {
            loaded.problems.push(CurriculumError {
                file: name,
                line: None,
                field: String::new(),
                problem: Problem::Unreadable(why),
            });
            continue;
        }
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| CurriculumError {
                file: name.clone(),
                line: None,
                field: String::new(),
                problem: Problem::Unreadable(e.to_string()),
            })
            .and_then(|src| parse(&name, &src, Origin::User));
        match parsed {
            Ok(p) => match loaded.programmes.iter().find(|q| q.id == p.id) {
                Some(other) => loaded.problems.push(CurriculumError {
                    file: name,
                    line: None,
                    field: "id".into(),
                    problem: Problem::DuplicateId(other.name.clone()),
                }),
                None => loaded.programmes.push(p),
            },
            Err(e) => loaded.problems.push(e),
        }
    }
    loaded.programmes.sort_by_key(|p| p.name.to_lowercase());
    Ok(loaded)
}

fn check_unique(programmes: &[Programme], file: impl Fn(&Programme) -> String) -> Result<(), CurriculumError> {
    for (i, p) in programmes.iter().enumerate() {
        if let Some(other) = programmes[..i].iter().find(|q| q.id == p.id) {
            return Err(CurriculumError {
                file: file(p),
                line: None,
                field: "id".into(),
                problem: Problem::DuplicateId(other.name.clone()),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"
schema = 1
id = "test-programme"
name = "Testprogramma"
indication_required = false
school_types = ["po"]
target_group = { nl = "Kinderen", en = "Children" }
ages = { min = 4, max = 7 }

[[tracks]]
kind = "child"
sessions = 10

[[tracks]]
kind = "parent"
sessions = 10
"#;

    fn err(src: &str) -> CurriculumError {
        parse("test.toml", src, Origin::User).expect_err("should be refused")
    }

    #[test]
    fn parses_a_valid_file() {
        let p = parse("test.toml", VALID, Origin::User).expect("valid");
        assert_eq!(p.id, "test-programme");
        assert_eq!(p.track(TrackKind::Child).map(|t| t.sessions), Some(10));
        assert_eq!(p.track(TrackKind::Teacher), None);
        assert_eq!(p.target_group.get(Lang::En), "Children");
        assert_eq!(p.origin, Origin::User);
    }

    #[test]
    fn builtin_programmes_are_the_four_of_the_design_card() {
        let all = builtin().expect("built-in curricula are valid");
        let mut names: Vec<_> = all.iter().map(|p| p.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["Alles Kidzzz", "Plezier op school", "STOP 4-7", "time-4-you"]);
        let stop = all.iter().find(|p| p.id == "stop-4-7").expect("STOP 4-7");
        let counts: Vec<_> = stop.tracks.iter().map(|t| (t.kind, t.sessions)).collect();
        assert_eq!(counts, [(TrackKind::Child, 10), (TrackKind::Parent, 10), (TrackKind::Teacher, 4)]);
        assert!(stop.indication_required);
        assert_eq!(stop.ages, AgeRange { min: 4, max: 7 });
    }

    #[test]
    fn a_syntax_error_names_line_and_field() {
        let e = err(&VALID.replace("sessions = 10\n\n[[tracks]]", "sessions = \"tien\"\n\n[[tracks]]"));
        assert_eq!(e.line, Some(12));
        assert_eq!(e.field, "sessions");
        let msg = e.message(Lang::Nl);
        assert!(msg.contains("test.toml, regel 12, veld 'sessions'"), "{msg}");
    }

    #[test]
    fn an_unknown_field_is_refused_with_its_name() {
        let e = err(&VALID.replace("sessions = 10\n\n[[tracks]]", "sesions = 10\n\n[[tracks]]"));
        assert_eq!(e.field, "sesions");
        assert_eq!(e.line, Some(12));
    }

    #[test]
    fn a_missing_field_is_named() {
        let e = err(&VALID.replace("name = \"Testprogramma\"\n", ""));
        assert!(e.message(Lang::En).contains("name"), "{}", e.message(Lang::En));
    }

    #[test]
    fn semantic_faults_name_the_field_and_line() {
        let e = err(&VALID.replace("ages = { min = 4, max = 7 }", "ages = { min = 8, max = 7 }"));
        assert_eq!((e.field.as_str(), e.line), ("ages.min", Some(8)));
        assert_eq!(e.problem, Problem::AgeRangeInverted { min: 8, max: 7 });

        let e = err(&VALID.replacen("sessions = 10", "sessions = 0", 1));
        assert_eq!((e.field.as_str(), e.line), ("tracks[0].sessions", Some(12)));

        let e = err(&VALID.replace("kind = \"parent\"", "kind = \"child\""));
        assert_eq!(e.field, "tracks[1].kind");
        assert_eq!(e.problem, Problem::DuplicateTrack(TrackKind::Child));

        let e = err(&VALID.replace("id = \"test-programme\"", "id = \"Test Programme\""));
        assert_eq!((e.field.as_str(), e.problem), ("id", Problem::BadId));

        let e = err(&VALID.replace("schema = 1", "schema = 3"));
        assert_eq!(e.problem, Problem::UnsupportedSchema { found: 3 });
        assert!(e.message(Lang::Nl).contains("schemaversie 3"));

        let e = err(&VALID.replacen("sessions = 10", "sessions = 4\nsessions_max = 3", 1));
        assert_eq!(e.field, "tracks[0].sessions_max");
        let e = err(&VALID.replacen("sessions = 10", "sessions = 4294967295", 1));
        assert_eq!((e.field.as_str(), e.problem.clone()), ("tracks[0].sessions", Problem::TooManySessions(u32::MAX)));
    }

    #[test]
    fn rolling_window_rules_need_schema_2_minutes_and_sane_numbers() {
        let base = |schema: u32, minutes: &str, rule: &str| {
            format!(
                "schema = {schema}\nid = \"x\"\nname = \"X\"\ntarget_group = {{ nl = \"x\" }}\n\
                 ages = {{ min = 12, max = 18 }}\nschool_types = [\"vo\"]\nindication_required = false\n\
                 [[attendance.rules]]\n{rule}\n[[tracks]]\nkind = \"child\"\nsessions = 8\n{minutes}\n"
            )
        };
        let hours = "kind = \"absent_hours\"\nat_least = 16\nweeks = 4";
        let ok = parse("x.toml", &base(2, "minutes = 90", hours), Origin::User).expect("valid");
        assert_eq!(
            ok.attendance.rules,
            vec![AttendanceRule::AbsentHours { at_least: 16, weeks: 4, unexcused_only: false }]
        );
        assert_eq!(ok.session_minutes(TrackKind::Child, 3), Some(90));

        let old = err(&base(1, "minutes = 90", hours));
        assert_eq!(
            (old.field.as_str(), old.problem.clone()),
            ("attendance.rules[0].kind", Problem::NeedsSchema { version: 2 })
        );
        assert!(old.message(Lang::Nl).contains("schema = 2"), "{}", old.message(Lang::Nl));
        let untimed = err(&base(2, "", hours));
        assert_eq!(untimed.problem, Problem::MinutesMissing);
        assert!(untimed.message(Lang::Nl).contains("'minutes'"));
        let zero = err(&base(2, "minutes = 90", "kind = \"sick_days\"\nat_least = 6\nweeks = 0"));
        assert_eq!(
            (zero.field.as_str(), zero.problem),
            ("attendance.rules[0].weeks", Problem::RuleOutOfRange { value: 0, min: 1, max: MAX_RULE_WEEKS })
        );
        let typo = err(&base(2, "minutes = 90", &format!("{hours}\nunexcused_onli = true")));
        assert!(typo.message(Lang::En).contains("unexcused_onli"), "{}", typo.message(Lang::En));
        let percent = err(&base(2, "minutes = 90", "kind = \"below_percent\"\npercent = 120"));
        assert_eq!(percent.problem, Problem::RuleOutOfRange { value: 120, min: 1, max: 100 });
    }

    #[test]
    fn a_programme_defines_contact_kinds_of_its_own() {
        let own = "[[contact_kinds]]\nid = \"ggz-verwijzing\"\nname = { nl = \"GGZ-verwijzing\", en = \"Mental-health referral\" }\n\
                   [[required_contacts]]\nkind = \"ggz-verwijzing\"\nmoment = \"during\"\nmin = 0\n";
        let v2 = VALID
            .replace("schema = 1", "schema = 2")
            .replace("[[tracks]]\nkind = \"child\"", &format!("{own}[[tracks]]\nkind = \"child\""));
        let p = parse("test.toml", &v2, Origin::User).expect("valid");
        let ggz = ContactKind::Own("ggz-verwijzing".into());
        assert_eq!(p.required_contacts[0].kind, ggz);
        assert_eq!(p.contact_label(&ggz, Lang::Nl), "GGZ-verwijzing");
        assert_eq!(p.contact_label(&ggz, Lang::En), "Mental-health referral");
        assert_eq!(p.contact_label(&ContactKind::ZatMeeting, Lang::Nl), "ZAT-overleg");
        assert!(p.knows_contact(&ggz) && p.knows_contact(&ContactKind::HomeVisit));
        assert!(!p.knows_contact(&ContactKind::Own("anders".into())));
        assert_eq!(ggz.label(Lang::Nl), "Ggz-verwijzing", "without its programme an own kind shows its id");
        let back = parse("test.toml", &to_toml(&p).expect("toml"), Origin::User).expect("round trip");
        assert_eq!(back, p);

        // Written as a string: built-ins in snake_case, own kinds with hyphens; nothing else.
        assert_eq!(serde_json::to_string(&ggz).expect("json"), "\"ggz-verwijzing\"");
        assert_eq!(serde_json::from_str::<ContactKind>("\"zat_meeting\"").expect("json"), ContactKind::ZatMeeting);
        for bad in ["\"GGZ\"", "\"ggz_verwijzing\"", "\"-ggz\"", "\"ggz--x\"", "\"\"", "\"a b\""] {
            assert!(serde_json::from_str::<ContactKind>(bad).is_err(), "{bad}");
        }

        let old = err(&v2.replace("schema = 2", "schema = 1"));
        assert_eq!((old.field.as_str(), old.problem), ("contact_kinds", Problem::NeedsSchema { version: 2 }));
        let unknown = err(&v2.replace("kind = \"ggz-verwijzing\"", "kind = \"ggz-verwijzen\""));
        assert_eq!(
            (unknown.field.as_str(), unknown.problem),
            ("required_contacts[0].kind", Problem::UnknownContactKind("ggz-verwijzen".into()))
        );
        let twice = err(&v2.replace(
            "[[required_contacts]]",
            &format!("{}[[required_contacts]]", own.split("[[required_contacts]]").next().unwrap_or_default()),
        ));
        assert_eq!(twice.problem, Problem::DuplicateContactKind("ggz-verwijzing".into()));
        let nameless = err(&v2.replace("nl = \"GGZ-verwijzing\"", "nl = \"  \""));
        assert_eq!((nameless.field.as_str(), nameless.problem), ("contact_kinds[0].name.nl", Problem::Empty));
    }

    #[test]
    fn every_builtin_programme_written_as_a_file_reads_back_the_same() {
        for p in builtin().expect("builtin") {
            let text = to_toml(&p).unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert!(text.starts_with(&format!("schema = {SCHEMA_VERSION}")), "{text}");
            let back = parse(&format!("{}.toml", p.id), &text, Origin::Builtin)
                .unwrap_or_else(|e| panic!("{}: {}\n{text}", p.id, e.message(Lang::En)));
            assert_eq!(back, p, "{}", p.id);
        }
        // A schema-2 rule survives the round trip too.
        let mut own = builtin().expect("builtin").remove(0);
        own.id = "eigen".into();
        own.attendance.rules.push(AttendanceRule::SickDays { at_least: 6, weeks: 4 });
        let back = parse("eigen.toml", &to_toml(&own).expect("toml"), Origin::Builtin).expect("parses");
        assert_eq!(back.attendance, own.attendance);
    }

    #[test]
    fn user_files_are_added_and_broken_ones_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("eigen.toml"), VALID).expect("write");
        std::fs::write(dir.path().join("kapot.toml"), "schema = 1\nid = ").expect("write");
        std::fs::write(dir.path().join("dubbel.toml"), VALID.replace("test-programme", "stop-4-7")).expect("write");
        std::fs::write(dir.path().join("notities.txt"), "geen toml").expect("write");
        let loaded = load(Some(dir.path())).expect("built-ins are valid");
        assert_eq!(loaded.programmes.len(), 5);
        assert!(loaded.programmes.iter().any(|p| p.id == "test-programme" && p.origin == Origin::User));
        let files: Vec<_> = loaded.problems.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(files, ["dubbel.toml", "kapot.toml"]);
        assert!(matches!(loaded.problems[0].problem, Problem::DuplicateId(ref n) if n == "STOP 4-7"));
    }

    /// Issue 11, fifth reproduction: a FIFO named like a curriculum no
    /// longer hangs the start; it is reported and the rest load.
    #[test]
    fn a_file_that_is_not_a_regular_file_is_skipped_with_a_message() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("x.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
        std::fs::write(dir.path().join("eigen.toml"), VALID).expect("write");
        let loaded = load(Some(dir.path())).expect("loads");
        assert_eq!(loaded.programmes.len(), 5);
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(loaded.problems[0].file, "x.toml");
        assert!(matches!(loaded.problems[0].problem, Problem::Unreadable(ref why) if why.contains("regular")));
    }

    #[test]
    fn a_missing_user_folder_is_fine() {
        let loaded = load(Some(Path::new("/nonexistent/ineen"))).expect("ok");
        assert_eq!(loaded.programmes.len(), 4);
        assert!(loaded.problems.is_empty());
    }
}
