//! The compositional reader (extract stage): figures by what the words
//! mean, not by memorised sentences.
//!
//! ```text
//! sentence ─► quantities ─► cues ─► attachment ─► decision ─► candidate figures
//! ```
//!
//! 1. [`quantity`]: every number with its value, unit word, scale,
//!    qualifier and fraction; numbers in words ("không có … quá hạn").
//! 2. [`lexicon`]: one multi-pattern pass finds every cue of
//!    `patterns/lexicon.toml` (object, state, timeliness, channel, role…).
//! 3. [`attach`]: which cues govern which number — windows between
//!    numbers, shares stated of a count, breakdowns and their parents, list
//!    heads and lead-ins, roles and changes.
//! 4. [`decide`]: the decision table of `patterns/decisions.toml` turns a
//!    number's features into an indicator, most specific row first.
//! 5. [`table`]: table cells, whose cues come from their column header and
//!    row label.
//!
//! The candidates go to the one resolver ([`crate::extract::resolve`]),
//! with those of the phrase overrides and the other passes.

pub mod attach;
pub mod decide;
pub mod examples;
pub mod lexicon;
pub mod quantity;
pub mod table;

use std::sync::OnceLock;

use anyhow::Result;

use crate::extract::role::Roles;
use crate::extract::scope;
use crate::model::{DocMeta, Figure, Role};
use crate::registry::Registry;
use crate::segment::{Segmented, UnitKind};

use attach::{Change, Context, Reading};
use decide::{Decisions, Features, Outcome};
use lexicon::{Hit, Lexicon};
use quantity::{QKind, Quantity};

/// The lexicon and decision table, loaded and checked together.
pub struct Reader {
    pub lexicon: Lexicon,
    pub decisions: Decisions,
}

impl Reader {
    pub fn parse(lexicon: (&str, &str), decisions: (&str, &str)) -> Result<Reader> {
        let lx = Lexicon::parse(lexicon.0, lexicon.1)?;
        let reg = Registry::builtin();
        for (line, e) in &lx.examples {
            for w in &e.figures {
                reg.check(w.indicator(), lexicon.0, *line)?;
            }
        }
        for ind in &reg.indicators {
            for c in &ind.scope_from {
                if lx.class(c).is_none() {
                    anyhow::bail!(
                        "{}:{}: scope_from names '{c}', not a class of {}",
                        reg.file,
                        ind.line,
                        lexicon.0
                    );
                }
            }
        }
        let table = Decisions::parse(decisions.0, decisions.1, &lx, reg)?;
        for (line, e) in &table.examples {
            for w in &e.figures {
                reg.check(w.indicator(), decisions.0, *line)?;
            }
        }
        Ok(Reader {
            lexicon: lx,
            decisions: table,
        })
    }

    /// The reader built into the binary.
    pub fn builtin() -> &'static Reader {
        static R: OnceLock<Reader> = OnceLock::new();
        R.get_or_init(|| {
            Reader::parse(
                (
                    "patterns/lexicon.toml",
                    include_str!("../../../patterns/lexicon.toml"),
                ),
                (
                    "patterns/decisions.toml",
                    include_str!("../../../patterns/decisions.toml"),
                ),
            )
            .expect("patterns/lexicon.toml and decisions.toml are checked by cargo test")
        })
    }
}

/// One document as the reader sees it.
pub struct Doc<'a> {
    pub text: &'a str,
    pub seg: &'a Segmented,
    pub meta: &'a DocMeta,
    /// The cue view of the match text (see [`lexicon::cue_view`]).
    pub view: Vec<u8>,
    /// Every cue of the document, in order.
    pub hits: Vec<Hit>,
}

impl<'a> Doc<'a> {
    pub fn new(reader: &Reader, text: &'a str, seg: &'a Segmented, meta: &'a DocMeta) -> Doc<'a> {
        let mut view = Vec::new();
        lexicon::cue_view(seg.rule_text(text), &mut view);
        let mut hits = Vec::new();
        reader.lexicon.find(&view, 0, view.len(), &mut hits);
        Doc {
            text,
            seg,
            meta,
            view,
            hits,
        }
    }

    /// The hits inside `[s, e)`.
    pub fn hits_in(&self, s: usize, e: usize) -> &[Hit] {
        let a = self.hits.partition_point(|h| h.start < s);
        let b = self.hits.partition_point(|h| h.start < e);
        let mut b2 = b;
        while b2 > a && self.hits[b2 - 1].end > e {
            b2 -= 1;
        }
        &self.hits[a..b2]
    }
}

/// Why a number gave no figure, for `--explain`.
#[derive(Clone, Debug)]
pub struct Note {
    pub start: usize,
    pub end: usize,
    pub features: String,
    pub outcome: String,
}

/// What the reader found in one document.
#[derive(Clone, Debug, Default)]
pub struct Composed {
    pub figures: Vec<Figure>,
    /// Per-unit table columns that must add up (indices into `figures`).
    pub sums: Vec<table::ColumnSum>,
}

/// Read the figures of tables and running text (sentences, headings, rows
/// that no table header explains); `notes` collects what was decided and
/// why.
pub fn read(
    reader: &Reader,
    doc: &Doc,
    roles: &mut Roles,
    notes: Option<&mut Vec<Note>>,
) -> Composed {
    let mut out = Vec::new();
    let mut sums = Vec::new();
    let mut notes = notes;
    let seg = doc.seg;
    let lx = &reader.lexicon;
    let mut heads: Vec<LineHead> = Vec::new();
    let mut previous: [Option<Features>; 2] = [None, None];
    let mut previous_line: Option<usize> = None;
    let table_rows = table::read_tables(
        reader,
        doc,
        roles,
        &mut out,
        &mut sums,
        notes.as_deref_mut(),
    );
    for (s, e) in sentences(doc) {
        if table_rows.iter().any(|&(a, b)| a <= s && e <= b) {
            continue;
        }
        let hits = doc.hits_in(s, e);
        let qs = quantity::find(lx, &doc.view, s, e, hits);
        let mut ctx = context(lx, doc, s, &heads);
        // The figures of the sentence before speak for this one only in the
        // same paragraph ("… đạt 72,5%. Xã Xuân Hội dẫn đầu với 96,8%"),
        // not from a paragraph or a list item away.
        if previous_line != Some(seg.line_of(s)) {
            previous = [None, None];
        }
        ctx.previous = previous.clone();
        let readings = attach::read_sentence(lx, &doc.view, (s, e), hits, &qs, &ctx);
        let line = seg.line_of(s);
        let last = primary_last(&qs, &readings);
        let head_feats = last.map(|i| readings[i].features.clone());
        for (i, q) in qs.iter().enumerate() {
            if readings[i].share_of.is_none()
                && q.whole_of.is_none()
                && !q.textual
                && readings[i].change != Some(attach::Change::Delta)
            {
                previous[attach::previous_slot(q.kind)] = Some(readings[i].features.clone());
                previous_line = Some(line);
            }
        }
        let words = qs.is_empty().then(|| words_features(lx, hits));
        let words_role = if qs.is_empty() {
            words_role(lx, hits)
        } else {
            None
        };
        let ends_colon = doc.view[s..e].trim_end().ends_with(b":");
        match heads.last_mut() {
            Some(h) if h.line == line => {
                if head_feats.is_some() {
                    h.number = head_feats;
                    h.words = None;
                }
                h.ends_colon = ends_colon;
            }
            _ => heads.push(LineHead {
                line,
                number: head_feats,
                words,
                role: words_role,
                ends_colon,
                lead: ctx.lead.clone(),
                lead_role: ctx.role,
            }),
        }
        emit(
            reader,
            doc,
            roles,
            s,
            &qs,
            &readings,
            &mut out,
            notes.as_deref_mut(),
        );
    }
    // A denominator that restates a figure stated in its own right ("Qua 25
    // phiếu …, có 7/25 phiếu …") is that figure, not a second one.
    let stated: std::collections::HashSet<(String, u64, Option<String>)> = out
        .iter()
        .filter(|f| !f.rule.ends_with("/compose-whole"))
        .map(|f| (f.indicator.clone(), f.value.to_bits(), f.scope.clone()))
        .collect();
    out.retain(|f| {
        !f.rule.ends_with("/compose-whole")
            || !stated.contains(&(f.indicator.clone(), f.value.to_bits(), f.scope.clone()))
    });
    Composed { figures: out, sums }
}

/// What a line left for the lines under it.
struct LineHead {
    line: usize,
    /// Features of its last number.
    number: Option<Features>,
    /// Features of its words, when it states no number.
    words: Option<Features>,
    /// The role its words give, when it states no number.
    role: Option<Role>,
    ends_colon: bool,
    /// The lead-in it stood under itself, and its role.
    lead: Option<Features>,
    lead_role: Option<Role>,
}

/// The role the words of a line without numbers give to the lines under
/// it ("Chỉ tiêu năm 2025:"); a comparison ("So với cùng kỳ năm 2023") only
/// reaches its own clause, so it gives none.
fn words_role(lx: &Lexicon, hits: &[Hit]) -> Option<Role> {
    hits.iter().find_map(|h| {
        lx.cues[h.cue as usize].sets.iter().find_map(|&(c, v)| {
            let class = &lx.classes[c as usize];
            (class.kind == lexicon::Kind::Role && class.reach == lexicon::Reach::Sentence)
                .then(|| lexicon::role_value(lx.value_name(c, v)))
                .flatten()
        })
    })
}

/// The index of the last number of a sentence that is not a share or a
/// denominator.
fn primary_last(qs: &[Quantity], readings: &[Reading]) -> Option<usize> {
    (0..qs.len())
        .rev()
        .find(|&i| readings[i].share_of.is_none() && qs[i].whole_of.is_none() && !qs[i].textual)
}

/// The features all the cues of a line without numbers set, nearest the
/// line's end first.
fn words_features(lx: &Lexicon, hits: &[Hit]) -> Features {
    let mut f = Features::new(lx.classes.len());
    for h in hits.iter().rev() {
        for &(c, v) in &lx.cues[h.cue as usize].sets {
            if lx.classes[c as usize].kind == lexicon::Kind::Feature && f.0[c as usize].is_none() {
                f.0[c as usize] = Some((v, decide::Src::Own, (h.start as u32, h.end as u32)));
            }
        }
    }
    f
}

/// What a sentence starting at `s` stands under: the head of the list its
/// line is an item of ("- Trước hạn: 120" under "Đã giải quyết: 396"), or
/// the lead-in line right above it ("Kết quả giải quyết hồ sơ:").
fn context(lx: &Lexicon, doc: &Doc, s: usize, heads: &[LineHead]) -> Context {
    let seg = doc.seg;
    let line = seg.line_of(s);
    let ls = seg.line_starts[line - 1];
    // Only the first sentence of a line stands under what is above it.
    if !doc.view[ls..s].iter().all(|&b| b == b' ' || b == b'\t') {
        return Context::default();
    }
    let marker = item_marker(&doc.view[ls..]);
    let Some(above) = heads.iter().rev().find(|h| h.line < line) else {
        return Context::default();
    };
    let is_lead = |h: &LineHead| {
        let hs = seg.line_starts[h.line - 1];
        h.number.is_none() && (h.ends_colon || is_heading(seg, hs))
    };
    // A lead-in ending with ":" passes all its words on; a heading ("2. Kết
    // quả giải quyết hồ sơ tại …") only what it is about (its identity).
    let identity = lx.identity();
    let lead_of = |h: &LineHead| {
        if !is_lead(h) {
            return None;
        }
        let mut w = h.words.clone()?;
        if !h.ends_colon {
            for (c, x) in w.0.iter_mut().enumerate() {
                if Some(c as u16) != identity {
                    *x = None;
                }
            }
        }
        Some(w)
    };
    let role_of = |h: &LineHead| if is_lead(h) { h.role } else { None };
    match marker {
        Some(m) => {
            // The nearest line above that is not an item of the same kind.
            for h in heads.iter().rev().filter(|h| h.line < line) {
                let hs = seg.line_starts[h.line - 1];
                if item_marker(&doc.view[hs..]) == Some(m) {
                    continue;
                }
                return Context {
                    parent: h.number.clone(),
                    lead: lead_of(h).or_else(|| h.lead.clone().filter(|_| h.number.is_none())),
                    previous: Default::default(),
                    role: role_of(h).or(h.lead_role),
                };
            }
            Context::default()
        }
        // A line right under a lead-in, or under a line that stood under one.
        None if above.line + 1 == line => Context {
            parent: None,
            lead: lead_of(above).or_else(|| above.lead.clone()),
            previous: Default::default(),
            role: role_of(above).or(above.lead_role),
        },
        None => Context::default(),
    }
}

fn is_heading(seg: &Segmented, offset: usize) -> bool {
    seg.unit_at(offset)
        .is_some_and(|u| u.kind == UnitKind::Heading)
        || seg.sections.iter().any(|s| s.start == offset)
}

trait TrimEnd {
    fn trim_end(&self) -> &[u8];
}

impl TrimEnd for [u8] {
    fn trim_end(&self) -> &[u8] {
        let mut e = self.len();
        while e > 0 && matches!(self[e - 1], b' ' | b'\t' | b'\r') {
            e -= 1;
        }
        &self[..e]
    }
}

/// The kind of list marker a line starts with: a bullet char, or a letter
/// or number item ("a)", "1.", "b.").
fn item_marker(line: &[u8]) -> Option<u8> {
    let mut i = 0;
    while i < line.len() && line[i] == b' ' {
        i += 1;
    }
    let rest = &line[i..];
    let first = *rest.first()?;
    match first {
        b'-' | b'+' | b'*' => return Some(first),
        _ => {}
    }
    for (bytes, code) in [("•", b'o'), ("–", b'-'), ("−", b'-'), ("·", b'o')] {
        if rest.starts_with(bytes.as_bytes()) {
            return Some(code);
        }
    }
    // "a)", "b.", "đ)"
    let s = std::str::from_utf8(&rest[..rest.len().min(6)])
        .ok()
        .or_else(|| {
            (1..6)
                .rev()
                .find_map(|n| std::str::from_utf8(&rest[..rest.len().min(n)]).ok())
        })?;
    let mut cs = s.chars();
    let c0 = cs.next()?;
    let c1 = cs.next()?;
    if c0.is_alphabetic() && c0.is_lowercase() && (c1 == ')' || c1 == '.') {
        return Some(b'a');
    }
    None
}

/// Sentences: the segmenter's units of running text, with the clauses a
/// ';' splits joined again (a breakdown often runs across them).
fn sentences(doc: &Doc) -> Vec<(usize, usize)> {
    let seg = doc.seg;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut last_line = 0;
    for u in &seg.units {
        let line = seg.line_of(u.start);
        if let Some(prev) = out.last_mut() {
            let joined = line == last_line
                && u.kind != UnitKind::TableRow
                && doc.view[prev.0..prev.1].trim_end().ends_with(b";");
            if joined {
                prev.1 = u.end;
                continue;
            }
        }
        out.push((u.start, u.end));
        last_line = line;
    }
    if out.is_empty() && !doc.text.is_empty() {
        // No units (text without structure): one sentence a line.
        let mut s = 0;
        for &ls in seg.line_starts.iter().skip(1) {
            out.push((s, ls.saturating_sub(1).max(s)));
            s = ls;
        }
        out.push((s, doc.text.len()));
    }
    out
}

/// Decide every reading of a sentence and build its figures.
#[allow(clippy::too_many_arguments)]
fn emit(
    reader: &Reader,
    doc: &Doc,
    roles: &mut Roles,
    s: usize,
    qs: &[Quantity],
    readings: &[Reading],
    out: &mut Vec<Figure>,
    mut notes: Option<&mut Vec<Note>>,
) {
    let reg = Registry::builtin();
    let lx = &reader.lexicon;
    // Per quantity: its indicators (a second one when the words state two).
    let mut decided: Vec<Vec<String>> = vec![Vec::new(); qs.len()];
    for (i, q) in qs.iter().enumerate() {
        let r = &readings[i];
        if q.whole_of.is_some() {
            continue;
        }
        let of_count = r.share_of.and_then(|j| decided[j].first().cloned());
        let outcome = match of_count.and_then(|c| reg.get(&c).and_then(|c| c.share.clone())) {
            Some(share) => Outcome::Decided {
                indicator: share,
                also: None,
                line: 0,
            },
            None => reader.decisions.decide(&r.features, q.kind, reg),
        };
        if let Some(n) = notes.as_deref_mut() {
            n.push(Note {
                start: q.vstart,
                end: q.vend,
                features: format!(
                    "{}{}{}",
                    r.features.describe(lx),
                    r.role
                        .map_or(String::new(), |x| format!(" role={}", x.as_str())),
                    r.change.map_or(String::new(), |x| format!(" change={x:?}")),
                ),
                outcome: match &outcome {
                    Outcome::Decided {
                        indicator, line, ..
                    } => format!("{indicator} (row {line})"),
                    Outcome::Nothing(line) => format!("no figure (row {line})"),
                    Outcome::Undecided(why) => format!("no figure: {why}"),
                },
            });
        }
        if let Outcome::Decided {
            indicator, also, ..
        } = outcome
        {
            decided[i].push(indicator);
            decided[i].extend(also);
            // The second value of a coordinate class: the same number of
            // another indicator ("số hóa hồ sơ, kết quả …").
            if let Some((c, v, sp)) = r.also {
                let mut f2 = r.features.clone();
                if let Some(x) = f2.0[c as usize].as_mut() {
                    *x = (v, x.1, sp);
                }
                let second = match r.share_of.and_then(|j| decided[j].get(1).cloned()) {
                    Some(count) => reg.get(&count).and_then(|c| c.share.clone()),
                    None => match reader.decisions.decide(&f2, q.kind, reg) {
                        Outcome::Decided { indicator, .. } => Some(indicator),
                        _ => None,
                    },
                };
                if let Some(second) = second.filter(|s| !decided[i].contains(s)) {
                    decided[i].push(second);
                }
            }
        }
    }
    // "5.873 hồ sơ tiếp nhận mới; 214 hồ sơ kỳ trước chuyển sang; tổng số
    // 6.087 hồ sơ": a total after its parts is the total they are parts of.
    for i in 0..qs.len() {
        if !readings[i].total_label || readings[i].share_of.is_some() {
            continue;
        }
        let wholes: Vec<String> = (0..i)
            .filter(|&j| readings[j].share_of.is_none() && qs[j].kind == qs[i].kind)
            .filter_map(|j| decided[j].first())
            .filter_map(|ind| reg.get(ind).and_then(|x| x.part_of.clone()))
            .collect();
        if let Some(w) = wholes.first() {
            if wholes.len() >= 2 && wholes.iter().all(|x| x == w) {
                decided[i] = vec![w.clone()];
            }
        }
    }
    // Fractions: the words may describe the whole ("19/21 biên chế được giao").
    for (i, q) in qs.iter().enumerate() {
        let Some(num) = q.whole_of else { continue };
        let Some(ind) = decided[num].first().cloned() else {
            continue;
        };
        let Some(info) = reg.get(&ind) else { continue };
        if let Some(part) = &info.part {
            decided[num] = vec![part.clone()];
            decided[i] = vec![ind];
        } else if let Some(whole) = &info.whole {
            decided[i] = vec![whole.clone()];
        }
    }
    for (i, q) in qs.iter().enumerate() {
        let r = &readings[i];
        let src = r.share_of.or(q.whole_of).unwrap_or(i);
        let change = readings[src].change.or(r.change);
        if change == Some(Change::Delta) || r.change == Some(Change::Delta) {
            continue;
        }
        for indicator in &decided[i] {
            let Some(info) = reg.get(indicator) else {
                continue;
            };
            // A count never takes a percent indicator nor the reverse, and a
            // unit word must fit ("02 trường hợp công chức" counts cases).
            if (q.kind == QKind::Percent) != info.is_percent() {
                continue;
            }
            if let Some(u) = q.unit.filter(|_| q.kind == QKind::Count) {
                if !lx.unit_fits(u, &info.unit) {
                    continue;
                }
            } else if info.unit == "dong" && q.kind == QKind::Count {
                // Money is written with its unit.
                continue;
            }
            let unit_start = doc.seg.unit_at(q.vstart).map_or(s, |u| u.start);
            let mut role = stated_role(doc, roles, s, qs, readings, i);
            // An indicator that only takes some roles (a plan's task count
            // is a fact, not a goal).
            if !info.roles.contains(&role) {
                if let Some(&r0) = info.roles.first() {
                    role = r0;
                }
            }
            // A goal of an indicator that has a goal twin ("chỉ tiêu kích
            // hoạt 14.200 tài khoản" is eid.target).
            let (indicator, info) = match info.as_target.as_deref().filter(|_| role == Role::Target)
            {
                Some(t) => match reg.get(t) {
                    Some(ti) => (&ti.id, ti),
                    None => (indicator, info),
                },
                None => (indicator, info),
            };
            let (es, ee) = r.evidence;
            let (es, ee) = doc.seg.snap(doc.text, es.min(q.start), ee.max(q.end));
            let (vs, ve) = doc.seg.snap(doc.text, q.vstart, q.vend);
            let mt = doc.seg.rule_text(doc.text);
            // A breakdown item read as its parent's indicator is a part by
            // place ("trong đó cấp xã 300", "xã An Phú 200"): its place
            // words are its scope; without them it restates a part of the
            // whole in other words ("trong đó: 3.924 hồ sơ giải quyết
            // trong kỳ") and is no figure of that indicator.
            let same_as_parent = r
                .parent
                .filter(|&p| decided[p].first() == Some(indicator) && qs[p].kind == q.kind)
                .filter(|_| q.kind == QKind::Count)
                // A baseline or goal beside an actual ("(cùng kỳ: 1.530 hồ
                // sơ)") is another figure, not a part.
                .is_some_and(|p| stated_role(doc, roles, s, qs, readings, p) == role);
            let place = if same_as_parent {
                // The words since the number before it name the item.
                let from = i
                    .checked_sub(1)
                    .map_or(unit_start, |j| qs[j].end.max(unit_start))
                    .min(q.start);
                // Or a named office the scope reader knows ("Bộ phận Một
                // cửa thành phố tiếp nhận 6.108 hồ sơ").
                // Or a name the lexicon does not know, alone before the
                // number ("(đất đai 03 hồ sơ, hộ tịch 01 hồ sơ)").
                match place_scope(lx, doc, from, q.start)
                    .or_else(|| scope::scope_at(mt, doc.text, from, q.vstart, roles.meta()))
                    .or_else(|| name_scope(lx, doc, from, q.start))
                {
                    Some(p) => Some(p),
                    None => continue,
                }
            } else {
                None
            };
            let scope = place
                .or_else(|| scope_from_words(lx, doc, &info.scope_from, &r.features))
                .or_else(|| scope::scope_at(mt, doc.text, unit_start, q.vstart, roles.meta()));
            out.push(Figure {
                id: String::new(),
                indicator: indicator.clone(),
                value: q.value,
                unit: info.unit.clone(),
                role,
                qualifier: q.qualifier,
                section: roles.section_at(q.vstart).map(|s| s.path.clone()),
                scope,
                period: None,
                text: doc.text[es..ee].trim().to_string(),
                span: doc.seg.span(es, ee),
                rule: if q.whole_of.is_some() {
                    format!("{indicator}/compose-whole")
                } else {
                    format!("{indicator}/compose")
                },
                raw: doc.text[vs..ve].to_string(),
                value_span: doc.seg.span(vs, ve),
                decimals: q.decimals,
            });
        }
    }
}

/// The role number `i`'s words give it, before its indicator's own limits:
/// its cues', else its sentence's, headings' and document's; a change
/// from it makes it the baseline, a change to it the new level.
fn stated_role(
    doc: &Doc,
    roles: &mut Roles,
    s: usize,
    qs: &[Quantity],
    readings: &[Reading],
    i: usize,
) -> Role {
    let (q, r) = (&qs[i], &readings[i]);
    let src = r.share_of.or(q.whole_of).unwrap_or(i);
    let unit_start = doc.seg.unit_at(q.vstart).map_or(s, |u| u.start);
    let role = match r.role {
        Some(role) => role,
        // The words before the number only: a goal stated after it
        // ("đạt 33%, vượt chỉ tiêu (30%)") is not its own.
        None => roles.role_at(s.min(unit_start), q.vend.max(s + 1), q.vstart),
    };
    match readings[src].change.or(r.change) {
        Some(Change::From) => Role::Baseline,
        // "xuống còn 1,31%": the new level, whatever the clause compares.
        Some(Change::To) if role == Role::Baseline => Role::Actual,
        _ => role,
    }
}

/// The place a breakdown item's or a table label's words name: from a
/// place cue ("xã", "cấp huyện") to the next cue, an aside or the number
/// ("xã An Phú", "cấp xã").
pub(crate) fn place_scope(lx: &Lexicon, doc: &Doc, a: usize, b: usize) -> Option<String> {
    let hits = doc.hits_in(a, b);
    let k = hits.iter().position(|h| lx.cues[h.cue as usize].place)?;
    // Up to the next cue or an aside ("cấp huyện (bao gồm …)").
    let end = hits.get(k + 1).map_or(b, |h| h.start);
    let end = doc.view[hits[k].end..end]
        .iter()
        .position(|&c| c == b'(')
        .map_or(end, |p| hits[k].end + p);
    let (s, e) = doc.seg.snap(doc.text, hits[k].start, end);
    let t = doc.text[s..e]
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Plain words naming a breakdown item ("đất đai", "lĩnh vực hộ tịch"):
/// one to six words of letters right before the number, after the last
/// punctuation and the last cue that says something (a noun the lexicon
/// only knows as no unit, such as "lĩnh vực", may be part of the name).
fn name_scope(lx: &Lexicon, doc: &Doc, a: usize, b: usize) -> Option<String> {
    let mut start = a;
    for h in doc.hits_in(a, b) {
        if !lx.cues[h.cue as usize].sets.is_empty() {
            start = start.max(h.end);
        }
    }
    if let Some(p) = doc.view[start..b]
        .iter()
        .rposition(|c| matches!(c, b',' | b'(' | b':' | b';' | b'\n' | b'\t'))
    {
        start += p + 1;
    }
    let (s, e) = doc.seg.snap(doc.text, start, b);
    let t = doc.text[s..e].trim();
    let words = t.split_whitespace().count();
    ((1..=6).contains(&words) && t.chars().all(|c| c.is_alphabetic() || c == ' '))
        .then(|| t.to_string())
}

/// The scope an indicator takes from its own cue words ("Rất hài lòng",
/// "chuyên môn: đại học"), when the number has them.
pub(crate) fn scope_from_words(
    lx: &Lexicon,
    doc: &Doc,
    classes: &[String],
    f: &Features,
) -> Option<String> {
    let parts: Vec<String> = classes
        .iter()
        .filter_map(|c| lx.class(c))
        .filter_map(|c| f.0[c as usize])
        .filter(|&(_, _, (a, b))| a < b)
        .map(|(_, _, (a, b))| {
            let (a, b) = doc.seg.snap(doc.text, a as usize, b as usize);
            doc.text[a..b]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(": "))
}
