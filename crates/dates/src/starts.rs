//! Where a match of the scan pattern can start: a prefilter that lets the
//! scan run anchored at a few places instead of over the whole text.
//!
//! Most bytes of news text belong to no date. Every match of the scan
//! pattern holds an *anchor*: a word (a maximal run of ASCII letters, digits
//! and `_`) that
//!
//! - holds a digit (`2024`, `5th`, `Q3`, `1990s`), or
//! - is a month or weekday name as the grammar spells them (`Jan`, `Sept`,
//!   `Thurs`, `Monday`), or
//! - begins with a unit, season, holiday or day word (`day`, `week`,
//!   `month`, `year`, `yr`, `quarter`, `half`, `spring`, …, `today`,
//!   `yesterday`, `tomorrow`, `christmas`, `halloween`, `valentine`,
//!   `nauryz`, `nowruz`, `navruz`, and the weekday names in full, which
//!   the grammar also reads in the plural: "two Mondays ago"), or
//! - holds `now` (the side of a range "from now to …").
//!
//! Every word of a match before its first anchor is a *lead word*
//! ([`is_lead`]): "from", "between", "the", "first", "next", "end", "of",
//! "a", "twenty", … So a match starts at the start of a word (the pattern
//! opens with `(?-u:\b)` and every alternative with a word byte), and that
//! word is an anchor or the first of a row of lead words that runs up to an
//! anchor, with only non-word bytes between them. [`Cursor`] lists exactly
//! those starts, in text order; the scan runs anchored at each until one
//! matches. An anchored leftmost-first search at the leftmost start where
//! any match begins returns the match an unanchored search finds, so the
//! matches are the same (tests `prefiltered_scan_finds_what_the_full_scan_finds`
//! and `every_match_holds_an_anchor_after_lead_words`).
//!
//! Why the grammar has this shape (read from `grammar.rs`): month names end
//! with `(?-u:\b)` and follow a space, a `-`, `/`, `(`, a comma, the match
//! start or the digits of a year in the same word, so a month word without
//! a digit is the name alone; weekday abbreviations likewise. Unit words
//! follow a space or `-` and may be followed by more letters ("quarterly",
//! "weekend", "years"), hence a prefix test. The lead words are every
//! literal word that an alternative may read before its first anchor: its
//! articles, prepositions and modifiers, the counts (`a`, `an`, `one` …
//! `twelve`), the ordinals and the day written in words.
//!
//! When the grammar gains an alternative, a word it reads first must be an
//! anchor or a lead word here; the tests above read every match of the
//! pattern over the test texts and fail otherwise.
//!
//! How the anchors are found: every anchor word of the text in one walk of
//! [`Rows`] (`dealx_core::rows`), before the first scan, rather than one
//! lazy-DFA search of the anchor pattern per anchor. The walk meets every
//! match and never stops, and it takes four parts of the text a byte of
//! each in turn, so the steps of one part do not wait for each other:
//! on the 100 MB benchmark corpus, one thread, the run took 2.16 s
//! (median of five) against 2.25 s with the lazy DFA (session 7). The
//! scan itself, anchored, builds a quarter of the DFA states it would
//! build unanchored and needs no reverse search to find where a match
//! starts.
//!
//! Tried before and left: a hand-written walk over the words (one
//! 256-entry table look-up a byte, names and heads looked up by their
//! first two letters, `now` only in words with a `w`) was slower than the
//! lazy DFA, 119M instructions for `Cursor::next_match` against 78.5M on
//! the 5 MB slice; and a fully compiled dense DFA for the pattern
//! (`regex_automata::dfa::dense`, 32.8 KB minimized, 3.4 ms to build)
//! read a byte in about as many instructions as the lazy DFA and cost 32M
//! instructions more at start-up (session 10, branch s10-dfa).

use dealx_core::rows::{self, Rows};
use dealx_core::Span;
use regex_automata::meta;
use regex_automata::{Anchored, Input};
use std::collections::VecDeque;

/// Month and weekday names, a whole word each.
const NAMES: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Words that make an anchor when a word begins with them.
const HEADS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "day",
    "week",
    "month",
    "year",
    "yr",
    "quarter",
    "half",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "today",
    "yesterday",
    "tomorrow",
    "christmas",
    "halloween",
    "valentine",
    "nauryz",
    "nowruz",
    "navruz",
];

/// The pattern that finds anchors; the end of each match lies inside an
/// anchor word.
#[cfg(test)]
pub(crate) fn anchor_pattern() -> String {
    format!(
        r"(?i-u)[0-9]|now|(?-u:\b)(?:{})(?-u:\b)|(?-u:\b)(?:{})",
        NAMES.join("|"),
        HEADS.join("|")
    )
}

/// Whether `word` (ASCII, any case) may come before the first anchor of a
/// match: the literal words the grammar reads before one.
pub(crate) fn is_lead(word: &[u8]) -> bool {
    const TENS: [&[u8]; 2] = [b"twenty", b"thirty"];
    if TENS
        .iter()
        .any(|t| word.len() >= t.len() && word[..t.len()].eq_ignore_ascii_case(t))
    {
        // "twenty", "twentyfirst", "thirtieth" is below.
        return true;
    }
    let mut lower = [0u8; 12];
    let Some(buf) = lower.get_mut(..word.len()) else {
        return false;
    };
    for (l, b) in buf.iter_mut().zip(word) {
        *l = b.to_ascii_lowercase();
    }
    matches!(
        &*buf,
        b"a" | b"an"
            | b"the"
            | b"of"
            | b"in"
            | b"on"
            | b"my"
            | b"w"
            | b"c"
            | b"from"
            | b"between"
            | b"this"
            | b"next"
            | b"last"
            | b"coming"
            | b"previous"
            | b"past"
            | b"current"
            | b"following"
            | b"upcoming"
            | b"rest"
            | b"end"
            | b"beginning"
            | b"start"
            | b"middle"
            | b"turn"
            | b"early"
            | b"mid"
            | b"late"
            | b"earlier"
            | b"later"
            | b"new"
            | b"one"
            | b"two"
            | b"three"
            | b"four"
            | b"five"
            | b"six"
            | b"seven"
            | b"eight"
            | b"nine"
            | b"ten"
            | b"eleven"
            | b"twelve"
            | b"thirteen"
            | b"fourteen"
            | b"fifteen"
            | b"sixteen"
            | b"seventeen"
            | b"eighteen"
            | b"nineteen"
            | b"first"
            | b"second"
            | b"third"
            | b"fourth"
            | b"fifth"
            | b"sixth"
            | b"seventh"
            | b"eighth"
            | b"ninth"
            | b"tenth"
            | b"eleventh"
            | b"twelfth"
            | b"thirteenth"
            | b"fourteenth"
            | b"fifteenth"
            | b"sixteenth"
            | b"seventeenth"
            | b"eighteenth"
            | b"nineteenth"
            | b"twentieth"
            | b"thirtieth"
    )
}

/// Whether `word` (ASCII, any case) is a lead word that no match starts
/// with: the grammar reads "of", "in", "my" only after an earlier word
/// ("the end of", "later in the", "rest of my") and "c" only after "w/"
/// ("w/c"). The cursor walks back through them to the lead words before,
/// but runs no scan at them; the scan could not match there, so the
/// matches are the same (tests `prefiltered_scan_finds_what_the_full_scan_finds`,
/// and `every_match_holds_an_anchor_after_lead_words`, which checks that no
/// match starts with one). "in 2024" and "of $5 billion" are the commonest
/// lead words before an anchor in news.
pub(crate) fn never_starts(word: &[u8]) -> bool {
    [&b"of"[..], b"in", b"my", b"c"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether `b` is a word byte of the pattern's ASCII `(?-u:\b)`.
pub(crate) fn is_word(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_word`] for each byte, looked up rather than tested by ranges: the
/// cursor asks it of a few dozen bytes around every anchor.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// The anchor finder, built once: the anchor pattern's alternatives as
/// patterns for [`Rows`] (digits and "now" met anywhere, the names and
/// heads only where a word starts: marked, see [`rows::marked`]), walked
/// over the text in one pass that finds every anchor word.
///
/// The same words as the pattern's regex: every alternative reads word
/// bytes only, so a match lies inside one word, and a word is an anchor
/// word when it holds a match; the regex's `(?-u:\b)` before a name or a
/// head is the mark (a word byte after no word byte, as `(?-u:\b)` has
/// it: ASCII letters, digits and `_`, any other byte a non-word byte),
/// and the one after a name is checked at the match's end (test
/// `anchor_words_are_the_words_the_regex_finds`).
#[derive(Clone, Debug)]
pub(crate) struct Anchors {
    rows: Rows,
    /// For each pattern: whether it must also end where a word ends (a
    /// name).
    whole: Vec<bool>,
}

impl Anchors {
    pub(crate) fn new() -> Anchors {
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut lens = Vec::new();
        let mut whole = Vec::new();
        let mut add = |p: &str, mark: bool, ends_word: bool| {
            patterns.push(if mark {
                rows::marked(p.as_bytes(), is_word)
            } else {
                p.as_bytes().to_vec()
            });
            lens.push(p.len());
            whole.push(ends_word);
        };
        for d in 0..10 {
            add(&d.to_string(), false, false);
        }
        add("now", false, false);
        for name in NAMES {
            add(name, true, true);
        }
        for head in HEADS {
            add(head, true, false);
        }
        Anchors {
            rows: Rows::new(&patterns, &lens, is_word).expect("the anchor patterns fit the rows"),
            whole,
        }
    }

    /// The anchor words of `text` that start before `to` (a word end, or
    /// the text's end), in text order, as (start, end): the words that
    /// hold a match of the anchor pattern (`anchor_pattern`, built for
    /// tests) ending at or before `to`.
    #[cfg(test)]
    pub(crate) fn words(&self, text: &str, to: usize) -> Vec<(usize, usize)> {
        self.words_in(text, to, &[])
    }

    /// [`Anchors::words`] that end inside `within` (sorted and disjoint
    /// spans; the whole text when empty).
    pub(crate) fn words_in(&self, text: &str, to: usize, within: &[Span]) -> Vec<(usize, usize)> {
        let whole = [Span::new(0, to)];
        let clipped: Vec<Span>;
        let spans: &[Span] = if within.is_empty() {
            &whole
        } else {
            clipped = within
                .iter()
                .filter(|s| s.start() < to)
                .map(|s| Span::new(s.start(), s.end().min(to)))
                .collect();
            &clipped
        };
        let b = text.as_bytes();
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut taken = 0;
        self.rows.matches_in(text, spans, |end, found| {
            // Inside the word taken last.
            if end <= taken {
                return;
            }
            let ends_word = !b.get(end).is_some_and(|&c| is_word(c));
            if !found.iter().any(|&(p, _)| !self.whole[p] || ends_word) {
                return;
            }
            let mut start = end - 1;
            while start > 0 && is_word(b[start - 1]) {
                start -= 1;
            }
            let mut word_end = end;
            while word_end < b.len() && is_word(b[word_end]) {
                word_end += 1;
            }
            words.push((start, word_end));
            taken = word_end;
        });
        words
    }
}

/// The next places where a scan match may start, read through a text in
/// order: the state of one walk of [`Cursor::next_match`].
#[derive(Debug, Default)]
pub(crate) struct Cursor {
    /// Anchors before this offset have been read.
    anchors_from: usize,
    /// Starts not yet tried, in text order.
    starts: VecDeque<usize>,
    /// Lead words found walking back from an anchor, last first.
    leads: Vec<usize>,
    /// Anchors are looked for only before this offset (in the whole text
    /// when `None`).
    anchors_to: Option<usize>,
    /// The anchor words up to `anchors_to`, found at the first need, and
    /// the index of the first one not read yet.
    words: Option<Vec<(usize, usize)>>,
    next_word: usize,
    /// Anchors are looked for only inside these spans (sorted and
    /// disjoint; everywhere when empty).
    within: Vec<Span>,
}

impl Cursor {
    /// A cursor that looks for anchors only inside `spans` (sorted and
    /// disjoint): a match may still start a few lead words before one.
    pub(crate) fn within(spans: &[Span]) -> Cursor {
        Cursor {
            within: spans.to_vec(),
            ..Cursor::default()
        }
    }

    /// A cursor for the one match that may start at 0: it looks for
    /// anchors only up to the end of the text's first word that is not a
    /// lead word.
    ///
    /// A match starting at 0 holds its first anchor after a row of lead
    /// words from 0, so that anchor is that word or an earlier one (no lead
    /// word is an anchor: none holds a digit or "now", is a month or
    /// weekday name or begins with a unit, season or day word). Anchors
    /// found further on could only give matches that start later, which a
    /// search for a match at 0 throws away; a date stamp's text, the rest
    /// of an article, was otherwise searched to its next anchor. The anchor
    /// search stops at that offset but still sees the bytes after it for its
    /// word boundaries, so it finds the same anchors before it (tests
    /// `find_iter_with_and_without_the_prefilter_agree` at the start of
    /// each text, and `a_date_at_the_start_is_the_first_match_when_it_starts_at_0`).
    pub(crate) fn at_start(text: &str) -> Cursor {
        let b = text.as_bytes();
        let mut at = 0;
        let end = loop {
            let start = at;
            while at < b.len() && is_word(b[at]) {
                at += 1;
            }
            if start == at || !is_lead(&b[start..at]) {
                break at;
            }
            while at < b.len() && !is_word(b[at]) {
                at += 1;
            }
            if at == b.len() {
                break at;
            }
        };
        Cursor {
            anchors_to: Some(end),
            ..Cursor::default()
        }
    }

    /// The first match of `scan` that starts at or after `pos`: what
    /// `scan.find(Input::new(text).span(pos..))` returns. `pos` must not
    /// decrease from one call to the next, and after a match is returned,
    /// `pos` must be past its start.
    pub(crate) fn next_match(
        &mut self,
        anchors: &Anchors,
        scan: &meta::Regex,
        text: &str,
        pos: usize,
    ) -> Option<regex_automata::Match> {
        let b = text.as_bytes();
        loop {
            while let Some(start) = self.starts.pop_front() {
                if start < pos {
                    continue;
                }
                let input = Input::new(text)
                    .span(start..text.len())
                    .anchored(Anchored::Yes);
                if let Some(m) = scan.search(&input) {
                    return Some(m);
                }
            }
            let from = self.anchors_from.max(pos);
            let to = self.anchors_to.unwrap_or(b.len());
            if from >= to {
                return None;
            }
            let within = &self.within;
            let words = self
                .words
                .get_or_insert_with(|| anchors.words_in(text, to, within));
            // The next anchor word that starts at or after `from` (one that
            // began before it gives no start here, nor before it).
            while words.get(self.next_word).is_some_and(|w| w.0 < from) {
                self.next_word += 1;
            }
            let &(word_start, mut word_end) = words.get(self.next_word)?;
            self.next_word += 1;
            self.anchors_from = word_end;
            // The lead words right before the anchor, back to `from`.
            self.leads.clear();
            let mut at = word_start;
            loop {
                let mut end = at;
                while end > from && !is_word(b[end - 1]) {
                    end -= 1;
                }
                let mut start = end;
                while start > from && is_word(b[start - 1]) {
                    start -= 1;
                }
                if start == end || (start == from && from > 0 && is_word(b[from - 1])) {
                    break;
                }
                let word = &b[start..end];
                if !is_lead(word) {
                    break;
                }
                if !never_starts(word) {
                    self.leads.push(start);
                }
                at = start;
            }
            self.starts.extend(self.leads.iter().rev());
            self.starts.push_back(word_start);
            // Words that begin with a digit right after it ("1,250.5",
            // "May 23, 2024") are anchors too, with no lead word between:
            // read here rather than by one more search each.
            loop {
                let mut next = word_end;
                while next < b.len() && next - word_end < 3 && !is_word(b[next]) {
                    next += 1;
                }
                if next == word_end || !b.get(next).is_some_and(u8::is_ascii_digit) {
                    break;
                }
                self.starts.push_back(next);
                word_end = next;
                while word_end < b.len() && is_word(b[word_end]) {
                    word_end += 1;
                }
            }
            self.anchors_from = word_end;
        }
    }
}
