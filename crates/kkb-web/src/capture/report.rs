//! A `laporan-kampung` submission: the registry's monthly report of the village's Kampung KB, through the same
//! validation as the web report form ([`MonthlyReportForm::parse`]) and the same store write, then the class
//! recomputed as after a web save.

use super::apply::{Base, Done, Fate};
use super::instance::Node;
use super::problems::{CaptureProblem, Reason};
use crate::AppState;
use kkb_domain::kampung::{ContraceptiveUsers, FieldProblem, MonthlyReportForm, Participants, PusNotUsing};
use kkb_store::StoreError;

/// The report's counts: (element in the instance, field of the report form).
pub const COUNTS: [(&str, &str); 17] = [
    ("pus", "pus"),
    ("mow", "contraceptive_users.mow"),
    ("mop", "contraceptive_users.mop"),
    ("iud", "contraceptive_users.iud"),
    ("implan", "contraceptive_users.implan"),
    ("suntik", "contraceptive_users.suntik"),
    ("pil", "contraceptive_users.pil"),
    ("kondom", "contraceptive_users.kondom"),
    ("hamil", "pus_not_using.hamil"),
    ("ingin_anak_segera", "pus_not_using.ingin_anak_segera"),
    ("iat", "pus_not_using.iat"),
    ("tial", "pus_not_using.tial"),
    ("bkb", "participants.bkb"),
    ("bkr", "participants.bkr"),
    ("bkl", "participants.bkl"),
    ("uppka", "participants.uppka"),
    ("pik_r", "participants.pik_r"),
];

/// The instance path of a report field (`contraceptive_users.iud` → `iud`); the totals' rules are shown at `pus`.
pub fn path_of(field: &str) -> String {
    match COUNTS.iter().find(|(_, f)| *f == field) {
        Some((e, _)) => e.to_string(),
        None if field == "month" => "month".into(),
        None => "pus".into(),
    }
}

fn problem(p: FieldProblem, value: &str) -> CaptureProblem {
    CaptureProblem::rule(path_of(&p.field), p.field.clone(), value, &p.reason)
}

/// The report form of an instance: counts that are not whole numbers are problems (and read as 0).
pub fn form_of(values: &dyn Fn(&str) -> String) -> (MonthlyReportForm, Vec<CaptureProblem>) {
    let mut problems = Vec::new();
    let mut n = |element: &str| -> i64 {
        let v = values(element);
        if v.is_empty() {
            return 0;
        }
        v.parse().unwrap_or_else(|_| {
            let field = COUNTS.iter().find(|(e, _)| *e == element).map(|(_, f)| *f).unwrap_or(element);
            problems.push(problem(
                FieldProblem { field: field.into(), reason: kkb_domain::problem::Reason::NotWholeNumber },
                &v,
            ));
            0
        })
    };
    let form = MonthlyReportForm {
        month: values("month"),
        pus: n("pus"),
        contraceptive_users: ContraceptiveUsers {
            mow: n("mow"),
            mop: n("mop"),
            iud: n("iud"),
            implan: n("implan"),
            suntik: n("suntik"),
            pil: n("pil"),
            kondom: n("kondom"),
        },
        pus_not_using: PusNotUsing {
            hamil: n("hamil"),
            ingin_anak_segera: n("ingin_anak_segera"),
            iat: n("iat"),
            tial: n("tial"),
        },
        participants: Participants {
            bkb: n("bkb"),
            bkr: n("bkr"),
            bkl: n("bkl"),
            uppka: n("uppka"),
            pik_r: n("pik_r"),
        },
    };
    (form, problems)
}

/// Validates and saves a monthly report. An officer applying it from the queue replaces a report of the same
/// month (an explicit decision, audited); a phone never does.
pub fn apply(app: &AppState, node: &Node, base: &Base) -> Result<Fate, StoreError> {
    let Some(village) = super::pk::village_of(node) else {
        return Ok(Fate::Review(vec![CaptureProblem::at("village_code", Reason::VillageInvalid)]));
    };
    let (form, mut problems) = form_of(&|e| node.text_at(e).to_string());
    let report = match form.parse(village, kkb_domain::date::today_utc()) {
        Ok(r) if problems.is_empty() => r,
        Ok(_) => return Ok(Fate::Review(problems)),
        Err(p) => {
            problems.extend(p.into_iter().map(|p| {
                let v = node.text_at(&path_of(&p.field)).to_string();
                problem(p, &v)
            }));
            return Ok(Fate::Review(problems));
        }
    };
    let month = report.month.to_string();
    match app.store.save_report(&report, matches!(base, Base::Officer)) {
        Ok(_) => {
            app.store.refresh_class(village)?;
            Ok(Fate::Applied(Done {
                family_id: String::new(),
                assigned: false,
                version: None,
                target: format!("kampung {village}"),
                village,
                month: Some(month),
            }))
        }
        Err(StoreError::Conflict(_) | StoreError::Refused(_)) => {
            Ok(Fate::Review(vec![CaptureProblem::at("month", Reason::ReportExists { month })]))
        }
        Err(StoreError::NotFound(_)) => Ok(Fate::Review(vec![CaptureProblem::at("village_code", Reason::NoKampung)])),
        Err(StoreError::Problems(p)) => Ok(Fate::Review(
            p.into_iter()
                .map(|p| CaptureProblem::rule(path_of(&p.column), p.column.clone(), p.value.clone(), &p.reason))
                .collect(),
        )),
        Err(e) => Err(e),
    }
}
