//! Words, word boundaries and capitalisation, Unicode-aware and written by
//! hand (no Unicode regex classes on the hot path).

use dealx_core::Span;

/// `char::is_alphanumeric`, answering ASCII and the General Punctuation
/// block (U+2000–U+206F: spaces, dashes, the quotes ’ “ ” of news text;
/// none is a letter or digit, a test checks each) without the Unicode
/// tables, whose look-up costs hundreds of instructions (3% of
/// `Gazetteer::find`, for the ’ of possessives above all).
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{2000}'..='\u{206F}').contains(&c) {
        return false;
    }
    c.is_alphanumeric()
}

/// The character just before byte `i`, if any (ASCII without decoding).
#[inline]
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    match i.checked_sub(1).map(|p| text.as_bytes()[p]) {
        Some(b) if b.is_ascii() => Some(char::from(b)),
        _ => text[..i].chars().next_back(),
    }
}

/// The character at byte `i`, if any (ASCII without decoding).
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text[i..].chars().next(),
        None => None,
    }
}

/// True when byte `i` starts a word: no letter or digit just before it.
#[inline]
pub(crate) fn is_word_start(text: &str, i: usize) -> bool {
    match i.checked_sub(1).map(|p| text.as_bytes()[p]) {
        None => true,
        Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
        Some(_) => !char_before(text, i).is_some_and(is_alphanumeric),
    }
}

/// True when `text[start..end]` is not glued to a letter or digit on either
/// side. Apostrophes, hyphens and punctuation are boundaries, so
/// "Kazakhstan's", "Kazakhstan’s" and "Kazakh-Chinese" hold whole words.
#[inline]
pub(crate) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    !char_before(text, start).is_some_and(is_alphanumeric)
        && !char_at(text, end).is_some_and(is_alphanumeric)
}

/// True when the word at `start` opens a sentence or a line: nothing but
/// white space, quotes and brackets lie between it and the text start or a
/// `.`, `!`, `?`, `:` or line break.
pub(crate) fn is_sentence_initial(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            '\n' | '\r' | '.' | '!' | '?' | ':' | '•' | '|' => return true,
            c if c.is_whitespace() => continue,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '–' | '-' => continue,
            _ => return false,
        }
    }
    true
}

/// True when the word is written with a capital first letter.
#[inline]
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// True when the word has letters and every letter is upper case ("KTZ").
pub(crate) fn is_all_caps(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Small words that stay lower case inside a title-cased name.
const SMALL_WORDS: &[&str] = &[
    "a", "am", "an", "and", "at", "de", "del", "der", "des", "di", "du", "el", "en", "for", "in",
    "la", "le", "of", "on", "the", "to", "upon", "van", "von",
];

/// Appends the name in title case to `out`: every word capitalised except
/// small words ("Almaty region" → "Almaty Region", "SK ecoplant" → "SK
/// Ecoplant").
pub(crate) fn push_title_case(name: &str, out: &mut String) {
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i > 0 && SMALL_WORDS.contains(&word) {
            out.push_str(word);
            continue;
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
}

/// A word of the text: letters and digits, with inner hyphens and
/// apostrophes ("Kassym-Jomart", "O'Neill"); a possessive ending ("'s",
/// "’s", "s’") is not part of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub span: Span,
    /// True for a word, false for a single punctuation character.
    pub is_word: bool,
}

/// What an ASCII byte is to the tokenizer: white space is skipped, a
/// letter or digit opens a word, anything else is a one-byte token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AsciiClass {
    Space,
    Word,
    Mark,
}

/// [`AsciiClass`] of each ASCII byte: exactly `char::is_whitespace` and
/// `char::is_alphanumeric` of the byte as a char (a test checks all 128).
const ASCII_CLASS: [AsciiClass; 128] = {
    let mut table = [AsciiClass::Mark; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' => AsciiClass::Space,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => AsciiClass::Word,
            _ => AsciiClass::Mark,
        };
        b += 1;
    }
    table
};

/// The [`ASCII_CLASS`] of `b` by name, for the test of the table.
#[cfg(test)]
pub(crate) fn ascii_class_name(b: u8) -> &'static str {
    match ASCII_CLASS[usize::from(b)] {
        AsciiClass::Space => "space",
        AsciiClass::Word => "word",
        AsciiClass::Mark => "mark",
    }
}

/// The tokens of `text[range]` into `out` (cleared first, so one vector
/// serves every sentence of a document): words and single punctuation
/// characters, white space skipped.
///
/// News text is nearly all ASCII, so a byte below 128 is classed by
/// [`ASCII_CLASS`] without decoding a char; that table answers what
/// `is_whitespace`/`is_alphanumeric` answer for it, and other bytes take
/// the char-by-char path, so the tokens are those of the plain walk
/// (`tokens_into_plain`, compared in a test).
pub(crate) fn tokens_into(text: &str, range: Span, out: &mut Vec<Token>) {
    let s = &text[range];
    let base = range.start();
    let bytes = s.as_bytes();
    out.clear();
    out.reserve(s.len() / 4);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let len = if b.is_ascii() {
            match ASCII_CLASS[usize::from(b)] {
                AsciiClass::Space => {
                    i += 1;
                    continue;
                }
                AsciiClass::Mark => {
                    out.push(Token {
                        span: Span::new(base + i, base + i + 1),
                        is_word: false,
                    });
                    i += 1;
                    continue;
                }
                AsciiClass::Word => 1,
            }
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if c.is_whitespace() {
                i += len;
                continue;
            }
            if !is_alphanumeric(c) {
                out.push(Token {
                    span: Span::new(base + i, base + i + len),
                    is_word: false,
                });
                i += len;
                continue;
            }
            len
        };
        let end = word_end(s, i, i + len);
        out.push(Token {
            span: Span::new(base + i, base + end),
            is_word: true,
        });
        i = end;
    }
}

/// The end of the word that starts at `i` of `s`, its first char ending
/// at `end`: letters and digits, joined by inner hyphens, apostrophes and
/// abbreviation dots (see [`Token`]).
#[inline]
fn word_end(s: &str, i: usize, mut end: usize) -> usize {
    let bytes = s.as_bytes();
    loop {
        // The common case first: ASCII letters and digits, eight bytes at
        // a time (the byte loop was half of the tokenizer).
        end = crate::trie::ascii_run_end(bytes, end);
        let Some(d) = char_at(s, end) else {
            break;
        };
        let d_len = d.len_utf8();
        if is_alphanumeric(d) {
            end += d_len;
            continue;
        }
        if !matches!(d, '-' | '\'' | '’' | '.') {
            break;
        }
        let rest = &s[end + d_len..];
        let next = rest.chars().next();
        // A possessive 's ends the word; a dot is kept only inside an
        // abbreviation ("U.S").
        let possessive = matches!(d, '\'' | '’')
            && rest.starts_with('s')
            && !rest[1..].chars().next().is_some_and(is_alphanumeric);
        let dot_ok = d != '.' || (end - i == 1 && next.is_some_and(char::is_uppercase));
        if next.is_some_and(is_alphanumeric) && !possessive && dot_ok {
            // The letter after it is taken on the next round.
            end += d_len;
        } else {
            break;
        }
    }
    end
}

/// [`tokens_into`] written plainly, char by char: the reference the
/// byte-class fast path is tested against.
#[cfg(test)]
pub(crate) fn tokens_into_plain(text: &str, range: Span, out: &mut Vec<Token>) {
    let s = &text[range];
    let base = range.start();
    let bytes = s.as_bytes();
    out.clear();
    out.reserve(s.len() / 4);
    let mut i = 0;
    while let Some(c) = char_at(s, i) {
        if c == ' ' {
            i += 1;
            continue;
        }
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Token {
                span: Span::new(base + i, base + i + len),
                is_word: false,
            });
            i += len;
            continue;
        }
        let mut end = i + len;
        loop {
            // The common case first: ASCII letters and digits.
            while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                end += 1;
            }
            let Some(d) = char_at(s, end) else {
                break;
            };
            let d_len = d.len_utf8();
            if d.is_alphanumeric() {
                end += d_len;
                continue;
            }
            if !matches!(d, '-' | '\'' | '’' | '.') {
                break;
            }
            let rest = &s[end + d_len..];
            let next = rest.chars().next();
            // A possessive 's ends the word; a dot is kept only inside an
            // abbreviation ("U.S").
            let possessive = matches!(d, '\'' | '’')
                && rest.starts_with('s')
                && !rest[1..].chars().next().is_some_and(char::is_alphanumeric);
            let dot_ok = d != '.' || (end - i == 1 && next.is_some_and(char::is_uppercase));
            if next.is_some_and(char::is_alphanumeric) && !possessive && dot_ok {
                // The letter after it is taken on the next round.
                end += d_len;
            } else {
                break;
            }
        }
        out.push(Token {
            span: Span::new(base + i, base + end),
            is_word: true,
        });
        i = end;
    }
}
