//! Plain (non-live) HTTP routes: handlers that answer a request with a response, with access to
//! the signed session (e.g. a login form that stores the user) and the flash.

use std::sync::Arc;

use live_core::{Flash, Params, Session};

/// A request to a plain route.
#[derive(Debug)]
pub struct Request {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) params: Params,
    pub(crate) session: Session,
    pub(crate) session_changed: bool,
    pub(crate) csrf_token: String,
    pub(crate) flash: Flash,
}

impl Request {
    /// `GET` or `POST`.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A path, query or (for `POST`) urlencoded form parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name)
    }

    /// Every parameter.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The session data.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The session data, to change; changes are saved in the signed session cookie.
    pub fn session_mut(&mut self) -> &mut Session {
        self.session_changed = true;
        &mut self.session
    }

    /// A CSRF token for a form posting to this server (as a hidden `_csrf_token` input).
    pub fn csrf_token(&self) -> &str {
        &self.csrf_token
    }

    /// The flash a previous redirect carried to this request.
    pub fn flash(&self) -> &Flash {
        &self.flash
    }
}

/// The response of a plain route.
///
/// ```
/// use live_server::handler::Response;
/// let page = Response::html("<p>hi</p>");
/// assert_eq!(page.status(), 200);
/// let away = Response::redirect("/").with_flash("info", "Welcome back");
/// assert_eq!(away.status(), 302);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: String,
    pub(crate) location: Option<String>,
    pub(crate) flash: Flash,
}

impl Response {
    /// A `200` HTML page.
    pub fn html(body: impl Into<String>) -> Self {
        Response {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: body.into(),
            location: None,
            flash: Flash::default(),
        }
    }

    /// A `200` plain-text body.
    pub fn text(body: impl Into<String>) -> Self {
        Response {
            content_type: "text/plain; charset=utf-8",
            ..Response::html(body)
        }
    }

    /// A `302` redirect to `to`.
    pub fn redirect(to: impl Into<String>) -> Self {
        Response {
            status: 302,
            location: Some(to.into()),
            ..Response::text("")
        }
    }

    /// The same response with another status code.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Adds a flash message for the next page (with a redirect).
    pub fn with_flash(mut self, kind: impl Into<String>, message: impl Into<String>) -> Self {
        self.flash.put(kind, message);
        self
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// A plain route's handler.
pub type Handler = Arc<dyn Fn(&mut Request) -> Response + Send + Sync>;
