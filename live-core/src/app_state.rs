//! The application's shared state (a database pool, a cache, a config), given once to the router
//! and reachable from every view without globals.

use std::any::Any;
use std::sync::Arc;

use crate::ConnectInfo;

/// Typed application state: at most one value per type, each behind an `Arc` and shared by every
/// view of the app. The server's router holds it (`live_server::Router::state`); views read it in
/// `mount` through [`Session::state`](crate::Session::state) and in every later callback through
/// [`Socket::state`](crate::Socket::state). The test harness takes its own, so each test can run
/// with its own state.
///
/// ```
/// use live_core::AppState;
/// struct Config { greeting: &'static str }
///
/// let mut state = AppState::default();
/// state.insert(Config { greeting: "hello" });
/// assert_eq!(state.get::<Config>().map(|c| c.greeting), Some("hello"));
/// assert!(state.get::<u32>().is_none());
/// ```
#[derive(Clone, Default, Debug, PartialEq)]
pub struct AppState {
    // The same typed map as connect info; only its meaning differs.
    values: ConnectInfo,
}

impl AppState {
    /// Stores `value`, replacing a value of the same type.
    ///
    /// ```
    /// let mut state = live_core::AppState::default();
    /// state.insert(1_u32);
    /// state.insert(2_u32);
    /// assert_eq!(state.get::<u32>(), Some(&2));
    /// ```
    pub fn insert<T: Any + Send + Sync>(&mut self, value: T) {
        self.values.insert(value);
    }

    /// Stores a value already behind an `Arc` (shared with the rest of the application, e.g.
    /// an axum handler's state).
    ///
    /// ```
    /// use std::sync::Arc;
    /// let pool = Arc::new(String::from("pool"));
    /// let mut state = live_core::AppState::default();
    /// state.insert_shared(pool.clone());
    /// assert!(Arc::ptr_eq(&state.get_shared::<String>().expect("stored"), &pool));
    /// ```
    pub fn insert_shared<T: Any + Send + Sync>(&mut self, value: Arc<T>) {
        self.values.insert_shared(value);
    }

    /// The value of type `T`.
    ///
    /// ```
    /// let mut state = live_core::AppState::default();
    /// state.insert(String::from("db"));
    /// assert_eq!(state.get::<String>().map(String::as_str), Some("db"));
    /// ```
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.values.get::<T>()
    }

    /// The value of type `T` as a shared pointer.
    ///
    /// ```
    /// let mut state = live_core::AppState::default();
    /// state.insert(7_u8);
    /// assert_eq!(state.get_shared::<u8>().as_deref(), Some(&7));
    /// ```
    pub fn get_shared<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.values.get_shared::<T>()
    }
}
