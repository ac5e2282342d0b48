//! Profiling aid: run only the rule gate ([`Gate::select`]) over every unit
//! of the seed corpus N times (`cargo run --release --example prof_gate --
//! N`), as `benches/extract.rs` does, for `perf record` or callgrind. Prints
//! the gates' sizes, the MB/s (overall and in the best pass) and a checksum
//! of the selections (the same before and after a change of the gate).
//!
//! [`Gate::select`]: cchc::extract::gate::Gate::select
use cchc::extract::gate;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let rules = cchc::extract::RuleSet::builtin().expect("rules");
    println!("gate: {}", rules.gate.describe());
    println!("fixed gate: {}", rules.fixed_gate.describe());
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut units: Vec<Vec<u8>> = Vec::new();
    for p in &paths {
        let b = std::fs::read(p).unwrap();
        let ing = cchc::ingest::ingest_bytes(p, &b, &cchc::ingest::IngestOptions::default());
        let seg = cchc::segment::segment(&ing.text, &ing.page_starts);
        let mut views = cchc::extract::lower::Views::default();
        views.make(&seg.match_text);
        for u in &seg.units {
            units.push(views.gate()[u.start..u.end].to_vec());
        }
    }

    let bytes: usize = units.iter().map(Vec::len).sum();
    let (mut out, mut scratch) = (Vec::new(), gate::Scratch::default());
    let mut sum = 0usize;
    // The best pass is the one least disturbed by other work on the machine.
    let mut best = f64::INFINITY;
    let t = std::time::Instant::now();
    for _ in 0..n {
        let pass = std::time::Instant::now();
        for u in &units {
            rules.gate.select(u, &mut out, &mut scratch);
            sum = out.iter().fold(sum.wrapping_mul(31), |s, &a| {
                s.wrapping_mul(1_000_003).wrapping_add(a)
            });
        }
        best = best.min(pass.elapsed().as_secs_f64());
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} units, {bytes} bytes ×{n}: {:.1} MB/s overall, {:.1} MB/s in the best pass; checksum {sum:x}",
        units.len(),
        (bytes * n) as f64 / 1e6 / secs,
        bytes as f64 / 1e6 / best,
    );
}
