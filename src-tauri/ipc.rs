//! The error that crosses the IPC edge: `{code, message}`.

use ineen_core::{ErrorCode, Lang};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An error as the UI receives it. The UI decides by `code`; it shows
/// `message`, which is already in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// The field at fault, where a form can show the message beside it
    /// (the programme editor: `tracks[0].sessions`, as in a curriculum file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl IpcError {
    pub fn from_core(err: &ineen_core::Error, lang: Lang) -> IpcError {
        let field = match err {
            ineen_core::Error::ProgrammeDraft(e) if !e.field.is_empty() => Some(e.field.clone()),
            _ => None,
        };
        IpcError { code: err.code(), message: err.message(lang), field }
    }

    /// For faults of the app itself (a poisoned lock): nothing the user did.
    pub fn internal(lang: Lang) -> IpcError {
        IpcError {
            code: ErrorCode::Internal,
            message: lang
                .pick(
                    "Er ging intern iets mis. Sluit Ineen en open het opnieuw; er is niets verloren.",
                    "Something went wrong inside Ineen. Close and reopen it; nothing was lost.",
                )
                .to_string(),
            field: None,
        }
    }
}
