//! An entry's temporary file as the upload channel writes it: chunks are copied into a batch
//! buffer as they arrive and written in batches by a blocking task, off the async threads and
//! off the path of the chunk's reply.
//!
//! Copying, rather than keeping the received chunks, lets each chunk's receive buffer go at
//! once, so the WebSocket reads the next chunk into the same memory instead of a fresh
//! allocation; the two batch buffers (one being written, one collecting) are reused for the
//! whole file.
//!
//! A chunk is acknowledged once it is collected, as a write into the operating system's page
//! cache would be: the file is whole only after [`BatchedFile::finish`], which the channel
//! awaits before it tells the view the entry is complete. A write error surfaces at the next
//! batch or at `finish`, and fails the entry.
//!
//! While a batch is being written the next one keeps collecting, up to [`MAX_PENDING`]: only
//! then does the channel wait for the disk (and with it the client, whose next chunk waits for
//! the reply). So a disk write does not stall the upload unless the disk is slower than the
//! network, and memory stays bounded whatever the file's size (one batch being written and at
//! most [`MAX_PENDING`] collected per upload).

use std::fs::File;
use std::io::Write;

use tokio::task::JoinHandle;

/// How many bytes are collected before a batch is written (one chunk of the default 512,000
/// bytes, 8 of Phoenix's 64,000).
const BATCH_BYTES: usize = 512 * 1024;

/// How many bytes may be collected while a batch is being written before the channel waits for
/// it; each batch buffer is allocated this large once (only what is written to is resident).
const MAX_PENDING: usize = 4 * BATCH_BYTES;

/// What a batch's blocking task hands back: the file, the emptied buffer, how the write went.
type Written = (File, Vec<u8>, std::io::Result<()>);

/// The file of one entry, written in batches.
pub(crate) struct BatchedFile {
    /// The file while no batch is being written.
    idle: Option<File>,
    /// The batch being written; it hands the file and its buffer back.
    writing: Option<JoinHandle<Written>>,
    /// The bytes collected for the next batch.
    pending: Vec<u8>,
    /// A written batch's buffer, for the batch after next.
    spare: Vec<u8>,
}

impl BatchedFile {
    pub(crate) fn new(file: File) -> BatchedFile {
        BatchedFile {
            idle: Some(file),
            writing: None,
            pending: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// Takes a chunk; starts writing a batch when enough is collected and the previous batch
    /// is written, or waits for that one when [`MAX_PENDING`] is collected.
    pub(crate) async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        if self.pending.capacity() == 0 {
            self.pending.reserve(MAX_PENDING.max(chunk.len()));
        }
        self.pending.extend_from_slice(chunk);
        let writing = self
            .writing
            .as_ref()
            .is_some_and(|handle| !handle.is_finished());
        if (self.pending.len() >= BATCH_BYTES && !writing) || self.pending.len() >= MAX_PENDING {
            self.start_batch().await?;
        }
        Ok(())
    }

    /// Writes everything collected and waits until it is in the file.
    pub(crate) async fn finish(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.start_batch().await?;
        }
        let file = self.wait().await?;
        self.idle = Some(file);
        Ok(())
    }

    async fn start_batch(&mut self) -> std::io::Result<()> {
        let mut file = self.wait().await?;
        let next = std::mem::take(&mut self.spare);
        let batch = std::mem::replace(&mut self.pending, next);
        self.writing = Some(tokio::task::spawn_blocking(move || {
            let result = file.write_all(&batch);
            let mut batch = batch;
            batch.clear();
            (file, batch, result)
        }));
        Ok(())
    }

    /// The file, once the batch being written (if any) is done; its buffer becomes the spare.
    async fn wait(&mut self) -> std::io::Result<File> {
        if let Some(writing) = self.writing.take() {
            let (file, buffer, result) = writing.await.map_err(std::io::Error::other)?;
            result?;
            // A buffer a huge chunk made grow is let go.
            if buffer.capacity() <= 2 * MAX_PENDING {
                self.spare = buffer;
            }
            return Ok(file);
        }
        self.idle
            .take()
            .ok_or_else(|| std::io::Error::other("the upload file was lost by a failed write"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn batches_reach_the_file_in_order() {
        let path = std::env::temp_dir().join(format!("live-batched-file-{}", std::process::id()));
        let mut file = BatchedFile::new(File::create(&path).expect("create"));
        let mut expected = Vec::new();
        // Chunks of odd sizes across several batches.
        for i in 0..100u32 {
            let chunk: Vec<u8> = (0..(70_001 + i)).map(|b| (b ^ i) as u8).collect();
            expected.extend_from_slice(&chunk);
            file.write(&chunk).await.expect("write");
        }
        file.finish().await.expect("finish");
        assert_eq!(std::fs::read(&path).expect("read"), expected);
        // Finishing again, with nothing collected, is fine.
        file.finish().await.expect("finish again");
        std::fs::remove_file(&path).expect("remove");
    }
}
