//! A submitted instance, read by local names: ODK Collect writes it without the XForms namespace, other clients
//! with it, and the server matches either. A question that was not asked is left out of the instance; [`Node`]
//! reads a missing element as an empty one.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// An element: its local name, attributes (local names), text and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node {
    /// Local name.
    pub name: String,
    /// Attributes by local name.
    pub attrs: Vec<(String, String)>,
    /// The text directly inside it, trimmed.
    pub text: String,
    /// Child elements in order.
    pub children: Vec<Node>,
}

/// Why an instance cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not well-formed XML (or a document type declaration, which instances never have).
    NotXml(String),
    /// Deeper or larger than any form makes.
    TooBig,
}

const MAX_DEPTH: usize = 16;
const MAX_NODES: usize = 20_000;

impl Node {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first child of that name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child of that name (a repeat).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of a child, or of a path of children (`meta/instanceID`); "" when missing.
    pub fn text_at(&self, path: &str) -> &str {
        let mut n = self;
        for part in path.split('/') {
            match n.child(part) {
                Some(c) => n = c,
                None => return "",
            }
        }
        &n.text
    }
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or("").to_string()
}

fn start(e: &BytesStart<'_>) -> Result<Node, ReadError> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| ReadError::NotXml(e.to_string()))?;
        let key = local(a.key.as_ref());
        if a.key.as_ref().starts_with("xmlns") {
            continue;
        }
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| ReadError::NotXml(e.to_string()))?
            .trim()
            .to_string();
        attrs.push((key, value));
    }
    Ok(Node { name: local(e.name().as_ref()), attrs, ..Node::default() })
}

/// Parses an instance document into its root element.
pub fn parse(xml: &str) -> Result<Node, ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    let mut count = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| ReadError::NotXml(e.to_string()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err(ReadError::NotXml("content after the root element".into()));
            }
            Event::Start(e) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_NODES {
                    return Err(ReadError::TooBig);
                }
                stack.push(start(&e)?);
            }
            Event::Empty(e) => {
                count += 1;
                if count > MAX_NODES {
                    return Err(ReadError::TooBig);
                }
                let node = start(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::End(_) => {
                let mut node = stack.pop().ok_or_else(|| ReadError::NotXml("unbalanced end tag".into()))?;
                node.text = node.text.trim().to_string();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(ReadError::NotXml("text outside the root element".into()));
                }
            }
            Event::CData(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref().map_err(|e| ReadError::NotXml(e.to_string()))? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)
                        .ok_or_else(|| ReadError::NotXml(format!("unknown entity &{};", &*r)))?
                        .to_string(),
                };
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&ch);
                }
            }
            Event::DocType(_) => return Err(ReadError::NotXml("a document type declaration".into())),
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(ReadError::NotXml("the document ends inside an element".into()));
    }
    root.ok_or_else(|| ReadError::NotXml("no root element".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names_with_or_without_namespaces() {
        let x = r#"<?xml version="1.0"?><data xmlns="http://www.w3.org/2002/xforms" xmlns:jr="http://openrosa.org/javarosa" id="pk-keluarga" version="abc">
            <rw>2</rw><family_id/><anggota><name>Siti &amp; Budi &#65;</name></anggota><anggota><name><![CDATA[x<y]]></name></anggota>
            <orx:meta xmlns:orx="http://openrosa.org/xforms"><orx:instanceID>uuid:1</orx:instanceID></orx:meta></data>"#;
        let n = parse(x).unwrap();
        assert_eq!((n.name.as_str(), n.attr("id"), n.attr("version")), ("data", Some("pk-keluarga"), Some("abc")));
        assert_eq!(n.text_at("rw"), "2");
        assert_eq!(n.text_at("family_id"), "");
        assert_eq!(n.text_at("nothing"), "");
        let names: Vec<&str> = n.all("anggota").map(|m| m.text_at("name")).collect();
        assert_eq!(names, ["Siti & Budi A", "x<y"]);
        assert_eq!(n.text_at("meta/instanceID"), "uuid:1");
    }

    #[test]
    fn malformed_documents_are_refused() {
        for bad in
            ["", "not xml", "<a><b></a>", "<a>", "<a/><b/>", "<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", "<a>&x;</a>"]
        {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "<a>".repeat(40) + &"</a>".repeat(40);
        assert_eq!(parse(&deep), Err(ReadError::TooBig));
    }
}
