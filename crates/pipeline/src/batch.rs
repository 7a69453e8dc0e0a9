//! Ordered, bounded, parallel batches.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::panic::AssertUnwindSafe;

use dealx_core::Document;

use crate::feed::{Feed, Ready};
use crate::output::{render_error, render_group, Pieces};
use crate::{Extractor, InputError, InputErrorKind, Item, Sink};

/// The most documents in a chunk for each thread (up to eight threads): a
/// chunk is what is rendered and written together. At most two chunks are
/// rendered at once, and the reading thread holds at most two more.
pub const CHUNK_DOCS: usize = 256;

/// The most text (bytes) in a chunk for each thread (up to eight); a chunk
/// closes at whichever limit it reaches first (a single larger document is
/// still read whole).
pub const CHUNK_BYTES: usize = 8 << 20;

/// The most threads a chunk's size grows with ([`chunk_limits`]).
const CHUNK_THREADS: usize = 8;

/// The most documents and bytes of a chunk for `threads` threads:
/// [`CHUNK_DOCS`] and [`CHUNK_BYTES`] for each, up to [`CHUNK_THREADS`]
/// threads, so that each thread renders a whole group of [`GROUP_DOCS`].
///
/// Measured on the 100 MB benchmark corpus, two threads, six alternating
/// runs (session 8): chunks of 256 documents (two groups of 128),
/// 0.98-1.00 s and 126-131 MB peak RSS; of 512 (two groups of 256),
/// 0.96-0.99 s and 154-163 MB.
fn chunk_limits(threads: usize) -> (usize, usize) {
    let f = threads.clamp(1, CHUNK_THREADS);
    (CHUNK_DOCS * f, CHUNK_BYTES * f)
}

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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records written (documents read and processed).
    pub records: u64,
    /// Error records written (documents that could not be read or
    /// processed).
    pub errors: u64,
    /// Warnings (documents read with a warning, binary files skipped).
    pub warnings: u64,
    /// Bytes of document text processed.
    pub bytes: u64,
    /// Error records by kind (`malformed_json`, `too_large`, …).
    pub errors_by_kind: BTreeMap<&'static str, u64>,
    /// Warnings by kind (`invalid_utf8`, `duplicate_id`, …).
    pub warnings_by_kind: BTreeMap<&'static str, u64>,
    /// The run stopped early because [`Events::stop`] said so.
    pub stopped: bool,
}

impl Summary {
    /// Documents accounted for: one output line each (a record or an error
    /// record).
    pub fn documents(&self) -> u64 {
        self.records + self.errors
    }
}

/// What a run tells its caller as it goes. A closure
/// `|e: &InputError| …` is an `Events` that hears only errors.
pub trait Events {
    /// A document could not be read or processed; its error record has been
    /// produced (it is written in order with the others).
    fn error(&mut self, error: &InputError);

    /// Something odd about the input that did not stop a document.
    fn warning(&mut self, _warning: &InputError) {}

    /// A chunk has been written and flushed; `summary` is the run so far.
    fn chunk_written(&mut self, _summary: &Summary) {}

    /// Whether to stop now. Asked after each chunk, after each error
    /// record and while waiting for input; once it says yes the run
    /// flushes what it wrote and returns with [`Summary::stopped`] set.
    fn stop(&mut self) -> bool {
        false
    }
}

impl<F: FnMut(&InputError)> Events for F {
    fn error(&mut self, error: &InputError) {
        self(error)
    }
}

/// Runs `extractor` over every item of `inputs`, writing one line per
/// document to `out` in input order: the record of a document, or an error
/// record `{"id": …, "error": {"kind", "message", "source"}}` for one that
/// could not be read (or on which dealx failed: a panic in one document is
/// caught and becomes an error record of kind `internal`), which is also
/// passed to `events` (in input order), as are warnings.
///
/// `inputs` is read on a thread of its own into a bounded queue (at most
/// two chunks). Items are taken in chunks of at most [`CHUNK_DOCS`]
/// documents and [`CHUNK_BYTES`] of text for each thread (up to eight
/// threads), so memory stays bounded however long the input is; a chunk also
/// closes when the reader has nothing more ready, so records of a slow
/// stream come out as soon as they are done. With `threads` > 1 each chunk
/// is processed on a rayon pool of that size; with 1, on the calling
/// thread. Either way the output is the same, byte for byte. `out` is
/// flushed after every chunk.
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
    out: &mut Sink<W>,
    events: &mut dyn Events,
) -> io::Result<Summary>
where
    I: Iterator<Item = Item> + Send + 'static,
    W: Write,
{
    let layout = out.layout();
    run_with(
        &|items: &[Item], pieces: &mut Pieces| render_group(extractor, items, mode, layout, pieces),
        inputs,
        threads,
        out,
        events,
    )
}

/// How many chunks' worth of documents the reading thread keeps ready.
///
/// With one chunk ready, two threads sometimes waited for input: the
/// reading thread shares the cores with them, and a chunk is only taken
/// when one is written. Measured on the 100 MB benchmark corpus, two
/// threads, six alternating runs (session 8): one chunk ahead, 0.99-1.08 s
/// at 183-197% CPU; two, 0.98-1.02 s at 195-197% CPU, peak RSS 127-131 MB
/// against 115-124 MB; four, no faster than two.
const READ_AHEAD: usize = 2;

/// What renders a group of items: appends one piece to the [`Pieces`] for
/// each item, its bytes.
type Render<'r> = dyn Fn(&[Item], &mut Pieces) + Sync + 'r;

/// The most items rendered together, stage by stage
/// ([`crate::Extractor::process_many`]: each stage's tables stay in the
/// CPU cache from one document to the next).
///
/// A chunk is cut into groups, which are what the thread pool shares out:
/// one per thread, of at most this many items. On the
/// benchmark corpus, one thread, user time falls by about a fifth from
/// groups of one document to groups of 128, and by 2% more to 256.
pub const GROUP_DOCS: usize = 256;

/// The size of the groups a chunk of `items` items is cut into for
/// `threads` threads: one group for each thread, of at most
/// [`GROUP_DOCS`] items. Two chunks are rendered at once
/// ([`IN_FLIGHT`]), so a thread whose group costs less than the others'
/// starts on the next chunk's rather than waiting.
///
/// Measured on the 100 MB benchmark corpus, two threads (session 7):
/// chunks of 512 cut in two groups a thread took 1.11-1.14 s with a peak
/// RSS of 142-174 MB that varied from run to run; chunks of 256 in two
/// groups a thread, 1.13-1.17 s and 122-139 MB; chunks of 256 in one group
/// a thread, 1.10-1.11 s and 141-142 MB (137-140 MB on the 1 GB dump).
fn group_size(items: usize, threads: usize) -> usize {
    items.div_ceil(threads.max(1)).clamp(1, GROUP_DOCS)
}

/// A group's rendering buffer larger than this is given back to the
/// allocator after its chunk is written rather than kept for the next one,
/// so that a few huge documents do not hold memory for the rest of the run
/// (a typical record is a few tens of KiB, a group of 256 about 5 MiB).
const KEEP_BUFFER_BYTES: usize = 16 << 20;

/// How many chunks are rendered at once with more than one thread: while
/// the last groups of one chunk are being finished, the threads that are
/// free start on the next, instead of waiting for the whole chunk.
const IN_FLIGHT: usize = 2;

/// [`run`] with the rendering of one item given: the loop itself.
fn run_with<I, W>(
    render: &Render<'_>,
    inputs: I,
    threads: usize,
    out: &mut Sink<W>,
    events: &mut dyn Events,
) -> io::Result<Summary>
where
    I: Iterator<Item = Item> + Send + 'static,
    W: Write,
{
    let limits = chunk_limits(threads);
    let feed = Feed::spawn(inputs, READ_AHEAD * limits.0, READ_AHEAD * limits.1);
    if threads <= 1 {
        return run_serial(render, &feed, limits, out, events);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    pool.in_place_scope(|scope| run_parallel(scope, render, &feed, threads, limits, out, events))
}

/// The loop on one thread: a chunk is read, rendered and written, then the
/// next.
fn run_serial<W: Write>(
    render: &Render<'_>,
    feed: &Feed,
    (chunk_docs, chunk_bytes): (usize, usize),
    out: &mut Sink<W>,
    events: &mut dyn Events,
) -> io::Result<Summary> {
    let layout = out.layout();
    let mut summary = Summary::default();
    let mut chunk: Vec<Item> = Vec::with_capacity(chunk_docs);
    // One output buffer per group of a chunk, kept from chunk to chunk:
    // records are rendered straight into memory that is already there.
    let mut buffers: Vec<Pieces> = Vec::new();
    loop {
        chunk.clear();
        if !feed.next_chunk(&mut chunk, chunk_docs, chunk_bytes, &mut || events.stop()) {
            summary.stopped = events.stop();
            break;
        }
        let group = group_size(chunk.len(), 1);
        let groups = chunk.len().div_ceil(group);
        if buffers.len() < groups {
            buffers.resize_with(groups, Pieces::default);
        }
        let buffers = &mut buffers[..groups];
        let rendered: Vec<Result<(), String>> = chunk
            .chunks(group)
            .zip(buffers.iter_mut())
            .flat_map(|(items, pieces)| render_caught(render, items, pieces))
            .collect();
        let pieces = buffers.iter().flat_map(|p| (0..p.len()).map(|i| p.get(i)));
        let items = chunk.iter().zip(rendered).zip(pieces);
        finish_chunk(items, layout, &mut summary, events, out)?;
        trim(buffers);
        if summary.stopped {
            break;
        }
    }
    Ok(summary)
}

/// A group of a chunk, rendered on the pool: its items, their bytes and
/// how each rendering went.
struct Group {
    /// The number of its chunk, counted from 0.
    chunk: u64,
    /// Its place in the chunk.
    index: usize,
    items: Vec<Item>,
    pieces: Pieces,
    done: Vec<Result<(), String>>,
}

/// A chunk whose groups are out on the pool.
struct Flight {
    chunk: u64,
    /// Its groups, in order, as they come back.
    groups: Vec<Option<Group>>,
    /// How many have not come back yet.
    out: usize,
}

/// The loop on a pool of `threads` threads: each chunk is cut into groups
/// that the pool renders in the order they were spawned, while this
/// thread takes in the next chunk (when the input has one ready) and
/// writes each chunk, in input order, once all its groups are back. At
/// most [`IN_FLIGHT`] chunks are out at once, so memory stays bounded.
fn run_parallel<'s, W: Write>(
    scope: &rayon::Scope<'s>,
    render: &'s Render<'_>,
    feed: &Feed,
    threads: usize,
    (chunk_docs, chunk_bytes): (usize, usize),
    out: &mut Sink<W>,
    events: &mut dyn Events,
) -> io::Result<Summary> {
    let layout = out.layout();
    let mut summary = Summary::default();
    let (sender, back) = std::sync::mpsc::channel::<Group>();
    let mut flights: std::collections::VecDeque<Flight> = std::collections::VecDeque::new();
    // Item lists and buffers of written groups, used again.
    let mut spare: Vec<(Vec<Item>, Pieces)> = Vec::new();
    let mut chunk: Vec<Item> = Vec::with_capacity(chunk_docs);
    let mut next_chunk = 0u64;
    let mut input_over = false;
    loop {
        if !input_over && flights.len() < IN_FLIGHT {
            chunk.clear();
            // Wait for input only when nothing else is to be done.
            let ready = if flights.is_empty() {
                if feed.next_chunk(&mut chunk, chunk_docs, chunk_bytes, &mut || events.stop()) {
                    Ready::Taken
                } else {
                    Ready::Ended
                }
            } else {
                feed.try_next_chunk(&mut chunk, chunk_docs, chunk_bytes)
            };
            match ready {
                Ready::Taken => {
                    let group = group_size(chunk.len(), threads);
                    let groups = chunk.len().div_ceil(group);
                    let mut items = chunk.drain(..);
                    for index in 0..groups {
                        let (mut list, mut pieces) = spare.pop().unwrap_or_default();
                        list.extend(items.by_ref().take(group));
                        let sender = sender.clone();
                        let chunk = next_chunk;
                        scope.spawn(move |_| {
                            let done = render_caught(render, &list, &mut pieces);
                            // The loop has gone only when the run stopped.
                            let _ = sender.send(Group {
                                chunk,
                                index,
                                items: list,
                                pieces,
                                done,
                            });
                        });
                    }
                    flights.push_back(Flight {
                        chunk: next_chunk,
                        groups: (0..groups).map(|_| None).collect(),
                        out: groups,
                    });
                    next_chunk += 1;
                    continue;
                }
                Ready::Empty => {}
                Ready::Ended => {
                    input_over = true;
                    if events.stop() {
                        summary.stopped = true;
                        break;
                    }
                }
            }
        }
        let Some(first) = flights.front() else {
            break;
        };
        let first = first.chunk;
        while flights.front().is_some_and(|f| f.out > 0) {
            let group = back
                .recv()
                .expect("every group spawned is sent back (its rendering catches panics)");
            let flight = flights
                .iter_mut()
                .find(|f| f.chunk == group.chunk)
                .expect("a group's chunk is in flight");
            flight.out -= 1;
            let index = group.index;
            flight.groups[index] = Some(group);
        }
        let flight = flights.pop_front().expect("the first chunk in flight");
        debug_assert_eq!(flight.chunk, first);
        let mut groups: Vec<Group> = flight
            .groups
            .into_iter()
            .map(|g| g.expect("every group is back"))
            .collect();
        let items = groups.iter_mut().flat_map(|g| {
            let Group {
                items,
                pieces,
                done,
                ..
            } = g;
            let done = std::mem::take(done);
            let pieces = &*pieces;
            items
                .iter()
                .zip(done)
                .zip((0..pieces.len()).map(|i| pieces.get(i)))
        });
        finish_chunk(items, layout, &mut summary, events, out)?;
        for mut group in groups {
            trim(std::slice::from_mut(&mut group.pieces));
            group.items.clear();
            spare.push((group.items, group.pieces));
        }
        if summary.stopped {
            break;
        }
    }
    Ok(summary)
}

/// Gives back to the allocator the buffers that grew larger than
/// [`KEEP_BUFFER_BYTES`].
fn trim(buffers: &mut [Pieces]) {
    for pieces in buffers.iter_mut() {
        if pieces.capacity() > KEEP_BUFFER_BYTES {
            *pieces = Pieces::default();
        }
    }
}

/// Accounts for the rendered items of a chunk, in order (a record, or an
/// error record in place of a failed rendering, each error passed to
/// `events`), writes them and flushes. Stops early, with
/// [`Summary::stopped`] set, when `events` says so after an error record
/// or after the chunk.
fn finish_chunk<'c, W: Write>(
    items: impl Iterator<Item = ((&'c Item, Result<(), String>), &'c [u8])>,
    layout: crate::Layout,
    summary: &mut Summary,
    events: &mut dyn Events,
    out: &mut Sink<W>,
) -> io::Result<()> {
    let mut written: Vec<Cow<'c, [u8]>> = Vec::new();
    for ((item, done), bytes) in items {
        let failed = match (item, done) {
            (Item::Doc(d), Ok(())) => {
                summary.records += 1;
                summary.bytes += d.text.len() as u64;
                None
            }
            (Item::Doc(d), Err(panic)) => Some(internal_error(d, &panic)),
            (Item::Error(e), Ok(())) => {
                count(&mut summary.errors, &mut summary.errors_by_kind, e);
                events.error(e);
                summary.stopped = events.stop();
                None
            }
            (Item::Error(e), Err(_)) => Some(e.clone()),
            (Item::Warning(w), _) => {
                count(&mut summary.warnings, &mut summary.warnings_by_kind, w);
                events.warning(w);
                None
            }
        };
        match failed {
            Some(e) => {
                written.push(Cow::Owned(render_error(&e, layout)));
                count(&mut summary.errors, &mut summary.errors_by_kind, &e);
                events.error(&e);
                summary.stopped = events.stop();
            }
            None => written.push(Cow::Borrowed(bytes)),
        }
        if summary.stopped {
            break;
        }
    }
    out.write_items(written.iter().map(|bytes| &**bytes))?;
    out.flush()?;
    if !summary.stopped {
        events.chunk_written(summary);
        summary.stopped = events.stop();
    }
    Ok(())
}

fn count(total: &mut u64, by_kind: &mut BTreeMap<&'static str, u64>, e: &InputError) {
    *total += 1;
    *by_kind.entry(e.kind.as_str()).or_default() += 1;
}

/// The error of a document on which dealx panicked.
fn internal_error(doc: &Document, panic: &str) -> InputError {
    InputError {
        id: Some(doc.id.clone()),
        location: doc.source.clone().unwrap_or_else(|| doc.id.clone()),
        kind: InputErrorKind::Internal,
        message: format!("dealx failed on this document (a bug; please report it): {panic}"),
    }
}

/// `render(items)` into `pieces` (cleared first), with a panic caught and
/// returned as its message, so one document that trips a bug costs that
/// document only: when the group panics, each item is rendered again alone,
/// and only the ones that panic alone fail (an empty piece stands for what
/// a failed rendering had written). One result per item, in order, and
/// one piece.
fn render_caught(
    render: &Render<'_>,
    items: &[Item],
    pieces: &mut Pieces,
) -> Vec<Result<(), String>> {
    pieces.clear();
    if std::panic::catch_unwind(AssertUnwindSafe(|| render(items, pieces))).is_ok() {
        debug_assert_eq!(pieces.len(), items.len(), "one piece per item");
        return vec![Ok(()); items.len()];
    }
    pieces.clear();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let one = std::slice::from_ref(item);
            let done = std::panic::catch_unwind(AssertUnwindSafe(|| render(one, pieces)));
            if done.is_err() {
                pieces.truncate(i);
                pieces.close();
            }
            done.map_err(panic_message)
        })
        .collect()
}

/// The message of a caught panic.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, InputErrorKind, Layout};
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
        let mut out = Sink::new(Vec::new(), Layout::default());
        let mut errors = 0;
        let summary = run(
            &ex,
            items(n).into_iter(),
            Mode::Extract,
            threads,
            &mut out,
            &mut |_: &InputError| errors += 1,
        )
        .unwrap();
        (out.finish().unwrap(), summary, errors)
    }

    #[test]
    fn a_chunk_holds_a_whole_group_for_each_thread() {
        for threads in 1..=CHUNK_THREADS {
            let (docs, bytes) = chunk_limits(threads);
            assert_eq!(group_size(docs, threads), GROUP_DOCS);
            assert_eq!(docs.div_ceil(group_size(docs, threads)), threads);
            assert_eq!(bytes, CHUNK_BYTES * threads);
        }
        assert_eq!(chunk_limits(0), chunk_limits(1));
        assert_eq!(chunk_limits(64), chunk_limits(CHUNK_THREADS));
    }

    #[test]
    fn groups_are_one_per_thread_and_at_most_group_docs() {
        assert_eq!(group_size(0, 1), 1);
        assert_eq!(group_size(3, 1), 3);
        assert_eq!(group_size(CHUNK_DOCS, 1), GROUP_DOCS.min(CHUNK_DOCS));
        assert_eq!(group_size(CHUNK_DOCS, 2), CHUNK_DOCS / 2);
        assert_eq!(group_size(CHUNK_DOCS, 64), 4);
        assert_eq!(group_size(5, 0), 5);
        for items in 1..600 {
            for threads in 1..20 {
                let g = group_size(items, threads);
                assert!((1..=GROUP_DOCS).contains(&g));
                // Never more groups than threads, unless capped.
                assert!(g == GROUP_DOCS || items.div_ceil(g) <= threads);
                // A group for each thread when there are items enough.
                if items >= threads * threads && g < GROUP_DOCS {
                    assert!(items.div_ceil(g) >= threads - 1, "{items}, {threads}");
                }
            }
        }
    }

    #[test]
    fn parallel_output_equals_sequential_output() {
        let n = chunk_limits(2).0 * 2 + 17;
        let (one, s1, e1) = output(1, n);
        let (two, s2, e2) = output(2, n);
        assert_eq!(one, two);
        assert_eq!(s1, s2);
        assert_eq!(e1, e2);
        assert_eq!(one.iter().filter(|&&b| b == b'\n').count(), n);
        assert_eq!(s1.documents(), n as u64);
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

    /// A group renderer that renders each item with `one`.
    fn each(one: impl Fn(&Item, &mut Vec<u8>) + Sync) -> impl Fn(&[Item], &mut Pieces) + Sync {
        move |items, pieces| {
            for item in items {
                one(item, pieces.open());
                pieces.close();
            }
        }
    }

    fn doc(id: &str, text: &str) -> Item {
        Item::Doc(Document::new(id, text))
    }

    #[test]
    fn a_panic_in_one_document_costs_that_document_only() {
        let render = each(|item: &Item, buf: &mut Vec<u8>| match item {
            Item::Doc(d) if d.id == "boom" => {
                buf.extend_from_slice(b"half a line");
                panic!("stage bug on purpose")
            }
            Item::Doc(d) => buf.extend_from_slice(format!("{}\n", d.id).as_bytes()),
            _ => {}
        });
        for threads in [1, 2] {
            let items = vec![doc("a", "x"), doc("boom", "y"), doc("c", "z")];
            let mut out = Sink::new(Vec::new(), Layout::default());
            let mut seen = Vec::new();
            let summary = run_with(
                &render,
                items.into_iter(),
                threads,
                &mut out,
                &mut |e: &InputError| seen.push(e.clone()),
            )
            .unwrap();
            let text = String::from_utf8(out.finish().unwrap()).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 3, "{text}");
            assert_eq!((lines[0], lines[2]), ("a", "c"));
            let v: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
            assert_eq!(v["id"], "boom");
            assert_eq!(v["error"]["kind"], "internal");
            assert!(v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("stage bug on purpose"));
            assert_eq!((summary.records, summary.errors), (2, 1));
            assert_eq!(summary.errors_by_kind.get("internal"), Some(&1));
            assert_eq!(seen.len(), 1);
        }
    }

    /// Stops at the first error, as `--strict` does.
    struct StopAtFirstError(u32);

    impl Events for StopAtFirstError {
        fn error(&mut self, _: &InputError) {
            self.0 += 1;
        }
        fn stop(&mut self) -> bool {
            self.0 > 0
        }
    }

    #[test]
    fn stop_after_an_error_writes_it_last() {
        let (out, _, _) = output(1, 7);
        let full: Vec<&[u8]> = out.split_inclusive(|&b| b == b'\n').collect();
        let ex = Extractor::new(&Config::default()).unwrap();
        let mut out = Sink::new(Vec::new(), Layout::default());
        let summary = run(
            &ex,
            items(7).into_iter(),
            Mode::Extract,
            2,
            &mut out,
            &mut StopAtFirstError(0),
        )
        .unwrap();
        assert!(summary.stopped);
        assert_eq!(summary.documents(), 6);
        assert_eq!(out.finish().unwrap(), full[..6].concat());
    }

    #[test]
    fn warnings_are_counted_and_write_nothing() {
        let w = InputError {
            id: None,
            location: "dir/x.txt".into(),
            kind: InputErrorKind::Binary,
            message: "binary".into(),
        };
        let items = vec![doc("a", "Chile."), Item::Warning(w), doc("b", "Peru.")];
        let ex = Extractor::new(&Config::default()).unwrap();
        let mut out = Sink::new(Vec::new(), Layout::default());
        let summary = run(
            &ex,
            items.into_iter(),
            Mode::Sentences,
            1,
            &mut out,
            &mut |_: &InputError| {},
        )
        .unwrap();
        let out = out.finish().unwrap();
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 2);
        assert_eq!((summary.records, summary.warnings), (2, 1));
        assert_eq!(summary.warnings_by_kind.get("binary"), Some(&1));
    }

    /// An input that gives one document, then blocks until told to go on.
    struct Blocking {
        sent: bool,
        gate: std::sync::mpsc::Receiver<()>,
    }

    impl Iterator for Blocking {
        type Item = Item;
        fn next(&mut self) -> Option<Item> {
            if !self.sent {
                self.sent = true;
                return Some(doc("first", "Chile."));
            }
            let _ = self.gate.recv();
            None
        }
    }

    /// A writer that reports each flush with what was written so far.
    struct Flushes(std::sync::mpsc::Sender<Vec<u8>>, Vec<u8>);

    impl Write for Flushes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.1.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            let _ = self.0.send(self.1.clone());
            Ok(())
        }
    }

    #[test]
    fn a_chunk_closes_when_the_reader_has_nothing_ready() {
        let (go, gate) = std::sync::mpsc::channel();
        let (flushed, flushes) = std::sync::mpsc::channel();
        let handle = std::thread::spawn(move || {
            let render = each(|item: &Item, buf: &mut Vec<u8>| {
                if let Item::Doc(d) = item {
                    buf.extend_from_slice(format!("{}\n", d.id).as_bytes());
                }
            });
            let mut out = Sink::new(Flushes(flushed, Vec::new()), Layout::default());
            run_with(
                &render,
                Blocking { sent: false, gate },
                1,
                &mut out,
                &mut |_: &InputError| {},
            )
        });
        // The first record is flushed while the input is still open.
        let first = flushes
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("a record before the input ends");
        assert_eq!(first, b"first\n");
        go.send(()).unwrap();
        let summary = handle.join().unwrap().unwrap();
        assert_eq!(summary.records, 1);
    }
}
