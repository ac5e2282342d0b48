//! Where a workbook's figures came from: the step of [`crate::Pipeline`]
//! that runs after validate and before emit, joining ingest's cell map
//! ([`crate::ingest::sheets::SheetMap`]) with the figures extract made from
//! the text. Extract never sees cells; a figure's cell is the one its
//! `value_span` starts in. Hidden sheets, read like the others, get an
//! `info` finding on their title line so that a reader knows where a figure
//! nobody sees in Excel came from.

use std::collections::BTreeMap;

use crate::findings::codes;
use crate::ingest::sheets::SheetMap;
use crate::model::{Figure, Finding, LabeledSpan, Severity};
use crate::segment::Segmented;

/// Figure id → "Sheet!D12" for every figure whose value lies in a cell.
pub fn cells_of(map: &SheetMap, figures: &[Figure]) -> BTreeMap<String, String> {
    figures
        .iter()
        .filter_map(|f| Some((f.id.clone(), map.cell_at(f.value_span.start)?)))
        .collect()
}

/// One `sheet.hidden` note per hidden sheet that holds figures or text.
pub fn hidden_sheets(map: &SheetMap, seg: &Segmented) -> Vec<Finding> {
    map.sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.hidden)
        .map(|(k, s)| {
            let filled = map.cells.iter().filter(|c| c.sheet as usize == k).count();
            Finding {
                rule: codes::SHEET_HIDDEN,
                severity: Severity::Info,
                message: format!(
                    "the sheet \"{}\" is hidden in the workbook; its {filled} filled cell(s) were read like the others",
                    s.name
                ),
                figures: Vec::new(),
                stated: None,
                computed: None,
                spans: vec![LabeledSpan {
                    span: seg.span(s.title_start, s.title_end),
                    label: "hidden sheet".into(),
                }],
                notes: Vec::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::sheets::{CellPlace, SheetInfo};

    #[test]
    fn figures_get_the_cell_their_value_starts_in_and_hidden_sheets_a_note() {
        let text = "Ẩn\nTổng\t12\n";
        let map = SheetMap {
            sheets: vec![SheetInfo {
                name: "Ẩn".into(),
                hidden: true,
                title_start: 0,
                title_end: "Ẩn".len(),
            }],
            cells: vec![CellPlace {
                start: text.find("12").unwrap(),
                end: text.find("12").unwrap() + 2,
                sheet: 0,
                row: 4,
                col: 1,
            }],
        };
        let mut f =
            crate::validate::relations::example_figure("f1", "dossiers.received_total", 12.0);
        f.value_span.start = text.find("12").unwrap();
        let mut g = f.clone();
        g.id = "f2".into();
        g.value_span.start = 0;
        let cells = cells_of(&map, &[f, g]);
        assert_eq!(cells.len(), 1);
        assert_eq!(cells["f1"], "Ẩn!B5");
        let seg = crate::segment::segment(text, &[0]);
        let notes = hidden_sheets(&map, &seg);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].severity, Severity::Info);
        assert_eq!(notes[0].spans[0].span.line, 1);
        assert!(
            notes[0].message.contains("1 filled cell"),
            "{}",
            notes[0].message
        );
    }
}
