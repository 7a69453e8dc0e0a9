//! A fast, non-keyed hasher for the short strings this crate looks up
//! (line texts, words before a full stop): the standard SipHash is built
//! to resist flooding, which counting a page's lines and looking words up
//! in fixed lists do not need.

use std::hash::{BuildHasherDefault, Hasher};

/// Multiplies and rotates eight bytes at a time.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

/// Builds [`FastHasher`]s, for `HashMap` and `HashSet`.
pub(crate) type BuildFastHasher = BuildHasherDefault<FastHasher>;

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
