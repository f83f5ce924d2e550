//! The demo's cross-sector action plans: the Inpres agencies and Bengkulu's regional offices, one plan for the
//! province and one per kabupaten/kota for the current year, whose items target the iBangga variables that are
//! weakest in most of the region's villages (through the matrix activities that move them, owned by the regional
//! office of the responsible ministry), with progress reports so that some items are done, some under way, some
//! late, stalled or not started.

use crate::Mix;
use kkb_domain::date::{Date, today_utc};
use kkb_domain::kampung::{FamilyFunction, InpresArea, YearMonth};
use kkb_domain::planning::analysis::{Gap, gaps};
use kkb_domain::planning::{BudgetSource, ItemStatus, Matrix, Plan, PlanItem, PlanStatus, Progress, Transition};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::{Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};

fn function_of(area: u8, rng: &mut Mix) -> FamilyFunction {
    let choices: &[FamilyFunction] = match area {
        1 => &[FamilyFunction::Perlindungan],
        2 => &[FamilyFunction::SosialisasiPendidikan, FamilyFunction::CintaKasih, FamilyFunction::Agama],
        3 => &[FamilyFunction::Reproduksi, FamilyFunction::Ekonomi, FamilyFunction::SosialisasiPendidikan],
        _ => &[FamilyFunction::Lingkungan, FamilyFunction::SosialBudaya],
    };
    choices[rng.below(choices.len() as u64) as usize]
}

fn source_of(kind: &str, rng: &mut Mix) -> BudgetSource {
    match (kind, rng.below(10)) {
        ("dpmd", _) => BudgetSource::DanaDesa,
        (_, 0) => BudgetSource::Csr,
        (_, 1 | 2) => BudgetSource::Apbn,
        (_, 3) => BudgetSource::ApbdProvinsi,
        _ => BudgetSource::ApbdKabupaten,
    }
}

fn area_of(n: u8) -> InpresArea {
    InpresArea::try_from(n).unwrap_or(InpresArea::DataDokumen)
}

/// The items of a region's plan: for the variables that are weak in most villages, the matrix activities that
/// move them, owned by the region's office of the responsible ministry and aimed at the villages where the
/// variable is weak.
fn items_for(region: RegionCode, year: i32, gaps: &[Gap], rng: &mut Mix) -> Vec<PlanItem> {
    let m = Matrix::inpres();
    let mut by_variable: BTreeMap<&str, Vec<RegionCode>> = BTreeMap::new();
    for g in gaps {
        by_variable.entry(g.variable.as_str()).or_default().push(g.village);
    }
    let mut ranked: Vec<(&str, Vec<RegionCode>)> = by_variable.into_iter().collect();
    ranked.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut out = Vec::new();
    let mut used = BTreeSet::new();
    for (variable, villages) in ranked.into_iter().take(6) {
        for activity in m.activities_for(variable).into_iter().filter(|a| used.insert(a.id.clone())).take(2) {
            let Some((area, _)) = m.activity(&activity.id) else { continue };
            let Some(kind) = activity.responsible.iter().flat_map(|r| m.kinds_of(r)).next() else { continue };
            let start = 1 + rng.below(6) as u8;
            let end = (start + 2 + rng.below(6) as u8).min(12);
            let (Some(start), Some(end)) = (YearMonth::new(year, start), YearMonth::new(year, end)) else { continue };
            let targeted: BTreeSet<RegionCode> = villages.iter().take(4 + rng.below(9) as usize).copied().collect();
            let budget = (15 + rng.below(236) as i64) * 1_000_000 + 500_000 * rng.below(2) as i64;
            let supporting: BTreeSet<String> = if rng.below(2) == 0 && kind != "opd_kb" {
                [format!("opd_kb:{region}")].into_iter().collect()
            } else {
                BTreeSet::new()
            };
            out.push(PlanItem {
                activity: Some(activity.id.clone()),
                title: activity.name.clone(),
                area: area_of(area),
                functions: [function_of(area, rng)].into_iter().collect(),
                variables: activity.variables.iter().cloned().collect(),
                responsible: format!("{kind}:{region}"),
                supporting,
                villages: targeted.clone(),
                start,
                end,
                budget,
                budget_source: source_of(kind, rng),
                indicator: "Keluarga sasaran terlayani".into(),
                target: (targeted.len() * (20 + rng.below(30) as usize)) as f64,
                unit: "keluarga".into(),
                status: ItemStatus::Planned,
            });
        }
    }
    out
}

/// A progress history for an item of an approved plan on `today`: done, under way, late, stalled or nothing.
fn progress_for(item: &PlanItem, today: Date, rng: &mut Mix) -> Vec<Progress> {
    let now = YearMonth::of(today);
    let first = Date::new(item.start.year(), item.start.month(), 10);
    let Some(first) = first.filter(|d| *d <= today) else { return Vec::new() };
    let report = |date: Date, percent: u8, status| Progress {
        date,
        percent,
        spent: item.budget * i64::from(percent) / 100,
        status,
        note: "Laporan demo (sintetis)".into(),
        evidence: String::new(),
    };
    let days = |d: Date, n: i32| Date::from_days(d.to_days() + n).min(today);
    let roll = rng.below(20);
    if now > item.end {
        match roll {
            0..=11 => vec![
                report(first, 40, ItemStatus::InProgress),
                report(
                    Date::new(item.end.year(), item.end.month(), 20).unwrap_or(today).min(today),
                    100,
                    ItemStatus::Done,
                ),
            ],
            12..=16 => {
                vec![report(first, 30, ItemStatus::InProgress), report(days(today, -20), 70, ItemStatus::InProgress)]
            }
            _ => Vec::new(),
        }
    } else {
        match roll {
            0..=9 => vec![
                report(first, 20, ItemStatus::InProgress),
                report(days(today, -12).max(first), 55, ItemStatus::InProgress),
            ],
            10..=14 => vec![report(first, 15, ItemStatus::InProgress)],
            15..=16 => vec![report(first, 10, ItemStatus::Stalled)],
            _ => Vec::new(),
        }
    }
}

/// Creates the demo plans if the province has none; returns how many plans were created.
pub fn demo_plans(store: &Store) -> Result<usize, StoreError> {
    let province = RegionCode::parse("17").map_err(|e| StoreError::Corrupt(e.to_string()))?;
    store.seed_agencies(province)?;
    if !store.plans(Some(province), None)?.is_empty() {
        return Ok(0);
    }
    let today = today_utc();
    let year = today.year();
    let m = Matrix::inpres();
    let mut rng = Mix(2026);
    let mut regions: Vec<(RegionCode, String)> = vec![(province, format!("opd_kb:{province}"))];
    for (i, r) in store.children(province)?.into_iter().enumerate() {
        let office = if i % 2 == 0 { "bappeda" } else { "opd_kb" };
        regions.push((r.code, format!("{office}:{}", r.code)));
    }
    let count = regions.len();
    for (i, (region, coordinator)) in regions.into_iter().enumerate() {
        let name = store.region(region)?.map(|r| r.name).unwrap_or_default();
        let villages = store.descendant_figures(region, Level::Village, None)?;
        let weak = gaps(m, &villages, &[], 3);
        let plan = store.create_plan(&Plan {
            id: 0,
            region,
            year,
            title: format!("Rencana aksi Kampung KB {name} {year}"),
            status: PlanStatus::Draft,
            coordinator,
            note: String::new(),
            version: 0,
        })?;
        // The province plan works through the province's offices in the weakest villages of the whole province.
        let items = items_for(region, year, &weak, &mut rng);
        for item in &items {
            store.add_item(plan.id, item, None)?;
        }
        // Most plans are approved and under way; one waits for approval, two are still drafts.
        let target = match i {
            8 => PlanStatus::Submitted,
            9 | 10 => PlanStatus::Draft,
            _ => PlanStatus::Approved,
        };
        if target != PlanStatus::Draft && !items.is_empty() {
            let p = store.transition_plan(
                plan.id,
                Transition::Submit,
                store.plan(plan.id)?.map_or(0, |p| p.version),
                "",
            )?;
            if target == PlanStatus::Approved {
                store.transition_plan(plan.id, Transition::Approve, p.version, "Disetujui dalam rapat koordinasi")?;
                for stored in store.items(plan.id)? {
                    for report in progress_for(&stored.item, today, &mut rng) {
                        store.add_progress(stored.id, &report, "demo")?;
                    }
                }
            }
        }
    }
    Ok(count)
}
