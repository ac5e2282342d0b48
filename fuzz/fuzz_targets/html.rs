//! Fuzz target: the HTML reader on arbitrary bytes (see `cchc_fuzz::reader`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cchc_fuzz::reader(data, cchc::ingest::sniff::Kind::Html);
});
