//! OCR of scanned PDF pages for ingest (`--ocr`): `pdftoppm` renders the
//! pages, `tesseract -l vie` reads them. Both are external programs found on
//! the PATH; when either (or the Vietnamese data) is missing, the error says
//! how to install them instead of failing silently.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::isolate::{run_with_deadline, Outcome};
use crate::model::{ErrorKind, ReadError};

pub const INSTALL_HINT: &str = "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils";

/// The programs OCR needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Tools {
    pub pdftoppm: PathBuf,
    pub tesseract: PathBuf,
}

fn unavailable(what: &str) -> ReadError {
    ReadError::new(
        ErrorKind::OcrUnavailable,
        format!("OCR was asked for, but {what}. Install it with `{INSTALL_HINT}` and run again."),
    )
}

/// Find an executable in the directories of a PATH-like variable.
pub fn which(name: &str, path_var: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path_var)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Locate `pdftoppm` and `tesseract` with Vietnamese data on `path_var`.
pub fn find_tools(path_var: &OsStr) -> Result<Tools, ReadError> {
    let tesseract = which("tesseract", path_var)
        .ok_or_else(|| unavailable("the `tesseract` program is not installed"))?;
    let pdftoppm = which("pdftoppm", path_var)
        .ok_or_else(|| unavailable("the `pdftoppm` program (poppler-utils) is not installed"))?;
    let langs = Command::new(&tesseract)
        .arg("--list-langs")
        .output()
        .map_err(|e| unavailable(&format!("`tesseract` could not be run ({e})")))?;
    let listed = String::from_utf8_lossy(&langs.stdout).into_owned()
        + &String::from_utf8_lossy(&langs.stderr);
    if !listed.lines().any(|l| l.trim() == "vie") {
        return Err(unavailable(
            "tesseract has no Vietnamese language data (`vie`)",
        ));
    }
    Ok(Tools {
        pdftoppm,
        tesseract,
    })
}

fn scratch_dir() -> std::io::Result<PathBuf> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!("cchc-ocr-{}-{nanos}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// OCR every page of a PDF; returns the text of each page in order.
pub fn ocr_pdf(tools: &Tools, bytes: &[u8], timeout: Duration) -> Result<Vec<String>, ReadError> {
    let fail = |m: String| ReadError::new(ErrorKind::OcrUnavailable, m);
    let dir =
        scratch_dir().map_err(|e| fail(format!("OCR could not create a scratch folder ({e}).")))?;
    let result = ocr_in(tools, bytes, timeout, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result.map_err(fail)
}

fn ocr_in(
    tools: &Tools,
    bytes: &[u8],
    timeout: Duration,
    dir: &Path,
) -> Result<Vec<String>, String> {
    let mut cmd = Command::new(&tools.pdftoppm);
    cmd.args(["-r", "300", "-gray", "-png", "-"])
        .arg(dir.join("page"));
    match run_with_deadline(cmd, bytes.to_vec(), timeout) {
        Outcome::Finished(_) => {}
        Outcome::TimedOut => {
            return Err("Rendering the scanned pages for OCR took too long and was stopped.".into())
        }
        Outcome::Crashed(w) | Outcome::NotStarted(w) => {
            return Err(format!("Rendering the scanned pages for OCR failed: {w}."))
        }
    }
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension() == Some(OsStr::new("png")))
        .collect();
    // pdftoppm zero-pads page numbers to the width of the last one, so names sort.
    images.sort();
    let mut pages = Vec::with_capacity(images.len());
    for img in images {
        let mut cmd = Command::new(&tools.tesseract);
        cmd.arg(&img).arg("stdout").args(["-l", "vie"]);
        match run_with_deadline(cmd, Vec::new(), timeout) {
            Outcome::Finished(out) => pages.push(String::from_utf8_lossy(&out).into_owned()),
            Outcome::TimedOut => return Err("OCR of a page took too long and was stopped.".into()),
            Outcome::Crashed(w) | Outcome::NotStarted(w) => {
                return Err(format!("tesseract failed: {w}."))
            }
        }
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tesseract_says_how_to_install_it() {
        let empty = tempfile::tempdir().unwrap();
        let e = find_tools(empty.path().as_os_str()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::OcrUnavailable);
        assert!(e.message.contains(INSTALL_HINT), "{}", e.message);
        assert!(e.message.contains("tesseract"), "{}", e.message);
    }
}
