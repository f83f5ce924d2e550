//! `GET /rencana?wilayah=&tahun=`: the plans of a province or kabupaten/kota (and the regions under it) for a year,
//! each with its status, items, budget and flagged items; and `POST /rencana`, a coordinator's new plan.

use super::{rupiah, status_css, status_label};
use crate::i18n::Lang;
use crate::kampung::forms::Submitted;
use crate::layout::Layout;
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::date::today_utc;
use kkb_domain::planning::{Plan, PlanStatus, agency_region};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::StoreError;
use serde::Deserialize;
use std::collections::BTreeSet;

/// `?wilayah=CODE&tahun=YYYY`.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    wilayah: Option<String>,
    tahun: Option<String>,
}

struct PlanRow {
    href: String,
    title: String,
    region: String,
    code: String,
    status: &'static str,
    css: &'static str,
    items: usize,
    budget: String,
    flagged: usize,
}

/// The new-plan form of a coordinator: the region (fixed: the user's office's), year and title as typed.
struct NewPlan {
    region: String,
    region_name: String,
    year: String,
    title: String,
}

#[derive(Template)]
#[template(path = "plans.html")]
struct PlansPage {
    c: Layout,
    l: Lang,
    heading: String,
    regions: Vec<(String, String, bool)>,
    years: Vec<(i32, bool)>,
    rows: Vec<PlanRow>,
    total: String,
    new_plan: Option<NewPlan>,
    errors: Vec<String>,
}

fn year_of(l: Lang, q: Option<&str>) -> Result<i32, AppError> {
    match q.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(today_utc().year()),
        Some(s) => s
            .parse()
            .map_err(|_| AppError::BadRequest(format!("{}: {s:?} {}", l.t("plan.year"), l.t("plan.not_a_year")))),
    }
}

/// The province or kabupaten/kota of the query; the user's own (at most kabupaten/kota level) when none is given.
fn region_of(ctx: &Ctx, q: Option<&str>) -> Result<Option<RegionCode>, AppError> {
    match q.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let code = view::region_code(s)?;
            if !matches!(code.level(), Level::Province | Level::Regency) {
                let said = ctx.lang.reason(&kkb_domain::problem::Reason::NotProvinceOrRegency);
                return Err(AppError::BadRequest(format!("{code}: {said}")));
            }
            Ok(Some(code))
        }
        None => Ok(ctx.who.home().and_then(|h| h.ancestor_at(Level::Regency).or(h.ancestor_at(Level::Province)))),
    }
}

fn render(
    app: &AppState,
    ctx: &Ctx,
    region: Option<RegionCode>,
    year: i32,
    typed: Option<(&str, &str)>,
    errors: Vec<String>,
) -> Result<PlansPage, AppError> {
    let l = ctx.lang;
    let today = today_utc();
    let plans: Vec<Plan> = app.store.plans(region, Some(year))?;
    let mut rows = Vec::new();
    let mut total = 0;
    for p in &plans {
        // Cancelled items excluded, as on the plan's page and in the API.
        let read = super::view::read(app, p.clone())?;
        let budget = read.budget();
        let items = read.items;
        total += budget;
        rows.push(PlanRow {
            href: format!("/rencana/{}", p.id),
            title: p.title.clone(),
            region: super::region_name(app, p.region)?,
            code: p.region.to_string(),
            status: status_label(l, p.status),
            css: status_css(p.status),
            items: items.len(),
            budget: rupiah(l, budget),
            flagged: items.iter().filter(|i| !i.flags.is_empty()).count(),
        });
    }
    // The regions with planning offices (seeded provinces and their kabupaten/kota) are the choices.
    let mut codes: BTreeSet<RegionCode> = app.store.agencies(None)?.into_iter().filter_map(|a| a.region).collect();
    codes.extend(region);
    let mut regions = vec![(String::new(), l.t("plan.all_regions").to_string(), region.is_none())];
    for code in codes {
        let indent = if code.level() == Level::Regency { "— " } else { "" };
        regions.push((code.to_string(), format!("{indent}{}", super::region_name(app, code)?), Some(code) == region));
    }
    let years = (2022..=today.year() + 1).chain([year]).collect::<BTreeSet<_>>();
    let heading = match region {
        Some(code) => format!("{} — {} {year}", l.t("plan.plans"), super::region_name(app, code)?),
        None => format!("{} {year}", l.t("plan.plans")),
    };
    // A coordinator may start the plan of their office's region.
    let new_plan = match ctx.who.agency().and_then(agency_region) {
        Some(r) if ctx.who.coordinates(r) => {
            let name = super::region_name(app, r)?;
            // Suggest the first year from the one shown that has no plan of the region yet.
            let planned: BTreeSet<i32> =
                app.store.plans(Some(r), None)?.iter().filter(|p| p.region == r).map(|p| p.year).collect();
            let free = (year..).find(|y| !planned.contains(y)).unwrap_or(year);
            let (y, title) = typed.unwrap_or(("", ""));
            Some(NewPlan {
                region: r.to_string(),
                year: if y.is_empty() { free.to_string() } else { y.to_string() },
                title: if title.is_empty() && typed.is_none() {
                    format!("{} {name} {free}", l.t("plan.default_title"))
                } else {
                    title.to_string()
                },
                region_name: name,
            })
        }
        _ => None,
    };
    Ok(PlansPage {
        c: Layout::new(ctx),
        l,
        heading,
        regions,
        years: years.into_iter().map(|y| (y, y == year)).collect(),
        rows,
        total: rupiah(l, total),
        new_plan,
        errors,
    })
}

/// `GET /rencana`.
pub async fn page(State(app): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let region = region_of(&ctx, q.wilayah.as_deref())?;
        let year = year_of(ctx.lang, q.tahun.as_deref())?;
        Ok(Html(render(app, &ctx, region, year, None, Vec::new())?.render()?).into_response())
    })
    .await
}

/// `POST /rencana`: a coordinator's new plan (`region`, `year`, `title`); the coordinator is the user's office.
pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let f = Submitted(form);
        ctx.check_csrf(Some(f.get("csrf")))?;
        ctx.require_user()?;
        let region = view::region_code(f.get("region")).map_err(|_| {
            let l = ctx.lang;
            AppError::BadRequest(format!(
                "{}: {}",
                l.t("plan.region"),
                l.reason(&kkb_domain::problem::Reason::ChooseOne)
            ))
        })?;
        let coordinator = match ctx.who.agency() {
            Some(a) if ctx.who.coordinates(region) => a.to_string(),
            _ => return Err(AppError::Forbidden),
        };
        let (year_text, title) = (f.get("year"), f.get("title"));
        let l = ctx.lang;
        let mut errors = Vec::new();
        let year = year_text.parse::<i32>().ok();
        if year.is_none() {
            errors.push(format!("{}: {year_text:?} {}", l.t("plan.year"), l.t("plan.not_a_year")));
        }
        let status = match year {
            Some(year) => {
                let plan = Plan {
                    id: 0,
                    region,
                    year,
                    title: title.to_string(),
                    status: PlanStatus::Draft,
                    coordinator,
                    note: String::new(),
                    version: 0,
                };
                match app.store.create_plan(&plan) {
                    Ok(p) => {
                        ctx.audit(app, "plan.create", &format!("plan {}", p.id), &region.to_string(), &p.title)?;
                        return Ok(Redirect::to(&format!("/rencana/{}?ok=plan.create", p.id)).into_response());
                    }
                    Err(StoreError::Problems(p)) => {
                        errors.extend(
                            p.iter().map(|p| format!("{}: {}", field_label(l, &p.column), l.reason(&p.reason))),
                        );
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                    Err(StoreError::Refused(r)) => {
                        errors.push(l.reason(&r));
                        StatusCode::CONFLICT
                    }
                    Err(StoreError::Conflict(m)) => {
                        errors.push(m);
                        StatusCode::CONFLICT
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            None => StatusCode::UNPROCESSABLE_ENTITY,
        };
        let page =
            render(app, &ctx, Some(region), year.unwrap_or(today_utc().year()), Some((year_text, title)), errors)?;
        Ok((status, Html(page.render()?)).into_response())
    })
    .await
}

/// The label of a plan field named in a store problem.
fn field_label(l: Lang, column: &str) -> String {
    match column {
        "region" => l.t("plan.region").into(),
        "year" => l.t("plan.year").into(),
        "title" => l.t("plan.title").into(),
        "coordinator" => l.t("plan.coordinator").into(),
        other => other.into(),
    }
}
