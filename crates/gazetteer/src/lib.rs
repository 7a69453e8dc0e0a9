//! The gazetteer stage: tables of known names, and finding them in text.
//!
//! This crate owns the gazetteer file format, the name automaton and entity
//! matching. It reads no files itself: callers hand it the contents of the
//! TSV files (the built-in ones are embedded, see [`BUILTIN_FILES`]), so it
//! can report bad rows by file and line without doing I/O.
//!
//! # Overview
//!
//! - [`GazetteerBuilder`] collects entry files and demonym files, then
//!   [`GazetteerBuilder::build`] compiles one Aho-Corasick automaton over
//!   every name, alias and demonym.
//! - [`Gazetteer::find`] returns the [`Entity`] mentions of a document in
//!   text order: leftmost-longest, whole words only, inside sentences only.
//! - [`Gazetteer::entry`] gives the canonical name, id and country of a
//!   mention's [`EntryId`].
//!
//! # File formats
//!
//! Entry files (`places.tsv` and any other `*.tsv` but `demonyms.tsv`) have a
//! header row and the columns
//! `id  name  aliases  type  subtype  country  attrs  source`, tab-separated:
//! `aliases` is `|`-separated, `type` is `leader`, `company`, `organization`
//! or `place`, `subtype` (places only) is `country`, `city`, `region`,
//! `port`, `zone` or `other`, `country` is an ISO 3166-1 alpha-2 code.
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

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use dealx_core::{Entity, EntityKind, EntryId, PlaceKind, Segmentation, Span};

/// The gazetteer files built into the binary, as `(file name, contents)`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("places.tsv", include_str!("../../../gazetteers/places.tsv")),
    (
        "demonyms.tsv",
        include_str!("../../../gazetteers/demonyms.tsv"),
    ),
];

/// The file name that holds demonyms rather than entries.
pub const DEMONYMS_FILE: &str = "demonyms.tsv";

const ENTRY_COLUMNS: [&str; 8] = [
    "id", "name", "aliases", "type", "subtype", "country", "attrs", "source",
];
const DEMONYM_COLUMNS: [&str; 3] = ["name", "country", "source"];

/// A row of a gazetteer file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {kind}")]
pub struct LoadError {
    /// The file's name as given to the builder.
    pub path: String,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub kind: LoadErrorKind,
}

/// What is wrong with a gazetteer row.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The header row is not the expected list of columns.
    #[error("header must be the columns {expected:?}, found {found:?}")]
    BadHeader {
        /// The columns the file must have.
        expected: Vec<&'static str>,
        /// What the first line holds.
        found: Vec<String>,
    },
    /// A row has the wrong number of fields.
    #[error("expected {expected} tab-separated fields, found {found}")]
    FieldCount {
        /// How many fields a row must have.
        expected: usize,
        /// How many it has.
        found: usize,
    },
    /// A required field is empty.
    #[error("the '{0}' field is empty")]
    Empty(&'static str),
    /// The `type` or `subtype` is not one the format allows.
    #[error("unknown type/subtype '{0}'")]
    UnknownType(String),
    /// An id occurs twice.
    #[error("duplicate id '{0}'")]
    DuplicateId(String),
    /// A demonym names a country code with no country entry.
    #[error("no country entry for code '{0}'")]
    UnknownCountry(String),
}

/// Why a gazetteer could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A demonym row points to a missing country.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The automaton could not be built (too many patterns for memory).
    #[error("cannot build the name automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// One gazetteer entry: a real-world entity with a canonical name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    id: Box<str>,
    name: Box<str>,
    kind: EntityKind,
    country: Option<Box<str>>,
}

impl Entry {
    /// The stable id (`place:country:KZ`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The canonical name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What kind of entity it is.
    pub fn kind(&self) -> EntityKind {
        self.kind
    }

    /// The ISO 3166-1 alpha-2 code of its country, when known.
    pub fn country(&self) -> Option<&str> {
        self.country.as_deref()
    }
}

/// How a name in the text was matched to its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Via {
    /// The canonical name or one of its aliases.
    Name,
    /// A demonym of a country ("Singaporean").
    Demonym,
}

/// A gazetteer name found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameMatch {
    /// Where the name is.
    pub span: Span,
    /// The entry it names.
    pub entry: EntryId,
    /// How it was matched.
    pub via: Via,
}

/// Collects gazetteer files, then builds a [`Gazetteer`].
#[derive(Clone, Debug, Default)]
pub struct GazetteerBuilder {
    entries: Vec<Entry>,
    ids: HashMap<Box<str>, EntryId>,
    /// (pattern, entry, via), in the order added: the first wins a tie.
    patterns: Vec<(String, EntryId, Via)>,
    /// Demonym rows, resolved against the country entries at build time.
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
    /// The first bad row, with its file and line.
    pub fn add_file(&mut self, path: &str, contents: &str) -> Result<&mut Self, LoadError> {
        let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        if file_name == DEMONYMS_FILE {
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
        for (line_no, fields) in rows(path, contents, &ENTRY_COLUMNS)? {
            let [id, name, aliases, kind, subtype, country, _attrs, _source] =
                <[&str; 8]>::try_from(fields).map_err(|f: Vec<&str>| {
                    err(
                        line_no,
                        LoadErrorKind::FieldCount {
                            expected: 8,
                            found: f.len(),
                        },
                    )
                })?;
            if id.is_empty() {
                return Err(err(line_no, LoadErrorKind::Empty("id")));
            }
            if name.is_empty() {
                return Err(err(line_no, LoadErrorKind::Empty("name")));
            }
            let kind = entity_kind(kind, subtype).ok_or_else(|| {
                err(
                    line_no,
                    LoadErrorKind::UnknownType(format!("{kind}/{subtype}")),
                )
            })?;
            if self.ids.contains_key(id) {
                return Err(err(line_no, LoadErrorKind::DuplicateId(id.to_string())));
            }
            let entry_id = EntryId::new(self.entries.len());
            self.ids.insert(id.into(), entry_id);
            self.entries.push(Entry {
                id: id.into(),
                name: name.into(),
                kind,
                country: (!country.is_empty()).then(|| country.into()),
            });
            self.patterns.push((name.to_string(), entry_id, Via::Name));
            for alias in aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                self.patterns.push((alias.to_string(), entry_id, Via::Name));
            }
        }
        Ok(self)
    }

    /// Adds the rows of a demonym file (`name  country  source`).
    ///
    /// # Errors
    ///
    /// The first bad row, with its file and line. A country code with no
    /// entry is reported by [`build`](Self::build), once every file is in.
    pub fn add_demonyms(&mut self, path: &str, contents: &str) -> Result<&mut Self, LoadError> {
        for (line_no, fields) in rows(path, contents, &DEMONYM_COLUMNS)? {
            let [name, country, _source] =
                <[&str; 3]>::try_from(fields).map_err(|f| LoadError {
                    path: path.to_string(),
                    line: line_no,
                    kind: LoadErrorKind::FieldCount {
                        expected: 3,
                        found: f.len(),
                    },
                })?;
            if name.is_empty() {
                return Err(LoadError {
                    path: path.to_string(),
                    line: line_no,
                    kind: LoadErrorKind::Empty("name"),
                });
            }
            self.demonyms.push((
                name.to_string(),
                country.to_string(),
                path.to_string(),
                line_no,
            ));
        }
        Ok(self)
    }

    /// Compiles the automaton over every name, alias and demonym.
    ///
    /// Names are matched as written and in all capitals ("KAZAKHSTAN" in a
    /// headline). Where two entries share a name, the one added first wins.
    ///
    /// # Errors
    ///
    /// A demonym whose country has no entry, or an automaton too large to build.
    pub fn build(&self) -> Result<Gazetteer, BuildError> {
        let mut countries: HashMap<&str, EntryId> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if e.kind == EntityKind::Place(PlaceKind::Country) {
                if let Some(code) = e.country.as_deref() {
                    countries.entry(code).or_insert(EntryId::new(i));
                }
            }
        }
        let mut patterns = self.patterns.clone();
        for (name, code, path, line) in &self.demonyms {
            let entry = *countries.get(code.as_str()).ok_or_else(|| LoadError {
                path: path.clone(),
                line: *line,
                kind: LoadErrorKind::UnknownCountry(code.clone()),
            })?;
            patterns.push((name.clone(), entry, Via::Demonym));
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut names: Vec<String> = Vec::with_capacity(patterns.len() * 2);
        let mut targets: Vec<(EntryId, Via)> = Vec::with_capacity(patterns.len() * 2);
        for (name, entry, via) in patterns {
            let upper = name.to_uppercase();
            for form in [name, upper] {
                if !seen.contains_key(&form) {
                    seen.insert(form.clone(), names.len());
                    names.push(form);
                    targets.push((entry, via));
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)?;
        Ok(Gazetteer {
            inner: Arc::new(Inner {
                entries: self.entries.clone(),
                automaton,
                targets,
            }),
        })
    }
}

/// The data rows of a TSV file, with their 1-based line numbers, after
/// checking the header. Blank lines are skipped.
fn rows<'c>(
    path: &str,
    contents: &'c str,
    columns: &[&'static str],
) -> Result<Vec<(usize, Vec<&'c str>)>, LoadError> {
    let mut lines = contents.lines().enumerate();
    let header: Vec<&str> = lines
        .next()
        .map(|(_, l)| l.split('\t').collect())
        .unwrap_or_default();
    if header != columns {
        return Err(LoadError {
            path: path.to_string(),
            line: 1,
            kind: LoadErrorKind::BadHeader {
                expected: columns.to_vec(),
                found: header.into_iter().map(String::from).collect(),
            },
        });
    }
    Ok(lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
        .collect())
}

fn entity_kind(kind: &str, subtype: &str) -> Option<EntityKind> {
    Some(match (kind, subtype) {
        ("leader", "") => EntityKind::Leader,
        ("company", "") => EntityKind::Company,
        ("organization", "") => EntityKind::Organization,
        ("place", "country") => EntityKind::Place(PlaceKind::Country),
        ("place", "city") => EntityKind::Place(PlaceKind::City),
        ("place", "region") => EntityKind::Place(PlaceKind::Region),
        ("place", "port") => EntityKind::Place(PlaceKind::Port),
        ("place", "zone") => EntityKind::Place(PlaceKind::Zone),
        ("place", "other") => EntityKind::Place(PlaceKind::Other),
        _ => return None,
    })
}

/// A built gazetteer: the entries and one automaton over all their names.
///
/// # Resource usage
///
/// Memory is dominated by the automaton, roughly proportional to the total
/// length of all names. Matching is linear in the text length.
///
/// # Cloning
///
/// Cheap: the entries and automaton sit behind an `Arc`, so clones share
/// them. `Gazetteer` is `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    entries: Vec<Entry>,
    automaton: AhoCorasick,
    /// For each automaton pattern, the entry it names and how.
    targets: Vec<(EntryId, Via)>,
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

    /// Every whole-word name in `text`, leftmost-longest, in text order.
    ///
    /// A match counts only when it is not preceded or followed by a letter or
    /// digit, so "Kazakhstan" is not found inside "Kazakhstani" (which is
    /// itself found when it is a demonym), while "Kazakhstan's",
    /// "Kazakhstan’s" and "Kazakh-Chinese" are found.
    pub fn find_iter<'g, 't>(&'g self, text: &'t str) -> FindIter<'g, 't> {
        FindIter {
            gazetteer: self,
            text,
            inner: self.inner.automaton.find_iter(text),
        }
    }

    /// The entity mentions of a segmented document: [`find_iter`](Self::find_iter)
    /// restricted to names that lie inside a sentence.
    pub fn find(&self, text: &str, segmentation: &Segmentation) -> Vec<Entity> {
        self.find_iter(text)
            .filter_map(|m| {
                let sentence = segmentation.sentence_of(m.span)?;
                Some(Entity {
                    span: m.span,
                    sentence,
                    kind: self.entry(m.entry).kind,
                    entry: m.entry,
                })
            })
            .collect()
    }
}

/// The iterator [`Gazetteer::find_iter`] returns.
#[derive(Debug)]
pub struct FindIter<'g, 't> {
    gazetteer: &'g Gazetteer,
    text: &'t str,
    inner: aho_corasick::FindIter<'g, 't>,
}

impl Iterator for FindIter<'_, '_> {
    type Item = NameMatch;

    fn next(&mut self) -> Option<NameMatch> {
        for m in self.inner.by_ref() {
            if !is_whole_word(self.text, m.start(), m.end()) {
                continue;
            }
            let (entry, via) = self.gazetteer.inner.targets[m.pattern().as_usize()];
            return Some(NameMatch {
                span: Span::new(m.start(), m.end()),
                entry,
                via,
            });
        }
        None
    }
}

impl std::iter::FusedIterator for FindIter<'_, '_> {}

/// True when `text[start..end]` is not glued to a letter or digit on either side.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource\n";

    fn gazetteer(rows: &str, demonyms: &str) -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.add_entries("test.tsv", &format!("{HEADER}{rows}"))
            .unwrap();
        b.add_demonyms(
            "demonyms.tsv",
            &format!("name\tcountry\tsource\n{demonyms}"),
        )
        .unwrap();
        b.build().unwrap()
    }

    fn found<'t>(g: &Gazetteer, text: &'t str) -> Vec<(&'t str, String)> {
        g.find_iter(text)
            .map(|m| (&text[m.span], g.entry(m.entry).name().to_string()))
            .collect()
    }

    fn sample() -> Gazetteer {
        gazetteer(
            "c:UZ\tUzbekistan\tRepublic of Uzbekistan\tplace\tcountry\tUZ\t\tt\n\
             c:GE\tGeorgia\t\tplace\tcountry\tGE\t\tt\n\
             city:UZ:tashkent\tTashkent\t\tplace\tcity\tUZ\t\tt\n",
            "Uzbek\tUZ\tt\nUzbekistani\tUZ\tt\n",
        )
    }

    #[test]
    fn finds_names_aliases_and_demonyms() {
        let g = sample();
        let text = "Uzbek firms in the Republic of Uzbekistan and Tashkent.";
        assert_eq!(
            found(&g, text),
            [
                ("Uzbek", "Uzbekistan".to_string()),
                ("Republic of Uzbekistan", "Uzbekistan".to_string()),
                ("Tashkent", "Tashkent".to_string()),
            ]
        );
    }

    #[test]
    fn demonym_matches_report_via_demonym() {
        let g = sample();
        let vias: Vec<Via> = g.find_iter("Uzbekistani Georgia").map(|m| m.via).collect();
        assert_eq!(vias, [Via::Demonym, Via::Name]);
    }

    #[test]
    fn rejects_matches_inside_words() {
        let g = sample();
        assert!(found(&g, "Tashkentskaya Georgiana").is_empty());
    }

    #[test]
    fn accepts_possessives_and_hyphenated_compounds() {
        let g = sample();
        let names: Vec<&str> = found(&g, "Georgia’s and Uzbekistan's Uzbek-Georgian talks")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(names, ["Georgia", "Uzbekistan", "Uzbek"]);
    }

    #[test]
    fn matches_all_capitals_but_not_lower_case() {
        let g = sample();
        assert_eq!(found(&g, "TASHKENT talks").len(), 1);
        assert!(found(&g, "tashkent talks").is_empty());
    }

    #[test]
    fn find_keeps_only_names_inside_sentences() {
        use dealx_core::{Sentence, SentenceIdx};
        let g = sample();
        let text = "Georgia. Tashkent";
        let seg = Segmentation {
            body: vec![Span::new(0, 8)],
            sentences: vec![Sentence {
                span: Span::new(0, 8),
                index: SentenceIdx::new(0),
            }],
            articles: Vec::new(),
        };
        let entities = g.find(text, &seg);
        assert_eq!(entities.len(), 1);
        assert_eq!(&text[entities[0].span], "Georgia");
    }

    #[test]
    fn reports_bad_rows_with_file_and_line() {
        let mut b = GazetteerBuilder::new();
        let err = b
            .add_entries(
                "x.tsv",
                &format!("{HEADER}a\tA\t\tplace\tcountry\tAA\t\tt\nb\tB\t\tplanet\t\t\t\tt\n"),
            )
            .unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.to_string(), "x.tsv:3: unknown type/subtype 'planet/'");
    }

    #[test]
    fn reports_bad_header_and_field_count() {
        let mut b = GazetteerBuilder::new();
        let err = b.add_entries("x.tsv", "id\tname\n").unwrap_err();
        assert!(matches!(err.kind, LoadErrorKind::BadHeader { .. }));
        let err = b
            .add_entries("x.tsv", &format!("{HEADER}a\tA\n"))
            .unwrap_err();
        assert_eq!(
            err.kind,
            LoadErrorKind::FieldCount {
                expected: 8,
                found: 2
            }
        );
    }

    #[test]
    fn reports_duplicate_ids() {
        let mut b = GazetteerBuilder::new();
        let rows = format!("{HEADER}a\tA\t\tcompany\t\t\t\tt\na\tB\t\tcompany\t\t\t\tt\n");
        let err = b.add_entries("x.tsv", &rows).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::DuplicateId("a".into()));
    }

    #[test]
    fn demonym_of_unknown_country_fails_build() {
        let mut b = GazetteerBuilder::new();
        b.add_demonyms("d.tsv", "name\tcountry\tsource\nMartian\tMA\tt\n")
            .unwrap();
        let err = b.build().unwrap_err();
        assert_eq!(err.to_string(), "d.tsv:2: no country entry for code 'MA'");
    }

    #[test]
    fn builtin_files_load_and_build() {
        let g = GazetteerBuilder::builtin().unwrap().build().unwrap();
        assert!(g.len() > 200, "only {} built-in entries", g.len());
    }

    #[test]
    fn gazetteer_is_send_sync_and_unwind_safe() {
        fn assert_traits<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
        assert_traits::<Gazetteer>();
        assert_traits::<GazetteerBuilder>();
    }
}
