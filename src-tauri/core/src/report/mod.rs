//! End reports (eindverslagen): the data a school or parents may see of an
//! enrolment, built from the store and filtered by audience and consent,
//! then typeset by Typst into a PDF.
//!
//! Only texts marked for the report's audience go in: a trainers-only
//! (confidential) observation, contact summary, note or tip never does, and a
//! report for the school needs recorded, unwithdrawn consent.

pub mod docx;
#[cfg(feature = "typeset")]
pub mod render;
/// Without the `typeset` feature (the fuzz builds, which never make a
/// report) no typesetter is compiled in; every report then fails with
/// this answer instead.
#[cfg(not(feature = "typeset"))]
pub mod render {
    #[derive(Debug, thiserror::Error)]
    #[error("the report template failed: {0}")]
    pub struct RenderError(pub String);

    fn absent() -> RenderError {
        RenderError("this build of Ineen has no typesetter (feature \"typeset\")".into())
    }

    pub fn svg_pages(_template: &str, _data_json: String) -> Result<Vec<String>, RenderError> {
        Err(absent())
    }

    pub fn pdf(_template: &str, _data_json: String) -> Result<Vec<u8>, RenderError> {
        Err(absent())
    }

    pub fn evict_cache() {}
}

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
    /// Held sessions after the start without a record.
    #[serde(default)]
    pub unrecorded: u32,
    /// Held sessions before the child's start (joined later), not counted.
    #[serde(default)]
    pub before_start: u32,
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

/// A tip as printed: the library's title (or the tool's name) when it came
/// from there, and the text the trainer chose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportTip {
    pub title: Option<String>,
    pub text: String,
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
    pub tips: Vec<ReportTip>,
    /// The date printed on the report.
    pub date: NaiveDate,
    /// Set on a final report: its version and content hash.
    #[serde(default)]
    pub final_version: Option<FinalMark>,
}

/// What a final report prints in its footer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FinalMark {
    pub version: u32,
    pub hash: String,
}

/// The short content hash of a report: 12 hex digits of SHA-256.
/// Whether a character is written right to left (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko and their presentation forms).
fn right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A person's text isolated from what surrounds it (U+2068 … U+2069) when
/// it holds right-to-left script: a name in Arabic then cannot turn the
/// labels and figures beside it around. Other text is left as it is.
pub fn isolate(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(right_to_left) {
        std::borrow::Cow::Owned(format!("\u{2068}{text}\u{2069}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Every string in a template's data, isolated as [`isolate`] does.
#[cfg_attr(not(feature = "typeset"), allow(dead_code))]
pub(crate) fn isolate_all(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) => {
            if let std::borrow::Cow::Owned(isolated) = isolate(s) {
                *s = isolated;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(isolate_all),
        serde_json::Value::Object(map) => map.values_mut().for_each(isolate_all),
        _ => {}
    }
}

pub fn content_hash(content: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(content.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The template for a programme: `assets/reports/<programme>.typ`, else the common one.
pub fn template(programme_id: &str) -> &'static str {
    TEMPLATES
        .get_file(format!("{programme_id}.typ"))
        .or_else(|| TEMPLATES.get_file("common.typ"))
        .and_then(|f| f.contents_utf8())
        .unwrap_or_default()
}

/// A tool of the programme, as the handout explains it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HandoutTool {
    pub name: String,
    pub description: String,
}

/// One child in a teacher-tips handout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HandoutChild {
    pub child: String,
    pub school: Option<String>,
    pub class_name: Option<String>,
    pub tips: Vec<ReportTip>,
}

/// "Tips voor de leerkracht": the practical tips for the teacher of one
/// child, or of every child of a run (those with consent and tips).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TipsHandout {
    pub programme: String,
    pub run: String,
    /// The class whose teacher reads it ("groep 2b, Basisschool De
    /// Regenboog"): a group's tips go to each teacher apart.
    #[serde(default)]
    pub class: Option<String>,
    pub children: Vec<HandoutChild>,
    pub trainers: Vec<String>,
    pub tools: Vec<HandoutTool>,
    pub date: NaiveDate,
}

/// Escapes text for HTML element content and attribute values.
/// A person's text for HTML: escaped, and isolated as [`isolate`] does
/// (browsers honour the isolate marks, also in the title).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in isolate(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The handout as one self-contained HTML file: styles inline, no scripts,
/// no links to anything outside, so it opens offline in any browser.
pub fn tips_html(h: &TipsHandout) -> String {
    let list = |items: Vec<String>| items.into_iter().map(|i| format!("<li>{i}</li>")).collect::<String>();
    let single = h.children.len() == 1;
    let mut children = String::new();
    for c in &h.children {
        let tips = list(
            c.tips
                .iter()
                .map(|t| match &t.title {
                    Some(title) => format!("<strong>{}</strong><br>{}", escape(title), escape(&t.text)),
                    None => escape(&t.text),
                })
                .collect(),
        );
        let school = c.school.as_deref().map(escape).unwrap_or_default();
        let class = c.class_name.as_deref().map(|k| format!(", {}", escape(k))).unwrap_or_default();
        let tips = if tips.is_empty() { "<li>Nog geen tips gekozen.</li>".to_string() } else { tips };
        children.push_str(&format!(
            "<section>\n  <h2 class=\"child\">{}</h2>\n  <div class=\"where\">{school}{class}</div>\n  <ul class=\"tips\">{tips}</ul>\n</section>\n",
            escape(&c.child)
        ));
    }
    let tools = list(
        h.tools.iter().map(|t| format!("<strong>{}</strong> — {}", escape(&t.name), escape(&t.description))).collect(),
    );
    let title_for = match (&h.class, single) {
        (_, true) => h.children.first().map(|c| escape(&c.child)).unwrap_or_default(),
        (Some(class), false) => escape(class),
        (None, false) => escape(&h.run),
    };
    let reader = match &h.class {
        Some(class) => format!("de leerkracht van {}", escape(class)),
        None => "de leerkracht".into(),
    };
    let heading = match &h.class {
        Some(class) => format!("<div class=\"for\">Voor de leerkracht van {}</div>", escape(class)),
        None => String::new(),
    };
    format!(
        r#"<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tips voor de leerkracht — {title_for}</title>
<style>
  body {{ font-family: "Inter", system-ui, sans-serif; color: #1c2b2e; max-width: 720px; margin: 40px auto; padding: 0 24px; line-height: 1.55; }}
  header {{ border-bottom: 2px solid #0f5c63; padding-bottom: 12px; margin-bottom: 20px; }}
  .programme, .where {{ color: #5a6a6d; font-size: 14px; }}
  .for {{ color: #0f5c63; font-size: 16px; font-weight: 600; }}
  h1 {{ margin: 4px 0; font-size: 28px; }}
  .child {{ color: #0f5c63; font-size: 20px; font-weight: 600; margin: 24px 0 2px; }}
  .tips {{ background: #fdf5e3; border-left: 4px solid #f6b73c; padding: 12px 20px 12px 36px; border-radius: 4px; }}
  .tips li {{ margin: 8px 0; }}
  h2.tools {{ color: #0f5c63; font-size: 18px; margin-top: 28px; }}
  footer {{ margin-top: 32px; color: #5a6a6d; font-size: 13px; border-top: 1px solid #dfe4e2; padding-top: 10px; }}
</style>
</head>
<body>
<header>
  <div class="programme">{programme} · {run}</div>
  <h1>Tips voor de leerkracht</h1>
  {heading}
</header>
{children}<h2 class="tools">Waar uw leerling mee werkt</h2>
<ul>{tools}</ul>
<footer>Van {trainers}, {date}. Vertrouwelijk: alleen voor {reader}.</footer>
</body>
</html>
"#,
        programme = escape(&h.programme),
        run = escape(&h.run),
        trainers = escape(&h.trainers.join(", ")),
        date = h.date.format("%d-%m-%Y"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_programme_without_its_own_template_gets_the_common_one() {
        let common = TEMPLATES.get_file("common.typ").and_then(|f| f.contents_utf8()).expect("common.typ");
        assert_eq!(template("stop-4-7"), common);
        assert_eq!(template("a-programme-a-user-wrote"), common);
        assert!(template("tips").contains("Tips voor de leerkracht"), "a named template is used when it exists");
        assert_ne!(template("tips"), common);
    }

    #[test]
    fn right_to_left_text_is_isolated_and_other_text_left_alone() {
        assert_eq!(isolate("Daan de Vries"), "Daan de Vries");
        assert_eq!(isolate("ليلى حداد"), "\u{2068}ليلى حداد\u{2069}");
        let mut data = serde_json::json!({"child": "נועה", "tips": [{"text": "Geef ruimte"}], "n": 3});
        isolate_all(&mut data);
        assert_eq!(data["child"], "\u{2068}נועה\u{2069}");
        assert_eq!(data["tips"][0]["text"], "Geef ruimte");
        assert_eq!(escape("<ליה>"), "\u{2068}&lt;ליה&gt;\u{2069}");
    }
}
