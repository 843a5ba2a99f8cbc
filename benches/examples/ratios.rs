//! The ratios the performance goals are stated in, measured interleaved: short alternating
//! batches of the case and its peer, and the median of the per-pair ratios, so that drift in
//! the machine's speed (other tenants, frequency changes) cancels out.
//!
//! ```text
//! cargo run --release -p live-benches --example ratios
//! ```
//!
//! - render: `html!`'s static render against sailfish, on big-table and teams (issue 3's goal:
//!   at or below 0.9);
//! - diff: one event (handle, render, diff, encode) on the 1,000-slot view, the 1,000-row
//!   `LiveVec` list and the 1,000-row `Vec` list, against the 10-slot view (issue 4's goal: at or
//!   below 1.5).
//!
//! Criterion (`benches/render.rs`, `benches/diff.rs`) gives the absolute times.

#[path = "../peers.rs"]
mod peers;

use std::hint::black_box;
use std::time::Instant;

use live_benches::{bump, event_diff, joined, KeyedRows, KeyedRowsVec, TenSlots, ThousandSlots};
use live_core::static_render::render_to_string;
use live_core::LiveView;

/// Pairs of batches measured.
const PAIRS: usize = 300;

/// Prints the median ratio of `case` to `peer` over [`PAIRS`] alternating batches of `batch`
/// calls each, with the quartiles.
fn ratio<A, B>(name: &str, batch: u32, mut case: impl FnMut() -> A, mut peer: impl FnMut() -> B) {
    let mut ratios = Vec::with_capacity(PAIRS);
    for _ in 0..PAIRS {
        let start = Instant::now();
        for _ in 0..batch {
            black_box(case());
        }
        let case_time = start.elapsed().as_secs_f64();
        let start = Instant::now();
        for _ in 0..batch {
            black_box(peer());
        }
        let peer_time = start.elapsed().as_secs_f64();
        ratios.push(case_time / peer_time);
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "| {name} | {:.2} | {:.2}–{:.2} |",
        ratios[PAIRS / 2],
        ratios[PAIRS / 4],
        ratios[3 * PAIRS / 4]
    );
}

/// The ratio of one event on `V` to one event on the 10-slot view.
fn event_ratio<V: LiveView>(name: &str) {
    let event = bump();
    let (mut view, _) = joined::<V>();
    let (mut peer, _) = joined::<TenSlots>();
    ratio(
        name,
        2000,
        || event_diff(&mut view, &event),
        || event_diff(&mut peer, &event),
    );
}

fn main() {
    let table = live_benches::big_table_data(100);
    let (year, teams) = live_benches::teams_data();
    println!("| ratio | median | quartiles |");
    println!("| --- | ---: | ---: |");
    ratio(
        "big-table: html! static render / sailfish",
        20,
        || render_to_string(|| live_benches::big_table(black_box(&table))),
        || peers::sailfish_big_table(black_box(&table)),
    );
    ratio(
        "teams: html! static render / sailfish",
        5000,
        || render_to_string(|| live_benches::teams(black_box(year), black_box(&teams))),
        || peers::sailfish_teams(black_box(year), black_box(&teams)),
    );
    event_ratio::<ThousandSlots>("event: 1,000 slots / 10 slots");
    event_ratio::<KeyedRows>("event: 1,000-row LiveVec, one row changed / 10 slots");
    event_ratio::<KeyedRowsVec>("event: 1,000-row Vec, one row changed / 10 slots");
}
