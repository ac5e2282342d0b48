//! The cue lexicon (`patterns/lexicon.toml`), loaded, checked and compiled
//! into one multi-pattern automaton (extract stage, compositional reader).
//!
//! A *cue* is a word or phrase that says something about the numbers near
//! it: what is counted (object), what happened to it (state), when
//! (timeliness), how (channel), whether it is a goal (role), a bound
//! (qualifier), a change, a breakdown opener (link)… Each cue belongs to
//! one or more *classes* declared in the same file; a class's `kind` says
//! which mechanism reads it (see [`Kind`]). The Rust code knows the kinds,
//! never the words, the class names of features or the indicator IDs.
//!
//! Matching is one Aho-Corasick pass over the lower-cased folded text, on
//! word boundaries, longest form first.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::model::{Qualifier, Role};
use crate::registry::{line_at, UNITS};

use super::examples::Example;

/// What a class means to the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A feature the decision table reads (object, state, timeliness, …).
    Feature,
    /// Makes the numbers after it in its sentence goals or comparison
    /// points; values `actual`, `target`, `baseline`.
    Role,
    /// Bounds the number right after it; values `gt`, `ge`, `lt`, `le`,
    /// `approx` (or, with `after = true` on the cue, right before it).
    Qualifier,
    /// Opens a breakdown ("trong đó", "gồm"): the numbers after it inherit
    /// what the number before it is about.
    Link,
    /// Words that may stand between a count and the percentage stated of
    /// it ("đạt", "chiếm", "tỷ lệ"): they say nothing of their own.
    Glue,
    /// A change, not a level: `delta` ("tăng 6%": not a figure), `from`
    /// ("giảm từ A": A is the baseline), `to` ("xuống còn B"), `from_to`
    /// ("từ A … lên B": a from only when a to follows).
    Change,
    /// Splits the words between two numbers ("và", "còn"): what stands
    /// before it belongs to the first number, what follows to the second.
    Boundary,
    /// Names a total ("Tổng cộng", "Toàn huyện"): a table row that sums
    /// the others, so it has no scope.
    Total,
    /// Glue that also lets a count restate the percentage before it
    /// ("giảm còn 0,3%, tương ứng 146 hồ sơ": 146 is the count of that rate).
    Equiv,
    /// Points back to the previous sentence's figure ("tỷ lệ này", "con số
    /// này"): a number after it in its clause is about the same thing.
    Anaphor,
    /// A role that only a table's column header gives ("Kế hoạch", "Thực
    /// hiện", "Kỳ trước", "Kỳ này"); values as for `role`.
    HeaderRole,
    /// Opens the words that name a rate's whole ("… trên tổng số hồ sơ
    /// tiếp nhận, giải quyết TTHC đạt 90%"): those words say what the rate
    /// is over, not what it measures, and are not the number's own.
    Over,
    /// Claims its words and says nothing else (periods such as "6 tháng
    /// đầu năm", places such as "Bộ phận Một cửa"), so no digit inside it
    /// is read as a number and no shorter cue is found inside it.
    Mark,
}

/// How a feature class is inherited by a number that does not state it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Inherit {
    /// From the number a breakdown ("trong đó", "(…)", a list) belongs to.
    pub parent: bool,
    /// From an earlier number of the same sentence.
    pub sentence: bool,
    /// From the heading or lead-in line the sentence stands under.
    pub context: bool,
}

/// How far a role cue reaches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// To the end of its sentence ("phấn đấu …, …").
    #[default]
    Sentence,
    /// To the end of its clause ("so với cùng kỳ (1.204 hồ sơ)").
    Clause,
}

#[derive(Clone, Debug)]
pub struct Class {
    pub name: String,
    pub kind: Kind,
    pub inherit: Inherit,
    pub reach: Reach,
    /// What a number counts: numbers with different values of this class
    /// pass nothing to each other (a count of forms is no breakdown of a
    /// count of dossiers). At most one class is the identity.
    pub identity: bool,
    /// Value pairs of the identity class that still go together ("người"
    /// and "cán bộ, công chức": a generic and a specific word for people).
    pub compatible: Vec<(u16, u16)>,
    /// Two values of this class joined by "," or "và" in one label state
    /// two figures of one number ("số hóa hồ sơ, kết quả giải quyết TTHC
    /// đạt trên 90%": the input and the result rates).
    pub coordinate: bool,
    /// A derived class: set ("yes") on a number of a sentence in which
    /// another number (not its breakdown's parent) has this (class, value):
    /// "hài lòng" beside "rất hài lòng" is one rating level.
    pub sibling: Option<(u16, u16)>,
    /// Says who set a goal or figure, not what is counted ("UBND tỉnh
    /// giao"): a number whose own words are only such is still bare and
    /// restates the figure before it ("vượt chỉ tiêu tỉnh giao (80%)").
    pub aside: bool,
    pub values: Vec<String>,
}

/// What a number written right before a cue is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitWord {
    /// One of [`UNITS`].
    Unit(&'static str),
    /// Not a figure's unit ("xã", "ngày", "cuộc"): the number is not a figure.
    Block,
}

/// A number stated in words by a cue ("không có hồ sơ trễ hạn" = 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Textual {
    /// "không có", "không để xảy ra": a count of 0.
    Zero,
    /// "toàn bộ", "tất cả": a share of 100 %.
    All,
    /// ": không" closing a label's clause ("Quá hạn: không"): a count of 0
    /// of what the label names.
    ZeroLabel,
}

/// One cue: the features it sets and what it says of a number beside it.
#[derive(Clone, Debug)]
pub struct Cue {
    /// (class, value) pairs, indices into [`Lexicon::classes`].
    pub sets: Vec<(u16, u16)>,
    pub unit: Option<UnitWord>,
    pub textual: Option<Textual>,
    /// Second values of coordinate classes the cue states ("hồ sơ, kết quả
    /// giải quyết": input and result).
    pub also: Vec<(u16, u16)>,
    /// A qualifier that follows its number ("từ 90% trở lên").
    pub after: bool,
    /// A number right after this cue is a reference, not a figure ("năm
    /// 2024", "Nghị định 61", "Kế hoạch số 12", "mức độ 3").
    pub prefix_block: bool,
    /// Names a kind of administrative unit or level ("xã", "cấp huyện"):
    /// the words from it on name the scope of a breakdown item or of a
    /// table's group row ("Xã An Phú", "Cấp huyện").
    pub place: bool,
    /// The first form, for debug output.
    pub label: String,
    pub line: usize,
}

impl Cue {
    /// A noun of something no indicator counts ("hội nghị", "vấn đề",
    /// "lĩnh vực"): a unit word that blocks its number and says nothing
    /// else, and names no place.
    pub fn counts_other(&self) -> bool {
        self.unit == Some(UnitWord::Block) && self.sets.is_empty() && !self.place
    }
}

/// A cue found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub cue: u32,
}

pub struct Lexicon {
    pub classes: Vec<Class>,
    pub cues: Vec<Cue>,
    /// Examples with the line of the entry that holds them.
    pub examples: Vec<(usize, Example)>,
    ac: AhoCorasick,
    /// Pattern index → cue index.
    pattern_cue: Vec<u32>,
    by_name: HashMap<String, u16>,
    /// Per unit word's unit: the units of the indicators it may state
    /// ("người" counts forms too); a unit not listed states only itself.
    fits: HashMap<&'static str, Vec<&'static str>>,
    pub file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    #[serde(default)]
    units: std::collections::BTreeMap<String, Vec<String>>,
    class: Vec<toml::Spanned<ClassDef>>,
    cue: Vec<toml::Spanned<CueDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassDef {
    name: String,
    kind: Kind,
    #[serde(default)]
    inherit: Vec<String>,
    #[serde(default)]
    reach: Reach,
    #[serde(default)]
    coordinate: bool,
    #[serde(default)]
    identity: bool,
    #[serde(default)]
    compatible: Vec<(String, String)>,
    #[serde(default)]
    sibling: Option<toml::Table>,
    #[serde(default)]
    aside: bool,
    #[serde(default)]
    #[allow(dead_code)]
    doc: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueDef {
    forms: Vec<String>,
    #[serde(default)]
    set: toml::Table,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    textual: Option<Textual>,
    #[serde(default)]
    after: bool,
    #[serde(default)]
    prefix_block: bool,
    #[serde(default)]
    place: bool,
    #[serde(default)]
    examples: Vec<Example>,
    #[serde(default)]
    #[allow(dead_code)]
    why: String,
}

/// A form as the matcher sees it: folded like `match_text`, lower-cased,
/// one space between words.
pub fn normalize_form(form: &str) -> String {
    let folded = crate::segment::folding::fold(form, &[]);
    let lower = crate::extract::lower::to_lowercase(&folded);
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Lexicon {
    pub fn parse(file: &str, src: &str) -> Result<Lexicon> {
        let def: FileDef = toml::from_str(src).with_context(|| format!("{file}: not valid"))?;
        let mut classes = Vec::new();
        let mut by_name = HashMap::new();
        let mut derived: Vec<(usize, toml::Table, usize)> = Vec::new();
        // (class, its compatible value pairs, line)
        type Compat = (usize, Vec<(String, String)>, usize);
        let mut compat: Vec<Compat> = Vec::new();
        for c in def.class {
            let line = line_at(src, c.span().start);
            let c = c.into_inner();
            if !c.compatible.is_empty() {
                compat.push((classes.len(), c.compatible.clone(), line));
            }
            if let Some(of) = &c.sibling {
                if c.kind != Kind::Feature {
                    bail!("{file}:{line}: only a feature class can be derived");
                }
                derived.push((classes.len(), of.clone(), line));
            }
            let mut inherit = Inherit::default();
            for i in &c.inherit {
                match i.as_str() {
                    "parent" => inherit.parent = true,
                    "sentence" => inherit.sentence = true,
                    "context" => inherit.context = true,
                    other => bail!(
                        "{file}:{line}: unknown inherit '{other}' (parent, sentence, context)"
                    ),
                }
            }
            if inherit != Inherit::default() && c.kind != Kind::Feature {
                bail!("{file}:{line}: only feature classes are inherited");
            }
            if by_name
                .insert(c.name.clone(), classes.len() as u16)
                .is_some()
            {
                bail!("{file}:{line}: class '{}' declared twice", c.name);
            }
            classes.push(Class {
                name: c.name,
                kind: c.kind,
                inherit,
                reach: c.reach,
                coordinate: c.coordinate,
                aside: c.aside,
                identity: c.identity,
                compatible: Vec::new(),
                sibling: None,
                values: if c.sibling.is_some() {
                    vec!["yes".to_string()]
                } else {
                    Vec::new()
                },
            });
        }
        // Resolved after the cues, which declare the values.
        let mut pending_derived = Vec::new();
        for (ci, table, line) in derived {
            let Some((k, v)) = table.iter().next().filter(|_| table.len() == 1) else {
                bail!("{file}:{line}: sibling names one class and value");
            };
            let Some(&o) = by_name.get(k) else {
                bail!("{file}:{line}: sibling names '{k}', not a class");
            };
            pending_derived.push((ci, o, v.as_str().unwrap_or("").to_string(), line));
        }
        let mut cues = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_cue = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut examples = Vec::new();
        for c in def.cue {
            let line = line_at(src, c.span().start);
            let c = c.into_inner();
            let at = format!("{file}:{line}");
            if c.forms.is_empty() {
                bail!("{at}: a cue needs at least one form");
            }
            let mut sets = Vec::new();
            let mut also = Vec::new();
            for (k, v) in &c.set {
                let Some(&ci) = by_name.get(k) else {
                    bail!("{at}: unknown class '{k}'");
                };
                // Two values: a coordinate class stated of both.
                let (v, second) = match v {
                    toml::Value::String(s) => (s.as_str(), None),
                    toml::Value::Array(a) if a.len() == 2 && classes[ci as usize].coordinate => {
                        match (a[0].as_str(), a[1].as_str()) {
                            (Some(x), Some(y)) => (x, Some(y)),
                            _ => bail!("{at}: the values of '{k}' must be strings"),
                        }
                    }
                    _ => bail!("{at}: the value of '{k}' must be a string (two only for a coordinate class)"),
                };
                let class = &mut classes[ci as usize];
                if pending_derived.iter().any(|d| d.0 == ci as usize) {
                    bail!("{at}: '{k}' is derived; no cue sets it");
                }
                let ok = match class.kind {
                    Kind::Role | Kind::HeaderRole => role_value(v).is_some(),
                    Kind::Qualifier => qualifier_value(v).is_some(),
                    Kind::Change => matches!(v, "delta" | "from" | "to" | "from_to"),
                    _ => true,
                };
                if !ok {
                    bail!(
                        "{at}: '{v}' is not a value of the {:?} class '{k}'",
                        class.kind
                    );
                }
                let vi = match class.values.iter().position(|x| x == v) {
                    Some(i) => i,
                    None => {
                        class.values.push(v.to_string());
                        class.values.len() - 1
                    }
                };
                sets.push((ci, vi as u16));
                if let Some(y) = second {
                    let class = &mut classes[ci as usize];
                    let yi = match class.values.iter().position(|x| x == y) {
                        Some(i) => i,
                        None => {
                            class.values.push(y.to_string());
                            class.values.len() - 1
                        }
                    };
                    also.push((ci, yi as u16));
                }
            }
            let unit = match c.unit.as_deref() {
                None => None,
                Some("none") => Some(UnitWord::Block),
                Some(u) => match UNITS.iter().find(|&&x| x == u) {
                    Some(&u) => Some(UnitWord::Unit(u)),
                    None => bail!("{at}: unknown unit '{u}' ({} or none)", UNITS.join(", ")),
                },
            };
            if sets.is_empty() && unit.is_none() && c.textual.is_none() && !c.prefix_block {
                bail!("{at}: the cue sets nothing");
            }
            let ci = cues.len() as u32;
            for f in &c.forms {
                let n = normalize_form(f);
                if n.is_empty() {
                    bail!("{at}: empty form");
                }
                if let Some(prev) = seen.insert(n.clone(), line) {
                    bail!("{at}: form '{f}' is already a form of the cue at line {prev}");
                }
                patterns.push(n);
                pattern_cue.push(ci);
            }
            for e in c.examples {
                examples.push((line, e));
            }
            cues.push(Cue {
                sets,
                unit,
                textual: c.textual,
                after: c.after,
                also,
                prefix_block: c.prefix_block,
                place: c.place,
                label: c.forms[0].clone(),
                line,
            });
        }
        for (ci, o, v, line) in pending_derived {
            let Some(vi) = classes[o as usize].values.iter().position(|x| *x == v) else {
                bail!(
                    "{file}:{line}: no cue sets {} = '{v}'",
                    classes[o as usize].name
                );
            };
            classes[ci].sibling = Some((o, vi as u16));
        }
        if classes.iter().filter(|c| c.identity).count() > 1 {
            bail!("{file}: more than one identity class");
        }
        for (ci, pairs, line) in compat {
            for (a, b) in pairs {
                let find = |v: &str| {
                    classes[ci]
                        .values
                        .iter()
                        .position(|x| x == v)
                        .map(|i| i as u16)
                };
                match (find(&a), find(&b)) {
                    (Some(x), Some(y)) => classes[ci].compatible.push((x, y)),
                    _ => bail!("{file}:{line}: compatible pair '{a}', '{b}': no cue sets both"),
                }
            }
        }
        let mut fits = HashMap::new();
        for (u, list) in &def.units {
            let Some(&u) = UNITS.iter().find(|x| **x == u.as_str()) else {
                bail!(
                    "{file}: [units] names '{u}', not a unit ({})",
                    UNITS.join(", ")
                );
            };
            let mut v = Vec::new();
            for x in list {
                match UNITS.iter().find(|y| **y == x.as_str()) {
                    Some(&y) => v.push(y),
                    None => bail!("{file}: [units] {u} lists '{x}', not a unit"),
                }
            }
            fits.insert(u, v);
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .with_context(|| format!("{file}: building the cue automaton"))?;
        Ok(Lexicon {
            classes,
            cues,
            examples,
            ac,
            pattern_cue,
            by_name,
            fits,
            file: file.to_string(),
        })
    }

    /// The identity class ("object") and whether two of its values go
    /// together.
    pub fn identity(&self) -> Option<u16> {
        self.classes
            .iter()
            .position(|c| c.identity)
            .map(|i| i as u16)
    }

    pub fn same_thing(&self, class: u16, a: u16, b: u16) -> bool {
        a == b || {
            let c = &self.classes[class as usize].compatible;
            c.contains(&(a, b)) || c.contains(&(b, a))
        }
    }

    pub fn class(&self, name: &str) -> Option<u16> {
        self.by_name.get(name).copied()
    }

    /// Index of `value` in class `class`, if any cue sets it.
    pub fn value(&self, class: u16, value: &str) -> Option<u16> {
        self.classes[class as usize]
            .values
            .iter()
            .position(|v| v == value)
            .map(|i| i as u16)
    }

    /// Every cue in `view[start..end]` (a lower-cased view of the text, see
    /// [`cue_view`]), on word boundaries, longest first, not overlapping.
    pub fn find(&self, view: &[u8], start: usize, end: usize, out: &mut Vec<Hit>) {
        let end = end.min(view.len());
        if start >= end {
            return;
        }
        // Forms have one space between words; the text may have several
        // (a double space, a NBSP read as two, a PDF's spacing). The
        // automaton runs on the text with runs of spaces squeezed, and the
        // hits are mapped back: `shifts` holds, for each place a run was
        // squeezed, the squeezed offset from which `removed` more bytes lie
        // before (sparse: nothing when the text has no double space).
        let mut squeezed: Vec<u8> = Vec::new();
        let mut shifts: Vec<(usize, usize)> = Vec::new();
        let text = if view[start..end].windows(2).any(|w| w == b"  ") {
            squeezed.reserve(end - start);
            let mut removed = 0;
            for i in start..end {
                if view[i] == b' ' && i > start && view[i - 1] == b' ' {
                    removed += 1;
                    continue;
                }
                if shifts.last().map_or(removed > 0, |&(_, r)| r != removed) {
                    shifts.push((squeezed.len(), removed));
                }
                squeezed.push(view[i]);
            }
            &squeezed[..]
        } else {
            &view[start..end]
        };
        let back = |p: usize| {
            let k = shifts.partition_point(|&(at, _)| at <= p);
            start + p + if k == 0 { 0 } else { shifts[k - 1].1 }
        };
        let n = text.len();
        let mut at = 0;
        while at < n {
            let input = aho_corasick::Input::new(text).range(at..n);
            let Some(m) = self.ac.find(input) else { break };
            let (s, e) = (m.start(), m.end());
            // A form that starts or ends with a sign (": không", "≥") needs
            // no word boundary on that side.
            let word_start = char_at(text, s).is_some_and(word_char);
            let word_end = char_before(text, e).is_some_and(word_char);
            // The `>` closing an inline tag a text export kept ("<i>100%")
            // is markup, not "more than".
            let tag_end = text[s] == b'>' && closes_inline_tag(&text[..s]);
            if !tag_end
                && (!word_start || boundary_before(text, s))
                && (!word_end || boundary_after(text, e))
            {
                out.push(Hit {
                    start: back(s),
                    // The last byte of the form is in the text; the one after
                    // it may lie past a squeezed run.
                    end: back(e - 1) + 1,
                    cue: self.pattern_cue[m.pattern().as_usize()],
                });
                at = e;
            } else {
                // Inside a longer word: look again from the next char.
                at = s + utf8_len(text[s]);
            }
        }
    }

    /// May a number written with a unit word of `unit` state an indicator
    /// counted in `indicator_unit`?
    pub fn unit_fits(&self, unit: &str, indicator_unit: &str) -> bool {
        unit == indicator_unit
            || self
                .fits
                .get(unit)
                .is_some_and(|v| v.contains(&indicator_unit))
    }

    /// The value name of a (class, value) pair.
    pub fn value_name(&self, class: u16, value: u16) -> &str {
        &self.classes[class as usize].values[value as usize]
    }
}

/// `before` ends with the opening of an inline HTML tag ("<i", "</b",
/// "<em"): a `<`, an optional `/`, one to six ASCII letters.
pub(crate) fn closes_inline_tag(before: &[u8]) -> bool {
    let name = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let rest = &before[..before.len() - name];
    let rest = rest.strip_suffix(b"/").unwrap_or(rest);
    (1..=6).contains(&name) && rest.ends_with(b"<")
}

fn utf8_len(b: u8) -> usize {
    match b {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// The char that ends just before `i`, from the bytes of valid UTF-8.
pub(crate) fn char_before(view: &[u8], i: usize) -> Option<char> {
    let mut s = i.checked_sub(1)?;
    while s > 0 && view[s] & 0xc0 == 0x80 {
        s -= 1;
    }
    std::str::from_utf8(&view[s..i]).ok()?.chars().next()
}

pub(crate) fn char_at(view: &[u8], i: usize) -> Option<char> {
    let n = utf8_len(*view.get(i)?);
    std::str::from_utf8(view.get(i..i + n)?)
        .ok()?
        .chars()
        .next()
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn boundary_before(view: &[u8], i: usize) -> bool {
    !char_before(view, i).is_some_and(word_char)
}

fn boundary_after(view: &[u8], i: usize) -> bool {
    !char_at(view, i).is_some_and(word_char)
}

pub fn role_value(v: &str) -> Option<Role> {
    Some(match v {
        "actual" => Role::Actual,
        "target" => Role::Target,
        "baseline" => Role::Baseline,
        _ => return None,
    })
}

pub fn qualifier_value(v: &str) -> Option<Qualifier> {
    Some(match v {
        "gt" => Qualifier::Gt,
        "ge" => Qualifier::Ge,
        "lt" => Qualifier::Lt,
        "le" => Qualifier::Le,
        "approx" => Qualifier::Approx,
        _ => return None,
    })
}

/// The view cues are matched in: `match_text` lower-cased (same offsets),
/// with every space other than a line break or a cell's tab as one ASCII
/// space per byte, so "hồ sơ" written with a no-break space still matches.
pub fn cue_view(match_text: &str, out: &mut Vec<u8>) {
    let mut wide = Vec::new();
    crate::extract::lower::lowercase(match_text, out, &mut wide);
    for (i, n) in wide {
        out[i..i + usize::from(n)].fill(b' ');
    }
    // NBSP (C2 A0) is kept by `lowercase`; cues read it as a space.
    let mut i = 0;
    while i + 1 < out.len() {
        if out[i] == 0xc2 && out[i + 1] == 0xa0 {
            out[i] = b' ';
            out[i + 1] = b' ';
            i += 2;
        } else {
            i += 1;
        }
    }
    for b in out.iter_mut() {
        if *b == b'\r' {
            *b = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"
[[class]]
name = "object"
kind = "feature"
inherit = ["parent", "sentence"]

[[class]]
name = "state"
kind = "feature"

[[cue]]
forms = ["hồ sơ", "bộ hồ sơ"]
set = { object = "ho_so" }
unit = "ho_so"

[[cue]]
forms = ["giải quyết", "đã giải quyết"]
set = { state = "resolved" }

[[cue]]
forms = ["xã"]
unit = "none"
"#;

    #[test]
    fn finds_cues_on_word_boundaries_longest_first() {
        let lx = Lexicon::parse("t.toml", SRC).unwrap();
        let text = "Đã giải quyết 12 bộ hồ sơ, hồ sơn, 3 xã";
        let mut view = Vec::new();
        cue_view(text, &mut view);
        let mut hits = Vec::new();
        lx.find(&view, 0, view.len(), &mut hits);
        let found: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(found, ["Đã giải quyết", "bộ hồ sơ", "xã"]);
        assert_eq!(
            lx.cues[hits[1].cue as usize].unit,
            Some(UnitWord::Unit("ho_so"))
        );
    }

    #[test]
    fn forms_match_across_runs_of_spaces() {
        let lx = Lexicon::parse("t.toml", SRC).unwrap();
        // A double space and a NBSP inside a form, and a run before it.
        for text in [
            "Đã  giải quyết 12 bộ hồ\u{a0}sơ",
            "x   Đã giải   quyết 3 hồ sơ",
        ] {
            let mut view = Vec::new();
            cue_view(text, &mut view);
            let mut hits = Vec::new();
            lx.find(&view, 0, view.len(), &mut hits);
            let found: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
            let want: Vec<&str> = if text.starts_with('x') {
                vec!["Đã giải   quyết", "hồ sơ"]
            } else {
                vec!["Đã  giải quyết", "bộ hồ\u{a0}sơ"]
            };
            assert_eq!(found, want, "{text}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        let bad = SRC.replace("state = \"resolved\"", "stat = \"resolved\"");
        let e = Lexicon::parse("t.toml", &bad).err().unwrap().to_string();
        // The line of the `[[cue]]` table that holds the bad key.
        assert!(e.contains("t.toml:16") && e.contains("stat"), "{e}");
        let dup = format!("{SRC}\n[[cue]]\nforms = [\"Hồ sơ\"]\nset = {{ object = \"x\" }}\n");
        let e = Lexicon::parse("t.toml", &dup).err().unwrap().to_string();
        assert!(e.contains("already"), "{e}");
    }
}
