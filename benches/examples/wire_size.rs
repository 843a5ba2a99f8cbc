//! Bytes on the wire per event for realistic templates (issue 26): the diff sent against the
//! minimal diff (only the slots whose content changed). Goal: sent ≤ 1.1 × minimal.
//!
//! `cargo run --release -p live-benches --example wire_size`

fn main() {
    let mut worst_step: f64 = 0.0;
    let mut worst_case: f64 = 0.0;
    for case in live_benches::wire::cases() {
        println!("{}", case.name);
        for step in &case.steps {
            let ratio = ratio(step.sent_bytes(), step.minimal);
            worst_step = worst_step.max(ratio);
            println!(
                "  {:<28} sent {:>4} B / minimal {:>4} B = {:.2}×",
                step.event,
                step.sent_bytes(),
                step.minimal,
                ratio
            );
            if let Some(sent) = &step.sent {
                println!("    {sent}");
            }
        }
        let total = ratio(case.sent_bytes(), case.minimal_bytes());
        worst_case = worst_case.max(total);
        println!(
            "  total                        sent {:>4} B / minimal {:>4} B = {:.2}×",
            case.sent_bytes(),
            case.minimal_bytes(),
            total
        );
    }
    println!("worst case {worst_case:.2}× (the goal: ≤ 1.1×), worst single event {worst_step:.2}×");
}

/// Sent over minimal bytes: 1 when both are 0, infinite when only the minimal is.
fn ratio(sent: usize, minimal: usize) -> f64 {
    match (sent, minimal) {
        (0, 0) => 1.0,
        (_, 0) => f64::INFINITY,
        _ => sent as f64 / minimal as f64,
    }
}
