use live_core::LiveComponent;

#[derive(LiveComponent)]
struct Tuple(i64);

#[derive(LiveComponent)]
enum Choice {
    A,
}

fn main() {}
