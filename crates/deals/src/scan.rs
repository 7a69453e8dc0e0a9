//! Finding lexicon phrases in text: whole words, any ASCII case, the
//! longest phrase first.
//!
//! One Aho-Corasick automaton (a DFA, leftmost-longest, ASCII
//! case-insensitive) runs over the haystack; a match is kept when it sits
//! on word boundaries: a phrase that starts (ends) with a letter or digit
//! must not have a word character (a Unicode alphanumeric) just before
//! (after) it. Matches never overlap: once a match is taken, the scan
//! resumes at its end, whether or not the match is then kept.
//!
//! [`Phrases::find`] drives the automaton itself, byte by byte, in
//! the same way as the crate's own search (`Automaton::try_find` from the
//! unanchored start state, resumed at each match's end), but without
//! setting a search up again for every match: news text gives a match
//! every 40 bytes or so, most of them inside words ("it" in "with") and
//! dropped, and setting up a search cost more than the bytes it scanned.
//! `tests::fast_scan_*` hold it equal to the crate's iterator
//! ([`Phrases::find_plain`]) over invented sentences, the testkit's news
//! pieces, the corpus and random phrase soup.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
#[cfg(test)]
use aho_corasick::Input;
use aho_corasick::{Anchored, MatchKind};
use dealx_core::Span;

/// A set of phrases compiled for whole-word, ASCII case-insensitive,
/// leftmost-longest matching.
#[derive(Clone, Debug)]
pub(crate) struct Phrases {
    automaton: DFA,
    /// The automaton's start state for unanchored searches.
    start: StateID,
    /// Whether each phrase starts / ends with a letter or digit (and so
    /// must sit on a word boundary there).
    edges: Vec<(bool, bool)>,
    /// The phrases, for the tests that build text from them.
    #[cfg(test)]
    phrases: Vec<String>,
}

/// How many bytes [`Phrases::find`] reads in one turn of its loop (the
/// loop is unrolled over them).
const BLOCK: usize = 16;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
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
        Ok(Phrases {
            automaton,
            start,
            edges,
            #[cfg(test)]
            phrases: phrases.to_vec(),
        })
    }

    /// Whether the match of phrase `pattern` at `start..end` of `text` sits
    /// on word boundaries.
    fn on_boundaries(&self, text: &str, pattern: usize, start: usize, end: usize) -> bool {
        let (first, last) = self.edges[pattern];
        let bytes = text.as_bytes();
        // An ASCII byte is a whole character in UTF-8 (no other character
        // holds one), and an ASCII character is a word character exactly
        // when it is an ASCII letter or digit; other bytes take the
        // character rule.
        let before = !first
            || match start.checked_sub(1).map(|i| bytes[i]) {
                None => true,
                Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
                Some(_) => !text[..start].chars().next_back().is_some_and(is_word_char),
            };
        let after = !last
            || match bytes.get(end) {
                None => true,
                Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
                Some(_) => !text[end..].chars().next().is_some_and(is_word_char),
            };
        before && after
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
    pub(crate) fn find(&self, text: &str, within: Span, mut found: impl FnMut(Span, usize)) {
        let hay = &text.as_bytes()[..within.end()];
        let mut at = within.start();
        while let Some((start, end, pattern)) = self.leftmost_longest(hay, at) {
            if self.on_boundaries(text, pattern, start, end) {
                found(Span::new(start, end), pattern);
            }
            at = end;
        }
    }

    /// The leftmost-longest match in `hay[from..]`, as (start, end,
    /// phrase): the loop of the crate's unanchored search without a
    /// prefilter. The unanchored start state loops on itself, so the walk
    /// dies only once a match was seen and cannot grow; a match state
    /// holds the longest phrase ending there that starts leftmost.
    #[inline]
    fn leftmost_longest(&self, hay: &[u8], from: usize) -> Option<(usize, usize, usize)> {
        let dfa = &self.automaton;
        let mut sid = self.start;
        let mut found = None;
        let mut at = from;
        let step = |sid, b| dfa.next_state(Anchored::No, sid, b);
        while at < hay.len() {
            // BLOCK bytes at a time, stopping at the first special state
            // (a match or the dead end) with the state and position it
            // comes at; each byte is read once, as in a loop of one byte.
            let (next, read) = 'block: {
                let Some(block) = hay.get(at..at + BLOCK) else {
                    break 'block (step(sid, hay[at]), 1);
                };
                let block: &[u8; BLOCK] = block.try_into().expect("a slice of BLOCK bytes");
                let mut s = sid;
                for (i, &byte) in block.iter().enumerate() {
                    s = step(s, byte);
                    if dfa.is_special(s) {
                        break 'block (s, i + 1);
                    }
                }
                (s, BLOCK)
            };
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

    /// The reference reading: the crate's own iterator over
    /// `text[within]`.
    #[cfg(test)]
    pub(crate) fn find_plain(&self, text: &str, within: Span, mut found: impl FnMut(Span, usize)) {
        let input = Input::new(text).range(within.start()..within.end());
        let iter = self
            .automaton
            .try_find_iter(input)
            .expect("the automaton supports unanchored searches");
        for m in iter {
            let pattern = m.pattern().as_usize();
            if self.on_boundaries(text, pattern, m.start(), m.end()) {
                found(Span::new(m.start(), m.end()), pattern);
            }
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
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for phrases in both() {
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

    /// Matches, dead ends and in-word matches at every offset from a
    /// block's start, across block ends and at the haystack's end.
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
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).expect("the corpus directory") {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).expect("UTF-8 text");
                for phrases in both() {
                    assert_same_within(phrases, &text, Span::new(0, text.len()));
                }
                read += 1;
            }
        }
        assert!(read > 0, "no corpus article in {}", dir.display());
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
