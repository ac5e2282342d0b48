//! Import benchmark: generate a synthetic archive (default 10 000 files) from
//! the seed corpus, import it with 1 worker and with all cores, and report
//! files/s, the database size and the time of a no-change re-run.
//!
//! `cargo bench --bench import`; environment: `CCHC_BENCH_FILES` (archive
//! size), `CCHC_BENCH_ONE_CORE_FILES` (how many of them the 1-worker run
//! imports; default all), `CCHC_BENCH_DIR` (keep the archive and databases
//! there instead of a temporary folder).

mod generate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cchc::ingest::IngestOptions;
use cchc::store::{import, ImportOptions, Summary};
use cchc::Pipeline;
use std::sync::Arc;

fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.parse().ok()
}

fn run(pipeline: &Arc<Pipeline>, roots: Vec<PathBuf>, db: &Path, jobs: Option<usize>) -> Summary {
    let opts = ImportOptions {
        roots,
        db: db.to_path_buf(),
        jobs,
        quiet: true,
        progress_every: Duration::from_secs(3600),
        ..ImportOptions::default()
    };
    import(&opts, pipeline).expect("import")
}

fn report(label: &str, s: &Summary) {
    println!(
        "{label:<28} {:>6} files in {:>8.1} s = {:>8.1} files/s  (imported {}, unchanged {}, failed {}, skipped {})",
        s.seen,
        s.elapsed.as_secs_f64(),
        s.seen as f64 / s.elapsed.as_secs_f64(),
        s.imported,
        s.unchanged,
        s.failed_total(),
        s.skipped.values().sum::<u64>()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing
    // and must not spend minutes here.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n = env_usize("CCHC_BENCH_FILES").unwrap_or(10_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let base = std::env::var_os("CCHC_BENCH_DIR").map_or(tmp.path().to_path_buf(), PathBuf::from);
    let archive = base.join("archive");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let seeds = ["000", "001", "002", "003", "004"]
        .map(|s| std::fs::read_to_string(corpus.join(format!("{s}.txt"))).expect("seed"));
    let _ = std::fs::remove_dir_all(&archive);
    let t = Instant::now();
    let bytes = generate::generate(&archive, n, &seeds).expect("generate");
    println!(
        "archive: {n} files, {:.1} MB, generated in {:.1} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let pipeline = Arc::new(Pipeline::new(IngestOptions::default()).expect("rules"));

    let one_core = env_usize("CCHC_BENCH_ONE_CORE_FILES").unwrap_or(n);
    let db1 = base.join("one-core.sqlite");
    let _ = std::fs::remove_file(&db1);
    let roots: Vec<PathBuf> = if one_core >= n {
        vec![archive.clone()]
    } else {
        // The first folders in walk order, about `one_core` files.
        let mut years: Vec<PathBuf> = std::fs::read_dir(&archive)
            .expect("archive")
            .map(|e| e.expect("entry").path())
            .collect();
        years.sort();
        let per_year = n / years.len().max(1);
        years.truncate(one_core.div_ceil(per_year.max(1)));
        years
    };
    report("import, 1 worker", &run(&pipeline, roots, &db1, Some(1)));

    let db = base.join("all-cores.sqlite");
    let _ = std::fs::remove_file(&db);
    let full = run(&pipeline, vec![archive.clone()], &db, None);
    report(&format!("import, {cores} workers"), &full);
    let size = std::fs::metadata(&db).map_or(0, |m| m.len());
    println!(
        "database: {:.1} MB ({:.1} KB per file)",
        size as f64 / 1e6,
        size as f64 / 1e3 / n as f64
    );
    let again = run(&pipeline, vec![archive.clone()], &db, None);
    report("no-change re-run", &again);
    assert_eq!(
        again.unchanged, full.seen,
        "a re-run must find everything unchanged"
    );
}
