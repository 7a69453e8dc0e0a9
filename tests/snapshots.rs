//! One snapshot per corpus article of its full record, checked against the
//! span invariants first. Review changes with `cargo insta review`.

use dealx_core::Document;
use dealx_pipeline::{Config, Extractor};
use dealx_testkit::{check_record, Record, SentencesRecord};

#[test]
fn corpus_records() {
    let extractor = Extractor::new(&Config::default()).expect("built-in gazetteers load");
    insta::glob!("../corpus", "*.txt", |path| {
        let text = std::fs::read_to_string(path).expect("corpus file is UTF-8");
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = Document::new(id, text);
        let extraction = extractor.process(&doc);
        let value = serde_json::to_value(extractor.record(&extraction)).unwrap();
        let record: Record = serde_json::from_value(value.clone()).unwrap();
        let sentences: SentencesRecord =
            serde_json::from_value(serde_json::to_value(extractor.sentences_record(&doc)).unwrap())
                .unwrap();
        let problems = check_record(&doc.text, &record, &sentences.sentences);
        assert!(problems.is_empty(), "{}: {problems:#?}", doc.id);
        // Keys sorted whatever serde_json's map order (a `preserve_order`
        // feature switched on by any dependency would otherwise reorder
        // every snapshot): the snapshot changes only when the record does.
        insta::with_settings!({sort_maps => true}, {
            insta::assert_json_snapshot!(value);
        });
    });
}
