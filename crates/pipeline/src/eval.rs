//! Scoring extraction against gold annotations: what `dealx eval` runs.
//!
//! The rules are those of `../shared/eval/GOLD.md` ("How a system is scored
//! against gold") as the reference scorer `../shared/eval/score docs`
//! implements them, and the figures agree with it to the printed digit
//! (a test in `tests/eval.rs` runs both):
//!
//! - **entities**, per type: a document's system mentions of one type are
//!   grouped into distinct entities by normalised canonical name (see
//!   [`norm_name`]); a group matches a gold entity of the same type when any
//!   of its keys (the canonical name or a surface text) equals the gold name
//!   or one of its aliases. `entities` pools the four types.
//! - **amounts**: a multiset per document; a match needs the same currency
//!   (when gold gives one) and a value within 0.5% of the gold value (exact
//!   for 0).
//! - **dates**: a multiset of values per document, exact string match.
//! - **deals**: a system deal matches a gold deal when their amounts match
//!   (or both have none) and they share at least one party, parties being
//!   compared through the gold entities' aliases.
//! - Matching is one-to-one, a maximum bipartite matching
//!   ([`max_matching`]); counts are pooled over documents (micro average);
//!   a gold id with no system record counts as an empty record.
//! - precision = tp/system and recall = tp/gold; with nothing predicted,
//!   precision is 1 when gold is empty too and 0 otherwise (and the same for
//!   recall with nothing in gold); see [`prf`].
//!
//! Gold files and system records are read as untyped JSON
//! ([`serde_json::Value`]) on purpose: a draft gold file with a missing
//! field, or the output of another tool, is scored the way the reference
//! scorer scores it rather than rejected.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

use crate::{Extractor, InputError, Item};

/// The entity types scored one by one.
pub const ENTITY_TYPES: [&str; 4] = ["leader", "company", "organization", "place"];

/// The scored categories in the order of the reference scorer: the four
/// entity types, then amounts, dates and deals.
pub const CATEGORIES: [&str; 7] = [
    "leader",
    "company",
    "organization",
    "place",
    "amounts",
    "dates",
    "deals",
];

/// Every field a figure is reported for, in table order: the categories
/// with `entities` (all four types pooled) after `place`.
pub const FIELDS: [&str; 8] = [
    "leader",
    "company",
    "organization",
    "place",
    "entities",
    "amounts",
    "dates",
    "deals",
];

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A gold file is not a JSON object.
    #[error("{path}: not a gold file ({reason})")]
    BadGold {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The gold directory holds no `*.json` file.
    #[error("no *.json gold files in {0}")]
    NoGold(PathBuf),
    /// A baseline file is not the JSON that `dealx eval --json` writes.
    #[error("{path}: not a `dealx eval --json` file ({reason})")]
    BadBaseline {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A quality floor file is malformed.
    #[error("{path}: {reason}")]
    BadFloors {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

// ---------------------------------------------------------------------------
// The matching rules
// ---------------------------------------------------------------------------

/// A name reduced to the key that names are compared by: Unicode NFKD,
/// accents (combining characters) dropped, case folded, surrounding space
/// trimmed, a leading "the " dropped, then every character that is not a
/// letter or digit removed. So punctuation and spacing never matter.
///
/// ```
/// use dealx_pipeline::eval::norm_name;
///
/// assert_eq!(norm_name("U.S."), norm_name("US"));
/// assert_eq!(norm_name("Kassym-Jomart"), "kassymjomart");
/// assert_eq!(norm_name("The World Bank"), "worldbank");
/// assert_eq!(norm_name("Société Générale"), "societegenerale");
/// ```
pub fn norm_name(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.nfkd() {
        if canonical_combining_class(c) != 0 {
            continue;
        }
        case_fold_into(c, &mut folded);
    }
    let mut t = folded.trim_matches(is_py_space);
    if let Some(rest) = t.strip_prefix("the ") {
        t = rest;
    } else if let Some(rest) = t.strip_prefix("the\u{a0}") {
        t = rest;
    }
    t.chars().filter(|&c| is_py_alnum(c)).collect()
}

/// Unicode full case folding of one character: lower case, except where
/// folding differs from lowering (`ß` → `ss`, final sigma → `σ`, Cherokee
/// small letters → capitals, the Cyrillic letter variants).
fn case_fold_into(c: char, out: &mut String) {
    match c {
        'ß' | '\u{1E9E}' => out.push_str("ss"),
        'ς' => out.push('σ'),
        // Cherokee folds to the capital letters (which lowering would not
        // keep).
        '\u{13A0}'..='\u{13F5}' => out.push(c),
        '\u{13F8}'..='\u{13FD}' => out.push(char::from_u32(c as u32 - 8).unwrap_or(c)),
        '\u{AB70}'..='\u{ABBF}' => {
            out.push(char::from_u32(c as u32 - 0xAB70 + 0x13A0).unwrap_or(c))
        }
        // Cyrillic small letter variants (rounded ve, long-legged de, ...).
        '\u{1C80}' => out.push('в'),
        '\u{1C81}' => out.push('д'),
        '\u{1C82}' => out.push('о'),
        '\u{1C83}' => out.push('с'),
        '\u{1C84}' | '\u{1C85}' => out.push('т'),
        '\u{1C86}' => out.push('ъ'),
        '\u{1C87}' => out.push('ѣ'),
        '\u{1C88}' => out.push('ꙋ'),
        _ => out.extend(c.to_lowercase()),
    }
}

/// White space as Python's `str.isspace` sees it.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// A letter or digit as Python's `str.isalnum` sees it: Rust's alphabetic
/// property also counts combining vowel signs, which Python does not.
fn is_py_alnum(c: char) -> bool {
    (c.is_alphabetic() && !is_combining_mark(c)) || c.is_numeric()
}

/// Precision, recall and F1 of `tp` true positives among `n_sys` system
/// items and `n_gold` gold items.
///
/// With nothing predicted, precision is 1.0 when gold is empty too and 0.0
/// otherwise; with nothing in gold, recall is 1.0 when nothing was
/// predicted and 0.0 otherwise; F1 is 0.0 when precision and recall are.
///
/// ```
/// use dealx_pipeline::eval::prf;
///
/// assert_eq!(prf(0, 0, 0), (1.0, 1.0, 1.0));
/// assert_eq!(prf(0, 0, 3), (0.0, 0.0, 0.0));
/// assert_eq!(prf(0, 2, 0), (0.0, 0.0, 0.0));
/// ```
pub fn prf(tp: usize, n_sys: usize, n_gold: usize) -> (f64, f64, f64) {
    let p = if n_sys > 0 {
        tp as f64 / n_sys as f64
    } else if n_gold == 0 {
        1.0
    } else {
        0.0
    };
    let r = if n_gold > 0 {
        tp as f64 / n_gold as f64
    } else if n_sys == 0 {
        1.0
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// `x` rounded to 4 decimals, halves to even on the exact binary value, as
/// Python's `round(x, 4)`: the figures the reference scorer reports.
pub fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

/// A maximum one-to-one matching between `n_left` system items and
/// `n_right` gold items, where `edge(i, j)` says whether system item `i` may
/// match gold item `j`. Returns the matched pairs `(i, j)`, sorted.
///
/// Kuhn's augmenting paths, with left nodes that have fewer options tried
/// first; the same procedure and order as the reference scorer, so the same
/// items are reported as missed.
///
/// ```
/// use dealx_pipeline::eval::max_matching;
///
/// // System 0 could take gold 0 or 1, system 1 only gold 0: both match.
/// let pairs = max_matching(2, 2, |i, j| (i, j) != (1, 1));
/// assert_eq!(pairs, [(0, 1), (1, 0)]);
/// ```
pub fn max_matching(
    n_left: usize,
    n_right: usize,
    edge: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let adj: Vec<Vec<usize>> = (0..n_left)
        .map(|i| (0..n_right).filter(|&j| edge(i, j)).collect())
        .collect();
    let mut match_r: Vec<Option<usize>> = vec![None; n_right];
    fn try_assign(
        i: usize,
        adj: &[Vec<usize>],
        seen: &mut [bool],
        match_r: &mut [Option<usize>],
    ) -> bool {
        for &j in &adj[i] {
            if seen[j] {
                continue;
            }
            seen[j] = true;
            let free = match match_r[j] {
                None => true,
                Some(other) => try_assign(other, adj, seen, match_r),
            };
            if free {
                match_r[j] = Some(i);
                return true;
            }
        }
        false
    }
    let mut order: Vec<usize> = (0..n_left).collect();
    order.sort_by_key(|&i| adj[i].len());
    let mut seen = vec![false; n_right];
    for i in order {
        seen.iter_mut().for_each(|s| *s = false);
        try_assign(i, &adj, &mut seen, &mut match_r);
    }
    let mut pairs: Vec<(usize, usize)> = match_r
        .iter()
        .enumerate()
        .filter_map(|(j, i)| i.map(|i| (i, j)))
        .collect();
    pairs.sort_unstable();
    pairs
}

// --- Python-like views of untyped JSON, so odd input scores as it does there.

/// Python truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// `obj.get(key)` of a JSON object (anything else has no keys).
fn get<'v>(obj: &'v Value, key: &str) -> Option<&'v Value> {
    obj.as_object().and_then(|o| o.get(key))
}

/// `obj.get(key) or default`: the value when it is truthy.
fn get_truthy<'v>(obj: &'v Value, key: &str) -> Option<&'v Value> {
    get(obj, key).filter(|v| truthy(v))
}

/// Python's `str(v)` of a JSON scalar.
fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.is_finite() && f == f.trunc() && f.abs() < 1e16 => {
                format!("{f:.1}")
            }
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// What Python's `repr` prints for a JSON value as `json.load` reads it.
/// Object keys come in the order a dealx record writes them (`name`,
/// `type`, `id` first, as for deal parties), then in sorted order, since
/// the parsed object no longer knows the order of the text.
fn py_repr(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let quote = if s.contains('\'') && !s.contains('"') {
                '"'
            } else {
                '\''
            };
            let mut out = String::from(quote);
            for c in s.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    c if c == quote => {
                        out.push('\\');
                        out.push(c);
                    }
                    c => out.push(c),
                }
            }
            out.push(quote);
            out
        }
        Value::Array(a) => format!("[{}]", a.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => {
            let first = ["name", "type", "id"];
            let mut keys: Vec<&String> = first
                .iter()
                .filter_map(|k| o.get_key_value(*k).map(|(k, _)| k))
                .collect();
            keys.extend(o.keys().filter(|k| !first.contains(&k.as_str())));
            let items: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}: {}",
                        py_repr(&Value::String((*k).clone())),
                        py_repr(&o[*k])
                    )
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        other => py_str(other),
    }
}

/// The items Python's `for x in (v or [])` visits: list elements, the
/// characters of a string, the keys of an object.
fn py_iter(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::String(s)) => s.chars().map(|c| Value::String(c.to_string())).collect(),
        Some(Value::Object(o)) => o.keys().map(|k| Value::String(k.clone())).collect(),
        _ => Vec::new(),
    }
}

/// The JSON objects in the list `obj[key]`.
fn objects<'v>(obj: &'v Value, key: &str) -> Vec<&'v Value> {
    match get(obj, key) {
        Some(Value::Array(a)) => a.iter().filter(|v| v.is_object()).collect(),
        _ => Vec::new(),
    }
}

/// [`norm_name`] of a JSON value (`null` → empty).
fn norm_value(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(v) => norm_name(&py_str(v)),
    }
}

/// A number as the reference scorer reads one: JSON numbers, and strings
/// that parse as numbers (thousands commas allowed); not booleans.
fn to_float(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let parse = |t: &str| t.trim().replace('_', "").parse::<f64>().ok();
            parse(s).or_else(|| parse(&s.replace(',', "")))
        }
        _ => None,
    }
}

/// Money values match within 0.5% of the gold value (exactly for 0).
fn value_close(sv: Option<&Value>, gv: Option<&Value>) -> bool {
    let (Some(sv), Some(gv)) = (to_float(sv), to_float(gv)) else {
        return false;
    };
    if gv == 0.0 {
        return sv == 0.0;
    }
    (sv - gv).abs() <= 0.005 * gv.abs()
}

/// A currency code, trimmed and upper-cased; `None` when absent or empty.
fn currency(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(v) => Some(py_str(v).trim().to_uppercase()),
    }
}

/// Does system amount `s` match gold amount `g`?
fn amount_match(s: &Value, g: &Value) -> bool {
    if !s.is_object() || !g.is_object() {
        return false;
    }
    if let Some(gc) = currency(get(g, "currency")) {
        if currency(get(s, "currency")).as_deref() != Some(gc.as_str()) {
            return false;
        }
    }
    value_close(get(s, "value"), get(g, "value"))
}

/// Do two deal amounts match: both absent, or both present and matching?
fn deal_amount_match(s: Option<&Value>, g: Option<&Value>) -> bool {
    let none = |a: Option<&Value>| match a {
        Some(a) if a.is_object() => to_float(get(a, "value")).is_none(),
        _ => true,
    };
    match (none(s), none(g)) {
        (true, true) => true,
        (false, false) => amount_match(s.unwrap_or(&Value::Null), g.unwrap_or(&Value::Null)),
        _ => false,
    }
}

/// The keys a gold entity answers to: its name and its aliases, normalised.
fn gold_entity_keys(e: &Value) -> HashSet<String> {
    let mut keys: HashSet<String> = HashSet::new();
    keys.insert(norm_value(get(e, "name")));
    for a in py_iter(get_truthy(e, "aliases")) {
        keys.insert(norm_value(Some(&a)));
    }
    keys.remove("");
    keys
}

/// One distinct system entity: the mentions of one type that share a
/// normalised canonical name.
struct SystemEntity<'v> {
    name: String,
    keys: HashSet<String>,
    surfaces: Vec<String>,
    first: &'v Value,
}

fn system_entities<'v>(rec: &'v Value, etype: &str) -> Vec<SystemEntity<'v>> {
    let mut groups: Vec<SystemEntity<'v>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in objects(rec, "entities") {
        if get(e, "type").and_then(Value::as_str) != Some(etype) {
            continue;
        }
        let Some(name) = get_truthy(e, "name").or_else(|| get(e, "text")) else {
            continue;
        };
        let k = norm_value(Some(name));
        if k.is_empty() {
            continue;
        }
        let g = *index.entry(k.clone()).or_insert_with(|| {
            groups.push(SystemEntity {
                name: py_str(name),
                keys: HashSet::from([k.clone()]),
                surfaces: Vec::new(),
                first: e,
            });
            groups.len() - 1
        });
        if let Some(t) = get_truthy(e, "text") {
            let nk = norm_value(Some(t));
            if !nk.is_empty() {
                groups[g].keys.insert(nk);
            }
            let t = py_str(t);
            if !groups[g].surfaces.contains(&t) {
                groups[g].surfaces.push(t);
            }
        }
    }
    groups
}

fn party_keys(parties: Option<&Value>, alias_map: &HashMap<String, String>) -> HashSet<String> {
    let mut out = HashSet::new();
    for p in py_iter(parties.filter(|v| truthy(v))) {
        let p = if p.is_object() {
            get(&p, "name").cloned().unwrap_or(Value::Null)
        } else {
            p
        };
        let k = norm_value(Some(&p));
        if !k.is_empty() {
            out.insert(alias_map.get(&k).cloned().unwrap_or(k));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Findings: what was missed and what was wrongly found
// ---------------------------------------------------------------------------

/// The counts of one category: true positives, system items, gold items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Matched pairs.
    pub tp: usize,
    /// Items the system found.
    pub system: usize,
    /// Items in gold.
    pub gold: usize,
}

impl Counts {
    /// Precision, rounded to 4 decimals as reported.
    pub fn precision(&self) -> f64 {
        round4(prf(self.tp, self.system, self.gold).0)
    }
    /// Recall, rounded to 4 decimals as reported.
    pub fn recall(&self) -> f64 {
        round4(prf(self.tp, self.system, self.gold).1)
    }
    /// F1, rounded to 4 decimals as reported.
    pub fn f1(&self) -> f64 {
        round4(prf(self.tp, self.system, self.gold).2)
    }

    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.system += other.system;
        self.gold += other.gold;
    }

    /// The counts and figures as JSON, as `score docs --json` writes them.
    pub fn to_json(&self) -> Value {
        json!({
            "gold": self.gold, "system": self.system, "tp": self.tp,
            "precision": self.precision(), "recall": self.recall(), "f1": self.f1(),
        })
    }
}

/// Whether a finding is a gold item the system missed or a system item
/// that matches nothing in gold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// In gold, not found.
    Miss,
    /// Found, not in gold.
    FalsePositive,
}

impl FindingKind {
    /// `MISS` or `FP`, as `--per-doc` prints it.
    pub fn label(&self) -> &'static str {
        match self {
            FindingKind::Miss => "MISS",
            FindingKind::FalsePositive => "FP",
        }
    }
}

/// One missed or wrongly found item of one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The category (one of [`CATEGORIES`]).
    pub category: &'static str,
    /// Miss or false positive.
    pub kind: FindingKind,
    /// The item, described as the reference scorer describes it.
    pub text: String,
    /// The sentence it comes from, when the article text is at hand (for a
    /// missed deal, the gold summary).
    pub context: Option<String>,
}

/// The score of one document.
#[derive(Clone, Debug)]
pub struct DocScore {
    /// The document id.
    pub id: String,
    /// Counts per category, in [`CATEGORIES`] order.
    pub counts: [Counts; 7],
    /// Every miss and false positive, by category in [`CATEGORIES`] order.
    pub findings: Vec<Finding>,
    /// Gold `published`.
    pub published_gold: Value,
    /// System `published`.
    pub published_system: Value,
    /// Whether `published` agrees (both absent counts as agreeing).
    pub published_ok: bool,
    /// Whether there was no system record (scored as empty).
    pub missing_record: bool,
}

/// An article's text and sentence boundaries, to show findings in context.
#[derive(Clone, Debug, Default)]
pub struct ArticleText {
    /// The text as given.
    pub text: String,
    /// Sentence byte ranges, sorted.
    pub sentences: Vec<(usize, usize)>,
}

impl ArticleText {
    /// The sentence with index `i`, tidied for one line.
    fn sentence(&self, i: usize) -> Option<String> {
        let &(s, e) = self.sentences.get(i)?;
        self.text.get(s..e).map(one_line)
    }

    /// The sentence that holds byte `at` (or the line, outside sentences).
    fn sentence_at(&self, at: usize) -> Option<String> {
        if let Some(&(s, e)) = self.sentences.iter().find(|&&(s, e)| s <= at && at < e) {
            return self.text.get(s..e).map(one_line);
        }
        let start = self.text.get(..at)?.rfind('\n').map_or(0, |p| p + 1);
        let end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |p| at + p);
        Some(one_line(&self.text[start..end]))
    }

    /// The `nth` (0-based) occurrence of `needle`, or the last one.
    fn find(&self, needle: &str, nth: usize) -> Option<usize> {
        if needle.is_empty() {
            return None;
        }
        let hits: Vec<usize> = self.text.match_indices(needle).map(|(i, _)| i).collect();
        hits.get(nth).or(hits.last()).copied()
    }
}

/// Whitespace runs collapsed, trimmed, and cut to at most 240 characters.
fn one_line(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(240) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

fn fmt_amount(a: Option<&Value>) -> String {
    let Some(a) = a.filter(|a| a.is_object()) else {
        return "none".to_string();
    };
    let v = py_str(get(a, "value").unwrap_or(&Value::Null));
    let c = py_str(get(a, "currency").unwrap_or(&Value::Null));
    match get_truthy(a, "text") {
        Some(t) => format!("\"{}\" = {v} {c}", py_str(t)),
        None => format!("{v} {c}"),
    }
}

fn fmt_deal(d: &Value) -> String {
    let parties: Vec<String> = py_iter(get_truthy(d, "parties"))
        .iter()
        .map(|p| match p {
            Value::Object(_) => py_repr(p),
            other => py_str(other),
        })
        .collect();
    let amount = match get_truthy(d, "amount") {
        Some(a) => fmt_amount(Some(a)),
        None => "none".to_string(),
    };
    format!(
        "{} [{}] amount={amount} date={}",
        py_str(get(d, "kind").unwrap_or(&Value::Null)),
        parties.join(", "),
        py_str(get(d, "date").unwrap_or(&Value::Null)),
    )
}

fn fmt_date(d: &Value) -> String {
    format!(
        "{} (\"{}\")",
        py_str(get(d, "value").unwrap_or(&Value::Null)),
        py_str(get(d, "text").unwrap_or(&Value::Null))
    )
}

/// The sentence of a system mention: from its `sentence` index, else from
/// its `start` offset.
fn system_context(m: &Value, article: Option<&ArticleText>) -> Option<String> {
    let article = article?;
    if let Some(i) = get(m, "sentence").and_then(Value::as_u64) {
        if let Some(s) = article.sentence(i as usize) {
            return Some(s);
        }
    }
    let start = get(m, "start").and_then(Value::as_u64)?;
    article.sentence_at(start as usize)
}

/// The sentence of a gold mention whose text is `text`, the `nth` gold
/// mention with that text: its `nth` occurrence in the article.
fn gold_context(text: &str, nth: usize, article: Option<&ArticleText>) -> Option<String> {
    let article = article?;
    let at = article.find(text, nth)?;
    article.sentence_at(at)
}

/// Scores one document: `gold` is its gold file, `system` its system
/// record (an empty object when there is none); `article`, when given,
/// lets findings show their sentence.
pub fn score_doc(gold: &Value, system: &Value, article: Option<&ArticleText>) -> DocScore {
    let mut counts = [Counts::default(); 7];
    let mut findings = Vec::new();
    let mut finding = |category, kind, text: String, context| {
        findings.push(Finding {
            category,
            kind,
            text,
            context,
        })
    };

    // Entities, type by type.
    for (t, etype) in ENTITY_TYPES.iter().enumerate() {
        let ge: Vec<&Value> = objects(gold, "entities")
            .into_iter()
            .filter(|e| get(e, "type").and_then(Value::as_str) == Some(etype))
            .collect();
        let gk: Vec<HashSet<String>> = ge.iter().map(|e| gold_entity_keys(e)).collect();
        let se = system_entities(system, etype);
        let pairs = max_matching(se.len(), ge.len(), |i, j| !se[i].keys.is_disjoint(&gk[j]));
        let (ms, mg) = matched(&pairs);
        counts[t] = Counts {
            tp: pairs.len(),
            system: se.len(),
            gold: ge.len(),
        };
        for (_, e) in ge.iter().enumerate().filter(|(j, _)| !mg.contains(j)) {
            let name = py_str(get(e, "name").unwrap_or(&Value::Null));
            let aliases: Vec<String> = py_iter(get_truthy(e, "aliases"))
                .iter()
                .map(py_str)
                .collect();
            let text = if aliases.is_empty() {
                name.clone()
            } else {
                format!("{name} ({})", aliases.join(" | "))
            };
            let context = std::iter::once(&name)
                .chain(&aliases)
                .find_map(|n| gold_context(n, 0, article));
            finding(etype, FindingKind::Miss, text, context);
        }
        for (_, x) in se.iter().enumerate().filter(|(i, _)| !ms.contains(i)) {
            let text = if x.surfaces.is_empty() {
                x.name.clone()
            } else {
                format!("{} [{}]", x.name, x.surfaces.join(" | "))
            };
            finding(
                etype,
                FindingKind::FalsePositive,
                text,
                system_context(x.first, article),
            );
        }
    }

    // Amounts and dates: multisets.
    let nth_of = |items: &[&Value], j: usize| -> (String, usize) {
        let text = py_str(get(items[j], "text").unwrap_or(&Value::Null));
        let nth = items[..j]
            .iter()
            .filter(|x| py_str(get(x, "text").unwrap_or(&Value::Null)) == text)
            .count();
        (text, nth)
    };
    let ga = objects(gold, "amounts");
    let sa = objects(system, "amounts");
    let pairs = max_matching(sa.len(), ga.len(), |i, j| amount_match(sa[i], ga[j]));
    let (ms, mg) = matched(&pairs);
    counts[4] = Counts {
        tp: pairs.len(),
        system: sa.len(),
        gold: ga.len(),
    };
    for j in (0..ga.len()).filter(|j| !mg.contains(j)) {
        let (text, nth) = nth_of(&ga, j);
        let context = gold_context(&text, nth, article);
        finding(
            "amounts",
            FindingKind::Miss,
            fmt_amount(Some(ga[j])),
            context,
        );
    }
    for i in (0..sa.len()).filter(|i| !ms.contains(i)) {
        let context = system_context(sa[i], article);
        finding(
            "amounts",
            FindingKind::FalsePositive,
            fmt_amount(Some(sa[i])),
            context,
        );
    }

    let gd = objects(gold, "dates");
    let sd = objects(system, "dates");
    let pairs = max_matching(sd.len(), gd.len(), |i, j| match get(sd[i], "value") {
        None | Some(Value::Null) => false,
        Some(sv) => py_str(sv) == py_str(get(gd[j], "value").unwrap_or(&Value::Null)),
    });
    let (ms, mg) = matched(&pairs);
    counts[5] = Counts {
        tp: pairs.len(),
        system: sd.len(),
        gold: gd.len(),
    };
    for j in (0..gd.len()).filter(|j| !mg.contains(j)) {
        let (text, nth) = nth_of(&gd, j);
        let context = gold_context(&text, nth, article);
        finding("dates", FindingKind::Miss, fmt_date(gd[j]), context);
    }
    for i in (0..sd.len()).filter(|i| !ms.contains(i)) {
        let context = system_context(sd[i], article);
        finding(
            "dates",
            FindingKind::FalsePositive,
            fmt_date(sd[i]),
            context,
        );
    }

    // Deals: amounts match (or both none) and at least one shared party,
    // parties compared through the gold entities' names and aliases.
    let mut alias_map: HashMap<String, String> = HashMap::new();
    for e in objects(gold, "entities") {
        let canon = norm_value(get(e, "name"));
        for k in gold_entity_keys(e) {
            alias_map.entry(k).or_insert_with(|| canon.clone());
        }
    }
    let gdl = objects(gold, "deals");
    let sdl = objects(system, "deals");
    let gp: Vec<HashSet<String>> = gdl
        .iter()
        .map(|d| party_keys(get(d, "parties"), &alias_map))
        .collect();
    let sp: Vec<HashSet<String>> = sdl
        .iter()
        .map(|d| party_keys(get(d, "parties"), &alias_map))
        .collect();
    let pairs = max_matching(sdl.len(), gdl.len(), |i, j| {
        !sp[i].is_disjoint(&gp[j])
            && deal_amount_match(get(sdl[i], "amount"), get(gdl[j], "amount"))
    });
    let (ms, mg) = matched(&pairs);
    counts[6] = Counts {
        tp: pairs.len(),
        system: sdl.len(),
        gold: gdl.len(),
    };
    for j in (0..gdl.len()).filter(|j| !mg.contains(j)) {
        let summary = get_truthy(gdl[j], "summary").map(|s| format!("summary: {}", py_str(s)));
        finding("deals", FindingKind::Miss, fmt_deal(gdl[j]), summary);
    }
    for i in (0..sdl.len()).filter(|i| !ms.contains(i)) {
        let context = get_truthy(sdl[i], "evidence")
            .map(|e| one_line(&py_str(e)))
            .or_else(|| system_context(sdl[i], article));
        finding(
            "deals",
            FindingKind::FalsePositive,
            fmt_deal(sdl[i]),
            context,
        );
    }

    let published = |v: &Value| get_truthy(v, "published").cloned().unwrap_or(Value::Null);
    let (published_gold, published_system) = (published(gold), published(system));
    DocScore {
        id: String::new(),
        counts,
        findings,
        published_ok: json_eq(&published_gold, &published_system),
        published_gold: get(gold, "published").cloned().unwrap_or(Value::Null),
        published_system: get(system, "published").cloned().unwrap_or(Value::Null),
        missing_record: false,
    }
}

/// JSON equality with numbers compared by value (Python's `==`).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn matched(pairs: &[(usize, usize)]) -> (HashSet<usize>, HashSet<usize>) {
    (
        pairs.iter().map(|&(i, _)| i).collect(),
        pairs.iter().map(|&(_, j)| j).collect(),
    )
}

// ---------------------------------------------------------------------------
// Gold sets, system records, reports
// ---------------------------------------------------------------------------

/// The gold files of a directory, by id, in id order.
#[derive(Clone, Debug, Default)]
pub struct GoldSet {
    /// Gold file contents by id.
    pub docs: BTreeMap<String, Value>,
}

impl GoldSet {
    /// Reads every `*.json` file directly inside `dir`. A file's id is its
    /// `id` field, else its file stem.
    ///
    /// # Errors
    ///
    /// A directory or file that cannot be read, a file that is not a JSON
    /// object, or no gold file at all.
    pub fn read_dir(dir: &Path) -> Result<GoldSet, EvalError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| EvalError::Io { path, source }
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let path = entry.map_err(io(dir))?.path();
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".json"))
            {
                files.push(path);
            }
        }
        files.sort();
        let mut docs = BTreeMap::new();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            let value: Value = serde_json::from_str(&text).map_err(|e| EvalError::BadGold {
                path: path.clone(),
                reason: format!("not JSON: {e}"),
            })?;
            if !value.is_object() {
                return Err(EvalError::BadGold {
                    path,
                    reason: "not a JSON object".to_string(),
                });
            }
            let id = match get_truthy(&value, "id") {
                Some(id) => py_str(id),
                None => path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            docs.insert(id, value);
        }
        if docs.is_empty() {
            return Err(EvalError::NoGold(dir.to_path_buf()));
        }
        Ok(GoldSet { docs })
    }
}

/// System records by id: the first record of each id is used.
#[derive(Clone, Debug, Default)]
pub struct SystemSet {
    /// Records by id.
    pub records: HashMap<String, Value>,
    /// The article texts by id, when known (for findings in context).
    pub articles: HashMap<String, ArticleText>,
    /// Problems met reading the records (bad lines, duplicate ids).
    pub notes: Vec<String>,
    /// Ids read that have no gold file.
    pub extra_ids: usize,
}

impl SystemSet {
    /// Adds one record; returns false (and notes it) for a duplicate id.
    fn insert(&mut self, id: String, record: Value) -> bool {
        if self.records.contains_key(&id) {
            self.notes
                .push(format!("duplicate id {id}; the first record is used"));
            return false;
        }
        self.records.insert(id, record);
        true
    }

    /// Reads a JSON Lines file of `dealx extract` records (`-` reads
    /// standard input). Lines that are not JSON objects, or records with no
    /// id, are noted and passed over.
    ///
    /// # Errors
    ///
    /// The file cannot be read.
    pub fn read_jsonl(path: &Path) -> Result<SystemSet, EvalError> {
        let io = |source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        };
        let reader: Box<dyn BufRead> = if path == Path::new("-") {
            Box::new(BufReader::new(io::stdin()))
        } else {
            Box::new(BufReader::new(std::fs::File::open(path).map_err(io)?))
        };
        let mut set = SystemSet::default();
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(io)?;
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match serde_json::from_str::<Value>(line) {
                Ok(v) if v.is_object() => match get(&v, "id") {
                    None | Some(Value::Null) => {
                        set.notes.push("a record has no id; ignored".to_string())
                    }
                    Some(id) => {
                        let id = py_str(id);
                        set.insert(id, v);
                    }
                },
                Ok(_) => set.notes.push(format!("line {}: not a JSON object", n + 1)),
                Err(e) => set.notes.push(format!("line {}: not JSON ({e})", n + 1)),
            }
        }
        Ok(set)
    }

    /// Runs `extractor` over the documents of `inputs` that have a gold
    /// file in `gold`, keeping each record and the article's sentences.
    /// Documents without gold are counted in [`SystemSet::extra_ids`] and
    /// not processed; input errors go to `on_error`.
    pub fn extract(
        extractor: &Extractor,
        gold: &GoldSet,
        inputs: impl Iterator<Item = Item>,
        on_error: &mut dyn FnMut(&InputError),
    ) -> SystemSet {
        let mut set = SystemSet::default();
        let mut seen = HashSet::new();
        for item in inputs {
            let doc = match item {
                Item::Doc(d) => d,
                Item::Error(e) => {
                    on_error(&e);
                    continue;
                }
                Item::Warning(_) => continue,
            };
            if !seen.insert(doc.id.clone()) {
                set.notes
                    .push(format!("duplicate id {}; the first record is used", doc.id));
                continue;
            }
            if !gold.docs.contains_key(&doc.id) {
                set.extra_ids += 1;
                continue;
            }
            let extraction = extractor.process(&doc);
            let record = serde_json::to_value(extractor.record(&extraction))
                .unwrap_or_else(|_| json!({ "id": doc.id }));
            let sentences = extractor
                .sentences_record(&doc)
                .sentences
                .iter()
                .map(|s| (s.start, s.end))
                .collect();
            set.insert(doc.id.clone(), record);
            set.articles.insert(
                doc.id.clone(),
                ArticleText {
                    text: doc.text.clone(),
                    sentences,
                },
            );
        }
        set
    }

    /// Adds the texts of articles (for findings in context) to records read
    /// from a file.
    pub fn add_articles(
        &mut self,
        extractor: &Extractor,
        inputs: impl Iterator<Item = Item>,
        on_error: &mut dyn FnMut(&InputError),
    ) {
        for item in inputs {
            match item {
                Item::Doc(doc) if self.records.contains_key(&doc.id) => {
                    let sentences = extractor
                        .sentences_record(&doc)
                        .sentences
                        .iter()
                        .map(|s| (s.start, s.end))
                        .collect();
                    self.articles.insert(
                        doc.id.clone(),
                        ArticleText {
                            text: doc.text,
                            sentences,
                        },
                    );
                }
                Item::Doc(_) | Item::Warning(_) => {}
                Item::Error(e) => on_error(&e),
            }
        }
    }
}

/// The score of a whole gold set: what `dealx eval` prints.
#[derive(Clone, Debug)]
pub struct Report {
    /// Documents in gold.
    pub documents: usize,
    /// Gold ids with no system record (scored as empty).
    pub missing: Vec<String>,
    /// System ids with no gold file.
    pub extra_ids: usize,
    /// Counts per category pooled over documents, in [`CATEGORIES`] order.
    pub totals: [Counts; 7],
    /// Documents whose `published` agrees with gold.
    pub published_correct: usize,
    /// Problems met reading the system records.
    pub notes: Vec<String>,
    /// Every document's score, in id order.
    pub per_doc: Vec<DocScore>,
}

impl Report {
    /// Scores every gold document against `system`.
    pub fn new(gold: &GoldSet, system: &SystemSet) -> Report {
        let empty = Map::new();
        let mut report = Report {
            documents: gold.docs.len(),
            missing: Vec::new(),
            extra_ids: system.extra_ids
                + system
                    .records
                    .keys()
                    .filter(|id| !gold.docs.contains_key(*id))
                    .count(),
            totals: [Counts::default(); 7],
            published_correct: 0,
            notes: system.notes.clone(),
            per_doc: Vec::new(),
        };
        for (id, g) in &gold.docs {
            let (s, missing) = match system.records.get(id) {
                Some(s) => (s.clone(), false),
                None => {
                    let mut m = empty.clone();
                    m.insert("id".to_string(), Value::String(id.clone()));
                    (Value::Object(m), true)
                }
            };
            let mut doc = score_doc(g, &s, system.articles.get(id));
            doc.id = id.clone();
            doc.missing_record = missing;
            if missing {
                report.missing.push(id.clone());
            }
            report.published_correct += usize::from(doc.published_ok);
            for (total, c) in report.totals.iter_mut().zip(doc.counts) {
                total.add(c);
            }
            report.per_doc.push(doc);
        }
        report
    }

    /// The pooled counts of one of [`FIELDS`] (`entities` sums the four
    /// entity types); `None` for an unknown field.
    pub fn counts(&self, field: &str) -> Option<Counts> {
        if field == "entities" {
            let mut c = Counts::default();
            self.totals[..4].iter().for_each(|t| c.add(*t));
            return Some(c);
        }
        let i = CATEGORIES.iter().position(|c| *c == field)?;
        Some(self.totals[i])
    }

    /// The share of documents whose `published` is right, rounded to 4
    /// decimals.
    pub fn published_accuracy(&self) -> f64 {
        if self.documents == 0 {
            return 0.0;
        }
        round4(self.published_correct as f64 / self.documents as f64)
    }

    /// The figures as JSON, in the shape `score docs --json` writes
    /// (`documents`, `missing_system_records`, `system_ids_not_in_gold`,
    /// `scores.<field>.{gold,system,tp,precision,recall,f1}`,
    /// `info.published_accuracy`, `notes`), plus `per_doc` when asked.
    pub fn to_json(&self, per_doc: bool) -> Value {
        let mut scores = Map::new();
        for field in FIELDS {
            if let Some(c) = self.counts(field) {
                scores.insert(field.to_string(), c.to_json());
            }
        }
        let mut out = json!({
            "command": "eval",
            "documents": self.documents,
            "missing_system_records": self.missing,
            "system_ids_not_in_gold": self.extra_ids,
            "scores": scores,
            "info": {
                "published_accuracy": self.published_accuracy(),
                "published_correct": self.published_correct,
            },
            "notes": self.notes,
        });
        if per_doc {
            let docs: Map<String, Value> = self
                .per_doc
                .iter()
                .map(|d| (d.id.clone(), doc_json(d)))
                .collect();
            out["per_doc"] = Value::Object(docs);
        }
        out
    }

    /// The table, as `score docs` prints it.
    pub fn table(&self) -> String {
        let mut out = format!(
            "documents: {}   system records missing: {}   system ids not in gold: {}\n",
            self.documents,
            self.missing.len(),
            self.extra_ids
        );
        let _ = writeln!(
            out,
            "{:<28} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            "", "gold", "sys", "tp", "P", "R", "F1"
        );
        for field in FIELDS {
            let label = if field == "entities" {
                "entities(all)"
            } else {
                field
            };
            if let Some(c) = self.counts(field) {
                let _ = writeln!(
                    out,
                    "{label:<28} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}",
                    c.gold,
                    c.system,
                    c.tp,
                    c.precision(),
                    c.recall(),
                    c.f1()
                );
            }
        }
        let _ = writeln!(
            out,
            "(info) published date correct: {}/{}",
            self.published_correct, self.documents
        );
        for n in self.notes.iter().take(20) {
            let _ = writeln!(out, "note: {n}");
        }
        if !self.missing.is_empty() {
            let _ = writeln!(
                out,
                "missing system records (scored as empty): {}",
                self.missing.join(", ")
            );
        }
        out
    }

    /// Every document's misses and false positives, each with the sentence
    /// it comes from when the article text is known.
    pub fn per_doc_text(&self) -> String {
        let mut out = String::new();
        for d in &self.per_doc {
            let _ = writeln!(
                out,
                "\n== {}{}",
                d.id,
                if d.missing_record {
                    "   [NO SYSTEM RECORD]"
                } else {
                    ""
                }
            );
            let counts: Vec<String> = CATEGORIES
                .iter()
                .zip(&d.counts)
                .map(|(c, n)| format!("{} {}/{}/{}", &c[..4], n.tp, n.system, n.gold))
                .collect();
            let _ = writeln!(out, "   {}   (tp/sys/gold)", counts.join("  "));
            if d.published_gold != d.published_system {
                let _ = writeln!(
                    out,
                    "   published: gold {}, system {}",
                    py_str(&d.published_gold),
                    py_str(&d.published_system)
                );
            }
            for f in &d.findings {
                let _ = writeln!(
                    out,
                    "   {:<12} {:<4} {}",
                    f.category,
                    f.kind.label(),
                    f.text
                );
                if let Some(c) = &f.context {
                    let _ = writeln!(out, "   {:<12}      in: {c}", "");
                }
            }
        }
        out
    }
}

fn doc_json(d: &DocScore) -> Value {
    let mut counts = Map::new();
    let mut detail = Map::new();
    for (c, n) in CATEGORIES.iter().zip(&d.counts) {
        counts.insert(c.to_string(), n.to_json());
        let list = |kind| -> Vec<Value> {
            d.findings
                .iter()
                .filter(|f| f.category == *c && f.kind == kind)
                .map(|f| Value::String(f.text.clone()))
                .collect()
        };
        detail.insert(
            c.to_string(),
            json!({"missed": list(FindingKind::Miss), "false_positives": list(FindingKind::FalsePositive)}),
        );
    }
    json!({
        "counts": counts,
        "detail": detail,
        "published": {"gold": d.published_gold, "system": d.published_system},
        "missing_record": d.missing_record,
    })
}

// ---------------------------------------------------------------------------
// Baselines and floors
// ---------------------------------------------------------------------------

/// One field's figures in a baseline and now.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The field (one of [`FIELDS`]).
    pub field: &'static str,
    /// (precision, recall, F1) in the baseline.
    pub old: (f64, f64, f64),
    /// (precision, recall, F1) now.
    pub new: (f64, f64, f64),
    /// (tp, system, gold) in the baseline.
    pub old_counts: (u64, u64, u64),
    /// (tp, system, gold) now.
    pub new_counts: (u64, u64, u64),
}

impl Change {
    /// F1 now minus F1 in the baseline.
    pub fn f1_delta(&self) -> f64 {
        self.new.2 - self.old.2
    }
}

/// A finding that appeared or disappeared since the baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemChange {
    /// Document id.
    pub id: String,
    /// Category.
    pub category: String,
    /// `missed` or `false_positives`.
    pub list: &'static str,
    /// The item as described in the per-doc detail.
    pub text: String,
    /// True when it is new (got worse), false when it is gone (got better).
    pub appeared: bool,
}

/// How a run compares with a baseline.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    /// Every field, baseline and now.
    pub fields: Vec<Change>,
    /// Published dates correct: baseline and now (`None` when the baseline
    /// does not say).
    pub published: Option<(u64, u64)>,
    /// Item-level changes, when both runs carry `per_doc` detail.
    pub items: Option<Vec<ItemChange>>,
}

/// Reads a baseline written by `dealx eval --json` (or `score docs
/// --json`).
///
/// # Errors
///
/// The file cannot be read or has no `scores` object.
pub fn read_baseline(path: &Path) -> Result<Value, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |reason: String| EvalError::BadBaseline {
        path: path.to_path_buf(),
        reason,
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
    if !get(&value, "scores").is_some_and(Value::is_object) {
        return Err(bad("no \"scores\" object".to_string()));
    }
    Ok(value)
}

/// Compares `report` with a baseline read by [`read_baseline`]. Fields the
/// baseline lacks are left out.
pub fn compare(baseline: &Value, report: &Report) -> Comparison {
    let mut fields = Vec::new();
    for field in FIELDS {
        let (Some(old), Some(new)) = (
            baseline.pointer(&format!("/scores/{field}")),
            report.counts(field),
        ) else {
            continue;
        };
        let f = |k: &str| get(old, k).and_then(Value::as_f64).unwrap_or(0.0);
        let n = |k: &str| get(old, k).and_then(Value::as_u64).unwrap_or(0);
        fields.push(Change {
            field,
            old: (f("precision"), f("recall"), f("f1")),
            new: (new.precision(), new.recall(), new.f1()),
            old_counts: (n("tp"), n("system"), n("gold")),
            new_counts: (new.tp as u64, new.system as u64, new.gold as u64),
        });
    }
    let published = baseline
        .pointer("/info/published_correct")
        .and_then(Value::as_u64)
        .map(|old| (old, report.published_correct as u64));
    let items = baseline
        .get("per_doc")
        .and_then(Value::as_object)
        .map(|old_docs| item_changes(old_docs, report));
    Comparison {
        fields,
        published,
        items,
    }
}

fn item_changes(old_docs: &Map<String, Value>, report: &Report) -> Vec<ItemChange> {
    let mut out = Vec::new();
    for d in &report.per_doc {
        for c in CATEGORIES {
            for (list, kind) in [
                ("missed", FindingKind::Miss),
                ("false_positives", FindingKind::FalsePositive),
            ] {
                let old: Vec<String> = old_docs
                    .get(&d.id)
                    .and_then(|o| o.pointer(&format!("/detail/{c}/{list}")))
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(py_str).collect())
                    .unwrap_or_default();
                let new: Vec<String> = d
                    .findings
                    .iter()
                    .filter(|f| f.category == c && f.kind == kind)
                    .map(|f| f.text.clone())
                    .collect();
                let mut push = |text: &String, appeared| {
                    out.push(ItemChange {
                        id: d.id.clone(),
                        category: c.to_string(),
                        list,
                        text: text.clone(),
                        appeared,
                    })
                };
                for t in multiset_minus(&new, &old) {
                    push(t, true);
                }
                for t in multiset_minus(&old, &new) {
                    push(t, false);
                }
            }
        }
    }
    out
}

/// The items of `a` left after taking out one of each item of `b`.
fn multiset_minus<'a>(a: &'a [String], b: &[String]) -> Vec<&'a String> {
    let mut left: Vec<&String> = b.iter().collect();
    let mut out = Vec::new();
    for x in a {
        match left.iter().position(|y| *y == x) {
            Some(p) => {
                left.swap_remove(p);
            }
            None => out.push(x),
        }
    }
    out
}

impl Comparison {
    /// The comparison for people: fields that got better, worse, or moved
    /// without changing F1, each with old → new figures; then item-level
    /// changes when known.
    pub fn text(&self, baseline_name: &str) -> String {
        let mut out = format!("\ncompared with {baseline_name}:\n");
        let line = |c: &Change| {
            let (ot, os, og) = c.old_counts;
            let (nt, ns, ng) = c.new_counts;
            format!(
                "  {:<14} F1 {:.3} → {:.3} ({:+.3})   P {:.3} → {:.3}   R {:.3} → {:.3}   tp/sys/gold {ot}/{os}/{og} → {nt}/{ns}/{ng}\n",
                c.field, c.old.2, c.new.2, c.f1_delta(), c.old.0, c.new.0, c.old.1, c.new.1
            )
        };
        let better: Vec<&Change> = self.fields.iter().filter(|c| c.f1_delta() > 0.0).collect();
        let worse: Vec<&Change> = self.fields.iter().filter(|c| c.f1_delta() < 0.0).collect();
        let moved: Vec<&Change> = self
            .fields
            .iter()
            .filter(|c| c.f1_delta() == 0.0 && (c.old != c.new || c.old_counts != c.new_counts))
            .collect();
        let same: Vec<&str> = self
            .fields
            .iter()
            .filter(|c| c.old == c.new && c.old_counts == c.new_counts)
            .map(|c| c.field)
            .collect();
        for (title, list) in [
            ("better", &better),
            ("worse", &worse),
            ("changed, same F1", &moved),
        ] {
            if !list.is_empty() {
                let _ = writeln!(out, "{title}:");
                list.iter().for_each(|c| out.push_str(&line(c)));
            }
        }
        if !same.is_empty() {
            let _ = writeln!(out, "unchanged: {}", same.join(", "));
        }
        if let Some((old, new)) = self.published {
            if old != new {
                let _ = writeln!(out, "published date correct: {old} → {new}");
            }
        }
        match &self.items {
            Some(items) if !items.is_empty() => {
                let _ = writeln!(out, "items:");
                for i in items {
                    let what = match (i.list, i.appeared) {
                        ("missed", true) => "now MISSED",
                        ("missed", false) => "now FOUND ",
                        (_, true) => "new FP    ",
                        (_, false) => "FP gone   ",
                    };
                    let _ = writeln!(out, "  {} {:<12} {what} {}", i.id, i.category, i.text);
                }
            }
            Some(_) => {}
            None => out
                .push_str("(run the baseline with --json --per-doc to see which items changed)\n"),
        }
        out
    }

    /// The comparison as JSON: per field `{old, new}` figures.
    pub fn to_json(&self) -> Value {
        let fields: Map<String, Value> = self
            .fields
            .iter()
            .map(|c| {
                (
                    c.field.to_string(),
                    json!({
                        "old": {"precision": c.old.0, "recall": c.old.1, "f1": c.old.2},
                        "new": {"precision": c.new.0, "recall": c.new.1, "f1": c.new.2},
                        "f1_delta": round4(c.f1_delta()),
                    }),
                )
            })
            .collect();
        json!({ "fields": fields })
    }
}

/// The minimum F1 per field: `corpus/quality.toml`.
///
/// ```toml
/// [f1]
/// amounts = 0.96
/// dates = 0.75
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Floors {
    /// (field, minimum F1), in file order of [`FIELDS`].
    pub f1: Vec<(&'static str, f64)>,
}

impl Floors {
    /// Parses a floor file: a `[f1]` table of field = minimum.
    ///
    /// # Errors
    ///
    /// Not TOML, an unknown field, or a floor that is not a number in 0..=1
    /// (named by `path`).
    pub fn parse(text: &str, path: &Path) -> Result<Floors, EvalError> {
        let bad = |reason: String| EvalError::BadFloors {
            path: path.to_path_buf(),
            reason,
        };
        let table: toml::Table = text.parse().map_err(|e| bad(format!("not TOML: {e}")))?;
        let mut f1 = Vec::new();
        for (key, value) in &table {
            if key != "f1" {
                return Err(bad(format!("unknown table [{key}] (expected [f1])")));
            }
            let Some(fields) = value.as_table() else {
                return Err(bad("f1 must be a table".to_string()));
            };
            for (field, v) in fields {
                let Some(name) = FIELDS.iter().find(|f| *f == field) else {
                    return Err(bad(format!(
                        "unknown field f1.{field} (fields: {})",
                        FIELDS.join(", ")
                    )));
                };
                let floor = v
                    .as_float()
                    .or_else(|| v.as_integer().map(|i| i as f64))
                    .filter(|f| (0.0..=1.0).contains(f))
                    .ok_or_else(|| bad(format!("f1.{field} must be a number from 0 to 1")))?;
                f1.push((*name, floor));
            }
        }
        f1.sort_by_key(|(f, _)| FIELDS.iter().position(|x| x == f));
        Ok(Floors { f1 })
    }

    /// Reads and parses a floor file.
    ///
    /// # Errors
    ///
    /// As [`Floors::parse`], or the file cannot be read.
    pub fn read(path: &Path) -> Result<Floors, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Floors::parse(&text, path)
    }

    /// The fields below their floor, one message each, naming the field and
    /// the figure: `amounts F1 0.912 < floor 0.96`.
    pub fn check(&self, report: &Report) -> Vec<String> {
        let mut out = Vec::new();
        for &(field, floor) in &self.f1 {
            let Some(f1) = report.counts(field).map(|c| c.f1()) else {
                continue;
            };
            if f1 < floor {
                let mut shown = format!("{f1:.3}");
                if shown.parse::<f64>().is_ok_and(|s| s >= floor) {
                    shown = format!("{f1:.4}");
                }
                out.push(format!("{field} F1 {shown} < floor {floor}"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_name_drops_accents_case_punctuation_and_leading_the() {
        assert_eq!(norm_name("Ürümqi"), "urumqi");
        assert_eq!(
            norm_name("  THE  Asian Development Bank "),
            "asiandevelopmentbank"
        );
        assert_eq!(norm_name("Theodore Fund"), "theodorefund");
        assert_eq!(norm_name("the"), "the");
        assert_eq!(norm_name("O'Neill & Co."), "oneillco");
        assert_eq!(norm_name("Straße"), "strasse");
        assert_eq!(norm_name("ΟΔΟΣ"), norm_name("οδος"));
        assert_eq!(norm_name("ꭰ"), norm_name("Ꭰ"));
        assert_eq!(norm_name("ﬁnance ①"), "finance1");
        assert_eq!(norm_name("Ōsaka—Kōbe"), "osakakobe");
        assert_eq!(norm_name("the\u{a0}Hague"), "hague");
        assert_eq!(norm_name(""), "");
    }

    #[test]
    fn prf_conventions_when_counts_are_zero() {
        assert_eq!(prf(0, 0, 0), (1.0, 1.0, 1.0));
        assert_eq!(prf(0, 0, 5), (0.0, 0.0, 0.0));
        assert_eq!(prf(0, 4, 0), (0.0, 0.0, 0.0));
        assert_eq!(prf(0, 4, 5), (0.0, 0.0, 0.0));
        let (p, r, f) = prf(3, 4, 6);
        assert_eq!((p, r), (0.75, 0.5));
        assert!((f - 0.6).abs() < 1e-12);
    }

    #[test]
    fn round4_rounds_like_python() {
        assert_eq!(round4(2.0 / 3.0), 0.6667);
        // 0.00015 is stored just below the half: down, as Python does.
        assert_eq!(round4(0.00015), 0.0001);
        assert_eq!(round4(0.12345), 0.1235);
        assert_eq!(round4(1.0), 1.0);
        assert_eq!(round4(0.58651), 0.5865);
    }

    #[test]
    fn max_matching_finds_a_maximum_one_to_one_matching() {
        // A greedy pass would give system 0 gold 0 and leave system 1
        // unmatched; augmenting paths match both.
        let edges = [(0, 0), (0, 1), (1, 0)];
        let pairs = max_matching(2, 2, |i, j| edges.contains(&(i, j)));
        assert_eq!(pairs.len(), 2);
        // One-to-one: three system items that all fit one gold item count once.
        assert_eq!(max_matching(3, 1, |_, _| true).len(), 1);
        assert!(max_matching(0, 3, |_, _| true).is_empty());
        // A chain that needs a two-step augmenting path.
        let edges = [(0, 0), (1, 0), (1, 1), (2, 1), (2, 2)];
        let pairs = max_matching(3, 3, |i, j| edges.contains(&(i, j)));
        assert_eq!(pairs, [(0, 0), (1, 1), (2, 2)]);
    }

    fn gold() -> Value {
        json!({
            "id": "t1", "published": "2023-03-01",
            "entities": [
                {"type": "leader", "name": "Ana Pereira", "aliases": ["Pereira", "Minister Pereira"]},
                {"type": "company", "name": "Northwind Rail", "aliases": ["NWR"]},
                {"type": "place", "subtype": "country", "name": "Portugal", "aliases": ["Portuguese"]},
                {"type": "place", "subtype": "city", "name": "Porto", "aliases": []}
            ],
            "amounts": [
                {"text": "€40 million", "value": 40000000, "currency": "EUR"},
                {"text": "€40 million", "value": 40000000, "currency": "EUR"},
                {"text": "$1 bn", "value": 1000000000, "currency": "USD"}
            ],
            "dates": [{"text": "March 1", "value": "2023-03-01"}, {"text": "2024", "value": "2024"}],
            "deals": [
                {"kind": "investment", "parties": ["Northwind Rail", "Portugal"],
                 "amount": {"value": 40000000, "currency": "EUR"}, "date": null, "summary": "rail money"},
                {"kind": "agreement", "parties": ["Portugal"], "amount": null, "date": null, "summary": "a pact"}
            ]
        })
    }

    #[test]
    fn entities_match_by_canonical_name_or_surface_against_name_or_alias() {
        let system = json!({"id": "t1", "entities": [
            // Canonical name differs, surface text is an alias: matches.
            {"type": "leader", "name": "A. Pereira", "text": "Minister Pereira"},
            // Same entity twice: one group.
            {"type": "company", "name": "NWR", "text": "NWR"},
            {"type": "company", "name": "nwr.", "text": "N.W.R."},
            // A demonym surface for the country.
            {"type": "place", "name": "Lusitania", "text": "Portuguese"},
            // Right name, wrong type: does not match the city.
            {"type": "organization", "name": "Porto", "text": "Porto"}
        ]});
        let d = score_doc(&gold(), &system, None);
        assert_eq!(
            d.counts[0],
            Counts {
                tp: 1,
                system: 1,
                gold: 1
            }
        );
        assert_eq!(
            d.counts[1],
            Counts {
                tp: 1,
                system: 1,
                gold: 1
            }
        );
        assert_eq!(
            d.counts[2],
            Counts {
                tp: 0,
                system: 1,
                gold: 0
            }
        );
        assert_eq!(
            d.counts[3],
            Counts {
                tp: 1,
                system: 1,
                gold: 2
            }
        );
        let miss: Vec<&str> = d
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Miss)
            .map(|f| f.text.as_str())
            .collect();
        assert!(miss.contains(&"Porto"), "{miss:?}");
    }

    #[test]
    fn amounts_are_a_multiset_with_currency_and_half_percent_tolerance() {
        let system = json!({"id": "t1", "amounts": [
            {"text": "€40m", "value": 40100000, "currency": "EUR"},    // within 0.5%
            {"text": "€40m", "value": 40300000, "currency": "EUR"},    // 0.75% off
            {"text": "$40m", "value": 40000000, "currency": "USD"},    // wrong currency
            {"text": "$1 bn", "value": "1,000,000,000", "currency": "usd"}
        ]});
        let d = score_doc(&gold(), &system, None);
        assert_eq!(
            d.counts[4],
            Counts {
                tp: 2,
                system: 4,
                gold: 3
            }
        );
    }

    #[test]
    fn dates_match_exact_values_once_each() {
        let system = json!({"id": "t1", "dates": [
            {"text": "1 March", "value": "2023-03-01"},
            {"text": "1 March", "value": "2023-03-01"},
            {"text": "2024", "value": 2024},
            {"text": "soon", "value": null}
        ]});
        let d = score_doc(&gold(), &system, None);
        assert_eq!(
            d.counts[5],
            Counts {
                tp: 2,
                system: 4,
                gold: 2
            }
        );
    }

    #[test]
    fn deals_need_a_shared_party_and_matching_amounts() {
        let system = json!({"id": "t1", "deals": [
            // Party through an alias, amount within tolerance: matches deal 0.
            {"kind": "other", "parties": ["NWR"], "amount": {"value": 40000001, "currency": "EUR"}},
            // Shared party, both without amount: matches deal 1.
            {"kind": "agreement", "parties": ["Portuguese", "Spain"], "amount": null},
            // Shared party but an amount where gold has none left.
            {"kind": "agreement", "parties": ["Portugal"], "amount": {"value": 5, "currency": "EUR"}}
        ]});
        let d = score_doc(&gold(), &system, None);
        assert_eq!(
            d.counts[6],
            Counts {
                tp: 2,
                system: 3,
                gold: 2
            }
        );
    }

    #[test]
    fn empty_record_scores_zero_recall_and_published_compares_nulls() {
        let d = score_doc(&gold(), &json!({"id": "t1"}), None);
        assert!(d.counts.iter().all(|c| c.tp == 0 && c.system == 0));
        assert!(!d.published_ok);
        let g = json!({"id": "x", "published": null});
        let d = score_doc(&g, &json!({"id": "x", "published": ""}), None);
        assert!(d.published_ok);
        assert!(d.counts.iter().all(|c| c.f1() == 1.0));
    }

    #[test]
    fn findings_show_their_sentence() {
        let text = "Porto grew. Lisbon paid €40 million. Then €40 million more.";
        let span = |s: &str| {
            let at = text.find(s).unwrap();
            (at, at + s.len())
        };
        let article = ArticleText {
            text: text.to_string(),
            sentences: vec![
                span("Porto grew."),
                span("Lisbon paid €40 million."),
                span("Then €40 million more."),
            ],
        };
        let system = json!({"id": "t1", "amounts": [
            {"text": "€40 million", "value": 40000000, "currency": "EUR", "sentence": 1}
        ], "entities": [
            {"type": "place", "name": "Lisbon", "text": "Lisbon", "start": 12, "end": 18}
        ]});
        let d = score_doc(&gold(), &system, Some(&article));
        let find = |cat: &str, kind| {
            d.findings
                .iter()
                .find(|f| f.category == cat && f.kind == kind)
                .cloned()
                .unwrap()
        };
        // The second gold "€40 million" is missed: its sentence is the
        // second occurrence's.
        let miss = find("amounts", FindingKind::Miss);
        assert_eq!(miss.context.as_deref(), Some("Then €40 million more."));
        let fp = find("place", FindingKind::FalsePositive);
        assert_eq!(fp.context.as_deref(), Some("Lisbon paid €40 million."));
        let deal = find("deals", FindingKind::Miss);
        assert_eq!(deal.context.as_deref(), Some("summary: rail money"));
    }

    fn report(system: Value) -> Report {
        let mut g = GoldSet::default();
        g.docs.insert("t1".into(), gold());
        let mut s = SystemSet::default();
        s.records.insert("t1".into(), system);
        Report::new(&g, &s)
    }

    #[test]
    fn floors_name_the_field_and_the_figure() {
        let r = report(json!({"id": "t1", "amounts": [
            {"value": 40000000, "currency": "EUR"}
        ]}));
        let floors =
            Floors::parse("[f1]\namounts = 0.6\ndates = 0\n", Path::new("q.toml")).unwrap();
        assert_eq!(floors.check(&r), ["amounts F1 0.500 < floor 0.6"]);
        let floors = Floors::parse("[f1]\namounts = 0.5\n", Path::new("q.toml")).unwrap();
        assert!(floors.check(&r).is_empty());
        let err = Floors::parse("[f1]\nmoney = 0.5\n", Path::new("q.toml")).unwrap_err();
        assert!(err.to_string().contains("f1.money"), "{err}");
        let err = Floors::parse("[f1]\namounts = 2\n", Path::new("q.toml")).unwrap_err();
        assert!(err.to_string().contains("0 to 1"), "{err}");
    }

    #[test]
    fn comparison_sorts_fields_into_better_and_worse_and_lists_items() {
        let old = report(json!({"id": "t1", "amounts": [
            {"value": 40000000, "currency": "EUR"}
        ]}));
        let new = report(json!({"id": "t1", "amounts": [
            {"value": 40000000, "currency": "EUR"}, {"value": 1000000000, "currency": "USD"}
        ], "dates": [{"value": "1999"}]}));
        let c = compare(&old.to_json(true), &new);
        let amounts = c.fields.iter().find(|c| c.field == "amounts").unwrap();
        assert!(amounts.f1_delta() > 0.0);
        let dates = c.fields.iter().find(|c| c.field == "dates").unwrap();
        assert_eq!(dates.f1_delta(), 0.0);
        assert_eq!(dates.new_counts.1, 1);
        let text = c.text("old.json");
        assert!(text.contains("better:\n  amounts"), "{text}");
        assert!(
            text.contains("t1 amounts      now FOUND  \"$1 bn\" = 1000000000 USD"),
            "{text}"
        );
        let items = c.items.unwrap();
        assert!(items
            .iter()
            .any(|i| i.category == "dates" && i.appeared && i.list == "false_positives"));
        assert!(items
            .iter()
            .any(|i| i.category == "amounts" && !i.appeared && i.list == "missed"));
    }
}
