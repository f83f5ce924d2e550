//! The first step of an import, on its own thread: each family scored, its answers encoded, its personal data
//! sealed and its identity numbers hashed, into one buffer per batch.

use super::Methods;
use crate::{Store, StoreError, pii};
use kkb_domain::figures::Tally;
use kkb_domain::methodology::FamilyScore;
use kkb_domain::pk::Family;
use kkb_domain::region::RegionCode;
use std::collections::HashMap;
use std::ops::Range;

/// A batch of families scored, encoded and encrypted, ready to write. Its byte strings live in one buffer, so
/// that a census-size import does not allocate (and free) several buffers a family.
#[derive(Default)]
pub(super) struct Prepared {
    pub(super) families: Vec<PreparedFamily>,
    /// Encoded answers, sealed personal data and index hashes of every family, one after the other.
    pub(super) bytes: Vec<u8>,
    /// The distinct village codes of the batch, as text.
    pub(super) villages: Vec<String>,
    /// (hash, member_no, file row) of every NIK of the batch, family after family.
    pub(super) niks: Vec<([u8; 16], u8, u32)>,
    /// Tallies per (round, village).
    pub(super) tallies: HashMap<(u16, RegionCode), Tally>,
}

/// One family of a [`Prepared`] batch; ranges point into its buffers.
pub(super) struct PreparedFamily {
    pub(super) score: FamilyScore,
    pub(super) category: Option<i64>,
    pub(super) village: usize,
    pub(super) answers: Range<usize>,
    pub(super) pii: Range<usize>,
    pub(super) id_hashes: Range<usize>,
    pub(super) kk_hash: Option<[u8; 16]>,
    pub(super) niks: Range<usize>,
}

/// A batch of the feed with its prepared families.
pub(super) type PreparedBatch<B> = (B, Prepared);

impl Store {
    /// Scores, encodes and encrypts a batch, with its tallies per (round, village).
    pub(super) fn prepare_batch(&self, methods: &Methods, families: &[Family]) -> Result<Prepared, StoreError> {
        let mut out = Prepared { families: Vec::with_capacity(families.len()), ..Prepared::default() };
        out.bytes.reserve(families.len() * 400);
        let (mut aad, mut plain) = (Vec::new(), Vec::new());
        let mut last_village = None;
        for f in families {
            let m = &methods.of(f.key.year).1;
            let score = m.score(f.key.year, &f.answers);
            out.tallies.entry((f.key.year, f.key.village)).or_insert_with(|| Tally::new(m)).add_family(m, score, 1);
            if last_village != Some(f.key.village) {
                out.villages.push(f.key.village.to_string());
                last_village = Some(f.key.village);
            }
            let village = out.villages.len() - 1;
            let bytes = &mut out.bytes;
            let start = bytes.len();
            f.answers.encode_into(bytes);
            let answers = start..bytes.len();
            pii::encode_into(
                &mut plain,
                f.kk.as_ref().map(|k| k.as_str()),
                f.people.iter().map(|p| (p.member_no, p.nik.as_ref().map(|n| n.as_str()), p.name.as_str())),
            );
            pii::aad_into(&mut aad, f.key.year, &out.villages[village], &f.key.family_id);
            let start = bytes.len();
            self.vault.seal_into(&aad, &plain, bytes)?;
            let pii = start..bytes.len();
            let kk_hash = f.kk.as_ref().map(|k| self.vault.id_hash("kk", k.as_str()));
            let nik_start = out.niks.len();
            out.niks.extend(
                f.people
                    .iter()
                    .filter_map(|p| p.nik.map(|n| (self.vault.id_hash("nik", n.as_str()), p.member_no, p.row as u32))),
            );
            let niks = nik_start..out.niks.len();
            let start = bytes.len();
            push_id_hashes(bytes, kk_hash.as_ref(), out.niks[niks.clone()].iter().map(|n| &n.0));
            let id_hashes = start..bytes.len();
            out.families.push(PreparedFamily {
                score,
                category: m.category(score).map(|c| c.index() as i64),
                village,
                answers,
                pii,
                id_hashes,
                kk_hash,
                niks,
            });
        }
        Ok(out)
    }
}

/// Appends a family's own index entries: a flag byte (1 when a KK hash follows), the KK hash, then 16 bytes a
/// NIK.
fn push_id_hashes<'a>(out: &mut Vec<u8>, kk: Option<&[u8; 16]>, niks: impl Iterator<Item = &'a [u8; 16]>) {
    out.push(u8::from(kk.is_some()));
    out.extend(kk.into_iter().flatten());
    for n in niks {
        out.extend_from_slice(n);
    }
}

/// Reverses [`push_id_hashes`].
pub(super) fn split_id_hashes(b: &[u8]) -> Result<(Option<&[u8]>, std::slice::ChunksExact<'_, u8>), StoreError> {
    let bad = || StoreError::Corrupt("family id_hashes".into());
    let (flag, rest) = b.split_first().ok_or_else(bad)?;
    let (kk, niks) = if *flag == 1 { (Some(rest.get(..16).ok_or_else(bad)?), &rest[16..]) } else { (None, rest) };
    if niks.len() % 16 != 0 {
        return Err(bad());
    }
    Ok((kk, niks.chunks_exact(16)))
}
