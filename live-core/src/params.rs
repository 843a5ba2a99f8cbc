//! Path and query parameters of the URL a view is mounted at.

use std::collections::BTreeMap;

/// Parameters from the route's path segments (`/thermostat/:house`) and the query string.
///
/// ```
/// use live_core::Params;
/// let mut params = Params::default();
/// params.insert("house", "garden");
/// assert_eq!(params.get("house"), Some("garden"));
/// assert_eq!(params.get("missing"), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Sets `name` to `value` (a later value for the same name wins).
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), value.into());
    }

    /// Every parameter, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
