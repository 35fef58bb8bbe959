// Generated from the Rust types by src-tauri/bindings.rs. Do not edit:
// run `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc bindings` instead.

export type Lang = "nl" | "en";

export type ErrorCode = "curriculum_invalid" | "data_dir_unusable" | "database_too_new" | "database_unreadable" | "store_failed" | "internal";

export type TrackKind = "child" | "parent" | "teacher" | "individual";

export type SchoolType = "po" | "vo" | "mbo" | "vso";

export type Origin = "builtin" | "user";

export type LocalizedText = { nl: string, en?: string, };

export type AgeRange = { min: number, max: number, };

export type SessionPlan = { number: number, title: string, theme: string, minutes?: number, };

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

export type ContactKind = "home_visit" | "class_visit" | "parent_observation" | "teacher_observation" | "parent_meeting" | "teacher_meeting" | "end_report_meeting" | "zat_meeting" | "phone_call" | "incident_referral";

export type Moment = "before_start" | "during" | "at_end";

export type RequiredContact = { kind: ContactKind, moment: Moment, 
/**
 * At least this many.
 */
min: number, };

export type GroupRules = { size_min: number, size_max: number, 
/**
 * Trainers needed per group.
 */
trainers: number, };

export type Rhythm = "weekly" | "consecutive_days";

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

export type AttendanceRules = { 
/**
 * Flag after this many absences in a row.
 */
consecutive_absences: number, 
/**
 * Flag when attendance of held sessions falls below this percentage.
 */
min_percent: number, };

export type Tool = { id: string, name: string, description: LocalizedText, };

export type Variant = { id: string, name: string, group?: boolean, };

export type Programme = { 
/**
 * Stable identifier, e.g. `stop-4-7`.
 */
id: string, name: string, full_name?: string, 
/**
 * An example provider, as the brochure names it (e.g. "Trajectum, Utrecht").
 */
provider?: string, target_group: LocalizedText, ages: AgeRange, school_types: Array<SchoolType>, indication_required: boolean, tracks: Array<Track>, group?: GroupRules, schedule: ScheduleRules, required_contacts: Array<RequiredContact>, tools: Array<Tool>, variants: Array<Variant>, 
/**
 * Whether the school gets an end report by default.
 */
school_report: boolean, attendance: AttendanceRules, origin: Origin, };

export type Status = { version: string, language: Lang, data_dir: string, 
/**
 * One message per refused programme file, in `language`.
 */
problems: Array<string>, };

export type IpcError = { code: ErrorCode, message: string, };
