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
}

/// Decode bytes of a text file; returns NFC text and the encoding's name.
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    let d = decode_text_full(bytes, Hint::default());
    (d.text, d.encoding)
}

/// Decode bytes of a text file, with the evidence needed to report a lossy
/// legacy conversion.
pub fn decode_text_full(bytes: &[u8], hint: Hint) -> Decoded {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (s, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = if enc == encoding_rs::UTF_8 {
            "utf-8"
        } else {
            "utf-16"
        };
        return unicode_or_legacy(&s, name, hint);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => unicode_or_legacy(s, "utf-8", hint),
        Err(_) => decode_single_byte(bytes, hint),
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
        },
        None => Decoded {
            text: normalize(s),
            encoding: name,
            lossy: false,
        },
    }
}

/// Bytes that are not UTF-8: Windows-1258 (base letter + combining tone
/// byte) unless the cp1252 reading is TCVN3/VNI mojibake that decodes into
/// clearly better Vietnamese.
fn decode_single_byte(bytes: &[u8], hint: Hint) -> Decoded {
    let (cp1258, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    let cp1258: String = cp1258.nfc().collect();
    let (display, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    if let Some(c) = legacy::detect(&display, hint) {
        let legacy_score = syllable::score(&c.text).ratio();
        if legacy_score > syllable::score(&cp1258).ratio() {
            return Decoded {
                text: normalize(&c.text),
                encoding: c.encoding.name(),
                lossy: c.lossy,
            };
        }
    }
    Decoded {
        text: normalize(&cp1258),
        encoding: "windows-1258",
        lossy: false,
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
    fn nfd_is_composed_and_nbsp_kept() {
        let nfd: String = "Hồ sơ\u{A0}99,8 %\r\n\u{A0}\r".nfd().collect();
        assert_eq!(normalize(&nfd), "Hồ sơ\u{A0}99,8 %\n\u{A0}\n");
    }
}
