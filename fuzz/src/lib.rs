//! The checks the fuzz targets (and the seeded stress run) apply to one input: nothing may
//! panic, and what decodes must have the shape Plug gives (an object of strings, lists and
//! maps, no deeper than the key limit), decode the same way twice, and survive typed access,
//! a changeset and rendering.

use live_core::form::{decode, decode_target, input, Changeset, EventParams, MAX_DEPTH};
use live_core::{html, Event};
use serde::Deserialize;
use serde_json::{json, Value};

/// A form struct with every kind of field the typed access converts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
#[allow(dead_code)]
struct Sample {
    name: String,
    age: Option<u8>,
    score: f64,
    agree: bool,
    tags: Vec<String>,
    rows: Vec<Row>,
    plan: Option<Plan>,
    letter: Option<char>,
}

#[derive(Debug, Default, Deserialize)]
#[allow(dead_code)]
struct Row {
    x: i64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Plan {
    Free,
    Pro(u32),
}

/// Checks the shape of decoded form params: strings at the leaves, bounded depth.
fn check_shape(value: &Value, depth: usize) {
    assert!(depth <= MAX_DEPTH + 1, "nested deeper than the key limit");
    match value {
        Value::String(_) => {}
        Value::Array(items) => items.iter().for_each(|v| check_shape(v, depth + 1)),
        Value::Object(map) => map.values().for_each(|v| check_shape(v, depth + 1)),
        other => panic!("a form decoded to a non-string leaf: {other}"),
    }
}

/// One urlencoded input through the form decoder and everything built on it.
pub fn check_form(text: &str) {
    let _ = decode_target(text);
    let Ok(value) = decode(text) else {
        return;
    };
    assert!(value.is_object(), "a form decodes to an object");
    check_shape(&value, 0);
    assert_eq!(
        decode(text).ok().as_ref(),
        Some(&value),
        "decoding is deterministic"
    );
    let params = EventParams::new(value.clone());
    assert_eq!(
        params.parse::<Value>().ok(),
        Some(value),
        "typed access keeps the value"
    );
    let _ = params.parse::<Sample>();
    let _ = params.get::<Sample>("user");
    let _ = params.get::<Vec<u16>>("user");
    for name in ["user", ""] {
        let checked = Changeset::<Sample>::cast(&params, name)
            .required(&["name", "age"])
            .length("name", 2..=5)
            .number("age", 1..=99)
            .number("score", 0.5..10.0)
            .format("name", |n| n.contains('@'), "@")
            .confirmation("name")
            .acceptance("agree")
            .inclusion("plan", &["free"]);
        let form = checked.to_form();
        let html = html! {
            <.input field={form.field("name")} label="Name"/>
            <.input field={form.field("agree")} type="checkbox"/>
            <.input field={form.field("plan")} type="select" options={&[("Free", "free")]} prompt="-"/>
            <.input field={form.field("tags")} type="textarea"/>
        };
        let _ = html.to_html();
        let _ = checked.apply();
    }
    let event = Event::form("validate", text).with_meta(json!({"_target": text}));
    let _ = event.params().target();
    let _ = event.params().is_used(&["user", "name"]);
}

/// Raw bytes as an `event` payload: as JSON when they parse, and as the value and `_target` of a
/// form event (split at the first zero byte).
pub fn check_event(data: &[u8]) {
    if let Ok(payload) = serde_json::from_slice::<Value>(data) {
        if let Ok(event) = Event::from_payload(&payload) {
            let _ = event.params().parse::<Value>();
            let _ = event.params().parse::<Sample>();
            let _ = event.params().get::<u64>("id");
            let _ = event.params().target();
        }
    }
    let (value, target) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &data[..0]),
    };
    let value = String::from_utf8_lossy(value);
    let target = String::from_utf8_lossy(target);
    for kind in [json!("form"), json!("click"), Value::Null] {
        let payload = json!({
            "type": kind, "event": "e", "value": value, "meta": {"_target": target}, "cid": 1
        });
        if let Ok(event) = Event::from_payload(&payload) {
            let _ = event.params().parse::<Sample>();
            let _ = event.params().is_used(&["user", "name"]);
        }
    }
}
