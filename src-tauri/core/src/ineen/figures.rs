//! The yearly figures for the funder: per programme, region, school and
//! trainer — children reached, groups held, attendance per track, completed
//! and stopped trajectories (with the reasons), required contacts done, GAS
//! goals and T-scores, and the change between pre and post measurements.
//! Groups count in the school year they started in. Only aggregates leave
//! here: no child's name, no text but the reasons for stopping.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Ineen;
use crate::curriculum::TrackKind;
use crate::error::{Error, Invalid, Result};
use crate::model::{AttendanceStatus, EnrolmentStatus, Phase};
use crate::rules;
use crate::table::{Cell, Table};
use crate::Lang;

/// Which way the figures are broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    Total,
    Programme,
    Region,
    School,
    Trainer,
}

impl Breakdown {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Breakdown::Total => lang.pick("Totaal", "Total"),
            Breakdown::Programme => lang.pick("Programma", "Programme"),
            Breakdown::Region => lang.pick("Regio", "Region"),
            Breakdown::School => lang.pick("School", "School"),
            Breakdown::Trainer => lang.pick("Trainer", "Trainer"),
        }
    }
}

/// Attendance of one track: held sessions of the children taking part, and
/// how many of those they attended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TrackRate {
    pub track: TrackKind,
    pub held: u32,
    pub attended: u32,
}

/// The change on one instrument between the first pre and the last post score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MeasurementChange {
    pub instrument: String,
    /// Children with both a pre and a post score.
    pub pairs: u32,
    pub pre_mean: f64,
    pub post_mean: f64,
}

/// A reason for stopping and how often it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u32,
}

/// The figures of one programme, region, school or trainer (or all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FigureLine {
    pub by: Breakdown,
    pub label: String,
    /// Children who took part (intake or further), each counted once.
    pub children: u32,
    /// Groups with at least one session held.
    pub groups: u32,
    pub attendance: Vec<TrackRate>,
    pub completed: u32,
    pub stopped: u32,
    pub under_way: u32,
    pub stop_reasons: Vec<ReasonCount>,
    pub contacts_required: u32,
    pub contacts_done: u32,
    /// Goals with at least one score, and of those the ones whose latest score is 0 or better.
    pub goals_scored: u32,
    pub goals_met: u32,
    /// The mean of the children's GAS T-scores (over their scored goals).
    pub t_score_mean: Option<f64>,
    pub t_scores: u32,
    pub measurements: Vec<MeasurementChange>,
}

/// The figures of a school year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Figures {
    pub school_year: String,
    pub made_on: NaiveDate,
    pub organisation: Option<String>,
    pub total: FigureLine,
    /// By programme, region, school and trainer, each by label.
    pub lines: Vec<FigureLine>,
}

/// A dated score.
type Dated = Option<(NaiveDate, f64)>;

/// One enrolment's share of the figures.
struct Fact {
    participant: Uuid,
    status: EnrolmentStatus,
    reason: Option<String>,
    tracks: Vec<TrackRate>,
    required: u32,
    done: u32,
    goals_scored: u32,
    goals_met: u32,
    t_score: Option<f64>,
    /// Per instrument: the first pre and the last post score.
    scores: BTreeMap<String, (Dated, Dated)>,
}

/// The figures of a line as they are summed.
#[derive(Default)]
struct Sum {
    children: std::collections::HashSet<Uuid>,
    groups: std::collections::HashSet<Uuid>,
    tracks: BTreeMap<u8, TrackRate>,
    completed: u32,
    stopped: u32,
    under_way: u32,
    reasons: BTreeMap<String, u32>,
    required: u32,
    done: u32,
    goals_scored: u32,
    goals_met: u32,
    t_sum: f64,
    t_n: u32,
    pairs: BTreeMap<String, (u32, f64, f64)>,
}

impl Sum {
    fn add(&mut self, run: Uuid, held_any: bool, f: &Fact) {
        if held_any {
            self.groups.insert(run);
        }
        if f.status == EnrolmentStatus::Referred {
            return;
        }
        self.children.insert(f.participant);
        for t in &f.tracks {
            let s = self.tracks.entry(t.track as u8).or_insert(TrackRate { track: t.track, held: 0, attended: 0 });
            s.held += t.held;
            s.attended += t.attended;
        }
        match f.status {
            EnrolmentStatus::Completed => self.completed += 1,
            EnrolmentStatus::Stopped => {
                self.stopped += 1;
                let reason = f.reason.clone().unwrap_or_default();
                *self.reasons.entry(reason).or_default() += 1;
            }
            _ => self.under_way += 1,
        }
        self.required += f.required;
        self.done += f.done;
        self.goals_scored += f.goals_scored;
        self.goals_met += f.goals_met;
        if let Some(t) = f.t_score {
            self.t_sum += t;
            self.t_n += 1;
        }
        for (instrument, (pre, post)) in &f.scores {
            if let (Some((_, pre)), Some((_, post))) = (pre, post) {
                let p = self.pairs.entry(instrument.clone()).or_default();
                p.0 += 1;
                p.1 += pre;
                p.2 += post;
            }
        }
    }

    /// Adds a group's sum (each group is summed once, then added to its
    /// programme, region, school and trainers).
    fn merge(&mut self, other: &Sum) {
        self.children.extend(other.children.iter().copied());
        self.groups.extend(other.groups.iter().copied());
        for (k, t) in &other.tracks {
            let s = self.tracks.entry(*k).or_insert(TrackRate { track: t.track, held: 0, attended: 0 });
            s.held += t.held;
            s.attended += t.attended;
        }
        self.completed += other.completed;
        self.stopped += other.stopped;
        self.under_way += other.under_way;
        for (reason, n) in &other.reasons {
            *self.reasons.entry(reason.clone()).or_default() += n;
        }
        self.required += other.required;
        self.done += other.done;
        self.goals_scored += other.goals_scored;
        self.goals_met += other.goals_met;
        self.t_sum += other.t_sum;
        self.t_n += other.t_n;
        for (instrument, (n, pre, post)) in &other.pairs {
            let p = self.pairs.entry(instrument.clone()).or_default();
            p.0 += n;
            p.1 += pre;
            p.2 += post;
        }
    }

    fn line(self, by: Breakdown, label: String) -> FigureLine {
        let mut stop_reasons: Vec<ReasonCount> =
            self.reasons.into_iter().map(|(reason, count)| ReasonCount { reason, count }).collect();
        stop_reasons.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
        FigureLine {
            by,
            label,
            children: self.children.len() as u32,
            groups: self.groups.len() as u32,
            attendance: self.tracks.into_values().collect(),
            completed: self.completed,
            stopped: self.stopped,
            under_way: self.under_way,
            stop_reasons,
            contacts_required: self.required,
            contacts_done: self.done,
            goals_scored: self.goals_scored,
            goals_met: self.goals_met,
            t_score_mean: (self.t_n > 0).then(|| self.t_sum / f64::from(self.t_n)),
            t_scores: self.t_n,
            measurements: self
                .pairs
                .into_iter()
                .map(|(instrument, (n, pre, post))| MeasurementChange {
                    instrument,
                    pairs: n,
                    pre_mean: pre / f64::from(n),
                    post_mean: post / f64::from(n),
                })
                .collect(),
        }
    }
}

impl Ineen {
    /// The figures of a school year ("2026-2027"; the current one when `None`).
    pub fn figures(&mut self, school_year: Option<&str>) -> Result<Figures> {
        let today = self.today();
        let lang = self.language().unwrap_or_default();
        let year = school_year.map_or_else(|| rules::school_year(today), |y| y.trim().to_string());
        let (from, until) = rules::school_year_days(&year).ok_or(Error::Invalid(Invalid::SchoolYear))?;
        let file = self.store.year_file(from, until, false)?;

        let index = file.index();
        let mut sums: BTreeMap<(Breakdown, String), Sum> = BTreeMap::new();
        let mut total = Sum::default();
        for run in file.runs.iter().filter(|r| from <= r.start_date && r.start_date <= until) {
            let programme = self.programme(&run.programme_id)?;
            let held_any = programme.tracks.iter().any(|t| index.held(run.id, t.kind) > 0);
            let (first, last) = index.span(run.id);
            let region = match run.region {
                Some(r) => format!("{r:?}"),
                None => lang.pick("geen regio", "no region").into(),
            };
            let school = run
                .school_id
                .and_then(|id| file.schools.get(&id))
                .map_or_else(|| lang.pick("geen school", "no school").to_string(), |s| s.name.clone());
            let mut keys = vec![
                (Breakdown::Programme, programme.name.clone()),
                (Breakdown::Region, region),
                (Breakdown::School, school),
            ];
            for t in file.trainers.get(&run.id).into_iter().flatten() {
                keys.push((Breakdown::Trainer, t.clone()));
            }
            let mut group = Sum::default();
            if held_any {
                group.groups.insert(run.id);
            }
            for e in index.enrolments(run.id) {
                let own = index.marks(e.id);
                let tracks = programme
                    .tracks
                    .iter()
                    .map(|t| {
                        let person = rules::person_of_track(t.kind);
                        let attended = own
                            .iter()
                            .filter(|m| m.track == t.kind && m.person == person)
                            .filter(|m| matches!(m.status, AttendanceStatus::Present | AttendanceStatus::Late))
                            .map(|m| m.count)
                            .sum();
                        TrackRate { track: t.kind, held: index.held_for(run.id, e.id, t.kind).1, attended }
                    })
                    .collect();
                let kinds = index.contacts_of(run.id, e.id);
                let checklist = rules::checklist(&programme, &kinds, first, last, today);
                let own_goals = index.goals(e.id);
                let scored: Vec<(i8, u32)> =
                    own_goals.iter().filter_map(|g| g.latest.map(|level| (level, g.weight))).collect();
                let mut scores = BTreeMap::new();
                for m in index.measurements(e.id) {
                    let entry: &mut (Dated, Dated) = scores.entry(m.instrument.clone()).or_default();
                    match m.phase {
                        Phase::Pre if entry.0.is_none_or(|(d, _)| m.date < d) => entry.0 = Some((m.date, m.score)),
                        Phase::Post if entry.1.is_none_or(|(d, _)| m.date >= d) => entry.1 = Some((m.date, m.score)),
                        _ => {}
                    }
                }
                let fact = Fact {
                    participant: e.participant_id,
                    status: e.status,
                    reason: e.status_reason.clone(),
                    tracks,
                    required: checklist.iter().map(|c| c.required).sum(),
                    done: checklist.iter().map(|c| c.done.min(c.required)).sum(),
                    goals_scored: scored.len() as u32,
                    goals_met: scored.iter().filter(|(level, _)| *level >= 0).count() as u32,
                    t_score: rules::gas_t_score(&scored),
                    scores,
                };
                group.add(run.id, held_any, &fact);
            }
            for key in keys {
                sums.entry(key).or_default().merge(&group);
            }
            total.merge(&group);
        }
        let organisation = self.store.organisations()?.into_iter().next().map(|o| o.name);
        Ok(Figures {
            school_year: year,
            made_on: today,
            organisation,
            total: total.line(Breakdown::Total, lang.pick("Totaal", "Total").into()),
            lines: sums.into_iter().map(|((by, label), sum)| sum.line(by, label)).collect(),
        })
    }

    /// The figures as spreadsheet tables: the lines, the measurements and
    /// the reasons for stopping.
    pub fn figures_tables(&self, figures: &Figures) -> [Table; 3] {
        let lang = self.language().unwrap_or_default();
        let nl = lang == Lang::Nl;
        let tracks = [TrackKind::Child, TrackKind::Individual, TrackKind::Parent, TrackKind::Teacher];
        let mut columns: Vec<String> = vec![
            lang.pick("Indeling", "Breakdown").into(),
            lang.pick("Naam", "Name").into(),
            lang.pick("Kinderen", "Children").into(),
            lang.pick("Groepen", "Groups").into(),
        ];
        for t in tracks {
            columns.push(format!("{} {}", lang.pick("Aanwezigheid", "Attendance"), t.label(lang)));
        }
        columns.extend(
            [
                lang.pick("Afgerond", "Completed"),
                lang.pick("Gestopt", "Stopped"),
                lang.pick("Loopt nog", "Under way"),
                lang.pick("Verplichte contacten gedaan", "Required contacts done"),
                lang.pick("Doelen gescoord", "Goals scored"),
                lang.pick("Doelen op 0 of beter", "Goals at 0 or better"),
                lang.pick("Gemiddelde T-score", "Mean T-score"),
            ]
            .map(String::from),
        );
        let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut main = Table::new(lang.pick("Cijfers", "Figures"), &refs);
        let share = |a: u32, b: u32| if b > 0 { Cell::Share(f64::from(a) / f64::from(b)) } else { Cell::Empty };
        let mut changes = Table::new(
            lang.pick("Metingen", "Measurements"),
            &if nl {
                [
                    "Indeling",
                    "Naam",
                    "Instrument",
                    "Kinderen met voor- en nameting",
                    "Gemiddeld voor",
                    "Gemiddeld na",
                    "Verandering",
                ]
            } else {
                ["Breakdown", "Name", "Instrument", "Children with pre and post", "Mean pre", "Mean post", "Change"]
            },
        );
        let mut reasons = Table::new(
            lang.pick("Redenen stoppen", "Reasons for stopping"),
            &if nl { ["Indeling", "Naam", "Reden", "Aantal"] } else { ["Breakdown", "Name", "Reason", "Count"] },
        );
        for l in std::iter::once(&figures.total).chain(&figures.lines) {
            let mut row: Vec<Cell> =
                vec![l.by.label(lang).into(), l.label.clone().into(), l.children.into(), l.groups.into()];
            for t in tracks {
                row.push(l.attendance.iter().find(|r| r.track == t).map_or(Cell::Empty, |r| share(r.attended, r.held)));
            }
            row.extend([
                l.completed.into(),
                l.stopped.into(),
                l.under_way.into(),
                share(l.contacts_done, l.contacts_required),
                l.goals_scored.into(),
                share(l.goals_met, l.goals_scored),
                l.t_score_mean.map_or(Cell::Empty, Cell::Decimal),
            ]);
            main.push(row);
            for m in &l.measurements {
                changes.push(vec![
                    l.by.label(lang).into(),
                    l.label.clone().into(),
                    m.instrument.clone().into(),
                    m.pairs.into(),
                    Cell::Decimal(m.pre_mean),
                    Cell::Decimal(m.post_mean),
                    Cell::Decimal(m.post_mean - m.pre_mean),
                ]);
            }
            for r in &l.stop_reasons {
                let reason = if r.reason.is_empty() {
                    lang.pick("(geen reden)", "(no reason)").into()
                } else {
                    r.reason.clone()
                };
                reasons.push(vec![l.by.label(lang).into(), l.label.clone().into(), reason.into(), r.count.into()]);
            }
        }
        [main, changes, reasons]
    }

    /// The figures of a school year as a file: `pdf` (the yearly report),
    /// `xlsx` or `csv` (the main table); logged in the audit.
    pub fn export_figures(&mut self, school_year: Option<&str>, format: FiguresFormat) -> Result<Vec<u8>> {
        let figures = self.figures(school_year)?;
        let bytes = match format {
            FiguresFormat::Pdf => {
                let json = serde_json::to_string(&figures).map_err(crate::store::StoreError::from)?;
                let pdf = crate::report::render::pdf(crate::report::template("figures"), json)
                    .map_err(|e| Error::Render(e.0))?;
                crate::report::render::evict_cache();
                pdf
            }
            FiguresFormat::Xlsx => {
                let [a, b, c] = self.figures_tables(&figures);
                crate::table::to_xlsx(&[&a, &b, &c])?
            }
            FiguresFormat::Csv => self.figures_tables(&figures)[0].to_csv()?.into_bytes(),
        };
        let detail = format!("figures {} ({format:?})", figures.school_year);
        self.store.write(|tx| tx.audit_of("export", None, None, None, Some(&detail)))?;
        Ok(bytes)
    }

    /// Writes the figures into the report folder under a free name; returns its path.
    pub fn save_figures(&mut self, school_year: Option<&str>, format: FiguresFormat) -> Result<String> {
        let bytes = self.export_figures(school_year, format)?;
        let year = school_year.map_or_else(|| rules::school_year(self.today()), str::to_string);
        let dir = self.reports_dir()?;
        let ext = match format {
            FiguresFormat::Pdf => "pdf",
            FiguresFormat::Xlsx => "xlsx",
            FiguresFormat::Csv => "csv",
        };
        let path = crate::files::free_name(&dir, &format!("jaarcijfers-{year}"), ext);
        crate::files::write(&path, &bytes, crate::files::Existing::Keep, &self.protected_files())?;
        Ok(path.display().to_string())
    }
}

/// The file the figures are written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FiguresFormat {
    Pdf,
    Xlsx,
    Csv,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TestClock;
    use crate::ineen::fixture::enrolment;

    #[test]
    fn the_years_figures_count_children_groups_attendance_and_reasons_without_a_name() {
        let clock = TestClock::school_year_start();
        let mut ineen = Ineen::open_in_memory_with(Box::new(clock.clone())).expect("store");
        ineen.demo().expect("demo");
        let sara = enrolment(&ineen, "Sara El Amrani");
        ineen.set_enrolment_status(sara, EnrolmentStatus::Stopped, Some("verhuisd naar Zwolle")).expect("stopped");
        // The demo's groups began in the summer of 2026: school year 2025-2026.
        let f = ineen.figures(Some("2025-2026")).expect("figures");
        let all = ineen.enrolments().expect("enrolments");
        let taking_part = all
            .iter()
            .filter(|e| e.status != EnrolmentStatus::Referred)
            .filter(|e| {
                let run = ineen.store.get::<crate::model::Run>(e.run_id).expect("run").expect("run");
                rules::school_year(run.start_date) == "2025-2026"
            })
            .count() as u32;
        assert_eq!(f.total.children, taking_part);
        assert_eq!(f.total.stopped, 1);
        assert_eq!(f.total.stop_reasons, vec![ReasonCount { reason: "verhuisd naar Zwolle".into(), count: 1 }]);
        let stop = f.lines.iter().find(|l| l.by == Breakdown::Programme && l.label == "STOP 4-7").expect("stop");
        assert_eq!((stop.children, stop.groups), (9, 1));
        let child = stop.attendance.iter().find(|a| a.track == TrackKind::Child).expect("child track");
        // Nine children, eight held sessions: Sara missed two, three more one each (demo).
        assert_eq!(child.held, 72);
        assert!(child.attended < child.held && child.attended >= 66, "{child:?}");
        assert!(f.lines.iter().any(|l| l.by == Breakdown::Trainer), "per trainer");
        assert!(stop.goals_scored > 0 && stop.t_score_mean.is_some(), "the demo scores goals: {stop:?}");
        let json = serde_json::to_string(&f).expect("json");
        for e in &all {
            assert!(!json.contains(&e.participant), "no child's name in the figures: {}", e.participant);
        }
        let [main, _, reasons] = ineen.figures_tables(&f);
        assert_eq!(main.rows.len(), f.lines.len() + 1);
        assert_eq!(reasons.rows[0][2], Cell::Text("verhuisd naar Zwolle".into()));
        // Another year has nothing to count.
        let empty = ineen.figures(Some("2030-2031")).expect("figures");
        assert_eq!((empty.total.children, empty.total.groups, empty.lines.len()), (0, 0, 0));
    }
}
