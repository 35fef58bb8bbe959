//! The command line on the real binary, with no display.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

fn ineen(args: &[&str], data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ineen"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("ineen runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn programmes_json_lists_the_four_programmes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ineen(&["programmes", "--json"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<_> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "alles-kidzzz",
            "plezier-op-school",
            "stop-4-7",
            "time-4-you"
        ]
    );
    let stop = list
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["id"] == "stop-4-7")
        .expect("STOP 4-7");
    assert_eq!(
        track_counts(stop),
        json!([["child", 10], ["parent", 10], ["teacher", 4]])
    );
    assert_eq!(stop["indication_required"], true);
    assert!(
        dir.path().join("ineen.sqlite").exists(),
        "the store is created in the data folder"
    );
}

#[test]
fn programmes_text_reads_in_dutch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ineen(&["programmes"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("STOP 4-7 — Samen sterker terug op pad  [stop-4-7]"),
        "{text}"
    );
    assert!(
        text.contains("Bijeenkomsten: kind 10, ouder 10, leerkracht 4"),
        "{text}"
    );
    assert!(text.contains("Bijeenkomsten: individueel 4–26"), "{text}");
    assert!(
        text.contains("Leeftijd 4–7 jaar · indicatie nodig"),
        "{text}"
    );
}

#[test]
fn help_explains_both_faces() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ineen(&["--help"], dir.path());
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("Without a subcommand, Ineen opens its window"),
        "{text}"
    );
    assert!(text.contains("programmes"), "{text}");
    assert!(text.contains("--data-dir"), "{text}");
}

#[test]
fn an_unknown_subcommand_fails_with_usage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ineen(&["programs"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("programmes"),
        "clap suggests the right name: {}",
        stderr(&out)
    );
}

#[test]
fn an_unusable_data_folder_fails_with_a_dutch_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bestand");
    std::fs::write(&file, "x").expect("write");
    let out = ineen(&["programmes"], &file);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("De gegevensmap"), "{}", stderr(&out));
}

#[test]
fn a_broken_own_programme_is_named_and_the_rest_still_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("curricula")).expect("mkdir");
    std::fs::write(
        dir.path().join("curricula/weerbaar.toml"),
        "schema = 1\nid = \"weerbaar\"\nname = \"Weerbaar\"\nindication_required = \"nee\"\n",
    )
    .expect("write");
    let out = ineen(&["programmes", "--json"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("weerbaar.toml, regel 4, veld 'indication_required'"),
        "{err}"
    );
    let list: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(list.as_array().expect("array").len(), 4);
}

#[test]
fn the_default_data_folder_is_the_users_app_data_folder() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_ineen"))
        .args(["programmes", "--json"])
        .env("XDG_DATA_HOME", home.path())
        .env_remove("DISPLAY")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(home.path().join("nl.ineen.desktop/ineen.sqlite").exists());
}

#[test]
fn without_a_display_the_window_command_explains_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ineen(&[], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("geen beeldscherm"),
        "{}",
        stderr(&out)
    );
}

/// `[[kind, sessions], ...]` of a programme as JSON.
fn track_counts(programme: &Value) -> Value {
    programme["tracks"]
        .as_array()
        .expect("tracks")
        .iter()
        .map(|t| json!([t["kind"], t["sessions"]]))
        .collect()
}
