//! A monthly report, new or corrected, and its verification by a district officer.

use super::{Field, KampungForm, Section, Submitted, Values, posted, refusal, saved};
use crate::i18n::Lang;
use crate::view;
use crate::{AppError, AppState, Ctx};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kkb_domain::date::today_utc;
use kkb_domain::kampung::*;
use serde::Deserialize;

/// The report form.
const REPORT: KampungForm = KampungForm { title: "kf.report_title", path: "laporan", intro: None };

const USER_FIELDS: [&str; 7] = ["mow", "mop", "iud", "implan", "suntik", "pil", "kondom"];
const NOT_USING_FIELDS: [&str; 4] = ["hamil", "ingin_anak_segera", "iat", "tial"];
const PARTICIPANT_FIELDS: [&str; 5] = ["bkb", "bkr", "bkl", "uppka", "pik_r"];

fn report_values(r: &MonthlyReportForm) -> Vec<(String, String)> {
    let (u, n, q) = (&r.contraceptive_users, &r.pus_not_using, &r.participants);
    let mut v = vec![("month".to_string(), r.month.clone()), ("pus".to_string(), r.pus.to_string())];
    for (k, x) in USER_FIELDS.iter().zip([u.mow, u.mop, u.iud, u.implan, u.suntik, u.pil, u.kondom]) {
        v.push((format!("contraceptive_users.{k}"), x.to_string()));
    }
    for (k, x) in NOT_USING_FIELDS.iter().zip([n.hamil, n.ingin_anak_segera, n.iat, n.tial]) {
        v.push((format!("pus_not_using.{k}"), x.to_string()));
    }
    for (k, x) in PARTICIPANT_FIELDS.iter().zip([q.bkb, q.bkr, q.bkl, q.uppka, q.pik_r]) {
        v.push((format!("participants.{k}"), x.to_string()));
    }
    v
}

fn report_sections(l: Lang, values: &Values, month_fixed: bool) -> Vec<Section> {
    let value = |k: &str| super::value(values, k);
    let group = |prefix: &str, names: &[&str], labels: &[&str]| -> Vec<Field> {
        names
            .iter()
            .zip(labels)
            .map(|(k, lab)| {
                let name = format!("{prefix}.{k}");
                Field::new(&name, *lab, "number", value(&name))
            })
            .collect()
    };
    let mut month = Field::new("month", l.t("kampung.month"), "month", value("month"));
    if month_fixed {
        month.kind = "fixed";
    }
    vec![
        Section {
            legend: l.t("kf.report").into(),
            fields: vec![month, Field::new("pus", "PUS", "number", value("pus"))],
        },
        Section {
            legend: l.t("kf.users_by_method").into(),
            fields: group(
                "contraceptive_users",
                &USER_FIELDS,
                &["MOW", "MOP", "IUD", "Implan", "Suntik", "Pil", "Kondom"],
            ),
        },
        Section {
            legend: l.t("kf.not_using").into(),
            fields: group(
                "pus_not_using",
                &NOT_USING_FIELDS,
                &[l.t("kf.hamil"), l.t("kf.ingin_anak_segera"), l.t("kf.iat"), l.t("kf.tial")],
            ),
        },
        Section {
            legend: l.t("kf.participants").into(),
            fields: group("participants", &PARTICIPANT_FIELDS, &["BKB", "BKR", "BKL", "UPPKA", "PIK-R"]),
        },
    ]
}

/// `?bulan=YYYY-MM` of the report form: the month to change.
#[derive(Deserialize)]
pub struct MonthQuery {
    bulan: Option<String>,
}

/// `GET /kampung/{village}/laporan[?bulan=YYYY-MM]`: a new monthly report, or the given month's to correct.
pub async fn report_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, record) = super::kampung(app, &ctx, &v)?;
        let existing = match q.bulan.as_deref().map(YearMonth::parse) {
            Some(Some(m)) => Some(app.store.report(village, m)?.ok_or(AppError::NotFound)?),
            Some(None) => {
                return Err(AppError::BadRequest(ctx.lang.reason(&kkb_domain::problem::Reason::NotAMonth)));
            }
            None => None,
        };
        let l = ctx.lang;
        let form = match &existing {
            Some(r) => report_form_of(r),
            None => MonthlyReportForm { month: YearMonth::of(today_utc()).to_string(), ..Default::default() },
        };
        let mut page = REPORT.shown(app, &ctx, &record, report_sections(l, &report_values(&form), existing.is_some()));
        if existing.is_some() {
            page.hidden.push(("replace".into(), "1".into()));
            page.intro = l.t("kf.report_replace").into();
        }
        page.respond(StatusCode::OK)
    })
    .await
}

fn report_form_of(r: &MonthlyReport) -> MonthlyReportForm {
    let (u, n, q) = (&r.contraceptive_users, &r.pus_not_using, &r.participants);
    let i = i64::from;
    MonthlyReportForm {
        month: r.month.to_string(),
        pus: i(r.pus),
        contraceptive_users: ContraceptiveUsers {
            mow: i(u.mow),
            mop: i(u.mop),
            iud: i(u.iud),
            implan: i(u.implan),
            suntik: i(u.suntik),
            pil: i(u.pil),
            kondom: i(u.kondom),
        },
        pus_not_using: PusNotUsing {
            hamil: i(n.hamil),
            ingin_anak_segera: i(n.ingin_anak_segera),
            iat: i(n.iat),
            tial: i(n.tial),
        },
        participants: Participants {
            bkb: i(q.bkb),
            bkr: i(q.bkr),
            bkl: i(q.bkl),
            uppka: i(q.uppka),
            pik_r: i(q.pik_r),
        },
    }
}

/// `POST /kampung/{village}/laporan`.
pub async fn save_report(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(v): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let (village, _, f) = posted(app, &ctx, &v, form)?;
        let replace = f.has("replace");
        let mut problems = Vec::new();
        let c = |k: &str, p: &mut Vec<FieldProblem>| f.count(k, p);
        let typed = MonthlyReportForm {
            month: f.get("month").to_string(),
            pus: c("pus", &mut problems),
            contraceptive_users: ContraceptiveUsers {
                mow: c("contraceptive_users.mow", &mut problems),
                mop: c("contraceptive_users.mop", &mut problems),
                iud: c("contraceptive_users.iud", &mut problems),
                implan: c("contraceptive_users.implan", &mut problems),
                suntik: c("contraceptive_users.suntik", &mut problems),
                pil: c("contraceptive_users.pil", &mut problems),
                kondom: c("contraceptive_users.kondom", &mut problems),
            },
            pus_not_using: PusNotUsing {
                hamil: c("pus_not_using.hamil", &mut problems),
                ingin_anak_segera: c("pus_not_using.ingin_anak_segera", &mut problems),
                iat: c("pus_not_using.iat", &mut problems),
                tial: c("pus_not_using.tial", &mut problems),
            },
            participants: Participants {
                bkb: c("participants.bkb", &mut problems),
                bkr: c("participants.bkr", &mut problems),
                bkl: c("participants.bkl", &mut problems),
                uppka: c("participants.uppka", &mut problems),
                pik_r: c("participants.pik_r", &mut problems),
            },
        };
        // Words where numbers go were read as 0 above; the domain's rules still check every other field.
        match typed.parse(village, today_utc()) {
            Ok(report) if problems.is_empty() => match app.store.save_report(&report, replace) {
                Ok(_) => return saved(app, &ctx, village, "kampung.report", &report.month.to_string()),
                Err(e) => problems = refusal(e, "month")?,
            },
            Ok(_) => {}
            Err(p) => problems.extend(p),
        }
        // Re-show exactly what was typed, including what is not a number.
        let values: Vec<(String, String)> = report_values(&typed)
            .into_iter()
            .map(|(k, _)| {
                let typed = f.get(&k).to_string();
                (k, typed)
            })
            .collect();
        let mut page = REPORT.retyped(app, &ctx, village, report_sections(ctx.lang, &values, replace));
        if replace {
            page.hidden.push(("replace".into(), "1".into()));
        }
        page.with_problems(&problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
    })
    .await
}

/// `POST /kampung/{village}/laporan/{month}/verifikasi`: a district officer verifies a report.
pub async fn verify_report(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((v, month)): Path<(String, String)>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    app.db(move |app| -> Result<_, AppError> {
        let village = view::region_code(&v)?;
        ctx.require_user()?;
        if !ctx.who.may_verify_kampung(village) {
            return Err(ctx.who.refusal(village));
        }
        ctx.check_csrf(Some(Submitted(form).get("csrf")))?;
        let month = YearMonth::parse(&month).ok_or(AppError::NotFound)?;
        app.store.verify_report(village, month, ctx.who.username())?;
        ctx.audit(app, "kampung.verify", &format!("kampung {village}"), &village.to_string(), &month.to_string())?;
        Ok(Redirect::to(&format!("/kampung/{village}?ok=kampung.verify#laporan")).into_response())
    })
    .await
}
