//! `/api/docs`: the API described in a page, from the OpenAPI document ([`super::document`]), so the two cannot
//! disagree: per resource, every operation with its summary and description, parameters, request body and answers.

use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, Ctx};
use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{Content, OpenApi, RefOr, Required};

/// A resource of the API and its operations.
pub struct Section {
    /// The resource (the operations' tag).
    pub name: String,
    /// What it is.
    pub description: String,
    /// Its operations, by path then method.
    pub endpoints: Vec<Endpoint>,
}

/// One operation as the page shows it.
pub struct Endpoint {
    /// `GET`, `PUT`, …
    pub method: &'static str,
    /// The full path (`/api/v1/regions/{code}`).
    pub path: String,
    /// Its summary.
    pub summary: String,
    /// Its description.
    pub description: String,
    /// Whether it needs a user (token or session).
    pub auth: bool,
    /// Its parameters.
    pub params: Vec<Param>,
    /// The schema of its request body, if it takes one.
    pub body: Option<String>,
    /// Its answers: status, description, schema.
    pub answers: Vec<(String, String, String)>,
}

/// A parameter.
pub struct Param {
    /// Its name.
    pub name: String,
    /// `path` or `query`.
    pub at: &'static str,
    /// Whether it must be given.
    pub required: bool,
    /// What it is.
    pub description: String,
}

/// Text on one line (descriptions come from doc comments, broken where the source was).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The name of a schema (`Error`), or its type for an inline one.
fn schema_name(content: Option<&Content>) -> String {
    match content.and_then(|c| c.schema.as_ref()) {
        Some(RefOr::Ref(r)) => r.ref_location.rsplit('/').next().unwrap_or_default().to_string(),
        Some(RefOr::T(_)) => "JSON".into(),
        None => String::new(),
    }
}

fn endpoint(method: &'static str, path: &str, op: &Operation) -> Endpoint {
    let params = op
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) => Some(Param {
                name: p.name.clone(),
                at: match p.parameter_in {
                    ParameterIn::Path => "path",
                    ParameterIn::Query => "query",
                    ParameterIn::Header => "header",
                    _ => "cookie",
                },
                required: matches!(p.required, Required::True),
                description: one_line(p.description.as_deref().unwrap_or_default()),
            }),
            RefOr::Ref(_) => None,
        })
        .collect();
    let body = op.request_body.as_ref().and_then(|b| match b {
        RefOr::T(b) => b.content.get("application/json").and_then(|c| match c {
            RefOr::T(c) => Some(schema_name(Some(c))),
            RefOr::Ref(_) => None,
        }),
        RefOr::Ref(_) => None,
    });
    let answers = op
        .responses
        .responses
        .iter()
        .filter_map(|(status, r)| match r {
            RefOr::T(r) => {
                let content = r.content.get("application/json").and_then(|c| match c {
                    RefOr::T(c) => Some(c),
                    RefOr::Ref(_) => None,
                });
                Some((status.clone(), one_line(&r.description), schema_name(content)))
            }
            RefOr::Ref(_) => None,
        })
        .collect();
    Endpoint {
        method,
        path: path.to_string(),
        summary: one_line(op.summary.as_deref().unwrap_or_default()),
        description: one_line(op.description.as_deref().unwrap_or_default()),
        auth: op.security.as_ref().is_some_and(|s| !s.is_empty()),
        params,
        body,
        answers,
    }
}

/// The document's operations by resource, in the order of its tags.
pub fn sections(doc: &OpenApi) -> Vec<Section> {
    let mut sections: Vec<Section> = doc
        .tags
        .iter()
        .flatten()
        .map(|t| Section {
            name: t.name.clone(),
            description: t.description.clone().unwrap_or_default(),
            endpoints: Vec::new(),
        })
        .collect();
    for (path, item) in &doc.paths.paths {
        let ops = [
            ("GET", &item.get),
            ("PUT", &item.put),
            ("POST", &item.post),
            ("DELETE", &item.delete),
            ("PATCH", &item.patch),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            let tag = op.tags.iter().flatten().next().cloned().unwrap_or_default();
            let at = match sections.iter().position(|s| s.name == tag) {
                Some(i) => i,
                None => {
                    sections.push(Section { name: tag, description: String::new(), endpoints: Vec::new() });
                    sections.len() - 1
                }
            };
            sections[at].endpoints.push(endpoint(method, path, op));
        }
    }
    sections.retain(|s| !s.endpoints.is_empty());
    sections
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    c: Layout,
    l: Lang,
    sections: Vec<Section>,
}

/// `/api/docs`: the API described in a page, from the OpenAPI document.
pub async fn docs(ctx: Ctx) -> Result<Response, AppError> {
    let sections = sections(super::document());
    Ok(Html(DocsPage { c: Layout::new(&ctx), l: ctx.lang, sections }.render()?).into_response())
}
