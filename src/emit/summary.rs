//! Part of stage 5, **emit**: what every command says on standard error
//! about its inputs, in one format — a line per input that could not be
//! read, and the closing count ("4 inputs: 1 checked, 3 unreadable, 2
//! skipped").

use crate::inputs::Input;
use crate::model::{DocumentOutput, ReadError};

/// `cchc: cannot read PATH: why [kind]` for an input nothing usable was
/// read from; None when it was read.
pub fn read_error_line(doc: &DocumentOutput) -> Option<String> {
    fatal_read_line(&doc.source.path, &doc.errors)
}

/// The same line for `path` from its read errors, when one is fatal.
pub fn fatal_read_line(path: &str, errors: &[ReadError]) -> Option<String> {
    let e = errors.iter().find(|e| e.kind.is_fatal())?;
    Some(format!(
        "cchc: cannot read {path}: {} [{}]",
        e.message,
        e.kind.as_str()
    ))
}

/// Counts of a command's inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Read (possibly with warnings such as `lossy_encoding`).
    pub read: usize,
    /// Nothing usable read (a fatal read error, `timeout` included).
    pub unreadable: usize,
    /// Left out by the walk, each listed with its reason.
    pub skipped: usize,
}

impl Tally {
    /// The walk's skipped paths.
    pub fn new(inputs: &[Input]) -> Tally {
        Tally {
            skipped: inputs.iter().filter(|i| !i.is_document()).count(),
            ..Tally::default()
        }
    }

    /// Count one document.
    pub fn add(&mut self, doc: &DocumentOutput) {
        if doc.errors.iter().any(|e| e.kind.is_fatal()) {
            self.unreadable += 1;
        } else {
            self.read += 1;
        }
    }

    pub fn inputs(&self) -> usize {
        self.read + self.unreadable + self.skipped
    }

    /// "4 inputs: 1 checked, 3 unreadable, 2 skipped" (`verb` = "checked").
    pub fn line(&self, verb: &str) -> String {
        let n = self.inputs();
        let mut s = format!(
            "{n} input{}: {} {verb}",
            if n == 1 { "" } else { "s" },
            self.read
        );
        if self.unreadable > 0 {
            s.push_str(&format!(", {} unreadable", self.unreadable));
        }
        if self.skipped > 0 {
            s.push_str(&format!(", {} skipped", self.skipped));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_each_kind_apart() {
        let t = Tally {
            read: 1,
            unreadable: 3,
            skipped: 0,
        };
        assert_eq!(t.line("checked"), "4 inputs: 1 checked, 3 unreadable");
        let t = Tally {
            read: 1,
            unreadable: 0,
            skipped: 2,
        };
        assert_eq!(t.line("extracted"), "3 inputs: 1 extracted, 2 skipped");
    }
}
