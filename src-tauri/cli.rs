//! The command line: `ineen` opens the window, `ineen <subcommand>` works
//! without a display. Subcommands print what the core returns; they hold no
//! logic of their own.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ineen_core::curriculum::contact_name;
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

    /// Replace an output file (report, export, invitation) that is already there.
    #[arg(long, global = true)]
    pub force: bool,

    /// A file holding the recovery passphrase (its first line), for a
    /// computer whose keyring does not have the data key. Instead of this
    /// option the variable INEEN_PASSPHRASE may hold it. A new data folder
    /// gets it as its recovery passphrase.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

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
    /// The enrolments under way that need attention, each with its flags
    /// (attendance rules of the programme, indication, consent, contacts).
    Flags {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Every group of a school year with each child's attendance, open
    /// flags, missing contacts and end-report state (the coordinator's
    /// overview); as text, JSON, CSV (Dutch Excel) or XLSX.
    Overview {
        /// The school year, e.g. 2026-2027 (default: the current one).
        #[arg(long, value_name = "YEAR")]
        year: Option<String>,
        /// Print JSON instead of text.
        #[arg(long, conflicts_with_all = ["csv", "xlsx"])]
        json: bool,
        /// Write the overview as CSV to FILE.
        #[arg(long, value_name = "FILE", conflicts_with = "xlsx")]
        csv: Option<PathBuf>,
        /// Write the overview as an Excel workbook to FILE.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
    },
    /// The figures of a school year for the funder: per programme, region,
    /// school and trainer (no child's name); as text, JSON, the yearly
    /// report (PDF), XLSX or CSV.
    Figures {
        /// The school year, e.g. 2026-2027 (default: the current one).
        #[arg(long, value_name = "YEAR")]
        year: Option<String>,
        /// Print JSON instead of text.
        #[arg(long, conflicts_with_all = ["pdf", "xlsx", "csv"])]
        json: bool,
        /// Write the yearly report as PDF to FILE.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["xlsx", "csv"])]
        pdf: Option<PathBuf>,
        /// Write the figures as an Excel workbook to FILE.
        #[arg(long, value_name = "FILE", conflicts_with = "csv")]
        xlsx: Option<PathBuf>,
        /// Write the figures as CSV to FILE.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
    /// One programme's trajectories for research, pseudonymised: a code per
    /// study instead of names, age in years, no free text, and only the
    /// enrolments whose consent covers research. CSV, or XLSX for FILE.xlsx.
    ResearchExport {
        /// The programme's id, e.g. alles-kidzzz.
        #[arg(long, value_name = "ID")]
        programme: String,
        /// The study's name: its codes stay the same on every export of it.
        #[arg(long, value_name = "NAME", default_value = "evaluatie")]
        study: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// An iCalendar file (.ics) with every planned or held session and every
    /// meeting and visit of a trainer's groups, or of one group; importing a
    /// newer file updates the events. No child's name unless --names.
    Calendar {
        /// The trainer's id (see `ineen team` or the window).
        #[arg(long, value_name = "ID", conflicts_with = "run", required_unless_present = "run")]
        trainer: Option<uuid::Uuid>,
        /// One group's id.
        #[arg(long, value_name = "ID")]
        run: Option<uuid::Uuid>,
        /// Name the child in the events of contacts about one child.
        #[arg(long)]
        names: bool,
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
    },
    /// Mark a final end report sent: when, how and to whom (logged).
    ReportSent {
        /// The final version's id (see `ineen overview --json`).
        #[arg(long, value_name = "ID")]
        version: uuid::Uuid,
        /// The day it was sent (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        on: Option<chrono::NaiveDate>,
        /// How: in-person, email, post or portal.
        #[arg(long, value_enum)]
        how: DeliveryArg,
        /// To whom, e.g. "juf Meijer (groep 2b)".
        #[arg(long, value_name = "WHO")]
        to: String,
    },
    /// Record a meeting of a school's care and advice team (ZAT) you took
    /// part in; `ineen overview` lists them per school and school year.
    Zat {
        /// The school, by its name or id.
        #[arg(long)]
        school: String,
        /// The day of the meeting (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        date: Option<chrono::NaiveDate>,
        /// Who took part, e.g. "intern begeleider, trainer Anouk".
        #[arg(long)]
        people: String,
        /// How many pupils were discussed.
        #[arg(long, default_value_t = 0)]
        discussed: u32,
        /// A note for the trainers (no children's names: those go in the child's dossier).
        #[arg(long, default_value = "")]
        notes: String,
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
    /// The file is encrypted (age) with a passphrase: --export-passphrase-file,
    /// else the recovery passphrase given (--passphrase-file,
    /// INEEN_PASSPHRASE). --plain writes it readable by anyone.
    Export {
        /// The file to write.
        #[arg(long = "json", value_name = "FILE")]
        file: PathBuf,
        /// A file holding the passphrase for the export (its first line).
        #[arg(long, value_name = "FILE")]
        export_passphrase_file: Option<PathBuf>,
        /// Write the file unencrypted (anyone who gets it can read every record).
        #[arg(long, conflicts_with = "export_passphrase_file")]
        plain: bool,
    },
    /// Make reports: PDF, or Word (.docx) for the end report.
    Report {
        #[command(subcommand)]
        what: ReportCommand,
    },
    /// Read records from an export file. The file is checked completely
    /// first; a bad file changes nothing. Values are merged field by field:
    /// where both sides changed a field, the other value becomes a conflict.
    /// First shows what it would change (and asks, on a terminal); --yes
    /// reads it in without asking.
    Import {
        /// The file to read.
        #[arg(long = "json", value_name = "FILE")]
        file: PathBuf,
        /// Read it in without showing the changes first and asking.
        #[arg(long)]
        yes: bool,
        /// A file holding the passphrase of an encrypted export (its first
        /// line); else the recovery passphrase given is tried.
        #[arg(long, value_name = "FILE")]
        export_passphrase_file: Option<PathBuf>,
    },
    /// Make a checked backup of the store now (kept in the data folder's
    /// `reservekopieen/`, or in DIR).
    Backup {
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// List the backups in the data folder, newest first.
    Backups,
    /// Put a backup back: the file is checked first, and the current store is
    /// kept as a backup. Close Ineen's window on this data folder first.
    Restore {
        /// The backup file (`ineen-….sqlite`).
        file: PathBuf,
    },
    /// Choose a new recovery passphrase (the current one from
    /// --passphrase-file or INEEN_PASSPHRASE). The data stays as it is; only
    /// the sealed copy of its key (ineen.key) changes.
    Passphrase {
        /// A file holding the new passphrase (its first line).
        #[arg(long = "new-file", value_name = "FILE")]
        new_file: PathBuf,
    },
    /// The team of laptops this one shares records with.
    Team {
        #[command(subcommand)]
        what: Option<TeamCommand>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Put this laptop's changes into the sync folder and take in the others'.
    Sync {
        /// The shared folder (OneDrive, Nextcloud, Syncthing, a USB stick);
        /// remembered for the next time.
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Erase a child's dossier — the participant with everything recorded
    /// about them — from the store, the backups and the report files, on
    /// request (AVG art. 17) or after the retention period. Asks to type the
    /// child's name on a terminal; --yes erases without asking. Travels to
    /// the team's other laptops with the next sync. Cannot be undone.
    Purge {
        /// The participant's id (see `ineen retention` or `ineen enrolments --json`).
        #[arg(long, value_name = "ID")]
        participant: uuid::Uuid,
        /// Why: the request (when, how, from whom), or the retention period.
        #[arg(long)]
        reason: String,
        /// On request, or because the retention period ended.
        #[arg(long, value_enum, default_value_t = ErasureArg::Request)]
        kind: ErasureArg,
        /// The day the request came in (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        requested_on: Option<chrono::NaiveDate>,
        /// Erase without asking to type the name.
        #[arg(long)]
        yes: bool,
    },
    /// How long each dossier is kept (20 years after its last change, or
    /// the organisation's setting) and which have passed that day.
    Retention {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Only the dossiers whose retention period has ended.
        #[arg(long)]
        passed: bool,
        /// Set the organisation's retention period (years after the last change).
        #[arg(long, value_name = "YEARS")]
        set_years: Option<u32>,
    },
    /// An access request (inzage): everything kept about one child, as a
    /// readable PDF and a JSON file in DIR; logged in the audit.
    Inzage {
        #[arg(long, value_name = "ID")]
        participant: uuid::Uuid,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Records to hold back because they hold others' personal data
        /// (ids, comma-separated; `--list` shows them).
        #[arg(long, value_delimiter = ',', value_name = "ID,…")]
        exclude: Vec<uuid::Uuid>,
        /// Only list the records that may hold others' personal data.
        #[arg(long)]
        list: bool,
    },
    /// Who read, changed or exported what, when and from which device
    /// (NEN 7513), newest first; `ineen audit verify` checks its hash chain.
    Audit {
        #[command(subcommand)]
        what: Option<AuditCommand>,
        /// Only this child's dossier.
        #[arg(long, value_name = "ID")]
        participant: Option<uuid::Uuid>,
        /// Only what this person did (as logged).
        #[arg(long)]
        actor: Option<String>,
        /// From this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<chrono::NaiveDate>,
        /// Until this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        until: Option<chrono::NaiveDate>,
        /// Write CSV (for Excel) to this file instead.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Values two laptops changed at the same time, waiting for a choice.
    Conflicts {
        #[command(subcommand)]
        what: Option<ConflictCommand>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Checks that no audit row was edited or removed (the hash chain).
    Verify,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ErasureArg {
    /// On request of the parents or the young person.
    Request,
    /// The retention period ended.
    Retention,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Make a new team with this laptop as its first member.
    Create {
        /// The team's name, e.g. "STOP 4-7 Utrecht".
        #[arg(long)]
        name: String,
        /// Who uses this laptop, e.g. "Anouk".
        #[arg(long = "me", value_name = "NAME")]
        me: String,
        #[arg(long, value_enum, default_value_t = RoleArg::Coordinator)]
        role: RoleArg,
    },
    /// Invite a colleague's laptop: prints a code (and writes an invite file with --out).
    Invite {
        /// Who is invited, e.g. "Mehmet".
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value_t = RoleArg::Trainer)]
        role: RoleArg,
        /// Also write the invitation to this file, to carry to the other laptop.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Join a team with an invite code or invite file; the team's data
    /// arrives once whoever invited you has synced.
    Join {
        /// The code, or the path of the invite file.
        code: String,
        /// Who uses this laptop, e.g. "Mehmet".
        #[arg(long = "me", value_name = "NAME")]
        me: String,
        /// The shared sync folder (then a first sync runs at once).
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
    },
    /// Remove a laptop from the team (a lost one): later bundles are no
    /// longer readable by it and its new bundles are refused.
    Remove {
        /// The device id or its short name from `ineen team`.
        device: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConflictCommand {
    /// Choose a value: mine (made on this laptop), theirs, or a new VALUE.
    Resolve {
        /// The conflict's id from `ineen conflicts`.
        id: String,
        #[arg(long, value_name = "mine|theirs|VALUE")]
        take: String,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Trainer,
    Coordinator,
}

impl From<RoleArg> for ineen_core::sync::Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Trainer => ineen_core::sync::Role::Trainer,
            RoleArg::Coordinator => ineen_core::sync::Role::Coordinator,
        }
    }
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

/// The variable that may hold the recovery passphrase (tests, CI, scripts).
pub const PASSPHRASE_VAR: &str = "INEEN_PASSPHRASE";

/// A passphrase from its first line (without the line break).
fn first_line(text: &str) -> ineen_core::keys::Zeroizing<String> {
    ineen_core::keys::Zeroizing::new(text.lines().next().unwrap_or("").to_string())
}

/// A passphrase from the first line of a file.
fn read_passphrase_file(path: &std::path::Path) -> Result<ineen_core::keys::Zeroizing<String>, String> {
    std::fs::read_to_string(path).map(|t| first_line(&t)).map_err(|e| {
        format!(
            "Het wachtwoordbestand {0} kan niet worden gelezen ({e}).\nThe passphrase file {0} cannot be read ({e}).",
            path.display()
        )
    })
}

/// What opens the data key: the keyring, and the passphrase from
/// `--passphrase-file` or `INEEN_PASSPHRASE` when given.
fn unlock(file: Option<&std::path::Path>) -> Result<ineen_core::keys::Unlock, String> {
    let passphrase = match file {
        Some(path) => Some(read_passphrase_file(path)?),
        None => std::env::var(PASSPHRASE_VAR).ok().filter(|p| !p.is_empty()).map(|p| first_line(&p)),
    };
    Ok(ineen_core::keys::Unlock::os(passphrase))
}

/// The passphrase of an export file: from its own file if given, else
/// the recovery passphrase given.
fn file_passphrase(
    file: Option<&std::path::Path>,
    unlock: &ineen_core::keys::Unlock,
) -> Result<Option<ineen_core::keys::Zeroizing<String>>, String> {
    match file {
        Some(path) => read_passphrase_file(path).map(Some),
        None => Ok(unlock.passphrase.clone()),
    }
}

/// Runs `open` with what `unlock` gives; when the data folder needs a
/// passphrase none was given for and this is a terminal, asks for it (a
/// new one twice) and tries again. Returns what opened it.
fn asking<T>(
    unlock: &ineen_core::keys::Unlock,
    open: impl Fn(&ineen_core::keys::Unlock) -> ineen_core::error::Result<T>,
) -> Result<(T, ineen_core::keys::Unlock), String> {
    use ineen_core::error::NeedPassphrase;
    use std::io::IsTerminal;
    let lang = Lang::default();
    match open(unlock) {
        Err(ineen_core::Error::PassphraseNeeded(why))
            if unlock.passphrase.is_none() && std::io::stdin().is_terminal() =>
        {
            let read = |prompt: &str| rpassword::prompt_password(prompt).map_err(|e| e.to_string());
            let passphrase = match why {
                NeedPassphrase::Open => read(lang.pick("Herstelwachtwoord: ", "Recovery passphrase: "))?,
                NeedPassphrase::New | NeedPassphrase::Encrypt => {
                    eprintln!("{}", ineen_core::Error::PassphraseNeeded(why).message(lang));
                    let first = read(lang.pick("Kies een herstelwachtwoord: ", "Choose a recovery passphrase: "))?;
                    let again = read(lang.pick("Nog een keer: ", "Once more: "))?;
                    if first != again {
                        return Err(lang
                            .pick(
                                "De twee wachtwoorden zijn niet gelijk. Er is niets veranderd; probeer het opnieuw.",
                                "The two passphrases differ. Nothing was changed; try again.",
                            )
                            .to_string());
                    }
                    first
                }
            };
            let unlock = unlock.with_passphrase(Some(ineen_core::keys::Zeroizing::new(passphrase)));
            open(&unlock).map(|t| (t, unlock)).map_err(|e| e.message(lang))
        }
        other => other.map(|t| (t, unlock.clone())).map_err(|e| e.message(lang)),
    }
}

/// Runs the command line and returns the process exit code.
/// A bar on stderr for a job that can take long (an import, an export, a
/// batch): its stage and count. Shown only when stderr is a terminal;
/// piped or redirected, nothing is drawn (indicatif hides it).
struct Bar {
    bar: indicatif::ProgressBar,
    lang: Lang,
    stage: std::cell::Cell<Option<ineen_core::progress::Stage>>,
}

impl Bar {
    fn new(lang: Lang) -> Bar {
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        let style = indicatif::ProgressStyle::with_template("{msg:<12} [{bar:40}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Bar { bar, lang, stage: std::cell::Cell::new(None) }
    }

    fn show(&self, p: ineen_core::progress::Progress) {
        if self.stage.get() != Some(p.stage) {
            self.stage.set(Some(p.stage));
            self.bar.set_message(p.stage.label(self.lang));
            self.bar.set_length(p.total.into());
        }
        self.bar.set_position(p.done.into());
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let unlock = match unlock(cli.passphrase_file.as_deref()) {
        Ok(unlock) => unlock,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
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
        None => match crate::run_window(&data_dir, unlock) {
            Ok(crate::Started::Closed) => ExitCode::SUCCESS,
            Ok(crate::Started::Focused(holder)) => {
                println!(
                    "Ineen is al open op deze gegevensmap ({}); dat venster is naar voren gehaald.\n\
                     Ineen is already open on this data folder ({}); that window was brought to the front.",
                    holder.describe(Lang::Nl),
                    holder.describe(Lang::En)
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("Het venster kan niet worden geopend / the window cannot be opened: {e}");
                ExitCode::FAILURE
            }
        },
        Some(command) => match run(command, &data_dir, &unlock, cli.force) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Asks on the terminal to type a child's name to confirm an erasure; no
/// terminal (a script, a pipe) is no answer.
fn type_name(child: &str, lang: Lang) -> Option<String> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    match lang {
        Lang::Nl => {
            eprint!("Dit wist het hele dossier van {child}, ook uit de reservekopieën. Typ de naam om te bevestigen: ")
        }
        Lang::En => eprint!("This erases {child}'s whole dossier, from the backups too. Type the name to confirm: "),
    }
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).ok()?;
    Some(answer.trim().to_string())
}

/// Asks yes or no on the terminal; no terminal (a script, a pipe) is a no.
fn confirm(lang: Lang) -> bool {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!("{} ", lang.pick("Inlezen? [j/N]", "Import? [y/N]"));
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_lowercase().as_str(), "j" | "ja" | "y" | "yes")
}

/// What an import does or would do, table by table and the lines that
/// need a second look.
fn write_review(out: &mut impl Write, review: &ineen_core::ineen::ImportReview, lang: Lang) -> std::io::Result<()> {
    let head = match (review.applied, review.changed, lang) {
        (_, 0, Lang::Nl) => "Dit bestand verandert niets: alles staat er al in.".to_string(),
        (_, 0, Lang::En) => "This file changes nothing: everything is here already.".to_string(),
        (false, n, Lang::Nl) => format!("Dit bestand zou {n} records veranderen:"),
        (false, n, Lang::En) => format!("This file would change {n} records:"),
        (true, n, Lang::Nl) => format!("Ingelezen, {n} records veranderd:"),
        (true, n, Lang::En) => format!("Imported, {n} records changed:"),
    };
    writeln!(out, "{head}")?;
    for t in &review.tables {
        writeln!(
            out,
            "  {:<26} {:>6} {}  {:>6} {}  {:>6} {}",
            t.label,
            t.new,
            lang.pick("nieuw", "new"),
            t.changed,
            lang.pick("gewijzigd", "changed"),
            t.deleted,
            lang.pick("verwijderd", "deleted")
        )?;
    }
    let sections = [
        (lang.pick("Meer mensen kunnen lezen:", "Readable by more people:"), &review.widened),
        (lang.pick("Toestemming:", "Consent:"), &review.consents),
        (lang.pick("Programma gewijzigd:", "Programme changed:"), &review.programmes),
    ];
    for (title, lines) in sections {
        if lines.is_empty() {
            continue;
        }
        writeln!(out, "{title}")?;
        for line in lines.iter().take(25) {
            writeln!(out, "  ! {line}")?;
        }
        if lines.len() > 25 {
            writeln!(out, "  … {} {}", lines.len() - 25, lang.pick("meer", "more"))?;
        }
    }
    if review.conflicts > 0 {
        writeln!(
            out,
            "{} {}",
            review.conflicts,
            lang.pick(
                "waarden verschillen hier en in het bestand; die worden conflicten om te kiezen.",
                "values differ here and in the file; they become conflicts to choose from."
            )
        )?;
    }
    Ok(())
}

/// How a report was sent, on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DeliveryArg {
    InPerson,
    Email,
    Post,
    Portal,
}

/// A table as aligned text: a heading per column, a line per row.
fn write_table(out: &mut impl Write, table: &ineen_core::table::Table) -> std::io::Result<()> {
    for row in &table.rows {
        let cells: Vec<String> = table
            .columns
            .iter()
            .zip(row)
            .filter(|(_, cell)| **cell != ineen_core::table::Cell::Empty)
            .map(|(column, cell)| format!("{column}: {}", cell.text()))
            .collect();
        writeln!(out, "{}", cells.join(" · "))?;
    }
    Ok(())
}

/// The overview as text: a block per group, a line per child.
fn write_overview(out: &mut impl Write, o: &ineen_core::ineen::Overview, lang: Lang) -> std::io::Result<()> {
    writeln!(out, "{} {}", lang.pick("Schooljaar", "School year"), o.school_year)?;
    if o.groups.is_empty() {
        writeln!(out, "{}", lang.pick("Geen groepen in dit schooljaar.", "No groups in this school year."))?;
    }
    for g in &o.groups {
        let end = g.end.map(|d| d.to_string()).unwrap_or_default();
        writeln!(out, "\n{} ({}) {} – {}; {}", g.name, g.programme, g.start, end, g.trainers.join(", "))?;
        for r in &g.rows {
            let a = &r.attendance;
            let attendance = if a.held > 0 { format!("{}/{}", a.attended(), a.held) } else { "–".into() };
            let flags: Vec<String> = r.flags.iter().map(|f| f.describe(lang)).collect();
            let missing: Vec<String> =
                r.missing_contacts.iter().map(|k| contact_name(&g.contact_kinds, k, lang)).collect();
            write!(
                out,
                "  {:<24} {:<10} {:>6}  {}",
                r.participant,
                r.status.label(lang),
                attendance,
                r.report.describe(lang)
            )?;
            if !flags.is_empty() {
                write!(out, "  ⚑ {}", flags.join("; "))?;
            }
            if !missing.is_empty() {
                write!(out, "  {} {}", lang.pick("ontbreekt:", "missing:"), missing.join(", "))?;
            }
            writeln!(out)?;
        }
    }
    if !o.zat.is_empty() {
        writeln!(out, "\n{}", lang.pick("ZAT-overleg per school", "ZAT meetings per school"))?;
        for s in &o.zat {
            let dates: Vec<String> = s.meetings.iter().map(|m| m.date.format("%d-%m-%Y").to_string()).collect();
            writeln!(out, "  {:<32} {:>2}  {}", s.school, s.meetings.len(), dates.join(", "))?;
        }
    }
    Ok(())
}

/// Whether a window can be shown (always on platforms without X11/Wayland).
fn has_display() -> bool {
    if cfg!(target_os = "linux") {
        ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()))
    } else {
        true
    }
}

/// How long a writing command waits for another one on the same data folder.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The command's name for the data folder's lock, when it writes (`None`
/// for the commands that only read: they take no lock and open nothing for
/// writing).
fn writer_name(command: &Command) -> Option<&'static str> {
    match command {
        Command::Programmes { .. } | Command::Enrolments { .. } | Command::Flags { .. } | Command::Backups => None,
        Command::Overview { csv: None, xlsx: None, .. } => None,
        Command::Figures { pdf: None, xlsx: None, csv: None, .. } => None,
        Command::Figures { .. } => Some("ineen figures"),
        Command::ResearchExport { .. } => Some("ineen research-export"),
        Command::Calendar { .. } => None,
        Command::Overview { .. } => Some("ineen overview"),
        Command::ReportSent { .. } => Some("ineen report-sent"),
        Command::Zat { .. } => Some("ineen zat"),
        Command::Retention { set_years: None, .. } | Command::Audit { csv: None, .. } => None,
        Command::Retention { .. } => Some("ineen retention"),
        Command::Audit { .. } => Some("ineen audit"),
        Command::Purge { .. } => Some("ineen purge"),
        Command::Inzage { .. } => Some("ineen inzage"),
        Command::Team { what: None, .. } | Command::Conflicts { what: None, .. } => None,
        Command::Demo => Some("ineen demo"),
        Command::Export { .. } => Some("ineen export"),
        Command::Report { .. } => Some("ineen report"),
        Command::Import { .. } => Some("ineen import"),
        Command::Backup { .. } => Some("ineen backup"),
        Command::Passphrase { .. } => Some("ineen passphrase"),
        Command::Restore { .. } => Some("ineen restore"),
        Command::Team { .. } => Some("ineen team"),
        Command::Sync { .. } => Some("ineen sync"),
        Command::Conflicts { .. } => Some("ineen conflicts"),
    }
}

fn run(
    command: Command,
    data_dir: &std::path::Path,
    unlock: &ineen_core::keys::Unlock,
    force: bool,
) -> Result<(), String> {
    // One writer at a time: a window on this folder refuses at once (it
    // holds the folder until it closes), another command is waited for.
    let _lock = match writer_name(&command) {
        Some(what) => Some(
            ineen_core::lock::DataLock::acquire(data_dir, what, LOCK_WAIT, |holder| {
                eprintln!(
                    "{} {} …",
                    Lang::default().pick("Even wachten op", "Waiting for"),
                    holder.describe(Lang::default())
                )
            })
            .map_err(|e| e.message(Lang::default()))?,
        ),
        None => None,
    };
    // A restore works on the store file before anything opens it.
    if let Command::Restore { file } = &command {
        let (key, _) = asking(unlock, |u| ineen_core::ineen::folder_key(data_dir, u, true))?;
        let kept = ineen_core::ineen::restore(data_dir, file, &key.key).map_err(|e| e.message(Lang::default()))?;
        println!("Teruggezet: {}\nDe gegevens van daarvoor staan in {}", file.display(), kept.display());
        return Ok(());
    }
    // A command that writes opens the store after its damage check; one
    // that only reads skips that full read of every page.
    let writes = _lock.is_some();
    let (mut ineen, unlock) =
        asking(unlock, |u| if writes { Ineen::open(data_dir, u) } else { Ineen::open_to_read(data_dir, u) })?;
    let unlock = &unlock;
    let existing = if force { ineen_core::files::Existing::Replace } else { ineen_core::files::Existing::Keep };
    let protected = ineen.protected_files();
    // Every output file: whole or not at all, never over the store, never
    // over an existing file unless --force.
    let write_atomically = |path: &std::path::Path, bytes: &[u8]| -> Result<(), ineen_core::Error> {
        ineen_core::files::write(path, bytes, existing, &protected)
    };
    // The audit names the trainer chosen on this laptop (or the login
    // name), and that it was done on the command line.
    let actor = format!("{} (command line)", ineen.actor());
    ineen.set_actor(&actor);
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
                list.iter().try_for_each(|e| {
                    writeln!(out, "{} — {} ({}) [{}]", e.participant, e.run, e.programme, e.status.label(lang))
                })
            }
        }
        Command::Flags { json } => {
            let list = ineen.flagged_enrolments().map_err(fail)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &list).map_err(std::io::Error::from).and_then(|()| writeln!(out))
            } else if list.is_empty() {
                writeln!(out, "{}", lang.pick("Geen signalen: alles loopt.", "No flags: all is well."))
            } else {
                list.iter().try_for_each(|f| {
                    let e = &f.enrolment;
                    writeln!(out, "{} — {} ({})", e.participant, e.run, e.programme)?;
                    f.flags.iter().try_for_each(|flag| writeln!(out, "  • {}", flag.describe(lang)))
                })
            }
        }
        Command::Overview { year, json, csv, xlsx } => {
            if let Some((file, xlsx)) = csv.map(|f| (f, false)).or(xlsx.map(|f| (f, true))) {
                let bytes = ineen.export_overview(year.as_deref(), xlsx).map_err(fail)?;
                write_atomically(&file, &bytes).map_err(fail)?;
                writeln!(out, "{} {}", lang.pick("Geschreven:", "Written:"), file.display())
            } else {
                let overview = ineen.overview(year.as_deref()).map_err(fail)?;
                if json {
                    serde_json::to_writer_pretty(&mut out, &overview)
                        .map_err(std::io::Error::from)
                        .and_then(|()| writeln!(out))
                } else {
                    write_overview(&mut out, &overview, lang)
                }
            }
        }
        Command::Figures { year, json, pdf, xlsx, csv } => {
            use ineen_core::ineen::FiguresFormat;
            let file = pdf
                .map(|f| (f, FiguresFormat::Pdf))
                .or(xlsx.map(|f| (f, FiguresFormat::Xlsx)))
                .or(csv.map(|f| (f, FiguresFormat::Csv)));
            if let Some((file, format)) = file {
                let bytes = ineen.export_figures(year.as_deref(), format).map_err(fail)?;
                write_atomically(&file, &bytes).map_err(fail)?;
                writeln!(out, "{} {}", lang.pick("Geschreven:", "Written:"), file.display())
            } else {
                let figures = ineen.figures(year.as_deref()).map_err(fail)?;
                if json {
                    serde_json::to_writer_pretty(&mut out, &figures)
                        .map_err(std::io::Error::from)
                        .and_then(|()| writeln!(out))
                } else {
                    let [table, _, _] = ineen.figures_tables(&figures);
                    write_table(&mut out, &table)
                }
            }
        }
        Command::Calendar { trainer, run, names, out: file } => {
            use ineen_core::ineen::CalendarOf;
            let of = match (trainer, run) {
                (Some(t), _) => CalendarOf::Trainer(t),
                (None, Some(r)) => CalendarOf::Run(r),
                (None, None) => return Err(lang.pick("Geef --trainer of --run.", "Give --trainer or --run.").into()),
            };
            let ics = ineen.calendar(of, names).map_err(fail)?;
            write_atomically(&file, ics.as_bytes()).map_err(fail)?;
            writeln!(out, "{} {}", lang.pick("Geschreven:", "Written:"), file.display())
        }
        Command::ResearchExport { programme, study, out: file } => {
            let (table, summary) = ineen.research_export(&programme, &study).map_err(fail)?;
            let xlsx = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            let bytes = if xlsx {
                ineen_core::table::to_xlsx(&[&table]).map_err(fail)?
            } else {
                table.to_csv().map_err(fail)?.into_bytes()
            };
            write_atomically(&file, &bytes).map_err(fail)?;
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::Nl => format!(
                        "Geschreven: {} ({} trajecten; {} zonder toestemming voor onderzoek weggelaten)",
                        file.display(),
                        summary.included,
                        summary.without_consent
                    ),
                    Lang::En => format!(
                        "Written: {} ({} trajectories; {} without consent to research left out)",
                        file.display(),
                        summary.included,
                        summary.without_consent
                    ),
                }
            )
        }
        Command::ReportSent { version, on, how, to } => {
            let sent_on = on.unwrap_or_else(|| ineen.today());
            let how = match how {
                DeliveryArg::InPerson => ineen_core::model::Delivery::InPerson,
                DeliveryArg::Email => ineen_core::model::Delivery::Email,
                DeliveryArg::Post => ineen_core::model::Delivery::Post,
                DeliveryArg::Portal => ineen_core::model::Delivery::Portal,
            };
            let v = ineen
                .mark_report_sent(ineen_core::ineen::MarkSent { version_id: version, sent_on, how, to })
                .map_err(fail)?;
            writeln!(
                out,
                "{} v{} ({}): {} {}, {}",
                lang.pick("Eindverslag", "End report"),
                v.version,
                v.audience,
                sent_on,
                how.label(lang),
                v.sent_to.unwrap_or_default()
            )
        }
        Command::Zat { school, date, people, discussed, notes } => {
            let wanted = school.trim().to_lowercase();
            let found = ineen
                .schools()
                .map_err(fail)?
                .into_iter()
                .find(|s| s.id.to_string() == wanted || s.name.trim().to_lowercase() == wanted)
                .ok_or_else(|| match lang {
                    Lang::Nl => format!(
                        "Er is geen school '{school}'. Schrijf de naam zoals 'ineen overview' hem noemt, of geef de id."
                    ),
                    Lang::En => {
                        format!("There is no school '{school}'. Write its name as 'ineen overview' shows it, or give its id.")
                    }
                })?;
            let date = date.unwrap_or_else(|| ineen.today());
            let meeting = ineen_core::model::ZatMeeting {
                id: uuid::Uuid::nil(),
                school_id: found.id,
                date,
                people,
                discussed,
                notes,
                audience: ineen_core::model::Audience::Trainers,
            };
            ineen.save_zat_meeting(meeting).map_err(fail)?;
            writeln!(out, "{} {}: {}", lang.pick("ZAT-overleg vastgelegd", "ZAT meeting recorded"), found.name, date)
        }
        Command::Export { file, export_passphrase_file, plain } => {
            let bar = Bar::new(lang);
            let text = ineen.export_json_with(&|p| bar.show(p)).map_err(fail)?;
            bar.done();
            let bytes = if plain {
                eprintln!(
                    "{}",
                    lang.pick(
                        "Let op: dit bestand is niet versleuteld. Iedereen die het in handen krijgt kan alles lezen; \
                         verwijder het zodra het is ingelezen.",
                        "Note: this file is not encrypted. Anyone who gets hold of it can read everything; \
                         delete it once it has been imported.",
                    )
                );
                text.into_bytes()
            } else {
                let passphrase = file_passphrase(export_passphrase_file.as_deref(), unlock)?.ok_or_else(|| {
                    lang.pick(
                        "Een export wordt versleuteld. Geef er een wachtwoord voor met --export-passphrase-file \
                         (of INEEN_PASSPHRASE), of schrijf hem onversleuteld met --plain. Er is niets geschreven.",
                        "An export is encrypted. Give it a passphrase with --export-passphrase-file (or \
                         INEEN_PASSPHRASE), or write it unencrypted with --plain. Nothing was written.",
                    )
                    .to_string()
                })?;
                ineen_core::ineen::seal_export(&text, &passphrase).map_err(fail)?
            };
            write_atomically(&file, &bytes).map_err(fail)?;
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
            write_atomically(&file, &bytes).map_err(fail)?;
            writeln!(out, "{} {}", lang.pick("Geschreven:", "Written:"), file.display())
        }
        Command::Report { what: ReportCommand::Tips { enrolment, run, out: file } } => {
            let of = match (enrolment, run) {
                (Some(id), _) => ineen_core::ineen::TipsFor::Enrolment(id),
                (None, Some(id)) => ineen_core::ineen::TipsFor::Run(id),
                (None, None) => unreachable!("clap requires --enrolment or --run"),
            };
            let html = file.extension().is_some_and(|e| e == "html" || e == "htm");
            let (files, skipped) = ineen.tips_files(of, !html).map_err(fail)?;
            for (name, why) in &skipped {
                eprintln!("{} {name}: {why}", lang.pick("Overgeslagen:", "Skipped:"));
            }
            // A group's tips go to each teacher apart: one file per class,
            // named after it, beside the file asked for (just that one for one class).
            let several = files.len() > 1;
            let mut written = Vec::new();
            for (class, bytes) in files {
                let path = match class.filter(|_| several) {
                    Some(class) => {
                        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                        let ext = file.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
                        file.with_file_name(format!("{stem}-{}.{ext}", ineen_core::ineen::slug(&class)))
                    }
                    None => file.clone(),
                };
                write_atomically(&path, &bytes).map_err(fail)?;
                written.push(path);
            }
            written.iter().try_for_each(|p| writeln!(out, "{} {}", lang.pick("Geschreven:", "Written:"), p.display()))
        }
        Command::Report { what: ReportCommand::Batch { run, out: dir } } => {
            let bar = Bar::new(lang);
            let result = ineen
                .batch_end_reports(run, &dir, existing, |done, total, _| {
                    bar.show(ineen_core::progress::Progress::new(ineen_core::progress::Stage::Reports, done, total))
                })
                .map_err(fail)?;
            bar.done();
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
        Command::Import { file, yes, export_passphrase_file } => {
            let bytes = ineen_core::ineen::read_import_file(&file).map_err(fail)?;
            let passphrase = file_passphrase(export_passphrase_file.as_deref(), unlock)?;
            let bytes =
                ineen_core::ineen::open_export(bytes, passphrase.as_deref().map(|p| p.as_str())).map_err(fail)?;
            let bar = Bar::new(lang);
            if !yes {
                let review = ineen.review_import_with(&bytes, false, &|p| bar.show(p)).map_err(fail)?;
                bar.done();
                write_review(&mut out, &review, lang).map_err(|e| e.to_string())?;
                if review.changed == 0 {
                    return Ok(());
                }
                if !confirm(lang) {
                    return Err(lang
                        .pick(
                            "Er is niets ingelezen. Wil je dit inlezen, voer dan dezelfde opdracht uit met --yes.",
                            "Nothing was imported. To import this, run the same command with --yes.",
                        )
                        .to_string());
                }
            }
            let bar = Bar::new(lang);
            let review = ineen.review_import_with(&bytes, true, &|p| bar.show(p)).map_err(fail)?;
            bar.done();
            if yes {
                write_review(&mut out, &review, lang).map_err(|e| e.to_string())?;
            }
            let conflicts = ineen.conflicts().map_err(fail)?.len();
            writeln!(
                out,
                "{} {}\n{} {conflicts}",
                lang.pick("Ingelezen; records met een wijziging:", "Imported; records changed:"),
                review.changed,
                lang.pick("Open conflicten (ineen conflicts):", "Open conflicts (ineen conflicts):")
            )
        }
        Command::Passphrase { new_file } => {
            let current = unlock.passphrase.as_deref().ok_or_else(|| {
                lang.pick(
                    "Geef het huidige herstelwachtwoord met --passphrase-file of INEEN_PASSPHRASE; er is niets veranderd.",
                    "Give the current recovery passphrase with --passphrase-file or INEEN_PASSPHRASE; nothing was changed.",
                )
                .to_string()
            })?;
            let new = read_passphrase_file(&new_file)?;
            ineen.change_passphrase(current, &new).map_err(fail)?;
            writeln!(
                out,
                "{}",
                lang.pick(
                    "Het herstelwachtwoord is veranderd. Bewaar het nieuwe goed; het oude opent de gegevens niet meer.",
                    "The recovery passphrase was changed. Keep the new one safe; the old one no longer opens the data.",
                )
            )
        }
        Command::Backup { to } => {
            let made = ineen.backup(to.as_deref()).map_err(fail)?;
            if let Some(why) = &made.copy_failed {
                eprintln!("{} {why}", lang.pick("Geen kopie in de tweede map:", "No copy in the second folder:"));
            }
            if let Some(copy) = &made.copy {
                writeln!(out, "{} {copy}", lang.pick("Kopie in de tweede map:", "Copy in the second folder:"))
                    .map_err(|e| e.to_string())?;
            }
            writeln!(
                out,
                "{} {}",
                lang.pick("Reservekopie gemaakt en gecontroleerd:", "Backup made and checked:"),
                made.path
            )
        }
        Command::Backups => ineen
            .backups()
            .map_err(fail)?
            .iter()
            .try_for_each(|b| writeln!(out, "{}  {:>8} KB  {}", b.made, b.bytes / 1024, b.path)),
        Command::Restore { .. } => Ok(()),
        Command::Purge { participant, reason, kind, requested_on, yes } => {
            let child = ineen.participant(participant).map_err(fail)?.full_name();
            let confirm = if yes {
                child.clone()
            } else {
                match type_name(&child, lang) {
                    Some(typed) => typed,
                    None => return Err(lang
                        .pick(
                            "Er is niets gewist. Wil je dit dossier wissen, voer dan dezelfde opdracht uit met --yes.",
                            "Nothing was erased. To erase this dossier, run the same command with --yes.",
                        )
                        .to_string()),
                }
            };
            let kind = match kind {
                ErasureArg::Request => ineen_core::model::ErasureKind::Request,
                ErasureArg::Retention => ineen_core::model::ErasureKind::Retention,
            };
            let request =
                ineen_core::ineen::EraseRequest { participant_id: participant, kind, reason, requested_on, confirm };
            let done = ineen.erase(request).map_err(fail)?;
            for dir in &done.unreached {
                eprintln!(
                    "{} {dir}",
                    lang.pick(
                        "Niet bereikbaar (wordt gewist bij de volgende reservekopie):",
                        "Not reachable (erased at the next backup):"
                    )
                );
            }
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::Nl => format!(
                        "Het dossier van {child} is gewist: {} records, {} verslagbestanden, in {} reservekopieën. \
                         Bij de volgende synchronisatie wissen de andere laptops van het team het ook.",
                        done.records,
                        done.files.len(),
                        done.backups
                    ),
                    Lang::En => format!(
                        "{child}'s dossier was erased: {} records, {} report files, in {} backups. \
                         At the next sync the team's other laptops erase it too.",
                        done.records,
                        done.files.len(),
                        done.backups
                    ),
                }
            )
        }
        Command::Retention { json, passed, set_years } => {
            if let Some(years) = set_years {
                ineen.set_retention_years(years).map_err(fail)?;
            }
            let years = ineen.retention_years().map_err(fail)?;
            let list: Vec<_> = ineen.retention().map_err(fail)?.into_iter().filter(|i| i.passed || !passed).collect();
            if json {
                serde_json::to_writer_pretty(&mut out, &list).map_err(std::io::Error::from).and_then(|()| writeln!(out))
            } else {
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::Nl => format!("Bewaartermijn: {years} jaar na de laatste wijziging."),
                        Lang::En => format!("Retention: {years} years after the last change."),
                    }
                )
                .map_err(|e| e.to_string())?;
                list.iter().try_for_each(|i| {
                    let state = if i.passed { lang.pick("verstreken", "passed") } else { lang.pick("bewaren", "keep") };
                    writeln!(
                        out,
                        "{}  {:<10} {} — {} ({}: {}) {}",
                        i.keep_until,
                        state,
                        i.name,
                        i.runs.join(", "),
                        lang.pick("laatst gewijzigd", "last changed"),
                        i.last_change,
                        i.participant_id
                    )
                })
            }
        }
        Command::Inzage { participant, out: dir, exclude, list } => {
            if list {
                let items = ineen.inzage_items(participant).map_err(fail)?;
                items.iter().try_for_each(|i| {
                    let date = i.date.map(|d| d.to_string()).unwrap_or_default();
                    writeln!(out, "{}  {:<12} {:<10} {}", i.id, i.kind, date, i.text)
                })
            } else {
                let files = ineen.export_inzage(participant, &exclude, Some(&dir)).map_err(fail)?;
                writeln!(
                    out,
                    "{} {}
{} {}",
                    lang.pick("Geschreven:", "Written:"),
                    files.pdf,
                    lang.pick("Geschreven:", "Written:"),
                    files.json
                )
            }
        }
        Command::Audit { what: Some(AuditCommand::Verify), .. } => {
            let check = ineen.verify_audit().map_err(fail)?;
            match check.broken {
                None => writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::Nl => format!("Het auditlog is intact: {} regels gecontroleerd.", check.checked),
                        Lang::En => format!("The audit log is intact: {} rows checked.", check.checked),
                    }
                ),
                Some(b) => {
                    return Err(match lang {
                        Lang::Nl => format!(
                            "Het auditlog is gewijzigd: regel {} ({}, {}) klopt niet met de regels ervoor; \
                             die regel is bewerkt, of een regel ervoor is verwijderd. Meld dit aan je \
                             functionaris gegevensbescherming.",
                            b.seq, b.at, b.action
                        ),
                        Lang::En => format!(
                            "The audit log was changed: row {} ({}, {}) does not match the rows before it; that \
                             row was edited, or a row before it removed. Report this to your data protection \
                             officer.",
                            b.seq, b.at, b.action
                        ),
                    })
                }
            }
        }
        Command::Audit { what: None, participant, actor, from, until, csv, json } => {
            let filter =
                ineen_core::store::privacy::AuditFilter { dossier: participant, actor, from, until, limit: None };
            if let Some(file) = csv {
                let text = ineen.audit_csv(&filter).map_err(fail)?;
                write_atomically(&file, text.as_bytes()).map_err(fail)?;
                writeln!(out, "{} {}", lang.pick("Geschreven:", "Written:"), file.display())
            } else {
                let rows = ineen.audit(&filter).map_err(fail)?;
                if json {
                    serde_json::to_writer_pretty(&mut out, &rows)
                        .map_err(std::io::Error::from)
                        .and_then(|()| writeln!(out))
                } else {
                    rows.iter().try_for_each(|r| {
                        writeln!(
                            out,
                            "{:>6}  {}  {:<14} {:<8} {} {} {}",
                            r.seq,
                            r.at,
                            r.actor,
                            r.action,
                            r.record_table.as_deref().unwrap_or(""),
                            r.dossier.as_deref().or(r.record_id.as_deref()).unwrap_or(""),
                            r.detail.as_deref().unwrap_or("")
                        )
                    })
                }
            }
        }
        Command::Team { what, json } => {
            let team = match what {
                None => ineen.team().map_err(fail)?,
                Some(TeamCommand::Create { name, me, role }) => {
                    ineen.create_team(&name, &me, role.into()).map_err(fail)?
                }
                Some(TeamCommand::Invite { name, role, out: file }) => {
                    let invite = ineen.invite(&name, role.into()).map_err(fail)?;
                    if let Some(file) = &file {
                        write_atomically(file, invite.file.as_bytes()).map_err(fail)?;
                    }
                    let head = lang.pick("Uitnodigingscode voor", "Invite code for");
                    writeln!(out, "{head} {} ({}): {}", invite.name, role_name(invite.role, lang), invite.code)
                        .map_err(|e| e.to_string())?;
                    if let Some(file) = &file {
                        writeln!(
                            out,
                            "{} {}",
                            lang.pick("Uitnodiging geschreven:", "Invitation written:"),
                            file.display()
                        )
                        .map_err(|e| e.to_string())?;
                    }
                    return Ok(());
                }
                Some(TeamCommand::Join { code, me, folder }) => {
                    let code = match std::fs::read_to_string(&code) {
                        Ok(text) => text,
                        Err(_) => code,
                    };
                    ineen.join_team(&code, &me).map_err(fail)?;
                    if let Some(folder) = folder {
                        let report = ineen.sync(Some(&folder)).map_err(fail)?;
                        write_sync_report(&mut out, &report, lang).map_err(|e| e.to_string())?;
                    }
                    ineen.team().map_err(fail)?
                }
                Some(TeamCommand::Remove { device }) => ineen.remove_device(&device).map_err(fail)?,
            };
            if json {
                serde_json::to_writer_pretty(&mut out, &team).map_err(std::io::Error::from).and_then(|()| writeln!(out))
            } else {
                write_team(&mut out, &team, lang)
            }
        }
        Command::Sync { folder, json } => {
            let bar = Bar::new(lang);
            let report = ineen.sync_with(folder.as_deref(), &|p| bar.show(p));
            bar.done();
            let report = report.map_err(fail)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &report)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out))
            } else {
                let conflicts = ineen.conflicts().map_err(fail)?;
                write_sync_report(&mut out, &report, lang).and_then(|()| write_conflicts(&mut out, &conflicts, lang))
            }
        }
        Command::Conflicts { what: None, json } => {
            let conflicts = ineen.conflicts().map_err(fail)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &conflicts)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out))
            } else {
                write_conflicts(&mut out, &conflicts, lang)
            }
        }
        Command::Conflicts { what: Some(ConflictCommand::Resolve { id, take }), .. } => {
            let conflict = ineen.conflicts().map_err(fail)?.into_iter().find(|c| c.id == id.trim());
            let take = match (take.as_str(), &conflict) {
                ("mine", Some(c)) if c.other.mine => ineen_core::ineen::Take::Other,
                ("mine", _) => ineen_core::ineen::Take::Current,
                ("theirs", Some(c)) if c.other.mine => ineen_core::ineen::Take::Current,
                ("theirs", _) => ineen_core::ineen::Take::Other,
                (value, _) => ineen_core::ineen::Take::Value(value.to_string()),
            };
            ineen.resolve_conflict(&id, &take).map_err(fail)?;
            writeln!(
                out,
                "{}",
                lang.pick(
                    "Opgelost. De keuze gaat bij de volgende synchronisatie naar de andere laptops.",
                    "Resolved. The choice goes to the other laptops at the next sync."
                )
            )
        }
    };
    // A closed pipe (`ineen programmes | head`) is not an error worth a message.
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

fn role_name(role: ineen_core::sync::Role, lang: Lang) -> &'static str {
    match role {
        ineen_core::sync::Role::Trainer => "trainer",
        ineen_core::sync::Role::Coordinator => lang.pick("coördinator", "coordinator"),
    }
}

fn write_team(out: &mut impl Write, team: &ineen_core::ineen::Team, lang: Lang) -> std::io::Result<()> {
    match (&team.name, team.joining) {
        (_, true) => writeln!(
            out,
            "{}",
            lang.pick(
                "Deze laptop wacht tot het team hem toelaat (synchroniseer later opnieuw).",
                "This laptop is waiting to be let into the team (sync again later)."
            )
        )?,
        (None, false) => writeln!(
            out,
            "{}",
            lang.pick(
                "Deze laptop hoort nog niet bij een team (ineen team create, of ineen team join CODE).",
                "This laptop is not in a team yet (ineen team create, or ineen team join CODE)."
            )
        )?,
        (Some(name), false) => {
            writeln!(out, "{} {name}", lang.pick("Team:", "Team:"))?;
            for m in &team.members {
                let mut notes = Vec::new();
                if m.me {
                    notes.push(lang.pick("deze laptop", "this laptop").to_string());
                }
                if m.removed {
                    notes.push(lang.pick("verwijderd", "removed").to_string());
                }
                let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
                writeln!(
                    out,
                    "  {} {} — {}{notes}; {} {}",
                    m.short,
                    m.name,
                    role_name(m.role, lang),
                    lang.pick("bundel", "bundle"),
                    m.last_bundle
                )?;
            }
            for (name, role) in &team.open_invites {
                writeln!(out, "  {} {name} ({})", lang.pick("uitgenodigd:", "invited:"), role_name(*role, lang))?;
            }
        }
    }
    if let Some(folder) = &team.folder {
        writeln!(out, "{} {folder}", lang.pick("Synchronisatiemap:", "Sync folder:"))?;
    }
    writeln!(
        out,
        "{} {}, {} {}",
        lang.pick("Nog niet gedeelde wijzigingen:", "Changes not yet shared:"),
        team.pending,
        lang.pick("open conflicten:", "open conflicts:"),
        team.conflicts
    )?;
    for (file, why) in &team.set_aside {
        writeln!(out, "{} {file}: {why}", lang.pick("Apart gezet:", "Set aside:"))?;
    }
    Ok(())
}

fn write_sync_report(out: &mut impl Write, r: &ineen_core::ineen::SyncReport, lang: Lang) -> std::io::Result<()> {
    if r.waiting_to_join {
        writeln!(
            out,
            "{}",
            lang.pick(
                "Verzoek om mee te doen staat in de map. Zodra wie je uitnodigde synchroniseert, synchroniseer je opnieuw.",
                "The request to join is in the folder. Once whoever invited you has synced, sync again."
            )
        )?;
    }
    writeln!(out, "{} {}", lang.pick("Geschreven bundels:", "Bundles written:"), r.written.len())?;
    writeln!(out, "{} {}", lang.pick("Gelezen bundels:", "Bundles read:"), r.read.len())?;
    for (who, seq, changed) in &r.read {
        writeln!(out, "  {who} #{seq}: {changed} {}", lang.pick("records gewijzigd", "records changed"))?;
    }
    for name in &r.joined {
        writeln!(out, "{} {name}", lang.pick("Toegelaten tot het team:", "Let into the team:"))?;
    }
    for (file, why) in &r.set_aside {
        writeln!(out, "{} {file}: {why}", lang.pick("Apart gezet:", "Set aside:"))?;
    }
    for (file, why) in &r.waiting {
        writeln!(out, "{} {file}: {why}", lang.pick("Bewaard voor later:", "Kept for later:"))?;
    }
    Ok(())
}

fn write_conflicts(
    out: &mut impl Write,
    conflicts: &[ineen_core::ineen::ConflictView],
    lang: Lang,
) -> std::io::Result<()> {
    writeln!(out, "{} {}", lang.pick("Open conflicten:", "Open conflicts:"), conflicts.len())?;
    for c in conflicts {
        writeln!(
            out,
            "  {} {} ({}): {}: {} ({}) · {}: {} ({})",
            c.id,
            c.about,
            c.field,
            c.current.who,
            c.current.text,
            c.current.when,
            c.other.who,
            c.other.text,
            c.other.when
        )?;
    }
    Ok(())
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
