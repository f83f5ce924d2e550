//! Region dashboards: the iBangga of a region beside the published references, its dimensions, categories,
//! weakest variables, change since the last round, and its sub-regions in a sortable table, a bar chart and a
//! choropleth map; the weakest villages per variable; and every table as CSV/XLSX.

use crate::charts::{self, Bar, Segment};
use crate::export::{Cell, Table};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::disclosure::{Disclosure, Hidden};
use kkb_domain::figures::Figures;
use kkb_domain::methodology::Category;
use kkb_domain::region::{Level, RegionCode};
use serde::Deserialize;

/// Query of a region page.
#[derive(Debug, Deserialize, Default)]
pub struct RegionQuery {
    /// The round (default: latest).
    pub year: Option<u16>,
    /// Sort key of the sub-region table.
    pub sort: Option<String>,
    /// `asc` or `desc`.
    pub dir: Option<String>,
}

/// A breadcrumb.
pub struct Crumb {
    /// Link.
    pub href: String,
    /// Name.
    pub name: String,
}

/// A labelled value.
pub struct Stat {
    /// Label.
    pub label: String,
    /// Value as shown.
    pub value: String,
    /// A CSS class (e.g. `up`/`down`).
    pub class: &'static str,
}

/// A variable row.
pub struct VarRow {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Dimension label.
    pub dimension: String,
    /// Families where it applies.
    pub applicable: String,
    /// Families meeting it.
    pub met: String,
    /// Percent as shown.
    pub percent: String,
    /// Percent for sorting and charts.
    pub value: Option<f64>,
}

/// A sub-region row.
pub struct ChildRow {
    /// Link.
    pub href: String,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Families.
    pub families: String,
    /// iBangga.
    pub ibangga: String,
    /// Dimension indices in methodology order.
    pub dims: Vec<String>,
    /// Share of Rentan families.
    pub rentan: String,
    /// Category label.
    pub category: &'static str,
    /// Category CSS class.
    pub class: &'static str,
    /// Kampung KB formed / villages.
    pub coverage: String,
    /// Active Kampung KB per class, compact (D / B / M / B).
    pub classes: String,
}

/// Kampung KB coverage of the region.
pub struct CoverageView {
    /// Formed (active, launched).
    pub formed: String,
    /// Villages.
    pub villages: String,
    /// Share as shown.
    pub percent: String,
    /// For a village: its launch date, if it has a Kampung KB.
    pub since: Option<String>,
    /// Coverage at each year end since the programme began (bar chart).
    pub timeline: String,
    /// Coverage map of the sub-regions.
    pub map: Option<String>,
}

/// A sortable column header.
pub struct SortLink {
    /// Label.
    pub label: String,
    /// Link that sorts by it.
    pub href: String,
    /// `ascending`/`descending`/`none` for aria-sort.
    pub aria: &'static str,
}

#[derive(Template)]
#[template(path = "region_body.html")]
struct RegionPage {
    l: Lang,
    code: String,
    name: String,
    level: String,
    crumbs: Vec<Crumb>,
    years: Vec<(u16, String, bool)>,
    year: u16,
    has_round: bool,
    hidden: bool,
    ibangga: String,
    category: &'static str,
    category_class: &'static str,
    headline: Vec<Stat>,
    refs: Vec<Stat>,
    prev_year: Option<u16>,
    changes: Vec<Stat>,
    dims_chart: String,
    cats_chart: String,
    weakest: Vec<VarRow>,
    variables: Vec<VarRow>,
    fp: Vec<Stat>,
    child_level: String,
    dim_labels: Vec<String>,
    children: Vec<ChildRow>,
    sort_links: Vec<SortLink>,
    children_chart: String,
    map: Option<String>,
    legend: Vec<(&'static str, String)>,
    may_families: bool,
    may_edit: bool,
    is_village: bool,
    coverage: Option<CoverageView>,
    coverage_legend: Vec<(&'static str, String)>,
    classes: Option<crate::registry::ClassSummary>,
    plans: Option<crate::workmap::PlanCard>,
}

/// `/`: the user's region, or the province with the most families.
pub async fn home(State(app): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if let Some(code) = ctx.who.home() {
        return Ok(Redirect::to(&format!("/wilayah/{code}")).into_response());
    }
    let set = app.store.region_set()?;
    let mut best: Option<(i64, RegionCode)> = None;
    if let Ok(round) = app.store.round(None) {
        for p in 11..=99u8 {
            if !set.is_province(p) {
                continue;
            }
            let code = RegionCode::parse(&format!("{p:02}")).map_err(|e| AppError::Internal(e.to_string()))?;
            let f = app.store.region_figures(code, Some(round.year), false)?;
            if f.families > best.map_or(0, |b| b.0) {
                best = Some((f.families, code));
            }
        }
    }
    let code = best.map(|b| b.1.to_string()).unwrap_or_else(|| "17".into());
    Ok(Redirect::to(&format!("/wilayah/{code}")).into_response())
}

fn crumbs(app: &AppState, code: RegionCode, year: u16) -> Result<Vec<Crumb>, AppError> {
    let mut out = Vec::new();
    let mut lineage: Vec<RegionCode> = code.lineage().collect();
    lineage.sort_by_key(|c| c.level() as u8);
    for c in lineage {
        if let Some(r) = app.store.region(c)? {
            out.push(Crumb { href: format!("/wilayah/{c}?year={year}"), name: r.name });
        }
    }
    Ok(out)
}

fn var_rows(l: Lang, f: &Figures, names: &[(String, String)], h: &Hidden) -> Vec<VarRow> {
    f.variables
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let show = !h.variable(i);
            let fallback = names.iter().find(|n| n.0 == v.id).map(|n| n.1.as_str()).unwrap_or(&v.id);
            VarRow {
                id: v.id.clone(),
                label: view::variable_label(l, &v.id, fallback),
                dimension: view::dimension_label(l, &v.dimension),
                applicable: if show { l.count(v.applicable) } else { "—".into() },
                met: if show { l.count(v.met) } else { "—".into() },
                percent: if show { l.fig(v.percent) } else { "—".into() },
                value: if show { v.percent } else { None },
            }
        })
        .collect()
}

fn category_class(c: Option<Category>) -> &'static str {
    match c {
        Some(Category::Rentan) => "cat-rentan",
        Some(Category::Berkembang) => "cat-berkembang",
        Some(Category::Tangguh) => "cat-tangguh",
        None => "cat-none",
    }
}

/// A sub-region's row; what its reader may not see is a dash (a hidden count is not always a small one: see
/// [`kkb_domain::disclosure`]).
fn child_row(l: Lang, f: &Figures, dims: &[String], year: u16, h: &Hidden) -> ChildRow {
    let show = !h.scored();
    let (_, rentan) = view::category(f, Category::Rentan);
    ChildRow {
        href: format!("/wilayah/{}?year={year}", f.region.code),
        code: f.region.code.to_string(),
        name: f.region.name.clone(),
        families: if h.all() { "—".into() } else { l.count(f.families) },
        ibangga: if show { l.fig(f.ibangga) } else { "—".into() },
        dims: dims.iter().map(|d| if show { l.fig(view::dimension(f, d)) } else { "—".into() }).collect(),
        rentan: if show { l.fig(rentan) } else { "—".into() },
        category: if show && f.ibangga.is_some() { view::category_label(l, f.category) } else { "—" },
        class: if show { category_class(f.category) } else { "cat-none" },
        coverage: String::new(),
        classes: String::new(),
    }
}

/// The first year of the programme (Kampung KB launched 14 January 2016).
const FIRST_YEAR: i32 = 2016;

fn share(c: kkb_store::Coverage) -> Option<f64> {
    (c.villages > 0).then(|| 100.0 * c.formed as f64 / c.villages as f64)
}

/// Kampung KB coverage of a region: now, at each year end, and per sub-region on a map.
fn coverage(app: &AppState, l: Lang, code: RegionCode) -> Result<CoverageView, AppError> {
    let now = app.store.coverage(code, None)?;
    let since = if code.level() == Level::Village {
        app.store.kampung(code)?.filter(|k| k.active).map(|k| l.date(k.launch_date))
    } else {
        None
    };
    let this_year = kkb_domain::date::today_utc().year();
    let mut bars = Vec::new();
    for y in FIRST_YEAR..=this_year {
        let end = kkb_domain::date::Date::new(y, 12, 31).ok_or_else(|| AppError::Internal("date".into()))?;
        let c = app.store.coverage(code, Some(end))?;
        let p = share(c);
        bars.push(Bar {
            label: y.to_string(),
            value: p,
            text: format!("{} ({}%)", l.count(c.formed), l.fig(p)),
            colour: p.map(view::coverage_colour).unwrap_or("#cccccc"),
            href: None,
        });
    }
    let timeline = charts::bars(l.t("cov.timeline"), &bars, None);
    let map = if code.level() == Level::Village {
        None
    } else {
        let children = app.store.coverage_children(code, None)?;
        let rows: Vec<(String, &'static str, String, String)> = children
            .iter()
            .map(|c| {
                let p = share(c.coverage);
                (
                    c.region.code.to_string(),
                    p.map(view::coverage_colour).unwrap_or(""),
                    format!("/wilayah/{}", c.region.code),
                    format!(
                        "{}: {} / {} ({}%)",
                        c.region.name,
                        l.count(c.coverage.formed),
                        l.count(c.coverage.villages),
                        l.fig(p)
                    ),
                )
            })
            .collect();
        let items: Vec<kkb_geo::MapItem<'_>> = rows
            .iter()
            .map(|(code, fill, href, title)| kkb_geo::MapItem { code, fill, href: Some(href), title, label: None })
            .collect();
        let opts = kkb_geo::MapOptions {
            width: 640,
            aria_label: l.t("cov.map"),
            highlight: None,
            no_data_label: l.t("dash.no_data"),
        };
        kkb_geo::Atlas::global().map(&code.to_string(), &items, &opts)
    };
    Ok(CoverageView {
        formed: l.count(now.formed),
        villages: l.count(now.villages),
        percent: l.fig(share(now)),
        since,
        timeline,
        map,
    })
}

fn sort_children(children: &mut [Figures], key: &str, desc: bool, d: &Disclosure) {
    let val = |f: &Figures| -> Option<f64> {
        let h = d.of(f.region.code);
        match key {
            _ if h.all() => None,
            "families" => Some(f.families as f64),
            _ if h.scored() => None,
            "ibangga" => f.ibangga,
            "rentan" => view::category(f, Category::Rentan).1,
            d => view::dimension(f, d),
        }
    };
    if key == "name" {
        children.sort_by(|a, b| a.region.name.cmp(&b.region.name));
        if desc {
            children.reverse();
        }
        return;
    }
    children.sort_by(|a, b| {
        let (x, y) = (val(a), val(b));
        // Missing values last in either direction.
        match (x, y) {
            (None, None) => a.region.code.cmp(&b.region.code),
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => {
                let o = x.total_cmp(&y);
                if desc { o.reverse() } else { o }
            }
        }
    });
}

/// `/wilayah/{code}`: the region dashboard.
pub async fn region(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<RegionQuery>,
) -> Result<Response, AppError> {
    let code = view::region_code(&code)?;
    let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
    let l = ctx.lang;
    let reader = crate::suppression::reader_key(&ctx.who);
    let may_families = ctx.who.may_view_families(code);
    let may_edit = code.level() == Level::Village && ctx.who.may_edit(code);
    // The body depends only on the data, the query, the language and what the reader may see: cached per data
    // version, the frame (user, CSRF token) is rendered per request.
    let version = app.store.data_version()?;
    // Plan flags depend on the day too.
    let key = format!(
        "{code}|{:?}|{:?}|{:?}|{}|{reader}|{may_families}|{may_edit}|{}",
        q.year,
        q.sort,
        q.dir,
        l.tag(),
        kkb_domain::date::today_utc()
    );
    let body = app.page_cache.get_or_try_insert(version, key, || {
        Ok::<_, AppError>(std::sync::Arc::from(region_body(
            &app,
            l,
            code,
            &region.name,
            &q,
            &ctx.who,
            may_families,
            may_edit,
        )?))
    })?;
    let frame = Frame { c: Layout::new(&ctx), l, title: region.name, body };
    Ok(Html(frame.render()?).into_response())
}

/// A page whose body was rendered (or cached) apart from its frame.
#[derive(Template)]
#[template(path = "frame.html")]
pub(crate) struct Frame {
    pub(crate) c: Layout,
    pub(crate) l: Lang,
    pub(crate) title: String,
    pub(crate) body: std::sync::Arc<str>,
}

#[allow(clippy::too_many_arguments)]
fn region_body(
    app: &AppState,
    l: Lang,
    code: RegionCode,
    name: &str,
    q: &RegionQuery,
    who: &crate::auth::Principal,
    may_families: bool,
    may_edit: bool,
) -> Result<String, AppError> {
    let rounds = app.store.rounds()?;
    // The default is the latest published round; a round not yet published is read by its year only.
    let year = q.year.or(rounds.iter().find(|r| r.published.is_some()).map(|r| r.year)).unwrap_or(0);
    let mut page = RegionPage {
        l,
        code: code.to_string(),
        name: name.to_string(),
        level: view::level_label(l, code.level()).into(),
        crumbs: crumbs(app, code, year)?,
        years: rounds
            .iter()
            .filter(|r| r.published.is_some() || r.year == year)
            .map(|r| (r.year, format!("/wilayah/{code}?year={}", r.year), r.year == year))
            .collect(),
        year,
        has_round: false,
        hidden: false,
        ibangga: "—".into(),
        category: "",
        category_class: "cat-none",
        headline: vec![],
        refs: vec![],
        prev_year: None,
        changes: vec![],
        dims_chart: String::new(),
        cats_chart: String::new(),
        weakest: vec![],
        variables: vec![],
        fp: vec![],
        child_level: String::new(),
        dim_labels: vec![],
        children: vec![],
        sort_links: vec![],
        children_chart: String::new(),
        map: None,
        legend: view::map_legend(l),
        may_families,
        may_edit,
        is_village: code.level() == Level::Village,
        coverage: None,
        coverage_legend: view::coverage_legend(l),
        classes: None,
        plans: None,
    };
    page.coverage = Some(coverage(app, l, code)?);
    page.plans = crate::workmap::plan_card(app, l, code)?;
    let class_counts = app.store.class_counts(code)?;
    page.classes = (code.level() != Level::Village || class_counts.total() > 0)
        .then(|| crate::registry::class_summary(l, code, &class_counts));
    let Some(round) = rounds.iter().find(|r| r.year == year) else {
        if q.year.is_some() {
            return Err(AppError::NotFound);
        }
        return Ok(page.render()?);
    };
    page.has_round = true;
    let mut f = app.store.region_figures(code, Some(round.year), code.level() != Level::Village)?;
    let m = app.store.methodology(&f.methodology)?;
    let def = m.definition();
    let names: Vec<(String, String)> = def.variables.iter().map(|v| (v.id.clone(), v.name.clone())).collect();
    let dim_ids: Vec<String> = def.dimensions.iter().map(|d| d.id.clone()).collect();
    page.dim_labels = dim_ids.iter().map(|d| view::dimension_label(l, d)).collect();
    let disclosure = crate::suppression::disclosure(app, who, code, Some(round.year))?;
    let h = disclosure.of(code);
    page.hidden = h.all();
    let national = view::national(year);
    if !page.hidden {
        page.headline = vec![
            Stat { label: l.t("dash.families").into(), value: l.count(f.families), class: "" },
            Stat {
                label: l.t("dash.scored").into(),
                value: if h.scored() { "—".into() } else { l.count(f.scored_families) },
                class: "",
            },
        ];
    }
    if !h.scored() {
        page.ibangga = l.fig(f.ibangga);
        page.category = if f.ibangga.is_some() { view::category_label(l, f.category) } else { "" };
        page.category_class = category_class(f.category);
        // Dimensions chart with the national line.
        let mut bars: Vec<Bar> = dim_ids
            .iter()
            .map(|d| {
                let v = view::dimension(&f, d);
                Bar { label: view::dimension_label(l, d), value: v, text: l.fig(v), colour: "#5e8cb8", href: None }
            })
            .collect();
        bars.push(Bar {
            label: "iBangga".into(),
            value: f.ibangga,
            text: l.fig(f.ibangga),
            colour: "#253494",
            href: None,
        });
        let reference = national.map(|n| (n, format!("{} {year}: {}", l.t("dash.national"), l.num(n, 2))));
        page.dims_chart =
            charts::bars(l.t("dash.dimensions"), &bars, reference.as_ref().map(|(v, s)| (*v, s.as_str())));
        // Categories.
        if f.scored_families > 0 {
            let segs: Vec<Segment> = Category::ALL
                .iter()
                .map(|c| {
                    let (n, p) = view::category(&f, *c);
                    Segment {
                        label: view::category_label(l, Some(*c)).into(),
                        percent: p.unwrap_or(0.0),
                        text: format!("{}% ({})", l.fig(p), l.count(n)),
                        colour: view::category_colour(*c),
                        ink: if *c == Category::Berkembang { "#000" } else { "#fff" },
                    }
                })
                .collect();
            page.cats_chart = charts::stacked(l.t("dash.categories"), &segs);
        }
    }
    if !page.hidden {
        page.variables = var_rows(l, &f, &names, &h);
        let mut weakest: Vec<VarRow> = var_rows(l, &f, &names, &h).into_iter().filter(|v| v.value.is_some()).collect();
        weakest.sort_by(|a, b| a.value.unwrap_or(0.0).total_cmp(&b.value.unwrap_or(0.0)));
        weakest.truncate(5);
        page.weakest = weakest;
        let fp = &f.family_planning;
        if !h.family_planning() {
            page.fp = vec![
                Stat { label: l.t("dash.pus").into(), value: l.count(fp.pus), class: "" },
                Stat { label: l.t("dash.cpr").into(), value: l.fig(fp.cpr), class: "" },
                Stat { label: l.t("dash.mcpr").into(), value: l.fig(fp.mcpr), class: "" },
                Stat { label: l.t("dash.mkjp").into(), value: l.fig(fp.mkjp_share), class: "" },
                Stat { label: l.t("dash.unmet").into(), value: l.fig(fp.unmet_need), class: "" },
            ];
        }
    }
    if let Some(n) = national {
        page.refs.push(Stat { label: format!("{} {year}", l.t("dash.national")), value: l.num(n, 2), class: "" });
    }
    if let Some(p) = view::provincial(code.province_number(), year) {
        let pname =
            app.store.region(code.ancestor_at(Level::Province).unwrap_or(code))?.map(|r| r.name).unwrap_or_default();
        page.refs.push(Stat {
            label: format!("{} {pname} {year}", l.t("dash.provincial_ref")),
            value: l.num(p, 2),
            class: "",
        });
    }
    // Round-over-round change.
    if let Some(prev) = rounds.iter().find(|r| r.year < year && r.published.is_some()) {
        page.prev_year = Some(prev.year);
        let p = app.store.region_figures(code, Some(prev.year), false)?;
        let before = crate::suppression::disclosure(app, who, code, Some(prev.year))?;
        if !h.scored() && !before.of(code).scored() {
            let mut pairs = vec![("iBangga".to_string(), f.ibangga, p.ibangga)];
            for d in &dim_ids {
                pairs.push((view::dimension_label(l, d), view::dimension(&f, d), view::dimension(&p, d)));
            }
            page.changes = pairs
                .into_iter()
                .map(|(label, now, before)| match (now, before) {
                    (Some(a), Some(b)) => Stat {
                        label,
                        value: l.delta(a - b),
                        class: if a - b >= 0.005 {
                            "up"
                        } else if a - b <= -0.005 {
                            "down"
                        } else {
                            ""
                        },
                    },
                    _ => Stat { label, value: "—".into(), class: "" },
                })
                .collect();
        }
    }
    // Sub-regions: for a village, its siblings give the map.
    let mut children = f.children.take().unwrap_or_default();
    if let Some(first) = children.first() {
        page.child_level = view::level_label(l, first.region.level).into();
    }
    let (sort, desc) = (q.sort.clone().unwrap_or_else(|| "ibangga".into()), q.dir.as_deref() != Some("asc"));
    let valid_sort = ["name", "families", "ibangga", "rentan"].contains(&sort.as_str()) || dim_ids.contains(&sort);
    let sort = if valid_sort { sort } else { "ibangga".into() };
    sort_children(&mut children, &sort, desc, &disclosure);
    let mut keys: Vec<(String, String)> = vec![
        ("name".into(), l.t("dash.name").into()),
        ("families".into(), l.t("dash.families").into()),
        ("ibangga".into(), "iBangga".into()),
    ];
    keys.extend(dim_ids.iter().map(|d| (d.clone(), view::dimension_label(l, d))));
    keys.push(("rentan".into(), format!("% {}", l.t("cat.rentan"))));
    page.sort_links = keys
        .into_iter()
        .map(|(k, label)| {
            let active = k == sort;
            let next_dir = if active && desc {
                "asc"
            } else if active {
                "desc"
            } else if k == "name" {
                "asc"
            } else {
                "desc"
            };
            SortLink {
                href: format!("/wilayah/{code}?year={year}&sort={k}&dir={next_dir}#sub"),
                aria: if !active {
                    "none"
                } else if desc {
                    "descending"
                } else {
                    "ascending"
                },
                label,
            }
        })
        .collect();
    let child_coverage: std::collections::HashMap<RegionCode, kkb_store::Coverage> = if code.level() == Level::Village {
        Default::default()
    } else {
        app.store.coverage_children(code, None)?.into_iter().map(|c| (c.region.code, c.coverage)).collect()
    };
    let child_classes: std::collections::HashMap<RegionCode, kkb_store::ClassCounts> = if code.level() == Level::Village
    {
        Default::default()
    } else {
        app.store.class_counts_children(code)?.into_iter().map(|c| (c.region.code, c.counts)).collect()
    };
    page.children = children
        .iter()
        .map(|c| {
            let mut row = child_row(l, c, &dim_ids, year, &disclosure.of(c.region.code));
            if let Some(cv) = child_coverage.get(&c.region.code) {
                row.coverage = format!("{} / {}", l.count(cv.formed), l.count(cv.villages));
            }
            if let Some(k) = child_classes.get(&c.region.code) {
                row.classes = crate::registry::compact(l, k);
            }
            row
        })
        .collect();
    let mut ranked: Vec<&Figures> = children.iter().collect();
    ranked.sort_by(|a, b| {
        let v = |f: &Figures| if disclosure.of(f.region.code).scored() { -1.0 } else { f.ibangga.unwrap_or(-1.0) };
        v(b).total_cmp(&v(a))
    });
    if !ranked.is_empty() {
        let bars: Vec<Bar> = ranked
            .iter()
            .map(|c| {
                let show = !disclosure.of(c.region.code).scored();
                let v = if show { c.ibangga } else { None };
                Bar {
                    label: c.region.name.clone(),
                    value: v,
                    text: if show { l.fig(v) } else { l.t("dash.hidden").into() },
                    colour: v.map(view::map_colour).unwrap_or("#cccccc"),
                    href: Some(format!("/wilayah/{}?year={year}", c.region.code)),
                }
            })
            .collect();
        let reference = national.map(|n| (n, format!("{} {}", l.t("dash.national"), l.num(n, 2))));
        page.children_chart =
            charts::bars(l.t("dash.chart_children"), &bars, reference.as_ref().map(|(v, s)| (*v, s.as_str())));
    }
    // The map: children of the region, or the village among its siblings.
    let siblings;
    let drawn: &[Figures] = if code.level() == Level::Village {
        let parent = code.parent().ok_or(AppError::NotFound)?;
        siblings = app.store.region_figures(parent, Some(year), true)?.children.unwrap_or_default();
        &siblings
    } else {
        &children
    };
    page.map = map_svg(l, code, drawn, year, &disclosure);
    Ok(page.render()?)
}

fn map_svg(l: Lang, code: RegionCode, regions: &[Figures], year: u16, d: &Disclosure) -> Option<String> {
    let rows: Vec<(String, &'static str, String, String)> = regions
        .iter()
        .map(|c| {
            let show = !d.of(c.region.code).scored();
            let v = if show { c.ibangga } else { None };
            let title = format!("{}: {}", c.region.name, if show { l.fig(v) } else { l.t("dash.hidden").into() });
            (
                c.region.code.to_string(),
                v.map(view::map_colour).unwrap_or(""),
                format!("/wilayah/{}?year={year}", c.region.code),
                title,
            )
        })
        .collect();
    let items: Vec<kkb_geo::MapItem<'_>> = rows
        .iter()
        .map(|(code, fill, href, title)| kkb_geo::MapItem { code, fill, href: Some(href), title, label: None })
        .collect();
    let code_s = code.to_string();
    let opts = kkb_geo::MapOptions {
        width: 640,
        aria_label: l.t("dash.map"),
        highlight: (code.level() == Level::Village).then_some(code_s.as_str()),
        no_data_label: l.t("dash.no_data"),
    };
    kkb_geo::Atlas::global().map(&code_s, &items, &opts)
}

/// Query of the ranking page.
#[derive(Debug, Deserialize, Default)]
pub struct RankingQuery {
    /// The round.
    pub year: Option<u16>,
    /// `ibangga`, a dimension id or a variable id.
    pub by: Option<String>,
}

/// One ranked village.
pub struct RankRow {
    /// Rank (1 = weakest).
    pub rank: usize,
    /// Link.
    pub href: String,
    /// Village name.
    pub name: String,
    /// Its kecamatan's name.
    pub district: String,
    /// Value as shown.
    pub value: String,
    /// Families the value is over.
    pub base: String,
}

#[derive(Template)]
#[template(path = "ranking.html")]
struct RankingPage {
    c: Layout,
    l: Lang,
    code: String,
    name: String,
    year: u16,
    by: String,
    by_label: String,
    options: Vec<(String, String, bool)>,
    rows: Vec<RankRow>,
    total: usize,
    unranked: usize,
}

/// A village with the measured value and the families it is over.
pub(crate) type Ranked = (Figures, Option<f64>, i64);

/// Whether a reader may not see a measure of a region: the iBangga and the dimensions rest on the scored families,
/// a variable on the families where it applies.
fn measure_hidden(h: &Hidden, f: &Figures, by: &str) -> bool {
    match f.variables.iter().position(|v| v.id == by) {
        Some(i) => h.variable(i),
        None => h.scored(),
    }
}

/// The villages under a region with one measure (by `by`): (village figures, value, base families). A village
/// whose measure the reader may not see has no value and a base of 0 (it is not ranked).
pub(crate) fn ranked(
    app: &AppState,
    who: &crate::auth::Principal,
    code: RegionCode,
    year: Option<u16>,
    by: &str,
) -> Result<(u16, Vec<Ranked>), AppError> {
    let villages = if code.level() == Level::Village {
        vec![app.store.region_figures(code, year, false)?]
    } else {
        app.store.descendant_figures(code, Level::Village, year)?
    };
    let year = villages.first().map(|f| f.year).unwrap_or_else(|| year.unwrap_or(0));
    let disclosure = crate::suppression::disclosure(app, who, code, Some(year))?;
    let unknown =
        || AppError::BadRequest(format!("unknown measure {by:?}: use ibangga, a dimension id or a variable id"));
    let mut rows = Vec::with_capacity(villages.len());
    for f in villages {
        let (v, base) = match by {
            "ibangga" => (f.ibangga, f.scored_families),
            d if f.dimensions.contains_key(d) => (view::dimension(&f, d), f.scored_families),
            v => f.variables.iter().find(|x| x.id == v).map(|x| (x.percent, x.applicable)).ok_or_else(unknown)?,
        };
        if measure_hidden(&disclosure.of(f.region.code), &f, by) {
            rows.push((f, None, 0));
        } else {
            rows.push((f, v, base));
        }
    }
    // Ranked villages (enough families in the base) first, weakest first; the rest after, by code.
    rows.sort_by(|a, b| match (a.2 >= view::MIN_FAMILIES, b.2 >= view::MIN_FAMILIES) {
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        _ => a.1.unwrap_or(f64::MAX).total_cmp(&b.1.unwrap_or(f64::MAX)).then(a.0.region.code.cmp(&b.0.region.code)),
    });
    Ok((year, rows))
}

fn measures(app: &AppState, l: Lang) -> Result<Vec<(String, String)>, AppError> {
    let m = app.store.methodology(&app.store.round(None)?.methodology_id)?;
    let def = m.definition();
    let mut out = vec![("ibangga".to_string(), "iBangga".to_string())];
    out.extend(
        def.dimensions
            .iter()
            .map(|d| (d.id.clone(), format!("{} {}", l.t("dash.dimensions"), view::dimension_label(l, &d.id)))),
    );
    out.extend(
        def.variables.iter().map(|v| (v.id.clone(), format!("{} {}", v.id, view::variable_label(l, &v.id, &v.name)))),
    );
    Ok(out)
}

/// `/wilayah/{code}/peringkat`: the weakest villages of a region on a variable, a dimension or the iBangga.
pub async fn ranking(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<RankingQuery>,
) -> Result<Response, AppError> {
    let code = view::region_code(&code)?;
    let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
    let l = ctx.lang;
    let options = measures(&app, l)?;
    let by = q.by.filter(|b| options.iter().any(|o| &o.0 == b)).unwrap_or_else(|| "ibangga".into());
    let (year, rows) = ranked(&app, &ctx.who, code, q.year, &by)?;
    let total = rows.len();
    let mut districts = std::collections::HashMap::new();
    let mut out = Vec::new();
    let mut unranked = 0;
    for (f, v, base) in &rows {
        if *base < view::MIN_FAMILIES {
            unranked += 1;
            continue;
        }
        if out.len() >= 100 {
            continue;
        }
        let parent = f.region.code.parent().unwrap_or(f.region.code);
        if let std::collections::hash_map::Entry::Vacant(e) = districts.entry(parent) {
            e.insert(app.store.region(parent)?.map(|r| r.name).unwrap_or_default());
        }
        out.push(RankRow {
            rank: out.len() + 1,
            href: format!("/wilayah/{}?year={year}", f.region.code),
            name: f.region.name.clone(),
            district: districts[&parent].clone(),
            value: l.fig(*v),
            base: l.count(*base),
        });
    }
    let by_label = options.iter().find(|o| o.0 == by).map(|o| o.1.clone()).unwrap_or_default();
    let page = RankingPage {
        c: Layout::new(&ctx),
        l,
        code: code.to_string(),
        name: region.name,
        year,
        options: options.into_iter().map(|(id, label)| (id.clone(), label, id == by)).collect(),
        by,
        by_label,
        rows: out,
        total,
        unranked,
    };
    Ok(Html(page.render()?).into_response())
}

/// Query of an export.
#[derive(Debug, Deserialize, Default)]
pub struct ExportQuery {
    /// The round.
    pub year: Option<u16>,
    /// For rankings: the measure.
    pub by: Option<String>,
}

/// `/wilayah/{code}/ekspor/{table}.{csv|xlsx}`: `wilayah` (sub-regions), `variabel` (variables) or `peringkat`
/// (villages ranked by `by`). Readers outside the region get the same suppression as on the page.
pub async fn export(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((code, file)): Path<(String, String)>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let code = view::region_code(&code)?;
    app.store.region(code)?.ok_or(AppError::NotFound)?;
    let (table, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let l = ctx.lang;
    let num = |hidden: bool, v: Option<f64>| if hidden { Cell::Num(None) } else { Cell::Num(v) };
    let t = match table {
        "wilayah" => {
            let f = app.store.region_figures(code, q.year, true)?;
            let d = crate::suppression::disclosure(&app, &ctx.who, code, Some(f.year))?;
            let m = app.store.methodology(&f.methodology)?;
            let dims: Vec<String> = m.definition().dimensions.iter().map(|d| d.id.clone()).collect();
            let mut headers: Vec<String> =
                vec!["kode".into(), "nama".into(), "keluarga".into(), "keluarga_terskor".into(), "ibangga".into()];
            headers.extend(dims.iter().cloned());
            headers.extend(["rentan_persen".into(), "berkembang_persen".into(), "tangguh_persen".into()]);
            let rows = f
                .children
                .unwrap_or_default()
                .iter()
                .map(|c| {
                    let h = d.of(c.region.code);
                    let mut r = vec![
                        Cell::Text(c.region.code.to_string()),
                        Cell::Text(c.region.name.clone()),
                        if h.all() { Cell::Num(None) } else { Cell::Int(c.families) },
                        if h.scored() { Cell::Num(None) } else { Cell::Int(c.scored_families) },
                        num(h.scored(), c.ibangga),
                    ];
                    r.extend(dims.iter().map(|dim| num(h.scored(), view::dimension(c, dim))));
                    r.extend(Category::ALL.iter().map(|k| num(h.scored(), view::category(c, *k).1)));
                    r
                })
                .collect();
            Table { title: format!("{} {}", f.region.name, f.year), headers, rows }
        }
        "variabel" => {
            let f = app.store.region_figures(code, q.year, false)?;
            let h = crate::suppression::disclosure(&app, &ctx.who, code, Some(f.year))?.of(code);
            let m = app.store.methodology(&f.methodology)?;
            let headers = ["variabel", "nama", "dimensi", "berlaku", "terpenuhi", "persen"].map(String::from).to_vec();
            let rows = f
                .variables
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let name = m
                        .definition()
                        .variables
                        .iter()
                        .find(|d| d.id == v.id)
                        .map(|d| d.name.clone())
                        .unwrap_or_default();
                    let hidden = h.variable(i);
                    vec![
                        Cell::Text(v.id.clone()),
                        Cell::Text(view::variable_label(l, &v.id, &name)),
                        Cell::Text(v.dimension.clone()),
                        if hidden { Cell::Num(None) } else { Cell::Int(v.applicable) },
                        if hidden { Cell::Num(None) } else { Cell::Int(v.met) },
                        num(hidden, v.percent),
                    ]
                })
                .collect();
            Table { title: format!("{} {}", f.region.name, f.year), headers, rows }
        }
        "peringkat" => {
            let by = q.by.unwrap_or_else(|| "ibangga".into());
            if !measures(&app, l)?.iter().any(|o| o.0 == by) {
                return Err(AppError::BadRequest(format!("unknown measure {by:?}")));
            }
            let (year, rows) = ranked(&app, &ctx.who, code, q.year, &by)?;
            let headers = ["peringkat", "kode", "desa_kelurahan", "nilai", "keluarga_dasar"].map(String::from).to_vec();
            let rows = rows
                .iter()
                .filter(|r| r.2 >= view::MIN_FAMILIES)
                .enumerate()
                .map(|(i, (f, v, base))| {
                    vec![
                        Cell::Int(i as i64 + 1),
                        Cell::Text(f.region.code.to_string()),
                        Cell::Text(f.region.name.clone()),
                        Cell::Num(*v),
                        Cell::Int(*base),
                    ]
                })
                .collect();
            Table { title: format!("{by} {year}"), headers, rows }
        }
        _ => return Err(AppError::NotFound),
    };
    t.respond(ext, &format!("{table}-{code}"))
}
