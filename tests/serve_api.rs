//! `cchc serve`'s HTTP API against the real binary on loopback: the same
//! JSON as `cchc extract --format json --findings` for every seed and for
//! PDF/DOCX/HTML renderings and workbooks (cells included), pasted text, JSON errors a clerk understands
//! for broken, oversized and malformed uploads, the page and its policy,
//! and the loopback-only default.

mod serve_support;

use std::process::Command;

use serve_support::*;

#[test]
fn uploads_answer_what_extract_prints() {
    let server = Server::start(&[]);
    let mut files = seeds();
    for f in [
        "tests/fixtures/pdf/003.lo.pdf",
        "tests/fixtures/docx/000.lo-table.docx",
        "tests/fixtures/html/003.cp1258.html",
        "tests/fixtures/txt-legacy/000.tcvn3.txt",
        "tests/fixtures/sheets/district.xls",
        "tests/fixtures/sheets/district.ods",
    ] {
        files.push(root(f));
    }
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.file_name().unwrap().to_str().unwrap();
        let r = server.upload("/api/check", name, &bytes);
        assert_eq!(
            r.status,
            200,
            "{name}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=utf-8")
        );
        let cli = cli_json(f);
        assert!(
            r.body == cli,
            "{name}: the API's JSON differs from cchc extract's"
        );
    }
}

#[test]
fn pasted_text_and_the_page_view() {
    let server = Server::start(&[]);
    let seed = root("corpus/003.txt");
    let text = std::fs::read(&seed).unwrap();
    let r = server.request(
        "POST",
        "/api/check?name=003.txt",
        "text/plain; charset=utf-8",
        &text,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body, cli_json(&seed));

    let r = server.request("POST", "/api/check?view=html", "text/plain", &text);
    assert_eq!(r.status, 200);
    let v = r.json();
    let doc = &v["documents"][0];
    assert_eq!(doc["source"]["path"], "van-ban-dan.txt");
    let view = v["view"].as_str().unwrap();
    let figures = doc["figures"].as_array().unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert!(!figures.is_empty() && !findings.is_empty());
    assert_eq!(view.matches("data-indicator=").count(), figures.len());
    assert_eq!(view.matches("data-code=").count(), findings.len());
}

#[test]
fn broken_files_are_json_errors_and_the_server_stays_up() {
    let server = Server::start(&[]);
    for name in [
        "truncated-half.pdf",
        "random-bytes.pdf",
        "encrypted-userpw.pdf",
        "empty.pdf",
        "scanned-003.pdf",
    ] {
        let bytes = std::fs::read(root("tests/fixtures/bad").join(name)).unwrap();
        let r = server.upload("/api/check", name, &bytes);
        assert!(
            (400..500).contains(&r.status),
            "{name}: {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        );
        let v = r.json();
        let msg = v["error"].as_str().unwrap();
        assert!(
            !msg.is_empty() && !msg.is_ascii(),
            "{name}: a Vietnamese sentence: {msg}"
        );
        assert_eq!(v["documents"][0]["source"]["path"], name);
    }
    // Partly readable: the document, with what went wrong in `errors`.
    for name in ["garbage-stream.pdf", "zero-pages.pdf"] {
        let bytes = std::fs::read(root("tests/fixtures/bad").join(name)).unwrap();
        let r = server.upload("/api/check", name, &bytes);
        assert_eq!(r.status, 200, "{name}");
        assert!(
            !r.json()[0]["errors"].as_array().unwrap().is_empty(),
            "{name}"
        );
    }
    // Still serving.
    let r = server.upload(
        "/api/check",
        "003.txt",
        &std::fs::read(root("corpus/003.txt")).unwrap(),
    );
    assert_eq!(r.status, 200);
}

#[test]
fn bad_requests_get_json_errors() {
    let server = Server::start(&["--max-upload", "1"]);
    let big = vec![b'1'; 2 * 1024 * 1024];
    let r = server.upload("/api/check", "big.txt", &big);
    assert_eq!(r.status, 413);
    assert!(r.json()["error"].as_str().unwrap().contains("1 MB"));
    let r = server.request("POST", "/api/check", "text/plain", &big);
    assert_eq!(r.status, 413);

    let (ct, body) = multipart("other", "a.txt", b"x");
    let r = server.request("POST", "/api/check", &ct, &body);
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].is_string());
    let r = server.request("POST", "/api/check", "text/plain", b"  \n");
    assert_eq!(r.status, 400);
    let r = server.request("POST", "/api/check", "application/octet-stream", b"x");
    assert_eq!(r.status, 415);
    let r = server.request("GET", "/nowhere", "", b"");
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].is_string());
    let r = server.request("GET", "/api/check", "", b"");
    assert_eq!(r.status, 405);
}

#[test]
fn the_page_loads_nothing_from_elsewhere() {
    let server = Server::start(&[]);
    let page = server.request("GET", "/", "", b"");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    let html = String::from_utf8(page.body.clone()).unwrap();
    assert!(html.contains(r#"<html lang="vi">"#));
    assert!(html.contains(r#"type="file""#) && html.contains("<textarea"));
    for path in ["/", "/style.css", "/app.js"] {
        let r = server.request("GET", path, "", b"");
        assert_eq!(r.status, 200, "{path}");
        let body = String::from_utf8(r.body.clone()).unwrap();
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{path} refers to another site"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
}

#[test]
fn only_loopback_unless_asked() {
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["serve", "--bind", "0.0.0.0", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));

    let mut server = Server::start_with(&["--bind", "0.0.0.0", "--allow-remote"], |c| {
        c.stderr(std::process::Stdio::piped());
    });
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let r = request(&format!("127.0.0.1:{port}"), "GET", "/", "", b"");
    assert_eq!(r.status, 200);
    let _ = server.child.kill();
    let mut err = String::new();
    use std::io::Read;
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(err.contains("warning"), "{err}");
}
