//! The documented, versioned JSON export of all records, and its import.
//!
//! Format `ineen-export`, version 1; JSON Schema in
//! `assets/schema/ineen-export-v1.schema.json` (generated from these types,
//! checked by a test). Each record is `{"sync": {hlc, device, deleted},
//! "data": {...}}`; tables come in dependency order, records by id. The
//! export holds no time of its own, so exporting the same data twice gives
//! the same bytes.
//!
//! An import is checked completely first (shape, stamps, references) and
//! then applied in one transaction: a bad file changes nothing, and its
//! error names the JSON path at fault. Applying follows the sync rule: a
//! record wins when its stamp is newer than the stored one.

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Ineen;
use crate::clock::Hlc;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::records::{Meta, Tx};

pub const EXPORT_FORMAT: &str = "ineen-export";
pub const EXPORT_VERSION: u32 = 1;

/// One record with its sync state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record<E> {
    pub sync: Meta,
    pub data: E,
}

/// The whole export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always "ineen-export".
    pub format: String,
    /// The format version: 1.
    pub version: u32,
    pub records: Records,
}

macro_rules! records {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// All records, one list per table, in dependency order.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Records {
            $(#[serde(default)] pub $field: Vec<Record<$ty>>,)*
        }

        impl Records {
            fn read(ineen: &Ineen) -> Result<Records> {
                Ok(Records {
                    $($field: ineen.store.export_all::<$ty>()?.into_iter().map(|(data, sync)| Record { sync, data }).collect(),)*
                })
            }

            /// Every (table, index, record) for the checks, in order.
            fn visit(&self, mut f: impl FnMut(&'static str, &'static str, usize, &Meta, Uuid, Vec<(&'static str, &'static str, Uuid)>) -> Result<()>) -> Result<()> {
                $(for (i, r) in self.$field.iter().enumerate() {
                    f(stringify!($field), <$ty as Entity>::TABLE, i, &r.sync, r.data.id(), r.data.refs())?;
                })*
                Ok(())
            }

            fn apply(&self, tx: &mut Tx<'_>) -> Result<usize> {
                let mut applied = 0;
                $(for r in &self.$field {
                    applied += usize::from(tx.apply(&r.data, &r.sync)?);
                })*
                Ok(applied)
            }

            /// How many records per table.
            pub fn counts(&self) -> Vec<(&'static str, usize)> {
                vec![$((<$ty as Entity>::TABLE, self.$field.len()),)*]
            }
        }
    };
}

records! {
    organisations: Organisation,
    trainers: Trainer,
    schools: School,
    participants: Participant,
    guardians: Guardian,
    runs: Run,
    run_trainers: RunTrainer,
    run_holidays: RunHoliday,
    enrolments: Enrolment,
    consents: Consent,
    sessions: Session,
    attendance: Attendance,
    contacts: Contact,
    goals: Goal,
    goal_scores: GoalScore,
    measurements: Measurement,
    observations: Observation,
    tips: Tip,
    end_reports: EndReportVersion,
}

impl Ineen {
    /// All records, tombstones included.
    pub fn export(&mut self) -> Result<Export> {
        let records = Records::read(self)?;
        let total: usize = records.counts().iter().map(|(_, n)| n).sum();
        self.store.write(|tx| tx.audit("export", None, None, Some(&format!("{total} records"))))?;
        Ok(Export { format: EXPORT_FORMAT.into(), version: EXPORT_VERSION, records })
    }

    /// The export as pretty JSON text.
    pub fn export_json(&mut self) -> Result<String> {
        let export = self.export()?;
        let mut text = serde_json::to_string_pretty(&export).map_err(crate::store::StoreError::from)?;
        text.push('\n');
        Ok(text)
    }

    /// Checks an export file completely, then applies it in one transaction.
    /// Returns how many records were new or newer than what was stored.
    pub fn import_json(&mut self, text: &str) -> Result<usize> {
        let export = parse_export(text)?;
        self.check_import(&export)?;
        let total: usize = export.records.counts().iter().map(|(_, n)| n).sum();
        self.store.write(|tx| -> Result<usize> {
            let applied = export.records.apply(tx)?;
            tx.audit("import", None, None, Some(&format!("{applied} of {total} records applied")))?;
            Ok(applied)
        })
    }

    fn check_import(&self, export: &Export) -> Result<()> {
        let mut ids: HashSet<(&'static str, Uuid)> = HashSet::new();
        export.records.visit(|field, table, i, meta, id, _| {
            if Hlc::decode(&meta.hlc).is_none() {
                return Err(import_error(
                    format!("records.{field}[{i}].sync.hlc"),
                    format!("'{}' is not a clock stamp of 16 hex digits", meta.hlc),
                ));
            }
            if !ids.insert((table, id)) {
                return Err(import_error(format!("records.{field}[{i}].data.id"), format!("{id} appears twice")));
            }
            Ok(())
        })?;
        export.records.visit(|field, _, i, _, _, refs| {
            for (name, target, id) in refs {
                if !ids.contains(&(target, id)) && !self.store.exists(target, id)? {
                    return Err(import_error(
                        format!("records.{field}[{i}].data.{name}"),
                        format!("refers to {target} {id}, which is neither in the file nor in Ineen"),
                    ));
                }
            }
            Ok(())
        })?;
        for (i, run) in export.records.runs.iter().enumerate() {
            if self.store.programme(&run.data.programme_id)?.is_none() {
                return Err(import_error(
                    format!("records.runs[{i}].data.programme_id"),
                    format!("programme '{}' is unknown here; add its curriculum file first", run.data.programme_id),
                ));
            }
        }
        Ok(())
    }
}

fn import_error(path: String, detail: String) -> Error {
    Error::Import { path, detail }
}

/// Parses an export file; an error names the JSON path at fault.
pub fn parse_export(text: &str) -> Result<Export> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let export: Export = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { "(begin)".to_string() } else { path };
        import_error(path, e.into_inner().to_string())
    })?;
    if export.format != EXPORT_FORMAT {
        return Err(import_error(
            "format".into(),
            format!("expected \"{EXPORT_FORMAT}\", found \"{}\"", export.format),
        ));
    }
    if export.version != EXPORT_VERSION {
        return Err(import_error(
            "version".into(),
            format!("version {} is not supported; this Ineen reads version {EXPORT_VERSION}", export.version),
        ));
    }
    Ok(export)
}

/// The JSON Schema of the export format.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Export);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
