//! Throughput of the pipeline over the seed corpus repeated to at least
//! 50 MB: MB/s and documents/s on one thread and on all cores; the phrase
//! overrides' stage and the compositional reader's stage alone
//! (segmentation done beforehand) per core, measured first; and beside
//! them a reference tool on the same bytes (GNU grep finding every number).
//!
//! Run with `cargo bench --bench extract`. Plain `std::time`, one timed run
//! after a warm-up; figures vary with the machine and its load.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use cchc::extract::{self, RuleSet};
use cchc::ingest::IngestOptions;
use cchc::Pipeline;

/// At least 50 MB; `CCHC_BENCH_MB` overrides it (for a quick profile).
fn target_bytes() -> usize {
    std::env::var("CCHC_BENCH_MB")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(50)
        * 1024
        * 1024
}

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut docs: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("corpus/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    docs.sort();
    docs
}

fn report(what: &str, bytes: usize, docs: usize, secs: f64) {
    println!(
        "{what:<34} {:>8.1} MB/s {:>9.0} docs/s  ({:.1} MB, {docs} docs, {secs:.2} s)",
        bytes as f64 / 1e6 / secs,
        docs as f64 / secs,
        bytes as f64 / 1e6,
    );
}

fn main() {
    let seeds = corpus();
    let seed_bytes: usize = seeds.iter().map(|(_, b)| b.len()).sum();
    let repeat = target_bytes().div_ceil(seed_bytes);
    let work: Vec<&(PathBuf, Vec<u8>)> = (0..repeat).flat_map(|_| seeds.iter()).collect();
    let bytes = seed_bytes * repeat;
    let pipeline = Pipeline::new(IngestOptions::default()).expect("rules compile");
    let cores = rayon::current_num_threads();
    println!(
        "corpus: {} seed files, {} bytes, repeated {repeat}× = {:.1} MB; {cores} threads",
        seeds.len(),
        seed_bytes,
        bytes as f64 / 1e6
    );

    // Warm-up (page cache, lazy DFA caches).
    for (p, b) in &seeds {
        pipeline.process_bytes(p, b);
    }

    // The rule stage first: a long run of both cores before it (the
    // pipeline's) leaves this shared machine slower for a while after.
    // The rule stage alone, on text already ingested and segmented.
    let rules: &RuleSet = &pipeline.rules;
    let prepared: Vec<_> = seeds
        .iter()
        .map(|(p, b)| {
            let ing = cchc::ingest::ingest_bytes(p, b, &IngestOptions::default());
            let seg = cchc::segment::segment(&ing.text, &ing.page_starts);
            let meta = extract::metadata::read_meta(&ing.text, &seg);
            (ing.text, seg, meta)
        })
        .collect();
    let t = Instant::now();
    let mut selected = 0usize;
    let (mut out, mut scratch) = (Vec::new(), extract::gate::Scratch::default());
    let mut views = extract::lower::Views::default();
    for _ in 0..repeat {
        for (_, seg, _) in &prepared {
            // Lower-cased once per document, as the engine does.
            views.make(&seg.match_text);
            for u in &seg.units {
                let lower = &views.gate()[u.start..u.end];
                rules.gate.select(lower, &mut out, &mut scratch);
                selected += out.len();
            }
        }
    }
    report(
        "rule selection (keyword gate), 1 thread",
        bytes,
        repeat * prepared.len(),
        t.elapsed().as_secs_f64(),
    );
    println!(
        "  {} alternatives, {} ungated; {:.1} selected per unit",
        rules.set_map.len(),
        rules.gate.ungated(),
        selected as f64 / (repeat * prepared.iter().map(|p| p.1.units.len()).sum::<usize>()) as f64
    );
    let t = Instant::now();
    let mut n = 0usize;
    // Each pass over the seeds is timed too: on a shared machine the whole
    // run's figure swings with the neighbours; the median pass much less.
    let mut passes = Vec::with_capacity(repeat);
    for _ in 0..repeat {
        let pass = Instant::now();
        for (text, seg, meta) in &prepared {
            n += extract::engine::apply(rules, text, seg, meta).len();
        }
        passes.push(pass.elapsed().as_secs_f64());
    }
    report(
        "rule stage, 1 thread",
        bytes,
        repeat * prepared.len(),
        t.elapsed().as_secs_f64(),
    );
    passes.sort_by(f64::total_cmp);
    let mbs = |secs: f64| seed_bytes as f64 / 1e6 / secs;
    println!(
        "  per pass over the seeds: median {:.1} MB/s, best {:.1}, slowest tenth {:.1}",
        mbs(passes[passes.len() / 2]),
        mbs(passes[0]),
        mbs(passes[passes.len() * 9 / 10]),
    );
    let t = Instant::now();
    let n_par: usize = (0..repeat)
        .into_par_iter()
        .map(|_| {
            prepared
                .iter()
                .map(|(text, seg, meta)| extract::engine::apply(rules, text, seg, meta).len())
                .sum::<usize>()
        })
        .sum();
    report(
        &format!("rule stage, {cores} threads"),
        bytes,
        repeat * prepared.len(),
        t.elapsed().as_secs_f64(),
    );
    assert_eq!(n, n_par);

    // The compositional reader alone (sentences and tables of every
    // document read by their cues): the stage that reads most figures.
    let reader = extract::compose::Reader::builtin();
    let t = Instant::now();
    let mut composed = 0usize;
    for _ in 0..repeat {
        for (text, seg, meta) in &prepared {
            let doc = extract::compose::Doc::new(reader, text, seg, meta);
            let mut roles = extract::role::Roles::new(meta, seg, seg.rule_text(text));
            composed += extract::compose::read(reader, &doc, &mut roles, None)
                .figures
                .len();
        }
    }
    report(
        "reader stage (cues), 1 thread",
        bytes,
        repeat * prepared.len(),
        t.elapsed().as_secs_f64(),
    );

    let t = Instant::now();
    let mut figures = 0usize;
    for (p, b) in &work {
        figures += pipeline.process_bytes(p, b).output.figures.len();
    }
    report(
        "pipeline, 1 thread",
        bytes,
        work.len(),
        t.elapsed().as_secs_f64(),
    );

    let t = Instant::now();
    let figures_par: usize = work
        .par_iter()
        .map(|(p, b)| pipeline.process_bytes(p, b).output.figures.len())
        .sum();
    report(
        &format!("pipeline, {cores} threads"),
        bytes,
        work.len(),
        t.elapsed().as_secs_f64(),
    );
    assert_eq!(figures, figures_par, "same figures on every run");

    println!(
        "{figures} figures in the pipeline run, {n} in the rule-stage run, {composed} from the reader stage"
    );
    reference(&work, bytes);
}

/// A reference tool on the same bytes: GNU grep finding every number
/// (`grep -oE` of a Vietnamese number, no meaning attached), one process
/// over the corpus written to files. What cchc does per byte beyond
/// finding the numbers is the difference.
fn reference(work: &[&(PathBuf, Vec<u8>)], bytes: usize) {
    let dir = std::env::temp_dir().join(format!("cchc-bench-ref-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let files: Vec<PathBuf> = work
        .iter()
        .enumerate()
        .map(|(i, (_, b))| {
            let p = dir.join(format!("{i}.txt"));
            std::fs::write(&p, b).expect("write the reference corpus");
            p
        })
        .collect();
    let t = Instant::now();
    let out = std::process::Command::new("grep")
        .args(["-ohE", "[0-9]+([.,][0-9]+)*"])
        .args(&files)
        .output();
    let secs = t.elapsed().as_secs_f64();
    match out {
        Ok(o) => {
            let numbers = o.stdout.iter().filter(|&&c| c == b'\n').count();
            report("reference: grep -oE numbers", bytes, files.len(), secs);
            println!("  {numbers} numbers found by grep (no indicator, role or check)");
        }
        Err(e) => println!("reference: grep not run ({e})"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}
