//! Recycled comprehension contents.
//!
//! Every render of a `:for` builds a [`Comprehension`](crate::Comprehension) whose contents are
//! a few buffers (entry index, slot values, text), and every diff drops it a moment later. A
//! view handling a stream of events would allocate and free the same buffers each time;
//! instead, a dropped comprehension gives its emptied contents to a small per-thread pool and
//! the next one takes them back. The pool is bounded in count and in the capacity it keeps, so
//! a one-off huge list does not stay resident.

use std::cell::RefCell;

/// Buffers kept per kind and thread.
const KEPT: usize = 8;

/// Buffers larger than this (in bytes of capacity) are freed rather than kept.
const LARGEST: usize = 64 * 1024;

/// Emptied buffers of one kind.
pub(crate) struct Pool<T> {
    free: Vec<T>,
}

impl<T> Pool<T> {
    pub(crate) const fn new() -> Self {
        Pool { free: Vec::new() }
    }
}

/// A buffer that can be emptied and whose capacity can be measured.
pub(crate) trait Buffer: Default {
    /// Capacity in bytes.
    fn capacity_bytes(&self) -> usize;
    /// Removes the contents, keeping the capacity.
    fn empty(&mut self);
}

impl<T> Buffer for Vec<T> {
    fn capacity_bytes(&self) -> usize {
        self.capacity() * std::mem::size_of::<T>()
    }
    fn empty(&mut self) {
        self.clear();
    }
}

impl<A: Buffer, B: Buffer, C: Buffer> Buffer for (A, B, C) {
    fn capacity_bytes(&self) -> usize {
        self.0.capacity_bytes() + self.1.capacity_bytes() + self.2.capacity_bytes()
    }
    fn empty(&mut self) {
        self.0.empty();
        self.1.empty();
        self.2.empty();
    }
}

impl Buffer for String {
    fn capacity_bytes(&self) -> usize {
        self.capacity()
    }
    fn empty(&mut self) {
        self.clear();
    }
}

/// Takes an empty buffer from `pool` (a new one when the pool is empty).
#[inline]
pub(crate) fn take<T: Buffer + 'static>(
    pool: &'static std::thread::LocalKey<RefCell<Pool<T>>>,
) -> T {
    pool.try_with(|pool| pool.try_borrow_mut().ok().and_then(|mut p| p.free.pop()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Gives `buffer` back to `pool`, emptied, unless the pool is full or the buffer too large.
#[inline]
pub(crate) fn give<T: Buffer + 'static>(
    pool: &'static std::thread::LocalKey<RefCell<Pool<T>>>,
    mut buffer: T,
) {
    let size = buffer.capacity_bytes();
    if size == 0 || size > LARGEST {
        return;
    }
    buffer.empty();
    let _ = pool.try_with(|pool| {
        if let Ok(mut pool) = pool.try_borrow_mut() {
            if pool.free.len() < KEPT {
                pool.free.push(buffer);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::{give, take, Pool};

    thread_local! {
        static TEXTS: RefCell<Pool<String>> = const { RefCell::new(Pool::new()) };
    }

    #[test]
    fn a_given_buffer_comes_back_empty_with_its_capacity() {
        let mut text = String::with_capacity(100);
        text.push_str("old content");
        give(&TEXTS, text);
        let again = take(&TEXTS);
        assert!(again.is_empty());
        assert!(again.capacity() >= 100);
        // The pool is now empty: a fresh buffer.
        assert_eq!(take(&TEXTS).capacity(), 0);
    }

    #[test]
    fn huge_and_empty_buffers_are_not_kept() {
        give(&TEXTS, String::with_capacity(super::LARGEST + 1));
        give(&TEXTS, String::new());
        assert_eq!(take(&TEXTS).capacity(), 0);
    }

    #[test]
    fn the_pool_is_bounded() {
        for _ in 0..(super::KEPT + 5) {
            give(&TEXTS, String::with_capacity(8));
        }
        let kept = (0..super::KEPT + 5)
            .map(|_| take(&TEXTS))
            .filter(|t| t.capacity() > 0)
            .count();
        assert_eq!(kept, super::KEPT);
    }
}
