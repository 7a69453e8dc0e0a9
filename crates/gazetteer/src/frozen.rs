//! A gazetteer's tables as bytes: `build.rs` builds the tables of the
//! built-in files at compile time and freezes them; start-up thaws them
//! instead of parsing 8 MB of TSV and building a trie of 300,000 forms
//! (0.7 G instructions, most of a small article's run time).
//!
//! The frozen form is two files in `OUT_DIR`, embedded in the binary:
//!
//! - `builtin.txt`: the text of every entry (id, name and attrs) end to
//!   end, embedded with `include_str!`, so the entries borrow their text
//!   from the binary rather than copying it.
//! - `builtin.bin`: a header (magic, format version, the length of the
//!   text), the entries (end of the text, where the name and the attrs
//!   start, kind, country), the targets and the trie (see
//!   [`Trie::freeze`](crate::trie::Trie::freeze)), as little-endian
//!   integers. The byte slices have no alignment, so they are read into
//!   vectors: a copy of a few megabytes, not a build.
//!
//! Thawing the frozen tables gives exactly the tables
//! [`GazetteerBuilder::compile`](crate::GazetteerBuilder) makes from the
//! same files: a test freezes a run-time build of the built-in files and
//! compares the bytes with the embedded ones.
//!
//! Like `builder`, this module is compiled into `build.rs` too.

use std::borrow::Cow;
use std::sync::Arc;

use dealx_core::{EntityKind, EntryId, PlaceKind, Via};

use crate::builder::{Entry, Form, Tables, Target};
use crate::trie::Trie;

/// The first bytes of a frozen gazetteer.
const MAGIC: &[u8; 4] = b"DXGZ";
/// Bumped whenever the layout changes (a stale `OUT_DIR` file is then
/// rejected instead of misread; `build.rs` reruns when this file changes).
const VERSION: u32 = 4;

/// Little-endian output.
// Freezing runs in build.rs and the tests, not in the library.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

// Freezing runs in build.rs and the tests, not in the library.
#[cfg_attr(not(test), allow(dead_code))]
impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub(crate) fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A length or count, which must fit in 32 bits.
    pub(crate) fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).expect("frozen lengths fit in 32 bits"));
    }
}

/// Little-endian input, read front to back.
///
/// # Panics
///
/// Every read panics past the end: the bytes are the build script's own
/// output, embedded in the binary, so a short read is a bug, not bad input.
#[derive(Debug)]
pub(crate) struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    pub(crate) fn new(bytes: &'b [u8]) -> Reader<'b> {
        Reader { bytes }
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> &'b [u8] {
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        head
    }

    /// The next `N` bytes as an array.
    pub(crate) fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N));
        out
    }

    pub(crate) fn u8(&mut self) -> u8 {
        self.take(1)[0]
    }

    pub(crate) fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.array())
    }

    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.array())
    }

    pub(crate) fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.array())
    }

    pub(crate) fn len(&mut self) -> usize {
        self.u32() as usize
    }

    /// The next `count` records of `size` bytes each, one slice per record.
    pub(crate) fn records(&mut self, count: usize, size: usize) -> std::slice::ChunksExact<'b, u8> {
        self.take(count * size).chunks_exact(size)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// The entity kinds by their byte in the frozen form.
const KINDS: [EntityKind; 9] = [
    EntityKind::Leader,
    EntityKind::Company,
    EntityKind::Organization,
    EntityKind::Place(PlaceKind::Country),
    EntityKind::Place(PlaceKind::City),
    EntityKind::Place(PlaceKind::Region),
    EntityKind::Place(PlaceKind::Port),
    EntityKind::Place(PlaceKind::Zone),
    EntityKind::Place(PlaceKind::Other),
];

/// How table names are matched, by their byte in the frozen form.
const VIAS: [Via; 3] = [Via::Name, Via::Alias, Via::Demonym];

// Freezing runs in build.rs and the tests, not in the library.
#[cfg_attr(not(test), allow(dead_code))]
/// The byte of `value` in `table` (a kind or via the format must list).
fn byte_of<T: PartialEq + std::fmt::Debug>(table: &[T], value: T) -> u8 {
    match table.iter().position(|t| *t == value) {
        Some(i) => i as u8,
        None => panic!("{value:?} has no byte in the frozen gazetteer format"),
    }
}

/// The value of byte `b` in `table`.
fn of_byte<T: Copy>(table: &[T], b: u8) -> T {
    match table.get(usize::from(b)) {
        Some(&t) => t,
        None => panic!("frozen gazetteer: bad byte {b}"),
    }
}

/// One target's record: entry (4 bytes), via, form, common.
const TARGET_SIZE: usize = 7;
/// One entry's record: text end, name start, attrs start (4 bytes each),
/// kind, country (2 bytes, zero for none).
const ENTRY_SIZE: usize = 15;

impl Tables {
    /// The frozen form: (`builtin.bin`, `builtin.txt`).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn freeze(&self) -> (Vec<u8>, String) {
        let mut text = String::new();
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        out.u32(VERSION);
        let text_len: usize = self.entries.iter().map(|e| e.text.len()).sum();
        out.len(text_len);
        out.len(self.entries.len());
        for e in self.entries.iter() {
            text.push_str(&e.text);
            out.len(text.len());
            out.u32(e.name_at);
            out.u32(e.attrs_at);
            out.u8(byte_of(&KINDS, e.kind));
            let [a, b] = e.country.unwrap_or([0, 0]);
            out.u8(a);
            out.u8(b);
        }
        out.len(self.targets.len());
        for t in &self.targets {
            out.len(t.entry.get());
            out.u8(byte_of(&VIAS, t.via));
            out.u8(match t.form {
                Form::Written => 0,
                Form::Variant => 1,
            });
            out.u8(u8::from(t.common));
        }
        self.names.freeze(&mut out);
        (out.bytes, text)
    }

    /// The tables [`freeze`](Tables::freeze) froze; the entries borrow
    /// their text from `text`.
    ///
    /// # Panics
    ///
    /// When `bytes` and `text` are not one frozen gazetteer of this
    /// version (a stale or mismatched build output: a bug, not input).
    pub(crate) fn thaw(bytes: &[u8], text: &'static str) -> Tables {
        let mut r = Reader::new(bytes);
        assert!(
            r.take(4) == MAGIC && r.u32() == VERSION,
            "frozen gazetteer: not version {VERSION} of the format"
        );
        assert_eq!(r.len(), text.len(), "frozen gazetteer: text does not match");
        let count = r.len();
        let mut entries = Vec::with_capacity(count);
        let mut start = 0;
        for record in r.records(count, ENTRY_SIZE) {
            let mut f = Reader::new(record);
            let end = f.len();
            let name_at = f.u32();
            let attrs_at = f.u32();
            let kind = of_byte(&KINDS, f.u8());
            let country = match f.array() {
                [0, 0] => None,
                code => Some(code),
            };
            entries.push(Entry {
                text: Cow::Borrowed(&text[start..end]),
                name_at,
                attrs_at,
                kind,
                country,
            });
            start = end;
        }
        let count = r.len();
        let targets = r
            .records(count, TARGET_SIZE)
            .map(|record| {
                let mut f = Reader::new(record);
                Target {
                    entry: EntryId::new(f.len()),
                    via: of_byte(&VIAS, f.u8()),
                    form: if f.u8() == 0 {
                        Form::Written
                    } else {
                        Form::Variant
                    },
                    common: f.u8() != 0,
                }
            })
            .collect();
        let names = Trie::thaw(&mut r);
        assert!(r.is_empty(), "frozen gazetteer: trailing bytes");
        Tables {
            entries: Arc::new(entries),
            names,
            targets,
        }
    }
}
