//! The deal stage: deal records assembled from an annotated document.
//!
//! This crate owns deal detection: trigger words, party selection and the
//! attachment of amounts and dates. It reads only an [`Annotated`] document
//! and does no I/O.
//!
//! # Overview
//!
//! [`DealAssembler`] is built once from a trigger table (the built-in one is
//! `data/triggers.tsv`); [`DealAssembler::assemble`] returns the deals of a
//! document. A sentence yields a deal when it holds a trigger word, at least
//! one party (a country, company or organization) and an amount. Its kind is
//! that of the trigger nearest the amount; its parties are the distinct
//! entities of the sentence that can be parties, in text order; its amount
//! and date are the first of each in the sentence.
//!
//! # Example
//!
//! ```
//! use dealx_core::*;
//! use dealx_deals::DealAssembler;
//!
//! let doc = Document::new("d", "Kazakhstan signed deals worth $2 billion.");
//! let s = SentenceIdx::new(0);
//! let seg = Segmentation {
//!     body: vec![Span::new(0, 41)],
//!     sentences: vec![Sentence { span: Span::new(0, 41), index: s }],
//!     articles: Vec::new(),
//! };
//! let entity = Entity {
//!     span: Span::new(0, 10), sentence: s,
//!     kind: EntityKind::Place(PlaceKind::Country), entry: EntryId::new(0).into(),
//!     via: Via::Name,
//! };
//! let amount = Amount {
//!     span: Span::new(29, 40), sentence: s, value: Decimal::from(2_000_000_000u64),
//!     currency: Currency::USD, usd: None, qualifier: None,
//!     currency_assumed: false, usd_rate_date: None, range_with: None, same_as: None,
//! };
//! let annotated = Annotated::new(&doc, seg, vec![entity], vec![amount], vec![]);
//! let deals = DealAssembler::new().assemble(&annotated);
//! assert_eq!(deals.len(), 1);
//! assert_eq!(deals[0].kind, DealKind::Agreement);
//! ```

use dealx_core::{AmountIdx, Annotated, DateIdx, Deal, DealKind, EntityIdx, SentenceIdx, Span};
use regex::Regex;

/// The trigger table built into the binary.
pub const DEFAULT_TRIGGERS: &str = include_str!("../data/triggers.tsv");

/// A row of a trigger table that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerError {
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for TriggerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TriggerError {}

/// Builds deal records from annotated documents.
///
/// # Cloning
///
/// Holds one compiled regex over the trigger words; build it once and share
/// it by reference across threads (it is `Send + Sync`).
#[derive(Clone, Debug)]
pub struct DealAssembler {
    triggers: Regex,
    /// The kind of each trigger, by lower-cased trigger text.
    kinds: Vec<(String, DealKind)>,
}

impl Default for DealAssembler {
    fn default() -> DealAssembler {
        DealAssembler::new()
    }
}

impl DealAssembler {
    /// An assembler with the built-in trigger table.
    pub fn new() -> DealAssembler {
        DealAssembler::with_triggers(DEFAULT_TRIGGERS).expect("the built-in trigger table is valid")
    }

    /// An assembler with the triggers in `table` (`trigger<TAB>kind` rows
    /// after a header row; blank lines and `#` comments are skipped).
    ///
    /// # Errors
    ///
    /// A row without two fields, or with an unknown kind.
    pub fn with_triggers(table: &str) -> Result<DealAssembler, TriggerError> {
        let mut kinds = Vec::new();
        let mut header_seen = false;
        for (i, line) in table.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen {
                header_seen = true;
                continue;
            }
            let err = |message: String| TriggerError {
                line: i + 1,
                message,
            };
            let (word, kind) = line
                .split_once('\t')
                .ok_or_else(|| err("expected 'trigger<TAB>kind'".into()))?;
            let kind = match kind.trim() {
                "agreement" => DealKind::Agreement,
                "investment" => DealKind::Investment,
                "trade" => DealKind::Trade,
                "project" => DealKind::Project,
                "financing" => DealKind::Financing,
                "other" => DealKind::Other,
                other => return Err(err(format!("unknown deal kind '{other}'"))),
            };
            kinds.push((word.trim().to_lowercase(), kind));
        }
        // Longest first, so "trade turnover" wins over "trade".
        let mut words: Vec<&str> = kinds.iter().map(|(w, _)| w.as_str()).collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let alternation: Vec<String> = words
            .iter()
            .map(|w| regex::escape(w).replace(' ', r"\s+"))
            .collect();
        let pattern = format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", alternation.join("|"));
        let triggers = Regex::new(&pattern).map_err(|e| TriggerError {
            line: 0,
            message: e.to_string(),
        })?;
        Ok(DealAssembler { triggers, kinds })
    }

    fn kind_of(&self, trigger: &str) -> DealKind {
        let trigger = trigger
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        self.kinds
            .iter()
            .find(|(w, _)| *w == trigger)
            .map_or(DealKind::Other, |(_, k)| *k)
    }

    /// The deals of `doc`, in sentence order.
    pub fn assemble(&self, doc: &Annotated<'_>) -> Vec<Deal> {
        let text = doc.text();
        let mut deals = Vec::new();
        for sentence in doc.sentences() {
            let in_sentence = |s: SentenceIdx| s == sentence.index;
            let Some(amount_i) = doc.amounts().iter().position(|a| in_sentence(a.sentence)) else {
                continue;
            };
            let amount = doc.amounts()[amount_i];
            let mut parties: Vec<EntityIdx> = Vec::new();
            for (i, e) in doc.entities().iter().enumerate() {
                if in_sentence(e.sentence)
                    && e.kind.can_be_party()
                    && !parties
                        .iter()
                        .any(|&p| doc.entities()[p.get()].entry == e.entry)
                {
                    parties.push(EntityIdx::new(i));
                }
            }
            if parties.is_empty() {
                continue;
            }
            let Some(kind) = self.nearest_trigger(text, sentence.span, amount.span) else {
                continue;
            };
            let date = doc
                .dates()
                .iter()
                .position(|d| in_sentence(d.sentence))
                .map(DateIdx::new);
            deals.push(Deal {
                kind,
                parties,
                amount: Some(AmountIdx::new(amount_i)),
                date,
                sentence: sentence.index,
                evidence: sentence.span,
            });
        }
        deals
    }

    /// The kind of the trigger in `sentence` nearest to `amount`, if any.
    fn nearest_trigger(&self, text: &str, sentence: Span, amount: Span) -> Option<DealKind> {
        let haystack = &text[sentence];
        self.triggers
            .find_iter(haystack)
            .map(|m| {
                let span = Span::new(m.start(), m.end()).offset(sentence.start());
                let distance = if span.end() <= amount.start() {
                    amount.start() - span.end()
                } else {
                    span.start().saturating_sub(amount.end())
                };
                (distance, m.as_str())
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, t)| self.kind_of(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dealx_core::{
        Amount, Currency, Decimal, Document, Entity, EntityKind, EntryId, PlaceKind, Segmentation,
        Sentence,
    };

    /// Annotates `text` by hand: `parties` and `amounts` are surface strings
    /// found by position; sentences are split at ". ".
    fn deals_of(text: &str, parties: &[&str], amounts: &[&str]) -> Vec<Deal> {
        let doc = Document::new("t", text);
        let mut sentences = Vec::new();
        let mut start = 0;
        for piece in text.split_inclusive(". ") {
            let end = start + piece.trim_end().len();
            sentences.push(Sentence {
                span: Span::new(start, end),
                index: SentenceIdx::new(sentences.len()),
            });
            start += piece.len();
        }
        let seg = Segmentation {
            body: vec![Span::new(0, text.len())],
            sentences,
            articles: Vec::new(),
        };
        let entities = parties
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let s = text.find(p).unwrap();
                let span = Span::new(s, s + p.len());
                Entity {
                    span,
                    sentence: seg.sentence_of(span).unwrap(),
                    kind: EntityKind::Place(PlaceKind::Country),
                    entry: EntryId::new(i).into(),
                    via: dealx_core::Via::Name,
                }
            })
            .collect();
        let amounts = amounts
            .iter()
            .map(|a| {
                let s = text.find(a).unwrap();
                let span = Span::new(s, s + a.len());
                Amount {
                    span,
                    sentence: seg.sentence_of(span).unwrap(),
                    value: Decimal::ONE,
                    currency: Currency::USD,
                    usd: None,
                    qualifier: None,
                    currency_assumed: false,
                    usd_rate_date: None,
                    range_with: None,
                    same_as: None,
                }
            })
            .collect();
        let annotated = Annotated::new(&doc, seg, entities, amounts, vec![]);
        DealAssembler::new().assemble(&annotated)
    }

    #[test]
    fn trade_sentence_is_a_trade_deal() {
        let deals = deals_of(
            "Bilateral trade between Peru and Chile hit $4 billion.",
            &["Peru", "Chile"],
            &["$4 billion"],
        );
        assert_eq!(deals.len(), 1);
        assert_eq!(deals[0].kind, DealKind::Trade);
        assert_eq!(deals[0].parties.len(), 2);
    }

    #[test]
    fn nearest_trigger_decides_the_kind() {
        let deals = deals_of(
            "At the signing ceremony, Norway said investments topping $3 billion flow in.",
            &["Norway"],
            &["$3 billion"],
        );
        assert_eq!(deals[0].kind, DealKind::Investment);
    }

    #[test]
    fn no_deal_without_amount_party_or_trigger() {
        assert!(deals_of("Chile signed a memorandum.", &["Chile"], &[]).is_empty());
        assert!(deals_of(
            "Officials signed deals worth $2 billion.",
            &[],
            &["$2 billion"]
        )
        .is_empty());
        assert!(deals_of(
            "Chile reported revenue of $2 billion.",
            &["Chile"],
            &["$2 billion"]
        )
        .is_empty());
    }

    #[test]
    fn deal_stays_in_its_sentence() {
        let deals = deals_of(
            "Chile is large. It signed deals worth $2 billion.",
            &["Chile"],
            &["$2 billion"],
        );
        assert!(deals.is_empty());
    }

    #[test]
    fn rejects_unknown_kind_in_trigger_table() {
        let err = DealAssembler::with_triggers("trigger\tkind\nbarter\tswap\n").unwrap_err();
        assert_eq!(err.to_string(), "line 2: unknown deal kind 'swap'");
    }
}
