//! What a plan item's form shows: a stored item's values, a new item's defaults, or what was typed.

use crate::i18n::Lang;
use crate::kampung::forms::Submitted;
use kkb_domain::planning::{BudgetSource, ItemStatus, Plan, PlanItem};
use kkb_domain::region::Level;
use std::collections::BTreeSet;

pub(super) struct Values {
    pub(super) activity: String,
    pub(super) title: String,
    pub(super) area: String,
    pub(super) functions: BTreeSet<String>,
    pub(super) variables: BTreeSet<String>,
    pub(super) responsible: String,
    pub(super) supporting: BTreeSet<String>,
    /// Ticked village codes, or the text typed (province plans).
    pub(super) villages: Vec<String>,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) budget: String,
    pub(super) source: String,
    pub(super) indicator: String,
    pub(super) target: String,
    pub(super) unit: String,
    pub(super) status: String,
}

impl Values {
    pub(super) fn of(l: Lang, it: &PlanItem) -> Values {
        Values {
            activity: it.activity.clone().unwrap_or_default(),
            title: it.title.clone(),
            area: u8::from(it.area).to_string(),
            functions: it.functions.iter().map(|f| f.id().to_string()).collect(),
            variables: it.variables.clone(),
            responsible: it.responsible.clone(),
            supporting: it.supporting.clone(),
            villages: it.villages.iter().map(ToString::to_string).collect(),
            start: it.start.to_string(),
            end: it.end.to_string(),
            budget: l.count(it.budget),
            source: it.budget_source.id().into(),
            indicator: it.indicator.clone(),
            // Plain digits: a grouped "1.500" would read back as one and a half.
            target: it.target.to_string(),
            unit: it.unit.clone(),
            status: it.status.id().into(),
        }
    }

    pub(super) fn blank(plan: &Plan, responsible: Option<&str>) -> Values {
        let source = if plan.region.level() == Level::Province {
            BudgetSource::ApbdProvinsi
        } else {
            BudgetSource::ApbdKabupaten
        };
        Values {
            activity: String::new(),
            title: String::new(),
            area: String::new(),
            functions: BTreeSet::new(),
            variables: BTreeSet::new(),
            responsible: responsible.unwrap_or_default().to_string(),
            supporting: BTreeSet::new(),
            villages: Vec::new(),
            start: format!("{}-01", plan.year),
            end: format!("{}-12", plan.year),
            budget: String::new(),
            source: source.id().into(),
            indicator: String::new(),
            target: String::new(),
            unit: String::new(),
            status: ItemStatus::Planned.id().into(),
        }
    }

    pub(super) fn typed(f: &Submitted) -> Values {
        let s = |k: &str| f.get(k).to_string();
        Values {
            activity: s("activity"),
            title: s("title"),
            area: s("area"),
            functions: f.all("functions"),
            variables: f.all("variables"),
            responsible: s("responsible"),
            supporting: f.all("supporting"),
            villages: f.all("villages").into_iter().collect(),
            start: s("start"),
            end: s("end"),
            budget: s("budget"),
            source: s("source"),
            indicator: s("indicator"),
            target: s("target"),
            unit: s("unit"),
            status: s("status"),
        }
    }
}
