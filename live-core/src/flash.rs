//! Flash messages: short notices (`info`, `error`, …) shown once, carried across navigation.

use std::collections::BTreeMap;

/// The flash of a view: at most one message per kind.
///
/// Views set it with [`Assigns::put_flash`](crate::Assigns::put_flash) and templates read it
/// with `assigns.flash().get("info")`. It survives `push_navigate` and `redirect` (the server
/// signs it into the navigation), and the client clears a kind with the `lv:clear-flash` event.
///
/// ```
/// use live_core::Flash;
/// let mut flash = Flash::default();
/// flash.put("info", "Saved");
/// assert_eq!(flash.get("info"), Some("Saved"));
/// flash.clear(Some("info"));
/// assert!(flash.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flash(BTreeMap<String, String>);

impl Flash {
    /// The message of `kind`.
    pub fn get(&self, kind: &str) -> Option<&str> {
        self.0.get(kind).map(String::as_str)
    }

    /// Sets the message of `kind`.
    pub fn put(&mut self, kind: impl Into<String>, message: impl Into<String>) {
        self.0.insert(kind.into(), message.into());
    }

    /// Clears `kind`, or every kind with `None`.
    pub fn clear(&mut self, kind: Option<&str>) {
        match kind {
            Some(kind) => {
                self.0.remove(kind);
            }
            None => self.0.clear(),
        }
    }

    /// Whether there is no message.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every `(kind, message)`, sorted by kind.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// As a JSON object (for signing into navigation tokens).
    pub fn to_json(&self) -> serde_json::Value {
        self.0
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }

    /// From a JSON object; other values give an empty flash, non-string messages are skipped.
    pub fn from_json(value: &serde_json::Value) -> Flash {
        let mut flash = Flash::default();
        if let Some(map) = value.as_object() {
            for (kind, message) in map {
                if let Some(message) = message.as_str() {
                    flash.put(kind.clone(), message);
                }
            }
        }
        flash
    }
}
