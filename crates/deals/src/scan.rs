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
//!   [`rows::marked`]), with each phrase that starts with a letter or digit
//!   marked the same way, so such a phrase is met only at a word start:
//!   news text has one every 80 bytes or so, where phrases inside words
//!   ("it" in "with", "no" in "economic") came every 40.
//! - A long text is cut into four parts walked together, a byte of each in
//!   turn (see `dealx_core::rows`): one walk's steps wait for each other, four
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
use dealx_core::rows::{self, Rows};
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

/// Whether `b` counts as a word byte for the rows' marks: an ASCII
/// letter or digit. Other bytes of a non-ASCII word character do not, so a
/// word start may be marked where there is none (after "é" in "éit"); the
/// walk then meets a phrase inside a word, which [`Phrases::find_in`]
/// drops.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
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

/// The longest phrase, in bytes, and the most phrases the rows take:
/// what [`met_key`] packs.
const MAX_LEN: usize = 255;
const MAX_PHRASES: usize = 1 << 16;

/// A phrase met at `start`, `len` bytes long, as one number whose order is
/// the order [`Phrases::choose`] reads them in: by start, the longest
/// first, then by phrase (a `u64` sorts faster than a tuple).
fn met_key(start: usize, len: usize, pattern: usize) -> u64 {
    debug_assert!(len <= MAX_LEN && pattern < MAX_PHRASES);
    ((start as u64) << 24) | (((MAX_LEN - len) as u64) << 16) | pattern as u64
}

/// Sorts `met` keys, which come in the order of their phrases' ends: in
/// the order of the keys too but where phrases overlap or end together
/// (about one key in five on news text). A key is then out of place only
/// among the keys of phrases that end less than a phrase's length before
/// it, so an insertion sort moves each a few places, and costs a quarter
/// of a general sort; past a budget of moves (text made of nothing but
/// phrases), the general sort finishes the work.
fn sort_met(met: &mut [u64]) {
    let budget = met.len().saturating_mul(8);
    let mut moves = 0usize;
    for i in 1..met.len() {
        let key = met[i];
        let mut j = i;
        while j > 0 && met[j - 1] > key {
            met[j] = met[j - 1];
            j -= 1;
        }
        met[j] = key;
        moves += i - j;
        if moves > budget {
            met.sort_unstable();
            return;
        }
    }
}

/// (start, length, phrase) of a [`met_key`].
fn from_met_key(key: u64) -> (usize, usize, usize) {
    let start = (key >> 24) as usize;
    let len = MAX_LEN - ((key >> 16) & 0xFF) as usize;
    (start, len, (key & 0xFFFF) as usize)
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
        let marked: Vec<Vec<u8>> = phrases
            .iter()
            .map(|p| rows::marked(p.as_bytes(), word_byte))
            .collect();
        let lens: Vec<usize> = phrases.iter().map(String::len).collect();
        // The rows' matches are chosen by packed keys (see [`met_key`]).
        let packable = phrases.len() <= MAX_PHRASES && lens.iter().all(|&l| l <= MAX_LEN);
        let rows = packable
            .then(|| Rows::new(&marked, &lens, word_byte))
            .flatten()
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
    /// chosen from them as the rule wants ([`Phrases::choose`]).
    pub(crate) fn find_in(&self, text: &str, spans: &[Span], mut found: impl FnMut(Span, usize)) {
        let Some(rows) = &self.rows else {
            for &span in spans {
                self.find_by_table(text, span, &mut found);
            }
            return;
        };
        let mut met: Vec<u64> = Vec::with_capacity(text.len() / 64);
        rows.matches_in(text, spans, |end, phrases| {
            for &(pattern, len) in phrases {
                let start = end - len;
                // After a mark that stood for no word start (after the
                // bytes of "é": see [`word_byte`]), inside a word.
                if self.edges[pattern].0 && word_before(text, start) {
                    continue;
                }
                met.push(met_key(start, len, pattern));
            }
        });
        self.choose(text, met, &mut found);
    }

    /// The matches the rule wants from `met`, the phrases that occur where
    /// they may start in some spans (sorted and disjoint), as
    /// [`met_key`]s, reported in text order: the leftmost, the longest
    /// there (the first in the table among equals), kept when it ends on a
    /// word boundary; then the same from its end on, and so on.
    fn choose(&self, text: &str, mut met: Vec<u64>, found: &mut impl FnMut(Span, usize)) {
        sort_met(&mut met);
        let mut from = 0;
        for key in met {
            let (start, len, pattern) = from_met_key(key);
            if start < from {
                continue;
            }
            let end = start + len;
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
        assert!(rows.classes() > 33, "{} classes", rows.classes());
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
                    match rows.walks_for(text, &spans) {
                        2 => grouped_in[0] += 1,
                        4 => grouped_in[1] += 1,
                        _ => {}
                    }
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
        assert!(grouped_in.iter().all(|&n| n > 5), "{grouped_in:?}");
    }

    /// Packed keys sort by start, the longest first, then by phrase, and
    /// unpack to what was packed.
    #[test]
    fn met_keys_sort_as_a_general_sort_does() {
        use super::sort_met;
        let mut next = {
            let mut state = 0x2545_f491_4f6c_dd1du64;
            move |n: u64| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state % n
            }
        };
        for case in 0..200 {
            let len = next(400) as usize;
            let keys: Vec<u64> = match case % 3 {
                // In order but for neighbours swapped, as the walk gives.
                0 => {
                    let mut k: Vec<u64> = (0..len as u64).map(|i| i * 4 + next(3)).collect();
                    for i in 1..k.len() {
                        if next(5) == 0 {
                            k.swap(i - 1, i);
                        }
                    }
                    k
                }
                // Anything at all: past the budget of moves.
                1 => (0..len).map(|_| next(1000)).collect(),
                // Backwards.
                _ => (0..len as u64).rev().collect(),
            };
            let mut want = keys.clone();
            want.sort_unstable();
            let mut got = keys;
            sort_met(&mut got);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn met_keys_sort_by_start_longest_first() {
        use super::{from_met_key, met_key, MAX_LEN, MAX_PHRASES};
        let mut met = vec![
            (7, 3, 2),
            (7, 9, 5),
            (0, MAX_LEN, MAX_PHRASES - 1),
            (7, 9, 1),
            (1 << 30, 1, 0),
            (6, 1, 9),
        ];
        let mut keys: Vec<u64> = met.iter().map(|&(s, l, p)| met_key(s, l, p)).collect();
        keys.sort_unstable();
        met.sort_by_key(|&(s, l, p)| (s, std::cmp::Reverse(l), p));
        let back: Vec<_> = keys.into_iter().map(from_met_key).collect();
        assert_eq!(back, met);
    }

    #[test]
    fn marks_stand_before_each_word_start() {
        let marked = |p: &str| dealx_core::rows::marked(p.as_bytes(), super::word_byte);
        assert_eq!(marked("it"), b"\xFFit");
        assert_eq!(marked(", and "), b", \xFFand ");
        assert_eq!(marked("n't"), b"\xFFn'\xFFt");
        assert_eq!(marked("5.5-fold"), b"\xFF5.\xFF5-\xFFfold");
        assert_eq!(marked("naïve deal"), b"\xFFna\xC3\xAF\xFFve \xFFdeal");
        assert_eq!(marked("; "), b"; ");
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
            let cuts: Vec<u8> = (0..=255u8).filter(|&b| rows.is_cut(b)).collect();
            assert!(cuts.contains(&b'.') && cuts.contains(&b'\n'), "{cuts:?}");
            assert!(cuts
                .iter()
                .all(|b| b.is_ascii() && !b.is_ascii_alphanumeric()));
            for p in &phrases.phrases {
                assert!(!p.bytes().any(|b| cuts.contains(&b)), "{p:?}");
            }
        }
        let rows = words.rows.as_deref().expect("the rows");
        assert!(!rows.is_cut(b' ') && !rows.is_cut(b','));
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
