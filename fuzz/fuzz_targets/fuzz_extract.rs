//! The whole per-document pass over arbitrary text: no panic, and the
//! record keeps every invariant of dealx_testkit::check_record.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check_whole_pass(&common::text(data));
});
