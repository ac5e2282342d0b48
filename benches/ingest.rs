//! PDF ingestion speed against poppler's `pdftotext -raw`, on one core.
//!
//! `cargo bench --bench ingest` reads every text PDF of `tests/fixtures/pdf`
//! ROUNDS times, one file after another on one thread, three ways:
//! - `cchc` in process (lopdf + validation + legacy detection + clean-up);
//! - `cchc worker` child processes (what `cchc extract` does per PDF);
//! - `pdftotext -raw FILE -` (a process per file), skipped when poppler-utils
//!   is not installed.
//!
//! It prints pages/s for each and the ratios (figures in `docs/ingest.md`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cchc::ingest::{read_untrusted, sniff::Kind};

const ROUNDS: usize = 5;

fn fixtures() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect()
}

fn report(name: &str, pages: usize, t: Duration) -> f64 {
    let rate = pages as f64 / t.as_secs_f64();
    println!(
        "{name:28} {pages:6} pages  {:8.3} s  {rate:8.1} pages/s  {:6.2} ms/page",
        t.as_secs_f64(),
        1000.0 / rate
    );
    rate
}

fn main() {
    let files = fixtures();
    let pages_per_round: usize = files
        .iter()
        .map(|(_, b)| read_untrusted(b, Kind::Pdf).pages)
        .sum();
    println!(
        "{} PDFs, {pages_per_round} pages, {ROUNDS} rounds, one thread",
        files.len()
    );

    let t = Instant::now();
    for _ in 0..ROUNDS {
        for (_, b) in &files {
            std::hint::black_box(read_untrusted(b, Kind::Pdf));
        }
    }
    let in_process = report("cchc (in process)", pages_per_round * ROUNDS, t.elapsed());

    let exe = env!("CARGO_BIN_EXE_cchc");
    let t = Instant::now();
    for _ in 0..ROUNDS {
        for (p, b) in &files {
            let mut child = Command::new(exe)
                .args(["worker", "--name"])
                .arg(p)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("cchc worker");
            child.stdin.take().unwrap().write_all(b).unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success());
        }
    }
    let worker = report(
        "cchc worker (child/file)",
        pages_per_round * ROUNDS,
        t.elapsed(),
    );

    let have_poppler = Command::new("pdftotext")
        .arg("-v")
        .stderr(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .is_ok();
    if !have_poppler {
        println!("pdftotext not found (apt-get install poppler-utils): comparison skipped");
        return;
    }
    let t = Instant::now();
    for _ in 0..ROUNDS {
        for (p, _) in &files {
            let out = Command::new("pdftotext")
                .arg("-raw")
                .arg(p)
                .arg("-")
                .stderr(Stdio::null())
                .output()
                .unwrap();
            std::hint::black_box(out);
        }
    }
    let poppler = report(
        "pdftotext -raw (process/file)",
        pages_per_round * ROUNDS,
        t.elapsed(),
    );
    println!(
        "ratio cchc/pdftotext: in process {:.2}x, with worker isolation {:.2}x",
        in_process / poppler,
        worker / poppler
    );
}
