//! The command line: `ineen` opens the window, `ineen <subcommand>` works
//! without a display. Subcommands print what the core returns; they hold no
//! logic of their own.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ineen_core::{Ineen, Lang, Programme};

use crate::paths;

/// Ineen: offline record-keeping for trainers of preventive youth-care
/// programmes in and around schools.
///
/// Without a subcommand, Ineen opens its window. With a subcommand it works
/// on the command line and needs no display.
#[derive(Debug, Parser)]
#[command(name = "ineen", version, about, long_about)]
pub struct Cli {
    /// The folder holding Ineen's data (database, own programmes).
    /// Default: the app-data folder of this user (~/.local/share/nl.ineen.desktop on Linux).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the programmes (STOP 4-7, Alles Kidzzz, ...) with their tracks.
    Programmes {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(data_dir) = cli.data_dir.or_else(paths::default_data_dir) else {
        eprintln!(
            "Ineen kan de gegevensmap niet bepalen. Geef er een op met --data-dir MAP.\n\
             Ineen cannot find a data folder. Give one with --data-dir DIR."
        );
        return ExitCode::FAILURE;
    };
    match cli.command {
        None if !has_display() => {
            eprintln!(
                "Er is geen beeldscherm om het venster op te openen (DISPLAY en WAYLAND_DISPLAY zijn leeg). \
                 Start Ineen in een grafische sessie, of gebruik een subcommando: ineen --help.\n\
                 There is no display to open the window on. Start Ineen in a graphical session, \
                 or use a subcommand: ineen --help."
            );
            ExitCode::FAILURE
        }
        None => match crate::run_window(&data_dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("Het venster kan niet worden geopend / the window cannot be opened: {e}");
                ExitCode::FAILURE
            }
        },
        Some(command) => match run(command, &data_dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Whether a window can be shown (always on platforms without X11/Wayland).
fn has_display() -> bool {
    if cfg!(target_os = "linux") {
        ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()))
    } else {
        true
    }
}

fn run(command: Command, data_dir: &std::path::Path) -> Result<(), String> {
    let ineen = Ineen::open(data_dir).map_err(|e| e.message(Lang::default()))?;
    let lang = ineen.language().unwrap_or_default();
    let fail = |e: ineen_core::Error| e.message(lang);
    for problem in ineen.status().map_err(fail)?.problems {
        eprintln!("{}: {problem}", lang.pick("Waarschuwing", "Warning"));
    }
    let mut out = std::io::stdout().lock();
    let written = match command {
        Command::Programmes { json } => {
            let programmes = ineen.programmes().map_err(fail)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &programmes)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out))
            } else {
                write_programmes(&mut out, &programmes, lang)
            }
        }
    };
    // A closed pipe (`ineen programmes | head`) is not an error worth a message.
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

fn write_programmes(
    out: &mut impl Write,
    programmes: &[Programme],
    lang: Lang,
) -> std::io::Result<()> {
    for p in programmes {
        match &p.full_name {
            Some(full) => writeln!(out, "{} — {full}  [{}]", p.name, p.id)?,
            None => writeln!(out, "{}  [{}]", p.name, p.id)?,
        }
        writeln!(out, "  {}", p.target_group.get(lang))?;
        let indication = if p.indication_required {
            lang.pick(" · indicatie nodig", " · indication required")
        } else {
            ""
        };
        writeln!(
            out,
            "  {} {}–{} {}{indication}",
            lang.pick("Leeftijd", "Ages"),
            p.ages.min,
            p.ages.max,
            lang.pick("jaar", "years"),
        )?;
        let tracks: Vec<String> = p
            .tracks
            .iter()
            .map(|t| match t.sessions_max {
                Some(max) => format!("{} {}–{max}", t.kind.label(lang), t.sessions),
                None => format!("{} {}", t.kind.label(lang), t.sessions),
            })
            .collect();
        writeln!(
            out,
            "  {}: {}",
            lang.pick("Bijeenkomsten", "Sessions"),
            tracks.join(", ")
        )?;
        writeln!(out)?;
    }
    Ok(())
}
