//! The kampungkb web application: server-rendered pages that work without JavaScript, SVG charts and maps
//! served from the binary, region-scoped roles, and the JSON API under `/api/v1/`.
//!
//! Data flow: a request becomes a [`Ctx`] (language, [`auth::Principal`], client address); handlers ask the
//! principal before every read or write, call the [`kkb_store::Store`], and render an askama template or JSON.
//! Errors are [`AppError`]s, turned into a page or a JSON error by one middleware, never a stack trace.

pub mod account;
pub mod admin;
pub mod api;
pub mod assets;
pub mod auth;
pub mod cache;
pub mod candidates;
pub mod capture;
pub mod charts;
pub mod client_addr;
pub mod cookies;
pub mod dashboard;
pub mod error;
pub mod export;
pub mod families;
pub mod i18n;
pub mod kampung;
pub mod kampung_files;
pub mod layout;
pub mod openrosa;
pub mod password_gate;
pub mod password_policy;
pub mod pk_upload;
pub mod plans;
pub mod registry;
pub mod rejection;
pub mod rounds;
pub mod search;
pub mod suppression;
pub mod totp;
pub mod uploads;
pub mod view;
pub mod workmap;

use auth::{Passwords, Principal, Throttle};
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::routing::{get, post};
pub use error::AppError;
use i18n::Lang;
use kkb_store::Store;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Settings of the web application.
#[derive(Clone)]
pub struct Config {
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Password hashing parameters.
    pub passwords: Passwords,
    /// How long a session lasts, in seconds.
    pub session_seconds: i64,
    /// The largest upload accepted, in bytes. The web reads an upload whole (the CLI streams), so the default,
    /// 128 MiB, is three times a Bengkulu kabupaten's CSV pair (about 40 MB) and keeps the body and its parsed
    /// families under the server's 512 MiB; a whole province goes through `kampungkb import pk`.
    pub max_upload_bytes: usize,
    /// Administrators, province and kabupaten/kota users must use a second factor (TOTP): those without one are
    /// sent to enrolment after logging in and can do nothing else until enrolled.
    pub require_totp: bool,
    /// The reverse proxy whose header names the client address (none: the socket's address).
    pub trusted_proxy: Option<client_addr::TrustedProxy>,
    /// How long a login waits for its turn to have its password checked before "busy, try again".
    pub password_wait: std::time::Duration,
    /// The address phones and browsers reach this server at (`https://kkb.example.go.id`), for the absolute URLs
    /// of the OpenRosa form list and manifests; `None`: from each request's `Host`.
    pub public_url: Option<String>,
    /// The header a trusted reverse proxy sets to the scheme it was reached with (`X-Forwarded-Proto`); only then
    /// is a request known to have come over HTTPS.
    pub trusted_proto_header: Option<String>,
    /// The demo: OpenRosa Basic authentication is accepted over plain HTTP from anywhere.
    pub demo: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            secure_cookies: false,
            passwords: Passwords::standard(),
            session_seconds: 8 * 3600,
            max_upload_bytes: 128 * 1024 * 1024,
            require_totp: false,
            trusted_proxy: None,
            password_wait: password_gate::Gate::WAIT,
            public_url: None,
            trusted_proto_header: None,
            demo: false,
        }
    }
}

/// What every handler shares.
pub struct App {
    /// The database.
    pub store: Arc<Store>,
    /// Settings.
    pub config: Config,
    /// Failed-login counters.
    pub throttle: Mutex<Throttle>,
    /// The bounded line of password checks.
    pub password_gate: password_gate::Gate,
    /// Recent NIK searches per user and address.
    pub nik_throttle: Mutex<search::NikThrottle>,
    /// Index JSON served from memory until the data changes.
    pub figures_cache: dashboard::api::FiguresCache,
    /// Rendered dashboard bodies, likewise.
    pub page_cache: cache::VersionedCache<Arc<str>>,
    /// Ranked "where to form next" lists, likewise.
    pub candidates_cache: cache::VersionedCache<Arc<candidates::RegionCandidates>>,
    /// What each kind of reader may see of a province's figures, likewise.
    pub disclosure_cache: cache::VersionedCache<Arc<kkb_domain::disclosure::Disclosure>>,
    /// The OpenRosa server's nonces and caches.
    pub openrosa: openrosa::State,
}

impl App {
    /// The application over a store.
    pub fn new(store: Arc<Store>, config: Config) -> AppState {
        Arc::new(App {
            store,
            throttle: Mutex::default(),
            password_gate: password_gate::Gate::new(
                std::thread::available_parallelism().map_or(2, usize::from),
                config.password_wait,
            ),
            figures_cache: dashboard::api::FiguresCache::default(),
            page_cache: cache::VersionedCache::default(),
            candidates_cache: cache::VersionedCache::default(),
            nik_throttle: Mutex::default(),
            disclosure_cache: cache::VersionedCache::default(),
            openrosa: openrosa::State::default(),
            config,
        })
    }
}

/// The shared application state.
pub type AppState = Arc<App>;

impl App {
    /// Runs `work` — store calls and whatever is computed from them — on the blocking pool, off the async worker
    /// threads: a long write or a slow query then holds up only its own request, never the others the workers
    /// serve. Every handler reaches the store through here (the store is synchronous: SQLite and the `postgres`
    /// client block their thread). A panic in `work` is an internal error of this request only.
    pub async fn db<T, E, F>(self: &Arc<Self>, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&AppState) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Into<AppError> + Send + 'static,
    {
        let app = Arc::clone(self);
        match tokio::task::spawn_blocking(move || work(&app).map_err(Into::into)).await {
            Ok(result) => result,
            Err(e) => Err(AppError::Internal(format!("store work: {e}"))),
        }
    }
}

/// The request context: language, principal, client address.
#[derive(Clone)]
pub struct Ctx {
    /// The reader's language.
    pub lang: Lang,
    /// Who asks.
    pub who: Principal,
    /// The client address (for the audit log).
    pub ip: String,
    /// A session cookie was sent but its session is gone (expired or logged out elsewhere).
    pub expired: bool,
    /// The request path and query (for the language switch and login redirects).
    pub uri: String,
    /// A session with a log-in step still to take (its user is not [`Ctx::who`] until then).
    pub pending: Option<account::steps::Pending>,
    /// The server runs the demo (synthetic data): every page says so.
    pub demo: bool,
}

/// The value of a cookie in a request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "kkb_session";

/// Unix seconds now.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Ctx, AppError> {
        let lang = cookie(&parts.headers, "lang").and_then(Lang::parse).unwrap_or_default();
        let ip = client_addr::client_addr(parts, app.config.trusted_proxy.as_ref());
        let uri = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        let mut who = Principal::default();
        let mut expired = false;
        let mut pending = None;
        if let Some(bearer) = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        {
            let hash = auth::token_hash(bearer.trim());
            match app.db(move |app| app.store.api_token_user(&hash)).await? {
                Some(user) => who = Principal::of_user(user, None),
                None => return Err(AppError::Unauthorized),
            }
        } else if let Some(token) = cookie(&parts.headers, SESSION_COOKIE).filter(|t| !t.is_empty()) {
            let hash = auth::token_hash(token);
            match app.db(move |app| app.store.session(&hash, unix_now())).await? {
                Some(s) => match account::steps::Stage::of(&s, app.config.require_totp) {
                    None => who = Principal::of_user(s.user, Some(s.csrf)),
                    Some(stage) => {
                        if !stage.allows(parts.uri.path()) {
                            return Err(AppError::StepRequired(stage.page().into()));
                        }
                        pending = Some(account::steps::Pending { user: s.user, stage, csrf: s.csrf, token_hash: hash });
                    }
                },
                None => expired = true,
            }
        }
        Ok(Ctx { lang, who, ip, expired, uri, pending, demo: app.config.demo })
    }
}

impl Ctx {
    /// Fails unless someone is logged in (the error page offers the login form).
    pub fn require_user(&self) -> Result<(), AppError> {
        if self.who.is_user() {
            Ok(())
        } else if self.expired {
            Err(AppError::SessionExpired)
        } else {
            Err(AppError::LoginRequired)
        }
    }

    /// Checks a submitted CSRF token against the session's.
    pub fn check_csrf(&self, submitted: Option<&str>) -> Result<(), AppError> {
        match (&self.who.csrf, submitted) {
            (Some(expected), Some(got)) if auth::same_secret(expected, got) => Ok(()),
            _ => Err(AppError::Csrf),
        }
    }

    /// Appends to the audit log; a failure to write it fails the request (no unrecorded personal-data access).
    pub fn audit(&self, app: &App, action: &str, target: &str, region: &str, detail: &str) -> Result<(), AppError> {
        app.store.audit(&kkb_store::AuditEntry {
            user_id: self.who.user.as_ref().map(|u| u.id),
            username: self.who.username(),
            action,
            target,
            region,
            ip: &self.ip,
            detail,
        })?;
        Ok(())
    }
}

/// The content security policy: nothing inline, nothing from elsewhere.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The whole application.
pub fn router(app: AppState) -> Router {
    use tower_http::set_header::SetResponseHeaderLayer as H;
    let upload_limit = app.config.max_upload_bytes;
    // With --secure-cookies the site is behind HTTPS: browsers keep to HTTPS for a year.
    let hsts = app.config.secure_cookies.then(|| HeaderValue::from_static(cookies::HSTS));
    Router::new()
        .route("/", get(dashboard::home))
        .route("/wilayah/{code}", get(dashboard::region))
        .route("/wilayah/{code}/peringkat", get(dashboard::ranking))
        .merge(registry::routes())
        .merge(candidates::routes())
        .merge(workmap::routes())
        .merge(plans::routes())
        .merge(kampung_files::routes(upload_limit))
        .route("/wilayah/{code}/ekspor/{file}", get(dashboard::export))
        .route("/wilayah/{code}/keluarga", get(families::list))
        .route("/wilayah/{code}/keluarga/baru", get(families::new_form).post(families::create))
        .route("/keluarga/{year}/{village}/{id}", get(families::show))
        .route("/keluarga/{year}/{village}/{id}/ubah", get(families::edit_form).post(families::update))
        .route("/kampung", get(kampung::registry_home))
        .route("/kampung/baru", get(kampung::forms::new_form).post(kampung::forms::create))
        .route("/kampung/{village}", get(kampung::show))
        .route("/kampung/{village}/ubah", get(kampung::forms::edit_form).post(kampung::forms::update))
        .route("/kampung/{village}/profil", get(kampung::forms::profile_form).post(kampung::forms::save_profile))
        .route("/kampung/{village}/laporan", get(kampung::forms::report_form).post(kampung::forms::save_report))
        .route("/kampung/{village}/laporan/{month}/verifikasi", post(kampung::forms::verify_report))
        .route("/kampung/{village}/kegiatan", get(kampung::forms::activity_form).post(kampung::forms::save_activity))
        .route(
            "/kampung/{village}/penduduk",
            get(kampung::forms::population_form).post(kampung::forms::save_population),
        )
        .route(
            "/kampung/{village}/dokumen",
            // Room for the multipart framing around the store's 5 MiB limit, which gives the message.
            post(kampung::forms::upload_document)
                .layer(axum::extract::DefaultBodyLimit::max(kkb_store::MAX_DOCUMENT_BYTES + 64 * 1024)),
        )
        .route("/kampung/{village}/dokumen/{id}", get(kampung::forms::document))
        .route("/cari", get(search::search).post(search::search_nik))
        .route(
            "/unggah",
            get(pk_upload::upload_form)
                .post(pk_upload::upload)
                .layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .merge(account::routes())
        .merge(rounds::routes())
        .route("/admin/pengguna", get(admin::users).post(admin::create_user))
        .route("/admin/pengguna/{id}", post(admin::update_user))
        .route("/admin/pengguna/{id}/2fa/hapus", post(admin::reset_second_factor))
        .route("/admin/token", get(admin::tokens).post(admin::create_token))
        .route("/admin/token/{id}/cabut", post(admin::revoke_token))
        .route("/admin/audit", get(admin::audit))
        .route("/api/docs", get(api::docs))
        .nest("/api/v1", api::routes())
        .merge(openrosa::router())
        .merge(capture::router())
        .route("/static/{*file}", get(assets::serve))
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), error::render))
        .layer(H::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(H::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(H::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(H::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(H::overriding(
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        .layer(H::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(H::overriding(header::STRICT_TRANSPORT_SECURITY, hsts))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(app)
}

/// Serves the application until Ctrl-C or SIGTERM (a service manager's stop).
pub async fn serve(app: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let router = router(app);
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(stop_signal())
        .await
}

/// Ctrl-C (SIGINT) or SIGTERM.
pub async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
