//! One event on a connected view: `handle_event`, then render, diff and encode
//! (`ViewRuntime::render_diff`), for one assign change in a view with 10 slots, one in a view
//! with 1,000 slots, and one changed row of a 1,000-row keyed list held in a `LiveVec` (and, as
//! a peer, in a plain `Vec`).
//!
//! ```text
//! cargo bench -p live-benches --bench diff -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Before measuring, each case prints to stderr the size of its join reply and of the diff one
//! event produces (the bytes pushed to the client per event).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use live_benches::{bump, event_diff, joined, KeyedRows, KeyedRowsVec, TenSlots, ThousandSlots};
use live_core::LiveView;

/// Benchmarks one bump of a freshly joined `V` as `name`, after printing its diff size.
fn case<V: LiveView>(c: &mut Criterion, name: &str) {
    let event = bump();
    let (mut view, join_bytes) = joined::<V>();
    let diff = event_diff(&mut view, &event).unwrap_or_default();
    eprintln!(
        "diff/{name}: join {join_bytes} bytes, one event {} bytes: {}",
        diff.len(),
        abbreviate(&diff)
    );
    c.bench_function(&format!("diff/{name}"), |b| {
        b.iter(|| event_diff(black_box(&mut view), black_box(&event)))
    });
}

/// The diff as printed: whole when short, else its ends.
fn abbreviate(diff: &str) -> String {
    if diff.len() <= 120 {
        diff.to_owned()
    } else {
        let start: String = diff.chars().take(60).collect();
        let end: String = diff
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("{start}…{end}")
    }
}

fn diffs(c: &mut Criterion) {
    case::<TenSlots>(c, "10-slots");
    case::<ThousandSlots>(c, "1000-slots");
    case::<KeyedRows>(c, "1000-rows-keyed");
    case::<KeyedRowsVec>(c, "1000-rows-keyed-vec");
}

criterion_group!(benches, diffs);
criterion_main!(benches);
