//! Selecting the rules worth running on a unit (extract stage), in one
//! multi-pattern pass: every alternative of every rule is reduced to a set of
//! literal words one of which any match must contain ("tiếp", "biên", "số
//! hóa"…); one Aho-Corasick automaton over all those words says, per unit,
//! which alternatives can match. Alternatives without such a word always run.
//!
//! Literals come from the pattern's syntax tree (case kept off), are
//! lower-cased, and are searched in the lower-cased unit, which is how the
//! case-insensitive rules see it.

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
    /// The literals as one Aho-Corasick DFA, walked by hand in
    /// [`Gate::select`].
    dfa: DFA,
    start: StateID,
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
        // A full DFA: a few hundred short words make a small one, and a
        // step costs one table look-up per byte. No prefilter: nearly every
        // unit has a hit within a few bytes.
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&literals)
            .context("building the rule gate")?;
        let start = dfa
            .start_state(Anchored::No)
            .context("building the rule gate")?;
        Ok(Gate {
            dfa,
            start,
            selects,
            needs,
            always,
            count,
        })
    }

    /// Alternatives (indices) that may match `lower`, the lower-cased unit
    /// (see [`lowercase`]), sorted, in `out` (cleared first).
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
        // in the match state reached there. The iterator of the crate does
        // the same walk but pays a call per match, and the common words
        // match every few bytes.
        let dfa = &self.dfa;
        let mut sid = self.start;
        for &b in lower {
            sid = dfa.next_state(Anchored::No, sid, b);
            if !dfa.is_special(sid) {
                continue;
            }
            if dfa.is_dead(sid) {
                break;
            }
            for i in 0..dfa.match_len(sid) {
                let k = dfa.match_pattern(sid, i).as_usize();
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
        out.retain(|&a| self.needs[a].iter().all(|set| set.iter().any(|&k| lits[k])));
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

/// `text` lower-cased char by char into `out` (replaced), as the gate reads
/// a unit, when every char keeps its UTF-8 length: then a unit's offsets
/// into `text` are its offsets into `out`, so a document is lower-cased
/// once instead of once per unit. False (and `out` only partly lower-cased)
/// when some char changes length or becomes several ("İ" → "i̇").
///
/// `out` stays bytes: the gate searches bytes, and re-validating it as
/// UTF-8 would cost as much as lower-casing it.
pub fn lowercase(text: &str, out: &mut Vec<u8>) -> bool {
    out.clear();
    out.extend_from_slice(text.as_bytes());
    // Bytes of a multi-byte char are all ≥ 0x80, so ASCII lower-casing the
    // whole buffer touches ASCII letters only (and vectorizes).
    out.make_ascii_lowercase();
    let mut i = 0;
    while let Some(k) = out[i..].iter().position(|b| !b.is_ascii()) {
        i += k;
        match out[i..] {
            // Latin-1 "À".."Þ" (not "×"): the lower case is 0x20 above.
            [0xC3, b, ..] => {
                if (0x80..=0x9E).contains(&b) && b != 0x97 {
                    out[i + 1] = b + 0x20;
                }
                i += 2;
            }
            // U+1EA0..U+1EFF, the Vietnamese letters with tone marks:
            // upper/lower pairs at even/odd code points, i.e. the low bit of
            // the last byte.
            [0xE1, 0xBA, b, ..] if b >= 0xA0 => {
                out[i + 2] = b | 1;
                i += 3;
            }
            [0xE1, 0xBB, b, ..] => {
                out[i + 2] = b | 1;
                i += 3;
            }
            _ => {
                let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                    return false;
                };
                let n = c.len_utf8();
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(l), None) if l.len_utf8() == n => {
                        if l != c {
                            l.encode_utf8(&mut out[i..i + n]);
                        }
                    }
                    _ => return false,
                }
                i += n;
            }
        }
    }
    true
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

    fn lower_by_chars(t: &str) -> String {
        t.chars().flat_map(char::to_lowercase).collect()
    }

    #[test]
    fn lowercase_keeps_offsets_of_vietnamese_text() {
        let t = "TIẾP NHẬN 327 HỒ SƠ; Đã giải quyết ĐÚNG HẠN: Ỳ Ỵ Ỷ Ỹ ỲỴ À Þ × ß Ă Ơ Ư Ĩ Ũ";
        let mut out = Vec::new();
        assert!(lowercase(t, &mut out));
        assert_eq!(std::str::from_utf8(&out).unwrap(), lower_by_chars(t));
        // A unit's offsets into the text are its offsets into the lower case.
        let s = t.find("HỒ SƠ").unwrap();
        assert_eq!(&out[s..s + "HỒ SƠ".len()], "hồ sơ".as_bytes());
    }

    #[test]
    fn lowercase_of_every_char_is_that_of_std_or_refused() {
        let mut out = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let t = format!("a{c}Z");
            let want = lower_by_chars(&t);
            if lowercase(&t, &mut out) {
                assert_eq!(out, want.as_bytes(), "{c:?}");
            } else {
                assert_ne!(want.len(), t.len(), "{c:?} refused but keeps its length");
            }
        }
        assert!(!lowercase("Ký hiệu İ", &mut out), "İ becomes two chars");
    }
}
