//! CSS selectors over a [`Document`]: type, `*`, `#id`, `.class`, attribute selectors
//! (`[a]`, `[a=v]`, `[a~=v]`, `[a|=v]`, `[a^=v]`, `[a$=v]`, `[a*=v]`, with an `i` flag),
//! `:first-child`, `:last-child`, `:only-child`, `:nth-child(n)`, `:checked`, `:disabled`,
//! `:empty`, `:not(…)`, the four combinators (descendant, `>`, `+`, `~`) and selector lists.

use super::dom::{Document, Kind, NodeId};

/// A parsed selector list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Selector(Vec<Complex>);

/// Compounds joined by combinators, stored right to left: `parts[0]` is the subject.
#[derive(Debug, Clone, PartialEq)]
struct Complex {
    subject: Compound,
    /// Each step leftwards: the combinator, then the compound it leads to.
    ancestors: Vec<(Combinator, Compound)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Combinator {
    Descendant,
    Child,
    Adjacent,
    Sibling,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Compound {
    tag: Option<String>,
    conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq)]
enum Condition {
    Id(String),
    Class(String),
    Attr {
        name: String,
        test: Option<(AttrOp, String)>,
        ignore_case: bool,
    },
    FirstChild,
    LastChild,
    OnlyChild,
    NthChild(usize),
    Checked,
    Disabled,
    Empty,
    Not(Box<Selector>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum AttrOp {
    Equals,
    Word,
    DashPrefix,
    Prefix,
    Suffix,
    Contains,
}

impl Selector {
    /// Parses `text`; the error says what is wrong and where.
    pub(crate) fn parse(text: &str) -> Result<Selector, String> {
        let mut parser = Parser {
            chars: text.chars().collect(),
            pos: 0,
        };
        let selector = parser.list()?;
        parser.skip_ws();
        if parser.pos < parser.chars.len() {
            return Err(format!(
                "invalid selector {text:?}: unexpected {:?} at {}",
                parser.chars[parser.pos], parser.pos
            ));
        }
        Ok(selector)
    }

    /// Every element of `doc` matching, in document order.
    pub(crate) fn select(&self, doc: &Document) -> Vec<NodeId> {
        doc.elements().filter(|&e| self.matches(doc, e)).collect()
    }

    /// Whether element `id` matches.
    pub(crate) fn matches(&self, doc: &Document, id: NodeId) -> bool {
        self.0.iter().any(|complex| complex.matches(doc, id))
    }
}

impl Complex {
    fn matches(&self, doc: &Document, id: NodeId) -> bool {
        self.subject.matches(doc, id) && self.matches_from(doc, id, 0)
    }

    /// Whether the compounds left of step `step` match, starting from the matched element `id`.
    fn matches_from(&self, doc: &Document, id: NodeId, step: usize) -> bool {
        let Some((combinator, compound)) = self.ancestors.get(step) else {
            return true;
        };
        match combinator {
            Combinator::Child => doc
                .parent_element(id)
                .is_some_and(|p| compound.matches(doc, p) && self.matches_from(doc, p, step + 1)),
            Combinator::Descendant => {
                let mut current = doc.parent_element(id);
                while let Some(p) = current {
                    if compound.matches(doc, p) && self.matches_from(doc, p, step + 1) {
                        return true;
                    }
                    current = doc.parent_element(p);
                }
                false
            }
            Combinator::Adjacent => previous_sibling(doc, id)
                .is_some_and(|s| compound.matches(doc, s) && self.matches_from(doc, s, step + 1)),
            Combinator::Sibling => {
                let mut current = previous_sibling(doc, id);
                while let Some(s) = current {
                    if compound.matches(doc, s) && self.matches_from(doc, s, step + 1) {
                        return true;
                    }
                    current = previous_sibling(doc, s);
                }
                false
            }
        }
    }
}

fn siblings(doc: &Document, id: NodeId) -> Vec<NodeId> {
    match doc.nodes[id].parent {
        Some(parent) => doc.element_children(parent).collect(),
        None => vec![id],
    }
}

fn previous_sibling(doc: &Document, id: NodeId) -> Option<NodeId> {
    let siblings = siblings(doc, id);
    let index = siblings.iter().position(|&s| s == id)?;
    index.checked_sub(1).map(|i| siblings[i])
}

impl Compound {
    fn matches(&self, doc: &Document, id: NodeId) -> bool {
        let Some(name) = doc.name(id) else {
            return false;
        };
        if self.tag.as_deref().is_some_and(|tag| tag != name) {
            return false;
        }
        self.conditions.iter().all(|c| c.matches(doc, id))
    }
}

impl Condition {
    fn matches(&self, doc: &Document, id: NodeId) -> bool {
        match self {
            Condition::Id(id_value) => doc.attr(id, "id") == Some(id_value.as_str()),
            Condition::Class(class) => doc
                .attr(id, "class")
                .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class)),
            Condition::Attr {
                name,
                test,
                ignore_case,
            } => {
                let Some(value) = doc.attr(id, name) else {
                    return false;
                };
                let Some((op, expected)) = test else {
                    return true;
                };
                let (value, expected) = if *ignore_case {
                    (value.to_lowercase(), expected.to_lowercase())
                } else {
                    (value.to_owned(), expected.clone())
                };
                match op {
                    AttrOp::Equals => value == expected,
                    AttrOp::Word => value.split_ascii_whitespace().any(|w| w == expected),
                    AttrOp::DashPrefix => {
                        value == expected || value.starts_with(&format!("{expected}-"))
                    }
                    AttrOp::Prefix => !expected.is_empty() && value.starts_with(&expected),
                    AttrOp::Suffix => !expected.is_empty() && value.ends_with(&expected),
                    AttrOp::Contains => !expected.is_empty() && value.contains(&expected),
                }
            }
            Condition::FirstChild => siblings(doc, id).first() == Some(&id),
            Condition::LastChild => siblings(doc, id).last() == Some(&id),
            Condition::OnlyChild => siblings(doc, id) == [id],
            Condition::NthChild(n) => siblings(doc, id).get(n.wrapping_sub(1)) == Some(&id),
            Condition::Checked => {
                doc.attr(id, "checked").is_some()
                    || (doc.name(id) == Some("option") && doc.attr(id, "selected").is_some())
            }
            Condition::Disabled => doc.attr(id, "disabled").is_some(),
            Condition::Empty => doc.nodes[id].children.iter().all(|&c| {
                matches!(&doc.nodes[c].kind, Kind::Comment)
                    || matches!(&doc.nodes[c].kind, Kind::Text(t) if t.is_empty())
            }),
            Condition::Not(selector) => !selector.matches(doc, id),
        }
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        self.pos > start
    }

    fn error(&self, what: &str) -> String {
        let text: String = self.chars.iter().collect();
        format!("invalid selector {text:?}: {what} at {}", self.pos)
    }

    fn list(&mut self) -> Result<Selector, String> {
        let mut complexes = vec![self.complex()?];
        loop {
            self.skip_ws();
            if self.peek() != Some(',') {
                return Ok(Selector(complexes));
            }
            self.pos += 1;
            complexes.push(self.complex()?);
        }
    }

    fn complex(&mut self) -> Result<Complex, String> {
        self.skip_ws();
        let mut compounds = vec![self.compound()?];
        let mut combinators = Vec::new();
        loop {
            let had_ws = self.skip_ws();
            let combinator = match self.peek() {
                Some('>') => Combinator::Child,
                Some('+') => Combinator::Adjacent,
                Some('~') => Combinator::Sibling,
                Some(',' | ')') | None => break,
                Some(_) if had_ws => Combinator::Descendant,
                Some(c) => return Err(self.error(&format!("unexpected {c:?}"))),
            };
            if combinator != Combinator::Descendant {
                self.pos += 1;
                self.skip_ws();
            }
            combinators.push(combinator);
            compounds.push(self.compound()?);
        }
        let subject = compounds.pop().unwrap_or_default();
        let ancestors = combinators
            .into_iter()
            .rev()
            .zip(compounds.into_iter().rev())
            .collect();
        Ok(Complex { subject, ancestors })
    }

    fn compound(&mut self) -> Result<Compound, String> {
        let mut compound = Compound::default();
        let mut any = false;
        if self.peek() == Some('*') {
            self.pos += 1;
            any = true;
        } else if self.peek().is_some_and(is_ident_char) {
            compound.tag = Some(self.ident()?.to_ascii_lowercase());
            any = true;
        }
        loop {
            match self.peek() {
                Some('#') => {
                    self.pos += 1;
                    compound.conditions.push(Condition::Id(self.ident()?));
                }
                Some('.') => {
                    self.pos += 1;
                    compound.conditions.push(Condition::Class(self.ident()?));
                }
                Some('[') => {
                    self.pos += 1;
                    compound.conditions.push(self.attribute()?);
                }
                Some(':') => {
                    self.pos += 1;
                    compound.conditions.push(self.pseudo()?);
                }
                _ => break,
            }
            any = true;
        }
        if any {
            Ok(compound)
        } else {
            Err(self.error("expected a selector"))
        }
    }

    fn ident(&mut self) -> Result<String, String> {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == '\\' {
                self.pos += 1;
                match self.peek() {
                    Some(escaped) => out.push(escaped),
                    None => return Err(self.error("dangling escape")),
                }
                self.pos += 1;
            } else if is_ident_char(c) {
                out.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        if out.is_empty() {
            Err(self.error("expected a name"))
        } else {
            Ok(out)
        }
    }

    fn attribute(&mut self) -> Result<Condition, String> {
        self.skip_ws();
        let name = self.ident()?.to_ascii_lowercase();
        self.skip_ws();
        let op = match self.peek() {
            Some(']') => {
                self.pos += 1;
                return Ok(Condition::Attr {
                    name,
                    test: None,
                    ignore_case: false,
                });
            }
            Some('=') => None,
            Some('~') => Some(AttrOp::Word),
            Some('|') => Some(AttrOp::DashPrefix),
            Some('^') => Some(AttrOp::Prefix),
            Some('$') => Some(AttrOp::Suffix),
            Some('*') => Some(AttrOp::Contains),
            _ => return Err(self.error("expected `]` or an attribute operator")),
        };
        if op.is_some() {
            self.pos += 1;
        }
        if self.peek() != Some('=') {
            return Err(self.error("expected `=`"));
        }
        self.pos += 1;
        self.skip_ws();
        let value = match self.peek() {
            Some(quote @ ('"' | '\'')) => {
                self.pos += 1;
                let mut value = String::new();
                loop {
                    match self.peek() {
                        None => return Err(self.error("unterminated string")),
                        Some('\\') => {
                            self.pos += 1;
                            if let Some(c) = self.peek() {
                                value.push(c);
                                self.pos += 1;
                            }
                        }
                        Some(c) if c == quote => {
                            self.pos += 1;
                            break;
                        }
                        Some(c) => {
                            value.push(c);
                            self.pos += 1;
                        }
                    }
                }
                value
            }
            _ => self.ident()?,
        };
        self.skip_ws();
        let mut ignore_case = false;
        if matches!(self.peek(), Some('i' | 'I')) {
            ignore_case = true;
            self.pos += 1;
            self.skip_ws();
        } else if matches!(self.peek(), Some('s' | 'S')) {
            self.pos += 1;
            self.skip_ws();
        }
        if self.peek() != Some(']') {
            return Err(self.error("expected `]`"));
        }
        self.pos += 1;
        Ok(Condition::Attr {
            name,
            test: Some((op.unwrap_or(AttrOp::Equals), value)),
            ignore_case,
        })
    }

    fn pseudo(&mut self) -> Result<Condition, String> {
        let name = self.ident()?.to_ascii_lowercase();
        let condition = match name.as_str() {
            "first-child" => Condition::FirstChild,
            "last-child" => Condition::LastChild,
            "only-child" => Condition::OnlyChild,
            "checked" => Condition::Checked,
            "disabled" => Condition::Disabled,
            "empty" => Condition::Empty,
            "nth-child" | "not" => {
                if self.peek() != Some('(') {
                    return Err(self.error("expected `(`"));
                }
                self.pos += 1;
                self.skip_ws();
                let condition = if name == "not" {
                    Condition::Not(Box::new(self.list()?))
                } else {
                    let digits = self.ident()?;
                    let n = digits
                        .parse()
                        .map_err(|_| self.error("`:nth-child` takes a number"))?;
                    Condition::NthChild(n)
                };
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err(self.error("expected `)`"));
                }
                self.pos += 1;
                condition
            }
            other => return Err(self.error(&format!("unsupported pseudo-class `:{other}`"))),
        };
        Ok(condition)
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || !c.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select(html: &str, selector: &str) -> Vec<String> {
        let doc = Document::parse(html);
        Selector::parse(selector)
            .expect("valid selector")
            .select(&doc)
            .into_iter()
            .map(|id| doc.outer_html(id).to_owned())
            .collect()
    }

    const PAGE: &str = r#"<div id="main" class="box big"><ul><li class="a">1</li><li data-k="x-y">2</li><li>3</li></ul><p><a href="/x" data-phx-link="patch">x</a></p></div><span>s</span>"#;

    #[test]
    fn matches_simple_selectors() {
        assert_eq!(select(PAGE, "#main").len(), 1);
        assert_eq!(select(PAGE, "div.box.big").len(), 1);
        assert_eq!(select(PAGE, ".missing"), Vec::<String>::new());
        assert_eq!(
            select(PAGE, "li"),
            [
                "<li class=\"a\">1</li>",
                "<li data-k=\"x-y\">2</li>",
                "<li>3</li>"
            ]
        );
        assert_eq!(select(PAGE, "[data-k]"), ["<li data-k=\"x-y\">2</li>"]);
        assert_eq!(select(PAGE, "[data-k|=x]").len(), 1);
        assert_eq!(select(PAGE, "a[data-phx-link='patch']").len(), 1);
        assert_eq!(select(PAGE, "a[href^=\"/\"]").len(), 1);
        assert_eq!(select(PAGE, "A[DATA-PHX-LINK=PATCH i]").len(), 1);
    }

    #[test]
    fn matches_combinators_and_pseudo_classes() {
        assert_eq!(select(PAGE, "#main li").len(), 3);
        assert_eq!(select(PAGE, "#main > li").len(), 0);
        assert_eq!(
            select(PAGE, "ul > li:first-child"),
            ["<li class=\"a\">1</li>"]
        );
        assert_eq!(select(PAGE, "li:last-child"), ["<li>3</li>"]);
        assert_eq!(
            select(PAGE, "li:nth-child(2)"),
            ["<li data-k=\"x-y\">2</li>"]
        );
        assert_eq!(select(PAGE, "li.a + li"), ["<li data-k=\"x-y\">2</li>"]);
        assert_eq!(select(PAGE, "li.a ~ li").len(), 2);
        assert_eq!(select(PAGE, "li:not(.a)").len(), 2);
        assert_eq!(select(PAGE, "div + span, p a").len(), 2);
    }

    #[test]
    fn reports_invalid_selectors() {
        for bad in ["", "#", "a[", "a[x=", "li:hover", "a >", "a,"] {
            assert!(Selector::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
