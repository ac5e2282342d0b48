//! Reading and checking `patterns/findings.toml`: every finding code once,
//! with its severity, one-line summaries and long explanation in
//! Vietnamese and English, an example and how a clerk fixes it. The file is
//! built into the binary and checked when first used; `cargo test` loads it,
//! so a bad entry fails the build's tests naming the file and line.

use std::collections::HashMap;
use std::sync::OnceLock;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::model::Severity;
use crate::registry::line_at;

const FILE: &str = "patterns/findings.toml";
const SOURCE: &str = include_str!("../../patterns/findings.toml");

/// The language of a text of the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese: the clerks' language, the default.
    #[default]
    Vi,
    En,
}

/// One text in both languages.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub vi: String,
    pub en: String,
}

impl Texts {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => self.vi.trim(),
            Lang::En => self.en.trim(),
        }
    }
}

/// One registered finding code.
#[derive(Clone, Debug)]
pub struct Entry {
    pub code: String,
    /// The severity the finding usually has.
    pub severity: Severity,
    /// Other severities the same code may take.
    pub also: Vec<Severity>,
    pub summary: Texts,
    pub explain: Texts,
    /// Report text that gives this finding.
    pub example: String,
    pub fix: Texts,
    /// 1-based line of the entry in its file.
    pub line: usize,
}

impl Entry {
    /// May a finding of this code have severity `s`?
    pub fn allows(&self, s: Severity) -> bool {
        self.severity == s || self.also.contains(&s)
    }
}

/// Every registered code, in file order.
#[derive(Debug)]
pub struct Registry {
    pub entries: Vec<Entry>,
    by_code: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    finding: Vec<toml::Spanned<Raw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    code: String,
    severity: String,
    #[serde(default)]
    also: Vec<String>,
    summary: Texts,
    explain: Texts,
    example: String,
    fix: Texts,
}

fn severity(s: &str) -> Option<Severity> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|v| v.as_str() == s)
}

/// `family.name`, lower-case ASCII, digits and `_`: what may follow
/// `error[` in a diagnostic and stand in a JSON field.
fn well_formed(code: &str) -> bool {
    let part = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    code.split_once('.')
        .is_some_and(|(f, n)| part(f) && part(n))
}

impl Registry {
    /// The registry built into the binary (`patterns/findings.toml`).
    pub fn builtin() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| {
            Registry::parse(FILE, SOURCE).expect("patterns/findings.toml is checked by cargo test")
        })
    }

    /// Read and check a registry file.
    pub fn parse(file: &str, src: &str) -> Result<Registry> {
        let parsed: File = toml::from_str(src).with_context(|| format!("{file}: not valid"))?;
        let mut entries = Vec::new();
        let mut by_code = HashMap::new();
        for spanned in parsed.finding {
            let line = line_at(src, spanned.span().start);
            let r = spanned.into_inner();
            let at = format!("{file}:{line}");
            if !well_formed(&r.code) {
                bail!("{at}: '{}' is not of the form family.name", r.code);
            }
            let known = || {
                [Severity::Error, Severity::Warning, Severity::Info]
                    .map(Severity::as_str)
                    .join(", ")
            };
            let Some(sev) = severity(&r.severity) else {
                bail!(
                    "{at}: {}: unknown severity '{}' (known: {})",
                    r.code,
                    r.severity,
                    known()
                );
            };
            let mut also = Vec::new();
            for a in &r.also {
                match severity(a) {
                    Some(s) if s != sev && !also.contains(&s) => also.push(s),
                    Some(_) => bail!("{at}: {}: severity '{a}' is listed twice", r.code),
                    None => bail!(
                        "{at}: {}: unknown severity '{a}' (known: {})",
                        r.code,
                        known()
                    ),
                }
            }
            for (field, text) in [
                ("summary.vi", &r.summary.vi),
                ("summary.en", &r.summary.en),
                ("explain.vi", &r.explain.vi),
                ("explain.en", &r.explain.en),
                ("example", &r.example),
                ("fix.vi", &r.fix.vi),
                ("fix.en", &r.fix.en),
            ] {
                if text.trim().is_empty() {
                    bail!("{at}: {}: {field} is empty", r.code);
                }
            }
            for (field, text) in [("summary.vi", &r.summary.vi), ("summary.en", &r.summary.en)] {
                if text.trim().contains('\n') {
                    bail!("{at}: {}: {field} is more than one line", r.code);
                }
            }
            if by_code.insert(r.code.clone(), entries.len()).is_some() {
                bail!("{at}: '{}' is registered twice", r.code);
            }
            entries.push(Entry {
                code: r.code,
                severity: sev,
                also,
                summary: r.summary,
                explain: r.explain,
                example: r.example,
                fix: r.fix,
                line,
            });
        }
        Ok(Registry { entries, by_code })
    }

    pub fn get(&self, code: &str) -> Option<&Entry> {
        self.by_code.get(code).map(|&i| &self.entries[i])
    }

    /// Every code, in file order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "[[finding]]\ncode = \"a.b\"\nseverity = \"error\"\nsummary.vi = \"x\"\nsummary.en = \"x\"\nexplain.vi = \"x\"\nexplain.en = \"x\"\nexample = \"x\"\nfix.vi = \"x\"\nfix.en = \"x\"\n";

    #[test]
    fn the_builtin_registry_loads() {
        let r = Registry::builtin();
        assert!(r.entries.len() >= 40, "{}", r.entries.len());
        let e = r.get("sum.table_column").unwrap();
        assert_eq!(e.severity, Severity::Error);
        assert!(e.summary.get(Lang::Vi).contains("dòng tổng"));
        assert!(e.explain.get(Lang::En).contains("total row"));
        let share = r.get("ratio.stated_vs_computed").unwrap();
        assert!(share.allows(Severity::Info) && share.allows(Severity::Error));
        assert!(!e.allows(Severity::Info));
    }

    #[test]
    fn errors_name_the_file_line_and_what_is_wrong() {
        let twice = format!("{ONE}\n{ONE}");
        let e = Registry::parse("t.toml", &twice).unwrap_err().to_string();
        assert!(e.contains("t.toml:12") && e.contains("twice"), "{e}");
        let bad = ONE.replace("\"error\"", "\"fatal\"");
        let e = Registry::parse("t.toml", &bad).unwrap_err().to_string();
        assert!(
            e.contains("t.toml:1") && e.contains("fatal") && e.contains("known"),
            "{e}"
        );
        let empty = ONE.replace("fix.en = \"x\"", "fix.en = \"  \"");
        let e = Registry::parse("t.toml", &empty).unwrap_err().to_string();
        assert!(e.contains("fix.en is empty"), "{e}");
        let code = ONE.replace("a.b", "A b");
        let e = Registry::parse("t.toml", &code).unwrap_err().to_string();
        assert!(e.contains("family.name"), "{e}");
        let missing = ONE.replace("example = \"x\"\n", "");
        assert!(Registry::parse("t.toml", &missing).is_err());
        assert!(Registry::parse("t.toml", ONE).is_ok());
    }
}
