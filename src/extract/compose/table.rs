//! Tables (extract stage, compositional reader): a cell's number takes its
//! cues from its column header (all header rows above it, a group header
//! spanning the empty cells to its right) and from its row's label; the
//! row's first column names the scope when it holds no cue of its own (a
//! commune, a sector) and is not a total row.
//!
//! Tables come from the segmenter (pipes, tabs, one cell per line; DOCX,
//! HTML and PDF tables arrive as tab rows). A table whose rows state at most
//! one number and whose header says nothing is left to the sentence reader.

use crate::extract::role::Roles;
use crate::model::{Figure, Role};
use crate::registry::Registry;
use crate::segment::{RowShape, Table, TableRow};

use super::decide::{Features, Outcome, Src};
use super::lexicon::{role_value, Hit, Kind, UnitWord};
use super::quantity::{self, QKind, Quantity};
use super::{Doc, Reader};

/// A table column whose sub-unit rows must add up to its total row:
/// indices into the figures the reader made.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSum {
    pub indicator: String,
    pub total: usize,
    pub parts: Vec<usize>,
}

/// What a header or label cell says: its features, the role it gives the
/// cells under it, whether it names a total, a percentage, a change or
/// comparison ("So sánh (%)": no figure), a count of units ("Số thôn": no
/// figure), and the scale of money it states ("(triệu đồng)").
#[derive(Clone, Debug, Default)]
struct CellCues {
    features: Features,
    role: Option<Role>,
    total: bool,
    percent: bool,
    content: bool,
    change: bool,
    block: bool,
    money_scale: Option<f64>,
    /// A rate column naming nothing, read as the share of the count column
    /// before it ("Số lượt đánh giá | Tỷ lệ (%)").
    share_col: bool,
}

/// A count column's sum: (indicator, total figure, part figures, a part
/// is missing or of another indicator).
type ColumnParts = (String, Option<usize>, Vec<usize>, bool);

fn cell_cues(reader: &Reader, doc: &Doc, (a, b): (usize, usize)) -> CellCues {
    let lx = &reader.lexicon;
    let mut c = CellCues {
        features: Features::new(lx.classes.len()),
        ..CellCues::default()
    };
    let hits: &[Hit] = doc.hits_in(a, b);
    // Nearest the cell's end first: "Số hồ sơ đã giải quyết đúng hạn".
    for h in hits.iter().rev() {
        let cue = &lx.cues[h.cue as usize];
        if cue.counts_other() && !cue.prefix_block {
            c.block = true;
        }
        if cue.unit == Some(UnitWord::Unit("dong")) {
            c.money_scale.get_or_insert(1.0);
        }
        for &(k, v) in &cue.sets {
            let class = &lx.classes[k as usize];
            match class.kind {
                Kind::Feature => {
                    c.content = true;
                    if c.features.0[k as usize].is_none() {
                        c.features.0[k as usize] =
                            Some((v, Src::Own, (h.start as u32, h.end as u32)));
                    }
                }
                Kind::Role | Kind::HeaderRole => {
                    c.role = c.role.or(role_value(lx.value_name(k, v)));
                }
                Kind::Total => c.total = true,
                Kind::Change if lx.value_name(k, v) == "delta" => c.change = true,
                _ => {}
            }
        }
    }
    c.percent = doc.view[a..b].contains(&b'%');
    if c.money_scale.is_some() {
        // "(triệu đồng)": the scale word before the currency.
        let text = std::str::from_utf8(&doc.view[a..b]).unwrap_or("");
        let scale = text
            .split(|ch: char| !ch.is_alphabetic())
            .filter_map(|w| crate::numbers::scale_of(w).filter(|&x| x > 1.0 && x != 100.0))
            .next();
        c.money_scale = Some(scale.unwrap_or(1.0));
    }
    c
}

/// The one number a cell holds, if it holds just a number ("1.245", "98,6%",
/// "98,6").
fn cell_number(reader: &Reader, doc: &Doc, (a, b): (usize, usize)) -> Option<Quantity> {
    if a >= b {
        return None;
    }
    let hits = doc.hits_in(a, b);
    let qs = quantity::find(&reader.lexicon, &doc.view, a, b, hits);
    if qs.len() != 1 || qs[0].textual {
        return None;
    }
    let q = &qs[0];
    // Nothing but the number (and its %, unit word, qualifier) in the cell;
    // emphasis kept from an export (markdown `**`, HTML `<i>…</i>`) is no
    // word, so a cell the DOCX/HTML readers see as "90%" reads the same in a
    // text copy that kept "<i>90%</i>".
    let rest = without_inline_tags(&doc.view[a..q.start])
        .chain(without_inline_tags(&doc.view[q.end..b]))
        .filter(|&c| !matches!(c, b' ' | b'*' | b'(' | b')'))
        .count();
    (rest == 0).then(|| q.clone())
}

/// The bytes of `s` outside inline HTML tags (`<i>`, `</b>`, `<em>`: a `<`,
/// an optional `/`, a short tag name of ASCII letters, `>`).
fn without_inline_tags(s: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut skip = 0usize;
    s.iter().enumerate().filter_map(move |(i, &c)| {
        if skip > 0 {
            skip -= 1;
            return None;
        }
        if c == b'<' {
            let tail = &s[i + 1..];
            let name_at = usize::from(tail.first() == Some(&b'/'));
            let name = tail[name_at..]
                .iter()
                .take_while(|ch| ch.is_ascii_alphabetic())
                .count();
            if (1..=6).contains(&name) && tail.get(name_at + name) == Some(&b'>') {
                skip = name_at + name + 1;
                return None;
            }
        }
        Some(c)
    })
}

/// Read every table with a header; returns the spans of the rows it read
/// (the sentence reader skips them) and pushes the figures.
pub fn read_tables(
    reader: &Reader,
    doc: &Doc,
    roles: &mut Roles,
    out: &mut Vec<Figure>,
    sums: &mut Vec<ColumnSum>,
    mut notes: Option<&mut Vec<super::Note>>,
) -> Vec<(usize, usize)> {
    let mut claimed = Vec::new();
    for t in &doc.seg.tables {
        let rows = &doc.seg.rows[t.rows.clone()];
        // A table read through its header is the table reader's, figures or
        // not (its row numbers are no tasks of a plan).
        if read_table(reader, doc, roles, t, rows, out, sums, notes.as_deref_mut()).is_some() {
            claimed.extend(rows.iter().map(|r| (r.start, r.end)));
        }
    }
    claimed
}

/// Number of data rows in which more than one cell is a number.
fn multi_number_rows(reader: &Reader, doc: &Doc, rows: &[TableRow]) -> usize {
    rows.iter()
        .filter(|r| {
            r.cells
                .iter()
                .filter(|&&c| cell_number(reader, doc, c).is_some())
                .count()
                > 1
        })
        .count()
}

#[allow(clippy::too_many_arguments)]
fn read_table(
    reader: &Reader,
    doc: &Doc,
    roles: &mut Roles,
    t: &Table,
    rows: &[TableRow],
    out: &mut Vec<Figure>,
    sums: &mut Vec<ColumnSum>,
    mut notes: Option<&mut Vec<super::Note>>,
) -> Option<usize> {
    let reg = Registry::builtin();
    // A Markdown rule row ("|---|---|") separates the header from the body.
    let kept: Vec<TableRow> = rows
        .iter()
        .filter(|r| {
            !r.cells.iter().all(|&(a, b)| {
                doc.view[a..b]
                    .iter()
                    .all(|&c| matches!(c, b'-' | b':' | b' ' | b'='))
            })
        })
        .cloned()
        .collect();
    let rows = &kept[..];
    // Header rows: the leading rows without a number cell (at most three).
    let nheader = rows
        .iter()
        .take(3)
        .take_while(|r| {
            r.cells
                .iter()
                .all(|&c| cell_number(reader, doc, c).is_none())
        })
        .count();
    if nheader == 0 || nheader == rows.len() {
        return None;
    }
    let ncols = rows.iter().map(|r| r.cells.len()).max()?;
    let lx = &reader.lexicon;
    let nclass = lx.classes.len();
    // Column cues: lower header rows first, a group header spanning the
    // empty cells to its right.
    let mut cols: Vec<CellCues> = Vec::with_capacity(ncols);
    for j in 0..ncols {
        let mut col = CellCues {
            features: Features::new(nclass),
            ..CellCues::default()
        };
        for (depth, r) in rows[..nheader].iter().rev().enumerate() {
            // The cell at j, or for a group row the nearest non-empty to its left.
            let mut k = j;
            let mut cell = r.cells.get(k).copied();
            if depth > 0 || nheader == 1 {
                while cell.is_some_and(|c| c.0 == c.1) && k > 0 {
                    k -= 1;
                    cell = r.cells.get(k).copied();
                }
            }
            let Some(c) = cell else { continue };
            let cc = cell_cues(reader, doc, c);
            for (i, v) in cc.features.0.iter().enumerate() {
                if col.features.0[i].is_none() {
                    col.features.0[i] = *v;
                }
            }
            col.role = col.role.or(cc.role);
            col.percent |= cc.percent;
            col.total |= cc.total;
            col.content |= cc.content;
            col.change |= cc.change;
            col.block |= cc.block && depth == 0;
            col.money_scale = col.money_scale.or(cc.money_scale);
        }
        cols.push(col);
    }
    // The title line above the table ("Kết quả tiếp nhận, xử lý phản ánh,
    // kiến nghị …") and the header as a whole say what every column counts:
    // they fill a column's identity (its object) when it names none, and the
    // title's goal words make the table a plan's.
    let title = title_cues(reader, doc, rows[0].start);
    let identity = lx.identity();
    let mut topic: Option<(u16, Src, (u32, u32))> = None;
    if let Some(o) = identity {
        topic = cols.iter().find_map(|c| c.features.0[o as usize]).or(title
            .as_ref()
            .and_then(|t| t.features.0.get(o as usize).copied().flatten()));
        for c in cols.iter_mut() {
            if c.features.0[o as usize].is_none() {
                if let Some((v, _, sp)) = topic {
                    c.features.0[o as usize] = Some((v, Src::Context, sp));
                }
            }
        }
    }
    let _ = topic;
    // A rate column that names nothing ("Tỷ lệ (%)") is the share of the
    // count column before it.
    for j in 1..cols.len() {
        if cols[j].percent && !cols[j].content && !cols[j].change {
            if let Some(k) = (0..j)
                .rev()
                .find(|&k| cols[k].content && !cols[k].percent && !cols[k].change)
            {
                cols[j].features = cols[k].features.clone();
                cols[j].content = true;
                cols[j].share_col = true;
            }
        }
    }
    // Period columns ("Năm 2023 | Năm 2024", "Quý III/2024 | Quý IV/2024",
    // "Thực hiện năm 2024 | Kế hoạch năm 2025"): the latest is the result
    // (or the goal), the earlier ones are comparison points.
    let periods: Vec<Option<(u32, u32)>> = (0..ncols)
        .map(|j| {
            rows[..nheader].iter().find_map(|r| {
                let &(a, b) = r.cells.get(j)?;
                header_period(&doc.view[a..b])
            })
        })
        .collect();
    let distinct = {
        let mut v: Vec<(u32, u32)> = periods.iter().flatten().copied().collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    if distinct.len() >= 2 {
        let latest = distinct.last().copied();
        for (j, p) in periods.iter().enumerate() {
            let Some(p) = p else { continue };
            if Some(*p) == latest {
                cols[j].role.get_or_insert(Role::Actual);
            } else if cols[j].role != Some(Role::Target) {
                cols[j].role = Some(Role::Baseline);
            }
        }
    }
    let table_role = title
        .as_ref()
        .and_then(|t| t.role)
        .filter(|&r| r == Role::Target);
    // Columns beside each other: a derived class ("Tiếp nhận trong kỳ"
    // beside "Kỳ trước chuyển sang" is the new dossiers).
    for (dc, class) in lx.classes.iter().enumerate() {
        let Some((of, value)) = class.sibling else {
            continue;
        };
        let has: Vec<bool> = cols
            .iter()
            .map(|c| c.features.get(of) == Some(value))
            .collect();
        for j in 0..cols.len() {
            let beside = (0..cols.len()).any(|k| k != j && has[k]);
            if beside && cols[j].features.get(of).is_some() {
                let sp = cols[j].features.0[of as usize].map_or((0, 0), |x| x.2);
                cols[j].features.0[dc] = Some((0, Src::Own, sp));
            }
        }
    }
    // A column that names no indicator, no role and no rate but a level or
    // a unit ("Cấp huyện | Cấp xã") scopes its cells.
    let col_scope: Vec<Option<String>> = (0..ncols)
        .map(|j| {
            let c = &cols[j];
            if c.content || c.role.is_some() || c.percent || c.change || periods[j].is_some() {
                return None;
            }
            let r = &rows[nheader - 1];
            let &(a, b) = r.cells.get(j)?;
            // It must name a level or a place ("Cấp xã", "Bộ phận Một cửa"),
            // not a value ("Số lượng", "Kết quả").
            let names_place = doc.hits_in(a, b).iter().any(|h| {
                let cue = &lx.cues[h.cue as usize];
                cue.unit == Some(UnitWord::Block)
                    || cue
                        .sets
                        .iter()
                        .any(|&(k, _)| lx.classes[k as usize].kind == Kind::Mark)
            });
            let (a, b) = doc.seg.snap(doc.text, a, b);
            let t = doc.text[a..b].trim();
            (names_place && !t.is_empty() && t.chars().count() <= 40).then(|| t.to_string())
        })
        .collect();
    // Row-number columns ("STT", "TT").
    let stt_cols: Vec<usize> = (0..ncols)
        .filter(|&j| {
            rows[..nheader].iter().any(|r| {
                r.cells.get(j).is_some_and(|&(a, b)| {
                    let t = std::str::from_utf8(&doc.view[a..b]).unwrap_or("").trim();
                    matches!(t, "stt" | "tt" | "số tt" | "tt." | "stt.")
                })
            })
        })
        .collect();
    let data = &rows[nheader..];
    // A table whose header says nothing and whose rows state one number
    // each reads well as sentences.
    if !cols.iter().any(|c| c.content || c.role.is_some())
        && multi_number_rows(reader, doc, data) == 0
    {
        return None;
    }
    let _ = t;
    // Rows beside each other: a derived class ("hài lòng" in a table that
    // has a "rất hài lòng" row is one level).
    let label_feats: Vec<Option<Features>> = data
        .iter()
        .map(|r| {
            let numbers = r
                .cells
                .iter()
                .any(|&c| cell_number(reader, doc, c).is_some());
            numbers.then(|| {
                (0..r.cells.len())
                    .filter(|&k| {
                        Some(k) != r.number && cell_number(reader, doc, r.cells[k]).is_none()
                    })
                    .map(|k| cell_cues(reader, doc, r.cells[k]).features)
                    .next()
            })?
        })
        .collect();
    let mut made = 0;
    let mut group_scope: Option<String> = None;
    // A group row that names what its rows count ("Thực hiện nhiệm vụ được
    // UBND tỉnh giao" above "Tổng số nhiệm vụ | 0"): a context for them.
    let mut group_feats: Option<Features> = None;
    // Per column: (indicator, total figure, part figures, a part is missing).
    let mut columns: Vec<Option<ColumnParts>> = vec![None; ncols];
    let mut total_rows = 0;
    // Rows that are sub-units of a per-unit table (each must add to the sum).
    let mut part_rows = 0;
    for r in data {
        // The label: the non-number cells other than the row number and unit.
        let numbers: Vec<Option<Quantity>> = r
            .cells
            .iter()
            .map(|&c| cell_number(reader, doc, c))
            .collect();
        // A pipe row that opens with a pipe when the header does not lost its
        // empty first cell (" | Tổng cộng | 680 | …").
        let shift = usize::from(
            r.shape == RowShape::Pipe && opens_with_pipe(doc, r) && !opens_with_pipe(doc, &rows[0]),
        );
        // The segmenter's unit cell is one only when it holds a unit word
        // ("Hồ sơ", "%"); under an "Đơn vị" header it is as often the
        // commune the row is about.
        let unit_cell = r.unit.filter(|&k| {
            r.cells
                .get(k)
                .is_some_and(|&(a, b)| is_unit_text(reader, doc, a, b))
        });
        let label_cells: Vec<usize> = (0..r.cells.len())
            .filter(|&k| numbers[k].is_none() && Some(k) != r.number && Some(k) != unit_cell)
            // (A cell of spaces is empty: flattened forms leave " " cells.)
            .filter(|&k| {
                doc.view[r.cells[k].0..r.cells[k].1]
                    .iter()
                    .any(|b| !b.is_ascii_whitespace())
            })
            .filter(|&k| !is_numbering(&doc.view[r.cells[k].0..r.cells[k].1]))
            .collect();
        let label = label_cells.first().map(|&k| r.cells[k]);
        let mut label_cues = label.map(|c| cell_cues(reader, doc, c));
        if let (Some(lc), Some(ri)) = (
            label_cues.as_mut(),
            data.iter().position(|x| std::ptr::eq(x, r)),
        ) {
            for (dc, class) in lx.classes.iter().enumerate() {
                let Some((of, value)) = class.sibling else {
                    continue;
                };
                if lc.features.get(of).is_none() {
                    continue;
                }
                let beside = label_feats
                    .iter()
                    .enumerate()
                    .any(|(k, f)| k != ri && f.as_ref().is_some_and(|f| f.get(of) == Some(value)));
                if beside {
                    let sp = lc.features.0[of as usize].map_or((0, 0), |x| x.2);
                    lc.features.0[dc] = Some((0, Src::Own, sp));
                }
            }
        }
        let row_unit = unit_cell
            .and_then(|k| r.cells.get(k))
            .and_then(|&c| unit_of_cell(reader, doc, c));
        let row_money = unit_cell
            .and_then(|k| r.cells.get(k))
            .filter(|_| row_unit == Some("dong"))
            .and_then(|&c| cell_cues(reader, doc, c).money_scale);
        let unit_percent = unit_cell
            .and_then(|k| r.cells.get(k))
            .is_some_and(|&(a, b)| doc.view[a..b].contains(&b'%'))
            || label_cues.as_ref().is_some_and(|c| c.percent);
        // The row number ("4") of a group row is no number of its own.
        let any_number = numbers
            .iter()
            .enumerate()
            .any(|(k, n)| n.is_some() && Some(k) != r.number && !stt_cols.contains(&(k + shift)));
        let label_text = label.map(|(a, b)| {
            let (a, b) = doc.seg.snap(doc.text, a, b);
            doc.text[a..b].trim().to_string()
        });
        // A row that counts what no indicator counts: its unit cell names
        // such a thing ("Vấn đề", "Cuộc").
        // The cell is that word alone (under an "Đơn vị" header it is as
        // often a commune: "Phường Trường Thi").
        let counts_other = r.unit.and_then(|k| r.cells.get(k)).is_some_and(|&(a, b)| {
            let hits = doc.hits_in(a, b);
            let cell = std::str::from_utf8(&doc.view[a..b]).unwrap_or("").trim();
            hits.len() == 1
                && hits[0].end - hits[0].start == cell.len()
                && lx.cues[hits[0].cue as usize].counts_other()
        });
        if any_number && counts_other {
            continue;
        }
        // A coded answer ("Có = 1; Không = 0 ⇥ 1", "Trực tuyến = 0; Phát
        // phiếu = 1"): a yes/no or choice field of the form, no figure.
        if r.cells
            .iter()
            .enumerate()
            .any(|(k, &(a, b))| numbers[k].is_none() && is_coded_answer(&doc.view[a..b]))
        {
            continue;
        }
        if !any_number {
            // A group row ("I. Cấp huyện", "Khối xã") names the rows below;
            // a heading of the form ("II ⇥ CẢI CÁCH THỂ CHẾ") names a topic,
            // no place.
            let names_place = label.is_some_and(|(a, b)| {
                doc.hits_in(a, b).iter().any(|h| {
                    let cue = &lx.cues[h.cue as usize];
                    cue.place
                        || cue
                            .sets
                            .iter()
                            .any(|&(k, _)| lx.classes[k as usize].kind == Kind::Mark)
                })
            });
            if let (Some(lt), Some(lc)) = (&label_text, &label_cues) {
                if !lc.content && !lc.total && names_place && lt.chars().count() <= 60 {
                    group_scope = Some(lt.clone());
                }
                group_feats = lc.content.then(|| {
                    let mut g = lc.features.clone();
                    for v in g.0.iter_mut().flatten() {
                        v.1 = Src::Context;
                    }
                    g
                });
            }
            continue;
        }
        let label_has_content = label_cues.as_ref().is_some_and(|c| c.content);
        let is_total = label_cues.as_ref().is_some_and(|c| c.total);
        total_rows += usize::from(is_total);
        part_rows += usize::from(!is_total && !label_has_content);
        let scope = if is_total {
            None
        } else if label_has_content {
            // A label that names a level or place of its own ("Số TTHC cấp
            // huyện", "… của các sở, ban, ngành") is about that part.
            label
                .and_then(|(a, b)| super::place_scope(lx, doc, a, b))
                .or(group_scope.clone())
        } else {
            label_text
                .clone()
                .filter(|s| !s.is_empty())
                .or(group_scope.clone())
        };
        for (k, q) in numbers.iter().enumerate() {
            let Some(q) = q else { continue };
            // The row number ("1", "2") is no figure.
            if Some(k) == r.number || stt_cols.contains(&(k + shift)) {
                continue;
            }
            let col = cols.get(k + shift);
            // Comparison and unit-count columns hold no figure.
            if col.is_some_and(|c| c.change || (c.block && !c.content)) {
                continue;
            }
            // The column's cues, then the label's for what the column leaves open.
            let mut f = col.map_or_else(|| Features::new(nclass), |c| c.features.clone());
            if let Some(lc) = &label_cues {
                for (i, v) in lc.features.0.iter().enumerate() {
                    if f.0[i].is_none() {
                        f.0[i] = *v;
                    }
                }
            }
            // Then the group row's, for what counts the same thing.
            if let Some(g) = &group_feats {
                let same = lx.identity().is_none_or(|o| match (f.get(o), g.get(o)) {
                    (Some(a), Some(b)) => lx.same_thing(o, a, b),
                    _ => true,
                });
                if same {
                    for (i, v) in g.0.iter().enumerate() {
                        if f.0[i].is_none() && lx.classes[i].inherit.context {
                            f.0[i] = *v;
                        }
                    }
                }
            }
            // Then the header of the label column, which says what the rows
            // are ("Dịch vụ công trực tuyến | Cấp tỉnh | Cấp huyện" above
            // "Toàn trình", "Một phần", "Cộng").
            if let Some(hc) = label_cells.first().and_then(|&lk| cols.get(lk + shift)) {
                if hc.content && !hc.percent {
                    for (i, v) in hc.features.0.iter().enumerate() {
                        if f.0[i].is_none() && lx.classes[i].inherit.context {
                            f.0[i] = *v;
                        }
                    }
                }
            }
            // A "%" unit cell over a value above 100 is a form's slip: the
            // value is the count its label names ("Số lượng CV đi | % | 1940").
            let percent = q.kind == QKind::Percent
                || (unit_percent && q.value <= 100.0)
                || (col.is_some_and(|c| c.percent) && q.kind == QKind::Count && q.unit.is_none());
            let kind = if percent {
                QKind::Percent
            } else {
                QKind::Count
            };
            // A total row's share of itself ("Tổng | 1.574 | 100") is no figure.
            if is_total && percent && q.value == 100.0 && col.is_some_and(|c| c.share_col) {
                continue;
            }
            let outcome = reader.decisions.decide(&f, kind, reg);
            if let Some(n) = notes.as_deref_mut() {
                n.push(super::Note {
                    start: q.vstart,
                    end: q.vend,
                    features: format!("[table] {}", f.describe(lx)),
                    outcome: format!("{outcome:?}"),
                });
            }
            let Outcome::Decided { indicator, .. } = outcome else {
                continue;
            };
            let Some(info) = reg.get(&indicator) else {
                continue;
            };
            if info.is_percent() != percent {
                continue;
            }
            // Money columns ("(triệu đồng)") and rows ("Triệu đồng" in the
            // unit cell) hold amounts, others counts; a row's unit cell
            // must fit what the row is read as ("Nhiệm vụ" is no dossier).
            let money = col.and_then(|c| c.money_scale).or(row_money);
            if money.is_some() != (info.unit == "dong") {
                continue;
            }
            if row_unit.is_some_and(|u| u != "percent" && !lx.unit_fits(u, &info.unit)) {
                continue;
            }
            // Only a per-unit table's counts add up: rows that name their
            // own indicator (a label with cues) are not parts of a sum.
            if !percent && !label_has_content {
                let col = columns[k + shift]
                    .get_or_insert_with(|| (indicator.clone(), None, Vec::new(), false));
                if col.0 != indicator {
                    col.3 = true;
                } else if is_total {
                    col.1 = Some(out.len());
                } else {
                    col.2.push(out.len());
                }
            }
            let mut role = match col
                .and_then(|c| c.role)
                .or(label_cues.as_ref().and_then(|c| c.role))
                .or(table_role)
            {
                Some(role) => role,
                None => roles.role_at(r.start, r.end, q.vstart),
            };
            if !info.roles.contains(&role) {
                if let Some(&r0) = info.roles.first() {
                    role = r0;
                }
            }
            let (indicator, info) = match info.as_target.as_deref().filter(|_| role == Role::Target)
            {
                Some(t) => match reg.get(t) {
                    Some(ti) => (ti.id.clone(), ti),
                    None => (indicator.clone(), info),
                },
                None => (indicator.clone(), info),
            };
            let value = q.value * money.unwrap_or(1.0);
            // A level column scopes its cells, the total row's too ("Cộng
            // | 1.653 | 281" under "Cấp tỉnh | Cấp huyện").
            let scope = match (&scope, col_scope.get(k + shift).cloned().flatten()) {
                (Some(s), Some(c)) if !label_has_content => Some(format!("{s}, {c}")),
                (_, Some(c)) => Some(c),
                _ => scope.clone(),
            };
            let (vs, ve) = doc.seg.snap(doc.text, q.vstart, q.vend);
            let (rs, re) = doc.seg.snap(doc.text, r.start, r.end);
            out.push(Figure {
                id: String::new(),
                indicator: indicator.clone(),
                value,
                unit: info.unit.clone(),
                role,
                qualifier: q.qualifier,
                section: roles.section_at(q.vstart).map(|s| s.path.clone()),
                scope,
                period: None,
                text: doc.text[rs..re].trim().to_string(),
                span: doc.seg.span(rs, re),
                rule: format!("{indicator}/table"),
                raw: doc.text[vs..ve].to_string(),
                value_span: doc.seg.span(vs, ve),
                decimals: q.decimals,
            });
            made += 1;
        }
    }
    if total_rows == 1 {
        for (indicator, total, parts, broken) in columns.into_iter().flatten() {
            if let (Some(total), false) = (total, broken) {
                if parts.len() > 1 && parts.len() == part_rows {
                    sums.push(ColumnSum {
                        indicator,
                        total,
                        parts,
                    });
                }
            }
        }
    }
    Some(made)
}

/// A cell that holds only a unit word ("Hồ sơ", "Người", "TTHC", "%").
fn is_unit_text(reader: &Reader, doc: &Doc, a: usize, b: usize) -> bool {
    let t = std::str::from_utf8(&doc.view[a..b]).unwrap_or("").trim();
    if t == "%" || t.is_empty() {
        return true;
    }
    let hits = doc.hits_in(a, b);
    if hits.len() != 1
        || !matches!(
            reader.lexicon.cues[hits[0].cue as usize].unit,
            Some(UnitWord::Unit(_))
        )
    {
        return false;
    }
    // The unit word, maybe after a scale word ("Triệu đồng", "Nghìn đồng").
    let before = std::str::from_utf8(&doc.view[a..hits[0].start]).unwrap_or("");
    let before = before.trim();
    (before.is_empty() || crate::numbers::scale_of(before).is_some_and(|x| x > 1.0 && x != 100.0))
        && doc.view[hits[0].end..b].iter().all(|&c| c == b' ')
}

/// The unit a row's unit cell names ("Hồ sơ" → ho_so, "Triệu đồng" → dong).
fn unit_of_cell(reader: &Reader, doc: &Doc, (a, b): (usize, usize)) -> Option<&'static str> {
    doc.hits_in(a, b)
        .iter()
        .find_map(|h| match reader.lexicon.cues[h.cue as usize].unit {
            Some(UnitWord::Unit(u)) => Some(u),
            _ => None,
        })
}

/// The row's line starts with a pipe (spaces aside).
fn opens_with_pipe(doc: &Doc, r: &TableRow) -> bool {
    let ls = doc.seg.line_starts[doc.seg.line_of(r.start) - 1];
    doc.view[ls..r.end.max(ls)]
        .iter()
        .find(|&&b| b != b' ')
        .is_some_and(|&b| b == b'|')
}

/// The period a header cell names, as (year, month it ends): "Năm 2024"
/// (2024, 12), "Quý III/2024" (2024, 9), "Tháng 6/2024" (2024, 6).
fn header_period(cell: &[u8]) -> Option<(u32, u32)> {
    let s = std::str::from_utf8(cell).ok()?;
    if s.chars().count() > 32 {
        return None;
    }
    let mut years = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u32>().ok())
        .filter(|y| (1990..=2100).contains(y));
    let y = years.next()?;
    if years.next().is_some() {
        return None;
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '/' || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let after = |w: &str| {
        words
            .iter()
            .position(|x| *x == w)
            .and_then(|i| words.get(i + 1))
            .copied()
    };
    let roman = |r: &str| match r {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    };
    if let Some(q) = after("quý").and_then(roman) {
        return Some((y, q * 3));
    }
    if let Some(m) = after("tháng")
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| (1..=12).contains(m))
    {
        return Some((y, m));
    }
    Some((y, 12))
}

/// The words of the line right above a table (its title), when it states
/// no number.
fn title_cues(reader: &Reader, doc: &Doc, first_row: usize) -> Option<CellCues> {
    let seg = doc.seg;
    let line = seg.line_of(first_row);
    if line < 2 {
        return None;
    }
    let (a, b) = (
        seg.line_starts[line - 2],
        seg.line_starts[line - 1].saturating_sub(1),
    );
    let t = &doc.view[a..b];
    if t.iter().all(|&c| c == b' ' || c == b'\r') || t.contains(&b'\t') || t.contains(&b'|') {
        return None;
    }
    let hits = doc.hits_in(a, b);
    if !quantity::find(&reader.lexicon, &doc.view, a, b, hits).is_empty() {
        // A title with a number is a sentence, not a title.
        let c = cell_cues(reader, doc, (a, b));
        return Some(CellCues {
            role: c.role,
            ..CellCues::default()
        });
    }
    let mut c = cell_cues(reader, doc, (a, b));
    // A title names what is counted first and whose after it ("Kết quả
    // tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức"): its
    // first object is the table's, not the nearest to its end.
    if let Some(o) = reader.lexicon.identity() {
        let first = hits.iter().find_map(|h| {
            reader.lexicon.cues[h.cue as usize]
                .sets
                .iter()
                .find(|&&(k, _)| k == o)
                .map(|&(_, v)| (v, h))
        });
        if let Some((v, h)) = first {
            c.features.0[o as usize] = Some((v, Src::Own, (h.start as u32, h.end as u32)));
        }
    }
    Some(c)
}

/// "Có = 1; Không = 0", "Trực tuyến = 0": a cell that states a coding of
/// the answer, an "=" followed by a digit.
fn is_coded_answer(cell: &[u8]) -> bool {
    cell.iter().enumerate().any(|(i, &c)| {
        c == b'='
            && cell[i + 1..]
                .iter()
                .find(|&&x| x != b' ')
                .is_some_and(|x| x.is_ascii_digit())
    })
}

/// "1", "2.1", "IV", "a", "a)": a row number, not a label.
fn is_numbering(cell: &[u8]) -> bool {
    let s = std::str::from_utf8(cell).unwrap_or("").trim();
    let s = s.trim_end_matches(['.', ')']);
    !s.is_empty()
        && s.len() <= 6
        && (s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            || s.bytes().all(|b| b"ivxl".contains(&b))
            || (s.chars().count() == 1 && s.chars().all(char::is_alphabetic)))
}

#[cfg(test)]
mod tests {
    use super::without_inline_tags;

    #[test]
    fn inline_tags_are_no_words() {
        let s = |t: &str| String::from_utf8(without_inline_tags(t.as_bytes()).collect()).unwrap();
        assert_eq!(s("<i>Trên </i>"), "Trên ");
        assert_eq!(s("</strong>"), "");
        assert_eq!(s("<section>"), "<section>");
        assert_eq!(s("a < b > c"), "a < b > c");
        assert_eq!(s("<b>x</b>"), "x");
        // The `>` of "<i>" before a number is no "more than".
        use crate::extract::compose::lexicon::closes_inline_tag;
        assert!(closes_inline_tag(b"<i") && closes_inline_tag(b"x </em"));
        assert!(!closes_inline_tag(b"") && !closes_inline_tag(b"a ") && !closes_inline_tag(b"<"));
    }
}
