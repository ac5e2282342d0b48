//! End-to-end tests of `cchc export` after `cchc import`, running the binary:
//! the exports give exactly what `cchc extract` gives for the same files, and
//! the analyst queries of `docs/store.md` run on an imported corpus.

mod import_support;

use std::path::{Path, PathBuf};

use import_support::*;

/// Seeds plus an unreadable file, flat, imported; returns (archive, db).
fn imported(tmp: &Path) -> (PathBuf, PathBuf) {
    let arch = tmp.join("archive");
    std::fs::create_dir_all(&arch).unwrap();
    copy_seeds(&arch);
    std::fs::write(arch.join("rỗng.txt"), b"").unwrap();
    let arch = std::fs::canonicalize(&arch).unwrap();
    let db = tmp.join("cchc.sqlite");
    import(&arch, &db, &["--quiet"]);
    (arch, db)
}

fn stdout_of(cmd: &mut std::process::Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn export(db: &Path, args: &[&str]) -> String {
    String::from_utf8(export_bytes(db, args)).unwrap()
}

#[test]
fn exports_equal_what_extract_prints_for_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (arch, db) = imported(tmp.path());
    // `extract` exits 2 because of the empty file; its output is what counts.
    let extract = |args: &[&str]| stdout_of(cchc().arg("extract").arg(&arch).args(args));

    let jsonl = export(&db, &[]);
    assert_eq!(jsonl.lines().count(), 6);
    assert_eq!(jsonl, extract(&["--format", "jsonl"]));
    let figures = jsonl.matches("\"indicator\"").count();
    assert!(figures > 50, "{figures} figures");

    assert_eq!(
        export(&db, &["--format", "csv"]),
        extract(&["--format", "csv"])
    );
    let findings = export(&db, &["--format", "csv", "--findings"]);
    assert!(findings.lines().count() > 1);
    assert_eq!(findings, extract(&["--format", "csv", "--findings"]));

    // One file on its own, and -o.
    let one = arch.join("003.txt");
    let single = stdout_of(cchc().arg("extract").arg(&one).args(["--format", "jsonl"]));
    let out = tmp.path().join("all.jsonl");
    export(&db, &["-o", out.to_str().unwrap()]);
    let written = std::fs::read_to_string(out).unwrap();
    assert!(written.lines().any(|l| format!("{l}\n") == single));
}

#[test]
fn export_refuses_what_is_not_a_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let not_db = tmp.path().join("x.sqlite");
    std::fs::write(&not_db, "not a database").unwrap();
    for db in [not_db, tmp.path().join("missing.sqlite")] {
        let out = cchc().arg("export").arg("--db").arg(&db).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cchc: error:"));
    }
}

/// The ```sql blocks of the analyst-queries section of docs/store.md.
fn documented_queries() -> Vec<String> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/store.md"))
        .unwrap();
    let start = doc.find("## Queries a ward analyst runs").unwrap();
    let section = &doc[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    section
        .split("```sql\n")
        .skip(1)
        .map(|b| b[..b.find("```").unwrap()].to_string())
        .collect()
}

#[test]
fn the_documented_analyst_queries_run_on_an_imported_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let arch = tmp.path().join("archive");
    std::fs::create_dir_all(&arch).unwrap();
    copy_seeds(&arch);
    // The same ward one quarter later, with a lower digitization rate.
    let q4 = std::fs::read_to_string(corpus("003.txt"))
        .unwrap()
        .replace("quý III", "quý IV")
        .replace("68,99", "50,25");
    std::fs::write(arch.join("003-quy-4.txt"), q4).unwrap();
    let db = tmp.path().join("cchc.sqlite");
    import(&arch, &db, &["--quiet"]);
    let conn = open(&db);

    let queries = documented_queries();
    assert_eq!(queries.len(), 3);
    let on_time = rows(&conn, &queries[0]);
    assert!(
        on_time
            .iter()
            .any(|r| r.contains("Phổ Minh") && r.contains("2023-Q3")),
        "{on_time:#?}"
    );
    let fell = rows(&conn, &queries[1]);
    assert_eq!(fell.len(), 1, "{fell:#?}");
    assert!(fell[0].contains("Phổ Minh") && fell[0].contains("68.99") && fell[0].contains("50.25"));
    let errors = rows(&conn, &queries[2]);
    assert!(!errors.is_empty(), "the seeds have error findings");
}
