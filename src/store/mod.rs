//! SQLite dataset for bulk imports (`cchc import` / `cchc export`), the
//! **store** end of the pipeline next to `emit`: one row per file, document
//! (by content hash), figure and finding; idempotent, incremental and
//! crash-safe. The schema is documented in `docs/store.md`.
//!
//! - [`schema`]: DDL, version (`PRAGMA user_version`), migrations
//! - [`db`]: opening (WAL) and the writes of one file
//! - [`import`]: walk, parallel processing, single writer
//! - [`lock`]: one import at a time per database
//! - [`export`]: streaming JSONL / CSV out
//! - [`progress`]: progress bar or plain lines

pub mod db;
pub mod export;
pub mod import;
pub mod lock;
pub mod progress;
pub mod schema;

pub use export::{export, ExportFormat};
pub use import::{import, ImportOptions, Summary};
