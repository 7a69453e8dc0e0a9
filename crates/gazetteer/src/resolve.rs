//! One document's mentions put together: table names, rule names (merged
//! without overlaps), and the short forms the document introduces.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use dealx_core::{Entity, EntityKind, EntityRef, EntryId, PlaceKind, Segmentation, Span, Via};
use memchr::memmem;

use crate::rules::Candidate;
use crate::words::{is_all_caps, is_capitalised, is_whole_word};
use crate::Gazetteer;

/// Spans already taken, to keep mentions from overlapping: one bit per
/// byte of the text (the taken spans never overlap one another, so a byte
/// map answers exactly what a map of spans would, without a tree).
struct Occupied(Vec<u64>);

impl Occupied {
    fn new(text_len: usize) -> Occupied {
        Occupied(vec![0; text_len / 64 + 1])
    }

    /// The words of the map that `span` touches, each with the bits of
    /// its bytes there (a mention is one or two words, not a bit loop over
    /// its bytes).
    fn words(span: Span) -> impl Iterator<Item = (usize, u64)> {
        let (start, end) = (span.start(), span.end());
        let last = end.saturating_sub(1) / 64;
        (start / 64..=last)
            .filter(move |_| start < end)
            .map(move |w| {
                let lo = if w == start / 64 { start % 64 } else { 0 };
                let hi = if w == last { (end - 1) % 64 } else { 63 };
                (w, (u64::MAX >> (63 - hi)) & (u64::MAX << lo))
            })
    }

    fn overlaps(&self, span: Span) -> bool {
        Occupied::words(span).any(|(w, mask)| self.0[w] & mask != 0)
    }

    fn insert(&mut self, span: Span) {
        for (w, mask) in Occupied::words(span) {
            self.0[w] |= mask;
        }
    }

    fn clear(&mut self) {
        self.0.fill(0);
    }
}

/// A short form and what it stands for; `None` once two entities claim it.
type Aliases = BTreeMap<String, Option<(EntityRef, EntityKind)>>;

fn add_alias(aliases: &mut Aliases, alias: &str, target: (EntityRef, EntityKind)) {
    aliases
        .entry(alias.to_string())
        .and_modify(|t| {
            if *t != Some(target) {
                *t = None;
            }
        })
        .or_insert(Some(target));
}

/// Every mention of the document: `table` are the table names found by
/// [`Gazetteer::find_iter`], inside sentences, and `triggers` the rule
/// trigger words (see [`crate::rules::Rules::find`]).
pub(crate) fn resolve(
    gazetteer: &Gazetteer,
    text: &str,
    segmentation: &Segmentation,
    table: Vec<Entity>,
    triggers: &[(Span, usize)],
) -> Vec<Entity> {
    let known: Vec<(Span, EntityKind)> = table.iter().map(|e| (e.span, e.kind)).collect();
    let mut candidates: Vec<Candidate> =
        gazetteer.rules().find(text, segmentation, triggers, &known);
    // The candidates come nearly in text order (one a trigger, in text
    // order; a name before its legal form starts earlier than its
    // trigger): the check spares the sort when it changes nothing.
    let order = |c: &Candidate| (c.span.start(), std::cmp::Reverse(c.span.end()));
    if !candidates.is_sorted_by_key(order) {
        candidates.sort_by_key(order);
    }

    let mut occupied = Occupied::new(text.len());
    let mut out: Vec<Entity> = Vec::with_capacity(table.len() + candidates.len());
    let is_place = |e: &&Entity| matches!(e.kind, EntityKind::Place(_));
    // Table names of leaders, companies and organizations first, then rule
    // names, then places: a rule name swallows the places inside it
    // ("National Space Center of Kazakhstan").
    for &e in table.iter().filter(|e| !is_place(e)) {
        occupied.insert(e.span);
        out.push(e);
    }
    let mut aliases = Aliases::new();
    let mut canonical: HashMap<&str, Span> = HashMap::new();
    for c in &candidates {
        if occupied.overlaps(c.span) {
            continue;
        }
        let Some(sentence) = segmentation.sentence_of(c.span) else {
            continue;
        };
        let name_span = *canonical.entry(&text[c.span]).or_insert(c.span);
        let entry = EntityRef::Text(name_span);
        occupied.insert(c.span);
        out.push(Entity {
            span: c.span,
            sentence,
            kind: c.kind,
            entry,
            via: Via::Rule,
        });
        // A rule name said again later without its title is the same entity.
        add_alias(&mut aliases, &text[c.span], (entry, c.kind));
        if let Some(short) = c.short.filter(|s| *s != c.span) {
            add_alias(&mut aliases, &text[short], (entry, c.kind));
        }
    }
    for &e in table.iter().filter(is_place) {
        if !occupied.overlaps(e.span) {
            occupied.insert(e.span);
            out.push(e);
        }
    }

    // Short forms: leaders' surnames and acronyms given in parentheses.
    // A table leader named again adds the same alias again, which changes
    // nothing (`add_alias` keeps a target once claimed by it alone), so it
    // is read once (a hash look-up of the surname read off the entry's
    // attributes at start-up).
    let mut leaders_seen: Vec<EntryId> = Vec::new();
    for e in &out {
        if e.kind == EntityKind::Leader {
            let surname = match e.entry {
                EntityRef::Entry(id) if leaders_seen.contains(&id) => None,
                EntityRef::Entry(id) => {
                    leaders_seen.push(id);
                    gazetteer.surname(id)
                }
                EntityRef::Text(span) => text[span].rsplit_once(' ').map(|(_, last)| last),
            };
            if let Some(surname) = surname.filter(|s| is_surname(gazetteer, s)) {
                add_alias(&mut aliases, surname, (e.entry, e.kind));
            }
        }
        if e.via != Via::Demonym {
            if let Some(acronym) = acronym_after(text, e.span) {
                add_alias(&mut aliases, acronym, (e.entry, e.kind));
            }
        }
    }
    // In a document about a person, their surname is the person even where
    // a town has the same name ("Pereira said" after "Ana Lucia Pereira").
    let is_surname_of_leader = |e: &Entity| {
        matches!(
            e.kind,
            EntityKind::Place(PlaceKind::City | PlaceKind::Region)
        ) && aliases
            .get(&text[e.span])
            .is_some_and(|t| t.is_some_and(|(_, kind)| kind == EntityKind::Leader))
    };
    if out.iter().any(is_surname_of_leader) {
        out.retain(|e| !is_surname_of_leader(e));
        occupied.clear();
        for e in &out {
            occupied.insert(e.span);
        }
    }
    let (patterns, targets): (Vec<&String>, Vec<(EntityRef, EntityKind)>) = aliases
        .iter()
        .filter_map(|(a, t)| t.map(|t| (a, t)))
        .unzip();
    for (start, end, pattern) in alias_matches(text, &patterns) {
        let span = Span::new(start, end);
        if !is_whole_word(text, span.start(), span.end()) || occupied.overlaps(span) {
            continue;
        }
        let Some(sentence) = segmentation.sentence_of(span) else {
            continue;
        };
        let (entry, kind) = targets[pattern];
        occupied.insert(span);
        out.push(Entity {
            span,
            sentence,
            kind,
            entry,
            via: Via::Coreference,
        });
    }
    // The mentions never overlap (table names are leftmost-longest, the
    // rest checked against `occupied`), so no two share a start and any
    // sort gives the one order there is. `out` is four runs, each in text
    // order (table names, rule names, places, short forms), to merge.
    let out = in_text_order(out);
    debug_assert!(out.windows(2).all(|w| w[0].span.end() <= w[1].span.start()));
    out
}

/// `mentions` sorted by start (their starts are distinct). They come as
/// a few runs each already in text order, so the runs (maximal ascending
/// stretches) are merged two at a time, which costs a compare a mention
/// and a level where the sort cost 5.4 M instructions on the 5 MB slice
/// (callgrind, `driftsort`). Any input with many runs is sorted instead;
/// either way the result is the one sorted order (a test compares the
/// merge with a sort).
pub(crate) fn in_text_order(mut mentions: Vec<Entity>) -> Vec<Entity> {
    /// Above this many runs the sort is used.
    const MAX_RUNS: usize = 8;
    let mut ends: Vec<usize> = Vec::with_capacity(MAX_RUNS);
    for i in 1..mentions.len() {
        if mentions[i].span.start() < mentions[i - 1].span.start() {
            if ends.len() + 1 == MAX_RUNS {
                mentions.sort_by_key(|e| e.span.start());
                return mentions;
            }
            ends.push(i);
        }
    }
    ends.push(mentions.len());
    // Each round merges neighbouring runs pairwise, from `mentions` into
    // `merged`, halving the runs.
    let mut merged: Vec<Entity> = Vec::with_capacity(mentions.len());
    while ends.len() > 1 {
        merged.clear();
        let mut next_ends = Vec::with_capacity(ends.len() / 2 + 1);
        let mut from = 0;
        for pair in ends.chunks(2) {
            match *pair {
                [mid, end] => merge_two(&mentions[from..mid], &mentions[mid..end], &mut merged),
                [end] => merged.extend_from_slice(&mentions[from..end]),
                _ => unreachable!("chunks of two"),
            }
            from = pair[pair.len() - 1];
            next_ends.push(from);
        }
        std::mem::swap(&mut mentions, &mut merged);
        ends = next_ends;
    }
    mentions
}

/// Appends to `out` the mentions of `a` and `b`, each sorted by start,
/// in order of start.
fn merge_two(a: &[Entity], b: &[Entity], out: &mut Vec<Entity>) {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        if x.span.start() < y.span.start() {
            out.push(*x);
            i += 1;
        } else {
            out.push(*y);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// Above this many aliases, one automaton pass beats a search per alias.
const DIRECT_SEARCH_MAX: usize = 16;

/// The leftmost-longest, non-overlapping occurrences of `patterns` in
/// `text`, as (start, end, pattern index) in text order: at each step the
/// occurrence that starts first, the longest of those starting there, then
/// the search goes on after its end.
///
/// Most documents introduce a handful of aliases, and building an
/// automaton for each document cost more than the search itself
/// (callgrind); so up to [`DIRECT_SEARCH_MAX`] aliases are searched one by
/// one with `memmem` (every occurrence, overlapping ones too) and the
/// occurrences picked as the automaton would, which gives the same matches.
fn alias_matches(text: &str, patterns: &[&String]) -> Vec<(usize, usize, usize)> {
    if patterns.is_empty() {
        return Vec::new();
    }
    if patterns.len() > DIRECT_SEARCH_MAX || patterns.iter().any(|p| p.is_empty()) {
        return automaton_matches(text, patterns);
    }
    direct_matches(text, patterns)
}

/// [`alias_matches`] through one leftmost-longest automaton.
pub(crate) fn automaton_matches(text: &str, patterns: &[&String]) -> Vec<(usize, usize, usize)> {
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .build(patterns)
    else {
        return Vec::new();
    };
    automaton
        .find_iter(text)
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .collect()
}

/// [`alias_matches`] with one `memmem` search per pattern (non-empty
/// patterns, each once).
pub(crate) fn direct_matches(text: &str, patterns: &[&String]) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (index, pattern) in patterns.iter().enumerate() {
        let finder = memmem::Finder::new(pattern.as_bytes());
        let mut from = 0;
        while let Some(at) = finder.find(&bytes[from..]) {
            let start = from + at;
            found.push((start, start + pattern.len(), index));
            from = start + 1;
        }
    }
    if found.is_empty() {
        return found;
    }
    // Leftmost first, longest first at one start (two patterns of one
    // start and length are the same string, and the aliases are unique).
    found.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut last_end = 0;
    found.retain(|&(start, end, _)| {
        let keep = start >= last_end;
        if keep {
            last_end = end;
        }
        keep
    });
    found
}

/// True when `word` can stand for a person on its own: a capitalised word
/// of two letters or more that is not a function word or month.
fn is_surname(gazetteer: &Gazetteer, word: &str) -> bool {
    word.chars().count() >= 2 && is_capitalised(word) && !gazetteer.rules().is_stop_word(word)
}

/// The acronym in parentheses right after `span`: "Kazakhstan Temir Zholy
/// (KTZ)" gives "KTZ". Two to ten capitals, digits, `&` or `-`.
fn acronym_after(text: &str, span: Span) -> Option<&str> {
    let rest = &text[span.end()..];
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let inside = rest.strip_prefix('(')?;
    let close = inside.find(')')?;
    let acronym = &inside[..close];
    let ok = (2..=10).contains(&acronym.len())
        && is_all_caps(acronym)
        && acronym
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'&' || b == b'-');
    ok.then_some(acronym)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word masks mark exactly the bytes of each span, at every
    /// alignment and length (a plain set of bytes is the reference).
    #[test]
    fn occupied_words_mark_the_bytes_of_the_span() {
        for start in 0..140 {
            for end in start..start + 140 {
                let mut map = Occupied::new(300);
                map.insert(Span::new(start, end));
                for i in 0..300 {
                    let set = map.0[i / 64] & (1 << (i % 64)) != 0;
                    assert_eq!(set, (start..end).contains(&i), "{start}..{end} at {i}");
                    assert_eq!(map.overlaps(Span::new(i, i + 1)), set);
                }
                assert!(!map.overlaps(Span::new(start, start)));
                assert_eq!(map.overlaps(Span::new(0, 300)), start < end);
            }
        }
    }

    /// The merge of runs gives what a sort by start gives, for every
    /// number of runs (one to past the sort's threshold), run lengths and
    /// interleavings, and for shuffled mentions.
    #[test]
    fn merged_runs_are_sorted_as_a_sort_sorts() {
        let mention = |start: usize, tag: usize| Entity {
            span: Span::new(start * 3, start * 3 + 2),
            sentence: dealx_core::SentenceIdx::new(tag),
            kind: EntityKind::Company,
            entry: EntityRef::Text(Span::new(tag, tag + 1)),
            via: Via::Rule,
        };
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % bound
        };
        let (mut merged, mut sorted_input) = (0, 0);
        for round in 0..3000 {
            let n = next(40);
            let runs = 1 + next(12);
            // Each start goes to a random run; each run stays ascending.
            let mut by_run: Vec<Vec<Entity>> = vec![Vec::new(); runs];
            for start in 0..n {
                by_run[next(runs)].push(mention(start, round));
            }
            let mut input: Vec<Entity> = by_run.concat();
            if round % 5 == 0 {
                // Shuffled: many short runs.
                for i in (1..input.len()).rev() {
                    input.swap(i, next(i + 1));
                }
            }
            let mut expected = input.clone();
            expected.sort_by_key(|e| e.span.start());
            merged += usize::from(expected != input);
            sorted_input += usize::from(expected == input);
            assert_eq!(in_text_order(input), expected, "round {round}");
        }
        assert!(
            merged > 1000 && sorted_input > 10,
            "{merged} {sorted_input}"
        );
    }
}
