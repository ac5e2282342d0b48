//! Stage 5 of the pipeline: **emit** — documents and findings out, as JSON,
//! JSON Lines, CSV (UTF-8 with BOM for Excel) and rustc-style diagnostics.

pub mod csv_out;
pub mod diagnostics;
pub mod json;
pub mod summary;
