struct Point {
    x: i32,
}

#[derive(live_core::LiveEvent)]
enum Msg {
    Move { to: Point },
    Jump(Point),
}

fn main() {
    let _ = |p: Point| p.x;
}
