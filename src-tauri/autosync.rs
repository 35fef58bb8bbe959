//! Automatic work while the window is open: the day's backup (looked for
//! hourly), and sync: at start, soon after a change
//! made here, when the sync folder changes (a file watcher: another laptop's
//! bundle arrived), and every few minutes. It runs on its own thread and
//! holds the store only while a sync runs; the window hears of each sync
//! through the `ineen://synced` event.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use tauri::{Emitter, Manager};

use crate::commands::AppState;

/// The event the window listens to; its payload is the `SyncReport`.
pub const SYNCED: &str = "ineen://synced";

const TICK: Duration = Duration::from_secs(3);
/// A change made here goes out this long after it was made (edits come in runs).
const AFTER_CHANGE: Duration = Duration::from_secs(10);
/// How often to see whether the day's backup is due.
const BACKUP_EVERY: Duration = Duration::from_secs(3600);
/// Without any news, sync this often anyway.
const EVERY: Duration = Duration::from_secs(180);

/// Brings the main window to the front when a second start of Ineen on the
/// same data folder asks for it (by leaving `ineen.focus` there). The
/// watcher lives as long as the app.
pub fn answer_focus_requests<R: tauri::Runtime>(app: tauri::AppHandle<R>, data_dir: &std::path::Path) {
    let request = data_dir.join(ineen_core::lock::FOCUS_FILE);
    let _ = std::fs::remove_file(&request);
    let handle = app.clone();
    let seen = request.clone();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let asked = event.is_ok_and(|e| !e.kind.is_access() && !e.kind.is_remove() && e.paths.contains(&seen));
        if asked && std::fs::remove_file(&seen).is_ok() {
            if let Some(window) = handle.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }
    });
    if let Ok(mut watcher) = watcher {
        if watcher.watch(data_dir, RecursiveMode::NonRecursive).is_ok() {
            app.manage(FocusWatcher { _watcher: std::sync::Mutex::new(watcher) });
        }
    }
}

/// Keeps the focus-request watcher alive with the app.
struct FocusWatcher {
    _watcher: std::sync::Mutex<notify::RecommendedWatcher>,
}

/// Starts the sync thread for the app's window.
pub fn start<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || run(app));
}

fn run<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    let news = Arc::new(AtomicBool::new(true));
    let mut watched: Option<(PathBuf, notify::RecommendedWatcher)> = None;
    let mut last: Option<Instant> = None;
    let mut pending_since: Option<Instant> = None;
    let mut backup_checked: Option<Instant> = None;
    loop {
        std::thread::sleep(TICK);
        let state = app.state::<AppState>();
        // The day's backup, looked for hourly while the window is open.
        if backup_checked.is_none_or(|t| t.elapsed() >= BACKUP_EVERY) {
            backup_checked = Some(Instant::now());
            let _ = state.with_store(|i| i.backup_if_due());
        }
        let Ok((folder, in_team, pending)) = state.with_store(|i| i.sync_watch()) else { continue };
        let Some(folder) = folder.filter(|f| f.is_dir()) else { continue };
        if !in_team {
            continue;
        }
        // Watch the folder in use (again, after another was chosen).
        if watched.as_ref().is_none_or(|(f, _)| *f != folder) {
            let flag = news.clone();
            watched = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if event.is_ok_and(|e| !e.kind.is_access()) {
                    flag.store(true, Ordering::SeqCst);
                }
            })
            .ok()
            .and_then(|mut w| w.watch(&folder, RecursiveMode::Recursive).ok().map(|()| (folder.clone(), w)));
            news.store(true, Ordering::SeqCst);
        }
        if pending > 0 {
            pending_since.get_or_insert_with(Instant::now);
        } else {
            pending_since = None;
        }
        let due = news.swap(false, Ordering::SeqCst)
            || pending_since.is_some_and(|t| t.elapsed() >= AFTER_CHANGE)
            || last.is_none_or(|t| t.elapsed() >= EVERY);
        if !due {
            continue;
        }
        last = Some(Instant::now());
        pending_since = None;
        let report = state.with_store(|i| i.sync(None));
        // Our own writes into the folder are not news.
        std::thread::sleep(Duration::from_millis(200));
        news.store(false, Ordering::SeqCst);
        if let Ok(report) = report {
            let _ = app.emit(SYNCED, &report);
        }
    }
}
