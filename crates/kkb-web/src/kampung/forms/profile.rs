//! A new version of a Kampung's profile, dated from the day it holds.

use super::{
    Field, KampungForm, Section, Submitted, Values, chosen, posted, problem, put, refusal, saved, tick, ticked, value,
    vocabulary,
};
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

/// A stored profile as the form's values.
fn profile_values(p: &Profile) -> Vec<(String, String)> {
    let mut v = Vec::new();
    put(&mut v, "valid_from", p.valid_from);
    tick(&mut v, "pkb_assigned", p.pkb_assigned);
    tick(&mut v, "regulation", p.regulation);
    tick(&mut v, "rkm", p.rkm);
    tick(&mut v, "pokja.exists", p.pokja.exists);
    tick(&mut v, "pokja.decree", p.pokja.decree);
    put(&mut v, "pokja.members", p.pokja.members);
    tick(&mut v, "pokja.trained", p.pokja.trained);
    for x in &p.pokja_sections {
        put(&mut v, "pokja_sections", x.id());
    }
    for x in &p.funding_sources {
        put(&mut v, "funding_sources", x.id());
    }
    for x in &p.programs {
        put(&mut v, "programs", x.id());
    }
    for x in &p.facilities {
        put(&mut v, "facilities", x.id());
    }
    for x in &p.data_sources {
        put(&mut v, "data_sources", x.id());
    }
    for (op, freq) in &p.operations {
        put(&mut v, &format!("operations.{}", op.id()), freq.id());
    }
    v
}

fn profile_sections(l: Lang, values: &Values) -> Vec<Section> {
    let check = |name: &str, key: &str| Field::check(name, l.t(key), ticked(values, name));
    let checks = |name: &str, key: &str, choices: Vec<(String, String)>| {
        Field::choices(name, l.t(key), "checks", chosen(values, name, choices))
    };
    let mut ops = Vec::new();
    for &op in Operation::ALL {
        let name = format!("operations.{}", op.id());
        let mut choices = vec![(String::new(), l.t("kf.not_done").to_string())];
        choices.extend(vocabulary(l, Frequency::ALL, Frequency::id, false));
        ops.push(Field::choices(&name, label(l, op.id()), "select", chosen(values, &name, choices)));
    }
    vec![
        Section {
            legend: l.t("kf.profile").into(),
            fields: vec![
                Field::new("valid_from", l.t("kf.valid_from"), "date", value(values, "valid_from")),
                check("pkb_assigned", "kf.pkb_assigned"),
                check("regulation", "kf.regulation"),
                check("rkm", "kf.rkm"),
            ],
        },
        Section {
            legend: "Pokja".into(),
            fields: vec![
                check("pokja.exists", "kf.pokja_exists"),
                check("pokja.decree", "kf.pokja_decree"),
                Field::new("pokja.members", l.t("kf.pokja_members"), "number", value(values, "pokja.members")),
                check("pokja.trained", "kf.pokja_trained"),
                checks(
                    "pokja_sections",
                    "kf.pokja_sections",
                    vocabulary(l, FamilyFunction::ALL, FamilyFunction::id, false),
                ),
            ],
        },
        Section {
            legend: l.t("kf.resources").into(),
            fields: vec![
                checks(
                    "funding_sources",
                    "kf.funding_sources",
                    vocabulary(l, FundingSource::ALL, FundingSource::id, false),
                ),
                checks("programs", "kf.programs", vocabulary(l, Program::ALL, Program::id, false)),
                checks("facilities", "kf.facilities", vocabulary(l, Facility::ALL, Facility::id, false)),
                checks("data_sources", "kf.data_sources", vocabulary(l, DataSource::ALL, DataSource::id, false)),
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
    app.db(move |app| -> Result<_, AppError> {
        let (village, record) = super::kampung(app, &ctx, &v)?;
        let mut profile =
            app.store.active_profile(village)?.map(|p| p.profile).unwrap_or_else(|| Profile::empty(today_utc()));
        profile.valid_from = today_utc();
        PROFILE.shown(app, &ctx, &record, profile_sections(ctx.lang, &profile_values(&profile))).respond(StatusCode::OK)
    })
    .await
}

/// `POST /kampung/{village}/profil`.
pub async fn save_profile(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, _, f) = posted(app, &ctx, &v, form)?;
        let (profile, mut problems) = read_profile(&f);
        if problems.is_empty() {
            match app.store.save_profile(village, &profile) {
                Ok(_) => return saved(app, &ctx, village, "kampung.profile", &profile.valid_from.to_string()),
                Err(e) => problems = refusal(e, "valid_from")?,
            }
        }
        PROFILE.refused(app, &ctx, village, profile_sections(ctx.lang, &f.0), &problems)
    })
    .await
}
