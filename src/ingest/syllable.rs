//! Vietnamese syllable check, used by ingest to decide between candidate
//! decodings (UTF-8 as-is, Windows-1258, TCVN3, VNI).
//!
//! Vietnamese is written one syllable per word, and a syllable has a rigid
//! shape: optional onset consonant, a vowel nucleus from a short list, an
//! optional coda, at most one tone mark. Mojibake (`B¸o`, `Keát`) almost never
//! fits that shape, real text almost always does — so the share of valid
//! syllables is a robust score for "this decoding is right".

use unicode_normalization::UnicodeNormalization;

/// The onsets a syllable may start with (`""` for none).
pub(crate) const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ia", "iê", "ya", "yê", "ua", "uô",
    "ưa", "ươ", "oa", "oă", "oe", "uâ", "uê", "uy", "uơ", "oo", "uyê", "uya",
];

const CODAS: &[&str] = &[
    "ch", "nh", "ng", "c", "m", "n", "p", "t", "i", "y", "o", "u", "",
];

fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// True when `word` (letters only, any case, any normalization) has the
/// shape of one Vietnamese syllable.
pub fn is_syllable(word: &str) -> bool {
    if word.is_empty() || word.chars().count() > 8 {
        return false;
    }
    let mut tones = 0;
    let mut tone = None;
    let mut base = String::with_capacity(word.len());
    for c in word.nfd() {
        if is_tone(c) {
            tones += 1;
            tone = Some(c);
        } else {
            base.extend(c.to_lowercase());
        }
    }
    if tones > 1 {
        return false;
    }
    let base: String = base.nfc().collect();
    for onset in ONSETS {
        let Some(rest) = base.strip_prefix(onset) else {
            continue;
        };
        // "gì", "gìn": the i of gi- doubles as the nucleus.
        if *onset == "gi" && (rest.is_empty() || CODAS.contains(&rest)) {
            return true;
        }
        for coda in CODAS {
            if let Some(nucleus) = rest.strip_suffix(coda) {
                // A stop coda only takes the sắc or nặng tone ("học", never "hòc").
                let stop = matches!(*coda, "c" | "ch" | "p" | "t");
                let tone_ok = !stop || matches!(tone, None | Some('\u{301}' | '\u{323}'));
                if NUCLEI.contains(&nucleus) && tone_ok {
                    return true;
                }
            }
        }
    }
    false
}

/// How much of a text reads as Vietnamese: syllable-shaped words among the
/// words that contain a non-ASCII character (ASCII words say nothing about
/// the encoding).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub valid: usize,
    pub invalid: usize,
}

impl Score {
    pub fn ratio(self) -> f64 {
        let n = self.valid + self.invalid;
        if n == 0 {
            0.0
        } else {
            self.valid as f64 / n as f64
        }
    }

    pub fn total(self) -> usize {
        self.valid + self.invalid
    }
}

/// Score `text`; words are split at whitespace and ASCII punctuation/digits
/// only, so that mojibake symbols (`¸ µ ¶`) stay inside the words they spoil.
pub fn score(text: &str) -> Score {
    let mut s = Score::default();
    for word in
        text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || c.is_ascii_digit())
    {
        if word.is_ascii() {
            continue;
        }
        if is_syllable(word) {
            s.valid += 1;
        } else {
            s.invalid += 1;
        }
    }
    s
}

/// `text` with each word (a run of letters) replaced by what `f` writes for
/// it; everything between words is copied as it is.
pub fn map_words(text: &str, mut f: impl FnMut(&str, &mut String)) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            f(&word, &mut out);
            word.clear();
        }
        out.push(c);
    }
    if !word.is_empty() {
        f(&word, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_syllables_pass() {
        for w in [
            "Báo",
            "cáo",
            "kết",
            "quả",
            "thực",
            "hiện",
            "người",
            "được",
            "trường",
            "khuya",
            "gì",
            "giải",
            "quyết",
            "nghiêng",
            "Đáy",
            "hoá",
            "hóa",
            "thuỷ",
            "Ủy",
            "ương",
            "tư",
            "khuỷu",
            "boong",
            "ĐƯỢC",
        ] {
            assert!(is_syllable(w), "{w}");
        }
    }

    #[test]
    fn mojibake_fails() {
        for w in [
            "B¸o",
            "KÕt",
            "thùc",
            "Keát",
            "quaû",
            "Ñaùy",
            "phöôøng",
            "cafộ",
            "xyz",
            "hiÖn",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn scores_prefer_decoded_text() {
        let good = score("Báo cáo kết quả thực hiện cải cách hành chính");
        let bad = score("B¸o c¸o KÕt qu¶ thùc hiÖn c¶i c¸ch hµnh chÝnh");
        assert!(good.ratio() > 0.9, "{good:?}");
        assert!(bad.ratio() < 0.3, "{bad:?}");
    }
}
