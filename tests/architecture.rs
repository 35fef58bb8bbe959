//! The invariants of ARCHITECTURE.md that a test can check by reading the
//! sources: only the store speaks SQL, only the store touches rusqlite, the
//! core knows no Tauri, and the UI keeps no rules or strings of its own.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` whose name ends in one of `exts`.
fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if exts.iter().any(|ext| path.to_string_lossy().ends_with(ext)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The string literals of Rust source, with comments skipped: "…" with
/// escapes, and raw strings r"…", r#"…"#.
fn string_literals(src: &str) -> Vec<String> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                // A char literal ('"', '\'', 'x') or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    i += 4;
                } else if b.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            b'r' if (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let start = j + 1;
                let end = src[start..].find(&close).map_or(b.len(), |k| start + k);
                out.push(src[start..end].to_string());
                i = end + close.len();
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                out.push(src[start..j.min(b.len())].to_string());
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

const SQL_WORDS: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "WHERE",
    "ORDER BY",
    "GROUP BY",
    "LIMIT",
    "COLLATE",
    "IS NULL",
    "LIKE",
    "PRAGMA",
    "JOIN",
    "CREATE TABLE",
];

/// The SQL keywords (as whole upper-case words) in a piece of text.
fn sql_in(text: &str) -> Option<&'static str> {
    SQL_WORDS.iter().copied().find(|word| {
        text.match_indices(word).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    })
}

#[test]
fn the_sql_finder_finds_sql_and_nothing_else() {
    let src = r##"let a = "run_id = ?1 ORDER BY date"; // "SELECT in a comment"
        let b = r#"SELECT * FROM x"#; let c = '"'; let d = "Selecteer een groep"; let e = "UPDATED_AT";"##;
    let found: Vec<_> = string_literals(src).iter().filter_map(|s| sql_in(s)).collect();
    assert_eq!(found, ["ORDER BY", "SELECT"]);
}

/// Only `core/src/store/` speaks SQL: no string with an SQL keyword, and no
/// `rusqlite`, anywhere else in the app's or the core's sources.
#[test]
fn only_the_store_speaks_sql() {
    let store = root().join("src-tauri/core/src/store");
    let mut offences = Vec::new();
    for file in files(&root().join("src-tauri"), &[".rs"]) {
        let rel = file.strip_prefix(root()).expect("inside").display().to_string();
        // The store; the benchmark that compares the write path with bare
        // rusqlite on purpose; and the store's page crypto, whose test opens
        // databases with either provider.
        if file.starts_with(&store)
            || rel.starts_with("src-tauri/core/benches/")
            || rel.starts_with("src-tauri/cipher/")
        {
            continue;
        }
        let src = std::fs::read_to_string(&file).expect("read");
        for literal in string_literals(&src) {
            if let Some(word) = sql_in(&literal) {
                offences.push(format!("{rel}: {word} in \"{literal}\""));
            }
        }
        if rel.starts_with("src-tauri/core/src/") && src.contains("rusqlite") {
            offences.push(format!("{rel}: uses rusqlite"));
        }
    }
    assert!(offences.is_empty(), "SQL outside store/:\n{}", offences.join("\n"));
}

/// The core depends on no Tauri, no window and no IPC crate.
#[test]
fn the_core_knows_no_tauri() {
    let manifest = std::fs::read_to_string(root().join("src-tauri/core/Cargo.toml")).expect("read");
    for word in ["tauri", "wry", "tao"] {
        assert!(
            !manifest.lines().any(|l| l.trim_start().starts_with(word)),
            "src-tauri/core/Cargo.toml depends on {word}"
        );
    }
    for file in files(&root().join("src-tauri/core/src"), &[".rs"]) {
        let src = std::fs::read_to_string(&file).expect("read");
        assert!(!src.contains("tauri::"), "{} uses Tauri", file.display());
    }
}

/// The UI repeats no rule of the core: consent, the track → person
/// mapping, trimming before a save; and names no Dutch word outside the
/// message catalogue.
#[test]
fn the_ui_repeats_no_rule_and_no_string() {
    let ui = root().join("ui/src");
    let mut offences = Vec::new();
    for file in files(&ui, &[".svelte", ".ts"]) {
        let rel = file.strip_prefix(root()).expect("inside").display().to_string();
        if rel.contains(".test.")
            || rel.ends_with("bindings.ts")
            || rel.contains("/i18n/")
            || rel.ends_with("fixtures.ts")
        {
            continue;
        }
        let src = std::fs::read_to_string(&file).expect("read");
        for (needle, what) in [
            ("!c.withdrawn_on", "the consent rule (use shares_with_school)"),
            (".trim()", "trimming (the core trims every save)"),
            ("Bureau Jeugdzorg", "a Dutch literal"),
            ("voorjaar", "a Dutch literal"),
            ("najaar", "a Dutch literal"),
        ] {
            for (n, line) in src.lines().enumerate() {
                // Search boxes trim what is typed before asking; that is input, not a rule.
                let search = line.contains("query.trim()");
                if line.contains(needle) && !search {
                    offences.push(format!("{rel}:{}: {what}", n + 1));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}
