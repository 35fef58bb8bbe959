//! [`Ineen`]: one open data folder, the entry point of every capability.
//!
//! The window's commands and the command line both call these methods and
//! nothing else; they hold no logic of their own.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod backups;
mod calendar;
mod demo;
mod encryption;
mod enrolments;
mod exchange;
mod figures;
mod overview;
mod privacy;
mod reports;
mod research;
mod review;
mod runs;
mod sync;

pub use backups::{good_backups, newest_good_backup, restore, BackupInfo, BackupMade, BackupSettings, BACKUP_DIR};
pub use calendar::CalendarOf;
pub use demo::{DemoSummary, CONFIDENTIAL_SENTENCE};
pub use enrolments::*;
pub use exchange::{
    is_sealed_export, json_schema, open_export, parse_export, read_import_file, seal_export, Export, ImportReview,
    Records, TableChanges, EXPORT_FORMAT, EXPORT_VERSION, MAX_IMPORT,
};
pub use figures::{Breakdown, FigureLine, Figures, FiguresFormat, MeasurementChange, ReasonCount, TrackRate};
pub use overview::{MarkSent, Overview, OverviewGroup, OverviewRow};
pub use privacy::*;
pub use reports::{slug, BatchResult, Handout, TipsFor};
pub use research::ResearchExport;
pub use runs::*;
pub use sync::{ConflictSide, ConflictView, Invitation, SyncReport, Take, Team, TeamMember, MAX_DRIFT_MS};

use crate::clock::{Clock, SystemClock};
use crate::curriculum::{self, CurriculumError, Programme};
use crate::error::{Error, Invalid, Kind, Result};
use crate::i18n::Lang;
use crate::keys::{DataKey, Unlock};
use crate::store::Store;
pub use encryption::{change_passphrase, folder_key, AppLock, FolderKey, LOCK_IDLE_DEFAULT};

/// The database file inside the data folder.
pub const DB_FILE: &str = "ineen.sqlite";
/// The folder inside the data folder where users add their own programmes.
pub const USER_CURRICULA_DIR: &str = "curricula";
/// The folder inside the data folder where the window saves reports.
pub const REPORTS_DIR: &str = "verslagen";

/// The computer's login name ("login: anouk"), for the audit when no
/// trainer is chosen on this laptop.
fn os_user() -> String {
    let name = ["USER", "USERNAME", "LOGNAME"].iter().find_map(|v| std::env::var(v).ok().filter(|n| !n.is_empty()));
    match name {
        Some(name) => format!("login: {name}"),
        None => "ineen".into(),
    }
}

/// What the app shows about itself: version, language, where the data lives,
/// and curriculum files that were refused at start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Status {
    pub version: String,
    pub language: Lang,
    pub data_dir: String,
    /// One message per refused programme file, in `language`.
    pub problems: Vec<String>,
    /// The trainer using this device, once chosen in the settings.
    pub me: Option<crate::model::Trainer>,
    /// Today, by the app's clock.
    pub today: chrono::NaiveDate,
}

/// An open data folder.
pub struct Ineen {
    store: Store,
    /// The programmes loaded at open, by id (parsed once; the store keeps
    /// inactive ones that records may still refer to).
    programmes: std::collections::HashMap<String, Programme>,
    data_dir: Option<PathBuf>,
    problems: Vec<CurriculumError>,
}

impl Ineen {
    /// Opens the data folder (creating it if needed) with what `unlock`
    /// gives, loads the curricula and brings the stored programmes up to date.
    pub fn open(data_dir: &Path, unlock: &Unlock) -> Result<Ineen> {
        Ineen::open_with(data_dir, unlock, Box::new(SystemClock::new()))
    }

    /// Opens the data folder with the given clock (tests pass a `TestClock`);
    /// the store is checked for damage first.
    pub fn open_with(data_dir: &Path, unlock: &Unlock, clock: Box<dyn Clock>) -> Result<Ineen> {
        Ineen::open_dir(data_dir, unlock, clock, true)
    }

    /// Opens the data folder for a command that only reads: without the
    /// store's full damage check (damage met while reading is still named).
    pub fn open_to_read(data_dir: &Path, unlock: &Unlock) -> Result<Ineen> {
        Ineen::open_dir(data_dir, unlock, Box::new(SystemClock::new()), false)
    }

    fn open_dir(data_dir: &Path, unlock: &Unlock, clock: Box<dyn Clock>, check: bool) -> Result<Ineen> {
        let unusable = |source| Error::DataDir { path: data_dir.to_path_buf(), source };
        // Ineen's own: new, or holding nothing but what Ineen puts there.
        let ours = std::fs::read_dir(data_dir).map_or(true, |entries| {
            entries.flatten().all(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                name.starts_with("ineen.") || [BACKUP_DIR, USER_CURRICULA_DIR, REPORTS_DIR].contains(&name.as_str())
            })
        });
        std::fs::create_dir_all(data_dir).map_err(unusable)?;
        // Children's records: the folder is its owner's alone (a folder
        // that held other things before Ineen's store is left as it was).
        if ours {
            crate::files::make_private_dir(data_dir).map_err(unusable)?;
        }
        let loaded = curriculum::load(Some(&data_dir.join(USER_CURRICULA_DIR)))?;
        let path = data_dir.join(DB_FILE);
        let key = folder_key(data_dir, unlock, check)?;
        let open = |key: &DataKey, clock| {
            let opened =
                if check { Store::open_with(&path, key, clock) } else { Store::open_to_read(&path, key, clock) };
            opened.map_err(|e| match e.damage() {
                Some(detail) => Error::Damaged { detail, backup: newest_good_backup(data_dir, key) },
                None => Error::Store(e),
            })
        };
        let mut store = open(&key.key, clock)?;
        store.sync_programmes(&loaded.programmes)?;
        // Who the audit names: the trainer chosen on this laptop, else the
        // computer's login name (NEN 7513 asks for a person, not the app).
        match store.me()?.map(|id| store.get::<crate::model::Trainer>(id)).transpose()?.flatten() {
            Some(me) => store.set_actor(&me.name),
            None => store.set_actor(&os_user()),
        }
        let programmes = loaded.programmes.into_iter().map(|p| (p.id.clone(), p)).collect();
        let mut ineen = Ineen { store, programmes, data_dir: Some(data_dir.to_path_buf()), problems: loaded.problems };
        if check {
            // A programme that arrived but whose file could not be written then.
            ineen.adopt_shared_programmes()?;
        }
        Ok(ineen)
    }

    /// Seals the data key with a new recovery passphrase, once the current
    /// one opens it: the store is not re-encrypted, this laptop's keyring
    /// keeps the same key. Recorded in the audit (without either passphrase).
    pub fn change_passphrase(&mut self, current: &str, new: &str) -> Result<()> {
        let dir = self.data_dir.clone().ok_or(Error::Invalid(crate::error::Invalid::NoDataFolder))?;
        encryption::change_passphrase(&dir, current, new)?;
        Ok(self.store.write(|tx| tx.audit("passphrase", None, None, None))?)
    }

    /// The store's own files, which no output may be written over.
    pub fn protected_files(&self) -> Vec<PathBuf> {
        self.data_dir
            .iter()
            .flat_map(|d| {
                ["", "-wal", "-shm", "-journal"]
                    .map(|end| d.join(format!("{DB_FILE}{end}")))
                    .into_iter()
                    .chain([d.join(crate::keys::KEY_FILE)])
            })
            .collect()
    }

    /// An in-memory store with the built-in programmes, for tests.
    pub fn open_in_memory() -> Result<Ineen> {
        Ineen::open_in_memory_with(Box::new(crate::clock::TestClock::school_year_start()))
    }

    pub fn open_in_memory_with(clock: Box<dyn Clock>) -> Result<Ineen> {
        let loaded = curriculum::load(None)?;
        let mut store = Store::open_in_memory_with(clock)?;
        store.sync_programmes(&loaded.programmes)?;
        let programmes = loaded.programmes.into_iter().map(|p| (p.id.clone(), p)).collect();
        Ok(Ineen { store, programmes, data_dir: None, problems: loaded.problems })
    }

    /// The programmes a trainer can run, by name.
    pub fn programmes(&self) -> Result<Vec<Programme>> {
        Ok(self.store.programmes()?)
    }

    /// Saves a programme made or changed in the programme editor as a
    /// curriculum file of the newest schema in `<data folder>/curricula/`,
    /// checked exactly as a file is (the refusal names the field), and puts
    /// it to use at once. A built-in programme is not changed: a copy needs
    /// an id of its own; a new programme may not take an id in use. Returns
    /// the programme as read back from its file.
    pub fn save_programme(&mut self, draft: Programme, is_new: bool) -> Result<Programme> {
        let existing = self.programmes.get(&draft.id);
        if existing.is_some_and(|p| p.origin == curriculum::Origin::Builtin) {
            return Err(Error::Invalid(Invalid::BuiltinProgramme { id: draft.id }));
        }
        let dir =
            self.data_dir.as_ref().map(|d| d.join(USER_CURRICULA_DIR)).ok_or(Error::Invalid(Invalid::NoDataFolder))?;
        let (programme, text) = self.check_programme(&draft)?;
        let path = dir.join(format!("{}.toml", programme.id));
        if is_new && (existing.is_some() || path.exists() || self.store.programme(&programme.id)?.is_some()) {
            return Err(Error::Invalid(Invalid::ProgrammeIdTaken { id: programme.id }));
        }
        // The team's copy first (a record that syncs), then this laptop's file.
        let shared = crate::model::ProgrammeFile {
            id: crate::model::ProgrammeFile::id_for(&programme.id),
            programme_id: programme.id.clone(),
            text: text.clone(),
        };
        self.store.write(|tx| tx.put(&shared))?;
        std::fs::create_dir_all(&dir).map_err(|source| Error::File { path: dir.clone(), source })?;
        crate::files::write(&path, text.as_bytes(), crate::files::Existing::Replace, &self.protected_files())?;
        self.programmes.insert(programme.id.clone(), programme.clone());
        let all: Vec<Programme> = self.programmes.values().cloned().collect();
        self.store.sync_programmes(&all)?;
        Ok(programme)
    }

    /// Puts the programmes the team shared (made in a colleague's programme
    /// editor) to use here: each file checked exactly as a curriculum file,
    /// written into this data folder's `curricula/` when it differs, and
    /// loaded. One that does not pass (a newer schema, an id of a built-in
    /// programme) is reported like a broken file and changes nothing.
    pub(crate) fn adopt_shared_programmes(&mut self) -> Result<()> {
        let Some(dir) = self.data_dir.as_ref().map(|d| d.join(USER_CURRICULA_DIR)) else { return Ok(()) };
        let mut changed = false;
        for (file, meta) in self.store.export_all::<crate::model::ProgrammeFile>()? {
            if meta.deleted {
                continue;
            }
            let name = format!("{}.toml", file.programme_id);
            let checked = curriculum::parse(&name, &file.text, curriculum::Origin::User).and_then(|p| {
                let builtin = self.programmes.get(&p.id).is_some_and(|q| q.origin == curriculum::Origin::Builtin);
                if p.id != file.programme_id || builtin {
                    Err(curriculum::CurriculumError {
                        file: name.clone(),
                        line: None,
                        field: "id".into(),
                        problem: curriculum::Problem::DuplicateId(p.id.clone()),
                    })
                } else {
                    Ok(p)
                }
            });
            let programme = match checked {
                Ok(p) => p,
                Err(problem) => {
                    if !self.problems.iter().any(|q| q == &problem) {
                        self.problems.push(problem);
                    }
                    continue;
                }
            };
            let path = dir.join(&name);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(file.text.as_str()) {
                // A folder that cannot be written to blocks nothing: the
                // programme is in use all the same, and the next start tries again.
                let protected = self.protected_files();
                let written = std::fs::create_dir_all(&dir)
                    .map_err(|source| Error::File { path: dir.clone(), source })
                    .and_then(|()| {
                        crate::files::write(&path, file.text.as_bytes(), crate::files::Existing::Replace, &protected)
                    });
                if let Err(e) = written {
                    let problem = curriculum::CurriculumError {
                        file: name.clone(),
                        line: None,
                        field: String::new(),
                        problem: curriculum::Problem::Unwritable(e.message(crate::Lang::default())),
                    };
                    if !self.problems.contains(&problem) {
                        self.problems.push(problem);
                    }
                }
            }
            if self.programmes.get(&programme.id) != Some(&programme) {
                self.programmes.insert(programme.id.clone(), programme);
                changed = true;
            }
        }
        if changed {
            let all: Vec<Programme> = self.programmes.values().cloned().collect();
            self.store.sync_programmes(&all)?;
        }
        Ok(())
    }

    /// Checks a programme from the editor as a curriculum file would be
    /// checked; the programme as it would be saved, and its file's text.
    pub fn check_programme(&self, draft: &Programme) -> Result<(Programme, String)> {
        curriculum::check_draft(draft).map_err(Error::ProgrammeDraft)
    }

    /// The schedule a programme from the editor would give a group starting
    /// on `start` on `weekday` (1 = Monday), holidays of the region skipped:
    /// checked first, so the editor shows a mistake and the preview at once.
    pub fn preview_programme(
        &self,
        draft: &Programme,
        start: chrono::NaiveDate,
        weekday: u8,
        region: Option<crate::model::Region>,
    ) -> Result<Vec<crate::rules::PlannedSession>> {
        let (programme, _) = self.check_programme(draft)?;
        let day = crate::rules::weekday(weekday).ok_or(Error::Invalid(Invalid::Weekday))?;
        Ok(crate::rules::plan_sessions(&programme, start, day, &crate::rules::holidays(region)))
    }

    /// One programme by id (also an inactive one that records still refer to).
    pub fn programme(&self, id: &str) -> Result<Programme> {
        self.programme_ref(id).map(std::borrow::Cow::into_owned)
    }

    /// A programme without copying a loaded one (a check before every mark
    /// of attendance reads one).
    pub(crate) fn programme_ref(&self, id: &str) -> Result<std::borrow::Cow<'_, Programme>> {
        if let Some(p) = self.programmes.get(id) {
            return Ok(std::borrow::Cow::Borrowed(p));
        }
        let stored = self.store.programme(id)?.ok_or_else(|| Error::NotFound(Kind::Programme, id.to_string()))?;
        Ok(std::borrow::Cow::Owned(stored))
    }

    /// Who the writes are attributed to in the audit log (a trainer's name, "cli", ...).
    pub fn set_actor(&mut self, actor: &str) {
        self.store.set_actor(actor);
    }

    /// Who the audit log names for what is done now.
    pub fn actor(&self) -> &str {
        self.store.actor()
    }

    /// Today, by the injected clock.
    pub fn today(&mut self) -> chrono::NaiveDate {
        self.store.today()
    }

    /// The data folder (none for an in-memory store).
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// The store, for benchmarks and tests that look underneath.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn language(&self) -> Result<Lang> {
        Ok(self.store.language()?)
    }

    pub fn set_language(&mut self, lang: Lang) -> Result<()> {
        Ok(self.store.set_language(lang)?)
    }

    /// Chooses the trainer who uses this device; the audit log names them.
    pub fn set_me(&mut self, trainer: Option<uuid::Uuid>) -> Result<()> {
        if let Some(id) = trainer {
            let t =
                self.store.get::<crate::model::Trainer>(id)?.ok_or(Error::NotFound(Kind::Trainer, id.to_string()))?;
            self.store.set_actor(&t.name);
        }
        Ok(self.store.set_me(trainer)?)
    }

    pub fn status(&mut self) -> Result<Status> {
        let language = self.language()?;
        let me = match self.store.me()? {
            Some(id) => self.store.get::<crate::model::Trainer>(id)?,
            None => None,
        };
        let today = self.today();
        Ok(Status {
            me,
            today,
            version: env!("CARGO_PKG_VERSION").to_string(),
            language,
            data_dir: self.data_dir.as_ref().map(|d| d.display().to_string()).unwrap_or_default(),
            problems: self.problems.iter().map(|p| p.message(language)).collect(),
        })
    }
}

/// Shared by the unit tests of the capabilities: the demo organisation on
/// a test clock at the start of the school year.
#[cfg(test)]
pub(crate) mod fixture {
    use super::Ineen;
    use crate::clock::TestClock;

    pub fn demo() -> Ineen {
        let mut ineen = Ineen::open_in_memory_with(Box::new(TestClock::school_year_start())).expect("store");
        ineen.demo().expect("demo");
        ineen
    }

    /// A demo child's enrolment, by the child's name.
    pub fn enrolment(ineen: &Ineen, name: &str) -> uuid::Uuid {
        ineen.enrolments().expect("list").into_iter().find(|e| e.participant == name).expect(name).id
    }

    /// Records consent to share with `audience` from `giver`: the child, or
    /// each parent of the child on file.
    pub fn consent(
        ineen: &mut Ineen,
        enrolment: uuid::Uuid,
        giver: crate::model::Giver,
        audience: crate::model::Audience,
        on: chrono::NaiveDate,
    ) -> Vec<uuid::Uuid> {
        let child = ineen.enrolment(enrolment).expect("enrolment").participant_id;
        let who: Vec<(Option<uuid::Uuid>, String)> = match giver {
            crate::model::Giver::Child => vec![(None, "zelf".into())],
            crate::model::Giver::Guardian => {
                ineen.guardians(child).expect("guardians").into_iter().map(|g| (Some(g.id), g.name)).collect()
            }
        };
        who.into_iter()
            .map(|(guardian_id, given_by)| {
                ineen
                    .upsert(crate::model::Consent {
                        id: uuid::Uuid::nil(),
                        enrolment_id: enrolment,
                        giver,
                        guardian_id,
                        given_by,
                        audience,
                        scope: "eindverslag".into(),
                        given_on: on,
                        withdrawn_on: None,
                    })
                    .expect("consent")
                    .id
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_a_folder_creates_the_store_and_lists_programmes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("nieuw");
        let ineen = Ineen::open(&data, &Unlock::for_tests()).expect("open");
        assert!(data.join(DB_FILE).exists());
        let names: Vec<_> = ineen.programmes().expect("list").into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["Alles Kidzzz", "Plezier op school", "STOP 4-7", "time-4-you"]);
        drop(ineen);
        // Reopening keeps settings and changes nothing.
        let mut ineen = Ineen::open(&data, &Unlock::for_tests()).expect("reopen");
        ineen.set_language(Lang::En).expect("set");
        drop(ineen);
        assert_eq!(
            Ineen::open(&data, &Unlock::for_tests()).expect("reopen").status().expect("status").language,
            Lang::En
        );
    }

    /// Issue 12 (part): the data folder and every file Ineen writes in it
    /// are its owner's alone; deleted pages are overwritten; no write-ahead
    /// log of records stays behind a closed store.
    #[cfg(unix)]
    #[test]
    fn a_folder_that_held_other_things_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("notities.txt"), "x").expect("w");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
        drop(Ineen::open(dir.path(), &Unlock::for_tests()).expect("open"));
        drop(Ineen::open(dir.path(), &Unlock::for_tests()).expect("open again"));
        let mode = std::fs::metadata(dir.path()).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o755, "a shared folder is not closed to others by surprise");
        let store = std::fs::metadata(dir.path().join(DB_FILE)).expect("meta").permissions().mode() & 0o777;
        assert_eq!(store, 0o600, "the store itself is private");
    }

    #[cfg(unix)]
    #[test]
    fn the_data_folder_is_its_owners_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let mut ineen = Ineen::open(&data, &Unlock::for_tests()).expect("open");
        ineen.demo().expect("demo");
        ineen.backup(None).expect("backup");
        let export = ineen.export_json().expect("export");
        crate::files::write(&data.join("export.json"), export.as_bytes(), crate::files::Existing::Keep, &[])
            .expect("write");
        let lock = crate::lock::DataLock::try_acquire(&data, "test").expect("io").expect("free");
        let secure: i64 = ineen.store().pragma_number("secure_delete").expect("pragma");
        assert_eq!(secure, 1, "secure_delete is on");

        let mut seen = 0;
        let mut stack = vec![data.clone()];
        while let Some(d) = stack.pop() {
            let mode = std::fs::metadata(&d).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", d.display());
            for e in std::fs::read_dir(&d).expect("read").flatten() {
                let meta = e.metadata().expect("meta");
                if meta.is_dir() {
                    stack.push(e.path());
                } else {
                    assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{}", e.path().display());
                    seen += 1;
                }
            }
        }
        assert!(seen >= 5, "store, WAL, backup, export, lock files were looked at ({seen})");
        drop(lock);

        // Another connection stays open (a window, say); closing this store
        // still leaves an empty write-ahead log.
        let other = Ineen::open(&data, &Unlock::for_tests()).expect("second");
        drop(ineen);
        let wal = data.join(format!("{DB_FILE}-wal"));
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0, "the WAL is truncated");
        drop(other);
    }

    #[test]
    fn a_broken_user_programme_is_reported_in_the_users_language() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join(USER_CURRICULA_DIR)).expect("mkdir");
        std::fs::write(dir.path().join(USER_CURRICULA_DIR).join("mijn.toml"), "schema = 1\nid = 3\n").expect("w");
        let mut ineen = Ineen::open(dir.path(), &Unlock::for_tests()).expect("open");
        assert_eq!(ineen.programmes().expect("list").len(), 4);
        let status = ineen.status().expect("status");
        assert_eq!(status.problems.len(), 1);
        assert!(status.problems[0].contains("mijn.toml, regel 2, veld 'id'"), "{}", status.problems[0]);
    }

    #[test]
    fn an_unusable_data_folder_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("bestand");
        std::fs::write(&file, "x").expect("w");
        let err = Ineen::open(&file.join("sub"), &Unlock::for_tests()).err().expect("refused");
        assert_eq!(err.code(), crate::ErrorCode::DataDirUnusable);
        assert!(err.message(Lang::Nl).contains("--data-dir"));
    }
}

#[cfg(test)]
mod programme_editor_tests {
    use super::*;
    use crate::curriculum::{Moment, Origin, RequiredContact, Track, TrackKind};
    use crate::keys::Unlock;
    use crate::model::ContactKind;

    /// School social work as the brochure describes it: 5 to 8 individual
    /// conversations, no school report by default.
    fn schoolmaatschappelijk_werk(ineen: &Ineen) -> Programme {
        let mut p = ineen.programme("time-4-you").expect("a built-in to copy");
        p.id = "schoolmaatschappelijk-werk".into();
        p.name = "Schoolmaatschappelijk werk".into();
        p.full_name = None;
        p.provider = None;
        p.tracks = vec![Track {
            kind: TrackKind::Individual,
            sessions: 5,
            sessions_max: Some(8),
            minutes: Some(45),
            plan: Vec::new(),
        }];
        p.contact_kinds = vec![crate::curriculum::OwnContactKind {
            id: "ggz-verwijzing".into(),
            name: crate::curriculum::LocalizedText {
                nl: "GGZ-verwijzing".into(),
                en: Some("Mental-health referral".into()),
            },
        }];
        p.required_contacts =
            vec![RequiredContact { kind: ContactKind::ParentMeeting, moment: Moment::BeforeStart, min: 1 }];
        p.school_report = false;
        p.group = None;
        p.variants = Vec::new();
        p.origin = Origin::User;
        p
    }

    #[test]
    fn a_programme_made_in_the_editor_is_a_checked_file_in_use_at_once_and_after_a_restart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let unlock = Unlock::for_tests();
        let mut ineen = Ineen::open(dir.path(), &unlock).expect("open");
        let draft = schoolmaatschappelijk_werk(&ineen);
        let saved = ineen.save_programme(draft.clone(), true).expect("saved");
        assert_eq!(saved, draft);
        // A second new programme with the same id is refused; changing the first is not.
        let again = ineen.save_programme(draft.clone(), true).expect_err("id taken");
        assert!(again.message(Lang::Nl).contains("al een programma met id"), "{}", again.message(Lang::Nl));
        let mut longer = draft.clone();
        longer.tracks[0].sessions_max = Some(10);
        assert_eq!(ineen.save_programme(longer, false).expect("changed").tracks[0].sessions_max, Some(10));
        let mut blank_texts = draft.clone();
        blank_texts.full_name = Some("  ".into());
        blank_texts.target_group.en = Some(String::new());
        let saved = ineen.save_programme(blank_texts, false).expect("empty optional texts are none");
        assert_eq!((saved.full_name, saved.target_group.en), (None, None));
        let draft = ineen.save_programme(draft, false).expect("changed back");
        let ggz = ContactKind::Own("ggz-verwijzing".into());
        assert_eq!(draft.contact_label(&ggz, Lang::Nl), "GGZ-verwijzing");
        assert_eq!(draft.contact_label(&ggz, Lang::En), "Mental-health referral");
        assert!(dir.path().join("curricula/schoolmaatschappelijk-werk.toml").is_file());
        assert!(ineen.programmes().expect("list").iter().any(|p| p.id == "schoolmaatschappelijk-werk"));
        drop(ineen);
        let ineen = Ineen::open(dir.path(), &unlock).expect("reopen");
        assert_eq!(ineen.programme("schoolmaatschappelijk-werk").expect("still there"), draft);

        // The team's copy of the programme is its record: a curricula folder that cannot be
        // written blocks nothing (the programme is in use, the problem is named).
        drop(ineen);
        std::fs::remove_dir_all(dir.path().join("curricula")).expect("remove");
        std::fs::write(dir.path().join("curricula"), "geen map").expect("a file where the folder was");
        let mut ineen = Ineen::open(dir.path(), &unlock).expect("opens all the same");
        assert_eq!(ineen.programme("schoolmaatschappelijk-werk").expect("in use"), draft);
        let status = ineen.status().expect("status");
        assert!(
            status.problems.iter().any(|p| p.contains("kon niet als bestand worden bewaard")),
            "{:?}",
            status.problems
        );
        drop(ineen);
        std::fs::remove_file(dir.path().join("curricula")).expect("remove");
        let mut ineen = Ineen::open(dir.path(), &unlock).expect("reopen");
        assert!(dir.path().join("curricula/schoolmaatschappelijk-werk.toml").is_file(), "written at the next start");

        // A built-in is copied, never changed in place.
        let mut stop = ineen.programme("stop-4-7").expect("stop");
        stop.name = "STOP 4-7 (anders)".into();
        let refused = ineen.save_programme(stop, false).expect_err("built-in");
        assert!(refused.message(Lang::Nl).contains("ingebouwd programma"), "{}", refused.message(Lang::Nl));
        // Checked as a file: the field at fault is named, and nothing is written.
        let mut broken = schoolmaatschappelijk_werk(&ineen);
        broken.id = "kapot".into();
        broken.tracks[0].sessions = 0;
        let e = ineen.save_programme(broken.clone(), true).expect_err("zero sessions");
        assert_eq!(e.code(), crate::error::ErrorCode::ProgrammeInvalid);
        assert_eq!(e.message(Lang::Nl), "Het aantal bijeenkomsten moet minstens 1 zijn.");
        assert!(matches!(&e, Error::ProgrammeDraft(c) if c.field == "tracks[0].sessions"), "{e:?}");
        assert!(!dir.path().join("curricula/kapot.toml").exists());
        // A required contact of a kind the programme does not define.
        broken.tracks[0].sessions = 5;
        broken.required_contacts.push(RequiredContact {
            kind: ContactKind::Own("zat-overleg".into()),
            moment: Moment::During,
            min: 1,
        });
        let e = ineen.save_programme(broken.clone(), true).expect_err("unknown kind");
        assert!(e.message(Lang::Nl).contains("'zat-overleg' bestaat niet"), "{}", e.message(Lang::Nl));
        assert!(matches!(&e, Error::ProgrammeDraft(c) if c.field == "required_contacts[1].kind"), "{e:?}");
        // The preview checks first, then plans 5 sessions from the start.
        assert!(ineen
            .preview_programme(&broken, chrono::NaiveDate::from_ymd_opt(2026, 9, 7).expect("date"), 1, None)
            .is_err());
        let plan = ineen
            .preview_programme(&draft, chrono::NaiveDate::from_ymd_opt(2026, 9, 7).expect("date"), 1, None)
            .expect("preview");
        assert_eq!(plan.len(), 5);
        assert_eq!(plan[0].date, chrono::NaiveDate::from_ymd_opt(2026, 9, 7).expect("date"));
    }
}
