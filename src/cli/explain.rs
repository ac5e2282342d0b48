//! `cchc explain [CODE] [--lang vi|en] [--markdown]`: the long explanation
//! of a finding code (what `= help: cchc explain CODE` at the end of each
//! diagnostic of `cchc check` points at), the list of every code, or
//! docs/findings.md — all read from the registry (`patterns/findings.toml`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use cchc::findings::{explain, FindingCode, Lang, Registry};

#[derive(Clone, Copy, ValueEnum)]
pub enum Language {
    /// Vietnamese.
    Vi,
    /// English.
    En,
}

/// Explain a finding code the way `rustc --explain` does; with no code, list them all.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  cchc explain sum.table_column\n  \
    cchc explain sum.table_column --lang en\n  \
    cchc explain                       # every code with its severity and summary\n  \
    cchc explain --markdown > docs/findings.md")]
pub struct Args {
    /// The code in brackets of a diagnostic (`error[sum.table_column]`), or
    /// the kind of a read error (`lossy_encoding`).
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: Language,
    /// Print docs/findings.md (every code, both languages) instead.
    #[arg(long, conflicts_with_all = ["code", "lang"])]
    pub markdown: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let reg = Registry::builtin();
    let lang = match args.lang {
        Language::Vi => Lang::Vi,
        Language::En => Lang::En,
    };
    let text = if args.markdown {
        explain::markdown(reg)
    } else {
        match args.code.as_deref().map(FindingCode::parse) {
            None => explain::list(reg, lang),
            Some(Ok(code)) => explain::text(code.entry(), lang),
            Some(Err(e)) => {
                eprintln!("cchc: {e}; the known codes are:");
                for c in reg.codes() {
                    eprintln!("  {c}");
                }
                eprintln!("(`cchc explain` lists them with their summaries)");
                return Ok(ExitCode::from(2));
            }
        }
    };
    let mut out = super::output(None)?;
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
