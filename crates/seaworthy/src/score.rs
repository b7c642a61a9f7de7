//! The score: 0–100 and a grade A–F, overall and per category. Rules never score;
//! this pure function does, from the diagnostics and the weights.
//!
//! Formula (`seaworthy-score/1`): each finding of a rule deducts the weight of its
//! severity; a rule's total deduction is capped at `cap` times that weight, so one noisy
//! rule cannot sink a file on its own. A category's score is 100 minus the deductions of
//! its rules; the overall score is 100 minus all deductions; both are floored at 0. A policy
//! may scale each category's deductions by a percentage (`[score.categories]`, 100 by
//! default, which leaves the formula as above); the result is rounded down.
//! Grades: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below.

use crate::diagnostic::{Category, Diagnostic, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMULA: &str = "seaworthy-score/1";

/// Points per finding, by severity, and the per-rule cap (a multiple of the weight).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Weights {
    pub error: u32,
    pub warning: u32,
    pub info: u32,
    pub style: u32,
    /// A rule deducts at most `cap` × its severity weight, however often it fires.
    pub cap: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { error: 15, warning: 6, info: 2, style: 1, cap: 2 }
    }
}

impl Weights {
    pub fn of(&self, s: Severity) -> u32 {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
            Severity::Style => self.style,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Grade {
    A,
    B,
    C,
    D,
    F,
}

impl Grade {
    pub fn of(value: u32) -> Grade {
        match value {
            90.. => Grade::A,
            80..=89 => Grade::B,
            70..=79 => Grade::C,
            60..=69 => Grade::D,
            _ => Grade::F,
        }
    }
    /// The letter, as the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::F => "F",
        }
    }
}

/// Points one rule took away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Deduction {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    pub count: u32,
    pub points: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CategoryScore {
    pub value: u32,
    pub grade: Grade,
}

/// A file's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Score {
    pub value: u32,
    pub grade: Grade,
    pub categories: BTreeMap<Category, CategoryScore>,
    /// Every point lost, by rule (largest first).
    pub deductions: Vec<Deduction>,
    /// The score after applying every safe fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_safe_fixes: Option<u32>,
    /// The score after applying every fix, safe and unsafe.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_all_fixes: Option<u32>,
}

/// Scores a set of diagnostics with every category factor at 100%.
pub fn score(diags: &[Diagnostic], w: &Weights) -> Score {
    score_with(diags, w, &|_| 100)
}

/// Scores a set of diagnostics with a policy's score settings (weights, cap, category factors).
pub fn score_policy(diags: &[Diagnostic], s: &crate::policy::ScoreSettings) -> Score {
    score_with(diags, &s.weights, &|c| s.factor(c))
}

/// Scores a set of diagnostics: `factor(category)` is a percentage applied to the (capped)
/// points each rule of that category deducts, rounded down.
pub fn score_with(diags: &[Diagnostic], w: &Weights, factor: &dyn Fn(Category) -> u32) -> Score {
    // Per rule: category, worst severity, count. A list, not a map: the deductions are sorted
    // below by a total order (points, then rule), so the order here does not matter, and a
    // file's findings come from at most the rules of the catalogue and the policy (the
    // search is bounded by their number). One map type fewer in the wasm module.
    let mut per_rule: Vec<(&str, (Category, Severity, u32))> = Vec::new();
    for d in diags {
        let id = d.rule_id.as_ref();
        let k = match per_rule.iter().position(|(r, _)| *r == id) {
            Some(k) => k,
            None => {
                per_rule.push((id, (d.category, d.severity, 0)));
                per_rule.len() - 1
            }
        };
        let e = &mut per_rule[k].1;
        e.1 = e.1.max(d.severity);
        e.2 += 1;
    }
    let mut deductions: Vec<Deduction> = per_rule
        .into_iter()
        .map(|(rule, (category, severity, count))| {
            let weight = w.of(severity);
            let capped = (weight.saturating_mul(count)).min(weight.saturating_mul(w.cap.max(1)));
            let points = u32::try_from(u64::from(capped) * u64::from(factor(category)) / 100).unwrap_or(u32::MAX);
            Deduction { rule: rule.to_string(), category, severity, count, points }
        })
        .filter(|d| d.points > 0)
        .collect();
    crate::sort::sort_by(&mut deductions, |a, b| b.points.cmp(&a.points).then_with(|| a.rule.cmp(&b.rule)));
    let total: u32 = deductions.iter().fold(0u32, |acc, d| acc.saturating_add(d.points));
    let value = 100u32.saturating_sub(total);
    // Inserted one by one: `collect` into a `BTreeMap` sorts (one more copy of the sort in
    // the wasm module).
    let mut categories = BTreeMap::new();
    for c in Category::ALL {
        let lost: u32 = deductions.iter().filter(|d| d.category == c).fold(0u32, |acc, d| acc.saturating_add(d.points));
        let v = 100u32.saturating_sub(lost);
        categories.insert(c, CategoryScore { value: v, grade: Grade::of(v) });
    }
    Score { value, grade: Grade::of(value), categories, deductions, after_safe_fixes: None, after_all_fixes: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use proptest::prelude::*;

    fn diag(rule: &'static str, sev: Severity, cat: Category) -> Diagnostic {
        Diagnostic {
            rule_id: rule.into(),
            rule_name: rule.into(),
            severity: sev,
            category: cat,
            message: "m".into(),
            help: "h".into(),
            span: Span::default(),
            labels: vec![],
            fix: None,
        }
    }

    #[test]
    fn formula_and_caps() {
        let w = Weights::default();
        assert_eq!(score(&[], &w).value, 100);
        assert_eq!(score(&[], &w).grade, Grade::A);
        let d: Vec<_> = (0..10).map(|_| diag("R1", Severity::Warning, Category::Security)).collect();
        let s = score(&d, &w);
        assert_eq!(s.value, 100 - 12, "capped at 2x the warning weight");
        assert_eq!(s.categories[&Category::Security].value, 88);
        assert_eq!(s.categories[&Category::Efficiency].value, 100);
        assert_eq!(s.deductions[0].count, 10);
    }

    fn sev() -> impl Strategy<Value = Severity> {
        prop_oneof![Just(Severity::Error), Just(Severity::Warning), Just(Severity::Info), Just(Severity::Style)]
    }

    proptest! {
        #[test]
        fn removing_a_finding_never_lowers_the_score(items in proptest::collection::vec((0usize..5, sev()), 0..30), drop in 0usize..30) {
            const IDS: [&str; 5] = ["A", "B", "C", "D", "E"];
            let all: Vec<_> = items.iter().map(|(r, s)| diag(IDS[*r], *s, Category::Reliability)).collect();
            let w = Weights::default();
            let before = score(&all, &w);
            let mut fewer = all.clone();
            if !fewer.is_empty() { fewer.remove(drop % fewer.len()); }
            let after = score(&fewer, &w);
            prop_assert!(after.value >= before.value);
            prop_assert!(before.value <= 100);
        }
    }
}
