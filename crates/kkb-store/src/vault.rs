//! Personal data at rest. NIKs, names and KK numbers are encrypted (AES-256-GCM, the family's identity as
//! associated data) with a key kept outside the database, so that a copy of the database file alone reveals none
//! of them. Look-up and uniqueness use a keyed BLAKE3 hash of the number.
//!
//! Nonces never repeat under one key: every vault (every process) draws a random 16-byte salt and encrypts under
//! its own record key, BLAKE3-derived from the encryption key and that salt, with a counter as the nonce. A sealed
//! record is the format byte, the salt, the counter, the ciphertext and the 16-byte tag, so any process can open
//! it. (AES-GCM with hardware AES costs a fraction of XChaCha20-Poly1305 on records of a few hundred bytes: it
//! was a tenth of a census import's time.)
//!
//! The key is 32 random bytes, read from `KAMPUNGKB_KEY` (64 hex digits) or from a key file (created on first
//! use with mode 0600; for SQLite by default `<database>.key` beside the database file). The database stores a
//! key check value, so opening it with another key is refused instead of producing garbage.

use crate::StoreError;
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use std::path::Path;
use std::sync::Mutex;

/// The first byte of a sealed record.
const FORMAT: u8 = 2;
/// Format byte, salt, counter.
const HEADER: usize = 1 + 16 + 8;
const TAG: usize = 16;

/// The encryption and hashing keys derived from the master key.
pub struct Vault {
    enc_key: [u8; 32],
    mac_key: [u8; 32],
    check: String,
    /// This vault's salt (fresh for every vault, i.e. every process) and the record key derived with it.
    salt: [u8; 16],
    sealer: Aes256Gcm,
    /// The nonce of the next record sealed here.
    counter: std::sync::atomic::AtomicU64,
    /// The record key of the salt last opened (records of one import share it).
    opener: Mutex<Option<([u8; 16], Aes256Gcm)>>,
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
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).expect("the operating system provides randomness");
        Vault {
            sealer: record_cipher(&enc, &salt),
            enc_key: enc,
            mac_key,
            check,
            salt,
            counter: std::sync::atomic::AtomicU64::new(0),
            opener: Mutex::new(None),
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

    /// Encrypts `plain`, bound to `aad`: the sealed record.
    pub fn seal(&self, aad: &[u8], plain: &[u8]) -> Result<Vec<u8>, StoreError> {
        let mut out = Vec::with_capacity(HEADER + plain.len() + TAG);
        self.seal_into(aad, plain, &mut out)?;
        Ok(out)
    }

    /// Appends the sealed record of `plain`, bound to `aad`, to `out`.
    pub fn seal_into(&self, aad: &[u8], plain: &[u8], out: &mut Vec<u8>) -> Result<(), StoreError> {
        let n = self.counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        out.push(FORMAT);
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&n.to_le_bytes());
        let start = out.len();
        out.extend_from_slice(plain);
        let tag = self
            .sealer
            .encrypt_in_place_detached(&nonce(n), aad, &mut out[start..])
            .map_err(|_| StoreError::Key("encryption failed".into()))?;
        out.extend_from_slice(&tag);
        Ok(())
    }

    /// Decrypts what [`Vault::seal`] produced with the same `aad`.
    pub fn open(&self, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        if sealed.len() < HEADER + TAG || sealed[0] != FORMAT {
            // Builds before 2026-12-01 sealed with XChaCha20-Poly1305 and no format byte.
            return Err(StoreError::Corrupt(
                "sealed personal data of an unknown format (an earlier kampungkb's?): import the round again to \
                 seal it anew"
                    .into(),
            ));
        }
        let salt: [u8; 16] = sealed[1..17].try_into().expect("16 bytes");
        let n = u64::from_le_bytes(sealed[17..HEADER].try_into().expect("8 bytes"));
        let (body, tag) = sealed[HEADER..].split_at(sealed.len() - HEADER - TAG);
        let mut plain = body.to_vec();
        let decrypt = |cipher: &Aes256Gcm, plain: &mut Vec<u8>| {
            cipher.decrypt_in_place_detached(&nonce(n), aad, plain, Tag::from_slice(tag))
        };
        let opened = if salt == self.salt {
            decrypt(&self.sealer, &mut plain)
        } else {
            let mut opener = self.opener.lock().unwrap_or_else(|p| p.into_inner());
            match opener.as_ref() {
                Some((s, cipher)) if *s == salt => decrypt(cipher, &mut plain),
                _ => {
                    let cipher = record_cipher(&self.enc_key, &salt);
                    let r = decrypt(&cipher, &mut plain);
                    *opener = Some((salt, cipher));
                    r
                }
            }
        };
        opened.map_err(|_| StoreError::Key("personal data cannot be decrypted with this key".into()))?;
        Ok(plain)
    }
}

/// The record key of a salt.
fn record_cipher(enc_key: &[u8; 32], salt: &[u8; 16]) -> Aes256Gcm {
    let key = blake3::keyed_hash(enc_key, salt);
    Aes256Gcm::new(key.as_bytes().into())
}

/// The 96-bit nonce of counter `n`.
fn nonce(n: u64) -> Nonce<aes_gcm::aead::consts::U12> {
    let mut b = [0u8; 12];
    b[4..].copy_from_slice(&n.to_le_bytes());
    *Nonce::from_slice(&b)
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
        // Another process (another salt) with the same key opens it; a changed byte anywhere is refused.
        let w = Vault::from_key(&[7; 32]);
        assert_eq!(w.open(b"2021|17.01.01.2001|F1", &sealed).unwrap(), b"1701011708450001");
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 1;
            assert!(w.open(b"2021|17.01.01.2001|F1", &bad).is_err(), "byte {i}");
        }
        assert!(w.open(b"", &[]).is_err());
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
