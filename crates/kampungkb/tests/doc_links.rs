//! The documentation stands on its own: every relative link of README.md, docs/, examples/, bench/ and forms/
//! points to a file of the repository (and, into a Markdown file, to one of its headings), and nothing points
//! outside the repository, such as to the development-time `../shared` folder.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The Markdown files checked: README.md and every `.md` under docs/, examples/, bench/ and forms/, not in what
/// tools write there (benchmark output, installed npm packages, Python environments).
fn documents(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| !["out", "node_modules", ".venv"].iter().any(|skip| n == *skip)) {
                    walk(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    let mut out = vec![root.join("README.md")];
    for d in ["docs", "examples", "bench", "forms"] {
        walk(&root.join(d), &mut out);
    }
    out.sort();
    out
}

/// The text outside fenced code blocks, inline code and HTML comments (links there are not links).
fn prose(md: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    let mut text = String::new();
    let mut rest = out.as_str();
    while let Some(i) = rest.find("<!--") {
        text.push_str(&rest[..i]);
        rest = rest[i..].split_once("-->").map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    // Inline code: drop everything between pairs of backticks.
    text.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

/// The targets of the inline links and images: `[text](target)` and `![alt](target "title")`.
fn link_targets(md: &str) -> Vec<String> {
    let text = prose(md);
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find(')') else { break };
        let target = rest[..end].split_whitespace().next().unwrap_or_default();
        out.push(target.trim_matches(['<', '>']).to_string());
        rest = &rest[end..];
    }
    out
}

/// GitHub's anchors for the headings of a Markdown file: lower case, punctuation dropped, spaces to hyphens, and
/// `-1`, `-2`, … for repeats.
fn anchors(md: &str) -> HashSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = HashSet::new();
    let mut fenced = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced || !line.starts_with('#') {
            continue;
        }
        let title = line.trim_start_matches('#').trim();
        let slug: String = title
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let n = seen.entry(slug.clone()).or_insert(0);
        out.insert(if *n == 0 { slug.clone() } else { format!("{slug}-{n}") });
        *n += 1;
    }
    out
}

/// `path` with `.` and `..` resolved lexically, or `None` when it climbs above its start.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Every problem of one document's links, as `file: target: what`.
fn check(root: &Path, doc: &Path) -> Vec<String> {
    let md = std::fs::read_to_string(doc).unwrap();
    let name = doc.strip_prefix(root).unwrap().display().to_string();
    let mut problems = Vec::new();
    if md.contains("../shared") || md.contains("DOMAIN.md") {
        problems.push(format!("{name}: mentions ../shared or DOMAIN.md, which a user of the repository does not have"));
    }
    for target in link_targets(&md) {
        if target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:") {
            continue;
        }
        let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
        let file = if path.is_empty() {
            Some(doc.strip_prefix(root).unwrap().to_path_buf())
        } else {
            normalise(&doc.parent().unwrap().strip_prefix(root).unwrap().join(path))
        };
        let Some(file) = file else {
            problems.push(format!("{name}: {target}: points outside the repository"));
            continue;
        };
        let full = root.join(&file);
        if !full.exists() {
            problems.push(format!("{name}: {target}: there is no {}", file.display()));
            continue;
        }
        if !anchor.is_empty() && full.extension().is_some_and(|x| x == "md") {
            let headings = anchors(&std::fs::read_to_string(&full).unwrap());
            if !headings.contains(anchor) {
                problems.push(format!("{name}: {target}: {} has no heading #{anchor}", file.display()));
            }
        }
    }
    problems
}

#[test]
fn every_relative_link_of_the_documentation_resolves() {
    let root = repo();
    let docs = documents(&root);
    assert!(docs.len() >= 8, "the documentation was not found: {docs:?}");
    let problems: Vec<String> = docs.iter().flat_map(|d| check(&root, d)).collect();
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

#[test]
fn the_checker_finds_what_it_should() {
    let md = "# Title\n\n## A `code` heading: yes\n\nSee [x](a.md#b) and ![i](img/p.png \"t\").\n\
              `[not](a link)` <!-- [nor](this) -->\n```\n[nor](this)\n```\n## Title\n";
    assert_eq!(link_targets(md), ["a.md#b", "img/p.png"]);
    let a = anchors(md);
    assert!(a.contains("title") && a.contains("a-code-heading-yes") && a.contains("title-1"), "{a:?}");
    assert_eq!(normalise(Path::new("docs/../README.md")), Some(PathBuf::from("README.md")));
    assert_eq!(normalise(Path::new("docs/../../shared/x.md")), None);
}
