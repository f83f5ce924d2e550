//! `demo`: a Bengkulu demo database with a synthetic PK round, reused on the next run unless `--fresh`.
//!
//! Generating and importing leave hundreds of MB with the allocator, so a demo that has to build its round does
//! that in a child process (`demo --build-only`, no secret on its command line) and then serves from its own
//! process, which needs a few tens: stopping the demo (Ctrl-C, SIGTERM) stops its server, and a signal that
//! arrives while the child builds stops the child too. The demo logins get new random passwords on every run;
//! they are printed, never passed on a command line.

use crate::cli::{DemoArgs, Format, GenerateArgs, ImportPkArgs, IndexArgs};
use crate::error::{CliError, user};
use kkb_store::Store;
use std::time::Instant;

/// The PK year of the demo round.
const DEMO_YEAR: u16 = 2021;

pub fn run(
    database: &str,
    key_file: Option<&std::path::Path>,
    args: &DemoArgs,
    lang: kkb_i18n::Lang,
) -> Result<(), CliError> {
    let store = super::open_store(database, key_file)?;
    let has_round = store.rounds()?.iter().any(|r| r.year == DEMO_YEAR && r.families > 0);
    let must_build = !has_round || args.fresh;
    if !must_build {
        eprintln!("using the demo round already in {database} (run with --fresh to rebuild it)");
    }
    let store = if must_build && !args.no_serve && !args.build_only {
        drop(store);
        build_in_child(database, key_file, args)?;
        super::open_store(database, key_file)?
    } else {
        if must_build {
            build(&store, database, args, lang)?;
        }
        seed(&store)?;
        store
    };
    if args.build_only {
        return Ok(());
    }
    let logins = kkb_demo::demo_users(&store, &WebCredentials(kkb_web::auth::Passwords::standard()))?;
    let mut banner = String::from("demo logins (synthetic data only; new passwords on every run):\n");
    for l in &logins {
        let scope = if l.scope.is_empty() { "all regions" } else { &l.scope };
        banner.push_str(&format!(
            "  {:<10} {:<10} password {:<22} region {scope}\n",
            l.role.as_str(),
            l.username,
            l.password
        ));
    }
    if args.no_serve {
        print!("{banner}");
        return Ok(());
    }
    let config = kkb_web::Config { demo: true, ..kkb_web::Config::default() };
    super::serve::run(store, &args.bind, config, Some(banner))
}

/// The web application's passwords for the demo's users: Argon2id hashes, the phones' Digest secret and the
/// password policy, all the web application's own.
struct WebCredentials(kkb_web::auth::Passwords);

impl kkb_demo::Credentials for WebCredentials {
    fn hash(&self, password: &str) -> String {
        self.0.hash(password)
    }

    fn remember(&self, store: &Store, user: &kkb_store::User, password: &str) -> Result<(), kkb_store::StoreError> {
        kkb_web::openrosa::digest::remember_password(store, user, password)
    }

    fn acceptable(&self, password: &str, username: &str) -> bool {
        kkb_web::password_policy::check(password, username).is_empty()
    }
}

/// Generates and imports the synthetic round.
fn build(store: &Store, database: &str, args: &DemoArgs, lang: kkb_i18n::Lang) -> Result<(), CliError> {
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
    let result = super::import::run(store, &import, lang);
    let _ = std::fs::remove_dir_all(&dir);
    result?;
    eprintln!("demo round ready in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Prints the province's figures and seeds the registry and the plans (each only once).
fn seed(store: &Store) -> Result<(), CliError> {
    super::index::run(
        store,
        &IndexArgs { region: "17".into(), year: Some(DEMO_YEAR), children: true, format: Format::Table },
    )?;
    let formed = kkb_demo::demo_kampung(store)?;
    if formed > 0 {
        eprintln!("demo Kampung KB registry: {formed} Kampung KB with profiles, monthly reports and activities");
    }
    let plans = kkb_demo::demo_plans(store)?;
    if plans > 0 {
        eprintln!("demo action plans: {plans} plans (the province and each kabupaten/kota) with items and progress");
    }
    Ok(())
}

/// Runs `demo --build-only` in a child process and waits for it; Ctrl-C or SIGTERM meanwhile kills the child.
fn build_in_child(database: &str, key_file: Option<&std::path::Path>, args: &DemoArgs) -> Result<(), CliError> {
    let exe = std::env::current_exe().map_err(|e| user(format!("cannot find this program to build the demo: {e}")))?;
    let mut cmd = tokio::process::Command::new(exe);
    cmd.arg("--database").arg(database);
    if let Some(k) = key_file {
        cmd.arg("--key-file").arg(k);
    }
    cmd.args(["demo", "--build-only", "--families", &args.families.to_string(), "--seed", &args.seed.to_string()]);
    if args.fresh {
        cmd.arg("--fresh");
    }
    cmd.kill_on_drop(true);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Internal(anyhow::anyhow!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async move {
        let mut child = cmd.spawn().map_err(|e| user(format!("cannot start building the demo: {e}")))?;
        tokio::select! {
            status = child.wait() => match status {
                Ok(s) if s.success() => Ok(()),
                Ok(_) => Err(user("building the demo failed (see above)".to_string())),
                Err(e) => Err(CliError::Internal(anyhow::anyhow!("waiting for the demo build: {e}"))),
            },
            _ = kkb_web::stop_signal() => {
                let _ = child.kill().await;
                Err(user("stopped while building the demo (run it again to finish)".to_string()))
            }
        }
    })
}

fn tempdir() -> Result<std::path::PathBuf, CliError> {
    let dir = std::env::temp_dir().join(format!("kampungkb-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| user(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}
