//! Wiring beside [`Pipeline`]: run a command's inputs (from
//! [`crate::inputs`]) through the whole pipeline — ingest → segment →
//! extract → validate — on worker threads, each under the per-file time
//! limit, and hand every document to the caller as soon as it and the
//! documents before it are done. A file that runs past the limit is given up
//! (`timeout`) and the batch goes on; its work stops at the next stage
//! boundary.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use crate::inputs::Input;
use crate::model::{ErrorKind, ReadError};
use crate::{Pipeline, Processed};

/// How to run a batch.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    /// Wall-clock limit for one input, all stages included.
    pub timeout: Duration,
    /// Worker threads; `None` = one per core.
    pub jobs: Option<usize>,
}

/// Run every document input of `inputs` (skipped ones have no document) and
/// call `emit` for each in input order, as soon as it and those before it
/// are done. `stdin` holds the bytes of an [`Input::Stdin`]. An error from
/// `emit` (a closed output) stops the batch and is returned.
pub fn run<E>(
    pipeline: &Arc<Pipeline>,
    inputs: &[Input],
    stdin: Option<&[u8]>,
    opts: &BatchOptions,
    mut emit: impl FnMut(&Input, Processed) -> Result<(), E>,
) -> Result<(), E> {
    let docs: Vec<&Input> = inputs.iter().filter(|i| i.is_document()).collect();
    let jobs = opts
        .jobs
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .min(docs.len().max(1));
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, Processed)>();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, stop, docs) = (&next, &stop, &docs);
            s.spawn(move || loop {
                // Inputs are taken in order, so that what waits to be
                // written in order stays small.
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= docs.len() || stop.load(Ordering::Relaxed) {
                    break;
                }
                let p = process(pipeline, docs[i], stdin, opts.timeout);
                if tx.send((i, p)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        for (i, p) in rx.iter() {
            pending.insert(i, p);
            while let Some(p) = pending.remove(&want) {
                if let Err(e) = emit(docs[want], p) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                want += 1;
            }
        }
        Ok(())
    })
}

fn process(
    pipeline: &Arc<Pipeline>,
    input: &Input,
    stdin: Option<&[u8]>,
    timeout: Duration,
) -> Processed {
    match input {
        Input::File(path) => match pipeline.read_path(path) {
            Ok(bytes) => within(pipeline, path, bytes, timeout),
            Err(p) => *p,
        },
        Input::Stdin(name) => {
            let bytes = stdin.unwrap_or_default();
            let limit = pipeline.ingest.max_bytes;
            if bytes.len() as u64 > limit {
                let mut p = crate::unread(
                    name,
                    ReadError::new(
                        ErrorKind::TooLarge,
                        format!("standard input is more than the limit of {limit} bytes"),
                    ),
                );
                p.output.source.bytes = bytes.len() as u64;
                return p;
            }
            within(pipeline, name, bytes.to_vec(), timeout)
        }
        Input::Unreadable { path, message } => {
            crate::unread(path, ReadError::new(ErrorKind::Io, message.clone()))
        }
        Input::Skipped { path, .. } => {
            crate::unread(path, ReadError::new(ErrorKind::Io, "skipped"))
        }
    }
}

/// Process `bytes` on a thread of its own and wait at most `timeout`; past
/// it, tell the thread to stop at its next stage boundary and report the
/// file as `timeout`.
pub fn within(
    pipeline: &Arc<Pipeline>,
    path: &Path,
    bytes: Vec<u8>,
    timeout: Duration,
) -> Processed {
    let bytes = Arc::new(bytes);
    let cancel = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let spawned = {
        let (pipeline, bytes, cancel) = (
            Arc::clone(pipeline),
            Arc::clone(&bytes),
            Arc::clone(&cancel),
        );
        let path = path.to_path_buf();
        std::thread::Builder::new()
            .name("cchc-file".into())
            .spawn(move || {
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    pipeline.process_bytes_until(&path, &bytes, &cancel)
                }));
                let _ = tx.send(r);
            })
    };
    if let Err(e) = spawned {
        return failed(
            path,
            &bytes,
            ErrorKind::ReaderCrashed,
            format!("could not start a thread for it ({e})"),
        );
    }
    match rx.recv_timeout(timeout) {
        Ok(Ok(Some(p))) => p,
        Ok(Ok(None)) => failed(path, &bytes, ErrorKind::Timeout, timeout_message(timeout)),
        Ok(Err(panic)) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            failed(
                path,
                &bytes,
                ErrorKind::ReaderCrashed,
                format!("cchc crashed on this file (please report it): {what}"),
            )
        }
        Err(_) => {
            cancel.store(true, Ordering::Relaxed);
            failed(path, &bytes, ErrorKind::Timeout, timeout_message(timeout))
        }
    }
}

fn timeout_message(timeout: Duration) -> String {
    format!(
        "Processing the file took longer than the limit of {} s and was stopped; the file may be damaged or very large (raise the limit with --timeout).",
        timeout.as_secs_f64()
    )
}

/// A document for bytes that were read but not processed: real hash and size.
fn failed(path: &Path, bytes: &[u8], kind: ErrorKind, message: String) -> Processed {
    let mut p = crate::unread(path, ReadError::new(kind, message));
    p.output.source.sha256 = crate::sha256_hex(bytes);
    p.output.source.bytes = bytes.len() as u64;
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::IngestOptions;
    use std::path::PathBuf;

    #[test]
    fn documents_come_back_in_input_order_and_skipped_inputs_have_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        for i in 0..12 {
            let p = dir.path().join(format!("{i:02}.txt"));
            std::fs::write(&p, format!("Báo cáo số {i}: tiếp nhận {i}0 hồ sơ.")).unwrap();
            inputs.push(Input::File(p));
        }
        inputs.insert(
            3,
            Input::Skipped {
                path: "x.json".into(),
                reason: crate::inputs::SkipReason::NotAReport,
            },
        );
        inputs.push(Input::Unreadable {
            path: dir.path().join("gone.txt"),
            message: "no such file or folder".into(),
        });
        inputs.push(Input::Stdin(PathBuf::from("stdin.txt")));
        let pipeline = Arc::new(Pipeline::new(IngestOptions::default()).unwrap());
        let opts = BatchOptions {
            timeout: Duration::from_secs(60),
            jobs: Some(3),
        };
        let mut seen = Vec::new();
        run::<()>(
            &pipeline,
            &inputs,
            Some("Hồ sơ".as_bytes()),
            &opts,
            |input, p| {
                assert_eq!(Path::new(&p.output.source.path), input.path());
                seen.push(p.output);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen.len(), 14);
        let gone = &seen[12];
        assert_eq!(
            (gone.errors[0].kind, gone.source.sha256.as_str()),
            (ErrorKind::Io, "")
        );
        assert!(seen[13].errors.is_empty(), "{:?}", seen[13].errors);
    }

    #[test]
    fn a_closed_output_stops_the_batch() {
        let inputs: Vec<Input> = (0..50)
            .map(|i| Input::Unreadable {
                path: format!("{i}").into(),
                message: "x".into(),
            })
            .collect();
        let pipeline = Arc::new(Pipeline::new(IngestOptions::default()).unwrap());
        let opts = BatchOptions {
            timeout: Duration::from_secs(60),
            jobs: Some(2),
        };
        let mut n = 0;
        let r = run(&pipeline, &inputs, None, &opts, |_, _| {
            n += 1;
            if n == 3 {
                Err("closed")
            } else {
                Ok(())
            }
        });
        assert_eq!((r, n), (Err("closed"), 3));
    }

    #[test]
    fn a_file_past_the_limit_is_a_timeout_with_its_real_hash() {
        let pipeline = Arc::new(Pipeline::new(IngestOptions::default()).unwrap());
        let bytes = "Tiếp nhận 12 hồ sơ, đạt 100%. ".repeat(20_000).into_bytes();
        let sha = crate::sha256_hex(&bytes);
        let p = within(
            &pipeline,
            Path::new("big.txt"),
            bytes,
            Duration::from_millis(1),
        );
        assert_eq!(p.output.errors[0].kind, ErrorKind::Timeout);
        assert_eq!(p.output.source.sha256, sha);
    }
}
