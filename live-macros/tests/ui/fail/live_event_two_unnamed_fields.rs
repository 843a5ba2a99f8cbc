#[derive(live_core::LiveEvent)]
enum Msg {
    Move(i32, i32),
}

fn main() {}
