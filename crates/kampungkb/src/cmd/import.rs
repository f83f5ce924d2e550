//! `import pk`: read, validate, import; on any problem import nothing, list them, write the report, exit 1.
//!
//! A CSV pair is streamed: families are written (in the import's one transaction) while the files are still
//! being read, and the transaction is committed only when both files have turned out valid. A member file that
//! is not in family order is noticed on the way; the files are then read whole first.

use crate::cli::ImportPkArgs;
use crate::error::{CliError, user};
use kkb_domain::pk::read::{self, StreamError};
use kkb_domain::pk::{Context, Family, Problem};
use kkb_i18n::{Arg, Lang};
use kkb_store::{Feed, ImportReport, Store, StoreError};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// How many problems are printed; the report file has them all.
const PRINTED: usize = 200;

pub fn run(store: &Store, args: &ImportPkArgs, lang: Lang) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let result = match (&args.xlsx, &args.families, &args.members) {
        (None, Some(f), Some(m)) => match stream_pair(store, f, m)? {
            Streamed::Stored(result) => result,
            Streamed::Problems(problems) => return Err(reject(&problems, args.report.as_deref(), lang)),
            Streamed::OutOfOrder(row) => {
                tracing::info!(
                    member_row = row,
                    "the member file is not in family order: reading both files whole, then importing"
                );
                import_whole(store, args, lang)?
            }
        },
        _ => import_whole(store, args, lang)?,
    };
    tracing::info!(ms = started.elapsed().as_millis() as u64, "import committed");
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
        Err(StoreError::Problems(problems)) => Err(reject(&problems, args.report.as_deref(), lang)),
        Err(e) => Err(e.into()),
    }
}

/// Families handed from the reader to the store at a time.
const STREAM_BATCH: usize = 8192;

/// What streaming a CSV pair came to.
enum Streamed {
    /// The store's answer (the files were valid).
    Stored(Result<ImportReport, StoreError>),
    /// The files' problems; nothing was written.
    Problems(Vec<Problem>),
    /// The member file is not in family order (this member row came late); nothing was written.
    OutOfOrder(usize),
}

/// Reads and validates a CSV pair on other threads while the store writes the families already complete, in one
/// transaction that is committed only if the files turn out valid.
fn stream_pair(store: &Store, families: &Path, members: &Path) -> Result<Streamed, CliError> {
    let source = csv_source(families, members);
    let (f, m) = (open(families)?, open(members)?);
    // A family row has about 100 bytes: enough to choose the store's bulk mode and size the lists for a large file.
    let expected = f.metadata().map(|md| md.len() / 90).unwrap_or(0) as usize;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Feed<Vec<Family>>>(4);
    let (read, stored) = with_context(store, |ctx| {
        std::thread::scope(|s| {
            let reader = s.spawn(move || {
                let read =
                    read::stream_csv_pair(buffered(f), buffered(m), ctx, (STREAM_BATCH, expected), &mut |batch| {
                        tx.send(Feed::Families(batch)).is_ok()
                    });
                let _ = tx.send(if read.is_ok() { Feed::Done } else { Feed::Abort });
                read
            });
            let stored = store.import_stream(rx, expected, &source);
            (reader.join().map_err(|_| user("reading the files failed unexpectedly")), stored)
        })
    })?;
    Ok(match read? {
        Ok(_) => Streamed::Stored(stored),
        Err(StreamError::Problems(problems)) => Streamed::Problems(problems),
        Err(StreamError::Unsorted { row }) => Streamed::OutOfOrder(row),
        // The store stopped taking families: its error says why.
        Err(StreamError::Stopped) => Streamed::Stored(stored),
    })
}

/// Reads the files whole, then imports them.
fn import_whole(store: &Store, args: &ImportPkArgs, lang: Lang) -> Result<Result<ImportReport, StoreError>, CliError> {
    let started = std::time::Instant::now();
    let (families, source) = read_files(store, args)?;
    tracing::info!(ms = started.elapsed().as_millis() as u64, "files read and validated");
    let families = match families {
        Ok(f) => f,
        Err(problems) => return Err(reject(&problems, args.report.as_deref(), lang)),
    };
    let result = store.import_round(&families, &source);
    // The process ends after this command: leave the (large) round to the operating system instead of freeing
    // it piece by piece, which takes a noticeable part of a census-size import.
    std::mem::forget(families);
    Ok(result)
}

fn open(p: &Path) -> Result<File, CliError> {
    File::open(p).map_err(|e| user(format!("cannot open {}: {e}", p.display())))
}

/// A census file, read in large blocks.
fn buffered(f: File) -> BufReader<File> {
    BufReader::with_capacity(1 << 20, f)
}

/// How the import log names a CSV pair.
fn csv_source(families: &Path, members: &Path) -> String {
    format!("csv {} + {}", file_name(families), file_name(members))
}

/// Runs `f` with the validation context of the store's region table.
fn with_context<T>(store: &Store, f: impl FnOnce(&Context<'_>) -> T) -> Result<T, CliError> {
    let regions = store.region_set()?;
    let is_village = |c| regions.is_village(c);
    let is_province = |p| regions.is_province(p);
    Ok(f(&Context { is_village: &is_village, is_province: &is_province, today: kkb_domain::date::today_utc() }))
}

type Read = (Result<Vec<Family>, Vec<Problem>>, String);

/// Reads the files named by the arguments and validates them against the region table.
pub fn read_files(store: &Store, args: &ImportPkArgs) -> Result<Read, CliError> {
    if let Some(x) = &args.xlsx {
        let book = BufReader::new(open(x)?);
        let read = with_context(store, |ctx| read::read_xlsx(book, ctx))?;
        Ok((read, format!("xlsx {}", file_name(x))))
    } else {
        let (f, m) =
            (args.families.as_ref().expect("clap requires it"), args.members.as_ref().expect("clap requires it"));
        let (families, members) = (buffered(open(f)?), buffered(open(m)?));
        let read = with_context(store, |ctx| read::read_csv_pair(families, members, ctx))?;
        Ok((read, csv_source(f, m)))
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Prints the problems, writes the report, and returns the user error, all in the reader's language.
pub(super) fn reject(problems: &[Problem], report: Option<&Path>, lang: Lang) -> CliError {
    for p in problems.iter().take(PRINTED) {
        eprintln!("{}", lang.problem(p));
    }
    let count = ("count", Arg::Int(problems.len() as i64));
    if problems.len() > PRINTED {
        let more = Arg::Int((problems.len() - PRINTED) as i64);
        let to_file = Arg::Text(if report.is_some() { "yes" } else { "no" }.into());
        eprintln!("{}", lang.tr("cli-more-problems", &[("count", more), ("report", to_file)]));
    }
    if let Some(path) = report {
        if let Err(e) = write_report(path, problems, lang) {
            return user(lang.tr("cli-report-failed", &[count, ("detail", Arg::Text(e.to_string()))]));
        }
        eprintln!("{}", lang.tr("cli-report-written", &[("path", Arg::Text(path.display().to_string()))]));
    }
    user(lang.tr("cli-problems-found", &[count]))
}

/// The problem report: file, row, column, value (masked) and reason in the reader's language, then the reason's
/// stable code (machine-readable, the same in every language).
fn write_report(path: &Path, problems: &[Problem], lang: Lang) -> Result<(), csv::Error> {
    let mut w = kkb_domain::csv_safe::Writer::from_path(path)?;
    w.write_record(["file", "row", "column", "value", "reason", "code"])?;
    for p in problems {
        let reason = lang.reason(&p.reason);
        w.write_record([p.file.as_str(), &p.row.to_string(), &p.column, &p.value, &reason, p.reason.code()])?;
    }
    w.flush()?;
    Ok(())
}
