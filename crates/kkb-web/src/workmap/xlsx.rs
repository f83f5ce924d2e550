//! Downloads: the work map as a workbook for a workshop table (`/wilayah/{code}/peta-kerja.xlsx`: "Siapa
//! mengerjakan apa", one row per item; "Peta kerja", agencies × programme areas; "Desa", villages × areas with
//! their agencies), and a plan's items as CSV or XLSX (`/rencana/{id}/ekspor/kegiatan.csv|.xlsx`). Budgets and
//! targets stay numbers; each sheet has a title row, a frozen and filterable header and set column widths.

use super::page::{area_table, region_name};
use super::{
    AREAS, Names, PlanQuery, RegionPlans, Row, Villages, activity_label, area_label, flag_label, load, months,
    page_region, source_label, status_label, village_names,
};
use crate::export::{Cell, Table};
use crate::i18n::Lang;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kkb_domain::planning::Plan;
use kkb_domain::planning::analysis::convergence;
use kkb_domain::region::RegionCode;
use std::collections::{BTreeSet, HashMap};

/// The item columns: (CSV header, message key of the workbook header, width).
const ITEM_COLUMNS: [(&str, &str, f64); 18] = [
    ("rencana", "wm.plan", 26.0),
    ("bidang", "wm.col.area", 22.0),
    ("program", "wm.col.programme", 30.0),
    ("kegiatan_inpres", "wm.col.activity", 34.0),
    ("kegiatan", "wm.item", 34.0),
    ("penanggung_jawab", "wm.col.responsible", 22.0),
    ("pendukung", "wm.col.supporting", 26.0),
    ("desa_sasaran", "wm.col.villages", 34.0),
    ("bulan", "wm.months", 18.0),
    ("anggaran_rp", "wm.col.budget", 16.0),
    ("sumber_dana", "wm.col.source", 16.0),
    ("indikator", "wm.col.indicator", 30.0),
    ("target", "wm.col.target", 10.0),
    ("satuan", "wm.col.unit", 10.0),
    ("status", "wm.status", 14.0),
    ("tanda", "wm.col.flags", 18.0),
    ("variabel", "wm.col.variables", 14.0),
    ("id", "wm.col.id", 8.0),
];

/// One item as a table row.
fn item_cells(
    l: Lang,
    plan: &Plan,
    plan_region: &str,
    r: &Row,
    names: &Names,
    villages: &HashMap<RegionCode, String>,
) -> Vec<Cell> {
    let item = r.item();
    let (activity, programme) = activity_label(l, item.activity.as_deref());
    vec![
        Cell::Text(format!("{} · {plan_region}", plan.title)),
        Cell::Text(area_label(l, u8::from(item.area))),
        Cell::Text(programme),
        Cell::Text(if activity.is_empty() { l.t("wm.custom").to_string() } else { activity }),
        Cell::Text(item.title.clone()),
        Cell::Text(names.full(&item.responsible)),
        Cell::Text(item.supporting.iter().map(|s| names.full(s)).collect::<Vec<_>>().join("; ")),
        Cell::Text(village_names(l, item, plan_region, villages)),
        Cell::Text(months(item)),
        Cell::Int(item.budget),
        Cell::Text(source_label(l, item.budget_source).to_string()),
        Cell::Text(item.indicator.clone()),
        Cell::Num(Some(item.target)),
        Cell::Text(item.unit.clone()),
        Cell::Text(status_label(l, r.status()).to_string()),
        Cell::Text(r.flags.iter().map(|f| flag_label(l, *f)).collect::<Vec<_>>().join(", ")),
        Cell::Text(item.variables.iter().cloned().collect::<Vec<_>>().join(", ")),
        Cell::Int(r.stored.id),
    ]
}

/// The names of the villages the items target (from their plans' regions).
fn target_village_names(app: &AppState, rp: &RegionPlans) -> Result<HashMap<RegionCode, String>, AppError> {
    let regions: BTreeSet<RegionCode> =
        rp.rows.iter().filter(|r| !r.item().villages.is_empty()).map(|r| rp.plan_of(r).region).collect();
    let mut out = HashMap::new();
    for region in regions {
        out.extend(Villages::load(app, region, None)?.list);
    }
    Ok(out)
}

/// The items of the plans as a table: CSV headers, rows.
pub fn item_table(l: Lang, rp: &RegionPlans, villages: &HashMap<RegionCode, String>) -> Table {
    Table {
        title: format!("{} {} {}", l.t("wm.title"), rp.name, rp.year),
        headers: ITEM_COLUMNS.iter().map(|c| c.0.to_string()).collect(),
        rows: rp
            .rows
            .iter()
            .map(|r| {
                let plan = rp.plan_of(r);
                item_cells(l, plan, &region_name(rp, plan.region), r, &rp.names, villages)
            })
            .collect(),
    }
}

/// One sheet of a workbook.
struct Sheet<'a> {
    name: &'a str,
    title: String,
    subtitle: String,
    headers: Vec<String>,
    widths: Vec<f64>,
    rows: Vec<Vec<Cell>>,
    /// Columns frozen at the left.
    frozen: u16,
}

/// Writes sheets: a title row, a subtitle, the header (row 3, frozen, filterable, repeated on printed pages),
/// rupiah with thousands separators.
fn workbook(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let subtitle = Format::new().set_italic();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDE6F0));
    let money = Format::new().set_num_format("#,##0");
    let wrap = Format::new().set_text_wrap();
    const HEADER: u32 = 2;
    for s in sheets {
        let sheet = wb.add_worksheet();
        sheet.set_name(s.name).map_err(err)?;
        sheet.write_string_with_format(0, 0, &s.title, &title).map_err(err)?;
        sheet.write_string_with_format(1, 0, &s.subtitle, &subtitle).map_err(err)?;
        for (c, h) in s.headers.iter().enumerate() {
            let c = c as u16;
            sheet.write_string_with_format(HEADER, c, h, &head).map_err(err)?;
            sheet.set_column_width(c, s.widths.get(usize::from(c)).copied().unwrap_or(14.0)).map_err(err)?;
        }
        sheet.set_row_height(HEADER, 30).map_err(err)?;
        for (r, row) in s.rows.iter().enumerate() {
            let r = HEADER + 1 + r as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                let wide = s.widths.get(usize::from(c)).is_some_and(|w| *w >= 26.0);
                match cell {
                    Cell::Text(t) if t.is_empty() => Ok(()),
                    Cell::Text(t) if wide => sheet.write_string_with_format(r, c, t, &wrap).map(|_| ()),
                    Cell::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                    Cell::Int(n) => sheet.write_number_with_format(r, c, *n as f64, &money).map(|_| ()),
                    Cell::Num(Some(x)) => sheet.write_number(r, c, *x).map(|_| ()),
                    Cell::Num(None) => Ok(()),
                }
                .map_err(err)?;
            }
        }
        let last_col = s.headers.len().saturating_sub(1) as u16;
        sheet.set_freeze_panes(HEADER + 1, s.frozen).map_err(err)?;
        sheet.autofilter(HEADER, 0, HEADER + s.rows.len().max(1) as u32, last_col).map_err(err)?;
        sheet.set_landscape().set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(HEADER, HEADER).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

fn xlsx_response(body: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}.xlsx\"")),
        ],
        body,
    )
        .into_response()
}

/// The subtitle of every sheet: when it was made and from what.
fn subtitle(l: Lang, rp: &RegionPlans) -> String {
    format!("{} · {} {}", l.t("wm.xlsx_note"), l.t("wm.as_of"), l.date(rp.today))
}

/// `/wilayah/{code}/peta-kerja.xlsx?tahun=`: the work map as a workshop workbook.
pub async fn workmap(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = page_region(&code)?;
        let l = ctx.lang;
        let rp = load(app, code, q.year())?;
        let names = target_village_names(app, &rp)?;
        let items = item_table(l, &rp, &names);
        let title = |what: &str| format!("{what}: {} {}", rp.name, rp.year);
        let mut sheets = vec![Sheet {
            name: "Siapa mengerjakan apa",
            title: title(l.t("wm.who_what")),
            subtitle: subtitle(l, &rp),
            headers: ITEM_COLUMNS.iter().map(|c| l.t(c.1).to_string()).collect(),
            widths: ITEM_COLUMNS.iter().map(|c| c.2).collect(),
            rows: items.rows,
            frozen: 0,
        }];
        // Agencies × areas: items and budget each agency is responsible for.
        let table = area_table(l, &rp);
        let mut headers = vec![l.t("wm.agency").to_string()];
        for a in AREAS {
            let label = area_label(l, u8::from(a));
            headers.push(format!("{label}: {}", l.t("wm.items")));
            headers.push(format!("{label}: {}", l.t("wm.col.budget")));
        }
        headers.push(format!("{}: {}", l.t("wm.total"), l.t("wm.items")));
        headers.push(format!("{}: {}", l.t("wm.total"), l.t("wm.col.budget")));
        let mut rows: Vec<Vec<Cell>> = table
            .rows
            .iter()
            .map(|r| {
                let s = table.sums.get(&r.id).copied().unwrap_or_default();
                let mut row = vec![Cell::Text(r.full.clone())];
                for (n, b) in s {
                    row.push(Cell::Int(n as i64));
                    row.push(Cell::Int(b));
                }
                row.push(Cell::Int(s.iter().map(|x| x.0 as i64).sum()));
                row.push(Cell::Int(s.iter().map(|x| x.1).sum()));
                row
            })
            .collect();
        let mut total = vec![Cell::Text(l.t("wm.total").to_string())];
        for (n, b) in table.totals {
            total.push(Cell::Int(n as i64));
            total.push(Cell::Int(b));
        }
        total.push(Cell::Int(table.totals.iter().map(|x| x.0 as i64).sum()));
        total.push(Cell::Int(table.totals.iter().map(|x| x.1).sum()));
        rows.push(total);
        let mut widths = vec![40.0];
        widths.extend([12.0, 16.0].repeat(5));
        sheets.push(Sheet {
            name: "Peta kerja",
            title: title(l.t("wm.by_area")),
            subtitle: subtitle(l, &rp),
            headers,
            widths,
            rows,
            frozen: 1,
        });
        // Villages × areas with the agencies that reach them (region-wide items included).
        let villages = Villages::load(app, code, None)?;
        let codes: Vec<RegionCode> = villages.list.iter().map(|v| v.0).collect();
        let placed = rp.placed();
        let conv = convergence(&codes, &placed);
        let mut headers =
            vec![l.t("level.district").to_string(), l.t("wm.col.code").to_string(), l.t("level.village").to_string()];
        headers.extend(AREAS.iter().map(|a| area_label(l, u8::from(*a))));
        headers.push(l.t("conv.areas").to_string());
        headers.push(l.t("wm.items").to_string());
        let rows = conv
            .iter()
            .zip(&villages.list)
            .map(|(c, (v, name))| {
                let mut row = vec![
                    Cell::Text(villages.district_of(*v).to_string()),
                    Cell::Text(v.to_string()),
                    Cell::Text(name.clone()),
                ];
                row.extend(
                    c.areas
                        .iter()
                        .map(|s| Cell::Text(s.iter().map(|a| rp.names.label(a)).collect::<Vec<_>>().join(", "))),
                );
                row.push(Cell::Int(c.areas_covered() as i64));
                row.push(Cell::Int(c.items.len() as i64));
                row
            })
            .collect();
        sheets.push(Sheet {
            name: "Desa",
            title: title(l.t("conv.by_village")),
            subtitle: subtitle(l, &rp),
            headers,
            widths: vec![20.0, 15.0, 24.0, 30.0, 30.0, 30.0, 30.0, 10.0, 10.0],
            rows,
            frozen: 3,
        });
        Ok(xlsx_response(workbook(&sheets)?, &format!("peta-kerja-{code}-{}", rp.year)))
    })
    .await
}

/// A plan's items as [`RegionPlans`] of its own region (every item, with flags).
fn plan_items(app: &AppState, id: i64) -> Result<(RegionPlans, HashMap<RegionCode, String>), AppError> {
    let plan = app.store.plan(id)?.ok_or(AppError::NotFound)?;
    let mut rp = load(app, plan.region, Some(plan.year))?;
    let keep = rp.plans.iter().position(|p| p.id == id).ok_or(AppError::NotFound)?;
    rp.rows.retain(|r| r.plan == keep);
    let names = target_village_names(app, &rp)?;
    Ok((rp, names))
}

/// `/rencana/{id}/ekspor/kegiatan.csv`.
pub async fn items_csv(State(app): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (rp, names) = plan_items(app, id)?;
        item_table(ctx.lang, &rp, &names).respond("csv", &format!("rencana-{id}-kegiatan"))
    })
    .await
}

/// `/rencana/{id}/ekspor/kegiatan.xlsx`.
pub async fn items_xlsx(State(app): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let l = ctx.lang;
        let (rp, names) = plan_items(app, id)?;
        let plan = rp.plans.iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
        let sheet = Sheet {
            name: "Kegiatan",
            title: format!("{} · {}", plan.title, plan_status(l, plan)),
            subtitle: subtitle(l, &rp),
            headers: ITEM_COLUMNS.iter().map(|c| l.t(c.1).to_string()).collect(),
            widths: ITEM_COLUMNS.iter().map(|c| c.2).collect(),
            rows: item_table(l, &rp, &names).rows,
            frozen: 0,
        };
        Ok(xlsx_response(workbook(&[sheet])?, &format!("rencana-{id}-kegiatan")))
    })
    .await
}

fn plan_status(l: Lang, plan: &Plan) -> &'static str {
    super::plan_status_label(l, plan.status)
}
