//! Before stage 1: **which inputs a command reads.** One walker for
//! `extract`, `check` and `import`: paths named on the command line (a file
//! is always read, `-` is standard input), folders recursed in sorted order,
//! symbolic links followed with loop detection (or skipped on request), and
//! every path that is not read said aloud with its reason — data and code
//! files beside the reports, links, loops, devices, the import's own
//! database — so that no input vanishes without a word.

use std::path::{Path, PathBuf};

/// Extensions of files that sit beside reports in a folder but are data or
/// code, not reports (the corpus's `expected.json`, a README, scripts). A
/// folder walk leaves them out and says so; a file named on the command line
/// is always read. Formats cchc cannot read (`.doc`, `.xlsb`, images)
/// are *not* listed: they are reports, and are reported as unsupported.
pub const NOT_REPORTS: &[&str] = &[
    "json",
    "jsonl",
    "csv",
    "tsv",
    "md",
    "toml",
    "yaml",
    "yml",
    "py",
    "sh",
    "rs",
    "snap",
    "lock",
    "log",
    "sqlite",
    "sqlite3",
    "db",
    "sqlite-wal",
    "sqlite-shm",
    "db-wal",
    "db-shm",
];

/// Why a path found in a folder is not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    /// A data or code file (see [`NOT_REPORTS`]).
    NotAReport,
    /// A symbolic link, with `--no-follow-links`.
    Symlink,
    /// A link to a folder that contains it: following it would never end.
    SymlinkLoop,
    /// A link whose target does not exist.
    BrokenSymlink,
    /// A device, socket or pipe.
    NotARegularFile,
    /// The database an import writes to (or its journal or lock).
    ImportDatabase,
}

impl SkipReason {
    /// The stable name (a `files.reason` of the import database).
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::NotAReport => "not_a_report",
            SkipReason::Symlink => "symlink",
            SkipReason::SymlinkLoop => "symlink_loop",
            SkipReason::BrokenSymlink => "broken_symlink",
            SkipReason::NotARegularFile => "not_a_regular_file",
            SkipReason::ImportDatabase => "import_database",
        }
    }

    /// What it means, for standard error and the database's `message`.
    pub fn message(self) -> &'static str {
        match self {
            SkipReason::NotAReport => {
                "not a report (a data or code file: .json, .csv, .md, …); name it on the command line to read it"
            }
            SkipReason::Symlink => "a symbolic link, not followed (--no-follow-links)",
            SkipReason::SymlinkLoop => {
                "a symbolic link to a folder that contains it; following it would never end"
            }
            SkipReason::BrokenSymlink => "a symbolic link whose target does not exist",
            SkipReason::NotARegularFile => "a device, socket or pipe, not a file",
            SkipReason::ImportDatabase => "the database this import writes to",
        }
    }
}

/// One path of a command's inputs, in the order they are reported.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A file to read.
    File(PathBuf),
    /// Standard input (`-`), shown under this name.
    Stdin(PathBuf),
    /// Deliberately not read.
    Skipped { path: PathBuf, reason: SkipReason },
    /// Could not be looked at (missing, permission denied); the path is the
    /// real one and nothing was read from it.
    Unreadable { path: PathBuf, message: String },
}

impl Input {
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Stdin(p) => p,
            Input::Skipped { path, .. } | Input::Unreadable { path, .. } => path,
        }
    }

    /// A document will be written for it (read, or unreadable with a reason).
    pub fn is_document(&self) -> bool {
        !matches!(self, Input::Skipped { .. })
    }
}

/// How to walk.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// Skip symbolic links instead of following them.
    pub no_follow_links: bool,
    /// Make every path absolute and canonical (the import keys its rows by
    /// path).
    pub absolute: bool,
    /// Files never to read (the import's database); compared absolute.
    pub exclude: Vec<PathBuf>,
    /// The name standard input (`-`) is shown under.
    pub stdin_name: Option<PathBuf>,
}

/// Every input under `paths`, folders recursed in sorted order, each path
/// once.
pub fn walk(paths: &[PathBuf], opts: &WalkOptions) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let name = opts
                .stdin_name
                .clone()
                .unwrap_or_else(|| PathBuf::from("-"));
            out.push(Input::Stdin(name));
            continue;
        }
        let root = if opts.absolute {
            // The real path (no `..`, links in the root resolved), so that
            // the same folder named two ways gives the same paths.
            std::fs::canonicalize(p)
                .or_else(|_| std::path::absolute(p))
                .unwrap_or_else(|_| p.clone())
        } else {
            p.clone()
        };
        match std::fs::metadata(&root) {
            Ok(m) if m.is_dir() => walk_folder(&root, opts, &mut out),
            Ok(m) if m.is_file() => out.push(if excluded(&root, opts) {
                skip(root, SkipReason::ImportDatabase)
            } else {
                Input::File(root)
            }),
            Ok(_) => out.push(skip(root, SkipReason::NotARegularFile)),
            Err(e) => out.push(Input::Unreadable {
                message: io_message(&root, &e),
                path: root,
            }),
        }
    }
    dedup(out)
}

fn skip(path: PathBuf, reason: SkipReason) -> Input {
    Input::Skipped { path, reason }
}

fn excluded(path: &Path, opts: &WalkOptions) -> bool {
    if opts.exclude.is_empty() {
        return false;
    }
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    opts.exclude.iter().any(|x| *x == abs || x == path)
}

/// "no such file or folder", "permission denied", … in plain words.
pub fn io_message(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound if path.is_symlink() => {
            "a symbolic link whose target does not exist".into()
        }
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("could not read it: {e}"),
    }
}

fn walk_folder(root: &Path, opts: &WalkOptions, out: &mut Vec<Input>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(!opts.no_follow_links)
        .sort_by_file_name();
    for item in walker {
        let e = match item {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                if err.loop_ancestor().is_some() {
                    out.push(skip(path, SkipReason::SymlinkLoop));
                } else if path.is_symlink() && !path.exists() {
                    out.push(skip(path, SkipReason::BrokenSymlink));
                } else {
                    let message = match err.io_error() {
                        Some(io) => io_message(&path, io),
                        None => err.to_string(),
                    };
                    out.push(Input::Unreadable { path, message });
                }
                continue;
            }
        };
        let ft = e.file_type();
        if ft.is_dir() {
            continue;
        }
        let path = e.into_path();
        out.push(if ft.is_symlink() {
            // Only without following: a followed link has its target's type.
            skip(path, SkipReason::Symlink)
        } else if !ft.is_file() {
            skip(path, SkipReason::NotARegularFile)
        } else if excluded(&path, opts) {
            skip(path, SkipReason::ImportDatabase)
        } else if not_a_report(&path) {
            skip(path, SkipReason::NotAReport)
        } else {
            Input::File(path)
        });
    }
}

/// A data or code file by its extension.
pub fn not_a_report(path: &Path) -> bool {
    path.extension()
        .map(|x| x.to_string_lossy().to_lowercase())
        .is_some_and(|x| NOT_REPORTS.contains(&x.as_str()))
}

/// Each path once, in first-seen order (two roots may overlap).
fn dedup(inputs: Vec<Input>) -> Vec<Input> {
    let mut seen = std::collections::HashSet::new();
    inputs
        .into_iter()
        .filter(|i| seen.insert(i.path().to_path_buf()))
        .collect()
}

/// One line of standard error per skipped path: `cchc: skipped PATH: why`.
pub fn skipped_lines(inputs: &[Input]) -> Vec<String> {
    inputs
        .iter()
        .filter_map(|i| match i {
            Input::Skipped { path, reason } => Some(format!(
                "cchc: skipped {}: {} [{}]",
                path.display(),
                reason.message(),
                reason.as_str()
            )),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(root: &Path, inputs: &[Input]) -> Vec<String> {
        inputs
            .iter()
            .map(|i| {
                let name = i
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(i.path())
                    .display()
                    .to_string();
                match i {
                    Input::File(_) | Input::Stdin(_) => name,
                    Input::Skipped { reason, .. } => format!("{name} ({})", reason.as_str()),
                    Input::Unreadable { .. } => format!("{name} (unreadable)"),
                }
            })
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_loops_and_dangling_links_are_skipped_aloud() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/sub")).unwrap();
        std::fs::write(d.join("a/1.txt"), "x").unwrap();
        std::fs::write(d.join("a/expected.json"), "{}").unwrap();
        std::fs::create_dir(d.join("elsewhere")).unwrap();
        std::fs::write(d.join("elsewhere/2.txt"), "x").unwrap();
        symlink(d.join("elsewhere/2.txt"), d.join("a/link.txt")).unwrap();
        symlink(d.join("elsewhere"), d.join("a/linked-folder")).unwrap();
        symlink(d.join("a"), d.join("a/sub/loop")).unwrap();
        symlink(d.join("nowhere.txt"), d.join("a/dangling.txt")).unwrap();
        let a = d.join("a");
        let followed = walk(std::slice::from_ref(&a), &WalkOptions::default());
        assert_eq!(
            names(&a, &followed),
            [
                "1.txt",
                "dangling.txt (broken_symlink)",
                "expected.json (not_a_report)",
                "link.txt",
                "linked-folder/2.txt",
                "sub/loop (symlink_loop)",
            ]
        );
        let opts = WalkOptions {
            no_follow_links: true,
            ..WalkOptions::default()
        };
        let skipped = walk(std::slice::from_ref(&a), &opts);
        assert_eq!(
            names(&a, &skipped),
            [
                "1.txt",
                "dangling.txt (symlink)",
                "expected.json (not_a_report)",
                "link.txt (symlink)",
                "linked-folder (symlink)",
                "sub/loop (symlink)",
            ]
        );
        assert_eq!(skipped_lines(&skipped).len(), 5);
    }

    #[test]
    fn absolute_paths_are_the_real_ones_however_the_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/1.txt"), "x").unwrap();
        let opts = WalkOptions {
            absolute: true,
            ..WalkOptions::default()
        };
        let real = std::fs::canonicalize(dir.path().join("a/1.txt")).unwrap();
        for root in [dir.path().join("a"), dir.path().join("a/b/..")] {
            assert_eq!(walk(&[root], &opts), [Input::File(real.clone())]);
        }
    }

    #[test]
    fn named_files_are_always_read_missing_ones_are_unreadable_and_dash_is_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("expected.json");
        std::fs::write(&json, "{}").unwrap();
        let missing = dir.path().join("missing.txt");
        let opts = WalkOptions {
            stdin_name: Some("bao-cao.txt".into()),
            ..WalkOptions::default()
        };
        let got = walk(
            &[json.clone(), missing.clone(), "-".into(), json.clone()],
            &opts,
        );
        assert_eq!(
            got,
            [
                Input::File(json),
                Input::Unreadable {
                    path: missing,
                    message: "no such file or folder".into()
                },
                Input::Stdin("bao-cao.txt".into()),
            ]
        );
    }
}
