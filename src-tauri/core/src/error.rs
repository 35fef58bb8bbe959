//! The errors a user can meet, with a stable code for the UI and a message in
//! Dutch or English that says what happened and what to do.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::curriculum::CurriculumError;
use crate::i18n::Lang;
use crate::store::StoreError;

/// Stable error codes; the UI matches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    CurriculumInvalid,
    DataDirUnusable,
    DatabaseTooNew,
    DatabaseUnreadable,
    StoreFailed,
    NotFound,
    InvalidInput,
    IndicationMissing,
    AlreadyEnrolled,
    ImportInvalid,
    ConsentMissing,
    SchoolReportOff,
    FileFailed,
    Internal,
}

/// The kinds of record a user can ask for by id, for "not found" messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Programme,
    Run,
    Session,
    Enrolment,
    Participant,
    Goal,
    Trainer,
    Tip,
    Report,
}

impl Kind {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Kind::Programme => lang.pick("het programma", "the programme"),
            Kind::Run => lang.pick("de groep", "the group"),
            Kind::Session => lang.pick("de bijeenkomst", "the session"),
            Kind::Enrolment => lang.pick("de inschrijving", "the enrolment"),
            Kind::Participant => lang.pick("de deelnemer", "the participant"),
            Kind::Goal => lang.pick("het doel", "the goal"),
            Kind::Trainer => lang.pick("de trainer", "the trainer"),
            Kind::Tip => lang.pick("de tip", "the tip"),
            Kind::Report => lang.pick("het verslag", "the report"),
        }
    }
}

/// Every error of the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Curriculum(#[from] CurriculumError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0:?} not found: {1}")]
    NotFound(Kind, String),
    /// A field a user filled in is not acceptable.
    #[error("invalid {field}: {nl}")]
    Invalid { field: &'static str, nl: String, en: String },
    #[error("indication missing for {names:?}")]
    IndicationMissing { programme: String, names: Vec<String> },
    #[error("{name} is already enrolled in {run}")]
    AlreadyEnrolled { name: String, run: String },
    /// An import file was refused; nothing was changed.
    #[error("import refused at {path}: {detail}")]
    Import { path: String, detail: String },
    #[error("no consent to share with the school for {child}")]
    ConsentMissing { child: String },
    #[error("{programme} sends the school no report by default")]
    NoSchoolReport { programme: String },
    #[error("report rendering failed: {0}")]
    Render(String),
    #[error("file {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot use data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Curriculum(_) => ErrorCode::CurriculumInvalid,
            Error::Store(e) => e.code(),
            Error::DataDir { .. } => ErrorCode::DataDirUnusable,
            Error::NotFound(..) => ErrorCode::NotFound,
            Error::Invalid { .. } => ErrorCode::InvalidInput,
            Error::IndicationMissing { .. } => ErrorCode::IndicationMissing,
            Error::AlreadyEnrolled { .. } => ErrorCode::AlreadyEnrolled,
            Error::Import { .. } => ErrorCode::ImportInvalid,
            Error::File { .. } => ErrorCode::FileFailed,
            Error::ConsentMissing { .. } => ErrorCode::ConsentMissing,
            Error::NoSchoolReport { .. } => ErrorCode::SchoolReportOff,
            Error::Render(_) => ErrorCode::Internal,
        }
    }

    /// The message a user reads, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::NotFound(kind, id) => match lang {
                Lang::Nl => format!(
                    "{} ({id}) bestaat niet (meer). Vernieuw het scherm en probeer het opnieuw.",
                    kind.name(lang)
                ),
                Lang::En => {
                    format!("{} ({id}) does not exist (any more). Refresh the screen and try again.", kind.name(lang))
                }
            },
            Error::Invalid { nl, en, .. } => lang.pick(nl, en).clone(),
            Error::IndicationMissing { programme, names } => match lang {
                Lang::Nl => format!(
                    "Dit kan nog niet: {programme} vraagt een indicatie (bijvoorbeeld van Bureau Jeugdzorg), \
                     en die ontbreekt of is niet geldig op deze datum voor {}. \
                     Leg eerst de indicatie vast bij de inschrijving (nummer, afgever en datum).",
                    names.join(", ")
                ),
                Lang::En => format!(
                    "Not yet: {programme} needs an indication (e.g. from Bureau Jeugdzorg), \
                     which is missing or not valid on this date for {}. \
                     First record the indication on the enrolment (number, issuer and date).",
                    names.join(", ")
                ),
            },
            Error::AlreadyEnrolled { name, run } => match lang {
                Lang::Nl => format!("{name} is al ingeschreven in {run}."),
                Lang::En => format!("{name} is already enrolled in {run}."),
            },
            Error::Import { path, detail } => match lang {
                Lang::Nl => format!(
                    "Het bestand is niet ingelezen: bij {path} klopt iets niet ({detail}). \
                     Er is niets veranderd. Verbeter het bestand of vraag een nieuwe export."
                ),
                Lang::En => format!(
                    "The file was not imported: something is wrong at {path} ({detail}). \
                     Nothing was changed. Correct the file or ask for a new export."
                ),
            },
            Error::File { path, source } => match lang {
                Lang::Nl => format!(
                    "Het bestand {} kan niet worden gelezen of geschreven ({source}). Kies een andere plek of naam.",
                    path.display()
                ),
                Lang::En => format!(
                    "The file {} cannot be read or written ({source}). Choose another place or name.",
                    path.display()
                ),
            },
            Error::ConsentMissing { child } => match lang {
                Lang::Nl => format!(
                    "Er is geen toestemming vastgelegd om het verslag van {child} met de school te delen. \
                     Leg de toestemming van de ouders vast op de pagina van de inschrijving \
                     (Toestemming vastleggen, delen met: de school) en probeer het opnieuw."
                ),
                Lang::En => format!(
                    "No consent is recorded to share {child}'s report with the school. \
                     Record the parents' consent on the enrolment page (Record consent, share with: the school) \
                     and try again."
                ),
            },
            Error::NoSchoolReport { programme } => match lang {
                Lang::Nl => format!(
                    "Bij {programme} krijgt de school standaard geen verslag (privacy). Maak de versie voor de ouders."
                ),
                Lang::En => {
                    format!("With {programme} the school gets no report by default (privacy). Make the parents' version.")
                }
            },
            Error::Render(detail) => match lang {
                Lang::Nl => format!("Het verslag kon niet worden opgemaakt ({detail}). Er is niets verloren; meld dit aan je coördinator."),
                Lang::En => format!("The report could not be typeset ({detail}). Nothing was lost; tell your coordinator."),
            },
            Error::Curriculum(e) => e.message(lang),
            Error::Store(e) => e.message(lang),
            Error::DataDir { path, source } => match lang {
                Lang::Nl => format!(
                    "De gegevensmap {} kan niet worden gebruikt ({source}). \
                     Kies een map waarin je mag schrijven, bijvoorbeeld met --data-dir.",
                    path.display()
                ),
                Lang::En => format!(
                    "The data folder {} cannot be used ({source}). \
                     Choose a folder you can write to, for example with --data-dir.",
                    path.display()
                ),
            },
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
