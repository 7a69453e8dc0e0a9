//! The JSON Lines record, written by hand straight from the extraction
//! into the output buffer.
//!
//! serde_json goes through the generic `Serializer` machinery for every
//! key and value, and the wire [`Record`](dealx_core::record::Record) it
//! serialises had first to be built (a `Vec` per list). This writer reads
//! the annotations and appends the same bytes directly: keys and fixed
//! words (an entity's type, subtype, source and way) are literals chosen
//! from the enums, numbers and dates are written digit by digit, and a
//! string with nothing to escape — nearly all of them — is copied whole.
//! An entity (most of a record) is staged whole in a fixed array by
//! fixed-size copies and appended in one copy; a gazetteer entry named
//! again in the record copies its name, id and country from where it was
//! first written. Each fast path keeps the general one as its fallback,
//! and a test says both agree.
//!
//! # What it must match
//!
//! The output is byte for byte what `serde_json::to_writer` writes for
//! the record [`Extractor::record`] builds, with its derived `Serialize` (the
//! definition of the contract, used by the schema, the library API and
//! the other output formats): fields in declaration order, `null` for
//! `None` (no field is ever left out), compact separators, the same
//! escapes (`\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, and `\u00XX` with
//! lower-case hex for the other control characters; nothing else, not even
//! U+2028), and numbers as serde_json writes them ([`Number`] decides
//! between integer and float as its own `Serialize` does). The tests below
//! compare the two on every corpus article and on documents made of the
//! testkit's news pieces, and each fast path with its plain path on edge
//! cases.
//!
//! Every struct is destructured without `..`, so a field added to an
//! annotation or a wire type does not compile until it is written here too.

use std::fmt::{self, Write as _};

use dealx_core::record::{
    AmountRecord, ArticleRecord, DateRecord, DealAmount, DealEntity, Number, RangeRecord,
};
use dealx_core::{
    Annotated, Date, DateValue, Deal, Entity, EntityIdx, EntityKind, EntityRef, EntryId,
    Extraction, PlaceKind, Via,
};
use dealx_gazetteer::Gazetteer;

use crate::extractor::{
    amount_record, article_record, date_record, deal_amount, deal_confidence, range_record,
};
use crate::Extractor;

/// Appends the record of `extraction` (what [`Extractor::record`] builds)
/// as one line of compact JSON (without the newline), straight from the
/// annotations.
///
/// Building the [`Record`](dealx_core::record::Record) first cost a
/// fifth of writing it: a `Vec` of wire structs per list, four per deal,
/// all dropped right after. Here each item is written as it is read; an
/// amount, a date, an article and a deal's party are still built as their
/// wire struct (on the stack, from the helpers `record` uses too), only
/// entities (most of a record) and deals are written field by field.
pub(crate) fn write_extraction(out: &mut Vec<u8>, ex: &Extractor, extraction: &Extraction<'_>) {
    let Extraction {
        annotated: a,
        deals,
        published,
        published_source,
    } = extraction;
    let text = a.text();
    let doc = a.doc();
    reserve_record(out, extraction);
    out.extend_from_slice(b"{\"id\":");
    write_str(out, &doc.id);
    out.extend_from_slice(b",\"published\":");
    write_option(out, published.as_ref(), write_calendar_date);
    out.extend_from_slice(b",\"published_source\":");
    write_opt_str(out, published_source.map(|s| s.as_str()));
    out.extend_from_slice(b",\"entities\":");
    let gazetteer = ex.gazetteer();
    let mut stage = [0; ENTITY_STAGE];
    let mut seen = Seen::new();
    write_list(out, a.entities(), |out, e| {
        write_entity(out, &mut stage, &mut seen, text, gazetteer, e)
    });
    out.extend_from_slice(b",\"amounts\":");
    write_list(out, 0..a.amounts().len(), |out, i| {
        write_amount(out, &amount_record(a, i))
    });
    out.extend_from_slice(b",\"dates\":");
    write_list(out, a.dates(), |out, d| {
        write_date(out, &date_record(text, d))
    });
    out.extend_from_slice(b",\"deals\":");
    write_list(out, deals, |out, deal| {
        write_deal(out, &mut stage, &seen, ex, a, deal)
    });
    out.extend_from_slice(b",\"body\":");
    write_list(out, &a.segmentation().body, |out, b| {
        out.push(b'[');
        write_uint(out, b.start() as u64);
        out.push(b',');
        write_uint(out, b.end() as u64);
        out.push(b']');
    });
    out.extend_from_slice(b",\"articles\":");
    write_list(out, &a.segmentation().articles, |out, art| {
        write_article(out, &article_record(art))
    });
    out.extend_from_slice(b",\"warnings\":");
    write_list(out, &doc.warnings, |out, w| write_str(out, w.as_str()));
    out.push(b'}');
}

/// Makes room for about the whole record at once: a record with many
/// mentions outgrows what the caller reserved from the text's length, and
/// growing a buffer of hundreds of kilobytes by doublings copied it each
/// time. The figures are a little above the usual size of each part
/// (keys, numbers, fixed words and gazetteer names), plus the mentions'
/// and evidence's lengths.
fn reserve_record(out: &mut Vec<u8>, extraction: &Extraction<'_>) {
    reserve_fresh(out, record_size(extraction));
}

/// What [`reserve_record`] makes room for: a little more than the record of
/// `extraction` usually takes.
pub(crate) fn record_size(extraction: &Extraction<'_>) -> usize {
    let a = &extraction.annotated;
    let entities: usize = a.entities().iter().map(|e| 260 + e.span.len()).sum();
    let deals: usize = extraction
        .deals
        .iter()
        .map(|d| 400 + d.evidence.len() + 80 * (d.parties.len() + d.leaders.len() + d.places.len()))
        .sum();
    256 + entities
        + deals
        + 320 * a.amounts().len()
        + 160 * a.dates().len()
        + 24 * a.segmentation().body.len()
        + 80 * a.segmentation().articles.len()
}

/// Makes room for `additional` more bytes in `out`, like `Vec::reserve`,
/// but into a new allocation when `out` is empty: growing a buffer
/// `realloc`s it, which copies the whole old allocation (it cannot know
/// that none of it is in use), and a batch's kept buffers are empty
/// whenever a record is to be written into them. The bytes in `out` are
/// the same either way; only where they live and the capacity differ.
pub(crate) fn reserve_fresh(out: &mut Vec<u8>, additional: usize) {
    if out.capacity() - out.len() < additional {
        if out.is_empty() {
            // Nothing to keep: a new buffer, not a copy of the old one.
            *out = Vec::with_capacity(additional);
        } else {
            out.reserve(additional);
        }
    }
}

/// One entity mention, as serde_json writes its
/// [`EntityRecord`](dealx_core::record::EntityRecord).
///
/// Entities are most of a record (70 per article on the benchmark
/// corpus), so one is staged whole ([`write_entity_staged`]) when it can
/// be, and written piece by piece ([`write_entity_plain`]) when not;
/// `staged_entities_are_written_as_by_the_plain_path` checks both agree.
#[inline(always)]
fn write_entity(
    out: &mut Vec<u8>,
    stage: &mut EntityStage,
    seen: &mut Seen,
    text: &str,
    gazetteer: &Gazetteer,
    entity: &Entity,
) {
    if !write_entity_staged(out, stage, seen, text, gazetteer, entity) {
        write_entity_plain(out, text, gazetteer, entity);
    }
}

/// An entity by the plain path: each part appended as it comes.
///
/// The record's fixed words come from enums here, so they are written
/// with their keys as literals chosen by a `match` ([`write_entity_head`],
/// [`write_entity_tail`]) instead of strings compared against the words; a
/// rule entity (no gazetteer entry) has a `null` id and country, written
/// as one literal. `entity_literals_are_what_serde_json_writes` checks
/// every literal.
#[inline(never)]
fn write_entity_plain(out: &mut Vec<u8>, text: &str, gazetteer: &Gazetteer, entity: &Entity) {
    let Entity {
        span,
        sentence,
        kind,
        entry,
        via,
    } = entity;
    write_entity_head(out, *kind);
    let entry = match *entry {
        EntityRef::Entry(id) => {
            let entry = gazetteer.entry(id);
            write_str(out, entry.name());
            Some(entry)
        }
        EntityRef::Text(name) => {
            write_str(out, &text[name]);
            None
        }
    };
    write_keyed_str(out, b",\"text\":", &text[*span]);
    write_keyed_uint(out, b",\"start\":", span.start() as u64);
    write_keyed_uint(out, b",\"end\":", span.end() as u64);
    write_keyed_uint(out, b",\"sentence\":", sentence.get() as u64);
    match entry {
        Some(entry) => {
            write_keyed_str(out, b",\"id\":", entry.id());
            write_keyed_opt_str(out, b",\"country\":", entry.country());
        }
        None => out.extend_from_slice(ID_COUNTRY_NULL),
    }
    write_entity_tail(out, entry.is_some(), *via);
}

/// A rule entity's id and country.
const ID_COUNTRY_NULL: &[u8] = b",\"id\":null,\"country\":null";

/// Room for an entity staged whole: the longest head (46 bytes) and tail
/// (42), the keys between them (53), three numbers of up to 20 digits and
/// four strings of up to [`LONG`] bytes with their quotes, rounded up.
const ENTITY_STAGE: usize = 512;

/// The array an entity or a deal's party is staged in: one for a whole
/// record (zeroing it for each entity cost a tenth of writing one),
/// overwritten by each.
type EntityStage = [u8; ENTITY_STAGE];

/// An entity written the way [`write_entity_plain`] writes it, but built
/// in a fixed array and appended in one copy: each part is a fixed-size
/// copy into the array (strings by [`stage_str`]'s word copies, numbers by
/// [`stage_uint`]), with no capacity test, length update or `memcpy` call
/// per part. It takes an entity whose strings (name, text, id, country)
/// are each at most [`LONG`] bytes with nothing to escape and whose kind
/// and way have literals; for any other it writes nothing and returns
/// `false`, and the caller takes the plain path.
///
/// A gazetteer entry named again in the record (most are: a country or
/// company is usually named several times) has its name and its
/// id-and-country part copied from where its last staged mention put them
/// in `out` ([`Seen`]): the same entry gives the same bytes, and what was
/// staged was already tested for escapes.
#[inline(always)]
fn write_entity_staged(
    out: &mut Vec<u8>,
    stage: &mut EntityStage,
    seen: &mut Seen,
    text: &str,
    gazetteer: &Gazetteer,
    entity: &Entity,
) -> bool {
    let Entity {
        span,
        sentence,
        kind,
        entry,
        via,
    } = entity;
    let (Some(head), Some(tail)) = (
        entity_head(*kind),
        entity_tail(entry.entry().is_some(), *via),
    ) else {
        return false;
    };
    /// What the id and country of the entity are.
    enum Ids<'g> {
        /// Those of a rule entity: `null`.
        Rule,
        /// Already in `out`, at this range.
        Seen(SeenAt),
        /// Those of this entry, to be staged.
        Entry(EntryId, &'g dealx_gazetteer::Entry),
    }
    let base = out.len();
    let mut stage = Stage { buf: stage, at: 0 };
    let staged = (|| {
        stage.literal(head);
        let name_at = stage.at;
        let ids = match *entry {
            EntityRef::Entry(id) => match seen.find(id) {
                Some(at) => {
                    stage.copy(&out[at.name.0..at.name.1]);
                    Ids::Seen(at)
                }
                None => {
                    let entry = gazetteer.entry(id);
                    stage.string(entry.name())?;
                    Ids::Entry(id, entry)
                }
            },
            EntityRef::Text(name) => {
                stage.string(&text[name])?;
                Ids::Rule
            }
        };
        let name_end = stage.at;
        stage.key(b",\"text\":");
        stage.string(&text[*span])?;
        stage.key(b",\"start\":");
        stage.uint(span.start() as u64);
        stage.key(b",\"end\":");
        stage.uint(span.end() as u64);
        stage.key(b",\"sentence\":");
        stage.uint(sentence.get() as u64);
        let ids_at = stage.at;
        match ids {
            Ids::Rule => stage.key(ID_COUNTRY_NULL),
            Ids::Seen(at) => stage.copy(&out[at.ids.0..at.ids.1]),
            Ids::Entry(id, entry) => {
                stage.key(b",\"id\":");
                let id_at = stage.at;
                stage.string(entry.id())?;
                let id_end = stage.at;
                stage.key(b",\"country\":");
                match entry.country() {
                    Some(country) => stage.string(country)?,
                    None => stage.key(b"null"),
                }
                seen.insert(
                    id,
                    SeenAt {
                        name: (base + name_at, base + name_end),
                        ids: (base + ids_at, base + stage.at),
                        id: (base + id_at, base + id_end),
                    },
                );
            }
        }
        stage.literal(tail);
        Some(())
    })();
    stage.append_to(out, staged)
}

/// Where a staged entity's name (with its quotes), its id-and-country
/// part (`,"id":…,"country":…`) and within that its id (with its quotes)
/// sit in the output, as start and end.
#[derive(Clone, Copy)]
struct SeenAt {
    name: (usize, usize),
    ids: (usize, usize),
    id: (usize, usize),
}

/// The last places ([`SeenAt`]) a record's output holds each of a few
/// gazetteer entries staged whole, by entry (a table indexed by the
/// entry's id modulo its size: an entry seen since pushes an older one
/// out). One per record: the places are into the record's output, which
/// only grows while it is written.
struct Seen {
    entries: [u64; SEEN],
    at: [SeenAt; SEEN],
}

/// The number of places [`Seen`] keeps.
const SEEN: usize = 32;

impl Seen {
    fn new() -> Seen {
        Seen {
            entries: [0; SEEN],
            at: [SeenAt {
                name: (0, 0),
                ids: (0, 0),
                id: (0, 0),
            }; SEEN],
        }
    }

    /// The slot of `id`, and the key it is kept under there (never 0: an
    /// empty slot).
    #[inline(always)]
    fn slot(id: EntryId) -> (usize, u64) {
        (id.get() % SEEN, id.get() as u64 + 1)
    }

    /// Where `id`'s strings are in the output, if they are kept.
    #[inline(always)]
    fn find(&self, id: EntryId) -> Option<SeenAt> {
        let (slot, key) = Seen::slot(id);
        (self.entries[slot] == key).then(|| self.at[slot])
    }

    /// Keeps where `id`'s strings are.
    #[inline(always)]
    fn insert(&mut self, id: EntryId, at: SeenAt) {
        let (slot, key) = Seen::slot(id);
        self.entries[slot] = key;
        self.at[slot] = at;
    }
}

/// A JSON value being built in an [`EntityStage`] from its start.
struct Stage<'s> {
    buf: &'s mut EntityStage,
    /// The end of what was staged.
    at: usize,
}

impl Stage<'_> {
    /// Appends a literal of a size known where it is inlined (a key).
    #[inline(always)]
    fn key(&mut self, key: &[u8]) {
        self.buf[self.at..self.at + key.len()].copy_from_slice(key);
        self.at += key.len();
    }

    /// Appends a literal of 16 to 64 bytes chosen at run time.
    #[inline(always)]
    fn literal(&mut self, literal: &[u8]) {
        stage_literal(self.buf, self.at, literal);
        self.at += literal.len();
    }

    /// Appends `s` between quotes; `None` when it is longer than [`LONG`]
    /// or needs an escape (the stage is then of no use).
    #[inline(always)]
    fn string(&mut self, s: &str) -> Option<()> {
        self.buf[self.at] = b'"';
        if !stage_str(self.buf, self.at + 1, s.as_bytes()) {
            return None;
        }
        self.at += s.len() + 2;
        self.buf[self.at - 1] = b'"';
        Some(())
    }

    /// Appends bytes already written as JSON (a string with its quotes,
    /// keys and values): at most [`ENTITY_STAGE`] / 2.
    #[inline(always)]
    fn copy(&mut self, bytes: &[u8]) {
        self.buf[self.at..self.at + bytes.len()].copy_from_slice(bytes);
        self.at += bytes.len();
    }

    /// Appends `n` in decimal.
    #[inline(always)]
    fn uint(&mut self, n: u64) {
        self.at = stage_uint(self.buf, self.at, n);
    }

    /// Appends what was staged to `out` when `staged` says it was all
    /// staged; whether it was.
    #[inline(always)]
    fn append_to(self, out: &mut Vec<u8>, staged: Option<()>) -> bool {
        if staged.is_some() {
            out.extend_from_slice(&self.buf[..self.at]);
        }
        staged.is_some()
    }
}

/// Copies `literal` (16 to 64 bytes) to `stage` at `at` by two fixed-size
/// copies of its (possibly overlapping) ends; any other length by a plain
/// copy.
#[inline(always)]
fn stage_literal(stage: &mut [u8], at: usize, literal: &[u8]) {
    let n = literal.len();
    match n {
        16..=32 => {
            stage[at..at + 16].copy_from_slice(&literal[..16]);
            stage[at + n - 16..at + n].copy_from_slice(&literal[n - 16..]);
        }
        33..=64 => {
            stage[at..at + 32].copy_from_slice(&literal[..32]);
            stage[at + n - 32..at + n].copy_from_slice(&literal[n - 32..]);
        }
        _ => stage[at..at + n].copy_from_slice(literal),
    }
}

/// An entity object's opening up to its name: `{"type":…,"subtype":…,"name":`,
/// one literal for each kind there is today (a kind added later takes
/// [`entity_head_plain`]).
#[inline(always)]
fn write_entity_head(out: &mut Vec<u8>, kind: EntityKind) {
    match entity_head(kind) {
        Some(literal) => out.extend_from_slice(literal),
        None => entity_head_plain(out, kind),
    }
}

/// The literal [`write_entity_head`] writes for `kind`, when it has one.
#[inline(always)]
fn entity_head(kind: EntityKind) -> Option<&'static [u8]> {
    macro_rules! head {
        ($type:literal, null) => {
            concat!("{\"type\":\"", $type, "\",\"subtype\":null,\"name\":").as_bytes()
        };
        ($type:literal, $subtype:literal) => {
            concat!(
                "{\"type\":\"",
                $type,
                "\",\"subtype\":\"",
                $subtype,
                "\",\"name\":"
            )
            .as_bytes()
        };
    }
    Some(match kind {
        EntityKind::Leader => head!("leader", null),
        EntityKind::Company => head!("company", null),
        EntityKind::Organization => head!("organization", null),
        EntityKind::Place(PlaceKind::Country) => head!("place", "country"),
        EntityKind::Place(PlaceKind::City) => head!("place", "city"),
        EntityKind::Place(PlaceKind::Region) => head!("place", "region"),
        EntityKind::Place(PlaceKind::Port) => head!("place", "port"),
        EntityKind::Place(PlaceKind::Zone) => head!("place", "zone"),
        EntityKind::Place(PlaceKind::Other) => head!("place", "other"),
        _ => return None,
    })
}

/// What [`write_entity_head`] writes, by the words' own names.
#[inline(never)]
fn entity_head_plain(out: &mut Vec<u8>, kind: EntityKind) {
    out.extend_from_slice(b"{\"type\":");
    write_str(out, kind.type_name());
    out.extend_from_slice(b",\"subtype\":");
    write_opt_str(out, kind.subtype_name());
    out.extend_from_slice(b",\"name\":");
}

/// An entity object's end: `,"source":…,"via":…}`, one literal for each
/// way there is today (one added later takes [`entity_tail_plain`]).
#[inline(always)]
fn write_entity_tail(out: &mut Vec<u8>, gazetteer: bool, via: Via) {
    match entity_tail(gazetteer, via) {
        Some(literal) => out.extend_from_slice(literal),
        None => entity_tail_plain(out, gazetteer, via),
    }
}

/// The literal [`write_entity_tail`] writes, when there is one.
#[inline(always)]
fn entity_tail(gazetteer: bool, via: Via) -> Option<&'static [u8]> {
    macro_rules! tail {
        ($via:literal) => {
            if gazetteer {
                concat!(",\"source\":\"gazetteer\",\"via\":\"", $via, "\"}").as_bytes()
            } else {
                concat!(",\"source\":\"rule\",\"via\":\"", $via, "\"}").as_bytes()
            }
        };
    }
    Some(match via {
        Via::Name => tail!("name"),
        Via::Alias => tail!("alias"),
        Via::Demonym => tail!("demonym"),
        Via::Rule => tail!("rule"),
        Via::Coreference => tail!("coreference"),
        _ => return None,
    })
}

/// What [`write_entity_tail`] writes, by the words' own names.
#[inline(never)]
fn entity_tail_plain(out: &mut Vec<u8>, gazetteer: bool, via: Via) {
    out.extend_from_slice(b",\"source\":");
    write_str(out, if gazetteer { "gazetteer" } else { "rule" });
    out.extend_from_slice(b",\"via\":");
    write_str(out, via.as_str());
    out.push(b'}');
}

/// One deal, as serde_json writes its
/// [`DealRecord`](dealx_core::record::DealRecord): its parties, amount
/// and date read from `a` as they are written.
fn write_deal(
    out: &mut Vec<u8>,
    stage: &mut EntityStage,
    seen: &Seen,
    ex: &Extractor,
    a: &Annotated<'_>,
    deal: &Deal,
) {
    let Deal {
        kind,
        parties,
        leaders,
        places,
        amount,
        date,
        count,
        sectors,
        sentence,
        evidence,
        extent,
        confidence: _,
    } = deal;
    let text = a.text();
    out.extend_from_slice(b"{\"kind\":");
    write_str(out, kind.as_str());
    let gazetteer = ex.gazetteer();
    let mut entity = |out: &mut Vec<u8>, &i: &EntityIdx| {
        if !write_deal_party_staged(out, stage, seen, text, gazetteer, &a.entities()[i.get()]) {
            write_deal_entity(out, &ex.deal_entity(a, i));
        }
    };
    out.extend_from_slice(b",\"parties\":");
    write_list(out, parties, &mut entity);
    out.extend_from_slice(b",\"leaders\":");
    write_list(out, leaders, &mut entity);
    out.extend_from_slice(b",\"places\":");
    write_list(out, places, &mut entity);
    out.extend_from_slice(b",\"amount\":");
    write_option(out, *amount, |out, i| {
        write_deal_amount(out, &deal_amount(text, &a.amounts()[i.get()]))
    });
    out.extend_from_slice(b",\"date\":");
    write_option(
        out,
        date.map(|i| &a.dates()[i.get()].value),
        write_date_value,
    );
    out.extend_from_slice(b",\"count\":");
    write_option(out, *count, |out, n| write_uint(out, u64::from(n)));
    out.extend_from_slice(b",\"sectors\":");
    write_list(out, sectors, |out, s| write_str(out, s.as_str()));
    out.extend_from_slice(b",\"sentence\":");
    write_uint(out, sentence.get() as u64);
    out.extend_from_slice(b",\"evidence\":");
    write_str(out, &text[*evidence]);
    out.extend_from_slice(b",\"span\":");
    write_range(out, &range_record(*extent));
    out.extend_from_slice(b",\"confidence\":");
    write_f64(out, deal_confidence(deal));
    out.push(b'}');
}

fn write_amount(out: &mut Vec<u8>, amount: &AmountRecord<'_>) {
    let AmountRecord {
        text,
        value,
        currency,
        usd,
        qualifier,
        start,
        end,
        sentence,
        currency_assumed,
        usd_rate_date,
        range_with,
        same_as,
    } = amount;
    out.extend_from_slice(b"{\"text\":");
    write_str(out, text);
    out.extend_from_slice(b",\"value\":");
    write_number(out, value);
    out.extend_from_slice(b",\"currency\":");
    write_str(out, currency);
    out.extend_from_slice(b",\"usd\":");
    write_option(out, usd.as_ref(), write_number);
    out.extend_from_slice(b",\"qualifier\":");
    write_opt_str(out, *qualifier);
    out.extend_from_slice(b",\"start\":");
    write_uint(out, *start as u64);
    out.extend_from_slice(b",\"end\":");
    write_uint(out, *end as u64);
    out.extend_from_slice(b",\"sentence\":");
    write_uint(out, *sentence as u64);
    out.extend_from_slice(b",\"currency_assumed\":");
    out.extend_from_slice(if *currency_assumed { b"true" } else { b"false" });
    out.extend_from_slice(b",\"usd_rate_date\":");
    write_option(out, usd_rate_date.as_ref(), write_calendar_date);
    out.extend_from_slice(b",\"range_with\":");
    write_option(out, *range_with, |out, n| write_uint(out, n as u64));
    out.extend_from_slice(b",\"same_as\":");
    write_list(out, same_as, |out, n| write_uint(out, *n as u64));
    out.push(b'}');
}

fn write_date(out: &mut Vec<u8>, date: &DateRecord<'_>) {
    let DateRecord {
        text,
        value,
        anchor,
        start,
        end,
        sentence,
    } = date;
    out.extend_from_slice(b"{\"text\":");
    write_str(out, text);
    out.extend_from_slice(b",\"value\":");
    write_date_value(out, value);
    out.extend_from_slice(b",\"anchor\":");
    write_opt_str(out, *anchor);
    out.extend_from_slice(b",\"start\":");
    write_uint(out, *start as u64);
    out.extend_from_slice(b",\"end\":");
    write_uint(out, *end as u64);
    out.extend_from_slice(b",\"sentence\":");
    write_uint(out, *sentence as u64);
    out.push(b'}');
}

/// A party, leader or place of a deal (`entity`), as [`write_deal_entity`]
/// writes its [`DealEntity`] (what [`Extractor::deal_entity`] builds), but
/// staged as an entity is ([`write_entity_staged`]) and straight from the
/// entity, its type with its key as a literal ([`deal_type`]), its name
/// and id copied from the record's entities when [`Seen`] has them.
/// `false` (nothing written) when a string is too long or needs an
/// escape, or the kind has no literal. `staged_deal_parties_are_written_as_by_the_plain_path`
/// checks both ways agree.
#[inline(always)]
fn write_deal_party_staged(
    out: &mut Vec<u8>,
    stage: &mut EntityStage,
    seen: &Seen,
    text: &str,
    gazetteer: &Gazetteer,
    entity: &Entity,
) -> bool {
    let Some(kind) = deal_type(entity.kind) else {
        return false;
    };
    let mut stage = Stage { buf: stage, at: 0 };
    let staged = (|| {
        stage.key(b"{\"name\":");
        match entity.entry {
            EntityRef::Entry(id) => match seen.find(id) {
                // The entry's name and id as its entity mentions have them.
                Some(at) => {
                    stage.copy(&out[at.name.0..at.name.1]);
                    stage.literal(kind);
                    stage.copy(&out[at.id.0..at.id.1]);
                }
                None => {
                    let entry = gazetteer.entry(id);
                    stage.string(entry.name())?;
                    stage.literal(kind);
                    stage.string(entry.id())?;
                }
            },
            EntityRef::Text(name) => {
                stage.string(&text[name])?;
                stage.literal(kind);
                stage.key(b"null");
            }
        }
        stage.key(b"}");
        Some(())
    })();
    stage.append_to(out, staged)
}

/// A deal party's type with the keys around it (`,"type":"country","id":`):
/// the subtype of a place, else the type.
fn deal_type(kind: EntityKind) -> Option<&'static [u8]> {
    macro_rules! deal_type {
        ($type:literal) => {
            concat!(",\"type\":\"", $type, "\",\"id\":").as_bytes()
        };
    }
    Some(match kind {
        EntityKind::Leader => deal_type!("leader"),
        EntityKind::Company => deal_type!("company"),
        EntityKind::Organization => deal_type!("organization"),
        EntityKind::Place(PlaceKind::Country) => deal_type!("country"),
        EntityKind::Place(PlaceKind::City) => deal_type!("city"),
        EntityKind::Place(PlaceKind::Region) => deal_type!("region"),
        EntityKind::Place(PlaceKind::Port) => deal_type!("port"),
        EntityKind::Place(PlaceKind::Zone) => deal_type!("zone"),
        EntityKind::Place(PlaceKind::Other) => deal_type!("other"),
        _ => return None,
    })
}

fn write_deal_entity(out: &mut Vec<u8>, entity: &DealEntity<'_>) {
    let DealEntity { name, kind, id } = entity;
    write_keyed_str(out, b"{\"name\":", name);
    write_keyed_str(out, b",\"type\":", kind);
    write_keyed_opt_str(out, b",\"id\":", *id);
    out.push(b'}');
}

fn write_deal_amount(out: &mut Vec<u8>, amount: &DealAmount<'_>) {
    let DealAmount {
        value,
        currency,
        usd,
        text,
    } = amount;
    out.extend_from_slice(b"{\"value\":");
    write_number(out, value);
    out.extend_from_slice(b",\"currency\":");
    write_str(out, currency);
    out.extend_from_slice(b",\"usd\":");
    write_option(out, usd.as_ref(), write_number);
    out.extend_from_slice(b",\"text\":");
    write_str(out, text);
    out.push(b'}');
}

fn write_article(out: &mut Vec<u8>, article: &ArticleRecord) {
    let ArticleRecord { title, start, end } = article;
    out.extend_from_slice(b"{\"title\":");
    write_option(out, title.as_ref(), write_range);
    out.extend_from_slice(b",\"start\":");
    write_uint(out, *start as u64);
    out.extend_from_slice(b",\"end\":");
    write_uint(out, *end as u64);
    out.push(b'}');
}

/// A byte range, staged whole: `{"start":…,"end":…}`.
fn write_range(out: &mut Vec<u8>, range: &RangeRecord) {
    let RangeRecord { start, end } = range;
    let mut stage = [0; 9 + 20 + 7 + 20 + 1];
    stage[..9].copy_from_slice(b"{\"start\":");
    let at = stage_uint(&mut stage, 9, *start as u64);
    stage[at..at + 7].copy_from_slice(b",\"end\":");
    let at = stage_uint(&mut stage, at + 7, *end as u64);
    stage[at] = b'}';
    out.extend_from_slice(&stage[..=at]);
}

/// `[a,b,…]`, each item written by `item`.
#[inline(always)]
pub(crate) fn write_list<I: IntoIterator>(
    out: &mut Vec<u8>,
    items: I,
    mut item: impl FnMut(&mut Vec<u8>, I::Item),
) {
    out.push(b'[');
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x);
    }
    out.push(b']');
}

/// `s` as a JSON string, or `null`.
#[inline(always)]
fn write_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// The value written by `some`, or `null`.
#[inline(always)]
fn write_option<T>(out: &mut Vec<u8>, value: Option<T>, some: impl FnOnce(&mut Vec<u8>, T)) {
    match value {
        Some(v) => some(out, v),
        None => out.extend_from_slice(b"null"),
    }
}

/// `n` in decimal, appended through a stage.
#[inline]
pub(crate) fn write_uint(out: &mut Vec<u8>, n: u64) {
    write_keyed_uint(out, &[], n);
}

/// A float as serde_json writes one: the shortest decimal that reads back
/// as the same number (`zmij`, serde_json's formatter: `1.0`, `0.85`),
/// `null` when not finite.
pub(crate) fn write_f64(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// A [`Number`] as its own `Serialize` writes it: it decides between an
/// integer and a float.
///
/// A whole value that fits an `i64` — nearly every sum of money — is
/// written here, as `Number`'s `Serialize` decides and serde_json's
/// `serialize_i64` writes it (a minus sign, then the digits), without
/// serde_json's machinery around it; `numbers_are_written_as_serde_json_writes_them`
/// checks both ways agree.
pub(crate) fn write_number(out: &mut Vec<u8>, n: &Number) {
    let d = n.0.normalize();
    if d.scale() == 0 {
        if let Ok(i) = i64::try_from(d) {
            if i < 0 {
                out.push(b'-');
            }
            write_uint(out, i.unsigned_abs());
            return;
        }
    }
    // Writing into a Vec cannot fail, and a Number always serialises.
    serde_json::to_writer(&mut *out, n).expect("a number serialises into memory");
}

/// A date value as a JSON string of its `Display` form. A day, month or
/// year, or an interval of two, with years 0 to 9999 (every value but the
/// odd season or week) is written here by fixed-width digits, as the
/// `{:04}` and `{:02}` of `PartialDate`'s `Display` write such numbers;
/// anything else through `Display` itself, whose formatting machinery
/// cost ten times more. `date_values_are_written_as_display_writes_them`
/// checks both over every shape.
pub(crate) fn write_date_value(out: &mut Vec<u8>, value: &DateValue) {
    let mut stage = [b'"'; 2 * 10 + 3];
    let end = match value {
        DateValue::Point(p) => stage_ymd(
            &mut stage,
            1,
            p.year_value(),
            p.month_value(),
            p.day_value(),
        ),
        DateValue::Interval(a, b) => stage_ymd(
            &mut stage,
            1,
            a.year_value(),
            a.month_value(),
            a.day_value(),
        )
        .and_then(|at| {
            stage[at] = b'/';
            stage_ymd(
                &mut stage,
                at + 1,
                b.year_value(),
                b.month_value(),
                b.day_value(),
            )
        }),
        _ => None,
    };
    match end {
        // The closing quote is still there from the filling.
        Some(end) => out.extend_from_slice(&stage[..=end]),
        None => write_display(out, value),
    }
}

/// A date as a JSON string of its `Display` form (`{:04}-{:02}-{:02}`),
/// by [`stage_ymd`] for years 0 to 9999, else through `Display`.
pub(crate) fn write_calendar_date(out: &mut Vec<u8>, date: &Date) {
    let mut stage = [b'"'; 10 + 2];
    match stage_ymd(
        &mut stage,
        1,
        Some(date.year()),
        Some(date.month()),
        Some(date.day()),
    ) {
        Some(end) => out.extend_from_slice(&stage[..=end]),
        None => write_display(out, date),
    }
}

/// Writes a year (`XXXX` when unknown), then `-` and the month when there
/// is one, then `-` and the day when there is one, to `stage` from `at`
/// on, as `PartialDate`'s `Display` does: the year four digits wide, month
/// and day two. Where it ends; `None` (for `Display` to do it) for a year
/// outside 0 to 9999 or a month or day of three digits, which `{:04}`
/// and `{:02}` write wider.
#[inline]
fn stage_ymd(
    stage: &mut [u8],
    mut at: usize,
    year: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
) -> Option<usize> {
    let pair = |n: u8| {
        let i = 2 * usize::from(n);
        [PAIRS[i], PAIRS[i + 1]]
    };
    match year {
        Some(year) => {
            let year = u16::try_from(year).ok().filter(|&y| y < 10_000)?;
            stage[at..at + 2].copy_from_slice(&pair((year / 100) as u8));
            stage[at + 2..at + 4].copy_from_slice(&pair((year % 100) as u8));
        }
        None => stage[at..at + 4].copy_from_slice(b"XXXX"),
    }
    at += 4;
    // The day only after a month, as `Display` writes it.
    let Some(month) = month else {
        return Some(at);
    };
    for n in [Some(month), day].into_iter().flatten() {
        if n >= 100 {
            return None;
        }
        stage[at] = b'-';
        stage[at + 1..at + 3].copy_from_slice(&pair(n));
        at += 3;
    }
    Some(at)
}

/// A JSON string of a value's `Display` form (a date, a date value), as
/// serde_json's `collect_str` writes it.
fn write_display<T: fmt::Display>(out: &mut Vec<u8>, value: &T) {
    /// Escapes each piece of the formatted text as it comes.
    struct Escaped<'o>(&'o mut Vec<u8>);
    impl fmt::Write for Escaped<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            write_str_contents(self.0, s);
            Ok(())
        }
    }
    out.push(b'"');
    // Formatting into memory cannot fail.
    write!(Escaped(out), "{value}").expect("a value formats into memory");
    out.push(b'"');
}

/// `s` as a JSON string.
///
/// Nearly every string of a record is short (entity names, ids, country
/// codes: 97% are at most [`SHORT`] bytes on the benchmark corpus) and
/// needs no escape. Such a string is staged between its quotes in a fixed
/// array by fixed-size copies of its two (possibly overlapping) ends,
/// the words copied are tested for escapes on the way, and the stage is
/// appended in one fixed-size copy with the excess cut off: no call to
/// `memcpy` and no loop whose length depends on the string. Any other
/// string (longer, or with a byte to escape) takes the plain path,
/// [`write_str_plain`]; `short_strings_are_written_as_by_the_plain_path`
/// checks that both agree.
#[inline(always)]
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    write_keyed_str(out, &[], s);
}

/// `key` (a fixed literal such as `,"name":`) and then `s` as a JSON
/// string, staged together as [`write_str`] stages a string alone: one
/// append for both.
#[inline(always)]
fn write_keyed_str<const K: usize>(out: &mut Vec<u8>, key: &[u8; K], s: &str) {
    const { assert!(K <= KEY_MAX, "a key longer than the stage allows") };
    let b = s.as_bytes();
    let n = b.len();
    // The key, then the quotes around the string at K and K + n + 1, the
    // string between them from `o` on.
    let mut stage = [b'"'; KEY_MAX + SHORT + 2];
    stage[..K].copy_from_slice(key);
    let clean = n <= SHORT && stage_str(&mut stage, K + 1, b);
    if clean {
        // The string was copied after its opening quote at K: the quote at
        // K + n + 1 is still
        // there from the filling.
        let len = out.len();
        out.extend_from_slice(&stage);
        out.truncate(len + K + n + 2);
    } else {
        out.extend_from_slice(key);
        write_str_plain(out, s);
    }
}

/// `key` and then `s` as a JSON string, or `null`.
#[inline(always)]
fn write_keyed_opt_str<const K: usize>(out: &mut Vec<u8>, key: &[u8; K], s: Option<&str>) {
    match s {
        Some(s) => write_keyed_str(out, key, s),
        None => {
            out.extend_from_slice(key);
            out.extend_from_slice(b"null");
        }
    }
}

/// Copies `b` to `stage[o..o + b.len()]` when it is at most [`LONG`]
/// bytes, by fixed-size copies of its (possibly overlapping) ends, testing
/// the words copied for a byte to escape; whether it was copied and needs
/// no escape. `stage` must have room for the string from `o`.
#[inline(always)]
fn stage_str(stage: &mut [u8], o: usize, b: &[u8]) -> bool {
    let n = b.len();
    match n {
        0 => true,
        1..=3 => {
            // The first, middle and last bytes cover a string of three.
            let (x, y, z) = (b[0], b[n / 2], b[n - 1]);
            stage[o] = x;
            stage[o + n / 2] = y;
            stage[o + n - 1] = z;
            ESCAPE[usize::from(x)] | ESCAPE[usize::from(y)] | ESCAPE[usize::from(z)] == 0
        }
        4..=7 => {
            let (lo, hi) = (load4(b, 0), load4(b, n - 4));
            stage[o..o + 4].copy_from_slice(&lo.to_le_bytes());
            stage[o + n - 4..o + n].copy_from_slice(&hi.to_le_bytes());
            word_needs_escape(u64::from(lo) | u64::from(hi) << 32) == 0
        }
        8..=16 => {
            let (lo, hi) = (load8(b, 0), load8(b, n - 8));
            stage[o..o + 8].copy_from_slice(&lo.to_le_bytes());
            stage[o + n - 8..o + n].copy_from_slice(&hi.to_le_bytes());
            word_needs_escape(lo) | word_needs_escape(hi) == 0
        }
        17..=SHORT => {
            let words = [load8(b, 0), load8(b, 8), load8(b, n - 16), load8(b, n - 8)];
            stage[o..o + 8].copy_from_slice(&words[0].to_le_bytes());
            stage[o + 8..o + 16].copy_from_slice(&words[1].to_le_bytes());
            stage[o + n - 16..o + n - 8].copy_from_slice(&words[2].to_le_bytes());
            stage[o + n - 8..o + n].copy_from_slice(&words[3].to_le_bytes());
            words
                .iter()
                .fold(0, |found, &w| found | word_needs_escape(w))
                == 0
        }
        33..=LONG => {
            // Four words from the start and four to the end.
            let mut found = 0;
            for k in 0..4 {
                let (lo, hi) = (load8(b, 8 * k), load8(b, n - 32 + 8 * k));
                stage[o + 8 * k..o + 8 * k + 8].copy_from_slice(&lo.to_le_bytes());
                stage[o + n - 32 + 8 * k..o + n - 24 + 8 * k].copy_from_slice(&hi.to_le_bytes());
                found |= word_needs_escape(lo) | word_needs_escape(hi);
            }
            found == 0
        }
        _ => false,
    }
}

/// The longest string [`stage_str`] copies: gazetteer ids and names run
/// past [`SHORT`] (`organization:…` ids), and an entity is staged only
/// when all its strings are.
const LONG: usize = 64;

/// The longest key [`write_keyed_str`] stages with its string.
const KEY_MAX: usize = 14;

/// `s` as a JSON string, by the plain path (escape test, then copy).
#[inline(never)]
fn write_str_plain(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    write_str_contents(out, s);
    out.push(b'"');
}

/// The longest string [`write_str`] stages.
const SHORT: usize = 32;

/// The four bytes of `b` at `at`, little-endian.
#[inline(always)]
fn load4(b: &[u8], at: usize) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(word)
}

/// The eight bytes of `b` at `at`, little-endian.
#[inline(always)]
fn load8(b: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(word)
}

/// `key` and then `n` in decimal, staged together as [`write_keyed_str`]
/// stages a key and a string.
#[inline(always)]
fn write_keyed_uint<const K: usize>(out: &mut Vec<u8>, key: &[u8; K], n: u64) {
    const { assert!(K <= KEY_MAX, "a key longer than the stage allows") };
    let mut stage = [0; KEY_MAX + 20];
    stage[..K].copy_from_slice(key);
    let end = stage_uint(&mut stage, K, n);
    let len = out.len();
    out.extend_from_slice(&stage);
    out.truncate(len + end);
}

/// "00" to "99", end to end.
const PAIRS: [u8; 200] = {
    let mut table = [0; 200];
    let mut i = 0;
    while i < 100 {
        table[2 * i] = b'0' + (i / 10) as u8;
        table[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    table
};

/// How many decimal digits `n` has (1 for 0): from its bit length, whose
/// `1233 / 4096` (just above log10 2) is the number of digits of the
/// smallest numbers of that length, one less than of the largest, which
/// one comparison tells apart. `n | 1` makes 0 count as 1 and changes no
/// comparison with a power of ten above 1, all even.
#[inline(always)]
fn decimal_len(n: u64) -> usize {
    /// 10⁰ to 10¹⁹.
    const POW10: [u64; 20] = {
        let mut table = [1; 20];
        let mut i = 1;
        while i < 20 {
            table[i] = table[i - 1] * 10;
            i += 1;
        }
        table
    };
    let n = n | 1;
    let bits = 64 - n.leading_zeros() as usize;
    let guess = (bits * 1233) >> 12;
    guess + usize::from(n >= POW10[guess])
}

/// Writes `n` in decimal to `stage` from `at` on; where the digits end.
/// Two digits at a time from the last back, from a table of the hundred
/// pairs, as `itoa` does, but in place: no copy from a buffer of its own.
/// `stage` must have room for 20 digits from `at`.
#[inline(always)]
fn stage_uint(stage: &mut [u8], at: usize, mut n: u64) -> usize {
    let end = at + decimal_len(n);
    let mut i = end;
    while n >= 100 {
        let pair = 2 * (n % 100) as usize;
        n /= 100;
        i -= 2;
        stage[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = 2 * n as usize;
        stage[i - 2..i].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        stage[i - 1] = b'0' + n as u8;
    }
    end
}

/// The escape of each byte that needs one, as serde_json writes it: `0`
/// for none, `u` for `\u00XX`, else the letter after the backslash.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Non-zero iff some byte of the eight in `x` needs an escape (is below
/// 0x20, `"` or `\\`).
#[inline]
fn word_needs_escape(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// The high bit of some byte is set iff some byte of `x` is below `n`
    /// (`n` ≤ 0x80): the borrow of `x - n` reaches the high bit of a byte
    /// only below the first byte that is below `n`, so the result is
    /// exact as a yes or no, though not as to which byte.
    fn any_below(x: u64, n: u8) -> u64 {
        x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH
    }
    // A byte equal to `c` is a zero byte of `x ^ c…c`.
    any_below(x, 0x20)
        | any_below(x ^ (ONES * u64::from(b'"')), 1)
        | any_below(x ^ (ONES * u64::from(b'\\')), 1)
}

/// Whether any byte of `bytes` needs an escape (is below 0x20, `"` or
/// `\`), eight bytes at a time: almost no string needs one, and most are
/// short names, for which a byte loop costs more than the copy.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    let word = |chunk: &[u8]| {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        word_needs_escape(u64::from_le_bytes(word))
    };
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| ESCAPE[usize::from(b)] != 0);
    }
    if bytes.len() >= 64 {
        return needs_escape_long(bytes);
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut found = 0;
    for chunk in &mut chunks {
        found |= word(chunk);
    }
    if !chunks.remainder().is_empty() {
        // The last eight bytes, overlapping the last whole word: whether
        // any byte needs an escape does not care that some are seen twice.
        found |= word(&bytes[bytes.len() - 8..]);
    }
    found != 0
}

/// [`needs_escape`] for a long string (a deal's evidence sentence): 32
/// bytes at a time by three comparisons per byte with no early exit
/// inside a block, which the compiler turns into vector compares (a
/// quarter of the instructions of the word test per byte).
fn needs_escape_long(bytes: &[u8]) -> bool {
    let block = |chunk: &[u8]| {
        chunk.iter().fold(false, |found, &b| {
            found | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    };
    let mut chunks = bytes.chunks_exact(32);
    if chunks.any(block) {
        return true;
    }
    block(chunks.remainder())
}

/// The contents of `s` as a JSON string, without the quotes.
#[inline]
fn write_str_contents(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    // Copy the runs between escapes; every escaped byte is ASCII, so the
    // runs are whole UTF-8 sequences.
    let mut run = 0;
    if !bytes.iter().fold(false, |found, &b| found | (b < 0x20)) {
        // Only quotes and backslashes to escape (quoted speech in an
        // evidence sentence): jump between them with `memchr2` rather than
        // test every byte. Both escape as a backslash and themselves.
        for i in memchr::memchr2_iter(b'"', b'\\', bytes) {
            out.extend_from_slice(&bytes[run..i]);
            out.extend_from_slice(&[b'\\', bytes[i]]);
            run = i + 1;
        }
        out.extend_from_slice(&bytes[run..]);
        return;
    }
    for (i, &b) in bytes.iter().enumerate() {
        let escape = ESCAPE[b as usize];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[run..i]);
        run = i + 1;
        if escape == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
    }
    out.extend_from_slice(&bytes[run..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Extractor};
    use dealx_core::{Decimal, Document, Warning};

    fn extractor() -> &'static Extractor {
        static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        EXTRACTOR.get_or_init(|| Extractor::new(&Config::default()).unwrap())
    }

    /// The record of `doc` as serde_json writes it and as
    /// [`write_extraction`] does.
    fn both(doc: &Document) -> (String, String, usize) {
        let ex = extractor();
        let extraction = ex.process(doc);
        let by_serde = serde_json::to_string(&ex.record(&extraction)).unwrap();
        let mut by_hand = Vec::new();
        write_extraction(&mut by_hand, ex, &extraction);
        let deals = extraction.deals.len();
        (by_serde, String::from_utf8(by_hand).unwrap(), deals)
    }

    fn assert_same_record(doc: &Document) {
        let (by_serde, by_hand, _) = both(doc);
        assert_eq!(by_hand, by_serde, "document {}", doc.id);
    }

    /// The texts the staging tests read: every corpus article, then 50
    /// runs of 60 news pieces, each starting 7 pieces after the last.
    fn staging_texts() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect();
        texts.extend((0..50).map(|k| {
            dealx_testkit::NEWS_PIECES
                .iter()
                .cycle()
                .skip(k * 7)
                .take(60)
                .copied()
                .collect()
        }));
        texts
    }

    #[test]
    fn corpus_records_are_written_as_serde_json_writes_them() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut doc = Document::new(path.display().to_string(), text);
                assert_same_record(&doc);
                doc.published = Some("2024-06-12".parse().unwrap());
                assert_same_record(&doc);
                n += 1;
            }
        }
        assert!(n >= 5, "only {n} corpus articles");
    }

    #[test]
    fn news_piece_documents_are_written_as_serde_json_writes_them() {
        let pieces = dealx_testkit::NEWS_PIECES;
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut deals = 0;
        for k in 0..400 {
            let mut text = String::new();
            for _ in 0..(20 + k % 120) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let mut doc = Document::new(format!("n{k}\u{2028}\"q\"\\"), text);
            if k % 2 == 0 {
                doc.published = Some("2024-06-12".parse().unwrap());
            }
            doc.warnings.push(Warning::DuplicateId);
            let (by_serde, by_hand, n) = both(&doc);
            deals += n;
            assert_eq!(by_hand, by_serde, "{:?}", doc.text);
        }
        // The pieces make deals, so deal records (floats, nested amounts)
        // were compared too.
        assert!(deals > 50, "{deals} deals");
    }

    /// `write_str` writes `s` as serde_json writes it.
    fn assert_escaped_as_serde(s: &str) {
        let mut out = Vec::new();
        write_str(&mut out, s);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(s).unwrap()
        );
    }

    /// Strings that need every kind of escape, and some that look as if
    /// they might but do not.
    const EDGE_STRINGS: &[&str] = &[
        "",
        "plain",
        "\"quoted\"",
        "back\\slash",
        "tab\there",
        "new\nline\r\n",
        "\u{8}\u{c}\u{0}\u{1}\u{1f}\u{7f}",
        "U+2028 \u{2028} and U+2029 \u{2029} stay",
        "é中国₸\u{a0}\u{fffd}—’",
        "/slash/ <html> & 'apostrophe'",
        "ends with a backslash \\",
        "\"",
    ];

    #[test]
    fn edge_strings_are_escaped_as_serde_json_escapes_them() {
        for s in EDGE_STRINGS {
            assert_escaped_as_serde(s);
        }
        // Every byte value that can stand alone in a string.
        for c in (0u8..0x80).map(char::from) {
            let s = format!("a{c}b");
            assert_escaped_as_serde(&s);
        }
    }

    /// Strings with quotes and backslashes (the `memchr2` path) or a
    /// control character as well (the byte loop), of many lengths, with
    /// them at the ends and in the middle, as serde_json escapes them.
    #[test]
    fn runs_between_escapes_are_copied_as_serde_json_copies_them() {
        for len in [1, 2, 7, 8, 31, 33, 63, 64, 65, 130] {
            for specials in [&["\"", "\\"][..], &["\"", "\n"], &["\\"], &["é\"", "\u{1}"]] {
                for gap in [1, 2, 5, 64] {
                    let mut s = String::new();
                    let mut k = 0;
                    while s.len() < len {
                        if s.len() % gap == 0 {
                            s.push_str(specials[k % specials.len()]);
                            k += 1;
                        } else {
                            s.push('a');
                        }
                    }
                    for t in [s.clone(), format!("b{s}c"), format!("{s}\"")] {
                        assert_escaped_as_serde(&t);
                    }
                }
            }
        }
    }

    /// `reserve_fresh` keeps what a buffer holds and leaves at least the
    /// room asked for, whether the buffer is empty, small or already full.
    #[test]
    fn reserve_fresh_keeps_what_is_written_and_makes_the_room() {
        for (start, additional) in [(0, 0), (0, 10), (0, 5000), (3, 1), (3, 5000)] {
            let written: Vec<u8> = (0..start as u8).collect();
            let mut small = Vec::with_capacity(4);
            small.extend_from_slice(&written);
            for mut out in [Vec::new(), small, written.clone()] {
                let kept = out.clone();
                reserve_fresh(&mut out, additional);
                assert_eq!(out, kept);
                assert!(out.capacity() - out.len() >= additional);
            }
        }
    }

    /// The word-at-a-time test against the byte-by-byte definition: every
    /// byte value at every position of strings up to three words long,
    /// over backgrounds that sit near the thresholds.
    #[test]
    fn needs_escape_agrees_with_the_byte_table() {
        let plain = |b: u8| ESCAPE[usize::from(b)] != 0;
        for background in [b'a', b' ', b'!', b'#', b'[', b']', 0x80, 0xE2, 0xFF, 0x21] {
            for len in 0..=24 {
                let mut bytes = vec![background; len];
                assert_eq!(needs_escape(&bytes), plain(background) && len > 0);
                for at in 0..len {
                    for b in 0..=255u8 {
                        bytes[at] = b;
                        assert_eq!(
                            needs_escape(&bytes),
                            bytes.iter().any(|&c| plain(c)),
                            "{bytes:?}"
                        );
                    }
                    bytes[at] = background;
                }
            }
        }
    }

    /// The block test of long strings against the byte table: every
    /// length from 60 to 140, each byte near the thresholds at every
    /// position.
    #[test]
    fn long_needs_escape_agrees_with_the_byte_table() {
        let plain = |bytes: &[u8]| bytes.iter().any(|&b| ESCAPE[usize::from(b)] != 0);
        let specials = [
            0x00, 0x1F, 0x20, b'"', b'\\', b'!', b'#', b'[', b']', 0x7F, 0x80, 0xFF,
        ];
        for len in 60..=140 {
            let mut bytes = vec![b'a'; len];
            assert!(!needs_escape(&bytes));
            for at in 0..len {
                for b in specials {
                    bytes[at] = b;
                    assert_eq!(needs_escape(&bytes), plain(&bytes), "{len} {at} {b}");
                }
                bytes[at] = b'a';
            }
        }
    }

    /// The staged path of [`write_str`] against the plain path and
    /// serde_json: strings of every length around the stage's size
    /// classes, with every ASCII byte and some multi-byte characters at
    /// every position, over backgrounds of one-, two- and three-byte
    /// characters.
    #[test]
    fn short_strings_are_written_as_by_the_plain_path() {
        let mut specials: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        specials.extend(["é", "中", "😀", "\u{2028}", "\u{7f}"].map(String::from));
        let mut checked = 0;
        for background in ["a", "é", "—"] {
            for len in 0..=SHORT + 4 {
                let base: Vec<&str> = vec![background; len];
                for at in 0..len.max(1) {
                    for special in &specials {
                        let mut pieces = base.clone();
                        if len > 0 {
                            pieces[at] = special;
                        }
                        let s = pieces.concat();
                        let mut staged = Vec::new();
                        write_str(&mut staged, &s);
                        let mut plain = Vec::new();
                        write_str_plain(&mut plain, &s);
                        assert_eq!(staged, plain, "{s:?}");
                        assert_eq!(
                            String::from_utf8(staged).unwrap(),
                            serde_json::to_string(&s).unwrap()
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// The staged entity writer against the plain one: every entity of
    /// the corpus articles and of news-piece documents, and rule entities
    /// over every span of a text of edge strings (long ones, ones that
    /// need escapes), of every kind and way.
    #[test]
    fn staged_entities_are_written_as_by_the_plain_path() {
        use dealx_core::{SentenceIdx, Span};
        let ex = extractor();
        let (mut staged, mut plain) = (0, 0);
        // The entities of one text written one after the other by both
        // paths (so that the staged path copies what it wrote before).
        let mut check = |text: &str, entities: &[Entity]| {
            let (mut by_plain, mut by_stage) = (Vec::new(), Vec::new());
            let mut stage = [b'?'; ENTITY_STAGE];
            let mut seen = Seen::new();
            for entity in entities {
                let plain_before = by_plain.len();
                write_entity_plain(&mut by_plain, text, ex.gazetteer(), entity);
                let before = by_stage.len();
                if write_entity_staged(
                    &mut by_stage,
                    &mut stage,
                    &mut seen,
                    text,
                    ex.gazetteer(),
                    entity,
                ) {
                    staged += 1;
                } else {
                    assert_eq!(by_stage.len(), before, "nothing written when not staged");
                    write_entity_plain(&mut by_stage, text, ex.gazetteer(), entity);
                    plain += 1;
                }
                assert_eq!(
                    by_stage[before..],
                    by_plain[plain_before..],
                    "{text:?} {entity:?}"
                );
            }
        };
        for text in &staging_texts() {
            let doc = Document::new("d", text.as_str());
            let extraction = ex.process(&doc);
            check(text, extraction.annotated.entities());
        }
        let text = format!("{}{}", EDGE_STRINGS.concat(), "x".repeat(80));
        let kinds = [
            EntityKind::Leader,
            EntityKind::Company,
            EntityKind::Organization,
            EntityKind::Place(PlaceKind::Port),
        ];
        let vias = [Via::Rule, Via::Coreference, Via::Name];
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in &bounds[k..] {
                let span = Span::new(start, end);
                let name = Span::new(start, start + (end - start) / 2);
                let name = if text.is_char_boundary(name.end()) {
                    name
                } else {
                    span
                };
                let entity = Entity {
                    span,
                    sentence: SentenceIdx::new(start * 1_000_003),
                    kind: kinds[(start + end) % kinds.len()],
                    entry: EntityRef::Text(name),
                    via: vias[end % vias.len()],
                };
                check(&text, std::slice::from_ref(&entity));
            }
        }
        assert!(
            staged > 2_000 && plain > 1_000,
            "{staged} staged, {plain} plain"
        );
    }

    /// Money values of every sign, size and scale, whole or not, within
    /// `i64` and beyond, written as serde_json writes them.
    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        let mut units: Vec<i64> = vec![0, 1, 5, 17, 100, 1500, 999_999, i64::MAX, i64::MIN + 1];
        units.extend(units.clone().iter().map(|u| -u));
        let mut numbers = vec![
            Number(Decimal::MAX),
            Number(Decimal::MIN),
            Number(-Decimal::ZERO),
        ];
        for &u in &units {
            for scale in 0..=8 {
                let d = Decimal::new(u, scale);
                numbers.push(Number(d));
                for factor in [Decimal::from(1_000_000_000u64), Decimal::new(10, 1)] {
                    numbers.extend(d.checked_mul(factor).map(Number));
                }
            }
        }
        for n in &numbers {
            let mut out = Vec::new();
            write_number(&mut out, n);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(n).unwrap(),
                "{n:?}"
            );
        }
    }

    /// Date values and dates of every shape, years around the edges of
    /// four digits, written as serde_json writes them (their `Display`).
    #[test]
    fn date_values_are_written_as_display_writes_them() {
        use dealx_core::{PartialDate, Season};
        let years = [
            -1,
            0,
            7,
            99,
            999,
            1000,
            2024,
            9999,
            10_000,
            i32::MIN,
            i32::MAX,
        ];
        let mut points = vec![];
        for year in years.iter().copied().map(Some).chain([None]) {
            if let Some(y) = year {
                points.push(PartialDate::year(y));
            }
            for month in 1..=12 {
                points.extend(PartialDate::month(year, month));
                for day in [1, 9, 10, 28, 31] {
                    points.extend(PartialDate::day(year, month, day));
                }
            }
        }
        let mut values: Vec<DateValue> = points.iter().map(|&p| DateValue::Point(p)).collect();
        for (k, &a) in points.iter().enumerate().step_by(7) {
            values.push(DateValue::Interval(a, points[(k * 31 + 5) % points.len()]));
        }
        for year in years.iter().copied().map(Some).chain([None]) {
            for season in [Season::Spring, Season::Summer, Season::Fall, Season::Winter] {
                values.push(DateValue::Season(year, season));
            }
            values.extend([1, 9, 53].map(|w| DateValue::Week(year.unwrap_or(1), w)));
        }
        for value in &values {
            let mut out = Vec::new();
            write_date_value(&mut out, value);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(value).unwrap()
            );
        }
        for year in years {
            for (month, day) in [(1, 1), (2, 28), (12, 31), (6, 9)] {
                if let Some(date) = Date::new(year, month, day) {
                    let mut out = Vec::new();
                    write_calendar_date(&mut out, &date);
                    assert_eq!(
                        String::from_utf8(out).unwrap(),
                        serde_json::to_string(&date).unwrap()
                    );
                }
            }
        }
        assert!(values.len() > 1_000, "{}", values.len());
    }

    /// The staged deal party writer against [`write_deal_entity`] of
    /// what [`Extractor::deal_entity`] builds: every entity of the corpus
    /// articles and of news-piece documents as a party (not only those
    /// of deals), rule entities over every span of a text of edge strings
    /// (long ones, ones that need escapes), and every kind's literal.
    #[test]
    fn staged_deal_parties_are_written_as_by_the_plain_path() {
        use dealx_core::{EntityIdx, SentenceIdx, Span};
        let ex = extractor();
        let mut stage = [b'?'; ENTITY_STAGE];
        let (mut staged, mut plain) = (0, 0);
        let mut check = |a: &Annotated<'_>| {
            // The entities first, as in a record, so that parties can copy
            // from them.
            let (mut by_plain, mut by_stage) = (Vec::new(), Vec::new());
            let mut seen = Seen::new();
            for entity in a.entities() {
                write_entity_plain(&mut by_plain, a.text(), ex.gazetteer(), entity);
                write_entity(
                    &mut by_stage,
                    &mut stage,
                    &mut seen,
                    a.text(),
                    ex.gazetteer(),
                    entity,
                );
            }
            assert_eq!(by_stage, by_plain, "{:?}", a.text());
            for (i, entity) in a.entities().iter().enumerate() {
                let plain_before = by_plain.len();
                write_deal_entity(&mut by_plain, &ex.deal_entity(a, EntityIdx::new(i)));
                let before = by_stage.len();
                if write_deal_party_staged(
                    &mut by_stage,
                    &mut stage,
                    &seen,
                    a.text(),
                    ex.gazetteer(),
                    entity,
                ) {
                    staged += 1;
                } else {
                    assert_eq!(by_stage.len(), before, "nothing written when not staged");
                    write_deal_entity(&mut by_stage, &ex.deal_entity(a, EntityIdx::new(i)));
                    plain += 1;
                }
                assert_eq!(
                    by_stage[before..],
                    by_plain[plain_before..],
                    "{:?} {entity:?}",
                    a.text()
                );
            }
        };
        for text in &staging_texts() {
            let doc = Document::new("d", text.as_str());
            check(&ex.process(&doc).annotated);
        }
        // Rule entities of every kind over every span of an edge text.
        let text = format!("{}{}", EDGE_STRINGS.concat(), "x".repeat(80));
        let mut kinds = vec![
            EntityKind::Leader,
            EntityKind::Company,
            EntityKind::Organization,
        ];
        kinds.extend(
            [
                PlaceKind::Country,
                PlaceKind::City,
                PlaceKind::Region,
                PlaceKind::Port,
                PlaceKind::Zone,
                PlaceKind::Other,
            ]
            .map(EntityKind::Place),
        );
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut entities = Vec::new();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in &bounds[k..] {
                entities.push(dealx_core::Entity {
                    span: Span::new(start, end),
                    sentence: SentenceIdx::new(0),
                    kind: kinds[(start + end) % kinds.len()],
                    entry: EntityRef::Text(Span::new(start, end)),
                    via: Via::Rule,
                });
            }
        }
        let doc = Document::new("d", text.as_str());
        let extraction = ex.process(&doc);
        let a = Annotated::new(
            &doc,
            extraction.annotated.segmentation().clone(),
            entities,
            vec![],
            vec![],
        );
        check(&a);
        assert!(
            staged > 2_000 && plain > 1_000,
            "{staged} staged, {plain} plain"
        );
    }

    /// Every literal of [`write_entity_head`] and [`write_entity_tail`]
    /// against their plain paths and against the
    /// record's words (`type_name`, `subtype_name`, `Via::as_str`) as
    /// serde_json writes them.
    #[test]
    fn entity_literals_are_what_serde_json_writes() {
        use dealx_core::record::EntityRecord;
        let places = [
            PlaceKind::Country,
            PlaceKind::City,
            PlaceKind::Region,
            PlaceKind::Port,
            PlaceKind::Zone,
            PlaceKind::Other,
        ];
        let mut kinds = vec![
            EntityKind::Leader,
            EntityKind::Company,
            EntityKind::Organization,
        ];
        kinds.extend(places.map(EntityKind::Place));
        let vias = [
            Via::Name,
            Via::Alias,
            Via::Demonym,
            Via::Rule,
            Via::Coreference,
        ];
        for kind in kinds {
            for via in vias {
                for gazetteer in [true, false] {
                    let entity = EntityRecord {
                        kind: kind.type_name(),
                        subtype: kind.subtype_name(),
                        name: "Acme",
                        text: "Acme",
                        start: 1,
                        end: 5,
                        sentence: 0,
                        id: None,
                        country: None,
                        source: if gazetteer { "gazetteer" } else { "rule" },
                        via: via.as_str(),
                    };
                    let middle = br#""Acme","text":"Acme","start":1,"end":5,"sentence":0,"id":null,"country":null"#;
                    let mut literals = Vec::new();
                    write_entity_head(&mut literals, kind);
                    literals.extend_from_slice(middle);
                    write_entity_tail(&mut literals, gazetteer, via);
                    let mut plain = Vec::new();
                    entity_head_plain(&mut plain, kind);
                    plain.extend_from_slice(middle);
                    entity_tail_plain(&mut plain, gazetteer, via);
                    assert_eq!(literals, plain);
                    assert_eq!(
                        String::from_utf8(literals).unwrap(),
                        serde_json::to_string(&entity).unwrap()
                    );
                }
            }
        }
    }

    /// [`stage_str`] against the byte-by-byte definition: strings of
    /// every length it takes and a few past, with every ASCII byte and
    /// some multi-byte characters at every position.
    #[test]
    fn stage_str_copies_exactly_and_sees_every_escape() {
        let mut specials: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        specials.extend(["é", "中", "😀", "\u{2028}"].map(String::from));
        for len in 0..=LONG + 4 {
            for at in 0..len.max(1) {
                for special in &specials {
                    let mut pieces = vec!["a"; len];
                    if len > 0 {
                        pieces[at] = special;
                    }
                    let s = pieces.concat();
                    let mut stage = [b'?'; 3 + LONG + 8 + 3];
                    let staged = stage_str(&mut stage, 3, s.as_bytes());
                    let fits = s.len() <= LONG;
                    assert_eq!(staged, fits && !needs_escape(s.as_bytes()), "{s:?}");
                    if fits {
                        assert_eq!(&stage[3..3 + s.len()], s.as_bytes(), "{s:?}");
                        assert!(stage[..3]
                            .iter()
                            .chain(&stage[3 + s.len()..])
                            .all(|&b| b == b'?'));
                    }
                }
            }
        }
    }

    /// A key staged with its string writes the key and then the string.
    #[test]
    fn keyed_strings_are_the_key_then_the_string() {
        for s in
            EDGE_STRINGS
                .iter()
                .copied()
                .chain(["Kazakhstan", "KZ", "x", "Tharman Shanmugaratnam"])
        {
            for len in 0..=s.len() {
                let Some(s) = s.get(..len) else { continue };
                let mut keyed = b"[".to_vec();
                write_keyed_str(&mut keyed, b",\"country\":", s);
                write_keyed_opt_str(&mut keyed, b",\"id\":", Some(s));
                write_keyed_opt_str(&mut keyed, b",\"id\":", None);
                let quoted = serde_json::to_string(s).unwrap();
                let expected = format!("[,\"country\":{quoted},\"id\":{quoted},\"id\":null");
                assert_eq!(String::from_utf8(keyed).unwrap(), expected);
            }
        }
        // Numbers of every width after a key.
        for m in [0, 7, 42, 999, 1_000, 123_456, u64::from(u32::MAX), u64::MAX] {
            let mut out = b"[".to_vec();
            write_keyed_uint(&mut out, b",\"start\":", m);
            assert_eq!(out, format!("[,\"start\":{m}").into_bytes());
        }
        // The longest key the stage takes, with the longest staged string.
        let mut out = Vec::new();
        write_keyed_str(&mut out, b"0123456789abcd", &"s".repeat(SHORT));
        assert_eq!(
            out,
            format!("0123456789abcd\"{}\"", "s".repeat(SHORT)).into_bytes()
        );
    }

    /// Appending through a stage after other bytes, and numbers of every
    /// width.
    #[test]
    fn staged_appends_keep_what_was_written_before() {
        let mut out = b"prefix".to_vec();
        write_str(&mut out, "Kazakhstan");
        write_uint(&mut out, 0);
        write_str(&mut out, "");
        write_uint(&mut out, u64::MAX);
        write_str(&mut out, "a\"b");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("prefix\"Kazakhstan\"0\"\"{}\"a\\\"b\"", u64::MAX)
        );
        // Every number of one to five digits.
        for m in 0..=100_000u64 {
            let mut out = b"x".to_vec();
            write_uint(&mut out, m);
            assert_eq!(out, format!("x{m}").into_bytes());
        }
        let mut n: u64 = 1;
        for _ in 0..20 {
            for m in [n - 1, n, n + 1, n.saturating_mul(9)] {
                let mut out = Vec::new();
                write_uint(&mut out, m);
                assert_eq!(String::from_utf8(out).unwrap(), m.to_string());
            }
            n = n.saturating_mul(10);
        }
    }

    /// The writers of an amount, a date, a deal's party and amount, an
    /// article and a float against serde_json, on every edge string and
    /// each option both ways.
    #[test]
    fn items_full_of_edge_cases_are_written_as_serde_json_writes_them() {
        use dealx_core::record::*;
        use dealx_core::{DateValue, PartialDate, Season};
        fn same<T: serde::Serialize>(item: &T, write: impl FnOnce(&mut Vec<u8>, &T)) {
            let mut out = Vec::new();
            write(&mut out, item);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(item).unwrap()
            );
        }
        let day = PartialDate::day(None, 5, 23).unwrap();
        let dates = [
            DateValue::Season(Some(2024), Season::Spring),
            DateValue::Interval(PartialDate::year(2019), day),
            DateValue::Week(2024, 3),
        ];
        let number = |units: i64, scale: u32| Number(Decimal::new(units, scale));
        for (i, &s) in EDGE_STRINGS.iter().enumerate() {
            same(
                &AmountRecord {
                    text: s,
                    value: number(17, 1),
                    currency: s,
                    usd: (i % 2 == 1).then(|| number(1_234_567_890_123, 3)),
                    qualifier: (i % 2 == 0).then_some("about"),
                    start: 1,
                    end: usize::MAX,
                    sentence: 0,
                    currency_assumed: i % 2 == 0,
                    usd_rate_date: (i % 2 == 1).then(|| "2023-12-31".parse().unwrap()),
                    range_with: (i % 2 == 0).then_some(3),
                    same_as: (0..i).collect(),
                },
                write_amount,
            );
            same(
                &DateRecord {
                    text: s,
                    value: dates[i % 3],
                    anchor: (i % 2 == 0).then_some("published"),
                    start: 3,
                    end: 9,
                    sentence: 1,
                },
                write_date,
            );
            same(
                &DealEntity {
                    name: s,
                    kind: "leader",
                    id: (i % 2 == 0).then_some(s),
                },
                write_deal_entity,
            );
            same(
                &DealAmount {
                    value: number(-5, 0),
                    currency: s,
                    usd: (i % 2 == 0).then(|| number(25, 1)),
                    text: s,
                },
                write_deal_amount,
            );
            same(
                &ArticleRecord {
                    title: (i % 2 == 0).then_some(RangeRecord { start: 0, end: i }),
                    start: 0,
                    end: 10,
                },
                write_article,
            );
        }
        for x in [0.0, 0.85, 1.0, 0.1 + 0.2, 1e-7, 1e21, f64::NAN] {
            same(&x, |out, x| write_f64(out, *x));
        }
    }
}
