//! The in-process test harness (`live_server::testing`) against the example apps: mounts,
//! clicks, keys, forms, patches, navigation, PubSub between two views, timers, async tasks,
//! hooks, replies and pushed events, snapshots — and a deliberately broken diff, which the
//! harness must report.

#[path = "corpus/mod.rs"]
mod corpus;

use live_core::diff::ClientTree;
use live_core::{
    html, Assigns, AsyncOutcome, AsyncResult, Event, LiveView, Params, Rendered, Session, Socket,
    ViewError,
};
use live_server::on_mount::{Halt, MountContext};
use live_server::testing::{live, LiveTest, MergedTree, TestError};
use live_server::{assert_diff_snapshot, assert_html_snapshot, Router};
use serde_json::{json, Value};

// ---- counter ----

#[test]
fn counter_mounts_static_then_connected() -> Result<(), TestError> {
    let mut view = live(&counter::router(), "/")?;
    assert!(view.static_html().contains(r#"<span id="count">0</span>"#));
    assert_eq!(view.element("#count").text()?, "0");
    assert_eq!(view.element("h1").text()?, "Count: 0");
    assert!(view.has_element("button#inc[phx-click=inc]"));
    assert!(!view.has_element("#nothing-here"));
    assert_eq!(view.path(), "/");
    assert_eq!(view.page_title(), None);
    Ok(())
}

#[test]
fn counter_clicks_build_the_clients_payload() -> Result<(), TestError> {
    let mut view = live(&counter::router(), "/")?;
    let html = view.element("#inc").render_click(())?;
    assert!(html.contains(r#"<span id="count">1</span>"#), "{html}");
    // A <button> contributes its value, "" (docs/protocol.md §5.1).
    assert_eq!(
        view.frames()[0].payload,
        json!({"type": "click", "event": "inc", "value": {"value": ""}})
    );
    assert_eq!(view.frames()[1].payload, json!({"diff": {"0": "1"}}));
    view.element("#inc").render_click(())?;
    view.element_with_text("button", "-").render_click(())?;
    assert_eq!(view.element("#count").text()?, "1");
    Ok(())
}

#[test]
fn counter_snapshots() -> Result<(), TestError> {
    let mut view = live(&counter::router(), "/")?;
    assert_html_snapshot!("counter_joined", view);
    view.element("#dec").render_click(())?;
    assert_diff_snapshot!("counter_dec", view);
    assert_html_snapshot!("counter_after_dec", view);
    Ok(())
}

#[test]
fn elements_are_checked() -> Result<(), TestError> {
    let mut view = live(&counter::router(), "/")?;
    let none = view.element("#missing").render_click(());
    assert!(matches!(none, Err(TestError::Element(_))), "{none:?}");
    let many = view.element("button").render_click(());
    assert!(
        matches!(&many, Err(TestError::Element(why)) if why.contains("matches 2 elements")),
        "{many:?}"
    );
    let bad = view.element("button[").render_click(());
    assert!(matches!(bad, Err(TestError::Selector(_))), "{bad:?}");
    let unbound = view.element("h1").render_click(());
    assert!(matches!(unbound, Err(TestError::Binding(_))), "{unbound:?}");
    // A failed lookup sends nothing: the count is unchanged.
    assert_eq!(view.element("#count").text()?, "0");
    Ok(())
}

/// A diff that does not match the server's state is reported, and so is one the official
/// client could not even apply.
#[test]
fn a_broken_diff_is_reported() -> Result<(), TestError> {
    let mut view = live(&counter::router(), "/")?;
    let err = view
        .inject_diff(r#"{"0":"41"}"#)
        .expect_err("an outcome other than HTML");
    let TestError::Mismatch(mismatch) = &err else {
        panic!("expected a mismatch, got {err:?}");
    };
    assert!(mismatch.expected.contains(r#"<span id="count">0</span>"#));
    assert!(mismatch.actual.contains(r#"<span id="count">41</span>"#));
    assert!(err.to_string().contains("wrong diff"), "{err}");
    // The view is no longer trusted: later interactions report the same finding.
    assert!(matches!(
        view.element("#inc").render_click(()),
        Err(TestError::Mismatch(_))
    ));

    let mut view = live(&counter::router(), "/")?;
    let err = view
        .inject_diff(r#"{"0":7}"#)
        .expect_err("an outcome other than HTML");
    assert!(
        matches!(&err, TestError::Merge(why) if why.contains("no component for CID 7")),
        "{err}"
    );

    let mut view = live(&counter::router(), "/")?;
    let err = view
        .inject_diff(r#"{"0":{"0":"x"}}"#)
        .expect_err("an outcome other than HTML");
    assert!(
        matches!(&err, TestError::Merge(why) if why.contains("without statics")),
        "{err}"
    );
    Ok(())
}

/// Every template of the corpus, merged step by step as the client merges, gives the server's
/// full render.
#[test]
fn merged_corpus_matches_full_renders() {
    let cases = corpus::corpus();
    assert!(cases.len() >= 40);
    for case in cases {
        let mut server = ClientTree::default();
        let mut client = MergedTree::new("phx-corpus");
        for (i, step) in case.steps.iter().enumerate() {
            let diff = server.diff(&step.rendered);
            match (i, diff) {
                (0, Some(rendered)) => client.join(&rendered).map(|_| ()),
                (0, None) => panic!("{}: an empty first render", case.name),
                (_, Some(diff)) => client.merge(&diff).map(|_| ()),
                (_, None) => Ok(()),
            }
            .unwrap_or_else(|err| panic!("{} step {i}: {err}", case.name));
            assert_eq!(
                client.to_server_html().expect("renders"),
                step.full.to_html(),
                "{} step {i}",
                case.name
            );
        }
    }
}

/// The debug switch: every step also goes through the official client in Node.
#[test]
fn the_oracle_agrees_on_the_counter() -> Result<(), TestError> {
    let app = LiveTest::new(&counter::router()).oracle(true);
    let mut view = app.live("/")?;
    view.element("#inc").render_click(())?;
    let html = view.element("#inc").render_click(())?;
    assert!(html.contains(r#"<span id="count">2</span>"#));
    Ok(())
}

// ---- thermostat: path params, title, timers ----

#[test]
fn thermostat_buttons_and_timers() -> Result<(), TestError> {
    let mut view = live(&thermostat::router(), "/thermostat/garden")?;
    assert_eq!(view.page_title(), Some("Thermostat: garden"));
    assert_eq!(view.element("h1").text()?, "Thermostat: garden");
    assert_eq!(view.element("#temperature").text()?, "21");
    let timers = view.timers();
    assert_eq!(timers.len(), 1);
    assert!(timers[0].repeat);
    assert_eq!(timers[0].after, std::time::Duration::from_secs(1));

    view.element("#up").render_click(())?;
    assert_eq!(view.element("#temperature").text()?, "22");
    assert_eq!(view.frames()[1].payload, json!({"diff": {"1": "22"}}));

    // Three seconds of virtual time: three ticks, in one call.
    view.advance(std::time::Duration::from_secs(3))?;
    assert_eq!(view.element("#since").text()?, "3");
    assert_eq!(
        view.element("#outside").text()?,
        thermostat::tenths(thermostat::outside_at(3))
    );
    view.fire_timers()?;
    assert_eq!(view.element("#since").text()?, "4");

    for _ in 0..20 {
        view.element("#down").render_click(())?;
    }
    assert_eq!(
        view.element("#temperature").text()?,
        thermostat::MIN_TARGET.to_string()
    );
    Ok(())
}

// ---- clock ----

#[test]
fn clock_ticks_only_when_told() -> Result<(), TestError> {
    let mut view = live(&clock::router(), "/")?;
    let is_time = |t: &str| {
        t.len() == 8
            && t.char_indices().all(|(i, c)| {
                if i == 2 || i == 5 {
                    c == ':'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    let time = view.element("#time").text()?;
    assert!(is_time(&time), "{time}");
    assert_eq!(view.timers().len(), 1);
    view.advance(std::time::Duration::from_secs(2))?;
    assert!(is_time(&view.element("#time").text()?));
    assert_eq!(view.timers().len(), 1, "the interval keeps running");
    Ok(())
}

// ---- chat: forms and PubSub between two views ----

#[test]
fn chat_broadcasts_between_two_views() -> Result<(), TestError> {
    let app = LiveTest::new(&chat::router());
    let mut ada = app.live("/")?;
    let mut bob = app.live("/")?;
    assert!(ada.static_html().contains("<b id=\"me\">…</b>"));
    let me = ada.element("#me").text()?;
    assert!(me.starts_with("guest-"), "{me}");

    let html = ada
        .form("#send", json!({"message": "hello there!"}))
        .render_submit()?;
    assert!(html.contains("hello there!"), "{html}");
    // The client encodes a submit with URLSearchParams: spaces as +, ! as %21.
    assert_eq!(
        ada.frames()[0].payload,
        json!({"type": "form", "event": "send", "value": "message=hello+there%21", "meta": {}})
    );
    // The sender's own copy arrives through PubSub, as a pushed diff.
    assert_eq!(ada.frames()[2].event, "diff");

    assert_eq!(bob.element("#messages li .text").text()?, "hello there!");
    assert_eq!(bob.element("#messages li b").text()?, me);

    bob.form("#send", json!({"message": "<b>hi</b> & bye"}))
        .render_submit()?;
    assert!(ada.render().contains("&lt;b&gt;hi&lt;/b&gt; &amp; bye"));
    assert_eq!(
        ada.element_with_text("#messages li .text", "bye").text()?,
        "<b>hi</b> & bye"
    );

    // Only known fields, and only the bindings the form has.
    let unknown = ada.form("#send", json!({"nope": "x"})).render_submit();
    assert!(matches!(unknown, Err(TestError::Form(_))), "{unknown:?}");
    let change = ada.form("#send", json!({"message": "x"})).render_change();
    assert!(matches!(change, Err(TestError::Binding(_))), "{change:?}");
    Ok(())
}

// ---- navigation: patches, live navigation, live sessions ----

#[test]
fn navigation_patches_and_navigates() -> Result<(), TestError> {
    let mut view = live(&navigation::router(), "/?tab=2")?;
    assert_eq!(view.page_title(), Some("Tab 2"));
    assert_eq!(view.element("#content h2").text()?, "Two");
    assert_eq!(
        view.element("#tab-2").attribute("class")?.as_deref(),
        Some("active")
    );
    assert_eq!(view.element("#params-calls").text()?, "1");

    // A patch link: live_patch from the client, handle_params, only the changes come back.
    view.element("#tab-3").render_click(())?;
    view.assert_patch("/?tab=3");
    assert_eq!(view.path(), "/?tab=3");
    assert_eq!(view.element("#content h2").text()?, "Three");
    assert_eq!(view.page_title(), Some("Tab 3"));
    assert_eq!(view.frames()[0].event, "live_patch");
    assert_diff_snapshot!("navigation_patch_link", view);
    assert_html_snapshot!("navigation_tab_three", view);

    // push_patch from the server: a live_patch push, then the reply with the diff.
    view.element("#next").render_click(())?;
    view.assert_patch("/?tab=1");
    assert_eq!(view.frames()[1].event, "live_patch");
    assert_eq!(
        view.frames()[1].payload,
        json!({"to": "/?tab=1", "kind": "push"})
    );
    assert_eq!(view.element("#content h2").text()?, "One");

    view.render_patch("/?tab=2")?;
    assert_eq!(view.element("#params-calls").text()?, "4");

    // push_navigate: same live session, so the next view joins on the same container.
    let outcome = view.element("#push-about").render_click(());
    assert!(
        matches!(outcome, Err(TestError::LiveRedirect(_))),
        "{outcome:?}"
    );
    assert!(view.assert_redirect("/about").is_empty());
    let mut about = view.follow_redirect()?;
    assert_eq!(about.id(), view.id());
    assert_eq!(
        about.static_html(),
        "",
        "no HTTP render for a live navigation"
    );
    assert_eq!(about.page_title(), Some("About"));
    assert!(about.has_element("#about"));

    // A navigate link back: a fresh Tabs view, handle_params ran once.
    let back = about.element("#to-tabs").render_click(());
    let mut tabs = back
        .expect_err("an outcome other than HTML")
        .follow_redirect()?;
    assert_eq!(tabs.element("#content h2").text()?, "Two");
    assert_eq!(tabs.element("#params-calls").text()?, "1");

    // Another live session: the client loads the page over HTTP instead.
    let mut admin = tabs
        .element("#to-admin")
        .render_click(())
        .expect_err("an outcome other than HTML")
        .follow_redirect()?;
    assert_ne!(admin.id(), tabs.id());
    assert!(admin.static_html().contains("Another live session"));
    assert_eq!(admin.element("h1").text()?, "Admin");

    // Ended views refuse further events.
    assert!(matches!(
        view.element("#next").render_click(()),
        Err(TestError::Ended)
    ));
    Ok(())
}

#[test]
fn a_patch_to_another_view_navigates() -> Result<(), TestError> {
    let mut view = live(&navigation::router(), "/")?;
    let outcome = view.render_patch("/about");
    assert!(matches!(&outcome, Err(TestError::LiveRedirect(r)) if r.to == "/about"));
    assert_eq!(view.frames()[1].payload, json!({"link_redirect": true}));
    assert!(matches!(
        live(&navigation::router(), "/nowhere"),
        Err(TestError::NoRoute(_))
    ));
    Ok(())
}

#[test]
fn navigation_gate_and_flash_redirect() -> Result<(), TestError> {
    // The on_mount gate halts the static render: an outcome, with the flash for the login page.
    let err = live(&navigation::router(), "/account").expect_err("an outcome other than HTML");
    let redirect = err.redirect().expect("redirected");
    assert_eq!(redirect.to, "/login");
    assert_eq!(redirect.flash.get("error"), Some("Please log in first"));
    // "/login" is a plain route: there is no view to follow to.
    assert!(matches!(err.follow_redirect(), Err(TestError::NoRoute(path)) if path == "/login"));

    let app = LiveTest::new(&navigation::router()).session("user", "ada");
    let mut account = app.live("/account")?;
    assert_eq!(account.element("#user").text()?, "ada");

    // A redirect with a flash: the next page shows it (through the flash cookie).
    let mut tabs = app.live("/")?;
    let outcome = tabs.element("#flash-redirect").render_click(());
    assert!(
        matches!(outcome, Err(TestError::Redirect(_))),
        "{outcome:?}"
    );
    let flash = tabs.assert_redirect("/?tab=3");
    assert_eq!(flash.get("info"), Some("Redirected with a flash"));
    let mut next = tabs.follow_redirect()?;
    assert_eq!(next.element("#flash").text()?, "Redirected with a flash");
    assert_eq!(next.element("#content h2").text()?, "Three");
    Ok(())
}

// ---- a lab view for the bindings the examples do not use ----

/// The lab's messages.
#[derive(Debug, Clone)]
enum LabMsg {
    Note(String),
}

#[derive(LiveView)]
struct Lab {
    user: String,
    log: String,
    profile: AsyncResult<String>,
    answer: String,
}

fn profile_text(profile: &AsyncResult<String>) -> String {
    match profile {
        AsyncResult::Loading => "loading".to_owned(),
        AsyncResult::Ok(bio) => bio.clone(),
        AsyncResult::Failed(why) => format!("failed: {why}"),
    }
}

fn js_push() -> String {
    json!([["push", {"event": "note", "value": {"from": "js"}}], ["hide", {"to": "#x"}]])
        .to_string()
}

impl LiveView for Lab {
    type Info = LabMsg;

    fn mount(_: &Params, session: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.assign_async(|assigns, profile| assigns.set_profile(profile), async {
            Ok::<_, String>("Writes compilers.".to_owned())
        });
        let user = session.get("user").and_then(Value::as_str).unwrap_or("");
        Ok(Lab {
            user: user.to_owned(),
            log: String::new(),
            profile: AsyncResult::Loading,
            answer: String::new(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let entry = format!("{} {}", event.name(), event.value());
        match event.name() {
            "save-shape" => {
                if let Value::Object(map) = event.value() {
                    socket.reply(map.clone());
                }
                socket.push_event("saved", json!({"ok": true}));
            }
            "ask" => socket.start_async("answer", async { Ok::<_, String>(42u64) }),
            "boom" => return Err("the lab blew up".into()),
            "bye" => {
                assigns.put_flash("info", "See you");
                socket.redirect("/");
            }
            _ => {}
        }
        assigns.set_log(entry);
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        message: LabMsg,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let LabMsg::Note(note) = message;
        assigns.set_log(note);
        Ok(())
    }

    fn handle_async(
        assigns: &mut Assigns<Self>,
        _: &str,
        outcome: AsyncOutcome,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.set_answer(outcome.into_result::<u64>()?.to_string());
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <section id="lab">
                <p id="user">{@user}</p>
                <p id="log">{@log}</p>
                <p id="profile">{profile_text(&@profile)}</p>
                <p id="answer">{@answer}</p>
                <input id="search" name="q" value="rust" phx-keydown="key" phx-blur="left" phx-focus="entered" phx-value-scope="all">
                <div id="canvas" phx-hook="Canvas"></div>
                <button id="ask" phx-click="ask">Ask</button>
                <button id="boom" phx-click="boom">Boom</button>
                <button id="bye" phx-click="bye">Bye</button>
                <button id="js" phx-click={js_push()}>JS</button>
                <form id="settings" phx-change="validate" phx-submit="save" phx-value-form="settings">
                    <input type="hidden" name="user[id]" value="7">
                    <input name="user[name]" value="">
                    <input name="user[email]" value="">
                    <input type="checkbox" name="user[admin]" value="true">
                    <textarea name="user[bio]">Hi</textarea>
                </form>
            </section>
        }
    }
}

/// Shows the flash a redirect brought.
#[derive(LiveView)]
struct Home {}

impl LiveView for Home {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Home {})
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        let flash = assigns
            .flash()
            .iter()
            .map(|(k, m)| format!("{k}: {m}"))
            .collect::<Vec<_>>()
            .join("; ");
        html! { <p id="flash">{flash}</p> }
    }
}

fn require_user(ctx: &mut MountContext<'_>) -> Result<(), Halt> {
    match ctx.session.get("user") {
        Some(_) => Ok(()),
        None => Err(Halt::redirect("/").with_flash("error", "Log in first")),
    }
}

fn lab_router() -> Router {
    Router::new()
        .live::<Home>("/")
        .live_session("lab", |r| r.on_mount(require_user).live::<Lab>("/lab"))
}

fn lab() -> Result<live_server::testing::TestView, TestError> {
    LiveTest::new(&lab_router())
        .session("user", "ada")
        .live("/lab")
}

#[test]
fn on_mount_halts_are_outcomes() -> Result<(), TestError> {
    let err = LiveTest::new(&lab_router())
        .live("/lab")
        .expect_err("an outcome other than HTML");
    let redirect = err.redirect().expect("a redirect");
    assert_eq!(redirect.to, "/");
    assert_eq!(redirect.flash.get("error"), Some("Log in first"));
    let mut home = err.follow_redirect()?;
    assert_eq!(home.element("#flash").text()?, "error: Log in first");

    let mut view = lab()?;
    assert_eq!(view.element("#user").text()?, "ada");
    Ok(())
}

#[test]
fn keys_focus_blur_and_js_commands() -> Result<(), TestError> {
    let mut view = lab()?;
    view.element("#search").render_keydown("Enter")?;
    assert_eq!(
        view.frames()[0].payload,
        json!({"type": "keydown", "event": "key", "value": {"key": "Enter", "scope": "all", "value": "rust"}})
    );
    view.element("#search").render_blur()?;
    assert_eq!(view.frames()[0].payload["type"], "blur");
    view.element("#search").render_focus()?;
    assert!(view.element("#log").text()?.starts_with("entered "));

    // JS commands: the push runs, the DOM-only hide is the client's business.
    view.element("#js").render_click(json!({"extra": 1}))?;
    assert_eq!(
        view.frames()[0].payload,
        json!({"type": "click", "event": "note", "value": {"from": "js", "extra": 1, "value": ""}})
    );
    Ok(())
}

#[test]
fn forms_encode_like_the_client() -> Result<(), TestError> {
    let mut view = lab()?;
    view.form("#settings", json!({"user": {"name": "Jo Ann"}}))
        .render_change()?;
    assert_eq!(
        view.frames()[0].payload,
        json!({
            "type": "form",
            "event": "validate",
            "value": "user%5Bid%5D=7&user%5Bname%5D=Jo+Ann&user%5B_unused_email%5D=&user%5Bemail%5D=&user%5B_unused_bio%5D=&user%5Bbio%5D=Hi",
            "meta": {"_target": "user[name]", "form": "settings"},
            "uploads": {}
        })
    );
    // Typing into the email marks it used too.
    view.form(
        "#settings",
        json!({"user": {"email": "jo@example.com", "admin": "true"}}),
    )
    .target("user[email]")
    .render_change()?;
    assert_eq!(
        view.frames()[0].payload["value"],
        "user%5Bid%5D=7&user%5Bname%5D=&user%5Bemail%5D=jo%40example.com&user%5Badmin%5D=true&user%5B_unused_bio%5D=&user%5Bbio%5D=Hi"
    );
    view.form("#settings", json!({"user": {"name": "Jo"}}))
        .render_submit()?;
    assert_eq!(
        view.frames()[0].payload,
        json!({
            "type": "form",
            "event": "save",
            "value": "user%5Bid%5D=7&user%5Bname%5D=Jo&user%5Bemail%5D=&user%5Bbio%5D=Hi",
            "meta": {"form": "settings"}
        })
    );
    Ok(())
}

#[test]
fn hooks_replies_and_push_events() -> Result<(), TestError> {
    let mut view = lab()?;
    view.element("#canvas")
        .render_hook("save-shape", json!({"id": 3}))?;
    view.assert_reply(json!({"id": 3}));
    view.assert_push_event("saved", json!({"ok": true}));
    assert!(view.push_events().is_empty());
    let not_a_hook = view.element("#ask").render_hook("x", ());
    assert!(matches!(not_a_hook, Err(TestError::Binding(_))));
    Ok(())
}

#[test]
fn async_tasks_and_messages() -> Result<(), TestError> {
    let mut view = lab()?;
    assert_eq!(view.element("#profile").text()?, "loading");
    view.render_async()?;
    assert_eq!(view.element("#profile").text()?, "Writes compilers.");
    view.element("#ask").render_click(())?;
    assert_eq!(view.element("#answer").text()?, "");
    view.render_async()?;
    assert_eq!(view.element("#answer").text()?, "42");

    view.send(LabMsg::Note("from a test".into()))?;
    assert_eq!(view.element("#log").text()?, "from a test");
    assert!(matches!(view.send(7u8), Err(TestError::WrongMessage(_))));
    assert_eq!(view.element("#log").text()?, "from a test");
    Ok(())
}

#[test]
fn redirects_carry_the_flash_and_crashes_end_the_view() -> Result<(), TestError> {
    let mut view = lab()?;
    let outcome = view.element("#bye").render_click(());
    assert!(
        matches!(outcome, Err(TestError::Redirect(_))),
        "{outcome:?}"
    );
    assert_eq!(view.assert_redirect("/").get("info"), Some("See you"));
    let mut home = view.follow_redirect()?;
    assert_eq!(home.element("#flash").text()?, "info: See you");

    let mut view = lab()?;
    let crash = view.element("#boom").render_click(());
    assert!(matches!(&crash, Err(TestError::Crash(why)) if why.contains("blew up")));
    assert!(matches!(
        view.element("#ask").render_click(()),
        Err(TestError::Crash(_))
    ));
    Ok(())
}

// ---- temporary assigns: the client keeps what it was sent ----

#[derive(LiveView)]
struct Feed {
    #[live(temporary)]
    latest: String,
}

impl LiveView for Feed {
    type Info = String;

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Feed {
            latest: "first".to_owned(),
        })
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        line: String,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.set_latest(line);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p id="latest">{@latest}</p> }
    }
}

/// A temporary assign is reset after each render while the client keeps what it was sent, so
/// the server's full render no longer shows it: the comparison is switched off for such views.
#[test]
fn temporary_assigns_with_the_check_off() -> Result<(), TestError> {
    let router = Router::new().live::<Feed>("/");
    let mut view = LiveTest::new(&router).verify(false).live("/")?;
    assert_eq!(view.element("#latest").text()?, "first");
    view.send("second".to_owned())?;
    assert_eq!(view.element("#latest").text()?, "second");
    assert_eq!(view.frames()[0].payload, json!({"0": "second"}));
    Ok(())
}

/// Inside a tokio runtime (a `#[tokio::test]`), async tasks still run to completion.
#[tokio::test]
async fn render_async_inside_a_tokio_test() -> Result<(), TestError> {
    let mut view = lab()?;
    view.render_async()?;
    assert_eq!(view.element("#profile").text()?, "Writes compilers.");
    Ok(())
}

// ---- the examples for keys, hooks, async tasks, JS commands and forms ----

#[test]
fn keys_example() -> Result<(), TestError> {
    let mut view = live(&keys::router(), "/")?;
    assert_eq!(view.element("#position").text()?, "2,2");
    // phx-window-keydown on <main>: the key goes to the window binding.
    view.element("#keys").render_keydown("ArrowRight")?;
    assert_eq!(view.element("#position").text()?, "3,2");
    assert_eq!(view.element("#last-key").text()?, "ArrowRight");
    view.element("#board").render_keyup("ArrowRight")?;
    assert_eq!(view.element("#released").text()?, "ArrowRight");

    // phx-key="Enter" filters on the client: other keys send nothing.
    view.element("#item")
        .with_value("milk")
        .render_keydown("m")?;
    assert!(view.frames().is_empty());
    view.element("#item")
        .with_value("milk")
        .render_keydown("Enter")?;
    assert_eq!(
        view.frames()[0].payload,
        json!({"type": "keydown", "event": "add", "value": {"key": "Enter", "value": "milk"}})
    );
    assert_eq!(view.element("#items li").text()?, "milk");

    view.element("#search")
        .with_value("rust")
        .render_keyup("t")?;
    assert_eq!(view.element("#query").text()?, "rust");
    assert_eq!(view.element("#searches").text()?, "1");

    view.element("#help-button").render_click(())?;
    assert!(view.has_element("#help"));
    view.element("#help").render_keydown("Escape")?;
    assert!(!view.has_element("#help"));
    Ok(())
}

#[test]
fn hooks_example() -> Result<(), TestError> {
    let mut view = live(&hooks::router(), "/")?;
    view.element("#dice")
        .render_hook("roll", json!({"sides": 6}))?;
    let last: u64 = view
        .element("#last-roll")
        .text()?
        .parse()
        .expect("a number");
    assert!((1..=6).contains(&last));
    view.assert_reply(json!({"value": last}));
    view.assert_push_event("rolled", json!({"total": last}));
    assert_eq!(view.element("#rolls").text()?, "1");

    view.element("#pinger").render_hook("ping", ())?;
    view.assert_reply(json!({"pong": 1}));
    assert_eq!(view.element("#pings").text()?, "1");
    Ok(())
}

#[test]
fn async_example() -> Result<(), TestError> {
    let mut view = live(&async_demo::router(), "/")?;
    assert_eq!(view.element("#forecast").text()?, "Loading the forecast…");
    view.render_async()?;
    assert_eq!(view.element("#forecast").text()?, "Sunny, 24 °C");
    assert_eq!(
        view.element("#alerts").text()?,
        "Error: the alerts service is unavailable"
    );
    view.element("#refresh").render_click(())?;
    assert_eq!(view.element("#refresh-status").text()?, "refreshing… (0)");
    view.render_async()?;
    assert_eq!(view.element("#refresh-status").text()?, "done (1)");
    Ok(())
}

#[test]
fn js_commands_example() -> Result<(), TestError> {
    let mut view = live(&js_demo::router(), "/")?;
    // Only the push of `JS::push("like").toggle_class(…)` reaches the server.
    view.element("#like").render_click(())?;
    assert_eq!(
        view.frames()[0].payload,
        json!({"type": "click", "event": "like", "value": {"value": ""}})
    );
    assert_eq!(view.element("#likes").text()?, "1");
    // Showing the modal is the client's business: nothing is sent.
    view.element("#open-modal").render_click(())?;
    assert!(view.frames().is_empty());
    Ok(())
}

/// A view whose notice is a temporary assign: sent once, then reset on the server only.
#[derive(live_core::LiveView)]
struct Notices {
    count: u32,
    #[live(temporary)]
    notice: String,
}

impl live_core::LiveView for Notices {
    type Info = ();

    fn mount(
        _: &live_core::Params,
        _: &live_core::Session,
        _: &mut live_core::Socket<Self>,
    ) -> Result<Self, live_core::ViewError> {
        Ok(Notices {
            count: 0,
            notice: "welcome".into(),
        })
    }

    fn handle_event(
        assigns: &mut live_core::Assigns<Self>,
        _: &live_core::Event,
        _: &mut live_core::Socket<Self>,
    ) -> Result<(), live_core::ViewError> {
        assigns.update_count(|c| *c += 1);
        Ok(())
    }

    fn render(assigns: &live_core::Assigns<Self>) -> live_core::Rendered {
        live_core::html! { <div><p id="notice">{@notice}</p><button id="b" phx-click="b">{@count}</button></div> }
    }
}

#[test]
fn temporary_assigns_stay_on_the_client_after_the_server_resets_them() -> Result<(), TestError> {
    let router = live_server::Router::new().live::<Notices>("/");
    // The server's full render no longer shows a temporary assign the client keeps, so the
    // per-diff check against it is off for this view (the merge itself still runs).
    let mut view = LiveTest::new(&router).verify(false).live("/")?;
    assert_eq!(view.element("#notice").text()?, "welcome");
    view.element("#b").render_click(())?;
    // The client keeps the notice it was sent; the server no longer holds it.
    assert_eq!(view.element("#notice").text()?, "welcome");
    assert_eq!(view.element("#b").text()?, "1");
    Ok(())
}

#[test]
fn signup_example() -> Result<(), TestError> {
    // Without a CSRF token in the session, the gate sends the browser to a plain route first.
    let err = live(&signup::router(), "/").expect_err("an outcome other than HTML");
    assert_eq!(
        err.redirect().map(|r| r.to.as_str()),
        Some("/csrf?return_to=/")
    );

    let app = LiveTest::new(&signup::router()).session("csrf_token", "token");
    let mut view = app.live("/")?;
    assert_eq!(view.page_title(), Some("Sign up"));
    let html = view
        .form("#signup", json!({"user": {"name": "A"}}))
        .render_change()?;
    assert!(html.contains("should be at least 2 character(s)"), "{html}");
    assert_eq!(view.frames()[0].payload["meta"]["_target"], "user[name]");

    let user = json!({"user": {
        "name": "Ada",
        "email": "ada@example.com",
        "password": "correct horse",
        "password_confirmation": "correct horse",
        "terms": "true",
    }});
    view.form("#signup", user).render_submit()?;
    assert_eq!(view.element("#greeting").text()?, "Hello, Ada!");
    assert_eq!(view.element("#save").text()?, "Saving…");
    // The save finishes after a timer: move the clock.
    let outcome = view.advance(std::time::Duration::from_millis(signup::SAVE_DELAY_MS));
    assert!(
        matches!(outcome, Err(TestError::LiveRedirect(_))),
        "{outcome:?}"
    );
    let mut welcome = view.follow_redirect()?;
    assert_eq!(welcome.element("#flash").text()?, "Welcome aboard, Ada!");
    Ok(())
}

/// Adds a typed number from the click's params.
#[derive(live_core::LiveView)]
struct Adder {
    total: u32,
}

impl live_core::LiveView for Adder {
    type Info = ();

    fn mount(
        _: &live_core::Params,
        _: &live_core::Session,
        _: &mut live_core::Socket<Self>,
    ) -> Result<Self, live_core::ViewError> {
        Ok(Adder { total: 0 })
    }

    fn handle_event(
        assigns: &mut live_core::Assigns<Self>,
        event: &live_core::Event,
        _: &mut live_core::Socket<Self>,
    ) -> Result<(), live_core::ViewError> {
        let n: u32 = event.params().get("n")?;
        assigns.update_total(|t| *t += n);
        Ok(())
    }

    fn render(assigns: &live_core::Assigns<Self>) -> live_core::Rendered {
        live_core::html! {
            <div>
                <button id="good" phx-click="add" phx-value-n="2">{@total}</button>
                <button id="bad" phx-click="add" phx-value-n="two">bad</button>
            </div>
        }
    }
}

#[test]
fn ill_typed_params_are_refused_and_the_view_keeps_running() -> Result<(), TestError> {
    let router = live_server::Router::new().live::<Adder>("/");
    let mut view = live(&router, "/")?;
    view.element("#good").render_click(())?;
    let refused = view.element("#bad").render_click(());
    assert!(
        matches!(&refused, Err(TestError::Params(why)) if why.contains("two")),
        "{refused:?}"
    );
    assert_eq!(
        view.frames().last().map(|f| f.payload["status"].clone()),
        Some(json!("error"))
    );
    view.element("#good").render_click(())?;
    assert_eq!(view.element("#good").text()?, "4");
    Ok(())
}

/// `render_to_string` around a view's own `render` gives the whole page even when no assign is
/// marked changed. The counter is compiled as a library, not a test crate: in a debug build its
/// template has no static render, and renders its tree in full when asked for HTML.
#[test]
fn render_to_string_gives_the_whole_page_whatever_changed() {
    use live_core::static_render::render_to_string;
    let mut view = live_tests::mounted::<counter::Counter>("phx-counter");
    view.join_rendered();
    view.handle_event(&Event::new("click", "inc", json!({})))
        .expect("inc");
    view.render_diff();
    // Nothing is marked changed now: a tracked render would evaluate no slot.
    let page = render_to_string(|| counter::Counter::render(view.assigns()));
    assert!(page.contains('1'), "{page}");
    assert_eq!(page, view.render_html());
}
