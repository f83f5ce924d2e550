//! Writing the registry files: exactly the columns and cell forms that reading accepts, so an export re-imports
//! unchanged.

use super::RegistryTable;
use crate::kampung::{AreaCriterion, KampungRecord, MainCriterion, MonthlyReport, SpecialCriterion};
use std::collections::BTreeSet;

/// A table as written: header and text cells, exactly the import format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrySheet {
    /// Which table.
    pub table: RegistryTable,
    /// The rows, one cell per column of [`RegistryTable::columns`].
    pub rows: Vec<Vec<String>>,
}

fn ids<T: Copy>(set: &BTreeSet<T>, id: fn(T) -> &'static str) -> String {
    set.iter().map(|v| id(*v)).collect::<Vec<_>>().join(";")
}

fn flag(b: bool) -> String {
    (if b { "1" } else { "0" }).to_string()
}

impl RegistrySheet {
    /// The `kampung` table of records, by village code.
    pub fn kampungs(records: &[KampungRecord]) -> RegistrySheet {
        let mut records: Vec<&KampungRecord> = records.iter().collect();
        records.sort_by_key(|r| r.village);
        let rows = records
            .into_iter()
            .map(|r| {
                let (number, date, kind) = match &r.decree {
                    Some(d) => (d.number.clone(), d.date.to_string(), d.regulation_type.id().to_string()),
                    None => Default::default(),
                };
                let (lat, lng) = match r.location {
                    Some(l) => (l.lat.to_string(), l.lng.to_string()),
                    None => Default::default(),
                };
                vec![
                    r.village.to_string(),
                    r.name.clone(),
                    r.launch_date.to_string(),
                    number,
                    date,
                    kind,
                    r.rws.join(";"),
                    r.description.clone(),
                    lat,
                    lng,
                    ids(&r.criteria.utama, MainCriterion::id),
                    ids(&r.criteria.wilayah, AreaCriterion::id),
                    ids(&r.criteria.khusus, SpecialCriterion::id),
                    flag(r.active),
                    flag(r.model.kabupaten),
                    flag(r.model.provinsi),
                ]
            })
            .collect();
        RegistrySheet { table: RegistryTable::Kampung, rows }
    }

    /// The `laporan` table of reports, by village then month.
    pub fn reports(reports: &[MonthlyReport]) -> RegistrySheet {
        let mut reports: Vec<&MonthlyReport> = reports.iter().collect();
        reports.sort_by_key(|r| (r.village, r.month));
        let rows = reports
            .into_iter()
            .map(|r| {
                let (u, n, p) = (&r.contraceptive_users, &r.pus_not_using, &r.participants);
                let mut row = vec![r.village.to_string(), r.month.to_string()];
                row.extend(
                    [r.pus, u.mow, u.mop, u.iud, u.implan, u.suntik, u.pil, u.kondom]
                        .into_iter()
                        .chain([n.hamil, n.ingin_anak_segera, n.iat, n.tial])
                        .chain([p.bkb, p.bkr, p.bkl, p.uppka, p.pik_r])
                        .map(|x| x.to_string()),
                );
                row
            })
            .collect();
        RegistrySheet { table: RegistryTable::Reports, rows }
    }

    /// The header.
    pub fn header(&self) -> &'static [&'static str] {
        self.table.columns()
    }

    /// RFC 4180 CSV, comma separated, UTF-8 with a BOM (so that spreadsheet programs read it as UTF-8); a text
    /// that a spreadsheet program would run as a formula gets a leading `'` ([`crate::csv_safe`]), which reading
    /// removes again.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = crate::csv_safe::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(self.header());
        for row in &self.rows {
            let _ = w.write_record(row);
        }
        w.into_inner().unwrap_or_default()
    }
}
