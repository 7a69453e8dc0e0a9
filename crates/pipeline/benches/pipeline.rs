//! End-to-end throughput: the whole per-document pass as `dealx extract`
//! runs it, and building the extractor, measured apart (rebar's `compile`
//! and `count` models).
//!
//! - `pipeline/build`: [`Extractor::new`] with the built-in gazetteers
//!   (gazetteer automaton, every regex, the tables).
//! - `pipeline/extract`: [`Extractor::process`], [`Extractor::record`] and
//!   serialisation to JSON into one reused buffer, document after document,
//!   on one thread.
//! - `pipeline/run-1thr`, `pipeline/run-2thr`: [`dealx_pipeline::run`], the
//!   batch path of `dealx extract --threads N` (chunks, rayon, ordered
//!   output), writing to a sink.
//!
//! Text: the JSON Lines file in `DEALX_BENCH_CORPUS` (for example
//! `/tmp/dealx-bench/corpus-100mb.jsonl`, built by
//! `../shared/bench/make_corpus.py`), read by the real reader and cut after
//! `DEALX_BENCH_MB` MB of article text (default 10); else the texts of
//! `dealx_testkit::bench_texts` (`DEALX_BENCH_TEXT`, or the bundled
//! `corpus/`). Every iteration checks the record count and the number of
//! mentions and deals against a first pass, so a wrong answer fails.
//!
//! Run with `cargo bench -p dealx-pipeline`, e.g.
//! `DEALX_BENCH_CORPUS=/tmp/dealx-bench/corpus-100mb.jsonl cargo bench -p dealx-pipeline`.

use std::io;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dealx_core::Document;
use dealx_pipeline::{run, Config, Extractor, InputError, Inputs, Item, Layout, Mode, Sink};

/// The benchmark documents.
fn documents() -> Vec<Document> {
    match std::env::var_os("DEALX_BENCH_CORPUS") {
        Some(path) => {
            let mb: f64 = std::env::var("DEALX_BENCH_MB")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(10.0);
            let limit = (mb * 1e6) as usize;
            let mut bytes = 0;
            let mut docs = Vec::new();
            for item in Inputs::new(&[path]).expect("DEALX_BENCH_CORPUS is readable") {
                if bytes >= limit {
                    break;
                }
                if let Item::Doc(doc) = item {
                    bytes += doc.text.len();
                    docs.push(doc);
                }
            }
            docs
        }
        None => dealx_testkit::bench_texts()
            .into_iter()
            .enumerate()
            .map(|(i, text)| Document::new(format!("bench-{i}"), text))
            .collect(),
    }
}

/// Records written and mentions found: (records, entities + amounts +
/// dates + deals, JSON bytes), serialising into `buf`, which is reused.
fn extract_all(ex: &Extractor, docs: &[Document], buf: &mut Vec<u8>) -> (usize, usize, usize) {
    let (mut records, mut found, mut json) = (0, 0, 0);
    for doc in docs {
        let extraction = ex.process(doc);
        let record = ex.record(&extraction);
        found += record.entities.len() + record.amounts.len() + record.dates.len();
        found += record.deals.len();
        buf.clear();
        serde_json::to_writer(&mut *buf, &record).expect("records serialise");
        buf.push(b'\n');
        json += buf.len();
        records += 1;
    }
    (records, found, json)
}

fn extract(c: &mut Criterion) {
    let docs = documents();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let ex = Extractor::new(&Config::default()).expect("the built-in extractor builds");
    let mut buf = Vec::with_capacity(1 << 20);
    let expected = extract_all(&ex, &docs, &mut buf);
    assert_eq!(expected.0, docs.len());
    assert!(expected.1 > 0, "the benchmark text holds mentions");
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("extract", |b| {
        b.iter(|| {
            let got = extract_all(&ex, &docs, &mut buf);
            assert_eq!(got, expected);
            got
        })
    });
    for threads in [1, 2] {
        group.bench_function(format!("run-{threads}thr"), |b| {
            b.iter(|| {
                // The input is read on a thread of its own, so it owns its
                // documents: the copy is part of what is measured, as
                // reading is in a real run.
                let items = docs.clone().into_iter().map(Item::Doc);
                let mut sink = Sink::new(Counter::default(), Layout::default());
                let summary = run(
                    &ex,
                    items,
                    Mode::Extract,
                    threads,
                    &mut sink,
                    &mut |_: &InputError| {},
                )
                .expect("writing to a sink cannot fail");
                let sink = sink.finish().expect("writing to a sink cannot fail");
                assert_eq!(summary.documents() as usize, expected.0);
                assert_eq!((sink.lines, sink.bytes), (expected.0, expected.2));
                summary
            })
        });
    }
    group.finish();
}

/// A writer that counts lines and bytes.
#[derive(Default)]
struct Counter {
    lines: usize,
    bytes: usize,
}

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.lines += buf.iter().filter(|&&b| b == b'\n').count();
        self.bytes += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    group.bench_function("build", |b| {
        b.iter(|| Extractor::new(&Config::default()).expect("the built-in extractor builds"))
    });
    group.finish();
}

// The macro defines an undocumented public function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, build, extract);
}
use group::benches;
criterion_main!(benches);
