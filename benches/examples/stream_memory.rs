//! Streams keep no rows on the server (issue 18): 100,000 rows inserted into one view in 1,000
//! events of 100, against a peer measured in the same run, a `LiveVec` view appending the same
//! rows (the list keeps every row, its `:for` sends only the new ones); and the same stream
//! owned by a LiveComponent (issue 15 point 6), its events sent to the component.
//!
//! ```text
//! cargo run --release -p live-benches --example stream_memory
//! ```
//!
//! Printed per view:
//! - **heap**: net bytes allocated and not freed since before the mount (a counting global
//!   allocator), after the first event's render and after the last; for both streams (view and
//!   component) the two must be within 5% (the process exits with an error otherwise);
//! - **per-event cost**: the median time of `handle_event` + render + diff over the first 100
//!   events and over the last 100 (the fastest of three runs); for the stream the last must not
//!   be slower than the first by more than 50% (noise on a shared machine), i.e. it does not
//!   grow with the rows already sent.

use std::alloc::System;
use std::time::{Duration, Instant};

use live_core::live_component::ComponentSocket;
use live_core::runtime::ViewRuntime;
use live_core::{
    html, Assigns, Event, LiveComponent, LiveVec, LiveView, Params, Rendered, Session, Socket,
    Stream, ViewError,
};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const EVENTS: u64 = 1_000;
const PER_EVENT: u64 = 100;

/// One row of the feed.
struct Row {
    id: u64,
    title: String,
}

fn rows(event: u64) -> impl Iterator<Item = Row> {
    (event * PER_EVENT..(event + 1) * PER_EVENT).map(|id| Row {
        id,
        title: format!("Row number {id} of the feed"),
    })
}

/// The rows in a stream.
#[derive(LiveView)]
struct StreamFeed {
    rows: Stream<Row>,
    sent: u64,
}

impl LiveView for StreamFeed {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(StreamFeed {
            rows: Stream::new("rows", |row: &Row| row.id),
            sent: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let event = assigns.sent;
        assigns.update_rows(|stream| stream.insert_many(rows(event)));
        assigns.set_sent(event + 1);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <ul id="rows" phx-update="stream">
                <li :for={(id, row) in @rows.iter()} id={id}>{&row.title}</li>
            </ul>
        }
    }
}

/// The rows in a stream owned by a LiveComponent.
#[derive(LiveComponent)]
struct StreamBox {
    rows: Stream<Row>,
    sent: u64,
}

impl LiveComponent for StreamBox {
    type Attrs = ();

    fn mount(_: &(), _: &mut ComponentSocket<Self>) -> Result<Self, ViewError> {
        Ok(StreamBox {
            rows: Stream::new("rows", |row: &Row| row.id),
            sent: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        _: &mut ComponentSocket<Self>,
    ) -> Result<(), ViewError> {
        let event = assigns.sent;
        assigns.update_rows(|stream| stream.insert_many(rows(event)));
        assigns.set_sent(event + 1);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <ul id="rows" phx-update="stream">
                <li :for={(id, row) in @rows.iter()} id={id}>{&row.title}</li>
            </ul>
        }
    }
}

/// The view holding [`StreamBox`] (cid 1).
#[derive(LiveView)]
struct ComponentFeed {}

impl LiveView for ComponentFeed {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(ComponentFeed {})
    }

    fn render(_: &Assigns<Self>) -> Rendered {
        html! { <main><.live_component module={StreamBox} id="rows"/></main> }
    }
}

/// The peer: the rows in a `LiveVec`, appended.
#[derive(LiveView)]
struct VecFeed {
    rows: LiveVec<Row>,
    sent: u64,
}

impl LiveView for VecFeed {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        Ok(VecFeed {
            rows: LiveVec::new(),
            sent: 0,
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        _: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let event = assigns.sent;
        assigns.update_rows(|list| list.extend(rows(event)));
        assigns.set_sent(event + 1);
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <ul id="rows">
                <li :for={row in @rows.iter()} :key={row.id} id={format!("rows-{}", row.id)}>{&row.title}</li>
            </ul>
        }
    }
}

struct Figures {
    heap_first: usize,
    heap_last: usize,
    first: Duration,
    last: Duration,
    wire_bytes: usize,
}

/// The event of one batch: to the view, or to its component `cid`.
fn more(cid: Option<u64>) -> Event {
    let event = Event::new("click", "more", serde_json::json!({}));
    match cid {
        Some(cid) => event.with_cid(cid),
        None => event,
    }
}

fn run<V: LiveView>(cid: Option<u64>) -> Figures {
    let event = more(cid);
    let region = Region::new(GLOBAL);
    let mut view =
        ViewRuntime::<V>::mount("phx-bench", &Params::default(), &Session::default(), None)
            .unwrap_or_else(|e| panic!("mount: {e}"));
    view.join_rendered();
    let held = |region: &Region<'_, System>| {
        let change = region.change();
        change
            .bytes_allocated
            .saturating_sub(change.bytes_deallocated)
    };
    let mut heap_first = 0;
    let mut times = Vec::with_capacity(EVENTS as usize);
    let mut wire_bytes = 0;
    for n in 0..EVENTS {
        let start = Instant::now();
        view.handle_event(&event)
            .unwrap_or_else(|e| panic!("event: {e}"));
        let diff = view.render_diff().unwrap_or_default();
        times.push(start.elapsed());
        wire_bytes += diff.len();
        drop(diff);
        if n == 0 {
            heap_first = held(&region);
        }
    }
    let heap_last = held(&region);
    drop(view);
    if std::env::var_os("DECILES").is_some() {
        let deciles: Vec<u128> = times
            .chunks(100)
            .map(|c| {
                let mut c = c.to_vec();
                c.sort();
                c[50].as_micros()
            })
            .collect();
        eprintln!("{} deciles (µs): {deciles:?}", std::any::type_name::<V>());
    }
    let median = |slice: &[Duration]| {
        let mut sorted = slice.to_vec();
        sorted.sort();
        sorted[sorted.len() / 2]
    };
    Figures {
        heap_first,
        heap_last,
        first: median(&times[..100]),
        last: median(&times[times.len() - 100..]),
        wire_bytes,
    }
}

fn main() {
    // Warm up: one-time allocations (lazy statics, per-thread pools) are not counted.
    run::<StreamFeed>(None);
    run::<ComponentFeed>(Some(1));
    run::<VecFeed>(None);
    // Three runs each, interleaved; the fastest of each figure (the machine may be shared).
    let mut stream = run::<StreamFeed>(None);
    let mut component = run::<ComponentFeed>(Some(1));
    let mut peer = run::<VecFeed>(None);
    for _ in 0..2 {
        for (best, next) in [
            (&mut stream, run::<StreamFeed>(None)),
            (&mut component, run::<ComponentFeed>(Some(1))),
            (&mut peer, run::<VecFeed>(None)),
        ] {
            best.first = best.first.min(next.first);
            best.last = best.last.min(next.last);
        }
    }
    println!(
        "{} rows in {EVENTS} events of {PER_EVENT}, one view\n",
        EVENTS * PER_EVENT
    );
    println!("| view | heap after the first event | heap after the last | growth | median event, first 100 | median event, last 100 | bytes sent |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (name, f) in [
        ("Stream", &stream),
        ("Stream in a LiveComponent", &component),
        ("LiveVec (peer)", &peer),
    ] {
        println!(
            "| {name} | {} B | {} B | {:.3}× | {:.1} µs | {:.1} µs | {} |",
            f.heap_first,
            f.heap_last,
            f.heap_last as f64 / f.heap_first.max(1) as f64,
            f.first.as_secs_f64() * 1e6,
            f.last.as_secs_f64() * 1e6,
            f.wire_bytes,
        );
    }
    println!(
        "\nheap after the last event, stream / peer: {:.5}; median event (last 100), stream / peer: {:.2}",
        stream.heap_last as f64 / peer.heap_last.max(1) as f64,
        stream.last.as_secs_f64() / peer.last.as_secs_f64().max(1e-12),
    );
    println!(
        "heap after the last event, component's stream / peer: {:.5}; median event (last 100), component's stream / peer: {:.2}",
        component.heap_last as f64 / peer.heap_last.max(1) as f64,
        component.last.as_secs_f64() / peer.last.as_secs_f64().max(1e-12),
    );
    let mut failed = false;
    for (name, f) in [("view's", &stream), ("component's", &component)] {
        let growth = f.heap_last as f64 / f.heap_first.max(1) as f64;
        let slowdown = f.last.as_secs_f64() / f.first.as_secs_f64().max(1e-12);
        if !(0.95..=1.05).contains(&growth) || slowdown > 1.5 {
            eprintln!(
                "FAIL: the {name} stream: heap grew {growth:.3}× or its events slowed {slowdown:.2}×"
            );
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
