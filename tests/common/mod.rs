//! Helpers shared by the app-level tests.
// Each test binary uses some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The recovery passphrase of the tests' data folders, given to the binary
/// in `INEEN_PASSPHRASE` (the machine has no keyring); the same as
/// `Unlock::for_tests()` in process.
pub const PASSPHRASE: &str = "herstelwachtwoord voor tests";

/// The real `ineen` binary, given the tests' recovery passphrase.
pub fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ineen"));
    cmd.env("INEEN_PASSPHRASE", PASSPHRASE);
    cmd
}

/// Runs the real `ineen` binary with `args` on `data_dir`, without a display.
pub fn ineen(args: &[&str], data_dir: &Path) -> Output {
    binary()
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
/// observation's id. The file is encrypted with the tests' passphrase, as every export.
pub fn colleague_export(mine: &Path, work: &Path) -> (PathBuf, uuid::Uuid) {
    use ineen_core::model::{Audience, Consent, Observation};
    let (theirs, shared, file) = (work.join("theirs"), work.join("mine.json"), work.join("mehmet.json"));
    let path = |p: &Path| p.to_str().expect("path").to_string();
    assert!(ineen(&["export", "--json", &path(&shared)], mine).status.success());
    assert!(ineen(&["import", "--yes", "--json", &path(&shared)], &theirs).status.success());
    let mut other = ineen_core::Ineen::open(&theirs, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let export = other.export().expect("export");
    let note = export.records.observations.iter().find(|o| o.data.audience == Audience::Trainers).expect("note");
    other.save(&Observation { audience: Audience::Parents, ..note.data.clone() }).expect("share");
    other
        .save(&Consent {
            id: uuid::Uuid::now_v7(),
            enrolment_id: note.data.enrolment_id,
            giver: ineen_core::model::Giver::Guardian,
            guardian_id: None,
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

/// The database file `file` (the store or a backup of the data folder
/// `data`) opened with plain rusqlite and the folder's key, for tests that
/// look underneath: the key is opened from `ineen.key` with the tests'
/// passphrase.
pub fn raw_store(file: &Path, data: &Path) -> rusqlite::Connection {
    let text = std::fs::read_to_string(data.join(ineen_core::keys::KEY_FILE)).expect("key file");
    let key = ineen_core::keys::SealedKey::from_json(&text).expect("sealed").open(PASSPHRASE).expect("passphrase");
    ineen_core::store::cipher::open(file, &key, rusqlite::OpenFlags::default()).expect("open")
}
