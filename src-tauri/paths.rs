//! Where Ineen keeps its data when no `--data-dir` is given.

use std::path::PathBuf;

/// The app identifier, as in `tauri.conf.json`.
pub const IDENTIFIER: &str = "nl.ineen.desktop";

/// The OS app-data folder, the same one Tauri's `app_data_dir()` names:
/// `$XDG_DATA_HOME/nl.ineen.desktop` (usually `~/.local/share/...`) on Linux.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(IDENTIFIER))
}
