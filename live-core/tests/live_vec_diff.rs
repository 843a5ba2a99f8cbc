//! `LiveVec` assigns through the whole runtime: the exact JSON the client receives when rows
//! are edited in place, appended, re-keyed or reshaped, and the HTML of the static render.
//!
//! The view's `handle_event` applies a closure queued by the test ([`edit`]), so each step
//! mutates the assigns through the generated setters exactly as a real event would.

use std::cell::RefCell;

use live_core::runtime::ViewRuntime;
use live_core::{
    html, Assigns, Dynamic, Event, LiveVec, LiveView, Params, Rendered, Session, Socket, ViewError,
};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: u32,
    name: String,
    score: i64,
}

fn row(id: u32, name: &str, score: i64) -> Row {
    Row {
        id,
        name: name.to_owned(),
        score,
    }
}

#[derive(LiveView)]
struct Table {
    title: String,
    rows: LiveVec<Row>,
}

type Edit = Box<dyn FnOnce(&mut Assigns<Table>)>;

thread_local! {
    /// The edit the next `handle_event` applies (tests run one per thread).
    static EDIT: RefCell<Option<Edit>> = const { RefCell::new(None) };
}

impl LiveView for Table {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Table {
            title: "Scores".into(),
            rows: vec![row(1, "ann", 10), row(2, "bob", 20), row(3, "cy", 30)].into(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let edit = EDIT
            .with(|slot| slot.borrow_mut().take())
            .ok_or("handle_event without a queued edit")?;
        edit(assigns);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <h1>{@title}</h1>
            <table><tr :for={row in @rows.iter()} :key={row.id} id={row.id}><td>{row.name}</td><td>{row.score}</td></tr></table>
        }
    }
}

/// A mounted `Table` whose client holds the join render.
fn joined() -> ViewRuntime<Table> {
    let mut view =
        ViewRuntime::<Table>::mount("phx-lv", &Params::default(), &Session::default(), None)
            .expect("mount");
    view.join_rendered();
    view
}

/// Runs one event that applies `f` to the assigns.
fn edit(view: &mut ViewRuntime<Table>, f: impl FnOnce(&mut Assigns<Table>) + 'static) {
    EDIT.with(|slot| *slot.borrow_mut() = Some(Box::new(f)));
    view.handle_event(&Event::new("click", "edit", json!({})))
        .expect("handle_event applies the edit");
}

/// `edit`, then the diff it produces.
fn step(
    view: &mut ViewRuntime<Table>,
    f: impl FnOnce(&mut Assigns<Table>) + 'static,
) -> Option<String> {
    edit(view, f);
    view.render_diff()
}

/// How the next render would send the list (slot 1): as a patch, in full, or not at all.
/// Rendering is pure, so this is the very tree `render_diff` is about to diff.
fn list_shape(view: &ViewRuntime<Table>) -> &'static str {
    match <Table as LiveView>::render(view.assigns()).slot(1) {
        Dynamic::List(list) if list.is_patch() => "patch",
        Dynamic::List(_) => "full",
        Dynamic::Unchanged => "unchanged",
        other => panic!("slot 1 is not a list: {other:?}"),
    }
}

/// The expected static render for `title` and rows given as `(id, name, score)`.
fn html_of(title: &str, rows: &[(u32, &str, i64)]) -> String {
    let mut html = format!("<h1>{title}</h1><table>");
    for (id, name, score) in rows {
        html.push_str(&format!(
            "<tr id=\"{id}\"><td>{name}</td><td>{score}</td></tr>"
        ));
    }
    html.push_str("</table>");
    html
}

const JOIN: &str = r#"{"0":"Scores","1":{"k":{"0":{"0":" id=\"1\"","1":"ann","2":"10"},"1":{"0":" id=\"2\"","1":"bob","2":"20"},"2":{"0":" id=\"3\"","1":"cy","2":"30"},"kc":3},"s":["<tr","><td>","</td><td>","</td></tr>"]},"s":["<h1>","</h1><table>","</table>"]}"#;

#[test]
fn the_join_sends_the_whole_list() {
    let mut view =
        ViewRuntime::<Table>::mount("phx-lv", &Params::default(), &Session::default(), None)
            .expect("mount");
    assert_eq!(view.join_rendered(), JOIN);
    assert_eq!(
        view.render_html(),
        html_of("Scores", &[(1, "ann", 10), (2, "bob", 20), (3, "cy", 30)])
    );
    // Nothing happened since: no diff.
    assert_eq!(view.render_diff(), None);
}

#[test]
fn an_in_place_edit_sends_only_the_changed_slot() {
    let mut view = joined();
    edit(&mut view, |a| {
        a.update_rows(|rows| {
            rows.update(1, |r| r.score = 21);
        })
    });
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"1":{"2":"21"},"kc":3}}}"#)
    );
    assert_eq!(
        view.render_html(),
        html_of("Scores", &[(1, "ann", 10), (2, "bob", 21), (3, "cy", 30)])
    );
    // The log was settled by the render: the next edit is a patch against the new state.
    assert_eq!(
        step(&mut view, |a| a.update_rows(|rows| {
            rows.update(1, |r| r.score = 22);
        }))
        .as_deref(),
        Some(r#"{"1":{"k":{"1":{"2":"22"},"kc":3}}}"#)
    );
}

#[test]
fn an_edit_to_an_equal_value_sends_nothing() {
    let mut view = joined();
    edit(&mut view, |a| {
        a.update_rows(|rows| {
            let r = rows.get_mut(2).expect("row 2");
            r.score = 30;
        })
    });
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(view.render_diff(), None);
    // `set` with an equal row, and `first_mut`/`last_mut` without a write: still nothing.
    assert_eq!(
        step(&mut view, |a| a.update_rows(|rows| {
            rows.set(0, row(1, "ann", 10));
            rows.first_mut();
            rows.last_mut();
        })),
        None
    );
    assert_eq!(
        view.render_html(),
        html_of("Scores", &[(1, "ann", 10), (2, "bob", 20), (3, "cy", 30)])
    );
}

#[test]
fn edits_out_of_order_are_sent_in_ascending_positions() {
    let mut view = joined();
    edit(&mut view, |a| {
        a.update_rows(|rows| {
            rows.update(2, |r| r.score = 31);
            rows.update(0, |r| r.name = "Ann <&>".into());
        })
    });
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"0":{"1":"Ann &lt;&amp;&gt;"},"2":{"2":"31"},"kc":3}}}"#)
    );
    assert_eq!(
        view.render_html(),
        html_of(
            "Scores",
            &[(1, "Ann &lt;&amp;&gt;", 10), (2, "bob", 20), (3, "cy", 31)]
        )
    );
}

#[test]
fn a_push_sends_the_new_entry_in_full_and_grows_the_count() {
    let mut view = joined();
    edit(&mut view, |a| a.rows_mut().push(row(4, "dee", 40)));
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"3":{"0":" id=\"4\"","1":"dee","2":"40"},"kc":4}}}"#)
    );
    // Extending by two sends both, in full.
    assert_eq!(
        step(&mut view, |a| a
            .rows_mut()
            .extend([row(5, "eve", 50), row(6, "fay", 60)]))
        .as_deref(),
        Some(
            r#"{"1":{"k":{"4":{"0":" id=\"5\"","1":"eve","2":"50"},"5":{"0":" id=\"6\"","1":"fay","2":"60"},"kc":6}}}"#
        )
    );
    assert_eq!(
        view.render_html(),
        html_of(
            "Scores",
            &[
                (1, "ann", 10),
                (2, "bob", 20),
                (3, "cy", 30),
                (4, "dee", 40),
                (5, "eve", 50),
                (6, "fay", 60)
            ]
        )
    );
}

#[test]
fn an_edit_and_a_push_in_one_event_are_one_patch() {
    let mut view = joined();
    edit(&mut view, |a| {
        let rows = a.rows_mut();
        rows.push(row(4, "dee", 40));
        rows.update(0, |r| r.score = 11);
        // Editing the appended row records nothing new: it is sent in full anyway.
        rows.update(3, |r| r.score = 41);
    });
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"0":{"2":"11"},"3":{"0":" id=\"4\"","1":"dee","2":"41"},"kc":4}}}"#)
    );
    assert_eq!(
        view.render_html(),
        html_of(
            "Scores",
            &[
                (1, "ann", 11),
                (2, "bob", 20),
                (3, "cy", 30),
                (4, "dee", 41)
            ]
        )
    );
}

#[test]
fn appending_and_dropping_the_appended_rows_sends_nothing() {
    let mut view = joined();
    edit(&mut view, |a| {
        let rows = a.rows_mut();
        rows.push(row(4, "dee", 40));
        rows.extend([row(5, "eve", 50)]);
        rows.pop();
        rows.truncate(3);
    });
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(view.render_diff(), None);
}

#[test]
fn a_key_changed_in_place_sends_the_entry_in_full() {
    let mut view = joined();
    edit(&mut view, |a| {
        a.update_rows(|rows| {
            rows.update(1, |r| r.id = 9);
        })
    });
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"1":{"0":" id=\"9\"","1":"bob","2":"20"},"kc":3}}}"#)
    );
    assert_eq!(
        view.render_html(),
        html_of("Scores", &[(1, "ann", 10), (9, "bob", 20), (3, "cy", 30)])
    );
    // The client tree now knows the new key: removing the first row moves it, by its new key.
    assert_eq!(
        step(&mut view, |a| a.update_rows(|rows| {
            rows.remove(0);
        }))
        .as_deref(),
        Some(r#"{"1":{"k":{"0":1,"1":2,"kc":2,"km":true}}}"#)
    );
}

#[test]
fn a_shape_change_is_an_ordinary_keyed_diff_and_the_next_event_a_patch_again() {
    let mut view = joined();
    edit(&mut view, |a| {
        a.update_rows(|rows| {
            rows.update(2, |r| r.score = 31);
            rows.remove(0);
        })
    });
    assert_eq!(list_shape(&view), "full");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"0":1,"1":[2,{"2":"31"}],"kc":2,"km":true}}}"#)
    );
    assert_eq!(
        view.render_html(),
        html_of("Scores", &[(2, "bob", 20), (3, "cy", 31)])
    );

    edit(&mut view, |a| {
        a.update_rows(|rows| {
            rows.update(1, |r| r.score = 32);
        })
    });
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"1":{"2":"32"},"kc":2}}}"#)
    );

    // Other shape changes: a sort reorders by key, a reverse too.
    edit(&mut view, |a| a.rows_mut().reverse());
    assert_eq!(list_shape(&view), "full");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"0":1,"1":0,"kc":2,"km":true}}}"#)
    );
    edit(&mut view, |a| a.rows_mut().sort_by_key(|r| r.id));
    assert_eq!(list_shape(&view), "full");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"0":1,"1":0,"kc":2,"km":true}}}"#)
    );
    assert_eq!(
        view.render_html(),
        html_of("Scores", &[(2, "bob", 20), (3, "cy", 32)])
    );
}

#[test]
fn a_list_emptied_then_grown_again() {
    let mut view = joined();
    edit(&mut view, |a| a.rows_mut().clear());
    assert_eq!(list_shape(&view), "full");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"kc":0}}}"#)
    );
    assert_eq!(view.render_html(), html_of("Scores", &[]));
    edit(&mut view, |a| a.rows_mut().push(row(7, "gil", 70)));
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"0":{"0":" id=\"7\"","1":"gil","2":"70"},"kc":1}}}"#)
    );
    assert_eq!(view.render_html(), html_of("Scores", &[(7, "gil", 70)]));
}

#[test]
fn changing_only_the_title_leaves_the_list_out() {
    let mut view = joined();
    edit(&mut view, |a| a.set_title("Board".into()));
    assert_eq!(list_shape(&view), "unchanged");
    assert_eq!(view.render_diff().as_deref(), Some(r#"{"0":"Board"}"#));
    // A title change and a row edit in one event: both, the list as a patch.
    edit(&mut view, |a| {
        a.set_title("Board 2".into());
        a.update_rows(|rows| {
            rows.update(0, |r| r.score = 12);
        });
    });
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"0":"Board 2","1":{"k":{"0":{"2":"12"},"kc":3}}}"#)
    );
    assert_eq!(
        view.render_html(),
        html_of("Board 2", &[(1, "ann", 12), (2, "bob", 20), (3, "cy", 30)])
    );
}

#[test]
fn after_the_client_tree_is_reset_the_list_is_sent_in_full() {
    let mut view = joined();
    edit(&mut view, |a| {
        a.update_rows(|rows| {
            rows.update(0, |r| r.score = 11);
        })
    });
    // The log holds a patch, but the client starts over: the join sends every row.
    assert_eq!(list_shape(&view), "patch");
    assert_eq!(
        view.join_rendered(),
        JOIN.replace(r#""2":"10""#, r#""2":"11""#)
    );
    // And the next edit is a patch against what the join sent.
    assert_eq!(
        step(&mut view, |a| a.update_rows(|rows| {
            rows.update(2, |r| r.score = 33);
        }))
        .as_deref(),
        Some(r#"{"1":{"k":{"2":{"2":"33"},"kc":3}}}"#)
    );
    assert_eq!(
        view.render_html(),
        html_of("Scores", &[(1, "ann", 11), (2, "bob", 20), (3, "cy", 33)])
    );
}

#[test]
fn a_new_live_vec_is_compared_in_full() {
    let mut view = joined();
    edit(&mut view, |a| {
        a.set_rows(LiveVec::from(vec![
            row(1, "ann", 10),
            row(3, "cy", 35),
            row(4, "dee", 40),
        ]))
    });
    assert_eq!(list_shape(&view), "full");
    assert_eq!(
        view.render_diff().as_deref(),
        Some(
            r#"{"1":{"k":{"1":[2,{"2":"35"}],"2":{"0":" id=\"4\"","1":"dee","2":"40"},"kc":3,"km":true}}}"#
        )
    );
    // An equal list is no change at all.
    edit(&mut view, |a| {
        a.set_rows(LiveVec::from(vec![
            row(1, "ann", 10),
            row(3, "cy", 35),
            row(4, "dee", 40),
        ]))
    });
    assert_eq!(list_shape(&view), "unchanged");
    assert_eq!(view.render_diff(), None);
    // The new list was settled by its render: edits are patches again.
    assert_eq!(
        step(&mut view, |a| a.update_rows(|rows| {
            rows.update(2, |r| r.score = 41);
        }))
        .as_deref(),
        Some(r#"{"1":{"k":{"2":{"2":"41"},"kc":3}}}"#)
    );
    assert_eq!(
        view.render_html(),
        html_of("Scores", &[(1, "ann", 10), (3, "cy", 35), (4, "dee", 41)])
    );
}

/// BUG (engine): a `LiveVec` keeps its log when it is moved out of the assign
/// (`std::mem::replace`, `std::mem::take`, `std::mem::swap`), and a settled list moved back in
/// (an undo) is then taken as a patch of what the client holds now, although its log describes
/// an older render. A clean log at the held length sends nothing: the client keeps showing the
/// replacement rows. The module docs promise that whatever the log cannot describe "simply
/// turns the next render into a full comparison".
#[test]
fn a_settled_list_moved_back_in_is_compared_in_full() {
    let stash: std::rc::Rc<RefCell<Option<LiveVec<Row>>>> = Default::default();
    let mut view = joined();
    // Event 1: keep the rendered (settled) list aside and show another one of the same length.
    let keep = stash.clone();
    edit(&mut view, move |a| {
        let replacement =
            LiveVec::from(vec![row(1, "ann", 11), row(2, "bob", 20), row(3, "cy", 30)]);
        let old = std::mem::replace(a.rows_mut(), replacement);
        *keep.borrow_mut() = Some(old);
    });
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"0":{"2":"11"},"kc":3}}}"#)
    );
    // Event 2 (undo): put the old list back. Its log is the one settled before event 1.
    let restore = stash.clone();
    edit(&mut view, move |a| {
        let old = restore.borrow_mut().take().expect("the stashed list");
        a.set_rows(old);
    });
    let shape = list_shape(&view);
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"1":{"k":{"0":{"2":"10"},"kc":3}}}"#),
        "the client keeps showing score 11 for row 1"
    );
    assert_eq!(shape, "full", "the restored list's log is stale");
    assert_eq!(
        view.render_html(),
        html_of("Scores", &[(1, "ann", 10), (2, "bob", 20), (3, "cy", 30)])
    );
}

/// A patch that does not fit the list the client holds (positions out of order, an appended
/// position missing, a position past the end) has no correct diff: `missing_values` says so,
/// and the runtime then renders the list in full.
#[test]
fn inconsistent_patches_are_refused() {
    use live_core::diff::ClientTree;
    use live_core::{Comprehension, Statics};
    static PAGE: Statics = Statics::new(&["<ul>", "</ul>"], r#"["<ul>","</ul>"]"#, true);
    static ITEM: Statics = Statics::new(&["<li>", "</li>"], r#"["<li>","</li>"]"#, true);
    let page = |list: Comprehension| Rendered::new(&PAGE, vec![Dynamic::List(list)]);
    let mut full = Comprehension::new(&ITEM);
    for text in ["a", "b", "c"] {
        full.push(None, [Dynamic::text(text)]);
    }
    let mut tree = ClientTree::default();
    tree.diff(&page(full));
    let patch = |base_len, len, positions: &[usize]| {
        let mut patch = Comprehension::patch(&ITEM, base_len, len);
        for &position in positions {
            patch.push_at(position, None, [Dynamic::text("x")]);
        }
        page(patch)
    };
    // Fitting patches: one edit; one edit and one append.
    assert!(!tree.missing_values(&patch(3, 3, &[1])));
    assert!(!tree.missing_values(&patch(3, 4, &[0, 3])));
    // Out of order, repeated, an append left out, past the end, a base the client lacks.
    assert!(tree.missing_values(&patch(3, 3, &[2, 1])));
    assert!(tree.missing_values(&patch(3, 3, &[1, 1])));
    assert!(tree.missing_values(&patch(3, 5, &[3])));
    assert!(tree.missing_values(&patch(3, 3, &[3])));
    assert!(tree.missing_values(&patch(2, 3, &[2])));
}
