//! Binary frames of the Phoenix serializer v2: how the client pushes an upload's chunks
//! (docs/protocol-bindings.md §6.4). Only the client's kind, a push, is read.

use tokio_tungstenite::tungstenite::Bytes;

/// A binary push from the client: its refs, topic and event, and the raw payload (a slice of
/// the received message, not a copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BinaryPush {
    pub(crate) join_ref: String,
    pub(crate) reference: String,
    pub(crate) topic: String,
    pub(crate) event: String,
    pub(crate) payload: Bytes,
}

/// Why a binary message is not a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BinaryFrameError(pub(crate) &'static str);

impl std::fmt::Display for BinaryFrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// The kind byte of a push.
const PUSH: u8 = 0;

impl BinaryPush {
    /// Parses `kind(0) len(join_ref) len(ref) len(topic) len(event) join_ref ref topic event
    /// payload`, every length one byte.
    pub(crate) fn parse(data: Bytes) -> Result<BinaryPush, BinaryFrameError> {
        let header = data
            .get(..5)
            .ok_or(BinaryFrameError("binary frame shorter than its header"))?;
        if header[0] != PUSH {
            return Err(BinaryFrameError(
                "binary frame of a kind clients do not send",
            ));
        }
        let lengths = [header[1], header[2], header[3], header[4]].map(usize::from);
        let mut at = 5;
        let mut texts = Vec::with_capacity(4);
        for length in lengths {
            let bytes = data.get(at..at + length).ok_or(BinaryFrameError(
                "binary frame shorter than its header says",
            ))?;
            let text = std::str::from_utf8(bytes)
                .map_err(|_| BinaryFrameError("binary frame header is not UTF-8"))?;
            texts.push(text.to_owned());
            at += length;
        }
        let [join_ref, reference, topic, event] =
            <[String; 4]>::try_from(texts).map_err(|_| BinaryFrameError("binary frame header"))?;
        Ok(BinaryPush {
            join_ref,
            reference,
            topic,
            event,
            payload: data.slice(at..),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_clients_chunk_frame() {
        let mut data = vec![0, 2, 2, 5, 5];
        data.extend_from_slice(b"1214lvu:0chunk");
        data.extend_from_slice(&[7, 8, 9]);
        let push = BinaryPush::parse(Bytes::from(data)).expect("a push");
        assert_eq!(
            (
                push.join_ref.as_str(),
                push.reference.as_str(),
                push.topic.as_str(),
                push.event.as_str()
            ),
            ("12", "14", "lvu:0", "chunk")
        );
        assert_eq!(&push.payload[..], &[7, 8, 9]);
    }

    #[test]
    fn refuses_broken_frames() {
        for bad in [
            &[][..],
            &[0, 1, 1, 1][..],
            &[1, 0, 0, 0, 0][..],
            &[0, 9, 0, 0, 0, b'a'][..],
            &[0, 1, 0, 0, 0, 0xff][..],
        ] {
            assert!(
                BinaryPush::parse(Bytes::copy_from_slice(bad)).is_err(),
                "{bad:?}"
            );
        }
    }
}
