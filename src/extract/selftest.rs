//! Every rule checks itself (extract stage): each example must yield a
//! figure from that rule with the expected value (and role and qualifier
//! when given), each counterexample must yield none. Examples run through
//! the whole pipeline from segmentation on, against the whole rule set, so
//! they also catch a rule that loses its number to a higher-priority one.

use crate::extract::engine;
use crate::extract::rules::{Example, Rule, RuleSet};
use crate::model::{DocKind, DocMeta, Figure};
use crate::segment;

/// One example or counterexample that did not behave.
#[derive(Clone, Debug)]
pub struct Failure {
    /// `file: indicator/rule-id`
    pub rule: String,
    pub text: String,
    pub problem: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}\n    text: {}\n    {}",
            self.rule, self.text, self.problem
        )
    }
}

/// What the rules read from a text taken as a whole document of `kind`.
pub fn figures_of(rules: &RuleSet, text: &str, kind: DocKind) -> Vec<Figure> {
    let seg = segment::segment(text, &[]);
    let meta = DocMeta {
        kind,
        ..DocMeta::default()
    };
    engine::apply(rules, text, &seg, &meta)
}

/// Counts of what was run, and what failed.
pub struct Report {
    pub examples: usize,
    pub counterexamples: usize,
    pub failures: Vec<Failure>,
}

pub fn run(rules: &RuleSet) -> Report {
    let mut report = Report {
        examples: 0,
        counterexamples: 0,
        failures: Vec::new(),
    };
    for rule in &rules.rules {
        for ex in &rule.def.examples {
            report.examples += 1;
            if let Some(problem) = check_example(rules, rule, ex) {
                report.failures.push(Failure {
                    rule: format!("{}: {}", rule.file, rule.name()),
                    text: ex.text.clone(),
                    problem,
                });
            }
        }
        for text in &rule.def.counterexamples {
            report.counterexamples += 1;
            let figs = figures_of(rules, text, DocKind::BaoCao);
            if let Some(f) = figs.iter().find(|f| f.rule == rule.name()) {
                report.failures.push(Failure {
                    rule: format!("{}: {}", rule.file, rule.name()),
                    text: text.clone(),
                    problem: format!(
                        "counterexample matched: {} = {} from \"{}\"",
                        f.indicator, f.value, f.text
                    ),
                });
            }
        }
    }
    report
}

fn check_example(rules: &RuleSet, rule: &Rule, ex: &Example) -> Option<String> {
    let figs = figures_of(rules, &ex.text, ex.kind.unwrap_or(DocKind::BaoCao));
    let mine: Vec<&Figure> = figs.iter().filter(|f| f.rule == rule.name()).collect();
    let Some(f) = mine
        .iter()
        .find(|f| f.indicator == rule.def.indicator && (f.value - ex.value).abs() < 1e-9)
    else {
        let got: Vec<String> = figs
            .iter()
            .map(|f| format!("{} = {} ({})", f.indicator, f.value, f.rule))
            .collect();
        return Some(format!(
            "expected {} = {}, got [{}]",
            rule.def.indicator,
            ex.value,
            got.join("; ")
        ));
    };
    if let Some(role) = ex.role {
        if f.role != role {
            return Some(format!(
                "expected role {}, got {}",
                role.as_str(),
                f.role.as_str()
            ));
        }
    }
    if let Some(q) = ex.qualifier {
        if f.qualifier != Some(q) {
            return Some(format!(
                "expected qualifier {}, got {}",
                q.as_str(),
                f.qualifier.map_or("none", |q| q.as_str())
            ));
        }
    }
    None
}
