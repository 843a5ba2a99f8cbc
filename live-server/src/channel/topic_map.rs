//! A small map from a channel's topic (or a view's id) to what a connection keeps for it.
//!
//! A socket almost always holds one view, rarely more than a handful, and never more than
//! `MAX_CHANNELS`. A `HashMap` allocates a table of at least four buckets plus control bytes
//! for its first entry and carries a hasher; this map is a `Vec` of pairs grown one slot at a
//! time, so a one-view socket keeps exactly one entry's bytes. Look-ups scan the entries,
//! which at these sizes is as fast as hashing the key.

/// Entries by string key, in insertion order (removal may reorder them).
pub(crate) struct TopicMap<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for TopicMap<V> {
    fn default() -> Self {
        TopicMap {
            entries: Vec::new(),
        }
    }
}

impl<V> TopicMap<V> {
    /// The value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, to change it in place.
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Whether `key` has a value.
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets the value of `key`; returns the value it replaces.
    pub(crate) fn insert(&mut self, key: String, value: V) -> Option<V> {
        if let Some((_, old)) = self.entries.iter_mut().find(|(k, _)| *k == key) {
            return Some(std::mem::replace(old, value));
        }
        // One slot at a time: a socket's few channels should not pay for a doubled capacity.
        self.entries.reserve_exact(1);
        self.entries.push((key, value));
        None
    }

    /// Takes the value of `key` out; the storage goes when the last entry does.
    pub(crate) fn remove(&mut self, key: &str) -> Option<V> {
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        let (_, value) = self.entries.swap_remove(index);
        self.release_if_empty();
        Some(value)
    }

    /// Keeps only the entries `keep` accepts.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&str, &V) -> bool) {
        self.entries.retain(|(k, v)| keep(k, v));
        self.release_if_empty();
    }

    /// Takes every entry out.
    pub(crate) fn drain(&mut self) -> impl Iterator<Item = (String, V)> {
        std::mem::take(&mut self.entries).into_iter()
    }

    /// Forgets every entry and gives back the storage.
    pub(crate) fn clear(&mut self) {
        self.entries = Vec::new();
    }

    /// How many entries there are.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entries, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    fn release_if_empty(&mut self) {
        if self.entries.is_empty() {
            self.entries = Vec::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TopicMap;

    #[test]
    fn behaves_as_a_map() {
        let mut map = TopicMap::default();
        assert_eq!(map.insert("lv:a".to_owned(), 1), None);
        assert_eq!(map.insert("lv:b".to_owned(), 2), None);
        assert_eq!(map.insert("lv:a".to_owned(), 3), Some(1));
        assert_eq!(map.len(), 2);
        assert_eq!(map.get("lv:a"), Some(&3));
        assert!(map.contains_key("lv:b"));
        assert!(!map.contains_key("lv:c"));
        assert_eq!(map.remove("lv:a"), Some(3));
        assert_eq!(map.remove("lv:a"), None);
        assert_eq!(map.iter().collect::<Vec<_>>(), vec![("lv:b", &2)]);
        map.insert("lv:c".to_owned(), 4);
        map.retain(|k, _| k != "lv:b");
        assert_eq!(
            map.drain().collect::<Vec<_>>(),
            vec![("lv:c".to_owned(), 4)]
        );
        assert_eq!(map.len(), 0);
    }

    #[test]
    fn one_entry_takes_one_slot_and_none_takes_no_storage() {
        let mut map = TopicMap::default();
        map.insert("lv:a".to_owned(), 1_u64);
        assert_eq!(map.entries.capacity(), 1);
        map.remove("lv:a");
        assert_eq!(map.entries.capacity(), 0);
    }
}
