//! Bytes held per connected view, for the counter example and a 1,000-row keyed table (and the
//! two slot views of the diff bench).
//!
//! ```text
//! cargo run --release -p live-benches --example memory
//! ```
//!
//! Two ways of counting, both printed:
//! - **tree + assigns** (the figure of the issue): `ViewRuntime::tree_bytes()` (the client tree:
//!   fingerprints, keys and per-slot hashes of comprehensions) plus `size_of::<Assigns<V>>()`
//!   plus the heap owned by the state's collections ([`live_benches::HeapSize`]: capacities,
//!   not lengths);
//! - **measured**: a counting global allocator records the net heap bytes still allocated after
//!   `mount` and the join's full render, averaged over 100 views, plus
//!   `size_of::<ViewRuntime<V>>()` (the server boxes each view). That includes what the first
//!   count leaves out: the socket (view id, effect queues), allocator rounding of `Vec`s kept
//!   at their grown capacity, and the tree's own vectors.

use std::alloc::System;

use live_benches::{joined, view_memory, HeapSize, KeyedRows, TenSlots, ThousandSlots};
use live_core::runtime::ViewRuntime;
use live_core::LiveView;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Views mounted per measurement.
const VIEWS: usize = 100;

/// Net heap bytes held per view after mount and join, measured by the allocator.
fn measured<V: LiveView>() -> usize {
    // One view first, so one-time allocations (lazy statics) are not counted.
    drop(joined::<V>());
    let region = Region::new(GLOBAL);
    let views: Vec<ViewRuntime<V>> = (0..VIEWS).map(|_| joined::<V>().0).collect();
    let change = region.change();
    // `realloc` is already counted in both (growth as allocated, shrinking as deallocated).
    let held = change
        .bytes_allocated
        .saturating_sub(change.bytes_deallocated);
    let vec_itself = views.capacity() * std::mem::size_of::<ViewRuntime<V>>();
    drop(views);
    held.saturating_sub(vec_itself) / VIEWS
}

fn report<V: LiveView + HeapSize>(name: &str) {
    let (view, join_bytes) = joined::<V>();
    let counted = view_memory(&view);
    let heap = measured::<V>();
    println!(
        "| {name} | {} | {} | {} | {} | {} | {} | {join_bytes} |",
        counted.tree,
        counted.assigns_inline,
        counted.assigns_heap,
        counted.tree_plus_assigns(),
        heap,
        heap + counted.runtime_inline,
    );
}

fn main() {
    println!(
        "| view | tree_bytes() | assigns (inline) | assigns (heap) | tree + assigns | measured heap | measured heap + ViewRuntime inline | join reply bytes |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    report::<counter::Counter>("counter");
    report::<KeyedRows>("1,000-row keyed table");
    report::<TenSlots>("10 slots");
    report::<ThousandSlots>("1,000 slots");
}
