use std::fmt;
use std::ops::Index;

/// A half-open range of byte offsets `start..end` into a document's text.
///
/// Offsets are UTF-8 byte offsets into the text exactly as given, so that
/// `&text[span]` is the mention whatever cleaning decided about the page.
/// Bytes are the only unit dealx uses; consumers that need characters convert
/// at the output edge.
///
/// # Example
///
/// ```
/// use dealx_core::Span;
///
/// let text = "Astana, Kazakhstan";
/// let span = Span::new(8, 18);
/// assert_eq!(&text[span], "Kazakhstan");
/// assert_eq!(span.len(), 10);
/// assert_eq!(format!("{span:?}"), "8..18");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// Creates the span `start..end`.
    ///
    /// # Panics
    ///
    /// When `start > end`.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "invalid span {start}..{end}: start > end");
        Span { start, end }
    }

    /// Creates the span `start..end`, or `None` when `start > end`.
    #[inline]
    pub fn try_new(start: usize, end: usize) -> Option<Span> {
        (start <= end).then_some(Span { start, end })
    }

    /// The first byte of the span.
    #[inline]
    pub fn start(&self) -> usize {
        self.start
    }

    /// One past the last byte of the span.
    #[inline]
    pub fn end(&self) -> usize {
        self.end
    }

    /// The number of bytes in the span.
    #[inline]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside this span.
    #[inline]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// This span moved `by` bytes to the right, for spans found in a slice
    /// that starts at `by` in the full text.
    #[inline]
    pub fn offset(&self, by: usize) -> Span {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }

    /// The text of this span in `text`, or `None` when the span is outside it
    /// or does not fall on character boundaries.
    #[inline]
    pub fn get<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

impl Index<Span> for str {
    type Output = str;

    #[inline]
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

impl Index<Span> for String {
    type Output = str;

    #[inline]
    fn index(&self, span: Span) -> &str {
        &self.as_str()[span]
    }
}

/// Anything that sits at a [`Span`] of the text: every annotation.
///
/// Sorting, validation and sentence lookup are written once against this trait.
pub trait Spanned {
    /// Where this annotation sits in the document text.
    fn span(&self) -> Span;
}

impl Spanned for Span {
    fn span(&self) -> Span {
        *self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_text_by_byte_offsets() {
        let text = "Türkiye and Kazakhstan";
        // "ü" is two bytes, so "Türkiye" is 8 bytes long.
        assert_eq!(&text[Span::new(0, 8)], "Türkiye");
    }

    #[test]
    #[should_panic(expected = "start > end")]
    fn new_rejects_reversed_range() {
        let _ = Span::new(5, 4);
    }

    #[test]
    fn try_new_returns_none_for_reversed_range() {
        assert_eq!(Span::try_new(5, 4), None);
        assert_eq!(Span::try_new(4, 4), Some(Span::new(4, 4)));
    }

    #[test]
    fn contains_and_overlaps() {
        let outer = Span::new(10, 20);
        assert!(outer.contains(Span::new(10, 20)));
        assert!(outer.contains(Span::new(12, 15)));
        assert!(!outer.contains(Span::new(9, 15)));
        assert!(outer.overlaps(Span::new(19, 25)));
        assert!(!outer.overlaps(Span::new(20, 25)));
    }

    #[test]
    fn get_refuses_non_char_boundaries() {
        let text = "Türkiye";
        assert_eq!(Span::new(0, 2).get(text), None);
        assert_eq!(Span::new(0, 1).get(text), Some("T"));
        assert_eq!(Span::new(0, 99).get(text), None);
    }

    #[test]
    fn offset_moves_both_ends() {
        assert_eq!(Span::new(1, 3).offset(10), Span::new(11, 13));
    }
}
