//! The gazetteer stage: tables of known names, and finding entities in text.
//!
//! This crate owns the gazetteer file format, the name trie, entity
//! matching, the rules that find entities no table knows, and resolving
//! short forms within a document. It reads no files itself: callers hand it
//! the contents of the TSV files (the built-in ones are embedded, see
//! [`BUILTIN_FILES`]), so it can report bad rows by file and line without
//! doing I/O.
//!
//! # Overview
//!
//! - [`GazetteerBuilder`] collects entry files and demonym files, then
//!   [`GazetteerBuilder::build`] compiles one byte trie over every written
//!   form of every name, alias and demonym. Names only start at word
//!   starts, so matching walks the trie from each word start and takes the
//!   longest name there that passes the checks below (leftmost-longest, as
//!   an Aho-Corasick automaton would give, without building failure links
//!   that an anchored walk never follows).
//! - [`Gazetteer::find_iter`] yields the table names in a text;
//!   [`Gazetteer::find`] returns every [`Entity`] of a segmented document:
//!   table names, rule-found entities and document-level short forms.
//! - [`check_files`] validates gazetteer files and reports every bad row.
//!
//! # How names are matched
//!
//! - **Whole words, Unicode-aware.** A name counts only when no letter or
//!   digit (in any script) touches it, so "Kazakhstan" is never read inside
//!   "Kazakhstani" (which is found when it is itself a demonym). Apostrophes
//!   and hyphens are boundaries: possessives ("Kazakhstan's", "Kazakhstan’s",
//!   "Reuters’") and compounds ("Kazakhstan-Korea" gives both countries) are
//!   read; a name hyphenated to a capitalised word that is not a name
//!   ("Jackson-Vanik", "Trans-Caspian") is not ([`Gazetteer::find`]). When the longest name at a position fails the boundary check,
//!   the longest shorter name there that passes it is taken ("Georgia" in
//!   "Georgia Technologies" when the table also holds "Georgia Tech").
//! - **Case.** Matching is case-sensitive: a name matches as the table
//!   writes it, in all capitals ("HUAWEI" → Huawei), and, when longer than
//!   four characters, in title case ("Almaty Region" for "Almaty region").
//!   Names written in capitals in the table (acronyms: KTZ, SK) and other
//!   names of four characters or fewer get no title-case form. So lower-case
//!   "china" or "turkey" never matches. Place names that are everyday
//!   English words (`data/common_words.txt`: "Deal", "Most", "Split") count,
//!   unless they name a country, only as written, not at the start of a
//!   sentence and not among other capitalised words (a title-cased
//!   headline). A country name that is also a word ("Turkey", "Chad") at the
//!   start of a sentence is taken as the country: in news it almost always
//!   is, and nothing in the word itself tells the two apart.
//! - **Rules** (`data/titles.txt`, `data/legal_forms.tsv`,
//!   `data/org_heads.tsv`): a title followed by two to four capitalised
//!   words is a leader ("Prime Minister Olzhas Bektenov", also across an
//!   "of …" phrase: "Deputy Chairman of the Cabinet of Ministers of the
//!   Kyrgyz Republic Adylbek Kasymaliev", and as an appositive:
//!   "Zhaslan Madiyev, Minister of …"); capitalised words ending in a legal
//!   form are a company ("SAFC LLP"); a capitalised phrase around an
//!   institution word is an organization ("Ministry of Energy",
//!   "Eurasian Development Bank"; a bank that is not a development, central
//!   or national bank is a company). Table names win over rule names that
//!   overlap them; rule names win over place names inside them.
//! - **Within a document**, a short form resolves to the entity it stands
//!   for: a leader's surname (the `surname` attribute, else the last word of
//!   the full name) anywhere in the document once the full name occurs,
//!   with or without a title ("President Tokayev"); an acronym given in
//!   parentheses after a name ("Kazakhstan Temir Zholy (KTZ)"); a rule
//!   company's name without its legal form ("SAFC" for "SAFC LLP"). A short
//!   form claimed by two entities is dropped.
//!
//! Each [`Entity`] says how it was tied to its entity in [`Via`]: `Name`,
//! `Alias`, `Demonym`, `Rule` or `Coreference`.
//!
//! # File formats
//!
//! Entry files (`places.tsv`, `leaders.tsv`, `companies.tsv`,
//! `organizations.tsv` and any other `*.tsv` but `demonyms.tsv`) have a
//! header row and the columns
//! `id  name  aliases  type  subtype  country  attrs  source`, tab-separated:
//! `aliases` is `|`-separated, `type` is `leader`, `company`, `organization`
//! or `place`, `subtype` (places only) is `country`, `city`, `region`,
//! `port`, `zone` or `other`, `country` is an ISO 3166-1 alpha-2 code,
//! `attrs` is `key=value;key=value` (`surname` and `role` are read).
//!
//! `demonyms.tsv` has the columns `name  country  source`: each name is a
//! mention of the country entry (`subtype` `country`) with that code.
//!
//! # Example
//!
//! ```
//! use dealx_core::Segmentation;
//! use dealx_gazetteer::GazetteerBuilder;
//!
//! let places = "id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource\n\
//!               place:country:KZ\tKazakhstan\tRepublic of Kazakhstan\tplace\tcountry\tKZ\t\tcurated\n";
//! let mut builder = GazetteerBuilder::new();
//! builder.add_entries("places.tsv", places).unwrap();
//! builder.add_demonyms("demonyms.tsv", "name\tcountry\tsource\nKazakh\tKZ\tcurated\n").unwrap();
//! let gazetteer = builder.build().unwrap();
//!
//! let text = "Kazakh officials visited the Republic of Kazakhstan's capital.";
//! let names: Vec<&str> = gazetteer
//!     .find_iter(text)
//!     .map(|m| gazetteer.entry(m.entry).name())
//!     .collect();
//! assert_eq!(names, ["Kazakhstan", "Kazakhstan"]);
//! ```

mod load;
mod resolve;
mod rules;
mod trie;
mod words;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use dealx_core::{Entity, EntityKind, EntryId, PlaceKind, Segmentation, Span};

pub use dealx_core::Via;
pub use load::{check_files, FileReport, LoadError, LoadErrorKind, DEMONYMS_FILE};

use load::{demonym_row, entry_row, is_demonym_file, rows, DEMONYM_COLUMNS, ENTRY_COLUMNS};
use words::{is_capitalised, is_sentence_initial, is_whole_word, push_title_case};

/// The gazetteer files built into the binary, as `(file name, contents)`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("places.tsv", include_str!("../../../gazetteers/places.tsv")),
    (
        "demonyms.tsv",
        include_str!("../../../gazetteers/demonyms.tsv"),
    ),
    (
        "leaders.tsv",
        include_str!("../../../gazetteers/leaders.tsv"),
    ),
    (
        "companies.tsv",
        include_str!("../../../gazetteers/companies.tsv"),
    ),
    (
        "organizations.tsv",
        include_str!("../../../gazetteers/organizations.tsv"),
    ),
];

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

/// One gazetteer entry: a real-world entity with a canonical name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The id, name and attrs end to end (one allocation per entry).
    text: Box<str>,
    /// Where the name starts in `text`.
    name_at: u32,
    /// Where the attrs start in `text`.
    attrs_at: u32,
    kind: EntityKind,
    /// An ISO 3166-1 alpha-2 code: two ASCII capitals (checked on load).
    country: Option<[u8; 2]>,
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
        self.country
            .as_ref()
            .and_then(|code| std::str::from_utf8(code).ok())
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

/// A gazetteer name found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameMatch {
    /// Where the name is.
    pub span: Span,
    /// The entry it names.
    pub entry: EntryId,
    /// How it was matched: [`Via::Name`], [`Via::Alias`] or [`Via::Demonym`].
    pub via: Via,
}

/// Which written form of a name a pattern is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// As the table writes it.
    Written,
    /// In capitals or title case.
    Variant,
}

/// What a trie pattern stands for.
#[derive(Clone, Copy, Debug)]
struct Target {
    entry: EntryId,
    via: Via,
    form: Form,
    /// An everyday word that names a place other than a country.
    common: bool,
}

/// A fast hasher for the entry-id set (a multiply-rotate word hash, as
/// rustc's FxHash): the ids are tens of thousands of short strings from
/// data files, not adversarial input, and SipHash was a tenth of loading.
#[derive(Clone, Copy, Debug, Default)]
struct IdHasher(u64);

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

/// Collects gazetteer files, then builds a [`Gazetteer`].
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

    /// A builder loaded with the built-in files.
    ///
    /// # Errors
    ///
    /// Never for the files shipped with dealx (a test checks them); the
    /// `Result` is there because they are data.
    pub fn builtin() -> Result<GazetteerBuilder, LoadError> {
        let mut builder = GazetteerBuilder::new();
        for (name, contents) in BUILTIN_FILES {
            builder.add_file(name, contents)?;
        }
        Ok(builder)
    }

    /// Adds a file by its name: `demonyms.tsv` is read as demonyms, anything
    /// else as entries.
    ///
    /// # Errors
    ///
    /// The first bad row, with its file and line ([`check_files`] reports
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
                text: text.into_boxed_str(),
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

    /// Compiles the name trie over every name, alias and demonym, in its
    /// written form, in capitals and (longer names) in title case.
    ///
    /// Where two entries share a name, the one added first wins.
    ///
    /// # Errors
    ///
    /// A demonym whose country has no entry, or more names than fit in memory.
    pub fn build(&self) -> Result<Gazetteer, BuildError> {
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
        let trie = trie::Trie::build(
            forms
                .iter()
                .enumerate()
                .map(|(i, (range, _))| (&text.as_bytes()[range.clone()], i as u32))
                .collect(),
        );
        let targets: Vec<Target> = forms.iter().map(|(_, t)| *t).collect();
        Ok(Gazetteer {
            inner: Arc::new(Inner {
                entries: Arc::clone(&self.entries),
                names: trie,
                targets,
                rules: rules::Rules::new(),
            }),
        })
    }
}

/// A built gazetteer: the entries, one trie over all their names, and
/// the rules for names no table holds.
///
/// # Resource usage
///
/// Memory is dominated by the trie, at most 16 bytes per byte of all the
/// names' written forms (up to three each). Matching is linear in
/// the text length.
///
/// # Cloning
///
/// Cheap: the entries and trie sit behind an `Arc`, so clones share
/// them. `Gazetteer` is `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    entries: Arc<Vec<Entry>>,
    /// Every written form of every name; walked from word starts.
    names: trie::Trie,
    /// For each trie pattern, what it names.
    targets: Vec<Target>,
    rules: rules::Rules,
}

impl Gazetteer {
    /// The entry behind an id from this gazetteer.
    ///
    /// # Panics
    ///
    /// When `id` comes from another gazetteer and is out of range.
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.inner.entries[id.get()]
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.inner.entries.len()
    }

    /// True when the gazetteer has no entries.
    pub fn is_empty(&self) -> bool {
        self.inner.entries.is_empty()
    }

    /// Every table name in `text` under the matching policy of the crate
    /// docs (whole words, case, everyday words), leftmost-longest, in text
    /// order.
    pub fn find_iter<'g, 't>(&'g self, text: &'t str) -> FindIter<'g, 't> {
        FindIter {
            gazetteer: self,
            text,
            pos: 0,
            ends: Vec::new(),
        }
    }

    /// Every entity mention of a segmented document, in text order: table
    /// names, rule-found names and the short forms the document introduces
    /// (see the crate docs). Mentions lie inside sentences and do not
    /// overlap.
    pub fn find(&self, text: &str, segmentation: &Segmentation) -> Vec<Entity> {
        // One pass over the word starts finds both the table names (as
        // `find_iter` would) and the rules' trigger words.
        let mut matches: Vec<NameMatch> = Vec::new();
        let mut triggers: Vec<(Span, usize)> = Vec::new();
        let (mut name_from, mut trigger_from) = (0, 0);
        let mut ends = Vec::new();
        for i in trie::WordStarts::new(text, 0) {
            if i >= name_from && self.inner.names.is_start(text, i) {
                if let Some(m) = self.name_at(text, i, &mut ends) {
                    name_from = m.span.end();
                    matches.push(m);
                }
            }
            if i >= trigger_from {
                if let Some(t) = self.rules().trigger_at(text, i, &mut ends) {
                    trigger_from = t.0.end();
                    triggers.push(t);
                }
            }
        }
        let table: Vec<Entity> = matches
            .iter()
            .enumerate()
            .filter(|&(i, m)| {
                hyphen_partner_ok(
                    text,
                    m.span,
                    i.checked_sub(1).map(|p| matches[p].span),
                    matches.get(i + 1).map(|n| n.span),
                )
            })
            .filter_map(|(_, m)| {
                let sentence = segmentation.sentence_of(m.span)?;
                Some(Entity {
                    span: m.span,
                    sentence,
                    kind: self.entry(m.entry).kind,
                    entry: m.entry.into(),
                    via: m.via,
                })
            })
            .collect();
        resolve::resolve(self, text, segmentation, table, &triggers)
    }

    /// The longest table name at word start `i` (one that may open a
    /// name) that passes the checks, else the longest shorter one that
    /// does. `ends` is scratch space.
    #[inline]
    fn name_at(&self, text: &str, i: usize, ends: &mut Vec<(usize, usize)>) -> Option<NameMatch> {
        let inner = &self.inner;
        inner.names.prefixes(&text.as_bytes()[i..], ends);
        ends.iter().rev().find_map(|&(len, pattern)| {
            let end = i + len;
            let target = &inner.targets[pattern];
            self.accepts(text, i, end, target).then(|| NameMatch {
                span: Span::new(i, end),
                entry: target.entry,
                via: target.via,
            })
        })
    }

    fn rules(&self) -> &rules::Rules {
        &self.inner.rules
    }

    /// Whether a match of `target` at `start..end` counts.
    fn accepts(&self, text: &str, start: usize, end: usize, target: &Target) -> bool {
        if !is_whole_word(text, start, end) {
            return false;
        }
        if target.common {
            if target.form != Form::Written || is_sentence_initial(text, start) {
                return false;
            }
            return !in_title_case_run(text, start, end);
        }
        true
    }
}

/// A name hyphenated to a capitalised word counts only when that word is a
/// name too: "Kazakhstan-Korea agreements" names two countries, while
/// "Jackson-Vanik amendment" or "Trans-Caspian" name neither Jackson nor
/// the Caspian. `prev` and `next` are the neighbouring table matches.
fn hyphen_partner_ok(text: &str, span: Span, prev: Option<Span>, next: Option<Span>) -> bool {
    let glued_after = text[span.end()..]
        .strip_prefix('-')
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_uppercase);
    if glued_after && next.is_none_or(|n| n.start() != span.end() + 1) {
        return false;
    }
    let glued_before = text[..span.start()]
        .strip_suffix('-')
        .and_then(|rest| rest.chars().next_back())
        .is_some_and(char::is_alphanumeric);
    if glued_before && prev.is_none_or(|p| p.end() + 1 != span.start()) {
        // The character before the word may be several bytes long.
        let word_start = text[..span.start() - 1]
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        if is_capitalised(&text[word_start..]) {
            return false;
        }
    }
    true
}

/// True when the words on both sides of `start..end`, across one run of
/// spaces, are capitalised (a title-cased headline: "Big Deal Signed").
fn in_title_case_run(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let trimmed = before.trim_end_matches(' ');
    let prev_capitalised =
        trimmed.len() < before.len() && trimmed.rsplit(' ').next().is_some_and(is_capitalised);
    let after = &text[end..];
    let rest = after.trim_start_matches(' ');
    prev_capitalised && rest.len() < after.len() && is_capitalised(rest)
}

/// The iterator [`Gazetteer::find_iter`] returns.
#[derive(Debug)]
pub struct FindIter<'g, 't> {
    gazetteer: &'g Gazetteer,
    text: &'t str,
    pos: usize,
    /// (end, pattern) of every name that starts at the current word,
    /// shortest first (kept to reuse its allocation).
    ends: Vec<(usize, usize)>,
}

impl Iterator for FindIter<'_, '_> {
    type Item = NameMatch;

    fn next(&mut self) -> Option<NameMatch> {
        let inner = &self.gazetteer.inner;
        let text = self.text;
        let bytes = text.as_bytes();
        let mut next = self.pos;
        while let Some(i) = inner.names.next_start(text, next) {
            if let Some(m) = self.gazetteer.name_at(text, i, &mut self.ends) {
                self.pos = m.span.end();
                return Some(m);
            }
            next = i + 1;
        }
        self.pos = bytes.len();
        None
    }
}

impl std::iter::FusedIterator for FindIter<'_, '_> {}

#[cfg(test)]
mod tests;
