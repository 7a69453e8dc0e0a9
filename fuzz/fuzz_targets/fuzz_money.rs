//! Money: every amount inside the text, on character boundaries, in order,
//! inside its sentence; range and same-sum links point at real amounts.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let seg = common::segmenter().segment(&text);
    let money = common::money();
    for published in [None, Some(common::published())] {
        let amounts = money.find(&text, &seg, published);
        let problems =
            dealx_testkit::check_mentions("amount", &text, &seg, &amounts, |a| a.sentence.get());
        common::assert_clean("money", &text, &problems);
        for a in &amounts {
            if let Some(other) = a.range_with {
                assert!(other.get() < amounts.len(), "range_with out of bounds");
            }
        }
    }
});
