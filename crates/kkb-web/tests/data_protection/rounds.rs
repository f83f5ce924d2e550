//! Item 3: a cadre cannot open a census round; province users and administrators open, publish and withdraw
//! rounds (each audited); the default round of the dashboards and the API is the latest published one.

use super::both_engines;
use crate::common::{Client, TestApp, YEAR, logged_in};
use axum::http::StatusCode;
use kkb_store::AuditFilter;

fn audited(t: &TestApp, action: &str) -> Vec<kkb_store::AuditRecord> {
    t.app.store.audit_log(&AuditFilter { action: Some(action), limit: 100, ..AuditFilter::default() }).unwrap()
}

/// One family with one member in the village, for the round `year`.
async fn upload_one(t: &TestApp, c: &mut Client, year: u16, id: &str) -> crate::common::Resp {
    let csrf = c.csrf(t).await;
    let fam = format!("family_id,village_code,pk_year,p01\n{id},{},{year},1\n", t.village);
    let mem =
        format!("family_id,member_no,name,sex,birth_date,marital_status,relation\n{id},1,Nama Satu,1,1980-01-01,2,1\n");
    let parts: Vec<(&str, Option<&str>, &[u8])> = vec![
        ("csrf", None, csrf.as_bytes()),
        ("families", Some("keluarga.csv"), fam.as_bytes()),
        ("members", Some("anggota.csv"), mem.as_bytes()),
    ];
    c.post_multipart(t, "/unggah", &parts).await
}

/// The year of the default round, as the API's index gives it.
async fn default_year(t: &TestApp) -> u64 {
    let r = Client::default().get(t, "/api/v1/regions/17/index").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    v["year"].as_u64().unwrap()
}

async fn rounds_belong_to_the_province(t: &TestApp) {
    let year = kkb_domain::date::today_utc().year() as u16;
    let mut kader = logged_in(t, "kader").await;
    // The hole: one family of pk_year 2100 used to open round 2100, the new default of everything.
    let r = upload_one(t, &mut kader, 2100, "U2100").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<code>pk_year</code>") && r.body.contains("<td class=\"mono\">2100</td>"), "{}", r.body);
    assert!(r.body.contains("Tidak ada putaran 2100: minta provinsi membukanya."), "{}", r.body);
    assert!(audited(t, "import.refused")[0].detail.contains("refused: no_round"));
    let csrf = kader.csrf(t).await;
    let r = kader.post_form(t, &format!("/wilayah/{}/keluarga/baru?year=2100", t.village), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "the family form goes into existing rounds only");
    assert!(t.app.store.rounds().unwrap().iter().all(|r| r.year != 2100));
    assert_eq!(default_year(t).await, u64::from(YEAR));

    // Only province users and administrators manage rounds; anyone else's attempt is refused and audited.
    for who in ["kader", "kab", "kec"] {
        let mut c = logged_in(t, who).await;
        assert_eq!(c.get(t, "/admin/putaran").await.status, StatusCode::FORBIDDEN, "{who}");
        let csrf = c.csrf(t).await;
        let r = c.post_form(t, "/admin/putaran", &[("csrf", &csrf), ("year", &year.to_string())]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(audited(t, "round.refused")[0].username, who);
    }
    assert_eq!(Client::default().get(t, "/admin/putaran").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(logged_in(t, "admin").await.get(t, "/admin/putaran").await.status, StatusCode::OK);

    let mut prov = logged_in(t, "prov").await;
    let page = prov.get(t, "/admin/putaran").await;
    assert!(page.body.contains("href=\"/admin/putaran\"") && page.body.contains(&format!("id=\"round-{YEAR}\"")));
    let csrf = prov.csrf(t).await;
    let r = prov.post_form(t, "/admin/putaran", &[("csrf", &csrf), ("year", "2100")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("Tahun harus antara 2000 dan {}", year + 1)), "{}", r.body);
    let r = prov.post_form(t, "/admin/putaran", &[("csrf", &csrf), ("year", &year.to_string())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = prov.get(t, r.location()).await;
    assert!(page.body.contains(&format!("Putaran {year} dibuka")), "{}", page.body);
    let open = &audited(t, "round.open")[0];
    assert_eq!((open.username.as_str(), open.target.as_str()), ("prov", year.to_string().as_str()));
    assert!(open.detail.contains("methodology pk21") && open.detail.contains("reference date"), "{}", open.detail);
    let r = prov.post_form(t, "/admin/putaran", &[("csrf", &csrf), ("year", &year.to_string())]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Uploads go into the open round; it is not the default until it is published.
    let r = upload_one(t, &mut kader, year, "UNEW").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(default_year(t).await, u64::from(YEAR));
    let mut public = Client::default();
    let dashboard = public.get(t, "/wilayah/17").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains(&format!("/wilayah/17?year={YEAR}")));
    assert!(!dashboard.body.contains(&format!("?year={year}")), "an unpublished round is not offered");
    let regency = t.village.ancestor_at(kkb_domain::region::Level::Regency).unwrap();
    for uri in ["/wilayah/17/bentuk-kampung".to_string(), format!("/wilayah/{regency}/konvergensi")] {
        assert_eq!(public.get(t, &uri).await.status, StatusCode::OK, "{uri}");
    }
    let rounds: serde_json::Value = serde_json::from_str(&public.get(t, "/api/v1/rounds").await.body).unwrap();
    assert_eq!(
        (rounds["rounds"][0]["year"].as_u64(), &rounds["rounds"][0]["published"]),
        (Some(u64::from(year)), &serde_json::json!(false))
    );
    let r = prov.post_form(t, &format!("/admin/putaran/{year}/terbitkan"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(default_year(t).await, u64::from(year), "the cached default follows the publication");
    assert!(public.get(t, "/wilayah/17").await.body.contains(&format!("/wilayah/17?year={year}")), "the page too");
    assert_eq!(audited(t, "round.publish")[0].target, year.to_string());
    let r = prov.post_form(t, &format!("/admin/putaran/{year}/terbitkan"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Withdrawn after a confirm step: the year typed again and the number of families shown.
    let uri = format!("/admin/putaran/{year}/tarik");
    let confirm = prov.get(t, &uri).await;
    assert!(confirm.body.contains(&format!("Putaran {year} dan 1 keluarganya akan dihapus")), "{}", confirm.body);
    let y = year.to_string();
    let r = prov.post_form(t, &uri, &[("csrf", &csrf), ("families", "1"), ("confirm", "2000")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = prov.post_form(t, &uri, &[("csrf", &csrf), ("families", "0"), ("confirm", &y)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "the round holds another number of families than confirmed");
    assert_eq!(t.app.store.round(Some(year)).unwrap().families, 1, "nothing deleted");
    let r = prov.post_form(t, &uri, &[("csrf", &csrf), ("families", "1"), ("confirm", &y)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(t.app.store.round(Some(year)).is_err());
    assert!(t.app.store.family(year, t.village, "UNEW").unwrap().is_none());
    assert_eq!(default_year(t).await, u64::from(YEAR));
    let withdrawn = &audited(t, "round.withdraw")[0];
    assert!(withdrawn.detail.ends_with("1 families deleted"), "{}", withdrawn.detail);
    assert!(audited(t, "round.refused").iter().all(|e| e.username != "prov"));
}

both_engines!(only_the_province_manages_rounds, rounds_belong_to_the_province, 300);
