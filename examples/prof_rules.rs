//! Profiling aid: run only the rule stage over the seed corpus N times
//! (`cargo run --release --example prof_rules -- N`), for `perf record`.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let rules = cchc::extract::RuleSet::builtin().expect("rules");
    let mut docs = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            let b = std::fs::read(&p).unwrap();
            let ing = cchc::ingest::ingest_bytes(&p, &b, &cchc::ingest::IngestOptions::default());
            let seg = cchc::segment::segment(&ing.text, &ing.page_starts);
            let meta = cchc::extract::metadata::read_meta(&ing.text, &seg);
            docs.push((ing.text, seg, meta));
        }
    }
    let mut k = 0;
    for _ in 0..n {
        for (t, s, m) in &docs {
            k += cchc::extract::engine::apply(&rules, t, s, m).len();
        }
    }
    println!("{k}");
}
