//! Helpers shared by the app-level tests.
// Each test binary uses some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
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

/// A colleague's export of the data in `mine`, in which she shared one
/// trainers-only observation with the parents and recorded a consent for
/// the school (her copy lives in `work`). Returns the file and the
/// observation's id.
pub fn colleague_export(mine: &Path, work: &Path) -> (PathBuf, uuid::Uuid) {
    use ineen_core::model::{Audience, Consent, Observation};
    let (theirs, shared, file) = (work.join("theirs"), work.join("mine.json"), work.join("mehmet.json"));
    let path = |p: &Path| p.to_str().expect("path").to_string();
    assert!(ineen(&["export", "--json", &path(&shared)], mine).status.success());
    assert!(ineen(&["import", "--yes", "--json", &path(&shared)], &theirs).status.success());
    let mut other = ineen_core::Ineen::open(&theirs).expect("open");
    let export = other.export().expect("export");
    let note = export.records.observations.iter().find(|o| o.data.audience == Audience::Trainers).expect("note");
    other.save(&Observation { audience: Audience::Parents, ..note.data.clone() }).expect("share");
    other
        .save(&Consent {
            id: uuid::Uuid::now_v7(),
            enrolment_id: note.data.enrolment_id,
            given_by: "vader".into(),
            audience: Audience::School,
            scope: "eindverslag".into(),
            given_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
            withdrawn_on: None,
        })
        .expect("consent");
    drop(other);
    assert!(ineen(&["export", "--json", &path(&file)], &theirs).status.success());
    (file, note.data.id)
}
