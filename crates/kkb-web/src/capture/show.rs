//! One submission side by side with the stored family (or report), and the officers' decisions on it: apply it
//! as sent (when it now passes the rules, e.g. after the stored family changed) or reject it with a note. Each
//! is CSRF-checked and audited. Correcting it is [`super::correct`].

use super::apply::{Base, Fate, record, run};
use super::instance::{self, Node};
use super::problems::from_json;
use super::scope::REPORT_FORM;
use super::view::{ProblemView, Section, Shown, pk_sections, problem_views, report_sections};
use super::{may_apply, may_correct, may_review};
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::kampung::YearMonth;
use kkb_domain::region::RegionCode;
use kkb_store::Submission;
use serde::Deserialize;

/// A submission the reader may open: an officer of its region, or its sender. Others get 404 (not revealed).
pub fn load(app: &AppState, ctx: &Ctx, id: i64) -> Result<(Submission, RegionCode), AppError> {
    ctx.require_user()?;
    let sub = app.store.submission(id)?.ok_or(AppError::NotFound)?;
    let village = RegionCode::parse(&sub.village).map_err(|_| AppError::NotFound)?;
    let sender = ctx.who.user.as_ref().is_some_and(|u| Some(u.id) == sub.user_id);
    if !(may_review(&ctx.who, village) || sender) {
        return Err(AppError::NotFound);
    }
    Ok((sub, village))
}

/// The instance of a submission, read again.
pub fn instance_of(app: &AppState, sub: &Submission) -> Result<Node, AppError> {
    let bytes = app.store.submission_instance(sub.id)?;
    let text = String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))?;
    instance::parse(&text).map_err(|e| AppError::Internal(format!("stored instance unreadable: {e:?}")))
}

#[derive(Template)]
#[template(path = "capture_show.html")]
struct ShowPage {
    c: Layout,
    l: crate::i18n::Lang,
    id: i64,
    instance_id: String,
    form_id: String,
    village: String,
    village_name: String,
    family_id: String,
    status: String,
    received_at: String,
    sent_by: String,
    note: String,
    decided_by: String,
    problems: Vec<ProblemView>,
    sections: Vec<Section>,
    stored_label: String,
    pending: bool,
    may_apply: bool,
    may_correct: bool,
    may_reject: bool,
    pii: bool,
    ok: String,
}

/// `?ok=` after a decision.
#[derive(Debug, Deserialize, Default)]
pub struct OkQuery {
    ok: Option<String>,
}

/// `GET /kiriman/{id}`: the submission side by side with what is stored (NIKs only for roles that may see them;
/// every view is audited).
pub async fn show(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<OkQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (sub, village) = load(app, &ctx, id)?;
        let l = ctx.lang;
        let node = instance_of(app, &sub)?;
        let pii = ctx.who.may_see_nik(village);
        ctx.audit(app, if pii { "capture.view_nik" } else { "capture.view" }, &sub.instance_id, &sub.village, "")?;
        let problems = from_json(&sub.problems);
        let shown = Shown { l, pii, problems: &problems, merge: sub.form_id == "pk-perbarui" };
        let (sections, stored_label): (Vec<Section>, Option<String>) = if sub.form_id == REPORT_FORM {
            let month = YearMonth::parse(node.text_at("month"));
            let stored = match month {
                Some(m) => app.store.report(village, m)?,
                None => None,
            };
            (report_sections(&shown, &node, stored.as_ref()), stored.map(|_| l.t("cap.stored_report").to_string()))
        } else {
            let year = node.text_at("pk_year").parse::<u16>().ok();
            let family_id = if sub.family_id.is_empty() { node.text_at("family_id") } else { &sub.family_id };
            let stored = match year {
                Some(y) if !family_id.is_empty() => app.store.family(y, village, family_id)?,
                _ => None,
            };
            let label = stored.as_ref().map(|f| format!("{} {}", l.t("cap.stored_version"), f.summary.version));
            (pk_sections(&shown, &node, stored.as_ref()), label)
        };
        let pending = matches!(sub.status.as_str(), "review" | "received");
        let page = ShowPage {
            c: Layout::new(&ctx),
            l,
            id,
            form_id: sub.form_id.clone(),
            village_name: app.store.region(village)?.map(|r| r.name).unwrap_or_default(),
            village: sub.village.clone(),
            family_id: sub.family_id.clone(),
            status: sub.status.clone(),
            received_at: l.timestamp(&sub.received_at),
            sent_by: sub.username.clone(),
            note: sub.note.clone(),
            decided_by: sub.decided_by.clone().unwrap_or_default(),
            problems: problem_views(l, &problems),
            sections,
            stored_label: stored_label.unwrap_or_else(|| l.t("cap.nothing_stored").to_string()),
            pending,
            may_apply: pending && may_apply(&ctx.who, &sub.form_id, village),
            may_correct: pending && may_correct(&ctx.who, &sub.form_id, village),
            may_reject: pending && may_review(&ctx.who, village),
            pii,
            ok: q.ok.unwrap_or_default(),
            instance_id: sub.instance_id,
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}

/// A decision's form: the CSRF token and, for a rejection, the note.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    csrf: Option<String>,
    note: Option<String>,
}

/// A waiting submission an officer may decide on, or why not.
fn pending(app: &AppState, ctx: &Ctx, id: i64, form: &DecisionForm) -> Result<(Submission, RegionCode), AppError> {
    ctx.require_user()?;
    ctx.check_csrf(form.csrf.as_deref())?;
    let (sub, village) = load(app, ctx, id)?;
    if !may_review(&ctx.who, village) {
        return Err(ctx.who.refusal(village));
    }
    if !matches!(sub.status.as_str(), "review" | "received") {
        return Err(AppError::Conflict(ctx.lang.t("cap.decided").into()));
    }
    Ok((sub, village))
}

/// `POST /kiriman/{id}/terapkan`: applies the submission as sent, over the stored version (the officer compared
/// them). When it still breaks a rule it stays in the queue with its problems renewed.
pub async fn apply(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<DecisionForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (sub, village) = pending(app, &ctx, id, &form)?;
        if !may_apply(&ctx.who, &sub.form_id, village) {
            return Err(ctx.who.refusal(village));
        }
        let node = instance_of(app, &sub)?;
        let fate = run(app, &sub.form_id, &node, &sub.instance_id, &Base::Officer);
        record(app, &sub, &fate, "applied", Some(ctx.who.username()), "")?;
        let ok = match &fate {
            Fate::Applied(d) => {
                ctx.audit(
                    app,
                    "capture.applied",
                    &d.target,
                    &sub.village,
                    &format!("{} from review", sub.instance_id),
                )?;
                "applied"
            }
            Fate::Review(p) => {
                let fields: Vec<&str> = p.iter().map(|p| p.field.as_str()).collect();
                ctx.audit(app, "capture.queued", &sub.instance_id, &sub.village, &fields.join(" "))?;
                "still"
            }
        };
        Ok(Redirect::to(&format!("/kiriman/{id}?ok={ok}")).into_response())
    })
    .await
}

/// `POST /kiriman/{id}/tolak`: rejects the submission with a note the sender reads.
pub async fn reject(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<DecisionForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (sub, _) = pending(app, &ctx, id, &form)?;
        let note = form.note.as_deref().unwrap_or("").trim();
        if note.is_empty() {
            return Err(AppError::BadRequest(ctx.lang.t("cap.note_needed").into()));
        }
        let outcome = kkb_store::Outcome {
            status: "rejected",
            problems: &sub.problems,
            family_id: &sub.family_id,
            applied_version: None,
            decided_by: Some(ctx.who.username()),
            note,
        };
        app.store.set_submission_outcome(sub.id, &outcome)?;
        ctx.audit(app, "capture.rejected", &sub.instance_id, &sub.village, "")?;
        Ok(Redirect::to(&format!("/kiriman/{id}?ok=rejected")).into_response())
    })
    .await
}
