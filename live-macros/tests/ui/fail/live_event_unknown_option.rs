#[derive(live_core::LiveEvent)]
enum Msg {
    #[live(rename = "go")]
    Go,
    #[live(name = "")]
    Stop,
}

fn main() {}
