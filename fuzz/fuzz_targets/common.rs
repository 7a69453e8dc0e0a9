//! What the fuzz targets share: the stages, built once, and the input as
//! text.
#![allow(dead_code)]

use std::sync::OnceLock;

use dealx_core::Date;
use dealx_pipeline::{Config, Extractor};

/// The fuzz input as text: valid UTF-8 as is, anything else decoded
/// lossily (as dealx's readers do), so every input exercises the stages.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A fixed publication date, so relative dates and rates resolve.
pub fn published() -> Date {
    "2024-06-12".parse().expect("a valid date")
}

/// The whole pipeline with the built-in gazetteers.
pub fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(&Config::default()).expect("built-in gazetteers load"))
}

/// Fails the run, listing the problems, when there are any.
pub fn assert_clean(what: &str, text: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what} broke an invariant on {text:?}: {problems:#?}"
    );
}

/// Runs the whole per-document pass over `text` and checks its record
/// against the invariants (spans, sentences, order, deal evidence).
pub fn check_whole_pass(text: &str) {
    let ex = extractor();
    let doc = dealx_core::Document::new("fuzz", text);
    let extraction = ex.process(&doc);
    let record = serde_json::to_string(&ex.record(&extraction)).expect("records serialise");
    let record: dealx_testkit::Record =
        serde_json::from_str(&record).expect("the record reads back under the contract");
    let sentences = serde_json::to_string(&ex.sentences_record(&doc)).expect("serialises");
    let sentences: dealx_testkit::SentencesRecord =
        serde_json::from_str(&sentences).expect("the sentences read back");
    let problems = dealx_testkit::check_record(text, &record, &sentences.sentences);
    assert_clean("the whole pass", text, &problems);
}

/// The segmenter, built once.
pub fn segmenter() -> &'static dealx_text::Segmenter {
    static S: OnceLock<dealx_text::Segmenter> = OnceLock::new();
    S.get_or_init(dealx_text::Segmenter::new)
}

/// The money extractor, built once.
pub fn money() -> &'static dealx_money::MoneyExtractor {
    static M: OnceLock<dealx_money::MoneyExtractor> = OnceLock::new();
    M.get_or_init(dealx_money::MoneyExtractor::new)
}

/// The date extractor, built once.
pub fn dates() -> &'static dealx_dates::DateExtractor {
    static D: OnceLock<dealx_dates::DateExtractor> = OnceLock::new();
    D.get_or_init(dealx_dates::DateExtractor::new)
}
