//! Gazetteer building and matching, measured apart (rebar's `compile` and
//! `count` models).
//!
//! - `gazetteer/load`: the built-in gazetteer as the binary starts it,
//!   from the tables `build.rs` built at compile time.
//! - `gazetteer/build`: a run-time build of the files (what
//!   `--gazetteers DIR` costs).
//! - `gazetteer/find`, `gazetteer/find_iter`: matching.
//!
//! - Gazetteer: the files of the directory in `DEALX_GAZETTEERS` when set
//!   (replacing built-in files of the same name, adding the others), else
//!   the built-in files. A file whose header is `name<TAB>aliases` (the
//!   shape of `shared/bench/peer-gazetteer/`) is turned into entry rows
//!   first, typed by its file name, so a large name list can stand in for
//!   the full gazetteer before it lands.
//! - Text: every `.txt` file of the directory in `DEALX_BENCH_TEXT` when
//!   set, else the bundled `corpus/*.txt`, split into sentences at line
//!   breaks and ". " (the text stage is not a dependency of this crate).
//!
//! Run with `cargo bench -p dealx-gazetteer`.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dealx_core::{Segmentation, Sentence, SentenceIdx, Span};
use dealx_gazetteer::{Gazetteer, GazetteerBuilder, BUILTIN_FILES};

fn tsv_in(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("gazetteer directory is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .filter(|p| !p.ends_with("MANIFEST.tsv"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let contents = std::fs::read_to_string(&p).expect("gazetteer file is UTF-8");
            (name, contents)
        })
        .collect()
}

/// A `name<TAB>aliases` list as entry rows typed by the file's name.
fn entry_rows(file: &str, contents: &str) -> String {
    let (kind, subtype) = match file {
        f if f.starts_with("leader") => ("leader", ""),
        f if f.starts_with("compan") => ("company", ""),
        f if f.starts_with("organi") => ("organization", ""),
        _ => ("place", "city"),
    };
    let mut out = String::from("id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource\n");
    for (i, line) in contents.lines().skip(1).enumerate() {
        let mut fields = line.split('\t');
        let name = fields.next().unwrap_or("").trim();
        let aliases = fields.next().unwrap_or("").trim();
        if !name.is_empty() {
            out.push_str(&format!(
                "bench:{file}:{i}\t{name}\t{aliases}\t{kind}\t{subtype}\t\t\tbench\n"
            ));
        }
    }
    out
}

fn gazetteer_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = BUILTIN_FILES
        .iter()
        .map(|(n, c)| (n.to_string(), c.to_string()))
        .collect();
    if let Some(dir) = std::env::var_os("DEALX_GAZETTEERS") {
        for (name, contents) in tsv_in(Path::new(&dir)) {
            let contents = if contents.starts_with("name\taliases") {
                entry_rows(&name, &contents)
            } else {
                contents
            };
            // A converted list adds to the built-in file of its name.
            let name = if contents.starts_with("id\t") && contents.contains("\tbench\n") {
                format!("bench-{name}")
            } else {
                name
            };
            match files.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = contents,
                None => files.push((name, contents)),
            }
        }
    }
    files
}

fn build_gazetteer(files: &[(String, String)]) -> Gazetteer {
    let mut builder = GazetteerBuilder::new();
    for (name, contents) in files {
        builder
            .add_file(name, contents)
            .expect("gazetteer rows are good");
    }
    builder.build().expect("gazetteer builds")
}

/// Sentences at line breaks and after ". ".
fn segment(text: &str) -> Segmentation {
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let push = |s: usize, e: usize, sentences: &mut Vec<Sentence>| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let (s, e) = (s + lead, s + piece.trim_end().len());
        if s < e {
            let index = SentenceIdx::new(sentences.len());
            sentences.push(Sentence {
                span: Span::new(s, e),
                index,
            });
        }
    };
    for i in 0..bytes.len() {
        if bytes[i] == b'\n' || (bytes[i] == b' ' && i > 0 && bytes[i - 1] == b'.') {
            push(start, i, &mut sentences);
            start = i + 1;
        }
    }
    push(start, text.len(), &mut sentences);
    Segmentation {
        body: vec![Span::new(0, text.len())],
        sentences,
        articles: Vec::new(),
    }
}

fn load(c: &mut Criterion) {
    let entries = Gazetteer::builtin().len();
    let bytes: usize = BUILTIN_FILES.iter().map(|(_, c)| c.len()).sum();
    let mut group = c.benchmark_group("gazetteer/load");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("{entries}_entries"), |b| {
        b.iter(|| {
            let g = Gazetteer::builtin();
            assert_eq!(g.len(), entries);
            g
        })
    });
    group.finish();
}

fn build(c: &mut Criterion) {
    let files = gazetteer_files();
    let entries = build_gazetteer(&files).len();
    let bytes: usize = files.iter().map(|(_, c)| c.len()).sum();
    let mut group = c.benchmark_group("gazetteer/build");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("{entries}_entries"), |b| {
        b.iter(|| {
            let g = build_gazetteer(&files);
            assert_eq!(g.len(), entries);
            g
        })
    });
    group.finish();
}

fn find(c: &mut Criterion) {
    let gazetteer = build_gazetteer(&gazetteer_files());
    let text = dealx_testkit::bench_texts().join(
        "
",
    );
    let seg = segment(&text);
    let expected = gazetteer.find(&text, &seg).len();
    assert!(expected > 0, "the benchmark text names entities");
    let mut group = c.benchmark_group("gazetteer");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("find", |b| {
        b.iter(|| {
            let n = gazetteer.find(&text, &seg).len();
            assert_eq!(n, expected);
            n
        })
    });
    group.bench_function("find_iter", |b| {
        b.iter(|| gazetteer.find_iter(&text).count())
    });
    group.finish();
}

criterion_group!(benches, load, build, find);
criterion_main!(benches);
