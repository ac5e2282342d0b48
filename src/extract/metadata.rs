//! Part of stage 3 (**extract**): what the document says about itself — kind,
//! number, date of signature, issuer, administrative level, reporting period.
//!
//! Reads the header block (the lines before and around the title), the title,
//! and, for the issuer, every mention of a people's committee: a ward report
//! calls itself "UBND phường" many times and names its superiors a few times,
//! so the level is the one mentioned most and the issuer the name most often
//! given to that level. Regexes run on `match_text` (old tone style, see
//! `segment::folding`); values are cut from the original text.

use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{DocKind, DocMeta, Period};
use crate::segment::Segmented;

/// How far into the text the header block and title are looked for.
const HEAD_BYTES: usize = 8_000;

fn re(cell: &'static OnceLock<Regex>, src: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(src).expect("metadata regex"))
}

/// Read the document's metadata from its header block, title and body.
pub fn read_meta(text: &str, seg: &Segmented) -> DocMeta {
    let m = seg.rule_text(text);
    let head_end = floor_boundary(m, HEAD_BYTES.min(m.len()));
    let head = &m[..head_end];
    let title = find_title(head);
    let number = find_number(head, title.as_ref().map(|t| t.kind));
    let kind = title
        .as_ref()
        .map(|t| t.kind)
        .or_else(|| number.as_ref().and_then(|n| kind_of_code(&n.value)))
        .unwrap_or(DocKind::Other);
    let date = find_date(head).or_else(|| number.as_ref().and_then(|n| date_after(head, n.end)));
    let (issuer, level) = find_issuer(m, title.as_ref().map_or(0, |t| t.start));
    // Without a kind word the subject line follows the number's line
    // ("Số: 97/KH-UBND | …" / "KIỂM TRA CÔNG TÁC … NĂM 2024").
    let subject = title.as_ref().map(|t| (t.start, t.end)).or_else(|| {
        let n = number.as_ref()?;
        let line_end = n.end + head[n.end..].find('\n')?;
        let rest = &head[line_end..];
        let start = line_end + (rest.len() - rest.trim_start().len());
        Some((
            start,
            head[start..].find('\n').map_or(head.len(), |i| start + i),
        ))
    });
    let titled = subject.and_then(|(a, b)| {
        let s = &head[a..b];
        find_period(s).or_else(|| find_year(s))
    });
    // "Kỳ báo cáo: từ ngày 15/12/2022 …" is more exact than "quý I": keep the
    // title's words and the stated dates.
    let period = match (titled, find_stated_range(head)) {
        (Some(t), Some(r)) => Some(Period {
            label: t.label,
            from: r.from,
            to: r.to,
        }),
        (t, r) => t.or(r),
    };
    DocMeta {
        kind,
        number: number.map(|n| n.value),
        date,
        issuer,
        level,
        period,
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The title: the kind word that opens a line, plus the next line when the
/// kind word stands alone ("BÁO CÁO" / "Kết quả … quý III năm 2023").
struct Title {
    kind: DocKind,
    start: usize,
    end: usize,
}

fn kind_word(w: &str) -> Option<DocKind> {
    let l = w.to_lowercase();
    let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
    match l.as_str() {
        "báo cáo" => Some(DocKind::BaoCao),
        "kế hoạch" => Some(DocKind::KeHoach),
        "quyết định" => Some(DocKind::QuyetDinh),
        "công văn" => Some(DocKind::CongVan),
        _ => None,
    }
}

fn find_title(head: &str) -> Option<Title> {
    static UPPER: OnceLock<Regex> = OnceLock::new();
    static MIXED: OnceLock<Regex> = OnceLock::new();
    // An upper-case kind word opening a line is a title wherever it is in
    // the header block; "Báo cáo …" in mixed case only as one of the first
    // lines (later it is a reference to another document).
    let upper = re(
        &UPPER,
        r"(?m)^[ \t]*(BÁO CÁO|KẾ HOẠCH|QUYẾT ĐỊNH|CÔNG VĂN)(?:[ \t]|$)",
    );
    let mixed = re(
        &MIXED,
        r"(?m)^[ \t]*(Báo cáo|Kế hoạch|Quyết định|Công văn)[ \t]+(?:số[ \t]+[0-9]|\p{Lu})",
    );
    let found = upper
        .captures(head)
        .map(|c| c.get(1).expect("group"))
        .or_else(|| {
            let first_lines_end = head
                .match_indices('\n')
                .filter(|(i, _)| !head[..*i].trim().is_empty())
                .nth(3)
                .map_or(head.len(), |(i, _)| i);
            mixed
                .captures(&head[..first_lines_end])
                .map(|c| c.get(1).expect("group"))
        })?;
    let kind = kind_word(found.as_str())?;
    let line_end = head[found.end()..]
        .find('\n')
        .map_or(head.len(), |i| found.end() + i);
    let mut end = line_end;
    if head[found.end()..line_end].trim().is_empty() {
        // The subject is on the next non-empty line.
        let rest = &head[line_end..];
        let skip = rest.len() - rest.trim_start().len();
        let next_start = line_end + skip;
        end = head[next_start..]
            .find('\n')
            .map_or(head.len(), |i| next_start + i);
    }
    Some(Title {
        kind,
        start: found.start(),
        end,
    })
}

struct DocNumber {
    value: String,
    end: usize,
}

fn kind_of_code(number: &str) -> Option<DocKind> {
    let code = number.split('/').nth(1)?;
    let first = code.split('-').next()?.to_uppercase();
    match first.as_str() {
        "BC" => Some(DocKind::BaoCao),
        "KH" => Some(DocKind::KeHoach),
        "QĐ" | "QD" => Some(DocKind::QuyetDinh),
        "CV" | "UBND" | "VP" | "BCĐ" => Some(DocKind::CongVan),
        _ => None,
    }
}

fn code_of(kind: DocKind) -> Option<&'static str> {
    match kind {
        DocKind::BaoCao => Some("BC"),
        DocKind::KeHoach => Some("KH"),
        DocKind::QuyetDinh => Some("QĐ"),
        _ => None,
    }
}

/// "204 /BC-UBND" → "204/BC-UBND"; "100/KH- UBND" → "100/KH-UBND".
fn normalize_number(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace()).collect()
}

fn find_number(head: &str, kind: Option<DocKind>) -> Option<DocNumber> {
    static SO: OnceLock<Regex> = OnceLock::new();
    static SELF_REF: OnceLock<Regex> = OnceLock::new();
    let code = r"[0-9]{1,6}[ \t]*/[ \t]*(?:[0-9]{4}[ \t]*/[ \t]*)?[A-ZĐ]{1,6}(?:[ \t]*-[ \t]*[A-ZĐ]{1,10}){0,3}";
    // "Số: 204 /BC-UBND" opening a line or a header cell.
    let so = re(
        &SO,
        &format!(r"(?m)(?:^|\t)[ \t]*(?i:số)[ \t]*[:.][ \t]*(?P<n>{code})"),
    );
    if let Some(c) = so.captures(head) {
        let n = c.name("n").expect("group");
        return Some(DocNumber {
            value: normalize_number(n.as_str()),
            end: n.end(),
        });
    }
    // A header "Số: /KH-UBND" left open: the draft has no number yet.
    static OPEN: OnceLock<Regex> = OnceLock::new();
    if re(&OPEN, r"(?m)(?:^|\t)[ \t]*(?i:số)[ \t]*[:.][ \t]*/").is_match(head) {
        return None;
    }
    // "Báo cáo số 228/ BC-UBND ngày 05/12/2023 của UBND phường …" opening a
    // line, or "(Kèm theo Báo cáo số …)": the document naming itself, with
    // its own kind's code. "Căn cứ Kế hoạch số …" names another document.
    let want = code_of(kind?)?;
    let self_ref = re(
        &SELF_REF,
        &format!(
            r"(?m)(?:^[ \t]*|(?i:kèm theo)[ \t]+)(?i:báo cáo|kế hoạch|quyết định)[ \t]+(?i:số)[ \t]+(?P<n>{code})"
        ),
    );
    self_ref
        .captures_iter(head)
        .filter_map(|c| c.name("n"))
        .find(|n| {
            kind_of_code(&normalize_number(n.as_str())) == kind && {
                let v = normalize_number(n.as_str());
                v.split('/').nth(1).is_some_and(|c| c.starts_with(want))
            }
        })
        .map(|n| DocNumber {
            value: normalize_number(n.as_str()),
            end: n.end(),
        })
}

fn valid_date(d: u32, m: u32, y: u32) -> Option<String> {
    let days = days_in_month(m, y)?;
    ((1..=days).contains(&d) && (1900..=2100).contains(&y)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn days_in_month(m: u32, y: u32) -> Option<u32> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 => Some(if leap { 29 } else { 28 }),
        _ => None,
    }
}

/// The date after the place's comma in [`find_date`]: ", ngày 08 tháng 9
/// năm 2023", ", 05/12/2023".
macro_rules! date_tail {
    () => {
        r",[ \t]*(?:(?i:ngày)[ \t]*(?P<d>[0-9]{1,2})[ \t]*(?i:tháng)[ \t]*(?P<m>[0-9]{1,2})[ \t]*(?i:năm)[ \t]*(?P<y>[0-9]{4})|(?i:ngày)?[ \t]*(?P<d2>[0-9]{1,2})[/.-](?P<m2>[0-9]{1,2})[/.-](?P<y2>[0-9]{4}))"
    };
}

/// "Phổ Minh, ngày 08 tháng 9 năm 2023" or "Hà Nội, 05/12/2023".
fn find_date(head: &str) -> Option<String> {
    // What follows the place's comma, alone: a match of `PLACE` holds one
    // of these, and without one the large place pattern (its counted
    // Unicode class takes most of the start-up of a small file to compile)
    // is not built at all.
    static TAIL: OnceLock<Regex> = OnceLock::new();
    let tail = re(&TAIL, date_tail!());
    if !tail.is_match(head) {
        return None;
    }
    static PLACE: OnceLock<Regex> = OnceLock::new();
    let place = re(
        &PLACE,
        concat!(r"(?m)(?:^|\t)[ \t]*\p{Lu}[\p{L} .]{1,40}", date_tail!()),
    );
    place.captures_iter(head).find_map(|c| {
        let g = |a: &str, b: &str| {
            c.name(a)
                .or_else(|| c.name(b))
                .and_then(|x| x.as_str().parse::<u32>().ok())
        };
        valid_date(g("d", "d2")?, g("m", "m2")?, g("y", "y2")?)
    })
}

/// "… số 228/BC-UBND ngày 05/12/2023": the date right after the number.
fn date_after(head: &str, at: usize) -> Option<String> {
    static AFTER: OnceLock<Regex> = OnceLock::new();
    let after = re(
        &AFTER,
        r"^[ \t]*(?i:ngày)[ \t]*(?P<d>[0-9]{1,2})[/.-](?P<m>[0-9]{1,2})[/.-](?P<y>[0-9]{4})",
    );
    let c = after.captures(&head[at..])?;
    let n = |k: &str| c.name(k)?.as_str().parse::<u32>().ok();
    valid_date(n("d")?, n("m")?, n("y")?)
}

/// Administrative levels, most specific spelling first ("thị xã" before "xã").
const LEVELS: &[(&str, &str)] = &[
    ("thị xã", "thi_xa"),
    ("thị trấn", "thi_tran"),
    ("thành phố", "thanh_pho"),
    ("phường", "phuong"),
    ("xã", "xa"),
    ("quận", "quan"),
    ("huyện", "huyen"),
    ("tỉnh", "tinh"),
];

/// How local a level is: commune-level 1, district-level 2, province 3.
fn tier(word: &str) -> u8 {
    match word {
        "thị trấn" | "phường" | "xã" => 1,
        "tỉnh" => 3,
        _ => 2,
    }
}

/// Capitalised words that follow a place name without being part of it.
const NOT_NAME: &[&str] = &[
    "về", "trong", "theo", "tại", "và", "năm", "đã", "v/v", "báo", "kế", "quyết", "công", "ban",
    "của", "ngày", "tháng", "quý", "là", "được", "số",
];

/// (issuer, level) from every "UBND <level> [Name]" of the text.
fn find_issuer(m: &str, title_start: usize) -> (Option<String>, Option<String>) {
    static MENTION: OnceLock<Regex> = OnceLock::new();
    static PLACE_NAME: OnceLock<Regex> = OnceLock::new();
    let mention = re(
        &MENTION,
        r"(?:UBND|(?i:ủy ban nhân dân))[ \t\n]+(?P<lvl>(?i:thị xã|thị trấn|thành phố|phường|xã|quận|huyện|tỉnh))(?P<name>(?: +\p{Lu}[\p{L}\p{M}]*){0,4})",
    );
    let mut level_votes: HashMap<&'static str, usize> = HashMap::new();
    let mut names: HashMap<(&'static str, String), (usize, usize)> = HashMap::new();
    let mut header_levels: Vec<&'static str> = Vec::new();
    for c in mention.captures_iter(m) {
        let lvl = c.name("lvl").expect("group").as_str().to_lowercase();
        let Some(&(word, _)) = LEVELS.iter().find(|(w, _)| *w == lvl) else {
            continue;
        };
        let pos = c.get(0).expect("match").start();
        // The header block names the issuer; weigh it above body mentions.
        let weight = if pos < title_start { 5 } else { 1 };
        if pos < title_start {
            header_levels.push(word);
        }
        *level_votes.entry(word).or_default() += weight;
        if let Some(name) = c.name("name").map(|n| clean_name(n.as_str())) {
            if !name.is_empty() {
                let e = names.entry((word, name)).or_insert((0, pos));
                e.0 += weight;
            }
        }
    }
    // Stacked committees in the header ("UBND HUYỆN LƯƠNG SƠN / UBND THỊ
    // TRẤN CAO DƯƠNG"): the upper line names the parent, the most local one
    // issues the text, whatever the body mentions most.
    if let Some(local) = header_levels.iter().copied().min_by_key(|w| tier(w)) {
        if header_levels.iter().any(|w| tier(w) != tier(local)) {
            *level_votes.entry(local).or_default() += 1000;
        }
    }
    let Some(level) = level_votes
        .iter()
        .max_by_key(|(w, v)| {
            (
                **v,
                std::cmp::Reverse(LEVELS.iter().position(|l| l.0 == **w)),
            )
        })
        .map(|(w, _)| *w)
    else {
        return (None, None);
    };
    let code = LEVELS
        .iter()
        .find(|l| l.0 == level)
        .map(|l| l.1.to_string());
    let mut best: Option<(&String, (usize, usize))> = names
        .iter()
        .filter(|((w, _), _)| *w == level)
        .map(|((_, n), v)| (n, *v))
        .max_by_key(|(_, (count, pos))| (*count, std::cmp::Reverse(*pos)));
    // No committee mention names the level: "phường Hoài Hảo" elsewhere.
    let place_name = re(
        &PLACE_NAME,
        r"(?i:thị xã|thị trấn|thành phố|phường|xã|quận|huyện|tỉnh)(?P<name>(?: +\p{Lu}[\p{L}\p{M}]*){1,4})",
    );
    let mut fallback: HashMap<String, (usize, usize)> = HashMap::new();
    if best.is_none() {
        for c in place_name.captures_iter(m) {
            let all = c.get(0).expect("match");
            let lvl_text = all.as_str()[..all.len() - c["name"].len()].to_lowercase();
            if lvl_text != level {
                continue;
            }
            let name = clean_name(&c["name"]);
            if !name.is_empty() {
                let e = fallback.entry(name).or_insert((0, all.start()));
                e.0 += 1;
            }
        }
        best = fallback
            .iter()
            .map(|(n, v)| (n, *v))
            .max_by_key(|(_, (count, pos))| (*count, std::cmp::Reverse(*pos)));
    }
    let issuer = match best {
        Some((name, _)) => format!("UBND {level} {name}"),
        None => format!("UBND {level}"),
    };
    (Some(issuer), code)
}

/// Drop trailing words that are not part of a place name; title-case an
/// all-capitals name ("PHỔ MINH" → "Phổ Minh").
fn clean_name(raw: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    for w in raw.split_whitespace() {
        if NOT_NAME.contains(&w.to_lowercase().as_str()) {
            break;
        }
        words.push(w);
    }
    words
        .iter()
        .map(|w| {
            if w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase()) {
                let lower = w.to_lowercase();
                let mut cs = lower.chars();
                cs.next()
                    .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                    .unwrap_or_default()
            } else {
                (*w).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn roman_or_arabic(q: &str) -> Option<u32> {
    match q.to_uppercase().as_str() {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

fn months(label: String, y: u32, from_m: u32, to_m: u32) -> Option<Period> {
    Some(Period {
        label: Some(label),
        from: Some(format!("{y:04}-{from_m:02}-01")),
        to: Some(format!("{y:04}-{to_m:02}-{:02}", days_in_month(to_m, y)?)),
    })
}

/// "quý III năm 2023", "6 tháng đầu năm 2023", "9 tháng năm 2023",
/// "tháng 9 năm 2023", "từ ngày … đến ngày …" in a title.
fn find_period(s: &str) -> Option<Period> {
    static P: OnceLock<Regex> = OnceLock::new();
    let p = re(
        &P,
        r"(?i)(?P<h1>6|06|sáu)[ \t]+tháng[ \t]+đầu[ \t]+năm[ \t]+(?:và|,)[^\n]{0,120}?(?P<h1y>[0-9]{4})|quý[ \t]+(?P<q>IV|III|II|I|[1-4])[ \t]*(?:năm[ \t]*|/[ \t]*)(?P<qy>[0-9]{4})|(?P<n>6|06|9|09|sáu|chín)[ \t]+tháng[ \t]+(?P<half>đầu[ \t]+|cuối[ \t]+)?năm[ \t]*(?P<ny>[0-9]{4})|(?:^|[^0-9 \t][ \t]*)tháng[ \t]+(?P<mo>[0-9]{1,2})[ \t]*(?:năm[ \t]*|/[ \t]*)(?P<my>[0-9]{4})",
    );
    if let Some(r) = find_range(s) {
        return Some(r);
    }
    let c = p.captures(s)?;
    let label = c.get(0)?.as_str().trim().to_string();
    let num = |k: &str| c.name(k).and_then(|x| x.as_str().parse::<u32>().ok());
    // "6 tháng đầu năm và phương hướng … 6 tháng cuối năm 2024": the report
    // covers the first half; the second is its plan.
    if c.name("h1").is_some() {
        let y = num("h1y")?;
        return months(format!("6 tháng đầu năm {y}"), y, 1, 6);
    }
    if let Some(q) = c.name("q").and_then(|q| roman_or_arabic(q.as_str())) {
        let y = num("qy")?;
        return months(label, y, 3 * q - 2, 3 * q);
    }
    if let Some(n) = c.name("n") {
        let y = num("ny")?;
        let nine = matches!(n.as_str().to_lowercase().as_str(), "9" | "09" | "chín");
        let last_half = c
            .name("half")
            .is_some_and(|h| h.as_str().to_lowercase().starts_with("cuối"));
        return match (nine, last_half) {
            (true, _) => months(label, y, 1, 9),
            (false, true) => months(label, y, 7, 12),
            (false, false) => months(label, y, 1, 6),
        };
    }
    let mo = num("mo")?;
    let y = num("my")?;
    let label = label
        .find(|ch: char| ch.is_alphabetic())
        .map_or(label.clone(), |i| label[i..].to_string());
    months(label, y, mo, mo)
}

/// "từ ngày 15/12/2022 đến ngày 14/3/2023" → ISO from/to.
fn find_range(s: &str) -> Option<Period> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)từ[ \t]+(?:ngày[ \t]+)?(?P<d1>[0-9]{1,2})/(?P<m1>[0-9]{1,2})/(?P<y1>[0-9]{4})[ \t]*(?:đến|tới|-|–)[ \t]*(?:hết[ \t]+)?(?:ngày[ \t]+)?(?P<d2>[0-9]{1,2})/(?P<m2>[0-9]{1,2})/(?P<y2>[0-9]{4})",
    );
    let c = r.captures(s)?;
    let n = |k: &str| c.name(k)?.as_str().parse::<u32>().ok();
    let from = valid_date(n("d1")?, n("m1")?, n("y1")?)?;
    let to = valid_date(n("d2")?, n("m2")?, n("y2")?)?;
    let label = c.get(0)?.as_str().to_string();
    (from <= to).then_some(Period {
        label: Some(label),
        from: Some(from),
        to: Some(to),
    })
}

/// A range stated as the reporting period ("Kỳ báo cáo: từ ngày …", "Số
/// liệu tính từ ngày …"), not any range of the body.
fn find_stated_range(head: &str) -> Option<Period> {
    static K: OnceLock<Regex> = OnceLock::new();
    let k = re(
        &K,
        r"(?i)(?:kỳ báo cáo|thời gian báo cáo|số liệu (?:được )?(?:tính|báo cáo)|thời điểm (?:lấy|tính) số liệu|tính)[^\n.;]{0,40}?từ[ \t]+(?:ngày[ \t]+)?[0-9]",
    );
    let m = k.find(head)?;
    find_range(&head[m.start()..])
}

/// "… năm 2024" in a title: the whole year (not a date's year).
fn find_year(s: &str) -> Option<Period> {
    static Y: OnceLock<Regex> = OnceLock::new();
    let y = re(&Y, r"(?i)(?:^|[^0-9/])năm[ \t]+(?P<y>(?:19|20)[0-9]{2})\b");
    let c = y.captures(s)?;
    let year: u32 = c["y"].parse().ok()?;
    Some(Period {
        label: Some(format!("năm {year}")),
        from: Some(format!("{year:04}-01-01")),
        to: Some(format!("{year:04}-12-31")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    fn meta(text: &str) -> DocMeta {
        read_meta(text, &segment(text, &[0]))
    }

    fn seed(name: &str) -> DocMeta {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(name);
        meta(&std::fs::read_to_string(p).expect("seed"))
    }

    #[test]
    fn seeds_match_expected_json() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/expected.json");
        let exp: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).expect("expected.json")).unwrap();
        for (name, e) in exp.as_object().unwrap() {
            let m = seed(name);
            assert_eq!(m.kind.as_str(), e["kind"].as_str().unwrap(), "{name} kind");
            let issuer = m.issuer.clone().unwrap_or_default();
            assert!(
                issuer.contains(e["issuer_contains"].as_str().unwrap()),
                "{name} issuer {issuer:?}"
            );
            assert_eq!(m.level.as_deref(), e["level"].as_str(), "{name} level");
        }
    }

    #[test]
    fn seed_003_header() {
        let m = seed("003.txt");
        assert_eq!(m.number.as_deref(), Some("204/BC-UBND"));
        assert_eq!(m.date.as_deref(), Some("2023-09-08"));
        assert_eq!(m.issuer.as_deref(), Some("UBND phường Phổ Minh"));
        let p = m.period.unwrap();
        assert_eq!(p.label.as_deref(), Some("quý III năm 2023"));
        assert_eq!(
            (p.from.as_deref(), p.to.as_deref()),
            (Some("2023-07-01"), Some("2023-09-30"))
        );
    }

    #[test]
    fn seed_000_names_itself_in_its_first_lines() {
        let m = seed("000.txt");
        assert_eq!(m.number.as_deref(), Some("228/BC-UBND"));
        assert_eq!(m.date.as_deref(), Some("2023-12-05"));
        assert_eq!(m.issuer.as_deref(), Some("UBND phường Hà Phong"));
        assert_eq!(m.period.unwrap().from.as_deref(), Some("2023-01-01"));
    }

    #[test]
    fn seeds_001_002_004() {
        let m = seed("001.txt");
        // "Số: /KH-UBND" and "ngày   tháng 12 năm 2023": left open in the draft.
        assert_eq!((m.number, m.date), (None, None));
        assert_eq!(m.period.unwrap().label.as_deref(), Some("năm 2024"));
        let m = seed("002.txt");
        assert_eq!(m.number.as_deref(), Some("97/KH-UBND"));
        assert_eq!(m.period.unwrap().label.as_deref(), Some("năm 2024"));
        assert_eq!(m.date.as_deref(), Some("2024-04-16"));
        let m = seed("004.txt");
        assert_eq!(m.number.as_deref(), Some("100/KH-UBND"));
        assert_eq!(m.date.as_deref(), Some("2024-05-14"));
        assert_eq!(m.issuer.as_deref(), Some("UBND phường Giếng Đáy"));
    }

    #[test]
    fn stacked_committees_the_lower_line_issues() {
        let t = "UBND HUYỆN THANH OAI\nUBND XÃ BÍCH HÒA\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nCải cách hành chính năm 2025\n\nNơi nhận:\n- UBND huyện;\n- UBND huyện Thanh Oai.";
        let m = meta(t);
        assert_eq!(m.issuer.as_deref(), Some("UBND xã Bích Hòa"));
        assert_eq!(m.level.as_deref(), Some("xa"));
        let one = meta("ỦY BAN NHÂN DÂN\nHUYỆN KRÔNG BÚK\nSố: 2/BC-UBND\n\nBÁO CÁO\nNăm 2024\n\ncác xã báo cáo về UBND xã Ea Ngai.");
        assert_eq!(one.level.as_deref(), Some("huyen"));
    }

    #[test]
    fn upper_case_header_block() {
        let t = "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC THỌ\nSố: 12 / BC - UBND\nĐức Thọ, ngày 3 tháng 7 năm 2024\n\nBÁO CÁO\nCông tác cải cách hành chính 6 tháng đầu năm 2024\n\nUBND huyện báo cáo như sau.";
        let m = meta(t);
        assert_eq!(m.kind, DocKind::BaoCao);
        assert_eq!(m.number.as_deref(), Some("12/BC-UBND"));
        assert_eq!(m.date.as_deref(), Some("2024-07-03"));
        assert_eq!(m.issuer.as_deref(), Some("UBND huyện Đức Thọ"));
        assert_eq!(m.level.as_deref(), Some("huyen"));
        let p = m.period.unwrap();
        assert_eq!(
            (p.from.as_deref(), p.to.as_deref()),
            (Some("2024-01-01"), Some("2024-06-30"))
        );
    }

    #[test]
    fn kind_comes_from_the_title_not_a_mention() {
        let t = "Số: 5/QĐ-UBND\n\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch cải cách hành chính năm 2024\n\nCăn cứ Báo cáo số 3/BC-UBND;";
        assert_eq!(meta(t).kind, DocKind::QuyetDinh);
        let t =
            "Thực hiện Kế hoạch số 2/KH-UBND, UBND xã An Bình báo cáo kết quả.\nUBND xã đã làm.";
        let m = meta(t);
        assert_eq!(m.kind, DocKind::Other);
        assert_eq!(m.level.as_deref(), Some("xa"));
        assert_eq!(m.issuer.as_deref(), Some("UBND xã An Bình"));
    }

    #[test]
    fn periods() {
        let p = |s: &str| find_period(s).map(|p| (p.from.unwrap(), p.to.unwrap()));
        let d = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(p("quý IV năm 2023"), d("2023-10-01", "2023-12-31"));
        assert_eq!(p("Quý 1/2024"), d("2024-01-01", "2024-03-31"));
        assert_eq!(p("9 tháng đầu năm 2023"), d("2023-01-01", "2023-09-30"));
        assert_eq!(p("6 tháng cuối năm 2022"), d("2022-07-01", "2022-12-31"));
        assert_eq!(p("Báo cáo tháng 2 năm 2024"), d("2024-02-01", "2024-02-29"));
        assert_eq!(
            p("(từ ngày 15/12/2022 đến ngày 14/3/2023)"),
            d("2022-12-15", "2023-03-14")
        );
        assert_eq!(p("ngày 09/01/2023 năm 2023"), None);
        assert_eq!(
            p("Công tác CCHC 6 tháng đầu năm và phương hướng, nhiệm vụ 6 tháng cuối năm 2024"),
            d("2024-01-01", "2024-06-30")
        );
        let t = "BÁO CÁO\nKết quả công tác CCHC quý I năm 2023\n\nKỳ báo cáo: từ ngày 15/12/2022 đến ngày 14/3/2023.";
        let m = meta(t);
        assert_eq!(m.period.unwrap().from.as_deref(), Some("2022-12-15"));
    }

    #[test]
    fn stated_range_outside_title() {
        let t = "BÁO CÁO\nKết quả cải cách hành chính\n\nSố liệu tính từ ngày 15/12/2022 đến ngày 14/3/2023.";
        let p = meta(t).period.unwrap();
        assert_eq!(
            (p.from.as_deref(), p.to.as_deref()),
            (Some("2022-12-15"), Some("2023-03-14"))
        );
    }

    #[test]
    fn bad_dates_and_empty_text() {
        assert_eq!(valid_date(31, 2, 2023), None);
        assert_eq!(valid_date(29, 2, 2024).as_deref(), Some("2024-02-29"));
        let m = meta("");
        assert_eq!(m.kind, DocKind::Other);
        assert_eq!(m.issuer, None);
        let _ = meta("Số: 99999999/\nngày 40 tháng 13 năm 2023\nquý V năm 2023");
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            /// Header-like fragments in any order never make the reader panic.
            #[test]
            fn any_header_text_is_read_without_panic(
                t in r"(BÁO CÁO|KẾ HOẠCH|Số: ?|[0-9]{1,3}|/|BC|-|UBND|ỦY BAN NHÂN DÂN|Ủy ban nhân dân|phường|xã|thị xã|Hà|Nội|, ngày|tháng|năm|quý|III|từ ngày|đến ngày|Kỳ báo cáo:| |\n|\t|\|){0,50}"
            ) {
                let m = meta(&t);
                if let Some(d) = m.date {
                    prop_assert_eq!(d.len(), 10);
                }
            }
        }
    }
}
