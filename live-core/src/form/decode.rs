//! The urlencoded form decoder: [`decode`] and [`decode_target`].

use std::collections::HashMap;

use serde_json::{Map, Value};

/// The deepest key accepted, in segments after the root name (`a[b][c]` has 2). Deeper keys are
/// refused: nothing a browser form produces comes close, and unbounded nesting would make the
/// decoded value (and every recursive walk over it) arbitrarily deep.
pub const MAX_DEPTH: usize = 32;

/// Why an urlencoded string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A key or value is not UTF-8 once percent-decoded (Plug refuses these too).
    InvalidUtf8 {
        /// The piece as it was written (truncated to 64 bytes).
        piece: String,
    },
    /// A key has more than [`MAX_DEPTH`] bracketed segments.
    TooDeep {
        /// The key's root name (truncated to 64 bytes).
        root: String,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { piece } => {
                write!(f, "invalid urlencoded params: {piece:?} is not UTF-8 once decoded")
            }
            DecodeError::TooDeep { root } => write!(
                f,
                "invalid urlencoded params: key {root:?}[…] is nested deeper than {MAX_DEPTH} levels"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes an `application/x-www-form-urlencoded` string into a JSON object of strings, lists
/// and maps, exactly as Plug decodes it (what a Phoenix server hands to `handle_event` for the
/// same input).
///
/// The rules (docs/protocol-bindings.md §1.4):
///
/// 1. The input is split on `&`; empty pieces are skipped. Each piece is split on its **first**
///    `=`; a piece without `=` has the value `""`.
/// 2. Key and value are percent-decoded, `+` becoming a space. An escape that is not `%` and two
///    hex digits is kept as written (`100%` stays `100%`). The decoded bytes must be UTF-8.
/// 3. A key that ends with `]` and has a `[` after its first character is a root name (up to the
///    first `[`) followed by segments separated by `][`: `user[address][city]` is
///    `user` → `address` → `city`. An empty segment (`[]`) appends to a list. Any other key is a
///    plain name, brackets included (`a[b`, `[x]`, `[]`).
/// 4. For the same key in the same map, the last pair wins, whatever its shape
///    (`a=1&a[b]=2` gives `{"a":{"b":"2"}}`). A container is created by the first pair that
///    needs it, and later pairs below it keep filling that container even when a scalar replaced
///    it in between (Plug does the same: `a[b][c]=1&a[b]=2&a[b][d]=3` gives `{"a":{"b":"2"}}`).
/// 5. A container whose newest entry was written through `[]` is a list of its `[]` entries;
///    otherwise it is a map of its named entries. All maps inside one list are one map
///    (`users[][name]=a&users[][age]=1` gives `[{"name":"a","age":"1"}]`).
///
/// One deliberate difference: when a map also received a nested `[]` entry (`x[][a]=1&x[b]=2`),
/// Plug keeps that entry under the key `nil`, which JSON cannot express; it is left out here
/// (`{"x":{"b":"2"}}`). Phoenix documents nesting inside lists as unspecified; form helpers use
/// explicit indices instead. And a key nested deeper than [`MAX_DEPTH`] is an error here, where
/// Plug has no limit.
///
/// The decoder was checked against Plug's own (`Plug.Conn.Query.decode/1` run on Elixir) on the
/// table of `tests/forms.rs` and on 30,000 random inputs: same output for every one, apart from
/// the `nil` key above.
///
/// ```
/// use live_core::form::decode;
/// let params = decode("user%5Bname%5D=Jo+Ann&user%5Btags%5D%5B%5D=a&user%5Btags%5D%5B%5D=b&agree=false&agree=true")?;
/// assert_eq!(
///     params,
///     serde_json::json!({"user": {"name": "Jo Ann", "tags": ["a", "b"]}, "agree": "true"})
/// );
/// # Ok::<(), live_core::form::DecodeError>(())
/// ```
///
/// ```
/// use live_core::form::decode;
/// use serde_json::json;
/// assert_eq!(decode("a=1&a=2")?, json!({"a": "2"}));
/// assert_eq!(decode("tags[]=x&tags[]=y")?, json!({"tags": ["x", "y"]}));
/// assert_eq!(decode("items[0][x]=1")?, json!({"items": {"0": {"x": "1"}}}));
/// assert_eq!(decode("flag&=v")?, json!({"flag": "", "": "v"}));
/// assert!(decode("a=%FF").is_err());
/// # Ok::<(), live_core::form::DecodeError>(())
/// ```
pub fn decode(query: &str) -> Result<Value, DecodeError> {
    let mut builder = Builder::new();
    for piece in query.split('&').filter(|piece| !piece.is_empty()) {
        let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
        let key = percent_decode(key).map_err(|()| invalid_utf8(piece))?;
        let value = percent_decode(value).map_err(|()| invalid_utf8(piece))?;
        let (root, segments) = split_key(&key);
        if segments.len() > MAX_DEPTH {
            return Err(DecodeError::TooDeep {
                root: truncate(root),
            });
        }
        builder.insert(root, &segments, value);
    }
    Ok(Value::Object(builder.finish()))
}

/// Decodes the `_target` of a change event (the `name` of the input that changed) into its key
/// path, stopping at a list: `"user[email]"` → `["user", "email"]`, `"user[tags][]"` →
/// `["user", "tags"]`, `"undefined"` → `["undefined"]` (docs/protocol-bindings.md §1.5).
///
/// The name is decoded like a query string (so `+` and `%XX` are decoded, and a stray `&`
/// starts another pair); the path then follows the first key of each map, in sorted order.
///
/// ```
/// use live_core::form::decode_target;
/// assert_eq!(decode_target("user[email]")?, ["user", "email"]);
/// assert_eq!(decode_target("user[tags][]")?, ["user", "tags"]);
/// assert_eq!(decode_target("undefined")?, ["undefined"]);
/// assert!(decode_target("")?.is_empty());
/// # Ok::<(), live_core::form::DecodeError>(())
/// ```
pub fn decode_target(target: &str) -> Result<Vec<String>, DecodeError> {
    let decoded = decode(target)?;
    let mut path = Vec::new();
    let mut current = &decoded;
    loop {
        match current {
            Value::Object(map) => match map.iter().min_by(|a, b| a.0.cmp(b.0)) {
                Some((key, value)) => {
                    path.push(key.clone());
                    current = value;
                }
                None => break,
            },
            Value::Array(items) => match items.as_slice() {
                [single @ Value::Object(_)] => current = single,
                _ => break,
            },
            _ => break,
        }
    }
    Ok(path)
}

fn invalid_utf8(piece: &str) -> DecodeError {
    DecodeError::InvalidUtf8 {
        piece: truncate(piece),
    }
}

/// At most 64 bytes of `text`, cut at a character boundary (for error messages).
fn truncate(text: &str) -> String {
    let mut end = text.len().min(64);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// Percent-decodes one key or value: `+` is a space, `%XX` a byte, any other `%` stays. Fails
/// when the result is not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Result<String, ()> {
    if !text.bytes().any(|b| b == b'%' || b == b'+') {
        return Ok(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            ) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                // Not an escape: keep the `%` and read on from the next byte.
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ())
}

fn hex(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Splits a decoded key into its root name and its segments (`None` for `[]`).
fn split_key(key: &str) -> (&str, Vec<Option<&str>>) {
    let bracket = key.find('[');
    match bracket {
        Some(open) if open > 0 && key.ends_with(']') => {
            let inner = &key[open + 1..key.len() - 1];
            let segments = inner
                .split("][")
                .map(|segment| (!segment.is_empty()).then_some(segment))
                .collect();
            (&key[..open], segments)
        }
        _ => (key, Vec::new()),
    }
}

/// An entry of a container: a value, or the container created below this key.
enum Entry {
    Leaf(String),
    Child(usize),
}

/// Containers in creation order; container 0 is the root map. A container is identified by its
/// parent and the key it was created under (`None` for `[]`), so every pair below the same key
/// path lands in the same container.
struct Builder {
    containers: Vec<Vec<(Option<String>, Entry)>>,
    children: HashMap<(usize, Option<String>), usize>,
}

impl Builder {
    fn new() -> Self {
        Builder {
            containers: vec![Vec::new()],
            children: HashMap::new(),
        }
    }

    fn insert(&mut self, root: &str, segments: &[Option<&str>], value: String) {
        // The key under which each level stores the next one: the root name, then the
        // segments; the last key holds the value, the others lead to containers.
        let keys: Vec<Option<&str>> = std::iter::once(Some(root))
            .chain(segments.iter().copied())
            .collect();
        let Some((leaf, links)) = keys.split_last() else {
            return;
        };
        // Follow the containers that already exist…
        let mut container = 0;
        let mut followed = 0;
        for key in links {
            match self.children.get(&(container, key.map(str::to_owned))) {
                Some(&child) => {
                    container = child;
                    followed += 1;
                }
                None => break,
            }
        }
        // …create the missing ones, each linked from its parent, then store the value.
        for key in &links[followed..] {
            let key = key.map(str::to_owned);
            let child = self.containers.len();
            self.containers.push(Vec::new());
            self.children.insert((container, key.clone()), child);
            self.containers[container].push((key, Entry::Child(child)));
            container = child;
        }
        self.containers[container].push((leaf.map(str::to_owned), Entry::Leaf(value)));
    }

    fn finish(mut self) -> Map<String, Value> {
        // Build every container bottom-up (a child is always created after its parent), so no
        // recursion is needed whatever the nesting.
        let mut built: Vec<Option<Value>> = Vec::with_capacity(self.containers.len());
        built.resize_with(self.containers.len(), || None);
        for index in (0..self.containers.len()).rev() {
            let entries = std::mem::take(&mut self.containers[index]);
            let is_list = index != 0 && matches!(entries.last(), Some((None, _)));
            let mut take = |entry: Entry| match entry {
                Entry::Leaf(text) => Value::String(text),
                Entry::Child(child) => built[child].take().unwrap_or(Value::Null),
            };
            let value = if is_list {
                let mut list = Vec::new();
                for (key, entry) in entries {
                    if key.is_none() {
                        list.push(take(entry));
                    }
                }
                Value::Array(list)
            } else {
                let mut map = Map::new();
                for (key, entry) in entries {
                    if let Some(key) = key {
                        let value = take(entry);
                        map.insert(key, value);
                    }
                }
                Value::Object(map)
            };
            built[index] = Some(value);
        }
        match built.into_iter().next().flatten() {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a+b%20c").as_deref(), Ok("a b c"));
        assert_eq!(percent_decode("%zz%4%").as_deref(), Ok("%zz%4%"));
        assert_eq!(percent_decode("%%41").as_deref(), Ok("%A"));
        assert_eq!(percent_decode("%C3%A9").as_deref(), Ok("é"));
        assert_eq!(percent_decode("%C3"), Err(()));
    }

    #[test]
    fn key_splitting() {
        assert_eq!(split_key("a"), ("a", vec![]));
        assert_eq!(split_key("a[b][]"), ("a", vec![Some("b"), None]));
        assert_eq!(split_key("a[b]]"), ("a", vec![Some("b]")]));
        assert_eq!(split_key("[a]"), ("[a]", vec![]));
        assert_eq!(split_key("a[b"), ("a[b", vec![]));
    }

    #[test]
    fn too_deep_keys_are_refused() {
        let key = format!("a{}", "[b]".repeat(MAX_DEPTH));
        assert!(decode(&format!("{key}=1")).is_ok());
        let key = format!("a{}", "[]".repeat(MAX_DEPTH + 1));
        assert!(matches!(
            decode(&format!("{key}=1")),
            Err(DecodeError::TooDeep { .. })
        ));
    }

    #[test]
    fn a_nested_list_entry_in_a_map_is_left_out() {
        // Plug: %{"x" => %{nil => %{"a" => "1"}, "b" => "2"}}.
        assert_eq!(
            decode("x[][a]=1&x[b]=2").expect("decodes"),
            json!({"x": {"b": "2"}})
        );
    }

    #[test]
    fn child_created_before_a_scalar_still_collects() {
        assert_eq!(
            decode("a[]=1&a=2&a[]=3").expect("decodes"),
            json!({"a": "2"})
        );
    }
}
