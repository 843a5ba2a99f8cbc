//! Which files an upload accepts: file extensions, MIME types and `type/*` wildcards.

/// The accepted files of an upload, as in an `<input accept>` list.
///
/// An entry matches a file when it is a lower-cased extension (`.jpg`) equal to the file name's
/// own, a MIME type equal to the type the client reported (`image/png`), or a wildcard
/// (`image/*`) covering it. An empty list accepts any file.
///
/// ```
/// use live_core::upload::Accept;
/// let accept = Accept::list([".jpg", "image/png", "audio/*"]);
/// assert!(accept.allows("cat.JPG", ""));
/// assert!(accept.allows("cat", "image/png"));
/// assert!(accept.allows("song.ogg", "audio/ogg"));
/// assert!(!accept.allows("notes.txt", "text/plain"));
/// assert!(Accept::any().allows("anything.bin", ""));
/// assert_eq!(accept.attribute().as_deref(), Some(".jpg,image/png,audio/*"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accept(Vec<String>);

impl Accept {
    /// Any file.
    pub fn any() -> Self {
        Accept(Vec::new())
    }

    /// The files matching one of `items` (extensions with their dot, MIME types, `type/*`).
    pub fn list<I, S>(items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Accept(
            items
                .into_iter()
                .map(|item| item.as_ref().trim().to_ascii_lowercase())
                .filter(|item| !item.is_empty())
                .collect(),
        )
    }

    /// Whether every file is accepted.
    pub fn is_any(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a file named `name` whose client-reported MIME type is `mime` is accepted.
    pub fn allows(&self, name: &str, mime: &str) -> bool {
        if self.is_any() {
            return true;
        }
        let mime = mime.trim().to_ascii_lowercase();
        let extension = name
            .rsplit_once('.')
            .map(|(_, ext)| format!(".{}", ext.to_ascii_lowercase()));
        self.0.iter().any(|item| {
            if item.starts_with('.') {
                extension.as_deref() == Some(item.as_str())
            } else if let Some(family) = item.strip_suffix("/*") {
                mime.split_once('/').is_some_and(|(top, _)| top == family)
            } else {
                !mime.is_empty() && *item == mime
            }
        })
    }

    /// The input's `accept` attribute: the list joined with `,`; `None` for any file.
    pub fn attribute(&self) -> Option<String> {
        (!self.is_any()).then(|| self.0.join(","))
    }
}
