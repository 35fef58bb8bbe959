//! Issue 12: protected at rest. The store is unreadable without its key;
//! no file in the data folder shows a planted name or sentence (store,
//! write-ahead log, shared memory, backups, exports), also after a delete;
//! a data folder moved to a new laptop opens with the recovery passphrase
//! only; a plain store of an older Ineen is encrypted whole, also when that
//! was interrupted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ineen_core::keys::{Cost, MemoryKeyring, Unlock, Zeroizing};
use ineen_core::model::{Audience, Observation, Participant};
use ineen_core::{ErrorCode, Ineen, Lang};

const PASSPHRASE: &str = "vier losse woorden voor herstel";

/// Planted in the records: none of it may be readable in any file.
const PLANTED: &[&str] = &[
    "Zwaantje",
    "Plantinga-Oostervelt",
    "De vader van Zwaantje slaapt sinds maart in zijn auto.",
    ineen_core::ineen::CONFIDENTIAL_SENTENCE,
];

/// A laptop's keyring (in memory) with the passphrase, at a cheap cost.
fn laptop(keyring: &std::sync::Arc<MemoryKeyring>, passphrase: Option<&str>) -> Unlock {
    Unlock {
        keyring: keyring.clone(),
        passphrase: passphrase.map(|p| Zeroizing::new(p.to_string())),
        cost: Cost { m_kib: 1024, t: 1, p: 1 },
    }
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            if e.file_type().expect("type").is_dir() {
                stack.push(e.path());
            } else {
                out.insert(e.path(), std::fs::read(e.path()).expect("read"));
            }
        }
    }
    out
}

/// The planted texts readable in any file under `dir` (as `strings` would
/// find them: plain bytes), with the file.
fn readable(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files(dir) {
        for planted in PLANTED {
            if bytes.windows(planted.len()).any(|w| w == planted.as_bytes()) {
                found.push(format!("{planted:?} in {}", path.display()));
            }
        }
    }
    found
}

#[test]
fn nothing_of_a_child_is_readable_in_the_data_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let keyring = std::sync::Arc::new(MemoryKeyring::default());
    let mut ineen = Ineen::open(&data, &laptop(&keyring, Some(PASSPHRASE))).expect("open");
    ineen.demo().expect("demo");
    assert_eq!(ineen.store().pragma_number("temp_store").expect("pragma"), 2, "temporary data in memory");
    assert_eq!(ineen.store().pragma_number("secure_delete").expect("pragma"), 1);
    let child = Participant {
        id: uuid::Uuid::now_v7(),
        given_name: PLANTED[0].into(),
        family_name: PLANTED[1].into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(2019, 3, 14).expect("date"),
        school_id: None,
        class_name: Some("groep 2b".into()),
    };
    ineen.save(&child).expect("child");
    let enrolment = ineen.enrolments().expect("list")[0].id;
    let note = Observation {
        id: uuid::Uuid::now_v7(),
        enrolment_id: enrolment,
        date: chrono::NaiveDate::from_ymd_opt(2026, 10, 12).expect("date"),
        text: PLANTED[2].into(),
        audience: Audience::Trainers,
    };
    ineen.save(&note).expect("note");
    ineen.backup(None).expect("backup");
    let export = ineen.export_json().expect("export");
    assert!(export.contains(PLANTED[2]), "the export holds the note");
    let sealed = ineen_core::ineen::seal_export(&export, PASSPHRASE).expect("seal");
    ineen_core::files::write(&data.join("export.json.age"), &sealed, ineen_core::files::Existing::Keep, &[])
        .expect("write");

    // While the store is open, its write-ahead log holds the latest pages.
    let wal = data.join("ineen.sqlite-wal");
    assert!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 0, "a WAL with pages in it");
    assert_eq!(readable(&data), Vec::<String>::new());

    // Plain SQLite cannot read the store.
    let plain = rusqlite::Connection::open(data.join("ineen.sqlite")).expect("open file");
    let err = plain.query_row("SELECT count(*) FROM participant", [], |r| r.get::<_, i64>(0)).expect_err("no key");
    assert!(err.to_string().contains("not a database"), "{err}");
    assert_eq!(err.sqlite_error_code(), Some(rusqlite::ErrorCode::NotADatabase), "{err}");
    drop(plain);

    // The encrypted export opens with its passphrase only.
    let wrong = ineen_core::ineen::open_export(sealed.clone(), Some("een ander wachtwoord")).expect_err("wrong");
    assert_eq!(wrong.code(), ErrorCode::WrongExportPassphrase);
    let none = ineen_core::ineen::open_export(sealed.clone(), None).expect_err("none");
    assert_eq!(none.code(), ErrorCode::ExportPassphraseNeeded);
    assert!(none.message(Lang::Nl).contains("Er is niets veranderd"));
    let opened = ineen_core::ineen::open_export(sealed, Some(PASSPHRASE)).expect("open");
    assert_eq!(opened, export.as_bytes());

    // Deleted and closed: still nothing readable in any file. (The
    // tombstone keeps the note's text inside the encrypted store until it
    // is purged: issue 13's content-free tombstones.)
    ineen.delete::<Observation>(note.id).expect("delete");
    drop(ineen);
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0, "the WAL is emptied at close");
    assert_eq!(readable(&data), Vec::<String>::new());
    drop(Ineen::open(&data, &laptop(&keyring, None)).expect("reopens from the keyring"));
}

#[test]
fn a_data_folder_moved_to_a_new_laptop_opens_with_the_recovery_passphrase() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = (dir.path().join("oude-laptop"), dir.path().join("nieuwe-laptop"));
    let first = std::sync::Arc::new(MemoryKeyring::default());
    let mut ineen = Ineen::open(&old, &laptop(&first, Some(PASSPHRASE))).expect("open");
    ineen.demo().expect("demo");
    let enrolments = ineen.enrolments().expect("list").len();
    drop(ineen);
    // On its own laptop the keyring has the key: no passphrase is asked.
    drop(Ineen::open(&old, &laptop(&first, None)).expect("from the keyring"));

    // The folder is copied to a new laptop, whose keyring is empty.
    std::fs::create_dir_all(&new).expect("mkdir");
    for (path, bytes) in files(&old) {
        let to = new.join(path.strip_prefix(&old).expect("inside"));
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, bytes).expect("copy");
    }
    let second = std::sync::Arc::new(MemoryKeyring::default());
    let before = files(&new);
    let asked = Ineen::open(&new, &laptop(&second, None)).err().expect("asks");
    assert_eq!(asked.code(), ErrorCode::PassphraseNeeded);
    assert!(asked.message(Lang::Nl).contains("herstelwachtwoord"), "{}", asked.message(Lang::Nl));
    let wrong = Ineen::open(&new, &laptop(&second, Some("niet het herstelwachtwoord"))).err().expect("wrong");
    assert_eq!(wrong.code(), ErrorCode::WrongPassphrase);
    assert!(wrong.message(Lang::En).contains("Nothing was changed"));
    assert_eq!(files(&new), before, "a wrong passphrase changes nothing");

    let ineen = Ineen::open(&new, &laptop(&second, Some(PASSPHRASE))).expect("the passphrase opens it");
    assert_eq!(ineen.enrolments().expect("list").len(), enrolments);
    drop(ineen);
    drop(Ineen::open(&new, &laptop(&second, None)).expect("now the new keyring has it"));

    // A new passphrase: the old one no longer opens the key; the store stays as it is.
    let mut ineen = Ineen::open(&new, &laptop(&second, None)).expect("open");
    let too_short = ineen.change_passphrase(PASSPHRASE, "kort").expect_err("short");
    assert_eq!(too_short.code(), ErrorCode::PassphraseTooShort);
    ineen.change_passphrase(PASSPHRASE, "een nieuw herstelwachtwoord").expect("change");
    drop(ineen);
    let third = std::sync::Arc::new(MemoryKeyring::default());
    assert_eq!(
        Ineen::open(&new, &laptop(&third, Some(PASSPHRASE))).err().expect("old").code(),
        ErrorCode::WrongPassphrase
    );
    drop(Ineen::open(&new, &laptop(&third, Some("een nieuw herstelwachtwoord"))).expect("new"));

    // Without its key file the folder does not open, and says why.
    std::fs::remove_file(new.join(ineen_core::keys::KEY_FILE)).expect("rm");
    let fresh = std::sync::Arc::new(MemoryKeyring::default());
    let missing = Ineen::open(&new, &laptop(&fresh, Some(PASSPHRASE))).err().expect("missing");
    assert_eq!(missing.code(), ErrorCode::KeyFileMissing);
}

/// A plain store as an older Ineen left it: the demo, decrypted into a
/// plain file (and a plain backup beside it), without a key file.
fn older_ineen_folder(data: &Path) {
    let keyring = std::sync::Arc::new(MemoryKeyring::default());
    let mut ineen = Ineen::open(data, &laptop(&keyring, Some(PASSPHRASE))).expect("open");
    ineen.demo().expect("demo");
    let key = ineen.store().key().expect("key").clone();
    drop(ineen);
    let plain = data.join("plain.sqlite");
    let conn = ineen_core::store::cipher::open(&data.join("ineen.sqlite"), &key, rusqlite::OpenFlags::default())
        .expect("open");
    conn.execute("ATTACH DATABASE ?1 AS plain KEY ''", [plain.to_str().expect("p")]).expect("attach");
    conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(())).expect("export");
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("version");
    conn.pragma_update(Some("plain"), "user_version", version).expect("version");
    conn.execute("DETACH DATABASE plain", []).expect("detach");
    drop(conn);
    let backups = data.join("reservekopieen");
    std::fs::create_dir_all(&backups).expect("mkdir");
    std::fs::copy(&plain, backups.join("ineen-2026-09-01_120000.sqlite")).expect("plain backup");
    std::fs::rename(&plain, data.join("ineen.sqlite")).expect("replace");
    std::fs::remove_file(data.join(ineen_core::keys::KEY_FILE)).expect("no key file yet");
    assert!(ineen_core::store::cipher::is_plain(&data.join("ineen.sqlite")));
}

#[test]
fn a_plain_store_of_an_older_ineen_is_encrypted_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    older_ineen_folder(&data);
    let keyring = std::sync::Arc::new(MemoryKeyring::default());

    // Without a passphrase to seal the new key with, nothing is changed.
    let before = files(&data);
    let asked = Ineen::open(&data, &laptop(&keyring, None)).err().expect("asks");
    assert_eq!(asked.code(), ErrorCode::NewPassphraseNeeded);
    assert!(asked.message(Lang::Nl).contains("Er is nog niets veranderd"), "{}", asked.message(Lang::Nl));
    assert_eq!(files(&data), before);
    let reading = Ineen::open_to_read(&data, &laptop(&keyring, Some(PASSPHRASE))).err().expect("reader");
    assert_eq!(reading.code(), ErrorCode::NotYetEncrypted);

    // Killed while encrypting: a half-made encrypted file beside the plain store.
    std::fs::write(data.join("ineen.sqlite-versleutelen"), b"half a file").expect("half");
    let ineen = Ineen::open(&data, &laptop(&keyring, Some(PASSPHRASE))).expect("encrypts");
    assert_eq!(ineen.enrolments().expect("list").len(), 20, "every record came along");
    drop(ineen);
    let names: Vec<String> = std::fs::read_dir(&data)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("versleutel")), "no half stores left: {names:?}");
    assert!(!ineen_core::store::cipher::is_plain(&data.join("ineen.sqlite")));
    assert!(!ineen_core::store::cipher::is_plain(&data.join("reservekopieen/ineen-2026-09-01_120000.sqlite")));
    assert_eq!(readable(&data), Vec::<String>::new(), "the plain files were wiped");

    // Killed after the switch: the plain store's second name is wiped at the next start.
    std::fs::write(data.join("ineen.sqlite-onversleuteld"), PLANTED[0]).expect("left over");
    drop(Ineen::open(&data, &laptop(&keyring, None)).expect("opens"));
    assert!(!data.join("ineen.sqlite-onversleuteld").exists());
}
