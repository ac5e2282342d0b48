//! The findings registry end to end with the real binary: `cchc explain`
//! (a known code in both languages, an unknown one, the list), every code
//! the bundled reports and fixtures give is registered with a severity it
//! may take, and docs/findings.md is what the registry generates.

use std::collections::BTreeMap;
use std::process::{Command, Output};

use cchc::findings::Registry;
use cchc::model::Severity;

fn cchc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn explain_prints_a_known_code_in_vietnamese_by_default() {
    let o = cchc(&["explain", "sum.table_column"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    assert!(s.starts_with("sum.table_column: "), "{s}");
    assert!(s.contains("Mức độ: lỗi"), "{s}");
    assert!(s.contains("Ví dụ:") && s.contains("Cách sửa:"), "{s}");
    assert!(
        s.contains("    1 | Xã An Hòa | 120\n"),
        "the example is indented: {s}"
    );
}

#[test]
fn explain_lang_en_prints_english() {
    let o = cchc(&["explain", "ratio.stated_vs_computed", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    assert!(
        s.contains("Severity: error (sometimes warning, info)"),
        "{s}"
    );
    assert!(
        s.contains("Example:") && s.contains("How to fix it:"),
        "{s}"
    );
    assert!(!s.contains("Cách sửa"), "{s}");
}

#[test]
fn explain_accepts_the_kind_of_a_read_error() {
    let o = cchc(&["explain", "lossy_encoding", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("read.lossy_encoding: "));
}

#[test]
fn an_unknown_code_is_a_usage_error_listing_the_known_ones() {
    let o = cchc(&["explain", "sum.nothing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("unknown finding code 'sum.nothing'"), "{e}");
    for code in Registry::builtin().codes() {
        assert!(e.contains(&format!("  {code}\n")), "{code} not listed: {e}");
    }
}

#[test]
fn explain_without_a_code_lists_every_code_with_severity_and_summary() {
    let o = cchc(&["explain"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    let reg = Registry::builtin();
    assert_eq!(s.lines().count(), reg.entries.len(), "{s}");
    let line = s.lines().find(|l| l.starts_with("sheet.hidden ")).unwrap();
    assert!(
        line.contains("lưu ý") && line.contains("trang bị ẩn"),
        "{line}"
    );
    let en = stdout(&cchc(&["explain", "--lang", "en"]));
    assert!(en.lines().any(|l| l.starts_with("sum.table_column ")
        && l.contains("error")
        && l.contains("total row")));
}

#[test]
fn docs_findings_md_is_generated_from_the_registry() {
    let o = cchc(&["explain", "--markdown"]);
    assert_eq!(o.status.code(), Some(0));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/findings.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == stdout(&o),
        "docs/findings.md is stale; regenerate it with\n  \
         cargo run --release -- explain --markdown > docs/findings.md"
    );
}

/// Every finding and read error of the bundled reports, the seed corpus and
/// the ingest fixtures (damaged, legacy-encoded, workbooks) has a registered
/// code, and a severity that code may take.
#[test]
fn every_code_emitted_on_the_bundled_inputs_is_registered() {
    let o = cchc(&[
        "extract",
        "corpus/",
        "tests/reports/",
        "tests/fixtures/",
        "--format",
        "json",
    ]);
    let docs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "extract gave no JSON ({e}): {}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let reg = Registry::builtin();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for d in docs.as_array().unwrap() {
        let path = d["source"]["path"].as_str().unwrap_or("?");
        for f in d["findings"].as_array().unwrap() {
            let code = f["rule"].as_str().unwrap().to_string();
            let sev: Severity = serde_json::from_value(f["severity"].clone()).unwrap();
            match reg.get(&code) {
                None => wrong.push(format!("{path}: '{code}' is not registered")),
                Some(e) if !e.allows(sev) => wrong.push(format!(
                    "{path}: '{code}' as {} (registered as {})",
                    sev.as_str(),
                    e.severity.as_str()
                )),
                Some(_) => {}
            }
            *seen.entry(code).or_default() += 1;
        }
        for e in d["errors"].as_array().unwrap() {
            let code = format!("read.{}", e["kind"].as_str().unwrap());
            if reg.get(&code).is_none() {
                wrong.push(format!("{path}: '{code}' is not registered"));
            }
            *seen.entry(code).or_default() += 1;
        }
    }
    assert!(
        wrong.is_empty(),
        "add these to patterns/findings.toml: {wrong:#?}"
    );
    // The inputs do exercise the registry (a walk that read nothing would
    // pass the check above).
    assert!(seen.len() >= 8, "{seen:?}");
    assert!(seen.contains_key("sum.table_column"), "{seen:?}");
}

/// Each example of the registry, in a report, gives the finding it
/// explains; the codes whose example is not report text (a damaged file, a
/// workbook, a read error) are left out.
#[test]
fn every_example_gives_its_code() {
    let not_text = ["encoding.invalid_bytes", "sheet.hidden"];
    let p = cchc::Pipeline::new(cchc::ingest::IngestOptions::default()).unwrap();
    let mut wrong = Vec::new();
    for e in &Registry::builtin().entries {
        if e.code.starts_with("read.") || not_text.contains(&e.code.as_str()) {
            continue;
        }
        let text = format!(
            "BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính quý III năm 2023\n{}\n",
            e.example.trim_matches('\n')
        );
        let out = p.process_bytes(std::path::Path::new("baocao.txt"), text.as_bytes());
        let got: Vec<&str> = out
            .output
            .findings
            .iter()
            .map(|f| f.rule.as_str())
            .collect();
        if !got.contains(&e.code.as_str()) {
            wrong.push(format!("{} (line {}): gives {got:?}", e.code, e.line));
        }
    }
    assert!(
        wrong.is_empty(),
        "these examples of patterns/findings.toml do not give their code: {wrong:#?}"
    );
}

/// The codes of `patterns/relations.toml` are registered (the loader
/// checks it; this says so where a rule author looks).
#[test]
fn every_relation_is_a_registered_code() {
    let rels = cchc::validate::relations::RelationsFile::builtin();
    let reg = Registry::builtin();
    for r in &rels.relations {
        assert!(reg.get(r.id.as_str()).is_some(), "{}", r.id);
    }
}
