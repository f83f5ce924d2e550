//! Offline field capture (issue 14, docs/openrosa.md): what a phone's submission is and does, and the review
//! queue.
//!
//! What a submission is: one of the compiled forms ([`forms`]), an instance document ([`instance`]), sent by a
//! user whose role and region allow that form for that village ([`scope`]). The OpenRosa transport
//! ([`crate::openrosa`], above this module) serves the forms and reads submissions off the wire; a submission is
//! recorded whole by its instanceID, then applied through the same validation and the same write path as an
//! import or a web edit ([`apply`]), or kept in the review queue with its problems in words ([`problems`]).
//! Kecamatan and kabupaten officers compare a waiting submission with the stored family and apply, correct or
//! reject it ([`show`], [`correct`]); the cadre sees the fate of what she sent ([`queue::mine`]); officers set
//! phones up ([`setup`]).
//!
//! Who decides: kecamatan and kabupaten/kota officers review the submissions of their region and may apply or
//! reject them. Correcting means typing the data: a family only by those who may edit families there (the
//! kecamatan officer, who sees NIKs), a monthly report by those who may edit the Kampung KB registry (both).

pub mod api;
pub mod apply;
pub mod correct;
pub mod forms;
pub mod instance;
pub mod pk;
pub mod problems;
pub mod queue;
pub mod report;
pub mod scope;
pub mod setup;
pub mod show;
pub mod view;

use crate::AppState;
use crate::auth::{Principal, Role};
use crate::i18n::Lang;
use axum::Router;
use axum::routing::{get, post};
use kkb_domain::region::RegionCode;
use scope::REPORT_FORM;

/// The capture pages (the JSON API's route is [`api::api_routes`]'s).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/kiriman", get(queue::mine))
        .route("/kiriman/{id}", get(show::show))
        .route("/kiriman/{id}/terapkan", post(show::apply))
        .route("/kiriman/{id}/tolak", post(show::reject))
        .route("/kiriman/{id}/koreksi", get(correct::form).post(correct::save))
        .route("/wilayah/{code}/kiriman", get(queue::queue))
        .route("/pasang-hp", get(setup::page))
}

/// Whether `who` reviews the submissions of `code` (kecamatan and kabupaten/kota officers in their region).
pub fn may_review(who: &Principal, code: RegionCode) -> bool {
    matches!(who.role, Some(Role::Kecamatan | Role::Kabupaten)) && who.in_scope(code)
}

/// Whether `who` may apply a waiting submission of `form` for `village` as sent.
pub fn may_apply(who: &Principal, form: &str, village: RegionCode) -> bool {
    may_review(who, village) && (form != REPORT_FORM || who.may_edit_kampung(village))
}

/// Whether `who` may correct a waiting submission (type its data): see the module comment.
pub fn may_correct(who: &Principal, form: &str, village: RegionCode) -> bool {
    may_review(who, village) && if form == REPORT_FORM { who.may_edit_kampung(village) } else { who.may_edit(village) }
}

/// A status in words.
pub fn status_label(l: Lang, status: &str) -> &'static str {
    match status {
        "received" => l.t("cap.s.received"),
        "applied" => l.t("cap.s.applied"),
        "review" => l.t("cap.s.review"),
        "corrected" => l.t("cap.s.corrected"),
        "rejected" => l.t("cap.s.rejected"),
        "replaced" => l.t("cap.s.replaced"),
        _ => l.t("cap.s.all"),
    }
}
