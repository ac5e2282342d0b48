//! Layout clean-up for ingest, applied to the pages of paged formats (PDF)
//! before they are joined: spacing, line-end hyphen joins, paragraph lines
//! re-joined where the page width wrapped them, and page headers/footers
//! repeated on most pages.
//!
//! Vietnamese is written in space-separated syllables, so a line-end hyphen
//! is almost always a real hyphen (`2023-` ⏎ `2028`, `NQ-` ⏎ `HĐND`): the
//! lines are joined without a space and the hyphen is kept — generic
//! de-hyphenation (poppler's) would corrupt `2023-2028` into `20232028`.

use std::collections::HashMap;

use super::syllable;

/// One line of PDF text with its spacing repaired: runs of spaces and
/// no-break spaces are one space; a tab is a table cell boundary (the
/// layout writes one where a row's cells stand apart) and absorbs the spaces
/// around it; an empty cell stays, so the row keeps its columns.
fn respace(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, cell) in line.split('\t').enumerate() {
        if i > 0 {
            out.push('\t');
        }
        let mut first = true;
        for w in cell.split([' ', '\u{A0}']).filter(|w| !w.is_empty()) {
            if !first {
                out.push(' ');
            }
            first = false;
            out.push_str(w);
        }
    }
    out.trim_end_matches('\t').to_string()
}

/// Per-page clean-up: repair spacing, collapse runs of blank lines, join
/// hyphenated line ends, re-join wrapped paragraph lines.
pub fn clean_page(page: &str) -> String {
    let page = join_hyphens(page);
    match full_width(&page) {
        Some(full) => unwrap_paragraphs(&page, full),
        None => page,
    }
}

/// Clean the pages of a document: per-page clean-up, running headers and
/// footers removed, and for each page whether its last paragraph continues
/// on the next page (decided on the wrapped lines, before re-joining).
pub fn clean_pages(raw: &[String]) -> (Vec<String>, Vec<bool>) {
    let mut pages: Vec<String> = raw.iter().map(|p| join_hyphens(p)).collect();
    remove_repeated_margins(&mut pages);
    // Measured over the whole document: on a page that is all table, the
    // longest cells would otherwise pass for full lines.
    let Some(full) = full_width(&pages.join("\n")) else {
        let joins = vec![false; pages.len()];
        return (pages, joins);
    };
    let joins = (0..pages.len())
        .map(|i| {
            pages
                .get(i + 1)
                .is_some_and(|next| continues_on(&pages[i], next, full))
        })
        .collect();
    let pages = pages.iter().map(|p| unwrap_paragraphs(p, full)).collect();
    (pages, joins)
}

fn join_hyphens(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut blank_run = 0;
    for raw in page.split('\n') {
        // A line of no-break spaces only is an empty table cell in text typed
        // by people (segmentation reads it so): keep one NBSP.
        let nbsp_only = raw.contains('\u{A0}') && raw.chars().all(|c| c == '\u{A0}' || c == ' ');
        let line = if nbsp_only {
            "\u{A0}".to_string()
        } else {
            respace(raw)
        };
        let line = line.as_str();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        let join = (ends_with_joining_hyphen(&out)
            && line.starts_with(|c: char| c.is_alphanumeric()))
            || splits_a_syllable(&out, line);
        if join {
            out.push_str(line);
        } else {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out.trim_matches('\n').to_string()
}

/// A producer that switches fonts inside a word (wkhtmltopdf's bold
/// fallback) makes lopdf break the line there: `Ch` ⏎ `ỉ tiêu th` ⏎ `ố`.
/// Join without a space when the two pieces are not syllables on their own
/// but make one together.
fn splits_a_syllable(out: &str, next: &str) -> bool {
    let last_line = out.rsplit('\n').next().unwrap_or("");
    let tail: String = {
        let mut t: Vec<char> = last_line
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        t.reverse();
        t.into_iter().collect()
    };
    let head: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    if tail.is_empty() || head.is_empty() {
        return false;
    }
    let alone = syllable::is_syllable(&tail) && syllable::is_syllable(&head);
    !alone && syllable::is_syllable(&format!("{tail}{head}"))
}

/// Lines the page width wrapped are joined back into their paragraph, as the
/// text was typed (one paragraph per line), so that a figure and its label
/// are on one line. A line is taken as wrapped when it is nearly as long as
/// the page's full lines and does not end a sentence, and the next line does
/// not start a heading or list item. Table cells are short lines: untouched.
pub fn unwrap_paragraphs(page: &str, full: usize) -> String {
    let lines: Vec<&str> = page.split('\n').collect();
    let mut out = String::with_capacity(page.len());
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let Some(next) = lines.get(i + 1) else {
            break;
        };
        out.push(if wrapped(line, next, full) { ' ' } else { '\n' });
    }
    out
}

/// The length (in characters) of a full line of the page's body text, or
/// None when the page has too few lines to tell.
fn full_width(page: &str) -> Option<usize> {
    // Table rows (cells joined by tabs) are as long as their cells make
    // them, not as the page width does.
    let mut lens: Vec<usize> = page
        .split('\n')
        .filter(|l| !l.contains('\t'))
        .map(|l| l.chars().count())
        .filter(|&n| n >= 20)
        .collect();
    if lens.len() < 5 {
        return None;
    }
    lens.sort_unstable();
    Some(lens[lens.len() * 9 / 10])
}

/// Whether the break between `line` and `next` is a wrap inside a paragraph.
fn wrapped(line: &str, next: &str, full: usize) -> bool {
    if line.trim().is_empty() || next.trim().is_empty() {
        return false;
    }
    // A table row's cells are laid out by position; its lines are not prose
    // (prose typed with tabs may still wrap into a row's first cell).
    if line.contains('\t') {
        return false;
    }
    // A line cannot start with these: the break is inside a sentence
    // ("đạt 99,9" ⏎ "% tổng số"). A lone "%" after a label is a table's
    // unit cell, not a continuation.
    if next.starts_with('%') && line.ends_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    if next.starts_with([',', '.', ';', ':', ')', ']']) && next.chars().count() > 1 {
        return true;
    }
    // "… không chuyên trách:" ⏎ "09 người": a colon inside a sentence.
    let colon_then_value =
        line.ends_with(':') && next.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit());
    line.chars().count() * 10 >= full * 8
        && (!line.ends_with(['.', ':', ';', '!', '?']) || colon_then_value)
        && !starts_block(next)
}

/// Whether the last line of `page` continues on the first line of `next`
/// (a paragraph running over the page break).
pub fn continues_on(page: &str, next: &str, full: usize) -> bool {
    let (Some(last), Some(first)) = (
        page.trim_end().rsplit('\n').next(),
        next.trim_start().split('\n').next(),
    ) else {
        return false;
    };
    wrapped(last, first, full)
}

/// A heading or list marker: `1.`, `2.1.`, `III.`, `a)`, `-`, `+`, `*`, `•`.
fn starts_block(line: &str) -> bool {
    let first = line.split(' ').next().unwrap_or("");
    if matches!(first, "-" | "+" | "*" | "•" | "–") || line.starts_with(['-', '+', '*', '•', '–'])
    {
        return true;
    }
    let numbered = first.ends_with('.')
        && first.len() > 1
        && first[..first.len() - 1]
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let roman = first.ends_with('.')
        && first.len() > 1
        && first[..first.len() - 1]
            .bytes()
            .all(|b| b"IVXLC".contains(&b));
    let lettered = first.chars().count() == 2
        && first.ends_with(')')
        && first.chars().next().is_some_and(char::is_alphabetic);
    numbered || roman || lettered
}

/// The text so far ends in `X-` where X is not a space (`2023-`, `NQ-`), and
/// not ` - ` (a spaced dash keeps its line break).
fn ends_with_joining_hyphen(out: &str) -> bool {
    let last_line = out.rsplit('\n').next().unwrap_or("");
    let mut cs = last_line.chars().rev();
    cs.next() == Some('-') && cs.next().is_some_and(|c| !c.is_whitespace() && c != '-')
}

/// A line with its digits masked, so that "Trang 3" and "Trang 4" compare equal.
fn margin_key(line: &str) -> String {
    line.trim()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Remove lines that repeat as the first or last lines of most pages
/// (running headers, footers, page numbers). Only the two outermost
/// non-empty lines of each page are candidates, and a line must repeat on at
/// least 3 pages and 60 % of them, so body text is never touched.
pub fn remove_repeated_margins(pages: &mut [String]) {
    if pages.len() < 3 {
        return;
    }
    let margins = |p: &str| -> Vec<String> {
        let lines: Vec<&str> = p.lines().filter(|l| !l.trim().is_empty()).collect();
        let n = lines.len();
        let mut idx: Vec<usize> = (0..n.min(2)).collect();
        idx.extend(n.saturating_sub(2).max(2.min(n))..n);
        idx.into_iter().map(|i| margin_key(lines[i])).collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in pages.iter() {
        let mut keys = margins(p);
        keys.sort();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let need = 3.max((pages.len() * 6).div_ceil(10));
    let repeated: Vec<String> = counts
        .into_iter()
        .filter(|(k, n)| *n >= need && !k.is_empty())
        .map(|(k, _)| k)
        .collect();
    if repeated.is_empty() {
        return;
    }
    for p in pages.iter_mut() {
        let keys = margins(p);
        let lines: Vec<&str> = p.lines().collect();
        let non_empty: Vec<usize> = (0..lines.len())
            .filter(|&i| !lines[i].trim().is_empty())
            .collect();
        let n = non_empty.len();
        let mut drop = vec![false; lines.len()];
        let mut positions: Vec<usize> = (0..n.min(2)).collect();
        positions.extend(n.saturating_sub(2).max(2.min(n))..n);
        for (k, pos) in keys.iter().zip(positions) {
            if repeated.contains(k) {
                drop[non_empty[pos]] = true;
            }
        }
        *p = lines
            .iter()
            .zip(drop)
            .filter(|(_, d)| !d)
            .map(|(l, _)| *l)
            .collect::<Vec<_>>()
            .join("\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphen_at_line_end_joins_and_stays() {
        assert_eq!(
            clean_page("giai đoạn 2023-  \n2028 và"),
            "giai đoạn 2023-2028 và"
        );
        assert_eq!(
            clean_page("Nghị quyết số 12/NQ-\nHĐND"),
            "Nghị quyết số 12/NQ-HĐND"
        );
        assert_eq!(
            clean_page("Văn hóa-Thông tin-\nthể Thao"),
            "Văn hóa-Thông tin-thể Thao"
        );
    }

    #[test]
    fn spaced_dash_and_list_dash_keep_the_break() {
        assert_eq!(clean_page("kết quả - \nđạt 99 %"), "kết quả -\nđạt 99 %");
        assert_eq!(
            clean_page("Mục tiêu:\n- Tiếp nhận"),
            "Mục tiêu:\n- Tiếp nhận"
        );
        assert_eq!(clean_page("a\n\n\n\nb\n"), "a\n\nb");
    }

    #[test]
    fn words_split_by_a_font_switch_are_rejoined() {
        assert_eq!(
            clean_page("STT\nCh\nỉ\ntiêu th\nố\nng kê\nK\nế\nt qu\nả\nGhi\nchú"),
            "STT\nChỉ\ntiêu thống kê\nKết quả\nGhi\nchú"
        );
        // Whole syllables on both sides, or no syllable at all: separate lines.
        assert_eq!(
            clean_page("Hồ sơ\n3954\nVăn phòng – TK\nCác"),
            "Hồ sơ\n3954\nVăn phòng – TK\nCác"
        );
    }

    #[test]
    fn space_runs_are_single_spaces_tabs_stay_cell_boundaries() {
        assert_eq!(clean_page("  Số:   204  /BC-UBND  "), "Số: 204 /BC-UBND");
        assert_eq!(
            clean_page("\u{A0}\t Tổng số \t Người\t23\t"),
            "\tTổng số\tNgười\t23"
        );
        assert_eq!(clean_page("đạt 99,8\u{A0}%"), "đạt 99,8 %");
        assert_eq!(
            clean_page("Hồ sơ\n\u{A0}\u{A0} \n3954"),
            "Hồ sơ\n\u{A0}\n3954"
        );
    }

    #[test]
    fn wrapped_paragraph_lines_are_rejoined() {
        let long = "Thực hiện công văn số 422/UBND ngày 10/3/2022 của UBND thị xã Đức Phổ về việc triển khai";
        let page = format!(
            "I. Tình hình tổ chức thực hiện\n{long}\nkế hoạch năm 2022.\n{long}\n2023; Quyết định số 12\n{long}.\n{long}\n1. Ban hành văn bản\n{long}\n- Tiếp nhận\n{long}\na) Hồ sơ\nTổng số\nHồ sơ\n3954\n{long} chuyên trách:\n09 người\n{long}:\nSong song\nđạt 99,9\n% tổng số"
        );
        assert_eq!(
            clean_page(&page),
            format!(
                "I. Tình hình tổ chức thực hiện\n{long} kế hoạch năm 2022.\n{long} 2023; Quyết định số 12\n{long}.\n{long}\n1. Ban hành văn bản\n{long}\n- Tiếp nhận\n{long}\na) Hồ sơ\nTổng số\nHồ sơ\n3954\n{long} chuyên trách: 09 người\n{long}:\nSong song\nđạt 99,9 % tổng số"
            )
        );
    }

    #[test]
    fn a_paragraph_runs_over_the_page_break() {
        let long = "Thực hiện công văn số 422/UBND ngày 10/3/2022 của UBND thị xã Đức Phổ về việc triển khai";
        let page = [long; 6].join("\n");
        let full = full_width(&page).unwrap();
        assert!(continues_on(&page, "kế hoạch năm 2022.", full));
        assert!(!continues_on(&page, "II. Công tác chỉ đạo", full));
        assert!(!continues_on(&format!("{page}\nngắn."), "Tiếp", full));
        assert!(!continues_on("ngắn", "tiếp", full));
        let (pages, joins) = clean_pages(&[page.clone(), "kế hoạch.".into()]);
        assert_eq!(joins, [true, false]);
        assert_eq!(pages[0], [long; 6].join(" "));
    }

    #[test]
    fn table_pages_are_measured_against_the_body_text() {
        let long = "Thực hiện công văn số 422/UBND ngày 10/3/2022 của UBND thị xã Đức Phổ về việc triển khai";
        let body = [long; 6].join("\n");
        let table = "3.1\nTỷ lệ hồ sơ giải quyết đúng hạn\n%\n100\n1.2\nChỉ số hài lòng của người dân, tổ chức (SIPAS)\nVăn phòng – TK\n1.5\nChỉ số Chuyển đổi số cấp xã (DTI) của phường\nBộ phận Văn hóa-Thông tin-thể Thao";
        let (pages, _) = clean_pages(&[body, table.into()]);
        assert_eq!(pages[1], table);
    }

    #[test]
    fn running_headers_and_page_numbers_are_removed() {
        let body = ["Mở đầu", "Kết quả 327 hồ sơ", "Tồn tại", "Kiến nghị"];
        let mut pages: Vec<String> = body
            .iter()
            .enumerate()
            .map(|(i, b)| format!("UBND PHƯỜNG HÀ PHONG\n{b}\nTrang {}", i + 1))
            .collect();
        remove_repeated_margins(&mut pages);
        assert_eq!(pages, body);
    }

    #[test]
    fn body_lines_that_repeat_twice_stay() {
        let mut pages = vec![
            "Tiêu đề\nA".to_string(),
            "Tiêu đề\nB".to_string(),
            "C\nD".to_string(),
            "E\nF".to_string(),
        ];
        let before = pages.clone();
        remove_repeated_margins(&mut pages);
        assert_eq!(pages, before);
    }
}
