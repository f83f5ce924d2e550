//! The work map page, `/wilayah/{code}/peta-kerja`: agencies × programme areas (each item's title, flags and
//! budget) and agencies × villages (which agency works where, by kecamatan; region-wide items on their own rows).
//! It prints as a workshop handout; the same tables are the `.xlsx` and the API's `workmap`.

use super::{
    AREAS, PlanQuery, RegionPlans, Villages, area_label, flag_css, flag_id, flag_label, load, page_region, rupiah,
};
use crate::i18n::Lang;
use crate::layout::{Crumb, Layout};
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::planning::ItemStatus;
use kkb_domain::region::RegionCode;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One item in a cell of the agencies × areas table.
pub struct Entry {
    /// The item's title.
    pub title: String,
    /// Its plan page.
    pub href: String,
    /// The agency supports it (another agency is responsible).
    pub support: bool,
    /// Its budget as shown (responsible agency only).
    pub budget: String,
    /// Its flags: (id, label, CSS class).
    pub flags: Vec<(&'static str, &'static str, &'static str)>,
    /// Done or cancelled (shown struck through).
    pub closed: bool,
}

/// A row of the agencies × areas table.
pub struct AgencyRow {
    /// The agency id.
    pub id: String,
    /// Short label.
    pub label: String,
    /// Full name.
    pub full: String,
    /// Its items per area.
    pub cells: Vec<Vec<Entry>>,
    /// Items it is responsible for.
    pub items: usize,
    /// Their budget, as shown.
    pub budget: String,
}

/// The agencies × areas table, the same for the page, the workbook and the API.
pub struct AreaTable {
    /// One row per agency that owns or supports an item, by label.
    pub rows: Vec<AgencyRow>,
    /// Per area: (items, budget in rupiah).
    pub totals: [(usize, i64); 4],
    /// Per agency id and area: (items responsible, budget in rupiah).
    pub sums: BTreeMap<String, [(usize, i64); 4]>,
}

/// The agencies × areas table of the plans.
pub fn area_table(l: Lang, rp: &RegionPlans) -> AreaTable {
    let mut by_agency: BTreeMap<String, Vec<Vec<Entry>>> = BTreeMap::new();
    let mut sums: BTreeMap<String, [(usize, i64); 4]> = BTreeMap::new();
    let mut totals = [(0usize, 0i64); 4];
    for r in &rp.rows {
        let item = r.item();
        let a = usize::from(u8::from(item.area)) - 1;
        let plan = rp.plan_of(r);
        let closed = matches!(r.status(), ItemStatus::Done | ItemStatus::Cancelled);
        let flags: Vec<_> = r.flags.iter().map(|f| (flag_id(*f), flag_label(l, *f), flag_css(*f))).collect();
        let href = format!("/rencana/{}#item-{}", plan.id, r.stored.id);
        if item.status != ItemStatus::Cancelled {
            totals[a].0 += 1;
            totals[a].1 += item.budget;
            let s = &mut sums.entry(item.responsible.clone()).or_default()[a];
            s.0 += 1;
            s.1 += item.budget;
        }
        let entry = |support: bool| Entry {
            title: item.title.clone(),
            href: href.clone(),
            support,
            budget: if support { String::new() } else { rupiah(l, item.budget) },
            flags: flags.clone(),
            closed,
        };
        by_agency.entry(item.responsible.clone()).or_insert_with(empty_cells)[a].push(entry(false));
        for s in &item.supporting {
            by_agency.entry(s.clone()).or_insert_with(empty_cells)[a].push(entry(true));
        }
    }
    let mut rows: Vec<AgencyRow> = by_agency
        .into_iter()
        .map(|(id, cells)| {
            let s = sums.get(&id).copied().unwrap_or_default();
            AgencyRow {
                label: rp.names.label(&id),
                full: rp.names.full(&id),
                items: s.iter().map(|x| x.0).sum(),
                budget: rupiah(l, s.iter().map(|x| x.1).sum()),
                cells,
                id,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.label.to_lowercase().cmp(&b.label.to_lowercase()).then(a.id.cmp(&b.id)));
    AreaTable { rows, totals, sums }
}

fn empty_cells() -> Vec<Vec<Entry>> {
    (0..4).map(|_| Vec::new()).collect()
}

/// A row of the agencies × villages table: a village (or the region-wide items of a plan) and, per agency
/// column, the programme areas it works in there.
pub struct VillageRow {
    /// Village code, or empty for a region-wide row.
    pub code: String,
    /// Village name, or "whole region" with the plan's region.
    pub name: String,
    /// Kecamatan heading when it changes (first village of a kecamatan).
    pub district: Option<String>,
    /// Per agency column: the area numbers (`2, 3`) and the item titles (for the tooltip).
    pub cells: Vec<(String, String)>,
}

/// The agencies × villages table.
pub struct VillageTable {
    /// The agency columns: (id, label, full name).
    pub agencies: Vec<(String, String, String)>,
    /// Region-wide rows first, then the targeted villages of the region by code.
    pub rows: Vec<VillageRow>,
}

/// The agencies × villages table: region-wide items on one row per plan, then every village of the region
/// named by an item.
pub fn village_table(l: Lang, rp: &RegionPlans, villages: &Villages) -> VillageTable {
    // (row key, agency) → (areas, titles); the row key sorts region-wide rows (by plan) before villages.
    type Key = (u8, String);
    let mut cells: BTreeMap<(Key, String), (BTreeSet<u8>, Vec<String>)> = BTreeMap::new();
    let mut agencies: BTreeSet<String> = BTreeSet::new();
    let mut row_names: BTreeMap<Key, String> = BTreeMap::new();
    let village_names: HashMap<RegionCode, &str> = villages.list.iter().map(|(c, n)| (*c, n.as_str())).collect();
    for r in &rp.rows {
        let item = r.item();
        if item.status == ItemStatus::Cancelled {
            continue;
        }
        let plan = rp.plan_of(r);
        let keys: Vec<Key> = if item.villages.is_empty() {
            let key = (0, plan.region.to_string());
            row_names.insert(key.clone(), format!("{} {}", l.t("wm.region_wide"), region_name(rp, plan.region)));
            vec![key]
        } else {
            item.villages
                .iter()
                .filter(|v| v.is_within(rp.code))
                .map(|v| {
                    let key = (1, v.to_string());
                    row_names.insert(key.clone(), village_names.get(v).map(|s| s.to_string()).unwrap_or_default());
                    key
                })
                .collect()
        };
        let mut who = vec![item.responsible.clone()];
        who.extend(item.supporting.iter().cloned());
        for k in keys {
            for a in &who {
                agencies.insert(a.clone());
                let c = cells.entry((k.clone(), a.clone())).or_default();
                c.0.insert(u8::from(item.area));
                c.1.push(item.title.clone());
            }
        }
    }
    let mut columns: Vec<(String, String, String)> =
        agencies.into_iter().map(|a| (a.clone(), rp.names.label(&a), rp.names.full(&a))).collect();
    columns.sort_by_key(|a| a.1.to_lowercase());
    let mut rows = Vec::new();
    let mut last_district = None;
    for (key, name) in row_names {
        let code = if key.0 == 0 { String::new() } else { key.1.clone() };
        let district = if key.0 == 1 {
            let v = RegionCode::parse(&key.1).ok();
            let d = v.and_then(|v| v.parent());
            if d != last_district {
                last_district = d;
                v.map(|v| villages.district_of(v).to_string())
            } else {
                None
            }
        } else {
            None
        };
        let row_cells = columns
            .iter()
            .map(|(a, _, _)| match cells.get(&(key.clone(), a.clone())) {
                Some((areas, titles)) => {
                    (areas.iter().map(u8::to_string).collect::<Vec<_>>().join(", "), titles.join("; "))
                }
                None => (String::new(), String::new()),
            })
            .collect();
        rows.push(VillageRow { code, name, district, cells: row_cells });
    }
    VillageTable { agencies: columns, rows }
}

/// The name of a plan's region.
pub fn region_name(rp: &RegionPlans, region: RegionCode) -> String {
    rp.names.regions.get(&region).cloned().unwrap_or_else(|| region.to_string())
}

/// A plan as listed at the top of the pages.
pub struct PlanLink {
    /// Its page.
    pub href: String,
    /// Title.
    pub title: String,
    /// The region's name.
    pub region: String,
    /// Status in words.
    pub status: &'static str,
    /// Items that count in the region.
    pub items: usize,
    /// Their budget.
    pub budget: String,
}

/// The plans of the page.
pub fn plan_links(l: Lang, rp: &RegionPlans) -> Vec<PlanLink> {
    rp.plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let rows: Vec<_> = rp.rows.iter().filter(|r| r.plan == i).collect();
            PlanLink {
                href: format!("/rencana/{}", p.id),
                title: p.title.clone(),
                region: region_name(rp, p.region),
                status: super::plan_status_label(l, p.status),
                items: rows.len(),
                budget: rupiah(
                    l,
                    rows.iter().filter(|r| r.item().status != ItemStatus::Cancelled).map(|r| r.item().budget).sum(),
                ),
            }
        })
        .collect()
}

/// Breadcrumbs of a region page.
pub fn crumbs(app: &AppState, code: RegionCode) -> Result<Vec<Crumb>, AppError> {
    let mut lineage: Vec<RegionCode> = code.lineage().collect();
    lineage.sort_by_key(|c| c.level() as u8);
    let mut out = Vec::new();
    for c in lineage {
        if let Some(r) = app.store.region(c)? {
            out.push(Crumb { href: format!("/wilayah/{c}"), name: r.name });
        }
    }
    Ok(out)
}

/// The year links: (year, href, current).
pub fn year_links(rp: &RegionPlans, path: &str) -> Vec<(i32, String, bool)> {
    let mut years = rp.years.clone();
    if !years.contains(&rp.year) {
        years.push(rp.year);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    years.into_iter().map(|y| (y, format!("/wilayah/{}/{path}?tahun={y}", rp.code), y == rp.year)).collect()
}

#[derive(Template)]
#[template(path = "workmap.html")]
struct WorkmapPage {
    c: Layout,
    l: Lang,
    code: String,
    name: String,
    crumbs: Vec<Crumb>,
    year: i32,
    years: Vec<(i32, String, bool)>,
    plans: Vec<PlanLink>,
    areas: Vec<String>,
    table: AreaTable,
    totals: Vec<(usize, String)>,
    villages: VillageTable,
    counts: (usize, usize, usize),
}

/// `/wilayah/{code}/peta-kerja?tahun=`: the work map of a province, kabupaten/kota or kecamatan.
pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = page_region(&code)?;
        let rp = load(app, code, q.year())?;
        let l = ctx.lang;
        let villages = Villages::load(app, code, None)?;
        let table = area_table(l, &rp);
        let page = WorkmapPage {
            c: Layout::new(&ctx),
            l,
            code: code.to_string(),
            name: rp.name.clone(),
            crumbs: crumbs(app, code)?,
            year: rp.year,
            years: year_links(&rp, "peta-kerja"),
            plans: plan_links(l, &rp),
            areas: AREAS.iter().map(|a| area_label(l, u8::from(*a))).collect(),
            totals: table.totals.iter().map(|(n, b)| (*n, rupiah(l, *b))).collect(),
            table,
            villages: village_table(l, &rp, &villages),
            counts: rp.flag_counts(None),
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}
