//! Part of stage 2, **segment**: bounded look-around for the later stages.
//!
//! Extract and validate often ask "where does the line / sentence holding
//! this number start or end?". Answering by searching the whole text before
//! or after the number costs the document's size per question, which makes
//! a long file without line breaks quadratic. These helpers look at most
//! [`WINDOW`] bytes either way: a sentence or a line longer than that is cut
//! at the window, which no real report notices.

/// How far a line or sentence boundary is looked for, in bytes.
pub const WINDOW: usize = 4096;

/// The largest char boundary at or before `i`.
pub fn floor_char(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or after `i`.
pub fn ceil_char(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Start of the window that ends at `at`.
pub fn window_start(text: &str, at: usize) -> usize {
    ceil_char(text, at.saturating_sub(WINDOW))
}

/// End of the window that starts at `from`.
pub fn window_end(text: &str, from: usize) -> usize {
    floor_char(text, from.saturating_add(WINDOW))
}

/// Start of the line holding byte `at` (or of the window).
pub fn line_start(text: &str, at: usize) -> usize {
    let from = window_start(text, at);
    text[from..at].rfind('\n').map_or(from, |p| from + p + 1)
}

/// End of the line holding byte `from` (its `\n`, or the window's end).
pub fn line_end(text: &str, from: usize) -> usize {
    let to = window_end(text, from);
    text[from..to].find('\n').map_or(to, |p| from + p)
}

/// Start of the sentence holding byte `at`: after the last ". " of its
/// line, or the line start.
pub fn sentence_start(text: &str, at: usize) -> usize {
    let line = line_start(text, at);
    text[line..at].rfind(". ").map_or(line, |p| line + p + 2)
}

/// End of the sentence holding byte `from`: its first ". " or its line end.
pub fn sentence_end(text: &str, from: usize) -> usize {
    let end = line_end(text, from);
    text[from..end].find(". ").map_or(end, |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_sentences_as_before_within_the_window() {
        let t = "Một. Hai ba.\nBốn năm. Sáu bảy\ntám";
        let at = t.find("Sáu").unwrap();
        assert_eq!(&t[line_start(t, at)..line_end(t, at)], "Bốn năm. Sáu bảy");
        assert_eq!(&t[sentence_start(t, at)..sentence_end(t, at)], "Sáu bảy");
        let two = t.find("Hai").unwrap();
        assert_eq!(&t[sentence_start(t, two)..sentence_end(t, two)], "Hai ba.");
        assert_eq!(line_start(t, 0), 0);
        assert_eq!(line_end(t, t.len()), t.len());
    }

    #[test]
    fn a_long_line_is_cut_at_the_window_on_a_char_boundary() {
        let t = "ệ".repeat(WINDOW);
        let at = t.len() / 2 + 1;
        let at = floor_char(&t, at);
        let s = line_start(&t, at);
        let e = line_end(&t, at);
        assert!(at - s <= WINDOW && e - at <= WINDOW);
        assert!(t.is_char_boundary(s) && t.is_char_boundary(e));
    }
}
