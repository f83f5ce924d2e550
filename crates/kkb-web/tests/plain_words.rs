//! The pages speak a cadre's words: the family page and the Kampung KB page show labels, meanings and sentences
//! from the catalogue, never column or indicator ids, raw codes or English.

mod common;

use axum::http::StatusCode;
use common::{Client, logged_in};
use kkb_domain::region::Level;

/// The text a reader sees: the page without its tags, scripts and styles.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tail = &rest[start..];
        let skip_to = ["<script", "<style"].iter().find(|t| tail.starts_with(**t)).map(|t| format!("</{}", &t[1..]));
        rest = match skip_to.and_then(|end| tail.find(&end)) {
            Some(i) => &tail[i..],
            None => tail,
        };
        rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn the_family_page_shows_labels_and_words_not_column_ids_or_codes() {
    let t = common::sqlite(3000);
    let f = t.families.iter().find(|f| f.key.village == t.village).unwrap();
    let mut kader = logged_in(&t, "kader").await;
    let page = kader.get(&t, &format!("/keluarga/{}/{}/{}", common::YEAR, t.village, f.key.family_id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = visible(&page.body);
    for id in ["birth_certificate", "kk_number", "health_insurance", "marital_status", "p19", "p03a", "savings"] {
        assert!(!text.contains(id), "column id {id} shown:\n{text}");
    }
    for english in ["Met when", "Members with", "Head of family", "characters hidden", "needs"] {
        assert!(!text.contains(english), "English {english:?} shown:\n{text}");
    }
    assert!(page.body.contains("<td>Ya</td>") || page.body.contains("<td>Tidak</td>"), "answers as words");
    assert!(!text.contains("1 Ya") && !text.contains("2 Tidak"), "codes before words:\n{text}");
    assert!(text.contains("Akta kelahiran anggota"), "the rule's sentence names the column:\n{text}");
    assert!(text.contains("syarat rumah layak huni ke-1"), "housing items in words:\n{text}");
    // The correction form keeps the PK form's numbered choices.
    let form = kader.get(&t, &format!("/keluarga/{}/{}/{}/ubah", common::YEAR, t.village, f.key.family_id)).await;
    assert!(form.body.contains(">1 Ya<"), "numbered choices on the form");
}

#[tokio::test]
async fn the_kampung_page_names_indicators_and_advises_in_indonesian() {
    let t = common::sqlite(3000);
    kkb_demo::demo_kampung(&t.app.store).unwrap();
    let regency = t.village.ancestor_at(Level::Regency).unwrap();
    let kampung = t
        .app
        .store
        .kampungs(Some(regency))
        .unwrap()
        .into_iter()
        .map(|k| k.village)
        .find(|v| t.app.store.kampung_status(*v).unwrap().is_some_and(|s| s.classification.next.is_some()))
        .expect("a Kampung KB below Berkelanjutan");
    let mut public = Client::default();
    let page = public.get(&t, &format!("/kampung/{kampung}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = visible(&page.body);
    let status = t.app.store.kampung_status(kampung).unwrap().unwrap();
    for i in &status.classification.indicators {
        assert!(!text.contains(&i.id), "indicator id {} shown:\n{text}", i.id);
    }
    assert!(text.contains("Pokja (kelompok kerja) Kampung KB"), "indicators named:\n{text}");
    assert!(text.contains("Untuk menaikkan indeks"), "the advice in Indonesian:\n{text}");
    let step = &status.classification.next.as_ref().unwrap().needs[0].steps[0];
    assert!(text.contains(&kkb_web::i18n::Lang::Id.kampung_indicator(&step.indicator)), "{text}");
    for english in ["index", "e.g.", "monthly report", " → "] {
        assert!(!text.contains(english), "English {english:?} shown:\n{text}");
    }
}
