//! Convergence, gaps and effect, `/wilayah/{code}/konvergensi?tahun=`: per village, which of the four programme
//! areas the plans reach and through which agencies; the villages whose weakest iBangga variables no item
//! targets, with who is responsible per the Inpres matrix; and, once two PK rounds exist, the change of each
//! targeted variable in the villages an item targeted against the other villages of its plan's region.
//!
//! The gaps use the latest PK round (or `putaran=`); the effect compares that round with the one before it.
//! Public: a gap needs five families, and a pooled percent over fewer than five families is hidden from readers
//! outside the villages' scope.

use super::page::{PlanLink, crumbs, plan_links, year_links};
use super::{PlanQuery, RegionPlans, Villages, area_label, load, page_region};
use crate::i18n::Lang;
use crate::layout::{Crumb, Layout};
use crate::view::{self, visible};
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::figures::Figures;
use kkb_domain::planning::analysis::{Convergence, Effect, Gap, convergence, effect, gaps};
use kkb_domain::planning::{ItemStatus, Matrix};
use kkb_domain::region::{Level, RegionCode};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How many of a village's weakest variables are checked for gaps.
pub const WEAKEST: usize = 3;

/// Villages per page of the village table.
pub const PAGE: usize = 150;

/// The effect of one item: the rounds compared and the change per targeted variable.
pub struct ItemEffect {
    /// Index of the item in [`RegionPlans::rows`].
    pub row: usize,
    /// Per targeted variable, with the families its pooled percents rest on: (targeted before, targeted after,
    /// others before, others after).
    pub effects: Vec<(Effect, [i64; 4])>,
}

/// Everything the convergence page and its API show, the same for every reader.
pub struct Analysis {
    /// The plans and items.
    pub rp: RegionPlans,
    /// The villages of the region, with figures of the gaps' round.
    pub villages: Villages,
    /// Per village, in the order of `villages.list`.
    pub convergence: Vec<Convergence>,
    /// The gaps, villages in code order, weakest variable first.
    pub gaps: Vec<Gap>,
    /// The rounds the effect compares, (before, after).
    pub effect_rounds: Option<(u16, u16)>,
    /// Items with target villages and variables, and their effect.
    pub effects: Vec<ItemEffect>,
    /// Variable names of the methodology (id → name).
    pub variable_names: HashMap<String, String>,
}

impl Analysis {
    /// The responsible national agencies of a gap with the regency's offices of the same kinds (ids that exist).
    pub fn offices(&self, gap: &Gap) -> Vec<String> {
        let Some(regency) = gap.village.ancestor_at(Level::Regency) else { return Vec::new() };
        let m = Matrix::inpres();
        let mut out: Vec<String> = Vec::new();
        for national in &gap.responsible {
            for kind in m.kinds_of(national) {
                let id = format!("{kind}:{regency}");
                if self.rp.names.agencies.contains_key(&id) && !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    /// A variable's name in the reader's language.
    pub fn variable_label(&self, l: Lang, id: &str) -> String {
        view::variable_label(l, id, self.variable_names.get(id).map(String::as_str).unwrap_or(id))
    }
}

/// The analysis of a province, kabupaten/kota or kecamatan for a plan year, with village figures of `round`
/// (latest when `None`).
pub fn analysis(app: &AppState, code: RegionCode, year: Option<i32>, round: Option<u16>) -> Result<Analysis, AppError> {
    let rp = load(app, code, year)?;
    let villages = Villages::load(app, code, round)?;
    let placed = rp.placed();
    let codes: Vec<RegionCode> = villages.list.iter().map(|v| v.0).collect();
    let conv = convergence(&codes, &placed);
    let gap_list = gaps(Matrix::inpres(), &villages.figures, &placed, WEAKEST);
    let mut variable_names = HashMap::new();
    if let Some(r) = villages.round {
        let round = app.store.round(Some(r))?;
        for v in &app.store.methodology(&round.methodology_id)?.definition().variables {
            variable_names.insert(v.id.clone(), v.name.clone());
        }
    }
    // The effect: the gaps' round against the round before it.
    let rounds = app.store.rounds()?;
    let effect_rounds = villages.round.and_then(|after| {
        let published = rounds.iter().filter(|r| r.published.is_some()).map(|r| r.year);
        published.filter(|y| *y < after).max().map(|before| (before, after))
    });
    let mut effects = Vec::new();
    if let Some((before, after)) = effect_rounds {
        let mut by_region: BTreeMap<RegionCode, (Vec<Figures>, Vec<Figures>)> = BTreeMap::new();
        for (i, r) in rp.rows.iter().enumerate() {
            let item = r.item();
            if item.villages.is_empty() || item.variables.is_empty() || item.status == ItemStatus::Cancelled {
                continue;
            }
            let region = rp.plan_of(r).region;
            if let std::collections::btree_map::Entry::Vacant(e) = by_region.entry(region) {
                e.insert((
                    app.store.descendant_figures(region, Level::Village, Some(before))?,
                    app.store.descendant_figures(region, Level::Village, Some(after))?,
                ));
            }
            let (b, a) = &by_region[&region];
            let p = placed[i];
            let list = effect(&p, b, a)
                .into_iter()
                .map(|e| {
                    let n = [
                        applicable(b, &e.variable, |v| item.villages.contains(&v)),
                        applicable(a, &e.variable, |v| item.villages.contains(&v)),
                        applicable(b, &e.variable, |v| !item.villages.contains(&v)),
                        applicable(a, &e.variable, |v| !item.villages.contains(&v)),
                    ];
                    (e, n)
                })
                .collect();
            effects.push(ItemEffect { row: i, effects: list });
        }
    }
    Ok(Analysis { rp, villages, convergence: conv, gaps: gap_list, effect_rounds, effects, variable_names })
}

/// Families a variable applies to, summed over the villages that pass `keep`.
fn applicable(figures: &[Figures], variable: &str, keep: impl Fn(RegionCode) -> bool) -> i64 {
    figures
        .iter()
        .filter(|f| keep(f.region.code))
        .filter_map(|f| f.variables.iter().find(|x| x.id == variable))
        .map(|x| x.applicable)
        .sum()
}

/// A pooled percent as a reader may see it.
fn shown(l: Lang, p: Option<f64>, families: i64, exact: bool) -> String {
    if visible(families, exact) { l.fig(p) } else { "—".into() }
}

/// A village row of the page.
pub struct ConvRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The kecamatan heading, on the first village of each kecamatan.
    pub district: Option<String>,
    /// Per area: the agencies' labels, joined.
    pub areas: Vec<String>,
    /// Areas covered, 0..=4.
    pub covered: usize,
    /// Items reaching it.
    pub items: usize,
    /// Its gaps.
    pub gaps: usize,
}

/// A gap as a reader sees it.
pub struct GapRow {
    /// Village code.
    pub village: String,
    /// Village name.
    pub name: String,
    /// Kecamatan name.
    pub district: String,
    /// Variable id.
    pub variable: String,
    /// Its name.
    pub label: String,
    /// Percent met, as shown.
    pub percent: String,
    /// Families it applies to, as shown.
    pub applicable: String,
    /// Rank among the village's variables, weakest = 1.
    pub rank: usize,
    /// Responsible national agencies: (id, label, full name).
    pub responsible: Vec<(String, String, String)>,
    /// The regency's offices of those agencies: (id, label, full name).
    pub offices: Vec<(String, String, String)>,
    /// Matrix activities that address it: (id, name).
    pub activities: Vec<(String, String)>,
    /// New-item forms this reader may open: (href, label).
    pub links: Vec<(String, String)>,
}

/// The gaps of `a` for a reader (`shown` says whether the reader may see a village's figures of a variable;
/// `may_add` whether the reader may add an item for an agency to a plan).
pub fn gap_rows(
    l: Lang,
    a: &Analysis,
    gaps: &[&Gap],
    shown: &dyn Fn(RegionCode, &str) -> bool,
    may_add: &dyn Fn(&kkb_domain::planning::Plan, &[String]) -> bool,
) -> Vec<GapRow> {
    let m = Matrix::inpres();
    let names: HashMap<RegionCode, &str> = a.villages.list.iter().map(|(c, n)| (*c, n.as_str())).collect();
    gaps.iter()
        .map(|g| {
            let offices = a.offices(g);
            let label = |id: &String| (id.clone(), a.rp.names.label(id), a.rp.names.full(id));
            let mut links = Vec::new();
            for plan in a.rp.plans.iter().filter(|p| g.village.is_within(p.region)) {
                let mut who: Vec<String> = g.responsible.clone();
                who.extend(
                    g.responsible.iter().flat_map(|n| m.kinds_of(n).iter().map(|k| format!("{k}:{}", plan.region))),
                );
                if may_add(plan, &who) {
                    let mut text = format!("{} {}", l.t("conv.add_item"), plan.title);
                    if plan.status != kkb_domain::planning::PlanStatus::Draft {
                        text = format!("{text} ({})", super::plan_status_label(l, plan.status));
                    }
                    links.push((
                        format!("/rencana/{}/kegiatan/baru?desa={}&variabel={}", plan.id, g.village, g.variable),
                        text,
                    ));
                }
            }
            let show = shown(g.village, &g.variable);
            GapRow {
                village: g.village.to_string(),
                name: names.get(&g.village).map(|s| s.to_string()).unwrap_or_else(|| g.village_name.clone()),
                district: a.villages.district_of(g.village).to_string(),
                variable: g.variable.clone(),
                label: a.variable_label(l, &g.variable),
                percent: if show { l.fig(Some(g.percent)) } else { "—".into() },
                applicable: if show { l.count(g.applicable) } else { "—".into() },
                rank: g.rank,
                responsible: g.responsible.iter().map(label).collect(),
                offices: offices.iter().map(label).collect(),
                activities: g.activities.iter().map(|id| (id.clone(), super::activity_label(l, Some(id)).0)).collect(),
                links,
            }
        })
        .collect()
}

/// An effect row of the page.
pub struct EffectRow {
    /// The item's title.
    pub title: String,
    /// Its plan page.
    pub href: String,
    /// Its months.
    pub months: String,
    /// The variable.
    pub variable: String,
    /// Targeted / other villages.
    pub villages: String,
    /// Targeted villages before → after.
    pub targeted: String,
    /// Other villages before → after.
    pub others: String,
    /// The difference in percentage points.
    pub difference: String,
    /// The later round was collected before the item ended.
    pub early: bool,
}

/// The effect rows for a reader.
pub fn effect_rows(l: Lang, a: &Analysis, exact: &dyn Fn(RegionCode) -> bool) -> Vec<EffectRow> {
    let Some((_, after)) = a.effect_rounds else { return Vec::new() };
    let mut out = Vec::new();
    for ie in &a.effects {
        let r = &a.rp.rows[ie.row];
        let item = r.item();
        let plan = a.rp.plan_of(r);
        let targeted_exact = item.villages.iter().all(|v| exact(*v));
        let others_exact = exact(plan.region);
        for (e, n) in &ie.effects {
            let t = (shown(l, e.targeted.0, n[0], targeted_exact), shown(l, e.targeted.1, n[1], targeted_exact));
            let o = (shown(l, e.others.0, n[2], others_exact), shown(l, e.others.1, n[3], others_exact));
            let hidden = !visible(n[0], targeted_exact) || !visible(n[1], targeted_exact);
            out.push(EffectRow {
                title: item.title.clone(),
                href: format!("/rencana/{}#item-{}", plan.id, r.stored.id),
                months: super::month_words(l, item),
                variable: format!("{} · {}", e.variable, a.variable_label(l, &e.variable)),
                villages: format!("{} / {}", e.targeted_villages, e.other_villages),
                targeted: format!("{} → {}", t.0, t.1),
                others: format!("{} → {}", o.0, o.1),
                difference: match e.difference {
                    Some(d) if !hidden => l.delta(d),
                    _ => "—".into(),
                },
                early: i32::from(after) < item.end.year(),
            });
        }
    }
    out
}

#[derive(Template)]
#[template(path = "convergence.html")]
struct ConvergencePage {
    c: Layout,
    l: Lang,
    code: String,
    name: String,
    crumbs: Vec<Crumb>,
    year: i32,
    years: Vec<(i32, String, bool)>,
    round: Option<u16>,
    plans: Vec<PlanLink>,
    areas: Vec<String>,
    villages: usize,
    by_covered: Vec<(usize, usize)>,
    rows: Vec<ConvRow>,
    pages: Vec<(usize, String, bool)>,
    gap_total: usize,
    gaps: Vec<GapRow>,
    effect_rounds: Option<(u16, u16)>,
    effects: Vec<EffectRow>,
}

/// `/wilayah/{code}/konvergensi?tahun=&hal=&putaran=`.
pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = page_region(&code)?;
        let a = analysis(app, code, q.year(), q.putaran)?;
        let l = ctx.lang;
        let who = &ctx.who;
        let pages = a.villages.list.len().div_ceil(PAGE).max(1);
        let current = q.hal.unwrap_or(1).clamp(1, pages);
        let slice = (current - 1) * PAGE..(current * PAGE).min(a.villages.list.len());
        let on_page: BTreeSet<RegionCode> = a.villages.list[slice.clone()].iter().map(|v| v.0).collect();
        let mut gaps_per_village: HashMap<RegionCode, usize> = HashMap::new();
        for g in &a.gaps {
            *gaps_per_village.entry(g.village).or_default() += 1;
        }
        let mut rows = Vec::new();
        let mut last = None;
        for (c, (_, name)) in a.convergence[slice.clone()].iter().zip(&a.villages.list[slice]) {
            let d = c.village.parent();
            let district = (d != last).then(|| a.villages.district_of(c.village).to_string());
            last = d;
            rows.push(ConvRow {
                code: c.village.to_string(),
                name: name.clone(),
                district,
                areas: c
                    .areas
                    .iter()
                    .map(|s| s.iter().map(|id| a.rp.names.label(id)).collect::<Vec<_>>().join(", "))
                    .collect(),
                covered: c.areas_covered(),
                items: c.items.len(),
                gaps: gaps_per_village.get(&c.village).copied().unwrap_or(0),
            });
        }
        let mut by_covered = vec![0usize; 5];
        for c in &a.convergence {
            by_covered[c.areas_covered()] += 1;
        }
        let page_gaps: Vec<&Gap> = a.gaps.iter().filter(|g| on_page.contains(&g.village)).collect();
        let exact = |v: RegionCode| who.sees_exact(v);
        let (disclosure, ids) = crate::suppression::of_villages(app, who, code, a.villages.round, &a.villages.figures)?;
        let shown = |v: RegionCode, var: &str| crate::suppression::variable_shown(&disclosure, &ids, v, var);
        let may_add = |plan: &kkb_domain::planning::Plan, agencies: &[String]| {
            who.coordinates(plan.region) || agencies.iter().any(|ag| who.acts_for(ag, plan.region))
        };
        let gaps = gap_rows(l, &a, &page_gaps, &shown, &may_add);
        let effects = effect_rows(l, &a, &exact);
        let round_q = q.putaran.map(|r| format!("&putaran={r}")).unwrap_or_default();
        let page = ConvergencePage {
            c: Layout::new(&ctx),
            l,
            code: code.to_string(),
            name: a.rp.name.clone(),
            crumbs: crumbs(app, code)?,
            year: a.rp.year,
            years: year_links(&a.rp, "konvergensi"),
            round: a.villages.round,
            plans: plan_links(l, &a.rp),
            areas: super::AREAS.iter().map(|x| area_label(l, u8::from(*x))).collect(),
            villages: a.villages.list.len(),
            by_covered: by_covered.into_iter().enumerate().collect(),
            rows,
            pages: (1..=pages)
                .map(|p| {
                    (p, format!("/wilayah/{code}/konvergensi?tahun={}&hal={p}{round_q}#desa", a.rp.year), p == current)
                })
                .collect(),
            gap_total: a.gaps.len(),
            gaps,
            effect_rounds: a.effect_rounds,
            effects,
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}
