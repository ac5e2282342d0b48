//! `cchc patterns probe DIR…`: measure the reader on blind probe passages
//! (`tests/probe/`, format in `tests/probe/README.md`). Each passage runs
//! through the whole pipeline as a document of its own; its figures are
//! compared with the ones its writer marked, in tiers (value → indicator →
//! role → qualifier → scope), so a drop shows where it happens.
//!
//! `--failures` prints, per passage, what was missed and what was extra:
//! use it on the dev half only — the frozen half is a measure, not a guide.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use cchc::model::{Figure, Qualifier, Role};
use cchc::Pipeline;

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    register: String,
    #[serde(default)]
    note: String,
    text: String,
    figures: Vec<Expected>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    indicator: String,
    value: f64,
    unit: String,
    role: Role,
    #[serde(default)]
    qualifier: Option<Qualifier>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    textual: bool,
    near: String,
}

/// Counts at each tier: how many expected figures were found, how many
/// produced figures were right.
#[derive(Clone, Copy, Default, Serialize)]
pub struct Tally {
    pub expected: usize,
    pub produced: usize,
    /// Expected figures whose value was produced under any indicator.
    pub value: usize,
    /// … with the right indicator.
    pub indicator: usize,
    /// … and role.
    pub role: usize,
    /// … and qualifier.
    pub qualifier: usize,
    /// … and scope.
    pub scope: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.expected += o.expected;
        self.produced += o.produced;
        self.value += o.value;
        self.indicator += o.indicator;
        self.role += o.role;
        self.qualifier += o.qualifier;
        self.scope += o.scope;
    }

    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 {
            1.0
        } else {
            a as f64 / b as f64
        }
    }

    /// Recall of indicator + value + role: the headline measure.
    pub fn recall(&self) -> f64 {
        Self::ratio(self.role, self.expected)
    }

    /// Produced figures that are right (indicator, value, role).
    pub fn precision(&self) -> f64 {
        Self::ratio(self.role, self.produced)
    }
}

#[derive(Serialize)]
struct Report {
    cases: usize,
    total: Tally,
    recall: f64,
    precision: f64,
    by_register: BTreeMap<String, Tally>,
    by_family: BTreeMap<String, Tally>,
}

pub struct Options {
    pub dirs: Vec<PathBuf>,
    pub failures: bool,
    /// Print what the reader made of every number of these cases.
    pub explain: Vec<String>,
    pub json: bool,
    /// Exit 1 when recall or precision falls below these.
    pub min_recall: Option<f64>,
    pub min_precision: Option<f64>,
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

fn scope_matches(e: Option<&str>, p: Option<&str>) -> bool {
    match (e, p) {
        (None, None) => true,
        (Some(e), Some(p)) => {
            let (e, p) = (norm(e), norm(p));
            e.contains(&p) || p.contains(&e)
        }
        _ => false,
    }
}

/// How well a produced figure fits an expected one (higher is better), or
/// None when the indicator or value differ.
fn fit(e: &Expected, p: &Figure) -> Option<u32> {
    if e.indicator != p.indicator || !same(e.value, p.value) {
        return None;
    }
    Some(
        4 * u32::from(e.role == p.role)
            + 2 * u32::from(e.qualifier == p.qualifier)
            + u32::from(scope_matches(e.scope.as_deref(), p.scope.as_deref())),
    )
}

/// Match one case; returns its tally by family and the unmatched figures.
fn score(case: &Case, figures: &[Figure]) -> (BTreeMap<String, Tally>, Vec<Expected>, Vec<Figure>) {
    let mut used = vec![false; figures.len()];
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut missed = Vec::new();
    let family = |id: &str| id.split('.').next().unwrap_or("").to_string();
    // Best fits first, so one loose match does not take a figure that
    // another expected figure fits exactly.
    let mut pairs: Vec<(u32, usize, usize)> = Vec::new();
    for (ei, e) in case.figures.iter().enumerate() {
        for (pi, p) in figures.iter().enumerate() {
            if let Some(f) = fit(e, p) {
                pairs.push((f, ei, pi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut matched: Vec<Option<usize>> = vec![None; case.figures.len()];
    for (_, ei, pi) in pairs {
        if matched[ei].is_none() && !used[pi] {
            matched[ei] = Some(pi);
            used[pi] = true;
        }
    }
    for (ei, e) in case.figures.iter().enumerate() {
        let t = tallies.entry(family(&e.indicator)).or_default();
        t.expected += 1;
        if figures.iter().any(|p| same(p.value, e.value)) {
            t.value += 1;
        }
        match matched[ei] {
            Some(pi) => {
                let p = &figures[pi];
                t.indicator += 1;
                if p.role == e.role {
                    t.role += 1;
                    if p.qualifier == e.qualifier {
                        t.qualifier += 1;
                        if scope_matches(e.scope.as_deref(), p.scope.as_deref()) {
                            t.scope += 1;
                        }
                    }
                }
                if p.role != e.role {
                    missed.push(e.clone());
                }
            }
            None => missed.push(e.clone()),
        }
    }
    let mut extra = Vec::new();
    for (pi, p) in figures.iter().enumerate() {
        let t = tallies.entry(family(&p.indicator)).or_default();
        t.produced += 1;
        let right_role = used[pi]
            && matched
                .iter()
                .zip(&case.figures)
                .any(|(m, e)| *m == Some(pi) && e.role == p.role);
        if !right_role {
            extra.push(p.clone());
        }
    }
    (tallies, missed, extra)
}

fn load(dirs: &[PathBuf]) -> Result<Vec<(PathBuf, Case)>> {
    let mut out = Vec::new();
    for d in dirs {
        let mut files: Vec<PathBuf> = if d.is_dir() {
            std::fs::read_dir(d)
                .with_context(|| format!("reading {}", d.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        } else {
            vec![d.clone()]
        };
        files.sort();
        for f in files {
            let src =
                std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
            let parsed: File = toml::from_str(&src)
                .with_context(|| format!("{}: not a probe file", f.display()))?;
            for c in parsed.case {
                for e in &c.figures {
                    anyhow::ensure!(
                        c.text.contains(&e.near),
                        "{}: {}: '{}' is not in the text",
                        f.display(),
                        c.id,
                        e.near
                    );
                    cchc::registry::Registry::builtin().check_in(
                        &e.indicator,
                        &f.display().to_string(),
                        &src,
                    )?;
                    let _ = &e.unit;
                    let _ = e.textual;
                }
                out.push((f.clone(), c));
            }
        }
    }
    Ok(out)
}

fn show(e: &Expected) -> String {
    let mut s = format!("{} = {} ({:?}", e.indicator, e.value, e.role);
    if let Some(q) = e.qualifier {
        s += &format!(", {}", q.as_str());
    }
    if let Some(sc) = &e.scope {
        s += &format!(", scope '{sc}'");
    }
    s + &format!(")  «{}»", e.near)
}

fn show_fig(p: &Figure) -> String {
    let mut s = format!("{} = {} ({:?}", p.indicator, p.value, p.role);
    if let Some(q) = p.qualifier {
        s += &format!(", {}", q.as_str());
    }
    if let Some(sc) = &p.scope {
        s += &format!(", scope '{sc}'");
    }
    s + &format!(")  «{}» [{}]", p.text, p.rule)
}

pub fn run(opts: Options) -> Result<ExitCode> {
    let cases = load(&opts.dirs)?;
    let pipeline = Pipeline::new(Default::default())?;
    let mut total = Tally::default();
    let mut by_register: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_family: BTreeMap<String, Tally> = BTreeMap::new();
    for (file, case) in &cases {
        let out = pipeline.process_bytes(Path::new("probe.txt"), case.text.as_bytes());
        let (tallies, missed, extra) = score(case, &out.output.figures);
        if opts.explain.iter().any(|x| x == &case.id) {
            let seg = cchc::segment::segment(&out.text, &[]);
            println!("── {} explained", case.id);
            for (raw, n) in cchc::extract::explain(&out.text, &seg) {
                println!("  {raw:>10}  {}  →  {}", n.features, n.outcome);
            }
        }
        for (fam, t) in &tallies {
            total.add(t);
            by_register.entry(case.register.clone()).or_default().add(t);
            by_family.entry(fam.clone()).or_default().add(t);
        }
        if opts.failures && (!missed.is_empty() || !extra.is_empty()) {
            println!(
                "── {} ({}) {}\n{}",
                case.id,
                file.file_name().unwrap_or_default().to_string_lossy(),
                case.note,
                case.text.trim_end()
            );
            for e in &missed {
                println!("  MISSED {}", show(e));
            }
            for p in &extra {
                println!("  EXTRA  {}", show_fig(p));
            }
            println!();
        }
    }
    let report = Report {
        cases: cases.len(),
        total,
        recall: total.recall(),
        precision: total.precision(),
        by_register,
        by_family,
    };
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_table(&report);
    }
    let low = opts.min_recall.is_some_and(|m| report.recall < m)
        || opts.min_precision.is_some_and(|m| report.precision < m);
    Ok(if low {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_table(r: &Report) {
    let pct = |a: usize, b: usize| 100.0 * Tally::ratio(a, b);
    let line = |name: &str, t: &Tally| {
        println!(
            "{:<14} {:>5} {:>5}  {:>6.1} {:>6.1} {:>6.1} {:>6.1} {:>6.1}   {:>6.1}",
            name,
            t.expected,
            t.produced,
            pct(t.value, t.expected),
            pct(t.indicator, t.expected),
            pct(t.role, t.expected),
            pct(t.qualifier, t.expected),
            pct(t.scope, t.expected),
            100.0 * t.precision(),
        );
    };
    println!(
        "{:<14} {:>5} {:>5}  {:>6} {:>6} {:>6} {:>6} {:>6}   {:>6}",
        "", "exp", "prod", "value", "+ind", "+role", "+qual", "+scope", "prec"
    );
    for (k, t) in &r.by_register {
        line(k, t);
    }
    println!();
    for (k, t) in &r.by_family {
        line(k, t);
    }
    println!();
    line("all", &r.total);
    println!(
        "\n{} passages: recall {:.3}, precision {:.3} (indicator + value + role)",
        r.cases, r.recall, r.precision
    );
}
