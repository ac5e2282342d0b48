//! Selecting the rules worth running on a unit (extract stage), in one
//! multi-pattern pass: every alternative of every rule is reduced to a set of
//! literal words one of which any match must contain ("tiếp", "biên", "số
//! hóa"…); one Aho-Corasick automaton over all those words says, per unit,
//! which alternatives can match. Alternatives without such a word always run.
//!
//! Literals come from the pattern's syntax tree (case kept off), are
//! lower-cased, and are searched in the lower-cased unit, which is how the
//! case-insensitive rules see it.

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::{Context, Result};
use regex_syntax::hir::{Hir, HirKind};

/// Words too common to be worth gating on when a rarer one is required.
const COMMON: &[&str] = &[
    "hồ", "sơ", "số", "là", "đạt", "tỷ", "lệ", "và", "có", "trong", "đã", "được", "thủ", "tục",
    "hành", "chính", "tthc", "điểm", "của", "các", "người", "năm", "trên", "tổng", "với",
];

pub struct Gate {
    ac: AhoCorasick,
    /// For each literal of `ac`: the alternatives it selects.
    selects: Vec<Vec<usize>>,
    /// Alternatives with no required literal.
    always: Vec<usize>,
    count: usize,
}

impl Gate {
    /// A gate over the given patterns (their order is the alternative index).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<Gate> {
        let mut literals: Vec<String> = Vec::new();
        let mut selects: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        let mut count = 0;
        for (i, p) in patterns.into_iter().enumerate() {
            count += 1;
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(p)
                .with_context(|| format!("reading the literals of {p}"))?;
            match required(&hir) {
                Some(set) if !set.is_empty() => {
                    for lit in set {
                        match literals.iter().position(|l| *l == lit) {
                            Some(k) => selects[k].push(i),
                            None => {
                                literals.push(lit);
                                selects.push(vec![i]);
                            }
                        }
                    }
                }
                _ => always.push(i),
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .context("building the rule gate")?;
        Ok(Gate {
            ac,
            selects,
            always,
            count,
        })
    }

    /// Alternatives (indices) that may match `lower`, the lower-cased unit,
    /// sorted, in `out` (cleared first). `seen` is scratch space.
    pub fn select(&self, lower: &str, out: &mut Vec<usize>, seen: &mut Vec<bool>) {
        out.clear();
        seen.clear();
        seen.resize(self.count, false);
        for &a in &self.always {
            seen[a] = true;
        }
        for m in self.ac.find_overlapping_iter(lower) {
            for &a in &self.selects[m.pattern().as_usize()] {
                seen[a] = true;
            }
        }
        out.extend(seen.iter().enumerate().filter(|(_, s)| **s).map(|(i, _)| i));
    }

    /// How many alternatives run on every unit (no literal to gate on).
    pub fn ungated(&self) -> usize {
        self.always.len()
    }
}

fn weight(set: &[String]) -> f32 {
    set.iter()
        .map(|s| {
            let n = s.chars().count() as f32;
            if COMMON.contains(&s.as_str()) {
                n * 0.3
            } else {
                n
            }
        })
        .fold(f32::INFINITY, f32::min)
        - 0.01 * set.len() as f32
}

/// Literals one of which every match of `h` contains, or None.
fn required(h: &Hir) -> Option<Vec<String>> {
    match h.kind() {
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?.trim().to_lowercase();
            (!s.is_empty()).then(|| vec![s])
        }
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Concat(xs) => xs
            .iter()
            .filter_map(required)
            .max_by(|a, b| weight(a).total_cmp(&weight(b))),
        HirKind::Alternation(xs) => {
            let mut all = Vec::new();
            for x in xs {
                for s in required(x)? {
                    if !all.contains(&s) {
                        all.push(s);
                    }
                }
            }
            Some(all)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> Option<Vec<String>> {
        required(&regex_syntax::ParserBuilder::new().build().parse(p).unwrap())
    }

    #[test]
    fn required_words() {
        assert_eq!(
            req(r"tiếp\s+nhận\s+(?P<v>[0-9]+)\s+hồ\s+sơ"),
            Some(vec!["nhận".into()])
        );
        assert_eq!(req(r"[0-9]+\s*%"), Some(vec!["%".into()]));
        assert_eq!(req(r"(?:Biên|biên)\s+chế"), Some(vec!["biên".into()]));
        assert_eq!(
            req(r"(?:rút|trả)\s+[0-9]+"),
            Some(vec!["rút".into(), "trả".into()])
        );
        assert_eq!(req(r"(?:đã\s+)?[0-9]+"), None);
    }

    #[test]
    fn selects_by_words_and_always_runs_the_rest() {
        let g = Gate::new([r"tiếp\s+nhận\s+[0-9]+", r"[0-9]+", r"biên\s+chế"]).unwrap();
        let (mut out, mut seen) = (Vec::new(), Vec::new());
        g.select("đã tiếp nhận 5 hồ sơ", &mut out, &mut seen);
        assert_eq!(out, vec![0, 1]);
        g.select("tổng số biên chế: 5", &mut out, &mut seen);
        assert_eq!(out, vec![1, 2]);
        assert_eq!(g.ungated(), 1);
    }
}
