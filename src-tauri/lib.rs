//! The desktop app `ineen`: Tauri wiring, IPC adapters and the command line.
//!
//! Everything here is an adapter over [`ineen_core::Ineen`]; no domain logic
//! lives in this crate.

pub mod autosync;
pub mod bindings;
pub mod cli;
pub mod commands;
pub mod files;
pub mod ipc;
pub mod paths;

use std::path::Path;

use commands::AppState;

/// Registers the app's state and commands on a builder: the real runtime in
/// [`run_window`], Tauri's mock runtime in tests.
pub fn register<R: tauri::Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder.manage(state).invoke_handler(commands::handler())
}

/// How long a starting window waits for a command working on its data folder.
const WINDOW_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// What starting the window came to.
pub enum Started {
    /// The window was open and has been closed.
    Closed,
    /// A window was already open on this data folder; it was asked to come
    /// to the front, and this process opened none.
    Focused(ineen_core::lock::Holder),
}

/// Keeps the window's size and place as it changes (half a second after the
/// last move), not only at a tidy close: a laptop whose battery runs out, or
/// a window ended from outside, still opens where it was.
fn keep_window_place<R: tauri::Runtime>() -> impl Fn(&tauri::Window<R>, &tauri::WindowEvent) + Send + Sync + 'static {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    use tauri_plugin_window_state::{AppHandleExt, StateFlags};
    let moves = Arc::new(AtomicU64::new(0));
    move |window, event| {
        if !matches!(event, tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_)) {
            return;
        }
        let this = moves.fetch_add(1, Ordering::SeqCst) + 1;
        let (moves, app) = (moves.clone(), tauri::Manager::app_handle(window).clone());
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(500));
            if moves.load(Ordering::SeqCst) == this {
                let _ = app.save_window_state(StateFlags::all());
            }
        });
    }
}

/// Opens the main window on the data folder `data_dir` and runs until it
/// closes; sync runs by itself while a team and a sync folder are set. One
/// window per data folder: a second start brings the open one to the front.
pub fn run_window(data_dir: &Path, unlock: ineen_core::keys::Unlock) -> Result<Started, tauri::Error> {
    use ineen_core::lock::{self, DataLock};
    let state = match DataLock::acquire(data_dir, lock::WINDOW, WINDOW_WAIT, |_| {}) {
        Ok(lock) => AppState::open_locked(data_dir, unlock, Some(lock)),
        Err(ineen_core::Error::Busy { holder }) if holder.is_window() => {
            if lock::request_focus(data_dir).is_ok() {
                return Ok(Started::Focused(holder));
            }
            AppState::failed(data_dir, &ineen_core::Error::Busy { holder })
        }
        // Shown in the window, which says what holds the folder or why it cannot be used.
        Err(e) => AppState::failed(data_dir, &e),
    };
    let dir = data_dir.to_path_buf();
    register(tauri::Builder::default(), state)
        .plugin(tauri_plugin_dialog::init())
        // Size, place and maximised state of the window, kept between starts.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .on_window_event(keep_window_place())
        .setup(move |app| {
            autosync::start(app.handle().clone());
            autosync::answer_focus_requests(app.handle().clone(), &dir);
            Ok(())
        })
        .run(tauri::generate_context!())?;
    Ok(Started::Closed)
}
