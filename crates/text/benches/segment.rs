//! Throughput of `Segmenter::segment` (body detection, articles and
//! sentences) on one thread.
//!
//! Reads every `.txt` and `.jsonl` file (the `text` field of each line) in
//! the directory named by `DEALX_BENCH_TEXT`, or the repository's
//! `corpus/*.txt` when it is not set. Run with `cargo bench -p dealx-text`.

// criterion's macros generate undocumented items.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dealx_text::Segmenter;

fn segment(c: &mut Criterion) {
    let texts = dealx_testkit::bench_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let segmenter = Segmenter::new();
    // A wrong answer must not be measured: every text with prose has sentences.
    let sentences: usize = texts
        .iter()
        .map(|t| segmenter.segment(t).sentences.len())
        .sum();
    assert!(sentences > 0, "the benchmark texts produced no sentence");
    let mut group = c.benchmark_group("segment");
    // Large inputs take long per iteration; a few samples are enough.
    if bytes > 1_000_000 {
        group.sample_size(10);
    }
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("segment", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                n += segmenter.segment(std::hint::black_box(t)).sentences.len();
            }
            assert_eq!(n, sentences);
        })
    });
    group.finish();
}

criterion_group!(benches, segment);
criterion_main!(benches);
