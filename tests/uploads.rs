//! Uploads over a raw WebSocket, speaking the official client's messages
//! (docs/protocol-bindings.md §6): the change listing files, the preflight, the `lvu:` channel
//! joined with its token, binary chunks, progress, consuming, cancelling. And every way a
//! client can break the rules: an oversized chunk, more bytes than declared, a wrong or
//! foreign token, chunks for a channel never joined, too many files, a declared size over the
//! limit, a `progress` of 100 before the bytes, a client that stops sending, a view that
//! leaves mid-upload, a server that stops mid-upload. Each is refused with a clear error for
//! that entry, leaves no temporary file, and another client of the same server is served
//! meanwhile.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use live_core::upload::{live_file_input, UploadOptions};
use live_core::{
    html, Assigns, Event, LiveView, Params, Rendered, Session, Socket, Upload, ViewError,
};
use live_server::Router;
use live_tests::{load_page, spawn_server_with, test_config, ChannelClient, RestartableServer};
use serde_json::{json, Value};

/// Accepts up to two `.png`/`.txt` files of at most 10,000 bytes, in chunks of 1,000 sent
/// within 300 ms each; the submit reports what it consumed.
#[derive(LiveView)]
struct Docs {
    doc: Upload,
    saved: Vec<String>,
}

impl LiveView for Docs {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let options = UploadOptions::new()
            .accept([".png", ".txt"])
            .max_entries(2)
            .max_file_size(10_000)
            .chunk_size(1_000)
            .chunk_timeout(Duration::from_millis(300));
        Ok(Docs {
            doc: socket.allow_upload("doc", options),
            saved: Vec::new(),
        })
    }

    fn handle_event(
        a: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        match event.name() {
            "save" => {
                let saved = a.doc_mut().consume_uploaded_entries(|path, entry| {
                    let content = std::fs::read(path)?;
                    Ok(format!(
                        "{}={}",
                        entry.client_name(),
                        String::from_utf8_lossy(&content)
                    ))
                })?;
                a.saved_mut().extend(saved);
            }
            "cancel" => {
                let entry: String = event.params().get("ref")?;
                a.doc_mut().cancel_entry(&entry);
            }
            _ => {}
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <form id="f" phx-change="validate" phx-submit="save">
                <.live_file_input upload={&@doc}/>
                <p :for={entry in @doc.entries()} class="entry">{describe(entry)}</p>
                <p :for={error in @doc.errors()} class="upload-error">{error.code()}</p>
                <p :for={line in @saved.iter()} class="saved">{line}</p>
            </form>
        }
    }
}

/// `name progress% [error codes]`, one slot, so each diff of an entry carries all of it.
fn describe(entry: &live_core::UploadEntry) -> String {
    let codes: Vec<&str> = entry.errors().iter().map(|e| e.code()).collect();
    format!(
        "{} {}% [{}]",
        entry.client_name(),
        entry.progress(),
        codes.join(",")
    )
}

fn router() -> Router {
    Router::new().live::<Docs>("/")
}

/// A fresh upload directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("live-uploads-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|listing| listing.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// Waits (bounded) until `dir` holds no file.
async fn wait_empty(dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !files_in(dir).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the upload directory still holds {:?}",
            files_in(dir)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A joined page of [`Docs`].
struct Client {
    ws: ChannelClient,
    topic: String,
    join_ref: String,
    upload_ref: String,
    /// The HTML the client would show: the join's render, then each diff's changes are looked
    /// for in the frames themselves.
    frames: Vec<Value>,
}

async fn server(name: &str) -> (SocketAddr, PathBuf) {
    let dir = scratch(name);
    let addr = spawn_server_with(router(), test_config().upload_dir(&dir)).await;
    (addr, dir)
}

impl Client {
    async fn join(addr: SocketAddr) -> Client {
        let page = load_page(addr, "/").await;
        let mut ws = ChannelClient::connect_page(addr, &page).await;
        let (join_ref, reply) = ws.join_page(&page, &format!("http://{addr}/")).await;
        assert_eq!(reply[4]["status"], "ok", "{reply}");
        Client {
            ws,
            topic: format!("lv:{}", page.view_id),
            join_ref,
            upload_ref: format!("{}-doc", page.view_id),
            frames: Vec::new(),
        }
    }

    /// Pushes on the view's topic; returns the reply's payload.
    async fn push(&mut self, event: &str, payload: Value) -> Value {
        let reference = self
            .ws
            .push(
                Some(&self.join_ref.clone()),
                &self.topic.clone(),
                event,
                payload,
            )
            .await;
        self.reply(&reference).await
    }

    /// The reply to `reference`, keeping the frames seen on the way.
    async fn reply(&mut self, reference: &str) -> Value {
        loop {
            let frame = self.ws.recv().await;
            if frame[1] == reference && frame[3] == "phx_reply" {
                return frame[4].clone();
            }
            self.frames.push(frame);
        }
    }

    /// The next frame on `topic` with `event`, keeping the others.
    async fn wait_for(&mut self, topic: &str, event: &str) -> Value {
        if let Some(index) = self
            .frames
            .iter()
            .position(|f| f[2] == topic && f[3] == event)
        {
            return self.frames.remove(index);
        }
        loop {
            let frame = self.ws.recv().await;
            if frame[2] == topic && frame[3] == event {
                return frame;
            }
            self.frames.push(frame);
        }
    }

    /// Chooses files: `(ref, name, size)`.
    async fn choose(&mut self, files: &[(&str, &str, u64)]) -> Value {
        let listed: Vec<Value> = files
            .iter()
            .map(|(r, name, size)| json!({"path": "doc", "ref": r, "name": name, "size": size, "type": "", "last_modified": 1, "relative_path": ""}))
            .collect();
        let upload_ref = self.upload_ref.clone();
        self.push("event", json!({"type": "form", "event": "validate", "value": "", "meta": {"_target": "doc"}, "uploads": {upload_ref: listed}})).await
    }

    /// The preflight of `files`; returns the reply's response.
    async fn preflight(&mut self, files: &[(&str, &str, u64)]) -> Value {
        let listed: Vec<Value> = files
            .iter()
            .map(|(r, name, size)| json!({"ref": r, "name": name, "size": size, "type": "", "last_modified": 1, "relative_path": ""}))
            .collect();
        let upload_ref = self.upload_ref.clone();
        let reply = self
            .push(
                "allow_upload",
                json!({"ref": upload_ref, "entries": listed}),
            )
            .await;
        assert_eq!(reply["status"], "ok", "{reply}");
        reply["response"].clone()
    }

    /// Joins `lvu:<entry>` with `token`; returns (join ref, reply payload).
    async fn join_entry(&mut self, entry: &str, token: &str) -> (String, Value) {
        let topic = format!("lvu:{entry}");
        let reference = self
            .ws
            .push(None, &topic, "phx_join", json!({"token": token}))
            .await;
        let reply = self.reply(&reference).await;
        (reference, reply)
    }

    /// Sends one chunk on `lvu:<entry>`; returns the reply payload.
    async fn chunk(&mut self, join_ref: &str, entry: &str, bytes: &[u8]) -> Value {
        let reference = self
            .ws
            .push_binary(join_ref, &format!("lvu:{entry}"), "chunk", bytes)
            .await;
        self.reply(&reference).await
    }

    async fn progress(&mut self, entry: &str, progress: Value) -> Value {
        let upload_ref = self.upload_ref.clone();
        self.push(
            "progress",
            json!({"event": null, "ref": upload_ref, "entry_ref": entry, "progress": progress}),
        )
        .await
    }

    /// Every diff text seen so far (replies and pushes), joined, to look for rendered text.
    fn seen(&self, reply: &Value) -> String {
        let mut all: Vec<String> = self.frames.iter().map(|f| f[4].to_string()).collect();
        all.push(reply.to_string());
        all.join("\n")
    }
}

/// A client on another connection still gets its events answered.
async fn neighbour_is_served(addr: SocketAddr) {
    let mut other = Client::join(addr).await;
    let reply = other.choose(&[("0", "fine.txt", 10)]).await;
    assert_eq!(reply["status"], "ok", "{reply}");
    assert!(reply.to_string().contains("fine.txt 0% []"), "{reply}");
}

fn token(preflight: &Value, entry: &str) -> String {
    preflight["entries"][entry]
        .as_str()
        .unwrap_or_else(|| panic!("a token for entry {entry}: {preflight}"))
        .to_owned()
}

#[tokio::test]
async fn a_file_travels_in_chunks_and_is_consumed() {
    let (addr, dir) = server("whole").await;
    let mut c = Client::join(addr).await;
    let content: Vec<u8> = (0..2_500).map(|i| b'a' + (i % 26) as u8).collect();
    let reply = c.choose(&[("0", "a.txt", 2_500)]).await;
    assert!(reply.to_string().contains("a.txt 0% []"), "{reply}");
    assert!(
        reply.to_string().contains(r#"data-phx-active-refs=\"0\""#),
        "{reply}"
    );
    let preflight = c.preflight(&[("0", "a.txt", 2_500)]).await;
    assert_eq!(
        preflight["config"],
        json!({"chunk_size": 1000, "chunk_timeout": 300, "max_entries": 2, "max_file_size": 10000})
    );
    assert_eq!(preflight["ref"], c.upload_ref.as_str());
    let (jr, joined) = c.join_entry("0", &token(&preflight, "0")).await;
    assert_eq!(joined, json!({"status": "ok", "response": {}}));
    assert_eq!(files_in(&dir).len(), 1, "the entry's temporary file");
    for (i, part) in content.chunks(1_000).enumerate() {
        let reply = c.chunk(&jr, "0", part).await;
        assert_eq!(reply, json!({"status": "ok", "response": {}}), "chunk {i}");
        let percent = (i + 1) * 1000 * 100 / 2500;
        let reply = c.progress("0", json!(percent.min(100))).await;
        assert_eq!(reply["status"], "ok");
    }
    let reply = c
        .push(
            "event",
            json!({"type": "form", "event": "save", "value": ""}),
        )
        .await;
    let text = c.seen(&reply);
    assert!(
        text.contains(&format!("a.txt={}", String::from_utf8_lossy(&content))),
        "{text}"
    );
    // Consumed: the channel is closed by the server and the file is gone.
    let close = c.wait_for("lvu:0", "phx_close").await;
    assert_eq!(close[0], jr.as_str());
    wait_empty(&dir).await;
}

#[tokio::test]
async fn an_oversized_chunk_fails_the_entry_only() {
    let (addr, dir) = server("oversized").await;
    let mut c = Client::join(addr).await;
    c.choose(&[("0", "a.png", 5_000)]).await;
    let preflight = c.preflight(&[("0", "a.png", 5_000)]).await;
    let (jr, _) = c.join_entry("0", &token(&preflight, "0")).await;
    let reply = c.chunk(&jr, "0", &[1u8; 1_001]).await;
    assert_eq!(
        reply,
        json!({"status": "error", "response": {"reason": "chunk_size_exceeded", "limit": 1000}})
    );
    let diff = c.wait_for(&c.topic.clone(), "diff").await;
    assert!(
        diff.to_string().contains("a.png 0% [writer_error]"),
        "{diff}"
    );
    wait_empty(&dir).await;
    neighbour_is_served(addr).await;
}

#[tokio::test]
async fn more_bytes_than_declared_are_refused_and_never_written() {
    let (addr, dir) = server("more").await;
    let mut c = Client::join(addr).await;
    c.choose(&[("0", "a.png", 1_500)]).await;
    let preflight = c.preflight(&[("0", "a.png", 1_500)]).await;
    let (jr, _) = c.join_entry("0", &token(&preflight, "0")).await;
    assert_eq!(c.chunk(&jr, "0", &[1u8; 1_000]).await["status"], "ok");
    let file = files_in(&dir).pop().expect("the entry's file");
    let reply = c.chunk(&jr, "0", &[2u8; 1_000]).await;
    assert_eq!(
        reply,
        json!({"status": "error", "response": {"reason": "file_size_limit_exceeded", "limit": 1500}})
    );
    let diff = c.wait_for(&c.topic.clone(), "diff").await;
    assert!(diff.to_string().contains("a.png 0% [too_large]"), "{diff}");
    assert!(!file.exists(), "the partial file is deleted");
    wait_empty(&dir).await;
    neighbour_is_served(addr).await;
}

#[tokio::test]
async fn wrong_and_foreign_tokens_are_refused() {
    let (addr, dir) = server("tokens").await;
    let mut c = Client::join(addr).await;
    let mut other = Client::join(addr).await;
    c.choose(&[("0", "a.png", 100)]).await;
    let preflight = c.preflight(&[("0", "a.png", 100)]).await;
    let good = token(&preflight, "0");
    let refused = json!({"status": "error", "response": {"reason": "invalid_token"}});
    assert_eq!(c.join_entry("0", "not a token").await.1, refused);
    let mut forged = good.clone();
    forged.insert(5, 'x');
    assert_eq!(c.join_entry("0", &forged).await.1, refused);
    // Another entry's topic, and another connection (where that view is not joined).
    assert_eq!(c.join_entry("1", &good).await.1, refused);
    assert_eq!(other.join_entry("0", &good).await.1, refused);
    // The token still works where it belongs, once.
    let (_, joined) = c.join_entry("0", &good).await;
    assert_eq!(joined["status"], "ok");
    let again =
        c.ws.push(None, "lvu:0", "phx_join", json!({"token": good}))
            .await;
    // A rejoin of the topic ends the first channel; the entry is never received twice
    // (`already_registered` while the first still holds it, `disallowed` once it failed it).
    let reply = c.reply(&again).await;
    let reason = reply["response"]["reason"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        reply["status"] == "error"
            && ["already_registered", "disallowed"].contains(&reason.as_str()),
        "{reply}"
    );
    drop(c);
    wait_empty(&dir).await;
}

#[tokio::test]
async fn chunks_for_a_channel_never_joined_are_refused() {
    let (addr, dir) = server("unjoined").await;
    let mut c = Client::join(addr).await;
    let reply = c.chunk("7", "9", b"data").await;
    assert_eq!(
        reply,
        json!({"status": "error", "response": {"reason": "unmatched topic"}})
    );
    assert!(files_in(&dir).is_empty());
    neighbour_is_served(addr).await;
}

#[tokio::test]
async fn too_many_files_and_lies_about_size_or_type_get_no_token() {
    let (addr, dir) = server("limits").await;
    let mut c = Client::join(addr).await;
    let files = [("0", "a.png", 10), ("1", "b.png", 10), ("2", "c.png", 10)];
    let reply = c.choose(&files).await;
    assert!(reply.to_string().contains("too_many_files"), "{reply}");
    let preflight = c.preflight(&files).await;
    assert_eq!(
        preflight["error"],
        json!([[c.upload_ref, "too_many_files"]])
    );
    assert!(preflight.get("entries").is_none(), "{preflight}");
    // Cancelling one makes the rest fine.
    let reply = c
        .push(
            "event",
            json!({"type": "click", "event": "cancel", "value": {"ref": "2"}}),
        )
        .await;
    assert!(!reply.to_string().contains("too_many_files"), "{reply}");
    let preflight = c.preflight(&files[..2]).await;
    assert!(
        preflight["entries"]["0"].is_string() && preflight["entries"]["1"].is_string(),
        "{preflight}"
    );

    let mut c = Client::join(addr).await;
    let files = [("0", "big.png", 10_001), ("1", "virus.exe", 10)];
    let reply = c.choose(&files).await;
    let text = reply.to_string();
    assert!(
        text.contains("big.png 0% [too_large]") && text.contains("virus.exe 0% [not_accepted]"),
        "{text}"
    );
    let preflight = c.preflight(&files).await;
    assert_eq!(
        preflight["error"],
        json!([["0", "too_large"], ["1", "not_accepted"]])
    );
    // A size that is not a number is too large.
    let mut c = Client::join(addr).await;
    let upload_ref = c.upload_ref.clone();
    let reply = c.push("event", json!({"type": "form", "event": "validate", "value": "", "uploads": {upload_ref: [{"ref": "0", "name": "x.png", "size": "lots"}]}})).await;
    assert!(
        reply.to_string().contains("x.png 0% [too_large]"),
        "{reply}"
    );
    assert!(files_in(&dir).is_empty());
}

#[tokio::test]
async fn progress_claimed_before_the_bytes_is_not_done() {
    let (addr, dir) = server("early").await;
    let mut c = Client::join(addr).await;
    c.choose(&[("0", "a.txt", 2_000)]).await;
    let preflight = c.preflight(&[("0", "a.txt", 2_000)]).await;
    let (jr, _) = c.join_entry("0", &token(&preflight, "0")).await;
    let reply = c.progress("0", json!(100)).await;
    assert!(reply.to_string().contains("a.txt 99% []"), "{reply}");
    assert_eq!(c.chunk(&jr, "0", &[b'x'; 1_000]).await["status"], "ok");
    assert_eq!(c.chunk(&jr, "0", &[b'y'; 1_000]).await["status"], "ok");
    let reply = c.progress("0", json!(100)).await;
    assert!(reply.to_string().contains("a.txt 100% []"), "{reply}");
    // Garbage progress is ignored.
    let reply = c.progress("0", json!({"no": "idea"})).await;
    assert_eq!(reply["status"], "ok");
    let reply = c
        .push(
            "event",
            json!({"type": "form", "event": "save", "value": ""}),
        )
        .await;
    assert!(c.seen(&reply).contains("a.txt=xxxx"), "{reply}");
    wait_empty(&dir).await;
}

#[tokio::test]
async fn a_client_that_stops_sending_times_out() {
    let (addr, dir) = server("timeout").await;
    let mut c = Client::join(addr).await;
    c.choose(&[("0", "a.png", 3_000)]).await;
    let preflight = c.preflight(&[("0", "a.png", 3_000)]).await;
    let (jr, _) = c.join_entry("0", &token(&preflight, "0")).await;
    assert_eq!(c.chunk(&jr, "0", &[1u8; 1_000]).await["status"], "ok");
    let error = c.wait_for("lvu:0", "phx_error").await;
    assert_eq!(error[0], jr.as_str());
    let diff = c.wait_for(&c.topic.clone(), "diff").await;
    assert!(diff.to_string().contains("writer_error"), "{diff}");
    wait_empty(&dir).await;
}

#[tokio::test]
async fn cancelling_mid_upload_closes_the_channel_and_deletes_the_file() {
    let (addr, dir) = server("cancel").await;
    let mut c = Client::join(addr).await;
    c.choose(&[("0", "a.png", 3_000)]).await;
    let preflight = c.preflight(&[("0", "a.png", 3_000)]).await;
    let (jr, _) = c.join_entry("0", &token(&preflight, "0")).await;
    assert_eq!(c.chunk(&jr, "0", &[1u8; 1_000]).await["status"], "ok");
    let reply = c
        .push(
            "event",
            json!({"type": "click", "event": "cancel", "value": {"ref": "0"}}),
        )
        .await;
    assert!(!reply.to_string().contains("a.png"), "{reply}");
    c.wait_for("lvu:0", "phx_close").await;
    wait_empty(&dir).await;
}

#[tokio::test]
async fn a_view_that_leaves_mid_upload_takes_its_files() {
    let (addr, dir) = server("leave").await;
    let mut c = Client::join(addr).await;
    c.choose(&[("0", "a.png", 3_000)]).await;
    let preflight = c.preflight(&[("0", "a.png", 3_000)]).await;
    let (jr, _) = c.join_entry("0", &token(&preflight, "0")).await;
    assert_eq!(c.chunk(&jr, "0", &[1u8; 1_000]).await["status"], "ok");
    assert_eq!(files_in(&dir).len(), 1);
    let reply = c.push("phx_leave", json!({})).await;
    assert_eq!(reply["status"], "ok");
    wait_empty(&dir).await;
    // Its upload channel is gone with it.
    let reply = c.chunk(&jr, "0", &[1u8; 1_000]).await;
    assert_eq!(reply["status"], "error", "{reply}");
}

#[tokio::test]
async fn a_server_stopping_mid_upload_leaves_no_file() {
    let dir = scratch("stop");
    let config_dir = dir.clone();
    let mut server =
        RestartableServer::start_with(router, move || test_config().upload_dir(&config_dir)).await;
    let mut c = Client::join(server.addr()).await;
    c.choose(&[("0", "a.png", 3_000)]).await;
    let preflight = c.preflight(&[("0", "a.png", 3_000)]).await;
    let (jr, _) = c.join_entry("0", &token(&preflight, "0")).await;
    assert_eq!(c.chunk(&jr, "0", &[1u8; 1_000]).await["status"], "ok");
    assert_eq!(files_in(&dir).len(), 1);
    server.stop().await;
    wait_empty(&dir).await;
}

/// Files sent by the page's uploader `S3` straight to a bucket: the preflight hands out its
/// metadata; names ending in `.bad` are refused by the `external` function.
#[derive(LiveView)]
struct Bucket {
    doc: Upload,
    saved: Vec<String>,
}

impl LiveView for Bucket {
    type Info = ();

    fn mount(_: &Params, _: &Session, socket: &mut Socket<Self>) -> Result<Self, ViewError> {
        let options = UploadOptions::new().max_entries(2).external(|entry| {
            if entry.client_name().ends_with(".bad") {
                return Err("no such bucket".to_owned());
            }
            Ok(json!({"uploader": "S3", "url": format!("https://bucket.example/{}", entry.client_name())}))
        });
        Ok(Bucket {
            doc: socket.allow_upload("doc", options),
            saved: Vec::new(),
        })
    }

    fn handle_event(
        a: &mut Assigns<Self>,
        event: &Event,
        _: &mut Socket<Self>,
    ) -> Result<(), ViewError> {
        if event.name() == "save" {
            let saved = a.doc_mut().consume_external_entries(|meta, entry| {
                Ok(format!(
                    "{} at {}",
                    entry.client_name(),
                    meta["url"].as_str().unwrap_or("?")
                ))
            })?;
            a.saved_mut().extend(saved);
        }
        Ok(())
    }

    fn render(assigns: &Assigns<Self>) -> Rendered {
        html! {
            <form id="f" phx-change="validate" phx-submit="save">
                <.live_file_input upload={&@doc}/>
                <p :for={entry in @doc.entries()} class="entry">{describe(entry)}</p>
                <p :for={line in @saved.iter()} class="saved">{line}</p>
            </form>
        }
    }
}

#[tokio::test]
async fn an_external_upload_gets_its_uploader_metadata_and_no_channel() {
    let dir = scratch("external");
    let addr = spawn_server_with(
        Router::new().live::<Bucket>("/"),
        test_config().upload_dir(&dir),
    )
    .await;
    let mut c = Client::join(addr).await;
    c.choose(&[("0", "a.png", 5_000)]).await;
    let preflight = c.preflight(&[("0", "a.png", 5_000)]).await;
    assert_eq!(
        preflight["entries"]["0"],
        json!({"uploader": "S3", "url": "https://bucket.example/a.png"})
    );
    // No upload channel for it: there is no token to join with.
    let (_, refused) = c.join_entry("0", "{}").await;
    assert_eq!(refused["response"]["reason"], "invalid_token");
    let reply = c.progress("0", json!(40)).await;
    assert!(reply.to_string().contains("a.png 40% []"), "{reply}");
    let reply = c.progress("0", json!(100)).await;
    assert!(reply.to_string().contains("a.png 100% []"), "{reply}");
    let reply = c
        .push(
            "event",
            json!({"type": "form", "event": "save", "value": ""}),
        )
        .await;
    assert!(
        c.seen(&reply)
            .contains("a.png at https://bucket.example/a.png"),
        "{reply}"
    );

    // The external function refuses; the uploader reports a failure.
    let mut c = Client::join(addr).await;
    c.choose(&[("0", "x.bad", 10)]).await;
    let preflight = c.preflight(&[("0", "x.bad", 10)]).await;
    assert_eq!(preflight["error"], json!([["0", "external_error"]]));
    c.choose(&[("1", "b.png", 10)]).await;
    let preflight = c.preflight(&[("1", "b.png", 10)]).await;
    assert!(preflight["entries"]["1"].is_object(), "{preflight}");
    let reply = c.progress("1", json!({"error": "network down"})).await;
    assert!(
        reply
            .to_string()
            .contains("b.png 0% [external_client_failure]"),
        "{reply}"
    );
    assert!(files_in(&dir).is_empty());
}

/// The harness drives an upload that a LiveComponent allowed (the uploads example's
/// `Documents`): the change, the preflight, the chunks and `progress` reach the component, whose
/// submit consumes the files; the page's own upload is untouched.
#[test]
fn a_components_upload_in_the_harness() {
    let saved = scratch("component-harness");
    let mut view = live_server::testing::live(&uploads::router(saved.clone()), "/").expect("mount");
    let html = view
        .file_input(
            "#docs-form",
            "docs",
            &[("plan.md", "text/markdown", &b"# the plan\n"[..])],
        )
        .render_upload_all()
        .expect("upload");
    assert!(html.contains("plan.md"), "{html}");
    assert!(
        !html.contains("0 progress reports"),
        "the component's handle_progress ran: {html}"
    );
    let html = view.form("#docs-form", ()).render_submit().expect("submit");
    assert!(html.contains("plan.md (11 bytes)"), "{html}");
    assert_eq!(
        std::fs::read(saved.join("documents").join("0-plan.md")).expect("saved"),
        b"# the plan\n"
    );
    let _ = std::fs::remove_dir_all(&saved);
}
