//! The document's text with elements around byte ranges: every figure's
//! value and every place a finding points at. Ranges nest; one that crosses
//! the end of an enclosing range is cut there, so each range is still
//! exactly one element.

use quick_xml::escape::escape;

/// One element to wrap around `start..end` of the text.
#[derive(Clone, Debug)]
pub struct Wrap {
    pub start: usize,
    pub end: usize,
    /// The opening tag, complete (`<mark …>`).
    pub open: String,
    /// The closing tag (`</mark>`).
    pub close: &'static str,
}

/// `text` escaped for HTML, with `wraps` inserted. Ranges that are empty,
/// out of bounds or not on character boundaries are left out.
pub fn wrap_text(text: &str, wraps: &[Wrap]) -> String {
    let ok = |w: &&Wrap| {
        w.start < w.end
            && w.end <= text.len()
            && text.is_char_boundary(w.start)
            && text.is_char_boundary(w.end)
    };
    let mut order: Vec<&Wrap> = wraps.iter().filter(ok).collect();
    // Outer ranges first: by start, then the longer one.
    order.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = String::with_capacity(text.len() + wraps.len() * 120);
    let mut pos = 0;
    // Open elements: (end, close tag).
    let mut open: Vec<(usize, &'static str)> = Vec::new();
    let close_until = |out: &mut String, pos: &mut usize, open: &mut Vec<_>, at: usize| {
        while let Some(&(end, tag)) = open.last() {
            if end > at {
                break;
            }
            out.push_str(&escape(&text[*pos..end]));
            *pos = end;
            out.push_str(tag);
            open.pop();
        }
    };
    for w in order {
        close_until(&mut out, &mut pos, &mut open, w.start);
        let end = open.last().map_or(w.end, |&(e, _)| w.end.min(e));
        out.push_str(&escape(&text[pos..w.start]));
        pos = w.start;
        out.push_str(&w.open);
        open.push((end, w.close));
    }
    close_until(&mut out, &mut pos, &mut open, usize::MAX);
    out.push_str(&escape(&text[pos..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: usize, end: usize, name: &str) -> Wrap {
        Wrap {
            start,
            end,
            open: format!("<{name}>"),
            close: if name == "a" { "</a>" } else { "</b>" },
        }
    }

    #[test]
    fn ranges_nest_and_text_is_escaped() {
        let t = "x <327> y";
        assert_eq!(wrap_text(t, &[w(3, 6, "a")]), "x &lt;<a>327</a>&gt; y");
        assert_eq!(
            wrap_text(t, &[w(3, 6, "b"), w(2, 7, "a")]),
            "x <a>&lt;<b>327</b>&gt;</a> y"
        );
    }

    #[test]
    fn a_crossing_range_is_cut_at_the_enclosing_end() {
        let t = "0123456789";
        assert_eq!(
            wrap_text(t, &[w(1, 5, "a"), w(3, 8, "b")]),
            "0<a>12<b>34</b></a>56789"
        );
    }

    #[test]
    fn bad_ranges_are_left_out() {
        let t = "hồ sơ";
        // 2 is inside 'ồ' (3 bytes).
        assert_eq!(
            wrap_text(t, &[w(2, 4, "a"), w(4, 4, "a"), w(0, 99, "a")]),
            "hồ sơ"
        );
    }
}
