//! The root layout: the HTML document around a live view's container (head, scripts, body),
//! the application's own or the default one.

use std::sync::Arc;

use live_core::escape::escape_html_into;

/// The HTML document a live page is rendered in, written by the application (Phoenix's root
/// layout): its `<head>`, stylesheets, scripts and `<body>` attributes. The server hands it the
/// parts it must contain as a [`PageParts`]: the `<title>` tag, the head markup live needs (the
/// CSRF meta tag, the client bundle and its options, the live-reload script) and the view's
/// container; the layout places them.
///
/// Set it for the whole app with [`Config::root_layout`](crate::Config::root_layout), or for
/// the routes of one live session with [`Router::root_layout`](crate::Router::root_layout).
///
/// ```
/// use live_server::RootLayout;
/// let layout = RootLayout::new(|page| {
///     format!(
///         "<!DOCTYPE html><html lang=\"fr\"><head>{}{}<link rel=\"stylesheet\" href=\"/app.css\"></head>\
///          <body class=\"app\">{}</body></html>",
///         page.title_tag(),
///         page.head(),
///         page.body(),
///     )
/// });
/// # let _ = layout;
/// ```
#[derive(Clone)]
pub struct RootLayout(Arc<dyn Fn(&PageParts<'_>) -> String + Send + Sync>);

impl RootLayout {
    /// A layout writing the document with `render`.
    pub fn new(render: impl Fn(&PageParts<'_>) -> String + Send + Sync + 'static) -> Self {
        RootLayout(Arc::new(render))
    }

    /// The document for `parts`.
    pub(crate) fn render(&self, parts: &PageParts<'_>) -> String {
        (self.0)(parts)
    }
}

impl std::fmt::Debug for RootLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RootLayout(..)")
    }
}

/// What a [`RootLayout`] places in its document: the page title, the head markup live needs and
/// the view's container. Every part is ready HTML, escaped where it holds data.
///
/// ```
/// use live_server::root_layout::PageParts;
/// let parts = PageParts::example("Inbox");
/// assert_eq!(parts.title(), "Inbox");
/// assert!(parts.title_tag().starts_with("<title"));
/// assert!(parts.head().contains("csrf-token"));
/// assert!(parts.body().contains("data-phx-main"));
/// ```
#[derive(Debug, Clone)]
pub struct PageParts<'a> {
    pub(crate) title: &'a str,
    pub(crate) default_title: &'a str,
    pub(crate) title_prefix: &'a str,
    pub(crate) title_suffix: &'a str,
    pub(crate) head: String,
    pub(crate) body: String,
    pub(crate) nonce: Option<&'a str>,
    /// The router, for static paths.
    pub(crate) router: Option<&'a crate::Router>,
}

impl<'a> PageParts<'a> {
    /// Parts of a page titled `title` with placeholder tokens, to try a layout out.
    pub fn example(title: &'a str) -> Self {
        PageParts {
            title,
            default_title: title,
            title_prefix: "",
            title_suffix: "",
            head: "<meta name=\"csrf-token\" content=\"example\">\n<script defer src=\"/assets/live.js\"></script>\n".to_owned(),
            body: "<div id=\"phx-example\" data-phx-main data-phx-session=\"\" data-phx-static=\"\"></div>".to_owned(),
            nonce: None,
            router: None,
        }
    }

    /// The page title: what the view set with
    /// [`Socket::set_page_title`](live_core::Socket::set_page_title) in `mount` or
    /// `handle_params`, else [`Config::title`](crate::Config::title); without prefix or suffix.
    pub fn title(&self) -> &str {
        self.title
    }

    /// The `<title>` element: the title between the configured prefix and suffix
    /// ([`Config::title_prefix`](crate::Config::title_prefix),
    /// [`Config::title_suffix`](crate::Config::title_suffix)), which it also carries as
    /// `data-prefix`/`data-suffix` so the client keeps them around titles the view sets later;
    /// `data-default` is the configured title.
    pub fn title_tag(&self) -> String {
        let mut out = String::with_capacity(64 + self.title.len());
        out.push_str("<title data-default=\"");
        escape_html_into(&mut out, self.default_title);
        out.push('"');
        if !self.title_prefix.is_empty() {
            out.push_str(" data-prefix=\"");
            escape_html_into(&mut out, self.title_prefix);
            out.push('"');
        }
        if !self.title_suffix.is_empty() {
            out.push_str(" data-suffix=\"");
            escape_html_into(&mut out, self.title_suffix);
            out.push('"');
        }
        out.push('>');
        escape_html_into(&mut out, self.title_prefix);
        escape_html_into(&mut out, self.title);
        escape_html_into(&mut out, self.title_suffix);
        out.push_str("</title>");
        out
    }

    /// The `<head>` markup live needs: the CSRF meta tag, the socket path (under a mount path),
    /// the client's options, [`Config::head_html`](crate::Config::head_html), the live-reload
    /// script and the client bundle. Place it inside `<head>`.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// The view's container (`<div data-phx-main …>` with the static render inside). Place it
    /// inside `<body>`.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The URL of a static file with its content digest (see
    /// [`Router::static_path`](crate::Router::static_path)), for the layout's tracked assets:
    /// `<link phx-track-static rel="stylesheet" href="{}">`.
    ///
    /// ```
    /// let parts = live_server::root_layout::PageParts::example("Home");
    /// assert_eq!(parts.static_path("/static/app.css"), "/static/app.css");
    /// ```
    pub fn static_path(&self, path: &str) -> String {
        match self.router {
            Some(router) => router.static_path(path),
            None => path.to_owned(),
        }
    }

    /// The Content-Security-Policy nonce of this response, when a policy is configured: give
    /// it to the layout's own inline scripts (`<script nonce="…">`).
    pub fn nonce(&self) -> Option<&str> {
        self.nonce
    }
}

/// The default document: `lang="en"`, charset and viewport, the parts, nothing else.
pub(crate) fn default_document(parts: &PageParts<'_>) -> String {
    let mut out = String::with_capacity(parts.body.len() + parts.head.len() + 256);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&parts.title_tag());
    out.push('\n');
    out.push_str(&parts.head);
    out.push_str("</head>\n<body>\n");
    out.push_str(&parts.body);
    out.push_str("\n</body>\n</html>\n");
    out
}
