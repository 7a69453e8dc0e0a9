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
//!   that an anchored walk never follows). Names are whole words, so a
//!   word that opens no name (most words: "the", "economic") is skipped by
//!   a hashed filter of the names' first words before the trie is walked.
//! - [`Gazetteer::find_iter`] yields the table names in a text;
//!   [`Gazetteer::find`] returns every [`Entity`] of a segmented document:
//!   table names, rule-found entities and document-level short forms.
//! - [`Gazetteer::builtin`] is the gazetteer of the built-in files without
//!   the build: `build.rs` runs the same building code over
//!   `gazetteers/*.tsv` at compile time and writes the tables (entries,
//!   trie, what each name form stands for) to `OUT_DIR` as bytes, which
//!   are embedded and read back at start-up (about 30 M instructions
//!   instead of 0.7 G). Files given at run time (`--gazetteers DIR`) go
//!   through [`GazetteerBuilder`]; a test checks that both ways give the
//!   same tables, byte for byte.
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

mod builder;
mod frozen;
mod load;
mod resolve;
mod rules;
mod trie;
mod words;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use dealx_core::{Entity, EntryId, Segmentation, Span};

pub use builder::{BuildError, Entry, GazetteerBuilder};
pub use dealx_core::Via;
pub use load::{check_files, FileReport, LoadError, LoadErrorKind, DEMONYMS_FILE};

use builder::{Form, Tables, Target};
use words::{is_capitalised, is_sentence_initial, is_whole_word};

/// The gazetteer files built into the binary, as `(file name, contents)`.
///
/// `build.rs` builds the same files, in this order, into the tables
/// [`Gazetteer::builtin`] loads.
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

/// The tables of [`BUILTIN_FILES`], built and frozen by `build.rs`.
const BUILTIN_TABLES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.bin"));
/// The entries' text of the frozen built-in tables.
const BUILTIN_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin.txt"));

impl GazetteerBuilder {
    /// A builder loaded with the built-in files (to add files to them;
    /// [`Gazetteer::builtin`] gives the built-in gazetteer without
    /// building it).
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

    /// Compiles the name trie over every name, alias and demonym, in its
    /// written form, in capitals and (longer names) in title case.
    ///
    /// Where two entries share a name, the one added first wins.
    ///
    /// # Errors
    ///
    /// A demonym whose country has no entry, or more names than fit in memory.
    pub fn build(&self) -> Result<Gazetteer, BuildError> {
        Ok(Gazetteer::from_tables(self.compile()?))
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
    /// For each byte, whether a name ([`OPENS_NAME`]) or a rule trigger
    /// word ([`OPENS_TRIGGER`]) starts with it.
    opens: [u8; 256],
    /// The names' first-word filter with the trigger words' first words
    /// added: one look-up rejects most words for both tries (lower-case
    /// words, most words, in a small table of their own that stays
    /// cached; see [`trie::FirstWordFilter`]).
    first_words: trie::FirstWordFilter,
    /// Each leader entry's [`Entry::surname`], as a byte range of its
    /// text, by entry index: `resolve` asks for it once per leader a
    /// document names, and `Entry::surname` scans the attributes byte by
    /// byte (3.2 M instructions on 5 MB of news, about 900 a call); the
    /// scan is done once here instead, for the 2,000-odd leaders.
    surnames: HashMap<usize, (u32, u32), BuildHasherDefault<builder::IdHasher>>,
}

/// See [`Inner::opens`].
const OPENS_NAME: u8 = 1;
/// See [`Inner::opens`].
const OPENS_TRIGGER: u8 = 2;

impl Gazetteer {
    /// The gazetteer of [`BUILTIN_FILES`], as
    /// `GazetteerBuilder::builtin()?.build()?` gives it, but read from the
    /// tables `build.rs` built at compile time: a copy of a few megabytes
    /// instead of parsing the files and building the trie.
    pub fn builtin() -> Gazetteer {
        Gazetteer::from_tables(Tables::thaw(BUILTIN_TABLES, BUILTIN_TEXT))
    }

    fn from_tables(tables: Tables) -> Gazetteer {
        let rules = rules::Rules::new();
        let mut opens = [0u8; 256];
        // No name or trigger starts with a space or control byte (the
        // loaders trim fields): `find` relies on a zero here to skip the
        // ones `trie::Words` gives.
        for (b, slot) in (b' ' + 1..=255u8).zip(opens[usize::from(b' ') + 1..].iter_mut()) {
            if tables.names.opens(b) {
                *slot |= OPENS_NAME;
            }
            if rules.triggers().opens(b) {
                *slot |= OPENS_TRIGGER;
            }
        }
        let first_words = tables.names.filter_with(rules.trigger_words());
        let surnames = tables
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| {
                let surname = entry.surname()?;
                // A slice of the entry's text (its attributes or name).
                let start = surname.as_ptr() as usize - entry.text.as_ptr() as usize;
                let range = |n: usize| u32::try_from(n).expect("entry text fits in 32 bits");
                Some((i, (range(start), range(start + surname.len()))))
            })
            .collect();
        Gazetteer {
            inner: Arc::new(Inner {
                entries: tables.entries,
                names: tables.names,
                targets: tables.targets,
                rules,
                opens,
                first_words,
                surnames,
            }),
        }
    }

    /// The entry behind an id from this gazetteer.
    ///
    /// # Panics
    ///
    /// When `id` comes from another gazetteer and is out of range.
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.inner.entries[id.get()]
    }

    /// [`Entry::surname`] of the entry behind `id`, read from a table made
    /// once (a test compares the two for every entry).
    pub(crate) fn surname(&self, id: EntryId) -> Option<&str> {
        let &(start, end) = self.inner.surnames.get(&id.get())?;
        Some(&self.entry(id).text[start as usize..end as usize])
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
    /// overlap. Only the body spans of `segmentation` are read: page
    /// furniture has no sentences, so nothing there could count.
    pub fn find(&self, text: &str, segmentation: &Segmentation) -> Vec<Entity> {
        // One pass over the word starts finds both the table names (as
        // `find_iter` would) and the rules' trigger words.
        // News names about one table name per 80 bytes (a sized vector
        // spares the regrowth).
        let mut matches: Vec<NameMatch> = Vec::with_capacity(text.len() / 64);
        let mut triggers: Vec<(Span, usize)> = Vec::new();
        let (mut name_from, mut trigger_from) = (0, 0);
        let mut ends = Vec::new();
        let bytes = text.as_bytes();
        let (names, triggers_trie) = (&self.inner.names, self.rules().triggers());
        let mut body: &[Span] = &segmentation.body;
        for (i, run_end) in trie::Words::new(text) {
            // Most word starts are let through by neither trie's filters
            // (lower-case words above all): a byte no pattern starts with
            // (spaces, punctuation, continuation bytes) is skipped at once, and the
            // first word is read once for both tries (see `Trie::is_start`;
            // `Words` gives the word starts `WordStarts` gives, a test
            // checks).
            let first = bytes[i];
            let opens = self.inner.opens[usize::from(first)];
            if opens == 0 {
                continue;
            }
            let word = trie::FirstWord::of_run(bytes, i, run_end);
            if !self.inner.first_words.admits(first, word) {
                continue;
            }
            // Only body text has sentences, and a mention outside every
            // sentence is dropped below: page furniture (a fifth of the
            // text of a page dump) is not read for names at all.
            while body.first().is_some_and(|b| b.end() <= i) {
                body = &body[1..];
            }
            if body.first().is_none_or(|b| b.start() > i) {
                continue;
            }
            let name = opens & OPENS_NAME != 0 && i >= name_from && names.admits(word);
            let trigger =
                opens & OPENS_TRIGGER != 0 && i >= trigger_from && triggers_trie.admits(word);
            if !(name || trigger) || !trie::follows_no_letter(text, i) {
                continue;
            }
            if name {
                if let Some(m) = self.name_at_word(text, i, run_end, word, &mut ends) {
                    name_from = m.span.end();
                    matches.push(m);
                }
            }
            if trigger {
                if let Some(t) = self.rules().trigger_at(text, i, &mut ends) {
                    trigger_from = t.0.end();
                    triggers.push(t);
                }
            }
        }
        let mut table: Vec<Entity> = Vec::with_capacity(matches.len());
        // The matches come in text order, so the sentence of each is found
        // by moving forward, not by a search from scratch.
        let mut sentences = SentenceCursor::new(segmentation);
        for (i, m) in matches.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| matches[p].span);
            let next = matches.get(i + 1).map(|n| n.span);
            if !hyphen_partner_ok(text, m.span, prev, next) {
                continue;
            }
            let Some(sentence) = sentences.sentence_of(m.span) else {
                continue;
            };
            table.push(Entity {
                span: m.span,
                sentence,
                kind: self.entry(m.entry).kind,
                entry: m.entry.into(),
                via: m.via,
            });
        }
        resolve::resolve(self, text, segmentation, table, &triggers)
    }

    /// The longest table name at word start `i` (one that may open a
    /// name) that passes the checks, else the longest shorter one that
    /// does. `ends` is scratch space.
    #[inline]
    fn name_at(&self, text: &str, i: usize, ends: &mut Vec<(usize, usize)>) -> Option<NameMatch> {
        self.inner.names.prefixes(&text.as_bytes()[i..], ends);
        self.longest_accepted(text, i, ends)
    }

    /// [`Gazetteer::name_at`] where the word at `i` has first word `word`
    /// and its run of ASCII letters and digits ends at `run_end`: the trie
    /// walk starts after that run ([`trie::Trie::word_prefixes`]), which
    /// leaves out only names that end inside the run and so could not be
    /// accepted (a test compares the two on every word start of many
    /// texts).
    #[inline]
    fn name_at_word(
        &self,
        text: &str,
        i: usize,
        run_end: usize,
        word: trie::FirstWord,
        ends: &mut Vec<(usize, usize)>,
    ) -> Option<NameMatch> {
        let haystack = &text.as_bytes()[i..];
        self.inner
            .names
            .word_prefixes(haystack, run_end - i, word, ends);
        self.longest_accepted(text, i, ends)
    }

    /// The longest of the names `ends` (as the trie gives them, at `i`)
    /// that passes the checks.
    #[inline]
    fn longest_accepted(&self, text: &str, i: usize, ends: &[(usize, usize)]) -> Option<NameMatch> {
        let inner = &self.inner;
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

/// [`Segmentation::sentence_of`] for spans given in order of their starts:
/// the sentence index only moves forward.
struct SentenceCursor<'s> {
    sentences: &'s [dealx_core::Sentence],
    /// How many sentences start at or before the last span's start.
    next: usize,
}

impl<'s> SentenceCursor<'s> {
    fn new(segmentation: &'s Segmentation) -> SentenceCursor<'s> {
        SentenceCursor {
            sentences: &segmentation.sentences,
            next: 0,
        }
    }

    /// The sentence that holds the whole of `span`, as
    /// `Segmentation::sentence_of` gives it; `span` starts at or after the
    /// previous one.
    fn sentence_of(&mut self, span: Span) -> Option<dealx_core::SentenceIdx> {
        while self
            .sentences
            .get(self.next)
            .is_some_and(|s| s.span.start() <= span.start())
        {
            self.next += 1;
        }
        let candidate = self.sentences.get(self.next.checked_sub(1)?)?;
        candidate.span.contains(span).then_some(candidate.index)
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
