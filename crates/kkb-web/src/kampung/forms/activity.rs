//! A report of an activity held in a Kampung, linked where it serves one to an action-plan item.

use super::{
    Field, KampungForm, Section, Submitted, Values, choice_problem, chosen, posted, problem, refusal, saved, value,
    vocabulary,
};
use crate::i18n::Lang;
use crate::kampung::labels::inpres_areas;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kkb_domain::date::today_utc;
use kkb_domain::kampung::*;
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;

/// Agencies offered on the activity form (ids as the classification counts them; other names can be typed).
pub use kkb_domain::kampung::AGENCIES;

/// The activity form.
const ACTIVITY: KampungForm = KampungForm { title: "kf.activity_title", path: "kegiatan", intro: None };

/// A new activity's values: today, and the required choices still to be made.
fn blank_values() -> Vec<(String, String)> {
    vec![("date".to_string(), today_utc().to_string())]
}

fn activity_sections(l: Lang, values: &Values, plan_items: &[(i64, String)]) -> Vec<Section> {
    let text = |name: &str, key: &str, kind: &'static str| Field::new(name, l.t(key), kind, value(values, name));
    let select = |name: &str, key: &str, kind: &'static str, choices: Vec<(String, String)>| {
        Field::choices(name, l.t(key), kind, chosen(values, name, choices))
    };
    let blank = (String::new(), "—".to_string());
    let areas = std::iter::once(blank.clone())
        .chain(inpres_areas(l).into_iter().map(|(n, name)| (n.to_string(), format!("{n}. {name}"))));
    let items = std::iter::once(blank).chain(plan_items.iter().map(|(id, title)| (id.to_string(), title.clone())));
    vec![
        Section {
            legend: l.t("kf.activity").into(),
            fields: vec![
                text("date", "kf.date", "date"),
                text("place", "kf.place", "text"),
                text("description", "kf.description", "textarea"),
                select(
                    "function",
                    "kf.function",
                    "select",
                    vocabulary(l, FamilyFunction::ALL, FamilyFunction::id, true),
                ),
                select("inpres_area", "kf.inpres_area", "select", areas.collect()),
                select("targets", "kf.targets", "checks", vocabulary(l, Target::ALL, Target::id, false)),
                select("plan_item", "kf.plan_item", "select", items.collect()),
            ],
        },
        Section {
            legend: l.t("kf.agencies").into(),
            fields: vec![
                select(
                    "agencies",
                    "kf.agencies_known",
                    "checks",
                    AGENCIES.iter().map(|(id, name)| (id.to_string(), name.to_string())).collect(),
                ),
                text("agencies_other", "kf.agencies_other", "text"),
            ],
        },
    ]
}

fn read_activity(f: &Submitted, plan_items: &[(i64, String)]) -> (Activity, Vec<FieldProblem>) {
    let mut p = Vec::new();
    let plan_item = match f.get("plan_item") {
        "" => None,
        v => match v.parse::<i64>().ok().filter(|id| plan_items.iter().any(|(i, _)| i == id)) {
            Some(id) => Some(id),
            None => {
                p.push(problem("plan_item", Reason::PlanItemNotHere));
                None
            }
        },
    };
    let date = f.date("date", &mut p);
    let function = FamilyFunction::from_id(f.get("function"));
    if function.is_none() {
        p.push(problem("function", choice_problem(f.get("function"))));
    }
    let area = f.get("inpres_area").parse::<u8>().ok().and_then(|n| InpresArea::try_from(n).ok());
    if area.is_none() {
        p.push(problem("inpres_area", choice_problem(f.get("inpres_area"))));
    }
    let mut agencies: Vec<String> = f.all("agencies").into_iter().filter(|a| !a.is_empty()).collect();
    for other in f.get("agencies_other").split(';').map(str::trim).filter(|s| !s.is_empty()) {
        if !agencies.iter().any(|a| a.eq_ignore_ascii_case(other)) {
            agencies.push(other.to_string());
        }
    }
    let activity = Activity {
        date: date.unwrap_or_else(today_utc),
        place: f.get("place").to_string(),
        description: f.get("description").to_string(),
        function: function.unwrap_or(FamilyFunction::Agama),
        targets: f.set("targets", Target::from_id, &mut p),
        agencies,
        inpres_area: area.unwrap_or(InpresArea::DataDokumen),
        plan_item,
    };
    p.extend(activity.validate(today_utc()).into_iter().filter(|q| !(date.is_none() && q.field == "date")));
    (activity, p)
}

/// The action-plan items of this and last year that reach a village, as `(id, "year · title (agency)")`.
fn plan_items(app: &AppState, village: RegionCode) -> Result<Vec<(i64, String)>, AppError> {
    let year = today_utc().year();
    let mut out = Vec::new();
    for y in [year, year - 1] {
        for (plan, stored) in app.store.items_for_village(village, y)? {
            if stored.item.status != kkb_domain::planning::ItemStatus::Cancelled {
                out.push((stored.id, format!("{} · {} ({})", plan.year, stored.item.title, stored.item.responsible)));
            }
        }
    }
    Ok(out)
}

/// `GET /kampung/{village}/kegiatan`: a new activity report.
pub async fn activity_form(State(app): State<AppState>, ctx: Ctx, Path(v): Path<String>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, record) = super::kampung(app, &ctx, &v)?;
        let items = plan_items(app, village)?;
        ACTIVITY.shown(app, &ctx, &record, activity_sections(ctx.lang, &blank_values(), &items)).respond(StatusCode::OK)
    })
    .await
}

/// `POST /kampung/{village}/kegiatan`.
pub async fn save_activity(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, _, f) = posted(app, &ctx, &v, form)?;
        let items = plan_items(app, village)?;
        let (activity, mut problems) = read_activity(&f, &items);
        if problems.is_empty() {
            match app.store.add_activity(village, &activity) {
                Ok(id) => return saved(app, &ctx, village, "kampung.activity", &format!("#{id}")),
                Err(e) => problems = refusal(e, "date")?,
            }
        }
        ACTIVITY.refused(app, &ctx, village, activity_sections(ctx.lang, &f.0, &items), &problems)
    })
    .await
}
