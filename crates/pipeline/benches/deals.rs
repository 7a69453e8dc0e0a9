//! What the deal stage costs next to the whole per-document pass, on real
//! text: the files of the directory in `DEALX_BENCH_TEXT` when set, else
//! the bundled `corpus/*.txt`.
//!
//! Run with `cargo bench -p dealx-pipeline --bench deals`. `process` is
//! `Extractor::process` over every document (segmentation, gazetteer,
//! money, dates and deals); `annotate` is the same pass without the deal
//! stage (`Stages::ANNOTATIONS`); `deals` is `DealAssembler::assemble`
//! alone over the same documents already annotated.
//!
//! `group` and `group-annotate` are the same two passes as the batch runs
//! them: over groups of `GROUP_DOCS` documents, stage by stage
//! (`Extractor::process_many`).
//!
//! `group / group-annotate - 1` is what the deal stage adds to the batch
//! pass (issue #7's figure), and `process / annotate - 1` what it adds
//! document by document, with everything a stage costs the others (its
//! tables pushing theirs out of the cache) counted; `deals / process` is
//! its share measured alone, with its tables always warm.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dealx_core::Document;
use dealx_deals::DealAssembler;
use dealx_pipeline::{Config, Extractor, Stages, GROUP_DOCS};

fn share(c: &mut Criterion) {
    let docs: Vec<Document> = dealx_testkit::bench_texts()
        .into_iter()
        .enumerate()
        .map(|(i, text)| Document::new(format!("d{i}"), text))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let extractor = Extractor::new(&Config::default()).expect("built-in tables load");
    let extractions: Vec<_> = docs.iter().map(|d| extractor.process(d)).collect();
    let expected: usize = extractions.iter().map(|e| e.deals.len()).sum();
    assert!(expected > 0, "the benchmark text holds deals");
    let assembler = DealAssembler::new();

    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("process", |b| {
        b.iter(|| {
            let n: usize = docs.iter().map(|d| extractor.process(d).deals.len()).sum();
            assert_eq!(n, expected);
            n
        })
    });
    // The batch path: groups of GROUP_DOCS documents, stage by stage.
    let refs: Vec<&Document> = docs.iter().collect();
    let grouped = |stages: Stages| -> Vec<usize> {
        refs.chunks(GROUP_DOCS)
            .flat_map(|g| extractor.process_many(g, stages))
            .map(|e| e.deals.len() + e.annotated.entities().len())
            .collect()
    };
    let with_deals = grouped(Stages::ALL);
    let without = grouped(Stages::ANNOTATIONS);
    group.bench_function("group", |b| {
        b.iter(|| {
            let n = grouped(Stages::ALL);
            assert_eq!(n, with_deals);
            n
        })
    });
    group.bench_function("group-annotate", |b| {
        b.iter(|| {
            let n = grouped(Stages::ANNOTATIONS);
            assert_eq!(n, without);
            n
        })
    });
    let annotated: usize = extractions
        .iter()
        .map(|e| e.annotated.entities().len())
        .sum();
    group.bench_function("annotate", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| {
                    let e = extractor.process_stages(d, Stages::ANNOTATIONS);
                    assert!(e.deals.is_empty());
                    e.annotated.entities().len()
                })
                .sum();
            assert_eq!(n, annotated);
            n
        })
    });
    group.bench_function("deals", |b| {
        b.iter(|| {
            let n: usize = extractions
                .iter()
                .map(|e| assembler.assemble(&e.annotated).len())
                .sum();
            assert_eq!(n, expected);
            n
        })
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    c.bench_function("deals/build", |b| b.iter(DealAssembler::new));
}

// The macro defines an undocumented public function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, share, build);
}
use group::benches;
criterion_main!(benches);
