//! Checks of the generated gazetteer files in `gazetteers/` as data: shape of every row,
//! ids unique across files, valid types and country codes, row counts as in
//! `MANIFEST.tsv`, and probes of names a Central Asia news gazetteer must hold. These
//! tests read the files from disk and do not depend on the matcher.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::PathBuf;

const ENTRY_FILES: [&str; 4] = [
    "places.tsv",
    "leaders.tsv",
    "companies.tsv",
    "organizations.tsv",
];
const HEADER: &str = "id\tname\taliases\ttype\tsubtype\tcountry\tattrs\tsource";

/// One parsed entry row.
struct Row {
    file: &'static str,
    id: String,
    name: String,
    aliases: Vec<String>,
    kind: String,
    subtype: String,
    country: String,
    attrs: HashMap<String, String>,
}

impl Row {
    fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

fn gaz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../gazetteers")
}

fn read(file: &str) -> String {
    fs::read_to_string(gaz_dir().join(file)).expect("gazetteer file is readable")
}

fn load() -> Vec<Row> {
    let mut rows = Vec::new();
    for file in ENTRY_FILES {
        let text = read(file);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(HEADER), "{file}: header");
        for (n, line) in lines.enumerate() {
            let c: Vec<&str> = line.split('\t').collect();
            assert_eq!(c.len(), 8, "{file}:{}: column count", n + 2);
            for cell in &c {
                assert_eq!(*cell, cell.trim(), "{file}:{}: padded cell", n + 2);
            }
            let aliases: Vec<String> = if c[2].is_empty() {
                Vec::new()
            } else {
                c[2].split('|').map(str::to_string).collect()
            };
            assert!(
                aliases.iter().all(|a| !a.trim().is_empty()),
                "{file}:{}: empty alias",
                n + 2
            );
            let attrs = c[6]
                .split(';')
                .filter(|kv| !kv.is_empty())
                .map(|kv| {
                    let (k, v) = kv.split_once('=').expect("attrs are key=value");
                    (k.to_string(), v.to_string())
                })
                .collect();
            rows.push(Row {
                file,
                id: c[0].to_string(),
                name: c[1].to_string(),
                aliases,
                kind: c[3].to_string(),
                subtype: c[4].to_string(),
                country: c[5].to_string(),
                attrs,
            });
            assert!(!c[7].is_empty(), "{file}:{}: empty source", n + 2);
        }
    }
    rows
}

fn countries(rows: &[Row]) -> HashSet<String> {
    rows.iter()
        .filter(|r| r.kind == "place" && r.subtype == "country")
        .map(|r| r.country.clone())
        .collect()
}

/// The first row (in load order) that holds `form` as its name or an alias.
fn find<'a>(rows: &'a [Row], form: &str) -> Option<&'a Row> {
    rows.iter().find(|r| r.forms().any(|f| f == form))
}

#[test]
fn rows_are_well_formed_and_ids_unique_across_files() {
    let rows = load();
    assert!(rows.len() > 50_000, "expected tens of thousands of rows");
    let codes = countries(&rows);
    assert!(codes.len() > 240);
    let mut seen = HashSet::new();
    for r in &rows {
        assert!(seen.insert(r.id.as_str()), "duplicate id {}", r.id);
        assert!(!r.name.is_empty(), "{}: empty name", r.id);
        let ok = match r.kind.as_str() {
            "place" => matches!(
                r.subtype.as_str(),
                "country" | "city" | "region" | "port" | "zone" | "other"
            ),
            "leader" | "company" | "organization" => r.subtype.is_empty(),
            _ => false,
        };
        assert!(
            ok,
            "{} ({}): bad type {}/{}",
            r.id, r.file, r.kind, r.subtype
        );
        assert!(
            r.country.is_empty() || codes.contains(&r.country),
            "{}: unknown country {}",
            r.id,
            r.country
        );
    }
}

#[test]
fn demonyms_point_at_countries_and_are_not_place_names() {
    let rows = load();
    let codes = countries(&rows);
    let text = read("demonyms.tsv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("name\tcountry\tsource"));
    let mut demonyms = HashMap::new();
    for line in lines {
        let c: Vec<&str> = line.split('\t').collect();
        assert_eq!(c.len(), 3, "demonyms.tsv: {line}");
        assert!(codes.contains(c[1]), "demonym {} -> {}", c[0], c[1]);
        demonyms.insert(c[0].to_string(), c[1].to_string());
    }
    for (d, cc) in [
        ("Kazakh", "KZ"),
        ("Kazakhstani", "KZ"),
        ("Uzbek", "UZ"),
        ("Kyrgyz", "KG"),
        ("Tajik", "TJ"),
        ("Turkmen", "TM"),
        ("Azeri", "AZ"),
        ("Emirati", "AE"),
        ("South Korean", "KR"),
    ] {
        assert_eq!(demonyms.get(d).map(String::as_str), Some(cc), "demonym {d}");
    }
    for r in rows
        .iter()
        .filter(|r| r.kind == "place" && r.subtype != "country")
    {
        for f in r.forms() {
            assert!(
                !demonyms.contains_key(f),
                "{}: place form {f} is a demonym",
                r.id
            );
        }
    }
}

#[test]
fn manifest_row_counts_match_the_files() {
    let manifest = read("MANIFEST.tsv");
    let mut files = 0;
    for line in manifest.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        assert_eq!(c.len(), 3);
        let rows = read(c[0]).lines().count() - 1;
        assert_eq!(rows.to_string(), c[1], "{} row count", c[0]);
        assert_eq!(c[2].len(), 64, "{} sha256", c[0]);
        files += 1;
    }
    assert_eq!(files, 5);
}

#[test]
fn probes_of_places() {
    let rows = load();
    for (form, id) in [
        ("Nur-Sultan", "place:city:KZ:astana"),
        ("Tselinograd", "place:city:KZ:astana"),
        ("Kazakhstan", "place:country:KZ"),
        ("Kyrgyz Republic", "place:country:KG"),
        ("Türkiye", "place:country:TR"),
        ("Turkey", "place:country:TR"),
    ] {
        assert_eq!(find(&rows, form).map(|r| r.id.as_str()), Some(id), "{form}");
    }
    for (form, subtype, cc) in [
        ("Alma-Ata", "city", "KZ"),
        ("Chimkent", "city", "KZ"),
        ("Samarkand", "city", "UZ"),
        ("Kokand", "city", "UZ"),
        ("Khujand", "city", "TJ"),
        ("Turkmenbashi", "city", "TM"),
        ("Oskemen", "city", "KZ"),
        ("Abai Region", "region", "KZ"),
        ("Abay Region", "region", "KZ"),
        ("Zhetysu Region", "region", "KZ"),
        ("Ulytau Region", "region", "KZ"),
        ("Mangistau Region", "region", "KZ"),
        ("Karaganda Region", "region", "KZ"),
        ("Navoi Region", "region", "UZ"),
        ("Fergana Region", "region", "UZ"),
        ("Port of Kuryk", "port", "KZ"),
        ("Khorgos Gateway", "port", "KZ"),
        ("Port of Poti", "port", "GE"),
        ("Navoi FEZ", "zone", "UZ"),
        ("AIFC", "zone", "KZ"),
        ("Caspian Sea", "other", ""),
        ("Middle Corridor", "other", ""),
        ("INSTC", "other", ""),
        ("Central Asia", "region", ""),
        ("South Caucasus", "region", ""),
    ] {
        let r = find(&rows, form).unwrap_or_else(|| panic!("{form} missing"));
        assert_eq!(
            (r.kind.as_str(), r.subtype.as_str()),
            ("place", subtype),
            "{form}"
        );
        assert_eq!(r.country, cc, "{form}");
    }
    // the bare name of a region's capital is the city, "<X> Region" the region
    let kyzylorda = find(&rows, "Kyzylorda").expect("Kyzylorda");
    assert_eq!(kyzylorda.subtype, "city");
    // a city named like an English word is marked, a small one is dropped
    let mary = find(&rows, "Mary").expect("Mary, Turkmenistan");
    assert_eq!(mary.country, "TM");
    assert_eq!(mary.attrs.get("ambiguous").map(String::as_str), Some("1"));
    let nice = find(&rows, "Nice").expect("Nice, France");
    assert_eq!(nice.attrs.get("ambiguous").map(String::as_str), Some("1"));
    assert!(find(&rows, "Kazakh").is_none(), "a demonym, not a place");
    // the European Union is an organization, not a country
    assert_eq!(
        find(&rows, "European Union").map(|r| r.kind.as_str()),
        Some("organization")
    );
}

#[test]
fn probes_of_leaders_companies_and_organizations() {
    let rows = load();
    for (form, kind, cc) in [
        ("Kassym-Jomart Tokayev", "leader", "KZ"),
        ("Kasym-Zhomart Tokayev", "leader", "KZ"),
        ("Shavkat Mirziyoev", "leader", "UZ"),
        ("Xi Jinping", "leader", "CN"),
        ("Yoon Suk-yeol", "leader", "KR"),
        ("Vladimir Putin", "leader", "RU"),
        ("Recep Tayyip Erdoğan", "leader", "TR"),
        ("KTZ", "company", "KZ"),
        ("KMG", "company", "KZ"),
        ("Samruk-Kazyna", "company", "KZ"),
        ("Kazatomprom", "company", "KZ"),
        ("NMMC", "company", "UZ"),
        ("TALCO", "company", "TJ"),
        ("SOCAR", "company", "AZ"),
        ("CNPC", "company", "CN"),
        ("Doosan Enerbility", "company", "KR"),
        ("Apple", "company", "US"),
        ("EBRD", "organization", ""),
        ("AIIB", "organization", ""),
        ("Eurasian Development Bank", "organization", ""),
        ("USDFC", "organization", "US"),
        ("KIGAM", "organization", "KR"),
    ] {
        let r = find(&rows, form).unwrap_or_else(|| panic!("{form} missing"));
        assert_eq!((r.kind.as_str(), r.country.as_str()), (kind, cc), "{form}");
    }
    // surnames are for in-document resolution, never plain aliases
    let tokayev = find(&rows, "Kassym-Jomart Tokayev").expect("Tokayev");
    let surnames = tokayev.attrs.get("surname").expect("surname attr");
    assert!(surnames.split(',').any(|s| s == "Tokayev"));
    assert!(surnames.split(',').any(|s| s == "Tokaev"));
    assert!(find(&rows, "Tokayev").is_none());
    assert_eq!(tokayev.attrs.get("current").map(String::as_str), Some("1"));
    // a listed company whose short name is an ordinary word keeps it only when a mega cap,
    // and is then marked
    let apple = find(&rows, "Apple").expect("Apple Inc.");
    assert_eq!(apple.attrs.get("ambiguous").map(String::as_str), Some("1"));
    assert!(find(&rows, "Target Corporation").is_some());
    assert!(find(&rows, "Target").is_none());
    assert!(find(&rows, "News").is_none());
}
