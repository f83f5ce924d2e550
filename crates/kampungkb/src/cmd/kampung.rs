//! `kampung import` and `kampung export`: the Kampung KB registry's files (docs/kampung-import.md). An import
//! reads every file, and on any problem imports nothing, lists every problem, writes them to the report file and
//! exits 1, as `import pk` does; an export writes exactly what an import reads.

use super::import::reject;
use crate::cli::{FileFormat, KampungExportArgs, KampungImportArgs, KampungTable};
use crate::error::{CliError, user};
use kkb_domain::kampung::{RegistryReader, RegistryTable};
use kkb_domain::region::RegionCode;
use kkb_i18n::Lang;
use kkb_store::{Store, StoreError};

pub fn import(store: &Store, args: &KampungImportArgs, lang: Lang) -> Result<(), CliError> {
    let mut reader = RegistryReader::new(kkb_domain::date::today_utc());
    for path in &args.files {
        let bytes = std::fs::read(path).map_err(|e| user(format!("cannot read {}: {e}", path.display())))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        reader.read(&name, &bytes);
    }
    let regions = store.region_set()?;
    reader.check_villages(&|c| regions.is_village(c));
    let rows = reader.finish().map_err(|p| reject(&p, args.report.as_deref(), lang))?;
    match store.import_registry(&rows, args.replace_reports) {
        Ok(s) => {
            println!(
                "imported {} Kampung KB ({} new, {} updated) and {} monthly reports ({} new, {} replaced); \
                 classes recomputed for {} village(s)",
                s.kampungs_new + s.kampungs_updated,
                s.kampungs_new,
                s.kampungs_updated,
                s.reports_new + s.reports_replaced,
                s.reports_new,
                s.reports_replaced,
                s.villages
            );
            Ok(())
        }
        Err(StoreError::Problems(p)) => Err(reject(&p, args.report.as_deref(), lang)),
        Err(e) => Err(e.into()),
    }
}

pub fn export(store: &Store, args: &KampungExportArgs) -> Result<(), CliError> {
    let code = RegionCode::parse(&args.region).map_err(|e| user(format!("--region {:?}: {e}", args.region)))?;
    let region = store.region(code)?.ok_or_else(|| user(format!("there is no region {code} in the region table")))?;
    let table = match args.what {
        KampungTable::Registry => RegistryTable::Kampung,
        KampungTable::Reports => RegistryTable::Reports,
    };
    let sheet = kkb_web::kampung_files::sheet(store, code, table)?;
    let bytes = match args.format {
        FileFormat::Csv => sheet.to_csv(),
        FileFormat::Xlsx => kkb_web::kampung_files::xlsx(std::slice::from_ref(&sheet))
            .map_err(|e| CliError::Internal(anyhow::anyhow!("writing the workbook: {e}")))?,
    };
    std::fs::write(&args.output, bytes).map_err(|e| user(format!("cannot write {}: {e}", args.output.display())))?;
    let what = match table {
        RegistryTable::Kampung => "Kampung KB",
        RegistryTable::Reports => "monthly reports",
    };
    println!("wrote {} {what} of {} ({code}) to {}", sheet.rows.len(), region.name, args.output.display());
    Ok(())
}
