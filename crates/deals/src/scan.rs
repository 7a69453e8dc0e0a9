//! Finding lexicon phrases in text: whole words, any ASCII case, the
//! longest phrase first.
//!
//! A phrase is looked for only where it may start: a phrase that starts
//! with a letter or digit at a word start (no word character, a Unicode
//! alphanumeric, just before it), any other phrase anywhere. At the first
//! such place the longest phrase that starts there is taken (an anchored
//! Aho-Corasick search, ASCII case-insensitive, leftmost-longest); it is
//! kept when it also ends on a word boundary (a phrase that ends with a
//! letter or digit must not have a word character just after it), and the
//! scan resumes at its end either way, so matches never overlap.
//!
//! A match inside a word ("to deal with" in "Pluto deal with", "if not"
//! in "motif not") is never looked for, so it cannot hide a whole-word
//! match that overlaps it.
//!
//! [`Phrases::find_in`] gets there in two steps. A walk of an automaton
//! (a DFA over a copy of its transitions, [`Rows`]: a row of `u16` next
//! states per state, one per byte class) meets every phrase that occurs in
//! the text where it may start, overlaps and all, and never stops; then
//! [`Phrases::choose`] takes the leftmost of them, the longest there, and
//! so on from its end. Two things make the walk fast:
//!
//! - It reads the text as if a mark stood before each word start (see
//!   [`marked`]), with each phrase that starts with a letter or digit
//!   marked the same way, so such a phrase is met only at a word start:
//!   news text has one every 80 bytes or so, where phrases inside words
//!   ("it" in "with", "no" in "economic") came every 40.
//! - A long text is cut into four parts walked together, a byte of each in
//!   turn ([`walk_together`]): one walk's steps wait for each other, four
//!   walks' steps do not.
//!
//! When the rows cannot hold the automaton (more states times byte classes
//! than 65,536 entries), the crate's own leftmost-longest automaton is
//! walked instead, a match at a time ([`Phrases::find_by_table`]): a match
//! it finds starts at the first place, from where the walk began, where
//! any phrase starts, and is the longest one there; when that place is not
//! one where the phrase may start (inside a word), the walk begins again a
//! character later, not at the match's end, so the match hides nothing.
//!
//! `tests::fast_scan_*` and `tests::walks_in_groups_*` hold the walks
//! equal to the plain reading (`Phrases::find_plain`, built for tests
//! only: a character at a time, the crate's anchored search at each place
//! a phrase may start) over invented sentences, the testkit's news
//! pieces, the corpus and random phrase soup.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
#[cfg(test)]
use aho_corasick::{Input, StartKind};
use dealx_core::Span;

/// A set of phrases compiled for whole-word, ASCII case-insensitive,
/// leftmost-longest matching.
#[derive(Clone, Debug)]
pub(crate) struct Phrases {
    automaton: DFA,
    /// The automaton's start state for unanchored searches.
    start: StateID,
    /// The automaton of the marked phrases as rows, when it is small
    /// enough: what [`Phrases::find_in`] walks (the crate's table above
    /// otherwise).
    rows: Option<Box<Rows>>,
    /// Whether each phrase starts / ends with a letter or digit (and so
    /// must sit on a word boundary there).
    edges: Vec<(bool, bool)>,
    /// The same automaton for anchored searches, for the plain reading.
    #[cfg(test)]
    anchored: DFA,
    /// The phrases, for the tests that build text from them.
    #[cfg(test)]
    phrases: Vec<String>,
}

/// How many bytes [`Phrases::find`] reads in one turn of its loop (the
/// loop is unrolled over them).
const BLOCK: usize = 16;

/// One turn of a DFA walk from state `sid` at `hay[at]` (`at` inside
/// `hay`): [`BLOCK`] bytes at a time (one byte near the end), stopping at
/// the first special state (a match or the dead end). Returns the state
/// reached and how many bytes were read to reach it; each byte is read
/// once, as in a loop of one byte. Both walks (the row table and the
/// crate's automaton) share it.
#[inline(always)]
fn walk_block<S: Copy>(
    hay: &[u8],
    at: usize,
    sid: S,
    step: impl Fn(S, u8) -> S,
    special: impl Fn(S) -> bool,
) -> (S, usize) {
    let Some(block) = hay.get(at..at + BLOCK) else {
        return (step(sid, hay[at]), 1);
    };
    let block: &[u8; BLOCK] = block.try_into().expect("a slice of BLOCK bytes");
    let mut s = sid;
    for (i, &byte) in block.iter().enumerate() {
        s = step(s, byte);
        if special(s) {
            return (s, i + 1);
        }
    }
    (s, BLOCK)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the character before byte `at` of `text` is a word character
/// (read from the byte when it is ASCII, a whole character in UTF-8).
#[inline(always)]
fn word_before(text: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|i| text.as_bytes()[i]) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[..at].chars().next_back().is_some_and(is_word_char),
    }
}

/// How many entries [`Rows::next`] holds: a power of two, so that an
/// index masked with `TABLE - 1` is one the compiler need not check, and
/// the most a `u16` row start plus a class can address.
const TABLE: usize = 1 << 16;

/// An automaton's transitions copied into a compact table: bytes fall
/// into equivalence classes (two bytes are in one class when every state
/// goes to the same next state on both; the lexicons are ASCII
/// case-insensitive, so the classes are about as many as the distinct
/// letters, digits and marks of the phrases, and every other byte shares
/// one), each state is one row of a `u16` next state per class, states
/// numbered so that the dead state is 0 and the match states come next,
/// and each state held as the index of its row's start (its number times
/// the class count): a step is a class load and a row load at
/// `state + class`, with no bounds check (masked to the table's length).
/// A row is a few dozen bytes, not the 1 KB of a row of 256 `u32`, so the
/// rows the walk keeps coming back to (the start state's and the first
/// letters' of the phrases) stay in the L1 cache.
///
/// Equivalent to walking the crate's automaton: every state reachable
/// from the start state is copied with its transition on every byte (by
/// its class, which is the same next state for every byte of the class by
/// construction) and its matches (`tests::fast_scan_*` hold the walks
/// equal through [`Phrases::find_plain`], which uses the crate's anchored
/// search).
#[derive(Clone, Debug)]
struct Rows {
    /// The class of each byte.
    class: Box<[u8; 256]>,
    /// The next states: row `n` at `n * classes`, where `classes` is the
    /// number of classes.
    next: Box<[u16; TABLE]>,
    /// The number of classes (the length of a row).
    classes: usize,
    /// The start states: after no word byte (a word starts at the next
    /// letter or digit), after one.
    starts: [u16; 2],
    /// The row start of the last match state (0 is the dead state, which
    /// no walk reaches; the rows up to `last_match` are the match states).
    last_match: u16,
    /// For each match state `m`, the phrases that end there (every phrase
    /// that is a suffix of the text read, marked), as (phrase, its length
    /// unmarked): `outputs[ends[m - 1]..ends[m]]`.
    outputs: Vec<(usize, usize)>,
    ends: Vec<usize>,
    /// The bytes a text may be cut after (see [`Rows::cut`]): ASCII
    /// marks that every state takes to the start state, so that no
    /// phrase holds one.
    cuts: [bool; 256],
}

/// The byte that stands for a word start in [`marked`] text: one that
/// UTF-8 never holds, so no text has it of its own.
const WORD_START: u8 = 0xFF;

/// Whether byte `b` counts as a word byte for [`marked`]: an ASCII
/// letter or digit. Other bytes of a non-ASCII word character do not, so a
/// word start may be marked where there is none (after "é" in "éit"); the
/// walk then meets a phrase inside a word, which [`Phrases::choose`]
/// drops.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// `phrase` with [`WORD_START`] before each letter or digit that follows
/// no word byte (the first one included): the text [`Rows`] walk as if it
/// were written so, without the marks being written (see [`Rows::new`]).
fn marked(phrase: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(phrase.len() + 4);
    let mut word = false;
    for &b in phrase.as_bytes() {
        if word_byte(b) && !word {
            out.push(WORD_START);
        }
        out.push(b);
        word = word_byte(b);
    }
    out
}

impl Rows {
    /// The rows of the walk over marked text: `dfa` is the automaton of
    /// the [`marked`] phrases with every match reported (the crate's
    /// standard match kind: a state reports each phrase that ends there,
    /// and no state is dead), `lens` the byte length of each phrase
    /// unmarked; `None` when the states times the byte classes exceed
    /// [`TABLE`], or a walk could die.
    ///
    /// A state of the rows is a state of `dfa` and whether the last byte
    /// read was a word byte; a step on a letter or digit after no word
    /// byte steps `dfa` on [`WORD_START`] first. So a phrase that starts
    /// with a letter or digit, marked, is met only where a word starts:
    /// inside a word ("it" in "with") the walk does not meet it.
    fn new(dfa: &DFA, lens: &[usize]) -> Option<Rows> {
        let start = dfa
            .start_state(Anchored::No)
            .expect("built with unanchored starts");
        // A state is (the automaton's state, after a word byte), numbered
        // `2 * id + after` (`DEAD` for the dead state).
        const DEAD: usize = usize::MAX;
        let key = |sid: StateID, word: bool| 2 * sid.as_usize() + usize::from(word);
        let sid_of = |k: usize| StateID::new(k / 2).expect("a state of the automaton");
        let go = |k: usize, byte: u8| -> usize {
            let mut sid = sid_of(k);
            if word_byte(byte) && k % 2 == 0 {
                sid = dfa.next_state(Anchored::No, sid, WORD_START);
                if dfa.is_dead(sid) {
                    return DEAD;
                }
            }
            let to = dfa.next_state(Anchored::No, sid, byte);
            if dfa.is_dead(to) {
                DEAD
            } else {
                key(to, word_byte(byte))
            }
        };
        // Every state reachable from the two starts (after no word byte,
        // after one), in the order first met; `seen` is indexed by key.
        let mut seen: Vec<bool> = Vec::new();
        let mark = |seen: &mut Vec<bool>, k: usize| {
            if k >= seen.len() {
                seen.resize(k + 1, false);
            }
            !std::mem::replace(&mut seen[k], true)
        };
        // The byte classes: bytes with the same next state from every
        // state, found by splitting the classes state by state (two bytes
        // stay in one class while each state seen so far takes both to
        // one state), in the same walk over the states. `first[c]` is the
        // first byte of class `c`, whose transitions stand for the
        // class's.
        let mut class = Box::new([0u8; 256]);
        let mut split: Vec<(u8, usize)> = Vec::new();
        // The last new class given to a byte of each old class, with its
        // next state: most bytes of an old class go where the one before
        // went.
        let mut last: [Option<(usize, u8)>; 256] = [None; 256];
        let starts = [key(start, false), key(start, true)];
        let mut order = starts.to_vec();
        for k in starts {
            mark(&mut seen, k);
        }
        let mut n = 0;
        while let Some(&k) = order.get(n) {
            n += 1;
            split.clear();
            last.fill(None);
            for byte in 0..=255u8 {
                let to = go(k, byte);
                if to == DEAD {
                    return None;
                }
                if mark(&mut seen, to) {
                    order.push(to);
                }
                let old = class[usize::from(byte)];
                let c = match last[usize::from(old)] {
                    Some((went, c)) if went == to => c,
                    _ => {
                        let c = match split.iter().position(|&x| x == (old, to)) {
                            Some(c) => c,
                            None => {
                                split.push((old, to));
                                split.len() - 1
                            }
                        };
                        let c = u8::try_from(c).expect("at most 256 classes");
                        last[usize::from(old)] = Some((to, c));
                        c
                    }
                };
                class[usize::from(byte)] = c;
            }
            if order.len() >= TABLE {
                return None;
            }
        }
        let mut first: Vec<u8> = Vec::new();
        for byte in 0..=255u8 {
            if usize::from(class[usize::from(byte)]) == first.len() {
                first.push(byte);
            }
        }
        let classes = first.len();
        // The dead state's row and one row per state must fit.
        if (order.len() + 1) * classes > TABLE {
            return None;
        }
        // Numbered: the dead state, the match states, the others.
        let row_start = |n: usize| u16::try_from(n * classes).expect("the rows fit the table");
        let is_match = |k: usize| dfa.is_match(sid_of(k));
        // The row start of each state, by key (0, the dead state's, for
        // no state).
        let mut number: Vec<u16> = vec![0; seen.len()];
        let mut outputs = Vec::new();
        let mut ends = vec![0];
        for &k in order.iter().filter(|&&k| is_match(k)) {
            let sid = sid_of(k);
            for i in 0..dfa.match_len(sid) {
                let pattern = dfa.match_pattern(sid, i).as_usize();
                outputs.push((pattern, lens[pattern]));
            }
            ends.push(outputs.len());
            number[k] = row_start(ends.len() - 1);
        }
        let last_match = row_start(ends.len() - 1);
        let mut rows = ends.len() - 1;
        for &k in order.iter().filter(|&&k| !is_match(k)) {
            rows += 1;
            number[k] = row_start(rows);
        }
        let mut next: Box<[u16; TABLE]> = vec![0u16; TABLE]
            .into_boxed_slice()
            .try_into()
            .expect("TABLE entries");
        for &k in &order {
            let row = usize::from(number[k]);
            for (c, &byte) in first.iter().enumerate() {
                next[row + c] = number[go(k, byte)];
            }
        }
        let starts = starts.map(|k| number[k]);
        let mut cuts = [false; 256];
        for byte in 0..=255u8 {
            let c = usize::from(class[usize::from(byte)]);
            let mut rows = (1..=order.len()).map(|n| n * classes);
            cuts[usize::from(byte)] =
                byte.is_ascii() && !word_byte(byte) && rows.all(|r| next[r + c] == starts[0]);
        }
        Some(Rows {
            class,
            next,
            classes,
            starts,
            last_match,
            outputs,
            ends,
            cuts,
        })
    }

    /// The state a walk begins in at `at` of `text`.
    #[inline(always)]
    fn start(&self, text: &str, at: usize) -> u16 {
        self.starts[usize::from(word_before(text, at))]
    }

    /// The state after `s` on `byte`.
    #[inline(always)]
    fn step(&self, s: u16, byte: u8) -> u16 {
        let at = usize::from(s) + usize::from(self.class[usize::from(byte)]);
        self.next[at & (TABLE - 1)]
    }

    /// Whether `s` is a match state (the dead state is never reached).
    #[inline(always)]
    fn special(&self, s: u16) -> bool {
        s <= self.last_match
    }

    /// The (phrase, its length) of each phrase that ends at match state
    /// `s`.
    fn outputs(&self, s: u16) -> &[(usize, usize)] {
        let m = usize::from(s) / self.classes;
        &self.outputs[self.ends[m - 1]..self.ends[m]]
    }

    /// Where `span` may be cut at or after `aim`: just after the first cut
    /// byte there, when that leaves something after the cut.
    ///
    /// A cut there changes no match: a cut byte is in no phrase, so no
    /// match runs across it, and every state takes it to the start state
    /// after no word byte, where the walk of the next part begins.
    fn cut(&self, hay: &[u8], span: Span, aim: usize) -> Option<usize> {
        let at = hay[aim..span.end()]
            .iter()
            .position(|&b| self.cuts[usize::from(b)])?;
        let cut = aim + at + 1;
        (cut < span.end()).then_some(cut)
    }
}

/// Spans shorter than this many bytes per group are walked in fewer
/// groups: cutting them saves less than setting up the walks costs.
const MIN_PART: usize = 256;

/// `spans` (sorted and disjoint, `total` bytes in all) dealt in order into
/// `N` groups of about `total / N` bytes each, a span that runs over the
/// end of a group cut by [`Rows::cut`] when it can be (the group then
/// ends a little later, at the cut, and the rest of the span starts the
/// next one); `None` when a group would be empty.
fn deal<const N: usize>(
    rows: &Rows,
    hay: &[u8],
    spans: &[Span],
    total: usize,
) -> Option<[Vec<Span>; N]> {
    let mut groups: [Vec<Span>; N] = std::array::from_fn(|_| Vec::new());
    // The group being filled, and the bytes dealt before the span.
    let mut g = 0;
    let mut dealt = 0;
    let end_of = |g: usize| total * (g + 1) / N;
    for &span in spans {
        let mut rest = span;
        loop {
            while g + 1 < N && dealt >= end_of(g) {
                g += 1;
            }
            let room = end_of(g) - dealt;
            if g + 1 == N || rest.len() <= room {
                groups[g].push(rest);
                dealt += rest.len();
                break;
            }
            match rows.cut(hay, rest, rest.start() + room) {
                Some(cut) => {
                    groups[g].push(Span::new(rest.start(), cut));
                    dealt += cut - rest.start();
                    rest = Span::new(cut, rest.end());
                    g += 1;
                }
                None => {
                    groups[g].push(rest);
                    dealt += rest.len();
                    g += 1;
                    break;
                }
            }
        }
    }
    groups.iter().all(|g| !g.is_empty()).then_some(groups)
}

/// Where a walk over [`Rows`] is, held as data so that several can take
/// turns a byte at a time.
struct Walk {
    /// The next byte to read.
    at: usize,
    /// Where the walk stops.
    end: usize,
    /// The state after the bytes read.
    sid: u16,
}

impl Walk {
    fn new(rows: &Rows, text: &str, span: Span) -> Walk {
        Walk {
            at: span.start(),
            end: span.end(),
            sid: rows.start(text, span.start()),
        }
    }
}

/// What the walks over [`Rows`] find: the end of the text read and the
/// state reached, for each match state met (the phrases of
/// [`Rows::outputs`] end there).
type Events = Vec<(usize, u16)>;

/// Runs `walk` to its end, pushing what it meets on `events`.
fn walk_alone(rows: &Rows, hay: &[u8], walk: &mut Walk, events: &mut Events) {
    let mut sid = walk.sid;
    for (i, &byte) in hay[walk.at..walk.end].iter().enumerate() {
        sid = rows.step(sid, byte);
        if rows.special(sid) {
            events.push((walk.at + i + 1, sid));
        }
    }
    walk.sid = sid;
    walk.at = walk.end;
}

/// Runs `N` walks a byte of each at a time, each pushing what it meets
/// on its own list and going on to the next span of its queue at the end
/// of one, until one of them has no span left (the others may have bytes
/// and spans left).
///
/// A walk's steps wait for each other (the next state is read from the
/// table at the place the state before gives), but different walks' steps
/// do not: taken in turns, the processor runs one walk's step while
/// another's load is under way. No walk ever stops on the way: a match
/// state is only noted.
fn walk_together<const N: usize>(
    rows: &Rows,
    text: &str,
    walks: &mut [Walk; N],
    queues: &mut [std::slice::Iter<'_, Span>; N],
    events: &mut [Events; N],
) {
    let hay = text.as_bytes();
    loop {
        for (walk, queue) in walks.iter_mut().zip(queues.iter_mut()) {
            while walk.at == walk.end {
                match queue.next() {
                    Some(&span) => *walk = Walk::new(rows, text, span),
                    None => return,
                }
            }
        }
        let n = walks.iter().map(|w| w.end - w.at).min().unwrap_or(0);
        let bytes: [&[u8]; N] = std::array::from_fn(|k| &hay[walks[k].at..walks[k].at + n]);
        let mut sids: [u16; N] = std::array::from_fn(|k| walks[k].sid);
        #[allow(clippy::needless_range_loop)]
        for i in 0..n {
            for k in 0..N {
                sids[k] = rows.step(sids[k], bytes[k][i]);
            }
            if sids.iter().fold(false, |any, &s| any | rows.special(s)) {
                for k in 0..N {
                    if rows.special(sids[k]) {
                        events[k].push((walks[k].at + i + 1, sids[k]));
                    }
                }
            }
        }
        for (walk, sid) in walks.iter_mut().zip(sids) {
            walk.sid = sid;
            walk.at += n;
        }
    }
}

impl Phrases {
    /// Compiles `phrases`.
    pub(crate) fn new(phrases: &[String]) -> Result<Phrases, aho_corasick::BuildError> {
        let automaton = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // `find` walks the automaton itself and uses no prefilter;
            // without one the start state is not special.
            .prefilter(false)
            .build(phrases)?;
        let start = automaton
            .start_state(Anchored::No)
            .expect("built with unanchored starts");
        let edges = phrases
            .iter()
            .map(|p| {
                let first = p.chars().next().is_some_and(char::is_alphanumeric);
                let last = p.chars().last().is_some_and(char::is_alphanumeric);
                (first, last)
            })
            .collect();
        let marked: Vec<Vec<u8>> = phrases.iter().map(|p| marked(p)).collect();
        let lens: Vec<usize> = phrases.iter().map(String::len).collect();
        let rows = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&marked)
            .ok()
            .and_then(|dfa| Rows::new(&dfa, &lens))
            .map(Box::new);
        Ok(Phrases {
            automaton,
            start,
            rows,
            edges,
            #[cfg(test)]
            anchored: DFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(phrases)?,
            #[cfg(test)]
            phrases: phrases.to_vec(),
        })
    }

    /// Whether a match of phrase `pattern` that ends at `end` of `text`
    /// ends on a word boundary.
    #[inline(always)]
    fn ends_on_boundary(&self, text: &str, pattern: usize, end: usize) -> bool {
        // An ASCII byte is a whole character in UTF-8 (no other character
        // holds one), and an ASCII character is a word character exactly
        // when it is an ASCII letter or digit; other bytes take the
        // character rule.
        !self.edges[pattern].1
            || match text.as_bytes().get(end) {
                None => true,
                Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
                Some(_) => !text[end..].chars().next().is_some_and(is_word_char),
            }
    }

    /// Whether the match of phrase `pattern` at `start..end` of `text` sits
    /// on word boundaries.
    #[cfg(test)]
    fn on_boundaries(&self, text: &str, pattern: usize, start: usize, end: usize) -> bool {
        (!self.edges[pattern].0 || !word_before(text, start))
            && self.ends_on_boundary(text, pattern, end)
    }

    /// [`Phrases::on_boundaries`] by the character rule alone.
    #[cfg(test)]
    fn on_boundaries_plain(&self, text: &str, pattern: usize, start: usize, end: usize) -> bool {
        let (first, last) = self.edges[pattern];
        let before = !first || !text[..start].chars().next_back().is_some_and(is_word_char);
        let after = !last || !text[end..].chars().next().is_some_and(is_word_char);
        before && after
    }

    /// Every match in `text[within]` that sits on word boundaries, in text
    /// order, with offsets into `text`, as `(span, phrase index)`.
    #[cfg(test)]
    pub(crate) fn find(&self, text: &str, within: Span, found: impl FnMut(Span, usize)) {
        self.find_in(text, &[within], found);
    }

    /// [`Phrases::find`] of each of `spans` (sorted and disjoint) in turn.
    ///
    /// The walk over the rows meets every phrase that occurs where it may
    /// start (see [`Rows::new`]), overlaps and all; the matches are then
    /// chosen from them as the rule wants ([`Phrases::choose`]). When the
    /// spans are long enough in all, they are dealt, in order, into groups
    /// of about equal length (a span that runs over the end of a group cut
    /// where [`Rows::cut`] allows), and the groups are walked together
    /// (see [`Phrases::walk_together`]).
    pub(crate) fn find_in(&self, text: &str, spans: &[Span], mut found: impl FnMut(Span, usize)) {
        let Some(rows) = &self.rows else {
            for &span in spans {
                self.find_by_table(text, span, &mut found);
            }
            return;
        };
        let total: usize = spans.iter().map(Span::len).sum();
        let hay = text.as_bytes();
        let mut events: Events = Vec::new();
        if total >= 4 * MIN_PART {
            if let Some(groups) = deal::<4>(rows, hay, spans, total) {
                return self.find_groups(rows, text, groups, found);
            }
        }
        if total >= 2 * MIN_PART {
            if let Some(groups) = deal::<2>(rows, hay, spans, total) {
                return self.find_groups(rows, text, groups, found);
            }
        }
        for &span in spans {
            walk_alone(rows, hay, &mut Walk::new(rows, text, span), &mut events);
        }
        self.choose(rows, text, &events, &mut found);
    }

    /// [`Phrases::find_in`] over the groups `groups`, walked together.
    fn find_groups<const N: usize>(
        &self,
        rows: &Rows,
        text: &str,
        groups: [Vec<Span>; N],
        mut found: impl FnMut(Span, usize),
    ) {
        let hay = text.as_bytes();
        let mut queues: [std::slice::Iter<'_, Span>; N] = std::array::from_fn(|k| groups[k].iter());
        let mut walks: [Walk; N] = std::array::from_fn(|k| {
            let first = queues[k].next().expect("no group is empty");
            Walk::new(rows, text, *first)
        });
        let mut events: [Events; N] = std::array::from_fn(|_| Vec::new());
        walk_together(rows, text, &mut walks, &mut queues, &mut events);
        // The walks not over yet go on alone.
        for (k, walk) in walks.iter_mut().enumerate() {
            walk_alone(rows, hay, walk, &mut events[k]);
            for &span in queues[k].by_ref() {
                walk_alone(rows, hay, &mut Walk::new(rows, text, span), &mut events[k]);
            }
        }
        for list in &events {
            self.choose(rows, text, list, &mut found);
        }
    }

    /// The matches the rule wants, from the phrases the walks met in some
    /// spans (sorted and disjoint), reported in text order: of the phrases
    /// that occur where they may start, the leftmost, the longest there
    /// (the first in the table among equals), kept when it ends on a word
    /// boundary; then the same from its end on, and so on.
    ///
    /// A phrase met after a mark that stood for no word start (after the
    /// bytes of "é": see [`word_byte`]) is inside a word, not where it may
    /// start, and is dropped first.
    fn choose(
        &self,
        rows: &Rows,
        text: &str,
        events: &Events,
        found: &mut impl FnMut(Span, usize),
    ) {
        let mut met: Vec<(usize, usize, usize)> = Vec::with_capacity(events.len());
        for &(end, sid) in events {
            for &(pattern, len) in rows.outputs(sid) {
                let start = end - len;
                if self.edges[pattern].0 && word_before(text, start) {
                    continue;
                }
                met.push((start, end, pattern));
            }
        }
        // Met in the order of their ends: in order of their starts too but
        // where phrases overlap.
        let key = |&(start, end, pattern): &(usize, usize, usize)| {
            (start, std::cmp::Reverse(end), pattern)
        };
        if !met.is_sorted_by_key(key) {
            met.sort_unstable_by_key(key);
        }
        let mut from = 0;
        for (start, end, pattern) in met {
            if start < from {
                continue;
            }
            if self.ends_on_boundary(text, pattern, end) {
                found(Span::new(start, end), pattern);
            }
            from = end;
        }
    }

    /// [`Phrases::find`] by the crate's automaton (when the rows do not
    /// hold it).
    fn find_by_table(&self, text: &str, within: Span, mut found: impl FnMut(Span, usize)) {
        let hay = &text.as_bytes()[..within.end()];
        let mut at = within.start();
        while let Some((start, end, pattern)) = self.leftmost_longest_dfa(hay, at) {
            // A phrase that starts with a letter or digit, inside a word:
            // not looked for there, so the walk begins again at the next
            // character (the match starts at a character boundary).
            if self.edges[pattern].0 && word_before(text, start) {
                at = start + text[start..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            // It starts on a word boundary, or needs none (just checked).
            if self.ends_on_boundary(text, pattern, end) {
                found(Span::new(start, end), pattern);
            }
            at = end;
        }
    }

    /// The leftmost-longest match in `hay[from..]`, as (start, end,
    /// phrase), by the crate's automaton: the loop of the crate's
    /// unanchored search without a prefilter. The unanchored start state
    /// loops on itself, so the walk dies only once a match was seen and
    /// cannot grow; a match state holds the longest phrase ending there
    /// that starts leftmost.
    #[inline]
    fn leftmost_longest_dfa(&self, hay: &[u8], from: usize) -> Option<(usize, usize, usize)> {
        let dfa = &self.automaton;
        let mut sid = self.start;
        let mut found = None;
        let mut at = from;
        let step = |sid, b| dfa.next_state(Anchored::No, sid, b);
        while at < hay.len() {
            let (next, read) = walk_block(hay, at, sid, step, |s| dfa.is_special(s));
            sid = next;
            at += read;
            if dfa.is_special(sid) {
                if dfa.is_dead(sid) {
                    break;
                }
                if dfa.is_match(sid) {
                    found = Some((at, dfa.match_pattern(sid, 0)));
                }
            }
        }
        found.map(|(end, pattern)| (end - dfa.pattern_len(pattern), end, pattern.as_usize()))
    }

    /// The reference reading of [`Phrases::find`]: a character at a time,
    /// the crate's own anchored search wherever a phrase may start.
    #[cfg(test)]
    pub(crate) fn find_plain(&self, text: &str, within: Span, mut found: impl FnMut(Span, usize)) {
        let mut at = within.start();
        while let Some(c) = text[at..within.end()].chars().next() {
            // A phrase that starts with a letter or digit starts with this
            // character only at a word start; any other phrase may start
            // here (and one of the first kind cannot, the character being
            // no letter or digit).
            let may_start =
                !is_word_char(c) || !text[..at].chars().next_back().is_some_and(is_word_char);
            if may_start {
                let input = Input::new(text)
                    .range(at..within.end())
                    .anchored(Anchored::Yes);
                let longest = self
                    .anchored
                    .try_find(&input)
                    .expect("the automaton supports anchored searches");
                if let Some(m) = longest {
                    let pattern = m.pattern().as_usize();
                    if self.on_boundaries(text, pattern, m.start(), m.end()) {
                        found(Span::new(m.start(), m.end()), pattern);
                    }
                    at = m.end();
                    continue;
                }
            }
            at += c.len_utf8();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Phrases;
    use dealx_core::Span;

    fn both() -> [&'static Phrases; 2] {
        static ASSEMBLER: std::sync::OnceLock<crate::DealAssembler> = std::sync::OnceLock::new();
        let a = ASSEMBLER.get_or_init(crate::DealAssembler::new);
        [&a.words.phrases, &a.sectors.phrases]
    }

    /// The fast and the reference reading of `text[within]` agree.
    fn assert_same_within(phrases: &Phrases, text: &str, within: Span) {
        let (mut fast, mut plain) = (Vec::new(), Vec::new());
        phrases.find(text, within, |s, i| fast.push((s, i)));
        phrases.find_plain(text, within, |s, i| plain.push((s, i)));
        assert_eq!(fast, plain, "in {:?} of {text:?}", within);
    }

    /// The two readings agree on the whole of `text` and on some of its
    /// parts (searches that start or end inside a word).
    fn assert_same(text: &str) {
        assert_same_with(&both(), text);
    }

    /// [`assert_same`] for the given phrase sets.
    fn assert_same_with(sets: &[&Phrases], text: &str) {
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &phrases in sets {
            assert_same_within(phrases, text, Span::new(0, text.len()));
            for (k, &a) in cuts.iter().enumerate().step_by(7) {
                let b = cuts[(k + cuts.len() / 3).min(cuts.len() - 1)];
                assert_same_within(phrases, text, Span::new(a, b.max(a)));
            }
        }
    }

    /// The ASCII shortcut of the boundary test agrees with the character
    /// rule at every pair of character boundaries, for phrases with each
    /// kind of edge, next to ASCII and non-ASCII letters, digits and marks.
    #[test]
    fn boundary_shortcut_agrees_with_the_character_rule() {
        let texts = [
            "Café signed; naïve investment; Ölkeli trade; ÉTAT loan—credit line’s grant.",
            "x5 ,and ,, -fold—fold 12% n’t 中国 trade 中国trade trade中国 Ⅻ deal ² deal²",
            "a\u{a0}b\tc\nd é1 1é ßtrade tradeß",
        ];
        let pieces = dealx_testkit::NEWS_PIECES.iter().copied();
        for phrases in both() {
            let mut kinds: Vec<usize> = Vec::new();
            for (i, e) in phrases.edges.iter().enumerate() {
                if !kinds.iter().any(|&k| phrases.edges[k] == *e) {
                    kinds.push(i);
                }
            }
            for text in texts.iter().copied().chain(pieces.clone()) {
                let cuts: Vec<usize> = (0..=text.len())
                    .filter(|&i| text.is_char_boundary(i))
                    .collect();
                for (k, &a) in cuts.iter().enumerate() {
                    for &b in &cuts[k..(k + 12).min(cuts.len())] {
                        for &p in &kinds {
                            assert_eq!(
                                phrases.on_boundaries(text, p, a, b),
                                phrases.on_boundaries_plain(text, p, a, b),
                                "{a}..{b} of {text:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// The kept matches of `text`, as the matched text.
    fn kept(phrases: &Phrases, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        phrases.find(text, Span::new(0, text.len()), |s, _| {
            out.push(text[s].to_string())
        });
        out
    }

    #[test]
    fn a_match_inside_a_word_hides_no_whole_word_match() {
        let [words, sectors] = both();
        // "if not" inside "motif not", "to deal with" inside "Pluto deal
        // with", "the two countries" inside "bathe two countries".
        assert_eq!(kept(words, "a motif not signed"), ["not", "signed"]);
        assert_eq!(kept(words, "Pluto deal with"), ["deal"]);
        assert_eq!(kept(words, "bathe two countries"), Vec::<String>::new());
        assert_eq!(kept(words, "the two countries"), ["the two countries"]);
        // "ore" inside "more" is no mining keyword; "port" after "air" is.
        assert_eq!(kept(sectors, "more support; air port"), ["port"]);
    }

    #[test]
    fn phrases_match_whole_words_longest_first_in_any_ascii_case() {
        let [words, _] = both();
        assert_eq!(
            kept(words, "A MEMORANDUM OF UNDERSTANDING was Signed"),
            ["MEMORANDUM OF UNDERSTANDING", "Signed"]
        );
        // A phrase that does not start with a letter or digit is found
        // inside or after a word.
        assert_eq!(
            kept(words, "rose 5.5-fold, and 12%"),
            ["-fold", ", and ", "%"]
        );
        // The longest phrase at a word start hides the shorter ones there
        // even when it then fails the end boundary.
        assert_eq!(kept(words, "bilateral trades"), Vec::<String>::new());
        assert_eq!(
            kept(words, "designed, resigned, cosigned"),
            Vec::<String>::new()
        );
        assert_eq!(
            kept(words, "Café signed; naïve investment"),
            ["signed", "; ", "investment"]
        );
        assert_eq!(kept(words, "ésigned éinvest"), Vec::<String>::new());
    }

    /// Matches, dead ends and in-word matches at every offset from a
    /// block's start (padding of spaces, of a word, of repeated phrase
    /// starts), across block ends and at the haystack's end.
    #[test]
    fn fast_scan_agrees_at_every_offset_of_a_block() {
        let tails = [
            "signed a memorandum of understanding",
            "within order, bilateral trade rose",
            "plutosign; invested",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ];
        for tail in tails {
            for pad in 0..3 * super::BLOCK {
                for fill in [" ", "q", "in"] {
                    let text = format!("{}{tail}{}", fill.repeat(pad), fill.repeat(pad % 5));
                    assert_same(&text);
                }
            }
        }
    }

    /// The built-in lexicons are walked by rows; the crate's own table,
    /// walked when an automaton has too many states for them, finds the
    /// same matches as the rows and as the plain reading.
    #[test]
    fn rows_and_the_crate_table_agree() {
        let texts: Vec<String> = dealx_testkit::NEWS_PIECES
            .iter()
            .map(|s| s.to_string())
            .chain([dealx_testkit::NEWS_PIECES.concat()])
            .collect();
        for phrases in both() {
            assert!(phrases.rows.is_some(), "a built-in lexicon fits the rows");
            let mut without = phrases.clone();
            without.rows = None;
            for text in &texts {
                let (mut by_rows, mut by_table) = (Vec::new(), Vec::new());
                let all = Span::new(0, text.len());
                phrases.find(text, all, |s, i| by_rows.push((s, i)));
                without.find(text, all, |s, i| by_table.push((s, i)));
                assert_eq!(by_rows, by_table, "{text:?}");
                assert_same_with(&[&without], text);
            }
        }
        // 400 phrases of ten letters: more states than the rows hold.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut letter = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(b'a' + (state % 26) as u8)
        };
        let mut many: Vec<String> = (0..400)
            .map(|_| (0..10).map(|_| letter()).collect())
            .collect();
        many.extend(["signed", "trade", ", and", "the two"].map(String::from));
        let big = Phrases::new(&many).expect("phrases compile");
        assert!(big.rows.is_none());
        let soup = format!("{} {} {}", many[..40].join(" "), texts.concat(), many[7]);
        assert_same_with(&[&big], &soup);
    }

    /// A lexicon with digits, marks and non-ASCII letters in its phrases
    /// (more byte classes than the built-in ones, bytes of one character
    /// in different classes) is walked by rows and agrees with the plain
    /// reading.
    #[test]
    fn rows_with_many_byte_classes_agree() {
        let phrases: Vec<String> = [
            "café",
            "naïve deal",
            "Ölkeli",
            "5G",
            "g20 summit",
            "24/7",
            "x-ray",
            "n’t",
            "—",
            "«accord»",
            "ÉTAT",
            "a",
            "q&a",
            "1.5",
            "é",
        ]
        .map(String::from)
        .to_vec();
        let small = Phrases::new(&phrases).expect("phrases compile");
        let rows = small.rows.as_ref().expect("a small lexicon fits the rows");
        assert!(rows.classes > 33, "{} classes", rows.classes);
        let texts = [
            "The café signed a naïve deal; Ölkeli's 5G and G20 SUMMIT, 24/7 x-ray.",
            "cafés, écafé, CAFÉ, Café, naïve dealt, 5GG, 15G, 1.55, 11.5, q&amp;a, Q&A",
            "don’t — «accord» «accords» ÉTAT état étATs a-a aa a.a é é1 1é",
        ];
        for text in texts {
            assert_same_with(&[&small], text);
        }
        let pieces: String = dealx_testkit::NEWS_PIECES.concat();
        assert_same_with(&[&small], &pieces);
    }

    /// The scan agrees with the plain reading, by rows and by the crate's
    /// table, for a lexicon whose phrases start with a space, marks,
    /// digits, a non-ASCII letter and non-ASCII marks (at a word start or
    /// anywhere), next to words and inside them; whose phrases share first
    /// bytes (two non-ASCII characters with one first byte, "é" and "ê");
    /// and whose walks pass through states where a shorter phrase ends
    /// that started later ("it" and "edit" at the end of "credit", on the
    /// way to "credit line").
    #[test]
    fn fast_scan_agrees_where_phrases_start_with_any_kind_of_byte() {
        let phrases: Vec<String> = [
            " while ",
            " and",
            "; ",
            ", but ",
            "-fold",
            "%",
            "’s",
            "—",
            "«",
            "étude",
            "être",
            "été",
            "2nd",
            "1.5",
            "to sign",
            "sign",
            "signed",
            "in order to",
            "credit line",
            "it",
            "edit",
        ]
        .map(String::from)
        .to_vec();
        let set = Phrases::new(&phrases).expect("phrases compile");
        assert!(set.rows.is_some());
        let texts = [
            "worth 5.5-fold while  while, and the firm’s deal—signed; but , but it",
            "Étude, étude, préétude, êtres, été2, 2été, l’été, «été», 12nd 2nd 2ND",
            "to sign, tosign, to signed, in order to sign, in order tosign, 11.5 1.55",
            "credit, credit it, credit line, credit lines, credits, edit it, creditor",
            " while",
            "while ",
            " ",
            "%%%",
            "——",
            "’’s",
            "é",
            "ê",
            "\u{a0}and and",
        ];
        for text in texts {
            assert_same_with(&[&set], text);
        }
        assert_same_with(&[&set], &dealx_testkit::NEWS_PIECES.concat());
        let mut without = set.clone();
        without.rows = None;
        for text in texts {
            assert_same_with(&[&without], text);
        }
    }

    #[test]
    fn fast_scan_agrees_on_invented_sentences() {
        let sentences = [
            "Kazakhstan and China signed 11 agreements worth $6 billion; the deals cover oil.",
            "They are worth $6 billion, while the two countries plan to reach $10 billion.",
            "Pluto reached the signing stage; the photo reached us.",
            "The firm didn't sign, wouldn't invest and can't build a plant.",
            "Trade rose 5.5-fold, exports doubled and imports grew 12% (per cent).",
            "A MEMORANDUM OF UNDERSTANDING was Signed by Both Sides in order to boost trade.",
            "Bilateral trade, bilateral trades and bilateral-trade turnover topped $1bn.",
            "The would-be investor, the co-operation council and a joint venture.",
            "Signal, signage, designed, resigned, cosigned: none is a signing.",
            "Within the within-country trade, it is a big deal: its deal-making costs.",
            "Investments into the Almaty region exceeded 2 trillion tenge, totalling more.",
            "Café signed; naïve investment; Ölkeli trade; ÉTAT loan—credit line’s grant.",
            "wind farm, wind power, solar power plant, rare earths and critical minerals",
            "No longer, not only, if not, no less than, not less than: no, not, never.",
            "tosign to sign plutosign intoreach in order, within order, twin order",
            ",and , and ,while , while ; ;; %% -fold--fold n't n'tt don't",
            "",
            " ",
            "a",
            "the",
        ];
        for s in sentences {
            assert_same(s);
        }
    }

    #[test]
    fn fast_scan_agrees_on_news_pieces_and_corpus() {
        for piece in dealx_testkit::NEWS_PIECES {
            assert_same(piece);
        }
        let joined: String = dealx_testkit::NEWS_PIECES.concat();
        assert_same(&joined);
        for text in corpus() {
            for phrases in both() {
                assert_same_within(phrases, &text, Span::new(0, text.len()));
            }
        }
    }

    /// The texts of the corpus articles.
    fn corpus() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("the corpus directory") {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(std::fs::read_to_string(&path).expect("UTF-8 text"));
            }
        }
        assert!(!texts.is_empty(), "no corpus article in {}", dir.display());
        texts
    }

    /// Lists of spans of random lengths (shorter than a group, about one,
    /// several), read together, give what each span read alone gives:
    /// the groups, the cuts inside spans, the walks going on to the next
    /// span of their group and the walks finished alone change nothing.
    #[test]
    fn walks_in_groups_agree_with_each_span_read_alone() {
        let mut texts = corpus();
        texts.push(dealx_testkit::NEWS_PIECES.concat().repeat(4));
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut grouped_in = [0; 2];
        for phrases in both() {
            let rows = phrases
                .rows
                .as_deref()
                .expect("a built-in lexicon fits the rows");
            for text in &texts {
                let boundary =
                    |i: usize| (i.min(text.len())..=text.len()).find(|&j| text.is_char_boundary(j));
                for _ in 0..30 {
                    let mut spans = Vec::new();
                    let mut at = 0;
                    while let Some(start) = boundary(at + next(300)) {
                        let len = [next(40), next(700), next(4000)][next(3)];
                        let end = boundary(start + len).expect("the text's end is a boundary");
                        if start == text.len() {
                            break;
                        }
                        if end > start {
                            spans.push(Span::new(start, end));
                        }
                        at = end;
                    }
                    let total = spans.iter().map(Span::len).sum();
                    let hay = text.as_bytes();
                    grouped_in[0] +=
                        usize::from(super::deal::<2>(rows, hay, &spans, total).is_some());
                    grouped_in[1] +=
                        usize::from(super::deal::<4>(rows, hay, &spans, total).is_some());
                    let mut grouped = Vec::new();
                    phrases.find_in(text, &spans, |s, i| grouped.push((s, i)));
                    let mut alone = Vec::new();
                    for &span in &spans {
                        phrases.find_plain(text, span, |s, i| alone.push((s, i)));
                    }
                    assert_eq!(grouped, alone, "{spans:?}");
                }
            }
        }
        assert!(grouped_in.iter().all(|&n| n > 50), "{grouped_in:?}");
    }

    #[test]
    fn marks_stand_before_each_word_start() {
        assert_eq!(super::marked("it"), b"\xFFit");
        assert_eq!(super::marked(", and "), b", \xFFand ");
        assert_eq!(super::marked("n't"), b"\xFFn'\xFFt");
        assert_eq!(super::marked("5.5-fold"), b"\xFF5.\xFF5-\xFFfold");
        assert_eq!(
            super::marked("naïve deal"),
            b"\xFFna\xC3\xAF\xFFve \xFFdeal"
        );
        assert_eq!(super::marked("; "), b"; ");
    }

    /// A text is cut only after a byte that no phrase holds: full stops
    /// and line ends for the built-in lexicons, never a space or a comma,
    /// which the clause cues hold, nor a letter or digit.
    #[test]
    fn cut_bytes_are_in_no_phrase() {
        let [words, sectors] = both();
        for phrases in [words, sectors] {
            let rows = phrases
                .rows
                .as_deref()
                .expect("a built-in lexicon fits the rows");
            let cuts: Vec<u8> = (0..=255u8).filter(|&b| rows.cuts[usize::from(b)]).collect();
            assert!(cuts.contains(&b'.') && cuts.contains(&b'\n'), "{cuts:?}");
            assert!(cuts
                .iter()
                .all(|b| b.is_ascii() && !b.is_ascii_alphanumeric()));
            for p in &phrases.phrases {
                assert!(!p.bytes().any(|b| cuts.contains(&b)), "{p:?}");
            }
        }
        let rows = words.rows.as_deref().expect("the rows");
        assert!(!rows.cuts[usize::from(b' ')] && !rows.cuts[usize::from(b',')]);
    }

    /// Texts made of random phrases of the tables, parts of them, news
    /// pieces and joiners, in random case: the cases where a match inside
    /// a word could swallow a whole-word one.
    #[test]
    fn fast_scan_agrees_on_random_phrase_soup() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: usize| {
            // xorshift64*
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
        };
        let joiners = [
            "", "", " ", " ", " ", ", ", "; ", "-", "'", "’", "é", "x", "pluto", "in", "\u{a0}",
            ".\n", "%", "5", "n",
        ];
        for phrases in both() {
            let mut pool: Vec<String> = Vec::new();
            for p in &phrases.phrases {
                pool.push(p.clone());
                pool.push(p.to_ascii_uppercase());
                let cut = p.len() / 2;
                if p.is_char_boundary(cut) {
                    pool.push(p[..cut].to_string());
                    pool.push(p[cut..].to_string());
                }
            }
            pool.extend(dealx_testkit::NEWS_PIECES.iter().map(|s| s.to_string()));
            for _ in 0..3000 {
                let mut text = String::new();
                for _ in 0..1 + next(12) {
                    text.push_str(joiners[next(joiners.len())]);
                    let piece = &pool[next(pool.len())];
                    if next(4) == 0 {
                        // Capitalised.
                        let mut cs = piece.chars();
                        if let Some(c) = cs.next() {
                            text.push(c.to_ascii_uppercase());
                            text.push_str(cs.as_str());
                        }
                    } else {
                        text.push_str(piece);
                    }
                }
                assert_same_within(phrases, &text, Span::new(0, text.len()));
            }
        }
    }
}
