//! The matching rules, each tested with sentences of our own and names that
//! are not in the corpus (South America, the Caucasus, invented firms).

use super::*;
use dealx_core::{EntityRef, Sentence, SentenceIdx};

const HEADER: &str = "id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource\n";

const ROWS: &str = "\
c:GE\tGeorgia\t\tplace\tcountry\tGE\t\tt
c:UZ\tUzbekistan\tRepublic of Uzbekistan\tplace\tcountry\tUZ\t\tt
c:TR\tTurkey\tTürkiye\tplace\tcountry\tTR\t\tt
c:CN\tChina\t\tplace\tcountry\tCN\t\tt
c:JO\tJordan\t\tplace\tcountry\tJO\t\tt
c:CL\tChile\t\tplace\tcountry\tCL\t\tt
c:BR\tBrazil\t\tplace\tcountry\tBR\t\tt
c:KR\tSouth Korea\tKorea\tplace\tcountry\tKR\t\tt
city:UZ:tashkent\tTashkent\t\tplace\tcity\tUZ\t\tt
city:BR:sao-paulo\tSão Paulo\t\tplace\tcity\tBR\t\tt
city:CZ:most\tMost\t\tplace\tcity\tCZ\t\tt
city:GB:deal\tDeal\t\tplace\tcity\tGB\t\tt
city:TM:mary\tMary\t\tplace\tcity\tTM\t\tt
city:CO:pereira\tPereira\t\tplace\tcity\tCO\t\tt
region:CL:atacama\tAtacama region\t\tplace\tregion\tCL\t\tt
org:gatech\tGeorgia Tech\t\torganization\t\tUS\t\tt
org:iadb\tInter-American Development Bank\tIDB\torganization\t\t\t\tt
co:petrobras\tPetrobras\t\tcompany\t\tBR\t\tt
co:codelco\tCodelco\t\tcompany\t\tCL\t\tt
co:vale\tVale\t\tcompany\t\tBR\t\tt
co:lg\tLG\t\tcompany\t\tKR\t\tt
leader:boric\tGabriel Boric\t\tleader\t\tCL\trole=President\tt
leader:moon\tMoon Jae-in\t\tleader\t\tKR\trole=President;surname=Moon\tt
";

const DEMONYMS: &str = "\
Uzbek\tUZ\tt
Uzbekistani\tUZ\tt
Georgian\tGE\tt
Chilean\tCL\tt
Brazilian\tBR\tt
Korean\tKR\tt
South Korean\tKR\tt
";

fn gazetteer() -> Gazetteer {
    let mut b = GazetteerBuilder::new();
    b.add_entries("test.tsv", &format!("{HEADER}{ROWS}"))
        .unwrap();
    b.add_demonyms(
        "demonyms.tsv",
        &format!("name\tcountry\tsource\n{DEMONYMS}"),
    )
    .unwrap();
    b.build().unwrap()
}

/// Table names in `text`, as (surface, canonical name).
fn names<'t>(g: &Gazetteer, text: &'t str) -> Vec<(&'t str, String)> {
    g.find_iter(text)
        .map(|m| (&text[m.span], g.entry(m.entry).name().to_string()))
        .collect()
}

fn surfaces<'t>(g: &Gazetteer, text: &'t str) -> Vec<&'t str> {
    names(g, text).into_iter().map(|(s, _)| s).collect()
}

/// Splits `text` into sentences at ". " (enough for these tests).
fn segment(text: &str) -> Segmentation {
    Segmentation {
        body: vec![Span::new(0, text.len())],
        sentences: sentences_in(text, Span::new(0, text.len())),
        articles: Vec::new(),
    }
}

/// The sentences of `text[within]`, split at ". ".
fn sentences_in(text: &str, within: Span) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut start = within.start();
    for piece in text[within].split_inclusive(". ") {
        let end = start + piece.trim_end().len();
        sentences.push(Sentence {
            span: Span::new(start, end),
            index: SentenceIdx::new(sentences.len()),
        });
        start += piece.len();
    }
    sentences
}

/// Every entity of `text` as (surface, type, canonical name, via).
fn entities(g: &Gazetteer, text: &str) -> Vec<(String, &'static str, String, Via)> {
    g.find(text, &segment(text))
        .into_iter()
        .map(|e| {
            let name = match e.entry {
                EntityRef::Entry(id) => g.entry(id).name().to_string(),
                EntityRef::Text(span) => text[span].to_string(),
            };
            (text[e.span].to_string(), e.kind.type_name(), name, e.via)
        })
        .collect()
}

/// The entities of one type, as (surface, canonical name).
fn of_type(g: &Gazetteer, text: &str, kind: &str) -> Vec<(String, String)> {
    entities(g, text)
        .into_iter()
        .filter(|(_, k, _, _)| *k == kind)
        .map(|(s, _, n, _)| (s, n))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

// --- word boundaries ---

#[test]
fn finds_names_aliases_and_demonyms() {
    let g = gazetteer();
    let text = "Uzbek firms in the Republic of Uzbekistan and Tashkent.";
    assert_eq!(
        names(&g, text),
        [
            ("Uzbek", "Uzbekistan".to_string()),
            ("Republic of Uzbekistan", "Uzbekistan".to_string()),
            ("Tashkent", "Tashkent".to_string()),
        ]
    );
}

#[test]
fn matches_report_name_alias_or_demonym() {
    let g = gazetteer();
    let vias: Vec<Via> = g
        .find_iter("Uzbekistani Georgia and Türkiye")
        .map(|m| m.via)
        .collect();
    assert_eq!(vias, [Via::Demonym, Via::Name, Via::Alias]);
}

#[test]
fn rejects_matches_inside_words() {
    let g = gazetteer();
    assert!(surfaces(&g, "Tashkentskaya Georgiana Chilecito").is_empty());
}

#[test]
fn country_is_not_read_inside_an_unlisted_adjective() {
    let g = gazetteer();
    assert!(surfaces(&g, "Uzbekistanis and Brazilians").is_empty());
    assert_eq!(names(&g, "Uzbekistani")[0].1, "Uzbekistan");
}

#[test]
fn non_ascii_letters_glue_words_too() {
    let g = gazetteer();
    assert!(surfaces(&g, "Chileño wine and ÉChina").is_empty());
    assert_eq!(surfaces(&g, "São Paulo’s port"), ["São Paulo"]);
}

#[test]
fn accepts_straight_and_curly_possessives() {
    let g = gazetteer();
    assert_eq!(
        surfaces(&g, "Georgia’s and Brazil's plans, Petrobras’ output"),
        ["Georgia", "Brazil", "Petrobras"]
    );
}

#[test]
fn hyphenated_compound_gives_both_countries() {
    let g = gazetteer();
    let found = names(&g, "Chile-Brazil agreements and Uzbek-Georgian talks");
    let countries: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(countries, ["Chile", "Brazil", "Uzbekistan", "Georgia"]);
}

#[test]
fn longest_name_wins() {
    let g = gazetteer();
    assert_eq!(surfaces(&g, "the South Korean side"), ["South Korean"]);
    assert_eq!(
        names(&g, "the Republic of Uzbekistan")[0].0,
        "Republic of Uzbekistan"
    );
}

#[test]
fn shorter_name_is_found_when_the_longest_fails_the_boundary() {
    let g = gazetteer();
    // "Georgia Tech" is a table name, but "Georgia Technologies" is not it.
    assert_eq!(
        names(&g, "Georgia Technologies opened"),
        [("Georgia", "Georgia".to_string())]
    );
    assert_eq!(surfaces(&g, "at Georgia Tech today"), ["Georgia Tech"]);
}

#[test]
fn no_name_at_all_when_every_candidate_fails() {
    let g = gazetteer();
    assert!(surfaces(&g, "South Koreans").is_empty());
}

// --- case policy ---

#[test]
fn acronyms_match_only_as_written() {
    let g = gazetteer();
    assert_eq!(surfaces(&g, "LG and Lg and lg"), ["LG"]);
}

#[test]
fn short_names_match_case_sensitively() {
    let g = gazetteer();
    assert_eq!(surfaces(&g, "Vale, VALE, vale"), ["Vale", "VALE"]);
}

#[test]
fn all_capitals_headline_matches() {
    let g = gazetteer();
    assert_eq!(
        names(&g, "PETROBRAS AND CODELCO SIGN DEAL IN CHILE"),
        [
            ("PETROBRAS", "Petrobras".to_string()),
            ("CODELCO", "Codelco".to_string()),
            ("CHILE", "Chile".to_string()),
        ]
    );
}

#[test]
fn title_case_variant_of_a_lower_case_word() {
    let g = gazetteer();
    assert_eq!(
        names(&g, "mines in the Atacama Region and the Atacama region"),
        [
            ("Atacama Region", "Atacama region".to_string()),
            ("Atacama region", "Atacama region".to_string()),
        ]
    );
}

#[test]
fn lower_case_common_words_never_match() {
    let g = gazetteer();
    assert!(surfaces(&g, "fine china and roast turkey by the jordan river").is_empty());
}

#[test]
fn capitalised_country_words_match_even_sentence_initially() {
    let g = gazetteer();
    assert_eq!(
        surfaces(&g, "Turkey and Jordan signed. China agreed."),
        ["Turkey", "Jordan", "China"]
    );
}

#[test]
fn everyday_word_city_is_not_read_at_a_sentence_start() {
    let g = gazetteer();
    assert!(surfaces(&g, "Most analysts agree.").is_empty());
    assert_eq!(surfaces(&g, "Exports to Most rose."), ["Most"]);
}

#[test]
fn everyday_word_city_is_not_read_in_a_title_cased_headline() {
    let g = gazetteer();
    assert!(surfaces(&g, "Chile Signs Big Deal With Brazil")
        .iter()
        .all(|s| *s != "Deal"));
    assert_eq!(surfaces(&g, "a ferry from Deal to Calais"), ["Deal"]);
}

#[test]
fn everyday_word_city_in_capitals_is_not_read() {
    let g = gazetteer();
    assert!(surfaces(&g, "THE DEAL IS DONE").is_empty());
}

#[test]
fn first_name_that_is_a_city_is_not_read_at_a_sentence_start() {
    let g = gazetteer();
    assert!(surfaces(&g, "Mary Jones said so.").is_empty());
    assert_eq!(surfaces(&g, "officials in Mary reported"), ["Mary"]);
}

// --- find over a segmented document ---

#[test]
fn find_keeps_only_names_inside_sentences() {
    let g = gazetteer();
    let text = "Georgia. Tashkent";
    let seg = Segmentation {
        body: vec![Span::new(0, 8)],
        sentences: vec![Sentence {
            span: Span::new(0, 8),
            index: SentenceIdx::new(0),
        }],
        articles: Vec::new(),
    };
    let found = g.find(text, &seg);
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].span], "Georgia");
}

/// Page furniture (outside the body) is not read for names: what is found
/// is what a reading of the whole text keeps, since only mentions inside
/// sentences count.
#[test]
fn find_reads_the_body_only_and_finds_what_the_whole_text_gives() {
    let g = gazetteer();
    let menu = "Home | Chile | China | Georgia | Business\n";
    let story = "Uzbekistan and China signed a deal. Gabriel Boric met Codelco in Tashkent.";
    let footer = "\nRelated: Brazil, Petrobras and Chile news";
    let text = format!("{menu}{story}{footer}");
    let body_start = menu.len();
    let body_end = body_start + story.len();
    let body = Span::new(body_start, body_end);
    let body_only = Segmentation {
        body: vec![body],
        sentences: sentences_in(&text, body),
        articles: Vec::new(),
    };
    let whole = Segmentation {
        body: vec![Span::new(0, text.len())],
        ..body_only.clone()
    };
    let found = g.find(&text, &body_only);
    assert_eq!(found, g.find(&text, &whole));
    let surfaces: Vec<&str> = found.iter().map(|e| &text[e.span]).collect();
    assert_eq!(
        surfaces,
        [
            "Uzbekistan",
            "China",
            "Gabriel Boric",
            "Codelco",
            "Tashkent"
        ]
    );
    assert!(found
        .iter()
        .all(|e| e.span.start() >= body_start && e.span.end() <= body_end));
}

#[test]
fn demonym_entity_names_the_country_via_demonym() {
    let g = gazetteer();
    let found = entities(&g, "Chilean miners arrived.");
    assert_eq!(
        found,
        [(
            "Chilean".to_string(),
            "place",
            "Chile".to_string(),
            Via::Demonym
        )]
    );
}

// --- rules: leaders ---

#[test]
fn title_then_name_is_a_leader() {
    let g = gazetteer();
    let text = "Prime Minister Irakli Garibashvili arrived.";
    assert_eq!(
        entities(&g, text),
        [(
            "Irakli Garibashvili".to_string(),
            "leader",
            "Irakli Garibashvili".to_string(),
            Via::Rule
        )]
    );
}

#[test]
fn chief_executive_acronym_title() {
    let g = gazetteer();
    assert_eq!(
        of_type(&g, "Its CEO Maria Fernandes said.", "leader"),
        [pair("Maria Fernandes", "Maria Fernandes")]
    );
}

#[test]
fn longest_title_wins() {
    let g = gazetteer();
    assert_eq!(
        of_type(
            &g,
            "First Deputy Prime Minister Tamar Beridze spoke.",
            "leader"
        ),
        [pair("Tamar Beridze", "Tamar Beridze")]
    );
}

#[test]
fn title_with_an_of_phrase_ending_in_a_country() {
    let g = gazetteer();
    let text = "Minister of Economy of Georgia Levan Davitashvili met them.";
    assert_eq!(
        of_type(&g, text, "leader"),
        [pair("Levan Davitashvili", "Levan Davitashvili")]
    );
    assert_eq!(of_type(&g, text, "place"), [pair("Georgia", "Georgia")]);
}

#[test]
fn title_with_a_long_institutional_of_phrase() {
    let g = gazetteer();
    let text = "First Deputy Chairman of the Council of Ministers of the Republic of Uzbekistan Aziz Rakhimov spoke.";
    assert_eq!(
        of_type(&g, text, "leader"),
        [pair("Aziz Rakhimov", "Aziz Rakhimov")]
    );
}

#[test]
fn name_before_a_title_after_a_comma_is_a_leader() {
    let g = gazetteer();
    let text = "Ana Souza, Minister of Mines and Energy, said so.";
    assert_eq!(
        of_type(&g, text, "leader"),
        [pair("Ana Souza", "Ana Souza")]
    );
}

#[test]
fn a_single_word_after_a_title_is_not_a_new_leader() {
    let g = gazetteer();
    assert!(of_type(&g, "President Smith said.", "leader").is_empty());
}

#[test]
fn a_title_before_lower_case_words_is_not_a_leader() {
    let g = gazetteer();
    assert!(of_type(&g, "The President said the Minister agreed.", "leader").is_empty());
}

#[test]
fn table_leader_wins_over_the_rule() {
    let g = gazetteer();
    let found = entities(&g, "President Gabriel Boric visited.");
    assert_eq!(
        found,
        [(
            "Gabriel Boric".to_string(),
            "leader",
            "Gabriel Boric".to_string(),
            Via::Name
        )]
    );
}

// --- rules: companies ---

#[test]
fn legal_form_after_capitalised_words_is_a_company() {
    let g = gazetteer();
    assert_eq!(
        of_type(&g, "Andes Copper LLP signed.", "company"),
        [pair("Andes Copper LLP", "Andes Copper LLP")]
    );
}

#[test]
fn legal_form_with_ampersand_and_final_dot() {
    let g = gazetteer();
    assert_eq!(
        of_type(
            &g,
            "a deal with Pampa Marketing & Trading Ltd. was signed",
            "company"
        ),
        [pair(
            "Pampa Marketing & Trading Ltd.",
            "Pampa Marketing & Trading Ltd."
        )]
    );
}

#[test]
fn sentence_initial_function_word_is_not_part_of_a_company() {
    let g = gazetteer();
    assert_eq!(
        of_type(&g, "Yesterday Rio Verde LLC said.", "company"),
        [pair("Rio Verde LLC", "Rio Verde LLC")]
    );
}

#[test]
fn prefix_legal_form_opens_a_company() {
    let g = gazetteer();
    assert_eq!(
        of_type(&g, "the shares of JSC Kartli Energo rose", "company"),
        [pair("JSC Kartli Energo", "JSC Kartli Energo")]
    );
}

#[test]
fn legal_form_alone_is_not_a_company() {
    let g = gazetteer();
    assert!(of_type(&g, "a new LLC was registered", "company").is_empty());
}

// --- rules: organizations ---

#[test]
fn ministry_of_phrase_is_an_organization_holding_its_country() {
    let g = gazetteer();
    let text = "the Ministry of Mines and Energy of Brazil announced it.";
    assert_eq!(
        of_type(&g, text, "organization"),
        [pair(
            "Ministry of Mines and Energy of Brazil",
            "Ministry of Mines and Energy of Brazil"
        )]
    );
    assert!(of_type(&g, text, "place").is_empty());
}

#[test]
fn development_bank_is_an_organization() {
    let g = gazetteer();
    assert_eq!(
        of_type(
            &g,
            "the Caribbean Development Bank approved it",
            "organization"
        ),
        [pair(
            "Caribbean Development Bank",
            "Caribbean Development Bank"
        )]
    );
}

#[test]
fn a_commercial_bank_is_a_company() {
    let g = gazetteer();
    assert_eq!(
        of_type(&g, "loans from Pacific Trust Bank grew", "company"),
        [pair("Pacific Trust Bank", "Pacific Trust Bank")]
    );
}

#[test]
fn national_bank_of_a_country_is_an_organization() {
    let g = gazetteer();
    assert_eq!(
        of_type(&g, "the National Bank of Georgia cut rates", "organization"),
        [pair("National Bank of Georgia", "National Bank of Georgia")]
    );
}

#[test]
fn academy_with_an_of_and_tail() {
    let g = gazetteer();
    assert_eq!(
        of_type(
            &g,
            "the Sichuan Academy of Agricultural and Forest Sciences said",
            "organization"
        ),
        [pair(
            "Sichuan Academy of Agricultural and Forest Sciences",
            "Sichuan Academy of Agricultural and Forest Sciences"
        )]
    );
}

#[test]
fn organization_ends_at_the_country_before_a_name() {
    let g = gazetteer();
    let text = "Deputy Chairman of the Cabinet of Ministers of the Republic of Uzbekistan Aziz Rakhimov spoke.";
    assert_eq!(
        of_type(&g, text, "organization"),
        [pair(
            "Cabinet of Ministers of the Republic of Uzbekistan",
            "Cabinet of Ministers of the Republic of Uzbekistan"
        )]
    );
    assert_eq!(
        of_type(&g, text, "leader"),
        [pair("Aziz Rakhimov", "Aziz Rakhimov")]
    );
}

#[test]
fn table_organization_wins_over_the_rule() {
    let g = gazetteer();
    let found = entities(&g, "the Inter-American Development Bank lent more.");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].3, Via::Name);
}

// --- within a document ---

#[test]
fn surname_after_a_rule_leader_resolves_to_them() {
    let g = gazetteer();
    let text = "Prime Minister Irakli Garibashvili arrived. Garibashvili said more.";
    let found = g.find(text, &segment(text));
    assert_eq!(found.len(), 2);
    assert_eq!(&text[found[1].span], "Garibashvili");
    assert_eq!(found[1].via, Via::Coreference);
    assert_eq!(found[1].entry, found[0].entry);
}

#[test]
fn title_and_surname_resolve_to_a_table_leader() {
    let g = gazetteer();
    let text = "Gabriel Boric opened the mine. President Boric then left.";
    let found = entities(&g, text);
    assert_eq!(
        found[1],
        (
            "Boric".to_string(),
            "leader",
            "Gabriel Boric".to_string(),
            Via::Coreference
        )
    );
}

#[test]
fn surname_attribute_beats_the_last_word() {
    let g = gazetteer();
    let text = "Moon Jae-in visited. Moon said the talks went well.";
    let found = entities(&g, text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[1].2, "Moon Jae-in");
}

#[test]
fn acronym_in_parentheses_becomes_an_alias() {
    let g = gazetteer();
    let text = "Andes Copper LLP (ACL) grew. ACL plans more.";
    let found = entities(&g, text);
    let acl: Vec<_> = found.iter().filter(|e| e.0 == "ACL").collect();
    assert_eq!(acl.len(), 2);
    assert!(acl
        .iter()
        .all(|e| e.2 == "Andes Copper LLP" && e.3 == Via::Coreference));
}

#[test]
fn acronym_of_a_table_entry_resolves_to_the_entry() {
    let g = gazetteer();
    let text = "Codelco (CDC) exported more. CDC said so.";
    let found = entities(&g, text);
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|e| e.2 == "Codelco"));
}

#[test]
fn company_name_without_its_legal_form_resolves() {
    let g = gazetteer();
    let text = "Andes Copper LLP signed. Andes Copper will build it.";
    let found = of_type(&g, text, "company");
    assert_eq!(
        found,
        [
            pair("Andes Copper LLP", "Andes Copper LLP"),
            pair("Andes Copper", "Andes Copper LLP")
        ]
    );
}

#[test]
fn a_surname_two_leaders_share_is_not_resolved() {
    let g = gazetteer();
    let text = "Prime Minister Ana Silva met Minister Joao Silva. Silva said no.";
    let found = of_type(&g, text, "leader");
    assert_eq!(found.len(), 2);
}

#[test]
fn repeated_rule_names_are_one_entity() {
    let g = gazetteer();
    let text = "Andes Copper LLP signed. Andes Copper LLP paid.";
    let found = g.find(text, &segment(text));
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].entry, found[1].entry);
    assert_eq!(found[0].entry, EntityRef::Text(found[0].span));
}

#[test]
fn a_surname_that_is_a_month_is_not_an_alias() {
    let g = gazetteer();
    let text = "Prime Minister Theresa May arrived. Talks on May 23 ended.";
    assert_eq!(of_type(&g, text, "leader").len(), 1);
}

// --- loading and checking ---

#[test]
fn reports_bad_rows_with_file_and_line() {
    let mut b = GazetteerBuilder::new();
    let err = b
        .add_entries(
            "x.tsv",
            &format!("{HEADER}a\tA\t\tplace\tcountry\tAA\t\tt\nb\tB\t\tplanet\t\t\t\tt\n"),
        )
        .unwrap_err();
    assert_eq!(err.line, 3);
    assert_eq!(err.to_string(), "x.tsv:3: unknown type/subtype 'planet/'");
}

#[test]
fn reports_bad_header_and_field_count() {
    let mut b = GazetteerBuilder::new();
    let err = b.add_entries("x.tsv", "id\tname\n").unwrap_err();
    assert!(matches!(err.kind, LoadErrorKind::BadHeader { .. }));
    let err = b
        .add_entries("x.tsv", &format!("{HEADER}a\tA\n"))
        .unwrap_err();
    assert_eq!(
        err.kind,
        LoadErrorKind::FieldCount {
            expected: 8,
            found: 2
        }
    );
}

#[test]
fn reports_duplicate_ids() {
    let mut b = GazetteerBuilder::new();
    let rows = format!("{HEADER}a\tA\t\tcompany\t\t\t\tt\na\tB\t\tcompany\t\t\t\tt\n");
    let err = b.add_entries("x.tsv", &rows).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::DuplicateId("a".into()));
}

#[test]
fn demonym_of_unknown_country_fails_build() {
    let mut b = GazetteerBuilder::new();
    b.add_demonyms("d.tsv", "name\tcountry\tsource\nMartian\tMA\tt\n")
        .unwrap();
    let err = b.build().unwrap_err();
    assert_eq!(err.to_string(), "d.tsv:2: no country entry for code 'MA'");
}

#[test]
fn check_reports_every_bad_row_not_just_the_first() {
    let entries = format!(
        "{HEADER}a\tA\t\tcompany\t\t\t\tt\n\
         b\t\t\tcompany\t\t\t\tt\n\
         c\tC\t\tcompany\t\tkz\t\tt\n\
         d\tD\tx||y\tcompany\t\t\t\tt\n\
         e\tE\t\tcompany\t\t\tnovalue\tt\n\
         a\tA2\t\tcompany\t\t\t\tt\n\
         f\tF\n"
    );
    let reports = check_files(&[("co.tsv", &entries)]);
    let lines: Vec<usize> = reports[0].errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
    assert_eq!(reports[0].rows, 1);
    assert!(reports[0].errors[1]
        .to_string()
        .starts_with("co.tsv:4: country must be"));
}

#[test]
fn check_finds_duplicates_across_files_and_orphan_demonyms() {
    let places = format!("{HEADER}c:CL\tChile\t\tplace\tcountry\tCL\t\tt\n");
    let more = format!("{HEADER}c:CL\tChile again\t\tplace\tcountry\tCL\t\tt\n");
    let demonyms = "name\tcountry\tsource\nChilean\tCL\tt\nMartian\tMA\tt\n";
    let reports = check_files(&[
        ("places.tsv", &places),
        ("more.tsv", &more),
        ("dir/demonyms.tsv", demonyms),
    ]);
    assert!(reports[0].errors.is_empty());
    assert_eq!(
        reports[1].errors[0].to_string(),
        "more.tsv:2: duplicate id 'c:CL'"
    );
    assert_eq!(reports[2].rows, 1);
    assert_eq!(
        reports[2].errors[0].to_string(),
        "dir/demonyms.tsv:3: no country entry for code 'MA'"
    );
}

#[test]
fn entry_attributes_are_read() {
    let g = gazetteer();
    let moon = (0..g.len())
        .map(|i| g.entry(EntryId::new(i)))
        .find(|e| e.id() == "leader:moon")
        .unwrap();
    assert_eq!(moon.attr("role"), Some("President"));
    assert_eq!(moon.surname(), Some("Moon"));
}

/// The surnames `resolve` reads from the table made at start-up are the
/// ones `Entry::surname` reads off each entry, for every entry of the
/// built-in gazetteer (frozen and built at run time) and of the test one.
#[test]
fn surname_table_agrees_with_entry_surname() {
    let built = GazetteerBuilder::builtin().unwrap().build().unwrap();
    let mut with_surname = 0;
    for g in [Gazetteer::builtin(), built, gazetteer()] {
        for i in 0..g.len() {
            let id = EntryId::new(i);
            assert_eq!(g.surname(id), g.entry(id).surname(), "{}", g.entry(id).id());
            with_surname += usize::from(g.surname(id).is_some());
        }
    }
    assert!(with_surname > 2000, "only {with_surname} surnames");
}

#[test]
fn builtin_files_load_and_build() {
    let g = GazetteerBuilder::builtin().unwrap().build().unwrap();
    assert!(g.len() > 200, "only {} built-in entries", g.len());
    let files: Vec<&str> = BUILTIN_FILES.iter().map(|(n, _)| *n).collect();
    let reports = check_files(
        &BUILTIN_FILES
            .iter()
            .map(|(n, c)| (*n, *c))
            .collect::<Vec<_>>(),
    );
    assert_eq!(reports.len(), files.len());
    assert!(reports.iter().all(|r| r.errors.is_empty()), "{reports:?}");
}

#[test]
fn gazetteer_is_send_sync_and_unwind_safe() {
    fn assert_traits<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
    assert_traits::<Gazetteer>();
    assert_traits::<GazetteerBuilder>();
}

#[test]
fn name_before_a_possessive_country_and_title_is_a_leader() {
    let g = gazetteer();
    let text = "Rosa Mendes, Chile's Minister of Mining, said so.";
    assert_eq!(
        of_type(&g, text, "leader"),
        [pair("Rosa Mendes", "Rosa Mendes")]
    );
}

#[test]
fn a_rule_name_repeated_without_its_title_is_the_same_leader() {
    let g = gazetteer();
    let text = "President Lee Jae-myung arrived. Later Lee Jae-myung spoke.";
    let found = g.find(text, &segment(text));
    assert_eq!(found.len(), 2);
    assert_eq!(&text[found[1].span], "Lee Jae-myung");
    assert_eq!(found[1].via, Via::Coreference);
    assert_eq!(found[0].entry, found[1].entry);
}

#[test]
fn a_plural_title_before_a_name_after_a_comma() {
    let g = gazetteer();
    assert_eq!(
        of_type(
            &g,
            "one of its Vice-Presidents, Ivan Petrov, came",
            "leader"
        ),
        [pair("Ivan Petrov", "Ivan Petrov")]
    );
}

#[test]
fn a_title_with_its_own_name_is_not_an_appositive() {
    let g = gazetteer();
    let text = "At the Chile-Brazil Business Forum, President Boric spoke.";
    assert!(of_type(&g, text, "leader").is_empty());
}

#[test]
fn a_name_hyphenated_to_an_unknown_capitalised_word_is_not_read() {
    let g = gazetteer();
    assert!(entities(&g, "the Georgia-Fernandez doctrine.").is_empty());
    assert!(entities(&g, "the Trans-Georgia pipeline.").is_empty());
    assert_eq!(entities(&g, "Georgia-based firms.").len(), 1);
    assert_eq!(entities(&g, "Chile-Brazil agreements.").len(), 2);
}

#[test]
fn a_surname_that_is_also_a_town_stays_the_person() {
    let g = gazetteer();
    let text = "Chief Executive Officer Ana Lucia Pereira spoke. Pereira will visit Tashkent.";
    assert_eq!(
        of_type(&g, text, "leader"),
        [
            pair("Ana Lucia Pereira", "Ana Lucia Pereira"),
            pair("Pereira", "Ana Lucia Pereira")
        ]
    );
    assert_eq!(of_type(&g, text, "place"), [pair("Tashkent", "Tashkent")]);
}

#[test]
fn the_town_is_read_when_no_person_has_its_name() {
    let g = gazetteer();
    assert_eq!(
        of_type(&g, "Exports from Pereira grew.", "place"),
        [pair("Pereira", "Pereira")]
    );
}

// See: fuzz_extract crash (a U+FFFD before "K…akhstan-Singapore"): the
// word before a hyphen was found by stepping one byte past a multi-byte
// character.
#[test]
fn a_hyphenated_name_after_a_multibyte_character_does_not_panic() {
    let g = gazetteer();
    assert!(entities(&g, "the «Trans-Georgia» pipeline.").is_empty());
    // The word before the hyphen is "akh", not capitalised: Georgia stands.
    assert_eq!(entities(&g, "at the K\u{fffd}akh-Georgia forum.").len(), 1);
    assert_eq!(entities(&g, "the «Chile-Brazil» talks.").len(), 2);
}

#[test]
fn direct_alias_search_picks_what_the_automaton_picks() {
    use crate::resolve::{automaton_matches, direct_matches};
    let owned: Vec<String> = [
        "Bank",
        "Bank of Asia",
        "of",
        "Asia",
        "AA",
        "AAA",
        "ana",
        "Anna",
        "nan",
        "Li",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    let texts = [
        "The Bank of Asia said the Bank will lend; Asia's AAAAA rating.",
        "Banana Anna ananas nanana Lim Li AAA AA A",
        "Bank of As Bank ofAsia Bank of Asia",
        "",
        "Ünal Bank — Asia’s Li",
    ];
    // Every subset of the patterns, in both orders, on every text.
    for mask in 0u32..(1 << owned.len()) {
        let mut patterns: Vec<&String> = owned
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, p)| p)
            .collect();
        for _ in 0..2 {
            for text in texts {
                assert_eq!(
                    direct_matches(text, &patterns),
                    automaton_matches(text, &patterns),
                    "{patterns:?} in {text:?}"
                );
            }
            patterns.reverse();
        }
    }
}

// --- the built-in gazetteer, built at compile time ---

/// The corpus articles and, joined in a few ways, the testkit's news
/// pieces: the texts the compile-time and run-time gazetteers must agree on.
fn agreement_texts() -> Vec<String> {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut texts: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 article"))
        .collect();
    assert!(!texts.is_empty(), "no corpus articles");
    let pieces = dealx_testkit::NEWS_PIECES;
    texts.push(pieces.concat());
    texts.push(pieces.join(" "));
    texts.push(pieces.join(". "));
    texts.push(pieces.iter().rev().copied().collect::<Vec<_>>().join(", "));
    texts.push(
        pieces
            .iter()
            .map(|p| p.to_uppercase())
            .collect::<Vec<_>>()
            .join(" "),
    );
    texts
}

/// The start filters' promise on the built-in gazetteer: wherever they
/// reject a word start, a plain walk of the trie finds no name and no
/// trigger there either.
#[test]
fn start_filters_never_reject_a_name_or_a_trigger() {
    let g = Gazetteer::builtin();
    let mut texts = agreement_texts();
    texts.push(
        "“Kazakhstan’s” KAZAKHSTAN Türkiye's «Almaty» São Paulo-based \
         Ürümqi—Astana; the fine china; (KTZ) Minister of Energy's JSC \
         Kazakhtelecom LLP 3M Co. Ltd. Österreich éAlmaty x’s"
            .to_string(),
    );
    // Names that open with a lower-case letter (the filter's table of
    // their own), from companies.tsv, and a lower-case title.
    let lower = "shares of ams AG, bpost SA/NV and dormakaba Holding rose; \
                 iA Financial and startup300 fell, the president said.";
    let lower_names: Vec<&str> = g.find_iter(lower).map(|m| &lower[m.span]).collect();
    assert_eq!(
        lower_names,
        [
            "ams AG",
            "bpost SA/NV",
            "dormakaba Holding",
            "iA Financial",
            "startup300"
        ]
    );
    texts.push(lower.to_string());
    let mut ends = Vec::new();
    let (mut names, mut triggers) = (0, 0);
    for text in &texts {
        for i in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            if !words::is_word_start(text, i) {
                continue;
            }
            let (word, b) = (trie::FirstWord::at(text, i), text.as_bytes()[i]);
            // Where the shared filter of both tries rejects, neither finds.
            if !g.inner.first_words.admits(b, word) {
                assert_eq!(g.name_at(text, i, &mut ends), None, "{:?}", &text[i..]);
                assert_eq!(g.rules().trigger_at(text, i, &mut ends), None);
            }
            if g.inner.names.opens(b) && g.inner.names.admits(word) {
                names += 1;
            } else {
                assert_eq!(g.name_at(text, i, &mut ends), None, "{:?}", &text[i..]);
            }
            let triggers_trie = g.rules().triggers();
            if triggers_trie.opens(b) && triggers_trie.admits(word) {
                triggers += 1;
            } else {
                assert_eq!(g.rules().trigger_at(text, i, &mut ends), None);
            }
        }
    }
    assert!(names > 100 && triggers > 10, "{names} {triggers}");
}

/// Sentences of my own with the casing, hyphens, apostrophes and
/// non-ASCII letters that the fast paths of `find` read byte by byte.
const TRICKY: &[&str] = &[
    "“Kazakhstan’s” KAZAKHSTAN Türkiye's «Almaty» São Paulo-based Ürümqi—Astana.",
    "the fine china; (KTZ) Minister of Energy's JSC Kazakhtelecom LLP 3M Co. Ltd.",
    "Österreich éAlmaty x’s Kazakhstani Kazakh-Chinese Kazakhstan-Korea talks.",
    "President Kassym-Jomart Tokayev met Prime Minister Olzhas Bektenov in Nur-Sultan.",
    "GEORGIA Technologies, Georgia Tech and Georgia’s O'Neill signed; georgia no.",
    "Shymkent\u{a0}Oil, ALMATY REGION, Almaty region and Almaty Region agree.",
    "Astana-Almaty-Tashkent rail; Uzbekistan's Navoi; Tashkent’s Chorsu",
    "Kazakhstan1 Kazakhstanés ÉKazakhstan Kazakhstan\u{301} Kazakhstan",
];

/// The word-start walk of `find` (`name_at_word`: a jump past the first
/// word) finds what the plain walk from the root (`name_at`) finds, at
/// every position `find` tries.
#[test]
fn word_walk_finds_what_the_plain_walk_finds() {
    let g = Gazetteer::builtin();
    let mut texts = agreement_texts();
    texts.extend(TRICKY.iter().map(|s| s.to_string()));
    texts.push(TRICKY.concat());
    texts.push(TRICKY.join(" ").to_uppercase());
    let mut ends = Vec::new();
    let mut found = 0;
    for text in &texts {
        let bytes = text.as_bytes();
        for (i, run_end) in trie::Words::new(text) {
            if !text.is_char_boundary(i) || !g.inner.names.opens(bytes[i]) {
                continue;
            }
            let word = trie::FirstWord::of_run(bytes, i, run_end);
            let plain = g.name_at(text, i, &mut ends);
            let fast = g.name_at_word(text, i, run_end, word, &mut ends);
            assert_eq!(fast, plain, "{:?}", &text[i..]);
            found += usize::from(plain.is_some());
        }
    }
    assert!(found > 300, "only {found} names");
}

#[test]
fn builtin_tables_are_the_frozen_runtime_build() {
    let tables = GazetteerBuilder::builtin().unwrap().compile().unwrap();
    let (bytes, text) = tables.freeze();
    // A stale or differently built OUT_DIR file fails here.
    assert!(
        bytes == BUILTIN_TABLES,
        "frozen tables differ from a run-time build"
    );
    assert!(
        text == BUILTIN_TEXT,
        "frozen entry text differs from a run-time build"
    );
}

#[test]
fn builtin_gazetteer_matches_what_a_runtime_build_matches() {
    let frozen = Gazetteer::builtin();
    let built = GazetteerBuilder::builtin().unwrap().build().unwrap();
    assert_eq!(frozen.len(), built.len());
    // The shared first-word filter's lower-case table is read off the
    // first-word table as `thaw` reads it, or as the build makes it: the
    // same bits either way.
    assert_eq!(frozen.inner.first_words, built.inner.first_words);
    for i in 0..built.len() {
        let id = EntryId::new(i);
        assert_eq!(frozen.entry(id), built.entry(id));
    }
    for text in agreement_texts() {
        let seg = segment(&text);
        let a: Vec<NameMatch> = frozen.find_iter(&text).collect();
        let b: Vec<NameMatch> = built.find_iter(&text).collect();
        assert_eq!(a, b);
        assert_eq!(frozen.find(&text, &seg), built.find(&text, &seg));
    }
}

#[test]
fn frozen_tables_thaw_to_the_same_tables() {
    let b = {
        let mut b = GazetteerBuilder::new();
        b.add_entries("test.tsv", &format!("{HEADER}{ROWS}"))
            .unwrap();
        b.add_demonyms(
            "demonyms.tsv",
            &format!("name\tcountry\tsource\n{DEMONYMS}"),
        )
        .unwrap();
        b
    };
    let (bytes, text) = b.compile().unwrap().freeze();
    let text: &'static str = text.leak();
    let thawed = Tables::thaw(&bytes, text);
    assert_eq!(thawed.freeze(), (bytes.clone(), text.to_string()));
    let (thawed, built) = (Gazetteer::from_tables(thawed), b.build().unwrap());
    let sample = "Chilean President Gabriel Boric met Moon Jae-in in São Paulo; \
                  BRAZIL and Korea's LG, the Republic of Uzbekistan and Georgia Tech.";
    assert_eq!(
        thawed.find(sample, &segment(sample)),
        built.find(sample, &segment(sample))
    );
    assert_eq!(names(&thawed, sample), names(&built, sample));
    assert!(names(&thawed, sample).len() >= 8);
}

#[test]
fn sentence_cursor_agrees_with_sentence_of() {
    let text = "One. Two words here. Three. ";
    let seg = segment(text);
    let mut cursor = SentenceCursor::new(&seg);
    let spans: Vec<Span> = (0..text.len())
        .flat_map(|s| (s..=text.len().min(s + 9)).map(move |e| Span::new(s, e)))
        .collect();
    for span in spans {
        assert_eq!(cursor.sentence_of(span), seg.sentence_of(span), "{span:?}");
    }
}

#[test]
fn ascii_class_is_what_the_char_predicates_say() {
    for b in 0u8..128 {
        let c = char::from(b);
        let class = if c.is_whitespace() {
            "space"
        } else if c.is_alphanumeric() {
            "word"
        } else {
            "mark"
        };
        let table = match words::ascii_class_name(b) {
            n @ ("space" | "word" | "mark") => n,
            other => panic!("{other}"),
        };
        assert_eq!(table, class, "byte {b}");
    }
}

#[test]
fn fast_is_alphanumeric_is_the_char_method() {
    for c in (0..=0x3000u32)
        .chain(0xFF00..=0x10000)
        .filter_map(char::from_u32)
    {
        assert_eq!(words::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
    }
}

#[test]
fn byte_class_tokens_are_the_plain_tokens() {
    let mut texts = agreement_texts();
    texts.extend(
        [
            "Kassym-Jomart Tokayev's U.S. visit; O'Neill’s firm, Smiths’ shares.",
            "JSC «Kazakhtelecom» (KTZ) — 3M Co.\tLtd.\u{a0}São Paulo-based Ürümqi\u{2003}x",
            "A.B.C. e.g. U.S.-Kazakh ties ‘quoted’ l’Oréal d'Ivoire 's 'sx x's",
            "\u{85}Naïve café—Öztürk\r\nAlmaty\x0bAstana\x0cend.",
            "",
            "...",
            "end-",
            "x'",
        ]
        .map(String::from),
    );
    let (mut fast, mut plain) = (Vec::new(), Vec::new());
    for text in &texts {
        let seg = segment(text);
        let mut ranges: Vec<Span> = seg.sentences.iter().map(|s| s.span).collect();
        ranges.push(Span::new(0, text.len()));
        for range in ranges {
            words::tokens_into(text, range, &mut fast);
            words::tokens_into_plain(text, range, &mut plain);
            assert_eq!(fast, plain, "{:?}", &text[range]);
        }
    }
}

#[test]
fn country_codes_read_as_their_bytes() {
    use std::borrow::Cow;
    let entry = |country| crate::builder::Entry {
        text: Cow::Borrowed("x:yX"),
        name_at: 3,
        attrs_at: 4,
        kind: dealx_core::EntityKind::Company,
        country,
    };
    for a in 0..=255u8 {
        for b in [b'A', b'Q', b'Z', b'a', b'0', b'@', b'[', 0x80] {
            let code = [a, b];
            let expected = std::str::from_utf8(&code).ok();
            assert_eq!(entry(Some(code)).country(), expected, "{code:?}");
            assert_eq!(
                entry(Some([b, a])).country(),
                std::str::from_utf8(&[b, a]).ok()
            );
        }
    }
    assert_eq!(entry(None).country(), None);
}

/// Long sentences of my own where the rules' walks run far from their
/// trigger words, both ways: appositives, "of" chains, legal forms after
/// long capitalised runs, commas and ampersands, known names inside.
const LONG_RULE_SENTENCES: &[&str] = &[
    "In a statement issued on Monday after a long meeting in the capital, Maria Elena Duarte Rocha, Brazil's Minister of Mines and Energy, said the Ministry of Energy of the Republic of Kazakhstan and Petrobras Trading & Shipping Holdings Company LLP would sign.",
    "Officials said that the agreement, which was drafted by the Asian Infrastructure Investment Bank and the Eurasian Development Bank of Central Asian States and Partners, would be signed by Deputy Prime Minister of Kazakhstan Serik Zhumangarin and Chairman of the Board of Directors of Samruk-Kazyna Almasadam Satkaliyev next week in Astana.",
    "The consortium of Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho Sigma Tau Upsilon Phi Chi Psi Omega Construction LLP and JSC Kazakh Invest National Company said on Tuesday, according to the Ministry of Foreign Affairs of Uzbekistan, that work would start.",
    "According to people familiar with the matter who asked not to be named, the National Bank of Kazakhstan, the Agency for Regulation and Development of the Financial Market, the Ministry of Finance, and the Development Bank of Kazakhstan will all take part, President Kassym-Jomart Tokayev said.",
    "long long long long long long long long long long long long long long words, then Minister Anna Karenina Oblonsky Levin, Chile's Minister, said, while A B C D E F G H I J K L Academy of Social Sciences of the Kyrgyz Republic and of the Caucasus , and Georgia, opened.",
    "Reporters were told on Monday that Chairman Abcdefghijklmnop Bcdefghijklmnopq Cdefghijklmnopqr Defghijklmnopqrs had resigned from the board.",
    "Reporters were told on Monday that JSC Abcdefghijklmnop Bcdefghijklmnopq Cdefghijklmnopqr Defghijklmnopqrs had signed the contract.",
    "Reporters were told on Monday that the Academy of Abcdefghijklmnop Bcdefghijklmnopq Cdefghijklmnopqr Defghijklmnopqrs had opened.",
    "Reporters were told on Monday that Abcdefghijklmnop Bcdefghijklmnopq Cdefghijklmnopqr Defghijklmnopqrs Efghijklmnopqrst Holding LLP had signed.",
    "After years of talks between the two sides and with several rounds of negotiations in Beijing, Astana and Tashkent, the Shanghai Academy of Social Sciences, Kazakhstan Temir Zholy (KTZ) and China Railway Construction Corporation Limited said in a joint statement issued late on Friday that they had agreed.",
];

/// The rules read from a window of the sentence find what they find in
/// the sentence's whole tokens ([`Rules::window_tokens`]), on every text
/// of the corpus and the news pieces, split into sentences and as one
/// long sentence, and on long sentences where the walks run far.
#[test]
fn rule_windows_find_what_whole_sentences_find() {
    let g = Gazetteer::builtin();
    let mut texts = agreement_texts();
    texts.extend(TRICKY.iter().map(|t| (*t).to_string()));
    texts.extend(LONG_RULE_SENTENCES.iter().map(|t| (*t).to_string()));
    texts.push(LONG_RULE_SENTENCES.join(" "));
    texts.push(LONG_RULE_SENTENCES.join("\n"));
    let (mut windowed, mut candidates) = (0, 0);
    let mut ends = Vec::new();
    for text in &texts {
        let known: Vec<(Span, dealx_core::EntityKind)> = g
            .find_iter(text)
            .map(|m| (m.span, g.entry(m.entry).kind))
            .collect();
        let mut triggers = Vec::new();
        let mut from = 0;
        for i in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            if i >= from && words::is_word_start(text, i) {
                if let Some(t) = g.rules().trigger_at(text, i, &mut ends) {
                    from = t.0.end();
                    triggers.push(t);
                }
            }
        }
        let whole = Segmentation {
            body: vec![Span::new(0, text.len())],
            sentences: vec![Sentence {
                span: Span::new(0, text.len()),
                index: SentenceIdx::new(0),
            }],
            articles: Vec::new(),
        };
        for segmentation in [segment(text), whole] {
            let fast = g
                .rules()
                .find_with(text, &segmentation, &triggers, &known, true);
            let plain = g
                .rules()
                .find_with(text, &segmentation, &triggers, &known, false);
            assert_eq!(fast, plain, "{text:?}");
            candidates += plain.len();
            // One trigger at a time, each alone in its sentence, so each
            // takes its window where it can.
            for trigger in &triggers {
                let one = std::slice::from_ref(trigger);
                assert_eq!(
                    g.rules().find_with(text, &segmentation, one, &known, true),
                    g.rules().find_with(text, &segmentation, one, &known, false),
                    "{:?} in {text:?}",
                    &text[trigger.0]
                );
            }
            let mut toks = Vec::new();
            for &(span, _) in &triggers {
                if let Some(s) = segmentation.sentence_of(span) {
                    let sentence = segmentation.sentences[s.get()].span;
                    windowed += usize::from(
                        crate::rules::Rules::window_tokens(text, sentence, span, &known, &mut toks)
                            .is_some(),
                    );
                }
            }
        }
    }
    // The windows were taken often, and the rules found names.
    assert!(windowed > 40 && candidates > 100, "{windowed} {candidates}");
}

/// "a Perinatal Center in Bishkek" describes a kind of place: after "a" or
/// "an", a capitalised run with an institution's head word is read as a
/// name only when a word other than a function word follows it, as when it
/// modifies a noun ("a Khorezm Research Center grant").
#[test]
fn an_institution_word_after_an_indefinite_article_is_no_name() {
    let g = gazetteer();
    for text in [
        "German partners built an Anti-TB Clinic and a Perinatal Center in Bishkek.",
        "The hospital is a Perinatal Center.",
        "The city will get a Logistics Center, officials said.",
    ] {
        assert!(
            of_type(&g, text, "organization").is_empty(),
            "{text} {:?}",
            entities(&g, text)
        );
    }
    for (text, name) in [
        (
            "Officials visited the Perinatal Center in Tashkent.",
            "Perinatal Center",
        ),
        (
            "Doctors at Tashkent Perinatal Center said so.",
            "Tashkent Perinatal Center",
        ),
        (
            "It won a Khorezm Research Center grant.",
            "Khorezm Research Center",
        ),
    ] {
        let found = of_type(&g, text, "organization");
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].0, name, "{text}");
    }
}
