//! Putting back the ư that a TCVN3 file lost (ingest stage, after the
//! legacy conversion of [`super::legacy`]).
//!
//! TCVN3 writes the plain ư as byte 0xAD, which is the soft hyphen in
//! Latin-1; Office and web pipelines dropped it, so `trường` reached us as
//! `trờng` and `nước` as `nớc`. Most such words cannot be told from real
//! ones, but some can: Vietnamese has no rhyme `ơc`, `ơng` or `ơu` — only
//! `ươc`, `ương`, `ươu` — so there the ư is certain. A short list covers
//! frequent words whose ư-less form is no word a report uses. Everything else
//! stays as it is, and the file is still reported as lossy.

/// Words whose dropped ư is certain though their rhyme exists without it.
const KNOWN: &[(&str, &str)] = &[("ngời", "người"), ("lợt", "lượt")];

/// ơ with any tone, either case.
fn is_o_horn(c: char) -> bool {
    "ơớờởỡợƠỚỜỞỠỢ".contains(c)
}

/// The word with its ư restored, or None when nothing is certain.
fn restore_word(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    if let Some((_, fixed)) = KNOWN.iter().find(|(lost, _)| *lost == lower) {
        let upper = word.starts_with(char::is_uppercase);
        let mut out = String::new();
        for (i, c) in fixed.chars().enumerate() {
            if i == 0 && upper {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
        return Some(out);
    }
    let chars: Vec<char> = word.chars().collect();
    let at = chars.iter().position(|&c| is_o_horn(c))?;
    let onset: String = chars[..at].iter().collect::<String>().to_lowercase();
    let coda: String = chars[at + 1..].iter().collect::<String>().to_lowercase();
    if !super::syllable::ONSETS.contains(&onset.as_str())
        || !matches!(coda.as_str(), "c" | "ng" | "u")
    {
        return None;
    }
    let u = if chars[at].is_uppercase() { 'Ư' } else { 'ư' };
    let mut out: String = chars[..at].iter().collect();
    out.push(u);
    out.extend(&chars[at..]);
    Some(out)
}

/// `text` with every certain dropped ư put back; byte layout may change,
/// so this runs before offsets are taken.
pub fn restore(text: &str) -> String {
    super::syllable::map_words(text, |word, out| match restore_word(word) {
        Some(w) => out.push_str(&w),
        None => out.push_str(word),
    })
}

#[cfg(test)]
mod tests {
    use super::restore;

    #[test]
    fn rhymes_that_need_u_get_it_back() {
        assert_eq!(restore("nhà nớc"), "nhà nước");
        assert_eq!(restore("trớc hạn: 321 hồ sơ"), "trước hạn: 321 hồ sơ");
        assert_eq!(
            restore("Trờng học, phơng án, rợu"),
            "Trường học, phương án, rượu"
        );
        assert_eq!(restore("đợc"), "được");
    }

    #[test]
    fn known_words_and_case() {
        assert_eq!(restore("145 lợt thanh toán"), "145 lượt thanh toán");
        assert_eq!(restore("Ngời dân"), "Người dân");
    }

    #[test]
    fn real_words_without_u_stay() {
        for w in [
            "mới",
            "với",
            "thời",
            "hơn",
            "lớn",
            "chơi",
            "nghỉ ngơi",
            "lớp",
            "sơ",
            "cơ sở",
        ] {
            assert_eq!(restore(w), w);
        }
        // Already whole.
        assert_eq!(restore("người được trường"), "người được trường");
    }
}
