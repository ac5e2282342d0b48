//! Fuzz target: the whole pipeline (ingest → segment → extract → validate)
//! on arbitrary bytes named `.txt`. A panic or a hang is a finding, and so
//! is a span outside the text or a document with neither text nor an error.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use cchc::ingest::IngestOptions;
use cchc::Pipeline;
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(IngestOptions::default()).expect("rules compile"))
}

fuzz_target!(|data: &[u8]| {
    let p = pipeline().process_bytes(Path::new("fuzz.txt"), data);
    let out = &p.output;
    assert!(
        !out.errors.is_empty() || !p.text.trim().is_empty(),
        "no text and no error"
    );
    for f in &out.figures {
        assert!(f.span.start <= f.span.end && f.span.end <= p.text.len());
        assert!(p.text.is_char_boundary(f.span.start) && p.text.is_char_boundary(f.span.end));
        assert!(f.value.is_finite());
    }
    for f in &out.findings {
        for s in &f.spans {
            assert!(s.span.end <= p.text.len());
        }
    }
});
