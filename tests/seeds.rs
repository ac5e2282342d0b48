//! End to end on the seed reports: `cchc extract corpus/ --format json`
//! finds every `must_find` of `corpus/expected.json` with the right
//! indicator, value, role and qualifier; plans and templates yield no
//! `actual` core figure; no figure is a document number, a date, a rank, a
//! count of units or a legal reference.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

const CORE: &[&str] = &[
    "dossiers.",
    "digitization.",
    "survey.",
    "staffing.",
    "procedures.",
];

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}

/// The extracted documents by file name (run once for all tests).
fn docs() -> &'static BTreeMap<String, Value> {
    static DOCS: OnceLock<BTreeMap<String, Value>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
            .arg("extract")
            .arg(corpus())
            .args(["--format", "json"])
            .output()
            .expect("run cchc");
        let all: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "cchc extract printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        all.as_array()
            .expect("an array of documents")
            .iter()
            .map(|d| {
                let path = d["source"]["path"].as_str().unwrap();
                let name = Path::new(path).file_name().unwrap().to_string_lossy();
                (name.into_owned(), d.clone())
            })
            .collect()
    })
}

/// The normalized text that spans point into (what `ingest` made of the file).
fn normalized(doc: &str) -> Option<String> {
    let path = corpus().join(doc);
    let bytes = std::fs::read(&path).ok()?;
    let opts = cchc::ingest::IngestOptions::default();
    Some(cchc::ingest::ingest_bytes(&path, &bytes, &opts).text)
}

fn expected() -> Value {
    let s = std::fs::read_to_string(corpus().join("expected.json")).unwrap();
    serde_json::from_str(&s).unwrap()
}

fn figures(doc: &str) -> &'static Vec<Value> {
    docs()
        .get(doc)
        .unwrap_or_else(|| panic!("{doc} is missing from the output"))["figures"]
        .as_array()
        .unwrap()
}

#[test]
fn every_must_find_is_found_with_its_role_and_qualifier() {
    let exp = expected();
    let mut missing = Vec::new();
    for (doc, e) in exp.as_object().unwrap() {
        for m in e["must_find"].as_array().into_iter().flatten() {
            let want = m["value"].as_f64().unwrap();
            let found = figures(doc).iter().any(|f| {
                f["indicator"] == m["indicator"]
                    && (f["value"].as_f64().unwrap() - want).abs() < 1e-9
                    && f["role"] == m["role"]
                    && f["qualifier"] == m["qualifier"]
            });
            if !found {
                missing.push(format!(
                    "{doc}: {} = {want} ({}, qualifier {}) from \"{}\"",
                    m["indicator"], m["role"], m["qualifier"], m["quote"]
                ));
            }
        }
    }
    assert!(missing.is_empty(), "not found:\n{}", missing.join("\n"));
}

#[test]
fn plans_and_templates_have_no_actual_core_figure() {
    let exp = expected();
    for (doc, e) in exp.as_object().unwrap() {
        if e["no_actual_core_figures"] != Value::Bool(true) {
            continue;
        }
        for f in figures(doc) {
            let ind = f["indicator"].as_str().unwrap();
            assert!(
                !(f["role"] == "actual" && CORE.iter().any(|c| ind.starts_with(c))),
                "{doc}: actual core figure {ind} = {} from \"{}\"",
                f["value"],
                f["text"]
            );
        }
    }
}

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap()
}

/// Why the number at `start..end` of `text` is not a figure, if it is not.
fn not_a_figure(text: &str, start: usize, end: usize) -> Option<&'static str> {
    static RES: OnceLock<Vec<(Regex, Regex, &'static str)>> = OnceLock::new();
    let res = RES.get_or_init(|| {
        vec![
            (re(r"$"), re(r"^\s*/\s*\p{Lu}"), "a document number"),
            (re(r"[0-9]{1,2}/$"), re(r"^/?[0-9]{2,4}"), "a date"),
            (re(r"$"), re(r"^/[0-9]{1,2}/[0-9]{4}"), "a date"),
            (re(r"(?i)ngày\s*$"), re(r"^"), "a date"),
            (re(r"(?i)(?:xếp|thứ|hạng)\s*(?:thứ\s*)?$"), re(r"^"), "a rank"),
            (
                re(r"$"),
                re(r"(?i)^(?:/[0-9]+)?\s+(?:huyện|xã|phường|quận|đơn vị|xã, phường)"),
                "a count of units",
            ),
            (re(r"$"), re(r"^/20[0-9]{2}/"), "a legal reference"),
            (
                re(r"(?i)(?:nghị\s+định|quyết\s+định|kế\s+hoạch|công\s+văn|thông\s+tư|chỉ\s+thị|nghị\s+quyết|số)\s*$"),
                re(r"^"),
                "a legal reference",
            ),
        ]
    });
    let mut b = start.saturating_sub(30);
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    let mut a = (end + 30).min(text.len());
    while !text.is_char_boundary(a) {
        a += 1;
    }
    let (before, after) = (&text[b..start], &text[end..a]);
    // "ký số 100%": to sign digitally, not a document "số".
    let signs = before.trim_end().to_lowercase().ends_with("ký số");
    res.iter()
        .find(|(b, a, why)| {
            b.is_match(before) && a.is_match(after) && !(signs && *why == "a legal reference")
        })
        .map(|(_, _, why)| *why)
}

#[test]
fn no_figure_is_a_reference_date_rank_or_count_of_units() {
    let mut bad = Vec::new();
    for (doc, d) in docs() {
        let Some(text) = normalized(doc) else {
            continue;
        };
        for f in d["figures"].as_array().unwrap() {
            let s = f["value_span"]["start"].as_u64().unwrap() as usize;
            let e = f["value_span"]["end"].as_u64().unwrap() as usize;
            // A rank is a figure only as a rank ("par_index.rank").
            let is_rank = f["indicator"].as_str().unwrap().ends_with(".rank");
            if let Some(why) = not_a_figure(&text, s, e).filter(|_| !is_rank) {
                bad.push(format!(
                    "{doc}: {} = {} is {why}: \"{}\"",
                    f["indicator"], f["value"], f["text"]
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_checker_itself_recognises_non_figures() {
    let cases = [
        (
            "Báo cáo số 228/ BC-UBND ngày 05/12/2023",
            "228",
            Some("a document number"),
        ),
        ("ngày 05/12/2023 của", "12", Some("a date")),
        ("xếp thứ 10/21 Phường", "10", Some("a rank")),
        ("đạt 5/9 huyện", "5", Some("a count of units")),
        (
            "Nghị định số 45/2020/NĐ-CP",
            "45",
            Some("a legal reference"),
        ),
        ("tiếp nhận 3965 hồ sơ", "3965", None),
    ];
    for (t, n, want) in cases {
        let s = t.find(n).unwrap();
        assert_eq!(not_a_figure(t, s, s + n.len()), want, "{t}");
    }
}

#[test]
fn figure_ids_are_in_text_order_and_spans_point_at_the_text() {
    for (doc, d) in docs() {
        let Some(text) = normalized(doc) else {
            continue;
        };
        let figs = d["figures"].as_array().unwrap();
        let mut last = 0;
        for (i, f) in figs.iter().enumerate() {
            assert_eq!(f["id"], format!("f{}", i + 1), "{doc}");
            let s = f["value_span"]["start"].as_u64().unwrap() as usize;
            let e = f["value_span"]["end"].as_u64().unwrap() as usize;
            assert!(s >= last, "{doc}: figures out of order");
            last = s;
            assert_eq!(&text[s..e], f["raw"].as_str().unwrap(), "{doc}");
        }
    }
}
