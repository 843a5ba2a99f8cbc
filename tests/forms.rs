//! Forms without a browser: the urlencoded decoding table (what Plug decodes for the same
//! input), event payload decoding for every kind, typed access errors, the changeset, the
//! `<.form>`/`<.input>` components, and the signup example driven in-process and over a real
//! WebSocket with the payloads the official client sends.

use std::time::Duration;

use live_core::form::{decode, decode_target, Changeset, DecodeError, EventParams, Form};
use live_core::runtime::ViewRuntime;
use live_core::socket::{AnyMessage, Command, MessageSink, Navigation};
use live_core::{Event, Params, Session};
use live_tests::{spawn_server, ChannelClient, HttpResponse, LivePage, TIMEOUT};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;

/// `(urlencoded input, the JSON Plug.Conn.Query.decode/1 gives for it)`. Each expectation was
/// reasoned out from Plug's documented rules (docs/protocol-bindings.md §1.4) and its decoder's
/// model: pairs in order, per key path one container created by the first pair needing it,
/// last value wins per key, a container whose newest entry came through `[]` is a list.
const DECODE_TABLE: &[(&str, &str)] = &[
    // Basics.
    (r#""#, r#"{}"#),
    (r#"foo=bar"#, r#"{"foo":"bar"}"#),
    (r#"foo=bar&baz=bat"#, r#"{"foo":"bar","baz":"bat"}"#),
    (r#"foo=bar&foo=baz"#, r#"{"foo":"baz"}"#),
    (r#"foo"#, r#"{"foo":""}"#),
    (r#"foo="#, r#"{"foo":""}"#),
    (r#"=bar"#, r#"{"":"bar"}"#),
    (r#"&&a=1&&"#, r#"{"a":"1"}"#),
    (r#"a=1=2"#, r#"{"a":"1=2"}"#),
    // Percent-decoding: `+` is a space, invalid escapes stay as written, UTF-8.
    (r#"a=1+2%2B3"#, r#"{"a":"1 2+3"}"#),
    (r#"+a+=+b+"#, r#"{" a ":" b "}"#),
    (
        r#"a=%zz&b=100%&c=%4&d=%%41"#,
        r#"{"a":"%zz","b":"100%","c":"%4","d":"%A"}"#,
    ),
    (r#"%C3%A9t%C3%A9=%E2%9C%93"#, r#"{"été":"✓"}"#),
    (r#"a%5Bb%5D=1"#, r#"{"a":{"b":"1"}}"#),
    // Nesting.
    (r#"foo[bar]=baz"#, r#"{"foo":{"bar":"baz"}}"#),
    (r#"a[b][c]=1"#, r#"{"a":{"b":{"c":"1"}}}"#),
    (
        r#"a[b][c]=1&a[b][d]=2&a[e]=3"#,
        r#"{"a":{"b":{"c":"1","d":"2"},"e":"3"}}"#,
    ),
    (
        r#"items[0][x]=1&items[1][x]=2"#,
        r#"{"items":{"0":{"x":"1"},"1":{"x":"2"}}}"#,
    ),
    // Lists.
    (r#"foo[]=bar&foo[]=baz"#, r#"{"foo":["bar","baz"]}"#),
    (r#"a[]="#, r#"{"a":[""]}"#),
    (
        r#"a[b][]=1&a[b][]=2&a[c]=3"#,
        r#"{"a":{"b":["1","2"],"c":"3"}}"#,
    ),
    (r#"a[][]=1&a[][]=2"#, r#"{"a":[["1","2"]]}"#),
    (
        r#"users[][name]=a&users[][age]=1"#,
        r#"{"users":[{"name":"a","age":"1"}]}"#,
    ),
    (
        r#"users[][name]=a&users[][name]=b"#,
        r#"{"users":[{"name":"b"}]}"#,
    ),
    (r#"a[]=x&a[][b]=1&a[]=y"#, r#"{"a":["x",{"b":"1"},"y"]}"#),
    // The last value wins across shapes; list vs map is decided by the newest entry.
    (r#"a=1&a[b]=2"#, r#"{"a":{"b":"2"}}"#),
    (r#"a[b]=2&a=1"#, r#"{"a":"1"}"#),
    (r#"a[]=1&a[x]=2"#, r#"{"a":{"x":"2"}}"#),
    (r#"a[x]=2&a[]=1"#, r#"{"a":["1"]}"#),
    (r#"a[b]=1&a[b][c]=2"#, r#"{"a":{"b":{"c":"2"}}}"#),
    (r#"a[b][c]=1&a[b]=2&a[b][d]=3"#, r#"{"a":{"b":"2"}}"#),
    (r#"a[]=1&a=2&a[]=3"#, r#"{"a":"2"}"#),
    // Keys that are not bracket paths stay literal.
    (r#"a[b=1"#, r#"{"a[b":"1"}"#),
    (r#"[a]=1"#, r#"{"[a]":"1"}"#),
    (r#"[]=1"#, r#"{"[]":"1"}"#),
    (r#"a]=1"#, r#"{"a]":"1"}"#),
    (r#"a[=1"#, r#"{"a[":"1"}"#),
    // Odd brackets inside a path: only `][` separates segments.
    (r#"a[b]c]=1"#, r#"{"a":{"b]c":"1"}}"#),
    (r#"a[b]][c]=1"#, r#"{"a":{"b]":{"c":"1"}}}"#),
    (r#"a[]]=1"#, r#"{"a":{"]":"1"}}"#),
    (r#"a[b[c]]=1"#, r#"{"a":{"b[c]":"1"}}"#),
    // What the official client sends.
    (
        r#"user%5Bname%5D=Jo+Ann&user%5Btags%5D%5B%5D=a&user%5Btags%5D%5B%5D=b&agree=false&agree=true"#,
        r#"{"user":{"name":"Jo Ann","tags":["a","b"]},"agree":"true"}"#,
    ),
    (r#"agree=false"#, r#"{"agree":"false"}"#),
    (
        r#"user%5Bname%5D=Jo&user%5B_unused_email%5D=&user%5Bemail%5D="#,
        r#"{"user":{"name":"Jo","_unused_email":"","email":""}}"#,
    ),
    (
        r#"_unused_tags%5B%5D=&tags%5B%5D=a"#,
        r#"{"_unused_tags":[""],"tags":["a"]}"#,
    ),
    (
        r#"user%5Bname%5D=Jos%C3%A9+Q&user%5Bok%5D=true&act=go"#,
        r#"{"user":{"name":"José Q","ok":"true"},"act":"go"}"#,
    ),
];

#[test]
fn decoding_table_matches_plug() {
    assert!(DECODE_TABLE.len() >= 25);
    let mut failures = Vec::new();
    for (input, expected) in DECODE_TABLE {
        let expected: Value = serde_json::from_str(expected).expect("valid expected JSON");
        match decode(input) {
            Ok(actual) if actual == expected => {}
            Ok(actual) => failures.push(format!("{input:?}: got {actual}, want {expected}")),
            Err(err) => failures.push(format!("{input:?}: failed with {err}")),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn invalid_utf8_is_refused_like_plug() {
    for input in ["a=%FF", "%C3=1", "a[%E2%9C]=1"] {
        assert!(
            matches!(decode(input), Err(DecodeError::InvalidUtf8 { .. })),
            "{input}"
        );
    }
    let event = json!({"type": "form", "event": "save", "value": "name=%C3%28"});
    let error = Event::from_payload(&event).expect_err("refused");
    assert!(error.to_string().contains("not UTF-8"), "{error}");
}

#[test]
fn targets_become_key_paths() {
    let cases: &[(&str, &[&str])] = &[
        ("user[email]", &["user", "email"]),
        ("user[tags][]", &["user", "tags"]),
        ("user[addresses][][city]", &["user", "addresses", "city"]),
        ("undefined", &["undefined"]),
        ("title", &["title"]),
        ("reset", &["reset"]),
        ("a+b", &["a b"]),
        ("", &[]),
    ];
    for (target, path) in cases {
        assert_eq!(decode_target(target).expect("decodes"), *path, "{target}");
    }
}

/// The payloads of docs/protocol-bindings.md §1.3, §2.2, §2.4, §2.5, §2.10 and §2.13, decoded.
#[test]
fn every_event_kind_decodes() {
    let cases = [
        (
            json!({"type":"click","event":"inc","value":{"id":"7","value":""}}),
            json!({"id":"7","value":""}),
        ),
        (
            json!({"type":"keydown","event":"move","value":{"key":"ArrowUp","board":"2"}}),
            json!({"key":"ArrowUp","board":"2"}),
        ),
        (
            json!({"type":"blur","event":"left","value":{"value":"typed"}}),
            json!({"value":"typed"}),
        ),
        (
            json!({"type":"form","event":"validate",
                   "value":"user%5Bname%5D=Jo&user%5B_unused_email%5D=&user%5Bemail%5D=",
                   "meta":{"_target":"user[name]"},"uploads":{}}),
            json!({"user":{"name":"Jo","_unused_email":"","email":""},"_target":["user","name"]}),
        ),
        (
            json!({"type":"form","event":"save","value":"user%5Bname%5D=Jo&intent=publish","meta":{}}),
            json!({"user":{"name":"Jo"},"intent":"publish"}),
        ),
        (
            // `meta` wins over the form's own fields (phx-value-* of the form, JS.push values).
            json!({"type":"form","event":"save","value":"step=1&x=2","meta":{"step":"9"}}),
            json!({"step":"9","x":"2"}),
        ),
        (
            json!({"type":"form","event":"recover_wizard","value":"name=Ada&step=2",
                   "meta":{"_target":"name"},"uploads":{}}),
            json!({"name":"Ada","step":"2","_target":["name"]}),
        ),
        (
            // A target sent as a list already stays as it is.
            json!({"type":"form","event":"v","value":"a=1","meta":{"_target":["a"]}}),
            json!({"a":"1","_target":["a"]}),
        ),
        (
            json!({"type":"hook","event":"ping","value":[1, {"deep": true}]}),
            json!([1, {"deep": true}]),
        ),
        (
            json!({"type":"js","event":"load-more","value":{"id":"posts-117"}}),
            json!({"id":"posts-117"}),
        ),
        (
            json!({"type":null,"event":"mounted","value":{"value":""}}),
            json!({"value":""}),
        ),
        (json!({"type":"click","event":"go"}), json!({})),
        (json!({"type":"form","event":"go"}), json!({})),
    ];
    for (payload, params) in cases {
        let event = Event::from_payload(&payload).expect("decodes");
        assert_eq!(event.params().as_value(), &params, "{payload}");
    }
    let with_cid = json!({"type":"click","event":"x","value":{},"cid":3});
    assert_eq!(
        Event::from_payload(&with_cid).expect("decodes").cid(),
        Some(3)
    );
    let with_uploads =
        json!({"type":"form","event":"v","value":"","meta":{"_target":"f"},"uploads":{}});
    let event = Event::from_payload(&with_uploads).expect("decodes");
    assert_eq!(event.uploads(), Some(&json!({})));
    assert_eq!(event.meta(), Some(&json!({"_target":"f"})));
}

#[test]
fn malformed_payloads_are_errors_not_panics() {
    for payload in [
        json!(null),
        json!([]),
        json!({"type":"click"}),
        json!({"type":5,"event":"x"}),
        json!({"type":"click","event":"x","cid":-1}),
        json!({"type":"form","event":"x","value":{"a":1}}),
        json!({"type":"form","event":"x","value":"a=1","meta":"oops"}),
        json!({"type":"form","event":"x","value":"a=1","meta":{"_target":"%FF"}}),
    ] {
        assert!(Event::from_payload(&payload).is_err(), "{payload}");
    }
}

#[test]
fn typed_access_names_the_field() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct User {
        name: String,
        age: u32,
        tags: Vec<String>,
    }
    let event = Event::form("save", "user[name]=Ada&user[age]=abc&user[tags][]=x");
    let error = event
        .params()
        .get::<User>("user")
        .expect_err("age is not a number");
    assert_eq!(
        error.to_string(),
        r#"user.age: expected an integer from 0 to 4294967295, got "abc""#
    );
    assert_eq!(error.field(), "user.age");
    let event = Event::form("save", "user[age]=3");
    assert_eq!(
        event
            .params()
            .get::<User>("user")
            .expect_err("missing")
            .to_string(),
        "user.name: missing field"
    );
    let event = Event::form("save", "user=flat");
    assert_eq!(
        event
            .params()
            .get::<User>("user")
            .expect_err("not a map")
            .to_string(),
        r#"user: expected a map, got "flat""#
    );
}

#[derive(serde::Deserialize, Default, Debug, PartialEq)]
#[serde(default)]
struct Account {
    email: String,
    age: Option<u8>,
    password: String,
    password_confirmation: String,
    terms: bool,
}

fn account(params: &EventParams) -> Changeset<Account> {
    Changeset::cast(params, "account")
        .required(&["email", "password"])
        .format("email", |e| e.contains('@'), "must have the @ sign")
        .number("age", 13..=130)
        .length("password", 8..=72)
        .confirmation("password")
        .acceptance("terms")
}

#[test]
fn changeset_casts_validates_and_tracks_use() {
    let change = Event::form(
        "validate",
        "account%5Bemail%5D=ada&account%5B_unused_age%5D=&account%5Bage%5D=abc\
         &account%5B_unused_password%5D=&account%5Bpassword%5D=\
         &account%5B_unused_password_confirmation%5D=&account%5Bpassword_confirmation%5D=\
         &account%5B_unused_terms%5D=&account%5Bterms%5D=false",
    )
    .with_meta(json!({"_target": "account[email]"}));
    let checked = account(change.params());
    assert_eq!(
        checked.errors_on("email").collect::<Vec<_>>(),
        ["must have the @ sign"]
    );
    assert_eq!(
        checked.errors_on("age").collect::<Vec<_>>(),
        ["must be an integer from 0 to 255"],
        "a cast error, and no range check on top"
    );
    assert_eq!(
        checked.errors_on("password").collect::<Vec<_>>(),
        ["can't be blank"]
    );
    assert_eq!(
        checked.errors_on("terms").collect::<Vec<_>>(),
        ["must be accepted"]
    );
    assert_eq!(checked.data().email, "ada", "valid fields are still cast");
    assert!(checked.is_used("email"));
    for untouched in ["age", "password", "terms", "nope"] {
        assert!(!checked.is_used(untouched), "{untouched}");
    }
    let form = checked.to_form();
    assert_eq!(
        form.field("email").visible_errors(),
        ["must have the @ sign"]
    );
    assert!(form.field("age").visible_errors().is_empty());
    assert_eq!(form.field("age").value(), "abc");

    // A submit has no markers: every field is used, every error shows.
    let submit = Event::form(
        "save",
        "account%5Bemail%5D=ada%40example.com&account%5Bage%5D=9&account%5Bpassword%5D=short\
         &account%5Bpassword_confirmation%5D=shirt&account%5Bterms%5D=false&account%5Bterms%5D=true",
    );
    let checked = account(submit.params());
    let form = checked.to_form();
    assert_eq!(
        form.field("age").visible_errors(),
        ["must be greater than or equal to 13"]
    );
    assert_eq!(
        form.field("password").visible_errors(),
        ["should be at least 8 character(s)"]
    );
    assert_eq!(
        form.field("password_confirmation").visible_errors(),
        ["does not match password"]
    );
    assert!(form.field("terms").visible_errors().is_empty());

    let submit = Event::form(
        "save",
        "account%5Bemail%5D=ada%40example.com&account%5Bage%5D=&account%5Bpassword%5D=correct+horse\
         &account%5Bpassword_confirmation%5D=correct+horse&account%5Bterms%5D=false&account%5Bterms%5D=true",
    );
    assert_eq!(
        account(submit.params()).apply().expect("valid"),
        Account {
            email: "ada@example.com".into(),
            age: None,
            password: "correct horse".into(),
            password_confirmation: "correct horse".into(),
            terms: true,
        }
    );
}

#[test]
fn components_render_values_and_only_used_errors() {
    use live_core::form::{form, input};
    use live_core::html;
    let change = Event::form(
        "validate",
        "account%5Bemail%5D=ada&account%5B_unused_password%5D=&account%5Bpassword%5D=x",
    )
    .with_meta(json!({"_target": "account[email]"}));
    let form_state = account(change.params()).to_form();
    let html = html! {
        <.form for={&form_state} phx-change="validate" phx-submit="save">
            <.input field={form_state.field("email")} type="email" label="Email"/>
            <.input field={form_state.field("password")} type="password" label="Password"/>
        </.form>
    }
    .to_html();
    assert_eq!(
        html,
        "<form id=\"account\" phx-change=\"validate\" phx-submit=\"save\">\
         <div class=\"field invalid\"><label for=\"account_email\">Email</label>\
         <input type=\"email\" id=\"account_email\" name=\"account[email]\" value=\"ada\" aria-invalid=\"true\">\
         <p class=\"error\">must have the @ sign</p></div>\
         <div class=\"field\"><label for=\"account_password\">Password</label>\
         <input type=\"password\" id=\"account_password\" name=\"account[password]\" value=\"x\"></div></form>"
    );

    // The HTTP path: action, method, CSRF token, phx-trigger-action, a hidden `_method`.
    let empty = Form::new("session");
    let token = "tok\"en";
    let html = html! {
        <.form for={&empty} id="login" action="/session" method="put" csrf_token={token} phx-trigger-action={true} phx-submit="save">
            <.input field={empty.field("email")} type="hidden"/>
        </.form>
    }
    .to_html();
    assert_eq!(
        html,
        "<form id=\"login\" action=\"/session\" method=\"post\" phx-submit=\"save\" phx-trigger-action>\
         <input type=\"hidden\" name=\"_csrf_token\" value=\"tok&quot;en\">\
         <input type=\"hidden\" name=\"_method\" value=\"put\">\
         <input type=\"hidden\" id=\"session_email\" name=\"session[email]\" value=\"\"></form>"
    );
}

// --- The signup example -------------------------------------------------------------------

fn signup_change(target: &str, body: &str) -> Event {
    Event::form("validate", body).with_meta(json!({"_target": target}))
}

#[test]
fn signup_validates_on_change_and_rebuilds_from_recovery() {
    let mut view = live_tests::mounted::<signup::Signup>("phx-1");
    let first = view.render_html();
    assert!(!first.contains("class=\"error\""), "{first}");

    // The user typed an email without @; the name was never touched.
    view.handle_event(&signup_change(
        "user[email]",
        "user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=ada",
    ))
    .expect("handled");
    let html = view.render_html();
    assert!(html.contains("must have the @ sign"), "{html}");
    assert!(!html.contains("can&#39;t be blank"), "{html}");

    // Form recovery after a reconnect is a change event on a fresh view: same state back.
    let mut fresh = live_tests::mounted::<signup::Signup>("phx-2");
    fresh
        .handle_event(
            &Event::form(
                "validate",
                "user%5Bname%5D=Ada&user%5Bemail%5D=ada%40example.com",
            )
            .with_meta(json!({"_target": "user[name]"})),
        )
        .expect("handled");
    let html = fresh.render_html();
    assert!(html.contains("value=\"ada@example.com\""), "{html}");
    assert!(html.contains("Hello, Ada"), "{html}");
}

/// Accepts the messages of a connected in-process view (timers are not run here).
struct NoSink;

impl MessageSink for NoSink {
    fn send(&self, _message: AnyMessage) -> bool {
        true
    }
}

#[test]
fn signup_save_waits_then_navigates_with_a_flash() {
    let sink: Arc<dyn MessageSink> = Arc::new(NoSink);
    let mut view = ViewRuntime::<signup::Signup>::mount(
        "phx-1",
        &Params::default(),
        &Session::default(),
        Some(sink),
    )
    .expect("mounts");
    let valid = "user%5Bname%5D=Ada&user%5Bemail%5D=ada%40example.com&user%5Bage%5D=36\
                 &user%5Bpassword%5D=correct+horse&user%5Bpassword_confirmation%5D=correct+horse\
                 &user%5Bterms%5D=false&user%5Bterms%5D=true";
    let commands = view
        .handle_event(&Event::form("save", valid))
        .expect("handled");
    assert!(commands.navigation.is_none(), "saving takes a while");
    let Some(Command::Timer { after, repeat, .. }) = commands.commands.first() else {
        panic!(
            "a delayed continuation ({} commands)",
            commands.commands.len()
        );
    };
    assert!(!repeat);
    assert_eq!(*after, Duration::from_millis(signup::SAVE_DELAY_MS));
    let html = view.render_html();
    assert!(html.contains("Saving…"), "{html}");
    let commands = view
        .handle_info(signup::Info::Saved(signup::NewUser {
            name: "Ada".into(),
            email: "ada@example.com".into(),
        }))
        .expect("handled");
    assert_eq!(
        commands.navigation,
        Some(Navigation::Navigate {
            to: "/welcome".into(),
            replace: false
        })
    );
    assert_eq!(view.flash().get("info"), Some("Welcome aboard, Ada!"));
}

#[test]
fn signup_invalid_submit_shows_every_error() {
    let mut view = live_tests::mounted::<signup::Signup>("phx-1");
    let commands = view
        .handle_event(&Event::form(
            "save",
            "user%5Bname%5D=&user%5Bemail%5D=x&user%5Bterms%5D=false",
        ))
        .expect("handled");
    assert!(commands.commands.is_empty() && commands.navigation.is_none());
    let html = view.render_html();
    for message in [
        "can&#39;t be blank",
        "must have the @ sign",
        "must be accepted",
    ] {
        assert!(html.contains(message), "{message}: {html}");
    }
}

/// An HTTP/1.1 request over a fresh connection (`body`: an urlencoded form for a `POST`).
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookies: &Cookies,
    body: &str,
) -> HttpResponse {
    let cookie = cookies.header();
    live_tests::http_request(addr, method, path, Some(&cookie), body).await
}

/// A browser's cookie jar, as far as these tests need one.
#[derive(Default)]
struct Cookies(Vec<(String, String)>);

impl Cookies {
    fn take(&mut self, response: &HttpResponse) {
        for (name, value) in &response.headers {
            if name != "set-cookie" {
                continue;
            }
            let pair = value.split(';').next().unwrap_or("");
            if let Some((key, value)) = pair.split_once('=') {
                self.0.retain(|(k, _)| k != key);
                if !value.is_empty() && !value.contains("max-age=0") {
                    self.0.push((key.to_owned(), value.to_owned()));
                }
            }
        }
    }

    fn header(&self) -> String {
        let pairs: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
        pairs.join("; ")
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {text}"))
        + start.len();
    let to = text[from..].find(end).expect("the end marker") + from;
    &text[from..to]
}

/// The live page's tokens, for a channel client.
fn live_page(response: &HttpResponse, cookies: &Cookies) -> LivePage {
    let html = &response.body;
    LivePage {
        cookie: cookies.header(),
        csrf_token: between(html, "<meta name=\"csrf-token\" content=\"", "\"").to_owned(),
        view_id: between(html, "<div id=\"", "\"").to_owned(),
        session: between(html, "data-phx-session=\"", "\"").to_owned(),
        static_token: between(html, "data-phx-static=\"", "\"").to_owned(),
        inner_html: String::new(),
    }
}

/// Pushes an `event` and waits for its reply.
async fn send(client: &mut ChannelClient, join_ref: &str, topic: &str, payload: Value) -> Value {
    let reference = client.push(Some(join_ref), topic, "event", payload).await;
    tokio::time::timeout(TIMEOUT, client.reply_to(&reference))
        .await
        .expect("a reply")
}

/// The whole signup flow over the real server with the official client's payloads: the CSRF
/// bootstrap redirect, live validation (and an error reply for a form that does not decode,
/// after which the view goes on), then a valid submit with "keep me signed in" rendering
/// `phx-trigger-action` with a CSRF token, and the HTTP `POST /session` that token allows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signup_over_the_wire_and_http() {
    let addr = spawn_server(signup::router()).await;
    let mut cookies = Cookies::default();
    let first = http(addr, "GET", "/", &cookies, "").await;
    assert_eq!(first.status, 302);
    assert_eq!(first.header("location"), Some("/csrf?return_to=/"));
    let bootstrap = http(addr, "GET", "/csrf?return_to=/", &cookies, "").await;
    cookies.take(&bootstrap);
    assert_eq!(
        (bootstrap.status, bootstrap.header("location")),
        (302, Some("/"))
    );
    let response = http(addr, "GET", "/", &cookies, "").await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert!(
        response.body.contains("name=\"_csrf_token\""),
        "the form carries a token"
    );
    let page = live_page(&response, &cookies);

    let mut client = ChannelClient::connect_page(addr, &page).await;
    let (join_ref, joined) = client.join_page(&page, &format!("http://{addr}/")).await;
    assert_eq!(joined[4]["status"], "ok", "{joined}");
    let topic = format!("lv:{}", page.view_id);
    let reply = send(
        &mut client,
        &join_ref,
        &topic,
        json!({"type":"form","event":"validate",
        "value":"_csrf_token=x&user%5B_unused_name%5D=&user%5Bname%5D=&user%5Bemail%5D=ada",
        "meta":{"_target":"user[email]"},"uploads":{}}),
    )
    .await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let diff = reply[4]["response"].to_string();
    assert!(diff.contains("must have the @ sign"), "{diff}");
    assert!(!diff.contains("can't be blank"), "{diff}");

    let reply = send(
        &mut client,
        &join_ref,
        &topic,
        json!({"type":"form","event":"validate",
        "value":"user%5Bname%5D=%FF","meta":{"_target":"user[name]"}}),
    )
    .await;
    assert_eq!(reply[4]["status"], "error", "{reply}");

    let form = "user%5Bname%5D=Ada&user%5Bemail%5D=ada%40example.com&user%5Bage%5D=\
                &user%5Bpassword%5D=correct+horse&user%5Bpassword_confirmation%5D=correct+horse\
                &user%5Bterms%5D=false&user%5Bterms%5D=true&user%5Bremember%5D=false&user%5Bremember%5D=true";
    let reply = send(
        &mut client,
        &join_ref,
        &topic,
        json!({"type":"form","event":"save","value":form,"meta":{}}),
    )
    .await;
    let diff = reply[4]["response"].to_string();
    assert!(diff.contains("phx-trigger-action"), "{diff}");

    // What the client then posts natively: the fields and the hidden token.
    let token = between(&response.body, "name=\"_csrf_token\" value=\"", "\"").to_owned();
    let posted = http(
        addr,
        "POST",
        "/session",
        &cookies,
        &format!("_csrf_token={token}&{form}"),
    )
    .await;
    assert_eq!(posted.status, 302, "{}", posted.body);
    assert_eq!(posted.header("location"), Some("/welcome"));
    cookies.take(&posted);
    let welcome = http(addr, "GET", "/welcome", &cookies, "").await;
    assert_eq!(welcome.status, 200, "{}", welcome.body);
    assert!(
        welcome.body.contains("Signed in as <b id=\"user\">Ada</b>"),
        "{}",
        welcome.body
    );
    assert!(
        welcome.body.contains("Welcome aboard, Ada!"),
        "{}",
        welcome.body
    );

    // Without the token the route refuses.
    let refused = http(addr, "POST", "/session", &cookies, form).await;
    assert_eq!(refused.status, 403);
}
