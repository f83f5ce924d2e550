//! Static assets compiled into the binary: the application works with no internet at all.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// (path, content type, bytes).
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.css", "text/css; charset=utf-8", include_bytes!("../assets/app.css")),
    ("favicon.svg", "image/svg+xml", include_bytes!("../assets/favicon.svg")),
];

/// `/static/{file}`.
pub async fn serve(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.0 == file) {
        Some((_, mime, bytes)) => {
            ([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=3600")], *bytes).into_response()
        }
        None => crate::AppError::NotFound.into_response(),
    }
}
