//! Loading and compiling the rules of `patterns/*.toml` (extract stage).
//!
//! A rule file holds `[[rule]]` tables (format in `docs/extract.md` and at
//! the top of each file); `macros.toml` holds `{NAME}` placeholders that are
//! expanded in every pattern before it is compiled. The whole set is
//! compiled once into a [`RuleSet`]: one regex per alternative of each
//! rule plus one keyword [`Gate`] that selects, per sentence, the few worth
//! running (and a smaller one over the fixed-value rules, for sentences
//! without digits).

use std::collections::BTreeMap;
use std::path::Path;

use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{anyhow, bail, Context, Result};
use regex::Regex;
use regex_automata::{meta, MatchKind};
use regex_syntax::hir::{Hir, HirKind};
use std::sync::OnceLock;

use crate::extract::gate::Gate;
use crate::extract::lower;
use serde::Deserialize;

use crate::model::{DocKind, Qualifier, Role};

/// Files of `patterns/` that are not extraction rules: stated-share
/// wordings (read by `extract::shares`), the compositional reader's
/// lexicon, decisions and indicator registry, and the validator's relations.
pub const NOT_RULE_FILES: &[&str] = &[
    "relations.toml",
    "shares.toml",
    "lexicon.toml",
    "decisions.toml",
    "indicators.toml",
];

/// `(name, text)` of pattern files embedded at compile time.
macro_rules! pattern_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../patterns/", $name)))),*]
    };
}

/// The pattern files compiled into the binary, so it runs from anywhere.
pub const BUILTIN: &[(&str, &str)] = pattern_files![
    "macros.toml",
    "budget.toml",
    "investment.toml",
    "par_index.toml",
    "dti.toml",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    macros: BTreeMap<String, String>,
    #[serde(default, rename = "rule")]
    rules: Vec<RuleDef>,
}

/// One `[[rule]]` table as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub indicator: String,
    /// More indicators the same number also states ("số hóa đầu vào và
    /// đầu ra đạt 100%").
    #[serde(default)]
    pub also: Vec<String>,
    pub unit: String,
    pub pattern: String,
    /// Higher wins when two rules claim the same number.
    #[serde(default)]
    pub priority: i32,
    /// Forces the role (otherwise it comes from the context).
    #[serde(default)]
    pub role: Option<Role>,
    /// Fixed multiplier ("Triệu đồng" rows).
    #[serde(default)]
    pub scale: Option<f64>,
    /// Fixed value when the text states it in words the rule itself
    /// recognises ("không có hồ sơ trễ hạn" = 0).
    #[serde(default)]
    pub value: Option<f64>,
    /// Indicator for the `den` group ("3945/3954": the 3954).
    #[serde(default)]
    pub den_indicator: Option<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

/// Text the rule must read, with the value (and role, qualifier) expected.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    pub value: f64,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub qualifier: Option<Qualifier>,
    /// Read the example as this kind of document (default: a báo cáo).
    #[serde(default)]
    pub kind: Option<DocKind>,
}

/// A compiled rule: one regex per top-level alternative of its pattern, so
/// that every alternative may name its own `value` group and finds all of
/// its matches.
pub struct Rule {
    pub def: RuleDef,
    /// File the rule came from ("dossiers.toml").
    pub file: String,
    pub regexes: Vec<Alternative>,
}

/// One alternative of a rule. A `meta::Regex` rather than a `regex::Regex`
/// (the same engine underneath) so that each thread passes its own cache
/// (see `engine`); the named groups the engine reads are looked up once here.
///
/// The pattern is parsed (and so checked) when the rules are loaded, but its
/// automaton is built the first time the gate selects it ([`Self::regex`]):
/// a document compiles only the alternatives its sentences can match, which
/// was most of the start-up of a one-page file.
pub struct Alternative {
    /// The pattern's syntax tree, lowered ([`lower::lower_hir`]).
    hir: Hir,
    regex: OnceLock<meta::Regex>,
    /// The pattern as compiled (after `relax`).
    pub pattern: String,
    pub value: Option<usize>,
    pub den: Option<usize>,
    pub scale: Option<usize>,
    pub scope: Option<usize>,
}

impl Alternative {
    /// Compiled as `regex::RegexBuilder` compiles a `Regex` with
    /// `case_insensitive(true)`, `size_limit` and `dfa_size_limit`, then
    /// made to search the lower-cased text case-sensitively
    /// ([`lower::lower_hir`]): the same matches, with smaller automata and
    /// literal prefilters that work.
    fn new(pattern: String) -> Result<Alternative> {
        // The wording of `regex::Error`, which rule authors know.
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(&pattern)
            .map_err(|e| anyhow!("{e}"))?;
        let hir = lower::lower_hir(&hir);
        // The group indices the compiled regex will have: those of the tree.
        let mut groups = Vec::new();
        capture_names(&hir, &mut groups);
        let group = |name: &str| {
            groups
                .iter()
                .find(|(n, _)| n.as_ref() == name)
                .map(|&(_, i)| i as usize)
        };
        Ok(Alternative {
            value: group("value"),
            den: group("den"),
            scale: group("scale"),
            scope: group("scope"),
            hir,
            regex: OnceLock::new(),
            pattern,
        })
    }

    /// The compiled regex, built on first use.
    pub fn regex(&self) -> &meta::Regex {
        self.regex.get_or_init(|| {
            self.build()
                .expect("the rules' automata are built by `cargo test` and `cchc patterns test`")
        })
    }

    /// Build the automaton now if it is not built yet, saying why it cannot
    /// be (too large).
    pub fn compile(&self) -> Result<()> {
        if self.regex.get().is_none() {
            let _ = self.regex.set(self.build()?);
        }
        Ok(())
    }

    fn build(&self) -> Result<meta::Regex> {
        meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .utf8_empty(true)
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .hybrid_cache_capacity(SIZE_LIMIT),
            )
            .build_from_hir(&self.hir)
            .map_err(|e| {
                if let Some(limit) = e.size_limit() {
                    anyhow!("Compiled regex exceeds size limit of {limit} bytes.")
                } else {
                    anyhow!("{e}")
                }
            })
    }
}

/// `(name, index)` of every named group of `h`.
fn capture_names(h: &Hir, out: &mut Vec<(Box<str>, u32)>) {
    match h.kind() {
        HirKind::Capture(c) => {
            if let Some(n) = &c.name {
                out.push((n.clone(), c.index));
            }
            capture_names(&c.sub, out);
        }
        HirKind::Repetition(r) => capture_names(&r.sub, out),
        HirKind::Concat(xs) | HirKind::Alternation(xs) => {
            xs.iter().for_each(|x| capture_names(x, out))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

impl Rule {
    /// `indicator/rule-id`, as figures name their rule.
    pub fn name(&self) -> String {
        format!("{}/{}", self.def.indicator, self.def.id)
    }
}

/// Every rule, compiled once; `Sync`, shared by all threads.
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Which alternatives of which rules can match a unit.
    pub gate: Gate,
    /// For each alternative of `gate`: (rule index, alternative index).
    pub set_map: Vec<(usize, usize)>,
    /// Some rule states its value in words (`value = 0`), so sentences
    /// without digits must still be read.
    pub has_fixed_values: bool,
    /// The gate over those rules' alternatives only, for sentences without
    /// digits (most of a report), with their indices into `set_map`.
    pub fixed_gate: Gate,
    pub fixed_map: Vec<usize>,
    /// Unique per compiled set: names the set whose caches a thread holds.
    pub(crate) id: u64,
}

/// Source of [`RuleSet::id`].
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

const SIZE_LIMIT: usize = 256 << 20;

impl RuleSet {
    /// The rules compiled into the binary.
    pub fn builtin() -> Result<RuleSet> {
        Self::from_sources(
            BUILTIN
                .iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect(),
        )
    }

    /// Every `*.toml` of a folder (sorted by name), e.g. `patterns/`.
    pub fn from_dir(dir: &Path) -> Result<RuleSet> {
        let mut files = Vec::new();
        for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "toml") {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if NOT_RULE_FILES.contains(&name.as_str()) {
                    continue;
                }
                let src = std::fs::read_to_string(&p)
                    .with_context(|| format!("reading {}", p.display()))?;
                // The folder also holds other tables (relations.toml,
                // shares.toml): only files of `[[rule]]`/`[macros]` are rules.
                if is_rule_file(&src) {
                    files.push((name, src));
                }
            }
        }
        files.sort();
        let set = Self::from_sources(files)?;
        // A folder being written is checked whole, not as documents need it.
        set.compile_all()?;
        Ok(set)
    }

    /// Build every alternative's automaton now (they are otherwise built
    /// when a document first needs them), saying which rule cannot be.
    pub fn compile_all(&self) -> Result<()> {
        for r in &self.rules {
            for alt in &r.regexes {
                alt.compile()
                    .with_context(|| format!("patterns/{}: rule {}", r.file, r.def.id))?;
            }
        }
        Ok(())
    }

    /// Compile named TOML sources: macros from every file first, then rules
    /// in file order.
    pub fn from_sources(files: Vec<(String, String)>) -> Result<RuleSet> {
        let mut parsed = Vec::new();
        let mut macros = BTreeMap::new();
        for (name, src) in &files {
            let f: RuleFile = toml::from_str(src).with_context(|| format!("patterns/{name}"))?;
            macros.extend(f.macros.clone());
            parsed.push((name.clone(), f));
        }
        let mut rules = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (name, f) in parsed {
            for def in f.rules {
                if !seen.insert(def.id.clone()) {
                    bail!("patterns/{name}: rule id '{}' is used twice", def.id);
                }
                let pattern = expand(&def.pattern, &macros)
                    .with_context(|| format!("patterns/{name}: rule {}", def.id))?;
                let mut regexes = Vec::new();
                for alt in split_alternatives(&pattern) {
                    let regex = Alternative::new(relax(alt))
                        .with_context(|| format!("patterns/{name}: rule {}", def.id))?;
                    if def.value.is_none() && regex.value.is_none() {
                        bail!(
                            "patterns/{name}: rule {}: an alternative has no (?P<value>…) group and the rule no fixed value",
                            def.id
                        );
                    }
                    regexes.push(regex);
                }
                rules.push(Rule {
                    def,
                    file: name.clone(),
                    regexes,
                });
            }
        }
        let mut set_map = Vec::new();
        let mut sources = Vec::new();
        for (ri, r) in rules.iter().enumerate() {
            for (ai, re) in r.regexes.iter().enumerate() {
                set_map.push((ri, ai));
                sources.push(re.pattern.as_str());
            }
        }
        let fixed_map: Vec<usize> = (0..set_map.len())
            .filter(|&si| rules[set_map[si].0].def.value.is_some())
            .collect();
        let fixed_gate = Gate::new(fixed_map.iter().map(|&si| sources[si]))
            .context("compiling the rule gate")?;
        let gate = Gate::new(sources).context("compiling the rule gate")?;
        let has_fixed_values = !fixed_map.is_empty();
        Ok(RuleSet {
            rules,
            gate,
            set_map,
            has_fixed_values,
            fixed_gate,
            fixed_map,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }
}

/// `[^…]{0,80}` → `[^…]*` (and `{m,n}` → `{m,}`) for negated classes only.
///
/// A negated class is a large Unicode automaton; counted eighty times it
/// makes the lazy DFA thrash and fall back to the slow engine. Matches are
/// bounded by their unit (one sentence or table row) anyway, so the bound
/// adds little; the other counted repeats (`[0-9]{1,3}`) keep their bounds.
pub fn relax(p: &str) -> String {
    let re = Regex::new(r"^\{([0-9]+),([0-9]+)\}").expect("static regex");
    let mut out = String::with_capacity(p.len());
    let (mut in_class, mut negated, mut escaped, mut after_negated) = (false, false, false, false);
    let mut i = 0;
    while i < p.len() {
        let c = p[i..].chars().next().unwrap_or(' ');
        if escaped {
            escaped = false;
            out.push(c);
            i += c.len_utf8();
            after_negated = false;
            continue;
        }
        if c == '{' && after_negated {
            if let Some(caps) = re.captures(&p[i..]) {
                match &caps[1] {
                    "0" => out.push('*'),
                    "1" => out.push('+'),
                    lo => {
                        out.push('{');
                        out.push_str(lo);
                        out.push_str(",}");
                    }
                }
                i += caps[0].len();
                after_negated = false;
                continue;
            }
        }
        after_negated = false;
        match c {
            '\\' => escaped = true,
            '[' if !in_class => {
                in_class = true;
                negated = p[i + 1..].starts_with('^');
            }
            ']' if in_class => {
                in_class = false;
                after_negated = negated;
            }
            _ => {}
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// True for a TOML file whose top-level keys are only `rule` and `macros`
/// (a file that does not parse is kept, so its error is reported).
fn is_rule_file(src: &str) -> bool {
    match src.parse::<toml::Table>() {
        Ok(t) => !t.is_empty() && t.keys().all(|k| k == "rule" || k == "macros"),
        Err(_) => true,
    }
}

/// Split a pattern at its top-level `|` (outside groups and classes).
pub fn split_alternatives(p: &str) -> Vec<&str> {
    if let Some(inner) = p.strip_prefix("(?:").and_then(|r| r.strip_suffix(')')) {
        if split_alternatives_raw(&format!("({inner})")).len() == 1 && balanced(inner) {
            return split_alternatives(inner);
        }
    }
    split_alternatives_raw(p)
}

/// True when the groups of `p` open and close in order.
fn balanced(p: &str) -> bool {
    let (mut depth, mut in_class, mut escaped) = (0i32, false, false);
    for c in p.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

fn split_alternatives_raw(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut in_class, mut escaped, mut start) = (0i32, false, false, 0);
    for (i, c) in p.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth -= 1,
            '|' if !in_class && depth == 0 => {
                out.push(&p[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&p[start..]);
    out
}

/// Replace `{NAME}` (upper-case letters, digits, `_`) by its macro, to a
/// fixed depth so that a macro may use earlier ones. Counted repeats like
/// `{1,3}` are left alone.
pub fn expand(pattern: &str, macros: &BTreeMap<String, String>) -> Result<String> {
    let re = Regex::new(r"\{([A-Z][A-Z0-9_]*)\}").expect("static regex");
    let mut out = pattern.to_string();
    for _ in 0..8 {
        if !re.is_match(&out) {
            return Ok(out);
        }
        let mut missing = None;
        out = re
            .replace_all(&out, |c: &regex::Captures| match macros.get(&c[1]) {
                Some(m) => m.clone(),
                None => {
                    missing = Some(c[1].to_string());
                    String::new()
                }
            })
            .into_owned();
        if let Some(m) = missing {
            bail!("unknown macro {{{m}}}");
        }
    }
    bail!("macros nest too deeply")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn macros_expand_and_leave_counted_repeats() {
        let mut m = BTreeMap::new();
        m.insert("NUM".to_string(), "[0-9]+".to_string());
        m.insert("VAL".to_string(), "(?P<value>{NUM})".to_string());
        assert_eq!(
            expand("a{VAL}[0-9]{1,3}", &m).unwrap(),
            "a(?P<value>[0-9]+)[0-9]{1,3}"
        );
        assert!(expand("{NOPE}", &m).is_err());
    }

    /// A small rule file beside the built-in ones: most core figures are
    /// read by the compositional reader now, and the phrase rules left
    /// hold no fixed-value rule, so the digitless gate is tested here.
    pub(crate) fn sample() -> RuleSet {
        const T: &str = r#"
[[rule]]
id = "khong-tiep-nhan-pakn"
indicator = "feedback.received"
unit = "count"
value = 0
pattern = '(?:không\s+(?:có\s+)?(?:tiếp\s+nhận|nhận\s+được)\s+(?:phản\s+ánh|kiến\s+nghị))'
examples = [{ text = "Trong năm không tiếp nhận phản ánh, kiến nghị nào.", value = 0 }]
counterexamples = ["tiếp nhận phản ánh, kiến nghị kịp thời"]

[[rule]]
id = "nhan-n-pakn"
indicator = "feedback.received"
unit = "count"
pattern = '(?:tiếp\s+nhận|nhận\s+được)\s+{VAL}\s+(?:phản\s+ánh|kiến\s+nghị)'
examples = [{ text = "nhận được 12 kiến nghị của người dân", value = 12 }]
"#;
        let mut files: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        files.push(("sample.toml".to_string(), T.to_string()));
        RuleSet::from_sources(files).unwrap()
    }

    #[test]
    fn builtin_rules_compile() {
        let rs = RuleSet::builtin().unwrap();
        rs.compile_all().unwrap();
        // The groups read from the syntax tree are those of the automaton.
        for alt in rs.rules.iter().flat_map(|r| &r.regexes) {
            let info = alt.regex().group_info();
            let group = |n: &str| info.to_index(regex_automata::PatternID::ZERO, n);
            assert_eq!(
                (alt.value, alt.den, alt.scale, alt.scope),
                (group("value"), group("den"), group("scale"), group("scope")),
                "{}",
                alt.pattern
            );
        }
        assert!(rs.rules.len() > 10);
        assert!(
            rs.gate.ungated() * 10 < rs.set_map.len(),
            "most rules are gated"
        );
    }

    #[test]
    fn the_digitless_gate_holds_exactly_the_fixed_value_rules() {
        let rs = sample();
        let fixed: Vec<usize> = (0..rs.set_map.len())
            .filter(|&si| rs.rules[rs.set_map[si].0].def.value.is_some())
            .collect();
        assert!(!fixed.is_empty());
        assert_eq!(rs.fixed_map, fixed);
        // Their examples without a digit ("không có hồ sơ trễ hạn") are
        // read through that gate.
        for r in rs.rules.iter().filter(|r| r.def.value.is_some()) {
            for ex in &r.def.examples {
                if ex.text.bytes().any(|b| b.is_ascii_digit()) {
                    continue;
                }
                let kind = ex.kind.unwrap_or(crate::model::DocKind::BaoCao);
                let figures = crate::extract::selftest::figures_of(&rs, &ex.text, kind);
                assert!(
                    figures.iter().any(|f| f.rule == r.name()),
                    "{}: {}",
                    r.def.id,
                    ex.text
                );
            }
        }
    }

    #[test]
    fn alternatives_split_at_top_level_only() {
        assert_eq!(
            split_alternatives(r"a(b|c)[|]\|d|e"),
            vec![r"a(b|c)[|]\|d", "e"]
        );
        assert_eq!(split_alternatives("abc"), vec!["abc"]);
        assert_eq!(split_alternatives("(?:a|b)"), vec!["a", "b"]);
        assert_eq!(split_alternatives("(?:a)|(?:b)"), vec!["(?:a)", "(?:b)"]);
    }

    #[test]
    fn relax_only_negated_class_repeats() {
        assert_eq!(
            relax(r"a[^x.]{0,80}?b[0-9]{1,3}[^\]]{2,5}\[^x]{0,3}"),
            r"a[^x.]*?b[0-9]{1,3}[^\]]{2,}\[^x]{0,3}"
        );
        assert_eq!(relax(r"[^\t\n]{1,40}x{3}"), r"[^\t\n]+x{3}");
    }

    #[test]
    fn only_rule_files_are_rule_files() {
        assert!(is_rule_file("[[rule]]\nid = 'a'\n"));
        assert!(is_rule_file("[macros]\nA = 'b'\n"));
        assert!(!is_rule_file("[[relation]]\nid = 'a'\n[mentions]\n"));
        assert!(is_rule_file("[[rule]\n"));
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let src = r#"
[[rule]]
id = "a"
indicator = "x.y"
unit = "count"
pattern = '(?P<value>[0-9]+)'
[[rule]]
id = "a"
indicator = "x.y"
unit = "count"
pattern = '(?P<value>[0-9]+) b'
"#;
        assert!(RuleSet::from_sources(vec![("t.toml".into(), src.into())]).is_err());
    }
}
