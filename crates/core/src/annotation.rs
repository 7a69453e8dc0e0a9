use std::fmt;

use rust_decimal::Decimal;

use crate::{Date, Document, PartialDate, PublishedSource, Span, Spanned};

macro_rules! index_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The index for position `i`.
            ///
            /// # Panics
            ///
            /// When `i` does not fit in a `u32` (more than four billion items
            /// in one document, which the readers' size limits rule out).
            #[inline]
            pub fn new(i: usize) -> $name {
                $name(u32::try_from(i).expect("index fits in u32"))
            }

            /// The position this index stands for.
            #[inline]
            pub fn get(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_newtype!(
    /// The 0-based index of a sentence in its document.
    SentenceIdx
);
index_newtype!(
    /// An entry of the gazetteer's table of names.
    EntryId
);
index_newtype!(
    /// The index of an entity mention in [`Annotated::entities`].
    EntityIdx
);
index_newtype!(
    /// The index of an amount in [`Annotated::amounts`].
    AmountIdx
);
index_newtype!(
    /// The index of a date mention in [`Annotated::dates`].
    DateIdx
);

/// A sentence: its span in the text and its 0-based index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where the sentence is, surrounding white space excluded.
    pub span: Span,
    /// Its position in the document.
    pub index: SentenceIdx,
}

impl Spanned for Sentence {
    fn span(&self) -> Span {
        self.span
    }
}

/// One article of a page: its headline, when it has one, and its extent.
///
/// A page usually holds one article; a digest page holds several, one after
/// another, each under its own headline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Article {
    /// The headline line, surrounding white space excluded.
    pub title: Option<Span>,
    /// From the start of the headline (or of the first body line) to the
    /// end of the article's last body line.
    pub span: Span,
}

impl Spanned for Article {
    fn span(&self) -> Span {
        self.span
    }
}

/// What the text stage found: body ranges, articles and sentences.
///
/// Invariants: `body` spans are sorted and disjoint; articles are sorted and
/// disjoint, and every body span lies inside one article; sentences are
/// sorted, disjoint, non-empty, lie inside the body, start and end on
/// character boundaries, and `sentences[i].index == i`. A headline is a
/// sentence of its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segmentation {
    /// The byte ranges that are article body (page furniture is outside them).
    pub body: Vec<Span>,
    /// The sentences, in text order.
    pub sentences: Vec<Sentence>,
    /// The articles of the page, in text order.
    pub articles: Vec<Article>,
}

impl Segmentation {
    /// The sentence that contains the whole of `span`, if any.
    pub fn sentence_of(&self, span: Span) -> Option<SentenceIdx> {
        let i = self
            .sentences
            .partition_point(|s| s.span.start() <= span.start());
        let candidate = self.sentences.get(i.checked_sub(1)?)?;
        candidate.span.contains(span).then_some(candidate.index)
    }
}

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EntityKind {
    /// A named person in a political, government or corporate leadership role.
    Leader,
    /// A commercial enterprise, state-owned ones and banks included.
    Company,
    /// Any other named institution (ministries, agencies, development banks…).
    Organization,
    /// A named geographic entity.
    Place(PlaceKind),
}

impl EntityKind {
    /// The `type` field of the output record.
    pub fn type_name(&self) -> &'static str {
        match self {
            EntityKind::Leader => "leader",
            EntityKind::Company => "company",
            EntityKind::Organization => "organization",
            EntityKind::Place(_) => "place",
        }
    }

    /// The `subtype` field of the output record (places only).
    pub fn subtype_name(&self) -> Option<&'static str> {
        match self {
            EntityKind::Place(p) => Some(p.as_str()),
            _ => None,
        }
    }

    /// Whether this kind can be a party to a deal.
    pub fn can_be_party(&self) -> bool {
        matches!(
            self,
            EntityKind::Company | EntityKind::Organization | EntityKind::Place(PlaceKind::Country)
        )
    }
}

/// The kind of a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PlaceKind {
    /// A sovereign country or territory.
    Country,
    /// A city or town.
    City,
    /// A first-level region, or a named world region ("Central Asia").
    Region,
    /// A sea, river or dry port.
    Port,
    /// A special economic zone or planned city.
    Zone,
    /// Any other named place (transport routes, corridors).
    Other,
}

impl PlaceKind {
    /// The `subtype` name in the output record.
    pub fn as_str(&self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
            PlaceKind::Port => "port",
            PlaceKind::Zone => "zone",
            PlaceKind::Other => "other",
        }
    }
}

/// What an entity mention refers to.
///
/// Two mentions refer to the same entity exactly when their `EntityRef`s are
/// equal: rule-found entities are named by the span of their first full
/// mention, which every later mention of them (a surname, an acronym) shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityRef {
    /// A gazetteer entry.
    Entry(EntryId),
    /// An entity in no gazetteer, found by a rule; its canonical name is
    /// `text[span]`.
    Text(Span),
}

impl From<EntryId> for EntityRef {
    fn from(id: EntryId) -> EntityRef {
        EntityRef::Entry(id)
    }
}

impl EntityRef {
    /// The gazetteer entry, when the entity has one.
    pub fn entry(&self) -> Option<EntryId> {
        match self {
            EntityRef::Entry(id) => Some(*id),
            EntityRef::Text(_) => None,
        }
    }
}

/// How a mention was tied to its entity (the record's `via` field).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Via {
    /// The entry's canonical name, as written, in capitals or title case.
    #[default]
    Name,
    /// One of the entry's aliases.
    Alias,
    /// A demonym of a country ("Singaporean" names Singapore).
    Demonym,
    /// A rule read the name from its context (a title, a legal form, an
    /// institution word); the entity is in no gazetteer.
    Rule,
    /// A short form the document itself introduced: a surname after a full
    /// name, or an acronym given in parentheses.
    Coreference,
}

impl Via {
    /// The `via` name in the output record.
    pub fn as_str(&self) -> &'static str {
        match self {
            Via::Name => "name",
            Via::Alias => "alias",
            Via::Demonym => "demonym",
            Via::Rule => "rule",
            Via::Coreference => "coreference",
        }
    }
}

/// A mention of an entity in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity {
    /// The mention's surface text in the document.
    pub span: Span,
    /// The sentence that holds it.
    pub sentence: SentenceIdx,
    /// What it is.
    pub kind: EntityKind,
    /// The entity it refers to: a gazetteer entry or a name in the text.
    pub entry: EntityRef,
    /// How the mention was tied to the entity.
    pub via: Via,
}

impl Spanned for Entity {
    fn span(&self) -> Span {
        self.span
    }
}

/// An ISO 4217 currency code, three upper-case ASCII letters.
///
/// ```
/// use dealx_core::Currency;
///
/// assert_eq!(Currency::new("KZT").unwrap().as_str(), "KZT");
/// assert!(Currency::new("kzt").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// US dollars.
    pub const USD: Currency = Currency(*b"USD");

    /// The currency with this code, or `None` when `code` is not three
    /// upper-case ASCII letters.
    pub fn new(code: &str) -> Option<Currency> {
        let b: [u8; 3] = code.as_bytes().try_into().ok()?;
        b.iter().all(u8::is_ascii_uppercase).then_some(Currency(b))
    }

    /// The three-letter code.
    pub fn as_str(&self) -> &str {
        // Only upper-case ASCII is ever stored.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that bounds or approximates an amount ("over $2 billion").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Qualifier {
    /// over, more than, exceed(ing), topping.
    MoreThan,
    /// at least, no less than.
    AtLeast,
    /// about, around, some, approximately.
    About,
    /// nearly, almost.
    Almost,
    /// up to.
    UpTo,
}

impl Qualifier {
    /// The name used in the output record.
    pub fn as_str(&self) -> &'static str {
        match self {
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::About => "about",
            Qualifier::Almost => "almost",
            Qualifier::UpTo => "up_to",
        }
    }
}

/// A sum of money mentioned in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    /// The mention ("$1.7 billion").
    pub span: Span,
    /// The sentence that holds it.
    pub sentence: SentenceIdx,
    /// The value in units of the currency, exact.
    pub value: Decimal,
    /// The ISO 4217 currency.
    pub currency: Currency,
    /// The value in US dollars, when a rate is known.
    pub usd: Option<Decimal>,
    /// A bounding or approximating word before the sum.
    pub qualifier: Option<Qualifier>,
    /// True when the currency was not written unambiguously (a bare `$`,
    /// `dollars`, `manat` with no country to tell) and was chosen by a
    /// documented default or by the document's context.
    pub currency_assumed: bool,
    /// The date of the rate `usd` was computed with (`None` for US dollars
    /// and when no rate is known).
    pub usd_rate_date: Option<Date>,
    /// The other end of a range ("between $4 and $6 billion"): the index of
    /// the other amount in the document's amount list.
    pub range_with: Option<AmountIdx>,
    /// The same sum in another currency ("8,000 yuan ($1,104)"): the index
    /// of the first amount of the group of equivalent sums (itself for the
    /// first one); `None` when the sum is not given twice.
    pub same_as: Option<AmountIdx>,
}

impl Spanned for Amount {
    fn span(&self) -> Span {
        self.span
    }
}

/// The value of a date mention: a point or an interval, at the precision
/// the text gives.
///
/// ```
/// use dealx_core::{DateValue, PartialDate};
///
/// let v = DateValue::Interval(PartialDate::year(2019), PartialDate::year(2023));
/// assert_eq!(v.to_string(), "2019/2023");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateValue {
    /// One day, month or year.
    Point(PartialDate),
    /// From the first to the second, both included.
    Interval(PartialDate, PartialDate),
    /// A season of a known or unknown year (`2024-SP`, `XXXX-WI`).
    Season(Option<i32>, Season),
    /// An ISO 8601 week of a year (`2024-W23`), week 1 to 53.
    Week(i32, u8),
}

/// A season, written in ISO 8601-2 style as `SP`, `SU`, `FA`, `WI`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Season {
    /// Spring (`SP`).
    Spring,
    /// Summer (`SU`).
    Summer,
    /// Autumn or fall (`FA`).
    Fall,
    /// Winter (`WI`).
    Winter,
}

impl Season {
    /// The two-letter code of the season.
    pub fn code(&self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateValue::Point(p) => p.fmt(f),
            DateValue::Interval(a, b) => write!(f, "{a}/{b}"),
            DateValue::Season(Some(y), s) => write!(f, "{y:04}-{}", s.code()),
            DateValue::Season(None, s) => write!(f, "XXXX-{}", s.code()),
            DateValue::Week(y, w) => write!(f, "{y:04}-W{w:02}"),
        }
    }
}

impl serde::Serialize for DateValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A calendar expression in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The mention ("May 23").
    pub span: Span,
    /// The sentence that holds it.
    pub sentence: SentenceIdx,
    /// Its ISO 8601 value.
    pub value: DateValue,
    /// True when the value needed the publication date (a year taken from it).
    pub anchored: bool,
}

impl Spanned for DateMention {
    fn span(&self) -> Span {
        self.span
    }
}

/// What kind of economic deal a [`Deal`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DealKind {
    /// Signed agreements, memoranda, contracts.
    Agreement,
    /// Investment stocks and flows.
    Investment,
    /// Trade volumes.
    Trade,
    /// Joint projects and plants.
    Project,
    /// Loans, credit lines, grants.
    Financing,
    /// Any other economic relation.
    Other,
}

impl DealKind {
    /// The `kind` name in the output record.
    pub fn as_str(&self) -> &'static str {
        match self {
            DealKind::Agreement => "agreement",
            DealKind::Investment => "investment",
            DealKind::Trade => "trade",
            DealKind::Project => "project",
            DealKind::Financing => "financing",
            DealKind::Other => "other",
        }
    }
}

/// A sector a deal belongs to, read from keywords of its sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Sector {
    /// Power generation and energy in general.
    Energy,
    /// Oil, gas, refining and pipelines.
    OilAndGas,
    /// Nuclear power and uranium.
    Nuclear,
    /// Solar, wind, hydro and green hydrogen.
    Renewables,
    /// Transport corridors, transit, cargo and logistics.
    TransportAndLogistics,
    /// Railways.
    Rail,
    /// Sea, river and dry ports, terminals, shipping.
    Ports,
    /// Mining, metals and critical minerals.
    MiningAndCriticalMinerals,
    /// Farming and food.
    Agriculture,
    /// Information technology, telecoms, semiconductors.
    Digital,
    /// Banking and financial services.
    Finance,
    /// Chemicals, petrochemicals and fertilisers.
    Chemicals,
    /// Satellites and aerospace.
    Space,
    /// Manufacturing and assembly.
    Manufacturing,
    /// Tourism and hospitality.
    Tourism,
}

impl Sector {
    /// Every sector, in the order of the output's names.
    pub const ALL: [Sector; 15] = [
        Sector::Energy,
        Sector::OilAndGas,
        Sector::Nuclear,
        Sector::Renewables,
        Sector::TransportAndLogistics,
        Sector::Rail,
        Sector::Ports,
        Sector::MiningAndCriticalMinerals,
        Sector::Agriculture,
        Sector::Digital,
        Sector::Finance,
        Sector::Chemicals,
        Sector::Space,
        Sector::Manufacturing,
        Sector::Tourism,
    ];

    /// The sector's name in the output record (`oil_and_gas`, `rail`…).
    pub fn as_str(&self) -> &'static str {
        match self {
            Sector::Energy => "energy",
            Sector::OilAndGas => "oil_and_gas",
            Sector::Nuclear => "nuclear",
            Sector::Renewables => "renewables",
            Sector::TransportAndLogistics => "transport_and_logistics",
            Sector::Rail => "rail",
            Sector::Ports => "ports",
            Sector::MiningAndCriticalMinerals => "mining_and_critical_minerals",
            Sector::Agriculture => "agriculture",
            Sector::Digital => "digital",
            Sector::Finance => "finance",
            Sector::Chemicals => "chemicals",
            Sector::Space => "space",
            Sector::Manufacturing => "manufacturing",
            Sector::Tourism => "tourism",
        }
    }

    /// The sector with this output name, if any.
    ///
    /// ```
    /// use dealx_core::Sector;
    ///
    /// assert_eq!(Sector::from_name("rail"), Some(Sector::Rail));
    /// assert_eq!(Sector::from_name("railways"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Sector> {
        Sector::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// A deal read from the annotated document.
///
/// Its parties, leaders and places are entity mentions; the mention named
/// is the first one the deal was read from (for parties resolved from the
/// context, the mention that context points at).
#[derive(Clone, Debug, PartialEq)]
pub struct Deal {
    /// What kind of deal.
    pub kind: DealKind,
    /// The entity mentions that name its parties (countries, companies,
    /// organizations, regions acting as parties), one per distinct entity.
    pub parties: Vec<EntityIdx>,
    /// The leaders named where the deal was read, one per distinct person.
    pub leaders: Vec<EntityIdx>,
    /// The places named where the deal was read that are not parties (the
    /// city where it was signed, the region of a project).
    pub places: Vec<EntityIdx>,
    /// The amount that belongs to it.
    pub amount: Option<AmountIdx>,
    /// The date that belongs to it.
    pub date: Option<DateIdx>,
    /// How many documents or projects it counts ("over 70 documents").
    pub count: Option<u32>,
    /// The sectors its sentence names, in [`Sector::ALL`] order.
    pub sectors: Vec<Sector>,
    /// The main sentence it was read from.
    pub sentence: SentenceIdx,
    /// The span of that sentence.
    pub evidence: Span,
    /// From the start of the first sentence the deal was read from (an
    /// earlier sentence that named its parties, when there was one) to the
    /// end of the main sentence (the record's `span`).
    pub extent: Span,
    /// How sure the reading is, 0 to 1: higher when parties, an amount, a
    /// trigger word and a date were found together in the same sentence.
    pub confidence: f32,
}

impl Spanned for Deal {
    fn span(&self) -> Span {
        self.evidence
    }
}

/// A document with everything the deal stage reads: segmentation, entities,
/// amounts and dates.
///
/// It can only be built with all four, so a stage that takes `&Annotated`
/// cannot run too early. Each list is sorted by span start.
#[derive(Clone, Debug)]
pub struct Annotated<'d> {
    doc: &'d Document,
    segmentation: Segmentation,
    entities: Vec<Entity>,
    amounts: Vec<Amount>,
    dates: Vec<DateMention>,
}

impl<'d> Annotated<'d> {
    /// Bundles the stages' results, sorting each list into text order.
    ///
    /// Amounts refer to each other by index ([`Amount::range_with`],
    /// [`Amount::same_as`]), so the money stage hands them over already in
    /// text order; the (stable) sort leaves such a list as it is.
    pub fn new(
        doc: &'d Document,
        segmentation: Segmentation,
        mut entities: Vec<Entity>,
        mut amounts: Vec<Amount>,
        mut dates: Vec<DateMention>,
    ) -> Annotated<'d> {
        entities.sort_by_key(|e| (e.span.start(), e.span.end()));
        debug_assert!(
            amounts
                .windows(2)
                .all(|w| (w[0].span.start(), w[0].span.end())
                    <= (w[1].span.start(), w[1].span.end())),
            "the money stage returns amounts in text order"
        );
        amounts.sort_by_key(|a| (a.span.start(), a.span.end()));
        dates.sort_by_key(|d| (d.span.start(), d.span.end()));
        Annotated {
            doc,
            segmentation,
            entities,
            amounts,
            dates,
        }
    }

    /// The document.
    pub fn doc(&self) -> &'d Document {
        self.doc
    }

    /// The document's text.
    pub fn text(&self) -> &'d str {
        &self.doc.text
    }

    /// Body ranges and sentences.
    pub fn segmentation(&self) -> &Segmentation {
        &self.segmentation
    }

    /// The sentences, in text order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.segmentation.sentences
    }

    /// Entity mentions, in text order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Amounts, in text order.
    pub fn amounts(&self) -> &[Amount] {
        &self.amounts
    }

    /// Date mentions, in text order.
    pub fn dates(&self) -> &[DateMention] {
        &self.dates
    }
}

/// An annotated document and the deals read from it: everything a record
/// is written from.
#[derive(Clone, Debug)]
pub struct Extraction<'d> {
    /// The annotations.
    pub annotated: Annotated<'d>,
    /// The deals, in text order of their sentences.
    pub deals: Vec<Deal>,
    /// The publication date the extraction was anchored on, if any.
    pub published: Option<Date>,
    /// Where `published` came from.
    pub published_source: Option<PublishedSource>,
}
