//! The vocabulary every dealx crate shares.
//!
//! This crate owns the types that pass between the stages and the output
//! contract; it owns no rules and does no I/O.
//!
//! # Overview
//!
//! - [`Document`]: one article as read (`id`, `text`, optional `published` date).
//!   Its text is never modified by any stage.
//! - [`Span`]: a half-open byte range into [`Document::text`]; `&text[span]` is
//!   the mention. Every annotation implements [`Spanned`].
//! - The annotations: [`Sentence`], [`Entity`], [`Amount`], [`DateMention`] and
//!   [`Deal`], each tied to the sentence that holds it by a [`SentenceIdx`].
//! - [`Annotated`]: a document with its segmentation, entities, amounts and
//!   dates; it can only be built once all of them exist, which is what the deal
//!   stage needs.
//! - [`record`]: the serde wire types that *are* the JSON Lines contract
//!   (`../shared/eval/OUTPUT.md`), kept apart from the domain types so that an
//!   internal refactor cannot change the output by accident.
//!
//! # Example
//!
//! ```
//! use dealx_core::{Document, Span};
//!
//! let doc = Document::new("a1", "Kazakhstan and China signed 11 agreements.");
//! let span = Span::new(0, 10);
//! assert_eq!(&doc.text[span], "Kazakhstan");
//! ```

mod annotation;
mod date;
mod document;
pub mod hir;
pub mod record;
pub mod rows;
mod span;

pub use annotation::Season;
pub use annotation::{
    Amount, AmountIdx, Annotated, Article, Currency, DateIdx, DateMention, DateValue, Deal,
    DealKind, Entity, EntityIdx, EntityKind, EntityRef, EntryId, Extraction, PlaceKind, Qualifier,
    Sector, Segmentation, Sentence, SentenceIdx, Via,
};
pub use date::{Date, DateParseError, PartialDate};
pub use document::{Document, PublishedSource, Warning};
pub use span::{Span, Spanned};

/// Re-exported so that stage crates and the pipeline agree on one decimal type.
pub use rust_decimal::Decimal;
