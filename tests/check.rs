//! End-to-end tests of `cchc check`: the real binary on the seed reports
//! (`corpus/expected.json`: every `must_flag` reported with an allowed
//! severity, no `must_not_flag_values` group flagged), exit codes, pinned
//! human output (insta), and a property test that builds consistent reports
//! from sentence templates, checks them through the real pipeline, then
//! breaks one number and expects a finding about it.

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_cchc");

fn corpus(name: &str) -> String {
    format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn check_json(path: &str) -> (Value, i32) {
    let out = Command::new(BIN)
        .args(["check", "--format", "json", path])
        .output()
        .expect("run cchc");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "cchc check {path}: {e}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v[0].clone(), out.status.code().unwrap_or(-1))
}

/// Numbers written in a message the Vietnamese way ("1.850.687", "87,34").
fn numbers_in(s: &str) -> Vec<f64> {
    let re = regex::Regex::new(r"\d(?:[\d.,]*\d)?").unwrap();
    re.find_iter(s)
        .filter_map(|m| cchc::numbers::parse_number(m.as_str()).ok())
        .map(|n| n.value)
        .collect()
}

/// Every value a finding involves: its figures, stated, computed, and the
/// numbers its message quotes.
fn involved(doc: &Value, f: &Value) -> Vec<f64> {
    let mut v = Vec::new();
    for id in f["figures"].as_array().into_iter().flatten() {
        if let Some(fig) = doc["figures"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| x["id"] == *id)
        {
            v.extend(fig["value"].as_f64());
        }
    }
    v.extend(f["stated"].as_f64());
    v.extend(f["computed"].as_f64());
    v.extend(numbers_in(f["message"].as_str().unwrap_or("")));
    v
}

fn contains(vals: &[f64], x: f64) -> bool {
    vals.iter()
        .any(|v| (v - x).abs() <= 1e-6 * x.abs().max(1.0))
}

/// The text a finding points at or quotes.
fn finding_text(doc_text: &str, f: &Value) -> String {
    let mut s = f["message"].as_str().unwrap_or("").to_string();
    for sp in f["spans"].as_array().into_iter().flatten() {
        let (a, b) = (
            sp["span"]["start"].as_u64().unwrap_or(0) as usize,
            sp["span"]["end"].as_u64().unwrap_or(0) as usize,
        );
        if let Some(t) = doc_text.get(a..b) {
            s.push(' ');
            s.push_str(t);
        }
    }
    s
}

#[test]
fn seeds_flag_what_they_must_and_nothing_they_must_not() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus("expected.json")).unwrap()).unwrap();
    let names: Vec<&String> = expected.as_object().unwrap().keys().collect();
    // One run for every seed: the documents come back in input order.
    let out = Command::new(BIN)
        .args(["check", "--format", "json"])
        .args(names.iter().map(|n| corpus(n)))
        .output()
        .expect("run cchc");
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut problems = Vec::new();
    for (name, doc) in names.iter().zip(&docs) {
        let exp = &expected[name.as_str()];
        let text = std::fs::read_to_string(corpus(name)).unwrap();
        let findings = doc["findings"].as_array().cloned().unwrap_or_default();
        for mf in exp["must_flag"].as_array().into_iter().flatten() {
            let allowed: Vec<&str> = mf["severity"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|s| s.as_str())
                .collect();
            let values: Vec<f64> = mf["values"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|v| v.as_f64())
                .collect();
            let needle = mf["needle"].as_str();
            let hit = findings.iter().any(|f| {
                allowed.contains(&f["severity"].as_str().unwrap_or(""))
                    && values.iter().all(|x| contains(&involved(doc, f), *x))
                    && needle.is_none_or(|n| finding_text(&text, f).contains(n))
            });
            if !hit {
                problems.push(format!("{name}: not flagged: {}", mf["what"]));
            }
        }
        for group in exp["must_not_flag_values"].as_array().into_iter().flatten() {
            let values: Vec<f64> = group
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|v| v.as_f64())
                .collect();
            for f in &findings {
                let inv = involved(doc, f);
                if values.iter().all(|x| contains(&inv, *x)) {
                    problems.push(format!(
                        "{name}: flagged {values:?} though it must not be: {}",
                        f["message"]
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn exit_status_follows_the_worst_finding() {
    // 003 states 276/316 as 85,44%: an error.
    let (_, code) = check_json(&corpus("003.txt"));
    assert_eq!(code, 1);
    // A plan whose figures agree.
    let (doc, code) = check_json(&corpus("001.txt"));
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] != "error"),
        "{doc:#}"
    );
    assert_eq!(code, 0);
    // An input that cannot be read at all.
    let out = Command::new(BIN)
        .args(["check", "/nonexistent/bao-cao.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn colour_only_when_asked() {
    let run = |color: &str| {
        let out = Command::new(BIN)
            .args(["check", "--color", color, &corpus("003.txt")])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run("always").contains('\u{1b}'));
    assert!(!run("never").contains('\u{1b}'));
    // Not a terminal: auto means no colour.
    assert!(!run("auto").contains('\u{1b}'));
}

#[test]
fn human_output_of_the_seeds() {
    let names = ["000.txt", "001.txt", "002.txt", "003.txt", "004.txt"];
    let out = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--color", "never"])
        .args(names.iter().map(|n| format!("corpus/{n}")))
        .output()
        .unwrap();
    let all = String::from_utf8(out.stdout).unwrap();
    // Each document's diagnostics end with its own summary line.
    let mut rest = all.as_str();
    for name in names {
        let marker = format!("corpus/{name}: ");
        let at = rest.find(&marker).expect("summary line");
        let end = at + rest[at..].find('\n').unwrap() + 1;
        insta::assert_snapshot!(format!("check_{name}"), &rest[..end]);
        rest = &rest[end..];
    }
}

// ---------------------------------------------------------------------------
// Property test: consistent reports have no error; one broken number is found.

/// Write `v` with `d` decimals the Vietnamese way.
fn vn(v: f64, d: usize) -> String {
    format!("{v:.d$}").replace('.', ",")
}

/// Group thousands with '.' ("1.850.687").
fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

const SCOPES: &[&str] = &[
    "Bộ phận Một cửa phường",
    "Tại cấp xã",
    "UBND thị trấn",
    "Trong kỳ báo cáo",
];

#[derive(Clone, Debug)]
struct ShareCase {
    template: usize,
    scope: usize,
    part: u64,
    whole: u64,
    decimals: usize,
}

fn share_case() -> impl Strategy<Value = ShareCase> {
    (0usize..5, 0..SCOPES.len(), 1u64..5000, 0usize..3).prop_flat_map(|(t, s, whole, d)| {
        (0..=whole).prop_map(move |part| ShareCase {
            template: t,
            scope: s,
            part,
            whole,
            decimals: d,
        })
    })
}

/// One sentence stating part/whole as a percentage; returns the sentence and
/// the percentage as written.
fn sentence(c: &ShareCase, pct_override: Option<String>) -> (String, String) {
    let p = 100.0 * c.part as f64 / c.whole as f64;
    let pct = pct_override.unwrap_or_else(|| vn(p, c.decimals));
    let scope = SCOPES[c.scope];
    let s = match c.template {
        0 => format!(
            "{scope} số hồ sơ số hóa đầu vào là {}/{} hồ sơ tiếp nhận trong kỳ, đạt {pct}%.",
            c.part, c.whole
        ),
        1 => format!(
            "{scope}, kết quả giải quyết TTHC điện tử: {}/{}, đạt tỷ lệ {pct} %.",
            c.part, c.whole
        ),
        2 => format!(
            "{scope} thu ngân sách đạt {pct}% ({} đồng/{} đồng) so với dự toán.",
            grouped(c.part * 1000),
            grouped(c.whole * 1000)
        ),
        3 => format!(
            "{scope}: Tổng số hồ sơ tiếp nhận {}, hồ sơ có số hóa đầy đủ thành phần là {} hồ sơ, đạt tỷ lệ {pct}%.",
            c.whole, c.part
        ),
        _ => format!(
            "{scope} kích hoạt {}/{} tài khoản, bằng {pct}% kế hoạch giao.",
            grouped(c.part),
            grouped(c.whole)
        ),
    };
    (s, pct)
}

fn report(body: &[String]) -> String {
    let mut t = String::from(
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH\nSố: 12/BC-UBND\nBÁO CÁO\nKết quả công tác cải cách hành chính quý III năm 2023\n\nI. KẾT QUẢ THỰC HIỆN\n",
    );
    for (i, s) in body.iter().enumerate() {
        t.push_str(&format!("{}. {s}\n", i + 1));
    }
    t
}

fn run_pipeline(text: &str) -> (Vec<cchc::model::Finding>, String) {
    static P: std::sync::OnceLock<cchc::Pipeline> = std::sync::OnceLock::new();
    let p = P.get_or_init(|| cchc::Pipeline::new(cchc::ingest::IngestOptions::default()).unwrap());
    let out = p.process_bytes(Path::new("baocao.txt"), text.as_bytes());
    (out.output.findings, out.text)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn consistent_reports_have_no_error_and_a_broken_number_is_found(
        cases in proptest::collection::vec(share_case(), 1..5),
        broken in any::<prop::sample::Index>(),
        shift in 3i64..40,
        down in any::<bool>(),
    ) {
        let body: Vec<String> = cases.iter().map(|c| sentence(c, None).0).collect();
        let text = report(&body);
        let (findings, _) = run_pipeline(&text);
        let errors: Vec<_> = findings.iter().filter(|f| f.severity == cchc::model::Severity::Error).collect();
        prop_assert!(errors.is_empty(), "errors on a consistent report:\n{text}\n{errors:#?}");

        // Break the percentage of one sentence by several units of its last digit.
        let i = broken.index(cases.len());
        let c = &cases[i];
        let p = 100.0 * c.part as f64 / c.whole as f64;
        let unit = 10f64.powi(-(c.decimals as i32));
        let delta = shift as f64 * unit * if down && p - shift as f64 * unit >= 0.0 { -1.0 } else { 1.0 };
        let bad = vn(p + delta, c.decimals);
        let mut body2 = body.clone();
        body2[i] = sentence(c, Some(bad.clone())).0;
        let text2 = report(&body2);
        let (findings2, norm) = run_pipeline(&text2);
        let line = text2.lines().position(|l| l == format!("{}. {}", i + 1, body2[i])).unwrap() + 1;
        let hit = findings2.iter().any(|f| {
            f.severity >= cchc::model::Severity::Warning
                && f.spans.iter().any(|s| s.span.line == line && norm.get(s.span.start..s.span.end) == Some(bad.as_str()))
        });
        prop_assert!(hit, "broken {bad} not found:\n{text2}\n{findings2:#?}");
    }
}

/// A dossier paragraph whose numbers agree: received = carried + new =
/// resolved + pending, resolved = on time + late.
#[derive(Clone, Debug)]
struct Dossiers {
    wording: usize,
    carried: u64,
    new: u64,
    pending: u64,
    late: u64,
}

fn dossiers() -> impl Strategy<Value = Dossiers> {
    (0usize..2, 0u64..60, 20u64..5000, 0u64..20, 0u64..10).prop_map(|(w, c, n, p, l)| Dossiers {
        wording: w,
        carried: c,
        new: n,
        pending: p.min(n / 2),
        late: l.min(n / 2),
    })
}

/// The paragraph's numbers in text order, and the paragraph with `nums`.
fn dossier_numbers(d: &Dossiers) -> Vec<u64> {
    let total = d.carried + d.new;
    let resolved = total - d.pending;
    vec![
        total,
        d.carried,
        d.new,
        resolved,
        resolved - d.late,
        d.late,
        d.pending,
    ]
}

fn dossier_paragraph(wording: usize, n: &[u64]) -> String {
    match wording {
        0 => format!(
            "Bộ phận Một cửa phường đã tiếp nhận {} hồ sơ (kỳ trước chuyển sang: {} hồ sơ; tiếp nhận mới trong kỳ: {} hồ sơ); đã giải quyết {} hồ sơ, trong đó đúng hạn {} hồ sơ, trễ hạn {} hồ sơ; đang giải quyết {} hồ sơ.",
            n[0], n[1], n[2], n[3], n[4], n[5], n[6]
        ),
        _ => format!(
            "Tổng số hồ sơ tiếp nhận: {} hồ sơ (kỳ trước chuyển sang: {} hồ sơ; tiếp nhận mới trong kỳ: {} hồ sơ). Số hồ sơ đã giải quyết: {} hồ sơ, trong đó đúng hạn {} hồ sơ, trễ hạn {} hồ sơ. Đang giải quyết {} hồ sơ.",
            n[0], n[1], n[2], n[3], n[4], n[5], n[6]
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn dossier_balances_hold_and_a_broken_count_is_found(
        d in dossiers(),
        which in 0usize..7,
        shift in 1u64..30,
        up in any::<bool>(),
    ) {
        let nums = dossier_numbers(&d);
        let text = report(&[dossier_paragraph(d.wording, &nums)]);
        let (findings, _) = run_pipeline(&text);
        let errors: Vec<_> = findings.iter().filter(|f| f.severity == cchc::model::Severity::Error).collect();
        prop_assert!(errors.is_empty(), "errors on a consistent report:\n{text}\n{errors:#?}");

        let mut bad = nums.clone();
        bad[which] = if up || bad[which] < shift { bad[which] + shift } else { bad[which] - shift };
        // Keep the broken number distinct from every other number of the paragraph.
        prop_assume!(nums.iter().enumerate().all(|(i, v)| i == which || *v != bad[which]));
        let text2 = report(&[dossier_paragraph(d.wording, &bad)]);
        let (findings2, norm) = run_pipeline(&text2);
        let raw = bad[which].to_string();
        let hit = findings2.iter().any(|f| {
            f.severity >= cchc::model::Severity::Warning
                && f.spans.iter().any(|s| norm.get(s.span.start..s.span.end) == Some(raw.as_str()))
        });
        prop_assert!(hit, "broken {raw} (position {which}) not found:\n{text2}\n{findings2:#?}");
    }
}

/// Section scores of an index (PAR index, DTI): each "a/b điểm, bị trừ d
/// điểm, đạt p%", under a total whose maximum is the sum of theirs.
fn score_sections() -> impl Strategy<Value = Vec<(u32, u32, usize)>> {
    // (max, score in hundredths, decimals)
    proptest::collection::vec(
        (5u32..40, 0usize..3).prop_flat_map(|(m, d)| {
            let step = 10u32.pow(2 - d as u32);
            (Just(m), 0..=(m * 100 / step), Just(d)).prop_map(move |(m, k, d)| (m, k * step, d))
        }),
        2..7,
    )
}

fn score_report(
    sections: &[(u32, u32, usize)],
    broken: Option<(usize, u32)>,
) -> (String, Vec<String>) {
    let max: u32 = sections.iter().map(|s| s.0).sum();
    let total: u32 = sections.iter().map(|s| s.1).sum();
    let dmax = sections.iter().map(|s| s.2).max().unwrap_or(0);
    let mut lines = vec![format!(
        "Năm 2023, phường đạt {}/{} điểm, xếp loại tốt.",
        vn(total as f64 / 100.0, dmax),
        max
    )];
    let mut raws = Vec::new();
    for (i, &(m, s, d)) in sections.iter().enumerate() {
        let shown = match broken {
            Some((j, v)) if j == i => v,
            _ => s,
        };
        let raw = vn(shown as f64 / 100.0, d);
        raws.push(raw.clone());
        lines.push(format!(
            "Nội dung thứ {} đạt {raw}/{m} điểm, bị trừ {} điểm, đạt {}%.",
            i + 1,
            vn((m * 100 - s) as f64 / 100.0, d),
            vn(100.0 * (s as f64 / 100.0) / m as f64, 2)
        ));
    }
    (report(&lines), raws)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn index_scores_add_up_and_a_broken_section_is_found(
        sections in score_sections(),
        which in any::<prop::sample::Index>(),
        shift in 1u32..5,
    ) {
        let (text, _) = score_report(&sections, None);
        let (findings, _) = run_pipeline(&text);
        let errors: Vec<_> = findings.iter().filter(|f| f.severity == cchc::model::Severity::Error).collect();
        prop_assert!(errors.is_empty(), "errors on a consistent report:\n{text}\n{errors:#?}");

        let j = which.index(sections.len());
        let (m, s, d) = sections[j];
        let step = 10u32.pow(2 - d as u32);
        // Several units of the last written digit, kept within 0..=max.
        let delta = shift * step;
        prop_assume!(s + delta <= m * 100 || s >= delta);
        let bad = if s + delta <= m * 100 { s + delta } else { s - delta };
        let (text2, raws) = score_report(&sections, Some((j, bad)));
        let (findings2, norm) = run_pipeline(&text2);
        let line = text2.lines().position(|l| l.contains(&format!("Nội dung thứ {} đạt", j + 1))).unwrap() + 1;
        let hit = findings2.iter().any(|f| {
            f.severity >= cchc::model::Severity::Warning
                && f.spans.iter().any(|sp| sp.span.line == line && norm.get(sp.span.start..sp.span.end) == Some(raws[j].as_str()))
        });
        prop_assert!(hit, "broken section {} ({}) not found:\n{text2}\n{findings2:#?}", j + 1, raws[j]);
    }
}
