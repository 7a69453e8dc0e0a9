//! Readers: `.txt` files, `.jsonl` files, standard input and directories,
//! turned into one stream of documents in a stable order.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use dealx_core::{Date, Document, PublishedSource};
use serde::Deserialize;

/// One unit of input: a document, or the reason a document could not be read.
#[derive(Debug)]
pub enum Item {
    /// A document read successfully.
    Doc(Document),
    /// A document (a file or a JSON line) that could not be read.
    Error(InputError),
}

/// A document that could not be read: written out as an error record, and
/// the batch goes on.
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// A file or standard input could not be read.
    Io,
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// A JSON line is not a JSON object.
    MalformedJson,
    /// A JSON line has no string `text`.
    MissingText,
    /// A JSON line has no `id`, or one that is not a string.
    BadId,
    /// `published` is not a `YYYY-MM-DD` date.
    BadPublished,
}

impl InputErrorKind {
    /// The short name used in error records.
    pub fn as_str(&self) -> &'static str {
        match self {
            InputErrorKind::Io => "io",
            InputErrorKind::InvalidUtf8 => "invalid_utf8",
            InputErrorKind::MalformedJson => "malformed_json",
            InputErrorKind::MissingText => "missing_text",
            InputErrorKind::BadId => "bad_id",
            InputErrorKind::BadPublished => "bad_published",
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
/// files are read; others, and hidden entries, are passed over), `-` for
/// standard input (JSON Lines).
///
/// A `.txt` file is one document whose id is the file stem. A `.jsonl` file
/// or standard input holds one document per line:
/// `{"id": "...", "text": "...", "published": "YYYY-MM-DD"}` (`published`
/// optional; blank lines skipped).
pub struct Inputs {
    /// Paths still to read, last first.
    pending: Vec<Pending>,
    /// The JSON Lines source being read.
    current: Option<JsonLines>,
}

enum Pending {
    Path(PathBuf),
    Stdin,
}

struct JsonLines {
    name: String,
    reader: Box<dyn BufRead + Send>,
    line_no: usize,
    buf: String,
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs")
            .field("pending", &self.pending.len())
            .field("current", &self.current.as_ref().map(|c| c.name.as_str()))
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
            pending.push(Pending::Path(p.to_path_buf()));
        }
        pending.reverse();
        Ok(Inputs {
            pending,
            current: None,
        })
    }

    /// The next item from the current JSON Lines source, if it has one left.
    fn next_line(&mut self) -> Option<Item> {
        let current = self.current.as_mut()?;
        loop {
            current.buf.clear();
            current.line_no += 1;
            let source = format!("{}:{}", current.name, current.line_no);
            match current.reader.read_line(&mut current.buf) {
                Ok(0) => {
                    self.current = None;
                    return None;
                }
                Ok(_) if current.buf.trim().is_empty() => continue,
                Ok(_) => return Some(parse_json_line(&current.buf, source)),
                Err(e) => {
                    let kind = if e.kind() == io::ErrorKind::InvalidData {
                        InputErrorKind::InvalidUtf8
                    } else {
                        InputErrorKind::Io
                    };
                    let fatal = kind == InputErrorKind::Io;
                    if fatal {
                        self.current = None;
                    } else {
                        // Skip the rest of the bad line.
                        let mut skip = Vec::new();
                        let _ = current.reader.read_until(b'\n', &mut skip);
                    }
                    return Some(Item::Error(InputError {
                        id: None,
                        location: source,
                        kind,
                        message: if fatal {
                            format!("cannot read: {e}")
                        } else {
                            "the line is not valid UTF-8".to_string()
                        },
                    }));
                }
            }
        }
    }

    /// Opens `path`: a directory queues its entries, a `.jsonl` file becomes
    /// the current source, any other file is one document.
    fn open(&mut self, path: PathBuf) -> Option<Item> {
        let name = path.display().to_string();
        let io_error = |e: io::Error| {
            Some(Item::Error(InputError {
                id: None,
                location: name.clone(),
                kind: InputErrorKind::Io,
                message: format!("cannot read: {e}"),
            }))
        };
        if path.is_dir() {
            let mut entries = Vec::new();
            let listing = match std::fs::read_dir(&path) {
                Ok(l) => l,
                Err(e) => return io_error(e),
            };
            for entry in listing {
                match entry {
                    Ok(entry) => entries.push(entry.path()),
                    Err(e) => return io_error(e),
                }
            }
            entries.retain(|p| {
                let hidden = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'));
                !hidden && (p.is_dir() || is_input_file(p))
            });
            entries.sort();
            self.pending
                .extend(entries.into_iter().rev().map(Pending::Path));
            return None;
        }
        if path.extension().is_some_and(|e| e == "jsonl") {
            match File::open(&path) {
                Ok(f) => {
                    self.current = Some(JsonLines {
                        name,
                        reader: Box::new(BufReader::with_capacity(1 << 16, f)),
                        line_no: 0,
                        buf: String::new(),
                    });
                    None
                }
                Err(e) => io_error(e),
            }
        } else {
            Some(read_text_file(&path, name))
        }
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.next_line() {
                return Some(item);
            }
            match self.pending.pop()? {
                Pending::Stdin => {
                    self.current = Some(JsonLines {
                        name: "<stdin>".to_string(),
                        reader: Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
                        line_no: 0,
                        buf: String::new(),
                    });
                }
                Pending::Path(path) => {
                    if let Some(item) = self.open(path) {
                        return Some(item);
                    }
                }
            }
        }
    }
}

fn is_input_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "txt" || e == "jsonl")
}

/// One `.txt` file as one document, id = file stem.
fn read_text_file(path: &Path, name: String) -> Item {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    let mut bytes = Vec::new();
    if let Err(e) = File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) {
        return Item::Error(InputError {
            id: Some(id),
            location: name,
            kind: InputErrorKind::Io,
            message: format!("cannot read: {e}"),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Item::Doc(Document::new(id, text)),
        Err(e) => Item::Error(InputError {
            id: Some(id),
            location: name,
            kind: InputErrorKind::InvalidUtf8,
            message: format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        }),
    }
}

#[derive(Deserialize)]
struct RawLine {
    id: Option<serde_json::Value>,
    text: Option<serde_json::Value>,
    published: Option<serde_json::Value>,
}

/// One JSON line as a document.
fn parse_json_line(line: &str, source: String) -> Item {
    let error = |id: Option<String>, kind, message: String| {
        Item::Error(InputError {
            id,
            location: source.clone(),
            kind,
            message,
        })
    };
    let raw: RawLine = match serde_json::from_str(line) {
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
            Item::Error(e) => panic!("unexpected error {e}"),
        }
    }

    fn err(item: Item) -> InputError {
        match item {
            Item::Doc(d) => panic!("unexpected document {}", d.id),
            Item::Error(e) => e,
        }
    }

    #[test]
    fn json_line_with_published_date_and_timestamp() {
        let d = doc(parse_json_line(
            r#"{"id":"a","text":"T","published":"2024-06-12"}"#,
            "f:1".into(),
        ));
        assert_eq!(d.published.unwrap().to_string(), "2024-06-12");
        assert_eq!(d.published_source, Some(PublishedSource::Input));
        let d = doc(parse_json_line(
            r#"{"id":"a","text":"T","published":"2024-06-12T08:00:00Z"}"#,
            "f:1".into(),
        ));
        assert_eq!(d.published.unwrap().to_string(), "2024-06-12");
        let d = doc(parse_json_line(
            r#"{"id":"a","text":"T","published":null}"#,
            "f:1".into(),
        ));
        assert_eq!(d.published, None);
    }

    #[test]
    fn json_line_errors_name_the_problem() {
        let e = err(parse_json_line("{not json", "f.jsonl:3".into()));
        assert_eq!(
            (e.kind, e.location.as_str()),
            (InputErrorKind::MalformedJson, "f.jsonl:3")
        );
        let e = err(parse_json_line(r#"{"id":7,"text":"x"}"#, "f:1".into()));
        assert_eq!(e.kind, InputErrorKind::BadId);
        let e = err(parse_json_line(r#"{"text":"x"}"#, "f:1".into()));
        assert_eq!(e.kind, InputErrorKind::BadId);
        let e = err(parse_json_line(r#"{"id":"a"}"#, "f:1".into()));
        assert_eq!(
            (e.kind, e.id.as_deref()),
            (InputErrorKind::MissingText, Some("a"))
        );
        let e = err(parse_json_line(
            r#"{"id":"a","text":"x","published":"June 2"}"#,
            "f:1".into(),
        ));
        assert_eq!(e.kind, InputErrorKind::BadPublished);
        let e = err(parse_json_line("[1,2]", "f:1".into()));
        assert_eq!(e.kind, InputErrorKind::MalformedJson);
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
            Item::Doc(_) => panic!("expected an error"),
        };
        assert!(e.location.ends_with("d.jsonl:2"), "{}", e.location);
    }

    #[test]
    fn invalid_utf8_text_file_is_an_error_item() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, b"ok \xff\xfe here").unwrap();
        let e = err(Inputs::new(&[&path]).unwrap().next().unwrap());
        assert_eq!(e.kind, InputErrorKind::InvalidUtf8);
        assert_eq!(e.id.as_deref(), Some("bad"));
    }

    #[test]
    fn missing_path_is_refused_up_front() {
        let e = Inputs::new(&["/definitely/not/here.txt"]).unwrap_err();
        assert!(e.to_string().starts_with("/definitely/not/here.txt: "));
    }
}
