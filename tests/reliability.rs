//! Reliability under the worst a laptop does: a process killed (SIGKILL) at
//! a random moment while it imports, adds the demo, takes attendance or
//! finalises a report; two processes doing the same write at once; a full
//! disk. Each kill is followed by SQLite's `integrity_check` and a check that
//! the interrupted work is there whole or not at all.
//!
//! The work runs in a child process: this test binary again, running only
//! the `worker` test with `INEEN_WORKER` set. The sizes come from
//! `INEEN_KILLS` (per kind of work) and `INEEN_RACES`; the defaults keep the
//! test command quick, `scripts/reliability` runs the long versions. Each
//! test prints one `RELIABILITY` line that the script gathers into a table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ineen_core::ineen::Mark;
use ineen_core::model::{AttendanceStatus, Person};
use ineen_core::report::ReportAudience;
use ineen_core::{Ineen, TrackKind};
use rusqlite::{Connection, OpenFlags};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A small, seedable source of random delays (xorshift; the seed is printed).
struct Dice(u64);

impl Dice {
    fn new() -> Dice {
        let seed = std::env::var("INEEN_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            // A seed that differs per run: the hash of a fresh random state.
            use std::hash::{BuildHasher, Hasher};
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u32(std::process::id());
            h.finish()
        });
        eprintln!("seed {seed} (INEEN_SEED={seed} repeats this run)");
        Dice(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

// --- The work, in a child process -----------------------------------------

/// Not a test of its own: the child process's entry point. Does nothing
/// unless `INEEN_WORKER` names the work.
#[test]
fn worker() {
    let Ok(work) = std::env::var("INEEN_WORKER") else { return };
    let dir = PathBuf::from(std::env::var("INEEN_WORKER_DIR").expect("INEEN_WORKER_DIR"));
    let mut ineen = Ineen::open(&dir, &ineen_core::keys::Unlock::for_tests()).expect("open");
    match work.as_str() {
        "import" => {
            let file = std::env::var("INEEN_WORKER_FILE").expect("INEEN_WORKER_FILE");
            ineen.import_bytes(&std::fs::read(file).expect("read")).expect("import");
        }
        "demo" => {
            let summary = ineen.demo().expect("demo");
            println!("ADDED {}", summary.added);
        }
        "attendance" => {
            let (sessions, enrolments) = attendance_targets(&ineen);
            for round in 0..40 {
                let status = if round % 2 == 0 { AttendanceStatus::Present } else { AttendanceStatus::AbsentExcused };
                for session in &sessions {
                    let marks: Vec<Mark> = enrolments
                        .iter()
                        .map(|&enrolment_id| Mark {
                            enrolment_id,
                            person: Person::Child,
                            status,
                            note: Some(format!("ronde {round}")),
                        })
                        .collect();
                    ineen.record_attendance(*session, &marks).expect("attendance");
                }
            }
        }
        "final" => {
            let rounds: usize = std::env::var("INEEN_WORKER_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(6);
            let enrolment = final_target(&ineen);
            for _ in 0..rounds {
                let (version, _) = ineen.finalise_end_report(enrolment, ReportAudience::Parents).expect("final");
                let pdf = ineen.final_report_pdf(&version).expect("pdf");
                let out = dir.join(format!("verslag-v{}.pdf", version.version));
                ineen_core::files::write(&out, &pdf, ineen_core::files::Existing::Keep, &ineen.protected_files())
                    .expect("write");
            }
        }
        other => panic!("unknown work {other}"),
    }
    println!("WORKER DONE");
}

/// The demo's STOP 4-7 group: its children's sessions up to today and the
/// enrolments with an indication (attendance may be recorded for them).
fn attendance_targets(ineen: &Ineen) -> (Vec<uuid::Uuid>, Vec<uuid::Uuid>) {
    let run = ineen.runs().expect("runs").into_iter().find(|r| r.programme_id == "stop-4-7").expect("STOP 4-7 run");
    let enrolments: Vec<uuid::Uuid> = ineen
        .enrolments()
        .expect("enrolments")
        .into_iter()
        .filter(|e| e.run_id == run.id && e.indication)
        .map(|e| e.id)
        .collect();
    let sessions: Vec<uuid::Uuid> = ineen
        .sessions(run.id)
        .expect("sessions")
        .into_iter()
        .filter(|s| s.track == TrackKind::Child)
        .take(6)
        .map(|s| s.id)
        .collect();
    assert!(enrolments.len() >= 3 && sessions.len() == 6);
    (sessions, enrolments)
}

fn final_target(ineen: &Ineen) -> uuid::Uuid {
    ineen.enrolments().expect("enrolments").into_iter().find(|e| e.participant.starts_with("Daan")).expect("Daan").id
}

/// Starts the worker on `dir`.
fn spawn_worker(work: &str, dir: &Path, extra: &[(&str, String)]) -> Child {
    let mut cmd = Command::new(std::env::current_exe().expect("test binary"));
    cmd.args(["--exact", "worker", "--nocapture", "--test-threads", "1"])
        .env("INEEN_WORKER", work)
        .env("INEEN_WORKER_DIR", dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.spawn().expect("worker")
}

fn run_worker(work: &str, dir: &Path, extra: &[(&str, String)]) -> String {
    let out = spawn_worker(work, dir, extra).wait_with_output().expect("worker");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && text.contains("WORKER DONE"),
        "{work}: {}{}",
        text,
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

// --- What is checked after each kill ---------------------------------------

/// Every record table, from the store's own list.
const TABLES: &[&str] = &ineen_core::store::sync::TABLE_ORDER;

fn open_raw(dir: &Path) -> Connection {
    // Read-write: a killed writer's WAL is recovered by the next opener, as
    // Ineen itself would.
    let key = ineen_core::ineen::folder_key(dir, &ineen_core::keys::Unlock::for_tests(), false).expect("key");
    ineen_core::store::cipher::open(&dir.join("ineen.sqlite"), &key.key, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .expect("open store")
}

fn integrity_ok(conn: &Connection) -> bool {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).is_ok_and(|s| s == "ok")
}

/// Rows per record table (0 for a table not made yet: a process killed
/// before or between the schema's migrations, each its own transaction).
fn counts(conn: &Connection) -> BTreeMap<&'static str, i64> {
    TABLES
        .iter()
        .map(|t| {
            let exists: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [t], |r| r.get(0))
                .expect("schema");
            let n = if exists == 0 {
                0
            } else {
                conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).expect("count")
            };
            (*t, n)
        })
        .collect()
}

/// In each session the worker wrote to, all `targets` children carry the
/// same round's note: a round of marks is one transaction.
fn attendance_whole(conn: &Connection, targets: i64) -> bool {
    let mut stmt = conn
        .prepare(
            "SELECT count(DISTINCT note), count(*) FROM attendance
             WHERE person = 'child' AND note LIKE 'ronde %' GROUP BY session_id",
        )
        .expect("prepare");
    let rows: Vec<(i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    rows.iter().all(|&(distinct, n)| distinct == 1 && n == targets)
}

/// Whether the worker's rounds have begun.
fn attendance_started(conn: &Connection) -> bool {
    // (Never before the demo copy's schema exists: the worker starts on a copy.)
    conn.query_row("SELECT count(*) FROM attendance WHERE note LIKE 'ronde %'", [], |r| r.get::<_, i64>(0))
        .is_ok_and(|n| n > 0)
}

/// Final versions of one report are numbered 1, 2, … without gaps or twins.
fn versions_sound(conn: &Connection) -> bool {
    let mut stmt = conn
        .prepare("SELECT enrolment_id, audience, group_concat(version) FROM end_report GROUP BY enrolment_id, audience")
        .expect("prepare");
    let rows: Vec<String> =
        stmt.query_map([], |r| r.get::<_, String>(2)).expect("query").collect::<rusqlite::Result<_>>().expect("rows");
    rows.iter().all(|list| {
        let mut v: Vec<u32> = list.split(',').filter_map(|n| n.parse().ok()).collect();
        v.sort_unstable();
        v.iter().enumerate().all(|(i, n)| *n == i as u32 + 1)
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

/// A folder with the demo, closed cleanly.
fn demo_folder(root: &Path) -> PathBuf {
    let dir = root.join("demo");
    run_worker("demo", &dir, &[]);
    dir
}

#[derive(Default)]
struct Tally {
    kills: usize,
    before: usize,
    after: usize,
    integrity_failures: usize,
    partial: usize,
}

/// Kills `work` at random moments, `n` times, each on a fresh copy of
/// `base` (or a new folder); `whole` says whether what is there after the
/// kill is all or nothing, and which of the two.
fn kill_loop(
    work: &str,
    base: Option<&Path>,
    extra: &[(&str, String)],
    n: usize,
    dice: &mut Dice,
    whole: impl Fn(&Connection) -> Option<bool>,
) -> Tally {
    let root = tempfile::tempdir().expect("tempdir");
    // How long the work takes uninterrupted: kills land anywhere in it.
    let timing = root.path().join("timing");
    if let Some(base) = base {
        copy_dir(base, &timing);
    }
    let started = Instant::now();
    run_worker(work, &timing, extra);
    let full = started.elapsed().as_millis() as u64;
    let mut tally = Tally::default();
    for i in 0..n {
        let dir = root.path().join(format!("k{i}"));
        if let Some(base) = base {
            copy_dir(base, &dir);
        }
        let mut child = spawn_worker(work, &dir, extra);
        std::thread::sleep(Duration::from_millis(dice.below(full + 1)));
        let _ = child.kill();
        let _ = child.wait();
        tally.kills += 1;
        if !dir.join("ineen.sqlite").exists() {
            tally.before += 1;
            continue;
        }
        let conn = open_raw(&dir);
        if !integrity_ok(&conn) {
            tally.integrity_failures += 1;
            continue;
        }
        match whole(&conn) {
            Some(false) => tally.before += 1,
            Some(true) => tally.after += 1,
            None => tally.partial += 1,
        }
        drop(conn);
        // And the app opens it (its own quick_check included).
        if Ineen::open(&dir, &ineen_core::keys::Unlock::for_tests()).is_err() {
            tally.integrity_failures += 1;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!(
        "{work}: {} kills over ~{full} ms of work: {} before, {} after, {} partial, {} integrity failures",
        tally.kills, tally.before, tally.after, tally.partial, tally.integrity_failures
    );
    tally
}

/// Issue 11: SIGKILLs at random moments during import, demo, attendance and
/// finalising leave a sound store with the work whole or not there at all.
#[test]
fn killed_at_random_moments_the_store_stays_whole() {
    let per_kind = env_number("INEEN_KILLS", 12);
    let mut dice = Dice::new();
    let root = tempfile::tempdir().expect("tempdir");
    let demo = demo_folder(root.path());
    let demo_counts = counts(&open_raw(&demo));
    let empty_counts: BTreeMap<&str, i64> = TABLES.iter().map(|t| (*t, 0)).collect();

    // The demo organisation's export, imported into an empty folder.
    let export = root.path().join("export.json");
    std::fs::write(
        &export,
        Ineen::open(&demo, &ineen_core::keys::Unlock::for_tests()).expect("open").export_json().expect("export"),
    )
    .expect("write");
    let import = {
        let (demo_counts, empty_counts) = (demo_counts.clone(), empty_counts.clone());
        kill_loop(
            "import",
            None,
            &[("INEEN_WORKER_FILE", export.display().to_string())],
            per_kind,
            &mut dice,
            move |c| {
                let now = counts(c);
                // The import also carries no audit rows; compare the records.
                if now == empty_counts {
                    Some(false)
                } else if now.iter().all(|(t, n)| *t == "end_report" || demo_counts.get(t) == Some(n)) {
                    Some(true)
                } else {
                    None
                }
            },
        )
    };
    let demo_run = {
        let (demo_counts, empty_counts) = (demo_counts.clone(), empty_counts.clone());
        kill_loop("demo", None, &[], per_kind, &mut dice, move |c| {
            let now = counts(c);
            if now == empty_counts {
                Some(false)
            } else if now == demo_counts {
                Some(true)
            } else {
                None
            }
        })
    };
    let targets =
        attendance_targets(&Ineen::open(&demo, &ineen_core::keys::Unlock::for_tests()).expect("open")).1.len() as i64;
    let attendance = kill_loop("attendance", Some(&demo), &[], per_kind, &mut dice, |c| {
        attendance_whole(c, targets).then(|| attendance_started(c))
    });
    let finals = kill_loop("final", Some(&demo), &[], per_kind, &mut dice, |c| {
        versions_sound(c).then(|| counts(c).get("end_report") != demo_counts.get("end_report"))
    });

    let all = [&import, &demo_run, &attendance, &finals];
    let kills: usize = all.iter().map(|t| t.kills).sum();
    let integrity: usize = all.iter().map(|t| t.integrity_failures).sum();
    let partial: usize = all.iter().map(|t| t.partial).sum();
    let landed: usize = all.iter().map(|t| t.before.min(1) + t.after.min(1)).sum();
    println!("RELIABILITY kills={kills} integrity_failures={integrity} partial={partial}");
    assert_eq!(integrity, 0, "every store passes integrity_check after a kill");
    assert_eq!(partial, 0, "no kill leaves half a piece of work");
    if per_kind >= 10 {
        assert!(landed >= 4, "kills landed both before and after the work finished ({landed} of 8 kinds)");
    }
}

/// Issue 11: two processes doing the same write at the same moment, with no
/// lock between them but SQLite's: the demo is added once, and final
/// versions get distinct numbers.
#[test]
fn two_processes_racing_add_the_demo_once_and_number_versions_once() {
    let races = env_number("INEEN_RACES", 6);
    let root = tempfile::tempdir().expect("tempdir");
    let demo = demo_folder(root.path());
    let mut duplicate_demos = 0;
    let mut duplicate_versions = 0;
    for i in 0..races {
        // Two demos on a new folder that both processes open at once.
        let dir = root.path().join(format!("demo{i}"));
        let a = spawn_worker("demo", &dir, &[]);
        let b = spawn_worker("demo", &dir, &[]);
        let outs = [a.wait_with_output().expect("a"), b.wait_with_output().expect("b")];
        let added = outs.iter().filter(|o| String::from_utf8_lossy(&o.stdout).contains("ADDED true")).count();
        let participants = counts(&open_raw(&dir))["participant"];
        if added != 1 || participants != counts(&open_raw(&demo))["participant"] {
            duplicate_demos += 1;
        }
        // Two finals of the same report at once.
        let dir = root.path().join(format!("final{i}"));
        copy_dir(&demo, &dir);
        let one = [("INEEN_WORKER_ROUNDS", "1".to_string())];
        let a = spawn_worker("final", &dir, &one);
        let b = spawn_worker("final", &dir, &one);
        let ok = [a.wait_with_output().expect("a"), b.wait_with_output().expect("b")];
        assert!(ok.iter().all(|o| o.status.success()), "{}", String::from_utf8_lossy(&ok[0].stderr));
        if !versions_sound(&open_raw(&dir)) {
            duplicate_versions += 1;
        }
        let _ = std::fs::remove_dir_all(root.path().join(format!("demo{i}")));
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!("RELIABILITY races={races} duplicate_demos={duplicate_demos} duplicate_versions={duplicate_versions}");
    assert_eq!((duplicate_demos, duplicate_versions), (0, 0));
}

/// Runs the real `ineen import` into `data` with the given wrapper around
/// it; returns its exit success and its error output.
fn import_with(wrapper: &str, data: &Path, export: &Path) -> (bool, String) {
    let bin = env!("CARGO_BIN_EXE_ineen");
    let script = format!("trap '' XFSZ; exec {wrapper} \"$0\" import --yes --json \"$1\" --data-dir \"$2\"");
    let out = Command::new("bash")
        .args(["-c", &script, bin])
        .arg(export)
        .arg(data)
        // The tests' recovery passphrase, as `Unlock::for_tests()` has it.
        .env("INEEN_PASSPHRASE", "herstelwachtwoord voor tests")
        .output()
        .expect("bash");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Issue 11: an import onto a full disk says so plainly and loses nothing:
/// on a real, small filesystem (tmpfs, where mounting is allowed) and under
/// a file-size limit (always).
#[test]
fn a_full_disk_says_so_and_loses_nothing() {
    let root = tempfile::tempdir().expect("tempdir");
    // Another organisation's export: 400-odd new records.
    let other = root.path().join("other");
    run_worker("demo", &other, &[]);
    let export = root.path().join("export.json");
    std::fs::write(
        &export,
        Ineen::open(&other, &ineen_core::keys::Unlock::for_tests()).expect("open").export_json().expect("export"),
    )
    .expect("write");

    let mut checked = Vec::new();
    let check = |data: &Path, ok: bool, err: &str, how: &str| {
        assert!(!ok, "{how}: the import cannot have succeeded");
        assert!(err.contains("De schijf is vol"), "{how}: {err}");
        assert!(!err.contains("reservekopie"), "{how}: no restore is suggested over good data: {err}");
        let conn = open_raw(data);
        assert!(integrity_ok(&conn), "{how}: integrity");
        let demo = counts(&conn);
        assert_eq!(demo["participant"], 20, "{how}: the demo is all there, nothing of the import: {demo:?}");
    };

    // A file-size limit: no file may grow past half the store's size. The
    // import writes into the write-ahead log first (it starts empty), which
    // needs about as much as the demo's store: it hits the limit there.
    let data = root.path().join("limited");
    run_worker("demo", &data, &[]);
    let size = std::fs::metadata(data.join("ineen.sqlite")).expect("size").len();
    let (ok, err) = import_with(&format!("prlimit --fsize={}", size / 2), &data, &export);
    check(&data, ok, &err, "file-size limit");
    checked.push("file-size limit");

    // A real full disk, where this machine lets us mount one.
    let mount = root.path().join("small");
    std::fs::create_dir_all(&mount).expect("mkdir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
        .arg(&mount)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if mounted {
        let _guard = Mounted(mount.clone());
        let data = mount.join("data");
        copy_dir(&root.path().join("limited"), &data);
        // Fill the disk but for 32 KB.
        let free = || {
            let out = Command::new("df").args(["--output=avail", "-B1"]).arg(&mount).output().expect("df");
            String::from_utf8_lossy(&out.stdout).lines().nth(1).and_then(|l| l.trim().parse::<u64>().ok()).expect("df")
        };
        let filler = mount.join("filler");
        std::fs::write(&filler, vec![0u8; free().saturating_sub(32_768) as usize]).expect("fill");
        let (ok, err) = import_with("", &data, &export);
        check(&data, ok, &err, "full tmpfs");
        // Room again: the same import goes through.
        std::fs::remove_file(&filler).expect("free");
        let (ok, err) = import_with("", &data, &export);
        assert!(ok, "after freeing space: {err}");
        assert_eq!(counts(&open_raw(&data))["participant"], 40);
        checked.push("full filesystem");
    }
    println!("RELIABILITY disk_full=\"{}: clear message, nothing lost\"", checked.join(" + "));
}
