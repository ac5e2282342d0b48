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
//!
//! The automaton is one flat table of 16-bit entries over byte classes
//! ([`Table`]), walked by hand from two points of the unit at once (each
//! step waits on the last one's load; see [`Table::walk`]). Each match state
//! knows, as bitsets, the literals that end there and the alternatives
//! they select; a unit's candidates are the OR of those of the states it
//! reaches, kept if every literal set their pattern needs has a hit, in
//! order of the bits (so sorted).

use std::collections::HashMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use anyhow::{Context, Result};
use regex_syntax::hir::{Hir, HirKind};

/// Most first words for which a gate checks them with a SIMD search first
/// (Teddy, the prefilter of `aho_corasick`, handles up to 64 patterns).
const MAX_FIRST_WORDS: usize = 16;

/// Words too common to be worth gating on when a rarer one is required.
const COMMON: &[&str] = &[
    "hồ", "sơ", "số", "là", "đạt", "tỷ", "lệ", "và", "có", "trong", "đã", "được", "thủ", "tục",
    "hành", "chính", "tthc", "điểm", "của", "các", "người", "năm", "trên", "tổng", "với",
];

pub struct Gate {
    /// The literals' automaton, walked by hand in [`Gate::select`].
    table: Table,
    /// For each alternative `a`: literal sets that must all have a hit
    /// (each set is a disjunction of literals), as the bit tests
    /// `terms[terms_at[a]..terms_at[a + 1]]`.
    terms: Vec<Term>,
    terms_at: Vec<u32>,
    /// For each match state of the table, `row` words: the literals that
    /// end there (a bitset of `lit_words` words) and the alternatives they
    /// select (of `alt_words` words), then zeros.
    state_bits: Vec<u64>,
    row: usize,
    /// Alternatives with no required literal, as a bitset.
    always: Vec<u64>,
    ungated: usize,
    /// Words of a bitset of literals / of alternatives.
    lit_words: usize,
    alt_words: usize,
    literals: usize,
    /// For a gate of few literals and no ungated alternative (the one over
    /// the fixed-value rules, asked about every sentence without digits):
    /// the first words of the selecting literals, searched with a SIMD
    /// prefilter. A unit holding none of them selects nothing, without the
    /// byte-by-byte walk.
    first_words: Option<aho_corasick::AhoCorasick>,
    /// The gate as built, for the reference selection of the tests.
    #[cfg(test)]
    reference: Reference,
}

#[cfg(test)]
struct Reference {
    needs: Vec<Vec<u32>>,
    literals: Vec<String>,
    selects: Vec<Vec<usize>>,
    always: Vec<usize>,
}

impl Gate {
    /// A gate over the given patterns (their order is the alternative index).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<Gate> {
        let mut literals: Vec<String> = Vec::new();
        let mut selects: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        let mut needs = Vec::new();
        let mut count = 0usize;
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
        // A phrase's first word stands in the text as it is (the walk's
        // "runs of spaces are one space" only matters between words).
        let mut firsts: Vec<&str> = literals
            .iter()
            .zip(&selects)
            .filter(|(_, alts)| !alts.is_empty())
            .filter_map(|(l, _)| l.split(' ').next())
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        let first_words = if always.is_empty() && firsts.len() <= MAX_FIRST_WORDS {
            Some(aho_corasick::AhoCorasick::new(&firsts).context("building the rule gate")?)
        } else {
            None
        };
        let table = Table::new(&dfa).context("building the rule gate")?;
        let lit_words = literals.len().div_ceil(64);
        let alt_words = count.div_ceil(64);
        let bits = |alts: &[usize]| {
            let mut set = vec![0u64; alt_words];
            for &a in alts {
                set[a / 64] |= 1 << (a % 64);
            }
            set
        };
        let row = (lit_words + alt_words).next_power_of_two();
        let mut state_bits = Vec::new();
        for w in table.lits_at.windows(2) {
            let mut bits = vec![0u64; row];
            for &k in &table.lits[w[0] as usize..w[1] as usize] {
                let k = k as usize;
                bits[k / 64] |= 1 << (k % 64);
                for &a in &selects[k] {
                    bits[lit_words + a / 64] |= 1 << (a % 64);
                }
            }
            state_bits.extend(bits);
        }
        // The needs as bit tests, each set once, without those that the
        // literal selecting the alternative meets already.
        let (mut terms, mut terms_at) = (Vec::new(), vec![0]);
        let mut picked = vec![Vec::new(); count];
        for (k, alts) in selects.iter().enumerate() {
            for &a in alts {
                picked[a].push(k as u32);
            }
        }
        for (a, flat) in needs.iter().enumerate() {
            let mut sets: Vec<Vec<u32>> = Vec::new();
            let mut rest = flat.as_slice();
            while let Some((&n, tail)) = rest.split_first() {
                let (set, tail) = tail.split_at(n as usize);
                let mut set = set.to_vec();
                set.sort_unstable();
                set.dedup();
                rest = tail;
                let met = !picked[a].is_empty() && picked[a].iter().all(|k| set.contains(k));
                if !met && !sets.contains(&set) {
                    sets.push(set);
                }
            }
            for set in sets {
                let mut words: Vec<Term> = Vec::new();
                for &k in &set {
                    let word = k / 64;
                    match words.iter_mut().find(|t| t.word == word) {
                        Some(t) => t.mask |= 1 << (k % 64),
                        None => words.push(Term {
                            word,
                            last: false,
                            mask: 1 << (k % 64),
                        }),
                    }
                }
                if words.is_empty() {
                    // Nothing can meet an empty disjunction.
                    words.push(Term {
                        word: 0,
                        last: false,
                        mask: 0,
                    });
                }
                words.last_mut().expect("a term").last = true;
                terms.extend(words);
            }
            terms_at.push(u32::try_from(terms.len())?);
        }
        Ok(Gate {
            table,
            state_bits,
            row,
            terms,
            terms_at,
            always: bits(&always),
            ungated: always.len(),
            lit_words,
            alt_words,
            literals: literals.len(),
            first_words,
            #[cfg(test)]
            reference: Reference {
                needs,
                literals,
                selects,
                always,
            },
        })
    }

    /// Alternatives (indices) that may match `lower`, the gate's view of a
    /// unit ([`Views::gate`](crate::extract::lower::Views::gate)), sorted, in `out` (cleared first).
    pub fn select(&self, lower: &[u8], out: &mut Vec<usize>, scratch: &mut Scratch) {
        out.clear();
        if self
            .first_words
            .as_ref()
            .is_some_and(|f| !f.is_match(lower))
        {
            return;
        }
        let Scratch { track, ends, acc } = scratch;
        // The match states the text goes through (two walks side by side).
        let t = &self.table;
        if track.len() < lower.len() {
            track.resize(lower.len(), 0);
        }
        if ends.len() < 2 * lower.len() + 2 {
            ends.resize(2 * lower.len() + 2, 0);
        }
        let track = &mut track[..lower.len()];
        let n = t.walk::<2>(lower, track, ends);
        // The literals that occur, and the alternatives they name (OR-ed
        // per match state, duplicates and all: cheaper than skipping them).
        acc.clear();
        acc.resize(self.row, 0);
        let (ends, rows) = (&ends[..n], &self.state_bits[..]);
        match self.row {
            1 => gather::<1>(rows, ends, acc),
            2 => gather::<2>(rows, ends, acc),
            4 => gather::<4>(rows, ends, acc),
            8 => gather::<8>(rows, ends, acc),
            16 => gather::<16>(rows, ends, acc),
            32 => gather::<32>(rows, ends, acc),
            row => {
                for &s in ends {
                    let bits = &rows[s as usize * row..][..row];
                    for (a, &b) in acc.iter_mut().zip(bits) {
                        *a |= b;
                    }
                }
            }
        }
        let (hits, cands) = acc.split_at_mut(self.lit_words);
        let cands = &mut cands[..self.alt_words];
        for (c, &a) in cands.iter_mut().zip(&self.always) {
            *c |= a;
        }
        // …and those of them whose every required set has a hit, in order.
        for a in bits(cands) {
            let mut met = true;
            let mut any = false;
            for t in &self.terms[self.terms_at[a] as usize..self.terms_at[a + 1] as usize] {
                any |= hits[t.word as usize] & t.mask != 0;
                if t.last {
                    met &= any;
                    any = false;
                }
            }
            if met {
                out.push(a);
            }
        }
    }

    /// How many alternatives run on every unit (no literal to gate on).
    pub fn ungated(&self) -> usize {
        self.ungated
    }

    /// The gate's size, for profiling: literals, alternatives, states,
    /// byte classes and table bytes.
    pub fn describe(&self) -> String {
        let t = &self.table;
        format!(
            "{} literals, {} alternatives ({} ungated), {} states, {} classes (stride {}), table {} bytes",
            self.literals,
            self.terms_at.len() - 1,
            self.ungated,
            t.states,
            t.classes.iter().max().map_or(0, |&c| c as usize + 1),
            1usize << t.stride_log2,
            t.trans.len() * std::mem::size_of_val(&t.trans[0]),
        )
    }
}

/// `acc` |= the rows of `N` words of the match states `ends`, in
/// registers (OR-ing into memory would wait on the last store each time).
fn gather<const N: usize>(rows: &[u64], ends: &[u32], acc: &mut [u64]) {
    let mut a = [0u64; N];
    for &s in ends {
        let row = &rows[s as usize * N..][..N];
        for (a, &b) in a.iter_mut().zip(row) {
            *a |= b;
        }
    }
    acc[..N].copy_from_slice(&a);
}

/// The indices of the set bits of a bitset, in order.
fn bits(set: &[u64]) -> impl Iterator<Item = usize> + '_ {
    set.iter().enumerate().flat_map(|(w, &word)| {
        let mut x = word;
        std::iter::from_fn(move || {
            (x != 0).then(|| {
                let i = w * 64 + x.trailing_zeros() as usize;
                x &= x - 1;
                i
            })
        })
    })
}

/// One word of a disjunction of literals: a hit if `hits[word] & mask` is
/// not 0; `last` ends the disjunction.
struct Term {
    word: u32,
    last: bool,
    mask: u64,
}

/// Reusable buffers of [`Gate::select`], so that a unit allocates nothing.
#[derive(Default)]
pub struct Scratch {
    /// The walk's transition at each byte, and the match states among
    /// them.
    track: Vec<u32>,
    ends: Vec<u32>,
    /// Bitsets of the literals that occur and of the candidates.
    acc: Vec<u64>,
}

/// Marks a transition into a state where literals end (the table's
/// entries are 16 bits: a 2 MB table of 32-bit premultiplied ids missed the
/// caches at every other byte).
const MATCH: u32 = 1 << 15;

/// The Aho-Corasick DFA of the literals as one flat table over byte
/// classes, with "a run of spaces reads as one space" built in: a state is
/// an automaton state plus whether the last byte was a space (or a tab or a
/// line break), and a space after a space goes nowhere. One look-up per
/// byte, where the crate's DFA pays a class look-up, a bounds check and a
/// special-state test, and the run check would be a branch per byte.
struct Table {
    classes: [u8; 256],
    stride_log2: u32,
    /// `trans[state << stride_log2 | class]`: the next state, with
    /// [`MATCH`] set when literals end there.
    trans: Vec<u16>,
    start: u32,
    states: usize,
    /// The match states come first; for each of them `s`, the literal ids
    /// that end there are `lits[lits_at[s]..lits_at[s + 1]]`.
    lits_at: Vec<u32>,
    lits: Vec<u32>,
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
            rows.len() < MATCH as usize,
            "too many gate states ({}, at most {} fit the table's 16-bit entries)",
            rows.len(),
            MATCH - 1
        );
        // Match states first, so that their literals are looked up by
        // state id alone.
        let is_match = |id: usize| dfa.is_match(order[id].0);
        let mut rank: Vec<u32> = (0..u32::try_from(rows.len())?).collect();
        rank.sort_by_key(|&id| !is_match(id as usize));
        let mut new_id = vec![0u32; rows.len()];
        for (new, &old) in rank.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let mut trans = vec![0u16; rows.len() << stride_log2];
        for (state, row) in rows.iter().enumerate() {
            let at = (new_id[state] as usize) << stride_log2;
            for (class, &b) in reps.iter().enumerate() {
                let next = row[b] as usize;
                let flag = if is_match(next) { MATCH } else { 0 };
                trans[at | class] = (new_id[next] | flag) as u16;
            }
        }
        let (mut lits_at, mut lits) = (vec![0], Vec::new());
        for &old in rank.iter().take_while(|&&id| is_match(id as usize)) {
            let sid = order[old as usize].0;
            lits.extend((0..dfa.match_len(sid)).map(|i| dfa.match_pattern(sid, i).as_u32()));
            lits_at.push(u32::try_from(lits.len())?);
        }
        Ok(Table {
            classes,
            stride_log2,
            trans,
            start: new_id[0],
            states: rows.len(),
            lits_at,
            lits,
        })
    }

    /// The match states reached on `text` (from the start state), some
    /// perhaps more than once, in `ends[..n]`; returns `n`. `track` (as
    /// long as `text`) and `ends` (`2 * text.len() + K` long) are scratch.
    ///
    /// Each step waits for the last one's table load, so `K` walks go side
    /// by side over `K` pieces of the text, each from the start state.
    /// Then each piece from the second on is walked again from the exact
    /// state before it, only until the state reached is the one its own
    /// walk had there (`track`): a few bytes, since the automaton remembers
    /// only the end of the text; from there on that walk was right. Before
    /// that it may have missed literals, but never seen one that is not
    /// there: its state stands for a suffix of the exact state's string.
    /// Match states are noted without a branch (the common words match
    /// every few bytes, unpredictably).
    fn walk<const K: usize>(&self, text: &[u8], track: &mut [u32], ends: &mut [u32]) -> usize {
        let step = |s: u32, b: u8| {
            u32::from(
                self.trans[((s as usize) << self.stride_log2)
                    | usize::from(self.classes[usize::from(b)])],
            )
        };
        let piece = text.len() / K;
        let mut s = [self.start; K];
        // Walk `k` notes its match states in `ends` from `k * (piece + 1)`
        // on, the walks again from `text.len() + K` on.
        let mut n: [usize; K] = std::array::from_fn(|k| k * (piece + 1));
        for j in 0..piece {
            for k in 0..K {
                let x = step(s[k], text[k * piece + j]);
                s[k] = x & !MATCH;
                track[k * piece + j] = x;
                ends[n[k]] = s[k];
                n[k] += (x >> MATCH.trailing_zeros()) as usize;
            }
        }
        // The last piece takes the bytes left over.
        for i in K * piece..text.len() {
            let x = step(s[K - 1], text[i]);
            s[K - 1] = x & !MATCH;
            track[i] = x;
            ends[n[K - 1]] = s[K - 1];
            n[K - 1] += (x >> MATCH.trailing_zeros()) as usize;
        }
        let mut m = text.len() + K;
        // `exact`: the right state at the start of piece `k`.
        let mut exact = s[0];
        for (k, &own) in s.iter().enumerate().skip(1) {
            let end = if k == K - 1 {
                text.len()
            } else {
                (k + 1) * piece
            };
            let mut synced = false;
            for i in k * piece..end {
                let x = step(exact, text[i]);
                if x == track[i] {
                    synced = true;
                    break;
                }
                exact = x & !MATCH;
                ends[m] = exact;
                m += (x >> MATCH.trailing_zeros()) as usize;
            }
            if synced {
                exact = own;
            }
        }
        // All together at the front.
        let mut total = n[0];
        for (k, &end) in n.iter().enumerate().skip(1) {
            let from = k * (piece + 1);
            ends.copy_within(from..end, total);
            total += end - from;
        }
        ends.copy_within(text.len() + K..m, total);
        total + m - (text.len() + K)
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

    impl Gate {
        /// The selection as first written, with the crate's own search:
        /// every literal the overlapping search finds in the unit with its
        /// space runs read as one space, the alternatives they name, those
        /// whose every needed set has a hit; sorted.
        fn reference(&self) -> impl Fn(&[u8]) -> Vec<usize> + '_ {
            let r = &self.reference;
            let ac = aho_corasick::AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&r.literals)
                .unwrap();
            move |lower| {
                let mut text = Vec::new();
                for &b in lower {
                    let space = matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
                    if !(space && text.last() == Some(&b' ')) {
                        text.push(if space { b' ' } else { b });
                    }
                }
                let mut hit = vec![false; r.literals.len()];
                for m in ac.find_overlapping_iter(&text) {
                    hit[m.pattern().as_usize()] = true;
                }
                let mut out: Vec<usize> = r.always.clone();
                for (k, alts) in r.selects.iter().enumerate() {
                    if hit[k] {
                        out.extend(alts);
                    }
                }
                out.sort_unstable();
                out.dedup();
                out.retain(|&a| {
                    let mut rest = r.needs[a].as_slice();
                    while let Some((&n, tail)) = rest.split_first() {
                        let (set, tail) = tail.split_at(n as usize);
                        if !set.iter().any(|&k| hit[k as usize]) {
                            return false;
                        }
                        rest = tail;
                    }
                    true
                });
                out
            }
        }
    }

    /// Every unit of the seed corpus in the gate's view, and texts around
    /// every literal of `gate`: at every offset from the split of the two
    /// walks, with its spaces as runs, tabs and line breaks, next to other
    /// literals, upper case lowered, non-ASCII around.
    fn texts(gate: &Gate) -> Vec<Vec<u8>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        assert_eq!(paths.len(), 5, "the five seeds");
        let mut out = Vec::new();
        for p in &paths {
            let b = std::fs::read(p).unwrap();
            let ing = crate::ingest::ingest_bytes(p, &b, &crate::ingest::IngestOptions::default());
            let seg = crate::segment::segment(&ing.text, &ing.page_starts);
            for text in [&seg.match_text, seg.rule_text(&ing.text)] {
                let mut views = crate::extract::lower::Views::default();
                views.make(text);
                let doc = views.gate();
                for u in &seg.units {
                    if let Some(unit) = doc.get(u.start..u.end) {
                        out.push(unit.to_vec());
                    }
                }
                // The whole document as one unit, too.
                out.push(doc.to_vec());
            }
        }
        let lits = &gate.reference.literals;
        for (i, lit) in lits.iter().enumerate() {
            let other = &lits[(i * 7 + 3) % lits.len()];
            let spaced = [
                lit.clone(),
                lit.replace(' ', "  "),
                lit.replace(' ', "\t"),
                lit.replace(' ', " \n\r "),
                lit.to_uppercase(),
            ];
            for (j, l) in spaced.iter().enumerate() {
                for pad in 0..l.len() + 3 {
                    let before = "ơ a".repeat(pad / 3) + &" x".repeat(pad % 3);
                    let t = match j % 3 {
                        0 => format!("{before}{l}{before}"),
                        1 => format!("{other}{before}{l} 12 {other}"),
                        _ => format!("{before}\u{a0}{l}\u{3000}{before}{before}{before}"),
                    };
                    let mut views = crate::extract::lower::Views::default();
                    views.make(&t);
                    out.push(views.gate().to_vec());
                }
            }
        }
        for t in [
            "",
            " ",
            "  ",
            "a",
            "hồ",
            " hồ sơ ",
            "\t\n",
            "hồ  sơ\u{a0}số 3 %",
            "ĐÃ   GIẢI QUYẾT",
        ] {
            let mut views = crate::extract::lower::Views::default();
            views.make(t);
            out.push(views.gate().to_vec());
        }
        out
    }

    fn same_as_reference(gate: &Gate, texts: &[Vec<u8>]) {
        let reference = gate.reference();
        let (mut out, mut scratch) = (Vec::new(), Scratch::default());
        for t in texts {
            gate.select(t, &mut out, &mut scratch);
            assert_eq!(out, reference(t), "{:?}", String::from_utf8_lossy(t));
        }
    }

    #[test]
    fn selects_as_the_reference_on_the_corpus() {
        let rules = crate::extract::rules::tests::sample();
        for gate in [&rules.gate, &rules.fixed_gate] {
            let texts = texts(gate);
            same_as_reference(gate, &texts);
            // Some units select something beyond the ungated ones.
            let (mut out, mut scratch) = (Vec::new(), Scratch::default());
            assert!(texts.iter().any(|t| {
                gate.select(t, &mut out, &mut scratch);
                out.len() > gate.ungated()
            }));
        }
    }

    /// More literals and alternatives than the gate's bitsets hold in
    /// registers (the generic path), an ungated alternative and a needed
    /// set that can never be met.
    #[test]
    fn selects_as_the_reference_when_large() {
        let words: Vec<String> = (0..1500)
            .map(|i| format!("từ{i}x{}", ["a", "ơ", "đ"][i % 3]))
            .collect();
        let mut patterns: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| format!(r"{w}\s+(?:{}|bên)\s+[0-9]+", words[(i * 31) % words.len()]))
            .collect();
        patterns.push(r"[0-9]+".into());
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let gate = Gate::new(refs).unwrap();
        assert!(gate.row > 32, "the generic path");
        assert_eq!(gate.ungated(), 1);
        let mut texts = texts(&gate);
        for i in (0..words.len()).step_by(7) {
            let t = format!(
                "{} {}  {} bên 3, {}\t{} 5",
                words[i],
                words[(i * 31) % words.len()],
                words[(i + 1) % words.len()],
                words[(i * 13) % words.len()],
                words[(i * 13 * 31) % words.len()],
            );
            texts.push(t.into_bytes());
        }
        same_as_reference(&gate, &texts);
    }
}
