//! Bytes on the wire per event for realistic templates (issue 26): the diff sent against the
//! minimal diff (only the slots whose content changed). Goal: sent ≤ 1.1 × minimal.
//!
//! `cargo run --release -p live-benches --example wire_size`

fn main() {
    let mut worst: f64 = 0.0;
    for case in live_benches::wire::cases() {
        println!("{}", case.name);
        for step in &case.steps {
            let ratio = if step.minimal == 0 {
                if step.sent_bytes() == 0 {
                    1.0
                } else {
                    f64::INFINITY
                }
            } else {
                step.sent_bytes() as f64 / step.minimal as f64
            };
            worst = worst.max(ratio);
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
        println!(
            "  total                        sent {:>4} B / minimal {:>4} B",
            case.sent_bytes(),
            case.minimal_bytes()
        );
    }
    println!("worst ratio {worst:.2}×");
}
