//! Linear time on any input: one synthetic report grown from 1 to 64 MB
//! (the seed reports concatenated into one document), read once with its
//! line breaks and once with every line break turned into a space (a
//! "single-line" file), through the whole pipeline on one thread. Prints
//! seconds per MB for each size and the ratio of the slowest to the fastest
//! per-MB time, which stays within 1.5× when every stage is linear.
//!
//! Run with `cargo bench --bench scaling`; `CCHC_SCALING_MAX_MB=16` stops
//! earlier. Each size is run twice and the faster run kept. The time is the
//! thread's CPU time (from /proc, 10 ms ticks), which a shared machine
//! disturbs far less than the wall clock (also printed). Peak memory is the
//! process's, read from /proc at the end.

use std::path::Path;
use std::time::Instant;

use cchc::ingest::IngestOptions;
use cchc::Pipeline;

fn seeds() -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut all = Vec::new();
    for p in paths {
        all.extend(std::fs::read(p).expect("seed"));
        all.push(b'\n');
    }
    all
}

/// `mb` MiB of the seeds repeated, cut on a character boundary.
fn report(seeds: &[u8], mb: usize, lines: bool) -> Vec<u8> {
    let n = mb << 20;
    let mut out: Vec<u8> = seeds.iter().copied().cycle().take(n).collect();
    while std::str::from_utf8(&out).is_err() {
        out.pop();
    }
    if !lines {
        for b in &mut out {
            if *b == b'\n' {
                *b = b' ';
            }
        }
    }
    out
}

/// CPU seconds (user + system) of the calling thread so far.
fn thread_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15, i.e. 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let max_mb: usize = std::env::var("CCHC_SCALING_MAX_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let pipeline = Pipeline::new(IngestOptions::default()).expect("rules compile");
    let seeds = seeds();
    // Warm-up: lazy DFA caches, page faults of the first allocation.
    pipeline.process_bytes(Path::new("warm.txt"), &report(&seeds, 1, true));
    println!(
        "{:>6} {:>12} {:>12} {:>12} {:>12} {:>9} {:>9}",
        "MB", "lines cpu", "lines wall", "1-line cpu", "1-line wall", "figures", "1-line"
    );
    println!(
        "{:>6} {:>12} {:>12} {:>12} {:>12}",
        "", "s/MB", "s/MB", "s/MB", "s/MB"
    );
    let mut per_mb: Vec<(bool, f64)> = Vec::new();
    let mut mb = 1;
    while mb <= max_mb {
        let mut row = Vec::new();
        for lines in [true, false] {
            let bytes = report(&seeds, mb, lines);
            let (mut cpu, mut wall) = (f64::MAX, f64::MAX);
            let mut figures = 0;
            for _ in 0..2 {
                let (t, c) = (Instant::now(), thread_cpu());
                let p = pipeline.process_bytes(Path::new("synthetic.txt"), &bytes);
                cpu = cpu.min(thread_cpu() - c);
                wall = wall.min(t.elapsed().as_secs_f64());
                figures = p.output.figures.len();
            }
            per_mb.push((lines, cpu / mb as f64));
            row.push((cpu / mb as f64, wall / mb as f64, figures));
        }
        println!(
            "{mb:>6} {:>12.3} {:>12.3} {:>12.3} {:>12.3} {:>9} {:>9}",
            row[0].0, row[0].1, row[1].0, row[1].1, row[0].2, row[1].2
        );
        mb *= 2;
    }
    for lines in [true, false] {
        let v: Vec<f64> = per_mb
            .iter()
            .filter(|p| p.0 == lines)
            .map(|p| p.1)
            .collect();
        let (lo, hi) = v
            .iter()
            .fold((f64::MAX, 0f64), |(a, b), &x| (a.min(x), b.max(x)));
        println!(
            "{}: slowest / fastest CPU time per MB = {:.2}× (target ≤ 1.5×)",
            if lines {
                "with line breaks"
            } else {
                "single line"
            },
            hi / lo
        );
    }
    if let Some(rss) = peak_rss_mb() {
        println!("peak memory of the run: {rss:.0} MB");
    }
}
