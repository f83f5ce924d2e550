//! Every table of the region pages as CSV/XLSX: sub-regions, variables and the village ranking.

use super::ranking::{measures, ranked};
use crate::export::{Cell, Table};
use crate::view;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use kkb_domain::methodology::Category;
use serde::Deserialize;

/// Query of an export.
#[derive(Debug, Deserialize, Default)]
pub struct ExportQuery {
    /// The round.
    pub year: Option<u16>,
    /// For rankings: the measure.
    pub by: Option<String>,
}

/// `/wilayah/{code}/ekspor/{table}.{csv|xlsx}`: `wilayah` (sub-regions), `variabel` (variables) or `peringkat`
/// (villages ranked by `by`). Readers outside the region get the same suppression as on the page.
pub async fn export(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((code, file)): Path<(String, String)>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = view::region_code(&code)?;
        app.store.region(code)?.ok_or(AppError::NotFound)?;
        let (table, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
        let l = ctx.lang;
        let num = |hidden: bool, v: Option<f64>| if hidden { Cell::Num(None) } else { Cell::Num(v) };
        let t = match table {
            "wilayah" => {
                let f = app.store.region_figures(code, q.year, true)?;
                let d = crate::suppression::disclosure(app, &ctx.who, code, Some(f.year))?;
                let m = app.store.methodology(&f.methodology)?;
                let dims: Vec<String> = m.definition().dimensions.iter().map(|d| d.id.clone()).collect();
                let mut headers: Vec<String> =
                    vec!["kode".into(), "nama".into(), "keluarga".into(), "keluarga_terskor".into(), "ibangga".into()];
                headers.extend(dims.iter().cloned());
                headers.extend(["rentan_persen".into(), "berkembang_persen".into(), "tangguh_persen".into()]);
                let rows = f
                    .children
                    .unwrap_or_default()
                    .iter()
                    .map(|c| {
                        let h = d.of(c.region.code);
                        let mut r = vec![
                            Cell::Text(c.region.code.to_string()),
                            Cell::Text(c.region.name.clone()),
                            if h.all() { Cell::Num(None) } else { Cell::Int(c.families) },
                            if h.scored() { Cell::Num(None) } else { Cell::Int(c.scored_families) },
                            num(h.scored(), c.ibangga),
                        ];
                        r.extend(dims.iter().map(|dim| num(h.scored(), view::dimension(c, dim))));
                        r.extend(Category::ALL.iter().map(|k| num(h.scored(), view::category(c, *k).1)));
                        r
                    })
                    .collect();
                Table { title: format!("{} {}", f.region.name, f.year), headers, rows }
            }
            "variabel" => {
                let f = app.store.region_figures(code, q.year, false)?;
                let h = crate::suppression::disclosure(app, &ctx.who, code, Some(f.year))?.of(code);
                let m = app.store.methodology(&f.methodology)?;
                let headers =
                    ["variabel", "nama", "dimensi", "berlaku", "terpenuhi", "persen"].map(String::from).to_vec();
                let rows = f
                    .variables
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let name = m
                            .definition()
                            .variables
                            .iter()
                            .find(|d| d.id == v.id)
                            .map(|d| d.name.clone())
                            .unwrap_or_default();
                        let hidden = h.variable(i);
                        vec![
                            Cell::Text(v.id.clone()),
                            Cell::Text(view::variable_label(l, &v.id, &name)),
                            Cell::Text(v.dimension.clone()),
                            if hidden { Cell::Num(None) } else { Cell::Int(v.applicable) },
                            if hidden { Cell::Num(None) } else { Cell::Int(v.met) },
                            num(hidden, v.percent),
                        ]
                    })
                    .collect();
                Table { title: format!("{} {}", f.region.name, f.year), headers, rows }
            }
            "peringkat" => {
                let by = q.by.unwrap_or_else(|| "ibangga".into());
                if !measures(app, l)?.iter().any(|o| o.0 == by) {
                    return Err(AppError::BadRequest(format!("unknown measure {by:?}")));
                }
                let (year, rows) = ranked(app, &ctx.who, code, q.year, &by)?;
                let headers =
                    ["peringkat", "kode", "desa_kelurahan", "nilai", "keluarga_dasar"].map(String::from).to_vec();
                let rows = rows
                    .iter()
                    .filter(|r| r.2 >= view::MIN_FAMILIES)
                    .enumerate()
                    .map(|(i, (f, v, base))| {
                        vec![
                            Cell::Int(i as i64 + 1),
                            Cell::Text(f.region.code.to_string()),
                            Cell::Text(f.region.name.clone()),
                            Cell::Num(*v),
                            Cell::Int(*base),
                        ]
                    })
                    .collect();
                Table { title: format!("{by} {year}"), headers, rows }
            }
            _ => return Err(AppError::NotFound),
        };
        t.respond(ext, &format!("{table}-{code}"))
    })
    .await
}
