//! The Kampung KB registry through the router: the list pages and their class filter, the class counts on the
//! dashboards, every API read, and the API's writes (token only, scope-checked, validated field by field, each
//! recomputing the class).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Client, Resp, TestApp, logged_in};
use kkb_domain::date::{Date, today_utc};
use kkb_domain::kampung::*;
use kkb_domain::region::{Level, RegionCode};
use serde_json::{Value, json};

const N: u64 = 3000;

/// The seeded registry: the kader's village is Berkembang (everything but its output), the other regency's
/// village Dasar (a bare profile), `unclassified` active but never classified, `inactive` not active.
struct Seeded {
    unclassified: RegionCode,
    inactive: RegionCode,
    /// The month of the seeded reports (last month).
    month: YearMonth,
}

fn last_month() -> YearMonth {
    let now = YearMonth::of(today_utc());
    if now.month() == 1 { YearMonth::new(now.year() - 1, 12) } else { YearMonth::new(now.year(), now.month() - 1) }
        .unwrap()
}

fn record(village: RegionCode, name: &str, active: bool) -> KampungRecord {
    KampungRecord {
        village,
        name: name.into(),
        launch_date: Date::new(2020, 3, 1).unwrap(),
        decree: None,
        rws: vec!["RW 01".into()],
        description: String::new(),
        location: None,
        criteria: SelectionCriteria::default(),
        active,
        model: ModelFlags::default(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

fn full_profile(from: Date) -> Profile {
    let mut p = Profile::empty(from);
    p.pokja = Pokja { exists: true, decree: true, members: 12, trained: true };
    p.pkb_assigned = true;
    p.regulation = true;
    p.rkm = true;
    p.funding_sources = FundingSource::ALL.iter().copied().collect();
    p.programs = Program::ALL.iter().copied().collect();
    p.facilities = Facility::ALL.iter().copied().collect();
    p.data_sources = DataSource::ALL.iter().copied().collect();
    p.operations = Operation::ALL.iter().map(|o| (*o, Frequency::Bulanan)).collect();
    p
}

/// A report body: 100 PUS, `users` contraceptive users (a third long-acting), 4 PUS with unmet need.
fn report_body(users: i64) -> Value {
    json!({
        "pus": 100,
        "contraceptive_users": {"mow": 0, "mop": 0, "iud": users / 6, "implan": users / 6, "suntik": users - 2 * (users / 6),
                                "pil": 0, "kondom": 0},
        "pus_not_using": {"hamil": 0, "ingin_anak_segera": 0, "iat": 2, "tial": 2},
        "participants": {"bkb": 0, "bkr": 0, "bkl": 0, "uppka": 0, "pik_r": 0}
    })
}

fn seed(t: &TestApp) -> Seeded {
    let store = &t.app.store;
    let mut villages: Vec<RegionCode> = t.families.iter().map(|f| f.key.village).collect();
    villages.sort();
    villages.dedup();
    villages.retain(|v| *v != t.village && *v != t.other);
    let (unclassified, inactive) = (villages[0], villages[1]);
    let month = last_month();
    // The kader's village: inputs and processes complete, CPR 20 %, a manual population newer than the round.
    store.upsert_kampung(&record(t.village, "Kampung KB Uji", true)).unwrap();
    store.save_profile(t.village, &full_profile(Date::new(2022, 1, 1).unwrap())).unwrap();
    let counts = PopulationCounts {
        pus: 100,
        families: 150,
        families_with_balita: 40,
        families_with_remaja: 30,
        families_with_lansia: 20,
        remaja: 40,
    };
    store.save_population(t.village, today_utc(), &Population { counts, male: [0; 16], female: [0; 16] }).unwrap();
    let mut body = report_body(20);
    body["month"] = json!(month.to_string());
    let form: MonthlyReportForm = serde_json::from_value(body).unwrap();
    store.save_report(&form.parse(t.village, today_utc()).unwrap(), false).unwrap();
    store.refresh_class(t.village).unwrap();
    // The other regency's village: a bare profile.
    store.upsert_kampung(&record(t.other, "Kampung KB Lain", true)).unwrap();
    store.save_profile(t.other, &Profile::empty(Date::new(2022, 1, 1).unwrap())).unwrap();
    store.refresh_class(t.other).unwrap();
    // Never classified, and inactive.
    store.upsert_kampung(&record(unclassified, "Kampung KB Baru", true)).unwrap();
    store.upsert_kampung(&record(inactive, "Kampung KB Lama", false)).unwrap();
    store.refresh_class(inactive).unwrap();
    Seeded { unclassified, inactive, month }
}

fn token(t: &TestApp, username: &str) -> Client {
    let user = t.app.store.user_for_login(username).unwrap().unwrap().0;
    let token = format!("kkb_test_{username}_{}", user.id);
    t.app.store.create_api_token(user.id, "test", &kkb_web::auth::token_hash(&token)).unwrap();
    Client { bearer: Some(token), ..Client::default() }
}

async fn send_json(t: &TestApp, c: &mut Client, method: &str, uri: &str, body: &str) -> Resp {
    let mut b = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(tok) = &c.bearer {
        b = b.header(header::AUTHORIZATION, format!("Bearer {tok}"));
    }
    if !c.cookies.is_empty() {
        let cookies: Vec<String> = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        b = b.header(header::COOKIE, cookies.join("; "));
    }
    let req = b.body(Body::from(body.to_string())).unwrap();
    c.send(t, req).await
}

fn json_of(r: &Resp) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", &r.body[..r.body.len().min(300)]))
}

fn count_after(body: &str, id: &str) -> String {
    let needle = format!("id=\"{id}\">");
    body.split(&needle).nth(1).unwrap_or_else(|| panic!("no #{id}")).split('<').next().unwrap().to_string()
}

/// The current class of a Kampung in the API's region list.
async fn class_in_list(t: &TestApp, village: RegionCode) -> Value {
    let r = Client::default().get(t, "/api/v1/regions/17/kampung").await;
    let list = json_of(&r);
    list["kampung"].as_array().unwrap().iter().find(|k| k["village"] == village.to_string()).unwrap()["class"].clone()
}

#[tokio::test]
async fn the_list_page_shows_classes_and_filters_by_class() {
    let t = common::sqlite(N);
    let s = seed(&t);
    let mut c = Client::default();
    let r = c.get(&t, "/wilayah/17/kampung").await;
    assert_eq!(r.status, StatusCode::OK, "{}", &r.body[..r.body.len().min(300)]);
    for v in [t.village, t.other, s.unclassified, s.inactive] {
        assert!(r.body.contains(&format!("href=\"/kampung/{v}\"")), "the province lists {v}");
    }
    assert_eq!(count_after(&r.body, "kampung-total"), "3", "three active Kampung KB");
    assert_eq!(count_after(&r.body, "kelas-dasar"), "1");
    assert_eq!(count_after(&r.body, "kelas-berkembang"), "1");
    assert_eq!(count_after(&r.body, "kelas-mandiri"), "0");
    assert_eq!(count_after(&r.body, "kelas-belum"), "1", "the unclassified are counted apart");
    assert!(r.body.contains("Daftar Kampung KB") && r.body.contains("Berkembang"));
    // Sub-regions: every kabupaten/kota, linking to its own list.
    let regency = t.village.ancestor_at(Level::Regency).unwrap();
    assert!(r.body.contains(&format!("href=\"/wilayah/{regency}/kampung\"")));
    // The class filter.
    let r = c.get(&t, "/wilayah/17/kampung?kelas=berkembang").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!("href=\"/kampung/{}\"", t.village)));
    for v in [t.other, s.unclassified, s.inactive] {
        assert!(!r.body.contains(&format!("href=\"/kampung/{v}\"")), "berkembang only, not {v}");
    }
    let r = c.get(&t, "/wilayah/17/kampung?kelas=belum").await;
    assert!(r.body.contains(&format!("href=\"/kampung/{}\"", s.unclassified)));
    assert!(!r.body.contains(&format!("href=\"/kampung/{}\"", t.village)));
    let r = c.get(&t, "/wilayah/17/kampung?kelas=mandiri").await;
    assert!(r.body.contains("Tidak ada Kampung KB aktif dengan kelas ini"));
    assert_eq!(c.get(&t, "/wilayah/17/kampung?kelas=emas").await.status, StatusCode::BAD_REQUEST);
    // Every level, sorting, English, unknown regions.
    let district = t.village.ancestor_at(Level::District).unwrap();
    for code in [regency, district, t.village] {
        let r = c.get(&t, &format!("/wilayah/{code}/kampung")).await;
        assert_eq!(r.status, StatusCode::OK, "{code}");
        assert!(r.body.contains(&format!("href=\"/kampung/{}\"", t.village)), "{code} lists the kader's Kampung");
        assert!(!r.body.contains(&format!("href=\"/kampung/{}\"", t.other)), "{code} lists only its own");
    }
    let r = c.get(&t, "/wilayah/17/kampung?sort=dasar&dir=desc").await;
    assert!(r.body.contains("aria-sort=\"descending\""));
    let sorted = r.body.split("id=\"sub\"").nth(1).unwrap();
    let other_regency = t.other.ancestor_at(Level::Regency).unwrap();
    let first = sorted.split("<tbody>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(first.contains(&format!("/wilayah/{other_regency}/kampung")), "the regency with a Dasar Kampung first");
    c.cookies.insert("lang".into(), "en".into());
    let r = c.get(&t, "/wilayah/17/kampung").await;
    assert!(r.body.contains("Kampung KB registry") && r.body.contains("Developing"));
    assert_eq!(c.get(&t, "/wilayah/99/kampung").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn class_counts_add_up_and_show_on_the_dashboards() {
    let t = common::sqlite(N);
    seed(&t);
    let mut c = Client::default();
    let list = json_of(&c.get(&t, "/api/v1/regions/17/kampung").await);
    let kampung = list["kampung"].as_array().unwrap();
    let active = kampung.iter().filter(|k| k["active"] == true).count() as i64;
    let counts = &list["class_counts"];
    assert_eq!(counts["total"].as_i64(), Some(active), "class counts sum to the active Kampung KB");
    let by_class: i64 = ["dasar", "berkembang", "mandiri", "berkelanjutan", "unclassified"]
        .iter()
        .map(|k| counts[*k].as_i64().unwrap())
        .sum();
    assert_eq!(by_class, active);
    for class in ["dasar", "berkembang", "mandiri", "berkelanjutan"] {
        let listed = kampung.iter().filter(|k| k["active"] == true && k["class"] == class).count() as i64;
        assert_eq!(counts[class].as_i64(), Some(listed), "{class}: the list and the counts agree");
        let filtered = json_of(&c.get(&t, &format!("/api/v1/regions/17/kampung?class={class}")).await);
        assert_eq!(filtered["kampung"].as_array().unwrap().len() as i64, listed);
    }
    let children = list["children"].as_array().unwrap();
    assert_eq!(children.len(), 10);
    let sum = |key: &str, field: &str| children.iter().map(|ch| ch[key][field].as_i64().unwrap()).sum::<i64>();
    assert_eq!(sum("class_counts", "total"), active);
    assert_eq!(sum("coverage", "formed"), list["coverage"]["formed"].as_i64().unwrap());
    assert_eq!(list["coverage"]["villages"].as_i64(), Some(1513));
    // The province dashboard: the class card beside the coverage, a compact cell per sub-region.
    let r = c.get(&t, "/wilayah/17").await;
    assert!(r.body.contains("id=\"kampung-classes\""));
    assert_eq!(count_after(&r.body, "kampung-active").trim(), "3");
    assert!(r.body.contains("href=\"/wilayah/17/kampung\""));
    assert!(r.body.contains("href=\"/wilayah/17/kampung?kelas=berkembang#list\""));
    assert!(r.body.contains("Kelas Kampung KB: Dasar / Berkembang / Mandiri / Berkelanjutan"));
    let regency = t.village.ancestor_at(Level::Regency).unwrap();
    let table = r.body.split("class=\"data sortable\"").nth(1).unwrap();
    let row = table.split(&format!("href=\"/wilayah/{regency}?")).nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains("0 / 1 / 0 / 0"), "the kader's regency has one Berkembang Kampung: {row}");
    // The village dashboard names the class.
    let r = c.get(&t, &format!("/wilayah/{}", t.village)).await;
    let card = r.body.split("id=\"kampung-classes\"").nth(1).unwrap().split("</div>").next().unwrap();
    assert!(card.contains("kelas-berkembang") && card.contains("Berkembang"));
}

#[tokio::test]
async fn every_registry_read_of_the_api() {
    let t = common::sqlite(N);
    let s = seed(&t);
    let v = t.village;
    t.app
        .store
        .add_activity(
            v,
            &Activity {
                date: Date::new(2022, 3, 1).unwrap(),
                place: "Balai desa".into(),
                description: "Penyuluhan".into(),
                function: FamilyFunction::Reproduksi,
                targets: [Target::Pus].into_iter().collect(),
                agencies: vec!["bkkbn".into(), "puskesmas".into(), "dinsos".into()],
                inpres_area: InpresArea::LayananRujukan,
                plan_item: None,
            },
        )
        .unwrap();
    t.app.store.refresh_class(v).unwrap();
    let mut public = Client::default();
    // The Kampung.
    let k = json_of(&public.get(&t, &format!("/api/v1/kampung/{v}")).await);
    assert_eq!(k["record"]["name"], "Kampung KB Uji");
    assert_eq!(k["class"], "berkembang");
    assert_eq!(k["classification"]["class"], "berkembang");
    assert_eq!(k["profile"]["active"], true);
    assert_eq!(k["profile"]["profile"]["valid_from"], "2022-01-01");
    assert_eq!(k["population"]["pus"], 100);
    assert_eq!(k["population_source"]["kind"], "manual");
    assert_eq!(k["latest_report"]["month"], s.month.to_string());
    assert!(k["latest_report"]["verification"].is_null());
    assert_eq!(k["class_history"].as_array().unwrap().last().unwrap()["class"], "berkembang");
    // Profiles: the history, and the one in force on a day.
    let p = json_of(&public.get(&t, &format!("/api/v1/kampung/{v}/profiles")).await);
    assert_eq!(p["profiles"].as_array().unwrap().len(), 1);
    let p = json_of(&public.get(&t, &format!("/api/v1/kampung/{v}/profiles?at=2022-06-30")).await);
    assert_eq!(p["profile"]["profile"]["valid_from"], "2022-01-01");
    let p = json_of(&public.get(&t, &format!("/api/v1/kampung/{v}/profiles?at=2021-12-31")).await);
    assert!(p["profile"].is_null(), "no profile was in force before the first");
    let bad = public.get(&t, &format!("/api/v1/kampung/{v}/profiles?at=31-12-2021")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // Reports with their verification: who verified is named to users only.
    t.app.store.verify_report(v, s.month, "kec").unwrap();
    let uri = format!("/api/v1/kampung/{v}/reports?from=2014-01&to={}", s.month);
    let r = json_of(&public.get(&t, &uri).await);
    let report = &r["reports"].as_array().unwrap()[0];
    assert_eq!(report["contraceptive_users"]["suntik"], 14);
    assert!(report["verification"]["verified_at"].is_string());
    assert!(report["verification"].get("verified_by").is_none());
    let mut prov = token(&t, "prov");
    let r = json_of(&prov.get(&t, &uri).await);
    assert_eq!(r["reports"][0]["verification"]["verified_by"], "kec");
    // The Kampung's page likewise: the public sees when a report was verified, users also by whom.
    let page = format!("/kampung/{v}");
    assert!(!public.get(&t, &page).await.body.contains("kec, "), "the verifier named to the public");
    assert!(prov.get(&t, &page).await.body.contains("kec, "), "the verifier not named to a user");
    let none = json_of(&public.get(&t, &format!("/api/v1/kampung/{v}/reports?to=2015-12")).await);
    assert_eq!(none["reports"].as_array().unwrap().len(), 0);
    assert_eq!(
        public.get(&t, &format!("/api/v1/kampung/{v}/reports?from=2022-13")).await.status,
        StatusCode::BAD_REQUEST
    );
    // Activities.
    let a = json_of(&public.get(&t, &format!("/api/v1/kampung/{v}/activities")).await);
    assert_eq!(a["activities"].as_array().unwrap().len(), 1);
    assert_eq!(a["cross_sector_agencies"], 2, "bkkbn does not count");
    assert_eq!(a["activities"][0]["activity"]["function"], "reproduksi");
    // The classification: the contract's input and output.
    let c = json_of(&public.get(&t, &format!("/api/v1/kampung/{v}/classification")).await);
    let inputs = kkb_domain::classification::Inputs::from_value(&c["inputs"]).expect("the contract's input");
    assert_eq!(c["inputs"]["cross_sector_agencies"], 2);
    assert_eq!(c["inputs"]["population"]["pus"], 100);
    let rules = kkb_domain::classification::ClassificationRules::current();
    let again = serde_json::to_value(kkb_domain::classification::classify(rules, &inputs)).unwrap();
    assert_eq!(c["result"], again, "the result is classify's output for those inputs");
    assert_eq!(c["result"]["indicators"].as_object().unwrap().len(), 12);
    assert_eq!(c["result"]["class"], "berkembang");
    assert!(c["result"]["next"]["needs"].is_array());
    // The region list.
    let l =
        json_of(&public.get(&t, &format!("/api/v1/regions/{}/kampung", v.ancestor_at(Level::District).unwrap())).await);
    let item = l["kampung"].as_array().unwrap().iter().find(|k| k["village"] == v.to_string()).unwrap().clone();
    assert_eq!(
        (item["class"].as_str(), item["latest_report"].as_str()),
        (Some("berkembang"), Some(s.month.to_string().as_str()))
    );
    assert_eq!(l["class_counts"]["berkembang"], 1);
    assert_eq!(public.get(&t, "/api/v1/regions/17/kampung?class=emas").await.status, StatusCode::BAD_REQUEST);
    // Not a Kampung, not a village.
    let no_kampung =
        t.families.iter().map(|f| f.key.village).find(|x| t.app.store.kampung(*x).unwrap().is_none()).unwrap();
    for uri in [
        format!("/api/v1/kampung/{no_kampung}"),
        format!("/api/v1/kampung/{no_kampung}/profiles"),
        format!("/api/v1/kampung/{no_kampung}/reports"),
        format!("/api/v1/kampung/{no_kampung}/activities"),
        format!("/api/v1/kampung/{no_kampung}/classification"),
        "/api/v1/kampung/17".to_string(),
    ] {
        let r = public.get(&t, &uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(json_of(&r)["error"]["code"], "not_found");
    }
    // Documented.
    let doc = json_of(&public.get(&t, "/api/v1/openapi.json").await);
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/v1/regions/{code}/kampung", "get"),
        ("/api/v1/kampung/{village}", "get"),
        ("/api/v1/kampung/{village}", "put"),
        ("/api/v1/kampung/{village}/profiles", "get"),
        ("/api/v1/kampung/{village}/profiles", "post"),
        ("/api/v1/kampung/{village}/reports", "get"),
        ("/api/v1/kampung/{village}/reports/{month}", "put"),
        ("/api/v1/kampung/{village}/activities", "get"),
        ("/api/v1/kampung/{village}/activities", "post"),
        ("/api/v1/kampung/{village}/classification", "get"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path} is documented");
    }
    assert!(paths["/api/v1/kampung/{village}/reports/{month}"]["put"]["responses"]["422"].is_object());
}

#[tokio::test]
async fn writes_need_an_in_scope_token_are_validated_and_change_the_class() {
    let t = common::sqlite(N);
    let s = seed(&t);
    let (v, other) = (t.village, t.other);
    let this_month = YearMonth::of(today_utc());
    let uri = format!("/api/v1/kampung/{v}/reports/{this_month}");
    let raised = report_body(60).to_string();
    // The public and browser sessions may not write; nor may the province.
    let r = send_json(&t, &mut Client::default(), "PUT", &uri, &raised).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(json_of(&r)["error"]["code"], "unauthorized");
    assert_eq!(r.headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer");
    let mut session = logged_in(&t, "kader").await;
    assert_eq!(send_json(&t, &mut session, "PUT", &uri, &raised).await.status, StatusCode::UNAUTHORIZED);
    let mut prov = token(&t, "prov");
    assert_eq!(send_json(&t, &mut prov, "PUT", &uri, &raised).await.status, StatusCode::FORBIDDEN);
    let mut admin = token(&t, "admin");
    assert_eq!(send_json(&t, &mut admin, "PUT", &uri, &raised).await.status, StatusCode::FORBIDDEN);
    assert!(t.app.store.report(v, this_month).unwrap().is_none(), "nothing was saved");
    // The kader's token, in scope: a report raising CPR to 60 % lifts the output index and the class.
    let mut kader = token(&t, "kader");
    assert_eq!(class_in_list(&t, v).await, "berkembang");
    let r = send_json(&t, &mut kader, "PUT", &uri, &raised).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let body = json_of(&r);
    assert_eq!((body["replaced"].as_bool(), body["class"].as_str()), (Some(false), Some("berkelanjutan")));
    assert_eq!(body["report"]["month"], this_month.to_string());
    assert_eq!(class_in_list(&t, v).await, "berkelanjutan", "the stored class changed");
    assert_eq!(t.app.store.kampung_status(v).unwrap().unwrap().classification.score("output_cpr"), Some(4));
    let log = t
        .app
        .store
        .audit_log(&kkb_store::AuditFilter {
            region_prefix: None,
            username: Some("kader"),
            action: Some("kampung.report"),
            before_id: None,
            limit: 10,
        })
        .unwrap();
    assert_eq!(log.len(), 1, "the write is audited");
    // Replacing it answers 200.
    let r = send_json(&t, &mut kader, "PUT", &uri, &raised).await;
    assert_eq!((r.status, json_of(&r)["replaced"].as_bool()), (StatusCode::OK, Some(true)));
    // Out of scope: 403, and nothing changes.
    let history = t.app.store.class_history(other).unwrap().len();
    let r = send_json(&t, &mut kader, "PUT", &format!("/api/v1/kampung/{other}/reports/{this_month}"), &raised).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(t.app.store.report(other, this_month).unwrap().is_none());
    assert_eq!(t.app.store.class_history(other).unwrap().len(), history);
    assert_eq!(class_in_list(&t, other).await, "dasar");
    // Validation: every field with its reason, nothing saved.
    let mut negative = report_body(60);
    negative["contraceptive_users"]["pil"] = json!(-3);
    negative["participants"]["bkb"] = json!(-1);
    let r =
        send_json(&t, &mut kader, "PUT", &format!("/api/v1/kampung/{v}/reports/{}", s.month), &negative.to_string())
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let e = json_of(&r);
    assert_eq!(e["error"]["code"], "invalid");
    let fields: Vec<&str> =
        e["error"]["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"contraceptive_users.pil") && fields.contains(&"participants.bkb"), "{fields:?}");
    assert_eq!(t.app.store.report(v, s.month).unwrap().unwrap().contraceptive_users.pil, 0, "nothing saved");
    // Each problem has its machine code beside the reason, in Indonesian by default and in English on request.
    let pil = |e: &Value| {
        e["error"]["problems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["field"] == "contraceptive_users.pil")
            .cloned()
            .unwrap()
    };
    assert_eq!(pil(&e)["code"], "negative");
    assert_eq!(pil(&e)["reason"], "Tidak boleh kurang dari 0: jumlah dimulai dari 0.");
    assert!(e["error"]["message"].as_str().unwrap().contains("contraceptive_users.pil: Tidak boleh kurang dari 0"));
    kader.cookies.insert("lang".into(), "en".into());
    let r =
        send_json(&t, &mut kader, "PUT", &format!("/api/v1/kampung/{v}/reports/{}", s.month), &negative.to_string())
            .await;
    kader.cookies.remove("lang");
    let e = json_of(&r);
    assert_eq!(
        (pil(&e)["code"].as_str(), pil(&e)["reason"].as_str()),
        (Some("negative"), Some("Cannot be below 0: counts start at 0."))
    );
    let next = if this_month.month() == 12 {
        YearMonth::new(this_month.year() + 1, 1)
    } else {
        YearMonth::new(this_month.year(), this_month.month() + 1)
    }
    .unwrap();
    let r = send_json(&t, &mut kader, "PUT", &format!("/api/v1/kampung/{v}/reports/{next}"), &raised).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a future month is refused");
    assert_eq!(json_of(&r)["error"]["problems"][0]["field"], "month");
    assert!(t.app.store.report(v, next).unwrap().is_none());
    let mut other_month = report_body(10);
    other_month["month"] = json!("2022-01");
    let r = send_json(&t, &mut kader, "PUT", &uri, &other_month.to_string()).await;
    assert_eq!(json_of(&r)["error"]["problems"][0]["field"], "month", "the body's month must be the URL's");
    let r = send_json(&t, &mut kader, "PUT", &uri, "{not json").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Profiles: a new version, and a duplicate date.
    let profiles = format!("/api/v1/kampung/{v}/profiles");
    let p = serde_json::to_string(&full_profile(Date::new(2022, 1, 1).unwrap())).unwrap();
    assert_eq!(send_json(&t, &mut kader, "POST", &profiles, &p).await.status, StatusCode::CONFLICT);
    let mut bare = Profile::empty(Date::new(2023, 1, 1).unwrap());
    bare.pokja.exists = true;
    let r = send_json(&t, &mut kader, "POST", &profiles, &serde_json::to_string(&bare).unwrap()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(json_of(&r)["class"], "dasar", "a thinner profile lowers the class");
    let mut wrong = bare.clone();
    wrong.valid_from = Date::new(2023, 2, 1).unwrap();
    wrong.pokja = Pokja { exists: false, decree: false, members: 5, trained: false };
    let r = send_json(&t, &mut kader, "POST", &profiles, &serde_json::to_string(&wrong).unwrap()).await;
    assert_eq!(json_of(&r)["error"]["problems"][0]["field"], "pokja.members");
    // Activities, by the kecamatan officer's token.
    let mut kec = token(&t, "kec");
    let activity = json!({"date": "2023-03-01", "place": "Balai desa", "description": "Rapat koordinasi",
                          "function": "ekonomi", "targets": ["pus"], "agencies": ["dinkes", "dinsos"], "inpres_area": 2});
    let r = send_json(&t, &mut kec, "POST", &format!("/api/v1/kampung/{v}/activities"), &activity.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(t.app.store.activities(v).unwrap().len(), 1);
    let r =
        send_json(&t, &mut kec, "POST", &format!("/api/v1/kampung/{v}/activities"), "{\"date\": \"2023-03-01\"}").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The record: renamed by the kader; model flags only by district officers; the village is the URL's.
    let rec = format!("/api/v1/kampung/{v}");
    let mut k = serde_json::to_value(record(v, "Kampung KB Sejahtera", true)).unwrap();
    let r = send_json(&t, &mut kader, "PUT", &rec, &k.to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(t.app.store.kampung(v).unwrap().unwrap().name, "Kampung KB Sejahtera");
    k["model"] = json!({"kabupaten": true, "provinsi": false});
    let r = send_json(&t, &mut kader, "PUT", &rec, &k.to_string()).await;
    assert_eq!(json_of(&r)["error"]["problems"][0]["field"], "model");
    let mut kab = token(&t, "kab");
    assert_eq!(send_json(&t, &mut kab, "PUT", &rec, &k.to_string()).await.status, StatusCode::OK);
    assert!(t.app.store.kampung(v).unwrap().unwrap().model.kabupaten);
    k["village"] = json!(other.to_string());
    let r = send_json(&t, &mut kab, "PUT", &rec, &k.to_string()).await;
    assert_eq!(json_of(&r)["error"]["problems"][0]["field"], "village");
    k["village"] = Value::Null;
    k["name"] = json!(" ");
    let r = send_json(&t, &mut kab, "PUT", &rec, &k.to_string()).await;
    assert_eq!(json_of(&r)["error"]["problems"][0]["field"], "name");
    // A new Kampung in the kabupaten's region: created and classified.
    let fresh = t
        .families
        .iter()
        .map(|f| f.key.village)
        .find(|x| x.is_within(v.ancestor_at(Level::Regency).unwrap()) && t.app.store.kampung(*x).unwrap().is_none())
        .unwrap();
    let body = serde_json::to_value(record(fresh, "Kampung KB Anyar", true)).unwrap();
    let r = send_json(&t, &mut kab, "PUT", &format!("/api/v1/kampung/{fresh}"), &body.to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(json_of(&r)["class"], "dasar");
    // Writes to a village without a Kampung KB are 404; the kader's scope is one village.
    let district = v.ancestor_at(Level::District).unwrap();
    let none = t
        .app
        .store
        .children(district)
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .find(|x| t.app.store.kampung(*x).unwrap().is_none())
        .unwrap();
    let r = send_json(&t, &mut kec, "PUT", &format!("/api/v1/kampung/{none}/reports/{this_month}"), &raised).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = send_json(&t, &mut kader, "PUT", &format!("/api/v1/kampung/{none}/reports/{this_month}"), &raised).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
