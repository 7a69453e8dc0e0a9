//! Reading gazetteer TSV files: rows, their checks, and the errors that
//! name a file and line.

use std::collections::HashMap;

use dealx_core::{EntityKind, PlaceKind};

/// The columns of an entry file, in order.
pub(crate) const ENTRY_COLUMNS: [&str; 8] = [
    "id", "name", "aliases", "type", "subtype", "country", "attrs", "source",
];
/// The columns of a demonym file, in order.
pub(crate) const DEMONYM_COLUMNS: [&str; 3] = ["name", "country", "source"];

/// The file name that holds demonyms rather than entries.
pub const DEMONYMS_FILE: &str = "demonyms.tsv";

/// A row of a gazetteer file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {kind}")]
pub struct LoadError {
    /// The file's name as given to the builder.
    pub path: String,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub kind: LoadErrorKind,
}

/// What is wrong with a gazetteer row.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The header row is not the expected list of columns.
    #[error("header must be the columns {expected:?}, found {found:?}")]
    BadHeader {
        /// The columns the file must have.
        expected: Vec<&'static str>,
        /// What the first line holds.
        found: Vec<String>,
    },
    /// A row has the wrong number of fields.
    #[error("expected {expected} tab-separated fields, found {found}")]
    FieldCount {
        /// How many fields a row must have.
        expected: usize,
        /// How many it has.
        found: usize,
    },
    /// A required field is empty.
    #[error("the '{0}' field is empty")]
    Empty(&'static str),
    /// The `type` or `subtype` is not one the format allows.
    #[error("unknown type/subtype '{0}'")]
    UnknownType(String),
    /// An id occurs twice.
    #[error("duplicate id '{0}'")]
    DuplicateId(String),
    /// A demonym names a country code with no country entry.
    #[error("no country entry for code '{0}'")]
    UnknownCountry(String),
    /// The `country` field is not two upper-case ASCII letters.
    #[error("country must be an ISO 3166-1 alpha-2 code, found '{0}'")]
    BadCountryCode(String),
    /// The `attrs` field is not `key=value;key=value`.
    #[error("attrs must be key=value pairs separated by ';', found '{0}'")]
    BadAttrs(String),
    /// A row longer than four gigabytes.
    #[error("row too long")]
    TooLong,
    /// An alias is empty (a doubled or trailing `|`).
    #[error("empty alias in '{0}'")]
    EmptyAlias(String),
}

/// One parsed entry row.
#[derive(Debug)]
pub(crate) struct EntryRow<'c> {
    pub id: &'c str,
    pub name: &'c str,
    /// The `|`-separated aliases, checked (see [`EntryRow::aliases`]).
    aliases: &'c str,
    pub kind: EntityKind,
    pub country: Option<&'c str>,
    pub attrs: &'c str,
}

impl<'c> EntryRow<'c> {
    /// The aliases, trimmed (none of them empty).
    pub(crate) fn aliases(&self) -> impl Iterator<Item = &'c str> {
        let aliases = self.aliases;
        split_at_byte(aliases, b'|')
            .map(trim)
            .filter(move |_| !aliases.is_empty())
    }
}

/// `s` without leading and trailing white space, as [`str::trim`]: a
/// field that starts and ends with a visible ASCII byte (nearly every
/// field) is returned as it is without decoding it (`str::trim` was a
/// fifth of loading the built-in files).
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    let visible = |b: &u8| (b'!'..=b'~').contains(b);
    let bytes = s.as_bytes();
    if bytes.first().is_some_and(visible) && bytes.last().is_some_and(visible) {
        s
    } else {
        s.trim()
    }
}

/// `s` split at the first ASCII byte `sep`, as `str::split_once` would.
fn split_once_byte(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.as_bytes().iter().position(|&b| b == sep)?;
    Some((&s[..i], &s[i + 1..]))
}

/// The lines of `s`, as [`str::lines`] gives them (a `\r` before a `\n`
/// dropped, no empty last line), with `memchr`: the character
/// searcher behind `str::lines` cost more per line than the bytes.
fn lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => {
                let line = &rest[..i];
                rest = &rest[i + 1..];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut rest)),
        }
    })
}

/// The pieces of `s` between the occurrences of the ASCII byte `sep`, as
/// `str::split` gives them, with a plain byte scan: the pieces are short
/// (fields, aliases), where a call to `memchr` costs more than the scan.
pub(crate) fn split_at_byte(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.as_bytes().iter().position(|&b| b == sep) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The most fields a row keeps: rows with more are reported by count.
const MAX_FIELDS: usize = 8;

/// The trimmed tab-separated fields of one line, without allocating.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields<'c> {
    kept: [&'c str; MAX_FIELDS],
    count: usize,
}

impl<'c> Fields<'c> {
    fn parse(line: &'c str) -> Fields<'c> {
        let mut fields = Fields {
            kept: [""; MAX_FIELDS],
            count: 0,
        };
        for field in split_at_byte(line, b'\t') {
            if let Some(slot) = fields.kept.get_mut(fields.count) {
                *slot = trim(field);
            }
            fields.count += 1;
        }
        fields
    }

    /// How many fields the line has.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// The fields; none when there are more than eight.
    fn as_slice(&self) -> &[&'c str] {
        self.kept.get(..self.count).unwrap_or(&[])
    }
}

/// The lines of a TSV file after its header, as (1-based line, fields);
/// blank lines are skipped. The header is checked against `columns`.
pub(crate) fn rows<'c>(
    contents: &'c str,
    columns: &[&'static str],
) -> Result<impl Iterator<Item = (usize, Fields<'c>)>, LoadErrorKind> {
    let mut lines = lines(contents).enumerate();
    let header: Vec<&str> = lines
        .next()
        .map(|(_, l)| l.split('\t').map(str::trim).collect())
        .unwrap_or_default();
    if header != columns {
        return Err(LoadErrorKind::BadHeader {
            expected: columns.to_vec(),
            found: header.into_iter().map(String::from).collect(),
        });
    }
    Ok(lines
        .filter(|(_, l)| !trim(l).is_empty())
        .map(|(i, l)| (i + 1, Fields::parse(l))))
}

/// Parses and checks the fields of one entry row.
pub(crate) fn entry_row<'c>(fields: &Fields<'c>) -> Result<EntryRow<'c>, LoadErrorKind> {
    let &[id, name, aliases, kind, subtype, country, attrs, source] = fields.as_slice() else {
        return Err(LoadErrorKind::FieldCount {
            expected: ENTRY_COLUMNS.len(),
            found: fields.len(),
        });
    };
    for (value, column) in [
        (id, "id"),
        (name, "name"),
        (kind, "type"),
        (source, "source"),
    ] {
        if value.is_empty() {
            return Err(LoadErrorKind::Empty(column));
        }
    }
    let kind = entity_kind(kind, subtype)
        .ok_or_else(|| LoadErrorKind::UnknownType(format!("{kind}/{subtype}")))?;
    let country = if country.is_empty() {
        None
    } else if is_country_code(country) {
        Some(country)
    } else {
        return Err(LoadErrorKind::BadCountryCode(country.to_string()));
    };
    if !attrs.is_empty()
        && !split_at_byte(attrs, b';')
            .all(|pair| split_once_byte(pair, b'=').is_some_and(|(k, _)| !trim(k).is_empty()))
    {
        return Err(LoadErrorKind::BadAttrs(attrs.to_string()));
    }
    if !aliases.is_empty() && split_at_byte(aliases, b'|').any(|a| trim(a).is_empty()) {
        return Err(LoadErrorKind::EmptyAlias(aliases.to_string()));
    }
    Ok(EntryRow {
        id,
        name,
        aliases,
        kind,
        country,
        attrs,
    })
}

/// Parses and checks the fields of one demonym row: (name, country code).
pub(crate) fn demonym_row<'c>(fields: &Fields<'c>) -> Result<(&'c str, &'c str), LoadErrorKind> {
    let &[name, country, _source] = fields.as_slice() else {
        return Err(LoadErrorKind::FieldCount {
            expected: DEMONYM_COLUMNS.len(),
            found: fields.len(),
        });
    };
    if name.is_empty() {
        return Err(LoadErrorKind::Empty("name"));
    }
    if !is_country_code(country) {
        return Err(LoadErrorKind::BadCountryCode(country.to_string()));
    }
    Ok((name, country))
}

fn is_country_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// The value of `key` in an `attrs` field (`role=President;surname=Tokayev`),
/// read with the byte scans of the loader (a leader's surname is looked up
/// in every document that names them).
pub(crate) fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    split_at_byte(attrs, b';')
        .filter_map(|pair| split_once_byte(pair, b'='))
        .find(|(k, _)| trim(k) == key)
        .map(|(_, v)| trim(v))
        .filter(|v| !v.is_empty())
}

fn entity_kind(kind: &str, subtype: &str) -> Option<EntityKind> {
    Some(match (kind, subtype) {
        ("leader", "") => EntityKind::Leader,
        ("company", "") => EntityKind::Company,
        ("organization", "") => EntityKind::Organization,
        ("place", "country") => EntityKind::Place(PlaceKind::Country),
        ("place", "city") => EntityKind::Place(PlaceKind::City),
        ("place", "region") => EntityKind::Place(PlaceKind::Region),
        ("place", "port") => EntityKind::Place(PlaceKind::Port),
        ("place", "zone") => EntityKind::Place(PlaceKind::Zone),
        ("place", "other") => EntityKind::Place(PlaceKind::Other),
        _ => return None,
    })
}

/// What [`check_files`] found in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    /// The file's name as given.
    pub path: String,
    /// How many good rows (entries or demonyms) it holds.
    pub rows: usize,
    /// Every bad row, in line order.
    pub errors: Vec<LoadError>,
}

/// Checks a set of gazetteer files together and reports every bad row, not
/// just the first: malformed rows, ids repeated within or across files, and
/// demonyms whose country has no entry in any of the files.
///
/// Files are read as [`GazetteerBuilder::add_file`](crate::GazetteerBuilder::add_file)
/// reads them: `demonyms.tsv` as demonyms, anything else as entries.
///
/// ```
/// use dealx_gazetteer::check_files;
///
/// let places = "id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource\n\
///               a\tAland\t\tplace\tcountry\tAX\t\tcurated\n\
///               b\tBeta\t\tplanet\t\t\t\tcurated\n\
///               c\tGamma\t\tplace\tcity\tgamma\t\tcurated\n";
/// let reports = check_files(&[("places.tsv", places)]);
/// let errors: Vec<String> = reports[0].errors.iter().map(|e| e.to_string()).collect();
/// assert_eq!(reports[0].rows, 1);
/// assert_eq!(errors.len(), 2);
/// assert!(errors[0].starts_with("places.tsv:3: unknown type/subtype"));
/// assert!(errors[1].starts_with("places.tsv:4: country must be"));
/// ```
pub fn check_files(files: &[(&str, &str)]) -> Vec<FileReport> {
    let mut reports: Vec<FileReport> = Vec::with_capacity(files.len());
    let mut ids: HashMap<&str, ()> = HashMap::new();
    let mut countries: HashMap<&str, ()> = HashMap::new();
    let mut demonyms: Vec<(usize, usize, &str)> = Vec::new();
    for (file_index, &(path, contents)) in files.iter().enumerate() {
        let mut report = FileReport {
            path: path.to_string(),
            rows: 0,
            errors: Vec::new(),
        };
        let err = |line, kind| LoadError {
            path: path.to_string(),
            line,
            kind,
        };
        let is_demonyms = is_demonym_file(path);
        let columns: &[&'static str] = if is_demonyms {
            &DEMONYM_COLUMNS
        } else {
            &ENTRY_COLUMNS
        };
        match rows(contents, columns) {
            Err(kind) => report.errors.push(err(1, kind)),
            Ok(lines) => {
                for (line, fields) in lines {
                    if is_demonyms {
                        match demonym_row(&fields) {
                            Ok((_, code)) => {
                                report.rows += 1;
                                demonyms.push((file_index, line, code));
                            }
                            Err(kind) => report.errors.push(err(line, kind)),
                        }
                        continue;
                    }
                    match entry_row(&fields) {
                        Ok(row) if ids.contains_key(row.id) => report
                            .errors
                            .push(err(line, LoadErrorKind::DuplicateId(row.id.to_string()))),
                        Ok(row) => {
                            report.rows += 1;
                            ids.insert(row.id, ());
                            if row.kind == EntityKind::Place(PlaceKind::Country) {
                                if let Some(code) = row.country {
                                    countries.insert(code, ());
                                }
                            }
                        }
                        Err(kind) => report.errors.push(err(line, kind)),
                    }
                }
            }
        }
        reports.push(report);
    }
    for (file_index, line, code) in demonyms {
        if !countries.contains_key(code) {
            let report = &mut reports[file_index];
            report.rows -= 1;
            report.errors.push(LoadError {
                path: report.path.clone(),
                line,
                kind: LoadErrorKind::UnknownCountry(code.to_string()),
            });
        }
    }
    for report in &mut reports {
        report.errors.sort_by_key(|e| e.line);
    }
    reports
}

/// True when `path` names a demonym file.
pub(crate) fn is_demonym_file(path: &str) -> bool {
    path.rsplit(['/', '\\']).next().unwrap_or(path) == DEMONYMS_FILE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_scans_agree_with_the_std_ones() {
        let samples = [
            "",
            "\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\rb\r",
            "\r",
            "x\n\n\ny\n",
            " \u{a0}Almaty\u{2003} ",
            "\tKTZ\t",
            "~!",
            "é",
            "\u{85}x",
        ];
        for s in samples {
            assert_eq!(
                lines(s).collect::<Vec<_>>(),
                s.lines().collect::<Vec<_>>(),
                "{s:?}"
            );
            assert_eq!(trim(s), s.trim(), "{s:?}");
            for piece in s.split('\n') {
                assert_eq!(trim(piece), piece.trim(), "{piece:?}");
            }
        }
    }
}
