//! JSON (one array) and JSON Lines (one document per line).

use std::io::{self, Write};

use crate::model::DocumentOutput;

/// Write documents as one pretty JSON array.
pub fn write_json<W: Write>(mut w: W, docs: &[DocumentOutput]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, docs)?;
    w.write_all(b"\n")
}

/// Write one document as one line of JSON.
pub fn write_jsonl_line<W: Write>(mut w: W, doc: &DocumentOutput) -> io::Result<()> {
    serde_json::to_writer(&mut w, doc)?;
    w.write_all(b"\n")
}
