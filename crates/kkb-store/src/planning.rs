//! Cross-sector planning's storage: agencies, plans with their workflow, items and their target villages,
//! progress reports. Validation is kkb-domain's; every write is one transaction that also marks a new data
//! version (plans feed the dashboards); a plan's `version` grows with every change of it or its items, so that
//! a stale form is refused instead of overwriting someone else's change.

use crate::conn::{Conn, Val};
use crate::kampung::{check, problems};
use crate::row::{Cols, FromRow, Json};
use crate::{Store, StoreError};
use kkb_domain::date::today_utc;
use kkb_domain::kampung::FieldProblem;
use kkb_domain::methodology::Methodology;
use kkb_domain::planning::{
    Agency, ItemContext, Matrix, Plan, PlanItem, PlanStatus, Progress, Transition, agency_region,
};
use kkb_domain::problem::Reason;
use kkb_domain::region::{Level, RegionCode};

/// A stored plan item.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    /// Row id.
    pub id: i64,
    /// Its plan.
    pub plan_id: i64,
    /// The item.
    pub item: PlanItem,
    /// Last change (RFC 3339 UTC).
    pub updated_at: String,
}

/// A stored progress report.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredProgress {
    /// Row id.
    pub id: i64,
    /// The item.
    pub item_id: i64,
    /// The report.
    pub progress: Progress,
    /// Who reported it.
    pub username: String,
    /// When (RFC 3339 UTC).
    pub created_at: String,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// The columns of a [`Plan`]: its JSON, with the columns that change without it.
const PLAN_COLUMNS: &str = "id, status, version, plan";

impl FromRow for Plan {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        let (id, status, version): (i64, String, i64) = (r.get()?, r.get()?, r.get()?);
        let Json(mut p): Json<Plan> = r.get()?;
        p.id = id;
        p.status = PlanStatus::from_id(&status).ok_or_else(|| corrupt("unknown plan status"))?;
        p.version = version;
        Ok(p)
    }
}

/// The columns of a [`StoredItem`].
const ITEM_COLUMNS: &str = "id, plan_id, item, updated_at";

impl FromRow for StoredItem {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(StoredItem { id: r.get()?, plan_id: r.get()?, item: r.get::<Json<_>>()?.0, updated_at: r.get()? })
    }
}

impl FromRow for StoredProgress {
    fn from_row(r: &mut Cols<'_, '_>) -> Result<Self, StoreError> {
        Ok(StoredProgress {
            id: r.get()?,
            item_id: r.get()?,
            progress: r.get::<Json<_>>()?.0,
            username: r.get()?,
            created_at: r.get()?,
        })
    }
}

/// The plan regions whose plans concern `code`: its province and kabupaten/kota (and itself).
fn covering(code: RegionCode) -> Vec<String> {
    [Level::Province, Level::Regency].into_iter().filter_map(|l| code.ancestor_at(l)).map(|c| c.to_string()).collect()
}

/// Bumps a plan's version inside a write, refusing a stale `expected` version.
fn touch_plan(c: &mut dyn Conn, plan_id: i64, expected: Option<i64>) -> Result<(), StoreError> {
    let version = c
        .query_opt_as::<i64>("SELECT version FROM plans WHERE id = $1", &[Val::I(plan_id)])?
        .ok_or_else(|| StoreError::NotFound(format!("there is no plan #{plan_id}")))?;
    if let Some(e) = expected
        && e != version
    {
        return Err(StoreError::Refused(Reason::PlanChanged));
    }
    c.exec(
        "UPDATE plans SET version = version + 1, updated_at = $1 WHERE id = $2",
        &[Val::T(&crate::now()), Val::I(plan_id)],
    )?;
    Ok(())
}

impl Store {
    fn planning_write<T>(&self, f: impl FnOnce(&mut dyn Conn) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let r = self.writer().and_then(|mut w| {
            w.write(|c| {
                let v = f(c)?;
                crate::lookup::bump_data_version(c)?;
                Ok(v)
            })
        });
        self.version.invalidate();
        r
    }

    /// Stores the national agencies of the Inpres and the regional offices of a province and of each of its
    /// kabupaten/kota (names from the region table); existing rows are kept. Returns how many were added.
    pub fn seed_agencies(&self, province: RegionCode) -> Result<usize, StoreError> {
        let m = Matrix::inpres();
        let mut all = m.national_agencies();
        let name = self.region(province)?.ok_or_else(|| StoreError::NotFound(format!("no region {province}")))?.name;
        all.extend(m.regional_agencies(province, &name));
        for r in self.children(province)? {
            all.extend(m.regional_agencies(r.code, &r.name));
        }
        self.add_agencies(&all)
    }

    /// Adds agencies (a custom office, an NGO); existing ids are kept. Returns how many were added.
    pub fn add_agencies(&self, agencies: &[Agency]) -> Result<usize, StoreError> {
        let rows: Vec<(String, Option<String>, String)> = agencies
            .iter()
            .map(|a| Ok((a.id.clone(), a.region.map(|r| r.to_string()), serde_json::to_string(a).map_err(corrupt)?)))
            .collect::<Result<_, StoreError>>()?;
        self.planning_write(|c| {
            let mut added = 0;
            for ((id, region, json), a) in rows.iter().zip(agencies) {
                added += c.exec(
                    "INSERT INTO agencies (id, region, kind, agency) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
                    &[Val::T(id), Val::opt_t(region.as_deref()), Val::opt_t(a.kind.as_deref()), Val::T(json)],
                )? as usize;
            }
            Ok(added)
        })
    }

    /// The agencies that can work in `code`: the national ones and the offices of its province and
    /// kabupaten/kota (of every kabupaten/kota of a province), by id.
    pub fn agencies(&self, code: Option<RegionCode>) -> Result<Vec<Agency>, StoreError> {
        let rows = self.reader()?.query_as::<Json<Agency>>("SELECT agency FROM agencies ORDER BY id", &[])?;
        let mut out = Vec::new();
        for Json(a) in rows {
            let keep = match (code, a.region) {
                (None, _) | (_, None) => true,
                (Some(c), Some(r)) => c.is_within(r) || r.is_within(c),
            };
            if keep {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// An agency by id.
    pub fn agency(&self, id: &str) -> Result<Option<Agency>, StoreError> {
        let row =
            self.reader()?.query_opt_as::<Json<Agency>>("SELECT agency FROM agencies WHERE id = $1", &[Val::T(id)])?;
        Ok(row.map(|Json(a)| a))
    }

    /// Creates a plan (draft, version 1); a second plan for the same region and year is a conflict.
    pub fn create_plan(&self, plan: &Plan) -> Result<Plan, StoreError> {
        let mut p = plan.clone();
        p.status = PlanStatus::Draft;
        p.version = 1;
        check("plan", p.validate(today_utc()))?;
        if self.agency(&p.coordinator)?.is_none() {
            return Err(problems(
                "plan",
                vec![FieldProblem::new("coordinator", Reason::UnknownAgency { agency: p.coordinator.clone() })],
            ));
        }
        let (region, json, now) = (p.region.to_string(), serde_json::to_string(&p).map_err(corrupt)?, crate::now());
        let id = self.planning_write(|c| {
            if c.query_opt(
                "SELECT id FROM plans WHERE region = $1 AND year = $2",
                &[Val::T(&region), Val::I(p.year.into())],
            )?
            .is_some()
            {
                return Err(StoreError::Refused(Reason::PlanExists { region: region.clone(), year: p.year }));
            }
            c.query_one_as(
                "INSERT INTO plans (region, year, status, version, plan, created_at, updated_at) \
                 VALUES ($1, $2, $3, 1, $4, $5, $5) RETURNING id",
                &[Val::T(&region), Val::I(p.year.into()), Val::T(PlanStatus::Draft.id()), Val::T(&json), Val::T(&now)],
            )
        })?;
        p.id = id;
        Ok(p)
    }

    /// A plan by id.
    pub fn plan(&self, id: i64) -> Result<Option<Plan>, StoreError> {
        self.reader()?.query_opt_as(&format!("SELECT {PLAN_COLUMNS} FROM plans WHERE id = $1"), &[Val::I(id)])
    }

    /// The plans of a region and everything under it (all when `None`), optionally of one year, by region
    /// then year.
    pub fn plans(&self, within: Option<RegionCode>, year: Option<i32>) -> Result<Vec<Plan>, StoreError> {
        let rows: Vec<Plan> =
            self.reader()?.query_as(&format!("SELECT {PLAN_COLUMNS} FROM plans ORDER BY region, year"), &[])?;
        let mut out = Vec::new();
        for p in rows {
            if within.is_none_or(|w| p.region.is_within(w)) && year.is_none_or(|y| y == p.year) {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// The plans that concern a region: those of its province and kabupaten/kota, and (for a province or
    /// kabupaten) those of the regions under it; of one year.
    pub fn plans_concerning(&self, code: RegionCode, year: i32) -> Result<Vec<Plan>, StoreError> {
        let up = covering(code);
        Ok(self
            .plans(None, Some(year))?
            .into_iter()
            .filter(|p| up.contains(&p.region.to_string()) || p.region.is_within(code))
            .collect())
    }

    /// Moves a plan through its workflow; `expected` is the version the user saw. Returns the plan after.
    pub fn transition_plan(&self, id: i64, t: Transition, expected: i64, note: &str) -> Result<Plan, StoreError> {
        let mut plan = self.plan(id)?.ok_or_else(|| StoreError::NotFound(format!("there is no plan #{id}")))?;
        let to = t.apply(plan.status).map_err(StoreError::Conflict)?;
        if t == Transition::Submit && self.items(id)?.is_empty() {
            return Err(StoreError::Refused(Reason::PlanWithoutItems));
        }
        plan.status = to;
        plan.note = note.trim().to_string();
        let json = serde_json::to_string(&plan).map_err(corrupt)?;
        self.planning_write(|c| {
            touch_plan(c, id, Some(expected))?;
            c.exec(
                "UPDATE plans SET status = $1, plan = $2 WHERE id = $3",
                &[Val::T(to.id()), Val::T(&json), Val::I(id)],
            )?;
            Ok(())
        })?;
        self.plan(id)?.ok_or_else(|| StoreError::NotFound(format!("there is no plan #{id}")))
    }

    /// The checks of an item in `plan`: known agencies, villages of the region table, the methodology's variables.
    fn check_item(&self, plan: &Plan, item: &PlanItem) -> Result<(), StoreError> {
        let mut ids = vec![item.responsible.clone()];
        ids.extend(item.supporting.iter().cloned());
        let mut known = std::collections::BTreeSet::new();
        for id in &ids {
            if self.agency(id)?.is_some() {
                known.insert(id.clone());
            }
        }
        let mut villages = std::collections::BTreeSet::new();
        for v in &item.villages {
            if self.region(*v)?.is_some() && v.level() == Level::Village {
                villages.insert(*v);
            }
        }
        let variables: Vec<String> = match self.round(None) {
            Ok(r) => self.methodology(&r.methodology_id)?.definition().variables.iter().map(|v| v.id.clone()).collect(),
            Err(_) => Methodology::default_pk21().definition().variables.iter().map(|v| v.id.clone()).collect(),
        };
        let cx = ItemContext {
            plan,
            is_agency: &|a: &str| known.contains(a),
            is_village: &|v: RegionCode| villages.contains(&v),
            variables: &variables,
        };
        let mut p = item.validate(&cx);
        // An agency of another region cannot be made responsible here.
        if let Some(r) = agency_region(&item.responsible)
            && !(plan.region.is_within(r) || r.is_within(plan.region))
        {
            p.push(FieldProblem::new("responsible", Reason::AgencyOfOtherRegion { agency: item.responsible.clone() }));
        }
        check("item", p)
    }

    fn editable_plan(&self, plan_id: i64) -> Result<Plan, StoreError> {
        let plan = self.plan(plan_id)?.ok_or_else(|| StoreError::NotFound(format!("there is no plan #{plan_id}")))?;
        match plan.status {
            PlanStatus::Draft => Ok(plan),
            s => Err(StoreError::Refused(Reason::PlanNotEditable { approved: s == PlanStatus::Approved })),
        }
    }

    /// Adds an item to a draft plan; returns its id.
    pub fn add_item(&self, plan_id: i64, item: &PlanItem, expected: Option<i64>) -> Result<i64, StoreError> {
        let plan = self.editable_plan(plan_id)?;
        self.check_item(&plan, item)?;
        let (json, now) = (serde_json::to_string(item).map_err(corrupt)?, crate::now());
        self.planning_write(|c| {
            touch_plan(c, plan_id, expected)?;
            let id = c.query_one_as::<i64>(
                "INSERT INTO plan_items (plan_id, responsible, area, item, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                &[
                    Val::I(plan_id),
                    Val::T(&item.responsible),
                    Val::I(u8::from(item.area).into()),
                    Val::T(&json),
                    Val::T(&now),
                ],
            )?;
            for v in &item.villages {
                c.exec(
                    "INSERT INTO plan_item_villages (item_id, village) VALUES ($1, $2)",
                    &[Val::I(id), Val::T(&v.to_string())],
                )?;
            }
            Ok(id)
        })
    }

    /// Replaces an item of a draft plan.
    pub fn update_item(&self, item_id: i64, item: &PlanItem, expected: Option<i64>) -> Result<(), StoreError> {
        let stored = self.item(item_id)?.ok_or_else(|| StoreError::NotFound(format!("there is no item #{item_id}")))?;
        let plan = self.editable_plan(stored.plan_id)?;
        self.check_item(&plan, item)?;
        let (json, now) = (serde_json::to_string(item).map_err(corrupt)?, crate::now());
        self.planning_write(|c| {
            touch_plan(c, plan.id, expected)?;
            c.exec(
                "UPDATE plan_items SET responsible = $1, area = $2, item = $3, updated_at = $4 WHERE id = $5",
                &[
                    Val::T(&item.responsible),
                    Val::I(u8::from(item.area).into()),
                    Val::T(&json),
                    Val::T(&now),
                    Val::I(item_id),
                ],
            )?;
            c.exec("DELETE FROM plan_item_villages WHERE item_id = $1", &[Val::I(item_id)])?;
            for v in &item.villages {
                c.exec(
                    "INSERT INTO plan_item_villages (item_id, village) VALUES ($1, $2)",
                    &[Val::I(item_id), Val::T(&v.to_string())],
                )?;
            }
            Ok(())
        })
    }

    /// Removes an item of a draft plan (an item with progress reports cannot be removed: cancel it instead).
    pub fn delete_item(&self, item_id: i64, expected: Option<i64>) -> Result<(), StoreError> {
        let stored = self.item(item_id)?.ok_or_else(|| StoreError::NotFound(format!("there is no item #{item_id}")))?;
        let plan = self.editable_plan(stored.plan_id)?;
        if !self.progress(item_id)?.is_empty() {
            return Err(StoreError::Refused(Reason::ItemHasProgress));
        }
        self.planning_write(|c| {
            touch_plan(c, plan.id, expected)?;
            c.exec("DELETE FROM plan_item_villages WHERE item_id = $1", &[Val::I(item_id)])?;
            c.exec("DELETE FROM plan_items WHERE id = $1", &[Val::I(item_id)])?;
            Ok(())
        })
    }

    /// An item by id.
    pub fn item(&self, id: i64) -> Result<Option<StoredItem>, StoreError> {
        self.reader()?.query_opt_as(&format!("SELECT {ITEM_COLUMNS} FROM plan_items WHERE id = $1"), &[Val::I(id)])
    }

    /// The items of a plan, by id.
    pub fn items(&self, plan_id: i64) -> Result<Vec<StoredItem>, StoreError> {
        self.reader()?.query_as(
            &format!("SELECT {ITEM_COLUMNS} FROM plan_items WHERE plan_id = $1 ORDER BY id"),
            &[Val::I(plan_id)],
        )
    }

    /// Reports progress on an item of an approved plan; the item takes the report's status.
    pub fn add_progress(&self, item_id: i64, p: &Progress, username: &str) -> Result<i64, StoreError> {
        let stored = self.item(item_id)?.ok_or_else(|| StoreError::NotFound(format!("there is no item #{item_id}")))?;
        let plan = self.plan(stored.plan_id)?.ok_or_else(|| StoreError::NotFound("the item's plan is gone".into()))?;
        if plan.status != PlanStatus::Approved {
            return Err(StoreError::Refused(Reason::PlanNotApproved));
        }
        check("progress", p.validate(&stored.item, today_utc()))?;
        let mut item = stored.item.clone();
        item.status = p.status;
        let (json, item_json, now) =
            (serde_json::to_string(p).map_err(corrupt)?, serde_json::to_string(&item).map_err(corrupt)?, crate::now());
        self.planning_write(|c| {
            touch_plan(c, plan.id, None)?;
            c.exec("UPDATE plan_items SET item = $1, updated_at = $2 WHERE id = $3", &[Val::T(&item_json), Val::T(&now), Val::I(item_id)])?;
            c.query_one_as(
                "INSERT INTO plan_progress (item_id, date, progress, username, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[Val::I(item_id), Val::T(&p.date.to_string()), Val::T(&json), Val::T(username), Val::T(&now)],
            )
        })
    }

    /// The progress reports of an item, oldest first.
    pub fn progress(&self, item_id: i64) -> Result<Vec<StoredProgress>, StoreError> {
        self.reader()?.query_as(
            "SELECT id, item_id, progress, username, created_at FROM plan_progress WHERE item_id = $1 ORDER BY date, id",
            &[Val::I(item_id)],
        )
    }

    /// The latest progress report of every item of a plan that has one.
    pub fn latest_progress(&self, plan_id: i64) -> Result<std::collections::BTreeMap<i64, StoredProgress>, StoreError> {
        let rows: Vec<StoredProgress> = self.reader()?.query_as(
            "SELECT p.id, p.item_id, p.progress, p.username, p.created_at FROM plan_progress p \
             JOIN plan_items i ON i.id = p.item_id WHERE i.plan_id = $1 ORDER BY p.date, p.id",
            &[Val::I(plan_id)],
        )?;
        // Oldest first: each item's latest report is the last one inserted.
        Ok(rows.into_iter().map(|p| (p.item_id, p)).collect())
    }

    /// The items (with their plan) that name a village as a target, of plans of one year.
    pub fn items_for_village(&self, village: RegionCode, year: i32) -> Result<Vec<(Plan, StoredItem)>, StoreError> {
        let mut out = Vec::new();
        for plan in self.plans_concerning(village, year)? {
            for item in self.items(plan.id)? {
                if item.item.villages.is_empty() || item.item.villages.contains(&village) {
                    out.push((plan.clone(), item));
                }
            }
        }
        Ok(out)
    }
}
