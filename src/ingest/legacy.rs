//! Legacy Vietnamese font encodings (TCVN3/ABC and VNI-Windows): detection
//! and conversion to Unicode. Runs in ingest on any decoded text — `.txt`
//! bytes read as cp1252, HTML, or text extracted from a PDF — because the
//! mojibake looks the same wherever it comes from.
//!
//! The tables follow the TCVN 5712:1993 (VN3) code chart and the VNI-Windows
//! composition rules (base letter + modifier byte) as published in the
//! VietUnicode "Unicode & Vietnamese Legacy Character Encodings" chart; they
//! are written here from those rules and checked by round trips over every
//! Vietnamese letter.

use unicode_normalization::UnicodeNormalization;

use super::syllable;

/// A legacy encoding that was detected and converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
        }
    }
}

/// TCVN3 (VN3): one code per letter. Lowercase letters with tones and the
/// seven unaccented-tone capitals; toned capitals have no code (the
/// all-caps `.VnTimeH` fonts draw the lowercase codes as capitals).
const TCVN3: &[(char, u8)] = &[
    ('ă', 0xA8),
    ('â', 0xA9),
    ('ê', 0xAA),
    ('ô', 0xAB),
    ('ơ', 0xAC),
    ('ư', 0xAD),
    ('đ', 0xAE),
    ('Ă', 0xA1),
    ('Â', 0xA2),
    ('Ê', 0xA3),
    ('Ô', 0xA4),
    ('Ơ', 0xA5),
    ('Ư', 0xA6),
    ('Đ', 0xA7),
    ('à', 0xB5),
    ('ả', 0xB6),
    ('ã', 0xB7),
    ('á', 0xB8),
    ('ạ', 0xB9),
    ('ằ', 0xBB),
    ('ẳ', 0xBC),
    ('ẵ', 0xBD),
    ('ắ', 0xBE),
    ('ặ', 0xC6),
    ('ầ', 0xC7),
    ('ẩ', 0xC8),
    ('ẫ', 0xC9),
    ('ấ', 0xCA),
    ('ậ', 0xCB),
    ('è', 0xCC),
    ('ẻ', 0xCE),
    ('ẽ', 0xCF),
    ('é', 0xD0),
    ('ẹ', 0xD1),
    ('ề', 0xD2),
    ('ể', 0xD3),
    ('ễ', 0xD4),
    ('ế', 0xD5),
    ('ệ', 0xD6),
    ('ì', 0xD7),
    ('ỉ', 0xD8),
    ('ĩ', 0xDC),
    ('í', 0xDD),
    ('ị', 0xDE),
    ('ò', 0xDF),
    ('ỏ', 0xE1),
    ('õ', 0xE2),
    ('ó', 0xE3),
    ('ọ', 0xE4),
    ('ồ', 0xE5),
    ('ổ', 0xE6),
    ('ỗ', 0xE7),
    ('ố', 0xE8),
    ('ộ', 0xE9),
    ('ờ', 0xEA),
    ('ở', 0xEB),
    ('ỡ', 0xEC),
    ('ớ', 0xED),
    ('ợ', 0xEE),
    ('ù', 0xEF),
    ('ủ', 0xF1),
    ('ũ', 0xF2),
    ('ú', 0xF3),
    ('ụ', 0xF4),
    ('ừ', 0xF5),
    ('ử', 0xF6),
    ('ữ', 0xF7),
    ('ứ', 0xF8),
    ('ự', 0xF9),
    ('ỳ', 0xFA),
    ('ỷ', 0xFB),
    ('ỹ', 0xFC),
    ('ý', 0xFD),
    ('ỵ', 0xFE),
];

/// The Unicode letter a TCVN3 "display" character (the Latin-1 character a
/// Western font shows for the code) stands for.
fn tcvn3_letter(display: char) -> Option<char> {
    let code = u8::try_from(u32::from(display)).ok()?;
    TCVN3.iter().find(|&&(_, b)| b == code).map(|&(u, _)| u)
}

/// The TCVN3 display character of a Unicode letter (toned capitals take the
/// lowercase code, as `.VnTimeH` text does).
pub fn tcvn3_encode_char(c: char) -> Option<char> {
    let find = |c: char| {
        TCVN3
            .iter()
            .find(|&&(u, _)| u == c)
            .map(|&(_, b)| char::from(b))
    };
    find(c).or_else(|| c.to_lowercase().next().and_then(find))
}

const TONES: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];
// Modifier characters of VNI-Windows, in the order of `TONES`.
const VNI_TONE: [[char; 5]; 2] = [['ù', 'ø', 'û', 'õ', 'ï'], ['Ù', 'Ø', 'Û', 'Õ', 'Ï']];
const VNI_CIRC: [[char; 6]; 2] = [
    ['á', 'à', 'å', 'ã', 'ä', 'â'],
    ['Á', 'À', 'Å', 'Ã', 'Ä', 'Â'],
];
const VNI_BREVE: [[char; 6]; 2] = [
    ['é', 'è', 'ú', 'ü', 'ë', 'ê'],
    ['É', 'È', 'Ú', 'Ü', 'Ë', 'Ê'],
];
const VNI_I: [[char; 5]; 2] = [['í', 'ì', 'æ', 'ó', 'ò'], ['Í', 'Ì', 'Æ', 'Ó', 'Ò']];

/// VNI-Windows display string of one Vietnamese letter, or None when the
/// letter is plain ASCII or not Vietnamese.
pub fn vni_encode_char(c: char) -> Option<String> {
    match c {
        'đ' => return Some("ñ".into()),
        'Đ' => return Some("Ñ".into()),
        _ => {}
    }
    let mut parts = c.nfd();
    let base = parts.next()?;
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let (mut mark, mut tone) = (None, None);
    for m in parts {
        if let Some(i) = TONES.iter().position(|&t| t == m) {
            tone = Some(i);
        } else if matches!(m, '\u{302}' | '\u{306}' | '\u{31B}') {
            mark = Some(m);
        } else {
            return None;
        }
    }
    if mark.is_none() && tone.is_none() {
        return None;
    }
    let up = usize::from(base.is_ascii_uppercase());
    let lower = base.to_ascii_lowercase();
    let mut s = String::new();
    match (lower, mark, tone) {
        ('i', None, Some(t)) => s.push(VNI_I[up][t]),
        ('y', None, Some(4)) => s.push(if up == 1 { 'Î' } else { 'î' }),
        ('o' | 'u', Some('\u{31B}'), t) => {
            s.push(match (lower, up) {
                ('o', 0) => 'ô',
                ('o', _) => 'Ô',
                (_, 0) => 'ö',
                _ => 'Ö',
            });
            if let Some(t) = t {
                s.push(VNI_TONE[up][t]);
            }
        }
        ('a' | 'e' | 'o', Some('\u{302}'), t) => {
            s.push(base);
            s.push(VNI_CIRC[up][t.unwrap_or(5)]);
        }
        ('a', Some('\u{306}'), t) => {
            s.push(base);
            s.push(VNI_BREVE[up][t.unwrap_or(5)]);
        }
        (_, None, Some(t)) => {
            s.push(base);
            s.push(VNI_TONE[up][t]);
        }
        _ => return None,
    }
    Some(s)
}

/// Every precomposed Vietnamese letter (both cases) plus đ/Đ.
pub fn vietnamese_letters() -> Vec<char> {
    let mut out = vec!['đ', 'Đ'];
    for base in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
        for tone in ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"] {
            let lower: String = format!("{base}{tone}").nfc().collect();
            let upper: String = lower.to_uppercase();
            for s in [lower, upper] {
                let mut cs = s.chars();
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    if !c.is_ascii() {
                        out.push(c);
                    }
                }
            }
        }
    }
    out
}

struct VniTable {
    pairs: std::collections::HashMap<(char, char), char>,
    singles: std::collections::HashMap<char, char>,
}

fn vni_table() -> &'static VniTable {
    static TABLE: std::sync::OnceLock<VniTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = VniTable {
            pairs: Default::default(),
            singles: Default::default(),
        };
        for c in vietnamese_letters() {
            if let Some(code) = vni_encode_char(c) {
                let cs: Vec<char> = code.chars().collect();
                match cs[..] {
                    [a] => {
                        t.singles.insert(a, c);
                    }
                    [a, b] => {
                        t.pairs.insert((a, b), c);
                    }
                    _ => {}
                }
            }
        }
        t
    })
}

/// Decode a VNI display string, greedily (a two-character sequence wins
/// over its first character alone).
pub fn decode_vni(s: &str) -> String {
    let t = vni_table();
    let cs: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    let mut i = 0;
    while i < cs.len() {
        if i + 1 < cs.len() {
            if let Some(&c) = t.pairs.get(&(cs[i], cs[i + 1])) {
                out.push(c);
                i += 2;
                continue;
            }
        }
        out.push(t.singles.get(&cs[i]).copied().unwrap_or(cs[i]));
        i += 1;
    }
    out
}

/// Encode Unicode text as a VNI display string (tests and fixtures).
pub fn encode_vni(s: &str) -> String {
    s.nfc()
        .map(|c| vni_encode_char(c).unwrap_or_else(|| c.to_string()))
        .collect()
}

/// Encode Unicode text as a TCVN3 display string (tests and fixtures).
pub fn encode_tcvn3(s: &str) -> String {
    s.nfc().map(|c| tcvn3_encode_char(c).unwrap_or(c)).collect()
}

fn is_letter_or_code(c: char) -> bool {
    c.is_alphabetic() || tcvn3_letter(c).is_some()
}

/// Decode a TCVN3 display string.
///
/// Besides the table, two repairs for text extracted from PDFs whose font
/// lost its code table: a `•` glued to a letter is ã (0xB7 drawn by the glyph
/// `bullet`), and when the text has no soft hyphen at all (0xAD drawn by the
/// glyph `hyphen`), a `-` that touches a letter and yields a valid syllable
/// is ư (`t-` = tư, `-¬ng` = ương), while `NQ-HĐND`, `2023-2028` and `tế-xã`
/// stay hyphens.
pub fn decode_tcvn3(s: &str) -> String {
    let cs: Vec<char> = s.chars().collect();
    let hyphen_is_u = !s.contains('\u{AD}');
    let mut out: Vec<char> = Vec::with_capacity(cs.len());
    for (i, &c) in cs.iter().enumerate() {
        let d = match c {
            '•' if i > 0 && is_letter_or_code(cs[i - 1]) => 'ã',
            _ => tcvn3_letter(c).unwrap_or(c),
        };
        out.push(d);
    }
    if hyphen_is_u {
        for i in 0..out.len() {
            if out[i] != '-' {
                continue;
            }
            let next = out.get(i + 1).copied();
            if next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit()) {
                continue;
            }
            let mut l = i;
            while l > 0 && out[l - 1].is_alphabetic() {
                l -= 1;
            }
            let mut r = i + 1;
            while r < out.len() && out[r].is_alphabetic() {
                r += 1;
            }
            if l == i && r == i + 1 {
                continue;
            }
            let mut word: String = out[l..i].iter().collect();
            word.push('ư');
            word.extend(&out[i + 1..r]);
            if syllable::is_syllable(&word) {
                out[i] = 'ư';
            }
        }
    }
    restore_capitals(&out.into_iter().collect::<String>())
}

/// Toned capitals have no TCVN3 code: headings set in `.VnTimeH` decode as
/// `CôNG TáC`. Upper-case the lowercase letters of words whose ASCII letters
/// are all capitals, when the word (≥ 2 capitals) or its line is all-caps.
fn restore_capitals(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let (up, low) = line.chars().fold((0, 0), |(u, l), c| {
            (
                u + usize::from(c.is_ascii_uppercase()),
                l + usize::from(c.is_ascii_lowercase()),
            )
        });
        let caps_line = up >= 4 && low * 10 <= up;
        out.push_str(&syllable::map_words(line, |word, out| {
            let up = word.chars().filter(|c| c.is_ascii_uppercase()).count();
            let low = word.chars().filter(|c| c.is_ascii_lowercase()).count();
            if low == 0 && (up >= 2 || (up >= 1 && caps_line)) {
                out.push_str(&word.to_uppercase());
            } else {
                out.push_str(word);
            }
        }));
    }
    out
}

/// Where the text came from, to weigh the evidence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hint {
    /// A font or face name said which legacy encoding (`.VnTime`, `VNI-Times`).
    pub font: Option<Legacy>,
}

/// The result of a detected legacy encoding.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    pub text: String,
    pub encoding: Legacy,
    /// Letters were lost before we saw the text (ư dropped as a soft hyphen).
    pub lossy: bool,
}

/// Characters that only Unicode Vietnamese has (not in Latin-1/cp1252):
/// plenty of them means the text is already Unicode.
fn is_unicode_only_vietnamese(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

/// Detect TCVN3 or VNI mojibake in `text` and convert it. Returns None for
/// ordinary Unicode text (Vietnamese or not): a decoding is taken only when
/// its words read as Vietnamese syllables clearly better than the text as is.
pub fn detect(text: &str, hint: Hint) -> Option<Converted> {
    let (mut high, mut unicode_vn) = (0usize, 0usize);
    for c in text.chars() {
        if ('\u{A0}'..='\u{FF}').contains(&c) {
            high += 1;
        } else if is_unicode_only_vietnamese(c) {
            unicode_vn += 1;
        }
    }
    // Mojibake is made of Latin-1 characters; real Vietnamese letters
    // outside Latin-1 mean the text is Unicode already.
    if high < 10 || unicode_vn * 20 > high {
        return None;
    }
    let base = syllable::score(text);
    let mut best: Option<(Legacy, String, syllable::Score)> = None;
    for enc in [Legacy::Tcvn3, Legacy::Vni] {
        let decoded = match enc {
            Legacy::Tcvn3 => decode_tcvn3(text),
            Legacy::Vni => decode_vni(text),
        };
        let s = syllable::score(&decoded);
        if best.as_ref().is_none_or(|(_, _, b)| s.ratio() > b.ratio()) {
            best = Some((enc, decoded, s));
        }
    }
    let (enc, decoded, s) = best?;
    let hinted = hint.font == Some(enc);
    let (margin, floor) = if hinted { (0.0, 0.5) } else { (0.2, 0.75) };
    if s.total() < 5 || s.ratio() < floor || s.ratio() < base.ratio() + margin {
        return None;
    }
    let decoded: String = decoded.nfc().collect();
    let lossy = enc == Legacy::Tcvn3 && looks_like_u_was_dropped(&decoded);
    let decoded = if lossy {
        super::lost_u::restore(&decoded)
    } else {
        decoded
    };
    Some(Converted {
        text: decoded,
        encoding: enc,
        lossy,
    })
}

/// ư is one of the most frequent Vietnamese letters ("người", "được",
/// "trường": 30–50 per 1,000 words in the seeds); a long decoded text with
/// almost none has lost it.
fn looks_like_u_was_dropped(decoded: &str) -> bool {
    let words = decoded.split_whitespace().count();
    let u = decoded.chars().filter(|&c| c == 'ư' || c == 'Ư').count();
    words > 200 && u * 200 < words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vni_round_trips_every_letter() {
        let letters = vietnamese_letters();
        assert_eq!(letters.len(), 134);
        for c in letters {
            let code = vni_encode_char(c).unwrap_or_else(|| panic!("no VNI code for {c}"));
            assert_eq!(decode_vni(&code), c.to_string(), "{c} → {code}");
        }
    }

    #[test]
    fn vni_chart_spot_checks() {
        assert_eq!(encode_vni("Số"), "Soá");
        assert_eq!(encode_vni("Giếng Đáy"), "Gieáng Ñaùy");
        assert_eq!(encode_vni("ỷ ỹ"), "yû yõ");
        assert_eq!(encode_vni("phường"), "phöôøng");
        assert_eq!(decode_vni("Keát quaû thöïc hieän"), "Kết quả thực hiện");
    }

    #[test]
    fn tcvn3_round_trips_lowercase_and_plain_capitals() {
        for &(u, _) in TCVN3 {
            let code = encode_tcvn3(&u.to_string());
            assert_eq!(decode_tcvn3(&format!("x{code}x")).chars().nth(1), Some(u));
        }
        assert_eq!(encode_tcvn3("Báo cáo"), "B¸o c¸o");
        assert_eq!(
            decode_tcvn3("B¸o c¸o KÕt qu¶ thùc hiÖn"),
            "Báo cáo Kết quả thực hiện"
        );
    }

    #[test]
    fn tcvn3_hyphen_glyph_reads_as_u_only_inside_syllables() {
        // No soft hyphen in the text: the font drew ư as "-".
        let s = "ph-êng t- vÊn -¬ng NQ-H§ND 2023-2028 kinh tÕ-x• héi";
        assert_eq!(
            decode_tcvn3(s),
            "phường tư vấn ương NQ-HĐND 2023-2028 kinh tế-xã hội"
        );
        // With real soft hyphens present, "-" is always a hyphen.
        assert_eq!(decode_tcvn3("ph\u{AD}êng t-"), "phường t-");
    }

    #[test]
    fn tcvn3_restores_all_caps_headings() {
        assert_eq!(decode_tcvn3("I. C¤NG T¸C CHØ §¹O"), "I. CÔNG TÁC CHỈ ĐẠO");
        assert_eq!(
            decode_tcvn3("UBND ph\u{AD}êng Hµ Phong"),
            "UBND phường Hà Phong"
        );
    }

    #[test]
    fn detection_never_fires_on_unicode_text() {
        for t in [
            "Báo cáo kết quả thực hiện cải cách hành chính năm 2023 của UBND phường Hà Phong, đạt 99,8 %.",
            "The quick brown fox jumps over the lazy dog. Café, naïve, résumé, Zürich, São Paulo à la carte.",
            "Số hồ sơ tiếp nhận: 3954; đã giải quyết đúng hạn 3945/3954 (99,8 %). Hoá, hóa, thuỷ, thủy.",
        ] {
            let t = t.repeat(5);
            assert_eq!(detect(&t, Hint::default()), None, "{t}");
            assert_eq!(
                detect(&t, Hint { font: Some(Legacy::Vni) }),
                None,
                "hint must not force {t}"
            );
        }
    }

    #[test]
    fn detection_finds_both_encodings() {
        let src =
            "Báo cáo kết quả thực hiện cải cách hành chính của UBND phường Giếng Đáy năm 2023";
        let t = detect(&encode_tcvn3(src), Hint::default()).unwrap();
        assert_eq!(t.encoding, Legacy::Tcvn3);
        assert_eq!(t.text, src);
        let v = detect(&encode_vni(src), Hint::default()).unwrap();
        assert_eq!(v.encoding, Legacy::Vni);
        assert_eq!(v.text, src);
    }
}
