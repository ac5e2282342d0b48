//! End-to-end robustness tests on reports the rules were not written from
//! (`tests/reports/*.txt`): each report has `NAME.expect.json` listing the
//! figures `cchc extract` must find (indicator, value, role, optional scope
//! and qualifier), figures it must not produce, the inconsistencies `cchc
//! check` must flag (values involved, allowed severities), and whether the
//! report is a clean negative control (no `warning` or `error` at all).
//! The wordings differ from the seeds on purpose (synonyms, figure before
//! label, "(trực tuyến: …; trực tiếp: …)", rates over "due", sub-unit scopes).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_cchc");

fn reports() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reports");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/reports")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

fn run(sub: &str, path: &Path) -> Value {
    let out = Command::new(BIN)
        .args([sub, "--format", "json"])
        .arg(path)
        .output()
        .expect("run cchc");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "cchc {sub} {}: {e}\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v[0].clone()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

/// Numbers a message or note quotes, read the Vietnamese way.
fn numbers_in(s: &str) -> Vec<f64> {
    let re = regex::Regex::new(r"\d(?:[\d.,]*\d)?").unwrap();
    re.find_iter(s)
        .filter_map(|m| cchc::numbers::parse_number(m.as_str()).ok())
        .map(|n| n.value)
        .collect()
}

fn finding_words(f: &Value) -> String {
    let mut s = f["message"].as_str().unwrap_or("").to_string();
    for n in f["notes"].as_array().into_iter().flatten() {
        s.push('\n');
        s.push_str(n.as_str().unwrap_or(""));
    }
    s
}

fn involved(doc: &Value, f: &Value) -> Vec<f64> {
    let figs = doc["figures"].as_array().cloned().unwrap_or_default();
    let mut v: Vec<f64> = f["figures"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|id| figs.iter().find(|x| x["id"] == *id))
        .filter_map(|x| x["value"].as_f64())
        .collect();
    v.extend(f["stated"].as_f64());
    v.extend(f["computed"].as_f64());
    v.extend(numbers_in(&finding_words(f)));
    v
}

fn matches_figure(fig: &Value, want: &Value) -> bool {
    let value = want["value"].as_f64().unwrap();
    fig["indicator"] == want["indicator"]
        && fig["value"].as_f64().is_some_and(|v| close(v, value))
        && (want["role"].is_null() || fig["role"] == want["role"])
        && (want["qualifier"].is_null() || fig["qualifier"] == want["qualifier"])
        && match want["scope_contains"].as_str() {
            None => true,
            Some(s) => fig["scope"]
                .as_str()
                .is_some_and(|sc| sc.to_lowercase().contains(&s.to_lowercase())),
        }
}

/// Every problem with one report, so one run shows them all.
fn problems(path: &Path) -> Vec<String> {
    let exp_path = path.with_extension("expect.json");
    let exp: Value = serde_json::from_str(
        &std::fs::read_to_string(&exp_path)
            .unwrap_or_else(|e| panic!("{}: {e}", exp_path.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", exp_path.display()));
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let mut bad = Vec::new();

    let doc = run("extract", path);
    let meta = &doc["document"];
    for key in ["kind", "level"] {
        if !exp[key].is_null() && meta[key] != exp[key] {
            bad.push(format!("{name}: {key} {} ≠ {}", meta[key], exp[key]));
        }
    }
    if let Some(s) = exp["issuer_contains"].as_str() {
        if !meta["issuer"].as_str().unwrap_or("").contains(s) {
            bad.push(format!("{name}: issuer {} lacks {s}", meta["issuer"]));
        }
    }
    for (key, field) in [("period_from", "from"), ("period_to", "to")] {
        if !exp[key].is_null() && meta["period"][field] != exp[key] {
            bad.push(format!(
                "{name}: period.{field} {} ≠ {}",
                meta["period"][field], exp[key]
            ));
        }
    }
    let figs = doc["figures"].as_array().cloned().unwrap_or_default();
    for want in exp["must_find"].as_array().into_iter().flatten() {
        if !figs.iter().any(|f| matches_figure(f, want)) {
            bad.push(format!("{name}: missed {want}"));
        }
    }
    for no in exp["must_not_find"].as_array().into_iter().flatten() {
        if let Some(f) = figs.iter().find(|f| matches_figure(f, no)) {
            bad.push(format!("{name}: wrongly read {} from {}", no, f["text"]));
        }
    }
    if exp["no_actual_core"].as_bool() == Some(true) {
        let core = [
            "dossiers.",
            "digitization.",
            "survey.",
            "staffing.",
            "procedures.",
        ];
        for f in &figs {
            let ind = f["indicator"].as_str().unwrap_or("");
            if f["role"] == "actual" && core.iter().any(|c| ind.starts_with(c)) {
                bad.push(format!("{name}: a plan states no result, got {f}"));
            }
        }
    }

    let checked = run("check", path);
    let findings = checked["findings"].as_array().cloned().unwrap_or_default();
    let flags = exp["must_flag"].as_array().cloned().unwrap_or_default();
    let fits = |f: &Value, want: &Value| -> bool {
        let vals = involved(&checked, f);
        let sev_ok = want["severities"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|s| *s == f["severity"]);
        let rule_ok = want["rule_prefix"]
            .as_str()
            .is_none_or(|p| f["rule"].as_str().unwrap_or("").starts_with(p));
        let vals_ok = want["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_f64)
            .all(|x| vals.iter().any(|v| close(*v, x)));
        let words_ok = want["message_contains"]
            .as_str()
            .is_none_or(|s| finding_words(f).contains(s));
        sev_ok && rule_ok && vals_ok && words_ok
    };
    for want in &flags {
        if !findings.iter().any(|f| fits(f, want)) {
            bad.push(format!("{name}: not flagged: {}", want["what"]));
        }
    }
    // A negative control gets no warning or error; a report with planted
    // mistakes gets none beyond the ones it plants.
    for f in &findings {
        if f["severity"] == "info" {
            continue;
        }
        if !flags.iter().any(|w| fits(f, w)) {
            bad.push(format!(
                "{name}: false alarm [{} {}] {}",
                f["severity"], f["rule"], f["message"]
            ));
        }
    }
    bad
}

#[test]
fn unseen_reports_meet_their_expectations() {
    let files = reports();
    assert!(
        files.len() >= 6,
        "tests/reports holds {} reports",
        files.len()
    );
    let bad: Vec<String> = files.iter().flat_map(|p| problems(p)).collect();
    assert!(
        bad.is_empty(),
        "{} problem(s):\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn clean_reports_exit_zero_and_planted_errors_exit_one() {
    for p in reports() {
        let exp: Value = serde_json::from_str(
            &std::fs::read_to_string(p.with_extension("expect.json")).unwrap(),
        )
        .unwrap();
        let code = Command::new(BIN)
            .args(["check", "--format", "json"])
            .arg(&p)
            .output()
            .unwrap()
            .status
            .code();
        let wants_error = exp["must_flag"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|w| w["severities"] == serde_json::json!(["error"]));
        if exp["clean"].as_bool() == Some(true) {
            assert_eq!(code, Some(0), "{}", p.display());
        } else if wants_error {
            assert_eq!(code, Some(1), "{}", p.display());
        }
    }
}
