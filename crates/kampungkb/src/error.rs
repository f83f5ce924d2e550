//! The binary's error: user errors exit 1, internal failures exit 2 (docs/cli.md).

use kkb_store::StoreError;

/// A failed command.
#[derive(Debug)]
pub enum CliError {
    /// Bad input or arguments: the message says what to fix.
    User(String),
    /// Something broke inside.
    Internal(anyhow::Error),
}

impl CliError {
    /// The process exit status.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::User(_) => 1,
            CliError::Internal(_) => 2,
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::User(m) => f.write_str(m),
            CliError::Internal(e) => write!(f, "internal failure: {e:#}"),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_)
            | StoreError::Key(_)
            | StoreError::Open(_)
            | StoreError::Methodology(_)
            | StoreError::Conflict(_) => CliError::User(e.to_string()),
            // Said in the language of the environment's locale (the CLI's own `--lang` is not known here).
            StoreError::Refused(r) => CliError::User(kkb_i18n::Lang::from_locale(|v| std::env::var(v).ok()).reason(&r)),
            StoreError::Problems(ps) => CliError::User(format!("{} problem(s); nothing was imported", ps.len())),
            e => CliError::Internal(e.into()),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Internal(e.into())
    }
}

/// Shorthand for user errors.
pub fn user(msg: impl Into<String>) -> CliError {
    CliError::User(msg.into())
}
