//! The family file: its header and each family row, checked on its own.

use super::row::{Cols, FAMILY_PLAIN, RowErrors, extras_of};
use super::{PendingFamily, Validator};
use crate::nik::{self, KkNumber};
use crate::pk::columns::{FAMILY_CODED, FAMILY_OPTIONAL, FAMILY_REQUIRED, family_max_code};
use crate::pk::{Family, FamilyAnswers, FamilyKey, Problem};
use crate::problem::Reason;
use crate::region::{Level, RegionCode};

impl Validator<'_> {
    pub(in crate::pk) fn family_header(&mut self, file: &str, header: &[&str]) -> Result<(), Box<Problem>> {
        let known: Vec<&str> = FAMILY_REQUIRED.iter().chain(&FAMILY_OPTIONAL).chain(&FAMILY_CODED).copied().collect();
        self.fam = Some((
            file.to_string(),
            Cols::new(file, header, (&FAMILY_REQUIRED, &known), (&FAMILY_CODED, &FAMILY_PLAIN))?,
        ));
        Ok(())
    }

    pub(in crate::pk) fn family_row(&mut self, row: usize, cells: &[&str]) {
        let Some((file, cols)) = self.fam.take() else { return };
        if !self.marker_row(&file, &cols, row, cells) {
            self.parse_family(&file, &cols, row, cells);
        }
        self.fam = Some((file, cols));
    }

    fn parse_family(&mut self, file: &str, cols: &Cols, row: usize, cells: &[&str]) {
        let mut problems = Vec::new();
        let ctx = self.ctx;
        let mut e = RowErrors { out: &mut problems, file, row };
        let [id_cell, village_cell, year_cell, rw_cell, rt_cell, kk_cell] =
            [0, 1, 2, 3, 4, 5].map(|i| cols.plain[i].map(|p| cells[p].trim()).unwrap_or(""));

        let family_id = e.family_id("family_id", id_cell);
        let village = match RegionCode::parse(village_cell) {
            Err(_) => e.bad("village_code", village_cell, Reason::VillageCodeShape),
            Ok(c) if c.level() != Level::Village => e.bad("village_code", village_cell, Reason::NotAVillageCode),
            Ok(c) if !(ctx.is_village)(c) => {
                e.bad("village_code", village_cell, Reason::VillageNotInTable { code: c.to_string() })
            }
            Ok(c) => Some(c),
        };
        let rw = e.small_number("rw", rw_cell);
        let rt = e.small_number("rt", rt_cell);
        let year = match year_cell.parse::<u16>() {
            Ok(y) if (2015..=2100).contains(&y) => Some(y),
            _ => e.bad("pk_year", year_cell, Reason::YearRange { min: 2015, max: 2100 }),
        };
        let kk = match kk_cell {
            "" => None,
            s => match KkNumber::parse(s, ctx.is_province) {
                Ok(k) => Some(k),
                Err(err) => {
                    e.bad::<()>("kk_number", &nik::mask(s), Reason::kk(err, s));
                    None
                }
            },
        };
        let mut coded = [0u8; 25];
        for (slot, name) in FAMILY_CODED.iter().enumerate() {
            let v = cols.coded[slot].map(|i| cells[i].trim()).unwrap_or("");
            coded[slot] = e.code(name, v, family_max_code(slot), true).unwrap_or(0);
        }
        let extras = extras_of(cols, cells);
        let ok = problems.is_empty();
        for p in problems {
            self.push(p);
        }

        let Some(id) = family_id else { return };
        if let Some(&first) = self.by_id.get(&id) {
            let first_row = self.families[first].row;
            self.push(Problem {
                file: file.into(),
                row,
                column: "family_id".into(),
                value: id,
                reason: Reason::DuplicateFamilyId { first_row },
            });
            return;
        }
        let family = match (ok, village, year) {
            (true, Some(village), Some(year)) => Some(Box::new(Family {
                row,
                key: FamilyKey { year, village, family_id: id.clone() },
                rw,
                rt,
                kk,
                answers: FamilyAnswers { coded, members: Vec::new() },
                people: Vec::new(),
                extras: extras.map(|m| serde_json::json!({ "family": m }).to_string()),
            })),
            _ => None,
        };
        self.by_id.insert(id, self.families.len());
        self.families.push(PendingFamily { row, family, heads: 0, seen: 0 });
    }
}
