//! Typed events: an enum whose variants are a view's events, decoded from the client's
//! [`Event`] by `#[derive(LiveEvent)]`, and checked against the templates at compile time.
//!
//! ```
//! use live_core::{Event, LiveEvent};
//!
//! #[derive(LiveEvent, Debug, PartialEq)]
//! enum Msg {
//!     Inc,
//!     Dec,
//!     /// `<button phx-click="set_step" phx-value-step="5">`
//!     SetStep { step: u32 },
//!     /// Any name: `phx-click="clear-all"`.
//!     #[live(name = "clear-all")]
//!     ClearAll,
//! }
//!
//! let click = |name: &str, value| Event::new("click", name, value);
//! assert_eq!(click("inc", serde_json::json!({})).decode::<Msg>()?, Msg::Inc);
//! let set = click("set_step", serde_json::json!({"step": "5", "value": ""}));
//! assert_eq!(set.decode::<Msg>()?, Msg::SetStep { step: 5 });
//! assert_eq!(click("clear-all", serde_json::json!({})).decode::<Msg>()?, Msg::ClearAll);
//! assert_eq!(Msg::NAMES, ["inc", "dec", "set_step", "clear-all"]);
//!
//! let error = click("incr", serde_json::json!({})).decode::<Msg>().unwrap_err();
//! assert_eq!(error.to_string(), r#"unknown event "incr" (did you mean "inc"?)"#);
//! let error = click("set_step", serde_json::json!({"step": "x"})).decode::<Msg>().unwrap_err();
//! assert_eq!(error.to_string(), r#"event "set_step": step: expected an integer from 0 to 4294967295, got "x""#);
//! # Ok::<(), live_core::live_event::EventError>(())
//! ```

use std::fmt;

use crate::event::Event;
use crate::form::ParamsError;

/// A set of events, usually an enum with `#[derive(LiveEvent)]`: one variant per event name.
///
/// The derive names a variant `SaveItem` `"save_item"` (snake case) unless it carries
/// `#[live(name = "…")]`. A unit variant takes no params; a variant with named fields reads
/// each field from the event's params with [`EventParams::get`](crate::EventParams::get) (a
/// `phx-value-id="7"` gives `id: u64` the value 7; `Option` fields may be absent); a variant
/// with one unnamed field reads all the params into it with
/// [`EventParams::parse`](crate::EventParams::parse) (a form's fields into a serde struct).
///
/// Put `#[live(events = Msg)]` on the view's `#[derive(LiveView)]` struct and `html!` checks
/// every literal event name of its templates (`phx-click="inc"`, `phx-submit`, `phx-change`,
/// `phx-keydown`, … and `JS::push("inc")`) against `NAMES` at compile time: an unknown name is
/// an error on its string literal, "unknown event `incr`", listing the declared names.
///
/// Written by hand:
///
/// ```
/// use live_core::{live_event::EventError, Event, LiveEvent};
/// enum Nav { Next, Back }
/// impl LiveEvent for Nav {
///     const NAMES: &'static [&'static str] = &["next", "back"];
///     fn from_event(event: &Event) -> Result<Self, EventError> {
///         match event.name() {
///             "next" => Ok(Nav::Next),
///             "back" => Ok(Nav::Back),
///             other => Err(EventError::unknown(other, Self::NAMES)),
///         }
///     }
/// }
/// assert!(matches!(Event::new("click", "back", serde_json::json!({})).decode::<Nav>(), Ok(Nav::Back)));
/// ```
pub trait LiveEvent: Sized {
    /// Every event name, in declaration order.
    const NAMES: &'static [&'static str];

    /// The typed event for `event`, or why it is not one of these.
    fn from_event(event: &Event) -> Result<Self, EventError>;
}

impl Event {
    /// This event as the typed event `E` (see [`LiveEvent`]). The error converts into a
    /// [`ViewError`](crate::ViewError) with `?`, which ends the view like an unhandled event
    /// in Phoenix (the client rejoins).
    ///
    /// ```
    /// use live_core::{Event, LiveEvent};
    /// #[derive(LiveEvent)]
    /// enum Msg { Remove { id: u64 } }
    /// let event = Event::new("click", "remove", serde_json::json!({"id": "7"}));
    /// let Msg::Remove { id } = event.decode::<Msg>()?;
    /// assert_eq!(id, 7);
    /// # Ok::<(), live_core::live_event::EventError>(())
    /// ```
    pub fn decode<E: LiveEvent>(&self) -> Result<E, EventError> {
        E::from_event(self)
    }
}

/// Why an [`Event`] is not one of a [`LiveEvent`]'s variants.
///
/// ```
/// use live_core::live_event::EventError;
/// let error = EventError::unknown("sav", &["save", "cancel"]);
/// assert_eq!(error.name(), "sav");
/// assert_eq!(error.to_string(), r#"unknown event "sav" (did you mean "save"?)"#);
/// let error = EventError::unknown("zzz", &["save", "cancel"]);
/// assert_eq!(error.to_string(), r#"unknown event "zzz" (known: "save", "cancel")"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventError {
    /// No variant has this name.
    Unknown {
        /// The name the client sent.
        name: String,
        /// The declared names.
        known: &'static [&'static str],
    },
    /// The variant's params did not decode.
    Params {
        /// The event's name.
        name: String,
        /// What is wrong, naming the field.
        error: ParamsError,
    },
}

impl EventError {
    /// An event name that is none of `known`.
    pub fn unknown(name: &str, known: &'static [&'static str]) -> Self {
        EventError::Unknown {
            name: truncated(name),
            known,
        }
    }

    /// Params of the event `name` that did not decode.
    ///
    /// ```
    /// use live_core::{live_event::EventError, EventParams};
    /// let error = EventParams::default().get::<u64>("id").unwrap_err();
    /// assert_eq!(EventError::params("remove", error).to_string(), r#"event "remove": id: missing field"#);
    /// ```
    pub fn params(name: &str, error: ParamsError) -> Self {
        EventError::Params {
            name: truncated(name),
            error,
        }
    }

    /// The event's name, as the client sent it (at most 64 characters are kept).
    pub fn name(&self) -> &str {
        match self {
            EventError::Unknown { name, .. } | EventError::Params { name, .. } => name,
        }
    }
}

/// A client's name is data: keep error messages (and logs) bounded.
fn truncated(name: &str) -> String {
    name.chars().take(64).collect()
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::Unknown { name, known } => {
                write!(f, "unknown event {name:?}")?;
                match closest(name, known) {
                    Some(close) => write!(f, " (did you mean {close:?}?)"),
                    None => {
                        f.write_str(" (known: ")?;
                        for (i, known) in known.iter().enumerate() {
                            if i > 0 {
                                f.write_str(", ")?;
                            }
                            write!(f, "{known:?}")?;
                        }
                        f.write_str(")")
                    }
                }
            }
            EventError::Params { name, error } => write!(f, "event {name:?}: {error}"),
        }
    }
}

impl std::error::Error for EventError {}

/// The name of `known` closest to `name`, when it is close enough to be a typo: at most a third
/// of its length in edits, or the same once `-` and `_` are treated alike.
pub fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let normal = |s: &str| s.replace('-', "_").to_lowercase();
    if let Some(same) = known.iter().find(|k| normal(k) == normal(name)) {
        return Some(same);
    }
    known
        .iter()
        .map(|k| (distance(name, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count().max(name.chars().count()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance (names are short; the client's name is bounded by the caller).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().take(64).enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// What `#[derive(LiveEvent)]` and `html!` generate to check event names at compile time.
///
/// For each literal event name, `html!` declares a type named like it (`-` read as `_`) and
/// asks the view's names for it: `events.event::<incrment, _>()`. The derive's names type has that
/// method only for the names it declares (through its own trait, whose
/// `#[diagnostic::on_unimplemented]` names the unknown event and lists the declared ones), so
/// an unknown name is one error on the literal:
///
/// ```text
/// error[E0277]: unknown event `incrment`
///    |             <button phx-click="incrment">"+1"</button>
///    |                               ^^^^^^^^^^ not an event of `Msg`
///    = note: `Msg` declares the events "inc", "dec", "increment"
/// ```
#[doc(hidden)]
pub mod check {
    use std::marker::PhantomData;

    /// Implemented by `#[derive(LiveEvent)]`: the type of its names, whose method
    /// `event::<K, _>()` exists for the declared names `K`.
    pub trait EventNames {
        /// The names.
        type Names;
        /// Its value.
        const NAMES: Self::Names;
    }

    /// One character of an event name, as a type: a name is the tuple of its characters.
    pub struct Char<const C: char>;

    /// Implemented by `html!` for the type it declares for a name: the name's characters (`-`
    /// read as `_`), the key of [`Declared`].
    pub trait Name {
        /// A tuple of [`Char`].
        type Chars;
    }

    /// Implemented by `#[derive(LiveEvent)]` on its names type, once per declared name (the
    /// tuple of its [`Char`]s): how the name writes its separators.
    pub trait Declared<Chars> {
        /// A [`Spelling`].
        type Spelling;
    }

    /// A declared name whose separators are `-` at the bits of `HYPHENS` (bit `i` for the
    /// `i`-th `-` or `_`) and `_` elsewhere.
    pub struct Spelling<const HYPHENS: u64>;

    /// A name of a view without declared events: any spelling.
    pub struct AnySpelling;

    /// The names of a view or component without declared events: any name.
    #[derive(Default)]
    pub struct AnyEvents;

    /// Any name `K` is one of [`AnyEvents`], of any spelling `S`.
    pub trait AnyName<K, S> {}
    impl<K> AnyName<K, AnySpelling> for AnyEvents {}

    impl AnyEvents {
        /// Any name is one (`S` is [`AnySpelling`]).
        pub fn event<K, S>(&self) -> PhantomData<S>
        where
            Self: AnyName<K, S>,
        {
            PhantomData
        }
    }

    /// A name written with the separators `HYPHENS` matches the declared one.
    #[diagnostic::on_unimplemented(
        message = "this event name mixes up `-` and `_`",
        label = "declared with the other separator",
        note = "`#[derive(LiveEvent)]` declares this name with `-` where it is written `_` here, or the other way round: write it exactly as declared (a variant's name is its snake case, or its `#[live(name = \"…\")]`)"
    )]
    pub trait Spelled<const HYPHENS: u64> {}
    impl<const HYPHENS: u64> Spelled<HYPHENS> for Spelling<HYPHENS> {}
    impl<const HYPHENS: u64> Spelled<HYPHENS> for AnySpelling {}

    /// The check `html!` emits for one event name, of the spelling `event::<K, _>()` gives.
    pub fn spelled<const HYPHENS: u64, T: Spelled<HYPHENS>>(_: PhantomData<T>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names() {
        let known = &["save_item", "inc", "dec", "increment"];
        assert_eq!(closest("save-item", known), Some("save_item"));
        assert_eq!(closest("incrment", known), Some("increment"));
        assert_eq!(closest("inc", known), Some("inc"));
        assert_eq!(closest("xyz", known), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn long_names_are_truncated() {
        let name = "x".repeat(10_000);
        let error = EventError::unknown(&name, &["a"]);
        assert_eq!(error.name().len(), 64);
    }
}
