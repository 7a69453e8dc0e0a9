//! A byte trie of every written form of every name, walked from word starts.
//!
//! Matches can only start at word starts, so each search is an anchored
//! walk: the failure links of an Aho-Corasick automaton would never be
//! followed, and computing them was most of the build time (measured with
//! `aho_corasick::nfa::noncontiguous` over 38k names: `fill_failure_transitions`
//! 44% and `build_trie` 20% of `GazetteerBuilder::build`).
//!
//! The trie is built from the sorted patterns level by level, so the
//! children of a node are contiguous and sorted by byte: a step is a binary
//! search among adjacent bytes, and building chases no pointers.

const NONE: u32 = u32::MAX;

/// A byte trie: nodes in breadth-first order, a dense root.
#[derive(Clone, Debug)]
pub(crate) struct Trie {
    root: Box<[u32; 256]>,
    /// Per node: its first child's index.
    child_start: Vec<u32>,
    /// Per node: how many children it has.
    child_len: Vec<u32>,
    /// Per node: the byte that leads to it.
    byte: Vec<u8>,
    /// Per node: the pattern that ends here, or `NONE`.
    pattern: Vec<u32>,
}

impl Trie {
    /// The trie of `patterns`, given as (bytes, id). Where a pattern occurs
    /// more than once, the lowest id wins; empty patterns are ignored.
    ///
    /// # Panics
    ///
    /// With four billion nodes or more.
    pub(crate) fn build(mut patterns: Vec<(&[u8], u32)>) -> Trie {
        patterns.retain(|(p, _)| !p.is_empty());
        patterns.sort_unstable();
        patterns.dedup_by(|a, b| a.0 == b.0);
        let mut trie = Trie {
            root: Box::new([NONE; 256]),
            child_start: Vec::new(),
            child_len: Vec::new(),
            byte: Vec::new(),
            pattern: Vec::new(),
        };
        let index = |n: usize| u32::try_from(n).expect("fewer than 4 billion trie nodes");
        // Each node is the range of sorted patterns that share its prefix
        // of length `depth`; nodes are numbered in the order queued.
        let mut queue: Vec<(u32, u32, u32)> = Vec::new();
        let mut k = 0;
        while k < patterns.len() {
            let b = patterns[k].0[0];
            let mut e = k + 1;
            while e < patterns.len() && patterns[e].0[0] == b {
                e += 1;
            }
            trie.root[usize::from(b)] = index(queue.len());
            queue.push((index(k), index(e), 1));
            k = e;
        }
        let mut i = 0;
        while i < queue.len() {
            let (lo, hi, depth) = queue[i];
            let (lo, hi, d) = (lo as usize, hi as usize, depth as usize);
            let mut k = lo;
            trie.byte.push(patterns[lo].0[d - 1]);
            if patterns[k].0.len() == d {
                trie.pattern.push(patterns[k].1);
                k += 1;
            } else {
                trie.pattern.push(NONE);
            }
            let first_child = queue.len();
            while k < hi {
                let b = patterns[k].0[d];
                let mut e = k + 1;
                while e < hi && patterns[e].0[d] == b {
                    e += 1;
                }
                queue.push((index(k), index(e), depth + 1));
                k = e;
            }
            trie.child_start.push(index(first_child));
            trie.child_len.push(index(queue.len() - first_child));
            i += 1;
        }
        trie
    }

    /// True when some pattern starts with `byte`.
    #[inline]
    pub(crate) fn can_start(&self, byte: u8) -> bool {
        self.root[usize::from(byte)] != NONE
    }

    #[inline]
    fn child(&self, node: u32, byte: u8) -> u32 {
        let start = self.child_start[node as usize] as usize;
        let len = self.child_len[node as usize] as usize;
        match self.byte[start..start + len].binary_search(&byte) {
            Ok(k) => (start + k) as u32,
            Err(_) => NONE,
        }
    }

    /// Every pattern that is a prefix of `haystack`, as (length, id),
    /// shortest first, into `out` (cleared first).
    pub(crate) fn prefixes(&self, haystack: &[u8], out: &mut Vec<(usize, usize)>) {
        out.clear();
        let Some(&first) = haystack.first() else {
            return;
        };
        let mut node = self.root[usize::from(first)];
        let mut len = 1;
        while node != NONE {
            let pattern = self.pattern[node as usize];
            if pattern != NONE {
                out.push((len, pattern as usize));
            }
            let Some(&b) = haystack.get(len) else {
                return;
            };
            node = self.child(node, b);
            len += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_prefix_pattern_shortest_first() {
        let t = Trie::build(vec![
            (b"Georgia".as_slice(), 0),
            (b"Georgia Tech", 1),
            (b"Geo", 2),
            (b"Georgia", 3),
            (b"Gabon", 4),
            (b"", 5),
        ]);
        let mut out = Vec::new();
        t.prefixes(b"Georgia Technologies", &mut out);
        assert_eq!(out, [(3, 2), (7, 0), (12, 1)]);
        t.prefixes(b"Gabon's", &mut out);
        assert_eq!(out, [(5, 4)]);
        t.prefixes(b"Gex", &mut out);
        assert!(out.is_empty());
        assert!(t.can_start(b'G') && !t.can_start(b'g'));
    }
}
