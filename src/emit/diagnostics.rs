//! Stage 5 of the pipeline, **emit**: findings as rustc-style diagnostics —
//! `file:line:col`, the source line(s), every involved number underlined
//! with a label, and notes with the arithmetic. Rendering is done by
//! `annotate-snippets`, which measures columns in characters and display
//! width, so Vietnamese NFC text (precomposed letters, the odd combining
//! mark, wide characters) stays aligned. Colour only when asked for.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::model::{DocumentOutput, Finding, FindingCode, LabeledSpan, Severity, Span};

/// Lines further apart than this are shown as separate excerpts.
const GAP: usize = 3;
/// Numbers further apart than this many characters on one line are shown
/// in separate excerpts of that line.
const FAR: usize = 70;

/// Everything one finding underlines, figures included; a figure read
/// from a workbook names its cell in the label ("total 430 at Biểu 01!C10").
fn places(doc: &DocumentOutput, f: &Finding) -> Vec<LabeledSpan> {
    super::places::places(doc, f)
        .into_iter()
        .map(|p| {
            let mut place = p.place;
            if let Some(cell) = p.figure.and_then(|g| doc.cell_of(g)) {
                place.label = if place.label.is_empty() {
                    cell.to_string()
                } else {
                    format!("{} at {cell}", place.label)
                };
            }
            place
        })
        .collect()
}

/// Byte range of the lines `first..=last` (1-based) of `text`.
fn line_range(text: &str, starts: &[usize], first: usize, last: usize) -> (usize, usize) {
    let a = starts.get(first - 1).copied().unwrap_or(0);
    let b = starts
        .get(last)
        .map_or(text.len(), |&n| n.saturating_sub(1))
        .max(a);
    (a, b.min(text.len()))
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    v
}

fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).max(1)
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn valid(text: &str, s: &Span) -> bool {
    s.start < s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

/// The hint that ends every diagnostic: `cchc explain CODE`.
pub fn help(code: FindingCode) -> String {
    format!("cchc explain {code}")
}

/// Render one finding of the document read from `path`.
pub fn render_finding(
    renderer: &Renderer,
    path: &str,
    text: &str,
    doc: &DocumentOutput,
    f: &Finding,
) -> String {
    let starts = line_starts(text);
    let mut spans: Vec<LabeledSpan> = places(doc, f)
        .into_iter()
        .filter(|l| valid(text, &l.span))
        .collect();
    let primary = spans.first().map(|l| l.span);
    spans.sort_by_key(|l| l.span.start);
    // Group the places into excerpts of nearby lines.
    let mut excerpts: Vec<(usize, usize, Vec<&LabeledSpan>)> = Vec::new();
    for l in &spans {
        let a = line_of(&starts, l.span.start);
        let b = line_of(&starts, l.span.end.saturating_sub(1).max(l.span.start));
        // Far apart on one long line (a paragraph): separate excerpts, each
        // cut around its own numbers, read better than one very wide line.
        let far = |v: &Vec<&LabeledSpan>| {
            v.last().is_some_and(|p| {
                line_of(&starts, p.span.start) == a
                    && text[p.span.end.min(l.span.start)..l.span.start]
                        .chars()
                        .count()
                        > FAR
            })
        };
        match excerpts.last_mut() {
            Some((_, last, v)) if a <= *last + GAP && !far(v) => {
                *last = (*last).max(b);
                v.push(l);
            }
            _ => excerpts.push((a, b, vec![l])),
        }
    }
    let title = level(f.severity)
        .primary_title(f.message.as_str())
        .id(f.rule.as_str());
    let mut group = Group::with_title(title);
    if excerpts.is_empty() {
        group = group.element(
            Snippet::<annotate_snippets::Annotation<'_>>::source("")
                .path(path)
                .line_start(1),
        );
    }
    for (first, last, ls) in &excerpts {
        let (a, b) = line_range(text, &starts, *first, *last);
        let src = &text[a..b];
        let mut snip = Snippet::source(src)
            .path(path)
            .line_start(*first)
            .fold(true);
        for l in ls {
            let kind = if Some(l.span) == primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            let (s, e) = (l.span.start - a, (l.span.end - a).min(src.len()));
            snip = snip.annotation(kind.span(s..e).label(l.label.as_str()));
        }
        group = group.element(snip);
    }
    for n in &f.notes {
        group = group.element(Level::NOTE.message(n.as_str()));
    }
    // The last line says where the long explanation is: a clerk who does
    // not know the code reads it in Vietnamese without leaving the terminal.
    group = group.element(Level::HELP.message(help(f.rule)));
    renderer.render(&[group])
}

/// Render every finding of one document, followed by a one-line summary.
pub fn render_document(
    renderer: &Renderer,
    path: &str,
    text: &str,
    doc: &DocumentOutput,
) -> String {
    let mut out = String::new();
    for f in &doc.findings {
        out.push_str(&render_finding(renderer, path, text, doc, f));
        out.push_str("\n\n");
    }
    out
}

/// "3 errors, 2 warnings, 1 note" style summary counts.
pub fn summary(findings: &[Finding]) -> (usize, usize, usize) {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocMeta, Source};

    fn doc(findings: Vec<Finding>) -> DocumentOutput {
        DocumentOutput {
            schema: 1,
            source: Source::default(),
            document: DocMeta::default(),
            figures: vec![],
            findings,
            errors: vec![],
            cells: Default::default(),
        }
    }

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span {
            start,
            end: start + needle.len(),
            line: 1,
            page: 1,
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "Tổng số hồ sơ tiếp nhận 316, hồ sơ có số hóa đầy đủ thành phần là 276 hồ sơ, đạt tỷ lệ 85,44%.";
        let f = Finding {
            rule: crate::findings::codes::RATIO_STATED_VS_COMPUTED,
            severity: Severity::Error,
            message: "276/316 is 87,34%, but the text states 85,44%".into(),
            figures: vec![],
            stated: Some(85.44),
            computed: Some(87.34),
            spans: vec![
                LabeledSpan {
                    span: span_of(text, "85,44"),
                    label: "stated".into(),
                },
                LabeledSpan {
                    span: span_of(text, "316"),
                    label: "whole".into(),
                },
            ],
            notes: vec!["100 × 276 / 316 = 87,3418".into()],
        };
        let out = render_finding(&Renderer::plain(), "r.txt", text, &doc(vec![f.clone()]), &f);
        // "85,44" starts at character 89 (1-based), far before its byte offset.
        let col = text[..text.find("85,44").unwrap()].chars().count() + 1;
        assert!(out.contains(&format!("r.txt:1:{col}")), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let src_line = lines.iter().position(|l| l.contains("Tổng số")).unwrap();
        let marks = lines[src_line + 1];
        let caret = marks.chars().position(|c| c == '^').unwrap();
        let bar = lines[src_line].chars().position(|c| c == '|').unwrap();
        assert_eq!(caret - bar - 2, col - 1, "{out}");
        assert!(out.contains("= note: 100 × 276 / 316 = 87,3418"), "{out}");
        assert!(
            out.trim_end()
                .ends_with("= help: cchc explain ratio.stated_vs_computed"),
            "the hint is the last line: {out}"
        );
    }

    #[test]
    fn carets_follow_display_width_with_combining_marks_and_wide_characters() {
        use unicode_width::UnicodeWidthStr;
        // "Tô\u{301}ng" has a combining acute accent (width 0); "人口" is wide.
        let text = "To\u{302}\u{301}ng số 人口 đạt 85,44% (276/316)";
        let f = Finding {
            rule: crate::findings::codes::RATIO_STATED_VS_COMPUTED,
            severity: Severity::Error,
            message: "276/316 is 87,34%, but the text states 85,44%".into(),
            figures: vec![],
            stated: None,
            computed: None,
            spans: vec![LabeledSpan {
                span: span_of(text, "85,44"),
                label: "stated".into(),
            }],
            notes: vec![],
        };
        let out = render_finding(&Renderer::plain(), "r.txt", text, &doc(vec![f.clone()]), &f);
        let lines: Vec<&str> = out.lines().collect();
        let src = lines.iter().position(|l| l.contains("人口")).unwrap();
        let bar_src = lines[src].find('|').unwrap();
        let code_start = UnicodeWidthStr::width(&lines[src][..bar_src + 2]);
        let marks = lines[src + 1];
        let caret = UnicodeWidthStr::width(&marks[..marks.find('^').unwrap()]);
        let prefix = &text[..text.find("85,44").unwrap()];
        assert_eq!(caret - code_start, UnicodeWidthStr::width(prefix), "{out}");
    }
}
