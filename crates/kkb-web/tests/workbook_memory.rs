//! Item 1 of issue 12, the memory ceiling: hostile workbooks uploaded through the router (a corner cell at
//! XFD1048576, zip bombs with true and lying size headers, a shared-string bomb, hundreds of sheets) are refused
//! while the process's peak resident memory stays bounded, and the server keeps answering other requests while
//! one is being checked. Its own test binary, with one test, so that the peak measured is this test's alone.

mod common;
#[path = "common/hostile.rs"]
mod hostile;

use axum::http::StatusCode;
use common::{Client, TestApp, logged_in};
use std::time::{Duration, Instant};

/// The bound the issue sets for the server under any upload.
const CEILING: u64 = 512 << 20;
/// What the hostile uploads may add to the peak, at most (a few copies of the largest upload, 7 MB, and the
/// guard's buffers); reading the corner cell's declared grid alone used to take 12 GB.
const GROWTH: u64 = 160 << 20;

/// A field of /proc/self/status in bytes.
fn status(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let line = text.lines().find(|l| l.starts_with(field)).expect("the field");
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

/// Resets the peak resident size to the current one (Linux 4.0+); false where the kernel does not allow it.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

async fn upload(t: &TestApp, c: &mut Client, uri: &str, field: &str, name: &str, bytes: &[u8]) -> common::Resp {
    let csrf = c.csrf(t).await;
    c.post_multipart(t, uri, &[("csrf", None, csrf.as_bytes()), (field, Some(name), bytes)]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_workbooks_stay_within_the_memory_ceiling() {
    let t = common::sqlite(300);
    let mut kader = logged_in(&t, "kader").await;
    let registry = format!("/wilayah/{}/kampung/unggah", t.village);
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        ("/unggah", "xlsx", hostile::corner_cell()),
        ("/unggah", "xlsx", hostile::sheet_bomb(1 << 30, 1 << 30)),
        ("/unggah", "xlsx", hostile::sheet_bomb(1 << 30, 900)),
        ("/unggah", "xlsx", hostile::strings_bomb(512 << 20, 512 << 20)),
        ("/unggah", "xlsx", hostile::strings_bomb(1 << 30, 4096)),
        ("/unggah", "xlsx", hostile::many_sheets(2_000)),
        (&registry, "file", hostile::registry_corner_cell()),
    ];
    let exact = reset_peak();
    let start = status("VmRSS:");
    for (uri, field, bytes) in &cases {
        let r = upload(&t, &mut kader, uri, field, "hostile.xlsx", bytes).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {}", &r.body[..r.body.len().min(2000)]);
        assert!(r.body.contains("unggah CSV"), "refused with what to do");
    }
    let peak = status("VmHWM:");
    eprintln!(
        "peak resident memory {} MiB (from {} MiB at the start{})",
        peak >> 20,
        start >> 20,
        if exact { "" } else { "; the peak could not be reset, so it includes the set-up" }
    );
    assert!(peak <= CEILING, "peak {} MiB above the ceiling", peak >> 20);
    if exact {
        assert!(peak - start <= GROWTH, "the uploads added {} MiB", (peak - start) >> 20);
    }

    // While one upload is being checked (the shared-string bomb takes seconds in a debug build), others are
    // answered: the check runs on a blocking thread, not on the server's workers.
    let bomb = hostile::strings_bomb(512 << 20, 512 << 20);
    let mut other = Client::default();
    let slow = async {
        let r = upload(&t, &mut kader, "/unggah", "xlsx", "bom.xlsx", &bomb).await;
        (r.status, Instant::now())
    };
    let quick = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut answered = Vec::new();
        for _ in 0..3 {
            let r = other.get(&t, "/api/v1/regions/17/index").await;
            answered.push((r.status, Instant::now()));
        }
        answered
    };
    let ((status, slow_done), answered) = tokio::join!(slow, quick);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for (s, at) in answered {
        assert_eq!(s, StatusCode::OK);
        assert!(at < slow_done, "another request waited for the upload's check");
    }
}
