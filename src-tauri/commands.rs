//! The IPC commands of the main window: thin adapters over [`Ineen`].
//!
//! Each command is declared once here, listed in `build.rs` (which makes its
//! permission) and granted in `tauri.conf.json`.

use std::path::Path;
use std::sync::Mutex;

use ineen_core::{Ineen, Lang, Programme, Status};
use tauri::State;

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
            Err(e) => AppState {
                ineen: Err(IpcError::from_core(&e, Lang::default())),
            },
        }
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&Ineen) -> ineen_core::error::Result<T>,
    ) -> Result<T, IpcError> {
        let lock = self.ineen.as_ref().map_err(Clone::clone)?;
        let ineen = lock
            .lock()
            .map_err(|_| IpcError::internal(Lang::default()))?;
        f(&ineen).map_err(|e| IpcError::from_core(&e, ineen.language().unwrap_or_default()))
    }
}

impl From<Ineen> for AppState {
    fn from(ineen: Ineen) -> AppState {
        AppState {
            ineen: Ok(Mutex::new(ineen)),
        }
    }
}

/// The programmes, by name.
#[tauri::command]
pub fn list_programmes(state: State<'_, AppState>) -> Result<Vec<Programme>, IpcError> {
    state.with(Ineen::programmes)
}

/// Version, language, data folder and start-up problems.
#[tauri::command]
pub fn get_status(state: State<'_, AppState>) -> Result<Status, IpcError> {
    state.with(Ineen::status)
}

/// Switches the interface language and keeps the choice.
#[tauri::command]
pub fn set_language(state: State<'_, AppState>, language: Lang) -> Result<Status, IpcError> {
    state.with(|ineen| {
        ineen.set_language(language)?;
        ineen.status()
    })
}
