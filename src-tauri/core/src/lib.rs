//! `ineen-core`: everything Ineen knows and keeps, as plain Rust.
//!
//! The domain types, the local SQLite store and the programmes (curricula)
//! live here. This crate knows nothing of Tauri, windows or JSON-over-IPC: the
//! desktop window and the command line are thin adapters over [`Ineen`].

pub mod clock;
pub mod curriculum;
pub mod error;
pub mod files;
pub mod i18n;
pub mod ineen;
pub mod keys;
pub mod lock;
pub mod model;
pub mod progress;
pub mod report;
pub mod rules;
pub mod store;
pub mod sync;
pub mod table;
pub mod tips;
pub mod validate;

pub use curriculum::{Programme, TrackKind};
pub use error::{Error, ErrorCode};
pub use i18n::Lang;
pub use ineen::{Ineen, Status};
