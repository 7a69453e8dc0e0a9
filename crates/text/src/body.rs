//! Which lines of a page are article body, and where each article starts.
//!
//! Raw page text puts one paragraph, headline or menu item per line. The
//! rules, in the order they are applied:
//!
//! 1. Each line is classed on its own: *prose* (six words or more ending in
//!    sentence punctuation, or twenty words or more), a *date stamp* (a short
//!    line with a year: "Updated : 2025-02-25 13:35", "June 12, 2024"),
//!    *furniture* by its look (hashtags, copyright, e-mail and phone lines,
//!    view and comment counters), *repeated* (the same text on three lines,
//!    or twice without sentence punctuation, for lines under forty words:
//!    tickers, menus, bylines), or
//!    *title-like* (3 to 25 words, not a bullet, not ending in a full stop,
//!    comma or colon even inside closing quotes, without a menu separator
//!    `|` or ` > `, starting with a capital, digit or quote).
//! 2. Prose lines close to each other (at most three other lines between
//!    them, none of them furniture or repeated) form a *block*. The block
//!    with the most prose is the article; other blocks are kept when they
//!    hold at least half as much prose, or two prose lines and a quarter as
//!    much. A lone paragraph among headline lists is a teaser, not body.
//! 3. Above a block's first paragraph, the nearest title-like line within
//!    eight lines is the headline; date stamps between it and the paragraph
//!    are body (the article's own date), everything else there (bylines
//!    without a date, share rows, counters) is not. A site's clock above
//!    the headline is therefore furniture.
//! 4. Inside a block, a title-like line between two paragraphs starts a new
//!    article under that headline (digest pages). Other lines between
//!    paragraphs are body unless they are two words or fewer without
//!    sentence punctuation ("Share", "Photo").
//! 5. A date stamp on the first non-blank line after a block's last
//!    paragraph is body (the date printed at the end of an article).
//! 6. When a text has no prose line at all (a short note, a list, a single
//!    sentence), every line that is not furniture or repeated is body.

use std::hash::Hasher;

use dealx_core::Span;

use crate::hash::FastHasher;

/// How one line looks.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Line {
    /// The line less surrounding white space.
    pub(crate) span: Span,
    blank: bool,
    prose: bool,
    stamp: bool,
    furniture: bool,
    repeated: bool,
    title_like: bool,
    /// Its words, counted up to [`WORD_CAP`] (a byte: with the slot, a
    /// line stays 32 bytes).
    words: u8,
    terminal: bool,
    /// The line's slot in the classifying pass's [`LineCounts`] (lines of
    /// fewer than [`WORD_CAP`] words), kept on the line itself so that
    /// the second pass reads its count without hashing the line again or
    /// a vector of slots beside the lines.
    slot: Option<u32>,
}

/// The body lines of a page, grouped into articles.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Every line of the text.
    pub(crate) lines: Vec<Line>,
    /// The articles, in text order.
    pub(crate) articles: Vec<ArticleLines>,
}

/// One article's lines.
#[derive(Debug, Default)]
pub(crate) struct ArticleLines {
    /// The headline's line index.
    pub(crate) title: Option<usize>,
    /// Indices of its body lines (the headline included), sorted.
    pub(crate) body: Vec<usize>,
}

/// Lines of at most this many words, without sentence punctuation, are not
/// body between two paragraphs.
const MAX_STRAY_WORDS: usize = 2;
/// How many non-blank lines may stand between two paragraphs of one block.
const MAX_GAP_LINES: usize = 3;
/// How far above a block's first paragraph the headline is looked for.
const MAX_HEADER_LINES: usize = 8;
/// Words are counted up to this many; lines this long are paragraphs, and
/// are not compared with each other for repetition.
const WORD_CAP: usize = 40;

/// Splits `text` into lines and classes them.
///
/// Each line is read once: its end found with `memchr`, white space and
/// bullets trimmed with ASCII fast paths (see [`trim_range`]), words
/// counted up to [`WORD_CAP`], and the furniture and stamp tests run only
/// on the short lines they apply to.
fn classify(text: &str) -> Vec<Line> {
    // About one line per 64 bytes of page text; the vectors grow if need be.
    let estimate = text.len() / 64 + 8;
    let mut lines = Vec::with_capacity(estimate);
    // Each distinct line text (under WORD_CAP words) gets a slot in
    // `counts`; each line keeps its slot (`Line::slot`).
    let mut counts = LineCounts::with_capacity(estimate);
    let mut start = 0;
    while start < text.len() {
        // Lines end after their `\n` (or at the end of the text), as
        // `split_inclusive('\n')` cuts them.
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i + 1);
        let raw = &text[start..end];
        let (lead, trail) = trim_range(raw);
        let content = &raw[lead..trail];
        let span = Span::new(start + lead, start + trail);
        start = end;
        if content.is_empty() {
            lines.push(Line {
                span,
                blank: true,
                ..Line::default()
            });
            continue;
        }
        // A trimmed line that opens with an ASCII byte opens with neither
        // white space nor a bullet (bullets are all non-ASCII).
        let core = if content.as_bytes()[0] < 0x80 {
            content
        } else {
            trim_start_bullets(content)
        };
        let bullet =
            core.len() != content.len() || core.starts_with("- ") || core.starts_with("* ");
        let (words, present) = words_and_present(core);
        let slot = (words < WORD_CAP).then(|| counts.add(core));
        let unquoted = unquote(core);
        let terminal = ends_sentence(unquoted);
        let furniture = is_furniture(core, words, present);
        let stamp = !furniture && is_stamp(core, words, present);
        let prose = !furniture && words >= 6 && (terminal || words >= 20);
        let title_like = !furniture
            && !bullet
            && !stamp
            && (3..=25).contains(&words)
            && !ends_title_badly(unquoted)
            && (!present.has(Present::SEPARATOR) || !has_separator(core))
            && opens_title(core);
        lines.push(Line {
            span,
            blank: false,
            prose,
            stamp,
            furniture,
            repeated: false,
            title_like,
            words: u8::try_from(words).expect("words are counted up to WORD_CAP"),
            terminal,
            slot,
        });
    }
    for line in &mut lines {
        if line.blank {
            continue;
        }
        let n = line.slot.map_or(0, |slot| counts.count(slot));
        if n >= 3 || (n >= 2 && !line.terminal) {
            line.repeated = true;
            line.prose = false;
            line.title_like = false;
        }
    }
    lines
}

// The tests on a line's first and last characters. Each reads an ASCII
// byte as the character it is (a UTF-8 continuation byte is never ASCII,
// so an ASCII last byte is the whole last character) and decodes only a
// non-ASCII one, as the plain `str` patterns do for every line (unit test
// `line_end_tests_agree_with_their_str_patterns`).

/// `core` less closing quotes and brackets at its end.
fn unquote(core: &str) -> &str {
    match core.as_bytes().last() {
        Some(&c) if c < 0x80 && !matches!(c, b'"' | b'\'' | b')' | b']') => core,
        _ => core.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']),
    }
}

/// Whether `unquoted` ends with sentence punctuation.
fn ends_sentence(unquoted: &str) -> bool {
    match unquoted.as_bytes().last() {
        Some(&c) if c < 0x80 => matches!(c, b'.' | b'!' | b'?'),
        _ => unquoted.ends_with('…'),
    }
}

/// Whether `unquoted` ends as no headline does: with a full stop, a
/// comma, a semicolon, a colon or an ellipsis.
fn ends_title_badly(unquoted: &str) -> bool {
    match unquoted.as_bytes().last() {
        Some(&c) if c < 0x80 => matches!(c, b'.' | b',' | b';' | b':'),
        _ => unquoted.ends_with('…'),
    }
}

/// Whether `core` opens as a headline does: with a capital, a digit or an
/// opening quote.
fn opens_title(core: &str) -> bool {
    match core.as_bytes().first() {
        Some(&c) if c < 0x80 => {
            c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, b'"' | b'\'')
        }
        _ => core
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '‘' | '«')),
    }
}

/// How many times each distinct line text occurs: an open-addressing
/// table of slot numbers, probed linearly from the top bits of the
/// [`FastHasher`] hash (its low bits mix poorly), holding at most half of
/// its cells. It does what a `HashMap<&str, u32>` did here for less: no
/// control bytes, no entry API, one allocation of cells. Unit test
/// `line_counts_count_as_a_hash_map_does`.
struct LineCounts<'t> {
    /// Slot number plus one per cell; 0 for an empty cell. The length is
    /// a power of two.
    cells: Vec<u32>,
    /// `64 - log2(cells.len())`: the shift that leaves the hash's top bits.
    shift: u32,
    /// Each slot's text.
    keys: Vec<&'t str>,
    /// Each slot's count.
    counts: Vec<u32>,
}

impl<'t> LineCounts<'t> {
    /// A table for about `lines` distinct texts (it grows past them).
    fn with_capacity(lines: usize) -> LineCounts<'t> {
        let cells = (2 * lines).next_power_of_two().max(16);
        LineCounts {
            cells: vec![0; cells],
            shift: 64 - cells.trailing_zeros(),
            keys: Vec::with_capacity(lines),
            counts: Vec::with_capacity(lines),
        }
    }

    /// The cell where probing for `key` starts.
    fn home(&self, key: &str) -> usize {
        let mut hasher = FastHasher::default();
        hasher.write(key.as_bytes());
        (hasher.finish() >> self.shift) as usize
    }

    /// Counts one more occurrence of `key`; returns its slot.
    fn add(&mut self, key: &'t str) -> u32 {
        if 2 * (self.keys.len() + 1) > self.cells.len() {
            self.grow();
        }
        let mask = self.cells.len() - 1;
        let mut i = self.home(key);
        loop {
            match self.cells[i] {
                0 => {
                    let slot = self.keys.len() as u32;
                    self.keys.push(key);
                    self.counts.push(1);
                    self.cells[i] = slot + 1;
                    return slot;
                }
                cell => {
                    let slot = cell - 1;
                    if self.keys[slot as usize] == key {
                        self.counts[slot as usize] += 1;
                        return slot;
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the cells and places every slot again.
    fn grow(&mut self) {
        let cells = 2 * self.cells.len();
        self.cells = vec![0; cells];
        self.shift = 64 - cells.trailing_zeros();
        let mask = cells - 1;
        for (slot, key) in self.keys.iter().enumerate() {
            let mut i = self.home(key);
            while self.cells[i] != 0 {
                i = (i + 1) & mask;
            }
            self.cells[i] = slot as u32 + 1;
        }
    }

    /// How many times the text of `slot` was added.
    fn count(&self, slot: u32) -> u32 {
        self.counts[slot as usize]
    }
}

/// The byte range of `s` less surrounding white space: the range of
/// `s.trim()`.
///
/// ASCII white space is stripped byte by byte; only when the remaining
/// text starts or ends with a non-ASCII character is `str::trim` asked
/// (Unicode white space such as U+00A0 is non-ASCII, and `trim` of a text
/// already free of ASCII white space at its ends is the same as `trim` of
/// the whole, since every ASCII byte it strips is white space to `trim`).
#[inline]
pub(crate) fn trim_range(s: &str) -> (usize, usize) {
    let b = s.as_bytes();
    let Some(first) = b.iter().position(|&c| !is_white_byte(c)) else {
        return (b.len(), b.len());
    };
    let last = b
        .iter()
        .rposition(|&c| !is_white_byte(c))
        .map_or(first, |i| i + 1);
    // An end that is not white space stops `trim` there: an ASCII byte
    // (white space ones are gone), or a character that `white_len` reads
    // as no white space (a menu line's opening bullet), without a call.
    let opens = b[first] < 0x80 || white_len(&b[first..last]) == 0;
    let closes = b[last - 1] < 0x80 || white_len_back(&b[first..last]) == 0;
    if opens && closes {
        return (first, last);
    }
    trim_non_ascii_ends(s, first, last)
}

/// [`trim_range`] of `s` once ASCII white space is gone from both ends
/// (`s[first..last]`) and one of the ends is a non-ASCII character: the
/// white space characters at each end are stripped by their bytes
/// ([`white_len`], [`white_len_back`]), which answer as `char::is_whitespace`
/// does, without decoding (a page's menu lines open with `•`).
#[inline(never)]
fn trim_non_ascii_ends(s: &str, first: usize, last: usize) -> (usize, usize) {
    let b = s.as_bytes();
    let mut lead = first;
    loop {
        let n = white_len(&b[lead..last]);
        if n == 0 {
            break;
        }
        lead += n;
    }
    if lead == last {
        // All white space: an empty range at the end, as `s.len() -
        // s.trim_start().len()` gives.
        return (b.len(), b.len());
    }
    let mut trail = last;
    loop {
        let n = white_len_back(&b[lead..trail]);
        if n == 0 {
            break;
        }
        trail -= n;
    }
    (lead, trail)
}

/// The length in bytes of the character that opens `b` when
/// `char::is_whitespace` holds for it, else 0. `b` starts at a character
/// boundary of a `str`. The UTF-8 forms of the Unicode `White_Space`
/// characters are matched whole (U+0085, U+00A0, U+1680, U+2000 to U+200A,
/// U+2028, U+2029, U+202F, U+205F, U+3000; unit test
/// `white_and_bullet_lengths_agree_with_char_tests` checks every character).
#[inline]
pub(crate) fn white_len(b: &[u8]) -> usize {
    match b {
        [b' ' | b'\t'..=b'\r', ..] => 1,
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// [`white_len`] of the character that ends `b` (which ends at a
/// character boundary): a lead byte (`C2`, `E1`, `E2`, `E3`) starts the
/// last character, so the bytes matched are that character whole.
#[inline]
pub(crate) fn white_len_back(b: &[u8]) -> usize {
    match b {
        [.., b' ' | b'\t'..=b'\r'] => 1,
        [.., 0xC2, 0x85 | 0xA0] => 2,
        [.., 0xE1, 0x9A, 0x80]
        | [.., 0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
        | [.., 0xE2, 0x81, 0x9F]
        | [.., 0xE3, 0x80, 0x80] => 3,
        _ => 0,
    }
}

/// The length in bytes of the character that opens `b` when it is a
/// bullet ([`is_bullet`](crate::sentence::is_bullet)), else 0: the UTF-8
/// forms of the bullets, all three bytes from `E2` (unit test
/// `white_and_bullet_lengths_agree_with_char_tests` checks every character
/// against `is_bullet`, so the two lists cannot drift apart).
#[inline]
pub(crate) fn bullet_len(b: &[u8]) -> usize {
    match b {
        [0xE2, 0x80, 0xA2 | 0xA3, ..]
        | [0xE2, 0x81, 0x83, ..]
        | [0xE2, 0x96, 0xA0 | 0xA1 | 0xAA | 0xAB | 0xB6 | 0xBA, ..]
        | [0xE2, 0x97, 0x8B | 0x8F | 0xA6, ..] => 3,
        _ => 0,
    }
}

/// `s.trim_start_matches(|c: char| c.is_whitespace() || is_bullet(c))`,
/// read by bytes: an ASCII byte is white space or stops the trim; any
/// other character by [`white_len`] and [`bullet_len`] (unit test
/// `trim_start_bullets_is_trim_start_matches`).
pub(crate) fn trim_start_bullets(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let n = if c < 0x80 {
            usize::from(is_white_byte(c))
        } else {
            match white_len(&b[i..]) {
                0 => bullet_len(&b[i..]),
                n => n,
            }
        };
        if n == 0 {
            break;
        }
        i += n;
    }
    &s[i..]
}

/// Which of the bytes that the line tests look for occur in a line, found
/// in one pass: a test whose byte is absent cannot succeed, so it is not
/// run. One loop the compiler vectorises costs less on these short lines
/// than the `memchr` calls it spares.
#[derive(Clone, Copy, Debug)]
struct Present(u8);

impl Present {
    /// The first byte of `©`.
    const C2: u8 = 1;
    /// `g` then `h`, in either case (of "ight", "IGHT").
    const GH: u8 = 1 << 1;
    /// `(`, of "(c) ".
    const PAREN: u8 = 1 << 2;
    /// `@`.
    const AT: u8 = 1 << 3;
    /// `|` or `>`, the menu separators.
    const SEPARATOR: u8 = 1 << 4;
    /// `19` or `20`, which open a year from 1900 to 2099.
    const YEAR: u8 = 1 << 5;
    /// An ASCII digit or `,` (of a number).
    const NUMBER: u8 = 1 << 6;
    /// Every byte possibly present: every test runs.
    const ANY: Present = Present(u8::MAX);

    /// The flags of byte `c` after byte `p` (a zero byte, as `c` or as
    /// `p`, raises none).
    #[inline(always)]
    fn flags(p: u8, c: u8) -> u8 {
        /// `flag` when `yes`: a select the compiler turns into a mask.
        fn when(yes: bool, flag: u8) -> u8 {
            if yes {
                flag
            } else {
                0
            }
        }
        when(c == 0xC2, Present::C2)
            | when((p | 0x20 == b'g') & (c | 0x20 == b'h'), Present::GH)
            | when(c == b'(', Present::PAREN)
            | when(c == b'@', Present::AT)
            | when((c == b'|') | (c == b'>'), Present::SEPARATOR)
            | when(
                ((p == b'1') & (c == b'9')) | ((p == b'2') & (c == b'0')),
                Present::YEAR,
            )
            | when((c.wrapping_sub(b'0') < 10) | (c == b','), Present::NUMBER)
    }

    /// The bytes and byte pairs present in `b`.
    fn of(b: &[u8]) -> Present {
        let flags = Present::flags;
        let Some(&first) = b.first() else {
            return Present(0);
        };
        // The first byte after a byte that pairs with nothing.
        let found = flags(0, first);
        let (prev, cur) = (&b[..b.len() - 1], &b[1..]);
        // Sixteen pairs at a time, without early exit or table, so that
        // the compiler vectorises them. The last block overlaps the one
        // before it (a flag found twice is found); fewer than sixteen
        // pairs are padded with zero bytes, which raise no flag.
        let mut lanes = [0u8; 16];
        let mut block = |p: &[u8; 16], c: &[u8; 16]| {
            for k in 0..16 {
                lanes[k] |= flags(p[k], c[k]);
            }
        };
        let n = cur.len();
        if n >= 16 {
            let whole = |s: &[u8]| -> [u8; 16] { s.try_into().expect("sixteen bytes") };
            for (p, c) in prev.chunks_exact(16).zip(cur.chunks_exact(16)) {
                block(&whole(p), &whole(c));
            }
            block(&whole(&prev[n - 16..]), &whole(&cur[n - 16..]));
        } else {
            let (mut p, mut c) = ([0u8; 16], [0u8; 16]);
            p[..n].copy_from_slice(prev);
            c[..n].copy_from_slice(cur);
            block(&p, &c);
        }
        Present(lanes.iter().fold(found, |all, &lane| all | lane))
    }

    /// Whether the byte (or one of the bytes) `flag` stands for may be
    /// present.
    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

// The substring tests of `is_furniture`, each one `memchr` for a rare byte
// of the needle and a comparison around what it finds (`str::contains`
// builds a two-way searcher per call, which cost more than the search on
// these short lines).

/// Whether `b` holds `©`.
fn has_copyright_sign(b: &[u8]) -> bool {
    memchr::memchr_iter(0xC2, b).any(|i| b[i..].starts_with("©".as_bytes()))
}

/// Whether `b` holds `ight` or `IGHT`.
fn has_ight(b: &[u8]) -> bool {
    // The `g` is the needle's second byte.
    memchr::memchr2_iter(b'g', b'G', b)
        .any(|i| i >= 1 && (b[i - 1..].starts_with(b"ight") || b[i - 1..].starts_with(b"IGHT")))
}

/// Whether `b` holds `(c) ` or `(C) `.
fn has_c_mark(b: &[u8]) -> bool {
    memchr::memchr_iter(b'(', b).any(|i| b[i..].starts_with(b"(c) ") || b[i..].starts_with(b"(C) "))
}

/// Hashtags, copyright and contact lines, view and comment counters.
/// `present` holds (at least) the bytes of `core` the tests look for.
fn is_furniture<'a>(core: &'a str, words: usize, present: Present) -> bool {
    let b = core.as_bytes();
    if b.first() == Some(&b'#') && b.get(1).is_some_and(|c| !c.is_ascii_digit() && *c != b' ') {
        return words <= 3;
    }
    if words > 30 {
        return false;
    }
    if present.has(Present::C2) && has_copyright_sign(b) {
        return true;
    }
    // Copyright, contact and counter lines are short.
    if words > 12 {
        return false;
    }
    // "ight" or "IGHT" first: a cheap test before the case-blind search.
    if present.has(Present::GH)
        && has_ight(b)
        && (contains_ignore_case(core, "copyright")
            || contains_ignore_case(core, "all rights reserved"))
    {
        return true;
    }
    if present.has(Present::PAREN) && has_c_mark(b) {
        return true;
    }
    // An e-mail address on a short line.
    if words <= 6
        && present.has(Present::AT)
        && memchr::memchr(b'@', b).is_some()
        && core
            .split_whitespace()
            .any(|t| t.rsplit('@').next().is_some_and(|d| d.contains('.')) && t.contains('@'))
    {
        return true;
    }
    // A phone line. Its first word starts the line (`core` starts with no
    // white space), so a first byte that begins none of the words rules
    // it out without splitting the line.
    if matches!(
        b.first().map(u8::to_ascii_lowercase),
        Some(b'p' | b't' | b'f' | b'm')
    ) {
        let first = first_word(core);
        let first = first.trim_end_matches([':', '.']);
        if is_one_of(first, &["phone", "tel", "fax", "mobile"]) {
            return true;
        }
    }
    // Counters: "235 views", "Comments 0". A number is digits and commas,
    // so a line with neither has none.
    // And every counted word holds an `e` (unit test
    // `every_counted_word_holds_an_e`): a line without one (dates, times,
    // scores) is no counter, and is not split into words.
    if words > 6
        || !present.has(Present::NUMBER)
        || !b.iter().any(|&c| c.is_ascii_digit() || c == b',')
        || memchr::memchr2(b'e', b'E', b).is_none()
    {
        return false;
    }
    let is_number = |t: &[u8]| !t.is_empty() && t.iter().all(|&c| c.is_ascii_digit() || c == b',');
    let is_counted = |t: &[u8]| COUNTED.iter().any(|k| t.eq_ignore_ascii_case(k.as_bytes()));
    let mut previous: Option<&[u8]> = None;
    let mut counter = |t: &'a [u8]| {
        let found = previous
            .is_some_and(|p| (is_number(p) && is_counted(t)) || (is_counted(p) && is_number(t)));
        previous = Some(t);
        found
    };
    // The words of an ASCII line are cut at ASCII white space: the same
    // words as `split_whitespace`, which decodes every character.
    if b.is_ascii() {
        b.split(|&c| is_white_byte(c))
            .filter(|t| !t.is_empty())
            .any(&mut counter)
    } else {
        core.split_whitespace().map(str::as_bytes).any(counter)
    }
}

/// The words a counter line counts ("235 views", "Comments 0").
const COUNTED: [&str; 8] = [
    "views", "view", "comments", "comment", "likes", "shares", "reads", "replies",
];

/// The first word of `core` (which opens with no white space) as
/// `split_whitespace` gives it: up to the first ASCII white space when no
/// non-ASCII character comes before (only a non-ASCII character can be
/// other white space).
fn first_word(core: &str) -> &str {
    let b = core.as_bytes();
    match b.iter().position(|&c| c >= 0x80 || is_white_byte(c)) {
        Some(i) if b[i] >= 0x80 => core.split_whitespace().next().unwrap_or(""),
        Some(i) => &core[..i],
        None => core,
    }
}

/// The ASCII characters `char::is_whitespace` accepts (`u8::is_ascii_whitespace`
/// leaves out the vertical tab).
pub(crate) fn is_white_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Whether `word` is one of `list` ignoring ASCII case.
fn is_one_of(word: &str, list: &[&str]) -> bool {
    for k in list {
        if word.eq_ignore_ascii_case(k) {
            return true;
        }
    }
    false
}

/// Whether `core` holds a menu or breadcrumb separator: `|`, or `>`
/// between spaces ("Home > World").
fn has_separator(core: &str) -> bool {
    let b = core.as_bytes();
    for i in memchr::memchr2_iter(b'|', b'>', b) {
        if b[i] == b'|' || (i > 0 && b[i - 1] == b' ' && b.get(i + 1) == Some(&b' ')) {
            return true;
        }
    }
    false
}

/// Whether `hay` holds `needle` (ASCII, lower case) ignoring ASCII case:
/// `memchr` for the needle's first letter in either case, then a
/// comparison there.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), h)
        .any(|i| h.len() - i >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Lines of at most this many bytes are read in one pass by
/// [`words_and_present`].
const SHORT_LINE: usize = 128;

/// The words of `core` ([`count_words`]) and the bytes its tests look for:
/// [`Present::of`] for a line of at most 12 words (the furniture tests
/// past the copyright sign run only on those: one pass finds what they
/// look for), [`Present::ANY`] for a longer one (where at most the
/// copyright, year and separator tests run, each with its own `memchr`,
/// cheaper there than the pass).
///
/// A line of at most [`SHORT_LINE`] bytes (most lines of at most 12 words)
/// is read once for both: copied into a buffer padded with zero bytes,
/// which start no word (a word starts at a byte above the space after one
/// at or below it) and raise no flag of [`Present`], then word starts and
/// flags are gathered over the same sixteen-byte blocks. Unit test
/// `one_pass_reads_the_words_and_bytes_of_the_two_passes`.
fn words_and_present(core: &str) -> (usize, Present) {
    let b = core.as_bytes();
    if b.is_empty() || b.len() > SHORT_LINE {
        let words = count_words(core);
        let present = if words <= 12 {
            Present::of(b)
        } else {
            Present::ANY
        };
        return (words, present);
    }
    // `buf[0]` stands before the first byte: a zero, at or below the
    // space, so that the first byte starts a word when it is above it, as
    // `count_words` counts it, and pairs with nothing, as `Present::of`
    // reads it.
    let mut buf = [0u8; SHORT_LINE + 1];
    buf[1..=b.len()].copy_from_slice(b);
    let mut starts = [0u8; 16];
    let mut lanes = [0u8; 16];
    for block in 0..b.len().div_ceil(16) {
        let at = block * 16;
        let prev: &[u8; 16] = buf[at..at + 16].try_into().expect("sixteen bytes");
        let cur: &[u8; 16] = buf[at + 1..at + 17].try_into().expect("sixteen bytes");
        for k in 0..16 {
            starts[k] += u8::from((prev[k] <= b' ') & (cur[k] > b' '));
            lanes[k] |= Present::flags(prev[k], cur[k]);
        }
    }
    // At most eight blocks: a lane counts at most eight starts.
    let words = starts.iter().map(|&n| usize::from(n)).sum::<usize>();
    let words = words.min(WORD_CAP);
    let present = if words <= 12 {
        Present(lanes.iter().fold(0, |all, &lane| all | lane))
    } else {
        Present::ANY
    };
    (words, present)
}

/// The number of words in `s` (runs of characters between ASCII white
/// space), counted up to [`WORD_CAP`]: every rule only compares counts
/// below it, and long paragraphs need not be read to the end.
fn count_words(s: &str) -> usize {
    let b = s.as_bytes();
    let mut words = usize::from(b.first().is_some_and(|&c| c > b' '));
    let mut i = 1;
    // In chunks, so that the inner loop has no early exit and vectorises.
    while i < b.len() && words < WORD_CAP {
        let end = (i + 64).min(b.len());
        // At most 32 word starts in 64 bytes: a byte counter cannot overflow.
        // An index loop over two slices of one length: the fold of a `zip`
        // was left as a call and not vectorised.
        let cur = &b[i..end];
        let prev = &b[i - 1..end - 1];
        let mut starts = 0u8;
        for k in 0..cur.len() {
            starts += u8::from((prev[k] <= b' ') & (cur[k] > b' '));
        }
        words += usize::from(starts);
        i = end;
    }
    words.min(WORD_CAP)
}

/// A short line that carries a year: the date stamp of an article or a
/// site's clock ("Updated : 2025-02-25 13:35:16", "June 12, 2024").
/// `present` holds (at least) the bytes of `core` the tests look for.
fn is_stamp(core: &str, words: usize, present: Present) -> bool {
    if words > 14 || !present.has(Present::YEAR) || !has_year(core) {
        return false;
    }
    if words <= 6 {
        return true;
    }
    ["updated", "published", "posted", "modified", "date"]
        .iter()
        .any(|k| contains_ignore_case(core, k))
}

/// Whether `s` holds a run of exactly four digits from 1900 to 2099.
///
/// Such a run starts with `1` or `2`: `memchr2` jumps between those, and
/// each is checked for being the start of a four-digit run (no digit
/// before it, four digits, no digit after).
fn has_year(s: &str) -> bool {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    memchr::memchr2_iter(b'1', b'2', b).any(|i| {
        (i == 0 || !digit(i - 1))
            && (b[i..].starts_with(b"19") || b[i..].starts_with(b"20"))
            && digit(i + 2)
            && digit(i + 3)
            && !digit(i + 4)
    })
}

/// The layout of `text`: its lines, and which of them are the body of which
/// article.
pub(crate) fn layout(text: &str) -> Layout {
    let lines = classify(text);
    // Sized for every line at once: collecting from a filter starts small
    // and grew by doublings, a new allocation and a copy each.
    let mut prose: Vec<usize> = Vec::with_capacity(lines.len());
    prose.extend((0..lines.len()).filter(|&i| lines[i].prose));
    if prose.is_empty() {
        let body: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                let l = &lines[i];
                !l.blank && !l.furniture && !l.repeated
            })
            .collect();
        let articles = if body.is_empty() {
            Vec::new()
        } else {
            vec![ArticleLines { title: None, body }]
        };
        return Layout { lines, articles };
    }

    // Blocks of prose lines close to each other.
    // A block is a run of consecutive prose lines: kept as a range of
    // `prose`, not a vector of its own.
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (k, &p) in prose.iter().enumerate() {
        // At most MAX_GAP_LINES non-blank lines between, none of them
        // furniture or repeated.
        let joins = runs.last().is_some_and(|run| {
            let q = prose[run.end - 1];
            let mut seen = 0;
            lines[q + 1..p].iter().filter(|l| !l.blank).all(|l| {
                seen += 1;
                seen <= MAX_GAP_LINES && !l.furniture && !l.repeated
            })
        });
        match runs.last_mut() {
            Some(run) if joins => run.end = k + 1,
            _ => runs.push(k..k + 1),
        }
    }
    // The blocks kept are those runs (filtered in place, not collected
    // into new vectors of blocks).
    let weight = |run: &std::ops::Range<usize>| {
        prose[run.clone()]
            .iter()
            .map(|&i| lines[i].span.len())
            .sum::<usize>()
    };
    let main = runs.iter().map(weight).max().unwrap_or(0);
    runs.retain(|run| {
        let w = weight(run);
        w * 2 >= main || (run.len() >= 2 && w * 4 >= main)
    });

    // At least one article a block kept.
    let mut articles: Vec<ArticleLines> = Vec::with_capacity(runs.len());
    let mut floor = 0;
    // The non-blank lines between two paragraphs, reused pair after pair.
    let mut gap: Vec<usize> = Vec::new();
    for run in runs {
        let block = &prose[run];
        let first = block[0];
        // Room for the headline, the paragraphs and about as many lines
        // between them.
        let mut article = header(&lines, floor, first, 2 * block.len() + 2);
        article.body.push(first);
        for pair in block.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            gap.clear();
            gap.extend((p + 1..q).filter(|&i| !lines[i].blank));
            match gap.iter().rposition(|&i| lines[i].title_like) {
                Some(t) => {
                    // The lines above the headline close the previous article.
                    for &i in &gap[..t] {
                        if is_gap_body(&lines[i]) {
                            article.body.push(i);
                        }
                    }
                    articles.push(std::mem::take(&mut article));
                    article.title = Some(gap[t]);
                    article.body.push(gap[t]);
                    for &i in &gap[t + 1..] {
                        if lines[i].stamp {
                            article.body.push(i);
                        }
                    }
                }
                None => {
                    for &i in &gap {
                        if is_gap_body(&lines[i]) {
                            article.body.push(i);
                        }
                    }
                }
            }
            article.body.push(q);
        }
        let last = block[block.len() - 1];
        if let Some(i) = (last + 1..lines.len()).find(|&i| !lines[i].blank) {
            if lines[i].stamp && !lines[i].repeated {
                article.body.push(i);
            }
        }
        floor = article.body.last().copied().unwrap_or(last) + 1;
        articles.push(article);
    }
    Layout { lines, articles }
}

/// The headline and date stamps above the paragraph on line `first`,
/// looking no higher than line `floor`; the body has room for `room`
/// lines (it grows past them).
fn header(lines: &[Line], floor: usize, first: usize, room: usize) -> ArticleLines {
    let mut stamps = Vec::new();
    let mut seen = 0;
    let mut title = None;
    for i in (floor..first).rev() {
        let l = &lines[i];
        if l.blank {
            continue;
        }
        seen += 1;
        if seen > MAX_HEADER_LINES || l.prose {
            break;
        }
        if l.title_like {
            title = Some(i);
            break;
        }
        if l.stamp && !l.repeated {
            stamps.push(i);
        }
    }
    match title {
        Some(t) => {
            let mut body = Vec::with_capacity(room + stamps.len());
            body.push(t);
            body.extend(stamps.into_iter().rev());
            ArticleLines {
                title: Some(t),
                body,
            }
        }
        None => ArticleLines {
            title: None,
            body: Vec::with_capacity(room),
        },
    }
}

/// Whether a non-prose line between two paragraphs of one article is body.
fn is_gap_body(l: &Line) -> bool {
    !l.furniture && !l.repeated && (l.terminal || usize::from(l.words) > MAX_STRAY_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentence::is_bullet;

    /// Pieces that sit at the edges of the fast paths: ASCII and Unicode
    /// white space, bullets, multi-byte letters, the bytes the
    /// furniture tests anchor on.
    const PIECES: &[&str] = &[
        " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{a0}", "\u{2028}", "\u{3000}", "\u{85}", "a",
        "Z", "é", "•", "©", "ight", "IGHT", "g", "(c) ", "(C", "@", "©ight", "\u{1c}", ") ", "ig",
        "IG", "ht", "HT", "(", "c) ", "\u{c2}", "235", "1,2", "views", "Comments", "VIEW",
        "replies", "e", "E", "0", "\u{2009}", "\u{200b}", "\u{1680}", "\u{205f}", "▶", "–",
    ];

    /// Texts made of [`PIECES`], from a fixed seed.
    fn texts() -> impl Iterator<Item = String> {
        crate::piece_soup(PIECES, 0x2545_f491_4f6c_dd1d, 20_000, 12)
    }

    /// The line tests as they were before their fast paths (commit
    /// e3f38e7), kept to check the fast ones against.
    mod reference {
        pub(super) fn is_furniture(core: &str, words: usize) -> bool {
            let b = core.as_bytes();
            if b.first() == Some(&b'#')
                && b.get(1).is_some_and(|c| !c.is_ascii_digit() && *c != b' ')
            {
                return words <= 3;
            }
            if words > 30 {
                return false;
            }
            if core.contains('©') {
                return true;
            }
            // Copyright, contact and counter lines are short.
            if words > 12 {
                return false;
            }
            if (core.contains("ight") || core.contains("IGHT"))
                && (old_contains_ignore_case(core, "copyright")
                    || old_contains_ignore_case(core, "all rights reserved"))
            {
                return true;
            }
            if core.contains("(c) ") || core.contains("(C) ") {
                return true;
            }
            // An e-mail address on a short line.
            if words <= 6
                && core.contains('@')
                && core.split_whitespace().any(|t| {
                    t.rsplit('@').next().is_some_and(|d| d.contains('.')) && t.contains('@')
                })
            {
                return true;
            }
            // A phone line.
            let first = core.split_whitespace().next().unwrap_or("");
            let first = first.trim_end_matches([':', '.']);
            if ["phone", "tel", "fax", "mobile"]
                .iter()
                .any(|k| first.eq_ignore_ascii_case(k))
            {
                return true;
            }
            // Counters: "235 views", "Comments 0".
            if words > 6 {
                return false;
            }
            const COUNTED: [&str; 8] = [
                "views", "view", "comments", "comment", "likes", "shares", "reads", "replies",
            ];
            let is_number =
                |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit() || c == b',');
            let is_counted = |t: &str| COUNTED.iter().any(|k| t.eq_ignore_ascii_case(k));
            let mut previous: Option<&str> = None;
            for t in core.split_whitespace() {
                if let Some(p) = previous {
                    if (is_number(p) && is_counted(t)) || (is_counted(p) && is_number(t)) {
                        return true;
                    }
                }
                previous = Some(t);
            }
            false
        }

        fn old_contains_ignore_case(hay: &str, needle: &str) -> bool {
            let n = needle.as_bytes();
            hay.as_bytes()
                .windows(n.len())
                .any(|w| w.eq_ignore_ascii_case(n))
        }

        pub(super) fn is_stamp(core: &str, words: usize) -> bool {
            if words > 14 || !has_year(core) {
                return false;
            }
            if words <= 6 {
                return true;
            }
            ["updated", "published", "posted", "modified", "date"]
                .iter()
                .any(|k| old_contains_ignore_case(core, k))
        }
        fn has_year(s: &str) -> bool {
            let b = s.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i].is_ascii_digit() {
                    let start = i;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    if i - start == 4
                        && (&b[start..start + 2] == b"19" || &b[start..start + 2] == b"20")
                    {
                        return true;
                    }
                } else {
                    i += 1;
                }
            }
            false
        }
    }

    #[test]
    fn line_tests_agree_with_the_plain_ones() {
        let pieces = [
            "Phone",
            "tel:",
            "FAX.",
            "mobile",
            "Tel",
            "235",
            "1,024",
            ",",
            " ",
            "views",
            "Comments",
            "copyright",
            "All Rights Reserved",
            "(c) ",
            "(C) ",
            "©",
            "news@site.example",
            "@",
            "#tag",
            "#1",
            "Updated",
            "posted",
            "DATE",
            "2024",
            "1899",
            "19",
            "12019",
            "Monday",
            "é",
            "•",
            "\u{a0}",
            "word",
            ".",
            "x",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..100_000 {
            let mut line = String::new();
            // The length from a fresh state (see `piece_soup`): drawn from
            // the state the last piece left, one empty line made all the
            // later ones empty.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for _ in 0..(state % 16) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                line.push_str(pieces[(state % pieces.len() as u64) as usize]);
                if state % 3 == 0 {
                    line.push(' ');
                }
            }
            let (lead, trail) = trim_range(&line);
            let core = &line[lead..trail];
            let words = count_words(core);
            // With the bytes found and with every test run.
            for present in [Present::of(core.as_bytes()), Present::ANY] {
                assert_eq!(
                    is_furniture(core, words, present),
                    reference::is_furniture(core, words),
                    "{core:?}"
                );
                assert_eq!(
                    is_stamp(core, words, present),
                    reference::is_stamp(core, words),
                    "{core:?}"
                );
            }
        }
    }

    #[test]
    fn present_flags_are_the_bytes_found() {
        let extra = [
            "|", ">", "1", "2", "9", "0", "19", "20", "21", ",", "G", "g", "gH", "Gh", "(", "@",
            "©", "\u{c2}",
        ];
        for text in texts().chain(extra.iter().map(|s| s.repeat(3))) {
            let b = text.as_bytes();
            let present = Present::of(b);
            let any = |f: &dyn Fn(u8) -> bool| b.iter().any(|&c| f(c));
            let pairs = |f: &dyn Fn(u8, u8) -> bool| b.windows(2).any(|w| f(w[0], w[1]));
            let expected = [
                (Present::C2, any(&|c| c == 0xC2)),
                (
                    Present::GH,
                    pairs(&|p, c| p.eq_ignore_ascii_case(&b'g') && c.eq_ignore_ascii_case(&b'h')),
                ),
                (Present::PAREN, any(&|c| c == b'(')),
                (Present::AT, any(&|c| c == b'@')),
                (Present::SEPARATOR, any(&|c| c == b'|' || c == b'>')),
                (
                    Present::YEAR,
                    pairs(&|p, c| (p, c) == (b'1', b'9') || (p, c) == (b'2', b'0')),
                ),
                (Present::NUMBER, any(&|c| c.is_ascii_digit() || c == b',')),
            ];
            for (flag, found) in expected {
                assert_eq!(present.has(flag), found, "{text:?} {flag}");
            }
        }
    }

    #[test]
    fn one_pass_reads_the_words_and_bytes_of_the_two_passes() {
        // Lines around the short-line length, of many words and few, from
        // the edge pieces and from news pieces.
        let news = crate::piece_soup(dealx_testkit::NEWS_PIECES, 0x9e37_79b9_7f4a_7c15, 5_000, 24);
        let long = ["a ", "ab", "1 ", "   ", "x", "©", "gh 1920 (@|>,"]
            .iter()
            .flat_map(|p| (1..=70).map(move |n| p.repeat(n)));
        let mut short = 0;
        for text in texts().chain(news).chain(long) {
            let b = text.as_bytes();
            let words = count_words(&text);
            let present = if words <= 12 {
                Present::of(b)
            } else {
                Present::ANY
            };
            let (one_words, one_present) = words_and_present(&text);
            assert_eq!((one_words, one_present.0), (words, present.0), "{text:?}");
            short += usize::from(!b.is_empty() && b.len() <= SHORT_LINE);
        }
        assert!(short > 10_000, "{short}");
    }

    #[test]
    fn every_counted_word_holds_an_e() {
        for word in COUNTED {
            assert!(word.contains('e'), "{word}");
        }
    }

    #[test]
    fn lines_count_as_repeated_by_their_whole_text() {
        // Three lines that share their length and both ends, and differ in
        // the middle, are three different lines; the same line three
        // times is repeated.
        let text =
            "Markets today: the A index\nMarkets today: the B index\nMarkets today: the C index\n\
                    Read more here\nRead more here\nRead more here\n";
        let lines = classify(text);
        let repeated: Vec<bool> = lines
            .iter()
            .filter(|l| !l.blank)
            .map(|l| l.repeated)
            .collect();
        assert_eq!(repeated, [false, false, false, true, true, true]);
    }

    #[test]
    fn first_word_is_split_whitespace_first() {
        for text in texts() {
            let (lead, trail) = trim_range(&text);
            let core = &text[lead..trail];
            assert_eq!(
                first_word(core),
                core.split_whitespace().next().unwrap_or(""),
                "{core:?}"
            );
        }
    }

    #[test]
    fn ascii_white_bytes_are_the_ascii_white_space_chars() {
        for b in 0u8..0x80 {
            assert_eq!(is_white_byte(b), char::from(b).is_whitespace(), "{b}");
        }
    }

    /// Every character, encoded with bytes after it and before it: the
    /// byte readings must answer as the `char` tests do.
    #[test]
    fn white_and_bullet_lengths_agree_with_char_tests() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let white = if c.is_whitespace() { c.len_utf8() } else { 0 };
            let bullet = if is_bullet(c) { c.len_utf8() } else { 0 };
            let alone = c.to_string();
            let ahead = format!("{c}\u{2003}x");
            let behind = format!("x\u{a0}{c}");
            assert_eq!(white_len(alone.as_bytes()), white, "{c:?}");
            assert_eq!(white_len(ahead.as_bytes()), white, "{c:?}");
            assert_eq!(white_len_back(alone.as_bytes()), white, "{c:?}");
            assert_eq!(white_len_back(behind.as_bytes()), white, "{c:?}");
            assert_eq!(bullet_len(alone.as_bytes()), bullet, "{c:?}");
            assert_eq!(bullet_len(ahead.as_bytes()), bullet, "{c:?}");
        }
    }

    #[test]
    fn line_end_tests_agree_with_their_str_patterns() {
        let pieces = [
            "a", "A", "É", "é", "7", ".", "!", "?", "…", ",", ";", ":", "\"", "'", "”", "’", "»",
            ")", "]", "“", "‘", "«", " ", "\u{a0}", "中",
        ];
        for text in crate::piece_soup(&pieces, 0x2545_f491_4f6c_dd1d, 30_000, 6) {
            let unquoted = text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
            assert_eq!(unquote(&text), unquoted, "{text:?}");
            assert_eq!(
                ends_sentence(unquoted),
                unquoted.ends_with(['.', '!', '?', '…']),
                "{text:?}"
            );
            assert_eq!(
                ends_title_badly(unquoted),
                unquoted.ends_with(['.', ',', ';', ':', '…']),
                "{text:?}"
            );
            let opens = text.chars().next().is_some_and(|c| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\'' | '“' | '‘' | '«')
            });
            assert_eq!(opens_title(&text), opens, "{text:?}");
        }
    }

    #[test]
    fn line_counts_count_as_a_hash_map_does() {
        // Few pieces, so that texts repeat; enough texts per table that
        // it grows several times from the smallest size.
        let pieces = ["a", "b", "ab", " ", "é", "\u{a0}", "x y", "", "1"];
        let texts: Vec<String> =
            crate::piece_soup(&pieces, 0x2545_f491_4f6c_dd1d, 3_000, 5).collect();
        for chunk in texts.chunks(500) {
            let mut table = LineCounts::with_capacity(1);
            let mut plain: std::collections::HashMap<&str, u32> = Default::default();
            let mut slots = Vec::new();
            for t in chunk {
                slots.push(table.add(t));
                *plain.entry(t.as_str()).or_default() += 1;
            }
            assert_eq!(table.keys.len(), plain.len());
            for (t, slot) in chunk.iter().zip(slots) {
                assert_eq!(table.keys[slot as usize], t.as_str());
                assert_eq!(table.count(slot), plain[t.as_str()], "{t:?}");
            }
        }
    }

    #[test]
    fn trim_start_bullets_is_trim_start_matches() {
        for text in texts() {
            let plain = text.trim_start_matches(|c: char| c.is_whitespace() || is_bullet(c));
            assert_eq!(trim_start_bullets(&text), plain, "{text:?}");
        }
    }

    #[test]
    fn a_line_is_32_bytes() {
        // Two lines a cache line: `Line::words` is a byte for this.
        assert_eq!(std::mem::size_of::<Line>(), 32);
    }

    #[test]
    fn trim_range_is_the_range_str_trim_gives() {
        for text in texts() {
            let trimmed = text.trim();
            let lead = text.len() - text.trim_start().len();
            let expected = if trimmed.is_empty() {
                (text.len(), text.len())
            } else {
                (lead, lead + trimmed.len())
            };
            assert_eq!(trim_range(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn contains_ignore_case_is_a_case_blind_window_search() {
        for text in texts() {
            let hay = text.as_bytes();
            for needle in ["ight", "copyright", "g", "(c) ", "all rights reserved"] {
                let n = needle.as_bytes();
                let expected = hay.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
                assert_eq!(contains_ignore_case(&text, needle), expected, "{text:?}");
            }
        }
    }

    /// The plain definition: the maximal runs of digits, one of them four
    /// long and starting with 19 or 20.
    fn has_year_by_runs(s: &str) -> bool {
        s.as_bytes()
            .split(|c| !c.is_ascii_digit())
            .any(|run| run.len() == 4 && (run.starts_with(b"19") || run.starts_with(b"20")))
    }

    #[test]
    fn count_words_counts_runs_between_white_space_up_to_the_cap() {
        for text in texts() {
            // Words as the rules read them: runs of bytes above b' '.
            let runs = text
                .as_bytes()
                .split(|&c| c <= b' ')
                .filter(|w| !w.is_empty())
                .count();
            assert_eq!(count_words(&text), runs.min(WORD_CAP), "{text:?}");
        }
        let long = "word ".repeat(100);
        assert_eq!(count_words(&long), WORD_CAP);
        assert_eq!(count_words(&long[..5 * 33]), 33);
    }

    #[test]
    fn has_year_finds_four_digit_runs_from_1900_to_2099() {
        let pieces = [
            "1", "2", "9", "0", "19", "20", "2024", "1899", "12019", " ", "-", "é", "a",
        ];
        for text in crate::piece_soup(&pieces, 0x9e37_79b9_7f4a_7c15, 50_000, 8) {
            assert_eq!(has_year(&text), has_year_by_runs(&text), "{text:?}");
        }
        assert!(has_year("Updated : 2025-02-25"));
        assert!(!has_year("12019 and 202"));
    }

    #[test]
    fn substring_tests_are_str_contains() {
        for text in texts() {
            let b = text.as_bytes();
            assert_eq!(has_copyright_sign(b), text.contains('©'), "{text:?}");
            assert_eq!(
                has_ight(b),
                text.contains("ight") || text.contains("IGHT"),
                "{text:?}"
            );
            assert_eq!(
                has_c_mark(b),
                text.contains("(c) ") || text.contains("(C) "),
                "{text:?}"
            );
        }
    }
}
