//! Test harness: the application over a real database with a small synthetic Bengkulu round, one user per role,
//! requests through the real router (no server needed), and logins as a browser does them.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use kkb_domain::generate::{GenOptions, generate};
use kkb_domain::pk::{Context, Family, read};
use kkb_domain::region::{Level, OFFICIAL_TABLE, RegionCode, parse_region_table};
use kkb_store::vault::Vault;
use kkb_store::{DatabaseUrl, NewUser, PoolConfig, Store};
use kkb_testdb::{PgDatabase, SqliteFile};
use kkb_web::auth::{Passwords, Role};
use kkb_web::{App, AppState, Config};
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;

/// The PK year of the test round.
pub const YEAR: u16 = 2021;

/// A running application and what the tests need to know about its data.
pub struct TestApp {
    pub app: AppState,
    pub router: Router,
    pub families: Vec<Family>,
    /// The village of the kader (in scope of every test user but admin's and the other regency).
    pub village: RegionCode,
    /// A village in another regency (out of scope of kabupaten, kecamatan and kader).
    pub other: RegionCode,
    /// The database, dropped after the application (its field comes after `app` and `router`); `None` for an
    /// application sharing another's database ([`TestApp::reconfigured`]).
    _db: Option<TestDb>,
}

/// Where the test application's database lives.
enum TestDb {
    Sqlite(SqliteFile),
    Postgres(PgDatabase),
}

/// The synchronous PostgreSQL client may not run on an async worker thread (tests are multi-threaded runtimes).
fn outside_runtime<T>(f: impl FnOnce() -> T) -> T {
    if tokio::runtime::Handle::try_current().is_ok() { tokio::task::block_in_place(f) } else { f() }
}

pub fn pg_admin_url() -> String {
    kkb_testdb::admin_url()
}

/// Roles and their usernames; every password is `password-<username>`.
pub const USERS: [(Role, &str); 5] = [
    (Role::Admin, "admin"),
    (Role::Provinsi, "prov"),
    (Role::Kabupaten, "kab"),
    (Role::Kecamatan, "kec"),
    (Role::Kader, "kader"),
];

pub fn password(username: &str) -> String {
    format!("password-{username}")
}

fn synthetic(store: &Store, n: u64) -> Vec<Family> {
    let regions = parse_region_table(OFFICIAL_TABLE).unwrap();
    let (mut k, mut a) = (Vec::new(), Vec::new());
    let opts = GenOptions { province: RegionCode::parse("17").unwrap(), families: n, seed: 7, year: YEAR };
    generate(&regions, &[], &opts, &mut k, &mut a).unwrap();
    let set = store.region_set().unwrap();
    let is_village = |c| set.is_village(c);
    let is_province = |p| set.is_province(p);
    let ctx = Context { is_village: &is_village, is_province: &is_province, today: kkb_domain::date::today_utc() };
    read::read_csv_pair(k.as_slice(), a.as_slice(), &ctx).unwrap()
}

/// The application on a fresh SQLite file with `n` synthetic families.
pub fn sqlite(n: u64) -> TestApp {
    let file = SqliteFile::new("web.db");
    let store = open(&DatabaseUrl::Sqlite(file.path().to_path_buf()));
    build(store, n, TestDb::Sqlite(file))
}

/// The application on a fresh PostgreSQL database; `None` (loudly) when no server is reachable outside CI.
pub fn postgres(n: u64) -> Option<TestApp> {
    let db = kkb_testdb::postgres("web", "this test")?;
    let url = DatabaseUrl::Postgres(db.url().to_string());
    Some(outside_runtime(|| build(open(&url), n, TestDb::Postgres(db))))
}

/// A store as the server opens it: reads are served while an import is written.
fn open(url: &DatabaseUrl) -> Store {
    let store = Store::connect(url, Vault::from_key(&[7; 32]), PoolConfig::default()).unwrap();
    store.set_exclusive_imports(false);
    store
}

fn build(store: Store, n: u64, db: TestDb) -> TestApp {
    let families = synthetic(&store, n);
    store.import_round(&families, "test").unwrap();
    // The kader's village: the one with the most families (so its figures are not suppressed).
    let mut counts: HashMap<RegionCode, usize> = HashMap::new();
    for f in &families {
        *counts.entry(f.key.village).or_default() += 1;
    }
    let village = *counts.iter().max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c))).unwrap().0;
    let regency = village.ancestor_at(Level::Regency).unwrap();
    let other = *counts
        .iter()
        .filter(|(c, _)| c.ancestor_at(Level::Regency) != Some(regency))
        .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
        .unwrap()
        .0;
    let passwords = Passwords::for_tests();
    let scopes = [
        String::new(),
        "17".to_string(),
        regency.to_string(),
        village.ancestor_at(Level::District).unwrap().to_string(),
        village.to_string(),
    ];
    for ((role, username), scope) in USERS.iter().zip(scopes) {
        store
            .create_user(&NewUser {
                username,
                display_name: &format!("Test {role}"),
                role: *role,
                scope: &scope,
                agency: None,
                password_hash: &passwords.hash(&password(username)),
            })
            .unwrap();
    }
    let config = Config { passwords, ..Config::default() };
    let app = App::new(Arc::new(store), config);
    let router = kkb_web::router(app.clone());
    TestApp { app, router, families, village, other, _db: Some(db) }
}

impl TestApp {
    /// The same database served with other settings (keep `self` alive meanwhile: it owns the database).
    pub fn reconfigured(&self, f: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = self.app.config.clone();
        f(&mut config);
        let app = App::new(self.app.store.clone(), config);
        let router = kkb_web::router(app.clone());
        let families = self.families.clone();
        TestApp { app, router, families, village: self.village, other: self.other, _db: None }
    }
}

/// A response, read whole.
pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

/// A client with a cookie jar.
#[derive(Default, Clone)]
pub struct Client {
    pub cookies: HashMap<String, String>,
    pub bearer: Option<String>,
    /// The socket address requests come from (none: as through the router, without a socket).
    pub peer: Option<std::net::SocketAddr>,
    /// Extra headers sent with every request.
    pub headers: Vec<(String, String)>,
}

impl Client {
    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn absorb(&mut self, headers: &axum::http::HeaderMap) {
        for v in headers.get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap();
            let (kv, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = kv.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), val.to_string());
            }
        }
    }

    pub async fn send(&mut self, t: &TestApp, mut req: Request<Body>) -> Resp {
        if let Some(peer) = self.peer {
            req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        }
        let resp = t.router.clone().oneshot(req).await.unwrap();
        self.absorb(resp.headers());
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Resp { status, headers, body: String::from_utf8_lossy(&bytes).to_string() }
    }

    pub fn request(&self, method: &str, uri: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(uri);
        if !self.cookies.is_empty() {
            b = b.header(header::COOKIE, self.cookie_header());
        }
        if let Some(t) = &self.bearer {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        for (k, v) in &self.headers {
            b = b.header(k.as_str(), v.as_str());
        }
        b
    }

    pub async fn get(&mut self, t: &TestApp, uri: &str) -> Resp {
        let req = self.request("GET", uri).body(Body::empty()).unwrap();
        self.send(t, req).await
    }

    pub async fn post_form(&mut self, t: &TestApp, uri: &str, fields: &[(&str, &str)]) -> Resp {
        let body = fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        let req = self
            .request("POST", uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(t, req).await
    }

    pub async fn post_multipart(&mut self, t: &TestApp, uri: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Resp {
        let boundary = "----kkbtestboundary";
        let mut body = Vec::new();
        for (name, filename, content) in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match filename {
                Some(f) => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
                ),
                None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
            }
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = self
            .request("POST", uri)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.send(t, req).await
    }

    /// Logs in through the form, as a browser does.
    pub async fn login(&mut self, t: &TestApp, username: &str, password: &str) -> Resp {
        let form = self.get(t, "/masuk").await;
        let csrf = hidden(&form.body, "csrf").expect("login form has a csrf field");
        self.post_form(t, "/masuk", &[("username", username), ("password", password), ("csrf", &csrf), ("next", "/")])
            .await
    }

    /// The session's CSRF token, read from a page's logout form.
    pub async fn csrf(&mut self, t: &TestApp) -> String {
        let page = self.get(t, "/api/docs").await;
        hidden(&page.body, "csrf").expect("logged-in pages carry the csrf token")
    }
}

/// A logged-in client for a test user.
pub async fn logged_in(t: &TestApp, username: &str) -> Client {
    let mut c = Client::default();
    let r = c.login(t, username, &password(username)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "login of {username} failed: {}", r.body);
    c
}

/// The value of a hidden input in a page.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle)? + needle.len();
    Some(html[start..].split('"').next()?.to_string())
}

pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
