//! What an import would do, told before it does it: per table how many
//! records are new, changed or deleted, and apart the changes a person must
//! see before saying yes — an audience widened (a trainers-only note that
//! would reach parents or the school), consent added or withdrawn, a group's
//! programme changed.
//!
//! The review comes from the import itself, rehearsed in a transaction that
//! is rolled back: it cannot differ from what the import then does.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;
use uuid::Uuid;

use super::exchange::{Export, Seen};
use super::Ineen;
use crate::error::Result;
use crate::i18n::Lang;
use crate::model::{Enrolment, Participant};

/// One table's share of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TableChanges {
    pub table: String,
    /// The table as a person names it ("Observaties").
    pub label: String,
    pub new: usize,
    pub changed: usize,
    pub deleted: usize,
}

/// What an import does (or would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportReview {
    /// Whether it was done (`false`: only rehearsed, nothing changed).
    pub applied: bool,
    /// Records that take a change.
    pub changed: usize,
    /// Conflicts that open (both sides changed a value).
    pub conflicts: usize,
    /// Tables with changes, in the export's order.
    pub tables: Vec<TableChanges>,
    /// Texts that would reach more people than before, one line each.
    pub widened: Vec<String>,
    /// Consent added, withdrawn or removed, one line each.
    pub consents: Vec<String>,
    /// Groups whose programme changes, one line each.
    pub programmes: Vec<String>,
}

impl ImportReview {
    /// Whether anything in it asks for a second look before saying yes.
    pub fn sensitive(&self) -> bool {
        !(self.widened.is_empty() && self.consents.is_empty() && self.programmes.is_empty())
    }
}

fn label(table: &str, lang: Lang) -> String {
    let (nl, en) = match table {
        "organisation" => ("Organisaties", "Organisations"),
        "trainer" => ("Trainers", "Trainers"),
        "school" => ("Scholen", "Schools"),
        "participant" => ("Deelnemers", "Participants"),
        "guardian" => ("Ouders en verzorgers", "Parents and carers"),
        "run" => ("Groepen", "Groups"),
        "run_trainer" => ("Trainers van groepen", "Trainers of groups"),
        "run_holiday" => ("Vrije dagen van groepen", "Days off of groups"),
        "enrolment" => ("Inschrijvingen", "Enrolments"),
        "consent" => ("Toestemmingen", "Consents"),
        "session" => ("Bijeenkomsten", "Sessions"),
        "attendance" => ("Aanwezigheid", "Attendance"),
        "contact" => ("Contacten", "Contacts"),
        "goal" => ("Doelen", "Goals"),
        "goal_score" => ("Doelscores", "Goal scores"),
        "measurement" => ("Metingen", "Measurements"),
        "observation" => ("Observaties", "Observations"),
        "tip" => ("Tips", "Tips"),
        "end_report" => ("Definitieve verslagen", "Final reports"),
        "zat_meeting" => ("ZAT-overleggen", "ZAT meetings"),
        "programme_file" => ("Programma's", "Programmes"),
        other => (other, other),
    };
    lang.pick(nl, en).to_string()
}

fn live(row: &Option<Map<String, Value>>) -> bool {
    row.as_ref().is_some_and(|r| r.get("deleted").and_then(Value::as_i64) != Some(1))
}

fn text<'a>(row: &'a Option<Map<String, Value>>, field: &str) -> Option<&'a str> {
    row.as_ref().and_then(|r| r.get(field)).and_then(Value::as_str)
}

fn audience(value: Option<&str>, lang: Lang) -> String {
    match value {
        Some("school") => lang.pick("de school", "the school"),
        Some("parents") => lang.pick("de ouders", "the parents"),
        Some("trainers") => lang.pick("alleen trainers", "trainers only"),
        _ => "—",
    }
    .to_string()
}

fn date(value: Option<&str>, lang: Lang) -> String {
    value
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(|d| match lang {
            Lang::Nl => d.format("%d-%m-%Y").to_string(),
            Lang::En => d.format("%Y-%m-%d").to_string(),
        })
        .unwrap_or_default()
}

/// The child an enrolment is about, from the file or from the store.
struct Names<'a> {
    ineen: &'a Ineen,
    enrolments: HashMap<Uuid, Uuid>,
    participants: HashMap<Uuid, String>,
}

impl Names<'_> {
    fn child(&self, enrolment: Option<&str>) -> Result<String> {
        let Some(id) = enrolment.and_then(|e| Uuid::parse_str(e).ok()) else { return Ok(String::new()) };
        let participant = match self.enrolments.get(&id) {
            Some(p) => Some(*p),
            None => self.ineen.store.get_any::<Enrolment>(id)?.map(|e| e.participant_id),
        };
        let Some(participant) = participant else { return Ok(String::new()) };
        Ok(match self.participants.get(&participant) {
            Some(name) => name.clone(),
            None => self
                .ineen
                .store
                .get_any::<Participant>(participant)?
                .map(|p| format!("{} {}", p.given_name, p.family_name))
                .unwrap_or_default(),
        })
    }
}

pub(super) fn review(
    ineen: &Ineen,
    export: &Export,
    seen: &[Seen],
    changed: usize,
    conflicts: usize,
    applied: bool,
    lang: Lang,
) -> Result<ImportReview> {
    let names = Names {
        ineen,
        enrolments: export.records.enrolments.iter().map(|e| (e.data.id, e.data.participant_id)).collect(),
        participants: export
            .records
            .participants
            .iter()
            .map(|p| (p.data.id, format!("{} {}", p.data.given_name, p.data.family_name)))
            .collect(),
    };
    let mut tables: BTreeMap<usize, TableChanges> = BTreeMap::new();
    let (mut widened, mut consents, mut programmes) = (Vec::new(), Vec::new(), Vec::new());
    for s in seen {
        let (was, is) = (live(&s.before), live(&s.after));
        let entry = tables.entry(crate::store::sync::order_of(s.table)).or_insert_with(|| TableChanges {
            table: s.table.to_string(),
            label: label(s.table, lang),
            new: 0,
            changed: 0,
            deleted: 0,
        });
        match (was, is) {
            (false, true) => entry.new += 1,
            (true, true) => entry.changed += 1,
            (_, false) => entry.deleted += 1,
        }
        match s.table {
            "observation" | "contact" | "tip" if is => {
                let (from, to) = (text(&s.before, "audience").filter(|_| was), text(&s.after, "audience"));
                if from != to && to.is_some_and(|a| a != "trainers") {
                    let child = names.child(text(&s.after, "enrolment_id"))?;
                    let on = date(text(&s.after, "date"), lang);
                    let what = match s.table {
                        "observation" => lang.pick("Observatie", "Observation"),
                        "contact" => lang.pick("Contact", "Contact"),
                        _ => lang.pick("Tip", "Tip"),
                    };
                    let when = if on.is_empty() { String::new() } else { format!(" {} {on}", lang.pick("van", "of")) };
                    let child = if child.is_empty() { String::new() } else { format!(" ({child})") };
                    widened.push(format!("{what}{when}{child}: {} → {}", audience(from, lang), audience(to, lang)));
                }
            }
            "consent" => {
                let child = names.child(text(&s.after, "enrolment_id").or(text(&s.before, "enrolment_id")))?;
                let to = audience(text(&s.after, "audience"), lang);
                let withdrawn = |row: &Option<Map<String, Value>>| text(row, "withdrawn_on").map(str::to_string);
                let line = match (was, is, withdrawn(&s.before), withdrawn(&s.after)) {
                    (false, true, _, None) => Some(match lang {
                        Lang::Nl => format!(
                            "Toestemming toegevoegd: {child}, delen met {to}, gegeven door {}",
                            text(&s.after, "given_by").unwrap_or("")
                        ),
                        Lang::En => format!(
                            "Consent added: {child}, share with {to}, given by {}",
                            text(&s.after, "given_by").unwrap_or("")
                        ),
                    }),
                    (_, true, None, Some(on)) => Some(match lang {
                        Lang::Nl => format!("Toestemming ingetrokken per {}: {child} ({to})", date(Some(&on), lang)),
                        Lang::En => format!("Consent withdrawn from {}: {child} ({to})", date(Some(&on), lang)),
                    }),
                    (true, true, Some(_), None) => Some(match lang {
                        Lang::Nl => format!("Intrekking van toestemming ongedaan: {child} ({to})"),
                        Lang::En => format!("Withdrawal of consent undone: {child} ({to})"),
                    }),
                    (true, false, _, _) => Some(match lang {
                        Lang::Nl => format!("Toestemming verwijderd: {child}"),
                        Lang::En => format!("Consent removed: {child}"),
                    }),
                    (true, true, _, _) if text(&s.before, "audience") != text(&s.after, "audience") => {
                        Some(match lang {
                            Lang::Nl => format!(
                                "Toestemming gewijzigd: {child}, delen met {} → {to}",
                                audience(text(&s.before, "audience"), lang)
                            ),
                            Lang::En => format!(
                                "Consent changed: {child}, share with {} → {to}",
                                audience(text(&s.before, "audience"), lang)
                            ),
                        })
                    }
                    _ => None,
                };
                consents.extend(line);
            }
            "run" if was && is => {
                let (from, to) = (text(&s.before, "programme_id"), text(&s.after, "programme_id"));
                if from != to {
                    let name = text(&s.after, "name").unwrap_or("");
                    programmes.push(match lang {
                        Lang::Nl => format!("Groep {name}: programma {} → {}", from.unwrap_or("—"), to.unwrap_or("—")),
                        Lang::En => format!("Group {name}: programme {} → {}", from.unwrap_or("—"), to.unwrap_or("—")),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(ImportReview {
        applied,
        changed,
        conflicts,
        tables: tables.into_values().collect(),
        widened,
        consents,
        programmes,
    })
}
