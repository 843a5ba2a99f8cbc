//! Nested views on the server (docs/protocol.md §2.5): the host that signs the tokens of the
//! children a view renders, the registry that lets a child's join mount the view type its
//! token names, and the family of a connection (which view is whose parent), through which
//! parents and children reach each other's `handle_info`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use live_core::nested::{LiveRender, NestedHost};
use live_core::runtime::ViewFactory;
use live_core::socket::MessageSink;
use live_core::{ConnectInfo, Flash, Session};
use serde_json::{Map, Value};

use super::topic_map::TopicMap;
use crate::security::view_token::{self, Nesting, ViewClaims};
use crate::server::AppState;

/// The view types rendered as children so far, by name: a child's join mounts the type its
/// token names. Bounded by the number of view types in the program.
#[derive(Default)]
pub(crate) struct ChildViews(Mutex<HashMap<&'static str, &'static dyn ViewFactory>>);

impl ChildViews {
    fn register(&self, factory: &'static dyn ViewFactory) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(factory.name())
            .or_insert(factory);
    }

    /// The view type named `name`, if a view rendered it as a child since the server started.
    pub(crate) fn find(&self, name: &str) -> Option<&'static dyn ViewFactory> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(name)
            .copied()
    }
}

/// One running view of a connection, for the family's look-ups.
struct Member {
    sink: Arc<dyn MessageSink>,
    /// The id of the view that rendered it (`None` for routed and sticky views).
    parent: Option<String>,
}

/// The running views of one connection and who rendered whom, by view id.
#[derive(Default)]
pub(crate) struct Family(Mutex<TopicMap<Member>>);

impl Family {
    /// Records the view `id` (replacing a previous join of the same id).
    pub(crate) fn insert(&self, id: &str, sink: Arc<dyn MessageSink>, parent: Option<String>) {
        self.lock().insert(id.to_owned(), Member { sink, parent });
    }

    /// Forgets the view `id`.
    pub(crate) fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, TopicMap<Member>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The [`NestedHost`] the server lends each view it mounts, over HTTP or on a connection.
#[derive(Clone)]
pub(crate) struct ServerHost {
    app: Arc<AppState>,
    /// The live session of the page: children belong to it too.
    live_session: String,
    /// The session data of the view; its children mount with it plus their own entries.
    session: Map<String, Value>,
    connect_info: ConnectInfo,
    /// The connection's views; `None` for the HTTP render.
    family: Option<Arc<Family>>,
}

impl ServerHost {
    /// The host of a view of `live_session` mounted with `session` by a request that carried
    /// `connect_info`.
    pub(crate) fn new(
        app: Arc<AppState>,
        live_session: &str,
        session: &Session,
        connect_info: ConnectInfo,
        family: Option<Arc<Family>>,
    ) -> Self {
        ServerHost {
            app,
            live_session: live_session.to_owned(),
            session: session.as_map().clone(),
            connect_info,
            family,
        }
    }

    /// The session data of `child`: the parent's, and the child's own entries over it.
    fn child_data(&self, child: &LiveRender) -> Map<String, Value> {
        let mut data = self.session.clone();
        data.extend(
            child
                .session_data()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        data
    }
}

impl NestedHost for ServerHost {
    fn session_token(&self, parent_id: &str, child: &LiveRender) -> String {
        self.app.child_views.register(child.factory());
        let claims = ViewClaims {
            id: child.id().to_owned(),
            view: child.factory().name().to_owned(),
            live_session: self.live_session.clone(),
            session: Session::from_map(self.child_data(child)),
            flash: Flash::default(),
            nesting: if child.is_sticky() {
                Nesting::Sticky
            } else {
                Nesting::Child {
                    parent: parent_id.to_owned(),
                }
            },
        };
        view_token::sign_session(&self.app.signer, &claims)
    }

    fn static_token(&self, child: &LiveRender) -> String {
        let claims = ViewClaims {
            id: child.id().to_owned(),
            view: child.factory().name().to_owned(),
            live_session: self.live_session.clone(),
            session: Session::default(),
            flash: Flash::default(),
            nesting: Nesting::Root,
        };
        view_token::sign_static(&self.app.signer, &claims)
    }

    fn child_session(&self, child: &LiveRender) -> Session {
        let mut session = Session::from_map(self.child_data(child));
        session.set_connect_info(self.connect_info.clone());
        session.set_state(self.app.router.app_state().clone());
        let mut host = self.clone();
        host.session = session.as_map().clone();
        session.set_nested_host(Arc::new(host));
        session
    }

    fn parent_sink(&self, view_id: &str) -> Option<Arc<dyn MessageSink>> {
        let members = self.family.as_ref()?.lock();
        let parent = members.get(view_id)?.parent.as_deref()?;
        members.get(parent).map(|m| m.sink.clone())
    }

    fn child_sink(&self, view_id: &str, child_id: &str) -> Option<Arc<dyn MessageSink>> {
        let members = self.family.as_ref()?.lock();
        members
            .get(child_id)
            .filter(|m| m.parent.as_deref() == Some(view_id))
            .map(|m| m.sink.clone())
    }
}
