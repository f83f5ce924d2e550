//! The JSON API under `/api/v1/`: every figure the pages show, the Kampung KB registry with its writes, plans, and
//! families for authorised roles (session or `Authorization: Bearer` token).
//!
//! Each resource registers its routes beside its pages, every route with its OpenAPI operation (`utoipa::path` on
//! the handler, the answer and request types deriving `ToSchema`): [`crate::dashboard::api`] (rounds and regions),
//! [`crate::families::api`], [`crate::kampung::api`], [`crate::plans::api`], [`crate::workmap::api`] and
//! [`crate::capture::api`]. Here they are put together once ([`registered`]): the router nested under `/api/v1`,
//! the OpenAPI document ([`document`]) and the page `/api/docs` ([`docs`]) all come from that one registration, so
//! a route cannot be served undocumented, nor documented without being served. A resource hands over its routes
//! as `UtoipaMethodRouter`s (handler and operation together), never as a plain router.

mod docs;
mod document;

pub use docs::docs;
pub use document::document;

use crate::AppState;
use axum::Router;
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::PathItem;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

/// Where the API is nested ([`crate::router`]), and the prefix of the document's paths.
pub const PREFIX: &str = "/api/v1";

/// The API as registered: its router, its OpenAPI operations and the routes the router serves.
pub struct Registered {
    /// The routes, to nest under [`PREFIX`].
    pub router: Router<AppState>,
    /// The operations and schemas, paths under [`PREFIX`] (before [`document`] completes them).
    pub openapi: OpenApi,
    /// Every (method, path) handed to the router, the path with [`PREFIX`]: what the API serves.
    pub served: Vec<(String, String)>,
}

/// Every resource's routes, each with its operation.
fn resources() -> impl Iterator<Item = UtoipaMethodRouter<AppState>> {
    [
        document::api_routes(),
        crate::dashboard::api::api_routes(),
        crate::families::api::api_routes(),
        crate::kampung::api::api_routes(),
        crate::plans::api::api_routes(),
        crate::workmap::api::api_routes(),
        crate::capture::api::api_routes(),
    ]
    .into_iter()
    .flatten()
}

/// The methods of a path item's operations, upper case.
fn methods(item: &PathItem) -> Vec<&'static str> {
    [
        ("GET", item.get.is_some()),
        ("PUT", item.put.is_some()),
        ("POST", item.post.is_some()),
        ("DELETE", item.delete.is_some()),
        ("PATCH", item.patch.is_some()),
        ("HEAD", item.head.is_some()),
        ("OPTIONS", item.options.is_some()),
        ("TRACE", item.trace.is_some()),
    ]
    .into_iter()
    .filter_map(|(m, present)| present.then_some(m))
    .collect()
}

/// The API put together: each resource's routes handed to the router with their operations, and what was handed
/// over recorded as it is.
pub fn registered() -> Registered {
    let mut api = OpenApiRouter::new();
    let mut served = Vec::new();
    for route in resources() {
        for (path, item) in route.1.paths.iter() {
            served.extend(methods(item).into_iter().map(|m| (m.to_string(), format!("{PREFIX}{path}"))));
        }
        api = api.routes(route);
    }
    let (router, mut openapi) = api.split_for_parts();
    openapi.paths.paths =
        std::mem::take(&mut openapi.paths.paths).into_iter().map(|(p, item)| (format!("{PREFIX}{p}"), item)).collect();
    Registered { router, openapi, served }
}

/// The API's routes (nested under `/api/v1` by [`crate::router`]).
pub fn routes() -> Router<AppState> {
    registered().router
}
