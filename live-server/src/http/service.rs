//! live as a `tower::Service`: the pages, the client bundle, plain routes and the WebSocket
//! upgrade, mountable in axum (`fallback_service`, `route_service`) or any tower stack.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http_body_util::Full;
use hyper::body::{Body, Bytes};
use hyper::{Request, Response};

use super::BoxError;
use crate::pubsub::PubSub;
use crate::server::AppState;

/// The body of every response of [`LiveService`]: the whole answer in one buffer.
///
/// ```
/// use hyper::body::Body;
/// let body = live_server::ResponseBody::from("<p>hi</p>");
/// assert_eq!(body.size_hint().exact(), Some(9));
/// ```
pub type ResponseBody = Full<Bytes>;

/// The future of [`LiveService::call`](tower_service::Service::call): boxed, `Send`, never an
/// error.
///
/// ```
/// use tower_service::Service;
/// let mut live = live_server::Server::new(live_server::Router::new()).into_service();
/// let request = hyper::Request::get("/").body(http_body_util::Empty::<hyper::body::Bytes>::new()).unwrap();
/// let future: live_server::ResponseFuture = live.call(request);
/// # drop(future);
/// ```
pub type ResponseFuture =
    Pin<Box<dyn Future<Output = Result<Response<ResponseBody>, Infallible>> + Send>>;

/// A live application as a [`tower_service::Service`]: answers the pages of live routes, the
/// client bundle at `/assets/live.js`, plain routes, files, and the WebSocket upgrade on
/// `/live/websocket`, exactly as the standalone [`Server`](crate::Server) does (it is the same
/// code).
///
/// Build it with [`Server::into_service`](crate::Server::into_service). It takes an
/// `http::Request<B>` for any body `B` (hyper's, axum's `Body`), never fails, and is cheap to
/// clone (one `Arc`). Mount it in axum with `Router::fallback_service`, so axum's own routes
/// answer first and live the rest, or under a path prefix with `Router::nest_service(prefix, …)`
/// and the same prefix in [`Config::mount_path`](crate::Config::mount_path) (the page then
/// points the client at `{prefix}/live/websocket` and `{prefix}/assets/live.js`). The upgrade goes through the
/// `hyper::upgrade::OnUpgrade` hyper puts in the request extensions, which axum and tower layers
/// pass on; serve with upgrades enabled (`axum::serve` does).
///
/// Request extensions set by middleware in front of it reach `mount` through
/// [`Router::connect_info`](crate::Router::connect_info).
///
/// ```
/// use http_body_util::{BodyExt, Empty};
/// use hyper::body::Bytes;
/// use tower_service::Service;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mut live = live_server::Server::new(live_server::Router::new()).into_service();
/// let request = hyper::Request::get("/assets/live.js").body(Empty::<Bytes>::new()).unwrap();
/// let response = live.call(request).await.unwrap();
/// assert_eq!(response.status(), 200);
/// let script = response.into_body().collect().await.unwrap().to_bytes();
/// assert!(script.len() > 10_000, "the client bundle");
/// # }
/// ```
///
/// In axum, beside JSON routes and under tower layers (see `examples/axum-app`):
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use axum::{routing::get, Json, Router};
///
/// let live = live_server::Server::new(live_server::Router::new()).into_service();
/// let app = Router::new()
///     .route("/api/health", get(|| async { Json("ok") }))
///     .fallback_service(live);
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:4000").await?;
/// axum::serve(listener, app).await
/// # }
/// ```
#[derive(Clone)]
pub struct LiveService {
    state: Arc<AppState>,
}

impl std::fmt::Debug for LiveService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveService")
            .field("router", &self.state.router)
            .finish()
    }
}

impl LiveService {
    pub(crate) fn new(state: Arc<AppState>) -> Self {
        LiveService { state }
    }

    /// The PubSub of the application: broadcast from an axum handler or any task to the views
    /// subscribed to a topic.
    ///
    /// ```
    /// let live = live_server::Server::new(live_server::Router::new()).into_service();
    /// live.pubsub().publish("stats", 42_u64);
    /// ```
    pub fn pubsub(&self) -> Arc<dyn PubSub> {
        self.state.pubsub.clone()
    }

    /// Ends every connected view: each view's `terminate` runs with
    /// [`TerminateReason::Shutdown`](live_core::TerminateReason::Shutdown) and every socket
    /// closes with code 1012, so clients reconnect to the next server instead of reloading. Call
    /// it from the graceful shutdown of the server that hosts the service (axum's
    /// `with_graceful_shutdown`); the sockets are no longer that server's connections once
    /// upgraded, so it would not wait for them.
    ///
    /// ```
    /// let live = live_server::Server::new(live_server::Router::new()).into_service();
    /// live.shutdown();
    /// ```
    pub fn shutdown(&self) {
        self.state.shutdown.send_replace(true);
    }
}

impl<B> tower_service::Service<Request<B>> for LiveService
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = Response<ResponseBody>;
    type Error = Infallible;
    type Future = ResponseFuture;

    /// Always ready: each request is answered on its own.
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<B>) -> ResponseFuture {
        let state = self.state.clone();
        Box::pin(async move { Ok(super::handle(req, state).await) })
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::{BodyExt, Empty};
    use hyper::body::Bytes;
    use hyper::{Request, StatusCode};
    use tower_service::Service;

    use crate::{Router, Server};

    fn upgrade_request() -> Request<Empty<Bytes>> {
        Request::get("/live/websocket?vsn=2.0.0")
            .header("connection", "Upgrade")
            .header("upgrade", "websocket")
            .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
            .body(Empty::new())
            .expect("a valid request")
    }

    #[tokio::test]
    async fn refuses_an_upgrade_the_connection_cannot_make() {
        let mut live = Server::new(Router::new()).into_service();
        let response = live.call(upgrade_request()).await.expect("infallible");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = response
            .into_body()
            .collect()
            .await
            .expect("infallible")
            .to_bytes();
        assert_eq!(&body[..], b"this connection cannot be upgraded\n");
    }

    #[tokio::test]
    async fn answers_unknown_paths_with_the_not_found_page() {
        let mut live = Server::new(Router::new()).into_service();
        let request = Request::get("/nowhere")
            .body(Empty::<Bytes>::new())
            .expect("a valid request");
        let response = live.call(request).await.expect("infallible");
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
