//! Path and query parameters of the URL a view is mounted at.

use std::collections::BTreeMap;
use std::sync::Arc;

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
pub struct Params {
    values: BTreeMap<String, String>,
    /// The live action of the route that matched (`live_server::Router::live_action`).
    action: Option<Arc<str>>,
}

impl Params {
    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Sets `name` to `value` (a later value for the same name wins).
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }

    /// Every parameter, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The live action of the route the URL matched (Phoenix's `@live_action`): one view
    /// mounted at several routes (`/posts`, `/posts/new`, `/posts/:id/edit`) tells them apart
    /// by it. `None` for routes declared without one. Templates read it with
    /// [`Assigns::live_action`](crate::Assigns::live_action).
    ///
    /// ```
    /// let mut params = live_core::Params::default();
    /// assert_eq!(params.live_action(), None);
    /// params.set_live_action(Some("edit"));
    /// assert_eq!(params.live_action(), Some("edit"));
    /// ```
    pub fn live_action(&self) -> Option<&str> {
        self.action.as_deref()
    }

    /// Sets the live action (the router does this for the route that matched).
    pub fn set_live_action(&mut self, action: Option<&str>) {
        self.action = action.map(Arc::from);
    }
}
