//! `/admin/putaran`: the census rounds, managed by province users and administrators only (issue 12). A round is
//! opened before families go into it from the web; published, it becomes the default of the dashboards, the API
//! and the exports (the latest published round is); opened by mistake, it is withdrawn with its families after a
//! confirm step that shows how many there are and asks for the year typed again. Every action is audited (year,
//! methodology, reference date; families deleted), and so is every refused attempt.

use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kkb_store::{Round, StoreError};
use serde::Deserialize;

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/putaran", get(page).post(open))
        .route("/admin/putaran/{year}/terbitkan", post(publish))
        .route("/admin/putaran/{year}/tarik", get(withdraw_form).post(withdraw))
}

/// A round as listed.
pub struct RoundRow {
    /// The year.
    pub year: u16,
    /// Its methodology.
    pub methodology: String,
    /// Families, as shown.
    pub families: String,
    /// Who opened it.
    pub opened_by: String,
    /// "date (user)" when published.
    pub published: Option<String>,
    /// Whether it is the default round.
    pub default: bool,
}

#[derive(Template)]
#[template(path = "rounds.html")]
struct RoundsPage {
    c: Layout,
    l: Lang,
    rows: Vec<RoundRow>,
    flash: Option<String>,
    error: Option<String>,
    year: String,
}

#[derive(Template)]
#[template(path = "round_withdraw.html")]
struct WithdrawPage {
    c: Layout,
    l: Lang,
    year: u16,
    families: i64,
    warning: String,
    error: Option<String>,
}

/// Query of the page after an action.
#[derive(Debug, Deserialize, Default)]
pub struct Done {
    /// `opened`, `published` or `withdrawn`.
    pub ok: Option<String>,
    /// The round.
    pub year: Option<u16>,
    /// Families deleted.
    pub n: Option<i64>,
}

/// The open form.
#[derive(Debug, Deserialize, Default)]
pub struct OpenForm {
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The year.
    #[serde(default)]
    pub year: String,
}

/// The withdraw confirmation.
#[derive(Debug, Deserialize, Default)]
pub struct WithdrawForm {
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The families shown on the confirm page.
    #[serde(default)]
    pub families: i64,
    /// The year, typed again.
    #[serde(default)]
    pub confirm: String,
}

/// The earliest year a round may have (PK rounds began in 2015; older data is not a census round of this system).
const FIRST_YEAR: u16 = 2000;

/// Lets province users and administrators through; audits anyone else's attempt.
fn require_manager(app: &AppState, ctx: &Ctx, what: &str) -> Result<(), AppError> {
    ctx.require_user()?;
    if ctx.who.may_manage_rounds() {
        return Ok(());
    }
    let region = ctx.who.scope.map(|s| s.to_string()).unwrap_or_default();
    ctx.audit(app, "round.refused", what, &region, "only province users and administrators manage rounds")?;
    Err(AppError::Forbidden)
}

fn rows(app: &AppState, l: Lang) -> Result<Vec<RoundRow>, AppError> {
    let rounds = app.store.rounds()?;
    let default = rounds.iter().find(|r| r.published.is_some()).map(|r| r.year);
    Ok(rounds
        .iter()
        .map(|r| RoundRow {
            year: r.year,
            methodology: r.methodology_id.clone(),
            families: l.count(r.families),
            opened_by: r.opened_by.clone(),
            published: r.published.as_ref().map(|(at, by)| format!("{} ({by})", l.timestamp(at))),
            default: Some(r.year) == default,
        })
        .collect())
}

fn render(
    app: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    flash: Option<String>,
    error: Option<String>,
    year: String,
) -> Result<Response, AppError> {
    let page = RoundsPage { c: Layout::new(ctx), l: ctx.lang, rows: rows(app, ctx.lang)?, flash, error, year };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /admin/putaran`.
pub async fn page(State(app): State<AppState>, ctx: Ctx, Query(q): Query<Done>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_manager(app, &ctx, "rounds")?;
        let l = ctx.lang;
        let year = q.year.map(|y| y.to_string()).unwrap_or_default();
        let n = l.count(q.n.unwrap_or(0));
        let flash = match q.ok.as_deref() {
            Some("opened") => Some(l.tf("round.opened", &[("year", &year)])),
            Some("published") => Some(l.tf("round.published_ok", &[("year", &year)])),
            Some("withdrawn") => Some(l.tf("round.withdrawn", &[("year", &year), ("n", &n)])),
            _ => None,
        };
        render(app, &ctx, StatusCode::OK, flash, None, String::new())
    })
    .await
}

/// The audit detail of a round: its methodology and the methodology's reference date for the year.
fn described(app: &AppState, r: &Round) -> Result<String, AppError> {
    let m = app.store.methodology(&r.methodology_id)?;
    Ok(format!("methodology {}, reference date {}", r.methodology_id, m.reference_date(r.year)))
}

/// `POST /admin/putaran`: opens a round.
pub async fn open(
    State(app): State<AppState>,
    ctx: Ctx,
    axum::Form(f): axum::Form<OpenForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_manager(app, &ctx, "round.open")?;
        ctx.check_csrf(Some(&f.csrf))?;
        let l = ctx.lang;
        let last = u16::try_from(kkb_domain::date::today_utc().year() + 1).unwrap_or(u16::MAX);
        let year = match f.year.trim().parse::<u16>() {
            Ok(y) if (FIRST_YEAR..=last).contains(&y) => y,
            _ => {
                let error = l.tf("round.bad_year", &[("min", &FIRST_YEAR.to_string()), ("max", &last.to_string())]);
                return render(app, &ctx, StatusCode::UNPROCESSABLE_ENTITY, None, Some(error), f.year);
            }
        };
        match app.store.open_round(year, ctx.who.username()) {
            Ok(r) => {
                ctx.audit(app, "round.open", &year.to_string(), "", &described(app, &r)?)?;
                Ok(Redirect::to(&format!("/admin/putaran?ok=opened&year={year}")).into_response())
            }
            Err(StoreError::Conflict(_)) => {
                let error = l.tf("round.exists", &[("year", &year.to_string())]);
                render(app, &ctx, StatusCode::CONFLICT, None, Some(error), f.year)
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// `POST /admin/putaran/{year}/terbitkan`: publishes a round.
pub async fn publish(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(year): Path<u16>,
    axum::Form(f): axum::Form<OpenForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_manager(app, &ctx, "round.publish")?;
        ctx.check_csrf(Some(&f.csrf))?;
        match app.store.publish_round(year, ctx.who.username()) {
            Ok(r) => {
                ctx.audit(app, "round.publish", &year.to_string(), "", &described(app, &r)?)?;
                Ok(Redirect::to(&format!("/admin/putaran?ok=published&year={year}")).into_response())
            }
            Err(StoreError::Conflict(_)) => {
                let error = ctx.lang.tf("round.already_published", &[("year", &year.to_string())]);
                render(app, &ctx, StatusCode::CONFLICT, None, Some(error), String::new())
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}

fn withdraw_page(ctx: &Ctx, r: &Round, error: Option<String>) -> WithdrawPage {
    let l = ctx.lang;
    let warning = l.tf("round.withdraw_warn", &[("year", &r.year.to_string()), ("n", &l.count(r.families))]);
    WithdrawPage { c: Layout::new(ctx), l, year: r.year, families: r.families, warning, error }
}

/// `GET /admin/putaran/{year}/tarik`: the confirm step.
pub async fn withdraw_form(State(app): State<AppState>, ctx: Ctx, Path(year): Path<u16>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_manager(app, &ctx, "round.withdraw")?;
        let r = app.store.round(Some(year))?;
        Ok(Html(withdraw_page(&ctx, &r, None).render()?).into_response())
    })
    .await
}

/// `POST /admin/putaran/{year}/tarik`: withdraws a round and its families, if the year was typed again and the
/// round still holds the number of families shown.
pub async fn withdraw(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(year): Path<u16>,
    axum::Form(f): axum::Form<WithdrawForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_manager(app, &ctx, "round.withdraw")?;
        ctx.check_csrf(Some(&f.csrf))?;
        let l = ctx.lang;
        let r = app.store.round(Some(year))?;
        if f.confirm.trim() != year.to_string() {
            let page = withdraw_page(&ctx, &r, Some(l.t("round.confirm_mismatch").to_string()));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
        }
        let detail = described(app, &r)?;
        let withdrawn = app.store.withdraw_round(year, f.families);
        match withdrawn {
            Ok(n) => {
                ctx.audit(app, "round.withdraw", &year.to_string(), "", &format!("{detail}; {n} families deleted"))?;
                Ok(Redirect::to(&format!("/admin/putaran?ok=withdrawn&year={year}&n={n}")).into_response())
            }
            Err(StoreError::Conflict(_)) => {
                let now = app.store.round(Some(year))?;
                let error = l.tf("round.count_changed", &[("n", &l.count(now.families))]);
                let page = withdraw_page(&ctx, &now, Some(error));
                Ok((StatusCode::CONFLICT, Html(page.render()?)).into_response())
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}
