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
    Internal,
}

/// Every error of the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Curriculum(#[from] CurriculumError),
    #[error(transparent)]
    Store(#[from] StoreError),
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
        }
    }

    /// The message a user reads, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
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
