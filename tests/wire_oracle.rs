//! The official client as the oracle for the wire-size cases (`live_benches::wire`): the
//! client's merge of the join and of every event's diff renders exactly the HTML of our full
//! render after that event. The diffs are as small as change tracking makes them (slots left
//! out, components given only their changed attributes); this checks they are still right.

use live_tests::run_node;
use serde_json::{json, Value};

#[test]
fn client_merge_of_every_wire_case_equals_our_html() {
    let cases = live_benches::wire::cases();
    let mut input = Vec::new();
    for case in &cases {
        let steps: Vec<Value> = std::iter::once(&case.join)
            .chain(&case.steps)
            .map(|step| {
                step.sent.as_deref().map_or(json!({}), |diff| {
                    serde_json::from_str(diff).expect("valid JSON")
                })
            })
            .collect();
        input.push(json!({"viewId": "phx-wire", "steps": steps}));
    }
    let output = run_node(
        "tests/js/oracle.mjs",
        &[],
        &json!({ "cases": input }).to_string(),
    );
    let output: Value = serde_json::from_str(&output).expect("the oracle prints JSON");
    let merged = output["cases"].as_array().expect("cases");
    assert_eq!(merged.len(), cases.len());
    for (case, got) in cases.iter().zip(merged) {
        let expected: Vec<&str> = std::iter::once(&case.join)
            .chain(&case.steps)
            .map(|step| step.html.as_str())
            .collect();
        let got: Vec<&str> = got
            .as_array()
            .expect("steps")
            .iter()
            .map(|html| html.as_str().expect("html"))
            .collect();
        assert_eq!(got, expected, "{}", case.name);
    }
}
