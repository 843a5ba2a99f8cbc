//! The diff engine's exact output (docs/protocol.md §4): every case asserts the JSON string byte
//! for byte, with hand-built statics.

use live_core::diff::ClientTree;
use live_core::{Comprehension, Dynamic, Rendered, Statics};

static PAGE: Statics = Statics::new(
    &["<div class=\"page\">", "<p>", "</p></div>"],
    r#"["<div class=\"page\">","<p>","</p></div>"]"#,
    true,
);
static THREE: Statics = Statics::new(
    &["<i>", "|", "|", "</i>"],
    r#"["<i>","|","|","</i>"]"#,
    true,
);
static ONE: Statics = Statics::new(
    &["<section>", "</section>"],
    r#"["<section>","</section>"]"#,
    true,
);
static BIG: Statics = Statics::new(
    &["<p class=\"big\">Big: ", "</p>"],
    r#"["<p class=\"big\">Big: ","</p>"]"#,
    true,
);
static SMALL: Statics = Statics::new(
    &["small ", " &amp; more"],
    r#"["small "," &amp; more"]"#,
    false,
);
static LI: Statics = Statics::new(&["<li>", "</li>"], r#"["<li>","</li>"]"#, true);
static ROW: Statics = Statics::new(
    &["<tr><td>", "</td><td>", "</td></tr>"],
    r#"["<tr><td>","</td><td>","</td></tr>"]"#,
    true,
);
static BR: Statics = Statics::new(&["<br>"], r#"["<br>"]"#, true);

fn t(text: &str) -> Dynamic {
    Dynamic::text(text)
}

fn node(statics: &'static Statics, dynamics: Vec<Dynamic>) -> Rendered {
    Rendered::new(statics, dynamics)
}

fn nested(statics: &'static Statics, dynamics: Vec<Dynamic>) -> Dynamic {
    Dynamic::Nested(node(statics, dynamics))
}

/// A keyed comprehension of `LI` entries: `(key, name)`.
fn fruits(entries: &[(&str, &str)]) -> Dynamic {
    let mut list = Comprehension::new(&LI);
    for (key, name) in entries {
        list.push(Some((*key).to_owned()), vec![t(name)]);
    }
    Dynamic::List(list)
}

/// A keyed comprehension of `ROW` entries: `(key, a, b)`.
fn rows(entries: &[(&str, &str, &str)]) -> Dynamic {
    let mut list = Comprehension::new(&ROW);
    for (key, a, b) in entries {
        list.push(Some((*key).to_owned()), vec![t(a), t(b)]);
    }
    Dynamic::List(list)
}

/// A one-slot `ONE` page around `slot`.
fn page(slot: Dynamic) -> Rendered {
    node(&ONE, vec![slot])
}

fn diff(tree: &mut ClientTree, rendered: &Rendered) -> Option<String> {
    let out = tree.diff(rendered);
    if let Some(json) = &out {
        serde_json::from_str::<serde_json::Value>(json)
            .unwrap_or_else(|e| panic!("invalid JSON {json}: {e}"));
    }
    out
}

#[test]
fn first_render_is_full_and_the_top_has_no_root_flag() {
    let mut tree = ClientTree::default();
    let r = node(&PAGE, vec![t("Title"), t("Body")]);
    assert_eq!(
        diff(&mut tree, &r).as_deref(),
        Some(r#"{"0":"Title","1":"Body","s":["<div class=\"page\">","<p>","</p></div>"]}"#)
    );
}

#[test]
fn one_slot_change_and_no_change() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &node(&PAGE, vec![t("Title"), t("Body")]));
    assert_eq!(
        diff(
            &mut tree,
            &node(&PAGE, vec![Dynamic::Unchanged, t("New body")])
        )
        .as_deref(),
        Some(r#"{"1":"New body"}"#)
    );
    assert_eq!(
        diff(
            &mut tree,
            &node(&PAGE, vec![Dynamic::Unchanged, Dynamic::Unchanged])
        ),
        None
    );
    // Evaluated again to the text the client holds (its hash is remembered): not sent.
    assert_eq!(
        diff(
            &mut tree,
            &node(&PAGE, vec![t("Title"), Dynamic::Unchanged])
        ),
        None
    );
    assert_eq!(
        diff(&mut tree, &node(&PAGE, vec![t("Title 2"), t("New body")])).as_deref(),
        Some(r#"{"0":"Title 2"}"#)
    );
}

#[test]
fn a_text_is_compared_with_the_text_the_client_holds_not_with_older_ones() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &node(&PAGE, vec![t("A"), t("B")]));
    // The slot holds a node, then the same text as before it: the text is sent again.
    assert_eq!(
        diff(
            &mut tree,
            &node(&PAGE, vec![nested(&ONE, vec![t("x")]), t("B")])
        )
        .as_deref(),
        Some(r#"{"0":{"0":"x","s":["<section>","</section>"],"r":1}}"#)
    );
    assert_eq!(
        diff(&mut tree, &node(&PAGE, vec![t("A"), t("B")])).as_deref(),
        Some(r#"{"0":"A"}"#)
    );
    // A component, then the same text again.
    assert_eq!(
        diff(&mut tree, &node(&PAGE, vec![Dynamic::Component(1), t("B")])).as_deref(),
        Some(r#"{"0":1}"#)
    );
    assert_eq!(
        diff(&mut tree, &node(&PAGE, vec![t("A"), t("B")])).as_deref(),
        Some(r#"{"0":"A"}"#)
    );
    // Inside a nested node the client holds, the same rule: only the text that differs.
    diff(
        &mut tree,
        &node(
            &PAGE,
            vec![nested(&THREE, vec![t("1"), t("2"), t("3")]), t("B")],
        ),
    );
    assert_eq!(
        diff(
            &mut tree,
            &node(
                &PAGE,
                vec![nested(&THREE, vec![t("1"), t("two"), t("3")]), t("B")]
            )
        )
        .as_deref(),
        Some(r#"{"0":{"1":"two"}}"#)
    );
    // A new render of the node (other statics, then these again) starts from nothing held.
    diff(
        &mut tree,
        &node(&PAGE, vec![nested(&ONE, vec![t("1")]), t("B")]),
    );
    assert_eq!(
        diff(
            &mut tree,
            &node(
                &PAGE,
                vec![nested(&THREE, vec![t("1"), t("two"), t("3")]), t("B")]
            )
        )
        .as_deref(),
        Some(r#"{"0":{"0":"1","1":"two","2":"3","s":["<i>","|","|","</i>"],"r":1}}"#)
    );
}

#[test]
fn unchanged_slots_are_omitted() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &node(&THREE, vec![t("a"), t("b"), t("c")]));
    assert_eq!(
        diff(
            &mut tree,
            &node(&THREE, vec![Dynamic::Unchanged, t("B"), Dynamic::Unchanged])
        )
        .as_deref(),
        Some(r#"{"1":"B"}"#)
    );
    assert_eq!(
        diff(
            &mut tree,
            &node(&THREE, vec![t("A"), Dynamic::Unchanged, t("C")])
        )
        .as_deref(),
        Some(r#"{"0":"A","2":"C"}"#)
    );
}

#[test]
fn nested_node_with_the_same_statics_is_a_partial_object() {
    let mut tree = ClientTree::default();
    assert_eq!(
        diff(
            &mut tree,
            &page(nested(&THREE, vec![t("a"), t("b"), t("c")]))
        )
        .as_deref(),
        Some(
            r#"{"0":{"0":"a","1":"b","2":"c","s":["<i>","|","|","</i>"],"r":1},"s":["<section>","</section>"]}"#
        )
    );
    assert_eq!(
        diff(
            &mut tree,
            &page(nested(
                &THREE,
                vec![Dynamic::Unchanged, Dynamic::Unchanged, t("C")]
            ))
        )
        .as_deref(),
        Some(r#"{"0":{"2":"C"}}"#)
    );
}

#[test]
fn nested_unchanged_subtree_is_omitted_entirely() {
    let mut tree = ClientTree::default();
    let inner = |d: Dynamic| {
        nested(
            &ONE,
            vec![nested(
                &THREE,
                vec![d, Dynamic::Unchanged, Dynamic::Unchanged],
            )],
        )
    };
    diff(
        &mut tree,
        &node(
            &PAGE,
            vec![
                t("x"),
                nested(&ONE, vec![nested(&THREE, vec![t("a"), t("b"), t("c")])]),
            ],
        ),
    );
    assert_eq!(
        diff(
            &mut tree,
            &node(&PAGE, vec![Dynamic::Unchanged, inner(Dynamic::Unchanged)])
        ),
        None
    );
    assert_eq!(
        diff(
            &mut tree,
            &node(&PAGE, vec![t("y"), inner(Dynamic::Unchanged)])
        )
        .as_deref(),
        Some(r#"{"0":"y"}"#)
    );
    assert_eq!(
        diff(
            &mut tree,
            &node(&PAGE, vec![Dynamic::Unchanged, inner(t("A"))])
        )
        .as_deref(),
        Some(r#"{"1":{"0":{"0":"A"}}}"#)
    );
}

#[test]
fn branch_switch_sends_the_new_node_in_full() {
    let mut tree = ClientTree::default();
    assert_eq!(
        diff(&mut tree, &page(nested(&BIG, vec![t("1")]))).as_deref(),
        Some(
            r#"{"0":{"0":"1","s":["<p class=\"big\">Big: ","</p>"],"r":1},"s":["<section>","</section>"]}"#
        )
    );
    // A non-root template: no root flag.
    assert_eq!(
        diff(&mut tree, &page(nested(&SMALL, vec![t("0")]))).as_deref(),
        Some(r#"{"0":{"0":"0","s":["small "," &amp; more"]}}"#)
    );
    assert_eq!(
        diff(&mut tree, &page(nested(&BIG, vec![t("2")]))).as_deref(),
        Some(r#"{"0":{"0":"2","s":["<p class=\"big\">Big: ","</p>"],"r":1}}"#)
    );
    // A zero-slot template.
    assert_eq!(
        diff(&mut tree, &page(nested(&BR, vec![]))).as_deref(),
        Some(r#"{"0":{"s":["<br>"],"r":1}}"#)
    );
    assert_eq!(diff(&mut tree, &page(nested(&BR, vec![]))), None);
}

#[test]
fn text_replacing_a_nested_node_and_back() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &page(nested(&BIG, vec![t("1")])));
    assert_eq!(
        diff(&mut tree, &page(t(""))).as_deref(),
        Some(r#"{"0":""}"#)
    );
    // The client no longer holds the node: it comes back in full.
    assert_eq!(
        diff(&mut tree, &page(nested(&BIG, vec![t("1")]))).as_deref(),
        Some(r#"{"0":{"0":"1","s":["<p class=\"big\">Big: ","</p>"],"r":1}}"#)
    );
    assert_eq!(
        diff(&mut tree, &page(nested(&BIG, vec![t("2")]))).as_deref(),
        Some(r#"{"0":{"0":"2"}}"#)
    );
}

#[test]
fn top_level_statics_switch_is_a_full_render_without_root_flag() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &node(&BIG, vec![t("1")]));
    assert_eq!(
        diff(&mut tree, &node(&LI, vec![t("x")])).as_deref(),
        Some(r#"{"0":"x","s":["<li>","</li>"]}"#)
    );
    assert_eq!(
        diff(&mut tree, &node(&LI, vec![t("y")])).as_deref(),
        Some(r#"{"0":"y"}"#)
    );
    tree.reset();
    assert_eq!(
        diff(&mut tree, &node(&LI, vec![Dynamic::Unchanged])).as_deref(),
        Some(r#"{"0":"","s":["<li>","</li>"]}"#),
        "after a reset everything is sent again"
    );
}

#[test]
fn comprehension_first_render() {
    let mut tree = ClientTree::default();
    assert_eq!(
        diff(&mut tree, &page(fruits(&[("a", "Apple"), ("b", "Banana")]))).as_deref(),
        Some(
            r#"{"0":{"k":{"0":{"0":"Apple"},"1":{"0":"Banana"},"kc":2},"s":["<li>","</li>"]},"s":["<section>","</section>"]}"#
        )
    );
}

#[test]
fn comprehension_empty_at_first_is_an_empty_string() {
    let mut tree = ClientTree::default();
    assert_eq!(
        diff(&mut tree, &page(fruits(&[]))).as_deref(),
        Some(r#"{"0":"","s":["<section>","</section>"]}"#)
    );
    // Still empty: nothing to send.
    assert_eq!(diff(&mut tree, &page(fruits(&[]))), None);
    // The client holds a string, not a comprehension: the first entries come in full form.
    assert_eq!(
        diff(&mut tree, &page(fruits(&[("a", "Apple")]))).as_deref(),
        Some(r#"{"0":{"k":{"0":{"0":"Apple"},"kc":1},"s":["<li>","</li>"]}}"#)
    );
    assert_eq!(diff(&mut tree, &page(fruits(&[("a", "Apple")]))), None);
}

#[test]
fn comprehension_becoming_empty() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &page(fruits(&[("a", "Apple"), ("b", "Banana")])));
    assert_eq!(
        diff(&mut tree, &page(fruits(&[]))).as_deref(),
        Some(r#"{"0":{"k":{"kc":0}}}"#)
    );
    assert_eq!(diff(&mut tree, &page(fruits(&[]))), None);
    // The client still holds the (empty) comprehension: a keyed diff suffices.
    assert_eq!(
        diff(&mut tree, &page(fruits(&[("c", "Cherry")]))).as_deref(),
        Some(r#"{"0":{"k":{"0":{"0":"Cherry"},"kc":1}}}"#)
    );
}

#[test]
fn comprehension_append() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &page(fruits(&[("a", "Apple"), ("b", "Banana")])));
    assert_eq!(
        diff(
            &mut tree,
            &page(fruits(&[("a", "Apple"), ("b", "Banana"), ("c", "Cherry")]))
        )
        .as_deref(),
        Some(r#"{"0":{"k":{"2":{"0":"Cherry"},"kc":3}}}"#)
    );
}

#[test]
fn comprehension_delete_from_the_middle() {
    let mut tree = ClientTree::default();
    diff(
        &mut tree,
        &page(fruits(&[("a", "Apple"), ("b", "Banana"), ("c", "Cherry")])),
    );
    assert_eq!(
        diff(&mut tree, &page(fruits(&[("a", "Apple"), ("c", "Cherry")]))).as_deref(),
        Some(r#"{"0":{"k":{"1":2,"kc":2,"km":true}}}"#)
    );
    // Deleting the last one needs no move.
    assert_eq!(
        diff(&mut tree, &page(fruits(&[("a", "Apple")]))).as_deref(),
        Some(r#"{"0":{"k":{"kc":1}}}"#)
    );
}

#[test]
fn comprehension_reorder() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &page(fruits(&[("a", "Apple"), ("b", "Banana")])));
    assert_eq!(
        diff(&mut tree, &page(fruits(&[("b", "Banana"), ("a", "Apple")]))).as_deref(),
        Some(r#"{"0":{"k":{"0":1,"1":0,"kc":2,"km":true}}}"#)
    );
}

#[test]
fn comprehension_insert_at_the_front_and_drop() {
    // docs/protocol.md §4.5: insert c at the front, drop b.
    let mut tree = ClientTree::default();
    diff(&mut tree, &page(fruits(&[("a", "Apple"), ("b", "Banana")])));
    assert_eq!(
        diff(&mut tree, &page(fruits(&[("c", "Cherry"), ("a", "Apple")]))).as_deref(),
        Some(r#"{"0":{"k":{"0":{"0":"Cherry"},"1":0,"kc":2,"km":true}}}"#)
    );
}

#[test]
fn comprehension_change_one_entry_in_place() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &page(fruits(&[("a", "Apple"), ("b", "Banana")])));
    assert_eq!(
        diff(
            &mut tree,
            &page(fruits(&[("a", "Apricot"), ("b", "Banana")]))
        )
        .as_deref(),
        Some(r#"{"0":{"k":{"0":{"0":"Apricot"},"kc":2}}}"#)
    );
}

#[test]
fn comprehension_in_place_change_sends_only_the_changed_slots() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &page(rows(&[("a", "1", "2"), ("b", "3", "4")])));
    assert_eq!(
        diff(&mut tree, &page(rows(&[("a", "1", "2"), ("b", "3", "44")]))).as_deref(),
        Some(r#"{"0":{"k":{"1":{"1":"44"},"kc":2}}}"#)
    );
}

#[test]
fn comprehension_move_and_change() {
    // docs/protocol.md §4.5: move c from position 2 to 0 and change it, insert new at 1, drop
    // the rest.
    let mut tree = ClientTree::default();
    diff(
        &mut tree,
        &page(rows(&[("a", "A", "1"), ("b", "B", "2"), ("c", "C", "3")])),
    );
    assert_eq!(
        diff(
            &mut tree,
            &page(rows(&[("c", "C", "33"), ("n", "new", "9")]))
        )
        .as_deref(),
        Some(r#"{"0":{"k":{"0":[2,{"1":"33"}],"1":{"0":"new","1":"9"},"kc":2,"km":true}}}"#)
    );
}

#[test]
fn unchanged_comprehension_is_omitted() {
    let mut tree = ClientTree::default();
    let r = node(
        &PAGE,
        vec![t("x"), fruits(&[("a", "Apple"), ("b", "Banana")])],
    );
    diff(&mut tree, &r);
    let again = node(
        &PAGE,
        vec![
            Dynamic::Unchanged,
            fruits(&[("a", "Apple"), ("b", "Banana")]),
        ],
    );
    assert_eq!(diff(&mut tree, &again), None);
    let unevaluated = node(&PAGE, vec![Dynamic::Unchanged, Dynamic::Unchanged]);
    assert_eq!(diff(&mut tree, &unevaluated), None);
}

#[test]
fn unkeyed_comprehension_is_keyed_by_position() {
    let list = |names: &[&str]| {
        let mut list = Comprehension::new(&LI);
        for name in names {
            list.push(None, vec![t(name)]);
        }
        page(Dynamic::List(list))
    };
    let mut tree = ClientTree::default();
    diff(&mut tree, &list(&["a", "b", "c"]));
    // Removing the first entry shifts every content: positions 0 and 1 change, 2 goes.
    assert_eq!(
        diff(&mut tree, &list(&["b", "c"])).as_deref(),
        Some(r#"{"0":{"k":{"0":{"0":"b"},"1":{"0":"c"},"kc":2}}}"#)
    );
}

#[test]
fn duplicate_keys_never_reuse_an_old_entry_twice() {
    let mut tree = ClientTree::default();
    diff(&mut tree, &page(fruits(&[("a", "x"), ("a", "y")])));
    // The n-th "a" takes the n-th old "a": nothing moved, the first one changed.
    assert_eq!(
        diff(&mut tree, &page(fruits(&[("a", "y"), ("a", "y")]))).as_deref(),
        Some(r#"{"0":{"k":{"0":{"0":"y"},"kc":2}}}"#)
    );
    // A third "a" has no old entry left: it is new.
    assert_eq!(
        diff(
            &mut tree,
            &page(fruits(&[("b", "z"), ("a", "y"), ("a", "y"), ("a", "y")]))
        )
        .as_deref(),
        Some(r#"{"0":{"k":{"0":{"0":"z"},"1":0,"2":1,"3":{"0":"y"},"kc":4,"km":true}}}"#)
    );
}

#[test]
fn comprehension_with_other_statics_is_sent_in_full() {
    static LI2: Statics = Statics::new(
        &["<li class=\"x\">", "</li>"],
        r#"["<li class=\"x\">","</li>"]"#,
        true,
    );
    let mut tree = ClientTree::default();
    diff(&mut tree, &page(fruits(&[("a", "Apple")])));
    let mut list = Comprehension::new(&LI2);
    list.push(Some("a".into()), vec![t("Apple")]);
    assert_eq!(
        diff(&mut tree, &page(Dynamic::List(list))).as_deref(),
        Some(r#"{"0":{"k":{"0":{"0":"Apple"},"kc":1},"s":["<li class=\"x\">","</li>"]}}"#)
    );
    // An empty list of other statics where the client shows an empty one: nothing to do.
    diff(&mut tree, &page(fruits(&[])));
    assert_eq!(
        diff(&mut tree, &page(Dynamic::List(Comprehension::new(&LI2)))),
        None
    );
}

#[test]
fn comprehension_entries_with_nested_nodes_and_lists() {
    type Entry<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
    let build = |entries: &[Entry<'_>]| {
        let mut list = Comprehension::new(&ONE);
        for (key, label, inner) in entries {
            let mut names = Comprehension::new(&LI);
            for (k, n) in inner.iter() {
                names.push(Some((*k).to_owned()), vec![t(n)]);
            }
            list.push(
                Some((*key).to_owned()),
                vec![nested(&PAGE, vec![t(label), Dynamic::List(names)])],
            );
        }
        page(Dynamic::List(list))
    };
    let mut tree = ClientTree::default();
    assert_eq!(
        diff(
            &mut tree,
            &build(&[("a", "A", &[]), ("b", "B", &[("x", "1")])])
        )
        .as_deref(),
        Some(concat!(
            r#"{"0":{"k":{"#,
            r#""0":{"0":{"0":"A","1":"","s":["<div class=\"page\">","<p>","</p></div>"],"r":1}},"#,
            r#""1":{"0":{"0":"B","1":{"k":{"0":{"0":"1"},"kc":1},"s":["<li>","</li>"]},"s":["<div class=\"page\">","<p>","</p></div>"],"r":1}},"#,
            r#""kc":2},"s":["<section>","</section>"]},"s":["<section>","</section>"]}"#
        ))
    );
    // A changed slot of an entry is sent in full: nested nodes with statics.
    assert_eq!(
        diff(
            &mut tree,
            &build(&[("b", "B", &[("x", "1")]), ("a", "A", &[("y", "2")])])
        )
        .as_deref(),
        Some(concat!(
            r#"{"0":{"k":{"0":1,"1":[0,{"0":{"0":"A","1":{"k":{"0":{"0":"2"},"kc":1},"s":["<li>","</li>"]},"#,
            r#""s":["<div class=\"page\">","<p>","</p></div>"],"r":1}}],"kc":2,"km":true}}}"#
        ))
    );
}

#[test]
fn text_is_escaped_for_json() {
    let mut tree = ClientTree::default();
    let raw = Dynamic::Text(
        "quote \" backslash \\ newline \n tab \t bell \u{7} é 日本 🎉 </script>".into(),
    );
    assert_eq!(
        diff(&mut tree, &node(&LI, vec![raw])).as_deref(),
        Some(
            r#"{"0":"quote \" backslash \\ newline \n tab \t bell \u0007 é 日本 🎉 </script>","s":["<li>","</li>"]}"#
        )
    );
    // Plain text is HTML-escaped first, then JSON-escaped.
    assert_eq!(
        diff(&mut tree, &node(&LI, vec![t("<a href=\"x\">'&'</a>\\")])).as_deref(),
        Some(r#"{"0":"&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\\"}"#)
    );
    let value: serde_json::Value = serde_json::from_str(
        &diff(
            &mut tree,
            &node(
                &LI,
                vec![Dynamic::Text("\u{1f}\r\u{8}\u{c}\u{2028}".into())],
            ),
        )
        .unwrap_or_default(),
    )
    .expect("valid JSON");
    assert_eq!(value["0"], "\u{1f}\r\u{8}\u{c}\u{2028}");
}

#[test]
fn diff_members_writes_members_only() {
    let mut tree = ClientTree::default();
    let mut out = String::from("{");
    tree.diff_members(&mut out, &node(&LI, vec![t("x")]));
    assert_eq!(out, r#"{"0":"x","s":["<li>","</li>"]"#);
    let mut out = String::new();
    tree.diff_members(&mut out, &node(&LI, vec![Dynamic::Unchanged]));
    assert_eq!(out, "");
}

#[test]
fn memory_grows_with_what_the_client_holds() {
    let mut tree = ClientTree::default();
    let empty = tree.memory_bytes();
    let many: Vec<(String, String)> = (0..100)
        .map(|i| (i.to_string(), format!("item {i}")))
        .collect();
    let refs: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    diff(&mut tree, &page(fruits(&refs)));
    assert!(
        tree.memory_bytes() >= empty + 100 * 16,
        "{}",
        tree.memory_bytes()
    );
}

#[test]
fn missing_values_finds_unevaluated_slots_the_client_cannot_keep() {
    let mut tree = ClientTree::default();
    // Nothing held yet: any unevaluated slot is missing.
    assert!(tree.missing_values(&page(Dynamic::Unchanged)));
    assert!(!tree.missing_values(&page(t("x"))));
    diff(
        &mut tree,
        &page(nested(&THREE, vec![t("a"), t("b"), t("c")])),
    );
    // Held node, held branch: unevaluated slots are fine at any depth.
    assert!(!tree.missing_values(&page(Dynamic::Unchanged)));
    let held_branch = nested(&THREE, vec![Dynamic::Unchanged, t("B"), Dynamic::Unchanged]);
    assert!(!tree.missing_values(&page(held_branch)));
    // A branch the client does not hold must be complete.
    assert!(tree.missing_values(&page(nested(&BIG, vec![Dynamic::Unchanged]))));
    assert!(!tree.missing_values(&page(nested(&BIG, vec![t("1")]))));
    let deep = nested(
        &THREE,
        vec![t("a"), nested(&BIG, vec![Dynamic::Unchanged]), t("c")],
    );
    assert!(tree.missing_values(&page(deep)));
    // Another top-level template: everything is new.
    assert!(tree.missing_values(&node(&LI, vec![Dynamic::Unchanged])));
    // Comprehension entries must be complete, even nested inside a node of an entry.
    let mut list = Comprehension::new(&ONE);
    list.push(
        Some("a".into()),
        vec![nested(&BIG, vec![Dynamic::Unchanged])],
    );
    assert!(tree.missing_values(&page(Dynamic::List(list))));
    // Checking changes nothing.
    assert_eq!(
        diff(
            &mut tree,
            &page(nested(
                &THREE,
                vec![Dynamic::Unchanged, t("B"), Dynamic::Unchanged]
            ))
        )
        .as_deref(),
        Some(r#"{"0":{"1":"B"}}"#)
    );
}
