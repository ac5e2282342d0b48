//! Figures of per-unit tables (extract stage, after the rule engine).
//!
//! District reports list their communes in a table whose header names the
//! indicators, one per column, and whose rows name the sub-units:
//! `STT | Đơn vị | Tiếp nhận | Đã giải quyết | Trễ hạn`. The sentence rules
//! cannot read such a row (`1 ⇥ Xã Tịnh Hà ⇥ 320 ⇥ 310 ⇥ 5` has no label
//! next to its numbers), so this module reads the tables that segmentation
//! found: when two header cells name indicators (`patterns/columns.toml`)
//! and one names the sub-unit, each number under an indicator column becomes
//! a figure scoped to its row's name (no scope on a total row). Numbers a
//! rule already read are left to it.

use anyhow::{Context, Result};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::extract::{role, ColumnTotal};
use crate::model::{DocMeta, Figure};
use crate::numbers::parse_number;
use crate::segment::Segmented;

pub const SOURCE: &str = include_str!("../../patterns/columns.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnsFile {
    name: Words,
    total: Words,
    #[serde(rename = "column")]
    columns: Vec<ColumnDef>,
}

/// `[name]` and `[total]`: one pattern with its examples.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    pattern: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counterexamples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnDef {
    id: String,
    indicator: String,
    unit: String,
    header: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counterexamples: Vec<String>,
}

struct Column {
    def: ColumnDef,
    re: Regex,
}

/// The compiled column wordings.
pub struct ColumnPatterns {
    name: Regex,
    name_def: Words,
    total: Regex,
    total_def: Words,
    columns: Vec<Column>,
}

fn compile(what: &str, pattern: &str) -> Result<Regex> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .with_context(|| format!("patterns/columns.toml: {what}"))
}

/// Header and name cells are matched trimmed, lower-cased, one space apart,
/// in the folded spelling of `match_text` (tone placement, look-alikes).
fn normalize(cell: &str) -> String {
    let folded = crate::segment::folding::fold(cell, &[]);
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl ColumnPatterns {
    pub fn parse(src: &str) -> Result<ColumnPatterns> {
        let file: ColumnsFile = toml::from_str(src).context("patterns/columns.toml")?;
        let columns = file
            .columns
            .into_iter()
            .map(|def| {
                let re = compile(&format!("column {}", def.id), &def.header)?;
                Ok(Column { def, re })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ColumnPatterns {
            name: compile("[name]", &file.name.pattern)?,
            name_def: file.name,
            total: compile("[total]", &file.total.pattern)?,
            total_def: file.total,
            columns,
        })
    }

    pub fn builtin() -> &'static ColumnPatterns {
        static P: std::sync::OnceLock<ColumnPatterns> = std::sync::OnceLock::new();
        P.get_or_init(|| ColumnPatterns::parse(SOURCE).expect("patterns/columns.toml is valid"))
    }

    /// The indicator column a header cell names.
    fn column_of(&self, header: &str) -> Option<&Column> {
        let h = normalize(header);
        self.columns.iter().find(|c| c.re.is_match(&h))
    }

    fn is_name(&self, header: &str) -> bool {
        self.name.is_match(&normalize(header))
    }

    fn is_total(&self, name: &str) -> bool {
        self.total.is_match(&normalize(name))
    }

    /// Every column's, the name's and the total's examples and
    /// counterexamples; a header read by two columns fails too.
    pub fn self_test(&self) -> Vec<String> {
        let mut failures = Vec::new();
        for c in &self.columns {
            for ex in &c.def.examples {
                match self.column_of(ex) {
                    Some(got) if got.def.id == c.def.id => {}
                    Some(got) => failures.push(format!(
                        "columns.toml: column {}\n    header: {ex}\n    read by column {} first",
                        c.def.id, got.def.id
                    )),
                    None => failures.push(format!(
                        "columns.toml: column {}\n    header: {ex}\n    not read",
                        c.def.id
                    )),
                }
                let also: Vec<&str> = self
                    .columns
                    .iter()
                    .filter(|o| o.def.id != c.def.id && o.re.is_match(&normalize(ex)))
                    .map(|o| o.def.id.as_str())
                    .collect();
                if !also.is_empty() {
                    failures.push(format!(
                        "columns.toml: column {}\n    header: {ex}\n    also read by {}",
                        c.def.id,
                        also.join(", ")
                    ));
                }
            }
            for ce in &c.def.counterexamples {
                if c.re.is_match(&normalize(ce)) {
                    failures.push(format!(
                        "columns.toml: column {}\n    header: {ce}\n    counterexample read",
                        c.def.id
                    ));
                }
            }
        }
        let mut check = |what: &str, re: &Regex, good: &[String], bad: &[String]| {
            for ex in good.iter().filter(|e| !re.is_match(&normalize(e))) {
                failures.push(format!(
                    "columns.toml: {what}\n    text: {ex}\n    not read"
                ));
            }
            for ce in bad.iter().filter(|e| re.is_match(&normalize(e))) {
                failures.push(format!(
                    "columns.toml: {what}\n    text: {ce}\n    counterexample read"
                ));
            }
        };
        check(
            "[name]",
            &self.name,
            &self.name_def.examples,
            &self.name_def.counterexamples,
        );
        check(
            "[total]",
            &self.total,
            &self.total_def.examples,
            &self.total_def.counterexamples,
        );
        failures
    }
}

/// Figures of the per-unit tables of a document, appended to `figures`
/// (numbers that a rule already read are skipped), and, for a table with
/// one total row whose every sub-unit states a count in a column, that
/// column's parts and total.
pub fn read_tables(
    patterns: &ColumnPatterns,
    text: &str,
    seg: &Segmented,
    meta: &DocMeta,
    figures: &mut Vec<Figure>,
) -> Vec<ColumnTotal> {
    let mt = seg.rule_text(text);
    let taken: Vec<(usize, usize)> = figures
        .iter()
        .map(|f| (f.value_span.start, f.value_span.end))
        .collect();
    let mut added = Vec::new();
    let mut roles = role::Roles::new(meta, seg, mt);
    // (indicator, the total's value start, the parts' value starts).
    let mut sums: Vec<(String, usize, Vec<usize>)> = Vec::new();
    for table in &seg.tables {
        let Some(header) = seg.rows[table.rows.clone()].iter().find(|r| r.header) else {
            continue;
        };
        let cell = |(a, b): (usize, usize)| text.get(a..b).unwrap_or("");
        let columns: Vec<Option<&Column>> = header
            .cells
            .iter()
            .map(|&c| patterns.column_of(cell(c)))
            .collect();
        let Some(name_col) = header.cells.iter().position(|&c| patterns.is_name(cell(c))) else {
            continue;
        };
        if columns.iter().flatten().count() < 2 {
            continue;
        }
        let mut column_sums = vec![ColumnSum::default(); columns.len()];
        let mut total_rows = 0;
        for row in seg.rows[table.rows.clone()].iter().filter(|r| !r.header) {
            // Cells shift when a row has fewer of them than the header
            // (merged cells): such a row is not read rather than misread.
            if row.cells.len() != header.cells.len() {
                column_sums.iter_mut().for_each(|c| c.incomplete = true);
                continue;
            }
            let name = cell(row.cells[name_col]).trim();
            if name.is_empty() || name.chars().all(|c| !c.is_alphabetic()) {
                continue;
            }
            let is_total = patterns.is_total(name);
            total_rows += usize::from(is_total);
            let scope = (!is_total).then(|| name.to_string());
            for (k, column) in columns.iter().enumerate() {
                let Some(column) = column else { continue };
                let (a, b) = row.cells[k];
                let raw = cell((a, b)).trim_end_matches('%').trim();
                let number = parse_number(raw).ok();
                let vs = a + cell((a, b)).find(raw).unwrap_or(0);
                let ve = vs + raw.len();
                let free = !taken.iter().any(|&(s, e)| vs < e && s < ve);
                let Some(n) = number.filter(|_| free) else {
                    column_sums[k].incomplete |= !is_total;
                    continue;
                };
                if is_total {
                    column_sums[k].total = Some(vs);
                } else {
                    column_sums[k].parts.push(vs);
                }
                added.push(Figure {
                    id: String::new(),
                    indicator: column.def.indicator.clone(),
                    value: n.value,
                    unit: column.def.unit.clone(),
                    role: roles.role_at(row.start, row.end, vs),
                    qualifier: None,
                    section: seg.section_at(vs).map(|s| s.path.clone()),
                    scope: scope.clone(),
                    period: None,
                    text: text[row.start..row.end].trim_end().to_string(),
                    span: seg.span(row.start, row.end),
                    rule: format!("{}/column:{}", column.def.indicator, column.def.id),
                    raw: raw.to_string(),
                    value_span: seg.span(vs, ve),
                    decimals: n.decimals,
                });
            }
        }
        for (column, sum) in columns.iter().zip(column_sums) {
            let Some(column) = column else { continue };
            // Rates do not add up; two total rows are not one sum.
            let summable = column.def.unit != "percent" && total_rows == 1;
            if let (true, false, Some(t)) = (summable, sum.incomplete, sum.total) {
                if sum.parts.len() > 1 {
                    sums.push((column.def.indicator.clone(), t, sum.parts));
                }
            }
        }
    }
    if added.is_empty() {
        return Vec::new();
    }
    figures.extend(added);
    figures.sort_by(|a, b| {
        a.value_span
            .start
            .cmp(&b.value_span.start)
            .then(a.indicator.cmp(&b.indicator))
    });
    for (i, f) in figures.iter_mut().enumerate() {
        f.id = format!("f{}", i + 1);
    }
    let id_at = |start: usize, indicator: &str| {
        figures
            .iter()
            .find(|f| f.value_span.start == start && f.indicator == indicator)
            .map(|f| f.id.clone())
    };
    sums.into_iter()
        .filter_map(|(indicator, t, ps)| {
            let total = id_at(t, &indicator)?;
            let parts = ps
                .iter()
                .map(|&p| id_at(p, &indicator))
                .collect::<Option<Vec<_>>>()?;
            Some(ColumnTotal {
                indicator,
                total,
                parts,
            })
        })
        .collect()
}

/// What one column of a table holds, for its total check.
#[derive(Clone, Default)]
struct ColumnSum {
    parts: Vec<usize>,
    total: Option<usize>,
    /// A sub-unit's cell was empty, unreadable or taken by a rule.
    incomplete: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Vec<Figure> {
        let seg = crate::segment::segment(text, &[]);
        let meta = DocMeta::default();
        let mut out = Vec::new();
        read_tables(ColumnPatterns::builtin(), text, &seg, &meta, &mut out);
        out
    }

    #[test]
    fn a_total_row_makes_each_count_column_a_sum() {
        let text = "STT\tĐơn vị\tTiếp nhận\tTỷ lệ đúng hạn\n\
            1\tXã A\t320\t99\n\
            2\tXã B\t250\t100\n\
            \tTổng cộng\t570\t99,5\n";
        let seg = crate::segment::segment(text, &[]);
        let mut figs = Vec::new();
        let sums = read_tables(
            ColumnPatterns::builtin(),
            text,
            &seg,
            &DocMeta::default(),
            &mut figs,
        );
        assert_eq!(sums.len(), 1, "rates are not summed: {sums:?}");
        let value = |id: &str| figs.iter().find(|f| f.id == id).unwrap().value;
        assert_eq!(value(&sums[0].total), 570.0);
        let parts: Vec<f64> = sums[0].parts.iter().map(|p| value(p)).collect();
        assert_eq!(parts, [320.0, 250.0]);
    }

    #[test]
    fn the_builtin_columns_pass_their_examples() {
        let failures = ColumnPatterns::builtin().self_test();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_per_unit_table_gives_scoped_figures_and_a_total() {
        let text = "Kết quả của các xã:\n\
            STT\tĐơn vị\tTiếp nhận\tĐã giải quyết\tTrễ hạn\n\
            1\tXã Tịnh Hà\t320\t310\t5\n\
            2\tXã Tịnh Sơn\t1.250\t1.250\t0\n\
            \tTổng cộng\t1.570\t1.560\t5\n";
        let f = figures(text);
        let got: Vec<(&str, f64, Option<&str>)> = f
            .iter()
            .map(|f| (f.indicator.as_str(), f.value, f.scope.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("dossiers.received_total", 320.0, Some("Xã Tịnh Hà")),
                ("dossiers.resolved", 310.0, Some("Xã Tịnh Hà")),
                ("dossiers.resolved_late", 5.0, Some("Xã Tịnh Hà")),
                ("dossiers.received_total", 1250.0, Some("Xã Tịnh Sơn")),
                ("dossiers.resolved", 1250.0, Some("Xã Tịnh Sơn")),
                ("dossiers.resolved_late", 0.0, Some("Xã Tịnh Sơn")),
                ("dossiers.received_total", 1570.0, None),
                ("dossiers.resolved", 1560.0, None),
                ("dossiers.resolved_late", 5.0, None),
            ]
        );
        let first = &f[0];
        assert_eq!(first.rule, "dossiers.received_total/column:tiep-nhan");
        assert_eq!(&text[first.value_span.start..first.value_span.end], "320");
    }

    #[test]
    fn an_indicator_table_without_unit_names_is_left_to_the_rules() {
        let text = "STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\n\
            1\tTổng số hồ sơ tiếp nhận\tHồ sơ\t3954\n";
        assert!(figures(text).is_empty());
    }
}
