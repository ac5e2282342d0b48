//! Debug aid: print the segmented units (match text) of a file, one per line,
//! so a rule author can see what the rules run on.
//!
//! `cargo run --example units -- FILE [GREP]`; `FILE --text` prints the
//! ingested text instead, `FILE --tables` the tables the segmenter found.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = Path::new(&args[0]);
    let grep = args.get(1).map(|s| s.to_lowercase());
    let bytes = std::fs::read(path).expect("read");
    let ing = cchc::ingest::ingest_bytes(path, &bytes, &cchc::ingest::IngestOptions::default());
    if grep.as_deref() == Some("--text") {
        print!("{}", ing.text);
        return;
    }
    let seg = cchc::segment::segment(&ing.text, &ing.page_starts);
    if grep.as_deref() == Some("--tables") {
        for t in &seg.tables {
            println!(
                "table lines {}..{} rows {:?} unit column {}",
                seg.line_of(t.start),
                seg.line_of(t.end),
                t.rows,
                t.has_unit_column
            );
        }
        return;
    }
    for u in &seg.units {
        let t = &seg.match_text[u.start..u.end];
        if grep.as_ref().is_none_or(|g| t.to_lowercase().contains(g)) {
            println!("{:?} {}: {:?}", u.kind, seg.line_of(u.start), t);
        }
    }
}
