//! What a record must be before it is saved: texts trimmed, required ones
//! filled in, no control characters, numbers and dates in range. Every save
//! from the window or the command line passes through [`Validate`], so the
//! UI need not repeat (and cannot forget) any of it.

use chrono::NaiveDate;

use crate::error::{Field, Invalid};
use crate::model::{
    Consent, Contact, Goal, Guardian, Measurement, Observation, Participant, School, Tip, Trainer, ZatMeeting,
};

/// The longest single-line text (names, places) in characters.
pub const LINE_MAX: usize = 200;
/// The longest free text (summaries, observations) in characters.
pub const TEXT_MAX: usize = 20_000;

/// Checks a record and brings its texts into shape (trimmed; empty optional
/// texts become `None`).
pub trait Validate {
    fn validate(&mut self) -> Result<(), Invalid>;
}

/// A required line of text: trimmed, not empty, no control characters.
pub fn line(field: Field, value: &mut String) -> Result<(), Invalid> {
    required(field, value, false, LINE_MAX)
}

/// A required free text: trimmed, not empty; line breaks and tabs allowed.
pub fn text(field: Field, value: &mut String) -> Result<(), Invalid> {
    required(field, value, true, TEXT_MAX)
}

/// An optional line of text: trimmed; empty becomes `None`.
pub fn optional_line(field: Field, value: &mut Option<String>) -> Result<(), Invalid> {
    optional(field, value, false, LINE_MAX)
}

/// An optional free text: trimmed; empty becomes `None`.
pub fn optional_text(field: Field, value: &mut Option<String>) -> Result<(), Invalid> {
    optional(field, value, true, TEXT_MAX)
}

fn required(field: Field, value: &mut String, multiline: bool, max: usize) -> Result<(), Invalid> {
    shape(field, value, multiline, max)?;
    if value.is_empty() {
        return Err(Invalid::Required(field));
    }
    Ok(())
}

fn optional(field: Field, value: &mut Option<String>, multiline: bool, max: usize) -> Result<(), Invalid> {
    if let Some(v) = value.as_mut() {
        shape(field, v, multiline, max)?;
    }
    if value.as_deref().is_some_and(str::is_empty) {
        *value = None;
    }
    Ok(())
}

fn shape(field: Field, value: &mut String, multiline: bool, max: usize) -> Result<(), Invalid> {
    let trimmed = value.trim();
    if trimmed.len() != value.len() {
        *value = trimmed.to_string();
    }
    if value.chars().any(|c| !char_allowed(c, multiline)) {
        return Err(Invalid::ControlCharacters(field));
    }
    if value.chars().count() > max {
        return Err(Invalid::TooLong { field, max });
    }
    Ok(())
}

/// Whether a character may be in a text: no control characters (line
/// breaks and tabs in free texts), and no bidirectional overrides or
/// isolates, which could turn a report's labels around (U+202A–U+202E,
/// U+2066–U+2069).
pub fn char_allowed(c: char, multiline: bool) -> bool {
    if c.is_control() {
        return multiline && matches!(c, '\n' | '\r' | '\t');
    }
    !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A whole number within `min..=max`.
pub fn range(field: Field, value: i64, min: i64, max: i64) -> Result<(), Invalid> {
    if value < min || value > max {
        return Err(Invalid::OutOfRange { field, min, max });
    }
    Ok(())
}

/// `until` is not before `from`.
pub fn period(field: Field, from: NaiveDate, until: Option<NaiveDate>) -> Result<(), Invalid> {
    if until.is_some_and(|u| u < from) {
        return Err(Invalid::EndsBeforeStart(field));
    }
    Ok(())
}

impl Validate for Trainer {
    fn validate(&mut self) -> Result<(), Invalid> {
        line(Field::Name, &mut self.name)?;
        optional_line(Field::Email, &mut self.email)
    }
}

impl Validate for School {
    fn validate(&mut self) -> Result<(), Invalid> {
        line(Field::Name, &mut self.name)?;
        line(Field::Town, &mut self.town)?;
        optional_line(Field::ContactName, &mut self.contact_name)?;
        optional_line(Field::ContactRole, &mut self.contact_role)
    }
}

impl Validate for Participant {
    fn validate(&mut self) -> Result<(), Invalid> {
        line(Field::GivenName, &mut self.given_name)?;
        line(Field::FamilyName, &mut self.family_name)?;
        optional_line(Field::ClassName, &mut self.class_name)
    }
}

impl Validate for Guardian {
    fn validate(&mut self) -> Result<(), Invalid> {
        line(Field::Name, &mut self.name)?;
        line(Field::Relation, &mut self.relation)?;
        optional_line(Field::Phone, &mut self.phone)?;
        optional_line(Field::Email, &mut self.email)
    }
}

impl Validate for Consent {
    fn validate(&mut self) -> Result<(), Invalid> {
        line(Field::GivenBy, &mut self.given_by)?;
        line(Field::Scope, &mut self.scope)?;
        period(Field::Withdrawn, self.given_on, self.withdrawn_on)
    }
}

impl Validate for Contact {
    fn validate(&mut self) -> Result<(), Invalid> {
        // Who took part may be left open; only its shape is checked.
        shape(Field::People, &mut self.people, false, LINE_MAX)?;
        text(Field::Summary, &mut self.summary)
    }
}

impl Validate for Goal {
    fn validate(&mut self) -> Result<(), Invalid> {
        line(Field::GoalTitle, &mut self.title)?;
        // The expected level (0) is the goal itself; the others may follow later.
        text(Field::GoalLevel, &mut self.level_0)?;
        for level in [&mut self.level_minus2, &mut self.level_minus1, &mut self.level_plus1, &mut self.level_plus2] {
            shape(Field::GoalLevel, level, true, TEXT_MAX)?;
        }
        range(Field::Weight, i64::from(self.weight), 1, 5)
    }
}

impl Validate for Measurement {
    fn validate(&mut self) -> Result<(), Invalid> {
        line(Field::Instrument, &mut self.instrument)?;
        if !self.score.is_finite() {
            return Err(Invalid::NotANumber(Field::Score));
        }
        Ok(())
    }
}

impl Validate for Observation {
    fn validate(&mut self) -> Result<(), Invalid> {
        text(Field::Observation, &mut self.text)
    }
}

impl Validate for ZatMeeting {
    fn validate(&mut self) -> Result<(), Invalid> {
        line(Field::People, &mut self.people)?;
        shape(Field::Summary, &mut self.notes, true, TEXT_MAX)?;
        range(Field::Discussed, i64::from(self.discussed), 0, 200)
    }
}

impl Validate for Tip {
    fn validate(&mut self) -> Result<(), Invalid> {
        text(Field::Tip, &mut self.text)?;
        optional_line(Field::Tip, &mut self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Audience;
    use uuid::Uuid;

    fn observation(text: &str) -> Observation {
        Observation {
            id: Uuid::nil(),
            enrolment_id: Uuid::nil(),
            date: NaiveDate::from_ymd_opt(2026, 9, 1).expect("date"),
            text: text.into(),
            audience: Audience::Trainers,
        }
    }

    #[test]
    fn texts_are_trimmed_and_required_ones_filled_in() {
        let mut o = observation("  Daan speelde mee.\n");
        o.validate().expect("valid");
        assert_eq!(o.text, "Daan speelde mee.");
        assert_eq!(observation("   ").validate(), Err(Invalid::Required(Field::Observation)));
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_in_free_text_are_kept() {
        let mut o = observation("eerste regel\ntweede\tregel");
        o.validate().expect("valid");
        assert!(o.text.contains('\n'));
        assert_eq!(observation("bel\u{7}").validate(), Err(Invalid::ControlCharacters(Field::Observation)));
        let mut t = Trainer {
            id: Uuid::nil(),
            organisation_id: Uuid::nil(),
            name: "Anouk\nVisser".into(),
            email: Some("  ".into()),
            role: crate::model::TrainerRole::Trainer,
        };
        assert_eq!(t.validate(), Err(Invalid::ControlCharacters(Field::Name)));
        // A right-to-left override would turn a report's labels around.
        t.name = "Anouk \u{202E}Visser".into();
        assert_eq!(t.validate(), Err(Invalid::ControlCharacters(Field::Name)));
        t.name = " Anouk Visser ".into();
        t.validate().expect("valid");
        assert_eq!((t.name.as_str(), t.email), ("Anouk Visser", None), "an empty optional text is no text");
    }

    #[test]
    fn lengths_numbers_and_periods_are_checked() {
        assert_eq!(
            observation(&"x".repeat(TEXT_MAX + 1)).validate(),
            Err(Invalid::TooLong { field: Field::Observation, max: TEXT_MAX })
        );
        assert_eq!(range(Field::Weight, 0, 1, 10), Err(Invalid::OutOfRange { field: Field::Weight, min: 1, max: 10 }));
        let d = |day| NaiveDate::from_ymd_opt(2026, 9, day).expect("date");
        assert_eq!(period(Field::Withdrawn, d(2), Some(d(1))), Err(Invalid::EndsBeforeStart(Field::Withdrawn)));
        assert_eq!(period(Field::Withdrawn, d(2), Some(d(2))), Ok(()));
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        use crate::i18n::Lang;
        for field in Field::ALL {
            for problem in [
                Invalid::Required(*field),
                Invalid::ControlCharacters(*field),
                Invalid::TooLong { field: *field, max: 10 },
                Invalid::OutOfRange { field: *field, min: 1, max: 2 },
                Invalid::EndsBeforeStart(*field),
                Invalid::NotANumber(*field),
            ] {
                let (nl, en) = (problem.message(Lang::Nl), problem.message(Lang::En));
                assert!(!nl.is_empty() && !en.is_empty() && nl != en, "{problem:?}");
            }
        }
    }
}
