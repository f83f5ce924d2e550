//! Photos and documents of a Kampung KB: PNG, JPEG or PDF by their content, at most 5 MiB, kept in the database
//! with their SHA-256.

use super::{check, require_kampung, sha256};
use crate::conn::Val;
use crate::row::{Cols, FromRow};
use crate::{Store, StoreError};
use kkb_domain::kampung::FieldProblem;
use kkb_domain::problem::Reason;
use kkb_domain::region::RegionCode;

/// The largest document the store accepts: 5 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// A document's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMeta {
    /// Row id.
    pub id: i64,
    /// The Kampung's village.
    pub village: RegionCode,
    /// The file name as uploaded (without directories).
    pub filename: String,
    /// `image/png`, `image/jpeg` or `application/pdf`, as detected from the content.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    /// When it was stored (RFC 3339 UTC).
    pub created_at: String,
}

/// A document with its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The metadata.
    pub meta: DocumentMeta,
    /// The content.
    pub bytes: Vec<u8>,
}

/// The columns of a [`DocumentMeta`].
const DOCUMENT_COLUMNS: &str = "id, village, filename, content_type, size, sha256, created_at";

impl FromRow for DocumentMeta {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(DocumentMeta {
            id: r.get()?,
            village: r.get()?,
            filename: r.get()?,
            content_type: r.get()?,
            size: r.get()?,
            sha256: r.get()?,
            created_at: r.get()?,
        })
    }
}

impl FromRow for Document {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(Document { meta: DocumentMeta::from_row(r)?, bytes: r.get()? })
    }
}

/// The kind of a document, from its first bytes.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

impl Store {
    /// Stores a photo or document of a Kampung. Refused with [`StoreError::Problems`] when it is empty, larger
    /// than [`MAX_DOCUMENT_BYTES`], not a PNG, JPEG or PDF by its content, or not the `declared_type`.
    #[tracing::instrument(skip_all, fields(village = %village, size = bytes.len()))]
    pub fn add_document(
        &self,
        village: RegionCode,
        filename: &str,
        declared_type: &str,
        bytes: &[u8],
    ) -> Result<DocumentMeta, StoreError> {
        let name = filename.rsplit(['/', '\\']).next().unwrap_or("").trim().to_string();
        let mut p = Vec::new();
        if name.is_empty() {
            p.push(FieldProblem::new("filename", Reason::DocumentNoName));
        }
        let declared = declared_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if bytes.is_empty() {
            p.push(FieldProblem::new("file", Reason::DocumentEmpty));
        } else if bytes.len() > MAX_DOCUMENT_BYTES {
            p.push(FieldProblem::new("file", Reason::DocumentTooLarge { bytes: bytes.len(), max: MAX_DOCUMENT_BYTES }));
        } else {
            match sniff(bytes) {
                None => p.push(FieldProblem::new("content_type", Reason::DocumentType)),
                Some(t) if t != declared => p.push(FieldProblem::new(
                    "content_type",
                    Reason::DocumentTypeMismatch { declared: declared_type.to_string(), actual: t.to_string() },
                )),
                Some(_) => {}
            }
        }
        check("document", p)?;
        let (v, sha, now) = (village.to_string(), sha256::hex(bytes), crate::now());
        let size = bytes.len() as i64;
        let id = self.registry_write(|c| {
            require_kampung(c, &v)?;
            c.query_one_as(
                "INSERT INTO kampung_documents (village, filename, content_type, size, sha256, bytes, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    Val::T(&v),
                    Val::T(&name),
                    Val::T(&declared),
                    Val::I(size),
                    Val::T(&sha),
                    Val::B(bytes),
                    Val::T(&now),
                ],
            )
        })?;
        Ok(DocumentMeta { id, village, filename: name, content_type: declared, size, sha256: sha, created_at: now })
    }

    /// A document with its content, by id.
    pub fn document(&self, id: i64) -> Result<Option<Document>, StoreError> {
        self.reader()?.query_opt_as(
            &format!("SELECT {DOCUMENT_COLUMNS}, bytes FROM kampung_documents WHERE id = $1"),
            &[Val::I(id)],
        )
    }

    /// The documents of a Kampung (metadata only), oldest first.
    pub fn documents(&self, village: RegionCode) -> Result<Vec<DocumentMeta>, StoreError> {
        self.reader()?.query_as(
            &format!("SELECT {DOCUMENT_COLUMNS} FROM kampung_documents WHERE village = $1 ORDER BY id"),
            &[Val::T(&village.to_string())],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn documents_are_recognised_by_their_first_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"PK\x03\x04"), None);
    }
}
