//! Development aids: a readable error page when a view fails its first (HTTP) render, with the
//! panic's place in the source and a backtrace (development mode only, see
//! `Config::development`), and live reload (`Config::live_reload`, `LIVE_RELOAD=1`): the page
//! reloads itself when the server comes back with new code.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use live_core::escape::escape_html_into;
use live_core::protocol::panic_text;

/// Where live reload asks for the server's boot id.
pub(crate) const RELOAD_PATH: &str = "/live/reload";

thread_local! {
    /// True while a development render runs on this thread: the panic hook records then.
    static RECORDING: Cell<bool> = const { Cell::new(false) };
    /// What the hook recorded for the last panic of this thread.
    static RECORDED: RefCell<Option<(Option<String>, String)>> = const { RefCell::new(None) };
}

/// Why a first render failed, with what development mode knows of it.
#[derive(Debug)]
pub(crate) struct RenderFailure {
    /// The error, or `panicked: <message>`.
    pub(crate) message: String,
    /// `file:line:column` of the panic (in the view's code or template).
    pub(crate) location: Option<String>,
    /// The backtrace at the panic.
    pub(crate) backtrace: Option<String>,
}

/// Chains a hook in front of the current panic hook, once per process: while a development
/// render runs on a thread, it records the panic's location and a backtrace for the error page.
fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if RECORDING.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                let backtrace = std::backtrace::Backtrace::force_capture().to_string();
                RECORDED.with(|r| *r.borrow_mut() = Some((location, backtrace)));
            }
            previous(info);
        }));
    });
}

/// Runs a first render, turning a panic into a [`RenderFailure`]; in development mode the panic's
/// place and a backtrace are recorded too.
pub(crate) fn catch_render<T>(
    development: bool,
    render: impl FnOnce() -> T,
) -> Result<T, RenderFailure> {
    if development {
        install_hook();
        RECORDING.with(|r| r.set(true));
    }
    let outcome = catch_unwind(AssertUnwindSafe(render));
    RECORDING.with(|r| r.set(false));
    outcome.map_err(|payload| {
        let (location, backtrace) = RECORDED
            .with(|r| r.borrow_mut().take())
            .map_or((None, None), |(location, backtrace)| {
                (location, Some(backtrace))
            });
        RenderFailure {
            message: panic_text(&*payload),
            location,
            backtrace,
        }
    })
}

/// The development error page: the view, the request path, the error, where it happened and
/// the backtrace, all escaped.
pub(crate) fn error_page(view: &str, path: &str, failure: &RenderFailure) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Error in ",
    );
    escape_html_into(&mut out, view);
    out.push_str(
        "</title>\n<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}\
         h1{color:#b00020;font-size:1.4rem}code,pre{font:13px/1.45 ui-monospace,monospace}\
         pre{background:#f6f6f6;padding:1rem;overflow:auto;max-height:60vh}\
         @media (prefers-color-scheme:dark){body{background:#161616;color:#ddd}pre{background:#222}}\
         </style></head>\n<body>\n<h1 id=\"live-error\">",
    );
    escape_html_into(&mut out, view);
    out.push_str(" failed to render <code>");
    escape_html_into(&mut out, path);
    out.push_str("</code></h1>\n<p id=\"live-error-message\"><code>");
    escape_html_into(&mut out, &failure.message);
    out.push_str("</code></p>\n");
    if let Some(location) = &failure.location {
        out.push_str("<p id=\"live-error-location\">at <code>");
        escape_html_into(&mut out, location);
        out.push_str("</code></p>\n");
    }
    if let Some(backtrace) = &failure.backtrace {
        out.push_str("<details open><summary>Backtrace</summary><pre id=\"live-error-backtrace\">");
        escape_html_into(&mut out, backtrace);
        out.push_str("</pre></details>\n");
    }
    out.push_str(
        "<p>This page is shown in development mode only (<code>Config::development</code>); \
         in production the user sees a plain error page and the log has the details.</p>\n\
         </body>\n</html>\n",
    );
    out
}

/// The inline script of live reload: polls the boot id and reloads the page when the server
/// that answers is another one (restarted with new code).
pub(crate) fn reload_script(
    out: &mut String,
    mount_path: &str,
    boot_id: &str,
    nonce: Option<&str>,
) {
    out.push_str("<script");
    if let Some(nonce) = nonce {
        out.push_str(" nonce=\"");
        escape_html_into(out, nonce);
        out.push('"');
    }
    out.push_str(">(function(){var id=\"");
    // Boot ids and mount paths are plain ASCII the server made or was configured with.
    out.push_str(boot_id);
    out.push_str("\";var url=\"");
    escape_html_into(out, mount_path);
    out.push_str(RELOAD_PATH);
    out.push_str(
        "\";function poll(){fetch(url,{cache:\"no-store\"}).then(function(r){return r.text()})\
         .then(function(t){if(t!==id){location.reload()}else{setTimeout(poll,1000)}},\
         function(){setTimeout(poll,500)})}setTimeout(poll,1000)})();</script>\n",
    );
}

#[cfg(test)]
mod tests {
    use super::{catch_render, error_page};

    #[test]
    fn a_development_panic_keeps_its_place_and_backtrace() {
        let failure = catch_render(true, || -> u32 { panic!("bad <tag>") }).expect_err("panics");
        assert_eq!(failure.message, "panicked: bad <tag>");
        let location = failure.location.as_deref().unwrap_or_default();
        assert!(
            location.starts_with("live-server/src/http/dev.rs:"),
            "{location}"
        );
        assert!(failure.backtrace.is_some());
        let page = error_page("demo::Broken", "/x", &failure);
        assert!(page.contains("demo::Broken failed to render"));
        assert!(page.contains("panicked: bad &lt;tag&gt;"), "escaped");
    }

    #[test]
    fn outside_development_nothing_is_recorded() {
        let failure = catch_render(false, || -> u32 { panic!("quiet") }).expect_err("panics");
        assert_eq!(failure.message, "panicked: quiet");
        assert!(failure.location.is_none() && failure.backtrace.is_none());
        assert_eq!(catch_render(false, || 5).ok(), Some(5));
    }
}
