//! The coordinator's overview: every group of a school year with its
//! children, their attendance, open flags, missing required contacts and
//! where each end report stands; marking a final report sent; the overview
//! as a spreadsheet.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::enrolments::assess;
use super::Ineen;
use crate::curriculum::{contact_name, ContactKind, OwnContactKind};
use crate::error::{Error, Field, Invalid, Kind, Result};
use crate::model::{Delivery, EndReportVersion, EnrolmentStatus, Region, School, ZatMeeting};
use crate::rules::{self, AttendanceFigures, CheckState, Flag, ReportState};
use crate::store::overview::YearFile;
use crate::table::{Cell, Table};
use crate::Lang;

/// One child in a group, at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OverviewRow {
    pub enrolment_id: Uuid,
    pub participant_id: Uuid,
    pub participant: String,
    pub status: EnrolmentStatus,
    /// The main track's attendance (the children's group or individual sessions).
    pub attendance: AttendanceFigures,
    /// The trajectory's open flags (while it is under way).
    pub flags: Vec<Flag>,
    /// Required contacts whose deadline passed without them.
    pub missing_contacts: Vec<ContactKind>,
    pub report: ReportState,
}

/// One group of the school year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OverviewGroup {
    pub run_id: Uuid,
    pub name: String,
    pub programme_id: String,
    pub programme: String,
    pub school_year: String,
    pub region: Option<Region>,
    pub trainers: Vec<String>,
    pub school: Option<String>,
    pub start: NaiveDate,
    /// The day of the last session planned.
    pub end: Option<NaiveDate>,
    /// Whether the last session lies before today.
    pub ended: bool,
    /// The programme's own kinds of contact, to name missing ones.
    pub contact_kinds: Vec<OwnContactKind>,
    pub rows: Vec<OverviewRow>,
}

/// Every group of a school year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Overview {
    /// "2026-2027".
    pub school_year: String,
    /// The school years that have groups, newest first (this one included).
    pub school_years: Vec<String>,
    pub today: NaiveDate,
    pub groups: Vec<OverviewGroup>,
    /// Per school with a group or a ZAT meeting this year: its ZAT meetings.
    pub zat: Vec<SchoolZat>,
}

/// The ZAT meetings of one school in a school year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SchoolZat {
    pub school_id: Uuid,
    pub school: String,
    /// The meetings, by date.
    pub meetings: Vec<ZatMeeting>,
}

/// A final report marked sent: when, how and to whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MarkSent {
    pub version_id: Uuid,
    pub sent_on: NaiveDate,
    pub how: Delivery,
    pub to: String,
}

impl Delivery {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Delivery::InPerson => lang.pick("persoonlijk overhandigd", "handed over"),
            Delivery::Email => lang.pick("per e-mail", "by e-mail"),
            Delivery::Post => lang.pick("per post", "by post"),
            Delivery::Portal => lang.pick("via het portaal", "through the portal"),
        }
    }
}

impl Ineen {
    /// The overview of a school year ("2026-2027"; the current one when
    /// `None`): each group that started in it, by start date, with every
    /// child's attendance, flags, missing contacts and end-report state.
    pub fn overview(&mut self, school_year: Option<&str>) -> Result<Overview> {
        let today = self.today();
        let year = match school_year {
            Some(y) => y.trim().to_string(),
            None => rules::school_year(today),
        };
        let (from, until) = rules::school_year_days(&year).ok_or(Error::Invalid(Invalid::SchoolYear))?;
        let file = self.store.year_file(from, until, true)?;
        let mut school_years: Vec<String> = self.store.run_starts()?.into_iter().map(rules::school_year).collect();
        school_years.push(year.clone());
        school_years.sort_unstable_by(|a, b| b.cmp(a));
        school_years.dedup();
        let groups = self.compose(&file, &year, today)?;
        let zat = self.zat_of_year(&file, from, until)?;
        Ok(Overview { school_year: year, school_years, today, groups, zat })
    }

    /// The ZAT meetings of a school year per school: every school with a
    /// group under way that year (none held shows as none) or a meeting.
    fn zat_of_year(&self, file: &YearFile, from: NaiveDate, until: NaiveDate) -> Result<Vec<SchoolZat>> {
        let mut by_school: std::collections::BTreeMap<Uuid, Vec<ZatMeeting>> =
            file.runs.iter().filter_map(|r| r.school_id).map(|id| (id, Vec::new())).collect();
        for m in self.store.zat_meetings(from, until)? {
            by_school.entry(m.school_id).or_default().push(m);
        }
        let mut out = Vec::with_capacity(by_school.len());
        for (school_id, meetings) in by_school {
            let school = match file.schools.get(&school_id) {
                Some(s) => s.name.clone(),
                None => self.store.get::<School>(school_id)?.map(|s| s.name).unwrap_or_default(),
            };
            out.push(SchoolZat { school_id, school, meetings });
        }
        out.sort_by(|a, b| a.school.cmp(&b.school));
        Ok(out)
    }

    /// Records (or corrects) a ZAT meeting at a school: checked like any
    /// record; the school must exist.
    pub fn save_zat_meeting(&mut self, meeting: ZatMeeting) -> Result<ZatMeeting> {
        if self.store.get::<School>(meeting.school_id)?.is_none() {
            return Err(Error::NotFound(Kind::School, meeting.school_id.to_string()));
        }
        self.upsert(meeting)
    }

    fn compose(&mut self, file: &YearFile, year: &str, today: NaiveDate) -> Result<Vec<OverviewGroup>> {
        let index = file.index();
        let mut groups = Vec::with_capacity(file.runs.len());
        for run in &file.runs {
            let programme = self.programme(&run.programme_id)?;
            let main = programme.main_track().map(|t| t.kind);
            let (first, last) = index.span(run.id);
            let mut rows = Vec::new();
            for e in index.enrolments(run.id) {
                let mut attendance = AttendanceFigures::default();
                if let Some(track) = main {
                    (attendance.before_start, attendance.held) = index.held_for(run.id, e.id, track);
                    let person = rules::person_of_track(track);
                    let mut recorded = 0;
                    for m in index.marks(e.id).iter().filter(|m| m.track == track && m.person == person) {
                        attendance.add(Some(m.status), m.count);
                        recorded += m.count;
                    }
                    attendance.add(None, attendance.held.saturating_sub(recorded));
                }
                let contacts = index.contacts_of(run.id, e.id);
                let checklist = rules::checklist(&programme, &contacts, first, last, today);
                let finals: Vec<rules::FinalSeen<'_>> = index
                    .finals(e.id)
                    .iter()
                    .map(|f| rules::FinalSeen {
                        id: f.id,
                        audience: &f.audience,
                        version: f.version,
                        finalised_on: f.finalised_on,
                        sent_on: f.sent_on,
                        sent_how: f.sent_how,
                        sent_to: f.sent_to.as_deref(),
                    })
                    .collect();
                let report = rules::report_state(&programme, e.status, last, &checklist, &finals, today);
                // The flags of a trajectory under way come from its whole
                // file: the same rule as the enrolment page's.
                let flags = if rules::under_way(e) {
                    match self.store.enrolment_file(e.id)? {
                        Some(f) => assess(&f, &programme, today).flags,
                        None => Vec::new(),
                    }
                } else {
                    Vec::new()
                };
                rows.push(OverviewRow {
                    enrolment_id: e.id,
                    participant_id: e.participant_id,
                    participant: file.names.get(&e.participant_id).cloned().unwrap_or_default(),
                    status: e.status,
                    attendance,
                    flags,
                    missing_contacts: checklist
                        .iter()
                        .filter(|c| c.state == CheckState::Missing)
                        .map(|c| c.kind.clone())
                        .collect(),
                    report,
                });
            }
            rows.sort_by(|a, b| a.participant.cmp(&b.participant));
            groups.push(OverviewGroup {
                run_id: run.id,
                name: run.name.clone(),
                programme_id: programme.id.clone(),
                programme: programme.name.clone(),
                school_year: year.to_string(),
                region: run.region,
                trainers: file.trainers.get(&run.id).cloned().unwrap_or_default(),
                school: run.school_id.and_then(|id| file.schools.get(&id)).map(|s| s.name.clone()),
                start: run.start_date,
                end: last,
                ended: last.is_some_and(|l| l < today),
                contact_kinds: programme.contact_kinds.clone(),
                rows,
            });
        }
        Ok(groups)
    }

    /// Marks a final report sent (when, how, to whom); logged in the audit
    /// with the child's dossier. Marking it again corrects the mark.
    pub fn mark_report_sent(&mut self, mark: MarkSent) -> Result<EndReportVersion> {
        let today = self.today();
        let mut to = mark.to;
        crate::validate::line(Field::SentTo, &mut to).map_err(Error::Invalid)?;
        let mut version = self
            .store
            .get::<EndReportVersion>(mark.version_id)?
            .ok_or_else(|| Error::NotFound(Kind::Report, mark.version_id.to_string()))?;
        if mark.sent_on < version.finalised_on || mark.sent_on > today {
            return Err(Error::Invalid(Invalid::SentOn { finalised_on: version.finalised_on }));
        }
        let participant = self.store.get::<crate::model::Enrolment>(version.enrolment_id)?.map(|e| e.participant_id);
        version.sent_on = Some(mark.sent_on);
        version.sent_how = Some(mark.how);
        version.sent_to = Some(to.clone());
        let detail = format!(
            "report v{} ({}) sent on {} {:?} to {to}",
            version.version, version.audience, mark.sent_on, mark.how
        );
        let id = version.id.to_string();
        self.store.write(|tx| -> Result<()> {
            tx.put(&version)?;
            tx.audit_of("send", Some("end_report"), Some(&id), participant, Some(&detail))?;
            Ok(())
        })?;
        Ok(version)
    }

    /// The overview as one spreadsheet row per child (groups without
    /// children get one row of their own).
    pub fn overview_table(&mut self, overview: &Overview) -> Result<Table> {
        let lang = self.language().unwrap_or_default();
        let nl = lang == Lang::Nl;
        let columns: &[&str] = if nl {
            &[
                "Schooljaar",
                "Groep",
                "Programma",
                "Regio",
                "School",
                "Trainers",
                "Start",
                "Laatste bijeenkomst",
                "Deelnemer",
                "Status",
                "Gehouden",
                "Bijgewoond",
                "Aanwezigheid",
                "Signalen",
                "Ontbrekende contacten",
                "Eindverslag",
                "Versie",
                "Verstuurd op",
                "Hoe",
                "Aan",
            ]
        } else {
            &[
                "School year",
                "Group",
                "Programme",
                "Region",
                "School",
                "Trainers",
                "Start",
                "Last session",
                "Participant",
                "Status",
                "Held",
                "Attended",
                "Attendance",
                "Flags",
                "Missing contacts",
                "End report",
                "Version",
                "Sent on",
                "How",
                "To",
            ]
        };
        let mut table = Table::new(if nl { "Overzicht" } else { "Overview" }, columns);
        for g in &overview.groups {
            let region = g.region.map(|r| format!("{r:?}"));
            let head = || -> Vec<Cell> {
                vec![
                    g.school_year.clone().into(),
                    g.name.clone().into(),
                    g.programme.clone().into(),
                    region.clone().into(),
                    g.school.clone().into(),
                    g.trainers.join(", ").into(),
                    g.start.into(),
                    g.end.into(),
                ]
            };
            if g.rows.is_empty() {
                let mut row = head();
                row.extend(std::iter::repeat_n(Cell::Empty, columns.len() - row.len()));
                table.push(row);
            }
            for r in &g.rows {
                let mut row = head();
                let (version, sent_on, how, to) = match &r.report {
                    ReportState::Final { version, .. } => (Some(*version), None, None, None),
                    ReportState::Sent { version, sent_on, how, to, .. } => {
                        (Some(*version), Some(*sent_on), how.map(|h| h.label(lang).to_string()), to.clone())
                    }
                    _ => (None, None, None, None),
                };
                let a = &r.attendance;
                row.extend([
                    r.participant.clone().into(),
                    r.status.label(lang).into(),
                    a.held.into(),
                    a.attended().into(),
                    if a.held > 0 { Cell::Share(f64::from(a.attended()) / f64::from(a.held)) } else { Cell::Empty },
                    r.flags.iter().map(|f| f.describe(lang)).collect::<Vec<_>>().join("; ").into(),
                    r.missing_contacts
                        .iter()
                        .map(|k| contact_name(&g.contact_kinds, k, lang))
                        .collect::<Vec<_>>()
                        .join("; ")
                        .into(),
                    r.report.describe(lang).into(),
                    version.into(),
                    sent_on.into(),
                    how.into(),
                    to.into(),
                ]);
                table.push(row);
            }
        }
        Ok(table)
    }

    /// The overview of a school year as CSV or XLSX bytes; the export is
    /// logged in the audit (once per child named in it).
    pub fn export_overview(&mut self, school_year: Option<&str>, xlsx: bool) -> Result<Vec<u8>> {
        let overview = self.overview(school_year)?;
        let table = self.overview_table(&overview)?;
        let bytes = if xlsx {
            let zat = self.zat_table(&overview);
            crate::table::to_xlsx(&[&table, &zat])?
        } else {
            table.to_csv()?.into_bytes()
        };
        let what = format!("overview {} ({})", overview.school_year, if xlsx { "xlsx" } else { "csv" });
        self.store.write(|tx| -> Result<()> {
            for row in overview.groups.iter().flat_map(|g| &g.rows) {
                let id = row.enrolment_id.to_string();
                tx.audit_of("export", Some("enrolment"), Some(&id), Some(row.participant_id), Some(&what))?;
            }
            Ok(())
        })?;
        Ok(bytes)
    }

    /// The ZAT meetings of the overview's year, one row per meeting (a
    /// school without one gets a row that says so): the workbook's second sheet.
    pub fn zat_table(&self, overview: &Overview) -> Table {
        let lang = self.language().unwrap_or_default();
        let columns: &[&str] = match lang {
            Lang::Nl => &["Schooljaar", "School", "Datum", "Wie", "Besproken leerlingen"],
            Lang::En => &["School year", "School", "Date", "Who", "Pupils discussed"],
        };
        let mut table = Table::new(lang.pick("ZAT-overleg", "ZAT meetings"), columns);
        for s in &overview.zat {
            if s.meetings.is_empty() {
                let (year, school) = (overview.school_year.clone().into(), s.school.clone().into());
                table.push(vec![year, school, Cell::Empty, Cell::Empty, Cell::Empty]);
            }
            for m in &s.meetings {
                table.push(vec![
                    overview.school_year.clone().into(),
                    s.school.clone().into(),
                    m.date.into(),
                    m.people.clone().into(),
                    m.discussed.into(),
                ]);
            }
        }
        table
    }

    /// Writes the overview of a school year (CSV or XLSX) into the data
    /// folder's report folder under a free name; returns its path.
    pub fn save_overview(&mut self, school_year: Option<&str>, xlsx: bool) -> Result<String> {
        let bytes = self.export_overview(school_year, xlsx)?;
        let year = school_year.map_or_else(|| rules::school_year(self.today()), str::to_string);
        let dir = self.reports_dir()?;
        let path = crate::files::free_name(&dir, &format!("overzicht-{year}"), if xlsx { "xlsx" } else { "csv" });
        crate::files::write(&path, &bytes, crate::files::Existing::Keep, &self.protected_files())?;
        Ok(path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TestClock;
    use crate::ineen::fixture::enrolment;
    use crate::report::ReportAudience;

    /// The demo in a real data folder (final reports are written as files).
    fn demo_on(clock: &TestClock, dir: &std::path::Path) -> Ineen {
        let mut ineen =
            Ineen::open_with(dir, &crate::keys::Unlock::for_tests(), Box::new(clock.clone())).expect("open");
        ineen.demo().expect("demo");
        ineen
    }

    fn row<'a>(o: &'a Overview, name: &str) -> &'a OverviewRow {
        o.groups.iter().flat_map(|g| &g.rows).find(|r| r.participant == name).expect(name)
    }

    #[test]
    fn the_year_shows_every_group_and_where_each_end_report_stands() {
        let clock = TestClock::school_year_start();
        let dir = tempfile::tempdir().expect("tempdir");
        let mut ineen = demo_on(&clock, dir.path());
        let o = ineen.overview(None).expect("overview");
        assert_eq!(
            (o.school_year.as_str(), o.school_years.clone()),
            ("2026-2027", vec!["2026-2027".into(), "2025-2026".into()])
        );
        let stop =
            o.groups.iter().find(|g| g.programme_id == "stop-4-7").expect("a group that started in July is under way");
        assert_eq!((stop.rows.len(), stop.trainers.len(), stop.ended), (9, 3, false));
        let sara = row(&o, "Sara El Amrani");
        assert_eq!((sara.attendance.held, sara.attendance.attended()), (8, 6));
        assert!(sara.flags.contains(&Flag::ConsecutiveAbsences { count: 2 }), "{:?}", sara.flags);
        assert_eq!(sara.report, ReportState::NotDue, "the group is still going");

        // Two months on, the group has ended: reports are due.
        clock.set_date(NaiveDate::from_ymd_opt(2026, 11, 16).expect("date"));
        let daan = enrolment(&ineen, "Daan de Vries");
        let (v1, _) = ineen.finalise_end_report(daan, ReportAudience::School).expect("final");
        let o = ineen.overview(Some("2026-2027")).expect("overview");
        assert!(o.groups.iter().find(|g| g.programme_id == "stop-4-7").expect("stop").ended);
        assert!(matches!(row(&o, "Daan de Vries").report, ReportState::Final { version: 1, .. }));
        assert!(
            matches!(row(&o, "Emma Jansen").report, ReportState::Due | ReportState::ConceptReady),
            "{:?}",
            row(&o, "Emma Jansen").report
        );

        // Marked sent: checked, logged with the child's dossier.
        let mark = |on: NaiveDate| MarkSent {
            version_id: v1.id,
            sent_on: on,
            how: Delivery::Email,
            to: "  juf Meijer  ".into(),
        };
        let early = ineen.mark_report_sent(mark(v1.finalised_on.pred_opt().expect("day"))).expect_err("before final");
        assert!(
            early.message(Lang::Nl).contains("niet vóór het verslag definitief werd"),
            "{}",
            early.message(Lang::Nl)
        );
        ineen.mark_report_sent(mark(NaiveDate::from_ymd_opt(2026, 11, 17).expect("date"))).expect_err("tomorrow");
        let sent = ineen.mark_report_sent(mark(NaiveDate::from_ymd_opt(2026, 11, 16).expect("date"))).expect("sent");
        assert_eq!(sent.sent_to.as_deref(), Some("juf Meijer"), "trimmed by the core");
        let o = ineen.overview(None).expect("overview");
        let ReportState::Sent { version, how, to, .. } = &row(&o, "Daan de Vries").report else { panic!("sent") };
        assert_eq!((*version, *how, to.as_deref()), (1, Some(Delivery::Email), Some("juf Meijer")));
        let child = ineen.enrolment(daan).expect("e").participant_id;
        let log = ineen
            .audit(&crate::store::privacy::AuditFilter { dossier: Some(child), ..Default::default() })
            .expect("audit");
        assert!(log.iter().any(|e| e.action == "send"), "the mark is in the dossier's audit");

        // The spreadsheet: Dutch CSV, typed XLSX, every child's export logged.
        let csv = String::from_utf8(ineen.export_overview(None, false).expect("csv")).expect("utf-8");
        assert!(csv.starts_with("\u{feff}Schooljaar;Groep;Programma;"), "{}", &csv[..80]);
        let daan_line = csv.lines().find(|l| l.contains("Daan de Vries")).expect("daan");
        assert!(
            daan_line.contains(";100,0%;") && daan_line.contains(";16-11-2026;per e-mail;juf Meijer"),
            "{daan_line}"
        );
        let log = ineen
            .audit(&crate::store::privacy::AuditFilter { dossier: Some(child), ..Default::default() })
            .expect("audit");
        assert!(log.iter().any(|e| e.action == "export" && e.detail.as_deref() == Some("overview 2026-2027 (csv)")));
        let xlsx = ineen.export_overview(None, true).expect("xlsx");
        use calamine::{Data, Reader, Xlsx};
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("xlsx opens");
        let sheet = book.worksheet_range("Overzicht").expect("sheet");
        let header: Vec<String> = sheet.rows().next().expect("header").iter().map(|c| c.to_string()).collect();
        let col = |name: &str| header.iter().position(|h| h == name).expect(name);
        let daan_row = sheet.rows().find(|r| r[col("Deelnemer")] == Data::String("Daan de Vries".into())).expect("row");
        assert_eq!(daan_row[col("Gehouden")], Data::Float(8.0), "a number, not text");
        assert_eq!(daan_row[col("Aanwezigheid")], Data::Float(1.0), "a share, formatted as a percentage");
        assert!(
            matches!(daan_row[col("Verstuurd op")], Data::DateTime(_)),
            "a date: {:?}",
            daan_row[col("Verstuurd op")]
        );
        assert!(matches!(daan_row[col("Start")], Data::DateTime(_)));

        // ZAT meetings per school and school year: the demo's Maasstad had one before the
        // summer and one after; a third is recorded now.
        let maasstad = |o: &Overview| -> Vec<NaiveDate> {
            o.zat
                .iter()
                .find(|z| z.school == "Maasstad College")
                .expect("maasstad")
                .meetings
                .iter()
                .map(|m| m.date)
                .collect()
        };
        let before = ineen.overview(Some("2025-2026")).expect("last year");
        assert_eq!(maasstad(&before), vec![NaiveDate::from_ymd_opt(2026, 6, 29).expect("date")]);
        let o = ineen.overview(None).expect("overview");
        assert_eq!(maasstad(&o), vec![NaiveDate::from_ymd_opt(2026, 8, 17).expect("date")]);
        assert!(o.zat.iter().any(|z| z.meetings.is_empty()), "a school with groups and no ZAT meeting is listed too");
        let school_id = o.zat.iter().find(|z| z.school == "Maasstad College").expect("maasstad").school_id;
        let meeting = |discussed: u32, school_id: Uuid| ZatMeeting {
            id: Uuid::nil(),
            school_id,
            date: NaiveDate::from_ymd_opt(2026, 11, 10).expect("date"),
            people: " zorgcoördinator, trainer Samira ".into(),
            discussed,
            notes: String::new(),
            audience: crate::model::Audience::Trainers,
        };
        let saved = ineen.save_zat_meeting(meeting(4, school_id)).expect("saved");
        assert_eq!(saved.people, "zorgcoördinator, trainer Samira");
        assert!(ineen.save_zat_meeting(meeting(500, school_id)).is_err(), "500 pupils is a typing error");
        let unknown = ineen.save_zat_meeting(meeting(4, Uuid::from_u128(7))).expect_err("no such school");
        assert!(unknown.message(Lang::Nl).contains("school"), "{}", unknown.message(Lang::Nl));
        let o = ineen.overview(None).expect("overview");
        assert_eq!(maasstad(&o).len(), 2);
        let xlsx = ineen.export_overview(None, true).expect("xlsx");
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("xlsx opens");
        let zat = book.worksheet_range("ZAT-overleg").expect("a ZAT sheet");
        let maasstad_rows: Vec<_> = zat.rows().filter(|r| r[1] == Data::String("Maasstad College".into())).collect();
        assert_eq!(maasstad_rows.len(), 2);
        assert!(matches!(maasstad_rows[1][2], Data::DateTime(_)));
        assert_eq!(maasstad_rows[1][4], Data::Float(4.0));

        let wrong = ineen.overview(Some("2026/2027")).expect_err("not a school year");
        assert_eq!(wrong.message(Lang::En), "Write a school year as 2026-2027.");
    }
}
