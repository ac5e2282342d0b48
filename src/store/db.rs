//! Opening the dataset (WAL, busy timeout, schema migration) and the writes
//! the import's single writer thread makes: one file's rows at a time, inside
//! a transaction the caller owns.
//!
//! Part of the **store** stage: it takes finished [`DocumentOutput`]s and
//! lays them out in the tables of [`super::schema`].

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

use crate::model::{DocumentOutput, ErrorKind, ReadError};

use super::schema;

/// Status of one path in `files`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Read; its document and figures are in the dataset.
    Ok,
    /// Could not be read (usefully); `reason` says why.
    Failed,
    /// Deliberately not read (a symlink, the database itself); `reason` says why.
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
        }
    }
}

/// Open (creating if needed) the dataset for writing and migrate it.
pub fn open(path: &Path) -> Result<Connection> {
    let mut conn =
        Connection::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    conn.busy_timeout(Duration::from_secs(30))?;
    // WAL: readers (an analyst's sqlite3 shell, `cchc export`) never block
    // the import; with WAL, NORMAL loses at most the last commits on power
    // loss and never corrupts, which an import simply redoes.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        bail!("{}: SQLite refused WAL mode ({mode})", path.display());
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    schema::migrate(&mut conn).with_context(|| format!("{}", path.display()))?;
    Ok(conn)
}

/// Open an existing dataset read-only (exports); refuses a file that is not
/// a dataset of the schema this build knows.
pub fn open_readonly(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        bail!("{}: no such database", path.display());
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {}", path.display()))?;
    conn.busy_timeout(Duration::from_secs(30))?;
    let v = schema::version(&conn).with_context(|| format!("{}", path.display()))?;
    if v != schema::SCHEMA_VERSION {
        bail!(
            "{}: schema version {v}, expected {} (run `cchc import` on it to migrate)",
            path.display(),
            schema::SCHEMA_VERSION
        );
    }
    Ok(conn)
}

/// What an earlier run recorded for a path.
#[derive(Clone, Debug, PartialEq)]
pub struct Prior {
    pub size: u64,
    pub mtime_ns: Option<i64>,
    pub sha256: Option<String>,
    pub status: String,
    pub reason: Option<String>,
}

/// Every recorded path, to decide without a query per file what is unchanged.
pub fn load_prior(conn: &Connection) -> Result<HashMap<String, Prior>> {
    let mut stmt =
        conn.prepare("SELECT path, size, mtime_ns, sha256, status, reason FROM files")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Prior {
                size: r.get::<_, i64>(1)? as u64,
                mtime_ns: r.get(2)?,
                sha256: r.get(3)?,
                status: r.get(4)?,
                reason: r.get(5)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Content hashes whose document is already stored.
pub fn known_documents(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT sha256 FROM documents")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Status, reason (error kinds, comma-separated) and message of a document
/// from its read errors: any fatal error makes the file `failed`.
pub fn classify(errors: &[ReadError]) -> (Status, Option<String>, Option<String>) {
    if errors.is_empty() {
        return (Status::Ok, None, None);
    }
    let fatal = errors.iter().find(|e| e.kind.is_fatal());
    let reason = errors
        .iter()
        .map(|e| e.kind.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let message = fatal.unwrap_or(&errors[0]).message.clone();
    let status = if fatal.is_some() {
        Status::Failed
    } else {
        Status::Ok
    };
    (status, Some(reason), Some(message))
}

/// One row of `files`.
#[derive(Clone, Debug)]
pub struct FileRow {
    pub path: String,
    pub sha256: Option<String>,
    pub size: u64,
    pub mtime_ns: Option<i64>,
    pub format: Option<String>,
    pub status: Status,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub hash_ms: Option<f64>,
    pub process_ms: Option<f64>,
}

/// Insert or replace the row of `row.path`; when the path pointed to other
/// content, that content's document goes too unless another path still
/// points to it.
pub fn upsert_file(tx: &Transaction, row: &FileRow) -> Result<()> {
    let old: Option<Option<String>> = tx
        .prepare_cached("SELECT sha256 FROM files WHERE path = ?1")?
        .query_row([&row.path], |r| r.get(0))
        .optional()?;
    tx.prepare_cached(
        "INSERT INTO files (path, sha256, size, mtime_ns, format, status, reason, message,
                            hash_ms, process_ms, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
         ON CONFLICT (path) DO UPDATE SET
            sha256 = excluded.sha256, size = excluded.size, mtime_ns = excluded.mtime_ns,
            format = excluded.format, status = excluded.status, reason = excluded.reason,
            message = excluded.message, hash_ms = excluded.hash_ms,
            process_ms = excluded.process_ms, imported_at = excluded.imported_at",
    )?
    .execute(params![
        row.path,
        row.sha256,
        row.size as i64,
        row.mtime_ns,
        row.format,
        row.status.as_str(),
        row.reason,
        row.message,
        row.hash_ms,
        row.process_ms,
    ])?;
    if let Some(Some(old_sha)) = old {
        if row.sha256.as_deref() != Some(old_sha.as_str()) {
            delete_if_orphan(tx, &old_sha)?;
        }
    }
    Ok(())
}

/// Record a new modification time for a path whose content did not change.
pub fn touch(tx: &Transaction, path: &str, mtime_ns: Option<i64>) -> Result<()> {
    tx.prepare_cached("UPDATE files SET mtime_ns = ?2 WHERE path = ?1")?
        .execute(params![path, mtime_ns])?;
    Ok(())
}

fn delete_if_orphan(tx: &Transaction, sha: &str) -> Result<()> {
    let used: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM files WHERE sha256 = ?1)")?
        .query_row([sha], |r| r.get(0))?;
    if !used {
        delete_document(tx, sha)?;
    }
    Ok(())
}

fn delete_document(tx: &Transaction, sha: &str) -> Result<()> {
    for sql in [
        "DELETE FROM figures WHERE document = ?1",
        "DELETE FROM findings WHERE document = ?1",
        "DELETE FROM documents WHERE sha256 = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([sha])?;
    }
    Ok(())
}

/// The stored format and read errors of a document, if it is stored.
pub fn document_errors(tx: &Transaction, sha: &str) -> Result<Option<(String, Vec<ReadError>)>> {
    let row: Option<(String, String)> = tx
        .prepare_cached("SELECT format, errors FROM documents WHERE sha256 = ?1")?
        .query_row([sha], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Ok(None),
        Some((format, errors)) => Ok(Some((format, serde_json::from_str(&errors)?))),
    }
}

/// Store one document with its figures and findings, replacing whatever was
/// stored under the same content hash.
pub fn replace_document(tx: &Transaction, doc: &DocumentOutput) -> Result<()> {
    let sha = doc.source.sha256.as_str();
    delete_document(tx, sha)?;
    let period = doc.document.period.clone().unwrap_or_default();
    tx.prepare_cached(
        "INSERT INTO documents (sha256, format, encoding, pages, bytes, kind, number, date,
            issuer, level, period_label, period_from, period_to, errors, schema, cchc_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        sha,
        doc.source.format.as_str(),
        doc.source.encoding,
        doc.source.pages as i64,
        doc.source.bytes as i64,
        doc.document.kind.as_str(),
        doc.document.number,
        doc.document.date,
        doc.document.issuer,
        doc.document.level,
        period.label,
        period.from,
        period.to,
        serde_json::to_string(&doc.errors)?,
        doc.schema,
        env!("CARGO_PKG_VERSION"),
    ])?;
    let mut fig = tx.prepare_cached(
        "INSERT INTO figures (document, seq, id, indicator, value, unit, role, qualifier, scope,
            section, period_label, period_from, period_to, page, line, span_start, span_end,
            value_page, value_line, value_start, value_end, decimals, text, rule, raw, cell)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
    )?;
    for (seq, f) in doc.figures.iter().enumerate() {
        let p = f.period.clone().unwrap_or_default();
        fig.execute(params![
            sha,
            seq as i64,
            f.id,
            f.indicator,
            f.value,
            f.unit,
            f.role.as_str(),
            f.qualifier.map(|q| q.as_str()),
            f.scope,
            f.section,
            p.label,
            p.from,
            p.to,
            f.span.page as i64,
            f.span.line as i64,
            f.span.start as i64,
            f.span.end as i64,
            f.value_span.page as i64,
            f.value_span.line as i64,
            f.value_span.start as i64,
            f.value_span.end as i64,
            f.decimals,
            f.text,
            f.rule,
            f.raw,
            doc.cell_of(f),
        ])?;
    }
    let mut find = tx.prepare_cached(
        "INSERT INTO findings (document, seq, rule, severity, message, figures, stated,
            computed, spans, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (seq, f) in doc.findings.iter().enumerate() {
        find.execute(params![
            sha,
            seq as i64,
            f.rule.as_str(),
            f.severity.as_str(),
            f.message,
            serde_json::to_string(&f.figures)?,
            f.stated,
            f.computed,
            serde_json::to_string(&f.spans)?,
            serde_json::to_string(&f.notes)?,
        ])?;
    }
    Ok(())
}

/// Parse a stored error kind (`files.reason`'s first entry); unknown → `io`.
pub fn error_kind(s: &str) -> ErrorKind {
    serde_json::from_value(serde_json::Value::String(s.to_string())).unwrap_or(ErrorKind::Io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ReadError;

    fn err(kind: ErrorKind) -> ReadError {
        ReadError::new(kind, format!("{kind:?}"))
    }

    #[test]
    fn fatal_errors_fail_and_non_fatal_keep_ok() {
        assert_eq!(classify(&[]).0, Status::Ok);
        let (s, reason, _) = classify(&[err(ErrorKind::LossyEncoding)]);
        assert_eq!((s, reason.as_deref()), (Status::Ok, Some("lossy_encoding")));
        let (s, reason, msg) =
            classify(&[err(ErrorKind::DamagedPages), err(ErrorKind::CorruptPdf)]);
        assert_eq!(s, Status::Failed);
        assert_eq!(reason.as_deref(), Some("damaged_pages,corrupt_pdf"));
        assert_eq!(msg.as_deref(), Some("CorruptPdf"));
    }

    fn doc(sha: &str) -> DocumentOutput {
        DocumentOutput {
            schema: crate::model::SCHEMA,
            source: crate::model::Source {
                sha256: sha.into(),
                ..Default::default()
            },
            document: Default::default(),
            figures: Vec::new(),
            findings: Vec::new(),
            errors: Vec::new(),
            cells: Default::default(),
        }
    }

    fn row(path: &str, sha: &str) -> FileRow {
        FileRow {
            path: path.into(),
            sha256: Some(sha.into()),
            size: 1,
            mtime_ns: Some(1),
            format: Some("txt".into()),
            status: Status::Ok,
            reason: None,
            message: None,
            hash_ms: None,
            process_ms: None,
        }
    }

    fn put(conn: &mut Connection, path: &str, sha: &str) {
        let tx = conn.transaction().unwrap();
        replace_document(&tx, &doc(sha)).unwrap();
        upsert_file(&tx, &row(path, sha)).unwrap();
        tx.commit().unwrap();
    }

    #[test]
    fn a_document_lives_while_a_path_points_to_it() {
        let mut conn = Connection::open_in_memory().unwrap();
        schema::migrate(&mut conn).unwrap();
        put(&mut conn, "/a", "s1");
        put(&mut conn, "/b", "s1");
        assert_eq!(known_documents(&conn).unwrap().len(), 1);
        put(&mut conn, "/a", "s2");
        let known = known_documents(&conn).unwrap();
        assert!(known.contains("s1") && known.contains("s2"));
        put(&mut conn, "/b", "s3");
        let mut known: Vec<_> = known_documents(&conn).unwrap().into_iter().collect();
        known.sort();
        assert_eq!(known, ["s2", "s3"]);
        assert_eq!(load_prior(&conn).unwrap().len(), 2);
    }

    #[test]
    fn error_kinds_round_trip_through_their_names() {
        assert_eq!(error_kind("encrypted_pdf"), ErrorKind::EncryptedPdf);
        assert_eq!(error_kind("no such kind"), ErrorKind::Io);
    }
}
