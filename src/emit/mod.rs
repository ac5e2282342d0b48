//! Stage 5 of the pipeline: **emit** — documents and findings out, as JSON,
//! JSON Lines, CSV (UTF-8 with BOM for Excel), rustc-style diagnostics, and
//! the HTML view of `cchc serve` and `--annotate OUT.html`.

pub mod csv_out;
pub mod diagnostics;
pub mod json;
pub mod places;
pub mod view;
