// Generated from the Rust side by src-tauri/bindings.rs. Do not edit:
// run `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc generated` instead.

import { call, channel } from './call';
import type { AppLock, Attendance, AttendanceGrid, AuditCheck, AuditFilter, AuditLine, BackupInfo, BackupMade, BackupSettings, BatchProgress, BatchResult, CalendarOf, ConflictView, Consent, Contact, DaySession, EndReportVersion, Enrolment, EnrolmentOverview, EnrolmentStatus, EnrolmentSummary, EraseRequest, Erasure, ErasureDone, Figures, FiguresFormat, Finalised, Flag, FlaggedEnrolment, FreePeriod, Goal, GoalScore, Guardian, ImportReview, Invitation, InzageFiles, InzageItem, Lang, LibraryTip, ListQuery, Mark, MarkSent, Measurement, NewEnrolment, NewRun, Observation, Overview, Participant, ParticipantHit, ParticipantPage, Person, PlannedSession, Programme, Progress, Region, ReportAudience, RetentionItem, Role, Run, RunWarning, SavedFiles, School, Session, SessionSheet, Status, SyncReport, Take, Team, Tip, Trainer, ZatMeeting } from './bindings';

/** One typed function per command of the core. */
export const api = {
  /** The programmes, by name. */
  listProgrammes: (): Promise<Array<Programme>> =>
    call<Array<Programme>>('list_programmes', {}),
  /** Version, language, data folder and start-up problems. */
  getStatus: (): Promise<Status> =>
    call<Status>('get_status', {}),
  /** Switches the interface language and keeps the choice. */
  setLanguage: (language: Lang): Promise<Status> =>
    call<Status>('set_language', { language }),
  /** Chooses the trainer who uses this device (none to clear). */
  setMe: (trainerId: string | null): Promise<Status> =>
    call<Status>('set_me', { trainerId }),
  /** All runs, newest first. */
  listRuns: (): Promise<Array<Run>> =>
    call<Array<Run>>('list_runs', {}),
  /** A run's sessions by date. */
  runSessions: (runId: string): Promise<Array<Session>> =>
    call<Array<Session>>('run_sessions', { runId }),
  /** Group-size, trainer-ratio and age warnings of a run. */
  runWarnings: (runId: string): Promise<Array<RunWarning>> =>
    call<Array<RunWarning>>('run_warnings', { runId }),
  /** The proposed schedule of a new run, holidays skipped. */
  previewSchedule: (programmeId: string, startDate: string, weekday: number, region: Region | null, freeDays: Array<FreePeriod>): Promise<Array<PlannedSession>> =>
    call<Array<PlannedSession>>('preview_schedule', { programmeId, startDate, weekday, region, freeDays }),
  /** Makes or changes a programme from the programme editor (saved as a curriculum file; `is_new` refuses an id in use). */
  defineProgramme: (programme: Programme, isNew: boolean): Promise<Programme> =>
    call<Programme>('define_programme', { programme, isNew }),
  /** The schedule a programme in the editor would give: checked first, so a mistake comes back with its field. */
  previewProgramme: (programme: Programme, startDate: string, weekday: number, region: Region | null): Promise<Array<PlannedSession>> =>
    call<Array<PlannedSession>>('preview_programme', { programme, startDate, weekday, region }),
  /** Creates a run with its trainers, free days and sessions. */
  createRun: (run: NewRun): Promise<Run> =>
    call<Run>('create_run', { run }),
  /** The sessions of a day across all runs. */
  sessionsOn: (date: string): Promise<Array<DaySession>> =>
    call<Array<DaySession>>('sessions_on', { date }),
  /** The attendance grid of a run's child (or individual) track. */
  attendanceGrid: (runId: string): Promise<AttendanceGrid> =>
    call<AttendanceGrid>('attendance_grid', { runId }),
  /** Marks a session held (refused while an indication is missing). */
  holdSession: (sessionId: string): Promise<Session> =>
    call<Session>('hold_session', { sessionId }),
  /** Cancels a session with a reason. */
  cancelSession: (sessionId: string, reason: string): Promise<Session> =>
    call<Session>('cancel_session', { sessionId, reason }),
  /** Records attendance marks at a session, all or none. */
  recordAttendance: (sessionId: string, marks: Array<Mark>): Promise<Array<Attendance>> =>
    call<Array<Attendance>>('record_attendance', { sessionId, marks }),
  /** Everything the attendance screen of one session needs. */
  sessionSheet: (sessionId: string): Promise<SessionSheet> =>
    call<SessionSheet>('session_sheet', { sessionId }),
  /** Removes an attendance mark (to undo one). */
  clearAttendance: (sessionId: string, enrolmentId: string, person: Person): Promise<boolean> =>
    call<boolean>('clear_attendance', { sessionId, enrolmentId, person }),
  /** A page of the participants list: under way, or all (with school, group and status), filtered and sorted, with the whole list's length. */
  participantPage: (query: ListQuery): Promise<ParticipantPage> =>
    call<ParticipantPage>('participant_page', { query }),
  /** Participants found by name (at most 20). */
  searchParticipants: (query: string): Promise<Array<ParticipantHit>> =>
    call<Array<ParticipantHit>>('search_participants', { query }),
  /** A participant with their guardians and enrolments. */
  participantDetails: (participantId: string): Promise<[Participant, Array<Guardian>, Array<EnrolmentSummary>]> =>
    call<[Participant, Array<Guardian>, Array<EnrolmentSummary>]>('participant_details', { participantId }),
  /** All enrolments, by participant name. */
  listEnrolments: (): Promise<Array<EnrolmentSummary>> =>
    call<Array<EnrolmentSummary>>('list_enrolments', {}),
  /** Enrolments under way with at least one flag. */
  flaggedEnrolments: (): Promise<Array<FlaggedEnrolment>> =>
    call<Array<FlaggedEnrolment>>('flagged_enrolments', {}),
  /** What needs attention on one enrolment (the same rule as its page). */
  enrolmentFlags: (enrolmentId: string): Promise<Array<Flag>> =>
    call<Array<Flag>>('enrolment_flags', { enrolmentId }),
  /** The enrolment page. */
  enrolmentOverview: (enrolmentId: string): Promise<EnrolmentOverview> =>
    call<EnrolmentOverview>('enrolment_overview', { enrolmentId }),
  /** Enrols a participant in a run. */
  enrol: (enrolment: NewEnrolment): Promise<Enrolment> =>
    call<Enrolment>('enrol', { enrolment }),
  /** Records (or corrects) the indication of an enrolment. */
  recordIndication: (enrolmentId: string, number: string, issuer: string, from: string, until: string | null): Promise<Enrolment> =>
    call<Enrolment>('record_indication', { enrolmentId, number, issuer, from, until }),
  /** Changes an enrolment's status (stopping needs a reason). */
  setEnrolmentStatus: (enrolmentId: string, status: EnrolmentStatus, reason: string | null): Promise<Enrolment> =>
    call<Enrolment>('set_enrolment_status', { enrolmentId, status, reason }),
  /** Records a goal score (−2 … +2). */
  scoreGoal: (goalId: string, date: string, level: number, note: string | null): Promise<GoalScore> =>
    call<GoalScore>('score_goal', { goalId, date, level, note }),
  /** Trainers and coordinators, by name. */
  listTrainers: (): Promise<Array<Trainer>> =>
    call<Array<Trainer>>('list_trainers', {}),
  /** Schools, by name. */
  listSchools: (): Promise<Array<School>> =>
    call<Array<School>>('list_schools', {}),
  /** Saves a trainer (a nil id creates one); checked and trimmed by the core. */
  saveTrainer: (record: Trainer): Promise<Trainer> =>
    call<Trainer>('save_trainer', { record }),
  /** Saves a school. */
  saveSchool: (record: School): Promise<School> =>
    call<School>('save_school', { record }),
  /** Saves a participant. */
  saveParticipant: (record: Participant): Promise<Participant> =>
    call<Participant>('save_participant', { record }),
  /** Saves a guardian. */
  saveGuardian: (record: Guardian): Promise<Guardian> =>
    call<Guardian>('save_guardian', { record }),
  /** Saves a consent. */
  saveConsent: (record: Consent): Promise<Consent> =>
    call<Consent>('save_consent', { record }),
  /** Saves a contact. */
  saveContact: (record: Contact): Promise<Contact> =>
    call<Contact>('save_contact', { record }),
  /** Saves a goal. */
  saveGoal: (record: Goal): Promise<Goal> =>
    call<Goal>('save_goal', { record }),
  /** Saves a measurement. */
  saveMeasurement: (record: Measurement): Promise<Measurement> =>
    call<Measurement>('save_measurement', { record }),
  /** Saves an observation. */
  saveObservation: (record: Observation): Promise<Observation> =>
    call<Observation>('save_observation', { record }),
  /** Saves a tip. */
  saveTip: (record: Tip): Promise<Tip> =>
    call<Tip>('save_tip', { record }),
  /** Writes an end report as PDF into the data folder; returns its path. */
  exportEndReport: (enrolmentId: string, audience: ReportAudience): Promise<string> =>
    call<string>('export_end_report', { enrolmentId, audience }),
  /** Writes the Word copy of an end report; returns its path. */
  exportEndReportDocx: (enrolmentId: string, audience: ReportAudience): Promise<string> =>
    call<string>('export_end_report_docx', { enrolmentId, audience }),
  /** Writes the teacher-tips handout (HTML) of one enrolment; returns its path. */
  exportTipsHandout: (enrolmentId: string): Promise<string> =>
    call<string>('export_tips_handout', { enrolmentId }),
  /** The end report's pages as SVG, for the preview. */
  reportPreview: (enrolmentId: string, audience: ReportAudience): Promise<Array<string>> =>
    call<Array<string>>('report_preview', { enrolmentId, audience }),
  /** The tip library for an enrolment's programme. */
  tipLibrary: (enrolmentId: string): Promise<Array<LibraryTip>> =>
    call<Array<LibraryTip>>('tip_library', { enrolmentId }),
  /** Selects a library tip for an enrolment (its text is copied). */
  selectLibraryTip: (enrolmentId: string, tipId: string): Promise<Tip> =>
    call<Tip>('select_library_tip', { enrolmentId, tipId }),
  /** Removes a tip from an enrolment. */
  removeTip: (tipId: string): Promise<null> =>
    call<null>('remove_tip', { tipId }),
  /** Freezes the end report as the next final version. */
  finaliseEndReport: (enrolmentId: string, audience: ReportAudience): Promise<Finalised> =>
    call<Finalised>('finalise_end_report', { enrolmentId, audience }),
  /** The final versions of an enrolment's reports, newest first. */
  finalReports: (enrolmentId: string): Promise<Array<EndReportVersion>> =>
    call<Array<EndReportVersion>>('final_reports', { enrolmentId }),
  /** Saves a final version's PDF again, from its frozen content. */
  exportFinalReport: (versionId: string): Promise<string> =>
    call<string>('export_final_report', { versionId }),
  /** Asks where to save a report or export just written into the report folder (the save dialog, opening there) and puts it there; null when the user cancels, and then the file is wiped. */
  askSaveAs: (path: string, title: string): Promise<string | null> =>
    call<string | null>('ask_save_as', { path, title }),
  /** Asks where files just written together (an inzage, a group's reports) go, in the folder dialog, and moves them there; `None` when cancelled. */
  askSaveInFolder: (paths: Array<string>, title: string): Promise<SavedFiles | null> =>
    call<SavedFiles | null>('ask_save_in_folder', { paths, title }),
  /** Opens a saved report or export in its program (only files Ineen wrote). */
  openFile: (path: string): Promise<null> =>
    call<null>('open_file', { path }),
  /** Shows a saved report or export in the file manager (only files Ineen wrote). */
  showInFolder: (path: string): Promise<null> =>
    call<null>('show_in_folder', { path }),
  /** Writes the teacher tips of every child of a run (with consent and tips) as one HTML file. */
  exportRunTips: (runId: string): Promise<BatchResult> =>
    call<BatchResult>('export_run_tips', { runId }),
  /** What importing the export file at `path` would change; nothing changes. An encrypted file needs the `passphrase` it was made with. How far it is streams to `on_progress`. */
  reviewImport: (path: string, passphrase: string | null, onProgress: (message: Progress) => void): Promise<ImportReview> =>
    call<ImportReview>('review_import', { path, passphrase, onProgress: channel(onProgress) }),
  /** Imports the export file at `path` (after its review); says what it changed. How far it is streams to `on_progress`. */
  importFile: (path: string, passphrase: string | null, onProgress: (message: Progress) => void): Promise<ImportReview> =>
    call<ImportReview>('import_file', { path, passphrase, onProgress: channel(onProgress) }),
  /** The backups in the data folder, newest first. */
  listBackups: (): Promise<Array<BackupInfo>> =>
    call<Array<BackupInfo>>('list_backups', {}),
  /** The backups that pass their check, newest first; also while the store is damaged and did not open. */
  goodBackups: (): Promise<Array<BackupInfo>> =>
    call<Array<BackupInfo>>('good_backups', {}),
  /** Makes a checked backup now; returns where it went. */
  makeBackup: (): Promise<BackupMade> =>
    call<BackupMade>('make_backup', {}),
  /** Every group of a school year ("2026-2027"; null: the current one) with each child's attendance, flags, missing contacts and end-report state. */
  overview: (schoolYear: string | null): Promise<Overview> =>
    call<Overview>('overview', { schoolYear }),
  /** Records (or corrects) a ZAT meeting at a school. */
  saveZatMeeting: (record: ZatMeeting): Promise<ZatMeeting> =>
    call<ZatMeeting>('save_zat_meeting', { record }),
  /** Marks a final end report sent (when, how, to whom); logged. */
  markReportSent: (mark: MarkSent): Promise<EndReportVersion> =>
    call<EndReportVersion>('mark_report_sent', { mark }),
  /** Writes the overview as CSV or XLSX into the report folder; returns the path. */
  exportOverviewFile: (schoolYear: string | null, xlsx: boolean): Promise<string> =>
    call<string>('export_overview_file', { schoolYear, xlsx }),
  /** The figures of a school year (null: the current one), per programme, region, school and trainer. */
  figures: (schoolYear: string | null): Promise<Figures> =>
    call<Figures>('figures', { schoolYear }),
  /** Writes the figures (the yearly report as PDF, or XLSX, CSV) into the report folder; returns the path. */
  exportFiguresFile: (schoolYear: string | null, format: FiguresFormat): Promise<string> =>
    call<string>('export_figures_file', { schoolYear, format }),
  /** Writes an iCalendar file of a trainer's groups or of one group into the report folder (children named only with `names`); returns the path. */
  exportCalendar: (of: CalendarOf, names: boolean): Promise<string> =>
    call<string>('export_calendar', { of, names }),
  /** Every dossier with the day it is kept until (those whose period ended first). */
  retention: (): Promise<Array<RetentionItem>> =>
    call<Array<RetentionItem>>('retention', {}),
  /** The organisation's retention period in years. */
  retentionYears: (): Promise<number> =>
    call<number>('retention_years', {}),
  /** Sets the organisation's retention period (1–100 years). */
  setRetentionYears: (years: number): Promise<number> =>
    call<number>('set_retention_years', { years }),
  /** Erases a child's dossier everywhere (confirmed by the typed name). */
  eraseDossier: (request: EraseRequest): Promise<ErasureDone> =>
    call<ErasureDone>('erase_dossier', { request }),
  /** The erasures made here or on the team's other laptops. */
  erasures: (): Promise<Array<Erasure>> =>
    call<Array<Erasure>>('erasures', {}),
  /** The items of a child's file that may hold others' data, for the review before an access request. */
  inzageItems: (participantId: string): Promise<Array<InzageItem>> =>
    call<Array<InzageItem>>('inzage_items', { participantId }),
  /** Writes the access request (PDF and JSON) into the report folder. */
  exportInzage: (participantId: string, exclude: Array<string>): Promise<InzageFiles> =>
    call<InzageFiles>('export_inzage', { participantId, exclude }),
  /** The audit log, newest first, filtered. */
  auditLog: (filter: AuditFilter): Promise<Array<AuditLine>> =>
    call<Array<AuditLine>>('audit_log', { filter }),
  /** Checks the audit's hash chain. */
  verifyAudit: (): Promise<AuditCheck> =>
    call<AuditCheck>('verify_audit', {}),
  /** Writes the (filtered) audit log as CSV into the report folder. */
  exportAuditCsv: (filter: AuditFilter): Promise<string> =>
    call<string>('export_audit_csv', { filter }),
  /** How backups are kept: days, weeks and the second folder. */
  backupSettings: (): Promise<BackupSettings> =>
    call<BackupSettings>('backup_settings', {}),
  /** Chooses how backups are kept. */
  setBackupSettings: (settings: BackupSettings): Promise<BackupSettings> =>
    call<BackupSettings>('set_backup_settings', { settings }),
  /** Puts a backup back (checked first; the current store is kept as a backup), then reopens the data folder on it. Works also while the store is damaged and did not open. */
  restoreBackup: (path: string): Promise<Status> =>
    call<Status>('restore_backup', { path }),
  /** Opens the data folder with its recovery passphrase (on a laptop whose keyring does not have its key), or chooses it for a new data folder (or one of an older Ineen, which is then encrypted). */
  unlockFolder: (passphrase: string): Promise<Status> =>
    call<Status>('unlock_folder', { passphrase }),
  /** The window's lock: whether a PIN is set, and the idle time. */
  appLock: (): Promise<AppLock> =>
    call<AppLock>('app_lock', {}),
  /** Chooses the idle time and a PIN (4–12 digits; empty removes it, null keeps it). */
  setAppLock: (pin: string | null, idleSeconds: number): Promise<AppLock> =>
    call<AppLock>('set_app_lock', { pin, idleSeconds }),
  /** Locks the window (idle, or Ctrl+L): every command but the unlock is refused. */
  lockWindow: (): Promise<null> =>
    call<null>('lock_window', {}),
  /** Unlocks the window with the PIN or the recovery passphrase. */
  unlockWindow: (secret: string): Promise<null> =>
    call<null>('unlock_window', { secret }),
  /** Seals the data key with a new recovery passphrase, once the current one opens it (the data is not re-encrypted). */
  changePassphrase: (current: string, next: string): Promise<null> =>
    call<null>('change_passphrase', { current, next }),
  /** The team: its laptops, the sync folder, what is not yet shared, open conflicts. */
  team: (): Promise<Team> =>
    call<Team>('team', {}),
  /** Makes a new team with this laptop as its first member. */
  createTeam: (name: string, me: string, role: Role): Promise<Team> =>
    call<Team>('create_team', { name, me, role }),
  /** Invites a colleague's laptop: the code (and invite file text) to give her. */
  inviteDevice: (name: string, role: Role): Promise<Invitation> =>
    call<Invitation>('invite_device', { name, role }),
  /** Asks to join a team with an invite code (or the invite file's text). */
  joinTeam: (code: string, me: string): Promise<Team> =>
    call<Team>('join_team', { code, me }),
  /** Removes a (lost) laptop from the team. */
  removeDevice: (device: string): Promise<Team> =>
    call<Team>('remove_device', { device }),
  /** Chooses the shared sync folder. */
  setSyncFolder: (folder: string): Promise<Team> =>
    call<Team>('set_sync_folder', { folder }),
  /** Puts this laptop's changes into the sync folder and takes in the others'. Off the main thread: a first snapshot can take a while. */
  syncNow: (onProgress: (message: Progress) => void): Promise<SyncReport> =>
    call<SyncReport>('sync_now', { onProgress: channel(onProgress) }),
  /** Every open conflict, as a trainer reads it. */
  listConflicts: (): Promise<Array<ConflictView>> =>
    call<Array<ConflictView>>('list_conflicts', {}),
  /** The open conflicts of one enrolment's records. */
  enrolmentConflicts: (enrolmentId: string): Promise<Array<ConflictView>> =>
    call<Array<ConflictView>>('enrolment_conflicts', { enrolmentId }),
  /** Settles a conflict with the value in use, the other one, or a new value; the choice travels to every laptop. */
  resolveConflict: (id: string, take: Take): Promise<null> =>
    call<null>('resolve_conflict', { id, take }),
  /** Writes every school end report of a run into a new folder under the data folder, telling the window after each one. Runs off the main thread so the window stays responsive and shows the progress. */
  exportRunReports: (runId: string, onProgress: (message: BatchProgress) => void): Promise<BatchResult> =>
    call<BatchResult>('export_run_reports', { runId, onProgress: channel(onProgress) }),
};
