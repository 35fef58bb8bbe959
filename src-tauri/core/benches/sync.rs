//! Team sync at scale, printed as figures (not criterion: each figure is one
//! long operation or a median over repetitions).
//!
//! 1. Store against export: the ten-year organisation (see `org/mod.rs`)
//!    exported, imported into a fresh store, and the same rows inserted by
//!    bare rusqlite: store size per export size, import time per bare time.
//! 2. A new laptop joins the imported organisation: snapshot size, the
//!    coordinator's time to let it in, the new laptop's time to take it in.
//! 3. One session's attendance for 9 children: bundle size, write (record,
//!    close, seal, put in the folder) and read (verify, decrypt, merge) times.
//! 4. A school year of 50 laptops, each with a group of 9, syncing every
//!    school day through one shared folder: bytes per laptop per day, apply
//!    time, and whether every laptop ends with the same records.
//!
//! Run with `cargo bench -p ineen-core --bench sync`. `INEEN_BENCH_WEEKS`
//! shortens the school year (default 40), `INEEN_BENCH_DEVICES` the team.

mod org;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use ineen_core::ineen::Mark;
use ineen_core::model::*;
use ineen_core::sync::Role;
use ineen_core::Ineen;
use uuid::Uuid;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn fresh(dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("mkdir");
    dir.to_path_buf()
}

/// The newest bundle file of a device in the folder.
fn newest_bundle(folder: &Path, device: Uuid) -> PathBuf {
    let dir = folder.join(device.to_string());
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".ineen").and_then(|n| n.parse().ok()).map(|n| (n, e.path()))
        })
        .collect();
    files.sort();
    files.pop().expect("a bundle").1
}

/// The same rows as the export, inserted with bare rusqlite into a fresh
/// store of the same schema and durability, in one transaction.
fn bare_insert(json: &str, dir: &Path) -> Duration {
    drop(Ineen::open(dir, &ineen_core::keys::Unlock::for_tests()).expect("schema"));
    let started = Instant::now();
    let export: serde_json::Value = serde_json::from_str(json).expect("json");
    let mut conn = rusqlite::Connection::open(dir.join("ineen.sqlite")).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "FULL").expect("full");
    conn.pragma_update(None, "foreign_keys", "ON").expect("fk");
    let tx = conn.transaction().expect("tx");
    for (key, table) in TABLES {
        let Some(list) = export["records"][key].as_array() else { continue };
        for record in list {
            let data = record["data"].as_object().expect("data");
            let sync = &record["sync"];
            let mut columns: Vec<&str> = vec!["hlc", "device", "deleted", "seq"];
            let mut values: Vec<rusqlite::types::Value> = vec![
                sync["hlc"].as_str().unwrap_or_default().to_string().into(),
                sync["device"].as_str().unwrap_or_default().to_string().into(),
                i64::from(sync["deleted"].as_bool().unwrap_or(false)).into(),
                sync["seq"].as_i64().unwrap_or(0).into(),
            ];
            for (k, v) in data {
                columns.push(k);
                values.push(match v {
                    serde_json::Value::Null => rusqlite::types::Value::Null,
                    serde_json::Value::Bool(b) => i64::from(*b).into(),
                    serde_json::Value::Number(n) => {
                        n.as_i64().map_or_else(|| n.as_f64().unwrap_or(0.0).into(), Into::into)
                    }
                    serde_json::Value::String(s) => s.clone().into(),
                    other => other.to_string().into(),
                });
            }
            let marks = (1..=columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
            let sql = format!("INSERT INTO {table} ({}) VALUES ({marks})", columns.join(", "));
            tx.prepare_cached(&sql).expect("prepare").execute(rusqlite::params_from_iter(values)).expect("insert");
        }
    }
    tx.commit().expect("commit");
    drop(conn);
    started.elapsed()
}

/// The export's lists, in dependency order, and their tables.
const TABLES: [(&str, &str); 19] = [
    ("organisations", "organisation"),
    ("trainers", "trainer"),
    ("schools", "school"),
    ("participants", "participant"),
    ("guardians", "guardian"),
    ("runs", "run"),
    ("run_trainers", "run_trainer"),
    ("run_holidays", "run_holiday"),
    ("enrolments", "enrolment"),
    ("consents", "consent"),
    ("sessions", "session"),
    ("attendance", "attendance"),
    ("contacts", "contact"),
    ("goals", "goal"),
    ("goal_scores", "goal_score"),
    ("measurements", "measurement"),
    ("observations", "observation"),
    ("tips", "tip"),
    ("end_reports", "end_report"),
];

fn main() {
    let root = org::data_dir().with_file_name("sync-bench");
    let (_, mut big) = org::open();

    // 1. Store against export.
    let started = Instant::now();
    let json = big.export_json().expect("export");
    let export_time = started.elapsed();
    drop(big);
    let imported = fresh(&root.join("imported"));
    let mut a = Ineen::open(&imported, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let started = Instant::now();
    let changed = a.import_json(&json).expect("import");
    let import_time = started.elapsed();
    drop(a);
    let store = size(&imported.join("ineen.sqlite")) + size(&imported.join("ineen.sqlite-wal"));
    let bare_dir = fresh(&root.join("bare"));
    let bare_time = bare_insert(&json, &bare_dir);
    let bare_store = size(&bare_dir.join("ineen.sqlite")) + size(&bare_dir.join("ineen.sqlite-wal"));
    println!("== store against export ({changed} records)");
    println!("export: {} in {export_time:.1?}", mb(json.len() as u64));
    println!(
        "store after import: {} = {:.2}x the export (bare insert: {} = {:.2}x)",
        mb(store),
        store as f64 / json.len() as f64,
        mb(bare_store),
        bare_store as f64 / json.len() as f64
    );
    println!(
        "import {import_time:.1?}, bare insert {bare_time:.1?}: {:.2}x",
        import_time.as_secs_f64() / bare_time.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&bare_dir);

    // 2. A new laptop joins.
    let folder = fresh(&root.join("folder"));
    let mut a = Ineen::open(&imported, &ineen_core::keys::Unlock::for_tests()).expect("open");
    a.create_team("Groot", "Coördinator", Role::Coordinator).expect("team");
    a.sync(Some(&folder)).expect("first sync");
    let invite = a.invite("Nieuwe laptop", Role::Trainer).expect("invite");
    let mut b = Ineen::open(&fresh(&root.join("new-laptop")), &ineen_core::keys::Unlock::for_tests()).expect("open");
    b.join_team(&invite.code, "Nieuwe laptop").expect("join");
    b.sync(Some(&folder)).expect("request");
    let started = Instant::now();
    a.sync(None).expect("let in");
    let admit = started.elapsed();
    let snapshot = folder.join(a.store().device().to_string()).join(format!("snapshot-{}.ineen", b.store().device()));
    let started = Instant::now();
    b.sync(None).expect("take snapshot");
    let take = started.elapsed();
    println!("== a new laptop joins");
    println!(
        "snapshot: {} ({:.1}% of the export); coordinator writes it in {admit:.1?}, the new laptop takes it in {take:.1?}",
        mb(size(&snapshot)),
        size(&snapshot) as f64 * 100.0 / json.len() as f64
    );
    drop(json);

    // 3. One session's attendance for 9 children.
    let run = a.runs().expect("runs").into_iter().find(|r| r.name == "Schrijfgroep").expect("write group");
    let template = a.sessions(run.id).expect("sessions").remove(0);
    let enrolments: Vec<Uuid> = a.run_enrolments(run.id).expect("enrolments").iter().map(|(e, _)| e.id).collect();
    let sessions: Vec<Session> =
        (0..21).map(|n| Session { id: Uuid::now_v7(), number: 100 + n, ..template.clone() }).collect();
    a.save_all(&sessions).expect("sessions");
    a.sync(None).expect("sync");
    b.sync(None).expect("sync");
    let (mut writes, mut reads, mut sizes) = (Vec::new(), Vec::new(), Vec::new());
    for s in &sessions[1..] {
        let marks: Vec<Mark> = enrolments
            .iter()
            .map(|&e| Mark { enrolment_id: e, person: Person::Child, status: AttendanceStatus::Present, note: None })
            .collect();
        let started = Instant::now();
        a.record_attendance(s.id, &marks).expect("record");
        a.sync(None).expect("write");
        writes.push(started.elapsed());
        sizes.push(size(&newest_bundle(&folder, a.store().device())));
        let started = Instant::now();
        let report = b.sync(None).expect("read");
        reads.push(started.elapsed());
        assert_eq!(report.read.len(), 1);
    }
    sizes.sort();
    println!("== one session's attendance for 9 children (median of {})", writes.len());
    println!(
        "bundle {} bytes; write {:.1?} (record + close + seal + put), read {:.1?} (verify + decrypt + merge), together {:.1?}",
        sizes[sizes.len() / 2],
        median(writes.clone()),
        median(reads.clone()),
        median(writes) + median(reads)
    );
    drop(a);
    drop(b);
    let _ = std::fs::remove_dir_all(&root);

    // 4. A school year of 50 laptops.
    school_year();
}

fn school_year() {
    let devices: usize = std::env::var("INEEN_BENCH_DEVICES").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let weeks: u64 = std::env::var("INEEN_BENCH_WEEKS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    // In memory-backed storage when there is some: this measures Ineen, not the disk.
    let base = if Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    let root = fresh(&base.join(format!("ineen-school-year-{}", std::process::id())));
    let folder = fresh(&root.join("OneDrive"));
    let start = NaiveDate::from_ymd_opt(2026, 8, 31).expect("monday");
    let mut laptops: Vec<Ineen> = (0..devices)
        .map(|i| Ineen::open(&root.join(format!("laptop-{i}")), &ineen_core::keys::Unlock::for_tests()).expect("open"))
        .collect();
    laptops[0].create_team("Regio Utrecht", "Laptop 0", Role::Coordinator).expect("team");
    laptops[0].sync(Some(&folder)).expect("sync");
    for i in 1..devices {
        let invite = laptops[0].invite(&format!("Laptop {i}"), Role::Trainer).expect("invite");
        laptops[i].join_team(&invite.code, &format!("Laptop {i}")).expect("join");
        laptops[i].sync(Some(&folder)).expect("request");
    }
    laptops[0].sync(None).expect("let in");
    // Each laptop's own group of 9, a session a week on its own weekday.
    let mut groups = Vec::new();
    for (i, laptop) in laptops.iter_mut().enumerate() {
        laptop.sync(None).expect("join");
        let weekday = (i % 5) as u8 + 1;
        let first = start + Days::new(u64::from(weekday) - 1);
        let run = Run {
            id: Uuid::now_v7(),
            programme_id: "plezier-op-school".into(),
            name: format!("Groep van laptop {i}"),
            start_date: first,
            weekday,
            region: None,
            location: "School".into(),
            school_id: None,
            variant: None,
        };
        laptop.save(&run).expect("run");
        let mut enrolments = Vec::new();
        for k in 0..9 {
            let p = Participant {
                id: Uuid::now_v7(),
                given_name: format!("Kind{k}"),
                family_name: format!("Groep{i}"),
                birth_date: NaiveDate::from_ymd_opt(2014, 1, 1).expect("date"),
                school_id: None,
                class_name: None,
            };
            let e = Enrolment {
                id: Uuid::now_v7(),
                run_id: run.id,
                participant_id: p.id,
                referral_by: ReferralSource::School,
                referral_date: first,
                indication_number: None,
                indication_issuer: None,
                indication_from: None,
                indication_until: None,
                status: EnrolmentStatus::Active,
                status_reason: None,
                outcome: None,
            };
            laptop.save(&p).expect("participant");
            laptop.save(&e).expect("enrolment");
            enrolments.push(e.id);
        }
        let sessions: Vec<Session> = (0..weeks)
            .map(|w| Session {
                id: Uuid::now_v7(),
                run_id: run.id,
                track: TrackKind::Child,
                number: w as u32 + 1,
                date: first + Days::new(7 * w),
                start_time: None,
                title: format!("Bijeenkomst {}", w + 1),
                theme: String::new(),
                status: SessionStatus::Planned,
                cancel_reason: None,
            })
            .collect();
        laptop.save_all(&sessions).expect("sessions");
        groups.push((sessions, enrolments));
    }
    let written_before: u64 = bundle_bytes(&folder);
    let mut apply = Duration::ZERO;
    let mut bundles_read = 0usize;
    let started = Instant::now();
    let days = weeks * 7;
    let mut school_days = 0u64;
    for d in 0..days {
        let day = start + Days::new(d);
        if day.weekday().number_from_monday() > 5 {
            continue;
        }
        school_days += 1;
        for (i, laptop) in laptops.iter_mut().enumerate() {
            let (sessions, enrolments) = &groups[i];
            if let Some(s) = sessions.iter().find(|s| s.date == day) {
                let marks: Vec<Mark> = enrolments
                    .iter()
                    .enumerate()
                    .map(|(k, &e)| Mark {
                        enrolment_id: e,
                        person: Person::Child,
                        status: if (k + d as usize).is_multiple_of(11) {
                            AttendanceStatus::AbsentExcused
                        } else {
                            AttendanceStatus::Present
                        },
                        note: None,
                    })
                    .collect();
                laptop.record_attendance(s.id, &marks).expect("record");
            }
            let t = Instant::now();
            let report = laptop.sync(None).expect("sync");
            apply += t.elapsed();
            bundles_read += report.read.len();
        }
    }
    // Two more rounds so that the last day's bundles reach everyone.
    for _ in 0..2 {
        for laptop in laptops.iter_mut() {
            bundles_read += laptop.sync(None).expect("sync").read.len();
        }
    }
    let elapsed = started.elapsed();
    let year_bytes = bundle_bytes(&folder) - written_before;
    let exports: Vec<String> = laptops.iter_mut().map(|l| l.export_json().expect("export")).collect();
    let converged = exports.iter().all(|e| e == &exports[0]);
    let syncs = school_days * devices as u64;
    println!("== a school year: {devices} laptops, {weeks} weeks, {school_days} school days, a sync a day each");
    println!(
        "bundle bytes per laptop per school day: {:.0}; {} bundles taken in, {:.2?} per sync on average (all syncs {:.1?}, wall {:.1?})",
        year_bytes as f64 / devices as f64 / school_days as f64,
        bundles_read,
        apply / syncs.max(1) as u32,
        apply,
        elapsed
    );
    println!("every laptop holds the same records: {converged}");
    drop(laptops);
    let _ = std::fs::remove_dir_all(&root);
    assert!(converged, "the laptops did not converge");
}

fn bundle_bytes(folder: &Path) -> u64 {
    let mut total = 0;
    for dir in std::fs::read_dir(folder).expect("folder").flatten() {
        if let Ok(files) = std::fs::read_dir(dir.path()) {
            for f in files.flatten() {
                let name = f.file_name().to_string_lossy().to_string();
                if name.ends_with(".ineen") && !name.starts_with("snapshot-") {
                    total += size(&f.path());
                }
            }
        }
    }
    total
}
