//! The server's routes: the page (`/`, `/style.css`, `/app.js`) and
//! `POST /api/check`. A bounded number of documents are processed at once;
//! the others wait for a permit before their body is even read.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Query, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use tokio::sync::Semaphore;

use cchc::emit::view;
use cchc::Pipeline;

use super::reply::Reply;
use super::upload;

/// Room for a multipart form's own bytes around the file.
const FORM_SLACK: usize = 64 * 1024;

/// The page's policy: its own script and style only, requests to itself only.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
    img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub struct State {
    pipeline: Arc<Pipeline>,
    permits: Arc<Semaphore>,
    limit: usize,
    max_mb: u64,
    page: String,
}

impl State {
    pub fn new(pipeline: Pipeline, jobs: usize, limit: usize, max_mb: u64) -> Arc<State> {
        Arc::new(State {
            pipeline: Arc::new(pipeline),
            permits: Arc::new(Semaphore::new(jobs)),
            limit,
            max_mb,
            page: view::page(max_mb),
        })
    }
}

pub fn router(state: Arc<State>) -> Router {
    let body_limit = state.limit.saturating_add(FORM_SLACK);
    Router::new()
        .route("/", get(index))
        .route("/style.css", get(style))
        .route("/app.js", get(script))
        .route("/api/check", post(check))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::map_response(common_headers))
        .with_state(state)
}

async fn common_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn asset(content_type: &'static str, body: String) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

async fn index(axum::extract::State(s): axum::extract::State<Arc<State>>) -> Response {
    let mut r = asset("text/html; charset=utf-8", s.page.clone());
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    r
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", view::STYLE_CSS.to_string())
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", view::APP_JS.to_string())
}

async fn not_found() -> Reply {
    Reply::error(StatusCode::NOT_FOUND, "Không có trang này.")
}

#[derive(Deserialize)]
struct CheckQuery {
    /// `html`: answer `{"documents": […], "view": "<section…>"}` for the page.
    view: Option<String>,
    /// The name of a text body (default `van-ban-dan.txt`).
    name: Option<String>,
}

fn content_length(h: &HeaderMap) -> Option<usize> {
    h.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

async fn check(
    axum::extract::State(s): axum::extract::State<Arc<State>>,
    Query(q): Query<CheckQuery>,
    req: Request,
) -> Reply {
    if content_length(req.headers()).is_some_and(|n| n > s.limit.saturating_add(FORM_SLACK)) {
        return Reply::too_large(s.max_mb);
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    // Wait for a turn before reading the body: waiting uploads hold no memory.
    let Ok(_permit) = s.permits.clone().acquire_owned().await else {
        return Reply::internal();
    };
    let upload = if content_type.starts_with("multipart/form-data") {
        upload::multipart(req, s.limit, s.max_mb).await
    } else if content_type.starts_with("text/plain") {
        upload::text(req, s.limit, s.max_mb, q.name.as_deref()).await
    } else {
        Err(Reply::error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Chỉ nhận tệp gửi qua biểu mẫu (multipart/form-data, trường 'file') hoặc văn bản thuần (text/plain).",
        ))
    };
    let (name, bytes) = match upload {
        Ok(u) => u,
        Err(r) => return r,
    };
    let pipeline = s.pipeline.clone();
    let done =
        tokio::task::spawn_blocking(move || pipeline.process_bytes(Path::new(&name), &bytes)).await;
    match done {
        Ok(p) => Reply::document(&p, q.view.as_deref() == Some("html")),
        // A panic in the pipeline ends that task, not the server.
        Err(_) => Reply::internal(),
    }
}
