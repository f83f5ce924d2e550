//! `GET /api/v1/regions/{code}/kampung`: a region's Kampung KB registry, the same for every reader (cached with
//! the dashboards' bodies for one data version).

use crate::error::ErrorAnswer;
use crate::registry::{self, ClassFilter, ClassTally, CoverageShare};
use crate::view::{CODE_PARAM, RegionView};
use crate::{AppError, AppState, view};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kkb_domain::classification::Class;
use kkb_domain::region::{Level, RegionCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Query of the region list.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// only the active Kampung of a class: dasar, berkembang, mandiri, berkelanjutan, or belum (not classified yet)
    pub class: Option<String>,
}

/// A region's registry.
#[derive(Debug, Serialize, ToSchema)]
pub struct Registry {
    /// Dotted code.
    pub code: String,
    /// Official name.
    pub name: String,
    /// Its level.
    pub level: kkb_domain::region::Level,
    /// Its active Kampung KB by class.
    pub class_counts: ClassTally,
    /// Its coverage.
    pub coverage: CoverageShare,
    /// The same for every direct sub-region.
    pub children: Vec<RegistryChild>,
    /// The class filter applied, if any.
    pub class: Option<&'static str>,
    /// Its Kampung KB (active or not), by village code.
    pub kampung: Vec<ListedKampung>,
}

/// A sub-region's coverage and classes.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistryChild {
    /// The sub-region.
    #[serde(flatten)]
    pub region: RegionView,
    /// Its coverage.
    pub coverage: CoverageShare,
    /// Its active Kampung KB by class.
    pub class_counts: ClassTally,
}

/// A Kampung KB of a registry.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListedKampung {
    /// The desa/kelurahan (dotted code).
    pub village: String,
    /// The Kampung's name.
    pub name: String,
    /// The village's name.
    pub village_name: String,
    /// Its kecamatan (dotted code).
    pub district: Option<String>,
    /// The kecamatan's name.
    pub district_name: String,
    /// The launch date (YYYY-MM-DD).
    pub launch_date: String,
    /// Whether it is active.
    pub active: bool,
    /// Its current class; null while inactive or not classified yet.
    pub class: Option<Class>,
    /// The latest month it reported (YYYY-MM).
    pub latest_report: Option<String>,
}

/// The Kampung KB registry of a region
///
/// The Kampung KB registry of a region: its active Kampung KB by class (class_counts: dasar, berkembang, mandiri,
/// berkelanjutan, unclassified, total), its coverage (villages, formed, percent), the same for every direct
/// sub-region (children), and its Kampung KB (kampung: village, name, kecamatan, launch_date, active, class,
/// latest_report)
#[utoipa::path(
    get,
    path = "/regions/{code}/kampung",
    tag = "kampung",
    params(("code" = String, Path, description = CODE_PARAM), ListQuery),
    responses(
        (status = 200, description = "The registry", body = Registry),
        (status = 400, description = "Unknown class", body = ErrorAnswer),
        (status = 404, description = "Unknown region", body = ErrorAnswer),
    )
)]
pub(super) async fn list(
    State(app): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let body = app
        .db(move |app| -> Result<_, AppError> {
            let code = view::region_code(&code)?;
            let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
            let filter = q.class.as_deref().filter(|c| !c.is_empty()).map(ClassFilter::parse).transpose()?;
            // The same for every reader: kept with the dashboards' bodies for one data version.
            let version = app.store.data_version()?;
            let key = format!("api-registry|{code}|{filter:?}");
            app.page_cache.get_or_try_insert(version, key, || {
                let list = registry_of(app, code, region.name, filter)?;
                let json = serde_json::to_string(&list).map_err(|e| AppError::Internal(e.to_string()))?;
                Ok::<_, AppError>(std::sync::Arc::from(json))
            })
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response())
}

fn registry_of(
    app: &AppState,
    code: RegionCode,
    name: String,
    filter: Option<ClassFilter>,
) -> Result<Registry, AppError> {
    let counts = app.store.class_counts(code)?;
    let coverage = app.store.coverage(code, None)?;
    let mut children = Vec::new();
    if code.level() != Level::Village {
        let classes = app.store.class_counts_children(code)?;
        for c in app.store.coverage_children(code, None)? {
            let k = classes.iter().find(|k| k.region.code == c.region.code).map(|k| k.counts).unwrap_or_default();
            children.push(RegistryChild {
                region: RegionView::new(c.region.code, c.region.name),
                coverage: c.coverage.into(),
                class_counts: (&k).into(),
            });
        }
    }
    let kampung = registry::listing(app, code)?
        .into_iter()
        .filter(|k| filter.is_none_or(|f| f.admits(k.record.active, k.class)))
        .map(|k| ListedKampung {
            village: k.record.village.to_string(),
            name: k.record.name,
            village_name: k.village_name,
            district: k.district.map(|d| d.to_string()),
            district_name: k.district_name,
            launch_date: k.record.launch_date.to_string(),
            active: k.record.active,
            class: k.class,
            latest_report: k.latest_report.map(|m| m.to_string()),
        })
        .collect();
    Ok(Registry {
        code: code.to_string(),
        name,
        level: code.level(),
        class_counts: (&counts).into(),
        coverage: coverage.into(),
        children,
        class: filter.map(ClassFilter::key),
        kampung,
    })
}
