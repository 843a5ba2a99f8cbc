//! Event payloads built from the page as the official client builds them
//! (docs/protocol-bindings.md §1.3–§1.5, §2): binding values and form serialisation.

use serde_json::{Map, Value};

use super::dom::{Document, NodeId};

/// `application/x-www-form-urlencoded` serialisation of one string, as `URLSearchParams` does:
/// alphanumerics and `*-._` stay, a space becomes `+`, every other byte is `%XX`.
pub(crate) fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `name=value&…`, each side encoded with [`urlencode`].
pub(crate) fn encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(name, value)| format!("{}={}", urlencode(name), urlencode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// What an element's DOM `value` property contributes to a binding's value.
enum ValueProperty {
    /// The element has no `value` property (`<div>`, `<a>`, `<span>`, …).
    Absent,
    /// An unchecked checkbox or radio: `value` is removed again.
    Remove,
    Set(Value),
}

fn value_property(doc: &Document, id: NodeId) -> ValueProperty {
    let attr = |name| doc.attr(id, name);
    let text_or_attr = || Value::from(attr("value").unwrap_or(""));
    match doc.name(id).unwrap_or("") {
        "button" | "data" | "param" => ValueProperty::Set(text_or_attr()),
        "input" => match input_type(doc, id).as_str() {
            "checkbox" | "radio" if attr("checked").is_none() => ValueProperty::Remove,
            "checkbox" | "radio" => ValueProperty::Set(attr("value").unwrap_or("on").into()),
            _ => ValueProperty::Set(text_or_attr()),
        },
        "select" => ValueProperty::Set(
            select_values(doc, id)
                .into_iter()
                .next()
                .unwrap_or_default()
                .into(),
        ),
        "textarea" | "output" => ValueProperty::Set(doc.text(id).into()),
        "option" => ValueProperty::Set(option_value(doc, id).into()),
        // `HTMLLIElement.value` is a number.
        "li" => ValueProperty::Set(
            attr("value")
                .and_then(|v| v.trim().parse::<i64>().ok())
                .unwrap_or(0)
                .into(),
        ),
        "meter" | "progress" => ValueProperty::Set(
            attr("value")
                .and_then(|v| v.trim().parse::<f64>().ok())
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::from(0), Value::Number),
        ),
        _ => ValueProperty::Absent,
    }
}

/// The value of a binding event on element `id`: `meta` (e.g. `{"key": …}`), then every
/// `phx-value-*` attribute, then the element's `value` property (`typed`, when the user typed
/// into a text control), then `extra` (the test's values, as a `JS.push` value would be).
pub(crate) fn binding_value(
    doc: &Document,
    id: NodeId,
    meta: Map<String, Value>,
    typed: Option<&str>,
    extra: Map<String, Value>,
) -> Map<String, Value> {
    let mut value = meta;
    value.extend(phx_values(doc, id));
    match value_property(doc, id) {
        ValueProperty::Absent => {}
        ValueProperty::Remove => {
            value.remove("value");
        }
        ValueProperty::Set(v) => {
            let typed = typed.filter(|_| accepts_typing(doc, id));
            value.insert("value".to_owned(), typed.map_or(v, Value::from));
        }
    }
    value.extend(extra);
    value
}

/// Whether the user can type the element's value: text inputs, textareas, selects.
pub(crate) fn accepts_typing(doc: &Document, id: NodeId) -> bool {
    match doc.name(id) {
        Some("textarea" | "select") => true,
        Some("input") => !matches!(
            input_type(doc, id).as_str(),
            "checkbox" | "radio" | "submit" | "image" | "reset" | "button" | "file"
        ),
        _ => false,
    }
}

/// The `phx-value-*` attributes of an element, by the rest of their (lowercase) name.
pub(crate) fn phx_values(doc: &Document, id: NodeId) -> Map<String, Value> {
    doc.attrs(id)
        .iter()
        .filter_map(|(name, value)| {
            name.strip_prefix("phx-value-")
                .map(|key| (key.to_owned(), Value::from(value.as_str())))
        })
        .collect()
}

/// The lowercase `type` of an `<input>` (`text` by default).
pub(crate) fn input_type(doc: &Document, id: NodeId) -> String {
    doc.attr(id, "type")
        .map(str::to_ascii_lowercase)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "text".to_owned())
}

fn option_value(doc: &Document, id: NodeId) -> String {
    match doc.attr(id, "value") {
        Some(value) => value.to_owned(),
        None => doc
            .text(id)
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The values a `<select>` submits: its selected options, or its first enabled option when a
/// single-choice select has none selected.
fn select_values(doc: &Document, select: NodeId) -> Vec<String> {
    let options: Vec<NodeId> = doc
        .descendants(select)
        .into_iter()
        .filter(|&o| doc.name(o) == Some("option"))
        .collect();
    let selected: Vec<NodeId> = options
        .iter()
        .copied()
        .filter(|&o| doc.attr(o, "selected").is_some())
        .collect();
    if doc.attr(select, "multiple").is_some() {
        return selected.iter().map(|&o| option_value(doc, o)).collect();
    }
    // A single-choice select shows its last selected option, or else its first enabled one.
    selected
        .last()
        .or_else(|| options.iter().find(|&&o| doc.attr(o, "disabled").is_none()))
        .map(|&o| vec![option_value(doc, o)])
        .unwrap_or_default()
}

/// Whether a control is a button of some kind (never serialised unless it is the submitter).
pub(crate) fn is_button(doc: &Document, id: NodeId) -> bool {
    match doc.name(id) {
        Some("button") => true,
        Some("input") => matches!(
            input_type(doc, id).as_str(),
            "submit" | "image" | "reset" | "button"
        ),
        _ => false,
    }
}

/// The form controls of `form`, in document order: its `input`, `select`, `textarea` and
/// `button` descendants and the controls elsewhere with `form="<its id>"`.
pub(crate) fn form_controls(doc: &Document, form: NodeId) -> Vec<NodeId> {
    let form_id = doc.attr(form, "id");
    let inside = doc.descendants(form);
    doc.elements()
        .filter(|&e| {
            matches!(
                doc.name(e),
                Some("input" | "select" | "textarea" | "button")
            )
        })
        .filter(|&e| match doc.attr(e, "form") {
            Some(owner) => Some(owner) == form_id,
            None => inside.contains(&e),
        })
        .collect()
}

/// The values a control contributes to its form when nothing is typed into it.
pub(crate) fn control_values(doc: &Document, id: NodeId) -> Vec<String> {
    match doc.name(id) {
        Some("select") => select_values(doc, id),
        Some("textarea") => vec![doc.text(id)],
        Some("input") => match input_type(doc, id).as_str() {
            "checkbox" | "radio" if doc.attr(id, "checked").is_none() => Vec::new(),
            "checkbox" | "radio" => vec![doc.attr(id, "value").unwrap_or("on").to_owned()],
            "file" | "submit" | "image" | "reset" | "button" => Vec::new(),
            _ => vec![doc.attr(id, "value").unwrap_or("").to_owned()],
        },
        _ => Vec::new(),
    }
}

/// Flattens nested values into form field names: `{"user": {"name": "Jo"}}` gives
/// `user[name]=Jo`, a list gives `tags[]` once per element; numbers and booleans become text.
pub(crate) fn flatten(value: &Value) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, value) in map {
                flatten_into(key.clone(), value, &mut out)?;
            }
        }
        other => {
            return Err(format!(
                "form values must be an object of fields, got {other}"
            ))
        }
    }
    Ok(out)
}

fn flatten_into(
    name: String,
    value: &Value,
    out: &mut Vec<(String, String)>,
) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                flatten_into(format!("{name}[{key}]"), value, out)?;
            }
        }
        Value::Array(items) => {
            let name = if name.ends_with("[]") {
                name
            } else {
                format!("{name}[]")
            };
            for item in items {
                match item {
                    Value::Object(_) | Value::Array(_) => {
                        return Err(format!(
                        "field {name}: lists of objects are ambiguous in forms; use indexed names"
                    ))
                    }
                    scalar => out.push((name.clone(), scalar_text(scalar))),
                }
            }
        }
        scalar => out.push((name, scalar_text(scalar))),
    }
    Ok(())
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The name of the `_unused_` marker of field `name`: its last key segment prefixed
/// (`user[email]` → `user[_unused_email]`, `tags[]` → `_unused_tags[]`).
pub(crate) fn unused_name(name: &str) -> String {
    let (base, list) = match name.strip_suffix("[]") {
        Some(base) => (base, "[]"),
        None => (name, ""),
    };
    match (base.rfind('['), base.ends_with(']')) {
        (Some(open), true) if open > 0 => {
            format!("{}[_unused_{}{list}", &base[..open], &base[open + 1..])
        }
        _ => format!("_unused_{base}{list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_url_search_params() {
        assert_eq!(urlencode("José Q"), "Jos%C3%A9+Q");
        assert_eq!(urlencode("user[name]"), "user%5Bname%5D");
        assert_eq!(urlencode("a*b-c.d_e~!"), "a*b-c.d_e%7E%21");
        assert_eq!(encode_pairs([("a", "1"), ("b c", "&")]), "a=1&b+c=%26");
    }

    #[test]
    fn builds_binding_values() {
        let doc = Document::parse(
            r#"<button id="b" phx-value-ID="7">+</button><li id="l" value="3">x</li><input id="c" type="checkbox" phx-value-value="x"><div id="d" phx-value-row="1"></div>"#,
        );
        let find = |id: &str| {
            doc.elements()
                .find(|&e| doc.attr(e, "id") == Some(id))
                .expect("element")
        };
        let value = |id| Value::Object(binding_value(&doc, find(id), Map::new(), None, Map::new()));
        assert_eq!(value("b"), serde_json::json!({"id": "7", "value": ""}));
        assert_eq!(value("l"), serde_json::json!({"value": 3}));
        assert_eq!(value("c"), serde_json::json!({}));
        assert_eq!(value("d"), serde_json::json!({"row": "1"}));
    }

    #[test]
    fn flattens_and_marks_unused_fields() {
        let values =
            serde_json::json!({"user": {"name": "Jo", "age": 3}, "tags": ["a", "b"], "ok": true});
        assert_eq!(
            flatten(&values).expect("flat"),
            [
                ("ok".to_owned(), "true".to_owned()),
                ("tags[]".into(), "a".into()),
                ("tags[]".into(), "b".into()),
                ("user[age]".into(), "3".into()),
                ("user[name]".into(), "Jo".into()),
            ]
        );
        assert_eq!(unused_name("user[email]"), "user[_unused_email]");
        assert_eq!(unused_name("title"), "_unused_title");
        assert_eq!(unused_name("tags[]"), "_unused_tags[]");
        assert_eq!(unused_name("a[b][]"), "a[_unused_b][]");
    }

    #[test]
    fn serialises_form_controls() {
        let doc = Document::parse(
            r#"<form id="f"><input name="a" value="1"><input type="checkbox" name="c"><input type="checkbox" name="d" checked><select name="s"><option value="x">X</option><option selected>  Y  </option></select><textarea name="t">hi</textarea><button name="go" value="1">Go</button></form><input name="outside" form="f" value="o">"#,
        );
        let form = doc.elements().next().expect("form");
        let values: Vec<(String, Vec<String>)> = form_controls(&doc, form)
            .into_iter()
            .map(|c| {
                (
                    doc.attr(c, "name").unwrap_or("").to_owned(),
                    control_values(&doc, c),
                )
            })
            .collect();
        let expected: Vec<(String, Vec<String>)> = [
            ("a", vec!["1"]),
            ("c", vec![]),
            ("d", vec!["on"]),
            ("s", vec!["Y"]),
            ("t", vec!["hi"]),
            ("go", vec![]),
            ("outside", vec!["o"]),
        ]
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v.into_iter().map(str::to_owned).collect()))
        .collect();
        assert_eq!(values, expected);
    }
}
