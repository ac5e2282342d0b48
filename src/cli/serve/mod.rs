//! `cchc serve [--bind 127.0.0.1] [--port 8080] [--max-upload MB]`: the
//! emit side as a local web page for clerks. A drop or a paste goes to
//! `POST /api/check`, which runs the same pipeline as `cchc extract` (each
//! PDF/DOCX/HTML read in an isolated `cchc worker` with the CLI's time
//! limit) and answers with the same JSON, or with the view of
//! `emit::view` for the page.
//!
//! [`routes`] holds the handlers, [`upload`] reads a request's document
//! within the size limit, [`reply`] the JSON answers and their messages.

mod reply;
mod routes;
mod upload;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use cchc::ingest::IngestOptions;
use cchc::Pipeline;

/// Serve the checking page on this machine.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  cchc serve\n  cchc serve --port 9000 --max-upload 50\n  \
    cchc serve --bind 0.0.0.0 --allow-remote   # reachable from the office network, no password"
)]
pub struct Args {
    /// Address to listen on; anything but loopback also needs --allow-remote.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Largest document accepted, in megabytes; larger uploads get 413.
    #[arg(long, value_name = "MB", default_value_t = 20)]
    pub max_upload: u64,
    /// Allow --bind on an address other machines can reach. The page has no
    /// password: anyone on that network can use it.
    #[arg(long)]
    pub allow_remote: bool,
    /// Documents processed at once; the others wait (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Per-document time limit for PDF/DOCX/HTML readers, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Run OCR (tesseract with Vietnamese data) on scanned pages.
    #[arg(long)]
    pub ocr: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if !args.bind.is_loopback() {
        if !args.allow_remote {
            bail!(
                "refusing to listen on {}: other machines could reach the page, which has no password; \
                 pass --allow-remote to do it anyway, or keep the default --bind 127.0.0.1",
                args.bind
            );
        }
        eprintln!(
            "cchc: warning: listening on {}: anyone who can reach this machine on port {} can upload documents to it (no password)",
            args.bind, args.port
        );
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let opts = IngestOptions {
        timeout: Duration::from_secs(args.timeout),
        ocr: args.ocr,
        ..IngestOptions::for_cli()
    };
    let max_upload = usize::try_from(args.max_upload.saturating_mul(1024 * 1024))
        .context("--max-upload is too large")?;
    let state = routes::State::new(Pipeline::new(opts)?, jobs, max_upload, args.max_upload);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(serve(SocketAddr::new(args.bind, args.port), state))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(addr: SocketAddr, state: Arc<routes::State>) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let addr = listener.local_addr()?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "cchc serve: listening on http://{addr}/ — mở địa chỉ này trong trình duyệt (Ctrl+C để dừng)"
    )?;
    out.flush()?;
    drop(out);
    axum::serve(listener, routes::router(state))
        .with_graceful_shutdown(shutdown())
        .await
        .context("serving")?;
    eprintln!("cchc serve: stopped");
    Ok(())
}

/// Ctrl+C, or SIGTERM from a service manager.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
