//! The codes Rust code reports by name (the relations of
//! `patterns/relations.toml` bring their own, checked when that file is
//! loaded). Each constant must be registered in `patterns/findings.toml`;
//! the test below fails naming any that is not, so a typo cannot reach the
//! output.

use super::FindingCode;

macro_rules! codes {
    ($($name:ident = $code:literal;)*) => {
        $(pub const $name: FindingCode = FindingCode($code);)*
        /// Every constant of this module.
        pub const ALL: &[FindingCode] = &[$($name),*];
    };
}

codes! {
    RATIO_STATED_VS_COMPUTED = "ratio.stated_vs_computed";
    RATIO_PART_OF_STATED_TOTAL = "ratio.part_of_stated_total";
    RATIO_NO_PLAUSIBLE_DENOMINATOR = "ratio.no_plausible_denominator";
    SCORE_PERCENT = "score.percent";
    SCORE_DEDUCTED = "score.deducted";
    SCORE_ABOVE_MAX = "score.above_max";
    SCORE_SECTIONS_SUM = "score.sections_sum";
    RANK_CHANGE = "rank.change";
    SUM_TABLE_COLUMN = "sum.table_column";
    MENTION_CONFLICTING_VALUES = "mention.conflicting_values";
    FORMAT_MALFORMED_NUMBER = "format.malformed_number";
    FORMAT_DECIMAL_SEPARATOR = "format.decimal_separator";
    FORMAT_YES_NO_VALUE = "format.yes_no_value";
    FORMAT_PERCENT_ABOVE_100 = "format.percent_above_100";
    BLANK_UNFILLED_FIELD = "blank.unfilled_field";
    ENCODING_INVALID_BYTES = "encoding.invalid_bytes";
    SHEET_HIDDEN = "sheet.hidden";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Registry;

    #[test]
    fn every_constant_is_registered() {
        let reg = Registry::builtin();
        let missing: Vec<&str> = ALL
            .iter()
            .map(|c| c.as_str())
            .filter(|c| reg.get(c).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "not in patterns/findings.toml: {missing:?}"
        );
    }
}
