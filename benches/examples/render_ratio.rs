//! Interleaved timing of html! (static render) against sailfish: short alternating batches,
//! median of per-pair ratios, so that drift in machine speed cancels out.
#[path = "../peers.rs"]
mod peers;
use live_core::static_render::render_to_string;
use std::hint::black_box;
use std::time::Instant;

fn ratio(name: &str, batch: u32, mut a: impl FnMut() -> String, mut b: impl FnMut() -> String) {
    let mut ratios = Vec::new();
    for _ in 0..300 {
        let start = Instant::now();
        for _ in 0..batch {
            black_box(a());
        }
        let ta = start.elapsed().as_nanos() as f64;
        let start = Instant::now();
        for _ in 0..batch {
            black_box(b());
        }
        let tb = start.elapsed().as_nanos() as f64;
        ratios.push(ta / tb);
    }
    ratios.sort_by(|x, y| x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal));
    println!(
        "{name}: median {:.3} (p25 {:.3}, p75 {:.3})",
        ratios[150], ratios[75], ratios[225]
    );
}

fn main() {
    let table = live_benches::big_table_data(100);
    let (year, teams) = live_benches::teams_data();
    ratio(
        "big-table html!/sailfish",
        20,
        || render_to_string(|| live_benches::big_table(black_box(&table))),
        || peers::sailfish_big_table(black_box(&table)),
    );
    ratio(
        "teams html!/sailfish",
        5000,
        || render_to_string(|| live_benches::teams(black_box(year), black_box(&teams))),
        || peers::sailfish_teams(black_box(year), black_box(&teams)),
    );
}
