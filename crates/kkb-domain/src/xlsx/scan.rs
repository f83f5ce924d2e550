//! One pass over an XML part that keeps at most one tag in memory: it hands each start and end tag (with its
//! attributes) and the length of each run of text to a consumer, and refuses a tag or a run of text (comments,
//! CDATA and processing instructions included) longer than the token limit, which is what an XML parser reading the
//! part afterwards would hold at once. A document type declaration is refused: no workbook part has one.

use std::io::Read;

/// What the scanner reports.
pub(super) enum Event<'a> {
    /// A start tag: its local name (without a namespace prefix) and its attribute text; an empty-element tag
    /// (`<c r="A1"/>`) is reported as a start followed by an end.
    Start { name: &'a [u8], attrs: &'a [u8] },
    /// An end tag's local name.
    End { name: &'a [u8] },
    /// A run of character data of this many bytes.
    Text(u64),
}

/// Why a scan stopped.
#[derive(Debug)]
pub(super) enum Stop {
    /// A tag or a run of text longer than the limit.
    TooLong,
    /// Not well-formed enough to be read, or a document type declaration.
    Malformed(&'static str),
    /// Reading failed (a limit of the counting reader, or the archive).
    Io(std::io::Error),
    /// The consumer stopped (it holds the reason).
    Consumer,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    Open,
    Tag(Option<u8>),
    Bang,
    Comment,
    CData,
    Pi,
}

/// The local name of a qualified name.
pub(super) fn local(name: &[u8]) -> &[u8] {
    name.iter().rposition(|b| *b == b':').map_or(name, |i| &name[i + 1..])
}

/// The value of the attribute with local name `key` in a start tag's attribute text (XML escapes left as they are).
pub(super) fn attr<'a>(attrs: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_ascii_start();
        let eq = rest.iter().position(|b| *b == b'=')?;
        let name = rest[..eq].trim_ascii();
        rest = rest[eq + 1..].trim_ascii_start();
        let quote = *rest.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let end = rest[1..].iter().position(|b| *b == quote)? + 1;
        if local(name) == key {
            return Some(&rest[1..end]);
        }
        rest = &rest[end + 1..];
    }
}

/// Scans `input`, handing events to `on` (which returns false to stop).
pub(super) fn scan(mut input: impl Read, max: u64, on: &mut dyn FnMut(Event<'_>) -> bool) -> Result<(), Stop> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut tag: Vec<u8> = Vec::with_capacity(256);
    let mut state = State::Text;
    // Bytes of the current run of text, comment, CDATA or instruction; the last bytes seen, for their ends.
    let (mut run, mut tail) = (0u64, [0u8; 2]);
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Io(e)),
        };
        let mut i = 0;
        while i < n {
            let b = buf[i];
            i += 1;
            match state {
                State::Text => {
                    // The run of text up to the next tag, at once.
                    let from = i - 1;
                    let found = buf[from..n].iter().position(|c| *c == b'<');
                    let len = found.unwrap_or(n - from);
                    run += len as u64;
                    i = from + len + usize::from(found.is_some());
                    if run > max {
                        return Err(Stop::TooLong);
                    }
                    if found.is_some() {
                        if run > 0 && !on(Event::Text(run)) {
                            return Err(Stop::Consumer);
                        }
                        run = 0;
                        tag.clear();
                        state = State::Open;
                    }
                }
                State::Open => match b {
                    b'!' => state = State::Bang,
                    b'?' => {
                        state = State::Pi;
                        tail = [0; 2];
                    }
                    b'>' => return Err(Stop::Malformed("an empty tag")),
                    _ => {
                        tag.push(b);
                        state = State::Tag(None);
                    }
                },
                State::Tag(quote) => {
                    match (quote, b) {
                        (Some(q), c) if c == q => state = State::Tag(None),
                        (None, b'"' | b'\'') => state = State::Tag(Some(b)),
                        (None, b'>') => {
                            emit(&tag, on)?;
                            tag.clear();
                            state = State::Text;
                            continue;
                        }
                        _ => {}
                    }
                    tag.push(b);
                    if tag.len() as u64 > max {
                        return Err(Stop::TooLong);
                    }
                }
                State::Bang => {
                    tag.push(b);
                    if tag == b"--" {
                        state = State::Comment;
                        tail = [0; 2];
                    } else if tag == b"[CDATA[" {
                        state = State::CData;
                        tail = [0; 2];
                    } else if !b"--".starts_with(&tag) && !b"[CDATA[".starts_with(&tag) {
                        return Err(Stop::Malformed("a document type declaration"));
                    }
                }
                State::Comment | State::CData | State::Pi => {
                    let end = match state {
                        State::Comment => tail == *b"--" && b == b'>',
                        State::CData => tail == *b"]]" && b == b'>',
                        _ => tail[1] == b'?' && b == b'>',
                    };
                    if end {
                        if state == State::CData && run > 2 && !on(Event::Text(run - 2)) {
                            return Err(Stop::Consumer);
                        }
                        run = 0;
                        state = State::Text;
                    } else {
                        run += 1;
                        tail = [tail[1], b];
                        if run > max {
                            return Err(Stop::TooLong);
                        }
                    }
                }
            }
        }
    }
    match state {
        State::Text => Ok(()),
        _ => Err(Stop::Malformed("the part ends inside a tag")),
    }
}

/// Reports a finished tag (the bytes between `<` and `>`).
fn emit(tag: &[u8], on: &mut dyn FnMut(Event<'_>) -> bool) -> Result<(), Stop> {
    let stopped = Err(Stop::Consumer);
    if let Some(rest) = tag.strip_prefix(b"/") {
        let name = rest.trim_ascii();
        return if on(Event::End { name: local(name) }) { Ok(()) } else { stopped };
    }
    let (body, empty) = match tag.strip_suffix(b"/") {
        Some(body) => (body, true),
        None => (tag, false),
    };
    let split = body.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(body.len());
    let name = local(&body[..split]);
    if !on(Event::Start { name, attrs: &body[split..] }) || empty && !on(Event::End { name }) {
        return stopped;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str, max: u64) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        scan(xml.as_bytes(), max, &mut |e| {
            out.push(match e {
                Event::Start { name, attrs } => {
                    format!("<{} r={:?}", String::from_utf8_lossy(name), attr(attrs, b"r").map(|v| v.to_vec()))
                }
                Event::End { name } => format!("/{}", String::from_utf8_lossy(name)),
                Event::Text(n) => format!("text {n}"),
            });
            true
        })
        .map_err(|e| format!("{e:?}"))?;
        Ok(out)
    }

    #[test]
    fn tags_attributes_and_text() {
        let got = events(
            "<?xml version=\"1.0\"?><x:row r=\"2\"><c r='A2' t=\"s\"><v>12</v></c><!-- a > b --><c r=\"B2\"/><![CDATA[<x>]]></x:row>",
            64,
        )
        .unwrap();
        assert_eq!(
            got,
            [
                "<row r=Some([50])",
                "<c r=Some([65, 50])",
                "<v r=None",
                "text 2",
                "/v",
                "/c",
                "<c r=Some([66, 50])",
                "/c",
                "text 3",
                "/row"
            ]
        );
    }

    #[test]
    fn long_runs_and_doctypes_are_refused() {
        assert!(events(&format!("<a>{}</a>", "x".repeat(100)), 64).unwrap_err().contains("TooLong"));
        assert!(events(&format!("<a b=\"{}\"/>", "x".repeat(100)), 64).unwrap_err().contains("TooLong"));
        assert!(events(&format!("<!--{}-->", "x".repeat(100)), 64).unwrap_err().contains("TooLong"));
        assert!(events("<!DOCTYPE x [<!ENTITY a \"b\">]><x/>", 64).unwrap_err().contains("Malformed"));
        assert!(events("<a", 64).unwrap_err().contains("Malformed"));
    }
}
