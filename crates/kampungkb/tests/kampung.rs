//! `kampungkb kampung import|export` through the real binary: good files import, bad files import nothing and list
//! every problem with its row and column, an export imports back unchanged.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KEY: &str = "0101010101010101010101010101010101010101010101010101010101010101";

/// A working directory with its own database.
struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        Dir { tmp: tempfile::tempdir().unwrap() }
    }
    fn path(&self) -> &Path {
        self.tmp.path()
    }
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
    fn run(&self, args: &[&str]) -> Output {
        self.run_in_locale(args, None)
    }
    /// Runs with the locale variables cleared, then `LANG` set to `lang` if given.
    fn run_in_locale(&self, args: &[&str], lang: Option<&str>) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kampungkb"));
        c.args(args).current_dir(self.path()).env("KAMPUNGKB_KEY", KEY).env_remove("KAMPUNGKB_DATABASE_URL");
        for v in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            c.env_remove(v);
        }
        if let Some(l) = lang {
            c.env("LANG", l);
        }
        c.output().unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
    /// Exports a table of the whole province and returns the file's bytes.
    fn export(&self, what: &str, format: &str, name: &str) -> Vec<u8> {
        self.ok(&["kampung", "export", "--region", "17", "--what", what, "--format", format, "--output", name]);
        std::fs::read(self.path().join(name)).unwrap()
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const KAMPUNG: &str = "\
village_code,name,launch_date,decree_number,decree_date,regulation_type,rws,description,lat,lng,criteria_utama,criteria_wilayah,criteria_khusus,active,model_kabupaten,model_provinsi
17.71.01.1001,Kampung KB Pagar Dewa,2018-03-01,140/05/2018,2018-02-20,sk_kepala_desa,RW 01;RW 02,\"Kampung di tepi kota, dekat pasar\",-3.8045,102.2867,kesertaan_kb_rendah,padat_penduduk,,1,1,0
1771011002,Kampung KB Sukarami,2019-08-17,,,,,,,,,,,1,0,0
";

const LAPORAN: &str = "\
village_code,month,pus,mow,mop,iud,implan,suntik,pil,kondom,hamil,ingin_anak_segera,iat,tial,bkb,bkr,bkl,uppka,pik_r
17.71.01.1001,2024-05,120,1,0,4,5,20,10,2,3,2,4,5,10,8,6,4,2
17.71.01.1001,2024-06,121,1,0,4,6,20,10,2,3,2,4,5,11,8,6,4,2
17.71.01.1002,2024-06,90,0,0,2,3,15,12,1,2,1,3,3,,,,,
";

#[test]
fn good_files_import_and_an_export_imports_back_unchanged() {
    let d = Dir::new();
    let (k, l) = (d.file("kampung.csv", KAMPUNG), d.file("laporan.csv", LAPORAN));
    let out = d.ok(&["kampung", "import", s(&k), s(&l)]);
    assert!(
        out.contains("imported 2 Kampung KB (2 new, 0 updated) and 3 monthly reports (3 new, 0 replaced)"),
        "{out}"
    );
    let registry_csv = d.export("registry", "csv", "k.csv");
    let reports_csv = d.export("reports", "csv", "l.csv");
    let text = String::from_utf8(registry_csv.clone()).unwrap();
    assert!(text.starts_with("\u{feff}village_code,name,launch_date,"), "{text}");
    assert!(text.contains("\"Kampung di tepi kota, dekat pasar\",-3.8045,102.2867,kesertaan_kb_rendah"));
    assert_eq!(String::from_utf8(reports_csv.clone()).unwrap().lines().count(), 4);
    let registry_xlsx = d.export("registry", "xlsx", "k.xlsx");
    let reports_xlsx = d.export("reports", "xlsx", "l.xlsx");
    assert_eq!(&registry_xlsx[..2], b"PK");
    // A month already reported is replaced only when asked.
    let out = d.run(&["kampung", "import", s(&l)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("laporan.csv row 2, column Month (month)"));
    assert!(d.ok(&["kampung", "import", "--replace-reports", s(&l)]).contains("(0 new, 3 replaced)"));

    // Into a fresh database, from CSV and from the workbooks: the same files come out again.
    for (k, l) in [("k.csv", "l.csv"), ("k.xlsx", "l.xlsx")] {
        let e = Dir::new();
        let (kb, lb) = match k.ends_with("csv") {
            true => (registry_csv.clone(), reports_csv.clone()),
            false => (registry_xlsx.clone(), reports_xlsx.clone()),
        };
        std::fs::write(e.path().join(k), kb).unwrap();
        std::fs::write(e.path().join(l), lb).unwrap();
        e.ok(&["kampung", "import", k, l]);
        assert_eq!(e.export("registry", "csv", "again-k.csv"), registry_csv, "{k}");
        assert_eq!(e.export("reports", "csv", "again-l.csv"), reports_csv, "{l}");
    }
    // A region holds its own.
    d.ok(&["kampung", "export", "--region", "1701", "--what", "registry", "--output", "none.csv"]);
    assert_eq!(std::fs::read_to_string(d.path().join("none.csv")).unwrap().lines().count(), 1);
}

#[test]
fn bad_files_import_nothing_and_list_every_problem_with_row_and_column() {
    let d = Dir::new();
    let k = d.file("kampung.csv", KAMPUNG);
    let l = d.file(
        "laporan.csv",
        "village_code,month,pus,mow,iud,suntik,pil\n\
         17.71.01.1001,2024-05,100,1,2,20,-3\n\
         17.71.01.1001,2024-06,20,1,2,20,10\n\
         17.71.01.1002,2099-01,100,1,2,20,10\n\
         17.71.01.9999,2024-05,100,1,2,20,10\n\
         17.71.01.1003,2024-05,100,1,2,20,10\n",
    );
    let report = d.path().join("problems.csv");
    let out = d.run(&["kampung", "import", s(&k), s(&l), "--report", s(&report), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "laporan.csv row 2, column Pill (pil), value \"-3\": Cannot be below 0: counts start at 0.",
        "laporan.csv row 3, column PUS (pus), value \"20\": The contraceptive users of all methods cannot be more than the PUS: 33 users and 20 PUS written.",
        "laporan.csv row 4, column Month (month), value \"2099-01\": January 2099 has not come yet: it cannot be after this month.",
        "laporan.csv row 5, column Village code (village_code), value \"17.71.01.9999\": There is no desa/kelurahan \
         17.71.01.9999 in the region table.",
        "4 problems found; nothing was imported.",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    let rows = std::fs::read_to_string(&report).unwrap();
    assert_eq!(rows.lines().count(), 5, "{rows}");
    assert!(rows.starts_with("file,row,column,value,reason,code\nlaporan.csv,2,pil,-3,Cannot be below 0"), "{rows}");
    assert!(rows.lines().nth(1).unwrap().ends_with(",negative"), "{rows}");
    // In an Indonesian locale, the same problems in Indonesian; the codes do not change.
    let out = d.run_in_locale(&["kampung", "import", s(&k), s(&l), "--report", s(&report)], Some("id_ID.UTF-8"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "laporan.csv baris 2, kolom Pil (pil), nilai \"-3\": Tidak boleh kurang dari 0: jumlah dimulai dari 0.",
        "laporan.csv baris 3, kolom PUS (pus), nilai \"20\": Peserta KB semua metode tidak boleh lebih dari PUS: tertulis 33 peserta KB dan 20 PUS.",
        "laporan.csv baris 4, kolom Bulan (month), nilai \"2099-01\": Bulan Januari 2099 belum tiba: tidak boleh setelah bulan ini.",
        "laporan.csv baris 5, kolom Kode desa/kelurahan (village_code), nilai \"17.71.01.9999\": Desa/kelurahan \
         17.71.01.9999 tidak ada dalam tabel wilayah.",
        "4 masalah ditemukan; tidak ada yang diimpor.",
        "Laporan masalah ditulis ke",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    let rows = std::fs::read_to_string(&report).unwrap();
    assert!(
        rows.starts_with("file,row,column,value,reason,code\nlaporan.csv,2,pil,-3,Tidak boleh kurang dari 0"),
        "{rows}"
    );
    assert!(rows.lines().nth(1).unwrap().ends_with(",negative"), "{rows}");
    // --lang wins over the locale.
    let out = d.run_in_locale(&["kampung", "import", s(&k), s(&l), "--lang", "en"], Some("id_ID.UTF-8"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("4 problems found; nothing was imported."));
    // Nothing was imported, not even the good kampung.csv.
    assert_eq!(String::from_utf8(d.export("registry", "csv", "k.csv")).unwrap().lines().count(), 1);
    assert_eq!(String::from_utf8(d.export("reports", "csv", "l.csv")).unwrap().lines().count(), 1);
    // Once those rows are right, the store's own check remains: a report for a village without a Kampung KB.
    let l = d.file("laporan.csv", "village_code,month,pus\n17.71.01.1003,2024-05,100\n");
    let out = d.run(&["kampung", "import", s(&k), s(&l)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let want = "laporan.csv row 2, column Village code (village_code), value \"17.71.01.1003\": Village 17.71.01.1003 has \
                no Kampung KB.";
    assert!(err.contains(want), "{err}");
    assert_eq!(String::from_utf8(d.export("registry", "csv", "k.csv")).unwrap().lines().count(), 1);
}

#[test]
fn user_errors_exit_1() {
    let d = Dir::new();
    let out = d.run(&["kampung", "import", "missing.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read missing.csv"));
    let pk = d.file("keluarga.csv", "family_id,village_code,pk_year\n1,1771011001,2021\n");
    let out = d.run(&["kampung", "import", s(&pk)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither kampung.csv"));
    let out = d.run(&["kampung", "export", "--region", "99", "--what", "registry", "--output", "x.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no region 99"));
}
