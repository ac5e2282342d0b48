//! Part of stage 1 (**ingest**), spreadsheets: which cells of an
//! OpenDocument spreadsheet are percentages. calamine hands over an ODS
//! cell's stored value (0.9209) but not its type; the type is in
//! `content.xml` (`office:value-type="percentage"`), read here with the
//! same row and column counting (repeated rows and columns, covered cells)
//! so that the cell shows as it does in LibreOffice (92,09%).

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Largest `content.xml` inflated (the workbook's cell cap applies later).
const MAX_XML: u64 = 512 << 20;
/// Repetitions taken at their word for cells that are percentages; a
/// larger count (a style run to the end of the sheet) is empty anyway.
const MAX_REPEAT: u32 = 10_000;

/// Sheet name → zero-based (row, column) of every percentage cell. Any
/// problem gives an empty map: the values are then read as stored.
pub fn percent_cells(bytes: &[u8]) -> HashMap<String, HashSet<(u32, u32)>> {
    content(bytes).map(|x| scan(&x)).unwrap_or_default()
}

fn content(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = zip.by_name("content.xml").ok()?;
    let mut xml = Vec::new();
    part.take(MAX_XML).read_to_end(&mut xml).ok()?;
    Some(xml)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| AsRef::<str>::as_ref(&a.key) == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::default())
                .ok()
                .map(|v| v.into_owned())
        })
}

fn repeat(e: &BytesStart, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn scan(xml: &[u8]) -> HashMap<String, HashSet<(u32, u32)>> {
    let mut out: HashMap<String, HashSet<(u32, u32)>> = HashMap::new();
    let mut r = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut sheet: Option<String> = None;
    let (mut row, mut col, mut rows_here) = (0u32, 0u32, 1u32);
    // Percentage columns of the current row (marked on every repetition).
    let mut marks: Vec<(u32, u32)> = Vec::new();
    loop {
        let ev = match r.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match AsRef::<str>::as_ref(&e.name()) {
                "table:table" => {
                    sheet = attr(&e, "table:name");
                    row = 0;
                }
                "table:table-row" => {
                    rows_here = repeat(&e, "table:number-rows-repeated");
                    col = 0;
                    marks.clear();
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeat(&e, "table:number-columns-repeated");
                    if attr(&e, "office:value-type").as_deref() == Some("percentage") {
                        marks.push((col, n.min(MAX_REPEAT)));
                    }
                    col = col.saturating_add(n);
                }
                _ => {}
            },
            Event::End(e) if AsRef::<str>::as_ref(&e.name()) == "table:table-row" => {
                if let Some(s) = &sheet {
                    let set = out.entry(s.clone()).or_default();
                    for k in 0..rows_here.min(MAX_REPEAT) {
                        for &(c, n) in &marks {
                            for j in 0..n {
                                set.insert((row + k, c + j));
                            }
                        }
                    }
                }
                row = row.saturating_add(rows_here);
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_found_through_repeats_and_covered_cells() {
        let xml = r#"<office:body><table:table table:name="Biểu 01">
            <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
            <table:table-row>
              <table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>x</text:p></table:table-cell>
              <table:covered-table-cell/>
              <table:table-cell office:value-type="percentage" office:value="0.9209"><text:p>92,09%</text:p></table:table-cell>
            </table:table-row>
            <table:table-row table:number-rows-repeated="2">
              <table:table-cell office:value-type="float" office:value="3"/>
              <table:table-cell office:value-type="percentage" office:value="0.5"/>
            </table:table-row>
          </table:table><table:table table:name="B"/></office:body>"#;
        let m = scan(xml.as_bytes());
        let s = &m["Biểu 01"];
        assert!(s.contains(&(2, 3)), "{s:?}");
        assert!(s.contains(&(3, 1)) && s.contains(&(4, 1)), "{s:?}");
        assert_eq!(s.len(), 3);
        assert!(percent_cells(b"not a zip").is_empty());
    }
}
