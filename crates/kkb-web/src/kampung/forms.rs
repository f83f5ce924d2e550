//! The registry's forms: a Kampung's record (new and edit), a new profile version, a monthly report, an activity,
//! a manual population entry, a photo or document, and report verification.
//!
//! Who may: village cadres their own village, kecamatan and kabupaten/kota officers within their region
//! ([`crate::auth::Principal::may_edit_kampung`]); verification and the model-Kampung flags are the district
//! officers' ([`crate::auth::Principal::may_verify_kampung`]). Every form is CSRF-checked, validated with the
//! domain's rules (the same as the API's and the file import's), re-shown with what the user typed and every
//! problem at its field when refused, audited when saved, and followed by a recomputation of the class.

use super::labels::{INPRES_AREAS, label};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::date::{Date, today_utc};
use kkb_domain::kampung::*;
use kkb_domain::region::{Level, RegionCode};
use kkb_store::StoreError;
use serde::Deserialize;
use std::collections::BTreeSet;

/// Agencies offered on the activity form (ids as the classification counts them; other names can be typed).
pub const AGENCIES: [(&str, &str); 15] = [
    ("bkkbn", "BKKBN"),
    ("opd_kb", "OPD KB (dinas pengendalian penduduk dan KB)"),
    ("dinkes", "Dinas Kesehatan"),
    ("puskesmas", "Puskesmas"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dinsos", "Dinas Sosial"),
    ("dinas_pupr", "Dinas PUPR"),
    ("disdik", "Dinas Pendidikan"),
    ("kemenag", "Kementerian Agama / KUA"),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("diskominfo", "Dinas Komunikasi dan Informatika"),
    ("bappeda", "Bappeda"),
    ("pkk", "TP-PKK"),
    ("swasta", "Swasta / dunia usaha"),
];

/// One form field as shown.
pub struct Field {
    /// The input's name: the domain's field path (`decree.number`), so that problems land on it.
    pub name: String,
    /// What the user reads.
    pub label: String,
    /// `text`, `textarea`, `date`, `month`, `number`, `check`, `checks`, `select` or `file`.
    pub kind: &'static str,
    /// The value as typed (text kinds and `select`).
    pub value: String,
    /// Choices `(value, label, chosen)` of `checks` and `select`.
    pub options: Vec<(String, String, bool)>,
    /// Whether a `check` is ticked.
    pub checked: bool,
    /// A problem with this field.
    pub error: Option<String>,
}

impl Field {
    pub(crate) fn new(name: &str, label: impl Into<String>, kind: &'static str, value: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            label: label.into(),
            kind,
            value: value.into(),
            options: Vec::new(),
            checked: false,
            error: None,
        }
    }

    pub(crate) fn check(name: &str, label: impl Into<String>, checked: bool) -> Field {
        Field { checked, ..Field::new(name, label, "check", "") }
    }

    pub(crate) fn choices(
        name: &str,
        label: impl Into<String>,
        kind: &'static str,
        options: Vec<(String, String, bool)>,
    ) -> Field {
        Field { options, ..Field::new(name, label, kind, "") }
    }
}

/// A group of fields.
pub struct Section {
    /// Its heading.
    pub legend: String,
    /// Its fields.
    pub fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "kampung_form.html")]
pub(crate) struct FormPage {
    pub(crate) c: Layout,
    pub(crate) l: Lang,
    pub(crate) title: String,
    pub(crate) back: String,
    pub(crate) cancel: String,
    pub(crate) action: String,
    pub(crate) multipart: bool,
    pub(crate) hidden: Vec<(String, String)>,
    pub(crate) intro: String,
    pub(crate) errors: Vec<String>,
    pub(crate) sections: Vec<Section>,
}

impl FormPage {
    /// Puts each problem on its field (a problem on `rws.1` goes to `rws`) and lists them all on top.
    pub(crate) fn with_problems(mut self, problems: &[FieldProblem]) -> FormPage {
        for p in problems {
            let mut placed = false;
            for f in self.sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
                if p.field == f.name || p.field.starts_with(&format!("{}.", f.name)) {
                    f.error = Some(p.reason.clone());
                    placed = true;
                    self.errors.push(format!("{}: {}", f.label, p.reason));
                    break;
                }
            }
            if !placed {
                self.errors.push(p.to_string());
            }
        }
        self
    }

    pub(crate) fn respond(self, status: StatusCode) -> Result<Response, AppError> {
        Ok((status, Html(self.render()?)).into_response())
    }
}

/// A submitted form: every `name=value` pair in order (check boxes repeat their name).
pub(crate) struct Submitted(pub(crate) Vec<(String, String)>);

impl Submitted {
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("")
    }
    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }
    pub(crate) fn all(&self, name: &str) -> BTreeSet<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).collect()
    }
    pub(crate) fn date(&self, name: &str, p: &mut Vec<FieldProblem>) -> Option<Date> {
        let v = self.get(name);
        let d = Date::parse_iso(v);
        if d.is_none() {
            p.push(problem(name, if v.is_empty() { "required".into() } else { format!("{v:?} is not a date") }));
        }
        d
    }
    fn count(&self, name: &str, p: &mut Vec<FieldProblem>) -> i64 {
        let v = self.get(name);
        if v.is_empty() {
            return 0;
        }
        v.parse().unwrap_or_else(|_| {
            p.push(problem(name, format!("{v:?} is not a whole number")));
            0
        })
    }
    /// The ids of a vocabulary ticked under `name`; unknown ids are problems.
    pub(crate) fn set<T: Ord>(
        &self,
        name: &str,
        from_id: fn(&str) -> Option<T>,
        p: &mut Vec<FieldProblem>,
    ) -> BTreeSet<T> {
        let mut out = BTreeSet::new();
        for id in self.all(name) {
            match from_id(&id) {
                Some(v) => {
                    out.insert(v);
                }
                None => p.push(problem(name, format!("{id:?} is not one of the choices"))),
            }
        }
        out
    }
}

pub(crate) fn problem(field: &str, reason: String) -> FieldProblem {
    FieldProblem { field: field.into(), reason }
}

pub(crate) fn options<T: Copy>(
    l: Lang,
    all: &[T],
    id: fn(T) -> &'static str,
    chosen: &dyn Fn(T) -> bool,
) -> Vec<(String, String, bool)> {
    all.iter().map(|&v| (id(v).to_string(), label(l, id(v)), chosen(v))).collect()
}

/// The village of a Kampung URL, which the user may edit; `NotFound` unless it is a village.
fn editable(ctx: &Ctx, village: &str) -> Result<RegionCode, AppError> {
    let code = view::region_code(village)?;
    if code.level() != Level::Village {
        return Err(AppError::NotFound);
    }
    ctx.require_user()?;
    if !ctx.who.may_edit_kampung(code) {
        return Err(AppError::Forbidden);
    }
    Ok(code)
}

/// A store refusal as field problems (validation, duplicates); other errors pass through.
fn refusal(e: StoreError, conflict_field: &str) -> Result<Vec<FieldProblem>, AppError> {
    match e {
        StoreError::Problems(p) => Ok(p.into_iter().map(|p| problem(&p.column, p.reason)).collect()),
        StoreError::Conflict(m) => Ok(vec![problem(conflict_field, m)]),
        other => Err(other.into()),
    }
}

/// After a saved change: the class recomputed, the change audited, back to the Kampung page.
fn saved(app: &AppState, ctx: &Ctx, village: RegionCode, action: &str, detail: &str) -> Result<Response, AppError> {
    app.store.refresh_class(village)?;
    let v = village.to_string();
    ctx.audit(app, action, &format!("kampung {v}"), &v, detail)?;
    Ok(Redirect::to(&format!("/kampung/{v}?ok={action}")).into_response())
}

fn page(
    app: &AppState,
    ctx: &Ctx,
    title: String,
    village: RegionCode,
    action: String,
    sections: Vec<Section>,
) -> FormPage {
    let back = match app.store.kampung(village) {
        Ok(Some(k)) => k.name,
        _ => village.to_string(),
    };
    FormPage {
        c: Layout::new(ctx),
        l: ctx.lang,
        title,
        back,
        cancel: format!("/kampung/{village}"),
        action,
        multipart: false,
        hidden: Vec::new(),
        intro: String::new(),
        errors: Vec::new(),
        sections,
    }
}

// ---------------------------------------------------------------------------------------------------- record

fn record_sections(l: Lang, r: &KampungRecord, may_verify: bool) -> Vec<Section> {
    let d = r.decree.as_ref();
    let mut main = vec![
        Field::new("name", l.t("kf.name"), "text", r.name.clone()),
        Field::new("launch_date", l.t("kf.launch_date"), "date", r.launch_date.to_string()),
        Field::new("rws", l.t("kf.rws"), "text", r.rws.join("; ")),
        Field::new("description", l.t("kf.description"), "textarea", r.description.clone()),
        Field::new("location.lat", l.t("kf.lat"), "text", r.location.map(|x| x.lat.to_string()).unwrap_or_default()),
        Field::new("location.lng", l.t("kf.lng"), "text", r.location.map(|x| x.lng.to_string()).unwrap_or_default()),
        Field::check("active", l.t("kf.active"), r.active),
    ];
    if may_verify {
        main.push(Field::check("model.kabupaten", l.t("kf.model_kabupaten"), r.model.kabupaten));
        main.push(Field::check("model.provinsi", l.t("kf.model_provinsi"), r.model.provinsi));
    }
    let mut types = vec![(String::new(), "—".to_string(), d.is_none())];
    types.extend(options(l, RegulationType::ALL, RegulationType::id, &|t| d.is_some_and(|d| d.regulation_type == t)));
    vec![
        Section { legend: l.t("kf.record").into(), fields: main },
        Section {
            legend: l.t("kf.decree").into(),
            fields: vec![
                Field::new(
                    "decree.number",
                    l.t("kf.decree_number"),
                    "text",
                    d.map(|d| d.number.clone()).unwrap_or_default(),
                ),
                Field::new(
                    "decree.date",
                    l.t("kf.decree_date"),
                    "date",
                    d.map(|d| d.date.to_string()).unwrap_or_default(),
                ),
                Field::choices("decree.regulation_type", l.t("kf.regulation_type"), "select", types),
            ],
        },
        Section {
            legend: l.t("kf.criteria").into(),
            fields: vec![
                Field::choices(
                    "criteria.utama",
                    l.t("kf.criteria_utama"),
                    "checks",
                    options(l, MainCriterion::ALL, MainCriterion::id, &|c| r.criteria.utama.contains(&c)),
                ),
                Field::choices(
                    "criteria.wilayah",
                    l.t("kf.criteria_wilayah"),
                    "checks",
                    options(l, AreaCriterion::ALL, AreaCriterion::id, &|c| r.criteria.wilayah.contains(&c)),
                ),
                Field::choices(
                    "criteria.khusus",
                    l.t("kf.criteria_khusus"),
                    "checks",
                    options(l, SpecialCriterion::ALL, SpecialCriterion::id, &|c| r.criteria.khusus.contains(&c)),
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
            p.push(problem("decree.regulation_type", "choose who issued the decree".into()));
        }
        if number.is_empty() {
            p.push(problem("decree.number", "the decree number is empty".into()));
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
            p.push(problem(name, format!("{v:?} is not a number in degrees")));
        }
        x
    };
    let (lat, lng) = (coord("location.lat", &mut p), coord("location.lng", &mut p));
    let location = match (lat, lng, f.get("location.lat").is_empty(), f.get("location.lng").is_empty()) {
        (Some(lat), Some(lng), _, _) => Some(Location { lat, lng }),
        (_, _, true, true) => None,
        (_, _, lat_empty, _) => {
            let missing = if lat_empty { "location.lat" } else { "location.lng" };
            if f.get(missing).is_empty() {
                p.push(problem(missing, "give both latitude and longitude, or neither".into()));
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
        &app,
        &ctx,
        format!("{} — {name}", l.t("kf.new_title")),
        village,
        format!("/kampung/baru?desa={village}"),
        record_sections(l, &blank, ctx.who.may_verify_kampung(village)),
    );
    page.cancel = format!("/wilayah/{village}");
    page.back = name;
    page.respond(StatusCode::OK)
}

/// `POST /kampung/baru?desa=…`.
pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewQuery>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let village = editable(&ctx, q.desa.as_deref().unwrap_or(""))?;
    let f = Submitted(form);
    ctx.check_csrf(Some(f.get("csrf")))?;
    let may_verify = ctx.who.may_verify_kampung(village);
    let (record, mut problems) = read_record(&f, village, None, may_verify);
    if app.store.kampung(village)?.is_some() {
        problems.push(problem("village", "this village already has a Kampung KB: edit it instead".into()));
    }
    if problems.is_empty() {
        match app.store.upsert_kampung(&record) {
            Ok(_) => return saved(&app, &ctx, village, "kampung.create", &record.name),
            Err(e) => problems = refusal(e, "village")?,
        }
    }
    let l = ctx.lang;
    let mut page = page(
        &app,
        &ctx,
        l.t("kf.new_title").to_string(),
        village,
        format!("/kampung/baru?desa={village}"),
        record_sections(l, &record, may_verify),
    );
    page.cancel = format!("/wilayah/{village}");
    page.with_problems(&problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}

/// `GET /kampung/{village}/ubah`.
pub async fn edit_form(State(app): State<AppState>, ctx: Ctx, Path(v): Path<String>) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    let record = app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let l = ctx.lang;
    page(
        &app,
        &ctx,
        format!("{} — {}", l.t("kf.edit_title"), record.name),
        village,
        format!("/kampung/{village}/ubah"),
        record_sections(l, &record, ctx.who.may_verify_kampung(village)),
    )
    .respond(StatusCode::OK)
}

/// `POST /kampung/{village}/ubah`.
pub async fn update(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    let previous = app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let f = Submitted(form);
    ctx.check_csrf(Some(f.get("csrf")))?;
    let may_verify = ctx.who.may_verify_kampung(village);
    let (record, mut problems) = read_record(&f, village, Some(&previous), may_verify);
    if problems.is_empty() {
        match app.store.upsert_kampung(&record) {
            Ok(_) => return saved(&app, &ctx, village, "kampung.update", &record.name),
            Err(e) => problems = refusal(e, "name")?,
        }
    }
    let l = ctx.lang;
    page(
        &app,
        &ctx,
        l.t("kf.edit_title").to_string(),
        village,
        format!("/kampung/{village}/ubah"),
        record_sections(l, &record, may_verify),
    )
    .with_problems(&problems)
    .respond(StatusCode::UNPROCESSABLE_ENTITY)
}

// --------------------------------------------------------------------------------------------------- profile

fn profile_sections(l: Lang, p: &Profile) -> Vec<Section> {
    let mut ops = Vec::new();
    for &op in Operation::ALL {
        let current = p.operations.get(&op).copied();
        let mut choices = vec![(String::new(), l.t("kf.not_done").to_string(), current.is_none())];
        choices.extend(options(l, Frequency::ALL, Frequency::id, &|f| current == Some(f)));
        ops.push(Field::choices(&format!("operations.{}", op.id()), label(l, op.id()), "select", choices));
    }
    vec![
        Section {
            legend: l.t("kf.profile").into(),
            fields: vec![
                Field::new("valid_from", l.t("kf.valid_from"), "date", p.valid_from.to_string()),
                Field::check("pkb_assigned", l.t("kf.pkb_assigned"), p.pkb_assigned),
                Field::check("regulation", l.t("kf.regulation"), p.regulation),
                Field::check("rkm", l.t("kf.rkm"), p.rkm),
            ],
        },
        Section {
            legend: "Pokja".into(),
            fields: vec![
                Field::check("pokja.exists", l.t("kf.pokja_exists"), p.pokja.exists),
                Field::check("pokja.decree", l.t("kf.pokja_decree"), p.pokja.decree),
                Field::new("pokja.members", l.t("kf.pokja_members"), "number", p.pokja.members.to_string()),
                Field::check("pokja.trained", l.t("kf.pokja_trained"), p.pokja.trained),
                Field::choices(
                    "pokja_sections",
                    l.t("kf.pokja_sections"),
                    "checks",
                    options(l, FamilyFunction::ALL, FamilyFunction::id, &|x| p.pokja_sections.contains(&x)),
                ),
            ],
        },
        Section {
            legend: l.t("kf.resources").into(),
            fields: vec![
                Field::choices(
                    "funding_sources",
                    l.t("kf.funding_sources"),
                    "checks",
                    options(l, FundingSource::ALL, FundingSource::id, &|x| p.funding_sources.contains(&x)),
                ),
                Field::choices(
                    "programs",
                    l.t("kf.programs"),
                    "checks",
                    options(l, Program::ALL, Program::id, &|x| p.programs.contains(&x)),
                ),
                Field::choices(
                    "facilities",
                    l.t("kf.facilities"),
                    "checks",
                    options(l, Facility::ALL, Facility::id, &|x| p.facilities.contains(&x)),
                ),
                Field::choices(
                    "data_sources",
                    l.t("kf.data_sources"),
                    "checks",
                    options(l, DataSource::ALL, DataSource::id, &|x| p.data_sources.contains(&x)),
                ),
            ],
        },
        Section { legend: l.t("kf.operations").into(), fields: ops },
    ]
}

fn read_profile(f: &Submitted) -> (Profile, Vec<FieldProblem>) {
    let mut p = Vec::new();
    let valid_from = f.date("valid_from", &mut p);
    let members = f.count("pokja.members", &mut p);
    if members < 0 {
        p.push(problem("pokja.members", format!("{members} is negative")));
    }
    let mut operations = std::collections::BTreeMap::new();
    for &op in Operation::ALL {
        let name = format!("operations.{}", op.id());
        let v = f.get(&name);
        if v.is_empty() {
            continue;
        }
        match Frequency::from_id(v) {
            Some(freq) => {
                operations.insert(op, freq);
            }
            None => p.push(problem(&name, format!("{v:?} is not a frequency"))),
        }
    }
    let profile = Profile {
        valid_from: valid_from.unwrap_or_else(today_utc),
        pokja: Pokja {
            exists: f.has("pokja.exists"),
            decree: f.has("pokja.decree"),
            members: u32::try_from(members.max(0)).unwrap_or(u32::MAX),
            trained: f.has("pokja.trained"),
        },
        pokja_sections: f.set("pokja_sections", FamilyFunction::from_id, &mut p),
        pkb_assigned: f.has("pkb_assigned"),
        regulation: f.has("regulation"),
        rkm: f.has("rkm"),
        data_sources: f.set("data_sources", DataSource::from_id, &mut p),
        funding_sources: f.set("funding_sources", FundingSource::from_id, &mut p),
        programs: f.set("programs", Program::from_id, &mut p),
        facilities: f.set("facilities", Facility::from_id, &mut p),
        operations,
    };
    p.extend(profile.validate(today_utc()).into_iter().filter(|q| !(valid_from.is_none() && q.field == "valid_from")));
    (profile, p)
}

/// `GET /kampung/{village}/profil`: a new profile version, filled in from the active one.
pub async fn profile_form(State(app): State<AppState>, ctx: Ctx, Path(v): Path<String>) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    let record = app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let mut profile =
        app.store.active_profile(village)?.map(|p| p.profile).unwrap_or_else(|| Profile::empty(today_utc()));
    profile.valid_from = today_utc();
    let l = ctx.lang;
    let mut page = page(
        &app,
        &ctx,
        format!("{} — {}", l.t("kf.profile_title"), record.name),
        village,
        format!("/kampung/{village}/profil"),
        profile_sections(l, &profile),
    );
    page.intro = l.t("kf.profile_intro").into();
    page.respond(StatusCode::OK)
}

/// `POST /kampung/{village}/profil`.
pub async fn save_profile(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let f = Submitted(form);
    ctx.check_csrf(Some(f.get("csrf")))?;
    let (profile, mut problems) = read_profile(&f);
    if problems.is_empty() {
        match app.store.save_profile(village, &profile) {
            Ok(_) => return saved(&app, &ctx, village, "kampung.profile", &profile.valid_from.to_string()),
            Err(e) => problems = refusal(e, "valid_from")?,
        }
    }
    let l = ctx.lang;
    page(
        &app,
        &ctx,
        l.t("kf.profile_title").to_string(),
        village,
        format!("/kampung/{village}/profil"),
        profile_sections(l, &profile),
    )
    .with_problems(&problems)
    .respond(StatusCode::UNPROCESSABLE_ENTITY)
}

// ---------------------------------------------------------------------------------------------------- report

const USER_FIELDS: [&str; 7] = ["mow", "mop", "iud", "implan", "suntik", "pil", "kondom"];
const NOT_USING_FIELDS: [&str; 4] = ["hamil", "ingin_anak_segera", "iat", "tial"];
const PARTICIPANT_FIELDS: [&str; 5] = ["bkb", "bkr", "bkl", "uppka", "pik_r"];

fn report_values(r: &MonthlyReportForm) -> Vec<(String, String)> {
    let (u, n, q) = (&r.contraceptive_users, &r.pus_not_using, &r.participants);
    let mut v = vec![("month".to_string(), r.month.clone()), ("pus".to_string(), r.pus.to_string())];
    for (k, x) in USER_FIELDS.iter().zip([u.mow, u.mop, u.iud, u.implan, u.suntik, u.pil, u.kondom]) {
        v.push((format!("contraceptive_users.{k}"), x.to_string()));
    }
    for (k, x) in NOT_USING_FIELDS.iter().zip([n.hamil, n.ingin_anak_segera, n.iat, n.tial]) {
        v.push((format!("pus_not_using.{k}"), x.to_string()));
    }
    for (k, x) in PARTICIPANT_FIELDS.iter().zip([q.bkb, q.bkr, q.bkl, q.uppka, q.pik_r]) {
        v.push((format!("participants.{k}"), x.to_string()));
    }
    v
}

fn report_sections(l: Lang, values: &[(String, String)], month_fixed: bool) -> Vec<Section> {
    let value = |k: &str| values.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let group = |prefix: &str, names: &[&str], labels: &[&str]| -> Vec<Field> {
        names
            .iter()
            .zip(labels)
            .map(|(k, lab)| {
                let name = format!("{prefix}.{k}");
                Field::new(&name, *lab, "number", value(&name))
            })
            .collect()
    };
    let mut month = Field::new("month", l.t("kampung.month"), "month", value("month"));
    if month_fixed {
        month.kind = "fixed";
    }
    vec![
        Section {
            legend: l.t("kf.report").into(),
            fields: vec![month, Field::new("pus", "PUS", "number", value("pus"))],
        },
        Section {
            legend: l.t("kf.users_by_method").into(),
            fields: group(
                "contraceptive_users",
                &USER_FIELDS,
                &["MOW", "MOP", "IUD", "Implan", "Suntik", "Pil", "Kondom"],
            ),
        },
        Section {
            legend: l.t("kf.not_using").into(),
            fields: group(
                "pus_not_using",
                &NOT_USING_FIELDS,
                &[l.t("kf.hamil"), l.t("kf.ingin_anak_segera"), l.t("kf.iat"), l.t("kf.tial")],
            ),
        },
        Section {
            legend: l.t("kf.participants").into(),
            fields: group("participants", &PARTICIPANT_FIELDS, &["BKB", "BKR", "BKL", "UPPKA", "PIK-R"]),
        },
    ]
}

/// `?bulan=YYYY-MM` of the report form: the month to change.
#[derive(Deserialize)]
pub struct MonthQuery {
    bulan: Option<String>,
}

/// `GET /kampung/{village}/laporan[?bulan=YYYY-MM]`: a new monthly report, or the given month's to correct.
pub async fn report_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    let record = app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let existing = match q.bulan.as_deref().map(YearMonth::parse) {
        Some(Some(m)) => Some(app.store.report(village, m)?.ok_or(AppError::NotFound)?),
        Some(None) => return Err(AppError::BadRequest("bulan must be a month, YYYY-MM".into())),
        None => None,
    };
    let l = ctx.lang;
    let form = match &existing {
        Some(r) => report_form_of(r),
        None => MonthlyReportForm { month: YearMonth::of(today_utc()).to_string(), ..Default::default() },
    };
    let mut page = page(
        &app,
        &ctx,
        format!("{} — {}", l.t("kf.report_title"), record.name),
        village,
        format!("/kampung/{village}/laporan"),
        report_sections(l, &report_values(&form), existing.is_some()),
    );
    if existing.is_some() {
        page.hidden.push(("replace".into(), "1".into()));
        page.intro = l.t("kf.report_replace").into();
    }
    page.respond(StatusCode::OK)
}

fn report_form_of(r: &MonthlyReport) -> MonthlyReportForm {
    let (u, n, q) = (&r.contraceptive_users, &r.pus_not_using, &r.participants);
    let i = i64::from;
    MonthlyReportForm {
        month: r.month.to_string(),
        pus: i(r.pus),
        contraceptive_users: ContraceptiveUsers {
            mow: i(u.mow),
            mop: i(u.mop),
            iud: i(u.iud),
            implan: i(u.implan),
            suntik: i(u.suntik),
            pil: i(u.pil),
            kondom: i(u.kondom),
        },
        pus_not_using: PusNotUsing {
            hamil: i(n.hamil),
            ingin_anak_segera: i(n.ingin_anak_segera),
            iat: i(n.iat),
            tial: i(n.tial),
        },
        participants: Participants {
            bkb: i(q.bkb),
            bkr: i(q.bkr),
            bkl: i(q.bkl),
            uppka: i(q.uppka),
            pik_r: i(q.pik_r),
        },
    }
}

/// `POST /kampung/{village}/laporan`.
pub async fn save_report(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let f = Submitted(form);
    ctx.check_csrf(Some(f.get("csrf")))?;
    let replace = f.has("replace");
    let mut problems = Vec::new();
    let c = |k: &str, p: &mut Vec<FieldProblem>| f.count(k, p);
    let typed = MonthlyReportForm {
        month: f.get("month").to_string(),
        pus: c("pus", &mut problems),
        contraceptive_users: ContraceptiveUsers {
            mow: c("contraceptive_users.mow", &mut problems),
            mop: c("contraceptive_users.mop", &mut problems),
            iud: c("contraceptive_users.iud", &mut problems),
            implan: c("contraceptive_users.implan", &mut problems),
            suntik: c("contraceptive_users.suntik", &mut problems),
            pil: c("contraceptive_users.pil", &mut problems),
            kondom: c("contraceptive_users.kondom", &mut problems),
        },
        pus_not_using: PusNotUsing {
            hamil: c("pus_not_using.hamil", &mut problems),
            ingin_anak_segera: c("pus_not_using.ingin_anak_segera", &mut problems),
            iat: c("pus_not_using.iat", &mut problems),
            tial: c("pus_not_using.tial", &mut problems),
        },
        participants: Participants {
            bkb: c("participants.bkb", &mut problems),
            bkr: c("participants.bkr", &mut problems),
            bkl: c("participants.bkl", &mut problems),
            uppka: c("participants.uppka", &mut problems),
            pik_r: c("participants.pik_r", &mut problems),
        },
    };
    // Words where numbers go were read as 0 above; the domain's rules still check every other field.
    match typed.parse(village, today_utc()) {
        Ok(report) if problems.is_empty() => match app.store.save_report(&report, replace) {
            Ok(_) => return saved(&app, &ctx, village, "kampung.report", &report.month.to_string()),
            Err(e) => problems = refusal(e, "month")?,
        },
        Ok(_) => {}
        Err(p) => problems.extend(p),
    }
    // Re-show exactly what was typed, including what is not a number.
    let values: Vec<(String, String)> = report_values(&typed)
        .into_iter()
        .map(|(k, _)| {
            let typed = f.get(&k).to_string();
            (k, typed)
        })
        .collect();
    let l = ctx.lang;
    let mut page = page(
        &app,
        &ctx,
        l.t("kf.report_title").to_string(),
        village,
        format!("/kampung/{village}/laporan"),
        report_sections(l, &values, replace),
    );
    if replace {
        page.hidden.push(("replace".into(), "1".into()));
    }
    page.with_problems(&problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}

/// `POST /kampung/{village}/laporan/{month}/verifikasi`: a district officer verifies a report.
pub async fn verify_report(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((v, month)): Path<(String, String)>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let village = view::region_code(&v)?;
    ctx.require_user()?;
    if !ctx.who.may_verify_kampung(village) {
        return Err(AppError::Forbidden);
    }
    ctx.check_csrf(Some(Submitted(form).get("csrf")))?;
    let month = YearMonth::parse(&month).ok_or(AppError::NotFound)?;
    app.store.verify_report(village, month, ctx.who.username())?;
    ctx.audit(&app, "kampung.verify", &format!("kampung {village}"), &village.to_string(), &month.to_string())?;
    Ok(Redirect::to(&format!("/kampung/{village}?ok=kampung.verify#laporan")).into_response())
}

// -------------------------------------------------------------------------------------------------- activity

fn activity_sections(l: Lang, a: &Activity, plan_items: &[(i64, String)]) -> Vec<Section> {
    let known: Vec<&str> = AGENCIES.iter().map(|(id, _)| *id).collect();
    let others: Vec<&str> = a.agencies.iter().map(String::as_str).filter(|x| !known.contains(x)).collect();
    let mut functions = vec![];
    functions.extend(options(l, FamilyFunction::ALL, FamilyFunction::id, &|x| x == a.function));
    let areas = INPRES_AREAS
        .iter()
        .map(|(n, i, e)| {
            (n.to_string(), format!("{n}. {}", if l == Lang::En { e } else { i }), u8::from(a.inpres_area) == *n)
        })
        .collect();
    vec![
        Section {
            legend: l.t("kf.activity").into(),
            fields: vec![
                Field::new("date", l.t("kf.date"), "date", a.date.to_string()),
                Field::new("place", l.t("kf.place"), "text", a.place.clone()),
                Field::new("description", l.t("kf.description"), "textarea", a.description.clone()),
                Field::choices("function", l.t("kf.function"), "select", functions),
                Field::choices("inpres_area", l.t("kf.inpres_area"), "select", areas),
                Field::choices(
                    "targets",
                    l.t("kf.targets"),
                    "checks",
                    options(l, Target::ALL, Target::id, &|x| a.targets.contains(&x)),
                ),
                Field::choices(
                    "plan_item",
                    l.t("kf.plan_item"),
                    "select",
                    std::iter::once((String::new(), "—".to_string(), a.plan_item.is_none()))
                        .chain(
                            plan_items
                                .iter()
                                .map(|(id, title)| (id.to_string(), title.clone(), a.plan_item == Some(*id))),
                        )
                        .collect(),
                ),
            ],
        },
        Section {
            legend: l.t("kf.agencies").into(),
            fields: vec![
                Field::choices(
                    "agencies",
                    l.t("kf.agencies_known"),
                    "checks",
                    AGENCIES
                        .iter()
                        .map(|(id, name)| (id.to_string(), name.to_string(), a.agencies.iter().any(|x| x == id)))
                        .collect(),
                ),
                Field::new("agencies_other", l.t("kf.agencies_other"), "text", others.join("; ")),
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
                p.push(problem("plan_item", "choose an action-plan item that reaches this village".into()));
                None
            }
        },
    };
    let date = f.date("date", &mut p);
    let function = FamilyFunction::from_id(f.get("function"));
    if function.is_none() {
        p.push(problem("function", "choose the family function".into()));
    }
    let area = f.get("inpres_area").parse::<u8>().ok().and_then(|n| InpresArea::try_from(n).ok());
    if area.is_none() {
        p.push(problem("inpres_area", "choose the Inpres 3/2022 programme area".into()));
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
    let village = editable(&ctx, &v)?;
    let record = app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let blank = Activity {
        date: today_utc(),
        place: String::new(),
        description: String::new(),
        function: FamilyFunction::Reproduksi,
        targets: BTreeSet::new(),
        agencies: Vec::new(),
        inpres_area: InpresArea::PerubahanPerilaku,
        plan_item: None,
    };
    let l = ctx.lang;
    let items = plan_items(&app, village)?;
    page(
        &app,
        &ctx,
        format!("{} — {}", l.t("kf.activity_title"), record.name),
        village,
        format!("/kampung/{village}/kegiatan"),
        activity_sections(l, &blank, &items),
    )
    .respond(StatusCode::OK)
}

/// `POST /kampung/{village}/kegiatan`.
pub async fn save_activity(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let f = Submitted(form);
    ctx.check_csrf(Some(f.get("csrf")))?;
    let items = plan_items(&app, village)?;
    let (activity, mut problems) = read_activity(&f, &items);
    if problems.is_empty() {
        match app.store.add_activity(village, &activity) {
            Ok(id) => return saved(&app, &ctx, village, "kampung.activity", &format!("#{id}")),
            Err(e) => problems = refusal(e, "date")?,
        }
    }
    let l = ctx.lang;
    page(
        &app,
        &ctx,
        l.t("kf.activity_title").to_string(),
        village,
        format!("/kampung/{village}/kegiatan"),
        activity_sections(l, &activity, &items),
    )
    .with_problems(&problems)
    .respond(StatusCode::UNPROCESSABLE_ENTITY)
}

// ------------------------------------------------------------------------------------------------ population

const POPULATION_FIELDS: [&str; 6] =
    ["families", "pus", "families_with_balita", "families_with_remaja", "families_with_lansia", "remaja"];

fn population_sections(l: Lang, values: &[(String, String)]) -> Vec<Section> {
    let value = |k: &str| values.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let mut fields = vec![Field::new("valid_from", l.t("kf.valid_from"), "date", value("valid_from"))];
    for k in POPULATION_FIELDS {
        fields.push(Field::new(k, l.t(&format!("kf.pop.{k}")), "number", value(k)));
    }
    vec![Section { legend: l.t("kf.population").into(), fields }]
}

/// `GET /kampung/{village}/penduduk`: a dated manual population entry, filled in with the figures in use.
pub async fn population_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    let record = app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let (p, _) = app.store.kampung_population(village)?;
    let c = p.counts;
    let mut values = vec![("valid_from".to_string(), today_utc().to_string())];
    for (k, n) in POPULATION_FIELDS.iter().zip([
        c.families,
        c.pus,
        c.families_with_balita,
        c.families_with_remaja,
        c.families_with_lansia,
        c.remaja,
    ]) {
        values.push((k.to_string(), n.to_string()));
    }
    let l = ctx.lang;
    let mut page = page(
        &app,
        &ctx,
        format!("{} — {}", l.t("kf.population_title"), record.name),
        village,
        format!("/kampung/{village}/penduduk"),
        population_sections(l, &values),
    );
    page.intro = l.t("kf.population_intro").into();
    page.respond(StatusCode::OK)
}

/// `POST /kampung/{village}/penduduk`.
pub async fn save_population(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let f = Submitted(form);
    ctx.check_csrf(Some(f.get("csrf")))?;
    let mut problems = Vec::new();
    let valid_from = f.date("valid_from", &mut problems);
    let mut n = [0u32; 6];
    for (slot, k) in n.iter_mut().zip(POPULATION_FIELDS) {
        let x = f.count(k, &mut problems);
        if x < 0 {
            problems.push(problem(k, format!("{x} is negative: counts start at 0")));
        }
        *slot = u32::try_from(x.max(0)).unwrap_or(u32::MAX);
    }
    let counts = PopulationCounts {
        families: n[0],
        pus: n[1],
        families_with_balita: n[2],
        families_with_remaja: n[3],
        families_with_lansia: n[4],
        remaja: n[5],
    };
    if let Some(date) = valid_from.filter(|_| problems.is_empty()) {
        let population = Population { counts, ..Population::default() };
        match app.store.save_population(village, date, &population) {
            Ok(()) => return saved(&app, &ctx, village, "kampung.population", &date.to_string()),
            Err(e) => problems = refusal(e, "valid_from")?,
        }
    }
    let values: Vec<(String, String)> =
        std::iter::once("valid_from").chain(POPULATION_FIELDS).map(|k| (k.to_string(), f.get(k).to_string())).collect();
    let l = ctx.lang;
    page(
        &app,
        &ctx,
        l.t("kf.population_title").to_string(),
        village,
        format!("/kampung/{village}/penduduk"),
        population_sections(l, &values),
    )
    .with_problems(&problems)
    .respond(StatusCode::UNPROCESSABLE_ENTITY)
}

// ------------------------------------------------------------------------------------------------- documents

/// `POST /kampung/{village}/dokumen`: a photo or document (PNG, JPEG or PDF, at most 5 MiB, the declared type
/// checked against the content).
pub async fn upload_document(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let village = editable(&ctx, &v)?;
    app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    let (mut csrf, mut file) = (None, None);
    while let Some(field) = form.next_field().await.map_err(|e| AppError::BadRequest(format!("upload: {e}")))? {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().unwrap_or_default().to_string();
        let declared = field.content_type().unwrap_or("application/octet-stream").to_string();
        let bytes = field.bytes().await.map_err(|e| AppError::BadRequest(format!("upload: {e}")))?;
        match name.as_str() {
            "csrf" => csrf = Some(String::from_utf8_lossy(&bytes).to_string()),
            "file" => file = Some((filename, declared, bytes)),
            _ => {}
        }
    }
    ctx.check_csrf(csrf.as_deref())?;
    let Some((filename, mut declared, bytes)) = file else {
        return Err(AppError::BadRequest("choose a file to upload".into()));
    };
    // A client that declares no type (`application/octet-stream`) declares it by the file's extension instead.
    if declared == "application/octet-stream" {
        let ext = filename.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        declared = match ext.as_str() {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "pdf" => "application/pdf",
            _ => "application/octet-stream",
        }
        .to_string();
    }
    let meta = app.store.add_document(village, &filename, &declared, &bytes)?;
    ctx.audit(
        &app,
        "kampung.document",
        &format!("kampung {village}"),
        &village.to_string(),
        &format!("#{} {} bytes", meta.id, meta.size),
    )?;
    Ok(Redirect::to(&format!("/kampung/{village}?ok=kampung.document#dokumen")).into_response())
}

/// `GET /kampung/{village}/dokumen/{id}`: a stored photo or document, served with its detected type; PDFs as
/// attachments. Public, as the registry is.
pub async fn document(State(app): State<AppState>, Path((v, id)): Path<(String, i64)>) -> Result<Response, AppError> {
    let village = view::region_code(&v)?;
    let doc = app.store.document(id)?.filter(|d| d.meta.village == village).ok_or(AppError::NotFound)?;
    let disposition = if doc.meta.content_type == "application/pdf" { "attachment" } else { "inline" };
    let safe_name: String = doc
        .meta
        .filename
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' })
        .collect();
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, doc.meta.content_type.clone()),
            (axum::http::header::CONTENT_DISPOSITION, format!("{disposition}; filename=\"{safe_name}\"")),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400".to_string()),
        ],
        doc.bytes,
    )
        .into_response())
}
