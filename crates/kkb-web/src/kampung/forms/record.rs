//! A Kampung's record: the form that forms one in a village, and the form that edits it.

use super::{
    Field, KampungForm, Section, Submitted, Values, choice_problem, chosen, editable, page, posted, problem, put,
    refusal, saved, tick, ticked, value, vocabulary,
};
use crate::i18n::Lang;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kkb_domain::date::today_utc;
use kkb_domain::kampung::*;
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use serde::Deserialize;

/// The edit form.
const EDIT: KampungForm = KampungForm { title: "kf.edit_title", path: "ubah", intro: None };

/// A stored record as the form's values.
fn record_values(r: &KampungRecord) -> Vec<(String, String)> {
    let mut v = Vec::new();
    put(&mut v, "name", &r.name);
    put(&mut v, "launch_date", r.launch_date);
    put(&mut v, "rws", r.rws.join("; "));
    put(&mut v, "description", &r.description);
    if let Some(x) = r.location {
        put(&mut v, "location.lat", x.lat);
        put(&mut v, "location.lng", x.lng);
    }
    tick(&mut v, "active", r.active);
    tick(&mut v, "model.kabupaten", r.model.kabupaten);
    tick(&mut v, "model.provinsi", r.model.provinsi);
    if let Some(d) = &r.decree {
        put(&mut v, "decree.number", &d.number);
        put(&mut v, "decree.date", d.date);
        put(&mut v, "decree.regulation_type", d.regulation_type.id());
    }
    for c in &r.criteria.utama {
        put(&mut v, "criteria.utama", c.id());
    }
    for c in &r.criteria.wilayah {
        put(&mut v, "criteria.wilayah", c.id());
    }
    for c in &r.criteria.khusus {
        put(&mut v, "criteria.khusus", c.id());
    }
    v
}

fn record_sections(l: Lang, values: &Values, may_verify: bool) -> Vec<Section> {
    let text = |name: &str, key: &str, kind: &'static str| Field::new(name, l.t(key), kind, value(values, name));
    let checks = |name: &str, key: &str, choices: Vec<(String, String)>| {
        Field::choices(name, l.t(key), "checks", chosen(values, name, choices))
    };
    let mut main = vec![
        text("name", "kf.name", "text"),
        text("launch_date", "kf.launch_date", "date"),
        text("rws", "kf.rws", "text"),
        text("description", "kf.description", "textarea"),
        text("location.lat", "kf.lat", "text"),
        text("location.lng", "kf.lng", "text"),
        Field::check("active", l.t("kf.active"), ticked(values, "active")),
    ];
    if may_verify {
        main.push(Field::check("model.kabupaten", l.t("kf.model_kabupaten"), ticked(values, "model.kabupaten")));
        main.push(Field::check("model.provinsi", l.t("kf.model_provinsi"), ticked(values, "model.provinsi")));
    }
    let types = vocabulary(l, RegulationType::ALL, RegulationType::id, true);
    vec![
        Section { legend: l.t("kf.record").into(), fields: main },
        Section {
            legend: l.t("kf.decree").into(),
            fields: vec![
                text("decree.number", "kf.decree_number", "text"),
                text("decree.date", "kf.decree_date", "date"),
                Field::choices(
                    "decree.regulation_type",
                    l.t("kf.regulation_type"),
                    "select",
                    chosen(values, "decree.regulation_type", types),
                ),
            ],
        },
        Section {
            legend: l.t("kf.criteria").into(),
            fields: vec![
                checks(
                    "criteria.utama",
                    "kf.criteria_utama",
                    vocabulary(l, MainCriterion::ALL, MainCriterion::id, false),
                ),
                checks(
                    "criteria.wilayah",
                    "kf.criteria_wilayah",
                    vocabulary(l, AreaCriterion::ALL, AreaCriterion::id, false),
                ),
                checks(
                    "criteria.khusus",
                    "kf.criteria_khusus",
                    vocabulary(l, SpecialCriterion::ALL, SpecialCriterion::id, false),
                ),
            ],
        },
    ]
}

/// Reads a record form; `previous` supplies what the user may not change (model flags without the right).
fn read_record(
    f: &Submitted,
    village: RegionCode,
    previous: Option<&KampungRecord>,
    may_verify: bool,
) -> (KampungRecord, Vec<FieldProblem>) {
    let mut p = Vec::new();
    let launch = f.date("launch_date", &mut p);
    let (number, date_text, kind) = (f.get("decree.number"), f.get("decree.date"), f.get("decree.regulation_type"));
    let decree = if number.is_empty() && date_text.is_empty() && kind.is_empty() {
        None
    } else {
        let date = f.date("decree.date", &mut p);
        let regulation_type = RegulationType::from_id(kind);
        if regulation_type.is_none() {
            p.push(problem("decree.regulation_type", choice_problem(kind)));
        }
        if number.is_empty() {
            p.push(problem("decree.number", Reason::Required));
        }
        match (date, regulation_type) {
            (Some(date), Some(regulation_type)) => Some(Decree { number: number.into(), date, regulation_type }),
            _ => None,
        }
    };
    let coord = |name: &str, p: &mut Vec<FieldProblem>| -> Option<f64> {
        let v = f.get(name).replace(',', ".");
        if v.is_empty() {
            return None;
        }
        let x = v.parse::<f64>().ok().filter(|x| x.is_finite());
        if x.is_none() {
            p.push(problem(name, Reason::NotDegrees));
        }
        x
    };
    let (lat, lng) = (coord("location.lat", &mut p), coord("location.lng", &mut p));
    let location = match (lat, lng, f.get("location.lat").is_empty(), f.get("location.lng").is_empty()) {
        (Some(lat), Some(lng), _, _) => Some(Location { lat, lng }),
        (_, _, true, true) => None,
        (_, _, lat_empty, _) => {
            let (missing, given) = if lat_empty { ("location.lat", "lng") } else { ("location.lng", "lat") };
            if f.get(missing).is_empty() {
                p.push(problem(missing, Reason::CoordinateHalf { given }));
            }
            None
        }
    };
    let model = if may_verify {
        ModelFlags { kabupaten: f.has("model.kabupaten"), provinsi: f.has("model.provinsi") }
    } else {
        previous.map(|r| r.model).unwrap_or_default()
    };
    let record = KampungRecord {
        village,
        name: f.get("name").to_string(),
        launch_date: launch.unwrap_or_else(today_utc),
        decree,
        rws: f.get("rws").split([';', ',']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
        description: f.get("description").to_string(),
        location,
        criteria: SelectionCriteria {
            utama: f.set("criteria.utama", MainCriterion::from_id, &mut p),
            wilayah: f.set("criteria.wilayah", AreaCriterion::from_id, &mut p),
            khusus: f.set("criteria.khusus", SpecialCriterion::from_id, &mut p),
        },
        active: f.has("active"),
        model,
        created_at: String::new(),
        updated_at: String::new(),
    };
    p.extend(record.validate(today_utc()).into_iter().filter(|q| !(launch.is_none() && q.field == "launch_date")));
    (record, p)
}

/// `?desa=` of the new-Kampung form.
#[derive(Deserialize)]
pub struct NewQuery {
    desa: Option<String>,
}

/// `GET /kampung/baru?desa=…`: the form that forms a Kampung KB in a village.
pub async fn new_form(State(app): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let village = editable(&ctx, q.desa.as_deref().unwrap_or(""))?;
        if app.store.kampung(village)?.is_some() {
            return Ok(Redirect::to(&format!("/kampung/{village}/ubah")).into_response());
        }
        let name = app.store.region(village)?.map(|r| r.name).ok_or(AppError::NotFound)?;
        let blank = KampungRecord {
            village,
            name: format!("Kampung KB {name}"),
            launch_date: today_utc(),
            decree: None,
            rws: Vec::new(),
            description: String::new(),
            location: None,
            criteria: SelectionCriteria::default(),
            active: true,
            model: ModelFlags::default(),
            created_at: String::new(),
            updated_at: String::new(),
        };
        let l = ctx.lang;
        let mut page = page(
            app,
            &ctx,
            format!("{} — {name}", l.t("kf.new_title")),
            village,
            format!("/kampung/baru?desa={village}"),
            record_sections(l, &record_values(&blank), ctx.who.may_verify_kampung(village)),
        );
        page.cancel = format!("/wilayah/{village}");
        page.back = name;
        page.respond(StatusCode::OK)
    })
    .await
}

/// `POST /kampung/baru?desa=…`.
pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewQuery>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let village = editable(&ctx, q.desa.as_deref().unwrap_or(""))?;
        let f = Submitted(form);
        ctx.check_csrf(Some(f.get("csrf")))?;
        let may_verify = ctx.who.may_verify_kampung(village);
        let (record, mut problems) = read_record(&f, village, None, may_verify);
        if app.store.kampung(village)?.is_some() {
            problems.push(problem("village", Reason::KampungExists));
        }
        if problems.is_empty() {
            match app.store.upsert_kampung(&record) {
                Ok(_) => return saved(app, &ctx, village, "kampung.create", &record.name),
                Err(e) => problems = refusal(e, "village")?,
            }
        }
        let l = ctx.lang;
        let mut page = page(
            app,
            &ctx,
            l.t("kf.new_title").to_string(),
            village,
            format!("/kampung/baru?desa={village}"),
            record_sections(l, &f.0, may_verify),
        );
        page.cancel = format!("/wilayah/{village}");
        page.with_problems(&problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
    })
    .await
}

/// `GET /kampung/{village}/ubah`.
pub async fn edit_form(State(app): State<AppState>, ctx: Ctx, Path(v): Path<String>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, record) = super::kampung(app, &ctx, &v)?;
        let sections = record_sections(ctx.lang, &record_values(&record), ctx.who.may_verify_kampung(village));
        EDIT.shown(app, &ctx, &record, sections).respond(StatusCode::OK)
    })
    .await
}

/// `POST /kampung/{village}/ubah`.
pub async fn update(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, previous, f) = posted(app, &ctx, &v, form)?;
        let may_verify = ctx.who.may_verify_kampung(village);
        let (record, mut problems) = read_record(&f, village, Some(&previous), may_verify);
        if problems.is_empty() {
            match app.store.upsert_kampung(&record) {
                Ok(_) => return saved(app, &ctx, village, "kampung.update", &record.name),
                Err(e) => problems = refusal(e, "name")?,
            }
        }
        // Shown again exactly as typed: what could not be read stays beside its problem.
        EDIT.refused(app, &ctx, village, record_sections(ctx.lang, &f.0, may_verify), &problems)
    })
    .await
}
