//! The end report as an editable Word document (`.docx`, via docx-rs), for
//! schools that add their own remarks. It holds exactly the content of the
//! PDF, already filtered for its audience by the core, plus an empty section
//! "Opmerkingen van de school" to write in.
//!
//! The text is set in Calibri; where Calibri is missing, LibreOffice uses
//! Carlito, which has the same metrics, so the layout holds.

use chrono::{Datelike, NaiveDate};
use docx_rs::{
    AlignmentType, BorderType, Docx, Footer, LineSpacing, NumPages, PageMargin, PageNum, Paragraph, Run, RunFonts,
    Shading, ShdType, Style, StyleType, Table, TableBorders, TableCell, TableCellBorder, TableCellBorderPosition,
    TableCellBorders, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use super::{EndReport, ReportAudience};

const BRAND: &str = "0F5C63";
const SOFT: &str = "5A6A6D";
const LINE: &str = "DFE4E2";
const TINT: &str = "E4F0F0";
const TIP_FILL: &str = "FDF5E3";
/// The text width of an A4 page with 22 mm margins, in twentieths of a point.
const TEXT_WIDTH: usize = 9406;

/// Why a Word document could not be written (a bug, not user input).
#[derive(Debug, thiserror::Error)]
#[error("the Word document could not be written: {0}")]
pub struct DocxError(String);

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "3 maart 2027", as the PDF prints dates.
fn datum(date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
        None => "—".into(),
    }
}

/// A number as the PDF prints it: one decimal at most, with a Dutch comma.
fn getal(x: f64) -> String {
    ((x * 10.0).round() / 10.0).to_string().replace('.', ",")
}

fn level(l: Option<i8>) -> String {
    match l {
        None => "—".into(),
        Some(l) if l > 0 => format!("+{l}"),
        Some(l) => l.to_string(),
    }
}

/// Text as it goes into the document: right-to-left names isolated.
fn text(t: impl Into<String>) -> Run {
    let t: String = t.into();
    Run::new().add_text(super::isolate(&t))
}

fn soft(t: impl Into<String>) -> Run {
    let t: String = t.into();
    Run::new().add_text(super::isolate(&t)).color(SOFT)
}

fn para(run: Run) -> Paragraph {
    Paragraph::new().add_run(run)
}

fn heading(t: &str) -> Paragraph {
    Paragraph::new().style("Heading2").add_run(text(t)).keep_next(true)
}

fn cell(p: Paragraph, width: usize) -> TableCell {
    TableCell::new().add_paragraph(p).width(width, WidthType::Dxa)
}

fn bottom_line(color: &str, size: usize) -> TableCellBorders {
    TableCellBorders::with_empty().set(
        TableCellBorder::new(TableCellBorderPosition::Bottom).color(color).size(size).border_type(BorderType::Single),
    )
}

/// A table with a header row and thin lines under each row, like the PDF's.
fn lined_table(header: &[&str], rows: Vec<Vec<String>>, widths: &[usize]) -> Table {
    let right = |i: usize| if i == 0 { AlignmentType::Left } else { AlignmentType::Right };
    let mut out = vec![TableRow::new(
        header
            .iter()
            .enumerate()
            .map(|(i, h)| cell(para(text(*h).bold()).align(right(i)), widths[i]).set_borders(bottom_line(BRAND, 8)))
            .collect(),
    )];
    for row in rows {
        out.push(TableRow::new(
            row.into_iter()
                .enumerate()
                .map(|(i, v)| cell(para(text(v)).align(right(i)), widths[i]).set_borders(bottom_line(LINE, 4)))
                .collect(),
        ));
    }
    grid_table(out, widths.to_vec())
}

/// A table of fixed column widths without outer lines.
fn grid_table(rows: Vec<TableRow>, widths: Vec<usize>) -> Table {
    let total = widths.iter().sum();
    Table::new(rows)
        .set_borders(TableBorders::with_empty())
        .layout(TableLayoutType::Fixed)
        .set_grid(widths)
        .width(total, WidthType::Dxa)
}

/// A table of label–value pairs without lines (the facts under the title).
fn facts(pairs: Vec<(&str, String)>) -> Table {
    dated(pairs.into_iter().map(|(label, value)| (label.to_string(), value)).collect())
}

/// Two columns without lines: a soft label (a date, a fact's name) and its text.
fn dated(pairs: Vec<(String, String)>) -> Table {
    let widths = [2400, TEXT_WIDTH - 2400];
    let rows = pairs
        .into_iter()
        .map(|(label, value)| {
            TableRow::new(vec![cell(para(soft(label)), widths[0]), cell(para(text(value)), widths[1])])
        })
        .collect();
    // No inner margin on the left: the labels line up with the headings.
    grid_table(rows, widths.to_vec()).margins(TableCellMargins::new().margin(0, 108, 0, 0))
}

/// The end report as `.docx` bytes.
pub fn end_report(r: &EndReport) -> Result<Vec<u8>, DocxError> {
    let for_school = r.audience == ReportAudience::School;
    let fonts = RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri").east_asia("Calibri");
    let stamp = format!("{}T00:00:00Z", r.date.format("%Y-%m-%d"));
    let state = match &r.final_version {
        Some(f) => format!("definitief v{}, kenmerk {}", f.version, f.hash),
        None => "concept".into(),
    };
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .size(16)
            .add_run(soft(format!(
                "Eindverslag {} — {} · vertrouwelijk, alleen voor {} · {state} · pagina ",
                r.child,
                r.programme,
                if for_school { "de school" } else { "de ouders" }
            )))
            .add_page_num(PageNum::new())
            .add_run(soft(" van "))
            .add_num_pages(NumPages::new()),
    );

    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(1361).bottom(1247).left(1247).right(1247).footer(567))
        .default_fonts(fonts)
        .default_size(21)
        .created_at(&stamp)
        .updated_at(&stamp)
        .footer(footer)
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .size(26)
                .bold()
                .color(BRAND)
                .outline_lvl(1)
                .line_spacing(LineSpacing::new().before(320).after(120)),
        );

    // Title block.
    let programme_line = match &r.programme_full {
        Some(full) => format!("{} — {full}", r.programme),
        None => r.programme.clone(),
    };
    doc = doc
        .add_paragraph(para(soft(programme_line)).size(18))
        .add_paragraph(para(text("Eindverslag").bold().size(48)))
        .add_paragraph(para(text(&r.child).bold().size(30).color(BRAND)))
        .add_paragraph(para(soft(datum(Some(r.date)))).size(18).line_spacing(LineSpacing::new().after(240)))
        .add_table(facts(vec![
            ("Geboortedatum", datum(Some(r.birth_date))),
            ("School", r.school.clone().unwrap_or_else(|| "—".into())),
            ("Groep of klas", r.class_name.clone().unwrap_or_else(|| "—".into())),
            ("Periode", format!("{} – {}", datum(r.period_from), datum(r.period_until))),
            ("Training", r.run.clone()),
            ("Trainers", if r.trainers.is_empty() { "—".into() } else { r.trainers.join(", ") }),
        ]));

    // Attendance.
    doc = doc.add_paragraph(heading("Aanwezigheid"));
    if r.attendance.is_empty() {
        doc = doc.add_paragraph(para(soft("Er zijn nog geen bijeenkomsten gehouden.")));
    } else {
        let rows = r
            .attendance
            .iter()
            .map(|a| {
                let share = if a.held > 0 { (f64::from(a.attended) / f64::from(a.held) * 100.0).round() } else { 0.0 };
                vec![
                    a.track.clone(),
                    a.held.to_string(),
                    a.attended.to_string(),
                    a.late.to_string(),
                    a.excused.to_string(),
                    a.unexcused.to_string(),
                    format!("{share}%"),
                ]
            })
            .collect();
        doc = doc
            .add_table(lined_table(
                &["Traject", "Gehouden", "Bijgewoond", "Te laat", "Afgemeld", "Afwezig", "Aanwezig"],
                rows,
                &[TEXT_WIDTH - 6 * 1290, 1290, 1290, 1290, 1290, 1290, 1290],
            ))
            .add_paragraph(
                para(soft("Bijgewoond telt aanwezig en te laat. Afgemelde bijeenkomsten staan apart.")).size(17),
            );
        for a in r.attendance.iter().filter(|a| a.before_start > 0 || a.unrecorded > 0) {
            let sessions = |n: u32| if n == 1 { "bijeenkomst" } else { "bijeenkomsten" };
            let mut parts = Vec::new();
            if a.before_start > 0 {
                parts.push(format!("begonnen na {} {} (niet meegeteld)", a.before_start, sessions(a.before_start)));
            }
            if a.unrecorded > 0 {
                parts.push(format!("{} {} zonder registratie", a.unrecorded, sessions(a.unrecorded)));
            }
            doc = doc.add_paragraph(para(soft(format!("{}: {}.", a.track, parts.join("; ")))).size(17));
        }
    }

    // Contacts.
    if !r.contacts.is_empty() {
        let rows = r.contacts.iter().map(|c| (datum(Some(c.date)), c.kind.clone())).collect();
        doc = doc.add_paragraph(heading("Contacten")).add_table(dated(rows));
    }

    // Goals, with their five levels; the reached level filled, the start tinted.
    if !r.goals.is_empty() {
        doc = doc.add_paragraph(heading("Doelen"));
        for g in &r.goals {
            doc = doc.add_paragraph(para(text(&g.title).bold()).keep_next(true));
            let width = TEXT_WIDTH / 5;
            let cells = (0..5)
                .map(|i| {
                    let value = i as i8 - 2;
                    let reached = g.latest == Some(value);
                    let start = g.first == Some(value);
                    let fill = if reached {
                        BRAND
                    } else if start {
                        TINT
                    } else {
                        "F4F6F5"
                    };
                    let ink = if reached { "FFFFFF" } else { "1C2B2E" };
                    TableCell::new()
                        .width(width, WidthType::Dxa)
                        .shading(Shading::new().shd_type(ShdType::Clear).fill(fill))
                        .add_paragraph(para(text(level(Some(value))).bold().color(ink)).size(16))
                        .add_paragraph(para(text(g.levels.get(i).cloned().unwrap_or_default()).color(ink)).size(16))
                })
                .collect();
            doc = doc
                .add_table(grid_table(vec![TableRow::new(cells)], vec![width; 5]))
                .add_paragraph(para(soft(format!("Begin: {} · nu: {}", level(g.first), level(g.latest)))).size(17));
        }
        if let Some(t) = r.t_score {
            doc = doc.add_paragraph(
                Paragraph::new()
                    .add_run(text("Samengevatte doelscore (GAS T-score): "))
                    .add_run(text(getal(t)).bold())
                    .add_run(text(" — 50 is de verwachte uitkomst.")),
            );
        }
    }

    // Measurements.
    if !r.measurements.is_empty() {
        let number = |v: Option<f64>| v.map_or_else(|| "—".to_string(), getal);
        let rows = r.measurements.iter().map(|m| vec![m.instrument.clone(), number(m.pre), number(m.post)]).collect();
        doc = doc.add_paragraph(heading("Metingen")).add_table(lined_table(
            &["Instrument", "Voormeting", "Nameting"],
            rows,
            &[TEXT_WIDTH - 3600, 1800, 1800],
        ));
    }

    // Observations marked for this audience.
    if !r.observations.is_empty() {
        let rows = r.observations.iter().map(|o| (datum(Some(o.date)), o.text.clone())).collect();
        doc = doc.add_paragraph(heading("Observaties")).add_table(dated(rows));
    }

    // Tips.
    if !r.tips.is_empty() {
        doc = doc.add_paragraph(heading(if for_school { "Tips voor de leerkracht" } else { "Tips voor thuis" }));
        let cells = r.tips.iter().fold(
            TableCell::new()
                .width(TEXT_WIDTH, WidthType::Dxa)
                .shading(Shading::new().shd_type(ShdType::Clear).fill(TIP_FILL)),
            |cell, tip| {
                let mut p = Paragraph::new().add_run(text("•  "));
                if let Some(title) = &tip.title {
                    p = p.add_run(text(format!("{title}: ")).bold());
                }
                cell.add_paragraph(p.add_run(text(&tip.text)).line_spacing(LineSpacing::new().after(80)))
            },
        );
        doc = doc.add_table(grid_table(vec![TableRow::new(vec![cells])], vec![TEXT_WIDTH]));
    }

    // Room for the school's own remarks: the reason for an editable copy.
    if for_school {
        doc = doc
            .add_paragraph(heading("Opmerkingen van de school"))
            .add_paragraph(para(soft("Hier kan de school eigen opmerkingen toevoegen.")).size(17));
        for _ in 0..4 {
            doc = doc.add_paragraph(Paragraph::new());
        }
    }

    // Signature block.
    doc = doc.add_paragraph(heading("Ondertekening"));
    let names: Vec<&String> = r.trainers.iter().take(3).collect();
    if !names.is_empty() {
        let width = TEXT_WIDTH / names.len();
        let cells = names
            .iter()
            .map(|name| {
                TableCell::new()
                    .width(width, WidthType::Dxa)
                    .add_paragraph(para(text(name.as_str())))
                    .add_paragraph(para(soft(format!("trainer, {}", datum(Some(r.date))))).size(16))
                    .set_borders(
                        TableCellBorders::with_empty().set(
                            TableCellBorder::new(TableCellBorderPosition::Top)
                                .color(SOFT)
                                .size(4)
                                .border_type(BorderType::Single),
                        ),
                    )
            })
            .collect();
        // Room to sign above the line.
        for _ in 0..3 {
            doc = doc.add_paragraph(Paragraph::new().keep_next(true));
        }
        doc = doc.add_table(grid_table(vec![TableRow::new(cells)], vec![width; names.len()]));
    }

    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).map_err(|e| DocxError(e.to_string()))?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_read_as_in_the_pdf() {
        assert_eq!(getal(60.0), "60");
        assert_eq!(getal(57.26), "57,3");
        assert_eq!(datum(NaiveDate::from_ymd_opt(2027, 3, 3)), "3 maart 2027");
        assert_eq!(datum(None), "—");
        assert_eq!(level(Some(1)), "+1");
        assert_eq!(level(Some(-2)), "-2");
    }
}
