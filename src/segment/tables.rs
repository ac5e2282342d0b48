//! Part of stage 2 (**segment**): finds table rows so that a row is read as
//! one unit ("Tổng số biên chế được giao trong năm / Người / 23").
//!
//! Three shapes are read, the ones text extraction produces:
//! - **one cell per line** (an appendix flattened by copy-paste or a PDF
//!   text layer): a header line `STT`/`TT` followed by short header cells
//!   (`Chỉ tiêu`, `Nội dung`, `Đơn vị tính`, `Số liệu`…), then rows that start
//!   with a numbering cell (`I`, `1`, `2.1`, `3.3.1`, `1,5`, `a`, or an empty
//!   cell) followed by a label cell;
//! - **tab-separated** lines (two or more cells);
//! - **pipe rows** (`a | b | c`, Markdown-like tables and two-column headers).
//!
//! Rows never overlap; a table's header rows are rows too (`header: true`).

use regex::Regex;
use std::sync::OnceLock;

/// How the cells of a row are laid out in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowShape {
    OneCellPerLine,
    Tab,
    Pipe,
}

/// One table: its header and where its rows are in `Segmented::rows`.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub start: usize,
    pub end: usize,
    pub shape: RowShape,
    /// Header cells (byte ranges of trimmed text), in text order.
    pub header: Vec<(usize, usize)>,
    /// The header names a unit column ("Đơn vị tính", "ĐVT"): rows then
    /// carry their unit in `TableRow::unit`.
    pub has_unit_column: bool,
    /// Index range into `Segmented::rows`.
    pub rows: std::ops::Range<usize>,
}

/// One row of a table, spanning the whole row.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    pub start: usize,
    pub end: usize,
    pub shape: RowShape,
    /// Byte ranges of the cells' trimmed text; an empty cell is an empty
    /// range (or the NBSP-only line that stands for it).
    pub cells: Vec<(usize, usize)>,
    /// Index of this row's table in `Segmented::tables`.
    pub table: usize,
    /// A header row (column names, not data).
    pub header: bool,
    /// Cell index of the row number ("2.1", "IV"), when there is one.
    pub number: Option<usize>,
    /// Cell index of the row's label (the indicator's words).
    pub label: Option<usize>,
    /// Cell index of the unit ("Người", "Triệu đồng", "%") when the table
    /// has a unit column.
    pub unit: Option<usize>,
}

/// A line of the text without its line break: `(start, end)`.
pub type Line = (usize, usize);

fn numbering_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:[IVXL]{1,6}\.?|[0-9]{1,3}(?:[.,][0-9]{1,3}){0,3}\.?|[a-zđ][).]?|[A-ZĐ]\.?)$",
        )
        .expect("numbering regex")
    })
}

fn unit_words_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:%|người|văn bản|vb|hồ sơ|thủ tục|tthc|nhiệm vụ|vấn đề|phiếu|tài khoản|pakn|cuộc|lượt|lượt người|đơn vị|cơ quan|số lượng|điểm|lớp|buổi|tin bài|tin|bài|(?:nghìn |ngàn |triệu |tỷ |tỉ )?(?:đồng|đ)|trđ|tr\.đ|ha|m2|km|hộ|doanh nghiệp|dn|giao dịch|dịch vụ|sáng kiến|mô hình|nv tp giao|nv tỉnh giao)$",
        )
        .expect("unit regex")
    })
}

fn unit_header_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^(?:đơn vị tính|đvt|đơn vị)$").expect("unit header regex"))
}

/// Trimmed byte range of `text[start..end]` (Unicode whitespace, NBSP too).
pub fn trim_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (start + lead, start + lead + t.len())
}

fn is_numbering(s: &str) -> bool {
    numbering_re().is_match(s)
}

/// A row label: words, not a unit name, not a coded choice ("Có = 1").
fn is_label(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !unit_words_re().is_match(s)
        && !s.contains('=')
        && !is_numbering(s)
}

fn is_number_cell(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' '))
}

fn is_unit_cell(s: &str) -> bool {
    unit_words_re().is_match(s)
        || (!s.is_empty()
            && s.chars().count() <= 24
            && !is_number_cell(s)
            && s.chars().any(|c| c.is_alphabetic()))
}

/// Every table and row of the text, given its lines.
pub fn find_tables(text: &str, lines: &[Line]) -> (Vec<Table>, Vec<TableRow>) {
    let mut tables = Vec::new();
    let mut rows = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (s, e) = lines[i];
        let line = &text[s..e];
        if let Some(shape) = separated_shape(line) {
            let mut j = i;
            // Inside a tab table, a row of one filled cell after a tab
            // ("⇥ NV Tỉnh giao", its value cell empty) is still a row.
            let continues = |l: &str| {
                separated_shape(l) == Some(shape)
                    || (shape == RowShape::Tab
                        && l.contains('\t')
                        && l.split('\t').any(|c| !c.trim().is_empty()))
            };
            while j < lines.len() && continues(&text[lines[j].0..lines[j].1]) {
                j += 1;
            }
            read_separated(text, &lines[i..j], shape, &mut tables, &mut rows);
            i = j;
            continue;
        }
        if is_stt_header(text, lines, i) {
            i = read_flattened(text, lines, i, &mut tables, &mut rows);
            continue;
        }
        i += 1;
    }
    (tables, rows)
}

/// Tab or pipe row shape of one line, if it is one.
fn separated_shape(line: &str) -> Option<RowShape> {
    let nonempty = |sep: char| line.split(sep).filter(|c| !c.trim().is_empty()).count();
    if line.contains('\t') {
        let pieces = line.split('\t').count();
        let n = nonempty('\t');
        if n >= 2 || (pieces >= 3 && n >= 1) {
            return Some(RowShape::Tab);
        }
    }
    if line.contains('|') {
        let n = nonempty('|');
        if n >= 2 || (line.trim_start().starts_with('|') && n >= 1) {
            return Some(RowShape::Pipe);
        }
    }
    None
}

fn read_separated(
    text: &str,
    lines: &[Line],
    shape: RowShape,
    tables: &mut Vec<Table>,
    rows: &mut Vec<TableRow>,
) {
    let sep = if shape == RowShape::Tab { '\t' } else { '|' };
    let table = tables.len();
    let first_row = rows.len();
    let mut header = Vec::new();
    let mut unit_col = None;
    let mut in_header = true;
    for (k, &(s, e)) in lines.iter().enumerate() {
        let mut cells = Vec::new();
        let mut at = s;
        for piece in text[s..e].split(sep) {
            let (cs, ce) = trim_range(text, at, at + piece.len());
            cells.push((cs, ce));
            at += piece.len() + sep.len_utf8();
        }
        if shape == RowShape::Pipe {
            // Leading/trailing pipes frame the row; they do not open cells.
            if cells.first().is_some_and(|c| c.0 == c.1) {
                cells.remove(0);
            }
            if cells.last().is_some_and(|c| c.0 == c.1) {
                cells.pop();
            }
        }
        let texts: Vec<&str> = cells.iter().map(|&(a, b)| &text[a..b]).collect();
        let looks_header = texts.iter().all(|t| !is_number_cell(t))
            && (texts
                .iter()
                .any(|t| is_header_word(t) || unit_header_re().is_match(t))
                || (k > 0 && texts.first().is_some_and(|t| t.is_empty())));
        let is_header = in_header && looks_header && k < 3;
        if !is_header {
            in_header = false;
        } else {
            header.extend(cells.iter().copied().filter(|c| c.0 < c.1));
            if unit_col.is_none() {
                unit_col = texts.iter().position(|t| unit_header_re().is_match(t));
            }
        }
        let number = texts.first().filter(|t| is_numbering(t)).map(|_| 0);
        let label = texts
            .iter()
            .enumerate()
            .skip(number.map_or(0, |n| n + 1))
            .find(|(_, t)| is_label(t))
            .map(|(n, _)| n);
        let unit = match unit_col {
            Some(c) if !is_header && c < texts.len() && is_unit_cell(texts[c]) => Some(c),
            _ => None,
        };
        rows.push(TableRow {
            start: s,
            end: e,
            shape,
            cells,
            table,
            header: is_header,
            number: if is_header { None } else { number },
            label: if is_header { None } else { label },
            unit,
        });
    }
    tables.push(Table {
        start: lines[0].0,
        end: lines[lines.len() - 1].1,
        shape,
        header,
        has_unit_column: unit_col.is_some(),
        rows: first_row..rows.len(),
    });
}

fn is_header_word(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:stt|tt|số tt|chỉ tiêu|nội dung|tên chỉ tiêu|số liệu|kết quả|ghi chú|năm \d{4}|kế hoạch|thực hiện)\b")
            .expect("header regex")
    })
    .is_match(s)
}

/// Non-blank lines from `i` on, as trimmed cells (an NBSP-only line is an
/// empty cell: `start == end` of its trimmed range is avoided by keeping the
/// raw line).
fn cell_of(text: &str, line: Line) -> (usize, usize) {
    let (a, b) = trim_range(text, line.0, line.1);
    if a == b {
        line
    } else {
        (a, b)
    }
}

fn cell_text(text: &str, c: (usize, usize)) -> &str {
    text[c.0..c.1].trim()
}

/// Is line `i` the `STT` cell that opens a one-cell-per-line table header?
fn is_stt_header(text: &str, lines: &[Line], i: usize) -> bool {
    let t = text[lines[i].0..lines[i].1].trim();
    if t.len() > 6 {
        return false;
    }
    if !matches!(t.to_lowercase().as_str(), "stt" | "tt" | "số tt" | "tt.") {
        return false;
    }
    let next: Vec<&str> = lines[i + 1..]
        .iter()
        .map(|&(s, e)| text[s..e].trim())
        .filter(|t| !t.is_empty())
        .take(6)
        .collect();
    // A PDF text layer breaks header cells into words ("Chỉ" / "tiêu thống
    // kê"): read the first cells joined.
    let joined = next[..next.len().min(4)].join(" ").to_lowercase();
    let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    let named = ["chỉ tiêu", "nội dung", "tên ", "nhiệm vụ"]
        .iter()
        .any(|w| joined.contains(w));
    // A per-unit table ("STT / Cấp thực hiện / Tổng số TTHC / … / 1 / Cấp
    // tỉnh / 1.482 / …"): three or more column names, then row 1 and its label.
    let per_unit = || {
        let cells: Vec<&str> = lines[i + 1..]
            .iter()
            .map(|&(s, e)| text[s..e].trim())
            .filter(|t| !t.is_empty())
            .take(14)
            .collect();
        let names = cells
            .iter()
            .take_while(|t| !is_number_cell(t) && !is_numbering(t))
            .count();
        names >= 3
            && cells.get(names) == Some(&"1")
            && cells.get(names + 1).is_some_and(|t| is_label(t))
    };
    (named || per_unit()) && next.iter().all(|t| t.chars().count() <= 80)
}

/// Does a line end a flattened table (an appendix title, or a heading with
/// its title on the same line)?
fn ends_flattened(t: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?i:phụ lục|phụ biểu|biểu số)\b|^(?:[IVX]{1,5}|[0-9]{1,2})\.\s+\p{Lu}")
            .expect("end regex")
    })
    .is_match(t)
}

const MAX_CELLS: usize = 12;

/// Read a one-cell-per-line table whose `STT` header cell is line `i`;
/// returns the index of the first line after it.
fn read_flattened(
    text: &str,
    lines: &[Line],
    i: usize,
    tables: &mut Vec<Table>,
    rows: &mut Vec<TableRow>,
) -> usize {
    // Cells: non-blank lines (an NBSP-only line is an empty cell).
    let mut cells: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, line index)
    let mut j = i;
    while j < lines.len() {
        let (s, e) = lines[j];
        let raw = &text[s..e];
        // An empty line separates cells; a line of spaces (or NBSP, which
        // ingest may have turned into spaces) is an empty cell.
        if raw.trim_end_matches('\r').is_empty() {
            j += 1;
            continue;
        }
        if j > i && ends_flattened(raw.trim()) {
            break;
        }
        if separated_shape(raw).is_some() {
            break;
        }
        let (a, b) = cell_of(text, (s, e));
        cells.push((a, b, j));
        j += 1;
    }
    let stop_line = j;
    let texts: Vec<&str> = cells.iter().map(|c| cell_text(text, (c.0, c.1))).collect();
    let starts_row = |k: usize| -> bool {
        let numbered = texts[k].is_empty() || is_numbering(texts[k]);
        let label_at = |n: usize| n < texts.len() && is_label(texts[n]);
        // "B / (empty) / ĐỊNH HƯỚNG": a number, an empty cell, then the label.
        numbered
            && (label_at(k + 1)
                || (!texts[k].is_empty()
                    && k + 1 < texts.len()
                    && texts[k + 1].is_empty()
                    && label_at(k + 2)))
    };
    // "1.2 / label / NV Tp giao / 0 / (empty) / (empty) / NV Tỉnh giao / 0":
    // a sub-row without its own label, opened by an empty cell.
    let starts_sub_row = |k: usize, row: &[&str]| -> bool {
        row.len() >= 4
            && row.iter().any(|t| is_number_cell(t))
            && texts[k].is_empty()
            && texts
                .get(k + 1)
                .is_some_and(|t| !t.is_empty() && !is_number_cell(t))
    };
    // Header: from STT to the first numbered (non-empty) row start.
    let mut h = 1;
    // Header (up to 20 cells: a PDF text layer splits "Số liệu" into "Số /
    // li / ệ / u"): from STT to the first row start — a numbered one, or after at
    // least three header cells an empty number cell before a label that is
    // not itself a column name ("Đơn vị tính", "Kết quả thống kê").
    let header_ends = |k: usize| {
        starts_row(k)
            && (!texts[k].is_empty()
                || (k >= 3
                    && !is_header_word(texts[k + 1])
                    && !unit_header_re().is_match(texts[k + 1])))
    };
    while h < texts.len() && h <= 20 && !header_ends(h) {
        h += 1;
    }
    if h >= texts.len() || h > 20 {
        return i + 1;
    }
    let table = tables.len();
    let first_row = rows.len();
    let header: Vec<(usize, usize)> = cells[..h]
        .iter()
        .filter(|c| !texts_at(text, c).is_empty())
        .map(|c| (c.0, c.1))
        .collect();
    let header_words = cells[..h]
        .iter()
        .map(|c| texts_at(text, c).to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let header_words = header_words
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let has_unit_column = cells[..h]
        .iter()
        .any(|c| unit_header_re().is_match(texts_at(text, c)))
        || header_words.contains("đơn vị tính")
        || header_words.contains("đvt");
    rows.push(TableRow {
        start: cells[0].0,
        end: cells[h - 1].1,
        shape: RowShape::OneCellPerLine,
        cells: cells[..h].iter().map(|c| (c.0, c.1)).collect(),
        table,
        header: true,
        number: None,
        label: None,
        unit: None,
    });
    let mut k = h;
    let mut last_line = cells[h - 1].2;
    while k < texts.len() {
        let row_start = k;
        k += 1;
        while k < texts.len() && k - row_start < MAX_CELLS {
            let len = k - row_start;
            let prev = texts[k - 1];
            // "label / Người / 23": after a unit cell a number is the value.
            // … unless it continues the numbering: "2.1 / … / Thủ tục / 2.2 / …"
            // with the empty value cell lost.
            let value_slot = len == 3
                && !prev.is_empty()
                && !is_number_cell(prev)
                && is_number_cell(texts[k])
                && !follows(texts[row_start], texts[k]);
            // "… / Hồ sơ / 3954 / Số hồ sơ đã giải quyết / …": a label right
            // after the value opens a row whose number cell was left empty
            // (and dropped by the text extraction).
            let row = &texts[row_start..k];
            let unnumbered = len >= 3
                && is_number_cell(prev)
                && is_label(texts[k])
                && row.iter().any(|t| is_label(t));
            if (starts_row(k) && !value_slot) || starts_sub_row(k, row) || unnumbered {
                break;
            }
            k += 1;
        }
        let rc: Vec<(usize, usize)> = cells[row_start..k].iter().map(|c| (c.0, c.1)).collect();
        let rt = &texts[row_start..k];
        let number = (is_numbering(rt[0]) || rt[0].is_empty()).then_some(0);
        let label = rt
            .iter()
            .enumerate()
            .skip(number.map_or(0, |n| n + 1))
            .find(|(_, t)| is_label(t))
            .map(|(n, _)| n);
        let unit = label.and_then(|l| {
            let u = l + 1;
            (has_unit_column && u < rt.len() && is_unit_cell(rt[u])).then_some(u)
        });
        last_line = cells[k - 1].2;
        rows.push(TableRow {
            start: rc[0].0,
            end: rc[rc.len() - 1].1,
            shape: RowShape::OneCellPerLine,
            cells: rc,
            table,
            header: false,
            number: if rt[0].is_empty() { None } else { number },
            label,
            unit,
        });
        if k - row_start >= MAX_CELLS {
            // A run of cells that never opens a new row is not this table.
            break;
        }
    }
    tables.push(Table {
        start: rows[first_row].start,
        end: rows[rows.len() - 1].end,
        shape: RowShape::OneCellPerLine,
        header,
        has_unit_column,
        rows: first_row..rows.len(),
    });
    (last_line + 1).min(stop_line.max(last_line + 1))
}

/// Does row number `next` come right after `prev` ("2.1" → "2.2", "2.1.1",
/// "3"; "IV" → "V")?
fn follows(prev: &str, next: &str) -> bool {
    let parts = |s: &str| -> Option<Vec<u32>> {
        s.trim_end_matches('.')
            .split(['.', ','])
            .map(|p| p.parse::<u32>().ok())
            .collect()
    };
    let (Some(p), Some(n)) = (parts(prev), parts(next)) else {
        return false;
    };
    if p.is_empty() || n.is_empty() || n.len() < 2 && p.len() < 2 {
        // Plain "1", "2": a count as often as a row number.
        return false;
    }
    if n.len() == p.len() + 1 && n[..p.len()] == p[..] && n[p.len()] == 1 {
        return true;
    }
    n.len() <= p.len()
        && n[..n.len() - 1] == p[..n.len() - 1]
        && n[n.len() - 1] == p[n.len() - 1] + 1
}

fn texts_at<'t>(text: &'t str, c: &(usize, usize, usize)) -> &'t str {
    cell_text(text, (c.0, c.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<Line> {
        let mut out = Vec::new();
        let mut s = 0;
        for (i, _) in text.match_indices('\n') {
            out.push((s, i));
            s = i + 1;
        }
        out.push((s, text.len()));
        out
    }

    fn cells(text: &str, r: &TableRow) -> Vec<String> {
        r.cells
            .iter()
            .map(|&(a, b)| text[a..b].trim().to_string())
            .collect()
    }

    #[test]
    fn flattened_appendix_rows() {
        let t = "PHỤ LỤC 1a\n\nSTT\n\nChỉ tiêu thống kê\n\nKết quả thống kê\n\nGhi chú\n\n\u{a0}\n\nĐơn vị tính\n\nSố liệu\n\nIII\n\nCẢI CÁCH TỔ CHỨC BỘ MÁY\n\n\u{a0}\n\n\u{a0}\n\n\u{a0}\n\n1\n\nTổng số biên chế được giao trong năm\n\nNgười\n\n23\n\n\u{a0}\n\n2\n\nTổng số biên chế có mặt tại thời điểm báo cáo\n\nNgười\n\n19\n\n\u{a0}\n\n\u{a0}\n\nSố hồ sơ TTHC đã tiếp nhận trực tuyến\n\nHồ sơ\n\n3950\n\n\u{a0}\n\nPHỤ LỤC 1b\n";
        let (tables, rows) = find_tables(t, &lines_of(t));
        assert_eq!(tables.len(), 1);
        assert!(tables[0].has_unit_column);
        assert!(rows[0].header);
        let data: Vec<&TableRow> = rows.iter().filter(|r| !r.header).collect();
        assert_eq!(data.len(), 4);
        let r = data[1];
        assert_eq!(
            &cells(t, r)[..4],
            ["1", "Tổng số biên chế được giao trong năm", "Người", "23"]
        );
        assert_eq!(r.label, Some(1));
        assert_eq!(r.unit, Some(2));
        assert_eq!(r.number, Some(0));
        // A row with an empty number cell is still one row.
        assert_eq!(
            cells(t, data[3])[1],
            "Số hồ sơ TTHC đã tiếp nhận trực tuyến"
        );
        assert_eq!(data[3].number, None);
        assert!(!t[tables[0].start..tables[0].end].contains("PHỤ LỤC 1b"));
    }

    #[test]
    fn pdf_text_layer_header_split_into_words() {
        let t = "STT\nChỉ\ntiêu thống kê\nKết quả\nthống kê\nGhi\nchú\nĐơn vị\ntính\nSố\nliệu\nI\nCÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\n1\nSố văn bản chỉ đạo CCHC đã ban hành\nVăn bản\n6\n\n2\nTỷ lệ hoàn thành Kế hoạch CCHC năm\n%\n\n2.1\nSố nhiệm vụ đề ra trong kế hoạch\nNhiệm vụ\n7\n";
        let (tables, rows) = find_tables(t, &lines_of(t));
        assert_eq!(tables.len(), 1);
        assert!(tables[0].has_unit_column);
        let data: Vec<Vec<String>> = rows
            .iter()
            .filter(|r| !r.header)
            .map(|r| cells(t, r))
            .collect();
        assert_eq!(
            data[3],
            ["2.1", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "7"]
        );
        assert_eq!(data[2], ["2", "Tỷ lệ hoàn thành Kế hoạch CCHC năm", "%"]);
    }

    /// The cells of every non-header row.
    fn data_rows(t: &str) -> Vec<Vec<String>> {
        let (_, rows) = find_tables(t, &lines_of(t));
        rows.iter()
            .filter(|r| !r.header)
            .map(|r| cells(t, r))
            .collect()
    }

    #[test]
    fn a_number_after_the_unit_is_the_value_not_a_new_row() {
        let t = "STT\nChỉ tiêu\nĐơn vị tính\nSố liệu\n1\nSố nhiệm vụ đề ra\nNhiệm vụ\n7\n2\nSố nhiệm vụ đã hoàn thành\nNhiệm vụ\n7\n";
        let data = data_rows(t);
        assert_eq!(
            data,
            vec![
                vec!["1", "Số nhiệm vụ đề ra", "Nhiệm vụ", "7"],
                vec!["2", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", "7"]
            ]
        );
    }

    #[test]
    fn a_line_of_spaces_is_an_empty_cell_not_a_separator() {
        // Ingest turns the seeds' NBSP-only cells into spaces; the row must
        // keep its empty cell instead of shifting every later cell by one.
        let t = "STT\n\nChỉ tiêu\n\nĐơn vị tính\n\nSố liệu\n\n2.1\n\nSố TTHC liên thông ngang\n\nThủ tục\n\n  \n\n2.2\n\nSố TTHC liên thông dọc\n\nThủ tục\n\n22\n";
        let data = data_rows(t);
        assert_eq!(
            data,
            vec![
                vec!["2.1", "Số TTHC liên thông ngang", "Thủ tục", ""],
                vec!["2.2", "Số TTHC liên thông dọc", "Thủ tục", "22"]
            ]
        );
    }

    #[test]
    fn row_numbers_that_follow() {
        assert!(follows("2.1", "2.2"));
        assert!(follows("2.1", "2.1.1"));
        assert!(follows("2.3", "3"));
        assert!(follows("1,4", "1,5"));
        assert!(!follows("2.1", "2.3"));
        assert!(!follows("2", "3"));
        assert!(!follows("", "2.2"));
        assert!(!follows("2.1", "12.252"));
    }

    #[test]
    fn tab_rows_with_header() {
        let t = "Bảng\nSTT\tChỉ tiêu\tĐơn vị tính\tKết quả\n1\tSố hồ sơ tiếp nhận\tHồ sơ\t316\n2\tTỷ lệ đúng hạn\t%\t99,5\nHết.\n";
        let (tables, rows) = find_tables(t, &lines_of(t));
        assert_eq!(tables.len(), 1);
        assert_eq!(rows.len(), 3);
        assert!(rows[0].header && !rows[1].header);
        assert_eq!(rows[1].unit, Some(2));
        assert_eq!(rows[2].label, Some(1));
        assert_eq!(cells(t, &rows[2]), ["2", "Tỷ lệ đúng hạn", "%", "99,5"]);
        assert_eq!(
            &t[rows[1].start..rows[1].end],
            "1\tSố hồ sơ tiếp nhận\tHồ sơ\t316"
        );
    }

    #[test]
    fn a_row_of_one_filled_cell_does_not_end_a_tab_table() {
        let t = "STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\n1\tNV Tp giao\tNhiệm vụ\t0\n\tNV Tỉnh giao\n2\tSố phiếu\tPhiếu\t438\n";
        let (tables, rows) = find_tables(t, &lines_of(t));
        assert_eq!(tables.len(), 1);
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn pipe_rows() {
        let t = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 97/KH-UBND | Hải Phòng, ngày 16 tháng 4 năm 2024 |\nVăn bản.\n";
        let (tables, rows) = find_tables(t, &lines_of(t));
        assert_eq!(tables.len(), 1);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            cells(t, &rows[1]),
            ["Số: 97/KH-UBND", "Hải Phòng, ngày 16 tháng 4 năm 2024"]
        );
    }

    #[test]
    fn prose_is_not_a_table() {
        let t = "1. Mục đích\nSTT là số thứ tự.\nTrong năm tiếp nhận 316 hồ sơ.\n";
        let (tables, rows) = find_tables(t, &lines_of(t));
        assert!(tables.is_empty() && rows.is_empty());
    }

    #[test]
    fn bad_input_does_not_panic() {
        for t in [
            "STT",
            "STT\n",
            "STT\nChỉ tiêu",
            "\t",
            "|",
            "||\n||",
            "STT\nChỉ tiêu\n1",
        ] {
            let _ = find_tables(t, &lines_of(t));
        }
    }
}
