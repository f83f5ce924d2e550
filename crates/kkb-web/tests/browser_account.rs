//! The account pages in a real browser (headless Chromium), on SQLite and PostgreSQL: a province user changes
//! their password (a weak one is refused with the reason), sets up the second factor from the QR page, sees the
//! recovery codes, and logs in again with the password and a code.

mod common;

use chromiumoxide::browser::{Browser, BrowserConfig};
use futures::StreamExt;
use std::time::Duration;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium, or `None` (loudly) outside CI when it is not installed. Under CI it must be there.
async fn launch() -> Option<(Browser, tokio::task::JoinHandle<()>, tempfile::TempDir)> {
    if !std::path::Path::new(CHROMIUM).exists() {
        assert!(std::env::var("CI").ok().as_deref() != Some("true"), "{CHROMIUM} is required under CI");
        eprintln!("SKIPPED browser test: {CHROMIUM} is not installed (apt-get install chromium)");
        return None;
    }
    let profile = tempfile::tempdir().unwrap();
    let cfg = BrowserConfig::builder()
        .chrome_executable(CHROMIUM)
        .no_sandbox()
        .user_data_dir(profile.path())
        .window_size(1280, 900)
        .args(["disable-gpu", "disable-quic", "disable-component-update", "no-default-browser-check"])
        .build()
        .unwrap();
    let (browser, mut handler) = Browser::launch(cfg).await.expect("chromium starts");
    let h = tokio::spawn(async move { while let Some(Ok(_)) = handler.next().await {} });
    Some((browser, h, profile))
}

async fn js(page: &chromiumoxide::Page, script: &str) -> serde_json::Value {
    for _ in 0..40 {
        if let Ok(v) = page.evaluate(script).await {
            return v.into_value().unwrap_or(serde_json::Value::Null);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page did not run {script:?}");
}

/// Clicks and waits until the page has left its address and loaded.
async fn click(page: &chromiumoxide::Page, selector: &str) {
    let from = page.url().await.unwrap().unwrap_or_default();
    page.find_element(selector).await.unwrap_or_else(|e| panic!("{selector}: {e}")).click().await.unwrap();
    for _ in 0..200 {
        let url = page.url().await.unwrap().unwrap_or_default();
        if url != from && js(page, "document.readyState").await == "complete" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page did not leave {from}");
}

/// Submits a form whose page answers at the same address (a refusal shown again).
async fn submit_in_place(page: &chromiumoxide::Page, selector: &str, marker: &str) {
    page.find_element(selector).await.unwrap().click().await.unwrap();
    for _ in 0..200 {
        if js(page, &format!("!!document.querySelector('{marker}')")).await == true {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{marker} did not appear");
}

async fn fill(page: &chromiumoxide::Page, selector: &str, text: &str) {
    page.find_element(selector).await.unwrap().click().await.unwrap().type_str(text).await.unwrap();
}

async fn text(page: &chromiumoxide::Page, selector: &str) -> String {
    page.find_element(selector).await.unwrap().inner_text().await.unwrap().unwrap_or_default()
}

fn code(t: &common::TestApp, offset: u64) -> String {
    let id = t.app.store.user_for_login("prov").unwrap().unwrap().0.id;
    let secret = t.app.store.totp(id).unwrap().unwrap().secret;
    let step = kkb_web::totp::step_of(kkb_web::unix_now() as u64) + offset;
    format!("{:06}", kkb_web::totp::hotp(&secret, step))
}

async fn password_and_second_factor(t: common::TestApp) {
    let Some((mut browser, handler, _profile)) = launch().await else { return };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = t.app.clone();
    tokio::spawn(async move { kkb_web::serve(app, listener).await.unwrap() });
    let page = browser.new_page(format!("{base}/masuk")).await.unwrap();
    fill(&page, "#username", "prov").await;
    fill(&page, "#password", &common::password("prov")).await;
    click(&page, "form[action='/masuk'] button[type=submit]").await;
    click(&page, "a.who").await;
    click(&page, "a[href='/akun/kata-sandi']").await;
    // A weak password is refused with the reason, in Indonesian.
    fill(&page, "#current", &common::password("prov")).await;
    fill(&page, "#new", "aaaaaaaaaaaa").await;
    fill(&page, "#confirm", "aaaaaaaaaaaa").await;
    submit_in_place(&page, "form[action='/akun/kata-sandi'] button", "#password-errors").await;
    assert!(text(&page, "#password-errors").await.contains("mengulang satu karakter"));
    let new = "gunung dempo berkabut tebal";
    fill(&page, "#current", &common::password("prov")).await;
    fill(&page, "#new", new).await;
    fill(&page, "#confirm", new).await;
    click(&page, "form[action='/akun/kata-sandi'] button").await;
    assert!(text(&page, "#account-flash").await.contains("Kata sandi diganti"));
    // The second factor: the QR code is drawn, a code from the app confirms it, the recovery codes are shown.
    click(&page, "a[href='/akun/2fa']").await;
    submit_in_place(&page, "#totp-start", "#totp-qr svg").await;
    let width = js(&page, "document.querySelector('#totp-qr svg').getBoundingClientRect().width").await;
    assert!(width.as_f64().unwrap() >= 200.0, "the QR code is drawn: {width}");
    fill(&page, "#code", &code(&t, 0)).await;
    submit_in_place(&page, "form[action='/akun/2fa/konfirmasi'] button", "#recovery-codes").await;
    assert_eq!(js(&page, "document.querySelectorAll('#recovery-codes li').length").await, 10);
    // Logging in again asks for a code after the password.
    click(&page, "form[action='/keluar'] button").await;
    page.goto(format!("{base}/masuk")).await.unwrap();
    fill(&page, "#username", "prov").await;
    fill(&page, "#password", new).await;
    click(&page, "form[action='/masuk'] button[type=submit]").await;
    assert!(page.url().await.unwrap().unwrap_or_default().contains("/masuk/kode"));
    fill(&page, "#code", &code(&t, 1)).await;
    click(&page, "form[action='/masuk/kode'] button").await;
    let url = page.url().await.unwrap().unwrap_or_default();
    assert!(url.ends_with("/wilayah/17"), "logged in: {url}");
    browser.close().await.unwrap();
    handler.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_and_second_factor_in_a_browser_sqlite() {
    password_and_second_factor(common::sqlite(300)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_and_second_factor_in_a_browser_postgres() {
    let Some(t) = common::postgres(300) else { return };
    password_and_second_factor(t).await;
}
