//! End to end: the real binary on the seed reports, for the beyond-core
//! families (budget, investment, PAR index, DTI, e-documents, payments,
//! feedback, plan tasks) and the document metadata.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn extract(seed: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(seed);
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["extract", "--format", "json"])
        .arg(&path)
        .output()
        .expect("run cchc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    // One input: either the document itself or a one-element list.
    match v {
        Value::Array(mut a) => a.remove(0),
        Value::Object(_) => v,
        other => panic!("unexpected output {other}"),
    }
}

/// The figures of `indicator`, as (value, role).
fn figures(doc: &Value, indicator: &str) -> Vec<(f64, String)> {
    doc["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter(|f| f["indicator"] == indicator)
        .map(|f| {
            (
                f["value"].as_f64().expect("value"),
                f["role"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn has(doc: &Value, indicator: &str, value: f64) -> bool {
    figures(doc, indicator)
        .iter()
        .any(|(v, _)| (v - value).abs() < 1e-6)
}

#[test]
fn seed_000_appendix_rows_and_narrative() {
    let d = extract("000.txt");
    assert!(has(&d, "investment.plan", 12_252_000_000.0));
    assert!(has(&d, "investment.disbursed", 9_253_000_000.0));
    assert!(has(&d, "investment.disbursement_rate", 76.0));
    assert!(has(&d, "plan.tasks_total", 7.0));
    assert!(has(&d, "plan.tasks_done", 7.0));
    assert!(has(&d, "edocs.incoming", 4452.0));
    assert!(has(&d, "edocs.outgoing", 1940.0));
    assert!(has(&d, "feedback.received", 0.0));
    // Tasks assigned by the city ("Tổng số nhiệm vụ được giao … 0") are not
    // the plan's tasks.
    assert!(figures(&d, "plan.tasks_total")
        .iter()
        .all(|(v, _)| *v == 7.0));
    assert_eq!(d["document"]["number"], "228/BC-UBND");
    assert_eq!(d["document"]["date"], "2023-12-05");
}

#[test]
fn seed_003_budget_and_payments() {
    let d = extract("003.txt");
    assert!(has(&d, "budget.state_revenue", 864_151_000.0));
    assert!(has(&d, "budget.state_revenue_plan", 473_000_000.0));
    assert!(has(&d, "budget.revenue", 1_835_779_000.0));
    assert!(has(&d, "budget.expenditure", 1_850_687_000.0));
    assert!(has(&d, "payments.online_count", 145.0));
    assert!(has(&d, "payments.online_amount", 8_957_000.0));
    assert_eq!(d["document"]["period"]["from"], "2023-07-01");
    assert_eq!(d["document"]["period"]["to"], "2023-09-30");
}

#[test]
fn seed_004_par_index_and_dti() {
    let d = extract("004.txt");
    assert!(figures(&d, "par_index.score")
        .iter()
        .any(|(v, r)| (v - 86.34).abs() < 1e-9 && r == "actual"));
    assert!(has(&d, "par_index.max", 100.0));
    // "xếp hạng thứ 10/21" is a rank, never a score.
    assert!(has(&d, "par_index.rank", 10.0));
    assert!(!has(&d, "par_index.score", 10.0) && !has(&d, "par_index.score", 21.0));
    assert!(has(&d, "par_index.section_score", 15.84));
    assert!(figures(&d, "dti.score")
        .iter()
        .any(|(v, r)| *v == 696.0 && r == "actual"));
    assert!(has(&d, "dti.max", 1000.0));
    assert!(has(&d, "dti.rank", 5.0));
    assert!(!has(&d, "dti.score", 5.0) && !has(&d, "dti.score", 19.0));
    assert!(has(&d, "dti.pillar_score", 163.2));
    assert_eq!(d["document"]["issuer"], "UBND phường Giếng Đáy");
}

#[test]
fn every_pattern_example_passes() {
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["patterns", "test"])
        .output()
        .expect("run cchc");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
