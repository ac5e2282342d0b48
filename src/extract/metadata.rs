//! Document metadata for the extract stage: what kind of document this is
//! and who issued it. (Interim reader: the kind from the title block, the
//! issuer and level from the first "UBND/Ủy ban nhân dân <level> <name>";
//! the `segment` branch owns the full reader with number, date and period.)

use regex::Regex;
use std::sync::OnceLock;

use crate::model::{DocKind, DocMeta};
use crate::segment::Segmented;

fn kind_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?im)^[\s*]*(BÁO CÁO|KẾ HOẠCH|QUYẾT ĐỊNH|CÔNG VĂN)\b|/(BC|KH|QĐ)-")
            .expect("static regex")
    })
}

fn issuer_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN)\s+(phường|xã|thị trấn|quận|huyện|thị xã|thành phố|tỉnh)\s+((?:\p{Lu}[\p{L}]*\s?){1,4})",
        )
        .expect("static regex")
    })
}

/// Read kind, issuer and level from the head of the document.
pub fn read_meta(text: &str, seg: &Segmented) -> DocMeta {
    let _ = seg;
    let head_end = text.char_indices().nth(4000).map_or(text.len(), |(i, _)| i);
    let head = &text[..head_end];
    let kind = kind_re()
        .captures(head)
        .map(|c| {
            let w = c
                .get(1)
                .or_else(|| c.get(2))
                .map_or("", |m| m.as_str())
                .to_uppercase();
            match w.as_str() {
                "BÁO CÁO" | "BC" => DocKind::BaoCao,
                "KẾ HOẠCH" | "KH" => DocKind::KeHoach,
                "QUYẾT ĐỊNH" | "QĐ" => DocKind::QuyetDinh,
                "CÔNG VĂN" => DocKind::CongVan,
                _ => DocKind::Other,
            }
        })
        .unwrap_or_default();
    let mut meta = DocMeta {
        kind,
        ..DocMeta::default()
    };
    if let Some(c) = issuer_re().captures(head) {
        let level_word = c[1].to_lowercase();
        let name = c[2].trim();
        meta.issuer = Some(format!("UBND {level_word} {name}"));
        meta.level = Some(
            match level_word.as_str() {
                "phường" => "phuong",
                "xã" => "xa",
                "thị trấn" => "thi_tran",
                "quận" => "quan",
                "huyện" => "huyen",
                "thị xã" => "thi_xa",
                "thành phố" => "thanh_pho",
                _ => "tinh",
            }
            .to_string(),
        );
    }
    meta
}
