//! The data behind end reports, per programme, as snapshots; and the rules
//! of audience and consent.

use ineen_core::clock::TestClock;
use ineen_core::report::ReportAudience;
use ineen_core::{ErrorCode, Ineen};

fn demo() -> Ineen {
    let mut ineen = Ineen::open_in_memory_with(Box::new(TestClock::school_year_start())).expect("store");
    ineen.demo().expect("demo");
    ineen
}

fn enrolment(ineen: &Ineen, name: &str) -> uuid::Uuid {
    ineen.enrolments().expect("list").into_iter().find(|e| e.participant == name).expect(name).id
}

#[test]
fn report_data_per_programme() {
    let mut ineen = demo();
    for (programme, child, audience) in [
        ("stop-4-7", "Daan de Vries", ReportAudience::School),
        ("alles-kidzzz", "Milan Hoekstra", ReportAudience::School),
        ("plezier-op-school", "Lisa Mulder", ReportAudience::Parents),
        ("time-4-you", "Jamal Ait Taleb", ReportAudience::School),
    ] {
        let id = enrolment(&ineen, child);
        let report = ineen.end_report(id, audience).expect("report");
        insta::assert_json_snapshot!(programme, report);
    }
}

#[test]
fn confidential_texts_never_reach_a_report() {
    let mut ineen = demo();
    let sara = enrolment(&ineen, "Sara El Amrani");
    let report = ineen.end_report(sara, ReportAudience::Parents).expect("parents' version");
    let text = serde_json::to_string(&report).expect("json");
    assert!(!text.contains(ineen_core::ineen::CONFIDENTIAL_SENTENCE));
    assert!(!text.contains("Intake aan huis"), "contact summaries never go into reports");
}

#[test]
fn a_school_report_needs_consent_and_a_programme_that_sends_one() {
    let mut ineen = demo();
    let sara = enrolment(&ineen, "Sara El Amrani");
    let err = ineen.end_report(sara, ReportAudience::School).expect_err("no consent");
    assert_eq!(err.code(), ErrorCode::ConsentMissing);
    assert!(err.message(ineen_core::Lang::Nl).contains("Toestemming vastleggen"));
    let lisa = enrolment(&ineen, "Lisa Mulder");
    let err = ineen.end_report(lisa, ReportAudience::School).expect_err("privacy by default");
    assert_eq!(err.code(), ErrorCode::SchoolReportOff);
    assert!(err.message(ineen_core::Lang::Nl).contains("versie voor de ouders"));
}

#[test]
fn a_report_renders_with_the_least_data() {
    let mut ineen = demo();
    let id = enrolment(&ineen, "Milan Hoekstra");
    let mut report = ineen.end_report(id, ReportAudience::Parents).expect("report");
    report.trainers.clear();
    report.school = None;
    report.class_name = None;
    report.attendance.clear();
    report.goals.clear();
    report.tips.clear();
    report.period_from = None;
    report.period_until = None;
    let json = serde_json::to_string(&report).expect("json");
    let pdf = ineen_core::report::render::pdf(ineen_core::report::template("alles-kidzzz"), json).expect("renders");
    assert!(pdf.starts_with(b"%PDF"));
}
