//! What phone submissions do beyond a new family, and the review queue (docs/openrosa.md): an update with the
//! pk-perbarui merge rule, a stale copy and a broken rule kept for review with their problems at instance paths,
//! the officers' apply / correct / reject (CSRF-checked, audited, NIKs only for roles that see them), the cadre's
//! "Kiriman saya", the queue JSON API, edited resends, and the Kampung KB monthly report. On SQLite and
//! PostgreSQL.

mod common;
#[path = "common/openrosa.rs"]
mod phone;

use axum::http::StatusCode;
use common::{Client, TestApp, YEAR, logged_in};
use kkb_domain::region::{Level, RegionCode};
use kkb_store::{StoredFamily, SubmissionFilter};
use phone::{Instance, Member, Phone, Scheme, new_family, nik, uuid, version};

const N: u64 = 1500;

fn sub(t: &TestApp, instance_id: &str) -> kkb_store::Submission {
    t.app.store.submission_by_instance(instance_id).unwrap().expect("the submission is recorded")
}

fn problems(t: &TestApp, instance_id: &str) -> Vec<(String, String)> {
    kkb_web::capture::problems::from_json(&sub(t, instance_id).problems)
        .into_iter()
        .map(|p| (p.field.clone(), p.code().to_string()))
        .collect()
}

/// A stored family of the cadre's village with at least two members, a NIK on the first and a KK number.
fn a_family(t: &TestApp, skip: usize) -> StoredFamily {
    t.families
        .iter()
        .filter(|f| f.key.village == t.village && f.people.len() >= 3 && f.people[1].nik.is_some() && f.kk.is_some())
        .nth(skip)
        .map(|f| t.app.store.family(YEAR, t.village, &f.key.family_id).unwrap().unwrap())
        .expect("a family to update")
}

fn code(c: u8) -> String {
    if c == 0 { String::new() } else { c.to_string() }
}

/// A pk-perbarui instance of a stored family, as the phone fills it from keluarga.csv and anggota.csv: the
/// stored answers and members, NIK and KK number empty.
fn update_of(f: &StoredFamily) -> Instance {
    let mut fields: Vec<(String, String)> = vec![
        ("village_code".into(), f.summary.village.compact().to_string()),
        ("pk_year".into(), f.summary.year.to_string()),
        ("family_id".into(), f.summary.family_id.clone()),
        ("family_version".into(), f.summary.version.to_string()),
        ("rw".into(), f.rw.map(|x| x.to_string()).unwrap_or_default()),
        ("rt".into(), f.rt.map(|x| x.to_string()).unwrap_or_default()),
        ("kk_number".into(), String::new()),
    ];
    for (i, c) in kkb_domain::pk::columns::FAMILY_CODED.iter().enumerate() {
        fields.push((c.to_string(), code(f.answers.coded[i])));
    }
    let members: Vec<Member> = f
        .answers
        .members
        .iter()
        .map(|m| {
            let name = f.people.iter().find(|p| p.0 == m.member_no).unwrap().2.clone();
            let mut v = vec![
                ("member_no".to_string(), m.member_no.to_string()),
                ("name".to_string(), name),
                ("nik".to_string(), String::new()),
                ("birth_date".to_string(), m.birth.to_string()),
            ];
            for (slot, (c, _, _)) in kkb_domain::pk::columns::MEMBER_CODED.iter().enumerate() {
                v.push((c.to_string(), code(m.coded[slot])));
            }
            v
        })
        .collect();
    Instance {
        form: "pk-perbarui".into(),
        version: version("pk-perbarui"),
        fields,
        members,
        instance_id: uuid(),
        deprecated_id: None,
    }
}

async fn updates_merge_and_conflicts(t: &TestApp) {
    let mut kader = Phone::of("kader", Scheme::Basic);
    let f = a_family(t, 0);
    let p04 = kkb_domain::pk::columns::family_slot("p04").unwrap();
    let new_p04 = if f.answers.coded[p04] == 1 { "2" } else { "1" };
    let mut upd = update_of(&f);
    upd.set("p04", new_p04);
    // A new member after the highest stored number, with no NIK.
    let next = f.answers.members.iter().map(|m| m.member_no).max().unwrap() + 1;
    let mut baby = phone::member(next, "", "Bayi Uji", 2, "2025-01-15", 1, 3);
    baby.retain(|(k, _)| k != "nik");
    upd.members.push(baby);
    let r = kader.submit(t, &upd.xml()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let after = t.app.store.family(YEAR, t.village, &f.summary.family_id).unwrap().unwrap();
    assert_eq!(after.summary.version, f.summary.version + 1);
    assert_eq!(after.answers.coded[p04].to_string(), new_p04);
    assert_eq!(after.kk, f.kk, "an empty kk_number keeps the stored one");
    for (no, nik, _) in &f.people {
        let now = after.people.iter().find(|p| p.0 == *no).unwrap();
        assert_eq!(&now.1, nik, "an empty nik keeps member {no}'s stored NIK");
    }
    let added = after.people.iter().find(|p| p.0 == next).expect("the new member");
    assert_eq!((added.1.as_deref(), added.2.as_str()), (None, "Bayi Uji"));

    // A member who left is not in the instance: removed. A typed KK number replaces the stored one.
    let mut upd2 = update_of(&after);
    let left = upd2.members.iter().position(|m| m.iter().any(|(k, v)| k == "relation" && v == "3")).unwrap();
    let left_no: u8 = upd2.members[left][0].1.parse().unwrap();
    upd2.members.remove(left);
    let kk = format!("{}9999999999", &t.village.compact().to_string()[..6]);
    upd2.set("kk_number", &kk);
    let r = kader.submit(t, &upd2.xml()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let after2 = t.app.store.family(YEAR, t.village, &f.summary.family_id).unwrap().unwrap();
    assert!(after2.people.iter().all(|p| p.0 != left_no));
    assert_eq!(after2.kk.as_deref(), Some(kk.as_str()));

    // A copy older than the stored family: kept for review, 202, nothing changes.
    let mut stale = update_of(&after); // version after the first update, now stale
    stale.set("p05", "2");
    let r = kader.submit(t, &stale.xml()).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    assert!(r.body.contains("menunggu pemeriksaan") && r.body.contains("submit_success"), "{}", r.body);
    assert_eq!(problems(t, &stale.instance_id), [("family_version".to_string(), "stale_version".to_string())]);
    assert_eq!(
        t.app.store.family(YEAR, t.village, &f.summary.family_id).unwrap().unwrap().summary.version,
        after2.summary.version
    );
    // Sent again: still counted once, still waiting.
    let r = kader.submit(t, &stale.xml()).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert!(r.body.contains("sudah diterima sebelumnya"), "{}", r.body);

    // The officer compares and applies it over the stored version.
    let mut kec = logged_in(t, "kec").await;
    let id = sub(t, &stale.instance_id).id;
    let page = kec.get(t, &format!("/kiriman/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("family_version") || page.body.contains("versi"), "{}", page.body);
    let csrf = kec.csrf(t).await;
    let r = kec.post_form(t, &format!("/kiriman/{id}/terapkan"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/kiriman/{id}?ok=applied"));
    assert_eq!(sub(t, &stale.instance_id).status, "applied");
    let after3 = t.app.store.family(YEAR, t.village, &f.summary.family_id).unwrap().unwrap();
    assert_eq!(after3.answers.coded[kkb_domain::pk::columns::family_slot("p05").unwrap()], 2);
    assert_eq!(after3.kk.as_deref(), Some(kk.as_str()), "applied with the merge rule over the current family");

    // An edited resend of an applied update replaces the family while nothing else changed it.
    let mut edited = stale.clone();
    edited.instance_id = uuid();
    edited.deprecated_id = Some(stale.instance_id.clone());
    edited.set("p05", "1");
    let r = kader.submit(t, &edited.xml()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let after4 = t.app.store.family(YEAR, t.village, &f.summary.family_id).unwrap().unwrap();
    assert_eq!(after4.answers.coded[kkb_domain::pk::columns::family_slot("p05").unwrap()], 1);
    assert_eq!(after4.summary.version, after3.summary.version + 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn updates_keep_what_the_phone_never_had_and_stale_copies_wait() {
    updates_merge_and_conflicts(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        updates_merge_and_conflicts(&t).await;
    }
}

/// A new family whose second member's NIK says a man and who is a second head.
fn broken(t: &TestApp, id: &str) -> Instance {
    let mut inst = new_family(t.village, YEAR, id, 9300);
    inst.set_member(1, "nik", &nik(t.village, "1988-11-02", false, 9300));
    inst.set_member(1, "relation", "1");
    inst
}

async fn the_queue(t: &TestApp) {
    let mut kader = Phone::of("kader", Scheme::Basic);
    let bad = broken(t, "ODK-Q-001");
    let r = kader.submit(t, &bad.xml()).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let p = problems(t, &bad.instance_id);
    assert!(p.contains(&("anggota[2]/nik".into(), "rule".into())), "{p:?}");
    assert!(p.contains(&("anggota[2]/relation".into(), "rule".into())), "{p:?}");
    assert!(t.app.store.family(YEAR, t.village, "ODK-Q-001").unwrap().is_none(), "nothing applied");
    let queued = t
        .app
        .store
        .audit_log(&kkb_store::AuditFilter { action: Some("capture.queued"), limit: 100, ..Default::default() })
        .unwrap();
    assert!(queued.iter().any(|a| a.target == bad.instance_id && a.detail.contains("anggota[2]/nik")));

    // The queue JSON: session or token of a user whose scope covers the region.
    let district = t.village.ancestor_at(Level::District).unwrap();
    let mut kec = logged_in(t, "kec").await;
    let r = kec.get(t, &format!("/api/v1/capture/submissions?region={district}&status=review")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let item =
        json["submissions"].as_array().unwrap().iter().find(|s| s["instance_id"] == bad.instance_id.as_str()).unwrap();
    assert_eq!(item["form_id"], "pk-keluarga");
    assert_eq!(item["village_code"], t.village.to_string());
    assert_eq!(item["family_id"], "ODK-Q-001");
    assert!(item["received_at"].as_str().unwrap().ends_with('Z'));
    let fields: Vec<&str> = item["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"anggota[2]/nik") && fields.contains(&"anggota[2]/relation"), "{fields:?}");
    assert!(item["problems"][0]["reason"].as_str().unwrap().len() > 10);
    assert!(!r.body.contains(&nik(t.village, "1988-11-02", false, 9300)), "no NIK in the JSON");
    let mut token = Client::default();
    let admin = t.app.store.user_for_login("kab").unwrap().unwrap().0;
    token.bearer = Some("test-capture-token-0123456789".into());
    t.app
        .store
        .create_api_token(admin.id, "queue", &kkb_web::auth::token_hash("test-capture-token-0123456789"))
        .unwrap();
    let r = token.get(t, &format!("/api/v1/capture/submissions?region={}", t.village.compact())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&bad.instance_id));
    let r = token.get(t, &format!("/api/v1/capture/submissions?region={}", t.other)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "outside the token user's scope");
    let r = Client::default().get(t, &format!("/api/v1/capture/submissions?region={district}")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let doc = Client::default().get(t, "/api/v1/openapi.json").await;
    assert!(doc.body.contains("/api/v1/capture/submissions"));

    // The queue page and the submission side by side: NIKs for the kecamatan officer, masked for the kabupaten.
    let page = kec.get(t, &format!("/wilayah/{district}/kiriman")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let id = sub(t, &bad.instance_id).id;
    assert!(page.body.contains(&format!("/kiriman/{id}")));
    let typed_nik = nik(t.village, "1980-05-17", false, 9300);
    let show = kec.get(t, &format!("/kiriman/{id}")).await;
    assert!(show.body.contains(&typed_nik) && show.body.contains("anggota[2]/nik"), "{}", show.body);
    let mut kab = logged_in(t, "kab").await;
    let show = kab.get(t, &format!("/kiriman/{id}")).await;
    assert_eq!(show.status, StatusCode::OK);
    assert!(!show.body.contains(&typed_nik) && !show.body.contains("Budi Uji"), "masked for the kabupaten");
    assert!(!show.body.contains("/koreksi\""), "the kabupaten does not type families");
    let r = kab.get(t, &format!("/kiriman/{id}/koreksi")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut other_kader = Client::default();
    let _ = &mut other_kader;
    let r = logged_in(t, "prov").await.get(t, &format!("/kiriman/{id}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "the province does not review");

    // Correct: the form keeps what was typed on error, then saves with the same rules.
    let form = kec.get(t, &format!("/kiriman/{id}/koreksi")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(&typed_nik));
    let csrf = kec.csrf(t).await;
    let mut fields: Vec<(String, String)> = vec![("csrf".into(), csrf.clone()), ("version".into(), String::new())];
    for (k, v) in &bad.fields {
        fields.push((k.clone(), v.clone()));
    }
    for (i, m) in bad.members.iter().enumerate() {
        for (k, v) in m {
            fields.push((format!("m{i}_{k}"), v.clone()));
        }
    }
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = kec.post_form(t, &format!("/kiriman/{id}/koreksi"), &borrowed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "still broken");
    assert!(r.body.contains("ODK-Q-001") && r.body.contains("aria-invalid"));
    let good_nik = nik(t.village, "1988-11-02", true, 9300);
    for f in fields.iter_mut() {
        if f.0 == "m1_nik" {
            f.1 = good_nik.clone();
        }
        if f.0 == "m1_relation" {
            f.1 = "2".into();
        }
    }
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = kec.post_form(t, &format!("/kiriman/{id}/koreksi"), &borrowed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(sub(t, &bad.instance_id).status, "corrected");
    assert!(t.app.store.family(YEAR, t.village, "ODK-Q-001").unwrap().is_some());
    assert_eq!(String::from_utf8(t.app.store.submission_instance(id).unwrap()).unwrap(), bad.xml(), "kept as sent");

    // Reject with a note: the cadre reads it, a resend is answered with it, nothing is stored.
    let bad2 = broken(t, "ODK-Q-002");
    assert_eq!(kader.submit(t, &bad2.xml()).await.status, StatusCode::ACCEPTED);
    let id2 = sub(t, &bad2.instance_id).id;
    let r = kab.post_form(t, &format!("/kiriman/{id2}/tolak"), &[("note", "keluarga ini sudah terdaftar")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no CSRF token");
    let csrf_kab = kab.csrf(t).await;
    let r = kab
        .post_form(
            t,
            &format!("/kiriman/{id2}/tolak"),
            &[("csrf", &csrf_kab), ("note", "keluarga ini sudah terdaftar")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = sub(t, &bad2.instance_id);
    assert_eq!(
        (s.status.as_str(), s.note.as_str(), s.decided_by.as_deref()),
        ("rejected", "keluarga ini sudah terdaftar", Some("kab"))
    );
    let r = kader.submit(t, &bad2.xml()).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert!(r.body.contains("keluarga ini sudah terdaftar"), "{}", r.body);
    let r = kab.post_form(t, &format!("/kiriman/{id2}/terapkan"), &[("csrf", &csrf_kab)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "decided already");
    let mut kader_web = logged_in(t, "kader").await;
    let mine = kader_web.get(t, "/kiriman").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(
        mine.body.contains("Ditolak")
            && mine.body.contains("keluarga ini sudah terdaftar")
            && mine.body.contains("Dikoreksi"),
        "{}",
        mine.body
    );
    for action in ["capture.corrected", "capture.rejected", "capture.view_nik", "capture.view"] {
        let n = t
            .app
            .store
            .audit_log(&kkb_store::AuditFilter { action: Some(action), limit: 10, ..Default::default() })
            .unwrap();
        assert!(!n.is_empty(), "{action} is audited");
    }

    // An edited resend of a waiting submission replaces it.
    let bad3 = broken(t, "ODK-Q-003");
    assert_eq!(kader.submit(t, &bad3.xml()).await.status, StatusCode::ACCEPTED);
    let mut fixed = new_family(t.village, YEAR, "ODK-Q-003", 9301);
    fixed.deprecated_id = Some(bad3.instance_id.clone());
    let r = kader.submit(t, &fixed.xml()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(sub(t, &bad3.instance_id).status, "replaced");
    assert!(t.app.store.family(YEAR, t.village, "ODK-Q-003").unwrap().is_some());
    let waiting = t
        .app
        .store
        .submissions(&SubmissionFilter { status: Some("review"), limit: 100, ..Default::default() })
        .unwrap();
    assert!(waiting.iter().all(|s| s.instance_id != bad3.instance_id));
}

#[tokio::test(flavor = "multi_thread")]
async fn officers_apply_correct_and_reject_from_the_queue() {
    the_queue(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        the_queue(&t).await;
    }
}

fn report(village: RegionCode, month: &str, pus: &str, suntik: &str) -> Instance {
    let mut fields: Vec<(String, String)> = vec![
        ("village_code".into(), village.compact().to_string()),
        ("bulan".into(), format!("{month}-01")),
        ("month".into(), month.into()),
        ("pus".into(), pus.into()),
    ];
    for c in [
        "mow",
        "mop",
        "iud",
        "implan",
        "pil",
        "kondom",
        "hamil",
        "ingin_anak_segera",
        "tial",
        "bkr",
        "bkl",
        "uppka",
        "pik_r",
    ] {
        fields.push((c.into(), "0".into()));
    }
    fields.push(("suntik".into(), suntik.into()));
    fields.push(("iat".into(), "5".into()));
    fields.push(("bkb".into(), "12".into()));
    Instance {
        form: "laporan-kampung".into(),
        version: version("laporan-kampung"),
        fields,
        members: vec![],
        instance_id: uuid(),
        deprecated_id: None,
    }
}

async fn monthly_reports(t: &TestApp) {
    let v = t.village;
    let record: kkb_domain::kampung::KampungRecord = serde_json::from_value(serde_json::json!({
        "village": v.to_string(), "name": "Kampung KB Uji", "launch_date": "2024-01-15", "active": true
    }))
    .unwrap();
    t.app.store.upsert_kampung(&record).unwrap();
    let mut kader = Phone::of("kader", Scheme::Basic);
    let list = kader.get(t, "/openrosa/formList").await;
    assert!(list.body.contains("<formID>laporan-kampung</formID>"), "{}", list.body);
    let desa = kader.get(t, "/openrosa/forms/laporan-kampung/media/desa.csv").await;
    assert_eq!(desa.body.lines().count(), 2);
    let mut kab = Phone::of("kab", Scheme::Basic);
    let list = kab.get(t, "/openrosa/formList").await;
    assert_eq!(phone::tags(&list.body, "formID"), ["laporan-kampung"], "the kabupaten office fills reports only");

    let good = report(v, "2025-06", "120", "40");
    let r = kader.submit(t, &good.xml()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let month = kkb_domain::kampung::YearMonth::parse("2025-06").unwrap();
    let stored = t.app.store.report(v, month).unwrap().expect("the report is stored");
    assert_eq!((stored.pus, stored.contraceptive_users.suntik, stored.participants.bkb), (120, 40, 12));

    // The same month again: kept for review; the officer applies it, replacing the stored one.
    let again = report(v, "2025-06", "130", "45");
    let r = kader.submit(t, &again.xml()).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    assert_eq!(problems(t, &again.instance_id), [("month".to_string(), "report_exists".to_string())]);
    let mut kab_web = logged_in(t, "kab").await;
    let id = sub(t, &again.instance_id).id;
    let csrf = kab_web.csrf(t).await;
    let r = kab_web.post_form(t, &format!("/kiriman/{id}/terapkan"), &[("csrf", &csrf)]).await;
    assert_eq!(r.location(), format!("/kiriman/{id}?ok=applied"));
    assert_eq!(t.app.store.report(v, month).unwrap().unwrap().pus, 130);

    // A broken rule (more users than PUS): kept, with the problem at pus, in the form's words.
    let bad = report(v, "2025-07", "10", "40");
    let r = kader.submit(t, &bad.xml()).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    assert_eq!(problems(t, &bad.instance_id)[0].0, "pus");
    assert!(r.body.contains("tidak boleh lebih dari PUS"), "{}", r.body);
    // Corrected through the report form.
    let id = sub(t, &bad.instance_id).id;
    let form = kab_web.get(t, &format!("/kiriman/{id}/koreksi")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let mut fields: Vec<(&str, &str)> = bad.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.retain(|(k, _)| *k != "pus");
    fields.push(("pus", "100"));
    fields.push(("csrf", &csrf));
    let r = kab_web.post_form(t, &format!("/kiriman/{id}/koreksi"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let m7 = kkb_domain::kampung::YearMonth::parse("2025-07").unwrap();
    assert_eq!(t.app.store.report(v, m7).unwrap().unwrap().pus, 100);
    assert_eq!(sub(t, &bad.instance_id).status, "corrected");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_monthly_report_form_fills_the_registry() {
    monthly_reports(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        monthly_reports(&t).await;
    }
}
