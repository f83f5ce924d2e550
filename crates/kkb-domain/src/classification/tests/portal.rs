//! The agency count as kampungkb makes it and as the national portal would, and when the difference shows.

use super::*;
use crate::kampung::{Activity, AgencyTally, cross_sector_agencies};
use serde_json::json;

fn activity(agencies: &[&str]) -> Activity {
    serde_json::from_value(json!({
        "date": "2025-01-10", "place": "Balai desa", "description": "Penyuluhan", "function": "reproduksi",
        "targets": ["pus"], "agencies": agencies, "inpres_area": 2
    }))
    .unwrap()
}

fn tally(agencies: &[&str]) -> AgencyTally {
    AgencyTally::of(&[activity(agencies)])
}

/// The example with the agencies of one activity, compared with the portal's count.
fn compare(change: impl FnOnce(&mut Inputs), agencies: &[&str]) -> Option<PortalAgencies> {
    let t = tally(agencies);
    let i = with(|i| {
        change(i);
        i.cross_sector_agencies = u64::from(t.counted);
    });
    PortalAgencies::compare(rules(), &i, &classify(rules(), &i), &t)
}

#[test]
fn agency_tally_counts_both_ways() {
    let a = activity(&["dinkes", "Puskesmas", "BKKBN"]);
    let b = activity(&[" opd_kb", "dinkes", "Karang Taruna", "karang taruna ", "Kelompok Tani"]);
    let t = AgencyTally::of([&a, &b]);
    // Ours: dinkes, puskesmas, karang taruna, kelompok tani. The portal: dinkes, puskesmas, BKKBN, OPD KB, "other".
    assert_eq!(t, AgencyTally { counted: 4, home: vec!["bkkbn", "opd_kb"], typed: 2 });
    assert_eq!((t.portal(), cross_sector_agencies([&a, &b])), (5, 4));
    for (agencies, ours, portal) in [
        (&[][..], 0, 0),
        (&["bkkbn"], 0, 1),
        (&["dinkes", "dinsos", "pkk"], 3, 3),
        (&["Karang Taruna"], 1, 1),
        (&["Karang Taruna", "Kelompok Tani", "Dinas Perikanan"], 3, 1),
        (&["bkkbn", "Karang Taruna", "Kelompok Tani"], 2, 2), // the two differences cancel out
    ] {
        let t = tally(agencies);
        assert_eq!((t.counted, t.portal()), (ours, portal), "{agencies:?}");
    }
}

#[test]
fn portal_difference_shows_when_the_score_differs() {
    // BKKBN with three other agencies: we count 3 (score 2), the portal 4 (score 3); proses stays high.
    let d = compare(|_| {}, &["bkkbn", "dinkes", "dinsos", "pkk"]).expect("the scores differ");
    assert_eq!((d.indicator.as_str(), d.score, d.portal_score), ("proses_lintas_sektor", 2, 3));
    assert_eq!((d.tally.counted, d.tally.portal(), d.tally.home.clone()), (3, 4, vec!["bkkbn"]));
    assert_eq!((d.class, d.portal_class), (Class::Berkembang, Class::Berkembang));
    // With proses at the edge the class differs too: data use 3, operations 3 and agencies 2 are 2.67 here,
    // 3.0 on the portal.
    let edge = |i: &mut Inputs| {
        i.data_sources.truncate(2);
        i.operations.truncate(3);
    };
    let d = compare(edge, &["opd_kb", "dinkes", "dinsos", "pkk"]).unwrap();
    assert_eq!((d.class, d.portal_class), (Class::Dasar, Class::Berkembang));
    assert_eq!(d.tally.home, ["opd_kb"]);
    // Four typed-in agencies: 4 here (score 3), one "other" on the portal (score 2).
    let d = compare(|_| {}, &["Karang Taruna", "Kelompok Tani", "Dinas Perikanan", "Koramil"]).unwrap();
    assert_eq!((d.tally.counted, d.tally.portal(), d.score, d.portal_score), (4, 1, 3, 2));
}

#[test]
fn portal_difference_is_absent_when_the_score_is_the_same() {
    for agencies in [
        &[][..],
        &["dinkes", "dinsos", "pkk"], // nothing the portal counts differently
        &["Karang Taruna", "dinkes"], // one typed-in agency is one on the portal too
        &["bkkbn", "Karang Taruna", "Kelompok Tani"], // the count is the same
        &["bkkbn", "dinkes", "dinsos", "pkk", "disdik", "dp3a"], // 5 and 6: both score 3
    ] {
        assert_eq!(compare(|_| {}, agencies), None, "{agencies:?}");
    }
}
