//! Where the reader's text sits in `word/document.xml`: every character
//! `ingest::docx` reads (the same elements, the same skipped parts) is tied
//! back to its bytes in the XML, so a span of the document's text becomes
//! a range of the XML that a Word comment can be anchored on.
//!
//! The reader's text is the XML's text plus structure (tabs, line ends),
//! NFC-normalized. Characters other than white space are matched one to
//! one; a legacy-encoded (TCVN3/VNI) document, whose letters were
//! converted, is matched on its ASCII digits only, which conversion keeps.

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

use crate::ingest::docx::{local, skipped};

/// One text element (`<w:t>`) of the XML.
#[derive(Clone, Debug)]
pub struct Node {
    /// The start tag, `<w:t …>`.
    pub start_tag: Range<usize>,
    /// Whether the start tag keeps spaces (`xml:space="preserve"`).
    pub preserve: bool,
    /// The `<w:rPr>` of the run the element is in, when it is a `w:t`
    /// directly inside a `w:r` (empty range: a run without properties).
    /// None: not a place a comment can be anchored (a formula, or a text
    /// box or other drawing, whose text Word keeps apart from the body's).
    pub run_props: Option<Range<usize>>,
}

/// A point in the XML: inside the content of text element `node`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Point {
    pub offset: usize,
    pub node: usize,
}

/// A character as the reader sees it, and the XML bytes it came from.
#[derive(Clone, Debug)]
struct Unit {
    ch: char,
    node: usize,
    raw: Range<usize>,
}

/// How the reader's text was matched to the XML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every character other than white space.
    Full,
    /// ASCII digits only (a legacy-encoded document).
    Digits,
}

#[derive(Debug)]
pub struct Alignment {
    pub nodes: Vec<Node>,
    pub mode: Mode,
    /// Byte ranges in the reader's text of the matched characters…
    text: Vec<Range<usize>>,
    /// …and, at the same index, where each is in the XML.
    xml: Vec<(usize, Range<usize>)>,
}

/// Elements whose text is not in the body's flow of runs.
fn is_drawing(name: &str) -> bool {
    matches!(
        local(name),
        "txbxContent" | "AlternateContent" | "drawing" | "pict"
    )
}

/// The XML's characters, in reading order, and its text elements.
fn scan(xml: &str) -> Result<(Vec<Node>, Vec<Unit>), String> {
    let mut reader = Reader::from_str(xml);
    let mut nodes = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    let (mut skip, mut depth) = (0usize, 0usize);
    // Open runs: (depth of the run's children, its rPr).
    let mut runs: Vec<(usize, Range<usize>)> = Vec::new();
    let mut rpr_start: Option<usize> = None;
    let mut in_text: Option<usize> = None;
    // Open drawings (text boxes, alternate content) around the position.
    let mut drawings = 0usize;
    let mut before = 0usize;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("word/document.xml is not well-formed XML ({e})"))?;
        let after = reader.buffer_position() as usize;
        match ev {
            Event::Start(e) => {
                depth += 1;
                let qname = e.name();
                let name: &str = qname.as_ref();
                if skip > 0 || skipped(local(name)) {
                    skip += 1;
                } else if is_drawing(name) {
                    drawings += 1;
                } else if name == "w:r" {
                    runs.push((depth + 1, after..after));
                } else if name == "w:rPr" && runs.last().is_some_and(|r| r.0 == depth) {
                    rpr_start = Some(before);
                } else if local(name) == "t" {
                    let run_props = runs
                        .last()
                        .filter(|r| name == "w:t" && r.0 == depth && drawings == 0)
                        .map(|r| r.1.clone());
                    in_text = Some(nodes.len());
                    nodes.push(Node {
                        start_tag: before..after,
                        preserve: xml[before..after].contains("preserve"),
                        run_props,
                    });
                }
            }
            Event::Empty(e) => {
                let qname = e.name();
                if skip == 0
                    && AsRef::<str>::as_ref(&qname) == "w:rPr"
                    && runs.last().is_some_and(|r| r.0 == depth + 1)
                {
                    if let Some(r) = runs.last_mut() {
                        r.1 = before..after;
                    }
                }
            }
            Event::End(e) => {
                let qname = e.name();
                let name: &str = qname.as_ref();
                if skip > 0 {
                    skip -= 1;
                } else if is_drawing(name) {
                    drawings = drawings.saturating_sub(1);
                } else if name == "w:r" && runs.last().is_some_and(|r| r.0 == depth + 1) {
                    runs.pop();
                } else if name == "w:rPr" {
                    if let (Some(s), Some(r)) = (rpr_start.take(), runs.last_mut()) {
                        r.1 = s..after;
                    }
                } else if local(name) == "t" {
                    in_text = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(_) if skip == 0 => {
                if let Some(node) = in_text {
                    let raw = &xml[before..after];
                    units.extend(raw.char_indices().map(|(i, ch)| Unit {
                        ch,
                        node,
                        raw: before + i..before + i + ch.len_utf8(),
                    }));
                }
            }
            Event::GeneralRef(r) if skip == 0 => {
                if let Some(node) = in_text {
                    let ch = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    if let Some(ch) = ch {
                        units.push(Unit {
                            ch,
                            node,
                            raw: before..after,
                        });
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        before = after;
    }
    Ok((nodes, units))
}

/// NFC per node, a base character with its combining marks at a time;
/// each composed character keeps the XML bytes of its whole cluster.
fn composed(units: &[Unit]) -> Vec<Unit> {
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let mut j = i + 1;
        while j < units.len()
            && units[j].node == units[i].node
            && canonical_combining_class(units[j].ch) != 0
        {
            j += 1;
        }
        let cluster: String = units[i..j].iter().map(|u| u.ch).collect();
        let raw = units[i].raw.start..units[j - 1].raw.end;
        out.extend(cluster.nfc().map(|ch| Unit {
            ch,
            node: units[i].node,
            raw: raw.clone(),
        }));
        i = j;
    }
    out
}

impl Alignment {
    /// Match `text` (what the reader made of `xml`) against `xml`.
    pub fn new(xml: &str, text: &str) -> Result<Alignment, String> {
        let (nodes, units) = scan(xml)?;
        let units = composed(&units);
        for (mode, keep) in [
            (
                Mode::Full,
                (|c: char| !c.is_whitespace()) as fn(char) -> bool,
            ),
            (Mode::Digits, |c: char| c.is_ascii_digit()),
        ] {
            let theirs: Vec<&Unit> = units.iter().filter(|u| keep(u.ch)).collect();
            let ours: Vec<(usize, char)> = text.char_indices().filter(|c| keep(c.1)).collect();
            if ours.len() == theirs.len() && ours.iter().zip(&theirs).all(|(a, b)| a.1 == b.ch) {
                return Ok(Alignment {
                    nodes,
                    mode,
                    text: ours.iter().map(|&(i, c)| i..i + c.len_utf8()).collect(),
                    xml: theirs.iter().map(|u| (u.node, u.raw.clone())).collect(),
                });
            }
        }
        Err("the text of the Word file does not match what was read from it".into())
    }

    /// The XML range of `start..end` of the reader's text, from its first
    /// matched character to its last. A span with none (white space, or no
    /// digit when matching digits) becomes, when matching every character,
    /// the point after the character before it; otherwise None.
    pub fn range(&self, start: usize, end: usize) -> Option<(Point, Point)> {
        let first = self.text.partition_point(|r| r.start < start);
        let last = self.text.partition_point(|r| r.end <= end);
        let point = |i: usize, at_end: bool| {
            let (node, raw) = &self.xml[i];
            Point {
                offset: if at_end { raw.end } else { raw.start },
                node: *node,
            }
        };
        if first < last {
            return Some((point(first, false), point(last - 1, true)));
        }
        if self.mode == Mode::Full && first > 0 {
            let p = point(first - 1, true);
            return Some((p, p));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn doc(body: &str) -> String {
        format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#)
    }

    fn text_of(xml: &str) -> String {
        crate::ingest::normalize(&crate::ingest::docx::text_of_document_xml(xml).unwrap())
    }

    #[test]
    fn a_number_split_over_runs_maps_to_both() {
        let xml = doc(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>tiếp nhận 1.</w:t></w:r><w:r><w:t xml:space="preserve">250 hồ sơ</w:t></w:r></w:p>"#,
        );
        let text = text_of(&xml);
        let a = Alignment::new(&xml, &text).unwrap();
        assert_eq!(a.mode, Mode::Full);
        let s = text.find("1.250").unwrap();
        let (p, q) = a.range(s, s + 5).unwrap();
        assert_eq!((p.node, q.node), (0, 1));
        assert_eq!(&xml[p.offset..p.offset + 2], "1.");
        assert_eq!(&xml[q.offset - 3..q.offset], "250");
        assert_eq!(
            &xml[a.nodes[0].run_props.clone().unwrap()],
            "<w:rPr><w:b/></w:rPr>"
        );
        assert!(a.nodes[1].preserve && !a.nodes[0].preserve);
    }

    #[test]
    fn decomposed_letters_and_entities_are_matched() {
        // "Hồ" written as H + o + U+0302 + U+0300; "&amp;" is one character.
        let xml = doc("<w:p><w:r><w:t>Ho\u{302}\u{300} sơ &amp; 12</w:t></w:r></w:p>");
        let text = text_of(&xml);
        assert!(text.starts_with("Hồ sơ & 12"));
        let a = Alignment::new(&xml, &text).unwrap();
        let s = text.find("12").unwrap();
        let (p, q) = a.range(s, s + 2).unwrap();
        assert_eq!(&xml[p.offset..q.offset], "12");
        let s = text.find('&').unwrap();
        let (p, q) = a.range(s, s + 1).unwrap();
        assert_eq!(&xml[p.offset..q.offset], "&amp;");
    }

    #[test]
    fn blank_spans_become_a_point_and_deleted_text_is_skipped() {
        let xml = doc(
            "<w:p><w:r><w:delText>99</w:delText></w:r><w:r><w:t>Số:</w:t></w:r><w:r><w:tab/><w:t>/KH</w:t></w:r></w:p>",
        );
        let text = text_of(&xml);
        assert_eq!(text, "Số:\t/KH\n");
        let a = Alignment::new(&xml, &text).unwrap();
        let tab = text.find('\t').unwrap();
        let (p, q) = a.range(tab, tab + 1).unwrap();
        assert_eq!(p, q);
        assert_eq!(&xml[p.offset - 1..p.offset], ":");
    }

    #[test]
    fn text_boxes_are_read_but_not_anchored() {
        let xml = doc(
            r#"<w:p><w:r><w:t>12 hồ sơ</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>34</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>"#,
        );
        let text = text_of(&xml);
        let a = Alignment::new(&xml, &text).unwrap();
        assert!(a.nodes[0].run_props.is_some());
        assert!(a.nodes[1].run_props.is_none());
    }

    #[test]
    fn other_text_is_refused() {
        let xml = doc("<w:p><w:r><w:t>12 hồ sơ</w:t></w:r></w:p>");
        assert!(Alignment::new(&xml, "13 hồ sơ").is_err());
        // Letters differ (a converted legacy font) but the digits agree.
        let a = Alignment::new(&xml, "12 hå s¬").unwrap();
        assert_eq!(a.mode, Mode::Digits);
        assert!(a.range(3, 5).is_none());
    }
}
