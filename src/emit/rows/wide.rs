//! Stage 5, **emit**: the wide panel — one row per document (file, issuer,
//! level, period, kind), one column per indicator of the registry with the
//! issuer's own actual value, a `<id>_target` column per indicator with its
//! target, then the number of `error` findings and a `findings` column.
//!
//! Only the document's own figures fill it: a figure about a sub-unit
//! (`scope`), another period or a baseline has no place in the row. When
//! one indicator is stated with two values the cell keeps the first, and the
//! `findings` column says which values were left out; a figure in a role
//! the registry does not give its indicator (an "actual" of a target-only
//! indicator) has no column, and the `findings` column says so too —
//! nothing is dropped silently.

use std::collections::HashMap;

use super::{Cell, Column, Kind, Table};
use crate::model::{DocumentOutput, Figure, Role, Severity};
use crate::registry::Registry;

/// Columns before the indicators.
const LEAD: [(&str, Kind); 7] = [
    ("path", Kind::Text),
    ("sha256", Kind::Text),
    ("issuer", Kind::Text),
    ("level", Kind::Text),
    ("period_from", Kind::Date),
    ("period_to", Kind::Date),
    ("kind", Kind::Text),
];

/// The panel's layout for one registry.
pub struct Wide {
    table: Table,
    /// (indicator, role) → column index.
    slots: HashMap<(String, Role), usize>,
    percent: Vec<bool>,
}

impl Wide {
    pub fn new(reg: &Registry) -> Wide {
        let mut columns: Vec<Column> = LEAD
            .iter()
            .map(|&(n, k)| Column {
                name: n.into(),
                kind: k,
                dictionary: matches!(n, "level" | "kind"),
            })
            .collect();
        let mut slots = HashMap::new();
        let mut percent = vec![false; columns.len()];
        for (role, suffix) in [(Role::Actual, ""), (Role::Target, "_target")] {
            for i in reg.indicators.iter().filter(|i| i.roles.contains(&role)) {
                slots.insert((i.id.clone(), role), columns.len());
                percent.push(i.is_percent());
                columns.push(Column {
                    name: format!("{}{suffix}", i.id),
                    kind: Kind::Float,
                    dictionary: false,
                });
            }
        }
        for (n, k) in [("error_findings", Kind::Int), ("findings", Kind::Text)] {
            percent.push(false);
            columns.push(Column {
                name: n.into(),
                kind: k,
                dictionary: false,
            });
        }
        Wide {
            table: Table {
                name: "panel",
                columns,
            },
            slots,
            percent,
        }
    }

    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The document's row.
    pub fn row(&self, doc: &DocumentOutput) -> Vec<Cell> {
        let mut row = super::document_key(doc);
        row.push(Cell::text(doc.document.kind.as_str()));
        row.resize(self.table.columns.len(), Cell::Null);
        let mut kept: Vec<Option<&Figure>> = vec![None; self.table.columns.len()];
        let mut notes = Vec::new();
        for f in doc.figures.iter().filter(|f| own(f)) {
            let Some(&k) = self.slots.get(&(f.indicator.clone(), f.role)) else {
                notes.push(format!(
                    "{}: {} ({}) is stated as {}, a role without a column for it",
                    f.indicator,
                    f.raw,
                    f.id,
                    f.role.as_str()
                ));
                continue;
            };
            match kept[k] {
                None => {
                    kept[k] = Some(f);
                    row[k] = if self.percent[k] {
                        Cell::Percent(f.value, f.decimals)
                    } else {
                        Cell::Float(f.value)
                    };
                }
                Some(first) if first.value != f.value => notes.push(format!(
                    "{}: kept {} ({}), also stated {} ({})",
                    self.table.columns[k].name, first.raw, first.id, f.raw, f.id
                )),
                Some(_) => {}
            }
        }
        let n = self.table.columns.len();
        let errors = doc
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        row[n - 2] = Cell::Int(errors as i64);
        row[n - 1] = if notes.is_empty() {
            Cell::Null
        } else {
            Cell::Text(notes.join("; "))
        };
        row
    }
}

/// A figure about the issuer itself, in the document's period, actual or
/// target.
fn own(f: &Figure) -> bool {
    f.scope.is_none() && f.period.is_none() && f.role != Role::Baseline && f.value.is_finite()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::relations::example_figure;

    fn doc(figures: Vec<Figure>) -> DocumentOutput {
        DocumentOutput {
            schema: 1,
            source: Default::default(),
            document: Default::default(),
            figures,
            findings: vec![],
            errors: vec![],
            cells: Default::default(),
        }
    }

    #[test]
    fn one_column_per_indicator_and_role_and_no_clash() {
        let reg = Registry::builtin();
        let w = Wide::new(reg);
        let names: std::collections::HashSet<&str> =
            w.table().columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names.len(),
            w.table().columns.len(),
            "duplicate column names"
        );
        assert!(names.contains("dossiers.received_total"));
        assert!(names.contains("dossiers.received_total_target"));
    }

    #[test]
    fn the_first_value_is_kept_and_a_conflict_is_said() {
        let w = Wide::new(Registry::builtin());
        let col = |n: &str| w.table().columns.iter().position(|c| c.name == n).unwrap();
        let mut target = example_figure("f3", "dossiers.received_total", 400.0);
        target.role = Role::Target;
        let mut scoped = example_figure("f4", "dossiers.received_total", 9.0);
        scoped.scope = Some("Xã A".into());
        let mut second = example_figure("f2", "dossiers.received_total", 320.0);
        second.raw = "320".into();
        let mut first = example_figure("f1", "dossiers.received_total", 316.0);
        first.raw = "316".into();
        let row = w.row(&doc(vec![first, second, target, scoped]));
        assert_eq!(row[col("dossiers.received_total")], Cell::Float(316.0));
        assert_eq!(
            row[col("dossiers.received_total_target")],
            Cell::Float(400.0)
        );
        let Cell::Text(note) = &row[row.len() - 1] else {
            panic!("{row:?}")
        };
        assert_eq!(
            note,
            "dossiers.received_total: kept 316 (f1), also stated 320 (f2)"
        );
        assert_eq!(row[row.len() - 2], Cell::Int(0));
    }

    #[test]
    fn a_figure_in_a_role_without_a_column_is_said() {
        // A panel of a registry whose indicator is a target only.
        let reg = Registry::parse(
            "t.toml",
            "[[indicator]]\nid = \"budget.plan\"\nunit = \"dong\"\nroles = [\"target\"]\nname = \"dự toán\"\ndescription = \"d\"\n",
        )
        .unwrap();
        let w = Wide::new(&reg);
        assert!(w
            .table()
            .columns
            .iter()
            .any(|c| c.name == "budget.plan_target"));
        assert!(!w.table().columns.iter().any(|c| c.name == "budget.plan"));
        let mut f = example_figure("f7", "budget.plan", 5.0);
        f.unit = "dong".into();
        f.raw = "5".into();
        let row = w.row(&doc(vec![f]));
        let Cell::Text(note) = &row[row.len() - 1] else {
            panic!("{row:?}")
        };
        assert_eq!(
            note,
            "budget.plan: 5 (f7) is stated as actual, a role without a column for it"
        );
    }
}
