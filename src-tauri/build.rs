// Declares the app's IPC commands to Tauri so that each one gets its own
// permission (`allow-<command>`), granted per window in tauri.conf.json.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(ineen_commands())),
    )
    .expect("tauri-build failed");
}

/// Must list exactly the commands registered in `src-tauri/commands.rs`.
fn ineen_commands() -> &'static [&'static str] {
    &[
        "list_programmes",
        "get_status",
        "set_language",
        "list_runs",
        "run_sessions",
        "run_warnings",
        "preview_schedule",
        "create_run",
        "sessions_on",
        "attendance_grid",
        "hold_session",
        "cancel_session",
        "record_attendance",
        "search_participants",
        "list_enrolments",
        "enrolment_overview",
        "enrol",
        "record_indication",
        "set_enrolment_status",
        "score_goal",
        "save_trainer",
        "save_school",
        "save_participant",
        "save_consent",
        "save_contact",
        "save_goal",
        "save_measurement",
        "save_observation",
        "list_trainers",
        "list_schools",
        "participant_details",
        "flagged_enrolments",
        "clear_attendance",
        "set_me",
        "save_guardian",
        "save_tip",
        "session_sheet",
        "export_end_report",
        "export_tips_handout",
        "tip_library",
        "select_library_tip",
        "remove_tip",
        "report_preview",
        "export_end_report_docx",
        "finalise_end_report",
        "final_reports",
        "export_run_reports",
        "export_final_report",
        "export_run_tips",
    ]
}
