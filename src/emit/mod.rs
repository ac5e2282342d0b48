//! Stage 5 of the pipeline: **emit** — documents and findings out, as JSON,
//! JSON Lines, CSV (UTF-8 with BOM for Excel), rustc-style diagnostics, the
//! HTML view of `cchc serve` and `--annotate OUT.html`, Word comments for
//! `--annotate OUT.docx`, and the analysts' tables ([`rows`]: documents,
//! figures, findings, indicators, the wide panel) as XLSX ([`xlsx_out`]),
//! Parquet ([`parquet_out`]) or CSV, through one [`sink::Sink`].

pub mod csv_out;
pub mod diagnostics;
pub mod docx_comments;
pub mod json;
pub mod parquet_out;
pub mod places;
pub mod rows;
pub mod sink;
pub mod summary;
pub mod view;
pub mod xlsx_out;
