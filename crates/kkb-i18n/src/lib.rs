//! Bahasa Indonesia first, English second: the one message catalogue of kampungkb, numbers and dates in the
//! reader's locale, and the words of what the domain reports (problems, PK codes, registry vocabularies).
//!
//! The catalogue is Project Fluent: `locales/id/*.ftl` and `locales/en/*.ftl`, files a translator edits without
//! touching Rust, compiled into the binary and parsed once into one concurrent bundle per language
//! ([`catalogue`]). [`Lang::t`] gives a message without arguments (formatted once, then looked up);
//! [`Lang::tr`] formats a message with arguments, numbers and dates written the reader's way. The domain names
//! what is wrong as a [`kkb_domain::problem::Reason`] and its vocabularies by catalogue key; this crate is where
//! those become words ([`Lang::reason`], [`Lang::problem`], [`Lang::pk_code`]).

mod advice;
mod catalogue;
mod format;
mod problems;
mod vocab;

pub use kkb_domain::problem::Arg;
pub use problems::message_key;

/// The reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Indonesian first.
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// From a `lang` cookie, query value or `--lang` option.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The other language (for the switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The language of a POSIX locale environment: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set
    /// and not empty decides, Indonesian for `id` and `id_*`; English otherwise, and when none is set. `var` reads
    /// a variable (`std::env::var` in a program, a table in tests).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|v| var(v).filter(|s| !s.is_empty()));
        match locale {
            Some(l) if l == "id" || l.starts_with("id_") || l.starts_with("id.") || l.starts_with("id-") => Lang::Id,
            _ => Lang::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_chooses_the_language() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "id_ID.UTF-8")])), Lang::Id);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "id_ID.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "id_ID"), ("LANG", "en_GB")])), Lang::Id);
        assert_eq!(Lang::from_locale(env(&[("LANG", "ind")])), Lang::En);
        assert_eq!(Lang::parse("id").map(Lang::other), Some(Lang::En));
        assert_eq!(Lang::default().tag(), "id");
    }
}
