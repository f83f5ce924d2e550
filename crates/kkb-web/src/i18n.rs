//! Bahasa Indonesia first, English second. Every text the web shows is a message of the Fluent catalogue of crate
//! `kkb-i18n` (`locales/{id,en}/web*.ftl`, which a translator edits without touching Rust): pages name a message by
//! its key (`dash.title` is the message `web-dash-title`), [`Lang::t`] gives its text and [`Lang::tf`] fills its
//! arguments. [`Lang`] and the locale formatting (numbers, dates, months, times in WIB) are that crate's.

pub use kkb_i18n::Lang;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the templates and the code name, as a literal (`.t(` or `.tf(` with a quoted key)
    /// or a known prefix built at run time, exists in both languages.
    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let mut dirs = vec![
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/templates")),
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        ];
        let mut missing = Vec::new();
        let mut seen = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.ends_with("i18n.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for call in [".t(\"", ".tf(\""] {
                    for part in text.split(call).skip(1) {
                        let key = part.split('"').next().unwrap();
                        seen += 1;
                        if !Lang::ALL.iter().all(|l| l.has(key)) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 500, "the scan found only {seen} keys");
        assert!(missing.is_empty(), "missing messages: {missing:?}");
    }

    /// Keys built at run time from a known set.
    #[test]
    fn keys_built_at_run_time_exist() {
        for l in Lang::ALL {
            for role in ["admin", "provinsi", "kabupaten", "kecamatan", "kader", "instansi"] {
                assert!(l.has(&format!("role.{role}")), "role.{role}");
            }
        }
    }
}
