//! Late, stalled and not-started items where people look: a "Rencana aksi" card on every region dashboard (the
//! plans of the latest year concerning the region, with their flag counts; the dashboard body is shared by all
//! readers and cached per data version, which every plan write changes), and `/rencana/saya`, the items of the
//! user's agency and the flagged items of the plans the user coordinates.

use super::{Names, flag_css, flag_id, flag_label, load, month_words, plan_status_label, rupiah, status_label};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::date::today_utc;
use kkb_domain::planning::{Flag, ItemStatus, flags};
use kkb_domain::region::{Level, RegionCode};

/// A plan on the dashboard card.
pub struct CardPlan {
    /// Its page.
    pub href: String,
    /// Title.
    pub title: String,
    /// Status in words.
    pub status: &'static str,
    /// Items counting in the region.
    pub items: usize,
    /// Late, stalled and not-started items.
    pub late: usize,
    /// Stalled.
    pub stalled: usize,
    /// Not started.
    pub not_started: usize,
}

/// The "Rencana aksi" card of a region dashboard.
pub struct PlanCard {
    /// The plan year.
    pub year: i32,
    /// The plans of that year concerning the region.
    pub plans: Vec<CardPlan>,
    /// Totals over the plans: late, stalled, not started.
    pub late: usize,
    /// Stalled.
    pub stalled: usize,
    /// Not started.
    pub not_started: usize,
    /// The work map of the region (a village's kecamatan).
    pub workmap: String,
    /// Its convergence and gaps.
    pub convergence: String,
}

/// The card, or `None` when no plan concerns the region in any year.
pub fn plan_card(app: &AppState, l: Lang, code: RegionCode) -> Result<Option<PlanCard>, AppError> {
    // Most regions have no plan yet: ask for the years before loading names.
    if super::plan_years(app, code)?.is_empty() {
        return Ok(None);
    }
    let rp = load(app, code, None)?;
    let plans = rp
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (late, stalled, not_started) = rp.flag_counts(Some(p.id));
            CardPlan {
                href: format!("/rencana/{}", p.id),
                title: p.title.clone(),
                status: plan_status_label(l, p.status),
                items: rp.rows.iter().filter(|r| r.plan == i).count(),
                late,
                stalled,
                not_started,
            }
        })
        .collect();
    let (late, stalled, not_started) = rp.flag_counts(None);
    let at = if code.level() == Level::Village { code.parent().unwrap_or(code) } else { code };
    Ok(Some(PlanCard {
        year: rp.year,
        plans,
        late,
        stalled,
        not_started,
        workmap: format!("/wilayah/{at}/peta-kerja?tahun={}", rp.year),
        convergence: format!("/wilayah/{at}/konvergensi?tahun={}", rp.year),
    }))
}

/// An item on `/rencana/saya`.
pub struct MyItem {
    /// Its plan's page.
    pub plan_href: String,
    /// The plan's title and year.
    pub plan: String,
    /// The item's anchor on the plan page.
    pub href: String,
    /// Title.
    pub title: String,
    /// Responsible agency.
    pub responsible: String,
    /// The reader's agency supports it.
    pub support: bool,
    /// Months.
    pub months: String,
    /// Budget.
    pub budget: String,
    /// Status in words.
    pub status: &'static str,
    /// Latest report: date and percent.
    pub latest: String,
    /// Flags: (id, label, CSS class).
    pub flags: Vec<(&'static str, &'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "my_items.html")]
struct MyPage {
    c: Layout,
    l: Lang,
    agency: Option<String>,
    mine: Vec<MyItem>,
    coordinated: Vec<MyItem>,
    coordinates: bool,
}

/// `/rencana/saya`: the items of the user's agency (flagged first) and the flagged items of the plans the user
/// coordinates.
pub async fn mine(State(app): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        ctx.require_user()?;
        let l = ctx.lang;
        let who = &ctx.who;
        let agency = who.agency().map(str::to_string);
        let today = today_utc();
        let page_region = agency
            .as_deref()
            .and_then(kkb_domain::planning::agency_region)
            .or(who.scope)
            .map(Ok)
            .unwrap_or_else(|| RegionCode::parse("17").map_err(|e| AppError::Internal(e.to_string())))?;
        let names = Names::load(app, page_region)?;
        let (mut mine, mut coordinated) = (Vec::new(), Vec::new());
        let mut coordinates = false;
        for plan in app.store.plans(None, None)?.iter().rev() {
            let coordinator = who.coordinates(plan.region);
            coordinates |= coordinator;
            let latest = app.store.latest_progress(plan.id)?;
            for stored in app.store.items(plan.id)? {
                let item = &stored.item;
                let ours = agency.as_deref().is_some_and(|a| item.responsible == a || item.supporting.contains(a));
                if !ours && !coordinator {
                    continue;
                }
                let last = latest.get(&stored.id);
                let f: Vec<Flag> = flags(item, last.map(|p| &p.progress), today);
                if !ours && f.is_empty() {
                    continue;
                }
                let row = MyItem {
                    plan_href: format!("/rencana/{}", plan.id),
                    plan: if plan.title.contains(&plan.year.to_string()) {
                        plan.title.clone()
                    } else {
                        format!("{} ({})", plan.title, plan.year)
                    },
                    href: format!("/rencana/{}#item-{}", plan.id, stored.id),
                    title: item.title.clone(),
                    responsible: names.label(&item.responsible),
                    support: agency.as_deref().is_some_and(|a| item.responsible != a),
                    months: month_words(l, item),
                    budget: rupiah(l, item.budget),
                    status: status_label(l, last.map(|p| p.progress.status).unwrap_or(item.status)),
                    latest: last
                        .map(|p| format!("{} · {}%", l.date(p.progress.date), p.progress.percent))
                        .unwrap_or_default(),
                    flags: f.iter().map(|x| (flag_id(*x), flag_label(l, *x), flag_css(*x))).collect(),
                };
                let closed = matches!(item.status, ItemStatus::Done | ItemStatus::Cancelled);
                if ours {
                    mine.push((f.is_empty(), closed, row));
                } else {
                    coordinated.push(row);
                }
            }
        }
        // Flagged first, then open, then closed; otherwise newest plan first as read.
        mine.sort_by_key(|(unflagged, closed, _)| (*unflagged, *closed));
        let page = MyPage {
            c: Layout::new(&ctx),
            l,
            agency: agency.as_deref().map(|a| names.full(a)),
            mine: mine.into_iter().map(|x| x.2).collect(),
            coordinated,
            coordinates,
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}
