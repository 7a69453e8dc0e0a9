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
//! - A full stop glued to a capitalised word ends a sentence too
//!   ("rose.The"), unless the words around it look like a domain, an
//!   address, an abbreviation or an initial ("gazette.com", "U.S.Treasury").
//! - A line that opens with an enumeration ("1) … 2) …", "a. … b. …") or
//!   holds bullets is cut into its items first. A headline is one sentence.
//! - Lines are hard boundaries: raw news puts one paragraph per line, so a
//!   sentence hard-wrapped over several lines is cut at each line break.
//!
//! The rules work on bytes and `char`s at punctuation; word boundaries in
//! the Unicode sense (`unicode-segmentation`) were not needed, since every
//! rule looks only at the white-space-delimited word before a full stop
//! and the letters after it.
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

use dealx_core::{Article, Segmentation, Span};

mod body;
mod hash;
mod sentence;

/// `count` texts of up to `max_pieces - 1` pieces each, drawn from `pieces`
/// by a xorshift generator started at `seed`: edge cases for the tests that
/// hold a fast path equal to its plain one.
#[cfg(test)]
fn piece_soup<'a>(
    pieces: &'a [&'a str],
    seed: u64,
    count: usize,
    max_pieces: u64,
) -> impl Iterator<Item = String> + 'a {
    let mut state = seed;
    let mut step = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count).map(move |_| {
        // The length is drawn from a fresh state: drawn from the state the
        // last piece left, a text of no pieces left the state as it was,
        // and every later text was empty too (the tests saw 5 to 53 texts
        // of the 20,000 or 30,000 they asked for).
        let len = step() % max_pieces;
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(pieces[(step() % pieces.len() as u64) as usize]);
        }
        text
    })
}

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
        // About one sentence per 128 bytes of news text: one allocation
        // for most documents instead of a chain of doublings. Sentences
        // are pushed in text order, each indexed by its place.
        let mut sentences = Vec::with_capacity(text.len() / 128 + 4);
        // At least one body range an article (more where furniture lines
        // cut one): sized for the usual case instead of grown from empty.
        let mut body: Vec<Span> = Vec::with_capacity(layout.articles.len());
        let mut articles = Vec::with_capacity(layout.articles.len());
        for article in &layout.articles {
            // Body ranges never run from one article into the next.
            let mut last_line: Option<usize> = None;
            for &i in &article.body {
                let span = lines[i].span;
                if Some(i) == article.title {
                    push_trimmed(span.start(), span.end(), text, &mut sentences);
                } else {
                    splitter.split_line(text, span.start(), span.end(), &mut sentences);
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

    fn split_one(text: &str) -> usize {
        split(text).len()
    }

    /// The non-blank lines inside body ranges.
    fn body_lines(text: &str) -> Vec<&str> {
        Segmenter::new()
            .segment(text)
            .body
            .iter()
            .flat_map(|b| text[*b].lines())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }

    fn titles(text: &str) -> Vec<Option<&str>> {
        Segmenter::new()
            .segment(text)
            .articles
            .iter()
            .map(|a| a.title.map(|t| &text[t]))
            .collect()
    }

    // --- Sentences: titles and honorifics -------------------------------

    #[test]
    fn titles_never_end_a_sentence() {
        assert_eq!(
            split("Dr. Aliyev met Gen. Barrow and Prof. Chen in Astana. They agreed."),
            [
                "Dr. Aliyev met Gen. Barrow and Prof. Chen in Astana.",
                "They agreed."
            ]
        );
        assert_eq!(
            split_one("Talks with Mrs. Okafor and Sen. Diaz went on."),
            1
        );
    }

    #[test]
    fn name_after_a_title_ends_normally() {
        assert_eq!(
            split("The fund is run by Mr. Brown. He joined in 2019."),
            ["The fund is run by Mr. Brown.", "He joined in 2019."]
        );
    }

    // --- Country and organisation abbreviations -------------------------

    #[test]
    fn dotted_acronym_inside_a_sentence() {
        assert_eq!(
            split_one("The U.S. Treasury and the U.K. government agreed."),
            1
        );
        assert_eq!(
            split_one("Envoys of the U.N. Security Council met on Friday."),
            1
        );
        assert_eq!(split_one("Trade with the U.S. rose by a third."), 1);
    }

    #[test]
    fn dotted_acronym_ends_a_sentence_before_a_starter() {
        assert_eq!(
            split("Most exports went to the U.S. The rest went to Chile."),
            ["Most exports went to the U.S.", "The rest went to Chile."]
        );
        assert_eq!(
            split("Funds came mainly from the E.U. In March, talks resumed."),
            [
                "Funds came mainly from the E.U.",
                "In March, talks resumed."
            ]
        );
    }

    #[test]
    fn dotted_acronym_before_a_title_ends_a_sentence() {
        assert_eq!(
            split("The talks ended at 6 p.m. Mr. Lee then left."),
            ["The talks ended at 6 p.m.", "Mr. Lee then left."]
        );
    }

    #[test]
    fn abbreviation_in_the_first_three_words_does_not_end_a_sentence() {
        assert_eq!(split_one("At 7 a.m. Officials opened the border."), 1);
    }

    // --- Company forms ----------------------------------------------------

    #[test]
    fn company_form_inside_a_sentence() {
        assert_eq!(
            split_one("Zenith Ltd. and Orion Corp. signed a supply deal."),
            1
        );
        assert_eq!(
            split_one("A deal with Acme Corp. Chairman Ito was announced."),
            1
        );
    }

    #[test]
    fn company_form_ends_a_sentence_before_a_starter() {
        assert_eq!(
            split("The stake was sold to Delta Co. It paid in cash."),
            ["The stake was sold to Delta Co.", "It paid in cash."]
        );
        assert_eq!(
            split("The buyer is Nova Holdings Inc. Its shares rose."),
            ["The buyer is Nova Holdings Inc.", "Its shares rose."]
        );
    }

    #[test]
    fn lower_case_company_form_follows_the_same_rule() {
        assert_eq!(
            split("We asked Jane and co. They knew nothing."),
            ["We asked Jane and co.", "They knew nothing."]
        );
    }

    // --- Months, numbers, references ---------------------------------------

    #[test]
    fn abbreviated_month_before_a_day_does_not_end_a_sentence() {
        assert_eq!(
            split_one("Talks began on Jan. 5 in Almaty and ended Feb. 2."),
            1
        );
    }

    #[test]
    fn abbreviated_month_ends_a_sentence_before_a_starter() {
        assert_eq!(
            split("The new plant opens in Sept. The cost is $2 billion."),
            ["The new plant opens in Sept.", "The cost is $2 billion."]
        );
    }

    #[test]
    fn number_and_page_abbreviations_before_digits() {
        assert_eq!(
            split_one("Plant No. 5 opened, see p. 12 and Fig. 3 for details."),
            1
        );
    }

    #[test]
    fn saint_vs_and_latin_forms_never_end_a_sentence() {
        assert_eq!(split_one("The office on St. Petersburg Avenue opened."), 1);
        assert_eq!(
            split_one("Exports vs. Imports is the title of the report."),
            1
        );
        assert_eq!(
            split_one("Metals, e.g. Copper and zinc, rose; i.e. Prices doubled."),
            1
        );
    }

    #[test]
    fn etc_ends_a_sentence_only_before_a_starter() {
        assert_eq!(
            split("They export oil, gas, etc. The list is long."),
            ["They export oil, gas, etc.", "The list is long."]
        );
        assert_eq!(split_one("They export oil, gas, etc. to many markets."), 1);
    }

    // --- Initials -------------------------------------------------------------

    #[test]
    fn initials_inside_names() {
        assert_eq!(split_one("J. R. Ortiz and A. Khan signed the loan."), 1);
    }

    #[test]
    fn single_letter_ends_a_sentence_before_a_starter() {
        assert_eq!(
            split("The board chose Plan B. It costs less."),
            ["The board chose Plan B.", "It costs less."]
        );
    }

    // --- Decimals and amounts -----------------------------------------------

    #[test]
    fn decimals_and_amounts_stay_inside() {
        assert_eq!(
            split("Output rose 2.5% to $1.7 billion in 2023. Costs fell 0.4 points."),
            [
                "Output rose 2.5% to $1.7 billion in 2023.",
                "Costs fell 0.4 points."
            ]
        );
    }

    #[test]
    fn amount_at_the_end_of_a_sentence() {
        assert_eq!(
            split("The fund now holds $100.00. It grows every year."),
            ["The fund now holds $100.00.", "It grows every year."]
        );
    }

    #[test]
    fn email_and_web_address_at_the_end_of_a_sentence() {
        assert_eq!(
            split("Write to info@acme.example. We reply within a day."),
            ["Write to info@acme.example.", "We reply within a day."]
        );
    }

    // --- Ellipses ---------------------------------------------------------------

    #[test]
    fn attached_ellipsis_ends_a_sentence() {
        assert_eq!(
            split("He paused... Then he spoke."),
            ["He paused...", "Then he spoke."]
        );
        assert_eq!(
            split("It was over… Nobody stayed."),
            ["It was over…", "Nobody stayed."]
        );
        assert_eq!(
            split("It was over.... Nobody left."),
            ["It was over....", "Nobody left."]
        );
    }

    #[test]
    fn ellipsis_standing_apart_or_in_brackets_does_not_end_a_sentence() {
        assert_eq!(split_one("The talks ... Continued for days."), 1);
        assert_eq!(split_one("We agreed [...] To invest in roads."), 1);
        assert_eq!(split_one("The plan . . . Was dropped in May."), 1);
    }

    #[test]
    fn four_spaced_dots_end_a_sentence() {
        assert_eq!(
            split("The talks stalled . . . . Next came the vote."),
            ["The talks stalled . . . .", "Next came the vote."]
        );
    }

    // --- Quotations, guillemets, parentheses ---------------------------------

    #[test]
    fn quote_closing_after_the_full_stop_stays_with_its_sentence() {
        assert_eq!(
            split("“We agreed on the price.” Then the minister left."),
            ["“We agreed on the price.”", "Then the minister left."]
        );
        assert_eq!(
            split("“We agreed,” he said. Talks end today."),
            ["“We agreed,” he said.", "Talks end today."]
        );
    }

    #[test]
    fn quote_followed_by_lower_case_continues() {
        assert_eq!(split_one("“It is done.” he said, and left."), 1);
    }

    #[test]
    fn guillemets_close_after_the_full_stop() {
        assert_eq!(
            split("«Мы договорились.» Затем министр ушёл."),
            ["«Мы договорились.»", "Затем министр ушёл."]
        );
        assert_eq!(
            split("Il a dit: «C'est fait.» Puis il est parti."),
            ["Il a dit: «C'est fait.»", "Puis il est parti."]
        );
    }

    #[test]
    fn parentheses() {
        assert_eq!(
            split_one("The fund (set up by Ms. Ngata in 2020.) grew fast."),
            1
        );
        assert_eq!(
            split("The fund grew (see the table.) The rest fell."),
            ["The fund grew (see the table.)", "The rest fell."]
        );
    }

    // --- Datelines --------------------------------------------------------------

    #[test]
    fn dateline_is_its_own_segment() {
        assert_eq!(
            split("ASTANA, Kazakhstan, November 27. The total reached $5 billion."),
            [
                "ASTANA, Kazakhstan, November 27.",
                "The total reached $5 billion."
            ]
        );
    }

    #[test]
    fn dateline_with_abbreviated_month_stays_whole() {
        assert_eq!(split_one("ALMATY, Nov. 27 (Reuters) - Output rose."), 1);
    }

    // --- Lists and lines --------------------------------------------------------

    #[test]
    fn enumerations_are_cut_into_items() {
        assert_eq!(
            split("1) Build roads 2) Build ports 3) Build rails"),
            ["1) Build roads", "2) Build ports", "3) Build rails"]
        );
        assert_eq!(
            split("a. Roads first b. Then ports"),
            ["a. Roads first", "b. Then ports"]
        );
        assert_eq!(
            split("1. Build roads. 2. Build ports."),
            ["1. Build roads.", "2. Build ports."]
        );
    }

    #[test]
    fn enumeration_out_of_sequence_is_not_cut() {
        assert_eq!(split_one("1) Roads cost more than 3) suggests"), 1);
    }

    #[test]
    fn inline_bullets_start_items() {
        assert_eq!(
            split("• Roads and rails • Ports and depots"),
            ["• Roads and rails", "• Ports and depots"]
        );
    }

    #[test]
    fn lines_without_final_punctuation_are_sentences() {
        assert_eq!(
            split("features\ncontact manager\nevents, activities\n"),
            ["features", "contact manager", "events, activities"]
        );
    }

    #[test]
    fn repeated_terminators() {
        assert_eq!(
            split("Really?! Yes!! Fine."),
            ["Really?!", "Yes!!", "Fine."]
        );
        assert_eq!(split_one("She works at Yahoo! in Almaty."), 1);
    }

    #[test]
    fn extra_abbreviations_extend_the_built_in_list() {
        let seg = SegmenterBuilder::new().extra_abbreviations("Kft\n").build();
        let text = "A deal with Danubia Kft. Chief Lang signed.";
        assert_eq!(seg.segment(text).sentences.len(), 1);
        // The built-in entries are still there.
        assert_eq!(
            seg.segment("Delta Co. Chairman Lee spoke.").sentences.len(),
            1
        );
    }

    #[test]
    fn custom_starters_and_prefixes_replace_the_built_in_ones() {
        let seg = SegmenterBuilder::new()
            .sentence_starters("Officials\n")
            .prefixes("# none\n")
            .build();
        let text = "Funds came from the E.U. Officials said so. Ask Mr. Lee.";
        let got: Vec<&str> = seg
            .segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.span])
            .collect();
        assert_eq!(
            got,
            [
                "Funds came from the E.U.",
                "Officials said so.",
                "Ask Mr.",
                "Lee."
            ]
        );
    }

    // --- Body ---------------------------------------------------------------

    const PAGE: &str = "Home
News
Business
Sports
Trade Daily Gazette
Steel Exports Climb as New Port Opens
Updated : 2031-04-02 10:15
  • Share
  • Print
The new port at Bayport handled its first ship on Monday, officials said. Steel exports are expected to double.

Port officials expect the terminal to handle two million tonnes a year by 2033, worth $40 million.
Copyright © Trade Daily Gazette. All rights reserved.
Most Viewed
1
Farmers Protest Over Grain Prices Again
2
Central Bank Holds Its Rates Steady
Phone : +1 555 0100 200
news@gazette.example
";

    #[test]
    fn page_body_is_headline_stamp_and_paragraphs() {
        assert_eq!(
            body_lines(PAGE),
            [
                "Steel Exports Climb as New Port Opens",
                "Updated : 2031-04-02 10:15",
                "The new port at Bayport handled its first ship on Monday, officials said. Steel exports are expected to double.",
                "Port officials expect the terminal to handle two million tonnes a year by 2033, worth $40 million.",
            ]
        );
        assert_eq!(
            titles(PAGE),
            [Some("Steel Exports Climb as New Port Opens")]
        );
    }

    #[test]
    fn sentences_lie_inside_the_body() {
        let seg = Segmenter::new().segment(PAGE);
        for s in &seg.sentences {
            assert!(
                seg.body.iter().any(|b| b.contains(s.span)),
                "{:?} outside the body",
                &PAGE[s.span]
            );
        }
        assert_eq!(seg.sentences.len(), 5);
        assert_eq!(
            &PAGE[seg.sentences[0].span],
            "Steel Exports Climb as New Port Opens"
        );
    }

    #[test]
    fn ticker_lines_repeated_are_not_body() {
        let text = "  • USD/EUR = 0.91 0%\n  • USD/JPY = 151.2 0.1%\n  • USD/EUR = 0.91 0%\n  • USD/JPY = 151.2 0.1%\n  • USD/EUR = 0.91 0%\n  • USD/JPY = 151.2 0.1%\nRates Hold Firm in Quiet Trading\nCurrencies traded in a narrow range on Tuesday as investors waited for data.\n";
        assert_eq!(
            body_lines(text),
            [
                "Rates Hold Firm in Quiet Trading",
                "Currencies traded in a narrow range on Tuesday as investors waited for data."
            ]
        );
    }

    #[test]
    fn hashtags_and_bylines_after_the_article_are_not_body() {
        let text = "Ministers agreed a new budget for the railway after long talks in the capital.\n  • #railways\n  • #budget\nAnna Reyes Staff Writer\nAnna Reyes Staff Writer\n";
        assert_eq!(
            body_lines(text),
            ["Ministers agreed a new budget for the railway after long talks in the capital."]
        );
    }

    #[test]
    fn site_clock_above_the_headline_is_not_body() {
        let text = "Monday, 3 March 2031\n\nShowing items 1 - 4 of 9\n\nGrain Harvest Beats Forecasts\n\nFarmers brought in a record harvest this year, the ministry said on Friday.\n";
        assert_eq!(
            body_lines(text),
            [
                "Grain Harvest Beats Forecasts",
                "Farmers brought in a record harvest this year, the ministry said on Friday."
            ]
        );
    }

    #[test]
    fn date_line_after_the_last_paragraph_is_body() {
        let text = "Grain Harvest Beats Forecasts\nFarmers brought in a record harvest this year, the ministry said on Friday.\n\n\nMarch 3, 2031\n";
        assert_eq!(body_lines(text).last(), Some(&"March 3, 2031"));
    }

    #[test]
    fn view_counter_and_share_row_under_the_headline_are_not_body() {
        let text = "Grain Harvest Beats Forecasts\n\n1,024 views Economy 3\n  • Facebook\n  • X\n\nFarmers brought in a record harvest this year, the ministry said on Friday.\n";
        assert_eq!(
            body_lines(text),
            [
                "Grain Harvest Beats Forecasts",
                "Farmers brought in a record harvest this year, the ministry said on Friday."
            ]
        );
    }

    #[test]
    fn lone_teaser_paragraph_among_headline_lists_is_not_body() {
        let text = "The council approved the budget after a long debate on Tuesday evening.\n\nSpending on schools will rise by a fifth, the finance minister told reporters.\n\nThe opposition said the plan would raise debt and vowed to fight it in court.\n\nRelated\nPort Strike Ends After Two Weeks\nNew Bridge Opens to Traffic\nBank Cuts Rates Again\nCity Plans New Metro Line\nA child was hurt by a falling sign near the market, witnesses said.\n";
        let lines = body_lines(text);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(!lines.iter().any(|l| l.contains("child")));
    }

    #[test]
    fn contact_and_copyright_lines_are_furniture() {
        for line in [
            "Copyright © 2031 Gazette Media",
            "[Copyright (c) Daily Post. All Rights Reserved.]",
            "Phone : +7 727 000 0000",
            "Tel. 555 0101",
            "editor@gazette.example",
            "235 views Politics 0",
            "Comments 12",
            "  • #economy",
        ] {
            let text = format!(
                "Ministers agreed a new budget for the railway after long talks.\n{line}\nThe railway will get two new lines by the end of the decade, they said.\n"
            );
            let lines = body_lines(&text);
            assert!(!lines.contains(&line.trim()), "{line:?} kept in {lines:?}");
        }
    }

    #[test]
    fn digest_page_is_split_at_its_headlines() {
        let text = "Roads Get New Funding\n\nThe government set aside money for roads in the north on Monday.\n\nPort Traffic Doubles in a Year\n\nThe port handled twice as many containers as a year ago, its operator said.\n\nBanks Lend More to Farmers\n\nLoans to farmers rose sharply in the spring, the central bank said.\n";
        assert_eq!(
            titles(text),
            [
                Some("Roads Get New Funding"),
                Some("Port Traffic Doubles in a Year"),
                Some("Banks Lend More to Farmers")
            ]
        );
        let seg = Segmenter::new().segment(text);
        // Every body range lies in one article, and headlines are sentences.
        for b in &seg.body {
            assert!(seg.articles.iter().any(|a| a.span.contains(*b)));
        }
        for a in &seg.articles {
            let t = a.title.unwrap();
            assert!(seg.sentences.iter().any(|s| s.span == t));
        }
    }

    #[test]
    fn headline_is_one_sentence() {
        let text = "Why Now? Markets Ask Again\nTraders asked why the bank moved rates before the data came out on Friday.\n";
        let got = split(text);
        assert_eq!(got[0], "Why Now? Markets Ask Again");
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn page_without_headline_has_one_untitled_article() {
        let text = "Traders asked why the bank moved rates before the data came out on Friday.\nLATEST | Ports Busy as Exports Climb\n";
        assert_eq!(titles(text), [None]);
        assert_eq!(body_lines(text).len(), 1);
    }

    #[test]
    fn paragraph_with_short_quote_lines_between_stays_one_article() {
        let text = "The minister opened the new terminal on Monday in front of a large crowd.\n“We did it.”\nHe said the terminal would be busy from the first week of operation onwards.\n";
        assert_eq!(body_lines(text).len(), 3);
        assert_eq!(titles(text), [None]);
    }

    // --- Invariants on arbitrary text ----------------------------------------

    #[test]
    fn invariants_hold_on_generated_text() {
        const POOL: [&str; 24] = [
            "A", "b", "1", " ", " ", "\n", ".", ". ", "…", "!", "?", "\"", "”", "«", "»", "(", ")",
            "[", "•", "é", "#", "©", "U.S.", " . . . ",
        ];
        let segmenter = Segmenter::new();
        for text in piece_soup(&POOL, 0x2545_f491_4f6c_dd1d, 20_000, 60) {
            let seg = segmenter.segment(&text);
            let mut last = 0;
            for (i, s) in seg.sentences.iter().enumerate() {
                assert_eq!(s.index.get(), i);
                assert!(s.span.start() >= last && !s.span.is_empty(), "{text:?}");
                assert!(text.get(s.span.start()..s.span.end()).is_some(), "{text:?}");
                assert!(seg.body.iter().any(|b| b.contains(s.span)), "{text:?}");
                last = s.span.end();
            }
            for b in &seg.body {
                assert!(seg.articles.iter().any(|a| a.span.contains(*b)), "{text:?}");
            }
        }
    }

    #[test]
    fn glued_sentences_are_split() {
        assert_eq!(
            split("Exports rose.Imports fell by 1,000.That is a lot."),
            ["Exports rose.", "Imports fell by 1,000.", "That is a lot."]
        );
        assert_eq!(
            split("Talks ended on Friday.Mr. Lee left."),
            ["Talks ended on Friday.", "Mr. Lee left."]
        );
    }

    #[test]
    fn glued_dots_in_names_and_addresses_stay() {
        assert_eq!(
            split_one("See gazette.com and the U.S.Treasury site, or Sh.Mirziyoyev."),
            1
        );
        assert_eq!(
            split_one("Copies can be ordered from Desk.News@gazette.example for a small fee."),
            1
        );
        assert_eq!(split_one("Visit St.Petersburg and Node.js meetups."), 1);
    }
}
