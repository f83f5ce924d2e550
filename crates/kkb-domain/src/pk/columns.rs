//! The columns of the PK import files (docs/pk-import.md) and their valid values.

/// Coded family-level answer columns, in storage order. The position of a column here is its slot in
/// [`crate::pk::FamilyAnswers::coded`]; append new columns at the end only, never reorder (stored answers
/// depend on the order).
pub const FAMILY_CODED: [&str; 25] = [
    "p01",
    "p02",
    "p03a",
    "p03b",
    "p03c",
    "p03d",
    "p04",
    "p05",
    "p19",
    "p20",
    "p21",
    "p22",
    "p23",
    "p24",
    "p25",
    "p26",
    "savings",
    "sick_treated",
    "online_media",
    "daily_interaction",
    "joint_parenting",
    "recreation",
    "social_activity",
    "kb_method",
    "kb_reason_not_using",
];

/// Slot of `kb_method` in [`FAMILY_CODED`].
pub const KB_METHOD: usize = 23;
/// Slot of `kb_reason_not_using` in [`FAMILY_CODED`].
pub const KB_REASON: usize = 24;

/// The largest valid code of a family coded column (the smallest is always 1).
pub fn family_max_code(slot: usize) -> u8 {
    match slot {
        KB_METHOD => 9,
        KB_REASON => 5,
        _ => 2,
    }
}

/// Other family columns the contract requires.
pub const FAMILY_REQUIRED: [&str; 3] = ["family_id", "village_code", "pk_year"];
/// Optional non-coded family columns.
pub const FAMILY_OPTIONAL: [&str; 3] = ["rw", "rt", "kk_number"];

/// Coded member columns, in storage order (slot = position), with their largest valid code and whether the
/// column is required.
pub const MEMBER_CODED: [(&str, u8, bool); 8] = [
    ("sex", 2, true),
    ("marital_status", 4, true),
    ("birth_certificate", 2, false),
    ("relation", 8, true),
    ("religion", 7, false),
    ("education", 9, false),
    ("in_school", 2, false),
    ("health_insurance", 4, false),
];

/// Member slot of `sex`.
pub const M_SEX: usize = 0;
/// Member slot of `marital_status`.
pub const M_MARITAL: usize = 1;
/// Member slot of `relation`.
pub const M_RELATION: usize = 3;

/// Other member columns the contract requires.
pub const MEMBER_REQUIRED: [&str; 4] = ["family_id", "member_no", "name", "birth_date"];
/// Optional non-coded member columns.
pub const MEMBER_OPTIONAL: [&str; 1] = ["nik"];

/// Slot of a family coded column by name.
pub fn family_slot(name: &str) -> Option<usize> {
    FAMILY_CODED.iter().position(|c| *c == name)
}

/// Slot of a member coded column by name.
pub fn member_slot(name: &str) -> Option<usize> {
    MEMBER_CODED.iter().position(|c| c.0 == name)
}
