//! Part of stage 2 (**segment**): builds `match_text`, the copy of the NFC
//! text that rules run on.
//!
//! # The folding contract (what rule authors may rely on)
//!
//! `match_text` has **the same byte length as the text, and every word and
//! every non-letter starts at the same byte offset**, so a match in
//! `match_text` is a span in the text without any mapping. Only substitutions
//! of equal UTF-8 length are made. (Inside a re-toned pair the boundary
//! between the two letters moves: `oá` is 1+2 bytes, `óa` 2+1; a match that
//! ends between those two letters is not a char boundary of the text — rules
//! end on word boundaries, and [`super::Segmented::snap`] widens any span to
//! char boundaries.)
//!
//! 1. **Look-alike letters.** `Ð` U+00D0 (Icelandic eth) → `Đ` U+0110 and
//!    `ð` U+00F0 → `đ` U+0111; `Ɖ` U+0189 → `Đ`. Hyphen-like dashes (U+2010,
//!    U+2011, U+2012, U+2014, U+2015, U+2212) → `–` U+2013 (all 3 bytes).
//!    Cyrillic/Greek look-alikes of ASCII letters are 2 bytes against 1 and are
//!    **not** folded.
//! 2. **Tone placement: the old style.** In a word that ends in the open
//!    syllables `oa`, `oe`, `uy` (not after `q`, `g`, `gi`), the tone mark is
//!    put on the first vowel: `hoá` → `hóa`, `khoẻ` → `khỏe`, `thuỷ` → `thủy`,
//!    `Uỷ` → `Ủy`, `UỶ` → `ỦY`. So **write patterns in the old style**
//!    (`hóa`, `hòa`, `thủy`, `Ủy`). Three tones change byte length when moved
//!    and stay as written: `oẽ`/`õe`, `uỳ`/`ùy`, `uỹ`/`ũy` (`tuỳ`/`tùy`); a
//!    pattern that must match those writes both (`t(?:ùy|uỳ)`).
//! 3. **Table rows.** Inside a row found by the table reader, the whitespace
//!    between two cells becomes one `\t` followed by spaces (a cell's text
//!    ends right before its `\t`), and `|` separators become `\t`. The row
//!    "1 / Tổng số biên chế được giao trong năm / Người / 23" (one cell per
//!    line) reads `1\t Tổng số biên chế được giao trong năm\t Người\t 23`;
//!    patterns write `\t\s*` between cells.
//!
//! Case is kept (use `(?i)`), and so is NBSP (U+00A0, 2 bytes; `\s` matches
//! it). Line breaks outside table rows are kept, so `(?m)^` still works.

use unicode_normalization::char::{compose, decompose_canonical};

use super::tables::{RowShape, TableRow};

/// Combining tone marks: grave, acute, tilde, hook above, dot below.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The folded copy of `text` (same length, same offsets); `rows` are the
/// table rows whose cell separators become `\t`.
pub fn fold(text: &str, rows: &[TableRow]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        if is_letter(c) {
            word_start.get_or_insert(out.len());
            out.push(fold_letter(c));
            continue;
        }
        if let Some(ws) = word_start.take() {
            fold_tone_in_word(&mut out, ws);
        }
        debug_assert_eq!(out.len(), i);
        out.push(fold_symbol(c));
    }
    if let Some(ws) = word_start {
        fold_tone_in_word(&mut out, ws);
    }
    debug_assert_eq!(out.len(), text.len());
    let mut bytes = out.into_bytes();
    for row in rows {
        fold_row_separators(&mut bytes, text, row);
    }
    // Only ASCII bytes outside multi-byte sequences were replaced by ASCII.
    String::from_utf8(bytes).expect("folding keeps UTF-8 valid")
}

/// `char::is_alphabetic` with the Vietnamese letters (Latin-1, Latin
/// Extended-A/B, Latin Extended Additional) answered without a table lookup.
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{7F}' => false,
        '\u{C0}'..='\u{24F}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphabetic(),
    }
}

fn fold_letter(c: char) -> char {
    match c {
        '\u{D0}' | '\u{189}' => 'Đ',
        '\u{F0}' => 'đ',
        _ => c,
    }
}

fn fold_symbol(c: char) -> char {
    match c {
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '–',
        _ => c,
    }
}

/// Split an NFC letter into its base (with circumflex/breve/horn kept) and
/// its tone mark.
fn split_tone(c: char) -> (char, Option<char>) {
    let mut parts: Vec<char> = Vec::with_capacity(3);
    decompose_canonical(c, |d| parts.push(d));
    let tone = parts.iter().copied().find(|d| TONES.contains(d));
    let Some(tone) = tone else {
        return (c, None);
    };
    let mut base = parts[0];
    for &m in parts[1..].iter().filter(|&&m| m != tone) {
        base = compose(base, m).unwrap_or(base);
    }
    (base, Some(tone))
}

/// Move the tone of a trailing `oa`/`oe`/`uy` onto its first vowel, in
/// place, when that keeps the byte length.
fn fold_tone_in_word(out: &mut String, start: usize) {
    let word = &out[start..];
    let mut rev = word.char_indices().rev();
    let (Some((_, c2)), Some((i1, c1))) = (rev.next(), rev.next()) else {
        return;
    };
    // Most words end in an unaccented letter: nothing to move.
    if c2.is_ascii() {
        return;
    }
    let (b1, t1) = split_tone(c1);
    let (b2, t2) = split_tone(c2);
    let (Some(tone), None) = (t2, t1) else {
        return;
    };
    let pair_ok = matches!(
        (b1.to_ascii_lowercase(), b2.to_ascii_lowercase()),
        ('o', 'a') | ('o', 'e') | ('u', 'y')
    );
    if !pair_ok {
        return;
    }
    let onset = word[..i1].to_lowercase();
    if onset.ends_with('q') || onset == "g" || onset == "gi" {
        return;
    }
    let (Some(n1), true) = (compose(b1, tone), b2.is_ascii()) else {
        return;
    };
    if n1.len_utf8() + b2.len_utf8() != c1.len_utf8() + c2.len_utf8() {
        return;
    }
    let at = start + i1;
    let mut buf = [0u8; 8];
    let mut repl = String::new();
    repl.push_str(n1.encode_utf8(&mut buf));
    repl.push(b2);
    out.replace_range(at.., &repl);
}

/// Turn the whitespace between two cells of a row into `\t` + spaces, and
/// `|` into `\t`.
fn fold_row_separators(bytes: &mut [u8], text: &str, row: &TableRow) {
    if row.shape == RowShape::Pipe {
        for b in &mut bytes[row.start..row.end] {
            if *b == b'|' {
                *b = b'\t';
            }
        }
    }
    for pair in row.cells.windows(2) {
        let (gap_start, gap_end) = (pair[0].1, pair[1].0);
        if gap_start >= gap_end || gap_end > text.len() {
            continue;
        }
        let mut first = true;
        for b in &mut bytes[gap_start..gap_end] {
            if matches!(*b, b'\n' | b'\r' | b' ' | b'\t' | b'|') {
                *b = if first { b'\t' } else { b' ' };
                first = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        fold(s, &[])
    }

    #[test]
    fn new_style_tones_fold_to_old_style() {
        assert_eq!(f("hoá"), "hóa");
        assert_eq!(f("số hoá hồ sơ"), "số hóa hồ sơ");
        assert_eq!(f("thuỷ lợi"), "thủy lợi");
        assert_eq!(f("Uỷ ban"), "Ủy ban");
        assert_eq!(f("UỶ BAN NHÂN DÂN"), "ỦY BAN NHÂN DÂN");
        assert_eq!(f("khoẻ, hoà, hoạ, hoả, hoè"), "khỏe, hòa, họa, hỏa, hòe");
        assert_eq!(f("tuý"), "túy");
        assert_eq!(f("HOÁ"), "HÓA");
    }

    #[test]
    fn old_style_and_other_words_are_kept() {
        for w in [
            "hóa", "thủy", "Ủy", "quý", "quá", "giá", "của", "mùa", "hoàng", "khuya", "toàn",
            "thuyết", "oán",
        ] {
            assert_eq!(f(w), w, "{w}");
        }
    }

    #[test]
    fn tones_that_change_length_are_left_as_written() {
        // ỳ is 3 bytes, ù is 2: moving the tone would shift every offset.
        assert_eq!(f("tuỳ theo"), "tuỳ theo");
        assert_eq!(f("khoẽ"), "khoẽ");
    }

    #[test]
    fn every_tone_move_keeps_byte_length() {
        for v1 in ['o', 'u', 'O', 'U'] {
            for v2 in ['a', 'e', 'y', 'A', 'E', 'Y'] {
                for tone in TONES {
                    let Some(t2) = compose(v2, tone) else {
                        continue;
                    };
                    let w = format!("h{v1}{t2}");
                    assert_eq!(f(&w).len(), w.len(), "{w}");
                }
            }
        }
    }

    #[test]
    fn look_alike_letters_fold() {
        assert_eq!(f("\u{D0}ơn vị"), "Đơn vị");
        assert_eq!(f("\u{F0}ồng"), "đồng");
        assert_eq!(f("2021\u{2014}2025"), "2021–2025");
        // Cyrillic а (2 bytes) cannot become Latin a (1 byte): kept.
        assert_eq!(f("\u{430}"), "\u{430}");
    }

    /// Lines of `shared/fixtures/txt-legacy/000.tonemix.txt` that differ from
    /// `000.tonefold-expected.txt` (made by `legacy_text.py tonefold`).
    #[test]
    fn tonemix_fixture_folds_to_the_expected_text() {
        let mix = include_str!("testdata/tonemix.txt");
        let want = include_str!("testdata/tonefold-expected.txt");
        assert_ne!(mix, want);
        let folded = f(mix);
        assert_eq!(folded.len(), mix.len());
        assert_eq!(folded, want);
    }

    #[test]
    fn letter_fast_path_agrees_with_is_alphabetic() {
        for c in ('\u{0}'..='\u{2000}').chain('\u{1E00}'..='\u{1EFF}') {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn nbsp_is_kept() {
        assert_eq!(f("3\u{A0}954"), "3\u{A0}954");
    }
}
