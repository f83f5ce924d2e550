//! `GET /api/v1/regions/{code}/kampung-candidates`: where to form the next Kampung KB, the list of the page
//! `/wilayah/{code}/bentuk-kampung` ([`crate::candidates`]) as the reader may see it.

use crate::candidates::{CandidatesQuery, RegionCandidates, Shown};
use crate::error::ErrorAnswer;
use crate::view::{CODE_PARAM, RegionView};
use crate::{AppError, AppState, Ctx, view};
use axum::Json;
use axum::extract::{Path, Query, State};
use kkb_domain::kampung::{Reason, WeakestDimension};
use kkb_domain::methodology::Category;
use serde::Serialize;
use utoipa::ToSchema;

/// How the candidates read "poor families" (PK21 records no welfare stage).
const POOR_FAMILIES_PROXY: &str =
    "rentan_share: scored families in the iBangga category Rentan (iBangga < 40) per scored family";

/// Where to form the next Kampung KB in a region.
#[derive(Debug, Serialize, ToSchema)]
pub struct Candidates {
    /// The region.
    pub region: RegionView,
    /// The PK round; null when no round has been published.
    pub year: Option<u16>,
    /// The methodology of the round.
    pub methodology: String,
    /// How "poor families" are read from PK.
    pub poor_families_proxy: &'static str,
    /// Villages of the region.
    pub villages: usize,
    /// Villages of the region with an active Kampung KB.
    pub formed: usize,
    /// The averages of the kabupaten/kota concerned, that villages are compared with.
    pub regencies: Vec<RegencyAverageView>,
    /// The villages without an active Kampung KB: ranked, then hidden, then those without PK data.
    pub candidates: Vec<CandidateView>,
}

/// A kabupaten/kota's averages over all its villages, weighted by families.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RegencyAverage)]
pub struct RegencyAverageView {
    /// Dotted code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Villages counted.
    pub villages: usize,
    /// Scored families (with an iBangga).
    pub scored_families: i64,
    /// Scored families in the category Rentan.
    pub rentan_families: i64,
    /// PUS (couples of reproductive age).
    pub pus: i64,
    /// PUS using any contraceptive method.
    pub users: i64,
    /// `100 × rentan / scored`; null without scored families.
    pub poor_share: Option<f64>,
    /// `100 × users / pus`; null without PUS.
    pub cpr: Option<f64>,
}

/// A kecamatan or kabupaten/kota by code and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct NamedRegion {
    /// Dotted code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// A village without an active Kampung KB as the reader may see it: a hidden village's figures (over 1–4
/// families, or hidden with one) are null, its regency's averages aside, and it has no reasons.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Candidate)]
pub struct CandidateView {
    /// Rank among the ranked villages; null for hidden villages and villages without PK data.
    pub rank: Option<usize>,
    /// Dotted code of the desa/kelurahan.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its kecamatan.
    pub district: NamedRegion,
    /// Its kabupaten/kota.
    pub regency: NamedRegion,
    /// Its figures are hidden from the reader.
    pub hidden: bool,
    /// All families.
    pub families: Option<i64>,
    /// Families with an iBangga.
    pub scored_families: Option<i64>,
    /// Scored families in the category Rentan.
    pub rentan_families: Option<i64>,
    /// PUS.
    pub pus: Option<i64>,
    /// Share of Rentan families, percent.
    pub poor_share: Option<f64>,
    /// The regency's share of Rentan families.
    pub regency_poor_share: Option<f64>,
    /// Contraceptive prevalence (any method), percent of PUS.
    pub cpr: Option<f64>,
    /// The regency's CPR.
    pub regency_cpr: Option<f64>,
    /// Poor families (the Rentan share) above the regency average.
    pub poor_above: Option<bool>,
    /// Contraceptive use below the regency average.
    pub cpr_below: Option<bool>,
    /// Both: the kriteria utama are met.
    pub kriteria_utama: Option<bool>,
    /// The village's iBangga.
    pub ibangga: Option<f64>,
    /// Its category.
    pub category: Option<Category>,
    /// Its weakest dimension.
    pub weakest: Option<WeakestDimension>,
    /// The ranking score within its group; null without PK data.
    pub score: Option<f64>,
    /// Why, in order: the criteria met, a Rentan iBangga, the weakest dimension; or what is missing.
    pub reasons: Vec<Reason>,
}

impl Candidates {
    /// The candidates of a region in the order and with the figures a reader may see.
    pub fn of(rc: &RegionCandidates, shown: &[Shown<'_>]) -> Candidates {
        let named = |code| NamedRegion { code: ToString::to_string(&code), name: rc.name_of(code).to_string() };
        let candidates = shown
            .iter()
            .map(|s| {
                let c = s.candidate;
                let seen = !s.hidden;
                CandidateView {
                    rank: s.rank,
                    code: c.village.to_string(),
                    name: c.name.clone(),
                    district: named(c.district),
                    regency: named(c.regency),
                    hidden: s.hidden,
                    families: seen.then_some(c.families),
                    scored_families: seen.then_some(c.scored_families),
                    rentan_families: seen.then_some(c.rentan_families),
                    pus: seen.then_some(c.pus),
                    poor_share: c.poor_share.filter(|_| seen),
                    regency_poor_share: c.regency_poor_share,
                    cpr: c.cpr.filter(|_| seen),
                    regency_cpr: c.regency_cpr,
                    poor_above: seen.then_some(c.poor_above),
                    cpr_below: seen.then_some(c.cpr_below),
                    kriteria_utama: seen.then_some(c.kriteria_utama),
                    ibangga: c.ibangga.filter(|_| seen),
                    category: c.category.filter(|_| seen),
                    weakest: c.weakest.clone().filter(|_| seen),
                    score: c.score.filter(|_| seen),
                    reasons: if seen { c.reasons.clone() } else { Vec::new() },
                }
            })
            .collect();
        let regencies = rc
            .regencies
            .iter()
            .map(|r| RegencyAverageView {
                code: r.regency.to_string(),
                name: rc.name_of(r.regency).to_string(),
                villages: r.villages,
                scored_families: r.scored_families,
                rentan_families: r.rentan_families,
                pus: r.pus,
                users: r.users,
                poor_share: r.poor_share,
                cpr: r.cpr,
            })
            .collect();
        Candidates {
            region: RegionView::new(rc.code, rc.name.clone()),
            year: rc.year,
            methodology: rc.methodology.clone(),
            poor_families_proxy: POOR_FAMILIES_PROXY,
            villages: rc.villages,
            formed: rc.formed,
            regencies,
            candidates,
        }
    }
}

/// Where to form the next Kampung KB
///
/// Where to form the next Kampung KB: the villages under a province, kabupaten/kota or kecamatan without an active
/// Kampung KB, ranked by the main formation criteria from PK (share of iBangga-Rentan families above the
/// kabupaten/kota average, as the proxy for poor families; CPR below it), then by score = Rentan-share gap + CPR
/// gap + (100 − iBangga), with the reasons as structured values. A village code is 404. For readers who may not
/// see a village's families, villages whose figures are suppressed (over 1–4 families, or hidden with one) come
/// after the ranked ones with hidden=true and null figures.
#[utoipa::path(
    get,
    path = "/regions/{code}/kampung-candidates",
    tag = "regions",
    params(("code" = String, Path, description = CODE_PARAM), CandidatesQuery),
    responses(
        (status = 200, description = "The candidates as the reader may see them", body = Candidates),
        (status = 404, description = "Unknown region or round, or a village code", body = ErrorAnswer),
    )
)]
pub(super) async fn kampung_candidates(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<CandidatesQuery>,
) -> Result<Json<Candidates>, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = view::region_code(&code)?;
        let rc = crate::candidates::region_candidates(app, code, q.year)?;
        let shown = crate::candidates::for_reader(app, &ctx.who, &rc)?;
        Ok(Json(Candidates::of(&rc, &shown)))
    })
    .await
}
