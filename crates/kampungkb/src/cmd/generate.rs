//! `generate`: deterministic synthetic PK files.

use crate::cli::GenerateArgs;
use crate::error::{CliError, user};
use kkb_domain::generate::{GenOptions, generate};
use kkb_domain::region::{Level, OFFICIAL_TABLE, RegionCode, parse_region_table};
use std::io::BufWriter;

const POPULATION: &str = include_str!("../../../../data/population-indonesia.csv");

/// (regency code, population) rows of the embedded population table.
pub fn population() -> Vec<(RegionCode, u64)> {
    let mut rdr = csv::Reader::from_reader(POPULATION.as_bytes());
    rdr.records()
        .filter_map(Result::ok)
        .filter_map(|r| Some((RegionCode::parse(r.get(0)?).ok()?, r.get(6)?.parse().ok()?)))
        .filter(|(c, _)| c.level() == Level::Regency)
        .collect()
}

pub fn run(args: &GenerateArgs) -> Result<(), CliError> {
    let province =
        RegionCode::parse(&args.province).map_err(|e| user(format!("--province {:?}: {e}", args.province)))?;
    if !(2015..=2100).contains(&args.year) {
        return Err(user("--year must be from 2015 to 2100"));
    }
    if args.families == 0 {
        return Err(user("--families must be at least 1"));
    }
    let regions = parse_region_table(OFFICIAL_TABLE).map_err(|e| CliError::Internal(anyhow::anyhow!(e)))?;
    if !regions.iter().any(|r| r.code == province) {
        return Err(user(format!("no region {province} in the region table")));
    }
    std::fs::create_dir_all(&args.out).map_err(|e| user(format!("cannot create {}: {e}", args.out.display())))?;
    let create = |name: &str| {
        let p = args.out.join(name);
        std::fs::File::create(&p)
            .map(|f| BufWriter::with_capacity(1 << 20, f))
            .map_err(|e| user(format!("cannot create {}: {e}", p.display())))
    };
    let opts = GenOptions { province, families: args.families, seed: args.seed, year: args.year };
    let s = generate(&regions, &population(), &opts, create("keluarga.csv")?, create("anggota.csv")?)
        .map_err(|e| user(e.to_string()))?;
    println!(
        "wrote {} families and {} members in {} villages to {}",
        s.families,
        s.members,
        s.villages,
        args.out.display()
    );
    Ok(())
}
