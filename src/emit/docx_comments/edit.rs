//! Comment ranges put into `word/document.xml`: at each end of an anchor
//! the run is split (closed and reopened with the same properties), and
//! `w:commentRangeStart` / `w:commentRangeEnd` plus the run holding the
//! `w:commentReference` go between the halves. Nothing else changes, so the
//! text reads exactly as before.

use super::align::{Node, Point};

/// A comment to anchor on `start..end` (equal for a point).
#[derive(Clone, Copy, Debug)]
pub struct Anchor {
    pub id: u32,
    pub start: Point,
    pub end: Point,
}

/// What goes at one point, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Marker {
    /// The end of a comment that began earlier.
    End(u32),
    Start(u32),
    /// The end of a comment on a single point (after its start).
    PointEnd(u32),
}

fn marker_xml(m: Marker) -> String {
    match m {
        Marker::Start(id) => format!(r#"<w:commentRangeStart w:id="{id}"/>"#),
        Marker::End(id) | Marker::PointEnd(id) => format!(
            r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#
        ),
    }
}

/// `xml` with `anchors` put in; every anchor's nodes must have run
/// properties (`Node::run_props` is Some).
pub fn insert(xml: &str, nodes: &[Node], anchors: &[Anchor]) -> String {
    let mut at: Vec<(Point, Marker)> = Vec::new();
    for a in anchors {
        at.push((a.start, Marker::Start(a.id)));
        let end = if a.start == a.end {
            Marker::PointEnd(a.id)
        } else {
            Marker::End(a.id)
        };
        at.push((a.end, end));
    }
    at.sort();
    // (offset, text) insertions, applied from the end of the XML backwards.
    let mut edits: Vec<(usize, String)> = Vec::new();
    let mut split_nodes: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < at.len() {
        let p = at[i].0;
        let mut markers = String::new();
        while i < at.len() && at[i].0 == p {
            markers.push_str(&marker_xml(at[i].1));
            i += 1;
        }
        let node = &nodes[p.node];
        let props = node.run_props.clone().map_or("", |r| &xml[r]);
        edits.push((
            p.offset,
            format!(r#"</w:t></w:r>{markers}<w:r>{props}<w:t xml:space="preserve">"#),
        ));
        split_nodes.push(p.node);
    }
    split_nodes.dedup();
    for n in split_nodes {
        let node = &nodes[n];
        if !node.preserve {
            // Before the '>' of `<w:t …>`: a split may leave a space at an edge.
            edits.push((node.start_tag.end - 1, r#" xml:space="preserve""#.into()));
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = xml.to_string();
    for (offset, s) in edits {
        out.insert_str(offset, &s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::align::Alignment;
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
    }

    fn text_of(xml: &str) -> String {
        crate::ingest::docx::text_of_document_xml(xml).unwrap()
    }

    #[test]
    fn a_run_is_split_around_the_digits_and_the_text_is_unchanged() {
        let xml =
            doc(r#"<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>tiếp nhận 327 hồ sơ</w:t></w:r></w:p>"#);
        let text = text_of(&xml);
        let a = Alignment::new(&xml, &text).unwrap();
        let s = text.find("327").unwrap();
        let (start, end) = a.range(s, s + 3).unwrap();
        let out = insert(&xml, &a.nodes, &[Anchor { id: 7, start, end }]);
        assert_eq!(text_of(&out), text);
        assert!(out.contains(
            r#"<w:commentRangeStart w:id="7"/><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">327</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r>"#
        ), "{out}");
        assert!(
            out.contains(r#"<w:t xml:space="preserve">tiếp nhận </w:t>"#),
            "{out}"
        );
    }

    #[test]
    fn a_point_has_its_start_before_its_end() {
        let xml = doc("<w:p><w:r><w:t>Số:</w:t></w:r></w:p>");
        let text = text_of(&xml);
        let a = Alignment::new(&xml, &format!("{text}\t")).unwrap();
        let (start, end) = a.range(text.len(), text.len() + 1).unwrap();
        let out = insert(&xml, &a.nodes, &[Anchor { id: 0, start, end }]);
        let s = out.find("commentRangeStart").unwrap();
        assert!(s < out.find("commentRangeEnd").unwrap());
        assert_eq!(text_of(&out), text);
    }
}
