//! The server's JSON answers: a document (the bytes `cchc extract --format
//! json` writes), the page's view of it, or `{"error": …}` with a 4xx/5xx
//! status and a sentence a clerk understands.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use cchc::emit::{json as emit_json, view};
use cchc::Processed;

/// A JSON answer.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut r = (self.status, self.body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        r
    }
}

impl Reply {
    fn json(status: StatusCode, v: serde_json::Value) -> Reply {
        Reply {
            status,
            body: serde_json::to_vec(&v).unwrap_or_default(),
        }
    }

    pub fn error(status: StatusCode, message: impl Into<String>) -> Reply {
        Reply::json(status, json!({ "error": message.into() }))
    }

    pub fn too_large(max_mb: u64) -> Reply {
        Reply::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Tệp lớn hơn giới hạn {max_mb} MB nên không được kiểm tra. Hãy gửi tệp nhỏ hơn, hoặc khởi động lại với cchc serve --max-upload <số MB>."
            ),
        )
    }

    pub fn bad_request(message: impl Into<String>) -> Reply {
        Reply::error(StatusCode::BAD_REQUEST, message)
    }

    pub fn internal() -> Reply {
        Reply::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Lỗi nội bộ khi xử lý tệp; cchc vẫn đang chạy. Hãy thử lại với tệp khác.",
        )
    }

    /// The answer for a processed document: 422 when nothing could be
    /// read, else the documents array (with the page's view when asked).
    pub fn document(p: &Processed, with_view: bool) -> Reply {
        let docs = std::slice::from_ref(&p.output);
        if let Some(e) = p.output.errors.iter().find(|e| e.kind.is_fatal()) {
            return Reply::json(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({
                    "error": view::labels::read_error(e.kind),
                    "kind": e.kind.as_str(),
                    "detail": e.message,
                    "documents": docs,
                }),
            );
        }
        if with_view {
            return Reply::json(
                StatusCode::OK,
                json!({ "documents": docs, "view": view::render(&p.output, &p.text) }),
            );
        }
        let mut body = Vec::new();
        match emit_json::write_json(&mut body, docs) {
            Ok(()) => Reply {
                status: StatusCode::OK,
                body,
            },
            Err(_) => Reply::internal(),
        }
    }
}
