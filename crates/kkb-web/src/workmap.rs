//! What the action plans add up to in a region (issue 5): the work map ("siapa mengerjakan apa": agencies ×
//! programme areas and agencies × villages), convergence and gaps per village, the effect of targeted items
//! between two PK rounds, late and stalled items on dashboards and per agency, and the plans as CSV/XLSX.
//!
//! Everything here reads; the plan pages and forms write. Plans are public documents and every figure is an
//! aggregate (a gap needs at least five families), so the pages are public. The plans of a region are those of
//! its province and kabupaten/kota and those under it ([`kkb_store::Store::plans_concerning`]); an item counts
//! for a region when it targets a village there or works region-wide (no target villages). The work map and
//! convergence in the JSON API are [`api`]'s.

pub mod api;
mod convergence;
mod flags;
mod page;
mod xlsx;

/// Every year with a plan concerning a region (the plans' own list asks it too).
pub use crate::plans::plan_years;
pub use convergence::{Analysis, GapRow, analysis};
pub use flags::{PlanCard, plan_card};
pub use xlsx::item_table;

use crate::i18n::Lang;
use crate::view;
use crate::{AppError, AppState};
use axum::Router;
use axum::routing::get;
use kkb_domain::date::{Date, today_utc};
use kkb_domain::figures::Figures;
use kkb_domain::kampung::InpresArea;
use kkb_domain::planning::{Agency, Flag, ItemStatus, Matrix, Plan, PlanItem, flags as item_flags};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::{StoredItem, StoredProgress};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The pages and downloads of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/wilayah/{code}/peta-kerja", get(page::page))
        .route("/wilayah/{code}/peta-kerja.xlsx", get(xlsx::workmap))
        .route("/wilayah/{code}/konvergensi", get(convergence::page))
        .route("/rencana/saya", get(flags::mine))
        .route("/rencana/{id}/ekspor/kegiatan.csv", get(xlsx::items_csv))
        .route("/rencana/{id}/ekspor/kegiatan.xlsx", get(xlsx::items_xlsx))
}

/// Query of the pages: the plan year (`tahun`, or `year` as the API and the dashboard links write it).
#[derive(Debug, Deserialize, Default)]
pub struct PlanQuery {
    /// The plan year (default: the latest year with a plan concerning the region, else this year).
    pub tahun: Option<i32>,
    /// The same, as the API spells it.
    pub year: Option<i32>,
    /// Page of the village table (1-based).
    pub hal: Option<usize>,
    /// The PK round of the gaps (default: latest).
    pub putaran: Option<u16>,
}

impl PlanQuery {
    /// The year asked for.
    pub fn year(&self) -> Option<i32> {
        self.tahun.or(self.year)
    }
}

/// An item of a plan concerning the region, with its latest report and its flags today.
pub struct Row {
    /// Index of its plan in [`RegionPlans::plans`].
    pub plan: usize,
    /// The stored item.
    pub stored: StoredItem,
    /// Its latest progress report.
    pub latest: Option<StoredProgress>,
    /// Why it needs attention.
    pub flags: Vec<Flag>,
}

impl Row {
    /// The item.
    pub fn item(&self) -> &PlanItem {
        &self.stored.item
    }

    /// The status as last reported (the item's own status before any report).
    pub fn status(&self) -> ItemStatus {
        self.latest.as_ref().map(|p| p.progress.status).unwrap_or(self.stored.item.status)
    }
}

/// The plans of one year concerning a region, their items that count there, and the names to show.
pub struct RegionPlans {
    /// The region.
    pub code: RegionCode,
    /// Its name.
    pub name: String,
    /// The plan year shown.
    pub year: i32,
    /// Every year with a plan concerning the region, newest first.
    pub years: Vec<i32>,
    /// The plans, by region.
    pub plans: Vec<Plan>,
    /// Their items that count in the region, by plan then id.
    pub rows: Vec<Row>,
    /// Names of agencies and regions.
    pub names: Names,
    /// The day the flags were computed for.
    pub today: Date,
}

impl RegionPlans {
    /// The analyses' view of the items.
    pub fn placed(&self) -> Vec<kkb_domain::planning::analysis::Placed<'_>> {
        self.rows
            .iter()
            .map(|r| kkb_domain::planning::analysis::Placed {
                id: r.stored.id,
                region: self.plans[r.plan].region,
                item: &r.stored.item,
            })
            .collect()
    }

    /// The plan of a row.
    pub fn plan_of(&self, r: &Row) -> &Plan {
        &self.plans[r.plan]
    }

    /// How many items carry each flag: (late, stalled, not started).
    pub fn flag_counts(&self, plan_id: Option<i64>) -> (usize, usize, usize) {
        let mut n = (0, 0, 0);
        for r in self.rows.iter().filter(|r| plan_id.is_none_or(|p| self.plans[r.plan].id == p)) {
            for f in &r.flags {
                match f {
                    Flag::Late => n.0 += 1,
                    Flag::Stalled => n.1 += 1,
                    Flag::NotStarted => n.2 += 1,
                }
            }
        }
        n
    }
}

/// Whether an item counts in `code`: it works region-wide, or targets a village there.
pub fn counts_in(item: &PlanItem, code: RegionCode) -> bool {
    item.villages.is_empty() || item.villages.iter().any(|v| v.is_within(code))
}

/// The plans of `year` (default: the latest with a plan, else this year) concerning `code`.
pub fn load(app: &AppState, code: RegionCode, year: Option<i32>) -> Result<RegionPlans, AppError> {
    let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
    let today = today_utc();
    let years = plan_years(app, code)?;
    let year = year.or(years.first().copied()).unwrap_or(today.year());
    if !(2000..=2100).contains(&year) {
        return Err(AppError::BadRequest(format!("{year} is not a plan year")));
    }
    let plans = app.store.plans_concerning(code, year)?;
    let mut rows = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let mut latest = app.store.latest_progress(plan.id)?;
        for stored in app.store.items(plan.id)? {
            if !counts_in(&stored.item, code) {
                continue;
            }
            let latest = latest.remove(&stored.id);
            let flags = item_flags(&stored.item, latest.as_ref().map(|p| &p.progress), today);
            rows.push(Row { plan: i, stored, latest, flags });
        }
    }
    let names = Names::load(app, code)?;
    Ok(RegionPlans { code, name: region.name, year, years, plans, rows, names, today })
}

/// Agency and region names as the pages show them.
pub struct Names {
    /// The region the page is about (its own offices go by their short name).
    pub page: RegionCode,
    /// Every agency by id.
    pub agencies: BTreeMap<String, Agency>,
    /// Names of the province and kabupaten/kota that have offices.
    pub regions: HashMap<RegionCode, String>,
}

impl Names {
    /// Every agency, and the names of the regions with offices.
    pub fn load(app: &AppState, page: RegionCode) -> Result<Names, AppError> {
        let agencies: BTreeMap<String, Agency> =
            app.store.agencies(None)?.into_iter().map(|a| (a.id.clone(), a)).collect();
        let mut regions = HashMap::new();
        for r in agencies.values().filter_map(|a| a.region) {
            if let std::collections::hash_map::Entry::Vacant(e) = regions.entry(r)
                && let Some(x) = app.store.region(r)?
            {
                e.insert(x.name);
            }
        }
        Ok(Names { page, agencies, regions })
    }

    /// A short label: `Dinkes` for the page region's own office and national agencies, `Dinkes Prov. Bengkulu`
    /// or `Dinkes Bengkulu Selatan` for another region's.
    pub fn label(&self, id: &str) -> String {
        let Some(a) = self.agencies.get(id) else { return id.to_string() };
        match a.region {
            None => a.short.clone(),
            Some(r) if r == self.page => a.short.clone(),
            Some(r) => format!("{} {}", a.short, self.region_short(r)),
        }
    }

    /// The full name (`Dinas Kesehatan Kabupaten Bengkulu Selatan`).
    pub fn full(&self, id: &str) -> String {
        self.agencies.get(id).map(|a| a.name.clone()).unwrap_or_else(|| id.to_string())
    }

    /// A region's name without `Kabupaten`, a province's as `Prov. …`.
    pub fn region_short(&self, r: RegionCode) -> String {
        let name = self.regions.get(&r).map(String::as_str).unwrap_or("");
        match r.level() {
            Level::Province => format!("Prov. {name}"),
            _ => name.strip_prefix("Kabupaten ").unwrap_or(name).to_string(),
        }
    }
}

/// The villages of a region in code order, their kecamatan's names, and (when a round exists) their figures.
pub struct Villages {
    /// (code, name) of every desa/kelurahan.
    pub list: Vec<(RegionCode, String)>,
    /// Names of the kecamatan.
    pub districts: HashMap<RegionCode, String>,
    /// The round of [`Villages::figures`].
    pub round: Option<u16>,
    /// Village figures of that round, in the order of `list`.
    pub figures: Vec<Figures>,
}

impl Villages {
    /// The villages of `code` with figures of `round` (the latest when `None`; none when no round exists).
    pub fn load(app: &AppState, code: RegionCode, round: Option<u16>) -> Result<Villages, AppError> {
        let mut out = Villages { list: Vec::new(), districts: HashMap::new(), round: None, figures: Vec::new() };
        for d in districts(app, code)? {
            out.districts.insert(d.code, d.name);
        }
        let has_round = match round {
            Some(_) => true,
            None => app.store.rounds()?.iter().any(|r| r.published.is_some()),
        };
        if has_round {
            let figures = if code.level() == Level::Village {
                vec![app.store.region_figures(code, round, false)?]
            } else {
                app.store.descendant_figures(code, Level::Village, round)?
            };
            out.round = figures.first().map(|f| f.year).or(round);
            out.list = figures.iter().map(|f| (f.region.code, f.region.name.clone())).collect();
            out.figures = figures;
        } else if code.level() == Level::Village {
            let r = app.store.region(code)?.ok_or(AppError::NotFound)?;
            out.list.push((r.code, r.name));
        } else {
            let mut ds: Vec<RegionCode> = out.districts.keys().copied().collect();
            ds.sort();
            for d in ds {
                out.list.extend(app.store.children(d)?.into_iter().map(|v| (v.code, v.name)));
            }
        }
        if code.level() == Level::Village
            && let Some(d) = code.parent()
            && let Some(r) = app.store.region(d)?
        {
            out.districts.insert(d, r.name);
        }
        Ok(out)
    }

    /// The kecamatan name of a village.
    pub fn district_of(&self, village: RegionCode) -> &str {
        village.parent().and_then(|d| self.districts.get(&d)).map(String::as_str).unwrap_or("")
    }
}

/// The kecamatan at or under `code`.
fn districts(app: &AppState, code: RegionCode) -> Result<Vec<kkb_domain::region::Region>, AppError> {
    Ok(match code.level() {
        Level::Province => {
            let mut out = Vec::new();
            for r in app.store.children(code)? {
                out.extend(app.store.children(r.code)?);
            }
            out
        }
        Level::Regency => app.store.children(code)?,
        Level::District => app.store.region(code)?.into_iter().collect(),
        Level::Village => Vec::new(),
    })
}

/// The name of a programme area in the reader's language (`2 · Perubahan perilaku`).
pub fn area_label(l: Lang, area: u8) -> String {
    let m = Matrix::inpres();
    m.areas
        .iter()
        .find(|a| a.number == area)
        .map(|a| format!("{area} · {}", if l == Lang::En { &a.name_en } else { &a.name }))
        .unwrap_or_else(|| area.to_string())
}

/// The four programme areas, 1..=4.
pub const AREAS: [InpresArea; 4] =
    [InpresArea::DataDokumen, InpresArea::PerubahanPerilaku, InpresArea::LayananRujukan, InpresArea::Lingkungan];

/// The matrix activity of an item, as `2.2.1 · Name`, and its programme's name; empty for a custom activity.
pub fn activity_label(l: Lang, id: Option<&str>) -> (String, String) {
    let Some(id) = id else { return (String::new(), String::new()) };
    let m = Matrix::inpres();
    match m.activities().find(|(_, _, x)| x.id == id) {
        Some((_, p, x)) => {
            let (pn, xn) = if l == Lang::En { (&p.name_en, &x.name_en) } else { (&p.name, &x.name) };
            (format!("{} · {xn}", x.id), format!("{} · {pn}", p.id))
        }
        None => (id.to_string(), String::new()),
    }
}

/// An item status in words.
pub fn status_label(l: Lang, s: ItemStatus) -> &'static str {
    l.t(match s {
        ItemStatus::Planned => "wm.status.planned",
        ItemStatus::InProgress => "wm.status.in_progress",
        ItemStatus::Done => "wm.status.done",
        ItemStatus::Stalled => "wm.status.stalled",
        ItemStatus::Cancelled => "wm.status.cancelled",
    })
}

/// A flag in words.
pub fn flag_label(l: Lang, f: Flag) -> &'static str {
    l.t(match f {
        Flag::Late => "wm.flag.late",
        Flag::Stalled => "wm.flag.stalled",
        Flag::NotStarted => "wm.flag.not_started",
    })
}

/// The flag's id in JSON and CSS.
pub fn flag_id(f: Flag) -> &'static str {
    match f {
        Flag::Late => "late",
        Flag::Stalled => "stalled",
        Flag::NotStarted => "not_started",
    }
}

/// The badge colour of a flag (the category palette: late as Rentan, stalled as Berkembang).
pub fn flag_css(f: Flag) -> &'static str {
    match f {
        Flag::Late => "cat-rentan",
        Flag::Stalled => "cat-berkembang",
        Flag::NotStarted => "cat-none",
    }
}

/// A plan status in words.
pub fn plan_status_label(l: Lang, s: kkb_domain::planning::PlanStatus) -> &'static str {
    use kkb_domain::planning::PlanStatus;
    l.t(match s {
        PlanStatus::Draft => "wm.plan.draft",
        PlanStatus::Submitted => "wm.plan.submitted",
        PlanStatus::Approved => "wm.plan.approved",
    })
}

/// A budget source in words.
pub fn source_label(l: Lang, s: kkb_domain::planning::BudgetSource) -> &'static str {
    use kkb_domain::planning::BudgetSource;
    l.t(match s {
        BudgetSource::Apbn => "wm.source.apbn",
        BudgetSource::ApbdProvinsi => "wm.source.apbd_provinsi",
        BudgetSource::ApbdKabupaten => "wm.source.apbd_kabupaten",
        BudgetSource::DanaDesa => "wm.source.dana_desa",
        BudgetSource::Csr => "wm.source.csr",
        BudgetSource::Swadaya => "wm.source.swadaya",
    })
}

/// Rupiah as the reader writes them (`Rp 25.000.000`).
pub fn rupiah(l: Lang, n: i64) -> String {
    format!("Rp {}", l.count(n))
}

/// The months of an item as data, for workbook and CSV cells (`2026-02 – 2026-11`).
pub fn months(item: &PlanItem) -> String {
    if item.start == item.end { item.start.to_string() } else { format!("{} – {}", item.start, item.end) }
}

/// The months of an item in words, for pages (`Februari–November 2026`).
pub fn month_words(l: Lang, item: &PlanItem) -> String {
    l.month_span(item.start, item.end)
}

/// The target villages of an item in words: their names, or region-wide.
pub fn village_names(l: Lang, item: &PlanItem, plan_region_name: &str, names: &HashMap<RegionCode, String>) -> String {
    if item.villages.is_empty() {
        return format!("{} {plan_region_name}", l.t("wm.region_wide"));
    }
    item.villages.iter().map(|v| names.get(v).cloned().unwrap_or_else(|| v.to_string())).collect::<Vec<_>>().join(", ")
}

/// A region code from the path, for the region pages: a province, kabupaten/kota or kecamatan.
pub fn page_region(s: &str) -> Result<RegionCode, AppError> {
    let code = view::region_code(s)?;
    if code.level() == Level::Village {
        return Err(AppError::NotFound);
    }
    Ok(code)
}
