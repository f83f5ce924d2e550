//! `GET /inpres`: the Inpres 3/2022 matrix as a page — programme areas, programmes, activities, the national
//! agencies responsible and the iBangga variables each activity moves — the catalogue the plan forms offer.

use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::planning::Matrix;

struct ActivityRow {
    id: String,
    name: String,
    responsible: Vec<(String, String)>,
    variables: Vec<String>,
    extension: bool,
}

struct ProgrammeRow {
    id: String,
    name: String,
    activities: Vec<ActivityRow>,
}

struct AreaRow {
    number: u8,
    name: String,
    programmes: Vec<ProgrammeRow>,
}

#[derive(Template)]
#[template(path = "inpres.html")]
struct InpresPage {
    c: Layout,
    l: Lang,
    name: String,
    source: String,
    areas: Vec<AreaRow>,
    /// National agencies: short name, name, the regional offices that carry their work.
    agencies: Vec<(String, String, String)>,
    any_extension: bool,
}

/// `GET /inpres`.
pub async fn page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let l = ctx.lang;
        let m = Matrix::inpres();
        let vars: Vec<(String, String)> = super::variables(app, l)?;
        let var_label = |id: &str| vars.iter().find(|(v, _)| v == id).map(|(_, n)| n.clone()).unwrap_or(id.to_string());
        let national = |id: &str| {
            m.agencies.iter().find(|g| g.id == id).map(|g| (g.short.clone(), g.name.clone())).unwrap_or_default()
        };
        let en = l == Lang::En;
        let areas = m
            .areas
            .iter()
            .map(|a| AreaRow {
                number: a.number,
                name: if en { a.name_en.clone() } else { a.name.clone() },
                programmes: a
                    .programmes
                    .iter()
                    .map(|p| ProgrammeRow {
                        id: p.id.clone(),
                        name: if en { p.name_en.clone() } else { p.name.clone() },
                        activities: p
                            .activities
                            .iter()
                            .map(|x| ActivityRow {
                                id: x.id.clone(),
                                name: if en { x.name_en.clone() } else { x.name.clone() },
                                responsible: x.responsible.iter().map(|r| national(r)).collect(),
                                variables: x.variables.iter().map(|v| var_label(v)).collect(),
                                extension: x.extension,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        let agencies = m
            .agencies
            .iter()
            .map(|g| {
                let offices: Vec<&str> = g
                    .kinds
                    .iter()
                    .filter_map(|k| m.regional_kinds.iter().find(|r| &r.kind == k).map(|r| r.name.as_str()))
                    .collect();
                (g.short.clone(), g.name.clone(), if offices.is_empty() { "—".into() } else { offices.join("; ") })
            })
            .collect();
        let page = InpresPage {
            c: Layout::new(&ctx),
            l,
            name: m.name.clone(),
            source: m.source.clone(),
            areas,
            agencies,
            any_extension: m.activities().any(|(_, _, x)| x.extension),
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}
