//! The registry's forms: a Kampung's record (new and edit), a new profile version, a monthly report, an activity,
//! a manual population entry, a photo or document, and report verification.
//!
//! Who may: village cadres their own village, kecamatan and kabupaten/kota officers within their region
//! ([`crate::auth::Access::may_edit_kampung`]); verification and the model-Kampung flags are the district
//! officers' ([`crate::auth::Access::may_verify_kampung`]). Every form is CSRF-checked, validated with the
//! domain's rules (the same as the API's and the file import's), re-shown with what the user typed and every
//! problem at its field when refused, audited when saved, and followed by a recomputation of the class.

use super::labels::label;
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::date::Date;
use kkb_domain::kampung::{FieldProblem, KampungRecord};
use kkb_domain::problem::Reason;
use kkb_domain::region::{Level, RegionCode};
use kkb_store::StoreError;
use std::collections::BTreeSet;

mod activity;
mod documents;
mod population;
mod profile;
mod record;
mod report;

pub use activity::{AGENCIES, activity_form, save_activity};
pub use documents::{document, upload_document};
pub use population::{population_form, save_population};
pub use profile::{profile_form, save_profile};
pub use record::{NewQuery, create, edit_form, new_form, update};
pub use report::{MonthQuery, report_form, save_report, verify_report};

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
                    let reason = self.l.reason(&p.reason);
                    self.errors.push(format!("{}: {reason}", f.label));
                    f.error = Some(reason);
                    placed = true;
                    break;
                }
            }
            if !placed {
                let reason = self.l.reason(&p.reason);
                self.errors.push(if p.field.is_empty() { reason } else { format!("{}: {reason}", p.field) });
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
            p.push(problem(name, if v.is_empty() { Reason::Required } else { Reason::NotADate }));
        }
        d
    }
    fn count(&self, name: &str, p: &mut Vec<FieldProblem>) -> i64 {
        let v = self.get(name);
        if v.is_empty() {
            return 0;
        }
        v.parse().unwrap_or_else(|_| {
            p.push(problem(name, Reason::NotWholeNumber));
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
                None => p.push(problem(name, Reason::UnknownChoice { given: id })),
            }
        }
        out
    }
}

pub(crate) fn problem(field: &str, reason: Reason) -> FieldProblem {
    FieldProblem::new(field, reason)
}

/// A form's values by name, from which its fields are drawn: what was typed (a [`Submitted`] form's pairs, as sent)
/// or what is stored, written the same way (a ticked box `1`, several ticked boxes repeating their name). A refused
/// form is drawn from what was typed, never from what could be parsed of it, so nothing typed is lost.
pub(crate) type Values = [(String, String)];

/// The value of `name` ("" when absent).
pub(crate) fn value(values: &Values, name: &str) -> String {
    values.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// Whether the box `name` is ticked.
pub(crate) fn ticked(values: &Values, name: &str) -> bool {
    values.iter().any(|(k, v)| k == name && !v.is_empty())
}

/// The choices `(value, label)` of a `select` or `checks` field, each marked chosen when `name` has its value (the
/// empty choice when nothing is given). A value that is none of the choices is kept as a choice of its own, chosen,
/// so that it is shown and sent again beside its problem.
pub(crate) fn chosen(values: &Values, name: &str, choices: Vec<(String, String)>) -> Vec<(String, String, bool)> {
    let given: Vec<&str> = values.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).collect();
    let none = given.iter().all(|g| g.is_empty());
    let mut out: Vec<(String, String, bool)> = choices
        .into_iter()
        .map(|(id, label)| {
            let on = if id.is_empty() { none } else { given.contains(&id.as_str()) };
            (id, label, on)
        })
        .collect();
    for g in given {
        if !g.is_empty() && !out.iter().any(|(id, _, _)| id == g) {
            out.push((g.to_string(), g.to_string(), true));
        }
    }
    out
}

/// A vocabulary as choices `(id, label)`, after the empty choice "—" when `blank`.
pub(crate) fn vocabulary<T: Copy>(l: Lang, all: &[T], id: fn(T) -> &'static str, blank: bool) -> Vec<(String, String)> {
    let first = blank.then(|| (String::new(), "—".to_string()));
    first.into_iter().chain(all.iter().map(|&v| (id(v).to_string(), label(l, id(v))))).collect()
}

/// Why a required choice was not taken: none given, or one that is not among the choices.
pub(crate) fn choice_problem(given: &str) -> Reason {
    if given.is_empty() { Reason::ChooseOne } else { Reason::UnknownChoice { given: given.to_string() } }
}

/// Adds `name=value` to a form's values.
pub(crate) fn put(values: &mut Vec<(String, String)>, name: &str, value: impl ToString) {
    values.push((name.to_string(), value.to_string()));
}

/// Adds `name=1` when `on` (a ticked box).
pub(crate) fn tick(values: &mut Vec<(String, String)>, name: &str, on: bool) {
    if on {
        put(values, name, "1");
    }
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
        return Err(ctx.who.refusal(code));
    }
    Ok(code)
}

/// A store refusal as field problems (validation, duplicates); other errors pass through.
fn refusal(e: StoreError, conflict_field: &str) -> Result<Vec<FieldProblem>, AppError> {
    match e {
        StoreError::Problems(p) => Ok(p.into_iter().map(|p| problem(&p.column, p.reason)).collect()),
        StoreError::Refused(reason) => Ok(vec![problem(conflict_field, reason)]),
        StoreError::Conflict(message) => Ok(vec![problem(conflict_field, Reason::Conflict { message })]),
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

/// The Kampung a form's URL names: its village, which the user may edit, and its record; `NotFound` without one.
fn kampung(app: &AppState, ctx: &Ctx, village: &str) -> Result<(RegionCode, KampungRecord), AppError> {
    let village = editable(ctx, village)?;
    let record = app.store.kampung(village)?.ok_or(AppError::NotFound)?;
    Ok((village, record))
}

/// A form posted to an existing Kampung: its village and record (as [`kampung`]) and what was submitted, the CSRF
/// token checked.
fn posted(
    app: &AppState,
    ctx: &Ctx,
    village: &str,
    form: Vec<(String, String)>,
) -> Result<(RegionCode, KampungRecord, Submitted), AppError> {
    let (village, record) = kampung(app, ctx, village)?;
    let f = Submitted(form);
    ctx.check_csrf(Some(f.get("csrf")))?;
    Ok((village, record, f))
}

/// One of an existing Kampung's forms: its title (a message key), its path under `/kampung/{village}/`, and the
/// note above it when first shown (a message key).
struct KampungForm {
    title: &'static str,
    path: &'static str,
    intro: Option<&'static str>,
}

impl KampungForm {
    /// The form as first shown, titled with the Kampung's name.
    fn shown(&self, app: &AppState, ctx: &Ctx, record: &KampungRecord, sections: Vec<Section>) -> FormPage {
        let l = ctx.lang;
        let title = format!("{} — {}", l.t(self.title), record.name);
        let mut page = self.page(app, ctx, record.village, title, sections);
        if let Some(intro) = self.intro {
            page.intro = l.t(intro).into();
        }
        page
    }

    /// The form shown again with what was typed.
    fn retyped(&self, app: &AppState, ctx: &Ctx, village: RegionCode, sections: Vec<Section>) -> FormPage {
        self.page(app, ctx, village, ctx.lang.t(self.title).to_string(), sections)
    }

    /// The form refused: shown again with what was typed and every problem at its field.
    fn refused(
        &self,
        app: &AppState,
        ctx: &Ctx,
        village: RegionCode,
        sections: Vec<Section>,
        problems: &[FieldProblem],
    ) -> Result<Response, AppError> {
        self.retyped(app, ctx, village, sections).with_problems(problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
    }

    fn page(&self, app: &AppState, ctx: &Ctx, village: RegionCode, title: String, sections: Vec<Section>) -> FormPage {
        page(app, ctx, title, village, format!("/kampung/{village}/{}", self.path), sections)
    }
}
