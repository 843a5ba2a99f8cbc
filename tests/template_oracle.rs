//! The official client as the oracle for the template compiler: for every corpus template, the
//! client's merge of our full rendered JSON, then of the diff of every assign change, renders
//! exactly the HTML of our own full render of the same state. One Node process for the corpus.

#[path = "corpus/mod.rs"]
mod corpus;

use corpus::corpus;
use live_core::diff::ClientTree;
use live_tests::run_node;
use serde_json::{json, Value};

#[test]
fn client_merge_equals_our_html_for_the_whole_corpus() {
    let cases = corpus();
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for case in &cases {
        let mut client = ClientTree::default();
        let mut steps = Vec::new();
        let mut html = Vec::new();
        for step in &case.steps {
            let diff = client.diff(&step.rendered);
            steps.push(diff.map_or(json!({}), |d| {
                serde_json::from_str::<Value>(&d).expect("valid JSON")
            }));
            html.push(step.full.to_html());
        }
        input.push(json!({"viewId": "phx-corpus", "steps": steps}));
        expected.push(html);
    }
    let output = run_node(
        "tests/js/oracle.mjs",
        &[],
        &json!({ "cases": input }).to_string(),
    );
    let output: Value = serde_json::from_str(&output).expect("the oracle prints JSON");
    let merged = output["cases"].as_array().expect("cases");
    assert_eq!(merged.len(), cases.len());
    let mut failures = Vec::new();
    for ((case, html), got) in cases.iter().zip(&expected).zip(merged) {
        let got: Vec<&str> = got
            .as_array()
            .expect("steps")
            .iter()
            .map(|h| h.as_str().expect("html"))
            .collect();
        if got != *html {
            failures.push(format!(
                "{}:\n  client: {got:?}\n  ours:   {html:?}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
