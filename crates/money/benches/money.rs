//! Money extraction throughput on real text: the files of the directory in
//! `DEALX_BENCH_TEXT` when set, else the bundled `corpus/*.txt`.
//!
//! Run with `cargo bench -p dealx-money`. Building the extractor (regex
//! compilation, tables) is measured apart from extraction.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dealx_money::MoneyExtractor;

/// The benchmark text: every `.txt` file of the directory, concatenated.
fn bench_text() -> String {
    let dir = std::env::var_os("DEALX_BENCH_TEXT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("benchmark text directory is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut text = String::new();
    for f in files {
        text.push_str(&std::fs::read_to_string(&f).expect("benchmark file is UTF-8"));
        text.push('\n');
    }
    text
}

fn extract(c: &mut Criterion) {
    let text = bench_text();
    let money = MoneyExtractor::new();
    let expected = money.find_iter(&text).count();
    assert!(expected > 0, "the benchmark text holds sums of money");
    let mut group = c.benchmark_group("money");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("find_iter", |b| {
        b.iter(|| {
            let n = money.find_iter(&text).count();
            assert_eq!(n, expected);
            n
        })
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    c.bench_function("money/build", |b| b.iter(MoneyExtractor::new));
}

// The macro defines an undocumented public function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, extract, build);
}
use group::benches;
criterion_main!(benches);
