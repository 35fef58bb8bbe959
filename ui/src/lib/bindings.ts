// Generated from the Rust types by src-tauri/bindings.rs. Do not edit:
// run `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc bindings` instead.

export type Lang = "nl" | "en";

export type ErrorCode = "curriculum_invalid" | "data_dir_unusable" | "database_too_new" | "database_unreadable" | "store_failed" | "internal";

export type TrackKind = "child" | "parent" | "teacher" | "individual";

export type SchoolType = "po" | "vo" | "mbo" | "vso";

export type Origin = "builtin" | "user";

export type LocalizedText = { nl: string, en?: string, };

export type AgeRange = { min: number, max: number, };

export type Track = { kind: TrackKind, 
/**
 * The planned number of sessions (the minimum when the length varies).
 */
sessions: number, 
/**
 * For tracks of varying length: the most sessions a trajectory may take.
 */
sessions_max?: number, };

export type Programme = { 
/**
 * Stable identifier, e.g. `stop-4-7`.
 */
id: string, name: string, full_name?: string, 
/**
 * An example provider, as the brochure names it (e.g. "Trajectum, Utrecht").
 */
provider?: string, target_group: LocalizedText, ages: AgeRange, school_types: Array<SchoolType>, indication_required: boolean, tracks: Array<Track>, origin: Origin, };

export type Status = { version: string, language: Lang, data_dir: string, 
/**
 * One message per refused programme file, in `language`.
 */
problems: Array<string>, };

export type IpcError = { code: ErrorCode, message: string, };
