//! Helpers shared by the import/export end-to-end tests: run the real
//! binary, build small archives from the seed corpus, dump a database.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

pub fn cchc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
}

pub fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

pub const SEEDS: [&str; 5] = ["000.txt", "001.txt", "002.txt", "003.txt", "004.txt"];

/// Copy the seed reports into `dir` (flat).
pub fn copy_seeds(dir: &Path) {
    for s in SEEDS {
        std::fs::copy(corpus(s), dir.join(s)).unwrap();
    }
}

/// Run `cchc import DIR --db DB` with extra args; panics on failure.
pub fn import(dir: &Path, db: &Path, extra: &[&str]) -> String {
    let out = cchc()
        .arg("import")
        .arg(dir)
        .arg("--db")
        .arg(db)
        .args(extra)
        .output()
        .unwrap();
    assert_ok(&out);
    String::from_utf8(out.stderr).unwrap()
}

pub fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The count printed after `label:` in an import summary.
pub fn summary_count(stderr: &str, label: &str) -> u64 {
    stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix(label)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} in summary:\n{stderr}"))
}

pub fn open(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// Every row of a query, each value rendered, for exact comparisons.
pub fn rows(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        let vals: Vec<String> = (0..n)
            .map(|i| format!("{:?}", r.get::<_, Value>(i).unwrap()))
            .collect();
        Ok(vals.join(" | "))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

pub fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The dataset's content, without timings and import times (which differ
/// between two runs that did the same work).
pub fn dump(db: &Path) -> Vec<String> {
    let conn = open(db);
    let mut out = Vec::new();
    for sql in [
        "SELECT path, sha256, size, mtime_ns, format, status, reason, message FROM files ORDER BY path",
        "SELECT * FROM documents ORDER BY sha256",
        "SELECT * FROM figures ORDER BY document, seq",
        "SELECT * FROM findings ORDER BY document, seq",
    ] {
        out.push(format!("-- {sql}"));
        out.extend(rows(&conn, sql));
    }
    out
}

/// `cchc export --db DB ARGS…`'s standard output (the run must succeed).
pub fn export_bytes(db: &Path, args: &[&str]) -> Vec<u8> {
    let out = cchc()
        .arg("export")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert_ok(&out);
    out.stdout
}
