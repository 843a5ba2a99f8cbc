//! Values taken from the HTTP request that mounts a view (the page's `GET`, then the WebSocket
//! upgrade), keyed by type: the authenticated user an auth middleware found, the peer address,
//! shared application state.

use std::any::{Any, TypeId};
use std::sync::Arc;

/// Typed values from the request that mounts a view, readable in `mount` through
/// [`Session::connect_info`](crate::Session::connect_info).
///
/// Unlike the session's key/value data, these values are never signed into the page: the server
/// takes them again from each request, the `GET` of the static render and then the WebSocket
/// upgrade of the connected mount, so both mounts see what the request in front of them carried.
/// At most one value per type; inserting a second replaces the first.
///
/// ```
/// use live_core::ConnectInfo;
/// #[derive(Debug, PartialEq)]
/// struct CurrentUser(String);
///
/// let mut info = ConnectInfo::default();
/// info.insert(CurrentUser("ada".into()));
/// assert_eq!(info.get::<CurrentUser>(), Some(&CurrentUser("ada".into())));
/// assert_eq!(info.get::<u32>(), None);
/// assert_eq!(info.len(), 1);
/// ```
#[derive(Clone, Default)]
pub struct ConnectInfo {
    /// One entry per type; a handful at most, so a list beats a map.
    entries: Vec<Entry>,
}

#[derive(Clone)]
struct Entry {
    type_id: TypeId,
    type_name: &'static str,
    value: Arc<dyn Any + Send + Sync>,
}

impl ConnectInfo {
    /// Stores `value`, replacing a value of the same type.
    ///
    /// ```
    /// let mut info = live_core::ConnectInfo::default();
    /// info.insert(1_u8);
    /// info.insert(2_u8);
    /// assert_eq!(info.get::<u8>(), Some(&2));
    /// ```
    pub fn insert<T: Any + Send + Sync>(&mut self, value: T) {
        self.insert_shared(Arc::new(value));
    }

    /// Stores a value already behind an `Arc` (no copy of it is made).
    ///
    /// ```
    /// use std::sync::Arc;
    /// let shared = Arc::new(String::from("state"));
    /// let mut info = live_core::ConnectInfo::default();
    /// info.insert_shared(shared.clone());
    /// assert!(std::ptr::eq(info.get::<String>().unwrap(), &*shared));
    /// ```
    pub fn insert_shared<T: Any + Send + Sync>(&mut self, value: Arc<T>) {
        let entry = Entry {
            type_id: TypeId::of::<T>(),
            type_name: std::any::type_name::<T>(),
            value,
        };
        match self.entries.iter_mut().find(|e| e.type_id == entry.type_id) {
            Some(slot) => *slot = entry,
            None => self.entries.push(entry),
        }
    }

    /// The value of type `T`, if the request carried one.
    ///
    /// ```
    /// let mut info = live_core::ConnectInfo::default();
    /// info.insert(std::net::Ipv4Addr::LOCALHOST);
    /// assert!(info.get::<std::net::Ipv4Addr>().is_some_and(|ip| ip.is_loopback()));
    /// ```
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.entries
            .iter()
            .find(|e| e.type_id == TypeId::of::<T>())
            .and_then(|e| e.value.downcast_ref::<T>())
    }

    /// The value of type `T` as a shared pointer (for holding it past a borrow).
    ///
    /// ```
    /// let mut info = live_core::ConnectInfo::default();
    /// info.insert(String::from("pool"));
    /// let pool: std::sync::Arc<String> = info.get_shared::<String>().expect("stored");
    /// assert_eq!(*pool, "pool");
    /// ```
    pub fn get_shared<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.entries
            .iter()
            .find(|e| e.type_id == TypeId::of::<T>())
            .and_then(|e| e.value.clone().downcast::<T>().ok())
    }

    /// How many values it holds.
    ///
    /// ```
    /// assert_eq!(live_core::ConnectInfo::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no value.
    ///
    /// ```
    /// assert!(live_core::ConnectInfo::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The type names it holds (the values need not be `Debug`).
impl std::fmt::Debug for ConnectInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set()
            .entries(self.entries.iter().map(|e| e.type_name))
            .finish()
    }
}

/// Equal when both hold the same types with the very same values (the same `Arc`s, as after a
/// clone); values are not compared by content, since they need not be `PartialEq`.
impl PartialEq for ConnectInfo {
    fn eq(&self, other: &Self) -> bool {
        self.entries.len() == other.entries.len()
            && self.entries.iter().all(|mine| {
                other.entries.iter().any(|theirs| {
                    theirs.type_id == mine.type_id && Arc::ptr_eq(&theirs.value, &mine.value)
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::ConnectInfo;

    #[test]
    fn replaces_by_type_and_compares_by_identity() {
        let mut info = ConnectInfo::default();
        info.insert(String::from("a"));
        info.insert(7_u32);
        info.insert(String::from("b"));
        assert_eq!(info.len(), 2);
        assert_eq!(info.get::<String>().map(String::as_str), Some("b"));
        let copy = info.clone();
        assert_eq!(copy, info);
        let mut other = ConnectInfo::default();
        other.insert(String::from("b"));
        other.insert(7_u32);
        assert_ne!(
            other, info,
            "equal content in other Arcs is not the same value"
        );
        assert_eq!(format!("{info:?}"), r#"{"alloc::string::String", "u32"}"#);
    }
}
