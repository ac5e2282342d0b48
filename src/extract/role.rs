//! Whether a figure is a result, a goal or a comparison point (extract stage).
//!
//! - The sentence decides first: "phấn đấu", "chỉ tiêu", "mục tiêu", "đến năm
//!   2025" make a goal (`target`); results wording ("kết quả", "đã", "bị trừ",
//!   "xếp loại") makes a result (`actual`).
//! - Then the headings above it, innermost first: "KẾT QUẢ…", "TỒN TẠI…",
//!   "ĐÁNH GIÁ…" are results; "MỤC TIÊU", "CHỈ TIÊU", "PHƯƠNG HƯỚNG",
//!   "NHIỆM VỤ", "GIẢI PHÁP" are goals.
//! - Otherwise the document kind: a kế hoạch states goals, anything else
//!   states results. So a kế hoạch that reports last year's results under a
//!   "tồn tại, hạn chế" heading (seed 004) keeps them `actual`.
//! - "giảm từ A xuống còn B": A is the `baseline` (see [`change_after`]).
//!
//! [`Roles`] reads all the figures of one document (the rules' and the
//! per-unit tables') and works out what they share (a sentence's words, a
//! heading's, a table's group rows) once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use regex::{Regex, RegexSet};

use crate::model::{DocKind, DocMeta, Role};
use crate::segment::folding::is_letter;
use crate::segment::{Section, Segmented};

fn target_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)phấn\s+đấu|phân\s+đấu|chỉ\s+tiêu|mục\s+tiêu|đến\s+năm\s+20[0-9]{2}|từ\s+năm\s+20[0-9]{2}|hết\s+năm\s+20[0-9]{2}|dự\s+kiến|kế\s+hoạch\s+đề\s+ra|định\s+hướng|hàng\s+năm|hằng\s+năm|phải\s+đạt|cần\s+đạt|bảo\s+đảm\s+đạt|đảm\s+bảo\s+đạt",
        )
        .expect("static regex")
    })
}

fn actual_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)kết\s+quả\s+(?:năm|quý|thực\s+hiện|đạt|đánh\s+giá)|đã\s+(?:đạt|tiếp\s+nhận|giải\s+quyết|thực\s+hiện|hoàn\s+thành|số\s+hóa|lấy)|bị\s+trừ|xếp\s+(?:loại|hạng|thứ)|nguyên\s+nhân|tồn\s+tại|so\s+với\s+(?:năm|cùng\s+kỳ)|lũy\s+kế|tính\s+đến\s+ngày|đạt\s+[0-9]+(?:[.,][0-9]+)?\s*(?:điểm\s*)?/\s*[0-9]",
        )
        .expect("static regex")
    })
}

/// [`target_words`] and [`actual_words`] in one pass over a sentence.
fn sentence_words() -> &'static RegexSet {
    static RE: OnceLock<RegexSet> = OnceLock::new();
    RE.get_or_init(|| {
        RegexSet::new([target_words().as_str(), actual_words().as_str()]).expect("static regex")
    })
}

fn heading_actual() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)kết\s+quả|tồn\s+tại|hạn\s+chế|đánh\s+giá|tình\s+hình|thực\s+trạng")
            .expect("static regex")
    })
}

fn heading_target() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)mục\s+tiêu|chỉ\s+tiêu|phương\s+hướng|nhiệm\s+vụ|giải\s+pháp|kế\s+hoạch|định\s+hướng",
        )
        .expect("static regex")
    })
}

/// The role reader of one document.
///
/// Figures share sentences, table rows and headings, so what `role_at` reads
/// about them (the cue words of a sentence, whether a row is a group row,
/// a heading's cue) is worked out once, when first asked, and kept: per
/// figure that is a few look-ups instead of regex searches over the
/// sentence, every earlier row of its table and every heading.
pub struct Roles<'a> {
    meta: &'a DocMeta,
    seg: &'a Segmented,
    mt: &'a str,
    /// Sentence span → (goal words, result words).
    sentences: SpanMap<(bool, bool)>,
    /// Span of a header cell or a row → its table cue.
    cues: SpanMap<Option<Role>>,
    /// Per row of `seg.rows`: written in capitals (a group row).
    capitals: Vec<Option<bool>>,
    /// Per section of `seg.sections`.
    heads: Vec<Option<HeadCue>>,
    /// Section starts strictly increase (as `segment` makes them): the
    /// sections around an offset, innermost first, are then the ones before
    /// it in reverse order.
    ordered: Option<bool>,
}

/// Keyed by byte spans of one document: no hash flooding to fear, so a
/// multiply-and-rotate hash instead of SipHash.
type SpanMap<V> = HashMap<(usize, usize), V, BuildHasherDefault<SpanHasher>>;

#[derive(Default)]
struct SpanHasher(u64);

impl Hasher for SpanHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Clone, Copy)]
struct HeadCue {
    /// Where the heading's own line ends.
    line_end: usize,
    /// `None` for a title too long to be a heading's words.
    cue: Option<Option<Role>>,
}

impl<'a> Roles<'a> {
    pub fn new(meta: &'a DocMeta, seg: &'a Segmented, mt: &'a str) -> Self {
        Roles {
            meta,
            seg,
            mt,
            sentences: SpanMap::default(),
            cues: SpanMap::default(),
            capitals: Vec::new(),
            heads: Vec::new(),
            ordered: None,
        }
    }

    /// The document this reads.
    pub fn meta(&self) -> &'a DocMeta {
        self.meta
    }

    /// The role of a number at `offset` inside the unit `unit_start..unit_end`.
    pub fn role_at(&mut self, unit_start: usize, unit_end: usize, offset: usize) -> Role {
        let (s, e) = sentence_around(self.mt, unit_start, unit_end, offset);
        let mt = self.mt;
        let (target, actual) = *self.sentences.entry((s, e)).or_insert_with(|| {
            let found = sentence_words().matches(mt.get(s..e).unwrap_or(""));
            (found.matched(0), found.matched(1))
        });
        match (target, actual) {
            (true, false) => return Role::Target,
            (false, true) => return Role::Actual,
            _ => {}
        }
        if let Some(role) = self.table_role(offset) {
            return role;
        }
        // Headings, innermost first.
        let seg = self.seg;
        let sections = &seg.sections;
        if self.ordered() {
            let k = sections.partition_point(|s| s.start <= offset);
            for i in (0..k).rev() {
                if sections[i].end > offset {
                    if let Some(r) = self.heading_role(i, offset) {
                        return r;
                    }
                }
            }
        } else {
            let mut heads: Vec<usize> = (0..sections.len())
                .filter(|&i| sections[i].start <= offset && offset < sections[i].end)
                .collect();
            heads.sort_by_key(|&i| std::cmp::Reverse(sections[i].start));
            for i in heads {
                if let Some(r) = self.heading_role(i, offset) {
                    return r;
                }
            }
        }
        if target {
            return Role::Target;
        }
        match self.meta.kind {
            DocKind::KeHoach => Role::Target,
            _ => Role::Actual,
        }
    }

    /// The innermost section containing `offset`, as
    /// [`Segmented::section_at`] finds it.
    pub fn section_at(&mut self, offset: usize) -> Option<&'a Section> {
        let seg = self.seg;
        if !self.ordered() {
            return seg.section_at(offset);
        }
        let k = seg.sections.partition_point(|s| s.start <= offset);
        seg.sections[..k].iter().rev().find(|s| offset < s.end)
    }

    fn ordered(&mut self) -> bool {
        let sections = &self.seg.sections;
        *self
            .ordered
            .get_or_insert_with(|| sections.windows(2).all(|w| w[0].start < w[1].start))
    }

    /// What heading `i` says of a figure at `offset` under it.
    fn heading_role(&mut self, i: usize, offset: usize) -> Option<Role> {
        if self.heads.len() != self.seg.sections.len() {
            self.heads = vec![None; self.seg.sections.len()];
        }
        let h = &self.seg.sections[i];
        let mt = self.mt;
        let head = *self.heads[i].get_or_insert_with(|| HeadCue {
            line_end: mt[h.start..].find('\n').map_or(mt.len(), |i| h.start + i),
            cue: (h.title.len() <= 160).then(|| {
                if heading_actual().is_match(&h.title) {
                    Some(Role::Actual)
                } else if heading_target().is_match(&h.title) {
                    Some(Role::Target)
                } else {
                    None
                }
            }),
        });
        // A list item "c) Tỷ lệ … đạt trên 90%" is a heading whose line is
        // the figure's own sentence: its words were read above already.
        if offset < head.line_end {
            return None;
        }
        head.cue.flatten()
    }
}

/// The sentence around `offset` inside a unit: from the last ". ", "; ",
/// line break or table cell boundary before it to the next one after it
/// (decimal commas and thousands dots are not boundaries because no space
/// follows them). A table cell that is a sentence of its own ("100% kết quả
/// … được ký số" beside a goal cell) is read alone; a bare value cell
/// ("Trên 90%") takes its row's label cells with it.
pub fn sentence_around(mt: &str, start: usize, end: usize, offset: usize) -> (usize, usize) {
    let end = end.min(mt.len());
    let offset = offset.clamp(start, end);
    let bytes = mt.as_bytes();
    let is_break = |i: usize, cells: bool| {
        matches!(bytes[i], b'.' | b';' | b'!' | b'?')
            && (i + 1 >= bytes.len() || matches!(bytes[i + 1], b' ' | b'\n' | b'\t'))
            || bytes[i] == b'\n'
            || (cells && bytes[i] == b'\t')
    };
    // Every break is one of these bytes: scan for them, then look closer.
    let stop = |b: &u8| matches!(b, b'.' | b';' | b'!' | b'?' | b'\n' | b'\t');
    // The last break before `from`, not before `start`.
    let back = |from: usize, cells: bool| {
        let mut s = from;
        while let Some(k) = bytes[start..s].iter().rposition(stop) {
            if is_break(start + k, cells) {
                return start + k + 1;
            }
            s = start + k;
        }
        start
    };
    let mut s = back(offset, true);
    let mut e = offset;
    loop {
        match bytes[e..end].iter().position(stop) {
            Some(k) if is_break(e + k, true) => {
                e += k;
                break;
            }
            Some(k) => e += k + 1,
            None => {
                e = end;
                break;
            }
        }
    }
    if !has_words(&mt[s..e], 4) {
        // No break in `s..offset` (tab or not): go on from `s`.
        s = back(s, false);
    }
    (s, e)
}

/// Whether `text` has `n` words (split at whitespace) of two letters or
/// more. A byte loop that stops at the `n`-th: this runs once per figure.
fn has_words(text: &str, n: usize) -> bool {
    let bytes = text.as_bytes();
    let (mut words, mut letters, mut i) = (0, 0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let (space, letter, len) = if b.is_ascii() {
            (
                b.is_ascii_whitespace() || b == 0x0B,
                b.is_ascii_alphabetic(),
                1,
            )
        } else {
            let c = text[i..].chars().next().expect("on a char boundary");
            (c.is_whitespace(), is_letter(c), c.len_utf8())
        };
        i += len;
        if space {
            letters = 0;
        } else if letter {
            letters += 1;
            if letters == 2 {
                words += 1;
                if words == n {
                    return true;
                }
            }
        }
    }
    false
}

impl Roles<'_> {
    /// Inside a table: the column's header ("Chỉ tiêu phấn đấu năm 2024",
    /// "Kết quả thống kê"), then the nearest group row above ("A | MỤC TIÊU
    /// ĐẾN NĂM 2025").
    fn table_role(&mut self, offset: usize) -> Option<Role> {
        let seg = self.seg;
        let row = seg.row_at(offset)?;
        let table = seg.tables.get(row.table)?;
        let col = row
            .cells
            .iter()
            .position(|&(a, b)| a <= offset && offset <= b);
        if let Some(&(a, b)) = col.and_then(|c| table.header.get(c)) {
            if let Some(r) = self.cue(a, b) {
                return Some(r);
            }
        }
        // Rows are in text order.
        let me = seg.rows.partition_point(|r| r.start < row.start);
        if seg.rows.get(me).is_none_or(|r| r.start != row.start) {
            return None;
        }
        for i in (table.rows.start..me).rev() {
            let prev = &seg.rows[i];
            // A group row: its words in capitals and no figure of its own.
            if self.in_capitals(i) {
                if let Some(r) = self.cue(prev.start, prev.end) {
                    return Some(r);
                }
                if !prev.header {
                    return None;
                }
            }
        }
        None
    }

    /// The table cue of the text at `a..b`: goal words or result words.
    fn cue(&mut self, a: usize, b: usize) -> Option<Role> {
        let mt = self.mt;
        *self.cues.entry((a, b)).or_insert_with(|| {
            let t = mt.get(a..b).unwrap_or("");
            match (target_words().is_match(t), heading_actual().is_match(t)) {
                (true, false) => Some(Role::Target),
                (false, true) => Some(Role::Actual),
                _ => None,
            }
        })
    }

    /// Row `i` has letters and at least 80 % of them are capitals.
    fn in_capitals(&mut self, i: usize) -> bool {
        if self.capitals.len() != self.seg.rows.len() {
            self.capitals = vec![None; self.seg.rows.len()];
        }
        let row = &self.seg.rows[i];
        let mt = self.mt;
        *self.capitals[i].get_or_insert_with(|| {
            let (letters, upper) = letters(mt.get(row.start..row.end).unwrap_or(""));
            letters > 0 && upper * 10 >= letters * 8
        })
    }
}

/// How many letters `text` has and how many of them are capitals: a byte
/// loop that decodes only non-ASCII chars and knows the Vietnamese letters
/// (the rows walked above a figure can be many).
fn letters(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut letters, mut upper, mut i) = (0, 0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            letters += usize::from(b.is_ascii_alphabetic());
            upper += usize::from(b.is_ascii_uppercase());
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("on a char boundary");
        if is_letter(c) {
            letters += 1;
            upper += usize::from(is_capital(c));
        }
        i += c.len_utf8();
    }
    (letters, upper)
}

/// `char::is_uppercase`, with Latin-1 and the letters with tone marks
/// answered without a table look-up.
fn is_capital(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A => true,
        0..=0xBF | 0xD7 | 0xDF..=0xFF => false,
        0xC0..=0xDE => true,
        // Upper case at even code points, lower case one above.
        0x1EA0..=0x1EFF => c as u32 & 1 == 0,
        _ => c.is_uppercase(),
    }
}

fn change_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^\s*(?:%|điểm|hồ\s+sơ|người|thủ\s+tục|TTHC)?\s*(?:\([^)]{0,40}\)\s*)?,?\s*(?:xuống|lên)\s+(?:còn|mức|đến|tới|thành)?\s*(?:là\s+)?([0-9]+(?:[.,][0-9]+)*)",
        )
        .expect("static regex")
    })
}

fn from_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?:^|\s)từ\s*$").expect("static regex"))
}

/// For "… từ A xuống còn B" with A at `vstart..vend`: the span and value of B.
pub fn change_after(
    mt: &str,
    vstart: usize,
    vend: usize,
    unit_end: usize,
) -> Option<(usize, usize, crate::numbers::Number)> {
    let before_start = floor_char(mt, vstart.saturating_sub(12));
    if !from_re().is_match(&mt[before_start..vstart]) {
        return None;
    }
    let after = mt.get(vend..unit_end.max(vend))?;
    let c = change_re().captures(after)?;
    let m = c.get(1)?;
    let n = crate::numbers::parse_number(m.as_str()).ok()?;
    Some((vend + m.start(), vend + m.end(), n))
}

/// The nearest char boundary at or before `i`.
pub(crate) fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_windows_stop_at_sentence_ends_not_decimals() {
        let t = "Theo mục tiêu kế hoạch. Trong năm, số hóa đạt 99,8 %; còn lại 3.954 hồ sơ.";
        let at = t.find("99,8").unwrap();
        let (s, e) = sentence_around(t, 0, t.len(), at);
        assert_eq!(&t[s..e], " Trong năm, số hóa đạt 99,8 %");
        let at = t.find("3.954").unwrap();
        let (s, e) = sentence_around(t, 0, t.len(), at);
        assert_eq!(&t[s..e], " còn lại 3.954 hồ sơ");
    }

    #[test]
    fn a_text_cell_is_its_own_sentence_a_value_cell_is_not() {
        let t = "4\tTối thiểu 70% hồ sơ phấn đấu giải quyết trực tuyến.\t100% kết quả giải quyết TTHC được ký số\t";
        let at = t.find("100%").unwrap();
        let (s, e) = sentence_around(t, 0, t.len(), at);
        assert_eq!(&t[s..e], "100% kết quả giải quyết TTHC được ký số");
        let t = "\t- <i>Phấn đấu tỷ lệ hồ sơ trực tuyến</i>\t<i>Trên 90%</i>\t";
        let at = t.find("90%").unwrap();
        let (s, e) = sentence_around(t, 0, t.len(), at);
        assert_eq!(&t[s..e], t.trim_end_matches('\t'));
    }

    /// `sentence_around` and `role_at` as they were before [`Roles`]: one
    /// figure at a time, every section and earlier row read again.
    /// The figure the old, uncached reader was asked about.
    pub(super) struct Context<'a> {
        pub meta: &'a DocMeta,
        pub seg: &'a Segmented,
        pub mt: &'a str,
        pub unit_start: usize,
        pub unit_end: usize,
    }

    mod reference {
        use super::super::*;
        use super::Context;

        pub fn sentence_around(
            mt: &str,
            start: usize,
            end: usize,
            offset: usize,
        ) -> (usize, usize) {
            let end = end.min(mt.len());
            let offset = offset.clamp(start, end);
            let bytes = mt.as_bytes();
            let is_break = |i: usize, cells: bool| {
                matches!(bytes[i], b'.' | b';' | b'!' | b'?')
                    && (i + 1 >= bytes.len() || matches!(bytes[i + 1], b' ' | b'\n' | b'\t'))
                    || bytes[i] == b'\n'
                    || (cells && bytes[i] == b'\t')
            };
            let back = |cells: bool| {
                let mut s = offset;
                while s > start && !is_break(s - 1, cells) {
                    s -= 1;
                }
                s
            };
            let mut s = back(true);
            let mut e = offset;
            while e < end && !is_break(e, true) {
                e += 1;
            }
            let words = mt[s..e]
                .split_whitespace()
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
                .count();
            if words < 4 {
                s = back(false);
            }
            (s, e)
        }

        pub fn role_at(ctx: &Context, offset: usize) -> Role {
            let (s, e) = sentence_around(ctx.mt, ctx.unit_start, ctx.unit_end, offset);
            let unit = ctx.mt.get(s..e).unwrap_or("");
            let target = target_words().is_match(unit);
            let actual = actual_words().is_match(unit);
            match (target, actual) {
                (true, false) => return Role::Target,
                (false, true) => return Role::Actual,
                _ => {}
            }
            if let Some(role) = table_role(ctx, offset) {
                return role;
            }
            let mut heads: Vec<_> = ctx
                .seg
                .sections
                .iter()
                .filter(|s| s.start <= offset && offset < s.end)
                .collect();
            heads.sort_by_key(|s| std::cmp::Reverse(s.start));
            for h in heads {
                let line_end = ctx.mt[h.start..]
                    .find('\n')
                    .map_or(ctx.mt.len(), |i| h.start + i);
                if offset < line_end || h.title.len() > 160 {
                    continue;
                }
                if heading_actual().is_match(&h.title) {
                    return Role::Actual;
                }
                if heading_target().is_match(&h.title) {
                    return Role::Target;
                }
            }
            if target {
                return Role::Target;
            }
            match ctx.meta.kind {
                DocKind::KeHoach => Role::Target,
                _ => Role::Actual,
            }
        }

        fn table_role(ctx: &Context, offset: usize) -> Option<Role> {
            let row = ctx.seg.row_at(offset)?;
            let table = ctx.seg.tables.get(row.table)?;
            let cue = |t: &str| match (target_words().is_match(t), heading_actual().is_match(t)) {
                (true, false) => Some(Role::Target),
                (false, true) => Some(Role::Actual),
                _ => None,
            };
            let col = row
                .cells
                .iter()
                .position(|&(a, b)| a <= offset && offset <= b);
            if let Some((a, b)) = col.and_then(|c| table.header.get(c)) {
                if let Some(r) = ctx.mt.get(*a..*b).and_then(cue) {
                    return Some(r);
                }
            }
            let me = ctx.seg.rows.partition_point(|r| r.start < row.start);
            if ctx.seg.rows.get(me).is_none_or(|r| r.start != row.start) {
                return None;
            }
            for prev in ctx.seg.rows[table.rows.start..me].iter().rev() {
                let text = ctx.mt.get(prev.start..prev.end).unwrap_or("");
                let (letters, upper) = text
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .fold((0usize, 0usize), |(n, u), c| {
                        (n + 1, u + usize::from(c.is_uppercase()))
                    });
                if letters > 0 && upper * 10 >= letters * 8 {
                    if let Some(r) = cue(text) {
                        return Some(r);
                    }
                    if !prev.header {
                        return None;
                    }
                }
            }
            None
        }
    }

    proptest::proptest! {
        #[test]
        fn sentence_windows_are_the_byte_by_byte_ones(
            idx in proptest::collection::vec(0usize..PIECES.len(), 0..60),
            a in 0usize..400,
            b in 0usize..400,
            at in 0usize..400,
        ) {
            let t: String = idx.iter().map(|&i| PIECES[i]).collect();
            // Both slice the text there: char boundaries only.
            let on = |i: usize| floor_char(&t, i.min(t.len()));
            let (start, end, at) = (on(a.min(b)), on(a.max(b)), on(at));
            proptest::prop_assert_eq!(
                sentence_around(&t, start, end, at),
                reference::sentence_around(&t, start, end, at)
            );
        }
    }

    const PIECES: &[&str] = &[
        " ",
        ".",
        ". ",
        ";",
        "!",
        "?",
        "\n",
        "\t",
        "\u{b}",
        "\u{a0}",
        "\u{2003}",
        "a",
        "ab",
        "Đổi",
        "ố",
        "ΣΑ",
        "1",
        "3,5",
        ",",
        "tiếp nhận",
        "x",
    ];

    /// Every report at hand, segmented as the pipeline does it.
    fn documents() -> Vec<(String, Segmented, DocMeta)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in ["corpus", "tests/reports"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            paths.sort();
            for p in paths {
                let bytes = std::fs::read(&p).unwrap();
                let opts = crate::ingest::IngestOptions::default();
                let ing = crate::ingest::ingest_bytes(&p, &bytes, &opts);
                let seg = crate::segment::segment(&ing.text, &ing.page_starts);
                let meta = crate::extract::metadata::read_meta(&ing.text, &seg);
                out.push((ing.text, seg, meta));
            }
        }
        assert!(out.len() > 10);
        out
    }

    /// Each unit's number starts: where figures are.
    fn number_starts(mt: &str, seg: &Segmented) -> Vec<(usize, usize, usize)> {
        let b = mt.as_bytes();
        let mut out = Vec::new();
        for u in &seg.units {
            for i in u.start..u.end.min(b.len()) {
                if b[i].is_ascii_digit() && (i == u.start || !b[i - 1].is_ascii_digit()) {
                    out.push((u.start, u.end, i));
                }
            }
        }
        out
    }

    #[test]
    fn roles_read_every_report_as_one_figure_at_a_time() {
        for (text, seg, meta) in documents() {
            let mt = seg.rule_text(&text);
            // One reader for the whole document: its caches fill as it goes.
            let mut roles = Roles::new(&meta, &seg, mt);
            let mut seen = 0;
            for (unit_start, unit_end, at) in number_starts(mt, &seg) {
                let ctx = Context {
                    meta: &meta,
                    seg: &seg,
                    mt,
                    unit_start,
                    unit_end,
                };
                let want = reference::role_at(&ctx, at);
                assert_eq!(roles.role_at(unit_start, unit_end, at), want, "at {at}");
                // A fresh reader (nothing cached) gives the same answer.
                let fresh = Roles::new(&meta, &seg, mt).role_at(unit_start, unit_end, at);
                assert_eq!(fresh, want, "at {at}");
                assert_eq!(roles.section_at(at), seg.section_at(at), "at {at}");
                seen += 1;
            }
            assert!(seen > 0);
        }
    }

    #[test]
    fn sections_out_of_order_are_still_found() {
        let (text, mut seg, meta) = documents()
            .into_iter()
            .max_by_key(|(_, seg, _)| seg.sections.len())
            .unwrap();
        assert!(seg.sections.len() > 3);
        seg.sections.reverse();
        let mt = seg.rule_text(&text);
        let mut roles = Roles::new(&meta, &seg, mt);
        for (unit_start, unit_end, at) in number_starts(mt, &seg) {
            let ctx = Context {
                meta: &meta,
                seg: &seg,
                mt,
                unit_start,
                unit_end,
            };
            assert_eq!(
                roles.role_at(unit_start, unit_end, at),
                reference::role_at(&ctx, at)
            );
            assert_eq!(roles.section_at(at), seg.section_at(at));
        }
    }

    #[test]
    fn group_rows_and_headings_give_the_role() {
        // The table is under a results heading: only its group row makes
        // its figure a goal.
        let t = "I. PHƯƠNG HƯỚNG NĂM TỚI\n\
                 Số hồ sơ tiếp nhận 300 hồ sơ.\n\
                 II. KẾT QUẢ THỰC HIỆN\n\
                 Trong kỳ tiếp nhận 120 hồ sơ.\n\
                 STT\tNội dung\tSố liệu\n\
                 A\tMỤC TIÊU ĐẾN NĂM 2025\t\n\
                 1\tTỷ lệ hồ sơ trực tuyến\t90\n";
        let seg = crate::segment::segment(t, &[]);
        let meta = DocMeta::default();
        let mt = seg.rule_text(t);
        let mut roles = Roles::new(&meta, &seg, mt);
        let mut role = |needle: &str| {
            let at = mt.find(needle).unwrap();
            let u = seg.unit_at(at).copied().unwrap();
            let ctx = Context {
                meta: &meta,
                seg: &seg,
                mt,
                unit_start: u.start,
                unit_end: u.end,
            };
            let got = roles.role_at(u.start, u.end, at);
            assert_eq!(got, reference::role_at(&ctx, at), "{needle}");
            got
        };
        assert_eq!(role("120"), Role::Actual);
        assert_eq!(role("300"), Role::Target);
        assert_eq!(role("90\n"), Role::Target);
        assert!(seg.row_at(mt.find("90\n").unwrap()).is_some());
    }

    #[test]
    fn capitals_are_char_is_uppercase() {
        for c in ('\u{0}'..='\u{2FFF}').chain('\u{1E00}'..='\u{1EFF}') {
            assert_eq!(is_capital(c), c.is_uppercase(), "{c:?}");
        }
        let t = "A\tMỤC TIÊU ĐẾN NĂM 2025 – Ɓ ǅ ß x";
        let want = t.chars().filter(|c| c.is_alphabetic()).count();
        let up = t
            .chars()
            .filter(|c| c.is_alphabetic() && c.is_uppercase())
            .count();
        assert_eq!(letters(t), (want, up));
    }

    #[test]
    fn change_from_to() {
        let t = "tỷ lệ hồ sơ trễ hạn giảm từ 10,85% xuống còn 1,31% so với";
        let a = t.find("10,85").unwrap();
        let (s, e, n) = change_after(t, a, a + 5, t.len()).unwrap();
        assert_eq!(&t[s..e], "1,31");
        assert_eq!(n.value, 1.31);
        let t2 = "tăng từ 200 hồ sơ lên 250 hồ sơ";
        let a = t2.find("200").unwrap();
        let (s, e, _) = change_after(t2, a, a + 3, t2.len()).unwrap();
        assert_eq!(&t2[s..e], "250");
        let t3 = "tiếp nhận 200 hồ sơ lên hệ thống";
        let a = t3.find("200").unwrap();
        assert!(change_after(t3, a, a + 3, t3.len()).is_none());
    }
}
