//! The pages in a real browser (headless Chromium): a village cadre corrects an answer and sees the village and
//! province figures change; the province logs in; the public dashboard shows no personal data. Screenshots of
//! the main pages are written to target/screenshots/ for people to look at.

mod common;

#[path = "common/browser.rs"]
mod browser;

use browser::{Chromium, click, js, login, screenshots, serve, shot, text};
use kkb_domain::region::RegionCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cadre_province_and_public_in_a_browser() {
    let t = common::sqlite(3000);
    let Some(mut chromium) = Chromium::launch().await else { return };
    let browser = &mut chromium.browser;
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
    chromium.close().await;
}

/// Sets form fields by name (check boxes: every box of that name whose value is listed is ticked).
async fn fill(page: &chromiumoxide::Page, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        let script = format!(
            "(() => {{ const els = document.querySelectorAll('[name=\"{name}\"]'); \
             for (const e of els) {{ if (e.type === 'checkbox') {{ if (e.value === '{value}') e.checked = true; }} \
             else e.value = '{value}'; }} return els.length; }})()"
        );
        assert_ne!(js(page, &script).await, serde_json::json!(0), "no field {name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kampung_is_formed_and_filled_in_a_browser() {
    let t = common::sqlite(1500);
    let Some(mut chromium) = Chromium::launch().await else { return };
    let browser = &mut chromium.browser;
    let base = serve(&t).await;
    let village = t.village;
    let district = village.ancestor_at(kkb_domain::region::Level::District).unwrap();
    let page = browser.new_page("about:blank").await.unwrap();
    login(&page, &base, "kader").await;
    page.goto(format!("{base}/wilayah/{district}")).await.unwrap();
    let coverage_before = text(&page, "#coverage").await;

    // From the village dashboard to the form, formed today.
    page.goto(format!("{base}/wilayah/{village}")).await.unwrap();
    click(&page, "#form-kampung").await;
    shot(&page, "kampung-new.png").await;
    fill(&page, &[("launch_date", "2026-01-15"), ("rws", "RW 01; RW 02"), ("criteria.utama", "kesertaan_kb_rendah")])
        .await;
    click(&page, "form.kampung-form button[type=submit]").await;
    assert_eq!(text(&page, "#kampung-class").await, "Dasar");
    assert!(text(&page, "#kampung-flash").await.contains("dibentuk"));

    // Its population, a complete profile and a good monthly report.
    click(&page, "a[href$='/penduduk']").await;
    fill(
        &page,
        &[
            ("valid_from", "2026-03-01"),
            ("families", "100"),
            ("pus", "60"),
            ("families_with_balita", "30"),
            ("families_with_remaja", "40"),
            ("families_with_lansia", "20"),
            ("remaja", "50"),
        ],
    )
    .await;
    click(&page, "form.kampung-form button[type=submit]").await;
    click(&page, "a[href$='/profil']").await;
    let mut profile = vec![
        ("valid_from", "2026-02-01"),
        ("pkb_assigned", "1"),
        ("regulation", "1"),
        ("pokja.exists", "1"),
        ("pokja.decree", "1"),
        ("pokja.members", "12"),
        ("pokja.trained", "1"),
    ];
    for f in ["apbn", "apbd", "dana_desa", "swadaya", "csr"] {
        profile.push(("funding_sources", f));
    }
    for p in ["bkb", "bkr", "bkl", "uppka", "pik_r"] {
        profile.push(("programs", p));
    }
    profile.push(("facilities", "sekretariat"));
    profile.push(("facilities", "rumah_dataku"));
    fill(&page, &profile).await;
    shot(&page, "kampung-profile-form.png").await;
    click(&page, "form.kampung-form button[type=submit]").await;
    click(&page, "a[href$='/laporan']").await;
    fill(
        &page,
        &[
            ("month", "2026-10"),
            ("pus", "60"),
            ("contraceptive_users.iud", "40"),
            ("contraceptive_users.pil", "17"),
            ("participants.bkb", "30"),
            ("participants.bkr", "40"),
            ("participants.bkl", "20"),
            ("participants.uppka", "40"),
            ("participants.pik_r", "30"),
        ],
    )
    .await;
    click(&page, "form.kampung-form button[type=submit]").await;
    assert_eq!(text(&page, "#kampung-class").await, "Mandiri", "input and output are high");
    assert!(text(&page, "#class-history").await.contains("Dasar"));
    shot(&page, "kampung.png").await;

    // The district's coverage counts it.
    page.goto(format!("{base}/wilayah/{district}")).await.unwrap();
    let coverage_after = text(&page, "#coverage").await;
    assert_ne!(coverage_before, coverage_after);
    let formed = t.app.store.coverage(district, None).unwrap();
    assert!(coverage_after.starts_with(&formed.formed.to_string()), "{coverage_after} shows {formed:?}");
    chromium.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_is_drafted_submitted_and_approved_in_a_browser() {
    let t = common::sqlite(1500);
    let Some(mut chromium) = Chromium::launch().await else { return };
    let browser = &mut chromium.browser;
    let base = serve(&t).await;
    let regency = t.village.ancestor_at(kkb_domain::region::Level::Regency).unwrap();
    t.app.store.seed_agencies(RegionCode::parse("17").unwrap()).unwrap();
    let passwords = kkb_web::auth::Passwords::for_tests();
    t.app
        .store
        .create_user(&kkb_store::NewUser {
            username: "bappeda",
            display_name: "Bappeda uji",
            role: kkb_web::auth::Role::Kabupaten,
            scope: &regency.to_string(),
            agency: Some(&format!("bappeda:{regency}")),
            password_hash: &passwords.hash(&common::password("bappeda")),
        })
        .unwrap();
    let page = browser.new_page("about:blank").await.unwrap();
    login(&page, &base, "bappeda").await;

    // The coordinator starts this year's plan from the list.
    page.goto(format!("{base}/rencana?wilayah={regency}")).await.unwrap();
    fill(&page, &[("title", "Rencana aksi Kampung KB uji")]).await;
    click(&page, "#new-plan button[type=submit]").await;
    assert_eq!(text(&page, "#plan-status").await, "Draf");
    // An item for the health office, from the catalogue, in the kader's village.
    click(&page, "#add-item").await;
    let y = kkb_domain::date::today_utc().year();
    fill(
        &page,
        &[
            ("activity", "3.2.4"),
            ("title", "Pemantauan pertumbuhan balita"),
            ("functions", "perlindungan"),
            ("variables", "v08"),
            ("responsible", &format!("dinkes:{regency}")),
            ("supporting", &format!("dpmd:{regency}")),
            ("villages", &t.village.to_string()),
            ("start", &format!("{y}-02")),
            ("end", &format!("{y}-11")),
            ("budget", "empat puluh juta"),
            ("indicator", "Balita ditimbang"),
            ("target", "300"),
            ("unit", "balita"),
        ],
    )
    .await;
    shot(&page, "plan-item-form.png").await;
    // A budget in words is refused at its field, with everything typed kept (the form answers at its own URL).
    page.find_element("form.kampung-form button[type=submit]").await.unwrap().click().await.unwrap();
    for _ in 0..200 {
        if js(&page, "!!document.querySelector('#form-errors') && document.readyState === 'complete'").await == true {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(text(&page, "#form-errors").await.contains("Anggaran"));
    let kept = js(&page, "document.querySelector('input[name=budget]').value").await;
    assert_eq!(kept, serde_json::json!("empat puluh juta"));
    shot(&page, "plan-item-invalid.png").await;
    fill(&page, &[("budget", "40.000.000")]).await;
    click(&page, "form.kampung-form button[type=submit]").await;
    assert_eq!(text(&page, "#plan-items").await, "1");
    assert_eq!(text(&page, "#plan-budget").await, "Rp 40.000.000");
    shot(&page, "plan-draft.png").await;
    // Submitted, then approved.
    click(&page, "#step-submit button").await;
    assert_eq!(text(&page, "#plan-status").await, "Diajukan");
    click(&page, "#step-approve button").await;
    assert_eq!(text(&page, "#plan-status").await, "Disetujui");
    assert!(text(&page, "#plan-flash").await.contains("disetujui"));
    shot(&page, "plan-approved.png").await;
    let plan = t.app.store.plans(Some(regency), Some(y)).unwrap().pop().unwrap();
    assert_eq!(plan.status, kkb_domain::planning::PlanStatus::Approved);
    // Progress on the approved plan.
    click(&page, "a[href$='/progres']").await;
    fill(&page, &[("percent", "40"), ("spent", "12.500.000"), ("note", "Empat posyandu")]).await;
    shot(&page, "plan-progress.png").await;
    click(&page, "form.kampung-form button[type=submit]").await;
    assert!(text(&page, "#plan-flash").await.contains("Progres"));
    assert!(page.content().await.unwrap().contains("40% ·"));
    page.goto(format!("{base}/rencana?wilayah={regency}")).await.unwrap();
    shot(&page, "plans.png").await;
    page.goto(format!("{base}/inpres")).await.unwrap();
    shot(&page, "inpres.png").await;
    chromium.close().await;
}
