//! Tables for spreadsheets: the overview and the figures a coordinator
//! hands to a funder, as CSV that Dutch Excel opens right (UTF-8 with a
//! byte-order mark, `;` between cells, decimal commas, dates as dd-mm-jjjj)
//! and as XLSX with typed cells (numbers, percentages and dates are numbers
//! and dates, not text).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use crate::error::{Error, Result};

/// One cell, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A number with decimals (a mean, a change in score).
    Decimal(f64),
    /// A share between 0 and 1, shown as a percentage.
    Share(f64),
    Date(NaiveDate),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Int(i64::from(n))
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Cell::Date(d)
    }
}

impl Cell {
    /// The cell as text the Dutch way (as in the CSV).
    pub fn text(&self) -> String {
        csv_text(self)
    }
}

/// A sheet: a name, column headings and rows of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The sheet's name in a workbook (at most 31 characters).
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(name: &str, columns: &[&str]) -> Table {
        Table { name: name.into(), columns: columns.iter().map(|c| c.to_string()).collect(), rows: Vec::new() }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "a row has a cell for every column");
        self.rows.push(row);
    }

    /// The table as CSV for Dutch spreadsheet programs.
    pub fn to_csv(&self) -> Result<String> {
        let mut w = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        let fail = |e: csv::Error| Error::Render(format!("spreadsheet: {e}"));
        w.write_record(&self.columns).map_err(fail)?;
        for row in &self.rows {
            w.write_record(row.iter().map(csv_text)).map_err(fail)?;
        }
        let bytes = w.into_inner().map_err(|e| Error::Render(format!("spreadsheet: {e}")))?;
        Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
    }
}

/// A cell as Dutch spreadsheets read it.
fn csv_text(cell: &Cell) -> String {
    let comma = |x: f64, decimals: usize| format!("{x:.decimals$}").replace('.', ",");
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Decimal(x) => comma(*x, 2),
        Cell::Share(x) => format!("{}%", comma(x * 100.0, 1)),
        Cell::Date(d) => d.format("%d-%m-%Y").to_string(),
    }
}

/// Tables as one workbook, a sheet each, with typed cells.
pub fn to_xlsx(tables: &[&Table]) -> Result<Vec<u8>> {
    let fail = |e: XlsxError| Error::Render(format!("spreadsheet: {e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let share = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.00");
    for table in tables {
        let sheet = book.add_worksheet();
        let name: String = table.name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        sheet.set_name(name).map_err(fail)?;
        for (c, heading) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, heading, &bold).map_err(fail)?;
            sheet.set_column_width(c as u16, (heading.chars().count() + 4).clamp(10, 40) as f64).map_err(fail)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => continue,
                    Cell::Text(s) => sheet.write_string(r, c, s),
                    Cell::Int(n) => sheet.write_number(r, c, *n as f64),
                    Cell::Decimal(x) => sheet.write_number_with_format(r, c, *x, &decimal),
                    Cell::Share(x) => sheet.write_number_with_format(r, c, *x, &share),
                    Cell::Date(d) => {
                        let day =
                            ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(fail)?;
                        sheet.write_date_with_format(r, c, &day, &date)
                    }
                }
                .map(|_| ())
                .map_err(fail)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        if !table.rows.is_empty() {
            sheet
                .autofilter(0, 0, table.rows.len() as u32, table.columns.len().saturating_sub(1) as u16)
                .map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}
