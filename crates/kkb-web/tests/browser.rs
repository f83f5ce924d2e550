//! The pages in a real browser (headless Chromium): a village cadre corrects an answer and sees the village and
//! province figures change; the province logs in; the public dashboard shows no personal data. Screenshots of
//! the main pages are written to target/screenshots/ for people to look at.

mod common;

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::page::ScreenshotParams;
use futures::StreamExt;
use kkb_domain::region::RegionCode;
use std::path::PathBuf;

const CHROMIUM: &str = "/usr/bin/chromium";

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Chromium, or `None` (loudly) outside CI when it is not installed. Under CI it must be there.
async fn launch() -> Option<(Browser, tokio::task::JoinHandle<()>, tempfile::TempDir)> {
    if !std::path::Path::new(CHROMIUM).exists() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{CHROMIUM} is required under CI (apt-get install chromium)");
        }
        eprintln!("SKIPPED browser test: {CHROMIUM} is not installed (apt-get install chromium)");
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
    let h = tokio::spawn(async move {
        while let Some(ev) = handler.next().await {
            if ev.is_err() {
                break;
            }
        }
    });
    Some((browser, h, profile))
}

async fn serve(t: &common::TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = t.app.clone();
    tokio::spawn(async move { kkb_web::serve(app, listener).await.unwrap() });
    format!("http://{addr}")
}

async fn text(page: &chromiumoxide::Page, selector: &str) -> String {
    page.find_element(selector)
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .inner_text()
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn js(page: &chromiumoxide::Page, script: &str) -> serde_json::Value {
    page.evaluate(script).await.unwrap().into_value().unwrap_or(serde_json::Value::Null)
}

/// Waits until the page has left `from` and finished loading (clicks and submits navigate asynchronously).
async fn left(page: &chromiumoxide::Page, from: &str) {
    for _ in 0..200 {
        let url = page.url().await.unwrap().unwrap_or_default();
        if url != from && js(page, "document.readyState").await == "complete" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the page did not leave {from}");
}

/// Clicks an element and waits for the navigation it starts.
async fn click(page: &chromiumoxide::Page, selector: &str) {
    let from = page.url().await.unwrap().unwrap_or_default();
    page.find_element(selector).await.unwrap_or_else(|e| panic!("{selector}: {e}")).click().await.unwrap();
    left(page, &from).await;
}

async fn login(page: &chromiumoxide::Page, base: &str, user: &str) {
    page.goto(format!("{base}/masuk")).await.unwrap();
    page.find_element("#username").await.unwrap().click().await.unwrap().type_str(user).await.unwrap();
    page.find_element("#password")
        .await
        .unwrap()
        .click()
        .await
        .unwrap()
        .type_str(common::password(user))
        .await
        .unwrap();
    click(page, "form[action='/masuk'] button[type=submit]").await;
}

async fn shot(page: &chromiumoxide::Page, name: &str) {
    page.save_screenshot(ScreenshotParams::builder().full_page(true).build(), screenshots().join(name)).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cadre_province_and_public_in_a_browser() {
    let t = common::sqlite(3000);
    let Some((mut browser, handler, _profile)) = launch().await else { return };
    let base = serve(&t).await;
    let village = t.village;
    let province = RegionCode::parse("17").unwrap();

    // The village cadre.
    let page = browser.new_page("about:blank").await.unwrap();
    login(&page, &base, "kader").await;
    let url = page.url().await.unwrap().unwrap_or_default();
    assert!(
        url.ends_with(&format!("/wilayah/{village}")),
        "the cadre lands on the village, not {url}: {}",
        page.content().await.unwrap_or_default().chars().take(3000).collect::<String>()
    );
    let village_before = text(&page, "#ibangga").await;
    shot(&page, "village-kader.png").await;
    let fam = t
        .families
        .iter()
        .find(|f| {
            f.key.village == village && f.answers.coded[kkb_domain::pk::columns::family_slot("p04").unwrap()] == 1
        })
        .unwrap();
    // Find the family by its id through the search page.
    page.goto(format!("{base}/cari")).await.unwrap();
    page.find_element("#q").await.unwrap().click().await.unwrap().type_str(&fam.key.family_id).await.unwrap();
    click(&page, "form.search button").await;
    click(&page, &format!("a[href='/keluarga/{}/{village}/{}']", common::YEAR, fam.key.family_id)).await;
    shot(&page, "family.png").await;
    let html = page.content().await.unwrap();
    let nik = fam.people.iter().find_map(|p| p.nik.as_ref()).unwrap().as_str().to_string();
    assert!(!html.contains(&nik), "NIKs are masked until asked for");
    // Correct p04 (income) from yes to no.
    click(&page, "a[href$='/ubah']").await;
    js(&page, "document.querySelector('select[name=p04]').value = '2'").await;
    click(&page, "form.family-form button[type=submit]").await;
    assert!(page.content().await.unwrap().contains("Tersimpan"), "the save is confirmed");
    page.goto(format!("{base}/wilayah/{village}")).await.unwrap();
    let village_after = text(&page, "#ibangga").await;
    assert_ne!(village_before, village_after, "the village figure changed");
    let expected = kkb_web::i18n::Lang::Id.fig(t.app.store.region_figures(village, None, false).unwrap().ibangga);
    assert_eq!(village_after, expected);

    // The province.
    let page2 = browser.new_page("about:blank").await.unwrap();
    page2.goto(format!("{base}/bahasa/id?next=/")).await.unwrap();
    login(&page2, &base, "prov").await;
    let shown = text(&page2, "#ibangga").await;
    let expected = kkb_web::i18n::Lang::Id.fig(t.app.store.region_figures(province, None, false).unwrap().ibangga);
    assert_eq!(shown, expected, "the province figure includes the correction");
    shot(&page2, "province.png").await;
    // Printed: a PDF of the province dashboard (navigation and forms are left out by the print stylesheet).
    let pdf = page2.pdf(chromiumoxide::cdp::browser_protocol::page::PrintToPdfParams::default()).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    std::fs::write(screenshots().join("province.pdf"), &pdf).unwrap();
    // On a phone: nothing wider than the screen.
    page2
        .execute(chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams::new(
            390, 844, 2.0, true,
        ))
        .await
        .unwrap();
    page2.reload().await.unwrap();
    let overflow = js(&page2, "document.documentElement.scrollWidth <= window.innerWidth + 1").await;
    assert_eq!(overflow, serde_json::Value::Bool(true), "the dashboard fits a phone screen");
    shot(&page2, "province-phone.png").await;
    page2
        .execute(chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams::new(
            1280, 900, 1.0, false,
        ))
        .await
        .unwrap();
    page2.goto(format!("{base}/wilayah/17.71")).await.unwrap();
    shot(&page2, "regency.png").await;

    // The public (after logging out, the browser shares one cookie jar): no NIK, KK number or name anywhere.
    click(&page2, "form[action='/keluar'] button").await;
    let page3 = browser.new_page(format!("{base}/wilayah/17")).await.unwrap();
    assert!(page3.content().await.unwrap().contains("href=\"/masuk?next="), "logged out");
    let has_map = js(&page3, "!!document.querySelector('svg.kkb-map path')").await;
    assert_eq!(has_map, serde_json::Value::Bool(true), "the province page has its choropleth");
    shot(&page3, "public-province.png").await;
    let mut pages = vec![page3.content().await.unwrap()];
    page3.goto(format!("{base}/wilayah/{village}")).await.unwrap();
    shot(&page3, "public-village.png").await;
    pages.push(page3.content().await.unwrap());
    page3.goto(format!("{base}/wilayah/17/peringkat?by=v10")).await.unwrap();
    pages.push(page3.content().await.unwrap());
    let secrets: Vec<String> = t
        .families
        .iter()
        .flat_map(|f| {
            f.people.iter().flat_map(|p| p.nik.iter().map(|n| n.as_str().to_string()).chain([p.name.clone()]))
        })
        .filter(|s| s.len() > 8)
        .collect();
    for html in &pages {
        for s in &secrets {
            assert!(!html.contains(s.as_str()), "a public page shows personal data");
        }
    }
    browser.close().await.unwrap();
    browser.wait().await.unwrap();
    handler.abort();
}
