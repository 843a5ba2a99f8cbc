//! Asynchronous work started by a view: the state of an async assign, the `<.async_result>`
//! component that shows it, and the outcome of a task.

use std::any::Any;

use crate::{component, html, Rendered, Slot};

/// The state of an assign loaded by [`Socket::assign_async`](crate::Socket::assign_async):
/// templates can match on it to show a spinner, the data or the error.
///
/// ```
/// use live_core::AsyncResult;
/// let users: AsyncResult<Vec<&str>> = AsyncResult::default();
/// assert!(users.is_loading());
/// let users = AsyncResult::Ok(vec!["ada"]);
/// assert_eq!(users.ok().map(|u| u.len()), Some(1));
/// let failed: AsyncResult<()> = AsyncResult::Failed("timeout".into());
/// assert_eq!(failed.failed(), Some("timeout"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AsyncResult<T> {
    /// Not finished yet (the initial state).
    #[default]
    Loading,
    /// Finished with a value.
    Ok(T),
    /// The task returned an error or panicked; the message says why.
    Failed(String),
}

impl<T> AsyncResult<T> {
    /// Whether the task is still running.
    pub fn is_loading(&self) -> bool {
        matches!(self, AsyncResult::Loading)
    }

    /// The value, once loaded.
    pub fn ok(&self) -> Option<&T> {
        match self {
            AsyncResult::Ok(value) => Some(value),
            _ => None,
        }
    }

    /// The failure message, if the task failed.
    pub fn failed(&self) -> Option<&str> {
        match self {
            AsyncResult::Failed(message) => Some(message),
            _ => None,
        }
    }
}

/// The outcome of a task started with [`Socket::start_async`](crate::Socket::start_async),
/// given to [`LiveView::handle_async`](crate::LiveView::handle_async).
#[derive(Debug)]
pub struct AsyncOutcome(pub(crate) Result<Box<dyn Any + Send>, String>);

impl AsyncOutcome {
    /// The task's value as `T` (the type its future returned in `Ok`), or why it failed: the
    /// task's error, its panic message, or a type mismatch.
    ///
    /// ```
    /// use live_core::AsyncOutcome;
    /// let outcome = AsyncOutcome::from_value(42u32);
    /// assert_eq!(outcome.into_result::<u32>(), Ok(42));
    /// assert!(AsyncOutcome::from_error("boom").into_result::<u32>().is_err());
    /// ```
    pub fn into_result<T: 'static>(self) -> Result<T, String> {
        let value = self.0?;
        value
            .downcast::<T>()
            .map(|v| *v)
            .map_err(|_| format!("async result is not a {}", std::any::type_name::<T>()))
    }

    /// A successful outcome (for tests).
    pub fn from_value<T: Send + 'static>(value: T) -> Self {
        AsyncOutcome(Ok(Box::new(value)))
    }

    /// A failed outcome (for tests).
    pub fn from_error(message: impl Into<String>) -> Self {
        AsyncOutcome(Err(message.into()))
    }
}

/// An [`AsyncResult`] seen by a template: what `<.async_result :let={value} assign={@x}>`
/// matches on, so `:let` receives the loaded `&T` with its type known (`html!` writes the
/// match; the `<:failed :let={why}>` slot receives the message).
///
/// ```
/// use live_core::{html, AsyncResult};
/// struct Org { name: &'static str }
/// let show = |org: &AsyncResult<Org>| html! {
///     <.async_result :let={org} assign={org}>
///         <:loading>"Loading..."</:loading>
///         <:failed :let={why}>"Could not load: "{why}</:failed>
///         <b>{org.name}</b>
///     </.async_result>
/// }.to_html();
/// assert_eq!(show(&AsyncResult::Loading), "Loading...");
/// assert_eq!(show(&AsyncResult::Failed("timeout".into())), "Could not load: timeout");
/// assert_eq!(show(&AsyncResult::Ok(Org { name: "Acme" })), "<b>Acme</b>");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsyncView<'a, T> {
    /// Still loading.
    Loading,
    /// Failed, with the message.
    Failed(&'a str),
    /// Loaded: the value.
    Ok(&'a T),
}

impl<'a, T> AsyncView<'a, T> {
    /// The view of `result`.
    ///
    /// ```
    /// use live_core::{async_result::AsyncView, AsyncResult};
    /// assert_eq!(AsyncView::of(&AsyncResult::Ok(7)), AsyncView::Ok(&7));
    /// assert_eq!(AsyncView::of(&AsyncResult::<u8>::Failed("x".into())), AsyncView::Failed("x"));
    /// ```
    pub fn of(result: &'a AsyncResult<T>) -> Self {
        match result {
            AsyncResult::Loading => AsyncView::Loading,
            AsyncResult::Ok(value) => AsyncView::Ok(value),
            AsyncResult::Failed(message) => AsyncView::Failed(message),
        }
    }
}

/// The state of an [`AsyncResult`] without its value, as [`async_result()`] takes it
/// (`assign={&@org}` converts any `&AsyncResult<T>`).
///
/// ```
/// use live_core::async_result::AsyncState;
/// use live_core::AsyncResult;
/// let failed: AsyncResult<u8> = AsyncResult::Failed("timeout".into());
/// assert_eq!(AsyncState::from(&failed), AsyncState::Failed("timeout"));
/// assert_eq!(AsyncState::from(&AsyncResult::Ok(1)), AsyncState::Ok);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsyncState<'a> {
    /// Still loading.
    Loading,
    /// Loaded.
    Ok,
    /// Failed, with the message.
    Failed(&'a str),
}

impl<'a, T> From<&'a AsyncResult<T>> for AsyncState<'a> {
    fn from(result: &'a AsyncResult<T>) -> Self {
        match result {
            AsyncResult::Loading => AsyncState::Loading,
            AsyncResult::Ok(_) => AsyncState::Ok,
            AsyncResult::Failed(message) => AsyncState::Failed(message),
        }
    }
}

/// Shows an async assign (Phoenix's `<.async_result>`): the `<:loading>` slot while it loads,
/// the `<:failed>` slot (receiving the message with `:let`) when it failed, and the inner block
/// once it is loaded, where the template reads the value with
/// [`AsyncResult::ok`]. A missing slot renders nothing in its state. With a `:let` on the call
/// (`<.async_result :let={org} assign={@org}>`) `html!` matches the assign itself instead and
/// the inner block receives the loaded value, typed (see [`AsyncView`]).
///
/// ```
/// use live_core::async_result::async_result;
/// use live_core::{html, AsyncResult};
/// struct Org { name: &'static str }
/// let show = |org: &AsyncResult<Org>| html! {
///     <.async_result assign={org}>
///         <:loading>"Loading..."</:loading>
///         <:failed :let={why}>"Could not load: "{why}</:failed>
///         {org.ok().map_or("", |o| o.name)}
///     </.async_result>
/// }.to_html();
/// assert_eq!(show(&AsyncResult::Loading), "Loading...");
/// assert_eq!(show(&AsyncResult::Failed("timeout".into())), "Could not load: timeout");
/// assert_eq!(show(&AsyncResult::Ok(Org { name: "Acme" })), "Acme");
/// ```
#[component]
pub fn async_result<'a>(
    /// The async assign (`assign={&@org}`).
    assign: AsyncState<'a>,
    /// Shown while loading.
    loading: Option<Slot>,
    /// Shown when loading failed; `:let` receives the message.
    failed: Option<Slot<(), &'a str>>,
    /// Shown once loaded.
    inner_block: Slot,
) -> Rendered {
    html! {
        {match @assign {
            AsyncState::Loading => { {if let Some(slot) = loading { {slot} }} }
            AsyncState::Failed(why) => { {if let Some(slot) = failed { {slot.render(why)} }} }
            AsyncState::Ok => { {inner_block} }
        }}
    }
}
