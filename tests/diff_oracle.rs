//! Property test of the diff engine against the official client's merge.
//!
//! Random render sequences (a small pool of statics, nesting up to depth 3, text that needs
//! escaping, nested nodes, keyed and unkeyed comprehensions with inserts, deletes, moves and
//! in-place changes, and change-tracking steps that mark unchanged slots
//! [`Dynamic::Unchanged`]) are diffed by one [`ClientTree`] per sequence. The official client's
//! `Rendered` merge (`tests/js/oracle.mjs`) then replays every sequence, and after every step its
//! HTML must equal `to_html()` of the full tree of that step.
//!
//! Besides the oracle, every diff is checked for minimality against the previous and current
//! trees: nothing is sent for unchanged slots, text the client already holds, quiet subtrees or
//! unchanged comprehensions, statics only go where the client does not hold them, and keyed
//! diffs consist of exactly the expected position references, moves and changed slots.
//!
//! The sequences come from proptest as batches of `(seed, steps, depth)` (5 × 200 by default,
//! `PROPTEST_CASES` sets the number of batches); each batch runs through one Node process. On
//! failure the failing sequence is cut to its shortest failing prefix (proptest's own shrinking
//! is off: it would run Node once per attempt), and the message shows its steps, diffs and both
//! HTMLs. `LIVE_DIFF_ORACLE_REPLAY=seed,steps,depth` replays one sequence.

use std::fmt::Write as _;

use live_core::diff::ClientTree;
use live_core::{Comprehension, Dynamic, Rendered, Statics};
use live_tests::run_node;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};

/// The statics every generated tree draws from: with 0 to 3 slots, root and not, with quotes,
/// ampersands, backslashes, comments and surrounding whitespace.
static POOL: [Statics; 12] = [
    Statics::new(
        &["<div class=\"a&amp;b\">", "</div>"],
        r#"["<div class=\"a&amp;b\">","</div>"]"#,
        true,
    ),
    Statics::new(
        &["<p title=\"", "\">", " &amp; ", "</p>"],
        r#"["<p title=\"","\">"," &amp; ","</p>"]"#,
        true,
    ),
    Statics::new(
        &["<section>", "<hr>", "</section>"],
        r#"["<section>","<hr>","</section>"]"#,
        true,
    ),
    Statics::new(
        &["text \"q\" ", " tail"],
        r#"["text \"q\" "," tail"]"#,
        false,
    ),
    Statics::new(&["<br>"], r#"["<br>"]"#, true),
    Statics::new(&["a", "b", "c"], r#"["a","b","c"]"#, false),
    Statics::new(
        &["<i>", "</i><b>", "</b>"],
        r#"["<i>","</i><b>","</b>"]"#,
        false,
    ),
    Statics::new(&["", ""], r#"["",""]"#, false),
    Statics::new(
        &["<!-- c --><em>", "</em>"],
        r#"["<!-- c --><em>","</em>"]"#,
        true,
    ),
    Statics::new(
        &["<ul data-x='1'>", "", "", "</ul>"],
        r#"["<ul data-x='1'>","","","</ul>"]"#,
        true,
    ),
    Statics::new(&["plain &amp; static"], r#"["plain &amp; static"]"#, false),
    Statics::new(
        &["\n  <li>\\", "</li>\n"],
        r#"["\n  <li>\\","</li>\n"]"#,
        true,
    ),
];

/// Sequences per Node invocation.
const BATCH: usize = 200;
/// Batches per test run.
const BATCHES: u32 = 5;

/// A fully evaluated value of the model: what the client must end up showing.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    /// HTML text.
    Text(String),
    /// A node: index into [`POOL`] and its slots.
    Node(usize, Vec<Val>),
    /// A comprehension: index into [`POOL`] for the entry statics, and `(key, slots)` entries.
    List(usize, Vec<(Option<String>, Vec<Val>)>),
}

/// splitmix64: small, seedable, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }
}

/// Pieces of generated text: HTML- and JSON-significant characters, non-ASCII, controls.
const FRAGMENTS: &[&str] = &[
    "a", "Zed", " ", "\"", "'", "\\", "\n", "\t", "<b>x</b>", "&", "&amp;", "é", "日本", "🎉",
    "\u{7}", "\u{2028}", "1", "</div>", "{}", "[\"s\"]",
];

const KEYS: &[&str] = &["a", "b", "c", "d", "e", "f", "g", "h"];

fn gen_text(rng: &mut Rng) -> Val {
    let mut raw = String::new();
    for _ in 0..rng.below(4) {
        raw.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
    }
    // Mostly escaped plain text (what `{expr}` gives), sometimes raw HTML (what `raw()` gives).
    if rng.chance(3, 4) {
        match Dynamic::text(&raw) {
            Dynamic::Text(escaped) => Val::Text(escaped),
            other => unreachable!("Dynamic::text gave {other:?}"),
        }
    } else {
        Val::Text(raw)
    }
}

/// A new value for a slot at `depth` (the top node is depth 0, its slots depth 1).
fn gen_value(rng: &mut Rng, depth: u32, max: u32) -> Val {
    if depth > max {
        return gen_text(rng);
    }
    match rng.below(10) {
        0..=2 => gen_text(rng),
        3..=5 => gen_node(rng, depth, max),
        _ => gen_list(rng, depth, max),
    }
}

fn gen_node(rng: &mut Rng, depth: u32, max: u32) -> Val {
    let mut s = rng.below(POOL.len());
    // The top node mostly has several slots, or most steps would have nothing to send.
    while depth == 0 && POOL[s].slot_count() < 2 && rng.chance(9, 10) {
        s = rng.below(POOL.len());
    }
    let slots = (0..POOL[s].slot_count())
        .map(|_| gen_value(rng, depth + 1, max))
        .collect();
    Val::Node(s, slots)
}

fn gen_entry(rng: &mut Rng, s: usize, depth: u32, max: u32) -> Vec<Val> {
    (0..POOL[s].slot_count())
        .map(|_| gen_value(rng, depth + 1, max))
        .collect()
}

/// A key not used by `entries` (keyed lists), or `None` (lists keyed by position).
fn fresh_key(
    rng: &mut Rng,
    entries: &[(Option<String>, Vec<Val>)],
    keyed: bool,
) -> Option<Option<String>> {
    if !keyed {
        return Some(None);
    }
    let free: Vec<&str> = KEYS
        .iter()
        .copied()
        .filter(|k| !entries.iter().any(|(e, _)| e.as_deref() == Some(*k)))
        .collect();
    (!free.is_empty()).then(|| Some(free[rng.below(free.len())].to_owned()))
}

fn gen_list(rng: &mut Rng, depth: u32, max: u32) -> Val {
    let s = rng.below(POOL.len());
    let keyed = rng.chance(4, 5);
    let mut entries = Vec::new();
    for _ in 0..rng.below(6) {
        if let Some(key) = fresh_key(rng, &entries, keyed) {
            let slots = gen_entry(rng, s, depth, max);
            entries.push((key, slots));
        }
    }
    Val::List(s, entries)
}

/// The next version of a slot value: mostly edits of it, sometimes something else entirely.
fn mutate(rng: &mut Rng, value: &Val, depth: u32, max: u32) -> Val {
    if rng.chance(1, 12) {
        return gen_value(rng, depth, max);
    }
    match value {
        Val::Text(_) => {
            if rng.chance(1, 2) {
                value.clone()
            } else {
                gen_text(rng)
            }
        }
        Val::Node(s, slots) => Val::Node(*s, mutate_slots(rng, slots, depth, max)),
        Val::List(s, entries) => Val::List(*s, mutate_list(rng, *s, entries, depth, max)),
    }
}

fn mutate_slots(rng: &mut Rng, slots: &[Val], depth: u32, max: u32) -> Vec<Val> {
    slots
        .iter()
        .map(|v| {
            if rng.chance(1, 3) {
                v.clone()
            } else {
                mutate(rng, v, depth + 1, max)
            }
        })
        .collect()
}

fn mutate_list(
    rng: &mut Rng,
    s: usize,
    entries: &[(Option<String>, Vec<Val>)],
    depth: u32,
    max: u32,
) -> Vec<(Option<String>, Vec<Val>)> {
    let keyed = match entries.first() {
        Some((key, _)) => key.is_some(),
        None => rng.chance(4, 5),
    };
    let mut entries = entries.to_vec();
    for _ in 0..rng.below(4) {
        match rng.below(7) {
            0 if !entries.is_empty() => {
                entries.remove(rng.below(entries.len()));
            }
            1 => {
                if let Some(key) = fresh_key(rng, &entries, keyed) {
                    let at = rng.below(entries.len() + 1);
                    let slots = gen_entry(rng, s, depth, max);
                    entries.insert(at, (key, slots));
                }
            }
            2 if !entries.is_empty() => {
                let entry = entries.remove(rng.below(entries.len()));
                let at = rng.below(entries.len() + 1);
                entries.insert(at, entry);
            }
            3 | 4 if !entries.is_empty() => {
                let at = rng.below(entries.len());
                entries[at].1 = mutate_slots(rng, &entries[at].1, depth, max);
            }
            5 => {
                for i in (1..entries.len()).rev() {
                    entries.swap(i, rng.below(i + 1));
                }
            }
            6 if rng.chance(1, 4) => entries.clear(),
            _ => {}
        }
    }
    // Lists keyed by position carry no identity: their keys stay `None` whatever moved.
    entries
}

/// How a step marks slots it did not evaluate.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// Everything evaluated.
    Full,
    /// Each slot equal to the previous step's (under a node the client holds) is
    /// `Unchanged` with this probability, in percent.
    Track(usize),
    /// Every such slot is `Unchanged`, except comprehensions, which are evaluated.
    KeepLists,
}

/// The `Rendered` of a node value; `prev` is the previous step's value at the same place when
/// the client holds a node there.
fn to_rendered(value: &Val, prev: Option<&Val>, mode: Mode, rng: &mut Rng) -> Rendered {
    let Val::Node(s, slots) = value else {
        panic!("not a node: {value:?}")
    };
    let held = match prev {
        Some(Val::Node(ps, pslots)) if ps == s => Some(pslots),
        _ => None,
    };
    let dynamics = slots
        .iter()
        .enumerate()
        .map(|(i, v)| to_dynamic(v, held.map(|p| &p[i]), mode, rng))
        .collect();
    Rendered::new(&POOL[*s], dynamics)
}

fn to_dynamic(value: &Val, prev: Option<&Val>, mode: Mode, rng: &mut Rng) -> Dynamic {
    if prev == Some(value) {
        let skip = match mode {
            Mode::Full => false,
            Mode::Track(percent) => rng.below(100) < percent,
            Mode::KeepLists => matches!(value, Val::Text(_)),
        };
        if skip {
            return Dynamic::Unchanged;
        }
    }
    match value {
        Val::Text(text) => Dynamic::Text(text.clone()),
        Val::Node(..) => Dynamic::Nested(to_rendered(value, prev, mode, rng)),
        Val::List(s, entries) => {
            let mut list = Comprehension::new(&POOL[*s]);
            for (key, slots) in entries {
                list.push(
                    key.clone(),
                    slots
                        .iter()
                        .map(|v| to_dynamic(v, None, Mode::Full, rng))
                        .collect::<Vec<_>>(),
                );
            }
            Dynamic::List(list)
        }
    }
}

/// The full render of a top-level value.
fn full_rendered(value: &Val) -> Rendered {
    to_rendered(value, None, Mode::Full, &mut Rng(0))
}

/// One step of a sequence.
struct Step {
    value: Val,
    rendered: Rendered,
    mode: Mode,
    /// The step repeats the previous tree and marks it so that nothing needs sending.
    quiet: bool,
}

/// A whole render sequence from `(seed, steps, depth)`.
fn gen_sequence(seed: u64, steps: usize, max: u32) -> Vec<Step> {
    let mut rng = Rng(seed);
    let mut out: Vec<Step> = Vec::with_capacity(steps);
    let first = gen_node(&mut rng, 0, max);
    out.push(Step {
        rendered: to_rendered(&first, None, Mode::Full, &mut rng),
        value: first,
        mode: Mode::Full,
        quiet: false,
    });
    while out.len() < steps {
        let prev = &out[out.len() - 1].value;
        let (value, mode, quiet) = if rng.chance(1, 8) {
            let mode = if rng.chance(1, 2) {
                Mode::Track(100)
            } else {
                Mode::KeepLists
            };
            (prev.clone(), mode, true)
        } else {
            let value = match prev {
                Val::Node(s, slots) if !rng.chance(1, 15) => {
                    Val::Node(*s, mutate_slots(&mut rng, slots, 0, max))
                }
                _ => gen_node(&mut rng, 0, max),
            };
            let mode = match rng.below(4) {
                0 => Mode::Full,
                1 => Mode::Track(50),
                2 => Mode::Track(100),
                _ => Mode::KeepLists,
            };
            (value, mode, false)
        };
        let rendered = to_rendered(&value, Some(prev), mode, &mut rng);
        out.push(Step {
            value,
            rendered,
            mode,
            quiet,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Minimality and validity checks of one diff against the previous and current trees.

fn parts_json(s: usize) -> Value {
    Value::from(POOL[s].parts().to_vec())
}

/// The full JSON of a value the client does not hold.
fn full_json(value: &Val, top: bool) -> Value {
    match value {
        Val::Text(text) => Value::from(text.as_str()),
        Val::Node(s, slots) => {
            let mut map = Map::new();
            for (i, slot) in slots.iter().enumerate() {
                map.insert(i.to_string(), full_json(slot, false));
            }
            map.insert("s".into(), parts_json(*s));
            if !top && POOL[*s].is_root() {
                map.insert("r".into(), json!(1));
            }
            Value::Object(map)
        }
        Val::List(_, entries) if entries.is_empty() => json!(""),
        Val::List(s, entries) => {
            let mut k = Map::new();
            for (i, (_, slots)) in entries.iter().enumerate() {
                k.insert(i.to_string(), entry_json(slots, None));
            }
            k.insert("kc".into(), json!(entries.len()));
            json!({"k": k, "s": parts_json(*s)})
        }
    }
}

/// An entry's slots as an object: all of them, or those whose content differs from `old`.
fn entry_json(slots: &[Val], old: Option<&[Val]>) -> Value {
    let mut map = Map::new();
    for (i, slot) in slots.iter().enumerate() {
        if old.is_none_or(|old| !same_content(&old[i], slot)) {
            map.insert(i.to_string(), full_json(slot, false));
        }
    }
    Value::Object(map)
}

/// Equal as far as the client's copy goes (the keys of nested lists are not sent).
fn same_content(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Text(x), Val::Text(y)) => x == y,
        (Val::Node(s, x), Val::Node(t, y)) => {
            s == t && x.iter().zip(y).all(|(a, b)| same_content(a, b))
        }
        (Val::List(s, x), Val::List(t, y)) => {
            s == t
                && x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((_, a), (_, b))| a.iter().zip(b).all(|(a, b)| same_content(a, b)))
        }
        _ => false,
    }
}

/// The same keys in the same order, with the same content.
fn same_entries(a: &[(Option<String>, Vec<Val>)], b: &[(Option<String>, Vec<Val>)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, a), (kb, b))| ka == kb && a.iter().zip(b).all(|(a, b)| same_content(a, b)))
}

fn check(ok: bool, path: &str, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!(
            "at {}: {}",
            if path.is_empty() { "top" } else { path },
            what()
        ))
    }
}

/// Checks a node's diff object `got` (members only; empty when nothing is sent).
fn check_node(
    got: &Map<String, Value>,
    prev: Option<&Val>,
    value: &Val,
    rendered: &Rendered,
    top: bool,
    path: &str,
) -> Result<(), String> {
    let Val::Node(s, slots) = value else {
        unreachable!("check_node on {value:?}")
    };
    if got.contains_key("s") {
        let held = matches!(prev, Some(Val::Node(ps, _)) if ps == s);
        check(!held, path, || {
            "statics re-sent for a node the client holds".into()
        })?;
        let expected = full_json(value, top);
        return check(Value::Object(got.clone()) == expected, path, || {
            format!(
                "full node {} expected {expected}",
                Value::Object(got.clone())
            )
        });
    }
    let pslots = match prev {
        Some(Val::Node(ps, pslots)) if ps == s => pslots,
        _ => {
            return Err(format!(
                "at {path}: partial diff {got:?} for a node the client does not hold"
            ))
        }
    };
    for key in got.keys() {
        let known = key
            .parse::<usize>()
            .is_ok_and(|i| i < slots.len() && i.to_string() == *key);
        check(known, path, || {
            format!("unexpected member {key:?} in a partial node")
        })?;
    }
    for (i, dynamic) in rendered.dynamics().enumerate() {
        let path = &format!("{path}/{i}");
        let member = got.get(&i.to_string());
        let (value, prev) = (&slots[i], &pslots[i]);
        match dynamic {
            Dynamic::Unchanged => check(member.is_none(), path, || "unchanged slot sent".into())?,
            // Text equal to what the client holds is left out; any other text is sent.
            Dynamic::Text(text) if matches!(prev, Val::Text(held) if held == text) => {
                check(member.is_none(), path, || {
                    format!("text slot the client holds re-sent as {member:?}")
                })?
            }
            Dynamic::Text(text) => {
                check(member == Some(&Value::from(text.as_str())), path, || {
                    format!("text slot sent as {member:?}, expected {text:?}")
                })?
            }
            Dynamic::Nested(node) => {
                let held = matches!((prev, value), (Val::Node(ps, _), Val::Node(s, _)) if ps == s);
                match member {
                    _ if !held => check(member == Some(&full_json(value, false)), path, || {
                        format!(
                            "new node sent as {member:?}, expected {}",
                            full_json(value, false)
                        )
                    })?,
                    None => check_node(&Map::new(), Some(prev), value, node, false, path)?,
                    Some(Value::Object(map)) => {
                        check(!map.is_empty(), path, || "empty partial node sent".into())?;
                        check_node(map, Some(prev), value, node, false, path)?;
                    }
                    Some(other) => return Err(format!("at {path}: node sent as {other}")),
                }
            }
            Dynamic::List(_) => check_list(member, prev, value, path)?,
            // The generator builds no components (tests/live_components.rs covers them).
            Dynamic::Component(cid) => check(member == Some(&Value::from(*cid)), path, || {
                format!("component slot sent as {member:?}, expected {cid}")
            })?,
        }
    }
    Ok(())
}

/// Checks what was sent (`got`) for a comprehension slot.
fn check_list(got: Option<&Value>, prev: &Val, value: &Val, path: &str) -> Result<(), String> {
    let Val::List(s, entries) = value else {
        unreachable!("check_list on {value:?}")
    };
    let full = full_json(value, false);
    match prev {
        Val::List(ps, pentries)
            if (ps == s && same_entries(pentries, entries))
                || (pentries.is_empty() && entries.is_empty()) =>
        {
            check(got.is_none(), path, || {
                format!("unchanged comprehension sent as {got:?}")
            })
        }
        Val::List(ps, pentries) if ps == s => match got {
            // An empty comprehension may be held as `""` (first render) or as a comprehension.
            Some(got) if pentries.is_empty() && *got == full => Ok(()),
            Some(Value::Object(map)) if !map.contains_key("s") => {
                check_keyed(map, pentries, entries, path)
            }
            _ => Err(format!(
                "at {path}: comprehension sent as {got:?}, expected a keyed diff"
            )),
        },
        _ => check(got == Some(&full), path, || {
            format!("new comprehension sent as {got:?}, expected {full}")
        }),
    }
}

/// Checks a keyed diff against the exact expected content.
fn check_keyed(
    got: &Map<String, Value>,
    old: &[(Option<String>, Vec<Val>)],
    new: &[(Option<String>, Vec<Val>)],
    path: &str,
) -> Result<(), String> {
    check(got.len() == 1, path, || {
        format!("keyed diff has members besides \"k\": {got:?}")
    })?;
    let Some(Value::Object(k)) = got.get("k") else {
        return Err(format!("at {path}: no \"k\" object in {got:?}"));
    };
    let mut expected = Map::new();
    let mut moved = false;
    for (i, (key, slots)) in new.iter().enumerate() {
        let j = match key {
            Some(_) => old.iter().position(|(k, _)| k == key),
            None => (i < old.len() && old[i].0.is_none()).then_some(i),
        };
        let entry = match j {
            None => Some(entry_json(slots, None)),
            Some(j) => {
                let same = old[j].1.iter().zip(slots).all(|(a, b)| same_content(a, b));
                match (j == i, same) {
                    (true, true) => None,
                    (true, false) => Some(entry_json(slots, Some(&old[j].1))),
                    (false, true) => Some(json!(j)),
                    (false, false) => Some(json!([j, entry_json(slots, Some(&old[j].1))])),
                }
            }
        };
        if let Some(entry) = entry {
            moved |= !entry.is_object();
            expected.insert(i.to_string(), entry);
        }
    }
    expected.insert("kc".into(), json!(new.len()));
    if moved {
        expected.insert("km".into(), json!(true));
    }
    check(*k == expected, path, || {
        format!(
            "keyed diff {} expected {}",
            Value::Object(k.clone()),
            Value::Object(expected.clone())
        )
    })
}

/// Checks the diff of one step; returns it as the oracle's step (`{}` for `None`).
fn check_step(diff: Option<&str>, prev: Option<&Step>, step: &Step) -> Result<Value, String> {
    let value = match diff {
        None => Value::Object(Map::new()),
        Some(text) => {
            serde_json::from_str::<Value>(text).map_err(|e| format!("invalid JSON: {e}"))?
        }
    };
    let Value::Object(map) = &value else {
        return Err(format!("diff is not an object: {value}"));
    };
    if diff.is_some() {
        check(!map.is_empty(), "", || "an empty diff must be None".into())?;
    }
    if step.quiet {
        check(diff.is_none(), "", || {
            format!("a step that changes nothing sent {value}")
        })?;
    }
    check(!map.contains_key("r"), "", || {
        "root flag at the top level".into()
    })?;
    check_node(
        map,
        prev.map(|p| &p.value),
        &step.value,
        &step.rendered,
        true,
        "",
    )?;
    Ok(value)
}

// ---------------------------------------------------------------------------------------------
// The property.

/// Everything about one sequence needed to report it.
struct Run {
    spec: (u64, usize, u32),
    steps: Vec<Step>,
    diffs: Vec<Option<String>>,
    oracle_steps: Vec<Value>,
}

fn describe(run: &Run, upto: usize) -> String {
    let mut out = format!("sequence (seed, steps, depth) = {:?}\n", run.spec);
    for (i, step) in run.steps.iter().enumerate().take(upto.saturating_add(1)) {
        let _ = writeln!(
            out,
            "  step {i} ({:?}{}):\n    value: {:?}\n    rendered: {:?}\n    diff: {}",
            step.mode,
            if step.quiet { ", quiet" } else { "" },
            step.value,
            step.rendered,
            run.diffs.get(i).map_or("(not computed)".to_owned(), |d| d
                .clone()
                .unwrap_or_else(|| "None".into())),
        );
    }
    out
}

/// A failed sequence: its index in the batch (when known) and what went wrong.
struct Failure {
    index: Option<usize>,
    message: String,
}

/// Runs every sequence of `specs` through one Node process.
fn run_specs(specs: &[(u64, usize, u32)]) -> Result<(), Failure> {
    let mut runs = Vec::with_capacity(specs.len());
    for (index, &spec) in specs.iter().enumerate() {
        let steps = gen_sequence(spec.0, spec.1, spec.2);
        let mut tree = ClientTree::default();
        let mut run = Run {
            spec,
            steps: Vec::new(),
            diffs: Vec::new(),
            oracle_steps: Vec::new(),
        };
        for (i, step) in steps.iter().enumerate() {
            // Every generated step keeps the change-tracking contract.
            if tree.missing_values(&step.rendered) {
                run.steps = steps;
                return Err(Failure {
                    index: Some(index),
                    message: format!(
                        "step {i} wrongly reported as missing values\n{}",
                        describe(&run, i)
                    ),
                });
            }
            let diff = tree.diff(&step.rendered);
            let checked = check_step(diff.as_deref(), i.checked_sub(1).map(|p| &steps[p]), step);
            run.diffs.push(diff);
            match checked {
                Ok(value) => run.oracle_steps.push(value),
                Err(message) => {
                    run.steps = steps;
                    return Err(Failure {
                        index: Some(index),
                        message: format!(
                            "diff of step {i} is wrong: {message}\n{}",
                            describe(&run, i)
                        ),
                    });
                }
            }
        }
        run.steps = steps;
        runs.push(run);
    }

    let input = json!({
        "cases": runs.iter().enumerate().map(|(i, run)| json!({"viewId": format!("phx-{i}"), "steps": run.oracle_steps})).collect::<Vec<_>>()
    });
    let output =
        std::panic::catch_unwind(|| run_node("tests/js/oracle.mjs", &[], &input.to_string()));
    let output = match output {
        Ok(output) => output,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            // The oracle names the failing case: "case N (phx-N): step M: ...".
            let case = message
                .split("case ")
                .nth(1)
                .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse::<usize>().ok());
            let detail = case
                .and_then(|c| runs.get(c))
                .map_or(String::new(), |run| describe(run, usize::MAX));
            return Err(Failure {
                index: case,
                message: format!("the client failed to merge: {message}\n{detail}"),
            });
        }
    };
    let failure = |message: String| Failure {
        index: None,
        message,
    };
    let output: Value =
        serde_json::from_str(&output).map_err(|e| failure(format!("oracle output: {e}")))?;
    let cases = output["cases"]
        .as_array()
        .ok_or_else(|| failure("oracle output has no cases".into()))?;
    for (index, (run, case)) in runs.iter().zip(cases).enumerate() {
        for (i, step) in run.steps.iter().enumerate() {
            let expected = full_rendered(&step.value).to_html();
            let got = case[i].as_str().unwrap_or_default();
            if got != expected {
                return Err(Failure {
                    index: Some(index),
                    message: format!(
                        "after step {i} the client shows\n  {got:?}\nbut the full render is\n  {expected:?}\n{}",
                        describe(run, i)
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Runs a batch; on failure reports the shortest failing prefix of the failing sequence (a
/// shorter sequence from the same seed is a prefix of the longer one).
fn run_batch(specs: &[(u64, usize, u32)]) -> Result<(), TestCaseError> {
    let Err(failure) = run_specs(specs) else {
        return Ok(());
    };
    let Some((seed, steps, depth)) = failure.index.and_then(|i| specs.get(i).copied()) else {
        return Err(TestCaseError::fail(failure.message));
    };
    for shorter in 1..steps {
        if let Err(reduced) = run_specs(&[(seed, shorter, depth)]) {
            return Err(TestCaseError::fail(reduced.message));
        }
    }
    Err(TestCaseError::fail(failure.message))
}

#[test]
fn pool_statics_json_matches_parts() {
    for statics in &POOL {
        let parsed: Vec<String> = serde_json::from_str(statics.json()).expect("statics JSON");
        assert_eq!(parsed, statics.parts(), "{}", statics.json());
    }
}

#[test]
fn generated_steps_respect_the_change_tracking_contract() {
    // `Unchanged` only in tracking steps, and a quiet step is all `Unchanged` or evaluated
    // comprehensions; the full tree of every step renders like the step itself where evaluated.
    for seed in 0..200 {
        let steps = gen_sequence(seed, 10, 3);
        for step in &steps {
            if step.mode == Mode::Full {
                assert!(step.rendered.is_complete(), "{:?}", step.rendered);
            }
            if step.quiet && step.mode == Mode::Track(100) {
                assert!(step.rendered.dynamics().all(|d| *d == Dynamic::Unchanged));
            }
            if step.rendered.is_complete() {
                assert_eq!(
                    step.rendered.to_html(),
                    full_rendered(&step.value).to_html()
                );
            }
        }
    }
}

#[test]
fn client_merge_of_random_diff_sequences_equals_the_full_render() {
    // `LIVE_DIFF_ORACLE_REPLAY=seed,steps,depth` replays one sequence of a failure report.
    if let Ok(spec) = std::env::var("LIVE_DIFF_ORACLE_REPLAY") {
        let numbers: Vec<u64> = spec
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        let [seed, steps, depth] = numbers[..] else {
            panic!("LIVE_DIFF_ORACLE_REPLAY must be seed,steps,depth, not {spec:?}");
        };
        if let Err(error) = run_batch(&[(seed, steps as usize, depth as u32)]) {
            panic!("{error}");
        }
        return;
    }
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(BATCHES);
    let config = Config {
        cases,
        // Shrinking a batch would run Node once per step, and the batch is reduced by hand to
        // the failing sequence's shortest failing prefix (`run_batch`).
        max_shrink_iters: 0,
        failure_persistence: None,
        ..Config::default()
    };
    let strategy = proptest::collection::vec((any::<u64>(), 1usize..=10, 0u32..=3), BATCH);
    let mut runner = TestRunner::new(config);
    if let Err(error) = runner.run(&strategy, |specs| run_batch(&specs)) {
        panic!("{error}\nreplay one sequence with LIVE_DIFF_ORACLE_REPLAY=seed,steps,depth");
    }
}
