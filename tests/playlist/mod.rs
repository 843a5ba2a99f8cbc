//! A playlist view for the stream tests (tests/streams.rs, tests/browser_streams.rs): two songs
//! at mount, a trailing child that is no stream row, and events for every stream operation
//! (`insert` with `id`, `title`, `at`, `limit`; `delete`; `reset`; `heading` changes another
//! assign).

use live_core::stream::Placement;
use live_core::{
    html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, Stream, ViewError,
};
use live_server::Router;

#[derive(Debug, Clone)]
pub(crate) struct Song {
    id: u32,
    title: String,
}

fn song(id: u32, title: &str) -> Song {
    Song {
        id,
        title: title.to_owned(),
    }
}

#[derive(LiveView)]
pub(crate) struct Playlist {
    songs: Stream<Song>,
    heading: String,
}

impl LiveView for Playlist {
    type Info = ();

    fn mount(_: &Params, _: &Session, _: &mut Socket<Self>) -> Result<Self, ViewError> {
        let mut songs = Stream::new("songs", |s: &Song| s.id);
        songs.insert_many([song(1, "One"), song(2, "Two")]);
        Ok(Playlist {
            songs,
            heading: "Songs".into(),
        })
    }

    fn handle_event(
        assigns: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        let id: u32 = event.params().get("id").unwrap_or(0);
        let title = event.params().get_str("title").unwrap_or("").to_owned();
        let at: i32 = event.params().get("at").unwrap_or(-1);
        let limit: Option<i32> = event.params().get("limit").ok();
        match event.name() {
            "insert" => assigns.update_songs(|s| {
                let mut placement = Placement::index(at);
                if let Some(limit) = limit {
                    placement = placement.limit(limit);
                }
                s.insert_with(song(id, &title), placement)
            }),
            "delete" => assigns.update_songs(|s| s.delete(&song(id, ""))),
            "reset" => assigns.update_songs(|s| s.reset_with([song(id, &title)])),
            "heading" => assigns.set_heading(title),
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <div id="playlist">
                <h1>{@heading}</h1>
                <ul id="songs" phx-update="stream">
                    <li :for={(id, song) in @songs.iter()} id={id}>{&song.title}</li>
                    <li id="songs-footer">"footer"</li>
                </ul>
            </div>
        }
    }
}

/// The playlist at `/`.
pub(crate) fn playlist() -> Router {
    Router::new().live::<Playlist>("/")
}
