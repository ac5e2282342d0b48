//! Segmentation of the seed reports, one test per table shape.

use super::*;

fn seed(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    std::fs::read_to_string(p).expect("seed file")
}

fn row_cells<'t>(text: &'t str, r: &TableRow) -> Vec<&'t str> {
    r.cells.iter().map(|&(a, b)| text[a..b].trim()).collect()
}

/// The row whose label cell is exactly `label`.
fn row_with_label<'s>(text: &str, seg: &'s Segmented, label: &str) -> &'s TableRow {
    seg.rows
        .iter()
        .find(|r| r.label.is_some_and(|l| row_cells(text, r)[l] == label))
        .unwrap_or_else(|| panic!("no row labelled {label}"))
}

fn check_invariants(text: &str, seg: &Segmented) {
    assert_eq!(seg.match_text.len(), text.len());
    for (i, c) in text.char_indices() {
        if !c.is_alphabetic() {
            assert!(seg.match_text.is_char_boundary(i), "boundary at {i} moved");
            assert!(seg.match_text.is_char_boundary(i + c.len_utf8()));
        }
    }
    for w in seg.units.windows(2) {
        assert!(w[0].end <= w[1].start, "units overlap: {:?}", w);
    }
    for u in &seg.units {
        assert!(u.start < u.end && u.end <= text.len());
    }
    for r in &seg.rows {
        assert!(seg
            .units
            .iter()
            .any(|u| u.kind == UnitKind::TableRow && u.start == r.start && u.end == r.end));
    }
}

#[test]
fn seed_000_flattened_appendix_row_is_one_unit() {
    let text = seed("000.txt");
    let seg = segment(&text, &[0]);
    check_invariants(&text, &seg);
    let r = row_with_label(&text, &seg, "Tổng số biên chế được giao trong năm");
    assert_eq!(r.shape, RowShape::OneCellPerLine);
    assert_eq!(
        &row_cells(&text, r)[..4],
        ["1", "Tổng số biên chế được giao trong năm", "Người", "23"]
    );
    assert_eq!(seg.row_unit(&text, r), Some("Người"));
    let unit = seg.unit_at(r.start).expect("unit");
    assert_eq!(
        (unit.kind, unit.start, unit.end),
        (UnitKind::TableRow, r.start, r.end)
    );
    let folded = &seg.match_text[r.start..r.end];
    assert!(
        folded.starts_with("1\t Tổng số biên chế được giao trong năm\t Người\t 23"),
        "{folded:?}"
    );
    // Money rows keep their unit.
    let m = row_with_label(&text, &seg, "Kế hoạch được giao");
    assert_eq!(seg.row_unit(&text, m), Some("Triệu đồng"));
    assert_eq!(row_cells(&text, m)[3], "12.252");
    // "%" in the unit column is no blank, and the report is no template.
    assert!(!seg
        .blanks
        .iter()
        .any(|b| b.kind == BlankKind::BarePercent && seg.row_at(b.start).is_some()));
    assert!(!seg.looks_like_template());
    // Rows without a number cell.
    let o = row_with_label(&text, &seg, "Số hồ sơ TTHC đã tiếp nhận trực tuyến");
    assert_eq!(row_cells(&text, o)[3], "3950");
}

#[test]
fn seed_000_sections() {
    let text = seed("000.txt");
    let seg = segment(&text, &[0]);
    let at = |needle: &str| {
        let off = text.find(needle).expect(needle);
        seg.section_at(off).map(|s| s.path.clone())
    };
    assert_eq!(
        at("Trong năm, UBND phường đã đăng 12 tin bài").as_deref(),
        Some("I.1")
    );
    assert_eq!(
        at("Căn cứ Kế hoạch số 10/KH-UBND ngày 18/01/2023, UBND").as_deref(),
        Some("II.2.2")
    );
    let s = seg.sections.iter().find(|s| s.path == "III").expect("III");
    assert_eq!(
        s.title,
        "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM"
    );
    assert!(seg
        .sections
        .iter()
        .any(|s| s.path.starts_with("PHỤ LỤC 1a")));
}

#[test]
fn seed_001_tab_rows() {
    let text = seed("001.txt");
    let seg = segment(&text, &[0]);
    check_invariants(&text, &seg);
    let r = row_with_label(
        &text,
        &seg,
        "Thực hiện số hóa hồ sơ, kết quả giải quyết TTHC",
    );
    assert_eq!(r.shape, RowShape::Tab);
    assert_eq!(
        row_cells(&text, r)[..3],
        [
            "3.2",
            "Thực hiện số hóa hồ sơ, kết quả giải quyết TTHC",
            "90%"
        ]
    );
    assert!(seg
        .rows
        .iter()
        .any(|r| r.header && row_cells(&text, r)[0] == "STT"));
    // The plan's numbered targets are sections "II.2.c".
    let off = text.find("Tỷ lệ số hóa hồ sơ, kết quả giải quyết").unwrap();
    assert_eq!(seg.section_at(off).map(|s| s.path.as_str()), Some("II.2.c"));
    // A draft: its number and day are left open, but it is no form.
    assert!(seg.blanks.iter().any(|b| b.kind == BlankKind::OpenNumber));
    assert!(!seg.looks_like_template());
}

#[test]
fn seed_002_pipe_rows_and_template_blanks() {
    let text = seed("002.txt");
    let seg = segment(&text, &[0]);
    check_invariants(&text, &seg);
    let r = seg
        .rows
        .iter()
        .find(|r| r.shape == RowShape::Pipe && text[r.start..r.end].contains("97/KH-UBND"))
        .expect("pipe row");
    assert_eq!(
        row_cells(&text, r),
        ["Số: 97/KH-UBND", "Hải Phòng, ngày 16 tháng 4 năm 2024"]
    );
    assert!(!seg.match_text[r.start..r.end].contains('|'));
    assert!(seg.looks_like_template());
    let off = text.find("+ Tổng số nhiệm vụ trong kế hoạch").unwrap();
    assert_eq!(seg.section_at(off).map(|s| s.path.as_str()), Some("I"));
}

#[test]
fn seeds_003_004_sentences_bound_figures() {
    for name in ["003.txt", "004.txt"] {
        let text = seed(name);
        let seg = segment(&text, &[0]);
        check_invariants(&text, &seg);
    }
    let text = seed("003.txt");
    let seg = segment(&text, &[0]);
    let off = text.find("đạt tỷ lệ 85,44%").unwrap();
    let u = seg.unit_at(off).expect("unit");
    assert!(
        text[u.start..u.end].contains("276"),
        "{}",
        &text[u.start..u.end]
    );
}

#[test]
fn tone_variants_match_the_same_pattern() {
    let a = segment("Số hồ sơ số hoá: 12", &[0]);
    let b = segment("Số hồ sơ số hóa: 12", &[0]);
    assert_eq!(a.match_text, b.match_text);
}

#[test]
fn degenerate_inputs() {
    for t in [
        "", "\n", "\r\n", "STT\n", "I.", "a)", "|", "\t\t", "…", "1.\n2.",
    ] {
        let seg = segment(t, &[]);
        check_invariants(t, &seg);
    }
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Any text — Vietnamese letters, table punctuation, numbers, line
        /// breaks — segments without a panic and keeps the invariants.
        #[test]
        fn any_text_keeps_the_invariants(
            t in r"(STT|Chỉ tiêu|Đơn vị tính|I\.|1\.|2\.1\.|a\)|\t|\||\n|\u{a0}|hoá|Uỷ|tuỳ|3\.954|99,8 ?%|\.\.\.|;|\(|\)|TP\.|[a-zđơưáạ ]{1,6}){0,60}"
        ) {
            let seg = segment(&t, &[]);
            check_invariants(&t, &seg);
            for s in &seg.sections {
                prop_assert!(s.start <= s.end && s.end <= t.len());
            }
            for r in &seg.rows {
                for &(a, b) in &r.cells {
                    prop_assert!(a <= b && b <= t.len() && t.is_char_boundary(a) && t.is_char_boundary(b));
                }
            }
        }
    }
}
#[test]
fn seed_000_rows_survive_ingest_normalization() {
    // Ingest turns the NBSP of empty cells into plain spaces; with the empty
    // cells gone entirely the sub-numbers still open rows.
    let raw = seed("000.txt");
    for text in [
        raw.replace('\u{a0}', " "),
        raw.lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
    ] {
        let seg = segment(&text, &[0]);
        check_invariants(&text, &seg);
        let r = row_with_label(&text, &seg, "Kế hoạch được giao");
        assert_eq!(
            row_cells(&text, r)[..4],
            ["1", "Kế hoạch được giao", "Triệu đồng", "12.252"]
        );
        let r = row_with_label(
            &text,
            &seg,
            "Số TTHC liên thông cùng cấp (liên thông ngang)",
        );
        assert!(
            !row_cells(&text, r).contains(&"2.2"),
            "{:?}",
            row_cells(&text, r)
        );
        let r = row_with_label(&text, &seg, "Tổng số biên chế được giao trong năm");
        assert_eq!(
            row_cells(&text, r)[..4],
            ["1", "Tổng số biên chế được giao trong năm", "Người", "23"]
        );
    }
}
