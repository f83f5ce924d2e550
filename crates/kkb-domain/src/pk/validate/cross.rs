//! The checks that need other rows: a member's family, its number and head, a NIK used twice in a round, and
//! families without a head.

use super::Validator;
use super::member::ParsedMember;
use crate::fxhash::FxHashMap;
use crate::nik;
use crate::pk::Problem;
use crate::problem::Reason;

impl Validator<'_> {
    /// Adds a parsed member row to its family, with the checks that need the other rows.
    pub(in crate::pk) fn attach_member(&mut self, file: &str, m: ParsedMember) {
        let ParsedMember { row, family_id, member_no, relation, nik, valid, problems } = m;
        let ok = problems.is_empty();
        for p in problems {
            self.push(p);
        }
        let (Some(id), Some(no)) = (family_id, member_no) else { return };
        let Some(fi) = self.family_index(&id) else {
            let fam_file = self.fam.as_ref().map(|f| f.0.clone()).unwrap_or_else(|| "keluarga".into());
            self.push(Problem {
                file: file.into(),
                row,
                column: "family_id".into(),
                value: id,
                reason: Reason::UnknownFamily { file: fam_file },
            });
            return;
        };
        if self.streaming {
            if fi < self.released {
                self.late_member.get_or_insert(row);
            }
            self.member_hw = self.member_hw.max(fi);
        }
        let year = self.families[fi].family.as_ref().map(|f| f.key.year);
        if self.families[fi].seen & (1u128 << no) != 0 {
            let first = self.families[fi].family.as_ref().and_then(|f| f.people.iter().find(|p| p.member_no == no));
            let reason = Reason::MemberNoTaken { no, first_row: first.map_or(0, |p| p.row) };
            self.push(Problem { file: file.into(), row, column: "member_no".into(), value: no.to_string(), reason });
            return;
        }
        self.families[fi].seen |= 1u128 << no;
        if relation == 1 {
            self.families[fi].heads += 1;
            if self.families[fi].heads > 1 {
                self.push(Problem {
                    file: file.into(),
                    row,
                    column: "relation".into(),
                    value: "1".into(),
                    reason: Reason::SecondHead,
                });
            }
        }
        if let (Some(n), Some(y)) = (nik, year) {
            self.niks.push((y, n.as_number(), row as u32));
        }
        if let (true, Some((answers, person, extras))) = (ok, valid)
            && let Some(family) = self.families[fi].family.as_mut()
        {
            family.answers.members.push(answers);
            family.people.push(person);
            if let Some(x) = extras {
                self.member_extras.entry(fi).or_default().insert(no.to_string(), serde_json::Value::Object(x));
            }
        }
    }

    /// The checks that need every row; `Err` with every problem of the round.
    pub(super) fn final_checks(&mut self) -> Result<(), Vec<Problem>> {
        let member_problems = std::mem::take(&mut self.member_problems);
        self.problems.extend(member_problems);
        self.in_members = false;
        if self.fam.is_none() && self.problems.is_empty() {
            self.push(Problem {
                file: "keluarga".into(),
                row: 0,
                column: String::new(),
                value: String::new(),
                reason: Reason::NoFamilyFile,
            });
        }
        let fam_file = self.fam.as_ref().map(|f| f.0.clone()).unwrap_or_default();
        let mem_file = self.mem.as_ref().map(|f| f.0.clone()).unwrap_or_else(|| "anggota".into());
        if self.mem.is_some() {
            let missing: Vec<Problem> = self
                .families
                .iter()
                .filter(|f| f.heads == 0)
                .map(|f| Problem {
                    file: fam_file.clone(),
                    row: f.row,
                    column: "family_id".into(),
                    value: f.family.as_ref().map(|x| x.key.family_id.clone()).unwrap_or_default(),
                    reason: Reason::NoHead { file: mem_file.clone() },
                })
                .collect();
            for p in missing {
                self.push(p);
            }
        }
        self.nik_duplicates(&mem_file);
        if !self.problems.is_empty() {
            if self.dropped > 0 {
                self.problems.push(Problem::whole("", Reason::MoreProblems { count: self.dropped }));
            }
            return Err(std::mem::take(&mut self.problems));
        }
        self.niks = Vec::new();
        self.by_id = FxHashMap::default();
        Ok(())
    }

    /// A NIK may appear once in a round: every later use is a problem naming the first row.
    fn nik_duplicates(&mut self, file: &str) {
        let mut niks = std::mem::take(&mut self.niks);
        niks.sort_unstable();
        let mut dups = Vec::new();
        for w in niks.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
            for later in &w[1..] {
                dups.push((later.2, w[0].2, later.1));
            }
        }
        dups.sort_unstable();
        for (row, first, nik) in dups {
            self.push(Problem {
                file: file.into(),
                row: row as usize,
                column: "nik".into(),
                value: nik::mask(&format!("{nik:016}")),
                reason: Reason::NikRepeated { first_row: first as usize },
            });
        }
        self.niks = niks;
    }
}
