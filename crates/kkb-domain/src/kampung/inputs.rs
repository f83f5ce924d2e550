//! The classification's inputs (docs/classification.md, "Inputs"), built from the registry. Produced as
//! JSON with exactly the contract's keys, so the classification engine reads them as it reads `classify --input`.

use super::{MonthlyReport, PopulationCounts, Profile};
use serde_json::{Value, json};

fn ids<T: Copy>(items: impl IntoIterator<Item = T>, id: fn(T) -> &'static str) -> Value {
    Value::Array(items.into_iter().map(|i| Value::from(id(i))).collect())
}

/// The classification inputs of a Kampung: its active profile (`None`: nothing present yet), its latest monthly
/// report (`None` gives `"report": null`), its population and the number of distinct cross-sector agencies
/// (see [`super::cross_sector_agencies`]).
pub fn classification_inputs(
    profile: Option<&Profile>,
    report: Option<&MonthlyReport>,
    population: &PopulationCounts,
    cross_sector_agencies: u32,
) -> Value {
    let empty;
    let p = match profile {
        Some(p) => p,
        None => {
            empty = Profile::empty(crate::date::Date::new(2014, 1, 1).expect("a date"));
            &empty
        }
    };
    let report = report.map(|r| {
        let (u, n, q) = (&r.contraceptive_users, &r.pus_not_using, &r.participants);
        json!({
            "participants": {"bkb": q.bkb, "bkr": q.bkr, "bkl": q.bkl, "uppka": q.uppka, "pik_r": q.pik_r},
            "contraceptive_users": {"mow": u.mow, "mop": u.mop, "iud": u.iud, "implan": u.implan,
                                    "suntik": u.suntik, "pil": u.pil, "kondom": u.kondom},
            "pus_not_using": {"hamil": n.hamil, "ingin_anak_segera": n.ingin_anak_segera, "iat": n.iat, "tial": n.tial}
        })
    });
    json!({
        "pokja": {"exists": p.pokja.exists, "members": p.pokja.members, "trained": p.pokja.trained},
        "funding_sources": ids(p.funding_sources.iter().copied(), |f| f.id()),
        "programs": ids(p.programs.iter().copied(), |f| f.id()),
        "facilities": ids(p.facilities.iter().copied(), |f| f.id()),
        "pkb_assigned": p.pkb_assigned,
        "regulation": p.regulation,
        "data_sources": ids(p.data_sources.iter().copied(), |f| f.id()),
        "operations": ids(p.operations.keys().copied(), |f| f.id()),
        "cross_sector_agencies": cross_sector_agencies,
        "population": {
            "pus": population.pus,
            "families": population.families,
            "families_with_balita": population.families_with_balita,
            "families_with_remaja": population.families_with_remaja,
            "families_with_lansia": population.families_with_lansia,
            "remaja": population.remaja
        },
        "report": report
    })
}
