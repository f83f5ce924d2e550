//! `kampungkb`: the command-line entry point. Parsing and dispatch only; the work is in the library crates.

mod cli;
mod cmd;
mod error;

use clap::Parser;
use std::process::ExitCode;

/// Imports allocate and free millions of small values (rows, cells, members); mimalloc does that markedly faster
/// than the system allocator (measured: see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Bad arguments are a user error: exit 1 (docs/cli.md), not clap's default 2.
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(1) } else { ExitCode::SUCCESS };
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KAMPUNGKB_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    match cmd::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
