//! A realistic demo organisation, anchored on today so that it always looks
//! current: a STOP 4-7 group halfway through, an Alles Kidzzz trajectory, a
//! past Plezier op school summer course and a time-4-you trajectory.
//!
//! Added in one transaction and marked in settings, so running it twice adds
//! nothing twice. All names are invented.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::runs::put_sessions;
use super::Ineen;
use crate::curriculum::Programme;
use crate::error::Result;
use crate::model::*;
use crate::rules;
use crate::store::records::Tx;

const DEMO_FLAG: &str = "demo_loaded";

/// What `demo` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DemoSummary {
    /// False when the demo was already there.
    pub added: bool,
    /// Rows per table after the demo.
    pub counts: Vec<(String, u64)>,
}

/// A sentence only trainers may read; tests prove it never reaches a school.
pub const CONFIDENTIAL_SENTENCE: &str = "Vertrouwelijk: moeder vertelt over grote spanningen thuis sinds de scheiding.";

struct Builder<'t, 'a> {
    tx: &'t mut Tx<'a>,
    today: NaiveDate,
    /// Each child's parent, by child.
    parents: std::collections::HashMap<Uuid, Uuid>,
}

impl Builder<'_, '_> {
    fn put<E: Entity>(&mut self, record: E) -> Result<E> {
        self.tx.put(&record)?;
        Ok(record)
    }

    fn id(&mut self) -> Uuid {
        self.tx.new_id()
    }

    fn trainer(&mut self, org: Uuid, name: &str, role: TrainerRole) -> Result<Trainer> {
        let id = self.id();
        let email = format!("{}@demo.ineen.nl", name.to_lowercase().replace(' ', "."));
        self.put(Trainer { id, organisation_id: org, name: name.into(), email: Some(email), role })
    }

    fn school(&mut self, name: &str, town: &str, school_type: SchoolType, contact: (&str, &str)) -> Result<School> {
        let id = self.id();
        self.put(School {
            id,
            name: name.into(),
            town: town.into(),
            school_type,
            contact_name: Some(contact.0.into()),
            contact_role: Some(contact.1.into()),
        })
    }

    fn child(
        &mut self,
        name: (&str, &str),
        birth: NaiveDate,
        school: Uuid,
        class: &str,
        guardian: (&str, &str),
    ) -> Result<Participant> {
        let id = self.id();
        let p = self.put(Participant {
            id,
            given_name: name.0.into(),
            family_name: name.1.into(),
            birth_date: birth,
            school_id: Some(school),
            class_name: Some(class.into()),
        })?;
        let gid = self.id();
        let digits = 10 + (p.id.as_u128() % 89) as u32;
        self.put(Guardian {
            id: gid,
            participant_id: p.id,
            name: guardian.0.into(),
            relation: guardian.1.into(),
            phone: Some(format!("06-1234 56{digits:02}")),
            email: None,
            authority: true,
        })?;
        self.parents.insert(p.id, gid);
        Ok(p)
    }

    #[allow(clippy::too_many_arguments)]
    fn run(
        &mut self,
        programme: &Programme,
        name: String,
        start: NaiveDate,
        day: Weekday,
        region: Option<Region>,
        location: &str,
        school: Option<Uuid>,
        variant: Option<&str>,
        trainers: &[&Trainer],
        sessions_override: Option<u32>,
    ) -> Result<(Run, Vec<Session>)> {
        let id = self.id();
        let run = self.put(Run {
            id,
            programme_id: programme.id.clone(),
            name,
            start_date: start,
            weekday: day.number_from_monday() as u8,
            region,
            location: location.into(),
            school_id: school,
            variant: variant.map(str::to_string),
        })?;
        for t in trainers {
            let link = RunTrainer { id: self.id(), run_id: run.id, trainer_id: t.id };
            self.put(link)?;
        }
        let mut programme = programme.clone();
        if let Some(n) = sessions_override {
            for t in &mut programme.tracks {
                t.sessions = n;
            }
        }
        let plan = rules::plan_sessions(&programme, start, day, &rules::holidays(region));
        let mut sessions = put_sessions(self.tx, run.id, &plan)?;
        for s in &mut sessions {
            if s.date < self.today {
                s.status = SessionStatus::Held;
                self.tx.put(s)?;
            }
        }
        Ok((run, sessions))
    }

    fn enrol(
        &mut self,
        run: &Run,
        p: &Participant,
        by: ReferralSource,
        on: NaiveDate,
        status: EnrolmentStatus,
    ) -> Result<Enrolment> {
        let id = self.id();
        self.put(Enrolment {
            id,
            run_id: run.id,
            participant_id: p.id,
            referral_by: by,
            referral_date: on,
            indication_number: None,
            indication_issuer: None,
            indication_from: None,
            indication_until: None,
            status,
            status_reason: None,
            outcome: None,
        })
    }

    /// A consent: the young person's own when `by` says "zelf", else the parent's.
    fn consent(&mut self, e: &Enrolment, by: &str, audience: Audience, on: NaiveDate) -> Result<()> {
        let id = self.id();
        let own = by.contains("zelf");
        self.put(Consent {
            id,
            enrolment_id: e.id,
            giver: if own { Giver::Child } else { Giver::Guardian },
            guardian_id: if own { None } else { self.parents.get(&e.participant_id).copied() },
            given_by: by.into(),
            audience,
            scope: "eindverslag en tips voor de leerkracht".into(),
            given_on: on,
            withdrawn_on: None,
        })?;
        Ok(())
    }

    fn mark(
        &mut self,
        s: &Session,
        e: &Enrolment,
        person: Person,
        status: AttendanceStatus,
        note: Option<&str>,
    ) -> Result<()> {
        let id = self.id();
        self.put(Attendance {
            id,
            session_id: s.id,
            enrolment_id: e.id,
            person,
            status,
            note: note.map(str::to_string),
        })?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn contact(
        &mut self,
        run: &Run,
        e: Option<&Enrolment>,
        kind: ContactKind,
        date: NaiveDate,
        people: &str,
        summary: &str,
        audience: Audience,
    ) -> Result<()> {
        let id = self.id();
        self.put(Contact {
            id,
            enrolment_id: e.map(|e| e.id),
            run_id: run.id,
            kind,
            date,
            people: people.into(),
            summary: summary.into(),
            audience,
        })?;
        Ok(())
    }

    fn observation(&mut self, e: &Enrolment, date: NaiveDate, text: &str, audience: Audience) -> Result<()> {
        let id = self.id();
        self.put(Observation { id, enrolment_id: e.id, date, text: text.into(), audience })?;
        Ok(())
    }

    fn goal(
        &mut self,
        e: &Enrolment,
        title: &str,
        levels: [&str; 5],
        weight: u32,
        set_on: NaiveDate,
        scores: &[(i64, i8)],
    ) -> Result<()> {
        let id = self.id();
        let goal = self.put(Goal {
            id,
            enrolment_id: e.id,
            title: title.into(),
            level_minus2: levels[0].into(),
            level_minus1: levels[1].into(),
            level_0: levels[2].into(),
            level_plus1: levels[3].into(),
            level_plus2: levels[4].into(),
            weight,
            set_on,
            // The trainers agreed the goals with the school.
            audience: Audience::School,
        })?;
        for &(days, level) in scores {
            let date = set_on + Duration::days(days);
            if date <= self.today {
                let sid = self.id();
                self.put(GoalScore { id: sid, goal_id: goal.id, date, level, note: None })?;
            }
        }
        Ok(())
    }

    fn tip(&mut self, e: &Enrolment, source: Option<&str>, text: &str) -> Result<()> {
        let id = self.id();
        self.put(Tip {
            id,
            enrolment_id: e.id,
            source: source.map(str::to_string),
            text: text.into(),
            audience: Audience::School,
        })?;
        Ok(())
    }
}

fn years_before(date: NaiveDate, years: i32, days: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year() - years, date.month(), 1).unwrap_or(date) - Duration::days(days)
}

fn monday_on_or_before(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

impl Ineen {
    /// Adds the demo organisation, unless it is already there.
    pub fn demo(&mut self) -> Result<DemoSummary> {
        if self.store.flag(DEMO_FLAG)? {
            return Ok(DemoSummary { added: false, counts: self.table_counts()? });
        }
        let today = self.today();
        let programmes: Vec<Programme> = self.programmes()?;
        let find = |id: &str| programmes.iter().find(|p| p.id == id).cloned();
        let (Some(stop), Some(kidzzz), Some(plezier), Some(t4y)) =
            (find("stop-4-7"), find("alles-kidzzz"), find("plezier-op-school"), find("time-4-you"))
        else {
            return Err(crate::error::Invalid::DemoNeedsBuiltins.into());
        };
        // Whether the demo is there is decided inside the write: two `demo`s
        // at once add it once (the second waits for the first's lock).
        let added = self.store.write(|tx| -> Result<bool> {
            if tx.flag(DEMO_FLAG)? {
                return Ok(false);
            }
            let mut b = Builder { tx, today, parents: Default::default() };
            let org = Organisation { id: b.id(), name: "Jeugdhulp Utrecht e.o. (demo)".into(), retention_years: None };
            let org = b.put(org)?;
            let anouk = b.trainer(org.id, "Anouk Visser", TrainerRole::Trainer)?;
            let mehmet = b.trainer(org.id, "Mehmet Yilmaz", TrainerRole::Trainer)?;
            let sanne = b.trainer(org.id, "Sanne de Boer", TrainerRole::Trainer)?;
            let lotte = b.trainer(org.id, "Lotte Jansen", TrainerRole::Trainer)?;
            let ruud = b.trainer(org.id, "Ruud Bakker", TrainerRole::Trainer)?;
            let esther = b.trainer(org.id, "Esther Mulder", TrainerRole::Trainer)?;
            let samira = b.trainer(org.id, "Samira Benali", TrainerRole::Trainer)?;
            b.trainer(org.id, "Karin Smit", TrainerRole::Coordinator)?;

            let regenboog =
                b.school("Basisschool De Regenboog", "Houten", SchoolType::Po, ("Tilly Verhoef", "intern begeleider"))?;
            let kompas =
                b.school("OBS Het Kompas", "Utrecht", SchoolType::Po, ("Jeroen de Wit", "intern begeleider"))?;
            let fontein =
                b.school("CBS De Fontein", "Hoogeveen", SchoolType::Po, ("Marieke Post", "intern begeleider"))?;
            let maasstad = b.school("Maasstad College", "Rotterdam", SchoolType::Mbo, ("Petra Kok", "mentor"))?;

            // STOP 4-7: a group of nine, started eight weeks ago on Wednesdays.
            let start = monday_on_or_before(today - Duration::weeks(8));
            let season = if (2..=7).contains(&start.month()) { "voorjaar" } else { "najaar" };
            let (run, sessions) = b.run(
                &stop,
                format!("STOP 4-7 {season} {}, De Regenboog", start.year()),
                start,
                Weekday::Wed,
                Some(Region::Midden),
                "Basisschool De Regenboog, Houten",
                Some(regenboog.id),
                None,
                &[&anouk, &mehmet, &sanne],
                None,
            )?;
            let children = [
                (("Daan", "de Vries"), 6, "groep 3", ("Marloes de Vries", "moeder")),
                (("Noah", "Bakker"), 5, "groep 2b", ("Kees Bakker", "vader")),
                (("Emma", "Jansen"), 5, "groep 2a", ("Ilse Jansen", "moeder")),
                (("Liam", "van Dijk"), 4, "groep 1", ("Priya van Dijk", "moeder")),
                (("Sara", "El Amrani"), 6, "groep 3", ("Fatima El Amrani", "moeder")),
                (("Finn", "Smit"), 7, "groep 4", ("Bas Smit", "vader")),
                (("Julia", "Meijer"), 5, "groep 2a", ("Anne Meijer", "moeder")),
                (("Mohammed", "Yildiz"), 6, "groep 3", ("Ayse Yildiz", "moeder")),
                (("Tess", "de Jong"), 4, "groep 1", ("Rick de Jong", "vader")),
            ];
            let held: Vec<&Session> = sessions.iter().filter(|s| s.status == SessionStatus::Held).collect();
            for (i, (name, age, class, guardian)) in children.iter().enumerate() {
                let birth = years_before(start, *age, 20 + 31 * i as i64);
                let p = b.child(*name, birth, regenboog.id, class, *guardian)?;
                let by = if i % 3 == 1 { ReferralSource::Parents } else { ReferralSource::School };
                let mut e = b.enrol(&run, &p, by, start - Duration::weeks(10), EnrolmentStatus::Active)?;
                e.indication_number = Some(format!("BJZ-{}-{:04}", start.year(), 311 + i));
                e.indication_issuer = Some("Bureau Jeugdzorg Utrecht".into());
                e.indication_from = Some(start - Duration::weeks(3));
                e.indication_until = Some(start + Duration::weeks(30));
                b.tx.put(&e)?;
                if i != 4 && i != 7 {
                    b.consent(
                        &e,
                        &format!("{} ({})", guardian.1, guardian.0),
                        Audience::School,
                        start - Duration::weeks(3),
                    )?;
                }
                b.contact(
                    &run,
                    Some(&e),
                    ContactKind::HomeVisit,
                    start - Duration::days(14),
                    &format!("{}, trainer Anouk", guardian.1),
                    "Intake aan huis: kennismaking, zorgen van ouders besproken, afspraken over de training.",
                    Audience::Trainers,
                )?;
                b.contact(
                    &run,
                    Some(&e),
                    ContactKind::ClassVisit,
                    start - Duration::days(9),
                    "leerkracht, trainer Mehmet",
                    "Observatie in de klas: moeite met wachten op de beurt en met overgangen.",
                    Audience::Trainers,
                )?;
                let child_held: Vec<&&Session> = held.iter().filter(|s| s.track == TrackKind::Child).collect();
                for (n, s) in child_held.iter().enumerate() {
                    let (status, note) = match (i, n) {
                        (1, 4) => (AttendanceStatus::Late, Some("Kwam tien minuten later binnen.")),
                        (2, 6) => (AttendanceStatus::AbsentExcused, Some("Ziek gemeld door moeder.")),
                        (4, _) if n + 2 >= child_held.len() => (AttendanceStatus::AbsentUnexcused, None),
                        (6, 0) => (AttendanceStatus::Late, None),
                        _ => (AttendanceStatus::Present, None),
                    };
                    b.mark(s, &e, Person::Child, status, note)?;
                }
                for (n, s) in held.iter().enumerate().filter(|(_, s)| s.track == TrackKind::Parent) {
                    let status =
                        if (i + n) % 7 == 3 { AttendanceStatus::AbsentExcused } else { AttendanceStatus::Present };
                    b.mark(s, &e, Person::Parent, status, None)?;
                }
                for s in held.iter().filter(|s| s.track == TrackKind::Teacher) {
                    b.mark(s, &e, Person::Teacher, AttendanceStatus::Present, None)?;
                }
                if let Some(third) = held.iter().filter(|s| s.track == TrackKind::Child).nth(2) {
                    if i % 2 == 0 {
                        b.contact(
                            &run,
                            Some(&e),
                            ContactKind::ParentObservation,
                            third.date,
                            guardian.1,
                            "Kijkt mee in de kindtraining; ziet hoe complimenten werken.",
                            Audience::Trainers,
                        )?;
                    }
                }
                if let Some(first) = held.first() {
                    let (text, audience) = match i {
                        0 => ("Daan noemt in de kring zelf een compliment voor een ander kind.", Audience::School),
                        4 => (CONFIDENTIAL_SENTENCE, Audience::Trainers),
                        _ => ("Doet actief mee; oefent met tot tien tellen als het spannend wordt.", Audience::School),
                    };
                    b.observation(&e, first.date + Duration::weeks(1), text, audience)?;
                }
                let id = b.id();
                b.put(Measurement {
                    id,
                    enrolment_id: e.id,
                    instrument: "SDQ totaal (ouder)".into(),
                    phase: Phase::Pre,
                    date: start - Duration::days(7),
                    score: f64::from(18 + (i as u32 * 5) % 9),
                    // A questionnaire's scores are for the parents, not the school.
                    audience: Audience::Parents,
                })?;
                if i == 0 {
                    b.goal(
                        &e,
                        "Daan wacht op zijn beurt in de kring",
                        [
                            "Onderbreekt bijna steeds",
                            "Onderbreekt vaak",
                            "Wacht meestal op zijn beurt",
                            "Wacht bijna altijd",
                            "Wacht en helpt anderen wachten",
                        ],
                        2,
                        start,
                        &[(14, -1), (35, 0), (49, 1)],
                    )?;
                    b.tip(&e, Some("complimenten"), "Geef Daan direct een compliment als hij op zijn beurt wacht.")?;
                    let counting = crate::tips::find("tot-tien-tellen").map(|t| t.text.as_str()).unwrap_or_default();
                    b.tip(&e, Some("tot-tien-tellen"), counting)?;
                } else if i % 3 == 1 {
                    // Some children have a library tip chosen already, so the
                    // group's handout for the teachers has more than one child.
                    let library = ["licht-ongewenst-negeren", "rustige-plek", "spelen-buiten"][i / 3 % 3];
                    let text = crate::tips::find(library).map(|t| t.text.as_str()).unwrap_or_default();
                    b.tip(&e, Some(library), text)?;
                }
            }
            b.contact(
                &run,
                None,
                ContactKind::TeacherMeeting,
                start + Duration::weeks(5),
                "leerkrachten groep 1-4, trainer Sanne",
                "Tussenevaluatie met de leerkrachten van de groep.",
                Audience::School,
            )?;

            // Alles Kidzzz: an individual trajectory inside the school, on Tuesdays.
            let start = monday_on_or_before(today - Duration::weeks(5));
            let milan = b.child(
                ("Milan", "Hoekstra"),
                years_before(start, 10, 75),
                kompas.id,
                "groep 6",
                ("Linda Hoekstra", "moeder"),
            )?;
            let (run, sessions) = b.run(
                &kidzzz,
                "Alles Kidzzz — Milan Hoekstra".into(),
                start,
                Weekday::Tue,
                Some(Region::Midden),
                "OBS Het Kompas, Utrecht",
                Some(kompas.id),
                None,
                &[&lotte],
                None,
            )?;
            let e =
                b.enrol(&run, &milan, ReferralSource::School, start - Duration::weeks(3), EnrolmentStatus::Active)?;
            b.consent(&e, "moeder (Linda Hoekstra)", Audience::School, start - Duration::weeks(2))?;
            for (n, s) in sessions.iter().filter(|s| s.status == SessionStatus::Held).enumerate() {
                let status = if n == 2 { AttendanceStatus::AbsentExcused } else { AttendanceStatus::Present };
                b.mark(s, &e, Person::Child, status, None)?;
            }
            b.contact(
                &run,
                Some(&e),
                ContactKind::ParentMeeting,
                start - Duration::days(5),
                "moeder, intern begeleider, trainer Lotte",
                "Startgesprek: Milan raakt op het plein snel in gevechten.",
                Audience::Trainers,
            )?;
            b.contact(
                &run,
                Some(&e),
                ContactKind::ParentMeeting,
                start + Duration::weeks(3),
                "moeder, trainer Lotte",
                "Tussengesprek: thuis gebruikt Milan de woedethermometer.",
                Audience::Parents,
            )?;
            b.goal(
                &e,
                "Milan blijft rustig als iemand hem uitdaagt",
                [
                    "Slaat of scheldt direct",
                    "Scheldt, slaat niet",
                    "Loopt weg en koelt af",
                    "Zegt met de gele pet wat hij wil",
                    "Helpt een ander rustig te blijven",
                ],
                1,
                start,
                &[(7, -1), (21, 0), (33, 1)],
            )?;
            b.observation(
                &e,
                start + Duration::weeks(2),
                "Kan met de woedethermometer aanwijzen hoe boos hij is.",
                Audience::School,
            )?;
            b.tip(
                &e,
                Some("woedethermometer"),
                "Vraag Milan waar hij op de woedethermometer staat voordat u een conflict bespreekt.",
            )?;
            b.tip(&e, None, "Geef Milan een vaste plek om af te koelen, zonder publiek.")?;

            // Plezier op school: last summer's two-day course.
            let mut summer = NaiveDate::from_ymd_opt(today.year(), 8, 17).unwrap_or(today);
            if summer + Duration::days(2) > today {
                summer = NaiveDate::from_ymd_opt(today.year() - 1, 8, 17).unwrap_or(today);
            }
            let (run, sessions) = b.run(
                &plezier,
                format!("Plezier op school zomer {}", summer.year()),
                summer,
                summer.weekday(),
                Some(Region::Noord),
                "Buurthuis De Wijk, Hoogeveen",
                None,
                None,
                &[&ruud, &esther],
                None,
            )?;
            let course = [
                ("Lisa", "Mulder"),
                ("Tim", "Vos"),
                ("Anna", "Bos"),
                ("Yara", "Hendriks"),
                ("Luuk", "Dekker"),
                ("Mila", "van Leeuwen"),
                ("Sem", "Brouwer"),
                ("Zoë", "de Graaf"),
                ("Ravi", "Peters"),
            ];
            for (i, name) in course.iter().enumerate() {
                let p = b.child(
                    *name,
                    years_before(summer, 12, 40 * i as i64),
                    fontein.id,
                    "groep 8",
                    ("ouder", "moeder"),
                )?;
                let e = b.enrol(
                    &run,
                    &p,
                    ReferralSource::Parents,
                    summer - Duration::weeks(8),
                    EnrolmentStatus::Completed,
                )?;
                for (n, s) in sessions.iter().enumerate() {
                    let status =
                        if i == 3 && n == 1 { AttendanceStatus::AbsentExcused } else { AttendanceStatus::Present };
                    b.mark(s, &e, Person::Child, status, None)?;
                }
            }

            // time-4-you: a weekly trajectory for a student, referred by his mentor.
            let start = monday_on_or_before(today - Duration::weeks(6));
            let jamal = b.child(
                ("Jamal", "Ait Taleb"),
                years_before(start, 17, 120),
                maasstad.id,
                "Entree 1B",
                ("Nadia Ait Taleb", "moeder"),
            )?;
            // On today's weekday, so that a newcomer's first screen has a session to open.
            let day = match today.weekday() {
                Weekday::Sat | Weekday::Sun => Weekday::Thu,
                working => working,
            };
            let (run, sessions) = b.run(
                &t4y,
                "time-4-you — Jamal Ait Taleb".into(),
                start,
                day,
                Some(Region::Midden),
                "Maasstad College, Rotterdam",
                Some(maasstad.id),
                Some("sova-individueel"),
                &[&samira],
                Some(12),
            )?;
            let e =
                b.enrol(&run, &jamal, ReferralSource::Mentor, start - Duration::weeks(2), EnrolmentStatus::Active)?;
            b.consent(&e, "Jamal zelf", Audience::School, start)?;
            // At 17 he decides what his parents read too.
            b.consent(&e, "Jamal zelf", Audience::Parents, start)?;
            for (n, s) in sessions.iter().filter(|s| s.status == SessionStatus::Held).enumerate() {
                let status = if n == 1 { AttendanceStatus::Late } else { AttendanceStatus::Present };
                b.mark(s, &e, Person::Child, status, None)?;
            }
            b.contact(
                &run,
                Some(&e),
                ContactKind::TeacherMeeting,
                start - Duration::days(6),
                "mentor Petra Kok, Samira",
                "Aanmelding door de mentor: Jamal loopt weg bij kritiek en komt vaak te laat.",
                Audience::Trainers,
            )?;
            b.contact(
                &run,
                Some(&e),
                ContactKind::IncidentReferral,
                start + Duration::weeks(3),
                "docent Nederlands",
                "Jamal werd uit de les gestuurd na een woordenwisseling; samen besproken wat er gebeurde (GGGG).",
                Audience::Trainers,
            )?;
            b.contact(
                &run,
                Some(&e),
                ContactKind::ZatMeeting,
                start + Duration::weeks(4),
                "zorgadviesteam",
                "Besproken in het ZAT: traject loopt, geen verdere actie nodig.",
                Audience::School,
            )?;
            // Samira joins Maasstad's care and advice team about eight times a year.
            for (weeks, discussed) in [(-3, 6), (4, 5)] {
                let id = b.id();
                b.put(crate::model::ZatMeeting {
                    id,
                    school_id: maasstad.id,
                    date: start + Duration::weeks(weeks),
                    people: "zorgcoördinator, schoolmaatschappelijk werk, leerplicht, trainer Samira".into(),
                    discussed,
                    notes: "Aanmeldingen en lopende trajecten doorgenomen.".into(),
                    audience: Audience::Trainers,
                })?;
            }
            b.goal(
                &e,
                "Beter omgaan met kritiek binnen twee maanden",
                [
                    "Loopt weg of wordt boos",
                    "Zegt niets en trekt zich terug",
                    "Luistert en vraagt wat er bedoeld wordt",
                    "Reageert rustig en past zijn werk aan",
                    "Vraagt zelf om feedback",
                ],
                2,
                start,
                &[(7, -1), (21, -1), (35, 0)],
            )?;
            b.goal(
                &e,
                "Op tijd in de les",
                [
                    "Meer dan drie keer per week te laat",
                    "Twee à drie keer te laat",
                    "Eén keer per week te laat",
                    "Bijna nooit te laat",
                    "Altijd op tijd",
                ],
                1,
                start,
                &[(7, -2), (21, 0), (35, 1)],
            )?;
            let id = b.id();
            b.put(Measurement {
                id,
                enrolment_id: e.id,
                instrument: "Zelfbeeld (NPV-J)".into(),
                phase: Phase::Pre,
                date: start,
                score: 42.0,
                audience: Audience::Trainers,
            })?;

            b.tx.set_flag(DEMO_FLAG)?;
            Ok(true)
        })?;
        Ok(DemoSummary { added, counts: self.table_counts()? })
    }

    fn table_counts(&self) -> Result<Vec<(String, u64)>> {
        crate::store::sync::TABLE_ORDER.iter().map(|t| Ok((t.to_string(), self.store.count(t)?))).collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use crate::clock::TestClock;
    use crate::Ineen;

    /// Issue 15, item 6: on a working day the demo has a session today, so a
    /// newcomer's first screen has one to open; at the weekend there is none.
    #[test]
    fn a_newcomer_finds_a_session_today_on_a_working_day() {
        for (day, working) in [(16, true), (17, true), (19, true), (20, true), (21, false)] {
            let clock = TestClock::new(Utc.with_ymd_and_hms(2026, 11, day, 8, 0, 0).single().expect("time"));
            let dir = tempfile::tempdir().expect("tempdir");
            let mut ineen =
                Ineen::open_with(dir.path(), &crate::keys::Unlock::for_tests(), Box::new(clock)).expect("open");
            ineen.demo().expect("demo");
            let today = NaiveDate::from_ymd_opt(2026, 11, day).expect("date");
            let sessions = ineen.sessions_on(today).expect("today");
            assert_eq!(!sessions.is_empty(), working, "{today}: {sessions:?}");
        }
    }
}
