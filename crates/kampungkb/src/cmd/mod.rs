//! Command implementations.

mod classify;
mod demo;
mod generate;
mod import;
mod index;
mod kampung;
mod serve;

use crate::cli::{Cli, Command, ImportCommand, KampungCommand, RegionsCommand};
use crate::error::{CliError, user};
use kkb_store::{DatabaseUrl, Store};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let open = || open_store(&cli.database, cli.key_file.as_deref());
    match &cli.command {
        Command::Generate(args) => generate::run(args),
        Command::Classify(args) => classify::run(args),
        Command::Migrate => {
            let store = open()?;
            let ran = store.migrate()?;
            println!("database is up to date ({} engine, {ran} migration(s) applied now)", store.engine());
            Ok(())
        }
        Command::Regions(RegionsCommand::Load { file }) => {
            let store = open()?;
            let bytes = std::fs::read(file).map_err(|e| user(format!("cannot read {}: {e}", file.display())))?;
            let rows =
                kkb_domain::region::parse_region_table(&bytes).map_err(|e| user(format!("{}: {e}", file.display())))?;
            let r = store.load_regions(&rows)?;
            println!("regions: {} new, {} updated, {} unchanged", r.inserted, r.updated, r.unchanged);
            Ok(())
        }
        Command::Import(ImportCommand::Pk(args)) => import::run(&open()?, args),
        Command::Index(args) => index::run(&open()?, args),
        Command::Kampung(KampungCommand::Import(args)) => kampung::import(&open()?, args),
        Command::Kampung(KampungCommand::Export(args)) => kampung::export(&open()?, args),
        Command::Recompute(args) => {
            let r = open()?.recompute(args.year)?;
            let rounds: Vec<String> = r.rounds.iter().map(u16::to_string).collect();
            println!(
                "recomputed round(s) {}: {} families scored, {} scores changed, {} region figures rebuilt",
                rounds.join(", "),
                r.families,
                r.rescored,
                r.regions
            );
            Ok(())
        }
        Command::Check => {
            let r = open()?.check()?;
            if r.differences.is_empty() {
                println!("ok: {} families and {} region figures agree with a fresh computation", r.families, r.regions);
                Ok(())
            } else {
                for d in &r.differences {
                    println!("{d}");
                }
                Err(user(format!("{} difference(s) between stored and recomputed figures", r.differences.len())))
            }
        }
        Command::Demo(args) => demo::run(&cli.database, cli.key_file.as_deref(), args),
        Command::Serve(args) => serve::run(open()?, &args.bind, serve::config(args), args.banner.clone()),
    }
}

/// Opens the store named on the command line.
pub fn open_store(database: &str, key_file: Option<&std::path::Path>) -> Result<Store, CliError> {
    let url = DatabaseUrl::parse(database);
    let key = key_file.map(std::path::Path::to_path_buf).unwrap_or_else(|| url.default_key_file());
    Ok(Store::open(&url, &key)?)
}
