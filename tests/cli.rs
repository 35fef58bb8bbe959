//! The command line on the real binary, with no display.

mod common;
use common::ineen;

use std::process::Output;

use serde_json::{json, Value};

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
    let ids: Vec<_> = list.as_array().expect("array").iter().map(|p| p["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["alles-kidzzz", "plezier-op-school", "stop-4-7", "time-4-you"]);
    let stop = list.as_array().expect("array").iter().find(|p| p["id"] == "stop-4-7").expect("STOP 4-7");
    assert_eq!(track_counts(stop), json!([["child", 10], ["parent", 10], ["teacher", 4]]));
    assert_eq!(stop["indication_required"], true);
    assert!(dir.path().join("ineen.sqlite").exists(), "the store is created in the data folder");
}

#[test]
fn programmes_text_reads_in_dutch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ineen(&["programmes"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("STOP 4-7 — Samen sterker terug op pad  [stop-4-7]"), "{text}");
    assert!(text.contains("Bijeenkomsten: kind 10, ouder 10, leerkracht 4"), "{text}");
    assert!(text.contains("Bijeenkomsten: individueel 4–26"), "{text}");
    assert!(text.contains("Leeftijd 4–7 jaar · indicatie nodig"), "{text}");
}

#[test]
fn help_explains_both_faces() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ineen(&["--help"], dir.path());
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Without a subcommand, Ineen opens its window"), "{text}");
    assert!(text.contains("programmes"), "{text}");
    assert!(text.contains("--data-dir"), "{text}");
}

#[test]
fn an_unknown_subcommand_fails_with_usage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ineen(&["programs"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("programmes"), "clap suggests the right name: {}", stderr(&out));
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
    assert!(err.contains("weerbaar.toml, regel 4, veld 'indication_required'"), "{err}");
    let list: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(list.as_array().expect("array").len(), 4);
}

#[test]
fn the_default_data_folder_is_the_users_app_data_folder() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = common::binary()
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
    assert!(stderr(&out).contains("geen beeldscherm"), "{}", stderr(&out));
}

/// `[[kind, sessions], ...]` of a programme as JSON.
fn track_counts(programme: &Value) -> Value {
    programme["tracks"].as_array().expect("tracks").iter().map(|t| json!([t["kind"], t["sessions"]])).collect()
}

#[test]
fn demo_export_import_export_round_trips_through_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    let (a_json, b_json) = (dir.path().join("a.json"), dir.path().join("b.json"));
    let out = ineen(&["demo"], &a_dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Demogegevens toegevoegd"), "{}", stdout(&out));
    let again = ineen(&["demo"], &a_dir);
    assert!(stdout(&again).contains("niets toegevoegd"), "{}", stdout(&again));

    let enrolments = ineen(&["enrolments", "--json"], &a_dir);
    let list: Value = serde_json::from_slice(&enrolments.stdout).expect("json");
    assert_eq!(list.as_array().expect("array").len(), 20);

    assert!(ineen(&["export", "--json", a_json.to_str().expect("path"), "--plain"], &a_dir).status.success());
    let import = ineen(&["import", "--yes", "--json", a_json.to_str().expect("path")], &b_dir);
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(ineen(&["export", "--json", b_json.to_str().expect("path"), "--plain"], &b_dir).status.success());
    let (a, b) = (std::fs::read(&a_json).expect("a"), std::fs::read(&b_json).expect("b"));
    assert!(a == b, "a.json and b.json differ");
}

/// Issue 11, fifth reproduction: an import shows what it would change —
/// above all a trainers-only note that would reach the parents and a consent
/// added — and changes nothing until it is confirmed (`--yes`).
#[test]
fn an_import_shows_what_it_would_change_and_waits_for_a_yes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mine = dir.path().join("mine");
    assert!(ineen(&["demo"], &mine).status.success());
    let (back, note) = common::colleague_export(&mine, dir.path());

    let db = mine.join("ineen.sqlite");
    let count = |sql: &str| -> i64 { common::raw_store(&db, &mine).query_row(sql, [], |r| r.get(0)).expect("count") };
    let consents = count("SELECT count(*) FROM consent");
    let out = ineen(&["import", "--json", back.to_str().expect("p")], &mine);
    assert!(!out.status.success(), "no terminal, no --yes: nothing is imported");
    let text = stdout(&out);
    assert!(text.contains("Dit bestand zou 2 records veranderen"), "{text}");
    assert!(text.contains("Observaties") && text.contains("Toestemmingen"), "{text}");
    assert!(text.contains("alleen trainers → de ouders"), "{text}");
    assert!(text.contains("Toestemming toegevoegd:") && text.contains("delen met de school"), "{text}");
    assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));
    assert_eq!(count("SELECT count(*) FROM consent"), consents, "nothing changed");
    let audience = format!("SELECT count(*) FROM observation WHERE id = '{note}' AND audience = 'trainers'");
    assert_eq!(count(&audience), 1, "still trainers only");

    let out = ineen(&["import", "--yes", "--json", back.to_str().expect("p")], &mine);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Ingelezen, 2 records veranderd"), "{}", stdout(&out));
    assert_eq!(count("SELECT count(*) FROM consent"), consents + 1);
    assert_eq!(count(&audience), 0, "now shared, as confirmed");
}

#[test]
fn a_corrupted_import_fails_and_leaves_the_store_byte_for_byte_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let file = dir.path().join("export.json");
    assert!(ineen(&["demo"], &data).status.success());
    assert!(ineen(&["export", "--json", file.to_str().expect("path"), "--plain"], &data).status.success());
    let good = std::fs::read_to_string(&file).expect("read");
    let db = data.join("ineen.sqlite");
    let before = std::fs::read(&db).expect("db");

    let broken = [
        good.replacen("\"person\": \"child\"", "\"person\": \"kind\"", 1),
        good[..good.len() - 200].to_string(),
        "niet eens json".to_string(),
    ];
    for text in broken {
        std::fs::write(&file, text).expect("write");
        let out = ineen(&["import", "--json", file.to_str().expect("path")], &data);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains("Het bestand is niet ingelezen") && err.contains("Er is niets veranderd"), "{err}");
        assert_eq!(std::fs::read(&db).expect("db"), before, "the store did not change");
    }
    let missing = ineen(&["import", "--json", "/nonexistent/x.json"], &data);
    assert!(stderr(&missing).contains("kan niet worden gelezen"), "{}", stderr(&missing));

    let conn = common::raw_store(&db, &data);
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    assert_eq!(ok, "ok");
}

#[test]
fn a_team_forms_through_a_shared_folder_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (anouk, mehmet, folder) = (dir.path().join("anouk"), dir.path().join("mehmet"), dir.path().join("OneDrive"));
    std::fs::create_dir_all(&folder).expect("folder");
    let ok = |args: &[&str], data: &std::path::Path| {
        let out = ineen(args, data);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    ok(&["demo"], &anouk);
    let text = ok(&["team", "create", "--name", "STOP 4-7 Utrecht", "--me", "Anouk"], &anouk);
    assert!(text.contains("Team: STOP 4-7 Utrecht") && text.contains("Anouk — coördinator (deze laptop)"), "{text}");
    let invite_file = dir.path().join("uitnodiging.json");
    let text = ok(&["team", "invite", "--name", "Mehmet", "--out", invite_file.to_str().expect("path")], &anouk);
    assert!(text.contains("Uitnodigingscode voor Mehmet (trainer): "), "{text}");

    // The code also works typed; here the file is carried over.
    let folder_arg = folder.to_str().expect("path");
    let text =
        ok(&["team", "join", invite_file.to_str().expect("path"), "--me", "Mehmet", "--folder", folder_arg], &mehmet);
    assert!(text.contains("Verzoek om mee te doen staat in de map"), "{text}");
    let text = ok(&["sync", "--folder", folder_arg], &anouk);
    assert!(text.contains("Toegelaten tot het team: Mehmet"), "{text}");
    let text = ok(&["sync", "--folder", folder_arg], &mehmet);
    assert!(text.contains("Gelezen bundels: 1"), "{text}");
    // Mehmet now has the demo records, and both laptops agree on the team.
    let list = ok(&["enrolments", "--json"], &mehmet);
    assert!(serde_json::from_str::<Value>(&list).expect("json").as_array().is_some_and(|a| a.len() > 5), "{list}");
    ok(&["sync"], &anouk);
    let team: Value = serde_json::from_str(&ok(&["team", "--json"], &mehmet)).expect("json");
    assert_eq!(team["members"].as_array().map(Vec::len), Some(2));
    let text = ok(&["conflicts"], &mehmet);
    assert!(text.contains("Open conflicten: 0"), "{text}");

    // Clear refusals: a wrong code, an unknown conflict, a second team.
    let out = ineen(&["team", "join", "ABCDEFG-HIJ", "--me", "X"], &dir.path().join("x"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Deze uitnodigingscode klopt niet"), "{}", stderr(&out));
    let out = ineen(&["conflicts", "resolve", "abc", "--take", "mine"], &mehmet);
    assert!(stderr(&out).contains("Er is geen open conflict 'abc'"), "{}", stderr(&out));
    let out = ineen(&["team", "create", "--name", "Nog een", "--me", "M"], &mehmet);
    assert!(stderr(&out).contains("hoort al bij een team"), "{}", stderr(&out));
    let out = ineen(&["sync"], &dir.path().join("y"));
    assert!(stderr(&out).contains("nog geen synchronisatiemap"), "{}", stderr(&out));
}

/// Issue 11, first reproduction: an output file can no longer replace the
/// store, an existing file, or leave half a file behind.
#[test]
fn output_files_never_replace_the_store_or_an_existing_file_unasked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let list: Value = serde_json::from_slice(&ineen(&["enrolments", "--json"], &data).stdout).expect("json");
    let enrolment = list[0]["id"].as_str().expect("id").to_string();
    let store = data.join("ineen.sqlite");
    // An encrypted store starts with its salt, which stays while pages are re-encrypted.
    let head = |p: &std::path::Path| std::fs::read(p).expect("store")[..16].to_vec();
    let before = head(&store);
    for args in [
        vec!["report", "end", "--enrolment", &enrolment, "--for", "parents", "--out", store.to_str().expect("p")],
        vec!["export", "--json", store.to_str().expect("p"), "--force"],
    ] {
        let out = ineen(&args, &data);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains("gegevensbestand van Ineen zelf"), "{}", stderr(&out));
    }
    assert_eq!(head(&store), before, "still the store");
    let tables: i64 = common::raw_store(&store, &data)
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .expect("opens with its key");
    assert!(tables > 10);
    let again: Value = serde_json::from_slice(&ineen(&["enrolments", "--json"], &data).stdout).expect("json");
    assert_eq!(again.as_array().map(Vec::len), list.as_array().map(Vec::len), "with every record");

    // An existing file is kept unless --force.
    let file = dir.path().join("export.json");
    std::fs::write(&file, b"mine").expect("write");
    let out = ineen(&["export", "--json", file.to_str().expect("p"), "--plain"], &data);
    assert!(stderr(&out).contains("Er staat al een bestand"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&file).expect("read"), b"mine");
    assert!(ineen(&["export", "--json", file.to_str().expect("p"), "--force", "--plain"], &data).status.success());
    assert!(std::fs::read(&file).expect("read").starts_with(b"{"));

    // A folder as the target: a clear refusal, and no temporary file left.
    let folder = dir.path().join("verslagen");
    std::fs::create_dir(&folder).expect("mkdir");
    let out = ineen(
        &["report", "end", "--enrolment", &enrolment, "--for", "parents", "--out", folder.to_str().expect("p")],
        &data,
    );
    assert!(stderr(&out).contains("is een map"), "{}", stderr(&out));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Issue 11, second reproduction: two processes finalising the same report
/// at once get different version numbers (counted inside the write).
#[test]
fn parallel_finals_get_distinct_versions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let list: Value = serde_json::from_slice(&ineen(&["enrolments", "--json"], &data).stdout).expect("json");
    let enrolment = list[0]["id"].as_str().expect("id").to_string();
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let (data, out, enrolment) = (data.clone(), dir.path().join(format!("p{i}.pdf")), enrolment.clone());
            std::thread::spawn(move || {
                common::binary()
                    .args(["report", "end", "--enrolment", &enrolment, "--for", "parents", "--final", "--out"])
                    .arg(&out)
                    .arg("--data-dir")
                    .arg(&data)
                    .output()
                    .expect("runs")
            })
        })
        .collect();
    for t in threads {
        let out = t.join().expect("thread");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let export = dir.path().join("export.json");
    assert!(ineen(&["export", "--json", export.to_str().expect("p"), "--plain"], &data).status.success());
    let json: Value = serde_json::from_slice(&std::fs::read(&export).expect("read")).expect("json");
    let mut versions: Vec<u64> = json["records"]["end_reports"]
        .as_array()
        .expect("finals")
        .iter()
        .filter(|r| r["data"]["enrolment_id"] == enrolment.as_str() && r["data"]["audience"] == "parents")
        .map(|r| r["data"]["version"].as_u64().expect("n"))
        .collect();
    versions.sort_unstable();
    assert_eq!(versions, (1..=4).collect::<Vec<u64>>(), "every version once");
}

/// Issue 11, second reproduction: two `demo`s at once add the demo once.
#[test]
fn two_demos_at_once_add_it_once() {
    for _ in 0..3 {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        assert!(ineen(&["programmes"], &data).status.success());
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let data = data.clone();
                std::thread::spawn(move || ineen(&["demo"], &data))
            })
            .collect();
        let outs: Vec<Output> = threads.into_iter().map(|t| t.join().expect("thread")).collect();
        assert!(outs.iter().all(|o| o.status.success()), "{}", outs.iter().map(stderr).collect::<String>());
        let added = outs.iter().filter(|o| stdout(o).contains("Demogegevens toegevoegd")).count();
        assert_eq!(added, 1);
        let list: Value = serde_json::from_slice(&ineen(&["enrolments", "--json"], &data).stdout).expect("json");
        assert_eq!(list.as_array().map(Vec::len), Some(20), "the demo once");
    }
}

/// Issue 11, second reproduction: a command that only reads neither writes
/// nor waits while another process holds the store's write lock.
#[test]
fn reading_commands_work_while_another_process_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let conn = common::raw_store(&data.join("ineen.sqlite"), &data);
    conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO setting (key, value) VALUES ('held', '1');").expect("lock");
    let started = std::time::Instant::now();
    for args in [&["programmes", "--json"][..], &["enrolments", "--json"], &["conflicts"], &["team"]] {
        let out = ineen(args, &data);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(4), "no command waited for the lock");
    conn.execute_batch("ROLLBACK").expect("release");
}

/// Issue 11, one writer: a command that writes refuses at once while a
/// window has the data folder, naming it, and waits for another command;
/// reading commands need no lock.
#[test]
fn one_writer_at_a_time_and_whoever_waits_knows_who() {
    use ineen_core::lock::{DataLock, WINDOW};
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());

    let window = DataLock::try_acquire(&data, WINDOW).expect("io").expect("free");
    let started = std::time::Instant::now();
    let out = ineen(&["demo"], &data);
    assert!(!out.status.success());
    let msg = stderr(&out);
    assert!(msg.contains("open in het venster van Ineen (proces") && msg.contains("Er is niets veranderd"), "{msg}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "a window is not waited for");
    assert!(ineen(&["enrolments", "--json"], &data).status.success(), "reading needs no lock");
    drop(window);

    let import = DataLock::try_acquire(&data, "ineen import").expect("io").expect("free");
    let waiter = {
        let data = data.clone();
        std::thread::spawn(move || ineen(&["backup"], &data))
    };
    std::thread::sleep(std::time::Duration::from_millis(1500));
    drop(import);
    let out = waiter.join().expect("thread");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Even wachten op de opdracht 'ineen import' (proces"), "{}", stderr(&out));
}

/// Issue 11: backups are made and checked, and a restore puts one back,
/// refusing a damaged or newer file and keeping the current store.
#[test]
fn a_backup_is_made_checked_and_restored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let out = ineen(&["backup"], &data);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Reservekopie gemaakt en gecontroleerd:"), "{text}");
    let backup = std::path::PathBuf::from(text.trim().rsplit(": ").next().expect("path"));
    assert!(backup.starts_with(data.join("reservekopieen")) && backup.exists(), "{}", backup.display());
    assert!(stdout(&ineen(&["backups"], &data)).contains("ineen-"), "listed");

    // Records are lost (a bug, a wrong import): the backup brings them back.
    let count = |data: &std::path::Path| -> i64 {
        let conn = common::raw_store(&data.join("ineen.sqlite"), data);
        conn.query_row("SELECT count(*) FROM attendance", [], |r| r.get(0)).expect("count")
    };
    let before = count(&data);
    assert!(before > 100);
    common::raw_store(&data.join("ineen.sqlite"), &data).execute("DELETE FROM attendance", []).expect("lose");
    assert_eq!(count(&data), 0);

    // A damaged file and one from a newer Ineen are refused; nothing changes.
    let junk = dir.path().join("kapot.sqlite");
    std::fs::write(&junk, vec![7u8; 8192]).expect("junk");
    let out = ineen(&["restore", junk.to_str().expect("p")], &data);
    assert!(!out.status.success());
    let newer = dir.path().join("nieuwer.sqlite");
    std::fs::copy(&backup, &newer).expect("copy");
    common::raw_store(&newer, &data).pragma_update(None, "user_version", 99).expect("bump");
    let out = ineen(&["restore", newer.to_str().expect("p")], &data);
    assert!(stderr(&out).contains("nieuwere versie"), "{}", stderr(&out));
    assert_eq!(count(&data), 0, "refused restores change nothing");

    let out = ineen(&["restore", backup.to_str().expect("p")], &data);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("De gegevens van daarvoor staan in"), "{}", stdout(&out));
    assert_eq!(count(&data), before, "everything is back");
    let list: Value = serde_json::from_slice(&ineen(&["enrolments", "--json"], &data).stdout).expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(20));
}

/// Issue 12: an export is encrypted (age, to a passphrase) unless --plain
/// is asked for, which warns; an encrypted file is read with its passphrase
/// only, and a wrong or missing one changes nothing.
#[test]
fn exports_are_encrypted_unless_plain_is_asked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, other) = (dir.path().join("data"), dir.path().join("other"));
    assert!(ineen(&["demo"], &data).status.success());
    let sealed = dir.path().join("export.json.age");
    let out = ineen(&["export", "--json", sealed.to_str().expect("p")], &data);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&sealed).expect("read");
    assert!(bytes.starts_with(b"age-encryption.org/v1"), "an age file");
    for planted in ["Daan", "de Vries", ineen_core::ineen::CONFIDENTIAL_SENTENCE] {
        assert!(!bytes.windows(planted.len()).any(|w| w == planted.as_bytes()), "{planted} readable in the export");
    }

    // Another laptop: the passphrase opens it, nothing else does.
    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "een ander wachtwoord\n").expect("write");
    let path = sealed.to_str().expect("p");
    let out =
        ineen(&["import", "--yes", "--json", path, "--export-passphrase-file", wrong.to_str().expect("p")], &other);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Met dit wachtwoord gaat het bestand niet open"), "{}", stderr(&out));
    let out = common::binary()
        .args(["import", "--yes", "--json", path, "--data-dir"])
        .arg(&other)
        .env_remove("INEEN_PASSPHRASE")
        .env_remove("DISPLAY")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let list: Value = serde_json::from_slice(&ineen(&["enrolments", "--json"], &other).stdout).expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(0), "nothing was imported");
    let out = ineen(&["import", "--yes", "--json", path], &other);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Value = serde_json::from_slice(&ineen(&["enrolments", "--json"], &other).stdout).expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(20));

    let plain = dir.path().join("export.json");
    let out = ineen(&["export", "--json", plain.to_str().expect("p"), "--plain"], &data);
    assert!(out.status.success() && stderr(&out).contains("niet versleuteld"), "{}", stderr(&out));
    assert!(std::fs::read(&plain).expect("read").starts_with(b"{"));
}

/// Issue 12: the recovery passphrase on the command line — asked for (with
/// what to do) when none is given on a computer without a keyring, refused
/// when wrong, changed with `ineen passphrase`, given from a file.
#[test]
fn the_recovery_passphrase_is_given_refused_and_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let without = common::binary()
        .args(["enrolments", "--data-dir"])
        .arg(&data)
        .env_remove("INEEN_PASSPHRASE")
        .env_remove("DISPLAY")
        .output()
        .expect("runs");
    assert!(!without.status.success());
    assert!(stderr(&without).contains("INEEN_PASSPHRASE of --passphrase-file"), "{}", stderr(&without));

    let new = dir.path().join("nieuw.txt");
    std::fs::write(&new, "een nieuw herstelwachtwoord\n").expect("write");
    let changed = ineen(&["passphrase", "--new-file", new.to_str().expect("p")], &data);
    assert!(changed.status.success(), "{}", stderr(&changed));
    assert!(stdout(&changed).contains("Het herstelwachtwoord is veranderd"), "{}", stdout(&changed));
    let old = ineen(&["enrolments", "--json"], &data);
    assert!(stderr(&old).contains("niet het herstelwachtwoord"), "{}", stderr(&old));
    let out = ineen(&["enrolments", "--json", "--passphrase-file", new.to_str().expect("p")], &data);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(20));
}

/// Issue 14: the coordinator's desk on the command line — the flags of
/// every trajectory under way, the overview as text, JSON and files, and a
/// sent report refused on a day before it was final.
#[test]
fn flags_and_the_overview_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let flags = ineen(&["flags"], &data);
    assert!(flags.status.success(), "{}", stderr(&flags));
    let text = stdout(&flags);
    assert!(text.contains("Sara El Amrani") && text.contains("2 keer achter elkaar afwezig"), "{text}");
    let json: Value = serde_json::from_slice(&ineen(&["flags", "--json"], &data).stdout).expect("json");
    assert!(json.as_array().expect("list").iter().any(|f| f["flags"][0]["kind"] == "consecutive_absences"), "{json}");

    // Issue 15, item 9: the status in the listing is in the listing's language.
    let listing = stdout(&ineen(&["enrolments"], &data));
    assert!(listing.contains("Sara El Amrani — ") && listing.contains(" [actief]"), "{listing}");
    assert!(!listing.contains("[Active]") && !listing.contains("[Completed]"), "{listing}");

    let overview = ineen(&["overview"], &data);
    assert!(overview.status.success(), "{}", stderr(&overview));
    assert!(stdout(&overview).contains("STOP 4-7"), "{}", stdout(&overview));
    let o: Value = serde_json::from_slice(&ineen(&["overview", "--json"], &data).stdout).expect("json");
    assert!(o["school_year"].as_str().expect("year").len() == 9);
    let wrong = ineen(&["overview", "--year", "2026"], &data);
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("Schrijf een schooljaar als 2026-2027"), "{}", stderr(&wrong));

    let xlsx = dir.path().join("overzicht.xlsx");
    let out = ineen(&["overview", "--xlsx", xlsx.to_str().expect("path")], &data);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(&std::fs::read(&xlsx).expect("xlsx")[..2], b"PK", "a workbook (zip)");
    let csv = dir.path().join("overzicht.csv");
    assert!(ineen(&["overview", "--csv", csv.to_str().expect("path")], &data).status.success());
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.starts_with("\u{feff}Schooljaar;") && text.contains("\r\n"), "Dutch Excel's CSV");

    // Research: nobody in the demo consented, so the file holds the columns only.
    let research = dir.path().join("onderzoek.csv");
    let out = ineen(&["research-export", "--programme", "stop-4-7", "--out", research.to_str().expect("path")], &data);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("9 zonder toestemming voor onderzoek weggelaten"), "{}", stdout(&out));
    let text = std::fs::read_to_string(&research).expect("csv");
    assert_eq!(text.lines().count(), 1, "only the header: {text}");
    assert!(text.contains("studiecode;groepcode;schooljaar;leeftijd_bij_start") && !text.contains("Daan"), "{text}");

    // A group's calendar: an .ics file with its sessions, no child named.
    let list: Value = serde_json::from_slice(&ineen(&["enrolments", "--json"], &data).stdout).expect("json");
    let run = list[0]["run_id"].as_str().expect("run").to_string();
    let ics = dir.path().join("groep.ics");
    let out = ineen(&["calendar", "--run", &run, "--out", ics.to_str().expect("path")], &data);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&ics).expect("ics");
    assert!(text.starts_with("BEGIN:VCALENDAR") && text.contains("BEGIN:VEVENT"), "{text}");
    assert!(!text.contains(list[0]["participant"].as_str().expect("name")), "no child's name unasked");
    let neither = ineen(&["calendar", "--out", ics.to_str().expect("path")], &data);
    assert!(!neither.status.success(), "a trainer or a group is needed");

    let unknown = ineen(&["report-sent", "--version", &uuid_nil(), "--how", "email", "--to", "juf"], &data);
    assert!(!unknown.status.success());

    // A ZAT meeting at a school, by the school's name; listed in the overview.
    let meetings = |text: &str| -> usize {
        let line = text.lines().find(|l| l.starts_with("  Maasstad College")).expect("a ZAT line");
        line.split_whitespace().nth(2).and_then(|n| n.parse().ok()).expect("a count")
    };
    let before = meetings(&stdout(&ineen(&["overview"], &data)));
    let zat = ineen(&["zat", "--school", "maasstad college", "--people", "zorgcoördinator, trainer Samira"], &data);
    assert!(zat.status.success(), "{}", stderr(&zat));
    assert!(stdout(&zat).contains("ZAT-overleg vastgelegd Maasstad College"), "{}", stdout(&zat));
    let text = stdout(&ineen(&["overview"], &data));
    assert!(text.contains("ZAT-overleg per school"), "{text}");
    assert_eq!(meetings(&text), before + 1, "{text}");
    let nowhere = ineen(&["zat", "--school", "Nergensschool", "--people", "ik"], &data);
    assert!(!nowhere.status.success());
    assert!(stderr(&nowhere).contains("Er is geen school 'Nergensschool'"), "{}", stderr(&nowhere));
}

fn uuid_nil() -> String {
    "00000000-0000-0000-0000-000000000000".into()
}

/// Issue 15, item 11: an import and an export tell how far they are with a
/// bar on a terminal (stage and count), and print nothing of it when stderr
/// is a pipe or a file.
#[test]
fn import_and_export_show_progress_on_a_terminal_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    assert!(ineen(&["demo"], &a_dir).status.success());
    let file = dir.path().join("a.json");
    let file = file.to_str().expect("path");
    // Piped: the output is what it was, with no bar in it.
    let export = ineen(&["export", "--json", file, "--plain"], &a_dir);
    assert!(export.status.success(), "{}", stderr(&export));
    assert!(!stderr(&export).contains("Lezen") && !stderr(&export).contains('['), "{}", stderr(&export));
    let import = ineen(&["import", "--yes", "--json", file], &b_dir);
    assert!(import.status.success(), "{}", stderr(&import));
    assert!(!stderr(&import).contains("Inlezen"), "{}", stderr(&import));
    // On a terminal (script gives the binary a pseudo-terminal): a bar with
    // the stage in Dutch and its count.
    let c_dir = dir.path().join("c");
    let command =
        format!("{} import --yes --json '{file}' --data-dir '{}'", env!("CARGO_BIN_EXE_ineen"), c_dir.display());
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("INEEN_PASSPHRASE", common::PASSPHRASE)
        .env("COLUMNS", "120")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("script");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("Controleren") && shown.contains("Inlezen"), "{shown}");
    assert!(shown.contains("Ingelezen; records met een wijziging:"), "{shown}");
}
