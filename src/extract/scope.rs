//! The sub-unit a figure is about (extract stage): "cấp xã" in a district's
//! report, "huyện Sông Lô" in a province's, "Bộ phận Một cửa UBND thành phố"
//! next to the wards. Only units below the issuer count (a ward's report
//! that mentions the town above it is still about the ward), and the issuer
//! itself is no scope, so figures stay comparable within one scope.

use std::cell::OnceCell;
use std::sync::OnceLock;

use regex::Regex;

use crate::extract::lower::to_lowercase;
use crate::extract::role::floor_char;
use crate::model::DocMeta;

fn mention_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i:(bộ\s+phận\s+(?:một|1)\s+cửa|bộ\s+phận\s+tiếp\s+nhận\s+và\s+trả\s+kết\s+quả)(?:\s+hiện\s+đại)?\s+(?:của\s+)?(?:ubnd\s+|ủy\s+ban\s+nhân\s+dân\s+)?(thành\s+phố|tỉnh|huyện|quận|thị\s+xã)|cấp\s+(xã|huyện|tỉnh))|(?i:(thị\s+xã|thị\s+trấn|huyện|quận|xã|phường))\s+(\p{Lu}\p{Ll}*(?:\s\p{Lu}\p{Ll}*){0,3})",
        )
        .expect("static regex")
    })
}

/// Rank of an administrative level: commune 1, district 2, city 2.5, province 3.
fn rank(level: &str) -> f32 {
    match level {
        "phuong" | "xa" | "thi_tran" | "xã" | "phường" | "thị trấn" => 1.0,
        "quan" | "huyen" | "thi_xa" | "huyện" | "quận" | "thị xã" => 2.0,
        "thanh_pho" | "thành phố" => 2.5,
        "tinh" | "tỉnh" => 3.0,
        _ => 0.0,
    }
}

fn norm(s: &str) -> String {
    to_lowercase(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the sentence holding a clause starts: "Cấp xã: tiếp nhận 12.530 hồ
/// sơ, …; tỷ lệ đúng hạn đạt 100%" — the clause after ';' still speaks of
/// the unit the sentence names first. A unit that does not follow a ';' is
/// its own start (table rows, sentences).
fn sentence_start(mt: &str, unit_start: usize) -> usize {
    let unit_start = floor_char(mt, unit_start.min(mt.len()));
    let before = &mt[..unit_start];
    if !before.trim_end().ends_with(';') {
        return unit_start;
    }
    crate::segment::bounds::sentence_start(mt, unit_start)
}

/// The scope of the number at `vstart`, from the last sub-unit named between
/// the unit start and the number.
pub fn scope_at(
    mt: &str,
    text: &str,
    unit_start: usize,
    vstart: usize,
    meta: &DocMeta,
) -> Option<String> {
    let from = floor_char(
        mt,
        sentence_start(mt, unit_start).max(vstart.saturating_sub(300)),
    );
    let hay = &mt[from..vstart];
    let issuer_rank = meta.level.as_deref().map_or(0.0, rank);
    // Only a named unit ("xã Đồng Thịnh") is compared with the issuer.
    let issuer = OnceCell::new();
    let issuer = || issuer.get_or_init(|| meta.issuer.as_deref().map(norm).unwrap_or_default());
    let mut found = None;
    for c in mention_re().captures_iter(hay) {
        let m = c.get(0)?;
        let original = text.get(from + m.start()..from + m.end())?.trim();
        let scope = if let Some(level) = c.get(2) {
            // The one-stop shop of a district or city is one part of it.
            (issuer_rank >= 2.0 && rank(&norm(level.as_str())) >= issuer_rank.min(2.5))
                .then(|| original.to_string())
        } else if let Some(level) = c.get(3) {
            let r = rank(&norm(level.as_str()));
            (issuer_rank > 0.0 && r < issuer_rank).then(|| original.to_string())
        } else if let (Some(level), Some(name)) = (c.get(4), c.get(5)) {
            let r = rank(&norm(level.as_str()));
            let issuer = issuer();
            let is_issuer = !issuer.is_empty() && issuer.contains(&norm(name.as_str()));
            (!is_issuer && (issuer_rank == 0.0 || r < issuer_rank)).then(|| original.to_string())
        } else {
            None
        };
        found = scope;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(issuer: &str, level: &str) -> DocMeta {
        DocMeta {
            issuer: Some(issuer.into()),
            level: Some(level.into()),
            ..DocMeta::default()
        }
    }

    fn scope(t: &str, m: &DocMeta) -> Option<String> {
        let v = t.rfind(|c: char| c.is_ascii_digit()).unwrap();
        scope_at(t, t, 0, v, m)
    }

    #[test]
    fn sub_units_of_a_district() {
        let m = meta("UBND huyện Sông Lô", "huyen");
        assert_eq!(
            scope("cấp xã tiếp nhận 1200 hồ sơ", &m).as_deref(),
            Some("cấp xã")
        );
        assert_eq!(
            scope("UBND xã Đồng Thịnh tiếp nhận 5", &m).as_deref(),
            Some("xã Đồng Thịnh")
        );
        assert_eq!(scope("UBND huyện Sông Lô tiếp nhận 5", &m), None);
    }

    #[test]
    fn a_clause_after_a_semicolon_keeps_the_sentence_scope() {
        let m = meta("UBND huyện Krông Búk", "huyen");
        let t = "Xong. Cấp xã: tiếp nhận 12.530 hồ sơ; tỷ lệ đúng hạn đạt 100%";
        let unit = t.find("tỷ lệ").unwrap();
        let v = t.rfind("100").unwrap();
        assert_eq!(scope_at(t, t, unit, v, &m).as_deref(), Some("Cấp xã"));
        // A new sentence starts afresh.
        let t = "Cấp xã tiếp nhận 12.530 hồ sơ. Huyện đã giải quyết 300; trễ hạn 2";
        let unit = t.find("trễ").unwrap();
        assert_eq!(scope_at(t, t, unit, t.len() - 1, &m), None);
    }

    #[test]
    fn one_stop_shop_of_a_city_is_a_scope_of_a_ward_is_not() {
        let city = meta("UBND thành phố Hạ Long", "thanh_pho");
        assert_eq!(
            scope("Bộ phận Một cửa UBND thành phố tiếp nhận 300", &city).as_deref(),
            Some("Bộ phận Một cửa UBND thành phố")
        );
        let ward = meta("UBND phường Phổ Minh", "phuong");
        assert_eq!(
            scope("Tại Bộ phận Một cửa phường đã tiếp nhận: 327", &ward),
            None
        );
        assert_eq!(scope("của UBND thị xã Đức Phổ đạt 182", &ward), None);
        assert_eq!(scope("UBND cấp xã (Bao gồm cả TTHC): 171", &ward), None);
    }
}
