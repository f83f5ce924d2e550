//! The command-line contract (docs/cli.md), through the real binary.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KEY: &str = "0101010101010101010101010101010101010101010101010101010101010101";

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
    /// The binary in this folder, with the locale variables cleared (the reader's language is then English unless
    /// a test sets `--lang` or `LANG`).
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kampungkb"));
        c.args(args).current_dir(self.path()).env("KAMPUNGKB_KEY", KEY).env_remove("KAMPUNGKB_DATABASE_URL");
        for v in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            c.env_remove(v);
        }
        c
    }
    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
    fn generate(&self, families: u64, seed: u64, out: &str) -> (PathBuf, PathBuf) {
        self.generate_year(families, seed, 2021, out)
    }
    fn generate_year(&self, families: u64, seed: u64, year: u16, out: &str) -> (PathBuf, PathBuf) {
        let (f, sd, y) = (families.to_string(), seed.to_string(), year.to_string());
        self.ok(&["generate", "--province", "17", "--families", &f, "--seed", &sd, "--year", &y, "--out", out]);
        (self.path().join(out).join("keluarga.csv"), self.path().join(out).join("anggota.csv"))
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn generate_import_index_recompute_check() {
    let d = Dir::new();
    let (k, a) = d.generate(3000, 7, "pk");
    let again = d.generate(3000, 7, "pk2");
    assert_eq!(std::fs::read(&k).unwrap(), std::fs::read(&again.0).unwrap(), "deterministic");
    let out = d.ok(&["import", "pk", "--families", s(&k), "--members", s(&a)]);
    assert!(out.contains("3000 families"), "{out}");
    assert!(d.path().join("kampungkb.db").exists());

    let v = d.json(&["index", "--region", "17", "--children"]);
    assert_eq!(v["region"], serde_json::json!({"code": "17", "name": "Bengkulu", "level": "province"}));
    assert_eq!(v["year"], 2021);
    assert_eq!(v["families"], 3000);
    let ib = v["ibangga"].as_f64().unwrap();
    assert!((40.0..80.0).contains(&ib), "{ib}");
    let dims: Vec<&str> = v["dimensions"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(dims, ["ketenteraman", "kemandirian", "kebahagiaan"]);
    let mean = dims.iter().map(|d| v["dimensions"][d].as_f64().unwrap()).sum::<f64>() / 3.0;
    assert!((mean - ib).abs() < 1e-9);
    let cats = v["categories"].as_object().unwrap();
    assert_eq!(cats.keys().collect::<Vec<_>>(), ["rentan", "berkembang", "tangguh"]);
    let cat_sum: i64 = cats.values().map(|c| c["families"].as_i64().unwrap()).sum();
    assert_eq!(cat_sum, v["scored_families"].as_i64().unwrap());
    let vars = v["variables"].as_array().unwrap();
    assert_eq!(vars.len(), 17);
    assert_eq!(vars[0]["id"], "v01");
    assert_eq!(vars[16]["dimension"], "kebahagiaan");
    let kids = v["children"].as_array().unwrap();
    assert_eq!(kids.len(), 10);
    assert_eq!(kids.iter().map(|c| c["families"].as_i64().unwrap()).sum::<i64>(), 3000);
    assert_eq!(kids[9]["region"]["name"], "Kota Bengkulu");

    // Without --children the key is still there, empty; a village has no children.
    let v = d.json(&["index", "--region", "17.71", "--year", "2021"]);
    assert_eq!(v["children"], serde_json::json!([]));
    let v = d.json(&["index", "--region", "1771011001", "--children"]);
    assert_eq!(v["region"]["level"], "village");
    assert_eq!(v["children"], serde_json::json!([]));

    let csv = d.ok(&["index", "--region", "17", "--children", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 12);
    assert!(csv.starts_with("code,name,level,year,methodology,families,scored_families,ibangga,ketenteraman"));
    let table = d.ok(&["index", "--region", "17", "--children", "--format", "table"]);
    assert!(table.contains("Kota Bengkulu") && table.contains("weakest variables"), "{table}");

    assert!(d.ok(&["recompute"]).contains("0 scores changed"));
    assert!(d.ok(&["check"]).starts_with("ok:"));
    // Importing the same files again changes nothing.
    let before = d.ok(&["index", "--region", "17", "--children"]);
    assert!(d.ok(&["import", "pk", "--families", s(&k), "--members", s(&a)]).contains("3000 replaced"));
    assert_eq!(d.ok(&["index", "--region", "17", "--children"]), before);
}

#[test]
fn bad_files_import_nothing_and_report_every_problem_masked() {
    let d = Dir::new();
    let (k, a) = d.generate(200, 3, "pk");
    let members = std::fs::read_to_string(&a).unwrap();
    let mut lines: Vec<String> = members.lines().map(String::from).collect();
    // Row 3: a NIK of the wrong sex; row 5: an unknown relation code.
    let mut cells: Vec<String> = lines[2].split(',').map(String::from).collect();
    let nik = cells[2].clone();
    let name = cells[3].clone();
    cells[4] = if cells[4] == "1" { "2".into() } else { "1".into() };
    lines[2] = cells.join(",");
    let mut cells: Vec<&str> = lines[4].split(',').collect();
    cells[8] = "9";
    lines[4] = cells.join(",");
    std::fs::write(&a, lines.join("\n") + "\n").unwrap();

    let report = d.path().join("problems.csv");
    let args = ["import", "pk", "--families", s(&k), "--members", s(&a), "--report", s(&report)];
    let out = d.run(&[&args[..], &["--lang", "en"]].concat());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("anggota.csv row 3, column NIK (nik)"), "{stderr}");
    assert!(stderr.contains("but the member's sex is"), "{stderr}");
    assert!(stderr.contains("anggota.csv row 5, column Relation to the head of family (relation), value \"9\": Write one of the codes: 1 = Head of family"), "{stderr}");
    assert!(stderr.contains("nothing was imported"));
    let rep = std::fs::read_to_string(&report).unwrap();
    assert!(rep.starts_with("file,row,column,value,reason,code\n"), "{rep}");
    assert!(rep.contains("anggota.csv,3,nik,"));
    assert!(rep.lines().any(|l| l.starts_with("anggota.csv,3,nik,") && l.ends_with(",nik_sex")), "{rep}");
    assert!(
        rep.lines().any(|l| l.starts_with("anggota.csv,5,relation,9,") && l.ends_with(",code_not_allowed")),
        "{rep}"
    );
    // The same problems in Indonesian: by the locale, or by --lang whatever the locale.
    let by_locale = d.cmd(&args).env("LANG", "id_ID.UTF-8").output().unwrap();
    let by_flag = d.cmd(&[&args[..], &["--lang", "id"]].concat()).env("LANG", "en_US.UTF-8").output().unwrap();
    let id_report = std::fs::read_to_string(&report).unwrap();
    for out in [&by_locale, &by_flag] {
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("anggota.csv baris 3, kolom NIK (nik)"), "{err}");
        assert!(err.contains("tetapi jenis kelamin anggota tertulis"), "{err}");
        assert!(err.contains("anggota.csv baris 5, kolom Hubungan dengan kepala keluarga (relation), nilai \"9\": Tulis salah satu kode: 1 = Kepala keluarga"), "{err}");
        assert!(err.contains("masalah ditemukan; tidak ada yang diimpor."), "{err}");
    }
    assert!(
        id_report
            .lines()
            .any(|l| l.starts_with("anggota.csv,3,nik,") && l.contains("NIK ini milik") && l.ends_with(",nik_sex")),
        "{id_report}"
    );
    for text in [&stderr.to_string(), &rep, &id_report, &String::from_utf8_lossy(&by_locale.stderr).to_string()] {
        assert!(!text.contains(&nik), "raw NIK leaked");
        assert!(!nik.is_empty() && !text.contains(&nik[6..]));
        assert!(!text.contains(&name), "raw name leaked");
    }
    // Nothing was imported: there is no round.
    let out = d.run(&["index", "--region", "17"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no PK round"));
}

#[test]
fn user_errors_exit_1_with_a_message() {
    let d = Dir::new();
    let (k, a) = d.generate(100, 1, "pk");
    d.ok(&["import", "pk", "--families", s(&k), "--members", s(&a)]);
    for (args, msg) in [
        (vec!["index", "--region", "99"], "no region"),
        (vec!["index", "--region", "17.1"], "not a region code"),
        (vec!["index", "--region", "17", "--year", "2019"], "no PK round for 2019"),
        (vec!["import", "pk", "--families", "missing.csv", "--members", "missing2.csv"], "cannot open"),
        (vec!["regions", "load", "missing.csv"], "cannot read"),
    ] {
        let out = d.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{args:?}: {err}");
    }
    for args in [vec!["index"], vec!["index", "--region", "17", "--format", "xml"], vec!["frobnicate"]] {
        let out = d.run(&args);
        assert_eq!(out.status.code(), Some(1), "bad arguments are a user error: {args:?}");
        assert!(!out.stderr.is_empty());
    }
    assert_eq!(d.run(&["--help"]).status.code(), Some(0));
}

#[test]
fn check_finds_tampering_and_recompute_repairs_it() {
    let d = Dir::new();
    let (k, a) = d.generate(300, 2, "pk");
    d.ok(&["import", "pk", "--families", s(&k), "--members", s(&a)]);
    let db = rusqlite::Connection::open(d.path().join("kampungkb.db")).unwrap();
    db.execute("UPDATE region_tally SET tally = replace(tally, '300,', '301,') WHERE region = '17'", []).unwrap();
    db.execute("UPDATE families SET met = 0 WHERE id = 5", []).unwrap();
    drop(db);
    let out = d.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("region 17:") && text.contains("family #5"), "{text}");
    assert!(d.ok(&["recompute"]).contains("1 scores changed"));
    assert!(d.ok(&["check"]).starts_with("ok:"));
}

#[test]
fn killing_an_import_leaves_the_database_as_it_was() {
    let d = Dir::new();
    let (k1, a1) = d.generate(500, 1, "small");
    d.ok(&["import", "pk", "--families", s(&k1), "--members", s(&a1)]);
    let before = d.ok(&["index", "--region", "17", "--children"]);
    let (k2, a2) = d.generate_year(60_000, 9, 2022, "big");
    let mut child = d.cmd(&["import", "pk", "--families", s(&k2), "--members", s(&a2)]).spawn().unwrap();
    // Wait until the import is writing (its rollback journal or the WAL grows), then kill it.
    let size = |name: &str| std::fs::metadata(d.path().join(name)).map(|m| m.len()).unwrap_or(0);
    let written = || size("kampungkb.db-journal") + size("kampungkb.db-wal") + size("kampungkb.db");
    let started = std::time::Instant::now();
    let base = written();
    while written() <= base + 4096 && started.elapsed().as_secs() < 60 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let finished_first = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    child.wait().unwrap();
    assert!(!finished_first, "the import finished before it could be killed; make the file larger");
    assert_eq!(d.ok(&["index", "--region", "17", "--children"]), before);
    assert!(d.ok(&["check"]).starts_with("ok:"));
}

#[test]
fn a_member_file_out_of_family_order_imports_the_same() {
    let d = Dir::new();
    // More members than the reader attaches at a time (8192), so that the disorder is noticed mid-stream.
    let (k, a) = d.generate(4000, 6, "pk");
    let text = std::fs::read_to_string(&a).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    let reversed = d.path().join("anggota-reversed.csv");
    std::fs::write(&reversed, lines.join("\n") + "\n").unwrap();
    let out = d
        .cmd(&["--database", "x.db", "import", "pk", "--families", s(&k), "--members", s(&reversed)])
        .env("KAMPUNGKB_LOG", "info")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not in family order"), "read whole after all");
    d.ok(&["--database", "y.db", "import", "pk", "--families", s(&k), "--members", s(&a)]);
    let x = d.ok(&["--database", "x.db", "index", "--region", "17", "--children"]);
    assert_eq!(x, d.ok(&["--database", "y.db", "index", "--region", "17", "--children"]));
    assert!(d.ok(&["--database", "x.db", "check"]).starts_with("ok:"));
}

#[test]
fn xlsx_import_gives_the_same_figures_as_csv() {
    let d = Dir::new();
    let (k, a) = d.generate(150, 4, "pk");
    let book = d.path().join("pk.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, file) in [("keluarga", &k), ("anggota", &a)] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, line) in std::fs::read_to_string(file).unwrap().lines().enumerate() {
            for (c, v) in line.split(',').enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, v).unwrap();
                }
            }
        }
    }
    wb.save(&book).unwrap();
    d.ok(&["--database", "sqlite://x.db", "import", "pk", "--xlsx", s(&book)]);
    d.ok(&["--database", "y.db", "import", "pk", "--families", s(&k), "--members", s(&a)]);
    let x = d.ok(&["--database", "sqlite://x.db", "index", "--region", "17", "--children"]);
    assert_eq!(x, d.ok(&["--database", "y.db", "index", "--region", "17", "--children"]));
}

#[test]
fn the_same_commands_on_postgresql() {
    let Some(db) = kkb_testdb::postgres("cli", "the_same_commands_on_postgresql") else { return };
    let url = db.url().to_string();
    let d = Dir::new();
    let (k, a) = d.generate(400, 5, "pk");
    d.ok(&["--database", &url, "migrate"]);
    d.ok(&["--database", &url, "import", "pk", "--families", s(&k), "--members", s(&a)]);
    d.ok(&["--database", "local.db", "import", "pk", "--families", s(&k), "--members", s(&a)]);
    let pg = d.ok(&["--database", &url, "index", "--region", "17", "--children"]);
    assert_eq!(pg, d.ok(&["--database", "local.db", "index", "--region", "17", "--children"]), "both engines agree");
    assert!(d.ok(&["--database", &url, "check"]).starts_with("ok:"));
    assert!(
        d.ok(&["--database", &url, "import", "pk", "--families", s(&k), "--members", s(&a)]).contains("400 replaced")
    );
    assert!(d.ok(&["--database", &url, "recompute"]).contains("0 scores changed"));
}

/// The classification contract's example (docs/classification.md).
const CLASSIFY_EXAMPLE: &str = r#"{
  "pokja": {"exists": true, "members": 12, "trained": false},
  "funding_sources": ["apbd", "dana_desa"],
  "programs": ["bkb", "bkr", "bkl", "uppka", "pik_r", "pelayanan_kb_kr", "kependudukan", "sektor_lain"],
  "facilities": ["sekretariat", "rumah_dataku"],
  "pkb_assigned": true, "regulation": false,
  "data_sources": ["pk", "data_rutin", "potensi_desa", "data_sektoral", "lainnya"],
  "operations": ["rapat_perencanaan", "rapat_koordinasi", "sosialisasi", "monev", "laporan"],
  "cross_sector_agencies": 5,
  "population": {"pus": 310, "families": 420, "families_with_balita": 96, "families_with_remaja": 120,
                 "families_with_lansia": 85, "remaja": 160},
  "report": {
    "participants": {"bkb": 30, "bkr": 25, "bkl": 20, "uppka": 12, "pik_r": 18},
    "contraceptive_users": {"mow": 2, "mop": 0, "iud": 10, "implan": 15, "suntik": 60, "pil": 25, "kondom": 4},
    "pus_not_using": {"hamil": 10, "ingin_anak_segera": 8, "iat": 12, "tial": 9}
  }
}"#;

#[test]
fn classify_the_contract_example_from_a_file_and_stdin() {
    let d = Dir::new();
    std::fs::write(d.path().join("kampung.json"), CLASSIFY_EXAMPLE).unwrap();
    let v = d.json(&["classify", "--input", "kampung.json"]);
    assert_eq!(
        v["indicators"],
        serde_json::json!({"input_pokja": 3, "input_sumber_dana": 3, "input_poktan": 4, "input_sarana": 3,
            "input_pkb": 2, "proses_penggunaan_data": 4, "proses_operasional": 4, "proses_lintas_sektor": 3,
            "output_poktan": 2, "output_cpr": 2, "output_mkjp": 3, "output_unmet": 3})
    );
    assert_eq!(v["indices"], serde_json::json!({"input": 3.0, "proses": 3.67, "output": 2.5}));
    assert_eq!(v["class"], "berkembang");
    assert_eq!(v["next"]["class"], "berkelanjutan");
    let needs = v["next"]["needs"].as_array().unwrap();
    assert_eq!(needs.len(), 1);
    let words = "Contraceptive use (CPR) from score 2 to score 4 (now 37%; needed above 50%)";
    assert!(needs[0].as_str().unwrap().contains(words), "{needs:?}");
    // In the reader's language, indicators named rather than given by id.
    let id = d.json(&["classify", "--input", "kampung.json", "--lang", "id"]);
    let said = id["next"]["needs"][0].as_str().unwrap();
    assert!(
        said.contains("Kesertaan ber-KB (CPR) naik dari skor 2 ke skor 4 (sekarang 37%; perlu di atas 50%)"),
        "{said}"
    );
    assert!(!said.contains("output_cpr"), "{said}");

    let mut child = d
        .cmd(&["classify", "--input", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), CLASSIFY_EXAMPLE.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), v);
    assert!(!d.path().join("kampungkb.db").exists(), "classify needs no database");
}

#[test]
fn classify_without_a_report() {
    let d = Dir::new();
    let start = CLASSIFY_EXAMPLE.find("\"report\": {").unwrap();
    let text = format!("{}\"report\": null\n}}", &CLASSIFY_EXAMPLE[..start]);
    std::fs::write(d.path().join("kampung.json"), text).unwrap();
    let v = d.json(&["classify", "--input", "kampung.json"]);
    for id in ["output_poktan", "output_cpr", "output_mkjp", "output_unmet"] {
        assert_eq!(v["indicators"][id], 1, "{id}");
    }
    assert_eq!(v["indices"], serde_json::json!({"input": 3.0, "proses": 3.67, "output": 1.0}));
    assert_eq!(v["class"], "berkembang");
    assert_eq!(v["next"]["class"], "berkelanjutan");
    assert!(v["next"]["needs"][0].as_str().unwrap().contains("no monthly report"), "{}", v["next"]);
}

/// The contract's example with `n` of `d` as CPR (users / PUS), unmet need (IAT / PUS) and BKB participation (BKB /
/// families with balita); with `mkjp`, as MKJP (IUD / users) instead of CPR.
fn ratio_example(n: u64, d: u64, mkjp: bool) -> Value {
    let mut v: Value = serde_json::from_str(CLASSIFY_EXAMPLE).unwrap();
    v["population"]["pus"] = d.into();
    v["population"]["families_with_balita"] = d.into();
    let (iud, suntik) = if mkjp { (n, d - n) } else { (0, n) };
    let r = &mut v["report"];
    r["contraceptive_users"] =
        serde_json::json!({"mow": 0, "mop": 0, "iud": iud, "implan": 0, "suntik": suntik, "pil": 0, "kondom": 0});
    r["pus_not_using"] = serde_json::json!({"hamil": 0, "ingin_anak_segera": 0, "iat": n, "tial": 0});
    r["participants"]["bkb"] = n.into();
    v
}

#[test]
fn classify_rounds_percentages_as_the_national_portal() {
    let d = Dir::new();
    let classify = |n: u64, den: u64, mkjp: bool| {
        std::fs::write(d.path().join("k.json"), ratio_example(n, den, mkjp).to_string()).unwrap();
        d.json(&["classify", "--input", "k.json"])
    };
    // The contract's examples: 40.5 → 40, 41.5 → 42, 6.5 → 6, 22.5 → 22, 23/40 = 57.49999999999999 → 57 and
    // 109/200 = 54.50000000000001 → 55 (ties to even on the IEEE double, as PostgreSQL's round() on a float8).
    for (n, den, want) in [(81, 200, 40), (83, 200, 42), (13, 200, 6), (45, 200, 22), (23, 40, 57), (109, 200, 55)] {
        let v = classify(n, den, false);
        assert_eq!(v["rules"], "kampung-kb-v2");
        for id in ["output_cpr", "output_unmet"] {
            assert_eq!(v["values"][id]["value"], want, "{id} {n}/{den}");
        }
        assert_eq!(v["values"]["output_poktan"]["participation"]["bkb"], want, "BKB {n}/{den}");
        assert_eq!(classify(n, den, true)["values"]["output_mkjp"]["value"], want, "MKJP {n}/{den}");
    }
    // And the scores that differ from rounding half away from zero: CPR 40 % scores 2 (41 % would score 3),
    // unmet need 6 % scores 4 (7 % would score 3), MKJP 22 % scores 2 (23 % would score 3).
    assert_eq!(classify(81, 200, false)["indicators"]["output_cpr"], 2);
    assert_eq!(classify(13, 200, false)["indicators"]["output_unmet"], 4);
    assert_eq!(classify(45, 200, true)["indicators"]["output_mkjp"], 2);
    // A class that rounding half away from zero made Berkelanjutan (CPR 41 %, output index 3.0) is Berkembang, as
    // on the portal: CPR 81/200 → 40 %, MKJP 19/81 → 23 %, unmet need 10/200 → 5 %, output index 2.75.
    let mut v: Value = serde_json::from_str(CLASSIFY_EXAMPLE).unwrap();
    v["population"]["pus"] = 200.into();
    v["report"]["contraceptive_users"] =
        serde_json::json!({"mow": 0, "mop": 0, "iud": 19, "implan": 0, "suntik": 62, "pil": 0, "kondom": 0});
    v["report"]["pus_not_using"] = serde_json::json!({"hamil": 0, "ingin_anak_segera": 0, "iat": 10, "tial": 0});
    std::fs::write(d.path().join("k.json"), v.to_string()).unwrap();
    let out = d.json(&["classify", "--input", "k.json"]);
    assert_eq!((&out["class"], &out["indices"]["output"]), (&Value::from("berkembang"), &Value::from(2.75)));
}

#[test]
fn classify_user_errors_exit_1_naming_the_field() {
    let d = Dir::new();
    let write = |name: &str, text: String| std::fs::write(d.path().join(name), text).unwrap();
    write("bank.json", CLASSIFY_EXAMPLE.replace(r#"["apbd", "dana_desa"]"#, r#"["apbd", "dana_desa", "bank"]"#));
    write("negative.json", CLASSIFY_EXAMPLE.replace(r#""pus": 310"#, r#""pus": -310"#));
    write("fraction.json", CLASSIFY_EXAMPLE.replace(r#""bkb": 30"#, r#""bkb": 30.5"#));
    write("broken.json", CLASSIFY_EXAMPLE[..100].to_string());
    for (file, message) in [
        ("bank.json", r#"bank.json: funding_sources[2]: Unknown funding source "bank"; use one of apbn, apbd"#),
        ("negative.json", "negative.json: population.pus: -310 is negative"),
        ("fraction.json", "fraction.json: report.participants.bkb: 30.5 is not a whole number"),
        ("broken.json", "broken.json: not valid JSON"),
        ("missing.json", "cannot read missing.json"),
    ] {
        let out = d.run(&["classify", "--input", file, "--lang", "en"]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(out.stdout.is_empty(), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{file}: {err}");
    }
    let out = d.run(&["classify"]);
    assert_eq!(out.status.code(), Some(1), "--input is required");
    // In Indonesian.
    let out = d.run(&["classify", "--input", "negative.json", "--lang", "id"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("negative.json: population.pus: -310 negatif: jumlah adalah bilangan bulat 0 atau lebih."),
        "{err}"
    );
    let out = d.run(&["classify", "--input", "negative.json", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(1), "an unknown language is a user error");
}

/// A report whose reader stops early (`| head`) ends quietly: no panic about a broken pipe.
#[test]
fn a_report_piped_into_a_reader_that_stops_ends_quietly() {
    let d = Dir::new();
    let mut child = d
        .cmd(&["generate", "--province", "17", "--families", "2000", "--seed", "3", "--year", "2022", "--out", "pk"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
    assert_eq!(out.status.code(), Some(141), "128 + SIGPIPE, as a shell reports a tool the signal ended");
}
