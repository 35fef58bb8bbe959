//! IPC tests: the real commands and the real capabilities of
//! `tauri.conf.json`, through Tauri's mock runtime (no display needed).

mod common;

use std::path::Path;

use ineen_app::commands::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{test::MockRuntime, WebviewWindow, WebviewWindowBuilder};

fn window(state: AppState) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = ineen_app::register(mock_builder(), state).build(tauri::generate_context!()).expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    (app, window)
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json"))
}

fn open(dir: &Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    window(AppState::open(dir, ineen_core::keys::Unlock::for_tests()))
}

#[test]
fn list_programmes_returns_the_four_with_their_tracks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, w) = open(dir.path());
    let programmes = invoke(&w, "list_programmes", json!({})).expect("ok");
    let names: Vec<_> = programmes.as_array().expect("array").iter().map(|p| p["name"].clone()).collect();
    assert_eq!(names, [json!("Alles Kidzzz"), json!("Plezier op school"), json!("STOP 4-7"), json!("time-4-you")]);
    let stop = &programmes[2];
    assert_eq!(track_counts(stop), json!([["child", 10], ["parent", 10], ["teacher", 4]]));
}

#[test]
fn language_is_switched_and_kept_in_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let (_app, w) = open(dir.path());
        let status = invoke(&w, "get_status", json!({})).expect("ok");
        assert_eq!(status["language"], "nl");
        assert_eq!(status["data_dir"], json!(dir.path().display().to_string()));
        let status = invoke(&w, "set_language", json!({"language": "en"})).expect("ok");
        assert_eq!(status["language"], "en");
    }
    let (_app, w) = open(dir.path());
    assert_eq!(invoke(&w, "get_status", json!({})).expect("ok")["language"], "en");
}

#[test]
fn bad_arguments_are_refused_without_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, w) = open(dir.path());
    let err = invoke(&w, "set_language", json!({"language": "fr"})).expect_err("refused");
    assert!(err.as_str().is_some_and(|s| s.contains("language")), "{err}");
    assert_eq!(invoke(&w, "get_status", json!({})).expect("ok")["language"], "nl");
}

#[test]
fn only_the_main_window_is_granted_the_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (app, main) = open(dir.path());
    assert!(invoke(&main, "list_programmes", json!({})).is_ok());
    let other = WebviewWindowBuilder::new(&app, "other", Default::default()).build().expect("window");
    let err = invoke(&other, "list_programmes", json!({})).expect_err("refused");
    assert!(err.to_string().contains("not allowed"), "{err}");
    let err = invoke(&main, "plugin:fs|read_file", json!({"path": "/etc/passwd"})).expect_err("refused");
    assert!(err.to_string().contains("not allowed") || err.to_string().contains("not found"), "{err}");
}

#[test]
fn a_store_that_cannot_open_answers_every_command_with_code_and_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").expect("write");
    let (_app, w) = open(&file);
    let err = invoke(&w, "list_programmes", json!({})).expect_err("refused");
    assert_eq!(err["code"], "data_dir_unusable");
    assert!(err["message"].as_str().expect("message").contains("gegevensmap"), "{err}");
}

#[test]
fn a_newer_database_is_refused_with_its_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(ineen_core::Ineen::open(dir.path(), &ineen_core::keys::Unlock::for_tests()).expect("open"));
    let conn = common::raw_store(&dir.path().join(ineen_core::ineen::DB_FILE), dir.path());
    conn.pragma_update(None, "user_version", 999).expect("bump");
    drop(conn);
    let (_app, w) = open(dir.path());
    let err = invoke(&w, "get_status", json!({})).expect_err("refused");
    assert_eq!(err["code"], "database_too_new");
}

/// The committed generated files (TypeScript types, command wrappers, the
/// main window's capability) match the `commands!` list and the Rust types.
/// Set `INEEN_UPDATE_BINDINGS=1` to rewrite them.
#[test]
fn generated_files_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (path, fresh) in ineen_app::bindings::generated() {
        let file = root.join(path);
        if std::env::var_os("INEEN_UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(&file, &fresh).expect("write");
        }
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            committed == fresh,
            "{path} is stale: run `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc generated` and commit it"
        );
    }
}

/// `[[kind, sessions], ...]` of a programme as JSON.
fn track_counts(programme: &Value) -> Value {
    programme["tracks"].as_array().expect("tracks").iter().map(|t| json!([t["kind"], t["sessions"]])).collect()
}

/// The commands declared in `commands.rs`.
fn declared_commands() -> Vec<String> {
    ineen_app::commands::NAMES.iter().map(|n| n.to_string()).collect()
}

/// Every command has a typed wrapper in the UI, and the UI calls nothing else.
#[test]
fn the_ui_wraps_exactly_the_declared_commands() {
    let wrappers = ineen_app::bindings::commands_typescript();
    for name in ineen_app::commands::NAMES {
        assert!(wrappers.contains(&format!("('{name}',")), "{name}");
    }
    // Outside the generated wrappers, no screen invokes a command by name.
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src");
    let mut stack = vec![ui];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read ui") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name == "commands.ts" || name == "call.ts" || name.contains(".test.") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(!text.contains("invoke("), "{} calls invoke directly: use api from $lib/ipc", path.display());
        }
    }
}

#[test]
fn every_declared_command_is_registered_and_granted_to_the_main_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, w) = open(dir.path());
    let commands = declared_commands();
    assert!(commands.len() > 20, "{commands:?}");
    for cmd in commands {
        // Without arguments most commands refuse, but never as "not allowed" or unknown.
        if let Err(err) = invoke(&w, &cmd, json!({})) {
            let text = err.to_string();
            assert!(!text.contains("not allowed") && !text.contains("not found"), "{cmd}: {text}");
        }
    }
}

#[test]
fn holding_a_session_without_indication_is_refused_with_its_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut ineen = ineen_core::Ineen::open(dir.path(), &ineen_core::keys::Unlock::for_tests()).expect("open");
        ineen.demo().expect("demo");
    }
    let (_app, w) = open(dir.path());
    let enrolments = invoke(&w, "list_enrolments", json!({})).expect("list");
    let daan = enrolments
        .as_array()
        .expect("array")
        .iter()
        .find(|e| e["participant"] == "Daan de Vries")
        .expect("Daan")
        .clone();
    let overview = invoke(&w, "enrolment_overview", json!({"enrolmentId": daan["id"]})).expect("overview");
    assert_eq!(overview["programme_name"], "STOP 4-7");
    assert!(overview["attendance"][0]["figures"]["held"].as_u64().expect("held") > 0);

    // A new child without an indication joins the group and is made active.
    let child = invoke(
        &w,
        "save_participant",
        json!({"record": {"id": "00000000-0000-0000-0000-000000000000", "given_name": "Nina", "family_name": "Zonder",
                          "birth_date": "2021-02-03", "school_id": null, "class_name": "groep 1"}}),
    )
    .expect("saved");
    assert_ne!(child["id"], "00000000-0000-0000-0000-000000000000", "a new id is given");
    let run_id = overview["enrolment"]["run_id"].clone();
    let e = invoke(
        &w,
        "enrol",
        json!({"enrolment": {"run_id": run_id, "participant_id": child["id"], "referral_by": "school", "referral_date": "2026-09-01"}}),
    )
    .expect("enrolled");
    invoke(&w, "set_enrolment_status", json!({"enrolmentId": e["id"], "status": "active", "reason": null}))
        .expect("active");

    let sessions = invoke(&w, "run_sessions", json!({"runId": run_id})).expect("sessions");
    let held =
        sessions.as_array().expect("array").iter().find(|s| s["status"] == "held").expect("a held session").clone();
    let err = invoke(&w, "hold_session", json!({"sessionId": held["id"]})).expect_err("refused");
    assert_eq!(err["code"], "indication_missing");
    let message = err["message"].as_str().expect("message");
    assert!(message.contains("Nina Zonder") && message.contains("indicatie"), "{message}");
}

#[test]
fn an_enrolments_flags_are_the_flags_on_its_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut ineen = ineen_core::Ineen::open(dir.path(), &ineen_core::keys::Unlock::for_tests()).expect("open");
        ineen.demo().expect("demo");
    }
    let (_app, w) = open(dir.path());
    let enrolments = invoke(&w, "list_enrolments", json!({})).expect("list");
    let sara =
        enrolments.as_array().expect("array").iter().find(|e| e["participant"] == "Sara El Amrani").expect("Sara");
    let flags = invoke(&w, "enrolment_flags", json!({"enrolmentId": sara["id"]})).expect("flags");
    assert!(flags.as_array().expect("array").iter().any(|f| f["kind"] == "consent_missing"), "{flags}");
    let page = invoke(&w, "enrolment_overview", json!({"enrolmentId": sara["id"]})).expect("page");
    assert_eq!(flags, page["flags"]);
    let err = invoke(&w, "enrolment_flags", json!({"enrolmentId": "00000000-0000-0000-0000-000000000000"}))
        .expect_err("unknown");
    assert_eq!(err["code"], "not_found");
}

/// Every generic save goes through the core's checks: a new record gets an
/// id and its texts trimmed; an empty required text is refused with a
/// message and nothing is written.
#[test]
fn every_save_command_checks_and_trims_in_the_core() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut ineen = ineen_core::Ineen::open(dir.path(), &ineen_core::keys::Unlock::for_tests()).expect("open");
        ineen.demo().expect("demo");
    }
    let (_app, w) = open(dir.path());
    let nil = "00000000-0000-0000-0000-000000000000";
    let enrolments = invoke(&w, "list_enrolments", json!({})).expect("list");
    let daan =
        enrolments.as_array().expect("array").iter().find(|e| e["participant"] == "Daan de Vries").expect("Daan");
    let (enrolment, run, participant) = (&daan["id"], &daan["run_id"], &daan["participant_id"]);
    let trainers = invoke(&w, "list_trainers", json!({})).expect("trainers");
    let organisation = &trainers[0]["organisation_id"];
    let day = "2026-10-07";
    let schools = invoke(&w, "list_schools", json!({})).expect("schools");
    let school = &schools[0]["id"];
    // (command, a valid record with padded text, the field that is required, the field to read back)
    let cases = [
        (
            "save_trainer",
            json!({"id": nil, "organisation_id": organisation, "name": " Noor ", "email": " ", "role": "trainer"}),
            "name",
        ),
        (
            "save_school",
            json!({"id": nil, "name": " De Linde ", "town": "Zeist", "school_type": "po", "contact_name": null, "contact_role": null}),
            "name",
        ),
        (
            "save_participant",
            json!({"id": nil, "given_name": " Nina ", "family_name": "Zon", "birth_date": "2021-02-03", "school_id": null, "class_name": " "}),
            "given_name",
        ),
        (
            "save_guardian",
            json!({"id": nil, "participant_id": participant, "name": " Ilse ", "relation": "moeder", "phone": null, "email": null}),
            "name",
        ),
        (
            "save_consent",
            json!({"id": nil, "enrolment_id": enrolment, "given_by": " vader ", "audience": "parents", "scope": "eindverslag", "given_on": day, "withdrawn_on": null}),
            "given_by",
        ),
        (
            "save_contact",
            json!({"id": nil, "enrolment_id": enrolment, "run_id": run, "kind": "phone_call", "date": day, "people": "moeder", "summary": " Gebeld ", "audience": "trainers"}),
            "summary",
        ),
        (
            "save_goal",
            json!({"id": nil, "enrolment_id": enrolment, "title": " Rustig blijven ", "level_minus2": "", "level_minus1": "", "level_0": "meestal", "level_plus1": "", "level_plus2": "", "weight": 1, "set_on": day}),
            "title",
        ),
        (
            "save_measurement",
            json!({"id": nil, "enrolment_id": enrolment, "instrument": " SDQ ", "phase": "pre", "date": day, "score": 14.0}),
            "instrument",
        ),
        (
            "save_observation",
            json!({"id": nil, "enrolment_id": enrolment, "date": day, "text": " Speelde mee ", "audience": "trainers"}),
            "text",
        ),
        (
            "save_tip",
            json!({"id": nil, "enrolment_id": enrolment, "source": null, "text": " Geef een compliment ", "audience": "school"}),
            "text",
        ),
        (
            "save_zat_meeting",
            json!({"id": nil, "school_id": school, "date": day, "people": " zorgcoördinator, trainer ", "discussed": 5, "notes": "", "audience": "trainers"}),
            "people",
        ),
    ];
    assert_eq!(cases.len(), ineen_app::commands::NAMES.iter().filter(|n| n.starts_with("save_")).count());
    for (command, record, required) in cases {
        let mut blank = record.clone();
        blank[required] = json!("  \t ");
        let err = invoke(&w, command, json!({"record": blank})).expect_err(command);
        assert_eq!(err["code"], "invalid_input", "{command}: {err}");
        assert!(err["message"].as_str().is_some_and(|m| m.starts_with("Vul ")), "{command}: {err}");

        let saved = invoke(&w, command, json!({"record": record})).expect(command);
        assert_ne!(saved["id"], nil, "{command} gives a new record an id");
        let text = saved[required].as_str().expect("text");
        assert_eq!(text, text.trim(), "{command} trims {required}");
        assert!(!text.is_empty());
    }
    // A text with a control character is refused, not stored.
    let bell = json!({"id": nil, "enrolment_id": enrolment, "date": day, "text": "bel\u{7}", "audience": "trainers"});
    let err = invoke(&w, "save_observation", json!({"record": bell})).expect_err("control character");
    assert!(err["message"].as_str().is_some_and(|m| m.contains("stuurtekens")), "{err}");
}

#[test]
fn a_team_is_made_and_refusals_come_with_their_code_in_dutch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, w) = open(dir.path());
    let team = invoke(&w, "team", json!({})).expect("team");
    assert_eq!(team["team"], Value::Null);
    let err = invoke(&w, "sync_now", json!({ "onProgress": "__CHANNEL__:7" })).expect_err("no folder yet");
    assert_eq!(err["code"], "sync_failed");
    assert!(err["message"].as_str().unwrap_or_default().contains("synchronisatiemap"), "{err}");
    let err =
        invoke(&w, "create_team", json!({"name": "  ", "me": "Anouk", "role": "coordinator"})).expect_err("empty");
    assert_eq!(err["code"], "invalid_input");
    let team = invoke(&w, "create_team", json!({"name": "STOP 4-7 Utrecht", "me": "Anouk", "role": "coordinator"}))
        .expect("create");
    assert_eq!(team["name"], "STOP 4-7 Utrecht");
    assert_eq!(team["may_manage"], true);
    let invitation = invoke(&w, "invite_device", json!({"name": "Mehmet", "role": "trainer"})).expect("invite");
    assert_eq!(invitation["code"].as_str().map(|c| c.split('-').count()), Some(6));
    let folder = dir.path().join("OneDrive");
    std::fs::create_dir_all(&folder).expect("folder");
    invoke(&w, "set_sync_folder", json!({"folder": folder})).expect("folder");
    let report = invoke(&w, "sync_now", json!({ "onProgress": "__CHANNEL__:7" })).expect("sync");
    assert_eq!(report["written"].as_array().map(Vec::len), Some(1), "{report}");
    assert_eq!(invoke(&w, "list_conflicts", json!({})).expect("conflicts"), json!([]));
    let err = invoke(&w, "resolve_conflict", json!({"id": "abc", "take": {"take": "current"}})).expect_err("none");
    assert!(err["message"].as_str().unwrap_or_default().contains("geen open conflict"), "{err}");
    let err = invoke(&w, "remove_device", json!({"device": "nobody"})).expect_err("unknown");
    assert!(err["message"].as_str().unwrap_or_default().contains("geen laptop 'nobody'"), "{err}");
}

#[test]
fn a_backup_is_made_listed_and_restored_from_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, w) = open(dir.path());
    invoke(&w, "set_language", json!({"language": "nl"})).expect("lang");
    let made = invoke(&w, "make_backup", json!({})).expect("backup");
    let path = made["path"].as_str().expect("path").to_string();
    assert!(std::path::Path::new(&path).exists());
    let list = invoke(&w, "list_backups", json!({})).expect("list");
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    // Something changes after the backup; restoring brings the backup's state back.
    invoke(&w, "set_language", json!({"language": "en"})).expect("lang");
    let status = invoke(&w, "restore_backup", json!({"path": path})).expect("restore");
    assert_eq!(status["language"], "nl", "the store is the backup's again");
    assert_eq!(invoke(&w, "get_status", json!({})).expect("status")["language"], "nl");
    let err = invoke(&w, "restore_backup", json!({"path": dir.path().join("nothing.sqlite")})).expect_err("refused");
    assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()), "{err}");
    // The store before the restore was kept as a backup too.
    assert_eq!(invoke(&w, "list_backups", json!({})).expect("list").as_array().map(Vec::len), Some(2));
}

/// Issue 11: an import from the window is reviewed first (nothing changes)
/// and applied on the second command; a damaged store still lists its good
/// backups and restores one.
#[test]
fn an_import_is_reviewed_before_it_is_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other");
    let mut source = ineen_core::Ineen::open(&other, &ineen_core::keys::Unlock::for_tests()).expect("open");
    source.demo().expect("demo");
    let file = dir.path().join("export.json");
    std::fs::write(&file, source.export_json().expect("export")).expect("write");
    drop(source);

    let (_app, w) = open(&dir.path().join("mine"));
    // The window listens to the progress on a channel (nothing listens here).
    let path = json!({"path": file, "onProgress": "__CHANNEL__:7"});
    let review = invoke(&w, "review_import", path.clone()).expect("review");
    assert_eq!(review["applied"], false);
    let changed = review["changed"].as_u64().expect("changed");
    assert!(changed > 300, "{review}");
    assert!(invoke(&w, "list_enrolments", json!({})).expect("list").as_array().is_some_and(Vec::is_empty));
    let done = invoke(&w, "import_file", path).expect("import");
    assert_eq!((done["applied"].clone(), done["changed"].as_u64()), (json!(true), Some(changed)));
    assert_eq!(invoke(&w, "list_enrolments", json!({})).expect("list").as_array().map(Vec::len), Some(20));
    let err =
        invoke(&w, "review_import", json!({"path": dir.path(), "onProgress": "__CHANNEL__:7"})).expect_err("a folder");
    assert_eq!(err["code"], "file_failed");
}

#[test]
fn a_damaged_store_lists_its_good_backups_and_restores_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ineen = ineen_core::Ineen::open(dir.path(), &ineen_core::keys::Unlock::for_tests()).expect("open");
    ineen.demo().expect("demo");
    let backup = ineen.backup(None).expect("backup").path;
    drop(ineen);
    let store = dir.path().join("ineen.sqlite");
    let mut bytes = std::fs::read(&store).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle..middle + 65_536].fill(0xa5);
    std::fs::write(&store, bytes).expect("damage");

    let (_app, w) = open(dir.path());
    let err = invoke(&w, "get_status", json!({})).expect_err("damaged");
    assert_eq!(err["code"], "database_damaged");
    let good = invoke(&w, "good_backups", json!({})).expect("good backups");
    assert_eq!(good[0]["path"], json!(backup));
    let status = invoke(&w, "restore_backup", json!({"path": backup})).expect("restore");
    assert_eq!(status["language"], "nl");
    assert_eq!(invoke(&w, "list_enrolments", json!({})).expect("list").as_array().map(Vec::len), Some(20));
}

/// NEN 7513: opening a child's enrolment page in the window writes one
/// audit row naming the dossier (who, what, when, from which device).
#[test]
fn opening_a_dossier_writes_one_audit_row_and_a_consent_names_its_parent() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut ineen = ineen_core::Ineen::open(dir.path(), &ineen_core::keys::Unlock::for_tests()).expect("open");
        ineen.demo().expect("demo");
    }
    let (_app, w) = open(dir.path());
    let enrolments = invoke(&w, "list_enrolments", json!({})).expect("list");
    let sara = enrolments
        .as_array()
        .expect("array")
        .iter()
        .find(|e| e["participant"] == "Sara El Amrani")
        .expect("Sara")
        .clone();
    let filter = json!({ "filter": { "dossier": sara["participant_id"], "actor": null, "from": null, "until": null, "limit": null } });
    let reads = |w: &WebviewWindow<MockRuntime>| {
        let log = invoke(w, "audit_log", filter.clone()).expect("audit");
        log.as_array()
            .expect("rows")
            .iter()
            .map(|l| l["entry"].clone())
            .filter(|r| r["action"] == "read")
            .collect::<Vec<_>>()
    };
    assert!(reads(&w).is_empty());
    let page = invoke(&w, "enrolment_overview", json!({ "enrolmentId": sara["id"] })).expect("page");
    let after = reads(&w);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0]["record_id"], sara["id"]);
    assert!(after[0]["device"].as_str().is_some_and(|d| !d.is_empty()));
    assert!(!after[0].to_string().contains("Sara"), "the audit holds no content");

    // The page says whose consent is missing; a consent names the parent.
    assert_eq!(page["shares_with_school"], false);
    let missing = page["school_consent"]["missing"].as_array().expect("missing").clone();
    assert_eq!(missing.len(), 1, "{missing:?}");
    let mother = page["guardians"][0].clone();
    let consent = json!({ "record": {
        "id": "00000000-0000-0000-0000-000000000000", "enrolment_id": sara["id"], "giver": "guardian",
        "guardian_id": mother["id"], "given_by": "", "audience": "school", "scope": "eindverslag",
        "given_on": page["enrolment"]["referral_date"], "withdrawn_on": null } });
    let saved = invoke(&w, "save_consent", consent).expect("consent");
    assert_eq!(
        saved["given_by"],
        format!("{} ({})", mother["relation"].as_str().expect("r"), mother["name"].as_str().expect("n"))
    );
    let page = invoke(&w, "enrolment_overview", json!({ "enrolmentId": sara["id"] })).expect("page");
    assert_eq!(page["shares_with_school"], true);
    assert_eq!(reads(&w).len(), 2, "each opening is one row");
    assert_eq!(invoke(&w, "verify_audit", json!({})).expect("verify")["broken"], Value::Null);
}

/// Issue 15, item 5: the window opens, shows and moves only the files Ineen
/// made; the web view cannot name anything else (the save dialog is shown
/// by the core's side, so a written path is always one the user chose).
#[test]
fn the_window_opens_and_moves_only_files_ineen_made() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, w) = open(dir.path());
    invoke(&w, "set_language", json!({"language": "nl"})).expect("lang");
    let store = dir.path().join("ineen.sqlite");
    let foreign = dir.path().join("brief.txt");
    std::fs::write(&foreign, "van iemand anders").expect("write");
    for path in [store.as_path(), foreign.as_path(), std::path::Path::new("/etc/passwd")] {
        for cmd in ["open_file", "show_in_folder"] {
            let err = invoke(&w, cmd, json!({"path": path})).expect_err("refused");
            assert_eq!(err["code"], "file_failed", "{cmd} {path:?}: {err}");
            assert!(err["message"].as_str().is_some_and(|m| m.contains("geen bestand dat Ineen")), "{err}");
        }
        let err = invoke(&w, "ask_save_as", json!({"path": path, "title": "Opslaan"})).expect_err("refused");
        assert!(err["message"].as_str().is_some_and(|m| m.contains("geen bestand dat Ineen")), "{err}");
    }
    assert!(foreign.exists() && store.exists(), "nothing was moved or wiped");
}
