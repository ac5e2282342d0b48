//! The document's metadata (kind, number, date, issuer, period, the file)
//! and the table of every figure found.

use std::fmt::Write;

use quick_xml::escape::escape;

use super::labels;
use crate::emit::csv_out::number;
use crate::model::{DocumentOutput, Figure};

fn row(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        let _ = write!(out, "<dt>{name}</dt><dd>{}</dd>", escape(v));
    }
}

/// A `<dl>` of what the document says about itself and what was read.
pub fn metadata(out: &mut String, doc: &DocumentOutput) {
    let m = &doc.document;
    let s = &doc.source;
    out.push_str(r#"<dl class="meta">"#);
    row(out, "Loại văn bản", Some(labels::doc_kind(m.kind)));
    row(out, "Số", m.number.as_deref());
    row(out, "Ngày", m.date.as_deref());
    row(out, "Cơ quan ban hành", m.issuer.as_deref());
    if let Some(p) = &m.period {
        let range = match (&p.from, &p.to) {
            (Some(a), Some(b)) => format!(" ({a} – {b})"),
            _ => String::new(),
        };
        let label = p.label.clone().unwrap_or_default() + &range;
        row(out, "Kỳ báo cáo", Some(label.trim()));
    }
    let file = format!(
        "{} · {} · {} trang · {} byte{}",
        s.path,
        s.format.as_str().to_uppercase(),
        s.pages,
        s.bytes,
        s.encoding
            .as_deref()
            .map(|e| format!(" · mã {e}"))
            .unwrap_or_default()
    );
    row(out, "Tệp", Some(&file));
    out.push_str("</dl>");
}

/// What a figure's tooltip says: indicator, value, unit, role, qualifier,
/// scope and period.
pub fn tip(f: &Figure) -> String {
    let mut t = format!(
        "{} = {} {} · {}",
        f.indicator,
        number(f.value),
        labels::unit(&f.unit),
        labels::role(f.role)
    );
    if let Some(q) = f.qualifier {
        let _ = write!(t, " · {}", labels::qualifier(q));
    }
    if let Some(s) = &f.scope {
        let _ = write!(t, " · phạm vi: {s}");
    }
    if let Some(l) = f.period.as_ref().and_then(|p| p.label.as_deref()) {
        let _ = write!(t, " · kỳ: {l}");
    }
    t
}

/// One row per figure, each linking to its place in the text.
pub fn indicators(out: &mut String, doc: &DocumentOutput) {
    let _ = write!(
        out,
        r#"<table class="indicators"><caption>Số liệu tìm thấy: {}</caption><thead><tr><th scope="col">Chỉ tiêu</th><th scope="col">Giá trị</th><th scope="col">Đơn vị</th><th scope="col">Loại</th><th scope="col">Phạm vi</th><th scope="col">Dòng</th><th scope="col">Trích dẫn</th></tr></thead><tbody>"#,
        doc.figures.len()
    );
    for f in &doc.figures {
        let role = match f.qualifier {
            Some(q) => format!("{} ({})", labels::role(f.role), labels::qualifier(q)),
            None => labels::role(f.role).to_string(),
        };
        let _ = write!(
            out,
            r##"<tr><td><a href="#fig-{id}"><code>{ind}</code></a></td><td class="num">{raw}</td><td>{unit}</td><td>{role}</td><td>{scope}</td><td class="num">{line}</td><td class="quote">{text}</td></tr>"##,
            id = escape(&f.id),
            ind = escape(&f.indicator),
            raw = escape(&f.raw),
            unit = labels::unit(&f.unit),
            scope = escape(f.scope.as_deref().unwrap_or("")),
            // A workbook's figure is found by its cell ("Biểu 01!C10").
            line = doc
                .cell_of(f)
                .map_or_else(|| f.span.line.to_string(), |c| escape(c).into_owned()),
            text = escape(&f.text),
        );
    }
    out.push_str("</tbody></table>");
}
