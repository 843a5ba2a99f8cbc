use live_core::LiveView;

#[derive(LiveView)]
struct Tuple(i64);

#[derive(LiveView)]
struct Unit;

#[derive(LiveView)]
enum Choice {
    A,
}

#[derive(LiveView)]
struct Generic<T> {
    value: T,
}

fn main() {}
