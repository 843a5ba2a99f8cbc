use live_core::LiveView;

#[derive(LiveView)]
#[live(evnts = Msg)]
struct Counter {
    count: i64,
}

fn main() {}
