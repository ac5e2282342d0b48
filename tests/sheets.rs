//! Spreadsheets end to end: workbooks of our own making (`sheets_support`,
//! and the `.xls`/`.ods` LibreOffice made of the same workbook, committed
//! under `tests/fixtures/sheets/`) run through the real binary — figures,
//! scopes, the cell each came from, the wrong and the stale totals flagged,
//! hidden sheets noted, and broken, encrypted and spread-out workbooks
//! refused with a clear error.
//!
//! To remake the LibreOffice fixtures: `CCHC_SHEETS_OUT=/tmp/x cargo test
//! --test sheets -- --ignored`, then in /tmp/x `libreoffice --headless
//! --convert-to xls district.xlsx` and `--convert-to ods`; the encrypted
//! one is `msoffcrypto-tool -e -p 1234 district.xlsx encrypted.xlsx` (pip
//! `msoffcrypto-tool`).

mod sheets_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sheets")
        .join(name)
}

fn cchc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(args)
        .output()
        .expect("run cchc")
}

fn extract(path: &Path) -> (Value, i32) {
    let out = cchc(&["extract", "--format", "json", path.to_str().unwrap()]);
    let docs: Value = serde_json::from_slice(&out.stdout).expect("json");
    (docs[0].clone(), out.status.code().unwrap_or(-1))
}

#[test]
#[ignore = "writes the source workbook of the LibreOffice fixtures"]
fn write_source_workbooks() {
    let dir = PathBuf::from(std::env::var("CCHC_SHEETS_OUT").expect("CCHC_SHEETS_OUT"));
    std::fs::create_dir_all(&dir).unwrap();
    sheets_support::district(&dir.join("district.xlsx"));
}

/// The district workbook, written afresh into a temporary folder.
fn district() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("district.xlsx");
    sheets_support::district(&p);
    (dir, p)
}

/// (cell, indicator, value, scope) of every figure.
fn figures(doc: &Value) -> Vec<(String, String, f64, Option<String>)> {
    doc["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["cell"].as_str().unwrap_or("-").to_string(),
                f["indicator"].as_str().unwrap().to_string(),
                f["value"].as_f64().unwrap(),
                f["scope"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn has(doc: &Value, cell: &str, indicator: &str, value: f64, scope: Option<&str>) {
    let all = figures(doc);
    assert!(
        all.iter().any(|(c, i, v, s)| c == cell
            && i == indicator
            && (v - value).abs() < 1e-9
            && s.as_deref() == scope),
        "no {indicator} = {value} ({scope:?}) at {cell} among {all:#?}"
    );
}

/// What every reading of the district workbook must give, whatever the
/// file format: the units' figures with their scope and cell, the totals,
/// the wrong typed total and the stale formula total flagged, and the
/// hidden sheet read and noted.
fn assert_district(doc: &Value) {
    assert_eq!(doc["errors"], serde_json::json!([]));
    assert_eq!(doc["source"]["pages"], 3);
    assert_eq!(doc["document"]["issuer"], "UBND huyện Đông Sơn");
    assert_eq!(doc["document"]["period"]["from"], "2024-01-01");
    has(
        doc,
        "Biểu 01!C7",
        "dossiers.received_total",
        120.0,
        Some("Phường An Bình"),
    );
    has(
        doc,
        "Biểu 01!D8",
        "dossiers.resolved_on_time",
        88.0,
        Some("Xã Hòa Lạc"),
    );
    has(
        doc,
        "Biểu 01!E9",
        "dossiers.resolved_late",
        2.0,
        Some("Phường Bình Minh"),
    );
    has(
        doc,
        "Biểu 01!F9",
        "dossiers.pending",
        10.0,
        Some("Phường Bình Minh"),
    );
    has(doc, "Biểu 01!C10", "dossiers.received_total", 430.0, None);
    has(doc, "Biểu 01!D10", "dossiers.resolved_on_time", 396.0, None);
    has(doc, "Biểu 01!F10", "dossiers.pending", 18.0, None);
    has(doc, "Chỉ tiêu!D3", "survey.forms", 1250.0, None);
    has(doc, "Chỉ tiêu!D5", "digitization.result_rate", 87.5, None);
    has(doc, "Chỉ tiêu!D6", "dossiers.received_online", 280.0, None);
    has(doc, "Ẩn!D2", "staffing.quota", 23.0, None);
    // The column-numbering row (1 … 6) is no figure.
    assert!(
        figures(doc)
            .iter()
            .all(|(c, ..)| !c.ends_with("!A6") && !c.contains("!C6")),
        "{:#?}",
        figures(doc)
    );
    let findings = doc["findings"].as_array().unwrap();
    let total = |cell: &str| {
        let id = doc["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["cell"] == cell)
            .unwrap()["id"]
            .clone();
        findings
            .iter()
            .find(|f| f["rule"] == "sum.table_column" && f["figures"][0] == id)
            .unwrap_or_else(|| panic!("no sum.table_column on {cell}: {findings:#?}"))
            .clone()
    };
    // Typed by hand: 120 + 95 + 210 = 425, the total row says 430.
    let received = total("Biểu 01!C10");
    assert_eq!(
        (received["stated"].as_f64(), received["computed"].as_f64()),
        (Some(430.0), Some(425.0))
    );
    // =SUM(F7:F9) cached as 18 while the cells add up to 20.
    let pending = total("Biểu 01!F10");
    assert_eq!(
        (pending["stated"].as_f64(), pending["computed"].as_f64()),
        (Some(18.0), Some(20.0))
    );
    // The right formula totals are not flagged.
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["rule"] == "sum.table_column")
            .count(),
        2,
        "{findings:#?}"
    );
    let hidden: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "sheet.hidden")
        .collect();
    assert_eq!(hidden.len(), 1, "{findings:#?}");
    assert_eq!(hidden[0]["severity"], "info");
    assert!(hidden[0]["message"].as_str().unwrap().contains("\"Ẩn\""));
}

#[test]
fn an_xlsx_appendix_gives_figures_scopes_cells_and_its_wrong_totals() {
    let (_dir, p) = district();
    let (doc, code) = extract(&p);
    assert_eq!(code, 0);
    assert_eq!(doc["source"]["format"], "xlsx");
    assert_district(&doc);
    // A cell formatted as a percentage reads as it shows: 0.9209 → 92,09%.
    has(&doc, "Chỉ tiêu!D4", "dossiers.on_time_rate", 92.09, None);
    let f = doc["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["cell"] == "Chỉ tiêu!D4")
        .unwrap();
    assert_eq!(f["raw"], "92,09");
}

#[test]
fn an_xls_saved_by_libreoffice_reads_the_same() {
    let (doc, code) = extract(&fixture("district.xls"));
    assert_eq!(code, 0);
    assert_eq!(doc["source"]["format"], "xls");
    assert_district(&doc);
    // Known limit (docs/sheets.md): calamine gives XLS cells no number
    // format, so the percent-formatted cell is read as its stored fraction.
    has(&doc, "Chỉ tiêu!D4", "dossiers.on_time_rate", 0.9209, None);
}

#[test]
fn an_ods_reads_the_same() {
    let (doc, code) = extract(&fixture("district.ods"));
    assert_eq!(code, 0);
    assert_eq!(doc["source"]["format"], "ods");
    assert_district(&doc);
    // The percentage type comes from content.xml: 0.9209 shows 92,09%.
    has(&doc, "Chỉ tiêu!D4", "dossiers.on_time_rate", 92.09, None);
}

#[test]
fn check_points_at_the_cells_and_fails() {
    let (_dir, p) = district();
    let out = cchc(&["check", "--color", "never", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[sum.table_column]"), "{text}");
    assert!(text.contains("total 430 at Biểu 01!C10"), "{text}");
    assert!(text.contains("Phường An Bình at Biểu 01!C7"), "{text}");
    assert!(text.contains("total 18 at Biểu 01!F10"), "{text}");
    assert!(text.contains("info[sheet.hidden]"), "{text}");
}

#[test]
fn csv_carries_the_cell() {
    let (_dir, p) = district();
    let out = cchc(&["extract", "--format", "csv", p.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().next().unwrap().ends_with(",text,cell"));
    assert!(
        text.lines()
            .any(|l| l.contains(",dossiers.received_total,430,") && l.ends_with(",Biểu 01!C10")),
        "{text}"
    );
}

#[test]
fn broken_encrypted_and_spread_out_workbooks_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, good) = district();
    let bytes = std::fs::read(&good).unwrap();
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let spread = dir.path().join("spread.xlsx");
    sheets_support::spread_out(&spread);
    let enc = fixture("encrypted.xlsx");
    let out = cchc(&[
        "extract",
        broken.to_str().unwrap(),
        enc.to_str().unwrap(),
        spread.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let docs: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["errors"][0]["kind"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(
        kinds,
        [
            "corrupt_workbook",
            "encrypted_workbook",
            "too_large",
            "none"
        ]
    );
    for d in docs.as_array().unwrap().iter().take(3) {
        assert_eq!(d["source"]["format"], "xlsx");
        let msg = d["errors"][0]["message"].as_str().unwrap();
        assert!(msg.starts_with("The ") && msg.ends_with('.'), "{msg}");
    }
    // The good workbook after them is read in full.
    assert_district(&docs[3]);
}

#[test]
fn import_and_export_keep_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in");
    std::fs::create_dir(&src).unwrap();
    sheets_support::district(&src.join("district.xlsx"));
    let db = dir.path().join("d.sqlite");
    let out = cchc(&[
        "import",
        src.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cchc(&["export", "--db", db.to_str().unwrap()]);
    let doc: Value =
        serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_district(&doc);
}
