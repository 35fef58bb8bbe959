//! The research export: one programme's trajectories, pseudonymised, for
//! programme evaluation (Alles Kidzzz's, say). Only enrolments whose consent
//! for research holds on the day of the export (by the child's age, as for
//! the school); a stable code per study instead of the child's and the
//! group's identity; the age in years instead of a birth date; no free text.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::enrolments::{assess, t_score};
use super::Ineen;
use crate::error::{Error, Field, Result};
use crate::model::{Audience, Phase};
use crate::rules;
use crate::table::{Cell, Table};

/// What a research export held and left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ResearchExport {
    /// Trajectories in the file.
    pub included: u32,
    /// Trajectories left out for want of consent to research.
    pub without_consent: u32,
}

/// A code for `id` in `study`: the same on every export of the study from
/// this data folder, and not to be traced back without the study's secret.
fn code(salt: &str, prefix: &str, id: uuid::Uuid) -> String {
    let digest = Sha256::new().chain_update(salt.as_bytes()).chain_update(id.as_bytes()).finalize();
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}

impl Ineen {
    /// The research table of a programme for a study (its name keys the
    /// pseudonyms), and what was left out. Logged.
    pub fn research_export(&mut self, programme_id: &str, study: &str) -> Result<(Table, ResearchExport)> {
        let mut study = study.to_string();
        crate::validate::line(Field::Reason, &mut study).map_err(Error::Invalid)?;
        let programme = self.programme(programme_id)?;
        let today = self.today();
        let salt = self.store.study_salt(&study, || {
            let mut bytes = [0u8; 32];
            getrandom::getrandom(&mut bytes).unwrap_or_default();
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        })?;
        let runs: Vec<_> = self.store.runs()?.into_iter().filter(|r| r.programme_id == programme.id).collect();
        let mut files = Vec::new();
        let mut without_consent = 0;
        for run in &runs {
            for e in self.store.enrolments_of_run(run.id)? {
                let Some(file) = self.store.enrolment_file(e.id)? else { continue };
                let consent =
                    rules::consent_check(&file.participant, &file.guardians, &file.consents, Audience::Research, today);
                if consent.given() {
                    files.push(file);
                } else {
                    without_consent += 1;
                }
            }
        }
        let instruments: BTreeSet<String> =
            files.iter().flat_map(|f| f.measurements.iter().map(|m| m.instrument.clone())).collect();
        let mut columns: Vec<String> = [
            "studiecode",
            "groepcode",
            "schooljaar",
            "leeftijd_bij_start",
            "status",
            "gehouden",
            "bijgewoond",
            "aanwezigheid",
            "verplichte_contacten",
            "verplichte_contacten_gedaan",
            "doelen_gescoord",
            "doelen_0_of_beter",
            "gas_t_score",
        ]
        .map(String::from)
        .to_vec();
        for i in &instruments {
            columns.push(format!("{i}_voor"));
            columns.push(format!("{i}_na"));
        }
        let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = Table::new("Onderzoek", &refs);
        for f in &files {
            let a = assess(f, &programme, today);
            let main = programme
                .main_track()
                .and_then(|t| a.attendance.iter().find(|x| x.track == t.kind))
                .map(|x| x.figures)
                .unwrap_or_default();
            let latest: Vec<(i8, u32)> =
                f.goals.iter().filter_map(|(g, scores)| scores.last().map(|s| (s.level, g.weight))).collect();
            let mut row: Vec<Cell> = vec![
                code(&salt, "K", f.participant.id).into(),
                code(&salt, "G", f.run.id).into(),
                rules::school_year(f.run.start_date).into(),
                f.participant.age_on(f.run.start_date).into(),
                format!("{:?}", f.enrolment.status).to_lowercase().into(),
                main.held.into(),
                main.attended().into(),
                if main.held > 0 {
                    Cell::Share(f64::from(main.attended()) / f64::from(main.held))
                } else {
                    Cell::Empty
                },
                a.checklist.iter().map(|c| c.required).sum::<u32>().into(),
                a.checklist.iter().map(|c| c.done.min(c.required)).sum::<u32>().into(),
                (latest.len() as u32).into(),
                (latest.iter().filter(|(level, _)| *level >= 0).count() as u32).into(),
                t_score(&f.goals).map_or(Cell::Empty, Cell::Decimal),
            ];
            for i in &instruments {
                let of = |phase: Phase| {
                    let mut scores: Vec<_> =
                        f.measurements.iter().filter(|m| &m.instrument == i && m.phase == phase).collect();
                    scores.sort_by_key(|m| m.date);
                    let pick = if phase == Phase::Pre { scores.first() } else { scores.last() };
                    pick.map_or(Cell::Empty, |m| Cell::Decimal(m.score))
                };
                row.push(of(Phase::Pre));
                row.push(of(Phase::Post));
            }
            table.push(row);
        }
        let summary = ResearchExport { included: files.len() as u32, without_consent };
        let detail = format!(
            "research export {} for '{study}': {} included, {} without consent",
            programme.id, summary.included, summary.without_consent
        );
        self.store.write(|tx| -> Result<()> {
            for f in &files {
                let id = f.enrolment.id.to_string();
                tx.audit_of("export", Some("enrolment"), Some(&id), Some(f.participant.id), Some(&detail))?;
            }
            tx.audit_of("export", None, None, None, Some(&detail))?;
            Ok(())
        })?;
        Ok((table, summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ineen::fixture::{consent, demo, enrolment};
    use crate::model::{Giver, Measurement, Observation};

    #[test]
    fn only_consented_trajectories_leave_pseudonymised_and_without_text() {
        let mut ineen = demo();
        let daan = enrolment(&ineen, "Daan de Vries");
        let sara = enrolment(&ineen, "Sara El Amrani");
        let today = ineen.today();
        let planted = "Waarneming-Kolibrie-Vlinderdas";
        ineen
            .upsert(Observation {
                id: uuid::Uuid::nil(),
                enrolment_id: daan,
                date: today,
                text: planted.into(),
                audience: Audience::School,
            })
            .expect("observation");
        ineen
            .upsert(Measurement {
                id: uuid::Uuid::nil(),
                enrolment_id: daan,
                instrument: "SDQ".into(),
                phase: Phase::Post,
                date: today,
                score: 12.5,
                audience: Audience::Trainers,
            })
            .expect("post");
        let (empty, none) = ineen.research_export("stop-4-7", "Evaluatie 2026").expect("export");
        assert_eq!((empty.rows.len(), none.included), (0, 0), "no consent to research: nothing leaves");
        assert_eq!(none.without_consent, 9);

        consent(&mut ineen, daan, Giver::Guardian, Audience::Research, today);
        let (table, summary) = ineen.research_export("stop-4-7", "Evaluatie 2026").expect("export");
        assert_eq!((summary.included, summary.without_consent), (1, 8));
        let csv = table.to_csv().expect("csv");
        let file = ineen.enrolment_file(daan).expect("file");
        for secret in [
            file.participant.given_name.as_str(),
            file.participant.family_name.as_str(),
            &file.participant.birth_date.to_string(),
            &file.participant.birth_date.format("%d-%m-%Y").to_string(),
            &file.run.name,
            planted,
            &file.participant.id.to_string(),
        ] {
            assert!(!csv.contains(secret), "{secret} left in a research export:\n{csv}");
        }
        let sara_name = ineen.enrolment_file(sara).expect("file").participant.family_name;
        assert!(!csv.contains(&sara_name));
        let row = &table.rows[0];
        let col = |name: &str| table.columns.iter().position(|c| c == name).expect(name);
        assert_eq!(row[col("leeftijd_bij_start")], Cell::Int(i64::from(file.participant.age_on(file.run.start_date))));
        assert_eq!(row[col("SDQ_na")], Cell::Decimal(12.5));
        // The code is stable per study and differs between studies.
        let again = ineen.research_export("stop-4-7", "Evaluatie 2026").expect("export").0;
        assert_eq!(again.rows[0][0], row[0]);
        let other = ineen.research_export("stop-4-7", "Andere studie").expect("export").0;
        assert_ne!(other.rows[0][0], row[0]);
    }
}
