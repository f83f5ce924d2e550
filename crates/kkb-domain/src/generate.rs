//! Deterministic synthetic PK data: `keluarga.csv` and `anggota.csv` in the import format of
//! docs/pk-import.md, for demos, tests and load tests.
//!
//! Everything comes from one seeded PRNG (xoshiro256**, no `rand` dependency), so the same options give
//! byte-identical files. The data is obviously synthetic (names combined at random from short built-in lists),
//! but shaped like a census: families are spread over villages in proportion to regency population, households
//! are coherent (ages, marital status, NIK agreeing with sex and birth date), and every answer is driven by a
//! latent prosperity factor of the village plus family noise, so a poorer village scores lower on several
//! variables at once. The constants below are calibrated so that a province under the default PK21 methodology
//! lands near Bengkulu's published 2021 iBangga (56.71).

mod household;
mod names;
mod rng;

use crate::date::Date;
use crate::region::{Level, Region, RegionCode};
use rng::{Item, Rng};
use std::io::Write;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// The province (any region above village level works) whose villages receive the families.
    pub province: RegionCode,
    /// Exact number of families to write.
    pub families: u64,
    /// PRNG seed: the same options give byte-identical output.
    pub seed: u64,
    /// The round (`pk_year`); ages are coherent with its reference date, 30 June.
    pub year: u16,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenSummary {
    /// Family rows written.
    pub families: u64,
    /// Member rows written.
    pub members: u64,
    /// Villages that received at least one family.
    pub villages: usize,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// Writing an output failed.
    #[error("cannot write the generated data: {0}")]
    Io(#[from] std::io::Error),
    /// A CSV writer failed.
    #[error("cannot write the generated CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The region table has no village inside the requested region.
    #[error("region {0} has no villages in the region table")]
    NoVillages(RegionCode),
    /// The year has no calendar dates we can handle.
    #[error("year {0} is out of range")]
    Year(u16),
}

const FAMILY_HEADER: &str = "family_id,village_code,rw,rt,pk_year,kk_number,p01,p02,p03a,p03b,p03c,p03d,p04,p05,\
p19,p20,p21,p22,p23,p24,p25,p26,savings,sick_treated,online_media,daily_interaction,joint_parenting,recreation,\
social_activity,kb_method,kb_reason_not_using\n";
const MEMBER_HEADER: &str = "family_id,member_no,nik,name,sex,birth_date,marital_status,birth_certificate,relation,\
religion,education,in_school,health_insurance\n";

// Slots of the coded family answers, in header order (p01 is slot 0).
const P01: usize = 0;
const P02: usize = 1;
const P03: usize = 2;
const P04: usize = 6;
const P05: usize = 7;
const P19: usize = 8;
const SAVINGS: usize = 16;
const SICK: usize = 17;
const ONLINE: usize = 18;
const INTERACTION: usize = 19;
const PARENTING: usize = 20;
const RECREATION: usize = 21;
const SOCIAL: usize = 22;
const KB_METHOD: usize = 23;
const KB_REASON: usize = 24;

// Calibration. Prosperity = regency effect + village effect + family noise, roughly N(0, 1.2).
const REGENCY_SD: f64 = 0.3;
const KOTA_BONUS: f64 = 0.5;
const KELURAHAN_BONUS: f64 = 0.4;
const VILLAGE_SD: f64 = 0.6;
const FAMILY_SD: f64 = 0.8;
const WORSHIP: Item = Item { a: -0.63, b: 0.5 };
const MARRIAGE_BOOK: Item = Item { a: 0.0, b: 0.6 };
const INCOME: Item = Item { a: 1.7, b: 0.6 };
const FOOD: Item = Item { a: -0.43, b: 0.8 };
const SAVINGS_ITEM: Item = Item { a: -1.46, b: 0.8 };
const SICK_TREATED: Item = Item { a: 0.44, b: 0.5 };
const ONLINE_MEDIA: Item = Item { a: -0.8, b: 1.0 };
const DAILY: Item = Item { a: 0.9, b: 0.4 };
const JOINT: Item = Item { a: 0.5, b: 0.4 };
const RECREATE: Item = Item { a: -1.1, b: 0.8 };
const GOTONG: Item = Item { a: 0.1, b: 0.5 };
/// Intercepts of the four conflict items (1 = conflict happened), with a shared family factor.
const CONFLICT: [f64; 4] = [-3.0, -3.4, -3.2, -3.8];
/// Intercepts of the eight housing items p19..p26, slope [`HOUSE_B`] on a house-level prosperity.
const HOUSE: [f64; 8] = [1.15, 0.95, 0.75, 0.45, 0.95, 0.25, 0.15, 0.45];
const HOUSE_B: f64 = 1.0;
const BIRTH_CERT_A: f64 = 1.2;
/// Logit of a whole family being uninsured, and of one member of an insured family being uninsured.
const UNINSURED_A: f64 = -2.1;
const MEMBER_UNINSURED_A: f64 = -2.0;
/// Logits of being out of school at ages 7-12, 13-15 and 16-18 (slope -0.7 on prosperity).
const DROPOUT: [f64; 3] = [-4.25, -2.85, -1.55];

const REFUSED: f64 = 0.003;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Couple,
    Widow,
    Widower,
    DivorcedWoman,
    DivorcedMan,
    Single,
}

const KINDS: [(Kind, u32); 6] = [
    (Kind::Couple, 800),
    (Kind::Widow, 75),
    (Kind::Widower, 20),
    (Kind::DivorcedWoman, 35),
    (Kind::DivorcedMan, 15),
    (Kind::Single, 55),
];
/// Children a mother has had (those alive and still at home are a subset).
const CHILDREN: [(u32, u32); 7] = [(0, 60), (1, 160), (2, 310), (3, 240), (4, 130), (5, 60), (6, 40)];
const GRANDCHILDREN: [(u32, u32); 3] = [(0, 35), (1, 40), (2, 25)];
/// kb_method mix among users: suntik, pil, implan, IUD, MOW, kondom, tradisional, MAL, MOP.
const METHODS: [(u8, u32); 9] = [(5, 480), (6, 200), (4, 120), (3, 60), (1, 40), (7, 35), (9, 45), (8, 12), (2, 8)];
/// kb_reason_not_using among non-users; 3 and 4 are unmet need.
const REASONS: [(u8, u32); 5] = [(1, 150), (2, 250), (3, 150), (4, 170), (5, 280)];
const RELIGIONS: [(u8, u32); 7] = [(1, 9500), (2, 300), (3, 100), (4, 60), (5, 30), (6, 5), (7, 5)];
/// Adult education: the first code whose threshold exceeds the draw.
const EDUCATION: [(f64, u8); 8] = [(-1.7, 1), (-1.0, 2), (-0.1, 3), (0.5, 4), (1.5, 5), (1.75, 6), (2.0, 7), (2.6, 8)];

struct Village {
    code: String,
    district: u64,
    district_idx: usize,
    families: u64,
    prosperity: f64,
    rw: u64,
    rt: u64,
}

/// Splits `total` in proportion to `weights` (largest remainder; equal shares when all weights are 0).
fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    let n = weights.len();
    let sum: f64 = weights.iter().sum();
    let share = |i: usize| {
        if sum > 0.0 { weights[i] / sum } else { 1.0 / n as f64 }
    };
    let mut out = Vec::with_capacity(n);
    let mut rest = Vec::with_capacity(n);
    for i in 0..n {
        let q = total as f64 * share(i);
        out.push(q.floor() as u64);
        rest.push((q - q.floor(), i));
    }
    rest.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut given: u64 = out.iter().sum();
    let mut k = 0;
    while given < total && n > 0 {
        out[rest[k % n].1] += 1;
        given += 1;
        k += 1;
    }
    while given > total {
        let i = (0..n).max_by_key(|&i| out[i]).unwrap_or(0);
        out[i] -= 1;
        given -= 1;
    }
    out
}

/// The province's villages with their family counts and prosperity, in code order; and the district count.
fn plan(
    regions: &[Region],
    population: &[(RegionCode, u64)],
    opts: &GenOptions,
    rng: &mut Rng,
) -> Result<(Vec<Village>, usize), GenerateError> {
    let mut codes: Vec<RegionCode> =
        regions.iter().map(|r| r.code).filter(|c| c.level() == Level::Village && c.is_within(opts.province)).collect();
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Err(GenerateError::NoVillages(opts.province));
    }
    let regency = |c: RegionCode| c.ancestor_at(Level::Regency).unwrap_or(c);
    let mut groups: Vec<(RegionCode, usize, usize)> = Vec::new();
    for (i, &c) in codes.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if g.0 == regency(c) => g.2 = i + 1,
            _ => groups.push((regency(c), i, i + 1)),
        }
    }
    let pop_of = |r: RegionCode| population.iter().find(|p| p.0 == r).map(|p| p.1 as f64);
    let (mut known_pop, mut known_villages) = (0.0, 0.0);
    for g in &groups {
        if let Some(p) = pop_of(g.0) {
            known_pop += p;
            known_villages += (g.2 - g.1) as f64;
        }
    }
    let per_village = if known_pop > 0.0 { known_pop / known_villages } else { 1.0 };
    let weights: Vec<f64> = groups.iter().map(|g| pop_of(g.0).unwrap_or(per_village * (g.2 - g.1) as f64)).collect();
    let base = u64::from(opts.families >= codes.len() as u64);
    let shares = apportion(opts.families - base * codes.len() as u64, &weights);
    // Random effects are centred (weighted by families), so a province's figures hardly depend on the seed.
    let centred = |x: &[f64], w: &[u64]| {
        let total: u64 = w.iter().sum();
        let mean = if total > 0 {
            x.iter().zip(w).map(|(x, w)| x * *w as f64).sum::<f64>() / total as f64
        } else {
            x.iter().sum::<f64>() / x.len().max(1) as f64
        };
        x.iter().map(|x| x - mean).collect::<Vec<f64>>()
    };
    let regency_noise: Vec<f64> = groups.iter().map(|_| rng.normal()).collect();
    let regency_noise = centred(&regency_noise, &shares);
    let mut villages = Vec::with_capacity(codes.len());
    let mut districts = 0;
    for ((g, share), noise) in groups.iter().zip(&shares).zip(regency_noise) {
        let kota = g.0.compact() % 100 >= 70;
        let effect = REGENCY_SD * noise + if kota { KOTA_BONUS } else { 0.0 };
        let (mut sizes, mut noises) = (Vec::new(), Vec::new());
        for &c in &codes[g.1..g.2] {
            let kelurahan = c.compact() % 10_000 / 1_000 == 1;
            sizes.push((0.55 * rng.normal()).exp() * if kelurahan { 2.2 } else { 1.0 });
            noises.push(rng.normal());
            let district = c.compact() / 10_000;
            if villages.last().is_none_or(|v: &Village| v.district != district) {
                districts += 1;
            }
            let with_rw = kelurahan || rng.chance(0.7);
            villages.push(Village {
                code: c.to_string(),
                district,
                district_idx: districts - 1,
                families: 0,
                prosperity: effect + if kelurahan { KELURAHAN_BONUS } else { 0.0 },
                rw: u64::from(with_rw),
                rt: 0,
            });
        }
        let counts: Vec<u64> = apportion(*share, &sizes).into_iter().map(|n| n + base).collect();
        let noises = centred(&noises, &counts);
        for ((v, n), noise) in villages[g.1..g.2].iter_mut().zip(counts).zip(noises) {
            v.families = n;
            v.prosperity += VILLAGE_SD * noise;
            v.rw *= (n / 150).clamp(1, 12);
            v.rt = (n / (v.rw.max(1) * 25)).clamp(1, 20);
        }
    }
    Ok((villages, districts))
}

#[derive(Clone, Copy)]
struct Person {
    relation: u8,
    sex: u8,
    marital: u8,
    age: u8,
    birth: Date,
    first: u8,
    last: u8,
}

/// Family-level traits shared by the members' rows.
struct Traits {
    prosperity: f64,
    refused: bool,
    religion: u8,
    insured: bool,
    scheme: u8,
}

struct Gen<F, M> {
    rng: Rng,
    reference: Date,
    ref_days: i32,
    min_days: i32,
    cap_days: i32,
    kk_lo: i32,
    kk_span: u64,
    year: u16,
    id_width: usize,
    nik_serial: Vec<Vec<u16>>,
    kk_serial: Vec<Vec<u16>>,
    people: Vec<Person>,
    married_child: bool,
    members: u64,
    fam_out: F,
    mem_out: M,
    fbuf: Vec<u8>,
    mbuf: Vec<u8>,
}

/// Writes `opts.families` synthetic families of the region `opts.province` as `keluarga.csv` content to
/// `families_out` and their members as `anggota.csv` content to `members_out`.
///
/// `regions` is the whole region table (the province's villages are taken from it); `population` holds
/// (regency code, population_total) rows, used to split families across regencies in proportion (regencies
/// missing from it get a share by village count). When `opts.families` is at least the number of villages, every
/// village gets a family. Birth dates are never after 31 December of the year nor after today (UTC).
pub fn generate(
    regions: &[Region],
    population: &[(RegionCode, u64)],
    opts: &GenOptions,
    families_out: impl Write,
    members_out: impl Write,
) -> Result<GenSummary, GenerateError> {
    let year = i32::from(opts.year);
    let dates = (Date::new(year, 6, 30), Date::new(year, 12, 31), Date::new(1900, 1, 1));
    let (Some(reference), Some(year_end), Some(first_day)) = dates else {
        return Err(GenerateError::Year(opts.year));
    };
    if year <= 1900 {
        return Err(GenerateError::Year(opts.year));
    }
    let today = crate::date::today_utc();
    let cap_days = year_end.min(today).to_days().max(first_day.to_days());
    let ref_days = reference.to_days();
    let kk_hi = ref_days.min(cap_days);
    let kk_lo = (ref_days - 15 * 365).min(kk_hi);
    let mut rng = Rng::new(opts.seed);
    let (villages, districts) = plan(regions, population, opts, &mut rng)?;
    let mut g = Gen {
        rng,
        reference,
        ref_days,
        min_days: first_day.to_days(),
        cap_days,
        kk_lo,
        kk_span: (kk_hi - kk_lo + 1) as u64,
        year: opts.year,
        id_width: opts.families.to_string().len().max(7),
        nik_serial: vec![Vec::new(); districts],
        kk_serial: vec![Vec::new(); districts],
        people: Vec::with_capacity(16),
        married_child: false,
        members: 0,
        fam_out: families_out,
        mem_out: members_out,
        fbuf: Vec::with_capacity(1 << 17),
        mbuf: Vec::with_capacity(1 << 17),
    };
    g.fbuf.extend_from_slice(FAMILY_HEADER.as_bytes());
    g.mbuf.extend_from_slice(MEMBER_HEADER.as_bytes());
    let mut number = 0;
    for v in &villages {
        for _ in 0..v.families {
            number += 1;
            g.family(v, number)?;
        }
    }
    g.flush(0)?;
    g.fam_out.flush()?;
    g.mem_out.flush()?;
    let used = villages.iter().filter(|v| v.families > 0).count();
    Ok(GenSummary { families: number, members: g.members, villages: used })
}

impl<F: Write, M: Write> Gen<F, M> {
    fn flush(&mut self, above: usize) -> std::io::Result<()> {
        if self.fbuf.len() >= above {
            self.fam_out.write_all(&self.fbuf)?;
            self.fbuf.clear();
        }
        if self.mbuf.len() >= above {
            self.mem_out.write_all(&self.mbuf)?;
            self.mbuf.clear();
        }
        Ok(())
    }

    fn family(&mut self, v: &Village, number: u64) -> std::io::Result<()> {
        let refused = self.rng.chance(REFUSED);
        let kind = if refused { Kind::Single } else { self.rng.pick(&KINDS) };
        let prosperity = v.prosperity + FAMILY_SD * self.rng.normal();
        self.household(kind);
        let mut answers = [0u8; 25];
        if !refused {
            self.answers(&mut answers, kind, prosperity);
        }
        let (rw, rt) = (self.rng.below(v.rw.max(1)) + 1, self.rng.below(v.rt) + 1);
        let issued = Date::from_days(self.kk_lo + self.rng.below(self.kk_span) as i32);
        let kk = self.serial(v, true, issued, 1);
        let b = &mut self.fbuf;
        push_id(b, number, self.id_width);
        b.push(b',');
        b.extend_from_slice(v.code.as_bytes());
        b.push(b',');
        if v.rw > 0 {
            push_num(b, rw);
        }
        b.push(b',');
        push_num(b, rt);
        b.push(b',');
        push_num(b, u64::from(self.year));
        b.push(b',');
        if let Some(kk) = kk {
            b.extend_from_slice(&kk);
        }
        for a in answers {
            b.push(b',');
            if a > 0 {
                push_num(b, u64::from(a));
            }
        }
        b.push(b'\n');
        let scheme =
            if self.rng.yes_no(-0.2 - 0.9 * prosperity) == 1 { 1 } else { 2 + u8::from(self.rng.chance(0.05)) };
        let traits = Traits {
            prosperity,
            refused,
            religion: self.rng.pick(&RELIGIONS),
            insured: self.rng.yes_no(UNINSURED_A - 0.6 * prosperity) == 2,
            scheme,
        };
        let people = std::mem::take(&mut self.people);
        for (i, p) in people.iter().enumerate() {
            self.member(v, number, i + 1, *p, &traits);
        }
        self.members += people.len() as u64;
        self.people = people;
        self.flush(1 << 16)
    }

    /// A NIK (`kk` false) or KK number (`kk` true): district, DDMMYY (day + 40 for women in a NIK), and a serial
    /// unique per (district, DDMMYY); `None` when the 9,999 serials of a day are used up.
    fn serial(&mut self, v: &Village, kk: bool, date: Date, sex: u8) -> Option<[u8; 16]> {
        let tables = if kk { &mut self.kk_serial } else { &mut self.nik_serial };
        let table = &mut tables[v.district_idx];
        if table.is_empty() {
            // (day, +31 for women) × month × two-digit year.
            *table = vec![0; if kk { 31 } else { 62 } * 12 * 100];
        }
        let female = if sex == 2 { 31 } else { 0 };
        let yy = date.year().rem_euclid(100) as usize;
        let (day, month) = (usize::from(date.day()), usize::from(date.month()));
        let slot = &mut table[((day - 1 + female) * 12 + month - 1) * 100 + yy];
        if *slot >= 9_999 {
            return None;
        }
        *slot += 1;
        let mut out = [0u8; 16];
        put_digits(&mut out[0..6], v.district);
        put_digits(&mut out[6..8], (day + if sex == 2 { 40 } else { 0 }) as u64);
        put_digits(&mut out[8..10], month as u64);
        put_digits(&mut out[10..12], yy as u64);
        put_digits(&mut out[12..16], u64::from(*slot));
        Some(out)
    }

    /// Writes one anggota.csv row.
    fn member(&mut self, v: &Village, number: u64, no: usize, p: Person, t: &Traits) {
        let nik = if t.refused || (p.age == 0 && self.rng.chance(0.5)) || self.rng.chance(0.012) {
            None
        } else {
            self.serial(v, false, p.birth, p.sex)
        };
        let mut codes = [0u8; 5]; // birth_certificate, religion, education, in_school, health_insurance
        if !t.refused {
            codes = self.member_codes(p, t);
        }
        let b = &mut self.mbuf;
        push_id(b, number, self.id_width);
        b.push(b',');
        push_num(b, no as u64);
        b.push(b',');
        if let Some(nik) = nik {
            b.extend_from_slice(&nik);
        }
        b.push(b',');
        names::push_name(b, p.sex, p.first, p.last);
        b.push(b',');
        push_num(b, u64::from(p.sex));
        b.push(b',');
        push_pad(b, p.birth.year() as u64, 4);
        b.push(b'-');
        push_pad(b, u64::from(p.birth.month()), 2);
        b.push(b'-');
        push_pad(b, u64::from(p.birth.day()), 2);
        for c in [p.marital, codes[0], p.relation, codes[1], codes[2], codes[3], codes[4]] {
            b.push(b',');
            if c > 0 {
                push_num(b, u64::from(c));
            }
        }
        b.push(b'\n');
    }
}

fn put_digits(out: &mut [u8], mut n: u64) {
    for d in out.iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

fn push_pad(b: &mut Vec<u8>, n: u64, width: usize) {
    let mut tmp = [b'0'; 20];
    let digits = n.checked_ilog10().unwrap_or(0) as usize + 1;
    let w = width.max(digits).min(20);
    put_digits(&mut tmp[20 - w..], n);
    b.extend_from_slice(&tmp[20 - w..]);
}

fn push_num(b: &mut Vec<u8>, n: u64) {
    push_pad(b, n, 1);
}

fn push_id(b: &mut Vec<u8>, number: u64, width: usize) {
    b.push(b'F');
    push_pad(b, number, width);
}

#[cfg(test)]
mod tests;
