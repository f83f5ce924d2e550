//! A Kampung's photos and documents: the upload, and serving one.

use crate::view;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

/// `POST /kampung/{village}/dokumen`: a photo or document (PNG, JPEG or PDF, at most 5 MiB, the declared type
/// checked against the content).
pub async fn upload_document(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let (village, _) = {
        let ctx = ctx.clone();
        app.db(move |app| super::kampung(app, &ctx, &v)).await?
    };
    let (mut csrf, mut file) = (None, None);
    while let Some(field) = form.next_field().await.map_err(crate::rejection::multipart)? {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().unwrap_or_default().to_string();
        let declared = field.content_type().unwrap_or("application/octet-stream").to_string();
        let bytes = field.bytes().await.map_err(crate::rejection::multipart)?;
        match name.as_str() {
            "csrf" => csrf = Some(String::from_utf8_lossy(&bytes).to_string()),
            "file" => file = Some((filename, declared, bytes)),
            _ => {}
        }
    }
    ctx.check_csrf(csrf.as_deref())?;
    let Some((filename, mut declared, bytes)) = file else {
        return Err(crate::rejection::missing_file("file"));
    };
    // A client that declares no type (`application/octet-stream`) declares it by the file's extension instead.
    if declared == "application/octet-stream" {
        let ext = filename.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        declared = match ext.as_str() {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "pdf" => "application/pdf",
            _ => "application/octet-stream",
        }
        .to_string();
    }
    app.db(move |app| -> Result<_, AppError> {
        let meta = app.store.add_document(village, &filename, &declared, &bytes)?;
        let (target, size) = (format!("kampung {village}"), format!("#{} {} bytes", meta.id, meta.size));
        ctx.audit(app, "kampung.document", &target, &village.to_string(), &size)
    })
    .await?;
    Ok(Redirect::to(&format!("/kampung/{village}?ok=kampung.document#dokumen")).into_response())
}

/// `GET /kampung/{village}/dokumen/{id}`: a stored photo or document, served with its detected type; PDFs as
/// attachments. Public, as the registry is.
pub async fn document(State(app): State<AppState>, Path((v, id)): Path<(String, i64)>) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let village = view::region_code(&v)?;
        let doc = app.store.document(id)?.filter(|d| d.meta.village == village).ok_or(AppError::NotFound)?;
        let disposition = if doc.meta.content_type == "application/pdf" { "attachment" } else { "inline" };
        let safe_name: String = doc
            .meta
            .filename
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' })
            .collect();
        Ok((
            [
                (axum::http::header::CONTENT_TYPE, doc.meta.content_type.clone()),
                (axum::http::header::CONTENT_DISPOSITION, format!("{disposition}; filename=\"{safe_name}\"")),
                (axum::http::header::CACHE_CONTROL, "public, max-age=86400".to_string()),
            ],
            doc.bytes,
        )
            .into_response())
    })
    .await
}
