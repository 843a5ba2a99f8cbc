//! Render to an HTML `String`: `html!` side by side with sailfish, askama and maud, on the two
//! templates of the template-benchmark suites.
//!
//! `html!` is measured twice: the static render (`static_render::render_to_string`, what the
//! first HTTP response of a view uses: HTML written straight into one buffer) and the tree
//! (a full `Rendered`, then `Rendered::to_html`), which a connected view builds for its diffs.
//!
//! ```text
//! cargo bench -p live-benches --bench render -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Every engine renders from borrowed data into a fresh `String`; `tests/same_html.rs` checks
//! that they all produce the same HTML.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use live_core::static_render::render_to_string;

mod peers;

fn big_table(c: &mut Criterion) {
    let table = live_benches::big_table_data(100);
    let mut group = c.benchmark_group("big-table");
    group.bench_function("html!", |b| {
        b.iter(|| render_to_string(|| live_benches::big_table(black_box(&table))))
    });
    group.bench_function("html! tree", |b| {
        b.iter(|| live_benches::big_table(black_box(&table)).to_html())
    });
    group.bench_function("sailfish", |b| {
        b.iter(|| peers::sailfish_big_table(black_box(&table)))
    });
    group.bench_function("askama", |b| {
        b.iter(|| peers::askama_big_table(black_box(&table)))
    });
    group.bench_function("maud", |b| {
        b.iter(|| peers::maud_big_table(black_box(&table)))
    });
    group.finish();
}

fn teams(c: &mut Criterion) {
    let (year, teams) = live_benches::teams_data();
    let mut group = c.benchmark_group("teams");
    group.bench_function("html!", |b| {
        b.iter(|| render_to_string(|| live_benches::teams(black_box(year), black_box(&teams))))
    });
    group.bench_function("html! tree", |b| {
        b.iter(|| live_benches::teams(black_box(year), black_box(&teams)).to_html())
    });
    group.bench_function("sailfish", |b| {
        b.iter(|| peers::sailfish_teams(black_box(year), black_box(&teams)))
    });
    group.bench_function("askama", |b| {
        b.iter(|| peers::askama_teams(black_box(year), black_box(&teams)))
    });
    group.bench_function("maud", |b| {
        b.iter(|| peers::maud_teams(black_box(year), black_box(&teams)))
    });
    group.finish();
}

criterion_group!(benches, big_table, teams);
criterion_main!(benches);
