//! Every page fits the screen, for every role: a headless Chromium logs in as each role (and visits as the
//! public), walks every page it can reach by following the links of the pages (starting from the role's home
//! and the forms it works with), and on a laptop (1366×900) and a phone (390×844) checks that the document is no
//! wider than the screen (wide tables scroll inside their own card), that the page answered without an error, and
//! that no message key shows where words belong. A failure names the page and the elements that stick out.
//!
//! With `KAMPUNGKB_SCREENSHOTS=1` every page is also saved as target/screenshots/fit/<role>/<screen>-<page>.png for
//! people to read.

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::{Chromium, js, login, screen, serve, shot};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::NewUser;
use kkb_web::auth::Passwords;
use std::collections::{BTreeMap, HashSet, VecDeque};

/// The screens: name, width, height, phone.
const SCREENS: [(&str, i64, i64, bool); 2] = [("laptop", 1366, 900, false), ("phone", 390, 844, true)];

/// Pages per role at most (by address pattern); the walk stops there.
const MAX_PAGES: usize = 90;

/// What the page says about itself after loading: its status, how wide it is, what sticks out, its links, and
/// any text that looks like a message key or an unfilled placeholder.
const INSPECT: &str = r#"(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const w = SCREEN_WIDTH;
  const width = document.documentElement.scrollWidth;
  const out = [];
  if (width > w + 1) {
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= w + 1) continue;
      let p = el.parentElement, contained = false;
      while (p && p !== document.body) {
        const s = getComputedStyle(p);
        if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') { contained = true; break; }
        p = p.parentElement;
      }
      if (contained) continue;
      const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' (right edge ' + Math.round(r.right) + ')');
      if (out.length >= 6) break;
    }
  }
  const text = document.body ? document.body.innerText : '';
  const keys = (text.match(/\b(?:web|problem|pk|registry|common)-[a-z0-9]+(?:-[a-z0-9]+)+\b|\{ ?\$[a-z_]+ ?\}|\?\?\?/g) || []).slice(0, 5);
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  return { status: nav ? (nav.responseStatus || 0) : 0, url: location.pathname + location.search,
           width, viewport: window.innerWidth, culprits: out, keys, links };
})()"#;

/// Where a role starts: its home and the pages reached through forms rather than links.
fn starts(role: &str, t: &common::TestApp, kampung: RegionCode) -> Vec<String> {
    let v = t.village;
    let regency = v.ancestor_at(Level::Regency).unwrap();
    let mut s = vec!["/".to_string(), "/wilayah/17".into(), "/kampung".into(), "/inpres".into()];
    match role {
        "public" => s.extend(["/masuk".into(), "/wilayah/17/peringkat?by=v10".into(), format!("/kampung/{kampung}")]),
        "kader" => s.extend([format!("/wilayah/{v}/keluarga"), "/cari".into(), "/akun".into(), "/pasang-hp".into()]),
        "kec" => s.extend([
            format!("/wilayah/{v}/keluarga"),
            format!("/wilayah/{}/kiriman", v.ancestor_at(Level::District).unwrap()),
        ]),
        "kab" => s.extend([
            "/rencana".into(),
            format!("/wilayah/{regency}/bentuk-kampung"),
            format!("/kampung/baru?desa={v}"),
            format!("/kampung/{kampung}/ubah"),
        ]),
        "prov" => s.extend(["/rencana".into(), "/admin/putaran".into()]),
        "admin" => s.extend(["/admin/pengguna".into(), "/admin/token".into(), "/admin/audit".into()]),
        "dinkes" => s.extend(["/rencana/saya".into(), format!("/wilayah/{regency}/peta-kerja")]),
        _ => {}
    }
    s
}

/// The links worth following: pages of this site, not files, downloads, language switches or logging out.
fn followed(href: &str) -> Option<String> {
    let href = href.split('#').next()?;
    if !href.starts_with('/') || href.starts_with("//") {
        return None;
    }
    let path = href.split('?').next().unwrap_or(href);
    let skip = ["/bahasa/", "/static/", "/api/v1", "/openrosa", "/ekspor/", "/dokumen/"];
    let files = [".csv", ".xlsx", ".json", ".pdf", ".png", ".xml", ".svg", ".geojson"];
    let download = href.contains("format=csv") || href.contains("format=xlsx");
    if path == "/keluar" || download || skip.iter().any(|s| path.contains(s)) || files.iter().any(|e| path.ends_with(e))
    {
        return None;
    }
    Some(href.to_string())
}

/// The kind of page an address is: numbers and codes become their shape (a region code keeps its level), so
/// that one village or one family stands for all.
fn pattern(href: &str) -> String {
    let path = href.split('?').next().unwrap_or(href);
    path.split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.chars().all(|c| c.is_ascii_digit() || c == '.') {
                format!("<{}>", seg.matches('.').count())
            } else if seg.chars().any(|c| c.is_ascii_digit()) {
                "<*>".to_string()
            } else {
                seg.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn slug(pattern: &str) -> String {
    let s: String = pattern.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let s = s.trim_matches('_').to_string();
    if s.is_empty() { "home".into() } else { s }
}

/// One page as the role saw it on one screen.
#[derive(Debug)]
struct Seen {
    status: u64,
    url: String,
    width: u64,
    viewport: u64,
    culprits: Vec<String>,
    keys: Vec<String>,
    links: Vec<String>,
}

async fn visit(page: &chromiumoxide::Page, base: &str, href: &str, width: i64) -> Seen {
    page.goto(format!("{base}{href}")).await.unwrap_or_else(|e| panic!("{href}: {e}"));
    for _ in 0..100 {
        if js(page, "document.readyState").await == "complete" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    }
    let v = js(page, &INSPECT.replace("SCREEN_WIDTH", &width.to_string())).await;
    let strings = |k: &str| -> Vec<String> {
        v[k].as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect()).unwrap_or_default()
    };
    Seen {
        status: v["status"].as_u64().unwrap_or(0),
        url: v["url"].as_str().unwrap_or_default().to_string(),
        width: v["width"].as_u64().unwrap_or(0),
        viewport: v["viewport"].as_u64().unwrap_or(0),
        culprits: strings("culprits"),
        keys: strings("keys"),
        links: strings("links"),
    }
}

/// The test users beyond the harness's five: a sector agency's officer of the kader's regency.
fn agency_user(t: &common::TestApp) {
    let regency = t.village.ancestor_at(Level::Regency).unwrap();
    t.app
        .store
        .create_user(&NewUser {
            username: "dinkes",
            display_name: "Test dinkes",
            role: kkb_web::auth::Role::Instansi,
            scope: &regency.to_string(),
            agency: Some(&format!("dinkes:{regency}")),
            password_hash: &Passwords::for_tests().hash(&common::password("dinkes")),
        })
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_laptop_and_a_phone_for_every_role() {
    let t = common::sqlite(3000);
    kkb_demo::demo_kampung(&t.app.store).unwrap();
    kkb_demo::demo_plans(&t.app.store).unwrap();
    agency_user(&t);
    // A Kampung KB in the regency of the test users (the demo registry has some in every regency).
    let regency = t.village.ancestor_at(Level::Regency).unwrap();
    let kampung = t.app.store.kampungs(Some(regency)).unwrap().first().expect("a Kampung KB in the regency").village;
    let Some(chromium) = Chromium::launch().await else { return };
    let base = serve(&t).await;
    let screenshots = std::env::var("KAMPUNGKB_SCREENSHOTS").is_ok_and(|v| v == "1");
    let mut problems = Vec::new();
    let mut visited = 0;
    for role in ["public", "kader", "kec", "kab", "prov", "dinkes", "admin"] {
        let page = chromium.browser.new_page("about:blank").await.unwrap();
        page.execute(chromiumoxide::cdp::browser_protocol::network::ClearBrowserCookiesParams::default())
            .await
            .unwrap();
        if role != "public" {
            login(&page, &base, role).await;
        }
        // The walk, on the laptop screen: every kind of page the role reaches.
        screen(&page, SCREENS[0].1, SCREENS[0].2, SCREENS[0].3).await;
        let mut queue: VecDeque<String> = starts(role, &t, kampung).into();
        let mut seen_patterns = HashSet::new();
        let mut pages: BTreeMap<String, String> = BTreeMap::new();
        while let Some(href) = queue.pop_front() {
            if pages.len() >= MAX_PAGES || !seen_patterns.insert(pattern(&href)) {
                continue;
            }
            let seen = visit(&page, &base, &href, SCREENS[0].1).await;
            // A link the role was shown must open: no server error, no refusal, no dead end.
            if seen.status >= 400 {
                problems.push(format!("{role}: {href} answered {}", seen.status));
            }
            pages.insert(pattern(&href), href.clone());
            queue.extend(seen.links.iter().filter_map(|l| followed(l)));
        }
        // Both screens, every page.
        for (name, w, h, mobile) in SCREENS {
            screen(&page, w, h, mobile).await;
            for (pat, href) in &pages {
                // (A full-page screenshot resets the emulated screen afterwards.)
                screen(&page, w, h, mobile).await;
                let seen = visit(&page, &base, href, w).await;
                visited += 1;
                // Against the screen's width: a phone widens its viewport to a page that is too wide.
                if seen.width > w as u64 + 1 || seen.viewport > w as u64 + 1 {
                    problems.push(format!(
                        "{role} {name}: {href} ({}) is {} px wide (viewport {}) on a {w} px screen; sticking out: {}",
                        seen.url,
                        seen.width,
                        seen.viewport,
                        seen.culprits.join(", ")
                    ));
                }
                if !seen.keys.is_empty() {
                    problems.push(format!("{role} {name}: {href} shows keys instead of words: {:?}", seen.keys));
                }
                if screenshots {
                    shot(&page, &format!("fit/{role}/{name}-{}.png", slug(pat))).await;
                }
            }
        }
        eprintln!("{role}: {} kinds of page: {:?}", pages.len(), pages.values().collect::<Vec<_>>());
        page.close().await.unwrap();
    }
    chromium.close().await;
    assert!(visited > 150, "the walk reached too few pages ({visited}): the links or logins are broken");
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn patterns_keep_the_region_level_and_fold_ids() {
    assert_eq!(pattern("/wilayah/17"), "/wilayah/<0>");
    assert_eq!(pattern("/wilayah/17.71.01.2001/keluarga?page=2"), "/wilayah/<3>/keluarga");
    assert_eq!(pattern("/keluarga/2021/17.71.01.2001/KEL-0001"), "/keluarga/<0>/<3>/<*>");
    assert_eq!(followed("/keluar"), None);
    assert_eq!(followed("/keluarga/2021/17.71.01.2001/F1").as_deref(), Some("/keluarga/2021/17.71.01.2001/F1"));
    assert_eq!(followed("/wilayah/17.71.01.2001/keluarga?year=2021&format=csv"), None);
    assert_eq!(followed("/wilayah/17/ekspor/wilayah.csv"), None);
    assert_eq!(followed("https://example.org/"), None);
    assert_eq!(followed("/wilayah/17#peta").as_deref(), Some("/wilayah/17"));
}
