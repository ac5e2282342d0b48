//! Plain-text decoding for ingest: BOM sniffing, UTF-8, then the legacy
//! single-byte candidates (Windows-1258, TCVN3, VNI) scored as Vietnamese;
//! everything ends NFC with `\n` line ends.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::legacy::{self, Hint};
use super::syllable;

/// Text and the name of the encoding it was read in.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// A legacy conversion could not restore every letter.
    pub lossy: bool,
    /// Bytes that were not valid in the chosen encoding and were replaced
    /// with U+FFFD (a damaged UTF-8 file).
    pub invalid_bytes: InvalidBytes,
    /// The bytes are not UTF-8 and no candidate reading looks like
    /// Vietnamese: the text is a guess that should not be trusted.
    pub unreadable: bool,
}

/// Where a decoding had to replace bytes: how many sequences, and the byte
/// offsets (in the file) of the first [`MAX_OFFSETS`] of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvalidBytes {
    pub count: u64,
    pub offsets: Vec<u64>,
}

/// How many offsets of replaced bytes a report lists.
pub const MAX_OFFSETS: usize = 20;

impl InvalidBytes {
    fn push(&mut self, offset: usize) {
        self.count += 1;
        if self.offsets.len() < MAX_OFFSETS {
            self.offsets.push(offset as u64);
        }
    }
}

/// Decode bytes of a text file; returns NFC text and the encoding's name.
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    let d = decode_text_full(bytes, Hint::default());
    (d.text, d.encoding)
}

/// Decode bytes of a text file, with the evidence needed to report a lossy
/// conversion: strict UTF-8 (or a BOM) is taken as it is; any other input
/// is read every way it could be (UTF-8 with the bad bytes replaced,
/// Windows-1258, TCVN3, VNI) and the reading that looks most like
/// Vietnamese wins.
pub fn decode_text_full(bytes: &[u8], hint: Hint) -> Decoded {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            let mut d = decode_text_full(&bytes[bom_len..], hint);
            for o in &mut d.invalid_bytes.offsets {
                *o += bom_len as u64;
            }
            return d;
        }
        let (s, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let mut d = unicode_or_legacy(&s, "utf-16", hint);
        // Unpaired surrogates were replaced; their offsets are not kept.
        d.invalid_bytes.count = d.text.matches('\u{FFFD}').count() as u64;
        return d;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => unicode_or_legacy(s, "utf-8", hint),
        Err(_) => best_reading(bytes, hint),
    }
}

/// Text that decoded as Unicode may still be TCVN3/VNI mojibake (a `.txt`
/// saved from a `.VnTime` document by a Unicode-aware editor).
pub fn unicode_or_legacy(s: &str, name: &'static str, hint: Hint) -> Decoded {
    match legacy::detect(s, hint) {
        Some(c) => Decoded {
            text: normalize(&c.text),
            encoding: c.encoding.name(),
            lossy: c.lossy,
            invalid_bytes: InvalidBytes::default(),
            unreadable: false,
        },
        None => Decoded {
            text: normalize(s),
            encoding: name,
            lossy: false,
            invalid_bytes: InvalidBytes::default(),
            unreadable: false,
        },
    }
}

/// UTF-8 with every invalid sequence replaced by U+FFFD, and where they were.
pub fn utf8_lossy(bytes: &[u8]) -> (String, InvalidBytes) {
    let mut text = String::with_capacity(bytes.len());
    let mut bad = InvalidBytes::default();
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            bad.push(at);
            text.push('\u{FFFD}');
            at += chunk.invalid().len();
        }
    }
    (text, bad)
}

/// How much of the first [`SAMPLE`] bytes of a reading are Vietnamese
/// syllables (enough to tell readings apart, and linear on any input).
pub(crate) fn vietnamese_score(text: &str) -> syllable::Score {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    syllable::score(&text[..end])
}

const SAMPLE: usize = 1 << 20;

/// Bytes that are not UTF-8: compare the readings by how Vietnamese they
/// look. A mostly-UTF-8 file with a few damaged bytes stays UTF-8 (bad bytes
/// replaced and counted); a Windows-1258 file reads as Windows-1258 unless
/// its cp1252 display is TCVN3/VNI mojibake that decodes into better
/// Vietnamese. Ties go to UTF-8, whose damage is then reported.
fn best_reading(bytes: &[u8], hint: Hint) -> Decoded {
    let (utf8, bad) = utf8_lossy(bytes);
    let utf8_score = vietnamese_score(&utf8);
    let (cp1258, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    let cp1258: String = cp1258.nfc().collect();
    let cp1258_score = vietnamese_score(&cp1258);
    let (display, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    let legacy = legacy::detect(&display, hint).map(|c| {
        let s = vietnamese_score(&c.text);
        (c, s)
    });
    let best_single = cp1258_score
        .ratio()
        .max(legacy.as_ref().map_or(0.0, |(_, s)| s.ratio()));
    if utf8_score.ratio() >= best_single {
        // Readable UTF-8 with a few bad bytes, or nothing reads better.
        let unreadable = utf8_score.ratio() < 0.5 && bad.count * 100 > bytes.len() as u64;
        return Decoded {
            text: normalize(&utf8),
            encoding: "utf-8",
            lossy: false,
            invalid_bytes: bad,
            unreadable,
        };
    }
    if let Some((c, s)) = legacy {
        if s.ratio() > cp1258_score.ratio() {
            return Decoded {
                text: normalize(&c.text),
                encoding: c.encoding.name(),
                lossy: c.lossy,
                invalid_bytes: InvalidBytes::default(),
                unreadable: s.ratio() < 0.5,
            };
        }
    }
    Decoded {
        text: normalize(&cp1258),
        encoding: "windows-1258",
        lossy: false,
        invalid_bytes: InvalidBytes::default(),
        unreadable: cp1258_score.ratio() < 0.5,
    }
}

/// NFC, with line endings unified to `\n` (offsets are into this text).
///
/// No-break spaces are kept: in text typed by people an NBSP-only line is an
/// empty table cell, which segmentation reads as such (PDF spacing is
/// repaired separately, in `cleanup`).
pub fn normalize(s: &str) -> String {
    let s = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    };
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s,
        _ => s.nfc().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_text("Hồ sơ".as_bytes()), ("Hồ sơ".into(), "utf-8"));
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFH\xE1\xBB\x93 s\xC6\xA1"),
            ("Hồ sơ".into(), "utf-8")
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Hồ sơ\r\n".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(decode_text(&b), ("Hồ sơ\n".into(), "utf-16"));
    }

    #[test]
    fn windows_1258_is_composed() {
        // "Việt" as cp1258: ê + combining dot below (0xF2).
        assert_eq!(
            decode_text(b"Vi\xEA\xF2t Nam"),
            ("Việt Nam".into(), "windows-1258")
        );
    }

    #[test]
    fn one_bad_byte_keeps_utf8_and_is_reported() {
        let good = "Báo cáo kết quả thực hiện cải cách hành chính của phường. ".repeat(20);
        let mut b = good.as_bytes().to_vec();
        b.insert(100, 0xFF);
        // A dropped continuation byte: the first byte of "ả" (E1 BA A3) alone.
        let at = b.len() - 30;
        b.splice(at..at, [0xE1, 0xBA]);
        let d = decode_text_full(&b, Hint::default());
        assert_eq!((d.encoding, d.unreadable), ("utf-8", false));
        assert_eq!(d.invalid_bytes.count, 2);
        assert_eq!(d.invalid_bytes.offsets, vec![100, at as u64]);
        assert_eq!(d.text.matches('\u{FFFD}').count(), 2);
        assert!(d.text.contains("Báo cáo kết quả"));
    }

    #[test]
    fn legacy_files_still_win_over_damaged_utf8() {
        let src = "Báo cáo kết quả thực hiện cải cách hành chính của UBND phường. ".repeat(5);
        let tcvn3: Vec<u8> = legacy::encode_tcvn3(&src)
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        let d = decode_text_full(&tcvn3, Hint::default());
        assert_eq!(d.encoding, "tcvn3");
        assert_eq!(d.invalid_bytes.count, 0);
        assert!(!d.unreadable);
    }

    #[test]
    fn bytes_that_read_as_nothing_are_unreadable() {
        let noise: Vec<u8> = (0..4000u32)
            .map(|i| 0x80 + ((i * 7919 + i / 3) % 0x7F) as u8)
            .collect();
        let d = decode_text_full(&noise, Hint::default());
        assert!(d.unreadable, "{:?}", &d.text[..60]);
    }

    #[test]
    fn nfd_is_composed_and_nbsp_kept() {
        let nfd: String = "Hồ sơ\u{A0}99,8 %\r\n\u{A0}\r".nfd().collect();
        assert_eq!(normalize(&nfd), "Hồ sơ\u{A0}99,8 %\n\u{A0}\n");
    }
}
