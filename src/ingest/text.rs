//! Plain-text decoding: BOM sniffing, UTF-8, then legacy fallbacks; NFC.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Decode bytes of a text file; returns NFC text and the encoding's name.
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (s, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let name = if enc == encoding_rs::UTF_8 {
            "utf-8"
        } else {
            "utf-16"
        };
        return (normalize(&s), name);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (normalize(s), "utf-8"),
        Err(_) => {
            let (s, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
            (normalize(&s), "windows-1258")
        }
    }
}

/// NFC, with line endings unified to `\n` (offsets are into this text).
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
