//! Building and exporting end reports: consent first, then only what the
//! audience may read.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::enrolments::{assess, t_score};
use super::Ineen;
use crate::error::{Error, Invalid, Kind, Result};
use crate::files::Refused;

/// The end of a report's hidden name while the window's save dialog is open.
const PENDING: &str = ".pending";
use crate::model::{Phase, Tip};
use crate::report::{
    self, EndReport, ReportAttendance, ReportAudience, ReportContact, ReportGoal, ReportMeasurement, ReportNote,
    ReportTip,
};
use crate::rules;

impl ReportAudience {
    /// The stored and logged name: "school" or "parents".
    pub(crate) fn key(self) -> &'static str {
        match self {
            ReportAudience::School => "school",
            ReportAudience::Parents => "parents",
        }
    }

    /// The word in file names: "school" or "ouders".
    fn file_word(self) -> &'static str {
        match self {
            ReportAudience::School => "school",
            ReportAudience::Parents => "ouders",
        }
    }
}

/// Refuses sharing with `audience` on `on` unless everyone whose consent
/// the child's age asks for has consented, naming who has not (the school:
/// by age; the parents: the young person from 16).
fn consent_given(file: &crate::store::EnrolmentFile, audience: ReportAudience, on: chrono::NaiveDate) -> Result<()> {
    let to = match audience {
        ReportAudience::School => crate::model::Audience::School,
        ReportAudience::Parents => crate::model::Audience::Parents,
    };
    let check = rules::consent_check(&file.participant, &file.guardians, &file.consents, to, on);
    if check.given() {
        return Ok(());
    }
    Err(Error::ConsentMissing {
        child: file.participant.full_name(),
        age: check.age,
        missing: check.missing,
        parents: audience == ReportAudience::Parents,
    })
}

impl Ineen {
    /// The data of an end report for `audience`. Refused without the
    /// consent the child's age asks for that day (for the school; for the
    /// parents of a young person of 16 or older), or when the programme
    /// sends the school no report by default. Composed from the enrolment
    /// file, read once.
    pub fn end_report(&mut self, enrolment_id: Uuid, audience: ReportAudience) -> Result<EndReport> {
        let today = self.today();
        let file = self.enrolment_file(enrolment_id)?;
        let programme = self.programme(&file.run.programme_id)?;
        let child = file.participant.full_name();

        if audience == ReportAudience::School && !programme.school_report {
            return Err(Error::NoSchoolReport { programme: programme.name.clone() });
        }
        consent_given(&file, audience, today)?;

        let assessment = assess(&file, &programme, today);
        let attendance = assessment
            .attendance
            .iter()
            .filter(|a| a.figures.held > 0)
            .map(|a| ReportAttendance {
                track: capitalised(a.track.label(crate::Lang::Nl)),
                held: a.figures.held,
                attended: a.figures.attended(),
                late: a.figures.late,
                // A school reads a sickness as a reported absence: no health detail leaves the trainers.
                excused: a.figures.excused + a.figures.sick,
                unexcused: a.figures.unexcused,
                unrecorded: a.figures.unrecorded,
                before_start: a.figures.before_start,
            })
            .collect();
        // Every contact that took place, by kind and date — never its contents —
        // that the reader may know of (a confidential home visit stays with the trainers).
        let mut contacts: Vec<ReportContact> = file
            .contacts
            .iter()
            .filter(|c| c.date <= today && rules::may_read(audience, c.audience))
            .map(|c| ReportContact { kind: programme.contact_label(&c.kind, crate::Lang::Nl), date: c.date })
            .collect();
        contacts.sort_by(|a, b| (a.date, &a.kind).cmp(&(b.date, &b.kind)));
        // Goals and measurements reach only the readers they are marked for.
        let shown: Vec<(crate::model::Goal, Vec<crate::model::GoalScore>)> =
            file.goals.iter().filter(|(goal, _)| rules::may_read(audience, goal.audience)).cloned().collect();
        let goals = shown
            .iter()
            .map(|(goal, scores)| ReportGoal {
                title: goal.title.clone(),
                levels: vec![
                    goal.level_minus2.clone(),
                    goal.level_minus1.clone(),
                    goal.level_0.clone(),
                    goal.level_plus1.clone(),
                    goal.level_plus2.clone(),
                ],
                latest: scores.last().map(|s| s.level),
                first: scores.first().map(|s| s.level),
            })
            .collect();
        let mut measurements: Vec<ReportMeasurement> = Vec::new();
        for m in file.measurements.iter().filter(|m| rules::may_read(audience, m.audience)) {
            let at = match measurements.iter().position(|e| e.instrument == m.instrument) {
                Some(at) => at,
                None => {
                    measurements.push(ReportMeasurement { instrument: m.instrument.clone(), pre: None, post: None });
                    measurements.len() - 1
                }
            };
            match m.phase {
                Phase::Pre => measurements[at].pre = Some(m.score),
                Phase::Post => measurements[at].post = Some(m.score),
            }
        }
        let observations = file
            .observations
            .iter()
            .filter(|o| rules::may_read(audience, o.audience))
            .map(|o| ReportNote { date: o.date, text: o.text.clone() })
            .collect();
        let tips = file
            .tips
            .iter()
            .filter(|t| rules::may_read(audience, t.audience))
            .map(|t| {
                let title = t.source.as_deref().and_then(|source| {
                    crate::tips::find(source)
                        .map(|l| l.title.clone())
                        .or_else(|| programme.tools.iter().find(|tool| tool.id == source).map(|tool| tool.name.clone()))
                });
                ReportTip { title, text: t.text.clone() }
            })
            .collect();
        Ok(EndReport {
            audience,
            programme: programme.name.clone(),
            programme_full: programme.full_name.clone(),
            child,
            birth_date: file.participant.birth_date,
            school: file.school.as_ref().map(|s| format!("{}, {}", s.name, s.town)),
            class_name: file.participant.class_name.clone(),
            run: file.run.name.clone(),
            period_from: file.sessions.first().map(|s| s.date),
            period_until: file.sessions.last().map(|s| s.date),
            trainers: file.trainers.iter().map(|t| t.name.clone()).collect(),
            attendance,
            contacts,
            goals,
            t_score: t_score(&shown),
            measurements,
            observations,
            tips,
            date: today,
            final_version: None,
        })
    }

    /// The end report as a PDF; the export is logged (what, when, by whom, for whom).
    pub fn end_report_pdf(&mut self, enrolment_id: Uuid, audience: ReportAudience) -> Result<Vec<u8>> {
        let data = self.end_report(enrolment_id, audience)?;
        let pdf = self.render_pdf(enrolment_id, &data)?;
        let detail = format!("end report for {}", audience.key());
        self.audit_export(enrolment_id, "enrolment", enrolment_id, &detail)?;
        Ok(pdf)
    }

    /// The template of the enrolment's programme and the report data as JSON.
    fn template_and_json(&self, enrolment_id: Uuid, data: &EndReport) -> Result<(&'static str, String)> {
        let programme_id = self.run(self.enrolment(enrolment_id)?.run_id)?.programme_id;
        let json = serde_json::to_string(data).map_err(crate::store::StoreError::from)?;
        Ok((report::template(&programme_id), json))
    }

    fn render_pdf(&self, enrolment_id: Uuid, data: &EndReport) -> Result<Vec<u8>> {
        let (template, json) = self.template_and_json(enrolment_id, data)?;
        report::render::pdf(template, json).map_err(|e| Error::Render(e.0))
    }
}

use crate::i18n::capital as capitalised;

/// What a batch export did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct BatchResult {
    /// The folder written into.
    pub folder: String,
    /// Files written, one per enrolment with consent.
    pub written: Vec<String>,
    /// Enrolments left out, with the reason in the user's language.
    pub skipped: Vec<(String, String)>,
}

impl Ineen {
    /// Writes the school end report of every enrolment of a run into `dir`.
    /// Enrolments without consent are left out and listed with the reason.
    /// `progress` is told (done, total, child's name) after each one. An
    /// existing report in `dir` is replaced only with `Existing::Replace`.
    pub fn batch_end_reports(
        &mut self,
        run_id: Uuid,
        dir: &std::path::Path,
        existing: crate::files::Existing,
        mut progress: impl FnMut(usize, usize, &str),
    ) -> Result<BatchResult> {
        std::fs::create_dir_all(dir).map_err(|source| Error::File { path: dir.to_path_buf(), source })?;
        let lang = self.language()?;
        let enrolments = self.run_enrolments(run_id)?;
        let total = enrolments.len();
        let mut result = BatchResult { folder: dir.display().to_string(), written: Vec::new(), skipped: Vec::new() };
        for (done, (e, p)) in enrolments.into_iter().enumerate() {
            match self.end_report_pdf(e.id, ReportAudience::School) {
                Ok(pdf) => {
                    let name = format!("eindverslag-{}-{}.pdf", slug(&p.full_name()), e.id.simple());
                    let path = dir.join(&name);
                    crate::files::write(&path, &pdf, existing, &self.protected_files())?;
                    result.written.push(name);
                }
                Err(err @ (Error::ConsentMissing { .. } | Error::NoSchoolReport { .. })) => {
                    result.skipped.push((p.full_name(), err.short_message(lang)));
                }
                Err(other) => return Err(other),
            }
            report::render::evict_cache();
            progress(done + 1, total, &p.full_name());
        }
        Ok(result)
    }
}

impl Ineen {
    /// Writes the school end reports of a run into a new folder
    /// `<data folder>/verslagen/<run>-<date>/` (the window's batch export).
    pub fn export_run_reports(
        &mut self,
        run_id: Uuid,
        progress: impl FnMut(usize, usize, &str),
    ) -> Result<BatchResult> {
        let run = self.run(run_id)?;
        // A folder of its own each time: an earlier batch is never written over.
        let mut dir = self.reports_dir()?.join(format!("{}-{}", slug(&run.name), self.today()));
        for n in 2.. {
            if std::fs::symlink_metadata(&dir).is_err() {
                break;
            }
            dir = self.reports_dir()?.join(format!("{}-{} ({n})", slug(&run.name), self.today()));
        }
        self.batch_end_reports(run_id, &dir, crate::files::Existing::Keep, progress)
    }
}

/// A file-name-safe form of a name: "Sara El Amrani" → "sara-el-amrani".
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Whose teacher tips: one child's, or those of every child of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TipsFor {
    Enrolment(Uuid),
    Run(Uuid),
}

impl TipsFor {
    fn audit_target(self) -> (&'static str, String) {
        match self {
            TipsFor::Enrolment(id) => ("enrolment", id.to_string()),
            TipsFor::Run(id) => ("run", id.to_string()),
        }
    }
}

/// A handout and the children left out of it, with the reason.
pub struct Handout {
    pub handout: report::TipsHandout,
    pub skipped: Skipped,
}

/// Children left out of a handout or batch: name and reason, in the user's language.
pub type Skipped = Vec<(String, String)>;

/// A teacher-tips file: the class it is for (none for one child's) and its bytes.
pub type TipsFile = (Option<String>, Vec<u8>);

impl Ineen {
    /// The teacher's tips: the tips marked for the school and the
    /// programme's tools. Needs the same consent as a school report: for one
    /// child a refusal is an error; for a run, children without consent (or
    /// without tips) are left out of the handout, and named only to the trainer.
    pub fn tips_handout(&mut self, of: TipsFor) -> Result<Handout> {
        let (run_id, enrolments) = match of {
            TipsFor::Enrolment(id) => (self.enrolment(id)?.run_id, vec![(id, None)]),
            TipsFor::Run(run_id) => {
                (run_id, self.run_enrolments(run_id)?.into_iter().map(|(e, p)| (e.id, Some(p.full_name()))).collect())
            }
        };
        let run = self.run(run_id)?;
        let programme = self.programme(&run.programme_id)?;
        let tools = programme
            .tools
            .iter()
            .map(|t| report::HandoutTool { name: t.name.clone(), description: t.description.nl.clone() })
            .collect();
        let lang = self.language()?;
        let mut children = Vec::new();
        let mut skipped = Vec::new();
        let mut trainers = Vec::new();
        for (enrolment_id, name) in enrolments {
            let data = match (self.end_report(enrolment_id, ReportAudience::School), &name) {
                (Ok(data), _) => data,
                (Err(err @ (Error::ConsentMissing { .. } | Error::NoSchoolReport { .. })), Some(name)) => {
                    skipped.push((name.clone(), err.short_message(lang)));
                    continue;
                }
                (Err(err), _) => return Err(err),
            };
            if data.tips.is_empty() && name.is_some() {
                skipped.push((data.child, crate::error::NO_TIPS_YET.pick(lang).to_string()));
                continue;
            }
            trainers = data.trainers;
            children.push(report::HandoutChild {
                child: data.child,
                school: data.school,
                class_name: data.class_name,
                tips: data.tips,
            });
        }
        // A teacher reads her own class: sorted by school, class, then name.
        children.sort_by(|a, b| (&a.school, &a.class_name, &a.child).cmp(&(&b.school, &b.class_name, &b.child)));
        if children.is_empty() {
            return Err(Invalid::NoTipsForGroup.into());
        }
        let handout = report::TipsHandout {
            programme: programme.name.clone(),
            run: run.name.clone(),
            class: None,
            children,
            trainers,
            tools,
            date: self.today(),
        };
        Ok(Handout { handout, skipped })
    }

    /// The teacher tips as handouts: one child's, or a group's split per
    /// class (school and class), so that each teacher reads only her own
    /// pupils; in class order. The children left out are named apart.
    pub fn tips_handouts(&mut self, of: TipsFor) -> Result<(Vec<report::TipsHandout>, Skipped)> {
        let Handout { handout, skipped } = self.tips_handout(of)?;
        if matches!(of, TipsFor::Enrolment(_)) {
            return Ok((vec![handout], skipped));
        }
        let mut per_class: Vec<report::TipsHandout> = Vec::new();
        for child in handout.children.iter().cloned() {
            let class = match (&child.class_name, &child.school) {
                (Some(class), Some(school)) => format!("{class}, {school}"),
                (Some(class), None) => class.clone(),
                (None, Some(school)) => format!("klas onbekend, {school}"),
                (None, None) => "klas onbekend".to_string(),
            };
            match per_class.iter_mut().find(|h| h.class.as_deref() == Some(class.as_str())) {
                Some(h) => h.children.push(child),
                None => {
                    per_class.push(report::TipsHandout { class: Some(class), children: vec![child], ..handout.clone() })
                }
            }
        }
        Ok((per_class, skipped))
    }

    /// The teacher tips as files — HTML, or PDF — one per handout
    /// ([`Ineen::tips_handouts`]) with its class, each logged like every export.
    pub fn tips_files(&mut self, of: TipsFor, pdf: bool) -> Result<(Vec<TipsFile>, Skipped)> {
        let (handouts, skipped) = self.tips_handouts(of)?;
        let mut files = Vec::with_capacity(handouts.len());
        for handout in handouts {
            let bytes = if pdf {
                let json = serde_json::to_string(&handout).map_err(crate::store::StoreError::from)?;
                report::render::pdf(report::template("tips"), json).map_err(|e| Error::Render(e.0))?
            } else {
                report::tips_html(&handout).into_bytes()
            };
            let (kind, id) = of.audit_target();
            let detail = format!(
                "teacher tips ({}) for school{}",
                if pdf { "pdf" } else { "html" },
                handout.class.as_deref().map(|c| format!(": {c}")).unwrap_or_default()
            );
            self.store.write(|tx| tx.audit("export", Some(kind), Some(&id), Some(&detail)))?;
            files.push((handout.class, bytes));
        }
        Ok((files, skipped))
    }

    /// Writes the teacher tips of every child of a run (HTML) into
    /// `<data folder>/verslagen/`, one file per class, and returns the paths
    /// and who was left out.
    pub fn export_run_tips(&mut self, run_id: Uuid) -> Result<BatchResult> {
        let (files, skipped) = self.tips_files(TipsFor::Run(run_id), false)?;
        let run = self.run(run_id)?;
        let dir = self.reports_dir()?;
        let mut written = Vec::new();
        for (class, html) in files {
            let class = class.map(|c| format!("-{}", slug(&c))).unwrap_or_default();
            let stem = format!("tips-leerkracht-{}{class}-{}", slug(&run.name), self.today());
            let path = crate::files::free_name(&dir, &stem, "html");
            crate::files::write(&path, &html, crate::files::Existing::Keep, &self.protected_files())?;
            written.push(path.display().to_string());
        }
        Ok(BatchResult { folder: dir.display().to_string(), written, skipped })
    }
}

impl Ineen {
    /// Writes an end report into `<data folder>/verslagen/` and returns its path.
    pub fn export_end_report(&mut self, enrolment_id: Uuid, audience: ReportAudience) -> Result<String> {
        let pdf = self.end_report_pdf(enrolment_id, audience)?;
        self.write_export(enrolment_id, &format!("eindverslag-{}", audience.file_word()), "pdf", &pdf)
    }

    /// Writes the teacher-tips handout (HTML) into `<data folder>/verslagen/`.
    pub fn export_tips_handout(&mut self, enrolment_id: Uuid) -> Result<String> {
        let (files, _) = self.tips_files(TipsFor::Enrolment(enrolment_id), false)?;
        let html = files.into_iter().next().map(|(_, bytes)| bytes).unwrap_or_default();
        self.write_export(enrolment_id, "tips-leerkracht", "html", &html)
    }

    /// Puts a file Ineen wrote into its report folder where the user chose
    /// in the window's save dialog: written there (readable by the user
    /// only), then wiped from the report folder. Only a file in the report
    /// folder can be placed, and never into the rest of the data folder.
    /// Returns where it now is.
    pub fn place_export(&self, from: &Path, to: &Path) -> Result<PathBuf> {
        let from = self.export_file(from)?;
        let Some(to) = crate::files::resolved(to) else {
            return Err(Error::OutputRefused { path: to.to_path_buf(), why: Refused::NotAFile });
        };
        if to == from {
            return Ok(from);
        }
        let reports =
            self.reports_dir()?.canonicalize().map_err(|source| Error::File { path: from.clone(), source })?;
        if let Some(data) = self.data_dir.as_ref().and_then(|d| d.canonicalize().ok()) {
            if to.starts_with(&data) && !to.starts_with(&reports) {
                return Err(Error::OutputRefused { path: to, why: Refused::DataFolder });
            }
        }
        let bytes = std::fs::read(&from).map_err(|source| Error::File { path: from.clone(), source })?;
        crate::files::write(&to, &bytes, crate::files::Existing::Replace, &self.protected_files())?;
        crate::files::wipe(&from).map_err(|source| Error::File { path: from.clone(), source })?;
        Ok(to)
    }

    /// Moves files just written into the report folder (an inzage's PDF and
    /// JSON, a batch's reports) into the folder `dir` the user chose, each
    /// under its own name or, where that name is taken there, a free one
    /// (a folder dialog asks no "replace?"). The same refusals as
    /// [`Ineen::place_export`]; when one is refused, that file and those
    /// after it are wiped (saving again makes them anew). A batch's folder
    /// inside the report folder goes once it is empty. Returns where each
    /// file went, in order.
    pub fn place_exports_in(&self, files: &[PathBuf], dir: &Path) -> Result<Vec<PathBuf>> {
        let files = files.iter().map(|f| self.export_file(f)).collect::<Result<Vec<_>>>()?;
        let mut placed = Vec::with_capacity(files.len());
        for (i, from) in files.iter().enumerate() {
            let name = from.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let keep = dir.join(&name);
            let to = if crate::files::resolved(&keep).as_ref() == Some(from) {
                keep
            } else {
                let stem = from.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let ext = from.extension().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                crate::files::free_name(dir, &stem, &ext)
            };
            match self.place_export(from, &to) {
                Ok(p) => placed.push(p),
                Err(e) => {
                    for rest in &files[i..] {
                        let _ = crate::files::wipe(rest);
                    }
                    return Err(e);
                }
            }
        }
        let reports = self.reports_dir()?.canonicalize().ok();
        for from in &files {
            if let Some(parent) = from
                .parent()
                .filter(|p| Some(*p) != reports.as_deref() && placed.iter().all(|t| t.parent() != Some(*p)))
            {
                // Only an empty folder is removed; one still holding files stays.
                let _ = std::fs::remove_dir(parent);
            }
        }
        Ok(placed)
    }

    /// Sets a file just written into the report folder aside under a hidden
    /// name while the save dialog is open, so that the dialog offers its name
    /// as free (not "replace the existing file?"). What an earlier dialog
    /// left aside (the window ended while it was open) is wiped first.
    /// Returns the hidden file, for [`Ineen::place_export`] or
    /// [`Ineen::discard_export`].
    pub fn set_aside_export(&self, path: &Path) -> Result<PathBuf> {
        let path = self.export_file(path)?;
        let dir = self.reports_dir()?;
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') && name.ends_with(PENDING) && entry.path().is_file() {
                    let _ = crate::files::wipe(&entry.path());
                }
            }
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let aside = path.with_file_name(format!(".{name}{PENDING}"));
        std::fs::rename(&path, &aside).map_err(|source| Error::File { path: path.clone(), source })?;
        Ok(aside)
    }

    /// Wipes a file Ineen wrote into its report folder (a save cancelled in
    /// the window).
    pub fn discard_export(&self, path: &Path) -> Result<()> {
        let path = self.export_file(path)?;
        crate::files::wipe(&path).map_err(|source| Error::File { path, source })
    }

    /// Whether `path` is in the report folder (a file Ineen wrote, or a
    /// folder of a batch): the window opens and shows only those, and what
    /// the user saved elsewhere.
    pub fn is_export(&self, path: &Path) -> bool {
        let reports = self.reports_dir().ok().and_then(|d| d.canonicalize().ok());
        match (reports, path.canonicalize()) {
            (Some(reports), Ok(path)) => path.starts_with(reports),
            _ => false,
        }
    }

    /// `path` resolved, when it is a file in the report folder.
    pub fn export_file(&self, path: &Path) -> Result<PathBuf> {
        let resolved = path.canonicalize().ok().filter(|p| p.is_file() && self.is_export(p));
        resolved.ok_or_else(|| Error::OutputRefused { path: path.to_path_buf(), why: Refused::NotAnExport })
    }

    /// Notes an export made from an enrolment's dossier in the audit.
    fn audit_export(&mut self, enrolment_id: Uuid, table: &str, id: Uuid, detail: &str) -> Result<()> {
        let participant = self.enrolment(enrolment_id).ok().map(|e| e.participant_id);
        let id = id.to_string();
        self.store.write(|tx| tx.audit_of("export", Some(table), Some(&id), participant, Some(detail)))?;
        Ok(())
    }

    fn write_export(&mut self, enrolment_id: Uuid, what: &str, ext: &str, bytes: &[u8]) -> Result<String> {
        let dir = self.reports_dir()?;
        let child = self.participant(self.enrolment(enrolment_id)?.participant_id)?.full_name();
        let stem = format!("{what}-{}-{}", slug(&child), self.today());
        if let Some(parent) = dir.join(&stem).parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::File { path: parent.to_path_buf(), source })?;
        }
        // Saved again the same day: a new name, never over the earlier file.
        let path = crate::files::free_name(&dir, &stem, ext);
        crate::files::write(&path, bytes, crate::files::Existing::Keep, &self.protected_files())?;
        Ok(path.display().to_string())
    }
}

impl Ineen {
    /// Freezes the end report as the next final version: its content is kept
    /// with a content hash; the PDF (with "definitief" and the hash in the
    /// footer) is written to `<data folder>/verslagen/definitief/`.
    /// Returns the version and the PDF's path.
    pub fn finalise_end_report(
        &mut self,
        enrolment_id: Uuid,
        audience: ReportAudience,
    ) -> Result<(crate::model::EndReportVersion, String)> {
        let data = self.end_report(enrolment_id, audience)?;
        let who = audience.key();
        let content = serde_json::to_string(&data).map_err(crate::store::StoreError::from)?;
        let by = self.status()?.me.map(|t| t.name).unwrap_or_else(|| "Ineen".into());
        let mut record = crate::model::EndReportVersion {
            id: self.new_id(),
            enrolment_id,
            audience: who.into(),
            version: 0,
            content_hash: report::content_hash(&content),
            content,
            finalised_on: data.date,
            finalised_by: by,
            sent_on: None,
            sent_how: None,
            sent_to: None,
        };
        // The version is kept first (its PDF can always be made again from
        // it), numbered inside the same transaction that adds it.
        let record = self.store.write(|tx| -> Result<crate::model::EndReportVersion> {
            let latest = tx.latest_final_version(enrolment_id, who)?.unwrap_or(0);
            if latest >= rules::MAX_FINAL_VERSION {
                return Err(Error::FinalInvalid { version: latest, why: "too many versions".into() });
            }
            record.version = latest + 1;
            tx.insert(&record)?;
            Ok(record)
        })?;
        let path = self.final_pdf_file(&record)?;
        Ok((record, path))
    }

    /// The final versions of an enrolment's reports, newest first.
    pub fn final_reports(&self, enrolment_id: Uuid) -> Result<Vec<crate::model::EndReportVersion>> {
        Ok(self.store.final_versions(enrolment_id)?)
    }

    /// A frozen version's kept content, marked final with its version and
    /// hash — after checking that it is still what was finalised, and, for
    /// the school, that today there is still consent to share it.
    fn frozen(&mut self, version: &crate::model::EndReportVersion) -> Result<EndReport> {
        rules::final_version_sound(version).map_err(|why| Error::FinalInvalid { version: version.version, why })?;
        let audience = if version.audience == "school" { ReportAudience::School } else { ReportAudience::Parents };
        let today = self.today();
        let file = self.enrolment_file(version.enrolment_id)?;
        consent_given(&file, audience, today)?;
        let mut data: EndReport = serde_json::from_str(&version.content).map_err(crate::store::StoreError::from)?;
        data.final_version = Some(report::FinalMark { version: version.version, hash: version.content_hash.clone() });
        Ok(data)
    }

    /// Renders a frozen version from its kept content (never from today's data).
    pub fn final_report_pdf(&mut self, version: &crate::model::EndReportVersion) -> Result<Vec<u8>> {
        let frozen = self.frozen(version)?;
        let pdf = self.render_pdf(version.enrolment_id, &frozen)?;
        let detail =
            format!("final end report v{} ({}) for {}", version.version, version.content_hash, version.audience);
        self.audit_export(version.enrolment_id, "end_report", version.id, &detail)?;
        Ok(pdf)
    }

    /// A frozen version as an editable Word copy, from its kept content.
    pub fn final_report_docx(&mut self, version: &crate::model::EndReportVersion) -> Result<Vec<u8>> {
        let frozen = self.frozen(version)?;
        let bytes = report::docx::end_report(&frozen).map_err(|e| Error::Render(e.to_string()))?;
        let detail = format!(
            "final end report v{} ({}) as docx for {}",
            version.version, version.content_hash, version.audience
        );
        self.audit_export(version.enrolment_id, "end_report", version.id, &detail)?;
        Ok(bytes)
    }

    /// Writes a final version's PDF again (from its kept content) and returns the path.
    pub fn export_final_report(&mut self, version_id: Uuid) -> Result<String> {
        let version = self
            .store
            .get::<crate::model::EndReportVersion>(version_id)?
            .ok_or_else(|| Error::NotFound(Kind::Report, version_id.to_string()))?;
        self.final_pdf_file(&version)
    }

    fn final_pdf_file(&mut self, version: &crate::model::EndReportVersion) -> Result<String> {
        let pdf = self.final_report_pdf(version)?;
        let audience = if version.audience == ReportAudience::School.key() {
            ReportAudience::School
        } else {
            ReportAudience::Parents
        };
        let who = audience.file_word();
        let what = format!("definitief/eindverslag-{who}-v{}", version.version);
        self.write_export(version.enrolment_id, &what, "pdf", &pdf)
    }
}

impl Ineen {
    /// The library tips for an enrolment's programme: its own first, then the general ones.
    pub fn tip_library(&mut self, enrolment_id: Uuid) -> Result<Vec<crate::tips::LibraryTip>> {
        let run = self.run(self.enrolment(enrolment_id)?.run_id)?;
        Ok(crate::tips::for_programme(&run.programme_id))
    }

    /// Selects a library tip for an enrolment: its text is copied into a tip
    /// record (so later library changes never alter a written report).
    /// Selecting a tip twice keeps the first.
    pub fn select_library_tip(&mut self, enrolment_id: Uuid, tip_id: &str) -> Result<Tip> {
        let run = self.run(self.enrolment(enrolment_id)?.run_id)?;
        let library = crate::tips::find(tip_id)
            .filter(|t| t.fits(&run.programme_id))
            .ok_or_else(|| Error::NotFound(Kind::Tip, tip_id.to_string()))?;
        if let Some(tip) = self.store.tip_from_library(enrolment_id, tip_id)? {
            return Ok(tip);
        }
        let tip = Tip {
            id: self.new_id(),
            enrolment_id,
            source: Some(library.id.clone()),
            text: library.text.clone(),
            audience: library.audience,
        };
        self.save(&tip)?;
        Ok(tip)
    }

    /// Removes a tip from an enrolment (a library tip can be selected again).
    pub fn remove_tip(&mut self, tip_id: Uuid) -> Result<()> {
        if !self.delete::<Tip>(tip_id)? {
            return Err(Error::NotFound(Kind::Tip, tip_id.to_string()));
        }
        Ok(())
    }

    /// The end report's pages as SVG images, exactly as the PDF will show
    /// them: the preview in the report editor. Not an export; logged as a read.
    pub fn end_report_preview(&mut self, enrolment_id: Uuid, audience: ReportAudience) -> Result<Vec<String>> {
        let data = self.end_report(enrolment_id, audience)?;
        let participant = self.enrolment(enrolment_id)?.participant_id;
        self.audit_read(participant, "enrolment", enrolment_id, &format!("end report preview for {}", audience.key()))?;
        let (template, json) = self.template_and_json(enrolment_id, &data)?;
        let pages = report::render::svg_pages(template, json).map_err(|e| Error::Render(e.0))?;
        report::render::evict_cache();
        Ok(pages)
    }

    /// The end report as an editable Word document, for schools that add
    /// their own remarks. Same content and filters as the PDF; logged.
    pub fn end_report_docx(&mut self, enrolment_id: Uuid, audience: ReportAudience) -> Result<Vec<u8>> {
        let data = self.end_report(enrolment_id, audience)?;
        let bytes = report::docx::end_report(&data).map_err(|e| Error::Render(e.to_string()))?;
        let detail = format!("end report (docx) for {}", audience.key());
        self.audit_export(enrolment_id, "enrolment", enrolment_id, &detail)?;
        Ok(bytes)
    }

    /// Writes the Word copy into `<data folder>/verslagen/` and returns its path.
    pub fn export_end_report_docx(&mut self, enrolment_id: Uuid, audience: ReportAudience) -> Result<String> {
        let bytes = self.end_report_docx(enrolment_id, audience)?;
        self.write_export(enrolment_id, &format!("eindverslag-{}", audience.file_word()), "docx", &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ineen::fixture::{consent, demo, enrolment};
    use crate::model::{Audience, Giver, Observation};

    #[test]
    fn the_school_needs_consent_and_reads_only_what_is_marked_for_it() {
        let mut ineen = demo();
        let sara = enrolment(&ineen, "Sara El Amrani");
        let err = ineen.end_report(sara, ReportAudience::School).expect_err("no consent");
        assert_eq!(err.code(), ErrorCode::ConsentMissing);

        let today = ineen.today();
        for (text, audience) in [
            ("Voor school.", Audience::School),
            ("Voor ouders.", Audience::Parents),
            ("Alleen trainers.", Audience::Trainers),
        ] {
            ineen
                .upsert(Observation { id: Uuid::nil(), enrolment_id: sara, date: today, text: text.into(), audience })
                .expect("observation");
        }
        consent(&mut ineen, sara, Giver::Guardian, Audience::School, today);
        let notes = |r: &EndReport| r.observations.iter().map(|o| o.text.clone()).collect::<Vec<_>>();
        let school = ineen.end_report(sara, ReportAudience::School).expect("with consent");
        assert!(notes(&school).contains(&"Voor school.".to_string()));
        assert!(!notes(&school).iter().any(|t| t == "Voor ouders." || t == "Alleen trainers."));
        let parents = ineen.end_report(sara, ReportAudience::Parents).expect("parents");
        assert!(
            notes(&parents).contains(&"Voor ouders.".to_string())
                && notes(&parents).contains(&"Voor school.".to_string())
        );
        assert!(!notes(&parents).contains(&"Alleen trainers.".to_string()));
    }

    #[test]
    fn final_versions_count_up_per_audience() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut ineen = Ineen::open_with(
            dir.path(),
            &crate::keys::Unlock::for_tests(),
            Box::new(crate::clock::TestClock::school_year_start()),
        )
        .expect("open");
        ineen.demo().expect("demo");
        let daan = enrolment(&ineen, "Daan de Vries");
        let (v1, path) = ineen.finalise_end_report(daan, ReportAudience::School).expect("v1");
        let (v2, _) = ineen.finalise_end_report(daan, ReportAudience::School).expect("v2");
        let (p1, _) = ineen.finalise_end_report(daan, ReportAudience::Parents).expect("parents v1");
        assert_eq!((v1.version, v2.version, p1.version), (1, 2, 1));
        assert_eq!(v1.content_hash, v2.content_hash, "nothing changed in between");
        assert!(std::path::Path::new(&path).exists());
        let listed: Vec<(String, u32)> =
            ineen.final_reports(daan).expect("list").into_iter().map(|v| (v.audience, v.version)).collect();
        assert_eq!(listed[0].1, 2, "newest first");
        assert_eq!(listed.len(), 3);
    }

    /// Issue 11, fourth reproduction: a frozen version is checked on every
    /// read, a school version needs today's consent, imports of unsound
    /// versions are refused.
    #[test]
    fn a_final_version_stays_what_was_finalised() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut ineen = Ineen::open_with(
            dir.path(),
            &crate::keys::Unlock::for_tests(),
            Box::new(crate::clock::TestClock::school_year_start()),
        )
        .expect("open");
        ineen.demo().expect("demo");
        let daan = enrolment(&ineen, "Daan de Vries");
        let (v1, _) = ineen.finalise_end_report(daan, ReportAudience::School).expect("v1");
        assert!(ineen.final_report_pdf(&v1).is_ok());

        // Changed after it was frozen: no report is made of it.
        let mut tampered = v1.clone();
        tampered.content = tampered.content.replacen("Daan", "Bram", 1);
        ineen.save(&tampered).expect("save");
        let err = ineen.final_report_pdf(&tampered).expect_err("tampered");
        assert_eq!(err.code(), ErrorCode::FinalInvalid);
        assert!(err.message(crate::Lang::Nl).contains("klopt niet meer"), "{}", err.message(crate::Lang::Nl));
        assert!(ineen.export_final_report(v1.id).is_err());
        ineen.save(&v1).expect("restore");

        // Consent withdrawn since: the school version is not made again.
        for mut c in ineen.enrolment_file(daan).expect("file").consents {
            c.withdrawn_on = Some(ineen.today());
            ineen.save(&c).expect("withdraw");
        }
        assert_eq!(ineen.final_report_docx(&v1).expect_err("withdrawn").code(), ErrorCode::ConsentMissing);

        // An export whose final version lies about itself is refused whole.
        let good = ineen.export_json().expect("export");
        let mut b = Ineen::open_in_memory().expect("b");
        let at = good.find("\"end_reports\"").expect("end reports exported");
        let (head, tail) = good.split_at(at);
        for (from, to, why) in [
            (
                format!("\"content_hash\": \"{}\"", v1.content_hash),
                "\"content_hash\": \"000000000000\"".to_string(),
                "fingerprint",
            ),
            ("\"version\": 1,".to_string(), "\"version\": 4294967295,".to_string(), "between 1 and"),
            ("\"audience\": \"school\"".to_string(), "\"audience\": \"iedereen\"".to_string(), "neither school"),
        ] {
            assert!(tail.contains(&from), "{from}");
            let err = b.import_json(&format!("{head}{}", tail.replacen(&from, &to, 1))).expect_err("refused");
            let msg = err.message(crate::Lang::En);
            assert!(msg.contains("records.end_reports[0].data") && msg.contains(why), "{msg}");
        }
        assert!(b.enrolments().expect("list").is_empty(), "nothing of it was taken in");
    }

    #[test]
    fn a_library_tip_is_chosen_once() {
        let mut ineen = demo();
        let daan = enrolment(&ineen, "Daan de Vries");
        let first = ineen.select_library_tip(daan, "complimenten-veel-en-gericht").expect("select");
        let again = ineen.select_library_tip(daan, "complimenten-veel-en-gericht").expect("again");
        assert_eq!(first.id, again.id);
        assert_eq!(ineen.store.tip_from_library(daan, "complimenten-veel-en-gericht").expect("find"), Some(first));
    }
}

#[cfg(test)]
mod placing {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::clock::TestClock;
    use crate::ineen::fixture::enrolment;
    use crate::keys::Unlock;
    use crate::report::ReportAudience;

    fn demo(dir: &Path) -> (Ineen, PathBuf) {
        let mut ineen =
            Ineen::open_with(&dir.join("data"), &Unlock::for_tests(), Box::new(TestClock::school_year_start()))
                .expect("open");
        ineen.demo().expect("demo");
        let daan = enrolment(&ineen, "Daan de Vries");
        let pdf = PathBuf::from(ineen.export_end_report(daan, ReportAudience::Parents).expect("pdf"));
        (ineen, pdf)
    }

    #[test]
    fn a_saved_report_moves_where_the_user_chose_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (ineen, pdf) = demo(dir.path());
        let bytes = std::fs::read(&pdf).expect("pdf");
        let to = dir.path().join("Documenten/Eindverslag Daan.pdf");
        std::fs::create_dir_all(to.parent().expect("parent")).expect("folder");
        let placed = ineen.place_export(&pdf, &to).expect("placed");
        assert_eq!(placed, to.canonicalize().expect("there"));
        assert_eq!(std::fs::read(&to).expect("moved"), bytes);
        assert!(!pdf.exists(), "not left in the report folder");
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&to).expect("meta").permissions()) & 0o777,
            0o600
        );
        // While the dialog is open the file is aside, its name free; kept
        // under that name in the report folder, nothing hidden is left.
        let daan = enrolment(&ineen, "Daan de Vries");
        let mut ineen = ineen;
        let again = PathBuf::from(ineen.export_end_report(daan, ReportAudience::Parents).expect("pdf"));
        let aside = ineen.set_aside_export(&again).expect("aside");
        assert!(!again.exists() && aside.exists());
        let placed = ineen.place_export(&aside, &again).expect("kept");
        assert_eq!(placed, again.canonicalize().expect("there"));
        assert!(!aside.exists());
        let hidden = |dir: &Path| {
            std::fs::read_dir(dir)
                .expect("dir")
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
                .count()
        };
        assert_eq!(hidden(again.parent().expect("folder")), 0);
        // One left aside by a window that ended with its dialog open is wiped by the next.
        let third = PathBuf::from(ineen.export_end_report(daan, ReportAudience::Parents).expect("pdf"));
        let stale = ineen.set_aside_export(&third).expect("aside");
        let fourth = PathBuf::from(ineen.export_end_report_docx(daan, ReportAudience::Parents).expect("pdf"));
        ineen.set_aside_export(&fourth).expect("aside");
        assert!(!stale.exists(), "the stale one is wiped");
        assert_eq!(hidden(again.parent().expect("folder")), 1);
    }

    /// An inzage (two files) and a group's batch go into the folder chosen
    /// in a folder dialog, under their own names or free ones; the batch's
    /// folder in the report folder goes once empty; the report folder itself
    /// keeps them where they are; the data folder is refused and nothing is
    /// left behind.
    #[test]
    fn files_go_together_into_a_chosen_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut ineen, _) = demo(dir.path());
        let child = ineen.enrolment(enrolment(&ineen, "Daan de Vries")).expect("enrolment").participant_id;
        let chosen = dir.path().join("Inzageverzoeken");
        std::fs::create_dir_all(&chosen).expect("folder");
        let inzage = |ineen: &mut Ineen| {
            let made = ineen.export_inzage(child, &[], None).expect("inzage");
            vec![PathBuf::from(made.pdf), PathBuf::from(made.json)]
        };
        let first = inzage(&mut ineen);
        let placed = ineen.place_exports_in(&first, &chosen).expect("placed");
        let names: Vec<_> = placed.iter().map(|p| p.file_name().expect("name").to_owned()).collect();
        assert_eq!(names, first.iter().map(|p| p.file_name().expect("name").to_owned()).collect::<Vec<_>>());
        assert!(placed.iter().all(|p| p.starts_with(chosen.canonicalize().expect("c")) && p.exists()));
        assert!(first.iter().all(|p| !p.exists()), "moved, not copied");
        // The same inzage again: its names are taken there, so free ones.
        let second = inzage(&mut ineen);
        let again = ineen.place_exports_in(&second, &chosen).expect("placed");
        assert!(again[0].to_string_lossy().ends_with(" (2).pdf"), "{again:?}");
        // Kept in the report folder: where they are, as they are.
        let kept = inzage(&mut ineen);
        let reports = ineen.reports_dir().expect("reports");
        let canonical: Vec<PathBuf> = kept.iter().map(|p| p.canonicalize().expect("there")).collect();
        assert_eq!(ineen.place_exports_in(&kept, &reports).expect("kept"), canonical);
        // A group's batch: the files into the chosen folder, its own folder gone.
        let run = ineen.enrolment(enrolment(&ineen, "Daan de Vries")).expect("enrolment").run_id;
        let batch = ineen.export_run_reports(run, |_, _, _| {}).expect("batch");
        let files: Vec<PathBuf> = batch.written.iter().map(|n| Path::new(&batch.folder).join(n)).collect();
        assert!(files.len() >= 5);
        let placed = ineen.place_exports_in(&files, &chosen).expect("placed");
        assert_eq!(placed.len(), files.len());
        assert!(!Path::new(&batch.folder).exists(), "the emptied batch folder went");
        // Into the data folder: refused, and nothing is left behind.
        let refused = inzage(&mut ineen);
        let err = ineen.place_exports_in(&refused, &dir.path().join("data")).expect_err("refused");
        assert!(matches!(err, Error::OutputRefused { why: Refused::DataFolder, .. }), "{err:?}");
        assert!(refused.iter().all(|p| !p.exists()));
    }

    #[test]
    fn only_a_report_folder_file_is_placed_and_never_into_the_data_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (ineen, pdf) = demo(dir.path());
        let data = dir.path().join("data");
        // Into the data folder, the store's place included: refused, the file stays.
        for target in [data.join("eindverslag.pdf"), data.join(crate::ineen::DB_FILE)] {
            let err = ineen.place_export(&pdf, &target).expect_err("refused");
            assert!(
                matches!(err, Error::OutputRefused { why: Refused::DataFolder | Refused::Store, .. }),
                "{target:?}: {err:?}"
            );
            assert!(pdf.exists());
        }
        // A file that is not one of Ineen's reports is neither moved nor wiped.
        let foreign = dir.path().join("brief.txt");
        std::fs::write(&foreign, "van iemand anders").expect("write");
        let err = ineen.place_export(&foreign, &dir.path().join("ergens.txt")).expect_err("refused");
        assert!(matches!(err, Error::OutputRefused { why: Refused::NotAnExport, .. }), "{err:?}");
        assert!(ineen.discard_export(&foreign).is_err());
        assert!(foreign.exists());
        assert!(ineen.discard_export(&data.join(crate::ineen::DB_FILE)).is_err());
        assert!(data.join(crate::ineen::DB_FILE).exists());
        assert!(err.message(crate::Lang::Nl).contains("geen bestand dat Ineen"), "{}", err.message(crate::Lang::Nl));
        // A cancelled save wipes the report.
        ineen.discard_export(&pdf).expect("discarded");
        assert!(!pdf.exists());
    }
}
