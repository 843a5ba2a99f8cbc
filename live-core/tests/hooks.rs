//! Hooks attached at runtime run before the view's callbacks, can halt them, and can detach.

use std::sync::atomic::{AtomicUsize, Ordering};

use live_core::hooks::HookFlow;
use live_core::runtime::ViewRuntime;
use live_core::{html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, ViewError};
use serde_json::json;

static RENDERS: AtomicUsize = AtomicUsize::new(0);

/// Counts what reaches it; its hooks count and filter.
#[derive(LiveView)]
struct Audited {
    seen: u32,
    hooked: u32,
    info: u32,
}

impl LiveView for Audited {
    type Info = u32;

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        socket.attach_event_hook("audit", |assigns, event, socket| {
            assigns.update_hooked(|h| *h += 1);
            match event.name() {
                "blocked" => HookFlow::Halt,
                "stop-auditing" => {
                    socket.detach_hook("audit");
                    HookFlow::Cont
                }
                _ => HookFlow::Cont,
            }
        });
        socket.attach_info_hook("double", |assigns, n, _| {
            assigns.update_info(|i| *i += n);
            HookFlow::Cont
        });
        socket.attach_params_hook("no-params", |_, params, _, _| {
            if params.get("skip").is_some() {
                HookFlow::Halt
            } else {
                HookFlow::Cont
            }
        });
        socket.attach_after_render_hook("renders", |_| {
            RENDERS.fetch_add(1, Ordering::SeqCst);
        });
        Ok(Audited {
            seen: 0,
            hooked: 0,
            info: 0,
        })
    }

    fn handle_params(
        assigns: &mut Assigns<Self>,
        _: &Params,
        _: &str,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_seen(|s| *s += 100);
        Ok(())
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_seen(|s| *s += 1);
        Ok(())
    }

    fn handle_info(
        assigns: &mut Assigns<Self>,
        n: u32,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_info(|i| *i += n);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <p>{@seen} {@hooked} {@info}</p> }
    }
}

fn click(name: &str) -> Event {
    Event::new("click", name, json!({}))
}

#[test]
fn hooks_run_first_halt_and_detach() {
    let mut view =
        ViewRuntime::<Audited>::mount("phx-h", &Params::default(), &Session::default(), None)
            .expect("mount");
    let before = RENDERS.load(Ordering::SeqCst);
    view.join_rendered();
    assert_eq!(
        RENDERS.load(Ordering::SeqCst),
        before + 1,
        "after_render ran for the join render"
    );

    view.handle_event(&click("go")).expect("event");
    assert_eq!((view.assigns().seen, view.assigns().hooked), (1, 1));
    view.handle_event(&click("blocked")).expect("event");
    assert_eq!(
        (view.assigns().seen, view.assigns().hooked),
        (1, 2),
        "a halt skips handle_event"
    );
    view.handle_event(&click("stop-auditing")).expect("event");
    view.handle_event(&click("go")).expect("event");
    assert_eq!(
        (view.assigns().seen, view.assigns().hooked),
        (3, 3),
        "a detached hook no longer runs"
    );

    view.handle_info(5).expect("info");
    assert_eq!(
        view.assigns().info,
        10,
        "the info hook and handle_info both ran"
    );

    let mut skip = Params::default();
    skip.insert("skip", "1");
    view.handle_params(&skip, "http://x/?skip=1")
        .expect("params");
    assert_eq!(view.assigns().seen, 3, "halted params");
    view.handle_params(&Params::default(), "http://x/")
        .expect("params");
    assert_eq!(view.assigns().seen, 103);
    assert_eq!(
        view.render_diff().as_deref(),
        Some(r#"{"0":"103","1":"3","2":"10"}"#)
    );
}
