//! The TypeScript types of everything that crosses IPC, generated from the
//! Rust types with ts-rs. The file `ui/src/lib/bindings.ts` is committed; a
//! test fails when it is stale. Regenerate it with
//! `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc bindings`.

use ts_rs::TS;

/// Where the generated file lives, relative to the repository root.
pub const PATH: &str = "ui/src/lib/bindings.ts";

/// The whole generated file.
pub fn typescript() -> String {
    let cfg = ts_rs::Config::default();
    let mut decls = ineen_core::ts_declarations();
    decls.push(crate::ipc::IpcError::decl(&cfg));
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/bindings.rs. Do not edit:\n\
         // run `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc bindings` instead.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}
