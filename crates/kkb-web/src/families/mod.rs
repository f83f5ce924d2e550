//! Families: the list behind a village's numbers, one family with its members, scores and the reasons for them,
//! and the correction and new-family forms (which apply exactly the import rules, by running the importer's
//! validator on the submitted values, and save into existing rounds only). Search is in [`crate::search`], PK
//! file upload in [`crate::pk_upload`].
//!
//! A reader who may see the families of a village but not their NIKs (province and kabupaten/kota officers, and
//! anyone who has not asked to unmask) sees each member's NIK masked to its province digits, the first letter of
//! the name, and the birth year and age instead of the birth date ([`kkb_domain::nik::mask`] says why).

use crate::export::{Cell, Table};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kkb_domain::methodology::{Category, Methodology, Rule};
use kkb_domain::pk::columns::{FAMILY_CODED, MEMBER_CODED, family_slot, member_slot};
use kkb_domain::pk::form::{MEMBER_COLUMNS, TypedFamily, read_typed};
use kkb_domain::pk::{Context, FamilyAnswers, Problem};
use kkb_domain::problem::Reason;
use kkb_domain::region::{Level, RegionCode};
use kkb_i18n::Arg;
use kkb_store::{FamilySummary, StoreError, StoredFamily};
use serde::Deserialize;
use std::collections::HashMap;

/// What a column asks, in the PK form's words (`kkb_domain::pk::vocab`, words from `kkb_i18n`); the birth date
/// with the format it is typed in.
pub(crate) fn column_label(l: Lang, column: &str) -> String {
    let label = l.pk_column(column).unwrap_or(column);
    match column {
        "birth_date" => format!("{label} ({})", if l == Lang::Id { "TTTT-BB-HH" } else { "YYYY-MM-DD" }),
        _ => label.to_string(),
    }
}

/// What a code means (`Perempuan`), or the empty answer; a code without a meaning shows as itself.
pub(crate) fn code_text(l: Lang, column: &str, code: u8) -> String {
    if code == 0 {
        return l.t("form.empty").into();
    }
    match l.pk_code(column, code) {
        Some(words) => words.to_string(),
        None => code.to_string(),
    }
}

/// A code with its meaning, as the PK form prints its choices (`2 Perempuan`): for the entry forms' selects.
pub(crate) fn code_choice(l: Lang, column: &str, code: u8) -> String {
    match l.pk_code(column, code) {
        Some(words) => format!("{code} {words}"),
        None => code.to_string(),
    }
}

fn village_of(s: &str) -> Result<RegionCode, AppError> {
    let code = view::region_code(s)?;
    if code.level() != Level::Village {
        return Err(AppError::NotFound);
    }
    Ok(code)
}

/// Resolves the round of a request: the asked year or the latest.
fn round_year(app: &AppState, year: Option<u16>) -> Result<u16, AppError> {
    Ok(app.store.round(year)?.year)
}

/// Query of the family list.
#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    /// The round.
    pub year: Option<u16>,
    /// `rentan`, `berkembang`, `tangguh`.
    pub kategori: Option<String>,
    /// `csv` or `xlsx` to download the list.
    pub format: Option<String>,
}

/// A family row (no personal data).
pub struct FamilyRow {
    /// Link.
    pub href: String,
    /// Family id.
    pub id: String,
    /// Members.
    pub members: i64,
    /// iBangga.
    pub ibangga: String,
    /// Category label.
    pub category: &'static str,
    /// Category CSS class.
    pub class: &'static str,
    /// Version.
    pub version: i64,
}

#[derive(Template)]
#[template(path = "families.html")]
struct ListPage {
    c: Layout,
    l: Lang,
    code: String,
    name: String,
    year: u16,
    filters: Vec<(String, String, bool)>,
    rows: Vec<FamilyRow>,
    may_edit: bool,
}

fn class_of(c: Option<Category>) -> &'static str {
    match c {
        Some(Category::Rentan) => "cat-rentan",
        Some(Category::Berkembang) => "cat-berkembang",
        Some(Category::Tangguh) => "cat-tangguh",
        None => "cat-none",
    }
}

pub(crate) fn family_row(l: Lang, m: &Methodology, f: &FamilySummary) -> FamilyRow {
    FamilyRow {
        href: format!("/keluarga/{}/{}/{}", f.year, f.village, f.family_id),
        id: f.family_id.clone(),
        members: f.members,
        ibangga: l.fig(m.ibangga(f.score)),
        category: view::category_label(l, f.category),
        class: class_of(f.category),
        version: f.version,
    }
}

/// `/wilayah/{village}/keluarga`: the families of a village, optionally one category.
pub async fn list(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    let code = village_of(&code)?;
    if !ctx.who.may_view_families(code) {
        return Err(ctx.who.refusal(code));
    }
    let region = app.store.region(code)?.ok_or(AppError::NotFound)?;
    let round = app.store.round(q.year)?;
    let m = app.store.methodology(&round.methodology_id)?;
    let category = q.kategori.as_deref().and_then(|k| Category::ALL.into_iter().find(|c| c.as_str() == k));
    let families = app.store.village_families(round.year, code, category)?;
    let l = ctx.lang;
    if let Some(ext) = q.format.as_deref() {
        ctx.audit(&app, "family.export", &format!("{}/{code}", round.year), &code.to_string(), ext)?;
        let def = m.definition();
        let mut headers: Vec<String> =
            ["family_id", "anggota", "versi", "ibangga", "kategori"].map(String::from).to_vec();
        headers.extend(def.dimensions.iter().map(|d| d.id.clone()));
        let rows = families
            .iter()
            .map(|f| {
                let mut r = vec![
                    Cell::Text(f.family_id.clone()),
                    Cell::Int(f.members),
                    Cell::Int(f.version),
                    Cell::Num(m.ibangga(f.score)),
                    Cell::Text(f.category.map(|c| c.as_str().to_string()).unwrap_or_default()),
                ];
                r.extend((0..def.dimensions.len()).map(|i| Cell::Num(m.dimension_index(f.score, i))));
                r
            })
            .collect();
        let table = Table { title: format!("{} {}", region.name, round.year), headers, rows };
        return table.respond(ext, &format!("keluarga-{code}-{}", round.year));
    }
    ctx.audit(
        &app,
        "family.list",
        &format!("{}/{code}", round.year),
        &code.to_string(),
        q.kategori.as_deref().unwrap_or(""),
    )?;
    let mut filters =
        vec![(format!("/wilayah/{code}/keluarga?year={}", round.year), l.t("fam.all").to_string(), category.is_none())];
    filters.extend(Category::ALL.iter().map(|c| {
        (
            format!("/wilayah/{code}/keluarga?year={}&kategori={}", round.year, c.as_str()),
            view::category_label(l, Some(*c)).to_string(),
            category == Some(*c),
        )
    }));
    let page = ListPage {
        c: Layout::new(&ctx),
        l,
        code: code.to_string(),
        name: region.name,
        year: round.year,
        filters,
        rows: families.iter().map(|f| family_row(l, &m, f)).collect(),
        may_edit: ctx.who.may_edit(code),
    };
    Ok(Html(page.render()?).into_response())
}

/// A member as shown.
pub struct MemberView {
    /// Order.
    pub no: u8,
    /// NIK (masked unless allowed and asked).
    pub nik: String,
    /// Name (masked likewise).
    pub name: String,
    /// Sex.
    pub sex: String,
    /// Birth date, or only the birth year when masked.
    pub birth: String,
    /// Age on the reference date.
    pub age: u32,
    /// Relation.
    pub relation: String,
    /// Marital status.
    pub marital: String,
}

/// A variable's score for one family, with the reason.
pub struct ScoreView {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// `met`, `not-met`, `na`.
    pub class: &'static str,
    /// Result as shown.
    pub result: &'static str,
    /// Why.
    pub why: String,
}

#[derive(Template)]
#[template(path = "family.html")]
struct FamilyPage {
    c: Layout,
    l: Lang,
    year: u16,
    village: String,
    village_name: String,
    id: String,
    version: i64,
    rw_rt: String,
    kk: String,
    ibangga: String,
    category: &'static str,
    class: &'static str,
    unscored: bool,
    dims: Vec<(String, String)>,
    members: Vec<MemberView>,
    scores: Vec<ScoreView>,
    /// The coded answers: what each asks and what was answered, in words.
    answers: Vec<(String, String)>,
    nik_shown: bool,
    may_see_nik: bool,
    may_edit: bool,
    saved: bool,
    base: String,
}

/// Query of the family page.
#[derive(Debug, Deserialize, Default)]
pub struct ShowQuery {
    /// `1`: show NIKs and names (allowed roles; audited).
    pub nik: Option<u8>,
    /// Set after a successful save.
    pub saved: Option<u8>,
}

fn load(app: &AppState, ctx: &Ctx, year: u16, village: &str, id: &str) -> Result<(RegionCode, StoredFamily), AppError> {
    ctx.require_user()?;
    let village = village_of(village)?;
    if !ctx.who.may_view_families(village) {
        return Err(ctx.who.refusal(village));
    }
    let f = app.store.family(year, village, id)?.ok_or(AppError::NotFound)?;
    Ok((village, f))
}

/// `/keluarga/{year}/{village}/{id}`: one family, its members, answers, scores and why.
pub async fn show(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((year, village, id)): Path<(u16, String, String)>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let (village, f) = load(&app, &ctx, year, &village, &id)?;
    let l = ctx.lang;
    let may_see_nik = ctx.who.may_see_nik(village);
    let nik_shown = may_see_nik && q.nik == Some(1);
    let target = format!("{year}/{village}/{id}");
    ctx.audit(&app, if nik_shown { "family.view_nik" } else { "family.view" }, &target, &village.to_string(), "")?;
    let round = app.store.round(Some(year))?;
    let m = app.store.methodology(&round.methodology_id)?;
    let s = f.summary.score;
    let def = m.definition();
    let reference = m.reference_date(year);
    let dims = def
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| (view::dimension_label(l, &d.id), l.fig(m.dimension_index(s, i))))
        .collect();
    let members = f
        .answers
        .members
        .iter()
        .map(|a| {
            let person = f.people.iter().find(|p| p.0 == a.member_no);
            let nik = person.and_then(|p| p.1.clone()).unwrap_or_default();
            let name = person.map(|p| p.2.clone()).unwrap_or_default();
            MemberView {
                no: a.member_no,
                nik: if nik.is_empty() {
                    "—".into()
                } else if nik_shown {
                    nik
                } else {
                    kkb_domain::nik::mask(&nik)
                },
                name: if nik_shown { name } else { kkb_domain::nik::mask_name(&name) },
                sex: code_text(l, "sex", a.coded[0]),
                birth: if nik_shown { l.date(a.birth) } else { a.birth.year().to_string() },
                age: a.birth.age_on(reference),
                relation: code_text(l, "relation", a.coded[3]),
                marital: code_text(l, "marital_status", a.coded[1]),
            }
        })
        .collect();
    let scores = def
        .variables
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let bit = 1u32 << i;
            let (class, result) = if s.applicable & bit == 0 {
                ("na", l.t("fam.na"))
            } else if s.met & bit != 0 {
                ("met", l.t("fam.met_yes"))
            } else {
                ("not-met", l.t("fam.met_no"))
            };
            ScoreView {
                id: v.id.clone(),
                label: view::variable_label(l, &v.id, &v.name),
                class,
                result,
                why: explain(l, &v.rule, &f.answers, reference),
            }
        })
        .collect();
    let answers = FAMILY_CODED
        .iter()
        .enumerate()
        .map(|(slot, col)| (column_label(l, col), code_text(l, col, f.answers.coded[slot])))
        .collect();
    let region = app.store.region(village)?.map(|r| r.name).unwrap_or_default();
    let page = FamilyPage {
        c: Layout::new(&ctx),
        l,
        year,
        village: village.to_string(),
        village_name: region,
        id: id.clone(),
        version: f.summary.version,
        rw_rt: match (f.rw, f.rt) {
            (None, None) => "—".into(),
            (rw, rt) => format!(
                "{}/{}",
                rw.map(|x| x.to_string()).unwrap_or_default(),
                rt.map(|x| x.to_string()).unwrap_or_default()
            ),
        },
        kk: match &f.kk {
            Some(k) if nik_shown => k.clone(),
            Some(k) => kkb_domain::nik::mask(k),
            None => "—".into(),
        },
        ibangga: l.fig(m.ibangga(s)),
        category: view::category_label(l, f.summary.category),
        class: class_of(f.summary.category),
        unscored: m.ibangga(s).is_none(),
        dims,
        members,
        scores,
        answers,
        nik_shown,
        may_see_nik,
        may_edit: ctx.who.may_edit(village),
        saved: q.saved == Some(1),
        base: format!("/keluarga/{year}/{village}/{id}"),
    };
    Ok(Html(page.render()?).into_response())
}

/// The meanings of codes, as alternatives (`Tidak atau Ya`).
fn codes(l: Lang, column: &str, codes: &[u8]) -> String {
    codes.iter().map(|c| code_text(l, column, *c)).collect::<Vec<_>>().join(l.t("pk-explain-or"))
}

/// What a column asks, for a sentence: its PK label, or the id of a column the vocabulary lacks.
fn asks(l: Lang, column: &str) -> String {
    l.pk_column(column).unwrap_or(column).to_string()
}

/// Why a variable scored what it did for this family, in words (the PK form's labels and meanings, sentences from
/// the catalogue's `pk-explain-*`), with the family's own answers.
fn explain(l: Lang, rule: &Rule, a: &FamilyAnswers, reference: kkb_domain::date::Date) -> String {
    let answer = |col: &str| family_slot(col).map(|s| a.coded[s]).unwrap_or(0);
    let text = |s: String| Arg::Text(s);
    match rule {
        Rule::Answer { column, yes, no } => l.tr(
            "pk-explain-answer",
            &[
                ("column", text(asks(l, column))),
                ("answer", text(code_text(l, column, answer(column)))),
                ("yes", text(codes(l, column, yes))),
                ("no", text(codes(l, column, no))),
            ],
        ),
        Rule::NoneOf { columns, bad } => {
            let given: Vec<String> =
                columns.iter().map(|c| format!("{}: {}", asks(l, c), code_text(l, c, answer(c)))).collect();
            let bad = columns.first().map(|c| code_text(l, c, *bad)).unwrap_or_default();
            l.tr("pk-explain-none-of", &[("answers", text(given.join("; "))), ("bad", text(bad))])
        }
        Rule::AtLeast { columns, good, min } => {
            let n = columns.iter().filter(|c| answer(c) == *good).count();
            let label = |c: Option<&String>| c.map(|c| asks(l, c)).unwrap_or_default();
            l.tr(
                "pk-explain-at-least",
                &[
                    ("count", Arg::Int(n as i64)),
                    ("total", Arg::Int(columns.len() as i64)),
                    ("first", text(label(columns.first()))),
                    ("last", text(label(columns.last()))),
                    ("good", text(columns.first().map(|c| code_text(l, c, *good)).unwrap_or_default())),
                    ("min", Arg::Int(i64::from(*min))),
                ],
            )
        }
        Rule::Members { field, relation, age_min, age_max, fail } => {
            let slot = member_slot(field);
            let picked: Vec<String> = a
                .members
                .iter()
                .filter(|m| relation.as_ref().is_none_or(|r| r.contains(&m.code(kkb_domain::pk::columns::M_RELATION))))
                .filter(|m| {
                    let age = m.birth.age_on(reference);
                    age_min.is_none_or(|x| age >= x) && age_max.is_none_or(|x| age <= x)
                })
                .filter_map(|m| slot.map(|s| (m.member_no, m.coded[s])).filter(|(_, v)| *v != 0))
                .map(|(no, v)| {
                    l.tr(
                        "pk-explain-member",
                        &[("no", Arg::Int(i64::from(no))), ("answer", text(code_text(l, field, v)))],
                    )
                })
                .collect();
            let age = |x: u32| Arg::Int(i64::from(x));
            let who = match (age_min, age_max) {
                (Some(a), Some(b)) => l.tr("pk-explain-age-between", &[("min", age(*a)), ("max", age(*b))]),
                (Some(a), None) => l.tr("pk-explain-age-from", &[("min", age(*a))]),
                (None, Some(b)) => l.tr("pk-explain-age-to", &[("max", age(*b))]),
                (None, None) => String::new(),
            };
            let rel = relation.as_ref().map(|r| codes(l, "relation", r)).unwrap_or_default();
            let filter = [rel, who].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ");
            let filter = if filter.is_empty() { String::new() } else { format!(" ({filter})") };
            let picked = if picked.is_empty() { l.t("pk-explain-members-none").to_string() } else { picked.join(", ") };
            l.tr(
                "pk-explain-members",
                &[
                    ("field", text(asks(l, field))),
                    ("filter", text(filter)),
                    ("picked", text(picked)),
                    ("fail", text(codes(l, field, fail))),
                ],
            )
        }
        Rule::Head { field, map } => {
            let head = a.head().and_then(|h| member_slot(field).map(|s| h.coded[s])).unwrap_or(0);
            let met: Vec<u8> = map.iter().filter(|(_, v)| **v == 1).filter_map(|(k, _)| k.parse::<u8>().ok()).collect();
            l.tr(
                "pk-explain-head",
                &[
                    ("field", text(asks(l, field))),
                    ("answer", text(code_text(l, field, head))),
                    ("met", text(codes(l, field, &met))),
                ],
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// The correction and new-family forms.

/// One form input.
pub struct Field {
    /// Input name.
    pub name: String,
    /// Column (for the error's target).
    pub column: String,
    /// Label.
    pub label: String,
    /// Current value.
    pub value: String,
    /// Choices for a select (empty: a text input).
    pub options: Vec<(String, String)>,
    /// What is wrong with it.
    pub error: Option<String>,
}

/// One member row of the form.
pub struct MemberRow {
    /// Inputs in column order.
    pub fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "family_form.html")]
pub(crate) struct FormPage {
    c: Layout,
    l: Lang,
    title: String,
    action: String,
    cancel: String,
    version: String,
    family: Vec<Field>,
    member_headers: Vec<String>,
    members: Vec<MemberRow>,
    errors: Vec<String>,
}

/// Member columns of the form, in order: the anggota.csv columns but `family_id`.
const MEMBER_FORM: [&str; 12] = MEMBER_COLUMNS;

/// Family columns of the form (coded answers follow).
const FAMILY_FORM: [&str; 4] = ["family_id", "rw", "rt", "kk_number"];

/// Empty member rows offered for additions.
const SPARE_ROWS: usize = 2;

fn options(l: Lang, column: &str) -> Vec<(String, String)> {
    let coded = FAMILY_CODED.contains(&column) || MEMBER_CODED.iter().any(|m| m.0 == column);
    if !coded {
        return vec![];
    }
    let mut out = vec![(String::new(), l.t("form.empty").to_string())];
    let codes = kkb_domain::pk::vocab::column(column).map_or(0, |c| c.codes.len()) as u8;
    out.extend((1..=codes).map(|c| (c.to_string(), code_choice(l, column, c))));
    out
}

/// Form values (input name → value) from a stored family.
fn values_of(f: &StoredFamily) -> HashMap<String, String> {
    let mut v = HashMap::new();
    v.insert("family_id".into(), f.summary.family_id.clone());
    v.insert("rw".into(), f.rw.map(|x| x.to_string()).unwrap_or_default());
    v.insert("rt".into(), f.rt.map(|x| x.to_string()).unwrap_or_default());
    v.insert("kk_number".into(), f.kk.clone().unwrap_or_default());
    for (slot, col) in FAMILY_CODED.iter().enumerate() {
        let c = f.answers.coded[slot];
        v.insert(col.to_string(), if c == 0 { String::new() } else { c.to_string() });
    }
    for (i, m) in f.answers.members.iter().enumerate() {
        let person = f.people.iter().find(|p| p.0 == m.member_no);
        v.insert(format!("m{i}_member_no"), m.member_no.to_string());
        v.insert(format!("m{i}_nik"), person.and_then(|p| p.1.clone()).unwrap_or_default());
        v.insert(format!("m{i}_name"), person.map(|p| p.2.clone()).unwrap_or_default());
        v.insert(format!("m{i}_birth_date"), m.birth.to_string());
        for (slot, (col, _, _)) in MEMBER_CODED.iter().enumerate() {
            let c = m.coded[slot];
            v.insert(format!("m{i}_{col}"), if c == 0 { String::new() } else { c.to_string() });
        }
    }
    v
}

fn member_count(values: &HashMap<String, String>) -> usize {
    (0..100).take_while(|i| values.contains_key(&format!("m{i}_member_no"))).count()
}

fn member_is_empty(values: &HashMap<String, String>, i: usize) -> bool {
    MEMBER_FORM.iter().all(|c| values.get(&format!("m{i}_{c}")).is_none_or(|v| v.trim().is_empty()))
}

/// What frames a family form.
pub(crate) struct FormMeta {
    pub(crate) title: String,
    pub(crate) action: String,
    pub(crate) cancel: String,
    /// The edited version ("" for a new family).
    pub(crate) version: String,
    /// A new family (its id is typed) or a correction (its id is fixed).
    pub(crate) new: bool,
}

/// Builds the page from values and problems; `rows_of_members` maps anggota.csv rows to form member indexes.
pub(crate) fn form_page(
    ctx: &Ctx,
    meta: FormMeta,
    values: &HashMap<String, String>,
    problems: &[Problem],
    rows_of_members: &[usize],
) -> FormPage {
    let FormMeta { title, action, cancel, version, new } = meta;
    let l = ctx.lang;
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let mut errors = Vec::new();
    let mut field_errors: HashMap<String, String> = HashMap::new();
    for p in problems {
        let target = if p.file == "anggota.csv" {
            match p.row.checked_sub(2).and_then(|r| rows_of_members.get(r)) {
                Some(i) => {
                    errors.push(format!(
                        "{} {}, {}: {}",
                        l.t("fam.members"),
                        i + 1,
                        column_label(l, &p.column),
                        l.reason(&p.reason)
                    ));
                    format!("m{i}_{}", p.column)
                }
                None => {
                    errors.push(l.reason(&p.reason));
                    String::new()
                }
            }
        } else {
            errors.push(if p.column.is_empty() {
                l.reason(&p.reason)
            } else {
                format!("{}: {}", column_label(l, &p.column), l.reason(&p.reason))
            });
            p.column.clone()
        };
        if !target.is_empty() {
            field_errors.entry(target).or_insert_with(|| l.reason(&p.reason));
        }
    }
    let field = |name: String, column: &str| Field {
        value: get(&name),
        error: field_errors.get(&name).cloned(),
        label: column_label(l, column),
        options: options(l, column),
        column: column.to_string(),
        name,
    };
    let mut family: Vec<Field> =
        FAMILY_FORM.iter().filter(|c| new || **c != "family_id").map(|c| field(c.to_string(), c)).collect();
    family.extend(FAMILY_CODED.iter().map(|c| field(c.to_string(), c)));
    let rows = member_count(values) + SPARE_ROWS;
    let members = (0..rows)
        .map(|i| MemberRow { fields: MEMBER_FORM.iter().map(|c| field(format!("m{i}_{c}"), c)).collect() })
        .collect();
    FormPage {
        c: Layout::new(ctx),
        l,
        title,
        action,
        cancel,
        version,
        family,
        member_headers: MEMBER_FORM.iter().map(|c| column_label(l, c)).collect(),
        members,
        errors,
    }
}

/// The submitted form through the importer's own validator ([`kkb_domain::pk::form::read_typed`]). Returns the
/// family, or the problems (anggota.csv row `r` is the `r - 2`th non-empty member row, see [`member_rows`]).
pub(crate) fn validate_form(
    app: &AppState,
    year: u16,
    village: RegionCode,
    values: &HashMap<String, String>,
) -> Result<Result<kkb_domain::pk::Family, Vec<Problem>>, AppError> {
    let get = |k: &str| values.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let mut typed = TypedFamily::default();
    typed.set("family_id", get("family_id"));
    typed.set("village_code", village.to_string());
    typed.set("pk_year", year.to_string());
    for c in ["rw", "rt", "kk_number"].iter().chain(FAMILY_CODED.iter()) {
        typed.set(c, get(c));
    }
    typed.members = member_rows(values)
        .into_iter()
        .map(|i| MEMBER_FORM.iter().map(|c| (c.to_string(), get(&format!("m{i}_{c}")))).collect())
        .collect();
    let regions = app.store.region_set()?;
    let is_village = |c| regions.is_village(c);
    let is_province = |p| regions.is_province(p);
    let pk = Context { is_village: &is_village, is_province: &is_province, today: kkb_domain::date::today_utc() };
    Ok(read_typed(&typed, &pk))
}

pub(crate) fn member_rows(values: &HashMap<String, String>) -> Vec<usize> {
    (0..member_count(values) + SPARE_ROWS).filter(|i| !member_is_empty(values, *i)).collect()
}

/// `/keluarga/{year}/{village}/{id}/ubah`: the correction form (shows NIKs: audited).
pub async fn edit_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((year, village, id)): Path<(u16, String, String)>,
) -> Result<Response, AppError> {
    let (village, f) = load(&app, &ctx, year, &village, &id)?;
    if !ctx.who.may_edit(village) {
        return Err(ctx.who.refusal(village));
    }
    ctx.audit(&app, "family.edit_form", &format!("{year}/{village}/{id}"), &village.to_string(), "")?;
    let values = values_of(&f);
    let base = format!("/keluarga/{year}/{village}/{id}");
    let meta = FormMeta {
        title: format!("{} {id}", ctx.lang.t("fam.edit")),
        action: format!("{base}/ubah"),
        cancel: base,
        version: f.summary.version.to_string(),
        new: false,
    };
    let page = form_page(&ctx, meta, &values, &[], &[]);
    Ok(Html(page.render()?).into_response())
}

fn conflict_problem(message: String) -> Problem {
    Problem::whole("keluarga.csv", Reason::Conflict { message })
}

/// Saves a validated form, or re-renders it with what the user typed and what to fix.
fn save(
    app: &AppState,
    ctx: &Ctx,
    year: u16,
    village: RegionCode,
    values: HashMap<String, String>,
    expected: Option<i64>,
    meta: FormMeta,
) -> Result<Response, AppError> {
    let rows = member_rows(&values);
    let problems = match validate_form(app, year, village, &values)? {
        Ok(family) => {
            match app.store.save_family_with(&family, expected, "web", &crate::uploads::nik_taken(&ctx.who)) {
                Ok(_) => {
                    let target = format!("{year}/{village}/{}", family.key.family_id);
                    ctx.audit(
                        app,
                        if expected.is_some() { "family.update" } else { "family.create" },
                        &target,
                        &village.to_string(),
                        "",
                    )?;
                    return Ok(Redirect::to(&format!("/keluarga/{target}?saved=1")).into_response());
                }
                Err(StoreError::Problems(p)) => p,
                Err(StoreError::Refused(r)) => vec![Problem::whole("keluarga.csv", r)],
                Err(StoreError::Conflict(m)) => vec![conflict_problem(m)],
                Err(e) => return Err(e.into()),
            }
        }
        Err(p) => p,
    };
    let page = form_page(ctx, meta, &values, &problems, &rows);
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

/// POST `/keluarga/{year}/{village}/{id}/ubah`.
pub async fn update(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((year, village, id)): Path<(u16, String, String)>,
    axum::Form(mut values): axum::Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    ctx.check_csrf(values.get("csrf").map(String::as_str))?;
    let village = village_of(&village)?;
    if !ctx.who.may_edit(village) {
        return Err(ctx.who.refusal(village));
    }
    let expected: i64 = values
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| AppError::BadRequest(ctx.lang.reason(&Reason::FormVersionMissing)))?;
    values.insert("family_id".into(), id.clone());
    let base = format!("/keluarga/{year}/{village}/{id}");
    let meta = FormMeta {
        title: format!("{} {id}", ctx.lang.t("fam.edit")),
        action: format!("{base}/ubah"),
        cancel: base,
        version: expected.to_string(),
        new: false,
    };
    save(&app, &ctx, year, village, values, Some(expected), meta)
}

/// Query naming a round.
#[derive(Debug, Deserialize, Default)]
pub struct YearQuery {
    /// The round.
    pub year: Option<u16>,
}

/// `/wilayah/{village}/keluarga/baru`: the new-family form.
pub async fn new_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(village): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    let village = village_of(&village)?;
    if !ctx.who.may_edit(village) {
        return Err(ctx.who.refusal(village));
    }
    let year = round_year(&app, q.year)?;
    let mut values = HashMap::new();
    values.insert("m0_member_no".to_string(), "1".to_string());
    values.insert("m0_relation".to_string(), "1".to_string());
    let meta = FormMeta {
        title: format!("{} ({year})", ctx.lang.t("form.new_family")),
        action: format!("/wilayah/{village}/keluarga/baru?year={year}"),
        cancel: format!("/wilayah/{village}?year={year}"),
        version: String::new(),
        new: true,
    };
    let page = form_page(&ctx, meta, &values, &[], &[]);
    Ok(Html(page.render()?).into_response())
}

/// POST `/wilayah/{village}/keluarga/baru`.
pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(village): Path<String>,
    Query(q): Query<YearQuery>,
    axum::Form(values): axum::Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    ctx.require_user()?;
    ctx.check_csrf(values.get("csrf").map(String::as_str))?;
    let village = village_of(&village)?;
    if !ctx.who.may_edit(village) {
        return Err(ctx.who.refusal(village));
    }
    let year = round_year(&app, q.year)?;
    let meta = FormMeta {
        title: format!("{} ({year})", ctx.lang.t("form.new_family")),
        action: format!("/wilayah/{village}/keluarga/baru?year={year}"),
        cancel: format!("/wilayah/{village}?year={year}"),
        version: String::new(),
        new: true,
    };
    save(&app, &ctx, year, village, values, None, meta)
}
