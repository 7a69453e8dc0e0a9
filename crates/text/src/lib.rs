//! The text stage: which parts of a page are article body, and where its
//! sentences are.
//!
//! This crate owns body ranges and sentence segmentation. It never modifies
//! the text: everything it returns is a [`Span`] into the text as given. It
//! does no I/O and knows nothing of entities, money or dates.
//!
//! # Overview
//!
//! - [`Segmenter`]: built once (it holds the abbreviation list), then
//!   [`Segmenter::segment`] returns the [`Segmentation`] of a document.
//! - Sentences never cross a line break: raw news text puts one paragraph,
//!   headline or menu item per line.
//! - Within a line, a sentence ends at `.`, `!`, `?` or `…` (with any closing
//!   quotes or brackets after it) when white space and then a capital letter,
//!   a digit or an opening quote or bracket follow, unless the word before a
//!   full stop is an abbreviation (`Mr.`, `Inc.`, `Jan.`), an initial (`J.`) or
//!   a dotted acronym (`U.S.`, `e.g.`).
//!
//! # Example
//!
//! ```
//! use dealx_text::Segmenter;
//!
//! let text = "Mr. Smith paid $1.5 billion. The deal closed.\nNext line";
//! let seg = Segmenter::new().segment(text);
//! let sentences: Vec<&str> = seg.sentences.iter().map(|s| &text[s.span]).collect();
//! assert_eq!(sentences, ["Mr. Smith paid $1.5 billion.", "The deal closed.", "Next line"]);
//! ```

use std::collections::HashSet;

use dealx_core::{Segmentation, Sentence, SentenceIdx, Span};

/// The abbreviation list built into the binary (`data/abbreviations.txt`).
pub const DEFAULT_ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");

/// Splits documents into body ranges and sentences.
///
/// # Cloning
///
/// A `Segmenter` owns a small set of strings; build it once and share it by
/// reference across threads (it is `Send + Sync`).
#[derive(Clone, Debug)]
pub struct Segmenter {
    abbreviations: HashSet<Box<str>>,
}

impl Default for Segmenter {
    fn default() -> Segmenter {
        Segmenter::new()
    }
}

impl Segmenter {
    /// A segmenter with the built-in abbreviation list.
    pub fn new() -> Segmenter {
        Segmenter::with_abbreviations(DEFAULT_ABBREVIATIONS)
    }

    /// A segmenter whose abbreviations are read from `list`: one word a line,
    /// without its final full stop; blank lines and `#` comments are ignored.
    pub fn with_abbreviations(list: &str) -> Segmenter {
        let abbreviations = list
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(Box::from)
            .collect();
        Segmenter { abbreviations }
    }

    /// The body ranges and sentences of `text`.
    ///
    /// The whole text, less leading and trailing white space, counts as body
    /// for now. Sentences are sorted, disjoint, non-empty, trimmed of white
    /// space and inside the body; `sentences[i].index == i`.
    pub fn segment(&self, text: &str) -> Segmentation {
        let trimmed_start = text.len() - text.trim_start().len();
        let trimmed_end = text.trim_end().len();
        let body = if trimmed_start < trimmed_end {
            vec![Span::new(trimmed_start, trimmed_end)]
        } else {
            Vec::new()
        };
        let mut spans = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            self.split_line(text, line_start, line_start + line.len(), &mut spans);
            line_start += line.len();
        }
        let sentences = spans
            .into_iter()
            .enumerate()
            .map(|(i, span)| Sentence {
                span,
                index: SentenceIdx::new(i),
            })
            .collect();
        Segmentation { body, sentences }
    }

    /// Pushes the sentences of the line `text[start..end]` onto `out`.
    fn split_line(&self, text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
        let line = &text[start..end];
        let mut sentence_start = 0;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            // Take the whole run of terminators and closing punctuation.
            let mut after = i + c.len_utf8();
            while let Some(&(j, next)) = chars.peek() {
                if matches!(next, '.' | '!' | '?' | '…') || is_closing(next) {
                    after = j + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let rest = &line[after..];
            let next_word = rest.trim_start();
            if next_word.len() == rest.len() || next_word.is_empty() {
                // Not followed by white space, or at the end of the line.
                continue;
            }
            let Some(first) = next_word.chars().next() else {
                continue;
            };
            if !(first.is_uppercase() || first.is_ascii_digit() || is_opening(first)) {
                continue;
            }
            if c == '.' && after == i + 1 && self.is_abbreviation(&line[sentence_start..i]) {
                continue;
            }
            push_trimmed(start + sentence_start, start + after, text, out);
            sentence_start = line.len() - next_word.len();
        }
        push_trimmed(start + sentence_start, end, text, out);
    }

    /// Whether the word that ends `before` (the text up to a full stop) is an
    /// abbreviation, an initial or a dotted acronym.
    fn is_abbreviation(&self, before: &str) -> bool {
        let word = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| is_opening(c) || c == '-');
        if word.is_empty() {
            return false;
        }
        if self.abbreviations.contains(word) {
            return true;
        }
        let mut chars = word.chars();
        if let (Some(only), None) = (chars.next(), chars.next()) {
            return only.is_uppercase();
        }
        // Dotted acronyms: "U.S", "e.g", "U.A.E" (the final full stop is not in `word`).
        word.contains('.')
            && word.split('.').all(|part| {
                (1..=2).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
            })
    }
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[')
}

fn push_trimmed(start: usize, end: usize, text: &str, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let kept = piece.trim().len();
    if kept > 0 {
        out.push(Span::new(start + lead, start + lead + kept));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        Segmenter::new()
            .segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.span])
            .collect()
    }

    #[test]
    fn splits_at_full_stop_before_capital() {
        assert_eq!(
            split("Trade grew fast. Exports doubled."),
            ["Trade grew fast.", "Exports doubled."]
        );
    }

    #[test]
    fn never_crosses_a_line_break() {
        assert_eq!(
            split("Headline Without Stop\nBody text here.\n\n  Second para"),
            ["Headline Without Stop", "Body text here.", "Second para"]
        );
    }

    #[test]
    fn keeps_titles_and_company_forms_inside() {
        assert_eq!(
            split("Dr. Ahmed met Acme Ltd. Chairman Jones. He left."),
            ["Dr. Ahmed met Acme Ltd. Chairman Jones.", "He left."]
        );
    }

    #[test]
    fn keeps_initials_and_dotted_acronyms_inside() {
        assert_eq!(
            split("J. R. Doe of the U.S. Treasury spoke, e.g. Today."),
            ["J. R. Doe of the U.S. Treasury spoke, e.g. Today."]
        );
    }

    #[test]
    fn keeps_decimals_and_amounts_inside() {
        assert_eq!(
            split("Sales hit $2.75 billion, up 8.33% on 2023. Costs fell."),
            ["Sales hit $2.75 billion, up 8.33% on 2023.", "Costs fell."]
        );
    }

    #[test]
    fn closing_quote_after_full_stop_stays_with_sentence() {
        assert_eq!(
            split("He said: “We agreed.” Then he left."),
            ["He said: “We agreed.”", "Then he left."]
        );
    }

    #[test]
    fn lower_case_after_full_stop_does_not_split() {
        assert_eq!(
            split("It costs 5 p. per unit."),
            ["It costs 5 p. per unit."]
        );
    }

    #[test]
    fn question_and_exclamation_marks_end_sentences() {
        assert_eq!(
            split("Why now? Because! Yes."),
            ["Why now?", "Because!", "Yes."]
        );
    }

    #[test]
    fn sentences_are_indexed_in_order() {
        let seg = Segmenter::new().segment("A b. C d.\nE f.");
        let idx: Vec<usize> = seg.sentences.iter().map(|s| s.index.get()).collect();
        assert_eq!(idx, [0, 1, 2]);
    }

    #[test]
    fn empty_and_blank_text_have_no_sentences_or_body() {
        assert!(Segmenter::new().segment("").sentences.is_empty());
        let seg = Segmenter::new().segment(" \n\t\n");
        assert!(seg.sentences.is_empty());
        assert!(seg.body.is_empty());
    }

    #[test]
    fn custom_abbreviation_list_is_used() {
        let seg = Segmenter::with_abbreviations("# comment\nAbc\n");
        let text = "See Abc. Def here. Mr. X.";
        let got: Vec<&str> = seg
            .segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.span])
            .collect();
        // The custom list replaces the built-in one, so "Mr." now ends a sentence.
        assert_eq!(got, ["See Abc. Def here.", "Mr.", "X."]);
    }
}
