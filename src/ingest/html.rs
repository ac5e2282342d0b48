//! HTML text for ingest (pages saved from portals): the charset from the
//! BOM, the `<meta>` tag or detection, then our own walk over scraper's tree
//! so that block elements end lines, table rows come out one per line with
//! cells joined by `\t`, and scripts, styles and navigation are dropped.
//!
//! The walk is iterative (`traverse`), so a deeply nested page cannot
//! overflow the stack.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::legacy::{Hint, Legacy};
use super::text::{utf8_lossy, vietnamese_score, InvalidBytes};

/// Bytes → (HTML source as Unicode, encoding name).
pub fn decode_html(bytes: &[u8]) -> (String, &'static str) {
    let (s, name, _) = decode_html_full(bytes);
    (s, name)
}

/// Bytes → HTML source, encoding name, and the bytes that were not valid
/// UTF-8 when the page is UTF-8 (replaced with U+FFFD, to be reported). A
/// page that names no charset and is not valid UTF-8 is read both as UTF-8
/// with replacements and as chardetng's guess; the more Vietnamese wins (one
/// bad byte must not turn a UTF-8 page into mojibake).
pub fn decode_html_full(bytes: &[u8]) -> (String, &'static str, InvalidBytes) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            let (s, mut bad) = utf8_lossy(&bytes[bom..]);
            for o in &mut bad.offsets {
                *o += bom as u64;
            }
            return (s, "utf-8", bad);
        }
        let (s, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (s.into_owned(), name(enc), InvalidBytes::default());
    }
    if let Some(enc) = meta_charset(bytes) {
        let enc = enc.output_encoding();
        if enc == encoding_rs::UTF_8 {
            let (s, bad) = utf8_lossy(bytes);
            return (s, "utf-8", bad);
        }
        let (s, _) = enc.decode_without_bom_handling(bytes);
        return (s.into_owned(), name(enc), InvalidBytes::default());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), "utf-8", InvalidBytes::default());
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    let (guess, _) = enc.decode_without_bom_handling(bytes);
    let (utf8, bad) = utf8_lossy(bytes);
    if vietnamese_score(&utf8).ratio() >= vietnamese_score(&guess).ratio() {
        return (utf8, "utf-8", bad);
    }
    (guess.into_owned(), name(enc), InvalidBytes::default())
}

fn name(enc: &'static encoding_rs::Encoding) -> &'static str {
    if enc == encoding_rs::UTF_8 {
        "utf-8"
    } else if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        "utf-16"
    } else if enc == encoding_rs::WINDOWS_1258 {
        "windows-1258"
    } else {
        // encoding_rs names are static and lower-case-able; keep the WHATWG name.
        match enc.name() {
            "windows-1252" => "windows-1252",
            "ISO-8859-1" => "iso-8859-1",
            _ => "other",
        }
    }
}

/// `<meta charset=…>` or `content="…; charset=…"` in the first 4 KiB.
fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head: Vec<u8> = bytes[..bytes.len().min(4096)]
        .iter()
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let mut from = 0;
    while let Some(i) = find(&head[from..], b"charset") {
        let mut j = from + i + b"charset".len();
        while j < head.len() && matches!(head[j], b' ' | b'=' | b'"' | b'\'') {
            j += 1;
        }
        let start = j;
        while j < head.len()
            && (head[j].is_ascii_alphanumeric() || matches!(head[j], b'-' | b'_' | b':' | b'.'))
        {
            j += 1;
        }
        // Only inside a <meta> tag: look back for it.
        let tag_start = head[..start].iter().rposition(|&b| b == b'<');
        let in_meta = tag_start.is_some_and(|t| head[t..].starts_with(b"<meta"));
        if in_meta && j > start {
            if let Some(enc) = encoding_rs::Encoding::for_label(&head[start..j]) {
                return Some(enc);
            }
        }
        from = j.max(from + i + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Legacy font faces named in the page (`<font face=".VnTime">`,
/// `font-family: VNI-Times`).
pub fn font_hint(source: &str) -> Hint {
    let lower = source.to_ascii_lowercase();
    let font = if lower.contains("vni-") {
        Some(Legacy::Vni)
    } else if lower.contains(".vntime") || lower.contains(".vnarial") || lower.contains("\"vntime")
    {
        Some(Legacy::Tcvn3)
    } else {
        None
    };
    Hint { font }
}

fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "nav"
            | "noscript"
            | "template"
            | "head"
            | "iframe"
            | "object"
            | "svg"
            | "select"
            | "canvas"
            | "audio"
            | "video"
            | "menu"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "blockquote"
            | "pre"
            | "address"
            | "hr"
            | "form"
            | "fieldset"
            | "figure"
            | "figcaption"
            | "center"
            | "caption"
            | "body"
            | "html"
            | "tbody"
            | "thead"
            | "tfoot"
    )
}

fn hidden(el: &scraper::node::Element) -> bool {
    el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
        || el.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
}

/// Visible text of an HTML document.
pub fn visible_text(source: &str) -> String {
    let doc = Html::parse_document(source);
    let mut out = String::with_capacity(source.len() / 2);
    let mut skip = 0usize;
    // Cells of the open table rows (one counter per nested row).
    let mut cells: Vec<usize> = Vec::new();
    let mut pre = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let n = el.name();
                    if skip > 0 || is_skipped(n) || hidden(el) {
                        skip += 1;
                        continue;
                    }
                    match n {
                        "tr" => {
                            newline(&mut out);
                            cells.push(0);
                        }
                        "td" | "th" => {
                            if let Some(c) = cells.last_mut() {
                                if *c > 0 {
                                    out.push('\t');
                                }
                                *c += 1;
                            }
                        }
                        "br" => out.push(if cells.is_empty() { '\n' } else { ' ' }),
                        "pre" => pre += 1,
                        _ if is_block(n) => break_block(&mut out, !cells.is_empty()),
                        _ => {}
                    }
                }
                Node::Text(t) if skip == 0 => push_text(&mut out, t, pre > 0, !cells.is_empty()),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let n = el.name();
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    match n {
                        "tr" => {
                            cells.pop();
                            newline(&mut out);
                        }
                        "pre" => {
                            pre = pre.saturating_sub(1);
                            break_block(&mut out, !cells.is_empty());
                        }
                        _ if is_block(n) => break_block(&mut out, !cells.is_empty()),
                        _ => {}
                    }
                }
            }
        }
    }
    tidy(&out)
}

fn newline(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Inside a table cell a block boundary is a space, elsewhere a line end.
fn break_block(out: &mut String, in_cell: bool) {
    if in_cell {
        if !out.ends_with([' ', '\t', '\n']) && !out.is_empty() {
            out.push(' ');
        }
    } else {
        newline(out);
    }
}

fn push_text(out: &mut String, t: &str, pre: bool, in_cell: bool) {
    if pre {
        if in_cell {
            out.push_str(&t.replace('\n', " "));
        } else {
            out.push_str(t);
        }
        return;
    }
    // HTML collapses white space; a no-break space stays a (plain) space.
    let mut last_space = out.is_empty() || out.ends_with([' ', '\n', '\t']);
    for c in t.chars() {
        if c.is_whitespace() && c != '\u{A0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(if c == '\u{A0}' { ' ' } else { c });
            last_space = c == '\u{A0}';
        }
    }
}

/// Trim each line and each cell, and keep at most one blank line in a row.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = true;
    for line in s.lines() {
        let cells: Vec<String> = line
            .split('\t')
            .map(|c| {
                c.split(' ')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let line = cells.join("\t");
        let line = line.trim_end_matches('\t');
        if line.trim().is_empty() {
            if !blank {
                out.push('\n');
                blank = true;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_tables_and_hidden_parts() {
        let h = "<html><head><title>T</title><style>p{}</style></head><body>\
                 <nav>Trang chủ | Tin tức</nav><script>var x = 1;</script>\
                 <p>Báo cáo   kết quả<br>quý III</p>\
                 <table><tr><td>STT</td><td>Chỉ tiêu</td><td>Số liệu</td></tr>\
                 <tr><td>1</td><td><p>Tổng số</p><p>hồ sơ</p></td><td>3954</td></tr></table>\
                 <div style=\"display: none\">ẩn</div><p>Hết&nbsp;%</p></body></html>";
        assert_eq!(
            visible_text(h),
            "Báo cáo kết quả\nquý III\nSTT\tChỉ tiêu\tSố liệu\n1\tTổng số hồ sơ\t3954\nHết %\n"
        );
    }

    #[test]
    fn charset_from_meta_then_bom_then_detection() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"></head><body>Vi\xEA\xF2t</body></html>";
        assert_eq!(decode_html(page).1, "windows-1258");
        assert_eq!(decode_html(b"\xEF\xBB\xBF<p>x</p>").1, "utf-8");
        assert_eq!(decode_html("<p>Hồ sơ</p>".as_bytes()).1, "utf-8");
        // One bad byte in a UTF-8 page without a charset: still UTF-8.
        let mut damaged = "<p>Báo cáo kết quả thực hiện cải cách hành chính</p>"
            .repeat(10)
            .into_bytes();
        damaged.insert(40, 0xFF);
        let (s, name, bad) = decode_html_full(&damaged);
        assert_eq!(
            (name, bad.count, bad.offsets.as_slice()),
            ("utf-8", 1, &[40][..])
        );
        assert!(s.contains("Báo cáo kết quả"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let h = "<div>".repeat(3_000) + "sâu" + &"</div>".repeat(3_000);
        assert_eq!(visible_text(&h).trim(), "sâu");
    }

    #[test]
    fn legacy_font_faces_are_hints() {
        assert_eq!(
            font_hint("<font face=\".VnTime\">").font,
            Some(Legacy::Tcvn3)
        );
        assert_eq!(
            font_hint("font-family: 'VNI-Times'").font,
            Some(Legacy::Vni)
        );
        assert_eq!(font_hint("<p>Times New Roman</p>").font, None);
    }
}
