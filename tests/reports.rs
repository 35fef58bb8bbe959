//! End reports as real PDFs from the real binary, read back with `pdftotext`.

mod common;
use common::ineen;

use std::path::Path;
use std::process::Command;

use ineen_core::model::{Audience, Contact, ContactKind, Goal, Measurement, Observation, Phase};
use ineen_core::Ineen;

fn pdf_text(pdf: &Path) -> String {
    pdftotext(pdf, &[])
}

/// With `-layout`, a table row reads as one line.
fn pdftotext(pdf: &Path, flags: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(flags)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed");
    // Words wrap across lines in the PDF: compare with single spaces.
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

const SECRET: &str = "GEHEIM-7319: vader zit in detentie";

/// A demo data folder with a confidential observation and contact planted for Daan.
fn demo_with_secret(dir: &Path) -> (uuid::Uuid, uuid::Uuid) {
    assert!(ineen(&["demo"], dir).status.success());
    let mut core = Ineen::open(dir, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let by_name = |core: &Ineen, name: &str| {
        core.enrolments().expect("list").into_iter().find(|e| e.participant == name).expect(name)
    };
    let daan = by_name(&core, "Daan de Vries");
    let today = core.today();
    let observation = Observation {
        id: core.new_id(),
        enrolment_id: daan.id,
        date: today,
        text: SECRET.into(),
        audience: Audience::Trainers,
    };
    core.save(&observation).expect("observation");
    let contact = Contact {
        id: core.new_id(),
        enrolment_id: Some(daan.id),
        run_id: daan.run_id,
        kind: ContactKind::HomeVisit,
        date: today,
        people: "moeder".into(),
        summary: SECRET.into(),
        audience: Audience::Trainers,
    };
    core.save(&contact).expect("contact");
    (daan.id, by_name(&core, "Sara El Amrani").id)
}

#[test]
fn the_end_report_shows_the_right_facts_and_never_a_confidential_sentence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (daan, _) = demo_with_secret(&data);
    let school_pdf = dir.path().join("daan-school.pdf");
    let parents_pdf = dir.path().join("daan-ouders.pdf");
    let id = daan.to_string();
    let out = ineen(&["report", "end", "--enrolment", &id, "--out", school_pdf.to_str().expect("path")], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = ineen(
        &["report", "end", "--enrolment", &id, "--for", "parents", "--out", parents_pdf.to_str().expect("path")],
        &data,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let mut core = Ineen::open(&data, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let overview = core.enrolment_overview(daan).expect("overview");
    let child = overview.attendance.iter().find(|a| a.track == ineen_core::TrackKind::Child).expect("child").figures;

    let text = pdf_text(&school_pdf);
    for expected in [
        "Eindverslag",
        "Daan de Vries",
        "STOP 4-7",
        "Samen sterker terug op pad",
        "Basisschool De Regenboog",
        "Anouk Visser",
        "Daan noemt in de kring zelf een compliment",
        "Tips voor de leerkracht",
        "Geef Daan direct een compliment als hij op zijn beurt wacht.",
        "alleen voor de school",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the school report:\n{text}");
    }
    let row = format!("Kind {} {} {} {} {}", child.held, child.attended(), child.late, child.excused, child.unexcused);
    let table = pdftotext(&school_pdf, &["-layout"]);
    assert!(table.contains(&row), "attendance row {row:?} missing:\n{table}");
    assert!(!text.contains(SECRET), "a confidential sentence reached the school");
    assert!(!text.contains("Intake aan huis"), "contact summaries never go into reports");

    // Page images for the README.
    let images = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reports");
    std::fs::create_dir_all(&images).expect("mkdir");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "70"])
        .arg(&school_pdf)
        .arg(images.join("eindverslag"))
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(status.success());

    let text = pdf_text(&parents_pdf);
    assert!(text.contains("alleen voor de ouders") && text.contains("Tips voor thuis"), "{text}");
    assert!(!text.contains(SECRET), "a confidential sentence reached the parents");
}

#[test]
fn without_consent_the_school_report_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (_, sara) = demo_with_secret(&data);
    let pdf = dir.path().join("sara.pdf");
    let out = ineen(&["report", "end", "--enrolment", &sara.to_string(), "--out", pdf.to_str().expect("path")], &data);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mag nog niet met de school gedeeld worden") && err.contains("Sara El Amrani"), "{err}");
    assert!(err.contains("moeder (Fatima El Amrani)"), "whose consent is missing is named: {err}");
    assert!(!pdf.exists());
    // The parents' version never carries the demo's confidential sentence either.
    let out = ineen(
        &["report", "end", "--enrolment", &sara.to_string(), "--for", "parents", "--out", pdf.to_str().expect("path")],
        &data,
    );
    assert!(out.status.success());
    assert!(!pdf_text(&pdf).contains(ineen_core::ineen::CONFIDENTIAL_SENTENCE));
}

#[test]
fn a_batch_writes_every_consented_report_and_names_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let core = Ineen::open(&data, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let stop = core.enrolments().expect("list").into_iter().find(|e| e.participant == "Daan de Vries").expect("Daan");
    drop(core);
    let out_dir = dir.path().join("verslagen");
    let out =
        ineen(&["report", "batch", "--run", &stop.run_id.to_string(), "--out", out_dir.to_str().expect("path")], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 7, "nine children, two without consent: {files:?}");
    assert!(files.iter().any(|f| f.starts_with("eindverslag-daan-de-vries-")), "{files:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Overgeslagen: Sara El Amrani") && err.contains("Overgeslagen: Mohammed Yildiz"), "{err}");
    for f in &files {
        assert!(!pdf_text(&out_dir.join(f)).contains(ineen_core::ineen::CONFIDENTIAL_SENTENCE));
    }
}

#[test]
fn the_teacher_tips_handout_is_a_pdf_and_a_self_contained_html_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (daan, sara) = demo_with_secret(&data);
    let html = dir.path().join("tips.html");
    let pdf = dir.path().join("tips.pdf");
    for file in [&html, &pdf] {
        let out =
            ineen(&["report", "tips", "--enrolment", &daan.to_string(), "--out", file.to_str().expect("path")], &data);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.contains("Tips voor de leerkracht") && page.contains("Geef Daan direct een compliment"), "{page}");
    assert!(page.contains("Tot tien leren tellen"), "the programme's tools are explained");
    assert!(!page.contains("<script") && !page.contains("<link") && !page.contains("src="), "self-contained");
    assert!(!page.contains(SECRET));
    let text = pdf_text(&pdf);
    assert!(text.contains("Tips voor de leerkracht") && text.contains("Daan de Vries"), "{text}");
    assert!(!text.contains(SECRET));
    let out =
        ineen(&["report", "tips", "--enrolment", &sara.to_string(), "--out", html.to_str().expect("path")], &data);
    assert_eq!(out.status.code(), Some(1), "no consent, no handout");
}

#[test]
fn the_teacher_tips_of_a_whole_group_leave_out_children_without_consent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (daan, _) = demo_with_secret(&data);
    let run = Ineen::open(&data, &ineen_core::keys::Unlock::for_tests())
        .expect("open")
        .enrolment(daan)
        .expect("enrolment")
        .run_id
        .to_string();
    let pdf = dir.path().join("groep.pdf");
    let html = dir.path().join("groep.html");
    for file in [&pdf, &html] {
        let out = ineen(&["report", "tips", "--run", &run, "--out", file.to_str().expect("path")], &data);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("Overgeslagen: Sara El Amrani"), "the trainer hears who was left out: {stderr}");
    }
    // One file per class (groep 3 holds Daan and Sara; groep 2b holds Noah).
    let class_file = |file: &Path| {
        let (stem, ext) =
            (file.file_stem().expect("stem").to_string_lossy(), file.extension().expect("ext").to_string_lossy());
        file.with_file_name(format!("{stem}-groep-3-basisschool-de-regenboog-houten.{ext}"))
    };
    let text = pdf_text(&class_file(&pdf));
    assert!(text.contains("Tips voor de leerkracht") && text.contains("Daan de Vries"), "{text}");
    assert!(text.contains("Tot tien tellen"), "library tips carry their title: {text}");
    assert!(!text.contains("Sara El Amrani"), "a child without consent is not even named to the school");
    assert!(!text.contains(SECRET));
    let page = std::fs::read_to_string(class_file(&html)).expect("html");
    assert!(page.contains("Daan de Vries") && !page.contains("Sara El Amrani") && !page.contains(SECRET));
    assert!(!page.contains("<script") && !page.contains("src="), "self-contained");
}

/// Issue 15, item 10: a group's teacher tips go to each teacher apart — one
/// file per class, headed with the class, holding only that class's pupils.
#[test]
fn the_teacher_tips_of_a_group_go_to_each_class_teacher_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (daan, _) = demo_with_secret(&data);
    let mut core = Ineen::open(&data, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let run = core.enrolment(daan).expect("enrolment").run_id;
    let noah = core.enrolments().expect("list").into_iter().find(|e| e.participant == "Noah Bakker").expect("noah");
    let today = core.today();
    let consent = ineen_core::model::Consent {
        id: core.new_id(),
        enrolment_id: noah.id,
        giver: ineen_core::model::Giver::Guardian,
        guardian_id: core.guardians(noah.participant_id).expect("parents").first().map(|g| g.id),
        given_by: "vader (Kees Bakker)".into(),
        audience: Audience::School,
        scope: "eindverslag en tips voor de leerkracht".into(),
        given_on: today,
        withdrawn_on: None,
    };
    core.save(&consent).expect("consent");
    let tip = ineen_core::model::Tip {
        id: core.new_id(),
        enrolment_id: noah.id,
        source: None,
        text: "Laat Noah de beurt doorgeven met de praatsteen.".into(),
        audience: Audience::School,
    };
    core.save(&tip).expect("tip");
    drop(core);

    let pdf = dir.path().join("groep.pdf");
    let out = ineen(&["report", "tips", "--run", &run.to_string(), "--out", pdf.to_str().expect("path")], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!pdf.exists(), "two classes, two files: {written}");
    let file = |class: &str| dir.path().join(format!("groep-{class}-basisschool-de-regenboog-houten.pdf"));
    let (third, second) = (pdf_text(&file("groep-3")), pdf_text(&file("groep-2b")));
    assert!(third.contains("Voor de leerkracht van groep 3, Basisschool De Regenboog"), "{third}");
    assert!(third.contains("Daan de Vries") && !third.contains("Noah Bakker"), "{third}");
    assert!(second.contains("Noah Bakker") && second.contains("praatsteen") && !second.contains("Daan"), "{second}");
    assert!(second.contains("alleen voor de leerkracht van groep 2b"), "{second}");
}

#[test]
fn a_final_report_is_frozen_with_its_hash_and_a_correction_is_a_new_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (daan, _) = demo_with_secret(&data);
    let v1 = dir.path().join("v1.pdf");
    let out =
        ineen(&["report", "end", "--enrolment", &daan.to_string(), "--final", "--out", v1.to_str().expect("p")], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Definitief: v1"));

    let mut core = Ineen::open(&data, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let versions = core.final_reports(daan).expect("versions");
    assert_eq!(versions.len(), 1);
    let hash = versions[0].content_hash.clone();
    assert_eq!(hash.len(), 12);
    let text = pdf_text(&v1);
    assert!(text.contains(&format!("definitief v1, kenmerk {hash}")), "{text}");

    // New school-visible facts change the draft, not the frozen version.
    let note = Observation {
        id: core.new_id(),
        enrolment_id: daan,
        date: core.today(),
        text: "Na afloop: Daan helpt een klasgenoot wachten.".into(),
        audience: Audience::School,
    };
    core.save(&note).expect("observation");
    let again = core.final_report_pdf(&versions[0]).expect("re-render v1");
    let path = dir.path().join("v1-again.pdf");
    std::fs::write(&path, again).expect("write");
    assert!(!pdf_text(&path).contains("Daan helpt een klasgenoot"), "a final report never changes");
    drop(core);

    let v2 = dir.path().join("v2.pdf");
    let out =
        ineen(&["report", "end", "--enrolment", &daan.to_string(), "--final", "--out", v2.to_str().expect("p")], &data);
    assert!(out.status.success());
    let text = pdf_text(&v2);
    assert!(text.contains("definitief v2") && text.contains("Daan helpt een klasgenoot"), "{text}");
    let draft = dir.path().join("draft.pdf");
    assert!(ineen(&["report", "end", "--enrolment", &daan.to_string(), "--out", draft.to_str().expect("p")], &data)
        .status
        .success());
    assert!(pdf_text(&draft).contains("concept"));
}

/// The text of a Word document: its paragraphs, one a line.
fn docx_text(path: &Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("docx");
    let mut archive = zip::ZipArchive::new(file).expect("a docx is a zip archive");
    // The body, then headers and footers.
    let mut parts: Vec<String> = archive
        .file_names()
        .filter(|n| n.starts_with("word/header") || n.starts_with("word/footer"))
        .filter(|n| n.ends_with(".xml"))
        .map(str::to_string)
        .collect();
    parts.insert(0, "word/document.xml".into());
    let mut xml = String::new();
    for part in parts {
        archive.by_name(&part).expect("part").read_to_string(&mut xml).expect("utf-8");
    }
    let mut text = String::new();
    for part in xml.split_inclusive('>') {
        // The text sits between the tags; "</w:p>" ends a paragraph.
        let (content, tag) = part.split_at(part.find('<').unwrap_or(part.len()));
        text.push_str(content);
        if tag.starts_with("</w:p>") {
            text.push('\n');
        }
    }
    text.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
}

#[test]
fn the_word_copy_holds_the_report_and_never_a_confidential_sentence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (daan, sara) = demo_with_secret(&data);
    let school = dir.path().join("daan.docx");
    let parents = dir.path().join("daan-ouders.docx");
    let id = daan.to_string();
    let out = ineen(&["report", "end", "--enrolment", &id, "--out", school.to_str().expect("path")], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out =
        ineen(&["report", "end", "--enrolment", &id, "--for", "parents", "--out", parents.to_str().expect("p")], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let mut core = Ineen::open(&data, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let overview = core.enrolment_overview(daan).expect("overview");
    let child = overview.attendance.iter().find(|a| a.track == ineen_core::TrackKind::Child).expect("child").figures;
    drop(core);

    let text = docx_text(&school);
    for expected in [
        "Eindverslag",
        "Daan de Vries",
        "STOP 4-7 — Samen sterker terug op pad",
        "Basisschool De Regenboog, Houten",
        "Anouk Visser, Mehmet Yilmaz, Sanne de Boer",
        "Daan noemt in de kring zelf een compliment",
        "Tips voor de leerkracht",
        "Complimenten: Geef Daan direct een compliment als hij op zijn beurt wacht.",
        // A tip from the library, with its title.
        "Tot tien tellen: De leerling heeft geleerd om even te stoppen",
        "Opmerkingen van de school",
        "alleen voor de school · concept",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the Word copy:\n{text}");
    }
    // The attendance row: track, held, attended, late, excused, absent, one cell a line.
    let row =
        format!("Kind\n{}\n{}\n{}\n{}\n{}\n", child.held, child.attended(), child.late, child.excused, child.unexcused);
    assert!(text.contains(&row), "attendance row {row:?} missing:\n{text}");
    assert!(!text.contains(SECRET), "a confidential sentence reached the school's Word copy");
    assert!(!text.contains("Intake aan huis"), "contact summaries never go into reports");

    let text = docx_text(&parents);
    assert!(text.contains("alleen voor de ouders") && text.contains("Tips voor thuis"), "{text}");
    assert!(!text.contains("Opmerkingen van de school"));
    assert!(!text.contains(SECRET), "a confidential sentence reached the parents' Word copy");

    // Without consent: refused, nothing written.
    let refused = dir.path().join("sara.docx");
    let out = ineen(&["report", "end", "--enrolment", &sara.to_string(), "--out", refused.to_str().expect("p")], &data);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("toestemming"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!refused.exists());

    // A final version as Word carries its mark.
    let fin = dir.path().join("final.docx");
    let out = ineen(&["report", "end", "--enrolment", &id, "--final", "--out", fin.to_str().expect("p")], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(docx_text(&fin).contains("definitief v1, kenmerk"));
}

/// Issue 11, sixth reproduction: a name in right-to-left script is isolated
/// in the PDF, the Word copy and the HTML handout, so it cannot turn the
/// labels and figures beside it around.
#[test]
fn a_right_to_left_name_is_isolated_in_every_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (daan, _) = demo_with_secret(&data);
    let mut core = Ineen::open(&data, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let mut child = core.enrolment_overview(daan).expect("overview").participant;
    child.given_name = "ليلى".into();
    child.family_name = "حداد".into();
    core.save(&child).expect("rename");
    let figures = core
        .enrolment_overview(daan)
        .expect("overview")
        .attendance
        .iter()
        .find(|a| a.track == ineen_core::TrackKind::Child)
        .expect("child")
        .figures;
    drop(core);

    let id = daan.to_string();
    let (pdf, docx, html) = (dir.path().join("r.pdf"), dir.path().join("r.docx"), dir.path().join("t.html"));
    for out in [&pdf, &docx] {
        let done = ineen(&["report", "end", "--enrolment", &id, "--out", out.to_str().expect("p")], &data);
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    }
    let done = ineen(&["report", "tips", "--enrolment", &id, "--out", html.to_str().expect("p")], &data);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));

    let isolated = "\u{2068}ليلى حداد\u{2069}";
    assert!(docx_text(&docx).contains(isolated), "the Word copy isolates the name");
    assert!(std::fs::read_to_string(&html).expect("html").contains(isolated), "the handout isolates the name");
    let table = pdftotext(&pdf, &["-layout"]);
    let row = format!(
        "Kind {} {} {} {} {}",
        figures.held,
        figures.attended(),
        figures.late,
        figures.excused,
        figures.unexcused
    );
    assert!(table.contains(&row), "the figures keep their order beside the name:\n{table}");
    assert!(table.contains("Eindverslag") && table.contains("STOP 4-7"), "{table}");
}

#[test]
fn goals_and_measurements_reach_a_report_only_when_marked_for_its_readers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (daan, _) = demo_with_secret(&data);
    let mut core = Ineen::open(&data, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let today = core.today();
    let goal = |core: &mut Ineen, title: &str, audience| Goal {
        id: core.new_id(),
        enrolment_id: daan,
        title: title.into(),
        level_minus2: "-2".into(),
        level_minus1: "-1".into(),
        level_0: format!("{title} niveau nul"),
        level_plus1: "+1".into(),
        level_plus2: "+2".into(),
        weight: 1,
        set_on: today,
        audience,
    };
    let measurement = |core: &mut Ineen, instrument: &str, audience| Measurement {
        id: core.new_id(),
        enrolment_id: daan,
        instrument: instrument.into(),
        phase: Phase::Pre,
        date: today,
        score: 12.0,
        audience,
    };
    for (title, audience) in
        [("DOELGEHEIM schulden aflossen", Audience::Trainers), ("Speelt samen op het plein", Audience::School)]
    {
        let g = goal(&mut core, title, audience);
        core.save(&g).expect("goal");
    }
    for (instrument, audience) in [
        ("KLACHTENLIJST-GEHEIM", Audience::Trainers),
        ("Schoolvragenlijst open", Audience::School),
        ("Oudervragenlijst thuis", Audience::Parents),
    ] {
        let m = measurement(&mut core, instrument, audience);
        core.save(&m).expect("measurement");
    }
    drop(core);

    let id = daan.to_string();
    let mut texts = Vec::new();
    for (who, file) in [
        ("school", "daan.pdf"),
        ("parents", "daan-ouders.pdf"),
        ("school", "daan.docx"),
        ("parents", "daan-ouders.docx"),
    ] {
        let path = dir.path().join(file);
        let out =
            ineen(&["report", "end", "--enrolment", &id, "--for", who, "--out", path.to_str().expect("p")], &data);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = if file.ends_with(".pdf") { pdf_text(&path) } else { docx_text(&path) };
        texts.push((who, file, text));
    }
    for (who, file, text) in &texts {
        for secret in ["DOELGEHEIM", "KLACHTENLIJST-GEHEIM"] {
            assert!(!text.contains(secret), "a trainers-only {secret} reached {file}");
        }
        for shown in ["Speelt samen op het plein", "Schoolvragenlijst open"] {
            assert!(text.contains(shown), "{shown:?} marked for the school is missing from {file}:\n{text}");
        }
        let parents_only = text.contains("Oudervragenlijst thuis");
        assert_eq!(parents_only, *who == "parents", "a parents' measurement in {file}");
    }
}

/// Issue 14: the yearly report for the funder from the real binary, read
/// back: the year's totals per programme in Dutch, and no child's name.
#[test]
fn the_yearly_figures_report_counts_per_programme_and_names_no_child() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let year = {
        let o: serde_json::Value = serde_json::from_slice(&ineen(&["overview", "--json"], &data).stdout).expect("json");
        // The demo's groups started before today; count the year the STOP group began in.
        let start = o["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .find(|g| g["programme_id"] == "stop-4-7")
            .map(|g| g["start"].as_str().expect("start").to_string());
        let start = start.unwrap_or_else(|| "2026-09-01".into());
        let (y, m) = (start[..4].parse::<i32>().expect("year"), start[5..7].parse::<u32>().expect("month"));
        let first = if m >= 8 { y } else { y - 1 };
        format!("{first}-{}", first + 1)
    };
    let pdf = dir.path().join("jaarcijfers.pdf");
    let out = ineen(&["figures", "--year", &year, "--pdf", pdf.to_str().expect("path")], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = pdftotext(&pdf, &["-layout"]);
    assert!(text.contains("Jaarcijfers") && text.contains(&format!("Schooljaar {year}")), "{text}");
    // A table row reads as one run of words: name, children, groups, attendance.
    assert!(text.contains("STOP 4-7 9 1 "), "nine children in one STOP group: {text}");
    assert!(text.contains("Per trainer") && text.contains("Per school"), "{text}");
    let list: serde_json::Value =
        serde_json::from_slice(&ineen(&["enrolments", "--json"], &data).stdout).expect("json");
    for e in list.as_array().expect("list") {
        let name = e["participant"].as_str().expect("name");
        assert!(!text.contains(name), "{name} is named in the yearly report");
    }
}

/// Issue 14: the overview's CSV opened as Dutch Excel (or LibreOffice with
/// the Dutch locale) opens it — `;` between cells, UTF-8, decimal commas —
/// gives numbers, not text: LibreOffice headless converts it, a reader
/// crate reads the cells back.
#[test]
fn the_overview_csv_opens_in_libreoffice_with_numbers_and_dutch_decimals() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let csv = dir.path().join("overzicht.csv");
    assert!(ineen(&["overview", "--csv", csv.to_str().expect("path")], &data).status.success());
    let profile = dir.path().join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--infilter=CSV:59,34,76,1,,1043", "--convert-to", "xlsx", "--outdir"])
        .arg(dir.path())
        .arg(&csv)
        .output()
        .expect("soffice (libreoffice-calc) is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xlsx = dir.path().join("overzicht.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("LibreOffice wrote a workbook");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("readable");
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().expect("header").iter().map(|c| c.to_string()).collect();
    assert_eq!(header[0], "Schooljaar", "the byte-order mark is not part of the first heading");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let sara = rows.find(|r| r[col("Deelnemer")] == Data::String("Sara El Amrani".into())).expect("Sara");
    assert!(matches!(sara[col("Gehouden")], Data::Float(n) if n >= 1.0), "a number: {:?}", sara[col("Gehouden")]);
    // "75,0%" read with the Dutch comma is the number 0.75, not text and not 750.
    match sara[col("Aanwezigheid")] {
        Data::Float(share) => assert!((0.5..1.0).contains(&share), "a share: {share}"),
        ref other => panic!("attendance read as {other:?}"),
    }
    assert!(matches!(sara[col("Start")], Data::DateTime(_) | Data::Float(_)), "a date: {:?}", sara[col("Start")]);
}

/// Issue 15, item 7: a child who joined late is counted from the first
/// session recorded for them, with the sessions before apart; a session
/// without a record after that is named as such; every contact that took
/// place and that the school may know of is listed by kind and date (one
/// parents' observation visit where STOP 4-7 asks two included), a
/// confidential one is not.
#[test]
fn a_late_joiner_and_every_contact_read_right_in_the_school_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (daan, _) = demo_with_secret(&data);
    let mut core = Ineen::open(&data, &ineen_core::keys::Unlock::for_tests()).expect("open");
    let run = core.enrolment(daan).expect("daan").run_id;
    let mut held: Vec<_> = core
        .sessions(run)
        .expect("sessions")
        .into_iter()
        .filter(|s| s.track == ineen_core::TrackKind::Child && s.status == ineen_core::model::SessionStatus::Held)
        .collect();
    held.sort_by_key(|s| s.date);
    assert!(held.len() >= 6, "the demo's group has held sessions");
    // Daan joined at the fourth session, and one later session went unrecorded.
    for s in held.iter().take(3).chain(held.get(4)) {
        core.clear_attendance(s.id, daan, ineen_core::model::Person::Child).expect("cleared");
    }
    let visit = Contact {
        id: core.new_id(),
        enrolment_id: Some(daan),
        run_id: run,
        kind: ContactKind::ParentObservation,
        date: held[4].date,
        people: "moeder".into(),
        summary: "Keek mee bij de training".into(),
        audience: Audience::School,
    };
    core.save(&visit).expect("visit");
    let figures = core
        .enrolment_overview(daan)
        .expect("page")
        .attendance
        .into_iter()
        .find(|a| a.track == ineen_core::TrackKind::Child)
        .expect("child")
        .figures;
    assert_eq!((figures.before_start, figures.unrecorded, figures.held), (3, 1, held.len() as u32 - 3));
    drop(core);

    let pdf = dir.path().join("daan.pdf");
    let out = ineen(&["report", "end", "--enrolment", &daan.to_string(), "--out", pdf.to_str().expect("path")], &data);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = pdf_text(&pdf);
    assert!(text.contains("begonnen na 3 bijeenkomsten (niet meegeteld); 1 bijeenkomst zonder registratie"), "{text}");
    let table = pdftotext(&pdf, &["-layout"]);
    let row = format!("Kind {} {}", figures.held, figures.attended());
    assert!(table.contains(&row), "{row:?} missing:\n{table}");
    let day = held[4].date.format("%-d").to_string();
    assert!(text.contains("Meekijkbezoek ouders"), "the one observation visit is listed:\n{text}");
    assert!(text.contains(&day), "with its date:\n{text}");
    assert!(!text.contains(SECRET), "a confidential sentence reached the school");
}
