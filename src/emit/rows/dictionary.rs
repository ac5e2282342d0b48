//! Stage 5, **emit**: the data dictionary — every indicator of the registry
//! (`patterns/indicators.toml`) as a table: ID, family, unit, roles,
//! Vietnamese name, description. `cchc indicators` prints it, and every
//! workbook or Parquet export carries it beside the data.

use super::{Cell, Column, Kind, Table};
use crate::registry::Registry;

pub fn indicators() -> Table {
    Table {
        name: "indicators",
        columns: vec![
            Column::new("id", Kind::Text),
            Column::dict("family"),
            Column::dict("unit"),
            Column::new("roles", Kind::Text),
            Column::new("name", Kind::Text),
            Column::new("description", Kind::Text),
        ],
    }
}

pub fn indicator_rows(reg: &Registry) -> Vec<Vec<Cell>> {
    reg.indicators
        .iter()
        .map(|i| {
            vec![
                Cell::text(&i.id),
                Cell::text(&i.family),
                Cell::text(&i.unit),
                Cell::Text(
                    i.roles
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                Cell::text(&i.name),
                Cell::text(&i.description),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indicator_is_a_row() {
        let reg = Registry::builtin();
        let rows = indicator_rows(reg);
        assert_eq!(rows.len(), reg.indicators.len());
        assert!(rows.iter().all(|r| r.len() == indicators().columns.len()));
        assert_eq!(rows[0][0], Cell::text(&reg.indicators[0].id));
    }
}
