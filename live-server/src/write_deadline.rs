//! A stream whose writes time out: a peer that stops reading fills its socket buffers, and a
//! write then waits for room forever. Wrapped around every accepted connection, this bounds
//! that wait for HTTP responses and for the WebSockets upgraded from them alike.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// `inner`, whose writes fail with [`io::ErrorKind::TimedOut`] once one has waited for room
/// longer than `limit`.
pub(crate) struct WriteDeadline<S> {
    inner: S,
    limit: Duration,
    /// Armed while a write waits for room; reset once it makes progress.
    waiting: Pin<Box<Sleep>>,
    armed: bool,
}

impl<S> WriteDeadline<S> {
    pub(crate) fn new(inner: S, limit: Duration) -> Self {
        WriteDeadline {
            inner,
            limit,
            waiting: Box::pin(tokio::time::sleep(limit)),
            armed: false,
        }
    }

    /// Called when the inner write is pending: starts the clock on the first wait, and fails once
    /// it ran out.
    fn pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        if !self.armed {
            self.armed = true;
            self.waiting.as_mut().reset(Instant::now() + self.limit);
        }
        ready!(self.waiting.as_mut().poll(cx));
        Poll::Ready(io::Error::new(
            io::ErrorKind::TimedOut,
            "the peer did not read what we wrote in time",
        ))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

/// Runs one write-side poll of the inner stream under the deadline.
macro_rules! under_deadline {
    ($this:ident, $cx:ident, $poll:expr) => {{
        let this = &mut *$this;
        match $poll(Pin::new(&mut this.inner), &mut *$cx) {
            Poll::Ready(outcome) => {
                this.armed = false;
                Poll::Ready(outcome)
            }
            Poll::Pending => match this.pending($cx) {
                Poll::Ready(err) => Poll::Ready(Err(err)),
                Poll::Pending => Poll::Pending,
            },
        }
    }};
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        under_deadline!(self, cx, |inner: Pin<&mut S>, cx: &mut Context<'_>| inner
            .poll_write(cx, buf))
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        under_deadline!(self, cx, |inner: Pin<&mut S>, cx: &mut Context<'_>| inner
            .poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        under_deadline!(self, cx, |inner: Pin<&mut S>, cx: &mut Context<'_>| inner
            .poll_flush(cx))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        under_deadline!(self, cx, |inner: Pin<&mut S>, cx: &mut Context<'_>| inner
            .poll_shutdown(cx))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::WriteDeadline;

    #[tokio::test]
    async fn a_write_nobody_reads_times_out_and_a_read_one_does_not() {
        // A 1 KiB pipe: the second write waits for room that never comes.
        let (ours, mut theirs) = tokio::io::duplex(1024);
        let mut stream = WriteDeadline::new(ours, Duration::from_millis(100));
        stream.write_all(&[1; 1024]).await.expect("fits the pipe");
        let err = stream
            .write_all(&[2; 1024])
            .await
            .expect_err("nobody reads");
        assert_eq!(err.kind(), std::io::ErrorKind::TimedOut);

        let (ours, mut reader) = tokio::io::duplex(1024);
        let mut stream = WriteDeadline::new(ours, Duration::from_millis(100));
        let drain = tokio::spawn(async move {
            let mut all = Vec::new();
            reader.read_to_end(&mut all).await.map(|_| all.len())
        });
        for _ in 0..50 {
            // Slower than the deadline in total, but each write makes progress in time.
            stream
                .write_all(&[3; 512])
                .await
                .expect("the reader keeps up");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        drop(stream);
        assert_eq!(drain.await.ok().and_then(Result::ok), Some(50 * 512));
        let _ = theirs.read(&mut [0; 1]).await;
    }
}
