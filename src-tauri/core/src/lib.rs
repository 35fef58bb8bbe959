//! `ineen-core`: everything Ineen knows and keeps, as plain Rust.
//!
//! The domain types, the local SQLite store and the programmes (curricula)
//! live here. This crate knows nothing of Tauri, windows or JSON-over-IPC: the
//! desktop window and the command line are thin adapters over [`Ineen`].

pub mod clock;
pub mod curriculum;
pub mod error;
pub mod i18n;
pub mod ineen;
pub mod model;
pub mod rules;
pub mod store;

pub use curriculum::{Programme, TrackKind};
pub use error::{Error, ErrorCode};
pub use i18n::Lang;
pub use ineen::{Ineen, Status};

/// TypeScript declarations of every core type that crosses the IPC edge, in
/// dependency order. The app crate adds its own and writes them to
/// `ui/src/lib/bindings.ts`.
pub fn ts_declarations() -> Vec<String> {
    use ts_rs::TS;
    let cfg = ts_rs::Config::default();
    vec![
        Lang::decl(&cfg),
        ErrorCode::decl(&cfg),
        curriculum::TrackKind::decl(&cfg),
        curriculum::SchoolType::decl(&cfg),
        curriculum::Origin::decl(&cfg),
        curriculum::LocalizedText::decl(&cfg),
        curriculum::AgeRange::decl(&cfg),
        curriculum::SessionPlan::decl(&cfg),
        curriculum::Track::decl(&cfg),
        curriculum::ContactKind::decl(&cfg),
        curriculum::Moment::decl(&cfg),
        curriculum::RequiredContact::decl(&cfg),
        curriculum::GroupRules::decl(&cfg),
        curriculum::Rhythm::decl(&cfg),
        curriculum::ScheduleRules::decl(&cfg),
        curriculum::AttendanceRules::decl(&cfg),
        curriculum::Tool::decl(&cfg),
        curriculum::Variant::decl(&cfg),
        Programme::decl(&cfg),
        Status::decl(&cfg),
    ]
}
