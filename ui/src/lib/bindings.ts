// Generated from the Rust side by src-tauri/bindings.rs. Do not edit:
// run `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc generated` instead.

export type AgeRange = { min: number, max: number, };

export type AppLock = { pin_set: boolean, idle_seconds: number, };

export type Attendance = { id: string, session_id: string, enrolment_id: string, person: Person, status: AttendanceStatus, note: string | null, };

export type AttendanceFigures = { held: number, present: number, late: number, excused: number, unexcused: number, 
/**
 * Reported sick.
 */
sick: number, 
/**
 * Held sessions without a record.
 */
unrecorded: number, 
/**
 * Held sessions before the child's first recorded one (a late joiner):
 * not among `held`, not counted against the child.
 */
before_start: number, };

export type AttendanceGrid = { sessions: Array<Session>, rows: Array<GridRow>, };

export type AttendanceRule = { "kind": "absences_in_a_row", at_least: number, } | { "kind": "below_percent", percent: number, } | { "kind": "absent_hours", at_least: number, weeks: number, unexcused_only: boolean, } | { "kind": "sick_days", at_least: number, weeks: number, };

export type AttendanceRules = { rules: Array<AttendanceRule>, };

export type AttendanceStatus = "present" | "late" | "absent_excused" | "absent_unexcused" | "sick";

export type Audience = "trainers" | "school" | "parents" | "research";

export type AuditBreak = { 
/**
 * The first row whose hash does not match (the edited row, or the one
 * after a removed row).
 */
seq: number, at: string, action: string, };

export type AuditCheck = { 
/**
 * Rows checked before the first break (all of them when it holds).
 */
checked: number, 
/**
 * The first row whose hash does not match, if any.
 */
broken: AuditBreak | null, };

export type AuditEntry = { seq: number, 
/**
 * When, RFC 3339 in UTC.
 */
at: string, 
/**
 * Who: the trainer chosen on this laptop, or the command line.
 */
actor: string, 
/**
 * From which device (this laptop's id).
 */
device: string, 
/**
 * What: create, update, delete, read, export, erase, …
 */
action: string, record_table: string | null, record_id: string | null, 
/**
 * The dossier (participant) a read or export concerns.
 */
dossier: string | null, 
/**
 * Which fields changed, or what was exported: never content.
 */
detail: string | null, };

export type AuditFilter = { 
/**
 * Only this dossier (reads of it, and writes of its records).
 */
dossier: string | null, 
/**
 * Only this actor (exactly as logged).
 */
actor: string | null, 
/**
 * From this day (inclusive, UTC date of `at`).
 */
from: string | null, 
/**
 * Until this day (inclusive).
 */
until: string | null, 
/**
 * At most this many rows, newest first (none: all).
 */
limit: number | null, };

export type AuditLine = { entry: AuditEntry, description: string, child: string | null, };

export type BackupInfo = { path: string, 
/**
 * When it was made, local time ("2026-11-29 14:03").
 */
made: string, bytes: number, };

export type BackupMade = { path: string, 
/**
 * Its checked copy in the second folder.
 */
copy: string | null, 
/**
 * Why there is no copy in the chosen second folder (not plugged in, full).
 */
copy_failed: string | null, };

export type BackupSettings = { days: number, weeks: number, folder: string | null, };

export type BatchProgress = { done: number, total: number, child: string, };

export type BatchResult = { 
/**
 * The folder written into.
 */
folder: string, 
/**
 * Files written, one per enrolment with consent.
 */
written: Array<string>, 
/**
 * Enrolments left out, with the reason in the user's language.
 */
skipped: Array<[string, string]>, };

export type Breakdown = "total" | "programme" | "region" | "school" | "trainer";

export type CalendarOf = { "kind": "trainer", "id": string } | { "kind": "run", "id": string };

export type CheckItem = { kind: ContactKind, moment: Moment, required: number, done: number, deadline: string | null, state: CheckState, };

export type CheckState = "done" | "due" | "missing";

export type ConflictSide = { value: unknown, 
/**
 * The value as text ("te laat", "—" for nothing).
 */
text: string, 
/**
 * Who made it: the team member's name, or this laptop.
 */
who: string, 
/**
 * When, local time, "2026-10-12 14:03".
 */
when: string, 
/**
 * Made on this laptop.
 */
mine: boolean, };

export type ConflictView = { id: string, table: string, record: string, field: string, 
/**
 * What the record is, e.g. "Bram de Vries · bijeenkomst 3 (12-10-2026)".
 */
about: string, 
/**
 * The enrolment the record belongs to, when there is one (to open it).
 */
enrolment: string | null, 
/**
 * The value in use on every laptop (it won by stamp and device).
 */
current: ConflictSide, 
/**
 * The value that lost.
 */
other: ConflictSide, };

export type Consent = { id: string, enrolment_id: string, 
/**
 * The child, or a parent.
 */
giver: Giver, 
/**
 * Which parent (a guardian of the child), when a parent gave it. A
 * parent's consent without one names a parent who is not on file.
 */
guardian_id: string | null, 
/**
 * Who gave it, as written down, e.g. "moeder (Fatima El Amrani)".
 */
given_by: string, audience: Audience, 
/**
 * What may be shared, e.g. "eindverslag".
 */
scope: string, given_on: string, withdrawn_on: string | null, };

export type ConsentCheck = { audience: Audience, on: string, 
/**
 * The child's age in years that day.
 */
age: number, needed: Array<Consenter>, missing: Array<Consenter>, };

export type Consenter = { "who": "child" } | { "who": "guardian", id: string, name: string, relation: string, } | { "who": "a_parent" };

export type Contact = { id: string, 
/**
 * The enrolment it concerns (none for a meeting about the whole run).
 */
enrolment_id: string | null, run_id: string, kind: ContactKind, date: string, 
/**
 * Who took part, e.g. "moeder, trainer Anouk".
 */
people: string, summary: string, audience: Audience, };

export type ContactKind = string;

export type DaySession = { session: Session, run_name: string, programme_name: string, };

export type Delivery = "in_person" | "email" | "post" | "portal";

export type EndReportVersion = { id: string, enrolment_id: string, 
/**
 * "school" or "parents".
 */
audience: string, version: number, 
/**
 * The report data as JSON, exactly as it was finalised.
 */
content: string, 
/**
 * The first 12 hex digits of the SHA-256 of `content`, printed in the footer.
 */
content_hash: string, finalised_on: string, finalised_by: string, 
/**
 * The day the report was sent, once it was (a coordinator marks it).
 */
sent_on: string | null, sent_how: Delivery | null, 
/**
 * To whom, e.g. "juf Meijer (groep 2b), intern begeleider".
 */
sent_to: string | null, };

export type Enrolment = { id: string, run_id: string, participant_id: string, referral_by: ReferralSource, referral_date: string, indication_number: string | null, 
/**
 * E.g. "Bureau Jeugdzorg Utrecht".
 */
indication_issuer: string | null, indication_from: string | null, indication_until: string | null, status: EnrolmentStatus, status_reason: string | null, outcome: string | null, };

export type EnrolmentOverview = { enrolment: Enrolment, participant: Participant, run_name: string, programme_id: string, programme_name: string, attendance: Array<TrackAttendance>, checklist: Array<CheckItem>, flags: Array<Flag>, goals: Array<GoalProgress>, 
/**
 * The GAS T-score over the latest score of each goal.
 */
t_score: number | null, consents: Array<Consent>, 
/**
 * The child's parents and carers: who may give consent.
 */
guardians: Array<Guardian>, 
/**
 * Whose consent sharing with the school needs today, and whose is
 * missing (the rule is the core's; the window only shows its answer).
 */
school_consent: ConsentCheck, 
/**
 * Whether recorded consent allows sharing with the school today.
 */
shares_with_school: boolean, 
/**
 * Tips for the teacher selected for this enrolment.
 */
tips: Array<Tip>, measurements: Array<Measurement>, timeline: Array<TimelineItem>, };

export type EnrolmentStatus = "referred" | "intake" | "active" | "completed" | "stopped";

export type EnrolmentSummary = { id: string, run_id: string, participant_id: string, participant: string, programme: string, run: string, status: EnrolmentStatus, indication: boolean, };

export type EraseRequest = { participant_id: string, kind: ErasureKind, 
/**
 * Why (the request, or "bewaartermijn verstreken").
 */
reason: string, 
/**
 * When the request came in (for an erasure on request).
 */
requested_on: string | null, 
/**
 * The child's full name, typed again: the second step.
 */
confirm: string, };

export type Erasure = { id: string, 
/**
 * The erased participant (no longer in the store).
 */
participant_id: string, kind: ErasureKind, 
/**
 * Why, as recorded by who erased it (no names of the child, please).
 */
reason: string, 
/**
 * When the request came in (for an erasure on request).
 */
requested_on: string | null, erased_on: string, erased_by: string, };

export type ErasureDone = { erasure: Erasure, 
/**
 * Records erased from the store.
 */
records: number, 
/**
 * Report files made for the child, overwritten and removed.
 */
files: Array<string>, 
/**
 * Backups the dossier was erased from too.
 */
backups: number, 
/**
 * Backup folders that could not be reached (the second folder not
 * plugged in): erased there at the next backup.
 */
unreached: Array<string>, };

export type ErasureKind = "request" | "retention";

export type ErrorCode = "curriculum_invalid" | "programme_invalid" | "data_dir_unusable" | "database_too_new" | "database_unreadable" | "store_failed" | "erased" | "not_found" | "invalid_input" | "indication_missing" | "already_enrolled" | "import_invalid" | "consent_missing" | "school_report_off" | "file_failed" | "file_exists" | "final_invalid" | "disk_full" | "sync_failed" | "data_folder_busy" | "database_damaged" | "passphrase_needed" | "new_passphrase_needed" | "wrong_passphrase" | "passphrase_too_short" | "key_file_damaged" | "key_file_missing" | "not_yet_encrypted" | "app_locked" | "export_passphrase_needed" | "wrong_export_passphrase" | "internal";

export type FigureLine = { by: Breakdown, label: string, 
/**
 * Children who took part (intake or further), each counted once.
 */
children: number, 
/**
 * Groups with at least one session held.
 */
groups: number, attendance: Array<TrackRate>, completed: number, stopped: number, under_way: number, stop_reasons: Array<ReasonCount>, contacts_required: number, contacts_done: number, 
/**
 * Goals with at least one score, and of those the ones whose latest score is 0 or better.
 */
goals_scored: number, goals_met: number, 
/**
 * The mean of the children's GAS T-scores (over their scored goals).
 */
t_score_mean: number | null, t_scores: number, measurements: Array<MeasurementChange>, };

export type Figures = { school_year: string, made_on: string, organisation: string | null, total: FigureLine, 
/**
 * By programme, region, school and trainer, each by label.
 */
lines: Array<FigureLine>, };

export type FiguresFormat = "pdf" | "xlsx" | "csv";

export type Finalised = { version: EndReportVersion, path: string, };

export type Flag = { "kind": "consecutive_absences", count: number, } | { "kind": "low_attendance", percent: number, threshold: number, } | { "kind": "absent_hours", minutes: number, threshold_hours: number, weeks: number, from: string, to: string, } | { "kind": "sick_days", days: number, threshold: number, weeks: number, from: string, to: string, } | { "kind": "indication_missing" } | { "kind": "attendance_without_indication", sessions: number, first: string, } | { "kind": "consent_missing" } | { "kind": "contact_overdue", contact: ContactKind, };

export type FlaggedEnrolment = { enrolment: EnrolmentSummary, flags: Array<Flag>, };

export type FreePeriod = { name: string, from: string, until: string, };

export type Giver = "child" | "guardian";

export type Goal = { id: string, enrolment_id: string, title: string, level_minus2: string, level_minus1: string, level_0: string, level_plus1: string, level_plus2: string, weight: number, set_on: string, 
/**
 * Who may read the goal and its levels (trainers only by default).
 */
audience: Audience, };

export type GoalProgress = { goal: Goal, scores: Array<GoalScore>, };

export type GoalScore = { id: string, goal_id: string, date: string, 
/**
 * −2 … +2.
 */
level: number, note: string | null, };

export type GridRow = { enrolment_id: string, name: string, cells: Array<AttendanceStatus | null>, };

export type GroupRules = { size_min: number, size_max: number, 
/**
 * Trainers needed per group.
 */
trainers: number, };

export type Guardian = { id: string, participant_id: string, name: string, 
/**
 * "moeder", "vader", "voogd", ...
 */
relation: string, phone: string | null, email: string | null, 
/**
 * Has parental authority (gezag): consents for the child.
 */
authority: boolean, };

export type ImportReview = { 
/**
 * Whether it was done (`false`: only rehearsed, nothing changed).
 */
applied: boolean, 
/**
 * Records that take a change.
 */
changed: number, 
/**
 * Conflicts that open (both sides changed a value).
 */
conflicts: number, 
/**
 * Tables with changes, in the export's order.
 */
tables: Array<TableChanges>, 
/**
 * Texts that would reach more people than before, one line each.
 */
widened: Array<string>, 
/**
 * Consent added, withdrawn or removed, one line each.
 */
consents: Array<string>, 
/**
 * Groups whose programme changes, one line each.
 */
programmes: Array<string>, };

export type Invitation = { 
/**
 * e.g. "ABCDEFG-HIJKLMN-…".
 */
code: string, team_name: string, name: string, role: Role, 
/**
 * The invite file's text (JSON; holds the code and the team's name).
 */
file: string, };

export type InzageFiles = { pdf: string, json: string, withheld: number, };

export type InzageItem = { id: string, 
/**
 * The kind of record: "guardian", "contact", "observation", …
 */
kind: string, date: string | null, 
/**
 * What the item says (its text, or a summary).
 */
text: string, };

export type IpcError = { code: ErrorCode, message: string, 
/**
 * The field at fault, where a form can show the message beside it
 * (the programme editor: `tracks[0].sessions`, as in a curriculum file).
 */
field?: string, };

export type Lang = "nl" | "en";

export type LibraryTip = { 
/**
 * Stable id, unique in the library; kept as the selected tip's `source`.
 */
id: string, title: string, text: string, 
/**
 * `school` (for the teacher) or `parents` (for home).
 */
audience: Audience, 
/**
 * The programme tool the tip is about, if any.
 */
tool: string | null, 
/**
 * The programmes the tip belongs to; empty for every programme.
 */
programmes: Array<string>, };

export type ListQuery = { all: boolean, query: string, sort: ListSort, offset: number, limit: number, };

export type ListSort = "name" | "group" | "school" | "status";

export type LocalizedText = { nl: string, en?: string, };

export type Mark = { enrolment_id: string, person: Person, status: AttendanceStatus, note: string | null, };

export type MarkSent = { version_id: string, sent_on: string, how: Delivery, to: string, };

export type Measurement = { id: string, enrolment_id: string, instrument: string, phase: Phase, date: string, score: number, 
/**
 * Who may read the instrument and its scores (trainers only by default).
 */
audience: Audience, };

export type MeasurementChange = { instrument: string, 
/**
 * Children with both a pre and a post score.
 */
pairs: number, pre_mean: number, post_mean: number, };

export type Moment = "before_start" | "during" | "at_end";

export type NewEnrolment = { run_id: string, participant_id: string, referral_by: ReferralSource, referral_date: string, };

export type NewRun = { programme_id: string, name: string, start_date: string, 
/**
 * ISO weekday: 1 = Monday … 7 = Sunday.
 */
weekday: number, region: Region | null, location: string, school_id: string | null, variant: string | null, trainer_ids: Array<string>, 
/**
 * Extra free days of this run, besides the school holidays.
 */
free_days: Array<FreePeriod>, 
/**
 * The sessions to save; `None` takes the proposed schedule as it is.
 */
sessions: Array<PlannedSession> | null, };

export type Observation = { id: string, enrolment_id: string, date: string, text: string, audience: Audience, };

export type Origin = "builtin" | "user";

export type Overview = { 
/**
 * "2026-2027".
 */
school_year: string, 
/**
 * The school years that have groups, newest first (this one included).
 */
school_years: Array<string>, today: string, groups: Array<OverviewGroup>, 
/**
 * Per school with a group or a ZAT meeting this year: its ZAT meetings.
 */
zat: Array<SchoolZat>, };

export type OverviewGroup = { run_id: string, name: string, programme_id: string, programme: string, school_year: string, region: Region | null, trainers: Array<string>, school: string | null, start: string, 
/**
 * The day of the last session planned.
 */
end: string | null, 
/**
 * Whether the last session lies before today.
 */
ended: boolean, 
/**
 * The programme's own kinds of contact, to name missing ones.
 */
contact_kinds: Array<OwnContactKind>, rows: Array<OverviewRow>, };

export type OverviewRow = { enrolment_id: string, participant_id: string, participant: string, status: EnrolmentStatus, 
/**
 * The main track's attendance (the children's group or individual sessions).
 */
attendance: AttendanceFigures, 
/**
 * The trajectory's open flags (while it is under way).
 */
flags: Array<Flag>, 
/**
 * Required contacts whose deadline passed without them.
 */
missing_contacts: Array<ContactKind>, report: ReportState, };

export type OwnContactKind = { 
/**
 * Lower-case letters, digits and hyphens: `ggz-verwijzing`.
 */
id: string, name: LocalizedText, };

export type Participant = { id: string, given_name: string, family_name: string, birth_date: string, school_id: string | null, 
/**
 * Class or group, e.g. "groep 2b".
 */
class_name: string | null, };

export type ParticipantHit = { id: string, name: string, birth_date: string, };

export type ParticipantPage = { total: number, offset: number, rows: Array<ParticipantRow>, };

export type ParticipantRow = { id: string, given_name: string, family_name: string, birth_date: string, school: string | null, run_id: string | null, run: string | null, enrolment_id: string | null, status: EnrolmentStatus | null, };

export type Person = "child" | "parent" | "teacher";

export type Phase = "pre" | "post";

export type PlannedSession = { track: TrackKind, number: number, date: string, start_time: string | null, title: string, theme: string, };

export type Programme = { 
/**
 * Stable identifier, e.g. `stop-4-7`.
 */
id: string, name: string, full_name?: string, 
/**
 * An example provider, as the brochure names it (e.g. "Trajectum, Utrecht").
 */
provider?: string, target_group: LocalizedText, ages: AgeRange, school_types: Array<SchoolType>, indication_required: boolean, tracks: Array<Track>, group?: GroupRules, schedule: ScheduleRules, required_contacts: Array<RequiredContact>, 
/**
 * Kinds of contact of the programme's own (schema 2).
 */
contact_kinds: Array<OwnContactKind>, tools: Array<Tool>, variants: Array<Variant>, 
/**
 * Whether the school gets an end report by default.
 */
school_report: boolean, attendance: AttendanceRules, origin: Origin, };

export type Progress = { stage: Stage, done: number, total: number, };

export type ReasonCount = { reason: string, count: number, };

export type ReferralSource = "school" | "parents" | "zat" | "mentor" | "other";

export type Region = "noord" | "midden" | "zuid";

export type ReportAudience = "school" | "parents";

export type ReportState = { "state": "not_due" } | { "state": "due" } | { "state": "concept_ready" } | { "state": "final", version: number, audience: string, finalised_on: string, id: string, } | { "state": "sent", version: number, audience: string, id: string, sent_on: string, how: Delivery | null, to: string | null, };

export type RequiredContact = { kind: ContactKind, moment: Moment, 
/**
 * At least this many.
 */
min: number, };

export type RetentionItem = { participant_id: string, name: string, birth_date: string, 
/**
 * The groups the child was in.
 */
runs: Array<string>, 
/**
 * The day of the latest change to anything in the dossier.
 */
last_change: string, 
/**
 * Kept until this day; erased after it.
 */
keep_until: string, 
/**
 * The retention period has ended: the dossier is to be erased.
 */
passed: boolean, };

export type Rhythm = "weekly" | "consecutive_days";

export type Role = "trainer" | "coordinator";

export type Run = { id: string, programme_id: string, 
/**
 * E.g. "STOP 4-7 najaar 2026, De Aventurijn".
 */
name: string, start_date: string, 
/**
 * ISO weekday of the sessions: 1 = Monday … 7 = Sunday.
 */
weekday: number, 
/**
 * School-holiday region whose holidays the schedule skips.
 */
region: Region | null, location: string, school_id: string | null, 
/**
 * A programme variant id, e.g. "rots-en-water".
 */
variant: string | null, };

export type RunWarning = { "kind": "group_too_large", size: number, max: number, } | { "kind": "group_too_small", size: number, min: number, } | { "kind": "too_few_trainers", trainers: number, needed: number, } | { "kind": "age_outside_range", participant: string, age: number, min: number, max: number, };

export type SavedFiles = { 
/**
 * The folder they are in.
 */
folder: string, 
/**
 * Each file, in the order they were given.
 */
files: Array<string>, };

export type ScheduleRules = { rhythm: Rhythm, 
/**
 * Shortest and longest trajectory in weeks, for tracks of varying length.
 */
weeks_min?: number, weeks_max?: number, 
/**
 * Usual start and end of a session day, "HH:MM".
 */
day_start?: string, day_end?: string, 
/**
 * Parents' sessions fall on the day their child trains.
 */
parents_same_day: boolean, };

export type School = { id: string, name: string, town: string, school_type: SchoolType, 
/**
 * The school's contact: intern begeleider, zorgcoördinator or mentor.
 */
contact_name: string | null, contact_role: string | null, };

export type SchoolType = "po" | "vo" | "mbo" | "vso";

export type SchoolZat = { school_id: string, school: string, 
/**
 * The meetings, by date.
 */
meetings: Array<ZatMeeting>, };

export type Session = { id: string, run_id: string, track: TrackKind, number: number, date: string, 
/**
 * "HH:MM".
 */
start_time: string | null, title: string, theme: string, status: SessionStatus, cancel_reason: string | null, };

export type SessionPlan = { number: number, title: string, theme: string, minutes?: number, };

export type SessionSheet = { session: Session, run_name: string, programme_id: string, programme_name: string, 
/**
 * Whose attendance this session records.
 */
person: Person, rows: Array<SheetRow>, };

export type SessionStatus = "planned" | "held" | "cancelled";

export type SheetRow = { enrolment_id: string, name: string, enrolment_status: EnrolmentStatus, 
/**
 * False when the programme needs an indication that is missing on the session's date.
 */
indication_ok: boolean, mark: Attendance | null, };

export type Stage = "checking" | "merging" | "reading" | "reports" | "sending" | "receiving";

export type Status = { version: string, language: Lang, data_dir: string, 
/**
 * One message per refused programme file, in `language`.
 */
problems: Array<string>, 
/**
 * The trainer using this device, once chosen in the settings.
 */
me: Trainer | null, 
/**
 * Today, by the app's clock.
 */
today: string, };

export type SyncReport = { 
/**
 * Bundles of this device's log put into the folder.
 */
written: Array<number>, 
/**
 * Bundles of other devices taken in: (who, seq, records changed).
 */
read: Array<[string, number, number]>, 
/**
 * Bundles refused now: (file, why). They changed nothing.
 */
set_aside: Array<[string, string]>, 
/**
 * Bundles kept for later (newer Ineen, not yet readable, waiting for another's bundle).
 */
waiting: Array<[string, string]>, 
/**
 * Devices let into the team in this sync.
 */
joined: Array<string>, 
/**
 * Conflicts that opened in this sync.
 */
new_conflicts: number, 
/**
 * Open conflicts after it.
 */
conflicts: number, 
/**
 * This device is still waiting to be let in.
 */
waiting_to_join: boolean, };

export type TableChanges = { table: string, 
/**
 * The table as a person names it ("Observaties").
 */
label: string, new: number, changed: number, deleted: number, };

export type Take = { "take": "current" } | { "take": "other" } | { "take": "value", "value": string };

export type Team = { team: string | null, name: string | null, me: string, may_manage: boolean, 
/**
 * Waiting to be let in after `team join`.
 */
joining: boolean, members: Array<TeamMember>, 
/**
 * Invitations not yet used: (name, role).
 */
open_invites: Array<[string, Role]>, folder: string | null, 
/**
 * Changes made here that no bundle carries yet.
 */
pending: number, conflicts: number, 
/**
 * Bundles set aside: file and why.
 */
set_aside: Array<[string, string]>, };

export type TeamMember = { device: string, 
/**
 * First 8 hex digits of the device id, to tell laptops apart.
 */
short: string, name: string, role: Role, me: boolean, removed: boolean, 
/**
 * The last bundle of its log taken in here (for this device: the last one written).
 */
last_bundle: number, };

export type TimelineItem = { "type": "session", session: Session, attendance: Attendance | null, } | { "type": "contact", contact: Contact, } | { "type": "observation", observation: Observation, } | { "type": "goal_score", goal: string, score: GoalScore, };

export type Tip = { id: string, enrolment_id: string, source: string | null, text: string, audience: Audience, };

export type Tool = { id: string, name: string, description: LocalizedText, };

export type Track = { kind: TrackKind, 
/**
 * The planned number of sessions (the minimum when the length varies).
 */
sessions: number, 
/**
 * For tracks of varying length: the most sessions a trajectory may take.
 */
sessions_max?: number, 
/**
 * The usual length of a session in minutes.
 */
minutes?: number, 
/**
 * Numbered session plans (may cover only some sessions).
 */
plan: Array<SessionPlan>, };

export type TrackAttendance = { track: TrackKind, figures: AttendanceFigures, };

export type TrackKind = "child" | "parent" | "teacher" | "individual";

export type TrackRate = { track: TrackKind, held: number, attended: number, };

export type Trainer = { id: string, organisation_id: string, name: string, email: string | null, role: TrainerRole, };

export type TrainerRole = "trainer" | "coordinator";

export type Variant = { id: string, name: string, group?: boolean, };

export type ZatMeeting = { id: string, school_id: string, date: string, 
/**
 * Who took part, e.g. "intern begeleider, schoolmaatschappelijk werk, trainer Anouk".
 */
people: string, 
/**
 * How many pupils were discussed.
 */
discussed: number, 
/**
 * A note without children's names.
 */
notes: string, audience: Audience, };
