//! Throughput of `Segmenter::segment` (body detection, articles and
//! sentences) on one thread.
//!
//! Reads every `.txt` and `.jsonl` file (the `text` field of each line) in
//! the directory named by `DEALX_BENCH_TEXT`, or the repository's
//! `corpus/*.txt` when it is not set. Run with `cargo bench -p dealx-text`.

// criterion's macros generate undocumented items.
#![allow(missing_docs)]

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dealx_text::Segmenter;

/// The texts to segment.
fn texts() -> Vec<String> {
    let dir = std::env::var_os("DEALX_BENCH_TEXT")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut texts = Vec::new();
    for path in paths {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "txt" => texts.push(std::fs::read_to_string(&path).expect("UTF-8 text file")),
            "jsonl" => {
                let all = std::fs::read_to_string(&path).expect("UTF-8 JSON Lines file");
                for line in all.lines() {
                    let value: serde_json::Value = match serde_json::from_str(line) {
                        Ok(v) => v,
                        Err(_) => continue,
                    };
                    if let Some(t) = value.get("text").and_then(|t| t.as_str()) {
                        texts.push(t.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    assert!(
        !texts.is_empty(),
        "no .txt or .jsonl text in {}",
        dir.display()
    );
    texts
}

fn segment(c: &mut Criterion) {
    let texts = texts();
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
