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
//! building chases no pointers. A filter of the patterns' first words
//! ([`FirstWord`]) rejects most word starts before the trie is touched.

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

/// The end of the run of ASCII letters and digits that starts at `i` of
/// `bytes`: eight bytes at a time ([`alnum_mask`]), then byte by byte.
#[inline]
pub(crate) fn ascii_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        let stops = !alnum_mask(u64::from_le_bytes(chunk)) & HIGHS;
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    i
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
    /// Bit `b` is set when a child has byte `b`.
    bits: [u8; 32],
    /// How many bits are set in the bytes of `bits` before each byte (at
    /// most 31 × 8: fits a byte). With a table of byte counts this ranks a
    /// child without a 64-bit population count, which this target builds
    /// without the POPCNT instruction (a dozen instructions a step).
    before: [u8; 32],
}

/// `ONES_IN[b]` is the number of bits set in `b`.
const ONES_IN: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).count_ones() as u8;
        b += 1;
    }
    table
};

/// How many filter bits each distinct first word gets, at least: a filter
/// with one hash and 16 bits per word lets about one other word in 16
/// through.
const FILTER_BITS_PER_WORD: usize = 16;

/// The first word at a position of a text, as the start filters read it:
/// a hash of the run of ASCII letters and digits that starts there (of its
/// first eight bytes and its length; the run is empty when the position
/// holds another ASCII byte); at a non-ASCII character, a hash of that
/// character; none when a run of one byte or more ends at a non-ASCII
/// byte, whose character may be a letter that goes on with the word.
///
/// Why a filter on it loses no match: a name is only accepted as a whole
/// word ([`crate::words::is_whole_word`]), so where a pattern is accepted
/// at `i`, the text's run at `i` is exactly the pattern's own run (the
/// pattern ends, or holds a byte that is no ASCII letter or digit, where
/// the text's run ends). So the text's run is the first word of some
/// pattern, and its hash is in the filter. A text that opens with a
/// non-ASCII character opens with the same character as the pattern; and
/// a run ending at a non-ASCII byte, which the filter cannot read, is let
/// through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FirstWord(Option<u64>);

impl FirstWord {
    /// The first word of `bytes` at `i`, read byte by byte (the reference
    /// for [`FirstWord::at`], and how patterns are read).
    fn of(bytes: &[u8], i: usize) -> FirstWord {
        let run = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        FirstWord::of_run(bytes, i, i + run)
    }

    /// The first word of `bytes` at `i`, where the run of ASCII letters and
    /// digits from `i` ends at `end` (as [`Words`] finds it).
    #[inline]
    pub(crate) fn of_run(bytes: &[u8], i: usize, end: usize) -> FirstWord {
        let run = end - i;
        match bytes.get(end) {
            Some(&lead) if lead >= 0x80 && run > 0 => FirstWord(None),
            Some(&lead) if lead >= 0x80 => {
                // The character's length from its lead byte; a length
                // above 0xFF keeps its hash apart from the runs'.
                let n = (lead.leading_ones() as usize).clamp(1, 4);
                let n = n.min(bytes.len() - i);
                let mut head = [0u8; 8];
                head[..n].copy_from_slice(&bytes[i..i + n]);
                FirstWord(Some(word_hash(u64::from_le_bytes(head), 0x100 + n)))
            }
            _ => {
                let head = match bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
                    Some(&chunk) if run < 8 => {
                        u64::from_le_bytes(chunk) & ((1u64 << (8 * run)) - 1)
                    }
                    Some(&chunk) => u64::from_le_bytes(chunk),
                    None => {
                        let mut head = [0u8; 8];
                        let n = run.min(8);
                        head[..n].copy_from_slice(&bytes[i..i + n]);
                        u64::from_le_bytes(head)
                    }
                };
                FirstWord(Some(word_hash(head, run)))
            }
        }
    }

    /// The first word of `text` at byte `i`: as [`FirstWord::of`], reading
    /// eight bytes at once.
    #[inline]
    pub(crate) fn at(text: &str, i: usize) -> FirstWord {
        let bytes = text.as_bytes();
        let Some(&chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) else {
            return FirstWord::of(bytes, i);
        };
        let w = u64::from_le_bytes(chunk);
        let ends = !alnum_mask(w) & HIGHS;
        if ends != 0 {
            let run = (ends.trailing_zeros() / 8) as usize;
            if chunk[run] >= 0x80 {
                return FirstWord::of(bytes, i);
            }
            // `run` < 8: keep its bytes, zero the rest.
            let head = w & ((1u64 << (8 * run)) - 1);
            return FirstWord(Some(word_hash(head, run)));
        }
        // A run of eight bytes or more: find its end eight bytes at a time.
        let mut run = 8;
        loop {
            let Some(&next) = bytes
                .get(i + run..)
                .and_then(|rest| rest.first_chunk::<8>())
            else {
                return FirstWord::of(bytes, i);
            };
            let ends = !alnum_mask(u64::from_le_bytes(next)) & HIGHS;
            if ends != 0 {
                let more = (ends.trailing_zeros() / 8) as usize;
                if next[more] >= 0x80 {
                    return FirstWord::of(bytes, i);
                }
                return FirstWord(Some(word_hash(w, run + more)));
            }
            run += 8;
        }
    }
}

/// The hash of a run of `len` bytes whose first (up to) eight are `head`
/// (little-endian, zero-padded).
#[inline]
fn word_hash(head: u64, len: usize) -> u64 {
    let x = head ^ (len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x ^ (x >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9)
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

/// The bytes of a text are read in blocks of this many, one bit a byte.
const BLOCK: usize = 64;

/// Gathers the high bit of each byte of `x` (other bits clear) into the
/// low eight bits, byte `k` to bit `k`: the multiplier puts bit `8k + 7`
/// of `x` at bit `56 + k`, and no two of the products' bits collide, so
/// nothing carries.
#[inline]
fn gather_highs(x: u64) -> u64 {
    ((x >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The ASCII letters and digits of a block of 64 bytes as a bitmap, bit
/// `k` for byte `k`: [`alnum_mask`] eight bytes at a time.
#[inline]
fn block_alnum(chunk: &[u8; BLOCK]) -> u64 {
    let mut alnum = 0u64;
    for (k, word) in chunk.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        alnum |= gather_highs(alnum_mask(w)) << (8 * k);
    }
    alnum
}

/// The positions of a text that follow no ASCII letter or digit, each
/// with the end of the run of ASCII letters and digits that starts there
/// (the position itself for another byte), for [`FirstWord::of_run`].
/// These are the word starts [`WordStarts`] gives plus the spaces and
/// control bytes it skips, which no pattern starts with: the caller's
/// first-byte test drops them for free, cheaper than a second bitmap.
///
/// The text is read 64 bytes at a time into a bitmap of its ASCII letters
/// and digits ([`block_alnum`]): a position follows no letter or digit
/// when the bit before it is clear, and its run ends at the next clear
/// bit, so the bytes inside words are never looked at one by one (the
/// byte loop this replaces was a fifth of `Gazetteer::find`). A test
/// compares it with the byte-by-byte [`WordStarts`] and [`FirstWord::at`].
#[derive(Clone, Debug)]
pub(crate) struct Words<'t> {
    bytes: &'t [u8],
    /// Where the current block starts.
    base: usize,
    /// The word starts of the current block not yet given.
    starts: u64,
    /// The ASCII letters and digits of the current block.
    alnum: u64,
    /// 1 when the last byte of the current block is an ASCII letter or
    /// digit (it glues the first byte of the next block).
    carry: u64,
}

impl<'t> Words<'t> {
    /// The word starts of `text`.
    pub(crate) fn new(text: &'t str) -> Words<'t> {
        let mut words = Words {
            bytes: text.as_bytes(),
            base: 0,
            starts: 0,
            alnum: 0,
            carry: 0,
        };
        words.load(0);
        words
    }

    /// Reads the block at `base` (zero bits past the end of the text).
    #[inline]
    fn load(&mut self, base: usize) {
        let alnum = match self.bytes.get(base..base + BLOCK) {
            Some(chunk) => block_alnum(chunk.try_into().expect("a block")),
            None => {
                let mut padded = [0u8; BLOCK];
                let rest = self.bytes.get(base..).unwrap_or_default();
                padded[..rest.len()].copy_from_slice(rest);
                // Past the end: zero bits, and no word starts.
                let past_end = u64::MAX.checked_shl(rest.len() as u32).unwrap_or(0);
                return self.set_block(base, block_alnum(&padded), !past_end);
            }
        };
        self.set_block(base, alnum, u64::MAX);
    }

    /// Makes the block at `base`, with letter-and-digit map `alnum`, the
    /// current one; `inside` has the bits of the bytes of the text.
    #[inline]
    fn set_block(&mut self, base: usize, alnum: u64, inside: u64) {
        self.base = base;
        self.starts = inside & !((alnum << 1) | self.carry);
        self.alnum = alnum;
        self.carry = alnum >> 63;
    }

    /// The end of a run of ASCII letters and digits that reaches the end
    /// of the current block.
    #[cold]
    fn run_end_after_block(&self) -> usize {
        let from = self.base + BLOCK;
        from + self.bytes[from.min(self.bytes.len())..]
            .iter()
            .take_while(|&&b| ALNUM[usize::from(b)])
            .count()
    }
}

impl Iterator for Words<'_> {
    /// (word start, end of its ASCII letter-and-digit run)
    type Item = (usize, usize);

    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        while self.starts == 0 {
            if self.base + BLOCK >= self.bytes.len() {
                return None;
            }
            self.load(self.base + BLOCK);
        }
        let k = self.starts.trailing_zeros();
        self.starts &= self.starts - 1;
        let i = self.base + k as usize;
        // The run's bytes are the ones bits from `k` on.
        let after = !self.alnum >> k;
        let end = if after != 0 {
            i + after.trailing_zeros() as usize
        } else {
            self.run_end_after_block()
        };
        Some((i, end))
    }
}

impl std::iter::FusedIterator for Words<'_> {}

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
    /// A one-hash filter of the patterns' first words ([`FirstWord`]): a
    /// bit per hash value's top `64 - first_word_shift` bits.
    first_words: Vec<u64>,
    first_word_shift: u32,
    nodes: Vec<Node>,
    /// The tails of the tail nodes, end to end.
    tails: Vec<u8>,
    /// The child bitmaps of the nodes with more than `INLINE` children.
    dense: Vec<Dense>,
    /// Where the walk of each pattern's first word ends ([`FirstWords`]).
    jumps: FirstWords,
    /// The [`FirstWord`] hashes of the first words in `jumps` that open
    /// with an ASCII lower-case letter (see [`Trie::filter_with`]; not
    /// frozen, `thaw` reads them off `jumps` as it goes through it).
    lower_words: Vec<u64>,
}

/// The [`FirstWord`] hash of `jump`'s word when it opens with an ASCII
/// lower-case letter: the word is a whole run of letters and digits, so
/// its hash is that of its head (first eight bytes) and length.
#[inline]
fn lower_word(jump: &Jump) -> Option<u64> {
    (jump.head as u8)
        .is_ascii_lowercase()
        .then(|| word_hash(jump.head, jump.len as usize))
}

/// Every pattern's first word (the run of ASCII letters and digits it
/// opens with, when an ASCII byte or the pattern's end follows it) with
/// the trie node its walk reaches: a hash table on [`FirstWord`]'s hash,
/// checked against the word's bytes.
///
/// A name only counts as a whole word, so where one is accepted at a
/// text position, the text's run there is exactly the name's first word
/// (see [`FirstWord`]), and no pattern that ends inside the run can be
/// accepted (an ASCII letter or digit follows it). So a walk may start
/// at the node the run leads to, found with one look-up instead of a
/// step per byte through the trie's busiest nodes; a run that is no
/// pattern's first word opens no name at all.
///
/// Each slot holds its word's [`Jump`] itself (16 bytes, one cache line
/// holds four): a look-up reads one line where an index into a separate
/// entry table read two, and the table is much bigger than the caches
/// (about 200,000 words), so both were misses (the entry read was the
/// costliest line of `Gazetteer::find` in a wall-time profile). Only a
/// word longer than eight bytes reads more: its start in `starts`, and
/// its bytes. A word longer than [`MAX_JUMP_WORD`] bytes is left out:
/// [`Trie::word_prefixes`] walks from the root for such a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct FirstWords {
    /// Open addressing on the [`FirstWord`] hash; an empty slot has `len`
    /// zero (no first word is empty).
    slots: Vec<Jump>,
    /// Where the word of each slot starts in `bytes` (zero for an empty
    /// slot): read only for words longer than eight bytes.
    starts: Vec<u32>,
    /// `64 - log2(slots.len())`: a hash's top bits pick its first slot.
    shift: u32,
    /// The words' bytes, end to end.
    bytes: Vec<u8>,
}

/// The longest first word [`FirstWords`] holds (its length is a `u16`).
const MAX_JUMP_WORD: usize = u16::MAX as usize;

/// One first word: its first eight bytes and length, and the node its
/// walk reaches with the number of bytes read to get there (a tail node
/// may be reached before the word's end). Aligned to 16 bytes so that
/// none straddles two cache lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(align(16))]
struct Jump {
    /// The word's first eight bytes ([`head_of`]; not frozen, `thaw`
    /// reads it off the bytes): most first words are no longer, and one
    /// compare of two integers replaces a call to `memcmp`.
    head: u64,
    node: u32,
    /// The word's length; zero for an empty slot.
    len: u16,
    /// At most `len`.
    depth: u16,
}

impl Jump {
    /// An empty slot.
    const EMPTY: Jump = Jump {
        head: 0,
        node: NONE,
        len: 0,
        depth: 0,
    };
}

/// The first `min(len, 8)` bytes of `bytes` (which has at least `len`)
/// as a little-endian integer, zero above them. Two words of one length
/// have the same bytes exactly when their heads are equal and (past
/// eight bytes) the rest is.
#[inline]
fn head_of(bytes: &[u8], len: usize) -> u64 {
    let n = len.min(8);
    match bytes.first_chunk::<8>() {
        Some(&chunk) if n == 8 => u64::from_le_bytes(chunk),
        Some(&chunk) => u64::from_le_bytes(chunk) & ((1u64 << (8 * n)) - 1),
        None => {
            let mut head = [0u8; 8];
            head[..n].copy_from_slice(&bytes[..n]);
            u64::from_le_bytes(head)
        }
    }
}

impl FirstWords {
    /// The table of the first words of `patterns` in `trie` (whose other
    /// fields are built).
    fn build(trie: &Trie, patterns: &[(&[u8], u32)]) -> FirstWords {
        let mut words: Vec<&[u8]> = patterns
            .iter()
            .filter_map(|&(p, _)| {
                let run = p.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                (run > 0 && p.get(run).is_none_or(u8::is_ascii)).then(|| &p[..run])
            })
            .collect();
        // Longer words are left out (see the type's docs).
        words.retain(|w| w.len() <= MAX_JUMP_WORD);
        words.sort_unstable();
        words.dedup();
        let size = (words.len() * 2).next_power_of_two().max(2);
        let mut table = FirstWords {
            slots: vec![Jump::EMPTY; size],
            starts: vec![0; size],
            shift: 64 - size.trailing_zeros(),
            bytes: Vec::new(),
        };
        let short = |n: usize| u16::try_from(n).expect("a first word is at most MAX_JUMP_WORD");
        for word in words {
            let (node, depth) = trie.descend(word);
            let Some(hash) = FirstWord::of(word, 0).0 else {
                continue;
            };
            let mut slot = (hash >> table.shift) as usize;
            while table.slots[slot].len != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table.slots[slot] = Jump {
                head: head_of(word, word.len()),
                node,
                len: short(word.len()),
                depth: short(depth),
            };
            table.starts[slot] =
                u32::try_from(table.bytes.len()).expect("first words fit in 32 bits");
            table.bytes.extend_from_slice(word);
        }
        table
    }

    /// The jumps of the words the table holds, with their slots.
    fn occupied(&self) -> impl Iterator<Item = (usize, &Jump)> {
        self.slots.iter().enumerate().filter(|(_, j)| j.len != 0)
    }

    /// The node and depth the walk of `haystack[..len]` (with `hash`,
    /// its [`FirstWord`] hash) reaches, if it is a pattern's first word.
    #[inline]
    fn get(&self, haystack: &[u8], len: usize, hash: u64) -> Option<(u32, usize)> {
        let mask = self.slots.len() - 1;
        let mut slot = (hash >> self.shift) as usize;
        let head = head_of(haystack, len);
        loop {
            let jump = self.slots.get(slot)?;
            if jump.len == 0 {
                return None;
            }
            if usize::from(jump.len) == len
                && jump.head == head
                && (len <= 8 || {
                    let start = self.starts[slot] as usize;
                    self.bytes.get(start + 8..start + len) == haystack.get(8..len)
                })
            {
                return Some((jump.node, usize::from(jump.depth)));
            }
            slot = (slot + 1) & mask;
        }
    }
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

/// True when byte `i` of `text`, a character boundary that follows no
/// ASCII letter or digit, follows no letter or digit at all.
#[inline]
pub(crate) fn follows_no_letter(text: &str, i: usize) -> bool {
    i == 0 || text.as_bytes()[i - 1].is_ascii() || is_word_start(text, i)
}

/// A first-word filter on its own (see [`Trie::filter_with`]), in two
/// tables by the word's first byte: one for the first words that open
/// with an ASCII lower-case letter, one for all.
///
/// Why two: most words of news text are lower-case ("the", "economic")
/// and few names open with one ("bpost", "iA Financial"), so their table
/// is a few kilobytes that stay in the L1 cache, where the one table of
/// every first word (hundreds of kilobytes) missed it on a third of the
/// look-ups (callgrind's cache simulation). A lower-case word is looked
/// up only in its own table, which holds every pattern's first word that
/// opens with a lower-case letter; any other word in the table of all.
/// So the filter admits every word the table of all admits for the
/// patterns (a test checks the filter against the tries at every word
/// start of many texts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FirstWordFilter {
    /// Both tables, the lower-case one first.
    bits: Vec<u64>,
    /// For each first byte, where its table starts in `bits` (in bits)
    /// and the shift that turns a hash into a bit of it: read with the
    /// byte, so picking the table takes no branch.
    lanes: Box<[Lane; 256]>,
}

/// See [`FirstWordFilter::lanes`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Lane {
    /// Where the table starts in `FirstWordFilter::bits`, in bits.
    base: u32,
    /// A hash's top `64 - shift` bits pick its bit in the table.
    shift: u32,
}

impl FirstWordFilter {
    /// True unless no pattern of the tries it was made from can be
    /// accepted at a position whose first byte is `first` and first word
    /// `word`.
    #[inline]
    pub(crate) fn admits(&self, first: u8, word: FirstWord) -> bool {
        let Some(hash) = word.0 else {
            return true;
        };
        let lane = self.lanes[usize::from(first)];
        let bit = lane.base as usize + (hash >> lane.shift) as usize;
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// The look-up of a one-hash filter: `bits` has a bit per value of a
/// hash's top `64 - shift` bits; a word that cannot be read is admitted.
#[inline]
fn admits(bits: &[u64], shift: u32, word: FirstWord) -> bool {
    let Some(hash) = word.0 else {
        return true;
    };
    let bit = (hash >> shift) as usize;
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

/// The first-word filter of `patterns` and its shift (see [`Trie::admits`]):
/// at least [`FILTER_BITS_PER_WORD`] bits per distinct first word, a power
/// of two. A pattern whose first word ends at a non-ASCII byte needs no
/// bit: the text positions it can match are let through unread.
fn first_word_filter(patterns: &[(&[u8], u32)]) -> (Vec<u64>, u32) {
    bit_filter(
        patterns
            .iter()
            .filter_map(|(p, _)| FirstWord::of(p, 0).0)
            .collect(),
    )
}

/// A bit set with a bit for each of `hashes` (its top bits), sized at
/// [`FILTER_BITS_PER_WORD`] bits a distinct hash (a power of two, 64 at
/// least), and the shift that takes a hash to its bit.
fn bit_filter(mut hashes: Vec<u64>) -> (Vec<u64>, u32) {
    hashes.sort_unstable();
    hashes.dedup();
    let bits = (hashes.len() * FILTER_BITS_PER_WORD)
        .next_power_of_two()
        .max(64);
    let shift = 64 - bits.trailing_zeros();
    let mut words = vec![0u64; bits / 64];
    for hash in hashes {
        let bit = (hash >> shift) as usize;
        words[bit / 64] |= 1 << (bit % 64);
    }
    (words, shift)
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
        let (first_words, first_word_shift) = first_word_filter(&patterns);
        let mut trie = Trie {
            root: Box::new([NONE; 256]),
            first_words,
            first_word_shift,
            nodes: Vec::with_capacity(patterns.len() * 4),
            tails: Vec::new(),
            dense: Vec::new(),
            jumps: FirstWords::default(),
            lower_words: Vec::new(),
        };
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
                let mut dense = Dense::default();
                let mut count = 0u16;
                for (k, byte) in bits.iter().flat_map(|w| w.to_le_bytes()).enumerate() {
                    dense.bits[k] = byte;
                    dense.before[k] = u8::try_from(count).expect("at most 31 × 8 bits before");
                    count += u16::from(ONES_IN[usize::from(byte)]);
                }
                inline = index(trie.dense.len()).to_le_bytes();
                trie.dense.push(dense);
            }
            trie.nodes[id as usize] = Node {
                first_child: index(first_child),
                pattern,
                inline,
                children: children as u16,
            };
        }
        trie.jumps = FirstWords::build(&trie, &patterns);
        trie.lower_words = trie
            .jumps
            .occupied()
            .filter_map(|(_, j)| lower_word(j))
            .collect();
        trie
    }

    /// The node a walk of `word` (a prefix of some pattern) reaches, and
    /// how many bytes it read: `word.len()`, or fewer when it reaches a
    /// tail node, whose tail holds the rest.
    fn descend(&self, word: &[u8]) -> (u32, usize) {
        let mut node = self.root[usize::from(word[0])];
        let mut depth = 1;
        while depth < word.len() {
            let n = &self.nodes[node as usize];
            if n.children == 0 {
                break;
            }
            node = self.child(n, word[depth]);
            depth += 1;
        }
        assert!(node != NONE, "a first word is a prefix of a pattern");
        (node, depth)
    }

    /// Appends the trie to `out`, as [`Trie::thaw`] reads it back: the
    /// filters, then the nodes (14 bytes each), tails and child bitmaps.
    /// (Run by build.rs and the tests, not by the library.)
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn freeze(&self, out: &mut Writer) {
        for &node in self.root.iter() {
            out.u32(node);
        }
        out.u32(self.first_word_shift);
        out.len(self.first_words.len());
        for &w in &self.first_words {
            out.u64(w);
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
            out.bytes.extend_from_slice(&d.bits);
            out.bytes.extend_from_slice(&d.before);
        }
        let jumps = &self.jumps;
        out.u32(jumps.shift);
        out.len(jumps.slots.len());
        out.len(jumps.occupied().count());
        for (slot, j) in jumps.occupied() {
            out.u32(u32::try_from(slot).expect("slots fit in 32 bits"));
            out.u32(jumps.starts[slot]);
            out.u32(j.node);
            out.u16(j.len);
            out.u16(j.depth);
        }
        out.len(jumps.bytes.len());
        out.bytes.extend_from_slice(&jumps.bytes);
    }

    /// The trie [`Trie::freeze`] wrote, read from `r`.
    pub(crate) fn thaw(r: &mut Reader<'_>) -> Trie {
        let mut root = Box::new([NONE; 256]);
        for slot in root.iter_mut() {
            *slot = r.u32();
        }
        let first_word_shift = r.u32();
        let count = r.len();
        let first_words = (0..count).map(|_| r.u64()).collect();
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
            .records(count, 64)
            .map(|record| {
                let mut f = Reader::new(record);
                Dense {
                    bits: f.array(),
                    before: f.array(),
                }
            })
            .collect();
        let shift = r.u32();
        let size = r.len();
        let count = r.len();
        let records = r.records(count, 16);
        let bytes_count = r.len();
        let bytes = r.take(bytes_count).to_vec();
        let mut slots = vec![Jump::EMPTY; size];
        let mut starts = vec![0; size];
        // The lower-case words are read in the same pass over the table (a
        // second one, cold, cost more than the table's L2 misses once
        // more); the records come in slot order, so the slots are written
        // front to back.
        let mut lower_words = Vec::new();
        for record in records {
            let mut f = Reader::new(record);
            let slot = f.u32() as usize;
            let start = f.u32();
            let node = f.u32();
            let len = f.u16();
            let depth = f.u16();
            let jump = Jump {
                head: head_of(&bytes[start as usize..], usize::from(len)),
                node,
                len,
                depth,
            };
            lower_words.extend(lower_word(&jump));
            slots[slot] = jump;
            starts[slot] = start;
        }
        Trie {
            root,
            first_words,
            first_word_shift,
            nodes,
            tails,
            dense,
            jumps: FirstWords {
                slots,
                starts,
                shift,
                bytes,
            },
            lower_words,
        }
    }

    /// The first word start at or after byte `from` of `text` where a
    /// pattern may begin (see [`Trie::is_start`]). `from` may lie inside a
    /// character: no pattern starts with a continuation byte.
    #[inline]
    pub(crate) fn next_start(&self, text: &str, from: usize) -> Option<usize> {
        WordStarts::new(text, from).find(|&i| self.is_start(text, i))
    }

    /// True when a pattern may begin at byte `i` of `text`, a byte that
    /// follows no ASCII letter or digit: some pattern starts with the byte
    /// there, the first-word filter admits the word there, and no non-ASCII
    /// letter or digit comes just before it. (`i` may lie inside a
    /// character: no pattern starts with a continuation byte, so
    /// [`Trie::opens`] is false there.)
    #[inline]
    pub(crate) fn is_start(&self, text: &str, i: usize) -> bool {
        self.opens(text.as_bytes()[i])
            && self.admits(FirstWord::at(text, i))
            && follows_no_letter(text, i)
    }

    /// True when some pattern starts with `byte` (never a UTF-8
    /// continuation byte).
    #[inline]
    pub(crate) fn opens(&self, byte: u8) -> bool {
        self.root[usize::from(byte)] != NONE
    }

    /// True unless no pattern can be accepted (as a whole word) at a
    /// position whose first word is `word` (see [`FirstWord`]).
    #[inline]
    pub(crate) fn admits(&self, word: FirstWord) -> bool {
        admits(&self.first_words, self.first_word_shift, word)
    }

    /// This trie's first-word filter with the first words of `extra`
    /// patterns added: it admits every word that [`Trie::admits`] or a
    /// trie of `extra` admits, so one look-up rejects a word for both.
    ///
    /// Its lower-case table is read off the first-word table of the walk
    /// ([`FirstWords`], `lower_words`): a pattern that opens with a
    /// lower-case letter has a first word there exactly when it has a
    /// [`FirstWord`] hash (its run of letters and digits is not empty, and
    /// ends at an ASCII byte or the pattern's end), and that word is the
    /// run.
    pub(crate) fn filter_with<'p>(
        &self,
        extra: impl IntoIterator<Item = &'p [u8]>,
    ) -> FirstWordFilter {
        let extra: Vec<&[u8]> = extra.into_iter().filter(|p| !p.is_empty()).collect();
        let extra_lower = extra
            .iter()
            .filter(|w| w[0].is_ascii_lowercase())
            .filter_map(|w| FirstWord::of(w, 0).0);
        let (mut bits, lower_shift) = bit_filter(
            self.lower_words
                .iter()
                .copied()
                .chain(extra_lower)
                .collect(),
        );
        let all = Lane {
            base: u32::try_from(bits.len() * 64).expect("a filter of fewer than 2^32 bits"),
            shift: self.first_word_shift,
        };
        bits.extend_from_slice(&self.first_words);
        for p in &extra {
            if let Some(hash) = FirstWord::of(p, 0).0 {
                let bit = all.base as usize + (hash >> all.shift) as usize;
                bits[bit / 64] |= 1 << (bit % 64);
            }
        }
        let mut lanes = Box::new([all; 256]);
        for lane in &mut lanes[usize::from(b'a')..=usize::from(b'z')] {
            *lane = Lane {
                base: 0,
                shift: lower_shift,
            };
        }
        FirstWordFilter { bits, lanes }
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
        let k = usize::from(byte >> 3);
        let bit = 1u8 << (byte & 7);
        let here = dense.bits[k];
        if here & bit == 0 {
            return NONE;
        }
        let rank = dense.before[k] + ONES_IN[usize::from(here & (bit - 1))];
        node.first_child + u32::from(rank)
    }

    /// Every pattern that is a prefix of `haystack`, as (length, id),
    /// shortest first, into `out` (cleared first).
    #[inline]
    pub(crate) fn prefixes(&self, haystack: &[u8], out: &mut Vec<(usize, usize)>) {
        out.clear();
        let Some(&first) = haystack.first() else {
            return;
        };
        self.walk(haystack, self.root[usize::from(first)], 1, out);
    }

    /// [`Trie::prefixes`] of a haystack whose first word (see
    /// [`FirstWord`]) is `word`, its run of ASCII letters and digits
    /// ending at `run`, less the patterns that end inside that run: those
    /// can never be a whole word there. With a run (of at most
    /// [`MAX_JUMP_WORD`] bytes), the walk starts where the run leads
    /// ([`FirstWords`]); a run that opens no pattern gives nothing. A test
    /// compares it with `prefixes`.
    #[inline]
    pub(crate) fn word_prefixes(
        &self,
        haystack: &[u8],
        run: usize,
        word: FirstWord,
        out: &mut Vec<(usize, usize)>,
    ) {
        match word.0 {
            Some(hash) if run > 0 && run <= MAX_JUMP_WORD => {
                out.clear();
                if let Some((node, depth)) = self.jumps.get(haystack, run, hash) {
                    self.walk(haystack, node, depth, out);
                }
            }
            _ => self.prefixes(haystack, out),
        }
    }

    /// The patterns that are prefixes of `haystack`, from `node`, reached
    /// by reading its first `len` bytes, on, into `out`.
    #[inline]
    fn walk(&self, haystack: &[u8], mut node: u32, mut len: usize, out: &mut Vec<(usize, usize)>) {
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

    /// A run longer than `MAX_JUMP_WORD` bytes is no first word of the
    /// table: `word_prefixes` walks from the root there and still finds
    /// the patterns `prefixes` finds.
    #[test]
    fn word_prefixes_walks_from_the_root_past_the_longest_jump_word() {
        let long = "k".repeat(MAX_JUMP_WORD + 1);
        let pattern = format!("{long} Holdings");
        let t = Trie::build(vec![
            (pattern.as_bytes(), 0),
            (b"Kepler Holdings".as_slice(), 1),
        ]);
        assert!(t
            .jumps
            .occupied()
            .all(|(_, j)| usize::from(j.len) <= MAX_JUMP_WORD));
        let text = format!("{pattern} rose");
        let bytes = text.as_bytes();
        let (mut fast, mut plain) = (Vec::new(), Vec::new());
        t.word_prefixes(bytes, long.len(), FirstWord::of(bytes, 0), &mut fast);
        t.prefixes(bytes, &mut plain);
        assert_eq!(fast, vec![(pattern.len(), 0)]);
        assert_eq!(fast, plain);
    }

    /// Every word of the built-in names' first-word table (many longer
    /// than eight bytes, which read `starts`) is found where a walk of its
    /// bytes from the root ends; the word one byte shorter or longer is
    /// found exactly when it is a word of the table too.
    #[test]
    fn first_word_table_finds_each_word_at_its_descent() {
        let g = crate::Gazetteer::builtin();
        let t = &g.inner.names;
        let jumps = &t.jumps;
        let word_of = |slot: usize, j: &Jump| {
            let start = jumps.starts[slot] as usize;
            &jumps.bytes[start..start + usize::from(j.len)]
        };
        let words: std::collections::HashSet<&[u8]> =
            jumps.occupied().map(|(s, j)| word_of(s, j)).collect();
        let found = |w: &[u8]| {
            let hash = FirstWord::of(w, 0).0.expect("an ASCII run");
            jumps.get(w, w.len(), hash)
        };
        let mut long = 0;
        for (slot, j) in jumps.occupied() {
            let word = word_of(slot, j);
            assert_eq!(found(word), Some(t.descend(word)), "{word:?}");
            let longer = [word, b"q"].concat();
            assert_eq!(found(&longer).is_some(), words.contains(&longer[..]));
            let shorter = &word[..word.len() - 1];
            if !shorter.is_empty() {
                assert_eq!(found(shorter).is_some(), words.contains(shorter));
            }
            long += usize::from(word.len() > 8);
        }
        assert!(long > 1000, "only {long} words longer than eight bytes");
    }

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
        assert!(t.is_start("Georgia", 0) && !t.is_start("georgia", 0));
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
    fn ascii_run_end_is_the_byte_loop() {
        let text = format!(
            "{} Kazakhstan's KTZ-2024 abcdefghijklmnop é Ürümqi x\u{2019}s 12345678 {}",
            "A1".repeat(20),
            "zZ9".repeat(7)
        );
        let bytes = text.as_bytes();
        for i in 0..=bytes.len() {
            let plain = i + bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            assert_eq!(ascii_run_end(bytes, i), plain, "at {i}");
        }
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
    fn first_word_filter_skips_words_that_open_no_pattern() {
        let t = Trie::build(vec![(b"thin".as_slice(), 0), (b"to be".as_slice(), 1)]);
        // "the" and "tox" share bytes with the patterns but are no
        // pattern's first word; "to" is one, even where "to be" is not.
        assert_eq!(t.next_start("the thin tox", 0), Some(4));
        assert_eq!(t.next_start("the thin tox", 5), None);
        assert_eq!(t.next_start("tox to go", 0), Some(4));
        assert_eq!(t.next_start("thin", 1), None);
    }

    #[test]
    fn first_word_is_read_alike_eight_bytes_at_a_time() {
        let texts = [
            "Kazakhstan's KTZ, Ürümqi and the São Paulo-Almaty route (2024)",
            "abcdefgh abcdefghi a1b2c3d4e5 x\u{e9}y x\u{2019}s «Almaty» — end",
            "short",
            "",
            "12345678-9 ÖÖÖ ALLCAPSWORD\tTab\nnew line",
        ];
        for text in texts {
            for i in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(
                    FirstWord::at(text, i),
                    FirstWord::of(text.as_bytes(), i),
                    "{text:?} at {i}"
                );
            }
        }
    }

    #[test]
    fn words_give_the_word_starts_and_first_words_of_the_plain_readers() {
        let mut texts: Vec<String> = [
            "Kazakhstan's KTZ, Ürümqi and the São Paulo-Almaty route (2024)",
            "abcdefgh abcdefghi a1b2c3d4e5 x\u{e9}y x\u{2019}s «Almaty» — end",
            "  leading spaces\tand\r\ncontrol\u{1}bytes; trailing   ",
            "short",
            "",
            "é",
            "12345678-9 ÖÖÖ ALLCAPSWORDS\tTab\nnew line“quoted”",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        texts.push(dealx_testkit::NEWS_PIECES.concat());
        texts.push(dealx_testkit::NEWS_PIECES.join(" "));
        for text in &texts {
            let words: Vec<(usize, FirstWord)> = Words::new(text)
                .filter(|&(i, _)| text.as_bytes()[i] > b' ')
                .map(|(i, end)| (i, FirstWord::of_run(text.as_bytes(), i, end)))
                .collect();
            let plain: Vec<(usize, FirstWord)> = WordStarts::new(text, 0)
                .map(|i| (i, FirstWord::at(text, i)))
                .collect();
            assert_eq!(words, plain, "{text:?}");
        }
    }

    /// Runs and word starts across the 64-byte blocks of [`Words`]: every
    /// offset of a few texts, and runs longer than a block.
    #[test]
    fn words_agree_with_the_plain_readers_across_block_edges() {
        let long = "A".repeat(150);
        let pieces = [
            "Almaty-Astana é",
            "x",
            " ",
            "«KTZ»",
            long.as_str(),
            "1a2b3c",
            "\n",
        ];
        for shift in 0..=130usize {
            let mut text = "y".repeat(shift % 67);
            text.push_str(if shift % 2 == 0 { " " } else { "-" });
            for k in 0..12 {
                text.push_str(pieces[(k * 5 + shift) % pieces.len()]);
            }
            let mut cut = text.len().min(shift * 3 + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            let words: Vec<(usize, usize)> = Words::new(&text)
                .filter(|&(i, _)| text.as_bytes()[i] > b' ')
                .collect();
            let plain: Vec<(usize, usize)> = WordStarts::new(&text, 0)
                .map(|i| {
                    let run = text.as_bytes()[i..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric())
                        .count();
                    (i, i + run)
                })
                .collect();
            assert_eq!(words, plain, "{text:?}");
            // Every position Words skips follows a letter or digit.
            let given: Vec<usize> = Words::new(&text).map(|(i, _)| i).collect();
            for i in 0..text.len() {
                let glued = i > 0 && text.as_bytes()[i - 1].is_ascii_alphanumeric();
                assert_eq!(given.contains(&i), !glued, "{text:?} at {i}");
            }
        }
    }

    /// The filter's promise, checked against a plain walk: wherever it
    /// rejects a word start, no pattern is there as a whole word.
    #[test]
    fn first_word_filter_never_rejects_a_whole_word_pattern() {
        let words = [
            "Al", "Alma", "Almaty", "al", "Ürümqi", "São", "Paulo", "'s", "-Ata", "KTZ", "K", "to",
            "the", "Bank", "1st", "x", "é",
        ];
        let seps = [" ", "-", "'", "’", ". ", "", "é", "\u{2014}", "(", ")"];
        // Patterns: words and pairs of words joined by a separator.
        let mut patterns: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        for (k, a) in words.iter().enumerate() {
            let b = words[(k * 7 + 3) % words.len()];
            let sep = seps[k % seps.len()];
            patterns.push(format!("{a}{sep}{b}"));
        }
        let ids: Vec<(&[u8], u32)> = patterns
            .iter()
            .enumerate()
            .filter(|(k, _)| k % 3 != 1)
            .map(|(k, p)| (p.as_bytes(), k as u32))
            .collect();
        let kept: Vec<&[u8]> = ids.iter().map(|(p, _)| *p).collect();
        let t = Trie::build(ids.clone());
        let mut text = String::new();
        for k in 0..2000usize {
            text.push_str(words[(k * 13 + k / 7) % words.len()]);
            text.push_str(seps[(k * 5 + k / 3) % seps.len()]);
        }
        let mut rejected = 0;
        for i in WordStarts::new(&text, 0).filter(|&i| text.is_char_boundary(i)) {
            if t.is_start(&text, i) || !follows_no_letter(&text, i) {
                continue;
            }
            rejected += 1;
            for p in &kept {
                let end = i + p.len();
                assert!(
                    !(text.as_bytes()[i..].starts_with(p)
                        && crate::words::is_whole_word(&text, i, end)),
                    "{:?} rejected at {i}",
                    String::from_utf8_lossy(p)
                );
            }
        }
        assert!(
            rejected > 100,
            "the filter rejected only {rejected} word starts"
        );
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
