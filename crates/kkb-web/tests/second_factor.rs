//! The second factor (issue 12, item 11): enrolment, logging in with a code or a recovery code, replays refused,
//! the operator's requirement, an administrator's reset — on SQLite and on PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::{Client, TestApp, hidden, logged_in, password};
use kkb_store::{AuditFilter, AuditRecord};
use kkb_web::totp;

const N: u64 = 300;

fn audit(t: &TestApp, action: &str) -> Vec<AuditRecord> {
    let f = AuditFilter { region_prefix: None, username: None, action: Some(action), before_id: None, limit: 100 };
    t.app.store.audit_log(&f).unwrap()
}

fn now() -> u64 {
    kkb_web::unix_now() as u64
}

/// The code of the step `offset` steps from now.
fn code(t: &TestApp, username: &str, offset: i64) -> String {
    let id = t.app.store.user_for_login(username).unwrap().unwrap().0.id;
    let secret = t.app.store.totp(id).unwrap().unwrap().secret;
    let step = (totp::step_of(now()) as i64 + offset) as u64;
    format!("{:06}", totp::hotp(&secret, step))
}

/// Sets up the second factor through the pages; returns the recovery codes shown.
async fn enrol(t: &TestApp, c: &mut Client, username: &str) -> Vec<String> {
    let page = c.get(t, "/akun/2fa").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = hidden(&page.body, "csrf").unwrap();
    let r = c.post_form(t, "/akun/2fa/mulai", &[("csrf", &csrf)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/akun/2fa"), "{}", r.body);
    let page = c.get(t, "/akun/2fa").await;
    assert!(page.body.contains("id=\"totp-qr\"><svg") && page.body.contains("id=\"totp-key\""), "{}", page.body);
    let key: String = page.body.split("id=\"totp-key\">").nth(1).unwrap().split('<').next().unwrap().replace(' ', "");
    let id = t.app.store.user_for_login(username).unwrap().unwrap().0.id;
    assert_eq!(key, totp::base32(&t.app.store.totp(id).unwrap().unwrap().secret), "the key shown is the secret");
    let r = c.post_form(t, "/akun/2fa/konfirmasi", &[("csrf", &csrf), ("code", "000000")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kode salah"), "{}", r.body);
    let r = c.post_form(t, "/akun/2fa/konfirmasi", &[("csrf", &csrf), ("code", &code(t, username, 0))]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(t.app.store.totp(id).unwrap().unwrap().confirmed);
    let shown = r.body.split("id=\"recovery-codes\"").nth(1).unwrap();
    let codes: Vec<String> = shown
        .split("<code>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string())
        .take(totp::RECOVERY_CODES)
        .collect();
    assert_eq!(codes.len(), totp::RECOVERY_CODES);
    codes
}

/// Logs in with the password; the answer sends to the second step.
async fn password_step(t: &TestApp, username: &str) -> Client {
    let mut c = Client::default();
    let r = c.login(t, username, &password(username)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/masuk/kode"), "{}", r.location());
    c
}

async fn second_step(t: &TestApp, c: &mut Client, code: &str) -> common::Resp {
    let page = c.get(t, "/masuk/kode?next=/akun").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = hidden(&page.body, "csrf").unwrap();
    c.post_form(t, "/masuk/kode", &[("csrf", &csrf), ("code", code), ("next", "/akun")]).await
}

async fn enrolment_login_replay_recovery_and_reset(t: TestApp) {
    let mut prov = logged_in(&t, "prov").await;
    let codes = enrol(&t, &mut prov, "prov").await;
    assert_eq!(audit(&t, "totp.begin").len(), 1);
    assert_eq!(audit(&t, "totp.enrol_failed").len(), 1);
    assert_eq!(audit(&t, "totp.enrol").len(), 1);
    let page = prov.get(&t, "/akun/2fa").await;
    assert!(page.body.contains("id=\"totp-on\"") && !page.body.contains("<svg"), "no secret shown once confirmed");
    // The password alone opens nothing but the second step.
    let mut c = password_step(&t, "prov").await;
    let r = c.get(&t, &format!("/wilayah/{}/keluarga", t.village)).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/masuk/kode"));
    let r = c.get(&t, "/api/v1/regions/17/index").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(r.body.contains("login_step_required"));
    let r = second_step(&t, &mut c, "123456").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Kode salah"));
    assert_eq!(audit(&t, "totp.failed").len(), 1);
    // The code used at enrolment cannot be used again within its window; the next one can, once.
    let r = second_step(&t, &mut c, &code(&t, "prov", 0)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("sudah dipakai"), "{}", r.body);
    assert_eq!(audit(&t, "totp.replay").len(), 1);
    let next = code(&t, "prov", 1);
    let r = second_step(&t, &mut c, &next).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/akun"), "{}", r.body);
    assert_eq!(c.get(&t, &format!("/wilayah/{}/keluarga", t.village)).await.status, StatusCode::OK);
    assert!(audit(&t, "login").iter().any(|r| r.username == "prov" && r.detail == "with second factor"));
    let mut again = password_step(&t, "prov").await;
    let r = second_step(&t, &mut again, &next).await;
    assert!(r.body.contains("sudah dipakai"), "a code is accepted once");
    // Recovery codes: each once.
    let r = second_step(&t, &mut again, &codes[3].to_uppercase()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut third = password_step(&t, "prov").await;
    let r = second_step(&t, &mut third, &codes[3]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(audit(&t, "totp.recovery_used")[0].detail, "9 left");
    // An administrator resets it (a lost phone): sessions end, the password alone logs in again.
    let prov_id = t.app.store.user_for_login("prov").unwrap().unwrap().0.id;
    let mut admin = logged_in(&t, "admin").await;
    let page = admin.get(&t, "/admin/pengguna").await;
    assert!(page.body.contains(&format!("/admin/pengguna/{prov_id}/2fa/hapus")));
    let csrf = admin.csrf(&t).await;
    let r = admin.post_form(&t, &format!("/admin/pengguna/{prov_id}/2fa/hapus"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(t.app.store.totp(prov_id).unwrap().is_none());
    assert_eq!(c.get(&t, "/akun").await.status, StatusCode::UNAUTHORIZED, "the user's sessions ended");
    assert_eq!(audit(&t, "totp.reset")[0].target, "prov");
    assert_eq!(logged_in(&t, "prov").await.get(&t, "/akun").await.status, StatusCode::OK);
    // Roles without a second factor are told so, and may not start one.
    let mut kader = logged_in(&t, "kader").await;
    let page = kader.get(&t, "/akun/2fa").await;
    assert!(page.body.contains("tersedia untuk administrator"), "{}", page.body);
    let csrf = kader.csrf(&t).await;
    assert_eq!(kader.post_form(&t, "/akun/2fa/mulai", &[("csrf", &csrf)]).await.status, StatusCode::FORBIDDEN);
}

async fn the_operator_can_require_it(t: TestApp) {
    let strict = t.reconfigured(|c| c.require_totp = true);
    let mut kab = Client::default();
    let r = kab.login(&strict, "kab", &password("kab")).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/akun/2fa"));
    for uri in ["/", "/akun", "/akun/token", "/admin/pengguna", &format!("/wilayah/{}/keluarga", t.village)] {
        let r = kab.get(&strict, uri).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/akun/2fa"), "{uri}");
    }
    let page = kab.get(&strict, "/akun/2fa").await;
    assert!(page.body.contains("mewajibkan verifikasi dua langkah"), "{}", page.body);
    enrol(&strict, &mut kab, "kab").await;
    assert_eq!(kab.get(&strict, &format!("/wilayah/{}/keluarga", t.village)).await.status, StatusCode::OK, "enrolled");
    // A session from before the requirement is sent to enrolment too; roles without a second factor are not.
    let mut admin = logged_in(&t, "admin").await;
    assert_eq!(admin.get(&strict, "/admin/pengguna").await.location(), "/akun/2fa");
    let mut kader = Client::default();
    let r = kader.login(&strict, "kader", &password("kader")).await;
    assert_eq!(r.location(), format!("/wilayah/{}", t.village));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_factor_sqlite() {
    enrolment_login_replay_recovery_and_reset(common::sqlite(N)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_factor_postgres() {
    let Some(t) = common::postgres(N) else { return };
    enrolment_login_replay_recovery_and_reset(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn required_second_factor_sqlite() {
    the_operator_can_require_it(common::sqlite(N)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn required_second_factor_postgres() {
    let Some(t) = common::postgres(N) else { return };
    the_operator_can_require_it(t).await;
}
