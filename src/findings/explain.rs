//! What `cchc explain` prints, from the registry: one code's long
//! explanation (the way `rustc --explain` does), the list of every code,
//! and docs/findings.md. Kept in the library so that the test of the docs
//! and the command render the same text.

use std::fmt::Write;

use super::registry::{Entry, Lang, Registry};
use crate::model::Severity;

/// The severity as the clerk reads it.
pub fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match (lang, s) {
        (Lang::En, s) => s.as_str(),
        (Lang::Vi, Severity::Error) => "lỗi",
        (Lang::Vi, Severity::Warning) => "cảnh báo",
        (Lang::Vi, Severity::Info) => "lưu ý",
    }
}

/// "error" or "error (may also be: warning, info)".
fn severities(e: &Entry, lang: Lang) -> String {
    let mut s = severity_word(e.severity, lang).to_string();
    if !e.also.is_empty() {
        let also: Vec<&str> = e.also.iter().map(|&a| severity_word(a, lang)).collect();
        let lead = match lang {
            Lang::Vi => "có khi là",
            Lang::En => "sometimes",
        };
        let _ = write!(s, " ({lead} {})", also.join(", "));
    }
    s
}

/// An example as a reader sees it: the cells of a table row, separated by
/// tabs in the registry (as cchc reads tables), shown apart by " | ".
pub fn example(e: &Entry) -> String {
    e.example.trim_matches('\n').replace('\t', " | ")
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// The long explanation of one code, for a terminal.
pub fn text(e: &Entry, lang: Lang) -> String {
    let (example_head, fix, severity) = match lang {
        Lang::Vi => ("Ví dụ:", "Cách sửa:", "Mức độ"),
        Lang::En => ("Example:", "How to fix it:", "Severity"),
    };
    format!(
        "{code}: {summary}\n\n{severity}: {sev}\n\n{explain}\n\n{example_head}\n\n{ex}\n{fix}\n\n{fixt}\n",
        code = e.code,
        summary = e.summary.get(lang),
        sev = severities(e, lang),
        explain = e.explain.get(lang),
        ex = indent(&example(e)),
        fixt = e.fix.get(lang),
    )
}

/// Every code with its severity and summary, one a line, aligned.
pub fn list(reg: &Registry, lang: Lang) -> String {
    let width = reg.codes().map(str::len).max().unwrap_or(0);
    let sev_width = reg
        .entries
        .iter()
        .map(|e| severity_word(e.severity, lang).chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for e in &reg.entries {
        let sev = severity_word(e.severity, lang);
        let pad = sev_width - sev.chars().count();
        let _ = writeln!(
            out,
            "{:width$}  {sev}{:pad$}  {}",
            e.code,
            "",
            e.summary.get(lang)
        );
    }
    out
}

/// docs/findings.md: a table of every code, then each explained in English
/// and Vietnamese.
pub fn markdown(reg: &Registry) -> String {
    let mut out = String::from(
        "# Finding codes\n\n\
         <!-- Generated from patterns/findings.toml by `cchc explain --markdown > docs/findings.md`; \
         do not edit by hand (tests/findings.rs checks it is up to date). -->\n\n\
         Every finding of `cchc check` and of the JSON output (its `rule`) has one of \
         these codes; so has each read error (`read.KIND`, the `errors[].kind` of the \
         output). `cchc explain CODE` prints the explanation in Vietnamese, \
         `cchc explain CODE --lang en` in English.\n\n\
         | code | severity | summary |\n|---|---|---|\n",
    );
    for e in &reg.entries {
        let _ = writeln!(
            out,
            "| [`{c}`](#{a}) | {s} | {sum} |",
            c = e.code,
            a = e.code.replace('.', ""),
            s = severities(e, Lang::En),
            sum = e.summary.get(Lang::En).replace('|', "\\|"),
        );
    }
    for e in &reg.entries {
        let _ = write!(
            out,
            "\n## {code}\n\n{sum_en}  \n*{sum_vi}*\n\nSeverity: {sev}\n\n{explain_en}\n\n\
             ```text\n{example}\n```\n\n**How to fix it.** {fix_en}\n\n\
             **Tiếng Việt.** {explain_vi}\n\n**Cách sửa.** {fix_vi}\n",
            code = e.code,
            sum_en = e.summary.get(Lang::En),
            sum_vi = e.summary.get(Lang::Vi),
            sev = severities(e, Lang::En),
            explain_en = e.explain.get(Lang::En),
            example = example(e),
            fix_en = e.fix.get(Lang::En),
            explain_vi = e.explain.get(Lang::Vi),
            fix_vi = e.fix.get(Lang::Vi),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explanation_has_its_summary_example_and_fix_in_the_language_asked() {
        let reg = Registry::builtin();
        let e = reg.get("sum.table_column").unwrap();
        let vi = text(e, Lang::Vi);
        assert!(vi.starts_with("sum.table_column: "), "{vi}");
        assert!(
            vi.contains("Mức độ: lỗi") && vi.contains("Cách sửa:"),
            "{vi}"
        );
        assert!(vi.contains("    1 | Xã An Hòa | 120\n"), "{vi}");
        let en = text(e, Lang::En);
        assert!(
            en.contains("Severity: error") && en.contains("How to fix it:"),
            "{en}"
        );
        let listed = list(reg, Lang::En);
        assert_eq!(listed.lines().count(), reg.entries.len());
        assert!(markdown(reg).contains("## sum.table_column"));
    }
}
