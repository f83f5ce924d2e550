//! One family typed into a form — the web's correction and new-family forms, or a phone's PK form — checked by
//! exactly the import rules: its values are written as the two import files (one family row, one member row per
//! member, in order) and read back by the importer's own validator. There is no second set of rules.

use super::columns::{FAMILY_CODED, FAMILY_OPTIONAL, FAMILY_REQUIRED};
use super::{Context, Family, Problem};

/// The member columns of anggota.csv other than `family_id`, in the order a form shows them.
pub const MEMBER_COLUMNS: [&str; 12] = [
    "member_no",
    "nik",
    "name",
    "sex",
    "birth_date",
    "marital_status",
    "birth_certificate",
    "relation",
    "religion",
    "education",
    "in_school",
    "health_insurance",
];

/// A family as typed: the keluarga.csv columns (`family_id`, `village_code`, `pk_year`, `rw`, `rt`,
/// `kk_number` and the coded answers) and one value map per member (the anggota.csv columns but `family_id`).
/// A missing column is an empty cell.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TypedFamily {
    /// Column → value of the family row.
    pub family: std::collections::BTreeMap<String, String>,
    /// Column → value of each member row, in order.
    pub members: Vec<std::collections::BTreeMap<String, String>>,
}

impl std::fmt::Debug for TypedFamily {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Values hold NIKs and names: never printed.
        write!(f, "TypedFamily({} members)", self.members.len())
    }
}

impl TypedFamily {
    /// A family column's value, trimmed ("" when missing).
    pub fn get(&self, column: &str) -> &str {
        self.family.get(column).map(|v| v.trim()).unwrap_or("")
    }

    /// Sets a family column.
    pub fn set(&mut self, column: &str, value: impl Into<String>) {
        self.family.insert(column.to_string(), value.into());
    }
}

/// Which member a problem of [`read_typed`] is about: the index in [`TypedFamily::members`] of an anggota.csv
/// problem (`None` for a problem of the family row or of the whole family).
pub fn member_index(p: &Problem) -> Option<usize> {
    (p.file.starts_with("anggota")).then(|| p.row.checked_sub(2)).flatten()
}

/// Checks a typed family with the importer's validator: the [`Family`], or every problem. Problems name
/// `keluarga.csv` row 2 for the family's own columns and `anggota.csv` row `i + 2` for member `i` (see
/// [`member_index`]).
pub fn read_typed(typed: &TypedFamily, ctx: &Context<'_>) -> Result<Family, Vec<Problem>> {
    let clean = |v: Option<&String>| v.map(|v| v.trim().to_string()).unwrap_or_default();
    let mut fam = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> =
        FAMILY_REQUIRED.iter().chain(FAMILY_OPTIONAL.iter()).chain(FAMILY_CODED.iter()).copied().collect();
    let row: Vec<String> = header.iter().map(|c| clean(typed.family.get(*c))).collect();
    let mut mem = csv::Writer::from_writer(Vec::new());
    let mut mheader = vec!["family_id"];
    mheader.extend(MEMBER_COLUMNS);
    let family_id = clean(typed.family.get("family_id"));
    let written = fam.write_record(&header).and_then(|_| fam.write_record(&row)).and_then(|_| {
        mem.write_record(&mheader)?;
        for m in &typed.members {
            let mut r = vec![family_id.clone()];
            r.extend(MEMBER_COLUMNS.iter().map(|c| clean(m.get(*c))));
            mem.write_record(&r)?;
        }
        Ok(())
    });
    let (Ok(()), Ok(fam), Ok(mem)) = (written, fam.into_inner(), mem.into_inner()) else {
        // Writing CSV into memory cannot fail; say so rather than panic if it ever does.
        return Err(vec![Problem {
            file: "keluarga.csv".into(),
            row: 0,
            column: String::new(),
            value: String::new(),
            reason: crate::problem::Reason::FileUnreadable { row: 0, detail: "the typed values".into() },
        }]);
    };
    super::read::read_csv_pair(fam.as_slice(), mem.as_slice(), ctx).map(|mut f| f.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::region::RegionCode;

    fn ctx_today() -> Date {
        Date::new(2026, 12, 1).unwrap()
    }

    fn typed() -> TypedFamily {
        let mut t = TypedFamily::default();
        for (k, v) in [("family_id", "F1"), ("village_code", "1701012001"), ("pk_year", "2025"), ("p01", "1")] {
            t.set(k, v);
        }
        let member = |no: &str, nik: &str, sex: &str, birth: &str, relation: &str| {
            [
                ("member_no", no),
                ("nik", nik),
                ("name", "Nama Uji"),
                ("sex", sex),
                ("birth_date", birth),
                ("marital_status", "2"),
                ("relation", relation),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
        };
        t.members.push(member("1", "1701011705800001", "1", "1980-05-17", "1"));
        t.members.push(member("2", "", "2", "1988-11-02", "2"));
        t
    }

    fn with<T>(f: impl FnOnce(&Context<'_>) -> T) -> T {
        let is_village = |c: RegionCode| c.to_string() == "17.01.01.2001";
        let is_province = |p: u8| p == 17;
        f(&Context { is_village: &is_village, is_province: &is_province, today: ctx_today() })
    }

    #[test]
    fn a_typed_family_reads_as_an_import_would() {
        let f = with(|c| read_typed(&typed(), c)).unwrap();
        assert_eq!(f.key.family_id, "F1");
        assert_eq!(f.answers.members.len(), 2);
        assert_eq!(f.people[0].nik.as_ref().map(|n| n.as_str()), Some("1701011705800001"));
    }

    #[test]
    fn problems_name_the_member_they_are_about() {
        let mut t = typed();
        t.members[1].insert("nik".into(), "1701011705800002".into()); // a man's date block for a woman
        t.members[1].insert("relation".into(), "1".into()); // a second head
        let p = with(|c| read_typed(&t, c)).unwrap_err();
        assert!(p.iter().any(|p| p.column == "nik" && member_index(p) == Some(1)), "{p:?}");
        assert!(p.iter().any(|p| p.column == "relation" && member_index(p) == Some(1)), "{p:?}");
        t = typed();
        t.set("rw", "12345");
        let p = with(|c| read_typed(&t, c)).unwrap_err();
        assert_eq!((p[0].column.as_str(), member_index(&p[0])), ("rw", None));
    }
}
