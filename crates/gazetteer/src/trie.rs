//! A byte trie of every written form of every name, walked from word starts.
//!
//! Matches can only start at word starts, so each search is an anchored
//! walk: the failure links of an Aho-Corasick automaton would never be
//! followed, and computing them was most of the build time (measured with
//! `aho_corasick::nfa::noncontiguous` over 38k names: `fill_failure_transitions`
//! 44% and `build_trie` 20% of `GazetteerBuilder::build`).
//!
//! The trie is built from the sorted patterns, the children of a node
//! numbered together, so they are contiguous and sorted by byte: a step reads one
//! node and scans its children's bytes, which sit side by side, and
//! building chases no pointers. A bitmap of the two-byte prefixes of all
//! patterns rejects most word starts before the trie is touched.

use crate::frozen::{Reader, Writer};
use crate::words::is_word_start;

const NONE: u32 = u32::MAX;

/// `ALNUM[b]` is true for the ASCII letters and digits.
const ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (whose high bits are clear) set where
/// the byte lies in `lo..=hi` (both below 0x80). No sum carries into the
/// next byte: each byte sum stays below 0x100.
#[inline]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    (x + ONES * u64::from(0x80 - lo)) & !(x + ONES * u64::from(0x7F - hi)) & HIGHS
}

/// The high bit of each byte of `w` set where the byte is an ASCII letter
/// or digit.
#[inline]
fn alnum_mask(w: u64) -> u64 {
    let x = w & !HIGHS;
    let digits = in_range(x, b'0', b'9');
    // `| 0x20` folds upper into lower case and maps nothing else there.
    let letters = in_range(x | (ONES * 0x20), b'a', b'z');
    (digits | letters) & !w
}

/// The high bit of each byte of `w` set where the byte is neither a space
/// nor an ASCII control byte (no pattern starts with one).
#[inline]
fn visible_mask(w: u64) -> u64 {
    let x = w & !HIGHS;
    (!in_range(x, 0, b' ') | w) & HIGHS
}

/// The children of a node with many children, as a bitmap of their
/// bytes: the child for a byte is found by counting the bits below it, in
/// constant time rather than by a binary search of dependent steps.
#[derive(Clone, Copy, Debug, Default)]
struct Dense {
    bits: [u64; 4],
    /// How many bits are set in the words before each word.
    before: [u16; 4],
}

/// The words of the three-byte prefix set: 2^18 bits (32 KiB).
const TRIPLE_WORDS: usize = 1 << 12;

/// The bit of three leading bytes in `Trie::triples`: the top 18 bits of a
/// multiplicative hash of the three bytes.
#[inline]
fn triple_bit(a: u8, b: u8, c: u8) -> usize {
    let x = (u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c);
    (x.wrapping_mul(0x9E37_79B1) >> 14) as usize
}

/// Most children a node keeps their bytes inline for.
const INLINE: usize = 4;

/// The positions of a text where a word may start, in order: bytes that
/// follow no ASCII letter or digit and are no space or control byte (a
/// pattern's own checks then look at the byte and, after a non-ASCII
/// byte, at the character before it). Found eight bytes at a time.
#[derive(Clone, Debug)]
pub(crate) struct WordStarts<'t> {
    bytes: &'t [u8],
    /// The start of the next eight-byte chunk.
    i: usize,
    /// The chunk being read from (starting at `i - 8`) and its
    /// candidates not yet given, as high bits of bytes.
    chunk_start: usize,
    candidates: u64,
    /// 0x80 when the byte before `i` is an ASCII letter or digit.
    prev_alnum: u64,
}

impl<'t> WordStarts<'t> {
    /// The word starts of `text` from byte `from` on.
    pub(crate) fn new(text: &'t str, from: usize) -> WordStarts<'t> {
        let bytes = text.as_bytes();
        let prev_alnum = if from > 0 && ALNUM[usize::from(bytes[from - 1])] {
            0x80
        } else {
            0
        };
        WordStarts {
            bytes,
            i: from,
            chunk_start: from,
            candidates: 0,
            prev_alnum,
        }
    }
}

impl Iterator for WordStarts<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        loop {
            if self.candidates != 0 {
                let at = self.chunk_start + (self.candidates.trailing_zeros() / 8) as usize;
                self.candidates &= self.candidates - 1;
                return Some(at);
            }
            let bytes = self.bytes;
            let i = self.i;
            if let Some(chunk) = bytes.get(i..i + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let w = u64::from_le_bytes(word);
                let alnum = alnum_mask(w);
                self.candidates = visible_mask(w) & !((alnum << 8) | self.prev_alnum);
                self.prev_alnum = alnum >> 56;
                self.chunk_start = i;
                self.i = i + 8;
                continue;
            }
            // The last few bytes, one at a time.
            let &b = bytes.get(i)?;
            self.i = i + 1;
            let after_alnum = i > 0 && ALNUM[usize::from(bytes[i - 1])];
            if !after_alnum && b > b' ' {
                return Some(i);
            }
        }
    }
}

/// One trie node (16 bytes): where its children are, which pattern ends
/// here, and the bytes that lead to its children.
///
/// A node below which only one pattern lies keeps the rest of that
/// pattern as a tail (bytes compared in one go) instead of a chain of
/// one-child nodes: most of a long name is such a tail, and a chain
/// would cost a node and a likely cache miss per byte.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// The index of its first child (children are contiguous), or for a
    /// tail node the offset of its tail in `Trie::tails`.
    first_child: u32,
    /// The pattern that ends here (for a tail node: at the tail's end),
    /// or `NONE`.
    pattern: u32,
    /// With at most `INLINE` children, their bytes in order; with more,
    /// the index of their bitmap in `Trie::dense` (little-endian); for a
    /// tail node (no children), the tail's length; else zero.
    inline: [u8; INLINE],
    /// How many children it has (none for a tail node).
    children: u16,
}

impl Node {
    const EMPTY: Node = Node {
        first_child: 0,
        pattern: NONE,
        inline: [0; INLINE],
        children: 0,
    };

    /// `inline` read as a number (dense index or tail length).
    #[inline]
    fn aux(&self) -> usize {
        u32::from_le_bytes(self.inline) as usize
    }
}

/// A byte trie: siblings contiguous, subtrees laid out depth first, a
/// dense root.
#[derive(Clone, Debug)]
pub(crate) struct Trie {
    root: Box<[u32; 256]>,
    /// `starts[b]` is true when some pattern starts with byte `b`.
    starts: [bool; 256],
    /// Bit `a * 256 + b` is set when some pattern starts with the bytes
    /// `a b`, or is the single byte `a` (then every `b` is set).
    pairs: Box<[u64; 1024]>,
    /// Bit `a * 256 + b` is set when some pattern of one or two bytes
    /// starts with `a b` (so a third byte tells nothing).
    short_pairs: Box<[u64; 1024]>,
    /// A hashed set of the first three bytes of the longer patterns (see
    /// [`triple_bit`]): it rejects most lower-case words, which few names
    /// start like but whose first two letters many do.
    triples: Box<[u64; TRIPLE_WORDS]>,
    nodes: Vec<Node>,
    /// The tails of the tail nodes, end to end.
    tails: Vec<u8>,
    /// The child bitmaps of the nodes with more than `INLINE` children.
    dense: Vec<Dense>,
}

/// The first eight bytes of `p`, big-endian, zero-padded: ordering by it
/// agrees with ordering by the bytes, and settles most comparisons.
#[inline]
fn prefix_key(p: &[u8]) -> u64 {
    // Eight bytes or more are read in one go (a copy of a varying length
    // is a call to memcpy, a tenth of the sort).
    if let Some(&first) = p.first_chunk::<8>() {
        return u64::from_be_bytes(first);
    }
    let mut key = 0u64;
    for (i, &b) in p.iter().enumerate() {
        key |= u64::from(b) << (56 - 8 * i);
    }
    key
}

/// The non-empty patterns sorted by bytes, each once, with its lowest id.
///
/// A radix sort on the first eight bytes (stable, so ids stay in order
/// within equal keys), then a comparison sort of the runs that share
/// those eight bytes: a comparison sort of all the patterns was most of
/// the build time.
fn sorted_unique(mut patterns: Vec<(&[u8], u32)>) -> Vec<(&[u8], u32)> {
    patterns.retain(|(p, _)| !p.is_empty());
    patterns.sort_by_key(|&(_, id)| id);
    let n = patterns.len();
    let mut items: Vec<(u64, u32)> = patterns
        .iter()
        .enumerate()
        .map(|(i, (p, _))| (prefix_key(p), i as u32))
        .collect();
    let mut buf = vec![(0u64, 0u32); n];
    for shift in (0..64).step_by(8) {
        let digit = |key: u64| ((key >> shift) & 0xff) as usize;
        let mut counts = [0usize; 256];
        for &(key, _) in &items {
            counts[digit(key)] += 1;
        }
        if counts.contains(&n) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut sum = 0;
        for (slot, count) in next.iter_mut().zip(counts) {
            *slot = sum;
            sum += count;
        }
        for &item in &items {
            let d = digit(item.0);
            buf[next[d]] = item;
            next[d] += 1;
        }
        std::mem::swap(&mut items, &mut buf);
    }
    let mut out: Vec<(&[u8], u32)> = items.iter().map(|&(_, i)| patterns[i as usize]).collect();
    let mut start = 0;
    // Patterns of different keys are in order (a key orders as the bytes
    // do); only those that share a key may not be.
    let mut has_nul = false;
    while start < n {
        let mut end = start + 1;
        while end < n && items[end].0 == items[start].0 {
            end += 1;
        }
        if end - start > 1 {
            let run = &mut out[start..end];
            has_nul |= run.iter().any(|(p, _)| memchr::memchr(0, p).is_some());
            sort_run(run, 8);
        }
        start = end;
    }
    // Keys pad with zero bytes, so patterns holding NUL bytes may tie
    // where their bytes differ: then sort them outright (stable, so ids
    // stay in order).
    if has_nul && !out.is_sorted_by(|a, b| a.0 <= b.0) {
        out.sort_by(|a, b| a.0.cmp(b.0));
    }
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// Sorts (stably) a run of patterns whose keys agree before `offset`, by
/// their eight-byte keys from `offset` on, then each run of equal keys
/// further along.
fn sort_run(run: &mut [(&[u8], u32)], offset: usize) {
    if run.len() <= 16 {
        run.sort_by(|a, b| a.0.cmp(b.0));
        return;
    }
    let key = |p: &[u8]| prefix_key(p.get(offset..).unwrap_or(&[]));
    run.sort_by_key(|&(p, _)| key(p));
    let mut start = 0;
    while start < run.len() {
        let k = key(run[start].0);
        let mut end = start + 1;
        while end < run.len() && key(run[end].0) == k {
            end += 1;
        }
        if end - start > 1 && run[start..end].iter().any(|(p, _)| p.len() > offset + 8) {
            sort_run(&mut run[start..end], offset + 8);
        }
        start = end;
    }
}

impl Trie {
    /// The trie of `patterns`, given as (bytes, id). Where a pattern occurs
    /// more than once, the lowest id wins; empty patterns are ignored.
    ///
    /// # Panics
    ///
    /// With four billion nodes or more.
    pub(crate) fn build(patterns: Vec<(&[u8], u32)>) -> Trie {
        let sorted = sorted_unique(patterns);
        // The walk below reads each pattern once per level of its subtree,
        // in sorted order: laid out in that order, those reads go forward
        // through memory instead of jumping (cache misses were most of
        // the build).
        let mut arena = Vec::with_capacity(sorted.iter().map(|(p, _)| p.len()).sum());
        for (p, _) in &sorted {
            arena.extend_from_slice(p);
        }
        let mut patterns: Vec<(&[u8], u32)> = Vec::with_capacity(sorted.len());
        let mut rest = arena.as_slice();
        for (p, id) in &sorted {
            let (here, after) = rest.split_at(p.len());
            patterns.push((here, *id));
            rest = after;
        }
        let mut trie = Trie {
            root: Box::new([NONE; 256]),
            starts: [false; 256],
            pairs: Box::new([0; 1024]),
            short_pairs: Box::new([0; 1024]),
            triples: Box::new([0; TRIPLE_WORDS]),
            nodes: Vec::with_capacity(patterns.len() * 4),
            tails: Vec::new(),
            dense: Vec::new(),
        };
        for (p, _) in &patterns {
            match *p {
                [a] => {
                    let base = usize::from(*a) * 4;
                    trie.pairs[base..base + 4].fill(u64::MAX);
                    trie.short_pairs[base..base + 4].fill(u64::MAX);
                }
                [a, b] => {
                    let bit = usize::from(*a) * 256 + usize::from(*b);
                    trie.pairs[bit / 64] |= 1 << (bit % 64);
                    trie.short_pairs[bit / 64] |= 1 << (bit % 64);
                }
                [a, b, c, ..] => {
                    let bit = usize::from(*a) * 256 + usize::from(*b);
                    trie.pairs[bit / 64] |= 1 << (bit % 64);
                    let bit = triple_bit(*a, *b, *c);
                    trie.triples[bit / 64] |= 1 << (bit % 64);
                }
                [] => {}
            }
        }
        let index = |n: usize| u32::try_from(n).expect("fewer than 4 billion trie nodes");
        // Each node is the range of sorted patterns that share its prefix
        // of length `depth`. Nodes are numbered when their parent is built
        // (so siblings are contiguous) and built depth first: a subtree's
        // patterns are read while they are still in cache, and a walk
        // down the finished trie stays in nearby memory.
        let mut stack: Vec<(u32, u32, u32, u32)> = Vec::new();
        let mut k = 0;
        while k < patterns.len() {
            let b = patterns[k].0[0];
            let mut e = k + 1;
            while e < patterns.len() && patterns[e].0[0] == b {
                e += 1;
            }
            let id = index(trie.nodes.len());
            trie.nodes.push(Node::EMPTY);
            trie.root[usize::from(b)] = id;
            trie.starts[usize::from(b)] = true;
            stack.push((index(k), index(e), 1, id));
            k = e;
        }
        stack.reverse();
        let mut groups: Vec<(u32, u32)> = Vec::new();
        while let Some((lo, hi, depth, id)) = stack.pop() {
            let (lo, hi, d) = (lo as usize, hi as usize, depth as usize);
            let mut k = lo;
            let (bytes, pattern_id) = patterns[lo];
            if hi - lo == 1 && bytes.len() > d {
                // One pattern below, longer than this prefix: a tail.
                trie.nodes[id as usize] = Node {
                    first_child: index(trie.tails.len()),
                    pattern: pattern_id,
                    inline: index(bytes.len() - d).to_le_bytes(),
                    children: 0,
                };
                trie.tails.extend_from_slice(&bytes[d..]);
                continue;
            }
            let pattern = if bytes.len() == d {
                k += 1;
                pattern_id
            } else {
                NONE
            };
            let first_child = trie.nodes.len();
            let mut bits = [0u64; 4];
            let mut inline = [0u8; INLINE];
            groups.clear();
            while k < hi {
                let b = patterns[k].0[d];
                bits[usize::from(b >> 6)] |= 1 << (b & 63);
                let mut e = k + 1;
                while e < hi && patterns[e].0[d] == b {
                    e += 1;
                }
                trie.nodes.push(Node::EMPTY);
                if let Some(slot) = inline.get_mut(groups.len()) {
                    *slot = b;
                }
                groups.push((index(k), index(e)));
                k = e;
            }
            let children = groups.len();
            for (j, &(lo, hi)) in groups.iter().enumerate().rev() {
                stack.push((lo, hi, depth + 1, index(first_child + j)));
            }
            if children > INLINE {
                let mut before = [0u16; 4];
                for w in 1..4 {
                    before[w] = before[w - 1] + bits[w - 1].count_ones() as u16;
                }
                inline = index(trie.dense.len()).to_le_bytes();
                trie.dense.push(Dense { bits, before });
            }
            trie.nodes[id as usize] = Node {
                first_child: index(first_child),
                pattern,
                inline,
                children: children as u16,
            };
        }
        trie
    }

    /// Appends the trie to `out`, as [`Trie::thaw`] reads it back: the
    /// filters, then the nodes (14 bytes each), tails and child bitmaps.
    /// (Run by build.rs and the tests, not by the library.)
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn freeze(&self, out: &mut Writer) {
        for &node in self.root.iter() {
            out.u32(node);
        }
        for words in [&self.pairs[..], &self.short_pairs[..], &self.triples[..]] {
            for &w in words {
                out.u64(w);
            }
        }
        out.len(self.nodes.len());
        for n in &self.nodes {
            out.u32(n.first_child);
            out.u32(n.pattern);
            out.bytes.extend_from_slice(&n.inline);
            out.u16(n.children);
        }
        out.len(self.tails.len());
        out.bytes.extend_from_slice(&self.tails);
        out.len(self.dense.len());
        for d in &self.dense {
            for w in d.bits {
                out.u64(w);
            }
            for b in d.before {
                out.u16(b);
            }
        }
    }

    /// The trie [`Trie::freeze`] wrote, read from `r`.
    pub(crate) fn thaw(r: &mut Reader<'_>) -> Trie {
        let mut root = Box::new([NONE; 256]);
        let mut starts = [false; 256];
        for (b, slot) in root.iter_mut().enumerate() {
            *slot = r.u32();
            // As in `build`: a byte opens a pattern exactly when it has a
            // root node.
            starts[b] = *slot != NONE;
        }
        let mut pairs = Box::new([0; 1024]);
        let mut short_pairs = Box::new([0; 1024]);
        let mut triples = Box::new([0; TRIPLE_WORDS]);
        for words in [&mut pairs[..], &mut short_pairs[..], &mut triples[..]] {
            for w in words {
                *w = r.u64();
            }
        }
        let count = r.len();
        let nodes = r
            .records(count, 14)
            .map(|record| {
                let mut f = Reader::new(record);
                Node {
                    first_child: f.u32(),
                    pattern: f.u32(),
                    inline: f.array(),
                    children: f.u16(),
                }
            })
            .collect();
        let count = r.len();
        let tails = r.take(count).to_vec();
        let count = r.len();
        let dense = r
            .records(count, 40)
            .map(|record| {
                let mut f = Reader::new(record);
                let bits = [f.u64(), f.u64(), f.u64(), f.u64()];
                let before = [f.u16(), f.u16(), f.u16(), f.u16()];
                Dense { bits, before }
            })
            .collect();
        Trie {
            root,
            starts,
            pairs,
            short_pairs,
            triples,
            nodes,
            tails,
            dense,
        }
    }

    /// The first word start at or after byte `from` of `text` where a
    /// pattern may begin: its first two bytes open some pattern, and no
    /// letter or digit (in any script) comes just before it. `from` may
    /// lie inside a character: no pattern starts with a continuation byte.
    #[inline]
    pub(crate) fn next_start(&self, text: &str, from: usize) -> Option<usize> {
        WordStarts::new(text, from).find(|&i| self.is_start(text, i))
    }

    /// True when a pattern may begin at byte `i` of `text`, a byte that
    /// follows no ASCII letter or digit: its first two bytes open some
    /// pattern, its first three may (by the hashed set), and it follows
    /// no non-ASCII letter or digit either.
    #[inline]
    pub(crate) fn is_start(&self, text: &str, i: usize) -> bool {
        let bytes = text.as_bytes();
        let b = bytes[i];
        self.starts[usize::from(b)]
            && bytes.get(i + 1).is_none_or(|&c| {
                self.can_start_pair(b, c)
                    && (self.is_short_pair(b, c)
                        || bytes.get(i + 2).is_none_or(|&d| {
                            let bit = triple_bit(b, c, d);
                            self.triples[bit / 64] & (1 << (bit % 64)) != 0
                        }))
            })
            && (i == 0 || bytes[i - 1].is_ascii() || is_word_start(text, i))
    }

    /// True when some pattern starts with `first` then `second`, or is
    /// `first` alone.
    #[inline]
    pub(crate) fn can_start_pair(&self, first: u8, second: u8) -> bool {
        let bit = usize::from(first) * 256 + usize::from(second);
        self.pairs[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// True when some pattern is `first second` or `first` alone.
    #[inline]
    fn is_short_pair(&self, first: u8, second: u8) -> bool {
        let bit = usize::from(first) * 256 + usize::from(second);
        self.short_pairs[bit / 64] & (1 << (bit % 64)) != 0
    }

    #[inline]
    fn child(&self, node: &Node, byte: u8) -> u32 {
        let len = usize::from(node.children);
        if len <= INLINE {
            return match node.inline[..len].iter().position(|&b| b == byte) {
                Some(k) => node.first_child + k as u32,
                None => NONE,
            };
        }
        let dense = &self.dense[node.aux()];
        let w = usize::from(byte >> 6);
        let bit = 1u64 << (byte & 63);
        if dense.bits[w] & bit == 0 {
            return NONE;
        }
        let rank = u32::from(dense.before[w]) + (dense.bits[w] & (bit - 1)).count_ones();
        node.first_child + rank
    }

    /// Every pattern that is a prefix of `haystack`, as (length, id),
    /// shortest first, into `out` (cleared first).
    #[inline]
    pub(crate) fn prefixes(&self, haystack: &[u8], out: &mut Vec<(usize, usize)>) {
        out.clear();
        let Some(&first) = haystack.first() else {
            return;
        };
        let mut node = self.root[usize::from(first)];
        let mut len = 1;
        while node != NONE {
            let n = &self.nodes[node as usize];
            if n.children == 0 && n.aux() > 0 {
                let start = n.first_child as usize;
                let tail = &self.tails[start..start + n.aux()];
                if haystack[len..].starts_with(tail) {
                    out.push((len + tail.len(), n.pattern as usize));
                }
                return;
            }
            if n.pattern != NONE {
                out.push((len, n.pattern as usize));
            }
            let Some(&b) = haystack.get(len) else {
                return;
            };
            node = self.child(n, b);
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
            (b"Georgia Technical Research Institute", 6),
        ]);
        let mut out = Vec::new();
        t.prefixes(b"Georgia Technologies", &mut out);
        assert_eq!(out, [(3, 2), (7, 0), (12, 1)]);
        t.prefixes(b"Gabon's", &mut out);
        assert_eq!(out, [(5, 4)]);
        t.prefixes(b"Gex", &mut out);
        assert!(out.is_empty());
        // "Georgia Techn..." has one pattern below it: kept as a tail.
        t.prefixes(b"Georgia Technical Research Institute, Tbilisi", &mut out);
        assert_eq!(out, [(3, 2), (7, 0), (12, 1), (36, 6)]);
        t.prefixes(b"Georgia Technical Research Inst", &mut out);
        assert_eq!(out, [(3, 2), (7, 0), (12, 1)]);
        assert!(t.starts[usize::from(b'G')] && !t.starts[usize::from(b'g')]);
    }

    #[test]
    fn sorting_agrees_with_a_plain_sort_also_with_nul_bytes() {
        // Every string of up to eleven bytes over {NUL, 'a'}, in reverse
        // order and twice: keys padded with zeros tie in long runs.
        let mut all: Vec<Vec<u8>> = Vec::new();
        for len in 0..=11usize {
            for bits in 0..1u32 << len {
                all.push(
                    (0..len)
                        .map(|i| if bits >> i & 1 == 1 { b'a' } else { 0 })
                        .collect(),
                );
            }
        }
        all.reverse();
        let mut patterns: Vec<(&[u8], u32)> = Vec::new();
        for (i, p) in all.iter().chain(all.iter()).enumerate() {
            patterns.push((p.as_slice(), i as u32));
        }
        let mut expected = patterns.clone();
        expected.retain(|(p, _)| !p.is_empty());
        expected.sort();
        expected.dedup_by(|a, b| a.0 == b.0);
        assert_eq!(sorted_unique(patterns), expected);
    }

    #[test]
    fn byte_masks_agree_with_the_byte_tests() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let w =
                    (u64::from(b) << (lane * 8)) | (0x2020_2020_2020_2020 & !(0xff << (lane * 8)));
                let bit = 0x80u64 << (lane * 8);
                assert_eq!(alnum_mask(w) & bit != 0, b.is_ascii_alphanumeric(), "{b}");
                assert_eq!(visible_mask(w) & bit != 0, b > b' ', "{b}");
            }
        }
    }

    #[test]
    fn next_start_finds_word_starts_that_open_a_pattern() {
        let t = Trie::build(vec![(b"Almaty".as_slice(), 0), (b"\xc3\x96sterreich", 1)]);
        let text = "In Almaty, XAlmaty and almaty; «Almaty» again Almaty éAlmaty.";
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(i) = t.next_start(text, from) {
            found.push(i);
            from = i + 1;
        }
        let expected: Vec<usize> = text
            .match_indices("Almaty")
            .map(|(i, _)| i)
            .filter(|&i| {
                !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            })
            .collect();
        assert_eq!(found, expected);
        assert_eq!(t.next_start("Österreich", 0), Some(0));
        assert_eq!(t.next_start("x Österreich", 1), Some(2));
    }

    #[test]
    fn three_byte_filter_skips_words_that_open_no_pattern() {
        let t = Trie::build(vec![(b"thin".as_slice(), 0), (b"to", 1)]);
        // "the" shares "th" with "thin" but not "thi"; "to" is short, so
        // "tox" cannot be ruled out by its third byte.
        assert_eq!(t.next_start("the thin tox", 0), Some(4));
        assert_eq!(t.next_start("the thin tox", 5), Some(9));
        assert_eq!(t.next_start("th", 0), Some(0));
    }

    #[test]
    fn pair_filter_admits_exactly_the_two_byte_prefixes() {
        let t = Trie::build(vec![(b"Almaty".as_slice(), 0), (b"K", 1)]);
        assert!(t.can_start_pair(b'A', b'l'));
        assert!(!t.can_start_pair(b'A', b'n'));
        // A one-byte pattern matches whatever follows it.
        assert!(t.can_start_pair(b'K', b' ') && t.can_start_pair(b'K', b'z'));
        assert!(!t.can_start_pair(b'B', b'l'));
    }

    #[test]
    fn many_children_are_found_by_their_bitmap() {
        let names: Vec<String> = (b'a'..=b'z').map(|c| format!("X{}", c as char)).collect();
        let t = Trie::build(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.as_bytes(), i as u32))
                .collect(),
        );
        let mut out = Vec::new();
        for (i, n) in names.iter().enumerate() {
            t.prefixes(n.as_bytes(), &mut out);
            assert_eq!(out, [(2, i)]);
        }
        t.prefixes(b"XA", &mut out);
        assert!(out.is_empty());
    }
}
