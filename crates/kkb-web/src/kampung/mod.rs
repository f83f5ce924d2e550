//! A Kampung KB's page: its record, its class computed live from the active profile, the latest monthly report,
//! the population (PK round or a dated manual entry) and its activities (docs/classification.md), what
//! would reach the next class, the profile in force in any month, its reports with their verification, its
//! activities, documents and class history; and the forms that change them ([`forms`]). Public: the registry
//! holds no personal data. The page and the JSON API ([`api`]) read a Kampung through the same [`view::read`].
//!
//! Where kampungkb scores the cross-sector agencies differently from the national portal (the portal counts BKKBN
//! and OPD-KB, and all agencies typed in by name as one), the page says so in one sentence, so that officials
//! comparing the two know which to believe and why.

pub mod api;
pub mod forms;
pub mod labels;
pub mod view;

use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view::region_code;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::classification::PortalAgencies;
use kkb_domain::date::Date;
use kkb_domain::kampung::{Profile, YearMonth};
use kkb_domain::region::Level;
use labels::{inpres_label, label};
use serde::Deserialize;
use view::PopulationSourceView;

/// One indicator as shown.
pub struct IndicatorRow {
    /// The indicator's name (from its id, in the catalogue).
    pub name: String,
    /// Its score.
    pub score: u8,
    /// Its highest possible score.
    pub max: u8,
}

/// One monthly report row.
pub struct ReportRow {
    /// YYYY-MM, for links and forms.
    pub month: String,
    /// The month in words (`November 2026`).
    pub month_label: String,
    /// PUS.
    pub pus: String,
    /// Users of any method.
    pub users: String,
    /// CPR as shown.
    pub cpr: String,
    /// Who verified it and when, as shown.
    pub verified: Option<String>,
}

/// One activity row.
pub struct ActivityRow {
    /// Date as shown.
    pub date: String,
    /// Description and place.
    pub what: String,
    /// Family function.
    pub function: String,
    /// Inpres programme area.
    pub area: String,
    /// Agencies.
    pub agencies: String,
}

#[derive(Template)]
#[template(path = "kampung.html")]
struct KampungPage {
    c: Layout,
    l: Lang,
    flash: Option<&'static str>,
    village: String,
    village_name: String,
    regency: String,
    name: String,
    launched: String,
    decree: String,
    rws: String,
    description: String,
    criteria: Vec<String>,
    model: Vec<String>,
    active: bool,
    class: String,
    class_id: String,
    indices: Vec<(String, String, bool)>,
    indicators: Vec<IndicatorRow>,
    next_class: Option<String>,
    needs: Vec<String>,
    rules: String,
    portal_agencies: Option<String>,
    reports: Vec<ReportRow>,
    activities: Vec<ActivityRow>,
    history: Vec<(String, String, Option<String>)>,
    population: Vec<(String, String)>,
    population_source: String,
    profile_month: String,
    profile_title: String,
    profile: Vec<(String, String)>,
    profile_versions: Vec<String>,
    documents: Vec<(i64, String, String, String)>,
    may_edit: bool,
    may_verify: bool,
}

/// `?profil=YYYY-MM` (the profile in force at the end of that month) and `?ok=` (what was just saved).
#[derive(Deserialize)]
pub struct ShowQuery {
    profil: Option<String>,
    ok: Option<String>,
}

fn yes(l: Lang, b: bool) -> String {
    (if b { l.t("yes") } else { l.t("no") }).to_string()
}

fn joined<T: Copy>(l: Lang, items: impl IntoIterator<Item = T>, id: fn(T) -> &'static str) -> String {
    let v: Vec<String> = items.into_iter().map(|x| label(l, id(x))).collect();
    if v.is_empty() { "—".into() } else { v.join(", ") }
}

/// The profile as label/value rows.
fn profile_rows(l: Lang, p: &Profile) -> Vec<(String, String)> {
    use kkb_domain::kampung::*;
    let pokja = if p.pokja.exists {
        format!(
            "{}; SK: {}; {}: {}; {}: {}",
            l.t("yes"),
            yes(l, p.pokja.decree),
            l.t("kf.pokja_members"),
            p.pokja.members,
            l.t("kf.pokja_trained"),
            yes(l, p.pokja.trained)
        )
    } else {
        l.t("no").to_string()
    };
    let ops: Vec<String> =
        p.operations.iter().map(|(o, f)| format!("{} ({})", label(l, o.id()), label(l, f.id()))).collect();
    vec![
        (l.t("kf.valid_from").into(), l.date(p.valid_from)),
        ("Pokja".into(), pokja),
        (l.t("kf.pokja_sections").into(), joined(l, p.pokja_sections.iter().copied(), FamilyFunction::id)),
        (l.t("kf.pkb_assigned").into(), yes(l, p.pkb_assigned)),
        (l.t("kf.regulation").into(), yes(l, p.regulation)),
        (l.t("kf.rkm").into(), yes(l, p.rkm)),
        (l.t("kf.funding_sources").into(), joined(l, p.funding_sources.iter().copied(), FundingSource::id)),
        (l.t("kf.programs").into(), joined(l, p.programs.iter().copied(), Program::id)),
        (l.t("kf.facilities").into(), joined(l, p.facilities.iter().copied(), Facility::id)),
        (l.t("kf.data_sources").into(), joined(l, p.data_sources.iter().copied(), DataSource::id)),
        (l.t("kf.operations").into(), if ops.is_empty() { "—".into() } else { ops.join(", ") }),
    ]
}

/// The sentence saying how the national portal would score the cross-sector agencies, and why.
fn portal_sentence(l: Lang, p: &PortalAgencies) -> String {
    let t = &p.tally;
    let mut why = Vec::new();
    if !t.home.is_empty() {
        let names: Vec<&str> = t.home.iter().map(|h| if *h == "bkkbn" { "BKKBN" } else { "OPD KB" }).collect();
        why.push(l.tf("kampung.portal_home", &[("names", &names.join(l.t("kampung.portal_and")))]));
    }
    if t.typed > 1 {
        why.push(l.tf("kampung.portal_typed", &[("n", &t.typed.to_string())]));
    }
    let class = if p.class == p.portal_class {
        String::new()
    } else {
        l.tf("kampung.portal_class", &[("class", &label(l, p.portal_class.as_str()))])
    };
    l.tf(
        "kampung.portal_agencies",
        &[
            ("ours", &t.counted.to_string()),
            ("score", &p.score.to_string()),
            ("portal", &t.portal().to_string()),
            ("portal_score", &p.portal_score.to_string()),
            ("class", &class),
            ("why", &why.join(l.t("kampung.portal_and"))),
        ],
    )
}

/// A class change as shown: date, class, and why when the data did not change (a new classification rule).
fn history_row(l: Lang, h: &view::ClassChangeView) -> (String, String, Option<String>) {
    let reason = h.rules.as_deref().map(|rules| l.tf("kampung.history_rules", &[("rules", rules)]));
    (l.date(h.date), label(l, &h.class), reason)
}

/// `/kampung`: the registry of the reader's region, or of the province with Kampung KB for the public.
pub async fn registry_home(State(app): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = match ctx.who.home() {
            Some(c) => Some(c),
            None => app.store.kampungs(None)?.first().and_then(|k| k.village.ancestor_at(Level::Province)),
        };
        let to = code.map_or_else(|| "/".to_string(), |c| format!("/wilayah/{c}/kampung"));
        Ok(axum::response::Redirect::to(&to).into_response())
    })
    .await
}

/// The last day of a month.
fn month_end(m: YearMonth) -> Option<Date> {
    let next = if m.month() == 12 { YearMonth::new(m.year() + 1, 1) } else { YearMonth::new(m.year(), m.month() + 1) }?;
    Date::new(next.year(), next.month(), 1).map(|d| Date::from_days(d.to_days() - 1))
}

/// `/kampung/{village}`.
pub async fn show(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(village): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let code = region_code(&village)?;
        if code.level() != Level::Village {
            return Err(AppError::NotFound);
        }
        let k = view::read(app, code, true)?;
        let record = &k.record;
        let l = ctx.lang;
        let result = &k.classification;
        let idx = &result.indices;
        let indices = vec![
            ("Input".to_string(), l.num(idx.input, 2), result.high[0]),
            ("Proses".to_string(), l.num(idx.proses, 2), result.high[1]),
            ("Output".to_string(), l.num(idx.output, 2), result.high[2]),
        ];
        let (first, last) =
            (YearMonth::new(2014, 1).ok_or(AppError::NotFound)?, YearMonth::new(2100, 12).ok_or(AppError::NotFound)?);
        // The latest twelve, newest first, with who verified them.
        let mut latest = app.store.reports(code, first, last)?;
        let latest = latest.split_off(latest.len().saturating_sub(12));
        let mut reports = Vec::new();
        // Who verified a report is named to users only, as in the API.
        for v in view::with_verification(app, latest, ctx.who.is_user())?.iter().rev() {
            let r = &v.report;
            let users = r.contraceptive_users.total() as i64;
            reports.push(ReportRow {
                month: r.month.to_string(),
                month_label: l.month(r.month),
                pus: l.count(i64::from(r.pus)),
                users: l.count(users),
                cpr: l.fig((r.pus > 0).then(|| 100.0 * users as f64 / f64::from(r.pus))),
                verified: v.verification.as_ref().map(|x| match &x.verified_by {
                    Some(by) => format!("{by}, {}", l.timestamp(&x.verified_at)),
                    None => l.timestamp(&x.verified_at),
                }),
            });
        }
        // The profile shown: the active one, or the one in force at the end of the month asked for.
        let asked = q.profil.as_deref().and_then(YearMonth::parse);
        let (profile_title, shown) = match asked.and_then(month_end) {
            Some(end) => (
                format!("{} {}", l.t("kampung.profile_at"), l.date(end)),
                app.store.profile_at(code, end)?.map(|p| p.profile),
            ),
            None => (l.t("kampung.profile_active").to_string(), k.profile.as_ref().map(|p| p.profile.clone())),
        };
        let c = &k.population.counts;
        let population_source = match &k.population_source {
            PopulationSourceView::Pk { year } => format!("PK {year}"),
            PopulationSourceView::Manual { valid_from } => {
                format!("{} {}", l.t("kampung.pop_manual"), l.date(*valid_from))
            }
            PopulationSourceView::None => l.t("kampung.pop_none").to_string(),
        };
        let criteria = {
            let k = &record.criteria;
            k.utama
                .iter()
                .map(|x| label(l, x.id()))
                .chain(k.wilayah.iter().map(|x| label(l, x.id())))
                .chain(k.khusus.iter().map(|x| label(l, x.id())))
                .collect()
        };
        let mut model = Vec::new();
        if record.model.kabupaten {
            model.push(l.t("kf.model_kabupaten").to_string());
        }
        if record.model.provinsi {
            model.push(l.t("kf.model_provinsi").to_string());
        }
        let flash = match q.ok.as_deref() {
            Some("kampung.create") => Some("kampung.ok_create"),
            Some("kampung.update") => Some("kampung.ok_update"),
            Some("kampung.profile") => Some("kampung.ok_profile"),
            Some("kampung.report") => Some("kampung.ok_report"),
            Some("kampung.activity") => Some("kampung.ok_activity"),
            Some("kampung.population") => Some("kampung.ok_population"),
            Some("kampung.document") => Some("kampung.ok_document"),
            Some("kampung.verify") => Some("kampung.ok_verify"),
            _ => None,
        };
        let page = KampungPage {
            c: Layout::new(&ctx),
            l,
            flash,
            village: code.to_string(),
            village_name: k.village_name.clone(),
            regency: code.ancestor_at(Level::Regency).map(|r| r.to_string()).unwrap_or_default(),
            name: record.name.clone(),
            launched: l.date(record.launch_date),
            decree: record
                .decree
                .as_ref()
                .map(|d| format!("{} ({}, {})", d.number, l.date(d.date), label(l, d.regulation_type.id())))
                .unwrap_or_else(|| "—".into()),
            rws: if record.rws.is_empty() { "—".into() } else { record.rws.join(", ") },
            description: record.description.clone(),
            criteria,
            model,
            active: record.active,
            class: label(l, result.class.as_str()),
            class_id: result.class.as_str().to_string(),
            indices,
            indicators: result
                .indicators
                .iter()
                .map(|i| IndicatorRow { name: l.kampung_indicator(&i.id), score: i.score, max: i.max_score })
                .collect(),
            next_class: result.next.as_ref().map(|n| label(l, n.class.as_str())),
            needs: result
                .next
                .as_ref()
                .map(|n| n.needs.iter().map(|x| l.kampung_need(x)).collect())
                .unwrap_or_default(),
            rules: result.rules.clone(),
            portal_agencies: k.portal_agencies.as_ref().map(|p| portal_sentence(l, p)),
            reports,
            activities: k
                .activities
                .iter()
                .rev()
                .take(20)
                .map(|a| {
                    let a = &a.activity;
                    ActivityRow {
                        date: l.date(a.date),
                        what: format!("{} — {}", a.description, a.place),
                        function: label(l, a.function.id()),
                        area: inpres_label(l, u8::from(a.inpres_area)),
                        agencies: a.agencies.join(", "),
                    }
                })
                .collect(),
            history: k.class_history.iter().rev().map(|h| history_row(l, h)).collect(),
            population: vec![
                (l.t("kf.pop.families").to_string(), l.count(i64::from(c.families))),
                ("PUS".to_string(), l.count(i64::from(c.pus))),
                (l.t("kf.pop.families_with_balita").to_string(), l.count(i64::from(c.families_with_balita))),
                (l.t("kf.pop.families_with_remaja").to_string(), l.count(i64::from(c.families_with_remaja))),
                (l.t("kf.pop.families_with_lansia").to_string(), l.count(i64::from(c.families_with_lansia))),
                (l.t("kf.pop.remaja").to_string(), l.count(i64::from(c.remaja))),
            ],
            population_source,
            profile_month: asked.map(|m| m.to_string()).unwrap_or_default(),
            profile_title,
            profile: shown.as_ref().map(|p| profile_rows(l, p)).unwrap_or_default(),
            profile_versions: app.store.profile_history(code)?.iter().map(|p| l.date(p.profile.valid_from)).collect(),
            documents: app
                .store
                .documents(code)?
                .into_iter()
                .map(|d| (d.id, d.filename, d.content_type, l.count(d.size)))
                .collect(),
            may_edit: ctx.who.may_edit_kampung(code),
            may_verify: ctx.who.may_verify_kampung(code),
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}
