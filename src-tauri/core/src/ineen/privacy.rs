//! A dossier over its whole life: how long it is kept (retention), its
//! erasure (on request, or when the retention ended) reaching every copy,
//! the access request (inzage: everything kept about one child), and the
//! audit of who read or changed it (NEN 7513), with its hash chain.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::enrolments::GoalProgress;
use super::{Ineen, REPORTS_DIR};
use crate::clock::Hlc;
use crate::error::{Error, Field, Invalid, Kind, Result};
use crate::model::*;
use crate::store::privacy::{AuditBreak, AuditEntry, AuditFilter};

/// The Jeugdwet's retention period: 20 years after the last change.
pub const RETENTION_YEARS_DEFAULT: u32 = 20;

/// One dossier in the retention list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RetentionItem {
    pub participant_id: Uuid,
    pub name: String,
    pub birth_date: NaiveDate,
    /// The groups the child was in.
    pub runs: Vec<String>,
    /// The day of the latest change to anything in the dossier.
    pub last_change: NaiveDate,
    /// Kept until this day; erased after it.
    pub keep_until: NaiveDate,
    /// The retention period has ended: the dossier is to be erased.
    pub passed: bool,
}

/// What is asked to erase a dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EraseRequest {
    pub participant_id: Uuid,
    pub kind: ErasureKind,
    /// Why (the request, or "bewaartermijn verstreken").
    pub reason: String,
    /// When the request came in (for an erasure on request).
    pub requested_on: Option<NaiveDate>,
    /// The child's full name, typed again: the second step.
    pub confirm: String,
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ErasureDone {
    pub erasure: Erasure,
    /// Records erased from the store.
    pub records: usize,
    /// Report files made for the child, overwritten and removed.
    pub files: Vec<String>,
    /// Backups the dossier was erased from too.
    pub backups: usize,
    /// Backup folders that could not be reached (the second folder not
    /// plugged in): erased there at the next backup.
    pub unreached: Vec<String>,
}

/// Who looked at or changed what: the audit, with whether its chain holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditCheck {
    /// Rows checked before the first break (all of them when it holds).
    pub checked: u32,
    /// The first row whose hash does not match, if any.
    pub broken: Option<AuditBreak>,
}

/// One item of an access request that the trainer may hold back because it
/// holds someone else's personal data (a parent's phone number, another
/// child named in an observation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InzageItem {
    pub id: Uuid,
    /// The kind of record: "guardian", "contact", "observation", …
    pub kind: String,
    pub date: Option<NaiveDate>,
    /// What the item says (its text, or a summary).
    pub text: String,
}

/// An attendance mark as the child's file shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InzageAttendance {
    pub date: NaiveDate,
    pub session: String,
    pub person: Person,
    pub status: AttendanceStatus,
    pub note: Option<String>,
}

/// A contact about the child, with its kind as a reader knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InzageContact {
    pub contact: Contact,
    /// "Huisbezoek", "Oudergesprek", …
    pub kind: String,
}

/// One enrolment with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InzageEnrolment {
    pub enrolment: Enrolment,
    pub programme: String,
    pub run: String,
    pub consents: Vec<Consent>,
    pub attendance: Vec<InzageAttendance>,
    pub contacts: Vec<InzageContact>,
    pub goals: Vec<GoalProgress>,
    pub measurements: Vec<Measurement>,
    pub observations: Vec<Observation>,
    pub tips: Vec<Tip>,
    /// The final end reports (what was sent): version, for whom, when, by whom.
    pub end_reports: Vec<InzageReport>,
}

/// A final end report, without its content (that is the rest of this file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InzageReport {
    pub audience: String,
    pub version: u32,
    pub finalised_on: NaiveDate,
    pub finalised_by: String,
    pub content_hash: String,
}

/// Everything kept about one child (AVG art. 15), less what the trainer
/// held back for third parties; as a readable PDF and as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Inzage {
    /// Always "ineen-inzage".
    pub format: String,
    pub version: u32,
    pub made_on: NaiveDate,
    pub made_by: String,
    pub organisation: Option<String>,
    pub participant: Participant,
    pub guardians: Vec<Guardian>,
    pub enrolments: Vec<InzageEnrolment>,
    /// Who read, changed or exported the dossier, and when (the audit).
    pub access: Vec<InzageAccess>,
    /// How many items were held back because they concern others.
    pub withheld: u32,
    /// How long the dossier is kept.
    pub keep_until: Option<NaiveDate>,
}

/// One access to the dossier, from the audit, as a reader understands it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InzageAccess {
    /// When, RFC 3339 in UTC.
    pub at: String,
    pub actor: String,
    pub device: String,
    /// The audit's own words: create, update, read, export, …
    pub action: String,
    /// What happened, in Dutch: "observatie gewijzigd", "inschrijving geopend".
    pub description: String,
}

/// The name of a kind of record, for the access list.
fn record_word(table: &str, lang: crate::Lang) -> &'static str {
    let (nl, en) = match table {
        "participant" => ("deelnemer", "participant"),
        "guardian" => ("ouder of verzorger", "parent or carer"),
        "enrolment" => ("inschrijving", "enrolment"),
        "consent" => ("toestemming", "consent"),
        "attendance" => ("aanwezigheid", "attendance"),
        "contact" => ("contact", "contact"),
        "goal" => ("doel", "goal"),
        "goal_score" => ("doelscore", "goal score"),
        "measurement" => ("meting", "measurement"),
        "observation" => ("observatie", "observation"),
        "tip" => ("tip", "tip"),
        "end_report" => ("eindverslag", "end report"),
        "session" => ("bijeenkomst", "session"),
        "run" => ("groep", "group"),
        "trainer" => ("trainer", "trainer"),
        "school" => ("school", "school"),
        "erasure" => ("wissing", "erasure"),
        "organisation" => ("organisatie", "organisation"),
        "zat_meeting" => ("ZAT-overleg", "ZAT meeting"),
        "programme_file" => ("programma", "programme"),
        _ => ("gegevens", "data"),
    };
    lang.pick(nl, en)
}

/// What an audit row says happened, in words (never content: the audit has none).
fn describe_access(e: &AuditEntry, lang: crate::Lang) -> String {
    let what = record_word(e.record_table.as_deref().unwrap_or(""), lang);
    let detail = e.detail.as_deref().unwrap_or("");
    let (nl, en): (String, String) = match e.action.as_str() {
        "create" => (format!("{what} vastgelegd"), format!("{what} recorded")),
        "update" => (format!("{what} gewijzigd"), format!("{what} changed")),
        "delete" => (format!("{what} verwijderd"), format!("{what} deleted")),
        "read" if detail.starts_with("end report preview") => {
            ("voorbeeld van het eindverslag bekeken".into(), "end report preview viewed".into())
        }
        "read" => (format!("{what} geopend"), format!("{what} opened")),
        "export" if detail.starts_with("inzage") => ("inzage gemaakt".into(), "access request copy made".into()),
        "export" if detail.starts_with("teacher tips") => {
            ("tips voor de leerkracht gemaakt".into(), "teacher tips made".into())
        }
        "export" if detail.contains("end report") && detail.contains("school") => {
            ("eindverslag voor de school gemaakt".into(), "end report for the school made".into())
        }
        "export" if detail.contains("end report") => {
            ("eindverslag voor de ouders gemaakt".into(), "end report for the parents made".into())
        }
        "export" if detail.starts_with("final") => {
            ("eindverslag definitief gemaakt".into(), "end report made final".into())
        }
        "export" if detail.starts_with("audit") => ("auditlog geëxporteerd".into(), "audit log exported".into()),
        "export" => ("alle gegevens geëxporteerd".into(), "all records exported".into()),
        "import" => ("gegevens ingelezen".into(), "records imported".into()),
        "erase" => ("dossier gewist".into(), "dossier erased".into()),
        "backup" => ("reservekopie gemaakt".into(), "backup made".into()),
        "sync" => ("gesynchroniseerd".into(), "synced".into()),
        "passphrase" => ("herstelwachtwoord gewijzigd".into(), "recovery passphrase changed".into()),
        "conflict-closed" => {
            (format!("{what}: keuze tussen twee versies gemaakt"), format!("{what}: one of two versions chosen"))
        }
        other => (other.to_string(), other.to_string()),
    };
    match lang {
        crate::Lang::Nl => nl,
        crate::Lang::En => en,
    }
}

/// One row of the audit as the window shows it: the row, what happened in
/// the user's language, and whose dossier it concerns (while it exists).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditLine {
    pub entry: AuditEntry,
    pub description: String,
    pub child: Option<String>,
}

/// The files of an access request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InzageFiles {
    pub pdf: String,
    pub json: String,
    pub withheld: u32,
}

/// The wall-clock day of a version stamp.
fn stamp_day(hlc: &str) -> Option<NaiveDate> {
    let hlc = Hlc::decode(hlc)?;
    chrono::DateTime::from_timestamp_millis(i64::try_from(hlc.wall_ms).ok()?)
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
}

/// `day` moved `years` on (29 February becomes 28 February).
fn years_after(day: NaiveDate, years: u32) -> NaiveDate {
    let year = day.year() + i32::try_from(years).unwrap_or(0);
    day.with_year(year).or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28)).unwrap_or(day)
}

/// Every file under `dir` (recursively).
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

impl Ineen {
    /// How many years a dossier is kept after its last change: the
    /// organisation's setting, else the legal 20.
    pub fn retention_years(&self) -> Result<u32> {
        let orgs = self.store.organisations()?;
        Ok(orgs.iter().find_map(|o| o.retention_years).unwrap_or(RETENTION_YEARS_DEFAULT))
    }

    /// Sets the organisation's retention period (travels with its record).
    pub fn set_retention_years(&mut self, years: u32) -> Result<u32> {
        if !(1..=100).contains(&years) {
            return Err(Invalid::OutOfRange { field: Field::RetentionYears, min: 1, max: 100 }.into());
        }
        let mut orgs = self.store.organisations()?;
        if orgs.is_empty() {
            let name = self.language()?.pick("Mijn organisatie", "My organisation").to_string();
            orgs.push(Organisation { id: self.new_id(), name, retention_years: None });
        }
        self.store.write(|tx| -> crate::store::Result<()> {
            for org in orgs {
                tx.put(&Organisation { retention_years: Some(years), ..org })?;
            }
            Ok(())
        })?;
        Ok(years)
    }

    /// The day one dossier is kept until (its latest change + the period).
    pub fn keep_until(&mut self, participant: Uuid) -> Result<NaiveDate> {
        let years = self.retention_years()?;
        let today = self.today();
        let last = self.store.dossier_stamp(participant)?.and_then(|s| stamp_day(&s)).unwrap_or(today);
        Ok(years_after(last, years))
    }

    /// Every dossier with its retention: the day it last changed and the day
    /// it is kept until; those whose period ended first, then by that day.
    pub fn retention(&mut self) -> Result<Vec<RetentionItem>> {
        let years = self.retention_years()?;
        let today = self.today();
        let stamps: std::collections::HashMap<Uuid, String> = self.store.dossier_stamps()?.into_iter().collect();
        let names: std::collections::HashMap<Uuid, String> =
            self.store.runs()?.into_iter().map(|r| (r.id, r.name)).collect();
        let mut runs: std::collections::HashMap<Uuid, Vec<String>> = std::collections::HashMap::new();
        for e in self.store.enrolments()? {
            if let Some(name) = names.get(&e.run_id) {
                runs.entry(e.participant_id).or_default().push(name.clone());
            }
        }
        let mut out = Vec::new();
        for p in self.store.participants()? {
            let last_change = stamps.get(&p.id).and_then(|s| stamp_day(s)).unwrap_or(today);
            let keep_until = years_after(last_change, years);
            out.push(RetentionItem {
                participant_id: p.id,
                name: p.full_name(),
                birth_date: p.birth_date,
                runs: runs.remove(&p.id).unwrap_or_default(),
                last_change,
                keep_until,
                passed: keep_until < today,
            });
        }
        out.sort_by(|a, b| (a.keep_until, &a.name).cmp(&(b.keep_until, &b.name)));
        Ok(out)
    }

    /// Saves a consent from the window: given by the child (no parent named)
    /// or by one of the child's own parents; "given by" is filled in from
    /// who gave it when left empty.
    pub fn save_consent(&mut self, mut consent: Consent) -> Result<Consent> {
        let child = self.participant(self.enrolment(consent.enrolment_id)?.participant_id)?;
        match (consent.giver, consent.guardian_id) {
            (Giver::Child, _) => {
                consent.guardian_id = None;
                if consent.given_by.trim().is_empty() {
                    consent.given_by = format!("{} {}", child.given_name, self.language()?.pick("zelf", "themself"));
                }
            }
            (Giver::Guardian, Some(id)) => {
                let parent = self
                    .store
                    .get::<Guardian>(id)?
                    .filter(|g| g.participant_id == child.id)
                    .ok_or(Invalid::NotTheirParent)?;
                if consent.given_by.trim().is_empty() {
                    consent.given_by = format!("{} ({})", parent.relation, parent.name);
                }
            }
            (Giver::Guardian, None) => {}
        }
        self.upsert(consent)
    }

    /// Erases a child's dossier — the participant with everything that
    /// hangs from it — from the store, this device's log, the backups and
    /// the report files made for the child, leaving a content-free erasure
    /// record that travels to the team's other laptops (which erase the
    /// same) and keeps any older copy from bringing it back. Confirmed by the
    /// child's name typed again; for retention, only once the period ended.
    pub fn erase(&mut self, request: EraseRequest) -> Result<ErasureDone> {
        let EraseRequest { participant_id, kind, mut reason, requested_on, confirm } = request;
        crate::validate::line(Field::Reason, &mut reason)?;
        let child: Participant = self
            .store
            .get_any(participant_id)?
            .ok_or_else(|| Error::NotFound(Kind::Participant, participant_id.to_string()))?;
        let name = child.full_name();
        if confirm.trim().to_lowercase() != name.trim().to_lowercase() {
            return Err(Invalid::ConfirmName { name }.into());
        }
        if kind == ErasureKind::Retention {
            let until = self.keep_until(participant_id)?;
            if until >= self.today() {
                return Err(Invalid::RetentionNotPassed { until }.into());
            }
        }
        let today = self.today();
        let erased_by = self.store.actor().to_string();
        let (erasure, purged) = self.store.write(|tx| -> crate::store::Result<_> {
            let erasure =
                Erasure { id: tx.new_id(), participant_id, kind, reason, requested_on, erased_on: today, erased_by };
            tx.insert(&erasure)?;
            let purged = tx.purge_dossier(participant_id, erasure.id)?;
            Ok((erasure, purged))
        })?;
        self.store.checkpoint()?;
        let files = self.wipe_reports_of(&name)?;
        let (backups, unreached) = self.erase_in_backups()?;
        Ok(ErasureDone { erasure, records: purged.records, files, backups, unreached })
    }

    /// The erasures made here or on the team's other laptops, newest first.
    pub fn erasures(&self) -> Result<Vec<Erasure>> {
        let mut all: Vec<Erasure> = self.store.export_all::<Erasure>()?.into_iter().map(|(e, _)| e).collect();
        all.sort_by_key(|e| std::cmp::Reverse((e.erased_on, e.id)));
        Ok(all)
    }

    /// Overwrites and removes the report files made for a child (named for
    /// them by Ineen) in the data folder's report folder.
    fn wipe_reports_of(&self, child: &str) -> Result<Vec<String>> {
        let Some(dir) = self.data_dir.as_ref().map(|d| d.join(REPORTS_DIR)) else { return Ok(Vec::new()) };
        let slug = format!("-{}-", super::reports::slug(child));
        let mut files = Vec::new();
        files_under(&dir, &mut files);
        let mut wiped = Vec::new();
        for path in files {
            let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            if name.contains(&slug) {
                crate::files::wipe(&path).map_err(|source| Error::File { path: path.clone(), source })?;
                wiped.push(path.display().to_string());
            }
        }
        Ok(wiped)
    }

    /// Carries every erasure into the backups of the data folder and of the
    /// second folder (if plugged in). Returns how many backups changed and
    /// which folders could not be reached.
    pub(super) fn erase_in_backups(&self) -> Result<(usize, Vec<String>)> {
        let (mut changed, mut unreached) = (0, Vec::new());
        for dir in self.backup_folders()? {
            match self.erase_in_backup_folder(&dir) {
                Ok(n) => changed += n,
                Err(Error::File { .. }) => unreached.push(dir.display().to_string()),
                Err(e) => return Err(e),
            }
        }
        Ok((changed, unreached))
    }

    /// Carries every erasure into the backups in `dir` (at each erasure, and
    /// at each backup's rotation: a second folder that was not plugged in
    /// catches up then). Returns how many backups changed.
    pub(super) fn erase_in_backup_folder(&self, dir: &Path) -> Result<usize> {
        let Some(key) = self.store.key() else { return Ok(0) };
        let tombstones = self.store.purged()?;
        if tombstones.is_empty() {
            return Ok(0);
        }
        let entries = std::fs::read_dir(dir).map_err(|source| Error::File { path: dir.to_path_buf(), source })?;
        let mut changed = 0;
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "sqlite")
                && !crate::store::cipher::is_plain(&path)
                && crate::store::backup::erase_in_file(&path, key, &tombstones)? > 0
            {
                changed += 1;
            }
        }
        Ok(changed)
    }

    /// Notes in the audit that a child's dossier was read (opened in the
    /// window, previewed): who, which child, what, when, from which device.
    pub(super) fn audit_read(&mut self, participant: Uuid, table: &str, id: Uuid, what: &str) -> Result<()> {
        let id = id.to_string();
        self.store.write(|tx| tx.audit_of("read", Some(table), Some(&id), Some(participant), Some(what)))?;
        Ok(())
    }

    /// The audit log, newest first.
    pub fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        Ok(self.store.audit_entries(filter)?)
    }

    /// The audit log as the window shows it: each row described in the
    /// user's language, with the child's name where it names a dossier.
    pub fn audit_lines(&self, filter: &AuditFilter) -> Result<Vec<AuditLine>> {
        let lang = self.language()?;
        let mut names: std::collections::HashMap<String, Option<String>> = std::collections::HashMap::new();
        let mut lines = Vec::new();
        for entry in self.audit(filter)? {
            let dossier = entry.dossier.clone().or_else(|| {
                (entry.record_table.as_deref() == Some("participant")).then(|| entry.record_id.clone()).flatten()
            });
            let child = match dossier {
                Some(id) => names
                    .entry(id.clone())
                    .or_insert_with(|| {
                        Uuid::parse_str(&id)
                            .ok()
                            .and_then(|id| self.store.get::<Participant>(id).ok().flatten())
                            .map(|p| p.full_name())
                    })
                    .clone(),
                None => None,
            };
            lines.push(AuditLine { description: describe_access(&entry, lang), child, entry });
        }
        Ok(lines)
    }

    /// The audit log as CSV (UTF-8 with BOM, `;`-separated: Dutch Excel
    /// opens it right). The export itself is logged.
    pub fn audit_csv(&mut self, filter: &AuditFilter) -> Result<String> {
        let rows = self.audit(filter)?;
        let mut out = String::from("\u{feff}volgnummer;tijdstip;wie;apparaat;actie;soort;record;dossier;details\r\n");
        let cell = |s: &str| {
            if s.contains([';', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        for r in &rows {
            let fields = [
                r.seq.to_string(),
                r.at.clone(),
                r.actor.clone(),
                r.device.clone(),
                r.action.clone(),
                r.record_table.clone().unwrap_or_default(),
                r.record_id.clone().unwrap_or_default(),
                r.dossier.clone().unwrap_or_default(),
                r.detail.clone().unwrap_or_default(),
            ];
            out.push_str(&fields.iter().map(|f| cell(f)).collect::<Vec<_>>().join(";"));
            out.push_str("\r\n");
        }
        let detail = format!("audit (csv), {} rows", rows.len());
        self.store.write(|tx| tx.audit_of("export", None, None, filter.dossier, Some(&detail)))?;
        Ok(out)
    }

    /// Writes the (filtered) audit log as CSV into the data folder's report
    /// folder (`auditlog-<date>.csv`); returns its path.
    pub fn export_audit_csv(&mut self, filter: &AuditFilter) -> Result<String> {
        let csv = self.audit_csv(filter)?;
        let dir = self.reports_dir()?;
        let path = crate::files::free_name(&dir, &format!("auditlog-{}", self.today()), "csv");
        crate::files::write(&path, csv.as_bytes(), crate::files::Existing::Keep, &self.protected_files())?;
        Ok(path.display().to_string())
    }

    /// The data folder's report folder, made if missing.
    pub fn reports_dir(&self) -> Result<std::path::PathBuf> {
        let dir = self.data_dir.as_ref().map(|d| d.join(REPORTS_DIR)).ok_or(Error::Invalid(Invalid::NoDataFolder))?;
        std::fs::create_dir_all(&dir).map_err(|source| Error::File { path: dir.clone(), source })?;
        Ok(dir)
    }

    /// Checks the audit's hash chain.
    pub fn verify_audit(&self) -> Result<AuditCheck> {
        let (checked, broken) = self.store.verify_audit()?;
        Ok(AuditCheck { checked: u32::try_from(checked).unwrap_or(u32::MAX), broken })
    }

    /// The items of a child's file that may hold others' personal data,
    /// for the review before an access request is made.
    pub fn inzage_items(&mut self, participant_id: Uuid) -> Result<Vec<InzageItem>> {
        let full = self.inzage(participant_id, &[])?;
        let mut items = Vec::new();
        for g in &full.guardians {
            let contact = [g.phone.as_deref(), g.email.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
            items.push(InzageItem {
                id: g.id,
                kind: "guardian".into(),
                date: None,
                text: format!("{} ({}) {contact}", g.name, g.relation).trim().to_string(),
            });
        }
        for e in &full.enrolments {
            for InzageContact { contact: c, .. } in &e.contacts {
                items.push(InzageItem {
                    id: c.id,
                    kind: "contact".into(),
                    date: Some(c.date),
                    text: format!("{}: {}", c.people, c.summary),
                });
            }
            for o in &e.observations {
                items.push(InzageItem {
                    id: o.id,
                    kind: "observation".into(),
                    date: Some(o.date),
                    text: o.text.clone(),
                });
            }
            for c in &e.consents {
                items.push(InzageItem {
                    id: c.id,
                    kind: "consent".into(),
                    date: Some(c.given_on),
                    text: c.given_by.clone(),
                });
            }
            for g in &e.goals {
                for s in g.scores.iter().filter(|s| s.note.is_some()) {
                    items.push(InzageItem {
                        id: s.id,
                        kind: "goal_score".into(),
                        date: Some(s.date),
                        text: s.note.clone().unwrap_or_default(),
                    });
                }
            }
            for t in &e.tips {
                items.push(InzageItem { id: t.id, kind: "tip".into(), date: None, text: t.text.clone() });
            }
        }
        Ok(items)
    }

    /// Everything kept about a child, less the records in `exclude` (held
    /// back for third parties; counted, not named).
    pub fn inzage(&mut self, participant_id: Uuid, exclude: &[Uuid]) -> Result<Inzage> {
        let participant = self.participant(participant_id)?;
        let today = self.today();
        let mut withheld = 0u32;
        let mut keep = |id: Uuid| {
            let kept = !exclude.contains(&id);
            withheld += u32::from(!kept);
            kept
        };
        let guardians: Vec<Guardian> =
            self.store.guardians_of(participant_id)?.into_iter().filter(|g| keep(g.id)).collect();
        let mut enrolments = Vec::new();
        for e in self.store.enrolments_of_participant(participant_id)? {
            let Some(file) = self.store.enrolment_file(e.id)? else { continue };
            let own_kinds = self.programme(&file.run.programme_id).map(|p| p.contact_kinds).unwrap_or_default();
            let programme = self.programme(&file.run.programme_id).map(|p| p.name).unwrap_or(file.run.programme_id);
            let attendance = file
                .attendance
                .iter()
                .filter_map(|a| {
                    let s = file.sessions.iter().find(|s| s.id == a.session_id)?;
                    Some(InzageAttendance {
                        date: s.date,
                        session: format!("{}. {}", s.number, s.title),
                        person: a.person,
                        status: a.status,
                        note: a.note.clone(),
                    })
                })
                .collect::<Vec<_>>();
            let mut attendance = attendance;
            attendance.sort_by_key(|a| a.date);
            enrolments.push(InzageEnrolment {
                programme,
                run: file.run.name.clone(),
                consents: file.consents.into_iter().filter(|c| keep(c.id)).collect(),
                attendance,
                // Only what is about this child: a meeting about the whole group is not.
                contacts: file
                    .contacts
                    .into_iter()
                    .filter(|c| c.enrolment_id == Some(e.id) && keep(c.id))
                    .map(|contact| InzageContact {
                        kind: crate::curriculum::contact_name(&own_kinds, &contact.kind, crate::Lang::Nl),
                        contact,
                    })
                    .collect(),
                goals: file
                    .goals
                    .into_iter()
                    .map(|(goal, scores)| GoalProgress {
                        goal,
                        scores: scores
                            .into_iter()
                            .map(|s| if keep(s.id) { s } else { GoalScore { note: None, ..s } })
                            .collect(),
                    })
                    .collect(),
                measurements: file.measurements,
                observations: file.observations.into_iter().filter(|o| keep(o.id)).collect(),
                tips: file.tips.into_iter().filter(|t| keep(t.id)).collect(),
                end_reports: self
                    .store
                    .final_versions(e.id)?
                    .into_iter()
                    .map(|v| InzageReport {
                        audience: v.audience,
                        version: v.version,
                        finalised_on: v.finalised_on,
                        finalised_by: v.finalised_by,
                        content_hash: v.content_hash,
                    })
                    .collect(),
                enrolment: file.enrolment,
            });
        }
        let access = self
            .audit(&AuditFilter { dossier: Some(participant_id), ..AuditFilter::default() })?
            .into_iter()
            .map(|e| InzageAccess {
                description: describe_access(&e, crate::Lang::Nl),
                at: e.at,
                actor: e.actor,
                device: e.device,
                action: e.action,
            })
            .collect();
        let keep_until = Some(self.keep_until(participant_id)?);
        Ok(Inzage {
            format: "ineen-inzage".into(),
            version: 1,
            made_on: today,
            made_by: self.store.actor().to_string(),
            organisation: self.store.organisations()?.into_iter().next().map(|o| o.name),
            participant,
            guardians,
            enrolments,
            access,
            withheld,
            keep_until,
        })
    }

    /// Writes the access request as a PDF and a JSON file into `dir` (the
    /// data folder's report folder when none), logged as an export of the
    /// dossier. Returns the files.
    pub fn export_inzage(&mut self, participant_id: Uuid, exclude: &[Uuid], dir: Option<&Path>) -> Result<InzageFiles> {
        let data = self.inzage(participant_id, exclude)?;
        let json = serde_json::to_string_pretty(&data).map_err(crate::store::StoreError::from)?;
        let pdf = crate::report::render::pdf(crate::report::template("inzage"), json.clone())
            .map_err(|e| Error::Render(e.0))?;
        crate::report::render::evict_cache();
        let dir = match dir {
            Some(d) => d.to_path_buf(),
            None => self.data_dir.as_ref().map(|d| d.join(REPORTS_DIR)).ok_or(Error::Invalid(Invalid::NoDataFolder))?,
        };
        std::fs::create_dir_all(&dir).map_err(|source| Error::File { path: dir.clone(), source })?;
        let stem = format!("inzage-{}-{}", super::reports::slug(&data.participant.full_name()), data.made_on);
        let pdf_path = crate::files::free_name(&dir, &stem, "pdf");
        crate::files::write(&pdf_path, &pdf, crate::files::Existing::Keep, &self.protected_files())?;
        let json_path = pdf_path.with_extension("json");
        crate::files::write(&json_path, json.as_bytes(), crate::files::Existing::Keep, &self.protected_files())?;
        let detail = format!("inzage (pdf + json), {} held back", data.withheld);
        let id = participant_id.to_string();
        self.store
            .write(|tx| tx.audit_of("export", Some("participant"), Some(&id), Some(participant_id), Some(&detail)))?;
        Ok(InzageFiles {
            pdf: pdf_path.display().to_string(),
            json: json_path.display().to_string(),
            withheld: data.withheld,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ineen::fixture::{consent, demo, enrolment};
    use crate::report::ReportAudience;

    /// Sara (STOP 4-7, school report) made `age` on today, with her mother
    /// and a father who both have parental authority.
    fn sara_aged(ineen: &mut Ineen, age: i32) -> Uuid {
        let e = enrolment(ineen, "Sara El Amrani");
        let today = ineen.today();
        let mut child = ineen.participant(ineen.enrolment(e).expect("enrolment").participant_id).expect("child");
        child.birth_date = today.with_year(today.year() - age).expect("birthday") - chrono::Duration::days(30);
        ineen.save(&child).expect("birth date");
        ineen
            .upsert(Guardian {
                id: Uuid::nil(),
                participant_id: child.id,
                name: "Youssef El Amrani".into(),
                relation: "vader".into(),
                phone: None,
                email: None,
                authority: true,
            })
            .expect("father");
        e
    }

    fn school_report(ineen: &mut Ineen, e: Uuid) -> std::result::Result<(), Error> {
        ineen.end_report(e, ReportAudience::School).map(|_| ())
    }

    fn missing(ineen: &mut Ineen, e: Uuid) -> Vec<String> {
        match school_report(ineen, e) {
            Err(Error::ConsentMissing { missing, .. }) => {
                missing.iter().map(|m| m.label("Sara", crate::Lang::Nl)).collect()
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_consent_names_a_parent_of_this_child_only() {
        let mut ineen = demo();
        let sara = enrolment(&ineen, "Sara El Amrani");
        let daan = enrolment(&ineen, "Daan de Vries");
        let daans_mother = ineen.guardians(ineen.enrolment(daan).expect("e").participant_id).expect("g")[0].id;
        let today = ineen.today();
        let wrong = Consent {
            id: Uuid::nil(),
            enrolment_id: sara,
            giver: Giver::Guardian,
            guardian_id: Some(daans_mother),
            given_by: String::new(),
            audience: Audience::School,
            scope: "eindverslag".into(),
            given_on: today,
            withdrawn_on: None,
        };
        let err = ineen.save_consent(wrong.clone()).expect_err("another child's mother");
        assert!(matches!(err, Error::Invalid(Invalid::NotTheirParent)));
        assert!(ineen.enrolment_overview(sara).expect("page").consents.is_empty(), "nothing saved");
        let own = ineen.save_consent(Consent { giver: Giver::Child, ..wrong }).expect("the child's own");
        assert_eq!((own.guardian_id, own.given_by.as_str()), (None, "Sara zelf"));
    }

    #[test]
    fn under_twelve_both_parents_with_authority_consent() {
        let mut ineen = demo();
        let e = sara_aged(&mut ineen, 11);
        let today = ineen.today();
        assert_eq!(missing(&mut ineen, e).len(), 2, "both parents");
        consent(&mut ineen, e, Giver::Child, Audience::School, today);
        assert_eq!(missing(&mut ineen, e).len(), 2, "the child's consent is not asked at 11");
        let child = ineen.enrolment(e).expect("e").participant_id;
        let father = ineen.guardians(child).expect("g").into_iter().find(|g| g.relation == "vader").expect("father");
        ineen.save(&Guardian { authority: false, ..father.clone() }).expect("no authority");
        let mother_only = missing(&mut ineen, e);
        assert_eq!(mother_only.len(), 1, "a parent without authority is not asked: {mother_only:?}");
        ineen.save(&Guardian { authority: true, ..father }).expect("authority");
        consent(&mut ineen, e, Giver::Guardian, Audience::School, today);
        school_report(&mut ineen, e).expect("both parents consented");
    }

    #[test]
    fn from_twelve_to_fifteen_the_parents_and_the_child_consent() {
        for age in [12, 15] {
            let mut ineen = demo();
            let e = sara_aged(&mut ineen, age);
            let today = ineen.today();
            consent(&mut ineen, e, Giver::Guardian, Audience::School, today);
            assert_eq!(missing(&mut ineen, e), ["Sara zelf"], "at {age} the child too");
            ineen.end_report(e, ReportAudience::Parents).expect("under 16 the parents read without asking");
            consent(&mut ineen, e, Giver::Child, Audience::School, today);
            school_report(&mut ineen, e).unwrap_or_else(|err| panic!("at {age}: {err:?}"));
        }
    }

    #[test]
    fn from_sixteen_the_young_person_alone_and_a_withdrawal_counts_from_its_day() {
        let mut ineen = demo();
        let e = sara_aged(&mut ineen, 16);
        let today = ineen.today();
        consent(&mut ineen, e, Giver::Guardian, Audience::School, today);
        assert_eq!(missing(&mut ineen, e), ["Sara zelf"], "the parents' consent does not do at 16");
        let own = consent(&mut ineen, e, Giver::Child, Audience::School, today - chrono::Duration::days(10));
        school_report(&mut ineen, e).expect("her own consent");
        // At 16 she also decides what her parents read.
        let parents = ineen.end_report(e, ReportAudience::Parents).expect_err("not without her");
        assert!(parents.message(crate::Lang::Nl).contains("met de ouders"), "{}", parents.message(crate::Lang::Nl));
        consent(&mut ineen, e, Giver::Child, Audience::Parents, today);
        ineen.end_report(e, ReportAudience::Parents).expect("with her consent");

        // Withdrawn from tomorrow: today's report may still be made.
        let mut c: Consent = ineen.store.get(own[0]).expect("get").expect("consent");
        c.withdrawn_on = Some(today + chrono::Duration::days(1));
        ineen.save(&c).expect("withdrawal");
        school_report(&mut ineen, e).expect("not withdrawn yet today");
        // Withdrawn before the report: refused, and the flag shows it.
        c.withdrawn_on = Some(today - chrono::Duration::days(1));
        ineen.save(&c).expect("withdrawal");
        let err = school_report(&mut ineen, e).expect_err("withdrawn");
        assert_eq!(err.code(), ErrorCode::ConsentMissing);
        assert!(err.message(crate::Lang::Nl).contains("16-jarige"), "{}", err.message(crate::Lang::Nl));
        let page = ineen.enrolment_overview(e).expect("page");
        assert!(!page.shares_with_school && page.school_consent.missing == [crate::rules::Consenter::Child]);
        // A consent given only after the day of sharing does not count either.
        consent(&mut ineen, e, Giver::Child, Audience::School, today + chrono::Duration::days(3));
        assert!(school_report(&mut ineen, e).is_err(), "consent given in the future");
    }

    #[test]
    fn years_after_keeps_the_day_and_moves_a_leap_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(years_after(d(2026, 11, 29), 20), d(2046, 11, 29));
        assert_eq!(years_after(d(2028, 2, 29), 1), d(2029, 2, 28));
    }
}

#[cfg(test)]
mod erasure_tests {
    use super::*;
    use crate::clock::TestClock;
    use crate::ineen::fixture::enrolment;
    use crate::keys::Unlock;
    use crate::report::ReportAudience;

    const PLANTED: [&str; 3] = ["Waarneming-Zebrapad-Okapi", "Doel-Giraffenhals-Tapir", "Moeder-Kwikstaart-Narwal"];

    fn has_planted(text: &str) -> Vec<&'static str> {
        PLANTED.iter().copied().filter(|p| text.contains(p)).collect()
    }

    #[test]
    fn an_erased_dossier_is_gone_from_store_log_backups_and_reports_and_no_old_export_brings_it_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let mut ineen =
            Ineen::open_with(&data, &Unlock::for_tests(), Box::new(TestClock::school_year_start())).expect("open");
        ineen.demo().expect("demo");
        let daan = enrolment(&ineen, "Daan de Vries");
        let child = ineen.enrolment(daan).expect("enrolment").participant_id;
        let today = ineen.today();
        ineen
            .upsert(Observation {
                id: Uuid::nil(),
                enrolment_id: daan,
                date: today,
                text: PLANTED[0].into(),
                audience: Audience::Parents,
            })
            .expect("observation");
        let goal = ineen.enrolment_overview(daan).expect("page").goals[0].goal.clone();
        ineen.save(&Goal { title: PLANTED[1].into(), audience: Audience::Parents, ..goal }).expect("goal");
        ineen
            .upsert(Guardian {
                id: Uuid::nil(),
                participant_id: child,
                name: PLANTED[2].into(),
                relation: "moeder".into(),
                phone: Some("06-12345678".into()),
                email: None,
                authority: true,
            })
            .expect("guardian");
        // A report file for the parents, an export, a backup and a team whose log holds the dossier.
        let pdf = ineen.export_end_report(daan, ReportAudience::Parents).expect("pdf");
        let old_export = ineen.export_json().expect("export");
        ineen.backup(None).expect("backup");
        let elsewhere = dir.path().join("usb");
        let outside = PathBuf::from(ineen.backup(Some(&elsewhere)).expect("a backup on a stick").path);
        ineen.create_team("STOP-team", "Anouk", crate::sync::Role::Coordinator).expect("team");
        ineen.close_pending().expect("log");
        let key = ineen.store.key().expect("key").clone();
        let store_file = data.join(super::super::DB_FILE);
        let backups: Vec<PathBuf> =
            ineen.backups().expect("backups").into_iter().map(|b| PathBuf::from(b.path)).collect();
        assert_eq!(
            has_planted(&crate::store::purge::readable_texts(&store_file, &key)).len(),
            3,
            "the test can see them"
        );
        assert_eq!(has_planted(&crate::store::purge::readable_texts(&backups[0], &key)).len(), 3, "the backup too");

        // The second step: the name typed again.
        let request = |confirm: &str| EraseRequest {
            participant_id: child,
            kind: ErasureKind::Request,
            reason: "Verzoek van de ouders per e-mail".into(),
            requested_on: Some(today),
            confirm: confirm.into(),
        };
        let refused = ineen.erase(request("Daan")).expect_err("the name must be typed");
        assert!(matches!(refused, Error::Invalid(Invalid::ConfirmName { .. })));
        assert!(ineen.participant(child).is_ok(), "nothing erased");
        let retention = EraseRequest { kind: ErasureKind::Retention, ..request("daan de vries") };
        assert!(matches!(ineen.erase(retention), Err(Error::Invalid(Invalid::RetentionNotPassed { .. }))));

        let done = ineen.erase(request("daan de vries")).expect("erased");
        assert!(done.records > 20, "the whole dossier: {}", done.records);
        assert_eq!(done.files, std::slice::from_ref(&pdf), "the parents' report file");
        assert!(!Path::new(&pdf).exists());
        assert_eq!(done.backups, 1);
        assert!(ineen.participant(child).is_err());
        assert!(ineen.enrolment_overview(daan).is_err());
        assert!(has_planted(&crate::store::purge::readable_texts(&store_file, &key)).is_empty(), "store and log");
        for b in &backups {
            assert!(has_planted(&crate::store::purge::readable_texts(b, &key)).is_empty(), "{}", b.display());
        }
        assert!(has_planted(&ineen.export_json().expect("export")).is_empty(), "an export made after");
        assert_eq!(ineen.erasures().expect("erasures"), std::slice::from_ref(&done.erasure));

        // An export from before the erasure brings nothing back.
        ineen.import_json(&old_export).expect("import");
        assert!(ineen.participant(child).is_err(), "the child stays erased");
        assert!(has_planted(&crate::store::purge::readable_texts(&store_file, &key)).is_empty());
        // Nor can the window save a record of it again.
        let again = ineen.save(&Observation {
            id: Uuid::from_u128(9),
            enrolment_id: daan,
            date: today,
            text: "nieuw".into(),
            audience: Audience::Trainers,
        });
        assert_eq!(again.expect_err("erased").code(), crate::error::ErrorCode::Erased);
        // Putting back a backup from before the erasure (kept on a stick)
        // does not bring the child back either.
        drop(ineen);
        crate::ineen::restore(&data, &outside, &key).expect("restore");
        let ineen =
            Ineen::open_with(&data, &Unlock::for_tests(), Box::new(TestClock::school_year_start())).expect("reopen");
        assert!(ineen.participant(child).is_err(), "the restored backup is erased too");
        assert!(has_planted(&crate::store::purge::readable_texts(&store_file, &key)).is_empty());
        // The audit keeps who erased it, and its chain holds.
        let log = ineen.audit(&AuditFilter { dossier: Some(child), ..Default::default() }).expect("audit");
        assert!(log.iter().any(|e| e.action == "erase"));
        assert!(log.iter().all(|e| has_planted(&format!("{e:?}")).is_empty()));
        assert_eq!(ineen.verify_audit().expect("verify").broken, None);
    }
}
