//! The README's "Using it" commands, run as written: every line of its `sh` block, in order, with the built binary,
//! in a fresh folder holding a copy of `examples/`, must exit 0 and print what the line is for.
//!
//! The PostgreSQL lines run against the test server (`KAMPUNGKB_TEST_POSTGRES`, as the other PostgreSQL tests):
//! the `createdb … NAME` line becomes a fresh database of this test, and every `postgres://…/NAME` URL of the later
//! lines is rewritten to it; the database is dropped at the end. Without a server (outside CI) those lines are
//! skipped, and the skip is reported.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The commands of the first `sh` block after the heading `## Using it`, comments removed.
fn using_it_commands(readme: &str) -> Vec<String> {
    let section = readme.split("\n## Using it\n").nth(1).expect("the README has a section `## Using it`");
    let block = section.split("```sh\n").nth(1).expect("`## Using it` has a ```sh block");
    let block = block.split("\n```").next().expect("the block is closed");
    block
        .lines()
        .map(|l| l.split(" #").next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What the commands have done so far, for the checks that depend on order.
#[derive(Default)]
struct Seen {
    /// Databases (as named on the line) the example round has been imported into.
    examples_in: Vec<String>,
    /// The subcommands that ran.
    ran: Vec<String>,
}

/// Checks a successful command's output against what the README says it is for.
fn check_output(args: &[String], stdout: &str, dir: &Path, seen: &mut Seen) {
    let database = args.windows(2).find(|w| w[0] == "--database").map_or("kampungkb.db", |w| &w[1]).to_string();
    let mut rest = args;
    while let [opt, _, tail @ ..] = rest
        && ["--database", "--key-file"].contains(&opt.as_str())
    {
        rest = tail;
    }
    let words: Vec<&str> = rest.iter().map(String::as_str).filter(|a| !a.starts_with('-')).collect();
    let value = |opt: &str| args.windows(2).find(|w| w[0] == opt).map(|w| w[1].clone());
    let line = args.join(" ");
    let sub = match words.as_slice() {
        [a, b, ..] if ["import", "kampung", "regions"].contains(a) => format!("{a} {b}"),
        [a, ..] => a.to_string(),
        [] => panic!("no command in {line:?}"),
    };
    match sub.as_str() {
        "import pk" => {
            assert!(stdout.starts_with("imported "), "{line}: {stdout}");
            if args.iter().any(|a| a.starts_with("examples/")) {
                let expected =
                    if seen.examples_in.contains(&database) { "(0 new, 43 replaced)" } else { "(43 new, 0 replaced)" };
                assert!(
                    stdout.contains(&format!("imported 43 families {expected} with 154 members")),
                    "{line}: {stdout}"
                );
                seen.examples_in.push(database);
            }
        }
        "index" => {
            let region = value("--region").expect("index needs --region");
            match value("--format").as_deref().unwrap_or("json") {
                "json" => {
                    let v: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{line}: not JSON ({e})"));
                    assert_eq!(v["region"]["code"].as_str().unwrap().replace('.', ""), region.replace('.', ""));
                    assert!(v["families"].as_i64().unwrap() > 0, "{line}: no families");
                    assert_eq!(v["variables"].as_array().unwrap().len(), 17);
                    if args.iter().any(|a| a == "--children") {
                        assert!(!v["children"].as_array().unwrap().is_empty(), "{line}: no children");
                    }
                }
                "table" => assert!(stdout.starts_with("iBangga "), "{line}: {stdout}"),
                "csv" => {
                    let mut rows = stdout.lines();
                    assert!(rows.next().unwrap().starts_with("code,name,level,year,methodology,families"));
                    assert!(rows.next().unwrap().replace('.', "").starts_with(&region.replace('.', "")), "{line}");
                }
                other => panic!("{line}: unknown format {other}"),
            }
            if let Some(year) = value("--year") {
                assert!(stdout.contains(&year), "{line}: round {year} not shown");
            }
        }
        "recompute" => assert!(stdout.starts_with("recomputed round(s)"), "{line}: {stdout}"),
        "check" => assert!(stdout.starts_with("ok: "), "{line}: {stdout}"),
        "generate" => {
            let out = dir.join(value("--out").unwrap());
            assert!(out.join("keluarga.csv").is_file() && out.join("anggota.csv").is_file(), "{line}");
        }
        "regions load" => assert!(stdout.starts_with("regions: "), "{line}: {stdout}"),
        "classify" => {
            let v: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{line}: not JSON ({e})"));
            assert!(["dasar", "berkembang", "mandiri", "berkelanjutan"].contains(&v["class"].as_str().unwrap()));
            assert_eq!(v["indicators"].as_object().unwrap().len(), 12);
        }
        "kampung import" => {
            assert!(stdout.starts_with("imported ") && stdout.contains("Kampung KB"), "{line}: {stdout}")
        }
        "kampung export" => {
            let out = dir.join(value("--output").unwrap());
            assert!(std::fs::metadata(&out).is_ok_and(|m| m.len() > 0), "{line}: {} not written", out.display());
        }
        other => panic!("{line}: the README test does not know what `{other}` should print; add a check here"),
    }
    seen.ran.push(sub);
}

#[test]
fn every_command_of_using_it_runs_as_written() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let commands = using_it_commands(&readme);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&repo().join("examples"), &dir.join("examples"));

    let mut pg: Option<Option<kkb_testdb::PgDatabase>> = None; // None: no `createdb` line yet
    let mut pg_name = String::new();
    let mut seen = Seen::default();
    for line in &commands {
        assert!(
            !line.contains(['\'', '"', '$', ';', '|', '&', '<', '>', '*', '`', '(', ')', '\\']),
            "{line:?}: keep the README's commands to plain words, so that this test runs them exactly as written"
        );
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[0] {
            "createdb" => {
                pg_name = words.last().unwrap().to_string();
                pg = Some(kkb_testdb::postgres("readme", "the README's PostgreSQL commands"));
                continue;
            }
            "kampungkb" => {}
            other => panic!("{line:?}: the README test runs only kampungkb and createdb, not {other}"),
        }
        let mut args: Vec<String> = words[1..].iter().map(|w| w.to_string()).collect();
        if args.iter().any(|a| a.starts_with("postgres://")) {
            let Some(db) = pg.as_ref() else { panic!("{line:?}: a PostgreSQL line before the createdb line") };
            let Some(db) = db else { continue }; // no server outside CI: reported when it was looked for
            for a in args.iter_mut().filter(|a| a.starts_with("postgres://")) {
                assert!(a.ends_with(&format!("/{pg_name}")), "{a}: not the database the createdb line makes");
                *a = db.url().to_string();
            }
        }
        let out = Command::new(env!("CARGO_BIN_EXE_kampungkb"))
            .args(&args)
            .current_dir(dir)
            .env_remove("KAMPUNGKB_DATABASE_URL")
            .env_remove("KAMPUNGKB_KEY")
            .env_remove("KAMPUNGKB_KEY_FILE")
            .output()
            .unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{line:?} exited with {}:\n{stderr}{stdout}", out.status);
        check_output(&args, &stdout, dir, &mut seen);
    }

    // What the README says about the files in the current folder.
    assert!(dir.join("kampungkb.db").is_file() && dir.join("kampungkb.db.key").is_file());
    assert!(!dir.join("problems.csv").exists(), "the report is written only when an import is rejected");
    // The block keeps showing the main tasks.
    for task in ["import pk", "index", "recompute", "check", "generate", "regions load", "classify", "kampung import"] {
        assert!(seen.ran.iter().any(|r| r == task), "the README's Using it block no longer runs `{task}`");
    }
    assert!(pg.is_some(), "the README's Using it block no longer shows PostgreSQL");
    assert!(seen.examples_in.len() >= 2, "the example round is imported twice (CSV pair, workbook)");
}

#[test]
fn the_using_it_block_is_found_and_comments_are_dropped() {
    let readme = "# x\n\n## Using it\n\ntext\n\n```sh\nkampungkb check   # a comment\n\n# only a comment\nkampungkb index --region 17\n```\n\n## Next\n```sh\nkampungkb other\n```\n";
    assert_eq!(using_it_commands(readme), ["kampungkb check", "kampungkb index --region 17"]);
}
