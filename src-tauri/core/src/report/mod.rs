//! End reports (eindverslagen): the data a school or parents may see of an
//! enrolment, built from the store and filtered by audience and consent,
//! then typeset by Typst into a PDF.
//!
//! Only texts marked for the report's audience go in: a trainers-only
//! (confidential) observation, contact summary, note or tip never does, and a
//! report for the school needs recorded, unwithdrawn consent.

pub mod render;

use chrono::NaiveDate;
use include_dir::{include_dir, Dir};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../assets/reports");

/// Who a report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportAudience {
    School,
    Parents,
}

/// Attendance of one track in a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportAttendance {
    pub track: String,
    pub held: u32,
    pub attended: u32,
    pub late: u32,
    pub excused: u32,
    pub unexcused: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportContact {
    pub kind: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportGoal {
    pub title: String,
    /// Level descriptions from −2 to +2.
    pub levels: Vec<String>,
    pub latest: Option<i8>,
    pub first: Option<i8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportMeasurement {
    pub instrument: String,
    pub pre: Option<f64>,
    pub post: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportNote {
    pub date: NaiveDate,
    pub text: String,
}

/// Everything an end report shows, already filtered for its audience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EndReport {
    pub audience: ReportAudience,
    pub programme: String,
    pub programme_full: Option<String>,
    pub child: String,
    pub birth_date: NaiveDate,
    pub school: Option<String>,
    pub class_name: Option<String>,
    pub run: String,
    pub period_from: Option<NaiveDate>,
    pub period_until: Option<NaiveDate>,
    pub trainers: Vec<String>,
    pub attendance: Vec<ReportAttendance>,
    pub contacts: Vec<ReportContact>,
    pub goals: Vec<ReportGoal>,
    pub t_score: Option<f64>,
    pub measurements: Vec<ReportMeasurement>,
    pub observations: Vec<ReportNote>,
    pub tips: Vec<String>,
    /// The date printed on the report.
    pub date: NaiveDate,
}

/// The template for a programme: `assets/reports/<programme>.typ`, else the common one.
pub fn template(programme_id: &str) -> &'static str {
    TEMPLATES
        .get_file(format!("{programme_id}.typ"))
        .or_else(|| TEMPLATES.get_file("common.typ"))
        .and_then(|f| f.contents_utf8())
        .unwrap_or_default()
}
