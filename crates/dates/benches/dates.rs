//! Date extraction throughput: `DateExtractor::find_iter` and publication
//! date detection over real text, one thread.
//!
//! Text: every `*.txt` file in the directory named by `DEALX_BENCH_TEXT`
//! when set, else the bundled `corpus/`. Building the extractor is measured
//! apart from extraction.

use std::path::PathBuf;

use criterion::{criterion_main, Criterion, Throughput};
use dealx_core::{Date, Segmentation};
use dealx_dates::DateExtractor;

fn texts() -> Vec<String> {
    let dir = std::env::var_os("DEALX_BENCH_TEXT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the benchmark text directory exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable text"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = texts();
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
}

// The macros generate undocumented items.
#[allow(missing_docs)]
mod harness {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(harness::benches);
