//! The view's downloads — the figures as JSON (what `cchc extract --format
//! json` writes) and as CSV, the findings as CSV — as `data:` links, so they
//! work in the standalone file as well as on the page, without a server.

use std::fmt::Write;

use quick_xml::escape::escape;

use crate::emit::{csv_out, json};
use crate::model::DocumentOutput;

/// Percent-encode everything but unreserved characters (RFC 3986).
fn percent(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            s.push(b as char);
        } else {
            let _ = write!(s, "%{b:02X}");
        }
    }
    s
}

fn link(out: &mut String, name: &str, mime: &str, body: &[u8], label: &str) {
    let _ = write!(
        out,
        r#"<a class="download" download="{}" href="data:{mime};charset=utf-8,{}">{label}</a>"#,
        escape(name),
        percent(body)
    );
}

fn csv(doc: &DocumentOutput, findings: bool) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Ok(mut w) = csv_out::writer(&mut buf) {
        let written = if findings {
            w.write_record(csv_out::FINDING_HEADER)
                .and_then(|_| csv_out::write_finding_rows(&mut w, doc))
        } else {
            w.write_record(csv_out::FIGURE_HEADER)
                .and_then(|_| csv_out::write_figure_rows(&mut w, doc))
        };
        let _ = written.map(|_| w.flush());
    }
    buf
}

/// The three download links for `doc`.
pub fn links(out: &mut String, doc: &DocumentOutput) {
    let stem = std::path::Path::new(&doc.source.path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "van-ban".into());
    let mut js = Vec::new();
    let _ = json::write_json(&mut js, std::slice::from_ref(doc));
    out.push_str(r#"<nav class="downloads" aria-label="Tải xuống">"#);
    link(
        out,
        &format!("{stem}.cchc.json"),
        "application/json",
        &js,
        "Số liệu (JSON)",
    );
    link(
        out,
        &format!("{stem}.so-lieu.csv"),
        "text/csv",
        &csv(doc, false),
        "Số liệu (CSV)",
    );
    link(
        out,
        &format!("{stem}.phat-hien.csv"),
        "text/csv",
        &csv(doc, true),
        "Phát hiện (CSV)",
    );
    out.push_str("</nav>");
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percent_keeps_unreserved_only() {
        assert_eq!(percent("a b,ồ".as_bytes()), "a%20b%2C%E1%BB%93");
    }
}
