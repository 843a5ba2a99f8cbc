//! Colocated hooks and styles: JavaScript hooks and CSS written next to a view (its
//! [`LiveView::HOOKS`](live_core::LiveView::HOOKS) and [`LiveView::STYLES`](live_core::LiveView::STYLES),
//! typically `include_str!` of a sibling file), collected by the router and served as one
//! script and one stylesheet that every page loads before the client bundle.

use crate::router::static_digest::digest_of;

/// Path of the script registering the colocated hooks.
pub(crate) const SCRIPT_PATH: &str = "/assets/colocated.js";
/// Path of the colocated stylesheet.
pub(crate) const STYLES_PATH: &str = "/assets/colocated.css";

/// The hooks and styles the router collected, in the order their views were added.
#[derive(Clone, Default, Debug)]
pub(crate) struct Colocated {
    /// `(name, JavaScript object expression)`; the first hook of a name wins.
    hooks: Vec<(String, String)>,
    /// `(owner, CSS)`, one entry per view type.
    styles: Vec<(&'static str, String)>,
}

/// One asset ready to serve: its text and its digest (for the `?vsn=` URL).
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub(crate) text: String,
    pub(crate) digest: String,
}

impl Colocated {
    /// Adds the hooks and styles of the view type `owner`.
    pub(crate) fn add(
        &mut self,
        owner: &'static str,
        hooks: &[(&'static str, &'static str)],
        styles: &str,
    ) {
        for (name, source) in hooks {
            if !self.hooks.iter().any(|(n, _)| n == name) {
                self.hooks.push(((*name).to_owned(), (*source).to_owned()));
            }
        }
        if !styles.is_empty() && !self.styles.iter().any(|(o, _)| *o == owner) {
            self.styles.push((owner, styles.to_owned()));
        }
    }

    /// Adds one hook by name.
    pub(crate) fn add_hook(&mut self, name: &str, source: &str) {
        if !self.hooks.iter().any(|(n, _)| n == name) {
            self.hooks.push((name.to_owned(), source.to_owned()));
        }
    }

    /// The script: each hook added to `window.liveHooks`, which the client bundle reads.
    pub(crate) fn script(&self) -> Option<Asset> {
        if self.hooks.is_empty() {
            return None;
        }
        let mut text = String::from(
            "(function () {\n  var hooks = window.liveHooks = window.liveHooks || {};\n",
        );
        for (name, source) in &self.hooks {
            let key = serde_json::Value::String(name.clone()).to_string();
            text.push_str(&format!(
                "  if (!({key} in hooks)) hooks[{key}] = (\n{}\n  );\n",
                source.trim()
            ));
        }
        text.push_str("})();\n");
        let digest = digest_of(text.as_bytes());
        Some(Asset { text, digest })
    }

    /// The stylesheet: every view's styles, each after a comment naming the view.
    pub(crate) fn stylesheet(&self) -> Option<Asset> {
        if self.styles.is_empty() {
            return None;
        }
        let mut text = String::new();
        for (owner, css) in &self.styles {
            text.push_str(&format!(
                "/* {} */\n{}\n",
                owner.replace("*/", "* /"),
                css.trim()
            ));
        }
        let digest = digest_of(text.as_bytes());
        Some(Asset { text, digest })
    }
}

#[cfg(test)]
mod tests {
    use super::Colocated;

    #[test]
    fn hooks_register_once_by_name_and_styles_once_per_view() {
        let mut colocated = Colocated::default();
        assert!(colocated.script().is_none() && colocated.stylesheet().is_none());
        colocated.add(
            "a::Chart",
            &[("Chart", "{ mounted() {} }")],
            ".chart { color: red }",
        );
        colocated.add(
            "a::Chart",
            &[("Chart", "{ other() {} }")],
            ".chart { color: red }",
        );
        colocated.add_hook("Focus", "{ mounted() { this.el.focus() } }");
        let script = colocated.script().expect("a script").text;
        assert!(
            script.contains("hooks[\"Chart\"] = (\n{ mounted() {} }\n  );"),
            "{script}"
        );
        assert!(!script.contains("other()"));
        assert!(script.contains("hooks[\"Focus\"]"));
        let css = colocated.stylesheet().expect("a stylesheet").text;
        assert_eq!(css, "/* a::Chart */\n.chart { color: red }\n");
    }
}
