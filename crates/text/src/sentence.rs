//! Sentence boundaries inside one line of body text.
//!
//! A line is first cut into list items (before an inline bullet, and before
//! the next number or letter of an enumeration that opens the line), then
//! each item is scanned for terminators (`.`, `!`, `?`, `…`) and every
//! candidate is judged by the rules in [`Splitter::boundary_after`].

use std::collections::HashSet;

use dealx_core::{Sentence, SentenceIdx, Span};

use crate::body::{is_white_byte, trim_range, trim_start_bullets};
use crate::hash::BuildFastHasher;

/// A set of words, hashed with [`BuildFastHasher`], with a filter in
/// front: the (length, first byte) pairs of its words. Most words looked
/// up (the word before each full stop) share no such pair with any word
/// of the short lists, and are turned away by two loads instead of a
/// hash.
#[derive(Clone, Debug, Default)]
pub(crate) struct WordSet {
    words: HashSet<Box<str>, BuildFastHasher>,
    /// Bit `b` of `shapes[len]` is set when some word is `len` bytes long
    /// and starts with byte `b` (`len` < [`SHAPE_LENS`]).
    shapes: Vec<[u64; 4]>,
    /// Whether some word is [`SHAPE_LENS`] bytes long or longer: then the
    /// filter does not speak for long words.
    long_words: bool,
}

/// The word lengths the filter of [`WordSet`] tells apart.
const SHAPE_LENS: usize = 16;

impl WordSet {
    /// Whether `word` is in the set.
    pub(crate) fn contains(&self, word: &str) -> bool {
        let b = word.as_bytes();
        let possible = match b.first() {
            // The empty word has no first byte: let the set answer.
            None => true,
            Some(&first) if b.len() < SHAPE_LENS => {
                let bits = &self.shapes[b.len()];
                bits[usize::from(first >> 6)] >> (first & 63) & 1 != 0
            }
            Some(_) => self.long_words,
        };
        possible && self.words.contains(word)
    }
}

impl WordSet {
    /// Whether the set may hold `word` lower-cased, by the filter alone:
    /// false only when no word of the set has the length and first byte
    /// that `word`'s lower-case form has. Only ASCII words are judged (a
    /// non-ASCII word may change length when lowered).
    pub(crate) fn may_hold_lowered(&self, word: &str) -> bool {
        let b = word.as_bytes();
        if !b.is_ascii() || b.is_empty() || b.len() >= SHAPE_LENS {
            return true;
        }
        let first = b[0].to_ascii_lowercase();
        self.shapes[b.len()][usize::from(first >> 6)] >> (first & 63) & 1 != 0
    }
}

impl FromIterator<Box<str>> for WordSet {
    fn from_iter<I: IntoIterator<Item = Box<str>>>(iter: I) -> WordSet {
        let words: HashSet<Box<str>, BuildFastHasher> = iter.into_iter().collect();
        let mut shapes = vec![[0u64; 4]; SHAPE_LENS];
        let mut long_words = false;
        for w in &words {
            let b = w.as_bytes();
            match b.first() {
                Some(&first) if b.len() < SHAPE_LENS => {
                    shapes[b.len()][usize::from(first >> 6)] |= 1 << (first & 63);
                }
                Some(_) => long_words = true,
                None => {}
            }
        }
        WordSet {
            words,
            shapes,
            long_words,
        }
    }
}

/// The word lists the rules read.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lists {
    /// Never end a sentence ("Mr", "e.g"), case-sensitive.
    pub(crate) prefixes: WordSet,
    /// End a sentence only before a starter ("Inc", "Jan"), lower-cased.
    pub(crate) abbreviations: WordSet,
    /// Words that begin sentences ("The", "He"), case-sensitive.
    pub(crate) starters: WordSet,
}

/// The offset of the first ellipsis character (`…`, bytes E2 80 A6) in
/// `bytes`: `memchr` for its first byte, then a comparison there. Lines
/// hold few E2 bytes (curly quotes, dashes, bullets), and on these short
/// haystacks this costs a fraction of a `memmem` searcher's set-up.
fn find_ellipsis(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(0xE2, bytes).find(|&i| bytes[i..].starts_with("…".as_bytes()))
}

/// Reads a list: one entry a line, `#` comments and blank lines ignored.
pub(crate) fn read_list(list: &str, lower: bool) -> WordSet {
    list.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            if lower {
                Box::from(l.to_lowercase())
            } else {
                Box::from(l)
            }
        })
        .collect()
}

/// Bullet characters that start a list item.
pub(crate) fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '⁃' | '‣' | '◦' | '▪' | '▫' | '●' | '○' | '■' | '□' | '►' | '▶'
    )
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '„')
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The sentence rules over a set of lists.
pub(crate) struct Splitter<'l> {
    pub(crate) lists: &'l Lists,
}

impl Splitter<'_> {
    /// Pushes the sentences of `text[start..end]` (one line) onto `out`.
    pub(crate) fn split_line(&self, text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
        // Bullets and the ellipsis all begin with byte E2: a line without
        // one (most lines) is not searched for them again.
        let has_e2 = memchr::memchr(0xE2, &text.as_bytes()[start..end]).is_some();
        let mut item_start = start;
        for cut in list_item_cuts(text, start, end, has_e2) {
            self.split_item(text, item_start, cut, has_e2, out);
            item_start = cut;
        }
        self.split_item(text, item_start, end, has_e2, out);
    }

    /// Pushes the sentences of one list item (or a whole line) onto `out`;
    /// `has_e2` is false when the line holds no byte E2 (no ellipsis).
    fn split_item(
        &self,
        text: &str,
        start: usize,
        end: usize,
        has_e2: bool,
        out: &mut Vec<Sentence>,
    ) {
        let bytes = &text.as_bytes()[..end];
        // Ellipsis characters are rare: find them once, then jump between
        // candidates with SIMD searches instead of testing every byte.
        let mut next_ellipsis = if has_e2 {
            find_ellipsis(&bytes[start..]).map_or(end, |p| start + p)
        } else {
            end
        };
        let mut sentence_start = start;
        let mut i = start;
        while i < end {
            let stop = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map_or(end, |p| i + p);
            if next_ellipsis < i {
                next_ellipsis = find_ellipsis(&bytes[i..]).map_or(end, |p| i + p);
            }
            let at = stop.min(next_ellipsis);
            if at >= end {
                break;
            }
            match self.boundary_after(text, sentence_start, at, end) {
                Judgement::Boundary { end: e, next } => {
                    push_trimmed(sentence_start, e, text, out);
                    sentence_start = next;
                    i = next;
                }
                Judgement::Continue(next) => i = next.max(at + 1),
            }
            // Past an ellipsis character: look for the next one.
            if next_ellipsis < i {
                next_ellipsis = find_ellipsis(&bytes[i..]).map_or(end, |p| i + p);
            }
        }
        push_trimmed(sentence_start, end, text, out);
    }

    /// Whether the terminator at `at` (inside `text[sentence_start..end]`)
    /// ends the sentence.
    fn boundary_after(
        &self,
        text: &str,
        sentence_start: usize,
        at: usize,
        end: usize,
    ) -> Judgement {
        let bytes = text.as_bytes();
        // `at < end`: the caller judges only terminators inside the item.
        let first = char_at(text, at);
        let before = &text[sentence_start..at];
        // The character before, read as a byte when ASCII (a UTF-8
        // continuation byte is never ASCII, so an ASCII byte before `at`
        // is that whole character).
        let attached = match before.as_bytes().last() {
            None => false,
            Some(&c) if c < 0x80 => !is_white_byte(c),
            Some(_) => before
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace()),
        };
        let after_bracket = matches!(before.as_bytes().last(), Some(b'[' | b'('));

        if first == '.' && at + 2 < end && bytes[at + 1] == b' ' && bytes[at + 2] == b'.' {
            // A spaced ellipsis: ". . ." or ". . . .".
            let mut dots = 1;
            let mut j = at + 1;
            while j + 1 < end && bytes[j] == b' ' && bytes[j + 1] == b'.' {
                dots += 1;
                j += 2;
            }
            let group_end = skip_closing(text, j, end);
            let opener = next_opener(text, group_end, end);
            if attached {
                // "compounds. . . . The": the first dot ends the sentence; the
                // spaced dots mark an omission at the start of the next one.
                if opener.is_some() {
                    return Judgement::Boundary {
                        end: at + 1,
                        next: at + 2,
                    };
                }
            } else if dots >= 4 {
                // " . . . . Next": an omission, then the full stop.
                if let Some(next) = opener {
                    return Judgement::Boundary {
                        end: group_end,
                        next,
                    };
                }
            }
            // " . . . I": an omission inside the sentence.
            return Judgement::Continue(group_end.max(at + 1));
        }

        // The run of terminators and closing punctuation.
        let mut run_end = at;
        let mut dots = 0;
        let mut closers = false;
        // Each character of the run read with `char_at`: decoded only when
        // not ASCII (`run_end` is always the offset of the next one).
        while run_end < end {
            let c = char_at(text, run_end);
            if is_terminator(c) && !closers {
                if c == '.' {
                    dots += 1;
                } else if c == '…' {
                    dots += 3;
                }
                run_end += c.len_utf8();
            } else if is_closing(c) {
                closers = true;
                run_end += c.len_utf8();
            } else {
                break;
            }
        }
        let Some(next) = next_opener(text, run_end, end) else {
            if first == '.'
                && dots == 1
                && !closers
                && self.is_glued_boundary(before, &text[run_end..end])
            {
                return Judgement::Boundary {
                    end: run_end,
                    next: run_end,
                };
            }
            return Judgement::Continue(run_end);
        };
        let boundary = Judgement::Boundary { end: run_end, next };
        if first != '.' && first != '…' {
            // "!" and "?" runs: "Yahoo! in" is kept by the opener test.
            return boundary;
        }
        if dots >= 2 {
            // An ellipsis ends a sentence when it follows its word ("that....
            // She"), not when it stands apart (" ... well") or in brackets.
            return if attached && !after_bracket {
                boundary
            } else {
                Judgement::Continue(run_end)
            };
        }
        // A single full stop.
        let word = last_word(before);
        if is_list_marker(text, sentence_start, word) {
            return Judgement::Continue(run_end);
        }
        if self.lists.prefixes.contains(word) {
            return Judgement::Continue(run_end);
        }
        if self.is_ambiguous(word) {
            // Only an ambiguous word looks at the word after: read it
            // here, not for every full stop (most are plain sentence ends;
            // `following_word` has no side effect, so when it runs does
            // not change the judgement).
            let next_word = following_word(&text[next..end]);
            let next_is_digit = next_word.starts_with(|c: char| c.is_ascii_digit());
            if next_is_digit || words_before(text, sentence_start, at) <= 3 {
                return Judgement::Continue(run_end);
            }
            let starts = self.lists.starters.contains(next_word)
                || self.lists.prefixes.contains(next_word)
                || next_word.is_empty();
            return if starts {
                boundary
            } else {
                Judgement::Continue(run_end)
            };
        }
        boundary
    }

    /// Whether a full stop with no space after it still ends a sentence, as
    /// scraped text often glues sentences ("rose.The", "1,000.That"): the
    /// word before is three characters or more of letters, digits and
    /// commas and no abbreviation, and the word after is a capital followed
    /// by lower-case letters ("The"), not followed by a dot unless it is a
    /// title ("Mr."). Domains, file names, e-mail
    /// addresses and "U.S.Treasury" keep their dots.
    fn is_glued_boundary(&self, before: &str, after: &str) -> bool {
        // The cheap test first: most glued dots are decimals ("1.7").
        let Some(capital) = after.chars().next().filter(|c| c.is_uppercase()) else {
            return false;
        };
        // The letters after the capital, as a slice of `after` (no copy).
        let from = capital.len_utf8();
        let tail_len = after[from..]
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(after.len() - from, |(i, _)| i);
        let tail = &after[from..from + tail_len];
        let rest = &after[from + tail_len..];
        let word_after = &after[..after.len() - rest.len()];
        if tail.is_empty()
            || !tail.chars().all(char::is_lowercase)
            || rest.starts_with(['@', '/'])
            || (rest.starts_with('.') && !self.lists.prefixes.contains(word_after))
        {
            return false;
        }
        let word = last_word(before);
        word.chars().count() >= 3
            && word.chars().all(|c| c.is_alphanumeric() || c == ',')
            && !self.lists.prefixes.contains(word)
            && !self.is_ambiguous(word)
    }

    /// Whether `word` (before a full stop) is an abbreviation that may or may
    /// not end a sentence: a listed one, an initial, or a dotted acronym.
    fn is_ambiguous(&self, word: &str) -> bool {
        // A word of one byte is one ASCII character, for which
        // `is_alphabetic` is `is_ascii_alphabetic`; only a word of at most
        // four bytes can be one character at all.
        match word.len() {
            0 => return false,
            1 => return word.as_bytes()[0].is_ascii_alphabetic(),
            2..=4 => {
                let mut chars = word.chars();
                if let (Some(only), None) = (chars.next(), chars.next()) {
                    return only.is_alphabetic();
                }
            }
            _ => {}
        }
        if word.len() <= 12
            && self.lists.abbreviations.may_hold_lowered(word)
            && self
                .lists
                .abbreviations
                .contains(lower_case(word, &mut [0; 12]).as_ref())
        {
            return true;
        }
        // A plain loop: these words are short, and `<[u8]>::contains`
        // sets up a `memchr` search for each.
        word.bytes().any(|c| c == b'.')
            && word.split('.').all(|part| {
                (1..=2).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
            })
    }
}

/// `word` (at most 12 bytes) in lower case: an ASCII word is lowered in
/// `buf` without allocating (for ASCII text `to_lowercase` and
/// `to_ascii_lowercase` agree); any other is lowered by `to_lowercase`.
fn lower_case<'b>(word: &'b str, buf: &'b mut [u8; 12]) -> std::borrow::Cow<'b, str> {
    if !word.is_ascii() {
        return std::borrow::Cow::Owned(word.to_lowercase());
    }
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return std::borrow::Cow::Borrowed(word);
    }
    let lowered = &mut buf[..word.len()];
    lowered.copy_from_slice(word.as_bytes());
    lowered.make_ascii_lowercase();
    // ASCII bytes are UTF-8.
    std::borrow::Cow::Borrowed(std::str::from_utf8(lowered).expect("ASCII is UTF-8"))
}

/// What [`Splitter::boundary_after`] decided.
enum Judgement {
    /// The sentence ends at `end`; the next one starts at `next`.
    Boundary { end: usize, next: usize },
    /// No boundary; scanning resumes at the offset.
    Continue(usize),
}

/// The character at byte `i` of `text` (`i < text.len()`, a character
/// boundary): an ASCII byte is its own character; any other is decoded.
/// Unit test `char_at_is_the_next_char`.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes()[i] {
        c if c < 0x80 => char::from(c),
        _ => text[i..].chars().next().unwrap_or('\u{fffd}'),
    }
}

/// Past any closing quotes and brackets at `i`.
fn skip_closing(text: &str, mut i: usize, end: usize) -> usize {
    for c in text[i..end].chars() {
        if is_closing(c) {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// When white space follows `i` and then a character that can open a
/// sentence (a capital, a digit, an opening quote or bracket, a bullet),
/// the offset of that character.
fn next_opener(text: &str, i: usize, end: usize) -> Option<usize> {
    // ASCII white space and then an ASCII character: `trim_start` would
    // stop at that character, so it is read as a byte. Anything else
    // (Unicode white space, a non-ASCII letter) takes the plain path.
    let b = &text.as_bytes()[..end];
    let j = i + b[i..].iter().take_while(|&&c| is_white_byte(c)).count();
    match b.get(j) {
        None => return None,
        Some(&c) if c < 0x80 => {
            let opens = c.is_ascii_uppercase() || c.is_ascii_digit() || is_opening(char::from(c));
            return (j > i && opens).then_some(j);
        }
        Some(_) => {}
    }
    next_opener_plain(text, i, end)
}

/// [`next_opener`] by its definition, on characters.
fn next_opener_plain(text: &str, i: usize, end: usize) -> Option<usize> {
    let rest = &text[i..end];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() || trimmed.is_empty() {
        return None;
    }
    let c = trimmed.chars().next()?;
    (c.is_uppercase() || c.is_ascii_digit() || is_opening(c) || is_bullet(c))
        .then(|| end - trimmed.len())
}

/// The word that ends `before`, without opening punctuation.
fn last_word(before: &str) -> &str {
    // Back to the last white space: ASCII bytes are read as they are; at
    // the first non-ASCII byte `rsplit` takes over, as it decodes
    // characters (U+00A0 and other Unicode white space are non-ASCII).
    let b = before.as_bytes();
    let mut from = 0;
    for (i, &c) in b.iter().enumerate().rev() {
        if c >= 0x80 {
            from = before.len()
                - before
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or("")
                    .len();
            break;
        }
        if matches!(c, b' ' | b'\t'..=b'\r') {
            from = i + 1;
            break;
        }
    }
    let word = &before[from..];
    // None of the characters trimmed is a letter or a digit.
    if word
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        return word;
    }
    word.trim_start_matches(|c: char| is_opening(c) || c == '-' || c == '—' || is_bullet(c))
}

/// The letters (and inner apostrophes or dots) that start `rest`.
fn following_word(rest: &str) -> &str {
    // No opening character is a letter or a digit.
    let rest = if rest
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        rest
    } else {
        rest.trim_start_matches(is_opening)
    };
    // ASCII bytes are read as they are (`is_alphanumeric` of an ASCII
    // character is `is_ascii_alphanumeric`); from the first non-ASCII
    // byte on, characters are decoded.
    let b = rest.as_bytes();
    let ascii = b
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'\'')
        .count();
    if b.get(ascii).is_none_or(|&c| c < 0x80) {
        return &rest[..ascii];
    }
    let end = rest[ascii..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map_or(rest.len(), |(i, _)| ascii + i);
    &rest[..end]
}

/// How many words `text[sentence_start..at]` holds.
fn words_before(text: &str, sentence_start: usize, at: usize) -> usize {
    text[sentence_start..at].split_whitespace().count()
}

/// Whether `word` before a full stop is the marker that opens a list item
/// ("1.", "10.", "a.") at the start of its sentence.
fn is_list_marker(text: &str, sentence_start: usize, word: &str) -> bool {
    // The shape of `word` first: it is one of the conditions below, read
    // from `word` alone, and most words before a full stop fail it, so
    // the sentence's head is not trimmed and split for them (unit test
    // `list_marker_test_agrees_with_its_plain_order`).
    if !is_marker_shape(word) {
        return false;
    }
    let head = trim_start_bullets(&text[sentence_start..]);
    if !head.starts_with(word) {
        return false;
    }
    // The marker must be the sentence's first word.
    let first = head.split_whitespace().next().unwrap_or("");
    first == word || first.trim_end_matches(['.', ')']) == word
}

/// Whether `word` looks like a list marker: one to three digits or one
/// lower-case ASCII letter.
fn is_marker_shape(word: &str) -> bool {
    let digits = word.len() <= 3 && !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
    let letter = word.len() == 1 && word.bytes().all(|b| b.is_ascii_lowercase());
    digits || letter
}

/// The marker that opens `line`: its number or letter and its suffix
/// (".)", ")" or "."), when the line starts an enumeration.
fn opening_marker(line: &str) -> Option<(Ordinal, &'static str)> {
    let head = trim_start_bullets(line);
    let digits = head.bytes().take_while(u8::is_ascii_digit).count();
    let (ordinal, rest) = if (1..=3).contains(&digits) {
        (
            Ordinal::Number(head[..digits].parse().ok()?),
            &head[digits..],
        )
    } else {
        let c = head.chars().next()?;
        if !c.is_ascii_lowercase() {
            return None;
        }
        (Ordinal::Letter(c as u8), &head[1..])
    };
    let suffix = [".)", ")", "."]
        .into_iter()
        .find(|s| rest.starts_with(s) && rest[s.len()..].starts_with(' '))?;
    Some((ordinal, suffix))
}

/// A list item's number or letter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ordinal {
    Number(u32),
    Letter(u8),
}

impl Ordinal {
    fn next(self) -> Option<Ordinal> {
        match self {
            Ordinal::Number(n) => Some(Ordinal::Number(n + 1)),
            Ordinal::Letter(b'z') => None,
            Ordinal::Letter(c) => Some(Ordinal::Letter(c + 1)),
        }
    }

    fn write(self, suffix: &str) -> String {
        match self {
            Ordinal::Number(n) => format!(" {n}{suffix} "),
            Ordinal::Letter(c) => format!(" {}{suffix} ", c as char),
        }
    }
}

/// Offsets inside `text[start..end]` where a new list item begins: before
/// a bullet that follows white space, and, when the line opens with an
/// enumeration marker ("1)", "a."), before each following marker in
/// sequence ("2)", "b.").
fn list_item_cuts(text: &str, start: usize, end: usize, has_e2: bool) -> Vec<usize> {
    let line = &text[start..end];
    let mut cuts = Vec::new();
    // Every bullet character we know is encoded with a leading 0xE2 byte,
    // as are curly quotes: look only there (when the line has one).
    let bytes = line.as_bytes();
    for i in memchr::memchr_iter(0xE2, if has_e2 { bytes } else { &[] }) {
        if i == 0 || !bytes[i - 1].is_ascii_whitespace() {
            continue;
        }
        let is_cut =
            line[i..].chars().next().is_some_and(is_bullet) && !line[..i].trim().is_empty();
        if is_cut {
            cuts.push(start + i);
        }
    }
    // An enumeration inside bulleted items is already cut by the bullets.
    let marker = if cuts.is_empty() {
        opening_marker(line)
    } else {
        None
    };
    if let Some((first, suffix)) = marker {
        let mut from = 0;
        let mut ordinal = first;
        while let Some(next) = ordinal.next() {
            let needle = next.write(suffix);
            match line[from..].find(&needle) {
                Some(pos) => {
                    let at = from + pos + 1;
                    cuts.push(start + at);
                    from = at;
                    ordinal = next;
                }
                None => break,
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Pushes `text[start..end]` less surrounding white space, when not
/// empty, as the next sentence of `out` (its index is its place there).
pub(crate) fn push_trimmed(start: usize, end: usize, text: &str, out: &mut Vec<Sentence>) {
    let (lead, trail) = trim_range(&text[start..end]);
    if trail > lead {
        out.push(Sentence {
            span: Span::new(start + lead, start + trail),
            index: SentenceIdx::new(out.len()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_word_is_the_text_after_the_last_white_space() {
        let reference = |before: &str| {
            before
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("")
                .trim_start_matches(|c: char| is_opening(c) || c == '-' || c == '—' || is_bullet(c))
                .to_string()
        };
        let pieces = [
            "a", "Mr", " ", "\t", "\u{a0}", "\u{2009}", "é", "(", "“", "-", "—", "•", "U.S", "\n",
        ];
        for before in crate::piece_soup(&pieces, 0x9e37_79b9_7f4a_7c15, 20_000, 9) {
            assert_eq!(last_word(&before), reference(&before), "{before:?}");
        }
    }

    /// Words made of pieces that sit at the filter's edges: the list
    /// words themselves, their cuts and extensions, other cases, multi-byte
    /// first letters, the empty word and long ones.
    fn words_from(lists: &[&str]) -> Vec<String> {
        let mut words: Vec<String> = vec![String::new(), "x".repeat(15), "x".repeat(16)];
        for list in lists {
            for w in list
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
            {
                words.extend([
                    w.to_string(),
                    w.to_lowercase(),
                    w.to_uppercase(),
                    format!("{w}s"),
                    format!("a{w}"),
                    w.chars().skip(1).collect(),
                    w.chars()
                        .take(w.chars().count().saturating_sub(1))
                        .collect(),
                ]);
            }
        }
        words.extend(
            [
                "said", "2023", "É", "Étienne", "N°", "U.S", "e.g", "ab", "ba",
            ]
            .map(String::from),
        );
        words
    }

    #[test]
    fn word_set_answers_as_its_hash_set() {
        let lists = [
            crate::DEFAULT_ABBREVIATIONS,
            crate::DEFAULT_PREFIXES,
            crate::DEFAULT_SENTENCE_STARTERS,
            "\nlongwordoversixteenbytes\nÉcole\n",
        ];
        let words = words_from(&lists);
        for list in lists {
            for lower in [false, true] {
                let set = read_list(list, lower);
                for w in &words {
                    assert_eq!(set.contains(w), set.words.contains(w.as_str()), "{w:?}");
                }
            }
        }
        let lowered = read_list(crate::DEFAULT_ABBREVIATIONS, true);
        for w in &words {
            if lowered.contains(&w.to_lowercase()) {
                assert!(lowered.may_hold_lowered(w), "{w:?}");
            }
        }
        let empty: WordSet = [Box::from("")].into_iter().collect();
        assert!(empty.contains(""));
        assert!(!empty.contains("a"));
    }

    #[test]
    fn is_ambiguous_agrees_with_its_plain_definition() {
        let lists = Lists {
            prefixes: read_list(crate::DEFAULT_PREFIXES, false),
            abbreviations: read_list(crate::DEFAULT_ABBREVIATIONS, true),
            starters: read_list(crate::DEFAULT_SENTENCE_STARTERS, false),
        };
        let splitter = Splitter { lists: &lists };
        // The test as it was written, on characters.
        let plain = |word: &str| {
            let mut chars = word.chars();
            if let (Some(only), None) = (chars.next(), chars.next()) {
                return only.is_alphabetic();
            }
            lists.abbreviations.contains(&word.to_lowercase())
                || (word.contains('.')
                    && word.split('.').all(|part| {
                        (1..=2).contains(&part.chars().count())
                            && part.chars().all(char::is_alphabetic)
                    }))
        };
        let mut words = words_from(&[crate::DEFAULT_ABBREVIATIONS]);
        let pieces = [
            "a", "B", "é", "Ω", "中", "𝒜", "7", ".", "-", "'", "U", "s", "\u{a0}", "ß", "İ",
        ];
        words.extend(crate::piece_soup(&pieces, 0x2545_f491_4f6c_dd1d, 20_000, 7));
        for w in &words {
            assert_eq!(splitter.is_ambiguous(w), plain(w), "{w:?}");
        }
    }

    #[test]
    fn char_at_is_the_next_char() {
        for text in edge_texts() {
            for (i, c) in text.char_indices() {
                assert_eq!(char_at(&text, i), c, "{text:?} at {i}");
            }
        }
    }

    #[test]
    fn glued_boundary_agrees_with_its_plain_definition() {
        let lists = Lists {
            prefixes: read_list(crate::DEFAULT_PREFIXES, false),
            abbreviations: read_list(crate::DEFAULT_ABBREVIATIONS, true),
            starters: read_list(crate::DEFAULT_SENTENCE_STARTERS, false),
        };
        let splitter = Splitter { lists: &lists };
        // The test as it was written: the letters after the capital
        // copied into a `String`.
        let plain = |before: &str, after: &str| {
            let mut chars = after.chars();
            if !chars.next().is_some_and(char::is_uppercase) {
                return false;
            }
            let tail: String = chars.take_while(|c| c.is_alphabetic()).collect();
            let rest = &after[after.chars().next().map_or(0, char::len_utf8) + tail.len()..];
            let word_after = &after[..after.len() - rest.len()];
            if tail.is_empty()
                || !tail.chars().all(char::is_lowercase)
                || rest.starts_with(['@', '/'])
                || (rest.starts_with('.') && !lists.prefixes.contains(word_after))
            {
                return false;
            }
            let word = last_word(before);
            word.chars().count() >= 3
                && word.chars().all(|c| c.is_alphanumeric() || c == ',')
                && !lists.prefixes.contains(word)
                && !splitter.is_ambiguous(word)
        };
        let pieces = [
            "The", "Mr", "U", "S", "rose", "é", "É", "ΩX", "ß", "1,0", ".", "@", "/", " ", "a",
            "Inc", "x",
        ];
        let texts: Vec<String> =
            crate::piece_soup(&pieces, 0x9e37_79b9_7f4a_7c15, 3_000, 6).collect();
        let mut glued = 0;
        for before in texts.iter().take(300) {
            for after in &texts {
                let fast = splitter.is_glued_boundary(before, after);
                assert_eq!(fast, plain(before, after), "{before:?} . {after:?}");
                glued += usize::from(fast);
            }
        }
        // Both answers were met.
        assert!(glued > 1_000, "{glued}");
    }

    #[test]
    fn find_ellipsis_is_a_substring_search() {
        let pieces = [
            "…", "“", "”", "—", "•", "a", ".", " ", "\u{e2}", "\u{2025}", "\u{2027}",
        ];
        for text in crate::piece_soup(&pieces, 0x2545_f491_4f6c_dd1d, 20_000, 10) {
            assert_eq!(find_ellipsis(text.as_bytes()), text.find('…'), "{text:?}");
        }
    }

    /// Texts made of pieces at the edges of the ASCII fast paths:
    /// ASCII and Unicode white space, capitals and openers of both kinds,
    /// letters, apostrophes, bullets.
    fn edge_texts() -> impl Iterator<Item = String> {
        const PIECES: [&str; 24] = [
            " ", "\t", "\u{b}", "\u{a0}", "\u{2009}", "A", "a", "7", "\"", "'", "’", "“", "(", "[",
            "É", "é", "ß", "•", "-", "—", ".", "x'y", "Ω", "中",
        ];
        crate::piece_soup(&PIECES, 0x9e37_79b9_7f4a_7c15, 30_000, 8)
    }

    #[test]
    fn next_opener_agrees_with_its_plain_definition() {
        for text in edge_texts() {
            for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(
                    next_opener(&text, i, text.len()),
                    next_opener_plain(&text, i, text.len()),
                    "{text:?} at {i}"
                );
            }
        }
    }

    #[test]
    fn list_marker_test_agrees_with_its_plain_order() {
        // The test as it was written: the head of the sentence first, the
        // shape of the word last.
        let plain = |text: &str, sentence_start: usize, word: &str| {
            let head = text[sentence_start..]
                .trim_start_matches(|c: char| c.is_whitespace() || is_bullet(c));
            if !head.starts_with(word) {
                return false;
            }
            let first = head.split_whitespace().next().unwrap_or("");
            if first != word && first.trim_end_matches(['.', ')']) != word {
                return false;
            }
            let digits =
                word.len() <= 3 && !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
            let letter = word.len() == 1 && word.bytes().all(|b| b.is_ascii_lowercase());
            digits || letter
        };
        const PIECES: [&str; 16] = [
            " ", "\u{a0}", "•", "1", "12", "1234", "a", "b", "A", "ab", ".", ")", "(", "x.", "é",
            "\n",
        ];
        let (mut checked, mut markers) = (0, 0);
        for text in crate::piece_soup(&PIECES, 0x9e37_79b9_7f4a_7c15, 4_000, 9) {
            // Every word the splitter may take before a full stop: the
            // last word of each prefix of the text, from each start.
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for at in (start..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let word = last_word(&text[start..at]);
                    let marker = is_list_marker(&text, start, word);
                    assert_eq!(
                        marker,
                        plain(&text, start, word),
                        "{text:?} from {start}, word {word:?}"
                    );
                    checked += 1;
                    markers += usize::from(marker);
                }
            }
        }
        // Both answers were met, many times.
        assert!(checked > 100_000 && markers > 1_000, "{checked} {markers}");
    }

    #[test]
    fn following_word_agrees_with_its_plain_definition() {
        let plain = |rest: &str| {
            let rest = rest.trim_start_matches(is_opening);
            let end = rest
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '\'' || c == '’'))
                .map_or(rest.len(), |(i, _)| i);
            rest[..end].to_string()
        };
        for text in edge_texts() {
            assert_eq!(following_word(&text), plain(&text), "{text:?}");
        }
    }

    #[test]
    fn lower_case_is_to_lowercase() {
        for word in [
            "Inc",
            "INC",
            "inc",
            "Jan",
            "e.g",
            "U.S",
            "Ltd",
            "Ø",
            "ÉTS",
            "İ",
            "Ω.Σ",
            "",
            "AbC1-'’",
        ] {
            assert_eq!(
                lower_case(word, &mut [0; 12]),
                word.to_lowercase(),
                "{word:?}"
            );
        }
    }
}
