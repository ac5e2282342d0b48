//! The decision table (`patterns/decisions.toml`): from the cues a number
//! has (its own and those it inherits) to an indicator ID (extract stage,
//! compositional reader).
//!
//! Each row names feature values (`when`) and the indicator they mean. The
//! most specific row that matches wins: the most conditions met, then the
//! most met by the number's own cues rather than inherited ones. A tie
//! between rows of different indicators, or no row at all, gives no figure
//! — `cchc extract --explain` says which cues were seen and why.
//!
//! Rows are written for counts. A percentage takes a count row's indicator
//! through the registry's `share` link ("tỷ lệ … đúng hạn" is the share of
//! the on-time count), or a row of `kind = "percent"` for rates that have
//! no count of their own.

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::registry::{line_at, Registry};

use super::examples::Example;
use super::lexicon::{Kind, Lexicon};
use super::quantity::QKind;

/// Where a feature of a number comes from; earlier is stronger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Src {
    /// Its own words before it: its label.
    Own,
    /// Its own words after it ("45 hồ sơ bị trả lại").
    After,
    /// The number a breakdown or list belongs to.
    Parent,
    /// An earlier number of its sentence.
    Sentence,
    /// The lead-in or heading above its sentence.
    Context,
}

impl Src {
    /// The number's own words, before or after it.
    pub fn is_own(self) -> bool {
        matches!(self, Src::Own | Src::After)
    }
}

/// One feature of a number: its value, where it comes from, and the span
/// of the cue that set it (a scope may quote it: "Rất hài lòng").
pub type Feat = (u16, Src, (u32, u32));

/// One number's features, per class of the lexicon.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features(pub Vec<Option<Feat>>);

impl Features {
    pub fn new(classes: usize) -> Features {
        Features(vec![None; classes])
    }

    pub fn get(&self, class: u16) -> Option<u16> {
        self.0
            .get(class as usize)
            .copied()
            .flatten()
            .map(|(v, _, _)| v)
    }

    pub fn own_count(&self) -> usize {
        self.0
            .iter()
            .flatten()
            .filter(|(_, s, _)| s.is_own())
            .count()
    }

    /// Describe the features for a debug line: `state=resolved timeliness=late*`
    /// (a star for an inherited one).
    pub fn describe(&self, lx: &Lexicon) -> String {
        let mut parts = Vec::new();
        for (c, f) in self.0.iter().enumerate() {
            if let Some((v, s, _)) = f {
                parts.push(format!(
                    "{}={}{}",
                    lx.classes[c].name,
                    lx.value_name(c as u16, *v),
                    match s {
                        Src::Own => "",
                        Src::After => "'",
                        _ => "*",
                    }
                ));
            }
        }
        parts.join(" ")
    }
}

#[derive(Clone, Debug)]
enum Cond {
    /// One of these values.
    AnyOf(Vec<u16>),
    /// One of these values, or none (`["ho_so", "-"]`).
    AnyOfOrAbsent(Vec<u16>),
    /// Any value.
    Present,
    /// No value.
    Absent,
}

#[derive(Clone, Debug)]
pub struct Row {
    when: Vec<(u16, Cond)>,
    /// "none": the features mean that the number is no figure.
    pub indicator: String,
    /// A second indicator the number states when the number's own words
    /// meet every condition ("đang xử lý 05 hồ sơ trong hạn": pending, and
    /// pending in time).
    pub also: Option<String>,
    /// Only a percentage takes this row.
    percent: bool,
    pub line: usize,
}

pub struct Decisions {
    pub rows: Vec<Row>,
    pub examples: Vec<(usize, Example)>,
}

/// What the table made of one number.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Decided {
        indicator: String,
        /// A second indicator the same number states.
        also: Option<String>,
        /// Line of the winning row.
        line: usize,
    },
    /// A row says these features are no figure ("chưa được ký số").
    Nothing(usize),
    /// No row, or rows of different indicators equally specific.
    Undecided(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    decide: Vec<toml::Spanned<RowDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RowDef {
    when: toml::Table,
    indicator: String,
    #[serde(default)]
    also: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    #[allow(dead_code)]
    why: String,
}

impl Decisions {
    pub fn parse(file: &str, src: &str, lx: &Lexicon, reg: &Registry) -> Result<Decisions> {
        let def: FileDef = toml::from_str(src).with_context(|| format!("{file}: not valid"))?;
        let mut rows = Vec::new();
        let mut examples = Vec::new();
        for r in def.decide {
            let line = line_at(src, r.span().start);
            let r = r.into_inner();
            let at = format!("{file}:{line}");
            let percent = match r.kind.as_deref() {
                None | Some("count") => false,
                Some("percent") => true,
                Some(k) => bail!("{at}: kind '{k}' (count or percent)"),
            };
            if let Some(a) = &r.also {
                reg.check(a, file, line)?;
            }
            let none = r.indicator == "none";
            let unit_percent = if none {
                percent
            } else {
                reg.check(&r.indicator, file, line)?.is_percent()
            };
            if percent != unit_percent {
                bail!(
                    "{at}: a {} row names '{}', whose unit is {}",
                    if percent { "percent" } else { "count" },
                    r.indicator,
                    reg.get(&r.indicator).map_or("?", |i| i.unit.as_str())
                );
            }
            let mut when = Vec::new();
            for (k, v) in &r.when {
                let Some(c) = lx.class(k) else {
                    bail!("{at}: unknown class '{k}' (not in {})", lx.file);
                };
                if lx.classes[c as usize].kind != Kind::Feature {
                    bail!("{at}: '{k}' is not a feature class");
                }
                let names: Vec<&str> = match v {
                    toml::Value::String(s) => vec![s.as_str()],
                    toml::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
                    _ => bail!("{at}: the value of '{k}' must be a string or a list of strings"),
                };
                let cond = match names.as_slice() {
                    ["*"] => Cond::Present,
                    ["-"] => Cond::Absent,
                    _ => {
                        let absent = names.contains(&"-");
                        let mut vals = Vec::new();
                        for n in names.iter().filter(|n| **n != "-") {
                            match lx.value(c, n) {
                                Some(vi) => vals.push(vi),
                                None => bail!("{at}: no cue of {} sets {k} = '{n}'", lx.file),
                            }
                        }
                        if absent {
                            Cond::AnyOfOrAbsent(vals)
                        } else {
                            Cond::AnyOf(vals)
                        }
                    }
                };
                when.push((c, cond));
            }
            if !when
                .iter()
                .any(|(_, c)| matches!(c, Cond::AnyOf(_) | Cond::Present))
            {
                bail!("{at}: a row needs at least one value to match");
            }
            for e in r.examples {
                examples.push((line, e));
            }
            rows.push(Row {
                when,
                indicator: r.indicator,
                also: r.also,
                percent,
                line,
            });
        }
        Ok(Decisions { rows, examples })
    }

    /// The indicator a number of kind `kind` with features `f` states.
    pub fn decide(&self, f: &Features, kind: QKind, reg: &Registry) -> Outcome {
        // (conditions met, met by own cues, a percent row), the row and the
        // indicator it gives this number.
        let mut best: Option<((usize, usize, bool), &Row, &str)> = None;
        let mut tie: Option<(&str, usize)> = None;
        for row in &self.rows {
            let Some((n, own, all_own)) = row.matches(f) else {
                continue;
            };
            let indicator: &str = match (kind, row.percent) {
                (QKind::Count, true) => continue,
                (QKind::Count, false) | (QKind::Percent, true) => &row.indicator,
                (QKind::Percent, false) if row.indicator == "none" => "none",
                (QKind::Percent, false) => {
                    match reg.get(&row.indicator).and_then(|i| i.share.as_deref()) {
                        Some(s) => s,
                        None => continue,
                    }
                }
            };
            let _ = all_own;
            let key = (n, own, row.percent);
            match &best {
                Some((bk, _, bi)) if *bk == key => {
                    if *bi != indicator {
                        tie = Some((indicator, row.line));
                    }
                }
                Some((bk, _, _)) if *bk > key => {}
                _ => {
                    best = Some((key, row, indicator));
                    tie = None;
                }
            }
        }
        match (best, tie) {
            (Some((_, row, "none")), None) => Outcome::Nothing(row.line),
            (Some((_, row, ind)), None) => {
                // The second indicator only when the number's own words state
                // each condition, by separate cues ("đang xử lý … trong hạn";
                // not "chưa đến hạn", one cue that means only the second).
                let separate = {
                    let mut spans: Vec<(u32, u32)> = row
                        .when
                        .iter()
                        .filter_map(|(c, _)| f.0.get(*c as usize).copied().flatten())
                        .map(|x| x.2)
                        .collect();
                    spans.sort_unstable();
                    spans.dedup();
                    spans.len() >= 2
                };
                let also = row
                    .also
                    .as_ref()
                    .filter(|_| kind == QKind::Count && separate)
                    .filter(|_| row.matches(f).is_some_and(|m| m.2))
                    .cloned();
                Outcome::Decided {
                    indicator: ind.to_string(),
                    also,
                    line: row.line,
                }
            }
            (Some((_, row, a)), Some((b, lb))) => Outcome::Undecided(format!(
                "rows at lines {} ({a}) and {lb} ({b}) match equally",
                row.line
            )),
            (None, _) => Outcome::Undecided("no row matches".to_string()),
        }
    }
}

impl Row {
    /// (conditions met, of which by own cues, every met one own), or None
    /// when a condition fails. An inherited value that a condition does
    /// not take counts as no value: what a number inherits only fills in.
    fn matches(&self, f: &Features) -> Option<(usize, usize, bool)> {
        let (mut n, mut own, mut all_own) = (0, 0, true);
        for (c, cond) in &self.when {
            let got = f.0.get(*c as usize).copied().flatten();
            let soft = |s: Src| !s.is_own();
            match (cond, got) {
                (Cond::Absent | Cond::AnyOfOrAbsent(_), None) => {}
                (Cond::Absent, Some((_, s, _))) if soft(s) => {}
                (Cond::Absent, Some(_)) => return None,
                (_, None) => return None,
                (Cond::Present, Some((_, s, _))) => {
                    n += 1;
                    own += usize::from(s.is_own());
                    all_own &= s.is_own();
                }
                (Cond::AnyOf(vals) | Cond::AnyOfOrAbsent(vals), Some((v, s, _))) => {
                    if !vals.contains(&v) {
                        if soft(s) && matches!(cond, Cond::AnyOfOrAbsent(_)) {
                            continue;
                        }
                        return None;
                    }
                    n += 1;
                    own += usize::from(s.is_own());
                    all_own &= s.is_own();
                }
            }
        }
        Some((n, own, all_own))
    }
}
