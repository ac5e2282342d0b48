//! Quantities (extract stage, compositional reader, first step): every
//! number of a sentence with its value, scale, unit word, qualifier and
//! fraction, and the numbers stated in words by a cue ("không có hồ sơ quá
//! hạn" = 0). Dates, document numbers, legal references, list numbers and
//! numbers followed by a unit that no figure has ("12 xã", "15 ngày") are
//! claimed here so they never become figures.
//!
//! The number grammar itself is [`crate::numbers`]; the words are the
//! lexicon's (unit words, qualifiers, reference words before a number).

use crate::model::Qualifier;
use crate::numbers::{parse_number, scale_of, scaled};

use super::lexicon::{
    char_at, char_before, qualifier_value, Hit, Kind, Lexicon, Textual, UnitWord,
};

/// What a quantity measures, as far as its own writing tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QKind {
    Count,
    Percent,
}

#[derive(Clone, Debug)]
pub struct Quantity {
    /// Where its words start (a qualifier included) and end (its unit word,
    /// "%", a scale word included).
    pub start: usize,
    pub end: usize,
    /// The number as written (a scale word included: "hơn 3,7 ngàn" →
    /// "3,7 ngàn"; for a textual quantity, its words).
    pub vstart: usize,
    pub vend: usize,
    pub value: f64,
    pub decimals: u32,
    pub kind: QKind,
    /// The unit its unit word states ("hồ sơ" → ho_so), or "percent"/"dong".
    pub unit: Option<&'static str>,
    pub qualifier: Option<Qualifier>,
    pub textual: bool,
    /// Index (into the sentence's hits) of its unit word: that cue is the
    /// quantity's own.
    pub unit_hit: Option<usize>,
    /// The hit of its qualifier, so it is not read as anything else.
    pub qualifier_hit: Option<usize>,
    /// For the denominator of "a/b": the index of the numerator quantity.
    pub whole_of: Option<usize>,
}

fn is_digit(b: u8) -> bool {
    b.is_ascii_digit()
}

/// The end of the digits-and-groups run starting at `i` ("3.954", "99,8").
fn number_end(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && is_digit(b[i]) {
        i += 1;
    }
    while i + 1 < end && matches!(b[i], b'.' | b',') && is_digit(b[i + 1]) {
        i += 1;
        while i < end && is_digit(b[i]) {
            i += 1;
        }
    }
    i
}

fn skip_spaces(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && b[i] == b' ' {
        i += 1;
    }
    i
}

fn skip_spaces_back(b: &[u8], mut i: usize, start: usize) -> usize {
    while i > start && b[i - 1] == b' ' {
        i -= 1;
    }
    i
}

/// A word character (letter or digit) ends right before `i`.
fn word_before(view: &[u8], i: usize) -> bool {
    char_before(view, i).is_some_and(char::is_alphanumeric)
}

/// A word character starts at `i`.
fn word_after(view: &[u8], i: usize) -> bool {
    char_at(view, i).is_some_and(char::is_alphanumeric)
}

/// A bare year (1990–2100) whose previous word, past "," or "và", is a
/// year too: "trong năm 2022, 2023", "các năm 2021 và 2022".
fn year_after_year(view: &[u8], start: usize, s: usize, value: f64, decimals: u32) -> bool {
    let year = |v: f64| decimals == 0 && (1990.0..=2100.0).contains(&v);
    if !year(value) {
        return false;
    }
    let mut k = s;
    loop {
        while k > start && matches!(view[k - 1], b' ' | b',') {
            k -= 1;
        }
        if k >= start + 3 && &view[k - 3..k] == "và".as_bytes() {
            k -= 3;
            continue;
        }
        break;
    }
    let e = k;
    while k > start && view[k - 1].is_ascii_digit() {
        k -= 1;
    }
    e - k == 4
        && std::str::from_utf8(&view[k..e])
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
            .is_some_and(year)
}

/// After a number ending at `e`: a dash (optionally spaced) and another
/// number — the end of that range.
fn range_end(view: &[u8], e: usize, end: usize) -> Option<usize> {
    let mut k = e;
    while k < end && view[k] == b' ' {
        k += 1;
    }
    let dash = if view[k..end].starts_with(b"-") {
        1
    } else if view[k..end].starts_with("–".as_bytes()) {
        3
    } else {
        return None;
    };
    // "3 - 5" with spaces, "2022–2026" without: both ranges; but a dash
    // with a space on one side only is a list dash.
    let spaced_before = k > e;
    let mut d = k + dash;
    let spaced_after = d < end && view[d] == b' ';
    if spaced_before != spaced_after {
        return None;
    }
    while d < end && view[d] == b' ' {
        d += 1;
    }
    (d < end && is_digit(view[d])).then(|| number_end(view, d, end))
}

/// A number right after a range dash ("2022–2026" read from its end).
fn range_start(view: &[u8], s: usize) -> bool {
    let mut k = s;
    while k > 0 && view[k - 1] == b' ' {
        k -= 1;
    }
    let dash_len = if k >= 1 && view[k - 1] == b'-' {
        1
    } else if k >= 3 && &view[k - 3..k] == "–".as_bytes() {
        3
    } else {
        return false;
    };
    let mut b = k - dash_len;
    let spaced = b > 0 && view[b - 1] == b' ';
    if spaced != (k < s) {
        return false;
    }
    while b > 0 && view[b - 1] == b' ' {
        b -= 1;
    }
    b > 0 && is_digit(view[b - 1])
}

/// The scale word right after `i` ("nghìn", "triệu"…) and where it ends.
fn scale_after(view: &[u8], i: usize, end: usize) -> Option<(f64, usize)> {
    let s = skip_spaces(view, i, end);
    let mut e = s;
    while let Some(c) = char_at(&view[..end], e).filter(|c| c.is_alphabetic()) {
        e += c.len_utf8();
    }
    let word = std::str::from_utf8(&view[s..e]).ok()?;
    if word.is_empty() || word_after(&view[..end], e) {
        return None;
    }
    let scale = scale_of(word).filter(|&x| x > 1.0 && x != 100.0)?;
    Some((scale, e))
}

/// Whether the number ending at `k` fills its cell (a tab follows, after
/// spaces) and the rest of the line holds a cell with letters: a row index.
fn first_cell_index(view: &[u8], k: usize, end: usize) -> bool {
    let mut j = k;
    while j < end && view[j] == b' ' {
        j += 1;
    }
    if j >= end || view[j] != b'\t' {
        return false;
    }
    let line_end = view[j..end]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(end, |p| j + p);
    // A letter: any byte of a multi-byte char or an ASCII letter.
    view[j..line_end]
        .iter()
        .any(|&b| b.is_ascii_alphabetic() || b >= 0x80)
}

/// Whether `view[a..b]` only joins two listed numbers: spaces, ",", "-",
/// "/" and boundary words ("và", "hoặc").
fn list_gap(lx: &Lexicon, view: &[u8], hits: &[Hit], a: usize, b: usize) -> bool {
    let mut k = a;
    while k < b {
        if matches!(view[k], b' ' | b',' | b'-' | b'/') {
            k += 1;
        } else if view[k..b].starts_with("–".as_bytes()) {
            k += "–".len();
        } else {
            let at = hits.partition_point(|h| h.start < k);
            let Some(h) = hits.get(at).filter(|h| h.start == k && h.end <= b) else {
                return false;
            };
            let cue = &lx.cues[h.cue as usize];
            if cue.sets.is_empty()
                || !cue
                    .sets
                    .iter()
                    .all(|&(c, _)| lx.classes[c as usize].kind == Kind::Boundary)
            {
                return false;
            }
            k = h.end;
        }
    }
    true
}

/// Whether byte `pos` is inside one of `hits` (sorted, not overlapping).
fn inside_hit(hits: &[Hit], pos: usize) -> bool {
    let k = hits.partition_point(|h| h.start <= pos);
    k > 0 && pos < hits[k - 1].end
}

/// Every quantity of `view[start..end]`, whose cues are `hits` (in order).
pub fn find(lx: &Lexicon, view: &[u8], start: usize, end: usize, hits: &[Hit]) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    // Cue hits do not overlap and are in text order, so their starts and
    // their ends are both sorted: each look-up is a binary search, which
    // keeps a sentence of many numbers (a single-line file) linear-ish.
    let hit_at = |pos: usize| {
        let k = hits.partition_point(|h| h.start < pos);
        (k < hits.len() && hits[k].start == pos).then_some(k)
    };
    let hit_ending = |pos: usize| {
        let k = hits.partition_point(|h| h.end < pos);
        (k < hits.len() && hits[k].end == pos).then_some(k)
    };
    // The end of the last number that was a reference ("mức độ 3").
    let mut last_blocked: Option<usize> = None;
    let mut i = start;
    while i < end {
        if !is_digit(view[i]) {
            i += 1;
            continue;
        }
        let s = i;
        let e = number_end(view, s, end);
        i = e;
        // Digits inside a cue ("mức độ 3", "6 tháng đầu năm") are its words.
        if inside_hit(hits, s) {
            last_blocked = Some(e);
            continue;
        }
        // Part of a word, a code or a bigger number ("3G", "A1", "1.2.3").
        if word_before(view, s) || (s > 0 && matches!(view[s - 1], b'.' | b',' | b'/' | b'-')) {
            continue;
        }
        // "9001:2015", "8:30": the second part of a code or a time.
        if s >= 2 && view[s - 1] == b':' && is_digit(view[s - 2]) {
            continue;
        }
        let Ok(n) = parse_number(std::str::from_utf8(&view[s..e]).unwrap_or("")) else {
            continue;
        };
        let (mut value, decimals) = (n.value, n.decimals);
        let mut vend = e;
        let mut q_end = e;
        let mut den: Option<(usize, usize, f64, u32)> = None;
        let mut unit: Option<&'static str> = None;
        // "a/b": a fraction; "12/3/2024", "45/KH-UBND", "61/2018/NĐ-CP" are not.
        let mut k = e;
        let spaced = skip_spaces(view, k, end);
        if spaced < end && view[spaced] == b'/' {
            let ds = skip_spaces(view, spaced + 1, end);
            if ds < end && is_digit(view[ds]) {
                let de = number_end(view, ds, end);
                let after = skip_spaces(view, de, end);
                if de < end && (view[de] == b'/' || view[de] == b'-' || word_after(view, de)) {
                    i = de;
                    continue;
                }
                if after < end && view[after] == b'/' {
                    i = de;
                    continue;
                }
                match parse_number(std::str::from_utf8(&view[ds..de]).unwrap_or("")) {
                    Ok(d) => {
                        den = Some((ds, de, d.value, d.decimals));
                        k = de;
                        q_end = de;
                        i = de;
                    }
                    Err(_) => {
                        i = de;
                        continue;
                    }
                }
            } else {
                // "45/KH-UBND", "12/BC": a document number.
                continue;
            }
        } else if let Some(next) = range_end(view, e, end) {
            // "2023-2025", "2022 – 2026", "0255-3822": a span of years or a
            // phone number.
            i = next;
            continue;
        }
        if range_start(view, s) {
            continue;
        }
        // A letter glued to the digits: only "đ" (money) and scale words.
        if k < end
            && word_after(view, k)
            && !view[k..].starts_with("đ".as_bytes())
            && scale_after(view, k, end).is_none()
        {
            continue;
        }
        // A list number at the start of a line: "1. Tổng số…", "2) …".
        let line_start = view[..s]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        if view[line_start..s].iter().all(|&b| b == b' ' || b == b'\t')
            && k < end
            && matches!(view[k], b'.' | b')')
            && (k + 1 >= end || view[k + 1] == b' ' || view[k + 1] == b'\t')
            && den.is_none()
        {
            continue;
        }
        // The first cell of a table row, alone, before a cell of words: the
        // row's number in the form ("4.1 ⇥ Lãnh đạo bị kỷ luật ⇥ Người ⇥ 0").
        if view[line_start..s].iter().all(|&b| b == b' ')
            && den.is_none()
            && first_cell_index(view, k, end)
        {
            continue;
        }
        // A bracketed reference "(1)".
        if s > 0 && view[s - 1] == b'(' && k < end && view[k] == b')' && den.is_none() {
            continue;
        }
        let mut kind = QKind::Count;
        // Scale word: "3,7 ngàn", "2,3 triệu".
        if den.is_none() {
            // Not the first word of a longer cue ("2024 tỉ lệ": a rate).
            let longer_cue =
                |se: usize| hit_at(skip_spaces(view, k, end)).is_some_and(|hi| hits[hi].end > se);
            if let Some((scale, se)) = scale_after(view, k, end).filter(|&(_, se)| !longer_cue(se))
            {
                value = scaled(value, scale);
                vend = se;
                q_end = se;
                k = se;
            }
        }
        // A unit cell "%" before the value cell ("Tỷ lệ … ⇥ % ⇥ 100").
        {
            let mut b = s;
            while b > start && matches!(view[b - 1], b' ' | b'\t') {
                b -= 1;
            }
            let tab_between = view[b..s].contains(&b'\t');
            if tab_between && b > start && view[b - 1] == b'%' {
                let mut c = b - 1;
                while c > start && view[c - 1] == b' ' {
                    c -= 1;
                }
                if c == start || view[c - 1] == b'\t' {
                    kind = QKind::Percent;
                    unit = Some("percent");
                }
            }
        }
        // "%", "phần trăm".
        let p = skip_spaces(view, k, end);
        if p < end && view[p] == b'%' {
            kind = QKind::Percent;
            unit = Some("percent");
            q_end = p + 1;
        } else if view[p..end].starts_with("phần trăm".as_bytes()) {
            kind = QKind::Percent;
            unit = Some("percent");
            q_end = p + "phần trăm".len();
        }
        // "100% xã, phường": a share of units, not a figure.
        if kind == QKind::Percent {
            let u = skip_spaces(view, q_end, end);
            // (A time word after it is not such a unit: "3,41% năm 2023".)
            if hit_at(u).is_some_and(|hi| {
                let cue = &lx.cues[hits[hi].cue as usize];
                cue.unit == Some(UnitWord::Block) && !cue.prefix_block
            }) {
                continue;
            }
        }
        // A unit word right after: "hồ sơ", "phiếu", "xã", "đồng". After a
        // percentage it names what the share is of ("100% hồ sơ").
        let mut unit_hit = None;
        if kind == QKind::Percent {
            let u = skip_spaces(view, q_end, end);
            if let Some(hi) = hit_at(u) {
                if matches!(lx.cues[hits[hi].cue as usize].unit, Some(UnitWord::Unit(_))) {
                    unit_hit = Some(hi);
                }
            }
        }
        if kind == QKind::Count {
            let u = skip_spaces(view, k, end);
            if let Some(hi) = hit_at(u) {
                match lx.cues[hits[hi].cue as usize].unit {
                    Some(UnitWord::Block) => continue,
                    Some(UnitWord::Unit(un)) => {
                        unit = Some(un);
                        unit_hit = Some(hi);
                        q_end = hits[hi].end;
                    }
                    None => {}
                }
            } else if view[k..].starts_with("đ".as_bytes()) && !word_after(view, k + 2) {
                unit = Some("dong");
                q_end = k + 2;
            } else if u < end && char_at(&view[..end], u).is_some_and(char::is_alphabetic) {
                // A word the lexicon does not know right after a count is
                // what it counts ("07 quan điểm", "1200 tờ", "73,5 m"):
                // something no indicator counts. Words that may follow a
                // bare count ("trong", "của", "so với") are cues.
                continue;
            }
        }
        // "612.450 đồng/845.320.000 đồng": a fraction written with its units.
        if den.is_none() && unit_hit.is_some() {
            let slash = skip_spaces(view, q_end, end);
            if slash < end && view[slash] == b'/' {
                let ds = skip_spaces(view, slash + 1, end);
                if ds < end && is_digit(view[ds]) {
                    let de = number_end(view, ds, end);
                    if let Ok(d) = parse_number(std::str::from_utf8(&view[ds..de]).unwrap_or("")) {
                        den = Some((ds, de, d.value, d.decimals));
                        i = de;
                    }
                }
            }
        }
        // Words right before: a qualifier ("hơn", "trên") or a reference
        // word ("năm 2024", "Nghị định 61", "Kế hoạch số 12").
        let mut qualifier = None;
        let mut qualifier_hit = None;
        let mut q_start = s;
        let mut b = skip_spaces_back(view, s, start);
        let mut blocked = false;
        // Glue words between a qualifier and its number ("trên mức 90%").
        for step in 0..2 {
            let Some(hi) = hit_ending(b) else { break };
            let cue = &lx.cues[hits[hi].cue as usize];
            // "năm 2024", "6 tháng đầu năm 2024": only right before the number.
            if step == 0 && cue.prefix_block {
                blocked = true;
                break;
            }
            if let Some(qv) = cue.sets.iter().find_map(|&(c, v)| {
                (lx.classes[c as usize].kind == Kind::Qualifier && !cue.after)
                    .then(|| qualifier_value(lx.value_name(c, v)))
                    .flatten()
            }) {
                qualifier = Some(qv);
                qualifier_hit = Some(hi);
                q_start = hits[hi].start;
                break;
            }
            let glue = cue
                .sets
                .iter()
                .all(|&(c, _)| lx.classes[c as usize].kind == Kind::Glue)
                && !cue.sets.is_empty();
            if !glue {
                break;
            }
            b = skip_spaces_back(view, hits[hi].start, start);
        }
        // "mức độ 3 và 4", "năm 2023, 2024": a bare number listed right
        // after a reference number is one too.
        if !blocked && kind == QKind::Count && unit.is_none() {
            blocked = last_blocked.is_some_and(|pe| pe <= s && list_gap(lx, view, hits, pe, s));
        }
        if blocked {
            last_blocked = Some(e);
            continue;
        }
        // "từ 90% trở lên": a qualifier after the number.
        if qualifier.is_none() {
            let a = skip_spaces(view, q_end, end);
            if let Some(hi) = hit_at(a) {
                let cue = &lx.cues[hits[hi].cue as usize];
                if cue.after {
                    qualifier = cue.sets.iter().find_map(|&(c, v)| {
                        (lx.classes[c as usize].kind == Kind::Qualifier)
                            .then(|| qualifier_value(lx.value_name(c, v)))
                            .flatten()
                    });
                    if qualifier.is_some() {
                        qualifier_hit = Some(hi);
                        q_end = hits[hi].end;
                    }
                }
            }
        }
        // "năm 2022, 2023": a year listed after a year.
        if kind == QKind::Count
            && unit.is_none()
            && den.is_none()
            && year_after_year(view, start, s, value, decimals)
        {
            continue;
        }
        let numerator = out.len();
        out.push(Quantity {
            start: q_start,
            end: q_end,
            vstart: s,
            vend: if den.is_some() { e } else { vend },
            value,
            decimals,
            kind,
            unit,
            qualifier,
            textual: false,
            unit_hit,
            qualifier_hit,
            whole_of: None,
        });
        if let Some((ds, de, dv, dd)) = den {
            out.push(Quantity {
                start: ds,
                end: de,
                vstart: ds,
                vend: de,
                value: dv,
                decimals: dd,
                kind: QKind::Count,
                unit,
                qualifier: None,
                textual: false,
                unit_hit,
                qualifier_hit: None,
                whole_of: Some(numerator),
            });
        }
    }
    // Small numbers in words before a unit word: "hai hồ sơ", "ba hợp đồng".
    for (hi, h) in hits.iter().enumerate() {
        if !matches!(lx.cues[h.cue as usize].unit, Some(UnitWord::Unit(_))) {
            continue;
        }
        let Some((ws, value)) = number_word_before(view, start, h.start) else {
            continue;
        };
        if inside_hit(hits, ws) {
            continue;
        }
        out.push(Quantity {
            start: ws,
            end: h.end,
            vstart: ws,
            vend: skip_spaces_back(view, h.start, ws),
            value,
            decimals: 0,
            kind: QKind::Count,
            unit: match lx.cues[h.cue as usize].unit {
                Some(UnitWord::Unit(u)) => Some(u),
                _ => None,
            },
            qualifier: None,
            textual: true,
            unit_hit: Some(hi),
            qualifier_hit: None,
            whole_of: None,
        });
    }
    // Numbers in words: "không có hồ sơ trễ hạn" (0), "toàn bộ hồ sơ … đúng hạn" (100 %).
    for (hi, h) in hits.iter().enumerate() {
        let Some(t) = lx.cues[h.cue as usize].textual else {
            continue;
        };
        // "không có hồ sơ trễ hạn", "toàn bộ hồ sơ": the words right after
        // (past glue such as "đều") must name what is counted or what
        // happened to it; "không có sai sót" states no figure.
        let mut k = hi + 1;
        let mut at = h.end;
        // "Quá hạn: không": the label before names it; the clause ends here.
        let label_zero = t == Textual::ZeroLabel && {
            let e2 = skip_spaces(view, h.end, end);
            e2 >= end || matches!(view[e2], b',' | b';' | b'.' | b'\n' | b')' | b'\t')
        };
        if t == Textual::ZeroLabel && !label_zero {
            continue;
        }
        // "không tiếp nhận phản ánh": the cue names what is counted itself.
        let names_itself = lx
            .identity()
            .is_some_and(|o| lx.cues[h.cue as usize].sets.iter().any(|&(c, _)| c == o));
        let names_something = label_zero
            || names_itself
            || loop {
                let Some(next) = hits.get(k) else { break false };
                if !view[at..next.start].iter().all(|&b| b == b' ') {
                    break false;
                }
                let cue = &lx.cues[next.cue as usize];
                let kinds = || cue.sets.iter().map(|&(c, _)| lx.classes[c as usize].kind);
                if matches!(cue.unit, Some(UnitWord::Unit(_)))
                    || kinds().any(|x| x == Kind::Feature)
                {
                    break true;
                }
                if !cue.sets.is_empty() && kinds().all(|x| x == Kind::Glue) {
                    at = next.end;
                    k += 1;
                    continue;
                }
                break false;
            };
        if !names_something {
            continue;
        }
        let (value, kind, unit) = match t {
            Textual::Zero | Textual::ZeroLabel => (0.0, QKind::Count, None),
            Textual::All => (100.0, QKind::Percent, Some("percent")),
        };
        out.push(Quantity {
            start: h.start,
            end: h.end,
            vstart: h.start,
            vend: h.end,
            value,
            decimals: 0,
            kind,
            unit,
            qualifier: None,
            textual: true,
            unit_hit: None,
            qualifier_hit: Some(hi),
            whole_of: None,
        });
    }
    out.sort_by_key(|q| (q.vstart, q.whole_of.is_some()));
    // Keep `whole_of` pointing at its numerator after the sort.
    let mut fixed = out.clone();
    for (i, q) in out.iter().enumerate() {
        if q.whole_of.is_some() {
            fixed[i].whole_of = (0..i)
                .rev()
                .find(|&j| out[j].vend <= q.vstart && out[j].whole_of.is_none());
        }
    }
    fixed
}

/// "một", "hai", "mười hai" right before a unit word `at` (spaces between):
/// where the words start and their value ("một cửa", "một phần" have no
/// unit word after them).
fn number_word_before(view: &[u8], start: usize, at: usize) -> Option<(usize, f64)> {
    let end = skip_spaces_back(view, at, start);
    if end == at {
        return None;
    }
    let mut ws = end;
    let mut best = None;
    for _ in 0..3 {
        // One more word back.
        let mut w = ws;
        while w > start && view[w - 1] == b' ' {
            w -= 1;
        }
        let mut b = w;
        while b > start && char_before(view, b).is_some_and(char::is_alphabetic) {
            b -= char_before(view, b).map_or(1, char::len_utf8);
        }
        if b == w {
            break;
        }
        let phrase = std::str::from_utf8(&view[b..end]).ok()?;
        // A scale word alone is a digit's ("3,7 ngàn"), not a number.
        if scale_of(phrase).is_some() {
            break;
        }
        match crate::numbers::parse_words(phrase) {
            Some(n)
                if !phrase.contains("không")
                    && !phrase.contains("toàn")
                    && !phrase.contains("tất") =>
            {
                best = Some((b, n.value));
            }
            _ => break,
        }
        ws = b;
    }
    let (b, v) = best?;
    // Not part of a longer word run ("năm" as a year word, "tư" in "tư pháp").
    (!word_before_at(view, start, b) && v > 0.0).then_some((b, v))
}

fn word_before_at(view: &[u8], start: usize, b: usize) -> bool {
    let k = skip_spaces_back(view, b, start);
    k > start && k == b && word_before(view, k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::compose::lexicon::cue_view;

    const SRC: &str = r#"
[[class]]
name = "object"
kind = "feature"

[[class]]
name = "bound"
kind = "qualifier"

[[class]]
name = "glue"
kind = "glue"

[[cue]]
forms = ["hồ sơ"]
set = { object = "ho_so" }
unit = "ho_so"

[[cue]]
forms = ["xã", "ngày"]
unit = "none"

[[cue]]
forms = ["hơn", "trên"]
set = { bound = "gt" }

[[cue]]
forms = ["trở lên"]
set = { bound = "ge" }
after = true

[[cue]]
forms = ["mức", "đạt"]
set = { glue = "x" }

[[cue]]
forms = ["năm", "số"]
prefix_block = true

[[cue]]
forms = ["không có"]
textual = "zero"
"#;

    fn q(text: &str) -> Vec<(f64, Option<&'static str>, Option<Qualifier>)> {
        let lx = Lexicon::parse("t.toml", SRC).unwrap();
        let mut view = Vec::new();
        cue_view(text, &mut view);
        let mut hits = Vec::new();
        lx.find(&view, 0, view.len(), &mut hits);
        find(&lx, &view, 0, view.len(), &hits)
            .into_iter()
            .map(|q| (q.value, q.unit, q.qualifier))
            .collect()
    }

    #[test]
    fn numbers_units_scales_and_qualifiers() {
        assert_eq!(
            q("tiếp nhận hơn 3,7 ngàn hồ sơ, đạt trên mức 99,8 %"),
            [
                (3700.0, Some("ho_so"), Some(Qualifier::Gt)),
                (99.8, Some("percent"), Some(Qualifier::Gt))
            ]
        );
        assert_eq!(
            q("từ 90% trở lên"),
            [(90.0, Some("percent"), Some(Qualifier::Ge))]
        );
        assert_eq!(q("1.850.687đ"), [(1850687.0, Some("dong"), None)]);
    }

    #[test]
    fn not_quantities() {
        assert!(q("ngày 12/3/2024, Kế hoạch 45/KH-UBND, năm 2024, 12 xã, 15 ngày").is_empty());
        assert!(q("Nghị định 61/2018/NĐ-CP; giai đoạn 2021-2025; số 12").is_empty());
        assert!(q("1. Tổng số\n2) Tiếp nhận (1)").is_empty());
    }

    #[test]
    fn fractions_and_words() {
        let lx = Lexicon::parse("t.toml", SRC).unwrap();
        let text = "số hóa 150/200 hồ sơ; không có hồ sơ trễ hạn";
        let mut view = Vec::new();
        cue_view(text, &mut view);
        let mut hits = Vec::new();
        lx.find(&view, 0, view.len(), &mut hits);
        let qs = find(&lx, &view, 0, view.len(), &hits);
        assert_eq!(qs.len(), 3);
        assert_eq!((qs[0].value, qs[0].whole_of), (150.0, None));
        assert_eq!((qs[1].value, qs[1].whole_of), (200.0, Some(0)));
        assert!(qs[2].textual && qs[2].value == 0.0);
    }
}
