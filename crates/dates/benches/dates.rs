//! Date extraction throughput: `DateExtractor::find_iter` and publication
//! date detection over real text, one thread.
//!
//! Text: every `*.txt` file in the directory named by `DEALX_BENCH_TEXT`
//! when set, else the bundled `corpus/`. Building the extractor is measured
//! apart from extraction.

use criterion::{criterion_main, Criterion, Throughput};
use dealx_core::{Date, Segmentation};
use dealx_dates::DateExtractor;

fn bench(c: &mut Criterion) {
    let texts = dealx_testkit::bench_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let extractor = DateExtractor::new();
    let published: Date = "2024-06-12".parse().expect("valid date");
    // The benchmark checks its own answer: the corpus holds dates.
    let expected: usize = texts
        .iter()
        .map(|t| extractor.find_iter(t, Some(published)).count())
        .sum();
    assert!(expected > 0, "no dates found in the benchmark text");

    let mut group = c.benchmark_group("dates");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("find_iter", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .map(|t| extractor.find_iter(t, Some(published)).count())
                .sum();
            assert_eq!(n, expected);
        })
    });
    group.bench_function("published", |b| {
        let segmentation = Segmentation::default();
        b.iter(|| {
            texts
                .iter()
                .filter(|t| extractor.published(t, &segmentation).is_some())
                .count()
        })
    });
    group.finish();
    c.bench_function("build", |b| b.iter(DateExtractor::new));
    // The point parser is compiled when a date first needs it: building
    // and reading one such date measures the start-up of an article that
    // does.
    c.bench_function("build+point", |b| {
        b.iter(|| {
            let extractor = DateExtractor::new();
            let n = extractor
                .find_iter("on the second Tuesday of May 2024", Some(published))
                .count();
            assert_eq!(n, 1);
        })
    });
}

// The macros generate undocumented items.
#[allow(missing_docs)]
mod harness {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(harness::benches);
