//! The holes of the security review (issue 12, items 4 and 8-13), each a regression test through the router on
//! SQLite and on PostgreSQL.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Client, Resp, TestApp, YEAR, enc, hidden, logged_in, password};
use http_body_util::BodyExt;
use kkb_store::{AuditFilter, AuditRecord};
use kkb_web::auth::Throttle;
use std::net::SocketAddr;
use tower::ServiceExt;

const N: u64 = 300;

/// Runs a case on a fresh SQLite database and on a fresh PostgreSQL database.
macro_rules! both_engines {
    ($case:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $sqlite() {
            $case(common::sqlite(N)).await;
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $postgres() {
            let Some(t) = common::postgres(N) else { return };
            $case(t).await;
        }
    };
}

fn audit(t: &TestApp, action: &str) -> Vec<AuditRecord> {
    let f = AuditFilter { region_prefix: None, username: None, action: Some(action), before_id: None, limit: 1000 };
    t.app.store.audit_log(&f).unwrap()
}

fn peer(ip: &str) -> Option<SocketAddr> {
    Some(SocketAddr::new(ip.parse().unwrap(), 40000))
}

async fn read(resp: axum::response::Response) -> Resp {
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    Resp { status, headers, body: String::from_utf8_lossy(&bytes).to_string() }
}

/// `n` logins sent at once from one address with the same login-form token.
async fn parallel_logins(t: &TestApp, from: &str, usernames: &[String]) -> Vec<StatusCode> {
    let mut c = Client { peer: peer(from), ..Client::default() };
    let form = c.get(t, "/masuk").await;
    let csrf = hidden(&form.body, "csrf").unwrap();
    let requests = usernames.iter().map(|u| {
        let body = format!("username={}&password=wrong-password-123&csrf={csrf}&next=%2F", enc(u));
        let mut req = c
            .request("POST", "/masuk")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer(from).unwrap()));
        let router = t.router.clone();
        async move { router.oneshot(req).await.unwrap().status() }
    });
    futures::future::join_all(requests).await
}

async fn parallel_logins_hash_at_most_the_limit(t: TestApp) {
    // One user, one address: at most the user's limit is hashed, whatever the number sent at once.
    let before = t.app.password_gate.checks();
    let statuses = parallel_logins(&t, "198.51.100.1", &vec!["kader".to_string(); 64]).await;
    let hashed = t.app.password_gate.checks() - before;
    assert!(hashed <= u64::from(Throttle::LIMIT), "{hashed} password checks for one user");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count() as u64, hashed);
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count() as u64, 64 - hashed);
    // Many usernames, one address: at most the address's limit.
    let names: Vec<String> = (0..96).map(|i| format!("nobody{i}")).collect();
    let before = t.app.password_gate.checks();
    let statuses = parallel_logins(&t, "198.51.100.2", &names).await;
    let hashed = t.app.password_gate.checks() - before;
    assert!(hashed <= u64::from(Throttle::ADDRESS_LIMIT), "{hashed} password checks from one address");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count() as u64, 96 - hashed);
    assert!(audit(&t, "login.throttled").len() >= 64 - Throttle::LIMIT as usize, "throttled attempts are audited");
    // The user locked out from the attacker's address still logs in from elsewhere.
    let mut elsewhere = Client { peer: peer("203.0.113.50"), ..Client::default() };
    let r = elsewhere.login(&t, "kader", &password("kader")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "one attacker cannot lock a user out everywhere");
    let mut attacker = Client { peer: peer("198.51.100.1"), ..Client::default() };
    assert_eq!(attacker.login(&t, "kader", &password("kader")).await.status, StatusCode::TOO_MANY_REQUESTS);
}
both_engines!(parallel_logins_hash_at_most_the_limit, parallel_logins_sqlite, parallel_logins_postgres);

async fn a_full_line_of_password_checks_answers_busy(t: TestApp) {
    let quick = t.reconfigured(|c| c.password_wait = std::time::Duration::from_millis(50));
    let held = quick.app.password_gate.hold_all().await;
    let mut c = Client { peer: peer("192.0.2.9"), ..Client::default() };
    for _ in 0..=Throttle::LIMIT {
        let r = c.login(&quick, "kader", "wrong-password-123").await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
        assert!(r.body.contains("Server sedang sibuk"), "{}", r.body);
        assert!(r.headers.get(header::RETRY_AFTER).is_some());
    }
    let r = c.login(&quick, "kader", &password("kader")).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(!c.cookies.contains_key(kkb_web::SESSION_COOKIE), "no session");
    assert_eq!(audit(&t, "login.busy").len(), Throttle::LIMIT as usize + 2, "audited");
    drop(held);
    // A busy answer checked nothing, so it did not count against the user.
    let r = c.login(&quick, "kader", &password("kader")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}
both_engines!(a_full_line_of_password_checks_answers_busy, busy_sqlite, busy_postgres);

async fn the_client_address_comes_from_a_trusted_proxy_only(t: TestApp) {
    let proxied = t.reconfigured(|c| {
        c.trusted_proxy = Some(kkb_web::client_addr::TrustedProxy::new("X-Forwarded-For", &[]).unwrap())
    });
    let xff = vec![("X-Forwarded-For".to_string(), "203.0.113.77".to_string())];
    let mut via_proxy = Client { peer: peer("127.0.0.1"), headers: xff.clone(), ..Client::default() };
    via_proxy.login(&proxied, "nobody-a", "wrong-password-123").await;
    let mut direct = Client { peer: peer("192.0.2.33"), headers: xff.clone(), ..Client::default() };
    direct.login(&proxied, "nobody-b", "wrong-password-123").await;
    let mut unconfigured = Client { peer: peer("127.0.0.1"), headers: xff, ..Client::default() };
    unconfigured.login(&t, "nobody-c", "wrong-password-123").await;
    let ip_of = |u: &str| audit(&t, "login.failed").into_iter().find(|r| r.target == u).unwrap().ip;
    assert_eq!(ip_of("nobody-a"), "203.0.113.77");
    assert_eq!(ip_of("nobody-b"), "192.0.2.33", "a header from elsewhere than the proxy is ignored");
    assert_eq!(ip_of("nobody-c"), "127.0.0.1", "the header is read only when configured");
}
both_engines!(the_client_address_comes_from_a_trusted_proxy_only, proxy_sqlite, proxy_postgres);

async fn api_tokens_are_minted_by_their_owner_only(t: TestApp) {
    let kader = t.app.store.user_for_login("kader").unwrap().unwrap().0;
    let mut admin = logged_in(&t, "admin").await;
    let csrf = admin.csrf(&t).await;
    let id = kader.id.to_string();
    let r = admin.post_form(&t, "/admin/token", &[("csrf", &csrf), ("user_id", &id), ("name", "for the cadre")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("tidak dapat membuat token untuk pengguna lain"), "{}", r.body);
    assert!(t.app.store.api_tokens().unwrap().is_empty(), "nothing written");
    let refused = audit(&t, "token.create_refused");
    assert_eq!((refused.len(), refused[0].username.as_str(), refused[0].target.as_str()), (1, "admin", "kader"));
    // Administrators mint for themselves; a token of theirs reads no families.
    let r = admin.post_form(&t, "/admin/token", &[("csrf", &csrf), ("name", "monitoring")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let admin_token = r.body.split("id=\"new-token\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    let mut as_admin = Client { bearer: Some(admin_token), ..Client::default() };
    let fam = t.families.iter().find(|f| f.key.village == t.village).unwrap();
    let reveal = format!("/api/v1/families/{YEAR}/{}/{}?reveal=true", t.village, fam.key.family_id);
    assert_eq!(as_admin.get(&t, &reveal).await.status, StatusCode::FORBIDDEN);
    // The cadre mints their own on the account page; its reads are the cadre's own.
    let mut cadre = logged_in(&t, "kader").await;
    let ccsrf = cadre.csrf(&t).await;
    assert_eq!(cadre.get(&t, "/akun/token").await.status, StatusCode::OK);
    let r = cadre.post_form(&t, "/akun/token", &[("csrf", &ccsrf), ("name", "ODK sync")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let token = r.body.split("id=\"new-token\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    let mut api = Client { bearer: Some(token), ..Client::default() };
    assert_eq!(api.get(&t, &reveal).await.status, StatusCode::OK);
    let mine: Vec<_> = t.app.store.api_tokens().unwrap().into_iter().filter(|t| t.user_id == kader.id).collect();
    assert_eq!(mine.len(), 1);
    // Nobody revokes another user's token from the account page; administrators do from theirs.
    let theirs = t.app.store.api_tokens().unwrap().into_iter().find(|t| t.username == "admin").unwrap();
    let r = cadre.post_form(&t, &format!("/akun/token/{}/cabut", theirs.id), &[("csrf", &ccsrf)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = admin.post_form(&t, &format!("/admin/token/{}/cabut", mine[0].id), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(api.get(&t, &reveal).await.status, StatusCode::UNAUTHORIZED);
}
both_engines!(api_tokens_are_minted_by_their_owner_only, tokens_sqlite, tokens_postgres);

/// Hostile `next` values as sent in a URL query (percent-encoded once more by the sender).
const HOSTILE: &[&str] = &[
    "//evil.example",
    "%2F%2Fevil.example",
    "/%09/other.host/x",
    "%2F%09%2Fother.host%2Fx",
    "/%0a/other.host",
    "/%5Cevil.example",
    "%2F%5Cevil.example",
    "%5C%5Cevil.example",
    "/%252F/evil.example",
    "/%2509/other.host",
    "https://evil.example",
    "javascript:alert(1)",
    "/x%0d%0aSet-Cookie:%20a=b",
    "/x%250d%250aSet-Cookie:%20a=b",
    "/x%00",
    "%20/x",
];

async fn next_accepts_same_origin_paths_only(t: TestApp) {
    let mut c = Client::default();
    for value in HOSTILE {
        let r = c.get(&t, &format!("/bahasa/en?next={value}")).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "language switch, next={value}");
        let r = c.get(&t, &format!("/masuk?next={value}")).await;
        assert_eq!(r.status, StatusCode::OK, "login form, next={value}");
        assert_eq!(hidden(&r.body, "next").as_deref(), Some("/"), "login form, next={value}");
        let mut user = Client::default();
        let form = user.get(&t, "/masuk").await;
        let csrf = hidden(&form.body, "csrf").unwrap();
        let body = format!("username=prov&password={}&csrf={csrf}&next={value}", enc(&password("prov")));
        let req = user
            .request("POST", "/masuk")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let r = user.send(&t, req).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/wilayah/17"), "login, next={value}");
    }
    assert!(audit(&t, "redirect.refused").len() >= HOSTILE.len() * 3, "refused targets are audited");
    let r = c.get(&t, "/bahasa/id?next=/wilayah/17%3Fsort%3Dname").await;
    assert_eq!(r.location(), "/wilayah/17?sort=name", "local paths are kept");
}
both_engines!(next_accepts_same_origin_paths_only, next_sqlite, next_postgres);

async fn change_password(t: &TestApp, c: &mut Client, csrf: &str, current: &str, new: &str) -> Resp {
    c.post_form(t, "/akun/kata-sandi", &[("csrf", csrf), ("current", current), ("new", new), ("confirm", new)]).await
}

async fn passwords_follow_the_policy(t: TestApp) {
    let mut admin = logged_in(&t, "admin").await;
    let csrf = admin.csrf(&t).await;
    let village = t.village.to_string();
    for (pw, says) in [
        ("aaaaaaaaaaaa", "mengulang satu karakter"),
        ("1234567890ab", "berupa urutan"),
        ("pendek-saja", "minimal 12 karakter, yang Anda ketik 11"),
        ("Password2024!", "paling sering dipakai"),
        ("kader3-di-desa", "memuat nama pengguna"),
    ] {
        let fields = [
            ("csrf", csrf.as_str()),
            ("username", "kader3"),
            ("display_name", "Kader Tiga"),
            ("role", "kader"),
            ("scope", village.as_str()),
            ("password", pw),
        ];
        let r = admin.post_form(&t, "/admin/pengguna", &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{pw}");
        assert!(r.body.contains(says), "{pw}: {}", r.body);
        assert!(t.app.store.user_for_login("kader3").unwrap().is_none(), "nothing written for {pw}");
    }
    admin.cookies.insert("lang".into(), "en".into());
    let r = admin
        .post_form(
            &t,
            "/admin/pengguna",
            &[
                ("csrf", &csrf),
                ("username", "kader3"),
                ("display_name", "K"),
                ("role", "kader"),
                ("scope", &village),
                ("password", "aaaaaaaaaaaa"),
            ],
        )
        .await;
    assert!(r.body.contains("only repeats one character"), "{}", r.body);
    // Every user changes their own password on the account page.
    let mut kader = logged_in(&t, "kader").await;
    let mut other_session = logged_in(&t, "kader").await;
    let kcsrf = kader.csrf(&t).await;
    assert_eq!(kader.get(&t, "/akun/kata-sandi").await.status, StatusCode::OK);
    let r = change_password(&t, &mut kader, &kcsrf, "wrong-current-pw", "kopi susu di pagi hari").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kata sandi sekarang salah"));
    assert_eq!(audit(&t, "password.change_failed").len(), 1);
    let r = change_password(&t, &mut kader, &kcsrf, "password-kader", "qwertyuiop12").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("berupa urutan"), "{}", r.body);
    assert!(audit(&t, "password.rejected")[0].detail.contains("sequential"));
    assert_eq!(Client::default().login(&t, "kader", "password-kader").await.status, StatusCode::SEE_OTHER, "unchanged");
    let r = change_password(&t, &mut kader, &kcsrf, "password-kader", "kopi susu di pagi hari").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/akun?ok=password"), "{}", r.body);
    assert!(kader.get(&t, "/akun?ok=password").await.body.contains("Kata sandi diganti"));
    assert_eq!(other_session.get(&t, "/akun").await.status, StatusCode::UNAUTHORIZED, "other sessions end");
    assert_eq!(Client::default().login(&t, "kader", "password-kader").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(Client::default().login(&t, "kader", "kopi susu di pagi hari").await.status, StatusCode::SEE_OTHER);
    assert_eq!(audit(&t, "password.change").len(), 1);
    // The demo's passwords pass the policy and work.
    let logins = kkb_demo::demo_users(&t.app.store, &DemoCredentials(kkb_web::auth::Passwords::for_tests())).unwrap();
    for l in &logins {
        assert!(kkb_web::password_policy::check(&l.password, &l.username).is_empty(), "{}", l.username);
        let r = Client::default().login(&t, &l.username, &l.password).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "demo login {}", l.username);
    }
}
both_engines!(passwords_follow_the_policy, passwords_sqlite, passwords_postgres);

/// The web application's passwords for the demo's users, as `kampungkb demo` gives them.
struct DemoCredentials(kkb_web::auth::Passwords);

impl kkb_demo::Credentials for DemoCredentials {
    fn hash(&self, password: &str) -> String {
        self.0.hash(password)
    }

    fn remember(
        &self,
        store: &kkb_store::Store,
        user: &kkb_store::User,
        pw: &str,
    ) -> Result<(), kkb_store::StoreError> {
        kkb_web::openrosa::digest::remember_password(store, user, pw)
    }

    fn acceptable(&self, password: &str, username: &str) -> bool {
        kkb_web::password_policy::check(password, username).is_empty()
    }
}

async fn framework_rejections_are_pages_and_json_in_the_reader_language(t: TestApp) {
    let mut admin = logged_in(&t, "admin").await;
    let csrf = admin.csrf(&t).await;
    // Form: a field that is not a number, a missing field.
    let r = admin.post_form(&t, "/admin/token", &[("csrf", &csrf), ("user_id", "abc"), ("name", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("<html")
            && r.body.contains("Isian formulir tidak dapat dibaca: isian «user_id» harus berupa angka"),
        "{}",
        r.body
    );
    let r = Client::default().post_form(&t, "/masuk", &[("username", "x")]).await;
    assert!(r.body.contains("Isian formulir tidak dapat dibaca: isian «password» tidak ada"), "{}", r.body);
    // Query, on a page and in the API.
    let r = admin.get(&t, "/admin/audit?before=abc").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("Parameter alamat (setelah tanda ?) tidak dapat dibaca: isian «before» harus berupa angka"),
        "{}",
        r.body
    );
    let r = Client::default().get(&t, "/api/v1/regions/17/index?year=abc").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["error"]["code"], "bad_request");
    assert!(v["error"]["message"].as_str().unwrap().contains("isian «year» harus berupa angka"), "{}", r.body);
    // Path, on a page and in the API.
    let r = admin.post_form(&t, "/admin/pengguna/abc", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Alamat halaman tidak valid: «abc» bukan angka"), "{}", r.body);
    let r = Client::default().get(&t, "/api/v1/plans/abc").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert!(v["error"]["message"].as_str().unwrap().contains("«abc» bukan angka"), "{}", r.body);
    // (No handler takes axum's Json extractor: the API's writes parse their bodies themselves and answer with
    // their own errors; a Json rejection would be classified like the others, see rejection.rs's tests.)
    // Wrong content type, multipart without a boundary, a missing upload field, too large, wrong method.
    let mut kader = logged_in(&t, "kader").await;
    let kcsrf = kader.csrf(&t).await;
    let record = [
        ("csrf", kcsrf.as_str()),
        ("name", "Kampung KB Uji"),
        ("launch_date", "2026-01-15"),
        ("decree.number", "12/SK/2026"),
        ("decree.date", "2026-01-10"),
        ("decree.regulation_type", "sk_kepala_desa"),
        ("rws", "RW 01"),
        ("criteria.utama", "keluarga_miskin_tinggi"),
        ("active", "1"),
    ];
    let r = kader.post_form(&t, &format!("/kampung/baru?desa={}", t.village), &record).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let req = kader
        .request("POST", "/masuk")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let r = kader.send(&t, req).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.body.contains("Jenis isi permintaan salah"), "{}", r.body);
    let doc = format!("/kampung/{}/dokumen", t.village);
    let req =
        kader.request("POST", &doc).header(header::CONTENT_TYPE, "multipart/form-data").body(Body::from("x")).unwrap();
    let r = kader.send(&t, req).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Unggahan tidak dapat dibaca"), "{}", r.body);
    let r = kader.post_multipart(&t, &doc, &[("csrf", None, kcsrf.as_bytes())]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Unggahan tidak dapat dibaca: isian «file» tidak ada"), "{}", r.body);
    let big = "a".repeat(3 * 1024 * 1024);
    let r = Client::default().post_form(&t, "/masuk", &[("username", &big), ("password", "x"), ("csrf", "x")]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("Isi permintaan terlalu besar"), "{}", r.body);
    let req =
        Request::builder().method("PUT").uri("/masuk").header(header::COOKIE, "lang=en").body(Body::empty()).unwrap();
    let r = read(t.router.clone().oneshot(req).await.unwrap()).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        r.body.contains("This address does not accept this kind of request") && r.body.contains("lang=\"en\""),
        "{}",
        r.body
    );
    // A redirect that cannot be a header value is no plain-text answer either.
    let r = Client::default().get(&t, "/bahasa/en?next=/x%0d%0a").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
}
both_engines!(framework_rejections_are_pages_and_json_in_the_reader_language, rejections_sqlite, rejections_postgres);

async fn secure_cookies_and_hsts_with_the_setting_only(t: TestApp) {
    let secure = t.reconfigured(|c| c.secure_cookies = true);
    for (app, on) in [(&t, false), (&secure, true)] {
        let mut cookies = Vec::new();
        let mut c = Client::default();
        let mut keep = |r: &Resp| {
            cookies.extend(r.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()));
            r.headers.get(header::STRICT_TRANSPORT_SECURITY).map(|v| v.to_str().unwrap().to_string())
        };
        let hsts = keep(&c.get(app, "/masuk").await);
        assert_eq!(hsts.as_deref(), on.then_some("max-age=31536000; includeSubDomains"));
        keep(&c.login(app, "prov", &password("prov")).await);
        keep(&c.get(app, "/bahasa/en?next=/").await);
        let csrf = c.csrf(app).await;
        keep(&c.post_form(app, "/keluar", &[("csrf", &csrf)]).await);
        let mut stale = Client::default();
        stale.cookies.insert(kkb_web::SESSION_COOKIE.into(), "gone".into());
        keep(&stale.get(app, "/akun").await);
        let names: Vec<&str> = cookies.iter().map(|c| c.split('=').next().unwrap()).collect();
        for name in ["kkb_login", "kkb_session", "lang"] {
            assert!(names.contains(&name), "{name} was set: {cookies:?}");
        }
        for cookie in &cookies {
            assert_eq!(cookie.contains("; Secure"), on, "{cookie}");
        }
    }
}
both_engines!(secure_cookies_and_hsts_with_the_setting_only, cookies_sqlite, cookies_postgres);
