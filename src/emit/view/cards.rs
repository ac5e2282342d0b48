//! The cards beside the text: one per finding (severity, rule, message, the
//! arithmetic in its notes, links to the places it points at) and one per
//! read error.

use std::fmt::Write;

use quick_xml::escape::escape;

use super::labels;
use crate::model::{Finding, ReadError};

/// A place a card links to: the element id and the text shown for it.
pub struct Target {
    pub id: String,
    pub text: String,
    pub line: usize,
}

/// One finding card.
pub fn finding_card(out: &mut String, f: &Finding, targets: &[Target]) {
    let sev = f.severity.as_str();
    let ids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
    let _ = write!(
        out,
        r#"<li class="card finding sev-{sev}" data-code="{code}" data-severity="{sev}" data-targets="{ids}" tabindex="0">"#,
        code = escape(f.rule.as_str()),
        ids = ids.join(" "),
    );
    let _ = write!(
        out,
        r#"<p class="card-head"><span class="badge">{}</span> <code>{}</code>"#,
        labels::severity(f.severity),
        escape(f.rule.as_str())
    );
    if let Some(t) = targets.first() {
        let _ = write!(out, r#" <span class="where">dòng {}</span>"#, t.line);
    }
    let _ = write!(out, r#"</p><p class="msg">{}</p>"#, escape(&f.message));
    if !f.notes.is_empty() {
        out.push_str(r#"<ul class="notes">"#);
        for n in &f.notes {
            let _ = write!(out, "<li>{}</li>", escape(n));
        }
        out.push_str("</ul>");
    }
    if !targets.is_empty() {
        out.push_str(r#"<p class="places">Vị trí:"#);
        for t in targets {
            let _ = write!(
                out,
                r##" <a href="#{}">{}</a>"##,
                t.id,
                escape(t.text.trim())
            );
        }
        out.push_str("</p>");
    }
    out.push_str("</li>");
}

/// One card for a read error: the clerk's sentence, then the reader's.
pub fn read_error_card(out: &mut String, e: &ReadError) {
    let sev = if e.kind.is_fatal() {
        "error"
    } else {
        "warning"
    };
    let _ = write!(
        out,
        r#"<div class="card read-error sev-{sev}" role="alert" data-error="{kind}"><p class="msg">{vi}</p><p class="detail">{detail}</p></div>"#,
        kind = e.kind.as_str(),
        vi = labels::read_error(e.kind),
        detail = escape(&e.message),
    );
}
