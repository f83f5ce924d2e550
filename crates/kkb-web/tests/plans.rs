//! Cross-sector planning through the router: the whole workflow of a kabupaten plan (the coordinator drafts,
//! agencies add their items, the coordinator submits and approves, agencies report progress, the coordinator
//! reopens), who may do what, validation that names the field, keeps what was typed and saves nothing, and stale
//! versions refused. On SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::{Client, TestApp, logged_in};
use kkb_domain::date::today_utc;
use kkb_domain::planning::{ItemStatus, PlanStatus};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::NewUser;
use kkb_web::auth::{Passwords, Role};

const N: u64 = 600;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

/// The test's regency (the kader's) and another one.
fn regencies(t: &TestApp) -> (RegionCode, RegionCode) {
    (t.village.ancestor_at(Level::Regency).unwrap(), t.other.ancestor_at(Level::Regency).unwrap())
}

/// Seeds Bengkulu's agencies and makes the planning users: the regency's Bappeda (coordinator), its health office
/// and civil registry, and the other regency's health office.
fn planning_users(t: &TestApp) {
    t.app.store.seed_agencies(code("17")).unwrap();
    let (reg, other) = regencies(t);
    let passwords = Passwords::for_tests();
    let users = [
        ("bappeda", Role::Kabupaten, reg, format!("bappeda:{reg}")),
        ("dinkes", Role::Instansi, reg, format!("dinkes:{reg}")),
        ("dukcapil", Role::Instansi, reg, format!("disdukcapil:{reg}")),
        ("dinkes_lain", Role::Instansi, other, format!("dinkes:{other}")),
    ];
    for (username, role, scope, agency) in users {
        t.app
            .store
            .create_user(&NewUser {
                username,
                display_name: &format!("Test {username}"),
                role,
                scope: &scope.to_string(),
                agency: Some(&agency),
                password_hash: &passwords.hash(&common::password(username)),
            })
            .unwrap();
    }
}

async fn form(c: &mut Client, t: &TestApp, uri: &str, fields: &[(&str, &str)]) -> common::Resp {
    let csrf = c.csrf(t).await;
    let mut all: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    all.extend_from_slice(fields);
    c.post_form(t, uri, &all).await
}

fn year() -> i32 {
    today_utc().year()
}

/// A complete item form of `responsible` targeting `village`, with the plan version `version`.
fn item_form(responsible: &str, village: RegionCode, version: i64) -> Fields {
    let y = year();
    [
        ("activity", "3.2.4".to_string()),
        ("title", "Pemantauan pertumbuhan balita di posyandu".to_string()),
        ("area", String::new()),
        ("functions", "perlindungan".to_string()),
        ("variables", "v08".to_string()),
        ("responsible", responsible.to_string()),
        ("villages", village.to_string()),
        ("start", format!("{y}-01")),
        ("end", format!("{y}-12")),
        ("budget", "40.000.000".to_string()),
        ("source", "apbd_kabupaten".to_string()),
        ("indicator", "Balita ditimbang".to_string()),
        ("target", "300".to_string()),
        ("unit", "balita".to_string()),
        ("status", "planned".to_string()),
        ("version", version.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// A form as name–value pairs.
type Fields = Vec<(String, String)>;

fn with(mut fields: Fields, key: &str, value: &str) -> Fields {
    fields.retain(|(k, _)| k != key);
    fields.push((key.to_string(), value.to_string()));
    fields
}

async fn post(c: &mut Client, t: &TestApp, uri: &str, fields: &[(String, String)]) -> common::Resp {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form(c, t, uri, &refs).await
}

fn version(t: &TestApp, plan: i64) -> i64 {
    t.app.store.plan(plan).unwrap().unwrap().version
}

/// The coordinator creates the regency's plan for this year; returns its id.
async fn create_plan(t: &TestApp, coordinator: &mut Client) -> i64 {
    let (reg, _) = regencies(t);
    let y = year().to_string();
    let r =
        form(coordinator, t, "/rencana", &[("region", &reg.to_string()), ("year", &y), ("title", "Rencana aksi uji")])
            .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let plan = t.app.store.plans(Some(reg), Some(year())).unwrap().pop().unwrap();
    assert_eq!(r.location(), format!("/rencana/{}?ok=plan.create", plan.id));
    assert_eq!((plan.status, plan.coordinator.as_str()), (PlanStatus::Draft, format!("bappeda:{reg}").as_str()));
    plan.id
}

async fn the_whole_workflow(t: &TestApp) {
    planning_users(t);
    let (reg, _) = regencies(t);
    let (dinkes_id, dukcapil_id) = (format!("dinkes:{reg}"), format!("disdukcapil:{reg}"));
    let mut bappeda = logged_in(t, "bappeda").await;
    let page = bappeda.get(t, &format!("/rencana?wilayah={reg}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"new-plan\""), "the coordinator is offered a new plan");
    let id = create_plan(t, &mut bappeda).await;
    // A second plan for the same region and year is refused on the list page.
    let y = year().to_string();
    let r = form(&mut bappeda, t, "/rencana", &[("region", &reg.to_string()), ("year", &y), ("title", "Lagi")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("sudah punya rencana aksi untuk tahun"), "{}", r.body);

    // The health office adds its item; its form offers only itself as responsible.
    let mut dinkes = logged_in(t, "dinkes").await;
    let page = dinkes.get(t, &format!("/rencana/{id}/kegiatan/baru")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&format!("<option value=\"{dinkes_id}\" selected>")));
    assert!(!page.body.contains(&format!("<option value=\"{dukcapil_id}\"")), "another agency is not offered");
    let r = post(&mut dinkes, t, &format!("/rencana/{id}/kegiatan/baru"), &item_form(&dinkes_id, t.village, 1)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let items = t.app.store.items(id).unwrap();
    assert_eq!(items.len(), 1);
    let item = items[0].id;
    assert_eq!(items[0].item.budget, 40_000_000);
    assert_eq!(u8::from(items[0].item.area), 3, "the area follows the catalogue activity");
    // … but none for another agency.
    let v = version(t, id);
    let r = post(&mut dinkes, t, &format!("/rencana/{id}/kegiatan/baru"), &item_form(&dukcapil_id, t.village, v)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(t.app.store.items(id).unwrap().len(), 1);

    // The plan page, public: the item with its agency, village, budget in the locale, and the totals.
    let mut public = Client::default();
    let page = public.get(t, &format!("/rencana/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let village_name = t.app.store.region(t.village).unwrap().unwrap().name;
    assert!(page.body.contains("Pemantauan pertumbuhan balita"));
    assert!(page.body.contains("Dinas Kesehatan"));
    assert!(page.body.contains(&format!("<a href=\"/wilayah/{}\">{village_name}</a>", t.village)));
    assert!(page.body.contains("Rp 40.000.000"));
    assert!(!page.body.contains("step-submit"), "the public has no workflow buttons");
    public.cookies.insert("lang".into(), "en".into());
    assert!(public.get(t, &format!("/rencana/{id}")).await.body.contains("Rp 40,000,000"));
    let list = public.get(t, &format!("/rencana?wilayah={reg}&tahun={}", year())).await;
    assert!(list.body.contains("Rencana aksi uji") && list.body.contains("Rp 40,000,000"), "{}", list.body);

    // The coordinator submits: the agency's edits are refused with the store's message, nothing saved.
    let page = bappeda.get(t, &format!("/rencana/{id}")).await;
    assert!(page.body.contains("id=\"step-submit\""));
    let v = version(t, id);
    let r = form(&mut bappeda, t, &format!("/rencana/{id}/submit"), &[("version", &v.to_string())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(t.app.store.plan(id).unwrap().unwrap().status, PlanStatus::Submitted);
    let edit = with(item_form(&dinkes_id, t.village, version(t, id)), "title", "Diubah setelah diajukan");
    let r = post(&mut dinkes, t, &format!("/rencana/{id}/kegiatan/{item}"), &edit).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Tunggu koordinator mengembalikannya kepada Anda"), "{}", r.body);
    assert!(r.body.contains("value=\"Diubah setelah diajukan\""), "what was typed is kept");
    assert_eq!(t.app.store.item(item).unwrap().unwrap().item.title, "Pemantauan pertumbuhan balita di posyandu");

    // Approved: still locked; progress is reported by the agency.
    let v = version(t, id).to_string();
    assert_eq!(
        form(&mut bappeda, t, &format!("/rencana/{id}/approve"), &[("version", &v)]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(t.app.store.plan(id).unwrap().unwrap().status, PlanStatus::Approved);
    let edit = with(item_form(&dinkes_id, t.village, version(t, id)), "title", "Diubah setelah disetujui");
    let r = post(&mut dinkes, t, &format!("/rencana/{id}/kegiatan/{item}"), &edit).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Minta koordinator membuka kembali rencana ini"), "{}", r.body);
    let page = dinkes.get(t, &format!("/rencana/{id}/kegiatan/{item}/progres")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"percent\""));
    let today = today_utc().to_string();
    let report = [
        ("date", today.as_str()),
        ("percent", "30"),
        ("spent", "10.000.000"),
        ("status", "in_progress"),
        ("note", "Tiga posyandu"),
        ("evidence", "https://example.org/laporan.pdf"),
    ];
    let r = form(&mut dinkes, t, &format!("/rencana/{id}/kegiatan/{item}/progres"), &report).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(t.app.store.progress(item).unwrap().len(), 1);
    assert_eq!(t.app.store.item(item).unwrap().unwrap().item.status, ItemStatus::InProgress);
    let page = dinkes.get(t, &format!("/rencana/{id}/kegiatan/{item}/progres")).await;
    assert!(page.body.contains("Tiga posyandu") && page.body.contains("Rp 10.000.000"), "the history is shown");
    // Spending more than the budget is refused at the field.
    let over = [("date", today.as_str()), ("percent", "50"), ("spent", "50.000.000"), ("status", "in_progress")];
    let r = form(&mut dinkes, t, &format!("/rencana/{id}/kegiatan/{item}/progres"), &over).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("melebihi anggaran Rp 40.000.000") && r.body.contains("value=\"50.000.000\""),
        "{}",
        r.body
    );
    assert_eq!(t.app.store.progress(item).unwrap().len(), 1);
    let page = public.get(t, &format!("/rencana/{id}")).await;
    assert!(page.body.contains("30%"), "the latest progress is on the plan page");

    // Reopened with a note (a note is required): the agency edits again.
    let v = version(t, id).to_string();
    let r = form(&mut bappeda, t, &format!("/rencana/{id}/reopen"), &[("version", &v), ("note", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = form(&mut bappeda, t, &format!("/rencana/{id}/reopen"), &[("version", &v), ("note", "Tambah desa")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let plan = t.app.store.plan(id).unwrap().unwrap();
    assert_eq!((plan.status, plan.note.as_str()), (PlanStatus::Draft, "Tambah desa"));
    let edit = with(item_form(&dinkes_id, t.village, plan.version), "title", "Pemantauan pertumbuhan (diperluas)");
    let r = post(&mut dinkes, t, &format!("/rencana/{id}/kegiatan/{item}"), &edit).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(t.app.store.item(item).unwrap().unwrap().item.title, "Pemantauan pertumbuhan (diperluas)");

    // Every change is in the audit log.
    let log = t.app.store.audit_log(&kkb_store::AuditFilter { limit: 1000, ..Default::default() }).unwrap();
    for action in [
        "plan.create",
        "plan.item.create",
        "plan.submit",
        "plan.approve",
        "plan.progress",
        "plan.reopen",
        "plan.item.update",
    ] {
        assert!(log.iter().any(|e| e.action == action), "{action} audited");
    }
}

async fn who_may_do_what(t: &TestApp) {
    planning_users(t);
    let (reg, _) = regencies(t);
    let dinkes_id = format!("dinkes:{reg}");
    let mut bappeda = logged_in(t, "bappeda").await;
    let id = create_plan(t, &mut bappeda).await;
    let mut dinkes = logged_in(t, "dinkes").await;
    let r = post(&mut dinkes, t, &format!("/rencana/{id}/kegiatan/baru"), &item_form(&dinkes_id, t.village, 1)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let item = t.app.store.items(id).unwrap()[0].id;
    let new_item = format!("/rencana/{id}/kegiatan/baru");
    let edit = format!("/rencana/{id}/kegiatan/{item}");

    // The public reads the matrix, the list and the plan, and changes nothing.
    let mut public = Client::default();
    let inpres = public.get(t, "/inpres").await;
    assert_eq!(inpres.status, StatusCode::OK);
    assert!(inpres.body.contains("Kemenkes") && inpres.body.contains("kegiatan-3.2.4"));
    assert_eq!(public.get(t, "/rencana").await.status, StatusCode::OK);
    assert_eq!(public.get(t, &format!("/rencana/{id}")).await.status, StatusCode::OK);
    assert_ne!(public.get(t, &new_item).await.status, StatusCode::OK);
    let v = version(t, id);
    let fields = item_form(&dinkes_id, t.village, v);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(public.post_form(t, &new_item, &refs).await.status, StatusCode::FORBIDDEN);
    let submit = [("version", v.to_string())];
    let submit: Vec<(&str, &str)> = submit.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(public.post_form(t, &format!("/rencana/{id}/submit"), &submit).await.status, StatusCode::FORBIDDEN);

    // Another regency's office, another agency of the regency, a regency officer without an office: 403.
    let mut other = logged_in(t, "dinkes_lain").await;
    assert_eq!(other.get(t, &new_item).await.status, StatusCode::FORBIDDEN);
    assert_eq!(post(&mut other, t, &new_item, &fields).await.status, StatusCode::FORBIDDEN);
    assert_eq!(other.get(t, &edit).await.status, StatusCode::FORBIDDEN);
    let mut dukcapil = logged_in(t, "dukcapil").await;
    assert_eq!(dukcapil.get(t, &edit).await.status, StatusCode::FORBIDDEN, "another agency's item");
    assert_eq!(post(&mut dukcapil, t, &edit, &fields).await.status, StatusCode::FORBIDDEN);
    let v = version(t, id).to_string();
    assert_eq!(
        form(&mut dukcapil, t, &format!("{edit}/hapus"), &[("version", &v)]).await.status,
        StatusCode::FORBIDDEN
    );
    let mut kab = logged_in(t, "kab").await;
    let y = year().to_string();
    let r = form(&mut kab, t, "/rencana", &[("region", &reg.to_string()), ("year", &y), ("title", "X")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(post(&mut kab, t, &new_item, &fields).await.status, StatusCode::FORBIDDEN);
    assert!(!kab.get(t, "/rencana").await.body.contains("id=\"new-plan\""));
    // Only the coordinator moves the plan.
    assert_eq!(
        form(&mut dinkes, t, &format!("/rencana/{id}/submit"), &[("version", &v)]).await.status,
        StatusCode::FORBIDDEN
    );
    // No CSRF token, no change.
    let r = bappeda.post_form(t, &format!("/rencana/{id}/submit"), &[("version", &v)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = dinkes.post_form(t, &format!("{edit}/hapus"), &[("version", &v)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(t.app.store.plan(id).unwrap().unwrap().status, PlanStatus::Draft);
    assert_eq!(t.app.store.items(id).unwrap().len(), 1);
    // The coordinator may edit and remove any item of the draft.
    assert_eq!(bappeda.get(t, &edit).await.status, StatusCode::OK);
    let r = form(&mut bappeda, t, &format!("{edit}/hapus"), &[("version", &v)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(t.app.store.items(id).unwrap().is_empty());
}

async fn bad_items_are_refused_at_their_field(t: &TestApp) {
    planning_users(t);
    let (reg, _) = regencies(t);
    let dinkes_id = format!("dinkes:{reg}");
    let mut bappeda = logged_in(t, "bappeda").await;
    let id = create_plan(t, &mut bappeda).await;
    let mut dinkes = logged_in(t, "dinkes").await;
    let uri = format!("/rencana/{id}/kegiatan/baru");
    let y = year();
    let good = item_form(&dinkes_id, t.village, 1);
    let cases: [(Fields, &str, &str); 4] = [
        (with(good.clone(), "budget", "-5"), "Tidak boleh kurang dari 0", "value=\"-5\""),
        (with(good.clone(), "budget", "abc"), "Bukan jumlah rupiah", "value=\"abc\""),
        (
            with(with(good.clone(), "start", &format!("{y}-09")), "end", &format!("{y}-03")),
            "lebih awal daripada bulan mulai",
            &format!("value=\"{y}-03\""),
        ),
        (with(good.clone(), "villages", &t.other.to_string()), "di luar wilayah rencana ini", "value=\"40.000.000\""),
    ];
    for (fields, message, kept) in &cases {
        let r = post(&mut dinkes, t, &uri, fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}: {}", r.body);
        let body = r.body.replace("&#39;", "&#x27;").replace('\'', "&#x27;");
        assert!(body.contains(message), "{message}: {}", r.body);
        assert!(r.body.contains(kept), "{kept} kept");
        assert!(r.body.contains("aria-invalid=\"true\"") || r.body.contains("class=\"field checks invalid\""));
    }
    assert!(t.app.store.items(id).unwrap().is_empty(), "nothing saved");
    assert_eq!(version(t, id), 1);

    // A stale version: someone saved first.
    let r = post(&mut bappeda, t, &uri, &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = post(&mut dinkes, t, &uri, &good).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("sudah diubah orang lain"), "{}", r.body);
    assert_eq!(t.app.store.items(id).unwrap().len(), 1);
    let r = form(&mut bappeda, t, &format!("/rencana/{id}/submit"), &[("version", "1")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("sudah diubah orang lain") && r.body.contains("id=\"plan-error\""), "{}", r.body);
    assert_eq!(t.app.store.plan(id).unwrap().unwrap().status, PlanStatus::Draft);
}

#[tokio::test(flavor = "multi_thread")]
async fn workflow() {
    the_whole_workflow(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        the_whole_workflow(&t).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn permissions() {
    who_may_do_what(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        who_may_do_what(&t).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn validation() {
    bad_items_are_refused_at_their_field(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        bad_items_are_refused_at_their_field(&t).await;
    }
}
