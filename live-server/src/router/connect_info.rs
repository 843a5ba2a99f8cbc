//! Connect info: which request extensions the router hands to `mount` (through
//! [`Session::connect_info`](live_core::Session::connect_info)), taken from the page's `GET` for
//! the static render and from the WebSocket upgrade for the connected mount.

use std::sync::Arc;

use hyper::http::Extensions;
use live_core::ConnectInfo;

/// Copies one extension type from a request into the connect info.
pub(crate) type Copier = Arc<dyn Fn(&Extensions, &mut ConnectInfo) + Send + Sync>;

/// The copier of the extension type `T`.
pub(crate) fn copier<T: Clone + Send + Sync + 'static>() -> Copier {
    Arc::new(|extensions: &Extensions, info: &mut ConnectInfo| {
        if let Some(value) = extensions.get::<T>() {
            info.insert(value.clone());
        }
    })
}

/// The connect info `copiers` take from a request's `extensions`.
pub(crate) fn collect(copiers: &[Copier], extensions: &Extensions) -> ConnectInfo {
    let mut info = ConnectInfo::default();
    for copy in copiers {
        copy(extensions, &mut info);
    }
    info
}

#[cfg(test)]
mod tests {
    use super::{collect, copier};

    #[derive(Clone, Debug, PartialEq)]
    struct User(&'static str);

    #[test]
    fn copies_only_the_named_types_that_are_present() {
        let mut extensions = hyper::http::Extensions::new();
        extensions.insert(User("ada"));
        extensions.insert(5_u16);
        let info = collect(&[copier::<User>(), copier::<String>()], &extensions);
        assert_eq!(info.get::<User>(), Some(&User("ada")));
        assert_eq!(info.get::<u16>(), None, "not named by the router");
        assert_eq!(info.get::<String>(), None, "named but absent");
        assert_eq!(info.len(), 1);
    }
}
