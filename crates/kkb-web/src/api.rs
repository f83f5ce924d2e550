//! The JSON API under `/api/v1/`: every figure the pages show, and families for authorised roles (session or
//! `Authorization: Bearer` token). The OpenAPI document and the docs page are built from one endpoint list, so
//! they cannot disagree.

use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::Json;
use axum::Router;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

/// The API's routes (nested under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .merge(documented(crate::dashboard::api::api_routes()))
        .merge(documented(crate::families::api::api_routes()))
        .merge(documented(crate::kampung::api::api_routes()))
        .merge(documented(crate::plans::api::api_routes()))
        .merge(documented(crate::workmap::api::api_routes()))
        .merge(crate::capture::api_routes())
}

/// The axum routes of handlers registered with their OpenAPI operations.
fn documented(list: Vec<utoipa_axum::router::UtoipaMethodRouter<AppState>>) -> Router<AppState> {
    list.into_iter().fold(utoipa_axum::router::OpenApiRouter::new(), |r, m| r.routes(m)).split_for_parts().0
}

/// A parameter of an endpoint: (name, where, required, description).
type Param = (&'static str, &'static str, bool, &'static str);

/// One documented endpoint.
pub struct Endpoint {
    /// Path under `/api/v1`.
    pub path: &'static str,
    /// Summary.
    pub summary: &'static str,
    /// Whether it needs a user (token or session).
    pub auth: bool,
    /// Parameters.
    pub params: &'static [Param],
}

const CODE: Param = ("code", "path", true, "Kemendagri region code, dotted (17.01) or compact (1701)");
const YEAR: Param = ("year", "query", false, "PK round (pk_year); default the latest round");
const VILLAGE: Param = ("village", "path", true, "desa/kelurahan code of the Kampung KB");

/// Every endpoint.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        path: "/regions/{code}/kampung",
        summary: "The Kampung KB registry of a region: its active Kampung KB by class (class_counts: dasar, berkembang, mandiri, berkelanjutan, unclassified, total), its coverage (villages, formed, percent), the same for every direct sub-region (children), and its Kampung KB (kampung: village, name, kecamatan, launch_date, active, class, latest_report)",
        auth: false,
        params: &[
            CODE,
            (
                "class",
                "query",
                false,
                "only the active Kampung of a class: dasar, berkembang, mandiri, berkelanjutan, or belum (not classified yet)",
            ),
        ],
    },
    Endpoint {
        path: "/kampung/{village}",
        summary: "A Kampung KB: its record, current class, active profile, population with its source (PK round or manual entry), latest monthly report with its verification, the live classification (the output of `kampungkb classify`) and the class history. PUT (API token) replaces the record.",
        auth: false,
        params: &[VILLAGE],
    },
    Endpoint {
        path: "/kampung/{village}/profiles",
        summary: "The profile versions of a Kampung KB, newest valid_from first; with at, the profile in force on that day (null if none). POST (API token) saves a new version.",
        auth: false,
        params: &[VILLAGE, ("at", "query", false, "YYYY-MM-DD")],
    },
    Endpoint {
        path: "/kampung/{village}/reports",
        summary: "The monthly KB reports of a Kampung KB, oldest first, each with its verification (verified_at; verified_by for logged-in users). PUT /kampung/{village}/reports/{month} (API token) saves one.",
        auth: false,
        params: &[
            VILLAGE,
            ("from", "query", false, "first month, YYYY-MM (default 2014-01)"),
            ("to", "query", false, "last month, YYYY-MM (default this month)"),
        ],
    },
    Endpoint {
        path: "/kampung/{village}/activities",
        summary: "The activities of a Kampung KB by date, and the number of distinct cross-sector agencies. POST (API token) records one.",
        auth: false,
        params: &[VILLAGE],
    },
    Endpoint {
        path: "/kampung/{village}/classification",
        summary: "The classification of a Kampung KB: inputs (the input of `kampungkb classify`, from its active profile, latest report, population and activities) and result (its output)",
        auth: false,
        params: &[VILLAGE],
    },
    Endpoint {
        path: "/rounds",
        summary: "PK rounds: year, methodology, number of families and whether it is published (the default year of every other endpoint is the latest published round)",
        auth: false,
        params: &[],
    },
    Endpoint {
        path: "/regions/{code}",
        summary: "A region, its parents and its direct sub-regions",
        auth: false,
        params: &[CODE],
    },
    Endpoint {
        path: "/regions/{code}/index",
        summary: "The region's iBangga figures: the object of `kampungkb index --format json` (cli.md). For readers who may not see the region's families, figures over 1–4 families are null, and so are the figures that would give them away by subtraction (secondary suppression).",
        auth: false,
        params: &[CODE, YEAR, ("children", "query", false, "true adds the same object for every direct sub-region")],
    },
    Endpoint {
        path: "/regions/{code}/ranking",
        summary: "Villages under the region, weakest first, on the iBangga, a dimension or a variable; villages with fewer than 5 families in the base are listed last with ranked=false",
        auth: false,
        params: &[
            CODE,
            YEAR,
            ("by", "query", false, "ibangga (default), a dimension id (ketenteraman, …) or a variable id (v01 … v17)"),
        ],
    },
    Endpoint {
        path: "/regions/{code}/kampung-candidates",
        summary: "Where to form the next Kampung KB: the villages under a province, kabupaten/kota or kecamatan without an active Kampung KB, ranked by the main formation criteria from PK (share of iBangga-Rentan families above the kabupaten/kota average, as the proxy for poor families; CPR below it), then by score = Rentan-share gap + CPR gap + (100 − iBangga), with the reasons as structured values. A village code is 404. For readers who may not see a village's families, villages whose figures are suppressed (over 1–4 families, or hidden with one) come after the ranked ones with hidden=true and null figures.",
        auth: false,
        params: &[CODE, YEAR],
    },
    Endpoint {
        path: "/regions/{code}/families",
        summary: "Families of a village (no personal data): id, members, version, score and category",
        auth: true,
        params: &[CODE, YEAR, ("category", "query", false, "rentan, berkembang or tangguh")],
    },
    Endpoint {
        path: "/families/{year}/{village}/{id}",
        summary: "One family: answers, members and scores. Members carry birth_year and age; unless reveal=true (roles that may see NIKs; every such read is audited) the NIK shows only its province digits, the name only its first letter, and birth_date is null",
        auth: true,
        params: &[
            ("year", "path", true, "PK round"),
            ("village", "path", true, "village code"),
            ("id", "path", true, "family_id"),
            (
                "reveal",
                "query",
                false,
                "true to unmask NIK and names (village cadres and field officers of the village only)",
            ),
        ],
    },
    Endpoint {
        path: "/plans",
        summary: "Action plans (Inpres 3/2022) of provinces and kabupaten/kota: id, region, year, title, status (draft, submitted, approved), coordinator, version, items, budget (rupiah, cancelled items excluded) and flag counts (late, stalled, not_started, as of today)",
        auth: false,
        params: &[
            (
                "region",
                "query",
                false,
                "only plans concerning this region: those of its province and kabupaten/kota, and those under it",
            ),
            ("year", "query", false, "only plans of this year"),
        ],
    },
    Endpoint {
        path: "/plans/{id}",
        summary: "One plan with its items (activity, title, area, functions, variables, responsible, supporting, villages, start, end, budget, budget_source, indicator, target, unit, status), each with its latest_progress (reported_by for logged-in readers only) and flags",
        auth: false,
        params: &[("id", "path", true, "plan id")],
    },
    Endpoint {
        path: "/plans/{id}/items/{item}/progress",
        summary: "The progress reports of a plan item, oldest first: date, percent, spent, status, note, evidence (reported_by for logged-in readers only)",
        auth: false,
        params: &[("id", "path", true, "plan id"), ("item", "path", true, "item id")],
    },
    Endpoint {
        path: "/regions/{code}/workmap",
        summary: "The work map of a province, kabupaten/kota or kecamatan for a plan year: the plans concerning it, their items that count there (targeting a village of the region, or region-wide), agencies × programme areas (items responsible and supporting, budget), region-wide rows per plan region and targeted villages × agencies (areas worked in)",
        auth: false,
        params: &[
            CODE,
            ("year", "query", false, "plan year; default the latest year with a plan concerning the region"),
        ],
    },
    Endpoint {
        path: "/regions/{code}/convergence",
        summary: "Convergence per village (the agencies of the items reaching it, per programme area 1–4), gaps (each village's three weakest variables over at least 5 families that no item reaching it targets, with the responsible national agencies, the kabupaten/kota offices of the same kinds and the matrix activities) and, with two PK rounds, the effect of each item with target villages and variables (change in targeted villages minus change in the plan region's other villages; null where it rests on 1–4 families for readers outside the scope)",
        auth: false,
        params: &[
            CODE,
            ("year", "query", false, "plan year; default the latest year with a plan concerning the region"),
            (
                "round",
                "query",
                false,
                "PK round of the gaps; default the latest (the effect compares it with the round before)",
            ),
        ],
    },
    Endpoint {
        path: "/capture/submissions",
        summary: "Submissions sent from phones over OpenRosa in a region, newest first (the review queue with status=review): instance_id exactly as sent (uuid:…), form_id, village_code, family_id, received_at, status, sent_by and problems, each {field, reason, code} with field the path in the instance (anggota[2]/nik, repeats counted from 1) and reason in Bahasa Indonesia (English when Accept-Language prefers it)",
        auth: true,
        params: &[
            ("region", "query", true, "region code, dotted or compact; the user's scope must cover it"),
            ("status", "query", false, "review (default), applied, corrected, rejected, replaced or semua (all)"),
        ],
    },
    Endpoint {
        path: "/inpres",
        summary: "The Inpres 3/2022 matrix: national agencies with the kinds of regional office that carry their work, programme areas → programmes → activities with their responsible agencies and the iBangga variables they move",
        auth: false,
        params: &[],
    },
];

/// The OpenAPI 3.1 document.
pub fn openapi_document() -> Value {
    let mut paths = serde_json::Map::new();
    for e in ENDPOINTS {
        let params: Vec<Value> = e
            .params
            .iter()
            .map(|(name, at, required, description)| {
                json!({"name": name, "in": at, "required": required, "description": description, "schema": {"type": "string"}})
            })
            .collect();
        let mut responses = json!({
            "200": {"description": "OK", "content": {"application/json": {}}},
            "404": {"description": "Unknown region, round or family", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        });
        if e.auth {
            responses["401"] = json!({"description": "No or invalid token/session", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
            responses["403"] = json!({"description": "Outside the user's region or role", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
        }
        let mut op = json!({"summary": e.summary, "parameters": params, "responses": responses});
        if e.auth {
            op["security"] = json!([{"bearer": []}, {"session": []}]);
        }
        paths.insert(format!("/api/v1{}", e.path), json!({"get": op}));
    }
    kampung_writes(&mut paths);
    json!({
        "openapi": "3.1.0",
        "info": {"title": "kampungkb API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Kampung KB: PK family census, iBangga family development index. Aggregates are public; family data needs a token or session."},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "API token created by an administrator"},
                "session": {"type": "apiKey", "in": "cookie", "name": crate::SESSION_COOKIE}
            },
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}}
        }
    })
}

async fn openapi() -> Response {
    ([(header::CACHE_CONTROL, "public, max-age=300")], Json(openapi_document())).into_response()
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    c: Layout,
    l: Lang,
    endpoints: &'static [Endpoint],
}

/// `/api/docs`: the API described in a page, from the same list as the OpenAPI document.
pub async fn docs(ctx: Ctx) -> Result<Response, AppError> {
    Ok(Html(DocsPage { c: Layout::new(&ctx), l: ctx.lang, endpoints: ENDPOINTS }.render()?).into_response())
}

/// A write operation as documented: (method, path under `/api/v1`, summary, request body schema).
type Write = (&'static str, &'static str, &'static str, &'static str);

/// The write operations.
const WRITES: &[Write] = &[
    (
        "put",
        "/kampung/{village}",
        "Create or replace the Kampung KB record of a village (name, launch_date, decree, rws, description, location, criteria, active, model). The village is the URL's; the model-Kampung flags can be changed by kecamatan and kabupaten/kota officers only. 201 when created, 200 when replaced.",
        "KampungRecord",
    ),
    (
        "post",
        "/kampung/{village}/profiles",
        "Save a new profile version (valid_from, pokja, pokja_sections, pkb_assigned, regulation, rkm, data_sources, funding_sources, programs, facilities, operations). Profiles are history: a second profile with the same valid_from is 409; the latest valid_from becomes the active profile.",
        "Profile",
    ),
    (
        "put",
        "/kampung/{village}/reports/{month}",
        "Save or replace the monthly KB report of a month (YYYY-MM, not in the future): pus, contraceptive_users, pus_not_using, participants; counts may not be negative, users plus PUS not using may not exceed the PUS. A replaced report loses its verification. 201 when new, 200 when replaced.",
        "MonthlyReportForm",
    ),
    (
        "post",
        "/kampung/{village}/activities",
        "Record an activity (date, place, description, function, targets, agencies, inpres_area, plan_item); the agencies other than bkkbn and opd_kb count as cross-sector.",
        "Activity",
    ),
];

/// Adds the Kampung KB writes to the OpenAPI paths (until the document is generated from the handlers).
fn kampung_writes(paths: &mut serde_json::Map<String, Value>) {
    let error = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let with = |description: &str| {
        let mut e = error.clone();
        e["description"] = json!(description);
        e
    };
    for (method, path, summary, body) in WRITES {
        let mut params = vec![
            json!({"name": "village", "in": "path", "required": true, "description": "desa/kelurahan code", "schema": {"type": "string"}}),
        ];
        if path.contains("{month}") {
            params.push(json!({"name": "month", "in": "path", "required": true, "description": "YYYY-MM", "schema": {"type": "string"}}));
        }
        let op = json!({
            "summary": summary,
            "parameters": params,
            "requestBody": {"required": true, "description": format!("{body} as JSON (kkb_domain::kampung::{body})"),
                            "content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {
                "200": {"description": "Saved; the body has the saved value and the Kampung's class after the change", "content": {"application/json": {}}},
                "201": {"description": "Created", "content": {"application/json": {}}},
                "401": with("No API token (writes need Authorization: Bearer; a browser session is not accepted)"),
                "403": with("The token's role or region may not edit this Kampung KB"),
                "404": with("No such village or Kampung KB"),
                "409": with("A conflicting profile"),
                "422": {"description": "Refused values: error.problems lists every field with its reason",
                        "content": {"application/json": {"schema": problems_schema()}}}
            },
            "security": [{"bearer": []}]
        });
        let item = paths.entry(format!("/api/v1{path}")).or_insert_with(|| json!({}));
        item[*method] = op;
    }
}

/// The schema of a 422 answer.
fn problems_schema() -> Value {
    json!({"type": "object", "properties": {"error": {"type": "object", "properties": {
        "code": {"type": "string", "const": "invalid"}, "message": {"type": "string"},
        "problems": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"},
            "code": {"type": "string", "description": "stable machine code of the reason (snake_case)"},
            "reason": {"type": "string", "description": "the reason in the reader's language (cookie lang; Indonesian by default)"}}}}}}}})
}
