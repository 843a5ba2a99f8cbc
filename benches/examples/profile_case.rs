//! Runs one case of the benches many times inside a function of its own, for instruction
//! counts: callgrind counts instructions, not seconds, so the figure is the same on a busy
//! machine, and `--toggle-collect` restricts it to the measured loop (not the mount and join).
//!
//! ```text
//! cargo build --release -p live-benches --example profile_case
//! valgrind --tool=callgrind --toggle-collect='profile_case::events*' \
//!     --toggle-collect='profile_case::renders*' \
//!     target/release/examples/profile_case rows 2000
//! ```
//!
//! Cases: `ten`, `thousand`, `rows`, `rows-vec` (one event on the diff-bench views) and
//! `teams`, `sailfish`, `big-table`, `sailfish-big-table` (one static render). Divide the
//! collected count by the repetitions for instructions per operation.

#[path = "../peers.rs"]
mod peers;

use std::hint::black_box;
use std::process::ExitCode;

use live_benches::{bump, event_diff, joined, KeyedRows, KeyedRowsVec, TenSlots, ThousandSlots};
use live_core::runtime::ViewRuntime;
use live_core::static_render::render_to_string;
use live_core::{Event, LiveView};

/// Mounts and joins `V`, then handles `count` events.
fn event_case<V: LiveView>(count: usize) {
    let (mut view, _) = joined::<V>();
    events(&mut view, &bump(), count);
}

/// The measured loop of the event cases.
#[inline(never)]
fn events<V: LiveView>(view: &mut ViewRuntime<V>, event: &Event, count: usize) {
    for _ in 0..count {
        black_box(event_diff(view, event));
    }
}

/// The measured loop of the render cases.
#[inline(never)]
fn renders(count: usize, mut render: impl FnMut() -> String) {
    for _ in 0..count {
        black_box(render());
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(case), Some(Ok(count))) = (args.first(), args.get(1).map(|n| n.parse::<usize>()))
    else {
        eprintln!("usage: profile_case <case> <repetitions>");
        return ExitCode::FAILURE;
    };
    let (year, teams) = live_benches::teams_data();
    let table = live_benches::big_table_data(100);
    match case.as_str() {
        "ten" => event_case::<TenSlots>(count),
        "thousand" => event_case::<ThousandSlots>(count),
        "rows" => event_case::<KeyedRows>(count),
        "rows-vec" => event_case::<KeyedRowsVec>(count),
        "teams" => renders(count, || {
            render_to_string(|| live_benches::teams(black_box(year), black_box(&teams)))
        }),
        "sailfish" => renders(count, || {
            peers::sailfish_teams(black_box(year), black_box(&teams))
        }),
        "big-table" => renders(count, || {
            render_to_string(|| live_benches::big_table(black_box(&table)))
        }),
        "sailfish-big-table" => renders(count, || peers::sailfish_big_table(black_box(&table))),
        other => {
            eprintln!("unknown case {other}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
