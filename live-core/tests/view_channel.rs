//! The protocol state machine on its own, with a recording driver: what a join, an event, a
//! patch loop, a panicking render and an unknown message produce.

use live_core::protocol::{
    ChannelDriver, End, JoinRequest, NavigationKind, Output, Push, Refusal, Reply, Step,
    ViewChannel, MAX_CHAINED_PATCHES,
};
use live_core::runtime::{Mounter, ViewFactory};
use live_core::socket::Command;
use live_core::ViewError;
use live_core::{html, Assigns, Event, Flash, LiveView, Params, Rendered, Session, Socket};
use serde_json::{json, Value};

#[derive(LiveView)]
struct Looper {
    n: u32,
    explode: bool,
}

impl LiveView for Looper {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Looper {
            n: 0,
            explode: false,
        })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        params: &Params,
        _: &str,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        // `?loop` patches forever; `?twice` patches once more.
        if params.get("loop").is_some() {
            assigns.update_n(|n| *n += 1);
            socket.push_patch(format!("/?loop={}", assigns.n));
        }
        if params.get("twice").is_some() {
            socket.push_patch("/?done");
        }
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        socket: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "loop" => socket.push_patch("/?loop=0"),
            "twice" => socket.push_patch("/?twice"),
            "explode" => assigns.set_explode(true),
            "leave" => {
                assigns.put_flash("info", "bye");
                socket.redirect("/gone");
            }
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        if assigns.explode {
            panic!("render exploded");
        }
        html! { <p>{@n}</p> }
    }
}

/// Routes every path to the view; keeps frames; flashes as JSON.
#[derive(Default)]
struct Recorder {
    frames: Vec<Output>,
}

impl ChannelDriver for Recorder {
    fn patch_route(&self, to: &str) -> Option<(Params, String)> {
        let mut params = Params::default();
        let query = to.split_once('?').map_or("", |(_, q)| q);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            params.insert(k, v);
        }
        Some((params, format!("http://test{to}")))
    }
    fn flash_value(&self, flash: &Flash) -> Option<Value> {
        (!flash.is_empty()).then(|| flash.to_json())
    }
    fn command(&mut self, _: Command) {}
    fn send(&mut self, output: Output) {
        self.frames.push(output);
    }
}

fn joined() -> (ViewChannel, Recorder) {
    let mut driver = Recorder::default();
    let factory = Mounter::<Looper>::new();
    let params = Params::default();
    let request = JoinRequest {
        reference: Some("1".into()),
        params: &params,
        url: Some("http://test/"),
        flash: Flash::default(),
    };
    let (channel, step) = ViewChannel::join(
        || factory.mount("phx-1", &params, &Session::default(), None),
        request,
        &mut driver,
    )
    .expect("mounts");
    assert!(matches!(step, Step::Continue), "{step:?}");
    assert!(matches!(
        &driver.frames[..],
        [Output::Reply {
            reply: Reply::Joined { .. },
            ..
        }]
    ));
    driver.frames.clear();
    (channel, driver)
}

fn event(name: &str) -> Value {
    json!({"type": "click", "event": name, "value": {}})
}

#[test]
fn a_view_that_patches_forever_is_stopped_as_a_crash() {
    let (mut channel, mut driver) = joined();
    let step = channel.on_push(Some("2".into()), "event", &event("loop"), &mut driver);
    match step {
        Step::Ended(End::Crashed(err)) => assert!(
            err.to_string()
                .contains(&format!("more than {MAX_CHAINED_PATCHES} chained patches")),
            "{err}"
        ),
        other => panic!("expected a crash, got {other:?}"),
    }
    assert_eq!(driver.frames, vec![Output::Push(Push::Error)]);
}

#[test]
fn chained_patches_report_the_last_url_then_the_diff() {
    let (mut channel, mut driver) = joined();
    let step = channel.on_push(Some("2".into()), "event", &event("twice"), &mut driver);
    assert!(matches!(step, Step::Continue), "{step:?}");
    assert_eq!(
        driver.frames,
        vec![
            Output::Push(Push::LivePatch(json!({"to": "/?done", "kind": "push"}))),
            Output::Reply {
                reference: Some("2".into()),
                reply: Reply::Diff(None)
            },
        ]
    );
    assert_eq!(channel.url(), Some("http://test/?done"));
}

#[test]
fn a_panic_in_render_is_a_view_crash() {
    let (mut channel, mut driver) = joined();
    let step = channel.on_push(Some("2".into()), "event", &event("explode"), &mut driver);
    match step {
        Step::Ended(End::Crashed(err)) => {
            assert_eq!(err.to_string(), "panicked: render exploded")
        }
        other => panic!("expected a crash, got {other:?}"),
    }
    assert_eq!(driver.frames, vec![Output::Push(Push::Error)]);
}

#[test]
fn unknown_messages_and_bad_payloads_are_refused_with_an_error_reply() {
    let (mut channel, mut driver) = joined();
    let step = channel.on_push(Some("2".into()), "bogus", &json!({}), &mut driver);
    assert!(
        matches!(step, Step::Refused(Refusal::Request(ref r)) if r.contains("bogus")),
        "{step:?}"
    );
    let step = channel.on_push(Some("3".into()), "event", &json!({"value": 1}), &mut driver);
    assert!(matches!(step, Step::Refused(Refusal::Event(_))), "{step:?}");
    // A preflight for an upload the view does not have.
    let step = channel.on_push(
        Some("4".into()),
        "allow_upload",
        &json!({"ref": "x"}),
        &mut driver,
    );
    assert!(
        matches!(step, Step::Refused(Refusal::Request(_))),
        "{step:?}"
    );
    assert!(driver
        .frames
        .iter()
        .all(|f| matches!(f, Output::Reply { reply, .. } if !reply.is_ok())));
    assert_eq!(driver.frames.len(), 3);
    assert_eq!(
        driver.frames[0].payload_json(),
        r#"{"status":"error","response":{"reason":"unsupported message \"bogus\""}}"#
    );
    assert_eq!(
        driver.frames[2].payload_json(),
        r#"{"status":"error","response":{"reason":"no upload with ref \"x\""}}"#
    );
}

#[test]
fn a_redirect_replies_with_the_flash_then_closes() {
    let (mut channel, mut driver) = joined();
    let step = channel.on_push(Some("2".into()), "event", &event("leave"), &mut driver);
    match step {
        Step::Ended(End::Navigated(departure)) => {
            assert_eq!(departure.to, "/gone");
            assert_eq!(departure.kind, NavigationKind::Load);
            assert_eq!(departure.flash.get("info"), Some("bye"));
        }
        other => panic!("expected a departure, got {other:?}"),
    }
    let texts: Vec<(&str, String)> = driver
        .frames
        .iter()
        .map(|f| (f.event(), f.payload_json()))
        .collect();
    assert_eq!(
        texts,
        vec![
            (
                "phx_reply",
                r#"{"status":"ok","response":{"redirect":{"flash":{"info":"bye"},"to":"/gone"}}}"#
                    .to_owned()
            ),
            ("phx_close", "{}".to_owned()),
        ]
    );
}
