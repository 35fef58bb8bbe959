// Typed calls to the Rust side. One function per command; the types come
// from bindings.ts, generated from the Rust types.

import { Channel, invoke } from '@tauri-apps/api/core';
import type {
  Attendance,
  AttendanceGrid,
  BatchProgress,
  BatchResult,
  EndReportVersion,
  Finalised,
  LibraryTip,
  Consent,
  Contact,
  DaySession,
  Enrolment,
  EnrolmentOverview,
  EnrolmentStatus,
  EnrolmentSummary,
  ErrorCode,
  FlaggedEnrolment,
  FreePeriod,
  Goal,
  GoalScore,
  Guardian,
  IpcError,
  Lang,
  Mark,
  NewEnrolment,
  NewRun,
  Observation,
  Participant,
  ParticipantHit,
  Person,
  PlannedSession,
  Programme,
  Region,
  ReportAudience,
  Run,
  Tip,
  RunWarning,
  School,
  Session,
  SessionSheet,
  Status,
  Trainer,
} from './bindings';

/** A refusal or failure from the core, with its stable code and a user message. */
export class CommandError extends Error {
  readonly code: ErrorCode;

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'CommandError';
    this.code = error.code;
  }
}

function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IpcError).code === 'string' &&
    typeof (value as IpcError).message === 'string'
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isIpcError(error)) throw new CommandError(error);
    throw new CommandError({ code: 'internal', message: String(error) });
  }
}

/** The id of a record not saved yet: the core gives it a new one. */
export const NEW_ID = '00000000-0000-0000-0000-000000000000';

export const api = {
  listProgrammes: () => call<Programme[]>('list_programmes'),
  getStatus: () => call<Status>('get_status'),
  setLanguage: (language: Lang) => call<Status>('set_language', { language }),
  setMe: (trainerId: string | null) => call<Status>('set_me', { trainerId }),

  listRuns: () => call<Run[]>('list_runs'),
  runSessions: (runId: string) => call<Session[]>('run_sessions', { runId }),
  runWarnings: (runId: string) => call<RunWarning[]>('run_warnings', { runId }),
  previewSchedule: (
    programmeId: string,
    startDate: string,
    weekday: number,
    region: Region | null,
    freeDays: FreePeriod[],
  ) => call<PlannedSession[]>('preview_schedule', { programmeId, startDate, weekday, region, freeDays }),
  createRun: (run: NewRun) => call<Run>('create_run', { run }),
  sessionsOn: (date: string) => call<DaySession[]>('sessions_on', { date }),
  attendanceGrid: (runId: string) => call<AttendanceGrid>('attendance_grid', { runId }),
  holdSession: (sessionId: string) => call<Session>('hold_session', { sessionId }),
  cancelSession: (sessionId: string, reason: string) => call<Session>('cancel_session', { sessionId, reason }),
  recordAttendance: (sessionId: string, marks: Mark[]) =>
    call<Attendance[]>('record_attendance', { sessionId, marks }),
  sessionSheet: (sessionId: string) => call<SessionSheet>('session_sheet', { sessionId }),
  clearAttendance: (sessionId: string, enrolmentId: string, person: Person) =>
    call<boolean>('clear_attendance', { sessionId, enrolmentId, person }),

  searchParticipants: (query: string) => call<ParticipantHit[]>('search_participants', { query }),
  participantDetails: (participantId: string) =>
    call<[Participant, Guardian[], EnrolmentSummary[]]>('participant_details', { participantId }),
  listEnrolments: () => call<EnrolmentSummary[]>('list_enrolments'),
  flaggedEnrolments: () => call<FlaggedEnrolment[]>('flagged_enrolments'),
  enrolmentOverview: (enrolmentId: string) => call<EnrolmentOverview>('enrolment_overview', { enrolmentId }),
  enrol: (enrolment: NewEnrolment) => call<Enrolment>('enrol', { enrolment }),
  recordIndication: (enrolmentId: string, number: string, issuer: string, from: string, until: string | null) =>
    call<Enrolment>('record_indication', { enrolmentId, number, issuer, from, until }),
  setEnrolmentStatus: (enrolmentId: string, status: EnrolmentStatus, reason: string | null) =>
    call<Enrolment>('set_enrolment_status', { enrolmentId, status, reason }),
  scoreGoal: (goalId: string, date: string, level: number, note: string | null) =>
    call<GoalScore>('score_goal', { goalId, date, level, note }),

  listTrainers: () => call<Trainer[]>('list_trainers'),
  listSchools: () => call<School[]>('list_schools'),
  saveParticipant: (record: Participant) => call<Participant>('save_participant', { record }),
  saveGuardian: (record: Guardian) => call<Guardian>('save_guardian', { record }),
  saveConsent: (record: Consent) => call<Consent>('save_consent', { record }),
  saveContact: (record: Contact) => call<Contact>('save_contact', { record }),
  saveGoal: (record: Goal) => call<Goal>('save_goal', { record }),
  saveObservation: (record: Observation) => call<Observation>('save_observation', { record }),
  saveTip: (record: Tip) => call<Tip>('save_tip', { record }),
  exportEndReport: (enrolmentId: string, audience: ReportAudience) =>
    call<string>('export_end_report', { enrolmentId, audience }),
  exportTipsHandout: (enrolmentId: string) => call<string>('export_tips_handout', { enrolmentId }),
  exportEndReportDocx: (enrolmentId: string, audience: ReportAudience) =>
    call<string>('export_end_report_docx', { enrolmentId, audience }),
  reportPreview: (enrolmentId: string, audience: ReportAudience) =>
    call<string[]>('report_preview', { enrolmentId, audience }),
  tipLibrary: (enrolmentId: string) => call<LibraryTip[]>('tip_library', { enrolmentId }),
  selectLibraryTip: (enrolmentId: string, tipId: string) => call<Tip>('select_library_tip', { enrolmentId, tipId }),
  removeTip: (tipId: string) => call<null>('remove_tip', { tipId }),
  finaliseEndReport: (enrolmentId: string, audience: ReportAudience) =>
    call<Finalised>('finalise_end_report', { enrolmentId, audience }),
  finalReports: (enrolmentId: string) => call<EndReportVersion[]>('final_reports', { enrolmentId }),
  exportFinalReport: (versionId: string) => call<string>('export_final_report', { versionId }),
  exportRunTips: (runId: string) => call<BatchResult>('export_run_tips', { runId }),
  /** Writes every school end report of a run; `onProgress` hears after each one. */
  exportRunReports: (runId: string, onProgress: (progress: BatchProgress) => void) => {
    const channel = new Channel<BatchProgress>();
    channel.onmessage = onProgress;
    return call<BatchResult>('export_run_reports', { runId, onProgress: channel });
  },
};

/** The user-facing text of any error from a call. */
export const messageOf = (e: unknown): string => (e instanceof CommandError ? e.message : String(e));
