//! Unit tests: each rule on sentences written for the test, annotated by
//! hand (the deal stage never sees the gazetteer, so the tests say which
//! words are which entities).

use super::*;
use dealx_core::{
    Amount, AmountIdx, Annotated, Article, Currency, DateMention, DateValue, Deal, DealKind,
    Decimal, Document, Entity, EntityKind, EntryId, PartialDate, PlaceKind, Segmentation, Sentence,
    SentenceIdx, Span, Via,
};

/// One assembler for all tests (building its automata is the slow part).
fn assembler() -> &'static DealAssembler {
    static ASSEMBLER: std::sync::OnceLock<DealAssembler> = std::sync::OnceLock::new();
    ASSEMBLER.get_or_init(DealAssembler::new)
}

/// A hand-annotated document: entity surfaces (every whole-word
/// occurrence is a mention), amounts and dates by surface.
struct Case {
    text: String,
    /// (surface, canonical name, kind)
    entities: Vec<(String, String, EntityKind)>,
    /// (surface, value, currency, occurrence)
    amounts: Vec<(String, u64, &'static str)>,
    /// Pairs of amount positions (in `amounts`) that are a range.
    ranges: Vec<(usize, usize)>,
    /// Pairs of amount positions that state one sum in two currencies.
    pairs: Vec<(usize, usize)>,
    dates: Vec<(String, DateValue)>,
    /// The first line is the headline of the single article.
    headline: bool,
}

fn case(text: &str) -> Case {
    Case {
        text: text.to_string(),
        entities: Vec::new(),
        amounts: Vec::new(),
        ranges: Vec::new(),
        pairs: Vec::new(),
        dates: Vec::new(),
        headline: false,
    }
}

impl Case {
    fn entity(mut self, surface: &str, name: &str, kind: EntityKind) -> Case {
        self.entities
            .push((surface.to_string(), name.to_string(), kind));
        self
    }
    fn country(self, name: &str) -> Case {
        self.entity(name, name, EntityKind::Place(PlaceKind::Country))
    }
    /// A demonym standing for a country.
    fn demonym(self, surface: &str, country: &str) -> Case {
        self.entity(surface, country, EntityKind::Place(PlaceKind::Country))
    }
    fn company(self, name: &str) -> Case {
        self.entity(name, name, EntityKind::Company)
    }
    fn org(self, name: &str) -> Case {
        self.entity(name, name, EntityKind::Organization)
    }
    fn region(self, name: &str) -> Case {
        self.entity(name, name, EntityKind::Place(PlaceKind::Region))
    }
    fn city(self, name: &str) -> Case {
        self.entity(name, name, EntityKind::Place(PlaceKind::City))
    }
    fn leader(self, name: &str) -> Case {
        self.entity(name, name, EntityKind::Leader)
    }
    fn usd(mut self, surface: &str, value: u64) -> Case {
        self.amounts.push((surface.to_string(), value, "USD"));
        self
    }
    fn money(mut self, surface: &str, value: u64, currency: &'static str) -> Case {
        self.amounts.push((surface.to_string(), value, currency));
        self
    }
    fn range(mut self, a: usize, b: usize) -> Case {
        self.ranges.push((a, b));
        self
    }
    fn paired(mut self, a: usize, b: usize) -> Case {
        self.pairs.push((a, b));
        self
    }
    fn year(mut self, surface: &str, year: i32) -> Case {
        self.dates.push((
            surface.to_string(),
            DateValue::Point(PartialDate::year(year)),
        ));
        self
    }
    fn headline(mut self) -> Case {
        self.headline = true;
        self
    }

    /// The deals, with the names of their parties, leaders and places.
    fn run(&self) -> Vec<Read> {
        let text = self.text.as_str();
        let doc = Document::new("t", text);
        // Sentences: split after ". ", "? " and at line ends.
        let mut sentences = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i <= bytes.len() {
            let end_here = i == bytes.len()
                || bytes[i] == b'\n'
                || (i > 0 && matches!(bytes[i - 1], b'.' | b'?') && bytes[i] == b' ');
            if end_here {
                let piece = &text[start..i];
                let lead = piece.len() - piece.trim_start().len();
                let s = start + lead;
                let e = start + piece.trim_end().len();
                if e > s {
                    sentences.push(Sentence {
                        span: Span::new(s, e),
                        index: SentenceIdx::new(sentences.len()),
                    });
                }
                start = i + 1;
            }
            i += 1;
        }
        let articles = if self.headline {
            vec![Article {
                title: Some(sentences[0].span),
                span: Span::new(0, text.len()),
            }]
        } else {
            Vec::new()
        };
        let seg = Segmentation {
            body: vec![Span::new(0, text.len())],
            sentences,
            articles,
        };
        let mut names: Vec<String> = Vec::new();
        let mut entities = Vec::new();
        for (surface, name, kind) in &self.entities {
            let id = match names.iter().position(|n| n == name) {
                Some(i) => i,
                None => {
                    names.push(name.clone());
                    names.len() - 1
                }
            };
            for (s, _) in text.match_indices(surface.as_str()) {
                let e = s + surface.len();
                let before = text[..s].chars().next_back();
                let after = text[e..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                let span = Span::new(s, e);
                if entities
                    .iter()
                    .any(|x: &Entity| x.span.start() < span.end() && span.start() < x.span.end())
                {
                    continue;
                }
                entities.push(Entity {
                    span,
                    sentence: seg.sentence_of(span).expect("entity inside a sentence"),
                    kind: *kind,
                    entry: EntryId::new(id).into(),
                    via: if surface == name {
                        Via::Name
                    } else {
                        Via::Demonym
                    },
                });
            }
        }
        let mut amounts: Vec<Amount> = Vec::new();
        let mut from = 0;
        for (surface, value, currency) in &self.amounts {
            let s = from + text[from..].find(surface.as_str()).expect("amount in text");
            let span = Span::new(s, s + surface.len());
            from = span.end();
            amounts.push(Amount {
                span,
                sentence: seg.sentence_of(span).expect("amount inside a sentence"),
                value: Decimal::from(*value),
                currency: Currency::new(currency).unwrap(),
                usd: None,
                qualifier: None,
                currency_assumed: false,
                usd_rate_date: None,
                range_with: None,
                same_as: None,
            });
        }
        for &(a, b) in &self.ranges {
            amounts[a].range_with = Some(AmountIdx::new(b));
            amounts[b].range_with = Some(AmountIdx::new(a));
        }
        for &(a, b) in &self.pairs {
            amounts[a].same_as = Some(AmountIdx::new(a));
            amounts[b].same_as = Some(AmountIdx::new(a));
        }
        let dates = self
            .dates
            .iter()
            .map(|(surface, value)| {
                let s = text.find(surface.as_str()).expect("date in text");
                let span = Span::new(s, s + surface.len());
                DateMention {
                    span,
                    sentence: seg.sentence_of(span).unwrap(),
                    value: *value,
                    anchored: false,
                }
            })
            .collect();
        let annotated = Annotated::new(&doc, seg, entities, amounts, dates);
        let deals = assembler().assemble(&annotated);
        let name_of = |i: &dealx_core::EntityIdx| {
            let e = &annotated.entities()[i.get()];
            names[e.entry.entry().unwrap().get()].clone()
        };
        deals
            .iter()
            .map(|d| Read {
                deal: d.clone(),
                parties: d.parties.iter().map(name_of).collect(),
                leaders: d.leaders.iter().map(name_of).collect(),
                places: d.places.iter().map(name_of).collect(),
                amount: d.amount.map(|a| {
                    let a = &annotated.amounts()[a.get()];
                    text[a.span].to_string()
                }),
                evidence: text[d.evidence].to_string(),
            })
            .collect()
    }
}

/// A deal with its names spelled out.
#[derive(Debug)]
struct Read {
    deal: Deal,
    parties: Vec<String>,
    leaders: Vec<String>,
    places: Vec<String>,
    amount: Option<String>,
    evidence: String,
}

impl Read {
    fn kind(&self) -> DealKind {
        self.deal.kind
    }
    fn has_party(&self, name: &str) -> bool {
        self.parties.iter().any(|p| p == name)
    }
}

fn one(c: Case) -> Read {
    let mut deals = c.run();
    assert_eq!(deals.len(), 1, "{deals:#?}");
    deals.remove(0)
}

fn none(c: Case) {
    let deals = c.run();
    assert!(deals.is_empty(), "{deals:#?}");
}

// ---------------------------------------------------------------- kinds

#[test]
fn signed_agreement_with_sum_is_an_agreement() {
    let d = one(
        case("Peru and Chile signed a port agreement worth $3 billion.")
            .country("Peru")
            .country("Chile")
            .usd("$3 billion", 3_000_000_000),
    );
    assert_eq!(d.kind(), DealKind::Agreement);
    assert_eq!(d.parties, ["Peru", "Chile"]);
    assert_eq!(d.amount.as_deref(), Some("$3 billion"));
}

#[test]
fn memorandum_without_sum_is_an_agreement() {
    let d = one(case("Norway and Ghana inked a memorandum on fisheries.")
        .country("Norway")
        .country("Ghana"));
    assert_eq!(d.kind(), DealKind::Agreement);
    assert_eq!(d.amount, None);
}

#[test]
fn investment_stock_with_sum_is_an_investment() {
    let d = one(
        case("Japanese investment in Vietnam has reached $70 billion.")
            .demonym("Japanese", "Japan")
            .country("Vietnam")
            .usd("$70 billion", 70_000_000_000),
    );
    assert_eq!(d.kind(), DealKind::Investment);
    assert_eq!(d.parties, ["Japan", "Vietnam"]);
}

#[test]
fn trade_volume_is_trade() {
    let d = one(
        case("Trade turnover between Brazil and Angola rose to $1.2 billion.")
            .country("Brazil")
            .country("Angola")
            .usd("$1.2 billion", 1_200_000_000),
    );
    assert_eq!(d.kind(), DealKind::Trade);
}

#[test]
fn plant_built_by_a_company_is_a_project() {
    let d = one(case("Orbex Motors will build a battery plant in Leipzig.")
        .company("Orbex Motors")
        .city("Leipzig"));
    assert_eq!(d.kind(), DealKind::Project);
    assert_eq!(d.parties, ["Orbex Motors"]);
    assert_eq!(d.places, ["Leipzig"]);
}

#[test]
fn loan_is_financing() {
    let d = one(
        case("The Asian Development Bank approved a loan of $300 million for Nepal.")
            .org("Asian Development Bank")
            .country("Nepal")
            .usd("$300 million", 300_000_000),
    );
    assert_eq!(d.kind(), DealKind::Financing);
    assert_eq!(d.parties, ["Asian Development Bank", "Nepal"]);
}

#[test]
fn concession_is_other() {
    let d = one(
        case("Tanzania awarded Kivu Mining Ltd a concession for the lakeshore.")
            .country("Tanzania")
            .company("Kivu Mining Ltd"),
    );
    assert_eq!(d.kind(), DealKind::Other);
}

#[test]
fn nearest_trigger_decides_between_signing_and_investment() {
    let d = one(
        case("During the signing, Egypt reported Saudi investments topping $5 billion.")
            .country("Egypt")
            .demonym("Saudi", "Saudi Arabia")
            .usd("$5 billion", 5_000_000_000),
    );
    assert_eq!(d.kind(), DealKind::Investment);
}

// ---------------------------------------------------------------- sums

#[test]
fn range_is_one_deal_with_its_first_sum() {
    let d = one(
        case("Chile and Peru signed contracts worth between $4 billion and $6 billion.")
            .country("Chile")
            .country("Peru")
            .usd("$4 billion", 4_000_000_000)
            .usd("$6 billion", 6_000_000_000)
            .range(0, 1),
    );
    assert_eq!(d.amount.as_deref(), Some("$4 billion"));
}

#[test]
fn paired_conversion_is_one_deal() {
    let d = one(case(
        "Kenya and India signed a loan agreement for 12 billion rupees ($144 million).",
    )
    .country("Kenya")
    .country("India")
    .money("12 billion rupees", 12_000_000_000, "INR")
    .usd("$144 million", 144_000_000)
    .paired(0, 1));
    assert_eq!(d.amount.as_deref(), Some("12 billion rupees"));
}

#[test]
fn attachment_cue_picks_the_sum_of_the_deal() {
    let d = one(case(
        "Ghana, with revenue of $9 billion, signed a deal worth $2 billion with Togo.",
    )
    .country("Ghana")
    .country("Togo")
    .usd("$9 billion", 9_000_000_000)
    .usd("$2 billion", 2_000_000_000));
    assert_eq!(d.amount.as_deref(), Some("$2 billion"));
}

#[test]
fn two_clauses_with_two_sums_are_two_deals() {
    let deals = case(
        "Bilateral trade reached $3 billion, and Qatari investments in Oman now exceed $8 billion.",
    )
    .demonym("Qatari", "Qatar")
    .country("Oman")
    .usd("$3 billion", 3_000_000_000)
    .usd("$8 billion", 8_000_000_000)
    .run();
    assert_eq!(deals.len(), 2, "{deals:#?}");
    assert_eq!(deals[0].kind(), DealKind::Trade);
    assert_eq!(deals[0].amount.as_deref(), Some("$3 billion"));
    assert_eq!(deals[1].kind(), DealKind::Investment);
    assert_eq!(deals[1].amount.as_deref(), Some("$8 billion"));
    assert!(deals[0].has_party("Oman") && deals[0].has_party("Qatar"));
}

#[test]
fn sum_with_a_date_gets_the_date() {
    let d = one(
        case("In 2022, exports from Chile to Korea totalled $7 billion.")
            .country("Chile")
            .country("Korea")
            .usd("$7 billion", 7_000_000_000)
            .year("2022", 2022),
    );
    assert!(d.deal.date.is_some());
    assert!(d.deal.confidence > 0.9, "{}", d.deal.confidence);
}

// ---------------------------------------------------------------- counts

#[test]
fn count_of_documents() {
    let d = one(
        case("Spain and Morocco signed over 40 documents valued at $2 billion.")
            .country("Spain")
            .country("Morocco")
            .usd("$2 billion", 2_000_000_000),
    );
    assert_eq!(d.deal.count, Some(40));
}

#[test]
fn count_of_projects_skips_modifiers() {
    let d = one(
        case("Turkey and Iraq agreed on 25 joint infrastructure projects.")
            .country("Turkey")
            .country("Iraq"),
    );
    assert_eq!(d.deal.count, Some(25));
}

#[test]
fn count_in_words() {
    let d = one(case("Fiji and Samoa signed three agreements on shipping.")
        .country("Fiji")
        .country("Samoa"));
    assert_eq!(d.deal.count, Some(3));
}

// ---------------------------------------------------------------- split sentences

#[test]
fn split_sentence_takes_the_sum_of_the_next_one() {
    let deals = case("Ecuador and Panama signed 11 agreements. They are worth $6 billion.")
        .country("Ecuador")
        .country("Panama")
        .usd("$6 billion", 6_000_000_000)
        .run();
    assert_eq!(deals.len(), 1, "{deals:#?}");
    assert_eq!(deals[0].amount.as_deref(), Some("$6 billion"));
    assert_eq!(deals[0].deal.count, Some(11));
}

#[test]
fn split_sentence_takes_the_parties_of_the_one_before() {
    let d = one(
        case("Officials from Laos met a delegation from Thailand. The meeting ended with the signing of a memorandum on power exports.")
            .country("Laos")
            .country("Thailand"),
    );
    assert_eq!(d.kind(), DealKind::Agreement);
    assert_eq!(d.parties, ["Laos", "Thailand"]);
    assert!(d.evidence.starts_with("The meeting"));
    assert!(d.deal.extent.start() < d.deal.evidence.start());
}

#[test]
fn sum_without_parties_borrows_from_the_sentence_before() {
    let d = one(
        case("Canada is among the largest investors in Mexico. Its investment stock there reached $40 billion.")
            .country("Canada")
            .country("Mexico")
            .usd("$40 billion", 40_000_000_000),
    );
    assert_eq!(d.kind(), DealKind::Investment);
    assert_eq!(d.parties, ["Canada", "Mexico"]);
}

#[test]
fn parties_are_borrowed_across_a_line_break() {
    let deals = case(
        "Officials from Laos met officials from Thailand.\nThe talks ended with a memorandum.",
    )
    .country("Laos")
    .country("Thailand")
    .run();
    assert_eq!(deals.len(), 1, "{deals:#?}");
    assert_eq!(deals[0].parties, ["Laos", "Thailand"]);
}

// ---------------------------------------------------------------- parties

#[test]
fn demonyms_name_countries() {
    let d = one(case(
        "Over 90 Danish firms operate in Estonia, with investments topping $2 billion.",
    )
    .demonym("Danish", "Denmark")
    .country("Estonia")
    .usd("$2 billion", 2_000_000_000));
    assert_eq!(d.parties, ["Denmark", "Estonia"]);
}

#[test]
fn the_two_countries_are_the_article_pair() {
    let d = one(
        case("Poland and Ukraine held talks in Warsaw. Poland welcomed the Ukrainian delegation. Trade between the two countries reached $9 billion.")
            .country("Poland")
            .country("Ukraine")
            .demonym("Ukrainian", "Ukraine")
            .city("Warsaw")
            .usd("$9 billion", 9_000_000_000),
    );
    assert_eq!(d.kind(), DealKind::Trade);
    assert!(d.has_party("Poland") && d.has_party("Ukraine"), "{d:#?}");
}

#[test]
fn bilateral_trade_names_the_article_pair() {
    let deals = case("Chad and Niger discussed security. Chad thanked Niger. Officials said cooperation grew.\nBilateral trade is expected to exceed $500 million.")
        .country("Chad")
        .country("Niger")
        .usd("$500 million", 500_000_000)
        .run();
    assert_eq!(deals.len(), 1, "{deals:#?}");
    assert_eq!(deals[0].parties, ["Chad", "Niger"]);
}

#[test]
fn both_sides_name_the_article_pair() {
    let d = one(case(
        "Kenya hosted a delegation from Ethiopia. Later both sides signed a power agreement.",
    )
    .country("Kenya")
    .country("Ethiopia"));
    assert!(d.has_party("Kenya") && d.has_party("Ethiopia"));
}

#[test]
fn the_company_is_the_company_last_named() {
    let d = one(
        case("Ministers met the head of Baltic Freight Lines in Riga. The shipping company proposed the construction of a grain terminal with Latvia.")
            .company("Baltic Freight Lines")
            .city("Riga")
            .country("Latvia"),
    );
    assert!(
        d.has_party("Baltic Freight Lines") && d.has_party("Latvia"),
        "{d:#?}"
    );
}

#[test]
fn acting_region_is_a_party_and_locating_region_a_place() {
    let d = one(case(
        "In 2023, trade between Sichuan and Central Asian states rose to $8 billion.",
    )
    .region("Sichuan")
    .entity(
        "Central Asian",
        "Central Asia",
        EntityKind::Place(PlaceKind::Region),
    )
    .usd("$8 billion", 8_000_000_000));
    assert_eq!(d.parties, ["Sichuan", "Central Asia"]);
    let d = one(
        case("Vestra Wind will build a wind farm in the Aktobe region with Kazakhstan.")
            .company("Vestra Wind")
            .region("Aktobe region")
            .country("Kazakhstan"),
    );
    assert_eq!(d.parties, ["Vestra Wind", "Kazakhstan"]);
    assert_eq!(d.places, ["Aktobe region"]);
}

#[test]
fn examples_after_including_are_not_parties_when_others_are_named() {
    let d = one(
        case("Indian investment in Nepal has reached $3 billion, with firms including Tata Steel active there.")
            .demonym("Indian", "India")
            .country("Nepal")
            .company("Tata Steel")
            .usd("$3 billion", 3_000_000_000),
    );
    assert_eq!(d.parties, ["India", "Nepal"]);
}

#[test]
fn companies_named_as_examples_stand_when_alone() {
    let d = one(
        case("Projects are planned with companies like Nordhaven Power and Kestrel Grid.")
            .company("Nordhaven Power")
            .company("Kestrel Grid"),
    );
    assert_eq!(d.parties, ["Nordhaven Power", "Kestrel Grid"]);
}

#[test]
fn leaders_and_cities_are_attached_not_parties() {
    let d = one(case(
        "In Rome, President Ana Ruiz and Italy signed an energy accord with Argentina.",
    )
    .city("Rome")
    .leader("Ana Ruiz")
    .country("Italy")
    .country("Argentina"));
    assert_eq!(d.parties, ["Italy", "Argentina"]);
    assert_eq!(d.leaders, ["Ana Ruiz"]);
    assert_eq!(d.places, ["Rome"]);
}

#[test]
fn agreement_with_one_country_named_takes_the_article_counterpart() {
    let deals = case("Georgia and Armenia held talks. Georgia praised Armenia. Agreements were reached on new greenhouses in Georgia.")
        .country("Georgia")
        .country("Armenia")
        .run();
    assert_eq!(deals.len(), 1, "{deals:#?}");
    assert!(deals[0].has_party("Armenia"));
}

#[test]
fn triggers_inside_entity_names_are_ignored() {
    none(
        case("The Gulf Investment Fund opened an office in Muscat and Oman.")
            .org("Gulf Investment Fund")
            .city("Muscat")
            .country("Oman"),
    );
}

// ---------------------------------------------------------------- no deal

#[test]
fn plain_figure_without_counterparty_is_no_deal() {
    none(
        case("Chile's exports rose to $80 billion last year.")
            .country("Chile")
            .usd("$80 billion", 80_000_000_000),
    );
}

#[test]
fn sum_without_trigger_is_no_deal() {
    none(
        case("Chile and Peru reported revenue of $2 billion.")
            .country("Chile")
            .country("Peru")
            .usd("$2 billion", 2_000_000_000),
    );
}

#[test]
fn should_invest_is_no_deal() {
    none(
        case("Britain should invest $5 billion in Kenya's railways.")
            .country("Britain")
            .country("Kenya")
            .usd("$5 billion", 5_000_000_000),
    );
}

#[test]
fn conditional_is_no_deal() {
    none(
        case("If Norway signs the accord, Iceland would gain access.")
            .country("Norway")
            .country("Iceland"),
    );
}

#[test]
fn opinion_with_would_is_no_deal() {
    none(
        case("More American investment in Mongolia would strengthen ties.")
            .demonym("American", "United States")
            .country("Mongolia"),
    );
}

#[test]
fn call_to_invest_is_no_deal() {
    none(
        case("The minister called on Belgian firms to build plants in Rwanda.")
            .demonym("Belgian", "Belgium")
            .country("Rwanda"),
    );
}

#[test]
fn negated_signing_is_no_deal() {
    none(
        case("Serbia and Kosovo did not sign the agreement.")
            .country("Serbia")
            .country("Kosovo"),
    );
}

#[test]
fn goal_is_no_deal() {
    none(
        case("Ministers of Peru and Bolivia met to boost trade.")
            .country("Peru")
            .country("Bolivia"),
    );
}

#[test]
fn investment_without_figure_is_no_deal() {
    none(
        case("Many Swiss companies are investing in Ghana.")
            .demonym("Swiss", "Switzerland")
            .country("Ghana"),
    );
}

#[test]
fn measured_trade_change_stands_without_sum() {
    let d = one(
        case("Bilateral trade between Peru and Japan doubled over the decade.")
            .country("Peru")
            .country("Japan"),
    );
    assert_eq!(d.kind(), DealKind::Trade);
    assert_eq!(d.amount, None);
}

#[test]
fn not_phrase_masks_a_trigger() {
    none(
        case("Mexico named a trade envoy to Canada worth mentioning.")
            .country("Mexico")
            .country("Canada"),
    );
}

#[test]
fn existing_asset_after_the_is_no_deal() {
    none(
        case("The port was connected to the Turkish railway network by Georgia.")
            .demonym("Turkish", "Turkey")
            .country("Georgia"),
    );
}

// ---------------------------------------------------------------- merging

#[test]
fn headline_and_body_with_one_sum_are_one_deal() {
    let deals = case("Chile and Peru Ink $5 Billion in Deals\nChile and Peru signed 20 agreements worth $5 billion in Lima.")
        .country("Chile")
        .country("Peru")
        .city("Lima")
        .usd("$5 Billion", 5_000_000_000)
        .usd("$5 billion", 5_000_000_000)
        .headline()
        .run();
    assert_eq!(deals.len(), 1, "{deals:#?}");
    assert!(deals[0].evidence.starts_with("Chile and Peru signed"));
    assert_eq!(deals[0].deal.count, Some(20));
    assert_eq!(deals[0].places, ["Lima"]);
}

#[test]
fn definite_mention_is_the_same_deal() {
    let deals = case("Oman and Jordan signed a desalination agreement. The agreement was praised by Jordan and Oman. The project will supply two cities.")
        .country("Oman")
        .country("Jordan")
        .run();
    assert_eq!(deals.len(), 1, "{deals:#?}");
}

#[test]
fn two_documents_in_one_sentence_are_two_deals() {
    let deals = case("Latvia and Estonia signed a memorandum on ports and an agreement on rail.")
        .country("Latvia")
        .country("Estonia")
        .run();
    assert_eq!(deals.len(), 2, "{deals:#?}");
}

#[test]
fn clause_with_its_own_party_is_its_own_deal() {
    let deals = case("A $2 billion project with Petrolux is underway, while a partnership with Andes Gas is planned for the modernization of a refinery.")
        .company("Petrolux")
        .company("Andes Gas")
        .usd("$2 billion", 2_000_000_000)
        .run();
    assert_eq!(deals.len(), 2, "{deals:#?}");
    assert_eq!(deals[0].parties, ["Petrolux"]);
    assert_eq!(deals[1].parties, ["Andes Gas"]);
}

// ---------------------------------------------------------------- record fields

#[test]
fn sectors_come_from_keywords() {
    let d = one(
        case("Norway and Chile signed a lithium mining and solar power agreement.")
            .country("Norway")
            .country("Chile"),
    );
    assert_eq!(
        d.deal.sectors,
        [Sector::Renewables, Sector::MiningAndCriticalMinerals]
    );
}

/// A headline deal restated later in the body keeps its place before the
/// deals read in between: each deal still takes the sectors of its own
/// main sentence, wherever that lies.
#[test]
fn sectors_follow_each_deals_own_sentence() {
    let deals = case("Chile and Peru Ink $5 Billion in Deals\nChile will build a solar power plant with Peru. Chile and Peru signed agreements on copper mining worth $5 billion.")
        .country("Chile")
        .country("Peru")
        .usd("$5 Billion", 5_000_000_000)
        .usd("$5 billion", 5_000_000_000)
        .headline()
        .run();
    assert_eq!(deals.len(), 2, "{deals:#?}");
    let (mining, solar) = (&deals[0], &deals[1]);
    assert!(mining.evidence.contains("copper mining"), "{deals:#?}");
    assert_eq!(mining.deal.sectors, [Sector::MiningAndCriticalMinerals]);
    assert!(solar.evidence.contains("solar power"), "{deals:#?}");
    assert_eq!(solar.deal.sectors, [Sector::Energy, Sector::Renewables]);
}

#[test]
fn confidence_grows_with_what_was_found() {
    let full = one(
        case("In 2024, Chile and Peru signed a deal worth $1 billion.")
            .country("Chile")
            .country("Peru")
            .usd("$1 billion", 1_000_000_000)
            .year("2024", 2024),
    );
    let bare = one(case("Nordhaven Power will build a plant.").company("Nordhaven Power"));
    assert!(full.deal.confidence > bare.deal.confidence);
    assert!((0.0..=1.0).contains(&full.deal.confidence));
    assert!((0.0..=1.0).contains(&bare.deal.confidence));
}

// ---------------------------------------------------------------- tables

#[test]
fn rejects_unknown_kind_in_trigger_table() {
    let err = DealAssembler::with_tables(
        "trigger\tkind\tform\tneeds\tsource\nbarter\tswap\tnoun\tevent\tcurated\n",
        DEFAULT_CUES,
        DEFAULT_SECTORS,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "triggers table, line 2: unknown deal kind 'swap'"
    );
}

#[test]
fn rejects_unknown_sector() {
    let err = DealAssembler::with_tables(
        DEFAULT_TRIGGERS,
        DEFAULT_CUES,
        "keyword\tsector\tsource\nwheat\tfood\tcurated\n",
    )
    .unwrap_err();
    assert_eq!(err.table, "sectors");
    assert_eq!(err.line, 2);
}

#[test]
fn every_built_in_row_names_its_source() {
    for table in [DEFAULT_TRIGGERS, DEFAULT_CUES, DEFAULT_SECTORS] {
        for line in table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .skip(1)
        {
            assert!(line.ends_with("\tcurated"), "{line}");
        }
    }
}

#[test]
fn assembler_is_send_sync() {
    fn assert_traits<T: Send + Sync + std::panic::RefUnwindSafe>() {}
    assert_traits::<DealAssembler>();
}

#[test]
fn the_deal_is_worth_completes_the_deal_before() {
    let deals =
        case("Peru and Chile signed a rail agreement on Monday. The deal is worth $4 billion.")
            .country("Peru")
            .country("Chile")
            .usd("$4 billion", 4_000_000_000)
            .run();
    assert_eq!(deals.len(), 1, "{deals:#?}");
    assert_eq!(deals[0].amount.as_deref(), Some("$4 billion"));
    assert!(deals[0].evidence.starts_with("Peru and Chile signed"));
}

#[test]
fn said_that_investment_is_not_a_definite_mention() {
    let deals = case("Peru and Chile signed a rail agreement. Officials said that investment from Chile in Peru reached $9 billion.")
        .country("Peru")
        .country("Chile")
        .usd("$9 billion", 9_000_000_000)
        .run();
    assert_eq!(deals.len(), 2, "{deals:#?}");
    assert_eq!(deals[1].kind(), DealKind::Investment);
}

#[test]
fn keyword_inside_a_longer_keyword_tags_only_the_longer() {
    let d = one(case("Chile and Peru signed a wind farm contract.")
        .country("Chile")
        .country("Peru"));
    assert_eq!(d.deal.sectors, [Sector::Renewables]);
}

#[test]
fn agreeing_to_cooperate_is_no_deal() {
    none(
        case("Japan and India agreed to deepen cooperation.")
            .country("Japan")
            .country("India"),
    );
}
