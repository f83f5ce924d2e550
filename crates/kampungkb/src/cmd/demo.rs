//! `demo`: a Bengkulu demo database with a synthetic PK round, reused on the next run unless `--fresh`.

use crate::cli::{DemoArgs, Format, GenerateArgs, ImportPkArgs, IndexArgs};
use crate::error::{CliError, user};
use std::time::Instant;

/// The PK year of the demo round.
const DEMO_YEAR: u16 = 2021;

pub fn run(database: &str, key_file: Option<&std::path::Path>, args: &DemoArgs) -> Result<(), CliError> {
    let store = super::open_store(database, key_file)?;
    let has_round = store.rounds()?.iter().any(|r| r.year == DEMO_YEAR && r.families > 0);
    let fresh_process = !has_round || args.fresh;
    if has_round && !args.fresh {
        eprintln!("using the demo round already in {database} (run with --fresh to rebuild it)");
    } else {
        let dir = tempdir()?;
        let started = Instant::now();
        eprintln!("generating {} synthetic Bengkulu families (seed {}) …", args.families, args.seed);
        super::generate::run(&GenerateArgs {
            province: "17".into(),
            families: args.families,
            seed: args.seed,
            year: DEMO_YEAR,
            out: dir.clone(),
        })?;
        eprintln!("importing into {database} …");
        let import = ImportPkArgs {
            families: Some(dir.join("keluarga.csv")),
            members: Some(dir.join("anggota.csv")),
            xlsx: None,
            report: None,
        };
        let result = super::import::run(&store, &import);
        let _ = std::fs::remove_dir_all(&dir);
        result?;
        eprintln!("demo round ready in {:.1} s", started.elapsed().as_secs_f64());
    }
    super::index::run(
        &store,
        &IndexArgs { region: "17".into(), year: Some(DEMO_YEAR), children: true, format: Format::Table },
    )?;
    let formed = kkb_web::seed::demo_kampung(&store)?;
    if formed > 0 {
        eprintln!("demo Kampung KB registry: {formed} Kampung KB with profiles, monthly reports and activities");
    }
    let plans = kkb_web::seed::demo_plans(&store)?;
    if plans > 0 {
        eprintln!("demo action plans: {plans} plans (the province and each kabupaten/kota) with items and progress");
    }
    let logins = kkb_web::seed::demo_users(&store, &kkb_web::auth::Passwords::standard())?;
    let mut banner = String::from("demo logins (synthetic data only):\n");
    for l in &logins {
        let scope = if l.scope.is_empty() { "all regions" } else { &l.scope };
        banner.push_str(&format!(
            "  {:<10} {:<10} password {:<22} region {scope}\n",
            l.role.as_str(),
            l.username,
            l.password
        ));
    }
    if args.no_serve || !fresh_process {
        print!("{banner}");
    }
    if args.no_serve {
        return Ok(());
    }
    if fresh_process {
        // Generating and importing leave hundreds of MB with the allocator: serve from a fresh process instead,
        // which needs a few tens.
        drop(store);
        let exe =
            std::env::current_exe().map_err(|e| user(format!("cannot find this program to start the server: {e}")))?;
        let mut cmd = std::process::Command::new(exe);
        cmd.arg("--database").arg(database);
        if let Some(k) = key_file {
            cmd.arg("--key-file").arg(k);
        }
        cmd.args(["serve", "--demo", "--bind", &args.bind, "--banner", &banner]);
        let status = cmd.status().map_err(|e| user(format!("cannot start the server: {e}")))?;
        return match status.code() {
            Some(0) | None => Ok(()),
            Some(1) => Err(user("the server stopped with an error (see above)".to_string())),
            Some(c) => Err(crate::error::CliError::Internal(anyhow::anyhow!("the server exited with status {c}"))),
        };
    }
    let config = kkb_web::Config { demo: true, ..kkb_web::Config::default() };
    super::serve::run(store, &args.bind, config, Some(banner))
}

fn tempdir() -> Result<std::path::PathBuf, CliError> {
    let dir = std::env::temp_dir().join(format!("kampungkb-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| user(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}
