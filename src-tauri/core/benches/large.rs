//! Benchmarks over a large organisation (see `org/mod.rs`): ten years,
//! 20,000 participants, 2,000 runs, 60,000 sessions, 600,000 attendance
//! rows, 150,000 contacts. Run with `cargo bench -p ineen-core --bench large`.

mod org;

use std::time::Duration;

use chrono::{Duration as Days, NaiveDate};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ineen_core::ineen::Mark;
use ineen_core::model::*;
use ineen_core::store::cipher;
use ineen_core::Ineen;
use uuid::Uuid;

/// What the benchmarks look up: a busy day, a mid run, an enrolment, and the
/// empty sessions and enrolments reserved for the write benchmarks.
struct Fixture {
    day: NaiveDate,
    run: Uuid,
    enrolment: Uuid,
    write_run: Uuid,
    write_enrolments: Vec<Uuid>,
    /// The group the bare transaction writes to on the encrypted store.
    bare_enrolments: Vec<Uuid>,
}

fn fixture(ineen: &mut Ineen) -> Fixture {
    let runs = ineen.runs().expect("runs");
    let group = |name: &str| runs.iter().find(|r| r.name == name).expect("write group").clone();
    let (writing, bare) = (group(org::WRITE_GROUP), group(org::WRITE_GROUP_BARE));
    let enrolments_of = |ineen: &mut Ineen, run: Uuid| -> Vec<Uuid> {
        ineen.run_enrolments(run).expect("enrolments").iter().map(|(e, _)| e.id).collect()
    };
    let mid = runs.iter().find(|r| r.name == format!("Groep {}", org::RUNS / 2)).expect("mid run").clone();
    let enrolment = ineen.run_enrolments(mid.id).expect("enrolments")[4].0.id;
    Fixture {
        day: org::start_of(org::RUNS / 2) + Days::weeks(4),
        run: mid.id,
        enrolment,
        write_run: writing.id,
        write_enrolments: enrolments_of(ineen, writing.id),
        bare_enrolments: enrolments_of(ineen, bare.id),
    }
}

fn benches(c: &mut Criterion) {
    let (dir, mut ineen) = org::open();
    let f = fixture(&mut ineen);
    for table in ["participant", "run", "session", "attendance", "contact", "outbox"] {
        eprintln!("{table}: {} rows", ineen.store().count(table).expect("count"));
    }

    let plain = org::plain_copy(&dir, &ineen);
    // The laptop's keyring has the key after the first open (as on a
    // trainer's own laptop): no passphrase is derived while measuring.
    let unlock = ineen_core::keys::Unlock::for_tests();
    drop(Ineen::open_to_read(&dir, &unlock).expect("open"));

    let mut reads = c.benchmark_group("read");
    reads.bench_function("open_store", |b| b.iter(|| drop(Ineen::open_to_read(&dir, &unlock).expect("open"))));
    // What encryption adds to opening: the first read of an encrypted file
    // against the same read of its plain copy.
    let first_read = |conn: &rusqlite::Connection| {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).expect("read")
    };
    reads.bench_function("open_file_plain", |b| {
        b.iter(|| first_read(&rusqlite::Connection::open(&plain).expect("open")))
    });
    let key = ineen.store().key().expect("key").clone();
    let store = dir.join("ineen.sqlite");
    reads.bench_function("open_file_encrypted", |b| {
        b.iter(|| first_read(&cipher::open(&store, &key, rusqlite::OpenFlags::default()).expect("open")))
    });
    // The window's (and a writing command's) open: the full damage check first.
    reads.sample_size(10);
    reads.bench_function("open_store_checked", |b| b.iter(|| drop(Ineen::open(&dir, &unlock).expect("open"))));
    reads.sample_size(100);
    reads.bench_function("day_sessions", |b| b.iter(|| ineen.sessions_on(f.day).expect("day")));
    reads.bench_function("attendance_grid", |b| b.iter(|| ineen.attendance_grid(f.run).expect("grid")));
    reads.bench_function("enrolment_timeline", |b| b.iter(|| ineen.enrolment_overview(f.enrolment).expect("overview")));
    reads.bench_function("participant_search", |b| b.iter(|| ineen.search_participants("Jans", 20).expect("search")));
    // The participants list (issue 15): the window asks for the page it
    // shows (60 lines) with the count for the scroll height: the first page,
    // a page deep in everyone of ten years by each sort, and while typing.
    use ineen_core::store::participants::{ListQuery, ListSort};
    let page = |all: bool, query: &str, sort: ListSort, offset: u32| ListQuery {
        all,
        query: query.into(),
        sort,
        offset,
        limit: 60,
    };
    let under_way = ineen.participant_page(&page(false, "", ListSort::Name, 0)).expect("list").total;
    let everyone = ineen.participant_page(&page(true, "", ListSort::Name, 0)).expect("list").total;
    eprintln!("participants list: {under_way} under way, {everyone} in all");
    reads.bench_function("participant_list", |b| {
        b.iter(|| ineen.participant_page(&page(false, "", ListSort::Name, 0)).expect("list"))
    });
    let deep = everyone * 2 / 3;
    reads.bench_function("participant_list_all", |b| {
        b.iter(|| ineen.participant_page(&page(true, "", ListSort::Name, deep)).expect("list"))
    });
    reads.bench_function("participant_list_all_by_group", |b| {
        b.iter(|| ineen.participant_page(&page(true, "", ListSort::Group, deep)).expect("list"))
    });
    reads.bench_function("participant_list_all_by_status", |b| {
        b.iter(|| ineen.participant_page(&page(true, "", ListSort::Status, deep)).expect("list"))
    });
    reads.bench_function("participant_list_all_typed", |b| {
        b.iter(|| ineen.participant_page(&page(true, "ja", ListSort::School, 0)).expect("list"))
    });
    reads.finish();

    // The privacy desk over ten years of an organisation: the retention list
    // (every dossier's latest change), one dossier's audit and access
    // request, and checking the whole audit chain.
    // Another child than the read benches open: those add a read to the
    // audit of theirs at every iteration.
    let enrolments = ineen.store().enrolments().expect("enrolments");
    let child = enrolments[enrolments.len() / 3].participant_id;
    let mut privacy = c.benchmark_group("privacy");
    privacy.sample_size(10);
    privacy.bench_function("retention_list", |b| b.iter(|| ineen.retention().expect("retention")));
    let one = ineen_core::store::privacy::AuditFilter { dossier: Some(child), ..Default::default() };
    privacy.bench_function("audit_of_dossier", |b| b.iter(|| ineen.audit(&one).expect("audit")));
    privacy.bench_function("inzage_data", |b| b.iter(|| ineen.inzage(child, &[]).expect("inzage")));
    privacy.bench_function("audit_verify", |b| b.iter(|| ineen.verify_audit().expect("verify")));
    privacy.finish();

    // The coordinator's desk: one school year of the organisation (about
    // 200 groups, 2,000 children, 60,000 marks) at a glance.
    let mut desk = c.benchmark_group("coordinator");
    desk.sample_size(20);
    let year = ineen.overview(Some("2025-2026")).expect("overview");
    let rows: usize = year.groups.iter().map(|g| g.rows.len()).sum();
    eprintln!("overview 2025-2026: {} groups, {rows} children", year.groups.len());
    desk.bench_function("overview_year", |b| b.iter(|| ineen.overview(Some("2025-2026")).expect("overview")));
    desk.bench_function("figures_year", |b| b.iter(|| ineen.figures(Some("2025-2026")).expect("figures")));
    desk.bench_function("figures_pdf", |b| {
        b.iter(|| ineen.export_figures(Some("2025-2026"), ineen_core::ineen::FiguresFormat::Pdf).expect("pdf"))
    });
    desk.finish();

    interleaved(&mut ineen, &f, &plain, &key);

    let mut writes = c.benchmark_group("write");
    writes.sample_size(60).measurement_time(Duration::from_secs(8));
    // Each iteration writes 9 new rows into a session of its own, made
    // beforehand (not measured), for both paths alike.
    let template = ineen.sessions(f.write_run).expect("sessions").remove(0);
    let ineen = std::cell::RefCell::new(ineen);
    let fresh_session = || {
        let mut ineen = ineen.borrow_mut();
        let session = Session { id: ineen.new_id(), ..template.clone() };
        ineen.save(&session).expect("session");
        session.id
    };
    writes.bench_function("record_attendance_9", |b| {
        b.iter_batched(
            fresh_session,
            |session| ineen.borrow_mut().record_attendance(session, &present(&f.write_enrolments)).expect("record"),
            BatchSize::PerIteration,
        )
    });
    let template_id = template.id.to_string();
    // The same rows through a bare rusqlite transaction with the same
    // durability: on the plain copy of the store, and on the encrypted store
    // itself (the cost of encryption alone). Each connection makes its own
    // sessions (not measured), as `fresh_session` does for Ineen's. Each
    // path starts on a group without marks: Ineen's group on the plain copy
    // (a file of its own), another group on the encrypted store (where
    // Ineen's group now has thousands of marks per child).
    for (name, file, keyed, enrolments) in [
        ("bare_rusqlite_9", plain.clone(), false, &f.write_enrolments),
        ("bare_rusqlite_9_encrypted", dir.join("ineen.sqlite"), true, &f.bare_enrolments),
    ] {
        let conn = bare_connection(&file, keyed.then_some(&key));
        writes.bench_function(name, |b| {
            b.iter_batched(
                || bare_session(&conn, &template_id),
                |session| bare_marks(&conn, session, enrolments),
                BatchSize::PerIteration,
            )
        });
    }
    writes.finish();
    ratios();
}

/// Everyone present.
fn present(enrolments: &[Uuid]) -> Vec<Mark> {
    enrolments
        .iter()
        .map(|&e| Mark { enrolment_id: e, person: Person::Child, status: AttendanceStatus::Present, note: None })
        .collect()
}

/// A bare connection with Ineen's durability, keyed when `key` is given.
fn bare_connection(file: &std::path::Path, key: Option<&ineen_core::keys::DataKey>) -> rusqlite::Connection {
    let conn = match key {
        Some(key) => cipher::open(file, key, rusqlite::OpenFlags::default()).expect("raw"),
        None => rusqlite::Connection::open(file).expect("raw"),
    };
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "FULL").expect("full");
    conn.pragma_update(None, "foreign_keys", "ON").expect("fk");
    conn.pragma_update(None, "cache_size", -16_000).expect("cache");
    conn
}

/// A new session like `template` (not measured), as Ineen's path makes one.
fn bare_session(conn: &rusqlite::Connection, template: &str) -> Uuid {
    let id = Uuid::now_v7();
    conn.execute_batch("DROP TABLE IF EXISTS temp.s").expect("drop");
    conn.execute("CREATE TEMP TABLE s AS SELECT * FROM session WHERE id = ?1", [template]).expect("copy");
    conn.execute("UPDATE temp.s SET id = ?1", [id.to_string()]).expect("id");
    conn.execute("INSERT INTO main.session SELECT * FROM temp.s", []).expect("insert");
    id
}

/// The bare transaction: one attendance row per enrolment, committed.
fn bare_marks(conn: &rusqlite::Connection, session: Uuid, enrolments: &[Uuid]) {
    let session = session.to_string();
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate).expect("tx");
    {
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO attendance (id, hlc, device, deleted, session_id, enrolment_id, person, status, note)
                 VALUES (?1, '0000000000000000', 'bench', 0, ?2, ?3, 'child', 'present', NULL)",
            )
            .expect("prepare");
        for e in enrolments {
            insert.execute(rusqlite::params![Uuid::now_v7().to_string(), session, e.to_string()]).expect("insert");
        }
    }
    tx.commit().expect("commit");
}

/// The performance budget's ratio measured with the three writes taking
/// turns (Ineen, bare plain, bare encrypted; the order rotating each round),
/// each on a file of its own that starts from the generated organisation:
/// the disk's ups and downs, which move criterion's back-to-back figures by
/// a tenth or more between runs here, fall on all three alike.
fn interleaved(ineen: &mut Ineen, f: &Fixture, plain: &std::path::Path, key: &ineen_core::keys::DataKey) {
    const ROUNDS: usize = 3_000;
    const WARM_UP: usize = 50;
    let encrypted = plain.with_extension("bare-encrypted.sqlite");
    for stale in ["bare-encrypted.sqlite-wal", "bare-encrypted.sqlite-shm"] {
        let _ = std::fs::remove_file(plain.with_extension(stale));
    }
    std::fs::copy(org::data_dir().join("ineen.sqlite"), &encrypted).expect("copy the encrypted store");
    let bare = [bare_connection(plain, None), bare_connection(&encrypted, Some(key))];
    let template = ineen.sessions(f.write_run).expect("sessions").remove(0);
    let template_id = template.id.to_string();
    let marks = present(&f.write_enrolments);
    let mut times: [Vec<f64>; 3] = Default::default();
    for round in 0..WARM_UP + ROUNDS {
        for turn in 0..3 {
            let which = (round + turn) % 3;
            let took = if which == 0 {
                let session = Session { id: ineen.new_id(), ..template.clone() };
                ineen.save(&session).expect("session");
                let started = std::time::Instant::now();
                ineen.record_attendance(session.id, &marks).expect("record");
                started.elapsed()
            } else {
                let conn = &bare[which - 1];
                let session = bare_session(conn, &template_id);
                let started = std::time::Instant::now();
                bare_marks(conn, session, &f.write_enrolments);
                started.elapsed()
            };
            if round >= WARM_UP {
                times[which].push(took.as_secs_f64() * 1e6);
            }
        }
    }
    let [ineen, plain, encrypted] = times.map(|mut t| {
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    });
    eprintln!(
        "interleaved, {ROUNDS} rounds, medians: recording attendance {ineen:.0} µs, bare on the plain store {plain:.0} µs, bare on the encrypted store {encrypted:.0} µs"
    );
    eprintln!(
        "interleaved: recording attendance / bare plain = {:.2}×; encryption alone = {:.2}×; Ineen's own work = {:.2}×",
        ineen / plain,
        encrypted / plain,
        ineen / encrypted
    );
}

/// The write medians of this run, as the ratios the performance budget
/// names: Ineen against the bare transaction on the plain store, and the
/// cost of encryption alone (read back from criterion's own estimates).
fn ratios() {
    let median = |name: &str| -> Option<f64> {
        let dir = std::env::var_os("CARGO_TARGET_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
        let text = std::fs::read_to_string(dir.join(format!("criterion/write/{name}/new/estimates.json"))).ok()?;
        let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
        estimates["median"]["point_estimate"].as_f64()
    };
    if let (Some(ineen), Some(plain), Some(encrypted)) =
        (median("record_attendance_9"), median("bare_rusqlite_9"), median("bare_rusqlite_9_encrypted"))
    {
        eprintln!(
            "medians: recording attendance {:.0} µs, bare on the plain store {:.0} µs, bare on the encrypted store {:.0} µs",
            ineen / 1e3,
            plain / 1e3,
            encrypted / 1e3
        );
        eprintln!(
            "recording attendance / bare plain = {:.2}×; encryption alone (bare encrypted / bare plain) = {:.2}×; Ineen's own work (recording / bare encrypted) = {:.2}×",
            ineen / plain,
            encrypted / plain,
            ineen / encrypted
        );
    }
}

criterion_group!(large, benches);
criterion_main!(large);
