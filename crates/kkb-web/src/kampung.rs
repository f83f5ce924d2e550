//! A Kampung KB's page: its record, its class computed live from the active profile, the latest monthly report,
//! the village's PK population and its activities (../shared/spec/classification.md), what would reach the next
//! class, its reports, activities and class history. Public: the registry holds no personal data.

use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::classification::{ClassificationRules, Inputs, classify};
use kkb_domain::kampung::{Population, classification_inputs, cross_sector_agencies};
use kkb_domain::region::Level;

/// One indicator as shown.
pub struct IndicatorRow {
    /// Indicator id.
    pub id: String,
    /// Its score.
    pub score: u8,
    /// Its highest possible score.
    pub max: u8,
}

/// One monthly report row.
pub struct ReportRow {
    /// YYYY-MM.
    pub month: String,
    /// PUS.
    pub pus: String,
    /// Users of any method.
    pub users: String,
    /// CPR as shown.
    pub cpr: String,
}

#[derive(Template)]
#[template(path = "kampung.html")]
struct KampungPage {
    c: Layout,
    l: Lang,
    village: String,
    village_name: String,
    name: String,
    launched: String,
    decree: String,
    rws: String,
    description: String,
    active: bool,
    class: String,
    indices: Vec<(String, String, bool)>,
    indicators: Vec<IndicatorRow>,
    next_class: Option<String>,
    needs: Vec<String>,
    rules: String,
    reports: Vec<ReportRow>,
    activities: Vec<(String, String, String)>,
    history: Vec<(String, String)>,
    population: Vec<(String, String)>,
}

/// `/kampung/{village}`.
pub async fn show(State(app): State<AppState>, ctx: Ctx, Path(village): Path<String>) -> Result<Response, AppError> {
    let code = view::region_code(&village)?;
    if code.level() != Level::Village {
        return Err(AppError::NotFound);
    }
    let record = app.store.kampung(code)?.ok_or(AppError::NotFound)?;
    let l = ctx.lang;
    let village_name = app.store.region(code)?.map(|r| r.name).unwrap_or_default();
    let profile = app.store.active_profile(code)?;
    let report = app.store.latest_report(code)?;
    let activities = app.store.activities(code)?;
    // Population from the latest PK round of the village.
    let population = match app.store.round(None) {
        Ok(round) => {
            let m = app.store.methodology(&round.methodology_id)?;
            Population::from_families(&m, round.year, &app.store.village_answers(round.year, code)?)
        }
        Err(_) => Population::default(),
    };
    let agencies = cross_sector_agencies(activities.iter().map(|a| &a.activity));
    let json =
        classification_inputs(profile.as_ref().map(|p| &p.profile), report.as_ref(), &population.counts, agencies);
    let inputs = Inputs::from_value(&json).map_err(|e| AppError::Internal(format!("classification inputs: {e:?}")))?;
    let rules = ClassificationRules::kampung_kb_v1();
    let result = classify(&rules, &inputs);
    let idx = &result.indices;
    let indices = vec![
        ("Input".to_string(), l.num(idx.input, 2), result.high[0]),
        ("Proses".to_string(), l.num(idx.proses, 2), result.high[1]),
        ("Output".to_string(), l.num(idx.output, 2), result.high[2]),
    ];
    let reports = app
        .store
        .reports(
            code,
            kkb_domain::kampung::YearMonth::new(2014, 1).ok_or(AppError::NotFound)?,
            kkb_domain::kampung::YearMonth::new(2100, 12).ok_or(AppError::NotFound)?,
        )?
        .iter()
        .rev()
        .take(12)
        .map(|r| {
            let users = r.contraceptive_users.total() as i64;
            ReportRow {
                month: r.month.to_string(),
                pus: l.count(i64::from(r.pus)),
                users: l.count(users),
                cpr: l.fig((r.pus > 0).then(|| 100.0 * users as f64 / f64::from(r.pus))),
            }
        })
        .collect();
    let c = &population.counts;
    let page = KampungPage {
        c: Layout::new(&ctx),
        l,
        village: code.to_string(),
        village_name,
        name: record.name.clone(),
        launched: l.date(record.launch_date),
        decree: record
            .decree
            .as_ref()
            .map(|d| format!("{} ({})", d.number, l.date(d.date)))
            .unwrap_or_else(|| "—".into()),
        rws: record.rws.join(", "),
        description: record.description.clone(),
        active: record.active,
        class: result.class.as_str().to_string(),
        indices,
        indicators: result
            .indicators
            .iter()
            .map(|i| IndicatorRow { id: i.id.clone(), score: i.score, max: i.max_score })
            .collect(),
        next_class: result.next.as_ref().map(|n| n.class.as_str().to_string()),
        needs: result.next.as_ref().map(|n| n.needs.clone()).unwrap_or_default(),
        rules: rules.id().to_string(),
        reports,
        activities: activities
            .iter()
            .rev()
            .take(20)
            .map(|a| (l.date(a.activity.date), a.activity.description.clone(), a.activity.agencies.join(", ")))
            .collect(),
        history: app.store.class_history(code)?.iter().map(|h| (l.date(h.date), h.class.clone())).collect(),
        population: vec![
            (l.t("dash.families").to_string(), l.count(i64::from(c.families))),
            ("PUS".to_string(), l.count(i64::from(c.pus))),
            ("Balita".to_string(), l.count(i64::from(c.families_with_balita))),
            ("Remaja".to_string(), l.count(i64::from(c.families_with_remaja))),
            ("Lansia".to_string(), l.count(i64::from(c.families_with_lansia))),
        ],
    };
    Ok(Html(page.render()?).into_response())
}
