use live_core::LiveView;

enum Msg {
    Inc,
}

#[derive(LiveView)]
#[live(events = Msg)]
struct Counter {
    count: i64,
}

fn main() {
    let _ = Msg::Inc;
}
