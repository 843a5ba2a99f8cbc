//! Memory of LiveComponents: bytes per live component, and the heap after 100,000 components
//! were added and removed, against a peer whose client never confirms destruction.
//!
//! ```text
//! cargo run --release -p live-benches --example component_memory
//! ```
//!
//! A counting global allocator measures net heap bytes. The view renders one `Cell` component
//! per entry of its `ids`:
//! - **per live component**: heap with 10,000 components joined and rendered, minus the heap
//!   of the same view with none, divided by 10,000 (state, client tree, cid maps, the view's
//!   own list entry);
//! - **churn**: 100,000 cycles of "add one component, render, remove it, render"; after each,
//!   the client confirms the destruction (`cids_will_destroy`, `cids_destroyed`) as the
//!   official client does. The heap at the end is compared with the heap before the cycles.
//!   The peer runs the same cycles with a client that never confirms: every component stays.

use std::alloc::System;

use live_core::live_component::ComponentSocket;
use live_core::runtime::ViewRuntime;
use live_core::{
    html, Assigns, Event, LiveComponent, LiveView, Params, Rendered, Session, Socket, ViewError,
};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A small stateful component: a number and a click count.
#[derive(LiveComponent)]
struct Cell {
    n: u32,
    clicks: u32,
}

impl LiveComponent for Cell {
    type Attrs = u32;

    fn mount(n: &u32, _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        Ok(Cell { n: *n, clicks: 0 })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        assigns.update_clicks(|c| *c += 1);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! { <i phx-click="c" phx-target={@myself}>{@n} {@clicks}</i> }
    }
}

/// The view: one `Cell` per id.
#[derive(LiveView)]
struct Grid {
    ids: Vec<u32>,
    next: u32,
}

impl LiveView for Grid {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(Grid {
            ids: Vec::new(),
            next: 1,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let count: u32 = event
            .name()
            .strip_prefix("add-")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if count > 0 {
            let first = assigns.next;
            assigns.set_next(first + count);
            assigns.update_ids(|ids| ids.extend(first..first + count));
        } else if event.name() == "clear" {
            assigns.update_ids(|ids| {
                ids.clear();
                ids.shrink_to_fit();
            });
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div>
                <.live_component :for={id in @ids.iter()} :key={id} module={Cell} id={id} attrs={*id}/>
            </div>
        }
    }
}

fn joined() -> ViewRuntime<Grid> {
    let mut view =
        ViewRuntime::<Grid>::mount("phx-m", &Params::default(), &Session::default(), None)
            .expect("mount");
    view.join_rendered();
    view
}

fn event(view: &mut ViewRuntime<Grid>, name: &str) {
    view.handle_event(&Event::new("click", name, serde_json::json!({})))
        .expect("event");
    view.render_diff();
}

/// Net heap bytes allocated (and not freed) while `f` ran.
fn net_heap(f: impl FnOnce()) -> i64 {
    let region = Region::new(GLOBAL);
    f();
    let change = region.change();
    change.bytes_allocated as i64 - change.bytes_deallocated as i64
}

/// 100,000 add/remove cycles; with `confirm` the client destroys each removed component.
fn churn(view: &mut ViewRuntime<Grid>, cycles: u32, confirm: bool) {
    for _ in 0..cycles {
        event(view, "add-1");
        event(view, "clear");
        if confirm {
            // The component just removed is the only one: its cid is the last one given out.
            let last = last_cid(view);
            view.components_will_destroy(&[last]);
            view.components_destroyed(&[last]);
        }
    }
}

/// The cid of the component added last: cids are given out in order, one per new id, and ids
/// are `1, 2, …` like the cids.
fn last_cid(view: &ViewRuntime<Grid>) -> u64 {
    u64::from(view.assigns().next) - 1
}

fn main() {
    const LIVE: u32 = 10_000;
    const CYCLES: u32 = 100_000;

    // Bytes per live component.
    drop(joined());
    let mut view = joined();
    let per_component = net_heap(|| event(&mut view, &format!("add-{LIVE}"))) / i64::from(LIVE);
    assert_eq!(view.component_count(), LIVE as usize);
    drop(view);

    // Churn with the client's confirmations, against a peer that never confirms.
    let mut confirmed = joined();
    // A few cycles first: one-time growth (maps reaching their working size) is not counted.
    churn(&mut confirmed, 100, true);
    let confirmed_growth = net_heap(|| churn(&mut confirmed, CYCLES, true));
    let confirmed_left = confirmed.component_count();
    let mut unconfirmed = joined();
    churn(&mut unconfirmed, 100, false);
    let unconfirmed_growth = net_heap(|| churn(&mut unconfirmed, CYCLES, false));
    let unconfirmed_left = unconfirmed.component_count();

    println!("| measure | live (destroy confirmed) | peer: client never confirms |");
    println!("| --- | ---: | ---: |");
    println!("| bytes per live component ({LIVE} live) | {per_component} | |");
    println!(
        "| heap growth over {CYCLES} add/remove cycles | {confirmed_growth} B | {unconfirmed_growth} B |"
    );
    println!("| components held after the cycles | {confirmed_left} | {unconfirmed_left} |");
    println!(
        "| heap growth per cycle | {} B | {} B |",
        confirmed_growth / i64::from(CYCLES),
        unconfirmed_growth / i64::from(CYCLES)
    );
}
