//! `cchc check --annotate`: the Word copy carries one comment per place a
//! finding points at, anchored on the figure's digits, and otherwise reads
//! as the same document (re-read by cchc's own DOCX reader); its package
//! is consistent (content types, relationships, comment ids); the HTML
//! copy is the page's view in one file.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use cchc::emit::places::places;
use cchc::model::DocumentOutput;
use quick_xml::events::Event;
use quick_xml::Reader;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn cchc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
}

fn extract(path: &Path) -> DocumentOutput {
    let out = cchc()
        .args(["extract", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let mut docs: Vec<DocumentOutput> = serde_json::from_slice(&out.stdout).unwrap();
    docs.remove(0)
}

fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().into_owned(), b)
        })
        .collect()
}

fn utf8(p: &[u8]) -> &str {
    std::str::from_utf8(p).unwrap()
}

/// Attribute `key` (local name) of every element named `local` in `xml`.
fn attr_of(xml: &str, local: &str, key: &str) -> Vec<String> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let name: &str = e.name().as_ref().to_owned().leak();
                if name.rsplit(':').next() == Some(local) {
                    for a in e.attributes().flatten() {
                        let k: &str = a.key.as_ref();
                        if k.rsplit(':').next() == Some(key) {
                            out.push(a.value.clone().into_owned());
                        }
                    }
                }
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

/// For each comment id in document.xml: the text between its range start
/// and end, and how many starts, ends and references it has.
fn anchors(xml: &str) -> HashMap<String, (String, usize, usize, usize)> {
    let mut r = Reader::from_str(xml);
    let mut out: HashMap<String, (String, usize, usize, usize)> = HashMap::new();
    let mut open: Vec<String> = Vec::new();
    let mut in_t = false;
    loop {
        let ev = r.read_event().expect("well-formed document.xml");
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let name: &str = e.name().as_ref().to_owned().leak();
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| AsRef::<str>::as_ref(&a.key) == "w:id")
                    .map(|a| a.value.clone().into_owned());
                match (name, id) {
                    ("w:commentRangeStart", Some(id)) => {
                        out.entry(id.clone()).or_default().1 += 1;
                        open.push(id);
                    }
                    ("w:commentRangeEnd", Some(id)) => {
                        assert!(open.contains(&id), "range {id} ends before it starts");
                        out.entry(id.clone()).or_default().2 += 1;
                        open.retain(|o| o != &id);
                    }
                    ("w:commentReference", Some(id)) => out.entry(id).or_default().3 += 1,
                    ("w:t", _) if matches!(ev, Event::Start(_)) => in_t = true,
                    _ => {}
                }
            }
            Event::End(e) if AsRef::<str>::as_ref(&e.name()) == "w:t" => in_t = false,
            Event::Text(t) if in_t => {
                let s = t.xml10_content();
                for id in &open {
                    out.get_mut(id).unwrap().0.push_str(&s);
                }
            }
            Event::GeneralRef(g) if in_t => {
                let s = match AsRef::<str>::as_ref(g) {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    _ => "",
                };
                for id in &open {
                    out.get_mut(id).unwrap().0.push_str(s);
                }
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

fn annotate(input: &Path, out: &Path) -> std::process::Output {
    cchc()
        .args(["check", "--color", "never", "--annotate"])
        .arg(out)
        .arg(input)
        .output()
        .unwrap()
}

#[test]
fn word_comments_sit_on_the_figures_and_nothing_else_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut total = 0;
    for name in [
        "000.lo.docx",
        "000.lo-table.docx",
        "003.lo.docx",
        "004.lo.docx",
        "001.pandoc.docx",
    ] {
        let input: PathBuf = Path::new(ROOT).join("tests/fixtures/docx").join(name);
        let out = tmp.path().join(name.replace(".docx", ".checked.docx"));
        let plain = cchc()
            .args(["check", "--color", "never"])
            .arg(&input)
            .output()
            .unwrap();
        let run = annotate(&input, &out);
        assert_eq!(run.status.code(), plain.status.code(), "{name}");
        assert_eq!(run.stdout, plain.stdout, "{name}: same diagnostics");
        let note = String::from_utf8_lossy(&run.stderr);
        assert!(note.contains("comment(s)"), "{name}: {note}");

        let (before, after) = (std::fs::read(&input).unwrap(), std::fs::read(&out).unwrap());
        // cchc's own reader sees the same text, and so the same figures and findings.
        let read = |b: &[u8]| cchc::ingest::docx::read_docx(b).unwrap();
        let text = cchc::ingest::normalize(&read(&before));
        assert_eq!(read(&after), read(&before), "{name}: text changed");
        let (d0, d1) = (extract(&input), extract(&out));
        assert_eq!(
            (&d1.figures, &d1.findings),
            (&d0.figures, &d0.findings),
            "{name}"
        );

        let (p0, p1) = (parts(&before), parts(&after));
        let doc_xml = utf8(&p1["word/document.xml"]);
        let comments: Vec<String> = p1
            .get("word/comments.xml")
            .map(|c| attr_of(utf8(c), "comment", "id"))
            .unwrap_or_default();
        let found = anchors(doc_xml);

        // One comment per place a finding points at, on that place's text.
        let mut want: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
        for f in &d0.findings {
            for p in places(&d0, f) {
                want.entry((p.place.span.start, p.place.span.end))
                    .or_default()
                    .push(&f.message);
            }
        }
        assert_eq!(comments.len(), want.len(), "{name}: one comment per place");
        assert_eq!(found.len(), comments.len(), "{name}");
        let mut anchored: Vec<&str> = found.values().map(|a| a.0.as_str()).collect();
        anchored.sort();
        let mut expected: Vec<&str> = want.keys().map(|&(s, e)| text[s..e].trim()).collect();
        expected.sort();
        assert_eq!(anchored, expected, "{name}: anchored text");
        for id in &comments {
            let (_, starts, ends, refs) = &found[id];
            assert_eq!((*starts, *ends, *refs), (1, 1, 1), "{name}: comment {id}");
        }
        // Every figure a finding involves is under a comment, digits and all.
        for f in &d0.findings {
            for id in &f.figures {
                let g = d0.figures.iter().find(|g| &g.id == id).unwrap();
                let digits = &text[g.value_span.start..g.value_span.end];
                assert!(
                    anchored.iter().any(|a| a.contains(digits)),
                    "{name}: {id} ({digits}) has no comment"
                );
            }
        }
        // The comments say what check says.
        if let Some(c) = p1.get("word/comments.xml") {
            let c = utf8(c);
            for msgs in want.values() {
                for m in msgs {
                    let escaped = quick_xml::escape::escape(*m);
                    assert!(c.contains(escaped.as_ref()), "{name}: {m}");
                }
            }
        }

        // The package: every other part as it was, every part typed,
        // every relationship's target present.
        for (part, bytes) in &p0 {
            if ![
                "word/document.xml",
                "word/_rels/document.xml.rels",
                "[Content_Types].xml",
            ]
            .contains(&part.as_str())
            {
                assert_eq!(&p1[part], bytes, "{name}: {part} changed");
            }
        }
        let types = utf8(&p1["[Content_Types].xml"]);
        let defaults = attr_of(types, "Default", "Extension");
        let overrides = attr_of(types, "Override", "PartName");
        for part in p1
            .keys()
            .filter(|p| !p.ends_with('/') && *p != "[Content_Types].xml")
        {
            let ext = part.rsplit('.').next().unwrap();
            assert!(
                overrides.contains(&format!("/{part}"))
                    || defaults.iter().any(|d| d.eq_ignore_ascii_case(ext)),
                "{name}: {part} has no content type"
            );
        }
        if !comments.is_empty() {
            let i = overrides
                .iter()
                .position(|p| p == "/word/comments.xml")
                .unwrap();
            assert_eq!(
                attr_of(types, "Override", "ContentType")[i],
                "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
            );
        }
        let rels = utf8(&p1["word/_rels/document.xml.rels"]);
        let targets = attr_of(rels, "Relationship", "Target");
        let modes = attr_of(rels, "Relationship", "TargetMode");
        let ids = attr_of(rels, "Relationship", "Id");
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{name}: relationship ids");
        if modes.is_empty() {
            for t in &targets {
                let part = t
                    .strip_prefix('/')
                    .map_or(format!("word/{t}"), str::to_string);
                assert!(p1.contains_key(&part), "{name}: {t} is missing");
            }
        }
        if comments.is_empty() {
            assert_eq!(after, before, "{name}: nothing to say, nothing changed");
        } else {
            assert!(
                targets.iter().any(|t| t.ends_with("comments.xml")),
                "{name}"
            );
        }
        total += comments.len();
    }
    assert!(total > 20, "{total} comments in all");
}

#[test]
fn html_for_other_inputs_and_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = Path::new(ROOT).join("tests/fixtures/pdf/003.lo.pdf");
    let out = tmp.path().join("003.html");
    let run = annotate(&pdf, &out);
    assert_eq!(run.status.code(), Some(1));
    let html = std::fs::read_to_string(&out).unwrap();
    let d = extract(&pdf);
    assert_eq!(html.matches("data-indicator=").count(), d.figures.len());
    assert_eq!(html.matches("data-code=").count(), d.findings.len());
    assert!(html.contains("<style>") && html.contains("<script>"));
    assert!(!html.contains("http://") && !html.contains("https://"));

    let txt = Path::new(ROOT).join("corpus/003.txt");
    for (args, says) in [
        (
            vec![tmp.path().join("a.docx"), txt.clone()],
            "Word (.docx) input",
        ),
        (vec![tmp.path().join("a.pdf"), txt.clone()], ".docx"),
        (
            vec![tmp.path().join("a.html"), txt.clone(), txt.clone()],
            "exactly one",
        ),
    ] {
        let run = cchc()
            .args(["check", "--annotate"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains(says), "{err}");
    }
}
