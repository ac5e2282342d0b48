//! Stage 5 of the pipeline, **emit**: the clerk's own Word file with a
//! comment on every place a finding points at (`cchc check --annotate
//! OUT.docx IN.docx`). The comment says what `cchc check` says — severity,
//! rule, message, the arithmetic of its notes — and is anchored on the
//! figure's digits, so the clerk fixes the numbers where the comments
//! point. Every other part of the package is copied byte for byte; the
//! document part only gains comment ranges and split runs, so it reads as
//! the same text.
//!
//! [`align`] ties the reader's text back to `word/document.xml`, [`edit`]
//! puts the ranges in, [`parts`] writes the comments part, its
//! relationship and its content type.

pub mod align;
pub mod edit;
pub mod parts;

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use crate::emit::places::places;
use crate::emit::view::labels;
use crate::ingest::docx::{document_xml, MAX_XML_BYTES};
use crate::model::DocumentOutput;

/// The annotated file and what went into it.
#[derive(Debug)]
pub struct Annotated {
    pub bytes: Vec<u8>,
    /// Comments written (one per place).
    pub comments: usize,
    /// Places that could not be anchored (in a drawing or a formula, or
    /// with no digit in a legacy-encoded document).
    pub unplaced: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    #[error("the Word file cannot be read: {0}")]
    Read(String),
    #[error("cannot place the comments: {0}")]
    Align(String),
    #[error("cannot write the annotated Word file: {0}")]
    Write(String),
}

const DOCUMENT: &str = "word/document.xml";
const RELS: &str = "word/_rels/document.xml.rels";
const TYPES: &str = "[Content_Types].xml";

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

/// The text of the comment on one place: each finding there, then its notes.
fn comment_text(doc: &DocumentOutput, findings: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    for &i in findings {
        let f = &doc.findings[i];
        out.push(format!(
            "{} [{}]: {}",
            labels::severity(f.severity),
            f.rule,
            f.message
        ));
        out.extend(f.notes.iter().map(|n| format!("– {n}")));
    }
    out
}

/// Every place the findings point at, once, in text order, with the
/// findings that point there.
fn grouped(doc: &DocumentOutput) -> Vec<((usize, usize), Vec<usize>)> {
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut out: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    for (i, f) in doc.findings.iter().enumerate() {
        for p in places(doc, f) {
            let key = (p.place.span.start, p.place.span.end);
            let k = *index.entry(key).or_insert_with(|| {
                out.push((key, Vec::new()));
                out.len() - 1
            });
            if !out[k].1.contains(&i) {
                out[k].1.push(i);
            }
        }
    }
    out.sort_by_key(|g| g.0);
    out
}

/// Annotate `docx`, from which the pipeline read `doc` and `text`.
pub fn annotate(docx: &[u8], doc: &DocumentOutput, text: &str) -> Result<Annotated, AnnotateError> {
    let xml = document_xml(docx, MAX_XML_BYTES).map_err(|e| AnnotateError::Read(e.message))?;
    let xml = String::from_utf8(xml)
        .map_err(|_| AnnotateError::Read("word/document.xml is not UTF-8".into()))?;
    let mut zip =
        zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| AnnotateError::Read(e.to_string()))?;
    let rels = read_part(&mut zip, RELS);
    let types = read_part(&mut zip, TYPES)
        .ok_or_else(|| AnnotateError::Read(format!("{TYPES} is missing")))?;
    let target = rels.as_deref().and_then(parts::comments_target);
    let comments_path = match &target {
        Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_string(),
        Some(t) => format!("word/{t}"),
        None if zip.by_name("word/comments.xml").is_ok() => "word/cchc-comments.xml".into(),
        None => "word/comments.xml".into(),
    };
    let existing = target
        .as_ref()
        .and_then(|_| read_part(&mut zip, &comments_path));

    let align = align::Alignment::new(&xml, text).map_err(AnnotateError::Align)?;
    let first_id =
        parts::max_comment_id(&[&xml, existing.as_deref().unwrap_or("")]).map_or(0, |m| m + 1);
    let mut anchors = Vec::new();
    let mut comments = Vec::new();
    let mut unplaced = 0;
    for ((start, end), findings) in grouped(doc) {
        let placed = align.range(start, end).filter(|(p, q)| {
            align.nodes[p.node].run_props.is_some() && align.nodes[q.node].run_props.is_some()
        });
        let Some((start, end)) = placed else {
            unplaced += 1;
            continue;
        };
        let id = first_id + comments.len() as u32;
        anchors.push(edit::Anchor { id, start, end });
        comments.push(parts::Comment {
            id,
            paragraphs: comment_text(doc, &findings),
        });
    }
    if comments.is_empty() {
        return Ok(Annotated {
            bytes: docx.to_vec(),
            comments: 0,
            unplaced,
        });
    }

    let mut replaced: HashMap<String, String> = HashMap::new();
    replaced.insert(DOCUMENT.into(), edit::insert(&xml, &align.nodes, &anchors));
    let part = parts::comments_part(existing.as_deref(), &comments)
        .ok_or_else(|| AnnotateError::Read(format!("{comments_path} has no </w:comments>")))?;
    replaced.insert(comments_path.clone(), part);
    if target.is_none() {
        let target = comments_path.trim_start_matches("word/");
        replaced.insert(
            RELS.into(),
            parts::add_comments_relationship(rels.as_deref(), target),
        );
    }
    let types = parts::add_content_type(&types, &format!("/{comments_path}"))
        .ok_or_else(|| AnnotateError::Read(format!("{TYPES} has no </Types>")))?;
    replaced.insert(TYPES.into(), types);
    let bytes = write_zip(&mut zip, replaced).map_err(|e| AnnotateError::Write(e.to_string()))?;
    Ok(Annotated {
        bytes,
        comments: comments.len(),
        unplaced,
    })
}

/// A copy of `zip` with the `replaced` parts rewritten (or added) and every
/// other entry copied as it is stored.
fn write_zip(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    mut replaced: HashMap<String, String>,
) -> zip::result::ZipResult<Vec<u8>> {
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i)?;
        let name = entry.name()?.into_owned();
        match replaced.remove(&name) {
            Some(content) => {
                drop(entry);
                w.start_file(name, opts)?;
                w.write_all(content.as_bytes())?;
            }
            None => w.raw_copy_file(entry)?,
        }
    }
    let mut added: Vec<_> = replaced.into_iter().collect();
    added.sort();
    for (name, content) in added {
        w.start_file(name, opts)?;
        w.write_all(content.as_bytes())?;
    }
    Ok(w.finish()?.into_inner())
}
