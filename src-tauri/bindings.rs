//! The files generated from the Rust side, committed, and checked fresh by
//! a test (`tests/ipc.rs`):
//! - `ui/src/lib/bindings.ts`: the TypeScript types of everything that
//!   crosses IPC (ts-rs), found by walking the commands' types;
//! - `ui/src/lib/commands.ts`: one typed wrapper per command;
//! - `src-tauri/capabilities/main-window.json`: the main window's grant of
//!   every command, which `build.rs` also reads to make each permission.
//!
//! All three come from the one `commands!` list in `commands.rs`. Rewrite
//! them with `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc generated`.

use std::any::TypeId;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use ts_rs::{Config, TypeVisitor, TS};

use crate::commands;

/// Where the types live, relative to the repository root.
pub const PATH: &str = "ui/src/lib/bindings.ts";
/// Where the command wrappers live.
pub const COMMANDS_PATH: &str = "ui/src/lib/commands.ts";
/// Where the main window's capability lives (read by `build.rs` too).
pub const CAPABILITY_PATH: &str = "src-tauri/capabilities/main-window.json";

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
        // The element types of a `Vec`, an `Option` or a tuple.
        T::visit_generics(self);
    }
}

fn declarations(cfg: &Config) -> BTreeMap<String, String> {
    let mut c = Collect { cfg, seen: HashSet::new(), decls: BTreeMap::new() };
    c.visit::<crate::ipc::IpcError>();
    commands::visit_types(&mut c);
    c.decls
}

const HEADER: &str = "// Generated from the Rust side by src-tauri/bindings.rs. Do not edit:\n\
                      // run `INEEN_UPDATE_BINDINGS=1 cargo test --test ipc generated` instead.\n";

/// `ui/src/lib/bindings.ts`: every type a command takes, returns or streams.
pub fn typescript() -> String {
    let mut out = String::from(HEADER);
    for decl in declarations(&Config::default()).values() {
        out.push_str("\nexport ");
        out.push_str(decl);
        out.push('\n');
    }
    out
}

/// `snake_case` → `camelCase`, as Tauri names arguments for JavaScript.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `ui/src/lib/commands.ts`: `api`, one typed function per command.
pub fn commands_typescript() -> String {
    let cfg = Config::default();
    let mut body = String::new();
    let mut uses_channel = false;
    for sig in commands::signatures(&cfg) {
        let mut params: Vec<String> = sig.args.iter().map(|(n, ty)| format!("{}: {ty}", camel(n))).collect();
        let mut passed: Vec<String> = sig.args.iter().map(|(n, _)| camel(n)).collect();
        if let Some((name, msg)) = &sig.channel {
            uses_channel = true;
            params.push(format!("{}: (message: {msg}) => void", camel(name)));
            passed.push(format!("{}: channel({})", camel(name), camel(name)));
        }
        let doc = sig.doc.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        if !doc.is_empty() {
            body.push_str(&format!("  /** {doc} */\n"));
        }
        let args = if passed.is_empty() { "{}".to_string() } else { format!("{{ {} }}", passed.join(", ")) };
        body.push_str(&format!(
            "  {}: ({}): Promise<{}> =>\n    call<{}>('{}', {args}),\n",
            camel(sig.name),
            params.join(", "),
            sig.returns,
            sig.returns,
            sig.name,
        ));
    }
    // Import exactly the generated types that the wrappers name.
    let words: BTreeSet<&str> = body.split(|c: char| !c.is_alphanumeric() && c != '_').collect();
    let types: Vec<String> = declarations(&cfg).into_keys().filter(|t| words.contains(t.as_str())).collect();
    let mut out = String::from(HEADER);
    out.push('\n');
    if uses_channel {
        out.push_str("import { call, channel } from './call';\n");
    } else {
        out.push_str("import { call } from './call';\n");
    }
    out.push_str(&format!("import type {{ {} }} from './bindings';\n\n", types.join(", ")));
    out.push_str("/** One typed function per command of the core. */\nexport const api = {\n");
    out.push_str(&body);
    out.push_str("};\n");
    out
}

/// What the main window may use besides the app's own commands: the native
/// folder dialog (choosing the sync folder) and hearing that a sync ran.
pub const PLUGIN_PERMISSIONS: &[&str] = &["dialog:allow-open", "core:event:allow-listen", "core:event:allow-unlisten"];

/// `src-tauri/capabilities/main-window.json`: the main window may call
/// exactly the app's commands and the few plugin functions it uses.
pub fn capability() -> String {
    let permissions: Vec<String> = commands::NAMES
        .iter()
        .map(|n| format!("    \"allow-{}\"", n.replace('_', "-")))
        .chain(PLUGIN_PERMISSIONS.iter().map(|p| format!("    \"{p}\"")))
        .collect();
    format!(
        "{{\n  \"identifier\": \"main-window\",\n  \
         \"description\": \"The main window may call exactly the commands it uses. Generated from src-tauri/commands.rs.\",\n  \
         \"windows\": [\"main\"],\n  \"permissions\": [\n{}\n  ]\n}}\n",
        permissions.join(",\n")
    )
}

/// Every generated file: (path from the repository root, fresh content).
pub fn generated() -> Vec<(&'static str, String)> {
    vec![(PATH, typescript()), (COMMANDS_PATH, commands_typescript()), (CAPABILITY_PATH, capability())]
}
