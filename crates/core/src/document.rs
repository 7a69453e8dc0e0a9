use crate::Date;

/// One article as read from the input.
///
/// The text is kept exactly as given; every [`Span`](crate::Span) that dealx
/// reports indexes into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The article's id: the file stem of a `.txt` file, or the `id` field of
    /// a JSON Lines input record.
    pub id: String,
    /// The raw text, page furniture and all.
    pub text: String,
    /// The article's own date, when known before extraction.
    pub published: Option<Date>,
    /// Where `published` came from, when it is set.
    pub published_source: Option<PublishedSource>,
    /// What was odd about the input, in the order found; written to the
    /// record's `warnings`.
    pub warnings: Vec<Warning>,
    /// Where the document was read from (`file` or `file:line`), when a
    /// reader knows; used to point at the document in error reports.
    pub source: Option<String>,
}

impl Document {
    /// A document with no known publication date.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            published: None,
            published_source: None,
            warnings: Vec::new(),
            source: None,
        }
    }

    /// This document with `published` set, recording where the date came from.
    pub fn with_published(mut self, date: Date, source: PublishedSource) -> Document {
        self.published = Some(date);
        self.published_source = Some(source);
        self
    }
}

/// Where a document's publication date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PublishedSource {
    /// The `published` field of the input record.
    Input,
    /// A date stamp in the text ("Updated : 2025-02-25").
    Stamp,
    /// A dateline ("ASTANA, Kazakhstan, November 27.").
    Dateline,
    /// The `--published` reference date given on the command line.
    Default,
}

impl PublishedSource {
    /// The name used in the output record.
    pub fn as_str(&self) -> &'static str {
        match self {
            PublishedSource::Input => "input",
            PublishedSource::Stamp => "stamp",
            PublishedSource::Dateline => "dateline",
            PublishedSource::Default => "default",
        }
    }
}

/// Something odd about a document's input that did not stop it from being
/// read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Warning {
    /// The input bytes were not valid UTF-8: each invalid sequence was
    /// replaced by U+FFFD, and every offset is into that decoded text.
    InvalidUtf8,
    /// The text is empty or only whitespace.
    EmptyText,
    /// An earlier document of the same run has the same id.
    DuplicateId,
}

impl Warning {
    /// The name used in the output record.
    pub fn as_str(&self) -> &'static str {
        match self {
            Warning::InvalidUtf8 => "invalid_utf8",
            Warning::EmptyText => "empty_text",
            Warning::DuplicateId => "duplicate_id",
        }
    }
}
