#[derive(live_core::LiveEvent)]
struct Msg {
    inc: bool,
}

fn main() {}
