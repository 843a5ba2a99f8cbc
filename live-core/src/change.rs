//! Change sets: which assigns changed since the last render, one bit per assign.

/// A set of changed assigns, one bit per field of a `#[derive(LiveView)]` struct.
///
/// Fields past the 63rd share the last bit, so tracking stays correct (never misses a change)
/// for any number of fields, only coarser beyond 63.
///
/// ```
/// use live_core::ChangeSet;
/// let mut changed = ChangeSet::NONE;
/// changed.mark(ChangeSet::bit(2));
/// assert!(changed.any(ChangeSet::bit(2)));
/// assert!(!changed.any(ChangeSet::bit(0)));
/// assert!(ChangeSet::ALL.any(ChangeSet::bit(70)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeSet(u64);

impl ChangeSet {
    /// Nothing changed.
    pub const NONE: ChangeSet = ChangeSet(0);
    /// Everything changed: a full render.
    pub const ALL: ChangeSet = ChangeSet(u64::MAX);

    /// The bit marking a flash change (shared with assigns past the 63rd, which only makes
    /// their tracking coarser).
    pub const FLASH: u64 = 1 << 63;

    /// The bit marking a change of the live action ([`Assigns::live_action`](crate::Assigns::live_action));
    /// shared with the assign of index 60, which only makes that assign's tracking coarser.
    pub const LIVE_ACTION: u64 = 1 << 60;

    /// The bit marking a change of the page title ([`Assigns::page_title`](crate::Assigns::page_title));
    /// shared with the assign of index 61, which only makes that assign's tracking coarser.
    pub const PAGE_TITLE: u64 = 1 << 61;

    /// The mask of the assign with index `index`.
    pub const fn bit(index: usize) -> u64 {
        if index >= 63 {
            1 << 63
        } else {
            1 << index
        }
    }

    /// Marks the assigns in `mask` as changed.
    pub fn mark(&mut self, mask: u64) {
        self.0 |= mask;
    }

    /// Whether any assign in `mask` changed.
    pub const fn any(self, mask: u64) -> bool {
        self.0 & mask != 0
    }

    /// Whether nothing changed.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}
