//! Headless Chromium for the browser tests: launching it (or skipping loudly outside CI when it is missing),
//! serving a test application on a local port, running scripts, clicking and waiting for navigations, logging
//! in, and screenshots under target/screenshots/.
#![allow(dead_code)]

use crate::common::TestApp;
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::page::ScreenshotParams;
use futures::StreamExt;
use std::path::PathBuf;
use std::time::Duration;

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// A running Chromium with its event loop and its throw-away profile.
pub struct Chromium {
    pub browser: Browser,
    handler: tokio::task::JoinHandle<()>,
    _profile: tempfile::TempDir,
}

impl Chromium {
    /// Chromium, or `None` (loudly) outside CI when it is not installed. Under CI it must be there.
    pub async fn launch() -> Option<Chromium> {
        if !std::path::Path::new(CHROMIUM).exists() {
            kkb_testdb::skips::no_chromium("a browser test", CHROMIUM);
            return None;
        }
        let profile = tempfile::tempdir().unwrap();
        let cfg = BrowserConfig::builder()
            .chrome_executable(CHROMIUM)
            .no_sandbox()
            .user_data_dir(profile.path())
            .window_size(1280, 900)
            .args([
                "disable-gpu",
                "disable-quic",
                "disable-component-update",
                "disable-domain-reliability",
                "no-default-browser-check",
            ])
            .build()
            .unwrap();
        let (browser, mut handler) = Browser::launch(cfg).await.expect("chromium starts");
        let handler = tokio::spawn(async move {
            while let Some(ev) = handler.next().await {
                if ev.is_err() {
                    break;
                }
            }
        });
        Some(Chromium { browser, handler, _profile: profile })
    }

    pub async fn close(mut self) {
        self.browser.close().await.unwrap();
        self.browser.wait().await.unwrap();
        self.handler.abort();
    }
}

/// The application served on a free local port; its base address.
pub async fn serve(t: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = t.app.clone();
    tokio::spawn(async move { kkb_web::serve(app, listener).await.unwrap() });
    format!("http://{addr}")
}

pub fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn shot(page: &chromiumoxide::Page, name: &str) {
    let path = screenshots().join(name);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    page.save_screenshot(ScreenshotParams::builder().full_page(true).build(), path).await.unwrap();
}

/// The inner text of the first element matching `selector`.
pub async fn text(page: &chromiumoxide::Page, selector: &str) -> String {
    page.find_element(selector)
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .inner_text()
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Runs a script and returns its value, asking again when a navigation replaced the document meanwhile.
pub async fn js(page: &chromiumoxide::Page, script: &str) -> serde_json::Value {
    let mut last = None;
    for _ in 0..40 {
        match page.evaluate(script).await {
            Ok(v) => return v.into_value().unwrap_or(serde_json::Value::Null),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page did not run {script:?}: {last:?}");
}

/// Waits until the page has left `from` and finished loading (clicks and submits navigate asynchronously).
pub async fn left(page: &chromiumoxide::Page, from: &str) {
    for _ in 0..200 {
        let url = page.url().await.unwrap().unwrap_or_default();
        if url != from && js(page, "document.readyState").await == "complete" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page did not leave {from}");
}

/// Clicks an element and waits for the navigation it starts.
pub async fn click(page: &chromiumoxide::Page, selector: &str) {
    let from = page.url().await.unwrap().unwrap_or_default();
    page.find_element(selector).await.unwrap_or_else(|e| panic!("{selector}: {e}")).click().await.unwrap();
    left(page, &from).await;
}

/// Logs in through the login form with the test password of `user`.
pub async fn login(page: &chromiumoxide::Page, base: &str, user: &str) {
    page.goto(format!("{base}/masuk")).await.unwrap();
    page.find_element("#username").await.unwrap().click().await.unwrap().type_str(user).await.unwrap();
    let password = crate::common::password(user);
    page.find_element("#password").await.unwrap().click().await.unwrap().type_str(&password).await.unwrap();
    click(page, "form[action='/masuk'] button[type=submit]").await;
}

/// Emulates a screen of `width`×`height` CSS pixels (a phone when `mobile`).
pub async fn screen(page: &chromiumoxide::Page, width: i64, height: i64, mobile: bool) {
    let dpr = if mobile { 2.0 } else { 1.0 };
    page.execute(SetDeviceMetricsOverrideParams::new(width, height, dpr, mobile)).await.unwrap();
}
