//! A new version of a Kampung's profile, dated from the day it holds.

use super::{Field, KampungForm, Section, Submitted, options, posted, problem, refusal, saved};
use crate::i18n::Lang;
use crate::kampung::labels::label;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kkb_domain::date::today_utc;
use kkb_domain::kampung::*;
use kkb_domain::problem::Reason;

/// The profile form.
const PROFILE: KampungForm = KampungForm { title: "kf.profile_title", path: "profil", intro: Some("kf.profile_intro") };

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
        p.push(problem("pokja.members", Reason::Negative));
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
            None => p.push(problem(&name, Reason::UnknownChoice { given: v.to_string() })),
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
    let (village, record) = super::kampung(&app, &ctx, &v)?;
    let mut profile =
        app.store.active_profile(village)?.map(|p| p.profile).unwrap_or_else(|| Profile::empty(today_utc()));
    profile.valid_from = today_utc();
    PROFILE.shown(&app, &ctx, &record, profile_sections(ctx.lang, &profile)).respond(StatusCode::OK)
}

/// `POST /kampung/{village}/profil`.
pub async fn save_profile(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (village, _, f) = posted(&app, &ctx, &v, form)?;
    let (profile, mut problems) = read_profile(&f);
    if problems.is_empty() {
        match app.store.save_profile(village, &profile) {
            Ok(_) => return saved(&app, &ctx, village, "kampung.profile", &profile.valid_from.to_string()),
            Err(e) => problems = refusal(e, "valid_from")?,
        }
    }
    PROFILE.refused(&app, &ctx, village, profile_sections(ctx.lang, &profile), &problems)
}
