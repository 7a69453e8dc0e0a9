//! Segmentation: body ranges, sentences and articles keep their invariants
//! on any text.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let seg = common::segmenter().segment(&text);
    common::assert_clean(
        "segmentation",
        &text,
        &dealx_testkit::check_segmentation(&text, &seg),
    );
});
