//! The SQLite schema of an import dataset, its version (`PRAGMA user_version`)
//! and the migrations that bring an older database up to date.
//!
//! Part of the **store** stage (after validate): nothing here knows how
//! figures are made, only how they are laid out for analysts.

use anyhow::{bail, Context, Result};
use rusqlite::Connection;

/// The schema version this build writes; `MIGRATIONS[v - 1]` upgrades v-1 → v.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Each entry upgrades the database by one version. Append, never edit:
/// databases in the field were made by the earlier entries.
const MIGRATIONS: &[&str] = &[V1, V2];

const V1: &str = r#"
CREATE TABLE files (
    path        TEXT PRIMARY KEY,
    sha256      TEXT,
    size        INTEGER NOT NULL,
    mtime_ns    INTEGER,
    format      TEXT,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),
    reason      TEXT,
    message     TEXT,
    hash_ms     REAL,
    process_ms  REAL,
    imported_at TEXT NOT NULL
);
CREATE INDEX files_sha256 ON files(sha256);
CREATE INDEX files_status ON files(status, reason);

CREATE TABLE documents (
    sha256       TEXT PRIMARY KEY,
    format       TEXT NOT NULL,
    encoding     TEXT,
    pages        INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    number       TEXT,
    date         TEXT,
    issuer       TEXT,
    level        TEXT,
    period_label TEXT,
    period_from  TEXT,
    period_to    TEXT,
    errors       TEXT NOT NULL,
    schema       INTEGER NOT NULL,
    cchc_version TEXT NOT NULL
);
CREATE INDEX documents_issuer ON documents(issuer, period_from);

CREATE TABLE figures (
    document     TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    id           TEXT NOT NULL,
    indicator    TEXT NOT NULL,
    value        REAL,
    unit         TEXT NOT NULL,
    role         TEXT NOT NULL,
    qualifier    TEXT,
    scope        TEXT,
    section      TEXT,
    period_label TEXT,
    period_from  TEXT,
    period_to    TEXT,
    page         INTEGER NOT NULL,
    line         INTEGER NOT NULL,
    span_start   INTEGER NOT NULL,
    span_end     INTEGER NOT NULL,
    value_page   INTEGER NOT NULL,
    value_line   INTEGER NOT NULL,
    value_start  INTEGER NOT NULL,
    value_end    INTEGER NOT NULL,
    decimals     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    rule         TEXT NOT NULL,
    raw          TEXT NOT NULL,
    PRIMARY KEY (document, seq)
);
CREATE INDEX figures_indicator ON figures(indicator);

CREATE TABLE findings (
    document  TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    rule      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    message   TEXT NOT NULL,
    figures   TEXT NOT NULL,
    stated    REAL,
    computed  REAL,
    spans     TEXT NOT NULL,
    notes     TEXT NOT NULL,
    PRIMARY KEY (document, seq)
);
CREATE INDEX findings_severity ON findings(severity, rule);
"#;

/// Figures read from a workbook name their cell ("Biểu 01!D12"); NULL for
/// other inputs and for figures imported before.
const V2: &str = "ALTER TABLE figures ADD COLUMN cell TEXT;";

/// The version stored in the database (0 for a new, empty file).
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Bring the database to [`SCHEMA_VERSION`], one transaction per step, so a
/// crash mid-migration leaves the previous version intact.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        bail!(
            "the database has schema version {current}, newer than this cchc understands \
             ({SCHEMA_VERSION}); use a newer cchc"
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let to = i as i64 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .with_context(|| format!("migrating the database to schema version {to}"))?;
        tx.pragma_update(None, "user_version", to)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_database_gets_latest_version_and_tables() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
                 AND name IN ('files', 'documents', 'figures', 'findings')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 4);
        // A second migrate is a no-op, not a "table exists" error.
        migrate(&mut conn).unwrap();
    }

    #[test]
    fn newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err().to_string();
        assert!(err.contains("newer"), "{err}");
    }
}
