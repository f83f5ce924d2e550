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

/// A report piped into `head` or `less` ends quietly when the reader stops, as other Unix tools do: status 141
/// (128 + SIGPIPE, what a shell shows for a tool the signal ended), no panic about a broken pipe. Not for the
/// servers (`serve`, `demo`), which never print to a reader that can go away.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info)
    }));
}

fn main() -> ExitCode {
    // Bad arguments are a user error: exit 1 (docs/cli.md), not clap's default 2.
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(1) } else { ExitCode::SUCCESS };
        }
    };
    if !matches!(args.command, cli::Command::Serve(_) | cli::Command::Demo(_)) {
        quiet_broken_pipe();
    }
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
