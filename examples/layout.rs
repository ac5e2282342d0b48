//! Debug aid: the drawn strings of a PDF page with their positions.
//! `cargo run --example layout -- FILE.pdf PAGE`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let doc = lopdf::Document::load(&args[0]).expect("load");
    let page: u32 = args[1].parse().unwrap();
    let id = doc.get_pages()[&page];
    let drawn = cchc::ingest::pdf_layout::draw_page(&doc, id, 1 << 26).expect("draw");
    print!("{}", cchc::ingest::pdf_layout::debug_lines(&drawn));
    for r in &drawn.rules {
        println!("rule x={:.1} y={:.1}..{:.1}", r.x, r.y0, r.y1);
    }
}
