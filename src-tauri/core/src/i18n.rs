//! The two languages Ineen speaks: Dutch first, English second.
//!
//! The UI keeps its own message catalogue; this module only names the
//! languages so that the core can word its errors for the user.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

/// A text with its first letter a capital ("ggz-verwijzing" → "Ggz-verwijzing").
pub fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl Lang {
    /// The code stored in settings and used by the UI (`nl`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Parses a stored language code; unknown codes fall back to Dutch.
    pub fn from_code(code: &str) -> Lang {
        match code {
            "en" => Lang::En,
            _ => Lang::Nl,
        }
    }

    /// Picks the Dutch or the English wording.
    pub fn pick<T>(self, nl: T, en: T) -> T {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}
