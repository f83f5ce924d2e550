//! The plaintext layout of a family's personal data before encryption: the KK number, then each member's
//! number, NIK and name.

use crate::StoreError;

/// Personal data of one family, decrypted.
#[derive(Clone, PartialEq, Eq)]
pub struct FamilyPii {
    /// KK number digits, if any.
    pub kk: Option<String>,
    /// (member_no, NIK digits, name).
    pub people: Vec<(u8, Option<String>, String)>,
}

impl std::fmt::Debug for FamilyPii {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FamilyPii({} people)", self.people.len())
    }
}

/// The associated data that binds a sealed record to its family.
pub fn aad(year: u16, village: &str, family_id: &str) -> Vec<u8> {
    let mut out = Vec::new();
    aad_into(&mut out, year, village, family_id);
    out
}

/// [`aad`], written into `out` (cleared first).
pub fn aad_into(out: &mut Vec<u8>, year: u16, village: &str, family_id: &str) {
    use std::io::Write;
    out.clear();
    let _ = write!(out, "{year}|{village}|{family_id}");
}

/// Serialises the plaintext into `out` (cleared first): the KK number, then each member's number, NIK and name.
pub fn encode_into<'a>(
    out: &mut Vec<u8>,
    kk: Option<&str>,
    people: impl Iterator<Item = (u8, Option<&'a str>, &'a str)>,
) {
    out.clear();
    push_str(out, kk.unwrap_or(""));
    for (no, nik, name) in people {
        out.push(no);
        push_str(out, nik.unwrap_or(""));
        push_str(out, name);
    }
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    let len = s.len().min(u16::MAX as usize);
    out.extend_from_slice(&(len as u16).to_le_bytes());
    out.extend_from_slice(&s.as_bytes()[..len]);
}

/// Reverses [`encode`].
pub fn decode(bytes: &[u8]) -> Result<FamilyPii, StoreError> {
    let bad = || StoreError::Corrupt("personal data record".into());
    let mut pos = 0;
    let take_str = |pos: &mut usize| -> Result<String, StoreError> {
        let len =
            u16::from_le_bytes([*bytes.get(*pos).ok_or_else(bad)?, *bytes.get(*pos + 1).ok_or_else(bad)?]) as usize;
        let s = bytes.get(*pos + 2..*pos + 2 + len).ok_or_else(bad)?;
        *pos += 2 + len;
        String::from_utf8(s.to_vec()).map_err(|_| bad())
    };
    let kk = take_str(&mut pos)?;
    let mut people = Vec::new();
    while pos < bytes.len() {
        let no = bytes[pos];
        pos += 1;
        let nik = take_str(&mut pos)?;
        let name = take_str(&mut pos)?;
        people.push((no, (!nik.is_empty()).then_some(nik), name));
    }
    Ok(FamilyPii { kk: (!kk.is_empty()).then_some(kk), people })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let people =
            vec![(1, Some("1701011708450001".to_string()), "Budi".to_string()), (2, None, "Siti Ä".to_string())];
        let mut bytes = Vec::new();
        encode_into(
            &mut bytes,
            Some("1701010101210001"),
            people.iter().map(|(no, nik, name)| (*no, nik.as_deref(), name.as_str())),
        );
        let back = decode(&bytes).unwrap();
        assert_eq!(back.kk.as_deref(), Some("1701010101210001"));
        assert_eq!(back.people, people);
        assert!(decode(&bytes[..bytes.len() - 1]).is_err());
    }
}
