//! A byte trie of every written form of every name, walked from word starts.
//!
//! Matches can only start at word starts, so each search is an anchored
//! walk: the failure links of an Aho-Corasick automaton would never be
//! followed, and computing them was most of the build time (measured with
//! `aho_corasick::nfa::noncontiguous` over 38k names: `fill_failure_transitions`
//! 44% and `build_trie` 20% of `GazetteerBuilder::build`).

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Node {
    byte: u8,
    first_child: u32,
    next_sibling: u32,
    /// The pattern that ends here, or `NONE`.
    pattern: u32,
}

/// A byte trie with a dense root, as built (children in sibling lists).
#[derive(Clone, Debug)]
pub(crate) struct Trie {
    nodes: Vec<Node>,
    root: Box<[u32; 256]>,
}

/// A trie laid out for searching: nodes in breadth-first order, the
/// children of a node contiguous and sorted by byte, so a step is a short
/// scan of adjacent bytes rather than a chase through scattered nodes.
#[derive(Clone, Debug)]
pub(crate) struct FrozenTrie {
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
    /// An empty trie.
    pub(crate) fn new() -> Trie {
        Trie {
            nodes: Vec::new(),
            root: Box::new([NONE; 256]),
        }
    }

    fn push(&mut self, byte: u8, next_sibling: u32) -> u32 {
        let id = u32::try_from(self.nodes.len()).expect("fewer than 4 billion trie nodes");
        self.nodes.push(Node {
            byte,
            first_child: NONE,
            next_sibling,
            pattern: NONE,
        });
        id
    }

    fn child(&self, node: u32, byte: u8) -> u32 {
        let mut c = self.nodes[node as usize].first_child;
        while c != NONE {
            let n = &self.nodes[c as usize];
            if n.byte == byte {
                return c;
            }
            c = n.next_sibling;
        }
        NONE
    }

    /// Adds `pattern` with id `id`; false (and nothing changes) when the
    /// pattern is already in the trie or empty.
    pub(crate) fn insert(&mut self, pattern: &[u8], id: u32) -> bool {
        let Some((&first, rest)) = pattern.split_first() else {
            return false;
        };
        let mut node = self.root[usize::from(first)];
        if node == NONE {
            node = self.push(first, NONE);
            self.root[usize::from(first)] = node;
        }
        for &b in rest {
            let mut next = self.child(node, b);
            if next == NONE {
                let sibling = self.nodes[node as usize].first_child;
                next = self.push(b, sibling);
                self.nodes[node as usize].first_child = next;
            }
            node = next;
        }
        let slot = &mut self.nodes[node as usize].pattern;
        if *slot != NONE {
            return false;
        }
        *slot = id;
        true
    }

    /// The search layout of this trie.
    pub(crate) fn freeze(&self) -> FrozenTrie {
        let n = self.nodes.len();
        let mut frozen = FrozenTrie {
            root: Box::new([NONE; 256]),
            child_start: Vec::with_capacity(n),
            child_len: Vec::with_capacity(n),
            byte: Vec::with_capacity(n),
            pattern: Vec::with_capacity(n),
        };
        // `order[new id] = old id`, filled breadth-first.
        let mut order: Vec<u32> = Vec::with_capacity(n);
        for (b, &old) in self.root.iter().enumerate() {
            if old != NONE {
                frozen.root[b] = order.len() as u32;
                order.push(old);
            }
        }
        let mut children: Vec<u32> = Vec::new();
        let mut i = 0;
        while i < order.len() {
            let node = &self.nodes[order[i] as usize];
            children.clear();
            let mut c = node.first_child;
            while c != NONE {
                children.push(c);
                c = self.nodes[c as usize].next_sibling;
            }
            children.sort_unstable_by_key(|&c| self.nodes[c as usize].byte);
            frozen.child_start.push(order.len() as u32);
            frozen.child_len.push(children.len() as u32);
            frozen.byte.push(node.byte);
            frozen.pattern.push(node.pattern);
            order.extend_from_slice(&children);
            i += 1;
        }
        frozen
    }
}

impl FrozenTrie {
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
        let mut t = Trie::new();
        assert!(t.insert(b"Georgia", 0));
        assert!(t.insert(b"Georgia Tech", 1));
        assert!(t.insert(b"Geo", 2));
        assert!(!t.insert(b"Georgia", 3));
        let t = t.freeze();
        let mut out = Vec::new();
        t.prefixes(b"Georgia Technologies", &mut out);
        assert_eq!(out, [(3, 2), (7, 0), (12, 1)]);
        t.prefixes(b"Gex", &mut out);
        assert!(out.is_empty());
        assert!(t.can_start(b'G') && !t.can_start(b'g'));
    }
}
