//! The DOM of stream containers (`phx-update="stream"`), as the official client's DOM patch
//! keeps it across diffs.
//!
//! The client renders a stream's rows once and then drops them from its rendered tree: after a
//! diff, the tree's HTML holds only the rows that diff inserted, and the rows of earlier diffs
//! live in the DOM alone. This module keeps those rows per container and applies each diff's
//! stream operations to them the way `dom_patch.ts` does (inserts at `at`, `limit` pruning,
//! update-only inserts, deletes, resets, and the join clearing the containers), so that
//! [`TestView::render`](super::TestView::render) shows what the browser shows.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::dom::{Document, Kind, NodeId};

/// One stream's operations of a diff: `[ref, [[dom_id, at, limit, update_only], …], [dom_id, …]
/// (, reset)]`, read leniently (what the client would read as `undefined` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StreamOps {
    reference: String,
    inserts: Vec<(String, Insert)>,
    deletes: Vec<String>,
    reset: bool,
}

/// What the client records for an inserted DOM id (`streamInserts`).
#[derive(Debug, Clone, PartialEq)]
struct Insert {
    reference: String,
    at: i64,
    limit: Option<i64>,
    update_only: bool,
    reset: bool,
}

impl StreamOps {
    fn parse(stream: &Value) -> Option<StreamOps> {
        let parts = stream.as_array()?;
        let reference = match parts.first()? {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let reset = parts.get(3).is_some();
        let inserts = parts
            .get(1)
            .and_then(Value::as_array)
            .map(|inserts| {
                inserts
                    .iter()
                    .filter_map(|insert| {
                        let insert = insert.as_array()?;
                        let id = insert.first()?.as_str()?.to_owned();
                        let at = insert.get(1).and_then(Value::as_i64).unwrap_or(-1);
                        let limit = insert.get(2).and_then(Value::as_i64);
                        let update_only = insert.get(3) == Some(&Value::Bool(true));
                        Some((
                            id,
                            Insert {
                                reference: reference.clone(),
                                at,
                                limit,
                                update_only,
                                reset,
                            },
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let deletes = parts
            .get(2)
            .and_then(Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| id.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        Some(StreamOps {
            reference,
            inserts,
            deletes,
            reset,
        })
    }
}

/// Takes the streams a render of `node` (a merged tree node) hands to the DOM patch, and drops
/// their rows from the tree as the client does (`comprehensionToBuffer`): a comprehension with a
/// `"stream"` that inserts, deletes or resets is emptied (`kc` 0) and loses its `"stream"`.
pub(crate) fn take_streams(node: &mut Map<String, Value>, out: &mut Vec<StreamOps>) {
    if let Some(Value::Object(entries)) = node.get_mut("k") {
        for (key, entry) in entries.iter_mut() {
            if let (true, Value::Object(entry)) = (key.bytes().all(|b| b.is_ascii_digit()), entry) {
                take_streams(entry, out);
            }
        }
        let count = entries.get("kc").and_then(Value::as_u64).unwrap_or(0);
        let acts = node
            .get("stream")
            .and_then(StreamOps::parse)
            .filter(|ops| count > 0 || !ops.deletes.is_empty() || ops.reset);
        if let Some(ops) = acts {
            node.remove("stream");
            let mut empty = Map::new();
            empty.insert("kc".to_owned(), Value::from(0));
            node.insert("k".to_owned(), Value::Object(empty));
            out.push(ops);
        }
        return;
    }
    for (key, child) in node.iter_mut() {
        if let (true, Value::Object(child)) = (key.bytes().all(|b| b.is_ascii_digit()), child) {
            take_streams(child, out);
        }
    }
}

/// A child element of a stream container, as the DOM holds it.
#[derive(Debug, Clone, PartialEq)]
struct Child {
    id: String,
    /// Its HTML as last rendered (without `data-phx-stream`).
    html: String,
    /// The stream that inserted it (`data-phx-stream`).
    reference: Option<String>,
}

impl Child {
    fn write(&self, out: &mut String) {
        match &self.reference {
            Some(reference) => {
                // The client stamps the row with its stream (`setAttribute`: the attribute
                // comes last in the start tag).
                let end = start_tag_end(&self.html);
                out.push_str(&self.html[..end]);
                out.push_str(" data-phx-stream=\"");
                live_core::escape::escape_html_into(out, reference);
                out.push('"');
                out.push_str(&self.html[end..]);
            }
            None => out.push_str(&self.html),
        }
    }
}

/// Where the start tag of `html` (an element's HTML) closes: the offset of its `>` (or `/>`).
fn start_tag_end(html: &str) -> usize {
    let mut quote = None;
    for (i, c) in html.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                return if html[..i].ends_with('/') { i - 1 } else { i };
            }
            (None, _) => {}
        }
    }
    html.len()
}

/// The rows of every stream container of a view, kept across diffs.
#[derive(Debug, Clone, Default)]
pub(crate) struct StreamDom {
    containers: HashMap<String, Vec<Child>>,
}

impl StreamDom {
    /// Applies one patch: `html` is the tree's render for it (rows of this diff only), `streams`
    /// its operations ([`take_streams`]), `join` whether it is a join (which first clears every
    /// container). Returns the HTML the DOM holds afterwards.
    pub(crate) fn patch(&mut self, html: &str, streams: &[StreamOps], join: bool) -> String {
        let mut inserts: HashMap<&str, &Insert> = HashMap::new();
        for ops in streams {
            for (id, insert) in &ops.inserts {
                inserts.insert(id, insert);
            }
        }
        for ops in streams {
            if ops.reset {
                for children in self.containers.values_mut() {
                    children.retain(|c| c.reference.as_deref() != Some(&ops.reference));
                }
            }
            for id in &ops.deletes {
                for children in self.containers.values_mut() {
                    children.retain(|c| &c.id != id);
                }
            }
        }
        if join {
            self.containers.clear();
        }
        let document = Document::parse(html);
        let mut containers = Vec::new();
        for node in document.elements() {
            let is_stream = document.attr(node, "phx-update") == Some("stream");
            let nested = document
                .closest(node, |n| {
                    n != node && document.attr(n, "phx-update") == Some("stream")
                })
                .is_some();
            if let (true, false, Some(id)) = (is_stream, nested, document.attr(node, "id")) {
                containers.push((node, id.to_owned()));
            }
        }
        let mut kept = HashMap::new();
        let mut splices = Vec::new();
        for (node, id) in containers {
            let mut children = self.containers.remove(&id).unwrap_or_default();
            // What morphdom indexes before it starts: a child a limit removes during the patch
            // is still found there, so its rendered copy morphs the detached node and is not
            // added back.
            let indexed: Vec<String> = children.iter().map(|c| c.id.clone()).collect();
            for child in document.element_children(node) {
                morph_child(&document, child, &mut children, &indexed, &inserts);
            }
            if let Some(range) = inner_range(&document, node) {
                let mut inner = String::new();
                for child in &children {
                    child.write(&mut inner);
                }
                splices.push((range, inner));
            }
            kept.insert(id, children);
        }
        // Containers not rendered any more are gone with their rows.
        self.containers = kept;
        let mut out = String::with_capacity(html.len());
        let mut at = 0;
        for (range, inner) in splices {
            if range.start < at {
                continue;
            }
            out.push_str(&html[at..range.start]);
            out.push_str(&inner);
            at = range.end;
        }
        out.push_str(&html[at..]);
        out
    }
}

/// One rendered child of a container, morphed into the DOM's children (`dom_patch.ts`:
/// `addChild`, `onBeforeNodeAdded`, `maybeReOrderStream`, `maybeLimitStream`).
fn morph_child(
    document: &Document,
    node: NodeId,
    children: &mut Vec<Child>,
    indexed: &[String],
    inserts: &HashMap<&str, &Insert>,
) {
    let html = document.outer_html(node).to_owned();
    let Some(id) = document.attr(node, "id").map(str::to_owned) else {
        // Without an id the client logs an error and drops it from stream containers.
        return;
    };
    let insert = inserts.get(id.as_str()).copied();
    if let Some(existing) = children.iter().position(|c| c.id == id) {
        children[existing].html = html;
        if let Some(insert) = insert {
            children[existing].reference = Some(insert.reference.clone());
            if insert.reset {
                reorder(children, existing, insert);
            }
        }
        return;
    }
    if indexed.contains(&id) {
        return;
    }
    let Some(insert) = insert else {
        children.push(Child {
            id,
            html,
            reference: None,
        });
        return;
    };
    if insert.update_only {
        return;
    }
    let child = Child {
        id,
        html,
        reference: Some(insert.reference.clone()),
    };
    let position = match insert.at {
        0 => 0,
        -1 => match children.last() {
            // Before the trailing children that are no stream rows.
            Some(last) if last.reference.is_none() => children
                .iter()
                .position(|c| c.reference.is_none())
                .unwrap_or(children.len()),
            _ => children.len(),
        },
        at if at > 0 => (at as usize).min(children.len()),
        _ => children.len(),
    };
    children.insert(position, child);
    reorder(children, position, insert);
}

/// `maybeReOrderStream` for the child at `index`, then `maybeLimitStream`.
fn reorder(children: &mut Vec<Child>, index: usize, insert: &Insert) {
    if insert.at == 0 {
        let child = children.remove(index);
        children.insert(0, child);
    } else if insert.at > 0 {
        // The client moves the row to index `at` (to the end past the last index).
        let at = insert.at as usize;
        let last = children.len() - 1;
        let child = children.remove(index);
        children.insert(at.min(last), child);
    }
    if let Some(limit) = insert.limit {
        let len = children.len() as i64;
        if limit < 0 && len > -limit {
            children.drain(..(len + limit) as usize);
        } else if limit >= 0 && len > limit {
            children.truncate(limit as usize);
        }
    }
}

/// The byte range of an element's content (between its start and end tags).
fn inner_range(document: &Document, node: NodeId) -> Option<std::ops::Range<usize>> {
    let span = document.nodes[node].span.clone();
    let name = match &document.nodes[node].kind {
        Kind::Element { name, .. } => name,
        _ => return None,
    };
    let outer = &document.source[span.clone()];
    let end_tag = format!("</{name}>");
    let end = if outer.len() >= end_tag.len()
        && outer[outer.len() - end_tag.len()..].eq_ignore_ascii_case(&end_tag)
    {
        span.end - end_tag.len()
    } else {
        span.end
    };
    let start = match document.nodes[node].children.first() {
        Some(first) => document.nodes[*first].span.start,
        None => {
            let open_end = outer.find('>')? + 1;
            (span.start + open_end).min(end)
        }
    };
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(json: &str) -> StreamOps {
        StreamOps::parse(&serde_json::from_str(json).expect("json")).expect("stream")
    }

    fn ids(html: &str) -> Vec<String> {
        let document = Document::parse(html);
        document
            .elements()
            .filter(|n| document.attr(*n, "data-phx-stream").is_some())
            .filter_map(|n| document.attr(n, "id").map(str::to_owned))
            .collect()
    }

    const EMPTY: &str = r#"<ul id="s" phx-update="stream"></ul>"#;

    fn rows(ids: &[&str]) -> String {
        let rows: String = ids
            .iter()
            .map(|id| format!(r#"<li id="{id}">{id}</li>"#))
            .collect();
        format!(r#"<ul id="s" phx-update="stream">{rows}</ul>"#)
    }

    #[test]
    fn appends_prepends_limits_deletes_and_resets() {
        let mut dom = StreamDom::default();
        let html = dom.patch(
            &rows(&["a", "b"]),
            &[ops(r#"["s",[["a",-1,null,null],["b",-1,null,null]],[]]"#)],
            true,
        );
        assert_eq!(ids(&html), ["a", "b"]);
        let html = dom.patch(
            &rows(&["c"]),
            &[ops(r#"["s",[["c",0,2,false]],[]]"#)],
            false,
        );
        assert_eq!(
            ids(&html),
            ["c", "a"],
            "prepended; the limit keeps the first 2"
        );
        let html = dom.patch(
            &rows(&["d"]),
            &[ops(r#"["s",[["d",-1,-2,false]],[]]"#)],
            false,
        );
        assert_eq!(
            ids(&html),
            ["a", "d"],
            "appended; the limit keeps the last 2"
        );
        let html = dom.patch(EMPTY, &[ops(r#"["s",[],["a"]]"#)], false);
        assert_eq!(ids(&html), ["d"]);
        let html = dom.patch(
            &rows(&["z"]),
            &[ops(r#"["s",[["z",1,null,true]],[]]"#)],
            false,
        );
        assert_eq!(ids(&html), ["d"], "update-only never adds");
        let html = dom.patch(
            &rows(&["e"]),
            &[ops(r#"["s",[["e",-1,null,false]],[],true]"#)],
            false,
        );
        assert_eq!(ids(&html), ["e"]);
        let html = dom.patch(EMPTY, &[], true);
        assert_eq!(ids(&html), Vec::<String>::new(), "a join clears the rows");
    }

    #[test]
    fn an_upsert_stays_in_place_and_an_index_insert_lands_there() {
        let mut dom = StreamDom::default();
        dom.patch(
            &rows(&["a", "b", "c"]),
            &[ops(
                r#"["s",[["a",-1,null,null],["b",-1,null,null],["c",-1,null,null]],[]]"#,
            )],
            true,
        );
        let html = dom.patch(
            r#"<ul id="s" phx-update="stream"><li id="b">B!</li></ul>"#,
            &[ops(r#"["s",[["b",0,null,false]],[]]"#)],
            false,
        );
        assert_eq!(ids(&html), ["a", "b", "c"]);
        assert!(html.contains(">B!</li>"));
        let html = dom.patch(
            &rows(&["x"]),
            &[ops(r#"["s",[["x",1,null,false]],[]]"#)],
            false,
        );
        assert_eq!(ids(&html), ["a", "x", "b", "c"]);
    }

    #[test]
    fn streams_are_taken_from_the_tree_and_their_rows_dropped() {
        let mut tree: Map<String, Value> = serde_json::from_str(
            r#"{"0":{"k":{"0":{"0":"a"},"kc":1},"s":["<li>","</li>"],"stream":["s",[["s-1",-1,null,null]],[]]},"s":["<ul>","</ul>"]}"#,
        )
        .expect("json");
        let mut out = Vec::new();
        take_streams(&mut tree, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(tree["0"]["k"], serde_json::json!({"kc": 0}));
        assert!(tree["0"].get("stream").is_none());
    }
}
