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

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use dealx_core::Span;

use crate::sentence::is_bullet;

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
    words: usize,
    terminal: bool,
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
fn classify(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    // About one line per 64 bytes of page text; the map grows if need be.
    let mut counts: HashMap<&str, u32, BuildLineHasher> =
        HashMap::with_capacity_and_hasher(text.len() / 64 + 8, BuildLineHasher::default());
    let mut cores = Vec::new();
    for raw in text.split_inclusive('\n') {
        let content = raw.trim();
        let lead = raw.len() - raw.trim_start().len();
        let span = Span::new(start + lead, start + lead + content.len());
        start += raw.len();
        if content.is_empty() {
            lines.push(Line {
                span,
                blank: true,
                ..Line::default()
            });
            cores.push("");
            continue;
        }
        let core = content.trim_start_matches(|c: char| c.is_whitespace() || is_bullet(c));
        let bullet =
            core.len() != content.len() || core.starts_with("- ") || core.starts_with("* ");
        let words = count_words(core);
        if words < WORD_CAP {
            *counts.entry(core).or_insert(0) += 1;
        }
        cores.push(core);
        let unquoted = core.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
        let terminal = unquoted.ends_with(['.', '!', '?', '…']);
        let furniture = is_furniture(core, words);
        let stamp = !furniture && is_stamp(core, words);
        let prose = !furniture && words >= 6 && (terminal || words >= 20);
        let title_like = !furniture
            && !bullet
            && !stamp
            && (3..=25).contains(&words)
            && !unquoted.ends_with(['.', ',', ';', ':', '…'])
            && !has_separator(core)
            && core
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'“‘«".contains(c));
        lines.push(Line {
            span,
            blank: false,
            prose,
            stamp,
            furniture,
            repeated: false,
            title_like,
            words,
            terminal,
        });
    }
    for (line, core) in lines.iter_mut().zip(cores) {
        if line.blank {
            continue;
        }
        let n = counts.get(core).copied().unwrap_or(0);
        if n >= 3 || (n >= 2 && !line.terminal) {
            line.repeated = true;
            line.prose = false;
            line.title_like = false;
        }
    }
    lines
}

/// Hashtags, copyright and contact lines, view and comment counters.
fn is_furniture(core: &str, words: usize) -> bool {
    let b = core.as_bytes();
    if b.first() == Some(&b'#') && b.get(1).is_some_and(|c| !c.is_ascii_digit() && *c != b' ') {
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
        && (contains_ignore_case(core, "copyright")
            || contains_ignore_case(core, "all rights reserved"))
    {
        return true;
    }
    if core.contains("(c) ") || core.contains("(C) ") {
        return true;
    }
    // An e-mail address on a short line.
    if words <= 6
        && core.contains('@')
        && core
            .split_whitespace()
            .any(|t| t.rsplit('@').next().is_some_and(|d| d.contains('.')) && t.contains('@'))
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
    let is_number = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit() || c == b',');
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

/// Whether `core` holds a menu or breadcrumb separator: `|`, or `>`
/// between spaces ("Home > World").
fn has_separator(core: &str) -> bool {
    let b = core.as_bytes();
    memchr::memchr2_iter(b'|', b'>', b)
        .any(|i| b[i] == b'|' || (i > 0 && b[i - 1] == b' ' && b.get(i + 1) == Some(&b' ')))
}

/// Whether `hay` holds `needle` (ASCII, lower case) ignoring ASCII case.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .any(|w| w.eq_ignore_ascii_case(n))
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
        let starts = b[i - 1..end - 1]
            .iter()
            .zip(&b[i..end])
            .fold(0u8, |n, (&p, &c)| n + u8::from((p <= b' ') & (c > b' ')));
        words += usize::from(starts);
        i = end;
    }
    words.min(WORD_CAP)
}

/// A short line that carries a year: the date stamp of an article or a
/// site's clock ("Updated : 2025-02-25 13:35:16", "June 12, 2024").
fn is_stamp(core: &str, words: usize) -> bool {
    if words > 14 || !has_year(core) {
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
fn has_year(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 && (&b[start..start + 2] == b"19" || &b[start..start + 2] == b"20") {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}

/// The layout of `text`: its lines, and which of them are the body of which
/// article.
pub(crate) fn layout(text: &str) -> Layout {
    let lines = classify(text);
    let prose: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].prose).collect();
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
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    for &p in &prose {
        let joins = blocks.last().and_then(|b| b.last()).is_some_and(|&q| {
            let gap: Vec<&Line> = lines[q + 1..p].iter().filter(|l| !l.blank).collect();
            gap.len() <= MAX_GAP_LINES && gap.iter().all(|l| !l.furniture && !l.repeated)
        });
        match blocks.last_mut() {
            Some(block) if joins => block.push(p),
            _ => blocks.push(vec![p]),
        }
    }
    let weight = |b: &Vec<usize>| b.iter().map(|&i| lines[i].span.len()).sum::<usize>();
    let main = blocks.iter().map(weight).max().unwrap_or(0);
    let kept: Vec<&Vec<usize>> = blocks
        .iter()
        .filter(|b| {
            let w = weight(b);
            w * 2 >= main || (b.len() >= 2 && w * 4 >= main)
        })
        .collect();

    let mut articles: Vec<ArticleLines> = Vec::new();
    let mut floor = 0;
    for block in kept {
        let first = block[0];
        let mut article = header(&lines, floor, first);
        article.body.push(first);
        for pair in block.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            let gap: Vec<usize> = (p + 1..q).filter(|&i| !lines[i].blank).collect();
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
/// looking no higher than line `floor`.
fn header(lines: &[Line], floor: usize, first: usize) -> ArticleLines {
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
            let mut body = vec![t];
            body.extend(stamps.into_iter().rev());
            ArticleLines {
                title: Some(t),
                body,
            }
        }
        None => ArticleLines::default(),
    }
}

/// Whether a non-prose line between two paragraphs of one article is body.
fn is_gap_body(l: &Line) -> bool {
    !l.furniture && !l.repeated && (l.terminal || l.words > MAX_STRAY_WORDS)
}

/// A fast, non-keyed hasher for line texts (the standard SipHash is built
/// to resist flooding, which counting a page's lines does not need).
#[derive(Default)]
struct LineHasher(u64);

type BuildLineHasher = BuildHasherDefault<LineHasher>;

impl Hasher for LineHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
