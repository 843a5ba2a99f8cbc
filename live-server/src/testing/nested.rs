//! Nested views in the harness: the host that remembers each child a view rendered (so that
//! [`TestView::find_live_child`](super::TestView::find_live_child) can join it as the client
//! would), and the family of running test views for parent and child handles.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use live_core::nested::{LiveRender, NestedHost};
use live_core::runtime::ViewFactory;
use live_core::socket::MessageSink;
use live_core::{AppState, Session};
use serde_json::{Map, Value};

/// A child as its parent rendered it.
#[derive(Clone)]
pub(super) struct RenderedChild {
    pub(super) factory: &'static dyn ViewFactory,
    pub(super) session: Map<String, Value>,
    /// The id of the view that rendered it.
    pub(super) parent: String,
    pub(super) sticky: bool,
}

/// The children rendered and the views running in one [`LiveTest`](super::LiveTest).
#[derive(Default)]
pub(crate) struct Nesting {
    children: Mutex<HashMap<String, RenderedChild>>,
    family: Mutex<HashMap<String, Member>>,
}

/// A running view: its queue, and the id of the view that rendered it.
type Member = (Arc<dyn MessageSink>, Option<String>);

impl Nesting {
    /// The child `id` as last rendered.
    pub(super) fn child(&self, id: &str) -> Option<RenderedChild> {
        lock(&self.children).get(id).cloned()
    }

    /// Records a joined view (its handles reach it from its parent and children).
    pub(super) fn joined(&self, id: &str, sink: Arc<dyn MessageSink>, parent: Option<String>) {
        lock(&self.family).insert(id.to_owned(), (sink, parent));
    }

    /// Forgets a view that ended.
    pub(super) fn ended(&self, id: &str) {
        lock(&self.family).remove(id);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The harness's [`NestedHost`]: tokens are plain text (the harness checks no signature), and
/// each rendered child is remembered by id.
pub(super) struct TestHost {
    nesting: Arc<Nesting>,
    session: Map<String, Value>,
    state: AppState,
}

impl TestHost {
    pub(super) fn new(nesting: Arc<Nesting>, session: &Session, state: AppState) -> Self {
        TestHost {
            nesting,
            session: session.as_map().clone(),
            state,
        }
    }

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

impl NestedHost for TestHost {
    fn session_token(&self, parent_id: &str, child: &LiveRender) -> String {
        let rendered = RenderedChild {
            factory: child.factory(),
            session: self.child_data(child),
            parent: parent_id.to_owned(),
            sticky: child.is_sticky(),
        };
        lock(&self.nesting.children).insert(child.id().to_owned(), rendered);
        format!("test-session:{}", child.id())
    }

    fn static_token(&self, child: &LiveRender) -> String {
        format!("test-static:{}", child.id())
    }

    fn child_session(&self, child: &LiveRender) -> Session {
        let mut session = Session::from_map(self.child_data(child));
        session.set_state(self.state.clone());
        let host = TestHost::new(self.nesting.clone(), &session, self.state.clone());
        session.set_nested_host(Arc::new(host));
        session
    }

    fn parent_sink(&self, view_id: &str) -> Option<Arc<dyn MessageSink>> {
        let family = lock(&self.nesting.family);
        let parent = family.get(view_id)?.1.as_deref()?;
        family.get(parent).map(|(sink, _)| sink.clone())
    }

    fn child_sink(&self, view_id: &str, child_id: &str) -> Option<Arc<dyn MessageSink>> {
        lock(&self.nesting.family)
            .get(child_id)
            .filter(|(_, parent)| parent.as_deref() == Some(view_id))
            .map(|(sink, _)| sink.clone())
    }
}
