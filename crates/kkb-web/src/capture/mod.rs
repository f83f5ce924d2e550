//! Offline field capture (issue 14, docs/openrosa.md): what a phone's submission does, and the review queue.
//!
//! A submission read by the OpenRosa layer ([`crate::openrosa`]) is recorded whole by its instanceID, then
//! applied through the same validation and the same write path as an import or a web edit ([`apply`]), or kept
//! in the review queue with its problems in words ([`problems`]). Kecamatan and kabupaten officers compare a
//! waiting submission with the stored family and apply, correct or reject it; the cadre sees the fate of what
//! she sent.

pub mod apply;
pub mod pk;
pub mod problems;
pub mod receive;
pub mod report;
pub mod text;
