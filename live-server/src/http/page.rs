//! The static (disconnected) render of a live route: the view's HTML inside the root layout.

use live_core::escape::escape_html_into;

use crate::http::headers::NONCE_PLACEHOLDER;
use crate::http::root_layout::{default_document, PageParts, RootLayout};
use crate::router::colocated;

/// Everything the layout needs to wrap one view.
pub(crate) struct Page<'a> {
    /// The view's title (set in mount/handle_params), else the configured one.
    pub(crate) title: &'a str,
    /// `Config::title`: the client's `data-default`.
    pub(crate) default_title: &'a str,
    pub(crate) title_prefix: &'a str,
    pub(crate) title_suffix: &'a str,
    /// Extra markup from `Config::head_html`, before the bundle.
    pub(crate) head_html: &'a str,
    /// The client's options from `Config::live_socket_option`, as a JSON object.
    pub(crate) socket_options: Option<&'a str>,
    /// The path of the stylesheet to link (`Config::stylesheet`), without the mount path.
    pub(crate) stylesheet: Option<&'a str>,
    /// `Config::mount_path`: prefixes the bundle's and the socket's paths.
    pub(crate) mount_path: &'a str,
    /// The Content-Security-Policy nonce of this response, when a policy is configured: the
    /// bundle's `<script>` carries it and it replaces `{nonce}` in `head_html`.
    pub(crate) nonce: Option<&'a str>,
    /// The server's boot id when live reload is on (`Config::live_reload`).
    pub(crate) live_reload: Option<&'a str>,
    pub(crate) csrf_token: &'a str,
    pub(crate) view_id: &'a str,
    pub(crate) session_token: &'a str,
    pub(crate) static_token: &'a str,
    pub(crate) inner_html: &'a str,
    /// The application's root layout, if any (else the default document).
    pub(crate) layout: Option<&'a RootLayout>,
    /// The router, for the layout's static paths.
    pub(crate) router: &'a crate::Router,
    /// The digests of the colocated hooks script and stylesheet, when there are any.
    pub(crate) colocated_script: Option<&'a str>,
    pub(crate) colocated_styles: Option<&'a str>,
}

/// Path the client bundle is served at.
pub(crate) const BUNDLE_PATH: &str = "/assets/live.js";

impl Page<'_> {
    /// The whole HTML document, with the container attributes of docs/protocol.md §2.1.
    pub(crate) fn to_html(&self) -> String {
        let parts = PageParts {
            title: self.title,
            default_title: self.default_title,
            title_prefix: self.title_prefix,
            title_suffix: self.title_suffix,
            head: self.head(),
            body: self.body(),
            nonce: self.nonce,
            router: Some(self.router),
        };
        match self.layout {
            Some(layout) => layout.render(&parts),
            None => default_document(&parts),
        }
    }

    /// The head markup live needs (see [`PageParts::head`]).
    fn head(&self) -> String {
        let mut out = String::with_capacity(512 + self.head_html.len());
        out.push_str("<meta name=\"csrf-token\" content=\"");
        escape_html_into(&mut out, self.csrf_token);
        out.push_str("\">\n");
        if !self.mount_path.is_empty() {
            // Read by the bundle (client/src/app.js) to find the socket.
            out.push_str("<meta name=\"live-socket-path\" content=\"");
            escape_html_into(&mut out, self.mount_path);
            out.push_str("/live\">\n");
        }
        if let Some(options) = self.socket_options {
            // Read by the bundle (client/src/app.js) when it creates the LiveSocket.
            out.push_str("<meta name=\"live-socket-options\" content=\"");
            escape_html_into(&mut out, options);
            out.push_str("\">\n");
        }
        if let Some(stylesheet) = self.stylesheet {
            // Before head_html, so an app's own CSS comes later and wins.
            out.push_str("<link rel=\"stylesheet\" href=\"");
            escape_html_into(&mut out, self.mount_path);
            escape_html_into(&mut out, stylesheet);
            out.push_str("\">\n");
        }
        match self.nonce {
            Some(nonce) => out.push_str(&self.head_html.replace(NONCE_PLACEHOLDER, nonce)),
            None => out.push_str(self.head_html),
        }
        if let Some(digest) = self.colocated_styles {
            out.push_str("<link rel=\"stylesheet\" href=\"");
            escape_html_into(&mut out, self.mount_path);
            out.push_str(colocated::STYLES_PATH);
            out.push_str("?vsn=");
            escape_html_into(&mut out, digest);
            out.push_str("\">\n");
        }
        if let Some(digest) = self.colocated_script {
            // Deferred like the bundle and before it: the hooks are registered when it starts.
            out.push_str("<script defer src=\"");
            escape_html_into(&mut out, self.mount_path);
            out.push_str(colocated::SCRIPT_PATH);
            out.push_str("?vsn=");
            escape_html_into(&mut out, digest);
            out.push('"');
            if let Some(nonce) = self.nonce {
                out.push_str(" nonce=\"");
                escape_html_into(&mut out, nonce);
                out.push('"');
            }
            out.push_str("></script>\n");
        }
        if let Some(boot_id) = self.live_reload {
            super::dev::reload_script(&mut out, self.mount_path, boot_id, self.nonce);
        }
        out.push_str("<script defer src=\"");
        escape_html_into(&mut out, self.mount_path);
        out.push_str(BUNDLE_PATH);
        out.push('"');
        if let Some(nonce) = self.nonce {
            out.push_str(" nonce=\"");
            escape_html_into(&mut out, nonce);
            out.push('"');
        }
        out.push_str("></script>\n");
        out
    }

    /// The view's container with the static render inside.
    fn body(&self) -> String {
        let mut out = String::with_capacity(self.inner_html.len() + 256);
        out.push_str("<div id=\"");
        escape_html_into(&mut out, self.view_id);
        out.push_str("\" data-phx-main data-phx-session=\"");
        escape_html_into(&mut out, self.session_token);
        out.push_str("\" data-phx-static=\"");
        escape_html_into(&mut out, self.static_token);
        out.push_str("\">");
        out.push_str(self.inner_html);
        out.push_str("</div>");
        out
    }
}

/// The page answered for paths no route matches.
pub(crate) fn not_found_html(path: &str) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><h1>Not found</h1><p>No page at <code>",
    );
    escape_html_into(&mut out, path);
    out.push_str("</code>.</p></body>\n</html>\n");
    out
}

/// The page answered when a view fails to mount for the HTTP render.
pub(crate) fn error_html() -> String {
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Error</title></head>\n<body><h1>Internal server error</h1></body>\n</html>\n".to_owned()
}
