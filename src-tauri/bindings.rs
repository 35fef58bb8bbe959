//! The TypeScript types of everything that crosses IPC, generated from the
//! Rust types with ts-rs: the commands' argument and result types and every
//! type they use, found by walking their dependencies. The file
//! `ui/src/lib/bindings.ts` is committed; a test fails when it is stale.
//! Regenerate it with `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc bindings`.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};

use ts_rs::{Config, TypeVisitor, TS};

/// Where the generated file lives, relative to the repository root.
pub const PATH: &str = "ui/src/lib/bindings.ts";

/// Collects the declaration of every exportable type it visits, recursively.
struct Collect<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        if T::output_path().is_some() {
            self.decls.insert(T::ident(self.cfg), T::decl(self.cfg));
        }
        T::visit_dependencies(self);
    }
}

/// The whole generated file.
pub fn typescript() -> String {
    use ineen_core::ineen::*;
    use ineen_core::model::*;
    use ineen_core::rules::*;

    let cfg = Config::default();
    let mut c = Collect { cfg: &cfg, seen: HashSet::new(), decls: BTreeMap::new() };
    // Every type a command takes or returns.
    c.visit::<crate::ipc::IpcError>();
    c.visit::<ineen_core::Lang>();
    c.visit::<ineen_core::Status>();
    c.visit::<ineen_core::Programme>();
    c.visit::<Run>();
    c.visit::<Session>();
    c.visit::<RunWarning>();
    c.visit::<FreePeriod>();
    c.visit::<PlannedSession>();
    c.visit::<NewRun>();
    c.visit::<DaySession>();
    c.visit::<AttendanceGrid>();
    c.visit::<Mark>();
    c.visit::<Attendance>();
    c.visit::<ParticipantHit>();
    c.visit::<EnrolmentSummary>();
    c.visit::<EnrolmentOverview>();
    c.visit::<NewEnrolment>();
    c.visit::<Enrolment>();
    c.visit::<EnrolmentStatus>();
    c.visit::<GoalScore>();
    c.visit::<Trainer>();
    c.visit::<School>();
    c.visit::<Participant>();
    c.visit::<Consent>();
    c.visit::<Contact>();
    c.visit::<Goal>();
    c.visit::<Measurement>();
    c.visit::<Observation>();
    c.visit::<Guardian>();
    c.visit::<Tip>();
    c.visit::<Person>();
    c.visit::<FlaggedEnrolment>();
    c.visit::<SessionSheet>();
    c.visit::<ineen_core::report::ReportAudience>();
    c.visit::<ineen_core::tips::LibraryTip>();
    c.visit::<ineen_core::model::EndReportVersion>();
    c.visit::<ineen_core::ineen::BatchResult>();
    c.visit::<crate::commands::Finalised>();
    c.visit::<crate::commands::BatchProgress>();

    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/bindings.rs. Do not edit:\n\
         // run `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc bindings` instead.\n",
    );
    for decl in c.decls.values() {
        out.push_str("\nexport ");
        out.push_str(decl);
        out.push('\n');
    }
    out
}
