//! Fuzz target: the number parser on arbitrary strings: never a panic, and
//! a parsed value is finite.
#![no_main]

use cchc::numbers::{parse_number, parse_value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(n) = parse_number(s) {
        assert!(n.value.is_finite(), "{s:?} -> {}", n.value);
    }
    if let Ok(n) = parse_value(s) {
        assert!(n.value.is_finite(), "{s:?} -> {}", n.value);
    }
});
