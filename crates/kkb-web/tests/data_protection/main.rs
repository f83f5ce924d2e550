//! The data-side holes of the security review (issue 12), each a regression test through the router, on SQLite and
//! PostgreSQL: CSV injection in every CSV export, hostile workbooks, census rounds opened and published only by the
//! province, masked views that no longer narrow a NIK down, model-Kampung flags through the registry upload, and
//! small-cell suppression that survives differencing.

#[path = "../common/mod.rs"]
mod common;

#[path = "../common/hostile.rs"]
mod hostile;

mod csv_injection;
mod flags;
mod masking;
mod rounds;
mod suppression;
mod workbooks;

use common::TestApp;

/// Runs a scenario on SQLite, then on PostgreSQL (loudly skipped outside CI when no server is reachable).
macro_rules! both_engines {
    ($name:ident, $scenario:path, $n:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            $scenario(&$crate::common::sqlite($n)).await;
            if let Some(t) = $crate::common::postgres($n) {
                $scenario(&t).await;
            }
        }
    };
}
pub(crate) use both_engines;

/// The cells of a CSV download (the BOM stripped).
pub fn csv_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("a CSV record").iter().map(String::from).collect())
        .collect()
}

/// A download's status and bytes, as `c` (binary-safe).
pub async fn download(t: &TestApp, c: &common::Client, uri: &str) -> (axum::http::StatusCode, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder().uri(uri);
    if !c.cookies.is_empty() {
        req = req.header("cookie", c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "));
    }
    let resp = t.router.clone().oneshot(req.body(axum::body::Body::empty()).unwrap()).await.unwrap();
    let status = resp.status();
    (status, resp.into_body().collect().await.unwrap().to_bytes().to_vec())
}
