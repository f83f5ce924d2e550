//! `import pk`: read, validate, import; on any problem import nothing, list them, write the report, exit 1.

use crate::cli::ImportPkArgs;
use crate::error::{CliError, user};
use kkb_domain::pk::{Context, Family, Problem, read};
use kkb_store::{Store, StoreError};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// How many problems are printed; the report file has them all.
const PRINTED: usize = 200;

pub fn run(store: &Store, args: &ImportPkArgs) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let (families, source) = read_files(store, args)?;
    tracing::info!(ms = started.elapsed().as_millis() as u64, "files read and validated");
    let families = match families {
        Ok(f) => f,
        Err(problems) => return Err(reject(&problems, args.report.as_deref())),
    };
    let result = store.import_round(&families, &source);
    tracing::info!(ms = started.elapsed().as_millis() as u64, "import committed");
    // The process ends after this command: leave the (large) round to the operating system instead of freeing
    // it piece by piece, which takes a noticeable part of a census-size import.
    std::mem::forget(families);
    match result {
        Ok(r) => {
            let years: Vec<String> = r.years.iter().map(u16::to_string).collect();
            println!(
                "imported {} families ({} new, {} replaced) with {} members into round {}",
                r.families,
                r.families - r.replaced,
                r.replaced,
                r.members,
                years.join(", ")
            );
            Ok(())
        }
        Err(StoreError::Problems(problems)) => Err(reject(&problems, args.report.as_deref())),
        Err(e) => Err(e.into()),
    }
}

type Read = (Result<Vec<Family>, Vec<Problem>>, String);

/// Reads the files named by the arguments and validates them against the region table.
pub fn read_files(store: &Store, args: &ImportPkArgs) -> Result<Read, CliError> {
    let regions = store.region_set()?;
    let is_village = |c| regions.is_village(c);
    let is_province = |p| regions.is_province(p);
    let ctx = Context { is_village: &is_village, is_province: &is_province, today: kkb_domain::date::today_utc() };
    let open = |p: &Path| File::open(p).map_err(|e| user(format!("cannot open {}: {e}", p.display())));
    if let Some(x) = &args.xlsx {
        let source = format!("xlsx {}", file_name(x));
        Ok((read::read_xlsx(BufReader::new(open(x)?), &ctx), source))
    } else {
        let (f, m) =
            (args.families.as_ref().expect("clap requires it"), args.members.as_ref().expect("clap requires it"));
        let source = format!("csv {} + {}", file_name(f), file_name(m));
        let result = read::read_csv_pair(
            BufReader::with_capacity(1 << 20, open(f)?),
            BufReader::with_capacity(1 << 20, open(m)?),
            &ctx,
        );
        Ok((result, source))
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Prints the problems, writes the report, and returns the user error.
pub(super) fn reject(problems: &[Problem], report: Option<&Path>) -> CliError {
    for p in problems.iter().take(PRINTED) {
        eprintln!("{p}");
    }
    if problems.len() > PRINTED {
        eprintln!(
            "… and {} more problem(s){}",
            problems.len() - PRINTED,
            if report.is_some() { " in the report file" } else { "; use --report FILE to get them all" }
        );
    }
    if let Some(path) = report {
        if let Err(e) = write_report(path, problems) {
            return user(format!(
                "{} problem(s); nothing was imported; the report could not be written: {e}",
                problems.len()
            ));
        }
        eprintln!("report written to {}", path.display());
    }
    user(format!("{} problem(s) found; nothing was imported", problems.len()))
}

fn write_report(path: &Path, problems: &[Problem]) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(["file", "row", "column", "value", "reason"])?;
    for p in problems {
        w.write_record([p.file.as_str(), &p.row.to_string(), &p.column, &p.value, &p.reason])?;
    }
    w.flush()?;
    Ok(())
}
