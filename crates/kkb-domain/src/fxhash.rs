//! A small, fast, non-cryptographic hasher (the Fx algorithm of rustc) for in-memory maps keyed by short
//! strings and codes during an import. Not for anything an attacker could exploit for collisions across a
//! network: the keys come from the file being imported, which only hurts itself.

use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hasher.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // Mix the high bits down: the Fx step alone leaves the low bits (which pick the bucket) depending only on
        // the low bytes of each word, and ids like "F0000001" differ only in their last bytes.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// A `HashMap` with the Fx hasher.
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work() {
        let mut m: FxHashMap<String, usize> = FxHashMap::default();
        for i in 0..1000 {
            m.insert(format!("F{i:07}"), i);
        }
        assert_eq!(m.len(), 1000);
        assert_eq!(m["F0000500"], 500);
        assert!(!m.contains_key("F0000500x"));
    }

    #[test]
    fn ids_differing_in_their_last_bytes_spread_over_buckets() {
        use std::hash::BuildHasher;
        let b = BuildHasherDefault::<FxHasher>::default();
        let low: std::collections::HashSet<u64> = (0..4096).map(|i| b.hash_one(format!("F{i:07}")) & 4095).collect();
        assert!(low.len() > 2000, "only {} distinct low-bit patterns", low.len());
    }
}
