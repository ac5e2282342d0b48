//! The page around the view: served by `cchc serve` with an upload panel
//! (style and script as separate files, so the page's security policy can
//! forbid inline code), or written standalone by `--annotate OUT.html`
//! with everything inlined. Nothing is loaded from the network.

use quick_xml::escape::escape;

use crate::model::DocumentOutput;

const PAGE: &str = include_str!("assets/page.html");
const INPUT: &str = include_str!("assets/input.html");
pub const STYLE_CSS: &str = include_str!("assets/style.css");
pub const APP_JS: &str = include_str!("assets/app.js");

fn fill(title: &str, sub: &str, head: &str, input: &str, result: &str, script: &str) -> String {
    PAGE.replace("{{TITLE}}", title)
        .replace("{{SUB}}", sub)
        .replace("{{HEAD}}", head)
        .replace("{{INPUT}}", input)
        .replace("{{SCRIPT}}", script)
        // Last: the result is document text, which may contain "{{".
        .replace("{{RESULT}}", result)
}

/// The page `cchc serve` shows at `/`; uploads up to `max_mb` MB.
pub fn page(max_mb: u64) -> String {
    fill(
        "cchc — kiểm tra số liệu báo cáo",
        "chạy trên máy này: văn bản không được gửi ra ngoài",
        r#"<link rel="stylesheet" href="/style.css">"#,
        &INPUT.replace("{{MAX}}", &max_mb.to_string()),
        "",
        r#"<script src="/app.js" defer></script>"#,
    )
}

/// One self-contained file: the view of `doc`, its style and script inline.
pub fn standalone(doc: &DocumentOutput, text: &str) -> String {
    fill(
        &format!("cchc — {}", escape(&doc.source.path)),
        &format!("kết quả kiểm tra {}", escape(&doc.source.path)),
        &format!("<style>\n{STYLE_CSS}</style>"),
        "",
        &super::render(doc, text),
        &format!("<script>\n{APP_JS}</script>"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_loaded_from_elsewhere() {
        for html in [page(20), STYLE_CSS.to_string(), APP_JS.to_string()] {
            assert!(!html.contains("http://") && !html.contains("https://"));
            assert!(!html.contains("{{"), "unfilled placeholder");
            assert!(!html.contains("@import") && !html.contains("url("));
        }
    }
}
