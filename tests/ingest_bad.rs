//! Broken inputs (`tests/fixtures/bad/`, see MANIFEST): each yields its
//! error kind with a clerk-readable message, never a panic or a hang, both
//! through the library (in-process isolation) and through the real binary
//! (child-process isolation), where the other files of the run still come out.

use std::path::{Path, PathBuf};
use std::process::Command;

use cchc::ingest::{ingest_bytes, IngestOptions, Ingested};
use cchc::model::{ErrorKind, Format};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn read(rel: &str) -> Ingested {
    let p = fixture(rel);
    ingest_bytes(&p, &std::fs::read(&p).unwrap(), &IngestOptions::default())
}

fn kinds(ing: &Ingested) -> Vec<ErrorKind> {
    ing.errors.iter().map(|e| e.kind).collect()
}

/// (file, format, error kinds, pages)
const EXPECTED: &[(&str, Format, &[ErrorKind], usize)] = &[
    ("bad/empty.pdf", Format::Pdf, &[ErrorKind::EmptyFile], 0),
    (
        "bad/random-bytes.pdf",
        Format::Pdf,
        &[ErrorKind::CorruptPdf],
        0,
    ),
    (
        "bad/truncated-half.pdf",
        Format::Pdf,
        &[ErrorKind::CorruptPdf],
        0,
    ),
    (
        "bad/truncated-tail.pdf",
        Format::Pdf,
        &[ErrorKind::RepairedPdf],
        6,
    ),
    (
        "bad/encrypted-userpw.pdf",
        Format::Pdf,
        &[ErrorKind::EncryptedPdf],
        0,
    ),
    ("bad/encrypted-ownerpw-only.pdf", Format::Pdf, &[], 6),
    (
        "bad/garbage-stream.pdf",
        Format::Pdf,
        &[ErrorKind::DamagedPages],
        6,
    ),
    ("bad/zero-pages.pdf", Format::Pdf, &[ErrorKind::NoText], 0),
    (
        "bad/scanned-003.pdf",
        Format::Pdf,
        &[ErrorKind::ScannedPdfNoText],
        2,
    ),
    (
        "bad/page-tree-cycle.pdf",
        Format::Pdf,
        &[ErrorKind::RepairedPdf],
        6,
    ),
    ("bad/docx-renamed.pdf", Format::Docx, &[], 1),
];

#[test]
fn every_broken_fixture_yields_its_error_kind() {
    for (file, format, want, pages) in EXPECTED {
        let ing = read(file);
        assert_eq!(kinds(&ing), *want, "{file}: {:?}", ing.errors);
        assert_eq!(ing.format, *format, "{file}");
        assert_eq!(ing.pages, *pages, "{file}");
        for e in &ing.errors {
            assert!(
                e.message.ends_with('.') && e.message.starts_with(char::is_uppercase),
                "{file}: not a sentence: {}",
                e.message
            );
        }
    }
}

#[test]
fn messages_say_what_to_do() {
    let scanned = read("bad/scanned-003.pdf");
    assert!(scanned.errors[0].message.contains("2 page(s)"));
    assert!(scanned.errors[0].message.contains("--ocr"));
    assert!(read("bad/encrypted-userpw.pdf").errors[0]
        .message
        .contains("password"));
    assert!(read("bad/garbage-stream.pdf").errors[0]
        .message
        .contains("Page(s) 1 of 6"));
}

fn pages_of(ing: &Ingested) -> Vec<&str> {
    let mut starts = ing.page_starts.clone();
    starts.push(ing.text.len());
    starts.windows(2).map(|w| &ing.text[w[0]..w[1]]).collect()
}

#[test]
fn a_damaged_page_does_not_take_the_others_with_it() {
    let good = read("pdf/003.lo.pdf");
    let bad = read("bad/garbage-stream.pdf");
    let (g, b) = (pages_of(&good), pages_of(&bad));
    assert_eq!(b.len(), 6);
    assert!(b[0].trim().is_empty());
    assert_eq!(&g[1..], &b[1..], "pages 2–6 must be intact");
}

#[test]
fn looping_encrypted_or_cut_off_files_read_every_page_once() {
    let good = read("pdf/003.lo.pdf");
    let cycle = read("bad/page-tree-cycle.pdf");
    assert_eq!(cycle.text, good.text);
    let owner = read("bad/encrypted-ownerpw-only.pdf");
    assert_eq!(owner.text, good.text);
    // Cut off before its catalog: the page tree is found and all pages read.
    let cut = read("bad/truncated-tail.pdf");
    assert_eq!(cut.text, good.text);
}

#[test]
fn ocr_without_tesseract_says_how_to_install_it() {
    // The real binary with an empty PATH: tesseract cannot be found.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["extract", "--ocr", "--format", "json"])
        .arg(fixture("bad/scanned-003.pdf"))
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = docs[0]["errors"].as_array().unwrap();
    let kinds: Vec<&str> = errors.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["scanned_pdf_no_text", "ocr_unavailable"]);
    let msg = errors[1]["message"].as_str().unwrap();
    assert!(
        msg.contains("apt-get install tesseract-ocr tesseract-ocr-vie"),
        "{msg}"
    );
}

#[test]
fn the_worker_reads_bytes_from_stdin_and_answers_in_json() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["worker", "--name", "x.pdf"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(fixture("pdf/003.lo.pdf")).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let ing: Ingested = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ing, read("pdf/003.lo.pdf"));
}

#[test]
fn one_run_over_good_and_bad_files_reports_every_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for (file, ..) in EXPECTED {
        let name = Path::new(file).file_name().unwrap();
        std::fs::copy(fixture(file), dir.path().join(name)).unwrap();
        names.push(name.to_string_lossy().into_owned());
    }
    for good in [
        "pdf/003.lo.pdf",
        "docx/004.lo.docx",
        "html/003.cp1258.html",
        "txt-legacy/000.vni.txt",
    ] {
        let name = Path::new(good).file_name().unwrap();
        std::fs::copy(fixture(good), dir.path().join(name)).unwrap();
        names.push(name.to_string_lossy().into_owned());
    }
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["extract", "--format", "json", "--timeout", "60"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs.len(), names.len());
    let by_name = |n: &str| {
        docs.iter()
            .find(|d| d["source"]["path"].as_str().unwrap().ends_with(n))
            .unwrap_or_else(|| panic!("{n} missing from the output"))
    };
    for (file, _, want, pages) in EXPECTED {
        let d = by_name(Path::new(file).file_name().unwrap().to_str().unwrap());
        let got: Vec<&str> = d["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = want.iter().map(|k| k.as_str()).collect();
        assert_eq!(got, want, "{file}");
        assert_eq!(d["source"]["pages"], *pages, "{file}");
    }
    for (name, encoding) in [
        ("003.lo.pdf", None),
        ("004.lo.docx", None),
        ("003.cp1258.html", Some("windows-1258")),
        ("000.vni.txt", Some("vni")),
    ] {
        let d = by_name(name);
        assert_eq!(d["errors"].as_array().unwrap().len(), 0, "{name}");
        assert_eq!(d["source"]["encoding"].as_str(), encoding, "{name}");
    }
}
