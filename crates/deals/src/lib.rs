//! The deal stage: deal records assembled from an annotated document.
//!
//! This crate owns deal detection: trigger words, party selection and
//! resolution, the attachment of amounts, dates and counts, sector tags, and
//! the merging of several mentions of one deal. It reads only an
//! [`Annotated`] document and does no I/O; its lexicons are data files
//! (`data/triggers.tsv`, `data/cues.tsv`, `data/sectors.tsv`) embedded at
//! compile time and compiled once in [`DealAssembler::new`].
//!
//! # Overview
//!
//! [`DealAssembler::assemble`] reads a document sentence by sentence, and
//! inside a sentence clause by clause (clauses end at "; ", ", while",
//! ", and"…):
//!
//! - A clause reports a deal when it holds a *trigger* of some kind
//!   (`agreement`: signed, memorandum, contract; `investment`: invest, FDI,
//!   stake; `trade`: bilateral trade, exports; `project`: plant, build,
//!   launch; `financing`: loan, credit line, grant) that is not hypothetical
//!   ("would", "should", "if"), negated ("did not sign"), a goal ("to boost
//!   trade") or part of a call ("called on companies to invest"). Investment
//!   and trade words report a deal only with a sum or a measured change
//!   ("rose 5.5-fold"); event words (signed, plant, loan) need nothing more.
//! - The amount is the clause's sum (one sum of a range or of a paired
//!   conversion stands for the group), preferring one tied by "worth",
//!   "valued at", "reached"…; the kind is that of the trigger nearest the
//!   amount, or of the first trigger when there is none.
//! - Parties are the countries, companies and organizations of the clause
//!   (of the sentence when the clause names none), countries named by
//!   demonym included, and regions that act ("officials from Xinjiang") rather
//!   than locate ("a plant in the Almaty region"). Entities after "including"
//!   or "such as" are examples, dropped when other parties are named.
//!   "Bilateral", "the two countries", "both sides" add the article's two
//!   most-named countries; "the company" the company last named; an
//!   anaphoric subject ("They", "The meeting", "this country") or a sum
//!   with no party at all takes the parties of the sentence before (up to
//!   two back in the same article). A deal needs two parties, or one company
//!   or organization; an agreement with one country named takes the
//!   article's other main country as its counterpart.
//! - A definite mention of a deal already read ("the project", "its
//!   construction", "the signing ceremony"), a repeated sum with a shared
//!   party, and a headline deal restated in the body are merged into the
//!   first reading; a following sentence that only gives a sum ("They are
//!   worth $6 billion.") completes the deal before it.
//!
//! # Example
//!
//! ```
//! use dealx_core::*;
//! use dealx_deals::DealAssembler;
//!
//! let text = "Chile and Peru signed deals worth $2 billion.";
//! let doc = Document::new("d", text);
//! let s = SentenceIdx::new(0);
//! let seg = Segmentation {
//!     body: vec![Span::new(0, text.len())],
//!     sentences: vec![Sentence { span: Span::new(0, text.len()), index: s }],
//!     articles: Vec::new(),
//! };
//! let country = |start, end, id| Entity {
//!     span: Span::new(start, end), sentence: s,
//!     kind: EntityKind::Place(PlaceKind::Country), entry: EntryId::new(id).into(),
//!     via: Via::Name,
//! };
//! let amount = Amount {
//!     span: Span::new(34, 44), sentence: s, value: Decimal::from(2_000_000_000u64),
//!     currency: Currency::USD, usd: None, qualifier: None,
//!     currency_assumed: false, usd_rate_date: None, range_with: None, same_as: None,
//! };
//! let entities = vec![country(0, 5, 0), country(10, 14, 1)];
//! let annotated = Annotated::new(&doc, seg, entities, vec![amount], vec![]);
//! let deals = DealAssembler::new().assemble(&annotated);
//! assert_eq!(deals.len(), 1);
//! assert_eq!(deals[0].kind, DealKind::Agreement);
//! assert_eq!(deals[0].parties.len(), 2);
//! assert_eq!(deals[0].amount, Some(AmountIdx::new(0)));
//! ```

mod read;
mod scan;
mod tables;

use dealx_core::{Annotated, Deal, Sector, Span};

use tables::{Hit, Lexicon};
pub use tables::{TableError, DEFAULT_CUES, DEFAULT_SECTORS, DEFAULT_TRIGGERS};

/// Builds deal records from annotated documents.
///
/// # Resource usage
///
/// Building compiles two small automata: trigger and cue phrases together,
/// and sector keywords. Assembling scans the document's body once with the
/// first and each deal's sentence with the second.
///
/// # Cloning
///
/// `DealAssembler` is `Send + Sync`; build it once and share it by
/// reference across threads.
#[derive(Clone, Debug)]
pub struct DealAssembler {
    words: Lexicon<Hit>,
    sectors: Lexicon<Sector>,
}

impl Default for DealAssembler {
    fn default() -> DealAssembler {
        DealAssembler::new()
    }
}

impl DealAssembler {
    /// An assembler with the built-in tables.
    pub fn new() -> DealAssembler {
        DealAssembler::with_tables(DEFAULT_TRIGGERS, DEFAULT_CUES, DEFAULT_SECTORS)
            .expect("the built-in deal tables are valid")
    }

    /// An assembler with the given trigger, cue and sector tables (the
    /// formats are described in the header comments of the built-in
    /// tables: tab-separated, a header row, `#` comments).
    ///
    /// # Errors
    ///
    /// A row with the wrong number of fields, or an unknown kind, form,
    /// need, cue role or sector, named by table and line.
    pub fn with_tables(
        triggers: &str,
        cues: &str,
        sectors: &str,
    ) -> Result<DealAssembler, TableError> {
        Ok(DealAssembler {
            words: tables::words(triggers, cues)?,
            sectors: tables::sectors(sectors)?,
        })
    }

    /// The deals of `doc`, in text order of their main sentences.
    pub fn assemble(&self, doc: &Annotated<'_>) -> Vec<Deal> {
        read::assemble(self, doc)
    }

    /// The sectors named in each of `spans` (sorted, disjoint), each list
    /// in [`Sector::ALL`] order. The spans are read together (see
    /// `Phrases::find_in`); each is read as if alone, leftmost-longest,
    /// so that a keyword inside a longer one ("farm" in "wind farm") is
    /// not reported.
    fn sectors_in(&self, text: &str, spans: &[Span]) -> Vec<Vec<Sector>> {
        let mut hits: Vec<(Span, Sector)> = Vec::new();
        self.sectors
            .find_in(text, spans, |span, sector| hits.push((span, sector)));
        let mut hits = hits.iter().peekable();
        spans
            .iter()
            .map(|span| {
                let mut sectors = Vec::new();
                while let Some((_, sector)) = hits.next_if(|(at, _)| at.end() <= span.end()) {
                    sectors.push(*sector);
                }
                sectors.sort();
                sectors.dedup();
                sectors
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
