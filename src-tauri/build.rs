// Declares the app's IPC commands to Tauri so that each one gets its own
// permission (`allow-<command>`). The commands are read from the main
// window's capability, which is generated from the one `commands!` list in
// `src-tauri/commands.rs` (a test keeps it fresh), so no list is kept here.
fn main() {
    const CAPABILITY: &str = "src-tauri/capabilities/main-window.json";
    println!("cargo:rerun-if-changed={CAPABILITY}");
    let text = std::fs::read_to_string(CAPABILITY).expect("read the main window's capability");
    let capability: serde_json::Value = serde_json::from_str(&text).expect("the capability is JSON");
    let commands: Vec<&'static str> = capability["permissions"]
        .as_array()
        .expect("a list of permissions")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|name| &*Box::leak(name.replace('-', "_").into_boxed_str()))
        .collect();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(Box::leak(commands.into_boxed_slice()))),
    )
    .expect("tauri-build failed");
}
