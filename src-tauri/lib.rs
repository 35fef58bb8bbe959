//! The desktop app `ineen`: Tauri wiring, IPC adapters and the command line.
//!
//! Everything here is an adapter over [`ineen_core::Ineen`]; no domain logic
//! lives in this crate.

pub mod bindings;
pub mod cli;
pub mod commands;
pub mod ipc;
pub mod paths;

use std::path::Path;

use commands::AppState;

/// Registers the app's state and commands on a builder: the real runtime in
/// [`run_window`], Tauri's mock runtime in tests.
pub fn register<R: tauri::Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder.manage(state).invoke_handler(tauri::generate_handler![
        commands::list_programmes,
        commands::get_status,
        commands::set_language,
        commands::list_runs,
        commands::run_sessions,
        commands::run_warnings,
        commands::preview_schedule,
        commands::create_run,
        commands::sessions_on,
        commands::attendance_grid,
        commands::hold_session,
        commands::cancel_session,
        commands::record_attendance,
        commands::search_participants,
        commands::list_enrolments,
        commands::enrolment_overview,
        commands::enrol,
        commands::record_indication,
        commands::set_enrolment_status,
        commands::score_goal,
        commands::save_trainer,
        commands::save_school,
        commands::save_participant,
        commands::save_consent,
        commands::save_contact,
        commands::save_goal,
        commands::save_measurement,
        commands::save_observation,
        commands::list_trainers,
        commands::list_schools,
        commands::participant_details,
        commands::flagged_enrolments,
        commands::clear_attendance,
        commands::set_me,
        commands::save_guardian,
        commands::save_tip,
        commands::session_sheet,
        commands::export_end_report,
        commands::export_tips_handout,
        commands::tip_library,
        commands::select_library_tip,
        commands::remove_tip,
        commands::report_preview,
        commands::export_end_report_docx,
        commands::finalise_end_report,
        commands::final_reports,
        commands::export_run_reports,
        commands::export_final_report,
        commands::export_run_tips,
    ])
}

/// Opens the main window on the data folder `data_dir` and runs until it closes.
pub fn run_window(data_dir: &Path) -> Result<(), tauri::Error> {
    let state = AppState::open(data_dir);
    register(tauri::Builder::default(), state).run(tauri::generate_context!())
}
