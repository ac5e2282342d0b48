//! Part of stage 5, **emit**: JSON (one array, written whole or one document
//! at a time) and JSON Lines (one document per line).

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

/// A pretty JSON array written one document at a time, byte for byte what
/// [`write_json`] writes for the whole list: a batch's documents go out as
/// each is done instead of all at the end.
#[derive(Debug, Default)]
pub struct ArrayWriter {
    written: usize,
}

impl ArrayWriter {
    /// Write one element.
    pub fn write<W: Write>(&mut self, mut w: W, doc: &DocumentOutput) -> io::Result<()> {
        w.write_all(if self.written == 0 {
            b"[\n  "
        } else {
            b",\n  "
        })?;
        let pretty = serde_json::to_string_pretty(doc)?;
        // Strings are escaped, so every line break is the printer's own.
        w.write_all(pretty.replace('\n', "\n  ").as_bytes())?;
        self.written += 1;
        Ok(())
    }

    /// Close the array.
    pub fn finish<W: Write>(self, mut w: W) -> io::Result<()> {
        w.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ReadError, Source};

    fn doc(path: &str) -> DocumentOutput {
        DocumentOutput {
            schema: 1,
            source: Source {
                path: path.into(),
                ..Source::default()
            },
            document: Default::default(),
            figures: Vec::new(),
            findings: Vec::new(),
            errors: vec![ReadError::new(crate::model::ErrorKind::Io, "a\nb")],
            cells: Default::default(),
        }
    }

    #[test]
    fn the_array_writer_writes_what_write_json_writes() {
        for n in 0..3 {
            let docs: Vec<DocumentOutput> = (0..n).map(|i| doc(&format!("{i}.txt"))).collect();
            let mut whole = Vec::new();
            write_json(&mut whole, &docs).unwrap();
            let mut streamed = Vec::new();
            let mut w = ArrayWriter::default();
            for d in &docs {
                w.write(&mut streamed, d).unwrap();
            }
            w.finish(&mut streamed).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
}
