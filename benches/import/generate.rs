//! A synthetic archive for the import benchmark: N files made from the seed
//! reports, with varied wards, periods, numbers, file names, folders and
//! formats (UTF-8 / Windows-1258 / UTF-16 text, UTF-8 / Windows-1258 HTML),
//! a few exact duplicates and a few broken files. Deterministic (fixed seed).

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

const WARDS: [&str; 24] = [
    "Phổ Minh",
    "Hà Phong",
    "Hoài Hảo",
    "Giếng Đáy",
    "Trần Phú",
    "Lê Lợi",
    "Quang Trung",
    "Nghĩa Chánh",
    "Đức Thắng",
    "Bình Hưng",
    "Tân An",
    "Hòa Khánh",
    "Thạch Thang",
    "Phước Ninh",
    "An Hải Bắc",
    "Mỹ An",
    "Khuê Trung",
    "Hải Châu",
    "Thanh Bình",
    "Vĩnh Trung",
    "Xuân Hà",
    "Tam Thuận",
    "Hòa Cường",
    "Nại Hiên Đông",
];
/// The ward each seed names, replaced by a generated one.
const SEED_WARDS: [&str; 5] = ["Hà Phong", "Hoài Hảo", "Hải Phòng", "Phổ Minh", "Giếng Đáy"];
const QUARTERS: [&str; 4] = ["I", "II", "III", "IV"];

/// Small deterministic generator (no dependency for a benchmark fixture).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Change about a third of the digit runs to other digits of the same length.
fn vary_numbers(text: &str, rng: &mut Lcg) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run_start = true;
    let mut vary = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if run_start {
                vary = rng.below(3) == 0;
            }
            if vary {
                let lo = if run_start { 1 } else { 0 };
                out.push(char::from(b'0' + (lo + rng.below(10 - lo)) as u8));
            } else {
                out.push(c);
            }
            run_start = false;
        } else {
            out.push(c);
            run_start = true;
        }
    }
    out
}

/// Windows-1258 writes tone marks as combining characters after the letter.
fn encode_1258(text: &str) -> Vec<u8> {
    let mut s = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        let d: Vec<char> = c.nfd().collect();
        let is_tone =
            |m: &char| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}');
        let base: String = d
            .iter()
            .filter(|m| !is_tone(m))
            .collect::<String>()
            .nfc()
            .collect();
        s.push_str(&base);
        s.extend(d.iter().filter(|m| is_tone(m)));
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&s);
    bytes.into_owned()
}

fn html(text: &str, charset: &str) -> String {
    let mut h = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"{charset}\"><title>Báo cáo</title></head><body>\n"
    );
    for line in text.lines() {
        let esc = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        h.push_str(&format!("<p>{esc}</p>\n"));
    }
    h.push_str("</body></html>\n");
    h
}

fn slug(s: &str) -> String {
    s.replace('đ', "d")
        .replace('Đ', "D")
        .nfd()
        .filter(|c| c.is_ascii())
        .collect::<String>()
        .to_lowercase()
        .replace(' ', "-")
}

/// Write `n` files under `dir`; returns the number of bytes written.
pub fn generate(dir: &Path, n: usize, seeds: &[String; 5]) -> std::io::Result<u64> {
    let mut rng = Lcg(0x5eed_cc4c);
    let mut total = 0u64;
    let mut written: Vec<std::path::PathBuf> = Vec::new();
    for i in 0..n {
        let seed = i % 5;
        let ward = WARDS[rng.below(WARDS.len() as u64) as usize];
        let year = 2019 + rng.below(7);
        let q = QUARTERS[rng.below(4) as usize];
        let folder = dir
            .join(year.to_string())
            .join(format!("phuong-{}", slug(ward)));
        std::fs::create_dir_all(&folder)?;
        let kind = rng.below(100);
        let stem = match rng.below(3) {
            0 => format!("{}-BC-UBND quý {q} năm {year}", 100 + i),
            1 => format!("bao_cao_cchc_{year}_q{}_{i:05}", rng.below(4) + 1),
            _ => format!("BÁO CÁO CCHC {ward} {i}"),
        };
        // Every 50th file is an exact copy of an earlier one; a few are broken.
        if i % 50 == 49 && !written.is_empty() {
            let from = &written[rng.below(written.len() as u64) as usize];
            let ext = from.extension().and_then(|e| e.to_str()).unwrap_or("txt");
            let to = folder.join(format!("{stem} (bản sao).{ext}"));
            total += std::fs::copy(from, &to)?;
            continue;
        }
        if i % 500 == 250 {
            std::fs::write(folder.join(format!("{stem}.pdf")), b"")?;
            continue;
        }
        if i % 500 == 251 {
            let junk: Vec<u8> = (0..4096).map(|_| rng.below(256) as u8).collect();
            total += junk.len() as u64;
            std::fs::write(folder.join(format!("{stem}.pdf")), junk)?;
            continue;
        }
        let text = seeds[seed]
            .replace(SEED_WARDS[seed], ward)
            .replace("quý III", &format!("quý {q}"))
            .replace("2023", &year.to_string());
        let text = format!("{}\nMã lưu trữ: {i}\n", vary_numbers(&text, &mut rng));
        let (ext, bytes) = match kind {
            0..=59 => ("txt", text.into_bytes()),
            60..=74 => ("txt", encode_1258(&text)),
            75..=79 => {
                let mut b = vec![0xFF, 0xFE];
                b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                ("TXT", b)
            }
            80..=94 => ("html", html(&text, "utf-8").into_bytes()),
            _ => ("htm", encode_1258(&html(&text, "windows-1258"))),
        };
        let path = folder.join(format!("{stem}.{ext}"));
        total += bytes.len() as u64;
        std::fs::write(&path, bytes)?;
        written.push(path);
    }
    Ok(total)
}
