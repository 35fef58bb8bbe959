//! Benchmarks over a large organisation: ten years, 20,000 participants,
//! 2,000 runs, 60,000 sessions, 600,000 attendance rows, 150,000 contacts.
//!
//! The data folder is generated once through the real write path (change log
//! and audit included) into `target/bench-data/` and reused; delete it to
//! generate it again. Run with `cargo bench -p ineen-core --bench large`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ineen_core::ineen::Mark;
use ineen_core::model::*;
use ineen_core::Ineen;
use uuid::Uuid;

const RUNS: usize = 2_000;
const PER_RUN: usize = 10;
const SESSIONS_PER_TRACK: u32 = 15;
const GENERATOR_VERSION: u32 = 2;

const GIVEN: &[&str] = &[
    "Daan", "Noah", "Emma", "Liam", "Sara", "Finn", "Julia", "Mohammed", "Tess", "Milan", "Lisa", "Tim", "Anna",
    "Yara", "Luuk", "Mila", "Sem", "Zoë", "Ravi", "Jamal", "Fenna", "Bram", "Nora", "Levi", "Eva", "Adam", "Sophie",
    "Ayoub", "Lotte", "Jesse",
];
const FAMILY: &[&str] = &[
    "de Vries",
    "Bakker",
    "Jansen",
    "van Dijk",
    "El Amrani",
    "Smit",
    "Meijer",
    "Yildiz",
    "de Jong",
    "Hoekstra",
    "Mulder",
    "Vos",
    "Bos",
    "Hendriks",
    "Dekker",
    "van Leeuwen",
    "Brouwer",
    "de Graaf",
    "Peters",
    "Ait Taleb",
    "Visser",
    "Kok",
    "Jacobs",
    "de Boer",
    "Willems",
    "van der Linden",
    "Koster",
    "Prins",
    "Huisman",
    "Postma",
];
const PROGRAMMES: &[&str] = &["stop-4-7", "alles-kidzzz", "plezier-op-school", "time-4-you"];
const CONTACT_KINDS: &[ContactKind] = &[
    ContactKind::HomeVisit,
    ContactKind::ClassVisit,
    ContactKind::ParentMeeting,
    ContactKind::TeacherMeeting,
    ContactKind::PhoneCall,
    ContactKind::ParentObservation,
    ContactKind::EndReportMeeting,
    ContactKind::ZatMeeting,
];

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/bench-data/large-v{GENERATOR_VERSION}"))
}

/// What the benchmarks look up: a busy day, a mid run, an enrolment, and the
/// empty sessions and enrolments reserved for the write benchmarks.
struct Fixture {
    day: NaiveDate,
    run: Uuid,
    enrolment: Uuid,
    write_run: Uuid,
    write_enrolments: Vec<Uuid>,
}

fn start_of(run: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 8, 29).expect("date") + Days::days((run * 3650 / RUNS) as i64)
}

fn generate(dir: &Path) -> Ineen {
    let tmp = dir.with_extension("partial");
    let _ = std::fs::remove_dir_all(&tmp);
    let started = Instant::now();
    let mut ineen = Ineen::open(&tmp).expect("open");
    ineen.set_actor("generator");
    let org = Organisation { id: ineen.new_id(), name: "Groot".into() };
    ineen.save(&org).expect("org");
    let trainers: Vec<Trainer> = (0..60)
        .map(|i| Trainer {
            id: ineen.new_id(),
            organisation_id: org.id,
            name: format!("Trainer {i}"),
            email: None,
            role: TrainerRole::Trainer,
        })
        .collect();
    ineen.save_all(&trainers).expect("trainers");
    let schools: Vec<School> = (0..400)
        .map(|i| School {
            id: ineen.new_id(),
            name: format!("School {i}"),
            town: "Utrecht".into(),
            school_type: SchoolType::Po,
            contact_name: None,
            contact_role: None,
        })
        .collect();
    ineen.save_all(&schools).expect("schools");

    for chunk in 0..RUNS / 10 {
        let (mut runs, mut links, mut people, mut enrolments, mut sessions, mut marks, mut contacts) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        for r in chunk * 10..chunk * 10 + 10 {
            let start = start_of(r);
            let run = Run {
                id: ineen.new_id(),
                programme_id: PROGRAMMES[r % 4].into(),
                name: format!("Groep {r}"),
                start_date: start,
                weekday: 3,
                region: Some(Region::Midden),
                location: format!("School {}", r % 400),
                school_id: Some(schools[r % 400].id),
                variant: None,
            };
            for t in 0..3 {
                links.push(RunTrainer { id: ineen.new_id(), run_id: run.id, trainer_id: trainers[(r + t) % 60].id });
            }
            let mut run_sessions = Vec::new();
            for (track, offset) in [(TrackKind::Child, 0), (TrackKind::Parent, 0)] {
                for n in 1..=SESSIONS_PER_TRACK {
                    run_sessions.push(Session {
                        id: ineen.new_id(),
                        run_id: run.id,
                        track,
                        number: n,
                        date: start + Days::weeks(i64::from(n - 1) + offset),
                        start_time: Some("13:30".into()),
                        title: format!("Bijeenkomst {n}"),
                        theme: "Thema".into(),
                        status: SessionStatus::Held,
                        cancel_reason: None,
                    });
                }
            }
            for k in 0..PER_RUN {
                let i = r * PER_RUN + k;
                let p = Participant {
                    id: ineen.new_id(),
                    given_name: GIVEN[i % GIVEN.len()].into(),
                    family_name: format!("{} {}", FAMILY[(i / GIVEN.len()) % FAMILY.len()], i / 900),
                    birth_date: start - Days::days(365 * 6 + (i % 700) as i64),
                    school_id: Some(schools[r % 400].id),
                    class_name: Some("groep 2".into()),
                };
                let e = Enrolment {
                    id: ineen.new_id(),
                    run_id: run.id,
                    participant_id: p.id,
                    referral_by: ReferralSource::School,
                    referral_date: start - Days::weeks(6),
                    indication_number: Some(format!("BJZ-{i}")),
                    indication_issuer: Some("Bureau Jeugdzorg".into()),
                    indication_from: Some(start - Days::weeks(3)),
                    indication_until: None,
                    status: EnrolmentStatus::Completed,
                    status_reason: None,
                    outcome: None,
                };
                for s in &run_sessions {
                    let status = match (i + s.number as usize) % 17 {
                        0 => AttendanceStatus::AbsentExcused,
                        1 => AttendanceStatus::Late,
                        2 => AttendanceStatus::AbsentUnexcused,
                        _ => AttendanceStatus::Present,
                    };
                    let person = if s.track == TrackKind::Parent { Person::Parent } else { Person::Child };
                    marks.push(Attendance {
                        id: ineen.new_id(),
                        session_id: s.id,
                        enrolment_id: e.id,
                        person,
                        status,
                        note: None,
                    });
                }
                for c in 0..(7 + i % 2) {
                    contacts.push(Contact {
                        id: ineen.new_id(),
                        enrolment_id: Some(e.id),
                        run_id: run.id,
                        kind: CONTACT_KINDS[c % CONTACT_KINDS.len()],
                        date: start + Days::weeks(c as i64 * 2 - 2),
                        people: "ouders, trainer".into(),
                        summary: "Gesprek over de voortgang.".into(),
                        audience: Audience::Trainers,
                    });
                }
                people.push(p);
                enrolments.push(e);
            }
            runs.push(run);
            sessions.extend(run_sessions);
        }
        ineen.save_all(&runs).expect("runs");
        ineen.save_all(&links).expect("links");
        ineen.save_all(&people).expect("people");
        ineen.save_all(&enrolments).expect("enrolments");
        ineen.save_all(&sessions).expect("sessions");
        ineen.save_all(&marks).expect("attendance");
        ineen.save_all(&contacts).expect("contacts");
    }

    // A group of 9 with many empty sessions, for the write benchmarks.
    let run = Run {
        id: ineen.new_id(),
        programme_id: "stop-4-7".into(),
        name: "Schrijfgroep".into(),
        start_date: NaiveDate::from_ymd_opt(2026, 9, 2).expect("date"),
        weekday: 3,
        region: None,
        location: "Benchmark".into(),
        school_id: None,
        variant: None,
    };
    ineen.save(&run).expect("run");
    let mut people = vec![];
    let mut enrolments = vec![];
    for k in 0..9 {
        let p = Participant {
            id: ineen.new_id(),
            given_name: format!("Schrijf{k}"),
            family_name: "Kind".into(),
            birth_date: NaiveDate::from_ymd_opt(2021, 1, 1).expect("date"),
            school_id: None,
            class_name: None,
        };
        enrolments.push(Enrolment {
            id: ineen.new_id(),
            run_id: run.id,
            participant_id: p.id,
            referral_by: ReferralSource::School,
            referral_date: run.start_date,
            indication_number: Some(format!("W-{k}")),
            indication_issuer: None,
            indication_from: Some(run.start_date),
            indication_until: None,
            status: EnrolmentStatus::Active,
            status_reason: None,
            outcome: None,
        });
        people.push(p);
    }
    ineen.save_all(&people).expect("people");
    ineen.save_all(&enrolments).expect("enrolments");
    let sessions: Vec<Session> = (0..1u32)
        .map(|n| Session {
            id: ineen.new_id(),
            run_id: run.id,
            track: TrackKind::Child,
            number: n + 1,
            date: run.start_date,
            start_time: None,
            title: "Schrijven".into(),
            theme: String::new(),
            status: SessionStatus::Held,
            cancel_reason: None,
        })
        .collect();
    ineen.save_all(&sessions).expect("sessions");
    drop(ineen);
    std::fs::rename(&tmp, dir).expect("rename");
    eprintln!("generated the large organisation in {:.0?}", started.elapsed());
    Ineen::open(dir).expect("reopen")
}

fn fixture(ineen: &mut Ineen) -> Fixture {
    let runs = ineen.runs().expect("runs");
    let writing = runs.iter().find(|r| r.name == "Schrijfgroep").expect("write group").clone();
    let mid = runs.iter().find(|r| r.name == format!("Groep {}", RUNS / 2)).expect("mid run").clone();
    let enrolment = ineen.run_enrolments(mid.id).expect("enrolments")[4].0.id;
    Fixture {
        day: start_of(RUNS / 2) + Days::weeks(4),
        run: mid.id,
        enrolment,
        write_run: writing.id,
        write_enrolments: ineen.run_enrolments(writing.id).expect("enrolments").iter().map(|(e, _)| e.id).collect(),
    }
}

fn benches(c: &mut Criterion) {
    let dir = data_dir();
    let mut ineen = if dir.join("ineen.sqlite").exists() { Ineen::open(&dir).expect("open") } else { generate(&dir) };
    let f = fixture(&mut ineen);
    for table in ["participant", "run", "session", "attendance", "contact", "change"] {
        eprintln!("{table}: {} rows", ineen.store().count(table).expect("count"));
    }

    let mut reads = c.benchmark_group("read");
    reads.bench_function("open_store", |b| b.iter(|| drop(Ineen::open(&dir).expect("open"))));
    reads.bench_function("day_sessions", |b| b.iter(|| ineen.sessions_on(f.day).expect("day")));
    reads.bench_function("attendance_grid", |b| b.iter(|| ineen.attendance_grid(f.run).expect("grid")));
    reads.bench_function("enrolment_timeline", |b| b.iter(|| ineen.enrolment_overview(f.enrolment).expect("overview")));
    reads.bench_function("participant_search", |b| b.iter(|| ineen.search_participants("Jans", 20).expect("search")));
    reads.finish();

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
            |session| {
                let marks: Vec<Mark> = f
                    .write_enrolments
                    .iter()
                    .map(|&e| Mark {
                        enrolment_id: e,
                        person: Person::Child,
                        status: AttendanceStatus::Present,
                        note: None,
                    })
                    .collect();
                ineen.borrow_mut().record_attendance(session, &marks).expect("record")
            },
            BatchSize::PerIteration,
        )
    });
    // The same rows through a bare rusqlite transaction with the same durability.
    let conn = rusqlite::Connection::open(dir.join("ineen.sqlite")).expect("raw");
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "FULL").expect("full");
    conn.pragma_update(None, "foreign_keys", "ON").expect("fk");
    conn.pragma_update(None, "cache_size", -16_000).expect("cache");
    writes.bench_function("bare_rusqlite_9", |b| {
        b.iter_batched(
            fresh_session,
            |session| {
                let session = session.to_string();
                let tx = rusqlite::Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Immediate)
                    .expect("tx");
                {
                    let mut insert = tx
                        .prepare_cached(
                            "INSERT INTO attendance (id, hlc, device, deleted, session_id, enrolment_id, person, status, note)
                             VALUES (?1, '0000000000000000', 'bench', 0, ?2, ?3, 'child', 'present', NULL)",
                        )
                        .expect("prepare");
                    for e in &f.write_enrolments {
                        insert.execute(rusqlite::params![Uuid::now_v7().to_string(), session, e.to_string()]).expect("insert");
                    }
                }
                tx.commit().expect("commit");
            },
            BatchSize::PerIteration,
        )
    });
    writes.finish();
}

criterion_group!(large, benches);
criterion_main!(large);
