//! A submission from a phone, once the protocol layer has read it ([`super::submission`]): refused when it is for a
//! village outside the sender's region (403, audited); otherwise recorded by its instanceID first (sent twice,
//! counted once), then applied or kept for review by the capture rules ([`crate::capture::apply`]), and answered
//! `201` or `202` with a message the cadre reads.

use super::Reply;
use super::auth::{Authed, internal};
use super::response::Halt;
use crate::AppState;
use crate::capture::apply::{Base, Fate, record, run};
use crate::capture::forms::XForm;
use crate::capture::instance::Node;
use crate::capture::pk::village_of;
use crate::capture::scope::{REPORT_FORM, may_submit};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kkb_store::{Attachment, NewSubmission, Outcome, Submission};

/// A submission as the protocol layer read it.
pub struct Envelope<'a> {
    /// The form it fills.
    pub form: &'static XForm,
    /// The version it was filled with (one the form has had).
    pub version: String,
    /// The instance.
    pub node: Node,
    /// `meta/instanceID`.
    pub instance_id: String,
    /// `meta/deprecatedID` ("" if none).
    pub deprecated_id: String,
    /// The request's `Date` (the phone's clock), as sent ("" if none).
    pub device_date: String,
    /// The instance as received.
    pub xml: &'a [u8],
    /// Its attachments.
    pub attachments: Vec<Attachment>,
}

/// Handles a read submission.
pub fn receive(app: &AppState, a: &Authed, env: Envelope<'_>) -> Response {
    match receive_inner(app, a, env) {
        Ok(r) => r,
        Err(r) => r.into_response(),
    }
}

fn receive_inner(app: &AppState, a: &Authed, env: Envelope<'_>) -> Result<Response, Halt> {
    let l = a.lang;
    let form = env.form.id;
    let village = village_of(&env.node);
    let allowed = match village {
        Some(v) => may_submit(&a.who, form, v),
        None => a.who.scope.is_some_and(|s| may_submit(&a.who, form, s)),
    };
    let region = village.or(a.who.scope).map(|c| c.to_string()).unwrap_or_default();
    if !allowed {
        a.audit(
            app,
            "capture.refused",
            &env.instance_id,
            &region,
            &format!("{form}: outside the sender's region or role"),
        )?;
        let message = match village {
            Some(v) if a.who.role.is_some() && a.who.scope.is_some_and(|s| may_submit(&a.who, form, s)) => {
                l.tf("cap.r.outside", &[("village", &v.to_string())])
            }
            _ => l.t("cap.r.role").to_string(),
        };
        return Ok(Reply::error_in(StatusCode::FORBIDDEN, l, message).into_response());
    }
    let year = (form != REPORT_FORM).then(|| env.node.text_at("pk_year").parse::<u16>().ok()).flatten();
    let user = a.user();
    let new = NewSubmission {
        instance_id: &env.instance_id,
        form_id: form,
        form_version: &env.version,
        village: &region,
        year,
        family_id: env.node.text_at("family_id"),
        deprecates: &env.deprecated_id,
        user_id: Some(user.id),
        username: &user.username,
        instance: env.xml,
        attachments: &env.attachments,
    };
    let sub = match app.store.receive_submission(&new).map_err(|e| internal(l, &e.to_string()))? {
        Ok(s) => s,
        Err(earlier) => {
            a.audit(app, "capture.duplicate", &env.instance_id, &earlier.village, &earlier.status)?;
            return Ok(duplicate(a, &earlier));
        }
    };
    let detail = match env.device_date.as_str() {
        "" => format!("{form} {}", env.version),
        d => format!("{form} {}, device date {d}", env.version),
    };
    a.audit(app, "capture.received", &sub.instance_id, &sub.village, &detail)?;
    let base = base_of(app, a, &sub)?;
    let fate = run(app, form, &env.node, &sub.instance_id, &base);
    record(app, &sub, &fate, "applied", None, "").map_err(|e| internal(l, &e.to_string()))?;
    Ok(match fate {
        Fate::Applied(d) => {
            a.audit(app, "capture.applied", &d.target, &sub.village, &sub.instance_id)?;
            let message = if let Some(month) = &d.month {
                l.tf("cap.r.report", &[("month", month)])
            } else if d.assigned {
                l.tf("cap.r.assigned", &[("id", &d.family_id)])
            } else {
                l.tf("cap.r.family", &[("id", &d.family_id)])
            };
            Reply::accepted(StatusCode::CREATED, l, message).into_response()
        }
        Fate::Review(problems) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            a.audit(app, "capture.queued", &sub.instance_id, &sub.village, &fields.join(" "))?;
            let first = problems.first().map(|p| p.text(l)).unwrap_or_default();
            let message = l.tf("cap.r.review", &[("n", &problems.len().to_string()), ("first", &first)]);
            Reply::accepted(StatusCode::ACCEPTED, l, message).into_response()
        }
    })
}

/// What an edited resend is based on: an earlier submission still waiting is replaced by it; one applied to a
/// family makes it an update of that family.
fn base_of(app: &AppState, a: &Authed, sub: &Submission) -> Result<Base, Halt> {
    if sub.deprecates.is_empty() {
        return Ok(Base::Phone);
    }
    let earlier = app.store.submission_by_instance(&sub.deprecates).map_err(|e| internal(a.lang, &e.to_string()))?;
    let Some(e) = earlier.filter(|e| e.form_id == sub.form_id && e.village == sub.village) else {
        return Ok(Base::Phone);
    };
    match e.status.as_str() {
        "review" | "received" => {
            let note = format!("replaced by {}", sub.instance_id);
            let replaced = Outcome {
                status: "replaced",
                problems: &e.problems,
                family_id: &e.family_id,
                applied_version: None,
                decided_by: None,
                note: &note,
            };
            app.store.set_submission_outcome(e.id, &replaced).map_err(|x| internal(a.lang, &x.to_string()))?;
            a.audit(app, "capture.replaced", &e.instance_id, &e.village, &sub.instance_id)?;
            Ok(Base::Phone)
        }
        "applied" | "corrected" => Ok(match e.applied_version {
            Some(version) if !e.family_id.is_empty() && e.form_id != REPORT_FORM => {
                Base::Resend { family_id: e.family_id.clone(), version }
            }
            _ => Base::Phone,
        }),
        _ => Ok(Base::Phone),
    }
}

/// The answer to a submission received before: its fate then, and nothing changes.
fn duplicate(a: &Authed, earlier: &Submission) -> Response {
    let l = a.lang;
    let (status, key) = match earlier.status.as_str() {
        "applied" | "corrected" => (StatusCode::CREATED, "cap.r.dup_applied"),
        "rejected" => (StatusCode::ACCEPTED, "cap.r.dup_rejected"),
        _ => (StatusCode::ACCEPTED, "cap.r.dup_review"),
    };
    Reply::accepted(status, l, l.tf(key, &[("note", &earlier.note)])).into_response()
}
