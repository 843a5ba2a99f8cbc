//! The client's side of the diff protocol: the rendered tree built from the join and every diff
//! exactly as the official client merges them (docs/protocol.md §4.8), and the HTML it renders.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

/// What the official client would do with a diff but cannot: it would throw (or render
/// `undefined` where the server left a hole, which the HTML comparison then reports).
///
/// ```
/// let mut client = live_server::testing::MergedTree::new("phx-1");
/// client.join(r#"{"0":"a","s":["<b>","</b>"]}"#)?;
/// client.merge(r#"{"0":3}"#)?;
/// let err = client.to_html().unwrap_err();
/// assert!(err.to_string().contains("no component for CID 3"));
/// # Ok::<(), live_server::testing::MergeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError(pub String);

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the official client cannot apply this diff: {}", self.0)
    }
}

impl std::error::Error for MergeError {}

fn fail<T>(message: impl Into<String>) -> Result<T, MergeError> {
    Err(MergeError(message.into()))
}

/// An event pushed by the server (`"e"` in a diff), dispatched as `phx:<name>` on `window`.
///
/// ```
/// let mut client = live_server::testing::MergedTree::new("phx-1");
/// let extracted = client.join(r#"{"s":[""],"e":[["a",{}],["b",{"x":1},true]]}"#)?;
/// assert!(!extracted.events[0].before_patch);
/// assert_eq!(extracted.events[1].payload["x"], 1);
/// assert!(extracted.events[1].before_patch);
/// # Ok::<(), live_server::testing::MergeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PushEvent {
    /// The event name, without the `phx:` prefix.
    pub name: String,
    /// The payload (`detail` of the DOM event).
    pub payload: Value,
    /// Dispatched before the DOM patch (`[name, payload, true]`).
    pub before_patch: bool,
}

/// The top-level members the client takes out of a diff before merging it.
///
/// ```
/// let mut client = live_server::testing::MergedTree::new("phx-1");
/// client.join(r#"{"0":"1","s":["<p>","</p>"]}"#)?;
/// let extracted = client.merge(r#"{"t":"Home","r":{"ok":true}}"#)?;
/// assert_eq!(extracted.title.as_deref(), Some("Home"));
/// assert_eq!(extracted.reply, Some(serde_json::json!({"ok": true})));
/// assert_eq!(client.to_html()?, "<p>1</p>");
/// # Ok::<(), live_server::testing::MergeError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// The event reply (`"r"`), given to a hook's `pushEvent` callback.
    pub reply: Option<Value>,
    /// The pushed events (`"e"`), in order.
    pub events: Vec<PushEvent>,
    /// The new page title (`"t"`).
    pub title: Option<String>,
}

/// The rendered tree a client holds for one view, built by merging the join's `rendered` and
/// then every diff with the official client's rules: statics replacement, keyed comprehensions
/// with moves, components with statics references, per-diff template tables.
///
/// ```
/// use live_server::testing::MergedTree;
/// let mut client = MergedTree::new("phx-1");
/// client.join(r#"{"0":"0","s":["<p>","</p>"],"t":"Counter"}"#)?;
/// assert_eq!(client.to_html()?, "<p>0</p>");
/// let extracted = client.merge(r#"{"0":"1","e":[["saved",{"id":1}]]}"#)?;
/// assert_eq!(client.to_html()?, "<p>1</p>");
/// assert_eq!(extracted.events[0].name, "saved");
/// # Ok::<(), live_server::testing::MergeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct MergedTree {
    view_id: String,
    root: Map<String, Value>,
    /// Components by cid (the client's `"c"` cache).
    components: BTreeMap<String, Map<String, Value>>,
}

impl MergedTree {
    /// An empty tree for the view `view_id` (used in the component attributes the client adds).
    ///
    /// ```
    /// let client = live_server::testing::MergedTree::new("phx-1");
    /// assert!(client.to_html().is_err(), "nothing joined yet");
    /// ```
    pub fn new(view_id: impl Into<String>) -> Self {
        MergedTree {
            view_id: view_id.into(),
            root: Map::new(),
            components: BTreeMap::new(),
        }
    }

    /// Starts over from the `rendered` of a join reply (JSON text).
    ///
    /// ```
    /// let mut client = live_server::testing::MergedTree::new("phx-1");
    /// client.join(r#"{"0":"a","s":["<b>","</b>"]}"#)?;
    /// assert_eq!(client.to_html()?, "<b>a</b>");
    /// # Ok::<(), live_server::testing::MergeError>(())
    /// ```
    pub fn join(&mut self, rendered: &str) -> Result<Extracted, MergeError> {
        self.root = Map::new();
        self.components.clear();
        self.merge(rendered)
    }

    /// Merges a diff (JSON text: the `diff` of a reply or the payload of a `diff` push) and
    /// returns the members taken out of its top level.
    ///
    /// ```
    /// let mut client = live_server::testing::MergedTree::new("phx-1");
    /// client.join(r#"{"0":{"k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2},"s":["<i>","</i>"]},"s":["<p>","</p>"]}"#)?;
    /// client.merge(r#"{"0":{"k":{"0":1,"1":0,"kc":2,"km":true}}}"#)?;
    /// assert_eq!(client.to_html()?, "<p><i>b</i><i>a</i></p>");
    /// // A move without "km" makes the official client throw:
    /// assert!(client.merge(r#"{"0":{"k":{"0":1,"kc":1}}}"#).is_err());
    /// # Ok::<(), live_server::testing::MergeError>(())
    /// ```
    pub fn merge(&mut self, diff: &str) -> Result<Extracted, MergeError> {
        let value: Value = serde_json::from_str(diff)
            .map_err(|err| MergeError(format!("diff is not JSON: {err}")))?;
        let Value::Object(mut diff) = value else {
            return fail("a diff must be a JSON object");
        };
        let extracted = extract(&mut diff)?;
        let components = diff.remove("c");
        let table = diff.remove("p");
        resolve_statics(&mut diff, table.as_ref())?;
        if diff.contains_key("s") {
            // A new root replaces everything, the component cache included.
            self.root = diff;
            self.components.clear();
        } else {
            merge_node(&mut self.root, diff)?;
        }
        if let Some(components) = components {
            self.merge_components(components)?;
        }
        Ok(extracted)
    }

    fn merge_components(&mut self, components: Value) -> Result<(), MergeError> {
        let Value::Object(components) = components else {
            return fail("\"c\" must be an object of components by cid");
        };
        let mut incoming = HashMap::new();
        for (cid, node) in components {
            if !is_cid(&cid) {
                return fail(format!("{cid:?} is not a component id"));
            }
            let Value::Object(mut node) = node else {
                return fail(format!("component {cid} is not an object"));
            };
            resolve_children(&mut node, None)?;
            incoming.insert(cid, node);
        }
        let mut resolved = HashMap::new();
        let cids: Vec<String> = incoming.keys().cloned().collect();
        for cid in &cids {
            self.resolve_component(cid, &incoming, &mut resolved, &mut HashSet::new())?;
        }
        self.components.extend(resolved);
        Ok(())
    }

    /// A component of this diff, with statics references followed: `+n` starts from component
    /// `n` as resolved in this diff, `-n` from component `n` as held before it.
    fn resolve_component(
        &self,
        cid: &str,
        incoming: &HashMap<String, Map<String, Value>>,
        resolved: &mut HashMap<String, Map<String, Value>>,
        visiting: &mut HashSet<String>,
    ) -> Result<Map<String, Value>, MergeError> {
        if let Some(done) = resolved.get(cid) {
            return Ok(done.clone());
        }
        if !visiting.insert(cid.to_owned()) {
            return fail(format!("component {cid} refers to itself through \"s\""));
        }
        let Some(diff) = incoming.get(cid) else {
            return fail(format!(
                "a component refers to component {cid}, which this diff does not carry"
            ));
        };
        let result = match diff.get("s") {
            Some(Value::Number(reference)) => {
                let Some(reference) = reference.as_i64().filter(|&r| r != 0) else {
                    return fail(format!("component {cid} has statics reference {reference}"));
                };
                let base = if reference > 0 {
                    self.resolve_component(&reference.to_string(), incoming, resolved, visiting)?
                } else {
                    let old = (-reference).to_string();
                    match self.components.get(&old) {
                        Some(base) => base.clone(),
                        None => {
                            return fail(format!(
                                "component {cid} refers to component {old} from before this diff, which the client does not hold"
                            ))
                        }
                    }
                };
                let statics = base.get("s").cloned();
                let mut merged = base;
                merge_node(&mut merged, diff.clone())?;
                match statics {
                    Some(statics) => merged.insert("s".to_owned(), statics),
                    None => merged.remove("s"),
                };
                merged
            }
            Some(_) => diff.clone(),
            None => match self.components.get(cid) {
                Some(old) => {
                    let mut merged = old.clone();
                    merge_node(&mut merged, diff.clone())?;
                    merged
                }
                None => diff.clone(),
            },
        };
        resolved.insert(cid.to_owned(), result.clone());
        Ok(result)
    }

    /// The HTML the page holds: the client's render, with the attributes it adds to component
    /// roots (`data-phx-id`, `data-phx-component`, `data-phx-view`).
    ///
    /// ```
    /// let mut client = live_server::testing::MergedTree::new("phx-1");
    /// client.join(r#"{"0":1,"s":["<div>","</div>"],"c":{"1":{"0":"hi","s":["<b>","</b>"],"r":1}}}"#)?;
    /// assert_eq!(
    ///     client.to_html()?,
    ///     r#"<div><b data-phx-id="c1-phx-1" data-phx-component="1" data-phx-view="phx-1">hi</b></div>"#
    /// );
    /// # Ok::<(), live_server::testing::MergeError>(())
    /// ```
    pub fn to_html(&self) -> Result<String, MergeError> {
        self.render(true)
    }

    /// The HTML without the attributes only the client adds: what the server's own full render
    /// of the same state must be.
    ///
    /// ```
    /// let mut client = live_server::testing::MergedTree::new("phx-1");
    /// client.join(r#"{"0":1,"s":["<div>","</div>"],"c":{"1":{"0":"hi","s":["<b>","</b>"],"r":1}}}"#)?;
    /// assert_eq!(client.to_server_html()?, "<div><b>hi</b></div>");
    /// # Ok::<(), live_server::testing::MergeError>(())
    /// ```
    pub fn to_server_html(&self) -> Result<String, MergeError> {
        self.render(false)
    }

    /// The components the client holds that are no longer on the page (no slot of the view,
    /// nor of a component on the page, names them): those the client asks the server to
    /// destroy (`cids_will_destroy`, then `cids_destroyed`).
    ///
    /// ```
    /// let mut client = live_server::testing::MergedTree::new("phx-1");
    /// client.join(r#"{"0":1,"s":["<div>","</div>"],"c":{"1":{"0":"hi","s":["<b>","</b>"],"r":1}}}"#)?;
    /// assert!(client.orphan_cids().is_empty());
    /// client.merge(r#"{"0":"gone"}"#)?;
    /// assert_eq!(client.orphan_cids(), vec![1]);
    /// client.prune(&[1]);
    /// assert!(client.orphan_cids().is_empty());
    /// # Ok::<(), live_server::testing::MergeError>(())
    /// ```
    pub fn orphan_cids(&self) -> Vec<u64> {
        let mut reached = std::collections::BTreeSet::new();
        let mut pending = Vec::new();
        collect_cids(&self.root, &mut pending);
        while let Some(cid) = pending.pop() {
            if reached.insert(cid) {
                if let Some(component) = self.components.get(&cid.to_string()) {
                    collect_cids(component, &mut pending);
                }
            }
        }
        self.components
            .keys()
            .filter_map(|cid| cid.parse::<u64>().ok())
            .filter(|cid| !reached.contains(cid))
            .collect()
    }

    /// Forgets the components `cids` (the client's `pruneCIDs` after `cids_destroyed`).
    pub fn prune(&mut self, cids: &[u64]) {
        for cid in cids {
            self.components.remove(&cid.to_string());
        }
    }

    /// How many components the client holds.
    pub fn component_count(&self) -> usize {
        self.components.len()
    }

    fn render(&self, client_attributes: bool) -> Result<String, MergeError> {
        let mut out = String::new();
        Renderer {
            tree: self,
            client_attributes,
            depth: 0,
        }
        .node(&self.root, &mut out)?;
        Ok(out)
    }
}

/// The cids a node's slots name (in comprehension entries too), not those of components.
fn collect_cids(node: &Map<String, Value>, out: &mut Vec<u64>) {
    for (key, value) in node {
        let slot = key.bytes().all(|b| b.is_ascii_digit());
        match value {
            Value::Number(cid) if slot => out.extend(cid.as_u64()),
            Value::Object(child) if slot || key == "k" => collect_cids(child, out),
            _ => {}
        }
    }
}

/// Takes `"r"`, `"e"` and `"t"` out of the top level.
fn extract(diff: &mut Map<String, Value>) -> Result<Extracted, MergeError> {
    let reply = diff.remove("r");
    let title = match diff.remove("t") {
        Some(Value::String(title)) => Some(title),
        _ => None,
    };
    let mut events = Vec::new();
    match diff.remove("e") {
        None => {}
        Some(Value::Array(list)) => {
            for entry in list {
                let Value::Array(parts) = entry else {
                    return fail("each entry of \"e\" must be [name, payload]");
                };
                let (Some(Value::String(name)), Some(payload)) = (parts.first(), parts.get(1))
                else {
                    return fail("each entry of \"e\" must be [name, payload]");
                };
                events.push(PushEvent {
                    name: name.clone(),
                    payload: payload.clone(),
                    before_patch: parts.get(2) == Some(&Value::Bool(true)),
                });
            }
        }
        Some(_) => return fail("\"e\" must be a list"),
    }
    Ok(Extracted {
        reply,
        events,
        title,
    })
}

fn is_cid(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) && !key.starts_with('0')
}

fn is_slot(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit())
}

/// Replaces integer statics by the arrays of the nearest template table (`"p"`), which is
/// valid for this diff only; a comprehension's own table serves its entries.
fn resolve_statics(node: &mut Map<String, Value>, table: Option<&Value>) -> Result<(), MergeError> {
    if let Some(Value::Number(index)) = node.get("s") {
        let key = index.to_string();
        let Some(statics) = table.and_then(|t| t.get(&key)) else {
            return fail(format!(
                "statics {key} refer to a template table (\"p\") that has no entry {key}"
            ));
        };
        let statics = statics.clone();
        node.insert("s".to_owned(), statics);
    }
    resolve_children(node, table)
}

fn resolve_children(
    node: &mut Map<String, Value>,
    table: Option<&Value>,
) -> Result<(), MergeError> {
    let own = node.remove("p");
    if let Some(Value::Object(entries)) = node.get_mut("k") {
        let table = own.as_ref().or(table);
        for (key, entry) in entries.iter_mut() {
            if !is_slot(key) {
                continue;
            }
            match entry {
                Value::Object(entry) => resolve_children(entry, table)?,
                Value::Array(moved) => {
                    if let Some(Value::Object(entry)) = moved.get_mut(1) {
                        resolve_children(entry, table)?;
                    }
                }
                _ => {}
            }
        }
    }
    for (key, child) in node.iter_mut() {
        if let (true, Value::Object(child)) = (is_slot(key), child) {
            resolve_statics(child, table)?;
        }
    }
    Ok(())
}

/// Merges `source` into `target`: a subtree with statics replaces, one without merges.
fn merge_node(
    target: &mut Map<String, Value>,
    source: Map<String, Value>,
) -> Result<(), MergeError> {
    if source.contains_key("k") {
        return merge_keyed(target, source);
    }
    for (key, value) in source {
        match (value, target.get_mut(&key)) {
            (Value::Object(value), Some(Value::Object(existing))) if !value.contains_key("s") => {
                merge_node(existing, value)?;
            }
            (value, _) => {
                target.insert(key, value);
            }
        }
    }
    Ok(())
}

/// Merges a keyed comprehension diff: entries merged in place, moved from their pre-diff
/// position, created, or dropped beyond the new count.
fn merge_keyed(
    target: &mut Map<String, Value>,
    mut source: Map<String, Value>,
) -> Result<(), MergeError> {
    let Some(Value::Object(entries)) = source.remove("k") else {
        return fail("\"k\" must be an object");
    };
    let moves = entries
        .iter()
        .any(|(key, e)| is_slot(key) && (e.is_number() || e.is_array()));
    let snapshot = entries.get("km") == Some(&Value::Bool(true));
    if moves && !snapshot {
        return fail(
            "a keyed diff moves entries without \"km\": true (the client throws a TypeError)",
        );
    }
    let Some(Value::Object(current)) = target.get_mut("k") else {
        return fail("a keyed diff for a slot that holds no comprehension");
    };
    let old = snapshot.then(|| current.clone());
    let moved = |from: &Value| -> Result<Value, MergeError> {
        let key = from.to_string();
        match old.as_ref().and_then(|old| old.get(&key)) {
            Some(entry) if is_slot(&key) => Ok(entry.clone()),
            _ => fail(format!(
                "a keyed diff moves entry {key}, which the client does not hold"
            )),
        }
    };
    let old_count = current.get("kc").and_then(Value::as_u64).unwrap_or(0);
    for (key, entry) in entries.iter() {
        if !is_slot(key) {
            continue;
        }
        match entry {
            Value::Number(_) => {
                let entry = moved(entry)?;
                current.insert(key.clone(), entry);
            }
            Value::Array(pair) => {
                let (Some(from @ Value::Number(_)), Some(Value::Object(diff)), 2) =
                    (pair.first(), pair.get(1), pair.len())
                else {
                    return fail(format!("keyed entry {key} must be [old position, diff]"));
                };
                let mut entry = moved(from)?;
                let Value::Object(fields) = &mut entry else {
                    return fail(format!("moved entry {from} is not an object"));
                };
                merge_node(fields, diff.clone())?;
                current.insert(key.clone(), entry);
            }
            Value::Object(diff) => {
                let slot = current
                    .entry(key.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if !slot.is_object() {
                    *slot = Value::Object(Map::new());
                }
                if let Value::Object(fields) = slot {
                    merge_node(fields, diff.clone())?;
                }
            }
            other => return fail(format!("keyed entry {key} is {other}, not an entry diff")),
        }
    }
    match entries.get("kc") {
        Some(count) => {
            let new_count = count.as_u64().unwrap_or(0);
            for i in new_count..old_count {
                current.remove(&i.to_string());
            }
            current.insert("kc".to_owned(), count.clone());
        }
        None => {
            current.remove("kc");
        }
    }
    if let Some(stream) = source.remove("stream") {
        target.insert("stream".to_owned(), stream);
    }
    Ok(())
}

struct Renderer<'a> {
    tree: &'a MergedTree,
    client_attributes: bool,
    depth: usize,
}

/// Deeper nesting than this is a component cycle.
const MAX_DEPTH: usize = 512;

impl Renderer<'_> {
    fn node(&mut self, node: &Map<String, Value>, out: &mut String) -> Result<(), MergeError> {
        let statics = statics_of(node)?;
        let start = out.len();
        if let Some(entries) = node.get("k") {
            self.comprehension(statics, entries, out)?;
        } else {
            self.interleave(statics, node, out)?;
        }
        if is_root(node) {
            check_root(&out[start..])?;
        }
        Ok(())
    }

    fn interleave(
        &mut self,
        statics: &[Value],
        slots: &Map<String, Value>,
        out: &mut String,
    ) -> Result<(), MergeError> {
        for (i, fragment) in statics.iter().enumerate() {
            let Value::String(fragment) = fragment else {
                return fail("statics must be strings");
            };
            out.push_str(fragment);
            if i + 1 < statics.len() {
                self.dynamic(slots.get(&i.to_string()), out)?;
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        statics: &[Value],
        entries: &Value,
        out: &mut String,
    ) -> Result<(), MergeError> {
        let Value::Object(entries) = entries else {
            return fail("\"k\" must be an object");
        };
        // Without "kc" the client renders no entry.
        let count = entries.get("kc").and_then(Value::as_u64).unwrap_or(0);
        for i in 0..count {
            match entries.get(&i.to_string()) {
                Some(Value::Object(entry)) => self.interleave(statics, entry, out)?,
                _ => {
                    return fail(format!(
                        "a comprehension counts {count} entries (\"kc\") but has no entry {i}"
                    ))
                }
            }
        }
        Ok(())
    }

    fn dynamic(&mut self, value: Option<&Value>, out: &mut String) -> Result<(), MergeError> {
        match value {
            // What the client writes for a hole.
            None => out.push_str("undefined"),
            Some(Value::String(text)) => out.push_str(text),
            Some(Value::Null) => out.push_str("null"),
            Some(Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
            Some(Value::Number(cid)) => self.component(&cid.to_string(), out)?,
            Some(Value::Object(node)) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return fail("the tree nests too deeply (a component cycle?)");
                }
                self.node(node, out)?;
                self.depth -= 1;
            }
            Some(Value::Array(_)) => return fail("a list is not a slot value"),
        }
        Ok(())
    }

    fn component(&mut self, cid: &str, out: &mut String) -> Result<(), MergeError> {
        let Some(node) = self.tree.components.get(cid) else {
            return fail(format!("no component for CID {cid}"));
        };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return fail("components render each other endlessly");
        }
        let start = out.len();
        self.node(node, out)?;
        self.depth -= 1;
        if self.client_attributes && is_root(node) {
            let view = &self.tree.view_id;
            let attributes = format!(
                " data-phx-id=\"c{cid}-{view}\" data-phx-component=\"{cid}\" data-phx-view=\"{view}\""
            );
            let at = start + tag_name_end(&out[start..]);
            out.insert_str(at, &attributes);
        }
        Ok(())
    }
}

fn statics_of(node: &Map<String, Value>) -> Result<&[Value], MergeError> {
    match node.get("s") {
        Some(Value::Array(statics)) => Ok(statics),
        Some(other) => fail(format!("statics {other} are not a list of strings")),
        None => fail("a subtree without statics (\"s\"): the client holds no template for it"),
    }
}

fn is_root(node: &Map<String, Value>) -> bool {
    matches!(node.get("r"), Some(Value::Number(n)) if n.as_u64() == Some(1))
        || node.get("r") == Some(&Value::Bool(true))
}

/// Length of the leading whitespace and comments of `html`.
fn leading_trivia(html: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &html[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        match trimmed.strip_prefix("<!--") {
            Some(comment) => match comment.find("-->") {
                Some(end) => at += 4 + end + 3,
                None => return html.len(),
            },
            None => return at,
        }
    }
}

/// A root-flagged node must start with an element (after whitespace and comments).
fn check_root(html: &str) -> Result<(), MergeError> {
    let rest = &html[leading_trivia(html)..];
    let mut chars = rest.chars();
    if chars.next() == Some('<') && chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        Ok(())
    } else {
        let shown: String = html.chars().take(60).collect();
        fail(format!(
            "malformed html: a root-flagged node (\"r\": 1) must start with an element, got {shown:?}"
        ))
    }
}

/// Offset just after the first element's tag name.
fn tag_name_end(html: &str) -> usize {
    let start = leading_trivia(html) + 1;
    start
        + html[start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(html.len() - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(steps: &[&str]) -> Vec<String> {
        let mut client = MergedTree::new("phx-v");
        steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                if i == 0 {
                    client.join(step).expect("join");
                } else {
                    client.merge(step).expect("merge");
                }
                client.to_html().expect("render")
            })
            .collect()
    }

    /// docs/protocol.md §4.10, with template tables, a keyed comprehension and a component.
    #[test]
    fn worked_example() {
        let join = r#"{"0":"0","1":"","2":{"s":0,"k":{"0":{"0":"Apple"},"1":{"0":"Banana"},"kc":2}},"3":1,"s":1,
            "p":{"0":["<li>","</li>"],"1":["<div id=\"counter\"><h1>Count: ","</h1>","<ul>","</ul>","<button phx-click=\"inc\">+</button></div>"]},
            "c":{"1":{"0":" phx-target=\"1\"","1":"Fruits","2":"0","r":1,"s":["<span class=\"badge\" phx-click=\"bump\"",">"," (",")</span>"]}},
            "t":"Counter"}"#;
        let diff1 =
            r#"{"0":"1","1":{"0":"1","s":0,"r":1},"p":{"0":["<p class=\"big\">Big: ","</p>"]}}"#;
        let diff2 = r#"{"2":{"k":{"0":{"0":"Cherry"},"1":0,"kc":2,"km":true}},"3":1,"c":{"1":{"1":"Basket"}},"t":"Fruit basket","e":[["highlight",{"id":"c"}]]}"#;
        let diff3 = r#"{"c":{"1":{"2":"1"}}}"#;
        let out = html(&[join, diff1, diff2, diff3]);
        let v = "phx-v";
        assert_eq!(
            out[0],
            format!(
                r#"<div id="counter"><h1>Count: 0</h1><ul><li>Apple</li><li>Banana</li></ul><span data-phx-id="c1-{v}" data-phx-component="1" data-phx-view="{v}" class="badge" phx-click="bump" phx-target="1">Fruits (0)</span><button phx-click="inc">+</button></div>"#
            )
        );
        assert_eq!(
            out[3],
            format!(
                r#"<div id="counter"><h1>Count: 1</h1><p class="big">Big: 1</p><ul><li>Cherry</li><li>Apple</li></ul><span data-phx-id="c1-{v}" data-phx-component="1" data-phx-view="{v}" class="badge" phx-click="bump" phx-target="1">Basket (1)</span><button phx-click="inc">+</button></div>"#
            )
        );
    }

    #[test]
    fn keyed_moves_with_diffs_and_deletes() {
        let join = r#"{"0":{"k":{"0":{"0":"a","1":"1"},"1":{"0":"b","1":"2"},"2":{"0":"c","1":"3"},"kc":3},"s":["<i>",":","</i>"]},"s":["<p>","</p>"]}"#;
        let diff = r#"{"0":{"k":{"0":[2,{"1":"33"}],"1":{"0":"new","1":"9"},"kc":2,"km":true}}}"#;
        let out = html(&[join, diff, r#"{"0":{"k":{"kc":0}}}"#]);
        assert_eq!(out[1], "<p><i>c:33</i><i>new:9</i></p>");
        assert_eq!(out[2], "<p></p>");
    }

    #[test]
    fn component_statics_references() {
        let join = r#"{"0":1,"1":2,"s":["<div>","","</div>"],"c":{
            "1":{"0":"a","s":["<b>","</b>"],"r":1},
            "2":{"0":"b","s":1}}}"#;
        let diff = r#"{"1":3,"c":{"3":{"0":"c","s":-1}}}"#;
        let out = html(&[join, diff]);
        assert!(
            out[0].ends_with(r#"data-phx-view="phx-v">b</b></div>"#),
            "{}",
            out[0]
        );
        assert!(
            out[1].contains(r#"data-phx-component="3" data-phx-view="phx-v">c</b>"#),
            "{}",
            out[1]
        );
    }

    #[test]
    fn reports_what_the_client_cannot_do() {
        let mut client = MergedTree::new("phx-v");
        client
            .join(r#"{"0":{"k":{"0":{"0":"a"},"kc":1},"s":["<i>","</i>"]},"1":{"0":"x","s":["<b>","</b>"]},"s":["","",""]}"#)
            .expect("join");
        for (diff, why) in [
            (r#"{"0":{"k":{"0":1,"kc":1}}}"#, "without \"km\""),
            (r#"{"0":{"k":{"0":5,"kc":1,"km":true}}}"#, "moves entry 5"),
            (r#"{"1":{"k":{"kc":0}}}"#, "holds no comprehension"),
            (r#"{"0":{"s":3}}"#, "template table"),
            (r#"{"c":{"1":{"0":"x","s":-4}}}"#, "from before this diff"),
            ("[1]", "JSON object"),
        ] {
            let mut copy = client.clone();
            let err = copy.merge(diff).expect_err(diff);
            assert!(err.0.contains(why), "{diff}: {err}");
        }
        client.merge(r#"{"1":5}"#).expect("merge");
        assert!(client
            .to_html()
            .expect_err("no component")
            .0
            .contains("CID 5"));
        client
            .merge(r#"{"1":{"0":"x","s":["text first <b>","</b>"],"r":1}}"#)
            .expect("merge");
        assert!(client
            .to_html()
            .expect_err("malformed")
            .0
            .contains("malformed html"));
        client
            .merge(r#"{"1":{"s":["<b>","</b>"]}}"#)
            .expect("merge");
        assert_eq!(
            client.to_html().expect("render"),
            "<i>a</i><b>undefined</b>"
        );
    }
}
