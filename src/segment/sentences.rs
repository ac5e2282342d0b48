//! Part of stage 2 (**segment**): splits running text into sentences and
//! clauses, the units that bound a rule's match.
//!
//! A unit ends at a line break, at `;`, and at `.`/`!`/`?` followed by a space
//! and a capital, a digit, a bullet or an opening bracket/quote. It does not
//! end inside a number ("3.954", "99,8", "3,4"), after an abbreviation ("TP.",
//! "Tp.", "TX.", "TS.", "ThS.", an initial "A."), nor at a comma: "3435/3924,
//! đạt 87,5%" is one clause.

/// Words that end with a dot without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "tp", "tx", "tt", "ts", "ths", "pgs", "gs", "bs", "ks", "q", "p", "h", "x", "st", "nxb", "tr",
    "đ/c", "đc", "sđd", "ng", "k/g", "cn", "th.s",
];

/// Byte ranges of the sentences/clauses of `text[start..end]` (one line or
/// the rest of one), trimmed, empty ones dropped.
pub fn split(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let s = &text[start..end];
    let mut out = Vec::new();
    let mut from = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut depth = 0usize;
    for (k, &(i, c)) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        // "(trực tuyến: 105; trực tiếp: 211)" is one breakdown: no cut inside
        // brackets that close soon after.
        if depth > 0 && closes_soon(&s[i..]) {
            continue;
        }
        let cut = match c {
            ';' => true,
            '.' | '!' | '?' | '…' => ends_sentence(s, &chars, k),
            _ => false,
        };
        if cut {
            push_trimmed(text, start + from, start + i + c.len_utf8(), &mut out);
            from = i + c.len_utf8();
        }
    }
    push_trimmed(text, start + from, end, &mut out);
    out
}

/// A `)` within the next 200 bytes (an unclosed bracket must not swallow
/// the rest of the paragraph).
fn closes_soon(rest: &str) -> bool {
    let mut end = rest.len().min(200);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    rest[..end].contains(')')
}

fn push_trimmed(text: &str, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let (a, b) = super::tables::trim_range(text, a, b);
    if a < b {
        out.push((a, b));
    }
}

fn ends_sentence(s: &str, chars: &[(usize, char)], k: usize) -> bool {
    let (i, c) = chars[k];
    // Runs of dots end only at their last dot.
    if chars.get(k + 1).is_some_and(|&(_, n)| n == '.' || n == '…') {
        return false;
    }
    // Needs whitespace after, then a sentence opener.
    let rest = &s[i + c.len_utf8()..];
    if !rest.starts_with(|ch: char| ch.is_whitespace()) {
        return false;
    }
    let Some(next) = rest.trim_start().chars().next() else {
        return false;
    };
    let opener = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '-' | '+' | '*' | '•' | '(' | '"' | '“' | '–');
    if !opener {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word_start = s[..i]
        .rfind(|ch: char| ch.is_whitespace() || ch == '(')
        .map_or(0, |p| p + s[p..].chars().next().map_or(1, char::len_utf8));
    let word = &s[word_start..i];
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    // An initial ("Nguyễn V. An").
    let mut wc = word.chars();
    if let (Some(f), None) = (wc.next(), wc.next()) {
        if f.is_uppercase() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Vec<&str> {
        split(s, 0, s.len())
            .into_iter()
            .map(|(a, b)| &s[a..b])
            .collect()
    }

    #[test]
    fn splits_on_full_stop_and_semicolon() {
        assert_eq!(
            parts("Đã tiếp nhận 316 hồ sơ. Giải quyết 300 hồ sơ; còn 16 hồ sơ."),
            [
                "Đã tiếp nhận 316 hồ sơ.",
                "Giải quyết 300 hồ sơ;",
                "còn 16 hồ sơ."
            ]
        );
    }

    #[test]
    fn keeps_numbers_abbreviations_and_commas() {
        assert_eq!(
            parts("Tiếp nhận 3.954 hồ sơ, đạt 99,8 %. Tại TP. Hạ Long, mức độ 3,4 v.v. Tốt"),
            [
                "Tiếp nhận 3.954 hồ sơ, đạt 99,8 %.",
                "Tại TP. Hạ Long, mức độ 3,4 v.v.",
                "Tốt"
            ]
        );
        assert_eq!(
            parts("số 3435/3924, đạt 87,5%"),
            ["số 3435/3924, đạt 87,5%"]
        );
    }

    #[test]
    fn no_cut_inside_a_parenthesized_breakdown() {
        assert_eq!(
            parts("tiếp nhận 316 hồ sơ (trực tuyến: 105; trực tiếp: 211); giải quyết 300"),
            [
                "tiếp nhận 316 hồ sơ (trực tuyến: 105; trực tiếp: 211);",
                "giải quyết 300"
            ]
        );
        // An unclosed bracket does not join the rest of the paragraph.
        let long = format!("a (b; {}; c", "x".repeat(300));
        assert_eq!(parts(&long).len(), 3);
    }

    #[test]
    fn lowercase_after_dot_is_not_a_new_sentence() {
        assert_eq!(
            parts("tổ chức... thực hiện tốt"),
            ["tổ chức... thực hiện tốt"]
        );
        assert_eq!(parts("Ông Nguyễn V. An ký"), ["Ông Nguyễn V. An ký"]);
    }

    #[test]
    fn offsets_are_absolute() {
        let s = "xx Một. Hai";
        let got = split(s, 3, s.len());
        assert_eq!(got, vec![(3, 9), (10, 13)]);
        assert_eq!(&s[10..13], "Hai");
    }
}
