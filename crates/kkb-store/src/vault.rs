//! Personal data at rest. NIKs, names and KK numbers are encrypted (XChaCha20-Poly1305, a fresh random nonce per
//! record, the family's identity as associated data) with a key kept outside the database, so that a copy of the
//! database file alone reveals none of them. Look-up and uniqueness use a keyed BLAKE3 hash of the number.
//!
//! The key is 32 random bytes, read from `KAMPUNGKB_KEY` (64 hex digits) or from a key file (created on first
//! use with mode 0600; for SQLite by default `<database>.key` beside the database file). The database stores a
//! key check value, so opening it with another key is refused instead of producing garbage.

use crate::StoreError;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::path::Path;

/// The encryption and hashing keys derived from the master key.
pub struct Vault {
    aead: XChaCha20Poly1305,
    mac_key: [u8; 32],
    check: String,
    /// Nonces are this random prefix (fresh for every vault, i.e. every process) followed by a counter: unique
    /// without a system call per record. 16 random bytes make a clash between two processes negligible.
    nonce_prefix: [u8; 16],
    nonce_counter: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(..)")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

impl Vault {
    /// A vault from a master key.
    pub fn from_key(master: &[u8; 32]) -> Vault {
        let enc = blake3::derive_key("kampungkb 2026-11 personal data encryption", master);
        let mac_key = blake3::derive_key("kampungkb 2026-11 identity number hashing", master);
        let check = hex(&blake3::keyed_hash(&mac_key, b"key check").as_bytes()[..8]);
        let mut nonce_prefix = [0u8; 16];
        getrandom::fill(&mut nonce_prefix).expect("the operating system provides randomness");
        Vault {
            aead: XChaCha20Poly1305::new((&enc).into()),
            mac_key,
            check,
            nonce_prefix,
            nonce_counter: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The key from `KAMPUNGKB_KEY` if set, else from `file`, created with a new random key if missing.
    pub fn load_or_create(file: &Path) -> Result<Vault, StoreError> {
        if let Ok(hexkey) = std::env::var("KAMPUNGKB_KEY") {
            let key = unhex(&hexkey).ok_or_else(|| StoreError::Key("KAMPUNGKB_KEY must be 64 hex digits".into()))?;
            return Ok(Vault::from_key(&key));
        }
        match std::fs::read_to_string(file) {
            Ok(s) => {
                let key = unhex(&s)
                    .ok_or_else(|| StoreError::Key(format!("key file {} must hold 64 hex digits", file.display())))?;
                Ok(Vault::from_key(&key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                getrandom::fill(&mut key).map_err(|e| StoreError::Key(format!("no randomness: {e}")))?;
                write_private(file, format!("{}\n", hex(&key)).as_bytes())
                    .map_err(|e| StoreError::Key(format!("cannot create key file {}: {e}", file.display())))?;
                tracing::info!(path = %file.display(), "created a new personal-data key file; back it up apart from the database");
                Ok(Vault::from_key(&key))
            }
            Err(e) => Err(StoreError::Key(format!("cannot read key file {}: {e}", file.display()))),
        }
    }

    /// A value that identifies the key without revealing it.
    pub fn check_value(&self) -> &str {
        &self.check
    }

    /// Keyed hash of an identity number (NIK or KK), for look-up and uniqueness.
    pub fn id_hash(&self, kind: &str, number: &str) -> [u8; 16] {
        let mut h = blake3::Hasher::new_keyed(&self.mac_key);
        h.update(kind.as_bytes());
        h.update(b":");
        h.update(number.as_bytes());
        let mut out = [0u8; 16];
        out.copy_from_slice(&h.finalize().as_bytes()[..16]);
        out
    }

    /// Encrypts `plain`, bound to `aad`; the output is nonce then ciphertext.
    pub fn seal(&self, aad: &[u8], plain: &[u8]) -> Result<Vec<u8>, StoreError> {
        let mut nonce = [0u8; 24];
        nonce[..16].copy_from_slice(&self.nonce_prefix);
        let n = self.nonce_counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        nonce[16..].copy_from_slice(&n.to_le_bytes());
        let ct = self
            .aead
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad })
            .map_err(|_| StoreError::Key("encryption failed".into()))?;
        let mut out = Vec::with_capacity(24 + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts what [`Vault::seal`] produced with the same `aad`.
    pub fn open(&self, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        if sealed.len() < 24 {
            return Err(StoreError::Corrupt("sealed personal data too short".into()));
        }
        self.aead
            .decrypt(XNonce::from_slice(&sealed[..24]), Payload { msg: &sealed[24..], aad })
            .map_err(|_| StoreError::Key("personal data cannot be decrypted with this key".into()))
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_bound_to_aad() {
        let v = Vault::from_key(&[7; 32]);
        let sealed = v.seal(b"2021|17.01.01.2001|F1", b"1701011708450001").unwrap();
        assert!(!sealed.windows(16).any(|w| w == b"1701011708450001"));
        assert_eq!(v.open(b"2021|17.01.01.2001|F1", &sealed).unwrap(), b"1701011708450001");
        assert!(v.open(b"2021|17.01.01.2001|F2", &sealed).is_err());
        assert!(Vault::from_key(&[8; 32]).open(b"2021|17.01.01.2001|F1", &sealed).is_err());
        assert_ne!(v.seal(b"a", b"x").unwrap(), v.seal(b"a", b"x").unwrap());
    }

    #[test]
    fn hashes_are_keyed() {
        let a = Vault::from_key(&[1; 32]);
        let b = Vault::from_key(&[2; 32]);
        assert_eq!(a.id_hash("nik", "1"), a.id_hash("nik", "1"));
        assert_ne!(a.id_hash("nik", "1"), b.id_hash("nik", "1"));
        assert_ne!(a.id_hash("nik", "1"), a.id_hash("kk", "1"));
        assert_ne!(a.check_value(), b.check_value());
    }

    #[test]
    fn key_file_is_created_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        let a = Vault::load_or_create(&path).unwrap();
        let b = Vault::load_or_create(&path).unwrap();
        assert_eq!(a.check_value(), b.check_value());
        std::fs::write(&path, "nonsense").unwrap();
        assert!(Vault::load_or_create(&path).is_err());
    }
}
