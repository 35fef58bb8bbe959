//! The IPC commands of the main window: thin adapters over [`Ineen`].
//!
//! Each command is declared once here, listed in `build.rs` (which makes its
//! permission) and granted in `tauri.conf.json`.

use std::path::Path;
use std::sync::Mutex;

use chrono::NaiveDate;
use ineen_core::ineen::{
    AttendanceGrid, BatchResult, DaySession, EnrolmentOverview, EnrolmentSummary, FlaggedEnrolment, Mark, NewEnrolment,
    NewRun, ParticipantHit, SessionSheet,
};
use ineen_core::model::{
    Attendance, Consent, Contact, EndReportVersion, Enrolment, EnrolmentStatus, Goal, GoalScore, Guardian, Measurement,
    Observation, Participant, Person, Region, Run, School, Session, Tip, Trainer,
};
use ineen_core::report::ReportAudience;
use ineen_core::rules::{FreePeriod, PlannedSession, RunWarning};
use ineen_core::tips::LibraryTip;
use ineen_core::{Ineen, Lang, Programme, Status};
use tauri::State;
use uuid::Uuid;

use crate::ipc::IpcError;

/// The open data folder, or why it could not be opened (shown by the UI).
pub struct AppState {
    ineen: Result<Mutex<Ineen>, IpcError>,
}

impl AppState {
    /// Opens the data folder; a failure is kept and answered to every command.
    pub fn open(data_dir: &Path) -> AppState {
        match Ineen::open(data_dir) {
            Ok(ineen) => AppState::from(ineen),
            Err(e) => AppState { ineen: Err(IpcError::from_core(&e, Lang::default())) },
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Ineen) -> ineen_core::error::Result<T>) -> Result<T, IpcError> {
        let lock = self.ineen.as_ref().map_err(Clone::clone)?;
        let mut ineen = lock.lock().map_err(|_| IpcError::internal(Lang::default()))?;
        f(&mut ineen).map_err(|e| IpcError::from_core(&e, ineen.language().unwrap_or_default()))
    }
}

impl From<Ineen> for AppState {
    fn from(ineen: Ineen) -> AppState {
        AppState { ineen: Ok(Mutex::new(ineen)) }
    }
}

/// The programmes, by name.
#[tauri::command]
pub fn list_programmes(state: State<'_, AppState>) -> Result<Vec<Programme>, IpcError> {
    state.with(|i| i.programmes())
}

/// Version, language, data folder and start-up problems.
#[tauri::command]
pub fn get_status(state: State<'_, AppState>) -> Result<Status, IpcError> {
    state.with(|i| i.status())
}

/// Switches the interface language and keeps the choice.
#[tauri::command]
pub fn set_language(state: State<'_, AppState>, language: Lang) -> Result<Status, IpcError> {
    state.with(|ineen| {
        ineen.set_language(language)?;
        ineen.status()
    })
}

// --- Runs and sessions -------------------------------------------------------

#[tauri::command]
pub fn list_runs(state: State<'_, AppState>) -> Result<Vec<Run>, IpcError> {
    state.with(|i| i.runs())
}

#[tauri::command]
pub fn run_sessions(state: State<'_, AppState>, run_id: Uuid) -> Result<Vec<Session>, IpcError> {
    state.with(|i| i.sessions(run_id))
}

#[tauri::command]
pub fn run_warnings(state: State<'_, AppState>, run_id: Uuid) -> Result<Vec<RunWarning>, IpcError> {
    state.with(|i| i.run_warnings(run_id))
}

#[tauri::command]
pub fn preview_schedule(
    state: State<'_, AppState>,
    programme_id: String,
    start_date: NaiveDate,
    weekday: u8,
    region: Option<Region>,
    free_days: Vec<FreePeriod>,
) -> Result<Vec<PlannedSession>, IpcError> {
    state.with(|i| i.preview_schedule(&programme_id, start_date, weekday, region, &free_days))
}

#[tauri::command]
pub fn create_run(state: State<'_, AppState>, run: NewRun) -> Result<Run, IpcError> {
    state.with(|i| i.create_run(run))
}

#[tauri::command]
pub fn sessions_on(state: State<'_, AppState>, date: NaiveDate) -> Result<Vec<DaySession>, IpcError> {
    state.with(|i| i.sessions_on(date))
}

#[tauri::command]
pub fn attendance_grid(state: State<'_, AppState>, run_id: Uuid) -> Result<AttendanceGrid, IpcError> {
    state.with(|i| i.attendance_grid(run_id))
}

#[tauri::command]
pub fn hold_session(state: State<'_, AppState>, session_id: Uuid) -> Result<Session, IpcError> {
    state.with(|i| i.hold_session(session_id))
}

#[tauri::command]
pub fn cancel_session(state: State<'_, AppState>, session_id: Uuid, reason: String) -> Result<Session, IpcError> {
    state.with(|i| i.cancel_session(session_id, &reason))
}

#[tauri::command]
pub fn record_attendance(
    state: State<'_, AppState>,
    session_id: Uuid,
    marks: Vec<Mark>,
) -> Result<Vec<Attendance>, IpcError> {
    state.with(|i| i.record_attendance(session_id, &marks))
}

// --- People and enrolments ---------------------------------------------------

#[tauri::command]
pub fn search_participants(state: State<'_, AppState>, query: String) -> Result<Vec<ParticipantHit>, IpcError> {
    state.with(|i| i.search_participants(&query, 20))
}

#[tauri::command]
pub fn list_enrolments(state: State<'_, AppState>) -> Result<Vec<EnrolmentSummary>, IpcError> {
    state.with(|i| i.enrolments())
}

#[tauri::command]
pub fn enrolment_overview(state: State<'_, AppState>, enrolment_id: Uuid) -> Result<EnrolmentOverview, IpcError> {
    state.with(|i| i.enrolment_overview(enrolment_id))
}

#[tauri::command]
pub fn enrol(state: State<'_, AppState>, enrolment: NewEnrolment) -> Result<Enrolment, IpcError> {
    state.with(|i| i.enrol(enrolment))
}

#[tauri::command]
pub fn record_indication(
    state: State<'_, AppState>,
    enrolment_id: Uuid,
    number: String,
    issuer: String,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<Enrolment, IpcError> {
    state.with(|i| i.record_indication(enrolment_id, &number, &issuer, from, until))
}

#[tauri::command]
pub fn set_enrolment_status(
    state: State<'_, AppState>,
    enrolment_id: Uuid,
    status: EnrolmentStatus,
    reason: Option<String>,
) -> Result<Enrolment, IpcError> {
    state.with(|i| i.set_enrolment_status(enrolment_id, status, reason.as_deref()))
}

#[tauri::command]
pub fn score_goal(
    state: State<'_, AppState>,
    goal_id: Uuid,
    date: NaiveDate,
    level: i8,
    note: Option<String>,
) -> Result<GoalScore, IpcError> {
    state.with(|i| i.score_goal(goal_id, date, level, note.as_deref()))
}

/// Declares a command that saves one kind of record (a nil id creates it).
macro_rules! save_command {
    ($($name:ident: $ty:ty),* $(,)?) => {$(
        #[tauri::command]
        pub fn $name(state: State<'_, AppState>, record: $ty) -> Result<$ty, IpcError> {
            state.with(|i| i.upsert(record))
        }
    )*};
}

save_command! {
    save_trainer: Trainer,
    save_school: School,
    save_participant: Participant,
    save_consent: Consent,
    save_contact: Contact,
    save_goal: Goal,
    save_measurement: Measurement,
    save_observation: Observation,
}

#[tauri::command]
pub fn list_trainers(state: State<'_, AppState>) -> Result<Vec<Trainer>, IpcError> {
    state.with(|i| i.trainers())
}

#[tauri::command]
pub fn list_schools(state: State<'_, AppState>) -> Result<Vec<School>, IpcError> {
    state.with(|i| i.schools())
}

#[tauri::command]
pub fn participant_details(
    state: State<'_, AppState>,
    participant_id: Uuid,
) -> Result<(Participant, Vec<Guardian>, Vec<EnrolmentSummary>), IpcError> {
    state.with(|i| Ok((i.participant(participant_id)?, i.guardians(participant_id)?, i.enrolments_of(participant_id)?)))
}

#[tauri::command]
pub fn flagged_enrolments(state: State<'_, AppState>) -> Result<Vec<FlaggedEnrolment>, IpcError> {
    state.with(|i| i.flagged_enrolments())
}

#[tauri::command]
pub fn clear_attendance(
    state: State<'_, AppState>,
    session_id: Uuid,
    enrolment_id: Uuid,
    person: Person,
) -> Result<bool, IpcError> {
    state.with(|i| i.clear_attendance(session_id, enrolment_id, person))
}

/// Chooses the trainer who uses this device (none to clear).
#[tauri::command]
pub fn set_me(state: State<'_, AppState>, trainer_id: Option<Uuid>) -> Result<Status, IpcError> {
    state.with(|i| {
        i.set_me(trainer_id)?;
        i.status()
    })
}

save_command! {
    save_guardian: Guardian,
    save_tip: Tip,
}

#[tauri::command]
pub fn session_sheet(state: State<'_, AppState>, session_id: Uuid) -> Result<SessionSheet, IpcError> {
    state.with(|i| i.session_sheet(session_id))
}

#[tauri::command]
pub fn export_end_report(
    state: State<'_, AppState>,
    enrolment_id: Uuid,
    audience: ineen_core::report::ReportAudience,
) -> Result<String, IpcError> {
    state.with(|i| i.export_end_report(enrolment_id, audience))
}

#[tauri::command]
pub fn export_tips_handout(state: State<'_, AppState>, enrolment_id: Uuid) -> Result<String, IpcError> {
    state.with(|i| i.export_tips_handout(enrolment_id))
}

/// The tip library for an enrolment's programme.
#[tauri::command]
pub fn tip_library(state: State<'_, AppState>, enrolment_id: Uuid) -> Result<Vec<LibraryTip>, IpcError> {
    state.with(|i| i.tip_library(enrolment_id))
}

#[tauri::command]
pub fn select_library_tip(state: State<'_, AppState>, enrolment_id: Uuid, tip_id: String) -> Result<Tip, IpcError> {
    state.with(|i| i.select_library_tip(enrolment_id, &tip_id))
}

#[tauri::command]
pub fn remove_tip(state: State<'_, AppState>, tip_id: Uuid) -> Result<(), IpcError> {
    state.with(|i| i.remove_tip(tip_id))
}

/// The end report's pages as SVG, for the preview.
#[tauri::command]
pub fn report_preview(
    state: State<'_, AppState>,
    enrolment_id: Uuid,
    audience: ReportAudience,
) -> Result<Vec<String>, IpcError> {
    state.with(|i| i.end_report_preview(enrolment_id, audience))
}

#[tauri::command]
pub fn export_end_report_docx(
    state: State<'_, AppState>,
    enrolment_id: Uuid,
    audience: ReportAudience,
) -> Result<String, IpcError> {
    state.with(|i| i.export_end_report_docx(enrolment_id, audience))
}

/// A final version just made, and where its PDF was written.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct Finalised {
    pub version: EndReportVersion,
    pub path: String,
}

#[tauri::command]
pub fn finalise_end_report(
    state: State<'_, AppState>,
    enrolment_id: Uuid,
    audience: ReportAudience,
) -> Result<Finalised, IpcError> {
    state.with(|i| i.finalise_end_report(enrolment_id, audience).map(|(version, path)| Finalised { version, path }))
}

#[tauri::command]
pub fn final_reports(state: State<'_, AppState>, enrolment_id: Uuid) -> Result<Vec<EndReportVersion>, IpcError> {
    state.with(|i| i.final_reports(enrolment_id))
}

/// How far a batch export is.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct BatchProgress {
    pub done: usize,
    pub total: usize,
    pub child: String,
}

/// Writes the school end reports of a run into a new folder under the data
/// folder, telling the window after each report. Runs off the main thread so
/// the window stays responsive and shows the progress.
#[tauri::command]
pub async fn export_run_reports(
    state: State<'_, AppState>,
    run_id: Uuid,
    on_progress: tauri::ipc::Channel<BatchProgress>,
) -> Result<BatchResult, IpcError> {
    state.with(|i| {
        i.export_run_reports(run_id, |done, total, child| {
            // A closed window just stops hearing about it.
            let _ = on_progress.send(BatchProgress { done, total, child: child.to_string() });
        })
    })
}

/// Saves a final version's PDF again, from its frozen content.
#[tauri::command]
pub fn export_final_report(state: State<'_, AppState>, version_id: Uuid) -> Result<String, IpcError> {
    state.with(|i| i.export_final_report(version_id))
}

/// Writes the teacher tips of every child of a run (with consent and tips) as one HTML file.
#[tauri::command]
pub fn export_run_tips(state: State<'_, AppState>, run_id: Uuid) -> Result<BatchResult, IpcError> {
    state.with(|i| i.export_run_tips(run_id))
}
