//! The Vietnamese words of the view's interface: severities, roles,
//! qualifiers, units, document kinds, read errors. Presentation only — what
//! an indicator *is* stays in `patterns/` and the output contract.

use crate::model::{DocKind, ErrorKind, Qualifier, Role, Severity};

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Lỗi",
        Severity::Warning => "Cảnh báo",
        Severity::Info => "Lưu ý",
    }
}

pub fn role(r: Role) -> &'static str {
    match r {
        Role::Actual => "kết quả thực hiện",
        Role::Target => "chỉ tiêu / mục tiêu",
        Role::Baseline => "số liệu so sánh",
    }
}

pub fn qualifier(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Gt => "trên",
        Qualifier::Ge => "từ … trở lên",
        Qualifier::Lt => "dưới",
        Qualifier::Le => "không quá",
        Qualifier::Approx => "khoảng",
    }
}

/// The unit codes of the output contract, as a clerk writes them.
pub fn unit(code: &str) -> &str {
    match code {
        "ho_so" => "hồ sơ",
        "thu_tuc" => "thủ tục",
        "phieu" => "phiếu",
        "nguoi" => "người",
        "percent" => "%",
        "dong" => "đồng",
        "diem" => "điểm",
        "van_ban" => "văn bản",
        "tai_khoan" => "tài khoản",
        "count" => "",
        other => other,
    }
}

pub fn doc_kind(k: DocKind) -> &'static str {
    match k {
        DocKind::BaoCao => "Báo cáo",
        DocKind::KeHoach => "Kế hoạch",
        DocKind::QuyetDinh => "Quyết định",
        DocKind::CongVan => "Công văn",
        DocKind::Other => "Văn bản",
    }
}

/// What went wrong reading a file, in a clerk's words; the reader's own
/// (English) sentence is shown under it.
pub fn read_error(k: ErrorKind) -> &'static str {
    match k {
        ErrorKind::Io => "Không đọc được tệp.",
        ErrorKind::EmptyFile => "Tệp trống (0 byte).",
        ErrorKind::UnsupportedFormat => {
            "Không đọc được loại tệp này. Hãy lưu văn bản dưới dạng .docx, PDF, HTML, bảng tính (.xlsx, .xls, .ods) hoặc văn bản thuần (.txt)."
        }
        ErrorKind::EncryptedPdf => "Tệp PDF có mật khẩu nên không đọc được nội dung.",
        ErrorKind::CorruptPdf => "Tệp PDF bị hỏng, không đọc được.",
        ErrorKind::ScannedPdfNoText => {
            "Tệp PDF là bản scan (ảnh chụp), không có lớp chữ. Cần nhận dạng chữ (OCR) hoặc gửi bản .docx."
        }
        ErrorKind::DamagedPages => "Một số trang bị hỏng; các trang còn lại vẫn được đọc.",
        ErrorKind::NoText => "Văn bản không có nội dung chữ.",
        ErrorKind::CorruptDocx => "Tệp Word (.docx) bị hỏng, không đọc được.",
        ErrorKind::LossyEncoding => {
            "Một số ký tự trong tệp bị hỏng hoặc sai bảng mã (phông chữ cũ TCVN3/VNI, byte lỗi) và đã được thay — hãy soát lại những chỗ đó."
        }
        ErrorKind::UnknownEncoding => {
            "Không nhận ra bảng mã của tệp (không phải Unicode, TCVN3, VNI hay Windows-1258). Hãy lưu lại dưới dạng Unicode (UTF-8) hoặc .docx."
        }
        ErrorKind::Timeout => "Đọc tệp quá thời gian cho phép; tệp có thể bị hỏng hoặc quá lớn.",
        ErrorKind::ReaderCrashed => "Bộ đọc gặp sự cố với tệp này (tệp có thể bị hỏng).",
        ErrorKind::TooLarge => "Tệp quá lớn.",
        ErrorKind::OcrUnavailable => "Không chạy được nhận dạng chữ (OCR) trên máy này.",
        ErrorKind::RepairedPdf => "Tệp PDF bị lỗi nhẹ và đã được sửa khi đọc; nội dung đã được đọc đủ.",
        ErrorKind::EncryptedWorkbook => {
            "Tệp bảng tính có mật khẩu nên không đọc được; hãy lưu một bản không đặt mật khẩu."
        }
        ErrorKind::CorruptWorkbook => "Tệp bảng tính (Excel/ODS) bị hỏng, không đọc được.",
    }
}
