//! `GET /api/v1/regions/{code}/convergence`: convergence per village, gaps, and the effect of targeted items
//! between two PK rounds, as the page `/wilayah/{code}/konvergensi` reads them ([`crate::workmap::analysis`]).

use super::{AgencyRef, plan_summaries, region_view};
use crate::error::ErrorAnswer;
use crate::plans::view::PlanSummary;
use crate::view::{CODE_PARAM, RegionView};
use crate::workmap::{Analysis, analysis, page_region};
use crate::{AppError, AppState, Ctx, view};
use axum::Json;
use axum::extract::{Path, Query, State};
use kkb_domain::planning::Matrix;
use kkb_domain::region::RegionCode;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::{IntoParams, ToSchema};

/// What the effect is, and what it is not.
const EFFECT_NOTE: &str = "Change in the targeted villages minus change in the other villages of the plan's region \
    (percentage points). Not proof of cause: targeted villages were chosen for being weak, others receive other \
    programmes, and a round may predate the item's end.";

/// Query of the convergence endpoint.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConvergenceQuery {
    /// plan year; default the latest year with a plan concerning the region
    pub year: Option<i32>,
    /// PK round of the gaps; default the latest (the effect compares it with the round before)
    pub round: Option<u16>,
}

/// Convergence, gaps and effect in a region.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConvergenceAnswer {
    /// The region.
    pub region: RegionView,
    /// The plan year shown.
    pub year: i32,
    /// Every year with a plan concerning the region, newest first.
    pub years: Vec<i32>,
    /// The PK round of the gaps; null when none is published.
    pub round: Option<u16>,
    /// The plans of the year concerning the region.
    pub plans: Vec<PlanSummary>,
    /// Per village, the agencies of the items reaching it per programme area.
    pub villages: Vec<VillageConvergence>,
    /// Each village's three weakest variables over at least 5 families that no item reaching it targets.
    pub gaps: Vec<GapView>,
    /// The effect of the items with target villages and variables.
    pub effect: EffectAnswer,
}

/// The items reaching a village.
#[derive(Debug, Serialize, ToSchema)]
pub struct VillageConvergence {
    /// Dotted code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Its kecamatan's name.
    pub district: String,
    /// Programme areas 1–4 with the agencies working there.
    pub areas: Vec<AreaAgencies>,
    /// How many areas have an agency.
    pub areas_covered: usize,
    /// The items reaching it.
    pub items: Vec<i64>,
}

/// The agencies of one programme area.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaAgencies {
    /// The area, 1–4.
    pub area: usize,
    /// Agency ids.
    pub agencies: BTreeSet<String>,
}

/// A weak variable of a village that no item reaching it targets.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Gap)]
pub struct GapView {
    /// The village (dotted code).
    pub village: String,
    /// Its name.
    pub name: String,
    /// Its kecamatan's name.
    pub district: String,
    /// Variable id.
    pub variable: String,
    /// Its name in the methodology.
    pub variable_name: Option<String>,
    /// Percent of applicable families meeting it; null for readers outside the village's scope when it rests on
    /// 1–4 families.
    pub percent: Option<f64>,
    /// Families where it applies; null likewise.
    pub applicable: Option<i64>,
    /// Its rank among the village's weakest variables (1 = weakest).
    pub rank: usize,
    /// The responsible national agencies.
    pub responsible: Vec<AgencyRef>,
    /// The kabupaten/kota offices of the same kinds.
    pub offices: Vec<AgencyRef>,
    /// The matrix activities that move the variable.
    pub activities: Vec<MatrixActivityRef>,
}

/// A matrix activity by id.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatrixActivityRef {
    /// Id (`2.2.1`).
    pub id: String,
    /// Name; null when the matrix does not know it.
    pub name: Option<String>,
}

/// The effect of targeted items.
#[derive(Debug, Serialize, ToSchema)]
pub struct EffectAnswer {
    /// The rounds compared; null without two published rounds.
    pub rounds: Option<RoundPair>,
    /// What the figure is, and what it is not.
    pub note: &'static str,
    /// Items with target villages and variables.
    pub items: Vec<ItemEffectView>,
}

/// Two PK rounds.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundPair {
    /// The earlier round.
    pub before: u16,
    /// The later round.
    pub after: u16,
}

/// The effect of one item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemEffectView {
    /// Item id.
    pub item: i64,
    /// Its plan.
    pub plan: i64,
    /// What is done.
    pub title: String,
    /// First month (YYYY-MM).
    pub start: String,
    /// Last month (YYYY-MM).
    pub end: String,
    /// Per targeted variable.
    pub variables: Vec<VariableEffect>,
}

/// The effect on one variable.
#[derive(Debug, Serialize, ToSchema)]
pub struct VariableEffect {
    /// Variable id.
    pub variable: String,
    /// Targeted villages with figures in both rounds.
    pub targeted_villages: usize,
    /// The plan region's other villages with figures in both rounds.
    pub other_villages: usize,
    /// Pooled percent in the targeted villages.
    pub targeted: BeforeAfter,
    /// Pooled percent in the other villages.
    pub others: BeforeAfter,
    /// Change in the targeted villages minus change in the others, percentage points; null when hidden.
    pub difference: Option<f64>,
}

/// A percent in two rounds; null where it rests on 1–4 families for readers outside the scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct BeforeAfter {
    /// In the earlier round.
    pub before: Option<f64>,
    /// In the later round.
    pub after: Option<f64>,
}

fn answer(app: &AppState, ctx: &Ctx, a: &Analysis) -> Result<ConvergenceAnswer, AppError> {
    let who = &ctx.who;
    let (disclosure, ids) =
        crate::suppression::of_villages(app, who, a.rp.code, a.villages.round, &a.villages.figures)?;
    let names: BTreeMap<RegionCode, &str> = a.villages.list.iter().map(|(c, n)| (*c, n.as_str())).collect();
    let villages = a
        .convergence
        .iter()
        .map(|c| VillageConvergence {
            code: c.village.to_string(),
            name: names.get(&c.village).copied().unwrap_or("").to_string(),
            district: a.villages.district_of(c.village).to_string(),
            areas: c.areas.iter().enumerate().map(|(i, s)| AreaAgencies { area: i + 1, agencies: s.clone() }).collect(),
            areas_covered: c.areas_covered(),
            items: c.items.clone(),
        })
        .collect();
    let gaps = a
        .gaps
        .iter()
        .map(|g| {
            let show = crate::suppression::variable_shown(&disclosure, &ids, g.village, &g.variable);
            GapView {
                village: g.village.to_string(),
                name: names.get(&g.village).copied().unwrap_or(&g.village_name).to_string(),
                district: a.villages.district_of(g.village).to_string(),
                variable: g.variable.clone(),
                variable_name: a.variable_names.get(&g.variable).cloned(),
                percent: show.then_some(g.percent),
                applicable: show.then_some(g.applicable),
                rank: g.rank,
                responsible: g.responsible.iter().map(|id| AgencyRef::of(&a.rp, id)).collect(),
                offices: a.offices(g).iter().map(|id| AgencyRef::of(&a.rp, id)).collect(),
                activities: g
                    .activities
                    .iter()
                    .map(|id| MatrixActivityRef {
                        id: id.clone(),
                        name: Matrix::inpres().activity(id).map(|x| x.1.name.clone()),
                    })
                    .collect(),
            }
        })
        .collect();
    let items = a
        .effects
        .iter()
        .map(|ie| {
            let r = &a.rp.rows[ie.row];
            let plan = a.rp.plan_of(r);
            let t_exact = r.item().villages.iter().all(|v| who.sees_exact(*v));
            let o_exact = who.sees_exact(plan.region);
            let pct = |p: Option<f64>, families: i64, exact: bool| p.filter(|_| view::visible(families, exact));
            let variables = ie
                .effects
                .iter()
                .map(|(e, n)| {
                    let hidden = !view::visible(n[0], t_exact) || !view::visible(n[1], t_exact);
                    VariableEffect {
                        variable: e.variable.clone(),
                        targeted_villages: e.targeted_villages,
                        other_villages: e.other_villages,
                        targeted: BeforeAfter {
                            before: pct(e.targeted.0, n[0], t_exact),
                            after: pct(e.targeted.1, n[1], t_exact),
                        },
                        others: BeforeAfter {
                            before: pct(e.others.0, n[2], o_exact),
                            after: pct(e.others.1, n[3], o_exact),
                        },
                        difference: if hidden { None } else { e.difference },
                    }
                })
                .collect();
            ItemEffectView {
                item: r.stored.id,
                plan: plan.id,
                title: r.item().title.clone(),
                start: r.item().start.to_string(),
                end: r.item().end.to_string(),
                variables,
            }
        })
        .collect();
    Ok(ConvergenceAnswer {
        region: region_view(app, a.rp.code)?,
        year: a.rp.year,
        years: a.rp.years.clone(),
        round: a.villages.round,
        plans: plan_summaries(app, &a.rp)?,
        villages,
        gaps,
        effect: EffectAnswer {
            rounds: a.effect_rounds.map(|(before, after)| RoundPair { before, after }),
            note: EFFECT_NOTE,
            items,
        },
    })
}

/// Convergence, gaps and the effect of items
///
/// Convergence per village (the agencies of the items reaching it, per programme area 1–4), gaps (each village's
/// three weakest variables over at least 5 families that no item reaching it targets, with the responsible
/// national agencies, the kabupaten/kota offices of the same kinds and the matrix activities) and, with two PK
/// rounds, the effect of each item with target villages and variables (change in targeted villages minus change in
/// the plan region's other villages; null where it rests on 1–4 families for readers outside the scope)
#[utoipa::path(
    get,
    path = "/regions/{code}/convergence",
    tag = "workmap",
    params(("code" = String, Path, description = CODE_PARAM), ConvergenceQuery),
    responses(
        (status = 200, description = "Convergence, gaps and effect", body = ConvergenceAnswer),
        (status = 400, description = "Not a plan year", body = ErrorAnswer),
        (status = 404, description = "Unknown region or round, or a village code", body = ErrorAnswer),
    )
)]
pub(super) async fn convergence(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<ConvergenceQuery>,
) -> Result<Json<ConvergenceAnswer>, AppError> {
    let code = page_region(&code)?;
    app.db(move |app| -> Result<_, AppError> {
        let a = analysis(app, code, q.year, q.round)?;
        Ok(Json(answer(app, &ctx, &a)?))
    })
    .await
}
