//! The documented, versioned JSON export of all records, and its import.
//!
//! Format `ineen-export`, version 2; JSON Schema in
//! `assets/schema/ineen-export-v2.schema.json` (generated from these types,
//! checked by a test). Each record is `{"sync": {hlc, device, seq, deleted,
//! fields}, "data": {...}}` — the version of every field —; tables come in
//! dependency order, records by id; then the open conflicts and the version
//! vector the export covers. The export holds no time of its own, so
//! exporting the same data twice gives the same bytes; two devices that
//! have taken in the same changes export the same bytes. A snapshot for a
//! new team member is this export, sealed.
//!
//! An import is checked completely first (shape, stamps, references) and
//! then merged in one transaction, field by field, by the same rule as a
//! sync bundle: nothing is silently overwritten, a value the other side had
//! not seen becomes an open conflict. A bad file changes nothing, and its
//! error names the JSON path at fault. Version 1 files (whole-record
//! stamps) are still read: their values meet the local ones as conflicts.

use std::collections::{BTreeMap, HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Ineen;
use crate::clock::Hlc;
use crate::error::{Error, Result};
use crate::model::*;
use crate::progress::{OnProgress, Stage, Ticker};
use crate::store::records::{Conflict, Incoming, Merged, Meta, Tx, Version, Vv};

pub const EXPORT_FORMAT: &str = "ineen-export";
pub const EXPORT_VERSION: u32 = 2;

/// One record with its sync state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record<E> {
    pub sync: Meta,
    pub data: E,
}

/// The whole export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always "ineen-export".
    pub format: String,
    /// The format version: 2 (1 is still read).
    pub version: u32,
    pub records: Records,
    /// Values that lost to a concurrent change and wait for a person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// How far this export covers each device's log.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vv: BTreeMap<Uuid, u64>,
}

macro_rules! records {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// All records, one list per table, in dependency order.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Records {
            $(#[serde(default)] pub $field: Vec<Record<$ty>>,)*
        }

        impl Records {
            /// Reads every table, telling `ticker` after each.
            fn read(ineen: &Ineen, ticker: &mut Ticker<'_>) -> Result<Records> {
                let mut tables = 0;
                Ok(Records {
                    $($field: {
                        let rows = ineen.store.export_all::<$ty>()?.into_iter().map(|(data, sync)| Record { sync, data }).collect();
                        tables += 1;
                        ticker.at(tables);
                        rows
                    },)*
                })
            }

            /// How many tables an export has.
            const TABLES: usize = [$(stringify!($field)),*].len();

            /// Every (table, index, record) for the checks, in order.
            fn visit(&self, mut f: impl FnMut(&'static str, &'static str, usize, &Meta, Uuid, Vec<(&'static str, &'static str, Uuid)>) -> Result<()>) -> Result<()> {
                $(for (i, r) in self.$field.iter().enumerate() {
                    f(stringify!($field), <$ty as Entity>::TABLE, i, &r.sync, r.data.id(), r.data.refs())?;
                })*
                Ok(())
            }

            /// Merges every record into the store; returns how many changed
            /// and how many conflicts opened. With `seen`, every changed
            /// record's row before and after goes into it (for the review).
            fn merge(
                &self,
                tx: &mut Tx<'_>,
                conflicts: &HashMap<Uuid, Vec<Incoming>>,
                theirs: &Vv,
                ours: &Vv,
                mut seen: Option<&mut Vec<Seen>>,
                ticker: &mut Ticker<'_>,
            ) -> Result<(usize, usize)> {
                let (mut changed, mut opened, mut done) = (0, 0, 0);
                $(for (i, r) in self.$field.iter().enumerate() {
                    done += 1;
                    ticker.at(done);
                    let table = <$ty as Entity>::TABLE;
                    let before = if seen.is_some() { tx.row(table, r.data.id())? } else { None };
                    let merged = merge_record::<$ty>(tx, (stringify!($field), i), &r.data, &r.sync, conflicts, theirs, ours)?;
                    if merged != Merged::default() {
                        changed += 1;
                        opened += merged.conflicts;
                        if let Some(seen) = seen.as_mut() {
                            seen.push(Seen { table, before, after: tx.row(table, r.data.id())? });
                        }
                    }
                })*
                Ok((changed, opened))
            }

            /// How many records per table.
            pub fn total(&self) -> usize {
                0 $(+ self.$field.len())*
            }

            /// How many records per table.
            pub fn counts(&self) -> Vec<(&'static str, usize)> {
                vec![$((<$ty as Entity>::TABLE, self.$field.len()),)*]
            }
        }
    };
}

/// The check of a merged row of `table` (for sync bundles), by table name.
pub(crate) type RowCheck = fn(&serde_json::Map<String, serde_json::Value>) -> std::result::Result<(), String>;

macro_rules! by_table {
    ($($ty:ty),* $(,)?) => {
        pub(crate) fn check_for(table: &str) -> Option<(&'static str, RowCheck)> {
            $(if table == <$ty as Entity>::TABLE {
                return Some((<$ty as Entity>::TABLE, check::<$ty> as RowCheck));
            })*
            None
        }

        /// Gives one field of a record a value chosen in a conflict review.
        pub(crate) fn put_field(tx: &mut Tx<'_>, table: &str, id: Uuid, field: &str, value: serde_json::Value) -> Result<()> {
            $(if table == <$ty as Entity>::TABLE {
                return put_field_of::<$ty>(tx, id, field, value);
            })*
            Err(crate::sync::SyncError::BadValue(format!("unknown table {table}")).into())
        }
    };
}

by_table!(
    Organisation,
    Trainer,
    School,
    Participant,
    Guardian,
    Run,
    RunTrainer,
    RunHoliday,
    Enrolment,
    Consent,
    Session,
    Attendance,
    Contact,
    Goal,
    GoalScore,
    Measurement,
    Observation,
    Tip,
    EndReportVersion,
    ZatMeeting,
    ProgrammeFile,
    Erasure,
);

fn put_field_of<E: Entity>(tx: &mut Tx<'_>, id: Uuid, field: &str, value: serde_json::Value) -> Result<()> {
    use crate::store::records::DELETED;
    use crate::sync::SyncError;
    let record: E = tx.get_any(id)?.ok_or_else(|| SyncError::BadValue(format!("{} {id} is gone", E::TABLE)))?;
    if field == DELETED {
        if value.as_bool() == Some(true) {
            tx.delete::<E>(id)?;
        } else {
            tx.put_choosing(&record, &[])?;
        }
        return Ok(());
    }
    let mut row = match serde_json::to_value(&record).map_err(crate::store::StoreError::from)? {
        serde_json::Value::Object(map) => map,
        _ => return Err(SyncError::BadValue(E::TABLE.into()).into()),
    };
    if !row.contains_key(field) || field == "id" {
        return Err(SyncError::BadValue(format!("{} has no field {field}", E::TABLE)).into());
    }
    row.insert(field.to_string(), value);
    let chosen: E =
        serde_json::from_value(serde_json::Value::Object(row)).map_err(|e| SyncError::BadValue(e.to_string()))?;
    tx.put_choosing(&chosen, &[field])?;
    Ok(())
}

records! {
    organisations: Organisation,
    trainers: Trainer,
    schools: School,
    participants: Participant,
    guardians: Guardian,
    runs: Run,
    run_trainers: RunTrainer,
    run_holidays: RunHoliday,
    enrolments: Enrolment,
    consents: Consent,
    sessions: Session,
    attendance: Attendance,
    contacts: Contact,
    goals: Goal,
    goal_scores: GoalScore,
    measurements: Measurement,
    observations: Observation,
    tips: Tip,
    end_reports: EndReportVersion,
    zat_meetings: ZatMeeting,
    programme_files: ProgrammeFile,
    erasures: Erasure,
}

impl Ineen {
    /// All records, tombstones included, with the version of every field.
    /// Changes made here since the last bundle are closed into this
    /// device's log first, so that the export's versions are final.
    pub fn export(&mut self) -> Result<Export> {
        self.export_with(&crate::progress::quiet)
    }

    /// [`Ineen::export`], telling `on` how far it is.
    pub fn export_with(&mut self, on: OnProgress<'_>) -> Result<Export> {
        self.close_pending()?;
        let records = Records::read(self, &mut Ticker::new(on, Stage::Reading, Records::TABLES))?;
        let total: usize = records.counts().iter().map(|(_, n)| n).sum();
        self.store.write(|tx| tx.audit("export", None, None, Some(&format!("{total} records"))))?;
        let conflicts = self.store.conflicts()?;
        let vv = self.store.vv()?;
        Ok(Export { format: EXPORT_FORMAT.into(), version: EXPORT_VERSION, records, conflicts, vv })
    }

    /// The export as pretty JSON text.
    pub fn export_json(&mut self) -> Result<String> {
        self.export_json_with(&crate::progress::quiet)
    }

    /// [`Ineen::export_json`], telling `on` how far it is.
    pub fn export_json_with(&mut self, on: OnProgress<'_>) -> Result<String> {
        let export = self.export_with(on)?;
        let mut text = serde_json::to_string_pretty(&export).map_err(crate::store::StoreError::from)?;
        text.push('\n');
        Ok(text)
    }

    /// Checks an export file completely, then merges it in one transaction.
    /// Returns how many records took a change.
    pub fn import_json(&mut self, text: &str) -> Result<usize> {
        self.import(&parse_export(text)?)
    }

    /// Checks a parsed export completely, then merges it in one transaction
    /// (a snapshot for a new team member arrives this way).
    pub fn import(&mut self, export: &Export) -> Result<usize> {
        self.import_with(export, &crate::progress::quiet)
    }

    /// [`Ineen::import`], telling `on` how far it is.
    pub fn import_with(&mut self, export: &Export, on: OnProgress<'_>) -> Result<usize> {
        Ok(self.merge_export(export, Apply::Yes, None, on)?.0)
    }

    /// What importing `bytes` would do — per table new, changed and deleted
    /// records, and apart every audience widened, consent added or
    /// withdrawn and programme changed — with `apply` done, or only
    /// rehearsed (nothing changes).
    pub fn review_import(&mut self, bytes: &[u8], apply: bool) -> Result<ImportReview> {
        self.review_import_with(bytes, apply, &crate::progress::quiet)
    }

    /// [`Ineen::review_import`], telling `on` how far it is.
    pub fn review_import_with(&mut self, bytes: &[u8], apply: bool, on: OnProgress<'_>) -> Result<ImportReview> {
        let export = parse_export(export_text(bytes)?)?;
        let mut seen = Vec::new();
        let (changed, conflicts) =
            self.merge_export(&export, if apply { Apply::Yes } else { Apply::Rehearse }, Some(&mut seen), on)?;
        let lang = self.language()?;
        super::review::review(self, &export, &seen, changed, conflicts, apply, lang)
    }

    fn merge_export(
        &mut self,
        export: &Export,
        apply: Apply,
        seen: Option<&mut Vec<Seen>>,
        on: OnProgress<'_>,
    ) -> Result<(usize, usize)> {
        let today = self.today();
        self.check_import(export, today, &mut Ticker::new(on, Stage::Checking, export.records.total()))?;
        self.close_pending()?;
        let total: usize = export.records.counts().iter().map(|(_, n)| n).sum();
        let mut conflicts: HashMap<Uuid, Vec<Incoming>> = HashMap::new();
        for (i, c) in export.conflicts.iter().enumerate() {
            let version = Version::decode(&c.version).ok_or_else(|| {
                import_error(format!("conflicts[{i}].version"), format!("'{}' is not a version", c.version))
            })?;
            conflicts.entry(c.record).or_default().push(Incoming {
                field: c.field.clone(),
                value: c.value.clone(),
                version,
            });
        }
        let work = |tx: &mut Tx<'_>| -> Result<(usize, usize)> {
            let ours = tx.vv()?;
            let mut ticker = Ticker::new(on, Stage::Merging, total);
            let (changed, opened) = export.records.merge(tx, &conflicts, &export.vv, &ours, seen, &mut ticker)?;
            for (device, seq) in &export.vv {
                tx.advance(*device, *seq)?;
            }
            tx.audit("import", None, None, Some(&format!("{changed} of {total} records changed")))?;
            Ok((changed, opened))
        };
        match apply {
            Apply::Yes => {
                let done = self.store.write(work)?;
                self.adopt_shared_programmes()?;
                Ok(done)
            }
            Apply::Rehearse => self.store.rehearse(work),
        }
    }

    fn check_import(&self, export: &Export, today: chrono::NaiveDate, ticker: &mut Ticker<'_>) -> Result<()> {
        let mut ids: HashSet<(&'static str, Uuid)> = HashSet::new();
        export.records.visit(|field, table, i, meta, id, _| {
            if Hlc::decode(&meta.hlc).is_none() {
                return Err(import_error(
                    format!("records.{field}[{i}].sync.hlc"),
                    format!("'{}' is not a clock stamp of 16 hex digits", meta.hlc),
                ));
            }
            for (name, version) in &meta.fields {
                if Version::decode(version).is_none() {
                    return Err(import_error(
                        format!("records.{field}[{i}].sync.fields.{name}"),
                        format!("'{version}' is not a version (stamp, device, bundle)"),
                    ));
                }
            }
            if !ids.insert((table, id)) {
                return Err(import_error(format!("records.{field}[{i}].data.id"), format!("{id} appears twice")));
            }
            Ok(())
        })?;
        let mut checked = 0;
        export.records.visit(|field, _, i, _, _, refs| {
            checked += 1;
            ticker.at(checked);
            for (name, target, id) in refs {
                if !ids.contains(&(target, id)) && !self.store.exists(target, id)? {
                    return Err(import_error(
                        format!("records.{field}[{i}].data.{name}"),
                        format!("refers to {target} {id}, which is neither in the file nor in Ineen"),
                    ));
                }
            }
            Ok(())
        })?;
        self.check_domain(export, today)?;
        for (i, r) in export.records.end_reports.iter().enumerate() {
            if let Err(why) = crate::rules::final_version_sound(&r.data) {
                return Err(import_error(format!("records.end_reports[{i}].data"), why));
            }
        }
        for (i, run) in export.records.runs.iter().enumerate() {
            if self.store.programme(&run.data.programme_id)?.is_none() {
                return Err(import_error(
                    format!("records.runs[{i}].data.programme_id"),
                    format!("programme '{}' is unknown here; add its curriculum file first", run.data.programme_id),
                ));
            }
        }
        Ok(())
    }
}

/// Merges one exported record (and its conflicts) into the store.
fn merge_record<E: Entity>(
    tx: &mut Tx<'_>,
    (list, i): (&str, usize),
    record: &E,
    meta: &Meta,
    conflicts: &HashMap<Uuid, Vec<Incoming>>,
    theirs: &Vv,
    ours: &Vv,
) -> Result<Merged> {
    let fields = match serde_json::to_value(record).map_err(crate::store::StoreError::from)? {
        serde_json::Value::Object(map) => map,
        _ => return Ok(Merged::default()),
    };
    // No text may carry control or bidirectional-override characters (a NUL
    // breaks the Word copy, an override turns labels around); free texts
    // may break lines. A final version's kept JSON is checked by its hash.
    for (name, value) in &fields {
        let Some(text) = value.as_str() else { continue };
        let multiline = FREE_TEXTS.contains(&name.as_str());
        if name == "content" {
            continue;
        }
        if !text.chars().all(|c| crate::validate::char_allowed(c, multiline)) {
            return Err(import_error(
                format!("records.{list}[{i}].data.{name}"),
                format!("\"{}\" holds a control or direction-override character", text.escape_debug()),
            ));
        }
        // As long as a save allows (a name of a megabyte would break every page).
        let max = if multiline { crate::validate::TEXT_MAX } else { crate::validate::LINE_MAX };
        if text.chars().count() > max {
            return Err(import_error(
                format!("records.{list}[{i}].data.{name}"),
                format!("longer than the {max} characters a save allows"),
            ));
        }
    }
    let versions = meta.versions(fields.keys().filter(|k| *k != "id").cloned())?;
    let mut incoming: Vec<Incoming> = Vec::with_capacity(versions.len());
    for (name, version) in versions {
        let value = if name == crate::store::records::DELETED {
            serde_json::Value::Bool(meta.deleted)
        } else {
            fields.get(&name).cloned().unwrap_or(serde_json::Value::Null)
        };
        incoming.push(Incoming { field: name, value, version });
    }
    if let Some(open) = conflicts.get(&record.id()) {
        incoming.extend(open.iter().cloned());
    }
    // A row that came out as the record itself is valid; only a mix of
    // values from both sides needs checking.
    let same = |row: &serde_json::Map<String, serde_json::Value>| {
        if *row == fields {
            Ok(())
        } else {
            check::<E>(row)
        }
    };
    // A value the tables refuse (one that only a conflict carried, say) is
    // named by its place in the file, in words, not in SQLite's.
    tx.merge(E::TABLE, record.id(), &incoming, theirs, ours, &same).map_err(|e| match e.broken() {
        Some((field, broken)) => import_error(
            match field {
                Some(f) => format!("records.{list}[{i}].data.{f}"),
                None => format!("records.{list}[{i}].data"),
            },
            broken.text(crate::i18n::Lang::En).to_string(),
        ),
        None => e.into(),
    })
}

/// Whether a merged row is still a valid record of its kind (a final
/// report version also sound: its content matches its hash).
pub(crate) fn check<E: Entity>(row: &serde_json::Map<String, serde_json::Value>) -> std::result::Result<(), String> {
    serde_json::from_value::<E>(serde_json::Value::Object(row.clone())).map_err(|e| e.to_string())?;
    // The text rules of a save hold for what arrives from elsewhere too.
    for (name, value) in row {
        let Some(text) = value.as_str().filter(|_| name != "content") else { continue };
        let multiline = FREE_TEXTS.contains(&name.as_str());
        let max = if multiline { crate::validate::TEXT_MAX } else { crate::validate::LINE_MAX };
        if !text.chars().all(|c| crate::validate::char_allowed(c, multiline)) || text.chars().count() > max {
            return Err(format!("{name}: a control character, a direction override or too long"));
        }
    }
    if E::TABLE == EndReportVersion::TABLE {
        let version: EndReportVersion =
            serde_json::from_value(serde_json::Value::Object(row.clone())).map_err(|e| e.to_string())?;
        crate::rules::final_version_sound(&version)?;
    }
    Ok(())
}

impl Ineen {
    /// What the tables cannot say: a contact or mark belongs to its own
    /// group's enrolment, a child is enrolled once per group, numbers are sane.
    fn check_domain(&self, export: &Export, today: chrono::NaiveDate) -> Result<()> {
        let r = &export.records;
        let enrolments: HashMap<Uuid, &Enrolment> = r.enrolments.iter().map(|e| (e.data.id, &e.data)).collect();
        let sessions: HashMap<Uuid, &Session> = r.sessions.iter().map(|s| (s.data.id, &s.data)).collect();
        let run_of_enrolment = |id: Uuid| -> Result<Option<Uuid>> {
            Ok(match enrolments.get(&id) {
                Some(e) => Some(e.run_id),
                None => self.store.get_any::<Enrolment>(id)?.map(|e| e.run_id),
            })
        };
        for (i, c) in r.contacts.iter().enumerate() {
            if let Some(e) = c.data.enrolment_id {
                if run_of_enrolment(e)?.is_some_and(|run| run != c.data.run_id) {
                    return Err(import_error(
                        format!("records.contacts[{i}].data.enrolment_id"),
                        "the enrolment belongs to another group than the contact".into(),
                    ));
                }
            }
        }
        for (i, a) in r.attendance.iter().enumerate() {
            let session_run = match sessions.get(&a.data.session_id) {
                Some(s) => Some(s.run_id),
                None => self.store.get_any::<Session>(a.data.session_id)?.map(|s| s.run_id),
            };
            if session_run.is_some() && session_run != run_of_enrolment(a.data.enrolment_id)? {
                return Err(import_error(
                    format!("records.attendance[{i}].data.enrolment_id"),
                    "the enrolment belongs to another group than the session".into(),
                ));
            }
        }
        let mut seen: HashMap<(Uuid, Uuid), Uuid> = HashMap::new();
        for (i, e) in r.enrolments.iter().enumerate().filter(|(_, e)| !e.sync.deleted) {
            let key = (e.data.run_id, e.data.participant_id);
            let here = self.store.enrolment_in_run(key.0, key.1)?.map(|x| x.id).filter(|id| *id != e.data.id);
            let twice = seen.insert(key, e.data.id).is_some_and(|other| other != e.data.id);
            if twice || here.is_some_and(|id| !enrolments.contains_key(&id)) {
                return Err(import_error(
                    format!("records.enrolments[{i}].data.participant_id"),
                    "this child is already enrolled in this group".into(),
                ));
            }
        }
        for (i, s) in r.sessions.iter().enumerate() {
            if !(1..=crate::curriculum::MAX_SESSIONS).contains(&s.data.number) {
                return Err(import_error(
                    format!("records.sessions[{i}].data.number"),
                    format!(
                        "session number {} is not between 1 and {}",
                        s.data.number,
                        crate::curriculum::MAX_SESSIONS
                    ),
                ));
            }
        }
        for (i, run) in r.runs.iter().enumerate() {
            if !(1..=7).contains(&run.data.weekday) {
                return Err(import_error(
                    format!("records.runs[{i}].data.weekday"),
                    format!("weekday {} is not between 1 (Monday) and 7 (Sunday)", run.data.weekday),
                ));
            }
        }
        let oldest = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
        for (i, p) in r.participants.iter().enumerate() {
            if p.data.birth_date < oldest || p.data.birth_date > today {
                return Err(import_error(
                    format!("records.participants[{i}].data.birth_date"),
                    format!("{} is not a possible date of birth (after 1900, not after today)", p.data.birth_date),
                ));
            }
        }
        for (i, g) in r.goals.iter().enumerate() {
            if !(1..=5).contains(&g.data.weight) {
                return Err(import_error(
                    format!("records.goals[{i}].data.weight"),
                    format!("weight {} is not between 1 and 5", g.data.weight),
                ));
            }
        }
        for (i, g) in r.goal_scores.iter().enumerate() {
            if !(-2..=2).contains(&g.data.level) {
                return Err(import_error(
                    format!("records.goal_scores[{i}].data.level"),
                    format!("level {} is not between -2 and +2", g.data.level),
                ));
            }
        }
        Ok(())
    }

    /// Reads an export file's bytes: at most [`MAX_IMPORT`], UTF-8 (a
    /// byte-order mark is skipped), then as [`Ineen::import_json`].
    pub fn import_bytes(&mut self, bytes: &[u8]) -> Result<usize> {
        self.import_json(export_text(bytes)?)
    }
}

/// Whether a merge is kept or only rehearsed (for the review).
#[derive(Clone, Copy)]
enum Apply {
    Yes,
    Rehearse,
}

/// One record an import changed: its row before and after.
pub(crate) struct Seen {
    pub table: &'static str,
    pub before: Option<serde_json::Map<String, serde_json::Value>>,
    pub after: Option<serde_json::Map<String, serde_json::Value>>,
}

pub use super::review::{ImportReview, TableChanges};

/// Reads an export file: a regular file of at most [`MAX_IMPORT`] bytes
/// (a FIFO or a device would hang, a huge file exhaust memory).
pub fn read_import_file(path: &std::path::Path) -> Result<Vec<u8>> {
    let file_error = |source| Error::File { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(file_error)?;
    if !meta.is_file() {
        return Err(Error::OutputRefused { path: path.to_path_buf(), why: crate::files::Refused::NotAFile });
    }
    if meta.len() > MAX_IMPORT {
        return Err(import_error(
            "(file)".into(),
            format!("{} MB is more than an export can be ({} MB)", meta.len() >> 20, MAX_IMPORT >> 20),
        ));
    }
    std::fs::read(path).map_err(file_error)
}

/// An export file's text: at most [`MAX_IMPORT`] bytes, UTF-8 (a byte-order
/// mark is skipped); an error names the line and byte.
/// How an export file encrypted with age begins.
const AGE_HEADER: &[u8] = b"age-encryption.org/v1";

/// Whether an export file is encrypted.
pub fn is_sealed_export(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_HEADER)
}

/// An export encrypted with age to a passphrase (scrypt): what leaves the
/// laptop is unreadable without it.
pub fn seal_export(text: &str, passphrase: &str) -> Result<Vec<u8>> {
    use std::io::Write;
    if passphrase.trim().chars().count() < crate::keys::MIN_PASSPHRASE {
        return Err(crate::keys::KeyError::TooShort.into());
    }
    let failed = |e: String| Error::from(crate::keys::KeyError::Crypto(e));
    let encryptor = age::Encryptor::with_user_passphrase(age::secrecy::SecretString::from(passphrase.to_owned()));
    let mut out = Vec::with_capacity(text.len() + 256);
    let mut writer = encryptor.wrap_output(&mut out).map_err(|e| failed(e.to_string()))?;
    writer.write_all(text.as_bytes()).map_err(|e| failed(e.to_string()))?;
    writer.finish().map_err(|e| failed(e.to_string()))?;
    Ok(out)
}

/// The export in `bytes`, opened with `passphrase` when it is encrypted
/// (a plain one is returned as it is).
pub fn open_export(bytes: Vec<u8>, passphrase: Option<&str>) -> Result<Vec<u8>> {
    use std::io::Read;
    if !is_sealed_export(&bytes) {
        return Ok(bytes);
    }
    let passphrase = passphrase.ok_or(Error::ExportPassphraseNeeded)?;
    let unreadable = |e: age::DecryptError| import_error("(file)".into(), format!("encrypted file unreadable: {e}"));
    let decryptor = age::Decryptor::new(&bytes[..]).map_err(unreadable)?;
    if !decryptor.is_scrypt() {
        return Err(import_error("(file)".into(), "encrypted for a key, not a passphrase".into()));
    }
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(passphrase.to_owned()));
    let mut reader = decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys
        | age::DecryptError::DecryptionFailed
        | age::DecryptError::KeyDecryptionFailed => Error::WrongExportPassphrase,
        other => unreadable(other),
    })?;
    let mut out = Vec::new();
    reader
        .by_ref()
        .take(MAX_IMPORT + 1)
        .read_to_end(&mut out)
        .map_err(|e| import_error("(file)".into(), format!("encrypted file unreadable: {e}")))?;
    Ok(out)
}

fn export_text(bytes: &[u8]) -> Result<&str> {
    if bytes.len() as u64 > MAX_IMPORT {
        return Err(import_error(
            "(file)".into(),
            format!("{} MB is more than an export can be ({} MB)", bytes.len() >> 20, MAX_IMPORT >> 20),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        import_error(format!("(line {line}, byte {at})"), "not UTF-8 text".into())
    })
}

/// Fields that may hold more than one line.
const FREE_TEXTS: &[&str] = &[
    "summary",
    "text",
    "note",
    "outcome",
    "theme",
    "scope",
    "status_reason",
    "cancel_reason",
    "level_minus2",
    "level_minus1",
    "level_0",
    "level_plus1",
    "level_plus2",
];

/// The largest export file Ineen imports.
pub const MAX_IMPORT: u64 = 1 << 30;

fn import_error(path: String, detail: String) -> Error {
    Error::Import { path, detail }
}

/// Parses an export file; an error names the JSON path at fault.
pub fn parse_export(text: &str) -> Result<Export> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let export: Export = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { "(begin)".to_string() } else { path };
        import_error(path, e.into_inner().to_string())
    })?;
    if export.format != EXPORT_FORMAT {
        return Err(import_error(
            "format".into(),
            format!("expected \"{EXPORT_FORMAT}\", found \"{}\"", export.format),
        ));
    }
    if !(1..=EXPORT_VERSION).contains(&export.version) {
        return Err(import_error(
            "version".into(),
            format!("version {} is not supported; this Ineen reads version {EXPORT_VERSION}", export.version),
        ));
    }
    Ok(export)
}

/// The JSON Schema of the export format.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Export);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
