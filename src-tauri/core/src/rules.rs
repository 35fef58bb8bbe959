//! The programmes' rules, as pure functions over records and curricula:
//! schedules with holidays skipped, who takes part, the indication check,
//! group warnings, the required-contacts checklist, attendance figures per
//! track, flags, consent to share with an audience, who may read a text,
//! and GAS T-scores. Every rule is written here once; the UI receives its
//! results in the aggregates it is sent and never repeats one.
//!
//! Nothing here touches the store or the clock: callers pass in what the
//! rules need, including "today".

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::curriculum::{AttendanceRule, ContactKind, Moment, Programme, Rhythm, TrackKind};
use crate::model::{
    Attendance, AttendanceStatus, Audience, Consent, Enrolment, EnrolmentStatus, Giver, Guardian, Participant, Person,
    Region, Session, SessionStatus,
};
use crate::report::ReportAudience;

// ---------------------------------------------------------------------------
// Holidays

#[derive(Deserialize)]
struct HolidayFile {
    #[allow(dead_code)]
    school_year: String,
    holidays: Vec<RawHoliday>,
    public_holidays: Vec<RawPublicHoliday>,
}

#[derive(Deserialize)]
struct RawHoliday {
    name: String,
    noord: [NaiveDate; 2],
    midden: [NaiveDate; 2],
    zuid: [NaiveDate; 2],
}

#[derive(Deserialize)]
struct RawPublicHoliday {
    name: String,
    date: NaiveDate,
}

/// A closed period: school holiday, public holiday or a trainer's free day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FreePeriod {
    pub name: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

const HOLIDAY_FILES: &[(&str, &str)] = &[("2026-2027.toml", include_str!("../../../assets/holidays/2026-2027.toml"))];

/// The school and public holidays of a region (all regions' public holidays
/// when the region is unknown, and no school holidays).
pub fn holidays(region: Option<Region>) -> Vec<FreePeriod> {
    let mut out = Vec::new();
    for (name, text) in HOLIDAY_FILES {
        // The shipped files are checked by a test; a broken one adds nothing.
        let Ok(file) = toml::from_str::<HolidayFile>(text) else {
            debug_assert!(false, "holiday file {name} is invalid");
            continue;
        };
        for h in file.holidays {
            let range = match region {
                Some(Region::Noord) => Some(h.noord),
                Some(Region::Midden) => Some(h.midden),
                Some(Region::Zuid) => Some(h.zuid),
                None => None,
            };
            if let Some([from, until]) = range {
                out.push(FreePeriod { name: h.name, from, until });
            }
        }
        for p in file.public_holidays {
            out.push(FreePeriod { name: p.name, from: p.date, until: p.date });
        }
    }
    out.sort_by_key(|p| p.from);
    out
}

fn is_free(date: NaiveDate, free: &[FreePeriod]) -> bool {
    free.iter().any(|p| p.from <= date && date <= p.until)
}

// ---------------------------------------------------------------------------
// Schedule

/// A session the schedule proposes; the trainer may edit it before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlannedSession {
    pub track: TrackKind,
    pub number: u32,
    pub date: NaiveDate,
    pub start_time: Option<String>,
    pub title: String,
    pub theme: String,
}

/// ISO weekday number (1 = Monday) to chrono's weekday.
pub fn weekday(iso: u8) -> Option<Weekday> {
    match iso {
        1 => Some(Weekday::Mon),
        2 => Some(Weekday::Tue),
        3 => Some(Weekday::Wed),
        4 => Some(Weekday::Thu),
        5 => Some(Weekday::Fri),
        6 => Some(Weekday::Sat),
        7 => Some(Weekday::Sun),
        _ => None,
    }
}

/// `count` session dates from `start`: weekly on `day`, or on consecutive
/// working days, skipping every free date.
fn dates(start: NaiveDate, day: Weekday, rhythm: Rhythm, count: usize, free: &[FreePeriod]) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(count);
    let mut d = start;
    match rhythm {
        Rhythm::Weekly => {
            while d.weekday() != day {
                d += Duration::days(1);
            }
            while out.len() < count {
                if !is_free(d, free) {
                    out.push(d);
                }
                d += Duration::weeks(1);
            }
        }
        Rhythm::ConsecutiveDays => {
            while out.len() < count {
                if d.weekday().number_from_monday() <= 5 && !is_free(d, free) {
                    out.push(d);
                }
                d += Duration::days(1);
            }
        }
    }
    out
}

/// Proposes all sessions of a run from its programme: the child (or
/// individual) track on the run's weekday, parents on the same days when the
/// programme says so (else on the same rhythm), teacher meetings spread over
/// the run. Tracks of varying length get their minimum number of sessions.
pub fn plan_sessions(
    programme: &Programme,
    start: NaiveDate,
    day: Weekday,
    free: &[FreePeriod],
) -> Vec<PlannedSession> {
    let rhythm = programme.schedule.rhythm;
    let main_count = programme
        .tracks
        .iter()
        .filter(|t| matches!(t.kind, TrackKind::Child | TrackKind::Individual))
        .map(|t| t.sessions as usize)
        .max()
        .unwrap_or(0);
    let main_dates = dates(start, day, rhythm, main_count.max(1), free);
    let mut out = Vec::new();
    for track in &programme.tracks {
        let n = track.sessions as usize;
        let track_dates: Vec<NaiveDate> = match track.kind {
            TrackKind::Child | TrackKind::Individual => main_dates[..n.min(main_dates.len())].to_vec(),
            TrackKind::Parent if programme.schedule.parents_same_day && n <= main_dates.len() => {
                main_dates[..n].to_vec()
            }
            TrackKind::Teacher if n <= main_dates.len() && n > 1 => {
                let last = main_dates.len() - 1;
                (0..n).map(|i| main_dates[(i * last + (n - 1) / 2) / (n - 1)]).collect()
            }
            _ => dates(start, day, rhythm, n, free),
        };
        for (i, date) in track_dates.into_iter().enumerate() {
            let number = i as u32 + 1;
            let plan = track.plan.iter().find(|p| p.number == number);
            out.push(PlannedSession {
                track: track.kind,
                number,
                date,
                start_time: programme.schedule.day_start.clone(),
                title: plan.map_or_else(|| format!("Bijeenkomst {number}"), |p| p.title.clone()),
                theme: plan.map(|p| p.theme.clone()).unwrap_or_default(),
            });
        }
    }
    out.sort_by_key(|s| (s.date, s.track as u8, s.number));
    out
}

// ---------------------------------------------------------------------------
// Indication

/// Enrolments that may not take part yet because their indication is
/// missing or not valid on `on`.
pub fn missing_indications<'a>(
    programme: &Programme,
    enrolments: impl IntoIterator<Item = &'a Enrolment>,
    on: NaiveDate,
) -> Vec<&'a Enrolment> {
    if !programme.indication_required {
        return Vec::new();
    }
    enrolments.into_iter().filter(|e| in_group(e) && !e.indication_valid_on(on)).collect()
}

// ---------------------------------------------------------------------------
// Taking part
//
// "Taking part" has two meanings, kept apart by name:
// - in the group: referred, in intake or active — counts for the group's
//   size and needs an indication before being marked present;
// - under way: in intake or active — the trajectory has started, so its
//   flags are shown and it holds up a session that lacks an indication.
// A stopped enrolment leaves the attendance sheet; a completed one stays on it.

/// Counts for the group: not stopped, not completed.
pub fn in_group(e: &Enrolment) -> bool {
    !matches!(e.status, EnrolmentStatus::Stopped | EnrolmentStatus::Completed)
}

/// The trajectory has started and not ended: intake or active.
pub fn under_way(e: &Enrolment) -> bool {
    matches!(e.status, EnrolmentStatus::Intake | EnrolmentStatus::Active)
}

/// Listed on a session's attendance sheet: everyone but those who stopped.
pub fn on_attendance_sheet(e: &Enrolment) -> bool {
    e.status != EnrolmentStatus::Stopped
}

/// Whose attendance a session of this track records.
pub fn person_of_track(track: TrackKind) -> Person {
    match track {
        TrackKind::Parent => Person::Parent,
        TrackKind::Teacher => Person::Teacher,
        TrackKind::Child | TrackKind::Individual => Person::Child,
    }
}

// ---------------------------------------------------------------------------
// Consent and audiences

/// Someone whose consent is needed to share with an audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "who", rename_all = "snake_case")]
pub enum Consenter {
    /// The child or young person.
    Child,
    /// A parent with authority who is on file.
    Guardian { id: uuid::Uuid, name: String, relation: String },
    /// A parent with authority, when none is on file.
    AParent,
}

impl Consenter {
    /// "Sara zelf", "moeder (Fatima El Amrani)", "een ouder met gezag".
    pub fn label(&self, child: &str, lang: crate::Lang) -> String {
        match (self, lang) {
            (Consenter::Child, crate::Lang::Nl) => format!("{child} zelf"),
            (Consenter::Child, crate::Lang::En) => format!("{child} themself"),
            (Consenter::Guardian { name, relation, .. }, _) => format!("{relation} ({name})"),
            (Consenter::AParent, crate::Lang::Nl) => "een ouder met gezag".into(),
            (Consenter::AParent, crate::Lang::En) => "a parent with parental authority".into(),
        }
    }
}

/// Whose consent sharing with an audience needs on a day, and whose is
/// still missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConsentCheck {
    pub audience: Audience,
    pub on: NaiveDate,
    /// The child's age in years that day.
    pub age: u32,
    pub needed: Vec<Consenter>,
    pub missing: Vec<Consenter>,
}

impl ConsentCheck {
    /// Everyone needed has consented.
    pub fn given(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Whether a consent counts on `on`: for this audience, given by then and
/// not withdrawn on or before that day.
pub fn consent_holds(consent: &Consent, audience: Audience, on: NaiveDate) -> bool {
    consent.audience == audience && consent.given_on <= on && consent.withdrawn_on.is_none_or(|w| on < w)
}

/// Who must consent to share with `audience` on `on`, by the child's age that
/// day (Jeugdwet, AVG, WGBO): for the school, the parents with authority
/// under 12, the parents and the child from 12 to 15, the young person
/// alone from 16; for the parents, the young person from 16 (younger, the
/// parents hold the authority). Each parent with authority on file must
/// consent; with none on file, one parent's consent is needed. A withdrawal
/// counts from its date.
pub fn consent_check(
    child: &Participant,
    guardians: &[Guardian],
    consents: &[Consent],
    audience: Audience,
    on: NaiveDate,
) -> ConsentCheck {
    let age = child.age_on(on);
    let (child_needed, parents_needed) = match audience {
        // Research follows the school's ages (WMO: parents under 12, both
        // from 12 to 15, the young person from 16).
        Audience::School | Audience::Research => (age >= 12, age < 16),
        Audience::Parents => (age >= 16, false),
        Audience::Trainers => (false, false),
    };
    let mut needed = Vec::new();
    if child_needed {
        needed.push(Consenter::Child);
    }
    if parents_needed {
        let with_authority: Vec<&Guardian> = guardians.iter().filter(|g| g.authority).collect();
        if with_authority.is_empty() {
            needed.push(Consenter::AParent);
        }
        needed.extend(with_authority.into_iter().map(|g| Consenter::Guardian {
            id: g.id,
            name: g.name.clone(),
            relation: g.relation.clone(),
        }));
    }
    let valid: Vec<&Consent> = consents.iter().filter(|c| consent_holds(c, audience, on)).collect();
    let missing = needed
        .iter()
        .filter(|who| {
            !valid.iter().any(|c| match who {
                Consenter::Child => c.giver == Giver::Child,
                Consenter::Guardian { id, .. } => c.giver == Giver::Guardian && c.guardian_id == Some(*id),
                Consenter::AParent => c.giver == Giver::Guardian,
            })
        })
        .cloned()
        .collect();
    ConsentCheck { audience, on, age, needed, missing }
}

/// Whether a text marked for `text` may be read by a report's readers:
/// the school reads only what is marked for the school; the parents read
/// what is marked for them or for the school. Trainers-only text never leaves.
pub fn may_read(reader: ReportAudience, text: Audience) -> bool {
    match reader {
        ReportAudience::School => text == Audience::School,
        ReportAudience::Parents => matches!(text, Audience::School | Audience::Parents),
    }
}

// ---------------------------------------------------------------------------
// Group warnings

/// Something about a run that the trainer should see, but that does not stop her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunWarning {
    GroupTooLarge { size: u32, max: u32 },
    GroupTooSmall { size: u32, min: u32 },
    TooFewTrainers { trainers: u32, needed: u32 },
    AgeOutsideRange { participant: String, age: u32, min: u8, max: u8 },
}

pub fn run_warnings(
    programme: &Programme,
    start: NaiveDate,
    trainers: u32,
    participants: &[&Participant],
) -> Vec<RunWarning> {
    let mut out = Vec::new();
    if let Some(group) = programme.group {
        let size = participants.len() as u32;
        if size > group.size_max {
            out.push(RunWarning::GroupTooLarge { size, max: group.size_max });
        } else if size < group.size_min {
            out.push(RunWarning::GroupTooSmall { size, min: group.size_min });
        }
        if trainers < group.trainers {
            out.push(RunWarning::TooFewTrainers { trainers, needed: group.trainers });
        }
    }
    for p in participants {
        let age = p.age_on(start);
        if age < u32::from(programme.ages.min) || age > u32::from(programme.ages.max) {
            out.push(RunWarning::AgeOutsideRange {
                participant: p.full_name(),
                age,
                min: programme.ages.min,
                max: programme.ages.max,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Required contacts

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    Done,
    Due,
    Missing,
}

/// One line of an enrolment's checklist of required contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckItem {
    pub kind: ContactKind,
    pub moment: Moment,
    pub required: u32,
    pub done: u32,
    pub deadline: Option<NaiveDate>,
    pub state: CheckState,
}

/// The required contacts of a programme against the contacts logged for an
/// enrolment (and for its whole run). `first`/`last` are the run's first and
/// last session dates.
pub fn checklist(
    programme: &Programme,
    contacts: &[(ContactKind, NaiveDate)],
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<CheckItem> {
    programme
        .required_contacts
        .iter()
        .map(|req| {
            let in_window = |date: NaiveDate| match (req.moment, first, last) {
                (Moment::BeforeStart, Some(first), _) => date <= first,
                (Moment::During, Some(first), Some(last)) => first <= date && date <= last,
                (Moment::AtEnd, _, Some(last)) => date >= last,
                _ => true,
            };
            let done = contacts.iter().filter(|(kind, date)| *kind == req.kind && in_window(*date)).count() as u32;
            let deadline = match req.moment {
                Moment::BeforeStart => first,
                Moment::During => last,
                Moment::AtEnd => last.map(|d| d + Duration::weeks(4)),
            };
            let state = if done >= req.min {
                CheckState::Done
            } else if deadline.is_some_and(|d| d < today) {
                CheckState::Missing
            } else {
                CheckState::Due
            };
            CheckItem { kind: req.kind.clone(), moment: req.moment, required: req.min, done, deadline, state }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// School years

/// The school year a day belongs to, "2026-2027": from 1 August to 31 July.
pub fn school_year(on: NaiveDate) -> String {
    let first = if on.month() >= 8 { on.year() } else { on.year() - 1 };
    format!("{first}-{}", first + 1)
}

/// The first and the last day of a school year written "2026-2027"; `None`
/// when it is not two consecutive years.
pub fn school_year_days(year: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (a, b) = year.trim().split_once('-')?;
    let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
    if b != a + 1 {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(a, 8, 1)?, NaiveDate::from_ymd_opt(b, 7, 31)?))
}

// ---------------------------------------------------------------------------
// Attendance figures and flags

/// Attendance of one track, over its held sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct AttendanceFigures {
    pub held: u32,
    pub present: u32,
    pub late: u32,
    pub excused: u32,
    pub unexcused: u32,
    /// Reported sick.
    #[serde(default)]
    pub sick: u32,
    /// Held sessions without a record.
    pub unrecorded: u32,
    /// Held sessions before the child's first recorded one (a late joiner):
    /// not among `held`, not counted against the child.
    #[serde(default)]
    pub before_start: u32,
}

impl AttendanceFigures {
    pub fn attended(&self) -> u32 {
        self.present + self.late
    }

    /// Counts `count` records of one status (`None`: held without a record).
    pub fn add(&mut self, status: Option<AttendanceStatus>, count: u32) {
        match status {
            Some(AttendanceStatus::Present) => self.present += count,
            Some(AttendanceStatus::Late) => self.late += count,
            Some(AttendanceStatus::AbsentExcused) => self.excused += count,
            Some(AttendanceStatus::AbsentUnexcused) => self.unexcused += count,
            Some(AttendanceStatus::Sick) => self.sick += count,
            None => self.unrecorded += count,
        }
    }

    /// Percentage attended of held sessions (100 when none was held yet).
    pub fn percent(&self) -> u32 {
        (self.attended() * 100).checked_div(self.held).unwrap_or(100)
    }
}

/// Figures from the held sessions (oldest first) with this enrolment's
/// record of each. The held sessions before the first recorded one are the
/// child's "before the start" (a late joiner), apart from the rest; held
/// sessions without a record after it are unrecorded, not absences.
pub fn attendance_figures(held: &[Option<&Attendance>]) -> AttendanceFigures {
    let before_start = held.iter().take_while(|r| r.is_none()).count();
    let before_start = if before_start == held.len() { 0 } else { before_start };
    let since = &held[before_start..];
    let mut f = AttendanceFigures { held: since.len() as u32, before_start: before_start as u32, ..Default::default() };
    for record in since {
        f.add(record.map(|a| a.status), 1);
    }
    f
}

/// Attendance of one track of an enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrackAttendance {
    pub track: TrackKind,
    pub figures: AttendanceFigures,
}

/// A held session of the main track with this enrolment's record of it.
pub type HeldMark<'a> = (&'a Session, Option<&'a Attendance>);

/// An enrolment's record of each held session of its programme's tracks:
/// the figures per track, and the held sessions of the main (child or
/// individual) track with their records, oldest first, for the flags.
pub fn track_attendance<'a>(
    programme: &Programme,
    sessions: &'a [Session],
    marks: &'a [Attendance],
) -> (Vec<TrackAttendance>, Vec<HeldMark<'a>>) {
    let mut tracks = Vec::new();
    let mut main_held = Vec::new();
    for track in &programme.tracks {
        let mut held: Vec<HeldMark<'a>> = sessions
            .iter()
            .filter(|s| s.track == track.kind && s.status == SessionStatus::Held)
            .map(|s| (s, mark_at(marks, s)))
            .collect();
        held.sort_by_key(|(s, _)| (s.date, s.number));
        let records: Vec<Option<&Attendance>> = held.iter().map(|(_, a)| *a).collect();
        tracks.push(TrackAttendance { track: track.kind, figures: attendance_figures(&records) });
        if matches!(track.kind, TrackKind::Child | TrackKind::Individual) && main_held.is_empty() {
            main_held = held;
        }
    }
    (tracks, main_held)
}

/// An enrolment's mark at a session: the record of the person the session's track is for.
pub fn mark_at<'a>(marks: &'a [Attendance], session: &Session) -> Option<&'a Attendance> {
    let person = person_of_track(session.track);
    marks.iter().find(|a| a.session_id == session.id && a.person == person)
}

/// A signal that something needs attention, computed, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    ConsecutiveAbsences {
        count: u32,
    },
    LowAttendance {
        percent: u32,
        threshold: u32,
    },
    /// Absent `minutes` of session time within `weeks` weeks, from `from` to `to`.
    AbsentHours {
        minutes: u32,
        threshold_hours: u32,
        weeks: u32,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Sick on `days` session days within `weeks` weeks, from `from` to `to`.
    SickDays {
        days: u32,
        threshold: u32,
        weeks: u32,
        from: NaiveDate,
        to: NaiveDate,
    },
    IndicationMissing,
    /// Attendance recorded at `sessions` held sessions (the first on
    /// `first`) on which no valid indication covered the child — recorded
    /// elsewhere and arrived by import or sync, where the window's gate
    /// could not refuse it.
    AttendanceWithoutIndication {
        sessions: u32,
        first: NaiveDate,
    },
    ConsentMissing,
    ContactOverdue {
        contact: ContactKind,
    },
}

impl Flag {
    /// The flag as a trainer reads it (the CLI's lists and exports; the
    /// window words its own, in `format.ts`).
    pub fn describe(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, Nl};
        let hours = |minutes: u32| {
            let h = format!("{:.1}", f64::from(minutes) / 60.0);
            let h = h.strip_suffix(".0").unwrap_or(&h).to_string();
            if lang == Nl {
                h.replace('.', ",")
            } else {
                h
            }
        };
        match (self, lang) {
            (Flag::ConsecutiveAbsences { count }, Nl) => format!("{count} keer achter elkaar afwezig"),
            (Flag::ConsecutiveAbsences { count }, En) => format!("absent {count} times in a row"),
            (Flag::LowAttendance { percent, threshold }, Nl) => {
                format!("aanwezigheid {percent}% (onder {threshold}%)")
            }
            (Flag::LowAttendance { percent, threshold }, En) => format!("attendance {percent}% (below {threshold}%)"),
            (Flag::AbsentHours { minutes, threshold_hours, weeks, from, to }, Nl) => format!(
                "{} uur afwezig binnen {weeks} weken ({from} – {to}; grens {threshold_hours} uur)",
                hours(*minutes)
            ),
            (Flag::AbsentHours { minutes, threshold_hours, weeks, from, to }, En) => format!(
                "{} hours absent within {weeks} weeks ({from} – {to}; limit {threshold_hours} hours)",
                hours(*minutes)
            ),
            (Flag::SickDays { days, threshold, weeks, from, to }, Nl) => {
                format!("{days} dagen ziek binnen {weeks} weken ({from} – {to}; grens {threshold})")
            }
            (Flag::SickDays { days, threshold, weeks, from, to }, En) => {
                format!("{days} days sick within {weeks} weeks ({from} – {to}; limit {threshold})")
            }
            (Flag::IndicationMissing, l) => l.pick("indicatie ontbreekt", "indication missing").into(),
            (Flag::AttendanceWithoutIndication { sessions, first }, Nl) => format!(
                "aanwezigheid vastgelegd zonder geldige indicatie: {sessions} bijeenkomst(en), vanaf {}",
                first.format("%d-%m-%Y")
            ),
            (Flag::AttendanceWithoutIndication { sessions, first }, En) => format!(
                "attendance recorded without a valid indication: {sessions} session(s), from {}",
                first.format("%Y-%m-%d")
            ),
            (Flag::ConsentMissing, l) => {
                l.pick("toestemming voor de school ontbreekt", "consent for the school missing").into()
            }
            (Flag::ContactOverdue { contact }, Nl) => {
                format!("verplicht contact ontbreekt: {}", contact.label(lang).to_lowercase())
            }
            (Flag::ContactOverdue { contact }, En) => {
                format!("required contact missing: {}", contact.label(lang).to_lowercase())
            }
        }
    }
}

/// The heaviest stretch of dated amounts within any period of `days`
/// consecutive days: the total and the first and last date counted. Dates
/// need not be sorted; amounts on one date add up.
pub fn heaviest_window(events: &[(NaiveDate, u32)], days: u32) -> Option<(u32, NaiveDate, NaiveDate)> {
    let mut sorted = events.to_vec();
    sorted.sort_by_key(|(d, _)| *d);
    let span = Duration::days(i64::from(days));
    let (mut best, mut start, mut total): (Option<(u32, NaiveDate, NaiveDate)>, usize, u32) = (None, 0, 0);
    for (end, &(date, amount)) in sorted.iter().enumerate() {
        total += amount;
        // The window is [date − days + 1, date]: drop what lies before it.
        while sorted[start].0 + span <= date {
            total -= sorted[start].1;
            start += 1;
        }
        if best.is_none_or(|(b, _, _)| total > b) {
            best = Some((total, sorted[start].0, sorted[end].0));
        }
    }
    best
}

/// Attendance flags for the held sessions of the main track, oldest first,
/// one per rule of the programme that is met.
pub fn attendance_flags(programme: &Programme, held: &[HeldMark<'_>]) -> Vec<Flag> {
    let mut flags = Vec::new();
    let records: Vec<Option<&Attendance>> = held.iter().map(|(_, a)| *a).collect();
    let status = |a: &Option<&Attendance>| a.map(|a| a.status);
    for rule in &programme.attendance.rules {
        match *rule {
            AttendanceRule::AbsencesInARow { at_least } => {
                let trailing = records.iter().rev().take_while(|a| a.is_some_and(|a| !a.status.attended())).count();
                let count = trailing as u32;
                if count >= at_least && count > 0 {
                    flags.push(Flag::ConsecutiveAbsences { count });
                }
            }
            AttendanceRule::BelowPercent { percent } => {
                let figures = attendance_figures(&records);
                if figures.held > 0 && figures.percent() < percent {
                    flags.push(Flag::LowAttendance { percent: figures.percent(), threshold: percent });
                }
            }
            AttendanceRule::AbsentHours { at_least, weeks, unexcused_only } => {
                let absent: Vec<(NaiveDate, u32)> = held
                    .iter()
                    .filter(|(_, a)| match status(a) {
                        Some(AttendanceStatus::AbsentUnexcused) => true,
                        Some(AttendanceStatus::AbsentExcused) => !unexcused_only,
                        _ => false,
                    })
                    .map(|(s, _)| (s.date, programme.session_minutes(s.track, s.number).unwrap_or(0)))
                    .collect();
                if let Some((minutes, from, to)) = heaviest_window(&absent, weeks * 7) {
                    if minutes >= at_least * 60 {
                        flags.push(Flag::AbsentHours { minutes, threshold_hours: at_least, weeks, from, to });
                    }
                }
            }
            AttendanceRule::SickDays { at_least, weeks } => {
                let mut days: Vec<NaiveDate> = held
                    .iter()
                    .filter(|(_, a)| status(a) == Some(AttendanceStatus::Sick))
                    .map(|(s, _)| s.date)
                    .collect();
                days.dedup();
                let sick: Vec<(NaiveDate, u32)> = days.into_iter().map(|d| (d, 1)).collect();
                if let Some((count, from, to)) = heaviest_window(&sick, weeks * 7) {
                    if count >= at_least {
                        flags.push(Flag::SickDays { days: count, threshold: at_least, weeks, from, to });
                    }
                }
            }
        }
    }
    flags
}

/// Everything that needs attention on an enrolment: attendance flags of
/// the main track, and, while the trajectory is under way, a missing
/// indication, missing consent for a school report, overdue contacts.
pub fn enrolment_flags(
    programme: &Programme,
    enrolment: &Enrolment,
    main_held: &[HeldMark<'_>],
    school_consent: &ConsentCheck,
    checklist: &[CheckItem],
    today: NaiveDate,
) -> Vec<Flag> {
    let mut flags = attendance_flags(programme, main_held);
    if programme.indication_required {
        let uncovered: Vec<NaiveDate> = main_held
            .iter()
            .filter(|(s, a)| a.is_some() && !enrolment.indication_valid_on(s.date))
            .map(|(s, _)| s.date)
            .collect();
        if let Some(&first) = uncovered.iter().min() {
            flags.push(Flag::AttendanceWithoutIndication { sessions: uncovered.len() as u32, first });
        }
    }
    let started = under_way(enrolment);
    if programme.indication_required && started && !enrolment.indication_valid_on(today) {
        flags.push(Flag::IndicationMissing);
    }
    if programme.school_report && started && !school_consent.given() {
        flags.push(Flag::ConsentMissing);
    }
    for item in checklist {
        if item.state == CheckState::Missing {
            flags.push(Flag::ContactOverdue { contact: item.kind.clone() });
        }
    }
    flags
}

// ---------------------------------------------------------------------------
// Goal Attainment Scaling

/// The correlation between goals assumed by the standard GAS formula.
pub const GAS_RHO: f64 = 0.3;

/// The GAS T-score of goals scored at levels −2..+2 with weights:
/// T = 50 + 10·Σwᵢxᵢ / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²), with ρ = 0.3.
/// `None` without goals or weights.
pub fn gas_t_score(scores: &[(i8, u32)]) -> Option<f64> {
    let sum_wx: f64 = scores.iter().map(|&(x, w)| f64::from(x) * f64::from(w)).sum();
    let sum_w2: f64 = scores.iter().map(|&(_, w)| f64::from(w).powi(2)).sum();
    let sum_w: f64 = scores.iter().map(|&(_, w)| f64::from(w)).sum();
    let denominator = ((1.0 - GAS_RHO) * sum_w2 + GAS_RHO * sum_w.powi(2)).sqrt();
    (denominator > 0.0).then(|| 50.0 + 10.0 * sum_wx / denominator)
}

// ---------------------------------------------------------------------------
// End reports at a glance

/// Where an enrolment's end report stands, for the coordinator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReportState {
    /// The run is still going (or the trajectory never started or stopped).
    NotDue,
    /// The run has ended and no final version exists; something the
    /// programme requires before the end is still missing.
    Due,
    /// The run has ended, no final version exists, and every contact
    /// required before the end took place: the concept can be finished.
    ConceptReady,
    /// A final version exists and has not been marked sent.
    Final { version: u32, audience: String, finalised_on: NaiveDate, id: uuid::Uuid },
    /// The final version was sent.
    Sent {
        version: u32,
        audience: String,
        id: uuid::Uuid,
        sent_on: NaiveDate,
        how: Option<crate::model::Delivery>,
        to: Option<String>,
    },
}

impl ReportState {
    /// A short key for sorting and filtering: not_due, due, concept_ready, final, sent.
    pub fn key(&self) -> &'static str {
        match self {
            ReportState::NotDue => "not_due",
            ReportState::Due => "due",
            ReportState::ConceptReady => "concept_ready",
            ReportState::Final { .. } => "final",
            ReportState::Sent { .. } => "sent",
        }
    }

    /// The state as a coordinator reads it.
    pub fn describe(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, Nl};
        match (self, lang) {
            (ReportState::NotDue, l) => l.pick("nog niet aan de orde", "not due").into(),
            (ReportState::Due, l) => l.pick("moet gemaakt worden", "due").into(),
            (ReportState::ConceptReady, l) => l.pick("concept kan af", "concept ready").into(),
            (ReportState::Final { version, .. }, Nl) => format!("definitief v{version}"),
            (ReportState::Final { version, .. }, En) => format!("final v{version}"),
            (ReportState::Sent { version, sent_on, .. }, Nl) => {
                format!("v{version} verstuurd op {}", sent_on.format("%d-%m-%Y"))
            }
            (ReportState::Sent { version, sent_on, .. }, En) => format!("v{version} sent on {sent_on}"),
        }
    }
}

/// A final version as the overview knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalSeen<'a> {
    pub id: uuid::Uuid,
    pub audience: &'a str,
    pub version: u32,
    pub finalised_on: NaiveDate,
    pub sent_on: Option<NaiveDate>,
    pub sent_how: Option<crate::model::Delivery>,
    pub sent_to: Option<&'a str>,
}

/// Where an end report stands. The report that counts is the school's when
/// the programme sends the school one, else the parents'; its latest final
/// version decides, sent or not. Without one: due once the last session
/// lies before `today` for a trajectory that ran (active or completed),
/// and the concept ready when none of the checklist's contacts due before
/// the end is missing or still open.
pub fn report_state(
    programme: &Programme,
    status: EnrolmentStatus,
    last_session: Option<NaiveDate>,
    checklist: &[CheckItem],
    finals: &[FinalSeen<'_>],
    today: NaiveDate,
) -> ReportState {
    let wanted = if programme.school_report { "school" } else { "parents" };
    let latest = finals
        .iter()
        .filter(|f| f.audience == wanted)
        .max_by_key(|f| f.version)
        .or_else(|| finals.iter().max_by_key(|f| (f.finalised_on, f.version)));
    if let Some(f) = latest {
        return match f.sent_on {
            Some(sent_on) => ReportState::Sent {
                version: f.version,
                audience: f.audience.to_string(),
                id: f.id,
                sent_on,
                how: f.sent_how,
                to: f.sent_to.map(str::to_string),
            },
            None => ReportState::Final {
                version: f.version,
                audience: f.audience.to_string(),
                finalised_on: f.finalised_on,
                id: f.id,
            },
        };
    }
    let ran = matches!(status, EnrolmentStatus::Active | EnrolmentStatus::Completed);
    if !ran || last_session.is_none_or(|last| last >= today) {
        return ReportState::NotDue;
    }
    let open_before_end = checklist.iter().any(|c| c.moment != Moment::AtEnd && c.state != CheckState::Done);
    if open_before_end {
        ReportState::Due
    } else {
        ReportState::ConceptReady
    }
}

/// The highest version number a final report may have.
pub const MAX_FINAL_VERSION: u32 = 9_999;

/// Whether a final version is what it says: its content matches its hash,
/// its audience is the school or the parents, its number is in range.
/// The reason when it is not.
pub fn final_version_sound(v: &crate::model::EndReportVersion) -> Result<(), String> {
    if !matches!(v.audience.as_str(), "school" | "parents") {
        return Err(format!("audience '{}' is neither school nor parents", v.audience));
    }
    if !(1..=MAX_FINAL_VERSION).contains(&v.version) {
        return Err(format!("version {} is not between 1 and {MAX_FINAL_VERSION}", v.version));
    }
    let hash = crate::report::content_hash(&v.content);
    if hash != v.content_hash {
        return Err(format!("the content's fingerprint is {hash}, not {}", v.content_hash));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum;

    #[test]
    fn with_no_parent_on_file_one_parents_consent_does_and_the_day_counts() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        let child = Participant {
            id: uuid::Uuid::from_u128(1),
            given_name: "Noor".into(),
            family_name: "Bakker".into(),
            birth_date: d(2019, 6, 1),
            school_id: None,
            class_name: None,
        };
        let consent = |giver, given_on, withdrawn_on| Consent {
            id: uuid::Uuid::from_u128(2),
            enrolment_id: uuid::Uuid::from_u128(3),
            giver,
            guardian_id: None,
            given_by: "vader".into(),
            audience: Audience::School,
            scope: "eindverslag".into(),
            given_on,
            withdrawn_on,
        };
        let on = d(2026, 11, 29);
        let none = consent_check(&child, &[], &[], Audience::School, on);
        assert_eq!((none.age, none.missing.clone()), (7, vec![Consenter::AParent]));
        let given = [consent(Giver::Guardian, d(2026, 9, 1), None)];
        assert!(consent_check(&child, &[], &given, Audience::School, on).given());
        let by_child = [consent(Giver::Child, d(2026, 9, 1), None)];
        assert!(!consent_check(&child, &[], &by_child, Audience::School, on).given(), "a 7-year-old's own does not do");
        let withdrawn_today = [consent(Giver::Guardian, d(2026, 9, 1), Some(on))];
        assert!(!consent_check(&child, &[], &withdrawn_today, Audience::School, on).given(), "from that day");
        assert!(consent_check(&child, &[], &[], Audience::Trainers, on).needed.is_empty());
        assert!(consent_check(&child, &[], &[], Audience::Parents, on).given(), "a young child's parents read");
    }

    /// Issue 15, item 7: a child who joined after eight sessions and came
    /// to two reads "2 of 2", with eight before the start apart; a session
    /// without a record after the start is unrecorded, not an absence.
    #[test]
    fn a_late_joiner_is_counted_from_the_first_recorded_session() {
        let mark = |status| Attendance {
            id: uuid::Uuid::from_u128(9),
            session_id: uuid::Uuid::from_u128(8),
            enrolment_id: uuid::Uuid::from_u128(7),
            person: Person::Child,
            status,
            note: None,
        };
        let present = mark(AttendanceStatus::Present);
        let mut held: Vec<Option<&Attendance>> = vec![None; 8];
        held.extend([Some(&present), Some(&present)]);
        let f = attendance_figures(&held);
        assert_eq!((f.before_start, f.held, f.attended(), f.unrecorded, f.percent()), (8, 2, 2, 0, 100));
        held.insert(9, None);
        let f = attendance_figures(&held);
        assert_eq!((f.before_start, f.held, f.attended(), f.unrecorded), (8, 3, 2, 1));
        // Nothing recorded at all: no start is known, every session is unrecorded.
        let f = attendance_figures(&[None, None]);
        assert_eq!((f.before_start, f.held, f.unrecorded), (0, 2, 2));
    }

    /// An MBO programme of schema 2 with 2-hour lessons and the
    /// brochure's rules: 16 hours absent or 6 sick days in any 4 weeks.
    const ROC: &str = r#"
schema = 2
id = "roc-verzuim"
name = "Verzuim ROC"
target_group = { nl = "Studenten met veel verzuim" }
ages = { min = 16, max = 23 }
school_types = ["mbo"]
indication_required = false

[[attendance.rules]]
kind = "absent_hours"
at_least = 16
weeks = 4

[[attendance.rules]]
kind = "sick_days"
at_least = 6
weeks = 4

[[tracks]]
kind = "individual"
sessions = 20
minutes = 120
"#;

    fn roc() -> Programme {
        curriculum::parse("roc-verzuim.toml", ROC, curriculum::Origin::User).expect("schema 2 file")
    }

    /// Held sessions of the individual track on the given days after
    /// 2 Nov 2026, each marked with `status`.
    fn marked(days: &[i64], status: AttendanceStatus) -> (Vec<Session>, Vec<Attendance>) {
        let start = d(2026, 11, 2);
        let sessions: Vec<Session> = days
            .iter()
            .enumerate()
            .map(|(i, &day)| Session {
                id: uuid::Uuid::from_u128(100 + i as u128),
                run_id: uuid::Uuid::from_u128(1),
                track: TrackKind::Individual,
                number: i as u32 + 1,
                date: start + Duration::days(day),
                start_time: None,
                title: String::new(),
                theme: String::new(),
                status: SessionStatus::Held,
                cancel_reason: None,
            })
            .collect();
        let marks = sessions
            .iter()
            .map(|s| Attendance {
                id: uuid::Uuid::from_u128(s.id.as_u128() + 1000),
                session_id: s.id,
                enrolment_id: uuid::Uuid::from_u128(2),
                person: Person::Child,
                status,
                note: None,
            })
            .collect();
        (sessions, marks)
    }

    fn rolling_flags(programme: &Programme, days: &[i64], status: AttendanceStatus) -> Vec<Flag> {
        let (sessions, marks) = marked(days, status);
        let (_, held) = track_attendance(programme, &sessions, &marks);
        attendance_flags(programme, &held)
            .into_iter()
            .filter(|f| matches!(f, Flag::AbsentHours { .. } | Flag::SickDays { .. }))
            .collect()
    }

    #[test]
    fn sixteen_hours_absent_in_four_weeks_flags_and_in_five_weeks_does_not() {
        let roc = roc();
        // Eight 2-hour lessons missed within 4 weeks (days 0 … 25).
        let four_weeks = [0, 3, 7, 10, 14, 17, 21, 25];
        let flags = rolling_flags(&roc, &four_weeks, AttendanceStatus::AbsentUnexcused);
        assert_eq!(
            flags,
            vec![Flag::AbsentHours {
                minutes: 960,
                threshold_hours: 16,
                weeks: 4,
                from: d(2026, 11, 2),
                to: d(2026, 11, 27)
            }]
        );
        // Eight spread over 5 weeks: no 28 days hold more than six.
        let five_weeks = [0, 5, 10, 15, 20, 25, 30, 34];
        assert_eq!(rolling_flags(&roc, &five_weeks, AttendanceStatus::AbsentUnexcused), vec![]);
        // The window is 28 days: days 0 and 27 are in one, 0 and 28 are not.
        assert_eq!(rolling_flags(&roc, &[0, 1, 2, 3, 4, 5, 6, 27], AttendanceStatus::AbsentExcused).len(), 1);
        assert_eq!(rolling_flags(&roc, &[0, 1, 2, 3, 4, 5, 6, 28], AttendanceStatus::AbsentExcused), vec![]);
        // Sick lessons are not absent hours; they count as sick days.
        let sick = rolling_flags(&roc, &four_weeks, AttendanceStatus::Sick);
        assert!(matches!(sick.as_slice(), [Flag::SickDays { days: 8, threshold: 6, weeks: 4, .. }]), "{sick:?}");
        assert_eq!(rolling_flags(&roc, &[0, 3, 7, 10, 14], AttendanceStatus::Sick), vec![], "five sick days");
    }

    #[test]
    fn version_1_attendance_fields_become_the_first_rules() {
        let stop = programme("stop-4-7");
        assert_eq!(
            stop.attendance.rules,
            vec![AttendanceRule::AbsencesInARow { at_least: 2 }, AttendanceRule::BelowPercent { percent: 80 }]
        );
        // A stored definition of an older version reads the same.
        let old: curriculum::AttendanceRules =
            serde_json::from_str(r#"{"consecutive_absences":2,"min_percent":80}"#).expect("old json");
        assert_eq!(old, stop.attendance);
    }

    fn programme(id: &str) -> Programme {
        curriculum::builtin().expect("builtin").into_iter().find(|p| p.id == id).expect("programme")
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn the_shipped_holiday_file_parses() {
        for (name, text) in HOLIDAY_FILES {
            toml::from_str::<HolidayFile>(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(holidays(Some(Region::Midden)).iter().any(|h| h.name == "Herfstvakantie"));
        assert!(!holidays(None).iter().any(|h| h.name == "Herfstvakantie"));
    }

    #[test]
    fn stop_4_7_autumn_schedule_skips_the_autumn_and_christmas_holidays() {
        let stop = programme("stop-4-7");
        let plan = plan_sessions(&stop, d(2026, 9, 1), Weekday::Wed, &holidays(Some(Region::Midden)));
        let child: Vec<_> = plan.iter().filter(|s| s.track == TrackKind::Child).collect();
        assert_eq!(child.len(), 10);
        assert_eq!(child[0].date, d(2026, 9, 2));
        assert_eq!(child[0].title, "Kennismaken");
        assert!(child.iter().all(|s| s.date.weekday() == Weekday::Wed));
        assert!(!child.iter().any(|s| s.date == d(2026, 10, 21)), "herfstvakantie midden is skipped");
        // Weekly, with exactly one skipped week.
        assert_eq!(child[9].date, d(2026, 11, 11));
        let parent: Vec<_> = plan.iter().filter(|s| s.track == TrackKind::Parent).map(|s| s.date).collect();
        assert_eq!(parent, child.iter().map(|s| s.date).collect::<Vec<_>>(), "parents come the same day");
        let teacher: Vec<_> = plan.iter().filter(|s| s.track == TrackKind::Teacher).map(|s| s.date).collect();
        assert_eq!(teacher.len(), 4);
        assert_eq!((teacher[0], teacher[3]), (child[0].date, child[9].date));
    }

    #[test]
    fn a_summer_course_takes_consecutive_working_days() {
        let course = programme("plezier-op-school");
        // Friday 20 August 2027: the second day is the Monday after.
        let plan = plan_sessions(&course, d(2027, 8, 20), Weekday::Fri, &[]);
        let dates: Vec<_> = plan.iter().map(|s| s.date).collect();
        assert_eq!(dates, [d(2027, 8, 20), d(2027, 8, 23)]);
        assert_eq!(plan[0].start_time.as_deref(), Some("09:00"));
    }

    #[test]
    fn trainers_free_days_are_skipped_too() {
        let kidzzz = programme("alles-kidzzz");
        let free = [FreePeriod { name: "Studiedag".into(), from: d(2026, 9, 14), until: d(2026, 9, 14) }];
        let plan = plan_sessions(&kidzzz, d(2026, 9, 7), Weekday::Mon, &free);
        assert_eq!(plan.len(), 8);
        assert_eq!((plan[0].date, plan[1].date), (d(2026, 9, 7), d(2026, 9, 21)));
    }

    #[test]
    fn gas_t_score_follows_the_standard_formula() {
        assert_eq!(gas_t_score(&[]), None);
        assert_eq!(gas_t_score(&[(0, 1), (0, 1), (0, 1)]), Some(50.0));
        // One goal at +1: 50 + 10·1/√(0.7 + 0.3) = 60.
        assert!((gas_t_score(&[(1, 1)]).expect("t") - 60.0).abs() < 1e-9);
        // Three equal goals at +1: 50 + 30/√(2.1 + 2.7) ≈ 63.69.
        assert!((gas_t_score(&[(1, 1), (1, 1), (1, 1)]).expect("t") - 63.693).abs() < 1e-3);
        // Weights count.
        let t = gas_t_score(&[(2, 3), (-1, 1)]).expect("t");
        assert!((t - (50.0 + 10.0 * 5.0 / (0.7f64 * 10.0 + 0.3 * 16.0).sqrt())).abs() < 1e-9);
    }
}
