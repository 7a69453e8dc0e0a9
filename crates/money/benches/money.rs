//! Money extraction throughput on real text: the files of the directory in
//! `DEALX_BENCH_TEXT` when set, else the bundled `corpus/*.txt`.
//!
//! Run with `cargo bench -p dealx-money`. Building the extractor (regex
//! compilation, tables) is measured apart from extraction.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dealx_money::MoneyExtractor;

fn extract(c: &mut Criterion) {
    let text = dealx_testkit::bench_texts().join(
        "
",
    );
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
