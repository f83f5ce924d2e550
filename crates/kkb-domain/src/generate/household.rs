//! Households (who lives in a family, with coherent ages and marital status) and their answers.

use super::*;

impl<F: Write, M: Write> Gen<F, M> {
    fn add(&mut self, relation: u8, sex: u8, marital: u8, target_age: i32, last: u8) {
        let days = self.ref_days - (f64::from(target_age.clamp(0, 110)) * 365.2425) as i32 - self.rng.below(365) as i32;
        let birth = Date::from_days(days.clamp(self.min_days, self.cap_days));
        let age = birth.age_on(self.reference).min(120) as u8;
        let marital = if age < 16 { 1 } else { marital };
        let first = self.rng.below(names::MALE.len() as u64) as u8;
        self.people.push(Person { relation, sex, marital, age, birth, first, last });
    }

    fn any_name(&mut self) -> u8 {
        self.rng.below(names::FAMILY.len() as u64) as u8
    }

    pub(super) fn household(&mut self, kind: Kind) {
        self.people.clear();
        self.married_child = false;
        let (last, other) = (self.any_name(), self.any_name());
        let head_age = match kind {
            Kind::Couple => {
                let husband = self.rng.age(43.0, 12.5, 19, 88);
                let wife = (husband - self.rng.age(4.0, 3.5, -6, 20)).clamp(16, 90);
                if self.rng.chance(0.02) {
                    self.add(1, 2, 2, wife, other);
                    self.add(2, 1, 2, husband, last);
                } else {
                    self.add(1, 1, 2, husband, last);
                    self.add(2, 2, 2, wife, other);
                }
                self.children(wife, 1.0, last);
                husband
            }
            Kind::Widow | Kind::DivorcedWoman => {
                let (age, marital) = if kind == Kind::Widow {
                    (self.rng.age(60.0, 12.0, 28, 95), 4)
                } else {
                    (self.rng.age(40.0, 10.0, 20, 80), 3)
                };
                self.add(1, 2, marital, age, other);
                self.children(age, 1.0, last);
                age
            }
            Kind::Widower | Kind::DivorcedMan => {
                let (age, marital, home) = if kind == Kind::Widower {
                    (self.rng.age(62.0, 12.0, 28, 95), 4, 0.8)
                } else {
                    (self.rng.age(42.0, 10.0, 22, 80), 3, 0.35)
                };
                self.add(1, 1, marital, age, last);
                self.children(age - 4, home, last);
                age
            }
            Kind::Single => {
                let sex = if self.rng.chance(0.55) { 1 } else { 2 };
                let age = self.rng.age(31.0, 9.0, 18, 75);
                self.add(1, sex, 1, age, last);
                return;
            }
        };
        self.extras(head_age, last);
    }

    fn children(&mut self, mother_age: i32, home: f64, last: u8) {
        let wanted = self.rng.pick(&CHILDREN);
        let mother = f64::from(mother_age);
        let mut at = self.rng.normal_in(23.0, 4.0, 16.0, 38.0);
        for _ in 0..wanted {
            if at > mother || at > 45.0 {
                break;
            }
            let age = (mother - at) as i32;
            let stay = match age {
                ..=16 => 0.97,
                17..=21 => 0.8,
                22..=29 => 0.4,
                _ => 0.1,
            } * home;
            if self.rng.chance(stay) {
                self.child(age, last);
            }
            at += 1.5 + self.rng.exp(2.0);
        }
    }

    fn child(&mut self, age: i32, last: u8) {
        let sex = 1 + self.rng.below(2) as u8;
        let married = age >= 19 && !self.married_child && self.rng.chance(if age < 25 { 0.12 } else { 0.3 });
        let marital = if married {
            2
        } else if age >= 25 && self.rng.chance(0.04) {
            3
        } else {
            1
        };
        self.add(3, sex, marital, age, last);
        if !married {
            return;
        }
        self.married_child = true;
        let in_law = self.any_name();
        if self.rng.chance(0.7) {
            let a = (age + self.rng.between(-3, 4)).max(17);
            self.add(4, 3 - sex, 2, a, in_law);
        }
        let oldest = (age - 19).clamp(0, 12);
        for _ in 0..self.rng.pick(&GRANDCHILDREN) {
            let a = self.rng.between(0, oldest);
            let s = 1 + self.rng.below(2) as u8;
            self.add(5, s, 1, a, if sex == 1 { last } else { in_law });
        }
    }

    fn extras(&mut self, head_age: i32, last: u8) {
        if head_age < 60 && self.rng.chance(0.08) {
            let a = (head_age + self.rng.between(24, 34)).min(98);
            let name = self.any_name();
            if self.rng.chance(0.2) {
                self.add(6, 1, 2, a + 2, name);
                let other = self.any_name();
                self.add(6, 2, 2, a, other);
            } else {
                let sex = if self.rng.chance(0.72) { 2 } else { 1 };
                self.add(6, sex, 4, a, name);
            }
        }
        if head_age >= 48 && !self.married_child && self.rng.chance(0.07) {
            for _ in 0..=self.rng.below(2) {
                let (a, s) = (self.rng.between(0, 14), 1 + self.rng.below(2) as u8);
                self.add(5, s, 1, a, last);
            }
        }
        if self.rng.chance(0.035) {
            let a = self.rng.between(8, 45);
            let marital = if a >= 25 && self.rng.chance(0.35) { 2 } else { 1 };
            let (s, name) = (1 + self.rng.below(2) as u8, self.any_name());
            self.add(7, s, marital, a, name);
        }
        if self.rng.chance(0.008) {
            let (a, s, name) = (self.rng.between(15, 50), 1 + self.rng.below(2) as u8, self.any_name());
            self.add(8, s, 1, a, name);
        }
    }

    /// The family-level answers (p01..kb_reason_not_using) of a family that was interviewed.
    pub(super) fn answers(&mut self, ans: &mut [u8; 25], kind: Kind, l: f64) {
        let couple = kind == Kind::Couple;
        let alone = self.people.len() == 1;
        let kids = self.people.iter().any(|p| p.relation == 3 && p.age < 18);
        let head_age = f64::from(self.people[0].age);
        let pus = self
            .people
            .iter()
            .find(|p| matches!(p.relation, 1 | 2) && p.sex == 2 && p.marital == 2 && (15..=49).contains(&p.age))
            .map(|p| p.age);
        let r = &mut self.rng;
        ans[P01] = r.item(WORSHIP, l);
        if couple {
            ans[P02] = r.item(MARRIAGE_BOOK, l);
        }
        if !r.chance(0.01) {
            let tension = r.normal();
            for (k, a) in CONFLICT.iter().enumerate() {
                ans[P03 + k] = r.yes_no(a + 0.9 * tension - 0.3 * l);
            }
        }
        ans[P04] = r.item(INCOME, l);
        ans[P05] = r.item(FOOD, l);
        if !r.chance(0.01) {
            let house = l + 0.5 * r.normal();
            for (k, a) in HOUSE.iter().enumerate() {
                ans[P19 + k] = r.yes_no(a + HOUSE_B * house);
            }
        }
        ans[SAVINGS] = r.item(SAVINGS_ITEM, l);
        if r.chance(0.45) {
            ans[SICK] = r.item(SICK_TREATED, l);
        }
        ans[ONLINE] = r.yes_no(ONLINE_MEDIA.a + ONLINE_MEDIA.b * l + 0.04 * (45.0 - head_age));
        if !alone {
            ans[INTERACTION] = r.item(DAILY, l);
        }
        if kids {
            ans[PARENTING] = r.yes_no(JOINT.a + JOINT.b * l - if couple { 0.0 } else { 1.8 });
        }
        ans[RECREATION] = r.item(RECREATE, l);
        ans[SOCIAL] = r.item(GOTONG, l);
        if let Some(age) = pus {
            let p = match age {
                ..=19 => 0.45,
                20..=39 => 0.68,
                40..=44 => 0.6,
                _ => 0.45,
            };
            if r.chance(p + 0.04 * l) {
                ans[KB_METHOD] = r.pick(&METHODS);
            } else {
                ans[KB_REASON] = r.pick(&REASONS);
            }
        }
    }

    /// birth_certificate, religion, education, in_school and health_insurance of a member (0 = empty).
    pub(super) fn member_codes(&mut self, p: Person, t: &Traits) -> [u8; 5] {
        let r = &mut self.rng;
        let l = t.prosperity;
        let age = i32::from(p.age);
        let old = match age {
            60.. => 1.5,
            35..=59 => 0.8,
            1..=34 => 0.0,
            _ => 1.2,
        };
        let certificate = if r.chance(0.02) { 0 } else { r.yes_no(BIRTH_CERT_A + 0.8 * l - old) };
        let religion = if r.chance(0.01) { 0 } else { t.religion };
        let out_logit = match age {
            7..=12 => Some(DROPOUT[0]),
            13..=15 => Some(DROPOUT[1]),
            16..=18 => Some(DROPOUT[2]),
            19..=24 => Some(1.2 + 0.25 * f64::from(age - 19)),
            _ => None,
        };
        let school = match (age, out_logit) {
            (5 | 6, _) => 1 + u8::from(r.chance(0.45)),
            _ if !(5..=24).contains(&age) || r.chance(0.01) => 0,
            _ if p.marital != 1 => 2,
            (_, Some(x)) => 3 - r.yes_no(x - 0.7 * l),
            (_, None) => 0,
        };
        let education = match age {
            _ if r.chance(0.01) => 0,
            ..=6 => 1,
            7..=12 => 2,
            13..=15 => 3 - u8::from(school == 2 && r.chance(0.4)),
            16..=18 => 4 - u8::from(school == 2 && r.chance(0.5)),
            _ => {
                let cohort = (f64::from(50 - age) / 30.0).clamp(-1.0, 1.0);
                let s = 0.6 * l + 0.6 * cohort + r.normal();
                let level = EDUCATION.iter().find(|e| s < e.0).map_or(9, |e| e.1);
                match (age, school) {
                    (..=22, 1) => level.clamp(5, 7),
                    (..=22, _) => level.min(7),
                    _ => level,
                }
            }
        };
        let baby = if age == 0 { 1.2 } else { 0.0 };
        let insurance = if r.chance(0.01) {
            0
        } else if !t.insured || r.yes_no(MEMBER_UNINSURED_A + baby - 0.5 * l) == 1 {
            4
        } else {
            t.scheme
        };
        [certificate, religion, education, school, insurance]
    }
}
