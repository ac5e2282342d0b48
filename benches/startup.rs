//! Start-up: from spawning `cchc extract FILE --format json` on a one-page
//! text file to the first line of its output, median of 10 runs (after one
//! unmeasured run that brings the binary into the page cache). The goal is
//! at most 50 ms (issue 13; docs/speed.md).
//!
//! Run with `cargo bench --bench startup`. `CCHC_STARTUP_BIN=PATH` times
//! another build instead of this one; `CCHC_STARTUP_BASE=PATH` also times a
//! second binary (e.g. an older build), the runs of the two interleaved so
//! that both see the same load. Plain `std::time`; the figures vary with
//! the machine and its load, and nothing here asserts them.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 10;

const ONE_PAGE: &str = "UBND phường X\nBÁO CÁO\nNăm 2024, phường tiếp nhận 1.250 hồ sơ, \
                        đã giải quyết 1.200 hồ sơ, đúng hạn 1.190 hồ sơ.\n";

/// Time to the first line on standard output; the run is then finished.
fn first_line(bin: &Path, file: &Path) -> Duration {
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args(["extract", "--format", "json"])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut line = String::new();
    out.read_line(&mut line).expect("reading the output");
    let took = start.elapsed();
    assert!(!line.is_empty(), "{} printed nothing", bin.display());
    std::io::copy(&mut out, &mut std::io::sink()).expect("reading the output");
    assert!(child.wait().expect("waiting").success());
    took
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    // `cargo bench` passes `--bench`; there are no options to read.
    let bin = std::env::var_os("CCHC_STARTUP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_cchc")));
    let base = std::env::var_os("CCHC_STARTUP_BASE").map(PathBuf::from);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("one.txt");
    std::fs::write(&file, ONE_PAGE).expect("writing the sample");

    let mut bins = vec![bin];
    bins.extend(base);
    for b in &bins {
        first_line(b, &file);
    }
    let mut times = vec![Vec::new(); bins.len()];
    for _ in 0..RUNS {
        for (b, t) in bins.iter().zip(&mut times) {
            t.push(first_line(b, &file));
        }
    }
    for (b, t) in bins.iter().zip(times) {
        let (lo, hi) = (*t.iter().min().unwrap(), *t.iter().max().unwrap());
        println!(
            "start-up to first output line, one-page txt: median {} of {RUNS} runs (min {}, max {})  {}",
            ms(median(t)),
            ms(lo),
            ms(hi),
            b.display()
        );
    }
}
