//! The document in a request: the `file` field of a multipart form, or a
//! `text/plain` body (pasted text), never more than the upload limit and
//! never written to disk.

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;

use super::reply::Reply;

/// A file name from a client, reduced to a plain name (it is only used for
/// its extension and shown back).
pub fn clean_name(raw: Option<&str>, default: &str) -> String {
    let base = raw
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>();
    let base = base.trim().trim_start_matches('.');
    if base.is_empty() {
        default.to_string()
    } else {
        base.to_string()
    }
}

/// The `file` field of a multipart form.
pub async fn multipart(
    req: Request,
    limit: usize,
    max_mb: u64,
) -> Result<(String, Vec<u8>), Reply> {
    let mut form = Multipart::from_request(req, &())
        .await
        .map_err(|e| Reply::bad_request(format!("Biểu mẫu gửi lên không đúng ({e}).")))?;
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Reply::too_large(max_mb)
        } else {
            Reply::bad_request(format!("Không nhận được trọn tệp ({e})."))
        }
    };
    while let Some(field) = form.next_field().await.map_err(broken)? {
        if field.name() != Some("file") {
            continue;
        }
        let name = clean_name(field.file_name(), "tai-lieu");
        let bytes = field.bytes().await.map_err(broken)?;
        if bytes.len() > limit {
            return Err(Reply::too_large(max_mb));
        }
        return Ok((name, bytes.to_vec()));
    }
    Err(Reply::bad_request(
        "Không có tệp nào được gửi: chọn tệp, hoặc gửi biểu mẫu có trường 'file'.",
    ))
}

/// A text body.
pub async fn text(
    req: Request,
    limit: usize,
    max_mb: u64,
    name: Option<&str>,
) -> Result<(String, Vec<u8>), Reply> {
    let bytes = Bytes::from_request(req, &()).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Reply::too_large(max_mb)
        } else {
            Reply::bad_request(format!("Không nhận được nội dung ({e})."))
        }
    })?;
    if bytes.len() > limit {
        return Err(Reply::too_large(max_mb));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Reply::bad_request(
            "Chưa có nội dung: hãy dán văn bản trước khi kiểm tra.",
        ));
    }
    Ok((clean_name(name, "van-ban-dan.txt"), bytes.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_lose_their_folders_and_control_characters() {
        assert_eq!(clean_name(Some("../../etc/passwd"), "x"), "passwd");
        assert_eq!(
            clean_name(Some("C:\\Users\\a\\Báo cáo.docx"), "x"),
            "Báo cáo.docx"
        );
        assert_eq!(clean_name(Some("a\u{0}b\n.pdf"), "x"), "ab.pdf");
        assert_eq!(clean_name(Some(""), "x"), "x");
        assert_eq!(clean_name(None, "x"), "x");
    }
}
