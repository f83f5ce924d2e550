//! Item 2: masked views no longer narrow a NIK down; NIK search is POST-only, for the roles that may see NIKs,
//! throttled and audited with what it found; a duplicate NIK names nothing outside the uploader's region.

use super::{both_engines, download};
use crate::common::{Client, TestApp, YEAR, logged_in};
use axum::http::StatusCode;
use kkb_domain::date::Date;
use kkb_domain::pk::Family;
use kkb_store::AuditFilter;

/// What must not show in a masked view: each member's NIK digits 7-12 (the birth date and sex), its birth date in
/// any form a page or file writes one, and its full name.
struct Member {
    nik: Option<String>,
    birth: Date,
    name: String,
}

fn members(t: &TestApp, village: kkb_domain::region::RegionCode) -> Vec<Member> {
    let mut out = Vec::new();
    for f in t.families.iter().filter(|f| f.key.village == village) {
        for (a, p) in f.answers.members.iter().zip(&f.people) {
            out.push(Member { nik: p.nik.map(|n| n.as_str().to_string()), birth: a.birth, name: p.name.clone() });
        }
    }
    out
}

/// The text without 64-digit hex secrets (CSRF tokens), whose digits could match by chance.
fn without_tokens(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut run = String::new();
    for c in body.chars() {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        if run.len() != 64 {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    if run.len() != 64 {
        out.push_str(&run);
    }
    out
}

/// What a masked view shows that it must not.
fn leak(body: &str, members: &[Member]) -> Option<String> {
    let body = without_tokens(body);
    if body.contains(" characters]") {
        return Some("a name's length".into());
    }
    for m in members {
        if let Some(n) = &m.nik
            && body.contains(&n[6..12])
        {
            return Some(format!("NIK digits 7-12 of {}***", &n[..2]));
        }
        let (y, mo, d) = (m.birth.year(), m.birth.month(), m.birth.day());
        let forms = [
            m.birth.to_string(),
            kkb_web::i18n::Lang::Id.date(m.birth),
            kkb_web::i18n::Lang::En.date(m.birth),
            format!("{d:02}/{mo:02}/{y}"),
            format!("{d:02}-{mo:02}-{y}"),
        ];
        if let Some(f) = forms.iter().find(|f| body.contains(f.as_str())) {
            return Some(format!("a full birth date ({})", f.len()));
        }
        if m.name.chars().count() > 6 && body.contains(&m.name) {
            return Some("a full name".into());
        }
    }
    None
}

/// The cells of a workbook download, as text.
fn workbook_text(bytes: &[u8]) -> String {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        for row in book.worksheet_range(&name).unwrap().rows() {
            for c in row {
                out.push_str(&c.to_string());
                out.push('\t');
            }
        }
    }
    out
}

async fn masked_views_hide_what_narrows_a_nik(t: &TestApp) {
    let v = t.village;
    let secrets = members(t, v);
    let families: Vec<&Family> = t.families.iter().filter(|f| f.key.village == v).collect();
    assert!(families.len() >= 5 && secrets.iter().filter(|m| m.nik.is_some()).count() >= 10);
    // Every role that sees families masked: province and kabupaten officers always, the others until they ask.
    for who in ["prov", "kab", "kec", "kader"] {
        let c = logged_in(t, who).await;
        let mut views: Vec<String> = vec![
            format!("/wilayah/{v}/keluarga"),
            format!("/wilayah/{v}/keluarga?year={YEAR}&kategori=rentan"),
            format!("/wilayah/{v}/keluarga?format=csv"),
            format!("/api/v1/regions/{v}/families"),
        ];
        for f in &families {
            views.push(format!("/keluarga/{YEAR}/{v}/{}", f.key.family_id));
            views.push(format!("/api/v1/families/{YEAR}/{v}/{}", f.key.family_id));
        }
        views.extend(families.iter().take(3).map(|f| format!("/cari?q={}", f.key.family_id)));
        for uri in &views {
            let (status, body) = download(t, &c, uri).await;
            assert_eq!(status, StatusCode::OK, "{who} {uri}");
            let body = String::from_utf8_lossy(&body);
            assert!(leak(&body, &secrets).is_none(), "{who} {uri} shows {:?}", leak(&body, &secrets));
        }
        let (_, xlsx) = download(t, &c, &format!("/wilayah/{v}/keluarga?format=xlsx")).await;
        assert!(leak(&workbook_text(&xlsx), &secrets).is_none(), "{who}: the workbook");
        // The masked page says what it shows instead: the birth year and the age.
        let (_, page) = download(t, &c, &format!("/keluarga/{YEAR}/{v}/{}", families[0].key.family_id)).await;
        let page = String::from_utf8_lossy(&page);
        let head = &families[0].answers.members[0];
        assert!(page.contains(&format!("<td>{}</td>", head.birth.year())), "{who}: the birth year is shown");
        let (_, json) = download(t, &c, &format!("/api/v1/families/{YEAR}/{v}/{}", families[0].key.family_id)).await;
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let m0 = &json["members"][0];
        assert!(m0["birth_date"].is_null() && m0["birth_year"] == head.birth.year(), "{who}: {m0}");
        if let Some(n) = families[0].people[0].nik {
            assert_eq!(m0["nik"], format!("{}**************", &n.as_str()[..2]));
        }
    }
    // The check can fail: the views a cadre unmasks (audited) do show them.
    let kader = logged_in(t, "kader").await;
    let f = families.iter().find(|f| f.people.iter().any(|p| p.nik.is_some())).unwrap();
    let (_, page) = download(t, &kader, &format!("/keluarga/{YEAR}/{v}/{}?nik=1", f.key.family_id)).await;
    assert!(leak(&String::from_utf8_lossy(&page), &secrets).is_some(), "an unmasked view shows the NIK");
}

async fn post_nik(t: &TestApp, c: &mut Client, nik: &str) -> crate::common::Resp {
    let csrf = c.csrf(t).await;
    c.post_form(t, "/cari", &[("csrf", &csrf), ("nik", nik)]).await
}

fn audited(t: &TestApp, action: &str) -> Vec<kkb_store::AuditRecord> {
    t.app.store.audit_log(&AuditFilter { action: Some(action), limit: 1000, ..AuditFilter::default() }).unwrap()
}

fn a_nik(t: &TestApp, village: kkb_domain::region::RegionCode) -> (&Family, String) {
    let f = t.families.iter().find(|f| f.key.village == village && f.people.iter().any(|p| p.nik.is_some())).unwrap();
    (f, f.people.iter().find_map(|p| p.nik).unwrap().as_str().to_string())
}

async fn nik_search_is_guarded(t: &TestApp) {
    let (own, nik) = a_nik(t, t.village);
    let (_, elsewhere) = a_nik(t, t.other);
    let mut kader = logged_in(t, "kader").await;
    let r = post_nik(t, &mut kader, &nik).await;
    assert_eq!(r.status, StatusCode::OK);
    let key = format!("{YEAR}/{}/{}", t.village, own.key.family_id);
    assert!(r.body.contains(&format!("href=\"/keluarga/{key}\"")), "the family is found");
    let entry = &audited(t, "family.search_nik")[0];
    assert_eq!(entry.detail, format!("1 result(s): {key}"), "audited with what it found");
    let r = post_nik(t, &mut kader, &elsewhere).await;
    assert!(!r.body.contains(&format!("/keluarga/{YEAR}/{}/", t.other)), "nothing outside the cadre's village");
    assert_eq!(audited(t, "family.search_nik")[0].detail, "0 result(s): ");

    // Never in a URL, never for a role that may not see NIKs.
    let r = kader.get(t, &format!("/cari?q={nik}")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(!r.body.contains(&nik) && r.body.contains("tidak boleh dikirim di alamat halaman"));
    for who in ["prov", "kab"] {
        let mut c = logged_in(t, who).await;
        let r = post_nik(t, &mut c, &nik).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        assert!(r.body.contains("hanya untuk kader dan petugas kecamatan") && !r.body.contains(&own.key.family_id));
        assert_eq!(audited(t, "family.search_refused")[0].username, who);
    }

    // Throttled per user: the searches so far count, then the limit.
    let used = audited(t, "family.search_nik").iter().filter(|e| e.username == "kader").count();
    for _ in used..kkb_web::search::NIK_SEARCHES_PER_USER {
        assert_eq!(post_nik(t, &mut kader, &nik).await.status, StatusCode::OK);
    }
    let r = post_nik(t, &mut kader, &nik).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Terlalu banyak pencarian NIK"), "{}", r.body);
    assert_eq!(audited(t, "family.search_throttled")[0].username, "kader");
    let mut kec = logged_in(t, "kec").await;
    assert_eq!(post_nik(t, &mut kec, &nik).await.status, StatusCode::OK, "another user is not throttled");

    // No audit entry holds a NIK.
    let all = t.app.store.audit_log(&AuditFilter { limit: 5000, ..AuditFilter::default() }).unwrap();
    assert!(all.iter().all(|e| !format!("{}{}{}", e.target, e.detail, e.region).contains(&nik)));
}

/// A new family of the cadre's village whose head carries `donor`'s head's NIK.
async fn upload_with_nik_of(t: &TestApp, c: &mut Client, donor: &Family) -> crate::common::Resp {
    let head = donor.answers.members.iter().zip(&donor.people).find(|(a, p)| a.coded[3] == 1 && p.nik.is_some());
    let (a, p) = head.expect("a head with a NIK");
    let fam = format!("family_id,village_code,pk_year,p01\nDUP1,{},{YEAR},1\n", t.village);
    let mem = format!(
        "family_id,member_no,nik,name,sex,birth_date,marital_status,relation\nDUP1,1,{},Nama Satu,{},{},2,1\n",
        p.nik.unwrap().as_str(),
        a.coded[0],
        a.birth
    );
    let csrf = c.csrf(t).await;
    let parts: Vec<(&str, Option<&str>, &[u8])> = vec![
        ("csrf", None, csrf.as_bytes()),
        ("families", Some("keluarga.csv"), fam.as_bytes()),
        ("members", Some("anggota.csv"), mem.as_bytes()),
    ];
    c.post_multipart(t, "/unggah", &parts).await
}

async fn duplicate_niks_name_nothing_outside_the_region(t: &TestApp) {
    let mut kader = logged_in(t, "kader").await;
    let has_head =
        |f: &&Family| f.answers.members.iter().zip(&f.people).any(|(a, p)| a.coded[3] == 1 && p.nik.is_some());
    let outside = t.families.iter().filter(|f| f.key.village == t.other).find(has_head).unwrap();
    let r = upload_with_nik_of(t, &mut kader, outside).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("pada keluarga di luar wilayah Anda: minta dinas KB kabupaten/kota atau provinsi"));
    assert!(!r.body.contains(&outside.key.family_id) && !r.body.contains(&t.other.to_string()), "nothing located");
    let refused = &audited(t, "import.refused")[0];
    assert_eq!((refused.username.as_str(), refused.target.as_str()), ("kader", "keluarga.csv + anggota.csv"));
    assert_eq!(refused.detail, "1 problem(s); refused: nik_taken");
    // Within the cadre's own village the message may name the family.
    let inside = t.families.iter().filter(|f| f.key.village == t.village).find(has_head).unwrap();
    let r = upload_with_nik_of(t, &mut kader, inside).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("untuk keluarga {} di desa {}", inside.key.family_id, t.village)), "{}", r.body);
    assert!(t.app.store.family(YEAR, t.village, "DUP1").unwrap().is_none());
}

both_engines!(masked_views, masked_views_hide_what_narrows_a_nik, 1500);
both_engines!(nik_search, nik_search_is_guarded, 1000);
both_engines!(duplicate_niks, duplicate_niks_name_nothing_outside_the_region, 1000);
