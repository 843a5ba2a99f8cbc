use live_core::LiveView;

#[derive(LiveView)]
#[live(events = Mgs)]
struct Counter {
    count: i64,
}

fn main() {}
