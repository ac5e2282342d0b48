//! The analysts' exports end to end: a dataset (the seeds and the district
//! workbook of `sheets_support`) is imported, exported as JSON Lines — the
//! reference — and as XLSX, Parquet and wide panels; each file is reopened
//! with a reader independent of its writer (calamine for XLSX, DuckDB for
//! Parquet) and every value is compared with the JSON of the same dataset.
//!
//! DuckDB is Python's `duckdb` package (`.ci/run` installs it); where it is
//! missing outside CI the Parquet comparison is skipped with a note.

mod import_support;
mod sheets_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use import_support::{cchc, copy_seeds, export_bytes, import};

/// A value as both sides can state it.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Null,
    Text(String),
    Num(f64),
    Date(String),
}

fn same(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Num(x), V::Num(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        (V::Text(t), V::Null) | (V::Null, V::Text(t)) => t.is_empty(),
        _ => a == b,
    }
}

fn text(v: &Value) -> V {
    match v {
        Value::Null => V::Null,
        Value::String(s) => V::Text(s.clone()),
        Value::Number(n) => V::Num(n.as_f64().unwrap()),
        other => V::Text(other.to_string()),
    }
}

fn num(v: &Value) -> V {
    v.as_f64().map_or(V::Null, V::Num)
}

fn date(v: &Value) -> V {
    v.as_str().map_or(V::Null, |s| V::Date(s.to_string()))
}

/// The imported dataset and its JSON Lines export.
struct Dataset {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    db: PathBuf,
    docs: Vec<Value>,
}

fn dataset() -> Dataset {
    let tmp = tempfile::tempdir().unwrap();
    let arch = tmp.path().join("archive");
    std::fs::create_dir_all(&arch).unwrap();
    copy_seeds(&arch);
    sheets_support::district(&arch.join("district.xlsx"));
    let arch = std::fs::canonicalize(&arch).unwrap();
    let db = tmp.path().join("cchc.sqlite");
    import(&arch, &db, &["--quiet"]);
    let out = export(&db, &[]);
    let docs = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    Dataset {
        dir: tmp.path().to_path_buf(),
        _tmp: tmp,
        db,
        docs,
    }
}

fn export(db: &Path, args: &[&str]) -> Vec<u8> {
    export_bytes(db, args)
}

fn severity_count(doc: &Value, s: &str) -> f64 {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == s)
        .count() as f64
}

/// Expected rows of each table, from the JSON; `percent_as_fraction` for
/// XLSX, which stores 92,09% as 0.9209.
fn expected(ds: &Dataset, table: &str, percent_as_fraction: bool) -> Vec<Vec<(String, V)>> {
    let mut rows = Vec::new();
    for d in &ds.docs {
        let s = &d["source"];
        let m = &d["document"];
        let p = &m["period"];
        match table {
            "documents" => {
                let errs: Vec<&str> = d["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["kind"].as_str().unwrap())
                    .collect();
                rows.push(vec![
                    ("path".into(), text(&s["path"])),
                    ("sha256".into(), text(&s["sha256"])),
                    ("format".into(), text(&s["format"])),
                    ("kind".into(), text(&m["kind"])),
                    ("number".into(), text(&m["number"])),
                    ("date".into(), date(&m["date"])),
                    ("issuer".into(), text(&m["issuer"])),
                    ("level".into(), text(&m["level"])),
                    ("period_label".into(), text(&p["label"])),
                    ("period_from".into(), date(&p["from"])),
                    ("period_to".into(), date(&p["to"])),
                    ("pages".into(), num(&s["pages"])),
                    ("bytes".into(), num(&s["bytes"])),
                    (
                        "figures".into(),
                        V::Num(d["figures"].as_array().unwrap().len() as f64),
                    ),
                    ("errors".into(), V::Num(severity_count(d, "error"))),
                    ("warnings".into(), V::Num(severity_count(d, "warning"))),
                    (
                        "read_errors".into(),
                        if errs.is_empty() {
                            V::Null
                        } else {
                            V::Text(errs.join(","))
                        },
                    ),
                ]);
            }
            "figures" => {
                for f in d["figures"].as_array().unwrap() {
                    let mut value = num(&f["value"]);
                    if let (true, "percent", V::Num(x)) =
                        (percent_as_fraction, f["unit"].as_str().unwrap(), &value)
                    {
                        value = V::Num(x / 100.0);
                    }
                    rows.push(vec![
                        ("path".into(), text(&s["path"])),
                        ("sha256".into(), text(&s["sha256"])),
                        ("issuer".into(), text(&m["issuer"])),
                        ("level".into(), text(&m["level"])),
                        ("period_from".into(), date(&p["from"])),
                        ("period_to".into(), date(&p["to"])),
                        ("id".into(), text(&f["id"])),
                        ("indicator".into(), text(&f["indicator"])),
                        ("value".into(), value),
                        ("unit".into(), text(&f["unit"])),
                        ("role".into(), text(&f["role"])),
                        ("qualifier".into(), text(&f["qualifier"])),
                        ("scope".into(), text(&f["scope"])),
                        ("section".into(), text(&f["section"])),
                        ("figure_period_from".into(), date(&f["period"]["from"])),
                        ("figure_period_to".into(), date(&f["period"]["to"])),
                        ("page".into(), num(&f["span"]["page"])),
                        ("line".into(), num(&f["span"]["line"])),
                        ("cell".into(), text(&f["cell"])),
                        ("raw".into(), text(&f["raw"])),
                        ("decimals".into(), num(&f["decimals"])),
                        ("text".into(), text(&f["text"])),
                        ("rule".into(), text(&f["rule"])),
                    ]);
                }
            }
            "findings" => {
                for f in d["findings"].as_array().unwrap() {
                    let first = f["figures"][0].as_str().and_then(|id| {
                        d["figures"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .find(|g| g["id"] == id)
                    });
                    let line = first
                        .map(|g| num(&g["span"]["line"]))
                        .unwrap_or_else(|| num(&f["spans"][0]["span"]["line"]));
                    let ids: Vec<&str> = f["figures"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap())
                        .collect();
                    rows.push(vec![
                        ("path".into(), text(&s["path"])),
                        ("sha256".into(), text(&s["sha256"])),
                        ("rule".into(), text(&f["rule"])),
                        ("severity".into(), text(&f["severity"])),
                        ("message".into(), text(&f["message"])),
                        ("figures".into(), V::Text(ids.join(" "))),
                        ("stated".into(), num(&f["stated"])),
                        ("computed".into(), num(&f["computed"])),
                        ("line".into(), line),
                        ("cell".into(), first.map_or(V::Null, |g| text(&g["cell"]))),
                    ]);
                }
            }
            _ => {}
        }
    }
    if table == "indicators" {
        let out = cchc()
            .args(["indicators", "--format", "json"])
            .output()
            .unwrap();
        let reg: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        for i in reg {
            let roles: Vec<&str> = i["roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap())
                .collect();
            rows.push(vec![
                ("id".into(), text(&i["id"])),
                ("family".into(), text(&i["family"])),
                ("unit".into(), text(&i["unit"])),
                ("roles".into(), V::Text(roles.join(","))),
                ("name".into(), text(&i["name"])),
                ("description".into(), text(&i["description"])),
            ]);
        }
    }
    rows
}

/// Compare a table read back (header, rows) with the expected rows.
fn compare(what: &str, header: &[String], got: &[Vec<V>], want: &[Vec<(String, V)>]) {
    assert_eq!(got.len(), want.len(), "{what}: number of rows");
    let names: Vec<&String> = want
        .first()
        .map_or(vec![], |r| r.iter().map(|(n, _)| n).collect());
    if !want.is_empty() {
        assert_eq!(header.iter().collect::<Vec<_>>(), names, "{what}: columns");
    }
    let mut checked = 0;
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        for (k, (name, wv)) in w.iter().enumerate() {
            let gv = g.get(k).unwrap_or(&V::Null);
            assert!(
                same(gv, wv),
                "{what} row {} column {name}: {gv:?} ≠ {wv:?}",
                i + 1
            );
            checked += 1;
        }
    }
    assert!(checked > 0 || want.is_empty());
}

fn xlsx_value(d: &Data) -> V {
    match d {
        Data::Empty => V::Null,
        Data::String(s) => V::Text(s.clone()),
        Data::Float(f) => V::Num(*f),
        Data::Int(i) => V::Num(*i as f64),
        Data::Bool(b) => V::Text(b.to_string()),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            V::Date(format!("{y:04}-{m:02}-{d:02}"))
        }
        other => V::Text(other.to_string()),
    }
}

fn read_xlsx(path: &Path) -> Vec<(String, Vec<String>, Vec<Vec<V>>)> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let mut rows = range.rows();
            let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
            let body = rows.map(|r| r.iter().map(xlsx_value).collect()).collect();
            (n, header, body)
        })
        .collect()
}

#[test]
fn xlsx_export_holds_every_value_of_the_json() {
    let ds = dataset();
    let out = ds.dir.join("cchc.xlsx");
    export(&ds.db, &["--format", "xlsx", "-o", out.to_str().unwrap()]);
    let sheets = read_xlsx(&out);
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["documents", "figures", "findings", "indicators"]);
    for (name, header, body) in &sheets {
        compare(name, header, body, &expected(&ds, name, true));
    }
    // The district's wrong total is there, with its cell.
    let figures = &sheets[1].2;
    assert!(figures
        .iter()
        .any(|r| r[18] == V::Text("Biểu 01!C10".into()) && r[8] == V::Num(430.0)));
    // Frozen header, autofilter and widths are in the sheet XML.
    let xml = sheet_xml(&out, "xl/worksheets/sheet2.xml");
    assert!(xml.contains(r#"<pane ySplit="1""#), "no frozen header");
    assert!(xml.contains("<autoFilter ref=\"A1:W"), "no autofilter");
    assert!(xml.contains("<col "), "no column widths");
    // Percentages are in a percent format.
    let styles = sheet_xml(&out, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0.00%""#), "{styles}");

    // `cchc extract --format xlsx` on the same files writes the same figures.
    let arch = ds.dir.join("archive");
    let ex = ds.dir.join("extract.xlsx");
    let st = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["extract", "--format", "xlsx", "-o"])
        .arg(&ex)
        .arg(std::fs::canonicalize(&arch).unwrap())
        .output()
        .unwrap();
    assert!(st.status.code().unwrap() <= 2);
    let again = read_xlsx(&ex);
    assert_eq!(again[1].2, sheets[1].2, "extract and export differ");
}

fn sheet_xml(xlsx: &Path, part: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Each table of a Parquet folder as (columns, rows) read by DuckDB, or
/// None when Python's duckdb is not installed.
fn duckdb_tables(dir: &Path) -> Option<Value> {
    let script = r#"
import duckdb, json, sys, datetime
d = sys.argv[1]
out = {}
for t in ["documents", "figures", "findings", "indicators"]:
    rel = duckdb.sql(f"SELECT * FROM read_parquet('{d}/{t}.parquet')")
    types = [str(x) for x in rel.types]
    rows = [[v.isoformat() if isinstance(v, datetime.date) else v for v in r] for r in rel.fetchall()]
    enc = duckdb.sql(f"SELECT path_in_schema, encodings FROM parquet_metadata('{d}/{t}.parquet')").fetchall()
    out[t] = {"columns": rel.columns, "types": types, "rows": rows, "encodings": {k: v for k, v in enc}}
print(json.dumps(out))
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("No module named 'duckdb'") && std::env::var_os("CI").is_none() {
            return None;
        }
        panic!("duckdb failed: {err}");
    }
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn parquet_export_holds_every_value_of_the_json_with_proper_types() {
    let ds = dataset();
    let dir = ds.dir.join("parquet");
    export(
        &ds.db,
        &["--format", "parquet", "-o", dir.to_str().unwrap()],
    );
    let Some(tables) = duckdb_tables(&dir) else {
        eprintln!("note: Python's duckdb is not installed; the Parquet files were not reopened");
        return;
    };
    for name in ["documents", "figures", "findings", "indicators"] {
        let t = &tables[name];
        let header: Vec<String> = t["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        let types: Vec<&str> = t["types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        let rows: Vec<Vec<V>> = t["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .zip(&types)
                    .map(|(v, ty)| match (*ty, v) {
                        ("DATE", Value::String(s)) => V::Date(s.clone()),
                        _ => text(v),
                    })
                    .collect()
            })
            .collect();
        compare(name, &header, &rows, &expected(&ds, name, false));
        let ty = |c: &str| types[header.iter().position(|h| h == c).unwrap()];
        match name {
            "documents" => {
                assert_eq!((ty("period_from"), ty("pages")), ("DATE", "BIGINT"));
            }
            "figures" => {
                assert_eq!(
                    (ty("value"), ty("indicator"), ty("period_to")),
                    ("DOUBLE", "VARCHAR", "DATE")
                );
                let enc = t["encodings"]["indicator"].as_str().unwrap();
                assert!(
                    enc.contains("RLE_DICTIONARY"),
                    "indicator not dictionary-encoded: {enc}"
                );
            }
            _ => {}
        }
    }
}

/// The wide panel: one row per document; each indicator column holds the
/// first value the document states for itself (no scope, no other period),
/// `error_findings` the number of error findings.
fn check_panel(ds: &Dataset, header: &[String], rows: &[Vec<V>], percent_as_fraction: bool) {
    assert_eq!(rows.len(), ds.docs.len());
    let col = |n: &str| {
        header
            .iter()
            .position(|h| h == n)
            .unwrap_or_else(|| panic!("no column {n}"))
    };
    for (d, r) in ds.docs.iter().zip(rows) {
        assert!(same(&r[col("path")], &text(&d["source"]["path"])));
        assert!(same(
            &r[col("error_findings")],
            &V::Num(severity_count(d, "error"))
        ));
        let mut seen = std::collections::HashSet::new();
        for f in d["figures"].as_array().unwrap() {
            if !f["scope"].is_null() || !f["period"].is_null() || f["role"] == "baseline" {
                continue;
            }
            let name = match f["role"].as_str().unwrap() {
                "target" => format!("{}_target", f["indicator"].as_str().unwrap()),
                _ => f["indicator"].as_str().unwrap().to_string(),
            };
            let Some(k) = header.iter().position(|h| *h == name) else {
                // A role the registry does not give the indicator: no
                // column, and the findings column says so.
                let id = f["id"].as_str().unwrap();
                assert!(
                    matches!(&r[col("findings")], V::Text(t) if t.contains(&format!("({id}) is stated as"))),
                    "{}: {name} ({id}) neither in a column nor in findings",
                    d["source"]["path"]
                );
                continue;
            };
            if !seen.insert(name.clone()) {
                continue;
            }
            let mut want = num(&f["value"]);
            if let (true, "percent", V::Num(x)) =
                (percent_as_fraction, f["unit"].as_str().unwrap(), &want)
            {
                want = V::Num(x / 100.0);
            }
            let got = &r[k];
            assert!(
                same(got, &want),
                "{}: {name} = {got:?}, JSON {want:?}",
                d["source"]["path"]
            );
        }
    }
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<V>>) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let text = text.strip_prefix('\u{FEFF}').expect("BOM");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            rec.unwrap()
                .iter()
                .map(|c| match c.parse::<f64>() {
                    _ if c.is_empty() => V::Null,
                    Ok(x) => V::Num(x),
                    Err(_) => V::Text(c.to_string()),
                })
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn wide_panels_have_one_row_per_document_and_one_column_per_indicator() {
    let ds = dataset();
    let (header, rows) = csv_rows(&export(&ds.db, &["--format", "csv", "--wide"]));
    check_panel(&ds, &header, &rows, false);
    let district = rows
        .iter()
        .find(|r| matches!(&r[0], V::Text(p) if p.ends_with("district.xlsx")))
        .unwrap();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    assert_eq!(district[col("dossiers.received_total")], V::Num(430.0));
    // The stale formula total, as cached.
    assert_eq!(district[col("dossiers.pending")], V::Num(18.0));
    assert_eq!(district[col("error_findings")], V::Num(2.0));
    assert_eq!(district[col("period_from")], V::Text("2024-01-01".into()));

    let out = ds.dir.join("panel.xlsx");
    export(
        &ds.db,
        &["--format", "xlsx", "--wide", "-o", out.to_str().unwrap()],
    );
    let sheets = read_xlsx(&out);
    assert_eq!(sheets[0].0, "panel");
    assert_eq!(sheets[1].0, "indicators");
    check_panel(&ds, &sheets[0].1, &sheets[0].2, true);
}

#[test]
fn flags_that_mean_nothing_are_refused() {
    let out = cchc()
        .args([
            "export", "--db", "x.sqlite", "--format", "parquet", "--wide", "-o", "d",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--wide"));
    let out = cchc()
        .args(["extract", "--format", "xlsx", "x.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o FILE.xlsx"));
}
