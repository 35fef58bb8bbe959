//! One STOP 4-7 run, from referral to the last session, as a trainer lives it.

use chrono::{Duration, NaiveDate};
use ineen_core::clock::TestClock;
use ineen_core::ineen::{Mark, NewEnrolment, NewRun};
use ineen_core::model::*;
use ineen_core::rules::{CheckState, Flag, RunWarning};
use ineen_core::{ErrorCode, Ineen, Lang};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

#[test]
fn a_stop_4_7_run_from_referral_to_the_last_session() {
    let clock = TestClock::school_year_start();
    let mut ineen = Ineen::open_in_memory_with(Box::new(clock.clone())).expect("store");
    ineen.set_actor("Anouk Visser");

    // The organisation, its trainers and the school.
    let org = Organisation { id: ineen.new_id(), name: "Trajectum".into(), retention_years: None };
    ineen.save(&org).expect("org");
    let mut trainers = Vec::new();
    for name in ["Anouk", "Mehmet", "Sanne"] {
        let t = Trainer {
            id: ineen.new_id(),
            organisation_id: org.id,
            name: name.into(),
            email: None,
            role: TrainerRole::Trainer,
        };
        ineen.save(&t).expect("trainer");
        trainers.push(t.id);
    }
    let school = School {
        id: ineen.new_id(),
        name: "De Aventurijn".into(),
        town: "Houten".into(),
        school_type: SchoolType::Po,
        contact_name: Some("Tilly".into()),
        contact_role: Some("intern begeleider".into()),
    };
    ineen.save(&school).expect("school");

    // The run, with its schedule from the curriculum, holidays skipped.
    let preview = ineen.preview_schedule("stop-4-7", d(2026, 9, 14), 3, Some(Region::Midden), &[]).expect("preview");
    assert_eq!(preview.len(), 24, "10 child, 10 parent and 4 teacher sessions");
    let run = ineen
        .create_run(NewRun {
            programme_id: "stop-4-7".into(),
            name: "STOP 4-7 najaar 2026, De Aventurijn".into(),
            start_date: d(2026, 9, 14),
            weekday: 3,
            region: Some(Region::Midden),
            location: "De Aventurijn, Houten".into(),
            school_id: Some(school.id),
            variant: None,
            trainer_ids: trainers.clone(),
            free_days: vec![],
            sessions: None,
        })
        .expect("run");
    let sessions = ineen.sessions(run.id).expect("sessions");
    assert_eq!(sessions.len(), 24);

    // Nine children are referred by their school and enrolled.
    let mut enrolments = Vec::new();
    for i in 0..9 {
        let p = Participant {
            id: ineen.new_id(),
            given_name: format!("Kind{i}"),
            family_name: "Test".into(),
            birth_date: d(2021 - (i % 3), 3, 1),
            school_id: Some(school.id),
            class_name: Some("groep 2".into()),
        };
        ineen.save(&p).expect("participant");
        let e = ineen
            .enrol(NewEnrolment {
                run_id: run.id,
                participant_id: p.id,
                referral_by: ReferralSource::School,
                referral_date: d(2026, 9, 1),
            })
            .expect("enrol");
        enrolments.push(e);
    }
    let again = ineen.enrol(NewEnrolment {
        run_id: run.id,
        participant_id: enrolments[0].participant_id,
        referral_by: ReferralSource::Parents,
        referral_date: d(2026, 9, 2),
    });
    assert_eq!(again.expect_err("twice").code(), ErrorCode::AlreadyEnrolled);
    assert_eq!(ineen.run_warnings(run.id).expect("warnings"), [], "nine children aged 5-7, three trainers");

    // Intake: home and class visits before the start; everyone active.
    for e in &enrolments {
        ineen.set_enrolment_status(e.id, EnrolmentStatus::Active, None).expect("active");
        for (kind, date) in [(ContactKind::HomeVisit, d(2026, 9, 7)), (ContactKind::ClassVisit, d(2026, 9, 9))] {
            let c = Contact {
                id: ineen.new_id(),
                enrolment_id: Some(e.id),
                run_id: run.id,
                kind,
                date,
                people: "ouders, trainer".into(),
                summary: "Observatie".into(),
                audience: Audience::Trainers,
            };
            ineen.save(&c).expect("contact");
        }
    }

    // The first session: no indications yet, so it cannot be held.
    let first = sessions.iter().find(|s| s.track == TrackKind::Child && s.number == 1).expect("session 1").clone();
    clock.set_date(first.date);
    let refused = ineen.hold_session(first.id).expect_err("no indication");
    assert_eq!(refused.code(), ErrorCode::IndicationMissing);
    let msg = refused.message(Lang::Nl);
    assert!(msg.contains("STOP 4-7 vraagt een indicatie") && msg.contains("Kind0 Test"), "{msg}");
    assert!(msg.contains("Leg eerst de indicatie vast"), "{msg}");
    let mark = |e: &Enrolment, status| Mark { enrolment_id: e.id, person: Person::Child, status, note: None };
    let refused = ineen.record_attendance(first.id, &[mark(&enrolments[0], AttendanceStatus::Present)]);
    assert_eq!(refused.expect_err("no indication").code(), ErrorCode::IndicationMissing);
    let overview = ineen.enrolment_overview(enrolments[0].id).expect("overview");
    assert!(overview.flags.contains(&Flag::IndicationMissing));

    // Bureau Jeugdzorg grants the indications.
    for (i, e) in enrolments.iter().enumerate() {
        ineen
            .record_indication(e.id, &format!("BJZ-{i}"), "Bureau Jeugdzorg Utrecht", d(2026, 9, 10), None)
            .expect("indication");
    }

    // A session in the future cannot be held yet.
    let last = sessions.iter().rfind(|s| s.track == TrackKind::Child).expect("last").clone();
    assert_eq!(ineen.hold_session(last.id).expect_err("future").code(), ErrorCode::InvalidInput);

    // All ten child sessions and the parents' sessions the same afternoon.
    let child_sessions: Vec<Session> = sessions.iter().filter(|s| s.track == TrackKind::Child).cloned().collect();
    for s in &child_sessions {
        clock.set_date(s.date);
        ineen.hold_session(s.id).expect("held");
        let marks: Vec<Mark> = enrolments
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let status = match (i, s.number) {
                    (1, 1) => AttendanceStatus::Late,
                    (2, 1) => AttendanceStatus::AbsentExcused,
                    (3, 9 | 10) => AttendanceStatus::AbsentUnexcused,
                    _ => AttendanceStatus::Present,
                };
                mark(e, status)
            })
            .collect();
        ineen.record_attendance(s.id, &marks).expect("attendance");
        if let Some(p) = sessions.iter().find(|p| p.track == TrackKind::Parent && p.date == s.date) {
            ineen.hold_session(p.id).expect("parents held");
            let parents: Vec<Mark> = enrolments
                .iter()
                .map(|e| Mark {
                    enrolment_id: e.id,
                    person: Person::Parent,
                    status: AttendanceStatus::Present,
                    note: None,
                })
                .collect();
            ineen.record_attendance(p.id, &parents).expect("parents");
        }
    }
    // Correcting a mark updates it, it does not add one.
    ineen
        .record_attendance(
            first.id,
            &[Mark { note: Some("Toch op tijd".into()), ..mark(&enrolments[1], AttendanceStatus::Present) }],
        )
        .expect("correct");
    ineen.record_attendance(first.id, &[mark(&enrolments[1], AttendanceStatus::Late)]).expect("back");

    let grid = ineen.attendance_grid(run.id).expect("grid");
    assert_eq!(grid.sessions.len(), 10);
    assert_eq!(grid.rows.len(), 9);
    assert!(grid.rows.iter().all(|r| r.cells.iter().all(Option::is_some)));

    // Figures per track, and flags computed from them, the day after.
    clock.set_date(last.date + Duration::days(1));
    let o = ineen.enrolment_overview(enrolments[1].id).expect("overview");
    let child = o.attendance.iter().find(|a| a.track == TrackKind::Child).expect("child").figures;
    assert_eq!((child.held, child.present, child.late, child.attended()), (10, 9, 1, 10));
    let parent = o.attendance.iter().find(|a| a.track == TrackKind::Parent).expect("parent").figures;
    assert_eq!((parent.held, parent.present), (10, 10));
    let excused = ineen.enrolment_overview(enrolments[2].id).expect("overview");
    let f = excused.attendance[0].figures;
    assert_eq!((f.excused, f.attended(), f.percent()), (1, 9, 90));
    let absent = ineen.enrolment_overview(enrolments[3].id).expect("overview");
    assert!(absent.flags.contains(&Flag::ConsecutiveAbsences { count: 2 }), "{:?}", absent.flags);
    assert!(!o.flags.iter().any(|f| matches!(f, Flag::ConsecutiveAbsences { .. })));

    // The checklist: visits done; observation visits and the end-report meeting still open.
    let items = &o.checklist;
    let state = |kind| items.iter().find(|i| i.kind == kind).map(|i| i.state);
    assert_eq!(state(ContactKind::ClassVisit), Some(CheckState::Done));
    assert_eq!(state(ContactKind::ParentObservation), Some(CheckState::Missing), "the run is over without one");
    assert_eq!(state(ContactKind::EndReportMeeting), Some(CheckState::Due));
    assert!(o.flags.contains(&Flag::ConsentMissing));

    // A tenth child makes the group too large.
    let p = Participant {
        id: ineen.new_id(),
        given_name: "Tien".into(),
        family_name: "Test".into(),
        birth_date: d(2021, 1, 1),
        school_id: None,
        class_name: None,
    };
    ineen.save(&p).expect("participant");
    ineen
        .enrol(NewEnrolment {
            run_id: run.id,
            participant_id: p.id,
            referral_by: ReferralSource::Parents,
            referral_date: d(2026, 9, 5),
        })
        .expect("enrol");
    let tenth = ineen.enrolments().expect("list").into_iter().find(|e| e.participant == "Tien Test").expect("tenth");
    assert_eq!(ineen.run_warnings(run.id).expect("warnings"), [RunWarning::GroupTooLarge { size: 10, max: 9 }]);
    ineen
        .set_enrolment_status(tenth.id, EnrolmentStatus::Stopped, Some("Wachtlijst: volgende groep"))
        .expect("stopped");
    assert!(ineen.run_warnings(run.id).expect("warnings").is_empty());

    // A goal scored over time gives a T-score.
    let goal = Goal {
        id: ineen.new_id(),
        enrolment_id: enrolments[1].id,
        title: "Wacht op zijn beurt".into(),
        level_minus2: "-2".into(),
        level_minus1: "-1".into(),
        level_0: "0".into(),
        level_plus1: "+1".into(),
        level_plus2: "+2".into(),
        weight: 1,
        set_on: d(2026, 9, 16),
        audience: Audience::Trainers,
    };
    ineen.save(&goal).expect("goal");
    ineen.score_goal(goal.id, d(2026, 10, 1), -1, None).expect("score");
    ineen.score_goal(goal.id, last.date, 1, Some("Gaat goed")).expect("score");
    assert_eq!(ineen.score_goal(goal.id, last.date, 3, None).expect_err("range").code(), ErrorCode::InvalidInput);
    let o = ineen.enrolment_overview(enrolments[1].id).expect("overview");
    assert_eq!(o.goals[0].scores.len(), 2);
    assert!((o.t_score.expect("t") - 60.0).abs() < 1e-9);

    // The end: the end-report meeting, and the trajectory completed.
    clock.set_date(last.date + Duration::days(7));
    let meeting = Contact {
        id: ineen.new_id(),
        enrolment_id: Some(enrolments[1].id),
        run_id: run.id,
        kind: ContactKind::EndReportMeeting,
        date: last.date + Duration::days(7),
        people: "leerkracht, trainer".into(),
        summary: "Eindverslag besproken".into(),
        audience: Audience::School,
    };
    ineen.save(&meeting).expect("meeting");
    // A kind of contact another programme defines does not fit a STOP 4-7 group.
    let own = Contact {
        id: uuid::Uuid::nil(),
        kind: ContactKind::Own("ggz-verwijzing".into()),
        summary: "Verwezen".into(),
        ..meeting.clone()
    };
    let refused = ineen.save_contact(own).expect_err("not a STOP 4-7 kind");
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    assert!(refused.message(Lang::Nl).contains("'ggz-verwijzing' hoort niet bij STOP 4-7"));
    ineen.set_enrolment_status(enrolments[1].id, EnrolmentStatus::Completed, None).expect("completed");
    let o = ineen.enrolment_overview(enrolments[1].id).expect("overview");
    assert_eq!(
        o.checklist.iter().find(|i| i.kind == ContactKind::EndReportMeeting).map(|i| i.state),
        Some(CheckState::Done)
    );
    assert!(o.timeline.len() > 20, "sessions, contacts and scores on one timeline");
    assert_eq!(
        ineen.set_enrolment_status(enrolments[0].id, EnrolmentStatus::Stopped, None).expect_err("reason").code(),
        ErrorCode::InvalidInput
    );
}
