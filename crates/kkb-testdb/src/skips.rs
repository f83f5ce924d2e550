//! What a test does when something it needs is missing (a PostgreSQL server, Chromium).
//!
//! Under `CI=true` that is a failure: CI must run everything. Elsewhere the test skips, and a skipped test looks
//! like a passing one in `cargo test`'s output; so [`skip`] prints a `SKIPPED` line *and*, when the test run was
//! started by `scripts/test.sh`, appends one line to the file named by [`LOG_VAR`], from which that script prints
//! a summary as the run's last lines. Every harness calls this one function, so the rule lives in one place.
//!

use std::io::Write;

/// The environment variable naming the file that collects the skips of one test run (`scripts/test.sh` sets it).
pub const LOG_VAR: &str = "KAMPUNGKB_TEST_SKIPS";

/// Whether missing requirements fail the test instead of skipping it (`CI=true`).
pub fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// `what` (a test, or the part of one) cannot run because of `missing` (what is missing and where, e.g.
/// `PostgreSQL not reachable at postgres://…: connection refused`). Under `CI=true` this panics with that
/// message; otherwise it prints `SKIPPED {what}: {missing}` to stderr, records it for the run's summary, and
/// returns, and the caller skips.
///
/// `missing` is the summary's grouping key: give the same text for the same cause (no test names in it).
pub fn skip(what: &str, missing: &str) {
    // libtest runs each test on a thread named after it.
    let what = match std::thread::current().name().filter(|n| *n != "main") {
        Some(test) => format!("{what} ({test})"),
        None => what.to_string(),
    };
    let what = what.as_str();
    if required() {
        panic!("{missing}: required under CI=true ({what})");
    }
    eprintln!("SKIPPED {what}: {missing}");
    record(what, missing);
}

/// [`skip`] for a PostgreSQL server that does not answer at `admin_url` (the same text for every harness, so the
/// summary counts them together).
pub fn no_postgres(what: &str, admin_url: &str, error: &(dyn std::error::Error + 'static)) {
    let mut cause = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        cause.push_str(&format!(": {e}"));
        source = e.source();
    }
    skip(what, &format!("PostgreSQL not reachable at {admin_url} ({cause}); KAMPUNGKB_TEST_POSTGRES names another"));
}

/// [`skip`] for a Chromium executable that is not installed at `path`.
pub fn no_chromium(what: &str, path: &str) {
    skip(what, &format!("Chromium not found at {path} (apt-get install chromium)"));
}

/// Appends `missing<TAB>what` to the run's skip log, if the run has one.
fn record(what: &str, missing: &str) {
    if let Some(path) = std::env::var_os(LOG_VAR).filter(|p| !p.is_empty()) {
        append(std::path::Path::new(&path), what, missing);
    }
}

/// Appends one line to `log`. A failure to write is only reported: it must not fail the test.
fn append(log: &std::path::Path, what: &str, missing: &str) {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    // One write of one short line to a file opened for appending: lines of parallel test processes do not mix.
    let line = format!("{}\t{}\n", clean(missing), clean(what));
    let written =
        std::fs::OpenOptions::new().create(true).append(true).open(log).and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        eprintln!("(could not record the skip in {}: {e})", log.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skip_is_one_line_of_the_log() {
        let dir = std::env::temp_dir().join(format!("kkb-test-skips-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("skips.txt");
        append(&log, "the PostgreSQL half\tof a test", "PostgreSQL not reachable at postgres://x\n(refused)");
        append(&log, "a browser test", "Chromium not found at /usr/bin/chromium");
        let text = std::fs::read_to_string(&log).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            text,
            "PostgreSQL not reachable at postgres://x (refused)\tthe PostgreSQL half of a test\n\
             Chromium not found at /usr/bin/chromium\ta browser test\n"
        );
    }
}
