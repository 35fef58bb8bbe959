// Ineen: the window when started without a subcommand, the command line otherwise.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    ineen_app::cli::main()
}
