//! `classify`: one Kampung KB's class from its inputs (docs/classification.md), with the rule the
//! application uses (`kampung-kb-v2`: percentages rounded as the national portal). Needs no database.

use crate::cli::ClassifyArgs;
use crate::error::{CliError, user};
use kkb_domain::classification::{ClassificationRules, InputError, InputProblem, Inputs, classify};
use kkb_i18n::{Arg, Lang};
use std::io::Read;

/// Reads the inputs (a file or standard input), classifies them and prints the result as pretty JSON, what reaches
/// the next class (`next.needs`) in the reader's language.
pub fn run(args: &ClassifyArgs, lang: Lang) -> Result<(), CliError> {
    let (name, text) = if args.input.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| user(format!("cannot read standard input: {e}")))?;
        ("standard input".to_string(), text)
    } else {
        let name = args.input.display().to_string();
        let text = std::fs::read_to_string(&args.input).map_err(|e| user(format!("cannot read {name}: {e}")))?;
        (name, text)
    };
    let inputs = Inputs::from_json(&text).map_err(|e| match e {
        InputError::Invalid(problems) => user(said(&name, &problems, lang)),
        e => user(format!("{name}: {e}")),
    })?;
    let result = classify(ClassificationRules::current(), &inputs);
    let mut value = serde_json::to_value(&result).map_err(|e| CliError::Internal(e.into()))?;
    // The advice in words, in the reader's language (the contract's `needs`: strings naming indicators and values).
    if let Some(next) = &result.next {
        value["next"]["needs"] = next.needs.iter().map(|n| lang.kampung_need(n)).collect();
    }
    let json = serde_json::to_string_pretty(&value).map_err(|e| CliError::Internal(e.into()))?;
    println!("{json}");
    Ok(())
}

/// The problems of the inputs in the reader's language: one on a line (`name: field: reason`), several under a
/// count.
fn said(name: &str, problems: &[InputProblem], lang: Lang) -> String {
    let line = |p: &InputProblem| match p.field.as_str() {
        "" => format!("{name}: {}", lang.reason(&p.reason)),
        field => format!("{name}: {field}: {}", lang.reason(&p.reason)),
    };
    match problems {
        [one] => line(one),
        _ => {
            let head = lang.tr("cli-input-problems", &[("count", Arg::Int(problems.len() as i64))]);
            let lines: Vec<String> = problems.iter().map(|p| format!("  {}", line(p))).collect();
            format!("{head}\n{}", lines.join("\n"))
        }
    }
}
