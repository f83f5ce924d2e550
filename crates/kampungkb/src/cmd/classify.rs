//! `classify`: one Kampung KB's class from its inputs (docs/classification.md), with the rule the
//! application uses (`kampung-kb-v2`: percentages rounded as the national portal). Needs no database.

use crate::cli::ClassifyArgs;
use crate::error::{CliError, user};
use kkb_domain::classification::{ClassificationRules, Inputs, classify};
use std::io::Read;

/// Reads the inputs (a file or standard input), classifies them and prints the result as pretty JSON.
pub fn run(args: &ClassifyArgs) -> Result<(), CliError> {
    let (name, text) = if args.input.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| user(format!("cannot read standard input: {e}")))?;
        ("standard input".to_string(), text)
    } else {
        let name = args.input.display().to_string();
        let text = std::fs::read_to_string(&args.input).map_err(|e| user(format!("cannot read {name}: {e}")))?;
        (name, text)
    };
    let inputs = Inputs::from_json(&text).map_err(|e| user(format!("{name}: {e}")))?;
    let result = classify(ClassificationRules::current(), &inputs);
    let json = serde_json::to_string_pretty(&result).map_err(|e| CliError::Internal(e.into()))?;
    println!("{json}");
    Ok(())
}
