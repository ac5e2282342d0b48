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
    /// For each alternative: literal sets that must all have a hit (each
    /// set is a disjunction of literal ids).
    needs: Vec<Vec<Vec<usize>>>,
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
        let mut needs = Vec::new();
        let mut count = 0;
        let id_of =
            |lit: String, literals: &mut Vec<String>, selects: &mut Vec<Vec<usize>>| match literals
                .iter()
                .position(|l| *l == lit)
            {
                Some(k) => k,
                None => {
                    literals.push(lit);
                    selects.push(Vec::new());
                    literals.len() - 1
                }
            };
        for (i, p) in patterns.into_iter().enumerate() {
            count += 1;
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(p)
                .with_context(|| format!("reading the literals of {p}"))?;
            match required(&hir) {
                Some(set) if !set.is_empty() => {
                    for lit in set {
                        let k = id_of(lit, &mut literals, &mut selects);
                        selects[k].push(i);
                    }
                }
                _ => always.push(i),
            }
            let conj: Vec<Vec<usize>> = required_all(&hir)
                .into_iter()
                .map(|set| {
                    set.into_iter()
                        .map(|lit| id_of(lit, &mut literals, &mut selects))
                        .collect()
                })
                .collect();
            needs.push(conj);
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .context("building the rule gate")?;
        Ok(Gate {
            ac,
            selects,
            needs,
            always,
            count,
        })
    }

    /// Alternatives (indices) that may match `lower`, the lower-cased unit,
    /// sorted, in `out` (cleared first). `seen` is scratch space.
    pub fn select(&self, lower: &str, out: &mut Vec<usize>, seen: &mut Vec<bool>) {
        out.clear();
        // `seen`: first the literals that occur, then the alternatives they
        // name; both are reset at the end so the next unit starts clean.
        let nlit = self.selects.len();
        if seen.len() != nlit + self.count {
            seen.clear();
            seen.resize(nlit + self.count, false);
        }
        let mut hit_lits: Vec<usize> = Vec::new();
        for m in self.ac.find_overlapping_iter(lower) {
            let k = m.pattern().as_usize();
            if !seen[k] {
                seen[k] = true;
                hit_lits.push(k);
                for &a in &self.selects[k] {
                    if !seen[nlit + a] {
                        seen[nlit + a] = true;
                        out.push(a);
                    }
                }
            }
        }
        for &a in &self.always {
            if !seen[nlit + a] {
                seen[nlit + a] = true;
                out.push(a);
            }
        }
        for &a in out.iter() {
            seen[nlit + a] = false;
        }
        let lits = &seen[..nlit];
        out.retain(|&a| self.needs[a].iter().all(|set| set.iter().any(|&k| lits[k])));
        out.sort_unstable();
        for k in hit_lits {
            seen[k] = false;
        }
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

/// Every literal set `h` requires (a conjunction of disjunctions): "tiếp
/// nhận … hồ sơ" needs "tiếp" and "nhận" and "hồ" and "sơ".
fn required_all(h: &Hir) -> Vec<Vec<String>> {
    match h.kind() {
        HirKind::Concat(xs) => xs.iter().flat_map(required_all).collect(),
        HirKind::Capture(c) => required_all(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required_all(&r.sub),
        _ => required(h).into_iter().collect(),
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
        // Every required word must be there, not just the best one.
        g.select("đã nhận 5 hồ sơ", &mut out, &mut seen);
        assert_eq!(out, vec![1]);
        assert_eq!(g.ungated(), 1);
    }
}
