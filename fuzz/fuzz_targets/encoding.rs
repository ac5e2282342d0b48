//! Fuzz target: the encoding detector. Arbitrary bytes decode to NFC text
//! without a panic; an invalid-byte report points inside the input; the
//! legacy detector on arbitrary text never panics.
#![no_main]

use cchc::ingest::{decode_text_full, legacy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let d = decode_text_full(data, legacy::Hint::default());
    for &o in &d.invalid_bytes.offsets {
        assert!((o as usize) < data.len());
    }
    assert!(d.invalid_bytes.count as usize <= data.len());
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = legacy::detect(s, legacy::Hint::default());
        let _ = legacy::decode_tcvn3(s);
        let _ = legacy::decode_vni(s);
    }
});
