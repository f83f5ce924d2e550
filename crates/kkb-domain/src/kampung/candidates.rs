//! Where to form the next Kampung KB: the villages without an active Kampung KB, ranked by the *kriteria utama*
//! of Peraturan BKKBN No. 20/2023 computed from a PK round (docs/web.md, "Where to form next").
//!
//! Each village is compared with the average of its kabupaten/kota, taken over all the regency's villages (with
//! or without a Kampung) and weighted by families: poor families above it, contraceptive use (CPR) below it.
//! PK21 records no welfare stage (the old *Pra-KS* / *KS I*), so "poor families" uses a documented proxy: the share
//! of scored families in the iBangga category *Rentan* (family iBangga below 40). Both comparisons are made on the
//! integer counts, cross-multiplied, so a village exactly at the average is neither above nor below it.
//!
//! The result carries structured [`Reason`]s rather than sentences, so that each reader gets them in their
//! language.

use crate::figures::Figures;
use crate::methodology::{Category, DimensionDef};
use crate::region::{Level, RegionCode};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The averages villages are compared with: a kabupaten/kota over all its villages, weighted by families.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegencyAverage {
    /// The kabupaten/kota.
    pub regency: RegionCode,
    /// Villages counted.
    pub villages: usize,
    /// Scored families (with an iBangga).
    pub scored_families: i64,
    /// Scored families in the category *Rentan*.
    pub rentan_families: i64,
    /// PUS (couples of reproductive age).
    pub pus: i64,
    /// PUS using any contraceptive method.
    pub users: i64,
    /// `100 × rentan / scored`; `None` without scored families.
    pub poor_share: Option<f64>,
    /// `100 × users / pus`; `None` without PUS.
    pub cpr: Option<f64>,
}

/// A village's weakest iBangga dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct WeakestDimension {
    /// Dimension id (`kemandirian`).
    pub id: String,
    /// Its name in the methodology.
    pub name: String,
    /// The village's index on it.
    pub value: f64,
}

/// Why a village stands where it does, for the reader's language to put in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The share of *Rentan* families (the poor-family proxy) is above the kabupaten/kota average; percents.
    PoorShareAbove {
        /// The village's share.
        village: f64,
        /// The regency's share.
        regency: f64,
    },
    /// Contraceptive prevalence is below the kabupaten/kota average; percents.
    CprBelow {
        /// The village's CPR.
        village: f64,
        /// The regency's CPR.
        regency: f64,
    },
    /// The village's own iBangga is in the category *Rentan*.
    IbanggaRentan {
        /// Its iBangga.
        ibangga: f64,
    },
    /// The village's weakest dimension.
    WeakestDimension {
        /// Dimension id.
        id: String,
        /// Dimension name.
        name: String,
        /// The index.
        value: f64,
    },
    /// The village has scored families but no PUS, so contraceptive use cannot be compared.
    NoPus,
    /// The round has no scored family in the village: nothing to compare.
    NoPkData,
}

/// A village without an active Kampung KB, with what the criteria found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The desa/kelurahan.
    pub village: RegionCode,
    /// Its name.
    pub name: String,
    /// Its kecamatan.
    pub district: RegionCode,
    /// Its kabupaten/kota, whose average it is compared with.
    pub regency: RegionCode,
    /// All families.
    pub families: i64,
    /// Families with an iBangga.
    pub scored_families: i64,
    /// Scored families in the category *Rentan*.
    pub rentan_families: i64,
    /// PUS.
    pub pus: i64,
    /// Share of *Rentan* families, percent.
    pub poor_share: Option<f64>,
    /// The regency's share of *Rentan* families.
    pub regency_poor_share: Option<f64>,
    /// Contraceptive prevalence (any method), percent of PUS.
    pub cpr: Option<f64>,
    /// The regency's CPR.
    pub regency_cpr: Option<f64>,
    /// Poor families (the *Rentan* share) above the regency average.
    pub poor_above: bool,
    /// Contraceptive use below the regency average.
    pub cpr_below: bool,
    /// Both: the *kriteria utama* are met.
    pub kriteria_utama: bool,
    /// The village's iBangga.
    pub ibangga: Option<f64>,
    /// Its category.
    pub category: Option<Category>,
    /// Its weakest dimension.
    pub weakest: Option<WeakestDimension>,
    /// The ranking score within a group (see [`rank_candidates`]); `None` without PK data.
    pub score: Option<f64>,
    /// Why, in order: the criteria met, a *Rentan* iBangga, the weakest dimension; or what is missing.
    pub reasons: Vec<Reason>,
}

impl Candidate {
    /// How many of the two main criteria hold (0, 1 or 2).
    pub fn criteria_met(&self) -> u8 {
        u8::from(self.poor_above) + u8::from(self.cpr_below)
    }

    /// Whether the round has scored families in the village.
    pub fn has_data(&self) -> bool {
        self.scored_families > 0
    }
}

/// The ranked candidates and the averages they were compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateRanking {
    /// Every kabupaten/kota of the input, by code.
    pub regencies: Vec<RegencyAverage>,
    /// The villages without an active Kampung KB, best candidate first.
    pub candidates: Vec<Candidate>,
}

/// Counts read from one village's figures.
struct Counts {
    scored: i64,
    rentan: i64,
    pus: i64,
    users: i64,
}

fn counts(f: &Figures) -> Counts {
    let rentan = f
        .categories
        .get(Category::Rentan.as_str())
        .and_then(|c| c.get("families"))
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0);
    let pus = f.family_planning.pus;
    // Figures keep CPR as `100 × users / pus`; the count comes back exactly (the error is far below one half).
    let users = f.family_planning.cpr.map_or(0, |c| (c * pus as f64 / 100.0).round() as i64);
    Counts { scored: f.scored_families, rentan, pus, users }
}

fn percent(num: i64, den: i64) -> Option<f64> {
    (den > 0).then(|| 100.0 * num as f64 / den as f64)
}

/// Whether `a / b > c / d` for positive denominators, exactly.
fn above(a: i64, b: i64, c: i64, d: i64) -> bool {
    i128::from(a) * i128::from(d) > i128::from(c) * i128::from(b)
}

fn weakest(f: &Figures, dimensions: &[DimensionDef]) -> Option<WeakestDimension> {
    let mut best: Option<WeakestDimension> = None;
    for d in dimensions {
        let Some(v) = f.dimensions.get(&d.id).and_then(serde_json::Value::as_f64) else { continue };
        // Strictly lower only: on a tie the dimension that comes first in the methodology stays.
        if best.as_ref().is_none_or(|b| v < b.value) {
            best = Some(WeakestDimension { id: d.id.clone(), name: d.name.clone(), value: v });
        }
    }
    best
}

/// Ranks the villages of `villages` that are not in `formed` (the villages with an active Kampung KB) as places to
/// form the next Kampung KB. `villages` should hold every village of each kabupaten/kota concerned: the averages
/// are taken over what is given, all villages included, and each village is compared with its own regency.
/// `dimensions` (the methodology's) name the weakest dimension.
///
/// **Order.** Villages meeting both main criteria (*Rentan* share above the regency's, CPR below it) come first,
/// then those meeting one, then those meeting none; villages with no scored family come last. Within a group the
/// higher score comes first, where `score = (poor share − regency poor share) + (regency CPR − CPR) +
/// (100 − iBangga)`, every term in percentage or index points, so that a larger poverty gap, a larger
/// contraceptive gap and a lower iBangga each count point for point (the CPR term is 0 for a village without PUS).
/// Equal scores keep the order of the village codes.
pub fn rank_candidates(
    villages: &[Figures],
    formed: &BTreeSet<RegionCode>,
    dimensions: &[DimensionDef],
) -> CandidateRanking {
    let regency_of = |c: RegionCode| c.ancestor_at(Level::Regency).unwrap_or(c);
    let mut regencies: BTreeMap<RegionCode, RegencyAverage> = BTreeMap::new();
    for f in villages {
        let c = counts(f);
        let code = regency_of(f.region.code);
        let r = regencies.entry(code).or_insert(RegencyAverage {
            regency: code,
            villages: 0,
            scored_families: 0,
            rentan_families: 0,
            pus: 0,
            users: 0,
            poor_share: None,
            cpr: None,
        });
        r.villages += 1;
        r.scored_families += c.scored;
        r.rentan_families += c.rentan;
        r.pus += c.pus;
        r.users += c.users;
    }
    for r in regencies.values_mut() {
        r.poor_share = percent(r.rentan_families, r.scored_families);
        r.cpr = percent(r.users, r.pus);
    }
    let mut candidates: Vec<Candidate> = villages
        .iter()
        .filter(|f| !formed.contains(&f.region.code))
        .map(|f| candidate(f, &regencies[&regency_of(f.region.code)], dimensions))
        .collect();
    candidates.sort_by(|a, b| {
        b.has_data()
            .cmp(&a.has_data())
            .then(b.criteria_met().cmp(&a.criteria_met()))
            .then(b.score.unwrap_or(f64::NEG_INFINITY).total_cmp(&a.score.unwrap_or(f64::NEG_INFINITY)))
            .then(a.village.cmp(&b.village))
    });
    CandidateRanking { regencies: regencies.into_values().collect(), candidates }
}

fn candidate(f: &Figures, r: &RegencyAverage, dimensions: &[DimensionDef]) -> Candidate {
    let c = counts(f);
    let code = f.region.code;
    let has_data = c.scored > 0;
    let poor_above = has_data && above(c.rentan, c.scored, r.rentan_families, r.scored_families);
    let cpr_below = has_data && c.pus > 0 && above(r.users, r.pus, c.users, c.pus);
    let poor_share = percent(c.rentan, c.scored);
    let cpr = percent(c.users, c.pus);
    let weakest = if has_data { weakest(f, dimensions) } else { None };
    let mut reasons = Vec::new();
    let score = if has_data {
        if let (true, Some(v), Some(avg)) = (poor_above, poor_share, r.poor_share) {
            reasons.push(Reason::PoorShareAbove { village: v, regency: avg });
        }
        if let (true, Some(v), Some(avg)) = (cpr_below, cpr, r.cpr) {
            reasons.push(Reason::CprBelow { village: v, regency: avg });
        }
        if let (Some(Category::Rentan), Some(ib)) = (f.category, f.ibangga) {
            reasons.push(Reason::IbanggaRentan { ibangga: ib });
        }
        if let Some(w) = &weakest {
            reasons.push(Reason::WeakestDimension { id: w.id.clone(), name: w.name.clone(), value: w.value });
        }
        if c.pus == 0 {
            reasons.push(Reason::NoPus);
        }
        let poor_gap = poor_share.zip(r.poor_share).map_or(0.0, |(v, avg)| v - avg);
        let cpr_gap = cpr.zip(r.cpr).map_or(0.0, |(v, avg)| avg - v);
        Some(poor_gap + cpr_gap + f.ibangga.map_or(0.0, |ib| 100.0 - ib))
    } else {
        reasons.push(Reason::NoPkData);
        None
    };
    Candidate {
        village: code,
        name: f.region.name.clone(),
        district: code.ancestor_at(Level::District).unwrap_or(code),
        regency: r.regency,
        families: f.families,
        scored_families: c.scored,
        rentan_families: c.rentan,
        pus: c.pus,
        poor_share,
        regency_poor_share: r.poor_share,
        cpr,
        regency_cpr: r.cpr,
        poor_above,
        cpr_below,
        kriteria_utama: poor_above && cpr_below,
        ibangga: f.ibangga,
        category: f.category,
        weakest,
        score,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{FamilyPlanningFigures, RegionRef};
    use serde_json::json;

    fn dims() -> Vec<DimensionDef> {
        ["ketenteraman", "kemandirian", "kebahagiaan"]
            .iter()
            .map(|id| DimensionDef { id: id.to_string(), name: format!("Name {id}") })
            .collect()
    }

    /// A village's figures: `scored` families of which `rentan` are *Rentan*, `pus` PUS of which `users` use a
    /// method, an iBangga and its three dimensions.
    fn village(code: &str, scored: i64, rentan: i64, pus: i64, users: i64, ibangga: f64, d: [f64; 3]) -> Figures {
        let category = if ibangga < 40.0 {
            Category::Rentan
        } else if ibangga > 70.0 {
            Category::Tangguh
        } else {
            Category::Berkembang
        };
        let category = (scored > 0).then_some(category);
        let pct = |n: i64, d: i64| (d > 0).then(|| 100.0 * n as f64 / d as f64);
        Figures {
            region: RegionRef {
                code: RegionCode::parse(code).unwrap(),
                name: format!("Desa {code}"),
                level: Level::Village,
            },
            year: 2021,
            methodology: "pk21-v1".into(),
            families: scored,
            scored_families: scored,
            ibangga: (scored > 0).then_some(ibangga),
            category,
            dimensions: dims()
                .iter()
                .zip(d)
                .map(|(def, v)| (def.id.clone(), if scored > 0 { json!(v) } else { json!(null) }))
                .collect(),
            categories: [("rentan", rentan), ("berkembang", scored - rentan), ("tangguh", 0)]
                .iter()
                .map(|(k, n)| (k.to_string(), json!({"families": n, "percent": pct(*n, scored)})))
                .collect(),
            variables: vec![],
            family_planning: FamilyPlanningFigures {
                pus,
                cpr: pct(users, pus),
                mcpr: None,
                mkjp_share: None,
                unmet_need: None,
            },
            children: None,
        }
    }

    /// A reference village of kabupaten 17.01: 20 % Rentan, CPR 60 %.
    fn reference() -> Figures {
        village("17.01.01.2001", 100, 20, 100, 60, 55.0, [55.0, 50.0, 60.0])
    }

    fn rank(villages: &[Figures], formed: &[&str]) -> CandidateRanking {
        let formed = formed.iter().map(|c| RegionCode::parse(c).unwrap()).collect();
        rank_candidates(villages, &formed, &dims())
    }

    fn codes(r: &CandidateRanking) -> Vec<String> {
        r.candidates.iter().map(|c| c.village.to_string()).collect()
    }

    #[test]
    fn each_main_criterion_compares_with_the_regency_average() {
        // (case, rentan of 100, users of 100 PUS (None: no PUS), poor above, CPR below)
        let cases: &[(&str, i64, Option<i64>, bool, bool)] = &[
            ("both", 50, Some(30), true, true),
            ("exactly at the average", 20, Some(60), false, false),
            ("poor only", 30, Some(70), true, false),
            ("cpr only", 10, Some(40), false, true),
            ("neither", 10, Some(90), false, false),
            ("no pus", 50, None, true, false),
        ];
        for (case, rentan, users, poor, cpr) in cases {
            let (pus, users) = users.map_or((0, 0), |u| (100, u));
            let v = village("17.01.01.2002", 100, *rentan, pus, users, 50.0, [50.0, 40.0, 60.0]);
            let r = rank(&[reference(), v], &["17.01.01.2001"]);
            let c = &r.candidates[0];
            assert_eq!((c.poor_above, c.cpr_below, c.kriteria_utama), (*poor, *cpr, *poor && *cpr), "{case}");
            assert_eq!(c.criteria_met(), u8::from(*poor) + u8::from(*cpr), "{case}");
            // The regency average counts both villages, the formed one too.
            assert_eq!(c.regency_poor_share, Some((20 + rentan) as f64 / 2.0), "{case}");
            assert_eq!(r.regencies[0].villages, 2, "{case}");
            assert_eq!(
                c.reasons.iter().any(|x| matches!(x, Reason::PoorShareAbove { .. })),
                *poor,
                "{case}: {:?}",
                c.reasons
            );
            assert_eq!(c.reasons.iter().any(|x| matches!(x, Reason::CprBelow { .. })), *cpr, "{case}");
            assert_eq!(c.reasons.contains(&Reason::NoPus), pus == 0, "{case}");
        }
    }

    #[test]
    fn the_average_is_weighted_by_families_not_by_villages() {
        // 1 of 10 Rentan in one village, 90 of 100 in the other: 91/110 = 82.7 %, not (10 % + 90 %) / 2.
        let small = village("17.01.01.2002", 10, 1, 10, 9, 60.0, [60.0; 3]);
        let big = village("17.01.01.2003", 100, 90, 100, 10, 35.0, [35.0; 3]);
        let r = rank(&[small, big], &[]);
        let avg = &r.regencies[0];
        assert_eq!((avg.rentan_families, avg.scored_families, avg.users, avg.pus), (91, 110, 19, 110));
        assert!((avg.poor_share.unwrap() - 100.0 * 91.0 / 110.0).abs() < 1e-9);
        assert_eq!(codes(&r), ["17.01.01.2003", "17.01.01.2002"]);
        assert!(r.candidates[0].kriteria_utama && !r.candidates[1].poor_above && !r.candidates[1].cpr_below);
    }

    #[test]
    fn each_village_is_compared_with_its_own_regency() {
        // The same village figures are above the average of 17.02 (poor) but below that of 17.01 (rich).
        let mid = [50.0; 3];
        let villages = vec![
            village("17.01.01.2001", 100, 80, 100, 20, 35.0, mid),
            village("17.01.01.2002", 100, 40, 100, 50, 50.0, mid),
            village("17.02.01.2001", 100, 10, 100, 80, 65.0, mid),
            village("17.02.01.2002", 100, 40, 100, 50, 50.0, mid),
        ];
        let r = rank(&villages, &["17.01.01.2001", "17.02.01.2001"]);
        assert_eq!(r.regencies.iter().map(|a| a.regency.to_string()).collect::<Vec<_>>(), ["17.01", "17.02"]);
        assert_eq!(codes(&r), ["17.02.01.2002", "17.01.01.2002"]);
        assert!(r.candidates[0].kriteria_utama);
        assert_eq!(r.candidates[1].criteria_met(), 0);
        assert_eq!(r.candidates[0].regency.to_string(), "17.02");
        assert_eq!(r.candidates[0].district.to_string(), "17.02.01");
    }

    #[test]
    fn order_is_criteria_then_score_then_code_and_no_data_last() {
        let villages = vec![
            reference(),
            // Neither criterion, very low iBangga: still after every village meeting one.
            village("17.01.01.2002", 100, 10, 100, 90, 20.0, [20.0; 3]),
            // One criterion (poor), then two villages with both: the one with the larger gaps first.
            village("17.01.01.2003", 100, 40, 100, 90, 50.0, [50.0; 3]),
            village("17.01.01.2004", 100, 40, 100, 30, 50.0, [50.0; 3]),
            village("17.01.01.2005", 100, 60, 100, 20, 50.0, [50.0; 3]),
            // Two identical villages: equal scores keep the code order.
            village("17.01.01.2007", 100, 40, 100, 30, 50.0, [50.0; 3]),
            village("17.01.01.2006", 100, 40, 100, 30, 50.0, [50.0; 3]),
            // No PK data at all, and one with lower code: last, by code.
            village("17.01.01.2009", 0, 0, 0, 0, 0.0, [0.0; 3]),
            village("17.01.01.2008", 0, 0, 0, 0, 0.0, [0.0; 3]),
        ];
        let r = rank(&villages, &["17.01.01.2001"]);
        assert_eq!(
            codes(&r),
            [
                "17.01.01.2005",
                "17.01.01.2004",
                "17.01.01.2006",
                "17.01.01.2007",
                "17.01.01.2003",
                "17.01.01.2002",
                "17.01.01.2008",
                "17.01.01.2009"
            ]
        );
        let met: Vec<u8> = r.candidates.iter().map(Candidate::criteria_met).collect();
        assert_eq!(met, [2, 2, 2, 2, 1, 0, 0, 0]);
        let last = &r.candidates[7];
        assert_eq!((last.score, last.reasons.as_slice()), (None, &[Reason::NoPkData][..]));
        assert!(last.weakest.is_none() && !last.poor_above && !last.cpr_below);
        // The score is the documented sum: poor gap + CPR gap + (100 − iBangga).
        let c = &r.candidates[0];
        let want = (c.poor_share.unwrap() - c.regency_poor_share.unwrap())
            + (c.regency_cpr.unwrap() - c.cpr.unwrap())
            + (100.0 - 50.0);
        assert!((c.score.unwrap() - want).abs() < 1e-9);
    }

    #[test]
    fn reasons_name_the_criteria_a_rentan_index_and_the_weakest_dimension() {
        let v = village("17.01.01.2002", 100, 80, 100, 10, 30.0, [35.0, 25.0, 30.0]);
        let r = rank(&[reference(), v], &["17.01.01.2001"]);
        let c = &r.candidates[0];
        assert_eq!(
            c.reasons,
            vec![
                Reason::PoorShareAbove { village: 80.0, regency: 50.0 },
                Reason::CprBelow { village: 10.0, regency: 35.0 },
                Reason::IbanggaRentan { ibangga: 30.0 },
                Reason::WeakestDimension { id: "kemandirian".into(), name: "Name kemandirian".into(), value: 25.0 },
            ]
        );
        let json = serde_json::to_value(&c.reasons[1]).unwrap();
        assert_eq!(json, json!({"kind": "cpr_below", "village": 10.0, "regency": 35.0}));
    }

    #[test]
    fn a_tie_for_the_weakest_dimension_keeps_the_methodology_order() {
        let v = village("17.01.01.2002", 10, 1, 10, 5, 50.0, [60.0, 40.0, 40.0]);
        let w = rank(&[v], &[]).candidates[0].weakest.clone().unwrap();
        assert_eq!((w.id.as_str(), w.value), ("kemandirian", 40.0));
    }

    #[test]
    fn formed_villages_are_not_candidates_and_empty_input_gives_nothing() {
        let r = rank(&[], &[]);
        assert!(r.candidates.is_empty() && r.regencies.is_empty());
        let r = rank(&[reference()], &["17.01.01.2001"]);
        assert!(r.candidates.is_empty());
        assert_eq!(r.regencies.len(), 1);
    }
}
