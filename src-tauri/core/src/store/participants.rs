//! Queries on people: participants, their guardians, trainers and schools.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::overview::{day, id, named, text};
use super::{Result, Store};
use crate::model::{EnrolmentStatus, Guardian, Participant, School, Trainer};

/// One line of the participants list: the child, their school and the
/// group of their latest trajectory with its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ParticipantRow {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: NaiveDate,
    pub school: Option<String>,
    pub run_id: Option<Uuid>,
    pub run: Option<String>,
    pub enrolment_id: Option<Uuid>,
    pub status: Option<EnrolmentStatus>,
}

/// How the participants list is sorted: by name, or by a column and then
/// by name; a child without a group or school comes last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ListSort {
    #[default]
    Name,
    Group,
    School,
    Status,
}

/// What the window's participants list asks for: a page of the children
/// under way (or, with `all`, of everyone) whose name, group or school
/// holds `query` (case ignored), sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ListQuery {
    pub all: bool,
    pub query: String,
    pub sort: ListSort,
    pub offset: u32,
    pub limit: u32,
}

/// A page of the participants list: its rows from `offset`, and how many
/// lines the whole list has (the scroll height).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ParticipantPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ParticipantRow>,
}

/// At most this many rows a page.
pub const PAGE_LIMIT: u32 = 500;

/// `%typed%` for LIKE, with `%`, `_` and the escape itself taken as letters.
fn like_pattern(query: &str) -> String {
    format!("%{}%", query.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// The `:like` parameter of a page's queries, when something was typed.
fn like_param<'a, T: rusqlite::ToSql>(q: &ListQuery, like: &'a T) -> Vec<(&'static str, &'a dyn rusqlite::ToSql)> {
    if q.query.trim().is_empty() {
        Vec::new()
    } else {
        vec![(":like", like)]
    }
}

/// The count and the page query of a participants list page. Only the
/// conditions asked for are written out (not switched by a parameter), so
/// that SQLite counts from an index and walks the sort's index: everyone,
/// unfiltered, is a count and a page of it; those under way (`status_rank <
/// 3`, word for word as in the partial indexes of migration 0011) a walk of
/// a short index.
fn page_sql(q: &ListQuery) -> (String, String) {
    let order = match q.sort {
        ListSort::Name => "family_name COLLATE NOCASE, given_name COLLATE NOCASE, participant_id",
        ListSort::Group => {
            "run_name IS NULL, run_name COLLATE NOCASE, family_name COLLATE NOCASE, given_name COLLATE NOCASE, participant_id"
        }
        ListSort::School => {
            "school IS NULL, school COLLATE NOCASE, family_name COLLATE NOCASE, given_name COLLATE NOCASE, participant_id"
        }
        ListSort::Status => "status_rank, family_name COLLATE NOCASE, given_name COLLATE NOCASE, participant_id",
    };
    let mut filter = Vec::new();
    if !q.all {
        filter.push("status_rank < 3");
    }
    if !q.query.trim().is_empty() {
        filter.push(
            "(given_name || ' ' || family_name LIKE :like ESCAPE '\\'
              OR run_name LIKE :like ESCAPE '\\' OR school LIKE :like ESCAPE '\\')",
        );
    }
    let filter = if filter.is_empty() { String::new() } else { format!("WHERE {}", filter.join(" AND ")) };
    (
        format!("SELECT count(*) FROM participant_line {filter}"),
        format!(
            "SELECT participant_id, given_name, family_name, birth_date, school, run_id, run_name, enrolment_id, status
             FROM participant_line {filter} ORDER BY {order} LIMIT :limit OFFSET :offset"
        ),
    )
}

impl Store {
    /// A page of the participants list, read from `participant_line` (one
    /// line per child, kept by triggers; see migration 0010) through the
    /// index of its sort. Under way: referred, intake or active.
    pub fn participant_page(&self, q: &ListQuery) -> Result<ParticipantPage> {
        let (count, select) = page_sql(q);
        let like = like_pattern(&q.query);
        let mut params = like_param(q, &like);
        let total: i64 = self.conn.prepare_cached(&count)?.query_row(params.as_slice(), |r| r.get(0))?;
        let limit = q.limit.min(PAGE_LIMIT);
        params.push((":limit", &limit));
        params.push((":offset", &q.offset));
        let mut stmt = self.conn.prepare_cached(&select)?;
        let mut rows = stmt.query(params.as_slice())?;
        let optional_id = |r: &rusqlite::Row<'_>, i: usize| -> Result<Option<Uuid>> {
            r.get_ref(i)?.as_str_or_null().map_err(|e| super::StoreError::Corrupt(e.to_string()))?.map(id).transpose()
        };
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let status = match r.get_ref(8)?.as_str_or_null().map_err(|e| super::StoreError::Corrupt(e.to_string()))? {
                Some(s) => Some(named::<EnrolmentStatus>(s)?),
                None => None,
            };
            out.push(ParticipantRow {
                id: id(text(r, 0)?)?,
                given_name: r.get(1)?,
                family_name: r.get(2)?,
                birth_date: day(text(r, 3)?)?,
                school: r.get(4)?,
                run_id: optional_id(r, 5)?,
                run: r.get(6)?,
                enrolment_id: optional_id(r, 7)?,
                status,
            });
        }
        Ok(ParticipantPage { total: u32::try_from(total).unwrap_or(u32::MAX), offset: q.offset, rows: out })
    }

    /// How SQLite reads a participants list page (for tests: which index).
    #[cfg(test)]
    pub(crate) fn participant_page_plan(&self, q: &ListQuery) -> Result<String> {
        let (_, select) = page_sql(q);
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {select}"))?;
        let like = like_pattern(&q.query);
        let mut params = like_param(q, &like);
        params.extend([(":limit", &q.limit as &dyn rusqlite::ToSql), (":offset", &q.offset)]);
        let steps = stmt.query_map(params.as_slice(), |r| r.get::<_, String>(3))?;
        Ok(steps.collect::<std::result::Result<Vec<_>, _>>()?.join("\n"))
    }

    /// Whether `participant_line` holds exactly what its definition gives
    /// (for tests: the triggers missed no write).
    #[cfg(test)]
    pub(crate) fn participant_lines_current(&self) -> Result<bool> {
        let differ = |a: &str, b: &str| -> Result<i64> {
            let sql = format!("SELECT count(*) FROM (SELECT * FROM {a} EXCEPT SELECT * FROM {b})");
            Ok(self.conn.query_row(&sql, [], |r| r.get(0))?)
        };
        let differ = differ("participant_line", "participant_line_source")?
            + differ("participant_line_source", "participant_line")?;
        Ok(differ == 0)
    }

    /// Participants whose given or family name starts with `query` (case
    /// ignored), or whose full name contains it, by family and given name;
    /// at most `limit`. An empty query finds nobody.
    pub fn participants_matching(&self, query: &str, limit: u32) -> Result<Vec<Participant>> {
        let q = query.trim().replace(['%', '_'], "");
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let prefix = format!("{q}%");
        let anywhere = format!("%{q}%");
        self.rows_of(
            "SELECT * FROM participant
             WHERE deleted = 0
               AND (given_name LIKE ?1 OR family_name LIKE ?1 OR (given_name || ' ' || family_name) LIKE ?2)
             ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE
             LIMIT ?3",
            &[&prefix, &anywhere, &limit],
        )
    }

    /// A participant's guardians, by name.
    /// Every participant, by family and given name.
    pub fn participants(&self) -> Result<Vec<Participant>> {
        self.rows("1", "family_name COLLATE NOCASE, given_name COLLATE NOCASE", &[])
    }

    /// The organisations (one, as a rule).
    pub fn organisations(&self) -> Result<Vec<crate::model::Organisation>> {
        self.rows("1", "", &[])
    }

    pub fn guardians_of(&self, participant: Uuid) -> Result<Vec<Guardian>> {
        self.rows("participant_id = ?1", "name", &[&participant.to_string()])
    }

    /// Trainers and coordinators, by name.
    pub fn trainers(&self) -> Result<Vec<Trainer>> {
        self.rows("1", "name COLLATE NOCASE", &[])
    }

    /// Schools, by name.
    pub fn schools(&self) -> Result<Vec<School>> {
        self.rows("1", "name COLLATE NOCASE", &[])
    }
}
