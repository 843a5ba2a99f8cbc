//! The content hashes of the diff engine: a fast 64-bit hash keyed with random seeds drawn once
//! per process.
//!
//! The client tree keeps, for every slot of every comprehension entry, a hash of what was sent
//! instead of the text itself; an equal hash means "the client's copy is still right". Two
//! properties matter: speed (an event that edits one row hashes only that row's few slots, and
//! a full comparison hashes every slot of the list), and that user-controlled text cannot be
//! crafted to collide (a collision would leave stale content on a page). The seeds are secret
//! and random per process, so an outsider cannot predict which inputs collide.
//!
//! Each step folds 64 bits of input into the state with a 64×64→128-bit multiply by a secret
//! odd constant, XOR-ing the high and low halves ("folded multiply"); strings are consumed
//! eight bytes at a time, a shorter tail as one word that holds its bytes (the escaper's
//! `tail_word`), and end with their length, so no two different byte strings feed the same
//! sequence of words.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use crate::escape::tail_word;

/// The per-process secret seeds, and the states after each tag (see
/// [`ContentHasher::tagged_from`]).
///
/// Code hashing several values in a row fetches them once ([`seeds`]) and starts each hasher
/// from them ([`ContentHasher::tagged_from`]).
pub(crate) struct Seeds {
    start: u64,
    multiplier: u64,
    finalizer: u64,
    /// The state of a hasher that started from `start` and was fed tag `i`.
    tagged: [u64; TAGS],
}

/// Tags with a precomputed state.
const TAGS: usize = 5;

/// The seeds, drawn on first use.
#[inline]
pub(crate) fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let random = RandomState::new();
        let draw = |i: u64| random.hash_one(i);
        // Multipliers must be odd so that no input bit is lost.
        let (start, multiplier, finalizer) = (draw(1), draw(2) | 1, draw(3) | 1);
        let mut tagged = [0; TAGS];
        for (tag, state) in (0u8..).zip(&mut tagged) {
            let mut hasher = ContentHasher {
                state: start,
                multiplier,
                finalizer,
            };
            hasher.write_u8(tag);
            *state = hasher.state;
        }
        Seeds {
            start,
            multiplier,
            finalizer,
            tagged,
        }
    })
}

/// 128-bit product of `a` and `b`, high half XOR low half.
#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// A keyed hasher for the content of rendered slots.
///
/// ```ignore
/// let mut h = ContentHasher::new();
/// h.write_str("hello");
/// let hash = h.finish();
/// ```
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContentHasher {
    state: u64,
    multiplier: u64,
    finalizer: u64,
}

impl ContentHasher {
    /// A hasher starting from the process's secret seed.
    #[inline]
    pub(crate) fn new() -> Self {
        let seeds = seeds();
        ContentHasher::starting_at(seeds.start, seeds)
    }

    /// A hasher that was fed the byte `tag` (below 5), from a precomputed state of `seeds`
    /// (the process's, from [`seeds`]): the same as `new()` then `write_u8(tag)`, one
    /// multiplication cheaper.
    #[inline]
    pub(crate) fn tagged_from(seeds: &Seeds, tag: u8) -> Self {
        match seeds.tagged.get(usize::from(tag)) {
            Some(state) => ContentHasher::starting_at(*state, seeds),
            None => {
                let mut hasher = ContentHasher::starting_at(seeds.start, seeds);
                hasher.write_u8(tag);
                hasher
            }
        }
    }

    /// A hasher in `state`, with the process's multiplier and finalizer.
    #[inline]
    fn starting_at(state: u64, seeds: &Seeds) -> Self {
        ContentHasher {
            state,
            multiplier: seeds.multiplier,
            finalizer: seeds.finalizer,
        }
    }

    /// Feeds one 64-bit word.
    #[inline]
    pub(crate) fn write_u64(&mut self, word: u64) {
        self.state = folded_multiply(self.state ^ word, self.multiplier).rotate_left(23);
    }

    /// Feeds one byte (a tag).
    #[inline]
    pub(crate) fn write_u8(&mut self, byte: u8) {
        self.write_u64(u64::from(byte) | 0x100);
    }

    /// Feeds a string: its bytes eight at a time, then its length.
    #[inline]
    pub(crate) fn write_str(&mut self, text: &str) {
        self.write_bytes(text.as_bytes());
    }

    /// Feeds the bytes of a text (the same hash as [`ContentHasher::write_str`] of that text).
    #[inline]
    pub(crate) fn write_bytes(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        // The last one to seven bytes as one word (see `tail_word`; the length follows).
        if let Some(word) = tail_word(chunks.remainder()) {
            self.write_u64(word);
        }
        self.write_u64(bytes.len() as u64);
    }

    /// The hash of everything fed so far.
    #[inline]
    pub(crate) fn finish(&self) -> u64 {
        folded_multiply(self.state, self.finalizer)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::ContentHasher;

    fn hash(text: &str) -> u64 {
        let mut hasher = ContentHasher::new();
        hasher.write_u8(1);
        hasher.write_str(text);
        hasher.finish()
    }

    #[test]
    fn equal_input_equal_hash() {
        assert_eq!(hash("row 500"), hash("row 500"));
    }

    #[test]
    fn padding_and_length_are_told_apart() {
        let all = [
            "",
            "\0",
            "\0\0",
            "a",
            "a\0",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefg",
        ];
        let hashes: HashSet<u64> = all.iter().map(|t| hash(t)).collect();
        assert_eq!(hashes.len(), all.len());
    }

    #[test]
    fn no_collisions_among_many_similar_strings() {
        let mut seen = HashSet::new();
        for i in 0..200_000u32 {
            assert!(seen.insert(hash(&i.to_string())), "collision at {i}");
        }
        for i in 0..50_000u32 {
            assert!(seen.insert(hash(&format!("row {i} &amp; more text"))));
        }
    }

    #[test]
    fn a_tagged_hasher_is_a_new_one_fed_the_tag() {
        for tag in 0..6u8 {
            let mut fed = ContentHasher::new();
            fed.write_u8(tag);
            fed.write_str("text");
            let mut tagged = ContentHasher::tagged_from(super::seeds(), tag);
            tagged.write_str("text");
            assert_eq!(fed.finish(), tagged.finish(), "tag {tag}");
        }
    }

    #[test]
    fn words_and_tags_are_order_sensitive() {
        let mut a = ContentHasher::new();
        a.write_u64(1);
        a.write_u64(2);
        let mut b = ContentHasher::new();
        b.write_u64(2);
        b.write_u64(1);
        assert_ne!(a.finish(), b.finish());
    }
}
