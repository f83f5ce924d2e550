//! The correction and new-family forms: building the form from a stored family or from what was typed, reading
//! it back through the importer's validator, and saving into an existing round (new/create, edit/update).

use super::{code_choice, column_label, load, round_year, village_of};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::pk::columns::{FAMILY_CODED, MEMBER_CODED};
use kkb_domain::pk::form::{MEMBER_COLUMNS, TypedFamily, read_typed};
use kkb_domain::pk::{Context, Problem};
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;
use kkb_store::{StoreError, StoredFamily};
use serde::Deserialize;
use std::collections::HashMap;

/// One form input.
pub struct Field {
    /// Input name.
    pub name: String,
    /// Column (for the error's target).
    pub column: String,
    /// Label.
    pub label: String,
    /// Current value.
    pub value: String,
    /// Choices for a select (empty: a text input).
    pub options: Vec<(String, String)>,
    /// What is wrong with it.
    pub error: Option<String>,
}

/// One member row of the form.
pub struct MemberRow {
    /// Inputs in column order.
    pub fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "family_form.html")]
pub(crate) struct FormPage {
    c: Layout,
    l: Lang,
    title: String,
    action: String,
    cancel: String,
    version: String,
    family: Vec<Field>,
    member_headers: Vec<String>,
    members: Vec<MemberRow>,
    errors: Vec<String>,
}

/// Member columns of the form, in order: the anggota.csv columns but `family_id`.
const MEMBER_FORM: [&str; 12] = MEMBER_COLUMNS;

/// Family columns of the form (coded answers follow).
const FAMILY_FORM: [&str; 4] = ["family_id", "rw", "rt", "kk_number"];

/// Empty member rows offered for additions.
const SPARE_ROWS: usize = 2;

fn options(l: Lang, column: &str) -> Vec<(String, String)> {
    let coded = FAMILY_CODED.contains(&column) || MEMBER_CODED.iter().any(|m| m.0 == column);
    if !coded {
        return vec![];
    }
    let mut out = vec![(String::new(), l.t("form.empty").to_string())];
    let codes = kkb_domain::pk::vocab::column(column).map_or(0, |c| c.codes.len()) as u8;
    out.extend((1..=codes).map(|c| (c.to_string(), code_choice(l, column, c))));
    out
}

/// Form values (input name → value) from a stored family.
fn values_of(f: &StoredFamily) -> HashMap<String, String> {
    let mut v = HashMap::new();
    v.insert("family_id".into(), f.summary.family_id.clone());
    v.insert("rw".into(), f.rw.map(|x| x.to_string()).unwrap_or_default());
    v.insert("rt".into(), f.rt.map(|x| x.to_string()).unwrap_or_default());
    v.insert("kk_number".into(), f.kk.clone().unwrap_or_default());
    for (slot, col) in FAMILY_CODED.iter().enumerate() {
        let c = f.answers.coded[slot];
        v.insert(col.to_string(), if c == 0 { String::new() } else { c.to_string() });
    }
    for (i, m) in f.answers.members.iter().enumerate() {
        let person = f.people.iter().find(|p| p.0 == m.member_no);
        v.insert(format!("m{i}_member_no"), m.member_no.to_string());
        v.insert(format!("m{i}_nik"), person.and_then(|p| p.1.clone()).unwrap_or_default());
        v.insert(format!("m{i}_name"), person.map(|p| p.2.clone()).unwrap_or_default());
        v.insert(format!("m{i}_birth_date"), m.birth.to_string());
        for (slot, (col, _, _)) in MEMBER_CODED.iter().enumerate() {
            let c = m.coded[slot];
            v.insert(format!("m{i}_{col}"), if c == 0 { String::new() } else { c.to_string() });
        }
    }
    v
}

fn member_count(values: &HashMap<String, String>) -> usize {
    (0..100).take_while(|i| values.contains_key(&format!("m{i}_member_no"))).count()
}

fn member_is_empty(values: &HashMap<String, String>, i: usize) -> bool {
    MEMBER_FORM.iter().all(|c| values.get(&format!("m{i}_{c}")).is_none_or(|v| v.trim().is_empty()))
}

/// What frames a family form.
pub(crate) struct FormMeta {
    pub(crate) title: String,
    pub(crate) action: String,
    pub(crate) cancel: String,
    /// The edited version ("" for a new family).
    pub(crate) version: String,
    /// A new family (its id is typed) or a correction (its id is fixed).
    pub(crate) new: bool,
}

/// Builds the page from values and problems; `rows_of_members` maps anggota.csv rows to form member indexes.
pub(crate) fn form_page(
    ctx: &Ctx,
    meta: FormMeta,
    values: &HashMap<String, String>,
    problems: &[Problem],
    rows_of_members: &[usize],
) -> FormPage {
    let FormMeta { title, action, cancel, version, new } = meta;
    let l = ctx.lang;
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let mut errors = Vec::new();
    let mut field_errors: HashMap<String, String> = HashMap::new();
    for p in problems {
        let target = if p.file == "anggota.csv" {
            match p.row.checked_sub(2).and_then(|r| rows_of_members.get(r)) {
                Some(i) => {
                    errors.push(format!(
                        "{} {}, {}: {}",
                        l.t("fam.members"),
                        i + 1,
                        column_label(l, &p.column),
                        l.reason(&p.reason)
                    ));
                    format!("m{i}_{}", p.column)
                }
                None => {
                    errors.push(l.reason(&p.reason));
                    String::new()
                }
            }
        } else {
            errors.push(if p.column.is_empty() {
                l.reason(&p.reason)
            } else {
                format!("{}: {}", column_label(l, &p.column), l.reason(&p.reason))
            });
            p.column.clone()
        };
        if !target.is_empty() {
            field_errors.entry(target).or_insert_with(|| l.reason(&p.reason));
        }
    }
    let field = |name: String, column: &str| Field {
        value: get(&name),
        error: field_errors.get(&name).cloned(),
        label: column_label(l, column),
        options: options(l, column),
        column: column.to_string(),
        name,
    };
    let mut family: Vec<Field> =
        FAMILY_FORM.iter().filter(|c| new || **c != "family_id").map(|c| field(c.to_string(), c)).collect();
    family.extend(FAMILY_CODED.iter().map(|c| field(c.to_string(), c)));
    let rows = member_count(values) + SPARE_ROWS;
    let members = (0..rows)
        .map(|i| MemberRow { fields: MEMBER_FORM.iter().map(|c| field(format!("m{i}_{c}"), c)).collect() })
        .collect();
    FormPage {
        c: Layout::new(ctx),
        l,
        title,
        action,
        cancel,
        version,
        family,
        member_headers: MEMBER_FORM.iter().map(|c| column_label(l, c)).collect(),
        members,
        errors,
    }
}

/// The submitted form through the importer's own validator ([`kkb_domain::pk::form::read_typed`]). Returns the
/// family, or the problems (anggota.csv row `r` is the `r - 2`th non-empty member row, see [`member_rows`]).
pub(crate) fn validate_form(
    app: &AppState,
    year: u16,
    village: RegionCode,
    values: &HashMap<String, String>,
) -> Result<Result<kkb_domain::pk::Family, Vec<Problem>>, AppError> {
    let get = |k: &str| values.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let mut typed = TypedFamily::default();
    typed.set("family_id", get("family_id"));
    typed.set("village_code", village.to_string());
    typed.set("pk_year", year.to_string());
    for c in ["rw", "rt", "kk_number"].iter().chain(FAMILY_CODED.iter()) {
        typed.set(c, get(c));
    }
    typed.members = member_rows(values)
        .into_iter()
        .map(|i| MEMBER_FORM.iter().map(|c| (c.to_string(), get(&format!("m{i}_{c}")))).collect())
        .collect();
    let regions = app.store.region_set()?;
    let is_village = |c| regions.is_village(c);
    let is_province = |p| regions.is_province(p);
    let pk = Context { is_village: &is_village, is_province: &is_province, today: kkb_domain::date::today_utc() };
    Ok(read_typed(&typed, &pk))
}

pub(crate) fn member_rows(values: &HashMap<String, String>) -> Vec<usize> {
    (0..member_count(values) + SPARE_ROWS).filter(|i| !member_is_empty(values, *i)).collect()
}

/// `/keluarga/{year}/{village}/{id}/ubah`: the correction form (shows NIKs: audited).
pub async fn edit_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((year, village, id)): Path<(u16, String, String)>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, f) = load(app, &ctx, year, &village, &id)?;
        if !ctx.who.may_edit(village) {
            return Err(ctx.who.refusal(village));
        }
        ctx.audit(app, "family.edit_form", &format!("{year}/{village}/{id}"), &village.to_string(), "")?;
        let values = values_of(&f);
        let base = format!("/keluarga/{year}/{village}/{id}");
        let meta = FormMeta {
            title: format!("{} {id}", ctx.lang.t("fam.edit")),
            action: format!("{base}/ubah"),
            cancel: base,
            version: f.summary.version.to_string(),
            new: false,
        };
        let page = form_page(&ctx, meta, &values, &[], &[]);
        Ok(Html(page.render()?).into_response())
    })
    .await
}

fn conflict_problem(message: String) -> Problem {
    Problem::whole("keluarga.csv", Reason::Conflict { message })
}

/// Saves a validated form, or re-renders it with what the user typed and what to fix.
fn save(
    app: &AppState,
    ctx: &Ctx,
    year: u16,
    village: RegionCode,
    values: HashMap<String, String>,
    expected: Option<i64>,
    meta: FormMeta,
) -> Result<Response, AppError> {
    let rows = member_rows(&values);
    let problems = match validate_form(app, year, village, &values)? {
        Ok(family) => {
            match app.store.save_family_with(&family, expected, "web", &crate::uploads::nik_taken(&ctx.who)) {
                Ok(_) => {
                    let target = format!("{year}/{village}/{}", family.key.family_id);
                    ctx.audit(
                        app,
                        if expected.is_some() { "family.update" } else { "family.create" },
                        &target,
                        &village.to_string(),
                        "",
                    )?;
                    return Ok(Redirect::to(&format!("/keluarga/{target}?saved=1")).into_response());
                }
                Err(StoreError::Problems(p)) => p,
                Err(StoreError::Refused(r)) => vec![Problem::whole("keluarga.csv", r)],
                Err(StoreError::Conflict(m)) => vec![conflict_problem(m)],
                Err(e) => return Err(e.into()),
            }
        }
        Err(p) => p,
    };
    let page = form_page(ctx, meta, &values, &problems, &rows);
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

/// POST `/keluarga/{year}/{village}/{id}/ubah`.
pub async fn update(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((year, village, id)): Path<(u16, String, String)>,
    axum::Form(mut values): axum::Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let village = editable_village(&ctx, &village, Some(&values))?;
        let expected: i64 = values
            .get("version")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| AppError::BadRequest(ctx.lang.reason(&Reason::FormVersionMissing)))?;
        values.insert("family_id".into(), id.clone());
        let base = format!("/keluarga/{year}/{village}/{id}");
        let meta = FormMeta {
            title: format!("{} {id}", ctx.lang.t("fam.edit")),
            action: format!("{base}/ubah"),
            cancel: base,
            version: expected.to_string(),
            new: false,
        };
        save(app, &ctx, year, village, values, Some(expected), meta)
    })
    .await
}

/// Query naming a round.
#[derive(Debug, Deserialize, Default)]
pub struct YearQuery {
    /// The round.
    pub year: Option<u16>,
}

/// `/wilayah/{village}/keluarga/baru`: the new-family form.
pub async fn new_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(village): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let village = editable_village(&ctx, &village, None)?;
        let year = round_year(app, q.year)?;
        let mut values = HashMap::new();
        values.insert("m0_member_no".to_string(), "1".to_string());
        values.insert("m0_relation".to_string(), "1".to_string());
        let meta = FormMeta {
            title: format!("{} ({year})", ctx.lang.t("form.new_family")),
            action: format!("/wilayah/{village}/keluarga/baru?year={year}"),
            cancel: format!("/wilayah/{village}?year={year}"),
            version: String::new(),
            new: true,
        };
        let page = form_page(&ctx, meta, &values, &[], &[]);
        Ok(Html(page.render()?).into_response())
    })
    .await
}

/// POST `/wilayah/{village}/keluarga/baru`.
pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(village): Path<String>,
    Query(q): Query<YearQuery>,
    axum::Form(values): axum::Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let village = editable_village(&ctx, &village, Some(&values))?;
        let year = round_year(app, q.year)?;
        let meta = FormMeta {
            title: format!("{} ({year})", ctx.lang.t("form.new_family")),
            action: format!("/wilayah/{village}/keluarga/baru?year={year}"),
            cancel: format!("/wilayah/{village}?year={year}"),
            version: String::new(),
            new: true,
        };
        save(app, &ctx, year, village, values, None, meta)
    })
    .await
}

/// The village of a family form (new family or correction), once the user is known, a posted form carries the
/// session's CSRF token, and the user may add or correct families there: refused with the real reason otherwise.
fn editable_village(
    ctx: &Ctx,
    village: &str,
    posted: Option<&HashMap<String, String>>,
) -> Result<RegionCode, AppError> {
    ctx.require_user()?;
    if let Some(values) = posted {
        ctx.check_csrf(values.get("csrf").map(String::as_str))?;
    }
    let village = village_of(village)?;
    if !ctx.who.may_edit(village) {
        return Err(ctx.who.refusal(village));
    }
    Ok(village)
}
