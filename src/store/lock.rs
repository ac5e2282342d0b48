//! One import at a time per database (**store** stage): `cchc import` holds
//! an exclusive lock on `DB.lock` beside the database for its whole run, so
//! that a second import into the same file waits for it (`--wait`) or
//! refuses with a clear message, instead of doing all the work again and
//! claiming every file a second time. Readers (`cchc export`, an analyst's
//! sqlite3) take no lock. The lock is the operating system's (`flock`): it
//! goes away with the process, even after `kill -9`, and the file stays.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Held for the import's whole run; dropping it lets the next one in.
#[derive(Debug)]
pub struct ImportLock {
    _file: File,
}

/// The lock file of a database: `cchc.sqlite` → `cchc.sqlite.lock`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Take the database's import lock. Without `wait`, an import already
/// running is an error; with it, `waiting` is called once and the call
/// blocks until the other import ends.
pub fn acquire(db: &Path, wait: bool, waiting: impl FnOnce()) -> Result<ImportLock> {
    let path = lock_path(db);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot create the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) if wait => {
            waiting();
            file.lock()
                .with_context(|| format!("cannot lock {}", path.display()))?;
        }
        Err(TryLockError::WouldBlock) => bail!(
            "another `cchc import` is writing to {} right now; run this one when it has finished, or add --wait to queue behind it",
            db.display()
        ),
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
    Ok(ImportLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_then_granted_once_the_first_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cchc.sqlite");
        let first = acquire(&db, false, || {}).unwrap();
        let err = acquire(&db, false, || {}).unwrap_err().to_string();
        assert!(err.contains("--wait"), "{err}");
        drop(first);
        acquire(&db, false, || {}).unwrap();
    }

    #[test]
    fn waiting_blocks_until_the_holder_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cchc.sqlite");
        let first = acquire(&db, false, || {}).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let db2 = db.clone();
        let t = std::thread::spawn(move || {
            let _second = acquire(&db2, true, || tx.send("waiting").unwrap()).unwrap();
        });
        assert_eq!(rx.recv().unwrap(), "waiting");
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!t.is_finished());
        drop(first);
        t.join().unwrap();
    }
}
