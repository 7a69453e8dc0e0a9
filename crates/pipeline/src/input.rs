//! Readers: `.txt` files, `.jsonl` files, standard input and directories,
//! turned into one stream of documents in a stable order.

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The read buffer of a JSON Lines source (a file or standard input).
///
/// 1 MiB: with 64 KiB reads, the reading thread spent 6.3% of a
/// one-thread run's samples in the kernel's copy to user space
/// (`_copy_to_iter`, 100 MB benchmark corpus, `perf record -e cpu-clock`),
/// and 0.8% with 1 MiB reads; its whole share fell from 8.8% to 3.5%.
/// That thread shares the two cores with the workers when they are two.
const READ_BUFFER: usize = 1 << 20;

use dealx_core::{Date, Document, PublishedSource, Warning};
use serde::Deserialize;

/// The default of [`Inputs::max_doc_bytes`]: 16 MiB.
pub const DEFAULT_MAX_DOC_BYTES: usize = 16 << 20;

/// How many leading bytes of a file are looked at to tell a binary file
/// (one with a NUL byte there) from a text file.
const SNIFF_BYTES: usize = 8 << 10;

/// One unit of input: a document, the reason a document could not be read,
/// or a warning about the input.
#[derive(Debug)]
pub enum Item {
    /// A document read successfully (it may carry [`Document::warnings`]).
    Doc(Document),
    /// A document (a file or a JSON line) that could not be read: it gets
    /// an error record in its place.
    Error(InputError),
    /// Something odd about the input that needs saying but gets no output
    /// line of its own: a binary file skipped while walking a directory, or
    /// the reason for a warning the next document carries.
    Warning(InputError),
}

/// A problem with the input: a document that could not be read (written out
/// as an error record, and the batch goes on), or a warning.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct InputError {
    /// The document's id, when it could be read.
    pub id: Option<String>,
    /// Where: `file:line` for a JSON line, `file` for a whole file.
    pub location: String,
    /// What kind of problem.
    pub kind: InputErrorKind,
    /// A sentence for people.
    pub message: String,
}

/// What kind of problem a document had.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// A file, directory or standard input could not be read.
    Io,
    /// The bytes are not UTF-8 (a warning: they were decoded lossily).
    InvalidUtf8,
    /// A JSON line is not a JSON object.
    MalformedJson,
    /// A JSON line has no string `text`.
    MissingText,
    /// A JSON line has no `id`, or one that is not a string.
    BadId,
    /// `published` is not a `YYYY-MM-DD` date.
    BadPublished,
    /// A document is larger than the `--max-doc-bytes` limit.
    TooLarge,
    /// A file holds binary data (a NUL byte near its start).
    Binary,
    /// The text is empty or only whitespace (a warning).
    EmptyText,
    /// An earlier document has the same id (a warning).
    DuplicateId,
    /// dealx itself failed on the document (a bug: please report it).
    Internal,
}

impl InputErrorKind {
    /// The short name used in error records and summaries.
    pub fn as_str(&self) -> &'static str {
        match self {
            InputErrorKind::Io => "io",
            InputErrorKind::InvalidUtf8 => "invalid_utf8",
            InputErrorKind::MalformedJson => "malformed_json",
            InputErrorKind::MissingText => "missing_text",
            InputErrorKind::BadId => "bad_id",
            InputErrorKind::BadPublished => "bad_published",
            InputErrorKind::TooLarge => "too_large",
            InputErrorKind::Binary => "binary",
            InputErrorKind::EmptyText => "empty_text",
            InputErrorKind::DuplicateId => "duplicate_id",
            InputErrorKind::Internal => "internal",
        }
    }
}

/// A path given on the command line that cannot be used at all.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct PathError {
    /// The path as given.
    pub path: PathBuf,
    /// Why it cannot be used.
    pub source: io::Error,
}

/// The documents of a list of paths, in order: each path in the order given,
/// directories walked recursively in sorted order (only `.txt` and `.jsonl`
/// files are read; others, hidden entries and symbolic links to
/// directories are passed over), `-` for standard input (JSON Lines).
///
/// A `.txt` file is one document whose id is the file stem. A `.jsonl` file
/// or standard input holds one document per line:
/// `{"id": "...", "text": "...", "published": "YYYY-MM-DD"}` (`published`
/// optional; blank lines skipped).
///
/// Bad input never ends the stream: a document that cannot be read is an
/// [`Item::Error`]; invalid UTF-8 is decoded lossily and empty texts and
/// repeated ids are read, each with a [`Warning`] on the document and an
/// [`Item::Warning`] saying where; a binary `.txt`/`.jsonl` file met while
/// walking a directory is skipped with an [`Item::Warning`].
///
/// # Resource usage
///
/// Memory is bounded by [`Inputs::max_doc_bytes`]: a longer line or file is
/// skipped unread past that limit (an error item of kind
/// [`InputErrorKind::TooLarge`]), never held whole. Repeated ids are found
/// with a 64-bit hash per id (8 bytes and set overhead per document).
pub struct Inputs {
    /// Paths still to read, last first.
    pending: Vec<Pending>,
    /// The JSON Lines source being read.
    current: Option<JsonLines>,
    /// Items found and not yet returned (a warning before its document).
    queued: VecDeque<Item>,
    /// The longest document read, in bytes.
    max_doc_bytes: usize,
    /// Hashes of the ids seen so far.
    seen_ids: HashSet<u64>,
    /// Input bytes consumed so far.
    bytes_read: Arc<AtomicU64>,
}

enum Pending {
    /// A path; `walked` when found inside a directory rather than given.
    Path {
        path: PathBuf,
        walked: bool,
    },
    Stdin,
}

struct JsonLines {
    name: String,
    reader: Box<dyn BufRead + Send>,
    line_no: usize,
    buf: Vec<u8>,
}

impl JsonLines {
    /// The item of the next line when the whole line is already in the
    /// reader's buffer, read from there without first copying it into
    /// `buf` (the copy was a sixth of the cost of reading input); with the
    /// line's source and the bytes consumed.
    ///
    /// `None`, having consumed nothing, for every line that is not the
    /// common case: one that runs past the buffer or has no line end, is
    /// longer than `max`, is blank or is not UTF-8. [`read_bounded_line`]
    /// and the code after it then read that line as before. The lines read
    /// here go through the same steps as there (the `\r` of a CRLF line
    /// end dropped, the same UTF-8 check, [`parse_json_line`]), so the
    /// items are the same.
    fn line_in_place(&mut self, max: usize) -> Option<(Item, String, u64)> {
        let available = self.reader.fill_buf().ok()?;
        let end = memchr::memchr(b'\n', available)?;
        if end > max {
            return None;
        }
        let line = &available[..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let line = simdutf8::basic::from_utf8(line).ok()?;
        let source = line_source(&self.name, self.line_no);
        let item = parse_json_line(line, &source);
        self.reader.consume(end + 1);
        Some((item, source, end as u64 + 1))
    }
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs")
            .field("pending", &self.pending.len())
            .field("current", &self.current.as_ref().map(|c| c.name.as_str()))
            .field("max_doc_bytes", &self.max_doc_bytes)
            .finish()
    }
}

impl Inputs {
    /// The documents of `paths` (`-` is standard input; no paths at all
    /// means standard input).
    ///
    /// # Errors
    ///
    /// A path that does not exist or cannot be inspected; nothing has been
    /// read then.
    pub fn new<P: AsRef<Path>>(paths: &[P]) -> Result<Inputs, PathError> {
        let mut pending = Vec::new();
        if paths.is_empty() {
            pending.push(Pending::Stdin);
        }
        for p in paths {
            let p = p.as_ref();
            if p == Path::new("-") {
                pending.push(Pending::Stdin);
                continue;
            }
            std::fs::metadata(p).map_err(|source| PathError {
                path: p.to_path_buf(),
                source,
            })?;
            pending.push(Pending::Path {
                path: p.to_path_buf(),
                walked: false,
            });
        }
        pending.reverse();
        Ok(Inputs {
            pending,
            current: None,
            queued: VecDeque::new(),
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            seen_ids: HashSet::new(),
            bytes_read: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Sets the size limit of one document (a `.txt` file, or a JSON line
    /// with its escapes) in bytes, [`DEFAULT_MAX_DOC_BYTES`] by default.
    /// A larger document becomes an error item of kind
    /// [`InputErrorKind::TooLarge`]; at most `max` bytes of it are held.
    pub fn max_doc_bytes(mut self, max: usize) -> Inputs {
        self.max_doc_bytes = max;
        self
    }

    /// A counter of the input bytes consumed so far (file and line bytes,
    /// as read), shared with whoever wants to show progress.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.bytes_read)
    }

    /// The total size in bytes of the inputs still to read (directories
    /// walked as they will be read), or `None` when standard input is
    /// among them. Meant for progress estimates; it inspects the file
    /// system, so call it only when an estimate is wanted.
    pub fn total_bytes(&self) -> Option<u64> {
        let mut total = 0;
        for p in &self.pending {
            match p {
                Pending::Stdin => return None,
                Pending::Path { path, .. } => total += tree_size(path),
            }
        }
        Some(total)
    }

    /// The next item from the current JSON Lines source, if it has one left.
    fn next_line(&mut self) -> Option<Item> {
        let current = self.current.as_mut()?;
        loop {
            current.line_no += 1;
            if let Some((item, source, bytes)) = current.line_in_place(self.max_doc_bytes) {
                self.bytes_read.fetch_add(bytes, Ordering::Relaxed);
                return Some(match item {
                    Item::Doc(doc) => self.accept(doc, source, false),
                    other => other,
                });
            }
            let line =
                read_bounded_line(&mut *current.reader, &mut current.buf, self.max_doc_bytes);
            let source = || line_source(&current.name, current.line_no);
            match line {
                Ok(Line::Eof) => {
                    self.current = None;
                    return None;
                }
                Ok(Line::TooLong { bytes }) => {
                    self.bytes_read.fetch_add(bytes, Ordering::Relaxed);
                    return Some(Item::Error(InputError {
                        id: sniff_id(&current.buf),
                        location: source(),
                        kind: InputErrorKind::TooLarge,
                        message: format!(
                            "the line is {bytes} bytes, more than the {} allowed \
                             (--max-doc-bytes); skipped",
                            self.max_doc_bytes
                        ),
                    }));
                }
                Ok(Line::Complete { bytes }) => {
                    self.bytes_read.fetch_add(bytes, Ordering::Relaxed);
                    if current.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let source = source();
                    // simdutf8 checks the same rule as `std::str::from_utf8`
                    // (it only says yes or no, and no leads to the lossy
                    // decoding below either way) with vector code: a fifth
                    // of the instructions of reading a line went to std's
                    // byte-wise check.
                    let (item, lossy) = match simdutf8::basic::from_utf8(&current.buf) {
                        Ok(line) => (parse_json_line(line, &source), false),
                        Err(_) => {
                            let line = String::from_utf8_lossy(&current.buf);
                            (parse_json_line(&line, &source), true)
                        }
                    };
                    return Some(match item {
                        Item::Doc(doc) => self.accept(doc, source, lossy),
                        other => other,
                    });
                }
                Err(e) => {
                    let location = source();
                    self.current = None;
                    return Some(Item::Error(InputError {
                        id: None,
                        location,
                        kind: InputErrorKind::Io,
                        message: format!("cannot read: {e}"),
                    }));
                }
            }
        }
    }

    /// A document read whole: sets its source, notes the warnings it
    /// earned (queued as [`Item::Warning`]s before it) and returns the
    /// first item to hand out.
    fn accept(&mut self, mut doc: Document, source: String, lossy: bool) -> Item {
        let mut warn = |kind, message: String, doc: &mut Document, warning| {
            doc.warnings.push(warning);
            self.queued.push_back(Item::Warning(InputError {
                id: Some(doc.id.clone()),
                location: source.clone(),
                kind,
                message,
            }));
        };
        if lossy {
            warn(
                InputErrorKind::InvalidUtf8,
                "invalid UTF-8 replaced by U+FFFD; offsets are into the decoded text".into(),
                &mut doc,
                Warning::InvalidUtf8,
            );
        }
        if doc.text.trim().is_empty() {
            warn(
                InputErrorKind::EmptyText,
                "the text is empty".into(),
                &mut doc,
                Warning::EmptyText,
            );
        }
        let mut hasher = std::hash::DefaultHasher::new();
        doc.id.hash(&mut hasher);
        if !self.seen_ids.insert(hasher.finish()) {
            let message = format!("the id '{}' was used by an earlier document", doc.id);
            warn(
                InputErrorKind::DuplicateId,
                message,
                &mut doc,
                Warning::DuplicateId,
            );
        }
        doc.source = Some(source);
        self.queued.push_back(Item::Doc(doc));
        self.queued
            .pop_front()
            .expect("the document was just queued")
    }

    /// Opens `path`: a directory queues its entries, a `.jsonl` file becomes
    /// the current source, any other file is one document.
    fn open(&mut self, path: PathBuf, walked: bool) -> Option<Item> {
        let name = path.display().to_string();
        let io_error = |e: io::Error, id: Option<String>| {
            Some(Item::Error(InputError {
                id,
                location: name.clone(),
                kind: InputErrorKind::Io,
                message: format!("cannot read: {e}"),
            }))
        };
        if path.is_dir() {
            let listing = match std::fs::read_dir(&path) {
                Ok(l) => l,
                Err(e) => return io_error(e, None),
            };
            let mut entries = Vec::new();
            for entry in listing {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        self.queued.push_back(io_error(e, None)?);
                        continue;
                    }
                };
                let p = entry.path();
                let hidden = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'));
                // Symbolic links to directories are not followed: no loops.
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                if !hidden && (is_dir || (is_input_file(&p) && p.is_file())) {
                    entries.push(p);
                }
            }
            entries.sort();
            self.pending.extend(
                entries
                    .into_iter()
                    .rev()
                    .map(|path| Pending::Path { path, walked: true }),
            );
            return self.queued.pop_front();
        }
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) => return io_error(e, (!is_jsonl(&path)).then(|| file_id(&path, &name))),
        };
        if is_jsonl(&path) {
            let mut reader = BufReader::with_capacity(READ_BUFFER, file);
            match reader.fill_buf() {
                // Only the first line decides: a corrupt line further on
                // is that line's problem, not the file's.
                Ok(head) if is_binary(first_line(head)) => return binary(name, None, walked),
                Ok(_) => {}
                Err(e) => return io_error(e, None),
            }
            self.current = Some(JsonLines {
                name,
                reader: Box::new(reader),
                line_no: 0,
                buf: Vec::new(),
            });
            None
        } else {
            Some(self.read_text_file(&path, file, name, walked))
        }
    }

    /// One `.txt` file as one document, id = file stem.
    fn read_text_file(&mut self, path: &Path, file: File, name: String, walked: bool) -> Item {
        let id = file_id(path, &name);
        let max = self.max_doc_bytes;
        let too_large = |size: u64| {
            Item::Error(InputError {
                id: Some(id.clone()),
                location: name.clone(),
                kind: InputErrorKind::TooLarge,
                message: format!(
                    "the file is {size} bytes, more than the {max} allowed (--max-doc-bytes); \
                     skipped"
                ),
            })
        };
        if let Ok(meta) = file.metadata() {
            if meta.len() > max as u64 {
                return too_large(meta.len());
            }
        }
        let mut bytes = Vec::new();
        // One byte more than allowed tells a file that grew past the limit.
        if let Err(e) = file.take(max as u64 + 1).read_to_end(&mut bytes) {
            return Item::Error(InputError {
                id: Some(id),
                location: name,
                kind: InputErrorKind::Io,
                message: format!("cannot read: {e}"),
            });
        }
        self.bytes_read
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if bytes.len() > max {
            return too_large(bytes.len() as u64);
        }
        if is_binary(&bytes) {
            return binary(name, Some(id), walked).expect("binary() always gives an item");
        }
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
        self.accept(Document::new(id, text), name, lossy)
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.queued.pop_front() {
                return Some(item);
            }
            if let Some(item) = self.next_line() {
                return Some(item);
            }
            match self.pending.pop()? {
                Pending::Stdin => {
                    self.current = Some(JsonLines {
                        name: "<stdin>".to_string(),
                        reader: Box::new(BufReader::with_capacity(READ_BUFFER, io::stdin())),
                        line_no: 0,
                        buf: Vec::new(),
                    });
                }
                Pending::Path { path, walked } => {
                    if let Some(item) = self.open(path, walked) {
                        return Some(item);
                    }
                }
            }
        }
    }
}

/// What [`read_bounded_line`] found.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// No bytes left.
    Eof,
    /// A whole line is in the buffer (without its line end); `bytes`
    /// consumed, line end included.
    Complete { bytes: u64 },
    /// The line was longer than the limit: the buffer holds its first bytes,
    /// the rest was consumed unread; `bytes` consumed.
    TooLong { bytes: u64 },
}

/// Reads one line into `buf` (cleared first), holding at most `max` bytes
/// of it: a longer line is consumed to its end without being kept.
fn read_bounded_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut len: u64 = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            if total == 0 {
                return Ok(Line::Eof);
            }
            break;
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let content = &available[..if done { take - 1 } else { take }];
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(&content[..content.len().min(room)]);
        len += content.len() as u64;
        total += take as u64;
        reader.consume(take);
        if done {
            break;
        }
    }
    if len > max as u64 {
        return Ok(Line::TooLong { bytes: total });
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Complete { bytes: total })
}

/// Where a JSON line is: `name:line_no` (built by hand: `format!` cost a
/// thousand instructions a line).
fn line_source(name: &str, line_no: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(line_no);
    let mut source = String::with_capacity(name.len() + 1 + digits.len());
    source.push_str(name);
    source.push(':');
    source.push_str(digits);
    source
}

/// The id of a JSON line when it can be seen without parsing the whole
/// line: the first `"id": "…"` (without escapes) in its first 64 KiB.
fn sniff_id(line: &[u8]) -> Option<String> {
    let head = &line[..line.len().min(64 << 10)];
    let at = memchr::memmem::find(head, b"\"id\"")?;
    let rest = head[at + 4..].trim_ascii_start().strip_prefix(b":")?;
    let rest = rest.trim_ascii_start().strip_prefix(b"\"")?;
    let end = memchr::memchr2(b'"', b'\\', rest)?;
    if rest[end] != b'"' || end == 0 {
        return None;
    }
    std::str::from_utf8(&rest[..end]).ok().map(str::to_string)
}

/// Whether `head` looks like binary data: a NUL byte among its first
/// [`SNIFF_BYTES`] (the rule git and ripgrep use; text never holds one).
fn is_binary(head: &[u8]) -> bool {
    memchr::memchr(0, &head[..head.len().min(SNIFF_BYTES)]).is_some()
}

/// The bytes of `head` up to its first line end.
fn first_line(head: &[u8]) -> &[u8] {
    memchr::memchr(b'\n', head).map_or(head, |i| &head[..i])
}

/// The item for a binary file: a warning when it was found by walking a
/// directory (it is skipped), an error record when it was asked for.
fn binary(name: String, id: Option<String>, walked: bool) -> Option<Item> {
    let error = InputError {
        id,
        location: name,
        kind: InputErrorKind::Binary,
        message: if walked {
            "binary file (a NUL byte near its start); skipped".into()
        } else {
            "binary file (a NUL byte near its start); not read".into()
        },
    };
    Some(if walked {
        Item::Warning(error)
    } else {
        Item::Error(error)
    })
}

fn file_id(path: &Path, name: &str) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}

fn is_jsonl(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "jsonl")
}

fn is_input_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "txt" || e == "jsonl")
}

/// The bytes of the input files at or under `path`, walked as [`Inputs`]
/// walks it (unreadable entries count as nothing).
fn tree_size(path: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    let Ok(listing) = std::fs::read_dir(path) else {
        return 0;
    };
    listing
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                tree_size(&p)
            } else if is_input_file(&p) {
                std::fs::metadata(&p).map_or(0, |m| m.len())
            } else {
                0
            }
        })
        .sum()
}

#[derive(Deserialize)]
struct RawLine {
    id: Option<serde_json::Value>,
    text: Option<serde_json::Value>,
    published: Option<serde_json::Value>,
}

/// One JSON line as a document.
fn parse_json_line(line: &str, source: &str) -> Item {
    let error = |id: Option<String>, kind, message: String| {
        Item::Error(InputError {
            id,
            location: source.to_string(),
            kind,
            message,
        })
    };
    if !line.trim_start().starts_with('{') {
        return error(
            None,
            InputErrorKind::MalformedJson,
            "not a JSON object".to_string(),
        );
    }
    // The usual line (`id`, `text`, `published`, all strings) is read by
    // the fast reader; anything else by serde_json, which also words the
    // errors.
    let simple = crate::json_line::read_simple(line).map(|l| RawLine {
        id: l.id.map(serde_json::Value::String),
        text: l.text.map(serde_json::Value::String),
        published: l.published.map(serde_json::Value::String),
    });
    let raw: RawLine = match simple.map_or_else(|| serde_json::from_str(line), Ok) {
        Ok(raw) => raw,
        Err(e) => {
            return error(
                None,
                InputErrorKind::MalformedJson,
                format!("not a JSON object: {e}"),
            )
        }
    };
    let id = match raw.id {
        Some(serde_json::Value::String(id)) if !id.is_empty() => id,
        Some(other) => {
            return error(
                None,
                InputErrorKind::BadId,
                format!("'id' must be a non-empty string, found {other}"),
            )
        }
        None => return error(None, InputErrorKind::BadId, "no 'id' field".to_string()),
    };
    let text = match raw.text {
        Some(serde_json::Value::String(text)) => text,
        Some(_) => {
            return error(
                Some(id),
                InputErrorKind::MissingText,
                "'text' must be a string".to_string(),
            )
        }
        None => {
            return error(
                Some(id),
                InputErrorKind::MissingText,
                "no 'text' field".to_string(),
            )
        }
    };
    let published = match raw.published {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => match parse_published(&s) {
            Some(d) => Some(d),
            None => {
                return error(
                    Some(id),
                    InputErrorKind::BadPublished,
                    format!("'published' must be a YYYY-MM-DD date, found '{s}'"),
                )
            }
        },
        Some(other) => {
            return error(
                Some(id),
                InputErrorKind::BadPublished,
                format!("'published' must be a YYYY-MM-DD date, found {other}"),
            )
        }
    };
    let doc = Document::new(id, text);
    Item::Doc(match published {
        Some(d) => doc.with_published(d, PublishedSource::Input),
        None => doc,
    })
}

/// A `YYYY-MM-DD` date, or the date part of an ISO timestamp
/// (`2024-06-12T10:00:00Z`, `2024-06-12 10:00`).
fn parse_published(s: &str) -> Option<Date> {
    let s = s.trim();
    let date = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    date.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(item: Item) -> Document {
        match item {
            Item::Doc(d) => d,
            Item::Error(e) | Item::Warning(e) => panic!("unexpected error {e}"),
        }
    }

    fn err(item: Item) -> InputError {
        match item {
            Item::Doc(d) => panic!("unexpected document {}", d.id),
            Item::Error(e) => e,
            Item::Warning(w) => panic!("unexpected warning {w}"),
        }
    }

    fn warning(item: Item) -> InputError {
        match item {
            Item::Warning(w) => w,
            Item::Doc(d) => panic!("unexpected document {}", d.id),
            Item::Error(e) => panic!("unexpected error {e}"),
        }
    }

    #[test]
    fn json_line_with_published_date_and_timestamp() {
        let d = doc(parse_json_line(
            r#"{"id":"a","text":"T","published":"2024-06-12"}"#,
            "f:1",
        ));
        assert_eq!(d.published.unwrap().to_string(), "2024-06-12");
        assert_eq!(d.published_source, Some(PublishedSource::Input));
        let d = doc(parse_json_line(
            r#"{"id":"a","text":"T","published":"2024-06-12T08:00:00Z"}"#,
            "f:1",
        ));
        assert_eq!(d.published.unwrap().to_string(), "2024-06-12");
        let d = doc(parse_json_line(
            r#"{"id":"a","text":"T","published":null}"#,
            "f:1",
        ));
        assert_eq!(d.published, None);
    }

    #[test]
    fn json_line_errors_name_the_problem() {
        let e = err(parse_json_line("{not json", "f.jsonl:3"));
        assert_eq!(
            (e.kind, e.location.as_str()),
            (InputErrorKind::MalformedJson, "f.jsonl:3")
        );
        let e = err(parse_json_line(r#"{"id":7,"text":"x"}"#, "f:1"));
        assert_eq!(e.kind, InputErrorKind::BadId);
        let e = err(parse_json_line(r#"{"text":"x"}"#, "f:1"));
        assert_eq!(e.kind, InputErrorKind::BadId);
        let e = err(parse_json_line(r#"{"id":"a"}"#, "f:1"));
        assert_eq!(
            (e.kind, e.id.as_deref()),
            (InputErrorKind::MissingText, Some("a"))
        );
        let e = err(parse_json_line(
            r#"{"id":"a","text":"x","published":"June 2"}"#,
            "f:1",
        ));
        assert_eq!(e.kind, InputErrorKind::BadPublished);
        for not_an_object in ["[1,2]", r#"["a","b","c"]"#, "42", "\"text\""] {
            let e = err(parse_json_line(not_an_object, "f:1"));
            assert_eq!(e.kind, InputErrorKind::MalformedJson, "{not_an_object}");
        }
    }

    #[test]
    fn walks_directories_in_sorted_order_and_reads_both_formats() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("b")).unwrap();
        std::fs::write(root.join("b/z.txt"), "third").unwrap();
        std::fs::write(
            root.join("a.jsonl"),
            "{\"id\":\"j1\",\"text\":\"one\"}\n\n{\"id\":\"j2\",\"text\":\"two\"}\n",
        )
        .unwrap();
        std::fs::write(root.join("c.txt"), "fourth").unwrap();
        std::fs::write(root.join("notes.md"), "ignored").unwrap();
        std::fs::write(root.join(".hidden.txt"), "ignored").unwrap();
        let ids: Vec<String> = Inputs::new(&[root]).unwrap().map(|i| doc(i).id).collect();
        assert_eq!(ids, ["j1", "j2", "z", "c"]);
    }

    #[test]
    fn malformed_line_does_not_stop_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"text\":\"x\"}\n{oops\n{\"id\":\"b\",\"text\":\"y\"}\n",
        )
        .unwrap();
        let items: Vec<Item> = Inputs::new(&[&path]).unwrap().collect();
        assert_eq!(items.len(), 3);
        let e = match &items[1] {
            Item::Error(e) => e.clone(),
            _ => panic!("expected an error"),
        };
        assert!(e.location.ends_with("d.jsonl:2"), "{}", e.location);
    }

    #[test]
    fn invalid_utf8_text_file_is_decoded_lossily_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, b"ok \xff\xfe here").unwrap();
        let mut items = Inputs::new(&[&path]).unwrap();
        let w = warning(items.next().unwrap());
        assert_eq!(w.kind, InputErrorKind::InvalidUtf8);
        assert_eq!(w.id.as_deref(), Some("bad"));
        let d = doc(items.next().unwrap());
        assert_eq!(d.text, "ok \u{fffd}\u{fffd} here");
        assert_eq!(d.warnings, [Warning::InvalidUtf8]);
        assert!(items.next().is_none());
    }

    #[test]
    fn invalid_utf8_in_a_json_line_is_decoded_lossily() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        std::fs::write(&path, b"{\"id\":\"a\",\"text\":\"caf\xe9 Chile\"}\n").unwrap();
        let mut items = Inputs::new(&[&path]).unwrap();
        assert!(warning(items.next().unwrap())
            .location
            .ends_with("d.jsonl:1"));
        let d = doc(items.next().unwrap());
        assert_eq!(d.text, "caf\u{fffd} Chile");
        assert_eq!(d.warnings, [Warning::InvalidUtf8]);
    }

    #[test]
    fn bounded_line_reader_keeps_at_most_max_bytes() {
        let input = b"short\r\n0123456789abcdef\nlast";
        let mut reader = &input[..];
        let mut buf = Vec::new();
        let line = read_bounded_line(&mut reader, &mut buf, 10).unwrap();
        assert_eq!(
            (line, buf.as_slice()),
            (Line::Complete { bytes: 7 }, &b"short"[..])
        );
        let line = read_bounded_line(&mut reader, &mut buf, 10).unwrap();
        assert_eq!(line, Line::TooLong { bytes: 17 });
        assert_eq!(buf.len(), 10);
        let line = read_bounded_line(&mut reader, &mut buf, 10).unwrap();
        assert_eq!(
            (line, buf.as_slice()),
            (Line::Complete { bytes: 4 }, &b"last"[..])
        );
        assert_eq!(
            read_bounded_line(&mut reader, &mut buf, 10).unwrap(),
            Line::Eof
        );
    }

    #[test]
    fn bounded_line_reader_skips_a_long_line_across_buffer_refills() {
        let mut input = vec![b'x'; 100_000];
        input.extend_from_slice(b"\nnext\n");
        let mut reader = BufReader::with_capacity(1024, &input[..]);
        let mut buf = Vec::new();
        let line = read_bounded_line(&mut reader, &mut buf, 4096).unwrap();
        assert_eq!(line, Line::TooLong { bytes: 100_001 });
        assert!(buf.len() <= 4096);
        let line = read_bounded_line(&mut reader, &mut buf, 4096).unwrap();
        assert_eq!(
            (line, buf.as_slice()),
            (Line::Complete { bytes: 5 }, &b"next"[..])
        );
    }

    #[test]
    fn too_long_line_is_an_error_with_its_id_and_the_file_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        let big = "y".repeat(5000);
        std::fs::write(
            &path,
            format!("{{\"id\": \"huge\", \"text\":\"{big}\"}}\n{{\"id\":\"b\",\"text\":\"ok\"}}\n"),
        )
        .unwrap();
        let mut items = Inputs::new(&[&path]).unwrap().max_doc_bytes(1000);
        let e = err(items.next().unwrap());
        assert_eq!(e.kind, InputErrorKind::TooLarge);
        assert_eq!(e.id.as_deref(), Some("huge"));
        assert!(e.location.ends_with("d.jsonl:1"));
        assert_eq!(doc(items.next().unwrap()).id, "b");
    }

    #[test]
    fn too_large_text_file_is_an_error_item() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, "z".repeat(2000)).unwrap();
        let e = err(Inputs::new(&[&path])
            .unwrap()
            .max_doc_bytes(1999)
            .next()
            .unwrap());
        assert_eq!(
            (e.kind, e.id.as_deref()),
            (InputErrorKind::TooLarge, Some("big"))
        );
        let d = doc(Inputs::new(&[&path])
            .unwrap()
            .max_doc_bytes(2000)
            .next()
            .unwrap());
        assert_eq!(d.text.len(), 2000);
    }

    #[test]
    fn sniffs_the_id_of_a_line_too_long_to_parse() {
        assert_eq!(
            sniff_id(br#"{"id": "a-1", "text": "#).as_deref(),
            Some("a-1")
        );
        assert_eq!(sniff_id(br#"{"text":"x","id":"b"}"#).as_deref(), Some("b"));
        assert_eq!(sniff_id(br#"{"id": 7, "text": "#), None);
        assert_eq!(sniff_id(br#"{"id": "esc\"aped"}"#), None);
        assert_eq!(sniff_id(br#"{"text": "#), None);
    }

    #[test]
    fn binary_files_are_skipped_with_a_warning_when_walking() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), b"\x7fELF\x00\x00binary").unwrap();
        std::fs::write(root.join("b.jsonl"), b"PK\x03\x04\x00\x00zip").unwrap();
        std::fs::write(root.join("c.txt"), "Chile.").unwrap();
        let items: Vec<Item> = Inputs::new(&[root]).unwrap().collect();
        assert_eq!(items.len(), 3);
        let mut items = items.into_iter();
        let w = warning(items.next().unwrap());
        assert_eq!(w.kind, InputErrorKind::Binary);
        assert!(w.location.ends_with("a.txt"));
        assert_eq!(warning(items.next().unwrap()).kind, InputErrorKind::Binary);
        assert_eq!(doc(items.next().unwrap()).id, "c");
        // A NUL after the first line is that line's problem, not the file's.
        let late = root.join("late.jsonl");
        std::fs::write(&late, b"{\"id\":\"x\",\"text\":\"ok\"}\n\x00\x00\n").unwrap();
        let items: Vec<Item> = Inputs::new(&[&late]).unwrap().collect();
        assert_eq!(items.len(), 2);
        assert_eq!(
            err(items.into_iter().nth(1).unwrap()).kind,
            InputErrorKind::MalformedJson
        );
        // Named on the command line, a binary file is an error record.
        let e = err(Inputs::new(&[root.join("a.txt")]).unwrap().next().unwrap());
        assert_eq!(
            (e.kind, e.id.as_deref()),
            (InputErrorKind::Binary, Some("a"))
        );
    }

    #[test]
    fn empty_text_and_repeated_ids_are_read_with_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"text\":\"Chile.\"}\n{\"id\":\"e\",\"text\":\" \\n \"}\n{\"id\":\"a\",\"text\":\"Peru.\"}\n",
        )
        .unwrap();
        let items: Vec<Item> = Inputs::new(&[&path]).unwrap().collect();
        assert_eq!(items.len(), 5);
        let mut items = items.into_iter();
        assert!(doc(items.next().unwrap()).warnings.is_empty());
        assert_eq!(
            warning(items.next().unwrap()).kind,
            InputErrorKind::EmptyText
        );
        assert_eq!(doc(items.next().unwrap()).warnings, [Warning::EmptyText]);
        let w = warning(items.next().unwrap());
        assert_eq!(w.kind, InputErrorKind::DuplicateId);
        assert!(w.location.ends_with("d.jsonl:3"), "{}", w.location);
        let d = doc(items.next().unwrap());
        assert_eq!(d.warnings, [Warning::DuplicateId]);
        assert!(d.source.as_deref().unwrap().ends_with("d.jsonl:3"));
    }

    #[test]
    fn bytes_read_and_total_bytes_count_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "Chile.").unwrap();
        let line = "{\"id\":\"b\",\"text\":\"x\"}\n";
        std::fs::write(root.join("b.jsonl"), line).unwrap();
        std::fs::write(root.join("notes.md"), "not counted").unwrap();
        let inputs = Inputs::new(&[root]).unwrap();
        let expected = (6 + line.len()) as u64;
        assert_eq!(inputs.total_bytes(), Some(expected));
        let counter = inputs.bytes_read();
        assert_eq!(inputs.count(), 2);
        assert_eq!(counter.load(Ordering::Relaxed), expected);
        assert_eq!(Inputs::new(&["-"]).unwrap().total_bytes(), None);
    }

    /// The items (as debug text) and the byte count of `bytes` read as a
    /// JSON Lines source through a reader buffer of `capacity` bytes.
    fn items_through(bytes: &[u8], capacity: usize, max: usize) -> (Vec<String>, u64) {
        let mut inputs = Inputs::new::<&str>(&[]).unwrap().max_doc_bytes(max);
        inputs.pending.clear();
        inputs.current = Some(JsonLines {
            name: "t.jsonl".into(),
            reader: Box::new(BufReader::with_capacity(
                capacity,
                io::Cursor::new(bytes.to_vec()),
            )),
            line_no: 0,
            buf: Vec::new(),
        });
        let counter = inputs.bytes_read();
        let items = inputs.map(|item| format!("{item:?}")).collect();
        (items, counter.load(Ordering::Relaxed))
    }

    #[test]
    fn lines_read_in_place_give_the_items_of_the_copying_path() {
        // Pieces of lines: usual members, escapes, surrogate pairs,
        // non-ASCII, extra and null members, odd white space, invalid
        // UTF-8, CRLF and blank lines, repeated ids, bad dates.
        const PIECES: &[&[u8]] = &[
            b"{\"id\": \"a\", \"text\": \"Chile and Peru.\"}",
            b"{\"id\":\"b\",\"text\":\"line\\none \\\"q\\\" \\u00e9\\ud83d\\ude00\",\"published\":\"2024-06-12\"}",
            b" \t{ \"text\" : \"caf\xc3\xa9 \xe2\x82\xac5m\" , \"id\" : \"c\" } \t",
            b"{\"id\":\"d\",\"text\":\"x\",\"url\":\"http://e\"}",
            b"{\"id\":\"e\",\"text\":\"x\",\"published\":null}",
            b"{\"id\":\"f\",\"text\":\"bad \xff byte\"}",
            b"{\"id\":\"g\",\"text\":\"cut \xc3\"}",
            b"{\"id\":\"h\",\"text\":\"\\ud83d alone\"}",
            b"{\"id\":\"a\",\"text\":\" \"}",
            b"{\"id\":\"i\",\"text\":\"t\",\"published\":\"June 2\"}",
            b"{\"id\":7,\"text\":\"t\"}",
            b"{oops",
            b"\xef\xbb\xbf{\"id\":\"j\",\"text\":\"bom\"}",
            b"   ",
            b"",
            b"\r",
            b"[1,2]",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut input = Vec::new();
        for _ in 0..3_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            input.extend_from_slice(PIECES[(state % PIECES.len() as u64) as usize]);
            input.extend_from_slice(if state % 5 == 0 { b"\r\n" } else { b"\n" });
        }
        input.extend_from_slice(b"{\"id\":\"last\",\"text\":\"no line end\"}");
        for max in [1 << 20, 40] {
            // A one-byte buffer never holds a whole line: every line takes
            // the copying path.
            let copying = items_through(&input, 1, max);
            assert!(copying.0.len() > 3_000);
            for capacity in [1 << 16, 97] {
                let in_place = items_through(&input, capacity, max);
                assert_eq!(in_place.1, copying.1);
                for (k, (a, b)) in in_place.0.iter().zip(&copying.0).enumerate() {
                    assert_eq!(a, b, "item {k}, capacity {capacity}, max {max}");
                }
                assert_eq!(in_place.0.len(), copying.0.len());
            }
        }
    }

    #[test]
    fn missing_path_is_refused_up_front() {
        let e = Inputs::new(&["/definitely/not/here.txt"]).unwrap_err();
        assert!(e.to_string().starts_with("/definitely/not/here.txt: "));
    }
}
