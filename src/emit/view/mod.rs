//! Stage 5 of the pipeline, **emit**: one document as an HTML view — its
//! text with every figure highlighted (hover or focus shows indicator,
//! value, unit, role, scope), a card per finding in the words of `cchc
//! check` that links to the places it points at, the metadata, a table of
//! the figures, and downloads. `cchc serve` shows it on its page and
//! `cchc check --annotate OUT.html` writes it as one standalone file.
//!
//! Test contract: each highlighted figure is an element with
//! `data-indicator` and `data-value`; each finding card has `data-code` and
//! `data-severity`.

mod cards;
mod downloads;
pub mod labels;
mod page;
mod tables;
mod text;

use std::collections::HashMap;
use std::fmt::Write;

use quick_xml::escape::escape;

pub use page::{page, standalone, APP_JS, STYLE_CSS};

use crate::emit::csv_out::number;
use crate::emit::places::places;
use crate::model::{DocumentOutput, Severity};
use text::Wrap;

/// The view of one processed document (`text` is what its spans point into).
pub fn render(doc: &DocumentOutput, text: &str) -> String {
    // The worst finding each figure is involved in.
    let mut worst: HashMap<&str, Severity> = HashMap::new();
    for f in &doc.findings {
        for id in &f.figures {
            let e = worst.entry(id.as_str()).or_insert(f.severity);
            *e = (*e).max(f.severity);
        }
    }
    let mut wraps: Vec<Wrap> = doc
        .figures
        .iter()
        .map(|g| {
            let flag = worst
                .get(g.id.as_str())
                .map(|s| format!(" flag sev-{}", s.as_str()))
                .unwrap_or_default();
            Wrap {
                start: g.value_span.start,
                end: g.value_span.end,
                open: format!(
                    r#"<mark class="fig{flag}" id="fig-{id}" data-figure="{id}" data-indicator="{ind}" data-value="{val}" data-unit="{unit}" data-role="{role}" data-tip="{tip}" tabindex="0">"#,
                    id = escape(&g.id),
                    ind = escape(&g.indicator),
                    val = number(g.value),
                    unit = escape(&g.unit),
                    role = g.role.as_str(),
                    tip = escape(tables::tip(g)),
                ),
                close: "</mark>",
            }
        })
        .collect();
    let mut cards = String::new();
    for (i, f) in doc.findings.iter().enumerate() {
        let mut targets = Vec::new();
        for (j, p) in places(doc, f).into_iter().enumerate() {
            let s = p.place.span;
            let shown = text.get(s.start..s.end).unwrap_or("").to_string();
            let id = match p.figure {
                Some(g) => format!("fig-{}", g.id),
                None => {
                    let id = format!("p-{i}-{j}");
                    wraps.push(Wrap {
                        start: s.start,
                        end: s.end,
                        open: format!(
                            r#"<span class="flag sev-{}" id="{id}" data-tip="{}">"#,
                            f.severity.as_str(),
                            escape(&p.place.label)
                        ),
                        close: "</span>",
                    });
                    id
                }
            };
            targets.push(cards::Target {
                id,
                text: if shown.trim().is_empty() {
                    p.place.label.clone()
                } else {
                    shown
                },
                line: s.line,
            });
        }
        cards::finding_card(&mut cards, f, &targets);
    }

    let mut out = String::with_capacity(text.len() * 2);
    let (e, w, n) = crate::emit::diagnostics::summary(&doc.findings);
    let title = doc
        .document
        .issuer
        .as_deref()
        .map(|i| format!("{} · {}", labels::doc_kind(doc.document.kind), i))
        .unwrap_or_else(|| doc.source.path.clone());
    let _ = write!(
        out,
        r#"<section class="report" aria-label="Kết quả kiểm tra"><header class="report-head"><h2>{}</h2><p class="summary" data-errors="{e}" data-warnings="{w}" data-infos="{n}"><span class="sev-error">{e} lỗi</span> · <span class="sev-warning">{w} cảnh báo</span> · <span class="sev-info">{n} lưu ý</span> · {} số liệu</p>"#,
        escape(&title),
        doc.figures.len()
    );
    tables::metadata(&mut out, doc);
    downloads::links(&mut out, doc);
    out.push_str("</header>");
    if !doc.errors.is_empty() {
        out.push_str(r#"<div class="read-errors">"#);
        for err in &doc.errors {
            cards::read_error_card(&mut out, err);
        }
        out.push_str("</div>");
    }
    let _ = write!(
        out,
        r#"<div class="columns"><article class="doc-text" aria-label="Nội dung văn bản"><pre class="text" lang="vi">{}</pre></article><aside class="findings" aria-label="Phát hiện"><h3>Phát hiện ({})</h3>"#,
        text::wrap_text(text, &wraps),
        doc.findings.len()
    );
    if doc.findings.is_empty() {
        out.push_str(r#"<p class="none">Không phát hiện số liệu nào mâu thuẫn.</p>"#);
    } else {
        let _ = write!(out, r#"<ol class="cards">{cards}</ol>"#);
    }
    out.push_str("</aside></div>");
    tables::indicators(&mut out, doc);
    out.push_str("</section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn processed(text: &str) -> crate::Processed {
        let p = crate::Pipeline::new(crate::ingest::IngestOptions::default()).unwrap();
        p.process_bytes(Path::new("r.txt"), text.as_bytes())
    }

    #[test]
    fn figures_are_marked_and_findings_are_cards() {
        let t = "Tổng số hồ sơ tiếp nhận 316, hồ sơ có số hóa đầy đủ thành phần là 276 hồ sơ, đạt tỷ lệ 85,44%.\n";
        let p = processed(t);
        assert!(!p.output.figures.is_empty() && !p.output.findings.is_empty());
        let html = render(&p.output, &p.text);
        assert_eq!(
            html.matches("data-indicator=").count(),
            p.output.figures.len(),
            "{html}"
        );
        assert_eq!(html.matches("data-code=").count(), p.output.findings.len());
        for g in &p.output.figures {
            assert!(html.contains(&format!(r#"id="fig-{}""#, g.id)));
        }
        assert!(html.contains(r#"data-severity="error""#), "{html}");
    }

    #[test]
    fn text_is_escaped() {
        let p = processed("<script>alert(1)</script> tiếp nhận 12 hồ sơ\n");
        let html = render(&p.output, &p.text);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }
}
