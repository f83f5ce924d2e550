//! The OpenAPI 3.1 document of `/api/v1`, generated from the registered routes ([`super::registered`]) with the
//! API's description and its two ways in (an API token, a session), and served at `/api/v1/openapi.json`.

use crate::AppState;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use std::sync::OnceLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{OpenApi, Tag};
use utoipa::{Modify, OpenApi as _};
use utoipa_axum::router::UtoipaMethodRouter;
use utoipa_axum::routes;

/// The document's own route.
pub(super) fn api_routes() -> Vec<UtoipaMethodRouter<AppState>> {
    vec![routes!(openapi)]
}

/// What the document says of the API as a whole.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "kampungkb API",
        description = "Kampung KB: PK family census, iBangga family development index. Aggregates are public; family data needs a token or session.",
    ),
    modifiers(&WaysIn),
)]
struct ApiDoc;

/// The security schemes operations name: `bearer` (an API token) and `session` (the browser's session cookie).
struct WaysIn;

impl Modify for WaysIn {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.description = Some("API token created by its owner (Akun → Token API)".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(bearer));
        let session = ApiKeyValue::with_description(crate::SESSION_COOKIE, "The session of a logged-in browser");
        components.add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(session)));
    }
}

/// The resources, in the order the docs page lists them.
const TAGS: [(&str, &str); 7] = [
    ("regions", "PK rounds, regions, their iBangga figures, rankings and where to form the next Kampung KB"),
    ("families", "Families of a village, and one family (users only)"),
    ("kampung", "The Kampung KB registry: reads are public, writes take an API token"),
    ("plans", "Cross-sector action plans (Inpres 3/2022) and the matrix"),
    ("workmap", "What the plans add up to in a region: the work map, convergence, gaps and effect"),
    ("capture", "Submissions sent from phones (OpenRosa), for the officers who review them"),
    ("api", "This document"),
];

/// The document: the registered operations and schemas with the API's description, security schemes and tags.
pub fn document() -> &'static OpenApi {
    static DOCUMENT: OnceLock<OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc = ApiDoc::openapi();
        doc.info.version = env!("CARGO_PKG_VERSION").into();
        doc.merge(super::registered().openapi);
        doc.tags = Some(
            TAGS.iter()
                .map(|(name, description)| {
                    let mut tag = Tag::new(*name);
                    tag.description = Some((*description).into());
                    tag
                })
                .collect(),
        );
        doc
    })
}

/// The document as served.
fn document_json() -> Bytes {
    static JSON: OnceLock<Bytes> = OnceLock::new();
    JSON.get_or_init(|| Bytes::from(serde_json::to_vec(document()).unwrap_or_default())).clone()
}

/// The OpenAPI document
///
/// This document (OpenAPI 3.1): every endpoint with its parameters, request bodies and answers.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "api",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = serde_json::Value))
)]
async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=300")], document_json())
}
