//! The text stage: which parts of a page are article body, and where its
//! sentences are.
//!
//! This crate owns body ranges (page furniture left out), the split of a
//! page into articles, and sentence segmentation. It never modifies the
//! text: everything it returns is a [`Span`] into the text as given. It does
//! no I/O and knows nothing of entities, money or dates.
//!
//! # Overview
//!
//! - [`Segmenter`]: built once (it holds the word lists), then
//!   [`Segmenter::segment`] returns the [`Segmentation`] of a document:
//!   body ranges, articles and sentences. [`SegmenterBuilder`] swaps the
//!   word lists.
//! - Body: raw page text puts one paragraph, headline or menu item per line;
//!   the rules that tell the article from the page around it are listed in
//!   the `body` module's documentation (runs of prose, the headline above
//!   them, the article's own date stamp, digests split at their headlines).
//! - Sentences lie inside body lines and never cross a line break. Within a
//!   line, a sentence ends at `.`, `!`, `?` or `…` (with any closing quotes
//!   or brackets after it) when white space and then a capital letter, a
//!   digit, a bullet or an opening quote or bracket follow, except:
//!   - after a title or a Latin form that never ends a sentence (`Mr.`,
//!     `Dr.`, `Mt.`, `e.g.`, `vs.`: `data/prefixes.txt`);
//!   - after an abbreviation that may end one (`Inc.`, `Co.`, `Jan.`,
//!     `No.`: `data/abbreviations.txt`), an initial (`J.`, `p.`) or a dotted
//!     acronym (`U.S.`, `a.m.`), unless the next word is a common sentence
//!     starter (`The`, `How`, `It`: `data/sentence_starters.txt`) or a
//!     title, and never before a digit or within a sentence's first three
//!     words;
//!   - after a list marker opening the sentence (`1.`, `a.`, `2.)`);
//!   - at an ellipsis standing apart from its word (`really ... well`,
//!     `is . . . I`) or in brackets (`[...]`); an ellipsis attached to its
//!     word (`that.... She`) or of four spaced dots ends the sentence.
//! - A line that opens with an enumeration ("1) … 2) …", "a. … b. …") or
//!   holds bullets is cut into its items first. A headline is one sentence.
//!
//! # Example
//!
//! ```
//! use dealx_text::Segmenter;
//!
//! let text = "Acme Ltd. paid $1.5 billion, Mr. Smith said. The deal closed.\nNo date was set for the next round.";
//! let seg = Segmenter::new().segment(text);
//! let sentences: Vec<&str> = seg.sentences.iter().map(|s| &text[s.span]).collect();
//! assert_eq!(
//!     sentences,
//!     ["Acme Ltd. paid $1.5 billion, Mr. Smith said.", "The deal closed.", "No date was set for the next round."]
//! );
//! ```

use dealx_core::{Article, Segmentation, Sentence, SentenceIdx, Span};

mod body;
mod sentence;

use sentence::{push_trimmed, read_list, Lists, Splitter};

/// Abbreviations that may end a sentence (`data/abbreviations.txt`).
pub const DEFAULT_ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");
/// Abbreviations that never end a sentence (`data/prefixes.txt`).
pub const DEFAULT_PREFIXES: &str = include_str!("../data/prefixes.txt");
/// Words that commonly begin a sentence (`data/sentence_starters.txt`).
pub const DEFAULT_SENTENCE_STARTERS: &str = include_str!("../data/sentence_starters.txt");

/// Splits documents into body ranges, articles and sentences.
///
/// # Cloning
///
/// A `Segmenter` owns three small sets of strings; build it once and share
/// it by reference across threads (it is `Send + Sync`).
#[derive(Clone, Debug)]
pub struct Segmenter {
    lists: Lists,
}

impl Default for Segmenter {
    fn default() -> Segmenter {
        Segmenter::new()
    }
}

/// Builds a [`Segmenter`] with other word lists than the built-in ones.
///
/// Each list is read as one entry a line; blank lines and `#` comments are
/// ignored.
///
/// ```
/// use dealx_text::SegmenterBuilder;
///
/// let seg = SegmenterBuilder::new().extra_abbreviations("Abc\n").build();
/// let text = "We met them at Abc. Officials from both sides left.";
/// // "Abc." may now end a sentence, but only before a sentence starter.
/// assert_eq!(seg.segment(text).sentences.len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct SegmenterBuilder {
    abbreviations: String,
    prefixes: String,
    starters: String,
}

impl Default for SegmenterBuilder {
    fn default() -> SegmenterBuilder {
        SegmenterBuilder::new()
    }
}

impl SegmenterBuilder {
    /// A builder with the built-in lists.
    pub fn new() -> SegmenterBuilder {
        SegmenterBuilder {
            abbreviations: DEFAULT_ABBREVIATIONS.to_string(),
            prefixes: DEFAULT_PREFIXES.to_string(),
            starters: DEFAULT_SENTENCE_STARTERS.to_string(),
        }
    }

    /// Replaces the abbreviations that may end a sentence (matched ignoring
    /// case).
    pub fn abbreviations(&mut self, list: &str) -> &mut SegmenterBuilder {
        self.abbreviations = list.to_string();
        self
    }

    /// Adds to the abbreviations that may end a sentence.
    pub fn extra_abbreviations(&mut self, list: &str) -> &mut SegmenterBuilder {
        self.abbreviations.push('\n');
        self.abbreviations.push_str(list);
        self
    }

    /// Replaces the abbreviations that never end a sentence (titles;
    /// matched with case).
    pub fn prefixes(&mut self, list: &str) -> &mut SegmenterBuilder {
        self.prefixes = list.to_string();
        self
    }

    /// Replaces the sentence starters (matched with case).
    pub fn sentence_starters(&mut self, list: &str) -> &mut SegmenterBuilder {
        self.starters = list.to_string();
        self
    }

    /// The segmenter.
    pub fn build(&self) -> Segmenter {
        Segmenter {
            lists: Lists {
                prefixes: read_list(&self.prefixes, false),
                abbreviations: read_list(&self.abbreviations, true),
                starters: read_list(&self.starters, false),
            },
        }
    }
}

impl Segmenter {
    /// A segmenter with the built-in word lists.
    pub fn new() -> Segmenter {
        SegmenterBuilder::new().build()
    }

    /// A segmenter whose abbreviations that may end a sentence are read from
    /// `list` (one word a line, without its final full stop; blank lines and
    /// `#` comments are ignored), with the built-in titles and starters.
    pub fn with_abbreviations(list: &str) -> Segmenter {
        SegmenterBuilder::new().abbreviations(list).build()
    }

    /// The body ranges, articles and sentences of `text`.
    ///
    /// Body ranges are sorted and disjoint, each from the start of a body
    /// line to the end of a later one with no furniture line between.
    /// Sentences are sorted, disjoint, non-empty, trimmed of white space and
    /// inside the body; `sentences[i].index == i`. Every body line lies in
    /// one article; a headline is one sentence.
    pub fn segment(&self, text: &str) -> Segmentation {
        let layout = body::layout(text);
        let lines = &layout.lines;
        let splitter = Splitter { lists: &self.lists };
        let mut spans = Vec::new();
        let mut body: Vec<Span> = Vec::new();
        let mut articles = Vec::with_capacity(layout.articles.len());
        for article in &layout.articles {
            // Body ranges never run from one article into the next.
            let mut last_line: Option<usize> = None;
            for &i in &article.body {
                let span = lines[i].span;
                if Some(i) == article.title {
                    push_trimmed(span.start(), span.end(), text, &mut spans);
                } else {
                    splitter.split_line(text, span.start(), span.end(), &mut spans);
                }
                // Join to the previous range when only blank lines lie between.
                match (body.last_mut(), last_line) {
                    (Some(range), Some(prev))
                        if lines[prev + 1..i].iter().all(|l| l.span.is_empty()) =>
                    {
                        *range = Span::new(range.start(), span.end());
                    }
                    _ => body.push(span),
                }
                last_line = Some(i);
            }
            if let (Some(&first), Some(&last)) = (article.body.first(), article.body.last()) {
                articles.push(Article {
                    title: article.title.map(|t| lines[t].span),
                    span: Span::new(lines[first].span.start(), lines[last].span.end()),
                });
            }
        }
        let sentences = spans
            .into_iter()
            .enumerate()
            .map(|(i, span)| Sentence {
                span,
                index: SentenceIdx::new(i),
            })
            .collect();
        Segmentation {
            body,
            sentences,
            articles,
        }
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
        let seg = Segmenter::new().segment("Trade grew fast. Exports doubled.\nImports fell.");
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
        let text = "We all met Abc. Def here. They signed with Acme Inc. Shares rose.";
        let got: Vec<&str> = seg
            .segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.span])
            .collect();
        // The custom list replaces the built-in one, so "Inc." now ends a sentence.
        assert_eq!(
            got,
            [
                "We all met Abc. Def here.",
                "They signed with Acme Inc.",
                "Shares rose."
            ]
        );
    }
}
