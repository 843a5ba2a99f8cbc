//! Session data carried, signed, from the HTTP render to the connected mount.

use serde_json::{Map, Value};

/// Key/value data of the user's session, available to `mount`.
///
/// The server signs it into the page's session token, so what the disconnected mount saw is what
/// the connected mount sees.
///
/// ```
/// use live_core::Session;
/// let mut session = Session::default();
/// session.insert("user_id", 7);
/// assert_eq!(session.get("user_id").and_then(|v| v.as_i64()), Some(7));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session(Map<String, Value>);

impl Session {
    /// A session holding `map`.
    pub fn from_map(map: Map<String, Value>) -> Self {
        Session(map)
    }

    /// The value stored under `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Stores `value` under `key`.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) {
        self.0.insert(key.into(), value.into());
    }

    /// The underlying map.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }
}
