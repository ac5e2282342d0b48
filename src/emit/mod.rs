//! Stage 5 of the pipeline: **emit** — documents and findings out, as JSON,
//! JSON Lines, CSV (UTF-8 with BOM for Excel), rustc-style diagnostics, the
//! HTML view of `cchc serve` and `--annotate OUT.html`, and Word comments
//! for `--annotate OUT.docx`.

pub mod csv_out;
pub mod diagnostics;
pub mod docx_comments;
pub mod json;
pub mod places;
pub mod summary;
pub mod view;
