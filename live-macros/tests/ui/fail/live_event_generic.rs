#[derive(live_core::LiveEvent)]
enum Msg<T> {
    Set { value: T },
}

fn main() {}
