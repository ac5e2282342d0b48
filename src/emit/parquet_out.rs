//! Stage 5, **emit**: Parquet for DuckDB and Spark (`--format parquet -o
//! DIR`) — one file per table (`documents`, `figures`, `findings`, and the
//! `indicators` dictionary beside them) with proper types: texts as UTF-8
//! strings, counts as INT64, values as DOUBLE (percentages 0–100 as in
//! JSON), dates as DATE; the indicator, unit, role and other few-valued
//! columns dictionary-encoded, the rest plain, Snappy-compressed.
//!
//! Written with the parquet crate's column writers (no Arrow): each table
//! buffers at most [`ROW_GROUP`] rows before writing them as a row group,
//! so memory stays bounded whatever the size of the archive.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{ColumnPath, Type};

use super::rows::{self, days_from_iso, dictionary, Cell, Kind, Table};
use super::sink::Sink;
use crate::model::DocumentOutput;
use crate::registry::Registry;

/// Rows buffered per table before they are written as one row group.
pub const ROW_GROUP: usize = 65_536;

/// One column's buffered values and definition levels (0 = null).
enum Values {
    Text(Vec<ByteArray>),
    Int(Vec<i64>),
    Float(Vec<f64>),
    Date(Vec<i32>),
}

struct Buffer {
    values: Values,
    defined: Vec<i16>,
}

impl Buffer {
    fn new(kind: Kind) -> Buffer {
        Buffer {
            values: match kind {
                Kind::Text => Values::Text(Vec::new()),
                Kind::Int => Values::Int(Vec::new()),
                Kind::Float => Values::Float(Vec::new()),
                Kind::Date => Values::Date(Vec::new()),
            },
            defined: Vec::new(),
        }
    }

    fn push(&mut self, cell: &Cell) {
        let ok = match (&mut self.values, cell) {
            (Values::Text(v), Cell::Text(s) | Cell::Date(s)) => {
                v.push(ByteArray::from(s.as_str()));
                true
            }
            (Values::Int(v), Cell::Int(i)) => {
                v.push(*i);
                true
            }
            (Values::Float(v), Cell::Float(x) | Cell::Percent(x, _)) if x.is_finite() => {
                v.push(*x);
                true
            }
            (Values::Date(v), Cell::Date(s)) => match days_from_iso(s) {
                Some(d) => {
                    v.push(d);
                    true
                }
                None => false,
            },
            _ => false,
        };
        self.defined.push(i16::from(ok));
    }

    fn clear(&mut self) {
        match &mut self.values {
            Values::Text(v) => v.clear(),
            Values::Int(v) => v.clear(),
            Values::Float(v) => v.clear(),
            Values::Date(v) => v.clear(),
        }
        self.defined.clear();
    }
}

/// One table's file being written.
struct TableFile {
    writer: SerializedFileWriter<BufWriter<File>>,
    columns: Vec<Buffer>,
    rows: usize,
}

fn schema(table: &Table) -> Result<Type> {
    let fields = table
        .columns
        .iter()
        .map(|c| {
            let (physical, logical) = match c.kind {
                Kind::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                Kind::Int => (Physical::INT64, None),
                Kind::Float => (Physical::DOUBLE, None),
                Kind::Date => (Physical::INT32, Some(LogicalType::Date)),
            };
            Ok(Arc::new(
                Type::primitive_type_builder(&c.name, physical)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_logical_type(logical)
                    .build()?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Type::group_type_builder("schema")
        .with_fields(fields)
        .build()?)
}

impl TableFile {
    fn create(path: &Path, table: &Table) -> Result<TableFile> {
        let file =
            File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
        let mut props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_dictionary_enabled(false)
            .set_created_by(format!("cchc {}", env!("CARGO_PKG_VERSION")));
        for c in table.columns.iter().filter(|c| c.dictionary) {
            props = props.set_column_dictionary_enabled(ColumnPath::from(c.name.as_str()), true);
        }
        let writer = SerializedFileWriter::new(
            BufWriter::new(file),
            Arc::new(schema(table)?),
            Arc::new(props.build()),
        )?;
        Ok(TableFile {
            writer,
            columns: table.columns.iter().map(|c| Buffer::new(c.kind)).collect(),
            rows: 0,
        })
    }

    fn push(&mut self, cells: &[Cell]) -> Result<()> {
        if cells.len() != self.columns.len() {
            bail!(
                "a row of {} cells for {} columns",
                cells.len(),
                self.columns.len()
            );
        }
        for (b, c) in self.columns.iter_mut().zip(cells) {
            b.push(c);
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// Write the buffered rows as one row group.
    fn flush(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        let mut k = 0;
        while let Some(mut col) = group.next_column()? {
            let b = &self.columns[k];
            let def = Some(b.defined.as_slice());
            match &b.values {
                Values::Text(v) => {
                    col.typed::<ByteArrayType>().write_batch(v, def, None)?;
                }
                Values::Int(v) => {
                    col.typed::<Int64Type>().write_batch(v, def, None)?;
                }
                Values::Float(v) => {
                    col.typed::<DoubleType>().write_batch(v, def, None)?;
                }
                Values::Date(v) => {
                    col.typed::<Int32Type>().write_batch(v, def, None)?;
                }
            }
            col.close()?;
            k += 1;
        }
        group.close()?;
        for b in &mut self.columns {
            b.clear();
        }
        self.rows = 0;
        Ok(())
    }

    fn close(mut self) -> Result<()> {
        self.flush()?;
        self.writer.close()?;
        Ok(())
    }
}

/// `documents.parquet`, `figures.parquet`, `findings.parquet` and
/// `indicators.parquet` in one folder.
pub struct ParquetSink {
    dir: PathBuf,
    tables: Vec<TableFile>,
}

impl ParquetSink {
    /// Create `dir` if needed and open the table files in it.
    pub fn create(dir: &Path) -> Result<ParquetSink> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
        let tables = [rows::documents(), rows::figures(), rows::findings()]
            .iter()
            .map(|t| TableFile::create(&dir.join(format!("{}.parquet", t.name)), t))
            .collect::<Result<Vec<_>>>()?;
        Ok(ParquetSink {
            dir: dir.to_path_buf(),
            tables,
        })
    }
}

impl Sink for ParquetSink {
    fn add(&mut self, doc: &DocumentOutput) -> Result<()> {
        self.tables[0].push(&rows::document_row(doc))?;
        for r in rows::figure_rows(doc) {
            self.tables[1].push(&r)?;
        }
        for r in rows::finding_rows(doc) {
            self.tables[2].push(&r)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        for t in self.tables {
            t.close()?;
        }
        let table = dictionary::indicators();
        let mut dict = TableFile::create(&self.dir.join("indicators.parquet"), &table)?;
        for r in dictionary::indicator_rows(Registry::builtin()) {
            dict.push(&r)?;
        }
        dict.close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn the_dictionary_file_has_every_indicator_and_dictionary_encoded_families() {
        let dir = tempfile::tempdir().unwrap();
        Box::new(ParquetSink::create(dir.path()).unwrap())
            .finish()
            .unwrap();
        let f = File::open(dir.path().join("indicators.parquet")).unwrap();
        let r = SerializedFileReader::new(f).unwrap();
        let md = r.metadata();
        assert_eq!(
            md.file_metadata().num_rows() as usize,
            Registry::builtin().indicators.len()
        );
        let rg = md.row_group(0);
        let family = rg.column(1);
        assert!(family.dictionary_page_offset().is_some());
        assert!(rg.column(0).dictionary_page_offset().is_none());
        let docs = File::open(dir.path().join("figures.parquet")).unwrap();
        assert_eq!(
            SerializedFileReader::new(docs)
                .unwrap()
                .metadata()
                .file_metadata()
                .num_rows(),
            0
        );
    }
}
