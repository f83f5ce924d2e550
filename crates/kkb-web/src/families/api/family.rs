//! `GET /api/v1/families/{year}/{village}/{id}`: one family with its answers, members and scores, masked unless
//! the reader may see NIKs and asks to (every read audited, an unmasked one apart).

use crate::error::ErrorAnswer;
use crate::{AppError, AppState, Ctx, view};
use axum::Json;
use axum::extract::{Path, Query, State};
use indexmap::IndexMap;
use kkb_domain::methodology::Category;
use kkb_domain::nik::{mask, mask_name};
use kkb_domain::pk::columns::{FAMILY_CODED, MEMBER_CODED};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Query of the family endpoint.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FamilyQuery {
    /// true to unmask NIK and names (village cadres and field officers of the village only)
    pub reveal: Option<bool>,
}

/// One family with its answers, members and scores.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyDetail {
    /// The PK round.
    pub year: u16,
    /// The village (dotted code).
    pub village: String,
    /// The family's id in its data set.
    pub family_id: String,
    /// Grows by one with every change.
    pub version: i64,
    /// Rukun warga, if given.
    pub rw: Option<u16>,
    /// Rukun tetangga, if given.
    pub rt: Option<u16>,
    /// The KK number: masked to its province digits unless unmasked.
    pub kk_number: Option<String>,
    /// The coded answers by column (p01 … kb_reason_not_using, docs/pk-import.md); null when empty.
    pub answers: IndexMap<String, Option<u8>>,
    /// The members, in member_no order.
    pub members: Vec<MemberDetail>,
    /// The family's scores.
    pub score: FamilyScoreView,
}

/// A member. Masked unless unmasked: the NIK shows only its province digits, the name only its first letter,
/// and the birth date is null (it is digits 7–12 of the NIK).
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDetail {
    /// Order in the family.
    pub member_no: u8,
    /// The NIK.
    pub nik: Option<String>,
    /// The name.
    pub name: String,
    /// YYYY-MM-DD, unmasked only.
    pub birth_date: Option<String>,
    /// The birth year.
    pub birth_year: i32,
    /// Age on the round's reference date.
    pub age: u32,
    /// The coded answers by column (sex, marital_status, birth_certificate, relation, religion, education,
    /// in_school, health_insurance); null when empty.
    #[serde(flatten)]
    pub coded: IndexMap<String, Option<u8>>,
}

/// A family's scores.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyScoreView {
    /// The methodology of the round.
    pub methodology: String,
    /// The family's iBangga; null when unscored.
    pub ibangga: Option<f64>,
    /// Its category; null when unscored.
    pub category: Option<Category>,
    /// Dimension id → index.
    pub dimensions: IndexMap<String, Option<f64>>,
    /// Every variable: whether it applies and is met.
    pub variables: Vec<VariableMet>,
}

/// One variable of a family.
#[derive(Debug, Serialize, ToSchema)]
pub struct VariableMet {
    /// Variable id.
    pub id: String,
    /// It applies to the family (not NA).
    pub applicable: bool,
    /// The family scores 1 on it.
    pub met: bool,
}

/// A code as the API writes it: null for an empty answer.
fn code(c: u8) -> Option<u8> {
    (c != 0).then_some(c)
}

/// One family
///
/// One family: answers, members and scores. Members carry birth_year and age; unless reveal=true (roles that may
/// see NIKs; every such read is audited) the NIK shows only its province digits, the name only its first letter,
/// and birth_date is null
#[utoipa::path(
    get,
    path = "/families/{year}/{village}/{id}",
    tag = "families",
    params(
        ("year" = u16, Path, description = "PK round"),
        ("village" = String, Path, description = "village code"),
        ("id" = String, Path, description = "family_id"),
        FamilyQuery,
    ),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The family", body = FamilyDetail),
        (status = 401, description = "No or invalid token/session", body = ErrorAnswer),
        (status = 403, description = "Outside the user's region or role", body = ErrorAnswer),
        (status = 404, description = "Unknown round, village or family", body = ErrorAnswer),
    )
)]
pub(super) async fn family(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((year, village, id)): Path<(u16, String, String)>,
    Query(q): Query<FamilyQuery>,
) -> Result<Json<FamilyDetail>, AppError> {
    if !ctx.who.is_user() {
        return Err(AppError::TokenRequired);
    }
    app.db(move |app| -> Result<_, AppError> {
        let village = view::region_code(&village)?;
        if !ctx.who.may_view_families(village) {
            return Err(ctx.who.refusal(village));
        }
        let reveal = q.reveal == Some(true);
        if reveal && !ctx.who.may_see_nik(village) {
            return Err(ctx.who.refusal(village));
        }
        let f = app.store.family(year, village, &id)?.ok_or(AppError::NotFound)?;
        let action = if reveal { "family.view_nik" } else { "family.view" };
        ctx.audit(app, action, &format!("{year}/{village}/{id}"), &village.to_string(), "api")?;
        let round = app.store.round(Some(year))?;
        let m = app.store.methodology(&round.methodology_id)?;
        let def = m.definition();
        let reference = m.reference_date(year);
        let s = f.summary.score;
        let answers = FAMILY_CODED.iter().zip(f.answers.coded).map(|(col, c)| (col.to_string(), code(c))).collect();
        let members = f
            .answers
            .members
            .iter()
            .map(|a| {
                let p = f.people.iter().find(|p| p.0 == a.member_no);
                let nik = p.and_then(|p| p.1.clone());
                let name = p.map(|p| p.2.clone()).unwrap_or_default();
                // Masked: the NIK's province digits, the name's first letter, and the birth year and age instead
                // of the birth date (which is digits 7-12 of the NIK).
                MemberDetail {
                    member_no: a.member_no,
                    nik: nik.map(|n| if reveal { n } else { mask(&n) }),
                    name: if reveal { name } else { mask_name(&name) },
                    birth_date: reveal.then(|| a.birth.to_string()),
                    birth_year: a.birth.year(),
                    age: a.birth.age_on(reference),
                    coded: MEMBER_CODED
                        .iter()
                        .zip(a.coded)
                        .map(|((col, _, _), c)| (col.to_string(), code(c)))
                        .collect(),
                }
            })
            .collect();
        let dimensions =
            def.dimensions.iter().enumerate().map(|(i, d)| (d.id.clone(), m.dimension_index(s, i))).collect();
        let variables = def
            .variables
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let applicable = s.applicable & (1 << i) != 0;
                VariableMet { id: v.id.clone(), applicable, met: applicable && s.met & (1 << i) != 0 }
            })
            .collect();
        Ok(Json(FamilyDetail {
            year,
            village: village.to_string(),
            family_id: id,
            version: f.summary.version,
            rw: f.rw,
            rt: f.rt,
            kk_number: f.kk.map(|k| if reveal { k } else { mask(&k) }),
            answers,
            members,
            score: FamilyScoreView {
                methodology: round.methodology_id,
                ibangga: m.ibangga(s),
                category: f.summary.category,
                dimensions,
                variables,
            },
        }))
    })
    .await
}
