//! Structural attachment (extract stage, compositional reader): which cues
//! of a sentence govern which of its numbers.
//!
//! - **Windows.** The words between two numbers are split at the first
//!   boundary (",", ";", ":", brackets, a dash, a link or boundary word):
//!   what stands before it describes the first number ("1.204 hồ sơ được
//!   giải quyết trước hạn"), what follows it the second ("…, đã giải quyết
//!   195"). Without a boundary, the words go to the second number when the
//!   first already has a label before it, else to the first ("Có 45 hồ sơ
//!   bị trả lại"). The first number also reads back to the sentence start,
//!   the last one forward to its first boundary (a number stated first
//!   reads on past one comma: "3.200 hồ sơ được tiếp nhận, trả kết quả qua
//!   bưu điện"). Within a window, the cue nearest the number wins its class.
//! - **Stated shares.** A percentage that follows a count and its words
//!   with nothing but glue between ("đạt", "chiếm", "(…)") is a share *of*
//!   that count; a count that follows a percentage with "tương ứng" is the
//!   count *of* that share.
//! - **Breakdowns.** A link ("trong đó", "gồm"), a bracket or a colon after
//!   a number opens a breakdown: the numbers inside inherit what it is
//!   about (its parent). Classes marked so also pass from the label of an
//!   earlier number of the sentence, and from the lead-in or list head
//!   above it. A number that says nothing of its own but a role or a
//!   change ("cùng kỳ năm trước: 1.652", "vượt chỉ tiêu (30%)", "tỷ lệ này
//!   đạt 50%") restates the figure before it.
//! - **Roles and changes.** A role cue governs the numbers after it, to the
//!   end of its sentence or clause; a change word right before a number
//!   makes it a change ("tăng 6%": no figure) or a baseline ("giảm từ A").
//!
//! Cues never cross a sentence except through the parent, the context and
//! an anaphor.

use crate::model::Role;

use super::decide::{Features, Src};
use super::lexicon::{role_value, Hit, Kind, Lexicon, Reach};
use super::quantity::{QKind, Quantity};

/// What a change word says of the number after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// "tăng 6%": the number is a change, not a figure.
    Delta,
    /// "giảm từ 10,85%": the old level, a baseline.
    From,
    /// "xuống còn 1,31%": the new level.
    To,
}

/// One number of a sentence, read in its place.
#[derive(Clone, Debug)]
pub struct Reading {
    pub features: Features,
    pub role: Option<Role>,
    pub change: Option<Change>,
    /// The count this percentage is a share of (index into the quantities).
    pub share_of: Option<usize>,
    /// The percentage this count is the count of ("…0,3%, tương ứng 146").
    pub count_of: Option<usize>,
    /// The number whose breakdown this one is part of.
    pub parent: Option<usize>,
    /// Where the words that describe it start and end.
    pub evidence: (usize, usize),
    /// A second value of a coordinate class its label states ("số hóa hồ
    /// sơ, kết quả …": the number is stated of both).
    pub also: Option<(u16, u16, (u32, u32))>,
    /// Its label names only a total ("tổng số 6.087 hồ sơ" after the
    /// parts): it is the total of the numbers before it.
    pub total_label: bool,
}

/// What the sentence stands under.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Features of the list head's number ("2. Số hồ sơ đã giải quyết: 396"
    /// above "- Trước hạn: 120"), inherited as a parent.
    pub parent: Option<Features>,
    /// Features of a lead-in without a number ("Kết quả giải quyết hồ sơ:").
    pub lead: Option<Features>,
    /// The last count and the last percentage of the previous sentence, for
    /// an anaphor ("tỷ lệ này").
    pub previous: [Option<Features>; 2],
    /// The role the lead-in's words give ("Các chỉ tiêu năm 2025:").
    pub role: Option<Role>,
}

fn kind_index(k: QKind) -> usize {
    match k {
        QKind::Count => 0,
        QKind::Percent => 1,
    }
}

/// Index of a quantity kind in [`Context::previous`].
pub fn previous_slot(k: QKind) -> usize {
    kind_index(k)
}

fn is_boundary_byte(b: u8) -> bool {
    matches!(b, b',' | b';' | b':' | b'(' | b')' | b'\t')
}

struct Sentence<'a> {
    lx: &'a Lexicon,
    view: &'a [u8],
    s: usize,
    e: usize,
    hits: &'a [Hit],
}

impl Sentence<'_> {
    fn kinds(&self, h: usize) -> impl Iterator<Item = Kind> + '_ {
        let cue = &self.lx.cues[self.hits[h].cue as usize];
        cue.sets
            .iter()
            .map(move |&(c, _)| self.lx.classes[c as usize].kind)
    }

    fn has(&self, h: usize, k: Kind) -> bool {
        self.kinds(h).any(|x| x == k)
    }

    /// A cue that says something of its own (a feature).
    fn content(&self, h: usize) -> bool {
        self.has(h, Kind::Feature)
    }

    /// Glue, and nothing else.
    fn glue(&self, h: usize) -> bool {
        let cue = &self.lx.cues[self.hits[h].cue as usize];
        !cue.sets.is_empty() && self.kinds(h).all(|k| matches!(k, Kind::Glue | Kind::Equiv))
    }

    fn hit_at(&self, i: usize) -> Option<usize> {
        let k = self.hits.partition_point(|h| h.start < i);
        (k < self.hits.len() && self.hits[k].start == i).then_some(k)
    }

    fn dash_at(&self, k: usize) -> bool {
        let v = self.view;
        (v[k] == b'-' || v[k..].starts_with("–".as_bytes())) && k > 0 && v[k - 1] == b' '
    }

    /// Between a count's end and a percentage: the count's own words (no
    /// link, no other number), at most one boundary, then glue only. True
    /// when the percentage is a share of the count.
    fn share_gap(&self, a: usize, b: usize, equiv_needed: bool) -> bool {
        let mut k = a;
        let mut crossed = false;
        let mut last_glue = false;
        let mut equiv = false;
        while k < b {
            let c = self.view[k];
            if c == b' ' {
                k += 1;
                continue;
            }
            if let Some(h) = self.hit_at(k) {
                let hit = self.hits[h];
                // A link, a boundary word or a comparison ("so với năm
                // 2023 (53,3%)") opens another figure.
                if hit.end > b
                    || self.has(h, Kind::Link)
                    || self.has(h, Kind::Boundary)
                    || self.has(h, Kind::Role)
                {
                    return false;
                }
                if self.glue(h) {
                    last_glue = true;
                    equiv |= self.has(h, Kind::Equiv);
                } else if crossed || equiv_needed {
                    return false;
                } else {
                    last_glue = false;
                }
                k = hit.end;
                continue;
            }
            if matches!(c, b',' | b'(' | b':' | b'=') || self.dash_at(k) {
                if crossed {
                    // "(" after ", đạt": still one step.
                    if c != b'(' {
                        return false;
                    }
                }
                crossed = true;
                last_glue = true;
                k += if c.is_ascii() { 1 } else { 3 };
                continue;
            }
            let sentence_end = c == b'.' && !(k + 1 < b && self.view[k + 1].is_ascii_digit());
            if matches!(c, b';' | b')' | b'\t' | b'\n') || sentence_end {
                return false;
            }
            // An unknown word: part of the count's words, before any boundary.
            if crossed || equiv_needed {
                return false;
            }
            last_glue = false;
            k += 1;
        }
        (!equiv_needed || equiv) && (crossed || last_glue)
    }
}

/// Read every quantity of one sentence `[s, e)` of `view`.
pub fn read_sentence(
    lx: &Lexicon,
    view: &[u8],
    (s, e): (usize, usize),
    hits: &[Hit],
    qs: &[Quantity],
    ctx: &Context,
) -> Vec<Reading> {
    let sn = Sentence {
        lx,
        view,
        s,
        e,
        hits,
    };
    let n = qs.len();
    let nclass = lx.classes.len();
    // Hits that belong to a quantity: its unit word, its qualifier, or
    // words inside its span.
    let mut claimed = vec![false; hits.len()];
    for q in qs {
        for h in [q.unit_hit, q.qualifier_hit].into_iter().flatten() {
            claimed[h] = true;
        }
    }
    for (hi, h) in hits.iter().enumerate() {
        if qs.iter().any(|q| h.start >= q.start && h.end <= q.end) {
            claimed[hi] = true;
        }
    }
    let mut readings: Vec<Reading> = (0..n)
        .map(|i| Reading {
            features: Features::new(nclass),
            role: None,
            change: None,
            share_of: None,
            count_of: None,
            parent: None,
            evidence: (qs[i].start, qs[i].end),
            also: None,
            total_label: false,
        })
        .collect();

    // Shares stated of a count, and counts stated of a share.
    let mut last_primary: Option<usize> = None;
    for i in 0..n {
        if qs[i].whole_of.is_some() {
            continue;
        }
        if let Some(j) = last_primary {
            let gap_ok = |need_equiv| sn.share_gap(qs[j].end, qs[i].start, need_equiv);
            // "600 phiếu, 98% hài lòng": words of its own right after the
            // percentage make it no share of the count before.
            // ("chiếm 58,2% tổng số hồ sơ": after glue, the words name the
            // whole, and it is a share.)
            // Words of its own right after the percentage ("600 phiếu, 98%
            // hài lòng"; "đạt tỷ lệ 100% hồ sơ giải quyết trước và đúng
            // hạn") make it no share of the count before; words that name a
            // whole ("chiếm 58,2% tổng số hồ sơ") do not.
            let own_words = {
                let mut k = qs[i].end;
                loop {
                    while k < e && view[k] == b' ' {
                        k += 1;
                    }
                    match sn.hit_at(k) {
                        Some(h) if sn.glue(h) => k = hits[h].end,
                        _ => break,
                    }
                }
                let unit_word = qs[i].unit_hit.is_some();
                sn.hit_at(k).is_some_and(|h| {
                    let cue = &lx.cues[hits[h].cue as usize];
                    let whole = sn.has(h, Kind::Total) || sn.has(h, Kind::Over) || cue.prefix_block;
                    !whole && (sn.content(h) || unit_word)
                })
            };
            if qs[i].kind == QKind::Percent
                && !qs[i].textual
                && qs[j].kind == QKind::Count
                && !qs[j].textual
                && !own_words
                && change_of(&sn, qs[j].start) != Some(Change::Delta)
                && gap_ok(false)
            {
                readings[i].share_of = Some(j);
                continue;
            }
            if qs[i].kind == QKind::Count && qs[j].kind == QKind::Percent && gap_ok(true) {
                readings[i].count_of = Some(j);
            }
        }
        last_primary = Some(i);
    }
    // A denominator is read with its numerator, a share with its count.
    let primary: Vec<usize> = (0..n)
        .filter(|&i| readings[i].share_of.is_none() && qs[i].whole_of.is_none())
        .collect();
    // Spans the windows step over: shares (with their glue and brackets)
    // and denominators.
    let mut skip: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        if let Some(j) = readings[i].share_of {
            // From the glue and brackets right before the percentage, and
            // the boundary before them: the count's own words stay its own.
            let mut a = qs[i].start;
            loop {
                while a > qs[j].end && view[a - 1] == b' ' {
                    a -= 1;
                }
                if a > qs[j].end && matches!(view[a - 1], b'(' | b',' | b':' | b'=') {
                    a -= 1;
                    continue;
                }
                match hits[..]
                    .iter()
                    .position(|h| h.end == a && h.start >= qs[j].end)
                {
                    Some(h) if sn.glue(h) => a = hits[h].start,
                    _ => break,
                }
            }
            let mut b = qs[i].end;
            let mut k = b;
            while k < e && view[k] == b' ' {
                k += 1;
            }
            if k < e && view[k] == b')' && view[a..qs[i].start].contains(&b'(') {
                b = k + 1;
            }
            skip.push((a, b));
        } else if qs[i].whole_of.is_some() {
            skip.push((qs[i].start, qs[i].end));
        }
    }
    let skipped = |i: usize| skip.iter().any(|&(a, b)| a <= i && i < b);
    let inside_hit = |k: usize| {
        let x = hits.partition_point(|h| h.start <= k);
        x > 0 && hits[x - 1].end > k
    };
    let skip_start = |from: usize| {
        skip.iter()
            .filter(|&&(a, _)| a >= from)
            .map(|&(a, _)| a)
            .min()
    };

    // Windows: for each primary, cue indices before (left) and after (right).
    let mut left: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut right: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut right_far: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut frames: Vec<(usize, bool)> = Vec::new(); // (parent or MAX, opened by a bracket)
    let collect = |a: usize, b: usize| -> Vec<usize> {
        let k0 = hits.partition_point(|h| h.start < a);
        (k0..hits.len())
            .take_while(|&h| hits[h].start < b)
            .filter(|&h| hits[h].end <= b && !claimed[h] && !skipped(hits[h].start))
            .collect()
    };
    let words_between = |a: usize, b: usize| collect(a, b).into_iter().any(|h| sn.content(h));
    // Asides: brackets without a number ("Tổng số hồ sơ tiếp nhận (cả trực
    // tiếp và trực tuyến) là 812"). A label reads past them.
    let mut asides: Vec<(usize, usize)> = Vec::new();
    {
        let mut open: Option<usize> = None;
        for (k, &b) in view.iter().enumerate().take(e).skip(s) {
            match b {
                b'(' => open = Some(k),
                b')' => {
                    if let Some(o) = open.take() {
                        // Quantities are in text order: the first after `o`.
                        let first = qs.partition_point(|q| q.vstart <= o);
                        if qs.get(first).is_none_or(|q| q.vstart >= k) {
                            asides.push((o, k + 1));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let label = |a: usize, b: usize| -> Vec<usize> {
        collect(a, b)
            .into_iter()
            .filter(|&h| {
                !asides
                    .iter()
                    .any(|&(x, y)| x <= hits[h].start && hits[h].end <= y)
            })
            .collect()
    };
    // Whether a cue names number `p` since the last comma before it
    // (`own` its left words): "Trong kỳ, có 186 hồ sơ được …" is not, it is
    // stated number first.
    let labelled_near = |p: usize, own: &[usize]| {
        let near = (s..qs[p].start)
            .rev()
            .find(|&k| matches!(view[k], b',' | b';') && !skipped(k))
            .map_or(s, |k| k + 1);
        own.iter().any(|&h| sn.content(h) && hits[h].start >= near)
    };
    let mut prev: Option<usize> = None;
    // The number a bracket closed just now was about.
    let mut reopened: Option<usize> = None;
    for &i in &primary {
        let gap_start = prev.map_or(s, |p| qs[p].end);
        let gap_end = qs[i].start;
        let mut split: Option<(usize, u8)> = None;
        let mut k = gap_start;
        while k < gap_end {
            if skipped(k) {
                k += 1;
                continue;
            }
            if let Some(h) = sn.hit_at(k) {
                if sn.has(h, Kind::Link) || sn.has(h, Kind::Boundary) {
                    if split.is_none() {
                        split = Some((k, b'&'));
                    }
                    // A link opens the breakdown of the number before it —
                    // the one a closed bracket was about ("hiện có 22 người
                    // (vượt 01 người …), gồm 10 cán bộ …") — unless a label
                    // of its own stands before it ("TTHC cấp xã gồm 108").
                    if sn.has(h, Kind::Link) {
                        let owner = reopened.or(prev);
                        if let Some(p) = owner {
                            let from = (qs[p].end.max(gap_start)..k)
                                .rev()
                                .find(|&x| matches!(view[x], b',' | b';' | b')') && !inside_hit(x))
                                .unwrap_or(qs[p].end.max(gap_start));
                            let own_label = words_between(from, k);
                            if !own_label && !frames.iter().any(|f| f.0 == p) {
                                frames.push((p, false));
                            }
                        }
                    }
                }
                k = hits[h].end;
                continue;
            }
            let b = view[k];
            if is_boundary_byte(b) || sn.dash_at(k) {
                if split.is_none() {
                    split = Some((k, b));
                }
                match b {
                    b'(' => {
                        // The number right before, or one stated first
                        // whose own words run up to the bracket ("còn 214
                        // hồ sơ đang giải quyết (cấp huyện 162 …)").
                        let opener = prev.filter(|&p| {
                            !words_between(qs[p].end, k)
                                || (!view[qs[p].end..k].iter().any(|&c| matches!(c, b',' | b';'))
                                    && !labelled_near(p, &left[p]))
                        });
                        frames.push((opener.unwrap_or(usize::MAX), true));
                    }
                    b')' => {
                        if let Some(pos) = frames.iter().rposition(|f| f.1) {
                            let opener = frames[pos].0;
                            frames.truncate(pos);
                            reopened = (opener != usize::MAX).then_some(opener);
                        }
                    }
                    b':' => {
                        if let Some(p) = prev {
                            if !words_between(qs[p].end, k) && !frames.iter().any(|f| f.0 == p) {
                                frames.push((p, false));
                            }
                        }
                    }
                    _ => {}
                }
            }
            k += 1;
        }
        // "… tổng số hồ sơ tiếp nhận (445 hồ sơ)": a bracket that opens on
        // the number makes the words before it its label.
        if let (Some(p), Some((sp, b'('))) = (prev, split) {
            let opens_on_number = view[sp + 1..gap_end].iter().all(|&c| c == b' ');
            let labelled = left[p].iter().any(|&h| sn.content(h));
            if opens_on_number && labelled && words_between(qs[p].end, sp) {
                let from = skip_start(qs[p].end)
                    .filter(|&a| a < sp)
                    .map_or(qs[p].end, |a| {
                        skip.iter().find(|x| x.0 == a).map_or(a, |x| x.1)
                    });
                split = Some((from, b' '));
            }
        }
        match (prev, split) {
            (None, _) => left[i] = label(gap_start, gap_end),
            (Some(p), Some((sp, _))) => {
                right[p].extend(collect(gap_start, sp));
                // Words between two commas belong to neither number when the
                // last comma opens a label of its own ("14 phản ánh, kiến
                // nghị của tổ chức, cá nhân về …, đã xử lý 14/14").
                let last = (sp + 1..gap_end)
                    .rev()
                    .find(|&k| matches!(view[k], b',' | b';') && !skipped(k) && !inside_hit(k));
                // A number stated first keeps the words up to that last
                // comma ("10 nhiệm vụ đang triển khai, chưa đến thời hạn;
                // 2 nhiệm vụ chậm tiến độ").
                let number_first = !labelled_near(p, &left[p]);
                left[i] = match last {
                    Some(lc) if number_first => {
                        right_far[p] = collect(sp + 1, lc);
                        label(lc, gap_end)
                    }
                    Some(lc) if label(lc, gap_end).iter().any(|&h| sn.content(h)) => {
                        label(lc, gap_end)
                    }
                    _ => label(sp, gap_end),
                };
            }
            (Some(p), None) => {
                if labelled_near(p, &left[p]) {
                    left[i] = label(gap_start, gap_end);
                } else {
                    right[p].extend(collect(gap_start, gap_end));
                }
            }
        }
        reopened = None;
        readings[i].parent = frames.iter().rev().map(|f| f.0).find(|&p| p != usize::MAX);
        if readings[i].parent == Some(i) {
            readings[i].parent = None;
        }
        prev = Some(i);
    }
    // The last number reads forward to its first boundary, or to its share.
    if let Some(&last) = primary.last() {
        let until = |from: usize| -> (usize, u8) {
            let mut k = from;
            while k < e {
                // A share in brackets ("45 hồ sơ (chiếm 1,2%) bị trả lại")
                // is stepped over; one after a comma ends the count's words.
                if let Some(&(a, b)) = skip.iter().find(|x| x.0 == k) {
                    if view[a..b].first() == Some(&b'(')
                        || view[a..b].trim_ascii_start().first() == Some(&b'(')
                    {
                        k = b;
                        continue;
                    }
                    return (k, b',');
                }
                // So is an aside: "văn bản đi (trừ văn bản mật) được ký số".
                if let Some(&(_, b)) = asides.iter().find(|x| x.0 == k) {
                    k = b;
                    continue;
                }
                if let Some(h) = sn.hit_at(k) {
                    if sn.has(h, Kind::Link) {
                        return (k, b'&');
                    }
                    k = hits[h].end;
                    continue;
                }
                let b = view[k];
                if is_boundary_byte(b) || b == b'.' && k + 1 < e && view[k + 1] == b' ' {
                    return (k, b);
                }
                k += 1;
            }
            (e, b'.')
        };
        let (end1, why) = until(qs[last].end);
        right[last].extend(collect(qs[last].end, end1));
        // Stated first ("3.200 hồ sơ được tiếp nhận, trả kết quả qua bưu
        // điện"): its words run on past one comma.
        let near = (s..qs[last].start)
            .rev()
            .find(|&k| matches!(view[k], b',' | b';'))
            .map_or(s, |k| k + 1);
        let number_first = !left[last]
            .iter()
            .any(|&h| sn.content(h) && hits[h].start >= near);
        if number_first && why == b',' && skip_start(qs[last].end).is_none_or(|a| a > end1) {
            let (end2, _) = until(end1 + 1);
            right_far[last] = collect(end1 + 1, end2);
        }
    }

    // The words that name a rate's whole ("trên tổng số hồ sơ tiếp nhận")
    // are not the number's own: from an Over cue to the next glue.
    let drop_whole = |list: &mut Vec<usize>| {
        let mut out = Vec::with_capacity(list.len());
        let mut over = false;
        for &h in list.iter() {
            if sn.has(h, Kind::Over) {
                over = true;
                continue;
            }
            if over && sn.glue(h) {
                over = false;
            }
            if !over {
                out.push(h);
            }
        }
        *list = out;
    };
    for i in 0..n {
        drop_whole(&mut left[i]);
        drop_whole(&mut right[i]);
        drop_whole(&mut right_far[i]);
    }

    // Own features: the unit word, the left window nearest first (labels),
    // then the right window nearest first (words after the number).
    for &i in &primary {
        // The label names what is counted before a generic unit word does
        // ("tổng số cán bộ, công chức … là 318 người").
        // After a percentage, the word names what it is a share of, above
        // any label ("Nhiệm vụ quý IV: … 100% hồ sơ được giải quyết").
        let mut order: Vec<(usize, Src)> = Vec::new();
        if qs[i].textual && qs[i].unit_hit.is_none() {
            // "không phát sinh hồ sos tồn đọng": what follows the words is
            // what they count; a label reads only from the last comma. The
            // words themselves may name it ("không tiếp nhận phản ánh").
            order.extend(qs[i].qualifier_hit.map(|h| (h, Src::Own)));
            order.extend(right[i].iter().map(|&h| (h, Src::After)));
            order.extend(right_far[i].iter().map(|&h| (h, Src::After)));
            let near = (s..qs[i].start)
                .rev()
                .find(|&k| matches!(view[k], b',' | b';') && !inside_hit(k))
                .map_or(s, |k| k + 1);
            order.extend(
                left[i]
                    .iter()
                    .rev()
                    .filter(|&&h| hits[h].start >= near)
                    .map(|&h| (h, Src::Own)),
            );
        } else {
            let unit_first = qs[i].kind == QKind::Percent;
            if unit_first {
                order.extend(qs[i].unit_hit.map(|u| (u, Src::Own)));
            }
            order.extend(left[i].iter().rev().map(|&h| (h, Src::Own)));
            if !unit_first {
                order.extend(qs[i].unit_hit.map(|u| (u, Src::Own)));
            }
            order.extend(right[i].iter().map(|&h| (h, Src::After)));
            order.extend(right_far[i].iter().map(|&h| (h, Src::After)));
        }
        let (mut lo, mut hi_end) = (qs[i].start, qs[i].end);
        for &(h, src) in &order {
            let hit = &hits[h];
            let cue = &lx.cues[hit.cue as usize];
            let mut used = false;
            for &(c, v) in &cue.sets {
                let class = &lx.classes[c as usize];
                if class.kind != Kind::Feature {
                    continue;
                }
                let span = (hit.start as u32, hit.end as u32);
                match readings[i].features.0[c as usize] {
                    None => {
                        readings[i].features.0[c as usize] = Some((v, src, span));
                        used = true;
                    }
                    // "số hóa hồ sơ, kết quả giải quyết": joined by a comma
                    // or "và" to the nearer value, a second figure.
                    Some((v0, s0, sp0))
                        if class.coordinate
                            && v0 != v
                            && s0 == src
                            && readings[i].also.is_none() =>
                    {
                        let (a, b) = if span.1 <= sp0.0 {
                            (span.1, sp0.0)
                        } else {
                            (sp0.1, span.0)
                        };
                        let joined = view[a as usize..b as usize]
                            .iter()
                            .all(|&x| matches!(x, b' ' | b','))
                            || std::str::from_utf8(&view[a as usize..b as usize])
                                .is_ok_and(|t| matches!(t.trim(), "và" | "hoặc" | ", và"));
                        if joined {
                            readings[i].also = Some((c, v, span));
                            used = true;
                        }
                    }
                    Some(_) => {}
                }
            }
            // A cue stating two values of a coordinate class.
            for &(c, v) in &cue.also {
                if readings[i].also.is_none() {
                    readings[i].also = Some((c, v, (hit.start as u32, hit.end as u32)));
                }
            }
            if used {
                lo = lo.min(hit.start);
                hi_end = hi_end.max(hit.end);
            }
        }
        readings[i].evidence = (lo, hi_end);
        readings[i].total_label = left[i].iter().any(|&h| sn.has(h, Kind::Total))
            && !left[i].iter().any(|&h| sn.content(h));
    }

    // Derived classes: a number beside another that has a given value
    // ("hài lòng" beside "rất hài lòng" is one level). A breakdown's parent
    // is not beside its own parts ("Tỷ lệ hài lòng chung đạt 97%, trong đó
    // rất hài lòng 45%"), but it is beside its siblings.
    for (dc, class) in lx.classes.iter().enumerate() {
        let Some((of, value)) = class.sibling else {
            continue;
        };
        for &i in &primary {
            let beside = primary.iter().any(|&j| {
                j != i
                    && readings[j].parent != Some(i)
                    && readings[i].parent != Some(j)
                    && qs[j].kind == qs[i].kind
                    && readings[j].features.get(of) == Some(value)
            });
            if beside {
                let span = readings[i].features.0[of as usize].map_or((0, 0), |f| f.2);
                readings[i].features.0[dc] = Some((0, Src::Own, span));
            }
        }
    }

    // Roles and changes, which the inheritance below looks at.
    for i in 0..n {
        readings[i].role = role_of(&sn, i, qs).or(ctx.role);
        readings[i].change = change_of(&sn, qs[i].start);
    }

    // Inheritance: parent, then the labels of earlier numbers of the
    // sentence, then the context.
    let object = lx.identity();
    let obj_of = |f: &Features| object.and_then(|o| f.get(o));
    let compatible =
        |mine: &Features, theirs: &Features| match (obj_of(mine), obj_of(theirs), object) {
            (Some(a), Some(b), Some(o)) => lx.same_thing(o, a, b),
            _ => true,
        };
    for pi in 0..primary.len() {
        let i = primary[pi];
        let fill = |me: &mut Features, from: &Features, src: Src, pick: &dyn Fn(usize) -> bool| {
            for c in 0..nclass {
                if pick(c) && me.0[c].is_none() {
                    if let Some((v, _, sp)) = from.0[c] {
                        me.0[c] = Some((v, src, sp));
                    }
                }
            }
        };
        let mut f = readings[i].features.clone();
        let parent_feats = match readings[i].parent {
            Some(p) => Some(readings[p].features.clone()),
            None => ctx.parent.clone(),
        };
        if let Some(pf) = parent_feats.filter(|pf| compatible(&f, pf)) {
            fill(&mut f, &pf, Src::Parent, &|c| lx.classes[c].inherit.parent);
        }
        // A number that says nothing of its own but a role, a change or an
        // anaphor restates the figure before it (same kind), whole.
        // Bare: no label of its own (its unit word's object aside).
        let unit_span = qs[i]
            .unit_hit
            .map(|u| (hits[u].start as u32, hits[u].end as u32));
        let bare = f.0.iter().enumerate().all(|(c, x)| match x {
            Some((_, Src::Own, sp)) => Some(*sp) == unit_span || lx.classes[c].aside,
            _ => true,
        });
        let anaphor = left[i].iter().any(|&h| sn.has(h, Kind::Anaphor));
        let before_same = primary[..pi]
            .iter()
            .rev()
            .find(|&&j| qs[j].kind == qs[i].kind && readings[j].change != Some(Change::Delta))
            .copied();
        // A role restates the figure before only when its word stands
        // between the two ("kế hoạch 500, thực hiện 480"); one that opens
        // the sentence ("đã tiếp nhận 4452 văn bản đến và 1940 văn bản")
        // is every number's and restates nothing.
        let role_between = readings[i].role.is_some()
            && before_same.is_none_or(|j| {
                (0..sn.hits.len()).any(|h| {
                    sn.hits[h].start >= qs[j].end
                        && sn.hits[h].end <= qs[i].start
                        && sn.has(h, Kind::Role)
                })
            });
        let restates = bare
            && (role_between
                || matches!(readings[i].change, Some(Change::To | Change::From))
                || (qs[i].kind == QKind::Percent && readings[i].parent.is_none()));
        if bare && anaphor {
            let pf = match before_same {
                Some(j) => Some(readings[j].features.clone()),
                None => ctx.previous[kind_index(qs[i].kind)].clone(),
            };
            if let Some(pf) = pf {
                fill(&mut f, &pf, Src::Sentence, &|_| true);
            }
        } else if restates
            && before_same.is_none()
            && qs[i].kind == QKind::Percent
            && f.own_count() == 0
        {
            // "… đạt 72,5%. Xã Xuân Hội dẫn đầu với 96,8%": the rate of the
            // sentence before (when the number says nothing of its own).
            if let Some(pf) = &ctx.previous[kind_index(qs[i].kind)] {
                if compatible(&f, pf) {
                    fill(&mut f, pf, Src::Sentence, &|_| true);
                }
            }
        } else if restates {
            if let Some(j) = before_same {
                let theirs = readings[j].features.clone();
                if compatible(&f, &theirs) {
                    fill(&mut f, &theirs, Src::Sentence, &|_| true);
                }
            }
        }
        for &j in primary[..pi].iter().rev() {
            let theirs = &readings[j].features;
            if !compatible(&f, theirs) {
                continue;
            }
            // A number inside a bracket closed before this one is an aside
            // ("19 công chức (được giao 21); xã B có 18 công chức"): its
            // words say nothing of the numbers after the bracket.
            if let Some(close) = view[qs[j].end..qs[i].start].iter().position(|&c| c == b')') {
                let open = view[s..qs[j].start].iter().rposition(|&c| c == b'(');
                // (Its own words inside the bracket; a number labelled
                // outside it, "Số hóa hồ sơ đầu vào (đạt 87,4%) và kết quả
                // (đạt 91,2%)", still lends its label.)
                let closed_before = open.is_some_and(|o| {
                    !view[s + o..qs[j].start].contains(&b')')
                        && close < qs[i].start - qs[j].end
                        && left[j]
                            .iter()
                            .any(|&h| sn.content(h) && hits[h].start > s + o)
                });
                if closed_before {
                    continue;
                }
            }
            // Only what an earlier number's label said passes on; the words
            // stated after it ("9 lượt đang xử lý") are its own.
            for c in 0..nclass {
                if lx.classes[c].inherit.sentence && f.0[c].is_none() {
                    if let Some((v, src, sp)) = theirs.0[c] {
                        if src != Src::After && src != Src::Context {
                            f.0[c] = Some((v, Src::Sentence, sp));
                        }
                    }
                }
            }
        }
        if let Some(lead) = ctx.lead.as_ref().filter(|l| compatible(&f, l)) {
            fill(&mut f, lead, Src::Context, &|c| {
                lx.classes[c].inherit.context
            });
        }
        readings[i].features = f;
    }
    // Shares, denominators and restated counts read what their number reads.
    for i in 0..n {
        let from = readings[i]
            .share_of
            .or(qs[i].whole_of)
            .or(readings[i].count_of);
        if let Some(j) = from {
            readings[i].also = readings[j].also;
            let mut f = readings[j].features.clone();
            if readings[i].count_of.is_some() {
                // Keep the count's own unit word.
                for (c, x) in readings[i].features.0.iter().enumerate() {
                    if let Some(x) = x {
                        if x.1 == Src::Own {
                            f.0[c] = Some(*x);
                        }
                    }
                }
            }
            readings[i].features = f;
            readings[i].parent = readings[j].parent;
            if readings[i].role.is_none() {
                readings[i].role = readings[j].role;
            }
            readings[i].evidence = (
                readings[j].evidence.0.min(qs[i].start),
                readings[j].evidence.1.max(qs[i].end),
            );
        }
    }
    readings
}

/// The nearest role cue before a number within its reach. (A role word
/// after a number is not its own: "còn thiếu 17 người so với số được
/// giao" is a shortfall now.)
fn role_of(sn: &Sentence, i: usize, qs: &[Quantity]) -> Option<Role> {
    let lx = sn.lx;
    let q = &qs[i];
    let role_in = |h: usize| {
        let cue = &lx.cues[sn.hits[h].cue as usize];
        cue.sets.iter().find_map(|&(c, v)| {
            let class = &lx.classes[c as usize];
            (class.kind == Kind::Role).then(|| (class.reach, role_value(lx.value_name(c, v))))
        })
    };
    let k0 = sn.hits.partition_point(|h| h.end <= q.start);
    for h in (0..k0).rev() {
        let hit = sn.hits[h];
        if hit.start < sn.s || hit.end > q.start {
            continue;
        }
        if let Some((reach, r)) = role_in(h) {
            let between = &sn.view[hit.end..q.start];
            // A goal that opens the sentence before any number ("Đến năm
            // 2025, …; …") frames all of it; one met later ("chưa đạt chỉ
            // tiêu 80%; tỷ lệ … đạt 99,1%") ends at the next ";".
            let framing = !qs.iter().any(|x| x.vstart < hit.start);
            let crossed = match reach {
                Reach::Clause => between.iter().any(|&b| matches!(b, b',' | b';' | b')')),
                Reach::Sentence => !framing && between.contains(&b';'),
            };
            return if crossed { None } else { r };
        }
    }
    None
}

/// A "to" change word ("lên", "xuống còn") later in the clause.
fn to_follows(sn: &Sentence, from: usize) -> bool {
    let stop = sn.view[from..sn.e]
        .iter()
        .position(|&b| b == b';')
        .map_or(sn.e, |p| from + p);
    sn.hits.iter().any(|h| {
        h.start > from
            && h.end <= stop
            && sn.lx.cues[h.cue as usize].sets.iter().any(|&(c, v)| {
                sn.lx.classes[c as usize].kind == Kind::Change && sn.lx.value_name(c, v) == "to"
            })
    })
}

/// A change word right before the number (past its qualifier and glue).
fn change_of(sn: &Sentence, start: usize) -> Option<Change> {
    let lx = sn.lx;
    let mut b = start;
    loop {
        while b > sn.s && sn.view[b - 1] == b' ' {
            b -= 1;
        }
        let h = sn.hits.iter().position(|h| h.end == b)?;
        let cue = &lx.cues[sn.hits[h].cue as usize];
        if let Some(ch) = cue.sets.iter().find_map(|&(c, v)| {
            (lx.classes[c as usize].kind == Kind::Change).then(|| match lx.value_name(c, v) {
                "delta" => Some(Change::Delta),
                "from" => Some(Change::From),
                // "từ 62,4% (năm 2024) lên 90%": a from only when a to follows.
                "from_to" => to_follows(sn, start).then_some(Change::From),
                _ => Some(Change::To),
            })
        }) {
            return ch;
        }
        if sn
            .kinds(h)
            .all(|k| matches!(k, Kind::Glue | Kind::Equiv | Kind::Qualifier))
            && !cue.sets.is_empty()
        {
            b = sn.hits[h].start;
            continue;
        }
        return None;
    }
}
