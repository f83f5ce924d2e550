//! The item forms of a draft plan: `GET/POST /rencana/{id}/kegiatan/baru`, `GET/POST /rencana/{id}/kegiatan/{item}`
//! and `POST …/{item}/hapus`, on the registry's form template.
//!
//! The coordinator may name any agency of the region as responsible; an agency's user adds and edits only their
//! agency's items (the responsible field is fixed to it, and a form naming another agency is refused outright).
//! What was typed is shown again with every problem at its field — parsing problems (a budget that is not an
//! amount, a month that is not a month) together with the domain's — and nothing is saved until there are none; the
//! store's refusals (a locked plan, a stale version) come back on top of the form.

use super::item_values::Values;
use super::show::refused;
use crate::i18n::Lang;
use crate::kampung::forms::{Field, FormPage, Section, Submitted, options, problem};
use crate::kampung::labels::inpres_areas;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kkb_domain::kampung::{FamilyFunction, FieldProblem, InpresArea, YearMonth};
use kkb_domain::planning::{
    Agency, BudgetSource, ItemContext, ItemStatus, Matrix, Plan, PlanItem, PlanStatus, parse_rupiah,
};
use kkb_domain::problem::Reason;
use kkb_domain::region::{Level, RegionCode};
use kkb_store::StoreError;
use std::collections::{BTreeSet, HashMap};

/// `?desa=&variabel=` of the new-item form: a gap to close.
#[derive(serde::Deserialize)]
pub struct Prefill {
    desa: Option<String>,
    variabel: Option<String>,
}

/// A group's name and its agencies, each with a short label.
type AgencyGroup = (String, Vec<(Agency, String)>);

/// The agencies of a plan's region in the order a planner looks for them: the region's own offices, the other
/// regions' offices (the province's for a kabupaten plan), then the national agencies; with group names and, for
/// the check boxes under them, short labels (an office's name without its region's, a ministry's short name).
fn agency_groups(app: &AppState, l: Lang, plan: &Plan) -> Result<Vec<AgencyGroup>, AppError> {
    let mut all = app.store.agencies(Some(plan.region))?;
    all.sort_by_key(|a| (a.region != Some(plan.region), a.region.is_none(), a.region, a.name.clone()));
    let mut groups: Vec<(Option<RegionCode>, Vec<Agency>)> = Vec::new();
    for a in all {
        match groups.last_mut() {
            Some((r, v)) if *r == a.region => v.push(a),
            _ => groups.push((a.region, vec![a])),
        }
    }
    groups
        .into_iter()
        .map(|(r, v)| match r {
            Some(r) => {
                let region = super::region_name(app, r)?;
                let suffix = format!(" {region}");
                let v = v
                    .into_iter()
                    .map(|a| {
                        let short = a.name.strip_suffix(&suffix).unwrap_or(&a.name).to_string();
                        (a, short)
                    })
                    .collect();
                Ok((format!("{} {region}", l.t("plan.offices_of")), v))
            }
            None => {
                let v = v
                    .into_iter()
                    .map(|a| {
                        let short = a.short.clone();
                        (a, short)
                    })
                    .collect();
                Ok((l.t("plan.national").to_string(), v))
            }
        })
        .collect()
}

/// The form's sections; `fixed` is the agency an agency user's items belong to.
fn sections(app: &AppState, l: Lang, plan: &Plan, v: &Values, fixed: Option<&str>) -> Result<Vec<Section>, AppError> {
    let m = Matrix::inpres();
    let en = l == Lang::En;
    let short = |id: &str| m.agencies.iter().find(|g| g.id == id).map(|g| g.short.clone()).unwrap_or(id.into());
    let mut activities = vec![(String::new(), l.t("plan.custom_option").to_string(), v.activity.is_empty())];
    for (_, _, x) in m.activities() {
        let who: Vec<String> = x.responsible.iter().map(|r| short(r)).collect();
        let name = if en { &x.name_en } else { &x.name };
        let ext = if x.extension { " *" } else { "" };
        activities.push((x.id.clone(), format!("{} {name} ({}){ext}", x.id, who.join(", ")), v.activity == x.id));
    }
    let mut areas = vec![(String::new(), l.t("plan.area_from_activity").to_string(), v.area.is_empty())];
    areas.extend(
        inpres_areas(l).into_iter().map(|(n, name)| (n.to_string(), format!("{n}. {name}"), v.area == n.to_string())),
    );
    let variables = super::variables(app, l)?
        .into_iter()
        .map(|(id, name)| {
            let on = v.variables.contains(&id);
            (id, name, on)
        })
        .collect();
    let groups = agency_groups(app, l, plan)?;
    let responsible = match fixed {
        Some(a) => {
            let name = groups.iter().flat_map(|(_, g)| g).find(|(g, _)| g.id == a).map(|(g, _)| g.name.clone());
            vec![(a.to_string(), name.unwrap_or_else(|| a.to_string()), true)]
        }
        None => {
            let mut o = vec![(String::new(), "—".to_string(), v.responsible.is_empty())];
            for (_, g) in &groups {
                o.extend(g.iter().map(|(a, _)| (a.id.clone(), a.name.clone(), v.responsible == a.id)));
            }
            o
        }
    };
    let mut who = vec![Field::choices("responsible", l.t("plan.f.responsible"), "select", responsible)];
    for (name, g) in &groups {
        let o = g.iter().map(|(a, short)| (a.id.clone(), short.clone(), v.supporting.contains(&a.id))).collect();
        who.push(Field::choices("supporting", format!("{}: {name}", l.t("plan.f.supporting")), "checks", o));
    }
    let sources = BudgetSource::ALL
        .iter()
        .map(|s| (s.id().to_string(), super::source_label(l, *s).to_string(), s.id() == v.source))
        .collect();
    let statuses = ItemStatus::ALL
        .iter()
        .map(|s| (s.id().to_string(), super::item_status_label(l, *s).to_string(), s.id() == v.status))
        .collect();
    Ok(vec![
        Section {
            legend: l.t("plan.s.what").into(),
            fields: vec![
                Field::choices("activity", l.t("plan.f.activity"), "select", activities),
                Field::new("title", l.t("plan.f.title"), "text", v.title.clone()),
                Field::choices("area", l.t("plan.f.area"), "select", areas),
                Field::choices(
                    "functions",
                    l.t("plan.f.functions"),
                    "checks",
                    options(l, FamilyFunction::ALL, FamilyFunction::id, &|x| v.functions.contains(x.id())),
                ),
                Field::choices("variables", l.t("plan.f.variables"), "checks", variables),
            ],
        },
        Section { legend: l.t("plan.s.who").into(), fields: who },
        Section { legend: l.t("plan.s.where").into(), fields: village_fields(app, l, plan, &v.villages)? },
        Section {
            legend: l.t("plan.s.when").into(),
            fields: vec![
                Field::new("start", l.t("plan.f.start"), "month", v.start.clone()),
                Field::new("end", l.t("plan.f.end"), "month", v.end.clone()),
                Field::new("budget", l.t("plan.f.budget"), "text", v.budget.clone()),
                Field::choices("source", l.t("plan.f.source"), "select", sources),
            ],
        },
        Section {
            legend: l.t("plan.s.output").into(),
            fields: vec![
                Field::new("indicator", l.t("plan.f.indicator"), "text", v.indicator.clone()),
                Field::new("target", l.t("plan.f.target"), "number", v.target.clone()),
                Field::new("unit", l.t("plan.f.unit"), "text", v.unit.clone()),
                Field::choices("status", l.t("plan.f.status"), "select", statuses),
            ],
        },
    ])
}

/// The target villages: check boxes by kecamatan for a kabupaten/kota plan; codes typed for a province plan (whose
/// items may target any of its villages, too many for boxes).
fn village_fields(app: &AppState, l: Lang, plan: &Plan, chosen: &[String]) -> Result<Vec<Field>, AppError> {
    if plan.region.level() != Level::Regency {
        return Ok(vec![Field::new("villages", l.t("plan.f.village_codes"), "textarea", chosen.join("\n"))]);
    }
    let mut fields = Vec::new();
    for district in app.store.children(plan.region)? {
        let villages = app.store.children(district.code)?;
        let o = villages
            .into_iter()
            .map(|v| {
                let code = v.code.to_string();
                let on = chosen.contains(&code);
                (code, v.name, on)
            })
            .collect();
        fields.push(Field::choices("villages", format!("{} {}", l.t("level.district"), district.name), "checks", o));
    }
    Ok(fields)
}

/// Reads the form into an item with every problem: parsing first, then the domain's rules on what parsed (the
/// store checks agencies and villages against its tables again when saving).
fn read(
    app: &AppState,
    plan: &Plan,
    f: &Submitted,
    responsible: &str,
) -> Result<(PlanItem, Vec<FieldProblem>), AppError> {
    let mut p = Vec::new();
    let activity = Some(f.get("activity").to_string()).filter(|a| !a.is_empty());
    let area = match (f.get("area"), activity.as_deref().and_then(|a| Matrix::inpres().activity(a))) {
        ("", Some((n, _))) => InpresArea::try_from(n).ok(),
        ("", None) => {
            p.push(problem("area", Reason::ChooseOne));
            None
        }
        (n, _) => {
            let a = n.parse::<u8>().ok().and_then(|n| InpresArea::try_from(n).ok());
            if a.is_none() {
                p.push(problem("area", Reason::WholeNumberRange { min: 1, max: 4 }));
            }
            a
        }
    };
    let month = |name: &str, p: &mut Vec<FieldProblem>| {
        let t = f.get(name);
        let m = YearMonth::parse(t);
        if m.is_none() {
            p.push(problem(name, Reason::NotAMonth));
        }
        m
    };
    let (start, end) = (month("start", &mut p), month("end", &mut p));
    let budget_text = f.get("budget");
    let budget = if budget_text.is_empty() {
        p.push(problem("budget", Reason::BudgetRequired));
        None
    } else {
        parse_rupiah(budget_text).map_err(|e| p.push(problem("budget", e))).ok()
    };
    let source = BudgetSource::from_id(f.get("source"));
    if source.is_none() {
        p.push(problem("source", Reason::ChooseOne));
    }
    let target_text = f.get("target").replace(',', ".");
    let target = target_text.parse::<f64>().ok().filter(|t| t.is_finite());
    if target.is_none() {
        p.push(problem("target", Reason::NotANumber));
    }
    let status = ItemStatus::from_id(f.get("status"));
    if status.is_none() {
        p.push(problem("status", Reason::ChooseOne));
    }
    if responsible.is_empty() {
        p.push(problem("responsible", Reason::ChooseOne));
    }
    let mut villages = BTreeSet::new();
    for token in f.all("villages").iter().flat_map(|v| v.split([',', ';', ' ', '\n', '\r', '\t'])) {
        match RegionCode::parse(token) {
            _ if token.is_empty() => {}
            Ok(c) => {
                villages.insert(c);
            }
            Err(_) => p.push(problem("villages", Reason::NotARegionCode { value: token.to_string() })),
        }
    }
    let item = PlanItem {
        activity,
        title: f.get("title").to_string(),
        area: area.unwrap_or(InpresArea::DataDokumen),
        functions: f.set("functions", FamilyFunction::from_id, &mut p),
        variables: f.all("variables").into_iter().filter(|v| !v.is_empty()).collect(),
        responsible: responsible.to_string(),
        supporting: f.all("supporting").into_iter().filter(|v| !v.is_empty()).collect(),
        villages,
        start: start.unwrap_or_else(|| YearMonth::new(plan.year, 1).expect("January")),
        end: end.or(start).unwrap_or_else(|| YearMonth::new(plan.year, 12).expect("December")),
        budget: budget.unwrap_or(0),
        budget_source: source.unwrap_or(BudgetSource::ApbdKabupaten),
        indicator: f.get("indicator").to_string(),
        target: target.unwrap_or(0.0),
        unit: f.get("unit").to_string(),
        status: status.unwrap_or(ItemStatus::Planned),
    };
    // The domain's rules on what parsed (fields that did not parse are already reported).
    let failed: BTreeSet<String> = p.iter().map(|q| q.field.clone()).collect();
    let known: HashMap<String, Agency> = super::agencies(app, plan.region)?;
    let variables: Vec<String> = super::variables(app, Lang::En)?.into_iter().map(|(id, _)| id).collect();
    let cx = ItemContext {
        plan,
        is_agency: &|a: &str| known.contains_key(a),
        is_village: &|v: RegionCode| v.level() == Level::Village,
        variables: &variables,
    };
    let domain = item.validate(&cx);
    p.extend(
        domain.into_iter().filter(|q| !(failed.contains(&q.field) || q.field == "end" && failed.contains("start"))),
    );
    Ok((item, p))
}

/// Who fills the form for `plan`: `Ok(None)` for the coordinator (any agency), `Ok(Some(agency))` for an agency's
/// user (their agency only).
fn filler<'a>(ctx: &'a Ctx, plan: &Plan, responsible: Option<&str>) -> Result<Option<&'a str>, AppError> {
    ctx.require_user()?;
    let who = &ctx.who;
    if who.coordinates(plan.region) {
        return Ok(None);
    }
    match who.agency() {
        Some(a) if who.acts_for(a, plan.region) && responsible.is_none_or(|r| r == a) => Ok(Some(a)),
        _ => Err(AppError::Forbidden),
    }
}

fn form_page(ctx: &Ctx, plan: &Plan, title: String, action: String, version: &str, sections: Vec<Section>) -> FormPage {
    let l = ctx.lang;
    let intro = match plan.status {
        PlanStatus::Draft => l.t("plan.item_intro"),
        PlanStatus::Submitted => l.t("plan.locked_submitted"),
        PlanStatus::Approved => l.t("plan.locked_approved"),
    };
    FormPage {
        c: Layout::new(ctx),
        l,
        title,
        back: plan.title.clone(),
        cancel: format!("/rencana/{}", plan.id),
        action,
        multipart: false,
        hidden: vec![("version".into(), version.into())],
        intro: intro.into(),
        errors: Vec::new(),
        sections,
    }
}

/// A store refusal: field problems, or a message for the top of the form with its status.
fn refusal(e: StoreError, l: Lang) -> Result<(Vec<FieldProblem>, Option<String>), AppError> {
    match e {
        StoreError::Refused(r) => Ok((Vec::new(), Some(l.reason(&r)))),
        StoreError::Problems(p) => Ok((p.into_iter().map(|p| problem(&p.column, p.reason)).collect(), None)),
        StoreError::Conflict(m) => Ok((Vec::new(), Some(m))),
        other => Err(other.into()),
    }
}

/// Shows the form again with what was typed, its problems and any refusal on top.
#[allow(clippy::too_many_arguments)]
fn again(
    app: &AppState,
    ctx: &Ctx,
    plan: &Plan,
    f: &Submitted,
    fixed: Option<&str>,
    (title, action): (String, String),
    problems: &[FieldProblem],
    conflict: Option<String>,
) -> Result<Response, AppError> {
    let sections = sections(app, ctx.lang, plan, &Values::typed(f), fixed)?;
    let mut page = form_page(ctx, plan, title, action, f.get("version"), sections).with_problems(problems);
    let status = match conflict {
        Some(m) => {
            page.errors.insert(0, m);
            StatusCode::CONFLICT
        }
        None => StatusCode::UNPROCESSABLE_ENTITY,
    };
    page.respond(status)
}

/// `GET /rencana/{id}/kegiatan/baru`.
pub async fn new_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<Prefill>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let plan = super::load_plan(app, id)?;
        let fixed = filler(&ctx, &plan, None)?;
        let l = ctx.lang;
        let mut values = Values::blank(&plan, fixed);
        // From a gap (/wilayah/{code}/konvergensi): its village and variable, and the first matrix activity for it.
        if let Some(v) = q.desa.as_deref().and_then(|v| kkb_domain::region::RegionCode::parse(v).ok())
            && v.is_within(plan.region)
        {
            values.villages.push(v.to_string());
        }
        if let Some(var) = q.variabel.as_deref().filter(|v| v.len() <= 8) {
            values.variables.insert(var.to_string());
            if let Some(a) = kkb_domain::planning::Matrix::inpres().activities_for(var).first() {
                values.activity = a.id.clone();
                values.title = a.name.clone();
            }
        }
        let sections = sections(app, l, &plan, &values, fixed)?;
        let action = format!("/rencana/{id}/kegiatan/baru");
        form_page(&ctx, &plan, l.t("plan.new_item").into(), action, &plan.version.to_string(), sections)
            .respond(StatusCode::OK)
    })
    .await
}

/// `POST /rencana/{id}/kegiatan/baru`.
pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let f = Submitted(form);
        ctx.check_csrf(Some(f.get("csrf")))?;
        let plan = super::load_plan(app, id)?;
        let fixed = filler(&ctx, &plan, None)?;
        let responsible = responsible(&f, fixed)?;
        let (item, mut problems) = read(app, &plan, &f, responsible)?;
        let mut conflict = None;
        if problems.is_empty() {
            match app.store.add_item(id, &item, f.get("version").parse().ok()) {
                Ok(item_id) => return saved(app, &ctx, &plan, item_id, "plan.item.create", &item.title),
                Err(e) => (problems, conflict) = refusal(e, ctx.lang)?,
            }
        }
        let title = (ctx.lang.t("plan.new_item").to_string(), format!("/rencana/{id}/kegiatan/baru"));
        again(app, &ctx, &plan, &f, fixed, title, &problems, conflict)
    })
    .await
}

/// The responsible agency a form may name: an agency user's own (a form naming another is not theirs to send),
/// or any for the coordinator.
fn responsible<'a>(f: &'a Submitted, fixed: Option<&'a str>) -> Result<&'a str, AppError> {
    match fixed {
        Some(a) if f.get("responsible") != a => Err(AppError::Forbidden),
        Some(a) => Ok(a),
        None => Ok(f.get("responsible")),
    }
}

/// Records a change of an item in the audit log.
fn audit_item(app: &AppState, ctx: &Ctx, plan: &Plan, item_id: i64, action: &str, title: &str) -> Result<(), AppError> {
    let target = format!("plan item {item_id}");
    ctx.audit(app, action, &target, &plan.region.to_string(), &format!("plan {}: {title}", plan.id))
}

/// After a saved item: audited, back to the plan at the item.
fn saved(
    app: &AppState,
    ctx: &Ctx,
    plan: &Plan,
    item_id: i64,
    action: &str,
    title: &str,
) -> Result<Response, AppError> {
    audit_item(app, ctx, plan, item_id, action, title)?;
    Ok(Redirect::to(&format!("/rencana/{}?ok={action}#item-{item_id}", plan.id)).into_response())
}

/// `GET /rencana/{id}/kegiatan/{item}`.
pub async fn edit_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, item_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let plan = super::load_plan(app, id)?;
        let item = super::load_item(app, &plan, item_id)?;
        let fixed = filler(&ctx, &plan, Some(&item.responsible))?;
        let l = ctx.lang;
        let sections = sections(app, l, &plan, &Values::of(l, &item), fixed)?;
        let title = format!("{} — {}", l.t("plan.edit_item"), item.title);
        let action = format!("/rencana/{id}/kegiatan/{item_id}");
        form_page(&ctx, &plan, title, action, &plan.version.to_string(), sections).respond(StatusCode::OK)
    })
    .await
}

/// `POST /rencana/{id}/kegiatan/{item}`.
pub async fn update(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, item_id)): Path<(i64, i64)>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let f = Submitted(form);
        ctx.check_csrf(Some(f.get("csrf")))?;
        let plan = super::load_plan(app, id)?;
        let previous = super::load_item(app, &plan, item_id)?;
        let fixed = filler(&ctx, &plan, Some(&previous.responsible))?;
        let responsible = responsible(&f, fixed)?;
        let (item, mut problems) = read(app, &plan, &f, responsible)?;
        let mut conflict = None;
        if problems.is_empty() {
            match app.store.update_item(item_id, &item, f.get("version").parse().ok()) {
                Ok(()) => return saved(app, &ctx, &plan, item_id, "plan.item.update", &item.title),
                Err(e) => (problems, conflict) = refusal(e, ctx.lang)?,
            }
        }
        let title = format!("{} — {}", ctx.lang.t("plan.edit_item"), previous.title);
        again(app, &ctx, &plan, &f, fixed, (title, format!("/rencana/{id}/kegiatan/{item_id}")), &problems, conflict)
    })
    .await
}

/// `POST /rencana/{id}/kegiatan/{item}/hapus` with the plan `version`.
pub async fn delete(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((id, item_id)): Path<(i64, i64)>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let f = Submitted(form);
        ctx.check_csrf(Some(f.get("csrf")))?;
        let plan = super::load_plan(app, id)?;
        let item = super::load_item(app, &plan, item_id)?;
        filler(&ctx, &plan, Some(&item.responsible))?;
        match app.store.delete_item(item_id, f.get("version").parse().ok()) {
            Ok(()) => {
                audit_item(app, &ctx, &plan, item_id, "plan.item.delete", &item.title)?;
                Ok(Redirect::to(&format!("/rencana/{id}?ok=plan.item.delete")).into_response())
            }
            Err(StoreError::Refused(r)) => refused(app, &ctx, id, StatusCode::CONFLICT, ctx.lang.reason(&r)),
            Err(StoreError::Conflict(m)) => refused(app, &ctx, id, StatusCode::CONFLICT, m),
            Err(e) => Err(e.into()),
        }
    })
    .await
}
