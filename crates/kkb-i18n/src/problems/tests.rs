//! Every reason has words in both languages, using exactly the values the reason carries.

use super::examples::examples;
use super::*;
use crate::catalogue::tests::messages;
use kkb_domain::problem::CodedColumn;
use std::collections::BTreeSet;

#[test]
fn every_reason_code_renders_in_both_languages_with_its_values() {
    let covered: BTreeSet<&str> = examples().iter().map(Reason::code).collect();
    let all: BTreeSet<&str> = Reason::CODES.iter().copied().collect();
    let missing: Vec<&&str> = all.difference(&covered).collect();
    assert!(missing.is_empty(), "reasons without an example in examples.rs: {missing:?}");
    for lang in Lang::ALL {
        let catalogue = messages(lang);
        for r in examples() {
            let key = message_key(r.code());
            let used = catalogue.get(&key).unwrap_or_else(|| panic!("{}: no message {key}", lang.tag()));
            let given: BTreeSet<String> = r.args().iter().map(|(k, _)| k.to_string()).collect();
            assert_eq!(used, &given, "{}: {key} must use exactly the reason's values", lang.tag());
            let text = lang.reason(&r);
            assert!(!text.is_empty() && !text.contains('{') && !text.contains('$'), "{}: {key}: {text}", lang.tag());
        }
    }
}

#[test]
fn reasons_read_as_a_cadre_would_say_them() {
    let nik = Reason::NikLength { len: 15 };
    assert_eq!(Lang::Id.reason(&nik), "NIK harus 16 angka; yang tertulis 15 angka.");
    assert_eq!(Lang::En.reason(&nik), "A NIK has 16 digits; this one has 15.");
    // The sex rule is the PK form's: 1 laki-laki, 2 perempuan (not "1 (Ya), 2 (Tidak)").
    let sex = Reason::CodeNotAllowed { codes: CodedColumn("sex"), optional: false };
    assert_eq!(Lang::Id.reason(&sex), "Tulis salah satu kode: 1 = Laki-laki, 2 = Perempuan.");
    assert_eq!(Lang::En.reason(&sex), "Write one of the codes: 1 = Male, 2 = Female.");
    let yes_no = Reason::CodeNotAllowed { codes: CodedColumn("p01"), optional: true };
    assert_eq!(Lang::Id.reason(&yes_no), "Tulis salah satu kode: 1 = Ya, 2 = Tidak; atau kosongkan.");
    let users = Reason::MoreUsersThanPus { users: 20, pus: 10 };
    assert!(
        Lang::Id
            .reason(&users)
            .starts_with("Peserta KB semua metode tidak boleh lebih dari PUS: tertulis 20 peserta KB dan 10 PUS.")
    );
    let spent = Reason::SpentOverBudget { spent: 90_000_000, budget: 75_000_000 };
    assert!(Lang::Id.reason(&spent).starts_with("Realisasi Rp 90.000.000 melebihi anggaran Rp 75.000.000."));
    assert!(Lang::En.reason(&spent).starts_with("Spending of Rp 90,000,000 is more than the budget of Rp 75,000,000."));
    let future = Reason::DateInFuture {
        date: kkb_domain::date::Date::new(2027, 1, 1).unwrap(),
        today: kkb_domain::date::Date::new(2026, 12, 4).unwrap(),
    };
    assert_eq!(
        Lang::Id.reason(&future),
        "Tanggal 1 Januari 2027 belum tiba: tidak boleh setelah hari ini (4 Desember 2026)."
    );
    let month = Reason::MonthInFuture { month: kkb_domain::kampung::YearMonth::new(2099, 1).unwrap() };
    assert_eq!(Lang::En.reason(&month), "January 2099 has not come yet: it cannot be after this month.");
    let found = Reason::ExpectedObjectOrNull { found: "number", shown: "5".into() };
    assert_eq!(Lang::En.reason(&found), "Expected an object or null, found the number 5.");
    let range = Reason::CoordinateRange { axis: "lat", value: kkb_domain::problem::Decimal(-95.5), limit: 90 };
    assert_eq!(Lang::Id.reason(&range), "Lintang −95,5 di luar batas: harus antara −90 dan 90 derajat.");
    let years = Reason::YearRange { min: 2015, max: 2100 };
    assert_eq!(Lang::Id.reason(&years), "Tulis tahun dari 2015 sampai 2100.");
}

#[test]
fn a_problem_line_names_file_row_column_and_value() {
    let p = Problem {
        file: "anggota.csv".into(),
        row: 3,
        column: "sex".into(),
        value: "3".into(),
        reason: Reason::CodeNotAllowed { codes: CodedColumn("sex"), optional: false },
    };
    assert_eq!(
        Lang::Id.problem(&p),
        "anggota.csv baris 3, kolom Jenis kelamin (sex), nilai \"3\": Tulis salah satu kode: 1 = Laki-laki, 2 = Perempuan."
    );
    assert_eq!(
        Lang::En.problem(&p),
        "anggota.csv row 3, column Sex (sex), value \"3\": Write one of the codes: 1 = Male, 2 = Female."
    );
    let registry =
        Problem { file: "laporan.csv".into(), column: "pil".into(), value: "-3".into(), reason: Reason::Negative, ..p };
    assert_eq!(
        Lang::Id.problem(&registry),
        "laporan.csv baris 3, kolom Pil (pil), nilai \"-3\": Tidak boleh kurang dari 0: jumlah dimulai dari 0."
    );
    let whole = Problem::whole("keluarga.csv", Reason::FileEmpty);
    assert_eq!(
        Lang::En.problem(&whole),
        "keluarga.csv: The file is empty: its first row must hold the column names (the header row)."
    );
    assert_eq!(Lang::Id.column_label("kampung.csv", "name"), Some("Nama Kampung KB"));
    assert_eq!(Lang::Id.column_label("anggota.csv", "name"), Some("Nama"));
    assert_eq!(Lang::Id.column_label("x.csv", "(column 4)"), None);
}
