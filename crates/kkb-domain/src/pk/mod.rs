//! The family census (*Pendataan Keluarga*, PK): typed families and members, and their import from files.
//!
//! A file row becomes a [`Family`] only through [`read::read_csv_pair`] or [`read::read_xlsx`], which check every
//! rule of docs/pk-import.md and collect every problem. The coded answers that the methodology scores
//! are kept apart from the personal data (NIK, name, KK number): [`FamilyAnswers`] carries no personal data and
//! is stored in a compact binary form, [`Person`] is what the store encrypts.

pub mod columns;
pub mod form;
pub mod read;
mod validate;
pub mod vocab;

use crate::date::Date;
use crate::nik::{KkNumber, Nik};
use crate::problem::Reason;
use crate::region::RegionCode;

/// The identity of a family in a round: re-importing the same key replaces the family.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FamilyKey {
    /// The `pk_year` of the round.
    pub year: u16,
    /// The desa/kelurahan.
    pub village: RegionCode,
    /// The family's id in the data set (the PK form number).
    pub family_id: String,
}

/// One member's coded answers (no personal data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberAnswers {
    /// Order in the family, 1..=99.
    pub member_no: u8,
    /// Codes of [`columns::MEMBER_CODED`], 0 = empty.
    pub coded: [u8; 8],
    /// K.05 birth date.
    pub birth: Date,
}

impl MemberAnswers {
    /// The code of a member column by slot (0 = empty).
    pub fn code(&self, slot: usize) -> u8 {
        self.coded[slot]
    }
}

/// All coded answers of a family and its members: what the methodology scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyAnswers {
    /// Codes of [`columns::FAMILY_CODED`], 0 = empty.
    pub coded: [u8; 25],
    /// The members, in `member_no` order.
    pub members: Vec<MemberAnswers>,
}

const ENCODING_VERSION: u8 = 1;
const MEMBER_BYTES: usize = 13;

/// Stored answers that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored answers are corrupt or of an unknown encoding")]
pub struct DecodeError;

impl FamilyAnswers {
    /// Compact binary form: version, 25 family codes, member count, then 13 bytes a member
    /// (number, 8 codes, birth date as days since 1970, little-endian).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(27 + self.members.len() * MEMBER_BYTES);
        self.encode_into(&mut out);
        out
    }

    /// Appends [`FamilyAnswers::encode`]'s bytes to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        out.push(ENCODING_VERSION);
        out.extend_from_slice(&self.coded);
        out.push(self.members.len() as u8);
        for m in &self.members {
            out.push(m.member_no);
            out.extend_from_slice(&m.coded);
            out.extend_from_slice(&m.birth.to_days().to_le_bytes());
        }
    }

    /// Reverses [`FamilyAnswers::encode`].
    pub fn decode(bytes: &[u8]) -> Result<FamilyAnswers, DecodeError> {
        let mut out = FamilyAnswers { coded: [0; 25], members: Vec::new() };
        out.decode_from(bytes)?;
        Ok(out)
    }

    /// Decodes into `self`, reusing its member list (no allocation when scanning many families).
    pub fn decode_from(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        if bytes.len() < 27 || bytes[0] != ENCODING_VERSION {
            return Err(DecodeError);
        }
        let n = usize::from(bytes[26]);
        let rest = &bytes[27..];
        if rest.len() != n * MEMBER_BYTES {
            return Err(DecodeError);
        }
        self.coded.copy_from_slice(&bytes[1..26]);
        self.members.clear();
        self.members.extend(rest.chunks_exact(MEMBER_BYTES).map(|c| {
            let mut mc = [0u8; 8];
            mc.copy_from_slice(&c[1..9]);
            let days = i32::from_le_bytes([c[9], c[10], c[11], c[12]]);
            MemberAnswers { member_no: c[0], coded: mc, birth: Date::from_days(days) }
        }));
        Ok(())
    }

    /// The code of a family column by slot (0 = empty).
    pub fn code(&self, slot: usize) -> u8 {
        self.coded[slot]
    }

    /// The head of the family (`relation` 1), if any.
    pub fn head(&self) -> Option<&MemberAnswers> {
        self.members.iter().find(|m| m.code(columns::M_RELATION) == 1)
    }
}

/// One member's personal data: encrypted at rest, masked in reports.
#[derive(Clone, PartialEq, Eq)]
pub struct Person {
    /// The row of the member in its file (0 when not from a file).
    pub row: usize,
    /// Order in the family.
    pub member_no: u8,
    /// National id number, if given.
    pub nik: Option<Nik>,
    /// Full name.
    pub name: String,
}

impl std::fmt::Debug for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Person")
            .field("member_no", &self.member_no)
            .field("nik", &self.nik)
            .field("name", &crate::nik::mask_name(&self.name))
            .finish()
    }
}

/// A validated family, ready to be scored and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    /// The row of the family in its file (0 when not from a file).
    pub row: usize,
    /// Round, village and id.
    pub key: FamilyKey,
    /// Rukun warga, if given.
    pub rw: Option<u16>,
    /// Rukun tetangga, if given.
    pub rt: Option<u16>,
    /// Family card number (personal data).
    pub kk: Option<KkNumber>,
    /// Coded answers.
    pub answers: FamilyAnswers,
    /// Personal data of the members, in `member_no` order.
    pub people: Vec<Person>,
    /// Columns beyond the contract, as a JSON object (`{"family": {...}, "members": {"1": {...}}}`), kept for
    /// future methodologies; `None` when there were none or all were empty.
    pub extras: Option<String>,
}

/// One problem found in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `keluarga.csv`, `anggota.csv`, or the sheet name.
    pub file: String,
    /// Row number counting the header as row 1 (0 for a whole-file problem).
    pub row: usize,
    /// Column name (empty for a whole-row or whole-file problem).
    pub column: String,
    /// The value as given, with NIK, KK number and names masked.
    pub value: String,
    /// What is wrong (its words are the message catalogue's, in the reader's language).
    pub reason: Reason,
}

impl Problem {
    /// A problem of a whole file (row 0, no column or value).
    pub fn whole(file: &str, reason: Reason) -> Problem {
        Problem { file: file.into(), row: 0, column: String::new(), value: String::new(), reason }
    }
}

/// What the validator needs to know about the world: the region table and today's date.
pub struct Context<'a> {
    /// Whether a code is a desa/kelurahan in the region table.
    pub is_village: &'a (dyn Fn(RegionCode) -> bool + Sync),
    /// Whether a two-digit number is a province in the region table.
    pub is_province: &'a (dyn Fn(u8) -> bool + Sync),
    /// The import day (birth dates may not be after it).
    pub today: Date,
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod encoding_tests {
    use super::*;

    #[test]
    fn answers_round_trip() {
        let a = FamilyAnswers {
            coded: [1; 25],
            members: vec![MemberAnswers {
                member_no: 3,
                coded: [1, 2, 0, 1, 7, 9, 2, 4],
                birth: Date::new(1950, 2, 28).unwrap(),
            }],
        };
        assert_eq!(FamilyAnswers::decode(&a.encode()).unwrap(), a);
        assert!(FamilyAnswers::decode(&a.encode()[..30]).is_err());
        assert!(FamilyAnswers::decode(&[]).is_err());
    }
}
