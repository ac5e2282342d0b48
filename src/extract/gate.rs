//! Selecting the rules worth running on a unit (extract stage), in one
//! multi-pattern pass: every alternative of every rule is reduced to a set of
//! literal words one of which any match must contain ("tiếp", "biên", "số
//! hóa"…); one Aho-Corasick automaton over all those words says, per unit,
//! which alternatives can match. Alternatives without such a word always run.
//!
//! Literals come from the pattern's syntax tree (case kept off), are
//! lower-cased, and are searched in the lower-cased unit, which is how the
//! case-insensitive rules see it. Words joined by `\s+` in a pattern are one
//! phrase ("đang giải quyết") and the unit is read with every run of spaces
//! as one space, so a rule is selected only where its words stand together.

use std::collections::HashMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use anyhow::{Context, Result};
use regex_syntax::hir::{Hir, HirKind};

/// Words too common to be worth gating on when a rarer one is required.
const COMMON: &[&str] = &[
    "hồ", "sơ", "số", "là", "đạt", "tỷ", "lệ", "và", "có", "trong", "đã", "được", "thủ", "tục",
    "hành", "chính", "tthc", "điểm", "của", "các", "người", "năm", "trên", "tổng", "với",
];

pub struct Gate {
    /// The literals' automaton, walked by hand in [`Gate::select`].
    table: Table,
    /// For each literal: the alternatives it selects.
    selects: Vec<Vec<usize>>,
    /// For each alternative: literal sets that must all have a hit (each
    /// set is a disjunction of literal ids), flat as `[n, ids…]` runs so
    /// that the check of a unit's candidates follows no pointers.
    needs: Vec<Vec<u32>>,
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
            let mut flat = Vec::new();
            for set in required_all(&hir) {
                flat.push(u32::try_from(set.len())?);
                for lit in set {
                    flat.push(u32::try_from(id_of(lit, &mut literals, &mut selects))?);
                }
            }
            needs.push(flat);
        }
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&literals)
            .context("building the rule gate")?;
        let table = Table::new(&dfa).context("building the rule gate")?;
        Ok(Gate {
            table,
            selects,
            needs,
            always,
            count,
        })
    }

    /// Alternatives (indices) that may match `lower`, the gate's view of a
    /// unit ([`Views::gate`](crate::extract::lower::Views::gate)), sorted, in `out` (cleared first).
    pub fn select(&self, lower: &[u8], out: &mut Vec<usize>, scratch: &mut Scratch) {
        out.clear();
        let Scratch { seen, hit_lits } = scratch;
        // `seen`: first the literals that occur, then the alternatives they
        // name; both are reset at the end so the next unit starts clean.
        let nlit = self.selects.len();
        if seen.len() != nlit + self.count {
            seen.clear();
            seen.resize(nlit + self.count, false);
        }
        hit_lits.clear();
        // The overlapping search by hand: every literal ending at a byte is
        // in the match state reached there. The iterator of the crate pays a
        // call per match, and the common words match every few bytes.
        let t = &self.table;
        let mut sid = t.start;
        for &b in lower {
            let next = t.trans[sid | usize::from(t.classes[usize::from(b)])];
            sid = (next & !MATCH) as usize;
            if next & MATCH == 0 {
                continue;
            }
            for &k in &t.matches[sid >> t.stride_log2] {
                let k = k as usize;
                if seen[k] {
                    continue;
                }
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
        out.retain(|&a| {
            let mut rest = self.needs[a].as_slice();
            while let Some((&n, tail)) = rest.split_first() {
                let (set, tail) = tail.split_at(n as usize);
                if !set.iter().any(|&k| lits[k as usize]) {
                    return false;
                }
                rest = tail;
            }
            true
        });
        out.sort_unstable();
        for &k in hit_lits.iter() {
            seen[k] = false;
        }
    }

    /// How many alternatives run on every unit (no literal to gate on).
    pub fn ungated(&self) -> usize {
        self.always.len()
    }
}

/// Reusable buffers of [`Gate::select`], so that a unit allocates nothing.
#[derive(Default)]
pub struct Scratch {
    seen: Vec<bool>,
    hit_lits: Vec<usize>,
}

/// Marks a transition into a state where literals end.
const MATCH: u32 = 1 << 31;

/// The Aho-Corasick DFA of the literals as one flat table over byte
/// classes, with "a run of spaces reads as one space" built in: a state is
/// an automaton state plus whether the last byte was a space (or a tab or a
/// line break), and a space after a space goes nowhere. One look-up per
/// byte, where the crate's DFA pays a class look-up, a bounds check and a
/// special-state test, and the run check would be a branch per byte.
struct Table {
    classes: [u8; 256],
    stride_log2: u32,
    /// `trans[state | class]`: the next state (premultiplied by the
    /// stride), with [`MATCH`] set when literals end there.
    trans: Vec<u32>,
    start: usize,
    /// Per state (unmultiplied): the literal ids that end there.
    matches: Vec<Vec<u32>>,
}

impl Table {
    fn new(dfa: &DFA) -> Result<Table> {
        let start = dfa.start_state(Anchored::No)?;
        let mut ids: HashMap<(StateID, bool), u32> = HashMap::new();
        let mut order = vec![(start, false)];
        ids.insert((start, false), 0);
        let mut rows: Vec<[u32; 256]> = Vec::new();
        let mut i = 0;
        while i < order.len() {
            let (sid, after_space) = order[i];
            let mut row = [0u32; 256];
            for (b, cell) in row.iter_mut().enumerate() {
                let b = b as u8;
                let next = if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
                    if after_space {
                        (sid, true)
                    } else {
                        (dfa.next_state(Anchored::No, sid, b' '), true)
                    }
                } else {
                    (dfa.next_state(Anchored::No, sid, b), false)
                };
                let fresh = u32::try_from(order.len())?;
                *cell = *ids.entry(next).or_insert_with(|| {
                    order.push(next);
                    fresh
                });
            }
            rows.push(row);
            i += 1;
        }
        // Bytes that move every state alike share a column.
        let mut classes = [0u8; 256];
        let mut columns: HashMap<Vec<u32>, u8> = HashMap::new();
        let mut reps: Vec<usize> = Vec::new();
        for (b, class) in classes.iter_mut().enumerate() {
            let column: Vec<u32> = rows.iter().map(|r| r[b]).collect();
            let n = u8::try_from(columns.len()).unwrap_or(u8::MAX);
            *class = *columns.entry(column).or_insert_with(|| {
                reps.push(b);
                n
            });
        }
        let stride_log2 = reps.len().next_power_of_two().trailing_zeros();
        anyhow::ensure!(
            (rows.len() << stride_log2) < MATCH as usize,
            "too many gate states"
        );
        let is_match = |id: u32| dfa.is_match(order[id as usize].0);
        let mut trans = vec![0u32; rows.len() << stride_log2];
        for (state, row) in rows.iter().enumerate() {
            for (class, &b) in reps.iter().enumerate() {
                let next = row[b];
                let flag = if is_match(next) { MATCH } else { 0 };
                trans[(state << stride_log2) | class] = (next << stride_log2) | flag;
            }
        }
        let matches = order
            .iter()
            .map(|&(sid, _)| {
                if !dfa.is_match(sid) {
                    return Vec::new();
                }
                (0..dfa.match_len(sid))
                    .map(|i| dfa.match_pattern(sid, i).as_u32())
                    .collect()
            })
            .collect();
        Ok(Table {
            classes,
            stride_log2,
            trans,
            start: 0,
            matches,
        })
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
            let s = words(std::str::from_utf8(&lit.0).ok()?);
            (!s.is_empty()).then(|| vec![s])
        }
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Concat(xs) => xs
            .iter()
            .filter_map(required)
            .chain(phrases(xs))
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
        HirKind::Concat(xs) => xs
            .iter()
            .flat_map(required_all)
            .chain(phrases(xs))
            .collect(),
        HirKind::Capture(c) => required_all(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required_all(&r.sub),
        _ => required(h).into_iter().collect(),
    }
}

/// Lower case, every space run as one space, trimmed: how the gate reads
/// a word or a phrase (and, run by run, the text).
fn words(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// Most phrases a pattern piece may stand for before it is not worth it.
const MAX_PHRASES: usize = 32;

/// The strings `h` can match, in the gate's reading, when they are few:
/// literals, `\s`/`\s+` (one space), look-arounds (nothing), and their
/// concatenations and alternations.
fn exact(h: &Hir) -> Option<Vec<String>> {
    match h.kind() {
        HirKind::Literal(lit) => Some(vec![std::str::from_utf8(&lit.0).ok()?.to_string()]),
        HirKind::Look(_) => Some(vec![String::new()]),
        HirKind::Capture(c) => exact(&c.sub),
        HirKind::Class(_) if is_space_class(h) => Some(vec![" ".into()]),
        HirKind::Repetition(r) if r.min >= 1 && r.max.is_none() && is_space_class(&r.sub) => {
            Some(vec![" ".into()])
        }
        HirKind::Repetition(r) if r.min == 1 && r.max == Some(1) => exact(&r.sub),
        HirKind::Concat(xs) => concat_exact(xs.iter()),
        HirKind::Alternation(xs) => {
            let mut all: Vec<String> = Vec::new();
            for x in xs {
                for s in exact(x)? {
                    if !all.contains(&s) {
                        all.push(s);
                    }
                }
            }
            (all.len() <= MAX_PHRASES).then_some(all)
        }
        _ => None,
    }
}

fn concat_exact<'a>(xs: impl Iterator<Item = &'a Hir>) -> Option<Vec<String>> {
    let mut acc = vec![String::new()];
    for x in xs {
        let next = exact(x)?;
        if acc.len() * next.len() > MAX_PHRASES {
            return None;
        }
        acc = acc
            .iter()
            .flat_map(|a| next.iter().map(move |n| format!("{a}{n}")))
            .collect();
    }
    Some(acc)
}

/// For each run of two or more adjacent pieces of a concatenation whose
/// strings are few ("đang", `\s+`, "giải", `\s+`, "quyết"), the phrases one
/// of which a match contains ("đang giải quyết"): the gate then asks for the
/// words side by side, not just somewhere in the unit.
fn phrases(xs: &[Hir]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < xs.len() {
        let mut j = i;
        while j < xs.len() && exact(&xs[j]).is_some() {
            j += 1;
        }
        if j - i >= 2 {
            if let Some(set) = concat_exact(xs[i..j].iter()) {
                let mut set: Vec<String> = set.iter().map(|p| words(p)).collect();
                set.sort();
                set.dedup();
                if !set.iter().any(String::is_empty) {
                    out.push(set);
                }
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// True for `\s`, the class of every Unicode space (what the walk folds).
fn is_space_class(h: &Hir) -> bool {
    static SPACE: std::sync::OnceLock<Hir> = std::sync::OnceLock::new();
    let space = SPACE.get_or_init(|| {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(r"\s")
            .expect("static pattern")
    });
    h == space
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
            Some(vec!["tiếp nhận".into()])
        );
        assert_eq!(req(r"[0-9]+\s*%"), Some(vec!["%".into()]));
        assert_eq!(req(r"(?:Biên|biên)\s+chế"), Some(vec!["biên chế".into()]));
        assert_eq!(
            req(r"(?:rút|trả)\s+[0-9]+"),
            Some(vec!["rút".into(), "trả".into()])
        );
        assert_eq!(req(r"(?:đã\s+)?[0-9]+"), None);
    }

    #[test]
    fn selects_by_words_and_always_runs_the_rest() {
        let g = Gate::new([r"tiếp\s+nhận\s+[0-9]+", r"[0-9]+", r"biên\s+chế"]).unwrap();
        let (mut out, mut seen) = (Vec::new(), Scratch::default());
        g.select("đã tiếp nhận 5 hồ sơ".as_bytes(), &mut out, &mut seen);
        assert_eq!(out, vec![0, 1]);
        g.select("tổng số biên chế: 5".as_bytes(), &mut out, &mut seen);
        assert_eq!(out, vec![1, 2]);
        // Every required word must be there, not just the best one.
        g.select("đã nhận 5 hồ sơ".as_bytes(), &mut out, &mut seen);
        assert_eq!(out, vec![1]);
        assert_eq!(g.ungated(), 1);
    }

    #[test]
    fn adjacent_words_are_one_phrase() {
        assert_eq!(
            req(r"(?:đang|chưa)\s+(?:giải\s+quyết|xử\s+lý)(?:\s+xong)?\s*(?P<v>[0-9]+)"),
            Some(vec![
                "chưa giải quyết".into(),
                "chưa xử lý".into(),
                "đang giải quyết".into(),
                "đang xử lý".into()
            ])
        );
        // An optional word or `\s*` breaks the phrase.
        assert_eq!(
            req(r"đã\s+(?:được\s+)?giải\s+quyết\s*[0-9]"),
            Some(vec!["giải quyết".into()])
        );
        assert_eq!(req(r"số\s*hóa\s+[0-9]"), Some(vec!["hóa".into()]));
    }

    #[test]
    fn phrases_match_across_any_spaces() {
        let g = Gate::new([r"đang\s+giải\s+quyết\s+[0-9]+", r"tổng\s+số\s+[0-9]+"]).unwrap();
        let (mut out, mut seen) = (Vec::new(), Scratch::default());
        let mut views = crate::extract::lower::Views::default();
        for (t, want) in [
            ("ĐANG  GIẢI\tQUYẾT 3", vec![0]),
            ("đang\u{a0}giải \n quyết 3; tổng số 5", vec![0, 1]),
            ("đang xét giải quyết 3", vec![]),
        ] {
            views.make(t);
            g.select(views.gate(), &mut out, &mut seen);
            assert_eq!(out, want, "{t:?}");
        }
    }
}
