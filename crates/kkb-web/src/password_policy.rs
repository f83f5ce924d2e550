//! What a new password must be: at least 12 characters (Peraturan BSSN 4/2021), at most 128, not a common
//! password, not a repetition or a sequence, not containing the username, and nothing else: no rules about upper
//! case, digits or symbols (OWASP ASVS 5.0 V6.2.5), so that long pass phrases are welcome.
//!
//! "Common" is the top 10,000 of a public breached-password list shipped in the binary
//! (`data/common-passwords.txt`, see its licence beside it) plus words of this application and its setting
//! ([`CONTEXT_WORDS`]); a password is common when it is one of them, or one of them with digits or symbols added
//! in front or behind, or with the usual look-alike characters (`p@ssw0rd`). The checks run on every password
//! set: the administrator's user form, the user's own change-password page, and the demo's generated passwords.

use crate::i18n::Lang;
use std::sync::OnceLock;

/// The fewest characters.
pub const MIN_CHARS: usize = 12;
/// The most characters.
pub const MAX_CHARS: usize = 128;

/// Passwords from a public breached-password list, lower-cased and sorted.
const COMMON: &str = include_str!("../data/common-passwords.txt");

/// Words of this application and its setting that make guessable passwords (ASVS 5.0 V6.2.11).
pub const CONTEXT_WORDS: &[&str] = &[
    "admin",
    "administrator",
    "bengkulu",
    "bismillah",
    "bkkbn",
    "cinta",
    "garuda",
    "ibangga",
    "indonesia",
    "jakarta",
    "kader",
    "kampung",
    "kampungkb",
    "katasandi",
    "keluarga",
    "login",
    "masuk",
    "merdeka",
    "pancasila",
    "password",
    "rahasia",
    "sandi",
    "sayang",
    "sayangku",
    "selamat",
];

/// Why a password is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Weakness {
    /// Fewer than [`MIN_CHARS`] characters (how many were given).
    TooShort(usize),
    /// More than [`MAX_CHARS`] characters.
    TooLong,
    /// A common password, or one with a few characters added.
    Common,
    /// One character or a short pattern repeated.
    Repetitive,
    /// Mostly a sequence (`1234…`, `abcd…`, `qwerty…`).
    Sequential,
    /// It contains the username.
    ContainsUsername,
}

impl Weakness {
    /// A stable name for the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            Weakness::TooShort(_) => "too_short",
            Weakness::TooLong => "too_long",
            Weakness::Common => "common",
            Weakness::Repetitive => "repetitive",
            Weakness::Sequential => "sequential",
            Weakness::ContainsUsername => "contains_username",
        }
    }

    /// What is wrong and what to do, in the reader's language.
    pub fn message(&self, l: Lang) -> String {
        match self {
            Weakness::TooShort(n) => {
                l.tf("password.too_short", &[("min", &MIN_CHARS.to_string()), ("n", &n.to_string())])
            }
            Weakness::TooLong => l.tf("password.too_long", &[("max", &MAX_CHARS.to_string())]),
            Weakness::Common => l.t("password.common").into(),
            Weakness::Repetitive => l.t("password.repetitive").into(),
            Weakness::Sequential => l.t("password.sequential").into(),
            Weakness::ContainsUsername => l.t("password.contains_username").into(),
        }
    }
}

/// Every weakness of `password` for the account `username` (empty: acceptable).
pub fn check(password: &str, username: &str) -> Vec<Weakness> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        return vec![Weakness::TooShort(n)];
    }
    if n > MAX_CHARS {
        return vec![Weakness::TooLong];
    }
    let lower = password.to_lowercase();
    let mut out = Vec::new();
    if is_common(&lower) {
        out.push(Weakness::Common);
    }
    if repeated_unit(&lower).is_some() {
        out.push(Weakness::Repetitive);
    } else if sequential_chars(&lower) * 2 >= n {
        out.push(Weakness::Sequential);
    }
    let user = username.trim().to_lowercase();
    if user.chars().count() >= 3 && lower.contains(&user) {
        out.push(Weakness::ContainsUsername);
    }
    out
}

/// The common-password list as a sorted slice.
fn common_list() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<&str> = COMMON.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        v.sort_unstable();
        v
    })
}

fn listed(word: &str) -> bool {
    word.chars().count() >= 4 && (common_list().binary_search(&word).is_ok() || CONTEXT_WORDS.contains(&word))
}

/// Whether a lower-cased password is a listed one, possibly with digits or symbols around it, look-alike
/// characters, or repeated.
fn is_common(lower: &str) -> bool {
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let unit = repeated_unit(lower).unwrap_or(lower);
    [lower, core, &unlook(core), &unlook(lower), unit].iter().any(|w| listed(w))
}

/// Undoes the usual look-alike substitutions (`p@ssw0rd` → `password`).
fn unlook(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '@' | '4' => 'a',
            '3' => 'e',
            '1' | '!' => 'i',
            '0' => 'o',
            '5' | '$' => 's',
            '7' => 't',
            c => c,
        })
        .collect()
}

/// The unit that, repeated two or more times, makes `s` (`abcabc` → `abc`), if any.
fn repeated_unit(s: &str) -> Option<&str> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    (1..=n / 2).filter(|len| n.is_multiple_of(*len)).find_map(|len| {
        let unit = &s[..chars[len].0];
        (unit.repeat(n / len) == s).then_some(unit)
    })
}

/// Keyboard rows: neighbours on a row count as a sequence (`qwerty`, `asdf`).
const ROWS: [&str; 4] = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

fn linked(a: char, b: char) -> bool {
    let (x, y) = (a as i64, b as i64);
    if (x - y).abs() <= 1 && a.is_alphanumeric() && b.is_alphanumeric() {
        return true;
    }
    ROWS.iter().any(|row| match (row.find(a), row.find(b)) {
        (Some(i), Some(j)) => i.abs_diff(j) == 1,
        _ => false,
    })
}

/// How many characters belong to runs of three or more that each follow the one before (the same, the next or
/// previous letter or digit, or a keyboard neighbour).
fn sequential_chars(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    let (mut total, mut run) = (0, 1);
    for i in 1..=chars.len() {
        if i < chars.len() && linked(chars[i - 1], chars[i]) {
            run += 1;
        } else {
            if run >= 3 {
                total += run;
            }
            run = 1;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(p: &str, user: &str) -> Vec<&'static str> {
        check(p, user).iter().map(Weakness::code).collect()
    }

    #[test]
    fn the_issue_examples_are_refused() {
        assert_eq!(refused("aaaaaaaaaaaa", "budi"), ["repetitive"]);
        assert_eq!(refused("1234567890ab", "budi"), ["sequential"]);
        assert_eq!(refused("pendek", "budi"), ["too_short"]);
        assert_eq!(check("pendek", "budi")[0], Weakness::TooShort(6));
    }

    #[test]
    fn common_passwords_and_their_variants_are_refused() {
        for p in ["qwerty123456", "Password2024!", "p@ssw0rd1234", "iloveyou1234", "sunshine2024", "kampungkb2026"] {
            assert!(refused(p, "budi").contains(&"common"), "{p}");
        }
        assert!(refused("passwordpassword", "budi").contains(&"repetitive"));
        assert!(common_list().len() > 5000, "the list is shipped");
    }

    #[test]
    fn sequences_repetitions_and_the_username_are_refused() {
        assert!(refused("abcdefghijkl", "x").contains(&"sequential"));
        assert!(refused("qwertyuiop12", "x").contains(&"sequential"));
        assert!(refused("987654321zyx", "x").contains(&"sequential"));
        assert!(refused("xk9#Lm2!xk9#Lm2!", "x").contains(&"repetitive"));
        assert_eq!(refused("kopi-siti.rahmawati-pagi", "Siti.Rahmawati"), ["contains_username"]);
    }

    #[test]
    fn pass_phrases_of_any_composition_are_accepted() {
        for p in [
            "kopi susu di pagi hari",
            "gunung dempo berkabut tebal",
            "correct horse battery staple",
            "xk9#Lm2!qT7v",
            "semua huruf kecil saja tanpa angka",
            "ÅngströmKöttbullar",
        ] {
            assert_eq!(refused(p, "budi"), Vec::<&str>::new(), "{p}");
        }
        assert_eq!(refused(&"a1b2c3d4".repeat(17), "budi"), ["too_long"]);
    }

    #[test]
    fn messages_say_why_in_both_languages() {
        let m = Weakness::TooShort(6).message(Lang::Id);
        assert!(m.contains("12") && m.contains('6'), "{m}");
        assert_ne!(Weakness::Common.message(Lang::Id), Weakness::Common.message(Lang::En));
    }
}
