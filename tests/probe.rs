//! End to end through the real binary: the reader's measure on the blind
//! probe passages (`tests/probe/`, see its README). Each passage was written
//! by someone who saw only the indicator catalogue and the output contract,
//! with every figure a careful reader marks; `cchc patterns probe` runs each
//! through the whole pipeline and scores indicator + value + role.
//!
//! The floors sit a little under the measured values (recorded in
//! tests/probe/README.md), so a change that makes the reader worse on
//! passages nobody tuned to fails here. The frozen half is never read to
//! fix a failure: a frozen case that fails gets a new example of its class
//! in the dev half or in the lexicon instead.

use std::path::Path;
use std::process::Command;

fn probe(half: &str, min_recall: &str, min_precision: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/probe")
        .join(half);
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["patterns", "probe"])
        .arg(&dir)
        .args(["--min-recall", min_recall, "--min-precision", min_precision])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout.lines().last().unwrap_or("");
    assert!(
        out.status.success(),
        "{half}: below the floor (recall ≥ {min_recall}, precision ≥ {min_precision}):\n{summary}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(summary.contains("passages: recall"), "{stdout}");
}

#[test]
fn frozen_half_stays_above_its_floor() {
    probe("frozen", "0.83", "0.89");
}

#[test]
fn dev_half_stays_above_its_floor() {
    probe("dev", "0.91", "0.94");
}

#[test]
fn a_floor_above_the_measure_fails() {
    // The gate itself must be able to fail.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/probe/dev");
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["patterns", "probe"])
        .arg(&dir)
        .args(["--min-recall", "1.01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
