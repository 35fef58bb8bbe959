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
    ProgrammeInvalid,
    DataDirUnusable,
    DatabaseTooNew,
    DatabaseUnreadable,
    StoreFailed,
    /// The record belongs to an erased dossier.
    Erased,
    NotFound,
    InvalidInput,
    IndicationMissing,
    AlreadyEnrolled,
    ImportInvalid,
    ConsentMissing,
    SchoolReportOff,
    FileFailed,
    FileExists,
    FinalInvalid,
    DiskFull,
    SyncFailed,
    DataFolderBusy,
    DatabaseDamaged,
    /// The data is encrypted and its key is not in this laptop's keyring:
    /// the recovery passphrase opens it.
    PassphraseNeeded,
    /// A new data folder (or one of an older Ineen, not yet encrypted)
    /// needs a recovery passphrase chosen before it is made.
    NewPassphraseNeeded,
    WrongPassphrase,
    PassphraseTooShort,
    KeyFileDamaged,
    KeyFileMissing,
    /// A command that only reads met data not yet encrypted.
    NotYetEncrypted,
    /// The window is locked.
    AppLocked,
    /// An encrypted export file needs the passphrase it was made with.
    ExportPassphraseNeeded,
    WrongExportPassphrase,
    Internal,
}

/// Why a passphrase is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedPassphrase {
    /// To open the data key on a laptop whose keyring does not have it.
    Open,
    /// To seal a new data folder's key.
    New,
    /// To seal the key of a plain store of an older Ineen, then encrypt it.
    Encrypt,
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
    School,
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
            Kind::School => lang.pick("de school", "the school"),
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
    /// A programme from the programme editor that a curriculum file could
    /// not hold: the field (as in the file) and what is wrong.
    #[error("{0}")]
    ProgrammeDraft(CurriculumError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0:?} not found: {1}")]
    NotFound(Kind, String),
    /// Something a user filled in or asked for is not acceptable.
    #[error("invalid input: {0:?}")]
    Invalid(Invalid),
    #[error("indication missing for {names:?}")]
    IndicationMissing { programme: String, names: Vec<String> },
    #[error("{name} is already enrolled in {run}")]
    AlreadyEnrolled { name: String, run: String },
    /// An import file was refused; nothing was changed.
    #[error("import refused at {path}: {detail}")]
    Import { path: String, detail: String },
    #[error("no consent to share with the school for {child}")]
    ConsentMissing { child: String, age: u32, missing: Vec<crate::rules::Consenter>, parents: bool },
    #[error("{programme} sends the school no report by default")]
    NoSchoolReport { programme: String },
    #[error("report rendering failed: {0}")]
    Render(String),
    /// A final report version is not what was finalised (or out of range).
    #[error("final version {version} is not sound: {why}")]
    FinalInvalid { version: u32, why: String },
    /// An output file was not written, to keep what is there.
    #[error("not writing {path}: {why:?}")]
    OutputRefused { path: PathBuf, why: crate::files::Refused },
    /// Team work: keys, roster, sync folder, conflicts.
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
    #[error("file {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Another Ineen (a window, or a command that writes) has the data folder.
    #[error("data folder in use by {holder:?}")]
    Busy { holder: crate::lock::Holder },
    /// The store failed its check at start; a good backup can be put back.
    #[error("store damaged: {detail}")]
    Damaged { detail: String, backup: Option<PathBuf> },
    #[error("passphrase needed: {0:?}")]
    PassphraseNeeded(NeedPassphrase),
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// The store is encrypted but the data folder has no key file.
    #[error("key file missing")]
    KeyFileMissing,
    #[error("store not yet encrypted")]
    NotYetEncrypted,
    /// The window is locked until its PIN (or passphrase) is typed.
    #[error("window locked")]
    Locked,
    #[error("export passphrase needed")]
    ExportPassphraseNeeded,
    #[error("wrong export passphrase")]
    WrongExportPassphrase,
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
            Error::ProgrammeDraft(_) => ErrorCode::ProgrammeInvalid,
            Error::Store(e) => e.code(),
            Error::DataDir { .. } => ErrorCode::DataDirUnusable,
            Error::NotFound(..) => ErrorCode::NotFound,
            Error::Invalid(_) => ErrorCode::InvalidInput,
            Error::IndicationMissing { .. } => ErrorCode::IndicationMissing,
            Error::AlreadyEnrolled { .. } => ErrorCode::AlreadyEnrolled,
            Error::Import { .. } => ErrorCode::ImportInvalid,
            Error::File { .. } => ErrorCode::FileFailed,
            Error::ConsentMissing { .. } => ErrorCode::ConsentMissing,
            Error::NoSchoolReport { .. } => ErrorCode::SchoolReportOff,
            Error::Render(_) => ErrorCode::Internal,
            Error::Sync(_) => ErrorCode::SyncFailed,
            Error::FinalInvalid { .. } => ErrorCode::FinalInvalid,
            Error::OutputRefused { why: crate::files::Refused::Exists, .. } => ErrorCode::FileExists,
            Error::OutputRefused { .. } => ErrorCode::FileFailed,
            Error::Busy { .. } => ErrorCode::DataFolderBusy,
            Error::Damaged { .. } => ErrorCode::DatabaseDamaged,
            Error::PassphraseNeeded(NeedPassphrase::Open) => ErrorCode::PassphraseNeeded,
            Error::PassphraseNeeded(_) => ErrorCode::NewPassphraseNeeded,
            Error::Key(crate::keys::KeyError::WrongPassphrase) => ErrorCode::WrongPassphrase,
            Error::Key(crate::keys::KeyError::TooShort) => ErrorCode::PassphraseTooShort,
            Error::Key(crate::keys::KeyError::Unreadable(_)) => ErrorCode::KeyFileDamaged,
            Error::Key(crate::keys::KeyError::Crypto(_)) => ErrorCode::Internal,
            Error::KeyFileMissing => ErrorCode::KeyFileMissing,
            Error::NotYetEncrypted => ErrorCode::NotYetEncrypted,
            Error::Locked => ErrorCode::AppLocked,
            Error::ExportPassphraseNeeded => ErrorCode::ExportPassphraseNeeded,
            Error::WrongExportPassphrase => ErrorCode::WrongExportPassphrase,
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
            Error::Invalid(problem) => problem.message(lang),
            Error::Sync(e) => e.message(lang),
            Error::FinalInvalid { version, why } => match lang {
                Lang::Nl => format!(
                    "Definitieve versie {version} klopt niet meer met wat er definitief is gemaakt ({why}). \
                     Ineen maakt er geen verslag van. Maak een nieuwe versie, of neem contact op met je coördinator."
                ),
                Lang::En => format!(
                    "Final version {version} no longer matches what was finalised ({why}). \
                     Ineen makes no report of it. Make a new version, or contact your coordinator."
                ),
            },
            Error::OutputRefused { path, why } => {
                use crate::files::Refused;
                let path = path.display();
                match (why, lang) {
                    (Refused::Store, Lang::Nl) => format!(
                        "{path} is het gegevensbestand van Ineen zelf; daar schrijft Ineen geen verslag of export overheen. \
                         Kies een andere naam of map. Er is niets veranderd."
                    ),
                    (Refused::Store, Lang::En) => format!(
                        "{path} is Ineen's own data file; Ineen does not write a report or export over it. \
                         Choose another name or folder. Nothing was changed."
                    ),
                    (Refused::Exists, Lang::Nl) => format!(
                        "Er staat al een bestand {path}. Kies een andere naam, of vervang het (--force op de opdrachtregel)."
                    ),
                    (Refused::Exists, Lang::En) => format!(
                        "There is already a file {path}. Choose another name, or replace it (--force on the command line)."
                    ),
                    (Refused::NotAFile, Lang::Nl) => {
                        format!("{path} is een map of iets anders dan een bestand. Geef een bestandsnaam op.")
                    }
                    (Refused::NotAFile, Lang::En) => {
                        format!("{path} is a folder or something other than a file. Give a file name.")
                    }
                    (Refused::DataFolder, Lang::Nl) => format!(
                        "{path} ligt in de gegevensmap van Ineen, waar alleen Ineen zelf schrijft. \
                         Kies een andere map (bijvoorbeeld Documenten), of de map verslagen. Er is niets veranderd."
                    ),
                    (Refused::DataFolder, Lang::En) => format!(
                        "{path} is in Ineen's data folder, where only Ineen itself writes. \
                         Choose another folder (Documents, say), or the reports folder. Nothing was changed."
                    ),
                    (Refused::NotAnExport, Lang::Nl) => format!(
                        "{path} is geen bestand dat Ineen in de map verslagen heeft gemaakt; Ineen opent of verplaatst \
                         alleen zijn eigen verslagen en exports. Maak het verslag opnieuw."
                    ),
                    (Refused::NotAnExport, Lang::En) => format!(
                        "{path} is not a file Ineen made in its reports folder; Ineen opens or moves only its own \
                         reports and exports. Make the report again."
                    ),
                }
            }
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
            Error::ConsentMissing { child, age, missing, parents } => {
                let first = child.split(' ').next().unwrap_or(child);
                let who = missing.iter().map(|m| m.label(first, lang)).collect::<Vec<_>>().join(", ");
                let (met, with) = match (parents, lang) {
                    (false, Lang::Nl) => ("met de school", "de school"),
                    (true, Lang::Nl) => ("met de ouders", "de ouders"),
                    (false, Lang::En) => ("with the school", "the school"),
                    (true, Lang::En) => ("with the parents", "the parents"),
                };
                match lang {
                    Lang::Nl => format!(
                        "Het verslag van {child} mag nog niet {met} gedeeld worden: op {age}-jarige leeftijd \
                         is toestemming nodig van {who}, en die is niet vastgelegd of ingetrokken. Leg de toestemming \
                         vast op de pagina van de inschrijving (Toestemming vastleggen, delen met: {with}) en probeer \
                         het opnieuw."
                    ),
                    Lang::En => format!(
                        "{child}'s report may not be shared {met} yet: at age {age}, consent is needed \
                         from {who}, and it is not recorded or was withdrawn. Record the consent on the enrolment page \
                         (Record consent, share with: {with}) and try again."
                    ),
                }
            }
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
            Error::Busy { holder } => match (holder.is_window(), lang) {
                (true, Lang::Nl) => format!(
                    "Deze gegevensmap is open in {}. Doe dit in het venster, of sluit het venster en probeer het opnieuw. \
                     Er is niets veranderd.",
                    holder.describe(lang)
                ),
                (true, Lang::En) => format!(
                    "This data folder is open in {}. Do this in the window, or close the window and try again. \
                     Nothing was changed.",
                    holder.describe(lang)
                ),
                (false, Lang::Nl) => format!(
                    "Aan deze gegevensmap werkt nu {}. Wacht tot die klaar is en probeer het opnieuw. \
                     Er is niets veranderd.",
                    holder.describe(lang)
                ),
                (false, Lang::En) => format!(
                    "{} is working on this data folder now. Wait until it is done and try again. \
                     Nothing was changed.",
                    holder.describe(lang)
                ),
            },
            Error::Damaged { detail, backup } => {
                let restore = match (backup, lang) {
                    (Some(b), Lang::Nl) => format!(
                        "Zet de nieuwste goede reservekopie terug: {} (in het venster met één knop, \
                         of met 'ineen restore'). Wat je sindsdien hebt vastgelegd moet je opnieuw invoeren.",
                        b.display()
                    ),
                    (Some(b), Lang::En) => format!(
                        "Put back the newest good backup: {} (in the window with one button, or with \
                         'ineen restore'). What you recorded since then must be entered again.",
                        b.display()
                    ),
                    (None, Lang::Nl) => "Er is geen goede reservekopie in de gegevensmap. Neem contact op met je \
                                         coördinator; verwijder of overschrijf het bestand niet."
                        .to_string(),
                    (None, Lang::En) => "There is no good backup in the data folder. Contact your coordinator; \
                                         do not delete or overwrite the file."
                        .to_string(),
                };
                match lang {
                    Lang::Nl => format!("Het gegevensbestand is beschadigd ({detail}). Ineen heeft er niets aan veranderd. {restore}"),
                    Lang::En => format!("The data file is damaged ({detail}). Ineen has not changed it. {restore}"),
                }
            }
            Error::PassphraseNeeded(why) => match (why, lang) {
                (NeedPassphrase::Open, Lang::Nl) => "Je gegevens zijn versleuteld en de sleutel staat niet in de \
                    sleutelbos van deze computer (een nieuwe laptop, of er is geen sleutelbos). Geef het \
                    herstelwachtwoord: in het venster, of op de opdrachtregel met INEEN_PASSPHRASE of \
                    --passphrase-file. Er is niets veranderd."
                    .into(),
                (NeedPassphrase::Open, Lang::En) => "Your data is encrypted and its key is not in this computer's \
                    keyring (a new laptop, or there is no keyring). Give the recovery passphrase: in the window, or \
                    on the command line with INEEN_PASSPHRASE or --passphrase-file. Nothing was changed."
                    .into(),
                (_, Lang::Nl) => format!(
                    "Ineen versleutelt je gegevens. Kies eerst een herstelwachtwoord (minstens {} tekens): in het \
                     venster, of op de opdrachtregel met INEEN_PASSPHRASE of --passphrase-file. Bewaar het goed: \
                     op een nieuwe laptop opent alleen dit wachtwoord je gegevens.{}",
                    crate::keys::MIN_PASSPHRASE,
                    if *why == NeedPassphrase::Encrypt { " Er is nog niets veranderd." } else { "" }
                ),
                (_, Lang::En) => format!(
                    "Ineen encrypts your data. First choose a recovery passphrase (at least {} characters): in the \
                     window, or on the command line with INEEN_PASSPHRASE or --passphrase-file. Keep it safe: on a \
                     new laptop only this passphrase opens your data.{}",
                    crate::keys::MIN_PASSPHRASE,
                    if *why == NeedPassphrase::Encrypt { " Nothing has been changed yet." } else { "" }
                ),
            },
            Error::Key(e) => e.message(lang),
            Error::KeyFileMissing => lang
                .pick(
                    "Je gegevens zijn versleuteld, maar het sleutelbestand ineen.key ontbreekt in de gegevensmap. \
                     Er is niets veranderd. Zet het terug uit een kopie van de map (of van de tweede map voor \
                     reservekopieën).",
                    "Your data is encrypted, but the key file ineen.key is missing from the data folder. Nothing \
                     was changed. Put it back from a copy of the folder (or of the second backup folder).",
                )
                .into(),
            Error::NotYetEncrypted => lang
                .pick(
                    "Deze gegevens zijn nog niet versleuteld. Open eerst Ineen (of voer een opdracht uit die iets \
                     vastlegt, zoals 'ineen backup'): dan worden ze versleuteld. Er is niets veranderd.",
                    "This data is not yet encrypted. First open Ineen (or run a command that records something, \
                     such as 'ineen backup'): that encrypts it. Nothing was changed.",
                )
                .into(),
            Error::Locked => lang
                .pick(
                    "Ineen is vergrendeld. Ontgrendel het met je pincode (of je herstelwachtwoord).",
                    "Ineen is locked. Unlock it with your PIN (or your recovery passphrase).",
                )
                .into(),
            Error::ExportPassphraseNeeded => lang
                .pick(
                    "Dit bestand is versleuteld. Geef het wachtwoord waarmee het is gemaakt (vraag het aan wie het je \
                     gaf). Er is niets veranderd.",
                    "This file is encrypted. Give the passphrase it was made with (ask whoever gave it to you). \
                     Nothing was changed.",
                )
                .into(),
            Error::WrongExportPassphrase => lang
                .pick(
                    "Met dit wachtwoord gaat het bestand niet open. Er is niets veranderd; probeer het opnieuw of \
                     vraag het wachtwoord aan wie je het bestand gaf.",
                    "This passphrase does not open the file. Nothing was changed; try again, or ask whoever gave \
                     you the file for its passphrase.",
                )
                .into(),
            Error::Curriculum(e) => e.message(lang),
            Error::ProgrammeDraft(e) => e.draft_message(lang),
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

impl Error {
    /// The message in a few words, for a list that names many children
    /// (who was left out of a batch, and why).
    pub fn short_message(&self, lang: Lang) -> String {
        match self {
            Error::ConsentMissing { parents: false, .. } => {
                lang.pick("geen toestemming voor de school vastgelegd", "no consent for the school recorded").into()
            }
            Error::ConsentMissing { parents: true, .. } => {
                lang.pick("geen toestemming voor de ouders vastgelegd", "no consent for the parents recorded").into()
            }
            Error::NoSchoolReport { .. } => lang
                .pick("dit programma stuurt de school geen verslag", "this programme sends the school no report")
                .into(),
            other => other.message(lang),
        }
    }
}

/// A text in both languages, for the few notes that are not errors.
pub struct Text {
    pub nl: &'static str,
    pub en: &'static str,
}

impl Text {
    pub fn pick(&self, lang: Lang) -> &'static str {
        lang.pick(self.nl, self.en)
    }
}

/// Why a child was left out of a group's tips handout when consent is there.
pub const NO_TIPS_YET: Text = Text { nl: "nog geen tips gekozen", en: "no tips chosen yet" };

impl From<Invalid> for Error {
    fn from(problem: Invalid) -> Error {
        Error::Invalid(problem)
    }
}

/// The fields a user fills in, named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    GivenName,
    FamilyName,
    ClassName,
    Town,
    Email,
    Phone,
    Relation,
    ContactName,
    ContactRole,
    GivenBy,
    Scope,
    Withdrawn,
    People,
    Summary,
    GoalTitle,
    GoalLevel,
    Weight,
    Instrument,
    Score,
    Observation,
    Tip,
    Location,
    IndicationNumber,
    Indication,
    GasLevel,
    Reason,
    Note,
    TeamName,
    DeviceName,
    BackupDays,
    BackupWeeks,
    BackupFolder,
    LockIdle,
    RetentionYears,
    SentTo,
    Discussed,
}

impl Field {
    /// Every field, for the test that every message exists in both languages.
    pub const ALL: &'static [Field] = &[
        Field::Name,
        Field::GivenName,
        Field::FamilyName,
        Field::ClassName,
        Field::Town,
        Field::Email,
        Field::Phone,
        Field::Relation,
        Field::ContactName,
        Field::ContactRole,
        Field::GivenBy,
        Field::Scope,
        Field::Withdrawn,
        Field::People,
        Field::Summary,
        Field::GoalTitle,
        Field::GoalLevel,
        Field::Weight,
        Field::Instrument,
        Field::Score,
        Field::Observation,
        Field::Tip,
        Field::Location,
        Field::IndicationNumber,
        Field::Indication,
        Field::GasLevel,
        Field::Reason,
        Field::Note,
        Field::TeamName,
        Field::DeviceName,
        Field::BackupDays,
        Field::BackupWeeks,
        Field::BackupFolder,
        Field::LockIdle,
        Field::RetentionYears,
        Field::SentTo,
        Field::Discussed,
    ];

    /// The field as a user knows it, after "the" / "de".
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Name => lang.pick("de naam", "the name"),
            Field::GivenName => lang.pick("de voornaam", "the given name"),
            Field::FamilyName => lang.pick("de achternaam", "the family name"),
            Field::ClassName => lang.pick("de klas of groep", "the class"),
            Field::Town => lang.pick("de plaats", "the town"),
            Field::Email => lang.pick("het e-mailadres", "the email address"),
            Field::Phone => lang.pick("het telefoonnummer", "the phone number"),
            Field::Relation => lang.pick("de relatie tot de deelnemer", "the relation to the participant"),
            Field::ContactName => lang.pick("de contactpersoon", "the contact person"),
            Field::ContactRole => lang.pick("de rol van de contactpersoon", "the contact person's role"),
            Field::GivenBy => lang.pick("wie toestemming gaf", "who gave consent"),
            Field::Scope => lang.pick("wat gedeeld mag worden", "what may be shared"),
            Field::Withdrawn => lang.pick("de intrekking", "the withdrawal"),
            Field::People => lang.pick("wie erbij waren", "who took part"),
            Field::Summary => lang.pick("de samenvatting", "the summary"),
            Field::GoalTitle => lang.pick("het doel", "the goal"),
            Field::GoalLevel => lang.pick("het verwachte niveau (0)", "the expected level (0)"),
            Field::Weight => lang.pick("het gewicht", "the weight"),
            Field::Instrument => lang.pick("het meetinstrument", "the instrument"),
            Field::Score => lang.pick("de score", "the score"),
            Field::Observation => lang.pick("de observatie", "the observation"),
            Field::Tip => lang.pick("de tip", "the tip"),
            Field::Location => lang.pick("de locatie", "the location"),
            Field::IndicationNumber => lang.pick("het nummer van de indicatie", "the indication number"),
            Field::Indication => lang.pick("de indicatie", "the indication"),
            Field::GasLevel => lang.pick("de GAS-score", "the GAS score"),
            Field::Reason => lang.pick("de reden", "the reason"),
            Field::Note => lang.pick("de notitie", "the note"),
            Field::TeamName => lang.pick("de naam van het team", "the team's name"),
            Field::DeviceName => lang.pick("de naam van de persoon of laptop", "the name of the person or laptop"),
            Field::BackupDays => lang.pick("het aantal dagelijkse reservekopieën", "the number of daily backups"),
            Field::BackupWeeks => lang.pick("het aantal wekelijkse reservekopieën", "the number of weekly backups"),
            Field::BackupFolder => lang.pick("de tweede map voor reservekopieën", "the second backup folder"),
            Field::LockIdle => lang.pick("de tijd tot het vergrendelen (seconden)", "the time until locking (seconds)"),
            Field::RetentionYears => lang.pick("de bewaartermijn (jaren)", "the retention period (years)"),
            Field::SentTo => lang.pick("aan wie het verslag is gestuurd", "to whom the report was sent"),
            Field::Discussed => lang.pick("het aantal besproken leerlingen", "the number of pupils discussed"),
        }
    }
}

/// Why something a user filled in or asked for is refused: the catalogue
/// of these messages, each in Dutch and English, saying what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// A required text is empty.
    Required(Field),
    /// A text holds control characters (pasted from elsewhere, say).
    ControlCharacters(Field),
    TooLong {
        field: Field,
        max: usize,
    },
    OutOfRange {
        field: Field,
        min: i64,
        max: i64,
    },
    NotANumber(Field),
    /// A period ends before it starts.
    EndsBeforeStart(Field),
    GroupName,
    Weekday,
    SessionBeforeStart {
        number: u32,
    },
    SessionNotYet {
        date: chrono::NaiveDate,
    },
    CancelReason,
    StopReason,
    NotInGroup,
    NoTipsForGroup,
    NoDataFolder,
    DemoNeedsBuiltins,
    /// The second backup folder does not exist, or lies inside the data folder.
    BackupFolder,
    /// A PIN must be 4 to 12 digits.
    Pin,
    /// The PIN or passphrase typed at the lock screen is not it.
    WrongUnlock,
    /// Too many wrong tries at the lock screen: wait this many seconds.
    TooManyTries {
        seconds: u64,
    },
    /// A consent names a parent who is not this child's.
    NotTheirParent,
    /// Erasing a dossier is confirmed by typing the child's name.
    ConfirmName {
        name: String,
    },
    /// An erasure for retention before the retention period ended.
    RetentionNotPassed {
        until: chrono::NaiveDate,
    },
    /// A report marked sent before it was final, or on a day still to come.
    SentOn {
        finalised_on: chrono::NaiveDate,
    },
    /// A school year is written "2026-2027".
    SchoolYear,
    /// A built-in programme is not changed in place.
    BuiltinProgramme {
        id: String,
    },
    /// A new programme's id is taken (by another programme, or a file).
    ProgrammeIdTaken {
        id: String,
    },
    /// A contact of a kind the group's programme does not know.
    ContactKindUnknown {
        kind: String,
        programme: String,
    },
}

impl Invalid {
    pub fn message(&self, lang: Lang) -> String {
        let date = |d: &chrono::NaiveDate| d.format("%d-%m-%Y").to_string();
        match (self, lang) {
            (Invalid::Required(f), Lang::Nl) => format!("Vul {} in.", f.label(lang)),
            (Invalid::Required(f), Lang::En) => format!("Fill in {}.", f.label(lang)),
            (Invalid::ControlCharacters(f), Lang::Nl) => format!(
                "In {} staan onzichtbare stuurtekens (misschien mee gekopieerd). Typ de tekst opnieuw.",
                f.label(lang)
            ),
            (Invalid::ControlCharacters(f), Lang::En) => {
                format!("{} holds invisible control characters (copied along, perhaps). Type it again.", f.label(lang))
            }
            (Invalid::TooLong { field, max }, Lang::Nl) => {
                format!("{} is te lang: hoogstens {max} tekens. Maak de tekst korter.", capital(field.label(lang)))
            }
            (Invalid::TooLong { field, max }, Lang::En) => {
                format!("{} is too long: at most {max} characters. Shorten it.", capital(field.label(lang)))
            }
            (Invalid::OutOfRange { field: Field::GasLevel, .. }, Lang::Nl) => "Een GAS-score ligt tussen −2 en +2.".into(),
            (Invalid::OutOfRange { field: Field::GasLevel, .. }, Lang::En) => "A GAS score lies between −2 and +2.".into(),
            (Invalid::OutOfRange { field, min, max }, Lang::Nl) => {
                format!("{} moet tussen {min} en {max} liggen.", capital(field.label(lang)))
            }
            (Invalid::OutOfRange { field, min, max }, Lang::En) => {
                format!("{} must lie between {min} and {max}.", capital(field.label(lang)))
            }
            (Invalid::NotANumber(f), Lang::Nl) => format!("{} is geen getal. Vul een getal in.", capital(f.label(lang))),
            (Invalid::NotANumber(f), Lang::En) => format!("{} is not a number. Fill in a number.", capital(f.label(lang))),
            (Invalid::EndsBeforeStart(Field::Indication), Lang::Nl) => {
                "De indicatie loopt af vóór ze ingaat: controleer de data.".into()
            }
            (Invalid::EndsBeforeStart(Field::Indication), Lang::En) => {
                "The indication ends before it starts: check the dates.".into()
            }
            (Invalid::EndsBeforeStart(f), Lang::Nl) => {
                format!("De datum van {} ligt vóór het begin: controleer de data.", f.label(lang))
            }
            (Invalid::EndsBeforeStart(f), Lang::En) => {
                format!("The date of {} lies before the start: check the dates.", f.label(lang))
            }
            (Invalid::GroupName, Lang::Nl) => "Geef de groep een naam.".into(),
            (Invalid::GroupName, Lang::En) => "Give the group a name.".into(),
            (Invalid::Weekday, Lang::Nl) => "Kies een dag van de week (maandag tot en met zondag).".into(),
            (Invalid::Weekday, Lang::En) => "Choose a day of the week.".into(),
            (Invalid::SessionBeforeStart { number }, Lang::Nl) => {
                format!("Bijeenkomst {number} valt vóór de startdatum van de groep.")
            }
            (Invalid::SessionBeforeStart { number }, Lang::En) => {
                format!("Session {number} falls before the group's start date.")
            }
            (Invalid::SessionNotYet { date: d }, Lang::Nl) => format!(
                "Deze bijeenkomst staat pas op {} gepland. Markeer haar op of na die dag als gehouden, of verzet de datum.",
                date(d)
            ),
            (Invalid::SessionNotYet { date: d }, Lang::En) => format!(
                "This session is only planned for {}. Mark it held on or after that day, or move the date.",
                date(d)
            ),
            (Invalid::CancelReason, Lang::Nl) => "Geef een reden voor het afzeggen.".into(),
            (Invalid::CancelReason, Lang::En) => "Give a reason for cancelling.".into(),
            (Invalid::StopReason, Lang::Nl) => "Geef een reden waarom het traject stopt.".into(),
            (Invalid::StopReason, Lang::En) => "Give a reason why the trajectory stops.".into(),
            (Invalid::NotInGroup, Lang::Nl) => "Deze deelnemer is niet ingeschreven in deze groep.".into(),
            (Invalid::NotInGroup, Lang::En) => "This participant is not enrolled in this group.".into(),
            (Invalid::NoTipsForGroup, Lang::Nl) => "Geen enkele deelnemer van deze groep heeft toestemming voor de school én gekozen tips. \
                 Kies eerst tips in het eindverslag van een deelnemer."
                .into(),
            (Invalid::NoTipsForGroup, Lang::En) => "No participant of this group has both consent for the school and chosen tips. \
                 Choose tips in a participant's end report first."
                .into(),
            (Invalid::BackupFolder, Lang::Nl) => "Kies als tweede map voor reservekopieën een bestaande map buiten \
                 de gegevensmap, bijvoorbeeld op een USB-stick of netwerkschijf."
                .into(),
            (Invalid::BackupFolder, Lang::En) => "Choose an existing folder outside the data folder as the second \
                 backup folder, for example on a USB stick or network drive."
                .into(),
            (Invalid::Pin, Lang::Nl) => "Een pincode bestaat uit 4 tot 12 cijfers.".into(),
            (Invalid::Pin, Lang::En) => "A PIN is 4 to 12 digits.".into(),
            (Invalid::WrongUnlock, Lang::Nl) => "Dat klopt niet. Probeer het opnieuw.".into(),
            (Invalid::WrongUnlock, Lang::En) => "That is not right. Try again.".into(),
            (Invalid::TooManyTries { seconds }, Lang::Nl) => {
                format!("Te veel pogingen. Probeer het over {seconds} seconden opnieuw.")
            }
            (Invalid::TooManyTries { seconds }, Lang::En) => format!("Too many tries. Try again in {seconds} seconds."),
            (Invalid::NotTheirParent, Lang::Nl) => {
                "Deze ouder of verzorger hoort niet bij dit kind. Kies een ouder uit de lijst.".into()
            }
            (Invalid::NotTheirParent, Lang::En) => {
                "This parent or carer does not belong to this child. Choose a parent from the list.".into()
            }
            (Invalid::ConfirmName { name }, Lang::Nl) => format!(
                "Typ ter bevestiging de naam precies zoals hij hier staat: {name}. Er is niets gewist."
            ),
            (Invalid::ConfirmName { name }, Lang::En) => {
                format!("To confirm, type the name exactly as shown here: {name}. Nothing was erased.")
            }
            (Invalid::RetentionNotPassed { until }, Lang::Nl) => format!(
                "De bewaartermijn van dit dossier loopt nog tot {}. Wis het alleen eerder op verzoek (kies \"op verzoek\" \
                 en noteer het verzoek). Er is niets gewist.",
                date(until)
            ),
            (Invalid::RetentionNotPassed { until }, Lang::En) => format!(
                "This dossier's retention period runs until {}. Erase it earlier only on request (choose \"on request\" \
                 and note the request). Nothing was erased.",
                date(until)
            ),
            (Invalid::SentOn { finalised_on }, Lang::Nl) => format!(
                "Kies de dag van verzenden: niet vóór het verslag definitief werd ({}) en niet na vandaag.",
                date(finalised_on)
            ),
            (Invalid::SentOn { finalised_on }, Lang::En) => format!(
                "Choose the day it was sent: not before the report became final ({}) and not after today.",
                date(finalised_on)
            ),
            (Invalid::BuiltinProgramme { id }, Lang::Nl) => format!(
                "'{id}' is een ingebouwd programma en wordt niet gewijzigd. Maak een kopie met een eigen id \
                 (bijvoorbeeld '{id}-eigen') en pas die aan."
            ),
            (Invalid::BuiltinProgramme { id }, Lang::En) => format!(
                "'{id}' is a built-in programme and is not changed. Make a copy with an id of its own \
                 (for example '{id}-own') and change that."
            ),
            (Invalid::ProgrammeIdTaken { id }, Lang::Nl) => {
                format!("Er is al een programma met id '{id}'. Kies een andere id, of open dat programma om het te wijzigen.")
            }
            (Invalid::ProgrammeIdTaken { id }, Lang::En) => {
                format!("There is already a programme with id '{id}'. Choose another id, or open that programme to change it.")
            }
            (Invalid::ContactKindUnknown { kind, programme }, Lang::Nl) => format!(
                "Het soort contact '{kind}' hoort niet bij {programme}. Kies een soort uit de lijst, of voeg het toe \
                 aan het programma."
            ),
            (Invalid::ContactKindUnknown { kind, programme }, Lang::En) => format!(
                "The contact kind '{kind}' does not belong to {programme}. Choose a kind from the list, or add it to \
                 the programme."
            ),
            (Invalid::SchoolYear, Lang::Nl) => "Schrijf een schooljaar als 2026-2027.".into(),
            (Invalid::SchoolYear, Lang::En) => "Write a school year as 2026-2027.".into(),
            (Invalid::NoDataFolder, Lang::Nl) => "Er is geen gegevensmap om in op te slaan.".into(),
            (Invalid::NoDataFolder, Lang::En) => "There is no data folder to save into.".into(),
            (Invalid::DemoNeedsBuiltins, Lang::Nl) => "De demo heeft de vier ingebouwde programma's nodig.".into(),
            (Invalid::DemoNeedsBuiltins, Lang::En) => "The demo needs the four built-in programmes.".into(),
        }
    }
}

use crate::i18n::capital;
