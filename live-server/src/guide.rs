//! The guide for Phoenix users: LiveView concepts, one chapter each, mapped to **live**
//! (documentation only: this module and its chapters hold no code).
#![doc = include_str!("docs/guide/index.md")]

#[doc = include_str!("docs/guide/views.md")]
pub mod views {}

#[doc = include_str!("docs/guide/templates.md")]
pub mod templates {}

#[doc = include_str!("docs/guide/events.md")]
pub mod events {}

#[doc = include_str!("docs/guide/forms.md")]
pub mod forms {}

#[doc = include_str!("docs/guide/components.md")]
pub mod components {}

#[doc = include_str!("docs/guide/nested_views.md")]
pub mod nested_views {}

#[doc = include_str!("docs/guide/navigation.md")]
pub mod navigation {}

#[doc = include_str!("docs/guide/pubsub.md")]
pub mod pubsub {}

#[doc = include_str!("docs/guide/testing.md")]
pub mod testing {}

#[doc = include_str!("docs/guide/deployment.md")]
pub mod deployment {}

#[doc = include_str!("docs/guide/streams_and_uploads.md")]
pub mod streams_and_uploads {}
