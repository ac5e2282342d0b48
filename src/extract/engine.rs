//! Running the compiled rules over one segmented document (extract stage).
//!
//! Per unit (sentence, clause or table row) one keyword pass (the
//! [`Gate`](crate::extract::gate::Gate)) says which rules can match; only those run, so a label never takes a number from
//! another sentence and the cost stays one multi-pattern pass over the text.
//! Candidates are then resolved deterministically: higher priority, then the
//! longer match, then the earlier rule wins a number, and a number yields at
//! most one figure per indicator. Each thread searches with its own regex
//! caches, kept between documents.

use std::cell::RefCell;

use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::{meta, Input};

use crate::extract::rules::{Alternative, Rule, RuleSet};
use crate::extract::{gate, lower};
use crate::extract::{qualifier, role, scope};
use crate::model::{DocMeta, Figure, Role};
use crate::numbers::{parse_number, parse_value, scale_of, scaled, Number};
use crate::segment::{Segmented, Unit, UnitKind};

/// A rule's reading of one number, before overlaps are resolved.
#[derive(Clone, Debug)]
struct Candidate {
    rule: usize,
    unit: usize,
    start: usize,
    end: usize,
    vstart: usize,
    vend: usize,
    number: Number,
    den: Option<(usize, usize, Number)>,
    /// A `(?P<scope>…)` group: the rule names what the figure is about
    /// ("cải cách thể chế" for a PAR component score).
    scope: Option<(usize, usize)>,
}

/// Search state of every alternative of one rule set, owned by a thread.
///
/// A `regex::Regex` shared by threads takes its cache from a pool; a thread
/// that finds the pool busy builds a fresh lazy DFA and throws it away, so
/// two threads ran slower than one. Here each thread keeps its own.
#[derive(Default)]
struct Caches {
    /// [`RuleSet::id`] of the set the caches belong to.
    set: Option<u64>,
    /// Per alternative (index of `set_map`), made on first use.
    slots: Vec<Option<(meta::Cache, Captures)>>,
    /// The lower-cased views of the current document (buffers reused).
    views: lower::Views,
}

thread_local! {
    static CACHES: RefCell<Caches> = RefCell::new(Caches::default());
}

/// Read every figure the rules find in `text` (whose structure is `seg`).
pub fn apply(rules: &RuleSet, text: &str, seg: &Segmented, meta: &DocMeta) -> Vec<Figure> {
    CACHES.with_borrow_mut(|caches| {
        if caches.set != Some(rules.id) {
            caches.set = Some(rules.id);
            caches.slots.clear();
            caches.slots.resize_with(rules.set_map.len(), || None);
        }
        apply_with(rules, text, seg, meta, &mut caches.slots, &mut caches.views)
    })
}

fn apply_with(
    rules: &RuleSet,
    text: &str,
    seg: &Segmented,
    meta: &DocMeta,
    caches: &mut [Option<(meta::Cache, Captures)>],
    views: &mut lower::Views,
) -> Vec<Figure> {
    let mt = seg.rule_text(text);
    let units = match_units(seg, mt.len());
    let mut cands = Vec::new();
    let (mut selected, mut scratch) = (Vec::new(), gate::Scratch::default());
    let mut fixed_scratch = gate::Scratch::default();
    views.make(mt);
    for (ui, u) in units.iter().enumerate() {
        let (Some(hay), Some(lower), Some(spaced)) = (
            mt.get(u.start..u.end),
            views.rules().get(u.start..u.end),
            views.gate().get(u.start..u.end),
        ) else {
            continue;
        };
        // Most sentences state no number: only rules whose value is fixed
        // by their words ("không có hồ sơ trễ hạn") can match there.
        let has_digit = hay.bytes().any(|b| b.is_ascii_digit());
        if !has_digit && !rules.has_fixed_values {
            continue;
        }
        if has_digit {
            rules.gate.select(spaced, &mut selected, &mut scratch);
        } else {
            // Only the fixed-value rules can match here: ask their own,
            // much smaller gate.
            rules
                .fixed_gate
                .select(spaced, &mut selected, &mut fixed_scratch);
            for si in selected.iter_mut() {
                *si = rules.fixed_map[*si];
            }
        }
        for &si in &selected {
            let (ri, ai) = rules.set_map[si];
            let rule = &rules.rules[ri];
            if !has_digit && rule.def.value.is_none() {
                continue;
            }
            let alt = &rule.regexes[ai];
            let (cache, caps) = caches[si]
                .get_or_insert_with(|| (alt.regex().create_cache(), alt.regex().create_captures()));
            let unit = UnitText {
                base: u.start,
                hay,
                lower,
            };
            collect(rule, alt, cache, caps, ri, ui, &unit, mt, &mut cands);
        }
    }
    cands.sort_by(|a, b| {
        let pa = rules.rules[a.rule].def.priority;
        let pb = rules.rules[b.rule].def.priority;
        pb.cmp(&pa)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.rule.cmp(&b.rule))
            .then(a.vstart.cmp(&b.vstart))
    });
    // One rule wins each number; a number's figures never repeat an indicator.
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut won = Vec::new();
    for c in cands {
        let overlaps = |taken: &[(usize, usize)], s: usize, e: usize| {
            taken.iter().any(|&(ts, te)| s < te && ts < e)
        };
        if overlaps(&taken, c.vstart, c.vend) {
            continue;
        }
        taken.push((c.vstart, c.vend));
        if let Some((ds, de, _)) = c.den {
            if !overlaps(&taken, ds, de) {
                taken.push((ds, de));
            }
        }
        won.push(c);
    }
    let mut figures = Vec::new();
    let mut roles = role::Roles::new(meta, seg, mt);
    for c in &won {
        build(rules, c, &units, text, mt, seg, &mut roles, &mut figures);
    }
    figures.sort_by(|a, b| {
        a.value_span
            .start
            .cmp(&b.value_span.start)
            .then(a.indicator.cmp(&b.indicator))
    });
    figures.dedup_by(|a, b| a.value_span == b.value_span && a.indicator == b.indicator);
    for (i, f) in figures.iter_mut().enumerate() {
        f.id = format!("f{}", i + 1);
    }
    figures
}

/// The stretches a match may not cross: the segmenter's units, or lines
/// when there are none.
fn match_units(seg: &Segmented, len: usize) -> Vec<Unit> {
    if !seg.units.is_empty() {
        return seg.units.clone();
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &s) in seg.line_starts.iter().enumerate().skip(1) {
        out.push(Unit {
            start,
            end: s.saturating_sub(1).max(start),
            kind: UnitKind::Sentence,
        });
        start = s;
        let _ = i;
    }
    out.push(Unit {
        start,
        end: len,
        kind: UnitKind::Sentence,
    });
    out
}

/// One unit as the regexes see it (`lower`) and as its numbers are read
/// (`hay`, at `base` in the match text).
#[derive(Clone, Copy)]
struct UnitText<'a> {
    base: usize,
    hay: &'a str,
    lower: &'a [u8],
}

#[allow(clippy::too_many_arguments)]
fn collect(
    rule: &Rule,
    alt: &Alternative,
    cache: &mut meta::Cache,
    caps: &mut Captures,
    ri: usize,
    ui: usize,
    unit: &UnitText,
    mt: &str,
    out: &mut Vec<Candidate>,
) {
    let UnitText { base, hay, lower } = *unit;
    // The walk of `regex::Regex::captures_iter` (empty matches included),
    // with this thread's cache, over the lower case (the regexes are
    // compiled for it; offsets are those of `hay`).
    let mut it = Searcher::new(Input::new(lower));
    loop {
        it.advance(|input| {
            alt.regex().search_captures_with(cache, input, caps);
            Ok(caps.get_match())
        });
        let Some(m) = caps.get_match() else { break };
        let group = |g: Option<usize>| {
            g.and_then(|g| caps.get_group(g))
                .map(|s| (s.start, s.end, &hay[s.start..s.end]))
        };
        let value = group(alt.value);
        let (vstart, vend, mut number) = match (value, rule.def.value) {
            (_, Some(fixed)) => {
                let (s, e, _) = value.unwrap_or((m.start(), m.end(), ""));
                (
                    base + s,
                    base + e,
                    Number {
                        value: fixed,
                        decimals: 0,
                    },
                )
            }
            (Some((s, e, v)), None) => match parse_value(v) {
                Ok(n) => (base + s, base + e, n),
                Err(_) => continue,
            },
            (None, None) => continue,
        };
        let den = group(alt.den)
            .and_then(|(s, e, d)| parse_number(d).ok().map(|n| (base + s, base + e, n)));
        let last_end = den.map_or(vend, |(_, e, _)| e);
        let rank = rule.def.indicator.ends_with(".rank");
        if rule.def.value.is_none() && !stands_alone(mt, vstart, last_end, rank) {
            continue;
        }
        // A count never reads a percentage ("45%" is not 45 dossiers).
        if rule.def.unit != "percent" {
            let after = mt[last_end..].trim_start();
            if after.starts_with('%') || after.starts_with("phần trăm") {
                continue;
            }
        }
        if let Some(s) = group(alt.scale).and_then(|(_, _, s)| scale_of(s)) {
            number.value = scaled(number.value, s);
        }
        if let Some(s) = rule.def.scale {
            number.value = scaled(number.value, s);
        }
        out.push(Candidate {
            rule: ri,
            unit: ui,
            start: base + m.start(),
            end: base + m.end(),
            vstart,
            vend,
            number,
            den,
            scope: group(alt.scope).map(|(s, e, _)| (base + s, base + e)),
        });
    }
}

/// False for a number that is part of a date, a document number, a legal
/// reference or a bigger number: "05/12/2023", "228/BC-UBND", "45/2020/NĐ-CP".
/// A rank rule (`rank`) reads "xếp thứ 10" on purpose.
fn stands_alone(mt: &str, start: usize, end: usize, rank: bool) -> bool {
    let before = mt[..start].chars().next_back();
    if before == Some('/') {
        // The denominator of "a/b" (a rule reads the quota of "19/21 biên
        // chế được giao"): the fraction as a whole must stand alone, which
        // a date ("05/12/2023") or a reference ("45/2020/NĐ-CP") does not.
        let head = &mt[..start - 1];
        let a = head.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
        return a.len() < head.len()
            && head[a.len()..].starts_with(|c: char| c.is_ascii_digit())
            && stands_alone(mt, a.len(), end, rank);
    }
    if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ',' | '-')) {
        return false;
    }
    let after = &mt[end..];
    let mut chars = after.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() || c == '/' => return false,
        Some('.' | ',') if chars.next().is_some_and(|c| c.is_ascii_digit()) => return false,
        _ => {}
    }
    // "204 /BC-UBND": a document number with a space before the slash.
    let trimmed = after.trim_start_matches([' ', '\u{a0}']);
    if let Some(rest) = trimmed.strip_prefix('/') {
        let rest = rest.trim_start();
        if rest
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            return false;
        }
    }
    // The words before: a date ("năm 2023"), a reference ("Nghị định 45",
    // "Kế hoạch số 10"), a level ("mức độ 3").
    let head = mt[..start].trim_end();
    let from = crate::extract::role::floor_char(head, head.len().saturating_sub(24));
    let tail = lower::to_lowercase(&head[from..]);
    let mut words = tail.split_whitespace().rev();
    let last = words.next().unwrap_or("");
    let before_last = words.next().unwrap_or("");
    let reference_word = matches!(
        last,
        "năm"
            | "tháng"
            | "ngày"
            | "quý"
            | "định"
            | "thị"
            | "hoạch"
            | "văn"
            | "án"
            | "lệnh"
            | "điều"
            | "khoản"
            | "luật"
            | "chương"
            | "lục"
            | "độ"
    ) || (!rank && matches!(last, "thứ" | "hạng" | "bậc"))
        || (last == "tư" && before_last == "thông")
        || (last == "quyết" && before_last == "nghị");
    let numbered = last == "số" && !matches!(before_last, "tổng" | "với" | "có");
    !(reference_word || numbered)
}

#[allow(clippy::too_many_arguments)]
fn build(
    rules: &RuleSet,
    c: &Candidate,
    units: &[Unit],
    text: &str,
    mt: &str,
    seg: &Segmented,
    roles: &mut role::Roles,
    out: &mut Vec<Figure>,
) {
    let meta = roles.meta();
    let rule = &rules.rules[c.rule];
    let unit = units[c.unit];
    let mut role = rule
        .def
        .role
        .unwrap_or_else(|| roles.role_at(unit.start, unit.end, c.vstart));
    let qualifier = qualifier::qualifier_at(mt, unit.start, c.vstart, c.vend);
    let scope = match c.scope {
        Some((a, b)) => {
            let (a, b) = seg.snap(text, a, b);
            let words = text[a..b].split_whitespace().collect::<Vec<_>>().join(" ");
            let words = words.trim_end_matches([':', ',', '.']);
            // "Hạ tầng số" opening a line and "hạ tầng số" in a sentence are
            // one scope: drop a sentence capital (not an all-caps word).
            let mut cs = words.chars();
            let scope = match (cs.next(), cs.next()) {
                (Some(f), Some(n)) if f.is_uppercase() && n.is_lowercase() => {
                    f.to_lowercase().chain(words.chars().skip(1)).collect()
                }
                _ => words.to_string(),
            };
            Some(scope).filter(|w| !w.is_empty())
        }
        None => scope::scope_at(mt, text, unit.start, c.vstart, meta),
    };
    let section = roles.section_at(c.vstart).map(|s| s.path.clone());
    // "giảm từ A xuống còn B": A is the baseline, B the result.
    let change = if rule.def.role.is_none() {
        role::change_after(mt, c.vstart, c.vend, unit.end)
    } else {
        None
    };
    if change.is_some() {
        role = Role::Baseline;
    }
    let mut indicators = vec![rule.def.indicator.clone()];
    indicators.extend(rule.def.also.iter().cloned());
    let (ms, me) = seg.snap(text, c.start, c.end);
    let figure = |indicator: &str, role, vs: usize, ve: usize, n: Number| {
        let (vs, ve) = seg.snap(text, vs, ve);
        Figure {
            id: String::new(),
            indicator: indicator.to_string(),
            value: n.value,
            unit: rule.def.unit.clone(),
            role,
            qualifier,
            section: section.clone(),
            scope: scope.clone(),
            period: None,
            text: text[ms..me].trim().to_string(),
            span: seg.span(ms, me),
            rule: rule.name(),
            raw: text[vs..ve].to_string(),
            value_span: seg.span(vs, ve),
            decimals: n.decimals,
        }
    };
    for ind in &indicators {
        out.push(figure(ind, role, c.vstart, c.vend, c.number));
        if let Some((bs, be, n)) = change {
            let actual = if rule.def.scale.is_some() || rule.def.value.is_some() {
                None
            } else {
                Some(n)
            };
            if let Some(n) = actual {
                let mut f = figure(ind, Role::Actual, bs, be, n);
                f.qualifier = qualifier::qualifier_at(mt, unit.start, bs, be);
                let (s, e) = seg.snap(text, c.start, be.max(c.end));
                f.text = text[s..e].trim().to_string();
                f.span = seg.span(s, e);
                out.push(f);
            }
        }
    }
    if let (Some((ds, de, n)), Some(ind)) = (c.den, rule.def.den_indicator.as_ref()) {
        out.push(figure(ind, role, ds, de, n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_inside_references_do_not_stand_alone() {
        let t = "số 228/BC-UBND ngày 05/12/2023 và 45/2020/NĐ-CP, tiếp nhận 327 hồ sơ";
        let at = |needle: &str| {
            let s = t.find(needle).unwrap();
            stands_alone(t, s, s + needle.len(), false)
        };
        assert!(!at("228"));
        assert!(!at("05"));
        assert!(!at("2023"));
        assert!(!at("45"));
        assert!(at("327"));
        for (t, n) in [
            ("Nghị định 45 của Chính phủ", "45"),
            ("Kế hoạch số 10 năm", "10"),
            ("dịch vụ công mức độ 3 và 4", "3"),
            ("xếp thứ 10 trong", "10"),
            ("ngày 08 tháng 9 năm 2023", "9"),
        ] {
            let s = t.find(n).unwrap();
            assert!(!stands_alone(t, s, s + n.len(), false), "{t}");
        }
        let t3 = "tổng số 500 hồ sơ";
        let s = t3.find("500").unwrap();
        assert!(stands_alone(t3, s, s + 3, false));
        let t2 = "Số: 204 /BC-UBND";
        let s = t2.find("204").unwrap();
        assert!(!stands_alone(t2, s, s + 3, false));
        // A denominator stands alone when its fraction does.
        let t4 = "Biên chế: 19/21 biên chế được giao; ngày 05/12/2023";
        let s = t4.find("21 ").unwrap();
        assert!(stands_alone(t4, s, s + 2, false));
        let s = t4.find("12/").unwrap();
        assert!(!stands_alone(t4, s, s + 2, false));
        let s = t4.find("2023").unwrap();
        assert!(!stands_alone(t4, s, s + 4, false));
    }
}

#[cfg(test)]
mod props {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use crate::extract::{selftest, RuleSet};
    use crate::model::DocKind;

    fn rules() -> &'static RuleSet {
        static R: OnceLock<RuleSet> = OnceLock::new();
        R.get_or_init(|| RuleSet::builtin().unwrap())
    }

    const PIECES: &[&str] = &[
        "tiếp nhận ",
        "3.954",
        " hồ sơ",
        ", đạt ",
        "99,8",
        " %",
        "/",
        "1.8835.779.000",
        "\t",
        "\n",
        "trễ hạn: ",
        "giảm từ ",
        " xuống còn ",
        "trên ",
        "oá",
        "hoá",
        "Ð",
        "…",
        "(",
        ")",
        ";",
        ". ",
        "Số hồ sơ số hóa đầu vào là ",
        "Tổng số biên chế được giao trong năm",
        "Người",
        "23",
        "| ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_mix_of_report_pieces_is_read_without_panic(
            idx in proptest::collection::vec(0usize..PIECES.len(), 0..40),
            noise in "\\PC{0,12}",
        ) {
            let mut text: String = idx.iter().map(|&i| PIECES[i]).collect();
            text.push_str(&noise);
            let text: String = unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect();
            for kind in [DocKind::BaoCao, DocKind::KeHoach] {
                for f in selftest::figures_of(rules(), &text, kind) {
                    prop_assert!(text.is_char_boundary(f.span.start) && f.span.end <= text.len());
                    prop_assert!(f.value.is_finite());
                }
            }
        }
    }
}
