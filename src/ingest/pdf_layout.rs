//! PDF page text laid out by position (ingest stage, used by [`super::pdf`]).
//!
//! lopdf's own `extract_text` writes the strings of a content stream in
//! stream order, one line per text object, with no positions. Producers draw
//! one visual line in several objects (LibreOffice: a table cell, a
//! no-break space, a font switch; Chromium: every word), so that text splits
//! a table row into one cell per line and runs two paragraphs together when
//! the blank line between them is only white space on the page.
//!
//! Here the content stream is interpreted far enough to know where each
//! string is drawn (text matrix, CTM, font size, glyph widths), and the page
//! is rebuilt the way a reader sees it, as `pdftotext -layout` does:
//! strings on one baseline are one line, ordered left to right; a wide gap
//! between two strings on a line, or a drawn vertical rule between them, is a
//! cell boundary (`\t`); a vertical gap of more than a line and a half is a
//! blank line (a paragraph or table-row break). Font encodings are lopdf's.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

/// A gap wider than this many ems between two strings on a line is a cell
/// boundary. Justified prose stretches word gaps to well under one em.
const CELL_GAP_EM: f32 = 1.5;
/// A gap wider than this many ems is a word space (kerning is far smaller).
const SPACE_GAP_EM: f32 = 0.15;
/// Baselines closer than this many ems are one line (sub/superscripts too).
const SAME_LINE_EM: f32 = 0.45;
/// A line pitch larger than this many ems leaves a blank line.
const BLANK_LINE_EM: f32 = 1.6;

/// A 2-D affine matrix `[a b c d e f]`, as PDF writes it.
type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

fn translate(tx: f32, ty: f32) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

/// One string as drawn: its text, where it starts and ends on the baseline
/// (device space, y up), and its rendered size.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
}

/// A drawn vertical rule (a table's column border).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    pub x: f32,
    pub y0: f32,
    pub y1: f32,
}

/// What a page draws that matters for its text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawn {
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
}

/// Glyph widths of a font, in thousandths of an em.
struct Font<'a> {
    encoding: Encoding<'a>,
    two_byte: bool,
    first: i64,
    widths: Vec<f32>,
    cid_widths: BTreeMap<u32, f32>,
    default: f32,
}

impl Font<'_> {
    fn width(&self, code: u32) -> f32 {
        if self.two_byte {
            return self.cid_widths.get(&code).copied().unwrap_or(self.default);
        }
        usize::try_from(code as i64 - self.first)
            .ok()
            .and_then(|i| self.widths.get(i).copied())
            .filter(|w| *w > 0.0)
            .unwrap_or(self.default)
    }
}

fn number(doc: &Document, o: &Object) -> Option<f32> {
    doc.dereference(o).ok()?.1.as_float().ok()
}

fn array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Vec<Object>> {
    dict.get_deref(key, doc).ok()?.as_array().ok()
}

fn load_font<'a>(doc: &'a Document, dict: &'a Dictionary, limit: usize) -> lopdf::Result<Font<'a>> {
    let encoding = dict.get_font_encoding_with_limit(doc, limit)?;
    let two_byte = dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|s| s == b"Type0");
    let mut font = Font {
        encoding,
        two_byte,
        first: 0,
        widths: Vec::new(),
        cid_widths: BTreeMap::new(),
        // Unknown widths (the standard 14 fonts carry none): an average
        // Latin glyph, so positions drift but gaps keep their order.
        default: 500.0,
    };
    if two_byte {
        font.default = 1000.0;
        let descendant = array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        if let Some(cid) = descendant {
            if let Some(dw) = cid.get(b"DW").ok().and_then(|o| number(doc, o)) {
                font.default = dw;
            }
            if let Some(w) = array(doc, cid, b"W") {
                read_cid_widths(doc, w, &mut font.cid_widths);
            }
        }
    } else {
        font.first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(|o| number(doc, o))
            .unwrap_or(0.0) as i64;
        if let Some(w) = array(doc, dict, b"Widths") {
            font.widths = w.iter().map(|o| number(doc, o).unwrap_or(0.0)).collect();
        }
        let missing = dict
            .get_deref(b"FontDescriptor", doc)
            .ok()
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(|o| number(doc, o));
        if let Some(m) = missing.filter(|m| *m > 0.0) {
            font.default = m;
        }
    }
    Ok(font)
}

/// More glyph widths than any real font has (a CID font has at most 65,536
/// glyphs): a hostile `/W` array stops here instead of filling memory.
const MAX_CID_WIDTHS: usize = 1 << 17;

/// A CID font's `/W` array: `c [w1 w2 …]` or `c_first c_last w`.
fn read_cid_widths(doc: &Document, w: &[Object], out: &mut BTreeMap<u32, f32>) {
    let mut i = 0;
    // Bounded: a hostile array cannot make this loop longer than itself,
    // and a range is capped so that it cannot fill memory.
    while i < w.len() && out.len() < MAX_CID_WIDTHS {
        let Some(first) = number(doc, &w[i]) else {
            break;
        };
        let first = first as u32;
        match w.get(i + 1).map(|o| doc.dereference(o).map(|(_, o)| o)) {
            Some(Ok(Object::Array(ws))) => {
                for (k, o) in ws.iter().enumerate() {
                    if let Some(v) = number(doc, o) {
                        out.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(Ok(o)) => {
                let (Some(last), Some(v)) =
                    (o.as_float().ok(), w.get(i + 2).and_then(|o| number(doc, o)))
                else {
                    break;
                };
                let room = (MAX_CID_WIDTHS - out.len()) as u32;
                let last = (last as u32).min(first.saturating_add(room));
                for c in first..=last {
                    out.insert(c, v);
                }
                i += 3;
            }
            _ => break,
        }
    }
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Vec<u8>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

fn operand(ops: &[Object], i: usize) -> f32 {
    ops.get(i).and_then(|o| o.as_float().ok()).unwrap_or(0.0)
}

fn matrix(ops: &[Object]) -> Option<Matrix> {
    if ops.len() < 6 {
        return None;
    }
    let mut m = [0.0; 6];
    for (k, v) in m.iter_mut().enumerate() {
        *v = ops[k].as_float().ok()?;
    }
    m.iter().all(|v| v.is_finite()).then_some(m)
}

/// Interpret a page's content stream: every string drawn, with its place,
/// and the vertical rules. Errors where lopdf's `extract_text` errors (a
/// font whose encoding cannot be read, text in an unknown encoding, content
/// that does not parse), so that damaged pages are still found.
pub fn draw_page(doc: &Document, page: ObjectId, limit: usize) -> lopdf::Result<Drawn> {
    let mut fonts = BTreeMap::new();
    for (name, dict) in doc.get_page_fonts(page)? {
        fonts.insert(name, load_font(doc, dict, limit)?);
    }
    let content = doc.get_page_content_with_limit(page, limit)?;
    let content = Content::decode(&content)?;
    let mut out = Drawn::default();
    let mut st = State {
        ctm: IDENTITY,
        font: None,
        size: 0.0,
        char_space: 0.0,
        word_space: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    let mut stack: Vec<State> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    // The current path, for rules: (x, y) of the last point and its segments.
    let mut path: Vec<((f32, f32), (f32, f32))> = Vec::new();
    let mut cursor = (0.0f32, 0.0f32);
    for op in &content.operations {
        let ops = &op.operands;
        match op.operator.as_str() {
            // Hostile streams nest q without end; past the depth PDF
            // allows, the extra saves are ignored.
            "q" if stack.len() < 256 => stack.push(st.clone()),
            "Q" => {
                if let Some(s) = stack.pop() {
                    st = s;
                }
            }
            "cm" => {
                if let Some(m) = matrix(ops) {
                    st.ctm = mul(&m, &st.ctm);
                }
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" => {
                st.font = ops
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .map(<[u8]>::to_vec);
                st.size = operand(ops, 1);
            }
            "Tc" => st.char_space = operand(ops, 0),
            "Tw" => st.word_space = operand(ops, 0),
            "Tz" => st.scale = operand(ops, 0) / 100.0,
            "TL" => st.leading = operand(ops, 0),
            "Ts" => st.rise = operand(ops, 0),
            "Td" | "TD" => {
                let (tx, ty) = (operand(ops, 0), operand(ops, 1));
                if op.operator == "TD" {
                    st.leading = -ty;
                }
                tlm = mul(&translate(tx, ty), &tlm);
                tm = tlm;
            }
            "Tm" => {
                if let Some(m) = matrix(ops) {
                    tlm = m;
                    tm = m;
                }
            }
            "T*" => {
                tlm = mul(&translate(0.0, -st.leading), &tlm);
                tm = tlm;
            }
            "Tj" | "'" | "\"" | "TJ" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    tlm = mul(&translate(0.0, -st.leading), &tlm);
                    tm = tlm;
                }
                let Some(font) = st.font.as_ref().and_then(|f| fonts.get(f)) else {
                    continue;
                };
                let shown: &[Object] = match op.operator.as_str() {
                    "\"" => ops.get(2).map(std::slice::from_ref).unwrap_or(&[]),
                    "TJ" => ops
                        .first()
                        .and_then(|o| o.as_array().ok())
                        .map_or(&[], |v| v.as_slice()),
                    _ => ops.get(..1).unwrap_or(&[]),
                };
                for item in shown {
                    match item {
                        Object::String(bytes, _) => {
                            out.runs.push(show(font, bytes, &st, &mut tm)?);
                        }
                        Object::Integer(_) | Object::Real(_) => {
                            let adjust = -operand(std::slice::from_ref(item), 0) / 1000.0;
                            tm = mul(&translate(adjust * st.size * st.scale, 0.0), &tm);
                        }
                        _ => {}
                    }
                }
            }
            "m" => cursor = apply(&st.ctm, operand(ops, 0), operand(ops, 1)),
            "l" => {
                let to = apply(&st.ctm, operand(ops, 0), operand(ops, 1));
                path.push((cursor, to));
                cursor = to;
            }
            "re" => {
                let (x, y, w, h) = (
                    operand(ops, 0),
                    operand(ops, 1),
                    operand(ops, 2),
                    operand(ops, 3),
                );
                let a = apply(&st.ctm, x, y);
                let b = apply(&st.ctm, x + w, y + h);
                // A filled hairline rectangle is how browsers draw borders.
                path.push(((a.0.min(b.0), a.1), (a.0.max(b.0), b.1)));
            }
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                for (a, b) in path.drain(..) {
                    let (w, h) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
                    if w < 2.0 && h > 4.0 {
                        out.rules.push(Rule {
                            x: (a.0 + b.0) / 2.0,
                            y0: a.1.min(b.1),
                            y1: a.1.max(b.1),
                        });
                    }
                }
            }
            "n" => path.clear(),
            _ => {}
        }
    }
    Ok(out)
}

/// Draw one string: decode it, measure it with the font's widths and move
/// the text matrix past it.
fn show(font: &Font, bytes: &[u8], st: &State, tm: &mut Matrix) -> lopdf::Result<Run> {
    let mut text = String::new();
    font.encoding.write_to_string(bytes, &mut text)?;
    let trm = mul(tm, &st.ctm);
    let (x0, y) = apply(&trm, 0.0, st.rise);
    let codes: Box<dyn Iterator<Item = u32>> = if font.two_byte {
        Box::new(
            bytes
                .chunks(2)
                .map(|c| c.iter().fold(0u32, |a, &b| a << 8 | b as u32)),
        )
    } else {
        Box::new(bytes.iter().map(|&b| b as u32))
    };
    let mut advance = 0.0;
    for code in codes {
        let space = if !font.two_byte && code == 32 {
            st.word_space
        } else {
            0.0
        };
        advance += (font.width(code) / 1000.0 * st.size + st.char_space + space) * st.scale;
    }
    *tm = mul(&translate(advance, 0.0), tm);
    let (x1, _) = apply(&mul(tm, &st.ctm), 0.0, st.rise);
    let size = (st.size * (trm[2] * trm[2] + trm[3] * trm[3]).sqrt()).abs();
    Ok(Run {
        text,
        x0: x0.min(x1),
        x1: x0.max(x1),
        y,
        size: if size.is_finite() && size > 0.0 {
            size
        } else {
            10.0
        },
    })
}

/// One cell of a visual line: the strings between two cell boundaries.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
}

/// One visual line: a baseline, its largest font size, its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub y: f32,
    pub em: f32,
    pub cells: Vec<Cell>,
}

/// The page's visual lines, top to bottom, each cut into cells where its
/// strings stand far apart or a rule separates them.
pub fn lines(drawn: &Drawn) -> Vec<Line> {
    let mut runs: Vec<&Run> = drawn
        .runs
        .iter()
        .filter(|r| !r.text.is_empty() && r.x0.is_finite() && r.y.is_finite())
        .collect();
    // Top of the page first; the sort is stable, so strings drawn at the
    // same place keep their stream order.
    runs.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut groups: Vec<Vec<&Run>> = Vec::new();
    for r in runs {
        match groups.last_mut() {
            Some(g) if g[0].y - r.y <= SAME_LINE_EM * g[0].size.max(r.size) => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    groups
        .into_iter()
        .map(|mut g| {
            g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let y = g[0].y;
            let em = g.iter().map(|r| r.size).fold(0.0f32, f32::max);
            let mut cells: Vec<Cell> = Vec::new();
            for r in g {
                // A producer's own tab glyph is a wide space, not one of our
                // cell boundaries.
                let text: String = r
                    .text
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect();
                if let Some(cell) = cells.last_mut() {
                    let gap = r.x0 - cell.x1;
                    let ruled = drawn.rules.iter().any(|k| {
                        k.x > cell.x1 - 0.5 && k.x < r.x0 + 0.5 && k.y0 <= y + em * 0.5 && k.y1 >= y
                    });
                    if !ruled && gap <= CELL_GAP_EM * em {
                        if gap > SPACE_GAP_EM * em
                            && !cell.text.ends_with([' ', '\u{A0}'])
                            && !text.starts_with([' ', '\u{A0}'])
                        {
                            cell.text.push(' ');
                        }
                        cell.text.push_str(&text);
                        cell.x1 = cell.x1.max(r.x1);
                        continue;
                    }
                }
                cells.push(Cell {
                    x0: r.x0,
                    x1: r.x1,
                    text,
                });
            }
            Line { y, em, cells }
        })
        .collect()
}

/// Lines closer than this many ems belong to one table row when the row
/// has cells: wrapped cell text and vertically centred cells sit at one
/// line pitch or half of it, while rows are padded apart.
const ROW_PITCH_EM: f32 = 1.35;
/// How far (points) a continuation line may start from its column's edge.
const COLUMN_SLACK: f32 = 1.5;

/// The page's text: lines top to bottom, strings left to right, `\t`
/// between cells, a blank line where the page leaves one. A table row whose
/// cells wrap over several lines comes out as one line, each cell's text
/// joined in reading order.
pub fn lay_out(drawn: &Drawn) -> String {
    let lines = lines(drawn);
    let columns = column_edges(&lines);
    let mut out = String::new();
    let mut previous: Option<(f32, f32)> = None;
    let mut i = 0;
    while i < lines.len() {
        let mut j = i + 1;
        while j < lines.len()
            && lines[j - 1].y - lines[j].y <= ROW_PITCH_EM * lines[j].em.max(lines[j - 1].em)
        {
            j += 1;
        }
        for row in rows(&lines[i..j], &columns) {
            if let Some((py, pem)) = previous {
                out.push('\n');
                if py - row.top > BLANK_LINE_EM * row.em.max(pem) {
                    out.push('\n');
                }
            }
            previous = Some((row.bottom, row.em));
            out.push_str(&row.text);
        }
        i = j;
    }
    out.push('\n');
    out
}

/// Left edges of the page's table columns: where the cells of lines with
/// more than one cell start, on at least two such lines (a centred header
/// cell starts where no other cell does).
fn column_edges(lines: &[Line]) -> Vec<f32> {
    let mut starts: Vec<f32> = lines
        .iter()
        .filter(|l| l.cells.len() > 1)
        .flat_map(|l| l.cells.iter().map(|c| c.x0))
        .collect();
    starts.sort_by(f32::total_cmp);
    let mut edges: Vec<(f32, usize)> = Vec::new();
    for x in starts {
        match edges.last_mut() {
            Some((e, n)) if x - *e <= COLUMN_SLACK => *n += 1,
            _ => edges.push((x, 1)),
        }
    }
    edges
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(e, _)| e)
        .collect()
}

/// One output line: its text and the baselines it spans.
struct Row {
    text: String,
    top: f32,
    bottom: f32,
    em: f32,
}

fn plain(line: &Line) -> Row {
    let text: Vec<&str> = line.cells.iter().map(|c| c.text.as_str()).collect();
    Row {
        text: text.join("\t"),
        top: line.y,
        bottom: line.y,
        em: line.em,
    }
}

/// A cell that starts on a column edge of the page (`edges`) or of its own
/// rows (`own`), and ends before the rows' next column.
fn in_column(cell: &Cell, edges: &[f32], own: &[f32]) -> bool {
    let near = |x: &f32| (x - cell.x0).abs() <= COLUMN_SLACK;
    if !edges.iter().any(near) && !own.iter().any(near) {
        return false;
    }
    own.iter()
        .filter(|&&x| x > cell.x0 + COLUMN_SLACK)
        .all(|&next| cell.x1 <= next + COLUMN_SLACK)
}

/// Lines closer than this many ems are one row whatever their cells: a
/// vertically centred cell sits half a line off its neighbours, and two rows
/// are never that close.
const HALF_LINE_EM: f32 = 0.8;

/// The rows of a run of closely spaced lines. Lines half a line apart are
/// one row; a row with several cells anchors the one-cell lines that sit in
/// its columns, each joining the nearest anchor (the one above on a tie)
/// unless a line of prose stands between them. Anything else stays a line
/// of its own.
fn rows(group: &[Line], columns: &[f32]) -> Vec<Row> {
    let n = group.len();
    // Each line's cluster (lines half a line apart), by its first line.
    let mut first = vec![0usize; n];
    for k in 1..n {
        let close = group[k - 1].y - group[k].y < HALF_LINE_EM * group[k].em.max(group[k - 1].em);
        first[k] = if close { first[k - 1] } else { k };
    }
    // A cluster with a line of several cells is a row's anchor.
    let mut anchor = vec![false; n];
    for k in (0..n).filter(|&k| group[k].cells.len() > 1) {
        anchor[first[k]] = true;
    }
    let anchored: Vec<bool> = (0..n).map(|k| anchor[first[k]]).collect();
    let own: Vec<f32> = (0..n)
        .filter(|&k| anchored[k] && group[k].cells.len() > 1)
        .flat_map(|k| group[k].cells.iter().map(|c| c.x0))
        .collect();
    let fits: Vec<bool> = group
        .iter()
        .map(|l| l.cells.iter().all(|c| in_column(c, columns, &own)))
        .collect();
    // Each line's row: the first line of its anchor cluster, or itself.
    let mut owner: Vec<usize> = (0..n).collect();
    for k in 0..n {
        if anchored[k] {
            owner[k] = first[k];
            continue;
        }
        if !fits[k] {
            continue;
        }
        let above = nearest_anchor((0..k).rev(), &anchored, &fits);
        let below = nearest_anchor(k + 1..n, &anchored, &fits);
        let dist = |j: usize| (group[j].y - group[k].y).abs();
        let pick = match (above, below) {
            (Some(a), Some(b)) => Some(if dist(b) < dist(a) { b } else { a }),
            (a, b) => a.or(b),
        };
        if let Some(j) = pick {
            owner[k] = first[j];
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &o) in owner.iter().enumerate() {
        members[o].push(k);
    }
    let mut out = Vec::new();
    for (k, members) in members.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        if members.len() == 1 {
            out.push(plain(&group[k]));
            continue;
        }
        // Cells by column, each column's text top to bottom.
        let mut cols: Vec<(f32, String)> = Vec::new();
        for &j in members {
            for c in &group[j].cells {
                match cols
                    .iter_mut()
                    .find(|(x, _)| (x - c.x0).abs() <= COLUMN_SLACK)
                {
                    Some((_, t)) => {
                        if !t.ends_with([' ', '\u{A0}']) {
                            t.push(' ');
                        }
                        t.push_str(&c.text);
                    }
                    None => cols.push((c.x0, c.text.clone())),
                }
            }
        }
        cols.sort_by(|a, b| a.0.total_cmp(&b.0));
        let text: Vec<&str> = cols.iter().map(|(_, t)| t.as_str()).collect();
        out.push(Row {
            text: text.join("\t"),
            top: group[members[0]].y,
            bottom: group[members[members.len() - 1]].y,
            em: members.iter().map(|&j| group[j].em).fold(0.0, f32::max),
        });
    }
    out
}

/// The first anchored line in `range`, unless a line that fits no column
/// (prose) comes first.
fn nearest_anchor(
    mut range: impl Iterator<Item = usize>,
    anchored: &[bool],
    fits: &[bool],
) -> Option<usize> {
    range
        .find(|&j| anchored[j] || !fits[j])
        .filter(|&j| anchored[j])
}

/// Debug aid: every line's baseline, size and cells with their x.
pub fn debug_lines(drawn: &Drawn) -> String {
    lines(drawn)
        .iter()
        .map(|l| {
            let cells: Vec<String> = l
                .cells
                .iter()
                .map(|c| format!("[{:.0}-{:.0}] {}", c.x0, c.x1, c.text))
                .collect();
            format!("{:7.1} {:4.1} {}\n", l.y, l.em, cells.join(" | "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, x0: f32, x1: f32, y: f32) -> Run {
        Run {
            text: text.into(),
            x0,
            x1,
            y,
            size: 10.0,
        }
    }

    #[test]
    fn one_baseline_is_one_line_in_x_order() {
        let drawn = Drawn {
            runs: vec![
                run("TTHC đã giải quyết xong", 80.0, 200.0, 700.0),
                run("Số hồ sơ", 20.0, 60.0, 700.0),
                run("\u{a0}", 62.0, 65.0, 700.2),
            ],
            rules: vec![],
        };
        assert_eq!(lay_out(&drawn), "Số hồ sơ\u{a0}TTHC đã giải quyết xong\n");
    }

    #[test]
    fn wide_gap_or_rule_is_a_cell_boundary() {
        let mut drawn = Drawn {
            runs: vec![
                run("2.2", 20.0, 35.0, 700.0),
                run("Tỷ lệ TTHC", 60.0, 120.0, 700.0),
                run("100", 123.0, 140.0, 700.0),
            ],
            rules: vec![],
        };
        assert_eq!(lay_out(&drawn), "2.2\tTỷ lệ TTHC 100\n");
        drawn.rules.push(Rule {
            x: 121.5,
            y0: 690.0,
            y1: 712.0,
        });
        assert_eq!(lay_out(&drawn), "2.2\tTỷ lệ TTHC\t100\n");
    }

    #[test]
    fn a_vertical_gap_is_a_blank_line_a_line_pitch_is_not() {
        let drawn = Drawn {
            runs: vec![
                run("mức độ 4", 20.0, 80.0, 700.0),
                run("%", 20.0, 30.0, 677.0),
                run("dòng tiếp", 20.0, 80.0, 665.0),
            ],
            rules: vec![],
        };
        assert_eq!(lay_out(&drawn), "mức độ 4\n\n%\ndòng tiếp\n");
    }

    #[test]
    fn kerned_pieces_of_a_word_join_without_space() {
        let drawn = Drawn {
            runs: vec![
                run("Ch", 20.0, 31.0, 700.0),
                run("ỉ tiêu", 31.2, 60.0, 700.0),
            ],
            rules: vec![],
        };
        assert_eq!(lay_out(&drawn), "Chỉ tiêu\n");
    }

    #[test]
    fn cid_widths_read_both_forms_and_a_hostile_array_is_capped() {
        let doc = Document::new();
        let mut out = BTreeMap::new();
        let w = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(250), Object::Real(333.5)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(600),
        ];
        read_cid_widths(&doc, &w, &mut out);
        assert_eq!(out.get(&4), Some(&333.5));
        assert_eq!(out.get(&11), Some(&600.0));
        assert_eq!(out.len(), 5);
        let hostile: Vec<Object> = (0..3000)
            .flat_map(|k| {
                [
                    Object::Integer(k * 70_000),
                    Object::Integer(i64::from(u32::MAX)),
                    Object::Integer(1),
                ]
            })
            .collect();
        let mut out = BTreeMap::new();
        read_cid_widths(&doc, &hostile, &mut out);
        assert!(out.len() <= MAX_CID_WIDTHS + 1);
    }

    #[test]
    fn matrices_compose_as_pdf_does() {
        // Scale by 2, then move by (10, 20): a point at (1, 1) lands on (12, 22).
        let m = mul(&[2.0, 0.0, 0.0, 2.0, 0.0, 0.0], &translate(10.0, 20.0));
        assert_eq!(apply(&m, 1.0, 1.0), (12.0, 22.0));
    }
}
