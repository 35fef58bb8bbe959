//! The desktop app `ineen`: Tauri wiring, IPC adapters and the command line.
//!
//! Everything here is an adapter over [`ineen_core::Ineen`]; no domain logic
//! lives in this crate.

pub mod autosync;
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
    builder.manage(state).invoke_handler(commands::handler())
}

/// Opens the main window on the data folder `data_dir` and runs until it
/// closes; sync runs by itself while a team and a sync folder are set.
pub fn run_window(data_dir: &Path) -> Result<(), tauri::Error> {
    let state = AppState::open(data_dir);
    register(tauri::Builder::default(), state)
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            autosync::start(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
}
