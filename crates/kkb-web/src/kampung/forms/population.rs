//! A dated manual population entry, for a Kampung whose figures no PK round gives.

use super::{Field, KampungForm, Section, Values, posted, problem, refusal, saved};
use crate::i18n::Lang;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use kkb_domain::date::today_utc;
use kkb_domain::kampung::*;
use kkb_domain::problem::Reason;

/// The population form.
const POPULATION: KampungForm =
    KampungForm { title: "kf.population_title", path: "penduduk", intro: Some("kf.population_intro") };

const POPULATION_FIELDS: [&str; 6] =
    ["families", "pus", "families_with_balita", "families_with_remaja", "families_with_lansia", "remaja"];

fn population_sections(l: Lang, values: &Values) -> Vec<Section> {
    let value = |k: &str| super::value(values, k);
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
    app.db(move |app| -> Result<_, AppError> {
        let (village, record) = super::kampung(app, &ctx, &v)?;
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
        POPULATION.shown(app, &ctx, &record, population_sections(ctx.lang, &values)).respond(StatusCode::OK)
    })
    .await
}

/// `POST /kampung/{village}/penduduk`.
pub async fn save_population(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, _, f) = posted(app, &ctx, &v, form)?;
        let mut problems = Vec::new();
        let valid_from = f.date("valid_from", &mut problems);
        let mut n = [0u32; 6];
        for (slot, k) in n.iter_mut().zip(POPULATION_FIELDS) {
            let x = f.count(k, &mut problems);
            if x < 0 {
                problems.push(problem(k, Reason::Negative));
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
                Ok(()) => return saved(app, &ctx, village, "kampung.population", &date.to_string()),
                Err(e) => problems = refusal(e, "valid_from")?,
            }
        }
        let values: Vec<(String, String)> = std::iter::once("valid_from")
            .chain(POPULATION_FIELDS)
            .map(|k| (k.to_string(), f.get(k).to_string()))
            .collect();
        POPULATION.refused(app, &ctx, village, population_sections(ctx.lang, &values), &problems)
    })
    .await
}
