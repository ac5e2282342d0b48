//! The indicator registry (`patterns/indicators.toml`): every indicator ID
//! cchc may emit, with its unit, roles, Vietnamese name and description.
//!
//! It sits beside the pipeline rather than in one stage: extract names IDs
//! in its lexicon, decisions and rules, validate in its relations, emit in
//! its labels and data dictionary. Each of those files is checked against
//! this one when it is loaded — an ID not listed here is an error naming the
//! file and line — so Rust code never names an indicator literally.

use std::collections::HashMap;
use std::sync::OnceLock;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::model::Role;

/// The units a figure may carry (`shared/spec/indicators.md`).
pub const UNITS: &[&str] = &[
    "ho_so",
    "thu_tuc",
    "phieu",
    "nguoi",
    "percent",
    "dong",
    "diem",
    "van_ban",
    "tai_khoan",
    "count",
];

/// One registered indicator.
#[derive(Clone, Debug, Serialize)]
pub struct Indicator {
    pub id: String,
    /// The part before the dot ("dossiers").
    pub family: String,
    pub unit: String,
    pub roles: Vec<Role>,
    /// Vietnamese name, as labels and diagnostics show it.
    pub name: String,
    pub description: String,
    /// The indicator of a percentage stated of a count of this one.
    pub share: Option<String>,
    /// The pending-dossier indicator these words mean under a pending total.
    pub pending_of: Option<String>,
    /// The indicator of the denominator of a fraction whose numerator is
    /// this one ("7/25 phiếu rất hài lòng": 25 is `survey.forms`).
    pub whole: Option<String>,
    /// For a whole: what the numerator is when the words of a fraction
    /// describe the whole ("19/21 biên chế được giao": 19 in post of 21).
    pub part: Option<String>,
    /// The total this indicator is one part of ("5.873 mới; 214 kỳ trước
    /// chuyển sang; tổng số 6.087": the total of new and carried-over
    /// dossiers is the dossiers received).
    pub part_of: Option<String>,
    /// The indicator a goal of this one is ("chỉ tiêu kích hoạt 14.200 tài
    /// khoản": eid.target, not eid.activated).
    pub as_target: Option<String>,
    /// Lexicon classes whose cue words name the figure's scope (a rating
    /// level, a qualification), joined by ": ".
    pub scope_from: Vec<String>,
    /// False for rates no stated count can be checked against.
    pub checkable: bool,
    /// A value above 100 is plausible (percent units only).
    pub over_100: bool,
    /// 1-based line of the entry in its file.
    #[serde(skip)]
    pub line: usize,
}

impl Indicator {
    pub fn is_percent(&self) -> bool {
        self.unit == "percent"
    }
}

/// All registered indicators, in file order.
#[derive(Debug)]
pub struct Registry {
    pub indicators: Vec<Indicator>,
    by_id: HashMap<String, usize>,
    /// The file the registry was read from, for error messages.
    pub file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    indicator: Vec<toml::Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    unit: String,
    #[serde(default)]
    roles: Option<Vec<Role>>,
    name: String,
    description: String,
    #[serde(default)]
    share: Option<String>,
    #[serde(default)]
    pending_of: Option<String>,
    #[serde(default)]
    whole: Option<String>,
    #[serde(default)]
    part: Option<String>,
    #[serde(default)]
    as_target: Option<String>,
    #[serde(default)]
    part_of: Option<String>,
    #[serde(default)]
    scope_from: Vec<String>,
    #[serde(default)]
    checkable: Option<bool>,
    #[serde(default)]
    over_100: Option<bool>,
}

/// 1-based line of byte `offset` in `src`.
pub fn line_at(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// 1-based line of the first occurrence of `needle` in `src` (1 when absent):
/// where a file names something, for an error message.
pub fn line_of(src: &str, needle: &str) -> usize {
    src.find(needle).map_or(1, |i| line_at(src, i))
}

impl Registry {
    /// The registry built into the binary (`patterns/indicators.toml`).
    pub fn builtin() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| {
            Registry::parse(
                "patterns/indicators.toml",
                include_str!("../patterns/indicators.toml"),
            )
            .expect("patterns/indicators.toml is checked by cargo test")
        })
    }

    /// Read and check a registry file.
    pub fn parse(file: &str, src: &str) -> Result<Registry> {
        let parsed: File = toml::from_str(src).with_context(|| format!("{file}: not valid"))?;
        let mut indicators = Vec::new();
        let mut by_id = HashMap::new();
        for spanned in parsed.indicator {
            let line = line_at(src, spanned.span().start);
            let e = spanned.into_inner();
            let at = || format!("{file}:{line}");
            let Some((family, name)) = e.id.split_once('.') else {
                bail!("{}: '{}' is not of the form family.name", at(), e.id);
            };
            let well_formed = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            };
            if !well_formed(family) || !well_formed(name) {
                bail!("{}: '{}' is not of the form family.name", at(), e.id);
            }
            if !UNITS.contains(&e.unit.as_str()) {
                bail!(
                    "{}: unknown unit '{}' (known: {})",
                    at(),
                    e.unit,
                    UNITS.join(", ")
                );
            }
            if by_id.insert(e.id.clone(), indicators.len()).is_some() {
                bail!("{}: '{}' is listed twice", at(), e.id);
            }
            let over_100 = e.over_100.unwrap_or(false);
            if over_100 && e.unit != "percent" {
                bail!("{}: over_100 is for percent indicators only", at());
            }
            indicators.push(Indicator {
                family: family.to_string(),
                id: e.id,
                unit: e.unit,
                roles: e
                    .roles
                    .unwrap_or_else(|| vec![Role::Actual, Role::Target, Role::Baseline]),
                name: e.name,
                description: e.description,
                share: e.share,
                pending_of: e.pending_of,
                whole: e.whole,
                part: e.part,
                as_target: e.as_target,
                part_of: e.part_of,
                scope_from: e.scope_from,
                checkable: e.checkable.unwrap_or(true),
                over_100,
                line,
            });
        }
        let reg = Registry {
            indicators,
            by_id,
            file: file.to_string(),
        };
        for ind in &reg.indicators {
            let at = format!("{file}:{}", ind.line);
            if let Some(s) = &ind.share {
                match reg.get(s) {
                    Some(t) if t.is_percent() => {}
                    Some(_) => bail!("{at}: share '{s}' of '{}' is not a percentage", ind.id),
                    None => bail!("{at}: share '{s}' of '{}' is not registered", ind.id),
                }
            }
            for (field, link) in [
                ("pending_of", &ind.pending_of),
                ("whole", &ind.whole),
                ("part", &ind.part),
                ("as_target", &ind.as_target),
                ("part_of", &ind.part_of),
            ] {
                if let Some(p) = link {
                    match reg.get(p) {
                        Some(t) if t.is_percent() == ind.is_percent() => {}
                        Some(_) => bail!(
                            "{at}: {field} '{p}' of '{}' has another kind of unit",
                            ind.id
                        ),
                        None => bail!("{at}: {field} '{p}' of '{}' is not registered", ind.id),
                    }
                }
            }
        }
        Ok(reg)
    }

    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.by_id.get(id).map(|&i| &self.indicators[i])
    }

    /// Fail unless `id` is registered; `file` and `line` say where it was named.
    pub fn check(&self, id: &str, file: &str, line: usize) -> Result<&Indicator> {
        self.get(id).with_context(|| {
            format!(
                "{file}:{line}: unknown indicator '{id}' (not in {})",
                self.file
            )
        })
    }

    /// Like [`Registry::check`], finding the line where `src` names `id`.
    pub fn check_in(&self, id: &str, file: &str, src: &str) -> Result<&Indicator> {
        self.check(id, file, line_of(src, &format!("\"{id}\"")))
    }

    /// The Vietnamese name of an indicator, or the ID itself when unknown.
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).map_or(id, |i| i.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_registry_loads_and_links() {
        let r = Registry::builtin();
        assert!(r.indicators.len() > 90);
        let on_time = r.get("dossiers.resolved_on_time").unwrap();
        assert_eq!(on_time.share.as_deref(), Some("dossiers.on_time_rate"));
        assert_eq!(on_time.family, "dossiers");
        assert!(r.get("dossiers.on_time_rate").unwrap().is_percent());
    }

    #[test]
    fn every_id_of_the_spec_is_registered() {
        // The contract lives beside the repository; a checkout without it
        // has only the registry to go by.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/spec/indicators.md");
        let Ok(spec) = std::fs::read_to_string(path) else {
            return;
        };
        let id = regex::Regex::new(r"`([a-z_]+\.[a-z_0-9]+)`").unwrap();
        let r = Registry::builtin();
        let missing: Vec<&str> = id
            .captures_iter(&spec)
            .map(|c| c.get(1).unwrap().as_str())
            .filter(|s| *s != "family.name" && r.get(s).is_none())
            .collect();
        assert!(missing.is_empty(), "not registered: {missing:?}");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let src = "[[indicator]]\nid = \"a.b\"\nunit = \"ho_so\"\nname = \"x\"\ndescription = \"y\"\n\n[[indicator]]\nid = \"a.b\"\nunit = \"ho_so\"\nname = \"x\"\ndescription = \"y\"\n";
        let e = Registry::parse("t.toml", src).unwrap_err().to_string();
        assert!(e.contains("t.toml:7") && e.contains("twice"), "{e}");
        let bad_unit = src.replacen("ho_so", "litre", 1);
        let e = Registry::parse("t.toml", &bad_unit)
            .unwrap_err()
            .to_string();
        assert!(e.contains("t.toml:1") && e.contains("litre"), "{e}");
        let r = Registry::builtin();
        let e = r
            .check_in("x.y", "f.toml", "a\nb = \"x.y\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("f.toml:2"), "{e}");
    }
}
