//! Dates: every mention inside the text, on character boundaries, in
//! order, inside its sentence, with or without a publication date; finding
//! the publication date never fails.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let seg = common::segmenter().segment(&text);
    let dates = common::dates();
    let _ = dates.published(&text, &seg);
    for published in [None, Some(common::published())] {
        let found = dates.find(&text, &seg, published);
        let problems =
            dealx_testkit::check_mentions("date", &text, &seg, &found, |d| d.sentence.get());
        common::assert_clean("dates", &text, &problems);
    }
});
