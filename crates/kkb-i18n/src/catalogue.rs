//! The message catalogue: the `.ftl` files of `locales/`, compiled into the binary and parsed on first use into one
//! `fluent-bundle` concurrent bundle per language (shared by every thread). Messages without arguments are
//! formatted once then and kept, so [`Lang::t`] is a map look-up; [`Lang::tr`] formats with arguments each time.
//!
//! Isolation marks are off (`set_use_isolating(false)`): the text goes into HTML, CSV and terminals, where the
//! invisible Unicode marks around every argument would only get in the way. Numbers are written by
//! [`Lang::num`] (the bundle's formatter), so `{ $count }` reads `1.250` in Indonesian and `1,250` in English;
//! `NUMBER($row, useGrouping: "false")` writes a row or a year without the thousands separator.

use crate::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use kkb_domain::problem::Arg;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

/// The catalogue's files, `(name, text)`, of a language: the same names in both.
pub(crate) fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Id => &[
            ("common.ftl", include_str!("../locales/id/common.ftl")),
            ("problems.ftl", include_str!("../locales/id/problems.ftl")),
            ("pk.ftl", include_str!("../locales/id/pk.ftl")),
            ("registry.ftl", include_str!("../locales/id/registry.ftl")),
            ("web.ftl", include_str!("../locales/id/web.ftl")),
            ("web-account.ftl", include_str!("../locales/id/web-account.ftl")),
            ("web-capture.ftl", include_str!("../locales/id/web-capture.ftl")),
        ],
        Lang::En => &[
            ("common.ftl", include_str!("../locales/en/common.ftl")),
            ("problems.ftl", include_str!("../locales/en/problems.ftl")),
            ("pk.ftl", include_str!("../locales/en/pk.ftl")),
            ("registry.ftl", include_str!("../locales/en/registry.ftl")),
            ("web.ftl", include_str!("../locales/en/web.ftl")),
            ("web-account.ftl", include_str!("../locales/en/web-account.ftl")),
            ("web-capture.ftl", include_str!("../locales/en/web-capture.ftl")),
        ],
    }
}

/// One language's bundle and its messages without arguments, already formatted.
pub(crate) struct Catalogue {
    pub(crate) bundle: FluentBundle<FluentResource>,
    plain: HashMap<String, String>,
}

static CATALOGUES: OnceLock<[Catalogue; 2]> = OnceLock::new();

/// The catalogue of a language (built on first use; a malformed file is a bug the tests catch, so it panics).
pub(crate) fn catalogue(lang: Lang) -> &'static Catalogue {
    let all = CATALOGUES.get_or_init(|| [build(Lang::Id), build(Lang::En)]);
    &all[lang as usize]
}

fn build(lang: Lang) -> Catalogue {
    let tag = lang.tag().parse().expect("a language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        Lang::Id => number_id,
        Lang::En => number_en,
    }));
    bundle.add_builtins().expect("the NUMBER function");
    let mut ids = Vec::new();
    for (name, text) in sources(lang) {
        let resource = FluentResource::try_new(text.to_string())
            .unwrap_or_else(|(_, e)| panic!("locales/{}/{name} does not parse: {e:?}", lang.tag()));
        ids.extend(message_ids(&resource));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("locales/{}/{name} repeats a message: {e:?}", lang.tag()));
    }
    let mut plain = HashMap::new();
    for id in ids {
        let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else { continue };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors).into_owned();
        // A message that needs arguments reports them missing: it is for `tr` only.
        if errors.is_empty() {
            // The web's messages are also found by their page keys (`web-dash-title` as `dash.title`).
            if let Some(key) = page_key(&id) {
                plain.insert(key, text.clone());
            }
            plain.insert(id, text);
        }
    }
    Catalogue { bundle, plain }
}

/// The page key of a web message id (`web-dash-provincial_ref` → `dash.provincial_ref`): the web's templates and
/// handlers name their messages by these dotted keys, which Fluent ids cannot contain.
fn page_key(id: &str) -> Option<String> {
    id.strip_prefix("web-").map(|k| k.replace('-', "."))
}

/// The Fluent id of a key: a message id as it is, else a page key's web message (`dash.title` → `web-dash-title`).
pub(crate) fn fluent_id(lang: Lang, key: &str) -> std::borrow::Cow<'_, str> {
    if !key.contains('.') && catalogue(lang).bundle.has_message(key) {
        key.into()
    } else {
        format!("web-{}", key.replace('.', "-")).into()
    }
}

/// The ids of the messages (not the terms) of a resource.
pub(crate) fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

fn number_id<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    number(Lang::Id, v)
}

fn number_en<M>(v: &FluentValue<'_>, _: &M) -> Option<String> {
    number(Lang::En, v)
}

/// A Fluent number in the language: its fraction digits if asked, else none for a whole number and 2 otherwise.
fn number(lang: Lang, v: &FluentValue<'_>) -> Option<String> {
    let FluentValue::Number(n) = v else { return None };
    let whole = n.value.fract() == 0.0;
    let decimals = n.options.minimum_fraction_digits.unwrap_or(if whole { 0 } else { 2 });
    let s = lang.num(n.value, decimals);
    Some(if n.options.use_grouping { s } else { s.replace(lang.separators().0, "") })
}

/// A missing key, returned as the text itself: each distinct key is kept once (missing keys are bugs, so few).
fn missing(key: &str) -> &'static str {
    static MISSING: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut guard = MISSING.lock().unwrap_or_else(|e| e.into_inner());
    let set = guard.get_or_insert_with(HashSet::new);
    match set.get(key) {
        Some(k) => k,
        None => {
            let k: &'static str = Box::leak(key.to_string().into_boxed_str());
            set.insert(k);
            k
        }
    }
}

impl Lang {
    /// A message without arguments. A missing key fails debug builds and tests, and shows as the key itself.
    pub fn t(self, key: &str) -> &'static str {
        if let Some(text) = catalogue(self).plain.get(key) {
            return text;
        }
        debug_assert!(false, "missing message {key:?}");
        missing(key)
    }

    /// A web message by its page key (`round.opened`) with text arguments (`{ $year }` in the message).
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Arg)> =
            args.iter().map(|(name, value)| (*name, Arg::Text((*value).to_string()))).collect();
        self.tr(&fluent_id(self, key), &args)
    }

    /// Whether the catalogue has a message (with or without arguments), by its id or a web page key.
    pub fn has(self, key: &str) -> bool {
        catalogue(self).bundle.has_message(&fluent_id(self, key))
    }

    /// A message with arguments, each written in the language (see [`Arg`]). A missing key or argument fails
    /// debug builds and tests; in release the key, or the text with the argument's name, shows.
    pub fn tr(self, key: &str, args: &[(&str, Arg)]) -> String {
        let bundle = &catalogue(self).bundle;
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            debug_assert!(false, "missing message {key:?}");
            return key.to_string();
        };
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, arg) in args {
            fluent.set(*name, self.value(arg));
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent), &mut errors).into_owned();
        debug_assert!(errors.is_empty(), "message {key:?}: {errors:?}");
        text
    }

    /// An argument as Fluent takes it: whole numbers stay numbers (plural forms, the language's grouping), the
    /// rest is written out here.
    fn value(self, arg: &Arg) -> FluentValue<'static> {
        match arg {
            Arg::Int(n) => FluentValue::from(*n),
            Arg::Decimal(x) => FluentValue::from(self.decimal(*x)),
            Arg::Text(s) => FluentValue::from(s.clone()),
            Arg::Date(d) => FluentValue::from(self.date(*d)),
            Arg::Month(m) => FluentValue::from(self.month(*m)),
            Arg::List(items) => FluentValue::from(items.join(", ")),
            Arg::Codes(column) => FluentValue::from(self.code_list(column)),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
