//! The command-line surface (docs/cli.md).

use clap::{Args, Parser, Subcommand, ValueEnum};
use kkb_i18n::Lang;
use std::path::PathBuf;

/// Kampung KB: the family census (PK), the iBangga family development index, and the Kampung KB programme.
#[derive(Debug, Parser)]
#[command(name = "kampungkb", version, about)]
pub struct Cli {
    /// Database: a SQLite file path or sqlite://PATH (default kampungkb.db), or a postgres:// URL.
    #[arg(long, global = true, env = "KAMPUNGKB_DATABASE_URL", default_value = "kampungkb.db")]
    pub database: String,
    /// Personal-data key file (default: <database>.key beside a SQLite file, ./kampungkb.key for PostgreSQL);
    /// KAMPUNGKB_KEY (64 hex digits) overrides it.
    #[arg(long, global = true, env = "KAMPUNGKB_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// Language of the problems reported (id: Bahasa Indonesia, en: English); default: the locale (LC_ALL,
    /// LC_MESSAGES, LANG; Indonesian for id_*), else English.
    #[arg(long, global = true, value_parser = ["id", "en"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The language of the reports: `--lang`, else the locale's.
    pub fn lang(&self) -> Lang {
        self.lang.as_deref().and_then(Lang::parse).unwrap_or_else(|| Lang::from_locale(|v| std::env::var(v).ok()))
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build (or reuse) a Bengkulu demo database, print the province's figures, and serve it with demo logins.
    Demo(DemoArgs),
    /// Serve the web application and the JSON API.
    Serve(ServeArgs),
    /// Run the database migrations.
    Migrate,
    /// The region table.
    #[command(subcommand)]
    Regions(RegionsCommand),
    /// Write deterministic synthetic PK files for a province.
    Generate(GenerateArgs),
    /// Import data.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Print a region's iBangga figures.
    Index(IndexArgs),
    /// Rescore every family from its stored answers and rebuild the region figures.
    Recompute(RecomputeArgs),
    /// Verify that the stored figures equal a fresh computation (exit 1 and the differences if not).
    Check,
    /// Classify one Kampung KB (Dasar, Berkembang, Mandiri, Berkelanjutan) from its inputs and say what reaches the
    /// next class; prints JSON.
    Classify(ClassifyArgs),
    /// The Kampung KB registry: import and export its files (docs/kampung-import.md).
    #[command(subcommand)]
    Kampung(KampungCommand),
}

/// `kampung …`
#[derive(Debug, Subcommand)]
pub enum KampungCommand {
    /// Validate and import kampung.csv, laporan.csv and/or .xlsx workbooks (sheets kampung and laporan) in one
    /// transaction; on any problem import nothing, print every problem and exit 1.
    Import(KampungImportArgs),
    /// Write the registry or the monthly reports of a region in the import format.
    Export(KampungExportArgs),
}

/// `kampung import` arguments.
#[derive(Debug, Args)]
pub struct KampungImportArgs {
    /// The files: CSV files are told apart by their header (laporan.csv has `month`), workbooks by their sheets.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Replace the stored report of a month already reported (otherwise such a row is a problem).
    #[arg(long)]
    pub replace_reports: bool,
    /// Where to write the problem report (CSV) when the files are rejected.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

/// What `kampung export` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KampungTable {
    /// kampung.csv: one row per Kampung KB.
    Registry,
    /// laporan.csv: one row per monthly report.
    Reports,
}

/// File formats of `kampung export`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FileFormat {
    /// CSV (UTF-8 with a BOM, comma separated).
    Csv,
    /// An .xlsx workbook with one sheet (kampung or laporan).
    Xlsx,
}

/// `kampung export` arguments.
#[derive(Debug, Args)]
pub struct KampungExportArgs {
    /// Region code, dotted or compact: the Kampung KB within it are written.
    #[arg(long)]
    pub region: String,
    /// The registry or the monthly reports.
    #[arg(long, value_enum)]
    pub what: KampungTable,
    /// The file format.
    #[arg(long, value_enum, default_value_t = FileFormat::Csv)]
    pub format: FileFormat,
    /// The file to write.
    #[arg(long)]
    pub output: PathBuf,
}

/// `classify` arguments.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// The inputs: a JSON file, or - for standard input.
    #[arg(long)]
    pub input: PathBuf,
}

/// `regions …`
#[derive(Debug, Subcommand)]
pub enum RegionsCommand {
    /// Load (upsert) a region table edition: code,name,level,parent_code,kind.
    Load {
        /// The CSV file.
        file: PathBuf,
    },
}

/// `import …`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Validate and import a PK round (keluarga.csv + anggota.csv, or one .xlsx workbook).
    Pk(ImportPkArgs),
}

/// `import pk` arguments.
#[derive(Debug, Args)]
pub struct ImportPkArgs {
    /// keluarga.csv.
    #[arg(long, requires = "members", conflicts_with = "xlsx")]
    pub families: Option<PathBuf>,
    /// anggota.csv.
    #[arg(long, requires = "families", conflicts_with = "xlsx")]
    pub members: Option<PathBuf>,
    /// A workbook with sheets keluarga and anggota.
    #[arg(long, required_unless_present = "families")]
    pub xlsx: Option<PathBuf>,
    /// Where to write the problem report (CSV) when the files are rejected.
    #[arg(long)]
    pub report: Option<PathBuf>,
}

/// `generate` arguments.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Province code (e.g. 17 for Bengkulu).
    #[arg(long, default_value = "17")]
    pub province: String,
    /// Number of families.
    #[arg(long, default_value_t = 620_000)]
    pub families: u64,
    /// Random seed: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The PK year of the round.
    #[arg(long, default_value_t = 2021)]
    pub year: u16,
    /// Output folder (created if missing).
    #[arg(long)]
    pub out: PathBuf,
}

/// Output formats of `index`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// The JSON object of the contract.
    Json,
    /// One CSV row per region.
    Csv,
    /// A readable table.
    Table,
}

/// `index` arguments.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Region code, dotted or compact.
    #[arg(long)]
    pub region: String,
    /// PK year (default: the latest round).
    #[arg(long)]
    pub year: Option<u16>,
    /// Add each direct sub-region.
    #[arg(long)]
    pub children: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

/// `recompute` arguments.
#[derive(Debug, Args)]
pub struct RecomputeArgs {
    /// Only this round.
    #[arg(long)]
    pub year: Option<u16>,
}

/// `demo` arguments.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Number of synthetic families (Bengkulu has about 620,000).
    #[arg(long, default_value_t = 620_000)]
    pub families: u64,
    /// Random seed of the synthetic data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Rebuild the demo round even if the database already has one.
    #[arg(long)]
    pub fresh: bool,
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Build the demo and print its figures, but do not serve.
    #[arg(long)]
    pub no_serve: bool,
    /// Build the demo data only (no logins, no server): what `demo` runs in a child process before serving.
    #[arg(long, hide = true)]
    pub build_only: bool,
}

/// `serve` arguments.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    #[command(flatten)]
    pub security: SecurityArgs,
}

/// Security settings of `serve`.
#[derive(Debug, Args)]
pub struct SecurityArgs {
    /// Mark every cookie Secure and send Strict-Transport-Security (when served behind HTTPS).
    #[arg(long, env = "KAMPUNGKB_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Require a second factor (TOTP) of administrators, province and kabupaten/kota users: those without one are
    /// sent to set it up after logging in.
    #[arg(long, env = "KAMPUNGKB_REQUIRE_TOTP")]
    pub require_totp: bool,
    /// Read the client address (audit log, login throttle) from this header set by a reverse proxy, e.g.
    /// X-Forwarded-For; only on requests from --trusted-proxies. Without it, the socket's address.
    #[arg(long, env = "KAMPUNGKB_TRUSTED_PROXY_HEADER")]
    pub trusted_proxy_header: Option<String>,
    /// The addresses the reverse proxy connects from, comma separated (default: 127.0.0.1 and ::1).
    #[arg(long, env = "KAMPUNGKB_TRUSTED_PROXIES", value_delimiter = ',', requires = "trusted_proxy_header")]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The address phones reach this server at (e.g. https://kkb.example.go.id), for the absolute URLs of the
    /// OpenRosa form list (default: from each request's Host header).
    #[arg(long, env = "KAMPUNGKB_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The header the reverse proxy sets to the scheme it was reached with (e.g. X-Forwarded-Proto), read only on
    /// requests from --trusted-proxies: OpenRosa Basic authentication is accepted from other machines only over
    /// HTTPS.
    #[arg(long, env = "KAMPUNGKB_TRUSTED_PROTO_HEADER")]
    pub trusted_proto_header: Option<String>,
}
