//! Helpers shared by the app-level tests.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the real `ineen` binary with `args` on `data_dir`, without a display.
pub fn ineen(args: &[&str], data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ineen"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("ineen runs")
}
