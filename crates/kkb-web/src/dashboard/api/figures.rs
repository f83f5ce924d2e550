//! `GET /api/v1/regions/{code}/index`: a region's iBangga figures (and its direct sub-regions'), as the reader may
//! see them, from a cache kept per data version.

use crate::auth::Principal;
use crate::error::ErrorAnswer;
use crate::view::{CODE_PARAM, RegionView};
use crate::{AppError, AppState, Ctx, view};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use indexmap::IndexMap;
use kkb_domain::disclosure::{Disclosure, Hidden};
use kkb_domain::figures::Figures;
use kkb_domain::methodology::Category;
use kkb_domain::region::RegionCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Query of the index endpoint.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndexQuery {
    /// PK round (pk_year); default the latest round
    pub year: Option<u16>,
    /// true adds the same object for every direct sub-region
    pub children: Option<bool>,
}

/// The region's iBangga figures
///
/// The region's iBangga figures: the object of `kampungkb index --format json` (cli.md). For readers who may not
/// see the region's families, figures over 1–4 families are null, and so are the figures that would give them
/// away by subtraction (secondary suppression).
#[utoipa::path(
    get,
    path = "/regions/{code}/index",
    tag = "regions",
    params(("code" = String, Path, description = CODE_PARAM), IndexQuery),
    responses(
        (status = 200, description = "The figures as the reader may see them", body = ShownFigures),
        (status = 404, description = "Unknown region or round", body = ErrorAnswer),
    )
)]
pub(super) async fn index(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<IndexQuery>,
) -> Result<Response, AppError> {
    let code = view::region_code(&code)?;
    let children = q.children.unwrap_or(false);
    let reader = crate::suppression::reader_key(&ctx.who);
    // Figures already computed for the current data version need no database: answered here, without a trip to
    // the blocking pool; anything else is read there.
    let body = match app.figures_cache.cached(&app.store, code, q.year, children, &reader) {
        Some(body) => body,
        None => {
            app.db(move |app| app.figures_cache.get_or_compute(app, &ctx.who, code, q.year, children, &reader)).await?
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Cached index JSON: an index read never scans families, and repeated reads of the same object are served from
/// memory until the data changes.
#[derive(Default)]
pub struct FiguresCache(crate::cache::VersionedCache<Bytes>);

impl FiguresCache {
    /// The index JSON if it is in memory for the data version the store holds in memory, without a query.
    pub fn cached(
        &self,
        store: &kkb_store::Store,
        code: RegionCode,
        year: Option<u16>,
        children: bool,
        reader: &str,
    ) -> Option<Bytes> {
        self.0.get(store.fresh_data_version()?, &Self::key(code, year, children, reader))
    }

    fn key(code: RegionCode, year: Option<u16>, children: bool, reader: &str) -> String {
        format!("{code}|{year:?}|{children}|{reader}")
    }

    /// The index JSON of a region as `who` may see it, from the cache or computed; `reader` is who's
    /// [`crate::suppression::reader_key`].
    pub fn get_or_compute(
        &self,
        app: &AppState,
        who: &Principal,
        code: RegionCode,
        year: Option<u16>,
        children: bool,
        reader: &str,
    ) -> Result<Bytes, AppError> {
        let store = &app.store;
        let version = store.data_version()?;
        let key = Self::key(code, year, children, reader);
        if let Some(b) = self.0.get(version, &key) {
            return Ok(b);
        }
        let f = store.region_figures(code, year, children)?;
        let d = crate::suppression::disclosure(app, who, code, Some(f.year))?;
        let shown = ShownFigures::of(&f, &d);
        let body = Bytes::from(serde_json::to_vec(&shown).map_err(|e| AppError::Internal(e.to_string()))?);
        self.0.put(version, key, body.clone());
        Ok(body)
    }
}

/// The figures of one region in one round as a reader may see them: those of `kampungkb index --format json`,
/// with `null` for every figure the reader may not see.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Figures)]
pub struct ShownFigures {
    /// The region.
    pub region: RegionView,
    /// The round.
    pub year: u16,
    /// The methodology that produced the figures.
    pub methodology: String,
    /// All families.
    pub families: Option<i64>,
    /// Families with an iBangga.
    pub scored_families: Option<i64>,
    /// Mean of the region's non-NA dimension indices.
    pub ibangga: Option<f64>,
    /// The region's category by its iBangga.
    pub category: Option<Category>,
    /// Dimension id → index.
    pub dimensions: IndexMap<String, Option<f64>>,
    /// Category id (rentan, berkembang, tangguh) → its scored families and their share.
    pub categories: IndexMap<String, ShownCategory>,
    /// Every variable of the methodology.
    pub variables: Vec<ShownVariable>,
    /// PUS and contraceptive use.
    pub family_planning: ShownFamilyPlanning,
    /// The same for every direct sub-region (with `children=true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(no_recursion)]
    pub children: Option<Vec<ShownFigures>>,
}

/// Scored families in a category and their share.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CategoryFigure)]
pub struct ShownCategory {
    /// Number of scored families.
    pub families: Option<i64>,
    /// Percent of scored families; null when there are none.
    pub percent: Option<f64>,
}

/// One variable's figures.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = VariableFigure)]
pub struct ShownVariable {
    /// Variable id (v01 … v17).
    pub id: String,
    /// Dimension id.
    pub dimension: String,
    /// Families where it is not NA.
    pub applicable: Option<i64>,
    /// Families scoring 1.
    pub met: Option<i64>,
    /// `100 × met / applicable`; null when nothing applies.
    pub percent: Option<f64>,
}

/// Family-planning figures from PK (docs/methodology.md).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FamilyPlanningFigures)]
pub struct ShownFamilyPlanning {
    /// Families that are a PUS.
    pub pus: Option<i64>,
    /// Contraceptive prevalence, percent of PUS.
    pub cpr: Option<f64>,
    /// Modern contraceptive prevalence.
    pub mcpr: Option<f64>,
    /// Long-acting share of modern users.
    pub mkjp_share: Option<f64>,
    /// Unmet need, percent of PUS.
    pub unmet_need: Option<f64>,
}

impl ShownFigures {
    /// A region's figures (and its children's, if given) as a reader with disclosure `d` may see them.
    pub fn of(f: &Figures, d: &Disclosure) -> ShownFigures {
        let mut shown = ShownFigures::one(f, &d.of(f.region.code));
        shown.children =
            f.children.as_ref().map(|kids| kids.iter().map(|c| ShownFigures::one(c, &d.of(c.region.code))).collect());
        shown
    }

    /// One region's figures without what `hidden` hides.
    fn one(f: &Figures, hidden: &Hidden) -> ShownFigures {
        let scored = !hidden.scored();
        let fp = &f.family_planning;
        let planning = !hidden.family_planning();
        ShownFigures {
            region: RegionView { code: f.region.code.to_string(), name: f.region.name.clone(), level: f.region.level },
            year: f.year,
            methodology: f.methodology.clone(),
            families: (!hidden.all()).then_some(f.families),
            scored_families: scored.then_some(f.scored_families),
            ibangga: f.ibangga.filter(|_| scored),
            category: f.category.filter(|_| scored),
            dimensions: f.dimensions.iter().map(|(k, v)| (k.clone(), v.as_f64().filter(|_| scored))).collect(),
            categories: f
                .categories
                .iter()
                .map(|(k, v)| {
                    let c = ShownCategory {
                        families: v["families"].as_i64().filter(|_| scored),
                        percent: v["percent"].as_f64().filter(|_| scored),
                    };
                    (k.clone(), c)
                })
                .collect(),
            variables: f
                .variables
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let shown = !hidden.variable(i);
                    ShownVariable {
                        id: v.id.clone(),
                        dimension: v.dimension.clone(),
                        applicable: shown.then_some(v.applicable),
                        met: shown.then_some(v.met),
                        percent: v.percent.filter(|_| shown),
                    }
                })
                .collect(),
            family_planning: ShownFamilyPlanning {
                pus: planning.then_some(fp.pus),
                cpr: fp.cpr.filter(|_| planning),
                mcpr: fp.mcpr.filter(|_| planning),
                mkjp_share: fp.mkjp_share.filter(|_| planning),
                unmet_need: fp.unmet_need.filter(|_| planning),
            },
            children: None,
        }
    }
}
