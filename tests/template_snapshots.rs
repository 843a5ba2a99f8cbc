//! Snapshots of every corpus template: the HTML of each step, the full rendered JSON of the
//! first render, and the JSON diff of every later step. Together they are the spec of what
//! `html!` produces. Review changes with `cargo insta review` (or `INSTA_UPDATE=always`, then
//! read the diff of `tests/snapshots/`).

#[path = "corpus/mod.rs"]
mod corpus;

use corpus::corpus;
use live_core::diff::ClientTree;

#[test]
fn corpus_has_every_case_once() {
    let cases = corpus();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
}

/// The two bodies `html!` compiles agree: the static render (`render_to_string`, straight
/// writes into one buffer) writes exactly the HTML of the tree of the same state.
#[test]
fn the_static_render_writes_the_html_of_the_tree() {
    for case in corpus() {
        for (i, step) in case.steps.iter().enumerate() {
            assert_eq!(step.written, step.full.to_html(), "{} step {i}", case.name);
        }
    }
}

#[test]
fn corpus_snapshots() {
    for case in corpus() {
        let mut text = String::new();
        let mut client = ClientTree::default();
        for (i, step) in case.steps.iter().enumerate() {
            let diff = client.diff(&step.rendered);
            if i == 0 {
                let full = ClientTree::default()
                    .diff(&step.full)
                    .expect("a full render is never empty");
                assert_eq!(diff.as_deref(), Some(full.as_str()));
                text.push_str(&format!("html: {}\njson: {}\n", step.full.to_html(), full));
            } else {
                let diff = diff.unwrap_or_else(|| String::from("(no diff)"));
                text.push_str(&format!(
                    "\nstep {i}\ndiff: {diff}\nhtml: {}\n",
                    step.full.to_html()
                ));
            }
        }
        insta::with_settings!({
            snapshot_path => "snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("template_{}", case.name), text);
        });
    }
}
