//! The page of `cchc serve` in a real browser: Debian's headless Chromium
//! driven over WebDriver (chromedriver, on loopback). For every seed report
//! the highlighted figures and the finding cards must be exactly what
//! `cchc extract --findings` reports for the same file; pasted text gives
//! the same; a card takes the reader to its figures; a broken PDF gives an
//! error card; a screenshot is saved to `target/serve-page.png`.
//!
//! Needs `chromium` and `chromium-driver` (installed by `.ci/run`): under
//! CI (`CI` set) their absence fails the test, elsewhere it is skipped.

#![cfg(unix)]

mod serve_support;

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use serve_support::*;

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver in a process group of its own, with the browsers it
/// starts: all of them are killed when the test ends, even by a panic.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver on a free loopback port, once it answers.
fn start_driver() -> (Driver, String) {
    let port = free_port();
    let child = Command::new(DRIVER)
        .process_group(0)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver(child);
    let addr = format!("127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, format!("http://{addr}"))
}

async fn browser(webdriver: &str, profile: &Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,1000",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(webdriver)
        .await
        .expect("open a Chromium session")
}

/// Run `script` until it returns true, or fail after `secs`.
async fn until(c: &Client, script: &str, args: Vec<Value>, secs: u64, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if c.execute(script, args.clone()).await.unwrap() == Value::Bool(true) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `[figures, cards]`: `[figure id, indicator, value]` of every highlighted
/// figure and `[rule, severity]` of every finding card, as the page shows them.
async fn shown(c: &Client) -> Value {
    c.execute(
        "return [Array.from(document.querySelectorAll('#result [data-indicator]')).map(e => [e.dataset.figure, e.dataset.indicator, Number(e.dataset.value)]),
                 Array.from(document.querySelectorAll('#result [data-code]')).map(e => [e.dataset.code, e.dataset.severity])];",
        vec![],
    )
    .await
    .unwrap()
}

/// The same, from `cchc extract --format json --findings`.
fn expected(file: &Path) -> Value {
    let v: Value = serde_json::from_slice(&cli_json(file)).unwrap();
    let rows = |list: &Value, keys: &[&str]| -> Value {
        list.as_array()
            .unwrap()
            .iter()
            .map(|x| keys.iter().map(|k| x[*k].clone()).collect::<Value>())
            .collect()
    };
    json!([
        rows(&v[0]["figures"], &["id", "indicator", "value"]),
        rows(&v[0]["findings"], &["rule", "severity"])
    ])
}

const DONE: &str = "const s = document.getElementById('status').textContent; return s.startsWith('Đã kiểm tra') && s.includes(arguments[0]);";

async fn upload(c: &Client, server: &Server, file: &Path) {
    c.goto(&server.url("/")).await.unwrap();
    let input = c.find(Locator::Css("input#file")).await.unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
}

fn tools_present() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(DRIVER).exists();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: {CHROMIUM} and {DRIVER} are missing (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "skipped: {CHROMIUM} or {DRIVER} is missing (apt-get install chromium chromium-driver)"
        );
    }
    present
}

#[tokio::test(flavor = "current_thread")]
async fn the_page_in_headless_chromium() {
    if !tools_present() {
        return;
    }
    let server = Server::start(&[]);
    let (_driver, webdriver) = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let c = browser(&webdriver, profile.path()).await;

    // Every seed, uploaded: the marks and cards are the CLI's figures and findings.
    let mut marked = 0;
    for seed in seeds() {
        let name = seed.file_name().unwrap().to_str().unwrap().to_string();
        upload(&c, &server, &seed).await;
        until(&c, DONE, vec![json!(name)], 120, &name).await;
        let (page, cli) = (shown(&c).await, expected(&seed));
        assert_eq!(page[0], cli[0], "{name}: highlighted figures");
        assert_eq!(page[1], cli[1], "{name}: finding cards");
        marked += cli[0].as_array().unwrap().len();
    }

    assert!(marked > 100, "{marked} figures marked in all");

    // 003, dropped on the page this time; its first error card takes the
    // reader to its figures.
    let seed = root("corpus/003.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    c.goto(&server.url("/")).await.unwrap();
    c.execute(
        "const dt = new DataTransfer(); dt.items.add(new File([arguments[0]], '003.txt', {type: 'text/plain'}));
         document.getElementById('upload').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        vec![json!(text)],
    )
    .await
    .unwrap();
    until(&c, DONE, vec![json!("003.txt")], 120, "003.txt dropped").await;
    assert_eq!(shown(&c).await, expected(&seed), "003.txt dropped");
    let card = c
        .find(Locator::Css("#result li.finding[data-severity='error']"))
        .await
        .unwrap();
    card.click().await.unwrap();
    let in_view = "const ids = arguments[0].split(' '); const e = document.getElementById(ids[0]); \
        const r = e.getBoundingClientRect(); const box = e.closest('.doc-text').getBoundingClientRect(); \
        return e.classList.contains('current') && r.top >= box.top && r.bottom <= box.bottom;";
    let targets = card.attr("data-targets").await.unwrap().unwrap();
    until(
        &c,
        in_view,
        vec![json!(targets)],
        10,
        "the card's figures in view",
    )
    .await;
    c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
    let png = c.screenshot().await.unwrap();
    let shot = root("target/serve-page.png");
    std::fs::write(&shot, png).unwrap();

    // Pasted text: the same figures and findings as the file.
    c.goto(&server.url("/")).await.unwrap();
    c.execute(
        "document.getElementById('pasted').value = arguments[0];",
        vec![json!(text)],
    )
    .await
    .unwrap();
    c.find(Locator::Css("#check-text"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(&c, DONE, vec![json!("văn bản đã dán")], 120, "pasted text").await;
    assert_eq!(shown(&c).await, expected(&seed), "pasted text");

    // A broken PDF: an error card, in Vietnamese.
    upload(&c, &server, &root("tests/fixtures/bad/truncated-half.pdf")).await;
    let card = c
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("#result .error-card"))
        .await
        .unwrap();
    let msg = card.text().await.unwrap();
    assert!(msg.contains("PDF"), "{msg}");
    assert_eq!(shown(&c).await, json!([[], []]));

    c.close().await.unwrap();
}
