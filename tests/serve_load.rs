//! A bounded load test of `cchc serve` on loopback: 500 requests, 16 at a
//! time, seed reports and their PDF/DOCX/HTML renderings mixed with broken
//! files. No request may fail except the broken files' expected 422; the
//! server's peak memory stays bounded and it leaves no temporary file. The
//! median and 95th-percentile latency are printed (`--nocapture`; the
//! README quotes a release run). `CCHC_LOAD_REQUESTS` changes the count.

mod serve_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serve_support::*;

const CONCURRENCY: usize = 16;
/// Peak resident memory the server may reach, in MiB.
const MEMORY_CAP_MIB: u64 = 1024;

#[test]
fn five_hundred_requests_sixteen_at_a_time() {
    let requests: usize = std::env::var("CCHC_LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let mut files: Vec<(String, Vec<u8>, u16)> = Vec::new();
    for seed in seeds() {
        let name = seed.file_name().unwrap().to_string_lossy().into_owned();
        files.push((name, std::fs::read(&seed).unwrap(), 200));
    }
    for (rel, status) in [
        ("tests/fixtures/pdf/003.lo.pdf", 200),
        ("tests/fixtures/pdf/004.lo.pdf", 200),
        ("tests/fixtures/docx/000.lo-table.docx", 200),
        ("tests/fixtures/html/003.html", 200),
        ("tests/fixtures/bad/truncated-half.pdf", 422),
        ("tests/fixtures/bad/random-bytes.pdf", 422),
        ("tests/fixtures/bad/encrypted-userpw.pdf", 422),
    ] {
        let path = root(rel);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push((name, std::fs::read(&path).unwrap(), status));
    }
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start_with(&["--jobs", "2"], |c| {
        c.env("TMPDIR", tmp.path());
    });
    let files = Arc::new(files);
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(600);
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (files, next, addr) = (files.clone(), next.clone(), server.addr.clone());
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests || Instant::now() > deadline {
                        return seen;
                    }
                    let (name, bytes, want) = &files[i % files.len()];
                    let (ct, body) = multipart("file", name, bytes);
                    let t = Instant::now();
                    let r = request(&addr, "POST", "/api/check", &ct, &body);
                    seen.push((t.elapsed(), name.clone(), r.status, *want));
                }
            })
        })
        .collect();
    let mut seen: Vec<_> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let wall = started.elapsed();
    assert_eq!(seen.len(), requests, "stopped at the time bound");
    let failed: Vec<_> = seen.iter().filter(|s| s.2 != s.3).collect();
    assert!(failed.is_empty(), "unexpected statuses: {failed:?}");

    seen.sort_by_key(|s| s.0);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(seen[seen.len() / 2].0);
    let p95 = ms(seen[(seen.len() * 95).div_ceil(100) - 1].0);
    let max = ms(seen[seen.len() - 1].0);
    let peak = server.peak_rss_kib().map(|k| k / 1024);
    eprintln!(
        "serve load: {requests} requests, {CONCURRENCY} at a time, {:.1} s ({:.1} req/s); latency median {median:.0} ms, p95 {p95:.0} ms, max {max:.0} ms; server peak RSS {} MiB",
        wall.as_secs_f64(),
        requests as f64 / wall.as_secs_f64(),
        peak.map_or("?".into(), |p| p.to_string()),
    );
    if let Some(p) = peak {
        assert!(p < MEMORY_CAP_MIB, "server peak RSS {p} MiB");
    }
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}
