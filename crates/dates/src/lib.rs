//! The date stage: calendar expressions in text, as ISO 8601 values at the
//! precision written, anchored on the article's publication date; and the
//! detection of that publication date in the text itself.
//!
//! This crate owns date patterns, their normalisation and publication-date
//! detection. It does no I/O.
//!
//! # Overview
//!
//! [`DateExtractor`] is built once (it compiles a few regexes).
//! [`DateExtractor::find`] returns the [`DateMention`]s of a segmented
//! document and [`DateExtractor::published`] finds the article's own date
//! (a stamp such as `Updated : 2025-02-25`, a date line under the headline or
//! at the end, a dateline such as `ASTANA, November 27.`).
//!
//! It reads:
//!
//! - days: `May 23`, `on 14 June`, `12 January 2025`, `June 12, 2024`,
//!   `Feb. 7`, `Tuesday, June 11`, `May twenty one`, numeric `2025-02-25`,
//!   `21.04.2022`, `2025.09.11`, `6/12/2024` (US order unless the first
//!   number is over 12), `05/05/89`; a month and day without a year when
//!   one number cannot be a month (`4/22`, `22/04`, `on 4.22`); a weekday
//!   with its date (`Friday 7/5`, `this Friday (Jun-14)`), where the
//!   weekday must fit the date and decides the order of the numbers;
//! - months and years: `April 2024`, `in January`, `in 2022`, `by 2040`;
//! - intervals: `June 12-13, 2024`, `12-13 June`, `12 to 16 September`,
//!   `2019-2023`, `between 2001 and 2010`, `from February through May 2022`,
//!   `from 10/1 to 11/7`, `January-September` (a range whose end has no
//!   year and falls before its start runs into the next year), quarters and
//!   halves (`Q3 2024`, `H1 2023`, `the first three quarters of 2024`; `the
//!   third quarter` in the publication year, or the year before when it
//!   would begin more than five months after the publication date), decades
//!   (`the 1990s` → `1990/1999`);
//! - `the end of July`, `early 2024`, `mid-2024` (valued as the month or
//!   year they qualify);
//! - seasons (`this spring` → `2024-SP`), relative days, weeks, months and
//!   years (`yesterday`, `last year`, `earlier this month`, `next week`,
//!   `two years ago`, `two Sundays from now`, `the year to date`) and
//!   weekdays (`on Tuesday` → the Tuesday of the
//!   publication date's ISO week). These need the publication date and are
//!   dropped when there is none.
//!
//! A day or month written without a year takes the year of the publication
//! date when it is known (and is marked `anchored`), else `XXXX`.
//!
//! Not dates: durations (`30-year`, `32 years`, `the past 3 weeks`,
//! `next 3 days`), numbers that look like years (`1,990 tons`, `$2025`),
//! fractions, ratios and scores (`24/7`, `3/16 inch`, `1/3`, `lost on 3-2`),
//! bare day numbers with no month (`the 27`, `the second`), days told from
//! a story's own events (`the next day`, `two days later`), years that are
//! part of a name (`Expo 2017`, `Vision 2030`, `APEC2025`: a year right
//! after a capitalised word that is not a month or a preposition), times of
//! day, phone numbers.
//!
//! # Example
//!
//! ```
//! use dealx_core::Date;
//! use dealx_dates::DateExtractor;
//!
//! let dates = DateExtractor::new();
//! let text = "Signed on May 23; completion by 2040. Trade fell last year.";
//! let published: Date = "2024-06-12".parse().unwrap();
//! let values: Vec<String> = dates
//!     .find_iter(text, Some(published))
//!     .map(|m| m.value.to_string())
//!     .collect();
//! assert_eq!(values, ["2024-05-23", "2040", "2023"]);
//! ```

mod calendar;
mod grammar;
mod published;
mod shapes;
mod starts;

use dealx_core::{Date, DateMention, DateValue, PartialDate, Season, Segmentation, Span};
use regex::Regex;
use regex_automata::meta;
use regex_automata::util::captures::Captures as Slots;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Hir, HirKind, Look};
use std::sync::OnceLock;

pub use published::published_date;

/// A calendar expression found in text, before sentence assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMatch {
    /// The mention.
    pub span: Span,
    /// Its ISO value.
    pub value: DateValue,
    /// True when the value needed the publication date.
    pub anchored: bool,
}

/// Finds calendar expressions.
///
/// # Cloning
///
/// Holds compiled regexes; build it once and share it by reference across
/// threads (it is `Send + Sync`).
#[derive(Clone, Debug)]
pub struct DateExtractor {
    /// Every date and interval: finds where the mentions are.
    ///
    /// Built without the meta regex's automatic prefilter: the pattern
    /// opens with a word boundary, so the builder looked for an inner
    /// literal (the "reverse inner" optimisation) and copied the whole
    /// pattern's HIR to do so, about a seventh of the date stage's start-up
    /// (callgrind), only to find no literal worth using. Prefilters never
    /// change what a regex matches, only how it searches.
    scan: meta::Regex,
    /// A point at the start of the haystack, the fallback when an interval
    /// does not hold: seldom needed, so compiled when first needed.
    prefix: OnceLock<Regex>,
    /// The point parser's alternatives together, to learn which one
    /// matches a string whole.
    ///
    /// Compiled when first needed: the common written dates are read
    /// without it (`simple_calendar` and the other fast paths of
    /// `parse_point`), so a short article often never needs it.
    point: OnceLock<std::sync::Arc<PointChooser>>,
    /// The point grammar's alternatives as trees without group names, each
    /// made to match a whole string, taken from the tree parsed for `scan`:
    /// `point` is built from them, so the first date that needs the point
    /// parser does not parse the grammar again (parsing was over half of
    /// that compilation, callgrind). Taken apart rather than copied: the
    /// tree is not needed once the scan is built.
    point_trees: std::sync::Arc<Vec<Hir>>,
    /// Each alternative of the point parser alone, to read its groups,
    /// compiled when first needed (most are seldom used).
    ///
    /// Reading groups runs the bounded backtracker, which first clears a
    /// visited set of (NFA states x length) bits: with the whole grammar in
    /// the NFA that cost more than the rest of the parse (callgrind), so the
    /// groups are read with the one alternative that matched.
    point_alternatives: Vec<(String, OnceLock<meta::Regex>)>,
    /// Finds the words every scan match holds, to run the scan only where
    /// a match can start (see `starts.rs`).
    anchors: starts::Anchors,
    published: published::PublishedPatterns,
}

/// How [`DateExtractor::matches`] looks for scan matches: anchored at the
/// places the prefilter lists (the fast path), or over the whole text (the
/// plain path the tests compare it with).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scan {
    Prefiltered,
    #[cfg(test)]
    Full,
}

impl Default for DateExtractor {
    fn default() -> DateExtractor {
        DateExtractor::new()
    }
}

/// The scanning pattern's syntax tree: the skeleton with the point
/// grammar's tree put into each of its holes.
///
/// It equals the tree parsed from the whole pattern text (unit test
/// `composed_scan_equals_the_parsed_pattern`), so the regex is the same:
/// every parent of a hole is rebuilt with the smart constructors the
/// parser itself uses (`Hir::concat`, `Hir::alternation`, …), and the
/// remaining groups are numbered in the order of their opening
/// parentheses, as the parser numbers them. Parsing the point grammar once
/// instead of five times took a sixth off the stage's start-up
/// (callgrind, see benches/RESULTS.md).
fn compose_scan() -> (Hir, Hir) {
    let parse =
        |p: &str| regex_automata::util::syntax::parse(p).expect("the date pattern is valid");
    let point = parse(&grammar::scan_point_pattern());
    let skeleton = parse(&grammar::scan_skeleton());
    let mut next_index = 1;
    let scan = fill_holes(skeleton, &point, &mut next_index);
    (scan, point)
}

/// The point grammar's alternatives, each made to match a whole string
/// (`^(?:A)$`), from the grammar's syntax tree without group names: the
/// trees of [`grammar::parse_patterns`] with their names stripped (unit
/// test `whole_alternatives_equal_the_parsed_parse_patterns`), which match
/// the same strings.
fn whole_alternatives(point: Hir) -> Vec<Hir> {
    let HirKind::Alternation(alternatives) = point.into_kind() else {
        panic!("the point grammar is an alternation");
    };
    alternatives
        .into_iter()
        .map(|a| Hir::concat(vec![Hir::look(Look::Start), a, Hir::look(Look::End)]))
        .collect()
}

/// `hir` with every hole of the scan skeleton replaced by `point`, its
/// groups numbered from `next_index` in order.
fn fill_holes(hir: Hir, point: &Hir, next_index: &mut u32) -> Hir {
    let hole = |name: &str| name.starts_with(grammar::HOLE_NAME).then(|| point.clone());
    dealx_core::hir::fill_holes(hir, &hole, next_index)
}

/// How a regex that only reads the groups of a short string it matches
/// whole is built: with the bounded backtracker (and the PikeVM behind it)
/// alone.
///
/// A meta regex runs its lazy DFA before it reads groups, which pays
/// where a text may hold no match; these regexes are run only on a string
/// the point parser already knows one of them matches, so the DFA found
/// nothing new, yet building it meant compiling the pattern a second time
/// in reverse and a DFA cache for each of some fifty regexes (callgrind).
/// The engines give the same leftmost-first groups: only the work differs.
fn group_reader() -> meta::Config {
    meta::Config::new()
        .auto_prefilter(false)
        .hybrid(false)
        .dfa(false)
        .onepass(false)
}

/// Which alternative of the point grammar matches a whole string: the
/// patterns `^(?:A)$`, `^(?:B)$`, … together, searched forward by a lazy
/// DFA alone.
///
/// Only the pattern of the match is read, which the forward search gives,
/// so nothing else is built: a meta regex also compiled the grammar in
/// reverse (to find where a match starts, here always 0) with its
/// capture engines, two thirds of building this (callgrind). Every
/// pattern starts with `^`, so the anchored search finds what an
/// unanchored one did, and leftmost-first picks the first pattern that
/// matches, as the meta regex did (unit test
/// `point_chooser_picks_what_the_meta_regex_picked`).
#[derive(Debug)]
struct PointChooser {
    dfa: regex_automata::hybrid::dfa::DFA,
    /// A lazy DFA cache per thread searching at once, as a meta regex
    /// keeps them.
    caches: regex_automata::util::pool::Pool<regex_automata::hybrid::dfa::Cache, CacheMaker>,
}

/// Makes a lazy DFA cache for [`PointChooser`]'s pool.
type CacheMaker = Box<
    dyn Fn() -> regex_automata::hybrid::dfa::Cache
        + Send
        + Sync
        + std::panic::UnwindSafe
        + std::panic::RefUnwindSafe,
>;

impl PointChooser {
    fn new(trees: &[Hir]) -> PointChooser {
        use regex_automata::nfa::thompson::{self, WhichCaptures};
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(WhichCaptures::None))
            .build_many_from_hir(trees)
            .expect("the point pattern is valid");
        let dfa = regex_automata::hybrid::dfa::DFA::builder()
            .build_from_nfa(nfa)
            .expect("the point pattern makes a lazy DFA");
        let for_caches = dfa.clone();
        PointChooser {
            dfa,
            caches: regex_automata::util::pool::Pool::new(Box::new(move || {
                for_caches.create_cache()
            })),
        }
    }

    /// The first alternative that matches `s` whole, if any.
    fn which(&self, s: &str) -> Option<regex_automata::PatternID> {
        let mut cache = self.caches.get();
        // No cache-clearing limit is set and the patterns have no Unicode
        // word boundary (no quit bytes), so the search cannot fail.
        self.dfa
            .try_search_fwd(&mut cache, &Input::new(s).anchored(Anchored::Yes))
            .expect("the point DFA neither gives up nor quits")
            .map(|m| m.pattern())
    }
}

/// The named groups of `caps` (a match of a one-pattern regex in `s`)
/// that took part, with their texts.
///
/// The point parser asks for a name a dozen times or more per string; a
/// short list (an alternative holds a few groups) searched in order costs
/// less than the group table's hashed look-up of each name (callgrind),
/// and finds the same (unit test `named_groups_find_what_the_names_find`).
fn named_groups<'c, 's>(caps: &'c Slots, s: &'s str) -> Vec<(&'c str, &'s str)> {
    caps.group_info()
        .pattern_names(regex_automata::PatternID::ZERO)
        .zip(caps.iter())
        .filter_map(|(name, span)| Some((name?, &s[span?.range()])))
        .collect()
}

/// The groups of one match of the scan pattern, read like
/// `regex::Captures`.
struct ScanCaptures<'t> {
    text: &'t str,
    groups: ScanGroups,
}

/// Where the groups of a scan match come from.
enum ScanGroups {
    /// Read by the scan pattern's backtracker.
    Slots(Slots),
    /// Read by hand from a common interval shape (see `shapes.rs`): the
    /// whole match and the named groups that took part.
    Shape(regex_automata::Span, shapes::Groups),
}

impl<'t> ScanCaptures<'t> {
    fn group(&self, span: Option<regex_automata::Span>) -> Option<Group<'t>> {
        span.map(|s| Group {
            text: self.text,
            start: s.start,
            end: s.end,
        })
    }
    /// Group `i` (0: the whole match).
    fn get(&self, i: usize) -> Option<Group<'t>> {
        match &self.groups {
            ScanGroups::Slots(slots) => self.group(slots.get_group(i)),
            ScanGroups::Shape(whole, _) => self.group(Some(*whole).filter(|_| i == 0)),
        }
    }
    /// The group called `name`, when it took part in the match.
    fn name(&self, name: &str) -> Option<Group<'t>> {
        match &self.groups {
            ScanGroups::Slots(slots) => self.group(slots.get_group_by_name(name)),
            ScanGroups::Shape(_, groups) => {
                let (_, span) = groups.iter().flatten().find(|(n, _)| *n == name)?;
                self.group(Some(*span))
            }
        }
    }
}

/// One group of a match: a span of the searched text, read like
/// `regex::Match`.
#[derive(Clone, Copy, Debug)]
struct Group<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Group<'t> {
    fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
}

/// A calendar point as written: any of year, month, day may be missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Calendar {
    year: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
}

/// What a point expression means.
#[derive(Clone, Copy, Debug)]
enum Parsed {
    /// A calendar point, possibly missing its year (or month, for a bare day
    /// on one side of an interval).
    Calendar(Calendar),
    /// A finished value; `anchored` when it needed the publication date.
    Value(DateValue, bool),
}

impl DateExtractor {
    /// Compiles the date patterns.
    pub fn new() -> DateExtractor {
        let (scan, point_tree) = compose_scan();
        let scan = meta::Regex::builder()
            .configure(meta::Config::new().auto_prefilter(false))
            .build_from_hir(&scan)
            .expect("the date pattern is valid");
        let alternatives = grammar::parse_patterns();
        let point_alternatives = alternatives
            .into_iter()
            .map(|a| (a, OnceLock::new()))
            .collect();
        DateExtractor {
            scan,
            prefix: OnceLock::new(),
            point: OnceLock::new(),
            point_trees: std::sync::Arc::new(whole_alternatives(point_tree)),
            point_alternatives,
            anchors: starts::Anchors::new(),
            published: published::PublishedPatterns::new(),
        }
    }

    /// The point parser's alternatives together, compiled on first use.
    ///
    /// Only which alternative matches is read from it, so it is built from
    /// the alternatives' trees without group names; groups never change
    /// what a pattern matches.
    fn point(&self) -> &PointChooser {
        self.point
            .get_or_init(|| std::sync::Arc::new(PointChooser::new(&self.point_trees)))
    }

    /// The article's own date read from its text; see [`published_date`].
    pub fn published(
        &self,
        text: &str,
        segmentation: &Segmentation,
    ) -> Option<(Date, dealx_core::PublishedSource)> {
        published_date(self, text, segmentation)
    }

    /// Every calendar expression in `text`, in text order, resolved against
    /// `published` where the text needs it.
    pub fn find_iter<'e, 't>(
        &'e self,
        text: &'t str,
        published: Option<Date>,
    ) -> impl Iterator<Item = DateMatch> + 'e
    where
        't: 'e,
    {
        self.matches(text, published, false, Scan::Prefiltered, &[])
    }

    /// The calendar expression that starts `text`, if one does: the first
    /// of [`find_iter`](Self::find_iter) when it starts at 0.
    pub(crate) fn find_at_start(&self, text: &str) -> Option<DateMatch> {
        // Every match starts with `(?-u:\b)`, which at the start of the
        // haystack needs an ASCII word character.
        if !text
            .as_bytes()
            .first()
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return None;
        }
        self.matches(text, None, true, Scan::Prefiltered, &[])
            .next()
            .filter(|m| m.span.start() == 0)
    }

    /// [`find_iter`](Self::find_iter); with `at_start`, it stops at the
    /// first candidate that does not start at 0. Nothing found from a
    /// candidate starts before it, so after a candidate past 0 (or one at
    /// 0 that fails) nothing starting at 0 can follow.
    fn matches<'e, 't>(
        &'e self,
        text: &'t str,
        published: Option<Date>,
        at_start: bool,
        scan: Scan,
        within: &[Span],
    ) -> impl Iterator<Item = DateMatch> + 'e
    where
        't: 'e,
    {
        let mut pos = 0;
        let mut cursor = if at_start {
            starts::Cursor::at_start(text)
        } else {
            starts::Cursor::within(within)
        };
        std::iter::from_fn(move || {
            while pos < text.len() {
                let found = match scan {
                    Scan::Prefiltered => cursor.next_match(&self.anchors, &self.scan, text, pos),
                    #[cfg(test)]
                    Scan::Full => self.scan.find(Input::new(text).span(pos..text.len())),
                }?;
                let found = Group {
                    text,
                    start: found.start(),
                    end: found.end(),
                };
                if at_start && found.start() != 0 {
                    return None;
                }
                if plainly_a_point(found.as_str()) && !weekday_or_on_with_number(found.as_str()) {
                    if let Some(m) = self.point_match(text, found.start(), found.end(), published) {
                        pos = m.span.end().max(found.start() + 1);
                        return Some(m);
                    }
                    // "On 5 December 1500 workers marched": the number after
                    // the date is no year of it; the date stands without it.
                    // "In May twenty one firms signed": the month alone.
                    for shorter in [
                        without_last_number(found.as_str()),
                        first_name(found.as_str()),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        let end = found.start() + shorter;
                        if let Some(m) = self.point_match(text, found.start(), end, published) {
                            pos = m.span.end().max(found.start() + 1);
                            return Some(m);
                        }
                    }
                    pos = found.start() + 1;
                    while !text.is_char_boundary(pos) {
                        pos += 1;
                    }
                    continue;
                }
                if let Some(m) = numeric_date_at(text, found.start()) {
                    pos = m.span.end();
                    return Some(m);
                }
                let groups = match shapes::common_interval(text, found.start(), found.end()) {
                    Some(groups) => ScanGroups::Shape((found.start()..found.end()).into(), groups),
                    None => ScanGroups::Slots(self.scan_groups(text, found.start(), found.end())),
                };
                let caps = ScanCaptures { text, groups };
                let whole = caps.get(0)?;
                if let Some(m) = self.resolve(text, &caps, published) {
                    pos = m.span.end().max(whole.start() + 1);
                    while !text.is_char_boundary(pos) {
                        pos += 1;
                    }
                    return Some(m);
                }
                // An interval that does not hold: try a point at its start.
                if caps.name("pt").is_none() {
                    let start = whole.start();
                    let prefix = self.prefix.get_or_init(|| {
                        Regex::new(&grammar::prefix_pattern()).expect("the prefix pattern is valid")
                    });
                    if let Some(p) = prefix.find(&text[start..]) {
                        if let Some(m) = self.point_match(text, start, start + p.end(), published) {
                            pos = m.span.end().max(start + 1);
                            return Some(m);
                        }
                    }
                }
                pos = whole.start() + 1;
                while !text.is_char_boundary(pos) {
                    pos += 1;
                }
            }
            None
        })
    }

    /// The groups of the scan match `start..end`, read by searching only
    /// that span, anchored.
    ///
    /// The same groups as a search from `start` to the end of the text
    /// (unit test `groups_read_on_the_span_equal_those_read_to_the_end`):
    /// the leftmost-first match at `start` is the highest-priority way
    /// through the pattern that matches there; it ends at `end`, so it lies
    /// inside the span, and every way through that lies inside the span is
    /// one of the text's, so none of those comes before it. Look-arounds
    /// (the pattern's only ones are ASCII word boundaries) still see the
    /// bytes around the span. Searching the span skips the forward search
    /// past the match and the reverse search that finds its start again.
    fn scan_groups(&self, text: &str, start: usize, end: usize) -> Slots {
        let mut slots = self.scan.create_captures();
        let span = Input::new(text).span(start..end).anchored(Anchored::Yes);
        self.scan.search_captures(&span, &mut slots);
        slots
    }

    /// The groups read as before [`scan_groups`](Self::scan_groups): a
    /// search from `start` to the end of the text.
    #[cfg(test)]
    fn scan_groups_to_end(&self, text: &str, start: usize) -> Slots {
        let mut slots = self.scan.create_captures();
        self.scan
            .search_captures(&Input::new(text).span(start..text.len()), &mut slots);
        slots
    }

    /// The date mentions of a segmented document: [`find_iter`](Self::find_iter)
    /// restricted to mentions inside a sentence. Only the body is read for
    /// them (page furniture has no sentences).
    pub fn find(
        &self,
        text: &str,
        segmentation: &Segmentation,
        published: Option<Date>,
    ) -> Vec<DateMention> {
        self.matches(
            text,
            published,
            false,
            Scan::Prefiltered,
            &segmentation.body,
        )
        .filter_map(|m| {
            let sentence = segmentation.sentence_of(m.span)?;
            Some(DateMention {
                span: m.span,
                sentence,
                value: m.value,
                anchored: m.anchored,
            })
        })
        .collect()
    }

    /// A full calendar date written exactly as `s` (with a year), if it is one.
    pub(crate) fn full_date(&self, s: &str) -> Option<Date> {
        match self.parse_point(s, 0, s, None)? {
            Parsed::Calendar(Calendar {
                year: Some(y),
                month: Some(m),
                day: Some(d),
            }) => Date::new(y, m, d),
            _ => None,
        }
    }

    /// A day and month written exactly as `s`, with or without a year.
    pub(crate) fn day_month(&self, s: &str) -> Option<(Option<i32>, u8, u8)> {
        match self.parse_point(s, 0, s, None)? {
            Parsed::Calendar(Calendar {
                year,
                month: Some(m),
                day: Some(d),
            }) => Some((year, m, d)),
            _ => None,
        }
    }

    fn resolve(
        &self,
        text: &str,
        caps: &ScanCaptures<'_>,
        published: Option<Date>,
    ) -> Option<DateMatch> {
        let whole = caps.get(0)?;
        let mut span = Span::new(whole.start(), whole.end());
        if text[span].ends_with('.') {
            span = Span::new(span.start(), span.end() - 1);
        }
        if let Some(p) = caps.name("pt") {
            return self.point_match(text, p.start(), p.end(), published);
        }
        if let Some(w) = caps.name("wx") {
            return self.weekday_date(text, w.start(), w.end(), published);
        }
        if let Some(on) = caps.name("on") {
            // "on 4.22", "on 4-22": a month and a day after "on" and before
            // the end of the phrase; a decimal or a score elsewhere.
            let after = &text[on.end()..];
            if !phrase_ends(after) || !end_ok(text, on.end()) {
                return None;
            }
            // One number must be over 12, which keeps out scores ("won on
            // 3-2 in the final").
            let (a, b) = on.as_str().split_once(['.', '-'])?;
            let (a, b): (u8, u8) = (a.parse().ok()?, b.parse().ok()?);
            let (m, d) = match (a <= 12, b <= 12) {
                (true, false) => (a, b),
                (false, true) => (b, a),
                _ => return None,
            };
            return day_match(Span::new(on.start(), on.end()), None, m, d, published);
        }
        if let Some(d) = caps.name("ond") {
            // "on 22nd": a day of the publication month.
            if !phrase_ends(&text[d.end()..]) {
                return None;
            }
            let p = published?;
            let day = Date::new(
                p.year(),
                p.month(),
                day_or_number(d.as_str())?.try_into().ok()?,
            )?;
            return Some(DateMatch {
                span: Span::new(d.start(), d.end()),
                value: DateValue::Point(day.into()),
                anchored: true,
            });
        }
        if let Some(m) = caps.name("nbm") {
            // "November between 19 and 20".
            if !after_is_clause_end(&text[span.end()..]) || !month_case_ok(m.as_str(), true) {
                return None;
            }
            let month = month_number(m.as_str())?;
            let (a, b): (u8, u8) = (
                caps.name("nba")?.as_str().parse().ok()?,
                caps.name("nbb")?.as_str().parse().ok()?,
            );
            let year = published.map(|p| p.year());
            let (first, last) = (
                PartialDate::day(year, month, a)?,
                PartialDate::day(year, month, b)?,
            );
            if last <= first {
                return None;
            }
            return Some(DateMatch {
                span,
                value: DateValue::Interval(first, last),
                anchored: published.is_some(),
            });
        }
        let (a, b) = match (caps.name("ia"), caps.name("ib")) {
            (Some(a), Some(b)) => (a, b),
            _ => match (caps.name("ra"), caps.name("rb")) {
                (Some(a), Some(b)) => (a, b),
                _ => match (caps.name("xa"), caps.name("xb")) {
                    (Some(a), Some(b)) => (a, b),
                    _ => (caps.name("da")?, caps.name("db")?),
                },
            },
        };
        if !end_ok(text, span.end()) {
            return None;
        }
        // "from 2019-2023": "from" governs a written range of years; the
        // range is the mention.
        if let Some(ia) = caps.name("ia") {
            let between = text[ia.end()..b.start()].trim();
            let head = &text[span.start()..ia.start()];
            let is_year = |t: &str| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit());
            if matches!(between, "-" | "–")
                && head.trim_end().eq_ignore_ascii_case("from")
                && is_year(ia.as_str())
                && is_year(b.as_str())
            {
                span = Span::new(ia.start(), span.end());
            }
        }
        let week_shift = caps
            .name("iw")
            .map_or(0, |w| 7 * i64::from(shift_of(w.as_str())));
        let left = self.parse_side(
            &text[..a.end()],
            a.start(),
            a.as_str(),
            published,
            week_shift,
        )?;
        let right = self.parse_side(
            &text[b.start()..b.end()],
            0,
            b.as_str(),
            published,
            week_shift,
        )?;
        let mut anchored =
            matches!(left, Parsed::Value(_, true)) || matches!(right, Parsed::Value(_, true));
        let (Some(mut l), Some(mut r)) = (calendar_of(left), calendar_of(right)) else {
            return None;
        };
        if let Some(m) = caps.name("imr").or(caps.name("xmr")) {
            let month = calendar::add_months(published?, shift_of(m.as_str()))?;
            for c in [&mut l, &mut r] {
                if c.month.is_some() || c.day.is_none() {
                    return None;
                }
                c.month = Some(month.month());
                c.year = Some(month.year());
            }
            anchored = true;
        }
        if let Some(y) = caps.name("iy").or(caps.name("ry")) {
            if r.year.is_some() || r.day.is_none() {
                return None;
            }
            r.year = y.as_str().parse().ok();
        }
        // Fill what one side leaves to the other: "June 12-13, 2024",
        // "from February through May 2022", "from 3 until 12 of Sept".
        let right_year_written = r.year.is_some();
        if l.month.is_none() {
            l.month = r.month;
        }
        if r.month.is_none() && r.day.is_some() {
            r.month = l.month;
        }
        if l.year.is_none() {
            l.year = r.year;
        }
        if r.year.is_none() {
            r.year = l.year;
        }
        let precision = |c: &Calendar| (c.month.is_some(), c.day.is_some());
        if precision(&l) != precision(&r) || (l.month.is_none() && l.year.is_none()) {
            return None;
        }
        if l.year.is_none() {
            if let Some(p) = published {
                l.year = Some(p.year());
                r.year = Some(p.year());
                anchored = true;
            }
        }
        let (first, mut last) = (partial(l)?, partial(r)?);
        // "from 10/25 to 01/25", "from November to February": a range
        // that runs on into the next year when its end has no year.
        if last <= first && !right_year_written && r.month.is_some() {
            r.year = r.year.map(|y| y + 1);
            last = partial(r)?;
        }
        if last <= first {
            return None;
        }
        Some(DateMatch {
            span,
            value: DateValue::Interval(first, last),
            anchored,
        })
    }

    fn parse_side(
        &self,
        text: &str,
        start: usize,
        side: &str,
        published: Option<Date>,
        week_shift: i64,
    ) -> Option<Parsed> {
        let bare = side
            .strip_prefix("the ")
            .or_else(|| side.strip_prefix("The "))
            .unwrap_or(side);
        if bare.bytes().all(|b| b.is_ascii_alphanumeric())
            && bare.bytes().any(|b| b.is_ascii_digit())
        {
            // A bare day number ("13", "3rd").
            let digits: String = bare.chars().take_while(char::is_ascii_digit).collect();
            if digits.len() <= 2 {
                let day: u8 = digits.parse().ok()?;
                if (1..=31).contains(&day) {
                    return Some(Parsed::Calendar(Calendar {
                        day: Some(day),
                        ..Calendar::default()
                    }));
                }
            }
        }
        // "from 10/1 to 11/7": inside a range, a numeric month and day in
        // the American order even when both numbers could be months.
        if let Some((a, b)) = side.split_once('/') {
            if let (Ok(m), Ok(d)) = (a.parse::<u8>(), b.parse::<u8>()) {
                if m <= 12 && (1..=31).contains(&d) && a.len() <= 2 && b.len() <= 2 {
                    return Some(Parsed::Calendar(Calendar {
                        year: None,
                        month: Some(m),
                        day: Some(d),
                    }));
                }
            }
        }
        if side.eq_ignore_ascii_case("now") {
            return Some(Parsed::Value(DateValue::Point(published?.into()), true));
        }
        match self.parse_point(text, start, side, published)? {
            Parsed::Value(DateValue::Point(p), anchored) if week_shift != 0 => {
                let d = Date::new(p.year_value()?, p.month_value()?, p.day_value()?)?;
                let d = calendar::add_days(d, week_shift)?;
                Some(Parsed::Value(DateValue::Point(d.into()), anchored))
            }
            parsed => Some(parsed),
        }
    }

    fn point_match(
        &self,
        text: &str,
        start: usize,
        mut end: usize,
        published: Option<Date>,
    ) -> Option<DateMatch> {
        // A period that ends the mention ends the sentence or an
        // abbreviation ("Sept."); the mention stops before it.
        if text[start..end].ends_with('.') {
            end -= 1;
        }
        if !end_ok(text, end) {
            return None;
        }
        // "6,107.31 August 2019": the day is the end of a number.
        let mut back = text[..start].chars().rev();
        if text[start..].starts_with(|c: char| c.is_ascii_digit())
            && matches!(back.next(), Some('.' | ','))
            && back.next().is_some_and(|c| c.is_ascii_digit())
        {
            return None;
        }
        let (value, anchored) = match self.parse_point(text, start, &text[start..end], published)? {
            Parsed::Value(v, a) => (v, a),
            Parsed::Calendar(c) => {
                let anchored = c.year.is_none() && c.month.is_some() && published.is_some();
                let c = Calendar {
                    year: c.year.or(published.map(|p| p.year())),
                    ..c
                };
                (DateValue::Point(partial(c)?), anchored)
            }
        };
        Some(DateMatch {
            span: Span::new(start, end),
            value,
            anchored,
        })
    }

    /// A weekday with the date it names (`Friday 7/6`, `this friday
    /// (jun-15)`, `Fri 2018-7-6`), when the weekday fits the date: the
    /// weekday decides between the two orders of a numeric month and day.
    fn weekday_date(
        &self,
        text: &str,
        start: usize,
        end: usize,
        published: Option<Date>,
    ) -> Option<DateMatch> {
        let s = &text[start..end];
        let lower = s.to_ascii_lowercase();
        let skip = ["this ", "next ", "last ", "coming "]
            .iter()
            .find(|m| lower.starts_with(*m))
            .map_or(0, |m| m.len());
        let rest = s[skip..].trim_start();
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let weekday = weekday_number(&rest[..name_len])?;
        let date = rest[name_len..]
            .trim_start_matches(['.', ' ', ',', '-', '(', '\t', '\n'])
            .trim_end_matches([')', ' ']);
        // `date` is a slice of `text`: its offset.
        let date_start = date.as_ptr() as usize - text.as_ptr() as usize;
        let fits = |d: Date| calendar::weekday(d) == weekday;
        let numeric = date
            .bytes()
            .all(|b| b.is_ascii_digit() || b"-/.".contains(&b));
        let value = if numeric {
            let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
            match parts.as_slice() {
                [a, b] => {
                    let (a, b): (u8, u8) = (a.parse().ok()?, b.parse().ok()?);
                    let p = published?;
                    [(a, b), (b, a)]
                        .into_iter()
                        .filter_map(|(m, d)| Date::new(p.year(), m, d))
                        .find(|d| fits(*d))
                        .map(|d| (DateValue::Point(d.into()), true))?
                }
                _ => {
                    let c = calendar_of(self.parse_point(text, date_start, date, published)?)?;
                    let d = Date::new(c.year?, c.month?, c.day?)?;
                    if !fits(d) {
                        return None;
                    }
                    (DateValue::Point(d.into()), false)
                }
            }
        } else {
            let c = calendar_of(self.parse_point(text, date_start, date, published)?)?;
            let year = c.year.or(published.map(|p| p.year()));
            let anchored = c.year.is_none() && year.is_some();
            (
                DateValue::Point(PartialDate::day(year, c.month?, c.day?)?),
                anchored,
            )
        };
        let end = if s.ends_with(')') {
            end
        } else {
            start + s.trim_end().len()
        };
        if !end_ok(text, end) {
            return None;
        }
        Some(DateMatch {
            span: Span::new(start, end),
            value: value.0,
            anchored: value.1,
        })
    }

    /// Parses one point expression `s` found at `start` in `text`.
    fn parse_point(
        &self,
        text: &str,
        start: usize,
        s: &str,
        published: Option<Date>,
    ) -> Option<Parsed> {
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            let year: i32 = s.parse().ok()?;
            return if (1800..=2100).contains(&year) {
                bare_year(text, start, s, year)
            } else {
                None
            };
        }
        if let Some(c) = simple_calendar(s) {
            return Some(Parsed::Calendar(c));
        }
        if s.bytes().all(|b| b.is_ascii_alphabetic()) {
            match s.to_ascii_lowercase().as_str() {
                // A lower-case "may" or "march" alone is a verb.
                "may" | "march" if s.starts_with(|c: char| c.is_ascii_lowercase()) => return None,
                word @ ("today" | "yesterday" | "tomorrow") => {
                    let shift = match word {
                        "today" => 0,
                        "yesterday" => -1,
                        _ => 1,
                    };
                    if shift == 0 && !today_is_a_date(text, start, s.len()) {
                        return None;
                    }
                    let d = calendar::add_days(published?, shift)?;
                    return Some(Parsed::Value(DateValue::Point(d.into()), true));
                }
                _ => {}
            }
        }
        if s.len() == 10 && s.starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(m) = numeric_date_at(&text[..start + s.len()], start) {
                return calendar_of(Parsed::Value(m.value, false)).map(Parsed::Calendar);
            }
        }
        // "last year", "this month", "next week", "this spring": the
        // commonest relative phrases, without the regex.
        if let Some((word, unit)) = s.split_once(' ') {
            let unit = unit.to_ascii_lowercase();
            let season = match unit.as_str() {
                "spring" => Some(Season::Spring),
                "summer" => Some(Season::Summer),
                "autumn" | "fall" => Some(Season::Fall),
                "winter" => Some(Season::Winter),
                _ => None,
            };
            let shift = match word.to_ascii_lowercase().as_str() {
                "this" => Some(0),
                "next" | "coming" => Some(1),
                "last" | "previous" | "past" => Some(-1),
                _ => None,
            };
            if let (Some(season), Some(shift)) = (season, shift) {
                let p = published?;
                return Some(Parsed::Value(
                    DateValue::Season(Some(p.year() + shift), season),
                    true,
                ));
            }
            let shift = match word.to_ascii_lowercase().as_str() {
                "last" | "previous" => Some(-1),
                "next" | "coming" | "following" => Some(1),
                "this" | "current" => Some(0),
                _ => None,
            };
            if let (Some(shift), "year" | "month" | "week" | "weekend" | "quarter") =
                (shift, unit.as_str())
            {
                return relative_unit(published?, &unit, shift);
            }
        }
        // A weekday or a month alone, and "the 15th", without the regex.
        if s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'.') {
            if is_weekday_name(s) {
                return weekday_alone(text, start, s, s, None, 0, published);
            }
            if is_month_name(s) {
                return month_alone(&text[..start], s);
            }
        }
        if let Some(n) = s.strip_prefix("the ").or_else(|| s.strip_prefix("The ")) {
            let digits = n.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            if !digits.is_empty()
                && digits.len() <= 2
                && digits.bytes().all(|b| b.is_ascii_digit())
                && matches!(&n[digits.len()..], "st" | "nd" | "rd" | "th")
            {
                return the_day(text, start, s, digits.parse().ok()?, published);
            }
        }
        let which = self.point().which(s)?;
        let (source, alternative) = &self.point_alternatives[which.as_usize()];
        let alternative = alternative.get_or_init(|| {
            meta::Regex::builder()
                .configure(group_reader())
                .build(source)
                .expect("the point pattern is valid")
        });
        let mut caps = alternative.create_captures();
        alternative.captures(s, &mut caps);
        let groups = named_groups(&caps, s);
        let get = |n: &str| groups.iter().find(|(g, _)| *g == n).map(|&(_, t)| t);
        let num = |n: &str| get(n).and_then(day_or_number);
        let month = |n: &str| get(n).and_then(month_number);
        let cal = |year: Option<i32>, month: Option<u8>, day: Option<i32>| {
            Some(Parsed::Calendar(Calendar {
                year,
                month,
                day: match day {
                    Some(d) => Some(u8::try_from(d).ok()?),
                    None => None,
                },
            }))
        };
        let before = &text[..start];
        let after = &text[(start + s.len()).min(text.len())..];
        // A day written as a cardinal word ("May twenty one", "Friday the
        // fifteen") only after the month or weekday, and only where the
        // phrase ends: "in May twenty one firms" counts firms.
        let cardinal = ["d1", "d2", "wddn", "dom"]
            .into_iter()
            .filter_map(&get)
            .any(is_cardinal_day);
        if cardinal && (get("d2").is_some() || get("dom").is_some() || !phrase_ends(after)) {
            return None;
        }
        // A year before 1800 only closes a full date ("5 December 1391").
        if num("y1").or(num("y2")).is_some_and(|y| y < 1800) && !after_is_clause_end(after) {
            return None;
        }
        if let Some(m) = month("m1") {
            if !month_case_ok(get("m1")?, true) {
                return None;
            }
            return cal(num("y1"), Some(m), num("d1"));
        }
        if let Some(m) = month("m2") {
            return cal(num("y2"), Some(m), num("d2"));
        }
        if let Some(m) = month("m3") {
            if !month_case_ok(get("m3")?, true) {
                return None;
            }
            return cal(num("y3"), Some(m), None);
        }
        if let Some(m) = month("m4") {
            return cal(num("y4"), Some(m), None);
        }
        if let Some(m) = month("m5") {
            return cal(None, Some(m), None);
        }
        if let Some(y) = num("ny") {
            if get("ns1") != get("ns2") || !year_free(text, start, s) {
                return None;
            }
            return cal(Some(y), Some(u8::try_from(num("nm")?).ok()?), num("nd"));
        }
        if let Some(a) = num("na") {
            let (sep, b, c) = (get("ns3")?, num("nb")?, get("nc")?);
            // One separator throughout, or "11/12,2016".
            let sep_ok = Some(sep) == get("ns4") || (sep == "/" && get("ns4") == Some(","));
            if !sep_ok || !year_free(text, start, s) {
                return None;
            }
            let year = if c.len() == 2 {
                two_digit_year(c.parse::<i32>().ok()?)
            } else {
                c.parse().ok()?
            };
            // Day first with dots ("21.04.2022"); month first with slashes
            // and dashes ("6/12/2024"), unless the first cannot be a month.
            let day_first = (sep == "." && b <= 12) || a > 12;
            let (day, month) = if day_first { (a, b) } else { (b, a) };
            if c.len() == 2 && sep == "." {
                return None;
            }
            return cal(Some(year), Some(u8::try_from(month).ok()?), Some(day));
        }
        if let Some(m) = num("mm") {
            return cal(num("my"), Some(u8::try_from(m).ok()?), None);
        }
        if let (Some(m), Some(r)) = (month("mny"), get("mnyr")) {
            let p = published?;
            let y = p.year() + shift_of(r);
            return Some(Parsed::Value(
                DateValue::Point(PartialDate::month(Some(y), m)?),
                true,
            ));
        }
        if let Some(m) = month("mon2").or(month("dmon")) {
            return cal(None, Some(m), num("mday2").or(num("dmo")));
        }
        if let Some(q) = get("qqa") {
            let n: u8 = q[1..].parse().ok()?;
            let y = quarter_year(published?, n);
            return match months_interval(y, n * 3 - 2, n * 3)? {
                Parsed::Value(v, _) => Some(Parsed::Value(v, true)),
                other => Some(other),
            };
        }
        if let Some(n) = get("dmn") {
            let m = month("dmm")?;
            let (y, anchored) = match num("dmy") {
                Some(y) => (Some(y), false),
                None => (published.map(|p| p.year()), published.is_some()),
            };
            let last = days_in(y.unwrap_or(2001), m);
            let d = if n.eq_ignore_ascii_case("last") {
                last
            } else {
                u8::try_from(day_or_number(n)?).ok()?
            };
            return Some(Parsed::Value(
                DateValue::Point(PartialDate::day(y, m, d)?),
                anchored,
            ));
        }
        if let Some(h) = get("hol") {
            let h = h.to_ascii_lowercase();
            let (m, d) = if h.starts_with("christmas eve") {
                (12, 24)
            } else if h.starts_with("christmas") {
                (12, 25)
            } else if h.contains("eve") {
                (12, 31)
            } else if h.starts_with("new") {
                (1, 1)
            } else if h.starts_with("halloween") {
                (10, 31)
            } else if h.starts_with("valentine") {
                (2, 14)
            } else {
                (3, 22)
            };
            let (y, anchored) = match (num("holy"), get("holm")) {
                (Some(y), _) => (Some(y), false),
                (None, Some(r)) => {
                    let p = published?;
                    let this = Date::new(p.year(), m, d)?;
                    let shift = shift_of(r);
                    let y = match shift {
                        1 if this > p => p.year(),
                        -1 if this < p => p.year(),
                        _ => p.year() + shift,
                    };
                    (Some(y), true)
                }
                (None, None) => (published.map(|p| p.year()), published.is_some()),
            };
            return Some(Parsed::Value(
                DateValue::Point(PartialDate::day(y, m, d)?),
                anchored,
            ));
        }
        if let Some(d) = num("thed") {
            return the_day(text, start, s, u8::try_from(d).ok()?, published);
        }
        if let Some(y) = num("yma") {
            return cal(Some(y), month("ymm"), num("ymd"));
        }
        if let Some(y) = num("nym") {
            if !year_free(text, start, s) {
                return None;
            }
            let mm = get("nymm")?;
            let m = u8::try_from(num("nymm")?).ok()?;
            // "2010-11" and "2008-9" are spans of years (2010 to 2011), not
            // months: a tight dash reads as a month only when the number
            // cannot continue the year ("2016-11", "2015-3").
            if get("nyms") == Some("-") {
                let yy = u8::try_from(y.rem_euclid(100)).ok()?;
                let continues = if mm.len() == 2 {
                    m > yy
                } else {
                    m == (yy + 1) % 10
                };
                if continues {
                    return None;
                }
            }
            return cal(Some(y), Some(m), None);
        }
        if let (Some(a), Some(b)) = (num("mda"), num("mdb")) {
            // "4/22", "22/04": a month and a day when one number cannot be a
            // month; "10/1" alone may be a fraction or either order. Odds,
            // ratios and scores ("odds of 20/1", "a ratio of 13/4") and
            // "24/7" are no dates.
            if !year_free(text, start, s)
                || unit_follows(after)
                || matches!((a, b), (24, 7) | (7, 24))
                || preceded_by(before, NUMBER_CUES)
                || preceded_by(
                    before.trim_end().trim_end_matches(char::is_alphabetic),
                    &["odds", "ratio", "ratios", "score", "scores"],
                )
            {
                return None;
            }
            let (m, d) = match (a <= 12, b <= 12) {
                (true, false) => (a, b),
                (false, true) => (b, a),
                _ => return None,
            };
            return cal(None, Some(u8::try_from(m).ok()?), Some(d));
        }
        if let Some(q) = get("qc") {
            let y = num("qcy")?;
            let last = if q.eq_ignore_ascii_case("two") { 6 } else { 9 };
            return months_interval(y, 1, last);
        }
        if let Some(q) = get("qn").or(get("qn2")) {
            let n = ordinal(q)?;
            let (y, anchored) = match (num("qy").or(num("qpy")), get("qr").or(get("qyr"))) {
                (Some(y), _) => (y, false),
                (None, Some(r)) => (published?.year() + shift_of(r), true),
                (None, None) => (quarter_year(published?, n), true),
            };
            return match months_interval(y, n * 3 - 2, n * 3)? {
                Parsed::Value(v, _) => Some(Parsed::Value(v, anchored)),
                other => Some(other),
            };
        }
        if let Some(q) = get("qq").or(get("qq2")) {
            let n: u8 = q[1..].parse().ok()?;
            let y = match (num("qqy").or(num("qqy2")), get("qqr")) {
                (Some(y), _) => y,
                (None, Some(r)) => published?.year() + shift_of(r),
                (None, None) => return None,
            };
            return months_interval(y, n * 3 - 2, n * 3);
        }
        if let Some(h) = get("hh").or(get("hh2")) {
            let n: u8 = h[1..].parse().ok()?;
            return months_interval(num("hhy").or(num("hhy2"))?, n * 6 - 5, n * 6);
        }
        if let Some(h) = get("hn") {
            let n = ordinal(h)?;
            return months_interval(num("hy")?, n * 6 - 5, n * 6);
        }
        if let Some(n) = get("wkn") {
            // The first (…, last) week of a month or a year.
            let p = published;
            let (y, m) = if let Some(m) = month("wkm") {
                (p?.year(), Some(m))
            } else if let Some(y) = num("wky") {
                (y, None)
            } else {
                let r = shift_of(get("wkr")?);
                if get("wkru")?.eq_ignore_ascii_case("year") {
                    (p?.year() + r, None)
                } else {
                    let d = calendar::add_months(p?, r)?;
                    (d.year(), Some(d.month()))
                }
            };
            let first = Date::new(y, m.unwrap_or(1), 1)?;
            let day = if n.eq_ignore_ascii_case("last") {
                let next = calendar::add_months(first, if m.is_some() { 1 } else { 12 })?;
                calendar::add_days(next, -1)?
            } else {
                calendar::add_days(first, 7 * (i64::from(ordinal(n)?) - 1))?
            };
            let (wy, w) = calendar::iso_week(day);
            return Some(Parsed::Value(DateValue::Week(wy, w), true));
        }
        if let Some(of) = get("wkof").or(get("wkof2")) {
            let (y, m, d) = self.day_month(of.replace('.', " ").trim())?;
            let y = y.or(published.map(|p| p.year()))?;
            let (wy, w) = calendar::iso_week(Date::new(y, m, d)?);
            return Some(Parsed::Value(DateValue::Week(wy, w), true));
        }
        if get("wrest").is_some() {
            return relative_unit(published?, &get("wrest")?.to_ascii_lowercase(), 0);
        }
        if let (Some(r), Some(u)) = (get("elr"), get("elru")) {
            return relative_unit(published?, &u.to_ascii_lowercase(), shift_of(r));
        }
        if let Some(u) = get("eu") {
            // "the end of next year": valued as next year, like "the end of
            // the year" is the year.
            let shift = get("eur").map_or(0, shift_of);
            return relative_unit(published?, &u.to_ascii_lowercase(), shift);
        }
        if get("edge").is_some() || get("el").is_some() {
            let m = month("em").or(month("elm"));
            let y = num("ey").or(num("ey2")).or(num("ely")).or(num("ely2"));
            return cal(y, m, None);
        }
        if let Some(season) = get("sea") {
            let season = match season.to_ascii_lowercase().as_str() {
                "spring" => Season::Spring,
                "summer" => Season::Summer,
                "winter" => Season::Winter,
                _ => Season::Fall,
            };
            let modifier = get("smod").map(str::to_ascii_lowercase);
            if let Some(y) = num("sy") {
                return Some(Parsed::Value(DateValue::Season(Some(y), season), false));
            }
            let shift = match modifier.as_deref() {
                Some("next" | "coming") => 1,
                Some("last" | "previous" | "past") => -1,
                Some("this") => 0,
                Some("the")
                    if preceded_by(
                        before,
                        &["in", "during", "over", "by", "until", "since", "through"],
                    ) =>
                {
                    0
                }
                _ => return None,
            };
            let p = published?;
            return Some(Parsed::Value(
                DateValue::Season(Some(p.year() + shift), season),
                true,
            ));
        }
        if let Some(w) = get("dayword") {
            let w = w.to_ascii_lowercase();
            let shift = if w.starts_with("today") {
                0
            } else if w.starts_with("yesterday") {
                -1
            } else if w.starts_with("tomorrow") {
                1
            } else if w.contains("before") {
                -2
            } else {
                2
            };
            if shift == 0 && !today_is_a_date(text, start, s.len()) {
                return None;
            }
            let d = calendar::add_days(published?, shift)?;
            return Some(Parsed::Value(DateValue::Point(d.into()), true));
        }
        if let Some(unit) = get("rtu") {
            return relative_unit(published?, &unit.to_ascii_lowercase(), 0);
        }
        if let Some(d) = num("dec") {
            // "the 1990s": the ten years of the decade.
            let digits = get("dec")?;
            let at = start + s.find(digits)?;
            let before_digits = text[..at].chars().next_back();
            if before_digits
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '$' | '€' | '£' | '#'))
            {
                return None;
            }
            return Some(Parsed::Value(
                DateValue::Interval(PartialDate::year(d), PartialDate::year(d + 9)),
                false,
            ));
        }
        if get("ytd").is_some() {
            // "the year to date": from New Year's Day to the publication date.
            let p = published?;
            return Some(Parsed::Value(
                DateValue::Interval(PartialDate::day(Some(p.year()), 1, 1)?, p.into()),
                true,
            ));
        }
        if let (Some(n), Some(w), Some(dir)) = (get("wn"), get("wnd"), get("wnad")) {
            // "two Sundays from now": the second Sunday after the
            // publication date; "three Fridays ago", the third before it.
            let p = published?;
            let n = count(n)?;
            let target = weekday_number(w)?;
            let ahead = (target - calendar::weekday(p)).rem_euclid(7);
            let d = if dir.eq_ignore_ascii_case("ago") {
                let back = (calendar::weekday(p) - target).rem_euclid(7);
                let back = if back == 0 { 7 } else { back };
                calendar::add_days(p, -back - 7 * (n - 1))?
            } else {
                let ahead = if ahead == 0 { 7 } else { ahead };
                calendar::add_days(p, ahead + 7 * (n - 1))?
            };
            return Some(Parsed::Value(DateValue::Point(d.into()), true));
        }
        if let (Some(m), Some(unit)) = (get("rm"), get("ru")) {
            let shift = match m.to_ascii_lowercase().as_str() {
                "last" | "previous" => -1,
                "next" | "coming" | "following" | "upcoming" => 1,
                _ => 0,
            };
            return relative_unit(published?, &unit.to_ascii_lowercase(), shift);
        }
        if let (Some(n), Some(unit), Some(dir)) = (get("an"), get("au"), get("ad")) {
            let n = count(n)?;
            let dir = dir.to_ascii_lowercase();
            let n = if dir == "ago" || dir.starts_with("before") {
                -n
            } else {
                n
            };
            let base = if dir.ends_with("tomorrow") {
                1
            } else if dir.ends_with("yesterday") {
                -1
            } else {
                0
            };
            let p = calendar::add_days(published?, base)?;
            let d = match unit.to_ascii_lowercase().as_str() {
                "day" => calendar::add_days(p, n),
                "week" => calendar::add_days(p, 7 * n),
                "month" => calendar::add_months(p, i32::try_from(n).ok()?),
                _ => calendar::add_months(p, 12 * i32::try_from(n).ok()?),
            }?;
            return Some(Parsed::Value(DateValue::Point(d.into()), true));
        }
        if let (Some(m), Some(name)) = (get("mmod"), month("mmn")) {
            let p = published?;
            let y = match m.to_ascii_lowercase().as_str() {
                "next" | "coming" => {
                    if name > p.month() {
                        p.year()
                    } else {
                        p.year() + 1
                    }
                }
                "last" => {
                    if name < p.month() {
                        p.year()
                    } else {
                        p.year() - 1
                    }
                }
                _ => p.year(),
            };
            return Some(Parsed::Value(
                DateValue::Point(PartialDate::month(Some(y), name)?),
                true,
            ));
        }
        if let (Some(d), Some(r)) = (num("dom"), get("domr")) {
            let m = calendar::add_months(published?, shift_of(r))?;
            let date = Date::new(m.year(), m.month(), u8::try_from(d).ok()?)?;
            return Some(Parsed::Value(DateValue::Point(date.into()), true));
        }
        if let (Some(r), Some(w)) = (get("wkm3"), get("wkd3")) {
            let p = published?;
            let d = calendar::add_days(
                p,
                weekday_number(w)? - calendar::weekday(p) + 7 * i64::from(shift_of(r)),
            )?;
            return Some(Parsed::Value(DateValue::Point(d.into()), true));
        }
        if let (Some(n), Some(w)) = (get("own").or(get("own2")), get("owd").or(get("owd2"))) {
            // The first (…, last) Friday of a month.
            let p = published?;
            let (y, m) = if let Some(m) = month("owm").or(month("owm2")) {
                (num("owy").or(num("owy2")).unwrap_or(p.year()), m)
            } else if let Some(r) = get("owr").or(get("owr2")) {
                let d = calendar::add_months(p, shift_of(r))?;
                (d.year(), d.month())
            } else {
                (p.year(), p.month())
            };
            let target = weekday_number(w)?;
            let d = if n.eq_ignore_ascii_case("last") {
                let next = calendar::add_months(Date::new(y, m, 1)?, 1)?;
                let last = calendar::add_days(next, -1)?;
                calendar::add_days(last, -(calendar::weekday(last) - target).rem_euclid(7))?
            } else {
                let first = Date::new(y, m, 1)?;
                let k = i64::from(ordinal(n)?);
                let d = calendar::add_days(
                    first,
                    (target - calendar::weekday(first)).rem_euclid(7) + 7 * (k - 1),
                )?;
                if d.month() != m {
                    return None;
                }
                d
            };
            return Some(Parsed::Value(DateValue::Point(d.into()), true));
        }
        if let (Some(w), Some(n)) = (get("wdd"), num("wddn").or(num("wddn2"))) {
            // "Friday the 15th": the 15th of the publication month, or of the
            // month before or after when that one falls on a Friday.
            let p = published?;
            let n = u8::try_from(n).ok()?;
            let weekday = weekday_number(w)?;
            let d = [0, -1, 1]
                .into_iter()
                .filter_map(|k| {
                    let m = calendar::add_months(Date::new(p.year(), p.month(), 1)?, k)?;
                    Date::new(m.year(), m.month(), n)
                })
                .find(|d| calendar::weekday(*d) == weekday)
                .or_else(|| Date::new(p.year(), p.month(), n))?;
            return Some(Parsed::Value(DateValue::Point(d.into()), true));
        }
        if let Some(w) = get("wd") {
            let modifier = get("wm").or(get("ww")).map(str::to_ascii_lowercase);
            let extra = if get("wan").is_some() { 7 } else { 0 };
            return weekday_alone(text, start, s, w, modifier.as_deref(), extra, published);
        }
        if let Some(mo) = get("mo") {
            return month_alone(before, mo);
        }
        if let Some(y) = num("yr") {
            return bare_year(text, start, s, y);
        }
        None
    }
}

/// A weekday named alone or with a modifier ("on Tuesday", "next Friday",
/// "Friday next week"): the day of the publication date's week, shifted by
/// the modifier and `extra` days.
fn weekday_alone(
    text: &str,
    start: usize,
    s: &str,
    w: &str,
    modifier: Option<&str>,
    extra: i64,
    published: Option<Date>,
) -> Option<Parsed> {
    let before = &text[..start];
    let target = weekday_number(w)?;
    let abbreviated =
        w.trim_end_matches('.').len() <= 5 && !w.to_ascii_lowercase().ends_with("day");
    // An abbreviated weekday that is also an English word or name
    // ("sun", "Sat", "wed", "Mon") is taken only after "on", "by",
    // "until", "since", inside a range, with a modifier, or
    // capitalised with its period; "Thu", "Fri", "Tue" are no words.
    // "2025.09.11 (Thu)": the day name of the date before it.
    if before.ends_with('(') && text[start + s.len()..].starts_with(')') {
        return None;
    }
    let capitalised_with_period =
        w.starts_with(|c: char| c.is_ascii_uppercase()) && w.ends_with('.');
    let lower = w.trim_end_matches('.').to_ascii_lowercase();
    let is_word = matches!(lower.as_str(), "sun" | "sat" | "wed" | "mon");
    if abbreviated
        && is_word
        && modifier.is_none()
        && !capitalised_with_period
        && !preceded_by(
            before,
            &[
                "on", "by", "until", "since", "from", "to", "till", "and", "through", "between",
            ],
        )
    {
        return None;
    }
    let p = published?;
    let week_shift = match modifier {
        Some("last" | "past") => -7,
        Some("next" | "coming") => 7,
        _ => 0,
    } + extra;
    let d = calendar::add_days(p, target - calendar::weekday(p) + week_shift)?;
    Some(Parsed::Value(DateValue::Point(d.into()), true))
}

/// A month named alone ("in January"): abbreviations, "May" and "March"
/// only after a word that introduces a date.
fn month_alone(before: &str, mo: &str) -> Option<Parsed> {
    let m = month_number(mo)?;
    if !month_case_ok(mo, false) {
        return None;
    }
    let full = mo.trim_end_matches('.').len() > 4 || (5..=7).contains(&m);
    let needs_preposition = !full || m == 5 || m == 3;
    if needs_preposition
        && !preceded_by(
            before,
            &[
                "in", "of", "since", "until", "by", "from", "through", "during", "before", "after",
                "early", "late", "mid", "end", "this", "next", "last",
            ],
        )
    {
        return None;
    }
    Some(Parsed::Calendar(Calendar {
        month: Some(m),
        ..Calendar::default()
    }))
}

/// Whether `word` is spelled as one of the grammar's weekday names.
fn is_weekday_name(word: &str) -> bool {
    const NAMES: [&str; 17] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tues",
        "tue",
        "wed",
        "thurs",
        "thur",
        "thu",
        "fri",
        "sat",
        "sun",
    ];
    let bare = word.strip_suffix('.').unwrap_or(word);
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(bare))
}

/// Whether `word` is spelled as one of the grammar's month names.
fn is_month_name(word: &str) -> bool {
    month_name(word).is_some()
}

/// The number of the month `word` names, when it is spelled as one of the
/// grammar's month names: a full name, a three-letter abbreviation or
/// "Sept", with or without a final period, in any case.
fn month_name(word: &str) -> Option<u8> {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let bare = word.strip_suffix('.').unwrap_or(word);
    if !bare.bytes().all(|b| b.is_ascii_alphabetic()) || bare.len() < 3 {
        return None;
    }
    let m = month_number(bare)?;
    // Compared in any case in place, as the lower-cased copy was.
    let ok = FULL[usize::from(m - 1)].eq_ignore_ascii_case(bare)
        || bare.len() == 3
        || bare.eq_ignore_ascii_case("sept");
    ok.then_some(m)
}

/// "the 15th" at the end of a clause: that day of the publication month.
fn the_day(text: &str, start: usize, s: &str, day: u8, published: Option<Date>) -> Option<Parsed> {
    if !after_is_clause_end(&text[(start + s.len()).min(text.len())..]) {
        return None;
    }
    let p = published?;
    let date = Date::new(p.year(), p.month(), day)?;
    Some(Parsed::Value(DateValue::Point(date.into()), true))
}

/// The common written dates without a regex: `Month D`, `Month D, YYYY`,
/// `D Month`, `D Month YYYY`, `Month YYYY` (the same readings as the
/// grammar's first alternatives, for speed).
fn simple_calendar(s: &str) -> Option<Calendar> {
    let mut tokens = s.split([' ', ',']).filter(|t| !t.is_empty());
    let (a, b, c) = (tokens.next()?, tokens.next()?, tokens.next());
    if tokens.next().is_some() {
        return None;
    }
    let day_of = |t: &str| {
        (t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u8>().ok())
            .flatten()
            .filter(|d| (1..=31).contains(d))
    };
    let year_of = |t: &str| {
        (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1800..=2100).contains(y))
    };
    let year = match c {
        Some(t) => Some(year_of(t)?),
        None => None,
    };
    if let (Some(m), Some(d)) = (month_name(a), day_of(b)) {
        return Some(Calendar {
            year,
            month: Some(m),
            day: Some(d),
        });
    }
    if let (Some(d), Some(m)) = (day_of(a), month_name(b)) {
        return Some(Calendar {
            year,
            month: Some(m),
            day: Some(d),
        });
    }
    if let (Some(m), Some(y), None) = (month_name(a), year_of(b), c) {
        if !month_case_ok(a, true) {
            return None;
        }
        return Some(Calendar {
            year: Some(y),
            month: Some(m),
            day: None,
        });
    }
    None
}

/// A numeric date with a year at `start`, read by hand: `YYYY-MM-DD`,
/// `YYYY.MM.DD`, `YYYY/MM/DD` and `DD.MM.YYYY` (one separator throughout),
/// when it stands alone.
fn numeric_date_at(text: &str, start: usize) -> Option<DateMatch> {
    let b = text.as_bytes().get(start..)?;
    let digits = |i: usize, n: usize| -> Option<u32> {
        let part = b.get(i..i + n)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let sep = *b.get(4).or(b.get(2))?;
    let (year, month, day, len) = if let (Some(y), Some(&s1)) = (digits(0, 4), b.get(4)) {
        if !matches!(s1, b'-' | b'.' | b'/') || b.get(7) != Some(&s1) {
            return None;
        }
        (y, digits(5, 2)?, digits(8, 2)?, 10)
    } else if let (Some(d), Some(b'.')) = (digits(0, 2), b.get(2)) {
        if b.get(5) != Some(&b'.') || sep != b'.' {
            return None;
        }
        (digits(6, 4)?, digits(3, 2)?, d, 10)
    } else {
        return None;
    };
    let date = Date::new(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )?;
    let s = &text[start..start + len];
    if !year_free(text, start, s) {
        return None;
    }
    Some(DateMatch {
        span: Span::new(start, start + len),
        value: DateValue::Point(date.into()),
        anchored: false,
    })
}

/// A four-digit year standing alone ("in 2022", "by 2040"), unless it is a
/// number, an amount, a quantity ("about 1850 workers") or part of a name.
fn bare_year(text: &str, start: usize, s: &str, year: i32) -> Option<Parsed> {
    const QUANTITY: &[&str] = &[
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "than",
        "roughly",
        "approximately",
        "only",
        "just",
        "exactly",
        "another",
        "additional",
        "total",
    ];
    let before = &text[..start];
    if !year_free(text, start, s) || year_in_name(before) || preceded_by(before, QUANTITY) {
        return None;
    }
    Some(Parsed::Calendar(Calendar {
        year: Some(year),
        ..Calendar::default()
    }))
}

/// The length of `s` without a trailing four-digit number and the space or
/// comma before it ("5 December 1500" → "5 December"), if it ends in one
/// after a word.
fn without_last_number(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let n = b.len();
    if n < 6 || !b[n - 4..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let head = s[..n - 4].trim_end_matches([' ', ',']);
    (head.len() < n - 4 && head.ends_with(|c: char| c.is_ascii_alphabetic())).then_some(head.len())
}

/// The length of the month or weekday name that begins `s`, when more
/// follows it.
fn first_name(s: &str) -> Option<usize> {
    let len = s.find(|c: char| !c.is_ascii_alphabetic())?;
    let word = &s[..len];
    (is_month_name(word) || is_weekday_name(word)).then_some(len)
}

/// Whether a matched text may be a weekday with its date or "on" with a
/// numeric month and day, which the scan pattern reads apart from points.
///
/// The first word is compared in place, without a lower-cased copy: the
/// same answers as [`weekday_or_on_with_number_plain`] (unit test
/// `match_kind_tests_agree_with_the_plain_ones`).
fn weekday_or_on_with_number(s: &str) -> bool {
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let word = s.split(' ').next().unwrap_or("");
    const WORDS: [&str; 5] = ["on", "this", "next", "last", "coming"];
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
        || word
            .get(..3)
            .is_some_and(|p| WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(p)))
}

/// [`weekday_or_on_with_number`] as first written.
#[cfg(test)]
fn weekday_or_on_with_number_plain(s: &str) -> bool {
    let word = s.split(' ').next().unwrap_or("");
    s.bytes().any(|b| b.is_ascii_digit())
        && (word.eq_ignore_ascii_case("on")
            || ["this", "next", "last", "coming"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word))
            || weekday_number(word).is_some())
}

/// Whether a matched text cannot be an interval: no connector in it.
///
/// One pass over the text, trying each connector only where its first
/// byte stands (in any case), instead of one search per connector: a
/// connector occurs somewhere exactly when it occurs at one of those
/// places, so the answers are those of [`plainly_a_point_plain`] (unit
/// test `match_kind_tests_agree_with_the_plain_ones`).
fn plainly_a_point(s: &str) -> bool {
    let b = s.as_bytes();
    let at =
        |i: usize, w: &[u8]| b[i..].len() >= w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w);
    !(0..b.len()).any(|i| match b[i].to_ascii_lowercase() {
        b'-' => true,
        // The first byte of '–' (U+2013).
        0xE2 => b[i..].starts_with("–".as_bytes()),
        b' ' => at(i, b" to ") || at(i, b" and "),
        b't' => at(i, b"through") || at(i, b"thru") || at(i, b"till"),
        b'u' => at(i, b"until"),
        b'f' => at(i, b"from "),
        b'b' => at(i, b"between "),
        _ => false,
    })
}

/// [`plainly_a_point`] as first written: one search per connector.
#[cfg(test)]
fn plainly_a_point_plain(s: &str) -> bool {
    let b = s.as_bytes();
    let has_space_word = |w: &[u8]| b.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
    !(b.contains(&b'-')
        || s.contains('–')
        || has_space_word(b" to ")
        || has_space_word(b" and ")
        || has_space_word(b"through")
        || has_space_word(b"thru")
        || has_space_word(b"until")
        || has_space_word(b"till")
        || has_space_word(b"from ")
        || has_space_word(b"between "))
}

/// Whether a match ending at `end` ends a word and is not followed by
/// something that makes it a number or a compound ("2025-year", "2024b").
fn end_ok(text: &str, end: usize) -> bool {
    let after = &text[end..];
    let mut rest = after.chars();
    match (rest.next(), rest.next()) {
        (Some(c), _) if c.is_alphanumeric() || c == '%' => false,
        (Some('.' | ',' | '/' | ':'), Some(d)) if d.is_ascii_digit() => false,
        (Some('-'), Some(c)) if c.is_alphanumeric() => false,
        _ => true,
    }
}

/// Whether the year-like number that begins `s` at `start` stands alone
/// rather than inside a larger number, an amount, a code or a duration.
fn year_free(text: &str, start: usize, s: &str) -> bool {
    let end = start + s.len();
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| {
        c.is_alphanumeric()
            || matches!(c, '$' | '€' | '£' | '¥' | '₩' | '₸' | '₽' | '#' | '+' | '№')
    }) {
        return false;
    }
    // "1,2025" or "3.2025": part of a number.
    let mut back = text[..start].chars().rev();
    if let (Some(sep), Some(d)) = (back.next(), back.next()) {
        if matches!(sep, ',' | '.' | '-' | '/') && d.is_ascii_digit() {
            return false;
        }
        // "+82 2024 5264": one group of a longer digit sequence.
        if sep == ' ' && d.is_ascii_digit() {
            return false;
        }
    }
    let after = &text[end..];
    if let Some(next) = after.strip_prefix(' ') {
        if next.bytes().take_while(u8::is_ascii_digit).count() >= 3 {
            return false;
        }
    }
    let after_word = after.trim_start_matches([' ', '-']);
    let lower: String = after_word
        .chars()
        .take(6)
        .collect::<String>()
        .to_ascii_lowercase();
    !(after.starts_with(['-', ' ']) && lower.starts_with("year") && !s.contains(['-', '/', '.']))
        && end_ok(text, end)
}

/// Whether a bare year right after `before` is part of a name: the word
/// before it is capitalised and is not a month, a preposition or another
/// word that introduces a date ("Expo 2017", "Vision 2030").
fn year_in_name(before: &str) -> bool {
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() + 1 != before.len() {
        return false;
    }
    let word: &str = trimmed
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if !word.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    const INTRODUCERS: &[&str] = &[
        "in", "by", "since", "until", "till", "of", "and", "to", "from", "for", "before", "after",
        "through", "the", "during", "on", "at", "between", "year", "fiscal", "fy", "early", "late",
        "mid", "end", "spring", "summer", "autumn", "fall", "winter", "as", "also", "from",
    ];
    // A holiday or festival with its year is that year's occurrence, a date
    // ("Eid al-Fitr 2018", "Nauryz 2024", "King's Day 2018"). Curated:
    // the head words of well-known holiday names.
    const HOLIDAYS: &[&str] = &[
        "day",
        "eve",
        "eid",
        "fitr",
        "adha",
        "id",
        "ramadan",
        "nauryz",
        "nowruz",
        "navruz",
        "navroz",
        "christmas",
        "xmas",
        "easter",
        "thanksgiving",
        "halloween",
        "diwali",
        "holi",
        "hanukkah",
        "purim",
        "passover",
        "pentecost",
        "lent",
        "vesak",
        "jayanti",
        "diwas",
        "onam",
        "saptami",
        "hashoah",
        "ashura",
        "vida",
        "wida",
        "jadid",
        "birthday",
    ];
    let lower = word.to_ascii_lowercase();
    if INTRODUCERS.contains(&lower.as_str())
        || HOLIDAYS.contains(&lower.as_str())
        || month_number(word).is_some()
    {
        return false;
    }
    // The first word of a sentence is capitalised anyway.
    let earlier = trimmed[..trimmed.len() - word.len()].trim_end();
    !(earlier.is_empty() || earlier.ends_with(['.', '!', '?', '\n', ':', '"', '“']))
}

/// Whether the word before `before`'s end is one of `words` (any case).
fn preceded_by(before: &str, words: &[&str]) -> bool {
    let trimmed = before.trim_end_matches([' ', '-']);
    if trimmed.len() == before.len() {
        return false;
    }
    let word = trimmed
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    words.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// "today" is a date when it says when something happens, not "nowadays":
/// not at the start of a sentence, not in "today's", and followed by the end
/// of a clause or a preposition ("signed today in Baku", "arrives today.")
/// rather than by the clause it qualifies ("that today the country is…").
fn today_is_a_date(text: &str, start: usize, len: usize) -> bool {
    let after = &text[start + len..];
    if after.starts_with(['\'', '’']) {
        return false;
    }
    let rest = after.trim_start_matches(' ');
    let before = text[..start].trim_end();
    let sentence_start =
        before.is_empty() || before.ends_with(['.', '!', '?', '\n', '"', '“', '(', ':']);
    if sentence_start && rest.starts_with(',') {
        return false;
    }
    if rest.is_empty() || rest.starts_with(['.', ',', ';', '!', '?', ')', '"', '”']) {
        return true;
    }
    let word: String = rest
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "in", "at", "on", "with", "by", "for", "from", "to", "and", "till", "until", "through",
    ]
    .contains(&word.as_str())
}

/// Whether a month name's case fits: "may" and "march" in lower case are
/// verbs; other names in lower case are accepted only inside a fuller date.
fn month_case_ok(name: &str, with_number: bool) -> bool {
    if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("may") || lower.starts_with("mar") {
        return with_number;
    }
    true
}

/// The calendar point of an interval side: a calendar as written, or a
/// resolved single day, month or year ("today", "this Friday").
fn calendar_of(parsed: Parsed) -> Option<Calendar> {
    match parsed {
        Parsed::Calendar(c) => Some(c),
        Parsed::Value(DateValue::Point(p), _) => Some(Calendar {
            year: p.year_value(),
            month: p.month_value(),
            day: p.day_value(),
        }),
        Parsed::Value(..) => None,
    }
}

fn partial(c: Calendar) -> Option<PartialDate> {
    match (c.year, c.month, c.day) {
        (y, Some(m), Some(d)) => PartialDate::day(y, m, d),
        (y, Some(m), None) => PartialDate::month(y, m),
        (Some(y), None, None) => Some(PartialDate::year(y)),
        _ => None,
    }
}

fn months_interval(year: i32, first: u8, last: u8) -> Option<Parsed> {
    Some(Parsed::Value(
        DateValue::Interval(
            PartialDate::month(Some(year), first)?,
            PartialDate::month(Some(year), last)?,
        ),
        false,
    ))
}

/// The value of "this year", "last month", "next week", "this quarter",
/// shifted by `shift` units from the publication date.
fn relative_unit(p: Date, unit: &str, shift: i32) -> Option<Parsed> {
    let value = match unit {
        "year" | "yr" => DateValue::Point(PartialDate::year(p.year() + shift)),
        "month" => {
            let d = calendar::add_months(p, shift)?;
            DateValue::Point(PartialDate::month(Some(d.year()), d.month())?)
        }
        "week" => {
            let d = calendar::add_days(p, 7 * i64::from(shift))?;
            let (y, w) = calendar::iso_week(d);
            DateValue::Week(y, w)
        }
        "weekend" => {
            let d = calendar::add_days(p, 7 * i64::from(shift))?;
            let saturday = calendar::add_days(d, 5 - calendar::weekday(d))?;
            let sunday = calendar::add_days(saturday, 1)?;
            DateValue::Interval(saturday.into(), sunday.into())
        }
        _ => {
            let q = i32::from((p.month() - 1) / 3) + shift;
            let (y, q) = (p.year() + q.div_euclid(4), q.rem_euclid(4) as u8);
            DateValue::Interval(
                PartialDate::month(Some(y), q * 3 + 1)?,
                PartialDate::month(Some(y), q * 3 + 3)?,
            )
        }
    };
    Some(Parsed::Value(value, true))
}

/// -1 for "last"/"previous", +1 for "next"/"coming"/"following", else 0.
fn shift_of(word: &str) -> i32 {
    match word.to_ascii_lowercase().as_str() {
        "last" | "previous" | "past" => -1,
        "next" | "coming" | "following" | "upcoming" => 1,
        _ => 0,
    }
}

/// A month and day without a year: the publication year when known.
fn day_match(
    span: Span,
    year: Option<i32>,
    m: u8,
    d: u8,
    published: Option<Date>,
) -> Option<DateMatch> {
    let anchored = year.is_none() && published.is_some();
    let year = year.or(published.map(|p| p.year()));
    Some(DateMatch {
        span,
        value: DateValue::Point(PartialDate::day(year, m, d)?),
        anchored,
    })
}

/// The year of a quarter named without one ("the third quarter", "Q4"): the
/// publication year, unless the quarter would start more than five months
/// after the publication date, when the writer looks back on the last one
/// ("fourth-quarter results" in February).
fn quarter_year(published: Date, quarter: u8) -> i32 {
    let first_month = i32::from(quarter) * 3 - 2;
    if first_month - i32::from(published.month()) > 5 {
        published.year() - 1
    } else {
        published.year()
    }
}

/// A two-digit year: 00–49 in this century, 50–99 in the last ("05/05/89").
fn two_digit_year(yy: i32) -> i32 {
    if yy < 50 {
        2000 + yy
    } else {
        1900 + yy
    }
}

/// Words right before a number that make it a count, a ratio or a score
/// rather than a date.
const NUMBER_CUES: &[&str] = &[
    "odds", "ratio", "ratios", "score", "scores", "scored", "won", "lost", "beat", "at",
];

/// Whether a unit of measure follows, which makes "3/16" a fraction.
fn unit_follows(after: &str) -> bool {
    let word: String = after
        .trim_start_matches([' ', '-'])
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "inch" | "inches" | "mile" | "miles" | "of" | "percent" | "per" | "cup" | "cups"
    )
}

/// The number of days in `month` of `year`.
fn days_in(year: i32, month: u8) -> u8 {
    (28..=31)
        .rev()
        .find(|d| Date::new(year, month, *d).is_some())
        .unwrap_or(28)
}

/// Whether `after` begins with the end of a clause (punctuation or the end).
fn after_is_clause_end(after: &str) -> bool {
    let rest = after.trim_start_matches(' ');
    rest.is_empty() || rest.starts_with(['.', ',', ';', '!', '?', ')', '\n'])
}

/// The month number of a month name or abbreviation.
fn month_number(name: &str) -> Option<u8> {
    const ABBR: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?;
    ABBR.iter()
        .position(|a| a.eq_ignore_ascii_case(prefix))
        .map(|i| i as u8 + 1)
}

/// Monday 0 … Sunday 6.
fn weekday_number(name: &str) -> Option<i64> {
    const ABBR: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let prefix = name.get(..3)?;
    ABBR.iter()
        .position(|a| a.eq_ignore_ascii_case(prefix))
        .map(|i| i as i64)
}

/// A number written with digits (an ordinal suffix allowed) or an ordinal
/// day word ("second", "twenty first").
fn day_or_number(s: &str) -> Option<i32> {
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return s.trim_end_matches(char::is_alphabetic).parse().ok();
    }
    const UNITS: [&str; 19] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    let lower = s.to_ascii_lowercase();
    let (tens, rest) = if let Some(r) = lower.strip_prefix("twenty") {
        (20, r)
    } else if let Some(r) = lower.strip_prefix("thirty") {
        (30, r)
    } else {
        (0, lower.as_str())
    };
    let rest = rest.trim_start_matches(['-', ' ']);
    if rest.is_empty() || rest == "ieth" {
        return (tens > 0).then_some(tens);
    }
    UNITS
        .iter()
        .position(|u| *u == rest)
        .or_else(|| CARDINALS.iter().position(|u| *u == rest))
        .map(|i| tens + i as i32 + 1)
}

/// The cardinal number words one to nineteen.
const CARDINALS: [&str; 19] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// Whether a day written as `s` is a cardinal number word ("fifteen",
/// "twenty one") rather than digits or an ordinal.
fn is_cardinal_day(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let last = lower.rsplit(['-', ' ']).next().unwrap_or("");
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && (CARDINALS.contains(&last) || last == "twenty" || last == "thirty")
}

/// Whether what follows a mention ends it: the end of a clause or a word
/// that begins a new phrase (a preposition, a conjunction), not a noun the
/// number would count ("May twenty one firms").
fn phrase_ends(after: &str) -> bool {
    if after_is_clause_end(after) {
        return true;
    }
    let word: String = after
        .trim_start_matches(' ')
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "in", "at", "on", "with", "by", "for", "from", "to", "and", "or", "till", "until",
        "through", "when", "after", "before", "during",
    ]
    .contains(&word.as_str())
}

fn ordinal(word: &str) -> Option<u8> {
    match word.to_ascii_lowercase().as_str() {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" => Some(4),
        "fifth" | "5th" => Some(5),
        _ => None,
    }
}

fn count(word: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let lower = word.to_ascii_lowercase();
    if lower == "a" || lower == "an" {
        return Some(1);
    }
    WORDS
        .iter()
        .position(|w| *w == lower)
        .map(|i| i as i64)
        .or_else(|| lower.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dates are looked for in the body only: what `find` gives equals a
    /// reading of the whole page kept to the sentences, and a date in the
    /// furniture (an archive link) is not read.
    #[test]
    fn find_reads_the_body_only() {
        use dealx_core::{Sentence, SentenceIdx};
        let dates = DateExtractor::new();
        let menu = "Archive: 12 March 2019 | Markets\n";
        let story = "The plant opens in May 2025. Talks began on 3 June.";
        let footer = "\nUpdated 14:05, 4 June 2024";
        let text = format!("{menu}{story}{footer}");
        let (start, end) = (menu.len(), menu.len() + story.len());
        let mut sentences = Vec::new();
        let mut at = start;
        for piece in story.split_inclusive(". ") {
            sentences.push(Sentence {
                span: Span::new(at, at + piece.trim_end().len()),
                index: SentenceIdx::new(sentences.len()),
            });
            at += piece.len();
        }
        let body = Segmentation {
            body: vec![Span::new(start, end)],
            sentences,
            articles: Vec::new(),
        };
        let whole = Segmentation {
            body: vec![Span::new(0, text.len())],
            ..body.clone()
        };
        let published = Date::new(2025, 1, 10);
        let found = dates.find(&text, &body, published);
        assert_eq!(found, dates.find(&text, &whole, published));
        let read: Vec<&str> = found.iter().map(|d| &text[d.span]).collect();
        assert_eq!(read, ["May 2025", "3 June"]);
    }

    #[test]
    fn extractor_is_send_sync_and_unwind_safe() {
        fn check<T: Send + Sync + std::panic::UnwindSafe>() {}
        check::<DateExtractor>();
        check::<DateMatch>();
    }

    /// Strings of my own for the point parser: one or more per alternative,
    /// and some that none takes.
    const POINTS: &[&str] = &[
        "March 5, 2024",
        "Tuesday, the 5th of March 2024",
        "5 March",
        "March 2024",
        "2024 March",
        "the month of June",
        "June next year",
        "2024-03-05",
        "2024/Mar/05",
        "Mar-05",
        "5-Mar",
        "05.03.2024",
        "3/5/24",
        "11/12,2016",
        "3/2024",
        "2024-3",
        "the first two quarters of 2023",
        "2023 third quarter",
        "next year's first quarter",
        "Q3 2024",
        "2024Q3",
        "Q4",
        "H1 2025",
        "2025 H2",
        "the second half of 2022",
        "the last week of May",
        "the week of June 3",
        "w/c June 3",
        "rest of the year",
        "the end of July, 2021",
        "mid-2024",
        "late next week",
        "the early 1990s",
        "next summer",
        "spring of 2020",
        "three days ago",
        "the day after tomorrow",
        "the 5th day of next month",
        "the last day of February 2024",
        "Christmas Eve 2023",
        "earlier this year",
        "year-to-date",
        "two Fridays ago",
        "next week on Friday",
        "next quarter",
        "this March",
        "the second Tuesday of May 2024",
        "the last Friday of this month",
        "Friday, the fifteenth",
        "next Friday",
        "the 3rd",
        "4/22",
        "May",
        "2024",
        "May twenty one",
        "Sept. 9",
        "not a date",
        "",
        "12 13 14",
    ];

    /// The lazy DFA picks the alternative the meta regex built from the
    /// same trees picked, for every piece of every scan match of the
    /// interval texts and for the point strings.
    #[test]
    fn point_chooser_picks_what_the_meta_regex_picked() {
        let dates = DateExtractor::new();
        let meta_point = meta::Regex::builder()
            .build_many_from_hir(&dates.point_trees)
            .unwrap();
        let mut pieces: Vec<String> = POINTS.iter().map(|s| s.to_string()).collect();
        for text in interval_texts() {
            let mut pos = 0;
            while let Some(m) = dates.scan.find(Input::new(&text).span(pos..text.len())) {
                let bounds: Vec<usize> = (m.start()..=m.end())
                    .filter(|&i| text.is_char_boundary(i))
                    .collect();
                for (k, &a) in bounds.iter().enumerate() {
                    for &b in &bounds[k..] {
                        pieces.push(text[a..b].to_string());
                    }
                }
                pos = m.end().max(m.start() + 1);
                while !text.is_char_boundary(pos) {
                    pos += 1;
                }
            }
        }
        pieces.sort();
        pieces.dedup();
        let mut matched = 0;
        for s in &pieces {
            let want = meta_point.find(s.as_str()).map(|m| m.pattern());
            assert_eq!(dates.point().which(s), want, "{s:?}");
            matched += usize::from(want.is_some());
        }
        assert!(matched > 500, "{matched} of {}", pieces.len());
    }

    /// The list of named groups finds, for every name of the grammar, what
    /// the group table's look-up by name finds, in every alternative's
    /// match of the point strings.
    #[test]
    fn named_groups_find_what_the_names_find() {
        let whole = Regex::new(&format!(r"(?xi-u)^(?:{})$", grammar::point_pattern())).unwrap();
        let names: Vec<&str> = whole.capture_names().flatten().collect();
        let dates = DateExtractor::new();
        let mut found = 0;
        for s in POINTS {
            let Some(which) = dates.point().which(s) else {
                continue;
            };
            let alternative = meta::Regex::new(&dates.point_alternatives[which].0).unwrap();
            let mut caps = alternative.create_captures();
            alternative.captures(*s, &mut caps);
            let groups = named_groups(&caps, s);
            for name in &names {
                let listed = groups.iter().find(|(g, _)| g == name).map(|&(_, t)| t);
                let looked_up = caps.get_group_by_name(name).map(|m| &s[m.range()]);
                assert_eq!(listed, looked_up, "{s}: {name}");
                found += usize::from(listed.is_some());
            }
        }
        assert!(found > 80, "{found}");
    }

    #[test]
    fn groups_read_by_one_alternative_equal_the_whole_patterns() {
        let whole = Regex::new(&format!(r"(?xi-u)^(?:{})$", grammar::point_pattern())).unwrap();
        let dates = DateExtractor::new();
        let names: Vec<&str> = whole.capture_names().flatten().collect();
        assert!(names.len() > 100);
        let mut matched = 0;
        for s in POINTS {
            let expected = whole.captures(s);
            let which = dates.point().which(s).map(|p| p.as_usize());
            assert_eq!(expected.is_some(), which.is_some(), "{s}");
            let (Some(expected), Some(which)) = (expected, which) else {
                continue;
            };
            matched += 1;
            let alternative = meta::Regex::new(&dates.point_alternatives[which].0).unwrap();
            let mut caps = alternative.create_captures();
            alternative.captures(*s, &mut caps);
            for name in &names {
                let got = caps.get_group_by_name(name).map(|m| m.range());
                assert_eq!(got, expected.name(name).map(|m| m.range()), "{s}: {name}");
            }
        }
        assert!(matched > 40);
    }

    /// Texts for the equivalence tests: my own sentences, the testkit's
    /// news pieces run together, and the benchmark texts (the bundled
    /// corpus, or every text under `DEALX_BENCH_TEXT`).
    pub(crate) fn texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "From March 5 to 9, 2024 the fair ran; between 2001 and 2010 it grew.",
            "Talks on 4.22 and on 22nd failed. November between 19 and 20, then 12-13 June.",
            "This Friday (Jun-15) and Fri 2018-7-6, next week from Monday to Wednesday.",
            "3 to 5 next month, the end of July 2021, mid-2024, Q3 2024 and H1 2025.",
            "The 1990s, from 2019-2023, January-September, from 10/1 to 11/7, 24/7.",
            "On 5 December 1500 workers marched; in May twenty one firms signed.",
            "Updated : 2025-02-25 13:35:16, Mon. Sept. 9, the 3rd, this spring.",
            "ASTANA, Kazakhstan, November 27. — Élan d’été 2024, Ünal 2023 and 中国 2022.",
            "two Fridays ago, the day after tomorrow, year-to-date, Christmas Eve 2023",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let pieces = dealx_testkit::NEWS_PIECES;
        for step in 1..=7 {
            let mixed: String = (0..pieces.len() * 3)
                .map(|i| pieces[(i * step) % pieces.len()])
                .collect();
            texts.push(mixed);
        }
        texts.extend(dealx_testkit::bench_texts());
        texts
    }

    /// The scan pattern built as before (a `regex::Regex` with the default
    /// meta configuration) and as now (no automatic prefilter) must find
    /// the same matches with the same groups, at every position the
    /// extractor searches from.
    #[test]
    fn composed_scan_equals_the_parsed_pattern() {
        let parsed = regex_automata::util::syntax::parse(&grammar::scan_pattern()).unwrap();
        let (composed, _) = compose_scan();
        assert!(composed == parsed, "the composed scan tree differs");
        // The holes were there to fill.
        assert_eq!(
            grammar::scan_skeleton().matches(grammar::HOLE_NAME).count(),
            5
        );
    }

    #[test]
    fn scan_without_prefilter_matches_as_the_plain_regex() {
        let plain = Regex::new(&grammar::scan_pattern()).unwrap();
        let dates = DateExtractor::new();
        let names: Vec<&str> = plain.capture_names().flatten().collect();
        let mut seen = 0;
        for text in texts() {
            let mut pos = 0;
            while pos <= text.len() {
                let want = plain.find_at(&text, pos).map(|m| m.range());
                let got = dates
                    .scan
                    .find(Input::new(&text).span(pos..text.len()))
                    .map(|m| m.range());
                assert_eq!(got, want, "{text:?} from {pos}");
                let Some(found) = want else { break };
                let expected = plain.captures_at(&text, found.start).unwrap();
                let mut slots = dates.scan.create_captures();
                dates
                    .scan
                    .search_captures(&Input::new(&text).span(found.start..text.len()), &mut slots);
                for name in &names {
                    assert_eq!(
                        slots.get_group_by_name(name).map(|s| s.range()),
                        expected.name(name).map(|m| m.range()),
                        "{:?}: {name}",
                        &text[found.clone()]
                    );
                }
                seen += 1;
                pos = found.start + 1;
                while !text.is_char_boundary(pos) {
                    pos += 1;
                }
            }
        }
        assert!(seen > 100, "{seen} matches");
    }

    #[test]
    fn a_date_at_the_start_is_the_first_match_when_it_starts_at_0() {
        let dates = DateExtractor::new();
        for s in POINTS.iter().map(|p| p.to_string()).chain([
            "may have grown by 2024".to_string(),
            " March 5, 2024".to_string(),
            "-March 5".to_string(),
            "from March 5 to 9, 2024 the fair".to_string(),
            "on 5th the market".to_string(),
        ]) {
            let expected = dates
                .find_iter(&s, None)
                .next()
                .filter(|m| m.span.start() == 0);
            assert_eq!(dates.find_at_start(&s), expected, "{s}");
        }
    }

    #[test]
    fn whole_alternatives_equal_the_parsed_parse_patterns() {
        let (_, point) = compose_scan();
        let built = whole_alternatives(point);
        let patterns = grammar::parse_patterns();
        assert_eq!(built.len(), patterns.len());
        for (i, (tree, pattern)) in built.iter().zip(&patterns).enumerate() {
            let parsed =
                regex_automata::util::syntax::parse(&grammar::strip_names(pattern)).unwrap();
            assert!(*tree == parsed, "alternative {i}: {pattern}");
        }
    }

    /// Sentences of my own that put dates where a prefilter could go wrong:
    /// at the very start and end of the text, next to non-ASCII letters,
    /// inside numbers and words, after long rows of lead words, with
    /// anchors the grammar reads in odd places ("quarterly", "Mondays",
    /// "from now to now").
    fn prefilter_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "2024",
            "May 5",
            "in May",
            "now",
            "from now to now",
            "between now and now, 2025",
            "from nowtonow",
            "March 5, 2024",
            "The fair opened March 5, 2024",
            "éMarch 5, 2024é and ü2024ü, Ünal 3 May 2023ß",
            "Élan d’été 2024, Ümay 5, März 2024, 5 Marché, Dezember 2023, 中国2022年",
            "x2024y v2.2024 12,2024.5 1.2024 +82 2024 5264 $2025 №2024 #2024",
            "the the the the the first two quarters of 2024 and the the end of the year",
            "from the end of the year to the start of next year",
            "twenty first of the next month; the twenty-first of March; thirtieth of May",
            "a day ago, an hour ago, one week hence, two Mondays ago, three Fridays from now",
            "third quarterly report, the second-quarter results, next year's first quarter",
            "rest of the current year, w/c June 3, the week of June 3rd",
            "earlier this year, later in the month, early next week, mid-2024, late-May",
            "Christmas Eve, New Year's Day, new year's eve, Valentine's Day, Nauryz 2024",
            "this spring, the fall of 2020, last winter, upcoming quarter, following year",
            "on 4.22, on 22nd, on Tuesday, sun, Sat., Mon. Sept. 9, wed, Wed",
            "Friday 7/5, this Friday (Jun-14), friday 2018-7-6, Fri-Jun-15",
            "Q3 2024, 2024Q3, H1 2025, 2025 H2, Q4, q1 this year, the 1990s, early 2000s",
            "from 10/1 to 11/7, January-September, 12-13 June, 2019-2023, from 2019-2023",
            "between 2001 and 2010; November between 19 and 20; 3 to 5 next month",
            "market markets Marsh mayor maybe Monaco decade sunny saturation octopus",
            "yesterday, today, tomorrow, the day before yesterday, the day after tomorrow",
            "year-to-date, year to date, the year to date, weekend, the next weekend",
            "the last day of February 2024, the last Friday of this month, the 3rd",
            "_2024_ 2024_ _May May_ a_b 5_ Jan_5",
            "-March 5 , 2024- (May 5) [2024] \"June 3\" 'July 4' June\u{a0}3 June\t3 June\n3",
            "ends with a year 2024",
            "ends with a month Dec.",
            "ends with a lead word: from the",
            "the of in my c 2024 and in of 2025",
            "first second Viewing results 1 - 6 of 8, May 5",
            "the first the",
            "early  \n\t late 2024",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every point of the parser's own list after and before each kind
        // of lead, as a side of a range and alone at the edges.
        for p in POINTS {
            for lead in ["", "from ", "between the ", "on ", "the ", "early ", "é"] {
                texts.push(format!("{lead}{p}"));
                texts.push(format!("{lead}{p} to {p}"));
                texts.push(format!("It was {lead}{p}, then {p}ü."));
            }
        }
        texts.extend(tests::texts());
        texts
    }

    /// The prefiltered scan finds, from every position of every text, the
    /// match the full scan finds there: a new cursor from each position,
    /// and one cursor walking each text as `matches` does (on from just
    /// after a match's start, as after a candidate that fails, or from its
    /// end, as after a mention).
    #[test]
    fn prefiltered_scan_finds_what_the_full_scan_finds() {
        let dates = DateExtractor::new();
        let full = |text: &str, pos: usize| dates.scan.find(Input::new(text).span(pos..text.len()));
        let mut found = 0;
        for text in prefilter_texts() {
            let text = text.as_str();
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                let got =
                    starts::Cursor::default().next_match(&dates.anchors, &dates.scan, text, pos);
                assert_eq!(got, full(text, pos), "{text:?} from {pos}");
            }
            for step_to_end in [false, true] {
                let mut cursor = starts::Cursor::default();
                let mut pos = 0;
                while pos <= text.len() {
                    let want = full(text, pos);
                    let got = cursor.next_match(&dates.anchors, &dates.scan, text, pos);
                    assert_eq!(got, want, "{text:?} walking from {pos}");
                    let Some(m) = want else { break };
                    found += 1;
                    pos = if step_to_end && m.end() > m.start() {
                        m.end()
                    } else {
                        m.start() + 1
                    };
                    while !text.is_char_boundary(pos) {
                        pos += 1;
                    }
                }
            }
        }
        assert!(found > 1000, "{found} matches");
    }

    /// Interval texts of my own: every connector, odd spacing, dashes,
    /// relative months and weeks, years after, and non-ASCII letters next
    /// to them.
    fn interval_texts() -> Vec<String> {
        let sides = [
            "2019",
            "2023",
            "June 12",
            "12 June",
            "13",
            "the 3rd",
            "March",
            "May 2025",
            "Q1",
            "Q3 2024",
            "now",
            "Friday",
            "10/1",
            "the end of the year",
            "mid-2024",
            "2024-03-05",
            "Sept. 9",
            "the first quarter",
            "next week",
            "20th",
        ];
        let connectors = [
            "-",
            "–",
            "—",
            " - ",
            " – ",
            "  to  ",
            " to ",
            "to",
            " until ",
            " till ",
            " through ",
            " thru ",
            " and ",
            "-\n",
            " TO ",
        ];
        let heads = [
            "",
            "from ",
            "From ",
            "between ",
            "Between ",
            "this week from ",
            "next week between ",
            "last week from ",
            "on ",
            "Monday ",
            "é",
            "x",
            "über ",
            "June ",
            "the ",
        ];
        let tails = [
            "",
            ", 2024",
            " 2024",
            " this month",
            " of next month",
            " in last month",
            ".",
            "é",
            " ü",
            "-year",
            "%",
            ",2025",
            " next month",
            " between 19 and 20",
        ];
        let mut texts = Vec::new();
        for (i, head) in heads.iter().enumerate() {
            for (j, a) in sides.iter().enumerate() {
                for (k, c) in connectors.iter().enumerate() {
                    // Every head, side and connector; the other side and the
                    // tail vary with them, so the list stays a few thousand.
                    let b = sides[(i + 3 * j + 7 * k) % sides.len()];
                    let tail = tails[(2 * i + j + k) % tails.len()];
                    texts.push(format!("{head}{a}{c}{b}{tail}"));
                }
            }
        }
        for t in [
            "from 2019-2023",
            "June 12-13, 2024",
            "between March and May 2025",
            "Q1–Q3 2024",
            "2020 to 2022",
            "from  2019 –2023 ,  2024",
            "12 to 16 September",
            "from 3 until 12 of Sept",
            "from February through May 2022",
            "5-7 this month",
            "12 - 16 of next month",
            "November between 19 and 20",
            "on 4-22 and on 22nd",
            "Friday 7/5 - Sunday 7/7",
            "DE 12–13 JUNE, 2024 ÜBER",
            "中国 from 2019-2023 年, 2019—2023 and 2019 − 2023",
        ] {
            texts.push(t.to_string());
        }
        texts.extend(dealx_testkit::NEWS_PIECES.iter().map(|s| s.to_string()));
        texts.extend(prefilter_texts());
        texts
    }

    /// The names of the scan's capture groups, in group order.
    fn scan_group_names(dates: &DateExtractor) -> Vec<&str> {
        dates
            .scan
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
            .flatten()
            .collect()
    }

    /// The scan pattern's anchored match at each character boundary of
    /// `text` where one starts, with that start.
    fn anchored_scan_matches<'a>(
        dates: &'a DateExtractor,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, regex_automata::Match)> + 'a {
        (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .filter_map(move |start| {
                let input = Input::new(text)
                    .span(start..text.len())
                    .anchored(Anchored::Yes);
                dates.scan.search(&input).map(|m| (start, m))
            })
    }

    /// The groups read on a scan match's span equal those read by a search
    /// from its start to the end of the text, for the scan match at every
    /// start of every text; and the matches found read the same.
    #[test]
    fn groups_read_on_the_span_equal_those_read_to_the_end() {
        let dates = DateExtractor::new();
        let names = scan_group_names(&dates);
        assert!(names.contains(&"ia") && names.contains(&"pt"), "{names:?}");
        // How many matches each alternative took, by a group it always
        // sets ("on" sets one of two).
        let firsts = [
            &["ia"][..],
            &["xa"],
            &["wx"],
            &["on", "ond"],
            &["nbm"],
            &["ra"],
            &["da"],
            &["pt"],
        ];
        let mut took = [0usize; 8];
        for text in interval_texts() {
            for (start, m) in anchored_scan_matches(&dates, &text) {
                let old = dates.scan_groups_to_end(&text, start);
                let new = dates.scan_groups(&text, m.start(), m.end());
                assert_eq!(new.get_group(0), old.get_group(0), "{text:?} at {start}");
                for name in &names {
                    assert_eq!(
                        new.get_group_by_name(name),
                        old.get_group_by_name(name),
                        "{name} in {text:?} at {start}"
                    );
                }
                let first = firsts
                    .iter()
                    .position(|ns| ns.iter().any(|n| new.get_group_by_name(n).is_some()));
                took[first.expect("every match took an alternative")] += 1;
            }
        }
        // The texts reach every alternative of the scan pattern.
        assert!(took.iter().all(|&n| n > 3), "{took:?}");
    }

    /// The name look-ups compare in place; the answers are those of
    /// comparing lower-cased copies, as they did before.
    #[test]
    fn name_lookups_in_place_agree_with_lower_cased_copies() {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let number = |list: &[&str], w: &str| {
            let prefix = w.get(..3)?.to_ascii_lowercase();
            list.iter().position(|a| *a == prefix)
        };
        let mut words: Vec<String> = Vec::new();
        for w in [
            "January",
            "JAN",
            "jan.",
            "Sept",
            "SEPT.",
            "sep",
            "september",
            "Septembre",
            "Mayor",
            "may",
            "Mon",
            "monday",
            "TUES",
            "Tue.",
            "thurs",
            "thu",
            "Sun",
            "sunny",
            "ja",
            "",
            "Jän",
            "mäy",
            "ﬁri",
            "Déc",
            "dec",
            "Dece",
            "ju",
            "Juni",
            "FRIDAY",
            "sat.",
        ] {
            words.push(w.to_string());
            words.push(w.to_ascii_uppercase());
            words.push(format!("{w}."));
        }
        for w in &words {
            assert_eq!(
                month_number(w),
                number(&MONTHS, w).map(|i| i as u8 + 1),
                "{w}"
            );
            assert_eq!(weekday_number(w), number(&DAYS, w).map(|i| i as i64), "{w}");
        }
        let (mut months, mut days) = (0, 0);
        for w in &words {
            months += usize::from(month_name(w).is_some());
            days += usize::from(is_weekday_name(w));
        }
        assert!(months > 20 && days > 20, "{months} {days}");
        // Spelled-out checks of the whole-name tests.
        assert_eq!(month_name("SEPT."), Some(9));
        assert_eq!(month_name("Septembre"), None);
        assert_eq!(month_name("Dece"), None);
        assert!(is_weekday_name("TUES.") && !is_weekday_name("sunny"));
    }

    #[test]
    fn word_byte_table_is_the_ascii_word_class() {
        for b in 0..=255u8 {
            assert_eq!(
                starts::is_word(b),
                b.is_ascii_alphanumeric() || b == b'_',
                "{b}"
            );
        }
    }

    /// The one-pass match tests answer as the plain ones, on every scan
    /// match of the equivalence texts and on words and pieces of words
    /// around each connector.
    #[test]
    fn match_kind_tests_agree_with_the_plain_ones() {
        let dates = DateExtractor::new();
        let mut samples: Vec<String> = Vec::new();
        for text in interval_texts().into_iter().chain(shape_texts()) {
            let mut pos = 0;
            while let Some(m) = dates.scan.find(Input::new(&text).span(pos..text.len())) {
                samples.push(text[m.range()].to_string());
                pos = m.start() + 1;
                while !text.is_char_boundary(pos) {
                    pos += 1;
                }
            }
        }
        let pieces = [
            "-", "–", " to ", " TO ", " and ", " And ", "through", "THRU", "thr", "until", "Until",
            "till", "til", "from ", "From ", "from", "between ", "betweenx", " to", "to ", " an d",
            "on", "On", "this", "Next", "last", "coming", "mon", "Tuesday", "Sat.", "su", "7",
            "2024", "—", "é", "中",
        ];
        for a in pieces {
            for b in pieces {
                samples.push(format!("{a}{b}"));
                samples.push(format!("{a} {b} 5"));
                samples.push(format!("x{a}{b}x"));
            }
        }
        assert!(samples.len() > 2000, "{}", samples.len());
        let mut points = 0;
        for s in &samples {
            assert_eq!(plainly_a_point(s), plainly_a_point_plain(s), "{s:?}");
            assert_eq!(
                weekday_or_on_with_number(s),
                weekday_or_on_with_number_plain(s),
                "{s:?}"
            );
            points += usize::from(plainly_a_point(s));
        }
        assert!(points > 100 && points < samples.len() - 100, "{points}");
    }

    /// Texts that put the common interval shapes of `shapes.rs` (and texts
    /// that come close to them) between every kind of neighbour.
    fn shape_texts() -> Vec<String> {
        let bodies = [
            "2019-2023",
            "1800-2100",
            "1799-1800",
            "2100-2101",
            "2023-2019",
            "2019-20",
            "2019-12",
            "2019-2023-2024",
            "June 12-13",
            "June 12-13, 2024",
            "Jun 1-31",
            "sept 3-4, 1999",
            "SEPTEMBER 3-4, 1800",
            "May 12-13, 2150",
            "may 12-13",
            "March 05-06",
            "March 5-06",
            "Dec 30-31, 2100",
            "JULY 9-10, 1850",
            "June 12-13 June",
            "June 12-13, 2024-2025",
            "June 12-32",
            "June 0-3",
            "Sept. 3-4",
            "June  12-13",
            "Oct 3-4,2024",
            "Monday 3-4",
        ];
        let prefixes = [
            "",
            "from ",
            "From ",
            "FROM ",
            "between ",
            "on ",
            "the ",
            "x",
            "é",
            "1",
            "-",
            "June ",
            "next week from ",
            "Q3 ",
            "12 ",
        ];
        let suffixes = [
            "",
            ".",
            ",",
            " 2024",
            ", 2024",
            "-2025",
            "s",
            "th",
            " next month",
            " of this month",
            "/5",
            " to 2030",
            "é",
            " June",
            " of June",
            "1",
            " and 2030",
            "–2031",
        ];
        let mut texts = Vec::new();
        for b in bodies {
            for p in prefixes {
                for x in suffixes {
                    texts.push(format!("{p}{b}{x}"));
                }
            }
        }
        texts
    }

    /// The groups `shapes::common_interval` reads by hand equal those the
    /// scan's backtracker reads, at every scan match (from every start) of
    /// texts with the shapes in every setting and of the crate's other
    /// equivalence texts.
    #[test]
    fn common_intervals_read_as_the_backtracker_reads_them() {
        let dates = DateExtractor::new();
        let names = scan_group_names(&dates);
        let mut shaped = std::collections::BTreeSet::new();
        let mut texts = shape_texts();
        texts.extend(interval_texts());
        for text in texts {
            for (start, m) in anchored_scan_matches(&dates, &text) {
                let Some(groups) = shapes::common_interval(&text, m.start(), m.end()) else {
                    continue;
                };
                let slots = dates.scan_groups(&text, m.start(), m.end());
                let fast = ScanCaptures {
                    text: &text,
                    groups: ScanGroups::Shape(m.span(), groups),
                };
                let range = |g: Option<Group<'_>>| g.map(|g| g.start()..g.end());
                assert_eq!(
                    range(fast.get(0)),
                    slots.get_group(0).map(|s| s.range()),
                    "{text:?} at {start}"
                );
                for name in &names {
                    assert_eq!(
                        range(fast.name(name)),
                        slots.get_group_by_name(name).map(|s| s.range()),
                        "{name} in {text:?} at {start}"
                    );
                }
                shaped.insert(text[m.range()].to_string());
            }
        }
        // Each shape, with and without its year or "from", was read.
        for s in [
            "2019-2023",
            "from 2019-2023",
            "From 2019-2023",
            "June 12-13",
            "June 12-13, 2024",
            "sept 3-4, 1999",
            "1800-2100",
        ] {
            assert!(shaped.contains(s), "{s} never read by hand: {shaped:?}");
        }
    }

    /// The mentions found with the prefilter equal those of the full scan,
    /// with and without a publication date, and at the start of each text.
    #[test]
    fn find_iter_with_and_without_the_prefilter_agree() {
        let dates = DateExtractor::new();
        let published: Date = "2024-06-12".parse().unwrap();
        let mut mentions = 0;
        for text in prefilter_texts() {
            for p in [None, Some(published)] {
                let fast: Vec<DateMatch> = dates
                    .matches(&text, p, false, Scan::Prefiltered, &[])
                    .collect();
                let full: Vec<DateMatch> =
                    dates.matches(&text, p, false, Scan::Full, &[]).collect();
                assert_eq!(fast, full, "{text:?}");
                mentions += fast.len();
            }
            let fast: Vec<DateMatch> = dates
                .matches(&text, None, true, Scan::Prefiltered, &[])
                .collect();
            let full: Vec<DateMatch> = dates.matches(&text, None, true, Scan::Full, &[]).collect();
            assert_eq!(fast, full, "{text:?} at the start");
        }
        assert!(mentions > 1000, "{mentions} mentions");
    }

    /// The anchor words the rows find are the words that hold a match of
    /// the anchor pattern, as its regex finds them one after another.
    #[test]
    fn anchor_words_are_the_words_the_regex_finds() {
        let dates = DateExtractor::new();
        let anchor = Regex::new(&starts::anchor_pattern()).unwrap();
        let mut words = 0;
        for text in prefilter_texts() {
            let b = text.as_bytes();
            let mut expected = Vec::new();
            let mut from = 0;
            while let Some(m) = anchor.find_at(&text, from) {
                let (mut start, mut end) = (m.end() - 1, m.end());
                while start > 0 && starts::is_word(b[start - 1]) {
                    start -= 1;
                }
                while end < b.len() && starts::is_word(b[end]) {
                    end += 1;
                }
                expected.push((start, end));
                from = end;
            }
            assert_eq!(dates.anchors.words(&text, text.len()), expected, "{text:?}");
            words += expected.len();
        }
        assert!(words > 500, "{words} anchor words");
    }

    /// What the prefilter relies on, checked on every match of the scan
    /// pattern over the texts: the match starts a word, and every word of
    /// it before its first anchor is a lead word.
    #[test]
    fn every_match_holds_an_anchor_after_lead_words() {
        let dates = DateExtractor::new();
        let anchor = Regex::new(&starts::anchor_pattern()).unwrap();
        let word = Regex::new(r"[A-Za-z0-9_]+").unwrap();
        let mut checked = 0;
        for text in prefilter_texts() {
            let mut pos = 0;
            while let Some(m) = dates.scan.find(Input::new(&text).span(pos..text.len())) {
                let b = text.as_bytes();
                assert!(
                    m.start() == 0 || !starts::is_word(b[m.start() - 1]),
                    "{text:?}"
                );
                assert!(starts::is_word(b[m.start()]), "{text:?}");
                let first = word.find(&text[m.start()..]).unwrap();
                assert!(
                    !starts::never_starts(first.as_str().as_bytes()),
                    "{:?} starts {:?}",
                    first.as_str(),
                    &text[m.range()]
                );
                // The words that start inside the match, whole.
                let mut words = word
                    .find_iter(&text[m.start()..])
                    .take_while(|w| w.start() < m.len());
                let held = words.any(|w| {
                    let is_anchor = anchor.is_match(w.as_str());
                    assert!(
                        is_anchor || starts::is_lead(w.as_str().as_bytes()),
                        "{:?} in {:?}",
                        w.as_str(),
                        &text[m.range()]
                    );
                    is_anchor
                });
                assert!(held, "no anchor in {:?}", &text[m.range()]);
                checked += 1;
                pos = m.start() + 1;
                while !text.is_char_boundary(pos) {
                    pos += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked} matches");
    }
}
