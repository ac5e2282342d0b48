//! SQLite dataset for bulk imports (`cchc import` / `cchc export`): one row
//! per file, document, figure and finding; idempotent by content hash.
