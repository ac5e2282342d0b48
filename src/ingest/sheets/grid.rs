//! Part of stage 1 (**ingest**), spreadsheets: one sheet's cells laid out as
//! text in the segmenter's tab-row shape (`segment::tables`), recording
//! where each cell's text went.
//!
//! - A title line with the sheet's name, then one line per row, cells
//!   joined by tabs.
//! - The table region runs from the first to the last row with two or more
//!   filled cells; rows above and below it (a title merged across the
//!   sheet, "Đơn vị tính: hồ sơ", the signatures) are plain lines.
//! - Inside the region every row starts at the region's first column, and a
//!   row with a single filled cell (a group row "Khối xã") is padded with
//!   empty cells so that it stays a row of the table. A merged cell's text
//!   is in its first cell and the cells it covers are empty, the way a
//!   group header spans the empty cells to its right.
//! - One blank row inside the region is dropped; two or more end the table
//!   (a blank line), as between two tables of one sheet.
//! - A column-numbering row right under the header ("1 2 3 …", "(1) (2)
//!   (3) …", "A B C …") is left out: it labels columns, it states nothing.

use std::collections::BTreeMap;

/// One filled cell: zero-based row and column, and its text on one line.
#[derive(Clone, Debug, PartialEq)]
pub struct GridCell {
    pub row: u32,
    pub col: u32,
    pub text: String,
    /// The cell holds a typed number (not text that looks like one).
    pub number: bool,
}

/// A merged region, inclusive, zero-based: (first row, first col, last row, last col).
pub type Merge = (u32, u32, u32, u32);

/// Where one cell's text is in the laid-out text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    pub start: usize,
    pub end: usize,
    pub row: u32,
    pub col: u32,
}

/// Lay out a sheet after `out` (which it extends); returns the cells'
/// places, or None when `out` would grow past `max_len` bytes (a sheet whose
/// few cells sit thousands of columns apart).
pub fn lay_out(
    name: &str,
    cells: Vec<GridCell>,
    merges: &[Merge],
    out: &mut String,
    max_len: usize,
) -> Option<Vec<Placed>> {
    let mut rows: BTreeMap<u32, Vec<GridCell>> = BTreeMap::new();
    for c in cells {
        if c.text.trim().is_empty() || covered(merges, c.row, c.col) {
            continue;
        }
        rows.entry(c.row).or_default().push(c);
    }
    for r in rows.values_mut() {
        r.sort_by_key(|c| c.col);
        r.dedup_by_key(|c| c.col);
    }
    out.push_str(name);
    out.push('\n');
    let multi: Vec<u32> = rows
        .iter()
        .filter(|(_, r)| r.len() >= 2)
        .map(|(&n, _)| n)
        .collect();
    let region = multi.first().zip(multi.last()).map(|(&a, &b)| (a, b));
    let (first_col, width) = match region {
        Some((a, b)) => {
            let inside = rows.range(a..=b).flat_map(|(_, r)| r.iter());
            let c0 = inside.clone().map(|c| c.col).min().unwrap_or(0);
            let c1 = inside.map(|c| c.col).max().unwrap_or(0);
            (c0, (c1 - c0 + 1).max(3) as usize)
        }
        None => (0, 0),
    };
    let mut placed = Vec::new();
    let mut prev: Option<u32> = None;
    let mut prev_had_number = true;
    for (&n, cells) in &rows {
        let in_region = region.is_some_and(|(a, b)| a <= n && n <= b);
        let need = cells.iter().map(|c| c.text.len() + 1).sum::<usize>() + width + 2;
        if out.len().saturating_add(need) > max_len {
            return None;
        }
        if let Some(p) = prev {
            let gap = n - p - 1;
            let inside = region.is_some_and(|(a, b)| a <= p && n <= b);
            if gap >= 2 || (gap == 1 && !inside) {
                out.push('\n');
            }
        }
        prev = Some(n);
        if in_region {
            if !prev_had_number && numbers_columns(cells) {
                continue;
            }
            prev_had_number = cells.iter().any(|c| c.number);
        }
        if !in_region {
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                placed.push(push_cell(out, c));
            }
            out.push('\n');
            continue;
        }
        let mut col = first_col;
        for c in cells {
            while col < c.col {
                if col > first_col {
                    out.push('\t');
                }
                col += 1;
            }
            if c.col > first_col {
                out.push('\t');
            }
            placed.push(push_cell(out, c));
            col = c.col + 1;
        }
        let mut written = (col - first_col) as usize;
        while cells.len() == 1 && written < width {
            out.push('\t');
            written += 1;
        }
        out.push('\n');
    }
    Some(placed)
}

fn push_cell(out: &mut String, c: &GridCell) -> Placed {
    let text = c.text.trim();
    let start = out.len();
    out.push_str(text);
    Placed {
        start,
        end: out.len(),
        row: c.row,
        col: c.col,
    }
}

/// Inside a merged region but not its first cell.
fn covered(merges: &[Merge], row: u32, col: u32) -> bool {
    merges.iter().any(|&(r0, c0, r1, c1)| {
        (r0..=r1).contains(&row) && (c0..=c1).contains(&col) && (row, col) != (r0, c0)
    })
}

/// "1 2 3 4", "(1) (2) (3)", "A B C": three or more cells in consecutive
/// columns numbering them from the start.
fn numbers_columns(cells: &[GridCell]) -> bool {
    if cells.len() < 3 || cells.windows(2).any(|w| w[1].col != w[0].col + 1) {
        return false;
    }
    let key = |s: &str| -> Option<u32> {
        let s = s.trim();
        let s = s
            .strip_prefix('(')
            .and_then(|x| x.strip_suffix(')'))
            .unwrap_or(s);
        if let Ok(n) = s.parse::<u32>() {
            return Some(n);
        }
        let mut ch = s.chars();
        match (ch.next(), ch.next()) {
            (Some(c), None) if c.is_ascii_uppercase() => Some(c as u32 - 'A' as u32 + 1),
            _ => None,
        }
    };
    cells
        .iter()
        .enumerate()
        .all(|(i, c)| key(&c.text) == Some(i as u32 + 1))
}

/// "A1"-style name of a zero-based cell: column letters, 1-based row.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> GridCell {
        GridCell {
            row,
            col,
            text: text.into(),
            number: text.parse::<f64>().is_ok(),
        }
    }

    #[test]
    fn names_of_cells() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 3), "D12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 16_383), "XFD1");
    }

    #[test]
    fn a_sheet_becomes_title_lines_and_tab_rows() {
        let cells = vec![
            cell(0, 0, "BIỂU 01"),
            cell(2, 0, "STT"),
            cell(2, 1, "Đơn vị"),
            cell(2, 2, "Số hồ sơ"),
            cell(3, 2, "Tiếp nhận"),
            cell(3, 3, "Giải quyết"),
            cell(4, 0, "1"),
            cell(4, 1, "2"),
            cell(4, 2, "3"),
            cell(4, 3, "4"),
            cell(5, 0, "1"),
            cell(5, 1, "Xã A"),
            cell(5, 2, "10"),
            cell(5, 3, "9"),
            cell(6, 1, "Khối phường"),
            cell(8, 1, "Tổng cộng"),
            cell(8, 2, "10"),
            cell(11, 1, "Người lập biểu"),
        ];
        let merges = [(2, 2, 2, 3), (2, 0, 3, 0)];
        let mut out = String::new();
        let placed = lay_out("Biểu 01", cells, &merges, &mut out, usize::MAX).unwrap();
        assert_eq!(
            out,
            "Biểu 01\nBIỂU 01\n\nSTT\tĐơn vị\tSố hồ sơ\n\t\tTiếp nhận\tGiải quyết\n1\tXã A\t10\t9\n\tKhối phường\t\t\n\tTổng cộng\t10\n\nNgười lập biểu\n"
        );
        let p = placed.iter().find(|p| (p.row, p.col) == (5, 3)).unwrap();
        assert_eq!(&out[p.start..p.end], "9");
        assert_eq!(placed.len(), 14);
    }

    #[test]
    fn covered_cells_are_empty_and_numbering_rows_need_a_header_above() {
        let cells = vec![
            cell(0, 0, "Chỉ tiêu"),
            cell(0, 1, "Tổng"),
            cell(0, 2, "stale copy"),
            cell(1, 0, "1"),
            cell(1, 1, "2"),
            cell(1, 2, "3"),
        ];
        let mut out = String::new();
        lay_out("S", cells.clone(), &[(0, 1, 0, 2)], &mut out, usize::MAX);
        assert_eq!(out, "S\nChỉ tiêu\tTổng\n");
        // Data right under data is kept, even when it counts 1, 2, 3.
        let mut data = cells;
        data[0].text = "5".into();
        data[0].number = true;
        let mut out = String::new();
        lay_out("S", data, &[], &mut out, usize::MAX);
        assert!(out.contains("1\t2\t3"), "{out}");
    }

    #[test]
    fn empty_and_single_cell_sheets() {
        let mut out = String::new();
        assert!(lay_out("Trống", vec![], &[], &mut out, 100)
            .unwrap()
            .is_empty());
        assert_eq!(out, "Trống\n");
        let mut out = String::new();
        lay_out("S", vec![cell(3, 5, "Ghi chú")], &[], &mut out, 100);
        assert_eq!(out, "S\nGhi chú\n");
    }

    #[test]
    fn cells_far_apart_are_refused_before_the_text_grows() {
        let cells: Vec<GridCell> = (0..100)
            .flat_map(|r| [cell(r, 0, "Xã"), cell(r, 16_383, "1")])
            .collect();
        let mut out = String::new();
        assert!(lay_out("S", cells, &[], &mut out, 1 << 20).is_none());
        assert!(out.len() <= 1 << 20);
    }
}
