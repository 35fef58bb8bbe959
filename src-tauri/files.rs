//! The window's files on the desktop: the save dialog for a report or an
//! export, and opening it or showing it in the file manager.
//!
//! The dialog is shown from here, not from the web view, so a path that is
//! written to is always one the user chose in it: the web view can neither
//! name a place to write nor open anything but the files Ineen made (those
//! in the report folder and those the user saved elsewhere in this window).

use std::path::{Path, PathBuf};

use ineen_core::{ErrorCode, Lang};
use tauri_plugin_dialog::DialogExt;

use crate::commands::AppState;
use crate::ipc::IpcError;

/// Files saved together into a folder the user chose.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct SavedFiles {
    /// The folder they are in.
    pub folder: String,
    /// Each file, in the order they were given.
    pub files: Vec<String>,
}

/// A `window` command's view of the desktop: the app (its dialogs) and the
/// window's state.
pub struct Desk<'a, R: tauri::Runtime> {
    pub app: &'a tauri::AppHandle<R>,
    pub state: &'a AppState,
}

impl<R: tauri::Runtime> Desk<'_, R> {
    /// The save dialog for a file just written into the report folder,
    /// opening there with the file's name; the file is moved where the user
    /// chose (the report folder under that name, when she keeps what is
    /// offered). Cancelled: the file is wiped and `None` returned.
    pub fn save_as(&self, written: &Path, title: &str) -> Result<Option<String>, IpcError> {
        let dir = self.state.with(|i| i.reports_dir())?;
        let written = &self.state.with(|i| i.export_file(written))?;
        let name = written.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = written.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        // Aside while the dialog is open, so its name is offered as free.
        let written = &self.state.with(|i| i.set_aside_export(written))?;
        let mut dialog = self.app.dialog().file().set_title(title).set_directory(&dir).set_file_name(&name);
        if !ext.is_empty() {
            dialog = dialog.add_filter(ext.to_uppercase(), &[ext.as_str()]);
        }
        if let Some(window) = tauri::Manager::get_webview_window(self.app, "main") {
            dialog = dialog.set_parent(&window);
        }
        // What the user chose in the dialog is done even if the window
        // locked while it was open (she was there to choose).
        let chosen = dialog.blocking_save_file().and_then(|c| c.into_path().ok());
        let Some(to) = chosen else {
            self.state.with_store(|i| i.discard_export(written))?;
            return Ok(None);
        };
        match self.state.with_store(|i| i.place_export(written, &to)) {
            Ok(placed) => {
                if let Ok(mut saved) = self.state.saved.lock() {
                    saved.insert(placed.clone());
                }
                Ok(Some(placed.display().to_string()))
            }
            // Not placed (a folder she may not write in, the data folder):
            // nothing is left behind; saving again makes the file anew.
            Err(e) => {
                let _ = self.state.with_store(|i| i.discard_export(written));
                Err(e)
            }
        }
    }

    /// The folder dialog for files just written into the report folder
    /// together (an inzage's PDF and JSON, a group's reports), opening
    /// there; the files are moved into the folder the user chose. Cancelled:
    /// they are wiped and `None` returned.
    pub fn save_in_folder(&self, written: &[PathBuf], title: &str) -> Result<Option<SavedFiles>, IpcError> {
        let dir = self.state.with(|i| i.reports_dir())?;
        let written = written.iter().map(|w| self.state.with(|i| i.export_file(w))).collect::<Result<Vec<_>, _>>()?;
        let mut dialog = self.app.dialog().file().set_title(title).set_directory(&dir);
        if let Some(window) = tauri::Manager::get_webview_window(self.app, "main") {
            dialog = dialog.set_parent(&window);
        }
        let chosen = dialog.blocking_pick_folder().and_then(|c| c.into_path().ok());
        let Some(to) = chosen else {
            for w in &written {
                self.state.with_store(|i| i.discard_export(w))?;
            }
            return Ok(None);
        };
        let placed = self.state.with_store(|i| i.place_exports_in(&written, &to))?;
        if let Ok(mut saved) = self.state.saved.lock() {
            saved.extend(placed.iter().cloned());
        }
        let folder = placed.first().and_then(|p| p.parent()).unwrap_or(&to).display().to_string();
        Ok(Some(SavedFiles { folder, files: placed.iter().map(|p| p.display().to_string()).collect() }))
    }

    /// Opens a file Ineen made in the program the system has for it.
    pub fn open(&self, path: &Path) -> Result<(), IpcError> {
        let path = self.allowed(path)?;
        tauri_plugin_opener::open_path(path.display().to_string(), None::<&str>).map_err(|_| self.cannot_open(&path))
    }

    /// Shows a file Ineen made in the file manager, selected.
    pub fn reveal(&self, path: &Path) -> Result<(), IpcError> {
        let path = self.allowed(path)?;
        tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|_| self.cannot_open(&path))
    }

    /// `path`, resolved, when it is a file or folder Ineen made: in the
    /// report folder, or saved by the user in this window.
    fn allowed(&self, path: &Path) -> Result<PathBuf, IpcError> {
        let resolved = path.canonicalize().ok();
        let saved = |p: &PathBuf| self.state.saved.lock().map(|s| s.contains(p)).unwrap_or(false);
        match resolved {
            Some(p) if saved(&p) || self.state.with(|i| Ok(i.is_export(&p)))? => Ok(p),
            _ => Err(IpcError::from_core(
                &ineen_core::Error::OutputRefused {
                    path: path.to_path_buf(),
                    why: ineen_core::files::Refused::NotAnExport,
                },
                self.lang(),
            )),
        }
    }

    fn cannot_open(&self, path: &Path) -> IpcError {
        let path = path.display();
        IpcError {
            code: ErrorCode::FileFailed,
            message: match self.lang() {
                Lang::Nl => format!(
                    "{path} kon niet worden geopend: deze computer heeft er geen programma of bestandsbeheer voor. \
                     Het bestand staat er wel; open het zelf vanuit die map."
                ),
                Lang::En => format!(
                    "{path} could not be opened: this computer has no program or file manager for it. \
                     The file is there; open it yourself from that folder."
                ),
            },
            field: None,
        }
    }

    fn lang(&self) -> Lang {
        self.state.with(|i| i.language()).unwrap_or_default()
    }
}
