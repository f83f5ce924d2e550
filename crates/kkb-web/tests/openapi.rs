//! The OpenAPI document describes exactly what the API serves: every route the router was given under `/api/v1`
//! (read from the same registration, [`kkb_web::api::registered`]) is in the served document with a summary, its
//! path parameters, and a schema for each of its answers; nothing is documented that is not served; the document is
//! OpenAPI 3.1 and every reference in it resolves; the writes name their request bodies; `/api/docs` lists every
//! operation.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::Client;
use serde_json::Value;
use std::collections::BTreeSet;

const N: u64 = 200;

/// Every `$ref` in a JSON value.
fn refs(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => {
                        out.insert(r.clone());
                    }
                    _ => refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// The `{name}`s of a path.
fn path_params(path: &str) -> Vec<&str> {
    path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect()
}

#[tokio::test]
async fn every_served_route_is_documented_with_its_answers() {
    let t = common::sqlite(N);
    let r = Client::default().get(&t, "/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers.get(header::CONTENT_TYPE).unwrap(), "application/json");
    let doc: Value = serde_json::from_str(&r.body).expect("the document is JSON");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1.")), "OpenAPI 3.1.x: {}", doc["openapi"]);
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let schemas = doc["components"]["schemas"].as_object().expect("component schemas");

    let served = kkb_web::api::registered().served;
    assert!(served.len() >= 25, "the API's routes: {served:?}");
    let mut problems = Vec::new();
    for (method, path) in &served {
        let what = format!("{method} {path}");
        assert!(path.starts_with("/api/v1/"), "{what}");
        let op = &doc["paths"][path][method.to_lowercase()];
        if !op.is_object() {
            problems.push(format!("{what}: not in the document"));
            continue;
        }
        if op["summary"].as_str().is_none_or(str::is_empty) {
            problems.push(format!("{what}: no summary"));
        }
        let declared: Vec<&str> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path")
            .filter_map(|p| p["name"].as_str())
            .collect();
        for name in path_params(path) {
            if !declared.contains(&name) {
                problems.push(format!("{what}: path parameter {name} not documented"));
            }
        }
        let responses = op["responses"].as_object().cloned().unwrap_or_default();
        if !responses.keys().any(|s| s.starts_with('2')) {
            problems.push(format!("{what}: no success answer"));
        }
        for (status, answer) in &responses {
            if answer["description"].as_str().is_none_or(str::is_empty) {
                problems.push(format!("{what} {status}: no description"));
            }
            if !answer["content"]["application/json"]["schema"].is_object() {
                problems.push(format!("{what} {status}: no response schema"));
            }
        }
        if matches!(method.as_str(), "PUT" | "POST")
            && !op["requestBody"]["content"]["application/json"]["schema"].is_object()
        {
            problems.push(format!("{what}: no request body schema"));
        }
    }
    // Nothing documented that is not served.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if !served.iter().any(|(m, p)| p == path && m.to_lowercase() == *method) {
                problems.push(format!("{method} {path}: documented, not served"));
            }
        }
    }
    // Every reference resolves.
    let mut all = BTreeSet::new();
    refs(&doc, &mut all);
    for r in all {
        match r.strip_prefix("#/components/schemas/") {
            Some(name) if schemas.contains_key(name) => {}
            _ => problems.push(format!("unresolved reference {r}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The writes take the domain's types, and a 422 lists the refused fields.
    for (method, path, body) in [
        ("put", "/api/v1/kampung/{village}", "KampungRecord"),
        ("post", "/api/v1/kampung/{village}/profiles", "Profile"),
        ("put", "/api/v1/kampung/{village}/reports/{month}", "MonthlyReportForm"),
        ("post", "/api/v1/kampung/{village}/activities", "Activity"),
    ] {
        let op = &doc["paths"][path][method];
        let schema = &op["requestBody"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(schema, &format!("#/components/schemas/{body}"), "{method} {path}");
        assert_eq!(
            op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Invalid"
        );
        assert_eq!(op["security"][0]["bearer"], serde_json::json!([]), "{method} {path} takes a token");
    }
    let invalid = &schemas["InvalidDetail"]["properties"];
    assert!(invalid["problems"].is_object() && invalid["code"].is_object(), "{invalid}");
    assert!(schemas["Error"]["properties"]["error"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn the_router_answers_every_documented_method_and_the_docs_page_lists_them() {
    let t = common::sqlite(N);
    let served = kkb_web::api::registered().served;
    for (method, path) in &served {
        // Any value for the path parameters: the route is found (a 404 or 400 of the handler, never a 405).
        let uri = path.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
        let req = Request::builder()
            .method(method.as_str())
            .uri(&uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap();
        let r = Client::default().send(&t, req).await;
        assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
    }
    let page = Client::default().get(&t, "/api/docs").await;
    assert_eq!(page.status, StatusCode::OK);
    for (method, path) in &served {
        assert!(page.body.contains(&format!("{method} {path}")), "{method} {path} on /api/docs");
    }
}
