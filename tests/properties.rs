//! Property tests: the invariants the fuzz targets in `fuzz/` assert, on
//! generated text, in the normal test suite. Texts mix the pieces deals are
//! made of (names, sums, dates, trigger words, punctuation, multi-byte
//! characters) with arbitrary characters.

use std::io::Write;
use std::sync::OnceLock;

use dealx_core::Document;
use dealx_pipeline::{Config, Extractor, Inputs, Item};
use dealx_testkit::{check_mentions, check_record, check_segmentation, NEWS_PIECES as PIECES};
use proptest::prelude::*;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(&Config::default()).expect("built-in gazetteers load"))
}

fn news_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[A-Za-z0-9 ,.$-]{1,12}",
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn whole_pass_records_keep_every_invariant(text in news_text()) {
        let ex = extractor();
        let doc = Document::new("p", text.as_str());
        let extraction = ex.process(&doc);
        let record = serde_json::to_value(ex.record(&extraction)).expect("serialises");
        let record: dealx_testkit::Record =
            serde_json::from_value(record).expect("the record follows the contract");
        let sentences = serde_json::to_value(ex.sentences_record(&doc)).expect("serialises");
        let sentences: dealx_testkit::SentencesRecord =
            serde_json::from_value(sentences).expect("sentences follow the contract");
        let problems = check_record(&text, &record, &sentences.sentences);
        prop_assert!(problems.is_empty(), "{:#?}", problems);
    }

    #[test]
    fn each_stage_keeps_its_invariants(text in news_text()) {
        let seg = dealx_text::Segmenter::new().segment(&text);
        let problems = check_segmentation(&text, &seg);
        prop_assert!(problems.is_empty(), "segmentation: {:#?}", problems);

        let ex = extractor();
        let doc = Document::new("p", text.as_str());
        let extraction = ex.process(&doc);
        let a = &extraction.annotated;
        let seg = a.segmentation();
        let mut problems =
            check_mentions("entity", &text, seg, a.entities(), |e| e.sentence.get());
        problems.extend(check_mentions("amount", &text, seg, a.amounts(), |m| m.sentence.get()));
        problems.extend(check_mentions("date", &text, seg, a.dates(), |d| d.sentence.get()));
        problems.extend(check_mentions("deal", &text, seg, &extraction.deals, |d| d.sentence.get()));
        prop_assert!(problems.is_empty(), "{:#?}", problems);
        for deal in &extraction.deals {
            prop_assert!(deal.parties.iter().all(|p| p.get() < a.entities().len()));
            prop_assert!(deal.amount.is_none_or(|i| i.get() < a.amounts().len()));
            prop_assert!(deal.date.is_none_or(|i| i.get() < a.dates().len()));
        }
    }

    /// Any bytes at all, line by line: every non-blank line is exactly one
    /// document or one error, never lost and never a panic.
    #[test]
    fn every_input_line_is_one_document_or_one_error(
        lines in proptest::collection::vec(
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..80),
                news_text().prop_map(|t| {
                    serde_json::json!({"id": "x", "text": t}).to_string().into_bytes()
                }),
            ],
            0..20,
        )
    ) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("d.jsonl");
        let mut file = std::fs::File::create(&path).expect("creates");
        let mut expected = 0;
        let mut head: Option<Vec<u8>> = None;
        for line in &lines {
            let line: Vec<u8> = line.iter().copied().filter(|&b| b != b'\n').collect();
            if !line.iter().all(u8::is_ascii_whitespace) {
                expected += 1;
            }
            if head.is_none() {
                head = Some(line.clone());
            }
            file.write_all(&line).expect("writes");
            file.write_all(b"\n").expect("writes");
        }
        drop(file);
        let items: Vec<Item> = Inputs::new(&[&path]).expect("the file exists").collect();
        let units = items.iter().filter(|i| !matches!(i, Item::Warning(_))).count();
        if head.is_some_and(|h| h.contains(&0)) {
            // A NUL on the first line: the file is binary, one error.
            prop_assert_eq!(units, 1);
        } else {
            prop_assert_eq!(units, expected);
        }
    }
}
