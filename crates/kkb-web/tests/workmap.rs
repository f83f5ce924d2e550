//! The analyses and outputs of the action plans through the router: gaps that close when an item targets them,
//! convergence per village, the work map page and workbook, a plan's items as CSV, late and stalled items on
//! the dashboard and on `/rencana/saya`, the JSON API, and the effect between two PK rounds. On SQLite and
//! PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::{Client, TestApp, logged_in};
use kkb_domain::date::{Date, today_utc};
use kkb_domain::figures::Figures;
use kkb_domain::kampung::{InpresArea, YearMonth};
use kkb_domain::planning::analysis::MIN_APPLICABLE;
use kkb_domain::planning::{BudgetSource, ItemStatus, Plan, PlanItem, PlanStatus, Progress, Transition};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::NewUser;
use kkb_web::auth::{Passwords, Role};
use serde_json::Value;

/// Enough families for the test village to have five or more.
const N: u64 = 4000;

fn ym(y: i32, m: u8) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

/// The plan year: last year, so that an item of its first half is surely late.
fn plan_year() -> i32 {
    today_utc().year() - 1
}

/// A village's weakest variable as the gaps rank them (percent, then id; at least five families).
fn weakest(f: &Figures) -> String {
    let mut v: Vec<_> = f.variables.iter().filter(|x| x.applicable >= MIN_APPLICABLE && x.percent.is_some()).collect();
    v.sort_by(|a, b| a.percent.unwrap().total_cmp(&b.percent.unwrap()).then(a.id.cmp(&b.id)));
    v.first().expect("the test village has a variable over five families").id.clone()
}

fn item(title: &str, area: InpresArea, responsible: &str) -> PlanItem {
    let y = plan_year();
    PlanItem {
        activity: None,
        title: title.into(),
        area,
        functions: Default::default(),
        variables: Default::default(),
        responsible: responsible.into(),
        supporting: Default::default(),
        villages: Default::default(),
        start: ym(y, 2),
        end: ym(y, 6),
        budget: 25_000_000,
        budget_source: BudgetSource::ApbdKabupaten,
        indicator: "Keluarga terlayani".into(),
        target: 120.0,
        unit: "keluarga".into(),
        status: ItemStatus::Planned,
    }
}

fn create_plan(t: &TestApp, regency: RegionCode) -> Plan {
    t.app
        .store
        .create_plan(&Plan {
            id: 0,
            region: regency,
            year: plan_year(),
            title: format!("Rencana aksi Kampung KB {}", plan_year()),
            status: PlanStatus::Draft,
            coordinator: format!("bappeda:{regency}"),
            note: String::new(),
            version: 0,
        })
        .unwrap()
}

fn add_user(t: &TestApp, username: &str, role: Role, scope: &str, agency: &str) {
    t.app
        .store
        .create_user(&NewUser {
            username,
            display_name: username,
            role,
            scope,
            agency: Some(agency),
            password_hash: &Passwords::for_tests().hash(&common::password(username)),
        })
        .unwrap();
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn has_gap(v: &Value, village: RegionCode, variable: &str) -> bool {
    v["gaps"].as_array().unwrap().iter().any(|g| g["village"] == village.to_string() && g["variable"] == variable)
}

/// The body of a download without the lossy conversion to a string.
async fn bytes(t: &TestApp, c: &Client, uri: &str) -> Vec<u8> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder().uri(uri);
    if !c.cookies.is_empty() {
        req = req.header("cookie", c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "));
    }
    let resp = t.router.clone().oneshot(req.body(axum::body::Body::empty()).unwrap()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    resp.into_body().collect().await.unwrap().to_bytes().to_vec()
}

/// Every sheet of a workbook: (name, rows of cells).
fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("the workbook opens");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

async fn gaps_close_and_outputs_follow_the_plans(t: &TestApp) {
    use calamine::Data;
    let store = &t.app.store;
    store.seed_agencies(RegionCode::parse("17").unwrap()).unwrap();
    let v = t.village;
    let district = v.ancestor_at(Level::District).unwrap();
    let regency = v.ancestor_at(Level::Regency).unwrap();
    let w = weakest(&store.region_figures(v, None, false).unwrap());
    let mut public = Client::default();

    // Before any plan: the village's weakest variable is a gap, on the page and in the API.
    let page = public.get(t, &format!("/wilayah/{district}/konvergensi")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let row = format!("data-village=\"{v}\" data-variable=\"{w}\"");
    assert!(page.body.contains(&row), "the gap {v}/{w} is listed");
    assert!(page.body.contains(&format!("data-village=\"{v}\" data-covered=\"0\"")));
    assert!(page.body.contains("id=\"no-plans\""));
    assert!(!page.body.contains("add-item"), "no forms offered to the public");
    let api = json(&public.get(t, &format!("/api/v1/regions/{regency}/convergence")).await.body);
    assert!(has_gap(&api, v, &w));
    let gap =
        api["gaps"].as_array().unwrap().iter().find(|g| g["village"] == v.to_string() && g["variable"] == w).unwrap();
    assert!(gap["percent"].is_number() && gap["rank"] == 1);
    assert!(!gap["responsible"].as_array().unwrap().is_empty(), "the matrix names who is responsible");
    assert!(
        gap["offices"].as_array().unwrap().iter().all(|o| o["id"].as_str().unwrap().ends_with(&format!(":{regency}"))),
        "the offices are the regency's"
    );

    // A coordinator of the regency is offered the plan's new-item form once a plan exists.
    add_user(t, "bappeda", Role::Kabupaten, &regency.to_string(), &format!("bappeda:{regency}"));
    add_user(t, "dinkes", Role::Instansi, &regency.to_string(), &format!("dinkes:{regency}"));
    let plan = create_plan(t, regency);
    let mut coordinator = logged_in(t, "bappeda").await;
    let page = coordinator.get(t, &format!("/wilayah/{district}/konvergensi")).await;
    assert!(
        page.body.contains(&format!("href=\"/rencana/{}/kegiatan/baru?desa={v}&#38;variabel={w}\"", plan.id)),
        "{}",
        page.body
    );

    // An item targeting the village's weakest variable closes the gap; a region-wide item reaches it too.
    let mut late = item("Kelas pengasuhan balita", InpresArea::LayananRujukan, &format!("dinkes:{regency}"));
    late.villages.insert(v);
    late.variables.insert(w.clone());
    late.supporting.insert(format!("opd_kb:{regency}"));
    let late_id = store.add_item(plan.id, &late, None).unwrap();
    let mut done = item("Akta kelahiran keliling", InpresArea::DataDokumen, &format!("disdukcapil:{regency}"));
    done.start = ym(plan_year(), 3);
    done.end = ym(plan_year(), 12);
    done.budget = 10_000_000;
    let done_id = store.add_item(plan.id, &done, None).unwrap();
    let page = public.get(t, &format!("/wilayah/{district}/konvergensi")).await;
    assert!(!page.body.contains(&row), "the targeted variable is no gap any more");
    assert!(page.body.contains(&format!("data-village=\"{v}\" data-covered=\"2\"")), "areas 1 and 3 reach it");
    let api = json(&public.get(t, &format!("/api/v1/regions/{regency}/convergence?year={}", plan_year())).await.body);
    assert!(!has_gap(&api, v, &w));
    let conv = api["villages"].as_array().unwrap().iter().find(|x| x["code"] == v.to_string()).unwrap();
    assert_eq!(conv["areas_covered"], 2);
    assert_eq!(conv["areas"][0]["agencies"], serde_json::json!([format!("disdukcapil:{regency}")]));
    assert_eq!(
        conv["areas"][2]["agencies"],
        serde_json::json!([format!("dinkes:{regency}"), format!("opd_kb:{regency}")])
    );
    let elsewhere = api["villages"].as_array().unwrap().iter().find(|x| x["code"] != v.to_string()).unwrap();
    assert_eq!(elsewhere["areas_covered"], 1, "the region-wide item reaches every village");

    // Approved; the second item is reported done, the first is late and was never started.
    let p = store.plan(plan.id).unwrap().unwrap();
    let p = store.transition_plan(p.id, Transition::Submit, p.version, "").unwrap();
    store.transition_plan(p.id, Transition::Approve, p.version, "").unwrap();
    let report = Progress {
        date: Date::new(plan_year(), 12, 15).unwrap(),
        percent: 100,
        spent: 9_500_000,
        status: ItemStatus::Done,
        note: "Selesai".into(),
        evidence: String::new(),
    };
    store.add_progress(done_id, &report, "dukcapil").unwrap();

    // The dashboard card counts the flags.
    let dash = public.get(t, &format!("/wilayah/{regency}")).await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(dash.body.contains("id=\"rencana-aksi\""), "the card is there");
    assert!(dash.body.contains("id=\"plans-late\">1<"), "one late item");
    assert!(dash.body.contains("id=\"plans-stalled\">0<"));
    assert!(dash.body.contains("id=\"plans-not-started\">1<"));
    assert!(dash.body.contains(&format!("href=\"/rencana/{}\"", plan.id)));
    let dash = public.get(t, &format!("/wilayah/{v}")).await;
    assert!(dash.body.contains("id=\"plans-late\">1<"), "the village's card counts the item targeting it");

    // The personal lists.
    let mut dinkes = logged_in(t, "dinkes").await;
    let mine = dinkes.get(t, "/rencana/saya").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains("href=\"/rencana/saya\""), "linked from the navigation");
    assert!(mine.body.contains("Kelas pengasuhan balita") && mine.body.contains("data-flag=\"late\""));
    assert!(!mine.body.contains("Akta kelahiran keliling"), "another agency's item");
    let coordinated = coordinator.get(t, "/rencana/saya").await;
    assert!(coordinated.body.contains("id=\"coordinated\"") && coordinated.body.contains("Kelas pengasuhan balita"));
    assert!(!coordinated.body.contains("Akta kelahiran keliling"), "done items need no attention");
    assert_eq!(public.get(t, "/rencana/saya").await.status, StatusCode::UNAUTHORIZED);

    // The work map page.
    let wm = public.get(t, &format!("/wilayah/{regency}/peta-kerja")).await;
    assert_eq!(wm.status, StatusCode::OK, "{}", wm.body);
    assert!(wm.body.contains(&format!("data-agency=\"dinkes:{regency}\"")));
    assert!(wm.body.contains(&format!("data-village=\"{v}\"")));
    assert!(wm.body.contains("id=\"count-late\">1<"));
    assert!(wm.body.contains("Seluruh wilayah"), "the region-wide item has its own row");

    // The workbook.
    let book = sheets(&bytes(t, &public, &format!("/wilayah/{regency}/peta-kerja.xlsx?tahun={}", plan_year())).await);
    let names: Vec<&str> = book.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["Siapa mengerjakan apa", "Peta kerja", "Desa"]);
    let who = &book[0].1;
    assert!(who[0][0].to_string().contains(&plan_year().to_string()), "a title row");
    let header: Vec<String> = who[2].iter().map(ToString::to_string).collect();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap_or_else(|| panic!("{h} in {header:?}"));
    let row = who.iter().find(|r| r[col("Kegiatan")] == "Kelas pengasuhan balita").expect("the item's row");
    assert_eq!(row[col("Anggaran (Rp)")], Data::Float(25_000_000.0), "budgets are numbers");
    assert_eq!(row[col("Status")].to_string(), "Direncanakan");
    assert!(row[col("Penanggung jawab")].to_string().starts_with("Dinas Kesehatan"));
    assert!(row[col("Perlu perhatian")].to_string().contains("Terlambat"));
    let map = &book[1].1;
    let dinkes_row = map.iter().find(|r| r[0].to_string().starts_with("Dinas Kesehatan")).expect("dinkes in the map");
    assert_eq!((dinkes_row[5].clone(), dinkes_row[6].clone()), (Data::Float(1.0), Data::Float(25_000_000.0)), "area 3");
    let desa = &book[2].1;
    let vrow = desa.iter().find(|r| r[1].to_string() == v.to_string()).expect("the village");
    assert_eq!(vrow[7], Data::Float(2.0), "two areas reach it");

    // A plan's items as CSV.
    let csv = public.get(t, &format!("/rencana/{}/ekspor/kegiatan.csv", plan.id)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with("\u{feff}rencana,bidang,program,kegiatan_inpres,kegiatan,"), "{}", csv.body);
    assert!(csv.body.contains(",Kelas pengasuhan balita,") && csv.body.contains(",25000000,"));
    assert_eq!(csv.body.lines().count(), 3);
    let xlsx = sheets(&bytes(t, &public, &format!("/rencana/{}/ekspor/kegiatan.xlsx", plan.id)).await);
    assert_eq!(xlsx[0].1.len(), 5, "title, note, header and two items");

    // The JSON API.
    let list = json(&public.get(t, &format!("/api/v1/plans?region={district}")).await.body);
    let p = &list["plans"][0];
    assert_eq!((p["id"].as_i64(), p["status"].as_str()), (Some(plan.id), Some("approved")));
    assert_eq!(p["flags"], serde_json::json!({"late": 1, "stalled": 0, "not_started": 1}));
    assert_eq!(p["budget"], 35_000_000);
    let one = json(&public.get(t, &format!("/api/v1/plans/{}", plan.id)).await.body);
    let items = one["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let late_json = items.iter().find(|i| i["id"] == late_id).unwrap();
    assert_eq!(late_json["flags"], serde_json::json!(["late", "not_started"]));
    assert_eq!(late_json["villages"], serde_json::json!([v.to_string()]));
    let done_json = items.iter().find(|i| i["id"] == done_id).unwrap();
    assert_eq!(done_json["latest_progress"]["percent"], 100);
    assert!(done_json["latest_progress"]["reported_by"].is_null(), "reporters are named to users only");
    let progress = json(&public.get(t, &format!("/api/v1/plans/{}/items/{done_id}/progress", plan.id)).await.body);
    assert_eq!(progress["progress"].as_array().unwrap().len(), 1);
    let progress = json(&coordinator.get(t, &format!("/api/v1/plans/{}/items/{done_id}/progress", plan.id)).await.body);
    assert_eq!(progress["progress"][0]["reported_by"], "dukcapil");
    let other_plan = public.get(t, &format!("/api/v1/plans/{}/items/{done_id}/progress", plan.id + 1)).await;
    assert_eq!(other_plan.status, StatusCode::NOT_FOUND);
    let wm = json(&public.get(t, &format!("/api/v1/regions/{regency}/workmap")).await.body);
    assert_eq!(wm["year"], plan_year());
    assert_eq!(wm["items"].as_array().unwrap().len(), 2);
    assert_eq!(wm["region_wide"][0]["plan_region"], regency.to_string());
    assert_eq!(wm["villages"][0]["code"], v.to_string());
    let dinkes_json =
        wm["agencies"].as_array().unwrap().iter().find(|a| a["id"] == format!("dinkes:{regency}")).unwrap();
    assert_eq!(dinkes_json["areas"][2]["budget"], 25_000_000);
    let inpres = json(&public.get(t, "/api/v1/inpres").await.body);
    assert_eq!(inpres["areas"].as_array().unwrap().len(), 4);
    let doc = public.get(t, "/api/v1/openapi.json").await;
    assert!(
        doc.body.contains("/api/v1/regions/{code}/convergence")
            && doc.body.contains("/api/v1/plans/{id}/items/{item}/progress")
    );
    assert_eq!(public.get(t, &format!("/wilayah/{v}/peta-kerja")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(public.get(t, "/api/v1/plans/999999").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn gaps_convergence_flags_exports_and_api() {
    gaps_close_and_outputs_follow_the_plans(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        gaps_close_and_outputs_follow_the_plans(&t).await;
    }
}

/// A second PK round of the same villages (same seed, later year), as [`common`] makes the first.
fn second_round(t: &TestApp, year: u16) {
    use kkb_domain::generate::{GenOptions, generate};
    use kkb_domain::pk::{Context, read};
    use kkb_domain::region::{OFFICIAL_TABLE, parse_region_table};
    let regions = parse_region_table(OFFICIAL_TABLE).unwrap();
    let (mut k, mut a) = (Vec::new(), Vec::new());
    let opts = GenOptions { province: RegionCode::parse("17").unwrap(), families: N, seed: 7, year };
    generate(&regions, &[], &opts, &mut k, &mut a).unwrap();
    let set = t.app.store.region_set().unwrap();
    let is_village = |c| set.is_village(c);
    let is_province = |p| set.is_province(p);
    let ctx = Context { is_village: &is_village, is_province: &is_province, today: today_utc() };
    let families = read::read_csv_pair(k.as_slice(), a.as_slice(), &ctx).unwrap();
    t.app.store.import_round(&families, "test").unwrap();
}

/// Pooled (met, applicable) of a variable over villages.
fn pooled(figures: &[Figures], variable: &str, keep: impl Fn(RegionCode) -> bool) -> f64 {
    let (mut met, mut applicable) = (0, 0);
    for f in figures.iter().filter(|f| keep(f.region.code)) {
        let x = f.variables.iter().find(|x| x.id == variable).unwrap();
        met += x.met;
        applicable += x.applicable;
    }
    100.0 * met as f64 / applicable as f64
}

async fn the_effect_compares_targeted_villages_with_the_others(t: &TestApp) {
    let store = &t.app.store;
    store.seed_agencies(RegionCode::parse("17").unwrap()).unwrap();
    let v = t.village;
    let regency = v.ancestor_at(Level::Regency).unwrap();
    let w = weakest(&store.region_figures(v, None, false).unwrap());
    let plan = create_plan(t, regency);
    let mut it = item("Kelas pengasuhan balita", InpresArea::LayananRujukan, &format!("dinkes:{regency}"));
    it.villages.insert(v);
    it.variables.insert(w.clone());
    let id = store.add_item(plan.id, &it, None).unwrap();
    let mut prov = logged_in(t, "prov").await;

    // One round: nothing to compare yet.
    let page = prov.get(t, &format!("/wilayah/{regency}/konvergensi")).await;
    assert!(page.body.contains("id=\"no-effect\""));

    let first = store.rounds().unwrap()[0].year;
    let later = first + 1;
    second_round(t, later);
    let page = prov.get(t, &format!("/wilayah/{regency}/konvergensi")).await;
    assert!(page.body.contains(&format!("PK {first} → PK {later}")), "the rounds are named");
    assert!(page.body.contains("class=\"effect\""));
    let api = json(&prov.get(t, &format!("/api/v1/regions/{regency}/convergence")).await.body);
    assert_eq!(api["effect"]["rounds"], serde_json::json!({"before": first, "after": later}));
    let e = &api["effect"]["items"][0];
    assert_eq!(e["item"], id);
    let x = &e["variables"][0];
    assert_eq!(x["variable"], w);
    let before = store.descendant_figures(regency, Level::Village, Some(first)).unwrap();
    let after = store.descendant_figures(regency, Level::Village, Some(later)).unwrap();
    let targeted = |c: RegionCode| c == v;
    let others = |c: RegionCode| c != v;
    let expected = (pooled(&after, &w, targeted) - pooled(&before, &w, targeted))
        - (pooled(&after, &w, others) - pooled(&before, &w, others));
    assert!((x["difference"].as_f64().unwrap() - expected).abs() < 1e-9, "{x} vs {expected}");
    assert_eq!(x["targeted_villages"], 1);
    assert_eq!(x["other_villages"], before.len() - 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn effect_between_two_rounds() {
    the_effect_compares_targeted_villages_with_the_others(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        the_effect_compares_targeted_villages_with_the_others(&t).await;
    }
}
