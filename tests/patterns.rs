//! Every rule of `patterns/*.toml` passes its own examples and
//! counterexamples, through the library and through `cchc patterns test`.

use std::process::Command;

use cchc::extract::{selftest, RuleSet};

fn cchc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
}

#[test]
fn builtin_rules_pass_their_examples() {
    let rules = RuleSet::builtin().expect("built-in rules compile");
    let report = selftest::run(&rules);
    let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        report.examples >= rules.rules.len(),
        "every rule has examples"
    );
}

#[test]
fn every_rule_has_an_example() {
    let rules = RuleSet::builtin().unwrap();
    for r in &rules.rules {
        assert!(!r.def.examples.is_empty(), "{} has no example", r.name());
    }
}

#[test]
fn patterns_folder_matches_the_builtin_set() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/patterns");
    let out = cchc()
        .args(["patterns", "test", "--dir", dir])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains(" 0 failed"), "{stdout}");
    let builtin = cchc().args(["patterns", "test"]).output().unwrap();
    assert!(builtin.status.success());
    assert_eq!(String::from_utf8_lossy(&builtin.stdout), stdout);
}

#[test]
fn a_failing_example_fails_the_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        r#"
[[rule]]
id = "wrong-value"
indicator = "dossiers.received_total"
unit = "ho_so"
pattern = 'tiếp\s+nhận\s+(?P<value>[0-9]+)\s+hồ\s+sơ'
examples = [{ text = "tiếp nhận 12 hồ sơ", value = 13 }]
counterexamples = ["tiếp nhận 5 hồ sơ"]
"#,
    )
    .unwrap();
    let out = cchc()
        .args(["patterns", "test", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("expected dossiers.received_total = 13"),
        "{stdout}"
    );
    assert!(stdout.contains("counterexample matched"), "{stdout}");
    assert!(stdout.contains("2 failed"), "{stdout}");
}

#[test]
fn a_broken_pattern_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.toml"),
        "[[rule]]\nid = \"x\"\nindicator = \"a.b\"\nunit = \"count\"\npattern = '(?P<value>[0-9]+'\n",
    )
    .unwrap();
    let out = cchc()
        .args(["patterns", "test", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rule x"));
}

/// `patterns test` also runs the examples of `relations.toml` and
/// `shares.toml`: a relation example that is wrong makes it fail.
#[test]
fn a_wrong_relation_example_fails_patterns_test() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/patterns");
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let rel = dir.path().join("relations.toml");
    let text = std::fs::read_to_string(&rel).unwrap();
    let broken = text.replacen(
        "\"dossiers.received_new\" = 3954 }, holds = true",
        "\"dossiers.received_new\" = 3954 }, holds = false",
        1,
    );
    assert_ne!(text, broken, "the example to break is in relations.toml");
    std::fs::write(&rel, broken).unwrap();
    let out = cchc()
        .args(["patterns", "test", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL relation"), "{stdout}");
}

#[test]
fn explain_reads_a_file_through_its_reader_or_says_why_not() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // An HTML rendering of a seed: its numbers, each with its line.
    let out = cchc()
        .args(["patterns", "explain", "--file"])
        .arg(root.join("tests/fixtures/html/003.html"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("327") && l.contains("dossiers.received_total")),
        "{stdout}"
    );
    // A file nothing can be read from: the read error, exit 2, no numbers.
    let out = cchc()
        .args(["patterns", "explain", "--file"])
        .arg(root.join("tests/fixtures/bad/encrypted-userpw.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot read") && stderr.contains("[encrypted_pdf]"),
        "{stderr}"
    );
}
