//! Mutation test of the untrusted readers: fixture bytes with random
//! damage (flipped bytes, cuts, inserted junk, repeated chunks) must give a
//! result or an error, never a panic or a hang. Each case runs under the
//! in-process isolation with a deadline, so a panic shows up as
//! `reader_crashed` and a hang as `timeout`; both fail the test.
//!
//! CI runs a few dozen cases per reader; to search longer:
//! `PROPTEST_CASES=3000 cargo test --release --test ingest_mutation`.
//! Failures proptest finds are kept in `proptest-regressions/` (committed).

use std::path::Path;
use std::time::Duration;

use cchc::ingest::{docx, isolate, read_untrusted, sniff::Kind, Ingested};
use cchc::model::{ErrorKind, Format};
use proptest::prelude::*;

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .unwrap()
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Cut { at: usize },
    Insert { at: usize, junk: Vec<u8> },
    Repeat { at: usize, len: usize },
    Erase { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        1 => any::<usize>().prop_map(|at| Mutation::Cut { at }),
        2 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..64))
            .prop_map(|(at, junk)| Mutation::Insert { at, junk }),
        1 => (any::<usize>(), 1usize..4096).prop_map(|(at, len)| Mutation::Repeat { at, len }),
        1 => (any::<usize>(), 1usize..4096).prop_map(|(at, len)| Mutation::Erase { at, len }),
    ]
}

fn apply(mut b: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        if b.is_empty() {
            break;
        }
        let n = b.len();
        match m {
            Mutation::Flip { at, byte } => b[at % n] = *byte,
            Mutation::Cut { at } => b.truncate(at % n),
            Mutation::Insert { at, junk } => {
                let at = at % n;
                b.splice(at..at, junk.iter().copied());
            }
            Mutation::Repeat { at, len } => {
                let at = at % n;
                let chunk = b[at..(at + len).min(n)].to_vec();
                b.splice(at..at, chunk);
            }
            Mutation::Erase { at, len } => {
                let at = at % n;
                b.drain(at..(at + len).min(n));
            }
        }
    }
    b
}

fn survives(bytes: Vec<u8>, kind: Kind, format: Format) -> Result<(), TestCaseError> {
    let ing: Ingested = isolate::in_process(format, Some(Duration::from_secs(30)), move || {
        read_untrusted(&bytes, kind)
    });
    for e in &ing.errors {
        prop_assert!(
            !matches!(e.kind, ErrorKind::ReaderCrashed | ErrorKind::Timeout),
            "{:?}: {}",
            e.kind,
            e.message
        );
    }
    prop_assert_eq!(ing.page_starts.len().max(1), ing.pages.max(1));
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_pdfs_never_crash_or_hang(
        which in 0usize..4,
        muts in proptest::collection::vec(mutation(), 1..8),
    ) {
        let file = ["pdf/003.lo.pdf", "pdf/004.chromium.pdf", "pdf/000.tcvn3-vntime.gs.pdf", "bad/encrypted-ownerpw-only.pdf"][which];
        survives(apply(fixture(file), &muts), Kind::Pdf, Format::Pdf)?;
    }

    #[test]
    fn mutated_docx_containers_never_crash_or_hang(
        which in 0usize..3,
        muts in proptest::collection::vec(mutation(), 1..8),
    ) {
        let file = ["docx/003.lo.docx", "docx/001.lo-table.docx", "docx/001.pandoc.docx"][which];
        survives(apply(fixture(file), &muts), Kind::Zip, Format::Docx)?;
    }

    #[test]
    fn mutated_document_xml_never_crashes(
        muts in proptest::collection::vec(mutation(), 1..16),
    ) {
        let xml = document_xml();
        let damaged = apply(xml.into_bytes(), &muts);
        let _ = docx::text_of_document_xml(&String::from_utf8_lossy(&damaged));
    }

    #[test]
    fn mutated_html_never_crashes_or_hangs(
        muts in proptest::collection::vec(mutation(), 1..8),
    ) {
        survives(apply(fixture("html/003.cp1258.html"), &muts), Kind::Html, Format::Html)?;
    }
}

/// `word/document.xml` of a table-rich fixture.
fn document_xml() -> String {
    use std::io::Read;
    let bytes = fixture("docx/001.lo-table.docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}
