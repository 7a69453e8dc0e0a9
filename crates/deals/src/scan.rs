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

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Input, MatchKind, StartKind};
use dealx_core::Span;

/// A set of phrases compiled for whole-word, ASCII case-insensitive,
/// leftmost-longest matching.
#[derive(Clone, Debug)]
pub(crate) struct Phrases {
    automaton: DFA,
    /// Whether each phrase starts / ends with a letter or digit (and so
    /// must sit on a word boundary there).
    edges: Vec<(bool, bool)>,
    /// The phrases, for the tests that build text from them.
    #[cfg(test)]
    phrases: Vec<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Phrases {
    /// Compiles `phrases`.
    pub(crate) fn new(phrases: &[String]) -> Result<Phrases, aho_corasick::BuildError> {
        let automaton = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .prefilter(false)
            .build(phrases)?;
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
                    .automaton
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
}
