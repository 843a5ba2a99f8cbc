//! [`Changeset`]: cast a form's params into a struct, validate them, collect errors per field.

use std::collections::BTreeSet;
use std::fmt::Display;
use std::ops::{Bound, RangeBounds};
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::component::Form;
use super::params::{field_is_used, EventParams, ParamsError, ParamsErrorKind};

/// One validation error: the field (a key of the form, `"email"`) and a message meant for the
/// user (`"can't be blank"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's key in the form.
    pub field: String,
    /// The message, e.g. `"should be at least 8 character(s)"`.
    pub message: String,
}

/// The params of one form, cast into a `T`, with validation errors per field: the changeset of
/// Ecto, for a Rust struct.
///
/// 1. [`cast`](Changeset::cast) takes the form's fields from an event (`user[…]` for the form
///    named `"user"`) and reads them into `T` through serde, field by field: a field that cannot
///    be read (`"abc"` for a `u8`) gets an error and keeps its default, the others are still
///    read. Derive `Default` on `T` and mark it `#[serde(default)]` so any field may fail or be
///    absent.
/// 2. Validations check the text the user typed and add errors: [`required`], [`length`],
///    [`format`], [`number`], [`confirmation`], [`acceptance`], [`inclusion`], and
///    [`validate`] for any check on the cast `T`.
/// 3. [`apply`](Changeset::apply) gives the `T` when there is no error, and
///    [`to_form`](Changeset::to_form) the [`Form`] a template renders, showing each error only
///    once the user touched its field ([`is_used`](Changeset::is_used)).
///
/// ```
/// use live_core::{Event, form::Changeset};
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Default, Debug)]
/// #[serde(default)]
/// struct Signup { email: String, age: Option<u8>, password: String }
///
/// fn changeset(event: &Event) -> Changeset<Signup> {
///     Changeset::cast(event.params(), "user")
///         .required(&["email", "password"])
///         .format("email", |email| email.contains('@'), "must have the @ sign")
///         .number("age", 13..=130)
///         .length("password", 8..)
/// }
///
/// // The user typed "ada" in the email field; the other fields are untouched.
/// let event = Event::form("validate", "user%5Bemail%5D=ada&user%5B_unused_age%5D=&user%5Bage%5D=\
///                                      &user%5B_unused_password%5D=&user%5Bpassword%5D=")
///     .with_meta(serde_json::json!({"_target": "user[email]"}));
/// let checked = changeset(&event);
/// assert!(!checked.is_valid());
/// assert_eq!(checked.errors_on("email").collect::<Vec<_>>(), ["must have the @ sign"]);
/// assert_eq!(checked.errors_on("password").collect::<Vec<_>>(), ["can't be blank"]);
/// assert!(checked.is_used("email") && !checked.is_used("password"));
///
/// // The form shows only the email's error: the password was not touched yet.
/// let form = checked.to_form();
/// assert_eq!(form.field("email").visible_errors(), ["must have the @ sign"]);
/// assert!(form.field("password").visible_errors().is_empty());
///
/// let submit = Event::form("save", "user%5Bemail%5D=ada%40example.com&user%5Bage%5D=36&user%5Bpassword%5D=correct+horse");
/// let signup = changeset(&submit).apply().expect("valid");
/// assert_eq!((signup.email.as_str(), signup.age), ("ada@example.com", Some(36)));
/// ```
///
/// [`required`]: Changeset::required
/// [`length`]: Changeset::length
/// [`format`]: Changeset::format
/// [`number`]: Changeset::number
/// [`confirmation`]: Changeset::confirmation
/// [`acceptance`]: Changeset::acceptance
/// [`inclusion`]: Changeset::inclusion
/// [`validate`]: Changeset::validate
#[derive(Debug, Clone)]
pub struct Changeset<T> {
    name: String,
    fields: Map<String, Value>,
    target: Option<String>,
    data: T,
    errors: Vec<FieldError>,
    uncast: BTreeSet<String>,
}

impl<T: DeserializeOwned + Default> Changeset<T> {
    /// A changeset without params: `T::default()`, no errors, nothing used (the first render of
    /// an empty form).
    ///
    /// ```
    /// # #[derive(serde::Deserialize, Default)] struct Signup { email: String }
    /// let empty = live_core::form::Changeset::<Signup>::new("user");
    /// assert!(empty.is_valid());
    /// assert_eq!(empty.to_form().field("email").name(), "user[email]");
    /// ```
    pub fn new(name: &str) -> Self {
        Changeset {
            name: name.to_owned(),
            fields: Map::new(),
            target: None,
            data: T::default(),
            errors: Vec::new(),
            uncast: BTreeSet::new(),
        }
    }

    /// Casts the fields of the form `name` in `params` (the map under `params[name]`, or the
    /// top level when `name` is `""`) into a `T`. Each field that cannot be read gets an error
    /// ("must be an integer from 0 to 255"; "can't be blank" for a missing field without
    /// default) and is left at its default, so the others are still cast.
    ///
    /// ```
    /// use live_core::form::{Changeset, EventParams};
    /// #[derive(serde::Deserialize, Default, Debug)]
    /// #[serde(default)]
    /// struct Item { name: String, count: u32 }
    ///
    /// let params = EventParams::from_form("item[name]=Pen&item[count]=many")?;
    /// let item = Changeset::<Item>::cast(&params, "item");
    /// assert_eq!(item.data().name, "Pen");
    /// assert_eq!(item.errors_on("count").collect::<Vec<_>>(), ["must be an integer from 0 to 4294967295"]);
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn cast(params: &EventParams, name: &str) -> Self {
        let fields = form_fields(params, name);
        let target = form_target(params, name);
        let (data, cast_errors) = cast_fields::<T>(&fields);
        let mut changeset = Changeset {
            name: name.to_owned(),
            fields,
            target,
            data,
            errors: Vec::new(),
            uncast: BTreeSet::new(),
        };
        for (field, error) in cast_errors {
            let message = match error.kind() {
                ParamsErrorKind::Missing => "can't be blank".to_owned(),
                ParamsErrorKind::Invalid { expected, .. } => format!("must be {expected}"),
                ParamsErrorKind::Other(_) => "is invalid".to_owned(),
            };
            changeset.uncast.insert(field.clone());
            changeset.errors.push(FieldError { field, message });
        }
        changeset
    }
}

/// The map of fields of the form `name` (`""`: the top level, minus `_target`).
pub(crate) fn form_fields(params: &EventParams, name: &str) -> Map<String, Value> {
    let fields = if name.is_empty() {
        params.as_value().as_object()
    } else {
        params.value_at(&[name]).and_then(Value::as_object)
    };
    let mut fields = fields.cloned().unwrap_or_default();
    if name.is_empty() {
        fields.remove("_target");
    }
    fields
}

/// The field of the form `name` that `_target` points at.
pub(crate) fn form_target(params: &EventParams, name: &str) -> Option<String> {
    let target = params.target()?;
    match (name.is_empty(), target.as_slice()) {
        (true, [field, ..]) => Some((*field).to_owned()),
        (false, [form, field, ..]) if *form == name => Some((*field).to_owned()),
        _ => None,
    }
}

/// Reads `fields` into a `T`; a field that fails is removed (so it takes its default) and the
/// read is retried, at most once per field.
fn cast_fields<T: DeserializeOwned + Default>(
    fields: &Map<String, Value>,
) -> (T, Vec<(String, ParamsError)>) {
    let mut remaining = Value::Object(fields.clone());
    let mut errors = Vec::new();
    for _ in 0..=fields.len() {
        let error = match EventParams::new(remaining.clone()).parse::<T>() {
            Ok(data) => return (data, errors),
            Err(error) => error,
        };
        let field = error.path().first().cloned().unwrap_or_default();
        let removed = remaining
            .as_object_mut()
            .and_then(|map| map.remove(&field))
            .is_some();
        errors.push((field, error));
        if !removed {
            break;
        }
    }
    (T::default(), errors)
}

impl<T> Changeset<T> {
    /// The text the user sent for `field`, if it is text.
    pub fn value(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Value::as_str)
    }

    /// The cast data. Fields with a cast error hold their default.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// Whether there is no error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every error, in the order found.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// The messages of the errors on `field`.
    pub fn errors_on<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.errors
            .iter()
            .filter(move |error| error.field == field)
            .map(|error| error.message.as_str())
    }

    /// Whether the user touched `field`: the change came from it (`_target`), or the client
    /// sent it without an `_unused_` marker (always so after a submit). See
    /// [`EventParams::is_used`].
    pub fn is_used(&self, field: &str) -> bool {
        self.target.as_deref() == Some(field) || field_is_used(&self.fields, field)
    }

    /// Adds an error on `field`.
    ///
    /// ```
    /// # #[derive(serde::Deserialize, Default)] struct Signup { email: String }
    /// let taken = live_core::form::Changeset::<Signup>::new("user")
    ///     .add_error("email", "has already been taken");
    /// assert!(!taken.is_valid());
    /// ```
    pub fn add_error(mut self, field: &str, message: impl Into<String>) -> Self {
        self.errors.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
        self
    }

    /// The `T` if there is no error, else the changeset back (to render its errors).
    pub fn apply(self) -> Result<T, Self> {
        if self.is_valid() {
            Ok(self.data)
        } else {
            Err(self)
        }
    }

    /// The form to render: the fields as sent, the errors, and what was used.
    pub fn to_form(&self) -> Form {
        Form::from_parts(
            &self.name,
            self.fields.clone(),
            self.target.clone(),
            self.errors.clone(),
        )
    }

    /// Runs `check` on the text of `field` when it was cast and is not empty.
    fn check_text(mut self, field: &str, check: impl FnOnce(&str) -> Option<String>) -> Self {
        if self.uncast.contains(field) {
            return self;
        }
        if let Some(message) = self
            .value(field)
            .filter(|text| !text.is_empty())
            .and_then(check)
        {
            self = self.add_error(field, message);
        }
        self
    }

    /// Each of `fields` must be present and not blank (only whitespace is blank; an empty list
    /// too): "can't be blank".
    ///
    /// ```
    /// use live_core::form::{Changeset, EventParams};
    /// # #[derive(serde::Deserialize, Default)] #[serde(default)] struct Signup { name: String, email: String }
    /// let params = EventParams::from_form("name=+&email=a%40b")?;
    /// let checked = Changeset::<Signup>::cast(&params, "").required(&["name", "email"]);
    /// assert_eq!(checked.errors_on("name").collect::<Vec<_>>(), ["can't be blank"]);
    /// assert_eq!(checked.errors_on("email").count(), 0);
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn required(mut self, fields: &[&str]) -> Self {
        for field in fields {
            if self.errors_on(field).next().is_some() {
                continue;
            }
            let blank = match self.fields.get(*field) {
                None | Some(Value::Null) => true,
                Some(Value::String(text)) => text.trim().is_empty(),
                Some(Value::Array(items)) => items.is_empty(),
                Some(Value::Object(map)) => map.is_empty(),
                Some(_) => false,
            };
            if blank {
                self = self.add_error(field, "can't be blank");
            }
        }
        self
    }

    /// The length of `field`, in characters (in items for a list), must be within `range`:
    /// "should be at least 2 character(s)", "should be at most 40 character(s)". An empty
    /// field is left to [`required`](Changeset::required).
    ///
    /// ```
    /// use live_core::form::{Changeset, EventParams};
    /// # #[derive(serde::Deserialize, Default)] #[serde(default)] struct Signup { name: String }
    /// let params = EventParams::from_form("name=J")?;
    /// let checked = Changeset::<Signup>::cast(&params, "").length("name", 2..=40);
    /// assert_eq!(checked.errors_on("name").collect::<Vec<_>>(), ["should be at least 2 character(s)"]);
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn length(mut self, field: &str, range: impl RangeBounds<usize>) -> Self {
        if self.uncast.contains(field) {
            return self;
        }
        let (count, unit) = match self.fields.get(field) {
            Some(Value::String(text)) if !text.is_empty() => (text.chars().count(), "character"),
            Some(Value::Array(items)) if !items.is_empty() => (items.len(), "item"),
            _ => return self,
        };
        let min = match range.start_bound() {
            Bound::Included(&n) => Some(n),
            Bound::Excluded(&n) => Some(n.saturating_add(1)),
            Bound::Unbounded => None,
        };
        let max = match range.end_bound() {
            Bound::Included(&n) => Some(n),
            Bound::Excluded(&n) => Some(n.saturating_sub(1)),
            Bound::Unbounded => None,
        };
        let message = match (min, max) {
            (Some(min), Some(max)) if min == max && count != min => {
                Some(format!("should be {min} {unit}(s)"))
            }
            (Some(min), _) if count < min => Some(format!("should be at least {min} {unit}(s)")),
            (_, Some(max)) if count > max => Some(format!("should be at most {max} {unit}(s)")),
            _ => None,
        };
        if let Some(message) = message {
            self = self.add_error(field, message);
        }
        self
    }

    /// The text of `field` must pass `check`, else the error is `message`. An empty field is
    /// left to [`required`](Changeset::required).
    ///
    /// ```
    /// use live_core::form::{Changeset, EventParams};
    /// # #[derive(serde::Deserialize, Default)] #[serde(default)] struct Signup { email: String }
    /// let params = EventParams::from_form("email=ada+lovelace")?;
    /// let checked = Changeset::<Signup>::cast(&params, "")
    ///     .format("email", |e| e.contains('@') && !e.contains(' '), "must have the @ sign and no spaces");
    /// assert_eq!(checked.errors_on("email").collect::<Vec<_>>(), ["must have the @ sign and no spaces"]);
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn format(self, field: &str, check: impl FnOnce(&str) -> bool, message: &str) -> Self {
        self.check_text(field, |text| (!check(text)).then(|| message.to_owned()))
    }

    /// `field` must be a number (of type `N`) within `range`: "must be greater than or equal to
    /// 13", "must be less than 100", or "must be a number". An empty field is left to
    /// [`required`](Changeset::required).
    ///
    /// ```
    /// use live_core::form::{Changeset, EventParams};
    /// # #[derive(serde::Deserialize, Default)] #[serde(default)] struct Signup { age: Option<u8> }
    /// let params = EventParams::from_form("age=9")?;
    /// let checked = Changeset::<Signup>::cast(&params, "").number("age", 13..=130);
    /// assert_eq!(checked.errors_on("age").collect::<Vec<_>>(), ["must be greater than or equal to 13"]);
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn number<N>(self, field: &str, range: impl RangeBounds<N>) -> Self
    where
        N: FromStr + PartialOrd + Display,
    {
        self.check_text(field, |text| {
            let Ok(number) = text.trim().parse::<N>() else {
                return Some("must be a number".to_owned());
            };
            match range.start_bound() {
                Bound::Included(min) if number < *min => {
                    return Some(format!("must be greater than or equal to {min}"))
                }
                Bound::Excluded(min) if number <= *min => {
                    return Some(format!("must be greater than {min}"))
                }
                _ => {}
            }
            match range.end_bound() {
                Bound::Included(max) if number > *max => {
                    Some(format!("must be less than or equal to {max}"))
                }
                Bound::Excluded(max) if number >= *max => Some(format!("must be less than {max}")),
                _ => None,
            }
        })
    }

    /// `{field}_confirmation` must equal `field` (a password typed twice); the error goes on
    /// the confirmation field: "does not match password". Checked once the confirmation was
    /// sent.
    ///
    /// ```
    /// use live_core::form::{Changeset, EventParams};
    /// # #[derive(serde::Deserialize, Default)] #[serde(default)] struct Signup { password: String }
    /// let params = EventParams::from_form("password=secret&password_confirmation=secert")?;
    /// let checked = Changeset::<Signup>::cast(&params, "").confirmation("password");
    /// assert_eq!(
    ///     checked.errors_on("password_confirmation").collect::<Vec<_>>(),
    ///     ["does not match password"]
    /// );
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn confirmation(mut self, field: &str) -> Self {
        let confirmation_field = format!("{field}_confirmation");
        let Some(confirmation) = self.fields.get(&confirmation_field) else {
            return self;
        };
        if self.fields.get(field) != Some(confirmation) {
            let message = format!("does not match {}", field.replace('_', " "));
            self = self.add_error(&confirmation_field, message);
        }
        self
    }

    /// `field` must be a true checkbox (`"true"`, `"on"`, `"1"` or `"yes"`): "must be
    /// accepted". With the hidden-input pattern (`terms=false&terms=true`) the last value wins.
    ///
    /// ```
    /// use live_core::form::{Changeset, EventParams};
    /// # #[derive(serde::Deserialize, Default)] #[serde(default)] struct Signup { terms: bool }
    /// let unchecked = EventParams::from_form("terms=false")?;
    /// let checked = EventParams::from_form("terms=false&terms=true")?;
    /// assert!(!Changeset::<Signup>::cast(&unchecked, "").acceptance("terms").is_valid());
    /// assert!(Changeset::<Signup>::cast(&checked, "").acceptance("terms").is_valid());
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn acceptance(mut self, field: &str) -> Self {
        let accepted = self.value(field).is_some_and(|text| {
            ["true", "on", "1", "yes"]
                .iter()
                .any(|t| t.eq_ignore_ascii_case(text.trim()))
        });
        if !accepted && self.errors_on(field).next().is_none() {
            self = self.add_error(field, "must be accepted");
        }
        self
    }

    /// The text of `field` must be one of `allowed`: "is invalid". An empty field is left to
    /// [`required`](Changeset::required).
    ///
    /// ```
    /// use live_core::form::{Changeset, EventParams};
    /// # #[derive(serde::Deserialize, Default)] #[serde(default)] struct Signup { plan: String }
    /// let params = EventParams::from_form("plan=gold")?;
    /// let checked = Changeset::<Signup>::cast(&params, "").inclusion("plan", &["free", "pro"]);
    /// assert_eq!(checked.errors_on("plan").collect::<Vec<_>>(), ["is invalid"]);
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn inclusion(self, field: &str, allowed: &[&str]) -> Self {
        self.check_text(field, |text| {
            (!allowed.contains(&text)).then(|| "is invalid".to_owned())
        })
    }

    /// Any check on the cast data; an `Err(message)` becomes an error on `field`. Skipped when
    /// `field` already has an error.
    ///
    /// ```
    /// use live_core::form::{Changeset, EventParams};
    /// #[derive(serde::Deserialize, Default)]
    /// #[serde(default)]
    /// struct Booking { nights: u32, guests: u32 }
    ///
    /// let params = EventParams::from_form("nights=2&guests=9")?;
    /// let checked = Changeset::<Booking>::cast(&params, "")
    ///     .validate("guests", |b| if b.guests <= 2 * b.nights { Ok(()) } else { Err("too many for the stay") });
    /// assert_eq!(checked.errors_on("guests").collect::<Vec<_>>(), ["too many for the stay"]);
    /// # Ok::<(), live_core::form::DecodeError>(())
    /// ```
    pub fn validate<E: Into<String>>(
        mut self,
        field: &str,
        check: impl FnOnce(&T) -> Result<(), E>,
    ) -> Self {
        if self.errors_on(field).next().is_some() {
            return self;
        }
        if let Err(message) = check(&self.data) {
            self = self.add_error(field, message);
        }
        self
    }
}
