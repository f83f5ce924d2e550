//! `index`: a region's figures as the contract's JSON object, as CSV rows, or as a readable table.

use crate::cli::{Format, IndexArgs};
use crate::error::{CliError, user};
use kkb_domain::figures::Figures;
use kkb_domain::region::RegionCode;
use kkb_store::Store;

pub fn run(store: &Store, args: &IndexArgs) -> Result<(), CliError> {
    let code = RegionCode::parse(&args.region).map_err(|e| user(format!("--region {:?}: {e}", args.region)))?;
    let mut figures = store.region_figures(code, args.year, args.children)?;
    if figures.children.is_none() {
        figures.children = Some(Vec::new());
    }
    let out = match args.format {
        Format::Json => serde_json::to_string_pretty(&figures).map_err(|e| CliError::Internal(e.into()))? + "\n",
        Format::Csv => csv_rows(&figures).map_err(|e| CliError::Internal(e.into()))?,
        Format::Table => table(&figures),
    };
    print!("{out}");
    Ok(())
}

fn all(f: &Figures) -> impl Iterator<Item = &Figures> {
    std::iter::once(f).chain(f.children.iter().flatten())
}

fn num(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// One CSV row per region: the region, then its children. Full precision; empty cells for null.
pub fn csv_rows(f: &Figures) -> Result<String, csv::Error> {
    let mut w = kkb_domain::csv_safe::Writer::from_writer(Vec::new());
    let mut header: Vec<String> =
        ["code", "name", "level", "year", "methodology", "families", "scored_families", "ibangga"]
            .map(String::from)
            .to_vec();
    header.extend(f.dimensions.keys().cloned());
    for c in f.categories.keys() {
        header.push(c.clone());
        header.push(format!("{c}_percent"));
    }
    for v in &f.variables {
        header.extend([format!("{}_applicable", v.id), format!("{}_met", v.id), format!("{}_percent", v.id)]);
    }
    header.extend(["pus", "cpr", "mcpr", "mkjp_share", "unmet_need"].map(String::from));
    w.write_record(&header)?;
    for r in all(f) {
        let mut row = vec![
            r.region.code.to_string(),
            r.region.name.clone(),
            r.region.level.as_str().to_string(),
            r.year.to_string(),
            r.methodology.clone(),
            r.families.to_string(),
            r.scored_families.to_string(),
            num(r.ibangga),
        ];
        row.extend(r.dimensions.values().map(|v| num(v.as_f64())));
        for c in r.categories.values() {
            row.push(c["families"].to_string());
            row.push(num(c["percent"].as_f64()));
        }
        for v in &r.variables {
            row.extend([v.applicable.to_string(), v.met.to_string(), num(v.percent)]);
        }
        let fp = &r.family_planning;
        row.extend([fp.pus.to_string(), num(fp.cpr), num(fp.mcpr), num(fp.mkjp_share), num(fp.unmet_need)]);
        w.write_record(&row)?;
    }
    let bytes = w.into_inner().map_err(csv::Error::from)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn two(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.2}")).unwrap_or_else(|| "–".into())
}

/// A readable table: the region, then its children.
pub fn table(f: &Figures) -> String {
    let mut out = format!(
        "iBangga {} ({}, {}) — PK {}, methodology {}\n\n",
        f.region.name,
        f.region.code,
        f.region.level.as_str(),
        f.year,
        f.methodology
    );
    let dims: Vec<String> = f.dimensions.keys().map(|d| d.chars().take(9).collect()).collect();
    out += &format!("{:<14} {:<32} {:>9} {:>8}", "code", "name", "families", "iBangga");
    for d in &dims {
        out += &format!(" {d:>9}");
    }
    out += &format!(" {:>8} {:>8} {:>8}\n", "rentan%", "berkemb%", "tangguh%");
    for r in all(f) {
        let name: String = r.region.name.chars().take(32).collect();
        out += &format!("{:<14} {:<32} {:>9} {:>8}", r.region.code.to_string(), name, r.families, two(r.ibangga));
        for v in r.dimensions.values() {
            out += &format!(" {:>9}", two(v.as_f64()));
        }
        for c in r.categories.values() {
            out += &format!(" {:>8}", two(c["percent"].as_f64()));
        }
        out += "\n";
        if std::ptr::eq(r, f) && f.children.as_ref().is_some_and(|c| !c.is_empty()) {
            out += &"-".repeat(120);
            out += "\n";
        }
    }
    let weakest = {
        let mut v: Vec<_> = f.variables.iter().filter_map(|v| v.percent.map(|p| (p, v.id.as_str()))).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v.into_iter().take(3).map(|(p, id)| format!("{id} {p:.2}%")).collect::<Vec<_>>()
    };
    if !weakest.is_empty() {
        out += &format!("\nweakest variables in {}: {}\n", f.region.name, weakest.join(", "));
    }
    out
}
