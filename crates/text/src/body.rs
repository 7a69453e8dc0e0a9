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
//!    or twice without sentence punctuation: tickers, menus, bylines), or
//!    *title-like* (3 to 25 words, not a bullet, not ending in a full stop,
//!    comma or colon, starting with a capital, digit or quote).
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

/// Splits `text` into lines and classes them.
fn classify(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut counts: HashMap<&str, u32> = HashMap::new();
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
        *counts.entry(core).or_insert(0) += 1;
        cores.push(core);
        let words = core.split_whitespace().count();
        let terminal = core
            .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
            .ends_with(['.', '!', '?', '…']);
        let furniture = is_furniture(core, words);
        let stamp = !furniture && is_stamp(core, words);
        let prose = !furniture && words >= 6 && (terminal || words >= 20);
        let title_like = !furniture
            && !bullet
            && !stamp
            && (3..=25).contains(&words)
            && !core.ends_with(['.', ',', ';', ':', '…'])
            && !core.contains(" | ")
            && !core.contains(" > ")
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
    if core.contains('©') {
        return true;
    }
    if words > 30 {
        return false;
    }
    let lower = core.to_lowercase();
    if lower.contains("copyright")
        || lower.contains("all rights reserved")
        || lower.contains("(c) ")
    {
        return true;
    }
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    // An e-mail address on a short line.
    if words <= 6
        && tokens
            .iter()
            .any(|t| t.contains('@') && t.rsplit('@').next().is_some_and(|d| d.contains('.')))
    {
        return true;
    }
    // A phone line.
    let first = tokens.first().copied().unwrap_or("");
    if matches!(
        first.trim_end_matches(':'),
        "phone" | "tel" | "tel." | "fax" | "mobile"
    ) {
        return true;
    }
    // Counters: "235 views", "Comments 0".
    const COUNTED: [&str; 8] = [
        "views", "view", "comments", "comment", "likes", "shares", "reads", "replies",
    ];
    let is_number = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit() || c == b',');
    words <= 6
        && tokens.windows(2).any(|w| {
            (is_number(w[0]) && COUNTED.contains(&w[1]))
                || (COUNTED.contains(&w[0]) && is_number(w[1]))
        })
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
    let lower = core.to_lowercase();
    ["updated", "published", "posted", "modified", "date"]
        .iter()
        .any(|k| lower.contains(k))
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
