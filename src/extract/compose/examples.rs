//! The examples every lexicon cue, decision and override carries, and the
//! check that runs each one through the whole pipeline (extract stage's
//! self-test; `cchc patterns test` and `cargo test` run it).
//!
//! An example lists *every* figure its text must yield — indicator and
//! value, and where given role, qualifier and scope — so a rule that reads
//! too much fails as surely as one that reads too little.

use serde::Deserialize;

use crate::model::{Figure, Qualifier, Role};

/// A text and the complete set of figures it must yield.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    pub figures: Vec<Want>,
}

/// One figure an example must yield: `["dossiers.resolved", 12]`,
/// `["dossiers.resolved", 12, "target"]`, or a table with `indicator`,
/// `value` and optional `role`, `qualifier`, `scope`.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Want {
    Short(String, f64),
    WithRole(String, f64, Role),
    Full {
        indicator: String,
        value: f64,
        #[serde(default)]
        role: Option<Role>,
        #[serde(default)]
        qualifier: Option<Qualifier>,
        /// Part of the figure's scope; absent for no scope.
        #[serde(default)]
        scope: Option<String>,
    },
}

impl Want {
    pub fn indicator(&self) -> &str {
        match self {
            Want::Short(i, _) | Want::WithRole(i, _, _) => i,
            Want::Full { indicator, .. } => indicator,
        }
    }

    fn value(&self) -> f64 {
        match self {
            Want::Short(_, v) | Want::WithRole(_, v, _) => *v,
            Want::Full { value, .. } => *value,
        }
    }

    /// The role a figure must have (actual unless said otherwise).
    fn role(&self) -> Role {
        match self {
            Want::Short(..) => Role::Actual,
            Want::WithRole(_, _, r) => *r,
            Want::Full { role, .. } => role.unwrap_or(Role::Actual),
        }
    }

    fn fits(&self, f: &Figure) -> bool {
        let close = (f.value - self.value()).abs() <= 1e-6 * self.value().abs().max(1.0);
        if f.indicator != self.indicator() || !close || f.role != self.role() {
            return false;
        }
        let (qualifier, scope) = match self {
            Want::Full {
                qualifier, scope, ..
            } => (*qualifier, scope.as_deref()),
            _ => (None, None),
        };
        f.qualifier == qualifier
            && match scope {
                None => f.scope.is_none(),
                Some(s) => f
                    .scope
                    .as_deref()
                    .is_some_and(|fs| fs.to_lowercase().contains(&s.to_lowercase())),
            }
    }

    pub fn describe(&self) -> String {
        format!(
            "{} = {} ({})",
            self.indicator(),
            self.value(),
            self.role().as_str()
        )
    }
}

/// What an example yielded that it should not have, and what it missed;
/// None when the figures are exactly the wanted ones.
pub fn compare(want: &[Want], got: &[Figure]) -> Option<String> {
    let mut used = vec![false; got.len()];
    let mut missing = Vec::new();
    for w in want {
        match (0..got.len()).find(|&i| !used[i] && w.fits(&got[i])) {
            Some(i) => used[i] = true,
            None => missing.push(w.describe()),
        }
    }
    let extra: Vec<String> = got
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(f, _)| {
            let mut s = format!("{} = {} ({}", f.indicator, f.value, f.role.as_str());
            if let Some(q) = f.qualifier {
                s += &format!(", {}", q.as_str());
            }
            if let Some(sc) = &f.scope {
                s += &format!(", scope '{sc}'");
            }
            s + &format!(") from «{}» [{}]", f.text, f.rule)
        })
        .collect();
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let mut msg = String::new();
    if !missing.is_empty() {
        msg += &format!("missing: {}", missing.join("; "));
    }
    if !extra.is_empty() {
        if !msg.is_empty() {
            msg += "\n    ";
        }
        msg += &format!("extra: {}", extra.join("; "));
    }
    Some(msg)
}

/// Run every example of the lexicon and the decision table through the
/// whole extract stage (each text a document of its own); returns one line
/// per failure, naming the file and line of the entry.
pub fn check_all(
    reader: &super::Reader,
    rules: &crate::extract::RuleSet,
    files: (&str, &str),
) -> (usize, Vec<String>) {
    let all = reader
        .lexicon
        .examples
        .iter()
        .map(|(l, e)| (files.0, *l, e))
        .chain(
            reader
                .decisions
                .examples
                .iter()
                .map(|(l, e)| (files.1, *l, e)),
        );
    let mut n = 0;
    let mut failures = Vec::new();
    for (file, line, e) in all {
        n += 1;
        let seg = crate::segment::segment(&e.text, &[]);
        let ex = crate::extract::extract(&e.text, &seg, rules);
        if let Some(problem) = compare(&e.figures, &ex.figures) {
            failures.push(format!(
                "{file}:{line}\n    text: {}\n    {problem}",
                e.text
            ));
        }
    }
    (n, failures)
}
