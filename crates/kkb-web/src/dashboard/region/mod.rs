//! The region dashboard, `/wilayah/{code}`: the handler, the body's inputs and the page; the parts of the page
//! are rendered in `figures` (the region's own scores, variables, references and change), `coverage`
//! (Kampung KB coverage) and `subregions` (the sub-region table, chart and map).

mod coverage;
mod figures;
mod subregions;

pub use coverage::CoverageView;
pub use figures::{Stat, VarRow};
pub use subregions::ChildRow;

use crate::i18n::Lang;
use crate::layout::{Crumb, Frame, Layout, SortLink};
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use coverage::coverage;
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

/// `/wilayah/{code}`: the region dashboard.
pub async fn region(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<RegionQuery>,
) -> Result<Response, AppError> {
    let code = view::region_code(&code)?;
    let l = ctx.lang;
    let may_families = ctx.who.may_view_families(code);
    let may_edit = code.level() == Level::Village && ctx.who.may_edit(code);
    // The body depends only on the data, the query, the language and what the reader may see (plan flags on the
    // day too): cached per data version, the frame (user, CSRF token) is rendered per request.
    let key = format!(
        "{code}|{:?}|{:?}|{:?}|{}|{}|{may_families}|{may_edit}|{}",
        q.year,
        q.sort,
        q.dir,
        l.tag(),
        crate::suppression::reader_key(&ctx.who),
        kkb_domain::date::today_utc()
    );
    // A page already rendered for the current data version needs no database: answered here, without a trip to
    // the blocking pool (what most readers of a busy dashboard get). Anything else is read and rendered there.
    if let Some((version, Some(region))) = app.store.region_if_cached(code)
        && let Some(body) = app.page_cache.get(version, &key)
    {
        return Ok(Html(Frame { c: Layout::new(&ctx), l, title: region.name, body }.render()?).into_response());
    }
    app.db(move |app| -> Result<_, AppError> {
        let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
        let version = app.store.data_version()?;
        let body = app.page_cache.get_or_try_insert(version, key, || {
            Ok::<_, AppError>(std::sync::Arc::from(region_body(BodyInputs {
                app,
                l,
                code,
                name: &region.name,
                q: &q,
                who: &ctx.who,
                may_families,
                may_edit,
            })?))
        })?;
        let frame = Frame { c: Layout::new(&ctx), l, title: region.name, body };
        Ok(Html(frame.render()?).into_response())
    })
    .await
}

/// What a region body is rendered from: the request's inputs, the same for every reader sharing a cache entry.
#[derive(Clone, Copy)]
struct BodyInputs<'a> {
    app: &'a AppState,
    l: Lang,
    code: RegionCode,
    name: &'a str,
    q: &'a RegionQuery,
    who: &'a crate::auth::Principal,
    may_families: bool,
    may_edit: bool,
}

fn region_body(i: BodyInputs<'_>) -> Result<String, AppError> {
    let BodyInputs { app, l, code, name, q, who, may_families, may_edit } = i;
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
    figures::scores(&mut page, l, &f, &h, &dim_ids, national);
    figures::variables(&mut page, l, &f, &names, &h);
    figures::references(&mut page, app, l, code, national)?;
    figures::changes(&mut page, i, &rounds, &f, &h, &dim_ids)?;
    subregions::subregions(&mut page, i, &mut f, &dim_ids, &disclosure, national)?;
    Ok(page.render()?)
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

fn category_class(c: Option<Category>) -> &'static str {
    match c {
        Some(Category::Rentan) => "cat-rentan",
        Some(Category::Berkembang) => "cat-berkembang",
        Some(Category::Tangguh) => "cat-tangguh",
        None => "cat-none",
    }
}
