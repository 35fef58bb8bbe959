//! Team sync through real folders, real keys and real bundle files: a team
//! of laptops that edit the same records offline converges, keeps every
//! concurrent value as a conflict, and refuses every bad bundle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ineen_core::ineen::{Mark, Take};
use ineen_core::model::*;
use ineen_core::store::records::Vv;
use ineen_core::sync::Role;
use ineen_core::{Ineen, Lang};
use proptest::prelude::*;
use serde_json::Value;
use uuid::Uuid;

/// A laptop: its data folder and its own view of the sync folder.
struct Laptop {
    ineen: Ineen,
    folder: PathBuf,
}

/// The network between laptops: every file a laptop wrote into its folder
/// goes into a pool; delivering copies a file into another laptop's folder.
struct Net {
    _dir: tempfile::TempDir,
    pool: PathBuf,
    laptops: Vec<Laptop>,
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else if !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

impl Net {
    fn new(n: usize) -> Net {
        let dir = tempfile::tempdir().expect("tempdir");
        let pool = dir.path().join("pool");
        std::fs::create_dir_all(&pool).expect("pool");
        let laptops = (0..n)
            .map(|i| {
                let folder = dir.path().join(format!("folder-{i}"));
                std::fs::create_dir_all(&folder).expect("folder");
                Laptop {
                    ineen: Ineen::open(&dir.path().join(format!("data-{i}")), &ineen_core::keys::Unlock::for_tests())
                        .expect("open"),
                    folder,
                }
            })
            .collect();
        Net { _dir: dir, pool, laptops }
    }

    /// Syncs one laptop and puts what it wrote into the pool.
    fn sync(&mut self, i: usize) -> ineen_core::ineen::SyncReport {
        let l = &mut self.laptops[i];
        let report = l.ineen.sync(Some(&l.folder)).expect("sync");
        for file in files_under(&l.folder) {
            let rel = file.strip_prefix(&l.folder).expect("rel");
            let to = self.pool.join(rel);
            if !to.exists() {
                std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
                std::fs::copy(&file, &to).expect("copy");
            }
        }
        report
    }

    fn pooled(&self) -> Vec<PathBuf> {
        files_under(&self.pool)
    }

    /// Copies one pooled file into a laptop's folder (again, if it is there).
    fn deliver(&self, i: usize, file: &Path) {
        let rel = file.strip_prefix(&self.pool).expect("rel");
        let to = self.laptops[i].folder.join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(file, &to).expect("copy");
    }

    fn deliver_all(&self) {
        for file in self.pooled() {
            for i in 0..self.laptops.len() {
                self.deliver(i, &file);
            }
        }
    }

    /// Everyone syncs and every file reaches everyone, until nothing moves.
    fn settle(&mut self) {
        for _ in 0..8 {
            let mut moved = false;
            self.deliver_all();
            for i in 0..self.laptops.len() {
                let r = self.sync(i);
                moved |= !r.written.is_empty() || !r.read.is_empty() || !r.joined.is_empty();
            }
            if !moved {
                return;
            }
        }
        panic!("sync did not settle");
    }

    /// Laptop 0 founds a team and lets every other laptop in.
    fn form_team(&mut self) {
        self.laptops[0].ineen.create_team("STOP 4-7 Utrecht", "Laptop 0", Role::Coordinator).expect("team");
        self.sync(0);
        for i in 1..self.laptops.len() {
            let invite = self.laptops[0].ineen.invite(&format!("Laptop {i}"), Role::Trainer).expect("invite");
            self.laptops[i].ineen.join_team(&invite.code, &format!("Laptop {i}")).expect("join");
            let report = self.sync(i);
            assert!(report.waiting_to_join);
        }
        self.settle();
        let n = self.laptops.len();
        for l in &mut self.laptops {
            let team = l.ineen.team().expect("team");
            assert!(!team.joining, "every laptop was let in");
            assert_eq!(team.members.len(), n);
        }
    }
}

fn school(name: &str) -> School {
    School {
        id: Uuid::now_v7(),
        name: name.into(),
        town: "Utrecht".into(),
        school_type: SchoolType::Po,
        contact_name: None,
        contact_role: None,
    }
}

#[test]
fn two_trainers_mark_one_child_differently_and_both_see_one_conflict_until_one_chooses() {
    let mut net = Net::new(2);
    net.laptops[0].ineen.demo().expect("demo");
    net.form_team();
    // The same attendance record on both laptops.
    let export = net.laptops[1].ineen.export().expect("export");
    let a = export
        .records
        .attendance
        .iter()
        .find(|r| !r.sync.deleted && r.data.person == Person::Child && r.data.status.attended())
        .expect("a child's attendance")
        .data
        .clone();
    let mark = |status| vec![Mark { enrolment_id: a.enrolment_id, person: Person::Child, status, note: None }];
    net.laptops[0].ineen.record_attendance(a.session_id, &mark(AttendanceStatus::AbsentUnexcused)).expect("mark");
    net.settle();
    // Offline, Anouk marks present and Mehmet late.
    net.laptops[0].ineen.record_attendance(a.session_id, &mark(AttendanceStatus::Present)).expect("mark");
    net.laptops[1].ineen.record_attendance(a.session_id, &mark(AttendanceStatus::Late)).expect("mark");
    net.settle();
    let mut seen = Vec::new();
    for l in &mut net.laptops {
        let conflicts = l.ineen.conflicts().expect("conflicts");
        assert_eq!(conflicts.len(), 1, "exactly one conflict on every laptop");
        let c = &conflicts[0];
        assert_eq!((c.table.as_str(), c.field.as_str()), ("attendance", "status"));
        assert!(c.about.starts_with("Aanwezigheid · "), "{}", c.about);
        let values: BTreeSet<String> = [c.current.text.clone(), c.other.text.clone()].into();
        assert_eq!(values, BTreeSet::from(["late".to_string(), "present".to_string()]));
        seen.push((c.id.clone(), c.current.value.clone()));
    }
    assert_eq!(seen[0], seen[1], "both laptops name the same conflict and the same winner");
    // Laptop 0 chooses the other value; the choice travels and closes it everywhere.
    let id = seen[0].0.clone();
    let other = net.laptops[0].ineen.conflicts().expect("c")[0].other.value.clone();
    net.laptops[0].ineen.resolve_conflict(&id, &Take::Other).expect("resolve");
    net.settle();
    for l in &mut net.laptops {
        assert!(l.ineen.conflicts().expect("conflicts").is_empty());
        let now = l.ineen.export().expect("export");
        let status = now.records.attendance.iter().find(|r| r.data.id == a.id).expect("record").data.status;
        assert_eq!(serde_json::to_value(status).expect("json"), other);
    }
    let exports: Vec<String> = net.laptops.iter_mut().map(|l| l.ineen.export_json().expect("export")).collect();
    assert_eq!(exports[0], exports[1], "both laptops hold the same records, byte for byte");
}

/// A laptop that puts back an older backup takes its own later bundles
/// back from the sync folder: nothing it shared is lost, and its next bundle
/// gets a new number instead of one the others have already read.
#[test]
fn a_restored_laptop_takes_back_what_it_had_shared() {
    let mut net = Net::new(2);
    net.form_team();
    let data = net.laptops[1].ineen.data_dir().expect("dir").to_path_buf();
    let backup = PathBuf::from(net.laptops[1].ineen.backup(None).expect("backup").path);
    let first = school("De Aventurijn");
    net.laptops[1].ineen.save(&first).expect("school");
    net.settle();
    let published = files_under(&net.laptops[1].folder.join(net.laptops[1].ineen.store().device().to_string()));

    // Laptop 1 goes back to its backup, from before the school.
    let folder = net.laptops[1].folder.clone();
    let key = net.laptops[1].ineen.store().key().expect("key").clone();
    net.laptops[1].ineen =
        Ineen::open(&net._dir.path().join("elsewhere"), &ineen_core::keys::Unlock::for_tests()).expect("placeholder");
    ineen_core::ineen::restore(&data, &backup, &key).expect("restore");
    net.laptops[1] =
        Laptop { ineen: Ineen::open(&data, &ineen_core::keys::Unlock::for_tests()).expect("reopen"), folder };
    assert!(net.laptops[1].ineen.store().get::<School>(first.id).expect("get").is_none(), "the backup is older");

    let second = school("De Regenboog");
    net.laptops[1].ineen.save(&second).expect("school");
    net.settle();
    for l in &mut net.laptops {
        assert!(l.ineen.store().get::<School>(first.id).expect("get").is_some(), "the shared school came back");
        assert!(l.ineen.store().get::<School>(second.id).expect("get").is_some(), "the new school arrived");
    }
    for file in published {
        let again = std::fs::read(&file).expect("still there");
        assert!(!again.is_empty(), "{} is not rewritten", file.display());
    }
    let exports: Vec<String> = net.laptops.iter_mut().map(|l| l.ineen.export_json().expect("export")).collect();
    assert_eq!(exports[0], exports[1], "both laptops hold the same records");
}

#[test]
fn the_sync_folder_holds_no_name_of_any_child() {
    let mut net = Net::new(2);
    net.laptops[0].ineen.demo().expect("demo");
    net.form_team();
    let export = net.laptops[0].ineen.export().expect("export");
    // Names of six bytes or more: a shorter one turns up in random ciphertext
    // now and then (a 3-byte name in ~50 KB about once in 300 files).
    let names: Vec<String> = export
        .records
        .participants
        .iter()
        .flat_map(|p| [p.data.family_name.clone(), p.data.given_name.clone()])
        .filter(|n| n.len() >= 6)
        .collect();
    assert!(names.len() > 5);
    let mut files = 0;
    for i in 0..2 {
        for file in files_under(&net.laptops[i].folder) {
            let bytes = std::fs::read(&file).expect("read");
            for name in &names {
                assert!(!bytes.windows(name.len()).any(|w| w == name.as_bytes()), "{name} in {}", file.display());
            }
            files += 1;
        }
    }
    assert!(files >= 4, "logs, snapshot and join request were checked ({files})");
}

/// Writes one bundle from laptop 1 to laptop 0, changed by `spoil`, and
/// returns what laptop 0's sync said about it; laptop 0's store must not change.
fn refused_with(spoil: impl Fn(&mut Net, &Path) -> PathBuf) -> (String, ineen_core::ineen::SyncReport) {
    let mut net = Net::new(3);
    net.laptops[0].ineen.save(&school("De Aventurijn")).expect("school");
    net.form_team();
    net.laptops[1].ineen.save(&school("De Regenboog")).expect("school");
    net.sync(1);
    let device = net.laptops[1].ineen.store().device();
    let seq = net.laptops[1].ineen.store().vv().expect("vv")[&device];
    let bundle = net.pool.join(device.to_string()).join(format!("{seq}.ineen"));
    let target = spoil(&mut net, &bundle);
    let before = net.laptops[0].ineen.export_json().expect("export");
    let report = net.sync(0);
    assert!(report.read.is_empty(), "{report:?}");
    assert_eq!(net.laptops[0].ineen.export_json().expect("export"), before, "the store is unchanged");
    let _ = target;
    let why = report.set_aside.iter().chain(&report.waiting).map(|(_, w)| w.clone()).collect::<Vec<_>>().join(" | ");
    (why, report)
}

fn copy_to_0(net: &Net, from: &Path, bytes: &[u8]) -> PathBuf {
    let rel = from.strip_prefix(&net.pool).expect("rel");
    let to = net.laptops[0].folder.join(rel);
    std::fs::create_dir_all(to.parent().expect("p")).expect("mkdir");
    std::fs::write(&to, bytes).expect("write");
    to
}

#[test]
fn tampered_truncated_foreign_removed_and_far_future_bundles_are_each_refused_and_change_nothing() {
    let (why, _) = refused_with(|net, bundle| {
        let mut bytes = std::fs::read(bundle).expect("read");
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        copy_to_0(net, bundle, &bytes)
    });
    assert!(why.contains("handtekening van Laptop 1 klopt niet"), "{why}");

    let (why, _) = refused_with(|net, bundle| {
        let bytes = std::fs::read(bundle).expect("read");
        copy_to_0(net, bundle, &bytes[..bytes.len() / 3])
    });
    assert!(why.contains("handtekening") || why.contains("beschadigd"), "{why}");

    // A file that arrives whole after it was cut off is taken in after all.
    {
        let mut net = Net::new(2);
        net.form_team();
        net.laptops[1].ineen.save(&school("De Regenboog")).expect("school");
        net.sync(1);
        let device = net.laptops[1].ineen.store().device();
        let seq = net.laptops[1].ineen.store().vv().expect("vv")[&device];
        let bundle = net.pool.join(device.to_string()).join(format!("{seq}.ineen"));
        let bytes = std::fs::read(&bundle).expect("read");
        copy_to_0(&net, &bundle, &bytes[..bytes.len() / 2]);
        assert_eq!(net.sync(0).set_aside.len(), 1);
        assert!(net.sync(0).set_aside.is_empty(), "not reported twice");
        copy_to_0(&net, &bundle, &bytes);
        assert_eq!(net.sync(0).read.len(), 1);
    }

    // A bundle of another team, in this team's folder under a member's name.
    let (why, _) = refused_with(|net, bundle| {
        let mut other = Net::new(1);
        other.laptops[0].ineen.create_team("Ander team", "X", Role::Coordinator).expect("team");
        other.laptops[0].ineen.save(&school("Elders")).expect("school");
        other.sync(0);
        let theirs = other.pooled().into_iter().find(|f| f.extension().is_some_and(|e| e == "ineen")).expect("bundle");
        copy_to_0(net, bundle, &std::fs::read(theirs).expect("read"))
    });
    assert!(why.contains("van een ander team"), "{why}");

    // Laptop 1 is removed; its next bundle is refused.
    let (why, _) = refused_with(|net, bundle| {
        let device = net.laptops[1].ineen.store().device();
        net.laptops[0].ineen.remove_device(&ineen_core::sync::short(device)).expect("remove");
        copy_to_0(net, bundle, &std::fs::read(bundle).expect("read"))
    });
    assert!(why.contains("Laptop 1, die uit het team is verwijderd"), "{why}");

    // A newer format is kept for later, not set aside.
    let (why, report) = refused_with(|net, bundle| {
        let bytes = std::fs::read(bundle).expect("read");
        let text = String::from_utf8_lossy(&bytes[..bytes.iter().position(|b| *b == b'{').expect("{")]).to_string();
        let rest = &bytes[text.len()..];
        let mut out = text.into_bytes();
        out.extend_from_slice(
            &String::from_utf8_lossy(rest).replacen("\"version\":1", "\"version\":7", 1).into_bytes()[..],
        );
        copy_to_0(net, bundle, &out)
    });
    assert!(why.contains("nieuwere Ineen"), "{why}");
    assert!(report.set_aside.is_empty(), "kept for later");
}

#[test]
fn a_laptop_whose_clock_runs_days_ahead_is_named_and_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut net = Net::new(2);
    net.form_team();
    // Laptop 1's data copied to a laptop whose clock is ten days ahead.
    drop(std::mem::replace(
        &mut net.laptops[1].ineen,
        Ineen::open(&dir.path().join("tmp"), &ineen_core::keys::Unlock::for_tests()).expect("tmp"),
    ));
    let data = net._dir.path().join("data-1");
    let ahead = ineen_core::clock::TestClock::new(chrono::Utc::now() + chrono::Duration::days(10));
    net.laptops[1].ineen =
        Ineen::open_with(&data, &ineen_core::keys::Unlock::for_tests(), Box::new(ahead)).expect("reopen");
    net.laptops[1].ineen.save(&school("Uit de toekomst")).expect("school");
    net.sync(1);
    net.deliver_all();
    let before = net.laptops[0].ineen.export_json().expect("export");
    let report = net.sync(0);
    let why = report.waiting.iter().map(|(_, w)| w.clone()).collect::<Vec<_>>().join(" | ");
    assert!(why.contains("Laptop 1 heeft een klok die 9 dag(en) voorloopt") || why.contains("10 dag(en)"), "{why}");
    assert!(report.set_aside.is_empty(), "kept until that time is reached here, not thrown away");
    assert_eq!(net.laptops[0].ineen.export_json().expect("export"), before);
}

#[test]
fn a_json_import_merges_like_a_bundle_and_overwrites_nothing() {
    let mut a = Ineen::open_in_memory().expect("a");
    let s = school("De Aventurijn");
    a.save(&s).expect("save");
    let first = a.export_json().expect("export");
    let mut b = Ineen::open_in_memory_with(Box::new(ineen_core::clock::TestClock::new(
        chrono::Utc::now() - chrono::Duration::days(1000),
    )))
    .expect("b");
    // Another device: give it another id by making it after a's.
    b.import_json(&first).expect("import");
    b.save(&School { town: "Zeist".into(), ..s.clone() }).expect("b edits");
    a.save(&School { town: "Houten".into(), ..s.clone() }).expect("a edits");
    let from_b = b.export_json().expect("export");
    let changed = a.import_json(&from_b).expect("import");
    assert_eq!(changed, 1);
    let conflicts = a.conflicts().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "the town both changed is a conflict, not overwritten");
    let both: BTreeSet<String> = [conflicts[0].current.text.clone(), conflicts[0].other.text.clone()].into();
    assert_eq!(both, BTreeSet::from(["Houten".to_string(), "Zeist".to_string()]));
    let _ = Lang::Nl;
}

// ---- The property: any edits, any delivery order, every laptop ends alike.

#[derive(Debug, Clone)]
enum Op {
    /// Laptop, school, field, value.
    Edit(usize, usize, usize, usize),
    Delete(usize, usize),
    Sync(usize),
    /// Copies the k-th pooled file into a laptop's folder.
    Deliver(usize, usize),
}

const FIELDS: [&str; 3] = ["name", "town", "contact_name"];
const VALUES: [&str; 4] = ["Anouk", "Mehmet", "Sanne", "Bram"];

fn op(n: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..n, 0..3usize, 0..3usize, 0..4usize).prop_map(|(l, s, f, v)| Op::Edit(l, s, f, v)),
        1 => (0..n, 0..3usize).prop_map(|(l, s)| Op::Delete(l, s)),
        2 => (0..n).prop_map(Op::Sync),
        3 => (0..n, any::<usize>()).prop_map(|(l, k)| Op::Deliver(l, k)),
    ]
}

/// One edit as the oracle knows it.
struct Edit {
    laptop: usize,
    key: (usize, String),
    value: Value,
    /// The bundle of its laptop's log that carries it (set at its next sync).
    bundle: Option<u64>,
    /// What its laptop had taken in when it was made.
    known: Vv,
}

fn school_value(s: &School, field: &str) -> Value {
    serde_json::to_value(s).expect("json")[field].clone()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn any_edits_in_any_delivery_order_converge_with_one_conflict_per_concurrent_value(
        n in 3usize..=5,
        ops in prop::collection::vec(op(5), 10..40),
    ) {
        let mut net = Net::new(n);
        let schools: Vec<School> = ["De Aventurijn", "De Regenboog", "Het Mozaïek"].iter().map(|s| school(s)).collect();
        for s in &schools {
            net.laptops[0].ineen.save(s).expect("save");
        }
        net.form_team();
        let devices: Vec<Uuid> = net.laptops.iter().map(|l| l.ineen.store().device()).collect();
        let mut edits: Vec<Edit> = Vec::new();
        let record_sync = |net: &mut Net, edits: &mut Vec<Edit>, l: usize| {
            net.sync(l);
            let seq = net.laptops[l].ineen.store().vv().expect("vv").get(&devices[l]).copied().unwrap_or(0);
            for e in edits.iter_mut().filter(|e| e.laptop == l && e.bundle.is_none()) {
                e.bundle = Some(seq);
            }
        };
        for op in ops {
            match op {
                Op::Edit(l, s, f, v) if l < n => {
                    let ineen = &mut net.laptops[l].ineen;
                    let Some(mut current) = ineen.store().get::<School>(schools[s].id).expect("get") else { continue };
                    let field = FIELDS[f];
                    let value = Value::from(VALUES[v]);
                    if school_value(&current, field) == value {
                        continue;
                    }
                    let mut map = serde_json::to_value(&current).expect("json");
                    map[field] = value.clone();
                    current = serde_json::from_value(map).expect("school");
                    let known = ineen.store().vv().expect("vv");
                    ineen.save(&current).expect("save");
                    edits.push(Edit { laptop: l, key: (s, field.to_string()), value, bundle: None, known });
                }
                Op::Delete(l, s) if l < n => {
                    let ineen = &mut net.laptops[l].ineen;
                    let known = ineen.store().vv().expect("vv");
                    if ineen.delete::<School>(schools[s].id).expect("delete") {
                        edits.push(Edit { laptop: l, key: (s, "deleted".into()), value: Value::Bool(true), bundle: None, known });
                    }
                }
                Op::Sync(l) if l < n => record_sync(&mut net, &mut edits, l),
                Op::Deliver(l, k) if l < n => {
                    let pooled = net.pooled();
                    if !pooled.is_empty() {
                        net.deliver(l, &pooled[k % pooled.len()]);
                    }
                }
                _ => {}
            }
        }
        // Finally every laptop syncs and every file reaches everyone.
        for l in 0..n {
            record_sync(&mut net, &mut edits, l);
        }
        net.settle();

        let exports: Vec<String> = net.laptops.iter_mut().map(|l| l.ineen.export_json().expect("export")).collect();
        for e in &exports[1..] {
            prop_assert_eq!(e, &exports[0]);
        }
        // The oracle: per field, the edits no other edit of it had seen.
        let saw = |a: &Edit, b: &Edit, ia: usize, ib: usize| -> bool {
            if a.laptop == b.laptop {
                return ib < ia;
            }
            b.bundle.is_some_and(|s| a.known.get(&devices[b.laptop]).is_some_and(|k| *k >= s))
        };
        let mut by_key: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
        for (i, e) in edits.iter().enumerate() {
            by_key.entry(e.key.clone()).or_default().push(i);
        }
        for l in &mut net.laptops {
            let conflicts = l.ineen.store().conflicts().expect("conflicts");
            let mut total = 0;
            for ((s, field), ids) in &by_key {
                let frontier: Vec<usize> = ids
                    .iter()
                    .copied()
                    .filter(|&i| !ids.iter().any(|&j| j != i && saw(&edits[j], &edits[i], j, i)))
                    .collect();
                let open: Vec<_> = conflicts.iter().filter(|c| c.record == schools[*s].id && &c.field == field).collect();
                prop_assert_eq!(open.len(), frontier.len() - 1, "{} of school {}", field, s);
                total += open.len();
                let mut expected: Vec<String> = frontier.iter().map(|&i| edits[i].value.to_string()).collect();
                let row = l.ineen.export().expect("export");
                let rec = row.records.schools.iter().find(|r| r.data.id == schools[*s].id).expect("school");
                let current = if field == "deleted" { Value::Bool(rec.sync.deleted) } else { school_value(&rec.data, field) };
                let mut got: Vec<String> = open.iter().map(|c| c.value.to_string()).collect();
                got.push(current.to_string());
                expected.sort();
                got.sort();
                prop_assert_eq!(got, expected, "{} of school {}", field, s);
            }
            prop_assert_eq!(conflicts.len(), total, "no conflict on a field nobody edited twice");
        }
    }
}

/// A child with names found nowhere else, her mother, and the request to
/// erase her dossier (for the erasure tests).
fn rare_child() -> Participant {
    Participant {
        id: Uuid::now_v7(),
        given_name: "Zeldzaam".into(),
        family_name: "Okapinaam".into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(2019, 3, 4).expect("date"),
        school_id: None,
        class_name: None,
    }
}

fn mother_of(child: &Participant) -> Guardian {
    Guardian {
        id: Uuid::now_v7(),
        participant_id: child.id,
        name: "Moeder Kwikstaart".into(),
        relation: "moeder".into(),
        phone: Some("06-11112222".into()),
        email: None,
        authority: true,
    }
}

fn erasure_of(child: &Participant) -> ineen_core::ineen::EraseRequest {
    ineen_core::ineen::EraseRequest {
        participant_id: child.id,
        kind: ErasureKind::Request,
        reason: "Verzoek van de ouders".into(),
        requested_on: None,
        confirm: format!("{} {}", child.given_name, child.family_name),
    }
}

#[test]
fn an_erasure_travels_to_every_laptop_and_nothing_of_the_dossier_comes_back() {
    let mut net = Net::new(2);
    net.form_team();
    let child = rare_child();
    net.laptops[0].ineen.save(&child).expect("child");
    net.settle();
    assert!(net.laptops[1].ineen.participant(child.id).is_ok(), "the child reached laptop 1");

    // Offline, laptop 1 adds the child's mother and shares it; laptop 0
    // erases the child before that bundle reaches it.
    let mother = mother_of(&child);
    net.laptops[1].ineen.save(&mother).expect("mother");
    net.sync(1);
    let done = net.laptops[0].ineen.erase(erasure_of(&child)).expect("erase");
    assert_eq!(done.records, 1, "laptop 0 had only the child");
    net.settle();

    for (i, l) in net.laptops.iter_mut().enumerate() {
        assert!(l.ineen.participant(child.id).is_err(), "laptop {i} erased the child");
        assert!(l.ineen.guardians(child.id).expect("guardians").is_empty(), "laptop {i}: the mother went too");
        assert_eq!(l.ineen.erasures().expect("erasures").len(), 1, "laptop {i} keeps the erasure");
        let export = l.ineen.export_json().expect("export");
        assert!(!export.contains("Okapinaam") && !export.contains("Kwikstaart"), "laptop {i}'s export");
    }
    let exports: Vec<String> = net.laptops.iter_mut().map(|l| l.ineen.export_json().expect("export")).collect();
    assert_eq!(exports[0], exports[1], "both laptops hold the same records");
    // No bundle was refused on the way: the late one was taken in and its
    // erased record left out.
    for i in 0..2 {
        let again = net.sync(i);
        assert!(again.set_aside.is_empty(), "laptop {i}: {:?}", again.set_aside);
    }
}

#[test]
fn a_laptop_that_never_had_the_dossier_refuses_it_after_the_erasure() {
    // Laptop 1 takes in only the erasure (an export made after it), then an
    // old export that still holds the child and her mother.
    let mut a = Ineen::open_in_memory().expect("a");
    let child = rare_child();
    a.save(&child).expect("child");
    let mother = mother_of(&child);
    a.save(&mother).expect("mother");
    let before = a.export_json().expect("old export");
    a.erase(erasure_of(&child)).expect("erase");
    let after = a.export_json().expect("export");
    assert!(!after.contains("Okapinaam"));

    let mut b = Ineen::open_in_memory().expect("b");
    b.import_json(&after).expect("the erasure");
    b.import_json(&before).expect("the old export");
    assert!(b.participant(child.id).is_err(), "the child does not come");
    assert!(b.guardians(child.id).expect("guardians").is_empty(), "nor her mother");
    assert!(!b.export_json().expect("export").contains("Kwikstaart"));
}

/// Issue 14: a programme made in one laptop's programme editor reaches the
/// team: checked and kept as a file in every laptop's `curricula/`, in use
/// there at once; a change by the other laptop comes back the same way.
#[test]
fn a_programme_made_in_the_editor_reaches_every_laptop_of_the_team() {
    let mut net = Net::new(2);
    net.form_team();
    let mut draft = net.laptops[0].ineen.programme("time-4-you").expect("time-4-you");
    draft.id = "schoolmaatschappelijk-werk".into();
    draft.name = "Schoolmaatschappelijk werk".into();
    draft.contact_kinds = vec![ineen_core::curriculum::OwnContactKind {
        id: "ggz-verwijzing".into(),
        name: ineen_core::curriculum::LocalizedText { nl: "GGZ-verwijzing".into(), en: None },
    }];
    let made = net.laptops[0].ineen.save_programme(draft, true).expect("saved");
    assert!(net.laptops[1].ineen.programme("schoolmaatschappelijk-werk").is_err(), "not there before a sync");
    net.settle();
    let arrived = net.laptops[1].ineen.programme("schoolmaatschappelijk-werk").expect("arrived");
    assert_eq!(arrived, made);
    let data_1 = net.laptops[1].ineen.data_dir().expect("folder").to_path_buf();
    let file = std::fs::read_to_string(data_1.join("curricula/schoolmaatschappelijk-werk.toml")).expect("file");
    assert!(file.contains("GGZ-verwijzing"), "{file}");

    // The colleague changes it; the change comes back, into the file too.
    let mut longer = arrived.clone();
    longer.tracks[0].sessions_max = Some(12);
    net.laptops[1].ineen.save_programme(longer, false).expect("changed");
    net.settle();
    let back = net.laptops[0].ineen.programme("schoolmaatschappelijk-werk").expect("back");
    assert_eq!(back.tracks[0].sessions_max, Some(12));
    let data_0 = net.laptops[0].ineen.data_dir().expect("folder").to_path_buf();
    let file = std::fs::read_to_string(data_0.join("curricula/schoolmaatschappelijk-werk.toml")).expect("file");
    assert!(file.contains("sessions_max = 12"), "the file follows, for the next start: {file}");

    // What does not pass as a file changes nothing: a built-in's id, a path for an id.
    let stop =
        ineen_core::curriculum::to_toml(&net.laptops[0].ineen.programme("stop-4-7").expect("stop")).expect("toml");
    for (programme_id, text) in [("stop-4-7", stop.replace("STOP 4-7", "STOP 4-7 (anders)")), ("../buiten", stop)] {
        let hostile =
            ProgrammeFile { id: ProgrammeFile::id_for(programme_id), programme_id: programme_id.into(), text };
        net.laptops[0].ineen.save(&hostile).expect("a record like any other");
    }
    net.settle();
    let status = net.laptops[1].ineen.status().expect("status");
    assert_eq!(status.problems.len(), 2, "{:?}", status.problems);
    assert_eq!(net.laptops[1].ineen.programme("stop-4-7").expect("stop").name, "STOP 4-7");
    assert!(!data_1.join("curricula/stop-4-7.toml").exists() && !data_1.join("buiten.toml").exists());
    let exports: Vec<String> = net.laptops.iter_mut().map(|l| l.ineen.export_json().expect("export")).collect();
    assert_eq!(exports[0], exports[1], "both laptops hold the same records, byte for byte");
}

/// Issue 15: a sync tells how far it is — a new member's first copy of the
/// team's records (checked and merged like an import), the bundles written
/// and the bundles taken in, each counted to its end.
#[test]
fn a_sync_tells_how_far_it_is() {
    use ineen_core::progress::{Progress, Stage};
    use std::cell::RefCell;
    let mut net = Net::new(2);
    net.laptops[0].ineen.demo().expect("demo");
    net.laptops[0].ineen.create_team("STOP 4-7 Utrecht", "Laptop 0", Role::Coordinator).expect("team");
    net.sync(0);
    let invite = net.laptops[0].ineen.invite("Laptop 1", Role::Trainer).expect("invite");
    net.laptops[1].ineen.join_team(&invite.code, "Laptop 1").expect("join");
    assert!(net.sync(1).waiting_to_join);
    net.deliver_all();
    net.sync(0);
    net.deliver_all();

    let seen = RefCell::new(Vec::<Progress>::new());
    let on = |p: Progress| seen.borrow_mut().push(p);
    let synced = |net: &mut Net, i: usize| {
        seen.borrow_mut().clear();
        let l = &mut net.laptops[i];
        let report = l.ineen.sync_with(Some(&l.folder), &on).expect("sync");
        (report, seen.borrow().clone())
    };
    let last_of = |seen: &[Progress], stage: Stage| seen.iter().rev().find(|p| p.stage == stage).copied();

    // Joining: the snapshot is checked and merged with progress, to its end.
    let (report, progress) = synced(&mut net, 1);
    assert!(!report.waiting_to_join, "let in");
    for stage in [Stage::Checking, Stage::Merging] {
        let last = last_of(&progress, stage).unwrap_or_else(|| panic!("{stage:?} in {progress:?}"));
        assert!(last.total > 100 && last.done == last.total, "{last:?}");
    }

    // Three changes on laptop 0, each closed into a bundle of its own.
    for name in ["De Wilg", "De Linde", "De Eik"] {
        net.laptops[0].ineen.upsert(school(name)).expect("school");
        net.laptops[0].ineen.close_pending().expect("close");
    }
    let (report, progress) = synced(&mut net, 0);
    let sent = last_of(&progress, Stage::Sending).expect("sending");
    assert_eq!((sent.done as usize, sent.total as usize), (report.written.len(), report.written.len()));
    assert!(sent.total >= 3, "{sent:?}");
    assert_eq!(progress.iter().find(|p| p.stage == Stage::Sending).map(|p| p.done), Some(0), "starts at 0");

    // Laptop 0's bundles into the pool (nothing new to write), then to laptop 1.
    assert!(net.sync(0).written.is_empty());
    net.deliver_all();
    let (report, progress) = synced(&mut net, 1);
    let received = last_of(&progress, Stage::Receiving).expect("receiving");
    assert_eq!(received.done as usize, report.read.len());
    assert_eq!(received.done, received.total, "every bundle ahead was taken in: {progress:?}");
    assert!(received.total >= 3);
}
