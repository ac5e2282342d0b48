//! Export benchmark: a dataset of 10 000 documents (the seed reports and
//! the district workbook of `tests/sheets_support`, read once and stored
//! again under new paths) is exported by the real binary as JSON Lines,
//! CSV, the wide CSV, XLSX, the wide XLSX and Parquet; each run reports its
//! time, its output size and the exporting process's peak memory (its
//! `VmHWM`, Linux), which must not grow with the dataset.
//!
//! `cargo bench --bench export`; environment: `CCHC_BENCH_DOCS` (default
//! 10 000), `CCHC_BENCH_DIR` (keep the dataset and exports there).

#[path = "../tests/sheets_support/mod.rs"]
mod sheets_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use cchc::ingest::IngestOptions;
use cchc::model::DocumentOutput;
use cchc::store::db::{self, FileRow, Status};
use cchc::Pipeline;

/// Run `cmd` to its end; returns whether it succeeded and its peak
/// resident memory in KiB: the high-water mark of its own address space
/// (`VmHWM`), read every few milliseconds while it runs. (`wait4`'s
/// `ru_maxrss` would not do: Linux carries the forking parent's
/// high-water mark across `exec`.)
fn run_measured(cmd: &mut Command) -> (bool, u64) {
    let mut child = cmd.spawn().expect("spawn");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Some(kib) = std::fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            peak = peak.max(kib);
        }
        if let Some(st) = child.try_wait().expect("wait") {
            return (st.success(), peak);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

fn documents(pipeline: &Pipeline, tmp: &Path) -> Vec<DocumentOutput> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut docs: Vec<DocumentOutput> = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|s| {
            pipeline
                .process_path(&corpus.join(format!("{s}.txt")))
                .output
        })
        .collect();
    let book = tmp.join("district.xlsx");
    sheets_support::district(&book);
    docs.push(pipeline.process_path(&book).output);
    docs
}

/// A dataset of `n` documents, the seeds over and over under new names.
fn fill(db_path: &Path, seeds: &[DocumentOutput], n: usize) {
    let mut conn = db::open(db_path).expect("db");
    let tx = conn.transaction().expect("tx");
    for i in 0..n {
        let mut d = seeds[i % seeds.len()].clone();
        d.source.path = format!(
            "archive/{:04}/{i:05}-{}",
            i / 1000,
            d.source.path.rsplit('/').next().unwrap_or("")
        );
        d.source.sha256 = format!("{i:064x}");
        db::upsert_file(
            &tx,
            &FileRow {
                path: d.source.path.clone(),
                sha256: Some(d.source.sha256.clone()),
                size: d.source.bytes,
                mtime_ns: None,
                format: Some(d.source.format.as_str().into()),
                status: Status::Ok,
                reason: None,
                message: None,
                hash_ms: None,
                process_ms: None,
            },
        )
        .expect("file row");
        db::replace_document(&tx, &d).expect("document");
    }
    tx.commit().expect("commit");
}

fn size_of(p: &Path) -> u64 {
    if p.is_dir() {
        std::fs::read_dir(p)
            .map(|r| r.flatten().map(|e| size_of(&e.path())).sum())
            .unwrap_or(0)
    } else {
        std::fs::metadata(p).map_or(0, |m| m.len())
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: usize = std::env::var("CCHC_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let base = std::env::var_os("CCHC_BENCH_DIR").map_or(tmp.path().to_path_buf(), PathBuf::from);
    std::fs::create_dir_all(&base).expect("dir");
    let pipeline = Pipeline::new(IngestOptions::default()).expect("rules");
    let seeds = documents(&pipeline, &base);
    let db_path = base.join("bench.sqlite");
    let _ = std::fs::remove_file(&db_path);
    let t = Instant::now();
    fill(&db_path, &seeds, n);
    let conn = db::open_readonly(&db_path).expect("db");
    let figures: i64 = conn
        .query_row("SELECT count(*) FROM figures", [], |r| r.get(0))
        .expect("count");
    let findings: i64 = conn
        .query_row("SELECT count(*) FROM findings", [], |r| r.get(0))
        .expect("count");
    println!(
        "dataset: {n} documents, {figures} figures, {findings} findings, {:.1} MB, built in {:.1} s",
        size_of(&db_path) as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/cchc");
    let exe = if exe.exists() {
        exe
    } else {
        PathBuf::from(env!("CARGO_BIN_EXE_cchc"))
    };
    let runs: [(&str, &[&str], &str); 6] = [
        ("jsonl", &["--format", "jsonl"], "out.jsonl"),
        ("csv (figures)", &["--format", "csv"], "out.csv"),
        ("csv --wide", &["--format", "csv", "--wide"], "panel.csv"),
        ("xlsx", &["--format", "xlsx"], "out.xlsx"),
        ("xlsx --wide", &["--format", "xlsx", "--wide"], "panel.xlsx"),
        ("parquet", &["--format", "parquet"], "parquet"),
    ];
    for (label, args, out) in runs {
        let out = base.join(out);
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&out);
        let t = Instant::now();
        let (ok, rss) = run_measured(
            Command::new(&exe)
                .args(["export", "--db"])
                .arg(&db_path)
                .args(args)
                .arg("-o")
                .arg(&out),
        );
        let secs = t.elapsed().as_secs_f64();
        assert!(ok, "{label} failed");
        println!(
            "export {label:<14} {secs:>7.2} s  {:>8.1} MB written  peak memory {:>6.1} MB",
            size_of(&out) as f64 / 1e6,
            rss as f64 / 1024.0
        );
    }
}
