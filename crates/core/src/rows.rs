//! Walking a set of patterns over text fast: every occurrence, overlaps
//! and all, met by one pass of a compact DFA that never stops.
//!
//! [`Rows`] copies an Aho-Corasick automaton (the `aho-corasick` crate's,
//! standard match kind, ASCII case-insensitive) into a table of `u16` next
//! states, one row per state and one entry per byte class, and walks it
//! over the text as if a mark ([`WORD_START`]) stood before each word
//! start: a pattern given [`marked`] is met only where a word starts, one
//! given as it is anywhere. The walk only notes the match states it meets;
//! what the matches mean is the caller's (the deal stage chooses
//! leftmost-longest phrases among them; the date stage reads the words
//! that hold them).
//!
//! Two things make it fast. No walk ever stops: a match state is only
//! noted. And a long text is cut into four parts walked together, a byte
//! of each in turn (`walk_together`): one walk's steps wait for each
//! other (each next state is loaded from where the one before points),
//! four walks' steps do not.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use crate::Span;

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
/// Equivalent to walking the crate's automaton over the marked text:
/// every state reachable from the start states is copied with its
/// transition on every byte (by its class, which is the same next state
/// for every byte of the class by construction) and its matches (the deal
/// stage's `scan` tests hold its phrase search equal to a plain reading
/// with the crate's own anchored search; the date stage's tests hold its
/// anchors equal to a regex's).
#[derive(Clone, Debug)]
pub struct Rows {
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
    /// pattern holds one.
    cuts: [bool; 256],
    /// The word bytes.
    word: [bool; 256],
}

/// The byte that stands for a word start in [`marked`] text: one that
/// UTF-8 never holds, so no text has it of its own.
pub const WORD_START: u8 = 0xFF;

/// `pattern` with [`WORD_START`] before each word byte (as `word` says)
/// that follows no word byte, the first one included: what [`Rows`] walk
/// as if the text were written so (see [`Rows::new`]).
pub fn marked(pattern: &[u8], word: impl Fn(u8) -> bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(pattern.len() + 4);
    let mut after_word = false;
    for &b in pattern {
        if word(b) && !after_word {
            out.push(WORD_START);
        }
        out.push(b);
        after_word = word(b);
    }
    out
}

impl Rows {
    /// The rows of a walk over text read as [`marked`] by `word`, that
    /// meets every occurrence of `patterns` (ASCII case-insensitive; each
    /// given marked or not, as it is to be met: a marked pattern that
    /// starts with a word byte only where a word starts, an unmarked one
    /// anywhere). `lens` is the byte length of each pattern as it stands
    /// in the text (unmarked). `None` when the states times the byte
    /// classes exceed 65,536 entries or the automaton cannot be built.
    pub fn new<P: AsRef<[u8]>>(
        patterns: &[P],
        lens: &[usize],
        word: fn(u8) -> bool,
    ) -> Option<Rows> {
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns)
            .ok()?;
        let mut word_byte = [false; 256];
        for b in 0..=255u8 {
            word_byte[usize::from(b)] = word(b);
        }
        Rows::from_dfa(&dfa, lens, &word_byte)
    }

    /// [`Rows::new`] from the automaton of the patterns (the crate's
    /// standard match kind: a state reports each pattern that ends there,
    /// and no state is dead); `None` also when a walk could die.
    ///
    /// A state of the rows is a state of `dfa` and whether the last byte
    /// read was a word byte; a step on a word byte after no word byte
    /// steps `dfa` on [`WORD_START`] first. So a pattern that starts with
    /// a word byte, marked, is met only where a word starts: inside a word
    /// ("it" in "with") the walk does not meet it.
    fn from_dfa(dfa: &DFA, lens: &[usize], word_byte: &[bool; 256]) -> Option<Rows> {
        let word_table = word_byte;
        let word_byte = |b: u8| word_byte[usize::from(b)];
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
            word: *word_table,
        })
    }

    /// The state a walk begins in at `at` of `text`: after a word byte or
    /// not, as the byte before says.
    #[inline(always)]
    fn start(&self, text: &str, at: usize) -> u16 {
        let after_word = at
            .checked_sub(1)
            .is_some_and(|i| self.word[usize::from(text.as_bytes()[i])]);
        self.starts[usize::from(after_word)]
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

    /// The (pattern, its length) of each pattern that ends at match state
    /// `s`.
    fn outputs(&self, s: u16) -> &[(usize, usize)] {
        let m = usize::from(s) / self.classes;
        &self.outputs[self.ends[m - 1]..self.ends[m]]
    }

    /// Where `span` may be cut at or after `aim`: just after a cut byte
    /// there, when that leaves something after the cut.
    ///
    /// A cut there changes no match: a cut byte is in no phrase, so no
    /// match runs across it, and every state takes it to the start state
    /// after no word byte, where the walk of the next part begins.
    ///
    /// Line ends and full stops are looked for first, with `memchr`, when
    /// the rows may cut there (news text has one every sentence); any cut
    /// byte otherwise. Where the cut falls changes nothing found.
    fn cut(&self, hay: &[u8], span: Span, aim: usize) -> Option<usize> {
        let rest = &hay[aim..span.end()];
        let at = if self.cuts[usize::from(b'\n')] && self.cuts[usize::from(b'.')] {
            memchr::memchr2(b'\n', b'.', rest)
        } else {
            None
        };
        let at = at.or_else(|| rest.iter().position(|&b| self.cuts[usize::from(b)]))?;
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

/// How a list of spans is walked (see [`Rows::matches_in`]).
enum Grouping {
    Four([Vec<Span>; 4]),
    Two([Vec<Span>; 2]),
    Alone,
}

/// Where a walk over [`Rows`] is, held as data so that several can take
/// turns a byte at a time.
#[derive(Clone, Copy)]
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

impl Rows {
    /// Calls `found(end, patterns)` for each place in `spans` (sorted and
    /// disjoint) where patterns end, in text order, with the (pattern, its
    /// length) of each pattern that ends there; each span is walked as if
    /// alone (a walk begins in the state the byte before it gives).
    ///
    /// When the spans are long enough in all, they are dealt, in order,
    /// into groups of about equal length (a span that runs over the end of
    /// a group cut after a byte no pattern holds), and the groups are walked
    /// together, a byte of each in turn.
    pub fn matches_in(
        &self,
        text: &str,
        spans: &[Span],
        mut found: impl FnMut(usize, &[(usize, usize)]),
    ) {
        let hay = text.as_bytes();
        let mut report = |events: &Events| {
            for &(end, sid) in events {
                found(end, self.outputs(sid));
            }
        };
        match self.grouping(hay, spans) {
            Grouping::Four(groups) => self.walk_groups(text, groups, report),
            Grouping::Two(groups) => self.walk_groups(text, groups, report),
            Grouping::Alone => {
                let mut events: Events = Vec::new();
                for &span in spans {
                    walk_alone(self, hay, &mut Walk::new(self, text, span), &mut events);
                }
                report(&events);
            }
        }
    }

    /// How [`Rows::matches_in`] walks `spans`: in four groups when they are
    /// long enough in all and can be cut so, else in two, else alone.
    fn grouping(&self, hay: &[u8], spans: &[Span]) -> Grouping {
        let total: usize = spans.iter().map(Span::len).sum();
        if total >= 4 * MIN_PART {
            if let Some(groups) = deal::<4>(self, hay, spans, total) {
                return Grouping::Four(groups);
            }
        }
        if total >= 2 * MIN_PART {
            if let Some(groups) = deal::<2>(self, hay, spans, total) {
                return Grouping::Two(groups);
            }
        }
        Grouping::Alone
    }

    /// The groups `groups` walked together, each group's events given to
    /// `report` in order.
    fn walk_groups<const N: usize>(
        &self,
        text: &str,
        groups: [Vec<Span>; N],
        mut report: impl FnMut(&Events),
    ) {
        let hay = text.as_bytes();
        let mut queues: [std::slice::Iter<'_, Span>; N] = std::array::from_fn(|k| groups[k].iter());
        let mut walks: [Walk; N] = std::array::from_fn(|k| {
            let first = queues[k].next().expect("no group is empty");
            Walk::new(self, text, *first)
        });
        let mut events: [Events; N] = std::array::from_fn(|_| Vec::new());
        walk_together(self, text, &mut walks, &mut queues, &mut events);
        // The walks not over yet go on two by two while there are two
        // (the groups' lengths differ by where they could be cut), the
        // last one alone.
        let over = |walk: &Walk, queue: &std::slice::Iter<'_, Span>| {
            walk.at == walk.end && queue.len() == 0
        };
        loop {
            let left: Vec<usize> = (0..N).filter(|&k| !over(&walks[k], &queues[k])).collect();
            let &[a, b, ..] = left.as_slice() else {
                break;
            };
            let mut pair = [walks[a], walks[b]];
            let mut pair_queues = [queues[a].clone(), queues[b].clone()];
            let mut pair_events = [
                std::mem::take(&mut events[a]),
                std::mem::take(&mut events[b]),
            ];
            walk_together(self, text, &mut pair, &mut pair_queues, &mut pair_events);
            let [walk_a, walk_b] = pair;
            let [queue_a, queue_b] = pair_queues;
            let [events_a, events_b] = pair_events;
            (walks[a], queues[a], events[a]) = (walk_a, queue_a, events_a);
            (walks[b], queues[b], events[b]) = (walk_b, queue_b, events_b);
        }
        for (k, walk) in walks.iter_mut().enumerate() {
            walk_alone(self, hay, walk, &mut events[k]);
            for &span in queues[k].by_ref() {
                walk_alone(self, hay, &mut Walk::new(self, text, span), &mut events[k]);
            }
        }
        for list in &events {
            report(list);
        }
    }

    /// Whether a text may be cut just after byte `b` for walks taken
    /// together: no pattern holds it, and every state takes it to the
    /// start state after no word byte.
    pub fn is_cut(&self, b: u8) -> bool {
        self.cuts[usize::from(b)]
    }

    /// The number of byte classes (the length of a row).
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// How many walks [`Rows::matches_in`] takes `spans` in: 4, 2 or 1.
    pub fn walks_for(&self, text: &str, spans: &[Span]) -> usize {
        match self.grouping(text.as_bytes(), spans) {
            Grouping::Four(_) => 4,
            Grouping::Two(_) => 2,
            Grouping::Alone => 1,
        }
    }
}
