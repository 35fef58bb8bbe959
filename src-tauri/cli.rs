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
    /// Fill the data folder with a realistic demo organisation (only once).
    Demo,
    /// List the enrolments: who takes part in which run.
    Enrolments {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write all records to a versioned JSON file (format: assets/schema/).
    Export {
        /// The file to write.
        #[arg(long = "json", value_name = "FILE")]
        file: PathBuf,
    },
    /// Make reports: PDF, or Word (.docx) for the end report.
    Report {
        #[command(subcommand)]
        what: ReportCommand,
    },
    /// Read records from an export file. The file is checked completely
    /// first; a bad file changes nothing.
    Import {
        /// The file to read.
        #[arg(long = "json", value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The end report (eindverslag) of one enrolment.
    End {
        /// The enrolment's id (see `ineen enrolments --json`).
        #[arg(long, value_name = "ID")]
        enrolment: uuid::Uuid,
        /// The file to write: PDF, or an editable Word copy when FILE ends in .docx.
        #[arg(long, value_name = "FILE.pdf|FILE.docx")]
        out: PathBuf,
        /// Who the report is for: the school needs recorded consent.
        #[arg(long = "for", value_enum, default_value_t = For::School)]
        audience: For,
        /// Freeze it as the next final version (kept, with a content hash);
        /// without this, the report is a draft ("concept").
        #[arg(long = "final")]
        finalise: bool,
    },
    /// "Tips voor de leerkracht" for one child, or for every child of a run
    /// (those with consent and tips): PDF, or a self-contained HTML file when
    /// FILE ends in .html.
    Tips {
        /// The enrolment's id.
        #[arg(long, value_name = "ID", required_unless_present = "run", conflicts_with = "run")]
        enrolment: Option<uuid::Uuid>,
        /// The run's id: one handout for all its children.
        #[arg(long, value_name = "ID")]
        run: Option<uuid::Uuid>,
        /// The file to write (.pdf or .html).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The school end reports of every enrolment of a run, into a folder.
    Batch {
        /// The run's id.
        #[arg(long, value_name = "ID")]
        run: uuid::Uuid,
        /// The folder to write into (made if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum For {
    School,
    Parents,
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
        ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()))
    } else {
        true
    }
}

fn run(command: Command, data_dir: &std::path::Path) -> Result<(), String> {
    let mut ineen = Ineen::open(data_dir).map_err(|e| e.message(Lang::default()))?;
    ineen.set_actor("command line");
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
        Command::Demo => {
            let summary = ineen.demo().map_err(fail)?;
            let counts: Vec<String> = summary.counts.iter().map(|(t, n)| format!("{t} {n}")).collect();
            let head = match (summary.added, lang) {
                (true, Lang::Nl) => "Demogegevens toegevoegd.",
                (true, Lang::En) => "Demo data added.",
                (false, Lang::Nl) => "De demogegevens waren er al; er is niets toegevoegd.",
                (false, Lang::En) => "The demo data was already there; nothing was added.",
            };
            writeln!(out, "{head}\n{}", counts.join(", "))
        }
        Command::Enrolments { json } => {
            let list = ineen.enrolments().map_err(fail)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &list).map_err(std::io::Error::from).and_then(|()| writeln!(out))
            } else {
                list.iter()
                    .try_for_each(|e| writeln!(out, "{} — {} ({}) [{:?}]", e.participant, e.run, e.programme, e.status))
            }
        }
        Command::Export { file } => {
            let text = ineen.export_json().map_err(fail)?;
            write_atomically(&file, text.as_bytes())
                .map_err(|source| fail(ineen_core::Error::File { path: file.clone(), source }))?;
            writeln!(out, "{} {}", lang.pick("Geschreven:", "Written:"), file.display())
        }
        Command::Report { what: ReportCommand::End { enrolment, out: file, audience, finalise } } => {
            let audience = match audience {
                For::School => ineen_core::report::ReportAudience::School,
                For::Parents => ineen_core::report::ReportAudience::Parents,
            };
            let word = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
            let bytes = if finalise {
                let (version, _) = ineen.finalise_end_report(enrolment, audience).map_err(fail)?;
                eprintln!("{} v{} ({})", lang.pick("Definitief:", "Final:"), version.version, version.content_hash);
                if word {
                    ineen.final_report_docx(&version).map_err(fail)?
                } else {
                    ineen.final_report_pdf(&version).map_err(fail)?
                }
            } else if word {
                ineen.end_report_docx(enrolment, audience).map_err(fail)?
            } else {
                ineen.end_report_pdf(enrolment, audience).map_err(fail)?
            };
            write_atomically(&file, &bytes)
                .map_err(|source| fail(ineen_core::Error::File { path: file.clone(), source }))?;
            writeln!(out, "{} {}", lang.pick("Geschreven:", "Written:"), file.display())
        }
        Command::Report { what: ReportCommand::Tips { enrolment, run, out: file } } => {
            let of = match (enrolment, run) {
                (Some(id), _) => ineen_core::ineen::TipsFor::Enrolment(id),
                (None, Some(id)) => ineen_core::ineen::TipsFor::Run(id),
                (None, None) => unreachable!("clap requires --enrolment or --run"),
            };
            let (bytes, skipped) = if file.extension().is_some_and(|e| e == "html" || e == "htm") {
                let (html, skipped) = ineen.tips_handout_html(of).map_err(fail)?;
                (html.into_bytes(), skipped)
            } else {
                ineen.tips_handout_pdf(of).map_err(fail)?
            };
            for (name, why) in &skipped {
                eprintln!("{} {name}: {why}", lang.pick("Overgeslagen:", "Skipped:"));
            }
            write_atomically(&file, &bytes)
                .map_err(|source| fail(ineen_core::Error::File { path: file.clone(), source }))?;
            writeln!(out, "{} {}", lang.pick("Geschreven:", "Written:"), file.display())
        }
        Command::Report { what: ReportCommand::Batch { run, out: dir } } => {
            let result =
                ineen.batch_end_reports(run, &dir, |done, total, _| eprint!("\r{done}/{total}")).map_err(fail)?;
            eprintln!();
            for (name, why) in &result.skipped {
                eprintln!("{} {name}: {why}", lang.pick("Overgeslagen:", "Skipped:"));
            }
            writeln!(
                out,
                "{} {} → {}",
                lang.pick("Verslagen geschreven:", "Reports written:"),
                result.written.len(),
                dir.display()
            )
        }
        Command::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|source| fail(ineen_core::Error::File { path: file.clone(), source }))?;
            let applied = ineen.import_json(&text).map_err(fail)?;
            writeln!(
                out,
                "{} {applied}",
                lang.pick("Ingelezen records (nieuw of nieuwer):", "Records imported (new or newer):")
            )
        }
    };
    // A closed pipe (`ineen programmes | head`) is not an error worth a message.
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

/// Writes a file so that it is either all there or not there: a temporary
/// file beside it, synced, then renamed over the target.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp-ineen");
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

fn write_programmes(out: &mut impl Write, programmes: &[Programme], lang: Lang) -> std::io::Result<()> {
    for p in programmes {
        match &p.full_name {
            Some(full) => writeln!(out, "{} — {full}  [{}]", p.name, p.id)?,
            None => writeln!(out, "{}  [{}]", p.name, p.id)?,
        }
        writeln!(out, "  {}", p.target_group.get(lang))?;
        let indication =
            if p.indication_required { lang.pick(" · indicatie nodig", " · indication required") } else { "" };
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
        writeln!(out, "  {}: {}", lang.pick("Bijeenkomsten", "Sessions"), tracks.join(", "))?;
        writeln!(out)?;
    }
    Ok(())
}
