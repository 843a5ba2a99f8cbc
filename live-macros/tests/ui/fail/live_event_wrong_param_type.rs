use live_core::{Event, LiveEvent};

#[derive(LiveEvent)]
enum Msg {
    Remove { id: u64 },
}

fn handle(event: &Event) -> Result<String, live_core::ViewError> {
    match event.decode::<Msg>()? {
        Msg::Remove { id } => Ok(id),
    }
}

fn main() {
    let _ = handle;
}
