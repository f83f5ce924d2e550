//! The demo's Kampung KB registry: [`DEMO_KAMPUNG`] Kampung KB chosen by the formation criteria, with profiles,
//! a year of monthly reports and activities.

use crate::Mix;
use kkb_domain::region::{Level, RegionCode};
use kkb_store::{Store, StoreError};

/// Kampung KB in the Bengkulu demo: 258 formed by August 2022 (BKKBN Bengkulu), spread over the ten kabupaten/kota
/// in proportion to their villages.
pub const DEMO_KAMPUNG: usize = 258;

/// Creates the demo's Kampung KB registry if the province has none: records chosen by the formation criteria
/// (villages whose contraceptive prevalence from PK is lowest in their kabupaten/kota first, with some spread),
/// launch dates from 2016 to August 2022, profiles from bare to complete, twelve monthly reports and some
/// activities each. Returns how many Kampung were created (0 when the registry already had some).
pub fn demo_kampung(store: &Store) -> Result<usize, StoreError> {
    use kkb_domain::date::Date;
    use kkb_domain::kampung::*;
    let province = RegionCode::parse("17").map_err(|e| StoreError::Corrupt(e.to_string()))?;
    if !store.kampungs(Some(province))?.is_empty() {
        return Ok(0);
    }
    let villages = store.descendant_figures(province, Level::Village, None)?;
    let total = villages.len().max(1);
    let mut rng = Mix(2022);
    let mut chosen = Vec::new();
    let mut by_regency: std::collections::BTreeMap<RegionCode, Vec<&kkb_domain::figures::Figures>> = Default::default();
    for v in villages.iter().filter(|v| v.families > 0) {
        if let Some(r) = v.region.code.ancestor_at(Level::Regency) {
            by_regency.entry(r).or_default().push(v);
        }
    }
    for list in by_regency.values_mut() {
        // Criterion: KB participation below the average first; a random tie-breaker spreads the choice.
        list.sort_by(|a, b| {
            let key = |f: &kkb_domain::figures::Figures| f.family_planning.cpr.unwrap_or(100.0);
            key(a).total_cmp(&key(b))
        });
        let want = (list.len() * DEMO_KAMPUNG).div_ceil(total);
        let pool = (want * 2).min(list.len());
        let mut pool: Vec<_> = list[..pool].to_vec();
        for _ in 0..want.min(pool.len()) {
            let i = rng.below(pool.len() as u64) as usize;
            chosen.push(pool.swap_remove(i));
        }
    }
    chosen.truncate(DEMO_KAMPUNG);
    let start = Date::new(2016, 1, 14).map(|d| d.to_days()).unwrap_or(0);
    let end = Date::new(2022, 8, 20).map(|d| d.to_days()).unwrap_or(0);
    let agencies =
        ["dinkes", "disdukcapil", "dinsos", "dinas_pupr", "disdik", "kemenag", "dpmd", "dp3a", "diskominfo", "bappeda"];
    for (n, f) in chosen.iter().enumerate() {
        let launch = Date::from_days(start + rng.below((end - start) as u64) as i32);
        let record = KampungRecord {
            village: f.region.code,
            name: format!("Kampung KB {}", f.region.name),
            launch_date: launch,
            decree: (rng.below(10) < 8).then(|| Decree {
                number: format!("{}/{}/SK/{}", 100 + n, f.region.code.to_string().replace('.', ""), launch.year()),
                date: launch,
                regulation_type: RegulationType::ALL[rng.below(RegulationType::ALL.len() as u64) as usize],
            }),
            rws: (1..=1 + rng.below(3)).map(|i| format!("RW {i:02}")).collect(),
            description: format!("Kampung KB di {} (data demo sintetis).", f.region.name),
            location: None,
            criteria: SelectionCriteria {
                utama: MainCriterion::ALL.iter().copied().collect(),
                wilayah: [AreaCriterion::ALL[rng.below(AreaCriterion::ALL.len() as u64) as usize]]
                    .into_iter()
                    .collect(),
                khusus: Default::default(),
            },
            active: true,
            model: ModelFlags { kabupaten: n % 25 == 0, provinsi: n % 80 == 0 },
            created_at: String::new(),
            updated_at: String::new(),
        };
        store.upsert_kampung(&record)?;
        // Completeness from bare (a Pokja only) to complete, drawn separately for the inputs, the processes and
        // the outputs, so that every class occurs.
        let (level, process, output) = (rng.below(4), rng.below(4), rng.below(4));
        let take = |lv: u64, all: usize, rng: &mut Mix| {
            match lv {
                0 => rng.below(2) as usize,
                1 => 1 + rng.below(2) as usize,
                2 => all / 2 + 1,
                _ => all - rng.below(2) as usize,
            }
            .min(all)
        };
        let mut p = Profile::empty(Date::new(2022, 1, 1).unwrap_or(launch).max(launch));
        p.pokja = Pokja {
            exists: true,
            decree: level > 0,
            members: if level > 0 { 8 + rng.below(12) as u32 } else { 0 },
            trained: level > 1,
        };
        p.pokja_sections = FamilyFunction::ALL.iter().copied().take(take(level, 8, &mut rng)).collect();
        p.pkb_assigned = level > 0;
        p.regulation = level > 1;
        p.rkm = level > 1;
        p.funding_sources = FundingSource::ALL.iter().copied().take(take(level, 6, &mut rng)).collect();
        p.programs = Program::ALL.iter().copied().take(take(level, 8, &mut rng)).collect();
        p.facilities = Facility::ALL.iter().copied().take(take(level, 2, &mut rng)).collect();
        p.data_sources = DataSource::ALL.iter().copied().take(take(process, 5, &mut rng)).collect();
        p.operations =
            Operation::ALL.iter().copied().take(take(process, 5, &mut rng)).map(|o| (o, Frequency::Bulanan)).collect();
        store.save_profile(f.region.code, &p)?;
        // A year of monthly reports, September 2021 to August 2022, from the village's PK figures.
        let pus = f.family_planning.pus.max(5) as u32;
        let cpr = 0.3 + 0.1 * output as f64 + rng.below(6) as f64 / 100.0;
        for k in 0..12 {
            let (y, m) = if k < 4 { (2021, 9 + k as u8) } else { (2022, k as u8 - 3) };
            let Some(month) = YearMonth::new(y, m) else { continue };
            let users = ((f64::from(pus) * cpr.clamp(0.1, 0.9)) as u32).min(pus);
            let share = |num: u32, den: u32| users * num / den;
            let mut c = ContraceptiveUsers::default();
            c.mow = share(3, 100);
            c.iud = share(8 + output as u32 * 3, 100);
            c.implan = share(10 + output as u32 * 2, 100);
            c.pil = share(20, 100);
            c.kondom = share(3, 100);
            c.suntik = users - c.mow - c.iud - c.implan - c.pil - c.kondom;
            let rest = pus - users;
            let unmet = (8 - output as u32 * 2).max(1);
            let not = PusNotUsing {
                hamil: rest / 6,
                ingin_anak_segera: rest / 8,
                iat: rest / (unmet + 2),
                tial: rest / (unmet + 3),
            };
            let families = f.families.max(1) as u32;
            let lv = output as u32;
            let part = Participants {
                bkb: families * (2 + lv * 4) / 100,
                bkr: families * (1 + lv * 3) / 100,
                bkl: families * (1 + lv * 3) / 100,
                uppka: families * lv / 100,
                pik_r: families * lv * 2 / 100,
            };
            let r = MonthlyReport {
                village: f.region.code,
                month,
                pus,
                contraceptive_users: c,
                pus_not_using: not,
                participants: part,
            };
            store.save_report(&r, true)?;
        }
        for a in 0..(process * 2) {
            let date = Date::from_days(Date::new(2022, 1, 10).map(|d| d.to_days()).unwrap_or(0) + (a as i32) * 37);
            let involved: Vec<String> = (0..1 + rng.below(3 + process * 2))
                .map(|_| agencies[rng.below(agencies.len() as u64) as usize].to_string())
                .collect();
            let activity = Activity {
                date,
                place: format!("Balai desa {}", f.region.name),
                description: "Penyuluhan dan pelayanan KB keliling (data demo sintetis)".into(),
                function: FamilyFunction::ALL[a as usize % FamilyFunction::ALL.len()],
                targets: [Target::ALL[rng.below(Target::ALL.len() as u64) as usize]].into_iter().collect(),
                agencies: involved,
                inpres_area: [
                    InpresArea::DataDokumen,
                    InpresArea::PerubahanPerilaku,
                    InpresArea::LayananRujukan,
                    InpresArea::Lingkungan,
                ][a as usize % 4],
                plan_item: None,
            };
            store.add_activity(f.region.code, &activity)?;
        }
        store.refresh_class(f.region.code)?;
    }
    Ok(chosen.len())
}
