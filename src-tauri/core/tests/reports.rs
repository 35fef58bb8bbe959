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

#[test]
fn library_tips_are_selected_once_copied_and_printed_with_their_title() {
    let mut ineen = demo();
    let daan = enrolment(&ineen, "Daan de Vries");
    let library = ineen.tip_library(daan).expect("library");
    assert!(library.iter().any(|t| t.id == "complimenten-veel-en-gericht"), "STOP 4-7's own tips");
    assert!(!library.iter().any(|t| t.tool.as_deref() == Some("petten")), "not another programme's");

    let tip = ineen.select_library_tip(daan, "complimenten-veel-en-gericht").expect("select");
    let again = ineen.select_library_tip(daan, "complimenten-veel-en-gericht").expect("select twice");
    assert_eq!(tip.id, again.id, "selecting twice keeps one tip");
    let report = ineen.end_report(daan, ReportAudience::School).expect("report");
    let printed = report.tips.iter().find(|t| t.text == tip.text).expect("the tip is in the report");
    assert_eq!(printed.title.as_deref(), Some("Complimenten, heel veel complimenten"));

    // Another programme's tip cannot be selected.
    let err = ineen.select_library_tip(daan, "de-drie-petten").expect_err("not for STOP 4-7");
    assert_eq!(err.code(), ErrorCode::NotFound);

    ineen.remove_tip(tip.id).expect("remove");
    let report = ineen.end_report(daan, ReportAudience::School).expect("report");
    assert!(!report.tips.iter().any(|t| t.text == tip.text), "removed from the report");
    let again = ineen.select_library_tip(daan, "complimenten-veel-en-gericht").expect("selectable again");
    assert_ne!(again.id, tip.id, "a removed tip stays removed; selecting again makes a new one");
    let report = ineen.end_report(daan, ReportAudience::School).expect("report");
    assert!(report.tips.iter().any(|t| t.text == tip.text), "back in the report");
}

#[test]
fn the_preview_shows_the_pages_of_the_pdf() {
    let mut ineen = demo();
    let daan = enrolment(&ineen, "Daan de Vries");
    let pages = ineen.end_report_preview(daan, ReportAudience::School).expect("preview");
    assert!(!pages.is_empty());
    assert!(pages.iter().all(|p| p.starts_with("<svg") && p.contains("</svg>")), "one SVG a page");
    assert!(!pages.iter().any(|p| p.contains("<script")), "no scripts in the preview");
    let sara = enrolment(&ineen, "Sara El Amrani");
    let err = ineen.end_report_preview(sara, ReportAudience::School).expect_err("no consent, no preview");
    assert_eq!(err.code(), ErrorCode::ConsentMissing);
}
