//! The pipeline: everything between the command line and the stages.
//!
//! This crate owns configuration, building every stage once
//! ([`Extractor`]), the per-document pass ([`Extractor::process`]), input
//! readers ([`Inputs`]), ordered parallel batches ([`run`]), the output
//! formats (JSON Lines, a JSON array, CSV rows per kind: [`Sink`]), and scoring against gold annotations ([`eval`], with
//! [`draft_gold`] for drafting new gold files). It is the only crate that touches threads and, with the
//! CLI, the only one that does I/O. It prints nothing: problems with input
//! documents are handed to the caller, which decides how to report them.
//!
//! # Overview
//!
//! ```text
//! Inputs (.txt | .jsonl | stdin | directories)  ->  Item::Doc / Item::Error
//!   -> chunks of at most CHUNK_DOCS documents / CHUNK_BYTES of text
//!   -> groups of at most GROUP_DOCS documents, shared out in parallel (rayon)
//!   -> Extractor::process_many (stage by stage over a group) + render,
//!      one buffer per document
//!   -> written in input order through one Sink (JSON Lines, JSON array, CSV)
//! ```
//!
//! # Example
//!
//! ```
//! use dealx_core::Document;
//! use dealx_pipeline::{Config, Extractor};
//!
//! let extractor = Extractor::new(&Config::default()).unwrap();
//! let doc = Document::new("a1", "Kazakhstan and China signed deals worth $15 billion.");
//! let extraction = extractor.process(&doc);
//! let record = extractor.record(&extraction);
//! assert_eq!(record.amounts[0].text, "$15 billion");
//! let parties: Vec<&str> = record.deals[0].parties.iter().map(|p| p.name).collect();
//! assert_eq!(parties, ["Kazakhstan", "China"]);
//! ```

mod batch;
mod check;
mod draft;
pub mod eval;
mod extractor;
mod feed;
mod input;
mod json;
mod json_line;
mod output;

pub use batch::{run, Events, Mode, Summary, CHUNK_BYTES, CHUNK_DOCS, GROUP_DOCS};
pub use check::check_gazetteer_dir;
pub use dealx_gazetteer::FileReport;
pub use draft::{draft_gold, SUMMARY_PLACEHOLDER};
pub use extractor::{BuildError, Config, Extractor, Stages};
pub use input::{InputError, InputErrorKind, Inputs, Item, PathError, DEFAULT_MAX_DOC_BYTES};
pub use output::{Format, Layout, LayoutError, Records, Sink};
