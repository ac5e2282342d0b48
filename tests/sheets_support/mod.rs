//! Workbooks of our own making for the spreadsheet tests, written with
//! rust_xlsxwriter: a district appendix (units as rows, a two-level merged
//! header, a column-numbering row, a typed total that is wrong and a
//! formula total whose cached value is stale), a sheet of indicators with a
//! percentage, a decimal and a date, and a hidden sheet. The `.xls` and
//! `.ods` fixtures under `tests/fixtures/sheets/` are this workbook
//! converted by LibreOffice (see `tests/sheets.rs`).

#![allow(dead_code)]

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Formula, Workbook};

/// The district appendix: expected figures are in `tests/sheets.rs`.
pub fn district(path: &Path) {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let plain = Format::new();
    let ws = wb.add_worksheet();
    ws.set_name("Biểu 01").unwrap();
    ws.merge_range(0, 0, 0, 5, "ỦY BAN NHÂN DÂN HUYỆN ĐÔNG SƠN", &bold)
        .unwrap();
    ws.merge_range(
        1,
        0,
        1,
        5,
        "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUÝ I NĂM 2024",
        &bold,
    )
    .unwrap();
    ws.write_string(2, 5, "Đơn vị tính: hồ sơ").unwrap();
    // Two header rows: STT, name, received and pending span both; the
    // resolved group spans "Đúng hạn | Quá hạn".
    ws.merge_range(3, 0, 4, 0, "STT", &bold).unwrap();
    ws.merge_range(3, 1, 4, 1, "Tên đơn vị", &bold).unwrap();
    ws.merge_range(3, 2, 4, 2, "Số hồ sơ tiếp nhận", &bold)
        .unwrap();
    ws.merge_range(3, 3, 3, 4, "Số hồ sơ đã giải quyết", &bold)
        .unwrap();
    ws.merge_range(3, 5, 4, 5, "Số hồ sơ đang giải quyết", &bold)
        .unwrap();
    ws.write_string(4, 3, "Đúng hạn").unwrap();
    ws.write_string(4, 4, "Quá hạn").unwrap();
    for c in 0..6u16 {
        ws.write_number(5, c, f64::from(c + 1)).unwrap();
    }
    let units = [
        ("Phường An Bình", [120.0, 110.0, 5.0, 5.0]),
        ("Xã Hòa Lạc", [95.0, 88.0, 2.0, 5.0]),
        ("Phường Bình Minh", [210.0, 198.0, 2.0, 10.0]),
    ];
    for (i, (name, v)) in units.iter().enumerate() {
        let r = 6 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        for (k, x) in v.iter().enumerate() {
            ws.write_number(r, 2 + k as u16, *x).unwrap();
        }
    }
    // The total row: C10 typed by hand and wrong (the units add up to 425),
    // D10 and E10 formulas with right cached values, F10 a formula whose
    // cached value is stale (the units add up to 20).
    ws.write_string(9, 1, "Tổng cộng").unwrap();
    ws.write_number(9, 2, 430.0).unwrap();
    ws.write_formula(9, 3, Formula::new("=SUM(D7:D9)").set_result("396"))
        .unwrap();
    ws.write_formula(9, 4, Formula::new("=SUM(E7:E9)").set_result("9"))
        .unwrap();
    ws.write_formula(9, 5, Formula::new("=SUM(F7:F9)").set_result("18"))
        .unwrap();
    ws.write_string(11, 1, "Người lập biểu").unwrap();
    ws.write_string(11, 4, "KT. CHỦ TỊCH").unwrap();
    ws.set_column_width(1, 24).unwrap();

    let pct = Format::new().set_num_format("0.00%");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Chỉ tiêu").unwrap();
    ws.write_string(0, 0, "MỘT SỐ CHỈ TIÊU KHÁC").unwrap();
    for (c, h) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    // A percentage formatted as such (0.9209 shows 92,09%), one typed as
    // a plain decimal, and a whole number stored as a float.
    let rows: [(&str, &str, f64, &Format); 4] = [
        ("Số phiếu khảo sát phát ra", "Phiếu", 1250.0, &plain),
        ("Tỷ lệ hồ sơ giải quyết đúng hạn", "%", 0.9209, &pct),
        (
            "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
            "%",
            87.5,
            &plain,
        ),
        ("Số hồ sơ tiếp nhận trực tuyến", "Hồ sơ", 280.0, &plain),
    ];
    for (i, (label, unit, v, f)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, *label).unwrap();
        ws.write_string(r, 2, *unit).unwrap();
        ws.write_number_with_format(r, 3, *v, f).unwrap();
    }
    ws.write_string(7, 0, "Ngày lập biểu:").unwrap();
    let d = ExcelDateTime::from_ymd(2024, 4, 5).unwrap();
    ws.write_datetime_with_format(7, 1, &d, &date).unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Ẩn").unwrap();
    ws.set_hidden(true);
    for (c, h) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1.0).unwrap();
    ws.write_string(1, 1, "Tổng số biên chế được giao trong năm")
        .unwrap();
    ws.write_string(1, 2, "Người").unwrap();
    ws.write_number(1, 3, 23.0).unwrap();
    wb.save(path).unwrap();
}

/// A sheet whose few cells sit 16 384 columns apart on thousands of rows:
/// small on disk, but tens of MiB as tab rows.
pub fn spread_out(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..5000u32 {
        ws.write_string(r, 0, "Xã").unwrap();
        ws.write_number(r, 16_383, f64::from(r)).unwrap();
    }
    wb.save(path).unwrap();
}
