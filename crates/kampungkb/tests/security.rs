//! The CLI side of issue 12, through the real binary on SQLite and PostgreSQL: hostile workbooks are refused by
//! `import pk --xlsx` and `kampung import` with what to do; the rounds `import pk` creates are published, so `index` without `--year`
//! shows the latest published round (not a round opened and not published); the problem report neutralises cells a
//! spreadsheet program would run.

#[path = "../../kkb-web/tests/common/hostile.rs"]
mod hostile;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KEY: &str = "0101010101010101010101010101010101010101010101010101010101010101";

/// A working directory and a database URL (a SQLite file in it, or a fresh PostgreSQL database).
struct Env {
    dir: tempfile::TempDir,
    url: String,
    pg: Option<kkb_testdb::PgDatabase>,
}

fn sqlite() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("k.db").display());
    Env { dir, url, pg: None }
}

fn postgresql(tag: &str) -> Option<Env> {
    let db = kkb_testdb::postgres(&format!("clisec_{tag}"), "the CLI security test")?;
    Some(Env { dir: tempfile::tempdir().unwrap(), url: db.url().to_string(), pg: Some(db) })
}

fn engines(tag: &str) -> Vec<Env> {
    let mut v = vec![sqlite()];
    v.extend(postgresql(tag));
    v
}

impl Env {
    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kampungkb"));
        c.arg("--database").arg(&self.url).args(args).current_dir(self.path());
        c.env("KAMPUNGKB_KEY", KEY).env_remove("KAMPUNGKB_DATABASE_URL");
        c.output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn default_year(&self) -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(&self.ok(&["index", "--region", "17"])).unwrap();
        v["year"].clone()
    }

    fn generate(&self, year: u16, out: &str) -> (PathBuf, PathBuf) {
        let y = year.to_string();
        self.ok(&["generate", "--province", "17", "--families", "200", "--seed", "3", "--year", &y, "--out", out]);
        (self.path().join(out).join("keluarga.csv"), self.path().join(out).join("anggota.csv"))
    }

    /// Runs SQL on the database directly (what a round opened from the web looks like to the CLI).
    fn sql(&self, sql: &str) {
        match &self.pg {
            Some(db) => {
                let url = db.url().to_string();
                kkb_testdb::off_runtime(move || {
                    postgres::Client::connect(&url, postgres::NoTls).unwrap().batch_execute(sql).unwrap()
                })
            }
            None => rusqlite::Connection::open(self.path().join("k.db")).unwrap().execute_batch(sql).unwrap(),
        }
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn hostile_workbooks_are_refused_by_the_cli() {
    for env in engines("xlsx") {
        env.ok(&["migrate"]);
        for (name, bytes, says) in [
            (
                "corner.xlsx",
                hostile::corner_cell(),
                "declares the range A1:XFD1048576, beyond 1,000,000 rows and 64 columns",
            ),
            ("strings.xlsx", hostile::strings_bomb(512 << 20, 512 << 20), "more than 1,500,000 different texts"),
            ("lying.xlsx", hostile::sheet_bomb(1 << 30, 900), "is larger than its header declares"),
        ] {
            let file = env.path().join(name);
            std::fs::write(&file, bytes).unwrap();
            let out = env.run(&["import", "pk", "--xlsx", s(&file)]);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name}: {err}");
            assert!(
                err.contains(says) && err.contains("upload CSV") && err.contains("nothing was imported"),
                "{name}: {err}"
            );
        }
        assert!(!env.run(&["index", "--region", "17"]).status.success(), "no round was created");
        // The Kampung KB registry import reads workbooks the same way.
        let file = env.path().join("kampung.xlsx");
        std::fs::write(&file, hostile::registry_corner_cell()).unwrap();
        let out = env.run(&["kampung", "import", s(&file)]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("Sheet kampung has a cell at XFD1048576, beyond 1,000,000 rows and 64 columns"), "{err}");
    }
}

#[test]
fn rounds_the_cli_imports_are_published_and_the_default_is_the_latest_published() {
    for env in engines("rounds") {
        let (k, a) = env.generate(2021, "pk21");
        env.ok(&["import", "pk", "--families", s(&k), "--members", s(&a)]);
        assert_eq!(env.default_year(), 2021);
        let (k, a) = env.generate(2022, "pk22");
        env.ok(&["import", "pk", "--families", s(&k), "--members", s(&a)]);
        assert_eq!(env.default_year(), 2022, "the operator's import publishes its round");
        // A round opened on the web and not published is not the default, though it is the highest year.
        env.sql("INSERT INTO rounds (year, methodology_id, updated_at, opened_by) SELECT 2023, methodology_id, '2023-01-01T00:00:00Z', 'prov' FROM rounds WHERE year = 2021");
        assert_eq!(env.default_year(), 2022);
        let v: serde_json::Value =
            serde_json::from_str(&env.ok(&["index", "--region", "17", "--year", "2023"])).unwrap();
        assert_eq!((v["year"].as_u64(), v["families"].as_i64()), (Some(2023), Some(0)));
        env.sql("UPDATE rounds SET published_at = '2024-01-01T00:00:00Z', published_by = 'prov' WHERE year = 2023");
        assert_eq!(env.default_year(), 2023);
    }
}

#[test]
fn the_problem_report_neutralises_formulas() {
    for env in engines("report") {
        env.ok(&["migrate"]);
        let dir = env.path();
        std::fs::write(
            dir.join("k.csv"),
            "family_id,village_code,pk_year\n=HYPERLINK(\"http://x\"),17.01.01.2001,2021\n",
        )
        .unwrap();
        std::fs::write(dir.join("a.csv"), "family_id,member_no,name,sex,birth_date,marital_status,relation\n").unwrap();
        let out = env.run(&["import", "pk", "--families", "k.csv", "--members", "a.csv", "--report", "r.csv"]);
        assert_eq!(out.status.code(), Some(1));
        let report = std::fs::read_to_string(dir.join("r.csv")).unwrap();
        let cells: Vec<String> = csv::Reader::from_reader(report.as_bytes())
            .records()
            .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
            .collect();
        assert!(cells.iter().all(|c| !c.starts_with(['=', '+', '@', '\t', '\r'])), "{report}");
        assert!(cells.iter().any(|c| c.starts_with("'=HYPERLINK")), "{report}");
    }
}
