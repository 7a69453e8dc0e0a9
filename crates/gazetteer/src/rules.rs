//! Entities that are in no gazetteer, read from their context: a title
//! before a name (leaders), a legal form after or before a name
//! (companies), an institution word in a capitalised phrase
//! (organizations). The word lists are data in `crates/gazetteer/data/`.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use dealx_core::{EntityKind, PlaceKind, Segmentation, Span};

use crate::builder::IdHasher;
use crate::trie::Trie;
use crate::words::{is_all_caps, is_capitalised, is_whole_word, tokens_into, Token};

const TITLES: &str = include_str!("../data/titles.txt");
const LEGAL_FORMS: &str = include_str!("../data/legal_forms.tsv");
const ORG_HEADS: &str = include_str!("../data/org_heads.tsv");
const STOPWORDS: &str = include_str!("../data/stopwords.txt");

/// Bytes of a sentence tokenised before a trigger word, when the rules
/// can be read from a window (see [`Rules::window_tokens`]).
const WINDOW_BEFORE: usize = 32;
/// Bytes tokenised after a trigger word, likewise.
const WINDOW_AFTER: usize = 40;

/// Which walks of the rules a window of a sentence's tokens holds whole
/// (see [`Rules::window_tokens`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reach {
    /// Walks back from the trigger.
    back: bool,
    /// The appositive before a title, four tokens back and its walk.
    appositive: bool,
    /// Walks forward from the trigger's end.
    forward: bool,
}

impl Reach {
    /// A whole sentence's tokens: every walk.
    const WHOLE: Reach = Reach {
        back: true,
        appositive: true,
        forward: true,
    };
}

/// What a trigger word starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trigger {
    /// A title: the name follows it (or precedes it, after a comma).
    Title,
    /// A legal form; `prefix` when it may also open the name ("JSC Kazakhtelecom").
    LegalForm { prefix: bool },
    /// An institution word heading a phrase of this kind.
    Head(EntityKind),
}

/// An entity found by a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// The name in the text: the mention and its canonical name.
    pub span: Span,
    /// What it is.
    pub kind: EntityKind,
    /// A shorter form the document may use later (a company's name without
    /// its legal form: "SAFC" for "SAFC LLP").
    pub short: Option<Span>,
}

/// The rule set, built once.
#[derive(Clone, Debug)]
pub(crate) struct Rules {
    /// Every trigger word, walked from word starts like the names.
    triggers: Trie,
    /// The trigger words, by pattern id.
    words: Vec<&'static str>,
    kinds: Vec<Trigger>,
    /// Words that make a bank an organization.
    bank_org_words: WordSet,
    /// Words never part of a person's name (see `data/stopwords.txt`).
    stop: WordSet,
    /// Function words, trimmed from the start of any name ("The", "In").
    function: WordSet,
}

/// A set of words from the data files, hashed with the fast [`IdHasher`]
/// (the words are our own data, not adversarial input).
type WordSet = HashSet<&'static str, BuildHasherDefault<IdHasher>>;

fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Rules {
    /// Builds the trigger automaton from the built-in word lists.
    pub(crate) fn new() -> Rules {
        let mut words: Vec<&'static str> = Vec::new();
        let mut kinds = Vec::new();
        let mut bank_org_words = WordSet::default();
        for title in data_lines(TITLES) {
            words.push(title);
            kinds.push(Trigger::Title);
        }
        for line in data_lines(LEGAL_FORMS).skip(1) {
            if let Some((form, position)) = line.split_once('\t') {
                words.push(form);
                kinds.push(Trigger::LegalForm {
                    prefix: position == "both",
                });
            }
        }
        for line in data_lines(ORG_HEADS).skip(1) {
            match line.split_once('\t') {
                Some((word, "organization")) => {
                    words.push(word);
                    kinds.push(Trigger::Head(EntityKind::Organization));
                }
                Some((word, "company")) => {
                    words.push(word);
                    kinds.push(Trigger::Head(EntityKind::Company));
                }
                Some((word, _)) => {
                    bank_org_words.insert(word);
                }
                None => {}
            }
        }
        let triggers = Trie::build(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.as_bytes(), i as u32))
                .collect(),
        );
        Rules {
            triggers,
            words,
            kinds,
            bank_org_words,
            stop: data_lines(STOPWORDS).collect(),
            function: STOPWORDS
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("# ---"))
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect(),
        }
    }

    /// True for a word of `data/stopwords.txt` (function words, months,
    /// institution words).
    pub(crate) fn is_stop_word(&self, word: &str) -> bool {
        self.stop.contains(word)
    }

    /// Whether `word` is one of the function words (articles,
    /// prepositions, conjunctions, pronouns of the stop-word list's first
    /// part), in any case of its first letter ("in" as "In").
    fn is_function_word(&self, word: &str) -> bool {
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let capitalised: String = first.to_uppercase().chain(chars).collect();
        self.function.contains(capitalised.as_str())
    }

    /// True when `word` is a capitalised word that may be part of a
    /// person's name: capitalised, with a lower-case letter, not a stop word.
    fn is_name_word(&self, word: &str) -> bool {
        is_capitalised(word) && !is_all_caps(word) && !self.stop.contains(word)
    }

    /// True when `word` may follow the first word of a person's name:
    /// capitalised, not an acronym, not an institution word (a month may
    /// be a surname: "Theresa May").
    fn is_name_continuation(&self, word: &str) -> bool {
        is_capitalised(word)
            && !is_all_caps(word)
            && (!self.stop.contains(word) || self.function.contains(word))
    }

    /// True when `word` may be part of a company or institution name:
    /// capitalised or an acronym, or a number ("3M").
    fn is_proper_word(word: &str) -> bool {
        is_capitalised(word) || word.chars().next().is_some_and(|c| c.is_ascii_digit())
    }

    /// Every rule entity of the document, in no particular order.
    /// `triggers` are the document's trigger words as
    /// [`Rules::trigger_at`] finds them, in text order without overlaps;
    /// `known` are the gazetteer mentions (sorted by start, not
    /// overlapping), used as separators inside titles ("Minister of
    /// Kazakhstan Serik …").
    pub(crate) fn find(
        &self,
        text: &str,
        segmentation: &Segmentation,
        triggers: &[(Span, usize)],
        known: &[(Span, EntityKind)],
    ) -> Vec<Candidate> {
        self.find_with(text, segmentation, triggers, known, true)
    }

    /// [`Rules::find`]; with `windows` false every trigger reads the
    /// tokens of its whole sentence (the plain path the windows are
    /// tested against).
    pub(crate) fn find_with(
        &self,
        text: &str,
        segmentation: &Segmentation,
        triggers: &[(Span, usize)],
        known: &[(Span, EntityKind)],
        windows: bool,
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        // The tokens of the sentence of the last trigger that needed its
        // whole sentence, in one vector reused for every sentence; and
        // those of the last window.
        let mut cached: Option<usize> = None;
        let mut sentence_toks: Vec<Token> = Vec::new();
        let mut window_toks: Vec<Token> = Vec::new();
        for (n, &(trigger_span, pattern)) in triggers.iter().enumerate() {
            let Some(sentence) = segmentation.sentence_of(trigger_span) else {
                continue;
            };
            let sentence_span = segmentation.sentences[sentence.get()].span;
            let kind = self.kinds[pattern];
            // A sentence with more triggers is tokenised whole, once.
            let alone = triggers
                .get(n + 1)
                .is_none_or(|next| next.0.start() >= sentence_span.end());
            let whole = |toks: &[Token]| {
                self.read_rule(text, toks, Reach::WHOLE, trigger_span, kind, known)
            };
            let read = if cached == Some(sentence.get()) {
                whole(&sentence_toks)
            } else if windows && alone {
                Self::window_tokens(text, sentence_span, trigger_span, known, &mut window_toks)
                    .and_then(|reach| {
                        self.read_rule(text, &window_toks, reach, trigger_span, kind, known)
                    })
            } else {
                None
            };
            // The window did not reach as far as the rule reads: the whole
            // sentence.
            let found = read.unwrap_or_else(|| {
                tokens_into(text, sentence_span, &mut sentence_toks);
                cached = Some(sentence.get());
                whole(&sentence_toks).flatten()
            });
            out.extend(found);
        }
        out
    }

    /// The rule of the trigger `kind` at `trigger` read from `toks`, which
    /// let it read as far as `reach` says: `None` when the rule would
    /// read further (only a window's tokens fall short; see
    /// [`Rules::window_tokens`]).
    fn read_rule(
        &self,
        text: &str,
        toks: &[Token],
        reach: Reach,
        trigger: Span,
        kind: Trigger,
        known: &[(Span, EntityKind)],
    ) -> Option<Option<Candidate>> {
        let first = toks.partition_point(|t| t.span.start() < trigger.start());
        if toks
            .get(first)
            .is_none_or(|t| t.span.start() != trigger.start())
        {
            return Some(None);
        }
        let after = toks.partition_point(|t| t.span.end() <= trigger.end());
        match kind {
            Trigger::Title => {
                if !reach.forward {
                    return None;
                }
                if let Some(found) = self.leader_after(text, toks, after, known) {
                    return Some(Some(found));
                }
                // A title followed by a name of its own ("President
                // Tokayev") is not an appositive of the words before it.
                let followed_by_name = toks
                    .get(after)
                    .is_some_and(|t| t.is_word && self.is_name_word(&text[t.span]));
                if followed_by_name {
                    return Some(None);
                }
                reach
                    .appositive
                    .then(|| self.leader_before(text, toks, first, known))
            }
            Trigger::LegalForm { prefix } => {
                if !reach.back {
                    return None;
                }
                if let Some(found) = self.company_before(text, toks, first, trigger) {
                    return Some(Some(found));
                }
                if !prefix {
                    return Some(None);
                }
                reach
                    .forward
                    .then(|| Self::company_after(text, toks, after, trigger))
            }
            Trigger::Head(kind) => (reach.back && reach.forward)
                .then(|| self.institution(text, toks, first, after, kind, known)),
        }
    }

    /// Tokenises into `out` only a window of the sentence around the
    /// trigger, about [`WINDOW_BEFORE`] bytes before it and
    /// [`WINDOW_AFTER`] after, and says which walks of the rules read in
    /// it exactly what they read in the whole sentence's tokens; `None`
    /// when the window would be the whole sentence.
    ///
    /// Why the window is exact:
    /// - It is cut just after and just before ASCII white space (or at the
    ///   sentence's ends). No token holds white space, and the tokenizer
    ///   looks past a word's end only for a letter or digit, which white
    ///   space is not; so the window's tokens are the sentence's tokens
    ///   that lie in it, and the rules' positions (byte spans, compared
    ///   with `known`) are the same.
    /// - Every walk of the rules moves one token at a time away from the
    ///   trigger (backwards from it, forwards from the token after it),
    ///   and a *stop* token ([`Rules::stops_every_walk`]) ends every walk
    ///   that reaches it: no walk steps over it, and it lies in no known
    ///   mention (the forward walks jump over those whole). So where the
    ///   window holds a stop token at or after the trigger's end, every
    ///   forward walk ends inside the window on the token it ends on in
    ///   the whole sentence; where it holds one before the trigger, every
    ///   backward walk does; and where that one lies before the four
    ///   tokens before the trigger, the appositive of a title does too
    ///   ([`Rules::leader_before`] looks four tokens back before it walks).
    ///   [`Reach`] says which, and a rule that would read further than the
    ///   window reaches is read again from the whole sentence.
    pub(crate) fn window_tokens(
        text: &str,
        sentence: Span,
        trigger: Span,
        known: &[(Span, EntityKind)],
        out: &mut Vec<Token>,
    ) -> Option<Reach> {
        let bytes = text.as_bytes();
        let is_space = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
        let from = trigger
            .start()
            .saturating_sub(WINDOW_BEFORE)
            .max(sentence.start());
        let start = bytes[from..trigger.start()]
            .iter()
            .position(is_space)
            .map_or(sentence.start(), |p| from + p + 1);
        let to = (trigger.end() + WINDOW_AFTER).min(sentence.end());
        let end = bytes[to..sentence.end()]
            .iter()
            .position(is_space)
            .map_or(sentence.end(), |p| to + p);
        if start == sentence.start() && end == sentence.end() {
            return None;
        }
        tokens_into(text, Span::new(start, end), out);
        let first = out.partition_point(|t| t.span.start() < trigger.start());
        let after = out.partition_point(|t| t.span.end() <= trigger.end());
        let stops = |t: &Token| Self::stops_every_walk(text, t, known);
        // The stop tokens nearest the trigger are tried first.
        let from_start = start == sentence.start();
        let appositive = from_start || out[..first.saturating_sub(4)].iter().rev().any(stops);
        let back = appositive || out[first.saturating_sub(4)..first].iter().any(stops);
        let forward = end == sentence.end() || out[after.min(out.len())..].iter().any(stops);
        Some(Reach {
            back,
            appositive,
            forward,
        })
    }

    /// True for a token that ends every walk of the rules, forwards and
    /// backwards (see [`Rules::window_tokens`]): a punctuation mark other
    /// than `,` and `&`, or a word that is neither capitalised nor a
    /// number nor one of the small words the walks go through ("of",
    /// "the", "and", "for", "to", "on"); and no known mention overlaps it.
    fn stops_every_walk(text: &str, t: &Token, known: &[(Span, EntityKind)]) -> bool {
        let w = &text[t.span];
        let stops = if t.is_word {
            !Self::is_proper_word(w) && !matches!(w, "of" | "the" | "and" | "for" | "to" | "on")
        } else {
            !matches!(w, "," | "&")
        };
        stops && {
            let i = known.partition_point(|(s, _)| s.end() <= t.span.start());
            known.get(i).is_none_or(|(s, _)| s.start() >= t.span.end())
        }
    }

    /// The trigger words (for a filter shared with the names).
    pub(crate) fn trigger_words(&self) -> impl Iterator<Item = &'static [u8]> + '_ {
        self.words.iter().map(|w| w.as_bytes())
    }

    /// The trie of the trigger words, for its start filters
    /// ([`Trie::opens`], [`Trie::admits`]).
    pub(crate) fn triggers(&self) -> &Trie {
        &self.triggers
    }

    /// The longest whole-word trigger at byte `i` of `text`, a word start
    /// (from `trie::WordStarts`, let through by the start filters of
    /// [`Rules::triggers`]), as (span, pattern). `found` is scratch space.
    #[inline]
    pub(crate) fn trigger_at(
        &self,
        text: &str,
        i: usize,
        found: &mut Vec<(usize, usize)>,
    ) -> Option<(Span, usize)> {
        self.triggers.prefixes(&text.as_bytes()[i..], found);
        found
            .iter()
            .rev()
            .find(|(len, _)| is_whole_word(text, i, i + len))
            .map(|&(len, pattern)| (Span::new(i, i + len), pattern))
    }

    /// A known mention that starts where `t` starts.
    fn known_at(known: &[(Span, EntityKind)], t: &Token) -> Option<Span> {
        let i = known.partition_point(|(s, _)| s.start() < t.span.start());
        known
            .get(i)
            .filter(|(s, _)| s.start() == t.span.start())
            .map(|(s, _)| *s)
    }

    /// "Title Name Surname" or "Title of the X of Y Name Surname".
    fn leader_after(
        &self,
        text: &str,
        toks: &[Token],
        mut k: usize,
        known: &[(Span, EntityKind)],
    ) -> Option<Candidate> {
        let word = |i: usize| toks.get(i).map(|t| &text[t.span]);
        if word(k) == Some(",") {
            k += 1;
        }
        let mut run_start = k;
        if matches!(word(k), Some("of" | "to" | "for")) {
            // The name is the capitalised run at the end of the phrase,
            // after the last known name, connector or institution word.
            k += 1;
            run_start = k;
            while let Some(t) = toks.get(k) {
                let w = &text[t.span];
                if let Some(span) = Self::known_at(known, t) {
                    while toks.get(k).is_some_and(|t| t.span.start() < span.end()) {
                        k += 1;
                    }
                    run_start = k;
                } else if matches!(w, "of" | "the" | "and" | "for" | "to" | "&")
                    || (t.is_word && is_capitalised(w) && !self.is_name_word(w))
                    || (w == "," && word(k + 1).is_some_and(|n| n == "and" || is_capitalised(n)))
                {
                    k += 1;
                    run_start = k;
                } else if t.is_word && self.is_name_word(w) {
                    k += 1;
                } else {
                    break;
                }
            }
            return self.name_run(text, toks, run_start, k, known);
        }
        let mut end = run_start;
        while toks.get(end).is_some_and(|t| {
            let w = &text[t.span];
            t.is_word
                && if end == run_start {
                    self.is_name_word(w)
                } else {
                    self.is_name_continuation(w)
                }
        }) {
            end += 1;
        }
        self.name_run(text, toks, run_start, end, known)
    }

    /// "Name Surname, Title …" (an appositive after the name).
    fn leader_before(
        &self,
        text: &str,
        toks: &[Token],
        title: usize,
        known: &[(Span, EntityKind)],
    ) -> Option<Candidate> {
        let word = |i: usize| &text[toks[i].span];
        let mut comma = title.checked_sub(1)?;
        // "Name, Kazakhstan's Minister …" / "Name, Chilean Minister …"
        if comma >= 3 && word(comma) == "s" && matches!(word(comma - 1), "'" | "’") {
            comma -= 3;
        } else if comma >= 1 && is_capitalised(word(comma)) && word(comma - 1) == "," {
            comma -= 1;
        }
        if &text[toks[comma].span] != "," {
            return None;
        }
        let end = comma;
        let mut start = end;
        while start > 0 && {
            let t = &toks[start - 1];
            t.is_word && self.is_name_word(&text[t.span])
        } {
            start -= 1;
        }
        self.name_run(text, toks, start, end, known)
    }

    /// Tokens `start..end` as a leader's name, when they are two to four
    /// name words and none is a known mention.
    fn name_run(
        &self,
        text: &str,
        toks: &[Token],
        start: usize,
        end: usize,
        known: &[(Span, EntityKind)],
    ) -> Option<Candidate> {
        if !(2..=4).contains(&(end.saturating_sub(start))) {
            return None;
        }
        let run = &toks[start..end];
        if !self.is_name_word(&text[run[0].span])
            || run
                .iter()
                .any(|t| !t.is_word || !self.is_name_continuation(&text[t.span]))
        {
            return None;
        }
        // A city or region named like a person ("Pereira", "Jackson") may
        // be part of a name; a country, leader, company or institution not.
        let inside_known = |t: &Token| {
            let i = known.partition_point(|(s, _)| s.end() <= t.span.start());
            known.get(i).is_some_and(|(s, kind)| {
                s.start() < t.span.end()
                    && !matches!(kind, EntityKind::Place(PlaceKind::City | PlaceKind::Region))
            })
        };
        if run.iter().any(inside_known) {
            return None;
        }
        Some(Candidate {
            span: Span::new(run[0].span.start(), run[run.len() - 1].span.end()),
            kind: EntityKind::Leader,
            short: None,
        })
    }

    /// "Name Words LLP": capitalised words (and `&`) before a legal form.
    fn company_before(
        &self,
        text: &str,
        toks: &[Token],
        form: usize,
        form_span: Span,
    ) -> Option<Candidate> {
        let mut start = form;
        while start > 0 && {
            let t = &toks[start - 1];
            let w = &text[t.span];
            (t.is_word && Self::is_proper_word(w)) || w == "&"
        } {
            start -= 1;
        }
        // Sentence-initial function words and a leading `&` are not the name.
        while start < form && {
            let w = &text[toks[start].span];
            w == "&" || self.function.contains(w)
        } {
            start += 1;
        }
        if start == form {
            return None;
        }
        let short = Span::new(toks[start].span.start(), toks[form - 1].span.end());
        Some(Candidate {
            span: Span::new(short.start(), form_span.end()),
            kind: EntityKind::Company,
            short: Some(short),
        })
    }

    /// "JSC Name Words": a prefix legal form before capitalised words.
    fn company_after(
        text: &str,
        toks: &[Token],
        after: usize,
        form_span: Span,
    ) -> Option<Candidate> {
        let mut end = after;
        while toks.get(end).is_some_and(|t| {
            let w = &text[t.span];
            t.is_word && Self::is_proper_word(w)
        }) {
            end += 1;
        }
        if end == after {
            return None;
        }
        let short = Span::new(toks[after].span.start(), toks[end - 1].span.end());
        Some(Candidate {
            span: Span::new(form_span.start(), short.end()),
            kind: EntityKind::Company,
            short: Some(short),
        })
    }

    /// A capitalised phrase around an institution word, with an optional
    /// "of/for/on …" tail: "Shanghai Academy of Social Sciences",
    /// "Cabinet of Ministers of the Kyrgyz Republic".
    fn institution(
        &self,
        text: &str,
        toks: &[Token],
        first: usize,
        after: usize,
        head_kind: EntityKind,
        known: &[(Span, EntityKind)],
    ) -> Option<Candidate> {
        let word = |i: usize| toks.get(i).map(|t| &text[t.span]);
        let mut start = first;
        while start > 0 && {
            let t = &toks[start - 1];
            let w = &text[t.span];
            (t.is_word && Self::is_proper_word(w)) || w == "&"
        } {
            start -= 1;
        }
        while start < first && {
            let w = &text[toks[start].span];
            w == "&" || self.function.contains(w)
        } {
            start += 1;
        }
        let mut end = after;
        if matches!(word(after), Some("of" | "for" | "on")) {
            let mut k = after + 1;
            let mut seen_of = true;
            let mut last_word = None;
            while let Some(t) = toks.get(k) {
                let w = &text[t.span];
                if let Some(span) = Self::known_at(known, t) {
                    while toks.get(k).is_some_and(|t| t.span.start() < span.end()) {
                        k += 1;
                    }
                    last_word = Some(k);
                    break;
                }
                if t.is_word && Self::is_proper_word(w) {
                    k += 1;
                    last_word = Some(k);
                } else if matches!(w, "of" | "for" | "the" | "&") {
                    seen_of |= w != "the";
                    k += 1;
                } else if (w == "and" || w == ",")
                    && seen_of
                    && word(k + 1).is_some_and(|n| n == "and" || is_capitalised(n))
                {
                    k += 1;
                } else {
                    break;
                }
            }
            if let Some(e) = last_word {
                end = e;
            }
        }
        let words = toks[start..end].iter().filter(|t| t.is_word).count();
        if words < 2 {
            return None;
        }
        // "a Perinatal Center in Bishkek", "an Anti-TB Clinic and ...": a
        // kind of institution, not one by name. After "a" or "an" the run
        // is a name only when a content word follows, as when it modifies
        // a noun ("a Khorezm Research Center grant").
        let indefinite = start
            .checked_sub(1)
            .and_then(word)
            .is_some_and(|w| w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an"));
        if indefinite
            && toks
                .get(end)
                .is_none_or(|t| !t.is_word || self.is_function_word(&text[t.span]))
        {
            return None;
        }
        let kind = if head_kind == EntityKind::Company
            && toks[start..end]
                .iter()
                .any(|t| self.bank_org_words.contains(&text[t.span]))
        {
            EntityKind::Organization
        } else {
            head_kind
        };
        Some(Candidate {
            span: Span::new(toks[start].span.start(), toks[end - 1].span.end()),
            kind,
            short: None,
        })
    }
}
