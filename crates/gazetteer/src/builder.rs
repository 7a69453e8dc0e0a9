//! Building a gazetteer's tables from its files: the entries, one trie over
//! every written form of every name, and what each form stands for.
//!
//! This module is compiled twice: into the crate, for gazetteers built at
//! run time (`--gazetteers DIR`), and into `build.rs`, which builds the
//! tables of the built-in files at compile time (see [`crate::frozen`]).
//! So it depends only on `load`, `trie`, `words` and `frozen`, never on
//! the matching code.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use dealx_core::{EntityKind, EntryId, PlaceKind, Via};

use crate::load::{
    self, demonym_row, entry_row, is_demonym_file, rows, LoadError, LoadErrorKind, DEMONYM_COLUMNS,
    ENTRY_COLUMNS,
};
use crate::trie::Trie;
use crate::words::{is_capitalised, push_title_case};

const COMMON_WORDS: &str = include_str!("../data/common_words.txt");

/// Why a gazetteer could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A demonym row points to a missing country.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// More than four billion name forms.
    #[error("too many names")]
    TooManyNames,
}

/// Every pair of capitals, `AA` to `ZZ`, end to end: what
/// [`Entry::country`] slices a code from.
const COUNTRY_CODES: &str = {
    const BYTES: [u8; 2 * 26 * 26] = {
        let mut bytes = [0; 2 * 26 * 26];
        let mut i = 0;
        while i < 26 * 26 {
            bytes[2 * i] = b'A' + (i / 26) as u8;
            bytes[2 * i + 1] = b'A' + (i % 26) as u8;
            i += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(codes) => codes,
        Err(_) => panic!("capitals are UTF-8"),
    }
};

/// One gazetteer entry: a real-world entity with a canonical name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The id, name and attrs end to end: one allocation per entry built
    /// at run time, a slice of the embedded text for the built-in ones.
    pub(crate) text: Cow<'static, str>,
    /// Where the name starts in `text`.
    pub(crate) name_at: u32,
    /// Where the attrs start in `text`.
    pub(crate) attrs_at: u32,
    pub(crate) kind: EntityKind,
    /// An ISO 3166-1 alpha-2 code: two ASCII capitals (checked on load).
    pub(crate) country: Option<[u8; 2]>,
}

impl Entry {
    /// The stable id (`place:country:KZ`).
    pub fn id(&self) -> &str {
        &self.text[..self.name_at as usize]
    }

    /// The canonical name.
    pub fn name(&self) -> &str {
        &self.text[self.name_at as usize..self.attrs_at as usize]
    }

    /// What kind of entity it is.
    pub fn kind(&self) -> EntityKind {
        self.kind
    }

    /// The ISO 3166-1 alpha-2 code of its country, when known.
    pub fn country(&self) -> Option<&str> {
        let code = self.country.as_ref()?;
        // Two capitals (checked on load): a slice of the table of all of
        // them. `from_utf8` cost ~55 instructions a call, and the record
        // writer asks once per entity mention.
        match *code {
            [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
                let at = 2 * (usize::from(a - b'A') * 26 + usize::from(b - b'A'));
                COUNTRY_CODES.get(at..at + 2)
            }
            _ => std::str::from_utf8(code).ok(),
        }
    }

    /// The value of `key` in the entry's `attrs` (`role`, `surname`…).
    pub fn attr(&self, key: &str) -> Option<&str> {
        load::attr(&self.text[self.attrs_at as usize..], key)
    }

    /// The surname a document may use for this leader: the `surname`
    /// attribute, else the last word of a name of two words or more.
    pub fn surname(&self) -> Option<&str> {
        if self.kind != EntityKind::Leader {
            return None;
        }
        self.attr("surname").or_else(|| {
            let (_, last) = self.name().rsplit_once(' ')?;
            Some(last)
        })
    }
}

/// Which written form of a name a pattern is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// As the table writes it.
    Written,
    /// In capitals or title case.
    Variant,
}

/// What a trie pattern stands for.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target {
    pub(crate) entry: EntryId,
    pub(crate) via: Via,
    pub(crate) form: Form,
    /// An everyday word that names a place other than a country.
    pub(crate) common: bool,
}

/// A fast hasher for the entry-id set (a multiply-rotate word hash, as
/// rustc's FxHash): the ids are tens of thousands of short strings from
/// data files, not adversarial input, and SipHash was a tenth of loading.
///
/// Also the hasher of the rules' word sets, looked up for every word
/// around a trigger (SipHash was 2% of `Gazetteer::find`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHasher(u64);

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 56);
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The everyday words in lower case, as bytes, hashed with [`IdHasher`]
/// (SipHash and a UTF-8 check per lookup were 2% of the build).
type CommonWords = HashSet<Box<[u8]>, std::hash::BuildHasherDefault<IdHasher>>;

/// True when `name` in lower case is one of `common`; ASCII names are
/// lowered on the stack rather than in a new string.
fn is_common_word(common: &CommonWords, name: &str) -> bool {
    let mut buf = [0u8; 32];
    match buf.get_mut(..name.len()) {
        Some(lower) if name.is_ascii() => {
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            common.contains(&*lower)
        }
        _ => common.contains(name.to_lowercase().as_bytes()),
    }
}

/// The 64-bit hash of an entry id.
fn id_hash(id: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = IdHasher::default();
    hasher.write(id.as_bytes());
    hasher.finish()
}

/// Collects gazetteer files, then builds a [`Gazetteer`](crate::Gazetteer).
#[derive(Clone, Debug, Default)]
pub struct GazetteerBuilder {
    /// Shared with the gazetteers built from it (copied only when the
    /// builder is changed after a build).
    entries: Arc<Vec<Entry>>,
    /// The first entry of each id hash (see [`GazetteerBuilder::has_id`]).
    ids: HashMap<u64, EntryId, std::hash::BuildHasherDefault<IdHasher>>,
    /// Every name and alias, end to end (one allocation, not one each).
    pattern_text: String,
    /// (range in `pattern_text`, entry, via), in the order added: the first
    /// wins a tie.
    patterns: Vec<(std::ops::Range<usize>, EntryId, Via)>,
    /// Demonym rows (name, code, file, line), resolved at build time.
    demonyms: Vec<(String, String, String, usize)>,
}

impl GazetteerBuilder {
    /// An empty builder.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Adds a file by its name: `demonyms.tsv` is read as demonyms, anything
    /// else as entries.
    ///
    /// # Errors
    ///
    /// The first bad row, with its file and line ([`check_files`](crate::check_files) reports
    /// them all).
    pub fn add_file(&mut self, path: &str, contents: &str) -> Result<&mut Self, LoadError> {
        if is_demonym_file(path) {
            self.add_demonyms(path, contents)
        } else {
            self.add_entries(path, contents)
        }
    }

    /// Adds the entries of an entry file (`path` is used in error messages).
    ///
    /// # Errors
    ///
    /// The first bad row, with its file and line.
    pub fn add_entries(&mut self, path: &str, contents: &str) -> Result<&mut Self, LoadError> {
        let err = |line, kind| LoadError {
            path: path.to_string(),
            line,
            kind,
        };
        for (line_no, fields) in rows(contents, &ENTRY_COLUMNS).map_err(|k| err(1, k))? {
            let row = entry_row(&fields).map_err(|k| err(line_no, k))?;
            if self.has_id(row.id) {
                return Err(err(line_no, LoadErrorKind::DuplicateId(row.id.into())));
            }
            let entry_id = EntryId::new(self.entries.len());
            self.ids.entry(id_hash(row.id)).or_insert(entry_id);
            let name_at = row.id.len();
            let attrs_at = name_at + row.name.len();
            let (Ok(name_at), Ok(attrs_at)) = (u32::try_from(name_at), u32::try_from(attrs_at))
            else {
                return Err(err(line_no, LoadErrorKind::TooLong));
            };
            let mut text = String::with_capacity(row.id.len() + row.name.len() + row.attrs.len());
            text.push_str(row.id);
            text.push_str(row.name);
            text.push_str(row.attrs);
            Arc::make_mut(&mut self.entries).push(Entry {
                text: Cow::Owned(text),
                name_at,
                attrs_at,
                kind: row.kind,
                country: row.country.and_then(|c| c.as_bytes().try_into().ok()),
            });
            self.push_pattern(row.name, entry_id, Via::Name);
            for alias in row.aliases() {
                self.push_pattern(alias, entry_id, Via::Alias);
            }
        }
        Ok(self)
    }

    /// True when an entry already has the id `id`. The set holds 64-bit
    /// hashes, not copies of the ids; two ids with one hash (never seen in
    /// practice) are told apart by a scan of the entries.
    fn has_id(&self, id: &str) -> bool {
        match self.ids.get(&id_hash(id)) {
            None => false,
            Some(&first) if self.entries[first.get()].id() == id => true,
            Some(_) => self.entries.iter().any(|e| e.id() == id),
        }
    }

    fn push_pattern(&mut self, name: &str, entry: EntryId, via: Via) {
        let start = self.pattern_text.len();
        self.pattern_text.push_str(name);
        self.patterns
            .push((start..self.pattern_text.len(), entry, via));
    }

    /// Adds the rows of a demonym file (`name  country  source`).
    ///
    /// # Errors
    ///
    /// The first bad row, with its file and line. A country code with no
    /// entry is reported by [`build`](Self::build), once every file is in.
    pub fn add_demonyms(&mut self, path: &str, contents: &str) -> Result<&mut Self, LoadError> {
        let err = |line, kind| LoadError {
            path: path.to_string(),
            line,
            kind,
        };
        for (line_no, fields) in rows(contents, &DEMONYM_COLUMNS).map_err(|k| err(1, k))? {
            let (name, country) = demonym_row(&fields).map_err(|k| err(line_no, k))?;
            self.demonyms.push((
                name.to_string(),
                country.to_string(),
                path.to_string(),
                line_no,
            ));
        }
        Ok(self)
    }

    /// The tables of the files added so far: the entries, the name trie
    /// over every name, alias and demonym in its written form, in capitals
    /// and (longer names) in title case, and what each form stands for.
    /// [`build`](GazetteerBuilder::build) wraps them with the rules.
    ///
    /// Where two entries share a name, the one added first wins.
    ///
    /// # Errors
    ///
    /// A demonym whose country has no entry, or more names than fit in memory.
    pub(crate) fn compile(&self) -> Result<Tables, BuildError> {
        let mut countries: HashMap<&str, EntryId> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.kind == EntityKind::Place(PlaceKind::Country) {
                if let Some(code) = e.country() {
                    countries.entry(code).or_insert(EntryId::new(i));
                }
            }
        }
        let mut demonyms = Vec::with_capacity(self.demonyms.len());
        for (name, code, path, line) in &self.demonyms {
            let entry = *countries.get(code.as_str()).ok_or_else(|| LoadError {
                path: path.clone(),
                line: *line,
                kind: LoadErrorKind::UnknownCountry(code.clone()),
            })?;
            demonyms.push((name.clone(), entry, Via::Demonym));
        }
        let common: CommonWords = COMMON_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.to_lowercase().into_bytes().into_boxed_slice())
            .collect();
        // Lower-casing never shortens a name in characters, so a longer
        // name is no everyday word.
        let common_chars = common
            .iter()
            .map(|w| String::from_utf8_lossy(w).chars().count())
            .max()
            .unwrap_or(0);
        let names = self
            .patterns
            .iter()
            .map(|(range, entry, via)| (&self.pattern_text[range.clone()], *entry, *via))
            .chain(
                demonyms
                    .iter()
                    .map(|(name, entry, via)| (name.as_str(), *entry, *via)),
            );
        let total = self.patterns.len() + demonyms.len();
        // Every written form, end to end, and per form its range and target.
        let mut text = String::with_capacity(self.pattern_text.len() * 3);
        let mut forms: Vec<(std::ops::Range<usize>, Target)> = Vec::with_capacity(total * 2);
        for (name, entry, via) in names {
            let kind = self.entries[entry.get()].kind;
            // Everyday words are single words: skip the lookup otherwise.
            let is_common = via != Via::Demonym
                && kind != EntityKind::Place(PlaceKind::Country)
                && !name.bytes().any(|b| b == b' ')
                && name.chars().nth(common_chars).is_none()
                && is_common_word(&common, name);
            let target = |form| Target {
                entry,
                via,
                form,
                common: is_common,
            };
            let start = text.len();
            text.push_str(name);
            forms.push((start..text.len(), target(Form::Written)));
            let upper_start = text.len();
            if name.is_ascii() {
                text.push_str(name);
                text[upper_start..].make_ascii_uppercase();
            } else {
                text.extend(name.chars().flat_map(char::to_uppercase));
            }
            let upper = upper_start..text.len();
            if text[upper.clone()] == *name {
                text.truncate(upper_start);
                continue;
            }
            // Title case differs only where some word starts in lower case.
            if name.chars().nth(4).is_some() && !load::split_at_byte(name, b' ').all(is_capitalised)
            {
                let title_start = text.len();
                push_title_case(name, &mut text);
                if text[title_start..] == *name {
                    text.truncate(title_start);
                } else {
                    forms.push((title_start..text.len(), target(Form::Variant)));
                }
            }
            forms.push((upper, target(Form::Variant)));
        }
        if u32::try_from(forms.len()).is_err() {
            return Err(BuildError::TooManyNames);
        }
        // The first form added wins where two entries share a name.
        let trie = Trie::build(
            forms
                .iter()
                .enumerate()
                .map(|(i, (range, _))| (&text.as_bytes()[range.clone()], i as u32))
                .collect(),
        );
        let targets: Vec<Target> = forms.iter().map(|(_, t)| *t).collect();
        Ok(Tables {
            entries: Arc::clone(&self.entries),
            names: trie,
            targets,
        })
    }
}

/// What a gazetteer knows apart from its rules: built from files by
/// [`GazetteerBuilder::compile`], or read back from the form `build.rs`
/// froze at compile time ([`crate::frozen`]).
#[derive(Clone, Debug)]
pub(crate) struct Tables {
    pub(crate) entries: Arc<Vec<Entry>>,
    /// Every written form of every name; walked from word starts.
    pub(crate) names: Trie,
    /// For each trie pattern, what it names.
    pub(crate) targets: Vec<Target>,
}
