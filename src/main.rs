//! The `cchc` command line: a thin layer over the library. Each subcommand
//! lives in its own file under `cli/`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

#[derive(Parser)]
#[command(
    name = "cchc",
    version,
    about = "Extract and check the figures of Vietnamese administrative-reform (CCHC) reports",
    after_help = "Examples:\n  \
        cchc extract corpus/ --format json -o figures.json\n  \
        cchc extract bao-cao.pdf --format csv -o figures.csv\n  \
        cchc check bao-cao-quy-3.docx\n  \
        cchc explain sum.table_column   # what a finding code means and how to fix it\n  \
        cchc serve                      # the checking page at http://127.0.0.1:8080/\n  \
        cchc import archive/ --db cchc.sqlite\n  \
        cchc export --db cchc.sqlite --format csv -o figures.csv\n  \
        cchc export --db cchc.sqlite --format xlsx -o cchc.xlsx\n  \
        cchc indicators\n  \
        cchc patterns test"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract(cli::extract::Args),
    Check(cli::check::Args),
    Explain(cli::explain::Args),
    Import(cli::import::Args),
    Export(cli::export::Args),
    Indicators(cli::indicators::Args),
    /// Serve a local web page: drop a report, see every figure and every finding.
    #[cfg(feature = "serve")]
    Serve(cli::serve::Args),
    /// Work with the extraction rules of patterns/*.toml.
    Patterns {
        #[command(subcommand)]
        command: cli::patterns::Command,
    },
    /// Internal: read one file in an isolated child process.
    #[command(hide = true)]
    Worker(cli::worker::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => cli::extract::run(a),
        Command::Check(a) => cli::check::run(a),
        Command::Explain(a) => cli::explain::run(a),
        Command::Import(a) => cli::import::run(a),
        Command::Export(a) => cli::export::run(a),
        Command::Indicators(a) => cli::indicators::run(a),
        #[cfg(feature = "serve")]
        Command::Serve(a) => cli::serve::run(a),
        Command::Patterns { command } => cli::patterns::run(command),
        Command::Worker(a) => cli::worker::run(a),
    };
    match result {
        Ok(code) => code,
        // `cchc extract … | head`: the reader closed the pipe; not an error.
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cchc: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
