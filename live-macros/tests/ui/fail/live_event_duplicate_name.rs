#[derive(live_core::LiveEvent)]
enum Msg {
    SaveItem,
    #[live(name = "save-item")]
    Save,
}

fn main() {}
