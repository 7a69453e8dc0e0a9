//! Ordered, bounded, parallel batches.

use std::io::{self, Write};

use dealx_core::record::{ErrorDetail, ErrorRecord};
use rayon::prelude::*;

use crate::{Extractor, InputError, Item};

/// The most documents read ahead and held in memory at once.
pub const CHUNK_DOCS: usize = 256;

/// The most text (bytes) read ahead and held in memory at once; a chunk
/// closes at whichever limit it reaches first (a single larger document is
/// still read whole).
pub const CHUNK_BYTES: usize = 8 << 20;

/// What to write for each document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// The full record (`dealx extract`).
    Extract,
    /// Its sentences only (`dealx sentences`).
    Sentences,
}

/// What a run read and wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents read successfully.
    pub documents: u64,
    /// Documents that could not be read (an error record each).
    pub errors: u64,
    /// Bytes of document text processed.
    pub bytes: u64,
}

/// Runs `extractor` over every item of `inputs`, writing one line per item
/// to `out` in input order: the record of a document, or an error record
/// `{"id": …, "error": {"kind", "message", "source"}}` for one that could not
/// be read, which is also passed to `on_error` (in input order).
///
/// Items are read in chunks of at most [`CHUNK_DOCS`] documents and
/// [`CHUNK_BYTES`] of text, so memory stays bounded however long the input
/// is. With `threads` > 1 each chunk is processed on a rayon pool of that
/// size; with 1, on the calling thread. Either way the output is the same,
/// byte for byte. `out` is flushed after every chunk.
///
/// # Errors
///
/// An error writing to `out` (a closed pipe included) or building the
/// thread pool; input problems are not errors of the run.
pub fn run<I, W>(
    extractor: &Extractor,
    inputs: I,
    mode: Mode,
    threads: usize,
    out: &mut W,
    on_error: &mut dyn FnMut(&InputError),
) -> io::Result<Summary>
where
    I: Iterator<Item = Item>,
    W: Write + ?Sized,
{
    let pool = if threads > 1 {
        Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(io::Error::other)?,
        )
    } else {
        None
    };
    let mut summary = Summary::default();
    let mut inputs = inputs.peekable();
    let mut chunk: Vec<Item> = Vec::with_capacity(CHUNK_DOCS);
    while inputs.peek().is_some() {
        chunk.clear();
        let mut bytes = 0;
        while chunk.len() < CHUNK_DOCS && bytes < CHUNK_BYTES {
            let Some(item) = inputs.next() else { break };
            if let Item::Doc(d) = &item {
                bytes += d.text.len();
            }
            chunk.push(item);
        }
        let lines: Vec<Vec<u8>> = match &pool {
            Some(pool) => pool.install(|| {
                chunk
                    .par_iter()
                    .map(|item| render(extractor, item, mode))
                    .collect()
            }),
            None => chunk
                .iter()
                .map(|item| render(extractor, item, mode))
                .collect(),
        };
        for (item, line) in chunk.iter().zip(&lines) {
            match item {
                Item::Doc(d) => {
                    summary.documents += 1;
                    summary.bytes += d.text.len() as u64;
                }
                Item::Error(e) => {
                    summary.errors += 1;
                    on_error(e);
                }
            }
            out.write_all(line)?;
        }
        out.flush()?;
    }
    Ok(summary)
}

/// One output line (with its newline) for one item.
fn render(extractor: &Extractor, item: &Item, mode: Mode) -> Vec<u8> {
    // A record is about 2.5 times its text (the benchmark corpus): one
    // allocation instead of a chain of doublings.
    let text = match item {
        Item::Doc(doc) => doc.text.len(),
        Item::Error(_) => 0,
    };
    let mut buf = Vec::with_capacity(512 + text * 3);
    let written = match item {
        Item::Doc(doc) => match mode {
            Mode::Extract => {
                let extraction = extractor.process(doc);
                serde_json::to_writer(&mut buf, &extractor.record(&extraction))
            }
            Mode::Sentences => serde_json::to_writer(&mut buf, &extractor.sentences_record(doc)),
        },
        Item::Error(e) => serde_json::to_writer(
            &mut buf,
            &ErrorRecord {
                id: e.id.as_deref(),
                error: ErrorDetail {
                    kind: e.kind.as_str(),
                    message: &e.message,
                    source: &e.location,
                },
            },
        ),
    };
    // Writing into a Vec cannot fail, and every record type serialises.
    written.expect("records serialise into memory");
    buf.push(b'\n');
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, InputErrorKind};
    use dealx_core::Document;

    fn items(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| {
                if i % 97 == 5 {
                    Item::Error(InputError {
                        id: None,
                        location: format!("x.jsonl:{i}"),
                        kind: InputErrorKind::MalformedJson,
                        message: "not a JSON object".into(),
                    })
                } else {
                    Item::Doc(Document::new(
                        format!("d{i}"),
                        format!(
                            "Kazakhstan signed deals worth ${i} billion on May {}.",
                            i % 28 + 1
                        ),
                    ))
                }
            })
            .collect()
    }

    fn output(threads: usize, n: usize) -> (Vec<u8>, Summary, usize) {
        let ex = Extractor::new(&Config::default()).unwrap();
        let mut out = Vec::new();
        let mut errors = 0;
        let summary = run(
            &ex,
            items(n).into_iter(),
            Mode::Extract,
            threads,
            &mut out,
            &mut |_| errors += 1,
        )
        .unwrap();
        (out, summary, errors)
    }

    #[test]
    fn parallel_output_equals_sequential_output() {
        let n = CHUNK_DOCS * 2 + 17;
        let (one, s1, e1) = output(1, n);
        let (two, s2, e2) = output(2, n);
        assert_eq!(one, two);
        assert_eq!(s1, s2);
        assert_eq!(e1, e2);
        assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), n);
        assert_eq!(s1.documents + s1.errors, n as u64);
    }

    #[test]
    fn error_items_become_error_records_in_place() {
        let (out, summary, errors) = output(1, 7);
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert_eq!(summary.errors, 1);
        assert_eq!(errors, 1);
        assert_eq!(
            lines[5],
            r#"{"id":null,"error":{"kind":"malformed_json","message":"not a JSON object","source":"x.jsonl:5"}}"#
        );
        assert!(lines[6].starts_with(r#"{"id":"d6","#));
    }
}
