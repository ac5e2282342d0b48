//! End-to-end tests of `cchc import` on real reports, running the binary:
//! idempotent re-runs, a changed file replacing only its rows, duplicate
//! content stored once, broken files recorded, and a SIGKILLed import that
//! resumes to the same database as an uninterrupted one.

mod import_support;

use std::path::Path;
use std::time::{Duration, Instant};

use import_support::*;

fn sha_of(conn: &rusqlite::Connection, path: &Path) -> String {
    conn.query_row(
        "SELECT sha256 FROM files WHERE path = ?1",
        [path.to_str().unwrap()],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn reimport_is_a_no_op_and_a_changed_file_replaces_only_its_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let arch = tmp.path().join("archive");
    std::fs::create_dir_all(arch.join("bản sao")).unwrap();
    copy_seeds(&arch);
    // The same content under a second path is stored once.
    let dup = arch.join("bản sao").join("báo cáo quý III.txt");
    std::fs::copy(corpus("003.txt"), &dup).unwrap();
    let arch = std::fs::canonicalize(&arch).unwrap();
    let dup = arch.join("bản sao").join("báo cáo quý III.txt");
    let db = tmp.path().join("cchc.sqlite");

    let first = import(&arch, &db, &["--jobs", "2"]);
    assert_eq!(summary_count(&first, "imported"), 6, "{first}");
    let conn = open(&db);
    assert_eq!(count(&conn, "SELECT count(*) FROM files"), 6);
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 5);
    assert_eq!(sha_of(&conn, &dup), sha_of(&conn, &arch.join("003.txt")));
    let figures = count(&conn, "SELECT count(*) FROM figures");
    assert!(figures > 50, "only {figures} figures from the five seeds");
    drop(conn);

    // Second run: nothing read, nothing written.
    let before = dump(&db);
    let times = rows(
        &open(&db),
        "SELECT path, imported_at FROM files ORDER BY path",
    );
    let second = import(&arch, &db, &[]);
    assert_eq!(summary_count(&second, "imported"), 0, "{second}");
    assert_eq!(summary_count(&second, "unchanged"), 6, "{second}");
    assert_eq!(dump(&db), before);

    // Rewritten with the same bytes (new mtime): hashed, still unchanged.
    std::fs::write(
        arch.join("000.txt"),
        std::fs::read(corpus("000.txt")).unwrap(),
    )
    .unwrap();
    let touched = import(&arch, &db, &[]);
    assert_eq!(summary_count(&touched, "unchanged"), 6, "{touched}");
    let conn = open(&db);
    assert_eq!(
        rows(&conn, "SELECT path, imported_at FROM files ORDER BY path"),
        times
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM figures"), figures);

    // A changed file replaces its own rows in one go; nothing else moves.
    let changed = arch.join("004.txt");
    let old_sha = sha_of(&conn, &changed);
    let others_files =
        "SELECT path, sha256, imported_at FROM files WHERE path NOT LIKE '%/004.txt' ORDER BY path";
    let others_figures =
        format!("SELECT * FROM figures WHERE document <> '{old_sha}' ORDER BY document, seq");
    let files_before = rows(&conn, others_files);
    let figures_before = rows(&conn, &others_figures);
    drop(conn);
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nTổng số hồ sơ tiếp nhận trong năm: 1.234 hồ sơ.\n");
    std::fs::write(&changed, text).unwrap();
    let third = import(&arch, &db, &[]);
    assert_eq!(summary_count(&third, "imported"), 1, "{third}");
    assert_eq!(summary_count(&third, "unchanged"), 5, "{third}");
    let conn = open(&db);
    let new_sha = sha_of(&conn, &changed);
    assert_ne!(new_sha, old_sha);
    for table in [
        "documents WHERE sha256",
        "figures WHERE document",
        "findings WHERE document",
    ] {
        let sql = format!("SELECT count(*) FROM {table} = '{old_sha}'");
        assert_eq!(count(&conn, &sql), 0, "{sql}");
    }
    let new_figures = format!("SELECT count(*) FROM figures WHERE document = '{new_sha}'");
    assert!(count(&conn, &new_figures) > 0);
    assert_eq!(rows(&conn, others_files), files_before);
    let others_figures =
        format!("SELECT * FROM figures WHERE document <> '{new_sha}' ORDER BY document, seq");
    assert_eq!(rows(&conn, &others_figures), figures_before);
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 5);
    drop(conn);

    // Changing one of two paths with the same content keeps the shared document.
    let shared = sha_of(&open(&db), &dup);
    std::fs::write(&dup, "Báo cáo khác.\n").unwrap();
    import(&arch, &db, &[]);
    let conn = open(&db);
    let still = format!("SELECT count(*) FROM documents WHERE sha256 = '{shared}'");
    assert_eq!(count(&conn, &still), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 6);
}

#[test]
fn broken_files_are_recorded_with_a_reason_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let arch = tmp.path().join("archive");
    std::fs::create_dir_all(&arch).unwrap();
    std::fs::copy(corpus("003.txt"), arch.join("003.txt")).unwrap();
    std::fs::write(arch.join("empty.pdf"), b"").unwrap();
    std::fs::write(arch.join(".hidden-empty.txt"), b"").unwrap();
    let mut x: u32 = 12345;
    let noise: Vec<u8> = (0..65536)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    std::fs::write(arch.join("random-bytes.pdf"), noise).unwrap();
    // The shared broken fixtures, when this checkout has them.
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    if let Ok(entries) = std::fs::read_dir(&bad) {
        std::fs::create_dir_all(arch.join("bad")).unwrap();
        for e in entries {
            let e = e.unwrap();
            std::fs::copy(e.path(), arch.join("bad").join(e.file_name())).unwrap();
        }
    }
    let arch = std::fs::canonicalize(&arch).unwrap();
    let db = tmp.path().join("cchc.sqlite");
    let on_disk = walk_count(&arch);

    let summary = import(&arch, &db, &[]);
    assert_eq!(
        summary_count(&summary, "seen") as usize,
        on_disk,
        "{summary}"
    );
    let conn = open(&db);
    assert_eq!(count(&conn, "SELECT count(*) FROM files") as usize, on_disk);
    let empty = rows(
        &conn,
        "SELECT status, reason FROM files WHERE path LIKE '%/empty.pdf' OR path LIKE '%/.hidden-empty.txt'",
    );
    assert!(!empty.is_empty());
    for r in empty {
        assert_eq!(r, r#"Text("failed") | Text("empty_file")"#);
    }
    // Every failure says why, in words.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM files WHERE status = 'failed' \
             AND (coalesce(reason, '') = '' OR coalesce(message, '') = '')"
        ),
        0
    );
    let ok = rows(
        &conn,
        "SELECT status FROM files WHERE path LIKE '%/003.txt'",
    );
    assert_eq!(ok, vec![r#"Text("ok")"#.to_string()]);
    assert!(summary.contains("empty_file: "), "{summary}");
    drop(conn);

    // Failures are properties of the bytes: a re-run does not retry them.
    let before = dump(&db);
    let again = import(&arch, &db, &[]);
    assert_eq!(
        summary_count(&again, "unchanged") as usize,
        on_disk,
        "{again}"
    );
    // --reprocess redoes everything and arrives at the same rows.
    let redo = import(&arch, &db, &["--reprocess"]);
    assert_eq!(summary_count(&redo, "unchanged"), 0, "{redo}");
    assert_eq!(dump(&db), before);
}

fn walk_count(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        n += if p.is_dir() { walk_count(&p) } else { 1 };
    }
    n
}

/// 20 distinct reports in nested folders.
fn archive_of_twenty(arch: &Path) {
    for i in 0..4 {
        let sub = arch.join(format!("{}", 2020 + i));
        std::fs::create_dir_all(&sub).unwrap();
        for s in SEEDS {
            let mut text = std::fs::read_to_string(corpus(s)).unwrap();
            text.push_str(&format!("\nHồ sơ lưu trữ số {i}.\n"));
            std::fs::write(sub.join(s), text).unwrap();
        }
    }
}

#[cfg(unix)]
#[test]
fn an_import_killed_midway_resumes_to_the_same_database() {
    let tmp = tempfile::tempdir().unwrap();
    let arch = tmp.path().join("archive");
    archive_of_twenty(&arch);
    let reference = tmp.path().join("reference.sqlite");
    import(&arch, &reference, &["--jobs", "2", "--quiet"]);

    let db = tmp.path().join("killed.sqlite");
    let mut child = cchc()
        .arg("import")
        .arg(&arch)
        .arg("--db")
        .arg(&db)
        .args(["--jobs", "2", "--quiet"])
        .env("CCHC_TEST_IMPORT_DELAY_MS", "400")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let committed = loop {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "import never committed"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "import ended before the kill"
        );
        let n = db
            .exists()
            .then(|| {
                rusqlite::Connection::open_with_flags(
                    &db,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )
                .ok()?
                .query_row("SELECT count(*) FROM files", [], |r| r.get::<_, i64>(0))
                .ok()
            })
            .flatten()
            .unwrap_or(0);
        if n >= 4 {
            break n;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let conn = open(&db);
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let partial = count(&conn, "SELECT count(*) FROM files");
    assert!(
        partial >= committed && partial < 20,
        "{partial} files after the kill"
    );
    // No half-written file: every recorded ok file has its document.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM files f LEFT JOIN documents d ON d.sha256 = f.sha256 \
             WHERE f.status = 'ok' AND d.sha256 IS NULL"
        ),
        0
    );
    drop(conn);

    let resumed = import(&arch, &db, &["--jobs", "2"]);
    assert_eq!(
        summary_count(&resumed, "unchanged") as i64,
        partial,
        "{resumed}"
    );
    assert_eq!(
        summary_count(&resumed, "imported") as i64,
        20 - partial,
        "{resumed}"
    );
    assert_eq!(dump(&db), dump(&reference));
}
