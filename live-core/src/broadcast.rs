//! A PubSub message: the typed value for the subscribers in this process (no copy, no encoding)
//! and its JSON encoding, made once and only when another process needs it.
//!
//! A topic carries one serde type. A broadcast made in this process holds the value itself;
//! subscribers of the same type receive a clone of it, subscribers of another type skip it. A
//! broadcast that arrived from another process holds the JSON bytes; the first subscriber of a
//! type decodes them and the others of that type reuse the decoded value. Bytes that do not
//! decode into the subscriber's type are an error the PubSub logs before dropping the message.

use std::any::{Any, TypeId};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A value shared by every subscriber that reads it.
type Shared = Arc<dyn Any + Send + Sync>;

/// Encodes the typed value of a broadcast (the type is fixed by [`Broadcast::new`]).
type Encoder = fn(&(dyn Any + Send + Sync)) -> Result<Vec<u8>, String>;

/// A message broadcast on a PubSub topic.
///
/// ```
/// use live_core::broadcast::Broadcast;
/// #[derive(Clone, serde::Serialize, serde::Deserialize, PartialEq, Debug)]
/// struct Shout(String);
///
/// // In this process: the value itself.
/// let here = Broadcast::new(Shout("hi".into()));
/// assert_eq!(here.decode::<Shout>()?, Some(Shout("hi".into())));
/// assert_eq!(here.decode::<u64>()?, None); // another type: not for this subscriber
///
/// // Across processes: the bytes, decoded on arrival.
/// let there = Broadcast::from_encoded(here.encode()?);
/// assert_eq!(there.decode::<Shout>()?, Some(Shout("hi".into())));
/// assert!(there.decode::<u64>().is_err()); // bytes of another type: logged and dropped
/// # Ok::<(), live_core::broadcast::BroadcastError>(())
/// ```
pub struct Broadcast {
    body: Body,
}

enum Body {
    /// Broadcast in this process.
    Value {
        value: Shared,
        encode: Encoder,
        encoded: OnceLock<Result<Arc<[u8]>, String>>,
    },
    /// Received from another process.
    Encoded {
        bytes: Arc<[u8]>,
        /// Decoded values (or why decoding failed) per subscriber type; usually one type.
        decoded: Mutex<Vec<(TypeId, Result<Shared, String>)>>,
    },
}

/// Why a broadcast could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BroadcastError(String);

impl fmt::Display for BroadcastError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BroadcastError {}

impl fmt::Debug for Broadcast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.body {
            Body::Value { .. } => f.write_str("Broadcast(value)"),
            Body::Encoded { bytes, .. } => write!(f, "Broadcast({} bytes)", bytes.len()),
        }
    }
}

impl Broadcast {
    /// A broadcast of `message`, made in this process.
    ///
    /// ```
    /// let b = live_core::broadcast::Broadcast::new(42_u64);
    /// assert_eq!(b.decode::<u64>(), Ok(Some(42)));
    /// ```
    pub fn new<M: Serialize + Send + Sync + 'static>(message: M) -> Self {
        fn encode<M: Serialize + 'static>(
            value: &(dyn Any + Send + Sync),
        ) -> Result<Vec<u8>, String> {
            let value = value
                .downcast_ref::<M>()
                .ok_or_else(|| "broadcast value of an unexpected type".to_owned())?;
            serde_json::to_vec(value).map_err(|e| e.to_string())
        }
        Broadcast {
            body: Body::Value {
                value: Arc::new(message),
                encode: encode::<M>,
                encoded: OnceLock::new(),
            },
        }
    }

    /// A broadcast received from another process as the JSON `bytes` of [`encode`](Self::encode).
    ///
    /// ```
    /// let b = live_core::broadcast::Broadcast::from_encoded(b"\"hello\"".to_vec());
    /// assert_eq!(b.decode::<String>(), Ok(Some("hello".to_owned())));
    /// ```
    pub fn from_encoded(bytes: impl Into<Arc<[u8]>>) -> Self {
        Broadcast {
            body: Body::Encoded {
                bytes: bytes.into(),
                decoded: Mutex::new(Vec::new()),
            },
        }
    }

    /// Whether this broadcast came from another process (it holds bytes, not a value).
    ///
    /// ```
    /// use live_core::broadcast::Broadcast;
    /// assert!(!Broadcast::new(1_u8).is_remote());
    /// assert!(Broadcast::from_encoded(b"1".to_vec()).is_remote());
    /// ```
    pub fn is_remote(&self) -> bool {
        matches!(self.body, Body::Encoded { .. })
    }

    /// The JSON encoding, for other processes; made once, on first use.
    ///
    /// ```
    /// let b = live_core::broadcast::Broadcast::new(vec![1, 2]);
    /// assert_eq!(&*b.encode()?, b"[1,2]");
    /// # Ok::<(), live_core::broadcast::BroadcastError>(())
    /// ```
    pub fn encode(&self) -> Result<Arc<[u8]>, BroadcastError> {
        match &self.body {
            Body::Value {
                value,
                encode,
                encoded,
            } => encoded
                .get_or_init(|| encode(&**value).map(Arc::from))
                .clone()
                .map_err(BroadcastError),
            Body::Encoded { bytes, .. } => Ok(bytes.clone()),
        }
    }

    /// The message as an `M`: `Ok(None)` when it is a value of another type (a subscriber of
    /// another type on the same topic), an error when it came as bytes that are not an `M`.
    ///
    /// ```
    /// let b = live_core::broadcast::Broadcast::from_encoded(b"{\"oops\":".to_vec());
    /// assert!(b.decode::<String>().is_err());
    /// ```
    pub fn decode<M>(&self) -> Result<Option<M>, BroadcastError>
    where
        M: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        match &self.body {
            Body::Value { value, .. } => Ok(value.downcast_ref::<M>().cloned()),
            Body::Encoded { bytes, decoded } => {
                let mut decoded = decoded.lock().unwrap_or_else(|p| p.into_inner());
                let id = TypeId::of::<M>();
                let entry = match decoded.iter().position(|(t, _)| *t == id) {
                    Some(at) => &decoded[at].1,
                    None => {
                        let value = serde_json::from_slice::<M>(bytes)
                            .map(|m| Arc::new(m) as Shared)
                            .map_err(|e| {
                                format!("cannot decode as {}: {e}", std::any::type_name::<M>())
                            });
                        decoded.push((id, value));
                        &decoded[decoded.len() - 1].1
                    }
                };
                match entry {
                    Ok(value) => Ok(value.downcast_ref::<M>().cloned()),
                    Err(why) => Err(BroadcastError(why.clone())),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Note {
        text: String,
    }

    #[test]
    fn a_remote_message_decodes_once_per_type() {
        let bytes = Broadcast::new(Note { text: "a".into() })
            .encode()
            .expect("encodes");
        let remote = Broadcast::from_encoded(bytes);
        for _ in 0..3 {
            assert_eq!(remote.decode::<Note>(), Ok(Some(Note { text: "a".into() })));
        }
        let Body::Encoded { decoded, .. } = &remote.body else {
            panic!("remote")
        };
        assert_eq!(decoded.lock().expect("lock").len(), 1);
    }

    #[test]
    fn bytes_of_another_type_are_an_error_every_time() {
        let remote = Broadcast::from_encoded(b"[1,2,3]".to_vec());
        assert!(remote.decode::<Note>().is_err());
        assert!(remote.decode::<Note>().is_err());
        assert_eq!(remote.decode::<Vec<u8>>(), Ok(Some(vec![1, 2, 3])));
    }
}
