//! Output formats: what each document becomes (its full record, or one flat
//! row per deal, entity, amount or date) and how it is framed (JSON Lines,
//! one JSON array, CSV).
//!
//! Rendering is split in two so that it can run in parallel and still
//! stream in input order:
//!
//! - [`render`] turns one input item into bytes, on any worker thread, for
//!   a [`Layout`];
//! - a [`Sink`] writes those bytes in input order and adds the framing
//!   that depends on what came before: the `[`, `,` and `]` of a JSON array,
//!   the CSV header line.
//!
//! # Rows
//!
//! Each per-kind row is flat: the document's `doc_id` and `published`,
//! then one column per field of the wire type in
//! [`dealx_core::record`]. A nested object becomes prefixed columns (a
//! deal's `amount` is `amount_value`, `amount_currency`). Lists stay arrays
//! in JSON and are joined with `|` in CSV. The columns are listed once per
//! kind ([`Records::columns`]), each with the function that reads it, so a
//! new field is one new line.
//!
//! # Error records
//!
//! A document that could not be read is an error record
//! (`{"id", "error": {…}}`) in its place when whole records are written
//! (`jsonl` and `json` with `full`). Rows have no place for it: with
//! `--records deals|entities|amounts|dates` such a document contributes no
//! row. Either way the caller is told (`on_error` in [`crate::run`]), so
//! it is reported on standard error and counted in the exit status.

use std::fmt;
use std::io::{self, IoSlice, Write};

use dealx_core::record::{DealEntity, ErrorDetail, ErrorRecord, Number, Record};
use dealx_core::{Date, DateValue, Document, Extraction, Sentence};
use serde::Serialize;
#[cfg(test)]
use serde::{
    ser::{SerializeMap, SerializeSeq},
    Serializer,
};

use crate::{Extractor, InputError, Item, Mode, Stages};

/// How the output is framed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON Lines: one JSON object per line (the default).
    #[default]
    Jsonl,
    /// One JSON array of objects, written as it goes (one object per line
    /// inside the brackets), never held whole in memory.
    Json,
    /// CSV with a header line (RFC 4180 quoting, `\n` line ends); only for
    /// per-kind rows.
    Csv,
}

impl Format {
    /// The name used on the command line (`jsonl`, `json`, `csv`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

/// What each document is written as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Records {
    /// Its full record (the default).
    #[default]
    Full,
    /// One row per deal.
    Deals,
    /// One row per entity mention.
    Entities,
    /// One row per sum of money.
    Amounts,
    /// One row per date mention.
    Dates,
}

impl Records {
    /// The name used on the command line (`full`, `deals`, …).
    pub fn as_str(&self) -> &'static str {
        match self {
            Records::Full => "full",
            Records::Deals => "deals",
            Records::Entities => "entities",
            Records::Amounts => "amounts",
            Records::Dates => "dates",
        }
    }

    /// The column names of this kind's rows, in order; empty for
    /// [`Records::Full`].
    ///
    /// ```
    /// use dealx_pipeline::Records;
    ///
    /// assert_eq!(&Records::Dates.columns()[..3], ["doc_id", "published", "text"]);
    /// ```
    pub fn columns(&self) -> Vec<&'static str> {
        self.table().iter().map(|(name, _)| *name).collect()
    }

    /// The stages whose results this kind's rows read, so that
    /// `dealx extract --records KIND` runs no other. Every row reads the
    /// document's `published` (always worked out); beyond that:
    ///
    /// - a full record, and a deal row (its parties, amount and date are
    ///   the entities, amounts and dates the deal stage picked), every
    ///   stage;
    /// - an entity row, the gazetteer's entities only;
    /// - an amount row, the money stage's amounts only (their `same_as`
    ///   and `range_with` point at other amounts);
    /// - a date row, the date stage's mentions only.
    pub fn stages(&self) -> Stages {
        match self {
            Records::Full | Records::Deals => Stages::ALL,
            Records::Entities => Stages::ENTITIES,
            Records::Amounts => Stages::AMOUNTS,
            Records::Dates => Stages::DATES,
        }
    }

    fn table(&self) -> &'static [Column] {
        match self {
            Records::Full => &[],
            Records::Deals => DEAL_COLUMNS,
            Records::Entities => ENTITY_COLUMNS,
            Records::Amounts => AMOUNT_COLUMNS,
            Records::Dates => DATE_COLUMNS,
        }
    }

    fn count(&self, record: &Record<'_>) -> usize {
        match self {
            Records::Full => 0,
            Records::Deals => record.deals.len(),
            Records::Entities => record.entities.len(),
            Records::Amounts => record.amounts.len(),
            Records::Dates => record.dates.len(),
        }
    }
}

/// A checked pair of [`Format`] and [`Records`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Layout {
    format: Format,
    records: Records,
}

/// A [`Format`] and [`Records`] pair that cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "--format csv needs --records deals, entities, amounts or dates: a full record is nested \
     (write it as jsonl or json)"
)]
pub struct LayoutError;

impl Layout {
    /// The layout writing `records` in `format`.
    ///
    /// # Errors
    ///
    /// CSV of full records: they are nested, CSV is flat.
    pub fn new(format: Format, records: Records) -> Result<Layout, LayoutError> {
        if format == Format::Csv && records == Records::Full {
            return Err(LayoutError);
        }
        Ok(Layout { format, records })
    }

    /// The framing.
    pub fn format(&self) -> Format {
        self.format
    }

    /// What each document is written as.
    pub fn records(&self) -> Records {
        self.records
    }
}

/// Writes rendered items in input order with the framing of its
/// [`Layout`]: nothing around JSON Lines, `[`, `,` and `]` around a JSON
/// array, a header line before CSV rows.
///
/// Call [`Sink::finish`] at the end: it closes the JSON array (and writes
/// the CSV header when there was no row), then hands the writer back.
///
/// ```
/// use dealx_pipeline::{Format, Layout, Records, Sink};
///
/// let mut sink = Sink::new(Vec::new(), Layout::new(Format::Json, Records::Full).unwrap());
/// sink.write_item(br#"{"id":"a"}"#).unwrap();
/// sink.write_item(b"").unwrap(); // an item with nothing to write
/// sink.write_item(br#"{"id":"b"}"#).unwrap();
/// let out = sink.finish().unwrap();
/// assert_eq!(out, b"[\n{\"id\":\"a\"},\n{\"id\":\"b\"}\n]\n");
/// ```
#[derive(Debug)]
pub struct Sink<W: Write> {
    out: W,
    layout: Layout,
    started: bool,
    /// Non-empty items written so far.
    items: u64,
}

impl<W: Write> Sink<W> {
    /// A sink writing to `out` in `layout`. Nothing is written yet.
    pub fn new(out: W, layout: Layout) -> Sink<W> {
        Sink {
            out,
            layout,
            started: false,
            items: 0,
        }
    }

    /// The layout items must be rendered in.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Writes the opening framing once: `[` for JSON, the header for CSV.
    fn start(&mut self) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        match self.layout.format {
            Format::Jsonl => Ok(()),
            Format::Json => self.out.write_all(b"["),
            Format::Csv => {
                let mut header = csv::WriterBuilder::new().from_writer(Vec::new());
                header.write_record(self.layout.records.columns())?;
                let header = header.into_inner().map_err(|e| e.into_error())?;
                self.out.write_all(&header)
            }
        }
    }

    /// Writes one item's bytes as the pipeline rendered them for this sink's
    /// layout. An empty item (a document with no rows, an error record
    /// where rows are written) writes nothing.
    ///
    /// # Errors
    ///
    /// An error of the underlying writer.
    pub fn write_item(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.start()?;
        if bytes.is_empty() {
            return Ok(());
        }
        if self.layout.format == Format::Json {
            self.out
                .write_all(if self.items == 0 { b"\n" } else { b",\n" })?;
        }
        self.items += 1;
        self.out.write_all(bytes)
    }

    /// Writes several items at once, as [`Sink::write_item`] on each in
    /// turn would, byte for byte (framing included), but handing the
    /// writer all their bytes in one vectored write (`write_vectored`,
    /// repeated until all is written) instead of one `write_all` each.
    ///
    /// Why: a `BufWriter` copies every piece smaller than its buffer into
    /// that buffer before the system call. Given slices that together
    /// exceed its buffer, it empties its buffer and passes them on
    /// uncopied to a writer that takes vectored writes (a file, standard
    /// output), so a batch's rendered records go from their own buffers
    /// to the system in one `writev` per chunk. A writer without vectored
    /// writes receives them in turn, a piece at a time; the bytes are the
    /// same either way.
    ///
    /// ```
    /// use dealx_pipeline::{Format, Layout, Records, Sink};
    ///
    /// let layout = Layout::new(Format::Json, Records::Full).unwrap();
    /// let mut sink = Sink::new(Vec::new(), layout);
    /// sink.write_items([&br#"{"id":"a"}"#[..], b"", br#"{"id":"b"}"#]).unwrap();
    /// assert_eq!(sink.finish().unwrap(), b"[\n{\"id\":\"a\"},\n{\"id\":\"b\"}\n]\n");
    /// ```
    ///
    /// # Errors
    ///
    /// An error of the underlying writer.
    pub fn write_items<'a>(&mut self, items: impl IntoIterator<Item = &'a [u8]>) -> io::Result<()> {
        self.start()?;
        let json = self.layout.format == Format::Json;
        let mut slices = Vec::new();
        for bytes in items.into_iter().filter(|b| !b.is_empty()) {
            if json {
                let separator: &'static [u8] = if self.items == 0 { b"\n" } else { b",\n" };
                slices.push(IoSlice::new(separator));
            }
            self.items += 1;
            slices.push(IoSlice::new(bytes));
        }
        write_all_vectored(&mut self.out, &mut slices)
    }

    /// Flushes what was written so far (the opening framing included).
    ///
    /// # Errors
    ///
    /// An error of the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.start()?;
        self.out.flush()
    }

    /// Writes the closing framing, flushes, and returns the writer.
    ///
    /// # Errors
    ///
    /// An error of the underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.start()?;
        if self.layout.format == Format::Json {
            self.out
                .write_all(if self.items == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes all of `slices` to `out` with as few `write_vectored` calls as it
/// takes (the standard library's `write_all_vectored` is not stable yet).
fn write_all_vectored(out: &mut impl Write, mut slices: &mut [IoSlice<'_>]) -> io::Result<()> {
    while !slices.is_empty() {
        match out.write_vectored(slices) {
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::WriteZero,
                    "failed to write whole buffer",
                ))
            }
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Appends the bytes of one input item in `layout` to `buf`, for
/// [`Sink::write_item`]: a JSON Lines line (with its newline), one JSON
/// array element (without separator), or CSV rows (each with its newline);
/// nothing when the item has nothing to write. [`render_group`] for one
/// item.
#[cfg(test)]
pub(crate) fn render(
    extractor: &Extractor,
    item: &Item,
    mode: Mode,
    layout: Layout,
    buf: &mut Vec<u8>,
) {
    let mut pieces = Pieces::default();
    render_group(
        extractor,
        std::slice::from_ref(item),
        mode,
        layout,
        &mut pieces,
    );
    buf.extend_from_slice(pieces.get(0));
}

/// The bytes of a group of items, one piece per item, one after the other
/// in one buffer.
///
/// Why one buffer: the batch keeps its rendering buffers from chunk to
/// chunk. Kept one per item, each grew to the largest record its place
/// ever held, so memory crept up with the length of the run (the largest
/// of more records is larger); kept one per group, the buffer is as large
/// as the largest group, a sum of hundreds of records, which hardly
/// varies.
#[derive(Debug, Default)]
pub(crate) struct Pieces {
    bytes: Vec<u8>,
    /// Where each piece ends in `bytes`.
    ends: Vec<usize>,
}

impl Pieces {
    /// Empties it, keeping its memory.
    pub(crate) fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    /// How many pieces it holds.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Piece `i`.
    pub(crate) fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// The buffer the next piece is appended to.
    pub(crate) fn open(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }

    /// Ends the piece being appended.
    pub(crate) fn close(&mut self) {
        self.ends.push(self.bytes.len());
    }

    /// Drops pieces from `len` on, and what was appended after them.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.ends.truncate(len);
        self.bytes.truncate(self.ends.last().copied().unwrap_or(0));
    }

    /// The capacity of its buffer, in bytes.
    pub(crate) fn capacity(&self) -> usize {
        self.bytes.capacity()
    }

    /// Makes room for `additional` bytes, in a new buffer when it is empty
    /// (see [`crate::json::reserve_fresh`]).
    fn reserve(&mut self, additional: usize) {
        crate::json::reserve_fresh(&mut self.bytes, additional);
    }
}

/// Appends one piece to `pieces` for each of `items`, in `layout`, as
/// [`render`] does for one. The batch keeps a group's buffer from chunk to
/// chunk, so that records are written straight into memory that is already
/// there.
///
/// The documents of the group are processed together, stage by stage
/// ([`Extractor::process_many`]); each record is the one the document
/// gives alone.
pub(crate) fn render_group(
    extractor: &Extractor,
    items: &[Item],
    mode: Mode,
    layout: Layout,
    pieces: &mut Pieces,
) {
    let docs: Vec<&Document> = items
        .iter()
        .filter_map(|item| match item {
            Item::Doc(doc) => Some(doc),
            _ => None,
        })
        .collect();
    let extractions = match mode {
        // Rows run only the stages they read (see `Records::stages`).
        Mode::Extract => extractor.process_many(&docs, layout.records.stages()),
        Mode::Sentences => Vec::new(),
    };
    // Room for all the records at once, instead of a chain of doublings
    // (each copying what the group has so far): a full record's own
    // estimate, else about three times the text.
    pieces.reserve(
        if mode == Mode::Extract && layout.records == Records::Full {
            extractions.iter().map(crate::json::record_size).sum()
        } else {
            docs.iter().map(|doc| 512 + doc.text.len() * 3).sum()
        },
    );
    let mut extractions = extractions.into_iter();
    for item in items {
        let buf = pieces.open();
        match item {
            Item::Doc(doc) => match mode {
                Mode::Extract => {
                    let extraction = extractions
                        .next()
                        .expect("process_many gives one extraction per document");
                    if layout.records == Records::Full {
                        crate::json::write_extraction(buf, extractor, &extraction);
                        newline(buf, layout);
                    } else {
                        extraction_rows(buf, extractor, &extraction, layout);
                    }
                }
                Mode::Sentences => {
                    json(buf, &extractor.sentences_record(doc));
                    newline(buf, layout);
                }
            },
            Item::Error(e) => buf.extend_from_slice(&render_error(e, layout)),
            Item::Warning(_) => {}
        }
        pieces.close();
    }
}

/// Ends a JSON record: a newline in JSON Lines, nothing in a JSON array
/// (the separator comes with the next element).
fn newline(buf: &mut Vec<u8>, layout: Layout) {
    if layout.format == Format::Jsonl {
        buf.push(b'\n');
    }
}

/// The bytes of the error record of `e` in `layout`, for
/// [`Sink::write_item`]: empty where rows are written (errors then reach
/// the user on standard error only).
pub(crate) fn render_error(e: &InputError, layout: Layout) -> Vec<u8> {
    let mut buf = Vec::new();
    if layout.records != Records::Full {
        return buf;
    }
    json(
        &mut buf,
        &ErrorRecord {
            id: e.id.as_deref(),
            error: ErrorDetail {
                kind: e.kind.as_str(),
                message: &e.message,
                source: &e.location,
            },
        },
    );
    if layout.format == Format::Jsonl {
        buf.push(b'\n');
    }
    buf
}

/// Appends `value` as compact JSON.
fn json<T: Serialize>(buf: &mut Vec<u8>, value: &T) {
    // Writing into a Vec cannot fail, and every record type serialises.
    serde_json::to_writer(buf, value).expect("records serialise into memory");
}

/// What a row's columns read: the document's record, and what the record
/// refers to without holding (its text, its sentences' spans).
struct DocRows<'r> {
    record: &'r Record<'r>,
    text: &'r str,
    sentences: &'r [Sentence],
}

impl<'r> DocRows<'r> {
    /// The headline of the article that holds sentence `sentence`, when
    /// the page has one there.
    fn title_of(&self, sentence: usize) -> Option<&'r str> {
        let at = self.sentences.get(sentence)?.span.start();
        let article = self
            .record
            .articles
            .iter()
            .find(|a| a.start <= at && at < a.end)?;
        let title = article.title?;
        self.text.get(title.start..title.end).map(str::trim)
    }
}

/// One column: its name and how to read it from row `i` of a document.
type Column = (&'static str, for<'r> fn(&DocRows<'r>, usize) -> Cell<'r>);

/// One row per deal.
///
/// A new field of [`DealRecord`](dealx_core::record::DealRecord) is one
/// line here: a scalar `("count", |d, i| d.record.deals[i].count.into())`;
/// a nested object one column per field, prefixed (`amount_value`); a list
/// of objects one list column per field (for parties with a name, a type
/// and an id: `parties`, `party_types`, `party_ids`, each
/// `Cell::List(….iter().map(|p| p.name.into()).collect())`), so that CSV
/// stays flat and the `|`-joined lists line up item by item.
static DEAL_COLUMNS: &[Column] = &[
    ("doc_id", |d, _| d.record.id.into()),
    ("title", |d, i| {
        d.title_of(d.record.deals[i].sentence).into()
    }),
    ("published", |d, _| d.record.published.into()),
    ("kind", |d, i| d.record.deals[i].kind.into()),
    ("parties", |d, i| names(&d.record.deals[i].parties)),
    ("party_types", |d, i| kinds(&d.record.deals[i].parties)),
    ("party_ids", |d, i| ids(&d.record.deals[i].parties)),
    ("leaders", |d, i| names(&d.record.deals[i].leaders)),
    ("places", |d, i| names(&d.record.deals[i].places)),
    ("amount_value", |d, i| {
        d.record.deals[i].amount.as_ref().map(|a| a.value).into()
    }),
    ("amount_currency", |d, i| {
        d.record.deals[i].amount.as_ref().map(|a| a.currency).into()
    }),
    ("amount_usd", |d, i| {
        d.record.deals[i].amount.as_ref().and_then(|a| a.usd).into()
    }),
    ("amount_text", |d, i| {
        d.record.deals[i].amount.as_ref().map(|a| a.text).into()
    }),
    ("date", |d, i| d.record.deals[i].date.into()),
    ("count", |d, i| {
        d.record.deals[i].count.map(|c| c as usize).into()
    }),
    ("sectors", |d, i| Cell::list(&d.record.deals[i].sectors)),
    ("confidence", |d, i| {
        Cell::Float(d.record.deals[i].confidence)
    }),
    ("sentence", |d, i| d.record.deals[i].sentence.into()),
    ("start", |d, i| d.record.deals[i].span.start.into()),
    ("end", |d, i| d.record.deals[i].span.end.into()),
    ("evidence", |d, i| d.record.deals[i].evidence.into()),
];

/// The names of a deal's parties, leaders or places, as a list cell.
fn names<'r>(entities: &[DealEntity<'r>]) -> Cell<'r> {
    Cell::List(entities.iter().map(|e| e.name.into()).collect())
}

/// Their types, item by item with [`names`].
fn kinds<'r>(entities: &[DealEntity<'r>]) -> Cell<'r> {
    Cell::List(entities.iter().map(|e| e.kind.into()).collect())
}

/// Their gazetteer ids (empty for an entity found by a rule), item by item
/// with [`names`].
fn ids<'r>(entities: &[DealEntity<'r>]) -> Cell<'r> {
    Cell::List(entities.iter().map(|e| e.id.unwrap_or("").into()).collect())
}

/// One row per entity mention.
static ENTITY_COLUMNS: &[Column] = &[
    ("doc_id", |d, _| d.record.id.into()),
    ("published", |d, _| d.record.published.into()),
    ("type", |d, i| d.record.entities[i].kind.into()),
    ("subtype", |d, i| d.record.entities[i].subtype.into()),
    ("name", |d, i| d.record.entities[i].name.into()),
    ("text", |d, i| d.record.entities[i].text.into()),
    ("start", |d, i| d.record.entities[i].start.into()),
    ("end", |d, i| d.record.entities[i].end.into()),
    ("sentence", |d, i| d.record.entities[i].sentence.into()),
    ("id", |d, i| d.record.entities[i].id.into()),
    ("country", |d, i| d.record.entities[i].country.into()),
    ("source", |d, i| d.record.entities[i].source.into()),
    ("via", |d, i| d.record.entities[i].via.into()),
];

/// One row per sum of money. `index` is the amount's position in its
/// document's `amounts`, which `range_with` and `same_as` refer to.
static AMOUNT_COLUMNS: &[Column] = &[
    ("doc_id", |d, _| d.record.id.into()),
    ("published", |d, _| d.record.published.into()),
    ("index", |_, i| i.into()),
    ("text", |d, i| d.record.amounts[i].text.into()),
    ("value", |d, i| d.record.amounts[i].value.into()),
    ("currency", |d, i| d.record.amounts[i].currency.into()),
    ("usd", |d, i| d.record.amounts[i].usd.into()),
    ("qualifier", |d, i| d.record.amounts[i].qualifier.into()),
    ("start", |d, i| d.record.amounts[i].start.into()),
    ("end", |d, i| d.record.amounts[i].end.into()),
    ("sentence", |d, i| d.record.amounts[i].sentence.into()),
    ("currency_assumed", |d, i| {
        d.record.amounts[i].currency_assumed.into()
    }),
    ("usd_rate_date", |d, i| {
        d.record.amounts[i].usd_rate_date.into()
    }),
    ("range_with", |d, i| d.record.amounts[i].range_with.into()),
    ("same_as", |d, i| Cell::list(&d.record.amounts[i].same_as)),
];

/// One row per date mention.
static DATE_COLUMNS: &[Column] = &[
    ("doc_id", |d, _| d.record.id.into()),
    ("published", |d, _| d.record.published.into()),
    ("text", |d, i| d.record.dates[i].text.into()),
    ("value", |d, i| d.record.dates[i].value.into()),
    ("anchor", |d, i| d.record.dates[i].anchor.into()),
    ("start", |d, i| d.record.dates[i].start.into()),
    ("end", |d, i| d.record.dates[i].end.into()),
    ("sentence", |d, i| d.record.dates[i].sentence.into()),
];

/// Appends the rows of `extraction` in `layout` (not [`Records::Full`]).
fn extraction_rows(
    buf: &mut Vec<u8>,
    extractor: &Extractor,
    extraction: &Extraction<'_>,
    layout: Layout,
) {
    let record = extractor.record(extraction);
    let doc = DocRows {
        record: &record,
        text: extraction.annotated.text(),
        sentences: extraction.annotated.sentences(),
    };
    rows(buf, &doc, layout);
}

/// Appends the rows of one document in `layout` (not [`Records::Full`]).
fn rows(buf: &mut Vec<u8>, doc: &DocRows<'_>, layout: Layout) {
    let columns = layout.records.table();
    let n = layout.records.count(doc.record);
    match layout.format {
        Format::Jsonl | Format::Json => {
            for i in 0..n {
                if i > 0 && layout.format == Format::Json {
                    buf.extend_from_slice(b",\n");
                }
                write_row(buf, doc, columns, i);
                if layout.format == Format::Jsonl {
                    buf.push(b'\n');
                }
            }
        }
        Format::Csv => {
            let mut writer = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(buf);
            let mut fields: Vec<String> = Vec::with_capacity(columns.len());
            for i in 0..n {
                fields.clear();
                fields.extend(columns.iter().map(|(_, read)| read(doc, i).to_string()));
                // Writing into a Vec cannot fail.
                writer
                    .write_record(&fields)
                    .expect("CSV rows write into memory");
            }
            writer.flush().expect("CSV rows write into memory");
        }
    }
}

/// Appends row `i` of `doc` as a JSON object, its keys in column order:
/// the bytes serde_json writes for a `Row` (the test reference), by the
/// record writer's helpers (`crate::json`, each tested against
/// serde_json) without serde's machinery, which cost entity rows more
/// than finding the entities. `rows_are_written_as_serde_json_writes_them`
/// checks both.
fn write_row(buf: &mut Vec<u8>, doc: &DocRows<'_>, columns: &[Column], i: usize) {
    buf.push(b'{');
    for (k, (name, read)) in columns.iter().enumerate() {
        if k > 0 {
            buf.push(b',');
        }
        crate::json::write_str(buf, name);
        buf.push(b':');
        write_cell(buf, &read(doc, i));
    }
    buf.push(b'}');
}

/// Appends `cell` as JSON, as its `Serialize` writes it through serde_json.
fn write_cell(buf: &mut Vec<u8>, cell: &Cell<'_>) {
    use crate::json;
    match cell {
        Cell::Null => buf.extend_from_slice(b"null"),
        Cell::Bool(true) => buf.extend_from_slice(b"true"),
        Cell::Bool(false) => buf.extend_from_slice(b"false"),
        Cell::Int(n) => json::write_uint(buf, *n as u64),
        Cell::Number(n) => json::write_number(buf, n),
        Cell::Float(x) => json::write_f64(buf, *x),
        Cell::Text(s) => json::write_str(buf, s),
        Cell::Date(d) => json::write_calendar_date(buf, d),
        Cell::DateValue(v) => json::write_date_value(buf, v),
        Cell::List(items) => json::write_list(buf, items, write_cell),
    }
}

/// One row as a JSON object, its keys in column order: the reference
/// [`write_row`] is tested against.
#[cfg(test)]
struct Row<'a, 'r> {
    doc: &'a DocRows<'r>,
    columns: &'static [Column],
    i: usize,
}

#[cfg(test)]
impl Serialize for Row<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (name, read) in self.columns {
            map.serialize_entry(name, &read(self.doc, self.i))?;
        }
        map.end()
    }
}

/// One value of a row: JSON as the full record writes it; in CSV its
/// [`Display`](fmt::Display) form (`null` empty, a list joined with `|`).
#[derive(Clone, Debug, PartialEq)]
enum Cell<'r> {
    Null,
    Bool(bool),
    Int(usize),
    Number(Number),
    /// A score written as the record writes it (`1.0`, `0.85`).
    Float(f64),
    Text(&'r str),
    Date(Date),
    DateValue(DateValue),
    List(Vec<Cell<'r>>),
}

impl<'r> Cell<'r> {
    /// A list of values.
    fn list<T: Copy + Into<Cell<'r>>>(items: &[T]) -> Cell<'r> {
        Cell::List(items.iter().map(|&x| x.into()).collect())
    }
}

#[cfg(test)]
impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => serializer.serialize_unit(),
            Cell::Bool(b) => serializer.serialize_bool(*b),
            Cell::Int(n) => serializer.serialize_u64(*n as u64),
            Cell::Number(n) => n.serialize(serializer),
            Cell::Float(x) => serializer.serialize_f64(*x),
            Cell::Text(s) => serializer.serialize_str(s),
            Cell::Date(d) => d.serialize(serializer),
            Cell::DateValue(v) => v.serialize(serializer),
            Cell::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

/// The CSV text of a value: empty for `null`, numbers as JSON writes them,
/// lists joined with `|`.
impl fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Null => Ok(()),
            Cell::Bool(b) => write!(f, "{b}"),
            Cell::Int(n) => write!(f, "{n}"),
            Cell::Number(n) => {
                let text = serde_json::to_string(n).map_err(|_| fmt::Error)?;
                f.write_str(&text)
            }
            Cell::Float(x) => {
                let text = serde_json::to_string(x).map_err(|_| fmt::Error)?;
                f.write_str(&text)
            }
            Cell::Text(s) => f.write_str(s),
            Cell::Date(d) => write!(f, "{d}"),
            Cell::DateValue(v) => write!(f, "{v}"),
            Cell::List(items) => {
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        f.write_str("|")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
        }
    }
}

impl<'r> From<&'r str> for Cell<'r> {
    fn from(s: &'r str) -> Cell<'r> {
        Cell::Text(s)
    }
}

impl From<usize> for Cell<'_> {
    fn from(n: usize) -> Self {
        Cell::Int(n)
    }
}

impl From<bool> for Cell<'_> {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}

impl From<Number> for Cell<'_> {
    fn from(n: Number) -> Self {
        Cell::Number(n)
    }
}

impl From<Date> for Cell<'_> {
    fn from(d: Date) -> Self {
        Cell::Date(d)
    }
}

impl From<DateValue> for Cell<'_> {
    fn from(v: DateValue) -> Self {
        Cell::DateValue(v)
    }
}

impl<'r, T: Into<Cell<'r>>> From<Option<T>> for Cell<'r> {
    fn from(x: Option<T>) -> Cell<'r> {
        x.map_or(Cell::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, InputErrorKind};
    use dealx_core::{Decimal, Document};

    fn layout(format: Format, records: Records) -> Layout {
        Layout::new(format, records).unwrap()
    }

    #[test]
    fn pieces_are_read_back_as_written_and_truncated_whole() {
        let mut pieces = Pieces::default();
        for piece in ["one\n", "", "three\n"] {
            pieces.open().extend_from_slice(piece.as_bytes());
            pieces.close();
        }
        pieces.open().extend_from_slice(b"half a piece");
        assert_eq!(pieces.len(), 3);
        let read: Vec<&[u8]> = (0..3).map(|i| pieces.get(i)).collect();
        assert_eq!(read, [&b"one\n"[..], b"", b"three\n"]);
        pieces.truncate(1);
        pieces.open().extend_from_slice(b"two\n");
        pieces.close();
        assert_eq!((pieces.len(), pieces.get(1)), (2, &b"two\n"[..]));
        pieces.clear();
        assert_eq!(pieces.len(), 0);
    }

    /// One extractor for every test: building the gazetteer is the slow part.
    fn extractor() -> &'static Extractor {
        static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        EXTRACTOR.get_or_init(|| Extractor::new(&Config::default()).unwrap())
    }

    fn doc(id: &str, text: &str) -> Item {
        let mut d = Document::new(id, text);
        d.published = Some("2024-06-12".parse().unwrap());
        Item::Doc(d)
    }

    fn bad_line() -> Item {
        Item::Error(InputError {
            id: Some("bad".into()),
            location: "x.jsonl:2".into(),
            kind: InputErrorKind::MissingText,
            message: "no text".into(),
        })
    }

    /// Everything a run over `items` writes in `layout`.
    fn output(items: &[Item], layout: Layout) -> String {
        let ex = extractor();
        let mut sink = Sink::new(Vec::new(), layout);
        for item in items {
            let mut buf = Vec::new();
            render(ex, item, Mode::Extract, layout, &mut buf);
            sink.write_item(&buf).unwrap();
        }
        String::from_utf8(sink.finish().unwrap()).unwrap()
    }

    const DEAL: &str = "Chile and Peru signed deals worth $2 billion on May 23, the ministry said.";

    #[test]
    fn csv_of_full_records_is_refused() {
        assert_eq!(Layout::new(Format::Csv, Records::Full), Err(LayoutError));
        for records in [
            Records::Deals,
            Records::Entities,
            Records::Amounts,
            Records::Dates,
        ] {
            assert!(Layout::new(Format::Csv, records).is_ok());
        }
    }

    #[test]
    fn json_array_of_nothing_is_an_empty_array() {
        assert_eq!(output(&[], layout(Format::Json, Records::Full)), "[]\n");
        let rows = output(
            &[doc("a", "Nothing here.")],
            layout(Format::Json, Records::Deals),
        );
        assert_eq!(rows, "[]\n");
    }

    #[test]
    fn csv_without_rows_is_its_header() {
        let out = output(
            &[doc("a", "Nothing here.")],
            layout(Format::Csv, Records::Dates),
        );
        assert_eq!(
            out,
            "doc_id,published,text,value,anchor,start,end,sentence\n"
        );
    }

    /// A writer whose bytes can be read while a sink holds it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn json_array_is_written_as_it_goes() {
        let written = Shared::default();
        let mut sink = Sink::new(written.clone(), layout(Format::Json, Records::Full));
        sink.flush().unwrap();
        assert_eq!(*written.0.borrow(), b"[");
        sink.write_item(b"{\"id\":\"a\"}").unwrap();
        assert_eq!(*written.0.borrow(), b"[\n{\"id\":\"a\"}");
        sink.write_item(b"{\"id\":\"b\"}").unwrap();
        assert!(written.0.borrow().ends_with(b",\n{\"id\":\"b\"}"));
        sink.finish().unwrap();
        assert!(written.0.borrow().ends_with(b"}\n]\n"));
    }

    /// A writer that takes vectored writes but at most `limit` bytes per
    /// call, cut anywhere (inside a slice too).
    struct Trickle {
        limit: usize,
        bytes: Vec<u8>,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(self.limit);
            self.bytes.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
            let mut n = 0;
            for buf in bufs {
                let take = buf.len().min(self.limit - n);
                self.bytes.extend_from_slice(&buf[..take]);
                n += take;
                if n == self.limit {
                    break;
                }
            }
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn items_written_together_are_items_written_one_by_one() {
        let items: [&[u8]; 6] = [b"", b"{\"id\":\"a\"}\n", b"", b"x,y\n", b"{}", b""];
        for format in [Format::Jsonl, Format::Json, Format::Csv] {
            let layout = layout(format, Records::Dates);
            let mut one_by_one = Sink::new(Vec::new(), layout);
            for _ in 0..2 {
                for item in items {
                    one_by_one.write_item(item).unwrap();
                }
            }
            let expected = one_by_one.finish().unwrap();
            for limit in [1, 2, 3, 7, 64, 1 << 20] {
                let writers: [Box<dyn Fn() -> Box<dyn Write>>; 2] = [
                    Box::new(move || {
                        Box::new(Trickle {
                            limit,
                            bytes: Vec::new(),
                        })
                    }),
                    Box::new(move || {
                        Box::new(io::BufWriter::with_capacity(
                            limit,
                            Trickle {
                                limit,
                                bytes: Vec::new(),
                            },
                        ))
                    }),
                ];
                for new_writer in &writers {
                    let written = Shared::default();
                    let mut sink = Sink::new(Tee(new_writer(), written.clone()), layout);
                    sink.write_items([]).unwrap();
                    sink.write_items(items).unwrap();
                    sink.write_items(items).unwrap();
                    sink.finish().unwrap();
                    assert_eq!(*written.0.borrow(), expected, "{format:?}, {limit}");
                }
            }
        }
    }

    /// Passes writes on to a writer and records what it took.
    struct Tee(Box<dyn Write>, Shared);

    impl Write for Tee {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = self.0.write(buf)?;
            self.1.write_all(&buf[..n])?;
            Ok(n)
        }
        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
            let n = self.0.write_vectored(bufs)?;
            let mut left = n;
            for buf in bufs {
                let take = buf.len().min(left);
                self.1.write_all(&buf[..take])?;
                left -= take;
            }
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.0.flush()
        }
    }

    #[test]
    fn csv_header_comes_first_and_once() {
        let written = Shared::default();
        let mut sink = Sink::new(written.clone(), layout(Format::Csv, Records::Dates));
        sink.flush().unwrap();
        let header = "doc_id,published,text,value,anchor,start,end,sentence\n";
        assert_eq!(*written.0.borrow(), header.as_bytes());
        sink.write_item(b"a,,May 23,XXXX-05-23,,0,6,0\n").unwrap();
        sink.finish().unwrap();
        assert_eq!(
            String::from_utf8(written.0.borrow().clone()).unwrap(),
            format!("{header}a,,May 23,XXXX-05-23,,0,6,0\n")
        );
    }

    #[test]
    fn json_array_holds_the_same_records_as_json_lines() {
        let items = [doc("a", DEAL), bad_line(), doc("b", "Nothing here.")];
        let lines = output(&items, layout(Format::Jsonl, Records::Full));
        let array = output(&items, layout(Format::Json, Records::Full));
        let from_lines: Vec<serde_json::Value> = lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let from_array: Vec<serde_json::Value> = serde_json::from_str(&array).unwrap();
        assert_eq!(from_lines, from_array);
        assert_eq!(from_array.len(), 3);
        assert_eq!(from_array[1]["error"]["kind"], "missing_text");
        assert!(array.starts_with("[\n{\"id\":\"a\""), "{array}");
        assert!(array.ends_with("}\n]\n"), "{array}");
    }

    #[test]
    fn rows_carry_the_document_id_and_date_and_flatten_the_deal_amount() {
        let out = output(&[doc("a", DEAL)], layout(Format::Jsonl, Records::Deals));
        let rows: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row["doc_id"], "a");
        assert_eq!(row["published"], "2024-06-12");
        assert_eq!(row["parties"], serde_json::json!(["Chile", "Peru"]));
        assert_eq!(row["amount_value"], 2_000_000_000u64);
        assert_eq!(row["amount_currency"], "USD");
        assert_eq!(row["date"], "2024-05-23");
        assert_eq!(row["evidence"], DEAL);
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut columns = Records::Deals.columns();
        columns.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, columns);
    }

    /// The documents the stage test renders: every corpus article with
    /// and without a publication date, and documents made of news pieces.
    fn stage_test_documents() -> Vec<Document> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        let mut docs = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut doc = Document::new(path.display().to_string(), text);
                docs.push(doc.clone());
                doc.published = Some("2024-06-12".parse().unwrap());
                docs.push(doc);
            }
        }
        assert!(docs.len() >= 10, "only {} corpus articles", docs.len() / 2);
        let pieces = dealx_testkit::NEWS_PIECES;
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for k in 0..200 {
            let mut text = String::new();
            for _ in 0..(10 + k % 60) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let mut doc = Document::new(format!("n{k}"), text);
            if k % 2 == 0 {
                doc.published = Some("2023-11-30".parse().unwrap());
            }
            docs.push(doc);
        }
        docs
    }

    /// Rows written from only the stages `Records::stages` names are the
    /// rows written from every stage, byte for byte, for each kind and
    /// format: a stage a kind's rows read that were left out of its set
    /// would empty or change them here.
    #[test]
    fn rows_from_their_stages_are_rows_from_every_stage() {
        let ex = extractor();
        let docs = stage_test_documents();
        for records in [
            Records::Deals,
            Records::Entities,
            Records::Amounts,
            Records::Dates,
        ] {
            let mut rows_written = 0;
            for format in [Format::Jsonl, Format::Csv] {
                let layout = layout(format, records);
                for doc in &docs {
                    let (mut every, mut only) = (Vec::new(), Vec::new());
                    extraction_rows(&mut every, ex, &ex.process(doc), layout);
                    let narrow = ex.process_stages(doc, records.stages());
                    extraction_rows(&mut only, ex, &narrow, layout);
                    assert_eq!(
                        String::from_utf8(only).unwrap(),
                        String::from_utf8(every.clone()).unwrap(),
                        "{records:?} {format:?} {}",
                        doc.id
                    );
                    rows_written += every.iter().filter(|&&b| b == b'\n').count();
                }
            }
            assert!(rows_written > 100, "{records:?}: {rows_written} rows");
        }
        // The narrow sets are narrower: the rows above were compared
        // against extractions that skipped stages.
        for records in [Records::Entities, Records::Amounts, Records::Dates] {
            assert_ne!(records.stages(), Stages::ALL, "{records:?}");
        }
        assert_eq!(Records::Full.stages(), Stages::ALL);
    }

    /// The direct row writer against serde_json: every row of every kind
    /// over the stage-test documents (ids and titles with escapes among
    /// them), and rows whose cells are every kind of value.
    #[test]
    fn rows_are_written_as_serde_json_writes_them() {
        let ex = extractor();
        let mut docs = stage_test_documents();
        for (k, doc) in docs.iter_mut().enumerate().step_by(3) {
            doc.id = format!("q{k}\u{2028}\"x\"\\\t");
        }
        let mut checked = 0;
        for doc in &docs {
            let extraction = ex.process(doc);
            let record = ex.record(&extraction);
            let rows = DocRows {
                record: &record,
                text: extraction.annotated.text(),
                sentences: extraction.annotated.sentences(),
            };
            for records in [
                Records::Deals,
                Records::Entities,
                Records::Amounts,
                Records::Dates,
            ] {
                let columns = records.table();
                for i in 0..records.count(&record) {
                    let (mut by_hand, mut by_serde) = (Vec::new(), Vec::new());
                    write_row(&mut by_hand, &rows, columns, i);
                    json(
                        &mut by_serde,
                        &Row {
                            doc: &rows,
                            columns,
                            i,
                        },
                    );
                    assert_eq!(
                        String::from_utf8(by_hand).unwrap(),
                        String::from_utf8(by_serde).unwrap()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked} rows");
        let cells = [
            Cell::Null,
            Cell::Bool(true),
            Cell::Bool(false),
            Cell::Int(0),
            Cell::Int(usize::MAX),
            Cell::Number(Number(Decimal::new(-12_345, 2))),
            Cell::Number(Number(Decimal::new(7, 0))),
            Cell::Float(0.85),
            Cell::Float(1.0),
            Cell::Float(f64::NAN),
            Cell::Text("a\"b\\c\n\u{1}é"),
            Cell::Date("2024-02-29".parse().unwrap()),
            Cell::DateValue(DateValue::Interval(
                dealx_core::PartialDate::month(Some(2024), 3).unwrap(),
                dealx_core::PartialDate::year(2025),
            )),
            Cell::DateValue(DateValue::Week(2024, 23)),
            Cell::List(vec![]),
            Cell::List(vec![Cell::Int(1), Cell::Text("x"), Cell::Null]),
        ];
        for cell in &cells {
            let (mut by_hand, mut by_serde) = (Vec::new(), Vec::new());
            write_cell(&mut by_hand, cell);
            json(&mut by_serde, cell);
            assert_eq!(by_hand, by_serde, "{cell:?}");
        }
    }

    #[test]
    fn rows_follow_the_record_one_per_item() {
        let ex = extractor();
        let item = doc("a", DEAL);
        let Item::Doc(d) = &item else { unreachable!() };
        let extraction = ex.process(d);
        let record = ex.record(&extraction);
        for (records, n) in [
            (Records::Entities, record.entities.len()),
            (Records::Amounts, record.amounts.len()),
            (Records::Dates, record.dates.len()),
            (Records::Deals, record.deals.len()),
        ] {
            assert!(n > 0, "{records:?}");
            let out = output(std::slice::from_ref(&item), layout(Format::Jsonl, records));
            assert_eq!(out.lines().count(), n, "{records:?}");
            let csv = output(std::slice::from_ref(&item), layout(Format::Csv, records));
            assert_eq!(csv.lines().count(), n + 1, "{records:?}");
        }
        let out = output(
            std::slice::from_ref(&item),
            layout(Format::Jsonl, Records::Entities),
        );
        let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(first["name"], record.entities[0].name);
        assert_eq!(first["start"], record.entities[0].start);
    }

    #[test]
    fn csv_quotes_fields_with_commas_and_quotes_and_joins_lists() {
        let text = "Chile and Peru signed a \"historic\" deal worth $2 billion, officials said.";
        let out = output(&[doc("a", text)], layout(Format::Csv, Records::Deals));
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, Records::Deals.columns());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        let get = |name: &str| &rows[0][header.iter().position(|h| h == name).unwrap()];
        assert_eq!(get("evidence"), text);
        assert_eq!(get("parties"), "Chile|Peru");
        assert_eq!(get("amount_value"), "2000000000");
        assert_eq!(get("title"), "");
        assert!(
            out.contains("\"Chile and Peru signed a \"\"historic\"\" deal"),
            "{out}"
        );
    }

    #[test]
    fn error_items_give_no_rows() {
        for format in [Format::Jsonl, Format::Json, Format::Csv] {
            let l = layout(format, Records::Amounts);
            let mut buf = Vec::new();
            render(extractor(), &bad_line(), Mode::Extract, l, &mut buf);
            assert!(buf.is_empty());
        }
        let mut full = Vec::new();
        render(
            extractor(),
            &bad_line(),
            Mode::Extract,
            Layout::default(),
            &mut full,
        );
        assert!(full.starts_with(b"{\"id\":\"bad\",\"error\""));
    }

    #[test]
    fn deal_rows_name_the_headline_of_their_article() {
        let text = "Chile Signs Copper Deal With Peru\n\nChile and Peru signed deals worth $2 billion on Monday.\n";
        let out = output(&[doc("a", text)], layout(Format::Jsonl, Records::Deals));
        let rows: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(!rows.is_empty(), "{out}");
        for row in rows {
            assert_eq!(row["title"], "Chile Signs Copper Deal With Peru", "{row}");
        }
    }

    #[test]
    fn cells_in_csv() {
        assert_eq!(Cell::Null.to_string(), "");
        assert_eq!(Cell::from(Some(true)).to_string(), "true");
        assert_eq!(Cell::from(Number(Decimal::new(125, 2))).to_string(), "1.25");
        assert_eq!(Cell::list(&["a", "b c"]).to_string(), "a|b c");
        assert_eq!(Cell::list::<usize>(&[]).to_string(), "");
        assert_eq!(Cell::from(None::<&str>), Cell::Null);
    }
}
