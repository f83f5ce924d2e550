//! Administration: users with a role and a region scope (and a reset of their second factor), the list of API
//! tokens (each user creates their own, see [`crate::account::tokens`]), and the audit log.

use crate::auth::Role;
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view::{self, CsrfOnly};
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::region::RegionCode;
use kkb_store::{ApiToken, AuditFilter, AuditRecord, NewUser, User};
use serde::Deserialize;

fn require_admin(ctx: &Ctx) -> Result<(), AppError> {
    ctx.require_user()?;
    if ctx.who.is_admin() { Ok(()) } else { Err(AppError::Forbidden) }
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    c: Layout,
    l: Lang,
    users: Vec<User>,
    roles: Vec<(String, String)>,
    errors: Vec<String>,
    flash: Option<String>,
    form: UserForm,
    /// A user's row as submitted and refused: shown again with what was typed and its problems beside it.
    edited: Option<EditedRow>,
    /// Users with a second factor.
    totp_users: Vec<i64>,
}

/// A refused update of one user's row.
struct EditedRow {
    id: i64,
    /// What was typed (the password is never shown again).
    form: UserForm,
    errors: Vec<String>,
}

impl UsersPage {
    fn has_totp(&self, id: &i64) -> bool {
        self.totp_users.contains(id)
    }

    /// What the row of user `id` was given, if it is the one refused.
    fn typed(&self, id: &i64) -> Option<&UserForm> {
        self.edited.as_ref().filter(|e| e.id == *id).map(|e| &e.form)
    }

    /// The row's role: as typed, or stored.
    fn row_role<'a>(&'a self, u: &'a User) -> &'a str {
        self.typed(&u.id).map_or(u.role.as_str(), |f| f.role.as_str())
    }

    /// The row's shown name: as typed, or stored.
    fn row_display_name<'a>(&'a self, u: &'a User) -> &'a str {
        self.typed(&u.id).map_or(u.display_name.as_str(), |f| f.display_name.as_str())
    }

    /// The row's region code: as typed, or stored.
    fn row_scope<'a>(&'a self, u: &'a User) -> &'a str {
        self.typed(&u.id).map_or(u.scope.as_str(), |f| f.scope.as_str())
    }

    /// The row's agency: as typed, or stored.
    fn row_agency<'a>(&'a self, u: &'a User) -> &'a str {
        self.typed(&u.id).map_or(u.agency.as_deref().unwrap_or_default(), |f| f.agency.as_str())
    }

    /// Whether the row's active box is ticked: as typed, or stored.
    fn row_active(&self, u: &User) -> bool {
        self.typed(&u.id).map_or(u.active, |f| f.active.is_some())
    }

    /// The problems of the row of user `id`.
    fn row_errors(&self, id: &i64) -> &[String] {
        self.edited.as_ref().filter(|e| e.id == *id).map_or(&[], |e| &e.errors)
    }
}

/// The new-user and update-user form.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct UserForm {
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// Login name.
    #[serde(default)]
    pub username: String,
    /// Shown name.
    #[serde(default)]
    pub display_name: String,
    /// Role name.
    #[serde(default)]
    pub role: String,
    /// Region code ("" for the whole country).
    #[serde(default)]
    pub scope: String,
    /// Agency.
    #[serde(default)]
    pub agency: String,
    /// New password.
    #[serde(default)]
    pub password: String,
    /// Checkbox.
    pub active: Option<String>,
}

/// Query with a flash message key.
#[derive(Debug, Deserialize, Default)]
pub struct FlashQuery {
    /// `created` or `updated`.
    pub ok: Option<String>,
}

fn users_page(
    app: &AppState,
    ctx: &Ctx,
    form: UserForm,
    errors: Vec<String>,
    flash: Option<String>,
) -> Result<UsersPage, AppError> {
    let l = ctx.lang;
    Ok(UsersPage {
        c: Layout::new(ctx),
        l,
        users: app.store.users()?,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), l.t(&format!("role.{}", r.as_str())).to_string()))
            .collect(),
        errors,
        flash,
        form,
        edited: None,
        totp_users: app.store.totp_users()?,
    })
}

/// `GET /admin/pengguna`.
pub async fn users(State(app): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_admin(&ctx)?;
        let flash = match q.ok.as_deref() {
            Some("created") => Some(ctx.lang.t("admin.created").to_string()),
            Some("updated") => Some(ctx.lang.t("admin.updated").to_string()),
            Some("totp") => Some(ctx.lang.t("admin.totp_reset_done").to_string()),
            _ => None,
        };
        let page = users_page(app, &ctx, UserForm { role: "kader".into(), ..UserForm::default() }, vec![], flash)?;
        Ok(Html(page.render()?).into_response())
    })
    .await
}

/// Checks role and scope together: the scope must be a region of the role's level (any level, or the whole
/// country, for administrators and provincial staff).
fn check_role_scope(
    app: &AppState,
    l: Lang,
    role: &str,
    scope: &str,
    errors: &mut Vec<String>,
) -> Result<(), AppError> {
    let Some(role) = Role::parse(role) else {
        errors.push(format!("{}: {}", l.t("admin.role"), l.tf("admin.err.unknown_role", &[("role", role)])));
        return Ok(());
    };
    let on_scope = |message: String| format!("{}: {message}", l.t("admin.scope"));
    if scope.is_empty() {
        if role.scope_level().is_some() {
            errors.push(on_scope(l.t("admin.err.scope_needed").into()));
        }
        return Ok(());
    }
    match RegionCode::parse(scope) {
        Err(_) => errors.push(on_scope(l.tf("admin.err.scope_not_code", &[("scope", scope)]))),
        Ok(code) => {
            if app.store.region(code)?.is_none() {
                errors.push(on_scope(l.tf("admin.err.scope_unknown", &[("scope", scope)])));
            } else if let Some(level) = role.scope_level()
                && code.level() != level
            {
                let role = l.t(&format!("role.{}", role.as_str()));
                let level = l.t(&format!("level.{}", level.as_str()));
                errors.push(on_scope(l.tf("admin.err.scope_level", &[("role", role), ("level", level)])));
            }
        }
    }
    Ok(())
}

/// Checks the agency against the agencies table and the user's region: an agency officer needs one; a regional
/// office must be of the user's region or one containing it.
fn check_agency(
    app: &AppState,
    l: Lang,
    role: &str,
    scope: &str,
    agency: &str,
    errors: &mut Vec<String>,
) -> Result<(), AppError> {
    let on_agency = |message: String| format!("{}: {message}", l.t("admin.agency"));
    if agency.is_empty() {
        if Role::parse(role) == Some(Role::Instansi) {
            errors.push(on_agency(l.t("admin.err.agency_needed").into()));
        }
        return Ok(());
    }
    if app.store.agency(agency)?.is_none() {
        errors.push(on_agency(l.tf("admin.err.agency_unknown", &[("agency", agency)])));
    } else if let (Some(office), Ok(user)) = (kkb_domain::planning::agency_region(agency), RegionCode::parse(scope))
        && !user.is_within(office)
    {
        let (office, user) = (office.to_string(), user.to_string());
        let args = [("agency", agency), ("office", office.as_str()), ("user", user.as_str())];
        errors.push(on_agency(l.tf("admin.err.agency_outside", &args)));
    }
    Ok(())
}

/// `POST /admin/pengguna`: adds a user.
pub async fn create_user(
    State(app): State<AppState>,
    ctx: Ctx,
    axum::Form(form): axum::Form<UserForm>,
) -> Result<Response, AppError> {
    require_admin(&ctx)?;
    ctx.check_csrf(Some(&form.csrf))?;
    let (c, f) = (ctx.clone(), form.clone());
    let errors = app.db(move |app| new_user_errors(app, &c, &f)).await?;
    // An unknown role is among the errors (`check_role_scope`); the password is hashed only for a user to create.
    let hash = match Role::parse(&form.role).filter(|_| errors.is_empty()) {
        Some(_) => Some(crate::password_gate::hash(&app.config.passwords, &form.password).await?),
        None => None,
    };
    app.db(move |app| create_user_answer(app, ctx, form, errors, hash)).await
}

/// What is wrong with a new user's form (the role, region and agency checked against the database).
fn new_user_errors(app: &AppState, ctx: &Ctx, form: &UserForm) -> Result<Vec<String>, AppError> {
    let mut errors = Vec::new();
    let username = form.username.trim().to_lowercase();
    if username.len() < 3
        || username.len() > 40
        || !username.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    {
        errors.push(format!("{}: {}", ctx.lang.t("admin.username"), ctx.lang.t("admin.err.username")));
    }
    if form.display_name.trim().is_empty() {
        errors.push(format!("{}: {}", ctx.lang.t("admin.display_name"), ctx.lang.t("admin.err.display_name")));
    }
    errors.extend(password_errors(ctx, &form.password, &username));
    let scope = form.scope.trim().to_string();
    let scope = RegionCode::parse(&scope).map(|c| c.to_string()).unwrap_or(scope);
    check_role_scope(app, ctx.lang, &form.role, &scope, &mut errors)?;
    check_agency(app, ctx.lang, &form.role, &scope, form.agency.trim(), &mut errors)?;
    Ok(errors)
}

/// Creates the user (a password `hash` means the form passed every check), or shows the form with its errors.
fn create_user_answer(
    app: &AppState,
    ctx: Ctx,
    form: UserForm,
    mut errors: Vec<String>,
    hash: Option<String>,
) -> Result<Response, AppError> {
    if let (Some(role), Some(hash)) = (Role::parse(&form.role), hash) {
        let username = form.username.trim().to_lowercase();
        let scope = form.scope.trim().to_string();
        let scope = RegionCode::parse(&scope).map(|c| c.to_string()).unwrap_or(scope);
        let agency = form.agency.trim();
        let new = NewUser {
            username: &username,
            display_name: form.display_name.trim(),
            role,
            scope: &scope,
            agency: (!agency.is_empty()).then_some(agency),
            password_hash: &hash,
        };
        match app.store.create_user(&new) {
            Ok(u) => {
                crate::openrosa::digest::remember_password(&app.store, &u, &form.password)?;
                ctx.audit(app, "user.create", &u.username, &u.scope, &format!("role {}", u.role))?;
                return Ok(Redirect::to("/admin/pengguna?ok=created").into_response());
            }
            Err(kkb_store::StoreError::Refused(r)) => errors.push(ctx.lang.reason(&r)),
            Err(kkb_store::StoreError::Conflict(m)) => errors.push(m),
            Err(e) => return Err(e.into()),
        }
    }
    let page = users_page(app, &ctx, UserForm { password: String::new(), ..form }, errors, None)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

/// `POST /admin/pengguna/{id}`: changes role, scope, agency, active flag and (optionally) the password.
pub async fn update_user(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<UserForm>,
) -> Result<Response, AppError> {
    require_admin(&ctx)?;
    ctx.check_csrf(Some(&form.csrf))?;
    let (c, f) = (ctx.clone(), form.clone());
    let change = match app.db(move |app| checked_change(app, &c, id, &f)).await? {
        Ok(change) => change,
        Err(page) => return Ok(page),
    };
    let hash = match form.password.is_empty() {
        true => None,
        false => Some(crate::password_gate::hash(&app.config.passwords, &form.password).await?),
    };
    app.db(move |app| apply_change(app, ctx, id, form, change, hash)).await
}

/// A user's change that passed every check.
struct Change {
    user: User,
    role: Role,
    scope: String,
    active: bool,
}

/// Checks a user's change against the database: the change, or the page with the row's problems.
fn checked_change(app: &AppState, ctx: &Ctx, id: i64, form: &UserForm) -> Result<Result<Change, Response>, AppError> {
    let user = app.store.user(id)?.ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let scope = form.scope.trim().to_string();
    let scope = RegionCode::parse(&scope).map(|c| c.to_string()).unwrap_or(scope);
    check_role_scope(app, ctx.lang, &form.role, &scope, &mut errors)?;
    check_agency(app, ctx.lang, &form.role, &scope, form.agency.trim(), &mut errors)?;
    if !form.password.is_empty() {
        errors.extend(password_errors(ctx, &form.password, &user.username));
    }
    let active = form.active.is_some();
    if ctx.who.user.as_ref().is_some_and(|u| u.id == id) && (!active || form.role != "admin") {
        errors.push(ctx.lang.t("admin.err.self").into());
    }
    // An unknown role is among the errors (`check_role_scope`).
    let Some(role) = Role::parse(&form.role).filter(|_| errors.is_empty()) else {
        // The row keeps what was typed, its problems beside it; the list on top names the user.
        let top = errors.iter().map(|e| format!("{}: {e}", user.username)).collect();
        let mut page = users_page(app, ctx, UserForm { role: "kader".into(), ..UserForm::default() }, top, None)?;
        let form = UserForm { password: String::new(), csrf: String::new(), ..form.clone() };
        page.edited = Some(EditedRow { id, form, errors });
        return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response()));
    };
    Ok(Ok(Change { user, role, scope, active }))
}

/// Stores a checked change (with the new password's hash, if one was typed), ends the user's sessions when their
/// access changed, and audits it.
fn apply_change(
    app: &AppState,
    ctx: Ctx,
    id: i64,
    form: UserForm,
    change: Change,
    hash: Option<String>,
) -> Result<Response, AppError> {
    let Change { user, role, scope, active } = change;
    let display = if form.display_name.trim().is_empty() {
        user.display_name.clone()
    } else {
        form.display_name.trim().to_string()
    };
    let agency = form.agency.trim();
    app.store.update_user(id, &display, role, &scope, (!agency.is_empty()).then_some(agency), active)?;
    if let Some(hash) = hash {
        app.store.set_password_hash(id, &hash)?;
        crate::openrosa::digest::remember_password(&app.store, &user, &form.password)?;
    }
    if !active || !form.password.is_empty() || role != user.role || scope != user.scope {
        app.store.delete_user_sessions(id)?;
    }
    ctx.audit(app, "user.update", &user.username, &scope, &format!("role {}, active {active}", form.role))?;
    Ok(Redirect::to("/admin/pengguna?ok=updated").into_response())
}

/// The password policy's objections, prefixed like the form's other errors.
fn password_errors(ctx: &Ctx, password: &str, username: &str) -> Vec<String> {
    crate::password_policy::check(password, username)
        .iter()
        .map(|w| format!("{}: {}", ctx.lang.t("login.password"), w.message(ctx.lang)))
        .collect()
}

/// `POST /admin/pengguna/{id}/2fa/hapus`: removes a user's second factor (a lost phone) and ends their sessions;
/// they set it up again at their next login.
pub async fn reset_second_factor(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<CsrfOnly>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_admin(&ctx)?;
        ctx.check_csrf(Some(&form.csrf))?;
        let user = app.store.user(id)?.ok_or(AppError::NotFound)?;
        let had = app.store.reset_totp(id)?;
        ctx.audit(app, "totp.reset", &user.username, &user.scope, if had { "" } else { "none was set up" })?;
        Ok(Redirect::to("/admin/pengguna?ok=totp").into_response())
    })
    .await
}

#[derive(Template)]
#[template(path = "admin_tokens.html")]
struct TokensPage {
    c: Layout,
    l: Lang,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    errors: Vec<String>,
}

/// `GET /admin/token`.
pub async fn tokens(State(app): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_admin(&ctx)?;
        let page = TokensPage {
            c: Layout::new(&ctx),
            l: ctx.lang,
            tokens: app.store.api_tokens()?,
            new_token: None,
            errors: vec![],
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}

/// The new-token form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    csrf: String,
    /// Only the administrator's own id is accepted (older forms sent any user's).
    user_id: Option<i64>,
    name: String,
}

/// `POST /admin/token`: creates a token for the administrator themself; it is shown once, only its hash is
/// kept. A token for another user is refused (and audited): a token acts as its owner, so owners create their
/// own at `/akun/token`.
pub async fn create_token(
    State(app): State<AppState>,
    ctx: Ctx,
    axum::Form(form): axum::Form<TokenForm>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_admin(&ctx)?;
        ctx.check_csrf(Some(&form.csrf))?;
        let me = ctx.who.user.as_ref().map(|u| u.id).ok_or(AppError::LoginRequired)?;
        if let Some(other) = form.user_id.filter(|id| *id != me) {
            let target = app.store.user(other)?.map(|u| u.username).unwrap_or_else(|| format!("#{other}"));
            ctx.audit(app, "token.create_refused", &target, "", "minting for another user")?;
            return Err(AppError::Refused("admin.token_for_other"));
        }
        let (new_token, errors) = match crate::account::tokens::mint(app, &ctx, me, &form.name)? {
            Ok(token) => (Some(token), vec![]),
            Err(errors) => (None, errors),
        };
        let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
        let page = TokensPage { c: Layout::new(&ctx), l: ctx.lang, tokens: app.store.api_tokens()?, new_token, errors };
        Ok((status, Html(page.render()?)).into_response())
    })
    .await
}

/// `POST /admin/token/{id}/cabut`.
pub async fn revoke_token(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<CsrfOnly>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_admin(&ctx)?;
        ctx.check_csrf(Some(&form.csrf))?;
        app.store.revoke_api_token(id)?;
        ctx.audit(app, "token.revoke", &id.to_string(), "", "")?;
        Ok(Redirect::to("/admin/token").into_response())
    })
    .await
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    c: Layout,
    l: Lang,
    records: Vec<AuditRecord>,
    region: String,
    username: String,
    action: String,
    older: Option<String>,
}

/// Filters of the audit log.
#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    /// Region prefix.
    pub region: Option<String>,
    /// Username.
    pub user: Option<String>,
    /// Action.
    pub action: Option<String>,
    /// Page before this id.
    pub before: Option<i64>,
}

/// Audit entries per page.
const AUDIT_PAGE: usize = 100;

/// `GET /admin/audit`: newest first, filtered by region, user or action.
pub async fn audit(State(app): State<AppState>, ctx: Ctx, Query(q): Query<AuditQuery>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        require_admin(&ctx)?;
        let clean = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let (region, user, action) = (clean(&q.region), clean(&q.user), clean(&q.action));
        let records = app.store.audit_log(&AuditFilter {
            region_prefix: region.as_deref(),
            username: user.as_deref(),
            action: action.as_deref(),
            before_id: q.before,
            limit: AUDIT_PAGE,
        })?;
        let older = (records.len() == AUDIT_PAGE).then(|| {
            format!(
                "/admin/audit?region={}&user={}&action={}&before={}",
                view::urlencode(region.as_deref().unwrap_or("")),
                view::urlencode(user.as_deref().unwrap_or("")),
                view::urlencode(action.as_deref().unwrap_or("")),
                records.last().map(|r| r.id).unwrap_or(0)
            )
        });
        let page = AuditPage {
            c: Layout::new(&ctx),
            l: ctx.lang,
            records,
            region: region.unwrap_or_default(),
            username: user.unwrap_or_default(),
            action: action.unwrap_or_default(),
            older,
        };
        Ok(Html(page.render()?).into_response())
    })
    .await
}
