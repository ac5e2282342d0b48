//! `--ocr` end to end: the real binary reads a scanned PDF (two pages of seed
//! 003 rendered to images, no text layer) with `pdftoppm` and `tesseract -l
//! vie`, and finds what the original PDF states on those pages.
//!
//! Needs `apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils`;
//! `.ci/run` installs them. Without them the test says so and passes on a
//! developer's machine, but fails under CI (`CI` set), where they must be.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

type Key = (String, String, String);

fn extract(args: &[&str], file: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["extract", "--format", "json"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    docs[0].clone()
}

fn keys(doc: &serde_json::Value, max_page: u64) -> BTreeSet<Key> {
    doc["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["span"]["page"].as_u64().unwrap() <= max_page)
        .map(|f| {
            (
                f["indicator"].as_str().unwrap().to_string(),
                f["value"].to_string(),
                f["role"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ocr_installed() -> bool {
    let langs = Command::new("tesseract").arg("--list-langs").output();
    let has_vie = langs.is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l.trim() == "vie")
    });
    let has_pdftoppm = Command::new("pdftoppm").arg("-v").output().is_ok();
    has_vie && has_pdftoppm
}

#[test]
fn a_scan_read_with_ocr_yields_what_the_original_states() {
    if !ocr_installed() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tesseract-ocr tesseract-ocr-vie poppler-utils"
        );
        eprintln!("skipped: tesseract with Vietnamese data or pdftoppm is not installed");
        return;
    }
    let scan = extract(&["--ocr"], "bad/scanned-003.pdf");
    assert_eq!(scan["errors"], serde_json::json!([]));
    assert_eq!(scan["source"]["pages"], 2);
    assert_eq!(scan["document"]["number"], "204/BC-UBND");
    assert_eq!(scan["document"]["period"]["label"], "quý III năm 2023");
    let original = extract(&[], "pdf/003.lo.pdf");
    let want = keys(&original, 2);
    assert!(!want.is_empty());
    assert_eq!(keys(&scan, 2), want);
}
