//! Calendars: an iCalendar (.ics) file per trainer or per group with every
//! session still to come or held (not the cancelled ones) and every meeting
//! and visit, for Outlook or any calendar. Each event's UID is its record's
//! id, so importing a newer file updates the events instead of doubling
//! them. A child's name appears only when the trainer asks for it.

use chrono::{Duration, NaiveTime};
use icalendar::{Calendar, Class, Component, Event, EventLike};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Ineen;
use crate::error::{Error, Kind, Result};
use crate::model::{Contact, Run, SessionStatus};
use crate::rules;

/// Whose calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum CalendarOf {
    /// Every group the trainer is in.
    Trainer(Uuid),
    /// One group.
    Run(Uuid),
}

/// The domain of every UID, after the record's id.
const UID_DOMAIN: &str = "ineen.nl";

impl Ineen {
    /// The calendar as an .ics text. With `names`, the events of a contact
    /// about one child name the child; without, they say only what it is.
    pub fn calendar(&mut self, of: CalendarOf, names: bool) -> Result<String> {
        let lang = self.language().unwrap_or_default();
        let now = self.store.now();
        let (title, runs): (String, Vec<Run>) = match of {
            CalendarOf::Run(id) => {
                let run = self.store.get::<Run>(id)?.ok_or_else(|| Error::NotFound(Kind::Run, id.to_string()))?;
                (run.name.clone(), vec![run])
            }
            CalendarOf::Trainer(id) => {
                let trainer = self
                    .store
                    .get::<crate::model::Trainer>(id)?
                    .ok_or_else(|| Error::NotFound(Kind::Trainer, id.to_string()))?;
                let mut mine = Vec::new();
                for run in self.store.runs()? {
                    if self.store.trainers_of_run(run.id)?.iter().any(|t| t.id == id) {
                        mine.push(run);
                    }
                }
                (format!("Ineen — {}", trainer.name), mine)
            }
        };
        let mut calendar = Calendar::new();
        calendar.name(&title);
        for run in &runs {
            let programme = self.programme(&run.programme_id)?;
            for s in self.store.sessions_of_run(run.id)? {
                if s.status == SessionStatus::Cancelled {
                    continue;
                }
                let mut summary = format!(
                    "{} — {} {} ({})",
                    run.name,
                    lang.pick("bijeenkomst", "session"),
                    s.number,
                    s.track.label(lang)
                );
                if !s.title.is_empty() {
                    summary.push_str(&format!(": {}", s.title));
                }
                let mut event = Event::new();
                event.uid(&format!("{}@{UID_DOMAIN}", s.id)).summary(&summary).location(&run.location).timestamp(now);
                if !s.theme.is_empty() {
                    event.description(&s.theme);
                }
                let start = s.start_time.as_deref().and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
                match start {
                    Some(time) => {
                        let minutes = programme.session_minutes(s.track, s.number).unwrap_or(60);
                        let begin = s.date.and_time(time);
                        event.starts(begin).ends(begin + Duration::minutes(i64::from(minutes)));
                    }
                    None => {
                        event.all_day(s.date);
                    }
                }
                calendar.push(event.done());
            }
            for c in self.store.contacts_of_run(run.id)? {
                calendar.push(self.contact_event(run, &c, names, now, lang)?);
            }
        }
        Ok(calendar.done().to_string())
    }

    fn contact_event(
        &self,
        run: &Run,
        c: &Contact,
        names: bool,
        now: chrono::DateTime<chrono::Utc>,
        lang: crate::Lang,
    ) -> Result<Event> {
        let own_kinds = self.programme(&run.programme_id).map(|p| p.contact_kinds).unwrap_or_default();
        let mut summary = crate::curriculum::contact_name(&own_kinds, &c.kind, lang);
        if names {
            if let Some(e) = c.enrolment_id {
                if let Some(file) = self.store.enrolment_file(e)? {
                    summary.push_str(&format!(" — {}", file.participant.full_name()));
                }
            }
        }
        summary.push_str(&format!(" ({})", run.name));
        Ok(Event::new()
            .uid(&format!("{}@{UID_DOMAIN}", c.id))
            .summary(&summary)
            .class(Class::Confidential)
            .timestamp(now)
            .all_day(c.date)
            .done())
    }

    /// Writes the calendar into the report folder; returns its path.
    pub fn save_calendar(&mut self, of: CalendarOf, names: bool) -> Result<String> {
        let text = self.calendar(of, names)?;
        let dir = self.reports_dir()?;
        let stem = match of {
            CalendarOf::Trainer(_) => "agenda-trainer",
            CalendarOf::Run(_) => "agenda-groep",
        };
        let path = crate::files::free_name(&dir, &format!("{stem}-{}", rules::school_year(self.today())), "ics");
        crate::files::write(&path, text.as_bytes(), crate::files::Existing::Keep, &self.protected_files())?;
        Ok(path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::str::FromStr;

    use icalendar::{CalendarComponent, Component};

    use super::*;
    use crate::ineen::fixture::{demo, enrolment};

    fn uids(ics: &str) -> BTreeSet<String> {
        let parsed = Calendar::from_str(ics).expect("the .ics parses back");
        parsed
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => e.get_uid().map(str::to_string),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_trainers_calendar_parses_keeps_its_uids_and_names_no_child_unasked() {
        let mut ineen = demo();
        let daan = enrolment(&ineen, "Daan de Vries");
        let run = ineen.enrolment(daan).expect("e").run_id;
        let trainer = ineen.store.trainers_of_run(run).expect("trainers")[0].id;
        let ics = ineen.calendar(CalendarOf::Trainer(trainer), false).expect("calendar");
        let first = uids(&ics);
        let sessions = ineen.store.sessions_of_run(run).expect("sessions");
        assert!(sessions.iter().all(|s| first.contains(&format!("{}@{UID_DOMAIN}", s.id))), "every session");
        assert!(!ics.contains("Daan"), "no child's name unless asked");
        assert!(ics.contains("BEGIN:VEVENT") && ics.contains("DTSTART"), "{ics}");
        // A second export (after a change) keeps every UID: a re-import updates.
        ineen.set_language(crate::Lang::En).expect("language");
        let again = ineen.calendar(CalendarOf::Trainer(trainer), false).expect("calendar");
        assert_eq!(uids(&again), first);
        let about = ineen
            .store
            .contacts_of_run(run)
            .expect("contacts")
            .into_iter()
            .find_map(|c| c.enrolment_id)
            .expect("the demo logs a contact about a child");
        let name = ineen.enrolment_file(about).expect("file").participant.full_name();
        let named = ineen.calendar(CalendarOf::Run(run), true).expect("calendar");
        assert!(named.contains(&name), "asked for, the child is named");
        assert!(!ineen.calendar(CalendarOf::Run(run), false).expect("calendar").contains(&name));
    }
}
