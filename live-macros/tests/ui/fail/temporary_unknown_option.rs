use live_core::LiveView;

#[derive(LiveView)]
struct Feed {
    #[live(temp)]
    messages: Vec<String>,
}

fn main() {}
