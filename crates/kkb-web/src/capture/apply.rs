//! What a submission does: it is applied through the form's pipeline ([`super::pk`], [`super::report`]), or kept
//! for review with its problems. Nothing is lost: a failure of ours is a problem too (logged), and the
//! submission waits like any other.

use super::instance::Node;
use super::problems::{CaptureProblem, Reason, to_json};
use super::scope::REPORT_FORM;
use crate::AppState;
use kkb_domain::region::RegionCode;
use kkb_store::{Outcome, StoreError, Submission};

/// What the submission is based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// Sent by a phone: a `pk-perbarui` must be based on the stored version of the family.
    Phone,
    /// Applied by an officer from the queue after comparing it with the stored family: applied over the stored
    /// version, and a monthly report replaces one of the same month.
    Officer,
    /// An edited resend (`meta/deprecatedID`) of a submission already applied to this family, which was then
    /// at `version`: it replaces the family if nothing changed it since.
    Resend {
        /// The family the earlier submission was applied to.
        family_id: String,
        /// The family's version right after it.
        version: i64,
    },
}

/// A submission applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// The family written ("" for a report).
    pub family_id: String,
    /// Whether the server gave the family its id.
    pub assigned: bool,
    /// The family's version after the write.
    pub version: Option<i64>,
    /// The audit target (`2021/17.01.01.2001/F1`, `kampung 17.01.01.2001`).
    pub target: String,
    /// The village.
    pub village: RegionCode,
    /// The month of a report.
    pub month: Option<String>,
}

/// The fate of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Written to the store.
    Applied(Done),
    /// Kept for review, with why.
    Review(Vec<CaptureProblem>),
}

/// Runs the form's pipeline on an instance. A failure of ours becomes a [`Reason::Failed`] problem (logged, never
/// shown): the submission is kept for review rather than lost.
pub fn run(app: &AppState, form: &str, node: &Node, instance_id: &str, base: &Base) -> Fate {
    let result = if form == REPORT_FORM {
        super::report::apply(app, node, base)
    } else {
        super::pk::apply(app, node, form, instance_id, base)
    };
    result.unwrap_or_else(|e| {
        tracing::error!(error = %e, form, "a submission could not be applied; kept for review");
        Fate::Review(vec![CaptureProblem::at("", Reason::Failed)])
    })
}

/// Records a fate on a submission: `applied_status` (`applied` or `corrected`) or `review`.
pub fn record(
    app: &AppState,
    sub: &Submission,
    fate: &Fate,
    applied_status: &str,
    decided_by: Option<&str>,
    note: &str,
) -> Result<(), StoreError> {
    let outcome = match fate {
        Fate::Applied(d) => Outcome {
            status: applied_status,
            problems: "[]",
            family_id: if d.family_id.is_empty() { &sub.family_id } else { &d.family_id },
            applied_version: d.version,
            decided_by,
            note,
        },
        Fate::Review(_) => Outcome {
            status: "review",
            problems: "",
            family_id: &sub.family_id,
            applied_version: None,
            decided_by,
            note,
        },
    };
    let problems = match fate {
        Fate::Review(p) => to_json(p),
        Fate::Applied(_) => "[]".into(),
    };
    app.store.set_submission_outcome(sub.id, &Outcome { problems: &problems, ..outcome })
}
