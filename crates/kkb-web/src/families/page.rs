//! One family's page: its members (masked unless the reader may and asks to see NIKs), answers, scores, and
//! why each variable scored what it did ([`explain`]).

use super::{class_of, code_text, column_label, load};
use crate::i18n::Lang;
use crate::layout::Layout;
use crate::view;
use crate::{AppError, AppState, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use kkb_domain::methodology::Rule;
use kkb_domain::pk::FamilyAnswers;
use kkb_domain::pk::columns::{FAMILY_CODED, family_slot, member_slot};
use kkb_i18n::Arg;
use serde::Deserialize;

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

/// `/keluarga/{year}/{village}/{id}`: one family, its members, answers, scores and why.
pub async fn show(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((year, village, id)): Path<(u16, String, String)>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, f) = load(app, &ctx, year, &village, &id)?;
        let l = ctx.lang;
        let may_see_nik = ctx.who.may_see_nik(village);
        let nik_shown = may_see_nik && q.nik == Some(1);
        let target = format!("{year}/{village}/{id}");
        ctx.audit(app, if nik_shown { "family.view_nik" } else { "family.view" }, &target, &village.to_string(), "")?;
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
    })
    .await
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
