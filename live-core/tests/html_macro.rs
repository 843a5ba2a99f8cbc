//! `html!` end to end: the exact HTML of the static render and the exact JSON diffs the client
//! merges, for full renders and for renders after one assign changed.

use live_core::diff::ClientTree;
use live_core::{
    html, raw, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError,
};

/// The full render of `rendered` as the client receives it at join.
fn full(rendered: &Rendered) -> String {
    diff(&mut ClientTree::default(), rendered)
}

/// The diff bringing `client` to `rendered`, which must not be empty.
fn diff(client: &mut ClientTree, rendered: &Rendered) -> String {
    client.diff(rendered).expect("the diff is not empty")
}

/// The counter the project's README shows.
#[derive(LiveView)]
pub struct Counter {
    count: i64,
}

impl LiveView for Counter {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Counter { count: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "inc" => assigns.update_count(|c| *c += 1),
            "dec" => assigns.update_count(|c| *c -= 1),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="counter">
                <h1>Count: <span id="count">{@count}</span></h1>
                <button id="dec" phx-click="dec">-</button>
                <button id="inc" phx-click="inc">+</button>
            </div>
        }
    }
}

#[test]
fn counter_renders_and_diffs() {
    let mut socket = Socket::new("phx-1", true);
    let mut assigns = Assigns::new(
        Counter::mount(&Params::default(), &Session::default(), &mut socket).expect("mount"),
    );
    let first = Counter::render(&assigns);
    assert_eq!(
        first.to_html(),
        r#"<div id="counter"><h1>Count: <span id="count">0</span></h1><button id="dec" phx-click="dec">-</button><button id="inc" phx-click="inc">+</button></div>"#
    );
    assert!(first.statics().is_root());
    let mut client = ClientTree::default();
    assert_eq!(
        diff(&mut client, &first),
        r#"{"0":"0","s":["<div id=\"counter\"><h1>Count: <span id=\"count\">","</span></h1><button id=\"dec\" phx-click=\"dec\">-</button><button id=\"inc\" phx-click=\"inc\">+</button></div>"]}"#
    );
    assigns.clear_changed();

    let inc = Event::new("click", "inc", serde_json::json!({"value": ""}));
    Counter::handle_event(&mut assigns, &inc, &mut socket).expect("handle_event");
    assert_eq!(
        diff(&mut client, &Counter::render(&assigns)),
        r#"{"0":"1"}"#
    );
    assigns.clear_changed();

    // An unknown event changes nothing: the slot is not evaluated and the diff is empty.
    let other = Event::new("click", "nothing", serde_json::json!({}));
    Counter::handle_event(&mut assigns, &other, &mut socket).expect("handle_event");
    let unchanged = Counter::render(&assigns);
    assert_eq!(
        unchanged.dynamics().cloned().collect::<Vec<_>>(),
        [live_core::Dynamic::Unchanged]
    );
    assert_eq!(client.diff(&unchanged), None);
}

#[test]
fn static_template_has_no_slots() {
    let rendered = html! { <p class="lead">Hello, world!</p> };
    assert_eq!(rendered.to_html(), r#"<p class="lead">Hello, world!</p>"#);
    assert_eq!(
        full(&rendered),
        r#"{"s":["<p class=\"lead\">Hello, world!</p>"]}"#
    );
    assert!(rendered.statics().is_root());
}

#[test]
fn text_from_data_is_escaped() {
    let text = r#"<a href="x">Tom & Jerry's</a>"#;
    let rendered = html! { <p>{text}</p> };
    assert_eq!(
        rendered.to_html(),
        "<p>&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;</p>"
    );
    assert_eq!(
        full(&rendered),
        r#"{"0":"&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;","s":["<p>","</p>"]}"#
    );
}

#[test]
fn attribute_values_from_data_are_escaped() {
    let title = r#"a"b<c>&'d"#;
    let rendered = html! { <div title={title} data-n={42}></div> };
    assert_eq!(
        rendered.to_html(),
        r#"<div title="a&quot;b&lt;c&gt;&amp;&#39;d" data-n="42"></div>"#
    );
    assert_eq!(
        full(&rendered),
        r#"{"0":" title=\"a&quot;b&lt;c&gt;&amp;&#39;d\"","1":" data-n=\"42\"","s":["<div","","></div>"]}"#
    );
}

#[test]
fn static_attributes_and_quoted_text_are_escaped_at_compile_time() {
    let rendered = html! { <p title="Tom & \"Jerry\" <3 'x'">"<b>bold</b> & co"</p> };
    assert_eq!(
        rendered.to_html(),
        "<p title=\"Tom &amp; &quot;Jerry&quot; &lt;3 &#39;x&#39;\">&lt;b&gt;bold&lt;/b&gt; &amp; co</p>"
    );
    assert_eq!(
        full(&rendered),
        r#"{"s":["<p title=\"Tom &amp; &quot;Jerry&quot; &lt;3 &#39;x&#39;\">&lt;b&gt;bold&lt;/b&gt; &amp; co</p>"]}"#
    );
}

#[test]
fn unquoted_text_is_html_as_written() {
    let rendered = html! { <p>Fish &amp; chips -> 50% off! (today) [only]</p> };
    assert_eq!(
        rendered.to_html(),
        "<p>Fish &amp; chips -> 50% off! (today) [only]</p>"
    );
}

#[test]
fn boolean_attributes() {
    let rendered = html! { <input type="checkbox" checked disabled> };
    assert_eq!(
        rendered.to_html(),
        r#"<input type="checkbox" checked disabled>"#
    );
    assert_eq!(
        full(&rendered),
        r#"{"s":["<input type=\"checkbox\" checked disabled>"]}"#
    );
}

#[test]
fn bool_and_option_attribute_values() {
    fn button(disabled: bool, title: Option<&str>, tabindex: Option<i32>) -> Rendered {
        html! { <button disabled={disabled} title={title} tabindex={tabindex}>Go</button> }
    }
    let on = button(true, Some("a&b"), Some(2));
    assert_eq!(
        on.to_html(),
        r#"<button disabled title="a&amp;b" tabindex="2">Go</button>"#
    );
    assert_eq!(
        full(&on),
        r#"{"0":" disabled","1":" title=\"a&amp;b\"","2":" tabindex=\"2\"","s":["<button","","",">Go</button>"]}"#
    );
    let off = button(false, None, None);
    assert_eq!(off.to_html(), "<button>Go</button>");
    assert_eq!(
        full(&off),
        r#"{"0":"","1":"","2":"","s":["<button","","",">Go</button>"]}"#
    );
}

#[test]
fn void_elements() {
    let rendered = html! {
        <form>
            <input type="text" name="q"><br/>
            <img src="a.png" alt=""><hr>
            <input name={"n"} />
        </form>
    };
    assert_eq!(
        rendered.to_html(),
        r#"<form><input type="text" name="q"><br><img src="a.png" alt=""><hr><input name="n"></form>"#
    );
    assert_eq!(
        full(&rendered),
        r#"{"0":" name=\"n\"","s":["<form><input type=\"text\" name=\"q\"><br><img src=\"a.png\" alt=\"\"><hr><input","></form>"]}"#
    );
    assert!(rendered.statics().is_root());
}

#[test]
fn whitespace_between_tags_is_dropped_and_runs_become_one_space() {
    let (a, b) = (1, 2);
    let rendered = html! {
        <ul>
            <li>One</li>
            <li>   Two
                words   </li>
            <li>x{a}y  {b}   z</li>
            <li>"  kept  as  is  "</li>
            <li><b>a</b>" "<i>b</i> <i>c</i></li>
        </ul>
    };
    assert_eq!(
        rendered.to_html(),
        "<ul><li>One</li><li> Two words </li><li>x1y 2 z</li><li>  kept  as  is  </li><li><b>a</b> <i>b</i><i>c</i></li></ul>"
    );
    assert_eq!(
        full(&rendered),
        r#"{"0":"1","1":"2","s":["<ul><li>One</li><li> Two words </li><li>x","y "," z</li><li>  kept  as  is  </li><li><b>a</b> <i>b</i><i>c</i></li></ul>"]}"#
    );
}

#[test]
fn root_flag() {
    let one = html! {
        <section>one</section>
    };
    let two = html! { <p>a</p><p>b</p> };
    let leading_text = html! { Hello <b>world</b> };
    let only_slot = html! { {"x"} };
    assert!(one.statics().is_root());
    assert!(!two.statics().is_root());
    assert!(!leading_text.statics().is_root());
    assert!(!only_slot.statics().is_root());
    assert_eq!(leading_text.to_html(), "Hello <b>world</b>");
    assert_eq!(two.to_html(), "<p>a</p><p>b</p>");

    // The flag shows below the top level, where the client reads it.
    let page = html! { <main>{one}{two}{leading_text}</main> };
    assert_eq!(
        full(&page),
        concat!(
            r#"{"0":{"s":["<section>one</section>"],"r":1},"#,
            r#""1":{"s":["<p>a</p><p>b</p>"]},"#,
            r#""2":{"s":["Hello <b>world</b>"]},"#,
            r#""s":["<main>","","","</main>"]}"#
        )
    );
}

#[test]
fn nested_tags() {
    let name = "Ada";
    let rendered = html! {
        <div class="card">
            <section>
                <article>
                    <h2>Hi {name}!</h2>
                    <p>Some <em>very</em> <strong>nested</strong> text.</p>
                </article>
            </section>
        </div>
    };
    assert_eq!(
        rendered.to_html(),
        r#"<div class="card"><section><article><h2>Hi Ada!</h2><p>Some <em>very</em><strong>nested</strong> text.</p></article></section></div>"#
    );
    assert_eq!(
        full(&rendered),
        r#"{"0":"Ada","s":["<div class=\"card\"><section><article><h2>Hi ","!</h2><p>Some <em>very</em><strong>nested</strong> text.</p></article></section></div>"]}"#
    );
}

#[test]
fn attribute_names_with_dashes_and_colons() {
    let rendered = html! {
        <meta http-equiv="refresh" content="5">
        <svg aria-label="logo" data-foo-bar="1"><use xlink:href="#a" phx-click="go"></use></svg>
    };
    assert_eq!(
        rendered.to_html(),
        r##"<meta http-equiv="refresh" content="5"><svg aria-label="logo" data-foo-bar="1"><use xlink:href="#a" phx-click="go"></use></svg>"##
    );
}

#[test]
fn nested_rendered_and_raw() {
    let badge = html! { <span class="badge">new</span> };
    let rendered = html! { <p>{badge} {raw("<i>trusted</i>")}</p> };
    assert_eq!(
        rendered.to_html(),
        r#"<p><span class="badge">new</span> <i>trusted</i></p>"#
    );
    assert_eq!(
        full(&rendered),
        r#"{"0":{"s":["<span class=\"badge\">new</span>"],"r":1},"1":"<i>trusted</i>","s":["<p>"," ","</p>"]}"#
    );
}

#[test]
fn doctype() {
    let rendered = html! { <!DOCTYPE html><html><body>Hi</body></html> };
    assert_eq!(
        rendered.to_html(),
        "<!DOCTYPE html><html><body>Hi</body></html>"
    );
    assert!(!rendered.statics().is_root());
}

/// A profile card with several independently tracked assigns.
#[derive(LiveView)]
struct Profile {
    name: String,
    role: String,
    visits: u32,
    class: Option<String>,
}

fn profile(assigns: &Assigns<Profile>) -> Rendered {
    html! {
        <div class={@class.as_deref()}>
            <h2>{@name}</h2>
            <p>{@role}, {@visits} visits, {format!("{} ({})", @name, @role)}</p>
            <small>{1 + 1}</small>
        </div>
    }
}

fn profile_assigns() -> Assigns<Profile> {
    Assigns::new(Profile {
        name: "Ada".into(),
        role: "admin".into(),
        visits: 3,
        class: None,
    })
}

#[test]
fn unchanged_slots_are_not_evaluated_nor_sent() {
    let mut assigns = profile_assigns();
    let mut client = ClientTree::default();
    let first = profile(&assigns);
    assert_eq!(
        first.to_html(),
        "<div class=\"\"><h2>Ada</h2><p>admin, 3 visits, Ada (admin)</p><small>2</small></div>"
    );
    assert_eq!(
        diff(&mut client, &first),
        r#"{"0":" class=\"\"","1":"Ada","2":"admin","3":"3","4":"Ada (admin)","5":"2","s":["<div","><h2>","</h2><p>",", "," visits, ","</p><small>","</small></div>"]}"#
    );
    assigns.clear_changed();

    // Only the slots reading `role` are re-evaluated; `{1 + 1}` reads nothing that can change,
    // so it is a constant, evaluated on full renders only.
    assigns.set_role("owner".into());
    let next = profile(&assigns);
    assert_eq!(
        next.dynamics().cloned().collect::<Vec<_>>(),
        [
            live_core::Dynamic::Unchanged,
            live_core::Dynamic::Unchanged,
            live_core::Dynamic::Text("owner".into()),
            live_core::Dynamic::Unchanged,
            live_core::Dynamic::Text("Ada (owner)".into()),
            live_core::Dynamic::Unchanged,
        ]
    );
    assert_eq!(
        diff(&mut client, &next),
        r#"{"2":"owner","4":"Ada (owner)"}"#
    );
    assigns.clear_changed();

    assigns.set_class(Some("vip".into()));
    assert_eq!(
        diff(&mut client, &profile(&assigns)),
        r#"{"0":" class=\"vip\""}"#
    );
}

#[test]
fn setting_an_equal_value_is_not_a_change() {
    let mut assigns = profile_assigns();
    let mut client = ClientTree::default();
    client.diff(&profile(&assigns));
    assigns.clear_changed();

    assigns.set_name("Ada".into());
    assigns.set_visits(3);
    assert!(assigns.changed().is_empty());
    assert_eq!(client.diff(&profile(&assigns)), None, "nothing to send");

    assigns.set_visits(4);
    assert_eq!(diff(&mut client, &profile(&assigns)), r#"{"3":"4"}"#);
}

#[test]
fn assigns_in_nested_expressions_and_pattern_bindings() {
    #[derive(LiveView)]
    struct Stats {
        count: u32,
        items: Vec<&'static str>,
    }
    fn render(assigns: &Assigns<Stats>) -> Rendered {
        html! {
            <p>
                // A `match` *expression* is wrapped in parentheses; `{match …}` is the block form.
                {(match @count { n @ 0..=9 => format!("small {n}"), _ => "big".to_owned() })}
                {@items.iter().map(|item| item.to_uppercase()).collect::<Vec<_>>().join(", ")}
            </p>
        }
    }
    let mut assigns = Assigns::new(Stats {
        count: 3,
        items: vec!["a", "b"],
    });
    let mut client = ClientTree::default();
    let first = render(&assigns);
    assert_eq!(first.to_html(), "<p> small 3 A, B </p>");
    assert_eq!(
        diff(&mut client, &first),
        r#"{"0":"small 3","1":"A, B","s":["<p> "," "," </p>"]}"#
    );
    assigns.clear_changed();
    assigns.items_mut().push("c");
    assert_eq!(diff(&mut client, &render(&assigns)), r#"{"1":"A, B, C"}"#);
    assigns.clear_changed();
    assigns.set_count(12);
    assert_eq!(diff(&mut client, &render(&assigns)), r#"{"0":"big"}"#);
}

#[test]
fn quoted_text_next_to_slots() {
    #[derive(LiveView)]
    struct Total {
        total: i64,
    }
    let assigns = Assigns::new(Total { total: -5 });
    let rendered = {
        let assigns = &assigns;
        html! { <h1>"Count: "{@total}</h1> }
    };
    assert_eq!(rendered.to_html(), "<h1>Count: -5</h1>");
    assert_eq!(full(&rendered), r#"{"0":"-5","s":["<h1>Count: ","</h1>"]}"#);
}

#[test]
fn same_template_same_fingerprint() {
    fn item(text: &str) -> Rendered {
        html! { <li>{text}</li> }
    }
    let other = html! { <li class="x">{"a"}</li> };
    assert_eq!(
        item("a").statics().fingerprint(),
        item("b").statics().fingerprint()
    );
    assert_ne!(
        item("a").statics().fingerprint(),
        other.statics().fingerprint()
    );
}

/// The macro computes each template's fingerprint at expansion; it is the one `Statics::new`
/// computes from the same fragments at run time.
#[test]
fn the_macro_fingerprints_statics_as_the_runtime_does() {
    use live_core::fingerprint::fingerprint;
    let name = "Ada";
    let page = html! { <section><h1>{name}</h1><p :if={true}>Hi {name}</p></section> };
    assert_eq!(
        page.statics().fingerprint(),
        fingerprint(page.statics().parts())
    );
    assert_eq!(
        page.statics().parts(),
        ["<section><h1>", "</h1>", "</section>"]
    );
    let Some(live_core::Dynamic::Nested(branch)) = page.slots().iter().map(|(_, d)| d).nth(1)
    else {
        panic!("the :if branch is a nested node: {:?}", page.slots());
    };
    assert_eq!(
        branch.statics().fingerprint(),
        fingerprint(branch.statics().parts())
    );
}
