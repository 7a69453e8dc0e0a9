//! Deals: texts built from the words deals are made of (parties, amounts,
//! dates, trigger verbs, punctuation) mixed with raw bytes, through the
//! whole pass; each deal's sentence exists and its evidence is that
//! sentence, its parties, amount and date point at real mentions.
#![no_main]

#[path = "common.rs"]
mod common;

use dealx_testkit::NEWS_PIECES as PIECES;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut text = String::new();
    for &b in data {
        match PIECES.get(usize::from(b)) {
            Some(piece) => text.push_str(piece),
            None => text.push(char::from(b)),
        }
    }
    common::check_whole_pass(&text);
    let ex = common::extractor();
    let doc = dealx_core::Document::new("fuzz", text.as_str());
    let extraction = ex.process(&doc);
    let a = &extraction.annotated;
    for deal in &extraction.deals {
        let sentence = a
            .segmentation()
            .sentences
            .get(deal.sentence.get())
            .expect("a deal's sentence exists");
        assert_eq!(sentence.span, deal.evidence, "evidence is the sentence");
        assert!(deal.parties.iter().all(|p| p.get() < a.entities().len()));
        assert!(deal.amount.is_none_or(|i| i.get() < a.amounts().len()));
        assert!(deal.date.is_none_or(|i| i.get() < a.dates().len()));
    }
});
