//! Loading and running the rules of `patterns/*.toml`.

use anyhow::{Context, Result};
use regex::Regex;
use serde::Deserialize;

use crate::model::{Figure, Role};
use crate::numbers::parse_number;
use crate::segment::Segmented;

/// The pattern files compiled into the binary, so it runs from anywhere.
pub const BUILTIN: &[(&str, &str)] = &[(
    "dossiers.toml",
    include_str!("../../patterns/dossiers.toml"),
)];

#[derive(Debug, Deserialize)]
struct RuleFile {
    #[serde(default, rename = "rule")]
    rules: Vec<RuleDef>,
}

#[derive(Debug, Deserialize)]
pub struct RuleDef {
    pub id: String,
    pub indicator: String,
    pub unit: String,
    pub pattern: String,
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Example {
    pub text: String,
    pub value: f64,
}

pub struct Rule {
    pub def: RuleDef,
    pub regex: Regex,
}

/// Every rule, compiled once; shared by all threads.
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn builtin() -> Result<RuleSet> {
        let mut rules = Vec::new();
        for (name, src) in BUILTIN {
            let file: RuleFile = toml::from_str(src).with_context(|| format!("patterns/{name}"))?;
            for def in file.rules {
                let regex = Regex::new(&def.pattern)
                    .with_context(|| format!("patterns/{name}: rule {}", def.id))?;
                rules.push(Rule { def, regex });
            }
        }
        Ok(RuleSet { rules })
    }

    pub fn apply(&self, text: &str, seg: &Segmented) -> Vec<Figure> {
        let mut out = Vec::new();
        for rule in &self.rules {
            for caps in rule.regex.captures_iter(&seg.match_text) {
                let (Some(m), Some(v)) = (caps.get(0), caps.name("value")) else {
                    continue;
                };
                let Ok(n) = parse_number(v.as_str()) else {
                    continue;
                };
                out.push(Figure {
                    id: format!("f{}", out.len() + 1),
                    indicator: rule.def.indicator.clone(),
                    value: n.value,
                    unit: rule.def.unit.clone(),
                    role: Role::Actual,
                    qualifier: None,
                    section: seg.section_at(m.start()).map(|s| s.path.clone()),
                    scope: None,
                    period: None,
                    text: text[m.start()..m.end()].to_string(),
                    span: seg.span(m.start(), m.end()),
                    rule: format!("{}/{}", rule.def.indicator, rule.def.id),
                    raw: text[v.start()..v.end()].to_string(),
                    value_span: seg.span(v.start(), v.end()),
                    decimals: n.decimals,
                });
            }
        }
        out
    }
}
