//! Finding a family: by its id (`GET /cari?q=`), or by a NIK or KK number (`POST /cari`).
//!
//! A NIK search confirms a guess, so it is guarded (issue 12): only the roles that may see NIKs search by one, and
//! they find only families whose NIKs they may see; the number travels in a POST body, never in a URL (which ends
//! up in logs and browser history; a GET with 16 digits is refused unread); searches are throttled per user and
//! per client address ([`NikThrottle`]); and each search is audited with the family keys it found, never with the
//! number searched for.

use crate::families::{FamilyRow, family_row};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use kkb_store::FamilySummary;
use serde::Deserialize;
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Query of the family-id search.
#[derive(Debug, Deserialize, Default)]
pub struct SearchQuery {
    /// Family id.
    pub q: Option<String>,
    /// The round.
    pub year: Option<u16>,
}

/// The NIK search form.
#[derive(Debug, Deserialize, Default)]
pub struct NikForm {
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// NIK or KK number.
    #[serde(default)]
    pub nik: String,
    /// The round.
    pub year: Option<u16>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Layout,
    l: Lang,
    q: String,
    searched: bool,
    rows: Vec<(String, FamilyRow)>,
    may_search_nik: bool,
    error: Option<String>,
}

/// NIK searches allowed per user within [`NikThrottle::WINDOW`] (a cadre looks up a few cards an hour).
pub const NIK_SEARCHES_PER_USER: usize = 20;
/// NIK searches allowed per client address within the window (an office behind one address has several users).
pub const NIK_SEARCHES_PER_ADDRESS: usize = 60;

/// Recent NIK searches per user and per client address.
#[derive(Default)]
pub struct NikThrottle {
    seen: HashMap<String, VecDeque<Instant>>,
}

impl NikThrottle {
    /// The sliding window.
    pub const WINDOW: Duration = Duration::from_secs(10 * 60);

    /// Counts a search by every key and says whether it may run (a refused search is not counted).
    pub fn admit(&mut self, keys: &[(String, usize)], now: Instant) -> bool {
        self.seen.retain(|_, times| {
            while times.front().is_some_and(|t| now.duration_since(*t) >= Self::WINDOW) {
                times.pop_front();
            }
            !times.is_empty()
        });
        if keys.iter().any(|(k, limit)| self.seen.get(k).is_some_and(|t| t.len() >= *limit)) {
            return false;
        }
        for (k, _) in keys {
            self.seen.entry(k.clone()).or_default().push_back(now);
        }
        true
    }
}

fn is_card_number(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit())
}

fn page(ctx: &Ctx, q: String, searched: bool, rows: Vec<(String, FamilyRow)>, error: Option<String>) -> SearchPage {
    SearchPage { c: Layout::new(ctx), l: ctx.lang, q, searched, rows, may_search_nik: ctx.who.may_search_nik(), error }
}

fn require_searcher(ctx: &Ctx) -> Result<(), AppError> {
    ctx.require_user()?;
    if ctx.who.role.is_none() || ctx.who.is_admin() {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// The families found as rows, and the audit detail: how many, and their keys.
fn shown(
    app: &AppState,
    l: Lang,
    year: u16,
    found: &[FamilySummary],
) -> Result<(Vec<(String, FamilyRow)>, String), AppError> {
    let round = app.store.round(Some(year))?;
    let m = app.store.methodology(&round.methodology_id)?;
    let mut rows = Vec::new();
    for f in found {
        let name = app.store.region(f.village)?.map(|r| r.name).unwrap_or_default();
        rows.push((name, family_row(l, &m, f)));
    }
    let keys: Vec<String> = found.iter().map(|f| format!("{}/{}/{}", f.year, f.village, f.family_id)).collect();
    Ok((rows, format!("{} result(s): {}", found.len(), keys.join(", "))))
}

/// `GET /cari`: finds families within the user's region by family id. A NIK or KK number is not taken here.
pub async fn search(State(app): State<AppState>, ctx: Ctx, Query(q): Query<SearchQuery>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_searcher(&ctx)?;
        let l = ctx.lang;
        let text = q.q.clone().unwrap_or_default().trim().to_string();
        let region = ctx.who.scope.map(|s| s.to_string()).unwrap_or_default();
        if is_card_number(&text) {
            // Not searched, not echoed back (not even in the page's own links), and audited without the number.
            ctx.audit(app, "family.search_refused", "", &region, "a 16-digit number in a URL")?;
            let error = Some(l.t("search.nik_in_url").to_string());
            let mut page = page(&ctx, String::new(), false, vec![], error);
            page.c.lang_href = format!("/bahasa/{}?next=/cari", l.other().tag());
            page.c.login_href = "/masuk?next=/cari".into();
            return Ok((StatusCode::BAD_REQUEST, Html(page.render()?)).into_response());
        }
        let mut rows = Vec::new();
        if !text.is_empty() {
            let round = app.store.round(q.year)?;
            let mut found = app.store.families_by_family_id(round.year, &text)?;
            found.retain(|f| ctx.who.may_view_families(f.village));
            let (shown, detail) = shown(app, l, round.year, &found)?;
            ctx.audit(app, "family.search", &round.year.to_string(), &region, &format!("family id: {detail}"))?;
            rows = shown;
        }
        Ok(Html(page(&ctx, text, q.q.is_some(), rows, None).render()?).into_response())
    })
    .await
}

/// `POST /cari`: finds families by NIK or KK number, for the roles that may see NIKs, among the families whose
/// NIKs they may see; throttled and audited with what it found.
pub async fn search_nik(
    State(app): State<AppState>,
    ctx: Ctx,
    axum::Form(form): axum::Form<NikForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_searcher(&ctx)?;
        ctx.check_csrf(Some(&form.csrf))?;
        let l = ctx.lang;
        let region = ctx.who.scope.map(|s| s.to_string()).unwrap_or_default();
        if !ctx.who.may_search_nik() {
            ctx.audit(app, "family.search_refused", "", &region, "NIK search by a role that may not see NIKs")?;
            let error = Some(l.t("search.nik_not_allowed").to_string());
            return Ok((StatusCode::FORBIDDEN, Html(page(&ctx, String::new(), false, vec![], error).render()?))
                .into_response());
        }
        let number = form.nik.trim();
        if !is_card_number(number) {
            let error = Some(l.t("search.not_16").to_string());
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(page(&ctx, String::new(), false, vec![], error).render()?),
            )
                .into_response());
        }
        let keys = [
            (format!("user:{}", ctx.who.username()), NIK_SEARCHES_PER_USER),
            (format!("ip:{}", ctx.ip), NIK_SEARCHES_PER_ADDRESS),
        ];
        let admitted = app.nik_throttle.lock().unwrap_or_else(|p| p.into_inner()).admit(&keys, Instant::now());
        if !admitted {
            ctx.audit(app, "family.search_throttled", "", &region, "NIK search refused: too many within 10 minutes")?;
            let minutes = (NikThrottle::WINDOW.as_secs() / 60).to_string();
            let error = Some(l.tf("search.throttled", &[("minutes", &minutes)]));
            return Ok((
                StatusCode::TOO_MANY_REQUESTS,
                Html(page(&ctx, String::new(), false, vec![], error).render()?),
            )
                .into_response());
        }
        let round = app.store.round(form.year)?;
        let mut found: Vec<FamilySummary> = Vec::new();
        found.extend(app.store.family_by_nik(round.year, number)?);
        found.extend(app.store.families_by_kk(round.year, number)?);
        found.retain(|f| ctx.who.may_see_nik(f.village));
        found.sort_by_key(|f| f.id);
        found.dedup_by_key(|f| f.id);
        let (rows, detail) = shown(app, l, round.year, &found)?;
        // What was found, never what was searched for.
        ctx.audit(app, "family.search_nik", &round.year.to_string(), &region, &detail)?;
        Ok(Html(page(&ctx, String::new(), true, rows, None).render()?).into_response())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_throttle_counts_per_key_within_the_window() {
        let mut t = NikThrottle::default();
        let now = Instant::now();
        let keys = |u: &str| [(format!("user:{u}"), 2), ("ip:1".to_string(), 3)];
        assert!(t.admit(&keys("a"), now));
        assert!(t.admit(&keys("a"), now));
        assert!(!t.admit(&keys("a"), now), "the user's limit");
        assert!(t.admit(&keys("b"), now));
        assert!(!t.admit(&keys("c"), now), "the address's limit");
        assert!(t.admit(&keys("a"), now + NikThrottle::WINDOW));
    }
}
