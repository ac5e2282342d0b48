//! Extract stage, validator's raw material: **stated shares** — a percentage
//! written with the numbers it should be computed from ("3945/3954 hồ sơ,
//! đạt 99,8 %", "84,86% (1.850.687đ/2.180.911.975đ)", "276 hồ sơ, đạt tỷ lệ
//! 85,44%"). The patterns are data (`patterns/shares.toml`); this module only
//! finds them, reads the operands and links them to figures. Whether the
//! arithmetic holds is the validator's business.

use std::sync::OnceLock;

use anyhow::{Context, Result};
use regex::Regex;
use serde::Deserialize;

use crate::extract::{Operand, ScoreFraction, ShareForm, StatedShare};
use crate::model::Figure;
use crate::numbers::parse_number;
use crate::segment::{bounds, Segmented};

pub const SOURCE: &str = include_str!("../../patterns/shares.toml");

/// One number as written: "3.954", "99,8", "1.850.687".
const NUM: &str = r"\d(?:[\d.,]*\d)?";
/// Units that may follow an operand.
const UNITS: &str = r"(?:đồng|đ|điểm|hồ\s+sơ|TTHC|thủ\s+tục|phiếu|người|tài\s+khoản|văn\s+bản|nhiệm\s+vụ|hộ|doanh\s+nghiệp|kết\s+quả|lượt|trường\s+hợp)";

fn num_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(NUM).expect("valid number regex"))
}

#[derive(Debug, Deserialize)]
pub struct SharesFile {
    #[serde(rename = "share")]
    pub shares: Vec<ShareDef>,
    pub deducted: AuxDef,
    pub whole: AuxDef,
    pub rank: AuxDef,
    pub rank_change: AuxDef,
    pub gap: AuxDef,
    pub score: AuxDef,
}

#[derive(Debug, Deserialize)]
pub struct ShareDef {
    pub id: String,
    pub form: String,
    pub pattern: String,
    #[serde(default)]
    pub examples: Vec<ShareExample>,
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct ShareExample {
    pub text: String,
    pub part: f64,
    pub whole: Option<f64>,
    pub pct: f64,
}

#[derive(Debug, Deserialize)]
pub struct AuxDef {
    pub pattern: String,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

/// The share patterns, each checked when the file is read and compiled on
/// first use.
pub struct SharePatterns {
    pub file: SharesFile,
    shares: Vec<(ShareForm, LazyRegex)>,
    deducted: LazyRegex,
    whole: LazyRegex,
    pub(crate) rank: LazyRegex,
    pub(crate) rank_change: LazyRegex,
    gap: LazyRegex,
    score: LazyRegex,
}

/// A regex whose syntax is checked up front and which is compiled the first
/// time it is used (as a `Regex`, through `Deref`): the share patterns' large
/// Unicode classes make most of their cost, and a document that cannot hold
/// a match of one ([`LazyRegex::may_match`]) never pays for it.
pub(crate) struct LazyRegex {
    src: String,
    /// Characters that every match holds ('%', '/'): a text without one of
    /// them has no match.
    needs: Vec<char>,
    re: OnceLock<Regex>,
}

impl LazyRegex {
    /// Checks the syntax as `Regex::new` does, with the same message.
    fn new(src: String) -> Result<LazyRegex> {
        let hir = regex_syntax::Parser::new()
            .parse(&src)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let needs = ['%', '/']
            .into_iter()
            .filter(|&c| requires(&hir, c))
            .collect();
        Ok(LazyRegex {
            src,
            needs,
            re: OnceLock::new(),
        })
    }

    /// The pattern, without compiling it.
    pub(crate) fn as_str(&self) -> &str {
        &self.src
    }

    /// False when `hay` cannot hold a match (it lacks a character that every
    /// match holds); then the regex need not be compiled for it.
    pub(crate) fn may_match(&self, hay: &str) -> bool {
        self.needs.iter().all(|&c| hay.contains(c))
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.re.get_or_init(|| {
            Regex::new(&self.src).expect("checked when patterns/shares.toml was read")
        })
    }
}

/// Whether every match of `h` holds the character `c` (a case-less ASCII
/// character: case-insensitivity leaves it a literal). Classes, looks and
/// optional parts never count, so false may mean "not known".
fn requires(h: &regex_syntax::hir::Hir, c: char) -> bool {
    use regex_syntax::hir::HirKind;
    match h.kind() {
        HirKind::Literal(l) => l.0.contains(&(c as u8)),
        HirKind::Capture(cap) => requires(&cap.sub, c),
        HirKind::Repetition(r) => r.min >= 1 && requires(&r.sub, c),
        HirKind::Concat(xs) => xs.iter().any(|x| requires(x, c)),
        HirKind::Alternation(xs) => xs.iter().all(|x| requires(x, c)),
        HirKind::Empty | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

fn expand(p: &str) -> String {
    p.replace("{NUM}", NUM)
        .replace("{UR}", &format!(r"\s*{UNITS}"))
        .replace("{U}", &format!(r"(?:\s*{UNITS})?"))
}

impl SharePatterns {
    pub fn parse(src: &str) -> Result<SharePatterns> {
        let file: SharesFile = toml::from_str(src).context("patterns/shares.toml")?;
        let mut shares = Vec::new();
        for d in &file.shares {
            let form = match d.form.as_str() {
                "fraction" => ShareForm::Fraction,
                "part_of_whole" => ShareForm::PartOfWhole,
                other => {
                    anyhow::bail!("patterns/shares.toml: share {}: unknown form {other}", d.id)
                }
            };
            let re = LazyRegex::new(expand(&d.pattern))
                .with_context(|| format!("patterns/shares.toml: share {}", d.id))?;
            shares.push((form, re));
        }
        let deducted = LazyRegex::new(expand(&file.deducted.pattern)).context("[deducted]")?;
        let whole = LazyRegex::new(expand(&file.whole.pattern)).context("[whole]")?;
        let rank = LazyRegex::new(expand(&file.rank.pattern)).context("[rank]")?;
        let rank_change =
            LazyRegex::new(expand(&file.rank_change.pattern)).context("[rank_change]")?;
        let gap = LazyRegex::new(expand(&file.gap.pattern)).context("[gap]")?;
        let score = LazyRegex::new(expand(&file.score.pattern)).context("[score]")?;
        Ok(SharePatterns {
            file,
            shares,
            deducted,
            whole,
            rank,
            rank_change,
            gap,
            score,
        })
    }

    /// The patterns compiled into the binary.
    pub fn builtin() -> &'static SharePatterns {
        static P: OnceLock<SharePatterns> = OnceLock::new();
        P.get_or_init(|| SharePatterns::parse(SOURCE).expect("patterns/shares.toml is valid"))
    }

    /// Every example must be found with its values and no counterexample
    /// may yield a share; returns one line per failure.
    pub fn self_test(&self) -> Vec<String> {
        let mut fails = Vec::new();
        for (d, (_, re)) in self.file.shares.iter().zip(&self.shares) {
            for ex in &d.examples {
                let found = find_with(self, ex.text.as_str(), &[], Some(re));
                let ok = found.iter().any(|s| {
                    close(s.part.value, ex.part)
                        && close(s.percent.value, ex.pct)
                        && match (ex.whole, &s.whole) {
                            (Some(w), Some(o)) => close(o.value, w),
                            (None, None) => true,
                            _ => false,
                        }
                });
                if !ok {
                    fails.push(format!("share {}: example not read: {:?}", d.id, ex.text));
                }
            }
            for ce in &d.counterexamples {
                if !find_with(self, ce, &[], Some(re)).is_empty() {
                    fails.push(format!("share {}: counterexample matched: {ce:?}", d.id));
                }
            }
        }
        for (name, aux, re) in [
            ("deducted", &self.file.deducted, &self.deducted),
            ("whole", &self.file.whole, &self.whole),
            ("rank", &self.file.rank, &self.rank),
            ("rank_change", &self.file.rank_change, &self.rank_change),
            ("gap", &self.file.gap, &self.gap),
            ("score", &self.file.score, &self.score),
        ] {
            for ex in &aux.examples {
                if !re.is_match(ex) {
                    fails.push(format!("[{name}]: example not matched: {ex:?}"));
                }
            }
            for ce in &aux.counterexamples {
                if re.is_match(ce) {
                    fails.push(format!("[{name}]: counterexample matched: {ce:?}"));
                }
            }
        }
        fails
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

/// Read an operand as written. A '.' followed by one or two digits cannot be
/// a thousands group, so it is read as a decimal point (the format check
/// reports the disagreement with the document's ',' separately).
pub fn read_number(raw: &str) -> Option<(f64, u32)> {
    if let Ok(n) = parse_number(raw) {
        return Some((n.value, n.decimals));
    }
    let (i, f) = raw.split_once('.')?;
    if !i.is_empty()
        && i.len() <= 3
        && (1..=2).contains(&f.len())
        && i.bytes().chain(f.bytes()).all(|b| b.is_ascii_digit())
    {
        let v: f64 = format!("{i}.{f}").parse().ok()?;
        return Some((v, f.len() as u32));
    }
    None
}

/// Find the stated shares of a document and link their operands to figures.
pub fn find_shares(text: &str, seg: &Segmented, figures: &[Figure]) -> Vec<StatedShare> {
    let hay = seg.rule_text(text);
    let mut out = find_with(SharePatterns::builtin(), hay, figures, None);
    // Raw text and spans must come from the source text, not the folded one.
    for s in &mut out {
        for op in std::iter::once(&mut s.part)
            .chain(s.whole.as_mut())
            .chain(std::iter::once(&mut s.percent))
            .chain(s.deducted.as_mut())
            .chain(s.context_wholes.iter_mut())
        {
            op.raw = text[op.span.start..op.span.end].to_string();
            op.span = seg.span(op.span.start, op.span.end);
        }
    }
    out
}

/// The figures of a document by where their values are, built once so that
/// linking an operand to its figure costs a binary search, not a pass over
/// every figure (which made long documents quadratic).
pub(crate) struct FigureIndex<'a> {
    figures: &'a [Figure],
    /// (value start, position in `figures`), sorted.
    by_start: Vec<(usize, usize)>,
    /// The longest value span, to bound the search for one that contains.
    longest: usize,
    by_id: std::collections::HashMap<&'a str, usize>,
}

impl<'a> FigureIndex<'a> {
    pub(crate) fn new(figures: &'a [Figure]) -> FigureIndex<'a> {
        let mut by_start: Vec<(usize, usize)> = figures
            .iter()
            .enumerate()
            .map(|(i, f)| (f.value_span.start, i))
            .collect();
        by_start.sort_unstable();
        let longest = figures
            .iter()
            .map(|f| f.value_span.end.saturating_sub(f.value_span.start))
            .max()
            .unwrap_or(0);
        let by_id = figures
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), i))
            .collect();
        FigureIndex {
            figures,
            by_start,
            longest,
            by_id,
        }
    }

    /// The first figure (in figure order) whose value is exactly
    /// `start..end`, else the first whose value contains it.
    fn at(&self, start: usize, end: usize) -> Option<&'a Figure> {
        let upto = self.by_start.partition_point(|&(s, _)| s <= start);
        let from = self
            .by_start
            .partition_point(|&(s, _)| s < start.saturating_sub(self.longest));
        let near = &self.by_start[from..upto];
        let exact = near
            .iter()
            .filter(|&&(s, i)| s == start && self.figures[i].value_span.end == end)
            .map(|&(_, i)| i)
            .min();
        let containing = || {
            near.iter()
                .filter(|&&(_, i)| end <= self.figures[i].value_span.end)
                .map(|&(_, i)| i)
                .min()
        };
        exact.or_else(containing).map(|i| &self.figures[i])
    }

    fn by_id(&self, id: &str) -> Option<&'a Figure> {
        self.by_id.get(id).map(|&i| &self.figures[i])
    }
}

pub(crate) fn operand(m: regex::Match<'_>, figures: &FigureIndex) -> Option<Operand> {
    let (value, decimals) = read_number(m.as_str())?;
    let figure = figures.at(m.start(), m.end()).map(|f| f.id.clone());
    Some(Operand {
        value,
        decimals,
        raw: m.as_str().to_string(),
        span: crate::model::Span {
            start: m.start(),
            end: m.end(),
            line: 0,
            page: 0,
        },
        figure,
    })
}

/// True when the number at `start..end` is glued to other digits, a date or
/// a rank, so that it is not an operand ("ngày 15/02/2023", "thứ 10/21").
fn embedded(hay: &str, start: usize) -> bool {
    let before = &hay[bounds::window_start(hay, start)..start];
    if before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '/')
    {
        return true;
    }
    let word = before
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        word.as_str(),
        "thứ" | "bậc" | "hạng" | "ngày" | "tháng" | "số" | "năm" | "khoản" | "điều" | "mục"
    )
}

/// Text after a part_of_whole percentage must end the clause: "đạt 100% hồ sơ
/// giải quyết đúng hạn" states a rate of something else.
fn clause_ends(after: &str) -> bool {
    let t = after.trim_start_matches([' ', '\t']);
    // Only the words right after are lower-cased (not the rest of the text).
    let head = &t[..bounds::floor_char(t, 16)];
    t.is_empty()
        || t.starts_with([',', ';', '.', ')', ':', '\n', '\r', '('])
        || head.to_lowercase().starts_with("so với")
}

fn find_with(
    pats: &SharePatterns,
    hay: &str,
    figures: &[Figure],
    only: Option<&LazyRegex>,
) -> Vec<StatedShare> {
    let figures = &FigureIndex::new(figures);
    let mut out: Vec<StatedShare> = Vec::new();
    // Percentages and parts already read, so a later pattern skips them.
    let mut taken = std::collections::HashSet::new();
    for (form, re) in &pats.shares {
        if let Some(o) = only {
            if o.as_str() != re.as_str() {
                continue;
            }
        }
        if !re.may_match(hay) {
            continue;
        }
        for caps in re.captures_iter(hay) {
            let (Some(pm), Some(qm)) = (caps.name("part"), caps.name("pct")) else {
                continue;
            };
            if embedded(hay, pm.start()) {
                continue;
            }
            let wm = caps.name("whole");
            if let Some(w) = wm {
                let after = &hay[w.end()..];
                if after.trim_start().starts_with('/') {
                    continue;
                }
                // "a/b …, trong đó … đạt p%": p is about something else.
                if w.end() < qm.start() && pats.gap.is_match(&hay[w.end()..qm.start()]) {
                    continue;
                }
            }
            if *form == ShareForm::PartOfWhole && !clause_ends(&hay[caps.get(0).unwrap().end()..]) {
                continue;
            }
            // A percentage already read with its fraction is not read again.
            if taken.contains(&(0, qm.start())) || taken.contains(&(1, pm.start())) {
                continue;
            }
            let Some(part) = operand(pm, figures) else {
                continue;
            };
            let Some(percent) = operand(qm, figures) else {
                continue;
            };
            let whole = match wm {
                Some(w) => match operand(w, figures) {
                    Some(o) => Some(o),
                    None => continue,
                },
                None => stated_whole(pats, hay, pm.start(), pm.end(), figures),
            };
            let m0 = caps.get(0).unwrap();
            let scored = hay[m0.start()..m0.end()].contains("điểm");
            let form = if scored && *form == ShareForm::Fraction {
                ShareForm::Score
            } else {
                *form
            };
            let deducted = if form == ShareForm::Score {
                deducted_after(pats, hay, m0.start(), figures)
            } else {
                None
            };
            let context_wholes = if wm.is_none() {
                same_unit_before(hay, pm.start(), pm.end(), figures)
            } else {
                Vec::new()
            };
            let indicator = percent
                .figure
                .as_ref()
                .and_then(|id| figures.by_id(id))
                .map(|f| f.indicator.clone());
            taken.insert((0, percent.span.start));
            taken.insert((1, part.span.start));
            out.push(StatedShare {
                form,
                part,
                whole,
                percent,
                indicator,
                deducted,
                context_wholes,
            });
        }
    }
    out.sort_by_key(|s| s.part.span.start);
    out
}

/// Well-formed readings of a malformed number: one digit dropped from a
/// group that is too long ("1.8835.779.000" → "1.835.779.000", …).
fn regroupings(raw: &str) -> Vec<(String, f64)> {
    let groups: Vec<&str> = raw.split('.').collect();
    let mut out: Vec<(String, f64)> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let too_long = if i == 0 { g.len() > 3 } else { g.len() == 4 };
        if !too_long {
            continue;
        }
        for k in 0..g.len() {
            let mut h = g.to_string();
            h.remove(k);
            let mut v = groups.clone();
            v[i] = &h;
            let cand = v.join(".");
            if let Ok(n) = parse_number(&cand) {
                if !out.iter().any(|(c, _)| *c == cand) {
                    out.push((cand, n.value));
                }
            }
        }
    }
    out
}

/// For a malformed number that is an operand of a stated share ("52,73%
/// (1.8835.779.000đ/3.481.646.730đ)"), the one regrouping that makes the
/// share hold, as a note; nothing when none or several would.
pub fn explain_malformed(text: &str, issues: &mut [crate::extract::NumberIssue]) {
    let pats = SharePatterns::builtin();
    for issue in issues
        .iter_mut()
        .filter(|i| i.kind == crate::extract::NumberIssueKind::MalformedGrouping)
    {
        let line_start = bounds::line_start(text, issue.span.start);
        let line_end = bounds::line_end(text, issue.span.end);
        let line = &text[line_start..line_end];
        let mut fits: Vec<(String, String)> = Vec::new();
        for (_, re) in pats.shares.iter().filter(|(_, re)| re.may_match(line)) {
            for caps in re.captures_iter(line) {
                let (Some(pm), Some(wm), Some(qm)) =
                    (caps.name("part"), caps.name("whole"), caps.name("pct"))
                else {
                    continue;
                };
                let Some((pct, d)) = read_number(qm.as_str()) else {
                    continue;
                };
                let at = issue.span.start - line_start;
                let (bad_is_part, other) = if pm.start() == at {
                    (true, wm.as_str())
                } else if wm.start() == at {
                    (false, pm.as_str())
                } else {
                    continue;
                };
                let Some((other, _)) = read_number(other) else {
                    continue;
                };
                for (cand, v) in regroupings(&issue.raw) {
                    let (a, b) = if bad_is_part { (v, other) } else { (other, v) };
                    if b != 0.0
                        && (100.0 * a / b - pct).abs() <= 0.5 * 10f64.powi(-(d as i32)) + 1e-9
                        && !fits.iter().any(|(c, _)| *c == cand)
                    {
                        fits.push((cand, qm.as_str().to_string()));
                    }
                }
            }
        }
        if let [(only, pct)] = fits.as_slice() {
            let elsewhere = text.contains(only.as_str());
            issue.reading = Some(format!(
                "read as {only}, the share it belongs to gives {pct}% as stated{}",
                if elsewhere {
                    format!("; {only} is also written elsewhere in the text")
                } else {
                    String::new()
                }
            ));
        }
    }
}

/// Every score out of a maximum ("86,34/100 điểm"), in text order.
pub fn find_scores(text: &str, seg: &Segmented, figures: &[Figure]) -> Vec<ScoreFraction> {
    let figures = &FigureIndex::new(figures);
    let pats = SharePatterns::builtin();
    let mut out = Vec::new();
    if !pats.score.may_match(text) {
        return out;
    }
    for caps in pats.score.captures_iter(text) {
        let (Some(pm), Some(wm)) = (caps.name("part"), caps.name("whole")) else {
            continue;
        };
        if embedded(text, pm.start()) {
            continue;
        }
        let (Some(mut score), Some(mut max)) = (operand(pm, figures), operand(wm, figures)) else {
            continue;
        };
        score.span = seg.span(score.span.start, score.span.end);
        max.span = seg.span(max.span.start, max.span.end);
        out.push(ScoreFraction { score, max });
    }
    out
}

/// The end of the sentence that contains `from` (a '.' before a space or a
/// line end, or the line end).
fn sentence_end(hay: &str, from: usize) -> usize {
    bounds::sentence_end(hay, from)
}

pub(crate) fn sentence_start(hay: &str, to: usize) -> usize {
    bounds::sentence_start(hay, to)
}

fn deducted_after(
    pats: &SharePatterns,
    hay: &str,
    from: usize,
    figures: &FigureIndex,
) -> Option<Operand> {
    let end = sentence_end(hay, from);
    let caps = pats.deducted.captures(&hay[from..end])?;
    let v = caps.name("value")?;
    // Re-anchor the match in the whole text for a correct span.
    let m = num_re()
        .find_at(hay, from + v.start())
        .filter(|m| m.start() == from + v.start())?;
    operand(m, figures)
}

/// The first word of the unit after a number ("hồ sơ" → "hồ").
fn unit_word(hay: &str, end: usize) -> String {
    hay[end..bounds::window_end(hay, end)]
        .trim_start()
        .split(|c: char| c.is_whitespace() || ",;()".contains(c))
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// Numbers earlier in the sentence followed by the same unit as the part.
fn same_unit_before(
    hay: &str,
    part_start: usize,
    part_end: usize,
    figures: &FigureIndex,
) -> Vec<Operand> {
    let unit = unit_word(hay, part_end);
    if unit.is_empty() {
        return Vec::new();
    }
    let start = sentence_start(hay, part_start);
    // Numbers from the sentence start to the part, searched from the start
    // only (not from the top of the document).
    let mut found = Vec::new();
    let mut at = start;
    while let Some(m) = num_re().find_at(hay, at) {
        if m.start() >= part_start {
            break;
        }
        at = m.end().max(at + 1);
        if m.start() < start {
            continue;
        }
        found.push(m);
    }
    found
        .into_iter()
        .filter(|m| !embedded(hay, m.start()) && unit_word(hay, m.end()) == unit)
        .filter_map(|m| operand(m, figures))
        .collect()
}

/// "Tổng số hồ sơ tiếp nhận 316, …, 276 hồ sơ, đạt tỷ lệ 85,44%": the total
/// stated earlier in the same sentence, about the same kind of thing.
fn stated_whole(
    pats: &SharePatterns,
    hay: &str,
    part_start: usize,
    part_end: usize,
    figures: &FigureIndex,
) -> Option<Operand> {
    let start = sentence_start(hay, part_start);
    let unit_after = hay[part_end..bounds::window_end(hay, part_end)]
        .trim_start()
        .split([',', ';', '(', ')'])
        .next()
        .unwrap_or("")
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut best = None;
    for caps in pats.whole.captures_iter(&hay[start..part_start]) {
        let (Some(v), Some(label)) = (caps.name("value"), caps.name("label")) else {
            continue;
        };
        let label = label.as_str().to_lowercase();
        let unit_word = unit_after.split_whitespace().next().unwrap_or("");
        if !unit_word.is_empty() && !label.contains(unit_word) {
            continue;
        }
        let abs = start + v.start();
        let m = num_re().find_at(hay, abs).filter(|m| m.start() == abs)?;
        if embedded(hay, m.start()) {
            continue;
        }
        best = operand(m, figures);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_is_needed_only_when_every_match_holds_it() {
        let needs = |p: &str| LazyRegex::new(p.to_string()).unwrap().needs;
        assert_eq!(needs(r"(?i)(?P<a>\d+)\s*/\s*(\d+)\s*%"), vec!['%', '/']);
        assert_eq!(needs(r"\d+(?:%|/)"), Vec::<char>::new());
        assert_eq!(needs(r"\d+%?"), Vec::<char>::new());
        assert_eq!(needs(r"(?:a%|b%)+"), vec!['%']);
        // Every share form states a percentage: a text without '%' skips them.
        for (_, re) in &SharePatterns::builtin().shares {
            assert!(re.needs.contains(&'%'), "{}", re.as_str());
        }
    }

    fn shares(t: &str) -> Vec<StatedShare> {
        find_with(SharePatterns::builtin(), t, &[], None)
    }

    #[test]
    fn patterns_pass_their_own_examples() {
        let fails = SharePatterns::builtin().self_test();
        assert!(fails.is_empty(), "{fails:#?}");
    }

    #[test]
    fn reads_the_seed_sentence_with_the_stated_total() {
        let t = "Kết quả: Tổng số hồ sơ tiếp nhận 316, hồ sơ có số hóa đầy đủ thành phần là 276 hồ sơ, đạt tỷ lệ 85,44%; tổng số hồ sơ đã giải quyết số hóa kết quả là 218 hồ sơ, chiếm 68,99%.";
        let s = shares(t);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert_eq!(s[0].part.value, 276.0);
        assert_eq!(s[0].whole.as_ref().unwrap().value, 316.0);
        assert_eq!(s[0].percent.value, 85.44);
        assert_eq!(s[1].part.value, 218.0);
        assert_eq!(s[1].whole.as_ref().unwrap().value, 316.0);
    }

    #[test]
    fn score_with_deduction_is_not_read_twice() {
        let t = "7. Nội dung: 15,84 điểm/20 điểm bị trừ 4,16 điểm, đạt 79,22%:";
        let s = shares(t);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(s[0].form, ShareForm::Score);
        assert_eq!(s[0].deducted.as_ref().unwrap().value, 4.16);
        assert_eq!(s[0].percent.decimals, 2);
    }

    #[test]
    fn a_dot_before_one_digit_is_a_decimal_point() {
        assert_eq!(read_number("78.8"), Some((78.8, 1)));
        assert_eq!(read_number("3.954"), Some((3954.0, 0)));
        assert_eq!(read_number("1.8835.779.000"), None);
        let s = shares("2.7. Hoạt động kinh tế số: Đạt 78.8/150 điểm, đạt tỷ lệ 52,5%, đạt mức");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].part.value, 78.8);
    }

    #[test]
    fn spans_point_at_the_numbers() {
        let t = "bằng 84,86% (1.850.687đ/2.180.911.975đ) so với";
        let s = shares(t);
        assert_eq!(s.len(), 1);
        let p = &s[0].part;
        assert_eq!(&t[p.span.start..p.span.end], "1.850.687");
        assert_eq!(&t[s[0].percent.span.start..s[0].percent.span.end], "84,86");
    }

    #[test]
    fn a_malformed_operand_gets_the_reading_its_share_supports() {
        let t = "Thu ngân sách phường quý 3 là: 1.835.779.000 đồng; bằng 52,73% (1.8835.779.000đ/3.481.646.730đ)so với cùng kỳ";
        let seg = crate::segment::segment(t, &[0]);
        let mut issues = crate::extract::number_issues::find_number_issues(t, &seg);
        explain_malformed(t, &mut issues);
        assert_eq!(issues.len(), 1, "{issues:#?}");
        let r = issues[0].reading.as_deref().unwrap();
        assert!(
            r.starts_with("read as 1.835.779.000, the share it belongs to gives 52,73%"),
            "{r}"
        );
        assert!(r.contains("also written elsewhere"), "{r}");
    }

    #[test]
    fn no_reading_when_no_regrouping_fits() {
        let t = "bằng 10,00% (1.8835.779.000đ/3.481.646.730đ)";
        let seg = crate::segment::segment(t, &[0]);
        let mut issues = crate::extract::number_issues::find_number_issues(t, &seg);
        explain_malformed(t, &mut issues);
        assert_eq!(issues[0].reading, None);
    }

    #[test]
    fn a_percentage_handed_to_something_else_is_not_the_share() {
        assert!(shares("đã giải quyết 3935/3965 hồ sơ, trong đó đúng hạn đạt 100%.").is_empty());
        assert!(shares("tiếp nhận 276/316, 218 hồ sơ kết quả, đạt 68,99%").is_empty());
    }

    #[test]
    fn dates_and_ranks_are_not_fractions() {
        assert!(shares("ngày 10/3/2022 đạt 100%").is_empty());
        assert!(shares("xếp thứ 19/177 xã, phường, đạt 80%").is_empty());
    }
}
