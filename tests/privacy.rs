//! A dossier's life from the command line on the real binary: the access
//! request (inzage) as a PDF read back with `pdftotext` and as JSON, the
//! retention list, an erasure, and the audit whose hash chain finds an
//! edited row in the real file.

mod common;
use common::{ineen, raw_store};

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn text(out: &std::process::Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json(args: &[&str], data: &Path) -> Value {
    let out = ineen(args, data);
    assert!(out.status.success(), "{args:?}: {}", text(&out).1);
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn inzage_retention_purge_and_a_verified_audit_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    assert!(ineen(&["demo"], &data).status.success());
    let enrolments = json(&["enrolments", "--json"], &data);
    let daan = enrolments.as_array().expect("list").iter().find(|e| e["participant"] == "Daan de Vries").expect("Daan")
        ["participant_id"]
        .as_str()
        .expect("id")
        .to_string();

    // The review list: the items that may hold others' data, the mother first.
    let out = ineen(&["inzage", "--participant", &daan, "--out", "unused", "--list"], &data);
    let (list, err) = text(&out);
    assert!(out.status.success(), "{err}");
    let mother = list.lines().find(|l| l.contains("guardian")).expect("the mother is listed");
    let mother_id = mother.split_whitespace().next().expect("id");
    assert!(mother.contains("06-1234"), "{mother}");

    // The access request, holding back the mother's details.
    // Into the data folder's report folder, as the window does.
    let out_dir = data.join("verslagen");
    let out = ineen(
        &["inzage", "--participant", &daan, "--out", out_dir.to_str().expect("p"), "--exclude", mother_id],
        &data,
    );
    let (written, err) = text(&out);
    assert!(out.status.success(), "{err}");
    let pdf =
        written.lines().find_map(|l| l.strip_prefix("Geschreven: ")).filter(|f| f.ends_with(".pdf")).expect("pdf");
    let text_of_pdf = pdf_text(Path::new(pdf));
    for expected in [
        "Inzage in het dossier",
        "Daan de Vries",
        "STOP 4-7",
        "Toestemmingen",
        "Aanwezigheid",
        "Doelen",
        "Observaties",
        "Wie het dossier inzag of wijzigde",
        // Everything kept, trainers-only texts included.
        "Intake aan huis: kennismaking",
        "aanwezigheid vastgelegd",
        "1 onderdeel is weggelaten",
    ] {
        assert!(text_of_pdf.contains(expected), "{expected:?} missing from the inzage:\n{text_of_pdf}");
    }
    assert!(!text_of_pdf.contains("06-1234"), "the mother's phone number was held back");
    let inzage: Value =
        serde_json::from_slice(&std::fs::read(Path::new(pdf).with_extension("json")).expect("json file"))
            .expect("json");
    assert_eq!(inzage["format"], "ineen-inzage");
    assert_eq!(inzage["participant"]["id"], daan.as_str());
    assert_eq!(inzage["guardians"].as_array().map(Vec::len), Some(0));
    assert_eq!(inzage["withheld"], 1);
    // Page images for the README.
    let images = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reports");
    std::fs::create_dir_all(&images).expect("mkdir");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", "1", "-l", "2"])
        .arg(pdf)
        .arg(images.join("inzage"))
        .status()
        .expect("pdftoppm");
    assert!(status.success());

    // The retention list: nothing has passed in a demo made today.
    let all = json(&["retention", "--json"], &data);
    let item = all.as_array().expect("list").iter().find(|i| i["participant_id"] == daan.as_str()).expect("Daan");
    assert_eq!(item["passed"], false);
    assert!(item["keep_until"].as_str().expect("date") > "2045-", "{item}");
    assert_eq!(json(&["retention", "--json", "--passed"], &data), serde_json::json!([]));

    // The audit names the export of Daan's dossier; its chain holds.
    let audit = json(&["audit", "--participant", &daan, "--json"], &data);
    assert!(audit
        .as_array()
        .expect("rows")
        .iter()
        .any(|r| r["action"] == "export" && r["detail"].as_str().is_some_and(|d| d.starts_with("inzage"))));
    let out = ineen(&["audit", "verify"], &data);
    assert!(out.status.success() && text(&out).0.contains("intact"), "{:?}", text(&out));

    // Erasing asks for the name on a terminal; a script must say --yes.
    let out = ineen(&["purge", "--participant", &daan, "--reason", "Verzoek van de ouders"], &data);
    assert!(!out.status.success() && text(&out).1.contains("Er is niets gewist"), "{:?}", text(&out));
    let out = ineen(&["purge", "--participant", &daan, "--reason", "Verzoek van de ouders", "--yes"], &data);
    let (said, err) = text(&out);
    assert!(out.status.success(), "{err}");
    assert!(said.contains("Het dossier van Daan de Vries is gewist"), "{said}");
    let left = json(&["enrolments", "--json"], &data);
    assert!(!left.to_string().contains("Daan de Vries"));
    // `strings` over the data folder: no file holds his name (the store and
    // its backups are encrypted; a report file named for him is gone).
    let mut files = vec![data.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).expect("dir").map(|e| e.expect("entry").path()));
        } else {
            let bytes = std::fs::read(&path).expect("read");
            assert!(!bytes.windows(13).any(|w| w == b"Daan de Vries"), "{} names him", path.display());
            assert!(!path.to_string_lossy().contains("daan-de-vries"), "{} is named for him", path.display());
        }
    }
    assert!(
        !Path::new(pdf).exists() || !pdf.contains(data.to_str().expect("p")),
        "files outside the data folder are the requester's"
    );

    // Someone edits an audit row in the file: verify names the row.
    let out = ineen(&["audit", "verify"], &data);
    assert!(out.status.success(), "{:?}", text(&out));
    {
        let conn = raw_store(&data.join("ineen.sqlite"), &data);
        conn.execute("UPDATE audit SET actor = 'niemand' WHERE seq = 5", []).expect("edit");
    }
    let out = ineen(&["audit", "verify"], &data);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("regel 5") && err.contains("gewijzigd"), "{err}");
}
