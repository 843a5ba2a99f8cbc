//! Fingerprints of statics: a 64-bit FNV-1a hash that identifies a template's static fragments.
//!
//! [`crate::Statics::new`] is a `const fn` calling [`fingerprint`], so the fingerprints of the
//! statics `html!` emits are computed at compile time.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Fingerprint of a list of static fragments.
///
/// Every fragment is followed by the byte `0xff`, which never occurs in UTF-8, so
/// `["ab", "c"]` and `["a", "bc"]` hash differently.
///
/// ```
/// use live_core::fingerprint::fingerprint;
/// assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
/// assert_eq!(fingerprint(&["<p>", "</p>"]), fingerprint(&["<p>", "</p>"]));
/// ```
pub const fn fingerprint(parts: &[&str]) -> u64 {
    let mut hash = OFFSET;
    let mut p = 0;
    while p < parts.len() {
        let bytes = parts[p].as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            hash ^= bytes[i] as u64;
            hash = hash.wrapping_mul(PRIME);
            i += 1;
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(PRIME);
        p += 1;
    }
    hash
}
