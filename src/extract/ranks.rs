//! Extract stage, validator's raw material: **rank changes** — "Năm 2022
//! xếp thứ bậc 101/177 …; Năm 2023 xếp thứ bậc 19/177 … (tăng 82 bậc so với
//! năm 2022)". The new rank is the closest rank before the change; the old
//! one is an earlier rank among the same number of units, close by. When the
//! old rank cannot be found nearby nothing is recorded (no guessing).
//! Patterns: `[rank]` and `[rank_change]` of `patterns/shares.toml`.

use crate::extract::shares::{operand, FigureIndex, SharePatterns};
use crate::extract::{Operand, RankChange};
use crate::model::Figure;
use crate::segment::Segmented;

/// How far before a change its old rank may be stated (bytes).
const REACH: usize = 700;

struct Rank {
    pos: Operand,
    of: f64,
    end: usize,
}

pub fn find_rank_changes(text: &str, seg: &Segmented, figures: &[Figure]) -> Vec<RankChange> {
    let pats = SharePatterns::builtin();
    let figures = &FigureIndex::new(figures);
    // Without a '/' (what every "xếp hạng a/b" holds) the pattern is not
    // even compiled.
    let ranks: Vec<Rank> = (pats.rank.may_match(text))
        .then(|| pats.rank.captures_iter(text))
        .into_iter()
        .flatten()
        .filter_map(|c| {
            let v = c.name("value")?;
            let of = crate::numbers::parse_number(c.name("of")?.as_str())
                .ok()?
                .value;
            Some(Rank {
                pos: operand(v, figures)?,
                of,
                end: c.get(0)?.end(),
            })
        })
        .collect();
    let mut out = Vec::new();
    for c in pats.rank_change.captures_iter(text) {
        let (Some(dir), Some(v)) = (c.name("dir"), c.name("value")) else {
            continue;
        };
        let Some(change) = operand(v, figures) else {
            continue;
        };
        // The new rank: the last rank ending before the change, within its sentence.
        // (Ranks are in text order: the last one ending before the change is
        // the nearest; a binary search keeps many ranks linear.)
        let Some(ni) = ranks
            .partition_point(|r| r.end <= dir.start())
            .checked_sub(1)
            .filter(|&i| dir.start() - ranks[i].end < 120)
        else {
            continue;
        };
        let new = &ranks[ni];
        let Some(old) = ranks[..ni]
            .iter()
            .rev()
            .take_while(|r| new.pos.span.start - r.pos.span.start <= REACH)
            // The same rank restated ("năm 2023 xếp thứ 19/177 … xếp thứ bậc
            // 19/177 (tăng 82 bậc)") is not the old one.
            .find(|r| {
                r.of == new.of
                    && r.pos.value != new.pos.value
                    && new.pos.span.start - r.pos.span.start <= REACH
            })
        else {
            continue;
        };
        let fix = |mut o: Operand| {
            o.span = seg.span(o.span.start, o.span.end);
            o
        };
        out.push(RankChange {
            old: fix(old.pos.clone()),
            new: fix(new.pos.clone()),
            out_of: new.of,
            change: fix(change),
            up: dir.as_str().to_lowercase() == "tăng",
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(t: &str) -> Vec<RankChange> {
        find_rank_changes(t, &crate::segment::segment(t, &[0]), &[])
    }

    #[test]
    fn seed_ranks_pair_by_the_number_of_units() {
        let t = "Năm 2022 xếp thứ bậc 101/177 xã, phường toàn tỉnh; xếp thứ 7/33 xã, phường toàn Thành phố; Năm 2023 xếp thứ bậc 19/177 xã, phường toàn tỉnh (tăng 82 bậc so với năm 2022), xếp thứ 5/33 xã, phường toàn thành phố (tăng 02 bậc so với năm 2022).";
        let c = changes(t);
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(
            (c[0].old.value, c[0].new.value, c[0].change.value),
            (101.0, 19.0, 82.0)
        );
        assert_eq!(
            (c[1].old.value, c[1].new.value, c[1].change.value),
            (7.0, 5.0, 2.0)
        );
        assert!(c[0].up);
    }

    #[test]
    fn a_restated_rank_is_not_the_old_one() {
        let t = "xếp 5/33 xã, phường, xếp thứ 19/177 xã, phường toàn tỉnh.\nMặc dù năm 2023 xếp thứ bậc 19/177 xã, phường toàn tỉnh (tăng 82 bậc so với năm 2022).";
        assert!(changes(t).is_empty(), "{:#?}", changes(t));
    }

    #[test]
    fn no_old_rank_nearby_records_nothing() {
        assert!(
            changes("Năm 2023 xếp thứ bậc 19/177 xã, phường (tăng 82 bậc so với năm 2022).")
                .is_empty()
        );
    }
}
