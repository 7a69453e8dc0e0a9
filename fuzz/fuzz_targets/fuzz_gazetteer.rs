//! Entity matching: every mention inside the text, on character
//! boundaries, in order, inside its sentence.
#![no_main]

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use dealx_gazetteer::{Gazetteer, GazetteerBuilder};
use libfuzzer_sys::fuzz_target;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        GazetteerBuilder::builtin()
            .expect("built-in files load")
            .build()
            .expect("built-in gazetteer builds")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let seg = common::segmenter().segment(&text);
    let entities = gazetteer().find(&text, &seg);
    let problems =
        dealx_testkit::check_mentions("entity", &text, &seg, &entities, |e| e.sentence.get());
    common::assert_clean("the gazetteer", &text, &problems);
    // The raw matcher too: spans inside the text on char boundaries.
    for m in gazetteer().find_iter(&text) {
        let span = m.span;
        assert!(
            text.get(span.start()..span.end()).is_some(),
            "{span:?} in {text:?}"
        );
    }
});
