//! The IPC commands of the main window: thin adapters over [`Ineen`].
//!
//! Each command is declared once, in the `commands!` list below. From that
//! one list come the Tauri command functions, the invoke handler
//! ([`handler`]), the command names ([`NAMES`], from which the committed
//! capability `src-tauri/capabilities/main-window.json` is generated, and
//! `build.rs` makes each an `allow-…` permission), the TypeScript wrappers
//! (`ui/src/lib/commands.ts`) and the list of types in
//! `ui/src/lib/bindings.ts`. Adding a command is one entry here and its test;
//! `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc generated` rewrites the
//! generated files, and the same test fails when they are stale.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;
use ineen_core::ineen::AppLock;
use ineen_core::ineen::{
    AttendanceGrid, AuditCheck, AuditLine, BackupInfo, BackupMade, BackupSettings, BatchResult, CalendarOf,
    ConflictView, DaySession, EnrolmentOverview, EnrolmentSummary, EraseRequest, ErasureDone, Figures, FiguresFormat,
    FlaggedEnrolment, ImportReview, Invitation, InzageFiles, InzageItem, Mark, MarkSent, NewEnrolment, NewRun,
    Overview, ParticipantHit, RetentionItem, SessionSheet, SyncReport, Take, Team,
};
use ineen_core::keys::Unlock;
use ineen_core::model::{
    Attendance, Consent, Contact, EndReportVersion, Enrolment, EnrolmentStatus, Erasure, Goal, GoalScore, Guardian,
    Measurement, Observation, Participant, Person, Region, Run, School, Session, Tip, Trainer, ZatMeeting,
};
use ineen_core::progress::Progress;
use ineen_core::report::ReportAudience;
use ineen_core::rules::{Flag, FreePeriod, PlannedSession, RunWarning};
use ineen_core::store::participants::{ListQuery, ParticipantPage};
use ineen_core::store::privacy::AuditFilter;
use ineen_core::sync::Role;
use ineen_core::tips::LibraryTip;
use ineen_core::{Ineen, Lang, Programme, Status};
use tauri::State;
use uuid::Uuid;

use crate::files::SavedFiles;
use crate::ipc::IpcError;

/// The open data folder, or why it could not be opened (shown by the UI),
/// and the data folder's lock, held while the window is open.
pub struct AppState {
    data_dir: Option<PathBuf>,
    ineen: Mutex<Result<Ineen, IpcError>>,
    /// What opens the data folder's key: the keyring, and the recovery
    /// passphrase once given (in memory only).
    unlock: Mutex<Unlock>,
    /// The window is locked (idle, or Ctrl+L): commands answer only to unlock.
    locked: std::sync::atomic::AtomicBool,
    /// Wrong tries at the lock screen, slowed down.
    attempts: Mutex<ineen_core::keys::Attempts>,
    /// Where the user saved reports and exports in this window: these, and
    /// what is in the report folder, the window may open.
    pub(crate) saved: Mutex<std::collections::HashSet<PathBuf>>,
    _lock: Option<ineen_core::lock::DataLock>,
}

impl AppState {
    /// Opens the data folder; a failure is kept and answered to every command.
    pub fn open(data_dir: &Path, unlock: Unlock) -> AppState {
        AppState::open_locked(data_dir, unlock, None)
    }

    /// Opens the data folder holding its lock (the window's).
    pub fn open_locked(data_dir: &Path, unlock: Unlock, lock: Option<ineen_core::lock::DataLock>) -> AppState {
        let ineen = Ineen::open(data_dir, &unlock).map_err(|e| IpcError::from_core(&e, Lang::default()));
        AppState {
            data_dir: Some(data_dir.to_path_buf()),
            ineen: Mutex::new(ineen),
            unlock: Mutex::new(unlock),
            locked: Default::default(),
            attempts: Default::default(),
            saved: Default::default(),
            _lock: lock,
        }
    }

    /// A data folder that cannot be used at all (its lock could not be taken).
    pub fn failed(data_dir: &Path, error: &ineen_core::Error) -> AppState {
        AppState {
            data_dir: Some(data_dir.to_path_buf()),
            ineen: Mutex::new(Err(IpcError::from_core(error, Lang::default()))),
            unlock: Mutex::new(Unlock::os(None)),
            locked: Default::default(),
            attempts: Default::default(),
            saved: Default::default(),
            _lock: None,
        }
    }

    /// Runs a command's `f` on the open data folder; refused while the window is locked.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Ineen) -> ineen_core::error::Result<T>) -> Result<T, IpcError> {
        if self.locked.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(IpcError::from_core(&ineen_core::Error::Locked, Lang::default()));
        }
        self.with_store(f)
    }

    /// Runs `f` on the open data folder also while the window is locked
    /// (its own background work: sync, the daily backup, the unlock check).
    pub(crate) fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Ineen) -> ineen_core::error::Result<T>,
    ) -> Result<T, IpcError> {
        let mut slot = self.ineen.lock().map_err(|_| IpcError::internal(Lang::default()))?;
        let ineen = slot.as_mut().map_err(|e| e.clone())?;
        f(ineen).map_err(|e| IpcError::from_core(&e, ineen.language().unwrap_or_default()))
    }

    /// Runs `f` on the data folder itself, also when its store could not be
    /// opened (locked behind its passphrase, or damaged: its backups, and
    /// putting one back).
    pub(crate) fn with_folder<T>(
        &self,
        f: impl FnOnce(&mut Folder<'_>) -> ineen_core::error::Result<T>,
    ) -> Result<T, IpcError> {
        let mut slot = self.ineen.lock().map_err(|_| IpcError::internal(Lang::default()))?;
        let mut unlock = self.unlock.lock().map_err(|_| IpcError::internal(Lang::default()))?;
        let lang = slot.as_ref().ok().and_then(|i| i.language().ok()).unwrap_or_default();
        let dir = self.data_dir.as_deref().ok_or_else(|| {
            IpcError::from_core(&ineen_core::Error::Invalid(ineen_core::error::Invalid::NoDataFolder), lang)
        })?;
        let mut folder = Folder { dir, slot: &mut slot, unlock: &mut unlock };
        f(&mut folder).map_err(|e| IpcError::from_core(&e, lang))
    }
}

impl AppState {
    /// Hides the window's data: every command but the unlock is refused.
    pub fn lock(&self) {
        self.locked.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Unlocks the window with the PIN or the recovery passphrase; wrong
    /// tries are slowed down.
    pub fn unlock_window(&self, secret: &str) -> Result<(), IpcError> {
        use ineen_core::error::Invalid;
        let now = std::time::Instant::now();
        let refused = |problem: Invalid| IpcError::from_core(&ineen_core::Error::Invalid(problem), Lang::default());
        let mut attempts = self.attempts.lock().map_err(|_| IpcError::internal(Lang::default()))?;
        if let Some(wait) = attempts.wait(now) {
            return Err(refused(Invalid::TooManyTries { seconds: wait.as_secs().max(1) }));
        }
        if self.with_store(|i| i.unlocks(secret))? {
            attempts.succeeded();
            self.locked.store(false, std::sync::atomic::Ordering::SeqCst);
            Ok(())
        } else {
            attempts.failed(now);
            Err(refused(Invalid::WrongUnlock))
        }
    }
}

impl From<Ineen> for AppState {
    fn from(ineen: Ineen) -> AppState {
        let data_dir = ineen.data_dir().map(Path::to_path_buf);
        AppState {
            data_dir,
            ineen: Mutex::new(Ok(ineen)),
            unlock: Mutex::new(Unlock::os(None)),
            locked: Default::default(),
            attempts: Default::default(),
            saved: Default::default(),
            _lock: None,
        }
    }
}

/// The data folder, for the few commands that work whether or not its
/// store opened.
pub struct Folder<'a> {
    pub dir: &'a Path,
    slot: &'a mut Result<Ineen, IpcError>,
    unlock: &'a mut Unlock,
}

impl Folder<'_> {
    /// The data folder's key (from the keyring, or the passphrase given).
    pub fn key(&self) -> ineen_core::error::Result<ineen_core::keys::DataKey> {
        Ok(ineen_core::ineen::folder_key(self.dir, self.unlock, false)?.key)
    }

    /// Puts a checked backup back (the store in use is kept as a backup, a
    /// damaged one moved aside) and opens the data folder on it.
    pub fn restore(&mut self, backup: &Path) -> ineen_core::error::Result<Status> {
        let key = self.key()?;
        // Close the store first: nothing of this process holds it during the restore.
        *self.slot = Err(IpcError::internal(Lang::default()));
        let restored = ineen_core::ineen::restore(self.dir, backup, &key);
        let reopened = Ineen::open(self.dir, self.unlock);
        let mut ineen = match reopened {
            Ok(ineen) => ineen,
            Err(e) => {
                *self.slot = Err(IpcError::from_core(&e, Lang::default()));
                return Err(restored.err().unwrap_or(e));
            }
        };
        let status = restored.and_then(|_| ineen.status());
        *self.slot = Ok(ineen);
        status
    }

    /// Opens the data folder with the recovery passphrase typed in the
    /// window (or, for a new folder, chosen there). A wrong or too short
    /// passphrase changes nothing; what else stops the folder from opening
    /// (damage, say) is kept for every command, as at start.
    pub fn unlock(&mut self, passphrase: String) -> ineen_core::error::Result<Status> {
        let unlock = self.unlock.with_passphrase(Some(ineen_core::keys::Zeroizing::new(passphrase)));
        match Ineen::open(self.dir, &unlock) {
            Ok(mut ineen) => {
                let status = ineen.status()?;
                *self.slot = Ok(ineen);
                *self.unlock = unlock;
                Ok(status)
            }
            Err(e @ (ineen_core::Error::Key(_) | ineen_core::Error::PassphraseNeeded(_))) => Err(e),
            Err(e) => {
                *self.slot = Err(IpcError::from_core(&e, Lang::default()));
                *self.unlock = unlock;
                Err(e)
            }
        }
    }
}

/// A final version just made, and where its PDF was written.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct Finalised {
    pub version: EndReportVersion,
    pub path: String,
}

/// How far a batch export is.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct BatchProgress {
    pub done: usize,
    pub total: usize,
    pub child: String,
}

/// Declares the commands. Each entry is
/// `sync|worker fn name(ineen, arg: Type, …; channel: Channel<Message>) -> Result { body }`,
/// where `body` runs with `ineen: &mut Ineen` and returns the core's result.
/// A `sync` command runs on the main thread; a `worker` command is an async
/// command on Tauri's thread pool, for long work (the window stays responsive).
/// The optional channel streams messages to the window (e.g. progress).
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $mode:ident fn $name:ident($ineen:ident $(, $arg:ident: $ty:ty)* $(; $chan:ident: Channel<$msg:ty>)?)
            -> $ret:ty $body:block
    )*) => {
        $(command_fn!($mode [$($doc)*] $name($ineen $(, $arg: $ty)* $(; $chan: $msg)?) -> $ret $body);)*

        /// Every command's name, in declaration order.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The invoke handler with every command.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// Visits every type a command takes, returns or streams.
        pub fn visit_types(v: &mut impl ts_rs::TypeVisitor) {
            $(
                $(v.visit::<$ty>();)*
                v.visit::<$ret>();
                $(v.visit::<$msg>();)?
            )*
        }

        /// The TypeScript signature of every command, for `ui/src/lib/commands.ts`.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<Signature> {
            use ts_rs::TS;
            vec![$(
                Signature {
                    name: stringify!($name),
                    doc: vec![$($doc),*],
                    args: vec![$((stringify!($arg), <$ty as TS>::name(cfg))),*],
                    channel: None $(.or(Some((stringify!($chan), <$msg as TS>::name(cfg)))))?,
                    returns: <$ret as TS>::name(cfg),
                }
            ),*]
        }
    };
}

/// One command function; `worker` ones run off the main thread, and so do
/// `folder` ones, which get the data folder instead of the open store,
/// `state` ones, which get the window's state, and `window` ones, which get
/// the window's desktop (its dialogs, the file manager).
macro_rules! command_fn {
    (folder [$($doc:literal)*] $name:ident($ineen:ident $(, $arg:ident: $ty:ty)*) -> $ret:ty $body:block) => {
        $(#[doc = $doc])*
        #[tauri::command]
        pub async fn $name(state: State<'_, AppState> $(, $arg: $ty)*) -> Result<$ret, IpcError> {
            state.with_folder(|$ineen| $body)
        }
    };
    (state [$($doc:literal)*] $name:ident($state:ident $(, $arg:ident: $ty:ty)*) -> $ret:ty $body:block) => {
        $(#[doc = $doc])*
        #[tauri::command]
        pub async fn $name(state: State<'_, AppState> $(, $arg: $ty)*) -> Result<$ret, IpcError> {
            let $state: &AppState = state.inner();
            $body
        }
    };
    (window [$($doc:literal)*] $name:ident($w:ident $(, $arg:ident: $ty:ty)*) -> $ret:ty $body:block) => {
        $(#[doc = $doc])*
        #[tauri::command]
        pub async fn $name<R: tauri::Runtime>(
            app: tauri::AppHandle<R>,
            state: State<'_, AppState>
            $(, $arg: $ty)*
        ) -> Result<$ret, IpcError> {
            let $w = crate::files::Desk { app: &app, state: state.inner() };
            let result: Result<$ret, IpcError> = $body;
            result
        }
    };
    (sync [$($doc:literal)*] $name:ident($ineen:ident $(, $arg:ident: $ty:ty)* $(; $chan:ident: $msg:ty)?) -> $ret:ty $body:block) => {
        $(#[doc = $doc])*
        #[tauri::command]
        pub fn $name(
            state: State<'_, AppState>
            $(, $arg: $ty)*
            $(, $chan: tauri::ipc::Channel<$msg>)?
        ) -> Result<$ret, IpcError> {
            state.with(|$ineen| $body)
        }
    };
    (worker [$($doc:literal)*] $name:ident($ineen:ident $(, $arg:ident: $ty:ty)* $(; $chan:ident: $msg:ty)?) -> $ret:ty $body:block) => {
        $(#[doc = $doc])*
        #[tauri::command]
        pub async fn $name(
            state: State<'_, AppState>
            $(, $arg: $ty)*
            $(, $chan: tauri::ipc::Channel<$msg>)?
        ) -> Result<$ret, IpcError> {
            state.with(|$ineen| $body)
        }
    };
}

/// A command as TypeScript sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub name: &'static str,
    pub doc: Vec<&'static str>,
    /// (name, TypeScript type) of each argument, in order.
    pub args: Vec<(&'static str, String)>,
    /// A channel argument: (name, TypeScript type of its messages).
    pub channel: Option<(&'static str, String)>,
    pub returns: String,
}

commands! {
    /// The programmes, by name.
    sync fn list_programmes(i) -> Vec<Programme> { i.programmes() }

    /// Version, language, data folder and start-up problems.
    sync fn get_status(i) -> Status { i.status() }

    /// Switches the interface language and keeps the choice.
    sync fn set_language(i, language: Lang) -> Status {
        i.set_language(language)?;
        i.status()
    }

    /// Chooses the trainer who uses this device (none to clear).
    sync fn set_me(i, trainer_id: Option<Uuid>) -> Status {
        i.set_me(trainer_id)?;
        i.status()
    }

    // --- Runs and sessions ---------------------------------------------------

    /// All runs, newest first.
    sync fn list_runs(i) -> Vec<Run> { i.runs() }

    /// A run's sessions by date.
    sync fn run_sessions(i, run_id: Uuid) -> Vec<Session> { i.sessions(run_id) }

    /// Group-size, trainer-ratio and age warnings of a run.
    sync fn run_warnings(i, run_id: Uuid) -> Vec<RunWarning> { i.run_warnings(run_id) }

    /// The proposed schedule of a new run, holidays skipped.
    sync fn preview_schedule(
        i,
        programme_id: String,
        start_date: NaiveDate,
        weekday: u8,
        region: Option<Region>,
        free_days: Vec<FreePeriod>
    ) -> Vec<PlannedSession> {
        i.preview_schedule(&programme_id, start_date, weekday, region, &free_days)
    }

    /// Makes or changes a programme from the programme editor (saved as a
    /// curriculum file; `is_new` refuses an id in use).
    sync fn define_programme(i, programme: Programme, is_new: bool) -> Programme {
        i.save_programme(programme, is_new)
    }

    /// The schedule a programme in the editor would give: checked first, so
    /// a mistake comes back with its field.
    sync fn preview_programme(
        i,
        programme: Programme,
        start_date: NaiveDate,
        weekday: u8,
        region: Option<Region>
    ) -> Vec<PlannedSession> {
        i.preview_programme(&programme, start_date, weekday, region)
    }

    /// Creates a run with its trainers, free days and sessions.
    sync fn create_run(i, run: NewRun) -> Run { i.create_run(run) }

    /// The sessions of a day across all runs.
    sync fn sessions_on(i, date: NaiveDate) -> Vec<DaySession> { i.sessions_on(date) }

    /// The attendance grid of a run's child (or individual) track.
    sync fn attendance_grid(i, run_id: Uuid) -> AttendanceGrid { i.attendance_grid(run_id) }

    /// Marks a session held (refused while an indication is missing).
    sync fn hold_session(i, session_id: Uuid) -> Session { i.hold_session(session_id) }

    /// Cancels a session with a reason.
    sync fn cancel_session(i, session_id: Uuid, reason: String) -> Session { i.cancel_session(session_id, &reason) }

    /// Records attendance marks at a session, all or none.
    sync fn record_attendance(i, session_id: Uuid, marks: Vec<Mark>) -> Vec<Attendance> {
        i.record_attendance(session_id, &marks)
    }

    /// Everything the attendance screen of one session needs.
    sync fn session_sheet(i, session_id: Uuid) -> SessionSheet { i.session_sheet(session_id) }

    /// Removes an attendance mark (to undo one).
    sync fn clear_attendance(i, session_id: Uuid, enrolment_id: Uuid, person: Person) -> bool {
        i.clear_attendance(session_id, enrolment_id, person)
    }

    // --- People and enrolments -----------------------------------------------

    /// A page of the participants list: under way, or all (with school, group
    /// and status), filtered and sorted, with the whole list's length.
    sync fn participant_page(i, query: ListQuery) -> ParticipantPage { i.participant_page(&query) }

    /// Participants found by name (at most 20).
    sync fn search_participants(i, query: String) -> Vec<ParticipantHit> { i.search_participants(&query, 20) }

    /// A participant with their guardians and enrolments.
    sync fn participant_details(i, participant_id: Uuid) -> (Participant, Vec<Guardian>, Vec<EnrolmentSummary>) {
        i.participant_details(participant_id)
    }

    /// All enrolments, by participant name.
    sync fn list_enrolments(i) -> Vec<EnrolmentSummary> { i.enrolments() }

    /// Enrolments under way with at least one flag.
    sync fn flagged_enrolments(i) -> Vec<FlaggedEnrolment> { i.flagged_enrolments() }

    /// What needs attention on one enrolment (the same rule as its page).
    sync fn enrolment_flags(i, enrolment_id: Uuid) -> Vec<Flag> { i.enrolment_flags(enrolment_id) }

    /// The enrolment page.
    sync fn enrolment_overview(i, enrolment_id: Uuid) -> EnrolmentOverview { i.enrolment_overview(enrolment_id) }

    /// Enrols a participant in a run.
    sync fn enrol(i, enrolment: NewEnrolment) -> Enrolment { i.enrol(enrolment) }

    /// Records (or corrects) the indication of an enrolment.
    sync fn record_indication(
        i,
        enrolment_id: Uuid,
        number: String,
        issuer: String,
        from: NaiveDate,
        until: Option<NaiveDate>
    ) -> Enrolment {
        i.record_indication(enrolment_id, &number, &issuer, from, until)
    }

    /// Changes an enrolment's status (stopping needs a reason).
    sync fn set_enrolment_status(i, enrolment_id: Uuid, status: EnrolmentStatus, reason: Option<String>) -> Enrolment {
        i.set_enrolment_status(enrolment_id, status, reason.as_deref())
    }

    /// Records a goal score (−2 … +2).
    sync fn score_goal(i, goal_id: Uuid, date: NaiveDate, level: i8, note: Option<String>) -> GoalScore {
        i.score_goal(goal_id, date, level, note.as_deref())
    }

    /// Trainers and coordinators, by name.
    sync fn list_trainers(i) -> Vec<Trainer> { i.trainers() }

    /// Schools, by name.
    sync fn list_schools(i) -> Vec<School> { i.schools() }

    /// Saves a trainer (a nil id creates one); checked and trimmed by the core.
    sync fn save_trainer(i, record: Trainer) -> Trainer { i.upsert(record) }

    /// Saves a school.
    sync fn save_school(i, record: School) -> School { i.upsert(record) }

    /// Saves a participant.
    sync fn save_participant(i, record: Participant) -> Participant { i.upsert(record) }

    /// Saves a guardian.
    sync fn save_guardian(i, record: Guardian) -> Guardian { i.upsert(record) }

    /// Saves a consent.
    sync fn save_consent(i, record: Consent) -> Consent { i.save_consent(record) }

    /// Saves a contact.
    sync fn save_contact(i, record: Contact) -> Contact { i.save_contact(record) }

    /// Saves a goal.
    sync fn save_goal(i, record: Goal) -> Goal { i.upsert(record) }

    /// Saves a measurement.
    sync fn save_measurement(i, record: Measurement) -> Measurement { i.upsert(record) }

    /// Saves an observation.
    sync fn save_observation(i, record: Observation) -> Observation { i.upsert(record) }

    /// Saves a tip.
    sync fn save_tip(i, record: Tip) -> Tip { i.upsert(record) }

    // --- Reports -------------------------------------------------------------

    /// Writes an end report as PDF into the data folder; returns its path.
    sync fn export_end_report(i, enrolment_id: Uuid, audience: ReportAudience) -> String {
        i.export_end_report(enrolment_id, audience)
    }

    /// Writes the Word copy of an end report; returns its path.
    sync fn export_end_report_docx(i, enrolment_id: Uuid, audience: ReportAudience) -> String {
        i.export_end_report_docx(enrolment_id, audience)
    }

    /// Writes the teacher-tips handout (HTML) of one enrolment; returns its path.
    sync fn export_tips_handout(i, enrolment_id: Uuid) -> String { i.export_tips_handout(enrolment_id) }

    /// The end report's pages as SVG, for the preview.
    sync fn report_preview(i, enrolment_id: Uuid, audience: ReportAudience) -> Vec<String> {
        i.end_report_preview(enrolment_id, audience)
    }

    /// The tip library for an enrolment's programme.
    sync fn tip_library(i, enrolment_id: Uuid) -> Vec<LibraryTip> { i.tip_library(enrolment_id) }

    /// Selects a library tip for an enrolment (its text is copied).
    sync fn select_library_tip(i, enrolment_id: Uuid, tip_id: String) -> Tip {
        i.select_library_tip(enrolment_id, &tip_id)
    }

    /// Removes a tip from an enrolment.
    sync fn remove_tip(i, tip_id: Uuid) -> () { i.remove_tip(tip_id) }

    /// Freezes the end report as the next final version.
    sync fn finalise_end_report(i, enrolment_id: Uuid, audience: ReportAudience) -> Finalised {
        i.finalise_end_report(enrolment_id, audience).map(|(version, path)| Finalised { version, path })
    }

    /// The final versions of an enrolment's reports, newest first.
    sync fn final_reports(i, enrolment_id: Uuid) -> Vec<EndReportVersion> { i.final_reports(enrolment_id) }

    /// Saves a final version's PDF again, from its frozen content.
    sync fn export_final_report(i, version_id: Uuid) -> String { i.export_final_report(version_id) }

    /// Asks where to save a report or export just written into the report
    /// folder (the save dialog, opening there) and puts it there; null when
    /// the user cancels, and then the file is wiped.
    window fn ask_save_as(w, path: String, title: String) -> Option<String> { w.save_as(Path::new(&path), &title) }

    /// Asks where files just written together (an inzage, a group's reports)
    /// go, in the folder dialog, and moves them there; `None` when cancelled.
    window fn ask_save_in_folder(w, paths: Vec<String>, title: String) -> Option<SavedFiles> {
        w.save_in_folder(&paths.iter().map(PathBuf::from).collect::<Vec<_>>(), &title)
    }

    /// Opens a saved report or export in its program (only files Ineen wrote).
    window fn open_file(w, path: String) -> () { w.open(Path::new(&path)) }

    /// Shows a saved report or export in the file manager (only files Ineen wrote).
    window fn show_in_folder(w, path: String) -> () { w.reveal(Path::new(&path)) }

    /// Writes the teacher tips of every child of a run (with consent and tips) as one HTML file.
    sync fn export_run_tips(i, run_id: Uuid) -> BatchResult { i.export_run_tips(run_id) }

    /// What importing the export file at `path` would change; nothing
    /// changes. An encrypted file needs the `passphrase` it was made with.
    /// How far it is streams to `on_progress`.
    worker fn review_import(i, path: String, passphrase: Option<String>; on_progress: Channel<Progress>) -> ImportReview {
        let bytes = ineen_core::ineen::read_import_file(Path::new(&path))?;
        let bytes = ineen_core::ineen::open_export(bytes, passphrase.as_deref())?;
        i.review_import_with(&bytes, false, &|p| drop(on_progress.send(p)))
    }

    /// Imports the export file at `path` (after its review); says what it
    /// changed. How far it is streams to `on_progress`.
    worker fn import_file(i, path: String, passphrase: Option<String>; on_progress: Channel<Progress>) -> ImportReview {
        let bytes = ineen_core::ineen::read_import_file(Path::new(&path))?;
        let bytes = ineen_core::ineen::open_export(bytes, passphrase.as_deref())?;
        i.review_import_with(&bytes, true, &|p| drop(on_progress.send(p)))
    }

    /// The backups in the data folder, newest first.
    sync fn list_backups(i) -> Vec<BackupInfo> { i.backups() }

    /// The backups that pass their check, newest first; also while the
    /// store is damaged and did not open.
    folder fn good_backups(f) -> Vec<BackupInfo> { Ok(ineen_core::ineen::good_backups(f.dir, &f.key()?)) }

    /// Makes a checked backup now; returns where it went.
    worker fn make_backup(i) -> BackupMade { i.backup(None) }

    // --- The coordinator's desk ------------------------------------------------

    /// Every group of a school year ("2026-2027"; null: the current one)
    /// with each child's attendance, flags, missing contacts and end-report state.
    sync fn overview(i, school_year: Option<String>) -> Overview { i.overview(school_year.as_deref()) }

    /// Records (or corrects) a ZAT meeting at a school.
    sync fn save_zat_meeting(i, record: ZatMeeting) -> ZatMeeting { i.save_zat_meeting(record) }

    /// Marks a final end report sent (when, how, to whom); logged.
    sync fn mark_report_sent(i, mark: MarkSent) -> EndReportVersion { i.mark_report_sent(mark) }

    /// Writes the overview as CSV or XLSX into the report folder; returns the path.
    worker fn export_overview_file(i, school_year: Option<String>, xlsx: bool) -> String {
        i.save_overview(school_year.as_deref(), xlsx)
    }

    /// The figures of a school year (null: the current one), per programme,
    /// region, school and trainer.
    sync fn figures(i, school_year: Option<String>) -> Figures { i.figures(school_year.as_deref()) }

    /// Writes the figures (the yearly report as PDF, or XLSX, CSV) into the
    /// report folder; returns the path.
    worker fn export_figures_file(i, school_year: Option<String>, format: FiguresFormat) -> String {
        i.save_figures(school_year.as_deref(), format)
    }

    /// Writes an iCalendar file of a trainer's groups or of one group into
    /// the report folder (children named only with `names`); returns the path.
    worker fn export_calendar(i, of: CalendarOf, names: bool) -> String { i.save_calendar(of, names) }

    // --- Privacy over a dossier's life ----------------------------------------

    /// Every dossier with the day it is kept until (those whose period ended first).
    sync fn retention(i) -> Vec<RetentionItem> { i.retention() }

    /// The organisation's retention period in years.
    sync fn retention_years(i) -> u32 { i.retention_years() }

    /// Sets the organisation's retention period (1–100 years).
    sync fn set_retention_years(i, years: u32) -> u32 { i.set_retention_years(years) }

    /// Erases a child's dossier everywhere (confirmed by the typed name).
    worker fn erase_dossier(i, request: EraseRequest) -> ErasureDone { i.erase(request) }

    /// The erasures made here or on the team's other laptops.
    sync fn erasures(i) -> Vec<Erasure> { i.erasures() }

    /// The items of a child's file that may hold others' data, for the
    /// review before an access request.
    sync fn inzage_items(i, participant_id: Uuid) -> Vec<InzageItem> { i.inzage_items(participant_id) }

    /// Writes the access request (PDF and JSON) into the report folder.
    worker fn export_inzage(i, participant_id: Uuid, exclude: Vec<Uuid>) -> InzageFiles {
        i.export_inzage(participant_id, &exclude, None)
    }

    /// The audit log, newest first, filtered.
    sync fn audit_log(i, filter: AuditFilter) -> Vec<AuditLine> { i.audit_lines(&filter) }

    /// Checks the audit's hash chain.
    sync fn verify_audit(i) -> AuditCheck { i.verify_audit() }

    /// Writes the (filtered) audit log as CSV into the report folder.
    sync fn export_audit_csv(i, filter: AuditFilter) -> String { i.export_audit_csv(&filter) }

    /// How backups are kept: days, weeks and the second folder.
    sync fn backup_settings(i) -> BackupSettings { i.backup_settings() }

    /// Chooses how backups are kept.
    sync fn set_backup_settings(i, settings: BackupSettings) -> BackupSettings { i.set_backup_settings(&settings) }

    /// Puts a backup back (checked first; the current store is kept as a
    /// backup), then reopens the data folder on it.
    /// Works also while the store is damaged and did not open.
    folder fn restore_backup(f, path: String) -> Status { f.restore(Path::new(&path)) }

    /// Opens the data folder with its recovery passphrase (on a laptop whose
    /// keyring does not have its key), or chooses it for a new data folder
    /// (or one of an older Ineen, which is then encrypted).
    folder fn unlock_folder(f, passphrase: String) -> Status { f.unlock(passphrase) }

    /// The window's lock: whether a PIN is set, and the idle time.
    sync fn app_lock(i) -> AppLock { i.app_lock() }

    /// Chooses the idle time and a PIN (4–12 digits; empty removes it, null keeps it).
    worker fn set_app_lock(i, pin: Option<String>, idle_seconds: u32) -> AppLock {
        i.set_app_lock(pin.as_deref(), idle_seconds)
    }

    /// Locks the window (idle, or Ctrl+L): every command but the unlock is refused.
    state fn lock_window(s) -> () {
        s.lock();
        Ok(())
    }

    /// Unlocks the window with the PIN or the recovery passphrase.
    state fn unlock_window(s, secret: String) -> () {
        s.unlock_window(&secret)
    }

    /// Seals the data key with a new recovery passphrase, once the current
    /// one opens it (the data is not re-encrypted).
    worker fn change_passphrase(i, current: String, next: String) -> () { i.change_passphrase(&current, &next) }

    /// The team: its laptops, the sync folder, what is not yet shared, open conflicts.
    sync fn team(i) -> Team { i.team() }

    /// Makes a new team with this laptop as its first member.
    sync fn create_team(i, name: String, me: String, role: Role) -> Team { i.create_team(&name, &me, role) }

    /// Invites a colleague's laptop: the code (and invite file text) to give her.
    sync fn invite_device(i, name: String, role: Role) -> Invitation { i.invite(&name, role) }

    /// Asks to join a team with an invite code (or the invite file's text).
    sync fn join_team(i, code: String, me: String) -> Team { i.join_team(&code, &me) }

    /// Removes a (lost) laptop from the team.
    sync fn remove_device(i, device: String) -> Team { i.remove_device(&device) }

    /// Chooses the shared sync folder.
    sync fn set_sync_folder(i, folder: String) -> Team {
        i.set_sync_folder(Path::new(&folder))?;
        i.team()
    }

    /// Puts this laptop's changes into the sync folder and takes in the
    /// others'. Off the main thread: a first snapshot can take a while.
    worker fn sync_now(i; on_progress: Channel<Progress>) -> SyncReport { i.sync_with(None, &|p| drop(on_progress.send(p))) }

    /// Every open conflict, as a trainer reads it.
    sync fn list_conflicts(i) -> Vec<ConflictView> { i.conflicts() }

    /// The open conflicts of one enrolment's records.
    sync fn enrolment_conflicts(i, enrolment_id: Uuid) -> Vec<ConflictView> { i.conflicts_of_enrolment(enrolment_id) }

    /// Settles a conflict with the value in use, the other one, or a new value;
    /// the choice travels to every laptop.
    sync fn resolve_conflict(i, id: String, take: Take) -> () { i.resolve_conflict(&id, &take) }

    /// Writes every school end report of a run into a new folder under the
    /// data folder, telling the window after each one. Runs off the main
    /// thread so the window stays responsive and shows the progress.
    worker fn export_run_reports(i, run_id: Uuid; on_progress: Channel<BatchProgress>) -> BatchResult {
        i.export_run_reports(run_id, |done, total, child| {
            // A closed window just stops hearing about it.
            let _ = on_progress.send(BatchProgress { done, total, child: child.to_string() });
        })
    }
}
