//! NIK (*Nomor Induk Kependudukan*), the 16-digit national id number, and the KK (family card) number.
//!
//! Both are personal data under UU 27/2022. The types here never print their digits through `Debug`, and
//! [`mask`] is the only way a value reaches an error report or a reader without the right to see it: only the
//! province (digits 1-2) stays readable, see [`mask`] for why.

use crate::date::Date;
use std::fmt;

/// A structurally valid NIK: 16 digits, a valid DDMMYY birth date in digits 7-12 (day + 40 for women).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Nik([u8; 16]);

/// What the birth-date part of a NIK says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NikBirth {
    /// 1 = laki-laki, 2 = perempuan (the K.04 codes).
    pub sex: u8,
    /// Day of month.
    pub day: u8,
    /// Month.
    pub month: u8,
    /// Two-digit year.
    pub yy: u8,
}

/// Why a NIK or KK number is rejected (an import names it as a [`crate::problem::Reason`], see `Reason::nik`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    /// Not exactly 16 ASCII digits.
    #[error("must be exactly 16 digits")]
    Shape,
    /// Digits 1-2 are not a province in the region table.
    #[error("digits 1-2 are not a province code in the region table")]
    Province,
    /// Digits 7-12 are not a DDMMYY date (with day + 40 for women).
    #[error("digits 7-12 are not a valid birth date DDMMYY (day + 40 for women)")]
    BirthDate,
    /// The NIK's sex does not agree with the member's `sex`.
    #[error("the NIK says sex {nik} but the member's sex is {given}")]
    Sex {
        /// What the NIK says (1 laki-laki, 2 perempuan).
        nik: u8,
        /// What the row says.
        given: u8,
    },
    /// The NIK's date does not agree with the member's `birth_date`.
    #[error("the NIK's birth date part does not match birth_date")]
    DateMismatch,
}

fn sixteen_digits(s: &str) -> Result<[u8; 16], NikError> {
    let b = s.as_bytes();
    if b.len() != 16 || !b.iter().all(u8::is_ascii_digit) {
        return Err(NikError::Shape);
    }
    let mut out = [0u8; 16];
    out.copy_from_slice(b);
    Ok(out)
}

fn two(b: &[u8]) -> u8 {
    (b[0] - b'0') * 10 + (b[1] - b'0')
}

impl Nik {
    /// Parses a NIK; `is_province` says whether a two-digit number is a province in the region table.
    pub fn parse(s: &str, is_province: impl Fn(u8) -> bool) -> Result<Nik, NikError> {
        let d = sixteen_digits(s)?;
        if !is_province(two(&d[0..2])) {
            return Err(NikError::Province);
        }
        let nik = Nik(d);
        let b = nik.birth();
        let ok = (1..=12).contains(&b.month)
            && b.day >= 1
            && [1900, 2000].iter().any(|c| Date::new(c + i32::from(b.yy), b.month, b.day).is_some());
        if !ok {
            return Err(NikError::BirthDate);
        }
        Ok(nik)
    }

    /// Decodes digits 7-12.
    pub fn birth(&self) -> NikBirth {
        let dd = two(&self.0[6..8]);
        let (sex, day) = if dd > 40 { (2, dd - 40) } else { (1, dd) };
        NikBirth { sex, day, month: two(&self.0[8..10]), yy: two(&self.0[10..12]) }
    }

    /// Checks the NIK against the member's sex (1/2) and birth date.
    pub fn check_member(&self, sex: u8, birth: Date) -> Result<(), NikError> {
        let b = self.birth();
        if b.sex != sex {
            return Err(NikError::Sex { nik: b.sex, given: sex });
        }
        if b.day != birth.day() || b.month != birth.month() || i32::from(b.yy) != birth.year().rem_euclid(100) {
            return Err(NikError::DateMismatch);
        }
        Ok(())
    }

    /// The digits, for encryption and keyed hashing only.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII digits")
    }

    /// The 16 digits as one number (compact, for uniqueness checks in memory).
    pub fn as_number(&self) -> u64 {
        self.0.iter().fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0'))
    }

    /// The masked form used anywhere a person may see it without the right to.
    pub fn masked(&self) -> String {
        mask(self.as_str())
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

/// A family card (Kartu Keluarga) number: 16 digits whose first two are a province code.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KkNumber([u8; 16]);

impl KkNumber {
    /// Parses a KK number; digits 1-6 are the issuing kecamatan, which may since have been split, so only the
    /// province is checked.
    pub fn parse(s: &str, is_province: impl Fn(u8) -> bool) -> Result<KkNumber, NikError> {
        let d = sixteen_digits(s)?;
        if !is_province(two(&d[0..2])) {
            return Err(NikError::Province);
        }
        Ok(KkNumber(d))
    }

    /// The digits, for encryption and keyed hashing only.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII digits")
    }
}

impl fmt::Debug for KkNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KkNumber({})", mask(self.as_str()))
    }
}

/// Masks an identity number as given in a file: a well-formed 16-digit value keeps its province (digits 1-2) and
/// hides the rest; anything else is hidden whole, a star for each character (keeping only its length). The masked
/// form has no words, so it reads the same in every language.
///
/// Why only the province (UU 27/2022 on personal data, article 16: processing limited to its purpose, data
/// minimisation). A NIK is not random: digits 3-6 are the kabupaten and kecamatan where it was issued, digits
/// 7-12 the birth date (day + 40 for women), digits 13-16 a serial. Shown digits 1-6 together with the full birth
/// date and sex that the family page used to show left four unknown digits, which a few thousand guesses recover.
/// A reader who may see families but not NIKs (province and kabupaten/kota officers) needs to know that a member
/// has a NIK, not which one; the province is already implied by the region they read, so keeping it tells
/// nothing, while hiding the issuing kecamatan, together with showing the age instead of the birth date, leaves
/// hundreds of millions of candidates. The same holds for a KK number (region, issue date, serial).
pub fn mask(raw: &str) -> String {
    let b = raw.as_bytes();
    if b.len() == 16 && b.iter().all(u8::is_ascii_digit) {
        format!("{}**************", &raw[..2])
    } else if raw.is_empty() {
        String::new()
    } else {
        "*".repeat(raw.chars().count())
    }
}

/// Masks a person's name: only its first letter remains, followed by three stars whatever its length (the length
/// of a name narrows it down too).
pub fn mask_name(raw: &str) -> String {
    match raw.trim().chars().next() {
        None => String::new(),
        Some(c) => format!("{c}***"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_province(p: u8) -> bool {
        (11..=96).contains(&p)
    }

    #[test]
    fn decodes_sex_and_date() {
        let man = Nik::parse("1701011708450001", any_province).unwrap();
        assert_eq!(man.birth(), NikBirth { sex: 1, day: 17, month: 8, yy: 45 });
        man.check_member(1, Date::new(1945, 8, 17).unwrap()).unwrap();
        let woman = Nik::parse("1701015708450001", any_province).unwrap();
        assert_eq!(woman.birth().sex, 2);
        woman.check_member(2, Date::new(1945, 8, 17).unwrap()).unwrap();
        assert!(matches!(woman.check_member(1, Date::new(1945, 8, 17).unwrap()), Err(NikError::Sex { .. })));
        assert_eq!(woman.check_member(2, Date::new(1945, 8, 18).unwrap()), Err(NikError::DateMismatch));
        assert_eq!(woman.check_member(2, Date::new(2045, 8, 17).unwrap()), Ok(()));
    }

    #[test]
    fn rejects_bad_numbers() {
        assert_eq!(Nik::parse("170101170845000", any_province), Err(NikError::Shape));
        assert_eq!(Nik::parse("17010117084500011", any_province), Err(NikError::Shape));
        assert_eq!(Nik::parse("1701011708450a01", any_province), Err(NikError::Shape));
        assert_eq!(Nik::parse("0101011708450001", any_province), Err(NikError::Province));
        assert_eq!(Nik::parse("1701013208450001", any_province), Err(NikError::BirthDate));
        assert_eq!(Nik::parse("1701014008450001", any_province), Err(NikError::BirthDate));
        assert_eq!(Nik::parse("1701017208450001", any_province), Err(NikError::BirthDate));
        assert_eq!(Nik::parse("1701011713450001", any_province), Err(NikError::BirthDate));
        // 29 February exists in 2000 (and 1900 does not matter).
        assert!(Nik::parse("1701012902000001", any_province).is_ok());
        assert_eq!(Nik::parse("1701012902010001", any_province), Err(NikError::BirthDate));
    }

    #[test]
    fn masking_hides_personal_digits() {
        assert_eq!(mask("1701011708450001"), "17**************");
        assert_eq!(mask("12345"), "*****");
        assert_eq!(mask("17O1011708450001"), "*".repeat(16), "a letter O: not a NIK, hidden whole");
        assert_eq!(mask_name("Siti Aminah"), "S***");
        assert_eq!(mask_name("Siti Aminah binti Abdullah"), "S***");
        let nik = Nik::parse("1701011708450001", any_province).unwrap();
        assert!(!format!("{nik:?}").contains("1708450001"));
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = Nik::parse(&s, any_province);
            let _ = KkNumber::parse(&s, any_province);
            let _ = mask(&s);
            let _ = mask_name(&s);
        }

        #[test]
        fn masked_shows_the_province_only(s in "[0-9]{16}") {
            prop_assert_eq!(mask(&s), format!("{}{}", &s[..2], "*".repeat(14)));
        }
    }
}
