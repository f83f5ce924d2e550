//! The catalogue is whole: the same messages in both languages, each formatting without errors, each using the
//! same arguments in both.

use super::*;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};

/// Every message of a language with the variables it uses (through the messages it references too).
pub(crate) fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let resources: Vec<FluentResource> =
        sources(lang).iter().map(|(_, text)| FluentResource::try_new(text.to_string()).unwrap()).collect();
    let mut patterns: BTreeMap<String, &ast::Pattern<&str>> = BTreeMap::new();
    for r in &resources {
        for e in r.entries() {
            if let ast::Entry::Message(m) = e
                && let Some(p) = &m.value
            {
                assert!(patterns.insert(m.id.name.to_string(), p).is_none(), "{} twice", m.id.name);
            }
        }
    }
    patterns.keys().map(|id| (id.clone(), variables_of(id, &patterns, 0))).collect()
}

fn variables_of(id: &str, patterns: &BTreeMap<String, &ast::Pattern<&str>>, depth: usize) -> BTreeSet<String> {
    assert!(depth < 8, "message references loop at {id}");
    let mut out = BTreeSet::new();
    let mut refs = Vec::new();
    if let Some(p) = patterns.get(id) {
        pattern(p, &mut out, &mut refs);
    }
    for r in refs {
        out.extend(variables_of(&r, patterns, depth + 1));
    }
    out
}

fn pattern(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>, refs: &mut Vec<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expr(expression, vars, refs);
        }
    }
}

fn expr(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>, refs: &mut Vec<String>) {
    match e {
        ast::Expression::Inline(i) => inline(i, vars, refs),
        ast::Expression::Select { selector, variants } => {
            inline(selector, vars, refs);
            for v in variants {
                pattern(&v.value, vars, refs);
            }
        }
    }
}

fn inline(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>, refs: &mut Vec<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline(a, vars, refs);
            }
        }
        ast::InlineExpression::MessageReference { id, .. } => refs.push(id.name.to_string()),
        ast::InlineExpression::Placeable { expression } => expr(expression, vars, refs),
        _ => {}
    }
}

#[test]
fn both_languages_have_the_same_messages_with_the_same_arguments() {
    let (id, en) = (messages(Lang::Id), messages(Lang::En));
    let only = |a: &BTreeMap<String, BTreeSet<String>>, b: &BTreeMap<String, BTreeSet<String>>| -> Vec<String> {
        a.keys().filter(|k| !b.contains_key(*k)).cloned().collect()
    };
    assert_eq!(only(&id, &en), Vec::<String>::new(), "only in Indonesian");
    assert_eq!(only(&en, &id), Vec::<String>::new(), "only in English");
    for (key, vars) in &id {
        assert_eq!(vars, &en[key], "{key}: the two languages use different arguments");
    }
    let names: Vec<&str> = sources(Lang::Id).iter().map(|s| s.0).collect();
    assert_eq!(names, sources(Lang::En).iter().map(|s| s.0).collect::<Vec<_>>());
}

#[test]
fn every_message_formats_without_errors_with_its_arguments() {
    for lang in Lang::ALL {
        let bundle = &catalogue(lang).bundle;
        for (key, vars) in messages(lang) {
            // Every argument a number: it selects the default variant and is what NUMBER() takes.
            let mut fluent = FluentArgs::new();
            for v in &vars {
                fluent.set(v.as_str(), lang.value(&Arg::Int(2)));
            }
            let mut errors = Vec::new();
            let pattern = bundle.get_message(&key).and_then(|m| m.value()).expect("a value");
            let text = bundle.format_pattern(pattern, Some(&fluent), &mut errors);
            assert!(errors.is_empty(), "{}: {key}: {errors:?}", lang.tag());
            assert!(!text.trim().is_empty(), "{}: {key} is empty", lang.tag());
            assert!(!text.contains('{'), "{}: {key} left a placeholder: {text}", lang.tag());
        }
    }
}

#[test]
fn plain_messages_are_looked_up_and_others_formatted() {
    assert_eq!(Lang::Id.t("pk-code-sex-2"), "Perempuan");
    assert_eq!(Lang::En.t("pk-code-sex-2"), "Female");
    assert!(!catalogue(Lang::Id).plain.contains_key("problem-nik-length"), "needs an argument");
    assert_eq!(
        Lang::Id.tr("problem-nik-length", &[("len", Arg::Int(15))]),
        "NIK harus 16 angka; yang tertulis 15 angka."
    );
    assert_eq!(Lang::En.tr("problem-nik-length", &[("len", Arg::Int(15))]), "A NIK has 16 digits; this one has 15.");
    // Numbers in the language, rows and years without grouping, plural forms in English.
    let args = [("users", Arg::Int(1250)), ("pus", Arg::Int(1000))];
    assert!(Lang::Id.tr("problem-more-users-than-pus", &args).contains("tertulis 1.250 peserta KB dan 1.000 PUS"));
    assert!(Lang::En.tr("problem-more-users-than-pus", &args).contains("1,250 users and 1,000 PUS written"));
    assert!(Lang::Id.tr("problem-nik-repeated", &[("first_row", Arg::Int(12345))]).contains("baris 12345:"));
    let one = Lang::En.tr("cli-problems-found", &[("count", Arg::Int(1))]);
    let two = Lang::En.tr("cli-problems-found", &[("count", Arg::Int(2))]);
    assert_eq!(
        (one.as_str(), two.as_str()),
        ("One problem found; nothing was imported.", "2 problems found; nothing was imported.")
    );
    assert_eq!(
        Lang::Id.tr("cli-problems-found", &[("count", Arg::Int(1))]),
        "1 masalah ditemukan; tidak ada yang diimpor."
    );
}

#[test]
fn web_messages_are_found_by_their_page_keys() {
    assert_eq!((Lang::Id.t("nav.dashboard"), Lang::En.t("nav.dashboard")), ("Dasbor", "Dashboard"));
    assert_eq!(Lang::Id.t("web-nav-dashboard"), "Dasbor");
    assert!(Lang::Id.has("round.opened") && Lang::En.has("web-round-opened"));
    assert_eq!(Lang::Id.tf("round.opened", &[("year", "2026")]), "Putaran 2026 dibuka (belum diterbitkan).");
    assert_eq!(Lang::En.tf("round.opened", &[("year", "2026")]), "Round 2026 opened (not published).");
}
