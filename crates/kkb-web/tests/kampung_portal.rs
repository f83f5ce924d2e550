//! The Kampung page against the national portal, through the router on SQLite and PostgreSQL: the sentence that
//! says when the portal would score the cross-sector agencies differently (it counts BKKBN and OPD-KB, and all
//! agencies typed in by name as one), and the class history's reason when a new classification rule changed the
//! class.

mod common;

use common::{Client, TestApp};
use kkb_domain::date::Date;
use kkb_domain::kampung::*;
use kkb_domain::region::RegionCode;

const N: u64 = 400;

fn record(village: RegionCode) -> KampungRecord {
    KampungRecord {
        village,
        name: format!("Kampung KB {village}"),
        launch_date: Date::new(2020, 3, 1).unwrap(),
        decree: None,
        rws: vec![],
        description: String::new(),
        location: None,
        criteria: SelectionCriteria::default(),
        active: true,
        model: ModelFlags::default(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// Input high (3.6). Proses: `data_sources` and `operations` of each list, plus the agencies.
fn profile(data_sources: usize, operations: usize) -> Profile {
    let mut p = Profile::empty(Date::new(2022, 1, 1).unwrap());
    p.pokja = Pokja { exists: true, decree: true, members: 12, trained: true };
    (p.pkb_assigned, p.regulation) = (true, true);
    p.funding_sources = FundingSource::ALL.iter().copied().collect();
    p.programs = Program::ALL.iter().copied().collect();
    p.facilities = Facility::ALL.iter().copied().collect();
    p.data_sources = DataSource::ALL[..data_sources].iter().copied().collect();
    p.operations = Operation::ALL[..operations].iter().map(|o| (*o, Frequency::Bulanan)).collect();
    p
}

/// A Kampung (no monthly report) with one activity involving `agencies`.
fn kampung(t: &TestApp, v: RegionCode, p: &Profile, agencies: &[&str]) {
    let store = &t.app.store;
    store.upsert_kampung(&record(v)).unwrap();
    store.save_profile(v, p).unwrap();
    let activity: Activity = serde_json::from_value(serde_json::json!({
        "date": "2025-01-10", "place": "Balai desa", "description": "Penyuluhan", "function": "reproduksi",
        "targets": ["pus"], "agencies": agencies, "inpres_area": 2
    }))
    .unwrap();
    store.add_activity(v, &activity).unwrap();
    store.refresh_class(v).unwrap();
}

/// The sentence about the portal on the page of `v`, in Indonesian and in English.
async fn sentence(t: &TestApp, v: RegionCode) -> (Option<String>, Option<String>) {
    let mut id = Client::default();
    let mut en = Client::default();
    en.cookies.insert("lang".into(), "en".into());
    let mut out = Vec::new();
    for c in [&mut id, &mut en] {
        let r = c.get(t, &format!("/kampung/{v}")).await;
        assert!(r.status.is_success(), "{v}: {}", r.status);
        out.push(
            r.body
                .split_once("<p id=\"portal-agencies\">")
                .map(|(_, rest)| rest.split("</p>").next().unwrap().to_string()),
        );
    }
    (out[0].take(), out[1].take())
}

async fn the_page_says_when_the_portal_scores_agencies_differently(t: &TestApp) {
    let mut villages: Vec<RegionCode> = t.families.iter().map(|f| f.key.village).collect();
    villages.sort();
    villages.dedup();
    let full = profile(5, 5);
    // BKKBN with three other agencies: 3 here (score 2), 4 on the portal (score 3). Proses stays high.
    kampung(t, villages[0], &full, &["bkkbn", "dinkes", "dinsos", "pkk"]);
    let (id, en) = sentence(t, villages[0]).await;
    assert_eq!(
        id.as_deref(),
        Some(
            "Instansi lintas sektor yang dihitung di sini: 3 (skor 2); portal Kampung KB nasional akan menghitung 4 \
             (skor 3) karena portal juga menghitung BKKBN."
        )
    );
    assert_eq!(
        en.as_deref(),
        Some(
            "Cross-sector agencies counted here: 3 (score 2); the national Kampung KB portal would count 4 (score 3) \
             because it also counts BKKBN."
        )
    );
    // Four agencies typed in by name: 4 here (score 3), one "other" on the portal (score 2).
    kampung(t, villages[1], &full, &["Karang Taruna", "Kelompok Tani", "Koramil", "Dinas Perikanan"]);
    let (id, en) = sentence(t, villages[1]).await;
    let id = id.unwrap();
    assert!(id.contains("4 (skor 3); portal Kampung KB nasional akan menghitung 1 (skor 2) karena portal menghitung"));
    assert!(id.ends_with("menghitung 4 instansi yang diketik sendiri sebagai satu."), "{id}");
    assert!(en.unwrap().ends_with("because it counts the 4 agencies typed in by name as one."));
    // With proses at the edge the portal's class differs too: both reasons, and the class.
    let edge = profile(2, 3);
    kampung(t, villages[2], &edge, &["opd_kb", "bkkbn", "dinkes", "Karang Taruna", "Kelompok Tani"]);
    assert_eq!(
        t.app.store.kampung_classes(villages[2]).unwrap()[&villages[2]],
        Some(kkb_domain::classification::Class::Dasar)
    );
    let (id, en) = sentence(t, villages[2]).await;
    assert_eq!(
        id.as_deref(),
        Some(
            "Instansi lintas sektor yang dihitung di sini: 3 (skor 2); portal Kampung KB nasional akan menghitung 4 \
             (skor 3, kelas Berkembang) karena portal juga menghitung BKKBN dan OPD KB dan menghitung 2 instansi yang \
             diketik sendiri sebagai satu."
        )
    );
    let en = en.unwrap();
    assert!(
        en.ends_with(
            "would count 4 (score 3, class Developing) because it also counts BKKBN and OPD KB and counts the 2 \
             agencies typed in by name as one."
        ),
        "{en}"
    );
    // No sentence where the portal gives the same score: BKKBN among six (5 and 6 both score 3), a count that the
    // two differences leave equal, and agencies the portal counts as we do.
    for (v, agencies) in [
        (villages[3], &["bkkbn", "dinkes", "dinsos", "pkk", "disdik", "dp3a"][..]),
        (villages[4], &["bkkbn", "Karang Taruna", "Kelompok Tani"]),
        (villages[5], &["dinkes", "Karang Taruna"]),
    ] {
        kampung(t, v, &full, agencies);
        assert_eq!(sentence(t, v).await, (None, None), "{agencies:?}");
    }
}

async fn the_history_says_why_a_new_rule_changed_the_class(t: &TestApp) {
    let v = t.village;
    kampung(t, v, &profile(5, 5), &["dinkes"]);
    let store = &t.app.store;
    let detail = serde_json::to_value(&store.kampung_status(v).unwrap().unwrap().classification).unwrap();
    let reason = kkb_domain::classification::ClassificationRules::current().change_reason();
    store.record_class_because(v, Date::new(2025, 9, 1).unwrap(), "mandiri", &detail, Some(&reason)).unwrap();
    let mut c = Client::default();
    let page = c.get(t, &format!("/kampung/{v}")).await.body;
    assert!(
        page.contains(
            "1 September 2025: Mandiri <small>(dihitung ulang menurut aturan klasifikasi baru kampung-kb-v2, \
             tanpa perubahan data)</small>"
        ),
        "{page}"
    );
    assert!(page.contains("<p class=\"note\">kampung-kb-v2</p>"), "the rule in use is named");
    c.cookies.insert("lang".into(), "en".into());
    let page = c.get(t, &format!("/kampung/{v}")).await.body;
    assert!(page.contains("(recomputed under the new classification rule kampung-kb-v2; the data did not change)"));
    // An ordinary change has no reason.
    let history = page.split("id=\"class-history\"").nth(1).unwrap().split("</ul>").next().unwrap();
    assert_eq!(history.matches("<small>").count(), 1, "{history}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_portal_sentence_on_both_engines() {
    the_page_says_when_the_portal_scores_agencies_differently(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        the_page_says_when_the_portal_scores_agencies_differently(&t).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_history_reason_on_both_engines() {
    the_history_says_why_a_new_rule_changed_the_class(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        the_history_says_why_a_new_rule_changed_the_class(&t).await;
    }
}
