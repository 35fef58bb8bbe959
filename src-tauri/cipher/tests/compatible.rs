//! The RustCrypto provider and SQLCipher's OpenSSL provider read each
//! other's files, page for page, for every HMAC and key-derivation
//! algorithm SQLCipher offers; a changed byte or a wrong key is refused by
//! both. One test, because the default provider belongs to the process.

use std::path::Path;

use ineen_cipher::{make_default, Provider};
use rusqlite::Connection;

const RAW_KEY: &str = "x'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'";

/// How a file is keyed: a raw key (Ineen's way, no key derivation) or a
/// passphrase (PBKDF2), and the page HMAC.
struct Keying {
    key: &'static str,
    hmac: &'static str,
    kdf: &'static str,
}

fn open(path: &Path, keying: &Keying, provider: Provider) -> rusqlite::Result<Connection> {
    make_default(provider).expect("provider");
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    conn.pragma_update(None, "key", keying.key)?;
    conn.pragma_update(None, "cipher_hmac_algorithm", keying.hmac)?;
    conn.pragma_update(None, "cipher_kdf_algorithm", keying.kdf)?;
    // A passphrase's PBKDF2 at SQLCipher's 256,000 rounds would make the
    // unoptimised test slow; the rounds do not change what is compared.
    conn.pragma_update(None, "kdf_iter", 4000)?;
    let used: String = conn.query_row("PRAGMA cipher_provider", [], |r| r.get(0))?;
    let expected = match provider {
        Provider::RustCrypto => ineen_cipher::NAME,
        Provider::OpenSsl => "openssl",
    };
    assert_eq!(used, expected, "the connection uses the provider asked for");
    Ok(conn)
}

/// Rows long enough to fill many pages, overflow pages among them.
fn write(conn: &Connection, from: i64, to: i64) {
    conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY, s TEXT)")
        .expect("schema");
    let tx = conn.unchecked_transaction().expect("tx");
    for n in from..to {
        tx.execute("INSERT INTO t VALUES (?1, ?2)", (n, format!("kind {n} ").repeat((n % 700) as usize)))
            .expect("insert");
    }
    tx.commit().expect("commit");
}

/// Every row there and whole, and SQLite's own check passes.
fn check(conn: &Connection, rows: i64) {
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    assert_eq!(ok, "ok");
    let mut stmt = conn.prepare("SELECT n, s FROM t ORDER BY n").expect("select");
    let read: Vec<(i64, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("rows").map(|r| r.expect("row")).collect();
    assert_eq!(read.len() as i64, rows);
    for (n, s) in read {
        assert_eq!(s, format!("kind {n} ").repeat((n % 700) as usize));
    }
}

#[test]
fn either_provider_reads_what_the_other_wrote() {
    ineen_cipher::install().expect("install");
    let dir = tempfile::tempdir().expect("dir");
    let keyings = [
        Keying { key: RAW_KEY, hmac: "HMAC_SHA256", kdf: "PBKDF2_HMAC_SHA512" },
        Keying { key: RAW_KEY, hmac: "HMAC_SHA512", kdf: "PBKDF2_HMAC_SHA512" },
        Keying { key: "correct horse battery staple", hmac: "HMAC_SHA1", kdf: "PBKDF2_HMAC_SHA1" },
        Keying { key: "correct horse battery staple", hmac: "HMAC_SHA256", kdf: "PBKDF2_HMAC_SHA256" },
        Keying { key: "correct horse battery staple", hmac: "HMAC_SHA512", kdf: "PBKDF2_HMAC_SHA512" },
    ];
    for (i, keying) in keyings.iter().enumerate() {
        for (first, second) in [(Provider::OpenSsl, Provider::RustCrypto), (Provider::RustCrypto, Provider::OpenSsl)] {
            let path = dir.path().join(format!("{i}-{first:?}.sqlite"));
            let conn = open(&path, keying, first).expect("open");
            write(&conn, 0, 400);
            drop(conn);
            // The second writes on (in the WAL, then checkpointed at close) …
            let conn = open(&path, keying, second).expect("open");
            check(&conn, 400);
            write(&conn, 400, 600);
            drop(conn);
            // … and the first reads it all back.
            let conn = open(&path, keying, first).expect("open");
            check(&conn, 600);
            drop(conn);
            assert!(!std::fs::read(&path).expect("file").windows(5).any(|w| w == b"kind "), "no plain text on disk");
        }
    }

    // A wrong key: neither provider reads a page.
    let path = dir.path().join("0-OpenSsl.sqlite");
    let wrong = Keying {
        key: "x'0000000000000000000000000000000000000000000000000000000000000001'",
        hmac: "HMAC_SHA256",
        kdf: "PBKDF2_HMAC_SHA512",
    };
    for provider in [Provider::RustCrypto, Provider::OpenSsl] {
        let conn = open(&path, &wrong, provider).expect("open");
        assert!(conn.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0)).is_err());
    }

    // One changed byte in a page: its HMAC no longer fits, for both.
    let mut bytes = std::fs::read(&path).expect("file");
    let page = 4096 * 3 + 100;
    bytes[page] ^= 0x01;
    let tampered = dir.path().join("tampered.sqlite");
    std::fs::write(&tampered, &bytes).expect("write");
    for provider in [Provider::RustCrypto, Provider::OpenSsl] {
        let conn = open(&tampered, &keyings[0], provider).expect("open");
        let read = conn
            .prepare("SELECT n, s FROM t")
            .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(1))?.collect::<rusqlite::Result<Vec<_>>>());
        assert!(read.is_err(), "{provider:?} read a tampered page");
    }

    // What the app uses from here on.
    make_default(Provider::RustCrypto).expect("back");
}
