//! The package parts a comment needs besides the document: the comments
//! part itself, its relationship from the document, and its content type.
//! Existing comments, relationships and types are kept as they are.

use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::Reader;

pub const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
pub const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// One comment: its id and its paragraphs.
pub struct Comment {
    pub id: u32,
    pub paragraphs: Vec<String>,
}

/// Every `(element local name, attribute, value)` of a small XML part.
fn attributes(xml: &str, element: &str) -> Vec<Vec<(String, String)>> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let qname = e.name();
                if crate::ingest::docx::local(qname.as_ref()) != element {
                    continue;
                }
                out.push(
                    e.attributes()
                        .flatten()
                        .map(|a| {
                            let key = AsRef::<str>::as_ref(&a.key).to_string();
                            let value = a
                                .normalized_value(quick_xml::XmlVersion::default())
                                .map(|v| v.into_owned())
                                .unwrap_or_default();
                            (key, value)
                        })
                        .collect(),
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn get<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key || crate::ingest::docx::local(k) == key)
        .map(|(_, v)| v.as_str())
}

/// The largest `w:id` used by comments in these parts (None: no comment).
pub fn max_comment_id(parts: &[&str]) -> Option<u32> {
    parts
        .iter()
        .flat_map(|x| {
            [
                "comment",
                "commentRangeStart",
                "commentRangeEnd",
                "commentReference",
            ]
            .into_iter()
            .flat_map(|el| attributes(x, el))
        })
        .filter_map(|a| get(&a, "id").and_then(|v| v.parse().ok()))
        .max()
}

/// The target of the document's comments relationship, if it has one.
pub fn comments_target(rels: &str) -> Option<String> {
    attributes(rels, "Relationship")
        .into_iter()
        .find(|a| get(a, "Type") == Some(COMMENTS_TYPE) && get(a, "TargetMode") != Some("External"))
        .and_then(|a| get(&a, "Target").map(str::to_string))
}

fn insert_before_close(xml: &str, close: &str, add: &str) -> Option<String> {
    let at = xml.rfind(close)?;
    let mut out = xml.to_string();
    out.insert_str(at, add);
    Some(out)
}

/// The document's relationships with one to `target` added (a new part
/// when `rels` is None).
pub fn add_comments_relationship(rels: Option<&str>, target: &str) -> String {
    let ids: Vec<String> = rels
        .map(|r| {
            attributes(r, "Relationship")
                .iter()
                .filter_map(|a| get(a, "Id").map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let id = (1..)
        .map(|n| format!("rIdCchc{n}"))
        .find(|c| !ids.contains(c))
        .unwrap_or_default();
    let rel = format!(
        r#"<Relationship Id="{id}" Type="{COMMENTS_TYPE}" Target="{}"/>"#,
        escape(target)
    );
    rels.and_then(|r| insert_before_close(r, "</Relationships>", &rel))
        .unwrap_or_else(|| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<Relationships xmlns="{RELS_NS}">{rel}</Relationships>"#,
                "\n"
            )
        })
}

/// `[Content_Types].xml` with the comments part's type declared, if it is not.
pub fn add_content_type(types: &str, part_name: &str) -> Option<String> {
    let declared = attributes(types, "Override")
        .iter()
        .any(|a| get(a, "PartName").is_some_and(|p| p.eq_ignore_ascii_case(part_name)));
    if declared {
        return Some(types.to_string());
    }
    insert_before_close(
        types,
        "</Types>",
        &format!(
            r#"<Override PartName="{}" ContentType="{COMMENTS_CONTENT_TYPE}"/>"#,
            escape(part_name)
        ),
    )
}

fn comment_xml(c: &Comment) -> String {
    let mut s = format!(
        r#"<w:comment w:id="{}" w:author="cchc" w:initials="cchc">"#,
        c.id
    );
    for p in &c.paragraphs {
        s.push_str(&format!(
            r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
            escape(p)
        ));
    }
    s.push_str("</w:comment>");
    s
}

/// The comments part: `existing` with `comments` appended, or a new one.
pub fn comments_part(existing: Option<&str>, comments: &[Comment]) -> Option<String> {
    let body: String = comments.iter().map(comment_xml).collect();
    match existing {
        Some(x) => insert_before_close(x, "</w:comments>", &body),
        None => Some(format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:comments xmlns:w="{W_NS}">{body}</w:comments>"#,
            "\n"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

    #[test]
    fn a_relationship_and_a_type_are_added_once() {
        assert_eq!(comments_target(RELS), None);
        let rels = add_comments_relationship(Some(RELS), "comments.xml");
        assert_eq!(comments_target(&rels).as_deref(), Some("comments.xml"));
        assert!(rels.contains(r#"Id="rIdCchc1""#));
        let types = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
        let once = add_content_type(types, "/word/comments.xml").unwrap();
        assert!(once.contains(COMMENTS_CONTENT_TYPE));
        assert_eq!(add_content_type(&once, "/word/comments.xml").unwrap(), once);
    }

    #[test]
    fn comment_ids_continue_after_existing_ones() {
        let existing =
            r#"<w:comments xmlns:w="x"><w:comment w:id="4"><w:p/></w:comment></w:comments>"#;
        assert_eq!(max_comment_id(&[existing]), Some(4));
        let part = comments_part(
            Some(existing),
            &[Comment {
                id: 5,
                paragraphs: vec!["85,44% < 87,34% & more".into()],
            }],
        )
        .unwrap();
        assert!(part.contains(r#"<w:comment w:id="5""#));
        assert!(part.contains("85,44% &lt; 87,34% &amp; more"));
        assert_eq!(max_comment_id(&[&part]), Some(5));
    }
}
