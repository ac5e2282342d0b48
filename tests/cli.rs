//! The command line as a newcomer meets it: the README's main command on the
//! bundled corpus, folder walking, output formats.

use std::process::Command;

fn cchc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
}

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

#[test]
fn extract_on_the_corpus_reads_the_five_reports_and_skips_expected_json() {
    let out = cchc().args(["extract", CORPUS]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 5, "{paths:?}");
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "sorted: {paths:?}");
    assert!(paths.iter().all(|p| p.ends_with(".txt")));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("expected.json"), "{stderr}");
}

#[test]
fn a_file_named_on_the_command_line_is_always_read() {
    let out = cchc()
        .args([
            "extract",
            &format!("{CORPUS}/expected.json"),
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
}

#[test]
fn csv_starts_with_a_bom_and_the_contract_header() {
    let out = cchc()
        .args(["extract", &format!("{CORPUS}/003.txt"), "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "\u{FEFF}path,sha256,issuer,level,period_label,period_from,period_to,indicator,value,unit,role,qualifier,page,line,text,cell"
    );
    assert!(text.contains(",dossiers.received_total,327,ho_so,actual,"));
}
