//! The upload channel of one entry (`lvu:<entry ref>`): a task that registers with the entry's
//! view, receives the entry's chunks into its temporary file and tells the view how it went.
//!
//! Every bound is enforced here, whatever the client claims: exactly the declared size is
//! received (and the view only allows a declared size within `max_file_size`), each chunk is at
//! most `chunk_size`, each arrives within `chunk_timeout`, one chunk is in flight (the client
//! waits for each reply; a client that does not is disconnected by the connection). A failure
//! answers the chunk with an error, tells the view (the entry shows it, its file is deleted)
//! and ends the channel.
//!
//! The client sends its next chunk only after the reply to the last, so the reply's latency is
//! the upload's pace. The connection therefore replies itself, without a hop to this task and
//! back, to a chunk it can vouch for: the view granted the transfer (this task tells the
//! connection the [`Grant`] before it answers the join), nothing is waiting here, the chunk
//! is within the limits it counts, and it is not the last one. This task still checks and
//! writes every chunk; the last one's reply waits until the file is whole and the view knows.
//! A write that fails after its chunk was acknowledged ends the channel with an error.

use std::time::Duration;

use live_core::upload::{Grant, UploadError};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Bytes;

use crate::channel::frame;
use crate::channel::queue;
use crate::channel::view_task::{Command, Outbound, UploadCommand};
use crate::security::upload_token::UploadClaims;
use crate::upload::dir::UploadDir;
use crate::upload::file::BatchedFile;

/// Chunks one upload channel may have waiting: the client sends the next only after the
/// reply, so more than this is a client that does not follow the protocol.
pub(crate) const CHUNK_QUEUE: usize = 2;

/// The longest wait for the view to answer the join or take a report.
const VIEW_TIMEOUT: Duration = Duration::from_secs(5);

/// A chunk pushed by the client.
#[derive(Debug)]
pub(crate) struct Chunk {
    pub(crate) reference: String,
    pub(crate) event: String,
    pub(crate) bytes: Bytes,
    /// The connection already replied `ok` (see the module docs).
    pub(crate) acknowledged: bool,
}

/// Everything an upload channel needs.
pub(crate) struct UploadJoin {
    pub(crate) dir: UploadDir,
    /// `lvu:<entry ref>`.
    pub(crate) topic: String,
    pub(crate) join_ref: String,
    /// The `ref` of the `phx_join`.
    pub(crate) reference: Option<String>,
    pub(crate) claims: UploadClaims,
    /// The queue of the entry's view.
    pub(crate) view: queue::Sender<Command>,
    pub(crate) outbound: queue::Sender<Outbound>,
    pub(crate) chunks: mpsc::Receiver<Chunk>,
}

/// Starts the channel's task.
pub(crate) fn spawn(join: UploadJoin) {
    let span =
        tracing::debug_span!("upload", topic = %join.topic, upload = %join.claims.upload_ref);
    tokio::spawn(tracing::Instrument::instrument(run(join), span));
}

/// How a channel ended, for the frame the client gets.
enum Ending {
    /// The client left or went away: nothing to send.
    Silent,
    /// The server closes the channel (`phx_close`): the entry was consumed or cancelled.
    Close,
    /// The channel failed (`phx_error`): a time-out, or the view went away mid-transfer.
    Error,
}

async fn run(mut join: UploadJoin) {
    let ending = receive(&mut join).await;
    let jr = Some(join.join_ref.as_str());
    let frame = match ending {
        Ending::Silent => None,
        Ending::Close => Some(frame::encode(jr, jr, &join.topic, "phx_close", "{}")),
        Ending::Error => Some(frame::encode(
            jr,
            jr,
            &join.topic,
            "phx_error",
            "{\"reason\":\"upload_failed\"}",
        )),
    };
    if let Some(frame) = frame {
        let _ = join.outbound.try_send(Outbound::Frame(frame));
    }
    let _ = join.outbound.try_send(Outbound::UploadEnded {
        topic: join.topic.clone(),
        join_ref: join.join_ref.clone(),
    });
}

/// Registers with the view and receives the chunks; returns how the channel ends.
async fn receive(join: &mut UploadJoin) -> Ending {
    let (store, mut file, mut dropped) = match join.dir.create().await {
        Ok((store, file, dropped)) => (store, BatchedFile::new(file.into_std().await), dropped),
        Err(err) => {
            tracing::error!(dir = %join.dir.path().display(), "cannot create an upload file: {err}");
            join_reply(join, Err("writer_error")).await;
            return Ending::Silent;
        }
    };
    let (answer, answered) = oneshot::channel();
    let register = Command::Upload(UploadCommand::Join {
        upload_ref: join.claims.upload_ref.clone(),
        entry_ref: join.claims.entry_ref.clone(),
        store: Box::new(store),
        answer,
    });
    let grant = match tokio::time::timeout(VIEW_TIMEOUT, async {
        join.view.send(register).await.ok()?;
        answered.await.ok()
    })
    .await
    {
        Ok(Some(Ok(grant))) => grant,
        Ok(Some(Err(refusal))) => {
            join_reply(join, Err(refusal.reason())).await;
            return Ending::Silent;
        }
        // The view is gone or too busy to answer.
        Ok(None) | Err(_) => {
            join_reply(join, Err("disallowed")).await;
            return Ending::Silent;
        }
    };
    let granted = Outbound::UploadGranted {
        topic: join.topic.clone(),
        join_ref: join.join_ref.clone(),
        grant,
    };
    let _ = join.outbound.send_timeout(granted, VIEW_TIMEOUT).await;
    join_reply(join, Ok(())).await;
    let mut written: u64 = 0;
    let mut complete = grant.size == 0;
    if complete {
        report(join, written_command(join)).await;
    }
    loop {
        let wait = if complete {
            // Done: the channel stays until the entry goes (consumed, cancelled) or the client
            // leaves; the view's end drops the entry.
            Duration::MAX
        } else {
            grant.chunk_timeout
        };
        let chunk = tokio::select! {
            chunk = join.chunks.recv() => chunk,
            _ = &mut dropped => return Ending::Close,
            () = sleep(wait) => {
                fail(join, UploadError::Writer(format!("no chunk within {} ms", grant.chunk_timeout.as_millis()))).await;
                return Ending::Error;
            }
        };
        let Some(chunk) = chunk else {
            // The client left or the connection closed: a partial file is deleted.
            if !complete {
                fail(
                    join,
                    UploadError::Writer("the upload was interrupted".into()),
                )
                .await;
            }
            return Ending::Silent;
        };
        if chunk.event != "chunk" {
            chunk_reply(join, &chunk.reference, Err(refusal("unknown event", None))).await;
            continue;
        }
        match check(&grant, written, chunk.bytes.len()) {
            Ok(()) => {}
            Err((response, error)) => {
                chunk_reply(join, &chunk.reference, Err(response)).await;
                fail(join, error).await;
                return Ending::Silent;
            }
        }
        let len = chunk.bytes.len() as u64;
        let bytes = chunk.bytes;
        let written_now = file.write(&bytes).await;
        // The receive buffer goes now: the socket reads the next chunk into it.
        drop(bytes);
        if let Err(err) = written_now {
            tracing::error!("writing an upload failed: {err}");
            if !chunk.acknowledged {
                chunk_reply(join, &chunk.reference, Err(refusal("writer_error", None))).await;
            }
            fail(
                join,
                UploadError::Writer("the server could not store the file".into()),
            )
            .await;
            return if chunk.acknowledged {
                Ending::Error
            } else {
                Ending::Silent
            };
        }
        written += len;
        if written == grant.size {
            if let Err(err) = file.finish().await {
                tracing::error!("writing an upload failed: {err}");
                chunk_reply(join, &chunk.reference, Err(refusal("writer_error", None))).await;
                fail(
                    join,
                    UploadError::Writer("the server could not store the file".into()),
                )
                .await;
                return Ending::Silent;
            }
            complete = true;
            // Before the reply: the client's `progress` 100 comes after it, on the same view
            // queue, so the view knows the file is whole by then.
            report(join, written_command(join)).await;
        }
        if !chunk.acknowledged {
            chunk_reply(join, &chunk.reference, Ok(())).await;
        }
    }
}

/// Whether a chunk of `len` bytes may follow `written` bytes; otherwise the reply's reason
/// and the entry's error.
pub(crate) fn check(grant: &Grant, written: u64, len: usize) -> Result<(), (String, UploadError)> {
    if len > grant.chunk_size as usize {
        return Err((
            refusal("chunk_size_exceeded", Some(u64::from(grant.chunk_size))),
            UploadError::Writer(format!(
                "a chunk of {len} bytes is larger than the chunk size {}",
                grant.chunk_size
            )),
        ));
    }
    if written.saturating_add(len as u64) > grant.size {
        return Err((
            refusal("file_size_limit_exceeded", Some(grant.size)),
            UploadError::TooLarge,
        ));
    }
    Ok(())
}

async fn sleep(wait: Duration) {
    if wait == Duration::MAX {
        std::future::pending::<()>().await;
    } else {
        tokio::time::sleep(wait).await;
    }
}

fn written_command(join: &UploadJoin) -> UploadCommand {
    UploadCommand::Written {
        upload_ref: join.claims.upload_ref.clone(),
        entry_ref: join.claims.entry_ref.clone(),
    }
}

/// An error reply's response: `{"reason", "limit"?}`.
fn refusal(reason: &str, limit: Option<u64>) -> String {
    let mut response = serde_json::json!({ "reason": reason });
    if let Some(limit) = limit {
        response["limit"] = limit.into();
    }
    response.to_string()
}

/// Tells the view the transfer failed (the entry drops its file).
async fn fail(join: &UploadJoin, error: UploadError) {
    tracing::info!(entry = %join.claims.entry_ref, "upload failed: {error}");
    let command = UploadCommand::Failed {
        upload_ref: join.claims.upload_ref.clone(),
        entry_ref: join.claims.entry_ref.clone(),
        error,
    };
    report(join, command).await;
}

/// Sends the view a report, waiting a bounded time for room in its queue.
async fn report(join: &UploadJoin, command: UploadCommand) {
    let _ = join
        .view
        .send_timeout(Command::Upload(command), VIEW_TIMEOUT)
        .await;
}

async fn join_reply(join: &UploadJoin, outcome: Result<(), &str>) {
    let reference = join.reference.as_deref();
    let jr = Some(join.join_ref.as_str());
    let text = match outcome {
        Ok(()) => frame::reply(jr, reference, &join.topic, true, "{}"),
        Err(reason) => frame::error_reply(jr, reference, &join.topic, reason),
    };
    deliver(join, text).await;
}

async fn chunk_reply(join: &UploadJoin, reference: &str, outcome: Result<(), String>) {
    let jr = Some(join.join_ref.as_str());
    let text = match outcome {
        Ok(()) => frame::reply(jr, Some(reference), &join.topic, true, "{}"),
        Err(response) => frame::reply(jr, Some(reference), &join.topic, false, &response),
    };
    deliver(join, text).await;
}

/// Queues a frame for the client, waiting a bounded time for room (a client that does not
/// read is dropped by its connection meanwhile).
async fn deliver(join: &UploadJoin, text: String) {
    let _ = join
        .outbound
        .send_timeout(Outbound::Frame(text), VIEW_TIMEOUT)
        .await;
}
