//! Reading deals from an annotated document: clauses, triggers, parties,
//! amounts, and the merging of mentions of one deal.

use dealx_core::{
    AmountIdx, Annotated, DateIdx, Deal, DealKind, Entity, EntityIdx, EntityKind, EntityRef,
    PlaceKind, Sentence, Span,
};

use crate::tables::{Cue, Form, Needs, Trigger};
use crate::DealAssembler;

/// Words that end the noun phrase when scanning back from a trigger noun.
const PHRASE_STOPS: &[&str] = &[
    "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or", "is", "are", "was",
    "were", "has", "have", "had", "be", "been", "will", "into", "about", "under", "that", "which",
    "who", "as",
];

/// Whether `w` is one of [`PHRASE_STOPS`] (none is longer than five
/// bytes, so longer words are answered without a look at the list).
fn is_phrase_stop(w: &[u8]) -> bool {
    w.len() <= 5 && PHRASE_STOPS.iter().any(|s| s.as_bytes() == w)
}

/// Prepositions after which a region locates a deal rather than takes part.
const LOCATIVES: &[&str] = &[
    "in",
    "into",
    "at",
    "near",
    "across",
    "throughout",
    "within",
    "to",
    "towards",
    "toward",
    "around",
    "inside",
    "outside",
    "for",
    "over",
    "through",
];

const NUMBER_WORDS: &[(&str, u32)] = &[
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("dozen", 12),
    ("hundred", 100),
];

/// A deal read from one clause, before merging.
#[derive(Clone, Debug)]
struct Reading {
    deal: Deal,
    /// The trigger is a definite noun that points back at a deal already
    /// read ("the project", "its construction").
    anaphoric: bool,
    /// The main sentence is its article's headline.
    headline: bool,
    article: usize,
}

/// Everything the reading needs about one document, computed once.
struct Doc<'a, 'd> {
    text: &'d str,
    annotated: &'a Annotated<'d>,
    triggers: Vec<(Span, Trigger)>,
    /// [`Doc::determiner`] of each trigger, kept once read (a trigger
    /// noun's determiner is asked up to four times: asset, anaphora,
    /// second document).
    determiners: std::cell::RefCell<Vec<Option<(Determiner, bool)>>>,
    cues: Vec<(Span, Cue)>,
    /// For each sentence, the index of its article.
    article_of: Vec<usize>,
    /// What the deal stage needs of each article.
    articles: Vec<ArticleInfo>,
}

struct ArticleInfo {
    /// The index of its headline sentence.
    headline: Option<usize>,
    /// The two countries the article names most (by distinct mention
    /// count, then first mention), as a mention of each.
    pair: Vec<EntityIdx>,
}

pub(crate) fn assemble(assembler: &DealAssembler, annotated: &Annotated<'_>) -> Vec<Deal> {
    let text = annotated.text();
    let sentences = annotated.sentences();
    if sentences.is_empty() {
        return Vec::new();
    }
    // One scan of the body for trigger and cue phrases, each hit sorted
    // into its list as it comes (in text order): a phrase inside an
    // entity's name ("British International Investment") is part of the
    // name, not a hit, and an `Ignore` cue only masks shorter cues.
    let entities = annotated.entities();
    // Sized for about one trigger per 128 bytes of text and as many cues
    // (news text gives fewer), so the lists seldom regrow.
    let mut triggers: Vec<(Span, Trigger)> = Vec::with_capacity(text.len() / 128);
    let mut cues: Vec<(Span, Cue)> = Vec::with_capacity(text.len() / 128);
    // The first entity that may overlap the next hit: both come in text
    // order, so one walk along the entities serves all hits.
    let mut next = 0;
    assembler
        .words
        .find_in(text, &annotated.segmentation().body, |span, hit| {
            while entities
                .get(next)
                .is_some_and(|e| e.span.end() <= span.start())
            {
                next += 1;
            }
            if entities
                .get(next)
                .is_some_and(|e| e.span.start() < span.end())
            {
                return;
            }
            if let Some(t @ Trigger::Deal { .. }) = hit.trigger {
                triggers.push((span, t));
            }
            if let Some(c) = hit.cue.filter(|c| *c != Cue::Ignore) {
                cues.push((span, c));
            }
        });
    if triggers.is_empty() {
        return Vec::new();
    }

    let (article_of, articles) = articles(annotated);
    let doc = Doc {
        text,
        annotated,
        determiners: std::cell::RefCell::new(vec![None; triggers.len()]),
        triggers,
        cues,
        article_of,
        articles,
    };

    // About one reading per trigger at most in news text: sized so that it
    // seldom grows.
    let mut readings: Vec<Reading> = Vec::with_capacity(doc.triggers.len());
    // Sentences, triggers and cues are all in text order, so the triggers
    // and the cues of each sentence are found by walking a cursor along
    // each list rather than by two binary searches per sentence (see
    // [`Cursor`]).
    let mut trigger_cursor = Cursor::default();
    let mut cue_cursor = Cursor::default();
    let mut scratch = Scratch::default();
    for sentence in sentences {
        let span = sentence.span;
        let triggers = trigger_cursor.within(&doc.triggers, span, |t| t.0);
        let first = trigger_cursor.first;
        let cues = cue_cursor.within(&doc.cues, span, |c| c.0);
        let before = readings.len();
        read_sentence(
            &doc,
            sentence,
            (triggers, first),
            cues,
            &mut scratch,
            &mut readings,
        );
        if readings.len() == before {
            complete_previous(&doc, sentence, cues, &mut readings);
        }
    }
    let mut deals = merge(&doc, readings);
    // The sectors of each main sentence, read once for all its deals.
    let mut evidence: Vec<Span> = deals.iter().map(|d| d.evidence).collect();
    // Sentences: sorted, they are disjoint.
    evidence.sort_unstable_by_key(|s| s.start());
    evidence.dedup();
    let sectors = assembler.sectors_in(text, &evidence);
    for deal in &mut deals {
        let at = evidence.partition_point(|s| s.start() < deal.evidence.start());
        deal.sectors = sectors[at].clone();
    }
    deals
}

/// Whether `span` overlaps the span of any item of the sorted `items`.
fn overlaps_any<T>(items: &[T], span: Span, key: impl Fn(&T) -> Span) -> bool {
    let i = items.partition_point(|x| key(x).end() <= span.start());
    items
        .get(i)
        .is_some_and(|x| key(x).start() < span.end() && key(x).end() > span.start())
}

/// The items of the sorted `items` that lie inside `span`.
fn within<T>(items: &[T], span: Span, key: impl Fn(&T) -> Span) -> &[T] {
    &items[within_range(items, span, key)]
}

/// The index range of [`within`].
fn within_range<T>(items: &[T], span: Span, key: impl Fn(&T) -> Span) -> std::ops::Range<usize> {
    let lo = items.partition_point(|x| key(x).start() < span.start());
    let hi = items.partition_point(|x| key(x).start() < span.end());
    let hi = hi.max(lo);
    let mut end = hi;
    while end > lo && key(&items[end - 1]).end() > span.end() {
        end -= 1;
    }
    lo..end
}

/// [`within`] for spans asked in text order (each starting at or after the
/// start of the one before), as sentences are: the first item is found by
/// moving on from where the last answer began, the end by walking from
/// there, with no binary search over the whole list.
///
/// The same items as [`within`]: its lower bound is the first item that
/// starts at or after `span.start()`, which lies at or after the cursor
/// (every item before the cursor starts before an earlier span's start,
/// so before this one's); its upper bound is the first item from there
/// that starts at or after `span.end()`; and the end is trimmed back past
/// items that run beyond the span in the same way. Checked in debug
/// builds, and by `tests::cursor_agrees_with_within`.
#[derive(Default)]
struct Cursor {
    /// The index of the first item of the last answer (of the first item
    /// after it when the answer is empty).
    first: usize,
}

impl Cursor {
    fn within<'i, T: PartialEq + std::fmt::Debug>(
        &mut self,
        items: &'i [T],
        span: Span,
        key: impl Fn(&T) -> Span,
    ) -> &'i [T] {
        while items
            .get(self.first)
            .is_some_and(|x| key(x).start() < span.start())
        {
            self.first += 1;
        }
        let mut end = self.first;
        while items.get(end).is_some_and(|x| key(x).start() < span.end()) {
            end += 1;
        }
        while end > self.first && key(&items[end - 1]).end() > span.end() {
            end -= 1;
        }
        let found = &items[self.first..end];
        debug_assert_eq!(found, within(items, span, &key));
        found
    }
}

/// The index range of the items of the sorted `items` inside `span`.
fn index_range<T>(items: &[T], span: Span, key: impl Fn(&T) -> Span) -> std::ops::Range<usize> {
    let lo = items.partition_point(|x| key(x).start() < span.start());
    let hi = items.partition_point(|x| key(x).start() < span.end());
    lo..hi.max(lo)
}

/// [`index_range`] of `span`, searched for in `near` only, where `near` is
/// the `index_range` of a span that holds `span` (its sentence). The same
/// answer: every item before `near` starts before the outer span, so
/// before `span`, and the item at `near.end` (if any) starts at or after
/// the outer span's end, so at or after `span`'s: both bounds of the
/// search over all items lie inside `near` or at its end. Asserted in
/// debug builds; `tests::index_range_near_agrees_with_a_search_of_all`.
fn index_range_near<T>(
    items: &[T],
    span: Span,
    near: std::ops::Range<usize>,
    key: impl Fn(&T) -> Span,
) -> std::ops::Range<usize> {
    let local = index_range(&items[near.clone()], span, &key);
    let range = near.start + local.start..near.start + local.end;
    debug_assert_eq!(range, index_range(items, span, &key));
    range
}

fn articles(annotated: &Annotated<'_>) -> (Vec<usize>, Vec<ArticleInfo>) {
    let sentences = annotated.sentences();
    let arts = &annotated.segmentation().articles;
    let mut article_of = vec![0; sentences.len()];
    let mut infos: Vec<ArticleInfo> = Vec::new();
    let mut headlines = Vec::new();
    if arts.is_empty() {
        headlines.push(None);
    } else {
        for art in arts {
            // Sentences are sorted and disjoint: a title that is a
            // sentence is the one that starts where it starts.
            headlines.push(art.title.and_then(|t| {
                sentences
                    .binary_search_by_key(&t.start(), |s| s.span.start())
                    .ok()
                    .filter(|&i| sentences[i].span == t)
            }));
        }
        // Both lists in text order: the article of each sentence is the
        // last one that starts at or before it (the first when none does).
        let mut a = 0;
        for (i, s) in sentences.iter().enumerate() {
            while arts
                .get(a + 1)
                .is_some_and(|next| next.span.start() <= s.span.start())
            {
                a += 1;
            }
            article_of[i] = a;
        }
    }
    // Country mention counts per article.
    let mut counts: Vec<Vec<(EntityRef, usize, EntityIdx)>> = vec![Vec::new(); headlines.len()];
    for (i, e) in annotated.entities().iter().enumerate() {
        if e.kind != EntityKind::Place(PlaceKind::Country) {
            continue;
        }
        let a = article_of[e.sentence.get()];
        match counts[a].iter_mut().find(|(r, _, _)| *r == e.entry) {
            Some(slot) => slot.1 += 1,
            None => counts[a].push((e.entry, 1, EntityIdx::new(i))),
        }
    }
    for (a, headline) in headlines.into_iter().enumerate() {
        let mut c = std::mem::take(&mut counts[a]);
        // Stable sort: ties keep the order of first mention.
        c.sort_by_key(|(_, n, _)| std::cmp::Reverse(*n));
        infos.push(ArticleInfo {
            headline,
            pair: c.iter().take(2).map(|(_, _, i)| *i).collect(),
        });
    }
    (article_of, infos)
}

/// The words of `text[from..to]`, last first: each as (its start, the word
/// lower-cased with surrounding punctuation trimmed, whether a
/// phrase-ending punctuation mark follows it). Lazy and allocation-free,
/// so that reading the few words before a trigger costs only those words.
fn words_back(text: &str, from: usize, to: usize) -> WordsBack<'_> {
    WordsBack {
        text,
        from,
        pos: to,
    }
}

struct WordsBack<'t> {
    text: &'t str,
    from: usize,
    pos: usize,
}

impl Iterator for WordsBack<'_> {
    type Item = (usize, Word, bool);

    fn next(&mut self) -> Option<(usize, Word, bool)> {
        match self.next_ascii() {
            Some(found) => found,
            None => self.next_general(),
        }
    }
}

impl WordsBack<'_> {
    /// `next` for any text, a character at a time.
    fn next_general(&mut self) -> Option<(usize, Word, bool)> {
        let hay = &self.text[self.from..self.pos];
        let end = hay.trim_end().len();
        if end == 0 {
            self.pos = self.from;
            return None;
        }
        let start = hay[..end]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.pos = self.from + start;
        let raw = &hay[start..end];
        let stop = raw.ends_with([',', ';', ':', '"', '\u{201c}', '\u{201d}', '(', ')', '.']);
        Some((self.from + start, Word::new(raw), stop))
    }
}

/// Whether `b` is an ASCII byte that `char::is_whitespace` accepts.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

impl WordsBack<'_> {
    /// `next` when the bytes it reads (the spaces after the word, the word
    /// and the space before it) are ASCII: the same answer from bytes, as
    /// ASCII bytes are whole characters and their white space is the
    /// white space `char::is_whitespace` knows. `None` when a non-ASCII
    /// byte is met, for the general path to decide.
    fn next_ascii(&mut self) -> Option<Option<(usize, Word, bool)>> {
        let bytes = &self.text.as_bytes()[..self.pos];
        let mut end = self.pos;
        while end > self.from && is_ascii_space(bytes[end - 1]) {
            end -= 1;
        }
        if end == self.from {
            self.pos = self.from;
            return Some(None);
        }
        let mut start = end;
        while start > self.from && !is_ascii_space(bytes[start - 1]) {
            if !bytes[start - 1].is_ascii() {
                return None;
            }
            start -= 1;
        }
        self.pos = start;
        // The bytes read are ASCII: whole characters, so the last byte is
        // the last character.
        let raw = &self.text.as_bytes()[start..end];
        let stop = matches!(
            raw.last(),
            Some(b',' | b';' | b':' | b'"' | b'(' | b')' | b'.')
        );
        Some(Some((start, Word::from_ascii(raw), stop)))
    }
}

/// A short word, ASCII lower-cased on the stack; longer or non-ASCII words
/// (which match no function word) read as `~`.
#[derive(Clone, Copy)]
struct Word {
    bytes: [u8; 16],
    len: u8,
}

impl Word {
    fn new(raw: &str) -> Word {
        if raw.is_ascii() {
            return Word::from_ascii(raw.as_bytes());
        }
        Word::from_trimmed(raw.trim_matches(|c: char| !c.is_alphanumeric()).as_bytes())
    }

    /// [`Word::new`] of ASCII text: ASCII letters and digits are the ASCII
    /// alphanumerics, and every ASCII byte is a character boundary.
    fn from_ascii(raw: &[u8]) -> Word {
        let start = raw
            .iter()
            .position(u8::is_ascii_alphanumeric)
            .unwrap_or(raw.len());
        let end = raw
            .iter()
            .rposition(u8::is_ascii_alphanumeric)
            .map_or(start, |i| i + 1);
        Word::from_trimmed(&raw[start..end])
    }

    /// The word of `trimmed` (its punctuation trimmed already).
    fn from_trimmed(trimmed: &[u8]) -> Word {
        let mut bytes = [0u8; 16];
        if trimmed.len() > bytes.len() || !trimmed.is_ascii() {
            bytes[0] = b'~';
            return Word { bytes, len: 1 };
        }
        // Copied whole, then lower-cased in place (both over all 16
        // bytes, which the compiler does a word at a time).
        bytes[..trimmed.len()].copy_from_slice(trimmed);
        bytes.make_ascii_lowercase();
        Word {
            bytes,
            len: trimmed.len() as u8,
        }
    }

    /// The word's bytes (ASCII), compared as bytes: cheaper than making
    /// a `str` of them for each comparison.
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    #[cfg(test)]
    fn as_str(&self) -> &str {
        // Only ASCII is ever stored.
        std::str::from_utf8(self.as_bytes()).unwrap_or("~")
    }
}

/// The first word of `text` at or after `at`, lower-cased.
fn next_word(text: &str, at: usize) -> Word {
    Word::new(text[at..].split_whitespace().next().unwrap_or(""))
}

/// The number `w` spells: digits with optional thousands commas ("1,200";
/// `None` when too large for a `u32`), or a number word ("twelve").
/// Allocation-free: it runs on every word read back from a trigger.
fn number_word(w: &[u8]) -> Option<u32> {
    let mut digits = 0usize;
    let mut value = Some(0u32);
    let mut numeric = true;
    for &b in w {
        match b {
            b',' => {}
            b'0'..=b'9' => {
                digits += 1;
                value = value
                    .and_then(|v| v.checked_mul(10))
                    .and_then(|v| v.checked_add(u32::from(b - b'0')));
            }
            _ => {
                numeric = false;
                break;
            }
        }
    }
    if numeric && digits > 0 {
        return value;
    }
    // No number word is longer than seven bytes.
    if w.len() > 7 {
        return None;
    }
    NUMBER_WORDS
        .iter()
        .find(|(n, _)| n.as_bytes() == w)
        .map(|(_, v)| *v)
}

/// How the noun phrase of a trigger noun starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Determiner {
    /// "this", "these", "its", "such"…
    Demonstrative,
    /// "the".
    The,
    /// "a", "an", "another", or a number.
    Indefinite,
    /// None found.
    Bare,
}

impl<'a, 'd> Doc<'a, 'd> {
    fn entity(&self, i: usize) -> &Entity {
        &self.annotated.entities()[i]
    }

    /// The determiner of the trigger noun at `trigger` in `sentence`, and
    /// whether an entity name stands between them (a named phrase such as
    /// "the Shymkent oil refinery" is never anaphoric). `index` is the
    /// trigger's index in [`Doc::triggers`], where its answer is kept once
    /// read (every caller holds it: no search for it).
    fn determiner(&self, sentence: Span, trigger: Span, index: usize) -> (Determiner, bool) {
        debug_assert_eq!(self.triggers[index].0, trigger);
        // Every caller passes the sentence that holds the trigger, so the
        // trigger alone says which answer is kept.
        if let Some(d) = self.determiners.borrow()[index] {
            return d;
        }
        let d = self.read_determiner(sentence, trigger);
        self.determiners.borrow_mut()[index] = Some(d);
        d
    }

    /// [`Doc::determiner`], read from the words before the trigger.
    fn read_determiner(&self, sentence: Span, trigger: Span) -> (Determiner, bool) {
        for (pos, word, stop) in words_back(self.text, sentence.start(), trigger.start()).take(4) {
            if stop {
                // A punctuation mark between this word and the trigger.
                return (Determiner::Bare, false);
            }
            let named = || {
                !within(
                    self.annotated.entities(),
                    Span::new(pos, trigger.start()),
                    |e| e.span,
                )
                .is_empty()
            };
            match word.as_bytes() {
                b"the" => return (Determiner::The, named()),
                // Not "that": mostly a conjunction ("said that investment…").
                b"this" | b"these" | b"those" | b"its" | b"their" | b"such" => {
                    return (Determiner::Demonstrative, named())
                }
                b"a" | b"an" | b"another" => return (Determiner::Indefinite, false),
                w if number_word(w).is_some() => return (Determiner::Indefinite, false),
                w if is_phrase_stop(w) => return (Determiner::Bare, false),
                _ => {}
            }
        }
        (Determiner::Bare, false)
    }

    /// Whether the trigger noun points back at a deal already read.
    /// `index` is the trigger's index in [`Doc::triggers`].
    fn is_anaphoric(&self, sentence: Span, trigger: Span, form: Form, index: usize) -> bool {
        if form == Form::Verb {
            return false;
        }
        match self.determiner(sentence, trigger, index) {
            (_, true) => false,
            (Determiner::Demonstrative, false) => true,
            (Determiner::The, false) => {
                // "the construction of a terminal" introduces its object.
                !matches!(
                    next_word(self.text, trigger.end()).as_bytes(),
                    b"of" | b"between" | b"with" | b"to" | b"on" | b"for"
                )
            }
            _ => false,
        }
    }

    /// Whether a negation cue stands in the three words before `trigger`.
    fn negated(&self, clause: Span, cues: &[(Span, Cue)], trigger: Span) -> bool {
        cues.iter().any(|(span, cue)| {
            *cue == Cue::Negation
                && span.end() <= trigger.start()
                && span.start() >= clause.start()
                && self.text[span.end()..trigger.start()]
                    .split_whitespace()
                    .count()
                    <= 3
        })
    }

    /// Whether the region mention `e` locates rather than acts: the word
    /// before it (skipping other place names, possessives, commas and
    /// "and") is a locative preposition.
    fn region_is_locative(&self, sentence: Span, e: &Entity) -> bool {
        let entities = self.annotated.entities();
        let mut at = e.span.start();
        loop {
            let mut words = words_back(self.text, sentence.start(), at);
            let Some((pos, word, _)) = words.next() else {
                return false;
            };
            if matches!(word.as_bytes(), b"and" | b"or" | b"the" | b"") {
                at = pos;
                continue;
            }
            // Skip back over another place name ("Uzbekistan's Jizzakh region").
            let i = entities.partition_point(|x| x.span.end() <= pos);
            if let Some(x) = entities.get(i) {
                if x.span.start() <= pos && matches!(x.kind, EntityKind::Place(_)) {
                    at = x.span.start();
                    continue;
                }
            }
            return LOCATIVES.iter().any(|l| l.as_bytes() == word.as_bytes());
        }
    }

    /// Whether entity mention `e` can be a party where it stands.
    fn can_be_party(&self, sentence: Span, e: &Entity) -> bool {
        match e.kind {
            EntityKind::Place(PlaceKind::Region) => !self.region_is_locative(sentence, e),
            k => k.can_be_party(),
        }
    }

    /// The distinct parties named in `span` of `sentence`: examples after
    /// "including"/"such as" dropped when others are named.
    fn parties_in(&self, sentence: Span, span: Span, cues: &[(Span, Cue)]) -> Vec<EntityIdx> {
        let near = index_range(self.annotated.entities(), sentence, |e| e.span);
        self.parties_near(sentence, span, cues, near)
    }

    /// [`Doc::parties_in`], where `near` is the index range of the
    /// entities of `sentence` (`index_range` of the sentence), which
    /// `span` lies within: the entities of `span` are looked for there
    /// only (see [`index_range_near`]).
    fn parties_near(
        &self,
        sentence: Span,
        span: Span,
        cues: &[(Span, Cue)],
        near: std::ops::Range<usize>,
    ) -> Vec<EntityIdx> {
        let entities = self.annotated.entities();
        let range = index_range_near(entities, span, near, |e| e.span);
        let example_from = cues
            .iter()
            .find(|(s, c)| *c == Cue::Example && span.contains(*s))
            .map(|(s, _)| s.start());
        let mut main = Vec::new();
        let mut examples = Vec::new();
        for i in range {
            let e = &entities[i];
            if e.span.end() > span.end() || !self.can_be_party(sentence, e) {
                continue;
            }
            let list = if example_from.is_some_and(|x| e.span.start() > x) {
                &mut examples
            } else {
                &mut main
            };
            push_distinct(list, entities, i);
        }
        if main.is_empty() {
            examples
        } else {
            main
        }
    }

    /// The first earlier sentence (at most two back, same article) that
    /// names a party, and its parties.
    fn antecedent(&self, sentence: &Sentence) -> Option<(usize, Vec<EntityIdx>)> {
        let si = sentence.index.get();
        let article = self.article_of[si];
        for back in 1..=2 {
            let Some(j) = si.checked_sub(back) else { break };
            if self.article_of[j] != article {
                break;
            }
            let s = self.annotated.sentences()[j].span;
            let parties = self.parties_in(s, s, &[]);
            if !parties.is_empty() {
                return Some((j, parties));
            }
        }
        None
    }

    /// The company named last before `sentence` in its article.
    fn last_company(&self, sentence: &Sentence) -> Option<EntityIdx> {
        let article = self.article_of[sentence.index.get()];
        let entities = self.annotated.entities();
        let end = entities.partition_point(|e| e.span.start() < sentence.span.start());
        entities[..end]
            .iter()
            .rposition(|e| e.kind == EntityKind::Company)
            .filter(|&i| self.article_of[entities[i].sentence.get()] == article)
            .map(EntityIdx::new)
    }
}

fn push_distinct(list: &mut Vec<EntityIdx>, entities: &[Entity], i: usize) {
    if !list
        .iter()
        .any(|p| entities[p.get()].entry == entities[i].entry)
    {
        list.push(EntityIdx::new(i));
    }
}

/// The clauses of `sentence`: its span cut at clause cues (read lazily,
/// with no list to allocate).
fn clauses(sentence: Span, cues: &[(Span, Cue)]) -> impl Iterator<Item = Span> + '_ {
    let mut start = sentence.start();
    let mut cues = cues.iter();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        for (span, cue) in cues.by_ref() {
            if *cue == Cue::Clause && span.start() > start {
                let clause = Span::new(start, span.start());
                start = span.end();
                return Some(clause);
            }
        }
        done = true;
        Some(Span::new(start.min(sentence.end()), sentence.end()))
    })
}

/// What one clause reports.
struct ClauseReading {
    clause: Span,
    kind: DealKind,
    anaphoric: bool,
    amount: Option<usize>,
    /// Read from a second indefinite document noun ("a memorandum … and an
    /// agreement"): a deal of its own, never merged back.
    split: bool,
}

/// The lists [`read_sentence`] fills for each sentence, kept from one
/// sentence to the next so that they are allocated once per document.
#[derive(Default)]
struct Scratch {
    /// The valid triggers of a clause, each with its index in
    /// [`Doc::triggers`].
    valid: Vec<(Span, DealKind, Form, Needs, usize)>,
    /// What each clause reports.
    found: Vec<ClauseReading>,
    /// The clause readings kept, with their own parties (`None` for a
    /// clause that is the whole sentence: the sentence's parties).
    kept: Vec<(ClauseReading, Option<Vec<EntityIdx>>)>,
}

/// Reads the deals of `sentence`, whose triggers are `triggers` (from
/// index `first` of [`Doc::triggers`]) and whose cues are `cues`.
fn read_sentence(
    doc: &Doc<'_, '_>,
    sentence: &Sentence,
    (triggers, first): (&[(Span, Trigger)], usize),
    cues: &[(Span, Cue)],
    scratch: &mut Scratch,
    readings: &mut Vec<Reading>,
) {
    let span = sentence.span;
    if triggers.is_empty() {
        return;
    }
    if cues.iter().any(|(_, c)| *c == Cue::Call) {
        return;
    }
    let amounts = doc.annotated.amounts();
    let Scratch { valid, found, kept } = scratch;
    found.clear();
    for clause in clauses(span, cues) {
        let ccues = within(cues, clause, |c| c.0);
        if ccues.iter().any(|(_, c)| *c == Cue::Hypothetical) {
            continue;
        }
        let goal_at = ccues
            .iter()
            .find(|(_, c)| *c == Cue::Goal)
            .map(|(s, _)| s.start());
        valid.clear();
        let clause_triggers = within_range(triggers, clause, |t| t.0);
        valid.extend(
            clause_triggers
                .filter_map(|k| match &triggers[k] {
                    (s, Trigger::Deal { kind, form, needs }) => {
                        Some((*s, *kind, *form, *needs, first + k))
                    }
                    (_, Trigger::Not) => None,
                })
                .filter(|(s, ..)| goal_at.is_none_or(|g| s.start() < g))
                .filter(|(s, ..)| !doc.negated(clause, ccues, *s))
                // An asset after "the"/"its" is one that exists, not a new deal.
                .filter(|(s, _, form, _, i)| {
                    *form != Form::Asset
                        || !matches!(
                            doc.determiner(span, *s, *i).0,
                            Determiner::The | Determiner::Demonstrative
                        )
                }),
        );
        if valid.is_empty() {
            continue;
        }
        let amount = clause_amount(doc, clause, ccues, valid);
        let measured = ccues.iter().any(|(_, c)| *c == Cue::Measure);
        let main = match amount {
            Some(a) => {
                let at = amounts[a].span;
                valid.iter().min_by_key(|(s, ..)| distance(*s, at)).copied()
            }
            None => {
                let usable = valid
                    .iter()
                    .filter(|(_, _, _, needs, _)| *needs == Needs::Event || measured);
                let mut first_anaphoric = None;
                let mut first_new = None;
                for t in usable {
                    if doc.is_anaphoric(span, t.0, t.2, t.4) {
                        first_anaphoric.get_or_insert(*t);
                    } else {
                        first_new = Some(*t);
                        // The first new one is the answer: later triggers
                        // cannot change it.
                        break;
                    }
                }
                first_new.or(first_anaphoric)
            }
        };
        let Some((tspan, kind, form, _, index)) = main else {
            continue;
        };
        let anaphoric = doc.is_anaphoric(span, tspan, form, index);
        found.push(ClauseReading {
            clause,
            kind,
            anaphoric,
            amount,
            split: false,
        });
        // A second document introduced by "a"/"an" is a second deal.
        let mut documents = valid.iter().filter(|(s, k, f, _, i)| {
            *k == DealKind::Agreement
                && *f != Form::Verb
                && doc.determiner(span, *s, *i).0 == Determiner::Indefinite
        });
        documents.next();
        for (s, k, ..) in documents {
            found.push(ClauseReading {
                clause: Span::new(s.start(), clause.end()),
                kind: *k,
                anaphoric: false,
                amount: None,
                split: true,
            });
        }
    }
    if found.is_empty() {
        return;
    }

    // Clauses of one sentence that add neither a sum nor other parties
    // continue the deal before them.
    let entities = doc.annotated.entities();
    // The sentence's entities, looked for once for every party list and
    // the leaders and places below.
    let near = index_range(entities, span, |e| e.span);
    let mut sentence_parties = doc.parties_near(span, span, cues, near.clone());
    kept.clear();
    for r in found.drain(..) {
        // A clause that is the whole sentence names the sentence's parties
        // (not copied: `None` stands for them).
        let own = (r.clause != span).then(|| doc.parties_near(span, r.clause, cues, near.clone()));
        if let Some((prev, prev_parties)) = kept.last_mut() {
            let prev_parties = prev_parties.as_deref().unwrap_or(&sentence_parties);
            let own = own.as_deref().unwrap_or(&sentence_parties);
            let adds_parties = !own.is_empty()
                && own.iter().all(|p| {
                    !prev_parties
                        .iter()
                        .any(|q| doc.entity(q.get()).entry == doc.entity(p.get()).entry)
                });
            if !r.split && r.amount.is_none() && !adds_parties {
                if prev.amount.is_none() && prev.anaphoric && !r.anaphoric {
                    prev.anaphoric = false;
                }
                continue;
            }
        }
        kept.push((r, own));
    }

    let si = sentence.index.get();
    let article = doc.article_of[si];
    let info = &doc.articles[article];
    let subject = subject_within(doc.text, span, cues, 4);
    let refer = cues.iter().any(|(_, c)| *c == Cue::Refer);
    let last = kept.len().saturating_sub(1);
    for (k, (r, own)) in kept.drain(..).enumerate() {
        // A clause's own parties, or the sentence's when it names none or
        // is the whole sentence (whose own parties are the sentence's);
        // the last reading takes the sentence's list itself, which nothing
        // reads after it.
        let mut parties = match own {
            Some(own) if !own.is_empty() => own,
            _ if k == last => std::mem::take(&mut sentence_parties),
            _ => sentence_parties.clone(),
        };
        let own_count = parties.len();
        let mut borrowed: Option<usize> = None;
        // Anaphoric subject in the first words, "this country", or a sum
        // with no party: the parties of the sentence before.
        if subject || (refer && parties.len() < 2) || (parties.is_empty() && r.amount.is_some()) {
            if let Some((j, before)) = doc.antecedent(sentence) {
                borrowed = Some(j);
                let mut merged = before;
                for p in &parties {
                    push_distinct(&mut merged, entities, p.get());
                }
                parties = merged;
            }
        }
        // "the company": the company last named.
        let has_company = parties
            .iter()
            .any(|p| doc.entity(p.get()).kind == EntityKind::Company);
        if !has_company && company_reference(doc, span, cues) {
            if let Some(c) = doc.last_company(sentence) {
                push_distinct(&mut parties, entities, c.get());
            }
        }
        // "bilateral", "the two countries": the article's two countries.
        let countries = |parties: &[EntityIdx]| {
            parties
                .iter()
                .filter(|p| doc.entity(p.get()).kind == EntityKind::Place(PlaceKind::Country))
                .count()
        };
        if cues.iter().any(|(_, c)| *c == Cue::Pair) && countries(&parties) < 2 {
            for p in &info.pair {
                push_distinct(&mut parties, entities, p.get());
            }
        }
        match parties.as_slice() {
            [] => continue,
            [only] => {
                let e = doc.entity(only.get());
                match e.kind {
                    EntityKind::Company | EntityKind::Organization => {}
                    EntityKind::Place(PlaceKind::Country)
                        if r.kind == DealKind::Agreement
                            && info
                                .pair
                                .iter()
                                .any(|p| doc.entity(p.get()).entry == e.entry) =>
                    {
                        for p in &info.pair {
                            push_distinct(&mut parties, entities, p.get());
                        }
                    }
                    _ => continue,
                }
            }
            _ => {}
        }
        if parties.len() < 2 && matches!(doc.entity(parties[0].get()).kind, EntityKind::Place(_)) {
            continue;
        }

        // Leaders and places of the sentence.
        let mut leaders = Vec::new();
        let mut places = Vec::new();
        for i in near.clone() {
            let e = &entities[i];
            if parties.iter().any(|p| doc.entity(p.get()).entry == e.entry) {
                continue;
            }
            match e.kind {
                EntityKind::Leader => push_distinct(&mut leaders, entities, i),
                EntityKind::Place(p) if p != PlaceKind::Country => {
                    push_distinct(&mut places, entities, i)
                }
                _ => {}
            }
        }

        let dates = doc.annotated.dates();
        let date = within(dates, r.clause, |d| d.span)
            .first()
            .or_else(|| within(dates, span, |d| d.span).first())
            .or_else(|| {
                borrowed.and_then(|j| {
                    within(dates, doc.annotated.sentences()[j].span, |d| d.span).first()
                })
            })
            .map(|d| DateIdx::new(dates.partition_point(|x| x.span.start() < d.span.start())));
        let count = deal_count(doc, r.clause, cues);
        let start = borrowed.map_or(span.start(), |j| doc.annotated.sentences()[j].span.start());
        let mut confidence = 0.3;
        confidence += if own_count >= 2 {
            0.3
        } else if parties.len() >= 2 {
            0.2
        } else {
            0.1
        };
        if r.amount.is_some() {
            confidence += 0.25;
        }
        if date.is_some() {
            confidence += 0.15;
        }
        readings.push(Reading {
            deal: Deal {
                kind: r.kind,
                parties,
                leaders,
                places,
                amount: r.amount.map(AmountIdx::new),
                date,
                count,
                // Filled in for the deals that remain after merging.
                sectors: Vec::new(),
                sentence: sentence.index,
                evidence: span,
                extent: Span::new(start, span.end()),
                confidence: f32::min(confidence, 1.0),
            },
            anaphoric: r.anaphoric,
            headline: info.headline == Some(si),
            article,
        });
    }
}

fn distance(a: Span, b: Span) -> usize {
    if a.end() <= b.start() {
        b.start() - a.end()
    } else {
        a.start().saturating_sub(b.end())
    }
}

/// The sum of a clause: one per group of linked sums (a range or the same
/// sum in several currencies), preferring one tied by an attachment cue,
/// else the one nearest a trigger.
fn clause_amount(
    doc: &Doc<'_, '_>,
    clause: Span,
    cues: &[(Span, Cue)],
    triggers: &[(Span, DealKind, Form, Needs, usize)],
) -> Option<usize> {
    let amounts = doc.annotated.amounts();
    let range = index_range(amounts, clause, |a| a.span);
    let heads: Vec<usize> = range
        .filter(|&i| amounts[i].span.end() <= clause.end())
        .filter(|&i| {
            let a = &amounts[i];
            let linked_earlier =
                a.range_with.is_some_and(|j| j.get() < i) || a.same_as.is_some_and(|j| j.get() < i);
            !linked_earlier
        })
        .collect();
    match heads.as_slice() {
        [] => None,
        [one] => Some(*one),
        _ => {
            let attached = heads.iter().copied().find(|&i| {
                let at = amounts[i].span.start();
                cues.iter().any(|(s, c)| {
                    *c == Cue::Attach
                        && s.end() <= at
                        && doc.text[s.end()..at].split_whitespace().count() <= 3
                })
            });
            attached.or_else(|| {
                heads.iter().copied().min_by_key(|&i| {
                    triggers
                        .iter()
                        .map(|t| distance(t.0, amounts[i].span))
                        .min()
                        .unwrap_or(usize::MAX)
                })
            })
        }
    }
}

/// Whether the sentence speaks of "the company" (or "the shipping firm")
/// without naming one right after.
fn company_reference(doc: &Doc<'_, '_>, sentence: Span, cues: &[(Span, Cue)]) -> bool {
    cues.iter().any(|(s, c)| {
        if *c != Cue::CompanyRef {
            return false;
        }
        let determined = words_back(doc.text, sentence.start(), s.start())
            .take(3)
            .any(|(_, w, _)| matches!(w.as_bytes(), b"the" | b"this" | b"that"));
        let entities = doc.annotated.entities();
        let after = entities.partition_point(|e| e.span.start() < s.end());
        let named_after = entities
            .get(after)
            .is_some_and(|e| e.span.start() <= s.end() + 2);
        determined && !named_after
    })
}

/// The number before a count noun in `clause` ("over 70 documents", "11
/// Kazakhstan-Korea agreements"), skipping numbers that are part of a sum
/// or a date.
fn deal_count(doc: &Doc<'_, '_>, clause: Span, cues: &[(Span, Cue)]) -> Option<u32> {
    let a = doc.annotated;
    for (s, c) in cues {
        if *c != Cue::Count || !clause.contains(*s) {
            continue;
        }
        for (pos, word, stop) in words_back(doc.text, clause.start(), s.start()).take(3) {
            if let Some(n) = number_word(word.as_bytes()) {
                let here = Span::new(pos, pos + 1);
                if overlaps_any(a.amounts(), here, |x| x.span)
                    || overlaps_any(a.dates(), here, |x| x.span)
                {
                    break;
                }
                return Some(n);
            }
            if stop || is_phrase_stop(word.as_bytes()) {
                break;
            }
        }
    }
    None
}

/// A sentence that reports no deal but gives a sum tied to the deal read
/// just before ("They are worth $6 billion.") completes that deal. `cues`
/// are the sentence's cues.
fn complete_previous(
    doc: &Doc<'_, '_>,
    sentence: &Sentence,
    cues: &[(Span, Cue)],
    readings: &mut [Reading],
) {
    let Some(prev) = readings.last_mut() else {
        return;
    };
    let si = sentence.index.get();
    if prev.deal.sentence.get() + 1 != si
        || prev.deal.amount.is_some()
        || doc.article_of[si] != prev.article
    {
        return;
    }
    let span = sentence.span;
    if cues
        .iter()
        .any(|(_, c)| matches!(c, Cue::Hypothetical | Cue::Call))
    {
        return;
    }
    let amounts = doc.annotated.amounts();
    let Some(i) = index_range(amounts, span, |a| a.span).find(|&i| {
        let at = amounts[i].span.start();
        cues.iter().any(|(s, c)| {
            *c == Cue::Attach
                && s.end() <= at
                && doc.text[s.end()..at].split_whitespace().count() <= 3
        })
    }) else {
        return;
    };
    let subject = subject_within(doc.text, span, cues, 3);
    let parties = doc.parties_in(span, span, cues);
    if !subject && !parties.is_empty() {
        return;
    }
    prev.deal.amount = Some(AmountIdx::new(i));
    prev.deal.confidence = f32::min(prev.deal.confidence + 0.2, 1.0);
    if prev.deal.date.is_none() {
        let dates = doc.annotated.dates();
        let r = index_range(dates, span, |d| d.span);
        if !r.is_empty() {
            prev.deal.date = Some(DateIdx::new(r.start));
        }
    }
}

/// Merges the readings that are mentions of one deal.
fn merge(doc: &Doc<'_, '_>, readings: Vec<Reading>) -> Vec<Deal> {
    let amounts = doc.annotated.amounts();
    let entities = doc.annotated.entities();
    let same_amount = |a: Option<AmountIdx>, b: Option<AmountIdx>| match (a, b) {
        (Some(a), Some(b)) => {
            let (a, b) = (&amounts[a.get()], &amounts[b.get()]);
            a.currency == b.currency && a.value == b.value
        }
        _ => false,
    };
    let share = |a: &Deal, b: &Deal| {
        a.parties.iter().any(|p| {
            b.parties
                .iter()
                .any(|q| entities[p.get()].entry == entities[q.get()].entry)
        })
    };
    let mut out: Vec<Reading> = Vec::with_capacity(readings.len());
    for r in readings {
        // A definite mention of a deal read earlier in the article ("The
        // deal is worth $2 billion"): it completes that deal unless it
        // brings a different sum.
        let last = out.iter_mut().rev().find(|p| p.article == r.article);
        if let Some(prev) = last.filter(|p| {
            r.anaphoric
                && (r.deal.amount.is_none()
                    || p.deal.amount.is_none()
                    || same_amount(p.deal.amount, r.deal.amount))
        }) {
            if prev.deal.amount.is_none() && r.deal.amount.is_some() {
                prev.deal.amount = r.deal.amount;
                prev.deal.confidence = f32::min(prev.deal.confidence + 0.2, 1.0);
            }
            if prev.deal.date.is_none() {
                prev.deal.date = r.deal.date;
            }
            if prev.deal.count.is_none() {
                prev.deal.count = r.deal.count;
            }
            continue;
        }
        // The same sum with a shared party: one deal, told twice (a
        // headline and its body); the body sentence is the main one.
        if let Some(prev) = out.iter_mut().find(|p| {
            p.article == r.article
                && same_amount(p.deal.amount, r.deal.amount)
                && share(&p.deal, &r.deal)
        }) {
            absorb(prev, r, entities);
            continue;
        }
        out.push(r);
    }
    // A headline deal restated in the body: same kind, a shared party,
    // compatible sums.
    let mut i = 0;
    while i < out.len() {
        if out[i].headline {
            let h = &out[i];
            let target = (i + 1..out.len()).find(|&j| {
                let b = &out[j];
                b.article == h.article
                    && !b.headline
                    && b.deal.kind == h.deal.kind
                    && share(&b.deal, &h.deal)
                    && (h.deal.amount.is_none()
                        || b.deal.amount.is_none()
                        || same_amount(h.deal.amount, b.deal.amount))
            });
            if let Some(j) = target {
                let h = out.remove(i);
                let b = &mut out[j - 1];
                if b.deal.amount.is_none() {
                    b.deal.amount = h.deal.amount;
                }
                continue;
            }
        }
        i += 1;
    }
    out.into_iter().map(|r| r.deal).collect()
}

/// Folds reading `r` into `prev`, the same deal read earlier; when `prev`
/// was read from a headline, the body sentence becomes the main one.
fn absorb(prev: &mut Reading, r: Reading, entities: &[Entity]) {
    for p in &r.deal.parties {
        push_distinct(&mut prev.deal.parties, entities, p.get());
    }
    for l in &r.deal.leaders {
        push_distinct(&mut prev.deal.leaders, entities, l.get());
    }
    for l in &r.deal.places {
        push_distinct(&mut prev.deal.places, entities, l.get());
    }
    prev.deal.date = prev.deal.date.or(r.deal.date);
    prev.deal.count = prev.deal.count.or(r.deal.count);
    prev.deal.confidence = prev.deal.confidence.max(r.deal.confidence);
    if prev.headline && !r.headline {
        prev.deal.amount = r.deal.amount.or(prev.deal.amount);
        prev.deal.sentence = r.deal.sentence;
        prev.deal.evidence = r.deal.evidence;
        prev.deal.extent = r.deal.extent;
        prev.deal.kind = r.deal.kind;
        prev.headline = false;
    }
}

/// Whether a subject cue of `sentence` (`cues` are its cues, in text
/// order) ends within its first `n` words. The first subject cue ends
/// first (cues do not overlap), so it alone is compared, and the words are
/// counted only when there is one.
fn subject_within(text: &str, sentence: Span, cues: &[(Span, Cue)], n: usize) -> bool {
    cues.iter()
        .find(|(_, c)| *c == Cue::Subject)
        .is_some_and(|(s, _)| s.end() <= first_words_end(text, sentence, n))
}

/// The end of the first `n` words of `text[span]`.
fn first_words_end(text: &str, span: Span, n: usize) -> usize {
    match first_words_end_ascii(text[span].as_bytes(), n) {
        Some(end) => end.map_or(span.end(), |i| span.start() + i),
        None => first_words_end_general(text, span, n),
    }
}

/// `first_words_end` for any text, a character at a time.
fn first_words_end_general(text: &str, span: Span, n: usize) -> usize {
    let hay = &text[span];
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in hay.char_indices() {
        if c.is_whitespace() {
            if in_word {
                count += 1;
                if count == n {
                    return span.start() + i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    span.end()
}

/// `first_words_end` over bytes, as long as they are ASCII (whole
/// characters, with the white space `char::is_whitespace` knows):
/// `Some(Some(i))` for the end at byte `i`, `Some(None)` when the text has
/// fewer words, `None` at the first non-ASCII byte before the answer.
fn first_words_end_ascii(hay: &[u8], n: usize) -> Option<Option<usize>> {
    let mut count = 0;
    let mut in_word = false;
    for (i, &b) in hay.iter().enumerate() {
        if !b.is_ascii() {
            return None;
        }
        if is_ascii_space(b) {
            if in_word {
                count += 1;
                if count == n {
                    return Some(Some(i));
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    Some(None)
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn function_word_lists_fit_their_length_guards() {
        assert!(PHRASE_STOPS.iter().all(|w| w.len() <= 5));
        assert!(NUMBER_WORDS.iter().all(|(w, _)| w.len() <= 7));
    }

    /// Texts for the byte fast paths: ASCII, non-ASCII letters, quotes,
    /// no-break and other Unicode spaces, every ASCII space.
    const TEXTS: &[&str] = &[
        "Kazakhstan and China signed 11 deals, worth $6 billion.",
        "  the  deal\twas\nsigned\x0Bby\x0Cboth\rsides ",
        "“The deal” was signed; the firm’s plant (new) opens.",
        "Café\u{a0}owners\u{2003}signed a naïve deal in Ölkeli",
        "a",
        "",
        "   ",
        "The Shymkent oil refinery, its construction and 70 documents",
    ];

    #[test]
    fn word_trims_punctuation_as_the_character_rule_does() {
        for raw in [
            "(The", "deal,", "\"a\"", "...", "", "x", "U.S.", "--fold--", "n't", "’s", "é.",
        ] {
            let expected = raw.trim_matches(|c: char| !c.is_alphanumeric());
            let expected = if expected.is_ascii() && expected.len() <= 16 {
                expected.to_ascii_lowercase()
            } else {
                "~".to_string()
            };
            assert_eq!(Word::new(raw).as_str(), expected, "{raw:?}");
        }
    }

    #[test]
    fn words_back_fast_path_agrees_with_the_general_one() {
        let read =
            |w: Option<(usize, Word, bool)>| w.map(|(p, w, s)| (p, w.as_str().to_string(), s));
        for text in TEXTS {
            let cuts: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &from in &cuts {
                for &to in cuts.iter().filter(|&&t| t >= from) {
                    let mut fast = words_back(text, from, to);
                    let mut general = words_back(text, from, to);
                    loop {
                        let (a, b) = (read(fast.next()), read(general.next_general()));
                        assert_eq!(a, b, "{text:?} {from}..{to}");
                        assert_eq!(fast.pos, general.pos);
                        if a.is_none() {
                            break;
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn first_words_end_fast_path_agrees_with_the_general_one() {
        for text in TEXTS {
            for n in 1..6 {
                let span = Span::new(0, text.len());
                assert_eq!(
                    first_words_end(text, span, n),
                    first_words_end_general(text, span, n),
                    "{text:?} {n}"
                );
            }
        }
    }

    /// `subject_within` (the first subject cue only, words counted only
    /// when there is one) agrees with asking every subject cue.
    #[test]
    fn subject_within_agrees_with_every_subject_cue() {
        let assembler = crate::DealAssembler::new();
        let invented = [
            "They signed it. This is",
            "It said they would invest; these deals, it added, are new.",
            "The talks went well, and the meeting ended. Such deals rise.",
            "In  2024   they\tsigned\nit",
            "Officials said that it is what they want.",
            "“They” signed; it’s done.",
        ];
        let texts = TEXTS
            .iter()
            .chain(invented.iter())
            .chain(dealx_testkit::NEWS_PIECES.iter());
        let mut asked = 0;
        for text in texts {
            let span = Span::new(0, text.len());
            let mut hits = Vec::new();
            assembler.words.find(text, span, &mut hits);
            let cues: Vec<(Span, Cue)> = hits
                .iter()
                .filter_map(|(s, h)| h.cue.map(|c| (*s, c)))
                .collect();
            for n in 1..6 {
                let end = first_words_end(text, span, n);
                let plain = cues
                    .iter()
                    .any(|(s, c)| *c == Cue::Subject && s.end() <= end);
                assert_eq!(subject_within(text, span, &cues, n), plain, "{text:?} {n}");
                asked += usize::from(plain);
            }
        }
        assert!(asked > 0, "no text had a subject cue in its first words");
    }

    /// Numbers below `n`, each call, from a xorshift generator started at
    /// `seed`: the random lists of the search tests.
    fn draws(mut state: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        }
    }

    /// Up to 30 items sorted by start, starting before `reach`, of any
    /// length up to 12, possibly overlapping.
    fn sorted_items(next: &mut impl FnMut(usize) -> usize, reach: usize) -> Vec<Span> {
        let mut items: Vec<Span> = (0..next(30))
            .map(|_| {
                let start = next(reach);
                Span::new(start, start + next(12))
            })
            .collect();
        items.sort_by_key(|s| (s.start(), s.end()));
        items
    }

    /// The cursor gives each of a run of spans in text order the same
    /// items as the binary searches of `within`: spans that touch, leave
    /// gaps, are empty, or cut through items (items that start before a
    /// span, start inside it and end after it, nest or touch).
    #[test]
    fn cursor_agrees_with_within() {
        let mut next = draws(0x9E37_79B9_7F4A_7C15u64);
        for _ in 0..500 {
            let items = sorted_items(&mut next, 200);
            let mut cursor = Cursor::default();
            let mut at = 0;
            while at < 220 {
                let start = at + next(3);
                let span = Span::new(start, start + next(40));
                assert_eq!(
                    cursor.within(&items, span, |s| *s),
                    within(&items, span, |s| *s),
                    "{span:?} in {items:?}"
                );
                at = span.end().max(at + 1);
            }
        }
    }

    /// A search inside the range of an outer span (a sentence) finds the
    /// same items as a search of all items, for inner spans anywhere in
    /// the outer one, with items that start before, inside and after it.
    #[test]
    fn index_range_near_agrees_with_a_search_of_all() {
        let mut next = draws(0x2545_F491_4F6C_DD1Du64);
        for _ in 0..500 {
            let items = sorted_items(&mut next, 100);
            let start = next(90);
            let outer = Span::new(start, start + next(40));
            let near = index_range(&items, outer, |s| *s);
            for _ in 0..20 {
                let a = outer.start() + next(outer.len() + 1);
                let inner = Span::new(a, a + next(outer.end() - a + 1));
                assert_eq!(
                    index_range_near(&items, inner, near.clone(), |s| *s),
                    index_range(&items, inner, |s| *s),
                    "{inner:?} in {outer:?} of {items:?}"
                );
            }
        }
    }

    #[test]
    fn number_word_reads_digits_commas_and_words() {
        assert_eq!(number_word(b"7"), Some(7));
        assert_eq!(number_word(b"1,200"), Some(1200));
        assert_eq!(number_word(b"twelve"), Some(12));
        assert_eq!(number_word(b"4294967295"), Some(u32::MAX));
        assert_eq!(number_word(b"4294967296"), None);
        assert_eq!(number_word(b"12a"), None);
        assert_eq!(number_word(b","), None);
        assert_eq!(number_word(b""), None);
        assert_eq!(number_word(b"the"), None);
    }
}
