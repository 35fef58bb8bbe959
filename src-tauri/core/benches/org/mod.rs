//! The generated ten-year organisation the benchmarks run on: 20,000
//! participants, 2,000 runs, 60,000 sessions, 600,000 attendance rows,
//! 150,000 contacts (976k records), written once through the real write
//! path into `target/bench-data/` and reused; delete it to generate again.
//! It is kept as generated: every run works on a fresh copy of it, so the
//! rows the write benchmarks add (tens of thousands a run) never pile up
//! and each run measures the same organisation.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Duration as Days, NaiveDate};
use ineen_core::model::*;
use ineen_core::Ineen;

pub const RUNS: usize = 2_000;
const PER_RUN: usize = 10;
const SESSIONS_PER_TRACK: u32 = 15;
const GENERATOR_VERSION: u32 = 11;

/// The groups the write benchmarks write to (see the end of [`generate`]).
pub const WRITE_GROUP: &str = "Schrijfgroep";
pub const WRITE_GROUP_BARE: &str = "Schrijfgroep kaal";

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

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/bench-data/large-v{GENERATOR_VERSION}"))
}

pub fn start_of(run: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 8, 29).expect("date") + Days::days((run * 3650 / RUNS) as i64)
}

pub fn generate(dir: &Path) -> Ineen {
    let tmp = dir.with_extension("partial");
    let _ = std::fs::remove_dir_all(&tmp);
    let started = Instant::now();
    let mut ineen = Ineen::open(&tmp, &ineen_core::keys::Unlock::for_tests()).expect("open");
    ineen.set_actor("generator");
    let org = Organisation { id: ineen.new_id(), name: "Groot".into(), retention_years: None };
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
                        kind: CONTACT_KINDS[c % CONTACT_KINDS.len()].clone(),
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

    // Two groups of 9 without a mark yet, for the write benchmarks: one
    // that Ineen writes to (and the bare transaction on the plain copy, a
    // file of its own), one that the bare transaction on the encrypted
    // store writes to, so that each starts from the same state.
    for name in [WRITE_GROUP, WRITE_GROUP_BARE] {
        let run = Run {
            id: ineen.new_id(),
            programme_id: "stop-4-7".into(),
            name: name.into(),
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
                given_name: format!("{name}{k}"),
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
    }
    drop(ineen);
    std::fs::rename(&tmp, dir).expect("rename");
    eprintln!("generated the large organisation in {:.0?}", started.elapsed());
    Ineen::open(dir, &ineen_core::keys::Unlock::for_tests()).expect("reopen")
}

/// A plain (unencrypted) copy of the organisation's store, exported once
/// from the generated one and copied afresh for each run beside the
/// working copy `dir`: the baseline a bare rusqlite transaction and a bare
/// open are measured on. `ineen` is the working copy, not yet written to.
pub fn plain_copy(dir: &Path, ineen: &Ineen) -> PathBuf {
    let kept = data_dir().with_extension("plain.sqlite");
    if !kept.exists() {
        let partial = data_dir().with_extension("plain.partial");
        let _ = std::fs::remove_file(&partial);
        let key = ineen.store().key().expect("key");
        let conn = ineen_core::store::cipher::open(&dir.join("ineen.sqlite"), key, rusqlite::OpenFlags::default())
            .expect("open");
        conn.execute("ATTACH DATABASE ?1 AS plain KEY ''", [partial.to_str().expect("path")]).expect("attach");
        conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(())).expect("export");
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("version");
        conn.pragma_update(Some("plain"), "user_version", version).expect("version");
        conn.execute("DETACH DATABASE plain", []).expect("detach");
        drop(conn);
        std::fs::rename(&partial, &kept).expect("rename");
    }
    let plain = dir.with_extension("plain.sqlite");
    for stale in [plain.clone(), dir.with_extension("plain.sqlite-wal"), dir.with_extension("plain.sqlite-shm")] {
        let _ = std::fs::remove_file(stale);
    }
    std::fs::copy(&kept, &plain).expect("copy the plain store");
    plain
}

/// A fresh working copy of the organisation (generated on first use), and
/// the app open on it.
pub fn open() -> (PathBuf, Ineen) {
    let kept = data_dir();
    // Organisations of older generators are not used again.
    for old in 1..GENERATOR_VERSION {
        let dir = kept.with_file_name(format!("large-v{old}"));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(dir.with_extension("plain.sqlite"));
        let run = dir.with_file_name(format!("large-v{old}-run"));
        let _ = std::fs::remove_dir_all(&run);
        let _ = std::fs::remove_file(run.with_extension("plain.sqlite"));
    }
    if !kept.join("ineen.sqlite").exists() {
        drop(generate(&kept));
    }
    let work = kept.with_file_name(format!("large-v{GENERATOR_VERSION}-run"));
    let _ = std::fs::remove_dir_all(&work);
    copy_dir(&kept, &work);
    let ineen = Ineen::open(&work, &ineen_core::keys::Unlock::for_tests()).expect("open");
    (work, ineen)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
