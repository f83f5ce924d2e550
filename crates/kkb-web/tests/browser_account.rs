//! The account pages in a real browser (headless Chromium), on SQLite and PostgreSQL: a province user changes
//! their password (a weak one is refused with the reason), sets up the second factor from the QR page, sees the
//! recovery codes, and logs in again with the password and a code.

mod common;

#[path = "common/browser.rs"]
mod browser;

use browser::{Chromium, click, js, serve, text};
use std::time::Duration;

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

fn code(t: &common::TestApp, offset: u64) -> String {
    let id = t.app.store.user_for_login("prov").unwrap().unwrap().0.id;
    let secret = t.app.store.totp(id).unwrap().unwrap().secret;
    let step = kkb_web::totp::step_of(kkb_web::unix_now() as u64) + offset;
    format!("{:06}", kkb_web::totp::hotp(&secret, step))
}

async fn password_and_second_factor(t: common::TestApp) {
    let Some(mut chromium) = Chromium::launch().await else { return };
    let browser = &mut chromium.browser;
    let base = serve(&t).await;
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
    chromium.close().await;
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
