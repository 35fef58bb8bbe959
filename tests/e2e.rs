//! End-to-end: the real `ineen` window under Xvfb, driven through WebDriver
//! (`tauri-driver` in front of Debian's `WebKitWebDriver`).
//!
//! These tests start everything they need and fail, never skip, when a tool
//! is missing. The ports of tauri-driver are fixed, so the tests take turns.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use serde_json::json;

const DRIVER_PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A child process in its own process group, killed with its children on drop.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        // SAFETY-free: `kill -- -PGID` ends the whole group (driver, WebKitWebDriver, app).
        let _ = Command::new("kill").arg("--").arg(format!("-{}", self.0.id())).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_group(cmd: &mut Command) -> Group {
    let program = format!("{:?}", cmd.get_program());
    let child = cmd
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("{program} cannot be started ({e}); install it as scripts/setup does"));
    Group(child)
}

/// Starts Xvfb on a free display and returns it with the display name.
fn start_xvfb() -> (Group, String) {
    let mut cmd = Command::new("Xvfb");
    cmd.args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut xvfb = spawn_group(&mut cmd);
    let stdout = xvfb.0.stdout.take().expect("piped");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("Xvfb reports its display");
    let display = line.trim();
    assert!(!display.is_empty(), "Xvfb did not start");
    (xvfb, format!(":{display}"))
}

fn tauri_driver() -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match cargo_bin {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One running app with its display and drivers.
struct Session {
    client: Client,
    _driver: Group,
    _xvfb: Group,
    _data: tempfile::TempDir,
}

impl Session {
    async fn start() -> Session {
        let data = tempfile::tempdir().expect("tempdir");
        let (xvfb, display) = start_xvfb();
        let driver = spawn_group(
            Command::new(tauri_driver())
                .args(["--port", &DRIVER_PORT.to_string(), "--native-port", &NATIVE_PORT.to_string()])
                .env("DISPLAY", &display)
                .env_remove("WAYLAND_DISPLAY")
                // WebKit's sandbox needs user namespaces, which CI containers lack.
                .env("WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        wait_for_port(DRIVER_PORT);
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({
                "application": env!("CARGO_BIN_EXE_ineen"),
                "args": ["--data-dir", data.path()],
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{DRIVER_PORT}"))
            .await
            .expect("WebDriver session with the ineen window");
        Session { client, _driver: driver, _xvfb: xvfb, _data: data }
    }

    async fn wait(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    async fn all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.expect("find_all")
    }

    async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.all(css).await {
            out.push(e.text().await.expect("text").trim().to_string());
        }
        out
    }

    /// Saves a screenshot for the README into docs/screenshots/.
    async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(name), png).expect("write screenshot");
    }

    async fn end(self) {
        self.client.close().await.expect("close session");
    }
}

#[tokio::test]
async fn home_screen_lists_the_programmes_and_opens_one() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let s = Session::start().await;

    s.wait("[data-testid=programme-card]").await;
    let names = s.texts("[data-testid=programme-card] [data-testid=programme-name]").await;
    assert_eq!(names, ["Alles Kidzzz", "Plezier op school", "STOP 4-7", "time-4-you"]);
    assert_eq!(s.wait("h1").await.text().await.expect("h1"), "Programma's");
    assert_eq!(s.client.title().await.expect("title"), "Ineen");
    s.screenshot("home.png").await;

    s.wait("[data-programme-id=stop-4-7]").await.click().await.expect("click STOP 4-7");
    s.wait("[data-testid=programme-detail][data-programme-id=stop-4-7]").await;
    let mut tracks = Vec::new();
    for row in s.all("[data-testid=track-row]").await {
        let kind = row.attr("data-track").await.expect("attr").unwrap_or_default();
        let count = row.find(Locator::Css("[data-testid=track-sessions]")).await.expect("cell");
        tracks.push((kind, count.text().await.expect("text")));
    }
    let expected = [("child", "10"), ("parent", "10"), ("teacher", "4")].map(|(k, n)| (k.to_string(), n.to_string()));
    assert_eq!(tracks, expected);
    let rows = s.texts("[data-testid=track-row] .track-name").await;
    assert_eq!(rows, ["Kind", "Ouder", "Leerkracht"]);
    s.screenshot("programme.png").await;

    s.wait("[data-testid=back]").await.click().await.expect("back");
    s.wait("[data-testid=programme-list]").await;
    assert_eq!(s.all("[data-testid=programme-card]").await.len(), 4);
    s.end().await;
}

#[tokio::test]
async fn language_switches_to_english_and_back() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let s = Session::start().await;

    s.wait("[data-testid=programme-card]").await;
    s.wait("[data-testid=lang-en]").await.click().await.expect("click EN");
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.wait("h1").await.text().await.expect("h1") != "Programmes" {
        assert!(Instant::now() < deadline, "heading did not switch to English");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let tracks = s.texts("[data-programme-id=stop-4-7] .track-name").await;
    assert_eq!(tracks, ["Child", "Parent", "Teacher"]);
    s.wait("[data-testid=lang-nl]").await.click().await.expect("click NL");
    let tracks = s.texts("[data-programme-id=stop-4-7] .track-name").await;
    assert_eq!(tracks, ["Kind", "Ouder", "Leerkracht"]);
    s.end().await;
}
