//! `cchc check --annotate OUT IN`: after checking, write the clerk's file
//! back with the findings on it — Word comments in a copy of a `.docx`
//! (`emit::docx_comments`), or one standalone HTML page with the same view
//! as `cchc serve` for any input (`emit::view`).

use std::path::Path;

use anyhow::{bail, Context, Result};

use cchc::emit::{docx_comments, view};
use cchc::model::Format;
use cchc::Processed;

/// What `--annotate OUT` writes, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Docx,
    Html,
}

/// Refuse what cannot work before any file is read.
pub fn plan(out: &Path, inputs: &[std::path::PathBuf]) -> Result<Kind> {
    let kind = match out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .as_deref()
    {
        Some("docx") => Kind::Docx,
        Some("html" | "htm") => Kind::Html,
        _ => bail!(
            "--annotate writes a .docx (for a .docx input) or a .html file, not {}",
            out.display()
        ),
    };
    let [input] = inputs else {
        bail!("--annotate takes exactly one input file");
    };
    if input.is_dir() {
        bail!("--annotate takes one input file, not a folder");
    }
    let same = match (out.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        bail!("--annotate would overwrite its input; give another file name");
    }
    Ok(kind)
}

/// Write the annotated file; returns a line for standard error.
pub fn write(kind: Kind, out: &Path, input: &Path, doc: &Processed) -> Result<String> {
    let bytes = match kind {
        Kind::Html => view::standalone(&doc.output, &doc.text).into_bytes(),
        Kind::Docx => {
            if doc.output.source.format != Format::Docx {
                bail!(
                    "--annotate {} needs a Word (.docx) input; {} is {}: write a .html file instead",
                    out.display(),
                    input.display(),
                    doc.output.source.format.as_str()
                );
            }
            let original =
                std::fs::read(input).with_context(|| format!("reading {}", input.display()))?;
            let a = docx_comments::annotate(&original, &doc.output, &doc.text)?;
            std::fs::write(out, &a.bytes).with_context(|| format!("writing {}", out.display()))?;
            let unplaced = match a.unplaced {
                0 => String::new(),
                n => format!("; {n} place(s) could not be anchored (in a drawing or formula)"),
            };
            return Ok(format!(
                "wrote {}: {} comment(s){unplaced}",
                out.display(),
                a.comments
            ));
        }
    };
    std::fs::write(out, bytes).with_context(|| format!("writing {}", out.display()))?;
    Ok(format!("wrote {}", out.display()))
}
