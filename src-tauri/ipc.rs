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
}

impl IpcError {
    pub fn from_core(err: &ineen_core::Error, lang: Lang) -> IpcError {
        IpcError { code: err.code(), message: err.message(lang) }
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
        }
    }
}
