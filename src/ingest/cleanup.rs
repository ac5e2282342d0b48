//! Layout clean-up for ingest, applied to the pages of paged formats (PDF)
//! before they are joined: trailing blanks, line-end hyphen joins, and page
//! headers/footers repeated on most pages.
//!
//! Vietnamese is written in space-separated syllables, so a line-end hyphen
//! is almost always a real hyphen (`2023-` ⏎ `2028`, `NQ-` ⏎ `HĐND`): the
//! lines are joined without a space and the hyphen is kept — generic
//! de-hyphenation (poppler's) would corrupt `2023-2028` into `20232028`.

use std::collections::HashMap;

/// Per-page clean-up: drop trailing spaces, collapse runs of blank lines,
/// join hyphenated line ends.
pub fn clean_page(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut blank_run = 0;
    for line in page.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        let join =
            ends_with_joining_hyphen(&out) && line.starts_with(|c: char| c.is_alphanumeric());
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
