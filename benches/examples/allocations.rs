//! Allocations per operation: one render to HTML of big-table and teams by each engine of the
//! render bench, and one event (handle_event + render + diff + encode) of each diff-bench view.
//! The numbers behind the findings in the README's performance section.
//!
//! ```text
//! cargo run --release -p live-benches --example allocations
//! ```

use std::alloc::System;
use std::hint::black_box;

use live_benches::{bump, event_diff, joined, KeyedRows, KeyedRowsVec, TenSlots, ThousandSlots};
use live_core::static_render::render_to_string;
use live_core::LiveView;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[path = "../peers.rs"]
mod peers;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Prints the allocations and reallocations `f` makes, and the bytes it requests.
fn count<T>(name: &str, mut f: impl FnMut() -> T) {
    drop(black_box(f()));
    let region = Region::new(GLOBAL);
    drop(black_box(f()));
    let change = region.change();
    println!(
        "| {name} | {} | {} | {} |",
        change.allocations, change.reallocations, change.bytes_allocated
    );
}

fn event<V: LiveView>(name: &str) {
    let (mut view, _) = joined::<V>();
    let bump = bump();
    count(name, || event_diff(&mut view, &bump));
}

fn main() {
    let table = live_benches::big_table_data(100);
    let (year, teams) = live_benches::teams_data();
    println!("| operation | allocations | reallocations | bytes requested |");
    println!("| --- | ---: | ---: | ---: |");
    count("big-table html! (tree + to_html)", || {
        live_benches::big_table(&table).to_html()
    });
    count("big-table html! (tree only)", || {
        live_benches::big_table(&table)
    });
    count("big-table html! (static render)", || {
        render_to_string(|| live_benches::big_table(&table))
    });
    count("big-table sailfish", || peers::sailfish_big_table(&table));
    count("big-table askama", || peers::askama_big_table(&table));
    count("big-table maud", || peers::maud_big_table(&table));
    count("teams html! (tree + to_html)", || {
        live_benches::teams(year, &teams).to_html()
    });
    count("teams html! (tree only)", || {
        live_benches::teams(year, &teams)
    });
    count("teams html! (static render)", || {
        render_to_string(|| live_benches::teams(year, &teams))
    });
    count("teams sailfish", || peers::sailfish_teams(year, &teams));
    count("teams askama", || peers::askama_teams(year, &teams));
    count("teams maud", || peers::maud_teams(year, &teams));
    event::<TenSlots>("event: 10 slots");
    event::<ThousandSlots>("event: 1,000 slots");
    event::<KeyedRows>("event: 1,000-row keyed list (LiveVec)");
    event::<KeyedRowsVec>("event: 1,000-row keyed list (Vec)");
}
