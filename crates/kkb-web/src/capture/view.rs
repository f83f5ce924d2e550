//! The typed views of the capture pages and API: a submission in a list, and one submission side by side with
//! what is stored, field by field, differences marked and problems at their fields. Masking is applied while the
//! view is built: NIKs, KK numbers and names only for roles that may see them.

use super::instance::Node;
use super::problems::{CaptureProblem, from_json};
use super::report::COUNTS;
use crate::families::{code_text, column_label};
use crate::i18n::Lang;
use kkb_domain::kampung::MonthlyReport;
use kkb_domain::nik::{mask, mask_name};
use kkb_domain::pk::columns::{FAMILY_CODED, family_slot, member_slot};
use kkb_domain::pk::form::MEMBER_COLUMNS;
use kkb_store::{StoredFamily, Submission};
use serde::Serialize;

/// A problem as listed: where and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[schema(as = SubmissionProblem)]
pub struct ProblemView {
    /// The path in the instance (`anggota[2]/nik`).
    pub field: String,
    /// Why, in the reader's language.
    pub reason: String,
    /// A stable machine code (`rule`, `stale_version`, …).
    pub code: &'static str,
}

/// The problems of a submission in a language.
pub fn problem_views(l: Lang, problems: &[CaptureProblem]) -> Vec<ProblemView> {
    problems.iter().map(|p| ProblemView { field: p.field.clone(), reason: p.text(l), code: p.code() }).collect()
}

/// A submission in a list (page and JSON API alike).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = Submission)]
pub struct SubmissionItem {
    /// Internal id (the page's link).
    #[serde(skip)]
    pub id: i64,
    /// `meta/instanceID` exactly as sent.
    pub instance_id: String,
    /// The form.
    pub form_id: String,
    /// The village (dotted code).
    pub village_code: String,
    /// The family ("" when none yet).
    pub family_id: String,
    /// When it arrived (RFC 3339 UTC).
    pub received_at: String,
    /// Its status.
    pub status: String,
    /// Who sent it.
    pub sent_by: String,
    /// The officer's note.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Why it waits.
    pub problems: Vec<ProblemView>,
}

impl SubmissionItem {
    /// The item of a stored submission.
    pub fn of(l: Lang, s: &Submission) -> SubmissionItem {
        SubmissionItem {
            id: s.id,
            instance_id: s.instance_id.clone(),
            form_id: s.form_id.clone(),
            village_code: s.village.clone(),
            family_id: s.family_id.clone(),
            received_at: s.received_at.clone(),
            status: s.status.clone(),
            sent_by: s.username.clone(),
            note: s.note.clone(),
            problems: problem_views(l, &from_json(&s.problems)),
        }
    }
}

/// One field, as sent and as stored.
#[derive(Debug, Clone)]
pub struct Row {
    /// The instance path.
    pub field: String,
    /// What the field is.
    pub label: String,
    /// As sent.
    pub sent: String,
    /// As stored ("" when nothing is stored).
    pub stored: String,
    /// Whether they differ.
    pub differs: bool,
    /// Problems at this field.
    pub problems: Vec<String>,
}

/// A group of rows (the family, each member, the report).
#[derive(Debug, Clone)]
pub struct Section {
    /// Its title.
    pub title: String,
    /// Its rows.
    pub rows: Vec<Row>,
}

/// How values are shown to this reader.
pub struct Shown<'a> {
    /// The language.
    pub l: Lang,
    /// Whether NIKs, KK numbers and names are shown unmasked.
    pub pii: bool,
    /// The problems, to put at their fields.
    pub problems: &'a [CaptureProblem],
    /// Whether an empty `nik`/`kk_number` means "keep the stored one" (pk-perbarui).
    pub merge: bool,
}

impl Shown<'_> {
    fn value(&self, column: &str, v: &str) -> String {
        let v = v.trim();
        if v.is_empty() {
            return String::new();
        }
        match column {
            "nik" | "kk_number" if !self.pii => mask(v),
            "name" if !self.pii => mask_name(v),
            c if family_slot(c).is_some() || member_slot(c).is_some() => match v.parse::<u8>() {
                Ok(code) => code_text(self.l, c, code),
                Err(_) => v.to_string(),
            },
            _ => v.to_string(),
        }
    }

    fn row(&self, field: String, column: &str, sent: &str, stored: Option<String>) -> Row {
        let kept = self.merge && matches!(column, "nik" | "kk_number") && sent.trim().is_empty();
        let differs = match &stored {
            Some(s) => !kept && s.trim() != sent.trim(),
            None => false,
        };
        let problems = self.problems.iter().filter(|p| p.field == field).map(|p| p.text(self.l)).collect();
        Row {
            label: column_label(self.l, column),
            sent: if kept { self.l.t("cap.kept").to_string() } else { self.value(column, sent) },
            stored: stored.map(|s| self.value(column, &s)).unwrap_or_default(),
            differs,
            problems,
            field,
        }
    }
}

fn code(c: u8) -> String {
    if c == 0 { String::new() } else { c.to_string() }
}

/// The family fields and each member of a PK submission beside the stored family.
pub fn pk_sections(s: &Shown<'_>, node: &Node, stored: Option<&StoredFamily>) -> Vec<Section> {
    let mut family = Vec::new();
    for col in ["family_id", "pk_year", "rw", "rt", "kk_number"].iter().chain(FAMILY_CODED.iter()) {
        let stored_value = stored.map(|f| match *col {
            "family_id" => f.summary.family_id.clone(),
            "pk_year" => f.summary.year.to_string(),
            "rw" => f.rw.map(|x| x.to_string()).unwrap_or_default(),
            "rt" => f.rt.map(|x| x.to_string()).unwrap_or_default(),
            "kk_number" => f.kk.clone().unwrap_or_default(),
            c => family_slot(c).map(|i| code(f.answers.coded[i])).unwrap_or_default(),
        });
        family.push(s.row(col.to_string(), col, node.text_at(col), stored_value));
    }
    let mut sections = vec![Section { title: s.l.t("cap.family").into(), rows: family }];
    let mut seen = Vec::new();
    for (i, m) in node.all("anggota").enumerate() {
        let no = m.text_at("member_no").parse::<u8>().ok();
        seen.extend(no);
        let stored_m = stored.and_then(|f| {
            let no = no?;
            let a = f.answers.members.iter().find(|a| a.member_no == no)?;
            Some((f, a))
        });
        let rows = MEMBER_COLUMNS
            .iter()
            .map(|col| {
                let stored_value = stored_m.map(|(f, a)| {
                    let person = f.people.iter().find(|p| p.0 == a.member_no);
                    match *col {
                        "member_no" => a.member_no.to_string(),
                        "nik" => person.and_then(|p| p.1.clone()).unwrap_or_default(),
                        "name" => person.map(|p| p.2.clone()).unwrap_or_default(),
                        "birth_date" => a.birth.to_string(),
                        c => member_slot(c).map(|i| code(a.coded[i])).unwrap_or_default(),
                    }
                });
                s.row(format!("anggota[{}]/{col}", i + 1), col, m.text_at(col), stored_value)
            })
            .collect();
        sections.push(Section { title: format!("{} {}", s.l.t("cap.member"), i + 1), rows });
    }
    if let Some(f) = stored {
        for a in f.answers.members.iter().filter(|a| !seen.contains(&a.member_no)) {
            let name = f.people.iter().find(|p| p.0 == a.member_no).map(|p| p.2.clone()).unwrap_or_default();
            sections.push(Section {
                title: format!("{} {} — {}", s.l.t("cap.member"), a.member_no, s.l.t("cap.left")),
                rows: vec![s.row(String::new(), "name", "", Some(name))],
            });
        }
    }
    sections
}

/// The report fields of a `laporan-kampung` submission beside the stored report of that month.
pub fn report_sections(s: &Shown<'_>, node: &Node, stored: Option<&MonthlyReport>) -> Vec<Section> {
    let stored_json = stored.and_then(|r| serde_json::to_value(r).ok());
    let stored_of = |field: &str| -> Option<String> {
        let mut v = stored_json.as_ref()?;
        for part in field.split('.') {
            v = v.get(part)?;
        }
        Some(match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let mut rows = vec![s.row("month".into(), "month", node.text_at("month"), stored_of("month"))];
    for (element, field) in COUNTS {
        let mut r = s.row(element.to_string(), element, node.text_at(element), stored_of(field));
        r.label = element.to_uppercase().replace('_', " ");
        rows.push(r);
    }
    vec![Section { title: s.l.t("cap.report").into(), rows }]
}
