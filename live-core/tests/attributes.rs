//! Attributes: spreads, list (class) values, escaping and `raw`, global attributes, and the
//! verbatim bodies of `<script>` and `<style>`; plus temporary assigns.

use live_core::diff::ClientTree;
use live_core::{html, raw, Assigns, LiveView, Rendered};

#[test]
fn spreads_escape_values_and_sanitize_names() {
    let pairs = vec![
        ("data-id", "7"),
        ("title", "a\"<b>"),
        ("bad name=\"x\"", "v"),
    ];
    let rendered = html! { <div id="x" {...&pairs}></div> };
    assert_eq!(
        rendered.to_html(),
        r#"<div id="x" data-id="7" title="a&quot;&lt;b&gt;" bad_name__x_="v"></div>"#
    );
    let flags = [("hidden", true), ("disabled", false)];
    let rendered = html! { <p {...flags}>x</p> };
    assert_eq!(rendered.to_html(), "<p hidden>x</p>");
}

#[test]
fn class_lists_drop_falsy_entries() {
    let active = true;
    let size: Option<&str> = None;
    let extra = String::from("wide");
    let rendered = html! {
        <button class={["btn", active.then_some("on"), size, ("off", !active), &extra]}>b</button>
    };
    assert_eq!(
        rendered.to_html(),
        r#"<button class="btn on wide">b</button>"#
    );
    let none: Option<&str> = None;
    let rendered = html! { <i class={[none, ("x", false)]}></i> };
    // As in HEEx: an empty class list keeps the attribute, empty.
    assert_eq!(rendered.to_html(), "<i class=\"\"></i>");
}

#[test]
fn attribute_values_escape_and_raw_opts_out() {
    let text = "\"><script>x</script>";
    let rendered = html! { <a title={text} href={raw("/a?b=1&amp;c=2")}>x</a> };
    assert_eq!(
        rendered.to_html(),
        r#"<a title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;" href="/a?b=1&amp;c=2">x</a>"#
    );
}

#[test]
fn global_attributes_pass_through() {
    let rendered = html! {
        <div phx-click="go" phx-value-id="1" data-role="x" aria-label="Close" phx-update="stream"></div>
    };
    assert_eq!(
        rendered.to_html(),
        r#"<div phx-click="go" phx-value-id="1" data-role="x" aria-label="Close" phx-update="stream"></div>"#
    );
}

#[test]
fn script_and_style_bodies_are_verbatim() {
    let rendered = html! {
        <script>"if (a < b && c > d) { console.log('<ok>'); }"</script>
        <style>r#"p > a::after { content: "&"; }"#</style>
    };
    assert_eq!(
        rendered.to_html(),
        r#"<script>if (a < b && c > d) { console.log('<ok>'); }</script><style>p > a::after { content: "&"; }</style>"#
    );
    assert_eq!(
        ClientTree::default().diff(&rendered).expect("a diff"),
        r#"{"s":["<script>if (a < b && c > d) { console.log('<ok>'); }</script><style>p > a::after { content: \"&\"; }</style>"]}"#
    );
}

#[derive(LiveView)]
struct Feed {
    #[live(temporary)]
    messages: Vec<String>,
    title: String,
}

fn render_feed(assigns: &Assigns<Feed>) -> Rendered {
    html! {
        <h1>{@title}</h1>
        <ul phx-update="append" id="feed"><li :for={m in @messages.iter()} id={m}>{m}</li></ul>
    }
}

#[test]
fn temporary_assigns_reset_after_render_without_a_change() {
    let mut assigns = Assigns::new(Feed {
        messages: vec!["a".into(), "b".into()],
        title: "Feed".into(),
    });
    let mut client = ClientTree::default();
    client.diff(&render_feed(&assigns)).expect("a diff");
    assigns.clear_changed();
    assigns.after_render();
    assert!(assigns.messages.is_empty());
    assert!(assigns.changed().is_empty());
    assigns.set_title("News".into());
    assert_eq!(
        client.diff(&render_feed(&assigns)).expect("a diff"),
        r#"{"0":"News"}"#
    );
}
