//! Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 6 digits, 30-second steps, one step of
//! clock drift either way — the parameters every authenticator app supports. Also the enrolment material (the
//! `otpauth://` URI as an SVG QR code drawn here, the secret in base32 for typing) and recovery codes.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds per step.
pub const STEP_SECONDS: u64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;
/// Bytes of a new secret (160 bits, as RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// The HOTP value of `counter` (RFC 4226 §5.3), as a number below 10^`DIGITS`.
pub fn hotp(secret: &[u8], counter: u64) -> u32 {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let bin = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    bin % 10u32.pow(DIGITS)
}

/// The step of a unix time.
pub fn step_of(unix: u64) -> u64 {
    unix / STEP_SECONDS
}

/// The step whose code `code` is, within one step of `unix` either way; `None` if it matches none. The caller
/// must refuse a step already used (see `Store::use_totp_step`).
pub fn verify(secret: &[u8], code: &str, unix: u64) -> Option<u64> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_of(unix);
    let mut found = None;
    for step in [now.saturating_sub(1), now, now + 1] {
        let expected = format!("{:0width$}", hotp(secret, step), width = DIGITS as usize);
        // Every candidate is compared, whether or not an earlier one matched.
        if crate::auth::same_secret(&expected, &code) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// A new random secret.
pub fn new_secret() -> Vec<u8> {
    let mut s = vec![0u8; SECRET_BYTES];
    getrandom::fill(&mut s).expect("system random source");
    s
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps expect the secret.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(BASE32[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// The secret grouped by four characters, easier to type.
pub fn grouped(base32: &str) -> String {
    base32.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

fn uri_escape(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The `otpauth://` URI of a secret (Google Authenticator key URI format, understood by every app).
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        uri_escape(issuer),
        uri_escape(account),
        base32(secret),
        uri_escape(issuer)
    )
}

/// A QR code of `text` as an inline SVG element (drawn on the server; nothing is loaded from elsewhere).
pub fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(220, 220)
                .quiet_zone(true)
                .dark_color(qrcode::render::svg::Color("#000000"))
                .light_color(qrcode::render::svg::Color("#ffffff"))
                .build();
            // Drop the XML declaration: the element is placed inside the page.
            svg.find("<svg").map(|i| svg[i..].to_string()).unwrap_or(svg)
        }
        Err(_) => String::new(),
    }
}

/// New recovery codes: 16 base32 characters (80 random bits) each, shown as `abcd-efgh-ijkl-mnop`.
pub fn recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut b = [0u8; 10];
            getrandom::fill(&mut b).expect("system random source");
            let s = base32(&b).to_lowercase();
            format!("{}-{}-{}-{}", &s[..4], &s[4..8], &s[8..12], &s[12..16])
        })
        .collect()
}

/// A typed recovery code in the form that is hashed: lower case, without spaces or dashes.
pub fn normalize_recovery(typed: &str) -> String {
    typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// Whether typed input looks like a recovery code rather than a six-digit code.
pub fn is_recovery_code(typed: &str) -> bool {
    normalize_recovery(typed).len() == 16
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 (the last six of the eight digits), and RFC 4226 appendix D.
    #[test]
    fn matches_the_rfc_test_vectors() {
        let key = b"12345678901234567890";
        for (time, eight) in [
            (59u64, 94287082u32),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(hotp(key, step_of(time)), eight % 1_000_000, "T = {time}");
        }
        let hotp_d = [755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489];
        for (counter, want) in hotp_d.iter().enumerate() {
            assert_eq!(hotp(key, counter as u64), *want);
        }
    }

    #[test]
    fn codes_verify_within_one_step_and_name_their_step() {
        let key = b"12345678901234567890";
        let t = 1111111109;
        assert_eq!(verify(key, "081804", t), Some(step_of(t)));
        assert_eq!(verify(key, "081804", t + 30), Some(step_of(t)), "one step late");
        assert_eq!(verify(key, "081804", t - 30), Some(step_of(t)), "one step early");
        assert_eq!(verify(key, "081804", t + 61), None, "two steps late");
        assert_eq!(verify(key, "081 804", t), Some(step_of(t)), "spaces are ignored");
        assert_eq!(verify(key, "81804", t), None);
        assert_eq!(verify(key, "abcdef", t), None);
    }

    #[test]
    fn base32_and_uri_follow_rfc_4648_and_the_key_uri_format() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let uri = otpauth_uri("Kampung KB", "admin@17", b"12345678901234567890");
        assert_eq!(
            uri,
            "otpauth://totp/Kampung%20KB:admin%4017?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Kampung%20KB\
             &algorithm=SHA1&digits=6&period=30"
        );
        let svg = qr_svg(&uri);
        assert!(svg.starts_with("<svg") && svg.contains("<path"), "{svg}");
        assert!(!svg.contains("style="), "no inline style under the CSP");
    }

    #[test]
    fn recovery_codes_are_random_and_normalised() {
        let codes = recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert!(codes.iter().all(|c| c.len() == 19 && is_recovery_code(c)));
        assert_ne!(codes[0], codes[1]);
        assert_eq!(normalize_recovery(" ABCD-efgh ijkl-MNOP "), "abcdefghijklmnop");
        assert!(!is_recovery_code("123456"));
    }
}
