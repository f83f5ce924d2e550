//! The words shown for the registry's vocabularies (kkb_domain::kampung), in Bahasa Indonesia and English. The
//! JSON ids stay the keys; a test checks that every id of every vocabulary has a label.

use crate::i18n::Lang;

/// `(id, Indonesian, English)` for every vocabulary id. Ids shared by two vocabularies (`lainnya`) mean the same.
const LABELS: &[(&str, &str, &str)] = &[
    // RegulationType
    ("sk_kepala_desa", "SK Kepala Desa/Lurah", "Village head's decree"),
    ("sk_camat", "SK Camat", "Camat's decree"),
    ("sk_bupati", "SK Bupati/Wali Kota", "Regent's or mayor's decree"),
    ("perdes", "Peraturan Desa", "Village regulation"),
    ("other", "Lainnya", "Other"),
    // MainCriterion
    ("keluarga_miskin_tinggi", "Keluarga miskin di atas rata-rata desa", "Poor families above the village average"),
    ("kesertaan_kb_rendah", "Kesertaan KB di bawah capaian desa", "KB participation below the village achievement"),
    // AreaCriterion
    ("kumuh", "Kumuh", "Slum"),
    ("pesisir_nelayan", "Pesisir/nelayan", "Coastal or fishing community"),
    ("das", "Daerah aliran sungai", "River basin"),
    ("bantaran_kereta_api", "Bantaran kereta api", "Along a railway"),
    ("kawasan_miskin", "Kawasan miskin perkotaan", "Poor urban area"),
    ("terpencil", "Terpencil", "Remote"),
    ("perbatasan", "Perbatasan", "Border area"),
    ("kawasan_industri", "Kawasan industri", "Industrial area"),
    ("kawasan_wisata", "Kawasan wisata", "Tourist area"),
    ("padat_penduduk", "Padat penduduk", "Densely populated"),
    // SpecialCriterion
    ("data_peta_keluarga", "Setiap RT/RW memiliki data dan peta keluarga", "Every RT/RW has family data and a map"),
    ("partisipasi_sekolah_rendah", "Partisipasi sekolah rendah", "Low school participation"),
    (
        "kb_mkjp_rendah",
        "Peserta KB aktif dan MKJP di bawah rata-rata desa",
        "Active KB and MKJP users below the village average",
    ),
    ("partisipasi_masyarakat_rendah", "Partisipasi masyarakat rendah", "Low community participation"),
    ("capaian_sektor_rendah", "Capaian sektor terkait rendah", "Low achievement of related sectors"),
    // FamilyFunction
    ("agama", "Agama", "Religion"),
    ("sosial_budaya", "Sosial budaya", "Social and cultural"),
    ("cinta_kasih", "Cinta kasih", "Love and affection"),
    ("perlindungan", "Perlindungan", "Protection"),
    ("reproduksi", "Reproduksi", "Reproduction"),
    ("sosialisasi_pendidikan", "Sosialisasi dan pendidikan", "Socialisation and education"),
    ("ekonomi", "Ekonomi", "Economy"),
    ("lingkungan", "Pembinaan lingkungan", "Environment"),
    // FundingSource
    ("apbn", "APBN", "State budget (APBN)"),
    ("apbd", "APBD", "Regional budget (APBD)"),
    ("dana_desa", "Dana Desa", "Village fund"),
    ("swadaya", "Swadaya masyarakat", "Community funds"),
    ("csr", "CSR", "Corporate (CSR)"),
    ("hibah", "Hibah/donasi", "Grants and donations"),
    // Program
    ("bkb", "BKB (Bina Keluarga Balita)", "BKB (toddler families)"),
    ("bkr", "BKR (Bina Keluarga Remaja)", "BKR (teenager families)"),
    ("bkl", "BKL (Bina Keluarga Lansia)", "BKL (elderly families)"),
    ("uppka", "UPPKA (usaha ekonomi akseptor)", "UPPKA (acceptors' income groups)"),
    ("pik_r", "PIK-R (pusat informasi remaja)", "PIK-R (youth information centre)"),
    ("pelayanan_kb_kr", "Pelayanan KB-KR", "KB and reproductive-health services"),
    ("kependudukan", "Administrasi kependudukan", "Population administration"),
    ("sektor_lain", "Sektor lain", "Other sectors"),
    // Facility
    ("sekretariat", "Sekretariat Kampung KB", "Kampung KB secretariat"),
    ("rumah_dataku", "Rumah DataKu", "Rumah DataKu (data house)"),
    // DataSource
    ("pk", "PK dan pemutakhirannya", "PK and its updates"),
    ("data_rutin", "Data rutin BKKBN", "BKKBN routine data"),
    ("potensi_desa", "Potensi Desa", "Village potential data"),
    ("data_sektoral", "Data sektoral", "Sectoral data"),
    ("lainnya", "Lainnya", "Other"),
    // Operation
    ("rapat_perencanaan", "Rapat perencanaan", "Planning meeting"),
    ("rapat_koordinasi", "Rapat koordinasi lintas instansi", "Cross-agency coordination meeting"),
    ("sosialisasi", "Sosialisasi", "Socialisation"),
    ("monev", "Monitoring dan evaluasi", "Monitoring and evaluation"),
    ("laporan", "Penyusunan laporan", "Reporting"),
    // Frequency
    ("mingguan", "Mingguan", "Weekly"),
    ("bulanan", "Bulanan", "Monthly"),
    ("triwulan", "Triwulanan", "Quarterly"),
    ("semesteran", "Semesteran", "Every six months"),
    ("tahunan", "Tahunan", "Yearly"),
    // Target
    ("seluruh_penduduk", "Seluruh penduduk", "Whole population"),
    ("pus", "PUS", "Couples of reproductive age (PUS)"),
    ("remaja", "Remaja", "Teenagers"),
    ("lansia", "Lansia", "Elderly"),
    ("balita", "Balita", "Toddlers"),
    ("keluarga_balita", "Keluarga dengan balita", "Families with toddlers"),
    ("keluarga_remaja", "Keluarga dengan remaja", "Families with teenagers"),
    ("keluarga_lansia", "Keluarga dengan lansia", "Families with elderly"),
    ("ibu_hamil", "Ibu hamil", "Pregnant women"),
    ("calon_pengantin", "Calon pengantin", "Brides and grooms to be"),
    // Classes
    ("dasar", "Dasar", "Basic"),
    ("berkembang", "Berkembang", "Developing"),
    ("mandiri", "Mandiri", "Self-reliant"),
    ("berkelanjutan", "Berkelanjutan", "Sustainable"),
];

/// The label of a vocabulary id in the reader's language (the id itself when unknown).
pub fn label(l: Lang, id: &str) -> String {
    match LABELS.iter().find(|(k, _, _)| *k == id) {
        Some((_, id_text, en_text)) => if l == Lang::En { *en_text } else { *id_text }.to_string(),
        None => id.to_string(),
    }
}

/// The Inpres 3/2022 programme areas, `(number, Indonesian, English)`.
pub const INPRES_AREAS: [(u8, &str, &str); 4] = [
    (1, "Penyediaan data dan dokumen kependudukan", "Family data and population documents"),
    (2, "Perubahan perilaku", "Behaviour change"),
    (3, "Cakupan layanan dan rujukan", "Services and referral"),
    (4, "Penataan lingkungan keluarga", "The family's environment"),
];

/// The label of an Inpres programme area.
pub fn inpres_label(l: Lang, n: u8) -> String {
    INPRES_AREAS
        .iter()
        .find(|(k, _, _)| *k == n)
        .map(|(_, i, e)| if l == Lang::En { *e } else { *i })
        .unwrap_or("?")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kkb_domain::classification::Class;
    use kkb_domain::kampung::*;

    #[test]
    fn every_vocabulary_id_has_a_label() {
        let mut ids: Vec<&str> = Vec::new();
        ids.extend(RegulationType::ALL.iter().map(|v| v.id()));
        ids.extend(MainCriterion::ALL.iter().map(|v| v.id()));
        ids.extend(AreaCriterion::ALL.iter().map(|v| v.id()));
        ids.extend(SpecialCriterion::ALL.iter().map(|v| v.id()));
        ids.extend(FamilyFunction::ALL.iter().map(|v| v.id()));
        ids.extend(FundingSource::ALL.iter().map(|v| v.id()));
        ids.extend(Program::ALL.iter().map(|v| v.id()));
        ids.extend(Facility::ALL.iter().map(|v| v.id()));
        ids.extend(DataSource::ALL.iter().map(|v| v.id()));
        ids.extend(Operation::ALL.iter().map(|v| v.id()));
        ids.extend(Frequency::ALL.iter().map(|v| v.id()));
        ids.extend(Target::ALL.iter().map(|v| v.id()));
        ids.extend(Class::ALL.iter().map(|v| v.as_str()));
        for id in ids {
            assert!(LABELS.iter().any(|(k, _, _)| *k == id), "{id} has no label");
        }
        assert!(LABELS.iter().all(|(_, i, e)| !i.is_empty() && !e.is_empty()));
        assert_eq!(label(Lang::En, "rumah_dataku"), "Rumah DataKu (data house)");
        assert_eq!(label(Lang::Id, "unknown_id"), "unknown_id");
    }
}
