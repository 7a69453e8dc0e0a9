//! The money stage: sums of money in text, with exact values, ISO 4217
//! currencies and US dollar values from a dated rates table.
//!
//! This crate owns money patterns, the currency and rate tables
//! (`data/currency_forms.tsv`, `data/rates.tsv`, built by
//! `data/build/build.py` from CLDR, ISO 4217 and the ECB reference rates;
//! see `data/SOURCES.md`) and value normalisation. It does no I/O and knows
//! nothing of entities or dates beyond the publication date it is given.
//!
//! # Overview
//!
//! [`MoneyExtractor`] is built once (it compiles one regex) and
//! [`MoneyExtractor::find`] returns the [`Amount`]s of a segmented document.
//! It reads:
//!
//! - a currency symbol or ISO code before the number, with or without a
//!   space: `$1.7 billion`, `US$4.7 billion`, `C$ 300 million`, `€20m`,
//!   `USD 500 million`, `USD34.6 million`, `₸5 bn`;
//! - a symbol, code, currency word or sub-unit after it: `10$`, `100₾`,
//!   `500mn USD`, `283 billion yuan`, `40 billion Kazakhstani tenges`,
//!   `2 million US dollars`, `50 cents`;
//! - numbers with thousands separators (`8,000`, `1 000`, `1.000.000`),
//!   decimals, and spelled numbers (`two billion dollars`, `a billion
//!   euros`, `five million yen`);
//! - scale words and abbreviations in any case (`thousand`, `million`,
//!   `Billion`, `trillion`, `lakh`, `crore`, `k`, `m`, `mn`, `mln`, `bn`,
//!   `bln`, `b`, `tn`, `trln`);
//! - a qualifier just before the sum (`over`, `more than`, `topping`,
//!   `about`, `nearly`, `up to`, `at least`, …);
//! - ranges (`$2-3 billion`, `between $4 and $6 billion`, `from 40 to 55
//!   billion tenge`): two amounts sharing scale and currency, linked by
//!   [`Amount::range_with`];
//! - one sum in two currencies (`8,000 yuan ($1,104)`, `£5 billion (5.8
//!   billion euros, $6.4 billion)`): separate amounts linked by
//!   [`Amount::same_as`].
//!
//! # Ambiguity is made visible
//!
//! A bare `$` or `dollars` is read as US dollars unless the document writes
//! its dollars as one other dollar currency (`C$`, `Canadian dollars`,
//! `S$`, `HK$`) and never as US dollars; `manat` is the Azerbaijani or the
//! Turkmen manat by the country the document names most (a short built-in
//! list of country names, capitals and adjectives; the stage does not
//! depend on the gazetteer). Either way [`Amount::currency_assumed`] is
//! `true`, as it is for every other form with several candidate currencies
//! (`¥`, `£`, `rupees`, `francs`).
//!
//! # US dollars
//!
//! `usd` is the value times the rate of the document's publication date or
//! the nearest earlier date in the table, recorded in
//! [`Amount::usd_rate_date`]. With no publication date or no rate, `usd` is
//! `None` (never a guess); US dollar amounts have `usd == value`.
//!
//! # Example
//!
//! ```
//! use dealx_money::MoneyExtractor;
//!
//! let money = MoneyExtractor::new();
//! let text = "Investments topping $1.7 billion and 283 billion yuan.";
//! let found: Vec<(&str, String, String)> = money
//!     .find_iter(text)
//!     .map(|m| (&text[m.span], m.value.to_string(), m.currency.to_string()))
//!     .collect();
//! assert_eq!(found, [
//!     ("$1.7 billion", "1700000000".into(), "USD".into()),
//!     ("283 billion yuan", "283000000000".into(), "CNY".into()),
//! ]);
//! ```

mod number;
mod tables;

use dealx_core::{Amount, AmountIdx, Currency, Date, Decimal, Qualifier, Segmentation, Span};
use regex::Regex;
use regex_automata::meta;
use regex_automata::util::captures::Captures as Slots;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Hir;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use tables::{Form, FormKind, Rates};

/// The groups of one match of the money pattern, read like
/// `regex::Captures`.
struct Captures<'t, 's> {
    text: &'t str,
    slots: &'s Slots,
    /// The group index of each name of [`GROUP_NAMES`] in `slots`' regex.
    index: &'s GroupIndex,
}

/// The names of the money pattern's groups (the tail pattern's apart).
const GROUP_NAMES: [&str; 25] = [
    "pre", "n1", "s1", "r1", "pre1b", "r1w", "pre1w", "n1b", "s1b", "n2", "s2", "r2", "n2b", "s2b",
    "word", "sub", "code", "sym", "n3", "s3", "r3", "n3b", "s3b", "word3", "sub3",
];

/// The place of `name` in [`GROUP_NAMES`]: a `match`, where looking the name
/// up in the regex's own name map hashed it (SipHash) on every read, some
/// twenty times per sum. Inlined, as is [`Captures::name`], so that a
/// name written out at the call is matched when compiling.
#[inline(always)]
fn group_id(name: &str) -> Option<usize> {
    Some(match name {
        "pre" => 0,
        "n1" => 1,
        "s1" => 2,
        "r1" => 3,
        "pre1b" => 4,
        "r1w" => 5,
        "pre1w" => 6,
        "n1b" => 7,
        "s1b" => 8,
        "n2" => 9,
        "s2" => 10,
        "r2" => 11,
        "n2b" => 12,
        "s2b" => 13,
        "word" => 14,
        "sub" => 15,
        "code" => 16,
        "sym" => 17,
        "n3" => 18,
        "s3" => 19,
        "r3" => 20,
        "n3b" => 21,
        "s3b" => 22,
        "word3" => 23,
        "sub3" => 24,
        _ => return None,
    })
}

/// For each name of [`GROUP_NAMES`], its group index in one regex.
type GroupIndex = [Option<usize>; GROUP_NAMES.len()];

/// The group indexes of `regex`'s named groups.
fn group_index(regex: &meta::Regex) -> GroupIndex {
    GROUP_NAMES.map(|name| {
        regex
            .group_info()
            .to_index(regex_automata::PatternID::ZERO, name)
    })
}

/// One group of a match: a span of the searched text.
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

impl<'t> Captures<'t, '_> {
    fn group(&self, span: Option<regex_automata::Span>) -> Option<Group<'t>> {
        span.map(|s| Group {
            text: self.text,
            start: s.start,
            end: s.end,
        })
    }
    /// Group `i` (0: the whole match).
    fn get(&self, i: usize) -> Option<Group<'t>> {
        self.group(self.slots.get_group(i))
    }
    /// The group called `name`, when it took part in the match.
    #[inline(always)]
    fn name(&self, name: &str) -> Option<Group<'t>> {
        let index = self.index[group_id(name)?]?;
        self.group(self.slots.get_group(index))
    }
}

/// Qualifiers that may stand just before a sum (lower case), longest first
/// where one ends another.
const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("no less than", Qualifier::AtLeast),
    ("not less than", Qualifier::AtLeast),
    ("at least", Qualifier::AtLeast),
    ("more than", Qualifier::MoreThan),
    ("in excess of", Qualifier::MoreThan),
    ("exceeding", Qualifier::MoreThan),
    ("exceeded", Qualifier::MoreThan),
    ("exceeds", Qualifier::MoreThan),
    ("exceed", Qualifier::MoreThan),
    ("topping", Qualifier::MoreThan),
    ("over", Qualifier::MoreThan),
    ("approximately", Qualifier::About),
    ("roughly", Qualifier::About),
    ("around", Qualifier::About),
    ("about", Qualifier::About),
    ("some", Qualifier::About),
    ("nearly", Qualifier::Almost),
    ("almost", Qualifier::Almost),
    ("up to", Qualifier::UpTo),
];

/// Currency words that are also everyday English (`a sum`, `won`,
/// `pounds` of weight): read only with a scale word or a number of at least
/// a thousand written in digits.
const COMMON_WORDS: &[&str] = &["sum", "sums", "won", "som", "pound", "pounds", "lari"];

/// Currency words that a bare `a`/`an` may count (`a dollar`), without a
/// scale word.
const A_WORDS: &[&str] = &["dollar", "euro", "pound", "buck", "penny", "cent", "yuan"];

/// Country names, adjectives and capitals that settle `manat`.
const MANAT_CONTEXT: &[(&str, &str)] = &[
    ("Azerbaijan", "AZN"),
    ("Baku", "AZN"),
    ("Turkmen", "TMT"),
    ("Ashgabat", "TMT"),
];

/// A sum of money found in text, before sentence assignment and links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoneyMatch {
    /// The mention.
    pub span: Span,
    /// The value in units of the currency.
    pub value: Decimal,
    /// The currency.
    pub currency: Currency,
    /// The qualifier before it, if any.
    pub qualifier: Option<Qualifier>,
    /// Whether the currency form has several candidates and the default was
    /// taken (context may still settle it in [`MoneyExtractor::find`]).
    pub currency_assumed: bool,
    /// For the first end of a range, true: the next match is its other end.
    pub range_start: bool,
    /// The form that named the currency.
    form: FormClass,
}

/// The amounts one match of the pattern stands for: none, one, or the two
/// ends of a range. Kept in place: a `Vec` was an allocation per sum.
#[derive(Clone, Copy, Debug, Default)]
struct ReadAmounts([Option<MoneyMatch>; 2]);

impl ReadAmounts {
    /// Adds `m` after the amounts already read.
    ///
    /// # Panics
    ///
    /// On a third amount: a match holds at most a range's two ends.
    fn push(&mut self, m: MoneyMatch) {
        let slot = self
            .0
            .iter_mut()
            .find(|s| s.is_none())
            .expect("a match reads at most two amounts");
        *slot = Some(m);
    }

    /// The amounts in the order they were read.
    fn iter(&self) -> impl Iterator<Item = MoneyMatch> + '_ {
        self.0.iter().flatten().copied()
    }
}

/// What the currency form was, for context resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FormClass {
    /// Ambiguous dollars (`$`, `dollars`).
    Dollar,
    /// `manat`.
    Manat,
    /// Anything else.
    Other,
}

/// Finds sums of money.
///
/// # Resource usage
///
/// Building compiles one regex from the currency table (about 850 forms)
/// and parses the rates table; do it once per process.
///
/// # Cloning
///
/// Holds one compiled regex and the tables; build it once and share it by
/// reference across threads (it is `Send + Sync`).
#[derive(Clone, Debug)]
pub struct MoneyExtractor {
    /// Every form of a sum: finds where the sums are.
    pattern: meta::Regex,
    /// The three alternatives of `pattern` (symbol or code first, number
    /// first, spelled number first), each alone: reads the groups of a
    /// match found by `pattern`.
    branches: [Branch; 3],
    /// No symbol or code starts with a digit, so a match that starts with
    /// one is the number-first alternative's.
    digit_is_number_first: bool,
    /// The group indexes of `pattern`.
    group_index: GroupIndex,
    tail: Regex,
    forms: Vec<Form>,
    /// The forms by kind and ASCII lower case text, each list in table
    /// order: what [`MoneyExtractor::form`] looks in.
    form_index: [FormIndex; 4],
    rates: Rates,
}

/// The forms of one kind by ASCII lower case text, each list in table
/// order.
type FormIndex = HashMap<String, Vec<usize>, std::hash::BuildHasherDefault<FormHasher>>;

/// The place of `kind`'s index in [`MoneyExtractor::form_index`].
fn kind_slot(kind: FormKind) -> usize {
    match kind {
        FormKind::Code => 0,
        FormKind::Symbol => 1,
        FormKind::Word => 2,
        FormKind::Subunit => 3,
    }
}

/// FNV-1a over the bytes of a key: the form index's keys are some 850
/// short texts of our own table, not chosen by whoever writes the input,
/// and hashing with SipHash cost more than the rest of a look-up
/// (callgrind: `hash_one` 1.26 M instructions of `find`'s 84 M).
struct FormHasher(u64);

impl Default for FormHasher {
    fn default() -> FormHasher {
        FormHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FormHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// One alternative of the money pattern, alone, for reading groups:
/// compiled when built, or (the spelled-number alternative, which news text
/// rarely needs) when a match first needs it.
#[derive(Clone, Debug)]
struct Branch {
    /// The alternative's syntax tree while it waits to be compiled.
    tree: Option<Hir>,
    /// The compiled alternative and its group indexes.
    compiled: OnceLock<(meta::Regex, GroupIndex)>,
}

impl Branch {
    /// `tree` compiled now.
    fn compiled(tree: &Hir) -> Branch {
        Branch {
            tree: None,
            compiled: OnceLock::from(Branch::compile(tree)),
        }
    }

    /// `tree`, compiled when first asked for.
    fn deferred(tree: Hir) -> Branch {
        Branch {
            tree: Some(tree),
            compiled: OnceLock::new(),
        }
    }

    /// The compiled alternative and its group indexes.
    fn get(&self) -> &(meta::Regex, GroupIndex) {
        self.compiled.get_or_init(|| {
            Branch::compile(
                self.tree
                    .as_ref()
                    .expect("a deferred branch keeps its tree"),
            )
        })
    }

    /// The branches only read groups, anchored on a match already found
    /// and bounded by its end: no search for a start, so no prefilter and
    /// no lazy DFA (which would build a reverse NFA, about a third of their
    /// compile cost). The bounded backtracker or the PikeVM reads the
    /// groups over that span, as the meta regex did after its lazy DFA had
    /// found the same match (callgrind: building the three branches, 178 M
    /// instructions before, 101 M after).
    fn compile(tree: &Hir) -> (meta::Regex, GroupIndex) {
        let config = meta::Config::new()
            .auto_prefilter(false)
            .hybrid(false)
            .dfa(false);
        let regex = meta::Regex::builder()
            .configure(config)
            .build_from_hir(tree)
            .expect("the money pattern is valid");
        let index = group_index(&regex);
        (regex, index)
    }
}

/// Room for the groups of each alternative (made when first used), and of
/// the whole pattern.
type SlotSet = ([Option<Slots>; 3], Slots);

impl Default for MoneyExtractor {
    fn default() -> MoneyExtractor {
        MoneyExtractor::new()
    }
}

/// A regex alternation of `items`, longest first so that leftmost-first
/// matching prefers `US dollars` to `US`.
fn alternation(mut items: Vec<String>) -> String {
    items.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    items.dedup();
    items.join("|")
}

/// `forms` as one alternation grouped by leading characters, in any case:
/// `d(?:o(?:l(?:l(?:ars|ar)))|…)|e(?:…)|…` ([`GROUP_DEPTH`] levels).
///
/// It is the regex [`alternation`] writes flat, in matches and in
/// preference: at a given position only forms whose first character is the
/// text's (in ASCII case folding) can match; they all sit in one group, in
/// the flat list's order (and so on for the next characters). But reading groups, the bounded backtracker tries
/// some thirty first characters where it tried each of the 600 currency
/// words in turn, and the lazy DFA's states hold thirty word starts instead
/// of 600 (unit test `grouped_words_match_as_the_flat_alternation`).
fn grouped_alternation(forms: &[&str]) -> String {
    grouped(&preference_order(forms), GROUP_DEPTH)
}

/// `forms` in the order and without the duplicates of [`alternation`].
fn preference_order<'a>(forms: &[&'a str]) -> Vec<&'a str> {
    let mut items: Vec<(String, &str)> = forms.iter().map(|f| (form_regex(f), *f)).collect();
    items.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    items.dedup_by(|a, b| a.0 == b.0);
    items.into_iter().map(|(_, f)| f).collect()
}

/// How many leading characters [`grouped_tree`] groups by: four
/// built the money regexes in the fewest instructions (callgrind, start-up:
/// one level 182 M, two 171 M, four 160 M, six 162 M, all 179 M).
const GROUP_DEPTH: usize = 4;

/// `forms` (in preference order) as an alternation grouped by their first
/// character, in ASCII case folding, `depth` levels deep. A form that ends
/// within the grouped characters leaves an empty alternative, which comes
/// last in its group as it came last among the forms it is a prefix of.
fn grouped(forms: &[&str], depth: usize) -> String {
    if depth == 0 {
        return forms
            .iter()
            .map(|f| form_regex(f))
            .collect::<Vec<_>>()
            .join("|");
    }
    first_char_groups(forms)
        .iter()
        .map(|(key, rests)| match key {
            Some(k) => format!(
                "{}(?:{})",
                form_regex(&k.to_string()),
                grouped(rests, depth - 1)
            ),
            None => String::new(),
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// `forms` (in preference order) grouped by their first character in
/// ASCII case folding, in the order the keys first appear: each key with
/// the rests of its forms (`None`: the empty form).
fn first_char_groups<'a>(forms: &[&'a str]) -> Vec<(Option<char>, Vec<&'a str>)> {
    let mut groups: Vec<(Option<char>, Vec<&str>)> = Vec::new();
    for form in forms {
        let key = form.chars().next().map(|c| c.to_ascii_lowercase());
        let rest = key.map_or("", |k| &form[k.len_utf8()..]);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rests)) => rests.push(rest),
            None => groups.push((key, vec![rest])),
        }
    }
    groups
}

/// The syntax tree the parser gives for `(?i-u:{grouped(forms, depth)})`
/// (ASCII `forms`), built with the parser's own constructors: what the
/// parser would translate each piece into, put together as it would.
fn grouped_tree(forms: &[&str], depth: usize) -> Hir {
    // Each character's tree made once and copied where it recurs.
    let chars: Vec<Hir> = (0..128u8).map(|b| folded_char(char::from(b))).collect();
    grouped_subtree(forms, depth, &chars)
}

/// [`grouped_tree`] with the tree of every ASCII character under
/// `(?i-u:)` in `chars`.
fn grouped_subtree(forms: &[&str], depth: usize, chars: &[Hir]) -> Hir {
    let char_tree = |c: char| chars[usize::from(u8::try_from(c).expect("an ASCII form"))].clone();
    if depth == 0 {
        let literal = |f: &&str| Hir::concat(f.chars().map(char_tree).collect());
        return Hir::alternation(forms.iter().map(literal).collect());
    }
    Hir::alternation(
        first_char_groups(forms)
            .iter()
            .map(|(key, rests)| match key {
                Some(k) => Hir::concat(vec![
                    char_tree(*k),
                    grouped_subtree(rests, depth - 1, chars),
                ]),
                None => Hir::empty(),
            })
            .collect(),
    )
}

/// The tree of the ASCII character `c` under `(?i-u:)`: the byte class of
/// its ASCII case variants (a literal when it has none), as the parser's
/// translator builds it.
fn folded_char(c: char) -> Hir {
    use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange};
    let byte = u8::try_from(c).expect("an ASCII form");
    let mut class = ClassBytes::new([ClassBytesRange::new(byte, byte)]);
    class.case_fold_simple();
    Hir::class(Class::Bytes(class))
}

/// A case-insensitive alternation of `forms`: ASCII forms folded in ASCII
/// only (grouped by first letter, see [`grouped_alternation`]), the others
/// with Unicode folding.
#[cfg(test)]
fn fold_case<'a>(forms: impl Iterator<Item = &'a str>) -> String {
    let (ascii, other): (Vec<&str>, Vec<&str>) = forms.partition(|f| f.is_ascii());
    let ascii = grouped_alternation(&ascii);
    let other = alternation(other.iter().map(|f| form_regex(f)).collect());
    if other.is_empty() {
        format!("(?i-u:{ascii})")
    } else {
        format!("(?i-u:{ascii})|(?i:{other})")
    }
}

/// The syntax tree of `(?:A|B|C)` for the trees of `A`, `B`, `C` parsed
/// alone: their groups numbered on from one to the next, as the parser
/// numbers the groups of the whole (unit test
/// `whole_pattern_equals_the_parsed_alternation`).
fn whole_pattern(branches: [Hir; 3]) -> Hir {
    let mut next_index = 1;
    Hir::alternation(
        branches
            .into_iter()
            .map(|b| compose(b, &[], &mut next_index))
            .collect(),
    )
}

/// The parts of the branches that are alternations of currency forms, as
/// text: each written out, or a hole (an empty group with a name no other
/// group has) where its tree, parsed or built once, is put.
struct Parts {
    /// The currency words (after the number).
    words: String,
    /// The ISO codes (before and after the number).
    codes: String,
    /// The symbols before the number.
    symbols: String,
    /// The symbols after the number.
    symbols_after: String,
}

/// The names of the holes of [`Parts::holes`], in the order of the fields.
const HOLE_NAMES: [&str; 4] = ["__words", "__codes", "__symbols", "__symbols_after"];

/// `pattern` with its holes renamed `__name0`, `__name1`, … in order of
/// appearance: a part may fill several holes of one branch, but a pattern
/// cannot hold two groups of one name ([`compose`] reads the name without
/// the number).
fn number_holes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    let mut n = 0;
    while let Some(start) = rest.find("(?P<__") {
        let Some(end) = rest[start..].find('>').map(|e| start + e) else {
            break;
        };
        out.push_str(&rest[..end]);
        out.push_str(&n.to_string());
        n += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

impl Parts {
    /// A hole for each part.
    fn holes() -> Parts {
        let [words, codes, symbols, symbols_after] = HOLE_NAMES.map(|n| format!("(?P<{n}>)"));
        Parts {
            words,
            codes,
            symbols,
            symbols_after,
        }
    }
}

/// The alternations of the codes, the symbols before the number and the
/// symbols after it (what the extractor builds; kept for the tests).
#[cfg(test)]
fn form_alternations(forms: &[Form]) -> [String; 3] {
    form_alternations_with(forms, symbols_before)
}

/// [`form_alternations`] with the symbols before the number written by
/// `symbols` (the tests also build them flat, as they were).
fn form_alternations_with(forms: &[Form], symbols: fn(&[Form]) -> String) -> [String; 3] {
    let of = |kind: FormKind| forms.iter().filter(move |f| f.kind == kind);
    let codes = alternation(of(FormKind::Code).map(|f| form_regex(&f.text)).collect());
    let symbols = symbols(forms);
    // After the number a letter symbol may touch it ("20Rs", "3.14US$")
    // but must end a word.
    let symbol_after = |f: &Form| {
        let mut r = form_regex(&f.text);
        if f.text.contains('$') && f.text.len() > 1 {
            r = format!("(?i-u:{r})");
        }
        if f.text.ends_with(|c: char| c.is_ascii_alphabetic()) {
            r = format!(r"{r}(?-u:\b)");
        }
        r
    };
    let symbols_after = alternation(of(FormKind::Symbol).map(symbol_after).collect());
    [codes, symbols, symbols_after]
}

/// A symbol before the number as one alternative of the flat alternation
/// it was written in: a `$` form other than `$` itself in any ASCII case,
/// a form that starts with a letter only at the start of a word.
fn symbol_before(f: &Form) -> String {
    let mut r = form_regex(&f.text);
    if f.text.contains('$') && f.text.len() > 1 {
        r = format!("(?i-u:{r})");
    }
    if f.text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        r = format!(r"(?-u:\b){r}");
    }
    r
}

/// The symbols before the number as the flat alternation of
/// [`symbol_before`]s, longest first: the regex [`symbols_before`] writes
/// faster, kept to test it.
#[cfg(test)]
fn flat_symbols_before(forms: &[Form]) -> String {
    let symbols = forms.iter().filter(|f| f.kind == FormKind::Symbol);
    alternation(symbols.map(symbol_before).collect())
}

/// The symbols before the number: the flat alternation of
/// [`symbol_before`]s (in [`alternation`]'s order), written as two
/// alternations of plain literals, `(?-u:\b)(?:A\$|AUD\$|…)|(?:\$|£|…)`.
///
/// The flat one holds 65 alternatives, the word boundaries and the case
/// folding stop the NFA compiler from making them a trie, and `$`, the
/// shortest, comes last: reading the groups of "$5 million", the bounded
/// backtracker tried the 64 others first, in each of the four places the
/// symbols stand in the two branches. Plain literals are compiled into a
/// trie (regex-automata's `LiteralTrie`, which keeps leftmost-first
/// preference), which the backtracker walks a byte at a time.
///
/// Equivalent because: a `$` form in any ASCII case is the alternation of
/// its case variants, which are mutually exclusive (they differ in some
/// byte), so they may stand in its place in any order; the forms that
/// start with a letter and the others can never match at the same place
/// (their first bytes differ), so splitting them into two alternations,
/// each in the flat order, keeps every preference the flat one had; and
/// the word boundary before each letter form is the one before their
/// alternation. Unit test `grouped_symbols_and_scales_read_as_the_flat_ones`.
fn symbols_before(forms: &[Form]) -> String {
    let mut items: Vec<(String, &Form)> = forms
        .iter()
        .filter(|f| f.kind == FormKind::Symbol)
        .map(|f| (symbol_before(f), f))
        .collect();
    // The order and the duplicates of `alternation`.
    items.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    items.dedup_by(|a, b| a.0 == b.0);
    let mut letters = Vec::new();
    let mut others = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (_, f) in items {
        let folded = f.text.contains('$') && f.text.len() > 1;
        let variants = if folded {
            ascii_case_variants(&f.text)
        } else {
            vec![f.text.clone()]
        };
        let to = if f.text.starts_with(|c: char| c.is_ascii_alphabetic()) {
            &mut letters
        } else {
            &mut others
        };
        for v in variants {
            // A variant already written earlier matches there first.
            if seen.insert(v.clone()) {
                to.push(form_regex(&v));
            }
        }
    }
    format!(
        r"(?-u:\b)(?:{})|(?:{})",
        letters.join("|"),
        others.join("|")
    )
}

/// Every way of writing `text` with its ASCII letters in either case.
fn ascii_case_variants(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            out = out
                .into_iter()
                .flat_map(|s| {
                    [c.to_ascii_uppercase(), c.to_ascii_lowercase()].map(|v| format!("{s}{v}"))
                })
                .collect();
        } else {
            for s in &mut out {
                s.push(c);
            }
        }
    }
    out
}

/// The currency words as the holes of [`branch_patterns`] take them, under
/// the branches' flags, as text: what [`words_tree`] builds, kept to test
/// it (and the branches) against the parser.
#[cfg(test)]
fn words_pattern(forms: &[Form]) -> String {
    let words = forms.iter().filter(|f| f.kind == FormKind::Word);
    // ASCII-only case folding where the form allows it: Unicode folding
    // adds the Kelvin sign for `k` and the long s for `s` and makes the
    // automaton larger and slower.
    format!("(?x)(?:{})", fold_case(words.map(|f| f.text.as_str())))
}

/// The syntax tree of `words_pattern` (the text form, kept for the tests),
/// built rather than parsed: the ASCII words' grouped alternation from the
/// parser's own constructors ([`grouped_tree`]), the few non-ASCII words
/// parsed. Parsing all the
/// words was a fifth of the stage's start-up (callgrind: 30 M of 157 M
/// instructions); unit test `built_words_equal_the_parsed_words`.
fn words_tree(forms: &[Form]) -> Hir {
    let (ascii, other): (Vec<&str>, Vec<&str>) = forms
        .iter()
        .filter(|f| f.kind == FormKind::Word)
        .map(|f| f.text.as_str())
        .partition(|f| f.is_ascii());
    let ascii = grouped_tree(&preference_order(&ascii), GROUP_DEPTH);
    let other = alternation(other.iter().map(|f| form_regex(f)).collect());
    if other.is_empty() {
        return ascii;
    }
    let other = regex_automata::util::syntax::parse(&format!("(?x)(?i:{other})"))
        .expect("the money pattern is valid");
    Hir::alternation(vec![ascii, other])
}

/// `hir` with every hole of [`Parts::holes`] replaced by the tree given for
/// its name in `parts` and its other groups numbered from `next_index` in
/// the order of their opening parentheses, rebuilt with the parser's own
/// constructors: the tree the parser gives for the text with the parts
/// written in the holes (unit tests
/// `branches_with_the_parts_put_in_equal_the_parsed_branches`,
/// `whole_pattern_equals_the_parsed_alternation`).
fn compose(hir: Hir, parts: &[Part], next_index: &mut u32) -> Hir {
    let hole = |name: &str| {
        let name = name.trim_end_matches(|c: char| c.is_ascii_digit());
        parts.iter().find(|p| p.name == name).and_then(Part::next)
    };
    dealx_core::hir::fill_holes(hir, &hole, next_index)
}

/// The tree of one part of the branches for [`compose`], and how many
/// holes it has still to fill: each hole gets a copy but the last, which
/// gets the tree itself (the currency words' tree is large: copying and
/// dropping it cost 6 M instructions at start-up).
struct Part {
    /// The name of its holes (see [`HOLE_NAMES`]).
    name: &'static str,
    /// The tree, until the last hole takes it.
    tree: std::cell::RefCell<Option<Hir>>,
    /// The holes left to fill.
    uses: std::cell::Cell<usize>,
}

impl Part {
    /// `tree` for the holes named `name` in `patterns`.
    fn new(name: &'static str, tree: Hir, patterns: &[String]) -> Part {
        let hole = format!("(?P<{name}>)");
        Part {
            name,
            tree: std::cell::RefCell::new(Some(tree)),
            uses: std::cell::Cell::new(patterns.iter().map(|p| p.matches(&hole).count()).sum()),
        }
    }

    /// The tree for the next hole.
    fn next(&self) -> Option<Hir> {
        let uses = self.uses.get().checked_sub(1)?;
        self.uses.set(uses);
        if uses == 0 {
            self.tree.borrow_mut().take()
        } else {
            self.tree.borrow().clone()
        }
    }
}

/// A form as a regex: escaped, inner spaces as one space.
fn form_regex(text: &str) -> String {
    regex::escape(text).replace(' ', r"\x20")
}

/// The three alternatives of the money pattern (symbol or code first,
/// number first, spelled number first), built from the currency `forms`,
/// with `words` (the currency words or a hole for them) after the number,
/// and the extractor's scale words (what it builds; kept for the tests).
#[cfg(test)]
fn branch_patterns(forms: &[Form], parts: &Parts) -> [String; 3] {
    branch_patterns_with(forms, parts, &scale_words())
}

/// [`branch_patterns`] with the scale words (of more than one letter)
/// written `scale_words` (the tests also write them flat, as they were).
fn branch_patterns_with(forms: &[Form], parts: &Parts, scale_words: &str) -> [String; 3] {
    let of = |kind: FormKind| forms.iter().filter(move |f| f.kind == kind);
    let Parts {
        words,
        codes,
        symbols,
        symbols_after,
    } = parts;
    let subunits = alternation(
        of(FormKind::Subunit)
            .filter(|f| f.text.is_ascii())
            .map(|f| form_regex(&f.text))
            .collect(),
    );
    let num = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{1,3}(?:\.[0-9]{3}){2,}(?-u:\b)|[0-9]{1,3}(?:\x20[0-9]{3}(?-u:\b))+|[0-9]+(?:\.[0-9]+)?";
    let number_words = number_words();
    let spelled = format!(
        r"(?i-u:half\x20an?|(?:{number_words}|an|a)(?:(?:\x20and\x20|[\x20-])(?:{number_words}))*)(?-u:\b)"
    );
    // Scale words may follow a space; single letters ("$17m") must touch
    // the number, since "5 m" is usually metres.
    let scale = format!(r"(?:\x20?(?i-u:{scale_words})|[kKmMbB])(?-u:\b)");
    let rsep = r"\x20?[-–—]\x20?|\x20to\x20|\x20and\x20";
    // The alternatives of the pattern, apart: see `branches`.
    let symbol_first = format!(
        r"(?x)
                (?P<pre>{symbols}|(?-u:\b)(?:{codes}))\x20?
                (?P<n1>{num})(?P<s1>{scale})?
                (?:
                    (?:(?P<r1>\x20?[-–—]\x20?)(?P<pre1b>{symbols}|(?-u:\b)(?:{codes}))?
                      | (?P<r1w>\x20(?:to|and)\x20)(?P<pre1w>{symbols}|(?-u:\b)(?:{codes}))
                    )\x20?(?P<n1b>{num})(?P<s1b>{scale})?
                )?"
    );
    let number_first = format!(
        r"(?x)
                (?-u:\b)(?P<n2>{num})(?P<s2>{scale})?
                (?:(?P<r2>{rsep})(?P<n2b>{num}|{spelled})(?P<s2b>{scale})?)?
                (?:
                    [\x20-](?P<word>{words})(?-u:\b)
                  | [\x20-]?(?P<sub>(?i-u:{subunits})(?-u:\b)|¢)
                  | \x20?(?P<code>{codes})(?-u:\b)
                  | \x20?(?P<sym>{symbols_after})
                )"
    );
    let spelled_first = format!(
        r"(?x)
                (?-u:\b)(?P<n3>{spelled})(?P<s3>{scale})?
                (?:(?P<r3>{rsep})(?P<n3b>{num}|{spelled})(?P<s3b>{scale})?)?
                (?:
                    [\x20-](?P<word3>{words})(?-u:\b)
                  | [\x20-](?P<sub3>(?i-u:{subunits}))(?-u:\b)
                )"
    );
    [symbol_first, number_first, spelled_first]
}

/// The scale words of more than one letter, grouped by their leading
/// letters ([`grouped_alternation`]), for `(?i-u:…)`: reading groups, the
/// backtracker tries five first letters rather than the fifteen words in
/// turn (written flat, `MoneyExtractor::find` cost 0.7 M instructions more
/// on the 5 MB slice); the same regex in matches and preference. Unit
/// tests `grouped_words_match_as_the_flat_alternation`,
/// `grouped_symbols_and_scales_read_as_the_flat_ones`.
fn scale_words() -> String {
    let words: Vec<&str> = number::SCALES
        .iter()
        .filter(|(s, _)| s.len() > 1)
        .map(|(s, _)| *s)
        .collect();
    grouped_alternation(&words)
}

/// The scale words as they were written, flat ([`alternation`]): kept to
/// test [`scale_words`].
#[cfg(test)]
fn flat_scale_words() -> String {
    alternation(
        number::SCALES
            .iter()
            .filter(|(s, _)| s.len() > 1)
            .map(|(s, _)| s.to_string())
            .collect(),
    )
}

/// The spelled numbers below a hundred and "hundred", as an alternation.
fn number_words() -> String {
    alternation(
        number::NUMBER_WORDS
            .iter()
            .map(|(w, _)| w.to_string())
            .chain(["hundred".to_string()])
            .collect(),
    )
}

impl MoneyExtractor {
    /// Compiles the money pattern from the built-in tables.
    pub fn new() -> MoneyExtractor {
        MoneyExtractor::built_with(symbols_before, &scale_words())
    }

    /// The extractor with the symbols before the number written by
    /// `symbols` and the scale words written `scale_words` (the tests also
    /// build it with both flat, as they were).
    fn built_with(symbols: fn(&[Form]) -> String, scale_words: &str) -> MoneyExtractor {
        let forms = tables::forms(tables::CURRENCY_FORMS);
        let parse =
            |p: &str| regex_automata::util::syntax::parse(p).expect("the money pattern is valid");
        // The currency words are most of the pattern and go into two of
        // its three branches: built once, put into both as a tree.
        let words = words_tree(&forms);
        // So do the codes (four times) and the symbols: parsed once each.
        let [codes, symbols, symbols_after] =
            form_alternations_with(&forms, symbols).map(|p| parse(&format!("(?x)(?:{p})")));
        let holed = branch_patterns_with(&forms, &Parts::holes(), scale_words);
        let parts: Vec<Part> = HOLE_NAMES
            .into_iter()
            .zip([words, codes, symbols, symbols_after])
            .map(|(name, tree)| Part::new(name, tree, &holed))
            .collect();
        let branch_trees = holed.map(|p| {
            let mut next_index = 1;
            compose(parse(&number_holes(&p)), &parts, &mut next_index)
        });
        // Reading the groups of a match runs the bounded backtracker, which
        // first clears a visited set of (NFA states x match length) bits:
        // with every currency form in the NFA, several times over, that was
        // about three quarters of this stage's instructions (callgrind). The
        // groups are read with the one alternative that matched instead,
        // whose NFA is a fraction of the whole; see `read_groups`.
        //
        // The spelled-number alternative ("two billion dollars") is
        // compiled when a match first needs it: news text rarely does (none
        // of the 2,400 sums of the 5 MB benchmark slice), and compiling it
        // costs more start-up than the copy of its tree kept for later
        // (callgrind: MoneyExtractor::new 110.9 M -> 106.6 M instructions).
        let branches = [
            Branch::compiled(&branch_trees[0]),
            Branch::compiled(&branch_trees[1]),
            Branch::deferred(branch_trees[2].clone()),
        ];
        // The whole pattern is the three alternatives in one: built from
        // their trees, parsed once (the currency words are most of the
        // text; parsing them twice cost a sixth of the stage's start-up).
        // Built after the branches, it takes their trees rather than copies
        // (copying and dropping them cost 14 M instructions).
        // No prefilter: the pattern starts with digits, symbols, codes and
        // spelled numbers, too many literals for one (callgrind: the search
        // costs the same without), and looking for one, with the reverse
        // suffix and inner strategies it enables, cost 1.4 M at start-up.
        // The lazy DFAs build only the states the text meets: the pattern
        // compiled whole as dense DFAs (regex_automata::dfa, byte classes,
        // unminimized) is 22 MB and 3.6 s to build forward, 4.3 MB and
        // 0.14 s in reverse (session 10, measured and left).
        let pattern = meta::Regex::builder()
            .configure(meta::Config::new().auto_prefilter(false))
            .build_from_hir(&whole_pattern(branch_trees))
            .expect("the money pattern is valid");
        let digit_is_number_first = forms
            .iter()
            .filter(|f| matches!(f.kind, FormKind::Symbol | FormKind::Code))
            .all(|f| !f.text.starts_with(|c: char| c.is_ascii_digit()));
        let number_words = number_words();
        let tail = format!(
            r"^\x20(?:and\x20)?(?P<n>[0-9]{{1,2}}|(?i-u:{number_words})(?:[\x20-](?i-u:{number_words}))?)(?:\x20?(?P<unit>(?i-u:cents?|c|pence|p|sens?|kopiykas?|kopeks?|kopecks|tiyn)))?(?-u:\b)"
        );
        let tail = Regex::new(&tail).expect("the tail pattern is valid");
        let group_index = group_index(&pattern);
        let mut form_index: [FormIndex; 4] = Default::default();
        for (i, f) in forms.iter().enumerate() {
            form_index[kind_slot(f.kind)]
                .entry(f.text.to_ascii_lowercase())
                .or_default()
                .push(i);
        }
        MoneyExtractor {
            pattern,
            branches,
            digit_is_number_first,
            group_index,
            tail,
            forms,
            form_index,
            rates: Rates::parse(tables::RATES),
        }
    }

    /// The form of `kind` written `text` (words and `$` forms in any case).
    ///
    /// The first form in the table with exactly that text, else the first
    /// equal to it in ASCII case folding: both are among the forms indexed
    /// under its lower case (an exact match is an ASCII case-insensitive
    /// one), which are kept in table order.
    fn form(&self, text: &str, kind: FormKind) -> Option<&Form> {
        let joined;
        let text = if text.split_whitespace().eq(text.split(' ')) {
            // Already single-spaced without a space at either end, as the
            // pattern writes its forms: nothing to join.
            text
        } else {
            joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            joined.as_str()
        };
        // Lower-cased on the stack: the forms are short (ASCII lower-casing
        // keeps UTF-8 valid), and a `String` per look-up was an allocation
        // per sum.
        let mut buf = [0u8; 32];
        let owned;
        let lower = match buf.get_mut(..text.len()) {
            Some(b) => {
                b.copy_from_slice(text.as_bytes());
                b.make_ascii_lowercase();
                std::str::from_utf8(b).expect("ASCII lower-casing keeps UTF-8")
            }
            None => {
                owned = text.to_ascii_lowercase();
                owned.as_str()
            }
        };
        let candidates = self.form_index[kind_slot(kind)].get(lower)?;
        let form = |i: &usize| &self.forms[*i];
        candidates
            .iter()
            .map(form)
            .find(|f| f.text == text)
            .or_else(|| {
                candidates
                    .iter()
                    .map(form)
                    .find(|f| f.text.eq_ignore_ascii_case(text))
            })
    }

    /// Every sum of money in `text`, in text order. The ends of a range are
    /// two matches, the first with `range_start` set.
    pub fn find_iter<'e, 't>(&'e self, text: &'t str) -> impl Iterator<Item = MoneyMatch> + 'e
    where
        't: 'e,
    {
        self.find_in(text, Cow::Owned(vec![Span::new(0, text.len())]))
    }

    /// [`find_iter`](Self::find_iter) over `spans` of `text` (sorted and
    /// disjoint): a sum is looked for where it starts inside a span (look
    /// around still sees the whole text).
    fn find_in<'e, 't>(
        &'e self,
        text: &'t str,
        spans: Cow<'e, [Span]>,
    ) -> impl Iterator<Item = MoneyMatch> + 'e
    where
        't: 'e,
    {
        // The search resumes where the last sum read ends, not where the
        // regex match ends: a match that is rejected ("2023 $" in "in 2023
        // $5 billion") or only partly read ("$5 million to 10 companies")
        // must not hide the sum after it. A sum that took in its cents ("3
        // dollars 50 cents") covers the next match ("50 cents").
        let mut pos = 0;
        let mut next_span = 0;
        let mut pending = std::collections::VecDeque::new();
        let mut slots = self.slots();
        std::iter::from_fn(move || loop {
            if let Some(m) = pending.pop_front() {
                return Some(m);
            }
            let span = spans.get(next_span)?;
            pos = pos.max(span.start());
            let found = if pos <= span.end() {
                self.pattern.find(Input::new(text).span(pos..span.end()))
            } else {
                None
            };
            let Some(found) = found else {
                next_span += 1;
                continue;
            };
            let caps = self.read_groups(text, found.start(), found.end(), &mut slots);
            let Some(whole) = caps.get(0) else {
                next_span += 1;
                continue;
            };
            let found = self.read(text, &caps);
            let step = text[whole.start()..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            pos = found
                .iter()
                .map(|m| m.span.end())
                .max()
                .unwrap_or(0)
                .max(whole.start() + step);
            pending.extend(found.iter());
        })
    }

    /// Room for the groups of each alternative, and of the whole pattern.
    fn slots(&self) -> SlotSet {
        ([None, None, None], self.pattern.create_captures())
    }

    /// The groups of the match of `pattern` at `start..end`.
    ///
    /// Under leftmost-first matching, the whole pattern's match at `start`
    /// is that of its first alternative that matches there at all (the
    /// earlier ones match nowhere from `start`), and it is that
    /// alternative's preferred match: so the first alternative that
    /// matches, anchored at `start` and searched up to `end` (look-around
    /// still sees the whole text), gives the same groups. A number-first
    /// match starts with a digit and the others do not (checked on the
    /// tables when built), so most matches take one search. Should no
    /// alternative end at `end`, the whole pattern is asked.
    fn read_groups<'t, 's>(
        &'s self,
        text: &'t str,
        start: usize,
        end: usize,
        slots: &'s mut SlotSet,
    ) -> Captures<'t, 's> {
        let input = Input::new(text).span(start..end).anchored(Anchored::Yes);
        let digit = text.as_bytes()[start].is_ascii_digit();
        let order: &[usize] = match (digit, self.digit_is_number_first) {
            (true, true) => &[1],
            (true, false) => &[0, 1, 2],
            // The number-first alternative starts with a digit.
            (false, _) => &[0, 2],
        };
        let (branch_slots, whole_slots) = slots;
        let mut chosen = None;
        for &i in order {
            let (regex, _) = self.branches[i].get();
            let caps = branch_slots[i].get_or_insert_with(|| regex.create_captures());
            regex.search_captures(&input, caps);
            if caps.get_match().is_some_and(|m| m.end() == end) {
                chosen = Some(i);
                break;
            }
        }
        let Some(i) = chosen else {
            self.pattern.search_captures(&input, whole_slots);
            return Captures {
                text,
                slots: whole_slots,
                index: &self.group_index,
            };
        };
        let branch_slots: &'s [Option<Slots>; 3] = branch_slots;
        Captures {
            text,
            slots: branch_slots[i]
                .as_ref()
                .expect("filled by the search above"),
            index: &self.branches[i].get().1,
        }
    }

    /// The amounts one regex match stands for (none, one, or a range's two).
    fn read(&self, text: &str, caps: &Captures<'_, '_>) -> ReadAmounts {
        let Some(whole) = caps.get(0) else {
            return ReadAmounts::default();
        };
        let before = &text[..whole.start()];
        let after = &text[whole.end()..];
        let qualifier = qualifier_before(before);
        let mut out = ReadAmounts::default();
        if let Some(pre) = caps.name("pre") {
            // Symbol or code before the number.
            let Some((form, kind)) = self
                .form(pre.as_str(), FormKind::Symbol)
                .map(|f| (f, FormKind::Symbol))
                .or_else(|| {
                    self.form(pre.as_str(), FormKind::Code)
                        .map(|f| (f, FormKind::Code))
                })
            else {
                return out;
            };
            // A code in a rate ticker ("KZT/USD", "USD/KZT 520") is not a sum.
            if kind == FormKind::Code && (before.ends_with('/') || after.starts_with('/')) {
                return out;
            }
            if kind == FormKind::Code && text[pre.end()..].starts_with('/') {
                return out;
            }
            let (Some(n1), s1) = (caps.name("n1"), caps.name("s1")) else {
                return out;
            };
            let second = caps.name("n1b").map(|n| {
                let pre = caps.name("pre1b").or_else(|| caps.name("pre1w"));
                (n, caps.name("s1b"), pre)
            });
            let r1 = caps
                .name("r1")
                .or_else(|| caps.name("r1w"))
                .map(|r| r.as_str().trim());
            let first_value = |inherit: Option<&str>| {
                let v = number::digits(n1.as_str())?;
                match s1.map(|s| s.as_str()).or(inherit) {
                    Some(s) => number::scaled(v, s),
                    None => Some(v),
                }
            };
            let mut second_ok = false;
            if let (Some((n, s, p)), Some(sep)) = (second, r1) {
                // The second number must itself look like a sum: a symbol, a
                // scale word, or both numbers bare ("$2-3").
                let looks = p.is_some() || s.is_some() || (s1.is_none() && sep != "to");
                let between_ok = sep != "and" || ends_with_word(before, "between");
                if looks {
                    second_ok = true;
                    let scale_b = s.map(|s| s.as_str());
                    let inherit = if s1.is_none() && between_ok {
                        scale_b
                    } else {
                        None
                    };
                    let Some(v1) = first_value(inherit) else {
                        return out;
                    };
                    let Some(v2) = number::digits(n.as_str())
                        .and_then(|v| scale_b.map_or(Some(v), |s| number::scaled(v, s)))
                    else {
                        return out;
                    };
                    let end1 = s1.map_or(n1.end(), |s| s.end());
                    out.push(self.matched(whole.start(), end1, v1, form, qualifier, between_ok));
                    let start2 = p.map_or(n.start(), |p| p.start());
                    let end2 = s.map_or(n.end(), |s| s.end());
                    let form2 = p
                        .and_then(|p| {
                            self.form(p.as_str(), FormKind::Symbol)
                                .or_else(|| self.form(p.as_str(), FormKind::Code))
                        })
                        .unwrap_or(form);
                    out.push(self.matched(start2, end2, v2, form2, None, false));
                }
            }
            if !second_ok {
                let Some(v) = first_value(None) else {
                    return out;
                };
                let mut end = s1.map_or(n1.end(), |s| s.end());
                let mut v = v;
                if s1.is_none() && end == whole.end() {
                    if let Some((len, cents)) = self.cents_after(&text[end..], v) {
                        end += len;
                        v += cents;
                    }
                }
                out.push(self.matched(whole.start(), end, v, form, qualifier, false));
            }
            return out;
        }
        // Number first, currency after; a spelled number ("two billion
        // dollars") is in the groups named with a 3, digits with a 2.
        let g = |name: &str| caps.name(name).or_else(|| caps.name(spelled_group(name)));
        let (Some(n2), s2) = (g("n2"), g("s2")) else {
            return out;
        };
        let (form, subunit) = if let Some(w) = g("word") {
            let Some(f) = self.form(w.as_str(), FormKind::Word) else {
                return out;
            };
            (f, false)
        } else if let Some(s) = g("sub") {
            let Some(f) = self.form(s.as_str(), FormKind::Subunit) else {
                return out;
            };
            (f, true)
        } else if let Some(c) = g("code") {
            if after.starts_with('/') {
                return out;
            }
            let Some(f) = self.form(c.as_str(), FormKind::Code) else {
                return out;
            };
            (f, false)
        } else if let Some(s) = g("sym") {
            let Some(f) = self.form(s.as_str(), FormKind::Symbol) else {
                return out;
            };
            (f, false)
        } else {
            return out;
        };
        // "a dollar-denominated bond" is not a dollar.
        if g("word").is_some() && after.starts_with('-') {
            return out;
        }
        let read_number = |n: Group<'_>| -> Option<(Decimal, bool)> {
            match number::digits(n.as_str()) {
                Some(v) if n.as_str().starts_with(|c: char| c.is_ascii_digit()) => Some((v, true)),
                _ => number::spelled(n.as_str()).map(|v| (v, false)),
            }
        };
        let Some((mut v1, digits1)) = read_number(n2) else {
            return out;
        };
        let second = g("n2b").and_then(|n| Some((read_number(n)?, g("s2b"))));
        let scale_last = second.map_or(s2, |(_, s)| s);
        let is_word = g("word").is_some();
        if is_word && scale_last.is_none() && s2.is_none() {
            let w = g("word").map_or("", |w| w.as_str());
            // The lists are lower case: a word in any ASCII case is among
            // them when its lower case is (no lower-cased String per sum).
            let among = |list: &[&str]| list.iter().any(|l| l.eq_ignore_ascii_case(w));
            // Small counts with these words are rarely money ("2 won
            // medals", "5 pounds of flour").
            if among(COMMON_WORDS) && (!digits1 || v1 < Decimal::from(1000)) {
                return out;
            }
            let a = n2.as_str().eq_ignore_ascii_case("a") || n2.as_str().eq_ignore_ascii_case("an");
            if a && !among(A_WORDS) {
                return out;
            }
        }
        // A year followed by a currency ("in 2023 tenge fell", "since 2020
        // USD deposits grew") is a date, not a sum.
        if s2.is_none()
            && second.is_none()
            && digits1
            && is_year(n2.as_str())
            && year_context(before)
        {
            return out;
        }
        let divisor = if subunit {
            Decimal::from(100)
        } else {
            Decimal::ONE
        };
        let apply = |v: Decimal, s: Option<Group<'_>>| -> Option<Decimal> {
            let v = match s {
                Some(s) => number::scaled(v, s.as_str())?,
                None => v,
            };
            v.checked_div(divisor)
        };
        match second {
            Some(((v2, _), s2b)) => {
                let sep = g("r2").map_or("", |r| r.as_str().trim());
                let between_ok = sep != "and" || ends_with_word(before, "between");
                if !between_ok {
                    return out;
                }
                let inherit = if s2.is_none() { s2b } else { s2 };
                let Some(a) = apply(v1, inherit) else {
                    return out;
                };
                v1 = a;
                let Some(b) = apply(v2, s2b) else {
                    return out;
                };
                let Some(n2b) = g("n2b") else {
                    return out;
                };
                let end1 = s2.map_or(n2.end(), |s| s.end());
                out.push(self.matched(whole.start(), end1, v1, form, qualifier, true));
                out.push(self.matched(n2b.start(), whole.end(), b, form, None, false));
            }
            None => {
                let Some(mut v) = apply(v1, s2) else {
                    return out;
                };
                let mut end = whole.end();
                let cents = (s2.is_none() && !subunit)
                    .then(|| self.cents_after(after, v))
                    .flatten();
                if let Some((len, cents)) = cents {
                    end += len;
                    v += cents;
                } else if (caps.name("code").is_some() || caps.name("sym").is_some())
                    && after
                        .strip_prefix(' ')
                        .unwrap_or(after)
                        .starts_with(|c: char| c.is_ascii_digit())
                {
                    // A code or symbol followed by a number that is not its
                    // cents belongs to that number ("Q3 2024 EUR 5m").
                    return out;
                }
                out.push(self.matched(whole.start(), end, v, form, qualifier, false));
            }
        }
        out
    }

    /// The hundredths written after a whole sum ("3 dollars 50 cents",
    /// "thirteen dollars and forty-five cents", "$20 43"): the length of
    /// that tail and its value. A bare number counts only at the end of the
    /// clause, so "$5 and 10 more" keeps its 10 apart.
    fn cents_after(&self, after: &str, whole: Decimal) -> Option<(usize, Decimal)> {
        if !whole.fract().is_zero() {
            return None;
        }
        let caps = self.tail.captures(after)?;
        let n = caps.name("n")?.as_str();
        let value = number::digits(n)
            .filter(|_| n.starts_with(|c: char| c.is_ascii_digit()))
            .or_else(|| number::spelled(n))?;
        if value >= Decimal::from(100) {
            return None;
        }
        let end = caps.get(0)?.end();
        let rest = &after[end..];
        let clause_ends = rest.is_empty()
            || rest.starts_with(['.', ',', ';', ')', '!', '?', '\n'])
            || rest.starts_with(" and ");
        if caps.name("unit").is_none() && !clause_ends {
            return None;
        }
        Some((end, value / Decimal::from(100)))
    }

    /// One amount of `form` at `start..end`.
    fn matched(
        &self,
        start: usize,
        end: usize,
        value: Decimal,
        form: &Form,
        qualifier: Option<Qualifier>,
        range_start: bool,
    ) -> MoneyMatch {
        let currency = form.codes[0];
        let class = if form.codes.len() > 1 && currency == Currency::USD {
            FormClass::Dollar
        } else if form
            .text
            .as_bytes()
            .get(..5)
            .is_some_and(|head| head.eq_ignore_ascii_case(b"manat"))
        {
            // Starts with "manat" in any ASCII case, without lower-casing
            // the whole form into a String per sum.
            FormClass::Manat
        } else {
            FormClass::Other
        };
        MoneyMatch {
            span: Span::new(start, end),
            value: value.normalize(),
            currency,
            qualifier,
            currency_assumed: form.assumed,
            range_start,
            form: class,
        }
    }

    /// The amounts of a segmented document: [`find_iter`](Self::find_iter)
    /// restricted to sums inside a sentence, in text order, with ambiguous
    /// currencies settled from the document's body (page furniture is not
    /// read: a teaser's "A$2 billion" does not make the article's `$`
    /// Australian), ranges and equivalent sums
    /// linked by index into the returned list, and `usd` from the rate of
    /// `published` (or the nearest earlier date in the table).
    pub fn find(
        &self,
        text: &str,
        segmentation: &Segmentation,
        published: Option<Date>,
    ) -> Vec<Amount> {
        // Only the body has sentences: furniture is not read.
        let all: Vec<MoneyMatch> = self
            .find_in(text, Cow::Borrowed(&segmentation.body))
            .collect();
        if all.is_empty() {
            return Vec::new();
        }
        let dollar = dollar_context(&all);
        let manat = all
            .iter()
            .any(|m| m.form == FormClass::Manat)
            .then(|| manat_context(text))
            .flatten();
        let mut amounts: Vec<Amount> = Vec::with_capacity(all.len());
        let mut range_open = false;
        for m in &all {
            let Some(sentence) = segmentation.sentence_of(m.span) else {
                range_open = false;
                continue;
            };
            let currency = match m.form {
                FormClass::Dollar => dollar.unwrap_or(m.currency),
                FormClass::Manat => manat.unwrap_or(m.currency),
                FormClass::Other => m.currency,
            };
            let range_with = if range_open {
                let prev = amounts.len() - 1;
                amounts[prev].range_with = Some(AmountIdx::new(amounts.len()));
                Some(AmountIdx::new(prev))
            } else {
                None
            };
            range_open = m.range_start;
            let (usd, usd_rate_date) = self.usd(m.value, currency, published);
            amounts.push(Amount {
                span: m.span,
                sentence,
                value: m.value,
                currency,
                usd,
                qualifier: m.qualifier,
                currency_assumed: m.currency_assumed,
                usd_rate_date,
                range_with,
                same_as: None,
            });
        }
        link_equivalents(text, &mut amounts);
        amounts
    }

    /// `value` in US dollars and the date of the rate used.
    fn usd(
        &self,
        value: Decimal,
        currency: Currency,
        published: Option<Date>,
    ) -> (Option<Decimal>, Option<Date>) {
        if currency == Currency::USD {
            return (Some(value), None);
        }
        let Some((date, rate)) = published.and_then(|p| self.rates.on(currency, p)) else {
            return (None, None);
        };
        let usd = value.checked_mul(rate).map(|v| v.round_dp(2).normalize());
        (usd, usd.map(|_| date))
    }
}

/// The one non-US dollar currency the document writes explicitly, when it
/// never writes US dollars explicitly: what its bare `$` means.
fn dollar_context(all: &[MoneyMatch]) -> Option<Currency> {
    let explicit = |m: &&MoneyMatch| m.form == FormClass::Other;
    let dollars: Vec<Currency> = all
        .iter()
        .filter(explicit)
        .map(|m| m.currency)
        .filter(|c| {
            matches!(
                c.as_str(),
                "USD" | "CAD" | "AUD" | "NZD" | "HKD" | "SGD" | "TWD"
            )
        })
        .collect();
    let first = *dollars.first()?;
    (first != Currency::USD && dollars.iter().all(|&c| c == first)).then_some(first)
}

/// AZN or TMT, by the country the text names more often.
fn manat_context(text: &str) -> Option<Currency> {
    let count = |code: &str| -> usize {
        MANAT_CONTEXT
            .iter()
            .filter(|(_, c)| *c == code)
            .map(|(name, _)| text.matches(name).count())
            .sum()
    };
    let (azn, tmt) = (count("AZN"), count("TMT"));
    match azn.cmp(&tmt) {
        std::cmp::Ordering::Greater => Currency::new("AZN"),
        std::cmp::Ordering::Less => Currency::new("TMT"),
        std::cmp::Ordering::Equal => None,
    }
}

/// Links sums that restate each other in another currency: an amount
/// followed by a parenthesis holding others ("8,000 yuan ($1,104)",
/// "£5 billion (5.8 billion euros, $6.4 billion)") or by ", or" ("KZT 1.2
/// trillion, or about $2.5 billion").
fn link_equivalents(text: &str, amounts: &mut [Amount]) {
    let mut in_paren = false;
    for j in 1..amounts.len() {
        let (a, b) = (amounts[j - 1], amounts[j]);
        if a.range_with == Some(AmountIdx::new(j)) || a.sentence != b.sentence {
            in_paren = false;
            continue;
        }
        let between = text[a.span.end()..b.span.start()]
            .trim()
            .to_ascii_lowercase();
        let rest = between.trim_start_matches(',').trim();
        let opens = rest.starts_with('(') && !rest.contains(')');
        let continues = in_paren && matches!(between.as_str(), "," | ";" | "or" | ", or" | "/");
        let or_form = !in_paren
            && strip_filler(rest.strip_prefix("or").unwrap_or("x")).is_empty()
            && between.starts_with(',');
        let linked = (opens && strip_filler(rest[1..].trim()).is_empty()) || continues || or_form;
        if !linked {
            in_paren = false;
            continue;
        }
        let head = a.same_as.unwrap_or(AmountIdx::new(j - 1));
        let group_currencies: Vec<Currency> = amounts[..j]
            .iter()
            .filter(|m| m.same_as == Some(head))
            .map(|m| m.currency)
            .chain([a.currency])
            .collect();
        if group_currencies.contains(&b.currency) {
            in_paren = false;
            continue;
        }
        amounts[head.get()].same_as = Some(head);
        amounts[j - 1].same_as = Some(head);
        amounts[j].same_as = Some(head);
        in_paren = opens || continues;
    }
}

/// `s` without the hedging words that may sit between a sum and its
/// restatement ("about", "approx.", "equivalent to").
fn strip_filler(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s;
        for w in [
            "about",
            "around",
            "approximately",
            "approx.",
            "roughly",
            "some",
            "nearly",
            "almost",
            "equivalent to",
            "equal to",
            "or",
            "~",
            "≈",
            "i.e.",
            "over",
            "more than",
        ] {
            if let Some(rest) = s.strip_prefix(w) {
                if rest.is_empty() || rest.starts_with(' ') || !w.ends_with(char::is_alphabetic) {
                    s = rest.trim_start();
                }
            }
        }
        if s == before {
            return s;
        }
    }
}

/// The name of the capture group in the spelled-number branch of the
/// pattern that stands for `name` in the digits branch.
fn spelled_group(name: &str) -> &'static str {
    match name {
        "n2" => "n3",
        "s2" => "s3",
        "r2" => "r3",
        "n2b" => "n3b",
        "s2b" => "s3b",
        "word" => "word3",
        "sub" => "sub3",
        _ => "none",
    }
}

/// Whether `before` ends with the word `word` and a space.
fn ends_with_word(before: &str, word: &str) -> bool {
    let Some(b) = before.strip_suffix(' ') else {
        return false;
    };
    let tail_start = b.len().saturating_sub(word.len());
    b.is_char_boundary(tail_start)
        && b[tail_start..].eq_ignore_ascii_case(word)
        && b[..tail_start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// A four-digit year between 1900 and 2099.
fn is_year(n: &str) -> bool {
    n.len() == 4
        && (n.starts_with("19") || n.starts_with("20"))
        && n.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a number after `before` reads as a year ("in 2023", "since 2019").
fn year_context(before: &str) -> bool {
    ["in", "since", "by", "until", "of", "from", "for", "year"]
        .iter()
        .any(|w| ends_with_word(before, w))
}

/// The qualifier word(s) that end `before`, followed by one space.
///
/// Read in the last 16 bytes before the space (from a character boundary),
/// without lower-casing them into a String per sum: a qualifier (lower-case
/// ASCII) ends the tail when the tail's last bytes equal it in ASCII case
/// folding, which is what ending its ASCII lower case means; the word
/// starts on a character boundary since its first byte is ASCII (unit test
/// `qualifier_read_in_place_as_in_a_lower_cased_copy`).
fn qualifier_before(before: &str) -> Option<Qualifier> {
    let tail = qualifier_tail(before)?;
    QUALIFIERS.iter().find_map(|(word, q)| {
        let rest_len = tail.len().checked_sub(word.len())?;
        if !tail.as_bytes()[rest_len..].eq_ignore_ascii_case(word.as_bytes()) {
            return None;
        }
        let boundary = tail[..rest_len]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        boundary.then_some(*q)
    })
}

/// The text [`qualifier_before`] reads: at most the last 16 bytes of
/// `before` without its final space, from a character boundary.
fn qualifier_tail(before: &str) -> Option<&str> {
    let before = before.strip_suffix(' ')?;
    let tail_start = before.len().saturating_sub(16);
    let tail_start = (tail_start..before.len()).find(|&i| before.is_char_boundary(i))?;
    Some(&before[tail_start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_read_by_one_alternative_equal_the_whole_patterns() {
        let money = MoneyExtractor::new();
        let text = "The fund raised $1.7 billion, US$ 300m and EUR 5-6 million in 2024; \
            between $4 and $6 billion went to 12 firms. It paid 40 billion tenge ($80 million), \
            8,000 yuan, 1 000 000 rubles, 283 billion yuan and 2.5bn USD, 10$ and 100₾, \
            two billion dollars, a billion euros, half a million pounds and fifty cents. \
            Sales of 500mn USD, 20Rs, 3.14US$, C$ 300 million, €20m, ¥5 trillion and £5 billion \
            (5.8 billion euros, $6.4 billion) topped 3 dollars 50 cents; from 40 to 55 billion tenge.";
        let names: Vec<&str> = money
            .pattern
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
            .flatten()
            .collect();
        // My sentence above, the testkit's news pieces run together, and
        // the benchmark texts (the bundled corpus, or every text under
        // `DEALX_BENCH_TEXT`): the branches, built without a lazy DFA or
        // prefilter, must read the groups the whole pattern reads.
        let mut texts = vec![text.to_string()];
        let pieces = dealx_testkit::NEWS_PIECES;
        for step in 1..=7 {
            texts.push(
                (0..pieces.len() * 3)
                    .map(|i| pieces[(i * step) % pieces.len()])
                    .collect(),
            );
        }
        texts.extend(dealx_testkit::bench_texts());
        let mut slots = money.slots();
        let mut whole = money.pattern.create_captures();
        let mut seen = 0;
        for text in &texts {
            let text = text.as_str();
            let mut pos = 0;
            while let Some(m) = money.pattern.find(Input::new(text).span(pos..text.len())) {
                let input = Input::new(text).span(m.start()..text.len());
                money.pattern.search_captures(&input, &mut whole);
                let caps = money.read_groups(text, m.start(), m.end(), &mut slots);
                let want = |name: &str| whole.get_group_by_name(name).map(|s| (s.start, s.end));
                let got = |name: &str| caps.name(name).map(|g| (g.start(), g.end()));
                assert_eq!(
                    caps.get(0).map(|g| (g.start(), g.end())),
                    want_whole(&whole)
                );
                for name in &names {
                    assert_eq!(
                        got(name),
                        want(name),
                        "group {name} of {:?}",
                        &text[m.range()]
                    );
                }
                seen += 1;
                pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        assert!(seen >= 30, "{seen} matches");

        fn want_whole(c: &Slots) -> Option<(usize, usize)> {
            c.get_match().map(|m| (m.start(), m.end()))
        }
    }

    /// Invented sums around every symbol of the table (in three cases),
    /// codes, every scale word (whole, cut short, in other cases), ranges and spelled numbers, at the start and
    /// end of the text and next to non-ASCII letters.
    fn invented_sums() -> Vec<String> {
        let forms = tables::forms(tables::CURRENCY_FORMS);
        let mut symbols: Vec<String> = Vec::new();
        for f in forms.iter().filter(|f| f.kind == FormKind::Symbol) {
            symbols.push(f.text.clone());
            symbols.push(f.text.to_ascii_lowercase());
            symbols.push(f.text.to_ascii_uppercase());
        }
        let numbers = [
            "5",
            "1.2",
            "1,500",
            "3 000",
            "1.000.000",
            "12bn",
            "7m",
            "4 million",
            "2-3",
            "10 to 20",
            "5 and 6 billion",
            "1,5 млн",
            "3 thousand",
            "2 Trillion",
            "5 lakhs",
            "7 crore",
            "1.5 trln",
            "9mln",
            "2 BLN",
            "4MN",
            "6tn",
            "8k",
            "3B",
            "5 milli",
            "2 bil",
        ];
        let before = ["", "of ", "at least ", "é", "ж ", "(", "x", "Ü-", "2023 "];
        let after = [
            "",
            " dollars",
            " USD",
            ".",
            "é",
            " в",
            "/USD",
            " and 50 cents",
            " 43",
            "$",
        ];
        let mut texts = Vec::new();
        for (i, sym) in symbols.iter().enumerate() {
            for (j, n) in numbers.iter().enumerate() {
                let b = before[(i + j) % before.len()];
                let a = after[(i * 3 + j) % after.len()];
                texts.push(format!("{b}{sym}{n}{a}"));
                texts.push(format!("{b}{sym} {n}{a}"));
                texts.push(format!("{b}{n}{sym}{a}"));
                texts.push(format!("{b}{sym}{n}-{sym}{n}{a}"));
                texts.push(format!("{b}{sym}{n} to {sym} {n}{a}"));
            }
        }
        for t in [
            "$1.2bn",
            "US$1.2bn",
            "us$ 5",
            "EUR 5-6 million",
            "USD 10 to USD 12 billion",
            "two billion dollars",
            "half a million pounds",
            "fifty cents",
            "1,5 млн рублей",
            "€20m",
            "20€",
            "RM5",
            "Rs. 500 crore",
            "Rs500",
            "rs 500",
            "L.E. 20",
            "HK $ 3",
            "u.s $ 7",
            "U.S. $7",
            "between $4 and $6 billion",
            "3 dollars 50 cents",
        ] {
            texts.push(t.to_string());
            texts.push(format!("Цена {t}."));
        }
        texts
    }

    #[test]
    fn grouped_symbols_and_scales_read_as_the_flat_ones() {
        let new = MoneyExtractor::new();
        let old = MoneyExtractor::built_with(flat_symbols_before, &flat_scale_words());
        let pieces = dealx_testkit::NEWS_PIECES;
        let mut texts = invented_sums();
        // All the invented sums run together, and the news pieces.
        texts.push(texts.join(" "));
        texts.extend(pieces.iter().map(|p| p.to_string()));
        texts.push(pieces.concat());
        let names: Vec<&str> = old
            .pattern
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
            .flatten()
            .collect();
        let (mut old_slots, mut new_slots) = (old.slots(), new.slots());
        let mut seen = 0;
        for text in &texts {
            let text = text.as_str();
            assert_eq!(
                new.find_iter(text).collect::<Vec<_>>(),
                old.find_iter(text).collect::<Vec<_>>(),
                "{text:?}"
            );
            // Every match the flat pattern finds from every character.
            for (pos, _) in text.char_indices() {
                let input = Input::new(text).span(pos..text.len());
                let m = old.pattern.find(input.clone());
                assert_eq!(new.pattern.find(input), m, "{text:?} from {pos}");
                let Some(m) = m else { break };
                let o = old.read_groups(text, m.start(), m.end(), &mut old_slots);
                let n = new.read_groups(text, m.start(), m.end(), &mut new_slots);
                let span = |g: Option<Group<'_>>| g.map(|g| (g.start(), g.end()));
                assert_eq!(span(n.get(0)), span(o.get(0)));
                for name in &names {
                    assert_eq!(span(n.name(name)), span(o.name(name)), "{name} in {text:?}");
                }
                seen += 1;
            }
        }
        assert!(seen >= 5000, "{seen} matches");
    }

    /// [`qualifier_before`] as it was written, on a lower-cased copy of
    /// the tail.
    fn qualifier_in_a_copy(before: &str) -> Option<Qualifier> {
        let tail = qualifier_tail(before)?.to_ascii_lowercase();
        QUALIFIERS.iter().find_map(|(word, q)| {
            let rest = tail.strip_suffix(word)?;
            let boundary = rest
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            boundary.then_some(*q)
        })
    }

    #[test]
    fn qualifier_read_in_place_as_in_a_lower_cased_copy() {
        // Every qualifier in three cases, after words, letters (ASCII and
        // not), digits and punctuation, cut at every length, and with or
        // without the space after it.
        let mut seen = 0;
        for (word, _) in QUALIFIERS {
            for cased in [word.to_string(), word.to_ascii_uppercase(), {
                let mut w = word.to_string();
                w[..1].make_ascii_uppercase();
                w
            }] {
                for lead in [
                    "",
                    " ",
                    "x",
                    "é",
                    "Ж",
                    "5",
                    "(",
                    "they paid ",
                    "ééééééé",
                    "so-",
                ] {
                    let full = format!("{lead}{cased} ");
                    for cut in 0..=full.len() {
                        if !full.is_char_boundary(cut) {
                            continue;
                        }
                        let text = &full[cut..];
                        let want = qualifier_in_a_copy(text);
                        assert_eq!(qualifier_before(text), want, "{text:?}");
                        seen += usize::from(want.is_some());
                        let bare = text.strip_suffix(' ').unwrap_or(text);
                        assert_eq!(qualifier_before(bare), qualifier_in_a_copy(bare));
                    }
                }
            }
        }
        assert!(seen >= 200, "{seen} qualifiers");
    }

    /// The parts of the branches written out.
    fn written_parts(forms: &[Form]) -> Parts {
        let words = fold_case(
            forms
                .iter()
                .filter(|f| f.kind == FormKind::Word)
                .map(|f| f.text.as_str()),
        );
        let [codes, symbols, symbols_after] = form_alternations(forms);
        Parts {
            words,
            codes,
            symbols,
            symbols_after,
        }
    }

    #[test]
    fn branches_with_the_parts_put_in_equal_the_parsed_branches() {
        let forms = tables::forms(tables::CURRENCY_FORMS);
        let parse = |p: &str| regex_automata::util::syntax::parse(p).unwrap();
        // The branches as they were written before the holes: each
        // alternation itself in place.
        let whole = branch_patterns(&forms, &written_parts(&forms));
        let holed = branch_patterns(&forms, &Parts::holes());
        let [words_hole, codes_hole, ..] = HOLE_NAMES;
        assert_eq!(holed.iter().filter(|p| p.contains(words_hole)).count(), 2);
        assert_eq!(holed[0].matches(codes_hole).count(), 3);
        let words = parse(&words_pattern(&forms));
        let [codes, symbols, symbols_after] =
            form_alternations(&forms).map(|p| parse(&format!("(?x)(?:{p})")));
        let parts: Vec<Part> = HOLE_NAMES
            .into_iter()
            .zip([words, codes, symbols, symbols_after])
            .map(|(name, tree)| Part::new(name, tree, &holed))
            .collect();
        for (whole, holed) in whole.iter().zip(&holed) {
            let mut next_index = 1;
            let composed = compose(parse(&number_holes(holed)), &parts, &mut next_index);
            assert!(composed == parse(whole), "the composed branch differs");
        }
    }

    #[test]
    fn built_words_equal_the_parsed_words() {
        let forms = tables::forms(tables::CURRENCY_FORMS);
        let parsed = regex_automata::util::syntax::parse(&words_pattern(&forms)).unwrap();
        assert!(words_tree(&forms) == parsed, "the built words tree differs");
        // And with forms that end inside the grouped characters, share
        // every prefix, or hold spaces and punctuation.
        let mut mine = forms.clone();
        for text in [
            "a", "ab", "abc", "abcd", "abcde", "Ab Cd", "x.y", "q-r", "s&t", "zz",
        ] {
            mine.push(Form {
                text: text.to_string(),
                kind: FormKind::Word,
                codes: forms[0].codes.clone(),
                assumed: false,
            });
        }
        let parsed = regex_automata::util::syntax::parse(&words_pattern(&mine)).unwrap();
        assert!(words_tree(&mine) == parsed, "the built words tree differs");
    }

    #[test]
    fn whole_pattern_equals_the_parsed_alternation() {
        let forms = tables::forms(tables::CURRENCY_FORMS);
        let parts = Parts {
            words: words_pattern(&forms),
            ..written_parts(&forms)
        };
        let [a, b, c] = branch_patterns(&forms, &parts);
        let parse = |p: &str| regex_automata::util::syntax::parse(p).unwrap();
        let parsed = parse(&format!(r"(?x)(?:{a}|{b}|{c})"));
        let composed = whole_pattern([parse(&a), parse(&b), parse(&c)]);
        assert!(composed == parsed, "the composed money tree differs");
    }

    #[test]
    fn grouped_words_match_as_the_flat_alternation() {
        let forms = tables::forms(tables::CURRENCY_FORMS);
        let words: Vec<&str> = forms
            .iter()
            .filter(|f| f.kind == FormKind::Word && f.text.is_ascii())
            .map(|f| f.text.as_str())
            .collect();
        assert!(words.len() > 300);
        let flat = alternation(words.iter().map(|f| form_regex(f)).collect());
        let grouped = grouped_alternation(&words);
        // As the branches use them: in verbose mode, a word boundary after.
        let build = |w: &str| Regex::new(&format!(r"(?x)^(?i-u:{w})(?-u:\b)")).unwrap();
        let (flat, grouped) = (build(&flat), build(&grouped));
        let mut texts: Vec<String> = Vec::new();
        for w in &words {
            for i in 1..=w.len() {
                let head = &w[..i];
                texts.push(head.to_string());
                texts.push(head.to_ascii_uppercase());
                texts.push(format!("{head} of"));
                texts.push(format!("{head}s."));
                texts.push(format!("{head}-"));
            }
        }
        let mut matched = 0;
        for t in &texts {
            let want = flat.find(t).map(|m| m.range());
            matched += usize::from(want.is_some());
            assert_eq!(grouped.find(t).map(|m| m.range()), want, "{t:?}");
        }
        assert!(matched > 1000, "{matched} of {} texts matched", texts.len());
    }

    #[test]
    fn every_form_is_found_by_its_text_in_any_case() {
        let money = MoneyExtractor::new();
        for f in &money.forms {
            let exact = money.form(&f.text, f.kind).expect("a form of the table");
            assert_eq!(exact.text, f.text);
            let first = money
                .forms
                .iter()
                .find(|g| g.kind == f.kind && g.text == f.text);
            assert!(std::ptr::eq(exact, first.unwrap()), "{:?}", f.text);
            let upper = f.text.to_ascii_uppercase();
            let found = money.form(&upper, f.kind).expect("found in any case");
            assert!(found.text.eq_ignore_ascii_case(&upper), "{upper:?}");
            let spaced = format!(" {}  ", f.text.replace(' ', "  "));
            assert_eq!(
                money.form(&spaced, f.kind).map(|g| &g.text),
                Some(&exact.text)
            );
        }
        // Longer than the look-up's stack buffer.
        let long = "Dollars ".repeat(8);
        assert!(money.form(&long, FormKind::Word).is_none());
        assert!(money.form("", FormKind::Code).is_none());
    }

    #[test]
    fn extractor_is_send_sync() {
        fn assert_traits<T: Send + Sync + std::panic::UnwindSafe>() {}
        assert_traits::<MoneyExtractor>();
    }

    #[test]
    fn tables_parse_completely() {
        let rows = tables::CURRENCY_FORMS.lines().count() - 1;
        assert_eq!(tables::forms(tables::CURRENCY_FORMS).len(), rows);
        let rates = Rates::parse(tables::RATES);
        let kzt = Currency::new("KZT").unwrap();
        let d: Date = "2025-03-01".parse().unwrap();
        assert_eq!(rates.on(kzt, d).unwrap().0.to_string(), "2025-01-12");
        assert!(rates.on(kzt, "2024-12-31".parse().unwrap()).is_none());
    }
}
