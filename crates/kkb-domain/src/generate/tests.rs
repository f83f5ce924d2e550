use super::*;
use crate::figures::{Figures, RegionRef, Tally};
use crate::methodology::Methodology;
use crate::pk::Context;
use crate::pk::read::read_csv_pair;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

type Output = (Vec<u8>, Vec<u8>, GenSummary);

fn regions() -> &'static [Region] {
    static R: OnceLock<Vec<Region>> = OnceLock::new();
    R.get_or_init(|| {
        crate::region::parse_region_table(include_bytes!("../../../../data/regions-indonesia.csv")).expect("table")
    })
}

fn population() -> Vec<(RegionCode, u64)> {
    let mut rdr = csv::Reader::from_reader(&include_bytes!("../../../../data/population-indonesia.csv")[..]);
    rdr.records()
        .map(|r| r.expect("population row"))
        .filter(|r| &r[2] == "regency")
        .map(|r| (RegionCode::parse(&r[0]).expect("code"), r[6].parse().expect("population_total")))
        .collect()
}

fn bengkulu() -> RegionCode {
    RegionCode::parse("17").expect("code")
}

fn run(families: u64, seed: u64) -> Output {
    let opts = GenOptions { province: bengkulu(), families, seed, year: 2021 };
    let (mut f, mut m) = (Vec::new(), Vec::new());
    let summary = generate(regions(), &population(), &opts, &mut f, &mut m).expect("generate");
    (f, m, summary)
}

/// One shared sample: 5,000 families of Bengkulu, round 2021.
fn sample() -> &'static Output {
    static S: OnceLock<Output> = OnceLock::new();
    S.get_or_init(|| run(5_000, 2021))
}

fn rows(bytes: &[u8]) -> Vec<Vec<&str>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    text.lines().skip(1).map(|l| l.split(',').collect()).collect()
}

#[test]
fn headers_are_the_contract() {
    let (f, m, _) = sample();
    let first = |b: &[u8]| std::str::from_utf8(b).expect("UTF-8").lines().next().unwrap_or_default().to_string();
    assert_eq!(
        first(f),
        "family_id,village_code,rw,rt,pk_year,kk_number,p01,p02,p03a,p03b,p03c,p03d,p04,p05,p19,p20,p21,p22,p23,p24,\
p25,p26,savings,sick_treated,online_media,daily_interaction,joint_parenting,recreation,social_activity,kb_method,\
kb_reason_not_using"
    );
    assert_eq!(
        first(m),
        "family_id,member_no,nik,name,sex,birth_date,marital_status,birth_certificate,relation,religion,education,\
in_school,health_insurance"
    );
    assert_eq!(first(f).split(',').skip(6).collect::<Vec<_>>(), crate::pk::columns::FAMILY_CODED);
}

#[test]
fn same_seed_same_bytes() {
    let a = run(1_000, 7);
    assert_eq!(a, run(1_000, 7));
    let b = run(1_000, 8);
    assert_ne!(a.0, b.0);
    assert_ne!(a.1, b.1);
}

#[test]
fn exact_count_and_every_village() {
    let (f, m, s) = sample();
    let fams = rows(f);
    assert_eq!((s.families, fams.len()), (5_000, 5_000));
    assert_eq!(s.members as usize, rows(m).len());
    assert_eq!(s.villages, 1_513);
    assert_eq!(fams.iter().map(|r| r[1]).collect::<HashSet<_>>().len(), 1_513);
    assert_eq!(fams.iter().map(|r| r[0]).collect::<HashSet<_>>().len(), 5_000);
    let kk: HashSet<&str> = fams.iter().map(|r| r[5]).collect();
    assert_eq!(kk.len(), 5_000);
    for r in &fams {
        assert_eq!(r.len(), 31);
        assert_eq!(&r[5][..6], r[1].replace('.', "")[..6].to_string());
        assert_eq!(r[4], "2021");
    }
    // Fewer families than villages: still exact.
    let (_, _, small) = run(100, 1);
    assert_eq!((small.families, small.villages), (100, 100));
    // Kota Bengkulu has 18.8 % of the population and 67 of the 1,513 villages: after one family a village,
    // it gets 18.8 % of the other 3,487 families.
    let kota = fams.iter().filter(|r| r[1].starts_with("17.71.")).count() as f64;
    let expected = 67.0 + 3_487.0 * 400_533.0 / 2_127_957.0;
    assert!((kota - expected).abs() < 2.0, "{kota} {expected}");
}

#[test]
fn no_villages_is_an_error() {
    let opts = GenOptions { province: RegionCode::parse("10").expect("code"), families: 5, seed: 1, year: 2021 };
    let r = generate(regions(), &[], &opts, Vec::new(), Vec::new());
    assert!(matches!(r, Err(GenerateError::NoVillages(_))));
}

#[test]
fn households_are_coherent() {
    let (f, m, s) = sample();
    let per_family = s.members as f64 / s.families as f64;
    assert!((3.0..3.6).contains(&per_family), "{per_family}");
    let district: HashMap<&str, String> =
        rows(f).into_iter().map(|r| (r[0], r[1].replace('.', "")[..6].to_string())).collect();
    let mut niks = HashSet::new();
    let mut empty = 0;
    let mut heads: HashMap<&str, (u32, usize)> = HashMap::new();
    let members = rows(m);
    let mut head = ("", Date::new(1900, 1, 1).expect("date"));
    for r in &members {
        let (sex, birth) = (r[4], Date::parse_iso(r[5]).expect("birth date"));
        assert!(birth >= Date::new(1900, 1, 1).expect("date") && birth <= Date::new(2021, 12, 31).expect("date"));
        let e = heads.entry(r[0]).or_default();
        e.0 += u32::from(r[8] == "1");
        e.1 += 1;
        assert_eq!(r[1], e.1.to_string(), "member_no runs 1..n");
        if r[8] == "1" {
            head = (r[4], birth);
        } else {
            assert_ne!(r[1], "1", "the head comes first");
        }
        match r[8] {
            "2" => assert_ne!(r[4], head.0, "spouses are of opposite sex"),
            "3" => assert!(birth.to_days() - head.1.to_days() >= 9 * 365, "a child is much younger than the head"),
            _ => {}
        }
        if birth.age_on(Date::new(2021, 6, 30).expect("date")) < 16 {
            assert_eq!(r[6], "1", "small children are not married");
        }
        if r[2].is_empty() {
            empty += 1;
            continue;
        }
        let nik = r[2];
        assert!(nik.len() == 16 && nik.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(&nik[..6], district[r[0]]);
        let dd: u8 = nik[6..8].parse().expect("dd");
        assert_eq!(sex == "2", dd > 40);
        assert_eq!(u32::from(dd % 40), u32::from(birth.day()));
        assert_eq!(nik[8..10].parse::<u8>().expect("mm"), birth.month());
        assert_eq!(nik[10..12].parse::<i32>().expect("yy"), birth.year() % 100);
        assert!(niks.insert(nik), "duplicate NIK");
    }
    let share = f64::from(empty) / members.len() as f64;
    assert!((0.01..0.035).contains(&share), "{share}");
    assert_eq!(heads.len(), 5_000);
    assert!(heads.values().all(|h| h.0 == 1), "exactly one head a family");
}

#[test]
fn passes_import_and_lands_near_bengkulu_2021() {
    let (f, m, s) = sample();
    let villages: HashSet<RegionCode> =
        regions().iter().map(|r| r.code).filter(|c| c.level() == Level::Village).collect();
    let provinces: HashSet<u8> =
        regions().iter().filter(|r| r.code.level() == Level::Province).map(|r| r.code.province_number()).collect();
    let is_village = |c: RegionCode| villages.contains(&c);
    let is_province = |p: u8| provinces.contains(&p);
    let ctx =
        Context { is_village: &is_village, is_province: &is_province, today: Date::new(2022, 1, 1).expect("date") };
    let families = match read_csv_pair(&f[..], &m[..], &ctx) {
        Ok(fams) => fams,
        Err(problems) => panic!("{} problems, first: {:?}", problems.len(), &problems[..problems.len().min(5)]),
    };
    assert_eq!(families.len() as u64, s.families);
    let method = Methodology::default_pk21();
    let mut tally = Tally::new(&method);
    for fam in &families {
        tally.add_family(&method, method.score(2021, &fam.answers), 1);
    }
    let region = RegionRef { code: bengkulu(), name: "Bengkulu".into(), level: Level::Province };
    let fig = Figures::from_tally(region, 2021, &method, &tally);
    let json = serde_json::to_string(&fig).expect("json");
    eprintln!("{json}");
    let ibangga = fig.ibangga.expect("scored");
    assert!((ibangga - 56.71).abs() < 1.5, "iBangga {ibangga}");
    for (id, v) in &fig.dimensions {
        let v = v.as_f64().expect("dimension");
        assert!((45.0..70.0).contains(&v), "{id} {v}");
    }
    let unscored = fig.families - fig.scored_families;
    assert!(unscored > 0 && unscored < 100, "{unscored}");
    let cpr = fig.family_planning.cpr.expect("PUS");
    assert!((52.0..68.0).contains(&cpr), "cpr {cpr}");
}

#[test]
fn apportion_is_exact() {
    assert_eq!(apportion(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
    assert_eq!(apportion(7, &[0.0, 0.0]), vec![4, 3]);
    assert_eq!(apportion(5, &[]), Vec::<u64>::new());
    let w: Vec<f64> = (1..=1_000).map(|i| f64::from(i).sqrt()).collect();
    assert_eq!(apportion(10_000_000, &w).iter().sum::<u64>(), 10_000_000);
}
